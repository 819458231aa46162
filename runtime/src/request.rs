//! Turning a typed request into a URL and an optional JSON body.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::auth::Credentials;
use crate::endpoint::{AuthStyle, Endpoint};
use crate::error::Error;
use crate::path::{self, PathError};
use crate::query;

/// What goes on the wire, minus headers.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// Full URL, including the query string for `GET`.
    pub(crate) url: String,
    /// JSON body for non-`GET` methods.
    pub(crate) body: Option<Vec<u8>>,
}

/// Where and how a call is sent: the client-level settings [`prepare`] needs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target<'a> {
    /// The client's endpoint without trailing `/`.
    pub(crate) base: &'a str,
    /// How credentials travel (the endpoint's own style unless the client overrides it).
    pub(crate) auth: AuthStyle,
    /// Replacement for the version segment of `/api/c/compapi/{ver}/...` paths.
    pub(crate) esb_api_version: Option<&'a str>,
}

/// Serialises a request into its JSON fields.
pub(crate) fn to_fields<Req: Serialize + ?Sized>(
    endpoint: &Endpoint,
    request: &Req,
) -> Result<Map<String, Value>, Error> {
    let api = || endpoint.api_name();
    match serde_json::to_value(request) {
        Ok(Value::Object(map)) => Ok(map),
        // A unit struct or `()` is the natural type for an API without
        // parameters; treat it as "no fields" rather than an error.
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => Err(Error::Request {
            api: api(),
            message: format!(
                "request must serialise to a JSON object, not {}",
                kind(&other)
            ),
        }),
        Err(e) => Err(Error::Request {
            api: api(),
            message: format!("cannot serialise request: {e}"),
        }),
    }
}

/// Builds URL and body from a request's fields.
pub(crate) fn prepare(
    target: &Target<'_>,
    credentials: &Credentials,
    endpoint: &Endpoint,
    mut fields: Map<String, Value>,
) -> Result<Prepared, Error> {
    let api = || endpoint.api_name();
    let template = match target.esb_api_version {
        Some(version) => esb_versioned(endpoint.path, version),
        None => endpoint.path.to_owned(),
    };
    let path = path::fill(&template, &mut fields).map_err(|e| match e {
        PathError::Missing(name) => Error::MissingPathParameter { api: api(), name },
        PathError::NotScalar(name) => Error::Request {
            api: api(),
            message: format!("path parameter `{name}` must be a string, number or boolean"),
        },
    })?;

    if target.auth == AuthStyle::Esb {
        credentials.merge_into(&mut fields);
    }

    let slash = if path.starts_with('/') || path.is_empty() {
        ""
    } else {
        "/"
    };
    let mut url = format!("{}{slash}{path}", target.base);
    if endpoint.method.uses_query() {
        let query = query::encode(&fields);
        if !query.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&query);
        }
        Ok(Prepared { url, body: None })
    } else {
        let body = serde_json::to_vec(&Value::Object(fields)).map_err(|e| Error::Request {
            api: api(),
            message: format!("cannot serialise request: {e}"),
        })?;
        Ok(Prepared {
            url,
            body: Some(body),
        })
    }
}

/// The ESB prefix every component API path starts with.
const ESB_PREFIX: &str = "/api/c/compapi/";

/// Rewrites `/api/c/compapi/{old}/rest` to `/api/c/compapi/{version}/rest`, where `{old}` is
/// a version segment (`v` and digits) or absent; an empty `version` drops the segment
/// (`/api/c/compapi/rest`, the ESB's unversioned v1 routes). Other paths are unchanged.
pub(crate) fn esb_versioned(path: &str, version: &str) -> String {
    let Some(rest) = path.strip_prefix(ESB_PREFIX) else {
        return path.to_owned();
    };
    let rest = match rest.split_once('/') {
        Some((seg, after))
            if seg.len() > 1
                && seg.starts_with('v')
                && seg[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            after
        }
        _ => rest,
    };
    let version = version.trim_matches('/');
    if version.is_empty() {
        format!("{ESB_PREFIX}{rest}")
    } else {
        format!("{ESB_PREFIX}{version}/{rest}")
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Method;
    use crate::secret::Secret;
    use serde_json::json;

    fn creds() -> Credentials {
        Credentials {
            app_code: Some("app".into()),
            app_secret: Some(Secret::new("sec")),
            username: Some("admin".into()),
            token: None,
            access_token: None,
            ..Credentials::default()
        }
    }

    fn prepare(
        base: &str,
        credentials: &Credentials,
        endpoint: &Endpoint,
        request: &Value,
    ) -> Result<Prepared, Error> {
        let target = Target {
            base,
            auth: endpoint.auth,
            esb_api_version: None,
        };
        super::prepare(
            &target,
            credentials,
            endpoint,
            to_fields(endpoint, request)?,
        )
    }

    fn ep(method: Method, path: &'static str, auth: AuthStyle) -> Endpoint {
        Endpoint {
            system: "cc",
            name: "x",
            method,
            path,
            auth,
        }
    }

    #[test]
    fn esb_post_merges_credentials_into_body() {
        let p = prepare(
            "http://h",
            &creds(),
            &ep(Method::Post, "/api/c/compapi/v2/cc/x/", AuthStyle::Esb),
            &json!({"bk_biz_id": 1, "bk_app_code": "spoof"}),
        )
        .unwrap();
        assert_eq!(p.url, "http://h/api/c/compapi/v2/cc/x/");
        let body: Value = serde_json::from_slice(&p.body.unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"bk_biz_id": 1, "bk_app_code": "app", "bk_app_secret": "sec", "bk_username": "admin"})
        );
    }

    #[test]
    fn esb_get_merges_credentials_into_query() {
        let p = prepare(
            "http://h",
            &creds(),
            &ep(Method::Get, "/g/", AuthStyle::Esb),
            &json!({"a": [1, 2]}),
        )
        .unwrap();
        assert_eq!(
            p.url,
            "http://h/g/?a=1&a=2&bk_app_code=app&bk_app_secret=sec&bk_username=admin"
        );
        assert!(p.body.is_none());
    }

    #[test]
    fn gateway_fills_path_and_sends_no_credentials() {
        let p = prepare(
            "http://h/prefix",
            &creds(),
            &ep(
                Method::Delete,
                "api/v3/{bk_supplier_account}/{id}",
                AuthStyle::Gateway,
            ),
            &json!({"bk_supplier_account": "0", "id": 5, "x": null}),
        )
        .unwrap();
        assert_eq!(p.url, "http://h/prefix/api/v3/0/5");
        assert_eq!(p.body.unwrap(), br#"{"x":null}"#);
        let p = prepare(
            "http://h",
            &creds(),
            &ep(Method::Get, "/g", AuthStyle::Gateway),
            &Value::Null,
        )
        .unwrap();
        assert_eq!(p.url, "http://h/g");
    }

    #[test]
    fn bad_requests() {
        let e = ep(Method::Post, "/{id}", AuthStyle::Gateway);
        let err = prepare("http://h", &creds(), &e, &json!([1])).unwrap_err();
        assert!(
            matches!(&err, Error::Request { message, .. } if message.contains("an array")),
            "{err}"
        );
        let err = prepare("http://h", &creds(), &e, &json!({})).unwrap_err();
        assert!(
            matches!(&err, Error::MissingPathParameter { api, name } if api == "cc.x" && name == "id")
        );
        assert!(err.to_string().contains("`id`"));
        let err = prepare("http://h", &creds(), &e, &json!({"id": [1]})).unwrap_err();
        assert!(matches!(err, Error::Request { .. }));
    }
}

#[cfg(test)]
mod version_tests {
    use super::esb_versioned;

    #[test]
    fn esb_version_prefix() {
        let p = "/api/c/compapi/v2/cc/search_business/";
        assert_eq!(esb_versioned(p, "v2"), p);
        assert_eq!(
            esb_versioned(p, "/v3/"),
            "/api/c/compapi/v3/cc/search_business/"
        );
        assert_eq!(esb_versioned(p, ""), "/api/c/compapi/cc/search_business/");
        assert_eq!(
            esb_versioned("/api/c/compapi/cc/x/", "v2"),
            "/api/c/compapi/v2/cc/x/"
        );
        // `vm` is a system name, not a version.
        assert_eq!(
            esb_versioned("/api/c/compapi/vm/x/", "v2"),
            "/api/c/compapi/v2/vm/x/"
        );
        assert_eq!(esb_versioned("/api/v3/biz/{id}", "v9"), "/api/v3/biz/{id}");
    }
}
