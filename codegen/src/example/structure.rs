//! Values, and the objects and arrays that hold them: the recursive descent, with the depth
//! limit checked before each step down, and the keys, commas and ellipses between members and
//! elements.

use serde_json::{Map, Value};

use super::parser::{closers_for, is_word_char, Mark, Parser};
use super::positions::{PathKey, Place, Span};
use super::repair::RepairKind;
use super::{ReadError, MAX_DEPTH};

/// Characters of unquoted keys.
fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '-' | '@')
}

impl Parser {
    /// Parses one value at the cursor.  `depth` is the number of enclosing
    /// containers; `single_line` forbids line breaks inside strings (used
    /// when probing whether a top-level line is a scalar); `path` is where the
    /// value is, for the places of its members and elements.
    pub(super) fn parse_value(
        &mut self,
        depth: usize,
        single_line: bool,
        path: PathKey,
    ) -> Result<Value, ReadError> {
        match self.peek() {
            None => Err(self.err("expected a value, found end of input")),
            Some('{') => self.parse_object(depth, path),
            Some('[') => self.parse_array(depth, path),
            Some(c) if closers_for(c).is_some() => {
                self.parse_string(single_line).map(Value::String)
            }
            Some(c) if c.is_ascii_digit() || matches!(c, '-' | '+' | '.') => self.parse_number(),
            Some(c) if is_word_char(c) => self.parse_word(),
            Some(c) => Err(self.err(format!("expected a value, found {c:?}"))),
        }
    }

    fn check_depth(&self, depth: usize) -> Result<(), ReadError> {
        if depth >= MAX_DEPTH {
            Err(ReadError {
                too_deep: true,
                ..self.err(format!("nesting deeper than {MAX_DEPTH} levels"))
            })
        } else {
            Ok(())
        }
    }

    /// Parses the value at the cursor, which is at `path`, and returns it with its span: the
    /// whole token for a scalar, the opening bracket for an object or array.
    fn parse_placed(&mut self, depth: usize, path: PathKey) -> Result<(Value, Span), ReadError> {
        let start = self.mark();
        let value = self.parse_value(depth, false, path)?;
        let span = self.value_span(start, &value);
        Ok((value, span))
    }

    fn parse_array(&mut self, depth: usize, path: PathKey) -> Result<Value, ReadError> {
        self.check_depth(depth)?;
        let mut items = Vec::new();
        self.parse_seq("array", ']', |p| {
            let at = path.index(items.len());
            let (value, span) = p.parse_placed(depth + 1, at)?;
            p.place(
                at,
                Place {
                    key: None,
                    value: span,
                },
            );
            items.push(value);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    fn parse_object(&mut self, depth: usize, path: PathKey) -> Result<Value, ReadError> {
        self.check_depth(depth)?;
        let mut map = Map::new();
        self.parse_seq("object", '}', |p| {
            let key_start = p.mark();
            let key = p.parse_key()?;
            let key_span = p.span_from(key_start);
            p.skip_trivia()?;
            if p.peek() != Some(':') {
                return Err(p.err(format!(
                    "expected ':' after key {key:?}, found {}",
                    p.found()
                )));
            }
            p.bump();
            p.skip_trivia()?;
            if p.at_ellipsis() {
                // `"key": ...` — the value is omitted; drop the member.
                let m = p.mark();
                p.skip_ellipsis();
                p.repair(m, RepairKind::Ellipsis);
            } else {
                let at = path.key(&key);
                let (value, span) = p.parse_placed(depth + 1, at)?;
                p.place(
                    at,
                    Place {
                        key: Some(key_span),
                        value: span,
                    },
                );
                map.insert(key, value);
            }
            Ok(())
        })?;
        Ok(Value::Object(map))
    }

    /// Walks a comma-separated sequence from its opening bracket (at the cursor) to `close`,
    /// repairing trailing, doubled and missing commas and dropping ellipses; `item` reads one
    /// element or member. Arrays and objects differ only in `item`.
    fn parse_seq(
        &mut self,
        kind: &str,
        close: char,
        mut item: impl FnMut(&mut Self) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let open = self.mark();
        self.bump();
        let mut need_sep = false;
        let mut pending_comma: Option<Mark> = None;
        loop {
            let newline = self.skip_trivia()?;
            let here = self.mark();
            match self.peek() {
                None => {
                    return Err(self.err(format!(
                        "unterminated {kind} (opened at line {}, column {})",
                        open.line, open.col
                    )))
                }
                Some(c) if c == close => {
                    if let Some(m) = pending_comma {
                        self.repair(m, RepairKind::TrailingComma);
                    }
                    self.bump();
                    return Ok(());
                }
                Some(',') => {
                    if need_sep {
                        pending_comma = Some(here);
                    } else {
                        self.repair(here, RepairKind::TrailingComma);
                        pending_comma = None;
                    }
                    self.bump();
                    need_sep = false;
                }
                Some(_) if self.at_ellipsis() => {
                    self.skip_ellipsis();
                    self.repair(here, RepairKind::Ellipsis);
                    need_sep = false;
                    pending_comma = None;
                }
                Some(_) => {
                    if need_sep {
                        if newline {
                            self.repair(here, RepairKind::MissingComma);
                        } else {
                            return Err(self.err(format!(
                                "expected ',' or '{close}', found {}",
                                self.found()
                            )));
                        }
                    }
                    item(self)?;
                    need_sep = true;
                    pending_comma = None;
                }
            }
        }
    }

    fn parse_key(&mut self) -> Result<String, ReadError> {
        let start = self.mark();
        match self.peek() {
            Some(c) if closers_for(c).is_some() => self.parse_string(false),
            Some(c) if is_key_char(c) => {
                let mut key = String::new();
                while let Some(c) = self.peek().filter(|&c| is_key_char(c)) {
                    key.push(c);
                    self.bump();
                }
                self.repair(start, RepairKind::UnquotedKey);
                Ok(key)
            }
            _ => Err(self.err(format!("expected a key, found {}", self.found()))),
        }
    }
}
