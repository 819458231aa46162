//! Discovery over the real corpus (`../shared/corpus` from the repository root, or the folder
//! `BKAPI_CORPUS` names): every doc found, every listed doc routed, languages merged, duplicates
//! resolved. Skips with a message when the corpus is absent.
//!
//! The counts are facts of the corpus (see its `SOURCES.md`), checked here against what
//! discovery makes of them.

use codegen::diag::{Code, Diagnostics, Severity};
use codegen::internals::source::{self, Lang, Origin, SourceDoc};
mod common;

use common::corpus;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn discover(inputs: &[PathBuf]) -> (Vec<SourceDoc>, Diagnostics) {
    let mut sink = Diagnostics::new();
    let docs = source::discover(inputs, &mut sink).expect("the corpus is readable");
    (docs, sink)
}

/// The corpus group a path is in: `esb/cc`, `apigw/cmdb-open`, `bkdocs`, `seed`.
fn group(corpus: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(corpus).unwrap();
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    match parts[0] {
        "esb" | "apigw" => format!("{}/{}", parts[0], parts[1]),
        other => other.to_string(),
    }
}

fn count<'a>(items: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for i in items {
        *map.entry(i.to_string()).or_insert(0) += 1;
    }
    map
}

fn map(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// The names a conf or resource file lists, read by scanning its lines (independently of the
/// YAML reader under test): `name: x` in ESB confs, `operationId: x` in resource files.
fn listed_names(file: &Path) -> BTreeSet<String> {
    let key = if file
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("bk_apigw_resources_")
    {
        "operationId:"
    } else {
        "name:"
    };
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter_map(|l| l.trim_start().trim_start_matches("- ").strip_prefix(key))
        .map(|v| v.trim().trim_matches(['\'', '"']).to_string())
        .collect()
}

#[test]
fn corpus_discovery() {
    let Some(corpus) = corpus() else { return };
    let (docs, sink) = discover(std::slice::from_ref(&corpus));
    // Only a note, for SOURCES.md: prose for people beside the docs.
    let said: Vec<_> = sink
        .items()
        .iter()
        .map(|d| (d.code, d.file.clone()))
        .collect();
    assert_eq!(
        said,
        [(codegen::diag::Code::NotADoc, corpus.join("SOURCES.md"))],
        "the corpus's conf and resource files read cleanly"
    );

    // Every Markdown doc is found once (SOURCES.md is prose): 994, as SOURCES.md counts.
    let files: Vec<&Path> = docs
        .iter()
        .flat_map(|d| {
            std::iter::once(d.path.as_path()).chain(d.alternates.iter().map(PathBuf::as_path))
        })
        .collect();
    assert_eq!(files.len(), 994);
    assert_eq!(files.iter().collect::<BTreeSet<_>>().len(), 994);
    let files_per_group = count(
        files
            .iter()
            .map(|f| group(&corpus, f))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    );
    assert_eq!(
        files_per_group,
        map(&[
            ("apigw/cmdb-backend", 93),
            ("apigw/cmdb-open", 312),
            ("bkdocs", 12),
            ("esb/cc", 386),
            ("esb/jobv3", 114),
            ("esb/sops", 76),
            ("seed", 1)
        ])
    );

    // Languages merge: one doc per API and folder. esb/cc has 193 APIs in each language
    // (`list_host_total_mainline_topo_en.md` pairs with `list_host_total_mainline_topo.md`);
    // jobv3 has 2 Chinese-only docs, cmdb-backend 1.
    let docs_per_group = count(
        docs.iter()
            .map(|d| group(&corpus, &d.path))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    );
    assert_eq!(
        docs_per_group,
        map(&[
            ("apigw/cmdb-backend", 47),
            ("apigw/cmdb-open", 156),
            ("bkdocs", 12),
            ("esb/cc", 193),
            ("esb/jobv3", 58),
            ("esb/sops", 38),
            ("seed", 1)
        ])
    );
    let by_lang = count(docs.iter().map(|d| match d.lang {
        Lang::En => "en",
        Lang::Zh => "zh",
        Lang::Unknown => "unknown",
    }));
    assert_eq!(by_lang, map(&[("en", 489), ("unknown", 13), ("zh", 3)]));
    assert!(
        docs.iter()
            .filter(|d| d.lang == Lang::En)
            .all(|d| d.alternates.len() == 1),
        "every English doc has its Chinese twin"
    );

    // Routes: per system, from the conf or resource file.
    let routed: Vec<&SourceDoc> = docs.iter().filter(|d| d.is_routed()).collect();
    let routed_per_system = count(routed.iter().map(|d| d.system().unwrap()));
    assert_eq!(
        routed_per_system,
        map(&[("cc", 167), ("cmdb", 202), ("jobv3", 56), ("sops", 37)])
    );
    assert!(routed.iter().all(|d| source::is_wire_name(&d.name)));
    for d in &routed {
        let route = d.route().unwrap();
        let esb = d.path.strip_prefix(&corpus).unwrap().starts_with("esb");
        assert_eq!(
            route.auth == codegen::ir::Auth::Esb,
            esb,
            "{}",
            d.path.display()
        );
        if esb {
            assert_eq!(
                route.path,
                format!(
                    "/api/c/compapi/v2/{}/{}/",
                    d.system().unwrap(),
                    if d.name == "list_host_service_template_id" {
                        "find_host_service_template"
                    } else {
                        &d.name
                    }
                )
            );
        } else {
            assert!(
                route.path.starts_with("/api/v3/") || route.path == "/healthz",
                "{}",
                route.path
            );
        }
    }
    let templated = routed
        .iter()
        .filter(|d| d.route().unwrap().path.contains("{bk_supplier_account}"))
        .count();
    assert!(templated > 0, "gateway path templates are kept");

    // Every doc a conf or resource file lists gets that route (by its trimmed stem, or its stem
    // without an `_en` suffix).
    let covered: BTreeSet<&Path> = routed
        .iter()
        .flat_map(|d| {
            std::iter::once(d.path.as_path()).chain(d.alternates.iter().map(PathBuf::as_path))
        })
        .collect();
    let mut listed_docs = 0;
    for conf in [
        "esb/cc/cc.yaml",
        "esb/jobv3/job.yaml",
        "esb/sops/sops.yaml",
        "apigw/cmdb-open/bk_apigw_resources_bk-cmdb.yaml",
        "apigw/cmdb-backend/bk_apigw_resources_bk-cmdb.yaml",
    ] {
        let conf = corpus.join(conf);
        let names = listed_names(&conf);
        for f in &files {
            if !f.starts_with(conf.parent().unwrap()) {
                continue;
            }
            let stem = f.file_stem().unwrap().to_str().unwrap().trim();
            if names.contains(stem) || stem.strip_suffix("_en").is_some_and(|s| names.contains(s)) {
                listed_docs += 1;
                assert!(
                    covered.contains(f),
                    "{} is listed in {} but not routed",
                    f.display(),
                    conf.display()
                );
            }
        }
    }
    assert_eq!(listed_docs, 2 * 167 + (2 * 56 - 2) + 2 * 37 + 312 + 92);

    // Docs beside a conf without an entry, and self-contained docs.
    let unlisted = count(
        docs.iter()
            .filter(|d| matches!(d.origin, Origin::Unlisted { .. }))
            .map(|d| d.system().unwrap()),
    );
    assert_eq!(
        unlisted,
        map(&[("cc", 26), ("cmdb", 1), ("jobv3", 2), ("sops", 1)])
    );
    let self_contained = docs
        .iter()
        .filter(|d| d.origin == Origin::SelfContained)
        .count();
    assert_eq!(self_contained, 13);

    // Determinism: the same docs whatever the order and overlap of the inputs.
    let parts: Vec<PathBuf> = ["seed", "esb", "apigw", "bkdocs", "esb/cc/en"]
        .iter()
        .map(|p| corpus.join(p))
        .collect();
    let mut reversed = parts.clone();
    reversed.reverse();
    let (a, _) = discover(&parts);
    let (b, _) = discover(&reversed);
    assert_eq!(a, b);
    assert_eq!(a, docs);

    println!(
        "corpus: {} docs in {} files; routed {:?}; unlisted {:?}; self-contained {}",
        docs.len(),
        files.len(),
        routed_per_system,
        unlisted,
        self_contained
    );
}

#[test]
fn corpus_loading_resolves_duplicates() {
    let Some(corpus) = corpus() else { return };
    let mut config = codegen::Config::new();
    config.input(&corpus);
    let loaded = config.load_all().expect("the corpus loads");
    let per_system = count(loaded.ir.apis.iter().map(|a| a.system.as_str()));
    // cc: all 193 docs, 167 routed by the conf, 25 by its convention, update_module from the
    // seed (the ESB copy has no conf entry and names no route); sops: 1 by its conf's
    // convention.
    assert_eq!(
        per_system,
        map(&[("cc", 193), ("cmdb", 202), ("jobv3", 56), ("sops", 38)])
    );
    let keys: BTreeSet<(&str, &str)> = loaded
        .ir
        .apis
        .iter()
        .map(|a| (a.system.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(
        keys.len(),
        loaded.ir.apis.len(),
        "one API per (system, name)"
    );

    // The 12 bkdocs copies lose to their routed ESB docs; the ESB update_module copy, whose
    // route is only the conf's convention, to the seed.
    let dups: Vec<_> = loaded
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.code == Code::DuplicateApi)
        .collect();
    assert_eq!(loaded.duplicates, 13);
    assert_eq!(dups.len(), 13);
    assert!(dups.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(
        dups.iter()
            .filter(|d| d.file.strip_prefix(&corpus).unwrap().starts_with("bkdocs"))
            .count(),
        12
    );
    let seed = loaded
        .ir
        .apis
        .iter()
        .find(|a| a.name == "update_module")
        .unwrap();
    assert!(seed.source.ends_with("seed/update_module.md"));

    // Routed by convention: ESB docs their conf lists not, naming no route of their own.
    let guessed: Vec<_> = loaded
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.code == Code::ConventionalRoute)
        .collect();
    assert_eq!(guessed.len(), 27);
    assert!(
        guessed
            .iter()
            .all(|d| d.file.strip_prefix(&corpus).unwrap().starts_with("esb")),
        "{guessed:?}"
    );
    // Skipped: a gateway doc its resource file lists not (gateway paths follow no convention),
    // and two jobv3 pages about the APIs (common fields, the callback Job sends), which
    // document no response and so are not taken for APIs.
    assert_eq!(loaded.skipped, 3);
    let errors: Vec<_> = loaded
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(
        errors
            .iter()
            .all(|d| d.code == Code::NoMethod && d.message.contains("has no entry named")),
        "{errors:?}"
    );
    let mut skipped: Vec<String> = errors
        .iter()
        .map(|d| d.file.strip_prefix(&corpus).unwrap().display().to_string())
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        [
            "apigw/cmdb-backend/zh/sync_service_template_to_service_instance.md",
            "esb/jobv3/en/callback_protocol.md",
            "esb/jobv3/en/common.md"
        ]
    );

    println!(
        "corpus: {} APIs {:?}, {} duplicates, {} skipped, {} warnings",
        loaded.ir.apis.len(),
        per_system,
        loaded.duplicates,
        loaded.skipped,
        loaded.diagnostics.count(Severity::Warning)
    );
}

/// Without the corpus, the tests pass but say so where a reader of the run sees it: on the
/// real stderr, which `cargo test` does not capture.
#[test]
fn a_run_without_the_corpus_says_it_skipped() {
    if std::env::var_os("BKAPI_CORPUS_PROBE").is_some() {
        return;
    }
    let me = std::env::current_exe().unwrap();
    let out = std::process::Command::new(me)
        .args(["--exact", "corpus_discovery"])
        .env("BKAPI_CORPUS", "/nonexistent/bkapi-corpus")
        .env("BKAPI_CORPUS_PROBE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("SKIPPED: no corpus at /nonexistent/bkapi-corpus"),
        "{stderr}"
    );
}
