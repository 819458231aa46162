//! The reader's state and its cursor over the input: moving and marking, recording repairs,
//! places and errors, and skipping what lies between tokens (whitespace, comments, ellipses),
//! with the character classes the reader uses.
//!
//! The reading itself adds to [`Parser`] in the files beside this one: `structure.rs` reads
//! values, objects and arrays, `scalars.rs` strings, numbers and literals, and `top_level.rs`
//! the block of text around the values.

use serde_json::Value;

use super::positions::{PathKey, Place, Span};
use super::repair::{Repair, RepairKind};
use super::ReadError;

/// A position in the input.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    pos: usize,
    pub(super) line: usize,
    pub(super) col: usize,
}

/// The reader's state: the input, the cursor in it, and what was recorded on the way.
pub(super) struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// 1-based line of the cursor.
    pub(super) line: usize,
    col: usize,
    /// Every repair made so far, in document order.
    pub(super) repairs: Vec<Repair>,
    /// Places of the members and elements of the top-level value being read.
    pub(super) places: Vec<(PathKey, Place)>,
}

/// Whitespace between tokens: Unicode whitespace plus the BOM and zero-width space.
pub(super) fn is_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

pub(super) fn is_newline(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Characters of bare words (literals) in value position.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

pub(super) fn is_ellipsis_char(c: char) -> bool {
    matches!(c, '.' | '…' | '⋯')
}

/// Opening quote characters and the characters that close them.
pub(super) fn closers_for(open: char) -> Option<&'static [char]> {
    match open {
        '"' => Some(&['"']),
        '\'' => Some(&['\'']),
        '“' | '”' => Some(&['”', '“']),
        '‘' | '’' => Some(&['’', '‘']),
        _ => None,
    }
}

impl Parser {
    pub(super) fn new(text: &str) -> Self {
        Parser {
            chars: text.chars().collect(),
            pos: 0,
            line: 1,
            col: 1,
            repairs: Vec::new(),
            places: Vec::with_capacity((text.len() / 24).min(1 << 12)),
        }
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    pub(super) fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos.saturating_add(n)).copied()
    }

    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    pub(super) fn advance(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }

    pub(super) fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            line: self.line,
            col: self.col,
        }
    }

    pub(super) fn reset(&mut self, m: Mark) {
        self.pos = m.pos;
        self.line = m.line;
        self.col = m.col;
    }

    /// The input from the cursor on.
    pub(super) fn rest(&self) -> &[char] {
        self.chars.get(self.pos..).unwrap_or(&[])
    }

    /// The text from `start` to the cursor.
    pub(super) fn span_from(&self, start: Mark) -> Span {
        Span::new(start.line, start.col, self.pos - start.pos)
    }

    /// Records where the member or element at `path` is.
    pub(super) fn place(&mut self, path: PathKey, place: Place) {
        self.places.push((path, place));
    }

    /// Where `value`, read from `start` to the cursor, was written: the whole token for a
    /// scalar, the opening bracket for an object or array.
    pub(super) fn value_span(&self, start: Mark, value: &Value) -> Span {
        if value.is_object() || value.is_array() {
            Span::new(start.line, start.col, 1)
        } else {
            self.span_from(start)
        }
    }

    pub(super) fn repair(&mut self, at: Mark, kind: RepairKind) {
        self.repairs.push(Repair {
            line: at.line,
            column: at.col,
            kind,
        });
    }

    pub(super) fn err(&self, message: impl Into<String>) -> ReadError {
        self.err_at(self.mark(), message)
    }

    pub(super) fn err_at(&self, at: Mark, message: impl Into<String>) -> ReadError {
        ReadError {
            line: at.line,
            column: at.col,
            message: message.into(),
            too_deep: false,
        }
    }

    /// Describes the character at the cursor for error messages.
    pub(super) fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("{c:?}"),
            None => "end of input".to_owned(),
        }
    }

    /// Skips whitespace and comments; returns whether a line break was crossed.
    pub(super) fn skip_trivia(&mut self) -> Result<bool, ReadError> {
        let mut newline = false;
        loop {
            match self.peek() {
                Some(c) if is_ws(c) => {
                    newline |= is_newline(c);
                    self.bump();
                }
                Some('#') => {
                    self.line_comment();
                }
                Some('/') if self.peek_at(1) == Some('/') => {
                    self.line_comment();
                }
                Some('/') if self.peek_at(1) == Some('*') => {
                    let start = self.mark();
                    self.bump();
                    self.bump();
                    loop {
                        match self.bump() {
                            None => return Err(self.err_at(start, "unterminated /* comment")),
                            Some('*') if self.peek() == Some('/') => {
                                self.bump();
                                break;
                            }
                            Some(c) => newline |= is_newline(c),
                        }
                    }
                    self.repair(start, RepairKind::Comment);
                }
                _ => return Ok(newline),
            }
        }
    }

    /// Skips a `#` or `//` comment up to (not including) the line break.
    fn line_comment(&mut self) {
        let start = self.mark();
        while self.peek().is_some_and(|c| !is_newline(c)) {
            self.bump();
        }
        self.repair(start, RepairKind::Comment);
    }

    pub(super) fn at_ellipsis(&self) -> bool {
        match self.peek() {
            Some('…' | '⋯') => true,
            Some('.') => self.peek_at(1) == Some('.'),
            _ => false,
        }
    }

    pub(super) fn skip_ellipsis(&mut self) {
        while self.peek().is_some_and(is_ellipsis_char) {
            self.bump();
        }
    }
}
