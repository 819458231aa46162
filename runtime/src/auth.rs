//! The client's credentials: how they are sent and how they are scrubbed
//! from anything the server sends back.

use serde_json::{Map, Value};

use crate::secret::Secret;

/// Credentials configured on a client. Only the configured ones are sent.
#[derive(Clone, Debug, Default)]
pub(crate) struct Credentials {
    pub(crate) app_code: Option<String>,
    pub(crate) app_secret: Option<Secret>,
    pub(crate) username: Option<String>,
    pub(crate) token: Option<Secret>,
    pub(crate) access_token: Option<Secret>,
    /// Every spelling of the secrets, worked out on first use: redaction runs on every call.
    pub(crate) spellings: Spellings,
}

/// The cache of [`Credentials::secret_spellings`]; its `Debug` shows nothing of them.
#[derive(Clone, Default)]
pub(crate) struct Spellings(std::sync::OnceLock<Vec<String>>);

impl std::fmt::Debug for Spellings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("..")
    }
}

/// Who a call acts for: any of `bk_username`, `bk_token` and an OAuth `access_token`.
/// A per-call identity replaces the client's whole identity (the app code and secret stay).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Identity {
    pub(crate) username: Option<String>,
    pub(crate) token: Option<Secret>,
    pub(crate) access_token: Option<Secret>,
}

impl Credentials {
    /// These credentials acting as `identity` instead of the configured user.
    pub(crate) fn acting_as(&self, identity: &Identity) -> Credentials {
        Credentials {
            app_code: self.app_code.clone(),
            app_secret: self.app_secret.clone(),
            username: identity.username.clone(),
            token: identity.token.clone(),
            access_token: identity.access_token.clone(),
            spellings: Spellings::default(),
        }
    }

    /// `(field name, value)` pairs in the order BlueKing documents them.
    fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("bk_app_code", self.app_code.as_deref()),
            (
                "bk_app_secret",
                self.app_secret.as_ref().map(Secret::expose),
            ),
            ("bk_username", self.username.as_deref()),
            ("bk_token", self.token.as_ref().map(Secret::expose)),
            (
                "access_token",
                self.access_token.as_ref().map(Secret::expose),
            ),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
    }

    /// Writes the credentials into a request object. The client's values win
    /// over request fields of the same name: the caller configured them
    /// explicitly, and a stale value in a request struct must not override them.
    pub(crate) fn merge_into(&self, fields: &mut Map<String, Value>) {
        for (k, v) in self.pairs() {
            fields.insert(k.to_owned(), Value::String(v.to_owned()));
        }
    }

    /// Whether any secret (app secret, token, access token) is configured.
    pub(crate) fn has_secret(&self) -> bool {
        [&self.app_secret, &self.token, &self.access_token]
            .into_iter()
            .flatten()
            .any(|s| !s.expose().is_empty())
    }

    /// The JSON object sent in `X-Bkapi-Authorization`.
    pub(crate) fn header_json(&self) -> String {
        let mut map = Map::new();
        self.merge_into(&mut map);
        Value::Object(map).to_string()
    }

    /// The secret values with every spelling a server might echo them in
    /// (raw, JSON-escaped, percent-encoded). Empty values are skipped:
    /// replacing "" would insert `***` between every character.
    fn secret_spellings(&self) -> &[String] {
        self.spellings.0.get_or_init(|| self.work_out_spellings())
    }

    fn work_out_spellings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let secrets = [&self.app_secret, &self.token, &self.access_token];
        for s in secrets.into_iter().flatten() {
            let raw = s.expose();
            if raw.is_empty() {
                continue;
            }
            let quoted = Value::String(raw.to_owned()).to_string();
            let json = quoted
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .unwrap_or(raw)
                .to_owned();
            let form: String = form_urlencoded::byte_serialize(raw.as_bytes()).collect();
            let path = crate::path::encode_segment(raw);
            for v in [raw.to_owned(), json, form, path] {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
        // Longest first, so a spelling that contains another is replaced whole.
        out.sort_by_key(|s| std::cmp::Reverse(s.len()));
        out
    }

    /// Replaces every occurrence of the secret or token in server text. JSON escapes
    /// (`\u0073`, `\/`) are decoded first, so a secret echoed in escaped form is found too.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut text = if text.contains('\\') {
            decode_json_escapes(text)
        } else {
            text.to_owned()
        };
        for s in self.secret_spellings() {
            if text.contains(s.as_str()) {
                text = text.replace(s.as_str(), "***");
            }
        }
        text
    }

    /// [`Credentials::redact`] applied to every string (and key) in a JSON value.
    pub(crate) fn redact_value(&self, value: Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.redact(&s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.redact_value(v)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (self.redact(&k), self.redact_value(v)))
                    .collect(),
            ),
            other => other,
        }
    }
}

/// `text` with JSON's `\uXXXX` escapes (surrogate pairs included) and `\/` decoded; other
/// escapes and anything malformed are kept as they are.
fn decode_json_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("\\/") {
            out.push('/');
            rest = after;
            continue;
        }
        let unit = |s: &str| {
            let hex = s.strip_prefix("\\u")?.get(..4)?;
            u32::from_str_radix(hex, 16).ok()
        };
        match unit(rest) {
            Some(high @ 0xD800..=0xDBFF) => match unit(&rest[6..]) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    out.extend(char::from_u32(c));
                    rest = &rest[12..];
                }
                _ => {
                    out.push('\\');
                    rest = &rest[1..];
                }
            },
            Some(code) => match char::from_u32(code) {
                Some(c) => {
                    out.push(c);
                    rest = &rest[6..];
                }
                None => {
                    out.push('\\');
                    rest = &rest[1..];
                }
            },
            None => {
                // Keep `\\` together, so its second backslash never starts an escape.
                let keep = if rest.starts_with("\\\\") { 2 } else { 1 };
                out.push_str(&rest[..keep]);
                rest = &rest[keep..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn creds() -> Credentials {
        Credentials {
            app_code: Some("app".into()),
            app_secret: Some(Secret::new("se cr\"et")),
            username: None,
            token: Some(Secret::new("tok")),
            access_token: Some(Secret::new("oauth")),
            ..Credentials::default()
        }
    }

    #[test]
    fn header_has_only_configured_fields() {
        assert_eq!(
            creds().header_json(),
            r#"{"bk_app_code":"app","bk_app_secret":"se cr\"et","bk_token":"tok","access_token":"oauth"}"#
        );
        assert_eq!(Credentials::default().header_json(), "{}");
    }

    #[test]
    fn merge_overwrites_request_fields() {
        let mut m = json!({"bk_app_code": "other", "x": 1})
            .as_object()
            .cloned()
            .unwrap();
        creds().merge_into(&mut m);
        assert_eq!(m["bk_app_code"], "app");
        assert_eq!(m["bk_token"], "tok");
        assert!(!m.contains_key("bk_username"));
        assert_eq!(m["x"], 1);
    }

    #[test]
    fn redacts_json_escaped_spellings() {
        let c = Credentials {
            app_secret: Some(Secret::new("Sec/ret")),
            ..Credentials::default()
        };
        // `S` and `e` escaped, `/` escaped, and a surrogate pair around it.
        let echoed = r#"{"echo": "\u0053\u0065c\/ret \ud83d\ude00"}"#;
        let redacted = c.redact(echoed);
        assert!(
            !redacted.contains("Sec/ret") && redacted.contains("***"),
            "{redacted}"
        );
        assert_eq!(
            decode_json_escapes(r"a\\u0053 \uZZZZ \ud800"),
            r"a\\u0053 \uZZZZ \ud800"
        );
    }

    #[test]
    fn redacts_all_spellings() {
        let c = creds();
        assert_eq!(
            c.redact(r#"a se cr"et b se cr\"et c se+cr%22et d se%20cr%22et e tok f oauth"#),
            "a *** b *** c *** d *** e *** f ***"
        );
        assert_eq!(
            c.redact_value(json!({"tok": ["x tok"], "n": 1})),
            json!({"***": ["x ***"], "n": 1})
        );
        let empty = Credentials {
            app_secret: Some(Secret::new("")),
            ..Credentials::default()
        };
        assert_eq!(empty.redact("abc"), "abc");
    }

    #[test]
    fn acting_as_replaces_the_whole_identity() {
        let id = Identity {
            username: Some("bob".into()),
            ..Identity::default()
        };
        let c = creds().acting_as(&id);
        assert_eq!(
            c.header_json(),
            r#"{"bk_app_code":"app","bk_app_secret":"se cr\"et","bk_username":"bob"}"#
        );
    }
}
