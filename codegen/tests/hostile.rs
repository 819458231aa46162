//! Hostile docs: what a doc folder from another team must not be able to do to a build. Each
//! test builds its inputs in a temporary folder (links, FIFOs, odd file names) and asserts the
//! safe outcome. The compile checks of what is generated are in the workspace's
//! `tests/tests/hostile_docs.rs`.

use codegen::diag::Code;
use codegen::{Config, Diagnostic, Error};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// A self-contained doc of API `api` in system `system`, with `description` as its function
/// description.
fn doc(system: &str, api: &str, description: &str) -> String {
    format!(
        "### request method\n\nPOST\n\n### request address\n\n/api/c/compapi/v2/{system}/{api}/\n\n\
         ### Function Description\n\n{description}\n\n### Request parameters\n\n\
         | Field | Type | Required | Description |\n|---|---|---|---|\n\
         | bk_biz_id | int | yes | Business id |\n\n### Return result example\n\n\
         ```json\n{{\"result\": true, \"code\": 0, \"message\": \"\", \"data\": {{\"id\": 1}}}}\n```\n"
    )
}

/// Loads and renders `inputs` on another thread, failing the test if that takes more than a
/// minute (a FIFO or `/dev/zero` read by mistake never returns).
fn generate(inputs: Vec<PathBuf>) -> Result<(codegen::Loaded, codegen::Files), Error> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut config = Config::new();
        config.inputs(inputs);
        let result = config
            .load_all()
            .and_then(|loaded| config.render(&loaded.ir).map(|files| (loaded, files)));
        let _ = send.send(result);
    });
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("generation hangs")
}

fn codes(diagnostics: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}

fn skipped_paths(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut paths: Vec<String> = codes(diagnostics, Code::SkippedFile)
        .iter()
        .map(|d| d.file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    paths.sort();
    paths
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn links_out_of_the_input_fifos_and_devices_are_skipped_not_read() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, doc("leak", "leak", "TOP-SECRET-MARKER")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("real")).unwrap();
    std::fs::write(docs.join("real/ok.md"), doc("demo", "ok", "Fine.")).unwrap();
    // Inside the input: followed, and a file reached twice is read once.
    symlink(docs.join("real/ok.md"), docs.join("alias.md")).unwrap();
    symlink(docs.join("real"), docs.join("again")).unwrap();
    // A link to the parent folder must not loop.
    symlink(&docs, docs.join("real/up")).unwrap();
    // Out of the input, or special: never opened.
    symlink(&secret, docs.join("passwd.md")).unwrap();
    symlink("/", docs.join("slash")).unwrap();
    symlink("/dev/zero", docs.join("zero.md")).unwrap();
    mkfifo(&docs.join("pipe.md"));

    let (loaded, files) = generate(vec![docs.clone()]).unwrap();
    let apis: Vec<&str> = loaded.ir.apis.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(apis, ["ok"]);
    let diagnostics = loaded.diagnostics.items();
    assert_eq!(
        skipped_paths(diagnostics),
        ["passwd.md", "pipe.md", "slash", "zero.md"]
    );
    let all_text: String = files.files.values().cloned().collect();
    assert!(!all_text.contains("TOP-SECRET-MARKER"));
    let said: String = diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!said.contains("TOP-SECRET-MARKER"), "{said}");
    assert!(said.contains("outside the input folder"), "{said}");
    assert!(said.contains("FIFO"), "{said}");
}

#[cfg(unix)]
#[test]
fn special_files_given_as_inputs_are_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.md");
    mkfifo(&pipe);
    let good = dir.path().join("ok.md");
    std::fs::write(&good, doc("demo", "ok", "Fine.")).unwrap();
    let inputs = vec![pipe, PathBuf::from("/dev/zero"), good];
    let (loaded, _) = generate(inputs).unwrap();
    assert_eq!(loaded.ir.apis.len(), 1);
    assert_eq!(
        skipped_paths(loaded.diagnostics.items()),
        ["pipe.md", "zero"]
    );
}

#[test]
fn a_doc_that_grows_past_the_limit_is_not_read_whole() {
    // The size check before reading and the bounded read agree: one byte over is refused.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.md");
    let text = doc("demo", "big", "x");
    let pad = codegen::internals::source::MAX_DOC_BYTES as usize + 1 - text.len();
    std::fs::write(&big, format!("{text}{}", " ".repeat(pad))).unwrap();
    let (loaded, _) = generate(vec![big]).unwrap();
    assert!(loaded.ir.apis.is_empty());
    assert_eq!(
        codes(loaded.diagnostics.items(), Code::DocTooLarge).len(),
        1
    );
}

#[cfg(unix)]
#[test]
fn names_with_line_breaks_are_neither_read_nor_watched() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("ok.md"), doc("demo", "ok", "Fine.")).unwrap();
    let evil = "x\ncargo::rustc-env=INJECTED=1\n.md";
    std::fs::write(docs.join(evil), doc("demo", "evil", "Evil.")).unwrap();
    std::fs::write(docs.join("y\r.md"), doc("demo", "cr", "CR.")).unwrap();
    std::fs::create_dir_all(docs.join("sub\ncargo::rustc-link-arg=-x")).unwrap();

    let (loaded, _) = generate(vec![docs.clone()]).unwrap();
    assert_eq!(loaded.ir.apis.len(), 1);
    assert_eq!(
        codes(loaded.diagnostics.items(), Code::SkippedFile).len(),
        3
    );
    for path in &loaded.watched {
        let text = path.to_str().unwrap();
        assert!(!text.contains(['\n', '\r']), "{text:?} is watched");
    }

    // An input given with a line break is a configuration error, before anything is read.
    let mut config = Config::new();
    config.input(docs.join(evil));
    let err = config.load_all().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
}

/// Renders docs of these (system, API) pairs, each in its own file.
fn render_apis(pairs: &[(&str, &str)]) -> (codegen::Loaded, codegen::Files) {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for (i, (system, api)) in pairs.iter().enumerate() {
        // The file stem is the API's name; a folder each keeps them apart.
        std::fs::create_dir_all(dir.path().join(i.to_string())).unwrap();
        let path = dir.path().join(format!("{i}/{api}.md"));
        std::fs::write(&path, doc(system, api, "An API.")).unwrap();
        inputs.push(path);
    }
    generate(inputs).unwrap()
}

#[test]
fn system_names_become_safe_module_and_feature_names() {
    let systems = [
        "lib", "main", "cargo", "Cargo", "runtime", "blocking", "new", "with", "builder", "type",
        "bk-log", "CC",
    ];
    let pairs: Vec<(&str, &str)> = systems.iter().map(|s| (*s, "get_thing")).collect();
    let (loaded, files) = render_apis(&pairs);
    let mut modules: Vec<&str> = files
        .files
        .keys()
        .filter_map(|f| f.strip_prefix("src/")?.strip_suffix(".rs"))
        .filter(|m| *m != "lib")
        .collect();
    modules.sort();
    assert_eq!(
        modules,
        [
            "bk_log",
            "blocking_",
            "builder_",
            "cargo_",
            "cc",
            "lib_",
            "main_",
            "new_",
            "runtime_",
            "type_",
            "with_"
        ]
    );
    // `cargo` and `Cargo` share a module, and say so.
    let renamed = codes(loaded.diagnostics.items(), Code::RenamedSystem);
    assert_eq!(renamed.len(), systems.len(), "{renamed:#?}");
    let cargo = renamed
        .iter()
        .find(|d| d.message.contains("\"Cargo\""))
        .unwrap();
    assert!(
        cargo
            .message
            .contains("shares the module with the system \"cargo\""),
        "{cargo}"
    );
    // Features are the module names, each once.
    let manifest = &files.files["Cargo.toml"];
    for module in &modules {
        assert_eq!(
            manifest.matches(&format!("\n{module} = []")).count(),
            1,
            "{manifest}"
        );
    }
}

#[test]
fn addresses_with_quotes_dots_and_line_breaks_give_safe_systems() {
    let (loaded, files) = render_apis(&[("a\"b", "x"), ("..", "y"), ("é", "z")]);
    let systems: Vec<&str> = loaded.ir.apis.iter().map(|a| a.system.as_str()).collect();
    for system in &systems {
        assert!(
            system
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{system:?}"
        );
    }
    let manifest = &files.files["Cargo.toml"];
    assert!(!manifest.contains("a\"b"), "{manifest}");
}

#[test]
fn colliding_api_names_get_unique_types_and_methods() {
    let (loaded, files) = render_apis(&[
        ("demo", "a-b"),
        ("demo", "a_b"),
        ("demo", "A.B"),
        ("demo", "new"),
    ]);
    let module = &files.files["src/demo.rs"];
    for item in [
        "pub struct ABRequest ",
        "pub type ABRequest2 = ABRequest;",
        "pub type ABRequest3 = ABRequest;",
        "pub async fn a_b(",
        "pub async fn a_b_2(",
        "pub async fn a_b_3(",
        "pub async fn new_2(",
        "pub fn new(client",
    ] {
        assert!(module.contains(item), "{item} missing from\n{module}");
    }
    let renamed = codes(loaded.diagnostics.items(), Code::RenamedItem);
    // Two types and a method for each of `a-b` and `a_b`, and `new`'s method.
    assert_eq!(renamed.len(), 7, "{renamed:#?}");
    assert!(renamed.iter().any(|d| d.message.contains("`new_2`")));
}

#[test]
fn names_that_would_break_the_manifest_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ok.md");
    std::fs::write(&path, doc("demo", "ok", "Fine.")).unwrap();
    let mut config = Config::new();
    config.input(&path);
    let loaded = config.load_all().unwrap();
    for bad in ["a\"b", "x\n[lib]", "", "9lives"] {
        config.package_name(bad);
        let err = config.render(&loaded.ir).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad:?}: {err}");
    }
    config.package_name("bkapi-sdk");
    config.roundtrip(codegen::Gate::Feature("demo".into()));
    let err = config.render(&loaded.ir).unwrap_err();
    assert!(
        err.to_string().contains("has a feature of that name"),
        "{err}"
    );
}

/// The generated module for one API whose description is `description`.
fn module_for(description: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ok.md");
    std::fs::write(&path, doc("demo", "ok", description)).unwrap();
    let (_, files) = generate(vec![path]).unwrap();
    files.files["src/demo.rs"].clone()
}

/// Asserts that no doc comment line of `module` opens a code block rustdoc would test.
fn assert_no_runnable_block(module: &str) {
    for line in module.lines().map(str::trim_start) {
        let Some(doc) = line
            .strip_prefix("///")
            .or_else(|| line.strip_prefix("//!"))
        else {
            continue;
        };
        assert!(!doc.starts_with("     "), "indented code: {line}");
        let doc = doc.trim_start();
        if doc.starts_with("```") || doc.starts_with("~~~") {
            let info = doc.trim_start_matches(['`', '~']);
            assert!(info.is_empty() || info == "text", "{line}");
        }
    }
}

#[test]
fn doc_text_never_becomes_a_code_block() {
    // Escapes and entities give paragraph text that reads as a fence or indented code once
    // it is a doc comment.
    let fenced = "Intro.\n\n\\`\\`\\`\n\nstd::process::exit(3);\n\n\\`\\`\\`\n\n\
                  &#32;&#32;&#32;&#32;panic!(\"indented\");\n\n*/ <b>bold</b> [x](javascript:y)";
    let module = module_for(fenced);
    assert_no_runnable_block(&module);
    assert!(
        module.contains("/// ```text\n"),
        "the fence is kept, as text:\n{module}"
    );
    assert!(module.contains("/// std::process::exit(3);"), "{module}");

    // A fence inside a list item cannot be marked `text` line by line: flattened instead.
    let listed = "Intro.\n\n\\- &#96;&#96;&#96;rust\n\npanic!()\n\n\\- &#96;&#96;&#96;";
    let module = module_for(listed);
    assert_no_runnable_block(&module);
    assert!(module.contains("/// \\- ```rust"), "{module}");
}
