//! Helpers shared by the workspace's integration tests.
//!
//! The README is included below so its usage example is compiled as a doc test.
#![doc = include_str!("../../README.md")]

use std::path::Path;

/// The user guide's chapter on the client, included so its examples compile as doc tests.
#[doc = include_str!("../../docs/guide/client.md")]
pub mod guide_client {}

/// The user guide's other chapters, included so their Rust examples compile as doc tests.
pub mod guide {
    #[doc = include_str!("../../docs/guide/getting-started.md")]
    pub mod getting_started {}
    #[doc = include_str!("../../docs/guide/build-rs.md")]
    pub mod build_rs {}
    #[doc = include_str!("../../docs/guide/configuration.md")]
    pub mod configuration {}
    #[doc = include_str!("../../docs/guide/docs-to-types.md")]
    pub mod docs_to_types {}
    #[doc = include_str!("../../docs/guide/troubleshooting.md")]
    pub mod troubleshooting {}
    #[doc = include_str!("../../docs/guide/security.md")]
    pub mod security {}
    #[doc = include_str!("../../docs/guide/openapi.md")]
    pub mod openapi {}
}

// The workspace's paths and the corpus: one file, shared with the generator's own tests.
#[path = "../../codegen/tests/common/mod.rs"]
mod workspace;
pub use workspace::{corpus, root, seed_doc};

/// Runs `cargo clippy --all-targets --all-features -- -D warnings` on a generated package and
/// fails the test with clippy's output unless it is clean. All callers share one target dir
/// (`target/standalone`), so the dependencies compile once per checkout.
pub fn assert_package_is_clippy_clean(package: &Path, what: &str) {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--all-targets",
            "--all-features",
            "--manifest-path",
        ])
        .arg(package.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root().join("target/standalone"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what} does not build cleanly:\n{stderr}"
    );
}

/// Runs `cargo test --doc --all-features` on a generated package (in the shared
/// `target/standalone`, with warnings denied as in [`assert_package_is_clippy_clean`]) and
/// returns how many doctests ran; fails the test if the package does not build.
pub fn doctests_of_package(package: &Path, what: &str) -> usize {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["test", "--doc", "--all-features", "--manifest-path"])
        .arg(package.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target/standalone"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what}: `cargo test --doc` fails:\n{stderr}\n{stdout}"
    );
    let ran: Vec<usize> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("running ")?.split(' ').next()?.parse().ok())
        .collect();
    assert!(
        !ran.is_empty(),
        "{what}: no doctest run reported:\n{stdout}"
    );
    ran.iter().sum()
}
