//! Discovery and duplicate handling on small fixture trees written to a temp dir.

use super::*;
use crate::diag::{Code, Diagnostic, Severity};
use crate::ir::{Auth, Method};
use crate::Config;
use std::fs;
use tempfile::TempDir;

/// A doc body without a route (ESB and gateway docs), English headings.
const BODY_EN: &str = "### Function Description

demo api

### Request parameters

#### Interface parameters

| Field | Type | Required | Description |
|---|---|---|---|
| bk_biz_id | int | yes | business id |

### Return result example

```json
{\"result\": true, \"code\": 0, \"message\": \"\", \"data\": {\"id\": 1}}
```
";

/// The same, Chinese headings.
const BODY_ZH: &str = "### 功能描述

演示接口

### 请求参数

#### 接口参数

| 字段 | 类型 | 必选 | 描述 |
|---|---|---|---|
| bk_biz_id | int | 是 | 业务ID |

### 返回结果示例

```json
{\"result\": true, \"code\": 0, \"message\": \"\", \"data\": {\"id\": 1}}
```
";

/// A self-contained doc: method and address in the Markdown.
fn self_contained(path: &str) -> String {
    format!("### request method\n\nPOST\n\n### request address\n\n{path}\n\n{BODY_EN}")
}

const CC_CONF: &str = "---
- path: /v2/cc/demo_api/
  name: demo_api
  label: 演示
  label_en: demo
  suggest_method: POST
  dest_path: /api/v3/demo/{bk_biz_id}
  dest_http_method: PUT

- path: /v2/cc/get_demo/
  name: get_demo
  method: GET

- path: /v2/cc/zh_only/
  name: zh_only
  suggest_method: POST

- path: /v2/cc/suffixed/
  name: suffixed
  suggest_method: POST

- path: /v2/cc/spaced/
  name: spaced
  suggest_method: POST
";

const GW_RESOURCES: &str = "swagger: '2.0'
basePath: /
info:
  version: '0.1'
  title: API Gateway Resources
paths:
  /api/v3/demo/{bk_supplier_account}/{bk_biz_id}:
    put:
      operationId: update_demo
      description: 演示
      x-bk-apigateway-resource:
        isPublic: false
        backend:
          type: HTTP
          method: put
          path: /api/v3/demo/{bk_supplier_account}/{bk_biz_id}
        descriptionEn: Update demo
";

/// Writes `files` (path relative to the temp dir, content) and returns the dir.
fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn discover_quiet(inputs: &[PathBuf]) -> Vec<SourceDoc> {
    let mut sink = Diagnostics::new();
    let docs = discover(inputs, &mut sink).unwrap();
    // Notes (a README beside the docs) are no complaint.
    assert!(
        sink.items().iter().all(|d| d.severity == Severity::Note),
        "unexpected diagnostics: {:?}",
        sink.items()
    );
    docs
}

fn esb_tree() -> TempDir {
    tree(&[
        ("esb/cc/cc.yaml", CC_CONF),
        ("esb/cc/en/demo_api.md", BODY_EN),
        ("esb/cc/zh_hans/demo_api.md", BODY_ZH),
        ("esb/cc/en/get_demo.md", BODY_EN),
        ("esb/cc/zh_hans/get_demo.md", BODY_ZH),
        ("esb/cc/zh_hans/zh_only.md", BODY_ZH),
        ("esb/cc/en/suffixed_en.md", BODY_EN),
        ("esb/cc/zh_hans/suffixed.md", BODY_ZH),
        ("esb/cc/en/spaced .md", BODY_EN),
        ("esb/cc/en/unlisted.md", BODY_EN),
        ("esb/cc/en/README.md", "# prose"),
    ])
}

fn rel(dir: &TempDir, path: &Path) -> String {
    path.strip_prefix(dir.path()).unwrap().display().to_string()
}

#[test]
fn esb_docs_get_routes_from_the_conf_and_languages_merge() {
    let dir = esb_tree();
    let docs = discover_quiet(&[dir.path().to_path_buf()]);
    let summary: Vec<(String, String, Lang, Vec<String>)> = docs
        .iter()
        .map(|d| {
            (
                rel(&dir, &d.path),
                d.name.clone(),
                d.lang,
                d.alternates.iter().map(|a| rel(&dir, a)).collect(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        summary,
        [
            (
                s("esb/cc/en/demo_api.md"),
                s("demo_api"),
                Lang::En,
                vec![s("esb/cc/zh_hans/demo_api.md")]
            ),
            (
                s("esb/cc/en/get_demo.md"),
                s("get_demo"),
                Lang::En,
                vec![s("esb/cc/zh_hans/get_demo.md")]
            ),
            (s("esb/cc/en/spaced .md"), s("spaced"), Lang::En, vec![]),
            (
                s("esb/cc/en/suffixed_en.md"),
                s("suffixed"),
                Lang::En,
                vec![s("esb/cc/zh_hans/suffixed.md")]
            ),
            (s("esb/cc/en/unlisted.md"), s("unlisted"), Lang::En, vec![]),
            (
                s("esb/cc/zh_hans/zh_only.md"),
                s("zh_only"),
                Lang::Zh,
                vec![]
            ),
        ]
    );
    let demo = &docs[0];
    assert_eq!(demo.system(), Some("cc"));
    let route = demo.route().unwrap();
    assert_eq!(
        (route.method, route.path.as_str(), route.auth),
        (Method::Post, "/api/c/compapi/v2/cc/demo_api/", Auth::Esb)
    );
    assert_eq!(docs[1].route().unwrap().method, Method::Get);
    let Origin::Routed { file, .. } = &demo.origin else {
        panic!()
    };
    assert_eq!(rel(&dir, file), "esb/cc/cc.yaml");
    let unlisted = &docs[4];
    assert_eq!(unlisted.route(), None);
    assert_eq!(unlisted.system(), Some("cc"));
    let Origin::Unlisted {
        listed: false,
        files,
        convention: Some(c),
        ..
    } = &unlisted.origin
    else {
        panic!("{:?}", unlisted.origin)
    };
    assert_eq!(files.len(), 1);
    // The conf's entries all follow `/v2/cc/<name>/`: the unlisted doc may be routed the same way.
    assert_eq!(
        (
            c.route.method,
            c.route.path.as_str(),
            rel(&dir, &c.file).as_str()
        ),
        (
            Method::Post,
            "/api/c/compapi/v2/cc/unlisted/",
            "esb/cc/cc.yaml"
        )
    );
}

#[test]
fn gateway_docs_get_routes_from_the_resource_file() {
    let dir = tree(&[
        (
            "apigw/demo-open/bk_apigw_resources_bk-demo.yaml",
            GW_RESOURCES,
        ),
        ("apigw/demo-open/en/update_demo.md", BODY_EN),
        ("apigw/demo-open/zh/update_demo.md", BODY_ZH),
    ]);
    let docs = discover_quiet(&[dir.path().to_path_buf()]);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(
        (doc.name.as_str(), doc.lang, doc.system()),
        ("update_demo", Lang::En, Some("demo"))
    );
    assert_eq!(
        doc.alternates,
        [dir.path().join("apigw/demo-open/zh/update_demo.md")]
    );
    let route = doc.route().unwrap();
    assert_eq!(
        (route.method, route.path.as_str(), route.auth),
        (
            Method::Put,
            "/api/v3/demo/{bk_supplier_account}/{bk_biz_id}",
            Auth::Gateway
        )
    );
}

#[test]
fn docs_without_route_files_are_self_contained() {
    let dir = tree(&[
        (
            "docs/update_demo.md",
            &self_contained("/api/c/compapi/v2/cc/update_demo/"),
        ),
        ("docs/other.yaml", "title: not a conf\n"),
    ]);
    let docs = discover_quiet(&[dir.path().to_path_buf()]);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        (docs[0].origin.clone(), docs[0].lang, docs[0].system()),
        (Origin::SelfContained, Lang::Unknown, None)
    );
}

#[test]
fn a_language_folder_or_one_doc_as_input_still_finds_the_conf() {
    let dir = esb_tree();
    for input in ["esb/cc/en", "esb/cc/en/demo_api.md", "esb/cc"] {
        let docs = discover_quiet(&[dir.path().join(input)]);
        let demo = docs.iter().find(|d| d.name == "demo_api").unwrap();
        assert!(demo.is_routed(), "{input}");
    }
}

#[test]
fn the_conf_search_stops_at_the_input_folder() {
    // A conf two levels up from a non-language folder is outside the input `x/y`.
    let dir = tree(&[
        ("cc.yaml", CC_CONF),
        (
            "x/y/demo_api.md",
            &self_contained("/api/c/compapi/v2/cc/demo_api/"),
        ),
    ]);
    let docs = discover_quiet(&[dir.path().join("x/y")]);
    assert_eq!(docs[0].origin, Origin::SelfContained);
    let docs = discover_quiet(&[dir.path().to_path_buf()]);
    assert!(docs[0].is_routed());
}

#[test]
fn discovery_does_not_depend_on_input_order_or_overlap() {
    let dir = esb_tree();
    let a = dir.path().join("esb/cc/en");
    let b = dir.path().join("esb/cc/zh_hans");
    let file = dir.path().join("esb/cc/en/demo_api.md");
    let one = discover_quiet(&[a.clone(), b.clone()]);
    let two = discover_quiet(&[b.clone(), file.clone(), a.clone()]);
    assert_eq!(one, two);
    let all = discover_quiet(&[dir.path().to_path_buf(), a, file]);
    assert_eq!(all.len(), 6);
}

#[test]
fn broken_confs_are_reported_and_not_used() {
    let dir = tree(&[
        (
            "cc/cc.yaml",
            "- path: /v2/cc/demo_api/\n  name: demo_api\n  suggest_method: FETCH\n",
        ),
        ("cc/en/demo_api.md", BODY_EN),
        ("job/job.yaml", "- path: [unclosed\n"),
        ("job/en/x.md", BODY_EN),
    ]);
    let mut sink = Diagnostics::new();
    let docs = discover(&[dir.path().to_path_buf()], &mut sink).unwrap();
    let said: Vec<(Code, String, usize)> = sink
        .items()
        .iter()
        .map(|d| (d.code, rel(&dir, &d.file), d.line))
        .collect();
    assert_eq!(
        said,
        [
            (Code::UnknownMethod, "cc/cc.yaml".to_string(), 2),
            (Code::Unreadable, "job/job.yaml".to_string(), 1)
        ]
    );
    assert!(sink.items().iter().all(|d| d.severity == Severity::Warning));
    assert!(
        matches!(&docs[0].origin, Origin::Unlisted { listed: true, system: Some(s), .. } if s == "cc")
    );
    assert_eq!(docs[1].origin, Origin::SelfContained);
}

#[test]
fn a_missing_input_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let mut sink = Diagnostics::new();
    match discover(&[dir.path().to_path_buf(), missing.clone()], &mut sink) {
        Err(Error::Io { path, .. }) => assert_eq!(path, missing),
        other => panic!("{other:?}"),
    }
}

#[test]
fn preference_order_and_reasons() {
    let doc = |path: &str, lang, origin| SourceDoc {
        path: path.into(),
        name: "x".into(),
        lang,
        origin,
        alternates: vec![],
    };
    let route = Route {
        method: Method::Post,
        path: "/x/".into(),
        auth: Auth::Esb,
    };
    let routed = doc(
        "z/zh/x.md",
        Lang::Zh,
        Origin::Routed {
            file: "z/x.yaml".into(),
            system: "cc".into(),
            route,
        },
    );
    let en = doc("b/en/x.md", Lang::En, Origin::SelfContained);
    let unknown = doc("a/x.md", Lang::Unknown, Origin::SelfContained);
    let en2 = doc("a/en/x.md", Lang::En, Origin::SelfContained);
    let (order, why) = routed.preference(&en);
    assert_eq!(order, Ordering::Less);
    assert_eq!(
        why,
        "z/zh/x.md is routed by z/x.yaml while b/en/x.md gives its own route"
    );
    assert_eq!(en.preference(&routed).0, Ordering::Greater);
    assert_eq!(
        en.preference(&unknown),
        (
            Ordering::Less,
            "b/en/x.md is in English and a/x.md in a folder that names no language".to_string()
        )
    );
    assert_eq!(en.preference(&en2).0, Ordering::Greater);
    assert!(en.preference(&en2).1.starts_with("a/en/x.md sorts first"));
}

#[test]
fn wire_names() {
    assert!(is_wire_name("search_business"));
    assert!(is_wire_name("get-info.v2"));
    assert!(!is_wire_name(""));
    assert!(!is_wire_name("search business"));
    assert!(!is_wire_name("查询业务"));
}

// Loading: languages, duplicates and unrouted docs, through `Config`.

fn load(inputs: &[PathBuf]) -> crate::Loaded {
    let mut config = Config::new();
    for input in inputs {
        config.input(input);
    }
    config.load_all().unwrap()
}

fn of_code(diags: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
    diags.iter().filter(|d| d.code == code).collect()
}

/// The one diagnostic of `code`, on a file ending in `file`, of a load without errors.
fn the_one<'a>(loaded: &'a crate::Loaded, code: Code, file: &str) -> &'a Diagnostic {
    let items = loaded.diagnostics.items();
    assert_eq!(loaded.diagnostics.count(Severity::Error), 0, "{items:?}");
    let found = of_code(items, code);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].file.ends_with(file), "{:?}", found[0].file);
    found[0]
}

#[test]
fn routed_english_docs_are_generated_once_per_api() {
    let dir = esb_tree();
    let loaded = load(&[dir.path().to_path_buf()]);
    let apis: Vec<(&str, &str, String)> = loaded
        .ir
        .apis
        .iter()
        .map(|a| (a.system.as_str(), a.name.as_str(), rel(&dir, &a.source)))
        .collect();
    assert_eq!(
        apis,
        [
            ("cc", "demo_api", "esb/cc/en/demo_api.md".to_string()),
            ("cc", "get_demo", "esb/cc/en/get_demo.md".to_string()),
            ("cc", "spaced", "esb/cc/en/spaced .md".to_string()),
            ("cc", "suffixed", "esb/cc/en/suffixed_en.md".to_string()),
            ("cc", "unlisted", "esb/cc/en/unlisted.md".to_string()),
            ("cc", "zh_only", "esb/cc/zh_hans/zh_only.md".to_string()),
        ]
    );
    assert_eq!(loaded.ir.apis[0].description, "demo api");
    assert_eq!((loaded.skipped, loaded.duplicates), (0, 0));
    // The unlisted doc follows the conf's convention, with a warning that names the conf.
    let guessed = the_one(&loaded, Code::ConventionalRoute, "esb/cc/en/unlisted.md");
    assert!(
        guessed
            .message
            .contains("cc.yaml has no entry named `unlisted`"),
        "{}",
        guessed.message
    );
    assert!(
        guessed
            .message
            .ends_with("it is called as POST /api/c/compapi/v2/cc/unlisted/"),
        "{}",
        guessed.message
    );
    assert!(guessed
        .hint
        .as_deref()
        .unwrap()
        .starts_with("add an entry named `unlisted` to "));
}

#[test]
fn a_conf_routed_doc_wins_over_a_self_contained_copy() {
    let dir = esb_tree();
    fs::create_dir_all(dir.path().join("docs")).unwrap();
    fs::write(
        dir.path().join("docs/demo_api.md"),
        self_contained("/api/c/compapi/v2/cc/demo_api/"),
    )
    .unwrap();
    let loaded = load(&[dir.path().join("docs"), dir.path().join("esb")]);
    let demo: Vec<_> = loaded
        .ir
        .apis
        .iter()
        .filter(|a| a.name == "demo_api")
        .collect();
    assert_eq!(demo.len(), 1);
    assert!(demo[0].source.ends_with("esb/cc/en/demo_api.md"));
    assert_eq!(loaded.duplicates, 1);
    let items = loaded.diagnostics.items();
    let dups = of_code(items, Code::DuplicateApi);
    assert_eq!(dups.len(), 1);
    assert_eq!(dups[0].severity, Severity::Warning);
    assert!(dups[0].file.ends_with("docs/demo_api.md"));
    let m = &dups[0].message;
    assert!(
        m.starts_with("`cc/demo_api` is documented more than once"),
        "{m}"
    );
    assert!(
        m.contains("en/demo_api.md is routed by ")
            && m.contains("docs/demo_api.md gives its own route"),
        "{m}"
    );
}

#[test]
fn a_doc_giving_its_route_wins_over_one_routed_by_convention() {
    let dir = esb_tree();
    fs::create_dir_all(dir.path().join("docs")).unwrap();
    fs::write(
        dir.path().join("docs/unlisted.md"),
        self_contained("/api/c/compapi/v2/cc/unlisted/"),
    )
    .unwrap();
    let loaded = load(&[dir.path().to_path_buf()]);
    assert_eq!((loaded.skipped, loaded.duplicates), (0, 1));
    let api = loaded
        .ir
        .apis
        .iter()
        .find(|a| a.name == "unlisted")
        .unwrap();
    assert!(api.source.ends_with("docs/unlisted.md"));
    let dup = the_one(&loaded, Code::DuplicateApi, "esb/cc/en/unlisted.md");
    assert!(
        dup.message
            .contains("docs/unlisted.md gives its route while "),
        "{}",
        dup.message
    );
    assert!(
        dup.message
            .ends_with("esb/cc/en/unlisted.md's follows only its conf's convention"),
        "{}",
        dup.message
    );
}

#[test]
fn the_convention_routes_api_docs_only_and_yields_to_a_route_in_another_language() {
    let dir = tree(&[
        ("esb/cc/cc.yaml", CC_CONF),
        // A page about the APIs, not an API: it documents no response.
        ("esb/cc/en/common.md", "### Common fields\n\n| Field | Type | Description |\n|---|---|---|\n| bk_biz_id | int | business |\n"),
        // English without a route; the Chinese doc of the same API gives one.
        ("esb/cc/en/bar.md", BODY_EN),
        ("esb/cc/zh_hans/bar.md", &format!("### 请求方法\n\nGET\n\n### 请求地址\n\n/api/c/compapi/v2/cc/bar/\n\n{BODY_ZH}")),
        // A language suffix is not part of the API's name.
        ("esb/cc/en/foo_en.md", BODY_EN),
        ("esb/cc/zh_hans/foo.md", BODY_ZH),
    ]);
    let loaded = load(&[dir.path().to_path_buf()]);
    let apis: Vec<(&str, Method, &str)> = loaded
        .ir
        .apis
        .iter()
        .map(|a| (a.name.as_str(), a.route.method, a.route.path.as_str()))
        .collect();
    assert_eq!(
        apis,
        [
            ("bar", Method::Get, "/api/c/compapi/v2/cc/bar/"),
            ("foo", Method::Post, "/api/c/compapi/v2/cc/foo/")
        ]
    );
    let items = loaded.diagnostics.items();
    let guessed: Vec<String> = of_code(items, Code::ConventionalRoute)
        .iter()
        .map(|d| rel(&dir, &d.file))
        .collect();
    assert_eq!(guessed, ["esb/cc/en/foo_en.md"]);
    let errors: Vec<&Diagnostic> = items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].file.ends_with("esb/cc/en/common.md"));
    assert!(
        errors[0].message.ends_with(
            "(the conf's /v2/cc/<name>/ convention routes only docs that document a response)"
        ),
        "{}",
        errors[0].message
    );
}

#[test]
fn without_a_convention_an_unrouted_copy_is_a_duplicate_not_an_error() {
    // The conf's only entry is not at /v2/cc/<name>/: it shows no convention to route by.
    let conf = "- path: /v2/cc/elsewhere/\n  name: demo_api\n  suggest_method: POST\n";
    let dir = tree(&[
        ("esb/cc/cc.yaml", conf),
        ("esb/cc/en/unlisted.md", BODY_EN),
        (
            "docs/unlisted.md",
            &self_contained("/api/c/compapi/v2/cc/unlisted/"),
        ),
    ]);
    let loaded = load(&[dir.path().to_path_buf()]);
    assert_eq!((loaded.skipped, loaded.duplicates), (0, 1));
    let api = loaded
        .ir
        .apis
        .iter()
        .find(|a| a.name == "unlisted")
        .unwrap();
    assert!(api.source.ends_with("docs/unlisted.md"));
    assert!(of_code(loaded.diagnostics.items(), Code::ConventionalRoute).is_empty());
    let dup = the_one(&loaded, Code::DuplicateApi, "esb/cc/en/unlisted.md");
    assert!(
        dup.message.contains("has no entry named `unlisted`"),
        "{}",
        dup.message
    );
}

#[test]
fn english_wins_over_other_copies_then_the_first_path() {
    let text = self_contained("/api/c/compapi/v2/cc/copied/");
    let dir = tree(&[
        ("b/en/copied.md", &text),
        ("a/copied.md", &text),
        ("c/copied.md", &text),
        ("d/zh/copied.md", &text),
    ]);
    let loaded = load(&[dir.path().to_path_buf()]);
    assert_eq!(loaded.ir.apis.len(), 1);
    assert!(loaded.ir.apis[0].source.ends_with("b/en/copied.md"));
    assert_eq!(loaded.duplicates, 3);
    let dups = of_code(loaded.diagnostics.items(), Code::DuplicateApi);
    let files: Vec<String> = dups.iter().map(|d| rel(&dir, &d.file)).collect();
    assert_eq!(files, ["a/copied.md", "c/copied.md", "d/zh/copied.md"]);
    assert!(
        dups.iter()
            .all(|d| d.message.contains("b/en/copied.md is in English")),
        "{dups:?}"
    );

    // Without the English copy, the first path of the unknown-language ones wins.
    fs::remove_file(dir.path().join("b/en/copied.md")).unwrap();
    let loaded = load(&[dir.path().to_path_buf()]);
    assert!(loaded.ir.apis[0].source.ends_with("a/copied.md"));
    let dups = of_code(loaded.diagnostics.items(), Code::DuplicateApi);
    assert!(
        dups[0].file.ends_with("c/copied.md")
            && dups[0].message.contains("a/copied.md sorts first"),
        "{dups:?}"
    );
}

#[test]
fn a_doc_named_by_no_wire_name_takes_its_address_name() {
    let dir = tree(&[(
        "docs/查询 业务.md",
        &self_contained("/api/c/compapi/v2/cc/search_demo/"),
    )]);
    let loaded = load(&[dir.path().to_path_buf()]);
    assert_eq!(loaded.ir.apis[0].name, "search_demo");
}

#[test]
fn a_doc_without_any_route_is_skipped_with_the_usual_error() {
    let dir = tree(&[("docs/lost.md", BODY_EN)]);
    let loaded = load(&[dir.path().to_path_buf()]);
    assert_eq!((loaded.ir.apis.len(), loaded.skipped), (0, 1));
    let items = loaded.diagnostics.items();
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].severity, items[0].code),
        (Severity::Error, Code::NoMethod)
    );
    assert!(
        items[0].message.contains("no conf or resource file"),
        "{}",
        items[0].message
    );
}
