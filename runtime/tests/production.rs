//! Configuration, per-call overrides, gateway errors, retries, paging, blocking and tracing,
//! each against a real axum server on 127.0.0.1 that asserts what reached the wire.

mod common;

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bkapi_runtime::{
    AuthStyle, CallOptions, Client, ClientBuilder, Code, Endpoint, Error, Method, RetryPolicy,
    Stream,
};
use serde::Deserialize;
use serde_json::{json, Value};

use common::*;

const LIST_HOSTS: Endpoint = Endpoint {
    system: "cc",
    name: "list_hosts",
    method: Method::Get,
    path: "/api/c/compapi/v2/cc/list_hosts/",
    auth: AuthStyle::Esb,
};

const GW_SEARCH: Endpoint = Endpoint {
    system: "cmdb",
    name: "search_business",
    method: Method::Post,
    path: "/api/v3/biz/search/{bk_supplier_account}",
    auth: AuthStyle::Gateway,
};

#[derive(Debug, Deserialize, PartialEq, Clone)]
struct Host {
    bk_host_id: u64,
}

fn full_builder(base: &str) -> ClientBuilder {
    Client::builder(base)
        .app_code("my-app")
        .app_secret(SECRET)
        .username("admin")
        .token(TOKEN)
        .access_token(ACCESS_TOKEN)
        .timeout(Duration::from_secs(10))
}

fn auth_header(seen: &Seen) -> Value {
    serde_json::from_str(seen.header("x-bkapi-authorization").expect("auth header")).unwrap()
}

fn last(log: &Log) -> Seen {
    log.lock()
        .unwrap()
        .last()
        .cloned()
        .expect("a request arrived")
}

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn every_builder_option_reaches_the_wire() {
    let (base, log) = server(|_| ok(json!({}))).await;
    let c = full_builder(&base)
        .language("en")
        .test_env(true)
        .header("X-Extra", "extra-value")
        .esb_api_version("v3")
        .build()
        .unwrap();
    let _: Value = c
        .call(&SEARCH_HOST, &json!({"bk_biz_id": 1}))
        .await
        .unwrap();
    let seen = last(&log);
    assert_eq!(
        seen.path, "/api/c/compapi/v3/cc/search_host/",
        "API version"
    );
    assert_eq!(seen.header("blueking-language"), Some("en"));
    assert_eq!(seen.header("accept-language"), Some("en"));
    assert_eq!(seen.header("x-use-test-env"), Some("1"));
    assert_eq!(seen.header("x-extra"), Some("extra-value"));
    let creds = json!({"bk_app_code": "my-app", "bk_app_secret": SECRET, "bk_username": "admin",
                       "bk_token": TOKEN, "access_token": ACCESS_TOKEN});
    assert_eq!(auth_header(&seen), creds, "ESB: credentials in the header");
    let body = seen.json_body();
    for (k, v) in creds.as_object().unwrap() {
        assert_eq!(&body[k], v, "ESB: {k} in the body too");
    }
    assert_eq!(body["bk_biz_id"], 1);

    // An empty version drops the segment; GET puts credentials into the query.
    let c = full_builder(&base).esb_api_version("").build().unwrap();
    let _: Value = c.call(&LIST_HOSTS, &json!({"ids": [1, 2]})).await.unwrap();
    let seen = last(&log);
    assert_eq!(seen.path, "/api/c/compapi/cc/list_hosts/");
    let query = seen.query_pairs();
    assert!(
        query.contains(&("access_token".into(), ACCESS_TOKEN.into())),
        "{query:?}"
    );
    assert!(query.contains(&("ids".into(), "2".into())), "{query:?}");
    assert_eq!(seen.header("x-use-test-env"), None, "off by default");
    assert_eq!(seen.header("blueking-language"), None);

    // Gateway kind forced to the API gateway: header only, even for an ESB-documented API.
    let c = full_builder(&base)
        .gateway_kind(AuthStyle::Gateway)
        .build()
        .unwrap();
    let _: Value = c
        .call(&SEARCH_HOST, &json!({"bk_biz_id": 1}))
        .await
        .unwrap();
    let seen = last(&log);
    assert_eq!(seen.json_body(), json!({"bk_biz_id": 1}));
    assert_eq!(auth_header(&seen), creds);

    // And forced to the ESB for a gateway-documented API: body and header.
    let c = full_builder(&base)
        .gateway_kind(AuthStyle::Esb)
        .build()
        .unwrap();
    let _: Value = c
        .call(&GW_SEARCH, &json!({"bk_supplier_account": "0"}))
        .await
        .unwrap();
    let seen = last(&log);
    assert_eq!(seen.path, "/api/v3/biz/search/0");
    assert_eq!(seen.json_body()["bk_app_secret"], SECRET);

    // Default: the gateway API gets the header only.
    let c = full_builder(&base).build().unwrap();
    let _: Value = c
        .call(&GW_SEARCH, &json!({"bk_supplier_account": "a/b"}))
        .await
        .unwrap();
    let seen = last(&log);
    assert_eq!(
        seen.path, "/api/v3/biz/search/a%2Fb",
        "path parameters are percent-encoded"
    );
    assert_eq!(seen.json_body(), json!({}));
    assert_eq!(auth_header(&seen), creds);
}

#[tokio::test]
async fn configuration_from_environment_variables_reaches_the_wire() {
    let (base, log) = server(|_| ok(json!({}))).await;
    let vars: HashMap<&str, String> = [
        ("BK_COMPONENT_API_URL", base.clone()),
        ("BKAPI_APP_CODE", "env-app".into()),
        ("BK_APP_SECRET", SECRET.into()),
        ("BKAPI_USERNAME", "env-user".into()),
        ("BKAPI_TOKEN", TOKEN.into()),
        ("BKAPI_ACCESS_TOKEN", ACCESS_TOKEN.into()),
        ("BKAPI_GATEWAY_KIND", "apigw".into()),
        ("BKAPI_ESB_API_VERSION", "v5".into()),
        ("BKAPI_LANGUAGE", "zh-cn".into()),
        ("BKAPI_TEST_ENV", "true".into()),
        ("BKAPI_TIMEOUT", "0.3".into()),
    ]
    .into_iter()
    .collect();
    let c = ClientBuilder::from_vars(|k| vars.get(k).cloned())
        .unwrap()
        .build()
        .unwrap();
    let _: Value = c.call(&SEARCH_HOST, &json!({"x": 1})).await.unwrap();
    let seen = last(&log);
    assert_eq!(seen.path, "/api/c/compapi/v5/cc/search_host/");
    assert_eq!(seen.json_body(), json!({"x": 1}), "apigw: header only");
    assert_eq!(
        auth_header(&seen),
        json!({"bk_app_code": "env-app", "bk_app_secret": SECRET, "bk_username": "env-user",
               "bk_token": TOKEN, "access_token": ACCESS_TOKEN})
    );
    assert_eq!(seen.header("blueking-language"), Some("zh-cn"));
    assert_eq!(seen.header("accept-language"), Some("zh-cn"));
    assert_eq!(seen.header("x-use-test-env"), Some("1"));

    // BKAPI_TIMEOUT is applied.
    let slow = slow_server().await;
    let mut vars = vars;
    vars.insert("BK_COMPONENT_API_URL", slow);
    let c = ClientBuilder::from_vars(|k| vars.get(k).cloned())
        .unwrap()
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c
        .call::<_, Value>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_user_supplied_reqwest_client_is_used() {
    let (base, log) = server(|_| ok(json!({}))).await;
    let mut defaults = bkapi_runtime::reqwest::header::HeaderMap::new();
    defaults.insert("x-from-custom-client", "yes".parse().unwrap());
    let c = full_builder(&base)
        .http_client(move || {
            Client::http_builder()
                .default_headers(defaults.clone())
                .user_agent("custom-agent/1")
        })
        .build()
        .unwrap();
    let _: Value = c.call(&SEARCH_HOST, &json!({})).await.unwrap();
    let seen = last(&log);
    assert_eq!(seen.header("x-from-custom-client"), Some("yes"));
    assert_eq!(seen.header("user-agent"), Some("custom-agent/1"));
    assert_eq!(auth_header(&seen)["bk_app_code"], "my-app");
}

#[tokio::test]
async fn per_call_overrides_without_a_new_client() {
    let (base, log) = server(|_| ok(json!({}))).await;
    let c = full_builder(&base)
        .header("X-Extra", "client")
        .build()
        .unwrap();
    let bob = c.with(
        CallOptions::new()
            .username("bob")
            .header("X-Extra", "call")
            .header("X-Call", "1"),
    );
    let _: Value = bob.call(&SEARCH_HOST, &json!({})).await.unwrap();
    let seen = last(&log);
    let bob_creds = json!({"bk_app_code": "my-app", "bk_app_secret": SECRET, "bk_username": "bob"});
    assert_eq!(
        auth_header(&seen),
        bob_creds,
        "the whole identity is replaced"
    );
    let body = seen.json_body();
    assert_eq!(body["bk_username"], "bob");
    assert!(body.get("bk_token").is_none() && body.get("access_token").is_none());
    assert_eq!(seen.header("x-extra"), Some("call"), "call headers win");
    assert_eq!(seen.header("x-call"), Some("1"));

    // Options stack; the original client is unchanged.
    let oauth = bob.with(CallOptions::new().access_token("other-access"));
    let _: Value = oauth.call(&SEARCH_HOST, &json!({})).await.unwrap();
    let auth = auth_header(&last(&log));
    assert_eq!(auth["access_token"], "other-access");
    assert!(auth.get("bk_username").is_none());
    assert_eq!(last(&log).header("x-call"), Some("1"));
    let _: Value = c.call(&SEARCH_HOST, &json!({})).await.unwrap();
    let seen = last(&log);
    assert_eq!(auth_header(&seen)["bk_username"], "admin");
    assert_eq!(seen.header("x-extra"), Some("client"));
    assert_eq!(seen.header("x-call"), None);

    // Per-call timeout.
    let slow = slow_server().await;
    let c = full_builder(&slow).build().unwrap();
    let started = Instant::now();
    let err = c
        .with(CallOptions::new().timeout(Duration::from_millis(200)))
        .call::<_, Value>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));

    // An invalid per-call header fails the call before sending.
    let before = log.lock().unwrap().len();
    let c = full_builder(&base).build().unwrap();
    let err = c
        .with(CallOptions::new().header("X-Bad", "a\nb"))
        .call::<_, Value>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Request { .. }), "{err:?}");
    assert_eq!(log.lock().unwrap().len(), before);
}

// ---------------------------------------------------------------------------------------
// Errors not covered by http.rs
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn gateway_error_headers_are_a_gateway_error() {
    let (base, _) = server(|_| {
        let body = json!({"code": 1640101, "data": null, "code_name": "UNAUTHORIZED",
                          "message": "App authentication failed", "result": false});
        (
            401,
            vec![
                ("x-bkapi-error-code", "1640101".into()),
                ("x-bkapi-error-message", "App authentication failed".into()),
                ("x-bkapi-request-id", "gw-rid-1".into()),
            ],
            body.to_string(),
        )
    })
    .await;
    let err = full_builder(&base)
        .build()
        .unwrap()
        .call::<_, Value>(&GW_SEARCH, &json!({"bk_supplier_account": "0"}))
        .await
        .unwrap_err();
    expect_error!(&err, Error::Gateway {
            api,
            status,
            code,
            message,
            request_id,
        } => {
            assert_eq!(api, "cmdb.search_business");
            assert_eq!(*status, 401);
            assert_eq!(code, "1640101");
            assert_eq!(message, "App authentication failed");
            assert_eq!(request_id.as_deref(), Some("gw-rid-1"));
    });
    assert_eq!(err.api(), Some("cmdb.search_business"));
    assert_eq!(err.request_id(), Some("gw-rid-1"));
    assert_eq!(err.status(), Some(401));
    assert!(err.to_string().contains("1640101"), "{err}");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_the_body_start() {
    let (base, _) = server(|_| {
        (
            200,
            vec![("x-bkapi-request-id", "rid-trunc".into())],
            r#"{"result":true,"code":0,"data":{"count":3,"info":[{"bk_ho"#.into(),
        )
    })
    .await;
    let err = full_builder(&base)
        .build()
        .unwrap()
        .call::<_, Value>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    expect_error!(&err, Error::Decode {
            api,
            path,
            message,
            body,
            request_id,
        } => {
            assert_eq!(api, "cc.search_host");
            assert_eq!(path, "");
            assert!(message.contains("EOF"), "{message}");
            assert!(body.starts_with(r#"{"result":true"#), "{body}");
            assert_eq!(request_id.as_deref(), Some("rid-trunc"));
    });
}

#[tokio::test]
async fn string_codes() {
    let (base, _) = server(|s| {
        let body = if s.json_body()["fail"] == true {
            json!({"code": "1199048", "message": "bad input", "request_id": "r"})
        } else {
            json!({"result": true, "code": "0", "data": {"bk_host_id": 5}})
        };
        (200, vec![], body.to_string())
    })
    .await;
    let c = full_builder(&base).build().unwrap();
    let host: Host = c.call(&SEARCH_HOST, &json!({})).await.unwrap();
    assert_eq!(host, Host { bk_host_id: 5 });
    let err = c
        .call::<_, Host>(&SEARCH_HOST, &json!({"fail": true}))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { code: Code::Str(c), message, .. } if c == "1199048" && message == "bad input"),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------

fn fast_retries(n: u32) -> RetryPolicy {
    RetryPolicy::new()
        .max_retries(n)
        .backoff(Duration::from_millis(10), Duration::from_millis(40))
}

/// A server that answers 500 to the first `failures` requests, then succeeds.
async fn flaky(failures: usize) -> (String, Log) {
    let count = Arc::new(AtomicUsize::new(0));
    server(move |_| {
        if count.fetch_add(1, Ordering::SeqCst) < failures {
            (500, vec![], "<html>busy</html>".into())
        } else {
            ok(json!({"bk_host_id": 1}))
        }
    })
    .await
}

#[tokio::test]
async fn retries_transient_failures_of_idempotent_calls() {
    // GET is idempotent: two 500s, then success.
    let (base, log) = flaky(2).await;
    let c = full_builder(&base).retry(fast_retries(3)).build().unwrap();
    let host: Host = c.call(&LIST_HOSTS, &json!({})).await.unwrap();
    assert_eq!(host.bk_host_id, 1);
    assert_eq!(log.lock().unwrap().len(), 3);

    // The cap: 1 + max_retries attempts, then the last error.
    let (base, log) = flaky(100).await;
    let c = full_builder(&base).retry(fast_retries(2)).build().unwrap();
    let err = c
        .call::<_, Host>(&LIST_HOSTS, &json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500), "{err:?}");
    assert_eq!(log.lock().unwrap().len(), 3);

    // No policy, no retry.
    let (base, log) = flaky(1).await;
    let c = full_builder(&base).build().unwrap();
    assert!(c.call::<_, Host>(&LIST_HOSTS, &json!({})).await.is_err());
    assert_eq!(log.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn never_retries_a_post_unless_declared_idempotent() {
    let (base, log) = flaky(1).await;
    let c = full_builder(&base).retry(fast_retries(3)).build().unwrap();
    let err = c
        .call::<_, Host>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(log.lock().unwrap().len(), 1, "POST is not retried");

    // Declared in the policy.
    let (base, log) = flaky(1).await;
    let policy = fast_retries(3).idempotent_api("cc.search_host");
    let c = full_builder(&base).retry(policy).build().unwrap();
    let host: Host = c.call(&SEARCH_HOST, &json!({})).await.unwrap();
    assert_eq!(host.bk_host_id, 1);
    assert_eq!(log.lock().unwrap().len(), 2);

    // Declared per call.
    let (base, log) = flaky(1).await;
    let c = full_builder(&base).retry(fast_retries(3)).build().unwrap();
    let host: Host = c
        .with(CallOptions::new().idempotent(true))
        .call(&SEARCH_HOST, &json!({}))
        .await
        .unwrap();
    assert_eq!(host.bk_host_id, 1);
    assert_eq!(log.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn api_errors_and_4xx_are_not_retried() {
    let (base, log) = server(|s| {
        if s.path.contains("list_hosts") {
            (404, vec![], "not here".into())
        } else {
            (
                200,
                vec![],
                json!({"result": false, "code": 1, "message": "no"}).to_string(),
            )
        }
    })
    .await;
    let policy = fast_retries(3).idempotent_api("cc.search_host");
    let c = full_builder(&base).retry(policy).build().unwrap();
    assert!(c.call::<_, Value>(&LIST_HOSTS, &json!({})).await.is_err());
    assert!(c.call::<_, Value>(&SEARCH_HOST, &json!({})).await.is_err());
    assert_eq!(log.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn retries_transport_errors() {
    // Accepts connections and closes them at once, counting them.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    let c = full_builder(&base).retry(fast_retries(2)).build().unwrap();
    let err = c
        .call::<_, Value>(&LIST_HOSTS, &json!({}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
}

// ---------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------

/// A server holding `total` hosts (ids 1..=total) behind `page.start` / `page.limit`;
/// `with_count: false` leaves `count` out.
async fn host_store(total: u64, with_count: bool) -> (String, Log) {
    server(move |s| {
        let page = &s.json_body()["page"];
        let start = page["start"].as_u64().unwrap();
        let limit = page["limit"].as_u64().unwrap();
        let info: Vec<Value> = (start..(start + limit).min(total))
            .map(|i| json!({"bk_host_id": i + 1}))
            .collect();
        if with_count {
            ok(json!({"count": total, "info": info}))
        } else {
            ok(json!({"info": info}))
        }
    })
    .await
}

fn pages_seen(log: &Log) -> Vec<Value> {
    log.lock()
        .unwrap()
        .iter()
        .map(|s| s.json_body()["page"].clone())
        .collect()
}

#[tokio::test]
async fn paging_walks_three_pages_of_two_and_a_half_and_stops() {
    let (base, log) = host_store(25, true).await;
    let c = full_builder(&base).build().unwrap();
    let request = json!({"bk_biz_id": 3, "page": {"start": 0, "limit": 0, "sort": "bk_host_id"}});
    let hosts: Vec<Host> = c
        .pages(&SEARCH_HOST, &request)
        .page_size(10)
        .all()
        .await
        .unwrap();
    assert_eq!(hosts.len(), 25);
    assert!(hosts
        .iter()
        .enumerate()
        .all(|(i, h)| h.bk_host_id == i as u64 + 1));
    assert_eq!(
        pages_seen(&log),
        [
            json!({"start": 0, "limit": 10, "sort": "bk_host_id"}),
            json!({"start": 10, "limit": 10, "sort": "bk_host_id"}),
            json!({"start": 20, "limit": 10, "sort": "bk_host_id"}),
        ]
    );
    let seen = last(&log);
    assert_eq!(seen.json_body()["bk_biz_id"], 3);
    assert_eq!(seen.json_body()["bk_app_code"], "my-app");
}

#[tokio::test]
async fn paging_is_a_lazy_stream() {
    let (base, log) = host_store(25, true).await;
    let c = full_builder(&base).build().unwrap();
    // The request's own limit is the page size when none is set.
    let mut pages = c.pages::<_, Host>(&SEARCH_HOST, &json!({"page": {"start": 5, "limit": 20}}));
    assert_eq!(log.lock().unwrap().len(), 0, "nothing sent before polling");
    let first = std::future::poll_fn(|cx| Pin::new(&mut pages).poll_next(cx)).await;
    assert_eq!(first.unwrap().unwrap().bk_host_id, 6);
    assert_eq!(log.lock().unwrap().len(), 1);
    let mut rest = Vec::new();
    while let Some(host) = pages.next().await {
        rest.push(host.unwrap().bk_host_id);
    }
    assert_eq!(rest, (7..=25).collect::<Vec<_>>());
    assert_eq!(
        pages_seen(&log),
        [json!({"start": 5, "limit": 20})],
        "count reached"
    );
    assert!(pages.next().await.is_none(), "stays finished");
}

#[tokio::test]
async fn paging_without_count_stops_at_a_short_page() {
    let (base, log) = host_store(25, false).await;
    let c = full_builder(&base).build().unwrap();
    // No `page` in the request at all: it is added.
    let hosts: Vec<Host> = c
        .pages(&SEARCH_HOST, &json!({}))
        .page_size(10)
        .all()
        .await
        .unwrap();
    assert_eq!(hosts.len(), 25);
    assert_eq!(log.lock().unwrap().len(), 3);

    // Exactly two full pages: a third, empty page ends the walk.
    let (base, log) = host_store(20, false).await;
    let c = full_builder(&base).build().unwrap();
    let hosts: Vec<Host> = c
        .pages(&SEARCH_HOST, &json!({}))
        .page_size(10)
        .all()
        .await
        .unwrap();
    assert_eq!(hosts.len(), 20);
    assert_eq!(log.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn paging_ends_after_an_error() {
    let (base, log) = server(|s| {
        let start = s.json_body()["page"]["start"].as_u64().unwrap();
        if start == 0 {
            ok(json!({"count": 30, "info": (1..=10).map(|i| json!({"bk_host_id": i})).collect::<Vec<_>>()}))
        } else {
            ok(json!({"count": 30, "info": [{"bk_host_id": "eleven"}]}))
        }
    })
    .await;
    let c = full_builder(&base).build().unwrap();
    let mut pages = c.pages::<_, Host>(&SEARCH_HOST, &json!({})).page_size(10);
    let mut ok_items = 0;
    let mut errors = Vec::new();
    while let Some(item) = pages.next().await {
        match item {
            Ok(_) => ok_items += 1,
            Err(e) => errors.push(e),
        }
    }
    assert_eq!(ok_items, 10);
    assert_eq!(errors.len(), 1);
    assert!(
        matches!(&errors[0], Error::Decode { path, .. } if path == "data.info[0].bk_host_id"),
        "{:?}",
        errors[0]
    );
    assert_eq!(log.lock().unwrap().len(), 2);

    // A request that does not serialise to an object is reported once.
    let mut pages = c.pages::<_, Host>(&SEARCH_HOST, &json!([1]));
    assert!(matches!(
        pages.next().await,
        Some(Err(Error::Request { .. }))
    ));
    assert!(pages.next().await.is_none());
}

// ---------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------

/// Every error variant, the client, its builder, its per-call views and a page stream,
/// rendered with `{:?}`, `{:#?}` and `{}` (and every error's source chain), never show the
/// app secret, the token or the access token, even when the server echoes the request.
#[tokio::test]
async fn secrets_appear_in_no_error_and_no_client_rendering() {
    fn echo(seen: &Seen) -> String {
        format!(
            "{} {} {}",
            String::from_utf8_lossy(&seen.body),
            seen.query.as_deref().unwrap_or(""),
            seen.header("x-bkapi-authorization").unwrap_or(""),
        )
    }
    let (http_500, _) = server(|s| (500, vec![], echo(s))).await;
    let (gateway, _) = server(|s| {
        let auth = s.header("x-bkapi-authorization").unwrap_or("").to_owned();
        (
            403,
            vec![
                ("x-bkapi-error-code", "1640301".into()),
                ("x-bkapi-error-message", format!("no permission {auth}")),
                ("x-bkapi-request-id", auth),
            ],
            echo(s),
        )
    })
    .await;
    let (not_json, _) = server(|s| (200, vec![], echo(s))).await;
    let (api, _) = server(|s| {
        let body = json!({"result": false, "code": "E", "message": echo(s),
                          "permission": {"echo": echo(s)}, "request_id": ACCESS_TOKEN});
        (200, vec![], body.to_string())
    })
    .await;
    let (wrong_type, _) =
        server(|_| ok(json!({"bk_host_id": ACCESS_TOKEN, "other": TOKEN, "third": SECRET}))).await;
    let refused = closed_port_url().await;
    let slow = slow_server().await;

    let mut printed = Vec::new();
    let mut record = |text: String| printed.push(text);
    let mut kinds = Vec::new();
    for base in [
        &http_500,
        &gateway,
        &not_json,
        &api,
        &wrong_type,
        &refused,
        &slow,
    ] {
        let builder = full_builder(base)
            .header("X-Extra", TOKEN)
            .retry(fast_retries(1))
            .timeout(Duration::from_millis(300));
        record(format!("{builder:?} {builder:#?}"));
        let c = builder.build().unwrap();
        let view = c.with(
            CallOptions::new()
                .token(TOKEN)
                .access_token(ACCESS_TOKEN)
                .header("X-Call", SECRET),
        );
        record(format!("{c:?} {c:#?} {view:?} {view:#?}"));
        let pages = view.pages::<_, Host>(&SEARCH_HOST, &json!({}));
        record(format!("{pages:?}"));
        for client in [&c, &view] {
            for endpoint in [&SEARCH_HOST, &LIST_HOSTS] {
                let err = client
                    .call::<_, Host>(endpoint, &json!({"echo": SECRET}))
                    .await
                    .unwrap_err();
                kinds.push(
                    format!("{err:?}")
                        .split([' ', '{'])
                        .next()
                        .unwrap()
                        .to_owned(),
                );
                record(format!("{err:?}\n{err:#?}\n{err}\n{}", chain(&err)));
            }
        }
    }
    let local: Vec<Error> = vec![
        full_builder("http://h")
            .header("X-Bad", format!("{SECRET}\n"))
            .build()
            .unwrap_err(),
        full_builder("http://h")
            .username("\u{7f}")
            .build()
            .unwrap_err(),
        full_builder("http://h")
            .build()
            .unwrap()
            .call::<_, Value>(&GW_SEARCH, &json!({}))
            .await
            .unwrap_err(),
        full_builder("http://h")
            .build()
            .unwrap()
            .call::<_, Value>(&GW_SEARCH, &json!([TOKEN]))
            .await
            .unwrap_err(),
    ];
    for err in &local {
        kinds.push(
            format!("{err:?}")
                .split([' ', '{'])
                .next()
                .unwrap()
                .to_owned(),
        );
        record(format!("{err:?}\n{err:#?}\n{err}\n{}", chain(err)));
    }
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "Api",
            "Config",
            "Decode",
            "Gateway",
            "Http",
            "MissingPathParameter",
            "Request",
            "Transport"
        ],
        "every variant was rendered"
    );
    let all = printed.join("\n");
    // Prove the echoes reached the errors, so the check below means something.
    assert!(
        all.contains("bk_app_secret") && all.contains("***"),
        "{all}"
    );
    if std::env::var_os("SHOW_ERRORS").is_some() {
        println!("{all}");
    }
    for (name, secret) in [
        ("secret", SECRET),
        ("token", TOKEN),
        ("access token", ACCESS_TOKEN),
    ] {
        assert!(!all.contains(secret), "{name} leaked:\n{all}");
    }
}

// ---------------------------------------------------------------------------------------
// Blocking
// ---------------------------------------------------------------------------------------

/// The blocking client returns exactly what the async one does, for results, errors and
/// paging alike.
#[cfg(feature = "blocking")]
#[test]
fn blocking_and_async_give_the_same_results() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (store, _) = rt.block_on(host_store(25, true));
    let (mixed, _) = rt.block_on(server(|s| match s.json_body()["case"].as_str() {
        Some("api") => (
            200,
            vec![],
            json!({"result": false, "code": 7, "message": "no", "request_id": "r7"}).to_string(),
        ),
        Some("gateway") => (
            429,
            vec![
                ("x-bkapi-error-code", "1642901".into()),
                ("x-bkapi-error-message", "too many".into()),
            ],
            "{}".into(),
        ),
        Some("html") => (500, vec![], "<html>oops</html>".into()),
        Some("wrong") => ok(json!({"bk_host_id": "x"})),
        _ => ok(json!({"bk_host_id": 9})),
    }));
    let refused = rt.block_on(closed_port_url());

    let render = |r: &Result<Host, Error>| match r {
        Ok(h) => format!("ok {h:?}"),
        Err(e) => format!("err {e}"),
    };
    for case in ["ok", "api", "gateway", "html", "wrong"] {
        let request = json!({"case": case});
        let a = rt.block_on(
            full_builder(&mixed)
                .build()
                .unwrap()
                .call::<_, Host>(&SEARCH_HOST, &request),
        );
        let b = full_builder(&mixed)
            .build_blocking()
            .unwrap()
            .call::<_, Host>(&SEARCH_HOST, &request);
        assert_eq!(render(&a), render(&b), "{case}");
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{case}");
    }
    let a = rt.block_on(
        full_builder(&refused)
            .build()
            .unwrap()
            .call::<_, Host>(&SEARCH_HOST, &json!({})),
    );
    let b = full_builder(&refused)
        .build_blocking()
        .unwrap()
        .call::<_, Host>(&SEARCH_HOST, &json!({}));
    assert!(matches!(
        (&a, &b),
        (Err(Error::Transport { .. }), Err(Error::Transport { .. }))
    ));

    let a: Vec<Host> = rt
        .block_on(
            full_builder(&store)
                .build()
                .unwrap()
                .pages(&SEARCH_HOST, &json!({}))
                .page_size(10)
                .all(),
        )
        .unwrap();
    let blocking = full_builder(&store).build_blocking().unwrap();
    let b: Vec<Host> = blocking
        .pages(&SEARCH_HOST, &json!({}))
        .page_size(10)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(a.len(), 25);
    assert_eq!(a, b);

    // Per-call options work the same way.
    let view = blocking.with(CallOptions::new().username("bob"));
    assert!(format!("{view:?}").contains("bob"));
    let b: Vec<Host> = view
        .pages(&SEARCH_HOST, &json!({}))
        .page_size(7)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(a, b);
}
