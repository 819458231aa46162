//! Scalars: strings with their quotes and escapes, numbers in their many formats, and the
//! bare-word literals.

use serde_json::{Number, Value};

use super::parser::{closers_for, is_ellipsis_char, is_newline, is_word_char, Mark, Parser};
use super::repair::RepairKind;
use super::ReadError;

/// `s`, cut to its first 40 characters (and an ellipsis) if longer, to quote in an error.
fn truncate_for_message(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() > MAX {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    } else {
        s.to_owned()
    }
}

impl Parser {
    pub(super) fn parse_string(&mut self, single_line: bool) -> Result<String, ReadError> {
        let open = self.mark();
        let quote = self.bump().unwrap_or('"');
        let closers = closers_for(quote).unwrap_or(&['"']);
        match quote {
            '\'' => self.repair(open, RepairKind::SingleQuotes),
            '"' => {}
            _ => self.repair(open, RepairKind::CurlyQuotes),
        }
        let unterminated = |p: &Parser| {
            p.err_at(
                open,
                format!(
                    "unterminated string (opened at line {}, column {})",
                    open.line, open.col
                ),
            )
        };
        let mut out = String::new();
        let mut control_reported = false;
        loop {
            let here = self.mark();
            let Some(c) = self.bump() else {
                return Err(unterminated(self));
            };
            if closers.contains(&c) {
                return Ok(out);
            }
            if c == '\\' {
                self.parse_escape(here, quote, closers, &mut out)
                    .ok_or_else(|| unterminated(self))?;
                continue;
            }
            if single_line && is_newline(c) {
                return Err(unterminated(self));
            }
            if c.is_control() && !control_reported {
                self.repair(here, RepairKind::ControlCharInString);
                control_reported = true;
            }
            out.push(c);
        }
    }

    /// Handles the escape after a backslash at `at`; `None` at end of input.
    fn parse_escape(
        &mut self,
        at: Mark,
        quote: char,
        closers: &[char],
        out: &mut String,
    ) -> Option<()> {
        let c = self.peek()?;
        let simple = match c {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' => Some('/'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            '\'' => {
                if quote != '\'' {
                    self.repair(at, RepairKind::BadEscape);
                }
                Some('\'')
            }
            c if closers.contains(&c) => Some(c),
            _ => None,
        };
        if let Some(s) = simple {
            self.bump();
            out.push(s);
            return Some(());
        }
        if c == 'u' {
            if let Some(unit) = self.hex4(1) {
                self.advance(5);
                let ch = if (0xD800..0xDC00).contains(&unit) {
                    // High surrogate: needs a following `\uDC00`–`\uDFFF`.
                    let low = if self.peek() == Some('\\') && self.peek_at(1) == Some('u') {
                        self.hex4(2).filter(|l| (0xDC00..0xE000).contains(l))
                    } else {
                        None
                    };
                    match low {
                        Some(low) => {
                            self.advance(6);
                            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        }
                        None => None,
                    }
                } else {
                    char::from_u32(unit)
                };
                match ch {
                    Some(ch) => out.push(ch),
                    None => {
                        self.repair(at, RepairKind::BadEscape);
                        out.push('\u{fffd}');
                    }
                }
                return Some(());
            }
        }
        // Invalid escape: keep the backslash; the next character is read normally.
        self.repair(at, RepairKind::BadEscape);
        out.push('\\');
        Some(())
    }

    /// The value of four hex digits starting `offset` characters ahead.
    fn hex4(&self, offset: usize) -> Option<u32> {
        let mut v = 0;
        for i in 0..4 {
            let d = self.peek_at(offset + i)?.to_digit(16)?;
            v = v * 16 + d;
        }
        Some(v)
    }

    fn take_digits(&mut self, radix: u32, out: &mut String) {
        while let Some(c) = self.peek().filter(|c| c.is_digit(radix)) {
            out.push(c);
            self.bump();
        }
    }

    pub(super) fn parse_number(&mut self) -> Result<Value, ReadError> {
        let start = self.mark();
        let mut text = String::new();
        let mut repaired = false;
        let mut negative = false;
        match self.peek() {
            Some('+') => {
                self.bump();
                repaired = true;
            }
            Some('-') => {
                self.bump();
                text.push('-');
                negative = true;
            }
            _ => {}
        }
        let invalid = |p: &Parser| p.err_at(start, "invalid number");

        let value = if self.peek() == Some('0') && matches!(self.peek_at(1), Some('x' | 'X')) {
            self.advance(2);
            let mut digits = String::new();
            self.take_digits(16, &mut digits);
            let n = u64::from_str_radix(&digits, 16).map_err(|_| invalid(self))?;
            repaired = true;
            if negative {
                let n = i64::try_from(-i128::from(n)).map_err(|_| invalid(self))?;
                Value::Number(Number::from(n))
            } else {
                Value::Number(Number::from(n))
            }
        } else {
            let mut digits = String::new();
            self.take_digits(10, &mut digits);
            if digits.is_empty() {
                if self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
                    digits.push('0');
                    repaired = true;
                } else {
                    return Err(invalid(self));
                }
            } else if digits.len() > 1 && digits.starts_with('0') {
                let trimmed = digits.trim_start_matches('0');
                digits = if trimmed.is_empty() {
                    "0".to_owned()
                } else {
                    trimmed.to_owned()
                };
                repaired = true;
            }
            text.push_str(&digits);
            if self.peek() == Some('.') {
                if self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                    text.push('.');
                    self.take_digits(10, &mut text);
                } else if !self.peek_at(1).is_some_and(is_ellipsis_char) {
                    // `5.` — a trailing dot.
                    self.bump();
                    text.push_str(".0");
                    repaired = true;
                }
            }
            if matches!(self.peek(), Some('e' | 'E')) {
                self.bump();
                text.push('e');
                if let Some(sign) = self.peek().filter(|c| matches!(c, '+' | '-')) {
                    self.bump();
                    text.push(sign);
                }
                let before = text.len();
                self.take_digits(10, &mut text);
                if text.len() == before {
                    return Err(invalid(self));
                }
            }
            match serde_json::from_str::<Value>(&text) {
                Ok(v @ Value::Number(_)) => v,
                _ => {
                    return Err(self.err_at(
                        start,
                        format!("number out of range: {}", truncate_for_message(&text)),
                    ))
                }
            }
        };
        // The number must end here: `10.0.0.1` or `12abc` are not numbers.
        if self
            .peek()
            .is_some_and(|c| is_word_char(c) || (c == '.' && !self.at_ellipsis()))
        {
            return Err(invalid(self));
        }
        if repaired {
            self.repair(start, RepairKind::NumberFormat);
        }
        Ok(value)
    }

    pub(super) fn parse_word(&mut self) -> Result<Value, ReadError> {
        let start = self.mark();
        let mut word = String::new();
        while let Some(c) = self.peek().filter(|&c| is_word_char(c)) {
            word.push(c);
            self.bump();
        }
        let value = match word.as_str() {
            "true" => return Ok(Value::Bool(true)),
            "false" => return Ok(Value::Bool(false)),
            "null" => return Ok(Value::Null),
            w if w.eq_ignore_ascii_case("true") => Value::Bool(true),
            w if w.eq_ignore_ascii_case("false") => Value::Bool(false),
            w if w.eq_ignore_ascii_case("null")
                || w.eq_ignore_ascii_case("none")
                || w.eq_ignore_ascii_case("undefined") =>
            {
                Value::Null
            }
            _ => {
                return Err(self.err_at(
                    start,
                    format!(
                        "unexpected word {:?} (strings must be quoted)",
                        truncate_for_message(&word)
                    ),
                ))
            }
        };
        self.repair(start, RepairKind::PythonLiteral);
        Ok(value)
    }
}
