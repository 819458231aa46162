//! The user guide stays true to the code: its worked example shows lines of the code that is
//! actually generated from the seed doc.

use bkapi_tests::root;

/// The first ```` ```rust,ignore ```` block after `marker` in `text`.
fn rust_block_after<'a>(text: &'a str, marker: &str) -> &'a str {
    let start = text.find(marker).expect("marker is in the guide");
    let rest = &text[start..];
    let open =
        rest.find("```rust,ignore\n").expect("a rust block follows") + "```rust,ignore\n".len();
    let len = rest[open..].find("```").expect("the block is closed");
    &rest[open..open + len]
}

#[test]
fn the_worked_example_shows_the_generated_code() {
    let guide = std::fs::read_to_string(root().join("docs/guide/docs-to-types.md")).unwrap();
    let generated = std::fs::read_to_string(root().join("generated/src/cc.rs")).unwrap();
    let lines: Vec<&str> = generated.lines().map(str::trim).collect();
    let excerpt = rust_block_after(&guide, "What is generated");
    assert!(
        excerpt.lines().count() > 40,
        "the excerpt is the generated module"
    );
    for line in excerpt.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(
            lines.contains(&line),
            "docs/guide/docs-to-types.md shows `{line}`, which generated/src/cc.rs does not have: update the guide's worked example"
        );
    }
}
