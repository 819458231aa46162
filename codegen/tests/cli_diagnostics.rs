//! The command line's diagnostics: rustc-style text or one JSON object per diagnostic, the
//! summary line, and the exit codes of the default, `--deny-errors` and `--deny-warnings` modes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn malformed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/malformed")
        .join(name)
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/update_module.md")
}

/// Runs `codegen generate <docs> --out <tmp> <args>`.
fn generate(docs: &[PathBuf], args: &[&str]) -> Output {
    let out = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("generate")
        .args(docs)
        .arg("--out")
        .arg(out.path())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn by_default_a_broken_doc_is_reported_skipped_and_the_rest_generated() {
    let out = generate(
        &[
            malformed("unknown_method.md"),
            malformed("two_methods.md"),
            seed(),
        ],
        &[],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("generated 2 APIs, skipped 1 docs, 1 warnings")),
        "{stdout}"
    );
    // rustc-style: severity and code, file:line:column, the line, a marker, a hint.
    assert!(
        stderr.contains("error[E0002]: `FETCH` is not an HTTP method"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown_method.md:3:1\n"), "{stderr}");
    assert!(stderr.contains("3 | FETCH\n"), "{stderr}");
    assert!(stderr.contains("  | ^^^^^\n"), "{stderr}");
    assert!(
        stderr.contains("= help: write GET, POST, PUT, DELETE or PATCH"),
        "{stderr}"
    );
    assert!(stderr.contains("warning[W0007]"), "{stderr}");
}

#[test]
fn strict_fails_on_errors_and_deny_warnings_on_warnings() {
    let code = |docs: &[PathBuf], args: &[&str]| generate(docs, args).status.code();
    let error = [malformed("unknown_method.md"), seed()];
    let warning = [malformed("two_methods.md"), seed()];
    assert_eq!(code(&error, &[]), Some(0));
    assert_eq!(code(&error, &["--deny-errors"]), Some(1));
    assert_eq!(code(&warning, &["--deny-errors"]), Some(0));
    assert_eq!(code(&warning, &["--deny-warnings"]), Some(1));
    assert_eq!(
        code(&[seed()], &["--deny-errors", "--deny-warnings"]),
        Some(0)
    );
    assert_eq!(code(&[seed()], &["--message-format", "yaml"]), Some(2));
}

#[test]
fn json_format_prints_one_object_per_diagnostic() {
    let docs = [
        malformed("unknown_type.md"),
        malformed("no_method.md"),
        seed(),
    ];
    let out = generate(&docs, &["--message-format", "json"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let objects: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(objects.len(), 4, "{stdout}");
    for o in &objects {
        for key in [
            "severity",
            "code",
            "file",
            "line",
            "column",
            "end_column",
            "message",
            "hint",
            "rendered",
        ] {
            assert!(o.get(key).is_some(), "{key} missing in {o}");
        }
        assert!(
            o["line"].as_u64() >= Some(1) && o["column"].as_u64() >= Some(1),
            "{o}"
        );
    }
    let unknown = objects.iter().find(|o| o["code"] == "W0102").unwrap();
    assert_eq!(
        (
            unknown["line"].as_u64(),
            unknown["column"].as_u64(),
            unknown["end_column"].as_u64()
        ),
        (Some(19), Some(15), Some(21))
    );
    assert!(unknown["file"]
        .as_str()
        .unwrap()
        .ends_with("unknown_type.md"));
    assert_eq!(unknown["severity"], "warning");
    // The summary goes to stderr, so stdout stays one JSON object per line.
    assert!(
        text(&out.stderr).starts_with("generated 2 APIs, skipped 1 docs, 3 warnings"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn help_documents_the_exit_codes() {
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("--help")
        .output()
        .unwrap();
    let help = text(&out.stdout);
    assert!(help.contains("Exit codes of the default job"), "{help}");
    assert!(
        help.contains("`verify` and `lint` check docs, and share one rule"),
        "{help}"
    );
    assert!(
        help.contains("--deny-errors")
            && help.contains("--deny-warnings")
            && help.contains("--message-format"),
        "{help}"
    );
}

#[test]
fn generate_refuses_to_overwrite_a_hand_written_file_unless_forced() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(out.path().join("src")).unwrap();
    std::fs::write(out.path().join("src/lib.rs"), "// mine\n").unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("generate")
            .arg(seed())
            .arg("--out")
            .arg(out.path())
            .args(extra)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains("not written by codegen"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("src/lib.rs")).unwrap(),
        "// mine\n"
    );
    assert!(
        !out.path().join("Cargo.toml").exists(),
        "nothing at all was written"
    );

    let forced = run(&["--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(out.path().join("src/cc.rs").is_file());
    // `--force` means nothing to commands that do not write.
    let lint = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["lint", "--force"])
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(2));
}

/// The `Config` options that choose and name APIs are command-line options too.
#[test]
fn selection_options_match_the_config() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/downstream/docs");
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("generate")
        .arg(&docs)
        .arg("--out")
        .arg(out.path())
        .args(["--include", "inv", "--include", "warehouse"])
        .args(["--exclude", "inv.purge_widgets"])
        .args(["--module", "store=warehouse"])
        .args([
            "--type-attribute",
            "inv.CreateWidgetRequest=#[non_exhaustive]",
        ])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", text(&status.stderr));
    let files: Vec<String> = std::fs::read_dir(out.path().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.contains(&"warehouse.rs".to_string()), "{files:?}");
    assert!(!files.contains(&"cc.rs".to_string()), "{files:?}");
    let inv = std::fs::read_to_string(out.path().join("src/inv.rs")).unwrap();
    assert!(!inv.contains("purge_widgets("), "excluded");
    assert!(
        inv.contains("#[non_exhaustive]\npub struct CreateWidgetRequest"),
        "{inv}"
    );

    let bad = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["lint", "--module", "no-equals-sign"])
        .arg(&docs)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
}

/// `lint` and `verify` share one exit rule: a skipped doc fails both.
#[test]
fn lint_fails_on_a_skipped_doc_and_only_with_deny_warnings_on_warnings() {
    let lint = |docs: &[PathBuf], extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("lint")
            .args(docs)
            .args(extra)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(lint(&[seed()], &[]), Some(0));
    assert_eq!(lint(&[malformed("unknown_method.md")], &[]), Some(1));
    assert_eq!(lint(&[malformed("two_methods.md")], &[]), Some(0));
    assert_eq!(
        lint(&[malformed("two_methods.md")], &["--deny-warnings"]),
        Some(1)
    );
}
