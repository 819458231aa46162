//! Printing diagnostics: rustc-style text that shows the offending line with a marker under
//! the text it is about (drawn by `annotate-snippets`, the renderer rustc itself uses), or one
//! JSON object per diagnostic for editors and CI.
//!
//! Reporters record only a line and, when they know them, a column or the text on the line
//! ([`super::Loc`]); [`Sources`] reads each file once, when a diagnostic about it is first
//! printed, and resolves the column there. Text that is not on disk (tests, fuzzing) can be
//! given with [`Sources::insert`].

use super::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Files larger than this are not read to show their lines.
const MAX_SOURCE_BYTES: u64 = 16 * 1024 * 1024;

/// Lines longer than this (in characters) are cut to a window around the marker before
/// rendering, so a doc that is one huge line prints one short one.
const MAX_LINE_CHARS: usize = 240;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-style text with the source line.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
}

/// Where a diagnostic points, resolved against its file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// 1-based column just past the marked text (equal to `column` for an empty mark).
    pub end_column: usize,
    /// The line's text (control characters replaced), when the file could be read.
    pub text: Option<String>,
}

/// The texts of the files diagnostics point into, each read once when first needed.
#[derive(Debug, Default)]
pub struct Sources {
    files: HashMap<PathBuf, Option<Source>>,
}

/// A file's text and where its lines start, so that finding a line costs no scan.
#[derive(Debug)]
struct Source {
    text: String,
    starts: Vec<usize>,
}

impl Source {
    fn new(text: String) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source { text, starts }
    }

    /// Line `n` (1-based) without its line break.
    fn line(&self, n: usize) -> Option<&str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |next| next - 1);
        self.text.get(start..end)
    }
}

impl Sources {
    /// An empty cache: files are read from disk as diagnostics about them are printed.
    pub fn new() -> Self {
        Self::default()
    }

    /// Gives the text of `path` (for text that is not on disk, or not as the disk has it).
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.files
            .insert(path.into(), Some(Source::new(text.into())));
    }

    fn source(&mut self, path: &Path) -> Option<&Source> {
        self.files
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                // Bounded and regular files only: a diagnostic may be about a FIFO or a device.
                let bytes = crate::source::fs::read_bounded(path, MAX_SOURCE_BYTES)
                    .ok()?
                    .ok()?;
                Some(Source::new(String::from_utf8_lossy(&bytes).into_owned()))
            })
            .as_ref()
    }

    /// Resolves where `d` points: its column (found from its mark, or the line's first
    /// non-blank character) and the line's text.
    pub fn locate(&mut self, d: &Diagnostic) -> Located {
        let line = d.line.max(1);
        let text = self.source(&d.file).and_then(|s| s.line(line)).map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            let l = l.strip_prefix('\u{feff}').unwrap_or(l);
            // Binary garbage must not reach the terminal; keep one char per char so columns hold.
            l.chars()
                .map(|c| {
                    if c.is_control() && c != '\t' {
                        '\u{fffd}'
                    } else {
                        c
                    }
                })
                .collect::<String>()
        });
        let chars: Vec<char> = text.as_deref().unwrap_or("").chars().collect();
        let mark_len = d.mark.as_ref().map(|m| m.chars().count());
        let (column, end_column) = if d.column > 0 {
            let len = mark_len.unwrap_or(1).max(1);
            let end = (d.column - 1 + len).min(chars.len()).max(d.column - 1);
            (d.column, end + 1)
        } else if let Some(i) = d.mark.as_deref().and_then(|m| find_chars(&chars, m)) {
            let len = mark_len.unwrap_or(0);
            (i + 1, i + 1 + len)
        } else {
            // The whole line, blanks around it left out.
            let first = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(0);
            let last = chars
                .iter()
                .rposition(|c| !c.is_whitespace())
                .map_or(first, |i| i + 1);
            (first + 1, last + 1)
        };
        Located {
            line,
            column,
            end_column,
            text,
        }
    }

    /// The rustc-style text of `d`, ending in a newline; `color` adds ANSI styles.
    pub fn render(&mut self, d: &Diagnostic, color: bool) -> String {
        let loc = self.locate(d);
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let path = d.file.display().to_string();
        let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
        let mut group = match loc
            .text
            .as_ref()
            .filter(|t| !t.trim().is_empty() && is_text(t))
        {
            Some(text) => {
                let (shown, span) = window(text, loc.column, loc.end_column);
                title.element(
                    Snippet::source(shown)
                        .line_start(loc.line)
                        .path(path)
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            None => title.element(Origin::path(path).line(loc.line).char_column(loc.column)),
        };
        if let Some(hint) = &d.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = renderer.render(&[group]);
        out.push('\n');
        out
    }

    /// `d` as one JSON object: severity, code, file, line, column, end_column, message, hint,
    /// and `rendered` (the plain text [`Sources::render`] prints).
    pub fn json(&mut self, d: &Diagnostic) -> Value {
        let loc = self.locate(d);
        json!({
            "severity": d.severity.as_str(),
            "code": d.code.as_str(),
            "file": d.file.display().to_string(),
            "line": loc.line,
            "column": loc.column,
            "end_column": loc.end_column,
            "message": d.message,
            "hint": d.hint,
            "source_line": loc.text,
            "rendered": self.render(d, false),
        })
    }

    /// `d` in `format`: rendered text, or its JSON object on one line; ends in a newline.
    pub fn format(&mut self, d: &Diagnostic, format: Format, color: bool) -> String {
        match format {
            // A blank line between diagnostics, as rustc prints them.
            Format::Human => self.render(d, color) + "\n",
            Format::Json => format!("{}\n", self.json(d)),
        }
    }
}

/// Whether a line is worth showing (blank lines are not either): not mostly bytes that were not text (a binary file, or
/// one in another encoding).
fn is_text(line: &str) -> bool {
    let (all, bad) = line.chars().fold((0, 0), |(all, bad), c| {
        (all + 1, bad + usize::from(c == '\u{fffd}'))
    });
    bad * 4 <= all
}

/// Index (in chars) of the first occurrence of `needle` in `hay`.
fn find_chars(hay: &[char], needle: &str) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w == needle.as_slice())
}

/// The text to show for a line and the byte span of the marker in it: the line itself, or for
/// a very long line a window of it around the marker, with `...` where it was cut.
fn window(line: &str, column: usize, end_column: usize) -> (String, std::ops::Range<usize>) {
    let chars: Vec<char> = line.chars().collect();
    let (start, end) = (
        (column - 1).min(chars.len()),
        (end_column - 1).min(chars.len()),
    );
    let (from, to) = if chars.len() <= MAX_LINE_CHARS {
        (0, chars.len())
    } else {
        let from = start.saturating_sub(MAX_LINE_CHARS / 4);
        (from, (from + MAX_LINE_CHARS).min(chars.len()))
    };
    let end = end.clamp(start, to.max(start));
    let mut shown = String::new();
    if from > 0 {
        shown.push_str("...");
    }
    let byte = |s: &String| s.len();
    let mut span_start = 0;
    let mut span_end = 0;
    for (i, c) in chars.iter().enumerate().take(to).skip(from) {
        if i == start {
            span_start = byte(&shown);
        }
        if i == end {
            span_end = byte(&shown);
        }
        shown.push(*c);
    }
    if start >= to {
        span_start = byte(&shown);
    }
    if end >= to {
        span_end = byte(&shown);
    }
    if to < chars.len() {
        shown.push_str("...");
    }
    (shown, span_start..span_end.max(span_start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Diagnostics, Loc};

    fn one(text: &str, at: Loc) -> (Located, String) {
        let mut sink = Diagnostics::new();
        sink.report_at(
            Severity::Warning,
            Code::UnknownType,
            Path::new("docs/x.md"),
            at,
            "unknown type word `strng`",
            Some("write string"),
        );
        let mut sources = Sources::new();
        sources.insert("docs/x.md", text);
        let d = &sink.items()[0];
        (sources.locate(d), sources.render(d, false))
    }

    #[test]
    fn marks_the_text_on_the_line() {
        let (loc, out) = one("# t\n| a | strng | yes |\n", Loc::line(2).mark("strng"));
        assert_eq!((loc.line, loc.column, loc.end_column), (2, 7, 12));
        assert!(
            out.contains("warning[W0102]: unknown type word `strng`"),
            "{out}"
        );
        assert!(out.contains("--> docs/x.md:2:7"), "{out}");
        assert!(out.contains("| a | strng | yes |"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("= help: write string"), "{out}");
    }

    #[test]
    fn whole_line_without_mark_or_column() {
        let (loc, _) = one("\n   POST  \n", Loc::line(2));
        assert_eq!((loc.column, loc.end_column), (4, 8));
        let (loc, _) = one("\n   POST  \n", Loc::line(2).mark("PUT"));
        assert_eq!((loc.column, loc.end_column), (4, 8));
    }

    #[test]
    fn explicit_column_and_missing_file() {
        let (loc, out) = one("{\n  \"a\": 1 2\n}\n", Loc::at(2, 10));
        assert_eq!((loc.column, loc.end_column), (10, 11));
        assert!(out.contains("docs/x.md:2:10"), "{out}");
        let mut sink = Diagnostics::new();
        sink.report(
            Severity::Error,
            Code::Unreadable,
            Path::new("/nonexistent/x.md"),
            0,
            "gone",
            None,
        );
        let out = Sources::new().render(&sink.items()[0], false);
        assert!(out.contains("--> /nonexistent/x.md:1:1"), "{out}");
    }

    #[test]
    fn long_and_binary_lines_stay_short_and_printable() {
        let line = format!("{}strng{}", "x".repeat(5000), "\u{0}\u{1b}".repeat(50));
        let (loc, out) = one(&line, Loc::line(1).mark("strng"));
        assert_eq!(loc.column, 5001);
        assert!(out.len() < 2000, "{out}");
        assert!(!out.contains('\u{1b}') && !out.contains('\u{0}'), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        // A line that is mostly not text (a binary file) is not shown at all.
        let (_, out) = one(&"\u{0}\u{fffd}".repeat(100), Loc::line(1));
        assert!(!out.contains('|') && out.contains("docs/x.md:1:1"), "{out}");
    }

    #[test]
    fn json_has_every_field() {
        let mut sink = Diagnostics::new();
        sink.report_at(
            Severity::Error,
            Code::NoAddress,
            Path::new("d.md"),
            Loc::line(3).mark("cc"),
            "no address",
            None,
        );
        let mut sources = Sources::new();
        sources.insert("d.md", "a\nb\nsee cc\n");
        let v = sources.json(&sink.items()[0]);
        assert_eq!(v["code"], "E0003");
        assert_eq!(v["severity"], "error");
        assert_eq!(
            (
                v["line"].as_u64(),
                v["column"].as_u64(),
                v["end_column"].as_u64()
            ),
            (Some(3), Some(5), Some(7))
        );
        assert!(v["rendered"].as_str().unwrap().contains("see cc"));
        assert!(v["hint"].is_null());
    }
}
