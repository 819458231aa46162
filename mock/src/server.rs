//! The HTTP side: one handler that finds the API, checks credentials and the request, and
//! answers; the state tests change while it runs.

use crate::routes::Routes;
use crate::spec::{Spec, Ty};
use crate::synth::{self, Source};
use crate::{validate, Error, APP_VERIFY_FAILED};
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Credential fields: never recorded, never validated as request fields.
pub const CREDENTIALS: &[&str] = &[
    "bk_app_code",
    "bk_app_secret",
    "bk_username",
    "bk_token",
    "access_token",
];

/// A failure to inject into an API's calls ([`MockServer::fail`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Answer with this HTTP status (and a short JSON body).
    Status(u16),
    /// Answer HTTP 200 with `result: false`, this code and message.
    ResultFalse {
        /// The envelope's `code`.
        code: i64,
        /// The envelope's `message`.
        message: String,
    },
    /// Wait this long before answering as usual.
    Delay(Duration),
    /// Answer with the first half of the usual body only.
    TruncatedBody,
}

/// How the mock judged a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Answered with `data`, from the doc's example, a synthesised value or an override.
    Answered(&'static str),
    /// Refused: no usable app credentials (the gateway's `X-Bkapi-Error-*` headers).
    Unauthenticated(String),
    /// Refused: the request does not fit the API (`result: false`).
    Invalid(validate::Invalid),
    /// An injected failure.
    Injected(Failure),
    /// No API at this method and path.
    NotFound,
}

/// One call, as the mock saw it. Credentials are not kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// `system.name`, or `None` when no API matched.
    pub api: Option<String>,
    /// `GET`, `POST` ...
    pub method: String,
    /// The path.
    pub path: String,
    /// The request's fields (query or body, and path segments), without credentials.
    pub request: Map<String, Value>,
    /// What the mock did.
    pub verdict: Verdict,
}

/// At most this many calls are kept ([`MockServer::requests`]): a mock left running serves
/// any number of calls in bounded memory.
pub const MAX_RECORDED: usize = 100_000;

#[derive(Default)]
struct Changes {
    answers: HashMap<String, Value>,
    failures: HashMap<String, Failure>,
    recorded: std::collections::VecDeque<Recorded>,
    app: Option<(String, String)>,
}

struct State {
    spec: Spec,
    routes: Routes,
    by_key: HashMap<String, usize>,
    changes: Mutex<Changes>,
    next_id: AtomicU64,
}

impl State {
    fn changes(&self) -> MutexGuard<'_, Changes> {
        // A test that panicked while holding the lock leaves usable data behind.
        self.changes.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running mock server; it stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    url: String,
    state: Arc<State>,
    /// `None` once [`MockServer::wait`] took it.
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url)
            .field("apis", &self.state.spec.apis.len())
            .finish()
    }
}

impl MockServer {
    /// Starts serving `spec` on a free port of 127.0.0.1.
    pub async fn start(spec: Spec) -> Result<MockServer, Error> {
        MockServer::start_at(spec, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts serving `spec` on `addr`.
    pub async fn start_at(spec: Spec, addr: SocketAddr) -> Result<MockServer, Error> {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Listen { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| Error::Listen { addr, source })?;
        let state = Arc::new(State {
            routes: Routes::new(&spec.apis),
            by_key: spec
                .apis
                .iter()
                .enumerate()
                .map(|(i, a)| (a.key(), i))
                .collect(),
            spec,
            changes: Mutex::default(),
            next_id: AtomicU64::new(1),
        });
        let shared = state.clone();
        let app = axum::Router::new().fallback(move |method, uri, headers, body| {
            handle(shared.clone(), method, uri, headers, body)
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(MockServer {
            addr,
            url: format!("http://{addr}"),
            state,
            task: Some(task),
        })
    }

    /// The base URL to give the SDK's client (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the process is stopped (for the command line).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Answers `api` (`"cc.search_host"`) with this `data` from now on.
    ///
    /// # Panics
    /// When the docs have no such API: a misspelt name fails the test that made it.
    pub fn respond(&self, api: &str, data: Value) -> &Self {
        self.known(api);
        self.state.changes().answers.insert(api.to_string(), data);
        self
    }

    /// Makes every call of `api` fail this way from now on.
    ///
    /// # Panics
    /// When the docs have no such API.
    pub fn fail(&self, api: &str, failure: Failure) -> &Self {
        self.known(api);
        self.state
            .changes()
            .failures
            .insert(api.to_string(), failure);
        self
    }

    /// Drops the answers and failures set for `api`.
    pub fn reset(&self, api: &str) -> &Self {
        let mut changes = self.state.changes();
        changes.answers.remove(api);
        changes.failures.remove(api);
        self
    }

    /// Accepts only this app code and secret (by default any non-empty ones).
    pub fn require_app(&self, code: &str, secret: &str) -> &Self {
        self.state.changes().app = Some((code.to_string(), secret.to_string()));
        self
    }

    /// The calls so far, in order (the last [`MAX_RECORDED`]).
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.changes().recorded.iter().cloned().collect()
    }

    /// The names of the APIs served, `system.name`, sorted.
    pub fn apis(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.state.by_key.keys().cloned().collect();
        keys.sort();
        keys
    }

    fn known(&self, api: &str) {
        assert!(
            self.state.by_key.contains_key(api),
            "the mock serves no API `{api}`; it serves {} APIs such as {:?}",
            self.state.by_key.len(),
            self.apis().into_iter().take(5).collect::<Vec<_>>()
        );
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

async fn handle(
    state: Arc<State>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let (response, recorded) = judge(&state, &method, &uri, &headers, &body).await;
    tracing::info!(
        method = %method,
        path = %path,
        api = recorded.api.as_deref().unwrap_or("-"),
        verdict = ?recorded.verdict,
        "mock call"
    );
    let mut changes = state.changes();
    if changes.recorded.len() == MAX_RECORDED {
        changes.recorded.pop_front();
    }
    changes.recorded.push_back(recorded);
    response
}

async fn judge(
    state: &State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> (Response, Recorded) {
    let path = uri.path().to_string();
    let mut recorded = Recorded {
        api: None,
        method: method.as_str().to_string(),
        path: path.clone(),
        request: Map::new(),
        verdict: Verdict::NotFound,
    };
    let request_id = format!("mock-{:08}", state.next_id.fetch_add(1, Ordering::Relaxed));
    let Some(matched) = state.routes.find(method.as_str(), &path) else {
        let status = match state.routes.has_path(&path) {
            true => StatusCode::METHOD_NOT_ALLOWED,
            false => StatusCode::NOT_FOUND,
        };
        let body = json!({"result": false, "code": status.as_u16(), "message": format!("no API at {} {path}", method.as_str()), "data": null});
        return (reply(status, &body, &request_id), recorded);
    };
    let api = &state.spec.apis[matched.api];
    recorded.api = Some(api.key());

    // The request's fields: the query string or the JSON body.
    let query = method == Method::GET;
    let mut fields = match query {
        true => query_fields(uri.query().unwrap_or("")),
        false if body.is_empty() => Map::new(),
        false => match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => map,
            _ => {
                let invalid = validate::Invalid {
                    code: validate::WRONG_TYPE,
                    field: String::new(),
                    message: "the request body is not a JSON object".into(),
                };
                let body = envelope_false(invalid.code, &invalid.message, &request_id);
                recorded.verdict = Verdict::Invalid(invalid);
                return (reply(StatusCode::OK, &body, &request_id), recorded);
            }
        },
    };

    // Credentials, as the gateway reads them: the X-Bkapi-Authorization header, and for ESB
    // also the body or query.
    let mut creds = header_credentials(headers);
    if api.route.auth == "esb" {
        for key in CREDENTIALS {
            if let Some(Value::String(v)) = fields.get(*key) {
                creds.entry(key.to_string()).or_insert_with(|| v.clone());
            }
        }
    }
    for key in CREDENTIALS {
        fields.shift_remove(*key);
    }
    for (field, value) in &matched.params {
        fields
            .entry(field.clone())
            .or_insert_with(|| path_value(api, field, value));
    }
    recorded.request = fields.clone();
    let (app, failure, answer) = {
        let changes = state.changes();
        (
            changes.app.clone(),
            changes.failures.get(&api.key()).cloned(),
            changes.answers.get(&api.key()).cloned(),
        )
    };
    if let Some(why) = unauthenticated(&creds, app.as_ref()) {
        recorded.verdict = Verdict::Unauthenticated(why.clone());
        return (gateway_error(&why, &request_id), recorded);
    }

    match &failure {
        Some(Failure::Status(code)) => {
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            recorded.verdict = Verdict::Injected(Failure::Status(*code));
            let body =
                json!({"result": false, "code": code, "message": "injected failure", "data": null});
            return (reply(status, &body, &request_id), recorded);
        }
        Some(Failure::ResultFalse { code, message }) => {
            recorded.verdict = Verdict::Injected(failure.clone().expect("matched"));
            let body = envelope_false(*code, message, &request_id);
            return (reply(StatusCode::OK, &body, &request_id), recorded);
        }
        Some(Failure::Delay(d)) => tokio::time::sleep(*d).await,
        Some(Failure::TruncatedBody) | None => {}
    }

    if let Err(invalid) = validate::check(api, &fields, query) {
        let body = envelope_false(invalid.code, &invalid.message, &request_id);
        recorded.verdict = Verdict::Invalid(invalid);
        return (reply(StatusCode::OK, &body, &request_id), recorded);
    }

    let (data, source) = match answer {
        Some(data) => (data, Source::Override),
        None => synth::answer(api),
    };
    let body = json!({
        "result": true,
        "code": 0,
        "message": "success",
        "permission": null,
        "request_id": request_id,
        "data": data,
    });
    if failure == Some(Failure::TruncatedBody) {
        recorded.verdict = Verdict::Injected(Failure::TruncatedBody);
        let text = body.to_string();
        // Half the bytes, cut where a character starts (the body may hold Chinese text).
        let mut cut = text.len() / 2;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let half = text[..cut].to_string();
        return (raw(StatusCode::OK, half, &request_id), recorded);
    }
    recorded.verdict = Verdict::Answered(source.word());
    (reply(StatusCode::OK, &body, &request_id), recorded)
}

/// A path segment's value as the request field it fills: a number where the field is one
/// and the text reads as one, else the text.
fn path_value(api: &crate::spec::Api, field: &str, text: &str) -> Value {
    let ty = api
        .types
        .get(api.request)
        .and_then(|o| o.fields.iter().find(|f| f.wire_name == field))
        .map(|f| &f.ty);
    let number = match ty {
        Some(Ty::Integer) => text.parse::<i64>().ok().map(Value::from),
        Some(Ty::Number) => text.parse::<f64>().ok().map(Value::from),
        _ => None,
    };
    number.unwrap_or_else(|| Value::String(text.to_string()))
}

/// A query string's fields; a key given twice becomes a list.
fn query_fields(query: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        let v = Value::String(v.into_owned());
        match map.get_mut(k.as_ref()) {
            Some(Value::Array(items)) => items.push(v),
            Some(first) => *first = Value::Array(vec![first.take(), v]),
            None => {
                map.insert(k.into_owned(), v);
            }
        }
    }
    map
}

/// The credentials in `X-Bkapi-Authorization` (a JSON object).
fn header_credentials(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .get("x-bkapi-authorization")
        .and_then(|v| serde_json::from_slice::<Map<String, Value>>(v.as_bytes()).ok())
        .map(|m| {
            m.into_iter()
                .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Why the gateway would refuse these credentials, if it would.
fn unauthenticated(
    creds: &HashMap<String, String>,
    app: Option<&(String, String)>,
) -> Option<String> {
    let get = |k: &str| creds.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let Some(code) = get("bk_app_code") else {
        return Some("app code cannot be empty".into());
    };
    let Some(secret) = get("bk_app_secret") else {
        return Some("app secret cannot be empty".into());
    };
    match app {
        Some((c, s)) if c != code || s != secret => {
            Some("the app code or app secret is wrong".into())
        }
        _ => None,
    }
}

fn gateway_error(message: &str, request_id: &str) -> Response {
    let body = json!({"result": false, "code": APP_VERIFY_FAILED, "code_name": "APP_VERIFY_FAILED", "message": message, "data": null});
    let mut response = reply(StatusCode::UNAUTHORIZED, &body, request_id);
    let headers = response.headers_mut();
    headers.insert("x-bkapi-error-code", HeaderValue::from_static("1640001"));
    if let Ok(v) = HeaderValue::from_str(message) {
        headers.insert("x-bkapi-error-message", v);
    }
    response
}

fn envelope_false(code: i64, message: &str, request_id: &str) -> Value {
    json!({"result": false, "code": code, "message": message, "request_id": request_id, "data": null})
}

fn reply(status: StatusCode, body: &Value, request_id: &str) -> Response {
    raw(status, body.to_string(), request_id)
}

fn raw(status: StatusCode, body: String, request_id: &str) -> Response {
    let mut response = (status, [("content-type", "application/json")], body).into_response();
    if let Ok(v) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-bkapi-request-id", v);
    }
    response
}
