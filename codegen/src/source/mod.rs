//! Finding docs: files and folders given by the user → one [`SourceDoc`] per API doc, with its
//! route when a conf or resource file beside it gives one, in a sorted, deterministic order.
//!
//! Three dialects (see the guide's `formats.md`):
//! - ESB docs sit in `<system>/{en,zh_hans}/` with a YAML conf (`<system>/*.yaml`, [`esb`]) that
//!   maps each doc's file stem to a method and path;
//! - API-gateway docs sit in `<gateway>/{en,zh}/` with a swagger resource file ([`gateway`]) whose
//!   `operationId`s are the docs' file stems;
//! - self-contained docs carry their method and address in the Markdown; no file routes them;
//! - legacy ESB components ([`component`]): `<system>/<api>.py` holds a `Component` class whose
//!   `suggest_method` gives the method, beside `<system>/apidocs/<lang>/<api>.md`.
//!
//! The same API in two languages is one [`SourceDoc`]: the English doc is read and the other
//! kept in [`SourceDoc::alternates`]. The same API found in two places is resolved later, once
//! every doc's system is known (see [`SourceDoc::preference`]).

pub mod component;
pub mod esb;
pub mod fs;
pub mod gateway;
pub mod route_file;
pub mod routes;
mod text;

pub use text::{decode, read, read_doc, read_text, Pos, ReadFailure, Text, MAX_BAD_UTF8};

use crate::diag::{Code, Diagnostics, Severity};
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
    pub rule: route_file::Convention,
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
            let is_doc = is_doc_name(&path) && !is_guide(&path);
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
                fs::Entry::File if is_doc_name(&path) => noted(
                    self.sink,
                    &path,
                    "the file is taken for a guide, prose for people",
                ),
                fs::Entry::File if !routes::is_route_file(&path) => noted(
                    self.sink,
                    &path,
                    "only .md and .markdown files are docs, and .yaml, .yml and .py files routes",
                ),
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

/// A doc's file name: `.md` or `.markdown`, in any case (`.MD`, `.Md`).
fn is_doc_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A note that a file found while walking a folder is not read as a doc.
fn noted(sink: &mut Diagnostics, path: &Path, why: &str) {
    sink.report(
        Severity::Note,
        Code::NotADoc,
        path,
        0,
        format!("not read as a doc: {why}"),
        None,
    );
}

/// Files in a docs folder that are prose for people, not API docs.
fn is_guide(path: &Path) -> bool {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    matches!(
        stem.to_ascii_lowercase().as_str(),
        "readme" | "guide" | "changelog" | "index" | "sources" | "license" | "contributing"
    ) || stem.starts_with("guide")
}

#[cfg(test)]
mod tests;
