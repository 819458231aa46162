//! [`Config`]: the one settings type, and its setters. What it does with them is in
//! `pipeline.rs`.

use crate::emit::attrs::Gate;
use crate::output::Layout;
use crate::package::RuntimeDep;
use std::collections::BTreeMap;
use std::path::PathBuf;

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
///         .partial_eq(codegen::Gate::Always)
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
/// | [`roundtrip`](Config::roundtrip), [`partial_eq`](Config::partial_eq), [`blocking`](Config::blocking) | behind the features `roundtrip`, `partial-eq`, `blocking` (package layout) | [`Gate::Never`] (include layout) |
///
/// The last row follows the layout: the package declares those features, an included file
/// cannot (the including crate has its own features).
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) inputs: Vec<PathBuf>,
    pub(crate) out_dir: Option<PathBuf>,
    pub(crate) layout: Option<Layout>,
    pub(crate) runtime_path: String,
    pub(crate) package_name: String,
    pub(crate) runtime_dep: RuntimeDep,
    pub(crate) in_workspace: bool,
    pub(crate) strict: Option<bool>,
    pub(crate) includes: Vec<String>,
    pub(crate) excludes: Vec<String>,
    pub(crate) modules: BTreeMap<String, String>,
    pub(crate) type_attributes: Vec<(String, String)>,
    pub(crate) roundtrip: Option<Gate>,
    pub(crate) partial_eq: Option<Gate>,
    pub(crate) blocking: Option<Gate>,
    pub(crate) rerun_if_changed: bool,
    pub(crate) force: bool,
    pub(crate) overrides: Vec<crate::overrides::Override>,
    pub(crate) override_files: Vec<PathBuf>,
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
            partial_eq: None,
            blocking: None,
            rerun_if_changed: true,
            force: false,
            overrides: Vec::new(),
            override_files: Vec::new(),
        }
    }
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

    /// How the generated package depends on the runtime crate (package layout only). Default:
    /// [`RuntimeDep::Local`], a path dependency on the `runtime/` folder this codegen was built
    /// beside, relative to the output folder.
    ///
    /// ```no_run
    /// // build.rs
    /// use codegen::{Config, RuntimeDep};
    /// fn main() -> Result<(), codegen::Error> {
    ///     let runtime = r#"{ git = "https://git.example.com/bkapi.git", tag = "v0.1.0" }"#;
    ///     Config::new()
    ///         .input("docs")
    ///         .out_dir("sdk")
    ///         .runtime_dependency(RuntimeDep::Spec(runtime.into()))
    ///         .generate()?;
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
    /// // build.rs: Cargo.toml has `rt = { package = "bkapi-runtime", path = "../bkapi/runtime" }`
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
    /// [`Report::diagnostics`](crate::Report::diagnostics)). The error's `Display` lists each one with its file and line.
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

    /// Generates only the APIs `matcher` selects (see [`Matcher`](crate::Matcher) for the syntax: `"cc"`,
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

    /// Overrides the type of one field, for a doc that is simply wrong: `target` is
    /// `<system>.<api>.<request|response>.<field path>` (wire names; lists and maps are
    /// stepped through), `ty` any type word of the docs' vocabulary (`int`, `string[]`,
    /// `string map` ...) or `map<T>`. The IR marks the field's origin `override`; an override
    /// that matches no field is a warning (W0601), a malformed one an error when loading.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new()
    ///         .input("docs")
    ///         .field_type("cc.search_host.response.info.host.bk_cloud_id", "int")
    ///         .field_type("cc.search_host.request.condition", "map<string>")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn field_type(&mut self, target: impl Into<String>, ty: impl Into<String>) -> &mut Self {
        self.overrides.push(crate::overrides::Override {
            target: target.into(),
            word: ty.into(),
            from: None,
        });
        self
    }

    /// Reads field-type overrides from a TOML file when loading: a `[field_type]` table of
    /// `"<target>" = "<type word>"` entries, as [`Config::field_type`] takes them.
    ///
    /// ```toml
    /// [field_type]
    /// "cc.search_host.response.info.host.bk_cloud_id" = "int"
    /// ```
    pub fn overrides_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.override_files.push(path.into());
        self
    }

    /// Adds attributes to the generated structs (and enums) `matcher` selects: a system, an
    /// API (all of its types) or one type by its generated name (see [`Matcher`](crate::Matcher)). `attribute`
    /// is one or more outer attributes, written as in Rust; several calls add up, in order. A
    /// matcher that selects no type is an error.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new()
    ///         .input("docs")
    ///         // `Eq` needs `PartialEq`, which generated types derive only when asked to.
    ///         .partial_eq(codegen::Gate::Always)
    ///         .type_attribute("cc.UpdateModuleRequest", "#[derive(Eq)]")
    ///         .type_attribute("cc.update_module", "#[non_exhaustive]")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn type_attribute(
        &mut self,
        matcher: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.type_attributes
            .push((matcher.into(), attribute.into()));
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

    /// When every generated struct and enum derives `PartialEq` (for tests that compare values
    /// with `==`; it costs compile time and a client seldom needs it). Turn it on also when a
    /// [`type_attribute`](Config::type_attribute) derives `Eq`, which requires `PartialEq`.
    /// Default: behind the feature `partial-eq` in the package layout, [`Gate::Never`] in the
    /// include layout.
    ///
    /// ```no_run
    /// // build.rs: the tests compare requests with `assert_eq!`
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").partial_eq(codegen::Gate::Always).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn partial_eq(&mut self, gate: Gate) -> &mut Self {
        self.partial_eq = Some(gate);
        self
    }

    /// When the `blocking` client (the same API without async) is generated. It needs the
    /// runtime's `blocking` feature. Default: behind the feature `blocking` in the package
    /// layout, [`Gate::Never`] in the include layout.
    ///
    /// ```no_run
    /// // build.rs; Cargo.toml has bkapi-runtime = { path = "../bkapi/runtime", features = ["blocking"] }
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").blocking(codegen::Gate::Always).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn blocking(&mut self, gate: Gate) -> &mut Self {
        self.blocking = Some(gate);
        self
    }

    /// Whether [`Config::generate`] prints `cargo::rerun-if-changed=PATH` for every input and
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
    ///     println!("cargo::rerun-if-changed=docs");
    ///     println!("cargo::rerun-if-changed=build.rs");
    ///     Ok(())
    /// }
    /// ```
    pub fn emit_rerun_if_changed(&mut self, yes: bool) -> &mut Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Whether [`Config::generate`] may overwrite files in the output folder that it did not
    /// write (files without the `@generated` header). Default: off, so an output folder that
    /// holds hand-written code by mistake is left untouched and the run fails with
    /// [`Error::NotGenerated`](crate::Error::NotGenerated).
    ///
    /// ```no_run
    /// // build.rs: sdk/ held a hand-written client that the generated one replaces
    /// fn main() -> Result<(), codegen::Error> {
    ///     codegen::Config::new().input("docs").out_dir("sdk").force(true).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn force(&mut self, yes: bool) -> &mut Self {
        self.force = yes;
        self
    }
}
