//! Calls per second through the runtime, next to plain reqwest, on a local keep-alive server:
//! `cargo bench -p bkapi-tests --bench calls`.
//!
//! One process, one server, three clients calling the same API (a page of hosts, as CMDB's
//! `search_host` answers it), sequentially, in interleaved rounds so that noise hits all
//! three alike:
//!
//! - **runtime**: `bkapi_runtime::Client::call` into a struct shaped like generated ones
//!   (optional fields, unknown fields kept), what a generated method does;
//! - **reqwest + Value**: a plain `reqwest` POST, the body read as `serde_json::Value`;
//! - **reqwest + typed**: the same, the body decoded straight into the same struct.
//!
//! Prints calls/s for each (median of the rounds) and the runtime's ratio to both.
//! `BKAPI_BENCH_CALLS` (default 2000) calls per round, `BKAPI_BENCH_ROUNDS` (default 5).

use std::time::{Duration, Instant};

use axum::routing::post;
use axum::Router;
use bkapi_runtime::{AuthStyle, Client, Endpoint, Envelope, Method};
use serde::Deserialize;
use serde_json::{json, Map, Value};

const SEARCH_HOST: Endpoint = Endpoint {
    system: "cc",
    name: "search_host",
    method: Method::Post,
    path: "/api/c/compapi/v2/cc/search_host/",
    auth: AuthStyle::Esb,
};

/// Shaped like a generated response type.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct SearchHostResponse {
    count: Option<i64>,
    info: Option<Vec<Host>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Host {
    bk_host_id: Option<i64>,
    bk_host_innerip: Option<String>,
    bk_host_name: Option<String>,
    bk_cloud_id: Option<i64>,
    operator: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

fn response_body(hosts: usize) -> String {
    let info: Vec<Value> = (0..hosts)
        .map(|i| {
            json!({"bk_host_id": i, "bk_host_innerip": format!("10.0.{}.{}", i / 250, i % 250),
                   "bk_host_name": format!("host-{i}"), "bk_cloud_id": 0, "operator": "admin",
                   "bk_os_type": "1"})
        })
        .collect();
    json!({"result": true, "code": 0, "message": "success", "permission": null,
           "request_id": "c8d9e0f1", "data": {"count": hosts, "info": info}})
    .to_string()
}

fn request() -> Value {
    json!({"bk_biz_id": 3, "page": {"start": 0, "limit": 20},
           "condition": [{"bk_obj_id": "host", "fields": ["bk_host_id", "bk_host_innerip"]}]})
}

async fn serve(body: String) -> String {
    let app = Router::new().route(
        "/api/c/compapi/v2/cc/search_host/",
        post(move || {
            let body = body.clone();
            async move { ([("content-type", "application/json")], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// A plain reqwest POST of `body`, as a caller without the runtime would send it: the bytes.
async fn plain_post(client: &reqwest::Client, url: &str, auth: &str, body: &Value) -> bytes::Bytes {
    client
        .post(url)
        .header("x-bkapi-authorization", auth)
        .json(body)
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    xs[xs.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let calls = env("BKAPI_BENCH_CALLS", 2000);
    let rounds = env("BKAPI_BENCH_ROUNDS", 5);
    let hosts = env("BKAPI_BENCH_HOSTS", 20);
    let base = serve(response_body(hosts)).await;
    let url = format!("{base}{}", SEARCH_HOST.path);

    let runtime = Client::builder(&base)
        .app_code("bench-app")
        .app_secret("bench-secret")
        .username("admin")
        .build()
        .unwrap();
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // What a hand-written caller sends: the request with the credentials in it.
    let mut body = request();
    body["bk_app_code"] = json!("bench-app");
    body["bk_app_secret"] = json!("bench-secret");
    body["bk_username"] = json!("admin");
    let auth =
        r#"{"bk_app_code":"bench-app","bk_app_secret":"bench-secret","bk_username":"admin"}"#;

    let request = request();
    let mut results: [(&str, Vec<f64>); 3] = [
        ("runtime (generated-style call)", Vec::new()),
        ("reqwest + serde_json::Value", Vec::new()),
        ("reqwest + typed struct", Vec::new()),
    ];
    for round in 0..=rounds {
        for (which, (_, samples)) in results.iter_mut().enumerate() {
            let start = Instant::now();
            for _ in 0..calls {
                match which {
                    0 => {
                        let data: SearchHostResponse =
                            runtime.call(&SEARCH_HOST, &request).await.unwrap();
                        std::hint::black_box(data);
                    }
                    1 => {
                        let bytes = plain_post(&plain, &url, auth, &body).await;
                        let value: Value = serde_json::from_slice(&bytes).unwrap();
                        std::hint::black_box(value);
                    }
                    _ => {
                        let bytes = plain_post(&plain, &url, auth, &body).await;
                        let envelope: Envelope<SearchHostResponse> =
                            serde_json::from_slice(&bytes).unwrap();
                        std::hint::black_box(envelope);
                    }
                }
            }
            // Round 0 warms the connections and caches up; it is not counted.
            if round > 0 {
                samples.push(calls as f64 / start.elapsed().as_secs_f64());
            }
        }
    }
    let rate: Vec<f64> = results.iter().map(|(_, s)| median(s.clone())).collect();
    println!("{calls} sequential calls per round, {rounds} rounds, {hosts} hosts per answer");
    for ((name, _), r) in results.iter().zip(&rate) {
        println!("{name:34} {r:9.0} calls/s");
    }
    println!(
        "runtime / reqwest + Value: {:.2}x; runtime / reqwest + typed: {:.2}x",
        rate[0] / rate[1],
        rate[0] / rate[2]
    );
}
