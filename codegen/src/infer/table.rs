//! A parameter table → rows of (name, type word, required, description), with diagnostics.

use crate::diag::{Code, DocDiag};
use crate::infer::sections::SectionTable;
use crate::vocab::{self, Column, Required, TypeWord};

/// One documented field, as its table row says.
#[derive(Debug, Clone)]
pub struct RowField {
    /// Wire name (may be a dotted path in some docs).
    pub name: String,
    /// Normalised type word.
    pub ty: TypeWord,
    /// Whether it is required.
    pub required: bool,
    /// Description, with an unclear Required cell's prose appended.
    pub description: String,
    /// Line of the row.
    pub line: usize,
}

/// Reads a table's rows. Rows without a usable name are skipped with a warning.
pub fn fields(table: &SectionTable, diag: &mut DocDiag<'_>) -> Vec<RowField> {
    let columns: Vec<Column> = table.header.cells.iter().map(|c| vocab::column(c)).collect();
    let find = |want: Column| columns.iter().position(|c| *c == want);
    let Some(field_col) = find(Column::Field).or_else(|| {
        // A table whose first header is unknown but has a Type column still lists fields first.
        find(Column::Type).map(|_| 0)
    }) else {
        diag.warn(
            Code::NoFieldColumn,
            table.header.line,
            format!("table has no Field column (header: {})", table.header.cells.join(" | ")),
            Some("name the first column `Field` (or 字段) so its rows are read as fields"),
        );
        return Vec::new();
    };
    let type_col = find(Column::Type);
    let required_col = find(Column::Required);
    let desc_col = find(Column::Description);

    let mut out: Vec<RowField> = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).map(String::as_str).unwrap_or("");
        let name = clean_name(cell(Some(field_col)));
        if name.is_empty() {
            continue;
        }
        if row.cells.iter().filter(|c| !c.is_empty()).count() < 2 && columns.len() > 2 {
            diag.warn(
                Code::ShortRow,
                row.line,
                format!("row for `{name}` has fewer cells than the header"),
                Some("give every row one cell per header column"),
            );
        }
        let type_text = cell(type_col);
        let ty = match type_col {
            None => TypeWord::Any,
            Some(_) => vocab::type_word(type_text).unwrap_or_else(|| {
                diag.warn(
                    Code::UnknownType,
                    row.line,
                    format!("unknown type word `{type_text}` for field `{name}`; using any JSON value"),
                    Some("write one of: int, long, float, string, bool, object, array, array[int], string map ..."),
                );
                TypeWord::Any
            }),
        };
        let mut description = cell(desc_col).to_string();
        let required = match required_col.map(|_| vocab::required(cell(required_col))) {
            None | Some(Required::No) => false,
            Some(Required::Yes) => true,
            Some(Required::Unclear) => {
                let text = cell(required_col);
                if !text.is_empty() {
                    diag.warn(
                        Code::UnclearRequired,
                        row.line,
                        format!("Required cell `{text}` of `{name}` is not yes or no; taking it as optional"),
                        Some("write yes or no, and put conditions in the description"),
                    );
                    if !description.is_empty() {
                        description.push(' ');
                    }
                    description.push_str(&format!("(Required: {text})"));
                }
                false
            }
        };
        if out.iter().any(|f| f.name == name) {
            diag.warn(
                Code::DuplicateField,
                row.line,
                format!("field `{name}` is listed twice in this table; keeping the first"),
                Some("remove the repeated row"),
            );
            continue;
        }
        out.push(RowField { name, ty, required, description, line: row.line });
    }
    out
}

/// Field cells sometimes carry markup leftovers or a trailing `*`.
fn clean_name(cell: &str) -> String {
    cell.trim().trim_matches(|c: char| c == '*' || c == '`' || c == '"' || c.is_whitespace()).to_string()
}
