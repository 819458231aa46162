//! What [`Config`] does: load the docs into the IR, render the IR, write or check the output.

use crate::config::Config;
use crate::diag::{Code, Severity};
use crate::load::{load_doc, settle};
use crate::select;
use crate::{
    emit, ir, output, package, source, Check, ConfigError, Diagnostic, Diagnostics, Error, Gate,
    Ir, Layout, Matcher,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// Where and how [`Config::generate`] and [`Config::check`] write, once the defaults are settled.
struct Target {
    out: PathBuf,
    layout: Layout,
    strict: bool,
}

impl Config {
    /// Reads and infers all inputs: the IR, what was said about the docs, the docs found and
    /// the counts of a run. Writes nothing (for tools and checks; `generate` is this, then
    /// render, then write). Strict only when [`Config::strict`] was set.
    ///
    /// ```no_run
    /// // build.rs: fail on warnings too
    /// fn main() -> Result<(), codegen::Error> {
    ///     let mut config = codegen::Config::new();
    ///     config.input("docs");
    ///     let loaded = config.load_all()?;
    ///     if let Some(d) = loaded.diagnostics.items().first() {
    ///         panic!("{d}");
    ///     }
    ///     config.generate()?;
    ///     Ok(())
    /// }
    /// ```
    ///
    /// Each API is generated once per (system, name): when several docs describe it, the one
    /// [`source::SourceDoc::preference`] ranks first is used and the others get a
    /// [`Code::DuplicateApi`](crate::diag::Code::DuplicateApi) warning. Self-contained docs' system is known only once read,
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
        let selection = select::Selection::new(self)?;
        let mut overrides = Vec::new();
        for o in &self.overrides {
            crate::overrides::check(&o.target, &o.word)?;
            overrides.push(o.clone());
        }
        for file in &self.override_files {
            overrides.extend(crate::overrides::read_file(file)?);
        }
        let mut sink = Diagnostics::new();
        let sources = source::discover(&self.inputs, &mut sink)?;
        let watched = output::watched(&self.inputs, &sources);
        // Every API key seen, to tell a matcher that selects nothing.
        let mut known: BTreeSet<(String, String)> = BTreeSet::new();
        let kept = selection.docs_to_read(&sources, &mut known);
        // Each doc's diagnostics stay apart until we know whether it is a duplicate.
        let mut outcomes: Vec<(Option<ir::Api>, Diagnostics)> = kept
            .iter()
            .map(|doc| {
                let mut own = Diagnostics::new();
                (load_doc(doc, &mut own), own)
            })
            .collect();
        let keys = selection.keys(&outcomes, &kept);
        known.extend(keys.iter().flatten().cloned());
        let (mut apis, skipped, duplicates) = settle(&kept, &mut outcomes);
        selection.name_systems(&mut apis, &mut sink);
        apis.retain(|api| selection.wants(&(api.system.clone(), api.name.clone())));
        // Diagnostics about docs of APIs left out are dropped.
        for ((_, own), key) in outcomes.into_iter().zip(&keys) {
            if key.as_ref().is_none_or(|key| selection.wants(key)) {
                own.into_items().into_iter().for_each(|d| sink.push(d));
            }
        }
        selection.check_matchers(&known)?;
        let mut ir = Ir { apis };
        ir.apis
            .sort_by(|a, b| (&a.system, &a.name).cmp(&(&b.system, &b.name)));
        crate::overrides::apply(&mut ir, &overrides, &mut sink);
        report_renamed_items(&ir, &mut sink);
        if strict && sink.count(Severity::Error) > 0 {
            let errors = sink
                .into_items()
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            return Err(Error::Strict(errors));
        }
        Ok(Loaded {
            ir,
            diagnostics: sink,
            sources,
            skipped,
            duplicates,
            watched,
        })
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
    /// let loaded = config.load_all()?;
    /// let files = config.render_as(&loaded.ir, &codegen::Layout::include("bkapi.rs"))?;
    /// println!("{}", files.files["bkapi.rs"]);
    /// # Ok::<(), codegen::Error>(())
    /// ```
    pub fn render_as(&self, ir: &Ir, layout: &Layout) -> Result<emit::Files, Error> {
        let options = self.emit_options(layout)?;
        let plan = emit::plan::plan(ir, &options);
        self.check_type_attributes(&plan)?;
        let mut files = emit::format(&emit::tokens(&plan, &options)).map_err(Error::Emit)?;
        if *layout == Layout::Package {
            let systems: BTreeSet<String> = plan.systems.iter().map(|s| s.module.clone()).collect();
            let feature = |gate: &Gate| match gate {
                Gate::Feature(name) => Some(name.clone()),
                _ => None,
            };
            let manifest = package::Manifest {
                name: self.package_name.clone(),
                runtime: if self.in_workspace {
                    None
                } else {
                    package::runtime_spec(&self.runtime_dep, self.out_dir.as_deref())
                },
                in_workspace: self.in_workspace,
                roundtrip_feature: feature(&options.roundtrip),
                partial_eq_feature: feature(&options.partial_eq),
                blocking_feature: feature(&options.blocking),
            };
            package::check(&manifest, &systems)?;
            files
                .files
                .insert("Cargo.toml".into(), package::manifest(&manifest, &systems));
        }
        Ok(files)
    }

    /// The emitter's options for `layout`: the runtime path, the gates (defaults follow the
    /// layout) and the parsed type attributes.
    pub(crate) fn emit_options(&self, layout: &Layout) -> Result<emit::Options, Error> {
        let runtime: syn::Path =
            syn::parse_str(&self.runtime_path).map_err(|e| ConfigError::RuntimePath {
                path: self.runtime_path.clone(),
                reason: e.to_string(),
            })?;
        let mut type_attributes = emit::attrs::TypeAttributes::default();
        for (matcher, attribute) in &self.type_attributes {
            let invalid = |reason| ConfigError::Attribute {
                matcher: matcher.clone(),
                reason,
            };
            let m = Matcher::parse(matcher).map_err(invalid)?;
            let tokens = emit::attrs::parse_attributes(attribute).map_err(invalid)?;
            type_attributes.push(m, tokens);
        }
        let include = match layout {
            Layout::Package => None,
            Layout::Include(name) => {
                let file = Path::new(name);
                let plain = file
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
                if name.is_empty() || !plain || file.extension().is_none_or(|e| e != "rs") {
                    return Err(ConfigError::IncludeFile { name: name.clone() }.into());
                }
                Some(name.clone())
            }
        };
        let default = |feature: &str| match include {
            None => Gate::Feature(feature.into()),
            Some(_) => Gate::Never,
        };
        Ok(emit::Options {
            runtime: quote::ToTokens::to_token_stream(&runtime),
            roundtrip: self
                .roundtrip
                .clone()
                .unwrap_or_else(|| default("roundtrip")),
            partial_eq: self
                .partial_eq
                .clone()
                .unwrap_or_else(|| default("partial-eq")),
            blocking: self.blocking.clone().unwrap_or_else(|| default("blocking")),
            type_attributes,
            include,
        })
    }

    /// A `type_attribute` matcher that selects no generated type is almost always a typo.
    fn check_type_attributes(&self, plan: &emit::plan::Plan) -> Result<(), Error> {
        for (matcher, _) in &self.type_attributes {
            let m = Matcher::parse(matcher).map_err(|reason| ConfigError::Attribute {
                matcher: matcher.clone(),
                reason,
            })?;
            let selects = plan.systems.iter().any(|s| {
                s.apis.iter().any(|a| {
                    a.names
                        .types
                        .values()
                        .any(|t| m.matches_type(s.system, &a.api.name, t))
                })
            });
            if !selects {
                return Err(ConfigError::SelectsNoType {
                    matcher: matcher.clone(),
                }
                .into());
            }
        }
        Ok(())
    }

    /// Settles the output folder, layout and strictness (see [Defaults](Config#defaults)).
    fn target(&self) -> Result<Target, Error> {
        if let Some(out) = &self.out_dir {
            return Ok(Target {
                out: out.clone(),
                layout: self.layout.clone().unwrap_or(Layout::Package),
                strict: self.strict.unwrap_or(false),
            });
        }
        let out = std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| Error::Io {
            path: PathBuf::from("$OUT_DIR"),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no out_dir was given and OUT_DIR is not set (cargo sets it only for build scripts)",
            ),
        })?;
        let layout = self
            .layout
            .clone()
            .unwrap_or_else(|| Layout::include(output::DEFAULT_INCLUDE_FILE));
        Ok(Target {
            out,
            layout,
            strict: self.strict.unwrap_or(true),
        })
    }

    /// Reads the docs and writes the output, touching only files whose content changed (so
    /// nothing downstream rebuilds for nothing) and removing generated modules of systems
    /// that are gone. Prints `cargo::rerun-if-changed` lines unless
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
        let Loaded {
            ir,
            diagnostics: diags,
            skipped,
            duplicates,
            watched,
            ..
        } = self.load_with(target.strict)?;
        if self.rerun_if_changed {
            // The walk refuses such names already; a line break here would start another
            // directive (`cargo::rustc-env=...`), so never print one whatever the caller did.
            for path in watched
                .iter()
                .filter(|p| source::fs::unsafe_name(p).is_none())
            {
                println!("cargo::rerun-if-changed={}", path.display());
            }
        }
        let files = self.render_as(&ir, &target.layout)?;
        let written = output::write(&target.out, &files, &target.layout, self.force)?;
        Ok(Report {
            apis: ir.apis.len(),
            types: files.type_count,
            aliases: files.alias_count,
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

/// A warning for each API item that had to be renamed to keep the names of its system unique.
fn report_renamed_items(ir: &Ir, sink: &mut Diagnostics) {
    for named in emit::plan::names(ir) {
        let (system, apis, names) = (named.system, &named.apis, &named.names);
        for r in &named.renamed {
            let api = apis[r.api];
            let clash = apis
                .iter()
                .zip(names)
                .find(|(_, n)| n.function == r.wanted || n.types.values().any(|t| *t == r.wanted))
                .map(|(other, _)| format!("the API `{}` has it", other.name))
                .unwrap_or_else(|| "the generated module uses it itself".to_string());
            sink.report(
                Severity::Warning,
                Code::RenamedItem,
                &api.source,
                0,
                format!(
                    "the {} of `{system}.{}` would be `{}`, but {clash}; it is `{}`",
                    r.what, api.name, r.wanted, r.got
                ),
                Some("give APIs names that differ in more than case and punctuation"),
            );
        }
    }
}
