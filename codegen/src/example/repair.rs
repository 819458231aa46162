//! The repairs the reader makes: each deviation from strict JSON it accepted, and where, so
//! that the caller can warn about them.

use std::fmt;

use serde::Serialize;

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
