//! Turns BlueKing API docs (Markdown) into a typed Rust SDK.
//!
//! The flow is one way: [`source`] finds docs → [`markdown`] parses them → [`infer`] builds the
//! [`ir`] (using [`vocab`] and [`example`]) → [`emit`] writes Rust → [`output`] puts it on disk.
//! [`Config`] drives it, for the command line and for `build.rs` alike:
//!
//! ```no_run
//! // build.rs: generates $OUT_DIR/bkapi.rs from the docs in docs/
//! fn main() -> Result<(), codegen::Error> {
//!     codegen::Config::new().input("docs").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod bkapi {
//!     include!(concat!(env!("OUT_DIR"), "/bkapi.rs"));
//! }
//! ```
//!
//! The user guide (`docs/guide/` in the repository) covers the command line, build scripts,
//! every option and how docs map to types.

mod config;
pub mod diag;
pub mod emit;
pub mod example;
pub mod infer;
pub mod ir;
mod load;
pub mod markdown;
pub mod matcher;
pub mod names;
pub mod output;
pub mod package;
mod pipeline;
mod shapes;
pub mod source;
pub mod verify;
pub mod vocab;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use diag::{Diagnostic, Diagnostics};
pub use emit::attrs::Gate;
pub use ir::Ir;
pub use matcher::Matcher;
pub use output::{Check, Layout};
pub use package::RuntimeDep;

/// Why generation failed as a whole (a single bad doc is a diagnostic, not an error, unless
/// [`Config::strict`]).
///
/// `Debug` prints the same text as `Display`, so that a build script's
/// `fn main() -> Result<(), codegen::Error>` shows a readable message with file and line.
#[derive(thiserror::Error)]
pub enum Error {
    /// No input was given.
    #[error("no input docs given")]
    NoInputs,
    /// An option of the [`Config`] is invalid (a matcher, an attribute, a path, a name).
    #[error("invalid codegen configuration: {0}")]
    Config(String),
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Strict mode and some doc had errors.
    #[error("{} error(s) in the docs (strict mode; `Config::strict(false)` skips broken docs instead):\n{}", .0.len(), .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Strict(Vec<Diagnostic>),
    /// The generated package did not build (verify).
    #[error("the generated package does not build:\n{0}")]
    Build(String),
    /// The output folder holds a file that codegen did not write (it lacks the `@generated`
    /// header) where a generated file would go; nothing was written.
    #[error(
        "{}: the file exists and was not written by codegen (no `@generated` header); nothing \
         was written. Choose another output folder, or overwrite it with `--force` \
         (`Config::force(true)`)",
        path.display()
    )]
    NotGenerated {
        /// The file.
        path: PathBuf,
    },
    /// The emitted code would not compile (it does not parse, or names collide), so nothing
    /// was written: a bug in the generator.
    #[error("internal error: the generated code would not compile, so nothing was written: {0}")]
    Emit(String),
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Report {
    /// APIs generated.
    pub apis: usize,
    /// Structs and enums emitted.
    pub types: usize,
    /// Object types emitted as an alias of an identical struct or enum of another API of their
    /// system (not counted in `types`).
    pub aliases: usize,
    /// Docs skipped because of errors.
    pub skipped: usize,
    /// Docs not used because another doc of the same API was preferred.
    pub duplicates: usize,
    /// Everything said about the docs.
    pub diagnostics: Vec<Diagnostic>,
    /// Files whose content changed (others were left untouched), and stale ones removed.
    pub written: Vec<PathBuf>,
    /// The folder written to.
    pub out_dir: PathBuf,
    /// The inputs and files read that a build script watches (see
    /// [`Config::emit_rerun_if_changed`]), whether or not they were printed.
    pub watched: Vec<PathBuf>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Everything [`Config::load_all`] read.
#[derive(Debug)]
pub struct Loaded {
    /// The APIs, one per (system, name).
    pub ir: Ir,
    /// Everything said about the docs and their conf or resource files.
    pub diagnostics: Diagnostics,
    /// The docs found, one per API and language pair (other languages in `alternates`).
    pub sources: Vec<source::SourceDoc>,
    /// Docs skipped because of errors.
    pub skipped: usize,
    /// Docs not used because another doc of the same API was preferred.
    pub duplicates: usize,
    /// The inputs, and the docs and conf or resource files read outside them: what a build
    /// script must watch.
    pub watched: Vec<PathBuf>,
}

pub use config::Config;
pub use load::{doc_input, load_doc};

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
