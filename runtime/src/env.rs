//! Configuration from environment variables.

use std::time::Duration;

use crate::client::{Client, ClientBuilder};
use crate::endpoint::AuthStyle;
use crate::error::Error;

/// The variables [`ClientBuilder::from_env`] reads, in the order it reads them; where a
/// setting has several, the first one set wins. `BK_COMPONENT_API_URL`, `BK_APP_CODE` and
/// `BK_APP_SECRET` are the names BlueKing's PaaS gives apps.
pub const ENV_VARS: &[(&str, &str)] = &[
    (
        "BKAPI_ENDPOINT",
        "endpoint (base URL); required unless BK_COMPONENT_API_URL is set",
    ),
    (
        "BK_COMPONENT_API_URL",
        "endpoint, when BKAPI_ENDPOINT is not set",
    ),
    ("BKAPI_APP_CODE", "bk_app_code"),
    ("BK_APP_CODE", "bk_app_code, when BKAPI_APP_CODE is not set"),
    ("BKAPI_APP_SECRET", "bk_app_secret"),
    (
        "BK_APP_SECRET",
        "bk_app_secret, when BKAPI_APP_SECRET is not set",
    ),
    ("BKAPI_USERNAME", "bk_username"),
    ("BKAPI_TOKEN", "bk_token"),
    ("BKAPI_ACCESS_TOKEN", "OAuth access_token"),
    (
        "BKAPI_GATEWAY_KIND",
        "`esb` or `apigw`: send every call as that gateway expects",
    ),
    (
        "BKAPI_ESB_API_VERSION",
        "ESB version segment, e.g. `v2`; `none` for no segment",
    ),
    (
        "BKAPI_LANGUAGE",
        "Blueking-Language / Accept-Language, e.g. `en`",
    ),
    ("BKAPI_TEST_ENV", "`1`/`true`/`yes` sends X-Use-Test-Env: 1"),
    (
        "BKAPI_TIMEOUT",
        "whole-request timeout in seconds, e.g. `30` or `2.5`",
    ),
];

impl ClientBuilder {
    /// A builder configured from the environment variables listed in [`ENV_VARS`]. Empty
    /// variables count as unset. Further builder calls can change any setting.
    ///
    /// Fails with [`Error::Config`] when no endpoint is set or a value is malformed (the
    /// message names the variable, never a credential's value).
    pub fn from_env() -> Result<ClientBuilder, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] with variables looked up by `lookup` instead (for tests,
    /// or a configuration file mapped to the same names).
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder, Error> {
        let var = |names: &[&str]| {
            names
                .iter()
                .filter_map(|n| lookup(n))
                .find(|v| !v.trim().is_empty())
        };
        let bad = |name: &str, why: &str| Error::Config {
            message: format!("environment variable {name}: {why}"),
        };
        let endpoint = var(&["BKAPI_ENDPOINT", "BK_COMPONENT_API_URL"])
            .ok_or_else(|| bad("BKAPI_ENDPOINT", "not set (nor BK_COMPONENT_API_URL)"))?;
        let mut b = Client::builder(endpoint.trim());
        if let Some(v) = var(&["BKAPI_APP_CODE", "BK_APP_CODE"]) {
            b = b.app_code(v);
        }
        if let Some(v) = var(&["BKAPI_APP_SECRET", "BK_APP_SECRET"]) {
            b = b.app_secret(v);
        }
        if let Some(v) = var(&["BKAPI_USERNAME"]) {
            b = b.username(v);
        }
        if let Some(v) = var(&["BKAPI_TOKEN"]) {
            b = b.token(v);
        }
        if let Some(v) = var(&["BKAPI_ACCESS_TOKEN"]) {
            b = b.access_token(v);
        }
        if let Some(v) = var(&["BKAPI_GATEWAY_KIND"]) {
            b = b.gateway_kind(match v.trim().to_ascii_lowercase().as_str() {
                "esb" => AuthStyle::Esb,
                "apigw" | "gateway" | "apigateway" => AuthStyle::Gateway,
                _ => return Err(bad("BKAPI_GATEWAY_KIND", "expected `esb` or `apigw`")),
            });
        }
        if let Some(v) = var(&["BKAPI_ESB_API_VERSION"]) {
            let v = v.trim();
            b = b.esb_api_version(if v.eq_ignore_ascii_case("none") {
                ""
            } else {
                v
            });
        }
        if let Some(v) = var(&["BKAPI_LANGUAGE"]) {
            b = b.language(v.trim());
        }
        if let Some(v) = var(&["BKAPI_TEST_ENV"]) {
            let v = v.trim().to_ascii_lowercase();
            b = b.test_env(matches!(v.as_str(), "1" | "true" | "yes" | "on"));
        }
        if let Some(v) = var(&["BKAPI_TIMEOUT"]) {
            let seconds = v
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(|s| Duration::try_from_secs_f64(s).ok())
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    bad(
                        "BKAPI_TIMEOUT",
                        &format!("`{v}` is not a positive number of seconds"),
                    )
                })?;
            b = b.timeout(seconds);
        }
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<ClientBuilder, Error> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ClientBuilder::from_vars(|k| map.get(k).cloned())
    }

    #[test]
    fn reads_documented_names_with_fallbacks() {
        let b = from(&[
            ("BKAPI_ENDPOINT", ""),
            ("BK_COMPONENT_API_URL", " http://paas "),
            ("BK_APP_CODE", "fallback"),
            ("BKAPI_APP_CODE", "app"),
            ("BKAPI_TIMEOUT", "2.5"),
            ("BKAPI_ESB_API_VERSION", "None"),
            ("BKAPI_GATEWAY_KIND", "APIGW"),
        ])
        .unwrap();
        let text = format!("{b:?}");
        assert!(text.contains("\"http://paas\""), "{text}");
        assert!(
            text.contains("\"app\"") && !text.contains("fallback"),
            "{text}"
        );
        assert!(
            text.contains("2.5s") && text.contains("Some(\"\")"),
            "{text}"
        );
        assert!(text.contains("Gateway"), "{text}");
    }

    #[test]
    fn errors_name_the_variable() {
        let err = from(&[]).unwrap_err();
        assert!(err.to_string().contains("BKAPI_ENDPOINT"), "{err}");
        for (k, v) in [
            ("BKAPI_TIMEOUT", "soon"),
            ("BKAPI_TIMEOUT", "0"),
            ("BKAPI_GATEWAY_KIND", "x"),
        ] {
            let err = from(&[("BKAPI_ENDPOINT", "http://h"), (k, v)]).unwrap_err();
            assert!(err.to_string().contains(k), "{err}");
        }
    }
}
