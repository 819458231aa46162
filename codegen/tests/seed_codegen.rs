//! The seed doc through the whole generator: its IR, its generated Rust, and determinism.

mod common;

use codegen::Config;
use common::{root, seed_doc};

fn seed_config() -> Config {
    let mut config = Config::new();
    config.input(seed_doc()).in_workspace(true);
    config
}

fn seed_ir() -> codegen::Ir {
    let loaded = seed_config().load_all().expect("seed loads");
    let (mut ir, diags, skipped) = (loaded.ir, loaded.diagnostics, loaded.skipped);
    assert_eq!(skipped, 0);
    assert!(
        diags.items().is_empty(),
        "the seed doc is clean: {:?}",
        diags.items()
    );
    // Snapshots must not depend on where the checkout lives.
    for api in &mut ir.apis {
        api.source = api
            .source
            .strip_prefix(root())
            .expect("seed lives under the root")
            .to_path_buf();
    }
    ir
}

#[test]
fn seed_ir_snapshot() {
    insta::assert_json_snapshot!("seed_ir", seed_ir());
}

#[test]
fn seed_ir_reads_every_part_of_the_doc() {
    let ir = seed_ir();
    let api = &ir.apis[0];
    assert_eq!(
        (api.system.as_str(), api.name.as_str()),
        ("cc", "update_module")
    );
    assert_eq!(api.route.method, codegen::ir::Method::Post);
    assert_eq!(api.route.path, "/api/c/compapi/v2/cc/update_module/");
    assert_eq!(api.description, "update module");
    let request = api.object(api.request);
    let names: Vec<&str> = request
        .fields
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect();
    // The General parameters (credentials) are not request fields.
    assert_eq!(
        names,
        [
            "bk_supplier_account",
            "bk_biz_id",
            "bk_set_id",
            "bk_module_id",
            "data"
        ]
    );
    // `is` is a mistranslation of 是: data is required.
    let data = &request.fields[4];
    assert!(data.required);
    assert_eq!(data.line, 38);
    let codegen::ir::Ty::Object(data_id) = data.ty else {
        panic!("data is an object: {:?}", data.ty)
    };
    let data_obj = api.object(data_id);
    assert!(
        data_obj.open,
        "the note says data takes model-defined attributes"
    );
    assert_eq!(data_obj.fields[0].wire_name, "bk_module_name");
    assert!(!data_obj.fields[0].required);
    assert_eq!(api.examples.len(), 2);
}

#[test]
fn seed_generated_code_snapshot() {
    let files = seed_config().render(&seed_ir()).expect("renders");
    insta::assert_snapshot!("seed_cc_rs", files.files["src/cc.rs"]);
    insta::assert_snapshot!("seed_lib_rs", files.files["src/lib.rs"]);
    insta::assert_snapshot!("seed_cargo_toml", files.files["Cargo.toml"]);
    assert!(files.files.values().all(|f| f
        .starts_with(codegen::HEADER.replace("// ", "# ").as_str())
        || f.starts_with(codegen::HEADER)));
}

#[test]
fn generation_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [a.path(), b.path()] {
        let report = Config::new()
            .input(root().join("docs"))
            .out_dir(dir)
            .generate()
            .expect("generates");
        assert_eq!(report.apis, 1);
    }
    for rel in ["Cargo.toml", "src/lib.rs", "src/cc.rs"] {
        let x = std::fs::read(a.path().join(rel)).unwrap();
        let y = std::fs::read(b.path().join(rel)).unwrap();
        assert_eq!(x, y, "{rel} differs between runs");
    }
    // A second run into the same folder changes nothing.
    let again = Config::new()
        .input(root().join("docs"))
        .out_dir(a.path())
        .generate()
        .unwrap();
    assert!(again.written.is_empty(), "rewrote {:?}", again.written);
}
