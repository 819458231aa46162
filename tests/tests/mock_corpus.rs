//! The mock BlueKing over the real corpus: the generated client calls every API once, with the
//! doc's request example, against `bkapi-mock` serving the same docs, and decodes the answer.
//! Every call that fails must be a doc problem the generator reported, not a mock bug.
//! Skips with a message when the corpus is absent.

use bkapi_mock::{MockServer, Spec, CREDENTIALS};
use bkapi_tests::{corpus, root};
use codegen::{Config, Layout};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

#[test]
fn every_corpus_api_answers_through_the_generated_client() {
    let Some(corpus) = corpus() else { return };
    let mut config = Config::new();
    config.input(&corpus);
    // `verify` writes and builds the corpus package (the corpus round-trip test built it
    // already, in the same folder, so this is quick); the calling program is added beside.
    let work = root().join("target/bkapi-verify");
    config.verify(&work).expect("the corpus package builds");
    let loaded = config.load_all().unwrap();
    let ir = &loaded.ir;
    let options = codegen::internals::emit::options(&config, &Layout::Package).unwrap();
    let plan = codegen::internals::emit::plan::plan(ir, &options);
    let calls =
        codegen::internals::emit::harness::calls_bin(&plan, "bkapi-sdk", &options.runtime).unwrap();
    let package = work.join("package");
    codegen::internals::write_if_changed(&package.join("src/bin/calls.rs"), &calls).unwrap();
    // The same flags as `verify`'s build, so the package's library is reused.
    let build = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "build",
            "--quiet",
            "--all-features",
            "--bin",
            "calls",
            "--manifest-path",
        ])
        .arg(package.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );

    // One call per API: its first request example, or the default request.
    let cases: Vec<Value> = ir
        .apis
        .iter()
        .map(|api| {
            let mut value = api
                .examples
                .iter()
                .find(|e| e.side == codegen::ir::Side::Request && e.value.is_object())
                .map(|e| e.value.clone())
                .unwrap_or(Value::Null);
            if let Some(map) = value.as_object_mut() {
                for c in CREDENTIALS {
                    map.shift_remove(*c);
                }
                codegen::internals::fill_path_fields(api, map);
            }
            json!({"system": api.system, "api": api.name, "value": value})
        })
        .collect();
    let cases_path = work.join("mock-cases.json");
    std::fs::write(&cases_path, Value::Array(cases).to_string()).unwrap();

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let spec = Spec::from_value(serde_json::to_value(ir).unwrap()).unwrap();
    let server = runtime.block_on(MockServer::start(spec)).unwrap();
    let run = Command::new(work.join("target/debug/calls"))
        .arg(server.url())
        .arg(&cases_path)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), ir.apis.len());

    // Docs with a diagnostic: a failing call must come from one of them.
    let reported: BTreeSet<&std::path::Path> = loaded
        .diagnostics
        .items()
        .iter()
        .map(|d| d.file.as_path())
        .collect();
    let mut per_system: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for (api, line) in ir.apis.iter().zip(&lines) {
        let row = per_system.entry(&api.system).or_default();
        row.0 += 1;
        match line.get("err") {
            None => row.1 += 1,
            Some(err) => {
                println!("FAILED {}.{}: {err}", api.system, api.name);
                if !reported.contains(api.source.as_path()) {
                    unexplained.push(format!("{}.{}: {err}", api.system, api.name));
                }
            }
        }
    }
    println!("{:<8} {:>10}", "system", "ok/called");
    for (system, (all, ok)) in &per_system {
        println!("{system:<8} {:>10}", format!("{ok}/{all}"));
    }
    // Calls the client refused to send (a request example without a path's field) never
    // reach the mock; every other one does, once.
    let called = server.requests();
    assert!(called.len() >= ok_count(&per_system) && called.len() <= ir.apis.len());
    assert!(
        unexplained.is_empty(),
        "calls that failed for docs without a diagnostic (a mock or client bug): {unexplained:#?}"
    );
    let ok = ok_count(&per_system);
    assert!(
        ok * 100 >= ir.apis.len() * 95,
        "only {ok} of {} calls succeeded",
        ir.apis.len()
    );
}

fn ok_count(per_system: &BTreeMap<&str, (usize, usize)>) -> usize {
    per_system.values().map(|r| r.1).sum()
}
