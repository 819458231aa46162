//! The builder seen through a real `build.rs`: a temporary crate generates its client at build
//! time. Its build script prints only `cargo::rerun-if-changed` lines (a file name holding a
//! line break injects nothing), and a broken doc fails the build with an error naming the
//! doc's file and line.

use bkapi_tests::root;
use std::path::Path;
use std::process::{Command, Output};

const MANIFEST: &str = r#"[package]
name = "buildrs-probe"
version = "0.0.0"
edition = "2021"
publish = false

[build-dependencies]
codegen = { path = "CODEGEN", default-features = false }

[workspace]
"#;

const BUILD_RS: &str = r#"fn main() -> Result<(), codegen::Error> {
    codegen::Config::new().input("docs").generate()?;
    Ok(())
}
"#;

/// The text only, so that the probe needs no runtime crate (which would cost a minute).
const LIB_RS: &str = r#"pub const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/bkapi.rs"));
"#;

const BROKEN_DOC: &str =
    "### request method\n\nFETCH\n\n### request address\n\n/api/c/compapi/v2/probe/broken/\n";

fn build(dir: &Path) -> Output {
    Command::new(env!("CARGO"))
        .args(["build", "--quiet"])
        .current_dir(dir)
        // Shared between runs so only the first compiles codegen; apart from the workspace's,
        // which the outer `cargo test` holds.
        .env("CARGO_TARGET_DIR", root().join("target/buildrs-probe"))
        .env_remove("OUT_DIR")
        .output()
        .unwrap()
}

#[test]
fn build_rs_watches_its_inputs_and_fails_on_a_broken_doc_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let codegen = root().join("codegen");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        MANIFEST.replace("CODEGEN", &codegen.display().to_string().replace('\\', "/")),
    )
    .unwrap();
    std::fs::write(dir.path().join("build.rs"), BUILD_RS).unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), LIB_RS).unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::copy(
        root().join("docs/update_module.md"),
        dir.path().join("docs/update_module.md"),
    )
    .unwrap();

    // A doc whose file name would inject a directive into the build script's output if it
    // were printed raw: it is skipped with a warning, never printed.
    std::fs::copy(
        root().join("docs/update_module.md"),
        dir.path()
            .join("docs/x\ncargo::rustc-env=BKAPI_INJECTED=1\n.md"),
    )
    .unwrap();

    let ok = build(dir.path());
    assert!(
        ok.status.success(),
        "the probe does not build:\n{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // What the build script printed, as cargo recorded it: the rerun directive, nothing else.
    let target = root().join("target/buildrs-probe/debug/build");
    let mut outputs: Vec<_> = std::fs::read_dir(&target)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("buildrs-probe-")
        })
        .map(|e| e.path().join("output"))
        .filter(|p| p.is_file())
        .collect();
    outputs.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    let printed = std::fs::read_to_string(outputs.last().expect("the build script ran")).unwrap();
    assert_eq!(printed, "cargo::rerun-if-changed=docs\n");

    std::fs::write(dir.path().join("docs/broken.md"), BROKEN_DOC).unwrap();
    let failed = build(dir.path());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success(), "a broken doc must fail the build");
    assert!(
        stderr.contains("docs/broken.md:3"),
        "the error names the doc and line:\n{stderr}"
    );
    assert!(
        stderr.contains("FETCH"),
        "and says what is wrong:\n{stderr}"
    );
}
