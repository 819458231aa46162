//! Markdown → a flat list of blocks (headings, paragraphs, tables, code fences), each with its line.
//!
//! Heading levels in the real docs do not reliably encode nesting, so this layer keeps the
//! blocks flat and in document order; `infer` decides what each one means. Nothing here knows
//! about BlueKing or Rust.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// One table row: its cells as plain text, and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Cell texts, trimmed, with inline markup and HTML tags removed.
    pub cells: Vec<String>,
    /// 1-based line.
    pub line: usize,
}

/// A block of the document, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// `### text`
    Heading {
        /// 1 to 6.
        level: u8,
        /// Plain text of the heading.
        text: String,
        /// 1-based line.
        line: usize,
    },
    /// A paragraph or list item's text.
    Paragraph {
        /// Plain text.
        text: String,
        /// 1-based line.
        line: usize,
    },
    /// A pipe table.
    Table {
        /// The header row.
        header: Row,
        /// The body rows.
        rows: Vec<Row>,
    },
    /// A fenced or indented code block.
    Code {
        /// The fence's info string (`json`, `python`, or anything an author typed).
        info: String,
        /// The content.
        text: String,
        /// 1-based line of the first content line.
        line: usize,
    },
}

impl Block {
    /// The line the block starts on.
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. } | Block::Paragraph { line, .. } | Block::Code { line, .. } => *line,
            Block::Table { header, .. } => header.line,
        }
    }
}

/// A parsed doc.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// All blocks in order.
    pub blocks: Vec<Block>,
}

/// Maps byte offsets to 1-based line numbers.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// What is being collected while inside a container element.
enum Open {
    Heading { level: u8, text: String, line: usize },
    Paragraph { text: String, line: usize },
    Code { info: String, text: String, line: usize },
    Table { header: Option<Row>, rows: Vec<Row>, row: Vec<String>, cell: String, row_line: usize },
}

/// Parses Markdown text into blocks.
pub fn parse(text: &str) -> Document {
    let lines = Lines::new(text);
    let mut blocks = Vec::new();
    let mut open: Option<Open> = None;
    // List items contain paragraphs only when "loose"; tight items carry bare text.
    let mut item: Option<(String, usize)> = None;

    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some(Open::Heading { level: level as u8, text: String::new(), line })
            }
            Event::Start(Tag::Paragraph) if open.is_none() => {
                open = Some(Open::Paragraph { text: String::new(), line })
            }
            Event::Start(Tag::Item) => item = Some((String::new(), line)),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                // The content starts on the line after the fence (or on this line when indented).
                let first = if info.is_empty() && !text[range.clone()].starts_with(['`', '~']) { line } else { line + 1 };
                open = Some(Open::Code { info, text: String::new(), line: first })
            }
            Event::Start(Tag::Table(_)) => {
                open = Some(Open::Table { header: None, rows: Vec::new(), row: Vec::new(), cell: String::new(), row_line: line })
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                if let Some(Open::Table { row, row_line, .. }) = &mut open {
                    row.clear();
                    *row_line = line;
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(Open::Table { cell, .. }) = &mut open {
                    cell.clear();
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(Open::Table { row, cell, .. }) = &mut open {
                    row.push(clean(cell));
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(Open::Table { header, row, row_line, .. }) = &mut open {
                    *header = Some(Row { cells: std::mem::take(row), line: *row_line });
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(Open::Table { rows, row, row_line, .. }) = &mut open {
                    rows.push(Row { cells: std::mem::take(row), line: *row_line });
                }
            }
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::CodeBlock)
            | Event::End(TagEnd::Table) => {
                if let Some(block) = open.take().and_then(finish) {
                    blocks.push(block);
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some((text, line)) = item.take() {
                    let text = clean(&text);
                    if !text.is_empty() {
                        blocks.push(Block::Paragraph { text, line });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => push_text(&mut open, &mut item, &t),
            // `<br>` separates lines inside cells; other tags carry no meaning for us.
            Event::Html(t) | Event::InlineHtml(t) if t.trim().to_ascii_lowercase().starts_with("<br") => {
                push_text(&mut open, &mut item, " ")
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut open, &mut item, "\n"),
            _ => {}
        }
    }
    if let Some(block) = open.take().and_then(finish) {
        blocks.push(block);
    }
    Document { blocks }
}

fn push_text(open: &mut Option<Open>, item: &mut Option<(String, usize)>, t: &str) {
    match open {
        Some(Open::Heading { text, .. }) | Some(Open::Paragraph { text, .. }) | Some(Open::Code { text, .. }) => {
            text.push_str(t)
        }
        Some(Open::Table { cell, .. }) => cell.push_str(t),
        None => {
            if let Some((text, _)) = item {
                text.push_str(t);
            }
        }
    }
}

fn finish(open: Open) -> Option<Block> {
    Some(match open {
        Open::Heading { level, text, line } => Block::Heading { level, text: clean(&text), line },
        Open::Paragraph { text, line } => {
            let text = clean(&text);
            if text.is_empty() {
                return None;
            }
            Block::Paragraph { text, line }
        }
        Open::Code { info, text, line } => Block::Code { info, text, line },
        Open::Table { header, rows, .. } => Block::Table { header: header?, rows },
    })
}

/// Trims and folds runs of whitespace inside a line; keeps line breaks as single spaces.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_lines_and_order() {
        let doc = parse("### Title\n\nsome text\n\n| A | B |\n|---|---|\n| x<br>y | `z` |\n\n```json{\n{}\n```\n");
        assert_eq!(doc.blocks.len(), 4);
        assert!(matches!(&doc.blocks[0], Block::Heading { level: 3, text, line: 1 } if text == "Title"));
        assert!(matches!(&doc.blocks[1], Block::Paragraph { line: 3, .. }));
        match &doc.blocks[2] {
            Block::Table { header, rows } => {
                assert_eq!(header.cells, ["A", "B"]);
                assert_eq!(rows[0].cells, ["x y", "z"]);
                assert_eq!(rows[0].line, 7);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&doc.blocks[3], Block::Code { info, line: 10, .. } if info == "json{"));
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let doc = parse("```json\n{\"a\": 1}\n");
        assert!(matches!(&doc.blocks[0], Block::Code { text, .. } if text.contains("\"a\"")));
    }
}
