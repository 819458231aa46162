//! Lenient reader for the JSON examples embedded in the API docs.
//!
//! The request and response examples in the BlueKing docs are written by
//! hand, and roughly one in ten of them is not strict JSON.  They are still
//! the best evidence of what the API really sends and expects, so this module
//! reads them with a hand-written recursive-descent parser that accepts the
//! mistakes found in practice, repairs them, and reports every repair (see
//! [`Repair`]) so the caller can turn them into warnings.
//!
//! # What is accepted
//!
//! Everything strict JSON accepts, with the same result as `serde_json`
//! (object key order is preserved), plus:
//!
//! * trailing and doubled commas (`[1, 2,]`), and missing commas between
//!   members or elements **when they are separated by a line break**;
//! * comments: `// …`, `# …` (to the end of the line) and `/* … */`, outside
//!   strings only — `#` and `//` inside a string are content;
//! * unquoted keys made of letters, digits and `_ $ . - @`
//!   (`{ bk_biz_id: 1 }`, `{1: "a"}` → key `"1"`, `$regex`, `bk_obj_id.name`);
//! * single-quoted strings, and curly quotes `“ ”` / `‘ ’` used as quotes;
//! * `True`, `False`, `None`, `undefined` (and other case variants of
//!   `true`/`false`/`null`/`none`) as literals, `None` and `undefined` as `null`;
//! * ellipses (`...`, `…`, `⋯`) standing for omitted elements or members:
//!   they are dropped, and a member whose value is an ellipsis is dropped too;
//! * raw newlines, tabs and other control characters inside strings (kept),
//!   and invalid escapes such as `\d` (kept literally, backslash included);
//!   `\'` reads as `'`; a lone UTF-16 surrogate escape becomes U+FFFD;
//! * numbers with a leading `+`, leading zeros, a leading or trailing `.`, or
//!   in hexadecimal; integers beyond `i64`/`u64` become floats, as in
//!   `serde_json`;
//! * several top-level values in one block (one example per case): all of
//!   them are returned, in order, each with the line it starts on;
//! * prose around the JSON: at the top level, a line that does not start a
//!   value (`Request:`, `200 OK`, an explanation after the closing brace) is
//!   skipped.  A top-level scalar (`"ok"`, `true`, `1`) counts as a value only
//!   when it is alone on its line.  A label ending in `:` or `=` before an
//!   opening bracket on the same line (`Response: {`, `var data = [`) is
//!   skipped and the value after it read, provided what follows the bracket
//!   looks like JSON (`Note: [optional]` stays prose).
//!
//! # What is rejected
//!
//! Input that is not a JSON value at all (a query string, plain prose, an
//! empty block) is an error, as are cases where guessing would be unsafe:
//! members outside any braces (`"data": {` as the first line), a text line
//! that ends in an opening bracket, unmatched closing brackets, bare words as
//! values, missing commas on the same line, unterminated strings, comments or
//! containers, numbers that do not fit in an `f64`, and nesting deeper than
//! [`MAX_DEPTH`].  Errors carry a 1-based line and column.
//!
//! # Positions
//!
//! Each value read comes with a side table ([`Positions`]) of where its members and elements
//! are in the text: for every object member the line, column and length of its key and of its
//! value, for every array element those of the element, keyed by the member's [`PathKey`] (the
//! path of keys and indices from the top-level value down). Positions are of the text as
//! written, in characters like the errors' columns: repairs never move them.
//!
//! The reader never panics, runs in time linear in the input, and enforces
//! the depth limit before recursing, so hostile input cannot overflow the
//! stack.

use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Number, Value};

/// Deepest nesting of arrays and objects accepted; deeper input is a
/// [`ReadError`], never a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// One JSON value read from a fence, with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadValue {
    /// The value, with object keys in document order.
    pub value: Value,
    /// 1-based line within the input text where the value starts.
    pub line: usize,
    /// Where the value's members and elements are in the text.
    pub positions: Positions,
}

/// The path from a top-level value down to one of its members or elements (object keys and
/// array indices), as a 64-bit hash: extending a path costs no allocation, in the reader and
/// in whoever walks the value and asks where a part of it was written.
///
/// Two different paths can in principle share a hash; the cost is only a position pointing at
/// the wrong member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PathKey(u64);

impl PathKey {
    /// The top-level value itself.
    pub const ROOT: PathKey = PathKey(0x243f_6a88_85a3_08d3);

    /// The member `key` of the object at this path.
    pub fn key(self, key: &str) -> PathKey {
        // Eight bytes at a time (FxHash's step), starting from the length so that the zeros
        // padding the last chunk cannot make two keys alike; `then` mixes the result well.
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let bytes = key.as_bytes();
        let mut h = bytes.len() as u64;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            h = (h.rotate_left(5) ^ word).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
        }
        self.then(h)
    }

    /// The element `index` of the array at this path.
    pub fn index(self, index: usize) -> PathKey {
        // Tagged, so that element 3 and a member named by the same hash stay apart.
        self.then((index as u64) ^ 0x9e37_79b9_7f4a_7c15)
    }

    fn then(self, segment: u64) -> PathKey {
        // The splitmix64 finaliser of parent and segment: order matters (`a.b` is not `b.a`).
        let mut z = self.0.rotate_left(23).wrapping_add(segment).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        PathKey(z ^ (z >> 31))
    }
}

/// Where a piece of the input text is: the whole token for keys and scalars (quotes
/// included), the opening bracket for objects and arrays.
///
/// Kept in 32 bits a number (beyond 4 Gi they saturate) and in characters, not bytes, so that
/// recording every member costs the reader next to nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    line: u32,
    column: u32,
    chars: u32,
}

impl Span {
    fn new(line: usize, column: usize, chars: usize) -> Span {
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            line: small(line),
            column: small(column),
            chars: small(chars),
        }
    }

    /// 1-based line of its first character.
    pub fn line(&self) -> usize {
        self.line as usize
    }

    /// 1-based column (in characters) of its first character.
    pub fn column(&self) -> usize {
        self.column as usize
    }

    /// Its length in characters (a string with raw line breaks runs over several lines).
    pub fn chars(&self) -> usize {
        self.chars as usize
    }

    /// Its text in `input`, the text that was read; empty if it is not there.
    pub fn text<'t>(&self, input: &'t str) -> &'t str {
        let line_start = match self.line() {
            0 | 1 => Some(0),
            n => input.match_indices('\n').nth(n - 2).map(|(i, _)| i + 1),
        };
        line_start.map_or("", |i| self.text_in_line(input.get(i..).unwrap_or_default()))
    }

    /// Its text in `from_line`, the text that was read from the start of the span's line on;
    /// empty if it is not there.
    pub fn text_in_line<'t>(&self, from_line: &'t str) -> &'t str {
        let mut ends = from_line.char_indices().map(|(i, _)| i).chain([from_line.len()]);
        let start = ends.nth(self.column().saturating_sub(1));
        let end = if self.chars == 0 { start } else { ends.nth(self.chars() - 1) };
        match (start, end) {
            (Some(start), Some(end)) => from_line.get(start..end).unwrap_or_default(),
            _ => "",
        }
    }
}

/// Where one member or element was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The member's key; `None` for an array element and for the top-level value.
    pub key: Option<Span>,
    /// The value.
    pub value: Span,
}

/// Where the parts of one top-level value are in the text, by [`PathKey`].
///
/// A member written twice (`{"a": 1, "a": 2}`) is where its last value, the one kept, is.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// In the order read (a member after the members of its value).
    places: Vec<(PathKey, Place)>,
    /// Indices into `places`, by path and then index; built by the first look-up, since most
    /// values are never asked about.
    sorted: OnceLock<Vec<usize>>,
}

impl Positions {
    /// Where the member or element at `path` (or with [`PathKey::ROOT`], the value itself) was
    /// written.
    pub fn get(&self, path: PathKey) -> Option<&Place> {
        let places = &self.places;
        let sorted = self.sorted.get_or_init(|| {
            let mut sorted: Vec<usize> = (0..places.len()).collect();
            sorted.sort_unstable_by_key(|&i| (places[i].0, i));
            sorted
        });
        let after = sorted.partition_point(|&i| places[i].0 <= path);
        let (found, place) = &places[*sorted[..after].last()?];
        (*found == path).then_some(place)
    }

    /// Every place recorded, with its path, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = (PathKey, &Place)> {
        self.places.iter().map(|(path, place)| (*path, place))
    }

    /// How many members and elements (and the value itself) were recorded.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

impl PartialEq for Positions {
    fn eq(&self, other: &Self) -> bool {
        self.places == other.places
    }
}

impl Eq for Positions {}

/// One deviation from strict JSON that was repaired, for warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Repair {
    /// 1-based line of the repaired text.
    pub line: usize,
    /// 1-based column (in characters) of the repaired text.
    pub column: usize,
    /// What was repaired.
    pub kind: RepairKind,
}

/// The kinds of non-JSON the reader repairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RepairKind {
    /// A comma before a closing bracket, or a doubled/leading comma.
    TrailingComma,
    /// Two members or elements separated only by a line break.
    MissingComma,
    /// A `//`, `#` or `/* */` comment.
    Comment,
    /// An object key without quotes.
    UnquotedKey,
    /// A string in single quotes.
    SingleQuotes,
    /// A string in typographic quotes `“ ”` or `‘ ’`.
    CurlyQuotes,
    /// `True`, `False`, `None`, `undefined` or another non-JSON spelling of a literal.
    PythonLiteral,
    /// An ellipsis standing for omitted elements or members, dropped.
    Ellipsis,
    /// A raw control character (newline, tab, …) inside a string, kept.
    ControlCharInString,
    /// An invalid escape sequence inside a string, kept literally.
    BadEscape,
    /// Text that is not part of any value, skipped.
    SkippedText,
    /// A number in a non-JSON format (leading `+` or zeros, bare `.`, hex).
    NumberFormat,
}

impl RepairKind {
    /// A short human-readable description, for warnings.
    pub fn description(self) -> &'static str {
        match self {
            RepairKind::TrailingComma => "superfluous comma removed",
            RepairKind::MissingComma => "missing comma inserted",
            RepairKind::Comment => "comment removed",
            RepairKind::UnquotedKey => "unquoted key",
            RepairKind::SingleQuotes => "single-quoted string",
            RepairKind::CurlyQuotes => "curly quotes used as string quotes",
            RepairKind::PythonLiteral => "non-JSON literal (True/False/None/undefined)",
            RepairKind::Ellipsis => "ellipsis for omitted content dropped",
            RepairKind::ControlCharInString => "raw control character in string",
            RepairKind::BadEscape => "invalid escape in string kept literally",
            RepairKind::SkippedText => "text outside the JSON skipped",
            RepairKind::NumberFormat => "non-JSON number format",
        }
    }
}

impl fmt::Display for RepairKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.kind
        )
    }
}

/// Everything read from one block of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// The top-level values, in document order; never empty.
    pub values: Vec<ReadValue>,
    /// Every repair made, in document order.
    pub repairs: Vec<Repair>,
}

/// Why a block of text could not be read as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column (in characters) of the problem.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// The input is nested deeper than [`MAX_DEPTH`] (and may well be JSON otherwise).
    pub too_deep: bool,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ReadError {}

/// Reads every JSON value in `text`, repairing common hand-written mistakes.
///
/// Returns at least one value, or an error if there is none or the text is
/// not (repairable) JSON.  See the [module docs](self) for what is accepted.
pub fn read(text: &str) -> Result<Read, ReadError> {
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
            let positions = p.take_positions(here, &value);
            values.push(ReadValue {
                value,
                line: here.line,
                positions,
            });
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
                        let positions = p.take_positions(here, &value);
                        values.push(ReadValue {
                            value,
                            line: here.line,
                            positions,
                        });
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

/// A position in the input.
#[derive(Debug, Clone, Copy)]
struct Mark {
    pos: usize,
    line: usize,
    col: usize,
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    col: usize,
    repairs: Vec<Repair>,
    /// Places of the members and elements of the top-level value being read.
    places: Vec<(PathKey, Place)>,
}

/// Whitespace between tokens: Unicode whitespace plus the BOM and zero-width space.
fn is_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

fn is_newline(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Characters of bare words (literals) in value position.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Characters of unquoted keys.
fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '-' | '@')
}

fn is_ellipsis_char(c: char) -> bool {
    matches!(c, '.' | '…' | '⋯')
}

/// Opening quote characters and the characters that close them.
fn closers_for(open: char) -> Option<&'static [char]> {
    match open {
        '"' => Some(&['"']),
        '\'' => Some(&['\'']),
        '“' | '”' => Some(&['”', '“']),
        '‘' | '’' => Some(&['’', '‘']),
        _ => None,
    }
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
fn bracket_after_label(line: &[char]) -> Option<usize> {
    let mut last = None;
    for (i, &c) in line.iter().enumerate() {
        if (c == '{' || c == '[') && matches!(last, Some(':' | '=')) {
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
    fn new(text: &str) -> Self {
        Parser {
            chars: text.chars().collect(),
            pos: 0,
            line: 1,
            col: 1,
            repairs: Vec::new(),
            places: Vec::with_capacity((text.len() / 24).min(1 << 12)),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos.saturating_add(n)).copied()
    }

    fn bump(&mut self) -> Option<char> {
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

    fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            line: self.line,
            col: self.col,
        }
    }

    fn reset(&mut self, m: Mark) {
        self.pos = m.pos;
        self.line = m.line;
        self.col = m.col;
    }

    /// The text from `start` to the cursor.
    fn span_from(&self, start: Mark) -> Span {
        Span::new(start.line, start.col, self.pos - start.pos)
    }

    /// Records where the member or element at `path` is.
    fn place(&mut self, path: PathKey, place: Place) {
        self.places.push((path, place));
    }

    /// Where `value`, read from `start` to the cursor, was written: the whole token for a
    /// scalar, the opening bracket for an object or array.
    fn value_span(&self, start: Mark, value: &Value) -> Span {
        if value.is_object() || value.is_array() {
            Span::new(start.line, start.col, 1)
        } else {
            self.span_from(start)
        }
    }

    /// The places recorded for the top-level value that starts at `start` and was just read,
    /// with its own.
    fn take_positions(&mut self, start: Mark, value: &Value) -> Positions {
        let value = self.value_span(start, value);
        self.place(PathKey::ROOT, Place { key: None, value });
        Positions {
            places: std::mem::take(&mut self.places),
            sorted: OnceLock::new(),
        }
    }

    fn repair(&mut self, at: Mark, kind: RepairKind) {
        self.repairs.push(Repair {
            line: at.line,
            column: at.col,
            kind,
        });
    }

    fn err(&self, message: impl Into<String>) -> ReadError {
        self.err_at(self.mark(), message)
    }

    fn err_at(&self, at: Mark, message: impl Into<String>) -> ReadError {
        ReadError {
            line: at.line,
            column: at.col,
            message: message.into(),
            too_deep: false,
        }
    }

    /// Describes the character at the cursor for error messages.
    fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("{c:?}"),
            None => "end of input".to_owned(),
        }
    }

    /// Skips whitespace and comments; returns whether a line break was crossed.
    fn skip_trivia(&mut self) -> Result<bool, ReadError> {
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

    fn at_ellipsis(&self) -> bool {
        match self.peek() {
            Some('…' | '⋯') => true,
            Some('.') => self.peek_at(1) == Some('.'),
            _ => false,
        }
    }

    fn skip_ellipsis(&mut self) {
        while self.peek().is_some_and(is_ellipsis_char) {
            self.bump();
        }
    }

    /// After a top-level scalar: whether nothing but spaces, a comment or a
    /// comma follows on the same line.  Does not move the cursor.
    fn rest_of_line_is_blank(&self) -> bool {
        let rest = self.chars.get(self.pos..).unwrap_or(&[]);
        let mut it = rest
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
            let rest = self.chars.get(self.pos..).unwrap_or(&[]);
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
                for _ in 0..n {
                    self.bump();
                }
                self.repair(here, RepairKind::SkippedText);
                Ok(())
            }
        }
    }

    /// Parses one value at the cursor.  `depth` is the number of enclosing
    /// containers; `single_line` forbids line breaks inside strings (used
    /// when probing whether a top-level line is a scalar); `path` is where the
    /// value is, for the places of its members and elements.
    fn parse_value(
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
            p.place(at, Place { key: None, value: span });
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
                return Err(p.err(format!("expected ':' after key {key:?}, found {}", p.found())));
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

    fn parse_string(&mut self, single_line: bool) -> Result<String, ReadError> {
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

    fn advance(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }

    fn take_digits(&mut self, radix: u32, out: &mut String) {
        while let Some(c) = self.peek().filter(|c| c.is_digit(radix)) {
            out.push(c);
            self.bump();
        }
    }

    fn parse_number(&mut self) -> Result<Value, ReadError> {
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

    fn parse_word(&mut self) -> Result<Value, ReadError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Read {
        match read(text) {
            Ok(r) => r,
            Err(e) => panic!("expected {text:?} to read, got error {e}"),
        }
    }

    /// The single value read from `text`.
    fn one(text: &str) -> Value {
        let r = ok(text);
        assert_eq!(
            r.values.len(),
            1,
            "expected one value from {text:?}, got {:?}",
            r.values
        );
        r.values
            .into_iter()
            .next()
            .map(|v| v.value)
            .unwrap_or(Value::Null)
    }

    fn kinds(text: &str) -> Vec<RepairKind> {
        ok(text).repairs.iter().map(|r| r.kind).collect()
    }

    fn err(text: &str) -> ReadError {
        match read(text) {
            Ok(r) => panic!("expected {text:?} to fail, got {:?}", r.values),
            Err(e) => e,
        }
    }

    // ---- strict JSON -------------------------------------------------------

    #[test]
    fn strict_json_matches_serde_json() {
        let inputs = [
            r#"{"result": true, "code": 0, "message": "", "permission": null, "data": {}}"#,
            r#"[1, -2, 3.5, -0.25, 1e10, 2E-3, 6.02e+23, 0, -0, 123456789012]"#,
            r#"{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00"}"#,
            r#"{"nested": {"list": [[], {}, [{"a": [null]}]], "x": false}}"#,
            r#"{"big": 18446744073709551615, "bigger": 18446744073709551616, "min": -9223372036854775808}"#,
            r#"{"z": 1, "a": 2, "m": 3, "a": 4}"#,
            "\"just a string\"",
            "42",
            "  \n\t{ \"ws\" : [ 1 , 2 ] }\n\n",
            r#"{"unicode": "中文 “quoted” ‘x’ it’s # not // a comment"}"#,
            r#"[1.7976931348623157e308, 5e-324, 0.1, 1.0000000000000002]"#,
        ];
        for input in inputs {
            let expected: Value = serde_json::from_str(input).expect("test input is strict JSON");
            let r = ok(input);
            assert_eq!(r.values.len(), 1, "{input}");
            assert_eq!(r.values[0].value, expected, "{input}");
            assert_eq!(r.repairs, vec![], "strict JSON needs no repair: {input}");
            // Same serialisation, which also checks key order and number representation.
            assert_eq!(
                r.values[0].value.to_string(),
                expected.to_string(),
                "{input}"
            );
        }
    }

    #[test]
    fn key_order_is_preserved() {
        let v = one(r#"{"zeta": 1, "alpha": 2, "mid": {"b": 1, "a": 2}}"#);
        let keys: Vec<&String> = v
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["zeta", "alpha", "mid"]);
        assert_eq!(v.to_string(), r#"{"zeta":1,"alpha":2,"mid":{"b":1,"a":2}}"#);
    }

    #[test]
    fn big_numbers() {
        let v = one("[18446744073709551615, 18446744073709551616, -9223372036854775809, 99999999999999999999999]");
        assert_eq!(v[0].as_u64(), Some(u64::MAX));
        assert!(v[1].is_f64());
        assert_eq!(v[1].as_f64(), Some(18446744073709551616.0));
        assert!(v[2].is_f64());
        assert!(v[3].is_f64());
        let e = err("[1e400]");
        assert!(e.message.contains("out of range"), "{e}");
    }

    // ---- repairs -----------------------------------------------------------

    #[test]
    fn trailing_commas() {
        let r = ok("{\n  \"a\": [1, 2,],\n  \"b\": 1,\n}");
        assert_eq!(r.values[0].value, json!({"a": [1, 2], "b": 1}));
        assert_eq!(
            r.repairs,
            vec![
                Repair {
                    line: 2,
                    column: 13,
                    kind: RepairKind::TrailingComma
                },
                Repair {
                    line: 3,
                    column: 9,
                    kind: RepairKind::TrailingComma
                },
            ]
        );
        assert_eq!(one("[1,,2]"), json!([1, 2]));
        assert_eq!(kinds("[1,,2]"), [RepairKind::TrailingComma]);
        assert_eq!(one("[,]"), json!([]));
        assert_eq!(one("{,}"), json!({}));
        assert_eq!(kinds("{,}"), [RepairKind::TrailingComma]);
    }

    #[test]
    fn missing_commas_across_lines() {
        let r = ok("{\n  \"a\": 1\n  \"b\": [\n    1\n    2\n  ]\n  \"c\": {}\n}");
        assert_eq!(r.values[0].value, json!({"a": 1, "b": [1, 2], "c": {}}));
        assert_eq!(
            r.repairs,
            vec![
                Repair {
                    line: 3,
                    column: 3,
                    kind: RepairKind::MissingComma
                },
                Repair {
                    line: 5,
                    column: 5,
                    kind: RepairKind::MissingComma
                },
                Repair {
                    line: 7,
                    column: 3,
                    kind: RepairKind::MissingComma
                },
            ]
        );
        // A comment line in between still counts as a line break.
        assert_eq!(one("[1 // one\n 2]"), json!([1, 2]));
    }

    #[test]
    fn missing_comma_on_same_line_is_an_error() {
        let e = err(r#"{"a": 1 "b": 2}"#);
        assert_eq!((e.line, e.column), (1, 9));
        assert!(e.message.contains("expected ','"), "{e}");
        let e = err("[1 2]");
        assert_eq!((e.line, e.column), (1, 4));
    }

    #[test]
    fn comments() {
        let text = "// leading\n{\n  \"a\": 1, # hash\n  /* block\n  comment */ \"b\": \"x // y # z\", // trailing\n  \"c\": /* inline */ 2\n}\n# after";
        let r = ok(text);
        assert_eq!(
            r.values[0].value,
            json!({"a": 1, "b": "x // y # z", "c": 2})
        );
        assert_eq!(r.values[0].line, 2);
        assert!(r.repairs.iter().all(|r| r.kind == RepairKind::Comment));
        assert_eq!(r.repairs.len(), 6);
        assert_eq!(
            r.repairs[0],
            Repair {
                line: 1,
                column: 1,
                kind: RepairKind::Comment
            }
        );
        assert_eq!(
            r.repairs[1],
            Repair {
                line: 3,
                column: 11,
                kind: RepairKind::Comment
            }
        );
        let e = err("{\"a\": 1 /* never closed }");
        assert_eq!((e.line, e.column), (1, 9));
        assert!(e.message.contains("unterminated /*"), "{e}");
    }

    #[test]
    fn unquoted_keys() {
        let v = one(
            r#"{ bk_biz_id: 1, 1: "a", $regex: "^x", bk_obj_id.name: "n", -2: 0, 中文: true }"#,
        );
        assert_eq!(
            v,
            json!({"bk_biz_id": 1, "1": "a", "$regex": "^x", "bk_obj_id.name": "n", "-2": 0, "中文": true})
        );
        assert_eq!(kinds("{a: 1, \"b\": 2}"), [RepairKind::UnquotedKey]);
        let r = ok("{\n  field: {\"$in\": [1]}\n}");
        assert_eq!(
            r.repairs,
            vec![Repair {
                line: 2,
                column: 3,
                kind: RepairKind::UnquotedKey
            }]
        );
    }

    #[test]
    fn single_quotes() {
        let v = one(r#"{'a': 'it\'s "quoted"', "b": 'x'}"#);
        assert_eq!(v, json!({"a": "it's \"quoted\"", "b": "x"}));
        assert_eq!(
            kinds(r#"{'a': 'b'}"#),
            [RepairKind::SingleQuotes, RepairKind::SingleQuotes]
        );
    }

    #[test]
    fn curly_quotes() {
        let v = one("{“name”: “it’s”, ‘k’: ‘v’, \"plain\": \"a “b” c\"}");
        assert_eq!(v, json!({"name": "it’s", "k": "v", "plain": "a “b” c"}));
        let k = kinds("{“name”: “x”}");
        assert_eq!(k, [RepairKind::CurlyQuotes, RepairKind::CurlyQuotes]);
        // Mismatched curly pair (“ ... “) still closes.
        assert_eq!(one("[“a“]"), json!(["a"]));
    }

    #[test]
    fn python_literals() {
        let v = one("{'a': True, 'b': False, 'c': None, 'd': undefined, 'e': NULL, 'f': true}");
        assert_eq!(
            v,
            json!({"a": true, "b": false, "c": null, "d": null, "e": null, "f": true})
        );
        let r = ok("[True, false, None]");
        assert_eq!(
            r.repairs,
            vec![
                Repair {
                    line: 1,
                    column: 2,
                    kind: RepairKind::PythonLiteral
                },
                Repair {
                    line: 1,
                    column: 15,
                    kind: RepairKind::PythonLiteral
                },
            ]
        );
        let e = err(r#"{"a": xxx}"#);
        assert_eq!((e.line, e.column), (1, 7));
        assert!(e.message.contains("\"xxx\""), "{e}");
    }

    #[test]
    fn ellipses() {
        assert_eq!(one("[1, 2, ...]"), json!([1, 2]));
        assert_eq!(one("[1, …, 3]"), json!([1, 3]));
        assert_eq!(one("[...]"), json!([]));
        assert_eq!(one("{...}"), json!({}));
        assert_eq!(one("[{\"a\": 1}, ...\n]"), json!([{"a": 1}]));
        assert_eq!(
            one("{\n  \"a\": 1, ...\n  \"b\": 2\n}"),
            json!({"a": 1, "b": 2})
        );
        assert_eq!(one("{\n  \"a\": 1,\n  ...\n}"), json!({"a": 1}));
        assert_eq!(one("{\"a\": ..., \"b\": 2}"), json!({"b": 2}));
        assert_eq!(one("{\"a\": [1, 2……]}"), json!({"a": [1, 2]}));
        assert_eq!(one("[\"a...b\", 1.5]"), json!(["a...b", 1.5]));
        let r = ok("{\n  \"a\": 1,\n  ...\n}");
        assert_eq!(
            r.repairs,
            vec![Repair {
                line: 3,
                column: 3,
                kind: RepairKind::Ellipsis
            }]
        );
        // `..., ]`: the comma after the ellipsis is superfluous.
        assert_eq!(
            kinds("[1, ..., ]"),
            [RepairKind::Ellipsis, RepairKind::TrailingComma]
        );
        // Top-level ellipsis between examples.
        let r = ok("{\"a\": 1}\n...\n{\"b\": 2}");
        assert_eq!(r.values.len(), 2);
        assert_eq!(
            r.repairs.iter().map(|r| r.kind).collect::<Vec<_>>(),
            [RepairKind::Ellipsis]
        );
    }

    #[test]
    fn control_chars_in_strings() {
        let r = ok("{\"a\": \"line1\nline2\tx\"}");
        assert_eq!(r.values[0].value, json!({"a": "line1\nline2\tx"}));
        // Reported once per string.
        assert_eq!(
            r.repairs,
            vec![Repair {
                line: 1,
                column: 13,
                kind: RepairKind::ControlCharInString
            }]
        );
    }

    #[test]
    fn bad_escapes_are_kept() {
        let v = one(
            r#"{"re": "^\d+\.\w$", "q": "it\'s", "u": "\uZZZZ", "lone": "\ud800x", "low": "\udc00"}"#,
        );
        assert_eq!(v["re"], json!("^\\d+\\.\\w$"));
        assert_eq!(v["q"], json!("it's"));
        assert_eq!(v["u"], json!("\\uZZZZ"));
        assert_eq!(v["lone"], json!("\u{fffd}x"));
        assert_eq!(v["low"], json!("\u{fffd}"));
        let r = ok(r#"["a\d"]"#);
        assert_eq!(
            r.repairs,
            vec![Repair {
                line: 1,
                column: 4,
                kind: RepairKind::BadEscape
            }]
        );
        // `\'` in a single-quoted string is a proper escape.
        assert_eq!(kinds(r"['it\'s']"), [RepairKind::SingleQuotes]);
    }

    #[test]
    fn number_formats() {
        assert_eq!(
            one("[+1, 007, -007, .5, -.5, 5., 0x1F, -0x10, 00, 1e05]"),
            json!([1, 7, -7, 0.5, -0.5, 5.0, 31, -16, 0, 100000.0])
        );
        let r = ok("[+1, 2, 007]");
        assert_eq!(
            r.repairs,
            vec![
                Repair {
                    line: 1,
                    column: 2,
                    kind: RepairKind::NumberFormat
                },
                Repair {
                    line: 1,
                    column: 9,
                    kind: RepairKind::NumberFormat
                },
            ]
        );
        for bad in [
            "[10.0.0.1]",
            "[12abc]",
            "[1e]",
            "[-]",
            "[0x]",
            "[--1]",
            "[1.2.3]",
            "[0xFFFFFFFFFFFFFFFFFF]",
        ] {
            let e = err(bad);
            assert_eq!(e.line, 1, "{bad}");
            assert_eq!(e.column, 2, "{bad}: {e}");
        }
    }

    #[test]
    fn skipped_text() {
        let text = "Request:\n{\"a\": 1}\nThe response is below.\n\n{\"b\": 2} <- note\n";
        let r = ok(text);
        assert_eq!(r.values.iter().map(|v| v.line).collect::<Vec<_>>(), [2, 5]);
        assert_eq!(r.values[1].value, json!({"b": 2}));
        assert_eq!(
            r.repairs,
            vec![
                Repair {
                    line: 1,
                    column: 1,
                    kind: RepairKind::SkippedText
                },
                Repair {
                    line: 3,
                    column: 1,
                    kind: RepairKind::SkippedText
                },
                Repair {
                    line: 5,
                    column: 10,
                    kind: RepairKind::SkippedText
                },
            ]
        );
        // Labels before an opening bracket on the same line.
        let r = ok("Response: {\n  \"a\": 1\n}");
        assert_eq!(r.values[0].value, json!({"a": 1}));
        assert_eq!(r.values[0].line, 1);
        assert_eq!(one("var data = [1, 2];"), json!([1, 2]));
        // Prose lines that start like scalars.
        assert_eq!(
            one("1. first example\ntrue means ok\n\"quoted\" prose\n[1]"),
            json!([1])
        );
        // Commas between top-level values.
        assert_eq!(ok("{\"a\": 1},\n{\"b\": 2}").values.len(), 2);
        // A bracket after a label that does not hold JSON stays prose.
        assert_eq!(one("Note: [optional] field\n{\"a\": 1}"), json!({"a": 1}));
        // HTTP-ish lines.
        assert_eq!(
            one("POST /api/c/compapi/v2/cc/update_module/\n{}"),
            json!({})
        );
    }

    #[test]
    fn multiple_values() {
        let r = ok("{\"case\": 1}\n\n{\"case\": 2}\n[3]{\"four\": 4}\n\"five\"\n6\nnull\n");
        let got: Vec<(usize, Value)> = r.values.into_iter().map(|v| (v.line, v.value)).collect();
        assert_eq!(
            got,
            vec![
                (1, json!({"case": 1})),
                (3, json!({"case": 2})),
                (4, json!([3])),
                (4, json!({"four": 4})),
                (5, json!("five")),
                (6, json!(6)),
                (7, json!(null)),
            ]
        );
        assert_eq!(r.repairs, vec![]);
    }

    #[test]
    fn realistic_messy_example() {
        let text = r#"
Request example:
{
    "bk_app_code": "esb_test",
    "bk_biz_id": 1,   // business id
    "condition": {
        "bk_host_innerip": {'$regex': "^10\.0"},
        'flag': True,
        “name”: “主机”
    }
    "fields": [
        "bk_host_id",
        "bk_cloud_id",
        ...
    ],
    "page": {start: 0, limit: 10,},
}
"#;
        let r = ok(text);
        assert_eq!(r.values.len(), 1);
        assert_eq!(r.values[0].line, 3);
        assert_eq!(
            r.values[0].value,
            json!({
                "bk_app_code": "esb_test",
                "bk_biz_id": 1,
                "condition": {
                    "bk_host_innerip": {"$regex": "^10\\.0"},
                    "flag": true,
                    "name": "主机"
                },
                "fields": ["bk_host_id", "bk_cloud_id"],
                "page": {"start": 0, "limit": 10}
            })
        );
        let mut kinds: Vec<RepairKind> = r.repairs.iter().map(|r| r.kind).collect();
        kinds.sort_by_key(|k| *k as u8);
        kinds.dedup();
        assert_eq!(
            kinds,
            [
                RepairKind::TrailingComma,
                RepairKind::MissingComma,
                RepairKind::Comment,
                RepairKind::UnquotedKey,
                RepairKind::SingleQuotes,
                RepairKind::CurlyQuotes,
                RepairKind::PythonLiteral,
                RepairKind::Ellipsis,
                RepairKind::BadEscape,
                RepairKind::SkippedText,
            ]
        );
    }

    // ---- errors ------------------------------------------------------------

    #[test]
    fn no_value_is_an_error() {
        for text in [
            "",
            "   \n\t ",
            "// only a comment\n# and another\n/* and a block */",
        ] {
            let e = err(text);
            assert!(e.message.starts_with("no JSON value"), "{text:?}: {e}");
        }
        let e = err("bk_app_code=x&bk_biz_id=1");
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.starts_with("no JSON value"), "{e}");
        let e = err("This API takes no parameters.\nSee the docs.");
        assert!(e.message.starts_with("no JSON value"), "{e}");
    }

    #[test]
    fn garbage_errors_have_positions() {
        let e = err("{\n  \"a\": 1,\n  \"b\": @\n}");
        assert_eq!((e.line, e.column), (3, 8));
        let e = err("{\n  \"a\": \"never closed\n}\n");
        assert_eq!((e.line, e.column), (2, 8));
        assert!(e.message.contains("unterminated string"), "{e}");
        let e = err("{\n  \"a\": [1, 2\n");
        assert!(
            e.message
                .contains("unterminated array (opened at line 2, column 8)"),
            "{e}"
        );
        let e = err("{\"a\": 1");
        assert!(e.message.contains("unterminated object"), "{e}");
        let e = err("{\"a\": 1}\n}");
        assert_eq!((e.line, e.column), (2, 1));
        let e = err("{\"a\" 1}");
        assert!(e.message.contains("expected ':'"), "{e}");
        let e = err("{[1]: 2}");
        assert!(e.message.contains("expected a key"), "{e}");
        let e = err("[1, /]");
        assert_eq!((e.line, e.column), (1, 5));
        assert_eq!(e.to_string(), format!("line 1, column 5: {}", e.message));
    }

    #[test]
    fn fragments_are_errors_not_guesses() {
        let e = err("\"data\": {\n  \"a\": 1\n}");
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.contains("outside of any braces"), "{e}");
        let e = err("\"a\": 1,\n\"b\": 2");
        assert!(e.message.contains("outside of any braces"), "{e}");
        let e = err("Example {\n}");
        assert!(e.message.contains("opening bracket"), "{e}");
    }

    #[test]
    fn depth_limit() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(read(&nested(MAX_DEPTH)).is_ok());
        let e = err(&nested(MAX_DEPTH + 1));
        assert!(e.message.contains("nesting deeper"), "{e}");
        assert!(e.too_deep);
        assert!(!err("[1 2]").too_deep);
        assert_eq!(e.column, MAX_DEPTH + 1);
        let e = err(&nested(10_000));
        assert!(e.message.contains("nesting deeper"), "{e}");
        let objects = format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
        assert!(err(&objects).message.contains("nesting deeper"));
        // Unclosed deep nesting too.
        assert!(err(&"[{\"a\":".repeat(10_000))
            .message
            .contains("nesting deeper"));
    }

    #[test]
    fn read_error_and_repair_display() {
        let e = ReadError {
            line: 2,
            column: 3,
            message: "boom".into(),
            too_deep: false,
        };
        assert_eq!(e.to_string(), "line 2, column 3: boom");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert_eq!(boxed.to_string(), "line 2, column 3: boom");
        let r = Repair {
            line: 1,
            column: 4,
            kind: RepairKind::TrailingComma,
        };
        assert_eq!(r.to_string(), "line 1, column 4: superfluous comma removed");
        let json = serde_json::to_value(r).unwrap_or(Value::Null);
        assert_eq!(
            json,
            json!({"line": 1, "column": 4, "kind": "TrailingComma"})
        );
    }

    // ---- positions -----------------------------------------------------------

    /// The one value read from `text` and where its parts are.
    fn placed(text: &str) -> ReadValue {
        let mut r = ok(text);
        assert_eq!(r.values.len(), 1, "{text:?}");
        r.values.remove(0)
    }

    /// `(line, column, text)` of the key of the member at `path`, or of the value when it is
    /// an element; segments that are numbers are indices.
    fn key_at(text: &str, v: &ReadValue, path: &[&str]) -> (usize, usize, String) {
        let place = place_at(v, path);
        let span = place.key.unwrap_or(place.value);
        (span.line(), span.column(), span.text(text).to_owned())
    }

    fn place_at(v: &ReadValue, path: &[&str]) -> Place {
        let mut at = PathKey::ROOT;
        for seg in path {
            at = match seg.parse::<usize>() {
                Ok(i) => at.index(i),
                Err(_) => at.key(seg),
            };
        }
        match v.positions.get(at) {
            Some(place) => *place,
            None => panic!("no place for {path:?} in {:?}", v.positions),
        }
    }

    /// 1-based line and column (in characters) of the first `needle` in `text`.
    fn find(text: &str, needle: &str) -> (usize, usize) {
        let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in {text:?}"));
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    fn expect_key(text: &str, v: &ReadValue, path: &[&str], token: &str) {
        let (line, column) = find(text, token);
        assert_eq!(key_at(text, v, path), (line, column, token.to_owned()), "{path:?} in {text:?}");
    }

    #[test]
    fn positions_of_nested_members() {
        let text = "{\n  \"data\": {\n    \"info\": {\"id\": 1, \"name\": \"x\"},\n    \"count\": 2\n  }\n}";
        let v = placed(text);
        expect_key(text, &v, &["data"], "\"data\"");
        expect_key(text, &v, &["data", "info"], "\"info\"");
        expect_key(text, &v, &["data", "info", "id"], "\"id\"");
        expect_key(text, &v, &["data", "info", "name"], "\"name\"");
        expect_key(text, &v, &["data", "count"], "\"count\"");
        // Values: scalars whole, objects and arrays by their opening bracket.
        let info = place_at(&v, &["data", "info"]).value;
        assert_eq!((info.line(), info.column(), info.text(text)), (3, 13, "{"));
        let name = place_at(&v, &["data", "info", "name"]).value;
        assert_eq!(name.text(text), "\"x\"");
        let root = place_at(&v, &[]);
        assert_eq!((root.key, root.value.line(), root.value.column()), (None, 1, 1));
        assert!(v.positions.get(PathKey::ROOT.key("info")).is_none());
        assert_eq!(v.positions.len(), 6);
    }

    #[test]
    fn positions_of_array_elements() {
        let text = "{\"list\": [\n  1,\n  ...,\n  {\"x\": -2.5e1},\n  [true, \"s\"]\n]}";
        let v = placed(text);
        assert_eq!(v.value["list"][1]["x"], json!(-25.0));
        // The ellipsis is dropped and takes no index.
        assert_eq!(key_at(text, &v, &["list", "0"]), (2, 3, "1".into()));
        assert_eq!(key_at(text, &v, &["list", "1"]), (4, 3, "{".into()));
        expect_key(text, &v, &["list", "1", "x"], "\"x\"");
        let x = place_at(&v, &["list", "1", "x"]).value;
        assert_eq!(x.text(text), "-2.5e1");
        assert_eq!(key_at(text, &v, &["list", "2", "1"]), (5, 10, "\"s\"".into()));
        assert!(v.positions.get(PathKey::ROOT.key("list").index(3)).is_none());
        // Keys and indices are different steps.
        assert_ne!(PathKey::ROOT.key("0"), PathKey::ROOT.index(0));
        assert_ne!(PathKey::ROOT.key("a").key("b"), PathKey::ROOT.key("b").key("a"));
        assert_ne!(PathKey::ROOT.key("ab"), PathKey::ROOT.key("a").key("b"));
    }

    #[test]
    fn positions_are_of_the_text_as_written() {
        let text = "Response:\n{ // note\n  'a': True, /* x */ b: None,,\n  “c”: [1, 2,],\n  # gone\n  d-e: 'it\\'s', \"f\": +1\n  \"g\": 0x1F\n}";
        let r = ok(text);
        assert!(!r.repairs.is_empty());
        let v = &r.values[0];
        assert_eq!(v.line, 2);
        expect_key(text, v, &["a"], "'a'");
        expect_key(text, v, &["b"], "b");
        expect_key(text, v, &["c"], "“c”");
        expect_key(text, v, &["d-e"], "d-e");
        expect_key(text, v, &["f"], "\"f\"");
        expect_key(text, v, &["g"], "\"g\"");
        let span = |path: &[&str]| {
            place_at(v, path).value.text(text)
        };
        assert_eq!(
            [span(&["a"]), span(&["b"]), span(&["c", "1"]), span(&["d-e"]), span(&["f"]), span(&["g"])],
            ["True", "None", "2", "'it\\'s'", "+1", "0x1F"]
        );
    }

    #[test]
    fn positions_with_crlf_escapes_and_non_ascii() {
        let text = "{\r\n  \"名称\": \"中文\", \"a\\\"b\": 1, \"\\u540d\": [\"x\"],\r\n\t\"emoji😀\": 1, \"z\": 2\r\n}\r\n";
        let v = placed(text);
        assert_eq!(v.value["a\"b"], json!(1));
        assert_eq!(v.value["名"], json!(["x"]));
        expect_key(text, &v, &["名称"], "\"名称\"");
        // Columns count characters, as the renderer does: `"a\"b"` is at column 15 (bytes
        // would make it 23).
        expect_key(text, &v, &["a\"b"], "\"a\\\"b\"");
        assert_eq!(key_at(text, &v, &["a\"b"]).1, 15);
        expect_key(text, &v, &["名"], "\"\\u540d\"");
        expect_key(text, &v, &["名", "0"], "\"x\"");
        // A tab is one character; the line before ended in CRLF.
        expect_key(text, &v, &["emoji😀"], "\"emoji😀\"");
        assert_eq!(key_at(text, &v, &["emoji😀"]).1, 2);
        expect_key(text, &v, &["z"], "\"z\"");
        assert_eq!(key_at(text, &v, &["z"]).1, 15);
    }

    #[test]
    fn positions_of_repeated_keys_and_several_values() {
        let text = "{\"a\": {\"x\": 1}, \"a\": {\"y\": 2}}\n[{\"a\": 3}]\n\"scalar\"\n";
        let r = ok(text);
        assert_eq!(r.values.len(), 3);
        // The kept value is the last one: it is where the key points.
        assert_eq!(r.values[0].value, json!({"a": {"y": 2}}));
        assert_eq!(key_at(text, &r.values[0], &["a"]), (1, 17, "\"a\"".into()));
        assert_eq!(key_at(text, &r.values[0], &["a", "y"]), (1, 23, "\"y\"".into()));
        // Each value has its own table, from its own root.
        assert_eq!(key_at(text, &r.values[1], &["0", "a"]), (2, 3, "\"a\"".into()));
        assert!(r.values[1].positions.get(PathKey::ROOT.key("a")).is_none());
        let s = place_at(&r.values[2], &[]).value;
        assert_eq!((s.line(), s.column(), s.text(text)), (3, 1, "\"scalar\""));
        assert_eq!(r.values[2].positions.len(), 1);
    }

    // ---- robustness ----------------------------------------------------------

    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn check_no_panic(text: &str) {
        let result = std::panic::catch_unwind(|| read(text));
        match result {
            Ok(Ok(r)) => assert!(!r.values.is_empty(), "Ok without values for {text:?}"),
            Ok(Err(e)) => {
                assert!(
                    e.line >= 1 && e.column >= 1,
                    "bad position for {text:?}: {e}"
                );
                assert!(
                    e.line <= text.lines().count().max(1) + 1,
                    "line out of range for {text:?}: {e}"
                );
            }
            Err(_) => panic!("read panicked on {text:?}"),
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let len = rng.below(64);
            let bytes: Vec<u8> = (0..len).map(|_| (rng.next() >> 24) as u8).collect();
            check_no_panic(&String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn random_json_ish_text_never_panics() {
        const PIECES: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "'",
            "“",
            "”",
            "‘",
            "’",
            "\\",
            "\\u",
            "\\ud83d",
            "d800",
            "\n",
            " ",
            "\t",
            "//",
            "#",
            "/*",
            "*/",
            "/",
            "...",
            "…",
            "True",
            "None",
            "null",
            "undefined",
            "abc",
            "$x",
            "0",
            "-",
            "+",
            ".",
            "e",
            "1",
            "9",
            "0x",
            "07",
            "1e999",
            "18446744073709551616",
            "Request:",
            "=",
            "\r",
            "\u{feff}",
        ];
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        for _ in 0..5000 {
            let n = rng.below(24);
            let text: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            check_no_panic(&text);
        }
    }

    #[test]
    fn mutated_valid_json_never_panics() {
        let base =
            "{\"a\": [1, 2.5, -3e2, \"x\\n\"], 'b': {c: True, \"d\": null}, // c\n \"e\": [...]}";
        let chars: Vec<char> = base.chars().collect();
        let mut rng = XorShift(0xDEAD_BEEF_CAFE_F00D);
        for _ in 0..3000 {
            let mut c = chars.clone();
            for _ in 0..=rng.below(4) {
                let i = rng.below(c.len());
                match rng.below(3) {
                    0 => {
                        c.remove(i);
                    }
                    1 => c.insert(i, chars[rng.below(chars.len())]),
                    _ => {
                        let j = rng.below(c.len());
                        c.swap(i, j);
                    }
                }
            }
            check_no_panic(&c.into_iter().collect::<String>());
        }
    }
}
