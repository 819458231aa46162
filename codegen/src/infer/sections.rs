//! Assigns every block of a doc to the section it belongs to, by heading roles.
//!
//! Heading levels are unreliable, so sections are decided by what each heading says
//! (see [`crate::vocab::heading_role`]), and an ambiguous heading by the side it stands in.

use crate::diag::{Code, DocDiag, Loc};
use crate::ir::Side;
use crate::markdown::{self, Block, Document, Row};
use crate::vocab::{self, HeadingRole};

/// At most this many parameter tables are read from one doc (real docs have under 20); the
/// rest are ignored with a [`Code::TooManyTables`] warning, so that a runaway doc cannot cost
/// minutes of linking nested tables.
pub const MAX_TABLES: usize = 100;

/// At most this many rows are read from one table (real tables have under 50).
pub const MAX_ROWS: usize = 500;

/// At most this many columns are read from one table (real tables have 3 to 6).
pub const MAX_COLUMNS: usize = 32;

/// At most this many rows are read from all the tables of one doc (real docs have at most
/// about 100): the cost of linking nested tables grows with the square of the objects.
pub const MAX_DOC_ROWS: usize = 1000;

/// A table with what its place in the doc says about it.
#[derive(Debug, Clone)]
pub struct SectionTable {
    /// Request or response side.
    pub side: Side,
    /// The field path its heading names (`data.info`), or `None` for a section's main table.
    pub name: Option<String>,
    /// Line of that heading.
    pub heading_line: usize,
    /// Header row.
    pub header: Row,
    /// Body rows.
    pub rows: Vec<Row>,
    /// A note near the table says the object accepts fields no table lists.
    pub open: bool,
    /// The heading is a section word (`### fields`): the table documents the field of that
    /// name if a table above lists one, else it is a section's main table.
    pub word: Option<String>,
    /// The heading qualifies its field (`data.info (target is host)`): one of several tables
    /// for alternatives of one object, which may share fields.
    pub alternative: bool,
    /// The table is under a query-string heading (`#### Query参数`).
    pub query: bool,
    /// The table is the envelope's whatever its rows (a model's `{status, message, data}`).
    pub envelope: bool,
}

impl SectionTable {
    /// The column of field names: the one headed like Field, else the first.
    pub fn field_column(&self) -> usize {
        field_column(&self.header)
    }

    /// Whether a row names the field `name`.
    pub fn lists(&self, name: &str) -> bool {
        let column = self.field_column();
        self.rows.iter().any(|r| {
            r.cells
                .get(column)
                .is_some_and(|c| c.trim().trim_matches('`').trim() == name)
        })
    }
}

/// The field names of a table's rows, each in backticks, for messages.
pub fn quoted_names(header: &Row, rows: &[Row]) -> Vec<String> {
    let column = field_column(header);
    rows.iter()
        .filter_map(|r| r.cells.get(column))
        .map(|c| format!("`{c}`"))
        .collect()
}

/// The column of field names: the one headed like Field, else the first.
pub(super) fn field_column(header: &Row) -> usize {
    column_of(header, vocab::Column::Field).unwrap_or(0)
}

/// The column headed like `kind`, if any.
pub(super) fn column_of(header: &Row, kind: vocab::Column) -> Option<usize> {
    header.cells.iter().position(|c| vocab::column(c) == kind)
}

/// A fenced example with its side.
#[derive(Debug, Clone)]
pub struct RawExample {
    /// Request or response.
    pub side: Side,
    /// The fence's info string.
    pub info: String,
    /// The fence's content.
    pub text: String,
    /// Line of the first content line.
    pub line: usize,
    /// Line of the opening fence.
    pub fence: usize,
    /// Content lines that do not start their doc line, and how far right they are (see
    /// [`Block::Code`]).
    pub shifts: Vec<(usize, isize)>,
}

/// A doc cut into what each part says.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    /// The method word and its line.
    pub method: Option<(String, usize)>,
    /// The address text and its line.
    pub address: Option<(String, usize)>,
    /// The line of the method section's heading, when there is one (even an empty one).
    pub method_heading: Option<usize>,
    /// The line of the address section's heading, when there is one (even an empty one).
    pub address_heading: Option<usize>,
    /// Paragraphs of the function description.
    pub description: Vec<String>,
    /// Parameter tables on either side, in doc order (credential tables excluded).
    pub tables: Vec<SectionTable>,
    /// Examples in doc order.
    pub examples: Vec<RawExample>,
    /// Model tables (`### 相关模型数据`), which `models::expand` turns into tables.
    pub models: Vec<super::models::Model>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Front,
    Headers,
    /// The models section, entered at this heading level.
    Models(u8),
    Method,
    Address,
    Common,
    Description,
    Params(Side),
    Example(Side),
}

/// Walks the blocks once. Code fences that run into the next section are ended before it,
/// and tables beyond the limits are cut, each with a warning.
pub fn split(doc: &Document, diag: &mut DocDiag<'_>) -> Sections {
    let blocks = close_fences(&doc.blocks, diag);
    let mut s = Sections::default();
    let mut part = Part::Front;
    let mut name: Option<String> = None;
    // More fields the same heading names: the table documents each.
    let mut more: Vec<String> = Vec::new();
    let mut word: Option<String> = None;
    let mut alternative = false;
    let mut heading_line = 0;
    let mut too_many = false;
    let mut rows_read = 0;
    // The section is the query string's (`#### Query参数`).
    let mut query = false;
    // The level of the first method or address heading: another API's are no deeper.
    let mut route_level: Option<u8> = None;
    // The model whose table comes next, and the level of model headings.
    let mut model: Option<(String, usize)> = None;
    let mut model_level: Option<u8> = None;
    let mut models_side = Side::Response;
    for block in &blocks {
        match block {
            // In the models section, a heading names a model; a deeper one describes it.
            Block::Heading { text, line, level } if matches!(part, Part::Models(l) if *level > l) =>
            {
                let first = model_level.get_or_insert(*level);
                if *level <= *first {
                    model = Some((text.trim().to_string(), *line));
                }
            }
            Block::Heading { text, line, level } => {
                heading_line = *line;
                query = false;
                model = None;
                name = None;
                more.clear();
                word = None;
                alternative = false;
                let weak = vocab::weak_heading(text);
                // `#### params` (or `params 说明`) after a table of this side listing `params`:
                // that field's table, not a section.
                let listed = match part {
                    Part::Params(side) => vocab::suffixed_section_word(text)
                        .filter(|w| s.tables.iter().any(|t| t.side == side && t.lists(w))),
                    _ => None,
                };
                let role = match vocab::heading_role(text) {
                    _ if listed.is_some() => HeadingRole::Other,
                    // `Owner description (owner)`, `Explanation of data Parameters` in a
                    // parameters section: a nested table (or, naming no field, its main one).
                    HeadingRole::Description
                    | HeadingRole::RequestParams
                    | HeadingRole::ResponseParams
                        if weak.is_some() && matches!(part, Part::Params(_)) =>
                    {
                        HeadingRole::Other
                    }
                    role => role,
                };
                // A second method or address section after a whole API (method, address and
                // tables): the page documents another API, which is not mixed into this one.
                let again = match role {
                    HeadingRole::Method => s.method_heading.is_some(),
                    HeadingRole::Address => s.address_heading.is_some(),
                    _ => false,
                };
                // A callback's method and address, under a heading of their own, are deeper.
                let top = route_level.is_none_or(|l| *level <= l);
                if matches!(role, HeadingRole::Method | HeadingRole::Address) {
                    route_level.get_or_insert(*level);
                }
                if again && top && s.method.is_some() && s.address.is_some() && !s.tables.is_empty()
                {
                    diag.warn(
                        Code::SecondApi,
                        *line,
                        "the doc documents another API from here on; only the first is generated",
                        Some("give each API a doc of its own"),
                    );
                    break;
                }
                part = match role {
                    HeadingRole::Method => {
                        s.method_heading.get_or_insert(*line);
                        Part::Method
                    }
                    HeadingRole::Address => {
                        s.address_heading.get_or_insert(*line);
                        Part::Address
                    }
                    HeadingRole::CommonArgs => Part::Common,
                    HeadingRole::Description => Part::Description,
                    HeadingRole::RequestParams => Part::Params(Side::Request),
                    HeadingRole::HeaderParams => Part::Headers,
                    HeadingRole::Models => {
                        model_level = None;
                        models_side = side_of(part);
                        Part::Models(*level)
                    }
                    HeadingRole::QueryParams => {
                        query = true;
                        Part::Params(Side::Request)
                    }
                    HeadingRole::ResponseParams => Part::Params(Side::Response),
                    HeadingRole::RequestExample => Part::Example(Side::Request),
                    HeadingRole::ResponseExample => Part::Example(Side::Response),
                    HeadingRole::Example => Part::Example(side_of(part)),
                    // A title under the description (`### 资源描述` then `#### 启动构建`):
                    // part of the description, when it names no field.
                    HeadingRole::Other
                        if part == Part::Description
                            && weak.is_none()
                            && vocab::nested_headings(text).is_empty()
                            && vocab::section_word(text).is_none() =>
                    {
                        s.description.push(text.clone());
                        Part::Description
                    }
                    HeadingRole::Other => {
                        more = vocab::nested_headings(text);
                        name = (!more.is_empty()).then(|| more.remove(0));
                        word = listed.or_else(|| vocab::section_word(text)).or(weak);
                        alternative = name.is_some()
                            && (text.contains(" -") || text.trim_end().ends_with([')', '）']));
                        Part::Params(side_of(part))
                    }
                };
            }
            // `- data Field Explanation` written as a list item, or `**condition**` as a bold
            // line, instead of a heading.
            Block::Paragraph { text, line, bold }
                if matches!(part, Part::Params(_))
                    && (text.contains(' ') || *bold)
                    && vocab::nested_heading(text).is_some() =>
            {
                name = vocab::nested_heading(text);
                more.clear();
                word = None;
                heading_line = *line;
            }
            Block::Paragraph { text, line, .. } => match part {
                Part::Method if s.method.is_none() => s.method = Some((text.clone(), *line)),
                // Later paragraphs of the method section may name another method.
                Part::Method => {
                    if let Some((method, _)) = &mut s.method {
                        method.push('\n');
                        method.push_str(text);
                    }
                }
                Part::Address if s.address.is_none() => s.address = Some((text.clone(), *line)),
                Part::Description | Part::Front if !text.contains("common_args_desc") => {
                    s.description.push(text.clone())
                }
                Part::Params(_) | Part::Example(_) if vocab::says_open(text) => {
                    if let Some(t) = s.tables.last_mut() {
                        t.open = true;
                    }
                }
                _ => {}
            },
            Block::Code {
                info,
                text,
                line,
                fence,
                shifts,
                ..
            } => match part {
                Part::Method if s.method.is_none() && !text.trim().is_empty() => {
                    s.method = Some((text.trim().to_string(), *line))
                }
                Part::Address if s.address.is_none() && !text.trim().is_empty() => {
                    s.address = Some((text.trim().to_string(), *line))
                }
                Part::Example(side) => s.examples.push(RawExample {
                    side,
                    info: info.clone(),
                    text: text.clone(),
                    line: *line,
                    fence: *fence,
                    shifts: shifts.clone(),
                }),
                _ => {}
            },
            Block::Table { header, rows } => {
                // A table under "General parameters" is skipped only when it really lists the
                // credentials; some docs put the API's own parameters there.
                let side = match part {
                    Part::Example(side) | Part::Params(side) => side,
                    _ => Side::Request,
                };
                if is_credentials(header, rows, part == Part::Common) {
                    continue;
                }
                if let Part::Models(_) = part {
                    if let Some((name, line)) = model.take() {
                        s.models.push(super::models::Model {
                            name,
                            header: header.clone(),
                            rows: rows.clone(),
                            line,
                            side: models_side,
                        });
                    }
                    continue;
                }
                if part == Part::Headers {
                    let names = quoted_names(header, rows);
                    diag.warn(
                        Code::HeaderParams,
                        header.line,
                        match names.len() {
                            1 => format!(
                                "{} is an HTTP header, not a request field; it is not generated",
                                names[0]
                            ),
                            _ => format!(
                                "{} are HTTP headers, not request fields; they are not generated",
                                names.join(", ")
                            ),
                        },
                        Some("send headers with ClientBuilder::header or CallOptions::header"),
                    );
                    continue;
                }
                let left = MAX_DOC_ROWS - rows_read;
                if s.tables.len() == MAX_TABLES || left == 0 || rows.len().min(MAX_ROWS) > left {
                    if !too_many {
                        too_many = true;
                        let (line, what) = match s.tables.len() == MAX_TABLES || left == 0 {
                            true => (
                                header.line,
                                "this table and those after it are ignored".to_string(),
                            ),
                            false => (
                                rows[left].line,
                                "this row and those after it are ignored".to_string(),
                            ),
                        };
                        diag.warn(
                            Code::TooManyTables,
                            line,
                            format!("the doc has more than {MAX_TABLES} parameter tables or {MAX_DOC_ROWS} rows in all; {what}"),
                            Some("split the doc: one API per doc"),
                        );
                    }
                    if s.tables.len() == MAX_TABLES || left == 0 {
                        continue;
                    }
                }
                let (header, mut rows) = limit_table(header, rows, diag);
                rows.truncate(left);
                rows_read += rows.len();
                let table = SectionTable {
                    side,
                    name: name.clone(),
                    heading_line,
                    header,
                    rows,
                    open: false,
                    word: word.clone(),
                    alternative,
                    query,
                    envelope: false,
                };
                for other in &more {
                    s.tables.push(SectionTable {
                        name: Some(other.clone()),
                        ..table.clone()
                    });
                }
                s.tables.push(table);
            }
        }
    }
    super::models::expand(&mut s);
    s
}

/// The table cut to [`MAX_COLUMNS`] columns and [`MAX_ROWS`] rows, with a warning when cut.
fn limit_table(header: &Row, rows: &[Row], diag: &mut DocDiag<'_>) -> (Row, Vec<Row>) {
    let mut header = header.clone();
    let columns = header.cells.len();
    if columns > MAX_COLUMNS {
        diag.warn(
            Code::TableTooLarge,
            header.line,
            format!("the table has {columns} columns, over the limit of {MAX_COLUMNS}; the columns beyond the first {MAX_COLUMNS} are ignored"),
            Some("a parameter table needs only Field, Type, Required and Description columns"),
        );
        header.cells.truncate(MAX_COLUMNS);
    }
    if let Some(first_ignored) = rows.get(MAX_ROWS) {
        diag.warn(
            Code::TableTooLarge,
            first_ignored.line,
            format!("the table has {} rows, over the limit of {MAX_ROWS}; this row and those after it are ignored", rows.len()),
            Some("split the table into nested tables, one per object"),
        );
    }
    let rows = rows
        .iter()
        .take(MAX_ROWS)
        .map(|r| {
            let mut r = r.clone();
            r.cells.truncate(MAX_COLUMNS);
            r
        })
        .collect();
    (header, rows)
}

/// Ends code fences that run into the next section: an author who forgets a closing fence
/// loses the rest of the doc into the code block (or, when a later fence's closing line ends
/// it, everything up to there). A line inside a code block that is a section heading
/// (`### Return result example`, at least two `#`, a known role) cannot be example content:
/// the block is ended before it and the rest is read as Markdown again.
fn close_fences(blocks: &[Block], diag: &mut DocDiag<'_>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    // A stack, so that recovered blocks are looked at in order (and may need recovery too).
    let mut todo: Vec<Block> = blocks.iter().rev().cloned().collect();
    // Each recovery reads part of the doc again; a bound keeps that linear whatever the input.
    let mut recoveries = 0;
    while let Some(block) = todo.pop() {
        let Block::Code {
            info,
            text,
            line,
            fence,
            closed,
            shifts,
        } = &block
        else {
            out.push(block);
            continue;
        };
        let (fence, fence_line) = (Loc::line(*fence), *fence);
        let lines: Vec<&str> = text.split('\n').collect();
        let cut = if recoveries < 64 {
            lines.iter().position(|l| is_section_heading(l))
        } else {
            None
        };
        let Some(cut) = cut else {
            if !closed {
                diag.warn(
                    Code::UnclosedFence,
                    fence,
                    "this code fence is never closed; everything after it is read as its content",
                    Some("close the fence with ``` on a line of its own"),
                );
            }
            out.push(block);
            continue;
        };
        diag.warn(
            Code::UnclosedFence,
            fence,
            format!(
                "this code fence runs into the heading `{}` at line {}: its closing ``` is missing; it is taken to end before that heading",
                lines[cut].trim(),
                line + cut
            ),
            Some("close the fence with ``` on a line of its own"),
        );
        recoveries += 1;
        let mut content = lines[..cut].join("\n");
        content.push('\n');
        // The lines after the cut are read again without the indentation they had (a rare case
        // in a rare case): their columns are those of the content.
        let shifts = shifts.iter().filter(|(l, _)| *l < cut).copied().collect();
        out.push(Block::Code {
            info: info.clone(),
            text: content,
            line: *line,
            fence: fence_line,
            closed: true,
            shifts,
        });
        let mut rest: Vec<Block> = markdown::parse(&lines[cut..].join("\n"))
            .blocks
            .into_iter()
            .map(|b| b.shifted(line + cut - 1))
            .collect();
        // The fence that closed this block closes the last fence of the rest.
        if *closed {
            if let Some(Block::Code { closed, .. }) = rest.last_mut() {
                *closed = true;
            }
        }
        todo.extend(rest.into_iter().rev());
    }
    out
}

/// A line that is a Markdown heading of level 2 to 6 whose text has a section role.
fn is_section_heading(line: &str) -> bool {
    let t = line.trim();
    let hashes = t.chars().take_while(|c| *c == '#').count();
    if !(2..=6).contains(&hashes) || !t[hashes..].starts_with([' ', '\t']) {
        return false;
    }
    let text = t[hashes..].trim().trim_end_matches('#').trim();
    !matches!(vocab::heading_role(text), HeadingRole::Other)
}

fn side_of(part: Part) -> Side {
    match part {
        Part::Params(side) | Part::Example(side) => side,
        _ => Side::Request,
    }
}

/// A table listing only credentials: under General parameters (`common`), or elsewhere with
/// the app's among them. Elsewhere a table of `bk_username` alone is an API's own: the user
/// to look up.
fn is_credentials(header: &Row, rows: &[Row], common: bool) -> bool {
    let field = field_column(header);
    fn name(r: &Row, field: usize) -> Option<&str> {
        r.cells.get(field).map(|c| c.trim())
    }
    !rows.is_empty()
        && rows
            .iter()
            .all(|r| name(r, field).is_some_and(|c| vocab::CREDENTIALS.contains(&c)))
        && (common
            || rows
                .iter()
                .any(|r| matches!(name(r, field), Some("bk_app_code" | "bk_app_secret"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use std::path::Path;

    fn split_text(text: &str) -> (Sections, Vec<(Code, usize)>) {
        let mut sink = Diagnostics::new();
        let s = split(
            &markdown::parse(text),
            &mut DocDiag {
                file: Path::new("x.md"),
                sink: &mut sink,
            },
        );
        (s, sink.items().iter().map(|d| (d.code, d.line)).collect())
    }

    #[test]
    fn a_fence_running_into_the_next_section_is_ended_before_it() {
        let text = "### Request example\n\n```json\n{\"a\": 1}\n\n### Return result example\n\n```json\n{\"data\": {}}\n```\n\n### Return result parameter description\n\n| Field | Type |\n|---|---|\n| data | object |\n";
        let (s, said) = split_text(text);
        assert_eq!(said, [(Code::UnclosedFence, 3)]);
        let sides: Vec<(Side, usize)> = s.examples.iter().map(|e| (e.side, e.line)).collect();
        assert_eq!(sides, [(Side::Request, 4), (Side::Response, 9)]);
        assert!(s.examples[0].text.contains("\"a\"") && !s.examples[0].text.contains("###"));
        assert_eq!(s.tables.len(), 1);
        assert_eq!(
            (s.tables[0].side, s.tables[0].header.line),
            (Side::Response, 14)
        );
    }

    #[test]
    fn a_fence_never_closed_is_reported_and_comments_are_no_headings() {
        let (s, said) = split_text("### Request example\n\n```json\n# the id\n{\"a\": 1}\n");
        assert_eq!(said, [(Code::UnclosedFence, 3)]);
        assert!(s.examples[0].text.contains("# the id"));
        let (_, said) = split_text("### Request example\n\n```json\n{}\n```\n");
        assert!(said.is_empty());
    }

    #[test]
    fn tables_are_cut_to_the_limits() {
        let header = format!(
            "| Field | Type |{}\n|---|---|{}\n",
            " x |".repeat(MAX_COLUMNS),
            "---|".repeat(MAX_COLUMNS)
        );
        let rows: String = (0..MAX_ROWS + 10)
            .map(|i| format!("| f{i} | int |\n"))
            .collect();
        let (s, said) = split_text(&format!("### Request parameters\n\n{header}{rows}"));
        assert_eq!(
            said,
            [
                (Code::TableTooLarge, 3),
                (Code::TableTooLarge, 5 + MAX_ROWS)
            ]
        );
        assert_eq!(
            (s.tables[0].header.cells.len(), s.tables[0].rows.len()),
            (MAX_COLUMNS, MAX_ROWS)
        );
        let many: String = (0..MAX_TABLES + 5)
            .map(|i| format!("#### t{i}\n\n| Field | Type |\n|---|---|\n| a | int |\n\n"))
            .collect();
        let (s, said) = split_text(&many);
        assert_eq!(s.tables.len(), MAX_TABLES);
        assert_eq!(
            said.iter().filter(|d| d.0 == Code::TooManyTables).count(),
            1
        );
    }
}
