//! Fixtures written for each hard case of the real docs (tests/fixtures/infer): the ESB and
//! gateway dialects, both languages, nested-table linking, maps, filter unions, table/example
//! conflicts, awkward names. Snapshots of the IR and the generated module, and every example
//! round-trips through the compiled types.

mod common;

use codegen::ir::{Side, Ty};
use codegen::Config;
use common::root;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/infer")
}

fn load() -> (codegen::Ir, Vec<String>) {
    let mut config = Config::new();
    config.input(fixtures());
    let loaded = config.load_all().expect("fixtures load");
    let (mut ir, diags, skipped) = (loaded.ir, loaded.diagnostics, loaded.skipped);
    assert_eq!(skipped, 0);
    for api in &mut ir.apis {
        api.source = api.source.strip_prefix(root()).unwrap().to_path_buf();
    }
    let diags = diags
        .items()
        .iter()
        .map(|d| d.to_string().replace(&format!("{}/", root().display()), ""))
        .collect();
    (ir, diags)
}

#[test]
fn fixture_ir_and_code_snapshots() {
    let (ir, diags) = load();
    insta::assert_json_snapshot!("fixtures_ir", ir);
    insta::assert_snapshot!("fixtures_diagnostics", diags.join("\n"));
    let files = Config::new().render(&ir).unwrap();
    insta::assert_snapshot!("fixtures_demo_rs", files.files["src/demo.rs"]);
}

#[test]
fn dialects_routes_and_languages() {
    let (ir, _) = load();
    let api = |name: &str| {
        ir.apis
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("{name} generated"))
    };
    // ESB conf: GET from `method`, the compapi prefix, English doc chosen over Chinese.
    let list = api("list_widgets");
    assert_eq!(list.route.method, codegen::ir::Method::Get);
    assert_eq!(list.route.path, "/api/c/compapi/v2/demo/list_widgets/");
    assert!(list.source.to_string_lossy().contains("/en/"));
    // `suggest_method`, and a doc that exists in Chinese only.
    let save = api("save_widget");
    assert_eq!(save.route.method, codegen::ir::Method::Post);
    assert!(save.source.to_string_lossy().contains("zh_hans"));
    // Gateway resource: path template kept, header-only auth.
    let find = api("find_servers");
    assert_eq!(find.route.path, "/api/v1/racks/{rack_id}/servers");
    assert_eq!(find.route.auth, codegen::ir::Auth::Gateway);
    // Not in the conf and no route in the doc: the conf's `/v2/<system>/<name>/` convention,
    // with the method most entries use.
    let count = api("count_widgets");
    assert_eq!(
        (
            count.route.method,
            count.route.path.as_str(),
            count.system.as_str()
        ),
        (
            codegen::ir::Method::Post,
            "/api/c/compapi/v2/demo/count_widgets/",
            "demo"
        )
    );
    assert_eq!(ir.apis.len(), 5, "one API per name, whatever the languages");
}

#[test]
fn maps_unions_and_conflicts() {
    let (ir, _) = load();
    let find = ir.apis.iter().find(|a| a.name == "find_servers").unwrap();
    let Ty::Object(data) = find.response else {
        panic!("data is a struct")
    };
    let fields = &find.object(data).fields;
    for key in ["by_ip", "by_id", "vars", "nodes"] {
        let f = fields.iter().find(|f| f.wire_name == key).unwrap();
        assert!(
            matches!(f.ty, Ty::Map(_)),
            "{key} has data keys, so it is a map: {:?}",
            f.ty
        );
    }
    // The filter's rules are a rule or a nested group of rules, recursively.
    let unions: Vec<_> = find
        .types
        .iter()
        .filter(|o| !o.variants.is_empty())
        .collect();
    assert_eq!(unions.len(), 1);
    assert!(find.types.iter().all(|o| o.side != Side::Request
        || o.fields
            .iter()
            .all(|f| f.wire_name != "field" || f.required)));

    let tricky = ir.apis.iter().find(|a| a.name == "tricky_names").unwrap();
    // `owner` and `backup` have one shape: one type.
    let Ty::Array(item) = &tricky.response else {
        panic!("data is a list")
    };
    let Ty::Object(item) = **item else { panic!() };
    let ty_of = |name: &str| {
        tricky
            .object(item)
            .fields
            .iter()
            .find(|f| f.wire_name == name)
            .unwrap()
            .ty
            .clone()
    };
    assert_eq!(ty_of("owner"), ty_of("backup"));
    // The table says int, the example sends a string too: the example must still deserialise.
    assert_eq!(ty_of("id"), Ty::Any);
}
