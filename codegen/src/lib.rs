//! Turns BlueKing API docs (Markdown) into a typed Rust SDK.
//!
//! The flow is one way: [`source`] finds docs → [`markdown`] parses them → [`infer`] builds the
//! [`ir`] (using [`vocab`] and [`example`]) → [`emit`] writes Rust. [`Config`] drives it, for the
//! command line and for `build.rs` alike:
//!
//! ```no_run
//! // build.rs
//! codegen::Config::new().input("docs").out_dir("src/generated").generate().unwrap();
//! ```

pub mod diag;
pub mod emit;
pub mod example;
pub mod infer;
pub mod ir;
pub mod markdown;
pub mod names;
pub mod package;
pub mod source;
pub mod verify;
pub mod vocab;

use diag::{Code, DocDiag, Severity};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diag::{Diagnostic, Diagnostics};
pub use ir::Ir;
pub use package::RuntimeDep;

/// Why generation failed as a whole (a single bad doc is a diagnostic, not an error).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No input was given.
    #[error("no input docs given")]
    NoInputs,
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Strict mode and some doc had errors.
    #[error("{} error(s) in the docs (strict mode):\n{}", .0.len(), .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Strict(Vec<Diagnostic>),
    /// The generated package did not build (verify).
    #[error("the generated package does not build:\n{0}")]
    Build(String),
    /// The emitted code did not parse: a bug in the generator.
    #[error("internal error: generated code does not parse: {0}")]
    Emit(String),
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Report {
    /// APIs generated.
    pub apis: usize,
    /// Rust types emitted.
    pub types: usize,
    /// Docs skipped because of errors.
    pub skipped: usize,
    /// Everything said about the docs.
    pub diagnostics: Vec<Diagnostic>,
    /// Files whose content changed (others were left untouched).
    pub written: Vec<PathBuf>,
    /// Wall time.
    pub elapsed: Duration,
}

/// The one settings type, for the CLI and `build.rs`.
#[derive(Debug, Clone)]
pub struct Config {
    inputs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    runtime_path: String,
    package_name: String,
    runtime_dep: RuntimeDep,
    in_workspace: bool,
    strict: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            inputs: Vec::new(),
            out_dir: None,
            runtime_path: "bkapi_runtime".into(),
            package_name: "bkapi-sdk".into(),
            runtime_dep: RuntimeDep::default(),
            in_workspace: false,
            strict: false,
        }
    }
}

impl Config {
    /// A config with no inputs, writing a standalone package.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a doc file or a folder of docs (walked recursively).
    pub fn input(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.inputs.push(path.into());
        self
    }

    /// Where the package goes (`Cargo.toml` and `src/`).
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(path.into());
        self
    }

    /// The generated package's name (default `bkapi-sdk`).
    pub fn package_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.package_name = name.into();
        self
    }

    /// How the package depends on the runtime crate.
    pub fn runtime_dependency(&mut self, dep: RuntimeDep) -> &mut Self {
        self.runtime_dep = dep;
        self
    }

    /// Whether the package is a member of an enclosing workspace (default: no, it declares its
    /// own `[workspace]` so it builds anywhere).
    pub fn in_workspace(&mut self, yes: bool) -> &mut Self {
        self.in_workspace = yes;
        self
    }

    /// Fail when any doc has an error, instead of skipping it.
    pub fn strict(&mut self, yes: bool) -> &mut Self {
        self.strict = yes;
        self
    }

    /// Reads and infers all inputs.
    pub fn load(&self) -> Result<(Ir, Diagnostics, usize), Error> {
        if self.inputs.is_empty() {
            return Err(Error::NoInputs);
        }
        let docs = source::discover(&self.inputs).map_err(|e| Error::Io { path: self.inputs[0].clone(), source: e })?;
        let mut sink = Diagnostics::new();
        let mut ir = Ir::default();
        let mut skipped = 0;
        for doc in &docs {
            match load_doc(doc, &mut sink) {
                Some(api) => ir.apis.push(api),
                None => skipped += 1,
            }
        }
        ir.apis.sort_by(|a, b| (&a.system, &a.name).cmp(&(&b.system, &b.name)));
        if self.strict && sink.count(Severity::Error) > 0 {
            let errors = sink.into_items().into_iter().filter(|d| d.severity == Severity::Error).collect();
            return Err(Error::Strict(errors));
        }
        Ok((ir, sink, skipped))
    }

    /// Emits the package files for an IR, keyed by path relative to the package root.
    pub fn render(&self, ir: &Ir) -> Result<emit::Files, Error> {
        let paths = emit::Paths {
            runtime: self.runtime_path.parse().map_err(|e| Error::Emit(format!("runtime path: {e}")))?,
            roundtrip_feature: "roundtrip".into(),
        };
        let mut files = emit::emit(ir, &paths).map_err(Error::Emit)?;
        let systems: BTreeSet<String> = ir.apis.iter().map(|a| a.system.clone()).collect();
        let manifest = package::Manifest {
            name: self.package_name.clone(),
            runtime: if self.in_workspace { RuntimeDep::Workspace } else { self.runtime_dep.clone() },
            in_workspace: self.in_workspace,
        };
        files.files.insert("Cargo.toml".into(), package::manifest(&manifest, &systems));
        Ok(files)
    }

    /// Reads the docs and writes the package, touching only files whose content changed.
    pub fn generate(&self) -> Result<Report, Error> {
        let start = Instant::now();
        let (ir, diags, skipped) = self.load()?;
        let files = self.render(&ir)?;
        let out = self.out_dir.clone().or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from)).ok_or(Error::Io {
            path: PathBuf::from("OUT_DIR"),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no out_dir set and OUT_DIR is not set"),
        })?;
        let mut written = Vec::new();
        for (rel, content) in &files.files {
            let path = out.join(rel);
            if write_if_changed(&path, content)? {
                written.push(path);
            }
        }
        remove_stale_modules(&out, &files)?;
        Ok(Report {
            apis: ir.apis.len(),
            types: files.type_count,
            skipped,
            diagnostics: diags.into_items(),
            written,
            elapsed: start.elapsed(),
        })
    }
}

/// Reads, parses and infers one doc; `None` when it was skipped (its errors are in `sink`).
pub fn load_doc(doc: &source::SourceDoc, sink: &mut Diagnostics) -> Option<ir::Api> {
    let mut diag = DocDiag { file: &doc.path, sink };
    let text = match source::read(&doc.path) {
        Ok(text) => text,
        Err(why) => {
            diag.error(Code::Unreadable, 0, format!("cannot read the doc: {why}; it is skipped"), Some("give a UTF-8 Markdown file"));
            return None;
        }
    };
    let parsed = markdown::parse(&text);
    let input = infer::DocInput { path: &doc.path, name: doc.name.clone(), system: None, route: None };
    infer::infer(&parsed, &input, &mut diag)
}

/// Writes `content` to `path` unless it already holds exactly that; returns whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(false);
    }
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, content).map_err(io)?;
    Ok(true)
}

/// Removes generated module files of systems that no longer exist.
fn remove_stale_modules(out: &Path, files: &emit::Files) -> Result<(), Error> {
    let src = out.join("src");
    let Ok(entries) = std::fs::read_dir(&src) else { return Ok(()) };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = format!("src/{}", entry.file_name().to_string_lossy());
        if path.extension().is_some_and(|e| e == "rs") && !files.files.contains_key(&rel) {
            let generated = std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with(emit::format::HEADER.trim_end()));
            if generated {
                std::fs::remove_file(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
            }
        }
    }
    Ok(())
}
