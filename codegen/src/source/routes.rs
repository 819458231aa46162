//! Route files (ESB confs, gateway resource files) and the search for the one that routes a
//! doc: the doc's folder first, then the folders above it, up to the input folder.

use super::component;
use super::route_file::{Problem, RouteFile};
use super::{
    esb, fs, gateway, parent_dir, read_text, Conventional, Lang, Origin, Pos, ReadFailure,
    MAX_CONF_BYTES,
};
use crate::diag::{Code, Diagnostics, Loc, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reads a route file's text: an ESB conf, a gateway resource file, or `None` when it is
/// neither (any other YAML), with the problems found in it.
pub fn parse(path: &Path, text: &str) -> Result<Option<(RouteFile, Vec<Problem>)>, YamlError> {
    let value: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
        let (mut line, mut column) = e.location().map_or((1, 0), |l| (l.line(), l.column()));
        // At the end of the text the reader points past the last line: show the last one.
        let lines: Vec<&str> = text.lines().collect();
        if lines
            .get(line.wrapping_sub(1))
            .is_none_or(|l| l.trim().is_empty())
        {
            if let Some(i) = lines
                .iter()
                .take(line.saturating_sub(1))
                .rposition(|l| !l.trim().is_empty())
            {
                (line, column) = (i + 1, 0);
            }
        }
        YamlError {
            message: e.to_string(),
            line,
            column,
        }
    })?;
    Ok(esb::parse(&value, path, text).or_else(|| gateway::parse(&value, path, text)))
}

/// Why a YAML file does not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The YAML reader's message.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
}

/// Language suffixes some authors give a doc's file name (`list_host_total_mainline_topo_en`).
const LANG_SUFFIXES: &[&str] = &[
    "_en", "-en", "_zh", "-zh", "_zh_hans", "-zh-hans", "_cn", "-cn",
];

/// Finds docs' route files, reading each folder's YAML files once.
pub struct Finder<'s> {
    sink: &'s mut Diagnostics,
    dirs: BTreeMap<PathBuf, Vec<RouteFile>>,
}

impl<'s> Finder<'s> {
    /// A finder reporting problems with route files to `sink`.
    pub fn new(sink: &'s mut Diagnostics) -> Self {
        Finder {
            sink,
            dirs: BTreeMap::new(),
        }
    }

    /// The doc's wire name and how its route is known. The nearest folder holding route files
    /// decides: an entry there named like the doc (exactly, or without a language suffix
    /// such as `_en`) routes it; if none is, the doc is unlisted.
    pub fn origin(&mut self, doc: &Path, root: &Path, stem: &str) -> (String, Origin) {
        for dir in search_dirs(doc, root) {
            let files = self.files_in(&dir, root);
            if files.is_empty() {
                continue;
            }
            let stripped = LANG_SUFFIXES.iter().filter_map(|s| stem.strip_suffix(s));
            for key in std::iter::once(stem).chain(stripped) {
                for file in files {
                    let Some(entry) = file.entries.get(key) else {
                        continue;
                    };
                    let origin = match &entry.route {
                        Some(route) => Origin::Routed {
                            file: file.path.clone(),
                            system: entry.system.clone(),
                            route: route.clone(),
                        },
                        None => Origin::Unlisted {
                            files: vec![file.path.clone()],
                            system: Some(entry.system.clone()),
                            listed: true,
                            convention: None,
                        },
                    };
                    return (entry.name.clone(), origin);
                }
            }
            let system = files.iter().find_map(|f| f.system.clone());
            // The API a suffixed file documents is the stem without its language suffix
            // (`foo_en.md` beside `zh_hans/foo.md`), so that the two merge.
            let name = LANG_SUFFIXES
                .iter()
                .find_map(|s| stem.strip_suffix(s))
                .filter(|n| !n.is_empty())
                .unwrap_or(stem);
            let convention = files
                .iter()
                .filter(|_| super::is_wire_name(name))
                .find_map(|f| {
                    Some(Conventional {
                        route: f.convention.as_ref()?.route(name),
                        file: f.path.clone(),
                        rule: f.convention.clone()?,
                    })
                });
            let name = if convention.is_some() { name } else { stem };
            let files = files.iter().map(|f| f.path.clone()).collect();
            return (
                name.to_string(),
                Origin::Unlisted {
                    files,
                    system,
                    listed: false,
                    convention,
                },
            );
        }
        (stem.to_string(), Origin::SelfContained)
    }

    fn files_in(&mut self, dir: &Path, root: &Path) -> &[RouteFile] {
        if !self.dirs.contains_key(dir) {
            let files = load_dir(dir, root, self.sink);
            self.dirs.insert(dir.to_path_buf(), files);
        }
        &self.dirs[dir]
    }
}

/// The folders searched for a doc's route files, nearest first: the doc's folder and those
/// above it up to `root`; and always the folder above a language folder (`cc/` for
/// `cc/en/x.md`), so that giving `cc/en` or one doc as input still finds `cc/cc.yaml`.
fn search_dirs(doc: &Path, root: &Path) -> Vec<PathBuf> {
    let start = parent_dir(doc);
    let mut dirs = vec![start.clone()];
    let mut dir = start.clone();
    while dir != root && dir.starts_with(root) {
        let up = parent_dir(&dir);
        if up == dir {
            break;
        }
        dirs.push(up.clone());
        dir = up;
    }
    let in_lang_folder = start
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(Lang::of_folder)
        .is_some();
    if in_lang_folder && dirs.len() == 1 {
        dirs.push(parent_dir(&start));
    }
    // The legacy layout keeps docs in `<system>/apidocs/<lang>/` and the component modules in
    // `<system>/`: always look there too.
    if let Some(last) = dirs.last().cloned() {
        if last.file_name().is_some_and(|n| n == "apidocs") {
            let system = parent_dir(&last);
            if !dirs.contains(&system) {
                dirs.push(system);
            }
        }
    }
    dirs
}

fn has_extension(path: &Path, wanted: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| wanted.iter().any(|w| e.eq_ignore_ascii_case(w)))
}

/// A file the route layer reads (ESB confs, gateway resources, legacy component modules).
pub fn is_route_file(path: &Path) -> bool {
    is_yaml(path) || is_python(path)
}

fn is_yaml(path: &Path) -> bool {
    has_extension(path, &["yaml", "yml"])
}

fn is_python(path: &Path) -> bool {
    has_extension(path, &["py"])
}

/// The route files in a folder, in path order: ESB confs and gateway resource files (other
/// YAML files are ignored), and legacy ESB component modules ([`super::component`]; other
/// Python files are ignored).
/// Only regular files are read, and links only when they stay inside the input folder `root`
/// (see [`super::fs`]); a YAML file that is neither is skipped with a warning.
fn load_dir(dir: &Path, root: &Path, sink: &mut Diagnostics) -> Vec<RouteFile> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut paths: Vec<PathBuf> = Vec::new();
    for path in entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_yaml(p) || is_python(p))
    {
        let why = match fs::classify(&path, &root) {
            fs::Entry::File => fs::unsafe_name(&path).map(str::to_string),
            fs::Entry::Folder { .. } => continue,
            fs::Entry::Skip(why) => Some(why),
        };
        match why {
            None => paths.push(path),
            Some(why) => sink.report(
                Severity::Warning,
                Code::SkippedFile,
                &path,
                0,
                format!("not read: {why}; no route is taken from it"),
                Some("keep ESB confs and gateway resource files as regular files beside the docs"),
            ),
        }
    }
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let what = if is_python(&path) {
            "Python module beside the docs"
        } else {
            "YAML file beside the docs"
        };
        let warn = |sink: &mut Diagnostics, code, at: Loc, message: String, hint| {
            sink.report_at(Severity::Warning, code, &path, at, message, hint)
        };
        let text = match read_text(&path, MAX_CONF_BYTES) {
            Ok(text) if text.replaced.is_none() => text.text,
            Ok(text) => {
                let (count, at) = text.replaced.unwrap_or((0, Pos { line: 1, column: 1 }));
                let why = ReadFailure::NotUtf8 { at, count };
                warn(
                    sink,
                    Code::Unreadable,
                    Loc::at(at.line, at.column),
                    format!("{}; no route is taken from it", why.describe(what)),
                    Some(why.hint()),
                );
                continue;
            }
            Err(why) => {
                let at = why.pos();
                warn(
                    sink,
                    Code::Unreadable,
                    Loc::at(at.line, at.column),
                    format!("{}; no route is taken from it", why.describe(what)),
                    Some(why.hint()),
                );
                continue;
            }
        };
        let parsed = if is_python(&path) {
            Ok(component::parse(&path, &text))
        } else {
            parse(&path, &text)
        };
        match parsed {
            Ok(Some((file, problems))) => {
                for p in problems {
                    warn(sink, p.code, Loc::line(p.line), p.message, p.hint);
                }
                files.push(file);
            }
            Ok(None) => {}
            Err(why) => warn(
                sink,
                Code::Unreadable,
                Loc::at(why.line, why.column),
                format!(
                    "this YAML file beside the docs does not parse ({}); no route is taken from it",
                    why.message
                ),
                Some("fix the YAML if it is an ESB conf or a gateway resource file"),
            ),
        }
    }
    files
}
