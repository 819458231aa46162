//! The mock BlueKing's throughput through the generated client: `cargo bench -p bkapi-tests
//! --bench mock`.
//!
//! One mock serving the shipped docs; the committed SDK's client calls `cc.update_module`
//! with the doc's request, sequentially and from 16 tasks at once, each call checked for
//! credentials, validated against the request type and answered from the doc's example.
//! Prints calls/s for each (median of the rounds). `BKAPI_BENCH_CALLS` (default 2000) calls
//! per round, `BKAPI_BENCH_ROUNDS` (default 5).

#[path = "../tests/support/seed_request.rs"]
mod seed_request;

use bkapi_mock::{MockServer, Spec};
use bkapi_sdk::Client;
use seed_request::request;
use std::time::Instant;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let calls = env("BKAPI_BENCH_CALLS", 2000);
    let rounds = env("BKAPI_BENCH_ROUNDS", 5);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
        let mut config = codegen::Config::new();
        config.input(docs);
        let ir = config.load_all().unwrap().ir;
        let spec = Spec::from_value(serde_json::to_value(&ir).unwrap()).unwrap();
        let server = MockServer::start(spec).await.unwrap();
        let client = Client::builder(server.url())
            .app_code("bench")
            .app_secret("bench-secret")
            .username("admin")
            .build()
            .unwrap();
        let req = request();
        let (mut sequential, mut concurrent) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let start = Instant::now();
            for _ in 0..calls {
                client.cc().update_module(&req).await.unwrap();
            }
            sequential.push(calls as f64 / start.elapsed().as_secs_f64());

            let start = Instant::now();
            let tasks: Vec<_> = (0..16)
                .map(|_| {
                    let (client, req) = (client.clone(), req.clone());
                    tokio::spawn(async move {
                        for _ in 0..calls / 16 {
                            client.cc().update_module(&req).await.unwrap();
                        }
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
            concurrent.push((calls / 16 * 16) as f64 / start.elapsed().as_secs_f64());
        }
        println!("mock BlueKing, cc.update_module through the generated client ({calls} calls x {rounds} rounds):");
        println!("  sequential     {:>8.0} calls/s", median(sequential));
        println!("  16 concurrent  {:>8.0} calls/s", median(concurrent));
        assert_eq!(
            server.requests().len(),
            rounds * (calls + calls / 16 * 16),
            "every call reached the mock"
        );
    });
}
