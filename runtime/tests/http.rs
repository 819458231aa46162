//! End-to-end tests against a real axum server on 127.0.0.1.

mod common;

use std::time::{Duration, Instant};

use bkapi_runtime::{AuthStyle, Client, Code, Endpoint, Error, Method};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use common::*;

fn client(base: &str) -> Client {
    Client::builder(base)
        .app_code("my-app")
        .app_secret(SECRET)
        .username("admin")
        .token(TOKEN)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

const UPDATE_MODULE: Endpoint = Endpoint {
    system: "cc",
    name: "update_module",
    method: Method::Post,
    path: "/api/c/compapi/v2/cc/update_module/",
    auth: AuthStyle::Esb,
};

const SEARCH_HOST: Endpoint = Endpoint {
    system: "cc",
    name: "list_hosts",
    method: Method::Get,
    path: "/api/c/compapi/v2/cc/list_hosts/",
    auth: AuthStyle::Esb,
};

const UPDATE_SET: Endpoint = Endpoint {
    system: "cc",
    name: "update_set",
    method: Method::Put,
    path: "/api/v3/biz/{bk_supplier_account}/sets/{bk_biz_id}",
    auth: AuthStyle::Gateway,
};

#[derive(Serialize)]
struct UpdateModuleRequest {
    bk_supplier_account: Option<String>,
    bk_biz_id: i64,
    bk_set_id: i64,
    bk_module_id: i64,
    data: ModuleData,
}

#[derive(Serialize)]
struct ModuleData {
    bk_module_name: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Empty {}

#[derive(Debug, Deserialize, PartialEq)]
struct HostPage {
    count: u64,
    info: Vec<Host>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Host {
    bk_host_id: u64,
    bk_host_innerip: String,
}

fn update_module_request() -> UpdateModuleRequest {
    UpdateModuleRequest {
        bk_supplier_account: None,
        bk_biz_id: 1,
        bk_set_id: 2,
        bk_module_id: 3,
        data: ModuleData {
            bk_module_name: "test".into(),
        },
    }
}

fn expected_auth_header() -> Value {
    json!({"bk_app_code": "my-app", "bk_app_secret": SECRET, "bk_username": "admin", "bk_token": TOKEN})
}

#[tokio::test]
async fn esb_post_sends_credentials_in_body_and_header() {
    let (base, log) = server(|_| ok(json!({}))).await;
    // A trailing slash on the base URL is trimmed.
    let c = client(&format!("{base}/"));
    let resp: Empty = c
        .call(&UPDATE_MODULE, &update_module_request())
        .await
        .unwrap();
    assert_eq!(resp, Empty {});

    let seen = log.lock().unwrap().pop().unwrap();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/api/c/compapi/v2/cc/update_module/");
    assert_eq!(seen.query, None);
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert!(seen
        .header("user-agent")
        .unwrap()
        .starts_with("bkapi-runtime/0.1"));
    let auth: Value = serde_json::from_str(seen.header("x-bkapi-authorization").unwrap()).unwrap();
    assert_eq!(auth, expected_auth_header());
    assert_eq!(
        seen.json_body(),
        json!({
            "bk_supplier_account": null, "bk_biz_id": 1, "bk_set_id": 2, "bk_module_id": 3,
            "data": {"bk_module_name": "test"},
            "bk_app_code": "my-app", "bk_app_secret": SECRET, "bk_username": "admin", "bk_token": TOKEN,
        })
    );
}

#[tokio::test]
async fn esb_get_encodes_query_and_returns_typed_data() {
    let (base, log) = server(|_| {
        ok(json!({"count": 1, "info": [{"bk_host_id": 7, "bk_host_innerip": "10.0.0.1"}]}))
    })
    .await;
    let request = json!({
        "bk_biz_id": 3,
        "flag": true,
        "name": "a b&c",
        "ids": [1, 2],
        "page": {"start": 0, "limit": 10},
        "matrix": [[1], [2]],
        "skipped": null,
        "bk_app_code": "spoofed",
    });
    let page: HostPage = client(&base).call(&SEARCH_HOST, &request).await.unwrap();
    assert_eq!(page.count, 1);
    assert_eq!(page.info[0].bk_host_innerip, "10.0.0.1");

    let seen = log.lock().unwrap().pop().unwrap();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/api/c/compapi/v2/cc/list_hosts/");
    assert!(seen.body.is_empty());
    assert_eq!(seen.header("content-type"), None);
    let pairs: Vec<(String, String)> = seen.query_pairs();
    let expected: Vec<(String, String)> = [
        ("bk_biz_id", "3"),
        ("flag", "true"),
        ("name", "a b&c"),
        ("ids", "1"),
        ("ids", "2"),
        ("page", r#"{"start":0,"limit":10}"#),
        ("matrix", "[[1],[2]]"),
        ("bk_app_code", "my-app"),
        ("bk_app_secret", SECRET),
        ("bk_username", "admin"),
        ("bk_token", TOKEN),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(pairs, expected);
    let auth: Value = serde_json::from_str(seen.header("x-bkapi-authorization").unwrap()).unwrap();
    assert_eq!(auth, expected_auth_header());
}

#[tokio::test]
async fn gateway_fills_path_and_keeps_credentials_out_of_body() {
    let (base, log) = server(|_| ok(json!(null))).await;
    let request =
        json!({"bk_supplier_account": "0 x", "bk_biz_id": 3, "data": {"bk_set_name": "s"}});
    let resp: Empty = client(&base).call(&UPDATE_SET, &request).await.unwrap();
    assert_eq!(resp, Empty {}, "null data decodes as an empty object");

    let seen = log.lock().unwrap().pop().unwrap();
    assert_eq!(seen.method, "PUT");
    assert_eq!(seen.path, "/api/v3/biz/0%20x/sets/3");
    assert_eq!(seen.json_body(), json!({"data": {"bk_set_name": "s"}}));
    let auth: Value = serde_json::from_str(seen.header("x-bkapi-authorization").unwrap()).unwrap();
    assert_eq!(auth, expected_auth_header());

    let err = client(&base)
        .call::<_, Empty>(&UPDATE_SET, &json!({"bk_biz_id": 3}))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::MissingPathParameter { name, .. } if name == "bk_supplier_account"),
        "{err:?}"
    );
    assert!(err.to_string().contains("bk_supplier_account"));
    let err = client(&base)
        .call::<_, Empty>(&UPDATE_SET, &[1, 2])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Request { .. }), "{err:?}");
    assert_eq!(
        log.lock().unwrap().len(),
        0,
        "invalid requests are not sent"
    );
}

#[tokio::test]
async fn result_false_is_an_api_error() {
    let (base, _) = server(|_| {
        let body = json!({"result": false, "code": 1306000, "message": "no permission",
            "permission": {"system_id": "bk_cmdb", "actions": [{"id": "edit_module"}]},
            "request_id": "rid-123", "data": null});
        (
            200,
            vec![("x-bkapi-request-id", "from-header".into())],
            body.to_string(),
        )
    })
    .await;
    let err = client(&base)
        .call::<_, Empty>(&UPDATE_MODULE, &update_module_request())
        .await
        .unwrap_err();
    expect_error!(&err, Error::Api {
            api,
            code,
            message,
            request_id,
            permission,
        } => {
            assert_eq!(api, "cc.update_module");
            assert_eq!(*code, Code::Int(1306000));
            assert_eq!(message, "no permission");
            assert_eq!(request_id.as_deref(), Some("rid-123"));
            assert_eq!(permission.as_ref().unwrap()["system_id"], "bk_cmdb");
    });
    assert_eq!(err.request_id(), Some("rid-123"));
    assert!(err.to_string().contains("1306000"), "{err}");
}

#[tokio::test]
async fn http_500_with_html_is_an_http_error() {
    let (base, _) = server(|_| {
        let html = "<html><body><h1>500 Internal Server Error</h1></body></html>".to_owned();
        (
            500,
            vec![
                ("content-type", "text/html".into()),
                ("x-bkapi-request-id", "gw-rid".into()),
            ],
            html,
        )
    })
    .await;
    let err = client(&base)
        .call::<_, Empty>(&UPDATE_MODULE, &update_module_request())
        .await
        .unwrap_err();
    expect_error!(&err, Error::Http {
            api,
            status,
            body,
            request_id,
        } => {
            assert_eq!(api, "cc.update_module");
            assert_eq!(*status, 500);
            assert!(
                body.contains("<h1>500 Internal Server Error</h1>"),
                "{body}"
            );
            assert_eq!(request_id.as_deref(), Some("gw-rid"));
    });
}

#[tokio::test]
async fn non_json_success_body_is_a_decode_error() {
    let (base, _) = server(|_| (200, vec![], "<html>login required</html>".into())).await;
    let err = client(&base)
        .call::<_, Empty>(&UPDATE_MODULE, &update_module_request())
        .await
        .unwrap_err();
    expect_error!(&err, Error::Decode { path, body, .. } => {
            assert_eq!(path, "");
            assert_eq!(body, "<html>login required</html>");
    });
}

#[tokio::test]
async fn wrong_typed_field_reports_its_path() {
    let (base, _) = server(|_| {
        ok(json!({"count": 2, "info": [
            {"bk_host_id": 1, "bk_host_innerip": "10.0.0.1"},
            {"bk_host_id": "two", "bk_host_innerip": "10.0.0.2"},
        ]}))
    })
    .await;
    let err = client(&base)
        .call::<_, HostPage>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    expect_error!(&err, Error::Decode {
            api,
            path,
            message,
            request_id,
            ..
        } => {
            assert_eq!(api, "cc.list_hosts");
            assert_eq!(path, "data.info[1].bk_host_id");
            assert!(message.contains("invalid type"), "{message}");
            assert_eq!(request_id.as_deref(), Some("rid-ok"));
    });
    assert!(err.to_string().contains("data.info[1].bk_host_id"), "{err}");
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let base = closed_port_url().await;
    let err = client(&base)
        .call::<_, Empty>(&SEARCH_HOST, &json!({}))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport { api, .. } if api == "cc.list_hosts"),
        "{err:?}"
    );
    assert!(!err.is_timeout());
}

#[tokio::test]
async fn slow_server_times_out() {
    let base = slow_server().await;
    let c = Client::builder(base)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c
        .call::<_, Empty>(&UPDATE_MODULE, &update_module_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// Every error and the client, formatted every way, never shows the secret
/// or the token, even when the server echoes the request back.
#[tokio::test]
async fn secrets_never_printed() {
    fn echo(seen: &Seen) -> String {
        format!(
            "{} {} {} {}",
            String::from_utf8_lossy(&seen.body),
            seen.query.as_deref().unwrap_or(""),
            seen.header("x-bkapi-authorization").unwrap_or(""),
            seen.json_body_or_null(),
        )
    }
    let (echo_500, _) = server(|s| (500, vec![], echo(s))).await;
    let (echo_decode, _) = server(|s| (200, vec![], echo(s))).await;
    let (echo_api, _) = server(|s| {
        let body = json!({"result": false, "code": "ERR", "message": echo(s),
            "permission": {"echo": echo(s)}, "request_id": TOKEN});
        (200, vec![], body.to_string())
    })
    .await;
    let (echo_field, _) = server(|s| {
        let token = s.json_body_or_null()["bk_token"].clone();
        let token = if token.is_null() { json!(TOKEN) } else { token };
        ok(json!({"count": 1, "info": [{"bk_host_id": token, "bk_host_innerip": SECRET}]}))
    })
    .await;
    let refused = closed_port_url().await;
    let slow = slow_server().await;

    let mut printed = Vec::new();
    for base in [
        &echo_500,
        &echo_decode,
        &echo_api,
        &echo_field,
        &refused,
        &slow,
    ] {
        let builder = Client::builder(base.as_str())
            .app_code("my-app")
            .app_secret(SECRET)
            .username("admin")
            .token(TOKEN)
            .timeout(Duration::from_millis(500));
        printed.push(format!("{builder:?} {builder:#?}"));
        let c = builder.build().unwrap();
        printed.push(format!("{c:?} {c:#?}"));
        for endpoint in [&UPDATE_MODULE, &SEARCH_HOST] {
            let err = c
                .call::<_, HostPage>(endpoint, &json!({"echo": 1}))
                .await
                .unwrap_err();
            printed.push(format!("{err:?}\n{err:#?}\n{err}\n{}", chain(&err)));
        }
    }
    let all = printed.join("\n");
    // Prove the echoes reached the errors, so the check below means something.
    assert!(
        all.contains("Http") && all.contains("Decode") && all.contains("Api"),
        "{all}"
    );
    assert!(
        all.contains("Transport") && all.contains("bk_app_secret"),
        "{all}"
    );
    assert!(all.contains("***"), "{all}");
    if std::env::var_os("SHOW_ERRORS").is_some() {
        println!("{all}");
    }
    assert!(!all.contains(SECRET), "secret leaked:\n{all}");
    assert!(!all.contains(TOKEN), "token leaked:\n{all}");
}
