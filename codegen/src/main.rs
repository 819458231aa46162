//! The `codegen` command line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use codegen::diag::render::{Format, Sources};
use codegen::diag::Severity;
use codegen::Diagnostic;
use codegen::{Config, RuntimeDep};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Turns BlueKing API Markdown docs into a typed Rust SDK.
///
/// With no command, regenerates the workspace's `generated/` package from `docs/`.
///
/// Every problem in a doc is reported like a compiler's diagnostics (severity, code, file,
/// line and column, the line itself, a hint). A doc with an error is skipped, or only its
/// broken part where that is safe, and the rest is generated.
///
/// Exit codes of the default job, `generate` and `ir`: 0 success, including docs skipped for
/// errors (they are reported); 1 with --deny-errors when some doc has an error, with
/// --deny-warnings when there is any warning or error (the package is written all the same),
/// or when generation itself failed (I/O, options, a hand-written file in the way, generated
/// names that would not compile: then nothing is written). With --check: 0 when the output is
/// up to date, 1 when some file differs.
///
/// `verify` and `lint` check docs, and share one rule: 1 when a doc has an error (it was
/// skipped), when examples fail to round-trip or the shape audit doubts a shape (verify: more
/// of both than --max-failures), or with --deny-warnings when there is a warning; else 0.
/// Notes never count.
///
/// 2: bad usage.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Exit 1 when any doc has an error (what can be generated still is). Unlike
    /// `Config::strict` in a build script, which fails before anything is written.
    #[arg(long, global = true)]
    deny_errors: bool,
    /// Exit 1 when there is any warning or error.
    #[arg(long, global = true)]
    deny_warnings: bool,
    /// How diagnostics are printed: rustc-style text (to stderr), or one JSON object per
    /// diagnostic and line (to stdout, except for `ir`, which prints the IR there).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// For the default job: write nothing; list the files of generated/ that are not what
    /// docs/ generate and exit 1 if any (for CI). Before `generate`, the same as its --check.
    #[arg(long)]
    check: bool,
}

/// Writing a package: for the default job and `generate`.
#[derive(Args)]
struct Write {
    /// Write nothing; list the files that are not what the docs generate and exit 1 if any
    /// (for CI).
    #[arg(long)]
    check: bool,
    /// Overwrite files in the output folder that codegen did not write (without the
    /// `@generated` header); without it such a file stops the run before anything is written.
    #[arg(long)]
    force: bool,
}

/// Which APIs to generate and how to name them: the `Config` options of the same names.
#[derive(Args)]
struct Select {
    /// Generate only what this matcher selects (`cc`, `cc.update_module`); repeatable.
    #[arg(long, value_name = "MATCHER")]
    include: Vec<String>,
    /// Leave out what this matcher selects, even when included; repeatable.
    #[arg(long, value_name = "MATCHER")]
    exclude: Vec<String>,
    /// Generate system OLD as module NEW (`--module cc=cmdb`); repeatable.
    #[arg(long, value_name = "OLD=NEW", value_parser = pair)]
    module: Vec<(String, String)>,
    /// Add outer attributes to the types a matcher selects
    /// (`--type-attribute 'cc.UpdateModuleRequest=#[derive(Eq)]'`); repeatable.
    #[arg(long, value_name = "MATCHER=ATTRIBUTE", value_parser = pair)]
    type_attribute: Vec<(String, String)>,
    /// Field-type overrides for docs that are simply wrong: a TOML file with a `[field_type]`
    /// table of `"<system>.<api>.<request|response>.<field path>" = "<type word>"`;
    /// repeatable. An override that matches no field is a warning (W0601).
    #[arg(long, value_name = "FILE")]
    overrides: Vec<PathBuf>,
}

impl Select {
    fn apply(self, config: &mut Config) {
        for m in self.include {
            config.include(m);
        }
        for m in self.exclude {
            config.exclude(m);
        }
        for (from, to) in self.module {
            config.module(from, to);
        }
        for (m, attribute) in self.type_attribute {
            config.type_attribute(m, attribute);
        }
        for file in self.overrides {
            config.overrides_file(file);
        }
    }
}

/// `A=B` → (`A`, `B`), split at the first `=`.
fn pair(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(|| format!("`{text}` is not of the form LEFT=RIGHT"))
}

/// See `openapi --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SpecFormat {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// See `openapi --openapi-version`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SpecVersion {
    /// OpenAPI 3.1.
    #[value(name = "3.1")]
    V31,
    /// OpenAPI 3.0.
    #[value(name = "3.0")]
    V30,
}

/// See `--message-format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    /// rustc-style text.
    Human,
    /// One JSON object per line.
    Json,
}

/// How diagnostics are printed, and which fail the run.
#[derive(Clone, Copy)]
struct Policy {
    format: Format,
    deny_errors: bool,
    deny_warnings: bool,
}

impl Policy {
    /// Prints `diagnostics` (human text to stderr; JSON to stdout, or to stderr when
    /// `stdout_taken`), and returns (warnings, errors).
    fn print(&self, diagnostics: &[Diagnostic], stdout_taken: bool) -> (usize, usize) {
        let mut sources = Sources::new();
        let to_stdout = self.format == Format::Json && !stdout_taken;
        let color =
            !to_stdout && std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        for d in diagnostics {
            let text = sources.format(d, self.format, color);
            if to_stdout {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
        }
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        (count(Severity::Warning), count(Severity::Error))
    }

    /// The exit code for a run that said this much.
    fn exit(&self, warnings: usize, errors: usize) -> ExitCode {
        if (self.deny_errors && errors > 0) || (self.deny_warnings && warnings + errors > 0) {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }

    /// The exit code of `verify` and `lint`, which check docs rather than produce code, and so
    /// share one rule: 1 when a doc has an error (it was skipped), when examples failed to
    /// round-trip or shapes are doubtful (verify: more than `--max-failures`), or, with
    /// --deny-warnings, when there is a warning; else 0.
    fn judge(&self, warnings: usize, errors: usize, failures: usize) -> ExitCode {
        if errors > 0 || failures > 0 || (self.deny_warnings && warnings > 0) {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }

    /// Prints a summary line: to stdout for text, to stderr beside JSON diagnostics.
    fn summary(&self, line: &str) {
        if self.format == Format::Json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Generate a complete Cargo package from docs.
    Generate {
        /// Doc files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The package directory to write.
        #[arg(long)]
        out: PathBuf,
        /// The package name.
        #[arg(long, default_value = "bkapi-sdk")]
        name: String,
        /// The runtime dependency as a Cargo spec, e.g. '{ path = "../bkapi/runtime" }' or
        /// '{ git = "...", tag = "..." }'. Default: this repository's runtime/, by a path
        /// relative to --out.
        #[arg(long)]
        runtime_dep: Option<String>,
        #[command(flatten)]
        write: Write,
        #[command(flatten)]
        select: Select,
    },
    /// Generate, build and round-trip every example of the docs through the generated types.
    Verify {
        /// Doc files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Exit 0 when at most this many examples fail and shapes are doubtful, together.
        #[arg(long, default_value_t = 0)]
        max_failures: usize,
        /// Where to build (kept between runs so dependencies stay compiled).
        #[arg(long, default_value = "target/bkapi-verify")]
        work_dir: PathBuf,
        #[command(flatten)]
        select: Select,
    },
    /// Print the docs' warnings and errors only (for doc authors).
    Lint {
        /// Doc files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        select: Select,
    },
    /// Describe the docs' APIs as OpenAPI (3.1 by default): operations, schemas, examples,
    /// the credentials as a security scheme.
    Openapi {
        /// Doc files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The file to write (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// JSON or YAML.
        #[arg(long, value_enum, default_value_t = SpecFormat::Json)]
        format: SpecFormat,
        /// 3.1, or 3.0 for tools that read only 3.0 (progenitor among them).
        #[arg(long = "openapi-version", value_enum, default_value_t = SpecVersion::V31)]
        version: SpecVersion,
        /// Instead: fill this gateway resource file's operations (swagger 2.0 or OpenAPI 3.0)
        /// with the docs' schemas, keeping everything else, and write it to --out (default:
        /// standard output).
        #[arg(long, value_name = "RESOURCE_FILE")]
        merge_into: Option<PathBuf>,
        #[command(flatten)]
        select: Select,
    },
    /// Serve the docs' APIs as a mock BlueKing: real routes, the docs' example answers,
    /// credential checks and request validation, one log line per call (stderr).
    Mock {
        /// Doc files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        #[command(flatten)]
        select: Select,
    },
    /// Print the IR of docs as JSON.
    Ir {
        /// Doc files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        select: Select,
    },
}

/// The workspace root: codegen's manifest sits one level below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let policy = Policy {
        format: if cli.message_format == MessageFormat::Json {
            Format::Json
        } else {
            Format::Human
        },
        deny_errors: cli.deny_errors,
        deny_warnings: cli.deny_warnings,
    };
    let mut config = Config::new();
    // The command line reports every diagnostic, generates what it can and decides the exit
    // code itself (see `Policy`).
    config.strict(false);
    // Build scripts want `cargo::rerun-if-changed` lines; a terminal does not.
    config.emit_rerun_if_changed(false);
    match cli.command {
        None => {
            let root = workspace_root();
            config
                .input(root.join("docs"))
                .out_dir(root.join("generated"))
                .in_workspace(true);
            if cli.check {
                return run_check(&config, policy, "with `cargo run -p codegen`");
            }
            run_generate(&config, policy)
        }
        Some(Command::Generate {
            inputs,
            out,
            name,
            runtime_dep,
            write,
            select,
        }) => {
            config
                .inputs(inputs)
                .out_dir(out)
                .package_name(name)
                .force(write.force);
            select.apply(&mut config);
            if let Some(spec) = runtime_dep {
                config.runtime_dependency(RuntimeDep::Spec(spec));
            }
            if write.check || cli.check {
                return run_check(
                    &config,
                    policy,
                    "by running the same `generate` command without --check",
                );
            }
            run_generate(&config, policy)
        }
        Some(_) if cli.check => {
            eprintln!("error: --check applies to the default job and to `generate` only");
            ExitCode::from(2)
        }
        Some(Command::Verify {
            inputs,
            max_failures,
            work_dir,
            select,
        }) => {
            config.inputs(inputs);
            select.apply(&mut config);
            match config.verify(&work_dir) {
                Ok(outcome) => {
                    print!("{}", outcome.render());
                    let rows = outcome.systems.values();
                    let warnings: usize = rows.clone().map(|r| r.warnings).sum();
                    let errors = outcome.skipped;
                    let failed = outcome.failures().count() + outcome.findings.len();
                    policy.judge(warnings, errors, failed.saturating_sub(max_failures))
                }
                Err(e) => fail(&e.to_string()),
            }
        }
        Some(Command::Lint { inputs, select }) => {
            config.inputs(inputs);
            select.apply(&mut config);
            match config.load_all() {
                Ok(codegen::Loaded {
                    diagnostics: diags, ..
                }) => {
                    let (warnings, errors) = policy.print(diags.items(), false);
                    let mut by_code: std::collections::BTreeMap<&str, usize> = Default::default();
                    for d in diags.items() {
                        *by_code.entry(d.code.as_str()).or_default() += 1;
                    }
                    for (code, n) in &by_code {
                        policy.summary(&format!("{code}: {n}"));
                    }
                    policy.summary(&format!("{warnings} warnings, {errors} errors"));
                    policy.judge(warnings, errors, 0)
                }
                Err(e) => fail(&e.to_string()),
            }
        }
        Some(Command::Openapi {
            inputs,
            out,
            format,
            version,
            merge_into,
            select,
        }) => {
            config.inputs(inputs);
            select.apply(&mut config);
            let version = match (version, &merge_into) {
                // Resource files are swagger 2.0 or OpenAPI 3.0: their schemas are 3.0's.
                (_, Some(_)) | (SpecVersion::V30, _) => codegen::OpenApiVersion::V3_0,
                (SpecVersion::V31, None) => codegen::OpenApiVersion::V3_1,
            };
            let loaded = match config.load_all() {
                Ok(loaded) => loaded,
                Err(e) => return fail(&e.to_string()),
            };
            let (warnings, errors) = policy.print(loaded.diagnostics.items(), out.is_none());
            let spec = match config.openapi_of(&loaded.ir, version) {
                Ok(spec) => spec,
                Err(e) => return fail(&e.to_string()),
            };
            let text = match (&merge_into, format) {
                (Some(resource), _) => std::fs::read_to_string(resource)
                    .map_err(|e| format!("{}: {e}", resource.display()))
                    .and_then(|text| codegen::merge_openapi_into(&text, &spec)),
                (None, SpecFormat::Yaml) => codegen::openapi_to_yaml(&spec),
                (None, SpecFormat::Json) => {
                    serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())
                }
            };
            let text = match text {
                Ok(text) => text,
                Err(e) => return fail(&e),
            };
            match out {
                Some(path) => {
                    if let Err(e) = std::fs::write(&path, format!("{}\n", text.trim_end())) {
                        return fail(&format!("{}: {e}", path.display()));
                    }
                    policy.summary(&format!(
                        "described {} APIs in {}, {warnings} warnings, {errors} errors",
                        loaded.ir.apis.len(),
                        path.display()
                    ));
                }
                None => println!("{}", text.trim_end()),
            }
            policy.exit(warnings, errors)
        }
        Some(Command::Mock {
            inputs,
            addr,
            select,
        }) => {
            config.inputs(inputs);
            select.apply(&mut config);
            let loaded = match config.load_all() {
                Ok(loaded) => loaded,
                Err(e) => return fail(&e.to_string()),
            };
            policy.print(loaded.diagnostics.items(), true);
            run_mock(&loaded.ir, addr)
        }
        Some(Command::Ir { inputs, select }) => {
            config.inputs(inputs);
            select.apply(&mut config);
            match config.load_all() {
                Ok(codegen::Loaded {
                    ir,
                    diagnostics: diags,
                    ..
                }) => {
                    let (warnings, errors) = policy.print(diags.items(), true);
                    match serde_json::to_string_pretty(&ir) {
                        Ok(json) => {
                            println!("{json}");
                            policy.exit(warnings, errors)
                        }
                        Err(e) => fail(&e.to_string()),
                    }
                }
                Err(e) => fail(&e.to_string()),
            }
        }
    }
}

/// Serves `ir` until the process is stopped.
fn run_mock(ir: &codegen::Ir, addr: std::net::SocketAddr) -> ExitCode {
    let spec = serde_json::to_value(ir)
        .map_err(|e| e.to_string())
        .and_then(|v| bkapi_mock::Spec::from_value(v).map_err(|e| e.to_string()));
    let spec = match spec {
        Ok(spec) => spec,
        Err(e) => return fail(&e),
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&e.to_string()),
    };
    runtime.block_on(async {
        let apis = spec.apis.len();
        match bkapi_mock::MockServer::start_at(spec, addr).await {
            Ok(server) => {
                eprintln!("mock BlueKing: {apis} APIs at {}", server.url());
                tokio::select! {
                    _ = server.wait() => ExitCode::SUCCESS,
                    _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
                }
            }
            Err(e) => fail(&e.to_string()),
        }
    })
}

fn run_generate(config: &Config, policy: Policy) -> ExitCode {
    match config.generate() {
        Ok(report) => {
            let (warnings, errors) = policy.print(&report.diagnostics, false);
            policy.summary(&format!(
                "generated {} APIs, skipped {} docs, {warnings} warnings, {errors} errors ({} types, {} aliases of shared types, {} files changed, in {:.2?})",
                report.apis,
                report.skipped,
                report.types,
                report.aliases,
                report.written.len(),
                report.elapsed
            ));
            policy.exit(warnings, errors)
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// `--check`: compares the output folder with what the docs generate, writing nothing; lists
/// each file that differs (stdout) and fails when there is one.
fn run_check(config: &Config, policy: Policy, regenerate: &str) -> ExitCode {
    let check = match config.check() {
        Ok(check) => check,
        Err(e) => return fail(&e.to_string()),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let show = |p: &Path| p.strip_prefix(&cwd).unwrap_or(p).to_path_buf();
    for d in &check.differences {
        println!(
            "{}",
            codegen::Difference {
                path: show(&d.path),
                change: d.change
            }
        );
    }
    let out = show(&check.out_dir);
    if check.is_up_to_date() {
        policy.summary(&format!(
            "{} is up to date ({} files)",
            out.display(),
            check.files
        ));
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "error: {} is not what the docs generate: {} file(s) differ; regenerate {regenerate}",
            out.display(),
            check.differences.len()
        );
        ExitCode::FAILURE
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}
