//! The answer of an API: the `data` of the doc's response example, or, for a doc without
//! one, a value built from the response type: each field's default where its description
//! states one (`default is 20`, `默认为false`), else a zero value (`0`, `""`, `false`, empty
//! lists and maps, objects with every field).

use crate::spec::{Api, Ty};
use serde_json::{Map, Value};

/// Where an answer came from, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The doc's response example.
    Example,
    /// Built from the response type: the doc has no response example.
    Synthesised,
    /// Set by the test ([`crate::MockServer::respond`]).
    Override,
}

impl Source {
    /// A word for the log.
    pub fn word(self) -> &'static str {
        match self {
            Source::Example => "example",
            Source::Synthesised => "synthesised",
            Source::Override => "override",
        }
    }
}

/// The `data` to answer `api` with, and where it came from. An example in the envelope
/// (`result`, `code`, `data`) wins over one without: a doc may show a fragment of `data`
/// (one event, one row) apart from its full answer.
pub fn answer(api: &Api) -> (Value, Source) {
    let responses = || api.examples.iter().filter(|e| e.side == "response");
    let example = responses().find_map(|e| enveloped(&e.value)).or_else(|| {
        // A bare object, not an envelope without `data` (that one says nothing of it).
        responses()
            .map(|e| &e.value)
            .find(|v| v.is_object() && !is_envelope(v))
    });
    match example {
        Some(data) => (data.clone(), Source::Example),
        None => (value_of(api, &api.response, 0), Source::Synthesised),
    }
}

/// A response example's `data`, if the example shows the envelope with it.
fn enveloped(value: &Value) -> Option<&Value> {
    value.get("data").filter(|_| is_envelope(value))
}

fn is_envelope(value: &Value) -> bool {
    let keys = ["result", "code", "data"];
    value
        .as_object()
        .is_some_and(|map| keys.iter().any(|k| map.contains_key(*k)))
}

/// Objects nested deeper than this (a recursive type) are left out.
const MAX_DEPTH: usize = 8;

fn value_of(api: &Api, ty: &Ty, depth: usize) -> Value {
    match ty {
        Ty::Any => Value::Null,
        Ty::Bool => Value::Bool(false),
        Ty::Integer => Value::from(0),
        Ty::Number => Value::from(0.0),
        Ty::String => Value::String(String::new()),
        Ty::Array(_) => Value::Array(Vec::new()),
        Ty::Map(_) => Value::Object(Map::new()),
        Ty::Object(_) if depth >= MAX_DEPTH => Value::Null,
        Ty::Object(id) => {
            let Some(obj) = api.types.get(*id) else {
                return Value::Null;
            };
            if let Some(first) = obj.variants.first() {
                return value_of(api, first, depth + 1);
            }
            let fields = obj
                .fields
                .iter()
                .map(|f| {
                    let value = documented_default(&f.ty, &f.description)
                        .unwrap_or_else(|| value_of(api, &f.ty, depth + 1));
                    (f.wire_name.clone(), value)
                })
                .collect();
            Value::Object(fields)
        }
    }
}

/// The default a field's description states (`default is 20`, `default value is 'x'`,
/// `默认为false`), as a value of the field's scalar type.
fn documented_default(ty: &Ty, description: &str) -> Option<Value> {
    // The earliest mention wins; at one place, the longest pattern.
    let start = [
        "default value is",
        "default is",
        "default:",
        "by default",
        "default",
        "默认值为",
        "默认为",
        "默认值",
        "默认",
    ]
    .iter()
    .filter_map(|p| find_ignoring_case(description, p).map(|i| (i, p.len())))
    .min_by_key(|&(i, len)| (i, std::cmp::Reverse(len)))
    .map(|(i, len)| i + len)?;
    // The text as written: a string default keeps its case.
    let rest = description[start..].trim_start_matches([' ', ':', '：', '为', '是']);
    let quoted = rest.starts_with(['\'', '"', '`']);
    let rest = rest.trim_start_matches(['\'', '"', '`']);
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    let after = rest[word.len()..].trim_start();
    // A bare word is the value only where the clause ends: not "by default the name".
    let alone = quoted || after.chars().next().is_none_or(|c| !c.is_alphanumeric());
    let word = word.trim_end_matches('.');
    match ty {
        Ty::Integer => word.parse::<i64>().ok().map(Value::from),
        Ty::Number => word.parse::<f64>().ok().map(Value::from),
        Ty::Bool if word.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
        Ty::Bool if word.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
        // `默认为空`, `empty by default`: the empty string, not the word.
        Ty::String if alone && is_empty_word(word) => Some(Value::String(String::new())),
        Ty::String if alone && !word.is_empty() => Some(Value::String(word.to_string())),
        _ => None,
    }
}

/// Words that say a value is empty.
fn is_empty_word(word: &str) -> bool {
    ["空", "无", "空字符串", "empty", "none", "null", "blank"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

/// Where `pattern` (ASCII letters match either case) first starts in `text`. Found in the
/// text itself, not in a lower-cased copy, whose byte offsets can differ (`İ`).
fn find_ignoring_case(text: &str, pattern: &str) -> Option<usize> {
    text.char_indices().map(|(i, _)| i).find(|&i| {
        text.get(i..i + pattern.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(pattern))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Spec;
    use serde_json::json;

    #[test]
    fn defaults_the_docs_state() {
        let d = |ty: Ty, text: &str| documented_default(&ty, text);
        assert_eq!(d(Ty::Integer, "page size, default is 20"), Some(json!(20)));
        assert_eq!(
            d(Ty::Bool, "whether to wait, 默认为false"),
            Some(json!(false))
        );
        assert_eq!(
            d(Ty::String, "scope, default value is 'cmdb_biz'."),
            Some(json!("cmdb_biz"))
        );
        assert_eq!(d(Ty::Integer, "default:5"), Some(json!(5)));
        assert_eq!(d(Ty::Integer, "the count"), None);
        assert_eq!(d(Ty::Integer, "default is all"), None);
        // Text whose lower case is longer than itself, before and after the default.
        assert_eq!(d(Ty::Integer, "İİİİ DEFAULT 7"), Some(json!(7)));
        assert_eq!(d(Ty::String, "Default: İstanbul"), Some(json!("İstanbul")));
        assert_eq!(d(Ty::Bool, "Default is TRUE"), Some(json!(true)));
        // The earliest mention, whatever the pattern.
        assert_eq!(d(Ty::Integer, "页大小，默认 default 为 20"), None);
        assert_eq!(
            d(Ty::Integer, "页大小，默认20, default: 5"),
            Some(json!(20))
        );
        // Empty, said in words.
        assert_eq!(d(Ty::String, "默认值为空"), Some(json!("")));
        assert_eq!(d(Ty::String, "by default empty"), Some(json!("")));
        assert_eq!(d(Ty::String, "by default the name"), None);
        assert_eq!(
            d(Ty::String, "模式，默认为 host，可选 all"),
            Some(json!("host"))
        );
    }

    #[test]
    fn examples_first_then_zero_values() {
        let spec = Spec::from_value(json!({"apis": [{
            "system": "s", "name": "x", "request": 0,
            "route": {"method": "POST", "path": "/x/", "auth": "esb"},
            "response": {"kind": "object", "of": 1},
            "types": [
                {"open": false, "fields": []},
                {"open": true, "fields": [
                    {"wire_name": "count", "ty": {"kind": "integer"}, "required": false},
                    {"wire_name": "info", "ty": {"kind": "array", "of": {"kind": "object", "of": 1}}, "required": false},
                    {"wire_name": "name", "ty": {"kind": "string"}, "required": false}
                ]}
            ],
            "examples": []
        }]}))
        .unwrap();
        let mut api = spec.apis[0].clone();
        assert_eq!(
            answer(&api),
            (
                json!({"count": 0, "info": [], "name": ""}),
                Source::Synthesised
            )
        );
        api.examples = Spec::from_value(json!({"apis": [{
            "system": "s", "name": "x", "request": 0,
            "route": {"method": "POST", "path": "/x/", "auth": "esb"},
            "response": {"kind": "any"}, "types": [],
            "examples": [{"side": "response", "value": {"result": true, "data": {"count": 3}}}]
        }]}))
        .unwrap()
        .apis[0]
            .examples
            .clone();
        assert_eq!(answer(&api), (json!({"count": 3}), Source::Example));
        // A fragment of `data` shown before the full answer is not the answer.
        let fragment = api.examples[0].clone();
        api.examples.insert(0, fragment);
        api.examples[0].value = json!({"event_type": "create", "bk_cursor": "x"});
        assert_eq!(answer(&api), (json!({"count": 3}), Source::Example));
        api.examples.remove(1);
        assert_eq!(
            answer(&api),
            (
                json!({"event_type": "create", "bk_cursor": "x"}),
                Source::Example
            )
        );
        // An envelope without `data` says nothing of it: the answer is built.
        api.examples[0].value = json!({"result": true, "code": 0, "message": "success"});
        assert_eq!(answer(&api).1, Source::Synthesised);
    }
}
