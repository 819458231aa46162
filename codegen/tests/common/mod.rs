//! The workspace's paths and the corpus, for the generator's integration tests and (through
//! `#[path]`) the workspace's `tests/` crate: both crates sit one folder below the root.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate's folder has a parent")
        .to_path_buf()
}

/// The seed doc shipped in `docs/`.
pub fn seed_doc() -> PathBuf {
    root().join("docs/update_module.md")
}

/// The corpus of real docs: `BKAPI_CORPUS`, else `../shared/corpus` beside the workspace.
/// `None` when it is absent, having said so on the real stderr: test output is captured, so
/// the line is written past the capture and a green run without the corpus is never taken for
/// a full one.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("BKAPI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED: no corpus at {}; the corpus tests did not run (set BKAPI_CORPUS to its folder)",
        dir.display()
    );
    None
}
