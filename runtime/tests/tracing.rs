//! One `tracing` span per call, with API name, method, path, status and request id, and no
//! bodies or secrets. In a test binary of its own: tracing caches per-callsite interest
//! globally, and tests running in parallel on other threads (with no subscriber) race with it.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bkapi_runtime::Client;
use serde::Deserialize;
use serde_json::json;

use common::*;

#[derive(Debug, Deserialize)]
struct Host {
    #[allow(dead_code)]
    bk_host_id: u64,
}

fn full_builder(base: &str) -> bkapi_runtime::ClientBuilder {
    Client::builder(base)
        .app_code("my-app")
        .app_secret(SECRET)
        .username("admin")
        .token(TOKEN)
        .access_token(ACCESS_TOKEN)
        .timeout(Duration::from_secs(10))
}

/// A subscriber that writes every span, field record and event as a line of text.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicUsize>,
}

struct Visitor<'a>(&'a mut String);

impl tracing::field::Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write;
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) as u64 + 1;
        let mut line = format!("span#{id} {}", span.metadata().name());
        span.record(&mut Visitor(&mut line));
        self.lines.lock().unwrap().push(line);
        tracing::span::Id::from_u64(id)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = format!("record#{}", span.into_u64());
        values.record(&mut Visitor(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = format!("event {}", event.metadata().level());
        event.record(&mut Visitor(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn one_span_per_call_without_bodies_or_secrets() {
    let (base, _) = server(|s| {
        if s.json_body()["fail"] == true {
            let body = json!({"result": false, "code": 5, "message": "RESPONSE-MARKER",
                              "request_id": "rid-fail"});
            (200, vec![], body.to_string())
        } else {
            ok(json!({"bk_host_id": 1, "note": "RESPONSE-MARKER"}))
        }
    })
    .await;
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let c = full_builder(&base).build().unwrap();
    let _: Host = c
        .call(&SEARCH_HOST, &json!({"marker": "REQUEST-MARKER"}))
        .await
        .unwrap();
    let _ = c
        .call::<_, Host>(
            &SEARCH_HOST,
            &json!({"fail": true, "marker": "REQUEST-MARKER"}),
        )
        .await
        .unwrap_err();
    drop(_guard);

    let lines = recorder.lines.lock().unwrap().clone();
    let all = lines.join("\n");
    let spans: Vec<&String> = lines.iter().filter(|l| l.contains(" bkapi ")).collect();
    assert_eq!(spans.len(), 2, "{all}");
    for span in &spans {
        assert!(span.contains("api=\"cc.search_host\""), "{span}");
        assert!(span.contains("method=\"POST\""), "{span}");
        assert!(
            span.contains("path=\"/api/c/compapi/v2/cc/search_host/\""),
            "{span}"
        );
    }
    assert!(all.contains("status=200"), "{all}");
    assert!(all.contains("request_id=\"rid-ok\""), "{all}");
    assert!(all.contains("request_id=\"rid-fail\""), "{all}");
    assert!(all.contains("error=\"api\""), "{all}");
    for secret in [
        SECRET,
        TOKEN,
        ACCESS_TOKEN,
        "REQUEST-MARKER",
        "RESPONSE-MARKER",
    ] {
        assert!(!all.contains(secret), "{secret} in traces:\n{all}");
    }
}

#[test]
fn credentials_over_plain_http_are_warned_about_once_per_client() {
    let recorder = Recorder::default();
    let guard = tracing::subscriber::set_default(recorder.clone());
    let _plain = full_builder("HTTP://user:PassWord-1@bk.example.com")
        .build()
        .unwrap();
    let _tls = full_builder("https://bk.example.com").build().unwrap();
    let _no_secret = Client::builder("http://bk.example.com")
        .app_code("my-app")
        .build()
        .unwrap();
    drop(guard);
    let lines = recorder.lines.lock().unwrap().clone();
    let warnings: Vec<&String> = lines.iter().filter(|l| l.contains("plain http")).collect();
    assert_eq!(warnings.len(), 1, "{lines:#?}");
    assert!(warnings[0].contains("bk.example.com:80"), "{}", warnings[0]);
    for secret in [SECRET, TOKEN, ACCESS_TOKEN, "PassWord-1"] {
        assert!(!warnings[0].contains(secret));
    }
}
