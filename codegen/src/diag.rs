//! Diagnostics: what the generator tells a doc author, always with the file, line and column.
//!
//! Every stage reports through a [`Diagnostics`] sink instead of failing, so one
//! broken doc never stops the others from generating. Reporters give a line and, where they
//! know it, a column or the text on the line that is wrong ([`Loc`]); [`render`] reads the
//! file when the diagnostic is printed to show the line with a marker under that text, the
//! way rustc does, or turns it into one JSON object for editors and CI.
//!
//! # Codes
//!
//! A code's number never changes meaning once released; `E` codes are errors (the doc, or
//! the API, is skipped), `W` codes warnings (something was decided on the author's behalf).
//!
//! | code | meaning |
//! |---|---|
//! | E0001 | no request method |
//! | E0002 | the method word is not an HTTP method |
//! | E0003 | no request address (or it is not a path) |
//! | E0004 | the doc cannot be read: I/O error, binary file, not UTF-8 text |
//! | E0005 | the doc is larger than the size limit |
//! | E0006 | the doc is empty |
//! | W0007 | the method section names several methods; the first is used |
//! | W0008 | a few bytes are not UTF-8; they were replaced |
//! | W0009 | route taken from the ESB conf's convention, not from an entry |
//! | W0010 | a file or folder among the inputs is not read (special file, link out of the input folder, unsafe name) |
//! | W0011 | a system's name is not a usable Rust module and cargo feature name; it was changed |
//! | W0012 | two APIs or systems would get the same Rust name; one was renamed |
//! | W0013 | the doc's own method or address differs from its conf or resource file's |
//! | W0014 | the doc documents a second API; only the first is generated |
//! | W0102 | unknown type word |
//! | W0103 | Required cell is neither yes nor no |
//! | W0104 | table without a Field column |
//! | W0105 | row with fewer cells than the header |
//! | W0106 | field listed twice |
//! | W0107 | table without a Type column |
//! | W0108 | row with more cells than the header |
//! | W0109 | table with a header and no rows |
//! | W0110 | a second table documents an object and repeats fields of the first |
//! | W0111 | a table of values names no field |
//! | W0112 | a table of HTTP headers: not generated |
//! | W0113 | query-string fields of a call whose fields go in the body |
//! | W0201 | nested table naming no field |
//! | W0301 | example that is not JSON even leniently read |
//! | W0302 | example repaired (trailing commas, comments ...) |
//! | W0303 | field in an example that no table documents |
//! | W0304 | table and example disagree |
//! | W0305 | response example without the envelope |
//! | W0306 | code fence never closed |
//! | W0307 | a key in an example, or a row of a table, is data, prose or a placeholder, not a field name |
//! | W0308 | a documented field is placed where the examples have it |
//! | W0309 | the address names a `{field}` no table documents |
//! | W0601 | an override matched no field |
//! | N0013 | a file in an input folder is not a doc or conf (note) |
//! | W0401 | API documented more than once |
//! | W0501 | table over the row or column limit |
//! | W0502 | doc over the limit of tables or rows |
//! | W0503 | example over the size limit |
//! | W0504 | example, or the types a doc describes, nested deeper than the limits |

pub mod render;

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
    /// For information: nothing was decided or lost (a file that is not a doc, skipped).
    Note,
}

/// A stable diagnostic code. The number never changes meaning once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Code {
    /// The doc names no HTTP method and no route source supplies one.
    NoMethod,
    /// The HTTP method word is not one we know.
    UnknownMethod,
    /// The doc has no request address (or none that is a path) and no route source supplies one.
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
    /// The doc (or a conf file) could not be read: an I/O error, a binary file, not UTF-8 text.
    Unreadable,
    /// The same API is documented more than once.
    DuplicateApi,
    /// The doc is larger than [`crate::source::MAX_DOC_BYTES`]; it is skipped unread.
    DocTooLarge,
    /// The doc holds no text.
    EmptyDoc,
    /// The method section names more than one method; the first is used.
    SeveralMethods,
    /// Some bytes of the doc are not UTF-8; they were replaced and the doc read anyway.
    InvalidUtf8,
    /// The ESB conf beside the doc has no entry for it and the doc names no route: the route
    /// follows the conf's `/v2/<system>/<name>/` convention.
    ConventionalRoute,
    /// A file or folder found among the inputs is not read: a FIFO, socket or device, a
    /// symbolic link out of the input folder, or a name that could inject lines into a build
    /// script's output.
    SkippedFile,
    /// A system's name cannot be a Rust module and cargo feature as it is (punctuation, a
    /// keyword, a name the package uses itself such as `lib` or `runtime`); it was changed.
    RenamedSystem,
    /// Two items would get the same Rust name (APIs `a-b` and `a_b`, an API named `new`); the
    /// later one was renamed.
    RenamedItem,
    /// A parameter table has no Type column: its fields take any JSON value.
    NoTypeColumn,
    /// A table row has more cells than the header; the extra cells are ignored.
    ExtraCells,
    /// A table has a header but no rows.
    EmptyTable,
    /// A response example shows no envelope (`result`, `code`, `data`); it is taken as `data`.
    NoEnvelope,
    /// A code fence is never closed; it is ended at the next section heading.
    UnclosedFence,
    /// A table has more rows or columns than the limits allow; the rest is ignored.
    TableTooLarge,
    /// A doc has more tables, or more rows in all, than the limits allow; the rest is ignored.
    TooManyTables,
    /// An example is larger than the limit allows; it is not read.
    ExampleTooLarge,
    /// An example is nested deeper than [`crate::example::MAX_DEPTH`] (it is not read), or the
    /// types a doc describes deeper than [`crate::infer::MAX_TYPE_DEPTH`] objects or
    /// [`crate::infer::MAX_CONTAINER_DEPTH`] lists and maps (the deeper part is kept as JSON).
    TooDeep,
    /// A second table documents an object another table documents, and repeats its fields.
    MergedTable,
    /// A table of values (`Value | Description`) names no field to attach them to.
    OrphanValues,
    /// An example has a key that is data or a placeholder among field names.
    DataKey,
    /// A documented field never appears at its table's level in the examples, but deeper: it
    /// is placed where the examples have it.
    MovedField,
    /// An override ([`crate::Config::field_type`]) matched no field.
    UnusedOverride,
    /// A file in an input folder is neither a doc nor a conf nor a route file (a note).
    NotADoc,
    /// The address has a `{field}` segment no table documents; the field is added.
    UndocumentedPathField,
    /// The doc names a method or address other than the conf or resource file routing it
    /// gives; the file's route is used.
    RouteDisagrees,
    /// A second method or address section after a whole API: the page documents another
    /// API, which is left out.
    SecondApi,
    /// A table of HTTP headers (`#### Header参数`): not request fields, not generated.
    HeaderParams,
    /// A table of query-string fields for a call that sends its fields in the body.
    QueryInBody,
}

impl Code {
    /// The code as printed, e.g. `E0102`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NoMethod => "E0001",
            Code::UnknownMethod => "E0002",
            Code::NoAddress => "E0003",
            Code::Unreadable => "E0004",
            Code::DocTooLarge => "E0005",
            Code::EmptyDoc => "E0006",
            Code::SeveralMethods => "W0007",
            Code::InvalidUtf8 => "W0008",
            Code::ConventionalRoute => "W0009",
            Code::SkippedFile => "W0010",
            Code::RenamedSystem => "W0011",
            Code::RenamedItem => "W0012",
            Code::UnknownType => "W0102",
            Code::UnclearRequired => "W0103",
            Code::NoFieldColumn => "W0104",
            Code::ShortRow => "W0105",
            Code::DuplicateField => "W0106",
            Code::NoTypeColumn => "W0107",
            Code::ExtraCells => "W0108",
            Code::EmptyTable => "W0109",
            Code::OrphanTable => "W0201",
            Code::BadExample => "W0301",
            Code::RepairedExample => "W0302",
            Code::UndocumentedField => "W0303",
            Code::TypeConflict => "W0304",
            Code::NoEnvelope => "W0305",
            Code::UnclosedFence => "W0306",
            Code::DuplicateApi => "W0401",
            Code::TableTooLarge => "W0501",
            Code::TooManyTables => "W0502",
            Code::ExampleTooLarge => "W0503",
            Code::TooDeep => "W0504",
            Code::MergedTable => "W0110",
            Code::OrphanValues => "W0111",
            Code::DataKey => "W0307",
            Code::MovedField => "W0308",
            Code::UnusedOverride => "W0601",
            Code::NotADoc => "N0013",
            Code::UndocumentedPathField => "W0309",
            Code::RouteDisagrees => "W0013",
            Code::SecondApi => "W0014",
            Code::HeaderParams => "W0112",
            Code::QueryInBody => "W0113",
        }
    }
}

/// Where in a file a diagnostic points: a line, and the column or the text on that line when
/// the reporter knows them. A bare line number converts into one (`diag.warn(code, 12, ..)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loc {
    /// 1-based line; 0 means the whole file and is reported as line 1.
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub column: usize,
    /// The text the diagnostic is about, to find on the line when the column is unknown.
    pub mark: Option<String>,
}

impl Loc {
    /// The whole of line `line`.
    pub fn line(line: usize) -> Self {
        Loc {
            line,
            ..Loc::default()
        }
    }

    /// Line and 1-based column (in characters).
    pub fn at(line: usize, column: usize) -> Self {
        Loc {
            line,
            column,
            mark: None,
        }
    }

    /// Points at `text` on the line (its first occurrence; the whole line when it is not there).
    pub fn mark(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.mark = (!text.trim().is_empty()).then_some(text);
        self
    }
}

impl From<usize> for Loc {
    fn from(line: usize) -> Self {
        Loc::line(line)
    }
}

/// One message about one place in one doc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// The doc (or conf file), as given on the command line or found in a folder.
    pub file: PathBuf,
    /// 1-based line; a diagnostic about the whole file points at line 1.
    pub line: usize,
    /// 1-based column in characters; 0 when the reporter did not know it (see `mark`).
    pub column: usize,
    /// The text on the line the diagnostic is about, when the reporter knew it but not its
    /// column: the renderer finds it there (see [`render::Sources::locate`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Severity {
    /// `error`, `warning` or `note`, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
            Severity::Note => "note",
        }
    }
}

/// The one-line form without the source line (the renderer in [`render`] adds it).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code.as_str(),
            self.message
        )?;
        write!(f, "\n  --> {}:{}", self.file.display(), self.line)?;
        if self.column > 0 {
            write!(f, ":{}", self.column)?;
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

    /// Records a diagnostic about line `line` of `file` (0: the whole file, reported as line 1).
    pub fn report(
        &mut self,
        severity: Severity,
        code: Code,
        file: &Path,
        line: usize,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        self.report_at(severity, code, file, Loc::line(line), message, hint);
    }

    /// Records a diagnostic at a [`Loc`].
    pub fn report_at(
        &mut self,
        severity: Severity,
        code: Code,
        file: &Path,
        at: impl Into<Loc>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        let at = at.into();
        self.push(Diagnostic {
            severity,
            code,
            file: file.to_path_buf(),
            line: at.line,
            column: at.column,
            mark: at.mark,
            message: message.into(),
            hint: hint.map(str::to_owned),
        });
    }

    /// Records a diagnostic as it is (line 0 becomes line 1: every diagnostic has a line).
    pub fn push(&mut self, mut d: Diagnostic) {
        d.line = d.line.max(1);
        self.items.push(d);
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
    /// A warning at `at` (a line, or a [`Loc`]).
    pub fn warn(
        &mut self,
        code: Code,
        at: impl Into<Loc>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        self.sink
            .report_at(Severity::Warning, code, self.file, at, message, hint);
    }

    /// An error at `at` (a line, or a [`Loc`]).
    pub fn error(
        &mut self,
        code: Code,
        at: impl Into<Loc>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        self.sink
            .report_at(Severity::Error, code, self.file, at, message, hint);
    }
}
