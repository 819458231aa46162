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

pub mod diag;
pub mod emit;
pub mod example;
pub mod infer;
pub mod ir;
pub mod markdown;
pub mod matcher;
pub mod names;
pub mod output;
pub mod package;
pub mod source;
pub mod verify;
pub mod vocab;

use diag::{Code, DocDiag, Severity};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    /// The emitted code did not parse: a bug in the generator.
    #[error("internal error: generated code does not parse: {0}")]
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
    /// Rust types emitted.
    pub types: usize,
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

/// The one settings type, for the command line and for `build.rs`, in the style of
/// `prost_build::Config`: chain `&mut self` setters, then call [`Config::generate`] (or
/// [`Config::check`]).
///
/// # In a build script
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), codegen::Error> {
///     codegen::Config::new()
///         .input("docs")
///         .type_attribute("cc.UpdateModuleRequest", "#[derive(Eq)]")
///         .generate()?;
///     Ok(())
/// }
/// ```
///
/// ```ignore
/// // src/lib.rs: the generated client, its types and one module per system
/// pub mod bkapi {
///     include!(concat!(env!("OUT_DIR"), "/bkapi.rs"));
/// }
/// ```
///
/// The including crate depends on `bkapi-runtime`, `serde` (with `derive`) and `serde_json`.
///
/// # Defaults
///
/// Without [`out_dir`](Config::out_dir), output goes to `$OUT_DIR` (cargo sets it for build
/// scripts) and the defaults suit a build script; with it, they suit a committed package:
///
/// | option | with `out_dir(...)` | into `$OUT_DIR` |
/// |---|---|---|
/// | [`layout`](Config::layout) | [`Layout::Package`] | [`Layout::Include`]`("bkapi.rs")` |
/// | [`strict`](Config::strict) | off: broken docs are skipped | on: a broken doc fails the build |
/// | [`roundtrip`](Config::roundtrip), [`blocking`](Config::blocking) | behind the features `roundtrip`, `blocking` (package layout) | [`Gate::Never`] (include layout) |
///
/// The last row follows the layout: the package declares those features, an included file
/// cannot (the including crate has its own features).
#[derive(Debug, Clone)]
pub struct Config {
    inputs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    layout: Option<Layout>,
    runtime_path: String,
    package_name: String,
    runtime_dep: RuntimeDep,
    in_workspace: bool,
    strict: Option<bool>,
    includes: Vec<String>,
    excludes: Vec<String>,
    modules: BTreeMap<String, String>,
    type_attributes: Vec<(String, String)>,
    roundtrip: Option<Gate>,
    blocking: Option<Gate>,
    rerun_if_changed: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            inputs: Vec::new(),
            out_dir: None,
            layout: None,
            runtime_path: "bkapi_runtime".into(),
            package_name: "bkapi-sdk".into(),
            runtime_dep: RuntimeDep::default(),
            in_workspace: false,
            strict: None,
            includes: Vec::new(),
            excludes: Vec::new(),
            modules: BTreeMap::new(),
            type_attributes: Vec::new(),
            roundtrip: None,
            blocking: None,
            rerun_if_changed: true,
        }
    }
}

/// Where and how [`Config::generate`] and [`Config::check`] write, once the defaults are settled.
struct Target {
    out: PathBuf,
    layout: Layout,
    strict: bool,
}

impl Config {
    /// A config with no inputs and every option at its default (see [Defaults](Config#defaults)).
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a doc file or a folder of docs. Folders are walked recursively in sorted order
    /// (skipping `guide/` folders and files such as `README.md`); ESB confs and gateway
    /// resource files beside the docs give their routes. The order inputs are added in never
    /// changes the output. A relative path is relative to the current folder, which in a build
    /// script is the package's root.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs/cc").input("docs/extra/update_module.md").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn input(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.inputs.push(path.into());
        self
    }

    /// Adds several inputs, as [`Config::input`] each.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().inputs(["docs/cc", "docs/jobv3"]).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn inputs<I>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator,
        I::Item: Into<PathBuf>,
    {
        self.inputs.extend(paths.into_iter().map(Into::into));
        self
    }

    /// The folder to write to. Default: `$OUT_DIR`, which cargo sets for build scripts. Giving
    /// a folder also changes the defaults to those of a committed package (see
    /// [Defaults](Config#defaults)).
    ///
    /// ```no_run
    /// // build.rs: keep a package in the repository instead (see also `check`)
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").out_dir("sdk").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(path.into());
        self
    }

    /// How the output is laid out: a Cargo package, or one file for `include!`. Default:
    /// [`Layout::Package`] with [`out_dir`](Config::out_dir), else
    /// [`Layout::Include`]`("bkapi.rs")`.
    ///
    /// ```no_run
    /// // build.rs: $OUT_DIR/blueking.rs, to include!(concat!(env!("OUT_DIR"), "/blueking.rs"))
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").layout(codegen::Layout::include("blueking.rs")).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn layout(&mut self, layout: Layout) -> &mut Self {
        self.layout = Some(layout);
        self
    }

    /// The generated package's name (default `bkapi-sdk`; package layout only).
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").out_dir("sdk").package_name("my-bk-sdk").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn package_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.package_name = name.into();
        self
    }

    /// How the generated package depends on the runtime crate (package layout only). Default: a
    /// path dependency on the `runtime/` folder this codegen was built beside.
    ///
    /// ```no_run
    /// // build.rs
    /// use codegen::{Config, RuntimeDep};
    /// fn main() -> Result<(), codegen::Error> {
    ///     Config::new().input("docs").out_dir("sdk").runtime_dependency(RuntimeDep::Spec("\"0.1\"".into())).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn runtime_dependency(&mut self, dep: RuntimeDep) -> &mut Self {
        self.runtime_dep = dep;
        self
    }

    /// Whether the package is a member of an enclosing workspace that declares
    /// `bkapi-runtime`, `serde` and `serde_json` (default: no, it declares its own
    /// `[workspace]` so it builds anywhere; package layout only).
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").out_dir("../sdk").in_workspace(true).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn in_workspace(&mut self, yes: bool) -> &mut Self {
        self.in_workspace = yes;
        self
    }

    /// The path of the runtime crate as the generated code sees it (default `bkapi_runtime`).
    /// Set it when the including crate renames the dependency or re-exports it, e.g.
    /// `::my_runtime` or `crate::rt`.
    ///
    /// ```no_run
    /// // build.rs: Cargo.toml has `rt = { package = "bkapi-runtime", version = "0.1" }`
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").runtime_path("::rt").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = path.into();
        self
    }

    /// Fail when any doc has an error, instead of skipping the doc (with the error in
    /// [`Report::diagnostics`]). The error's `Display` lists each one with its file and line.
    /// Default: on when writing to `$OUT_DIR`, off with [`out_dir`](Config::out_dir).
    ///
    /// ```no_run
    /// // build.rs: generate what can be generated, and say what could not
    /// fn main() -> Result<(), codegen::Error> {
    ///     let report = codegen::Config::new().input("docs").strict(false).generate()?;
    ///     for d in &report.diagnostics {
    ///         println!("cargo:warning={}", d.to_string().replace('\n', " "));
    ///     }
    ///     Ok(())
    /// }
    /// ```
    pub fn strict(&mut self, yes: bool) -> &mut Self {
        self.strict = Some(yes);
        self
    }

    /// Generates only the APIs `matcher` selects (see [`matcher`] for the syntax: `"cc"`,
    /// `"cc.update_module"`). Several calls add up; with none, every API is generated. Docs
    /// that a conf or resource file places in a system that is not wanted are not even read.
    /// A matcher that selects nothing is an error (it is almost always a typo).
    ///
    /// ```no_run
    /// // build.rs: all of cc, and one API of jobv3
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new()
    ///         .input("docs")
    ///         .include("cc")
    ///         .include("jobv3.fast_execute_script")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn include(&mut self, matcher: impl Into<String>) -> &mut Self {
        self.includes.push(matcher.into());
        self
    }

    /// Leaves out the APIs `matcher` selects, even when [`Config::include`] selects them.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").exclude("cc.delete_host").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn exclude(&mut self, matcher: impl Into<String>) -> &mut Self {
        self.excludes.push(matcher.into());
        self
    }

    /// Generates the system `system` (as the docs name it: `cc`) as `name`: its module, cargo
    /// feature, client accessor (`client.cmdb()`) and the label in its errors. Matchers then
    /// use the new name. Two systems given one name become one module.
    ///
    /// ```no_run
    /// // build.rs: bkapi::cmdb::UpdateModuleRequest, client.cmdb().update_module(..)
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").module("cc", "cmdb").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn module(&mut self, system: impl Into<String>, name: impl Into<String>) -> &mut Self {
        self.modules.insert(system.into(), name.into());
        self
    }

    /// Adds attributes to the generated structs (and enums) `matcher` selects: a system, an
    /// API (all of its types) or one type by its generated name (see [`matcher`]). `attribute`
    /// is one or more outer attributes, written as in Rust; several calls add up, in order. A
    /// matcher that selects no type is an error.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new()
    ///         .input("docs")
    ///         .type_attribute("cc.UpdateModuleRequest", "#[derive(Eq)]")
    ///         .type_attribute("cc.update_module", "#[non_exhaustive]")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn type_attribute(&mut self, matcher: impl Into<String>, attribute: impl Into<String>) -> &mut Self {
        self.type_attributes.push((matcher.into(), attribute.into()));
        self
    }

    /// When request types also derive `Deserialize` and response types `Serialize` (useful
    /// for tests and mock servers; they cost compile time). Default: behind the feature
    /// `roundtrip` in the package layout, [`Gate::Never`] in the include layout.
    ///
    /// ```no_run
    /// // build.rs: a mock server in the tests reads requests into the generated types
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").roundtrip(codegen::Gate::Always).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn roundtrip(&mut self, gate: Gate) -> &mut Self {
        self.roundtrip = Some(gate);
        self
    }

    /// When the `blocking` client (the same API without async) is generated. It needs the
    /// runtime's `blocking` feature. Default: behind the feature `blocking` in the package
    /// layout, [`Gate::Never`] in the include layout.
    ///
    /// ```no_run
    /// // build.rs; Cargo.toml has bkapi-runtime = { version = "0.1", features = ["blocking"] }
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").blocking(codegen::Gate::Always).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn blocking(&mut self, gate: Gate) -> &mut Self {
        self.blocking = Some(gate);
        self
    }

    /// Whether [`Config::generate`] prints `cargo:rerun-if-changed=PATH` for every input and
    /// every doc and conf or resource file it read outside the input folders (cargo watches a
    /// folder's whole tree). Default: on. It prints nothing else to stdout.
    ///
    /// Printing any `rerun-if-changed` line tells cargo to rerun the build script only when a
    /// listed path changes, instead of when any file of the package changes. Turn it off
    /// when the build script prints its own list, or must rerun on other changes.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").emit_rerun_if_changed(false).generate()?;
    ///     println!("cargo:rerun-if-changed=docs");
    ///     println!("cargo:rerun-if-changed=build.rs");
    ///     Ok(())
    /// }
    /// ```
    pub fn emit_rerun_if_changed(&mut self, yes: bool) -> &mut Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Reads and infers all inputs: the IR, what was said, and how many docs were skipped.
    /// Writes nothing (for tools; `generate` is `load` + `render` + write).
    ///
    /// ```no_run
    /// // build.rs: fail on warnings too
    /// fn main() -> Result<(), codegen::Error> {
    ///     let mut config = codegen::Config::new();
    ///     config.input("docs");
    ///     let (_ir, diagnostics, _skipped) = config.load()?;
    ///     if let Some(d) = diagnostics.items().first() {
    ///         panic!("{d}");
    ///     }
    ///     config.generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn load(&self) -> Result<(Ir, Diagnostics, usize), Error> {
        let loaded = self.load_all()?;
        Ok((loaded.ir, loaded.diagnostics, loaded.skipped))
    }

    /// Reads and infers all inputs, with the docs found and the counts of a run. Strict only
    /// when [`Config::strict`] was set.
    ///
    /// Each API is generated once per (system, name): when several docs describe it, the one
    /// [`source::SourceDoc::preference`] ranks first is used and the others get a
    /// [`Code::DuplicateApi`] warning. Self-contained docs' system is known only once read,
    /// so this is decided after inference. Then systems are renamed ([`Config::module`]) and
    /// APIs selected ([`Config::include`], [`Config::exclude`]); diagnostics about docs of
    /// APIs left out are dropped.
    pub fn load_all(&self) -> Result<Loaded, Error> {
        self.load_with(self.strict.unwrap_or(false))
    }

    fn load_with(&self, strict: bool) -> Result<Loaded, Error> {
        if self.inputs.is_empty() {
            return Err(Error::NoInputs);
        }
        for (from, to) in &self.modules {
            if [from, to].iter().any(|n| n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))) {
                return Err(Error::Config(format!(
                    "module(\"{from}\", \"{to}\"): system and module names are ASCII letters, digits, `_` and `-`"
                )));
            }
        }
        let includes = parse_matchers(&self.includes, "include")?;
        let excludes = parse_matchers(&self.excludes, "exclude")?;
        let rename = |system: &str| self.modules.get(system).cloned().unwrap_or_else(|| system.to_string());
        let wanted = |(system, name): &(String, String)| {
            (includes.is_empty() || includes.iter().any(|m| m.matches_api(system, name))) && !excludes.iter().any(|m| m.matches_api(system, name))
        };

        let mut sink = Diagnostics::new();
        let sources = source::discover(&self.inputs, &mut sink)?;
        let watched = output::watched(&self.inputs, &sources);
        // Every API key seen, to tell a matcher that selects nothing.
        let mut known: BTreeSet<(String, String)> = BTreeSet::new();
        // Docs a conf or resource file places in an unwanted system are not read.
        let kept: Vec<source::SourceDoc> = sources
            .iter()
            .filter(|doc| match &doc.origin {
                source::Origin::Routed { system, .. } => {
                    let key = (rename(system), doc.name.clone());
                    let keep = wanted(&key);
                    known.insert(key);
                    keep
                }
                _ => true,
            })
            .cloned()
            .collect();
        // Each doc's diagnostics stay apart until we know whether it is a duplicate.
        let mut outcomes: Vec<(Option<ir::Api>, Diagnostics)> = kept
            .iter()
            .map(|doc| {
                let mut own = Diagnostics::new();
                (load_doc(doc, &mut own), own)
            })
            .collect();
        // The API each doc is about, when known (for a doc that failed, from its conf).
        let keys: Vec<Option<(String, String)>> = outcomes
            .iter()
            .zip(&kept)
            .map(|((api, _), doc)| match api {
                Some(api) => Some((rename(&api.system), api.name.clone())),
                None => doc.system().map(|system| (rename(system), doc.name.clone())),
            })
            .collect();
        known.extend(keys.iter().flatten().cloned());

        let (mut apis, skipped, duplicates) = settle(&kept, &mut outcomes);
        for api in &mut apis {
            api.system = rename(&api.system);
        }
        apis.retain(|api| wanted(&(api.system.clone(), api.name.clone())));
        let mut ir = Ir { apis };
        for ((_, own), key) in outcomes.into_iter().zip(&keys) {
            if key.as_ref().is_some_and(|key| !wanted(key)) {
                continue;
            }
            for d in own.into_items() {
                sink.push(d);
            }
        }
        for (option, matchers) in [("include", &includes), ("exclude", &excludes)] {
            if let Some(m) = matchers.iter().find(|m| !known.iter().any(|(s, n)| m.matches_api(s, n))) {
                let systems: BTreeSet<&str> = known.iter().map(|(s, _)| s.as_str()).collect();
                let systems: Vec<&str> = systems.into_iter().collect();
                return Err(Error::Config(format!(
                    "{option}(\"{m}\") selects no API; the docs have the systems: {}",
                    if systems.is_empty() { "(none)".to_string() } else { systems.join(", ") }
                )));
            }
        }
        ir.apis.sort_by(|a, b| (&a.system, &a.name).cmp(&(&b.system, &b.name)));
        if strict && sink.count(Severity::Error) > 0 {
            let errors = sink.into_items().into_iter().filter(|d| d.severity == Severity::Error).collect();
            return Err(Error::Strict(errors));
        }
        Ok(Loaded { ir, diagnostics: sink, sources, skipped, duplicates, watched })
    }

    /// Emits the files for an IR, keyed by path relative to the output folder, in the
    /// configured layout ([`Layout::Package`] when none was chosen).
    pub fn render(&self, ir: &Ir) -> Result<emit::Files, Error> {
        self.render_as(ir, &self.layout.clone().unwrap_or(Layout::Package))
    }

    /// Emits the files for an IR in `layout`, in memory.
    ///
    /// ```no_run
    /// let mut config = codegen::Config::new();
    /// config.input("docs");
    /// let (ir, _, _) = config.load()?;
    /// let files = config.render_as(&ir, &codegen::Layout::include("bkapi.rs"))?;
    /// println!("{}", files.files["bkapi.rs"]);
    /// # Ok::<(), codegen::Error>(())
    /// ```
    pub fn render_as(&self, ir: &Ir, layout: &Layout) -> Result<emit::Files, Error> {
        let paths = self.paths(ir, layout)?;
        match layout {
            Layout::Package => {
                let mut files = emit::emit(ir, &paths).map_err(Error::Emit)?;
                let systems: BTreeSet<String> = ir.apis.iter().map(|a| a.system.clone()).collect();
                let feature = |gate: &Gate| match gate {
                    Gate::Feature(name) => Some(name.clone()),
                    _ => None,
                };
                let manifest = package::Manifest {
                    name: self.package_name.clone(),
                    runtime: if self.in_workspace { RuntimeDep::Workspace } else { self.runtime_dep.clone() },
                    in_workspace: self.in_workspace,
                    roundtrip_feature: feature(&paths.roundtrip),
                    blocking_feature: feature(&paths.blocking),
                };
                files.files.insert("Cargo.toml".into(), package::manifest(&manifest, &systems));
                Ok(files)
            }
            Layout::Include(name) => {
                let file = Path::new(name);
                let plain = file.components().all(|c| matches!(c, std::path::Component::Normal(_)));
                if name.is_empty() || !plain || file.extension().is_none_or(|e| e != "rs") {
                    return Err(Error::Config(format!("Layout::Include(\"{name}\"): give a file name ending in `.rs`, such as `bkapi.rs`")));
                }
                let (text, type_count) = emit::emit_single(ir, &paths).map_err(Error::Emit)?;
                Ok(emit::Files { files: BTreeMap::from([(name.clone(), text)]), type_count })
            }
        }
    }

    /// The emitter's settings for `layout`, with the options checked against the IR.
    fn paths(&self, ir: &Ir, layout: &Layout) -> Result<emit::Paths, Error> {
        let runtime: syn::Path = syn::parse_str(&self.runtime_path)
            .map_err(|e| Error::Config(format!("runtime_path(\"{}\") is not a Rust path such as `bkapi_runtime` or `crate::rt`: {e}", self.runtime_path)))?;
        let package = *layout == Layout::Package;
        let default = |feature: &str| if package { Gate::Feature(feature.into()) } else { Gate::Never };
        let mut type_attributes = emit::attrs::TypeAttributes::default();
        for (matcher, attribute) in &self.type_attributes {
            let m = Matcher::parse(matcher).map_err(|e| Error::Config(format!("type_attribute(\"{matcher}\", ..): {e}")))?;
            let tokens = emit::attrs::parse_attributes(attribute).map_err(|e| Error::Config(format!("type_attribute(\"{matcher}\", ..): {e}")))?;
            if !selects_a_type(ir, &m) {
                return Err(Error::Config(format!("type_attribute(\"{matcher}\", ..) selects no generated type")));
            }
            type_attributes.push(m, tokens);
        }
        Ok(emit::Paths {
            runtime: quote::ToTokens::to_token_stream(&runtime),
            roundtrip: self.roundtrip.clone().unwrap_or_else(|| default("roundtrip")),
            blocking: self.blocking.clone().unwrap_or_else(|| default("blocking")),
            type_attributes,
        })
    }

    /// Settles the output folder, layout and strictness (see [Defaults](Config#defaults)).
    fn target(&self) -> Result<Target, Error> {
        if let Some(out) = &self.out_dir {
            return Ok(Target { out: out.clone(), layout: self.layout.clone().unwrap_or(Layout::Package), strict: self.strict.unwrap_or(false) });
        }
        let out = std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| Error::Io {
            path: PathBuf::from("$OUT_DIR"),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no out_dir was given and OUT_DIR is not set (cargo sets it only for build scripts)",
            ),
        })?;
        let layout = self.layout.clone().unwrap_or_else(|| Layout::include(output::DEFAULT_INCLUDE_FILE));
        Ok(Target { out, layout, strict: self.strict.unwrap_or(true) })
    }

    /// Reads the docs and writes the output, touching only files whose content changed (so
    /// nothing downstream rebuilds for nothing) and removing generated modules of systems
    /// that are gone. Prints `cargo:rerun-if-changed` lines unless
    /// [turned off](Config::emit_rerun_if_changed); prints nothing else.
    ///
    /// ```no_run
    /// // in build.rs's `fn main()`
    /// if let Err(e) = codegen::Config::new().input("docs").generate() {
    ///     // e.g. "error[E0002]: `FETCH` is not an HTTP method ... --> docs/x.md:3"
    ///     panic!("{e}");
    /// }
    /// ```
    pub fn generate(&self) -> Result<Report, Error> {
        let start = Instant::now();
        let target = self.target()?;
        let Loaded { ir, diagnostics: diags, skipped, duplicates, watched, .. } = self.load_with(target.strict)?;
        if self.rerun_if_changed {
            for path in &watched {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let files = self.render_as(&ir, &target.layout)?;
        let written = output::write(&target.out, &files, &target.layout)?;
        Ok(Report {
            apis: ir.apis.len(),
            types: files.type_count,
            skipped,
            duplicates,
            diagnostics: diags.into_items(),
            written,
            out_dir: target.out,
            watched,
            elapsed: start.elapsed(),
        })
    }

    /// What [`Config::generate`] would change, without writing anything: files missing,
    /// differing (with the first line that differs) or stale. For CI, to catch a committed
    /// SDK that no longer matches its docs.
    ///
    /// ```no_run
    /// let check = codegen::Config::new().input("docs").out_dir("sdk").check()?;
    /// for difference in &check.differences {
    ///     eprintln!("{difference}");
    /// }
    /// assert!(check.is_up_to_date(), "sdk/ is stale: regenerate it");
    /// # Ok::<(), codegen::Error>(())
    /// ```
    pub fn check(&self) -> Result<Check, Error> {
        let target = self.target()?;
        let loaded = self.load_with(target.strict)?;
        let files = self.render_as(&loaded.ir, &target.layout)?;
        Ok(output::compare(&target.out, &files, &target.layout))
    }
}

fn parse_matchers(texts: &[String], option: &str) -> Result<Vec<Matcher>, Error> {
    texts.iter().map(|t| Matcher::parse(t).map_err(|e| Error::Config(format!("{option}(\"{t}\"): {e}")))).collect()
}

/// Whether `m` selects some struct or enum the IR generates.
fn selects_a_type(ir: &Ir, m: &Matcher) -> bool {
    emit::by_system(ir).into_iter().any(|(system, apis)| {
        let names = emit::naming::name_system(&apis);
        apis.iter().zip(&names).any(|(api, n)| n.types.values().any(|t| m.matches_type(system, &api.name, t)))
    })
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
                            own.push(d);
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
        sink.push(Diagnostic { message, hint, ..d });
    }
    api
}

fn infer_doc(doc: &source::SourceDoc, sink: &mut Diagnostics) -> Option<ir::Api> {
    let mut diag = DocDiag { file: &doc.path, sink };
    let text = source::read_doc(&doc.path, &mut diag)?;
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
