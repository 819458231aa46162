//! [`Error`]: why a run failed as a whole, and [`ConfigError`]: which option is wrong.

use crate::diag::Diagnostic;
use std::fmt;
use std::path::PathBuf;

/// Why generation failed as a whole (a single bad doc is a diagnostic, not an error, unless
/// [`Config::strict`](crate::Config::strict)).
///
/// `Debug` prints the same text as `Display`, so that a build script's
/// `fn main() -> Result<(), codegen::Error>` shows a readable message with file and line.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No input was given.
    #[error("no input docs given")]
    NoInputs,
    /// An option of the [`Config`](crate::Config) is invalid.
    #[error("invalid codegen configuration: {0}")]
    Config(#[from] ConfigError),
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Strict mode and some doc had errors.
    #[error(
        "{} error(s) in the docs (strict mode; `Config::strict(false)` skips broken docs instead):\n{}",
        .0.len(),
        .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    )]
    Strict(Vec<Diagnostic>),
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
    /// The generated package did not build (verify); cargo's output.
    #[error("the generated package does not build:\n{0}")]
    Build(String),
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

/// Which option of a [`Config`](crate::Config) is invalid, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A field-type override is malformed, or its file cannot be read.
    #[error("override: {0}")]
    BadOverride(String),
    /// `module(from, to)` with a name that is not ASCII letters, digits, `_` and `-`.
    #[error(
        "module(\"{from}\", \"{to}\"): system and module names are ASCII letters, digits, `_` \
         and `-`"
    )]
    ModuleName {
        /// The system.
        from: String,
        /// The module asked for.
        to: String,
    },
    /// An `include` or `exclude` matcher does not parse.
    #[error("{option}(\"{matcher}\"): {reason}")]
    Matcher {
        /// `include` or `exclude`.
        option: &'static str,
        /// The matcher as given.
        matcher: String,
        /// Why it does not parse.
        reason: String,
    },
    /// An `include` or `exclude` matcher selects no API.
    #[error(
        "{option}(\"{matcher}\") selects no API; the docs have the systems: {}",
        if systems.is_empty() { "(none)".to_string() } else { systems.join(", ") }
    )]
    SelectsNoApi {
        /// `include` or `exclude`.
        option: &'static str,
        /// The matcher as given.
        matcher: String,
        /// The systems the docs have.
        systems: Vec<String>,
    },
    /// A `type_attribute`'s matcher does not parse, or its attribute is not one or more outer
    /// attributes.
    #[error("type_attribute(\"{matcher}\", ..): {reason}")]
    Attribute {
        /// The matcher as given.
        matcher: String,
        /// What does not parse, and why.
        reason: String,
    },
    /// A `type_attribute` matcher selects no generated type.
    #[error("type_attribute(\"{matcher}\", ..) selects no generated type")]
    SelectsNoType {
        /// The matcher as given.
        matcher: String,
    },
    /// `runtime_path` is not a Rust path.
    #[error(
        "runtime_path(\"{path}\") is not a Rust path such as `bkapi_runtime` or `crate::rt`: \
         {reason}"
    )]
    RuntimePath {
        /// The path as given.
        path: String,
        /// Why it does not parse.
        reason: String,
    },
    /// `Layout::Include` names no plain `.rs` file.
    #[error("Layout::Include(\"{name}\"): give a file name ending in `.rs`, such as `bkapi.rs`")]
    IncludeFile {
        /// The name as given.
        name: String,
    },
    /// `package_name` is not a cargo package name.
    #[error(
        "package_name({name:?}): give ASCII letters, digits, `-` and `_`, starting with a letter"
    )]
    PackageName {
        /// The name as given.
        name: String,
    },
    /// A gate's feature name is not a feature name.
    #[error("Gate::Feature({name:?}): a feature name is ASCII letters, digits, `-` and `_`")]
    FeatureName {
        /// The name as given.
        name: String,
    },
    /// A gate's feature is named like another feature of the package.
    #[error(
        "Gate::Feature({name:?}): the package has a feature of that name already (`default`, a \
         system's, or another gate's); choose another"
    )]
    FeatureTaken {
        /// The name as given.
        name: String,
    },
    /// Two APIs have one method and path, which one OpenAPI description cannot hold.
    #[error(
        "{method} {path} is the route of both `{first}` and `{second}`: one OpenAPI description \
         cannot hold both; export their systems apart (`--include`)"
    )]
    OpenApiClash {
        /// The method.
        method: String,
        /// The path.
        path: String,
        /// `system.api` of the first.
        first: String,
        /// `system.api` of the second.
        second: String,
    },
    /// An input path a build script could not watch safely.
    #[error("input {:?}: {reason}; such a path cannot be watched by a build script safely", path.display().to_string())]
    InputPath {
        /// The path as given.
        path: PathBuf,
        /// What is wrong with it.
        reason: &'static str,
    },
}
