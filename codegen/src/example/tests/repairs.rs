//! Each repair: what it accepts, what it reads it as, and where it reports it.

use super::*;
use serde_json::json;

/// Repairs of `kind`, one at each `(line, column)` (1-based, in characters).
fn repairs_of(kind: RepairKind, at: &[(usize, usize)]) -> Vec<Repair> {
    at.iter()
        .map(|&(line, column)| Repair { line, column, kind })
        .collect()
}

#[test]
fn trailing_commas() {
    let r = ok("{\n  \"a\": [1, 2,],\n  \"b\": 1,\n}");
    assert_eq!(r.values[0].value, json!({"a": [1, 2], "b": 1}));
    assert_eq!(
        r.repairs,
        repairs_of(RepairKind::TrailingComma, &[(2, 13), (3, 9)])
    );
    assert_eq!(one("[1,,2]"), json!([1, 2]));
    assert_eq!(kinds("[1,,2]"), [RepairKind::TrailingComma]);
    assert_eq!(one("[,]"), json!([]));
    assert_eq!(one("{,}"), json!({}));
    assert_eq!(kinds("{,}"), [RepairKind::TrailingComma]);
}

#[test]
fn missing_commas_across_lines() {
    let r = ok("{\n  \"a\": 1\n  \"b\": [\n    1\n    2\n  ]\n  \"c\": {}\n}");
    assert_eq!(r.values[0].value, json!({"a": 1, "b": [1, 2], "c": {}}));
    assert_eq!(
        r.repairs,
        repairs_of(RepairKind::MissingComma, &[(3, 3), (5, 5), (7, 3)])
    );
    // A comment line in between still counts as a line break.
    assert_eq!(one("[1 // one\n 2]"), json!([1, 2]));
}

#[test]
fn missing_comma_on_same_line_is_an_error() {
    let e = err(r#"{"a": 1 "b": 2}"#);
    assert_eq!((e.line, e.column), (1, 9));
    assert!(e.message.contains("expected ','"), "{e}");
    let e = err("[1 2]");
    assert_eq!((e.line, e.column), (1, 4));
}

#[test]
fn comments() {
    let text = "// leading\n{\n  \"a\": 1, # hash\n  /* block\n  comment */ \"b\": \"x // y # z\", // trailing\n  \"c\": /* inline */ 2\n}\n# after";
    let r = ok(text);
    assert_eq!(
        r.values[0].value,
        json!({"a": 1, "b": "x // y # z", "c": 2})
    );
    assert_eq!(r.values[0].line, 2);
    assert!(r.repairs.iter().all(|r| r.kind == RepairKind::Comment));
    assert_eq!(r.repairs.len(), 6);
    assert_eq!(
        r.repairs[..2],
        repairs_of(RepairKind::Comment, &[(1, 1), (3, 11)])
    );
    let e = err("{\"a\": 1 /* never closed }");
    assert_eq!((e.line, e.column), (1, 9));
    assert!(e.message.contains("unterminated /*"), "{e}");
}

#[test]
fn unquoted_keys() {
    let v =
        one(r#"{ bk_biz_id: 1, 1: "a", $regex: "^x", bk_obj_id.name: "n", -2: 0, 中文: true }"#);
    assert_eq!(
        v,
        json!({"bk_biz_id": 1, "1": "a", "$regex": "^x", "bk_obj_id.name": "n", "-2": 0, "中文": true})
    );
    assert_eq!(kinds("{a: 1, \"b\": 2}"), [RepairKind::UnquotedKey]);
    let r = ok("{\n  field: {\"$in\": [1]}\n}");
    assert_eq!(r.repairs, repairs_of(RepairKind::UnquotedKey, &[(2, 3)]));
}

#[test]
fn single_quotes() {
    let v = one(r#"{'a': 'it\'s "quoted"', "b": 'x'}"#);
    assert_eq!(v, json!({"a": "it's \"quoted\"", "b": "x"}));
    assert_eq!(
        kinds(r#"{'a': 'b'}"#),
        [RepairKind::SingleQuotes, RepairKind::SingleQuotes]
    );
}

#[test]
fn curly_quotes() {
    let v = one("{“name”: “it’s”, ‘k’: ‘v’, \"plain\": \"a “b” c\"}");
    assert_eq!(v, json!({"name": "it’s", "k": "v", "plain": "a “b” c"}));
    let k = kinds("{“name”: “x”}");
    assert_eq!(k, [RepairKind::CurlyQuotes, RepairKind::CurlyQuotes]);
    // Mismatched curly pair (“ ... “) still closes.
    assert_eq!(one("[“a“]"), json!(["a"]));
}

#[test]
fn python_literals() {
    let v = one("{'a': True, 'b': False, 'c': None, 'd': undefined, 'e': NULL, 'f': true}");
    assert_eq!(
        v,
        json!({"a": true, "b": false, "c": null, "d": null, "e": null, "f": true})
    );
    let r = ok("[True, false, None]");
    assert_eq!(
        r.repairs,
        repairs_of(RepairKind::PythonLiteral, &[(1, 2), (1, 15)])
    );
    let e = err(r#"{"a": xxx}"#);
    assert_eq!((e.line, e.column), (1, 7));
    assert!(e.message.contains("\"xxx\""), "{e}");
}

#[test]
fn ellipses() {
    assert_eq!(one("[1, 2, ...]"), json!([1, 2]));
    assert_eq!(one("[1, …, 3]"), json!([1, 3]));
    assert_eq!(one("[...]"), json!([]));
    assert_eq!(one("{...}"), json!({}));
    assert_eq!(one("[{\"a\": 1}, ...\n]"), json!([{"a": 1}]));
    assert_eq!(
        one("{\n  \"a\": 1, ...\n  \"b\": 2\n}"),
        json!({"a": 1, "b": 2})
    );
    assert_eq!(one("{\n  \"a\": 1,\n  ...\n}"), json!({"a": 1}));
    assert_eq!(one("{\"a\": ..., \"b\": 2}"), json!({"b": 2}));
    assert_eq!(one("{\"a\": [1, 2……]}"), json!({"a": [1, 2]}));
    assert_eq!(one("[\"a...b\", 1.5]"), json!(["a...b", 1.5]));
    let r = ok("{\n  \"a\": 1,\n  ...\n}");
    assert_eq!(r.repairs, repairs_of(RepairKind::Ellipsis, &[(3, 3)]));
    // `..., ]`: the comma after the ellipsis is superfluous.
    assert_eq!(
        kinds("[1, ..., ]"),
        [RepairKind::Ellipsis, RepairKind::TrailingComma]
    );
    // Top-level ellipsis between examples.
    let r = ok("{\"a\": 1}\n...\n{\"b\": 2}");
    assert_eq!(r.values.len(), 2);
    assert_eq!(
        r.repairs.iter().map(|r| r.kind).collect::<Vec<_>>(),
        [RepairKind::Ellipsis]
    );
}

#[test]
fn control_chars_in_strings() {
    let r = ok("{\"a\": \"line1\nline2\tx\"}");
    assert_eq!(r.values[0].value, json!({"a": "line1\nline2\tx"}));
    // Reported once per string.
    assert_eq!(
        r.repairs,
        repairs_of(RepairKind::ControlCharInString, &[(1, 13)])
    );
}

#[test]
fn bad_escapes_are_kept() {
    let v = one(
        r#"{"re": "^\d+\.\w$", "q": "it\'s", "u": "\uZZZZ", "lone": "\ud800x", "low": "\udc00"}"#,
    );
    assert_eq!(v["re"], json!("^\\d+\\.\\w$"));
    assert_eq!(v["q"], json!("it's"));
    assert_eq!(v["u"], json!("\\uZZZZ"));
    assert_eq!(v["lone"], json!("\u{fffd}x"));
    assert_eq!(v["low"], json!("\u{fffd}"));
    let r = ok(r#"["a\d"]"#);
    assert_eq!(r.repairs, repairs_of(RepairKind::BadEscape, &[(1, 4)]));
    // `\'` in a single-quoted string is a proper escape.
    assert_eq!(kinds(r"['it\'s']"), [RepairKind::SingleQuotes]);
}

#[test]
fn number_formats() {
    assert_eq!(
        one("[+1, 007, -007, .5, -.5, 5., 0x1F, -0x10, 00, 1e05]"),
        json!([1, 7, -7, 0.5, -0.5, 5.0, 31, -16, 0, 100000.0])
    );
    let r = ok("[+1, 2, 007]");
    assert_eq!(
        r.repairs,
        repairs_of(RepairKind::NumberFormat, &[(1, 2), (1, 9)])
    );
    for bad in [
        "[10.0.0.1]",
        "[12abc]",
        "[1e]",
        "[-]",
        "[0x]",
        "[--1]",
        "[1.2.3]",
        "[0xFFFFFFFFFFFFFFFFFF]",
    ] {
        let e = err(bad);
        assert_eq!(e.line, 1, "{bad}");
        assert_eq!(e.column, 2, "{bad}: {e}");
    }
}

#[test]
fn skipped_text() {
    let text = "Request:\n{\"a\": 1}\nThe response is below.\n\n{\"b\": 2} <- note\n";
    let r = ok(text);
    assert_eq!(r.values.iter().map(|v| v.line).collect::<Vec<_>>(), [2, 5]);
    assert_eq!(r.values[1].value, json!({"b": 2}));
    assert_eq!(
        r.repairs,
        repairs_of(RepairKind::SkippedText, &[(1, 1), (3, 1), (5, 10)])
    );
    // Labels before an opening bracket on the same line.
    let r = ok("Response: {\n  \"a\": 1\n}");
    assert_eq!(r.values[0].value, json!({"a": 1}));
    assert_eq!(r.values[0].line, 1);
    assert_eq!(one("var data = [1, 2];"), json!([1, 2]));
    // Prose lines that start like scalars.
    assert_eq!(
        one("1. first example\ntrue means ok\n\"quoted\" prose\n[1]"),
        json!([1])
    );
    // Commas between top-level values.
    assert_eq!(ok("{\"a\": 1},\n{\"b\": 2}").values.len(), 2);
    // A bracket after a label that does not hold JSON stays prose.
    assert_eq!(one("Note: [optional] field\n{\"a\": 1}"), json!({"a": 1}));
    // HTTP-ish lines.
    assert_eq!(
        one("POST /api/c/compapi/v2/cc/update_module/\n{}"),
        json!({})
    );
}

#[test]
fn multiple_values() {
    let r = ok("{\"case\": 1}\n\n{\"case\": 2}\n[3]{\"four\": 4}\n\"five\"\n6\nnull\n");
    let got: Vec<(usize, Value)> = r.values.into_iter().map(|v| (v.line, v.value)).collect();
    assert_eq!(
        got,
        vec![
            (1, json!({"case": 1})),
            (3, json!({"case": 2})),
            (4, json!([3])),
            (4, json!({"four": 4})),
            (5, json!("five")),
            (6, json!(6)),
            (7, json!(null)),
        ]
    );
    assert_eq!(r.repairs, vec![]);
}

#[test]
fn realistic_messy_example() {
    let text = r#"
Request example:
{
"bk_app_code": "esb_test",
"bk_biz_id": 1,   // business id
"condition": {
    "bk_host_innerip": {'$regex': "^10\.0"},
    'flag': True,
    “name”: “主机”
}
"fields": [
    "bk_host_id",
    "bk_cloud_id",
    ...
],
"page": {start: 0, limit: 10,},
}
"#;
    let r = ok(text);
    assert_eq!(r.values.len(), 1);
    assert_eq!(r.values[0].line, 3);
    assert_eq!(
        r.values[0].value,
        json!({
            "bk_app_code": "esb_test",
            "bk_biz_id": 1,
            "condition": {
                "bk_host_innerip": {"$regex": "^10\\.0"},
                "flag": true,
                "name": "主机"
            },
            "fields": ["bk_host_id", "bk_cloud_id"],
            "page": {"start": 0, "limit": 10}
        })
    );
    let mut kinds: Vec<RepairKind> = r.repairs.iter().map(|r| r.kind).collect();
    kinds.sort_by_key(|k| *k as u8);
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            RepairKind::TrailingComma,
            RepairKind::MissingComma,
            RepairKind::Comment,
            RepairKind::UnquotedKey,
            RepairKind::SingleQuotes,
            RepairKind::CurlyQuotes,
            RepairKind::PythonLiteral,
            RepairKind::Ellipsis,
            RepairKind::BadEscape,
            RepairKind::SkippedText,
        ]
    );
}
