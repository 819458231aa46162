//! Finding docs: files and folders given by the user → one [`SourceDoc`] per Markdown doc,
//! in a sorted, deterministic order.

use std::io;
use std::path::{Path, PathBuf};

/// Docs larger than this are not read: no real API doc comes close, and a runaway file must
/// not cost minutes.
pub const MAX_DOC_BYTES: u64 = 1024 * 1024;

/// One doc to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceDoc {
    /// Path as found (input path joined with the walk).
    pub path: PathBuf,
    /// The API's wire name: the file stem.
    pub name: String,
}

/// Expands inputs (files or folders, walked recursively) into Markdown docs, sorted by path
/// and without duplicates, so the result never depends on the order inputs are listed in.
pub fn discover(inputs: &[PathBuf]) -> io::Result<Vec<SourceDoc>> {
    let mut docs = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", input.display())))?;
        if meta.is_dir() {
            walk(input, &mut docs)?;
        } else {
            docs.push(doc(input));
        }
    }
    docs.sort();
    docs.dedup();
    Ok(docs)
}

fn walk(dir: &Path, docs: &mut Vec<SourceDoc>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // A `guide` folder beside the docs holds prose for people, not API docs.
            if path.file_name().is_some_and(|n| n != "guide") {
                walk(&path, docs)?;
            }
        } else if path.extension().is_some_and(|e| e == "md") && !is_guide(&path) {
            docs.push(doc(&path));
        }
    }
    Ok(())
}

/// Files in a docs folder that are prose for people, not API docs.
fn is_guide(path: &Path) -> bool {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    matches!(stem.to_ascii_lowercase().as_str(), "readme" | "guide" | "changelog" | "index") || stem.starts_with("guide")
}

fn doc(path: &Path) -> SourceDoc {
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("api").to_string();
    SourceDoc { path: path.to_path_buf(), name }
}

/// Reads a doc's text, refusing what is too large or not UTF-8 text.
pub fn read(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_DOC_BYTES {
        return Err(format!("the doc is {} bytes, over the {MAX_DOC_BYTES}-byte limit", meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if bytes.contains(&0) {
        return Err("the file holds NUL bytes: it is binary, not a Markdown doc".into());
    }
    let text = String::from_utf8(bytes).map_err(|e| format!("the file is not UTF-8 text (first bad byte at offset {})", e.utf8_error().valid_up_to()))?;
    // A byte-order mark would otherwise end up in the first heading.
    Ok(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text))
}
