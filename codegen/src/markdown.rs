//! Markdown → a flat list of blocks (headings, paragraphs, tables, code fences), each with its line.
//!
//! Heading levels in the real docs do not reliably encode nesting, so this layer keeps the
//! blocks flat and in document order; `infer` decides what each one means. Nothing here knows
//! about BlueKing or Rust.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::ops::Range;

/// One table row: its cells as plain text, and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Cell texts, trimmed, with inline markup and HTML tags removed. A body row has as many
    /// as the header: missing cells are empty, extra cells dropped (as GFM says).
    pub cells: Vec<String>,
    /// How many cells the row's source line has (before padding or dropping).
    pub written: usize,
    /// The cells beyond the header's, as written (GFM drops them from `cells`), trimmed.
    pub extra: Vec<String>,
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
        /// All of it is bold (`**condition**`): a label that stands for a heading.
        bold: bool,
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
        /// 1-based line of the first content line (of the fence when it has none).
        line: usize,
        /// 1-based line the block starts on: the opening fence, or the first line when indented.
        fence: usize,
        /// Whether the fence is closed; an unclosed one runs to the end of its container
        /// (usually the doc).
        closed: bool,
        /// Content lines that do not start their doc line (the fence is indented, in a list
        /// item or a quote): the 0-based content line, and how many characters further right
        /// its text is in the doc. Empty for a fence at the start of its lines.
        #[serde(skip_serializing_if = "Vec::is_empty", default)]
        shifts: Vec<(usize, isize)>,
    },
}

impl Block {
    /// The line the block starts on.
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. }
            | Block::Paragraph { line, .. }
            | Block::Code { line, .. } => *line,
            Block::Table { header, .. } => header.line,
        }
    }

    /// The same block `by` lines further down (for blocks parsed from a part of a doc).
    pub fn shifted(mut self, by: usize) -> Block {
        match &mut self {
            Block::Heading { line, .. } | Block::Paragraph { line, .. } => *line += by,
            Block::Code { line, fence, .. } => {
                *line += by;
                *fence += by;
            }
            Block::Table { header, rows } => {
                for row in std::iter::once(header).chain(rows) {
                    row.line += by;
                }
            }
        }
        self
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

/// Where the content lines of a code block start in the doc, found as its text arrives.
#[derive(Default)]
struct Shifts {
    /// See [`Block::Code`]'s `shifts`.
    found: Vec<(usize, isize)>,
    /// Line breaks in the first `counted` bytes of the content (counted only when needed).
    breaks: usize,
    counted: usize,
    /// Whether the shift of the content's last line, the one text is being added to, is known.
    known: bool,
}

impl Shifts {
    /// Notes where the text `t` of an event at `range` of the doc `doc` goes, before it is
    /// added to `code`, the content so far. Costs next to nothing for a block at the start of
    /// its lines (one event, or a few for CRLF).
    fn add(&mut self, doc: &str, lines: &Lines, range: Range<usize>, t: &CowStr<'_>, code: &str) {
        // The doc's own text, not text the parser made up (the spaces of a tab that a list
        // item's indentation cuts in two).
        let verbatim = matches!(t, CowStr::Borrowed(s) if s.len() == range.len() && std::ptr::eq(s.as_ptr(), doc.as_ptr().wrapping_add(range.start)));
        if verbatim && !self.known && !t.is_empty() {
            let line_start = lines.starts[lines.line(range.start).max(1) - 1];
            let before = doc
                .get(line_start..range.start)
                .map_or(0, |b| b.chars().count());
            let so_far = code
                .rfind('\n')
                .map_or(code, |i| &code[i + 1..])
                .chars()
                .count();
            let shift = before as isize - so_far as isize;
            if shift != 0 {
                self.breaks += code
                    .get(self.counted..)
                    .map_or(0, |c| c.matches('\n').count());
                self.counted = code.len();
                self.found.push((self.breaks, shift));
            }
            self.known = true;
        }
        if let Some(last) = t.rfind('\n') {
            // Text after a line break of the doc's own text starts its doc line.
            self.known = verbatim && last + 1 < t.len();
        }
    }
}

/// What is being collected while inside a container element.
enum Open {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    Paragraph {
        text: String,
        line: usize,
        /// Some text was outside bold.
        plain: bool,
    },
    Code {
        info: String,
        text: String,
        line: usize,
        fence: usize,
        closed: bool,
        shifts: Shifts,
    },
    Table {
        header: Option<Row>,
        rows: Vec<Row>,
        row: Vec<String>,
        cell: String,
        row_line: usize,
        raw: Vec<String>,
    },
    /// An HTML block, which may hold a table.
    Html { text: String, line: usize },
}

/// Parses Markdown text into blocks.
pub fn parse(text: &str) -> Document {
    let lines = Lines::new(text);
    let mut blocks = Vec::new();
    let mut open: Option<Open> = None;
    // How many bold spans the current event is inside.
    let mut strong = 0usize;
    // List items contain paragraphs only when "loose"; tight items carry bare text.
    let mut item: Option<(String, usize)> = None;

    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some(Open::Heading {
                    level: level as u8,
                    text: String::new(),
                    line,
                })
            }
            Event::Start(Tag::Paragraph) if open.is_none() => {
                open = Some(Open::Paragraph {
                    text: String::new(),
                    line,
                    plain: false,
                })
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Item) => item = Some((String::new(), line)),
            Event::Start(Tag::CodeBlock(kind)) => {
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.trim().to_string(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                // The content starts on the line after the fence (or on this line when indented),
                // and an empty fence at the end of the doc has no content line: its own line then.
                let source = &text[range.clone()];
                let last = lines.line(range.end.saturating_sub(1).max(range.start));
                let first = if fenced {
                    (line + 1).min(last.max(line))
                } else {
                    line
                };
                let closed = !fenced || fence_is_closed(source);
                open = Some(Open::Code {
                    info,
                    text: String::new(),
                    line: first,
                    fence: line,
                    closed,
                    shifts: Shifts::default(),
                })
            }
            Event::Start(Tag::HtmlBlock) => {
                open = Some(Open::Html {
                    text: String::new(),
                    line,
                })
            }
            Event::Html(t) if matches!(open, Some(Open::Html { .. })) => {
                if let Some(Open::Html { text, .. }) = &mut open {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Table(_)) => {
                open = Some(Open::Table {
                    header: None,
                    rows: Vec::new(),
                    row: Vec::new(),
                    cell: String::new(),
                    row_line: line,
                    raw: Vec::new(),
                })
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                if let Some(Open::Table {
                    row, row_line, raw, ..
                }) = &mut open
                {
                    row.clear();
                    *row_line = line;
                    *raw = raw_cells(&text[range.clone()]);
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
                if let Some(Open::Table {
                    header,
                    row,
                    row_line,
                    raw,
                    ..
                }) = &mut open
                {
                    *header = Some(Row {
                        cells: std::mem::take(row),
                        written: raw.len(),
                        extra: Vec::new(),
                        line: *row_line,
                    });
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(Open::Table {
                    rows,
                    row,
                    row_line,
                    raw,
                    ..
                }) = &mut open
                {
                    let extra = raw.get(row.len()..).unwrap_or_default().to_vec();
                    rows.push(Row {
                        cells: std::mem::take(row),
                        written: raw.len(),
                        extra,
                        line: *row_line,
                    });
                }
            }
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::CodeBlock)
            | Event::End(TagEnd::HtmlBlock)
            | Event::End(TagEnd::Table) => {
                if let Some(block) = open.take().and_then(finish) {
                    blocks.push(block);
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some((text, line)) = item.take() {
                    let text = clean(&text);
                    if !text.is_empty() {
                        blocks.push(Block::Paragraph {
                            text,
                            line,
                            bold: false,
                        });
                    }
                }
            }
            Event::Text(t) => {
                if let Some(Open::Paragraph { plain, .. }) = &mut open {
                    *plain |= strong == 0 && !t.trim().is_empty();
                }
                if let Some(Open::Code {
                    shifts, text: code, ..
                }) = &mut open
                {
                    shifts.add(text, &lines, range, &t, code);
                }
                push_text(&mut open, &mut item, &t)
            }
            Event::Code(t) => {
                if let Some(Open::Paragraph { plain, .. }) = &mut open {
                    *plain |= strong == 0;
                }
                push_text(&mut open, &mut item, &t)
            }
            // Tags carry no meaning for us, but `<br>`, `<li>`, `<td>` ... separate words.
            Event::Html(_) | Event::InlineHtml(_) => push_text(&mut open, &mut item, " "),
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
        Some(Open::Heading { text, .. })
        | Some(Open::Paragraph { text, .. })
        | Some(Open::Code { text, .. }) => text.push_str(t),
        Some(Open::Table { cell, .. }) => cell.push_str(t),
        // An HTML block's text comes as HTML events.
        Some(Open::Html { .. }) => {}
        None => {
            if let Some((text, _)) = item {
                text.push_str(t);
            }
        }
    }
}

fn finish(open: Open) -> Option<Block> {
    Some(match open {
        Open::Html { text, line } => return crate::html_table::read(&text, line),
        Open::Heading { level, text, line } => Block::Heading {
            level,
            text: clean(&text),
            line,
        },
        Open::Paragraph { text, line, plain } => {
            let text = clean(&text);
            if text.is_empty() {
                return None;
            }
            Block::Paragraph {
                text,
                line,
                bold: !plain,
            }
        }
        Open::Code {
            info,
            text,
            line,
            fence,
            closed,
            shifts,
        } => Block::Code {
            info,
            text,
            line,
            fence,
            closed,
            shifts: shifts.found,
        },
        Open::Table { header, rows, .. } => Block::Table {
            header: header?,
            rows,
        },
    })
}

/// Whether a fenced code block's source (from its opening fence on) ends with a closing fence:
/// a last line of at least as many of the same fence characters, and nothing else.
fn fence_is_closed(source: &str) -> bool {
    // Inside a blockquote every line carries its `>` markers.
    let bare = |l: &str| {
        l.trim()
            .trim_start_matches(|x: char| x == '>' || x.is_whitespace())
            .to_string()
    };
    let mut lines = source.trim_end_matches(['\n', '\r']).lines();
    let Some(open) = lines.next().map(bare) else {
        return false;
    };
    let Some(c) = open.chars().next() else {
        return false;
    };
    let width = open.chars().take_while(|x| *x == c).count();
    lines
        .last()
        .map(bare)
        .is_some_and(|l| l.len() >= width && l.chars().all(|x| x == c))
}

/// The cells of a table row's source line, trimmed, as written: split at unescaped pipes,
/// without the empty text before a leading pipe and after a trailing one.
fn raw_cells(source: &str) -> Vec<String> {
    let line = source.lines().next().unwrap_or("").trim();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut escaped = false;
    for c in line.chars() {
        match c {
            _ if escaped => {
                escaped = false;
                cell.push(c);
            }
            '\\' => {
                escaped = true;
                cell.push(c);
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    if line.starts_with('|') {
        cells.remove(0);
    }
    if line.len() > 1 && line.ends_with('|') && !line.ends_with("\\|") {
        cells.pop();
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
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
        assert!(
            matches!(&doc.blocks[0], Block::Heading { level: 3, text, line: 1 } if text == "Title")
        );
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
        assert!(
            matches!(&doc.blocks[0], Block::Code { text, closed: false, .. } if text.contains("\"a\""))
        );
        for closed in [
            "```json\n{}\n```\n",
            "~~~\n{}\n~~~~",
            "> ```\n> {}\n> ```\n",
            "    {}\n",
            "```\n```",
        ] {
            assert!(
                matches!(&parse(closed).blocks[0], Block::Code { closed: true, .. }),
                "{closed:?}"
            );
        }
        for open in ["````\n{}\n```\n", "```\n", "```json\n{}\n``` x\n"] {
            assert!(
                matches!(&parse(open).blocks[0], Block::Code { closed: false, .. }),
                "{open:?}"
            );
        }
    }

    /// The content and shifts of the first code block of `text`.
    fn code(text: &str) -> (String, Vec<(usize, isize)>) {
        match parse(text)
            .blocks
            .into_iter()
            .find(|b| matches!(b, Block::Code { .. }))
        {
            Some(Block::Code { text, shifts, .. }) => (text, shifts),
            _ => panic!("no code block in {text:?}"),
        }
    }

    #[test]
    fn code_lines_know_how_far_right_they_are() {
        // At the start of their lines, in LF or CRLF: nothing to note.
        assert_eq!(code("x\n\n```json\n{\n  \"a\": 1\n}\n```\n").1, []);
        assert_eq!(
            code("x\r\n\r\n```json\r\n{\r\n  \"a\": 1\r\n}\r\n```\r\n"),
            ("{\n  \"a\": 1\n}\n".into(), vec![])
        );
        // In a list item, every line is two characters right of its content.
        let (text, shifts) = code("- item\n\n  ```json\n  {\n    \"a\": 1\n  }\n  ```\n");
        assert_eq!(text, "{\n  \"a\": 1\n}\n");
        assert_eq!(shifts, [(0, 2), (1, 2), (2, 2)]);
        // An indented fence; a line indented less than the fence.
        assert_eq!(
            code("   ```json\n   {\n     \"a\": 1,\n  \"b\": 2\n   }\n   ```\n").1,
            [(0, 3), (1, 3), (2, 2), (3, 3)]
        );
        // A quote's markers, CRLF in a list item, an indented block.
        assert_eq!(
            code("> ```\n> {\n>   \"a\": 1\n> }\n> ```\n").1,
            [(0, 2), (1, 2), (2, 2)]
        );
        assert_eq!(
            code("- x\r\n\r\n  ```\r\n  {\"a\": 1,\r\n  \"b\": 2}\r\n  ```\r\n").1,
            [(0, 2), (1, 2)]
        );
        assert_eq!(
            code("para\n\n    {\n      \"a\": 1\n    }\n").1,
            [(0, 4), (1, 4), (2, 4)]
        );
        // A tab that the list item's indentation cuts in two: the content gets spaces for the
        // rest of it, and one character of the doc (the tab) stands for them.
        let (text, shifts) = code("1. x\n   ```\n\t{\"a\":1}\n   ```\n");
        assert_eq!(text, " {\"a\":1}\n");
        assert_eq!(shifts, []);
        let (text, shifts) = code("- x\n\n  ```\n\t{\"a\":1}\n  ```\n");
        assert_eq!((text.as_str(), shifts), ("  {\"a\":1}\n", vec![(0, -1)]));
    }

    #[test]
    fn rows_know_how_many_cells_they_were_written_with() {
        let doc = parse("| A | B | C |\n|---|---|---|\n| a |\n| a | b | c | d |\n| a \\| x | b | `c` |\nx | y\n");
        let Block::Table { header, rows } = &doc.blocks[0] else {
            panic!("{:?}", doc.blocks)
        };
        assert_eq!(header.written, 3);
        let written: Vec<usize> = rows.iter().map(|r| r.written).collect();
        assert_eq!(written, [1, 4, 3, 2]);
        assert!(rows.iter().all(|r| r.cells.len() == 3));
        assert_eq!(rows[1].extra, ["d"]);
        assert!(rows[0].extra.is_empty() && rows[2].extra.is_empty());
    }

    #[test]
    fn shifted_blocks_move_every_line() {
        let doc = parse("# a\n\n| A |\n|---|\n| x |\n");
        let moved: Vec<Block> = doc.blocks.into_iter().map(|b| b.shifted(10)).collect();
        assert_eq!(moved[0].line(), 11);
        assert!(
            matches!(&moved[1], Block::Table { header, rows } if header.line == 13 && rows[0].line == 15)
        );
    }
}
