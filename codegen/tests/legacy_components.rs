//! The legacy PaaS ESB layout: routes from `Component` classes in `<system>/<api>.py`, docs in
//! `<system>/apidocs/<lang>/<api>.md` (the project's own fixture in `tests/fixtures/legacy`).

mod common;

use codegen::ir::Method;
use codegen::Config;
use common::root;

fn fixture() -> std::path::PathBuf {
    root().join("tests/fixtures/legacy")
}

#[test]
fn component_classes_route_their_docs() {
    for input in [fixture(), fixture().join("cmsi/apidocs/en")] {
        let mut config = Config::new();
        config.input(&input);
        let loaded = config.load_all().unwrap();
        let routes: Vec<(&str, &str, Method, &str)> = loaded
            .ir
            .apis
            .iter()
            .map(|a| {
                (
                    a.system.as_str(),
                    a.name.as_str(),
                    a.route.method,
                    a.route.path.as_str(),
                )
            })
            .collect();
        assert_eq!(
            routes,
            [
                (
                    "cmsi",
                    "get_msg_type",
                    Method::Get,
                    "/api/c/compapi/v2/cmsi/get_msg_type/"
                ),
                (
                    "cmsi",
                    "send_mail",
                    Method::Post,
                    "/api/c/compapi/v2/cmsi/send_mail/"
                ),
            ],
            "from {}",
            input.display()
        );
        assert!(
            loaded.diagnostics.items().is_empty(),
            "{:#?}",
            loaded.diagnostics.items()
        );
        // The modules are watched like confs when they lie outside the input.
        if input != fixture() {
            assert!(loaded
                .watched
                .iter()
                .any(|p| p.ends_with("cmsi/send_mail.py")));
        }
    }
}

#[test]
fn legacy_ir_and_code_snapshots() {
    let mut config = Config::new();
    config.input(fixture());
    let loaded = config.load_all().unwrap();
    let mut ir = loaded.ir;
    for api in &mut ir.apis {
        api.source = api.source.strip_prefix(root()).unwrap().to_path_buf();
    }
    insta::assert_json_snapshot!("legacy_ir", ir);
    let files = config.render(&ir).unwrap();
    insta::assert_snapshot!("legacy_cmsi_rs", files.files["src/cmsi.rs"]);
}
