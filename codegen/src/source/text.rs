//! A file's bytes → text: bounded reads of regular files only ([`super::fs`]), UTF-8 with a
//! few bad bytes replaced, UTF-16 and binary files refused, each failure with a place in the
//! file and a hint.

use super::{fs, MAX_DOC_BYTES};
use crate::diag::{Code, DocDiag, Loc};
use std::io;
use std::path::Path;

/// At most this many byte sequences of a doc may be invalid UTF-8 for it to be read anyway
/// (with them replaced): a stray Latin-1 character is worth a warning, a doc in another
/// encoding (GBK) is not text we can read.
pub const MAX_BAD_UTF8: usize = 16;

/// A place in a file, for diagnostics about its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

impl Pos {
    /// The line and column of byte `offset` of `bytes`.
    fn of(bytes: &[u8], offset: usize) -> Pos {
        let before = &bytes[..offset.min(bytes.len())];
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        Pos {
            line,
            column: String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1,
        }
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadFailure {
    /// The file system said no.
    Io(io::Error),
    /// A FIFO, socket, device or folder: never opened.
    NotAFile(&'static str),
    /// Larger than the limit.
    TooLarge {
        /// Its size in bytes.
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// UTF-16 text (a byte-order mark says so).
    Utf16,
    /// NUL bytes: a binary file.
    Binary(Pos),
    /// Too many bytes that are not UTF-8 (another encoding).
    NotUtf8 {
        /// The first bad byte.
        at: Pos,
        /// How many invalid sequences.
        count: usize,
    },
}

impl ReadFailure {
    /// Where in the file the problem is (line 1 for the whole file).
    pub fn pos(&self) -> Pos {
        match self {
            ReadFailure::Binary(at) | ReadFailure::NotUtf8 { at, .. } => *at,
            _ => Pos { line: 1, column: 1 },
        }
    }

    /// What is wrong, about a file that is a `what` (`Markdown doc`, `conf file`).
    pub fn describe(&self, what: &str) -> String {
        match self {
            ReadFailure::Io(e) => format!("cannot read the {what}: {e}"),
            ReadFailure::NotAFile(kind) => {
                format!("the path is {kind}, not a regular file; it is never opened as a {what}")
            }
            ReadFailure::TooLarge { bytes, limit } => {
                format!(
                    "the {what} is {bytes} bytes, over the {limit}-byte ({} KiB) limit",
                    limit / 1024
                )
            }
            ReadFailure::Utf16 => format!("the {what} is UTF-16 text, not UTF-8"),
            ReadFailure::Binary(at) => {
                format!(
                    "the file holds a NUL byte (line {}, column {}): it is binary, not a {what}",
                    at.line, at.column
                )
            }
            ReadFailure::NotUtf8 { count, .. } => {
                format!("the {what} is not UTF-8 text: {count} byte sequences are not UTF-8, the first here")
            }
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            ReadFailure::Io(_) => "check that the file exists and can be read",
            ReadFailure::NotAFile(_) => "give only regular files the extension of a doc or conf",
            ReadFailure::TooLarge { .. } => {
                "split the file, or check that it is the file you meant"
            }
            ReadFailure::Utf16 | ReadFailure::NotUtf8 { .. } => "save the file as UTF-8",
            ReadFailure::Binary(_) => "give only Markdown docs the .md extension",
        }
    }
}

/// A file's text, and where bytes that are not UTF-8 were replaced (how many, the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The text, without a byte-order mark.
    pub text: String,
    /// Invalid UTF-8 sequences replaced by U+FFFD: how many, and where the first was.
    pub replaced: Option<(usize, Pos)>,
}

/// Reads a file of at most `limit` bytes as UTF-8 text, replacing up to [`MAX_BAD_UTF8`]
/// invalid sequences.
pub fn read_text(path: &Path, limit: u64) -> Result<Text, ReadFailure> {
    match fs::read_bounded(path, limit) {
        Ok(Ok(bytes)) => decode(&bytes),
        Ok(Err(bytes)) => Err(ReadFailure::TooLarge { bytes, limit }),
        Err(fs::NotRead::Io(e)) => Err(ReadFailure::Io(e)),
        Err(fs::NotRead::NotAFile(what)) => Err(ReadFailure::NotAFile(what)),
    }
}

/// Decodes a file's bytes (see [`read_text`]).
pub fn decode(bytes: &[u8]) -> Result<Text, ReadFailure> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(ReadFailure::Utf16);
    }
    if let Some(i) = bytes.iter().position(|b| *b == 0) {
        return Err(ReadFailure::Binary(Pos::of(bytes, i)));
    }
    let (text, replaced) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), None),
        Err(e) => {
            let first = Pos::of(bytes, e.valid_up_to());
            let count = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            if count > MAX_BAD_UTF8 {
                return Err(ReadFailure::NotUtf8 { at: first, count });
            }
            (
                String::from_utf8_lossy(bytes).into_owned(),
                Some((count, first)),
            )
        }
    };
    // A byte-order mark would otherwise end up in the first heading.
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    Ok(Text { text, replaced })
}

/// Reads a doc's text, refusing what is too large or not UTF-8 text.
pub fn read(path: &Path) -> Result<String, String> {
    read_text(path, MAX_DOC_BYTES)
        .map(|t| t.text)
        .map_err(|e| e.describe("Markdown doc"))
}

/// Reads a doc for inference, reporting why it cannot be (an error: the doc is skipped) or
/// what was replaced to read it (a warning). An empty doc is an error too: there is nothing
/// to generate from.
pub fn read_doc(path: &Path, diag: &mut DocDiag<'_>) -> Option<String> {
    let text = match read_text(path, MAX_DOC_BYTES) {
        Ok(text) => text,
        Err(why) => {
            let code = if matches!(why, ReadFailure::TooLarge { .. }) {
                Code::DocTooLarge
            } else {
                Code::Unreadable
            };
            let at = why.pos();
            diag.error(
                code,
                Loc::at(at.line, at.column),
                format!("{}; the doc is skipped", why.describe("Markdown doc")),
                Some(why.hint()),
            );
            return None;
        }
    };
    if let Some((count, at)) = text.replaced {
        diag.warn(
            Code::InvalidUtf8,
            Loc::at(at.line, at.column),
            format!("{count} byte sequence(s) of the doc are not UTF-8, the first here; they were replaced by U+FFFD and the doc read anyway"),
            Some("save the file as UTF-8"),
        );
    }
    if text.text.trim().is_empty() {
        diag.error(
            Code::EmptyDoc,
            1,
            "the doc is empty; there is nothing to generate from, it is skipped",
            Some("write the doc, or remove the file"),
        );
        return None;
    }
    Some(text.text)
}
