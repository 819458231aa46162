//! Finding docs: files and folders given by the user → one [`SourceDoc`] per API doc, with its
//! route when a conf or resource file beside it gives one, in a sorted, deterministic order.
//!
//! Three dialects (see the guide's `formats.md`):
//! - ESB docs sit in `<system>/{en,zh_hans}/` with a YAML conf (`<system>/*.yaml`, [`esb`]) that
//!   maps each doc's file stem to a method and path;
//! - API-gateway docs sit in `<gateway>/{en,zh}/` with a swagger resource file ([`gateway`]) whose
//!   `operationId`s are the docs' file stems;
//! - self-contained docs carry their method and address in the Markdown; no file routes them.
//!
//! The same API in two languages is one [`SourceDoc`]: the English doc is read and the other
//! kept in [`SourceDoc::alternates`]. The same API found in two places is resolved later, once
//! every doc's system is known (see [`SourceDoc::preference`]).

pub mod esb;
pub mod fs;
pub mod gateway;
pub mod routes;

use crate::diag::{Code, Diagnostics, DocDiag, Loc, Severity};
use crate::ir::Route;
use crate::Error;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

/// Docs larger than this are not read: no real API doc comes close, and a runaway file must
/// not cost minutes.
pub const MAX_DOC_BYTES: u64 = 1024 * 1024;

/// Conf and resource files larger than this are not read (the largest real one is ~400 KB).
pub const MAX_CONF_BYTES: u64 = 16 * 1024 * 1024;

/// The language a doc is written in, as its folder says; ordered by preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// In an `en` folder: preferred, its text gives English identifiers and docs.
    En,
    /// In a folder that names no language.
    Unknown,
    /// In a `zh`, `zh_hans`, `zh-cn` ... folder.
    Zh,
}

impl Lang {
    /// The language a folder name stands for, if any: `en` → English, `zh_hans` → Chinese.
    pub fn of_folder(name: &str) -> Option<Lang> {
        match name.to_ascii_lowercase().replace('-', "_").as_str() {
            "en" | "en_us" | "en_gb" | "english" => Some(Lang::En),
            "zh" | "zh_hans" | "zh_hant" | "zh_cn" | "zh_tw" | "cn" | "chinese" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The language of a doc: that of the folder it is in.
    pub fn of_doc(path: &Path) -> Lang {
        path.parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .and_then(Lang::of_folder)
            .unwrap_or(Lang::Unknown)
    }

    fn describe(self) -> &'static str {
        match self {
            Lang::En => "in English",
            Lang::Unknown => "in a folder that names no language",
            Lang::Zh => "in Chinese",
        }
    }
}

/// How a doc's route is known before the doc is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An ESB conf or gateway resource file lists the doc and gives its route.
    Routed {
        /// The conf or resource file.
        file: PathBuf,
        /// The system the file says the API belongs to.
        system: String,
        /// Method, path and authentication.
        route: Route,
    },
    /// Conf or resource files cover the doc's folder, but none gives a route for it: the doc
    /// must give its own.
    Unlisted {
        /// The conf or resource files that were searched.
        files: Vec<PathBuf>,
        /// The system those files are about, when they say.
        system: Option<String>,
        /// Whether an entry names the doc (but lacks a usable method or path, reported
        /// against the file), rather than no entry at all.
        listed: bool,
        /// The route the files' convention gives the doc when it names none itself.
        convention: Option<Conventional>,
    },
    /// No conf or resource file near the doc: it gives its own route.
    SelfContained,
}

/// A route that follows from an ESB conf's convention rather than from an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conventional {
    /// The route.
    pub route: Route,
    /// The conf whose entries show the convention.
    pub file: PathBuf,
    /// The convention, with how many entries follow it.
    pub rule: routes::Convention,
}

/// One API doc to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDoc {
    /// Path as found (input path joined with the walk).
    pub path: PathBuf,
    /// The API's wire name: the conf entry's name, else the file stem (trimmed).
    pub name: String,
    /// The language of `path`.
    pub lang: Lang,
    /// Where the route comes from.
    pub origin: Origin,
    /// The same API's docs in other languages, not read today (kept for later use).
    pub alternates: Vec<PathBuf>,
}

impl SourceDoc {
    /// The route a conf or resource file gives, if any.
    pub fn route(&self) -> Option<&Route> {
        match &self.origin {
            Origin::Routed { route, .. } => Some(route),
            _ => None,
        }
    }

    /// The system a conf or resource file gives, if any (self-contained docs' system is known
    /// only once their address is read).
    pub fn system(&self) -> Option<&str> {
        match &self.origin {
            Origin::Routed { system, .. } => Some(system),
            Origin::Unlisted { system, .. } => system.as_deref(),
            Origin::SelfContained => None,
        }
    }

    /// Whether a conf or resource file gives the route.
    pub fn is_routed(&self) -> bool {
        matches!(self.origin, Origin::Routed { .. })
    }

    /// Which of two docs of the same API to use: `Less` when `self` is preferred, with the
    /// reason in words. The rule: a doc routed by a conf or resource file wins over one that
    /// routes itself; then English over unknown over Chinese; then the lexically first path.
    pub fn preference(&self, other: &SourceDoc) -> (Ordering, String) {
        let (a, b) = (self, other);
        if a.is_routed() != b.is_routed() {
            let (routed, by) = if a.is_routed() { (a, b) } else { (b, a) };
            let Origin::Routed { file, .. } = &routed.origin else {
                unreachable!()
            };
            let why = format!(
                "{} is routed by {} while {} gives its own route",
                routed.path.display(),
                file.display(),
                by.path.display()
            );
            return (
                if a.is_routed() {
                    Ordering::Less
                } else {
                    Ordering::Greater
                },
                why,
            );
        }
        if a.lang != b.lang {
            let (first, second) = if a.lang < b.lang { (a, b) } else { (b, a) };
            let why = format!(
                "{} is {} and {} {}",
                first.path.display(),
                first.lang.describe(),
                second.path.display(),
                second.lang.describe()
            );
            return (a.lang.cmp(&b.lang), why);
        }
        let order = a.path.cmp(&b.path);
        let first = if order == Ordering::Greater { b } else { a };
        let why = format!(
            "{} sorts first (both are routed alike and in the same language)",
            first.path.display()
        );
        (order, why)
    }
}

/// Whether `name` can be an API's wire name: ASCII letters, digits, `_`, `-` and `.`.
pub fn is_wire_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Expands inputs (files or folders, walked recursively) into API docs with their routes,
/// sorted by path, each file once, so the result never depends on the order inputs are listed
/// in. Problems with conf or resource files are reported to `sink`.
pub fn discover(inputs: &[PathBuf], sink: &mut Diagnostics) -> Result<Vec<SourceDoc>, Error> {
    // (doc path, the folder above which conf files are not searched)
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
    for input in inputs {
        if let Some(why) = fs::unsafe_name(input) {
            return Err(crate::ConfigError::InputPath {
                path: input.clone(),
                reason: why,
            }
            .into());
        }
        let io_err = |source| Error::Io {
            path: input.clone(),
            source,
        };
        let meta = std::fs::metadata(input).map_err(io_err)?;
        if meta.is_dir() {
            let root = std::fs::canonicalize(input).map_err(io_err)?;
            let mut walk = Walk {
                root: &root,
                input,
                seen: BTreeSet::from([root.clone()]),
                docs: &mut found,
                sink,
            };
            walk.folder(input).map_err(io_err)?;
        } else if meta.is_file() {
            found.push((input.clone(), parent_dir(input)));
        } else {
            skipped(
                sink,
                input,
                &format!(
                    "it is {}, not a regular file",
                    fs::describe(&meta.file_type())
                ),
            );
        }
    }
    // The same file reached through overlapping inputs counts once, searched from the widest root.
    found.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.components().count().cmp(&b.1.components().count()))
    });
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|(path, _)| {
        seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
    });

    let mut finder = routes::Finder::new(sink);
    let mut docs: Vec<SourceDoc> = found
        .iter()
        .map(|(path, root)| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("api")
                .trim();
            let (name, origin) = finder.origin(path, root, stem);
            SourceDoc {
                path: path.clone(),
                name,
                lang: Lang::of_doc(path),
                origin,
                alternates: Vec::new(),
            }
        })
        .collect();
    docs = merge_languages(docs);
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(docs)
}

/// Folds the same API's docs in other languages (`en/x.md` beside `zh_hans/x.md`) into the
/// preferred one's `alternates`. Two docs of one language stay apart: they are duplicates.
fn merge_languages(docs: Vec<SourceDoc>) -> Vec<SourceDoc> {
    let mut groups: BTreeMap<(PathBuf, String), Vec<SourceDoc>> = BTreeMap::new();
    for doc in docs {
        let dir = parent_dir(&doc.path);
        let base = if doc.lang == Lang::Unknown {
            dir
        } else {
            parent_dir(&dir)
        };
        groups
            .entry((base, doc.name.clone()))
            .or_default()
            .push(doc);
    }
    let mut out = Vec::new();
    for (_, mut group) in groups {
        group.sort_by(|a, b| a.preference(b).0);
        let mut rest = group.into_iter();
        let Some(mut primary) = rest.next() else {
            continue;
        };
        let mut langs = vec![primary.lang];
        for doc in rest {
            if primary.lang != Lang::Unknown
                && doc.lang != Lang::Unknown
                && !langs.contains(&doc.lang)
            {
                langs.push(doc.lang);
                primary.alternates.push(doc.path);
            } else {
                out.push(doc);
            }
        }
        out.push(primary);
    }
    out
}

/// The folder a path is in; `.` for a bare file name.
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A warning that a path found among the inputs is not read, and why.
fn skipped(sink: &mut Diagnostics, path: &Path, why: &str) {
    sink.report(
        Severity::Warning,
        Code::SkippedFile,
        path,
        0,
        format!("not read: {why}"),
        Some("give docs as regular files inside the input folder, with plain names"),
    );
}

/// One input folder's walk: docs found, in sorted order, each folder once.
struct Walk<'a> {
    /// The input folder's canonical path: links must stay inside it.
    root: &'a Path,
    /// The input folder as given (found paths are joined to it).
    input: &'a Path,
    /// Canonical paths of the folders walked, so that a link to a parent cannot loop.
    seen: BTreeSet<PathBuf>,
    docs: &'a mut Vec<(PathBuf, PathBuf)>,
    sink: &'a mut Diagnostics,
}

impl Walk<'_> {
    fn folder(&mut self, dir: &Path) -> io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for path in entries {
            let is_doc = path.extension().is_some_and(|e| e == "md") && !is_guide(&path);
            match fs::classify(&path, self.root) {
                // A `guide` folder beside the docs holds prose for people, not API docs.
                fs::Entry::Folder { .. } if path.file_name().is_some_and(|n| n == "guide") => {}
                fs::Entry::Folder { real } => {
                    if let Some(why) = fs::unsafe_name(&path) {
                        skipped(
                            self.sink,
                            &path,
                            &format!("the folder is not walked: {why}"),
                        );
                    } else if self.seen.insert(real) {
                        self.folder(&path)?;
                    }
                }
                fs::Entry::File if is_doc => match fs::unsafe_name(&path) {
                    Some(why) => skipped(self.sink, &path, why),
                    None => self.docs.push((path, self.input.to_path_buf())),
                },
                fs::Entry::File => {}
                fs::Entry::Skip(why) if is_doc || path.is_symlink() => {
                    skipped(self.sink, &path, &why)
                }
                fs::Entry::Skip(_) => {}
            }
        }
        Ok(())
    }
}

/// Files in a docs folder that are prose for people, not API docs.
fn is_guide(path: &Path) -> bool {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    matches!(
        stem.to_ascii_lowercase().as_str(),
        "readme" | "guide" | "changelog" | "index" | "sources" | "license" | "contributing"
    ) || stem.starts_with("guide")
}

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

#[cfg(test)]
mod tests;
