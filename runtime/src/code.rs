//! The envelope's `code` field, which BlueKing sends as a number or a string.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A response `code`: usually an integer (`0`, `1199014`), sometimes a string
/// (`"0"`, `"OK"`, `"NOT_FOUND"`) depending on the system and its version.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// An integer code.
    Int(i64),
    /// A string code, or the JSON text of any other non-integer value
    /// (e.g. a float) so nothing the server sent is lost.
    Str(String),
}

impl Code {
    /// Whether the code means success: `0`, `"0"`, `"OK"` in any case, or
    /// `""`. (An absent or `null` code also means success; that is decided
    /// by the caller, which sees the `Option`.)
    pub fn is_success(&self) -> bool {
        match self {
            Code::Int(n) => *n == 0,
            Code::Str(s) => {
                let s = s.trim();
                s.is_empty() || s == "0" || s.eq_ignore_ascii_case("ok")
            }
        }
    }

    /// Reads a code from any JSON value; `None` for `null`. Never fails, so
    /// an odd code from the server is reported rather than hidden by a
    /// decoding error.
    pub fn from_json(value: &Value) -> Option<Code> {
        match value {
            Value::Null => None,
            Value::Number(n) => Some(match n.as_i64() {
                Some(i) => Code::Int(i),
                None => Code::Str(n.to_string()),
            }),
            Value::String(s) => Some(Code::Str(s.clone())),
            other => Some(Code::Str(other.to_string())),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Int(n) => write!(f, "{n}"),
            Code::Str(s) => f.write_str(s),
        }
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Code::Int(n) => serializer.serialize_i64(*n),
            Code::Str(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for Code {
    /// Accepts any JSON value except `null` (see [`Code::from_json`]).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Code::from_json(&value)
            .ok_or_else(|| serde::de::Error::custom("invalid type: null, expected a code"))
    }
}

#[cfg(test)]
mod tests {
    use super::Code;
    use serde_json::json;

    #[test]
    fn success_rules() {
        for ok in [Code::Int(0), Code::Str("0".into()), Code::Str("OK".into())] {
            assert!(ok.is_success(), "{ok:?}");
        }
        for ok in ["ok", "Ok", "", " 0 "] {
            assert!(Code::Str(ok.into()).is_success(), "{ok:?}");
        }
        for bad in [Code::Int(1199014), Code::Int(-1), Code::Str("1".into())] {
            assert!(!bad.is_success(), "{bad:?}");
        }
        for bad in ["NOT_FOUND", "00x", "false"] {
            assert!(!Code::Str(bad.into()).is_success(), "{bad:?}");
        }
    }

    #[test]
    fn from_json_never_fails() {
        assert_eq!(Code::from_json(&json!(null)), None);
        assert_eq!(Code::from_json(&json!(7)), Some(Code::Int(7)));
        assert_eq!(Code::from_json(&json!("OK")), Some(Code::Str("OK".into())));
        assert_eq!(Code::from_json(&json!(1.5)), Some(Code::Str("1.5".into())));
        assert_eq!(
            Code::from_json(&json!(u64::MAX)),
            Some(Code::Str(u64::MAX.to_string()))
        );
        assert_eq!(
            Code::from_json(&json!(true)),
            Some(Code::Str("true".into()))
        );
    }

    #[test]
    fn serde_keeps_the_json_type() {
        for v in [json!(0), json!(1306000), json!("0"), json!("OK")] {
            let c: Code = serde_json::from_value(v.clone()).unwrap();
            assert_eq!(serde_json::to_value(&c).unwrap(), v);
        }
        assert!(serde_json::from_value::<Code>(json!(null)).is_err());
        assert_eq!(Code::Int(5).to_string(), "5");
    }
}
