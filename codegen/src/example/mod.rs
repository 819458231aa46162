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

use serde_json::Value;

mod parser;
mod positions;
mod repair;
mod scalars;
mod structure;
mod top_level;

#[cfg(test)]
mod tests;

pub use positions::{PathKey, Place, Positions, Span};
pub use repair::{Repair, RepairKind};

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
/// not (repairable) JSON.  See the module docs for what is accepted.
pub fn read(text: &str) -> Result<Read, ReadError> {
    top_level::read(text)
}
