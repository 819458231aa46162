//! The library API a build script uses, and check mode, on temporary copies of docs: stale
//! output is caught and regeneration fixes it, output never depends on the run or on the
//! order of inputs, options are validated, and errors name the doc's file and line.

use codegen::{Change, Config, Error, Gate, Layout};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Copies a file or a folder tree to `to`, creating entries in sorted or reverse order (so two
/// copies can be created in opposite orders).
fn copy(from: &Path, to: &Path, reverse: bool) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
        return;
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    if reverse {
        entries.reverse();
    }
    std::fs::create_dir_all(to).unwrap();
    for entry in entries {
        copy(&entry, &to.join(entry.file_name().unwrap()), reverse);
    }
}

/// A temporary folder holding `docs/` (the seed and the downstream crate's docs).
fn docs_copy(reverse: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(
        &root().join("docs/update_module.md"),
        &dir.path().join("docs/update_module.md"),
        reverse,
    );
    copy(
        &root().join("tests/downstream/docs"),
        &dir.path().join("docs/downstream"),
        reverse,
    );
    dir
}

/// Adds a row to the `#### data` table of the seed doc: a new request field.
fn add_a_field(doc: &Path) {
    let text = std::fs::read_to_string(doc).unwrap();
    let row = "| bk_module_name | string | no | module name |\n";
    assert!(text.contains(row));
    std::fs::write(
        doc,
        text.replace(
            row,
            &format!("{row}| operator | string | no | who runs the module |\n"),
        ),
    )
    .unwrap();
}

fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((
                    path.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&path).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn check_fails_after_a_doc_changes_and_regeneration_fixes_it() {
    let dir = docs_copy(false);
    let out = dir.path().join("sdk");
    let mut config = Config::new();
    config
        .input(dir.path().join("docs"))
        .out_dir(&out)
        .emit_rerun_if_changed(false);

    let check = config.check().unwrap();
    assert!(!check.is_up_to_date());
    assert!(
        check
            .differences
            .iter()
            .all(|d| d.change == Change::Missing),
        "{:?}",
        check.differences
    );

    config.generate().unwrap();
    let check = config.check().unwrap();
    assert!(check.is_up_to_date(), "{:?}", check.differences);
    assert_eq!(check.files, 5, "Cargo.toml, lib.rs and three systems");

    add_a_field(&dir.path().join("docs/update_module.md"));
    let before = read_tree(&out);
    let check = config.check().unwrap();
    assert_eq!(check.differences.len(), 1, "{:?}", check.differences);
    let difference = &check.differences[0];
    assert_eq!(difference.path, out.join("src/cc.rs"));
    assert!(matches!(difference.change, Change::Modified { line } if line > 1));
    assert!(difference.to_string().contains("src/cc.rs"), "{difference}");
    assert_eq!(read_tree(&out), before, "check writes nothing");

    let report = config.generate().unwrap();
    assert_eq!(
        report.written,
        [out.join("src/cc.rs")],
        "only the changed file is written"
    );
    assert!(std::fs::read_to_string(out.join("src/cc.rs"))
        .unwrap()
        .contains("pub operator: Option<String>"));
    assert!(config.check().unwrap().is_up_to_date());
}

#[test]
fn check_reports_the_module_of_a_system_that_is_gone() {
    let dir = docs_copy(false);
    let out = dir.path().join("sdk");
    let mut config = Config::new();
    config
        .input(dir.path().join("docs"))
        .out_dir(&out)
        .emit_rerun_if_changed(false);
    config.generate().unwrap();
    std::fs::remove_dir_all(dir.path().join("docs/downstream/store")).unwrap();
    let check = config.check().unwrap();
    let changes: Vec<(String, Change)> = check
        .differences
        .iter()
        .map(|d| {
            (
                d.path.strip_prefix(&out).unwrap().display().to_string(),
                d.change,
            )
        })
        .collect();
    assert!(
        changes.contains(&("src/store.rs".into(), Change::Stale)),
        "{changes:?}"
    );
    config.generate().unwrap();
    assert!(!out.join("src/store.rs").exists());
    assert!(config.check().unwrap().is_up_to_date());
}

#[test]
fn cli_check_lists_files_that_differ_and_exits_1() {
    let dir = docs_copy(false);
    let docs = dir.path().join("docs");
    let out = dir.path().join("sdk");
    let codegen = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (
            output.status.code(),
            text(&output.stdout),
            text(&output.stderr),
        )
    };
    let (docs, out_s) = (docs.to_str().unwrap(), out.to_str().unwrap());

    let (code, stdout, _) = codegen(&["generate", docs, "--out", out_s]);
    assert_eq!(code, Some(0));
    assert!(
        !stdout.contains("cargo:"),
        "the command line prints no cargo directives: {stdout}"
    );
    let (code, stdout, _) = codegen(&["generate", docs, "--out", out_s, "--check"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("up to date"), "{stdout}");

    add_a_field(&dir.path().join("docs/update_module.md"));
    let (code, stdout, stderr) = codegen(&["generate", docs, "--out", out_s, "--check"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("sdk/src/cc.rs: differs"), "{stdout}");
    assert!(!stdout.contains("lib.rs"), "{stdout}");
    assert!(stderr.contains("1 file(s) differ"), "{stderr}");

    let (code, _, _) = codegen(&["generate", docs, "--out", out_s]);
    assert_eq!(code, Some(0));
    let (code, _, _) = codegen(&["--check", "generate", docs, "--out", out_s]);
    assert_eq!(code, Some(0), "--check may come before the command too");

    let (code, _, stderr) = codegen(&["lint", docs, "--check"]);
    assert_eq!(code, Some(2), "--check means nothing to lint: {stderr}");
}

#[test]
fn output_is_byte_identical_across_runs_and_input_orders() {
    let a = docs_copy(false);
    let b = docs_copy(true);
    let inputs = |dir: &Path| {
        let docs = dir.join("docs");
        vec![
            docs.join("update_module.md"),
            docs.join("downstream/store"),
            docs.join("downstream/inv"),
        ]
    };
    for layout in [Layout::Package, Layout::include("bkapi.rs")] {
        let mut outputs = Vec::new();
        for (dir, reverse) in [(&a, false), (&b, true), (&a, true)] {
            let mut list = inputs(dir.path());
            if reverse {
                list.reverse();
            }
            let out = tempfile::tempdir().unwrap();
            let report = Config::new()
                .inputs(list)
                .out_dir(out.path())
                .layout(layout.clone())
                .emit_rerun_if_changed(false)
                .generate()
                .unwrap();
            assert_eq!(report.apis, 5, "{:?}", report.diagnostics);
            outputs.push(read_tree(out.path()));
        }
        assert_eq!(
            outputs[0], outputs[1],
            "{layout:?}: a copy made in the other order, inputs listed in the other order"
        );
        assert_eq!(
            outputs[0], outputs[2],
            "{layout:?}: the same docs, inputs listed in the other order"
        );
    }
}

#[test]
fn the_include_layout_is_one_file_without_inner_attributes_or_features() {
    let dir = docs_copy(false);
    let out = dir.path().join("out");
    let report = Config::new()
        .input(dir.path().join("docs"))
        .out_dir(&out)
        .layout(Layout::include("sdk.rs"))
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap();
    assert_eq!(report.written, [out.join("sdk.rs")]);
    let text = std::fs::read_to_string(out.join("sdk.rs")).unwrap();
    assert!(
        !text.contains("#![") && !text.contains("//!"),
        "include! accepts no inner attributes"
    );
    assert!(
        !text.contains("cfg(feature") && !text.contains("cfg_attr("),
        "the including crate has none of these features"
    );
    assert!(
        !text.contains("pub mod blocking"),
        "the blocking client is off by default here"
    );
    for module in ["pub mod cc {", "pub mod inv {", "pub mod store {"] {
        assert!(text.contains(module), "{module}");
    }

    // Gates: the reverse derives and the blocking client, always or behind a feature.
    let out2 = dir.path().join("out2");
    Config::new()
        .input(dir.path().join("docs/update_module.md"))
        .out_dir(&out2)
        .layout(Layout::include("sdk.rs"))
        .roundtrip(Gate::Always)
        .blocking(Gate::Feature("sync".into()))
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap();
    let text = std::fs::read_to_string(out2.join("sdk.rs")).unwrap();
    assert!(text.contains("#[derive(serde::Deserialize)]"));
    assert!(
        text.contains("#[cfg(feature = \"sync\")]\npub mod blocking"),
        "{text}"
    );
}

#[test]
fn type_attributes_land_on_the_types_they_match() {
    let dir = docs_copy(false);
    let mut config = Config::new();
    config
        .input(dir.path().join("docs"))
        .type_attribute("cc.UpdateModuleRequest", "#[derive(Eq)]")
        .type_attribute(".inv.create_widget", "#[serde(deny_unknown_fields)]");
    let ir = config.load_all().unwrap().ir;
    let files = config.render(&ir).unwrap();
    let cc = &files.files["src/cc.rs"];
    assert_eq!(cc.matches("#[derive(Eq)]").count(), 1, "{cc}");
    assert!(
        cc.contains("#[derive(Eq)]\npub struct UpdateModuleRequest {"),
        "{cc}"
    );
    let inv = &files.files["src/inv.rs"];
    // Every type of the API (request, size, response), none of the other API.
    assert_eq!(
        inv.matches("#[serde(deny_unknown_fields)]").count(),
        3,
        "{inv}"
    );
}

#[test]
fn include_exclude_and_module_select_and_name_systems() {
    let dir = docs_copy(false);
    let mut config = Config::new();
    config
        .input(dir.path().join("docs"))
        .module("store", "warehouse")
        .include("inv")
        .include("warehouse")
        .exclude("inv.purge_widgets");
    let ir = config.load_all().unwrap().ir;
    let keys: Vec<(&str, &str)> = ir
        .apis
        .iter()
        .map(|a| (a.system.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("inv", "create_widget"),
            ("inv", "list_widgets"),
            ("warehouse", "move_shelf")
        ]
    );
}

#[test]
fn bad_options_are_errors_that_say_what_is_wrong() {
    let dir = docs_copy(false);
    let docs = dir.path().join("docs");
    let out = dir.path().join("out");
    let error = |f: &dyn Fn(&mut Config)| {
        let mut config = Config::new();
        config
            .input(&docs)
            .out_dir(&out)
            .emit_rerun_if_changed(false);
        f(&mut config);
        match config.generate() {
            Err(Error::Config(problem)) => problem.to_string(),
            other => panic!("expected a configuration error, got {other:?}"),
        }
    };
    assert!(error(&|c| {
        c.include("ccc");
    })
    .contains("include(\"ccc\") selects no API; the docs have the systems: cc, inv, store"));
    assert!(error(&|c| {
        c.exclude("cc.no_such_api");
    })
    .contains("exclude(\"cc.no_such_api\") selects no API"));
    assert!(error(&|c| {
        c.include("cc..x");
    })
    .contains("is not a matcher"));
    assert!(error(&|c| {
        c.type_attribute("cc.NoSuchType", "#[derive(Eq)]");
    })
    .contains("selects no generated type"));
    assert!(error(&|c| {
        c.type_attribute("cc", "derive(Eq)");
    })
    .contains("outer attribute"));
    assert!(error(&|c| {
        c.runtime_path("not a path");
    })
    .contains("runtime_path(\"not a path\")"));
    assert!(error(&|c| {
        c.layout(Layout::include("../escape.rs"));
    })
    .contains("file name ending in `.rs`"));
    assert!(error(&|c| {
        c.module("store", "ware house");
    })
    .contains("module(\"store\", \"ware house\")"));
    assert!(
        !out.exists(),
        "nothing is written when the configuration is wrong"
    );
}

#[test]
fn strict_errors_name_the_doc_file_and_line() {
    let dir = docs_copy(false);
    let broken = dir.path().join("docs/broken.md");
    std::fs::write(
        &broken,
        "### request method\n\nFETCH\n\n### request address\n\n/api/c/compapi/v2/cc/broken/\n",
    )
    .unwrap();
    let mut config = Config::new();
    config
        .input(dir.path().join("docs"))
        .out_dir(dir.path().join("out"))
        .emit_rerun_if_changed(false);
    // Lenient by default with an out_dir: the doc is skipped and reported.
    let report = config.generate().unwrap();
    assert_eq!(report.skipped, 1);
    // Strict: an error whose text (Display, and Debug as `fn main() -> Result` prints it)
    // names the file and the line.
    let err = config.strict(true).generate().unwrap_err();
    let want = format!("{}:3", broken.display());
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(text.contains(&want), "{text}");
        assert!(text.contains("FETCH"), "{text}");
    }
}

#[test]
fn watched_paths_are_the_inputs_and_files_read_outside_them() {
    let dir = docs_copy(false);
    let docs = dir.path().join("docs");
    let inv_en = docs.join("downstream/inv/en");
    let seed = docs.join("update_module.md");
    let report = Config::new()
        .input(&inv_en)
        .input(&seed)
        .out_dir(dir.path().join("out"))
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap();
    // The folder, the lone doc, and the conf above the folder that routes its docs.
    let mut want = vec![inv_en, seed, docs.join("downstream/inv/inv.yaml")];
    want.sort();
    assert_eq!(report.watched, want);
}

/// A package generated inside the workspace names the runtime by a relative path, so its
/// `Cargo.toml` is the same in any clone, and `--check` passes whatever path leads to it.
#[cfg(unix)]
#[test]
fn the_runtime_path_is_relative_and_check_passes_from_another_spelling() {
    let out = root().join("target/portable-check/sdk");
    let _ = std::fs::remove_dir_all(&out);
    Config::new()
        .input(root().join("docs/update_module.md"))
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap();
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("bkapi-runtime = { path = \"../../../runtime\" }"),
        "{manifest}"
    );
    // The same workspace reached through another path, as a second clone would be.
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("clone");
    std::os::unix::fs::symlink(root(), &link).unwrap();
    let check = Config::new()
        .input(link.join("docs/update_module.md"))
        .out_dir(link.join("target/portable-check/sdk"))
        .check()
        .unwrap();
    assert!(check.is_up_to_date(), "{:?}", check.differences);
}
