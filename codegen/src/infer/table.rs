//! A parameter table → rows of (name, type word, required, description), with diagnostics.

use crate::diag::{Code, DocDiag, Loc};
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
    let columns: Vec<Column> = table
        .header
        .cells
        .iter()
        .map(|c| vocab::column(c))
        .collect();
    let find = |want: Column| columns.iter().position(|c| *c == want);
    let Some(field_col) = find(Column::Field).or_else(|| {
        // A table whose first header is unknown but has a Type column still lists fields first.
        find(Column::Type).map(|_| 0)
    }) else {
        diag.warn(
            Code::NoFieldColumn,
            Loc::line(table.header.line)
                .mark(table.header.cells.first().cloned().unwrap_or_default()),
            format!(
                "table has no Field column (header: {}); its rows are ignored",
                shorten(&table.header.cells.join(" | "))
            ),
            Some("name the first column `Field` (or 字段) so its rows are read as fields"),
        );
        return Vec::new();
    };
    let type_col = find(Column::Type);
    let required_col = find(Column::Required);
    let desc_col = find(Column::Description);
    if table.rows.is_empty() {
        diag.warn(
            Code::EmptyTable,
            table.header.line,
            "table has a header but no rows: it documents no field",
            Some("add a row per field under the `|---|` line, or remove the table"),
        );
    } else if type_col.is_none() {
        diag.warn(
            Code::NoTypeColumn,
            table.header.line,
            format!(
                "table has no Type column (header: {}); its fields take any JSON value",
                shorten(&table.header.cells.join(" | "))
            ),
            Some("add a `Type` column (int, string, bool, object, array ...)"),
        );
    }
    // Cells a row must have for its field to be read well: the name, type and Required ones.
    let needed = [Some(field_col), type_col, required_col]
        .into_iter()
        .flatten()
        .max()
        .map_or(1, |i| i + 1);
    let header_cells = table.header.written.max(table.header.cells.len());

    let mut out: Vec<RowField> = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.cells.get(i))
                .map(String::as_str)
                .unwrap_or("")
        };
        let name = clean_name(cell(Some(field_col)));
        if name.is_empty() {
            continue;
        }
        // For messages.
        let shown = shorten(&name);
        if row.written < needed {
            diag.warn(
                Code::ShortRow,
                row.line,
                format!("row for `{shown}` has {} cell(s), the header has {header_cells}; the missing cells are taken as empty", row.written),
                Some("give every row one cell per header column (an empty cell is `| |`)"),
            );
        } else if row.written > header_cells {
            // A `|` typed in the last column (the description) splits it: keep the rest.
            let kept = desc_col.is_some_and(|d| d + 1 == header_cells) && !row.extra.is_empty();
            diag.warn(
                Code::ExtraCells,
                Loc::line(row.line).mark(row.extra.first().cloned().unwrap_or_default()),
                format!(
                    "row for `{shown}` has {} cells, the header has {header_cells}; the cells beyond the header's are {}",
                    row.written,
                    if kept { "added to the description" } else { "dropped" }
                ),
                Some("write a `|` inside a cell as `\\|`, or add the missing header column"),
            );
        }
        let type_text = cell(type_col);
        let ty = match type_col {
            None => TypeWord::Any,
            Some(_) => vocab::type_word(type_text).unwrap_or_else(|| {
                diag.warn(
                    Code::UnknownType,
                    Loc::line(row.line).mark(type_text),
                    format!("unknown type word `{}` for field `{shown}`; using any JSON value", shorten(type_text)),
                    Some("write one of: int, long, float, string, bool, object, array, array[int], string map ..."),
                );
                TypeWord::Any
            }),
        };
        let mut description = cell(desc_col).to_string();
        if desc_col.is_some_and(|d| d + 1 == header_cells) && row.written > header_cells {
            for extra in row.extra.iter().filter(|e| !e.is_empty()) {
                description.push_str(" | ");
                description.push_str(extra);
            }
        }
        let required = match required_col.map(|_| vocab::required(cell(required_col))) {
            None | Some(Required::No) => false,
            Some(Required::Yes) => true,
            Some(Required::Unclear) => {
                let text = cell(required_col);
                if !text.is_empty() {
                    diag.warn(
                        Code::UnclearRequired,
                        Loc::line(row.line).mark(text),
                        format!("Required cell `{}` of `{shown}` is not yes or no; taking it as optional", shorten(text)),
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
                Loc::line(row.line).mark(name.as_str()),
                format!("field `{shown}` is listed twice in this table; keeping the first"),
                Some("remove the repeated row"),
            );
            continue;
        }
        out.push(RowField {
            name,
            ty,
            required,
            description,
            line: row.line,
        });
    }
    out
}

/// A cell's text for a message: at most 60 characters.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Field cells sometimes carry markup leftovers or a trailing `*`, tree lines for nesting
/// (`└ start`, `├─ limit`), or a note after the name (`bk_host_id (required)`,
/// `name 名称`): the name is the first word when it is one.
fn clean_name(cell: &str) -> String {
    let name = cell
        .trim()
        .trim_start_matches(|c: char| "└├┌│─┗┣━|+>".contains(c) || c.is_whitespace())
        .trim_matches(|c: char| c == '*' || c == '`' || c == '"' || c.is_whitespace());
    let Some((first, rest)) = name.split_once(char::is_whitespace) else {
        return name.to_string();
    };
    let ident =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-' | '$');
    let rest = rest.trim_start();
    let note =
        rest.starts_with(['(', '（', '[']) || rest.chars().next().is_some_and(|c| !c.is_ascii());
    match first.chars().all(ident) && first.chars().any(|c| c.is_ascii_alphabetic()) && note {
        true => first.trim_matches('`').to_string(),
        false => name.to_string(),
    }
}
