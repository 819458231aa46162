//! The client that `build.rs` generated from this crate's own docs, against a server on
//! 127.0.0.1: what it sends (method, path, query or body, credentials) and what it returns.

use axum::body::Bytes;
use axum::extract::Query;
use axum::http::{Method, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::Router;
use bkapi_downstream::bkapi::inv::{
    CreateWidgetRequest, CreateWidgetRequestSize, CreateWidgetResponse, ListWidgetsRequest,
};
use bkapi_downstream::bkapi::warehouse::MoveShelfRequest;
use bkapi_downstream::bkapi::{Client, Error};
use bkapi_downstream::GENERATED;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    query: BTreeMap<String, String>,
    body: Value,
}

/// A server that records each request and answers every one with `data` in an envelope
/// (`result: false` with code 1306 when `data` is null).
async fn serve(data: Value) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = Router::new().fallback(
        move |method: Method,
              uri: Uri,
              Query(query): Query<BTreeMap<String, String>>,
              body: Bytes| {
            let log = log.clone();
            let data = data.clone();
            async move {
                let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
                log.lock().unwrap().push(Seen {
                    method,
                    path: uri.path().to_string(),
                    query,
                    body,
                });
                let ok = !data.is_null();
                let envelope = json!({
                    "result": ok,
                    "code": if ok { 0 } else { 1306 },
                    "message": if ok { "" } else { "shelf is locked" },
                    "request_id": "downstream-req-1",
                    "data": data,
                });
                (
                    StatusCode::OK,
                    [("content-type", "application/json")],
                    envelope.to_string(),
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
        .app_code("downstream")
        .app_secret("not-a-real-secret")
        .username("tester")
        .build()
        .unwrap()
}

#[tokio::test]
async fn create_widget_posts_the_request_and_decodes_data() {
    let (url, seen) = serve(json!({"widget_id": 33, "shelf": "A1"})).await;
    let request = CreateWidgetRequest {
        warehouse_id: 7,
        name: "sprocket".into(),
        tags: Some(vec!["metal".into()]),
        size: Some(CreateWidgetRequestSize {
            width: 40,
            height: 12,
        }),
    };
    let data = client(&url).inv().create_widget(&request).await.unwrap();
    assert_eq!(data.widget_id, Some(33));
    assert_eq!(
        data.extra["shelf"],
        json!("A1"),
        "fields no table documents are kept"
    );

    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.method, Method::POST);
    assert_eq!(seen.path, "/api/c/compapi/v2/inv/create_widget/");
    assert_eq!(
        seen.body["bk_app_code"],
        json!("downstream"),
        "ESB credentials go into the body"
    );
    assert_eq!(seen.body["bk_username"], json!("tester"));
    // `roundtrip(Gate::Always)` in build.rs: the server reads the body into the request type.
    let received: CreateWidgetRequest = serde_json::from_value(seen.body).unwrap();
    assert_eq!(received, request);
}

#[tokio::test]
async fn list_widgets_sends_a_query_string() {
    let (url, seen) = serve(json!({
        "count": 2,
        "info": [
            {"widget_id": 31, "name": "sprocket", "colour": "teal", "weight": 1.5},
            {"widget_id": 32, "name": "flange", "colour": "teal", "weight": 0.25}
        ]
    }))
    .await;
    let request = ListWidgetsRequest {
        warehouse_id: 7,
        colour: Some("teal".into()),
        limit: None,
    };
    let data = client(&url).inv().list_widgets(&request).await.unwrap();
    assert_eq!(data.count, Some(2));
    let info = data.info.unwrap();
    let names: Vec<&str> = info.iter().filter_map(|w| w.name.as_deref()).collect();
    assert_eq!(names, ["sprocket", "flange"]);
    assert_eq!(info[1].weight, Some(0.25));

    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.method, Method::GET);
    assert_eq!(seen.path, "/api/c/compapi/v2/inv/list_widgets/");
    assert_eq!(
        seen.query.get("warehouse_id").map(String::as_str),
        Some("7")
    );
    assert_eq!(seen.query.get("colour").map(String::as_str), Some("teal"));
    assert!(
        !seen.query.contains_key("limit"),
        "None is not sent: {:?}",
        seen.query
    );
    assert_eq!(
        seen.query.get("bk_app_code").map(String::as_str),
        Some("downstream")
    );
}

#[tokio::test]
async fn the_renamed_module_calls_its_api_and_reports_errors_under_its_name() {
    let (url, seen) = serve(Value::Null).await;
    let request = MoveShelfRequest {
        shelf_id: 4,
        aisle: "B2".into(),
        note: None,
    };
    let err = client(&url)
        .warehouse()
        .move_shelf(&request)
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            api,
            message,
            request_id,
            ..
        } => {
            assert_eq!(api, "warehouse.move_shelf");
            assert_eq!(message, "shelf is locked");
            assert_eq!(request_id.as_deref(), Some("downstream-req-1"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let seen = seen.lock().unwrap()[0].clone();
    // Renaming the module changes Rust names only: the route is the doc's.
    assert_eq!(seen.path, "/api/c/compapi/v2/store/move_shelf/");
    assert_eq!(seen.body["aisle"], json!("B2"));
}

#[test]
fn type_attributes_from_build_rs_are_applied() {
    fn eq<T: Eq>() {}
    eq::<CreateWidgetRequest>();
    eq::<CreateWidgetRequestSize>();
    eq::<CreateWidgetResponse>();
    // `#[derive(Eq, Hash)]` on MoveShelfRequest alone.
    let mut set = HashSet::new();
    set.insert(MoveShelfRequest {
        shelf_id: 1,
        aisle: "A".into(),
        note: None,
    });
    set.insert(MoveShelfRequest {
        shelf_id: 1,
        aisle: "A".into(),
        note: None,
    });
    assert_eq!(set.len(), 1);
}

#[test]
fn the_included_file_is_what_build_rs_asked_for() {
    // `exclude("inv.purge_widgets")`: documented, not generated.
    assert!(!GENERATED.contains("purge_widgets"));
    assert!(GENERATED.contains("pub mod inv {") && GENERATED.contains("pub mod warehouse {"));
    assert!(
        !GENERATED.contains("pub mod store"),
        "`store` is generated as `warehouse`"
    );
    // An included file can hold no inner attributes and no features of its own.
    assert!(!GENERATED.contains("#!["), "no inner attributes");
    assert!(!GENERATED.contains("//!"), "no inner doc comments");
    assert!(
        !GENERATED.contains("cfg(feature"),
        "no cargo features the including crate lacks"
    );
    assert!(GENERATED.starts_with("// @generated"));
}
