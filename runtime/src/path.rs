//! Filling `{field}` placeholders in endpoint paths.

use serde_json::{Map, Value};

/// Why a path template could not be filled.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathError {
    /// No (non-null) request field with this name.
    Missing(String),
    /// The field is an object or array, which has no path spelling.
    NotScalar(String),
}

/// Replaces each `{name}` in `template` with the percent-encoded value of the
/// request field `name`, removing that field so it is not sent twice.
/// A `{` without a closing `}` is kept literally.
pub(crate) fn fill(template: &str, fields: &mut Map<String, Value>) -> Result<String, PathError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let text = match fields.get(name) {
            None | Some(Value::Null) => return Err(PathError::Missing(name.to_owned())),
            Some(Value::String(s)) => s.clone(),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
            Some(Value::Array(_) | Value::Object(_)) => {
                return Err(PathError::NotScalar(name.to_owned()))
            }
        };
        fields.remove(name);
        out.push_str(&encode_segment(&text));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Percent-encodes everything except RFC 3986 unreserved characters, so a
/// value can never add path segments (`/`) or a query (`?`).
pub(crate) fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn fills_and_removes() {
        let mut f = obj(json!({"bk_supplier_account": "0/a b", "bk_biz_id": 3, "keep": true}));
        let p = fill("/api/v3/{bk_supplier_account}/biz/{bk_biz_id}/x", &mut f).unwrap();
        assert_eq!(p, "/api/v3/0%2Fa%20b/biz/3/x");
        assert_eq!(f, obj(json!({"keep": true})));
    }

    #[test]
    fn no_placeholders_and_unclosed_brace() {
        let mut f = Map::new();
        assert_eq!(fill("/a/b/", &mut f).unwrap(), "/a/b/");
        assert_eq!(fill("/a/{b", &mut f).unwrap(), "/a/{b");
    }

    #[test]
    fn missing_or_bad_fields() {
        let mut f = obj(json!({"n": null, "o": {}}));
        assert_eq!(fill("/{x}", &mut f), Err(PathError::Missing("x".into())));
        assert_eq!(fill("/{n}", &mut f), Err(PathError::Missing("n".into())));
        assert_eq!(fill("/{o}", &mut f), Err(PathError::NotScalar("o".into())));
    }
}
