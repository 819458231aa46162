//! Tests of the reader through [`read`]: strict JSON, errors and how they print. The
//! repairs, the positions and the robustness against hostile input have files of their own.

use super::*;
use serde_json::json;

mod positions;
mod repairs;
mod robustness;

fn ok(text: &str) -> Read {
    match read(text) {
        Ok(r) => r,
        Err(e) => panic!("expected {text:?} to read, got error {e}"),
    }
}

/// The single value read from `text`.
fn one(text: &str) -> Value {
    let r = ok(text);
    assert_eq!(
        r.values.len(),
        1,
        "expected one value from {text:?}, got {:?}",
        r.values
    );
    r.values
        .into_iter()
        .next()
        .map(|v| v.value)
        .unwrap_or(Value::Null)
}

fn kinds(text: &str) -> Vec<RepairKind> {
    ok(text).repairs.iter().map(|r| r.kind).collect()
}

fn err(text: &str) -> ReadError {
    match read(text) {
        Ok(r) => panic!("expected {text:?} to fail, got {:?}", r.values),
        Err(e) => e,
    }
}

// ---- strict JSON -------------------------------------------------------

#[test]
fn strict_json_matches_serde_json() {
    let inputs = [
        r#"{"result": true, "code": 0, "message": "", "permission": null, "data": {}}"#,
        r#"[1, -2, 3.5, -0.25, 1e10, 2E-3, 6.02e+23, 0, -0, 123456789012]"#,
        r#"{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00"}"#,
        r#"{"nested": {"list": [[], {}, [{"a": [null]}]], "x": false}}"#,
        r#"{"big": 18446744073709551615, "bigger": 18446744073709551616, "min": -9223372036854775808}"#,
        r#"{"z": 1, "a": 2, "m": 3, "a": 4}"#,
        "\"just a string\"",
        "42",
        "  \n\t{ \"ws\" : [ 1 , 2 ] }\n\n",
        r#"{"unicode": "中文 “quoted” ‘x’ it’s # not // a comment"}"#,
        r#"[1.7976931348623157e308, 5e-324, 0.1, 1.0000000000000002]"#,
    ];
    for input in inputs {
        let expected: Value = serde_json::from_str(input).expect("test input is strict JSON");
        let r = ok(input);
        assert_eq!(r.values.len(), 1, "{input}");
        assert_eq!(r.values[0].value, expected, "{input}");
        assert_eq!(r.repairs, vec![], "strict JSON needs no repair: {input}");
        // Same serialisation, which also checks key order and number representation.
        assert_eq!(
            r.values[0].value.to_string(),
            expected.to_string(),
            "{input}"
        );
    }
}

#[test]
fn key_order_is_preserved() {
    let v = one(r#"{"zeta": 1, "alpha": 2, "mid": {"b": 1, "a": 2}}"#);
    let keys: Vec<&String> = v
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
    assert_eq!(v.to_string(), r#"{"zeta":1,"alpha":2,"mid":{"b":1,"a":2}}"#);
}

#[test]
fn big_numbers() {
    let v = one("[18446744073709551615, 18446744073709551616, -9223372036854775809, 99999999999999999999999]");
    assert_eq!(v[0].as_u64(), Some(u64::MAX));
    assert!(v[1].is_f64());
    assert_eq!(v[1].as_f64(), Some(18446744073709551616.0));
    assert!(v[2].is_f64());
    assert!(v[3].is_f64());
    let e = err("[1e400]");
    assert!(e.message.contains("out of range"), "{e}");
}

// ---- errors ------------------------------------------------------------

#[test]
fn no_value_is_an_error() {
    for text in [
        "",
        "   \n\t ",
        "// only a comment\n# and another\n/* and a block */",
    ] {
        let e = err(text);
        assert!(e.message.starts_with("no JSON value"), "{text:?}: {e}");
    }
    let e = err("bk_app_code=x&bk_biz_id=1");
    assert_eq!((e.line, e.column), (1, 1));
    assert!(e.message.starts_with("no JSON value"), "{e}");
    let e = err("This API takes no parameters.\nSee the docs.");
    assert!(e.message.starts_with("no JSON value"), "{e}");
}

#[test]
fn garbage_errors_have_positions() {
    let e = err("{\n  \"a\": 1,\n  \"b\": @\n}");
    assert_eq!((e.line, e.column), (3, 8));
    let e = err("{\n  \"a\": \"never closed\n}\n");
    assert_eq!((e.line, e.column), (2, 8));
    assert!(e.message.contains("unterminated string"), "{e}");
    let e = err("{\n  \"a\": [1, 2\n");
    assert!(
        e.message
            .contains("unterminated array (opened at line 2, column 8)"),
        "{e}"
    );
    let e = err("{\"a\": 1");
    assert!(e.message.contains("unterminated object"), "{e}");
    let e = err("{\"a\": 1}\n}");
    assert_eq!((e.line, e.column), (2, 1));
    let e = err("{\"a\" 1}");
    assert!(e.message.contains("expected ':'"), "{e}");
    let e = err("{[1]: 2}");
    assert!(e.message.contains("expected a key"), "{e}");
    let e = err("[1, /]");
    assert_eq!((e.line, e.column), (1, 5));
    assert_eq!(e.to_string(), format!("line 1, column 5: {}", e.message));
}

#[test]
fn fragments_are_errors_not_guesses() {
    let e = err("\"data\": {\n  \"a\": 1\n}");
    assert_eq!((e.line, e.column), (1, 1));
    assert!(e.message.contains("outside of any braces"), "{e}");
    let e = err("\"a\": 1,\n\"b\": 2");
    assert!(e.message.contains("outside of any braces"), "{e}");
    let e = err("Example {\n}");
    assert!(e.message.contains("opening bracket"), "{e}");
}

#[test]
fn depth_limit() {
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(read(&nested(MAX_DEPTH)).is_ok());
    let e = err(&nested(MAX_DEPTH + 1));
    assert!(e.message.contains("nesting deeper"), "{e}");
    assert!(e.too_deep);
    assert!(!err("[1 2]").too_deep);
    assert_eq!(e.column, MAX_DEPTH + 1);
    let e = err(&nested(10_000));
    assert!(e.message.contains("nesting deeper"), "{e}");
    let objects = format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    assert!(err(&objects).message.contains("nesting deeper"));
    // Unclosed deep nesting too.
    assert!(err(&"[{\"a\":".repeat(10_000))
        .message
        .contains("nesting deeper"));
}

#[test]
fn read_error_and_repair_display() {
    let e = ReadError {
        line: 2,
        column: 3,
        message: "boom".into(),
        too_deep: false,
    };
    assert_eq!(e.to_string(), "line 2, column 3: boom");
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert_eq!(boxed.to_string(), "line 2, column 3: boom");
    let r = Repair {
        line: 1,
        column: 4,
        kind: RepairKind::TrailingComma,
    };
    assert_eq!(r.to_string(), "line 1, column 4: superfluous comma removed");
    let json = serde_json::to_value(r).unwrap_or(Value::Null);
    assert_eq!(
        json,
        json!({"line": 1, "column": 4, "kind": "TrailingComma"})
    );
}

#[test]
fn curl_data_flags_hold_the_json() {
    for flag in ["-d", "--data", "--data-raw", "--data-binary"] {
        for quote in ['\'', '"'] {
            let text = format!(
                "curl -X POST 'https://paas.example.com/api/x/' \\\n  -H 'Content-Type: application/json' \\\n  {flag} {quote}{{\n    \"bk_biz_id\": 1\n  }}{quote}\n"
            );
            assert_eq!(one(&text), json!({"bk_biz_id": 1}), "{flag} {quote}");
        }
    }
    // The JSON of a header is no example.
    let text = "curl -X POST 'https://h/x/' \\\n  -H 'X-Bkapi-Authorization: {\"bk_app_code\": \"a\"}' \\\n  -d '{\"name\": \"n\"}'\n";
    assert_eq!(one(text), json!({"name": "n"}));
    // A quote after something that is no flag is still prose that lost the JSON's start.
    let _ = err("the body is '{\n  \"a\": 1\n}'");
}
