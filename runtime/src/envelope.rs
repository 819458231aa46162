//! The standard BlueKing response envelope.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::code::Code;

/// Names of the fields the envelope knows, in the order they are written.
const KNOWN: [&str; 6] = [
    "result",
    "code",
    "message",
    "permission",
    "request_id",
    "data",
];

/// The body every BlueKing API returns:
/// `{"result": true, "code": 0, "message": "", "permission": null, "request_id": "…", "data": …}`.
///
/// [`Client::call`](crate::Client::call) unwraps it for you; this type is for
/// callers that want the whole envelope, and for round-trip tests of the
/// generated types.
///
/// It round-trips exactly (as a JSON value): an absent field stays absent, a
/// field present as `null` is written back as `null`, and unknown fields are
/// kept. Because `Option` cannot tell "absent" from `null`, a known field
/// that arrived as `null` deserialises to `None` *and* is remembered as
/// `"field": null` in [`Envelope::extra`]; serialisation writes such an entry
/// in the field's place only while the field itself is `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope<T> {
    /// `false` marks a failed call; `None` when absent or `null`.
    pub result: Option<bool>,
    /// Error code; `0`/`"0"`/`"OK"` mean success (see [`Code::is_success`]).
    pub code: Option<Code>,
    /// Human-readable message, usually empty on success.
    pub message: Option<String>,
    /// Details of a missing permission (IAM apply URL and actions), if any.
    pub permission: Option<Value>,
    /// Server-side request id, for support tickets and log search.
    pub request_id: Option<String>,
    /// The payload.
    pub data: Option<T>,
    /// Every other field (`trace_id`, `_meta`, …), plus `null`s of the known
    /// fields as described above.
    pub extra: Map<String, Value>,
}

impl<T> Default for Envelope<T> {
    fn default() -> Self {
        Envelope {
            result: None,
            code: None,
            message: None,
            permission: None,
            request_id: None,
            data: None,
            extra: Map::new(),
        }
    }
}

impl<T> Envelope<T> {
    /// Whether the envelope reports success: `result` when the envelope has
    /// one, else the code (absent or a success code).
    pub fn is_success(&self) -> bool {
        is_success(self.result, self.code.as_ref())
    }
}

/// The success rule shared with the client's response handling. `result` wins
/// over the code: some systems (the monitor's v3 APIs) answer success with
/// `"result": true, "code": 200`.
pub(crate) fn is_success(result: Option<bool>, code: Option<&Code>) -> bool {
    match result {
        Some(result) => result,
        None => code.is_none_or(Code::is_success),
    }
}

impl<T: Serialize> Serialize for Envelope<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        // Known fields first, each either its value or whatever `extra`
        // holds under its name (normally the `null` it arrived as).
        macro_rules! known {
            ($field:ident) => {
                match &self.$field {
                    Some(v) => map.serialize_entry(stringify!($field), v)?,
                    None => {
                        if let Some(v) = self.extra.get(stringify!($field)) {
                            map.serialize_entry(stringify!($field), v)?;
                        }
                    }
                }
            };
        }
        known!(result);
        known!(code);
        known!(message);
        known!(permission);
        known!(request_id);
        known!(data);
        for (k, v) in &self.extra {
            if !KNOWN.contains(&k.as_str()) {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Envelope<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor(PhantomData))
    }
}

struct EnvelopeVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for EnvelopeVisitor<T> {
    type Value = Envelope<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a BlueKing response envelope (JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut env = Envelope::default();
        // Stores a known field, or remembers that it was `null`.
        fn put<V>(slot: &mut Option<V>, extra: &mut Map<String, Value>, key: &str, v: Option<V>) {
            match v {
                Some(v) => {
                    *slot = Some(v);
                    extra.remove(key);
                }
                None => {
                    *slot = None;
                    extra.insert(key.to_owned(), Value::Null);
                }
            }
        }
        while let Some(key) = access.next_key::<String>()? {
            let extra = &mut env.extra;
            match key.as_str() {
                "result" => put(&mut env.result, extra, &key, access.next_value()?),
                "code" => put(&mut env.code, extra, &key, access.next_value()?),
                "message" => put(&mut env.message, extra, &key, access.next_value()?),
                "permission" => put(&mut env.permission, extra, &key, access.next_value()?),
                "request_id" => put(&mut env.request_id, extra, &key, access.next_value()?),
                "data" => put(&mut env.data, extra, &key, access.next_value()?),
                _ => {
                    let v: Value = access.next_value()?;
                    extra.insert(key, v);
                }
            }
        }
        Ok(env)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Host {
        bk_host_id: u64,
    }

    fn round_trip<T: Serialize + DeserializeOwned>(text: &str) -> Envelope<T> {
        let env: Envelope<T> = serde_json::from_str(text).unwrap();
        let original: Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&env).unwrap(), original, "{text}");
        env
    }

    #[test]
    fn doc_example_round_trips() {
        let text = r#"{"result":true,"code":0,"message":"","permission":null,
            "request_id":"e43da4ef221746868dc4c837d36f3807","data":{}}"#;
        let env = round_trip::<Value>(text);
        assert_eq!(env.result, Some(true));
        assert_eq!(env.code, Some(Code::Int(0)));
        assert_eq!(env.permission, None);
        assert_eq!(
            env.extra,
            json!({"permission": null}).as_object().cloned().unwrap()
        );
        assert!(env.is_success());
        // Written back in the known-field order, null included.
        assert_eq!(
            serde_json::to_string(&env).unwrap(),
            r#"{"result":true,"code":0,"message":"","permission":null,"request_id":"e43da4ef221746868dc4c837d36f3807","data":{}}"#
        );
    }

    #[test]
    fn null_and_absent_differ() {
        let env = round_trip::<Host>(r#"{"result":true,"data":null}"#);
        assert_eq!(env.data, None);
        let env = round_trip::<Host>(r#"{"result":true}"#);
        assert_eq!(env.data, None);
        assert!(env.extra.is_empty());
        let env = round_trip::<Host>(
            r#"{"result":null,"code":null,"message":null,"request_id":null,"data":{"bk_host_id":1}}"#,
        );
        assert_eq!(env.data, Some(Host { bk_host_id: 1 }));
        assert_eq!(env.result, None);
        assert!(env.is_success());
        round_trip::<Host>("{}");
    }

    #[test]
    fn unknown_fields_kept() {
        let env = round_trip::<Vec<Host>>(
            r#"{"trace_id":"abc","code":"OK","_meta":{"x":[1,null]},"data":[{"bk_host_id":2}]}"#,
        );
        assert_eq!(env.extra["trace_id"], "abc");
        assert_eq!(env.extra["_meta"], json!({"x": [1, null]}));
        assert_eq!(env.code, Some(Code::Str("OK".into())));
    }

    #[test]
    fn permission_and_failure() {
        let env = round_trip::<Value>(
            r#"{"result":false,"code":9900403,"message":"no perm","permission":{"actions":[]}}"#,
        );
        assert_eq!(env.permission, Some(json!({"actions": []})));
        assert!(!env.is_success());
        assert!(!Envelope::<()> {
            code: Some(Code::Int(1)),
            ..Envelope::default()
        }
        .is_success());
    }

    #[test]
    fn setting_a_field_replaces_its_remembered_null() {
        let mut env: Envelope<u8> = serde_json::from_str(r#"{"data":null}"#).unwrap();
        env.data = Some(1);
        assert_eq!(serde_json::to_string(&env).unwrap(), r#"{"data":1}"#);
    }

    #[test]
    fn wrong_types_are_errors() {
        assert!(serde_json::from_str::<Envelope<Host>>(r#"{"data":{"bk_host_id":"x"}}"#).is_err());
        assert!(serde_json::from_str::<Envelope<Value>>(r#"{"result":"yes"}"#).is_err());
    }

    #[test]
    fn result_decides_over_the_code() {
        let ok = round_trip::<Value>(r#"{"result":true,"code":200,"message":"OK","data":1}"#);
        assert!(ok.is_success());
        let failed = round_trip::<Value>(r#"{"result":false,"code":0,"data":null}"#);
        assert!(!failed.is_success());
        let coded = round_trip::<Value>(r#"{"code":1306201,"message":"locked"}"#);
        assert!(!coded.is_success());
        let bare = round_trip::<Value>(r#"{"code":"OK","data":[]}"#);
        assert!(bare.is_success());
        assert!(serde_json::from_str::<Envelope<Value>>("[]").is_err());
    }
}
