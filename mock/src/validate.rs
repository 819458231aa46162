//! Checks a request against the API's request type: required fields, types, and fields an
//! object does not accept. The first problem found is reported, naming the field by its path.

use crate::spec::{Api, Ty};
use serde_json::{Map, Value};

/// The code of a request without a required field (CMDB's "parameter must be set").
pub const MISSING: i64 = 1199006;
/// The code of a field of the wrong type.
pub const WRONG_TYPE: i64 = 1199007;
/// The code of a field a closed object does not accept.
pub const UNKNOWN: i64 = 1199008;

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// One of [`MISSING`], [`WRONG_TYPE`], [`UNKNOWN`].
    pub code: i64,
    /// The field's path (`condition.rules[0].field`).
    pub field: String,
    /// The message, naming the field.
    pub message: String,
}

/// Checks `request`, the request's fields without credentials. `query` says they came in a
/// query string, where every value is text: a number or flag written as text is accepted.
pub fn check(api: &Api, request: &Map<String, Value>, query: bool) -> Result<(), Invalid> {
    let v = Validator { api, query };
    v.object(api.request, request, "")
}

struct Validator<'a> {
    api: &'a Api,
    query: bool,
}

impl Validator<'_> {
    fn object(&self, id: usize, map: &Map<String, Value>, at: &str) -> Result<(), Invalid> {
        let Some(obj) = self.api.types.get(id) else {
            return Ok(());
        };
        if !obj.variants.is_empty() {
            let value = Value::Object(map.clone());
            let fits = obj
                .variants
                .iter()
                .any(|ty| self.value(ty, &value, at).is_ok());
            return match fits {
                true => Ok(()),
                false => Err(wrong(at, "none of the forms it may take")),
            };
        }
        for f in &obj.fields {
            let path = join(at, &f.wire_name);
            match map.get(&f.wire_name) {
                None | Some(Value::Null) if f.required => {
                    return Err(Invalid {
                        code: MISSING,
                        message: format!("the required parameter `{path}` is missing"),
                        field: path,
                    })
                }
                None | Some(Value::Null) => {}
                Some(value) => self.value(&f.ty, value, &path)?,
            }
        }
        if !obj.open {
            if let Some(key) = map
                .keys()
                .find(|k| !obj.fields.iter().any(|f| &f.wire_name == *k))
            {
                let path = join(at, key);
                return Err(Invalid {
                    code: UNKNOWN,
                    message: format!("`{path}` is not a parameter of this API"),
                    field: path,
                });
            }
        }
        Ok(())
    }

    fn value(&self, ty: &Ty, value: &Value, at: &str) -> Result<(), Invalid> {
        let text = value.as_str().filter(|_| self.query);
        match (ty, value) {
            (_, Value::Null) | (Ty::Any, _) => Ok(()),
            (Ty::Bool, Value::Bool(_)) => Ok(()),
            (Ty::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
            (Ty::Number, Value::Number(_)) => Ok(()),
            (Ty::String, Value::String(_)) => Ok(()),
            (Ty::Bool, _) if text.is_some_and(|t| t == "true" || t == "false") => Ok(()),
            (Ty::Integer, _) if text.is_some_and(|t| t.parse::<i64>().is_ok()) => Ok(()),
            (Ty::Number, _) if text.is_some_and(|t| t.parse::<f64>().is_ok()) => Ok(()),
            // A list or object in a query string is written as text (`1,2,3` or JSON).
            (Ty::Array(_) | Ty::Map(_) | Ty::Object(_), Value::String(_)) if self.query => Ok(()),
            (Ty::Array(inner), Value::Array(items)) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| self.value(inner, item, &format!("{at}[{i}]"))),
            (Ty::Map(inner), Value::Object(map)) => map
                .iter()
                .try_for_each(|(k, v)| self.value(inner, v, &join(at, k))),
            (Ty::Object(id), Value::Object(map)) => self.object(*id, map, at),
            (ty, _) => Err(wrong(at, word(ty))),
        }
    }
}

fn wrong(at: &str, expected: &str) -> Invalid {
    Invalid {
        code: WRONG_TYPE,
        field: at.to_string(),
        message: format!("`{at}` has the wrong type: it should be {expected}"),
    }
}

fn word(ty: &Ty) -> &'static str {
    match ty {
        Ty::Any => "any value",
        Ty::Bool => "a bool",
        Ty::Integer => "an integer",
        Ty::Number => "a number",
        Ty::String => "a string",
        Ty::Array(_) => "a list",
        Ty::Map(_) | Ty::Object(_) => "an object",
    }
}

fn join(at: &str, key: &str) -> String {
    match at.is_empty() {
        true => key.to_string(),
        false => format!("{at}.{key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Spec;
    use serde_json::json;

    fn api() -> Api {
        let spec = Spec::from_value(json!({"apis": [{
            "system": "s", "name": "x", "request": 0,
            "route": {"method": "POST", "path": "/x/", "auth": "esb"},
            "response": {"kind": "any"},
            "types": [
                {"open": false, "fields": [
                    {"wire_name": "id", "ty": {"kind": "integer"}, "required": true},
                    {"wire_name": "tags", "ty": {"kind": "array", "of": {"kind": "string"}}, "required": false},
                    {"wire_name": "page", "ty": {"kind": "object", "of": 1}, "required": false}
                ]},
                {"open": false, "fields": [
                    {"wire_name": "limit", "ty": {"kind": "integer"}, "required": true}
                ]}
            ]
        }]}))
        .unwrap();
        spec.apis.into_iter().next().unwrap()
    }

    fn run(value: Value, query: bool) -> Result<(), Invalid> {
        check(&api(), value.as_object().unwrap(), query)
    }

    #[test]
    fn names_the_field_with_a_code() {
        assert_eq!(
            run(json!({"id": 1, "tags": ["a"], "page": {"limit": 2}}), false),
            Ok(())
        );
        let e = run(json!({"tags": []}), false).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (MISSING, "id"));
        let e = run(json!({"id": "one"}), false).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (WRONG_TYPE, "id"));
        let e = run(json!({"id": 1, "tags": ["a", 2]}), false).unwrap_err();
        assert_eq!(e.field, "tags[1]");
        let e = run(json!({"id": 1, "page": {}}), false).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (MISSING, "page.limit"));
        let e = run(json!({"id": 1, "colour": "red"}), false).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (UNKNOWN, "colour"));
        assert!(e.message.contains("`colour`"));
        // A query string's values are text.
        assert_eq!(run(json!({"id": "7"}), true), Ok(()));
        assert!(run(json!({"id": "seven"}), true).is_err());
    }
}
