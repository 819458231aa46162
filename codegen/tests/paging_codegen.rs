//! A paged API (the fixture `tests/fixtures/paging/search_things.md`: a `page {start, limit}`
//! request and `data {count, info}`) gets a method that walks every page, async and blocking;
//! the emitted code is snapshotted and builds clippy-clean as a package of its own.

mod common;

use codegen::Config;
use common::root;

fn fixture() -> std::path::PathBuf {
    root().join("tests/fixtures/paging/search_things.md")
}

fn fixture_config() -> Config {
    let mut config = Config::new();
    config.input(fixture()).in_workspace(true);
    config
}

#[test]
fn paged_api_is_detected_from_the_ir() {
    let loaded = fixture_config().load_all().expect("fixture loads");
    let (ir, diags, skipped) = (loaded.ir, loaded.diagnostics, loaded.skipped);
    assert_eq!(skipped, 0);
    assert!(
        diags.items().is_empty(),
        "the fixture is clean: {:?}",
        diags.items()
    );
    let api = &ir.apis[0];
    let paging = codegen::internals::emit::paging::detect(api).expect("search_things is paged");
    assert!(
        matches!(paging.item, codegen::ir::Ty::Object(_)),
        "{:?}",
        paging.item
    );
    // The seed is not paged.
    let mut seed = Config::new();
    seed.input(common::seed_doc());
    let seed_ir = seed.load_all().unwrap().ir;
    assert_eq!(
        codegen::internals::emit::paging::detect(&seed_ir.apis[0]),
        None
    );
}

#[test]
fn paged_api_code_snapshot() {
    let config = fixture_config();
    let ir = config.load_all().unwrap().ir;
    let files = config.render(&ir).expect("renders");
    let code = &files.files["src/cc.rs"];
    assert!(code.contains("pub fn search_things_paged(\n        &self,\n        request: &SearchThingsRequest,\n    ) -> bkapi_runtime::Pages<SearchThingsResponseInfo>"), "{code}");
    assert!(
        code.contains("-> bkapi_runtime::blocking::Pages<SearchThingsResponseInfo>"),
        "{code}"
    );
    insta::assert_snapshot!("paging_search_things_cc_rs", code);
}
