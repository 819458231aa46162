//! The server a test holds: it starts and stops the HTTP side ([`crate::handler`]), and
//! keeps what tests change while it runs (answers, failures, the app) and the calls it saw.

use crate::routes::Routes;
use crate::spec::Spec;
use crate::{validate, Error};
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::watch;

/// A failure to inject into an API's calls ([`MockServer::fail`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Answer with this HTTP status (and a short JSON body); 200 to 999.
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
    /// No API at this path (404).
    NotFound,
    /// APIs at this path, none under this method (405).
    MethodNotAllowed,
    /// `OPTIONS`: answered with the path's methods (204).
    Options,
    /// Refused: the body is larger than [`MAX_BODY_BYTES`] (413).
    TooLarge,
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

/// At most this many calls are kept ([`MockServer::requests`]).
pub const MAX_RECORDED: usize = 100_000;

/// At most this many bytes of requests (path, query and body, as received) are kept: the
/// oldest calls are dropped first. With [`MAX_RECORDED`] this bounds the memory of a mock
/// left running, whatever the size of its calls' bodies. Parsed, a request takes a few
/// times its size in bytes (up to about 16 times for a list of one-digit numbers).
pub const MAX_RECORDED_BYTES: usize = 64 << 20;

/// The largest request body read; a larger one is answered 413 ([`Verdict::TooLarge`]).
pub const MAX_BODY_BYTES: usize = 2 << 20;

#[derive(Default)]
struct Changes {
    answers: HashMap<String, Value>,
    failures: HashMap<String, Failure>,
    /// Each call with its size in bytes.
    recorded: VecDeque<(usize, Recorded)>,
    recorded_bytes: usize,
    app: Option<(String, String)>,
}

pub(crate) struct State {
    pub(crate) spec: Spec,
    pub(crate) routes: Routes,
    by_key: HashMap<String, usize>,
    changes: Mutex<Changes>,
    pub(crate) next_id: AtomicU64,
    /// Turns true when the server is told to stop.
    stopping: watch::Sender<bool>,
}

impl State {
    fn changes(&self) -> MutexGuard<'_, Changes> {
        // A test that panicked while holding the lock leaves usable data behind.
        self.changes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What tests set for `api`: the required app, an injected failure, an answer.
    pub(crate) fn for_api(
        &self,
        api: &str,
    ) -> (Option<(String, String)>, Option<Failure>, Option<Value>) {
        let changes = self.changes();
        (
            changes.app.clone(),
            changes.failures.get(api).cloned(),
            changes.answers.get(api).cloned(),
        )
    }

    /// Resolves once the server is told to stop (at once if it was).
    pub(crate) async fn stopped(&self) {
        let mut seen = self.stopping.subscribe();
        let _ = seen.wait_for(|stop| *stop).await;
    }

    fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// Keeps a call, dropping the oldest ones beyond the limits.
    pub(crate) fn record(&self, call: Recorded, size: usize) {
        let mut changes = self.changes();
        changes.recorded_bytes += size;
        changes.recorded.push_back((size, call));
        while changes.recorded.len() > MAX_RECORDED
            || (changes.recorded_bytes > MAX_RECORDED_BYTES && changes.recorded.len() > 1)
        {
            if let Some((size, _)) = changes.recorded.pop_front() {
                changes.recorded_bytes -= size;
            }
        }
    }
}

/// A running mock server. It stops when dropped: it takes no new calls, ends injected
/// delays, answers the calls in flight, and frees its port as soon as the runtime next runs
/// it; [`MockServer::shutdown`] waits for that.
pub struct MockServer {
    addr: SocketAddr,
    url: String,
    state: Arc<State>,
    /// `None` once [`MockServer::wait`] or [`MockServer::shutdown`] took it.
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
            stopping: watch::Sender::new(false),
        });
        let shared = state.clone();
        let app = axum::Router::new()
            .fallback(move |method, uri, headers, body| {
                crate::handler::handle(shared.clone(), method, uri, headers, body)
            })
            // The handler reads the body itself, to record and answer a call too large.
            .layer(axum::extract::DefaultBodyLimit::disable());
        let signal = state.clone();
        // Graceful: on the signal the listener is closed at once, idle connections are
        // closed, and calls in flight are answered.
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move { signal.stopped().await })
                .await;
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
    /// When the docs have no such API, or for a [`Failure::Status`] that HTTP cannot send
    /// (below 200 or above 999).
    pub fn fail(&self, api: &str, failure: Failure) -> &Self {
        self.known(api);
        if let Failure::Status(code) = failure {
            assert!(
                (200..=999).contains(&code),
                "Failure::Status({code}): HTTP sends final statuses from 200 to 999"
            );
        }
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

    /// The calls so far, in order (the last [`MAX_RECORDED`], within
    /// [`MAX_RECORDED_BYTES`]).
    pub fn requests(&self) -> Vec<Recorded> {
        let changes = self.state.changes();
        changes.recorded.iter().map(|(_, r)| r.clone()).collect()
    }

    /// Stops the server and waits until its port is free and the calls in flight are
    /// answered (injected delays end at once).
    pub async fn shutdown(mut self) {
        self.state.stop();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
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
        // Not awaited: a drop cannot wait. The task closes the listener when it next runs.
        self.state.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State {
            spec: Spec { apis: Vec::new() },
            routes: Routes::new(&[]),
            by_key: HashMap::new(),
            changes: Mutex::default(),
            next_id: AtomicU64::new(1),
            stopping: watch::Sender::new(false),
        }
    }

    fn call(path: &str) -> Recorded {
        Recorded {
            api: None,
            method: "POST".into(),
            path: path.into(),
            request: Map::new(),
            verdict: Verdict::NotFound,
        }
    }

    #[test]
    fn recorded_calls_stay_within_the_byte_budget() {
        let state = state();
        let big = MAX_RECORDED_BYTES / 4 + 1;
        for i in 0..5 {
            state.record(call(&format!("/{i}")), big);
        }
        let changes = state.changes();
        let kept: Vec<&str> = changes.recorded.iter().map(|(_, r)| &*r.path).collect();
        assert_eq!(kept, ["/2", "/3", "/4"]);
        assert_eq!(changes.recorded_bytes, 3 * big);
        drop(changes);
        // One call larger than the budget is still kept, alone.
        state.record(call("/huge"), MAX_RECORDED_BYTES + 1);
        assert_eq!(state.changes().recorded.len(), 1);
        state.record(call("/small"), 10);
        let kept = state.changes().recorded.len();
        assert_eq!(kept, 1, "the huge call gives way to the next one");
    }

    #[test]
    fn recorded_calls_stay_within_the_count() {
        let state = state();
        for i in 0..MAX_RECORDED + 3 {
            state.record(call(&format!("/{i}")), 1);
        }
        let changes = state.changes();
        assert_eq!(changes.recorded.len(), MAX_RECORDED);
        assert_eq!(changes.recorded[0].1.path, "/3");
        assert_eq!(changes.recorded_bytes, MAX_RECORDED);
    }
}
