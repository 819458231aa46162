//! The top level of a block of text: the values in it, one after another, and the prose
//! around them, skipped, or rejected where it looks like JSON that lost its start.

use serde_json::Value;

use super::parser::{closers_for, is_newline, is_word_char, is_ws, Mark, Parser};
use super::positions::{PathKey, Place, Positions};
use super::repair::RepairKind;
use super::{Read, ReadError, ReadValue};

/// Reads every value in `text`, skipping the prose around them: [`read`](super::read).
pub(super) fn read(text: &str) -> Result<Read, ReadError> {
    let mut p = Parser::new(text);
    let mut values = Vec::new();
    // Line on which the last top-level token ended; a top-level scalar must
    // start on a later line (it has to be alone on its line).
    let mut last_end_line = 0;
    let mut first_skipped: Option<Mark> = None;
    loop {
        p.skip_trivia()?;
        let here = p.mark();
        let Some(c) = p.peek() else { break };
        if c == '{' || c == '[' {
            let value = p.parse_value(0, false, PathKey::ROOT)?;
            values.push(p.take_value(here, value));
            last_end_line = p.line;
        } else if p.at_ellipsis() {
            p.skip_ellipsis();
            p.repair(here, RepairKind::Ellipsis);
            last_end_line = p.line;
        } else if c == ',' {
            p.bump();
            p.repair(here, RepairKind::SkippedText);
            last_end_line = p.line;
        } else if c == '}' || c == ']' {
            return Err(p.err_at(here, format!("unmatched {c:?} outside any value")));
        } else {
            if here.line > last_end_line && starts_scalar(c) {
                let repairs_before = p.repairs.len();
                match p.parse_value(0, true, PathKey::ROOT) {
                    Ok(value) if p.rest_of_line_is_blank() => {
                        values.push(p.take_value(here, value));
                        last_end_line = p.line;
                        continue;
                    }
                    _ => {
                        p.reset(here);
                        p.repairs.truncate(repairs_before);
                        p.places.clear();
                    }
                }
            }
            first_skipped.get_or_insert(here);
            p.skip_prose(here)?;
        }
    }
    if values.is_empty() {
        let err = match first_skipped {
            Some(m) => p.err_at(
                m,
                format!("no JSON value (the text at line {} is not JSON)", m.line),
            ),
            None => p.err("no JSON value"),
        };
        return Err(err);
    }
    Ok(Read {
        values,
        repairs: p.repairs,
    })
}

/// Whether `c` can start a scalar (string, number or literal).
fn starts_scalar(c: char) -> bool {
    closers_for(c).is_some() || matches!(c, '-' | '+' | '.') || is_word_char(c)
}

/// Whether a line starts with a quoted string followed by `:` — an object
/// member outside of any braces.
fn starts_with_quoted_key(line: &[char]) -> bool {
    let Some(closers) = line.first().and_then(|&q| closers_for(q)) else {
        return false;
    };
    let mut escaped = false;
    let mut close = None;
    for (i, &c) in line.iter().enumerate().skip(1) {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if closers.contains(&c) {
            close = Some(i);
            break;
        }
    }
    match close {
        Some(i) => line.iter().skip(i + 1).find(|c| !is_ws(**c)) == Some(&':'),
        None => false,
    }
}

/// Offset of the first `{`/`[` in a prose line that follows a label ending
/// in `:` or `=` (`Response: {`, `var data = [`) and is followed by the end
/// of the line or by something that can start JSON content (so that
/// `Note: [optional]` stays prose).
/// Whether `before` (the line up to a bracket) ends with a command-line flag and an opening
/// quote: curl's `-d '{`, `--data-raw "{`.
fn quoted_after_flag(before: &[char]) -> bool {
    let text: String = before.iter().collect();
    let Some(rest) = text.trim_end().strip_suffix(['\'', '"']) else {
        return false;
    };
    rest.trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|flag| flag.starts_with('-') && flag.len() > 1)
}

fn bracket_after_label(line: &[char]) -> Option<usize> {
    // A curl header (`-H 'X-Bkapi-Authorization: {...}'`) holds credentials, not the request.
    let text: String = line.iter().collect();
    let text = text.trim_start();
    if ["-H ", "-H'", "-H\"", "--header "]
        .iter()
        .any(|f| text.starts_with(f))
    {
        return None;
    }
    let mut last = None;
    for (i, &c) in line.iter().enumerate() {
        if (c == '{' || c == '[')
            && (matches!(last, Some(':' | '=')) || quoted_after_flag(&line[..i]))
        {
            let next = line.iter().skip(i + 1).copied().find(|&n| !is_ws(n));
            let json_like = match next {
                None => true,
                Some(n) => {
                    closers_for(n).is_some()
                        || n.is_ascii_digit()
                        || matches!(n, '{' | '[' | ']' | '}' | '-')
                }
            };
            if json_like {
                return Some(i);
            }
        }
        if !is_ws(c) {
            last = Some(c);
        }
    }
    None
}

impl Parser {
    /// The top-level value that starts at `start` and was just read, with its line and the
    /// places recorded for it, its own included.
    fn take_value(&mut self, start: Mark, value: Value) -> ReadValue {
        let span = self.value_span(start, &value);
        self.place(
            PathKey::ROOT,
            Place {
                key: None,
                value: span,
            },
        );
        ReadValue {
            line: start.line,
            positions: Positions::from_places(std::mem::take(&mut self.places)),
            value,
        }
    }

    /// After a top-level scalar: whether nothing but spaces, a comment or a
    /// comma follows on the same line.  Does not move the cursor.
    fn rest_of_line_is_blank(&self) -> bool {
        let mut it = self
            .rest()
            .iter()
            .copied()
            .skip_while(|&c| is_ws(c) && !is_newline(c));
        match it.next() {
            None | Some('\n' | '\r' | ',' | '#') => true,
            Some('/') => matches!(it.next(), Some('/' | '*')),
            Some(_) => false,
        }
    }

    /// Skips a top-level line of prose starting at `here`, or rejects it when
    /// it looks like a piece of JSON whose start is missing.
    fn skip_prose(&mut self, here: Mark) -> Result<(), ReadError> {
        enum Action {
            Fragment(&'static str),
            SkipTo(usize),
        }
        let action = {
            let rest = self.rest();
            let len = rest
                .iter()
                .position(|&c| is_newline(c))
                .unwrap_or(rest.len());
            let line = rest.get(..len).unwrap_or(&[]);
            if starts_with_quoted_key(line) {
                Action::Fragment("an object member outside of any braces (missing '{'?)")
            } else if let Some(offset) = bracket_after_label(line) {
                Action::SkipTo(offset)
            } else if matches!(line.iter().rev().find(|c| !is_ws(**c)), Some('{' | '[')) {
                Action::Fragment("a line of text ends with an opening bracket; cannot tell where the JSON starts")
            } else {
                Action::SkipTo(len)
            }
        };
        match action {
            Action::Fragment(message) => Err(self.err_at(here, message)),
            Action::SkipTo(n) => {
                self.advance(n);
                self.repair(here, RepairKind::SkippedText);
                Ok(())
            }
        }
    }
}
