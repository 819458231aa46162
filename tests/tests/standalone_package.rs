//! `codegen generate <INPUT> --out DIR` writes a package that builds on its own, and the code
//! in it passes clippy with warnings denied.

use bkapi_tests::root;
use std::process::Command;

#[test]
fn generated_package_builds_alone_without_warnings() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "-p", "codegen", "--", "generate"])
        .arg(root().join("docs"))
        .arg("--out")
        .arg(out.path())
        .current_dir(root())
        // A separate target dir: the outer `cargo test` holds the workspace's.
        .env("CARGO_TARGET_DIR", root().join("target/codegen-cli"))
        .status()
        .unwrap();
    assert!(status.success(), "codegen generate failed");
    assert!(out.path().join("Cargo.toml").is_file());

    bkapi_tests::assert_package_is_clippy_clean(out.path(), "the generated package");
}
