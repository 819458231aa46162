//! Packages built from the test fixtures, and the committed SDK: what needs cargo and the
//! workspace rather than the generator alone (the generator's own tests of the same fixtures
//! are in `codegen/tests/`).

use bkapi_tests::{assert_package_is_clippy_clean, root, seed_doc};
use codegen::Config;

/// Every example of the inference, legacy and shape fixtures round-trips through the package
/// `verify` builds, and the shape audit doubts none of their shapes.
#[test]
fn every_fixture_example_round_trips() {
    // One test for all fixtures: `verify` builds in one work folder, which two tests running
    // at once would overwrite under each other.
    for (set, cases, why) in [
        ("infer", 10, "two examples in each of the five fixture docs"),
        ("legacy", 3, "the legacy component layout's examples"),
        (
            "shapes",
            19,
            "two examples in each shape doc but the GET one, and in its three copies",
        ),
    ] {
        let mut config = Config::new();
        config.input(root().join("tests/fixtures").join(set));
        let outcome = config
            .verify(&root().join("target/bkapi-verify"))
            .expect("fixture package builds");
        let report = outcome.render();
        println!("{set}:\n{report}");
        assert_eq!(outcome.failures().count(), 0, "{report}");
        assert!(outcome.findings.is_empty(), "{report}");
        assert_eq!(outcome.cases.len(), cases, "{why}: {report}");
    }
}

/// Everything the fixtures still generate, with the seed, is one package that builds with
/// clippy's warnings denied: names that are keywords, non-ASCII or duplicates, recursive and
/// very deep types all come out as valid, lint-free Rust.
#[test]
fn what_the_fixtures_generate_builds_without_warnings() {
    let out = tempfile::tempdir().unwrap();
    let report = Config::new()
        .input(root().join("tests/fixtures/malformed"))
        .input(seed_doc())
        .out_dir(out.path())
        .strict(false)
        .generate()
        .expect("generates");
    assert!(report.apis >= 25, "only {} APIs", report.apis);
    assert_package_is_clippy_clean(out.path(), "the package generated from the fixtures");
}

/// The paging fixture's package, with its `*_paged` methods, builds without warnings.
#[test]
fn paged_fixture_package_builds_without_warnings() {
    let out = tempfile::tempdir().unwrap();
    Config::new()
        .input(root().join("tests/fixtures/paging/search_things.md"))
        .out_dir(out.path())
        .generate()
        .expect("generates");
    assert_package_is_clippy_clean(out.path(), "the generated paging package");
}

/// `generated/` is exactly what `docs/` generates (CI also runs `cargo run -p codegen -- --check`).
#[test]
fn committed_sdk_is_what_the_docs_generate() {
    let mut config = Config::new();
    config.input(root().join("docs")).in_workspace(true);
    let ir = config.load_all().unwrap().ir;
    let files = config.render(&ir).unwrap();
    for (rel, content) in &files.files {
        let committed =
            std::fs::read_to_string(root().join("generated").join(rel)).unwrap_or_default();
        assert!(
            committed == *content,
            "generated/{rel} is stale: run `cargo run -p codegen`"
        );
    }
}
