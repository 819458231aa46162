//! Where generated files go: the two [`Layout`]s, writing only what changed, check mode (what
//! would change), and the files a build script must watch.

use crate::emit;
use crate::source::{Origin, SourceDoc};
use crate::Error;
use std::fmt;
use std::path::{Path, PathBuf};

/// The file [`Layout::Include`] writes when writing to `OUT_DIR` with no layout chosen.
pub const DEFAULT_INCLUDE_FILE: &str = "bkapi.rs";

/// How the generated code is laid out in the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A complete Cargo package: `Cargo.toml`, `src/lib.rs` declaring one module per system
    /// behind a cargo feature, and `src/<system>.rs` each. What the CLI writes, and the default
    /// when an output folder is given.
    Package,
    /// One Rust file of this name, for `include!` from a module of the including crate: the
    /// `Client`, the re-exports and one inline `pub mod <system> { ... }` per system, with no
    /// inner attributes and no cargo features. The default (as `bkapi.rs`) when writing to
    /// `OUT_DIR`.
    Include(String),
}

impl Layout {
    /// [`Layout::Include`] with this file name.
    pub fn include(file: impl Into<String>) -> Layout {
        Layout::Include(file.into())
    }
}

/// How a file on disk differs from what the docs generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The file does not exist.
    Missing,
    /// The file holds something else; the first line that differs (1-based).
    Modified {
        /// The first line that differs.
        line: usize,
    },
    /// A generated module of a system the docs no longer have; regeneration removes it.
    Stale,
}

/// One file that regeneration would write or remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The file.
    pub path: PathBuf,
    /// How it differs.
    pub change: Change,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match self.change {
            Change::Missing => write!(f, "{path}: missing"),
            Change::Modified { line } => write!(
                f,
                "{path}: differs from what the docs generate (first at line {line})"
            ),
            Change::Stale => write!(f, "{path}: generated for a system the docs no longer have"),
        }
    }
}

/// What [`Config::check`](crate::Config::check) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The output folder compared.
    pub out_dir: PathBuf,
    /// How many files the docs generate.
    pub files: usize,
    /// The files that differ, sorted by path; empty when the output is up to date.
    pub differences: Vec<Difference>,
}

impl Check {
    /// Whether the output folder holds exactly what the docs generate.
    pub fn is_up_to_date(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Writes `files` under `out`, touching only files whose content changed, and removes
/// generated modules of systems that are gone (package layout); returns the paths written
/// or removed.
///
/// A file that is there already and does not carry the `@generated` header was written by
/// someone else: unless `force`, nothing at all is written and [`Error::NotGenerated`] names
/// it, so pointing the output at the wrong folder cannot destroy hand-written code.
pub fn write(
    out: &Path,
    files: &emit::Files,
    layout: &Layout,
    force: bool,
) -> Result<Vec<PathBuf>, Error> {
    if !force {
        for (rel, content) in &files.files {
            let path = out.join(rel);
            let Ok(old) = std::fs::read(&path) else {
                continue;
            };
            if old != content.as_bytes() && !is_generated(&old) {
                return Err(Error::NotGenerated { path });
            }
        }
    }
    let mut written = Vec::new();
    for (rel, content) in &files.files {
        let path = out.join(rel);
        if write_if_changed(&path, content)? {
            written.push(path);
        }
    }
    if *layout == Layout::Package {
        for path in stale_modules(out, files) {
            std::fs::remove_file(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Whether a file's bytes start with the `@generated` header, in Rust (`//`) or TOML (`#`).
pub fn is_generated(bytes: &[u8]) -> bool {
    let header = emit::format::HEADER.trim_end();
    let toml = header.replacen("// ", "# ", 1);
    bytes.starts_with(header.as_bytes()) || bytes.starts_with(toml.as_bytes())
}

/// Compares `files` with what is under `out`, without writing anything.
pub fn compare(out: &Path, files: &emit::Files, layout: &Layout) -> Check {
    let mut differences = Vec::new();
    for (rel, content) in &files.files {
        let path = out.join(rel);
        let change = match std::fs::read(&path) {
            Err(_) => Some(Change::Missing),
            Ok(old) if old == content.as_bytes() => None,
            Ok(old) => Some(Change::Modified {
                line: first_difference(&String::from_utf8_lossy(&old), content),
            }),
        };
        if let Some(change) = change {
            differences.push(Difference { path, change });
        }
    }
    if *layout == Layout::Package {
        differences.extend(
            stale_modules(out, files)
                .into_iter()
                .map(|path| Difference {
                    path,
                    change: Change::Stale,
                }),
        );
    }
    differences.sort_by(|a, b| a.path.cmp(&b.path));
    Check {
        out_dir: out.to_path_buf(),
        files: files.files.len(),
        differences,
    }
}

/// The 1-based number of the first line where two texts differ.
fn first_difference(old: &str, new: &str) -> usize {
    let mut old_lines = old.split('\n');
    let mut new_lines = new.split('\n');
    let mut line = 1;
    loop {
        match (old_lines.next(), new_lines.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            _ => return line,
        }
    }
}

/// Generated module files in `out/src/` (they carry the `@generated` header) that `files`
/// no longer has.
fn stale_modules(out: &Path, files: &emit::Files) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(out.join("src")) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            path.extension().is_some_and(|e| e == "rs")
                && !files.files.contains_key(&format!("src/{name}"))
                && std::fs::read_to_string(path).is_ok_and(|t| is_generated(t.as_bytes()))
        })
        .collect();
    stale.sort();
    stale
}

/// What a build script must watch for `inputs`: each input as given (cargo watches a folder's
/// whole tree), then every doc and conf or resource file read that lies outside the input
/// folders (a doc given by itself, `cc/cc.yaml` above an input `cc/en`). Sorted, each once.
pub fn watched(inputs: &[PathBuf], sources: &[SourceDoc]) -> Vec<PathBuf> {
    let folders: Vec<&PathBuf> = inputs.iter().filter(|p| p.is_dir()).collect();
    let inside = |path: &Path| folders.iter().any(|f| path.starts_with(f));
    let mut out: Vec<PathBuf> = inputs.to_vec();
    for doc in sources {
        let routes: &[PathBuf] = match &doc.origin {
            Origin::Routed { file, .. } => std::slice::from_ref(file),
            Origin::Unlisted { files, .. } => files,
            Origin::SelfContained => &[],
        };
        for path in std::iter::once(&doc.path)
            .chain(&doc.alternates)
            .chain(routes)
        {
            if !inside(path) {
                out.push(path.clone());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Writes `content` to `path` unless it already holds exactly that; returns whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(false);
    }
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, content).map_err(io)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_difference_counts_lines_from_one() {
        assert_eq!(first_difference("a\nb\nc\n", "a\nb\nc\n"), 5);
        assert_eq!(first_difference("a\nb\n", "a\nx\n"), 2);
        assert_eq!(first_difference("a\n", "a\nb\n"), 2);
        assert_eq!(first_difference("", "a"), 1);
    }

    #[test]
    fn compare_reports_missing_modified_and_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let header = emit::format::HEADER;
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(
            dir.path().join("src/lib.rs"),
            format!("{header}pub mod cc;\n"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("src/old.rs"),
            format!("{header}pub struct Old;\n"),
        )
        .unwrap();
        std::fs::write(dir.path().join("src/hand.rs"), "// written by hand\n").unwrap();
        let mut files = emit::Files::default();
        files.files.insert(
            "src/lib.rs".into(),
            format!("{header}pub mod cc;\npub mod job;\n"),
        );
        files
            .files
            .insert("src/cc.rs".into(), format!("{header}pub struct Cc;\n"));

        let check = compare(dir.path(), &files, &Layout::Package);
        let found: Vec<(String, Change)> = check
            .differences
            .iter()
            .map(|d| {
                (
                    d.path
                        .strip_prefix(dir.path())
                        .unwrap()
                        .display()
                        .to_string(),
                    d.change,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("src/cc.rs".to_string(), Change::Missing),
                ("src/lib.rs".to_string(), Change::Modified { line: 4 }),
                ("src/old.rs".to_string(), Change::Stale),
            ]
        );
        assert!(!check.is_up_to_date());
        // The include layout owns only its file: other files are none of its business.
        assert_eq!(
            compare(dir.path(), &files, &Layout::include("x.rs"))
                .differences
                .len(),
            2
        );

        let written = write(dir.path(), &files, &Layout::Package, false).unwrap();
        assert_eq!(written.len(), 3, "{written:?}");
        assert!(compare(dir.path(), &files, &Layout::Package).is_up_to_date());
        assert!(
            dir.path().join("src/hand.rs").exists(),
            "files without the header are never removed"
        );
    }

    #[test]
    fn hand_written_files_are_not_overwritten_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let header = emit::format::HEADER;
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        let mine = "[package]\nname = \"mine\"\n";
        std::fs::write(dir.path().join("Cargo.toml"), mine).unwrap();
        std::fs::write(
            dir.path().join("src/lib.rs"),
            format!("{header}pub mod old;\n"),
        )
        .unwrap();
        let mut files = emit::Files::default();
        let toml_header = header.replace("// ", "# ");
        files
            .files
            .insert("Cargo.toml".into(), format!("{toml_header}[package]\n"));
        files
            .files
            .insert("src/lib.rs".into(), format!("{header}pub mod cc;\n"));

        let err = write(dir.path(), &files, &Layout::Package, false).unwrap_err();
        assert!(
            matches!(&err, Error::NotGenerated { path } if path.ends_with("Cargo.toml")),
            "{err}"
        );
        assert!(err.to_string().contains("--force"), "{err}");
        // Nothing was written, not even the generated file that could have been.
        let lib = std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap();
        assert!(lib.ends_with("pub mod old;\n"));
        let toml = std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap();
        assert_eq!(toml, mine);

        assert_eq!(
            write(dir.path(), &files, &Layout::Package, true)
                .unwrap()
                .len(),
            2
        );
        // Once generated, later runs overwrite without being forced.
        files
            .files
            .insert("src/lib.rs".into(), format!("{header}pub mod job;\n"));
        assert_eq!(
            write(dir.path(), &files, &Layout::Package, false)
                .unwrap()
                .len(),
            1
        );
    }
}
