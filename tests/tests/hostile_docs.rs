//! Packages generated from hostile docs still build, pass clippy, and run no doctest from doc
//! text: `cargo check` and `cargo test --doc` on real generated packages.
//!
//! The compile fuzz builds packages from docs with random hostile names (keywords, names that
//! collide after case conversion, unicode, digits, punctuation, the package's own item names)
//! and random descriptions (fences, backticks, `*/`, HTML, entities). CI runs a few cases;
//! `BKAPI_COMPILE_FUZZ_CASES=50 cargo test -p bkapi-tests --test hostile_docs -- --ignored
//! --nocapture` runs more (`BKAPI_COMPILE_FUZZ_SEED` picks another sequence).

use bkapi_tests::{assert_package_is_clippy_clean, doctests_of_package};
use std::path::{Path, PathBuf};

/// A self-contained doc of `system.api` with a function description and one request field.
fn doc(system: &str, api: &str, description: &str, field: &str, field_doc: &str) -> String {
    format!(
        "### request method\n\nPOST\n\n### request address\n\n/api/c/compapi/v2/{system}/{api}/\n\n\
         ### Function Description\n\n{description}\n\n### Request parameters\n\n\
         | Field | Type | Required | Description |\n|---|---|---|---|\n\
         | {field} | string | yes | {field_doc} |\n| bk_biz_id | int | no | Business |\n\n\
         ### Return result example\n\n\
         ```json\n{{\"result\": true, \"code\": 0, \"message\": \"\", \"data\": {{\"id\": 1}}}}\n```\n"
    )
}

/// Generates a package from `docs` (file stem → text) into a temporary folder.
fn generate(docs: &[(String, String)]) -> (tempfile::TempDir, codegen::Report) {
    let input = tempfile::tempdir().unwrap();
    for (i, (stem, text)) in docs.iter().enumerate() {
        // A folder each: two APIs of one name in different systems stay two files.
        let dir = input.path().join(i.to_string());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{stem}.md")), text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let report = codegen::Config::new()
        .input(input.path())
        .out_dir(out.path())
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap_or_else(|e| panic!("generation fails: {e}"));
    (out, report)
}

const HOSTILE_TEXT: &str =
    "Deletes things.\n\n\\`\\`\\`\n\nstd::process::exit(3);\n\n\\`\\`\\`\n\n\
    &#32;&#32;&#32;&#32;panic!(\"indented\");\n\n\\- &#96;&#96;&#96;\n\n*/ /* <pre> [x](y)";

#[test]
fn hostile_names_and_text_give_a_clean_package_without_doctests() {
    let mut docs = Vec::new();
    for system in [
        "lib", "runtime", "blocking", "new", "Cargo", "cargo", "type", "from_env",
    ] {
        docs.push((
            "get".to_string(),
            doc(system, "get", HOSTILE_TEXT, "type", HOSTILE_TEXT),
        ));
    }
    for api in [
        "a-b",
        "a_b",
        "A.B",
        "new",
        "builder",
        "with",
        "runtime",
        "self",
        "rtl\u{202E}x",
    ] {
        docs.push((
            api.to_string(),
            doc("demo", api, HOSTILE_TEXT, "self", "`*/`"),
        ));
    }
    let (out, report) = generate(&docs);
    assert_eq!(report.apis, 17, "{:#?}", report.diagnostics);
    assert_package_is_clippy_clean(out.path(), "the package of hostile names");
    assert_eq!(
        doctests_of_package(out.path(), "the package of hostile names"),
        0
    );
}

/// splitmix64, as in codegen's fuzz tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const NAMES: &[&str] = &[
    "get",
    "type",
    "match",
    "self",
    "Self",
    "super",
    "crate",
    "async",
    "lib",
    "main",
    "new",
    "with",
    "builder",
    "runtime",
    "blocking",
    "default",
    "clone",
    "a-b",
    "a_b",
    "A.B",
    "AB",
    "a__b",
    "1st",
    "007",
    "$x",
    "x.y.z",
    "名称",
    "é",
    "Client",
    "Error",
    "extra",
    "r#x",
    "_",
    "from_env",
    "rtl\u{202E}name",
];

const TEXT: &[&str] = &[
    "plain words",
    "\\`\\`\\`",
    "\\`\\`\\`rust",
    "~~~",
    "&#96;&#96;&#96;",
    "&#32;&#32;&#32;&#32;panic!()",
    "`code`",
    "*/",
    "/*",
    "<script>x</script>",
    "<!--",
    "[link](javascript:x)",
    "#[cfg(x)]",
    "\\\\",
    "\"quoted\"",
    "{ }",
    "\\> quote",
    "\\- item",
    "1\\. one",
    "https://bk.example.com/a>b",
    "hidden \u{202E}direction\u{2066} marks",
    "\ttabbed\t\tpanic!()",
];

fn text(rng: &mut Rng) -> String {
    let n = 1 + rng.next() % 5;
    (0..n)
        .map(|_| rng.pick(TEXT))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One compile-fuzz case: six docs with random names and text.
fn case_docs(rng: &mut Rng) -> Vec<(String, String)> {
    (0..6)
        .map(|_| {
            let (system, api, field) = (rng.pick(NAMES), rng.pick(NAMES), rng.pick(NAMES));
            let description = text(rng);
            let field_doc = text(rng).replace("\n\n", " ");
            (
                api.to_string(),
                doc(system, api, &description, field, &field_doc),
            )
        })
        .collect()
}

/// Runs `cases` compile-fuzz cases from `seed`; on a failure, saves the case's docs and says
/// how to rerun it.
fn compile_fuzz(cases: u64, seed: u64) {
    let mut built = 0;
    for case in 0..cases {
        let mut rng = Rng(seed ^ case.wrapping_mul(0xa076_1d64_78bd_642f));
        let docs = case_docs(&mut rng);
        let outcome = std::panic::catch_unwind(|| {
            let (out, report) = generate(&docs);
            if report.apis == 0 {
                return false;
            }
            let what = format!("compile-fuzz case {case}");
            assert_package_is_clippy_clean(out.path(), &what);
            assert_eq!(doctests_of_package(out.path(), &what), 0, "{what}");
            true
        });
        match outcome {
            Ok(was_built) => built += usize::from(was_built),
            Err(_) => {
                let dir = save_case(seed, case, &docs);
                panic!(
                    "compile-fuzz case {case} (seed {seed:#x}) failed; its docs are in {}",
                    dir.display()
                );
            }
        }
    }
    eprintln!("compile fuzz: {cases} cases from seed {seed:#x}, {built} packages built");
}

fn save_case(seed: u64, case: u64, docs: &[(String, String)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("compile-fuzz-{seed:x}-{case}"));
    for (i, (stem, text)) in docs.iter().enumerate() {
        let sub = dir.join(i.to_string());
        let _ = std::fs::create_dir_all(&sub);
        let _ = std::fs::write(sub.join(format!("{stem}.md")), text);
    }
    dir
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

#[test]
fn compile_fuzz_a_few_cases() {
    compile_fuzz(3, env_u64("BKAPI_COMPILE_FUZZ_SEED").unwrap_or(0xb10c_f00d));
}

#[test]
#[ignore = "long: builds one package per case; run with --ignored"]
fn compile_fuzz_long() {
    let cases = env_u64("BKAPI_COMPILE_FUZZ_CASES").unwrap_or(50);
    compile_fuzz(
        cases,
        env_u64("BKAPI_COMPILE_FUZZ_SEED").unwrap_or(0x5eed_0001),
    );
}
