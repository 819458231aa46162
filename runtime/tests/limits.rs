//! Misbehaving servers, as real local servers: bodies too large or endless, redirects to
//! another origin, slow answers through a client of the caller's, secrets echoed in odd places,
//! and credentials over plain http.

mod common;

use std::time::Duration;

use bkapi_runtime::{CallOptions, Client, ClientBuilder, Code, Error};
use common::*;
use serde_json::{json, Value};

fn builder(base: &str) -> ClientBuilder {
    Client::builder(base)
        .app_code("my-app")
        .app_secret(SECRET)
        .token(TOKEN)
        .timeout(Duration::from_secs(10))
}

/// A server whose answer streams chunks of 64 KiB with no `Content-Length`, `chunks` of them
/// at most, and stops when the client hangs up.
async fn streaming_server(chunks: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = vec![0u8; 64 * 1024];
                let _ = socket.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("10000\r\n{}\r\n", " ".repeat(64 * 1024));
                for _ in 0..chunks {
                    if socket.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_from_its_length_and_while_streaming() {
    // Declared: Content-Length says 2 MiB, over a 1 MiB limit.
    let big = " ".repeat(2 * 1024 * 1024);
    let (base, _) = server(move |_| (200, vec![], big.clone())).await;
    let client = builder(&base).max_body_bytes(1024 * 1024).build().unwrap();
    let err = client
        .call::<_, Value>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    expect_error!(&err, Error::BodyTooLarge { api, limit } => {
        assert_eq!(api, "cc.search_host");
        assert_eq!(*limit, 1024 * 1024);
    });
    assert!(err.to_string().contains("1048576 bytes"), "{err}");

    // Streamed with no length: 64 MiB in chunks, cut off at the default 32 MiB... or at a
    // per-call limit, which wins over the client's.
    let base = streaming_server(1024).await;
    let client = builder(&base).build().unwrap();
    let small = client.with(CallOptions::new().max_body_bytes(256 * 1024));
    let err = small
        .call::<_, Value>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    expect_error!(&err, Error::BodyTooLarge { limit, .. } => assert_eq!(*limit, 256 * 1024));
    let err = client
        .call::<_, Value>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    expect_error!(&err, Error::BodyTooLarge { limit, .. } => {
        assert_eq!(*limit, bkapi_runtime::DEFAULT_MAX_BODY_BYTES);
    });
}

#[tokio::test]
async fn credentials_never_follow_a_redirect_even_through_the_callers_client() {
    // The other origin records whatever reaches it.
    let (elsewhere, seen_elsewhere) = server(|_| ok(json!({}))).await;
    let target = format!("{elsewhere}/steal");
    let (base, _) = server(move |_| (307, vec![("location", target.clone())], String::new())).await;
    // A caller's builder that asks for redirects to be followed.
    let client = builder(&base)
        .http_client(|| {
            Client::http_builder().redirect(bkapi_runtime::reqwest::redirect::Policy::limited(5))
        })
        .build()
        .unwrap();
    let err = client
        .call::<_, Value>(&SEARCH_HOST, &json!({"bk_biz_id": 1}))
        .await
        .unwrap_err();
    expect_error!(&err, Error::Http { status, .. } => assert_eq!(*status, 307));
    assert!(
        seen_elsewhere.lock().unwrap().is_empty(),
        "the other origin saw the call"
    );
}

#[tokio::test]
async fn the_timeout_holds_with_the_callers_client() {
    let base = slow_server().await;
    // The caller's builder sets no timeout; the client's own applies per request.
    let client = builder(&base)
        .timeout(Duration::from_millis(300))
        .http_client(Client::http_builder)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client
        .call::<_, Value>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// Calls the server at `base` with a fresh client; the call must fail.
async fn failing_call(base: &str) -> Error {
    builder(base)
        .build()
        .unwrap()
        .call::<_, Value>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn secrets_echoed_in_codes_paths_and_escapes_are_redacted() {
    // A string code that is the secret.
    let code = SECRET.to_owned();
    let (base, _) = server(move |_| {
        let body = json!({"result": false, "code": code, "message": "m", "data": null});
        (200, vec![], body.to_string())
    })
    .await;
    let err = failing_call(&base).await;
    expect_error!(&err, Error::Api { code, .. } => assert_eq!(*code, Code::Str("***".into())));

    // A key named like the token on the path of a decode failure.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Typed {
        #[serde(flatten)]
        by_key: std::collections::BTreeMap<String, u64>,
    }
    let key = TOKEN.to_owned();
    let (base, _) = server(move |_| ok(json!({ key.clone(): "not a number" }))).await;
    let err = builder(&base)
        .build()
        .unwrap()
        .call::<_, std::collections::BTreeMap<String, u64>>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    expect_error!(&err, Error::Decode { path, .. } => {
        assert!(!path.contains(TOKEN) && path.contains("***"), "{path}");
    });

    // The secret echoed with JSON escapes in an error page.
    let escaped: String = SECRET
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    let (base, _) = server(move |_| (500, vec![], format!(r#"{{"echo": "{escaped}"}}"#))).await;
    let err = failing_call(&base).await;
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    expect_error!(&err, Error::Http { body, .. } => assert!(body.contains("***"), "{body}"));
}
