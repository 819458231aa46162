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
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
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
    /// Docs not used because another doc of the same API was preferred.
    pub duplicates: usize,
    /// Everything said about the docs.
    pub diagnostics: Vec<Diagnostic>,
    /// Files whose content changed (others were left untouched).
    pub written: Vec<PathBuf>,
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

    /// Reads and infers all inputs: the IR, what was said, and how many docs were skipped.
    pub fn load(&self) -> Result<(Ir, Diagnostics, usize), Error> {
        let loaded = self.load_all()?;
        Ok((loaded.ir, loaded.diagnostics, loaded.skipped))
    }

    /// Reads and infers all inputs, with the docs found and the counts of a run.
    ///
    /// Each API is generated once per (system, name): when several docs describe it, the one
    /// [`source::SourceDoc::preference`] ranks first is used and the others get a
    /// [`Code::DuplicateApi`] warning. Self-contained docs' system is known only once read,
    /// so this is decided after inference.
    pub fn load_all(&self) -> Result<Loaded, Error> {
        if self.inputs.is_empty() {
            return Err(Error::NoInputs);
        }
        let mut sink = Diagnostics::new();
        let sources = source::discover(&self.inputs, &mut sink)?;
        // Each doc's diagnostics stay apart until we know whether it is a duplicate.
        let mut outcomes: Vec<(Option<ir::Api>, Diagnostics)> = sources
            .iter()
            .map(|doc| {
                let mut own = Diagnostics::new();
                (load_doc(doc, &mut own), own)
            })
            .collect();

        let (apis, skipped, duplicates) = settle(&sources, &mut outcomes);
        let mut ir = Ir { apis };
        for (_, own) in outcomes {
            for d in own.into_items() {
                sink.report(d.severity, d.code, &d.file, d.line, d.message, d.hint.as_deref());
            }
        }
        ir.apis.sort_by(|a, b| (&a.system, &a.name).cmp(&(&b.system, &b.name)));
        if self.strict && sink.count(Severity::Error) > 0 {
            let errors = sink.into_items().into_iter().filter(|d| d.severity == Severity::Error).collect();
            return Err(Error::Strict(errors));
        }
        Ok(Loaded { ir, diagnostics: sink, sources, skipped, duplicates })
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
        let Loaded { ir, diagnostics: diags, skipped, duplicates, .. } = self.load_all()?;
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
            duplicates,
            diagnostics: diags.into_items(),
            written,
            elapsed: start.elapsed(),
        })
    }
}

/// Picks one doc per (system, name) among the inferred ones and turns the others' fate into
/// [`Code::DuplicateApi`] warnings; returns the APIs kept and the counts of docs skipped and
/// of duplicates. A doc that failed only for want of a route, but whose API another doc gives,
/// is a duplicate rather than an error.
fn settle(sources: &[source::SourceDoc], outcomes: &mut [(Option<ir::Api>, Diagnostics)]) -> (Vec<ir::Api>, usize, usize) {
    let mut chosen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, (api, _)) in outcomes.iter().enumerate() {
        let Some(api) = api else { continue };
        let key = (api.system.clone(), api.name.clone());
        match chosen.get(&key) {
            Some(&j) if sources[j].preference(&sources[i]).0 != Ordering::Greater => {}
            _ => {
                chosen.insert(key, i);
            }
        }
    }

    let (mut skipped, mut duplicates) = (0, 0);
    let mut apis = Vec::new();
    for (i, (api, own)) in outcomes.iter_mut().enumerate() {
        let doc = &sources[i];
        match api.take() {
            Some(api) => {
                let key = (api.system.clone(), api.name.clone());
                let winner = chosen[&key];
                if winner == i {
                    apis.push(api);
                } else {
                    duplicates += 1;
                    let used = &sources[winner];
                    let (_, why) = used.preference(doc);
                    own.report(
                        Severity::Warning,
                        Code::DuplicateApi,
                        &doc.path,
                        0,
                        format!(
                            "`{}/{}` is documented more than once: it is generated from {}, not from this doc, because {why}",
                            key.0,
                            key.1,
                            used.path.display()
                        ),
                        Some("document each API once, or keep the copies identical"),
                    );
                }
            }
            None => {
                // A doc without a route whose API another doc gives anyway: not worth an error.
                let covered = doc.system().and_then(|system| chosen.get(&(system.to_string(), doc.name.clone()))).map(|&w| &sources[w]);
                let route_errors_only =
                    own.items().iter().filter(|d| d.severity == Severity::Error).all(|d| matches!(d.code, Code::NoMethod | Code::NoAddress));
                match (covered, unrouted_reason(doc)) {
                    (Some(used), Some((why, _))) if route_errors_only => {
                        duplicates += 1;
                        let kept = std::mem::take(own).into_items().into_iter().filter(|d| d.severity != Severity::Error);
                        for d in kept {
                            own.report(d.severity, d.code, &d.file, d.line, d.message, d.hint.as_deref());
                        }
                        own.report(
                            Severity::Warning,
                            Code::DuplicateApi,
                            &doc.path,
                            0,
                            format!(
                                "`{}/{}` is generated from {}; this doc is not used: {why}, and the doc gives no route itself",
                                doc.system().unwrap_or_default(),
                                doc.name,
                                used.path.display()
                            ),
                            Some("remove this copy, or give it a route too"),
                        );
                    }
                    _ => skipped += 1,
                }
            }
        }
    }
    (apis, skipped, duplicates)
}

/// Reads, parses and infers one doc; `None` when it was skipped (its errors are in `sink`).
pub fn load_doc(doc: &source::SourceDoc, sink: &mut Diagnostics) -> Option<ir::Api> {
    let mut own = Diagnostics::new();
    let api = infer_doc(doc, &mut own);
    for d in own.into_items() {
        let (message, hint) = explain_unrouted(doc, &d).unwrap_or((d.message, d.hint));
        sink.report(d.severity, d.code, &d.file, d.line, message, hint.as_deref());
    }
    api
}

fn infer_doc(doc: &source::SourceDoc, sink: &mut Diagnostics) -> Option<ir::Api> {
    let mut diag = DocDiag { file: &doc.path, sink };
    let text = match source::read(&doc.path) {
        Ok(text) => text,
        Err(why) => {
            diag.error(Code::Unreadable, 0, format!("cannot read the doc: {why}; it is skipped"), Some("give a UTF-8 Markdown file"));
            return None;
        }
    };
    let parsed = markdown::parse(&text);
    let (system, route) = match &doc.origin {
        source::Origin::Routed { system, route, .. } => (Some(system.clone()), Some(route.clone())),
        _ => (None, None),
    };
    let input = infer::DocInput { path: &doc.path, name: doc.name.clone(), system, route };
    let mut api = infer::infer(&parsed, &input, &mut diag)?;
    // A file name that is no API name (spaces, Chinese): the address names the API.
    if !source::is_wire_name(&api.name) {
        if let Some(last) = api.route.path.split('/').rev().find(|s| !s.is_empty()).filter(|s| source::is_wire_name(s)) {
            api.name = last.to_string();
        }
    }
    Some(api)
}

/// A clearer message for a doc beside a conf or resource file that does not route it than
/// "no conf or resource file gives one".
fn explain_unrouted(doc: &source::SourceDoc, d: &Diagnostic) -> Option<(String, Option<String>)> {
    let (section, lacks) = match d.code {
        Code::NoMethod => ("no request method", "no `### request method` section"),
        Code::NoAddress => ("no request address", "no `### request address` section with a path"),
        _ => return None,
    };
    let (why, hint) = unrouted_reason(doc)?;
    Some((format!("{section}: {why}, and the doc has {lacks}; the doc is skipped"), Some(hint)))
}

/// Why the route files beside a doc give it no route, and what to do; `None` when no route
/// file covers the doc.
fn unrouted_reason(doc: &source::SourceDoc) -> Option<(String, String)> {
    let source::Origin::Unlisted { files, listed, .. } = &doc.origin else { return None };
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let name = &doc.name;
    let own = "or give the doc `### request method` and `### request address` sections";
    Some(if *listed {
        (
            format!("the entry `{name}` in {} has no usable method or path (see the warning there)", names.join(", ")),
            format!("fix the entry `{name}` in {}, {own}", names.join(", ")),
        )
    } else if names.len() == 1 {
        (format!("{} has no entry named `{name}`", names[0]), format!("add an entry named `{name}` to {}, {own}", names[0]))
    } else {
        (format!("none of {} has an entry named `{name}`", names.join(", ")), format!("add an entry named `{name}` to {}, {own}", names[0]))
    })
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
