//! Assigns every block of a doc to the section it belongs to, by heading roles.
//!
//! Heading levels are unreliable, so sections are decided by what each heading says
//! (see [`crate::vocab::heading_role`]), and an ambiguous heading by the side it stands in.

use crate::ir::Side;
use crate::markdown::{Block, Document, Row};
use crate::vocab::{self, HeadingRole};

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
}

/// A doc cut into what each part says.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    /// The method word and its line.
    pub method: Option<(String, usize)>,
    /// The address text and its line.
    pub address: Option<(String, usize)>,
    /// Paragraphs of the function description.
    pub description: Vec<String>,
    /// Parameter tables on either side, in doc order (credential tables excluded).
    pub tables: Vec<SectionTable>,
    /// Examples in doc order.
    pub examples: Vec<RawExample>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Front,
    Method,
    Address,
    Common,
    Description,
    Params(Side),
    Example(Side),
}

/// Walks the blocks once.
pub fn split(doc: &Document) -> Sections {
    let mut s = Sections::default();
    let mut part = Part::Front;
    let mut name: Option<String> = None;
    let mut heading_line = 0;
    for block in &doc.blocks {
        match block {
            Block::Heading { text, line, .. } => {
                heading_line = *line;
                name = None;
                part = match vocab::heading_role(text) {
                    HeadingRole::Method => Part::Method,
                    HeadingRole::Address => Part::Address,
                    HeadingRole::CommonArgs => Part::Common,
                    HeadingRole::Description => Part::Description,
                    HeadingRole::RequestParams => Part::Params(Side::Request),
                    HeadingRole::ResponseParams => Part::Params(Side::Response),
                    HeadingRole::RequestExample => Part::Example(Side::Request),
                    HeadingRole::ResponseExample => Part::Example(Side::Response),
                    HeadingRole::Example => Part::Example(side_of(part)),
                    HeadingRole::Other => {
                        name = vocab::nested_heading(text);
                        Part::Params(side_of(part))
                    }
                };
            }
            // `- data Field Explanation` written as a list item instead of a heading.
            Block::Paragraph { text, line }
                if matches!(part, Part::Params(_)) && text.contains(' ') && vocab::nested_heading(text).is_some() =>
            {
                name = vocab::nested_heading(text);
                heading_line = *line;
            }
            Block::Paragraph { text, line } => match part {
                Part::Method if s.method.is_none() => s.method = Some((text.clone(), *line)),
                Part::Address if s.address.is_none() => s.address = Some((text.clone(), *line)),
                Part::Description | Part::Front if !text.contains("common_args_desc") => s.description.push(text.clone()),
                Part::Params(_) | Part::Example(_) if vocab::says_open(text) => {
                    if let Some(t) = s.tables.last_mut() {
                        t.open = true;
                    }
                }
                _ => {}
            },
            Block::Code { info, text, line } => match part {
                Part::Method if s.method.is_none() => s.method = Some((text.trim().to_string(), *line)),
                Part::Address if s.address.is_none() => s.address = Some((text.trim().to_string(), *line)),
                Part::Example(side) => {
                    s.examples.push(RawExample { side, info: info.clone(), text: text.clone(), line: *line })
                }
                _ => {}
            },
            Block::Table { header, rows } => {
                // A table under "General parameters" is skipped only when it really lists the
                // credentials; some docs put the API's own parameters there.
                let side = match part {
                    Part::Example(side) | Part::Params(side) => side,
                    _ => Side::Request,
                };
                if is_credentials(header, rows) {
                    continue;
                }
                s.tables.push(SectionTable {
                    side,
                    name: name.clone(),
                    heading_line,
                    header: header.clone(),
                    rows: rows.clone(),
                    open: false,
                });
            }
        }
    }
    s
}

fn side_of(part: Part) -> Side {
    match part {
        Part::Params(side) | Part::Example(side) => side,
        _ => Side::Request,
    }
}

/// A table listing only credentials (a General parameters table under another heading).
fn is_credentials(header: &Row, rows: &[Row]) -> bool {
    let field = header.cells.iter().position(|c| vocab::column(c) == vocab::Column::Field).unwrap_or(0);
    !rows.is_empty()
        && rows.iter().all(|r| r.cells.get(field).is_some_and(|c| vocab::CREDENTIALS.contains(&c.as_str())))
}
