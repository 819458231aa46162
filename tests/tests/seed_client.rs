//! The generated client against a real HTTP server on 127.0.0.1: the server checks what
//! arrives, and each kind of answer maps to the right result or error.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::Router;
use bkapi_sdk::cc::{UpdateModuleRequest, UpdateModuleRequestData};
use bkapi_sdk::{Client, Error};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

const SECRET: &str = "s3cret-App-Key-77";
const TOKEN: &str = "tok-Login-Cookie-42";

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    auth_header: Option<Value>,
    body: Value,
}

/// Starts a server that records each request and answers `(status, content type, body)`.
async fn serve(answer: (u16, &'static str, String)) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let log = log.clone();
            let answer = answer.clone();
            async move {
                log.lock().unwrap().push(Seen {
                    method,
                    path: uri.path().to_string(),
                    auth_header: headers
                        .get("x-bkapi-authorization")
                        .and_then(|v| serde_json::from_slice(v.as_bytes()).ok()),
                    body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                });
                let (status, content_type, text) = answer;
                (
                    StatusCode::from_u16(status).unwrap(),
                    [("content-type", content_type)],
                    text,
                )
                    .into_response()
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

fn client(endpoint: &str) -> Client {
    Client::builder(endpoint)
        .app_code("esb_test")
        .app_secret(SECRET)
        .username("admin")
        .token(TOKEN)
        .build()
        .unwrap()
}

fn request() -> UpdateModuleRequest {
    let mut data = UpdateModuleRequestData {
        bk_module_name: Some("db".into()),
        ..Default::default()
    };
    data.extra.insert("bk_module_type".into(), json!("2"));
    UpdateModuleRequest {
        bk_supplier_account: None,
        bk_biz_id: 1,
        bk_set_id: 2,
        bk_module_id: 3,
        data,
    }
}

fn envelope(result: bool, code: i64, data: Value) -> (u16, &'static str, String) {
    let body = json!({"result": result, "code": code, "message": if result { "" } else { "module not found" },
        "permission": if result { Value::Null } else { json!({"action": "edit_module"}) },
        "request_id": "req-123", "data": data});
    (200, "application/json", body.to_string())
}

/// The error's Debug and Display, which must never carry a credential.
fn assert_no_secret(err: &Error) {
    for text in [format!("{err}"), format!("{err:?}"), format!("{err:#?}")] {
        assert!(
            !text.contains(SECRET) && !text.contains(TOKEN),
            "credential leaked: {text}"
        );
    }
}

#[tokio::test]
async fn success_sends_the_right_request_and_returns_data() {
    let (url, seen) = serve(envelope(true, 0, json!({"bk_module_id": 3}))).await;
    let data = client(&url).cc().update_module(&request()).await.unwrap();
    assert_eq!(data["bk_module_id"], json!(3));

    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.method, Method::POST);
    assert_eq!(seen.path, "/api/c/compapi/v2/cc/update_module/");
    let body = seen.body.as_object().unwrap();
    assert_eq!(body["bk_app_code"], json!("esb_test"));
    assert_eq!(body["bk_app_secret"], json!(SECRET));
    assert_eq!(body["bk_username"], json!("admin"));
    assert_eq!(body["bk_token"], json!(TOKEN));
    assert_eq!(body["bk_biz_id"], json!(1));
    assert_eq!(body["bk_set_id"], json!(2));
    assert_eq!(body["bk_module_id"], json!(3));
    assert_eq!(
        body["data"],
        json!({"bk_module_name": "db", "bk_module_type": "2"})
    );
    assert!(
        !body.contains_key("bk_supplier_account"),
        "None is not sent"
    );
    let auth = seen
        .auth_header
        .expect("X-Bkapi-Authorization is a JSON object");
    assert_eq!(auth["bk_app_code"], json!("esb_test"));
    assert_eq!(auth["bk_app_secret"], json!(SECRET));
    assert_eq!(auth["bk_username"], json!("admin"));
}

#[tokio::test]
async fn result_false_is_an_api_error_with_code_message_request_id_and_permission() {
    let (url, _) = serve(envelope(false, 1199014, Value::Null)).await;
    let err = client(&url)
        .cc()
        .update_module(&request())
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            code,
            message,
            request_id,
            permission,
            ..
        } => {
            assert_eq!(code.to_string(), "1199014");
            assert_eq!(message, "module not found");
            assert_eq!(request_id.as_deref(), Some("req-123"));
            assert_eq!(
                permission.as_deref(),
                Some(&json!({"action": "edit_module"}))
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(err.to_string().contains("module not found"));
    assert_no_secret(&err);
}

#[tokio::test]
async fn http_500_is_an_http_error_with_the_start_of_the_body() {
    let page = format!(
        "<html><body>Internal Server Error; request was bk_app_secret={SECRET}</body></html>"
    );
    let (url, _) = serve((500, "text/html", page)).await;
    let err = client(&url)
        .cc()
        .update_module(&request())
        .await
        .unwrap_err();
    match &err {
        Error::Http { status, body, .. } => {
            assert_eq!(*status, 500);
            assert!(
                body.starts_with("<html><body>Internal Server Error"),
                "{body}"
            );
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert_no_secret(&err);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error() {
    let (url, _) = serve((200, "text/plain", "upstream timed out".into())).await;
    let err = client(&url)
        .cc()
        .update_module(&request())
        .await
        .unwrap_err();
    match &err {
        Error::Decode { body, .. } => assert!(body.contains("upstream timed out"), "{body}"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_no_secret(&err);
}

#[test]
fn the_client_never_shows_its_credentials() {
    let client = client("http://127.0.0.1:9");
    for text in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.runtime()),
    ] {
        assert!(
            !text.contains(SECRET) && !text.contains(TOKEN),
            "credential leaked: {text}"
        );
        assert!(
            text.contains("esb_test"),
            "the app code is fine to show: {text}"
        );
    }
}
