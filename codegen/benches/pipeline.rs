//! Generation speed over the real corpus: `cargo bench -p codegen`.
//!
//! A plain bench binary (`harness = false`): the pipeline's stages take tens to hundreds of
//! milliseconds over the whole corpus, so a median of a few wall-clock runs says what we need,
//! and criterion would add its dependency tree (plotters, rayon, ...) to every build of the
//! workspace's benches for statistics we do not use.
//!
//! For the whole corpus and for the CMDB ESB docs (`esb/cc`), it times the whole pipeline
//! ([`Config::generate`] into a fresh folder, and again into an up-to-date one, as a build
//! script reruns), then each stage alone, fed by the previous stage's output:
//!
//! | stage | what |
//! |---|---|
//! | discover | walk the folders, read the ESB confs and gateway resource files, merge languages |
//! | read | read each doc's bytes and decode them (the doc used for each API and language pair) |
//! | parse | Markdown → blocks |
//! | infer | blocks → one API of the IR |
//! | load | `Config::load_all`: all of the above plus picking one doc per API |
//! | emit | IR → token streams |
//! | format | token streams → formatted text |
//! | write | the files into a fresh folder |
//!
//! Each row gives the median, fastest and slowest of N runs (`BKAPI_BENCH_RUNS`, default 10),
//! docs per second at the median, and the peak resident memory while the stage ran (VmHWM
//! from `/proc/self/status`, reset before each stage through `/proc/self/clear_refs`, so it
//! includes what earlier stages' outputs hold). The corpus is `$BKAPI_CORPUS`, else
//! `../shared/corpus` beside the workspace; without it the bench prints why and exits 0.
//! Each input is benched in a process of its own, so the first row's peak is that of a
//! process that only generates. Extra arguments (besides cargo's `--bench`) pick inputs by
//! label: `cargo bench -p codegen -- esb/cc`.

use codegen::diag::{Diagnostics, DocDiag};
use codegen::internals::source;
use codegen::internals::{emit, markdown, output};
use codegen::{Config, Layout};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let runs: usize = std::env::var("BKAPI_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(10);
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(corpus) = corpus() else { return };
    let inputs = [
        ("corpus", corpus.clone()),
        ("esb/cc", corpus.join("esb/cc")),
    ];
    let chosen: Vec<_> = inputs
        .iter()
        .filter(|(label, _)| filters.is_empty() || filters.iter().any(|f| f == label))
        .collect();
    if chosen.is_empty() {
        eprintln!(
            "no input is called {}; the inputs are: corpus, esb/cc",
            filters.join(", ")
        );
        std::process::exit(2);
    }
    if std::env::var_os(CHILD).is_none() {
        println!(
            "codegen pipeline bench: median of {runs} runs ({} build)",
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "optimized"
            }
        );
    }
    if chosen.len() > 1 {
        // One process per input, so each one's peak memory is its own.
        let exe = std::env::current_exe().expect("the bench's own path");
        for (label, _) in chosen {
            let status = std::process::Command::new(&exe)
                .arg(label)
                .env(CHILD, "1")
                .status()
                .expect("the bench reruns itself");
            assert!(status.success(), "the bench of {label} failed");
        }
        return;
    }
    let (label, dir) = chosen[0];
    if dir.is_dir() {
        bench_input(label, dir, runs);
    } else {
        println!("\n{label}: skipped, no folder {}", dir.display());
    }
}

/// Set in the processes the bench starts for each input.
const CHILD: &str = "BKAPI_BENCH_CHILD";

/// `$BKAPI_CORPUS`, else `../shared/corpus` beside the workspace; `None`, having said why,
/// when it is absent.
fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("BKAPI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    if dir.is_dir() {
        Some(dir.canonicalize().unwrap_or(dir))
    } else {
        eprintln!(
            "skipping the pipeline bench: no corpus at {} (set BKAPI_CORPUS to its folder)",
            dir.display()
        );
        None
    }
}

/// One row of the table.
struct Row {
    stage: &'static str,
    times: Vec<Duration>,
    docs: usize,
    peak: Option<u64>,
}

/// Runs `f` `runs` times; the last run's result, and the row (peak memory over the runs).
fn measure<T>(
    stage: &'static str,
    docs: usize,
    runs: usize,
    mut before: impl FnMut(),
    mut f: impl FnMut() -> T,
) -> (T, Row) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    reset_peak();
    for _ in 0..runs {
        before();
        // The previous run's result is dropped before this run, not during it.
        drop(last.take());
        let start = Instant::now();
        let out = black_box(f());
        times.push(start.elapsed());
        last = Some(out);
    }
    let peak = peak_kib();
    (
        last.expect("at least one run"),
        Row {
            stage,
            times,
            docs,
            peak,
        },
    )
}

fn bench_input(label: &str, dir: &Path, runs: usize) {
    let files = count_docs(dir);
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let out = scratch.path().join("sdk");
    let fresh = || {
        let _ = std::fs::remove_dir_all(&out);
    };
    let mut config = Config::new();
    config.input(dir).out_dir(&out).emit_rerun_if_changed(false);
    let mut rows = Vec::new();

    // The whole pipeline first, while the process holds nothing else.
    let baseline = current_kib();
    let (report, row) = measure("generate (fresh folder)", files, runs, fresh, || {
        config.generate().expect("generation succeeds")
    });
    rows.push(row);
    let (_, row) = measure(
        "generate (up to date)",
        files,
        runs,
        || {},
        || config.generate().expect("generation succeeds"),
    );
    rows.push(row);

    // Then each stage, fed by the previous one.
    let (sources, row) = measure(
        "discover",
        files,
        runs,
        || {},
        || {
            let mut sink = Diagnostics::new();
            source::discover(&[dir.to_path_buf()], &mut sink).expect("the corpus can be walked")
        },
    );
    rows.push(row);
    let n = sources.len();
    let (texts, row) = measure(
        "read",
        n,
        runs,
        || {},
        || {
            let mut sink = Diagnostics::new();
            sources
                .iter()
                .map(|doc| {
                    source::read_doc(
                        &doc.path,
                        &mut DocDiag {
                            file: &doc.path,
                            sink: &mut sink,
                        },
                    )
                })
                .collect::<Vec<_>>()
        },
    );
    rows.push(row);
    let (documents, row) = measure(
        "parse",
        n,
        runs,
        || {},
        || {
            texts
                .iter()
                .map(|t| t.as_deref().map(markdown::parse))
                .collect::<Vec<_>>()
        },
    );
    rows.push(row);
    let (apis, row) = measure(
        "infer",
        n,
        runs,
        || {},
        || {
            let mut sink = Diagnostics::new();
            sources
                .iter()
                .zip(&documents)
                .filter_map(|(doc, parsed)| {
                    let parsed = parsed.as_ref()?;
                    codegen::internals::infer::infer(
                        parsed,
                        &codegen::internals::doc_input(doc),
                        &mut DocDiag {
                            file: &doc.path,
                            sink: &mut sink,
                        },
                    )
                })
                .collect::<Vec<_>>()
        },
    );
    rows.push(row);
    drop((texts, documents, apis));
    let (loaded, row) = measure(
        "load (discover ... infer, pick docs)",
        files,
        runs,
        || {},
        || config.load_all().expect("the corpus loads"),
    );
    rows.push(row);
    let ir = loaded.ir;
    let options = emit::options(&config, &Layout::Package).expect("the options are valid");
    let (tokens, row) = measure(
        "emit (plan, tokens)",
        n,
        runs,
        || {},
        || emit::tokens(&emit::plan::plan(&ir, &options), &options),
    );
    rows.push(row);
    let (rendered, row) = measure(
        "format",
        n,
        runs,
        || {},
        || emit::format(&tokens).expect("formats"),
    );
    rows.push(row);
    drop(tokens);
    let files_out = config.render(&ir).expect("renders");
    let mut expected = files_out.files.clone();
    expected.remove("Cargo.toml");
    assert_eq!(
        rendered.files, expected,
        "emit + format must give what Config::render gives"
    );
    let (_, row) = measure("write (fresh folder)", n, runs, fresh, || {
        output::write(&out, &files_out, &Layout::Package, false).expect("writes")
    });
    rows.push(row);

    let lines: usize = files_out.files.values().map(|t| t.lines().count()).sum();
    let bytes: usize = files_out.files.values().map(String::len).sum();
    println!(
        "\n{label}: {} — {files} doc files, {n} read (one per API and language pair), {} APIs, {} types, {} files, {lines} lines ({} KiB); baseline RSS {}",
        dir.display(),
        report.apis,
        report.types,
        files_out.files.len(),
        bytes / 1024,
        kib(baseline),
    );
    println!(
        "{:<38} {:>10} {:>10} {:>10} {:>7} {:>10} {:>12}",
        "stage", "median", "fastest", "slowest", "docs", "docs/s", "peak RSS"
    );
    for row in &rows {
        let mut times = row.times.clone();
        times.sort();
        let median = median(&times);
        println!(
            "{:<38} {:>10} {:>10} {:>10} {:>7} {:>10.0} {:>12}",
            row.stage,
            ms(median),
            ms(times[0]),
            ms(times[times.len() - 1]),
            row.docs,
            row.docs as f64 / median.as_secs_f64(),
            kib(row.peak)
        );
    }
    // VmHWM is reset per stage, so the process's peak is the largest stage's.
    println!(
        "peak resident memory of the process: {}",
        kib(rows.iter().filter_map(|r| r.peak).max())
    );
}

/// The Markdown files under `dir` that discovery treats as docs, in every language.
fn count_docs(dir: &Path) -> usize {
    let mut sink = Diagnostics::new();
    let sources =
        source::discover(&[dir.to_path_buf()], &mut sink).expect("the corpus can be walked");
    sources.iter().map(|doc| 1 + doc.alternates.len()).sum()
}

fn median(sorted: &[Duration]) -> Duration {
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn kib(v: Option<u64>) -> String {
    v.map_or_else(|| "n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// A field of `/proc/self/status`, in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Peak resident memory since the last [`reset_peak`] (or since the process started).
fn peak_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

fn current_kib() -> Option<u64> {
    status_kib("VmRSS:")
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); without it the peak is the process's.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
