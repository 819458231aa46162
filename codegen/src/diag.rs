//! Diagnostics: what the generator tells a doc author, always with the file and line.
//!
//! Every stage reports through a [`Diagnostics`] sink instead of failing, so one
//! broken doc never stops the others from generating.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was decided on the author's behalf; output is still complete.
    Warning,
    /// Part or all of a doc could not be generated.
    Error,
}

/// A stable diagnostic code. The number never changes meaning once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Code {
    /// The doc names no HTTP method and no route source supplies one.
    NoMethod,
    /// The HTTP method word is not one we know.
    UnknownMethod,
    /// The doc has no request address and no route source supplies one.
    NoAddress,
    /// A type word in a table is not in the vocabulary.
    UnknownType,
    /// A Required cell is prose or unknown; the field is taken as optional.
    UnclearRequired,
    /// An example could not be read as JSON even leniently.
    BadExample,
    /// An example needed repairs (trailing commas, comments ...).
    RepairedExample,
    /// A nested table names no field that exists.
    OrphanTable,
    /// A field appears in an example but in no table.
    UndocumentedField,
    /// The table and the example disagree on a field's type.
    TypeConflict,
    /// A table row has fewer cells than the header.
    ShortRow,
    /// A table lacks a Field column.
    NoFieldColumn,
    /// A field name occurs twice in one table.
    DuplicateField,
    /// The doc could not be read (not UTF-8, too large ...).
    Unreadable,
    /// The same API is documented more than once.
    DuplicateApi,
}

impl Code {
    /// The code as printed, e.g. `E0102`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NoMethod => "E0001",
            Code::UnknownMethod => "E0002",
            Code::NoAddress => "E0003",
            Code::Unreadable => "E0004",
            Code::UnknownType => "W0102",
            Code::UnclearRequired => "W0103",
            Code::NoFieldColumn => "W0104",
            Code::ShortRow => "W0105",
            Code::DuplicateField => "W0106",
            Code::OrphanTable => "W0201",
            Code::BadExample => "W0301",
            Code::RepairedExample => "W0302",
            Code::UndocumentedField => "W0303",
            Code::TypeConflict => "W0304",
            Code::DuplicateApi => "W0401",
        }
    }
}

/// One message about one place in one doc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// The doc, as given on the command line or found in a folder.
    pub file: PathBuf,
    /// 1-based line, 0 when the whole file is meant.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{sev}[{}]: {}", self.code.as_str(), self.message)?;
        write!(f, "\n  --> {}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics for one doc at a time; cheap to pass around mutably.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// A sink bound to no file; [`Diagnostics::report`] takes the file each time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a diagnostic.
    pub fn report(
        &mut self,
        severity: Severity,
        code: Code,
        file: &Path,
        line: usize,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        self.items.push(Diagnostic {
            severity,
            code,
            file: file.to_path_buf(),
            line,
            message: message.into(),
            hint: hint.map(str::to_owned),
        });
    }

    /// All diagnostics so far, in the order reported.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Takes the diagnostics out.
    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }

    /// How many have the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }
}

/// A reporter bound to one doc, so the stages below need not carry the path.
pub struct DocDiag<'a> {
    /// The doc's path.
    pub file: &'a Path,
    /// Where diagnostics go.
    pub sink: &'a mut Diagnostics,
}

impl DocDiag<'_> {
    /// A warning at `line`.
    pub fn warn(&mut self, code: Code, line: usize, message: impl Into<String>, hint: Option<&str>) {
        self.sink.report(Severity::Warning, code, self.file, line, message, hint);
    }

    /// An error at `line`.
    pub fn error(&mut self, code: Code, line: usize, message: impl Into<String>, hint: Option<&str>) {
        self.sink.report(Severity::Error, code, self.file, line, message, hint);
    }
}
