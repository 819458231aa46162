//! Credentials read and judged the way the API gateway's verification reads them: the
//! `X-Bkapi-Authorization` header when it is sent (then it is the only source, and it must
//! be a JSON object), else the query string and the JSON body. An `access_token` or a `jwt`
//! stands for the app; otherwise the app code and secret must both be there (`bk_app_code`
//! or `app_code`, `bk_app_secret` or `app_secret`).

use axum::http::HeaderMap;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Credential fields: never recorded, never validated as request fields.
pub const CREDENTIALS: &[&str] = &[
    "bk_app_code",
    "bk_app_secret",
    "app_code",
    "app_secret",
    "bk_username",
    "bk_token",
    "access_token",
    "jwt",
];

/// The short names the gateway also accepts, and the names they stand for.
const ALIASES: &[(&str, &str)] = &[("app_code", "bk_app_code"), ("app_secret", "bk_app_secret")];

/// The credentials of one call, under their long names.
#[derive(Default)]
pub struct Credentials(HashMap<String, String>);

impl std::fmt::Debug for Credentials {
    /// The names only: the values are secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&str> = self.0.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_tuple("Credentials").field(&names).finish()
    }
}

impl Credentials {
    /// Reads the header if it is there, else `query` and then `body` (a body's value wins).
    /// `Err` says why the header is unusable.
    pub fn read(
        headers: &HeaderMap,
        query: &Map<String, Value>,
        body: Option<&Map<String, Value>>,
    ) -> Result<Credentials, String> {
        let mut found = HashMap::new();
        if let Some(header) = headers.get("x-bkapi-authorization") {
            let Ok(map) = serde_json::from_slice::<Map<String, Value>>(header.as_bytes()) else {
                return Err("X-Bkapi-Authorization is not a JSON object".into());
            };
            take(&mut found, &map);
        } else {
            take(&mut found, query);
            if let Some(body) = body {
                take(&mut found, body);
            }
        }
        for (short, long) in ALIASES {
            if let Some(v) = found.remove(*short) {
                found.entry(long.to_string()).or_insert(v);
            }
        }
        Ok(Credentials(found))
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Why the gateway would refuse these credentials, if it would. `app` is the code and
    /// secret a test requires ([`crate::MockServer::require_app`]).
    pub fn refusal(&self, app: Option<&(String, String)>) -> Option<String> {
        let code = self.get("bk_app_code");
        if self.get("access_token").is_some() || self.get("jwt").is_some() {
            // The token names its app; the mock can only check a code sent beside it.
            return match (app, code) {
                (Some((wanted, _)), Some(code)) if wanted != code => {
                    Some("the app code does not match the required app".into())
                }
                _ => None,
            };
        }
        let Some(code) = code else {
            return Some("app code cannot be empty".into());
        };
        let Some(secret) = self.get("bk_app_secret") else {
            return Some("app secret cannot be empty".into());
        };
        match app {
            Some((c, s)) if c != code || s != secret => {
                Some("the app code or app secret is wrong".into())
            }
            _ => None,
        }
    }
}

/// The string-valued credential fields of `map`.
fn take(found: &mut HashMap<String, String>, map: &Map<String, Value>) {
    for key in CREDENTIALS {
        if let Some(Value::String(v)) = map.get(*key) {
            found.insert(key.to_string(), v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn header(text: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-bkapi-authorization", text.parse().unwrap());
        h
    }

    #[test]
    fn the_header_is_the_only_source_when_sent() {
        let body = map(json!({"bk_app_code": "a", "bk_app_secret": "s"}));
        let none = Map::new();
        let from_body = Credentials::read(&HeaderMap::new(), &none, Some(&body)).unwrap();
        assert_eq!(from_body.refusal(None), None);
        // A header without the secret is not completed from the body.
        let h = header(r#"{"bk_app_code": "a"}"#);
        let c = Credentials::read(&h, &none, Some(&body)).unwrap();
        assert_eq!(
            c.refusal(None).as_deref(),
            Some("app secret cannot be empty")
        );
        let err = Credentials::read(&header("bk_app_code=a"), &none, Some(&body)).unwrap_err();
        assert!(err.contains("not a JSON object"), "{err}");
        assert_eq!(
            format!("{from_body:?}"),
            r#"Credentials(["bk_app_code", "bk_app_secret"])"#
        );
    }

    #[test]
    fn short_names_and_tokens() {
        let none = Map::new();
        let query = map(json!({"app_code": "a", "app_secret": "s"}));
        let c = Credentials::read(&HeaderMap::new(), &query, None).unwrap();
        assert_eq!(c.refusal(Some(&("a".into(), "s".into()))), None);
        assert!(c.refusal(Some(&("a".into(), "t".into()))).is_some());
        for token in [r#"{"access_token": "t"}"#, r#"{"jwt": "j"}"#] {
            let c = Credentials::read(&header(token), &none, None).unwrap();
            assert_eq!(c.refusal(None), None, "{token}");
            assert_eq!(c.refusal(Some(&("a".into(), "s".into()))), None);
        }
        let h = header(r#"{"access_token": "t", "bk_app_code": "b"}"#);
        let c = Credentials::read(&h, &none, None).unwrap();
        assert!(c.refusal(Some(&("a".into(), "s".into()))).is_some());
        let empty = Credentials::read(&header(r#"{"access_token": ""}"#), &none, None);
        assert!(empty.unwrap().refusal(None).is_some());
    }
}
