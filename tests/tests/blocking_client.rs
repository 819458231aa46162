//! The generated `blocking` client (cargo feature `blocking`) sends what the async one sends
//! and returns what it returns.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::Router;
use bkapi_sdk::cc::{UpdateModuleRequest, UpdateModuleRequestData};
use bkapi_sdk::{CallOptions, Client, Error};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

type Log = Arc<Mutex<Vec<(Value, Value)>>>;

/// Answers `data: {"n": <bk_biz_id>}`, or an API error when `bk_biz_id` is 0; records the body
/// and the authorization header.
async fn serve() -> (String, Log) {
    let log: Log = Arc::default();
    let seen = log.clone();
    let app = Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let seen = seen.clone();
        async move {
            let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let auth = headers
                .get("x-bkapi-authorization")
                .and_then(|v| serde_json::from_slice(v.as_bytes()).ok())
                .unwrap_or(Value::Null);
            let biz = body["bk_biz_id"].clone();
            seen.lock().unwrap().push((body, auth));
            let reply = if biz == 0 {
                json!({"result": false, "code": 1199014, "message": "no such business", "request_id": "r0"})
            } else {
                json!({"result": true, "code": 0, "data": {"n": biz}, "request_id": "r1"})
            };
            reply.to_string()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), log)
}

fn request(biz: i64) -> UpdateModuleRequest {
    UpdateModuleRequest {
        bk_biz_id: biz,
        data: UpdateModuleRequestData {
            bk_module_name: Some("db".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn builder(url: &str) -> bkapi_sdk::ClientBuilder<Client> {
    Client::builder(url)
        .app_code("app")
        .app_secret("s3cret-Blocking")
        .username("admin")
}

#[test]
fn blocking_and_async_generated_clients_agree() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (url, log) = rt.block_on(serve());
    let async_client = builder(&url).build().unwrap();
    let blocking = bkapi_sdk::blocking::Client::new(builder(&url).build_blocking().unwrap());
    let render = |r: Result<bkapi_sdk::cc::UpdateModuleResponse, Error>| match r {
        Ok(data) => format!("ok {data:?}"),
        Err(e) => format!("err {e} / {e:?}"),
    };
    for biz in [7, 0] {
        let a = render(rt.block_on(async_client.cc().update_module(&request(biz))));
        let b = render(blocking.cc().update_module(&request(biz)));
        assert_eq!(a, b);
        assert!(!a.contains("s3cret-Blocking"), "{a}");
    }
    let sent = log.lock().unwrap().clone();
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[0], sent[1], "both clients sent the same request");

    // Per-call options through the generated clients.
    let b = blocking
        .with(CallOptions::new().username("bob"))
        .cc()
        .update_module(&request(3))
        .unwrap();
    assert_eq!(b["n"], 3);
    let a = rt
        .block_on(
            async_client
                .with(CallOptions::new().username("bob"))
                .cc()
                .update_module(&request(3)),
        )
        .unwrap();
    assert_eq!(a, b);
    let sent = log.lock().unwrap().clone();
    assert_eq!(sent[4].1["bk_username"], "bob");
    assert_eq!(sent[4], sent[5]);
}
