//! Docs generated from OpenAPI models (BK-CI's): the response section is a table of HTTP
//! codes whose type is a model (`| default | [Result«BuildId»](#Result«BuildId») |`), and a
//! `### 相关模型数据` (related models) section holds one table per model, whose type cells
//! name other models (`| data | [BuildId](#BuildId) |`, `List<Pipeline>`).
//!
//! They are turned into the tables the rest of inference knows: the answer's model is the
//! response's main table, and each field whose type is a model gets a nested table named by
//! its path, recursively (a model met again on the way is not expanded again).

use crate::infer::sections::{
    column_of, field_column, SectionTable, Sections, MAX_DOC_ROWS, MAX_TABLES,
};
use crate::ir::Side;
use crate::markdown::Row;

/// A model's table, named by its heading.
#[derive(Debug, Clone)]
pub struct Model {
    /// The heading's text (`Result«BuildId»`).
    pub name: String,
    /// The table's header.
    pub header: Row,
    /// Its rows.
    pub rows: Vec<Row>,
    /// Line of its heading.
    pub line: usize,
    /// The side of the section before the models section.
    pub side: Side,
}

/// Nested models deeper than this are left as objects no table describes.
const MAX_DEPTH: usize = 8;

/// Replaces the HTTP-code table of the response with the tables of the model it names, and
/// gives every field whose type is a model (in any table) a nested table of its own.
pub fn expand(s: &mut Sections) {
    if s.models.is_empty() {
        return;
    }
    // A "models" heading in a doc no table of which names a model: its tables are ordinary
    // nested tables, named by their headings.
    let names_a_model = |t: &SectionTable| {
        let column = type_column(&t.header);
        (is_status_table(t) && answer(&s.models, t).is_some())
            || t.rows.iter().any(|r| {
                r.cells
                    .get(column)
                    .is_some_and(|c| model_named(&s.models, c).is_some())
            })
    };
    if !s.tables.iter().any(names_a_model) {
        for m in std::mem::take(&mut s.models) {
            s.tables.push(SectionTable {
                side: m.side,
                word: crate::vocab::section_word(&m.name),
                name: Some(m.name),
                heading_line: m.line,
                header: m.header,
                rows: m.rows,
                open: false,
                alternative: false,
                query: false,
                envelope: false,
            });
        }
        return;
    }
    let mut tables = Vec::new();
    for t in std::mem::take(&mut s.tables) {
        let table = match is_status_table(&t) {
            true => match answer(&s.models, &t) {
                // The answer's model is the envelope (`{status, message, data}`).
                Some(m) => SectionTable {
                    side: Side::Response,
                    name: None,
                    heading_line: m.line,
                    header: m.header.clone(),
                    rows: m.rows.clone(),
                    open: false,
                    word: None,
                    alternative: false,
                    query: false,
                    envelope: true,
                },
                None => continue,
            },
            false => t,
        };
        push(&s.models, table, &mut Vec::new(), &mut tables, 0);
    }
    s.tables = tables;
}

/// The model a table of HTTP codes gives for success (`default`, `200`).
fn answer<'m>(models: &'m [Model], status: &SectionTable) -> Option<&'m Model> {
    let column = type_column(&status.header);
    status
        .rows
        .iter()
        .filter(|r| r.cells.first().is_some_and(|c| is_success_code(c)))
        .find_map(|r| model_named(models, r.cells.get(column)?).map(|(m, _)| m))
}

/// Pushes `table`, its model-typed fields made objects or lists, and then a nested table for
/// each of them, named by its path.
fn push(
    models: &[Model],
    mut table: SectionTable,
    seen: &mut Vec<String>,
    out: &mut Vec<SectionTable>,
    depth: usize,
) {
    let column = type_column(&table.header);
    let names = field_column(&table.header);
    let mut nested = Vec::new();
    for row in &mut table.rows {
        let Some(cell) = row.cells.get_mut(column) else {
            continue;
        };
        let Some((inner, list)) = model_named(models, cell) else {
            continue;
        };
        // The type word inference knows; the nested table says the rest.
        *cell = if list { "array" } else { "object" }.to_string();
        let field = row.cells.get(names).cloned().unwrap_or_default();
        if depth < MAX_DEPTH && !seen.contains(&inner.name) && !field.is_empty() {
            nested.push((field, inner));
        }
    }
    let (side, path) = (table.side, table.name.clone());
    out.push(table);
    for (field, inner) in nested {
        // Models naming models many times over would copy tables without end: the doc's
        // limits hold for the expanded tables too.
        let rows: usize = out.iter().map(|t| t.rows.len()).sum();
        if out.len() >= MAX_TABLES || rows + inner.rows.len() > MAX_DOC_ROWS {
            return;
        }
        let name = match &path {
            Some(p) => format!("{p}.{field}"),
            None => field,
        };
        let child = SectionTable {
            side,
            name: Some(name),
            heading_line: inner.line,
            header: inner.header.clone(),
            rows: inner.rows.clone(),
            open: false,
            word: None,
            alternative: false,
            query: false,
            envelope: false,
        };
        seen.push(inner.name.clone());
        push(models, child, seen, out, depth + 1);
        seen.pop();
    }
}

/// A table of HTTP codes: its first column is headed like one.
fn is_status_table(t: &SectionTable) -> bool {
    t.side == Side::Response
        && t.header.cells.first().is_some_and(|h| {
            let h = h.to_lowercase();
            [
                "http代码",
                "http code",
                "http状态码",
                "http status",
                "状态码",
                "status code",
            ]
            .iter()
            .any(|w| h.contains(w))
        })
}

fn is_success_code(cell: &str) -> bool {
    let c = cell.trim().to_lowercase();
    c == "default" || c.starts_with('2')
}

/// The column of type words: headed like one, else the second.
fn type_column(header: &Row) -> usize {
    column_of(header, crate::vocab::Column::Type).unwrap_or(1)
}

/// The model a type cell names, and whether as a list of it (`List<X>`, `array<X>`, `X[]`).
fn model_named<'m>(models: &'m [Model], cell: &str) -> Option<(&'m Model, bool)> {
    let cell = cell.trim();
    // ASCII lower case keeps byte offsets.
    let lower = cell.to_ascii_lowercase();
    let mut list = false;
    let mut inner = cell;
    for prefix in ["list<", "array<", "list«", "array«", "list[", "array["] {
        if lower.starts_with(prefix) {
            inner = cell[prefix.len()..]
                .trim_end_matches(['>', '»', ']'])
                .trim();
            list = true;
        }
    }
    if let Some(stripped) = inner.strip_suffix("[]") {
        inner = stripped.trim();
        list = true;
    }
    models.iter().find(|m| m.name == inner).map(|m| (m, list))
}
