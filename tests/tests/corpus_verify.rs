//! Conformance over the real BlueKing corpus: every routed doc generates, the package builds
//! with warnings denied, and the examples round-trip through the generated types.
//! Skips with a message when the corpus is absent.

use bkapi_tests::{corpus, root};
use codegen::ir::Side;

#[test]
fn corpus_examples_round_trip() {
    let Some(corpus) = corpus() else { return };
    let mut config = codegen::Config::new();
    config.input(&corpus);
    let outcome = config
        .verify(&root().join("target/bkapi-verify"))
        .expect("the corpus package builds");
    println!("{}", outcome.render());
    // Round-trips prove little about shapes: the audit must doubt none (no struct field named
    // after data or a path, no documented field only the examples' deeper objects have).
    assert!(outcome.findings.is_empty(), "{}", outcome.render());

    assert!(
        outcome.systems.keys().any(|s| s == "cc"),
        "the ESB cc docs are generated"
    );
    for system in ["cc", "cmdb", "jobv3", "sops"] {
        assert!(
            outcome
                .systems
                .get(system)
                .is_some_and(|r| r.generated > 30),
            "{system} has its APIs"
        );
    }
    for side in [Side::Request, Side::Response] {
        let all: Vec<_> = outcome.cases.iter().filter(|c| c.side == side).collect();
        let failed = all.iter().filter(|c| c.failure.is_some()).count();
        assert!(
            all.len() > 400,
            "{side:?}: only {} examples read",
            all.len()
        );
        // The bar: at least 99% of the examples the lenient reader can parse round-trip.
        assert!(
            failed * 100 <= all.len(),
            "{side:?}: {failed} of {} examples fail",
            all.len()
        );
    }
}
