//! The `codegen` command line.

use clap::{Parser, Subcommand};
use codegen::diag::Severity;
use codegen::{Config, RuntimeDep};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Turns BlueKing API Markdown docs into a typed Rust SDK.
///
/// With no command, regenerates the workspace's `generated/` package from `docs/`.
///
/// Exit codes: 0 success; 1 the docs had errors under --strict, or generation failed; 2 bad usage.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Fail on any doc error instead of skipping the doc.
    #[arg(long, global = true)]
    strict: bool,
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
        /// The runtime dependency as a Cargo spec, e.g. '"0.1"' or '{ path = "../runtime" }'.
        #[arg(long)]
        runtime_dep: Option<String>,
    },
    /// Generate, build and round-trip every example of the docs through the generated types.
    Verify {
        /// Doc files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Exit 0 when at most this many examples fail.
        #[arg(long, default_value_t = 0)]
        max_failures: usize,
        /// Where to build (kept between runs so dependencies stay compiled).
        #[arg(long, default_value = "target/bkapi-verify")]
        work_dir: PathBuf,
    },
    /// Print the docs' warnings and errors only (for doc authors).
    Lint {
        /// Doc files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Print the IR of docs as JSON.
    Ir {
        /// Doc files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
}

/// The workspace root: codegen's manifest sits one level below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut config = Config::new();
    config.strict(cli.strict);
    match cli.command {
        None => {
            let root = workspace_root();
            config.input(root.join("docs")).out_dir(root.join("generated")).in_workspace(true);
            run_generate(&config)
        }
        Some(Command::Generate { inputs, out, name, runtime_dep }) => {
            for input in inputs {
                config.input(input);
            }
            config.out_dir(out).package_name(name);
            if let Some(spec) = runtime_dep {
                config.runtime_dependency(RuntimeDep::Spec(spec));
            }
            run_generate(&config)
        }
        Some(Command::Verify { inputs, max_failures, work_dir }) => {
            for input in inputs {
                config.input(input);
            }
            match codegen::verify::verify(&config, &work_dir) {
                Ok(outcome) => {
                    print!("{}", outcome.render());
                    if outcome.failures().count() > max_failures {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => fail(&e.to_string()),
            }
        }
        Some(Command::Lint { inputs }) => {
            for input in inputs {
                config.input(input);
            }
            match config.load() {
                Ok((_, diags, _)) => {
                    for d in diags.items() {
                        println!("{d}");
                    }
                    let errors = diags.count(Severity::Error);
                    println!("{} warnings, {errors} errors", diags.count(Severity::Warning));
                    if errors > 0 {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => fail(&e.to_string()),
            }
        }
        Some(Command::Ir { inputs }) => {
            for input in inputs {
                config.input(input);
            }
            match config.load() {
                Ok((ir, diags, _)) => {
                    for d in diags.items() {
                        eprintln!("{d}");
                    }
                    match serde_json::to_string_pretty(&ir) {
                        Ok(json) => {
                            println!("{json}");
                            ExitCode::SUCCESS
                        }
                        Err(e) => fail(&e.to_string()),
                    }
                }
                Err(e) => fail(&e.to_string()),
            }
        }
    }
}

fn run_generate(config: &Config) -> ExitCode {
    match config.generate() {
        Ok(report) => {
            for d in &report.diagnostics {
                eprintln!("{d}");
            }
            let warnings = report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
            println!(
                "generated {} APIs ({} types), skipped {} docs, {} warnings, {} files changed, in {:.2?}",
                report.apis,
                report.types,
                report.skipped,
                warnings,
                report.written.len(),
                report.elapsed
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}
