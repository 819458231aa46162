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

/// Builds URL and body. `base` is the client's endpoint without trailing `/`.
pub(crate) fn prepare<Req: Serialize + ?Sized>(
    base: &str,
    credentials: &Credentials,
    endpoint: &Endpoint,
    request: &Req,
) -> Result<Prepared, Error> {
    let api = || endpoint.api_name();
    let mut fields = match serde_json::to_value(request) {
        Ok(Value::Object(map)) => map,
        // A unit struct or `()` is the natural type for an API without
        // parameters; treat it as "no fields" rather than an error.
        Ok(Value::Null) => Map::new(),
        Ok(other) => {
            return Err(Error::Request {
                api: api(),
                message: format!(
                    "request must serialise to a JSON object, not {}",
                    kind(&other)
                ),
            })
        }
        Err(e) => {
            return Err(Error::Request {
                api: api(),
                message: format!("cannot serialise request: {e}"),
            })
        }
    };

    let path = path::fill(endpoint.path, &mut fields).map_err(|e| match e {
        PathError::Missing(name) => Error::MissingPathParameter { api: api(), name },
        PathError::NotScalar(name) => Error::Request {
            api: api(),
            message: format!("path parameter `{name}` must be a string, number or boolean"),
        },
    })?;

    if endpoint.auth == AuthStyle::Esb {
        credentials.merge_into(&mut fields);
    }

    let slash = if path.starts_with('/') || path.is_empty() {
        ""
    } else {
        "/"
    };
    let mut url = format!("{base}{slash}{path}");
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
        }
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
            &(),
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
