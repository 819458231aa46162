//! Malformed docs (tests/fixtures/malformed), each a mistake a real author makes: every one
//! gets a snapshot of its diagnostics as the command line prints them, none panics or takes
//! long, none stops a good doc beside it from generating, and what survives of all of them
//! generates a package that builds without warnings. Cases too large to commit (a 5 MB doc, a
//! 200 KB example) are written to a temporary folder.

mod common;

use codegen::diag::render::Sources;
use codegen::diag::Severity;
use codegen::Config;
use common::{root, seed_doc};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/malformed")
}

/// Every case (a doc, or a folder holding docs and their conf) with the codes its
/// diagnostics must include and whether an API is generated from it.
const CASES: &[(&str, &[&str], bool)] = &[
    ("address_full_url.md", &[], true),
    ("address_not_path.md", &["E0003"], false),
    ("bad_yaml", &["E0004", "E0001"], false),
    ("binary_garbage.md", &["E0004"], false),
    ("broken_conf", &["E0002", "E0003", "E0001"], false),
    ("cells_missing_and_extra.md", &["W0105", "W0108"], true),
    ("crlf_line_endings.md", &[], true),
    ("deep_markdown.md", &[], true),
    ("duplicate_fields.md", &["W0106"], true),
    ("empty.md", &["E0006"], false),
    ("example_contradicts_table.md", &["W0304"], true),
    (
        "example_disagrees_deep_inside.md",
        &["W0302", "W0303", "W0304"],
        true,
    ),
    ("example_not_json.md", &["W0301"], true),
    ("gbk_encoded.md", &["E0004"], false),
    ("header_only_table.md", &["W0109"], true),
    ("headings_only.md", &["E0001"], false),
    ("html_in_cells.md", &[], true),
    ("json_nested_deep.md", &["W0504"], true),
    ("keyword_fields.md", &[], true),
    ("latin1_byte.md", &["W0008"], true),
    ("many_columns.md", &["W0501"], true),
    ("many_rows.md", &["W0501"], true),
    ("method_in_address.md", &[], true),
    ("no_address.md", &["E0003"], false),
    ("no_method.md", &["E0001"], false),
    ("no_type_column.md", &["W0107"], true),
    ("non_ascii_fields.md", &[], true),
    ("orphan_nested_table.md", &["W0201"], true),
    ("recursive_table.md", &[], true),
    ("response_without_envelope.md", &["W0305"], true),
    ("tabs.md", &[], true),
    ("too_many_tables.md", &["W0502", "W0504"], true),
    ("two_methods.md", &["W0007"], true),
    ("two_nested_same_field.md", &[], true),
    ("unclosed_fence_at_end.md", &["W0306"], true),
    ("unclosed_fence_swallows.md", &["W0306"], true),
    ("unknown_method.md", &["E0002"], false),
    ("unknown_required.md", &["W0103"], true),
    ("unknown_type.md", &["W0102"], true),
    ("utf16.md", &["E0004"], false),
    ("whitespace_only.md", &["E0006"], false),
];

/// No case may take longer than this to load (a debug build; all take well under a second).
const SLOW: Duration = Duration::from_secs(20);

/// What loading `input` says, rendered as the command line prints it (without color) with
/// `prefix/` cut from every path, then what was generated; and the codes said.
fn diagnose(input: &Path, prefix: &Path) -> (String, Vec<&'static str>, usize) {
    let start = Instant::now();
    let mut config = Config::new();
    config.input(input).strict(false);
    let loaded = config
        .load_all()
        .unwrap_or_else(|e| panic!("{}: {e}", input.display()));
    assert!(
        start.elapsed() < SLOW,
        "{} took {:?}",
        input.display(),
        start.elapsed()
    );
    let mut sources = Sources::new();
    let mut out = String::new();
    let mut codes = Vec::new();
    for d in loaded.diagnostics.items() {
        let at = sources.locate(d);
        assert!(
            at.line >= 1 && at.column >= 1 && at.end_column >= at.column,
            "{d:?} at {at:?}"
        );
        assert!(
            d.file.starts_with(input) || d.file == input,
            "{} is about {}",
            input.display(),
            d.file.display()
        );
        out.push_str(&sources.render(d, false));
        out.push('\n');
        codes.push(d.code.as_str());
    }
    let apis: Vec<String> = loaded
        .ir
        .apis
        .iter()
        .map(|a| format!("{}/{}", a.system, a.name))
        .collect();
    let errors = loaded.diagnostics.count(Severity::Error);
    out.push_str(&format!(
        "generated [{}], skipped {} doc(s), {errors} error(s)\n",
        apis.join(", "),
        loaded.skipped
    ));
    (
        out.replace(&format!("{}/", prefix.display()), ""),
        codes,
        loaded.ir.apis.len(),
    )
}

#[test]
fn every_fixture_is_a_case() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let listed: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    assert_eq!(found, listed);
    assert!(CASES.len() >= 30);
}

#[test]
fn each_malformed_doc_has_its_diagnostics_and_never_panics() {
    let mut panicked = Vec::new();
    for (case, codes, generates) in CASES {
        let path = fixtures().join(case);
        let Ok((text, said, apis)) = std::panic::catch_unwind(|| diagnose(&path, &root())) else {
            panicked.push(*case);
            continue;
        };
        let name = case.trim_end_matches(".md");
        insta::assert_snapshot!(name, text);
        for code in *codes {
            assert!(said.contains(code), "{case}: expected {code}, got {said:?}");
        }
        assert_eq!(apis > 0, *generates, "{case}: {text}");
    }
    assert!(panicked.is_empty(), "panicked: {panicked:?}");
}

#[test]
fn a_good_doc_beside_each_malformed_one_still_generates() {
    for (case, _, _) in CASES {
        let dir = tempfile::tempdir().unwrap();
        copy(&fixtures().join(case), &dir.path().join("bad").join(case));
        let good = dir.path().join("good/update_module.md");
        copy(&seed_doc(), &good);
        let out = dir.path().join("out");
        let report = Config::new()
            .input(dir.path().join("bad"))
            .input(dir.path().join("good"))
            .out_dir(&out)
            .strict(false)
            .generate();
        let report = report.unwrap_or_else(|e| panic!("{case}: {e}"));
        assert!(report.apis >= 1, "{case}: nothing generated");
        let cc = std::fs::read_to_string(out.join("src/cc.rs")).unwrap_or_default();
        assert!(
            cc.contains("pub async fn update_module"),
            "{case}: the good doc's API is missing"
        );
        assert!(
            !report.diagnostics.iter().any(|d| d.file == good),
            "{case}: the good doc got diagnostics"
        );
    }
}

/// Copies a file, or a folder recursively.
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

/// The seed doc with its request example replaced by `example` (a fence's content).
fn seed_with_request_example(example: &str) -> String {
    let seed = std::fs::read_to_string(seed_doc()).unwrap();
    let start = seed
        .find("```python\n{\n    \"bk_app_code\"")
        .expect("the seed's request example");
    let end = start + seed[start..].find("\n```\n").unwrap() + 5;
    format!(
        "{}```json\n{example}\n```\n{}",
        &seed[..start],
        &seed[end..]
    )
}

#[test]
fn a_5_mb_doc_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.md");
    let mut text = std::fs::read_to_string(seed_doc()).unwrap();
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(
            "| filler | string | no | a row written again and again by a broken export |\n",
        );
    }
    std::fs::write(&path, text).unwrap();
    let start = Instant::now();
    let (out, codes, apis) = diagnose(&path, dir.path());
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!((codes.as_slice(), apis), (["E0005"].as_slice(), 0));
    insta::assert_snapshot!("huge_doc", out);
}

#[test]
fn an_example_over_the_size_limit_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("update_module.md");
    let items: Vec<String> = (0..6000)
        .map(|i| format!("{{\"bk_module_id\": {i}, \"bk_module_name\": \"module number {i}\"}}"))
        .collect();
    let example = format!("{{\"bk_biz_id\": 1, \"bk_set_id\": 2, \"bk_module_id\": 3, \"data\": {{\"bk_module_name\": \"x\"}}, \"history\": [{}]}}", items.join(",\n"));
    assert!(example.len() > codegen::internals::infer::MAX_EXAMPLE_BYTES);
    std::fs::write(&path, seed_with_request_example(&example)).unwrap();
    let (out, codes, apis) = diagnose(&path, dir.path());
    assert_eq!((codes.as_slice(), apis), (["W0503"].as_slice(), 1));
    insta::assert_snapshot!("example_too_large", out);
}

/// Docs built to cost as much as the limits allow (each just under 1 MiB, or shaped to make
/// nested-table linking and type inference do the most work) load in seconds, not minutes.
#[test]
fn pathological_docs_load_quickly() {
    let seed = std::fs::read_to_string(seed_doc()).unwrap();
    let head = &seed[..seed.find("### General parameters").unwrap()];
    let mut chain = format!("{head}### Request parameters\n\n| Field | Type | Required | Description |\n|---|---|---|---|\n| f0 | object | yes | x |\n\n");
    for i in (0..99).rev() {
        chain.push_str(&format!(
            "#### f{i}\n\n| Field | Type |\n|---|---|\n| f{} | object |\n",
            i + 1
        ));
        for j in 0..9 {
            chain.push_str(&format!("| g{i}_{j} | object |\n"));
        }
        chain.push('\n');
    }
    let fill = |unit: &str| {
        format!(
            "{head}{}",
            unit.repeat((1000 * 1024 - head.len()) / unit.len())
        )
    };
    let docs = [
        ("chain.md", chain),
        ("quotes.md", fill(">")),
        ("lists.md", fill("- ")),
        ("headings.md", fill("#### data\n")),
        ("brackets.md", fill("[")),
        ("emphasis.md", fill("*a_")),
        ("pipes.md", fill("|")),
        (
            "table.md",
            format!(
                "{head}| Field | Type |\n|---|---|\n{}",
                "| a | object |\n".repeat(60_000)
            ),
        ),
        ("fences.md", fill("```\n### Return result example\n")),
        (
            "examples.md",
            fill("### Request parameter example\n\n```json\n{\"a\": {\"b\": [1]}}\n```\n"),
        ),
        // A type cell nested 80,000 deep once overflowed the stack.
        (
            "types.md",
            format!(
                "{head}| Field | Type |\n|---|---|\n| a | {}int{} |\n",
                "array[".repeat(80_000),
                "]".repeat(80_000)
            ),
        ),
        (
            "arrays.md",
            format!(
                "{head}### Request parameter example\n\n```json\n{{\"a\": {}1{}}}\n```\n",
                "[".repeat(127),
                "]".repeat(127)
            ),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in docs {
        assert!(text.len() <= 1024 * 1024, "{name} is {} bytes", text.len());
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let start = Instant::now();
        let (_, codes, _) = diagnose(&path, dir.path());
        let took = start.elapsed();
        eprintln!("{name}: {took:?}, {} diagnostics", codes.len());
        assert!(
            took < Duration::from_secs(15),
            "{name} took {took:?} ({} diagnostics)",
            codes.len()
        );
    }
}
