//! The OpenAPI export, on the shipped seed doc and the project's own fixtures: snapshots of
//! the description in both versions, determinism, and filling a gateway resource file. The
//! export of the real corpus is validated by `tests/tests/openapi_corpus.rs`.

mod common;

use codegen::{Config, OpenApiVersion};
use common::root;
use serde_json::Value;

fn export(inputs: &[&str], version: OpenApiVersion) -> Value {
    let mut config = Config::new();
    for input in inputs {
        config.input(root().join(input));
    }
    config.openapi(version).expect("the docs load")
}

#[test]
fn seed_export_snapshots() {
    let v31 = export(&["docs/update_module.md"], OpenApiVersion::V3_1);
    insta::assert_json_snapshot!("openapi_seed_3_1", v31);
    let v30 = export(&["docs/update_module.md"], OpenApiVersion::V3_0);
    insta::assert_json_snapshot!("openapi_seed_3_0", v30);
}

#[test]
fn fixture_export_snapshots() {
    let inputs = ["tests/fixtures/infer", "tests/fixtures/paging"];
    insta::assert_json_snapshot!(
        "openapi_fixtures_3_1",
        export(&inputs, OpenApiVersion::V3_1)
    );
    insta::assert_json_snapshot!(
        "openapi_fixtures_3_0",
        export(&inputs, OpenApiVersion::V3_0)
    );
}

#[test]
fn the_export_is_deterministic_and_follows_the_rust_names() {
    let a = export(&["tests/fixtures/infer", "docs"], OpenApiVersion::V3_1);
    let b = export(&["docs", "tests/fixtures/infer"], OpenApiVersion::V3_1);
    assert_eq!(a.to_string(), b.to_string());
    let schemas = a["components"]["schemas"].as_object().unwrap();
    assert!(
        schemas.contains_key("cc.UpdateModuleRequest"),
        "{:?}",
        schemas.keys()
    );
    // Optional request fields may be left out; required ones are listed.
    let request = &schemas["cc.UpdateModuleRequest"];
    let required: Vec<&str> = request["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(required.contains(&"bk_biz_id"), "{request}");
    assert!(!required.contains(&"bk_supplier_account"), "{request}");
    // Module renames show in the export as in the Rust code.
    let mut config = Config::new();
    config.input(root().join("docs")).module("cc", "cmdb");
    let renamed = config.openapi(OpenApiVersion::V3_1).unwrap();
    assert!(renamed["components"]["schemas"]["cmdb.UpdateModuleRequest"].is_object());
}

#[test]
fn two_apis_on_one_route_are_an_error_not_a_lost_operation() {
    let dir = tempfile::tempdir().unwrap();
    for (system, api) in [("a", "ping"), ("b", "pong")] {
        let doc = format!(
            "### request method\n\nGET\n\n### request address\n\n/api/v1/healthz/\n\n\
             ### Function Description\n\n{system}\n\n### Return result example\n\n\
             ```json\n{{\"result\": true, \"data\": {{}}}}\n```\n"
        );
        let _ = api;
        std::fs::create_dir_all(dir.path().join(system)).unwrap();
        std::fs::write(dir.path().join(system).join(format!("{api}.md")), doc).unwrap();
    }
    let mut config = Config::new();
    config.input(dir.path());
    let loaded = config.load_all().unwrap();
    if loaded.ir.apis.len() == 2 {
        let err = config
            .openapi_of(&loaded.ir, OpenApiVersion::V3_1)
            .unwrap_err();
        assert!(err.to_string().contains("GET /api/v1/healthz/"), "{err}");
    }
}

#[test]
fn a_gateway_resource_file_gets_the_docs_schemas_and_keeps_the_rest() {
    let dir = root().join("tests/fixtures/infer/gateway");
    let resource = std::fs::read_to_string(dir.join("bk_apigw_resources_demo.yaml")).unwrap();
    let mut config = Config::new();
    config.input(&dir);
    let spec = config.openapi(OpenApiVersion::V3_0).unwrap();
    let merged = codegen::merge_openapi_into(&resource, &spec).unwrap();
    let value: serde_json::Value = serde_norway::from_str(&merged).unwrap();
    let original: serde_json::Value = serde_norway::from_str(&resource).unwrap();
    // Everything the file had is still there.
    let op_path = original["paths"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let (method, op) = original["paths"][&op_path]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    let filled = &value["paths"][&op_path][method];
    for (key, before) in op.as_object().unwrap() {
        if !matches!(key.as_str(), "parameters" | "responses" | "requestBody") {
            assert_eq!(&filled[key], before, "{key} changed");
        }
    }
    // And the operation has the docs' schemas, with their definitions.
    assert!(filled["responses"]["200"]["schema"].is_object(), "{merged}");
    let definitions = value["definitions"]
        .as_object()
        .expect("definitions were added");
    assert!(!definitions.is_empty());
    let text = filled.to_string();
    assert!(text.contains("#/definitions/"), "{text}");
    assert!(!text.contains("#/components/"), "{text}");
}
