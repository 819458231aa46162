//! Encoding a request object as a query string for `GET` APIs.

use serde_json::{Map, Value};

/// Encodes `fields` as `application/x-www-form-urlencoded`:
///
/// * strings, numbers and booleans as their plain text;
/// * arrays of scalars as repeated keys (`k=a&k=b`), the form BlueKing's
///   Django/Go handlers read as lists;
/// * objects, and arrays holding objects or arrays, as compact JSON text,
///   since a query string has no nesting of its own;
/// * `null` (as a value or an array element) omitted, meaning "not given".
pub(crate) fn encode(fields: &Map<String, Value>) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (key, value) in fields {
        match value {
            Value::Null => {}
            Value::Array(items) if items.iter().all(is_scalar) => {
                for item in items {
                    if let Some(text) = scalar_text(item) {
                        out.append_pair(key, &text);
                    }
                }
            }
            Value::Array(_) | Value::Object(_) => {
                out.append_pair(key, &value.to_string());
            }
            scalar => {
                if let Some(text) = scalar_text(scalar) {
                    out.append_pair(key, &text);
                }
            }
        }
    }
    out.finish()
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// Plain text of a scalar; `None` for null.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::encode;
    use serde_json::json;

    fn enc(v: serde_json::Value) -> String {
        encode(v.as_object().unwrap())
    }

    #[test]
    fn scalars_plain() {
        assert_eq!(
            enc(json!({"s": "a b&c=d", "i": 3, "f": 1.5, "t": true, "n": null, "e": ""})),
            "s=a+b%26c%3Dd&i=3&f=1.5&t=true&e="
        );
    }

    #[test]
    fn scalar_arrays_repeat_keys() {
        assert_eq!(
            enc(json!({"k": ["a", 1, false, null], "empty": []})),
            "k=a&k=1&k=false"
        );
    }

    #[test]
    fn nested_values_as_json() {
        assert_eq!(
            enc(json!({"o": {"a": [1, 2]}, "nested": [[1], 2], "objs": [{"x": null}]})),
            "o=%7B%22a%22%3A%5B1%2C2%5D%7D&nested=%5B%5B1%5D%2C2%5D&objs=%5B%7B%22x%22%3Anull%7D%5D"
        );
    }

    #[test]
    fn keys_are_encoded_and_order_kept() {
        assert_eq!(enc(json!({"z": 1, "a b": 2})), "z=1&a+b=2");
    }
}
