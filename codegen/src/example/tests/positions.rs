//! Where the members and elements of a value read are in the text.

use super::*;
use serde_json::json;

/// The one value read from `text` and where its parts are.
fn placed(text: &str) -> ReadValue {
    let mut r = ok(text);
    assert_eq!(r.values.len(), 1, "{text:?}");
    r.values.remove(0)
}

/// `(line, column, text)` of the key of the member at `path`, or of the value when it is
/// an element; segments that are numbers are indices.
fn key_at(text: &str, v: &ReadValue, path: &[&str]) -> (usize, usize, String) {
    let place = place_at(v, path);
    let span = place.key.unwrap_or(place.value);
    (span.line(), span.column(), span.text(text).to_owned())
}

fn place_at(v: &ReadValue, path: &[&str]) -> Place {
    let mut at = PathKey::ROOT;
    for seg in path {
        at = match seg.parse::<usize>() {
            Ok(i) => at.index(i),
            Err(_) => at.key(seg),
        };
    }
    match v.positions.get(at) {
        Some(place) => *place,
        None => panic!("no place for {path:?} in {:?}", v.positions),
    }
}

/// 1-based line and column (in characters) of the first `needle` in `text`.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in {text:?}"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn expect_key(text: &str, v: &ReadValue, path: &[&str], token: &str) {
    let (line, column) = find(text, token);
    assert_eq!(
        key_at(text, v, path),
        (line, column, token.to_owned()),
        "{path:?} in {text:?}"
    );
}

#[test]
fn positions_of_nested_members() {
    let text =
        "{\n  \"data\": {\n    \"info\": {\"id\": 1, \"name\": \"x\"},\n    \"count\": 2\n  }\n}";
    let v = placed(text);
    expect_key(text, &v, &["data"], "\"data\"");
    expect_key(text, &v, &["data", "info"], "\"info\"");
    expect_key(text, &v, &["data", "info", "id"], "\"id\"");
    expect_key(text, &v, &["data", "info", "name"], "\"name\"");
    expect_key(text, &v, &["data", "count"], "\"count\"");
    // Values: scalars whole, objects and arrays by their opening bracket.
    let info = place_at(&v, &["data", "info"]).value;
    assert_eq!((info.line(), info.column(), info.text(text)), (3, 13, "{"));
    let name = place_at(&v, &["data", "info", "name"]).value;
    assert_eq!(name.text(text), "\"x\"");
    let root = place_at(&v, &[]);
    assert_eq!(
        (root.key, root.value.line(), root.value.column()),
        (None, 1, 1)
    );
    assert!(v.positions.get(PathKey::ROOT.key("info")).is_none());
    assert_eq!(v.positions.len(), 6);
}

#[test]
fn positions_of_array_elements() {
    let text = "{\"list\": [\n  1,\n  ...,\n  {\"x\": -2.5e1},\n  [true, \"s\"]\n]}";
    let v = placed(text);
    assert_eq!(v.value["list"][1]["x"], json!(-25.0));
    // The ellipsis is dropped and takes no index.
    assert_eq!(key_at(text, &v, &["list", "0"]), (2, 3, "1".into()));
    assert_eq!(key_at(text, &v, &["list", "1"]), (4, 3, "{".into()));
    expect_key(text, &v, &["list", "1", "x"], "\"x\"");
    let x = place_at(&v, &["list", "1", "x"]).value;
    assert_eq!(x.text(text), "-2.5e1");
    assert_eq!(
        key_at(text, &v, &["list", "2", "1"]),
        (5, 10, "\"s\"".into())
    );
    assert!(v
        .positions
        .get(PathKey::ROOT.key("list").index(3))
        .is_none());
    // Keys and indices are different steps.
    assert_ne!(PathKey::ROOT.key("0"), PathKey::ROOT.index(0));
    assert_ne!(
        PathKey::ROOT.key("a").key("b"),
        PathKey::ROOT.key("b").key("a")
    );
    assert_ne!(PathKey::ROOT.key("ab"), PathKey::ROOT.key("a").key("b"));
}

#[test]
fn positions_are_of_the_text_as_written() {
    let text = "Response:\n{ // note\n  'a': True, /* x */ b: None,,\n  “c”: [1, 2,],\n  # gone\n  d-e: 'it\\'s', \"f\": +1\n  \"g\": 0x1F\n}";
    let r = ok(text);
    assert!(!r.repairs.is_empty());
    let v = &r.values[0];
    assert_eq!(v.line, 2);
    expect_key(text, v, &["a"], "'a'");
    expect_key(text, v, &["b"], "b");
    expect_key(text, v, &["c"], "“c”");
    expect_key(text, v, &["d-e"], "d-e");
    expect_key(text, v, &["f"], "\"f\"");
    expect_key(text, v, &["g"], "\"g\"");
    let span = |path: &[&str]| place_at(v, path).value.text(text);
    assert_eq!(
        [
            span(&["a"]),
            span(&["b"]),
            span(&["c", "1"]),
            span(&["d-e"]),
            span(&["f"]),
            span(&["g"])
        ],
        ["True", "None", "2", "'it\\'s'", "+1", "0x1F"]
    );
}

#[test]
fn positions_with_crlf_escapes_and_non_ascii() {
    let text = "{\r\n  \"名称\": \"中文\", \"a\\\"b\": 1, \"\\u540d\": [\"x\"],\r\n\t\"emoji😀\": 1, \"z\": 2\r\n}\r\n";
    let v = placed(text);
    assert_eq!(v.value["a\"b"], json!(1));
    assert_eq!(v.value["名"], json!(["x"]));
    expect_key(text, &v, &["名称"], "\"名称\"");
    // Columns count characters, as the renderer does: `"a\"b"` is at column 15 (bytes
    // would make it 23).
    expect_key(text, &v, &["a\"b"], "\"a\\\"b\"");
    assert_eq!(key_at(text, &v, &["a\"b"]).1, 15);
    expect_key(text, &v, &["名"], "\"\\u540d\"");
    expect_key(text, &v, &["名", "0"], "\"x\"");
    // A tab is one character; the line before ended in CRLF.
    expect_key(text, &v, &["emoji😀"], "\"emoji😀\"");
    assert_eq!(key_at(text, &v, &["emoji😀"]).1, 2);
    expect_key(text, &v, &["z"], "\"z\"");
    assert_eq!(key_at(text, &v, &["z"]).1, 15);
}

#[test]
fn positions_of_repeated_keys_and_several_values() {
    let text = "{\"a\": {\"x\": 1}, \"a\": {\"y\": 2}}\n[{\"a\": 3}]\n\"scalar\"\n";
    let r = ok(text);
    assert_eq!(r.values.len(), 3);
    // The kept value is the last one: it is where the key points.
    assert_eq!(r.values[0].value, json!({"a": {"y": 2}}));
    assert_eq!(key_at(text, &r.values[0], &["a"]), (1, 17, "\"a\"".into()));
    assert_eq!(
        key_at(text, &r.values[0], &["a", "y"]),
        (1, 23, "\"y\"".into())
    );
    // Each value has its own table, from its own root.
    assert_eq!(
        key_at(text, &r.values[1], &["0", "a"]),
        (2, 3, "\"a\"".into())
    );
    assert!(r.values[1].positions.get(PathKey::ROOT.key("a")).is_none());
    let s = place_at(&r.values[2], &[]).value;
    assert_eq!((s.line(), s.column(), s.text(text)), (3, 1, "\"scalar\""));
    assert_eq!(r.values[2].positions.len(), 1);
}
