//! Helpers shared by the HTTP test binaries: a recording axum server on 127.0.0.1.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Router;
use serde_json::{json, Value};

/// The API most tests call: a POST with an ESB-style route.
pub const SEARCH_HOST: bkapi_runtime::Endpoint = bkapi_runtime::Endpoint {
    system: "cc",
    name: "search_host",
    method: bkapi_runtime::Method::Post,
    path: "/api/c/compapi/v2/cc/search_host/",
    auth: bkapi_runtime::AuthStyle::Esb,
};

pub const SECRET: &str = "app-Secret-9f8e7d";
pub const TOKEN: &str = "bk-Token-1a2b3c";
pub const ACCESS_TOKEN: &str = "oauth-Access-5x6y7z";

/// What the server saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn json_body(&self) -> Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }

    pub fn json_body_or_null(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    }
}

/// Status, extra headers, body text.
pub type Reply = (u16, Vec<(&'static str, String)>, String);
pub type Log = Arc<Mutex<Vec<Seen>>>;

pub async fn spawn(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// A server that records every request and answers with `reply(request)`.
pub async fn server<F>(reply: F) -> (String, Log)
where
    F: Fn(&Seen) -> Reply + Clone + Send + Sync + 'static,
{
    let log: Log = Arc::default();
    let seen_log = log.clone();
    let app = Router::new().fallback(move |req: Request| {
        let (reply, log) = (reply.clone(), seen_log.clone());
        async move {
            let (parts, body) = req.into_parts();
            let seen = Seen {
                method: parts.method.to_string(),
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().map(str::to_owned),
                headers: parts.headers,
                body: axum::body::to_bytes(body, usize::MAX)
                    .await
                    .unwrap()
                    .to_vec(),
            };
            let (status, headers, text) = reply(&seen);
            log.lock().unwrap().push(seen);
            let mut response = Response::new(Body::from(text));
            *response.status_mut() = StatusCode::from_u16(status).unwrap();
            for (k, v) in headers {
                response.headers_mut().insert(k, v.parse().unwrap());
            }
            response
        }
    });
    (spawn(app).await, log)
}

pub fn ok(data: Value) -> Reply {
    let body = json!({"result": true, "code": 0, "message": "", "permission": null,
                      "request_id": "rid-ok", "data": data});
    (
        200,
        vec![("content-type", "application/json".into())],
        body.to_string(),
    )
}

/// A port that was just free: binding and dropping leaves nothing listening.
pub async fn closed_port_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

pub async fn slow_server() -> String {
    let app = Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        "{}"
    });
    spawn(app).await
}

/// The error and all its sources, as an error reporter would print them.
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut out = Vec::new();
    let mut cur = Some(err);
    while let Some(e) = cur {
        out.push(format!("{e} / {e:?}"));
        cur = e.source();
    }
    out.join("\ncaused by: ")
}

/// Matches an error against one pattern (a variant of `Error` with the fields to check) and
/// runs the checks, or fails the test naming the variant expected and showing what came:
/// `expect_error!(&err, Error::Http { status, .. } => assert_eq!(*status, 500));`
#[macro_export]
macro_rules! expect_error {
    ($err:expr, $pattern:pat => $checks:expr) => {
        match $err {
            $pattern => $checks,
            other => panic!("expected {}, got {other:?}", stringify!($pattern)),
        }
    };
}
