//! What the generator's integration tests share: the workspace's paths.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// The seed doc shipped in `docs/`.
pub fn seed_doc() -> PathBuf {
    root().join("docs/update_module.md")
}
