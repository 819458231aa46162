//! The mock BlueKing (`bkapi-mock`) through the generated client: the doc's answer, request
//! validation, credential checks and injected failures, each as the SDK's caller sees them.

#[path = "support/seed_request.rs"]
mod seed_request;

use bkapi_mock::validate::{MISSING, UNKNOWN, WRONG_TYPE};
use bkapi_mock::{Failure, MockServer, Spec, Verdict, APP_VERIFY_FAILED};
use bkapi_runtime::Code;
use bkapi_sdk::cc::UpdateModuleRequest;
use bkapi_sdk::{Client, Error};
use bkapi_tests::root;
use seed_request::request;
use serde_json::json;
use std::time::Duration;

/// The IR of the shipped docs, as the mock reads it.
fn spec() -> Spec {
    let mut config = codegen::Config::new();
    config.input(root().join("docs"));
    let ir = config.load_all().expect("the shipped docs load").ir;
    Spec::from_value(serde_json::to_value(&ir).unwrap()).expect("the IR reads back")
}

fn client(url: &str) -> Client {
    Client::builder(url)
        .app_code("mock-test")
        .app_secret("mock-secret-value")
        .username("admin")
        .build()
        .unwrap()
}

#[tokio::test]
async fn answers_with_the_docs_example_and_records_the_call() {
    let server = MockServer::start(spec()).await.unwrap();
    let data = client(server.url())
        .cc()
        .update_module(&request())
        .await
        .unwrap();
    // The seed doc's response example has `"data": null`: an empty answer.
    assert!(data.is_empty(), "{data:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].api.as_deref(), Some("cc.update_module"));
    assert_eq!(seen[0].path, "/api/c/compapi/v2/cc/update_module/");
    assert_eq!(seen[0].request["bk_module_id"], json!(1));
    assert_eq!(seen[0].verdict, Verdict::Answered("example"));
    // Credentials are checked, never kept.
    assert!(!seen[0].request.contains_key("bk_app_secret"));
    assert!(!format!("{seen:?}").contains("mock-secret-value"));

    server.respond(
        "cc.update_module",
        json!({"bk_module_id": 1, "note": "set by the test"}),
    );
    let data = client(server.url())
        .cc()
        .update_module(&request())
        .await
        .unwrap();
    assert_eq!(data["note"], json!("set by the test"));
    assert_eq!(server.requests()[1].verdict, Verdict::Answered("override"));
}

/// The seed API's request fields in a spec, to make the server stricter than the doc.
fn request_fields(spec: &mut Spec) -> &mut bkapi_mock::spec::Object {
    let api = spec
        .apis
        .iter_mut()
        .find(|a| a.name == "update_module")
        .unwrap();
    &mut api.types[api.request]
}

#[tokio::test]
async fn invalid_requests_get_result_false_naming_the_field() {
    type Change = fn(&mut bkapi_mock::spec::Object, &mut UpdateModuleRequest);
    let cases: [(Change, i64, &str); 3] = [
        // Required by the server, left out by the caller (`None`).
        (
            |obj, req| {
                let f = obj
                    .fields
                    .iter_mut()
                    .find(|f| f.wire_name == "bk_supplier_account");
                f.unwrap().required = true;
                req.bk_supplier_account = None;
            },
            MISSING,
            "bk_supplier_account",
        ),
        // A string where the server wants a number.
        (
            |obj, _| {
                let f = obj
                    .fields
                    .iter_mut()
                    .find(|f| f.wire_name == "bk_supplier_account");
                f.unwrap().ty = bkapi_mock::spec::Ty::Integer;
            },
            WRONG_TYPE,
            "bk_supplier_account",
        ),
        // A field the server's closed object does not know.
        (
            |obj, _| {
                obj.open = false;
                obj.fields.retain(|f| f.wire_name != "bk_set_id");
            },
            UNKNOWN,
            "bk_set_id",
        ),
    ];
    for (change, code, name) in cases {
        let mut spec = spec();
        let mut req = request();
        change(request_fields(&mut spec), &mut req);
        let server = MockServer::start(spec).await.unwrap();
        let err = client(server.url())
            .cc()
            .update_module(&req)
            .await
            .unwrap_err();
        match &err {
            Error::Api {
                code: Code::Int(got),
                message,
                ..
            } => {
                assert_eq!(*got, code, "{message}");
                assert!(message.contains(&format!("`{name}`")), "{message}");
            }
            other => panic!("expected Error::Api for {name}, got {other:?}"),
        }
        assert!(matches!(server.requests()[0].verdict, Verdict::Invalid(_)));
    }
}

#[tokio::test]
async fn credentials_are_checked_like_the_gateway() {
    let server = MockServer::start(spec()).await.unwrap();
    let anonymous = Client::builder(server.url()).build().unwrap();
    match anonymous.cc().update_module(&request()).await.unwrap_err() {
        Error::Gateway { code, message, .. } => {
            assert_eq!(code.to_string(), APP_VERIFY_FAILED.to_string());
            assert!(message.contains("app code"), "{message}");
        }
        other => panic!("expected Error::Gateway, got {other:?}"),
    }
    server.require_app("mock-test", "another-secret");
    let err = client(server.url())
        .cc()
        .update_module(&request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Gateway { .. }), "{err:?}");
    assert!(
        !err.to_string().contains("mock-secret-value"),
        "no secret in the error: {err}"
    );
    assert!(matches!(
        server.requests()[1].verdict,
        Verdict::Unauthenticated(_)
    ));
}

#[tokio::test]
async fn an_access_token_stands_for_the_app() {
    let server = MockServer::start(spec()).await.unwrap();
    let token = Client::builder(server.url())
        .access_token("token-value")
        .build()
        .unwrap();
    token.cc().update_module(&request()).await.unwrap();
    assert_eq!(server.requests()[0].verdict, Verdict::Answered("example"));
    assert!(!format!("{:?}", server.requests()).contains("token-value"));
}

fn with_app() -> &'static str {
    r#"{"bk_app_code": "a", "bk_app_secret": "s"}"#
}

/// A raw call, for what the generated client never sends.
async fn post(server: &MockServer, header: Option<&str>, body: &str) -> reqwest::Response {
    let url = format!("{}/api/c/compapi/v2/cc/update_module/", server.url());
    let mut call = reqwest::Client::new().post(url).body(body.to_string());
    if let Some(h) = header {
        call = call.header("X-Bkapi-Authorization", h);
    }
    call.send().await.unwrap()
}

#[tokio::test]
async fn credentials_come_from_the_header_alone_when_it_is_sent() {
    let server = MockServer::start(spec()).await.unwrap();
    let fields = r#""bk_biz_id": 1, "bk_set_id": 2, "bk_module_id": 3, "data": {}"#;
    let in_body = format!(r#"{{"app_code": "a", "app_secret": "s", {fields}}}"#);
    assert_eq!(post(&server, None, &in_body).await.status(), 200);
    // A header without the secret is not completed from the body; a header that is not
    // JSON is refused, whatever the body holds.
    for header in [r#"{"bk_app_code": "a"}"#, "bk_app_code=a"] {
        let answer = post(&server, Some(header), &in_body).await;
        assert_eq!(answer.status(), 401, "{header}");
        assert_eq!(answer.headers()["x-bkapi-error-code"], "1640001");
    }
    let jwt = post(&server, Some(r#"{"jwt": "a.b.c"}"#), &in_body).await;
    assert_eq!(jwt.status(), 200);
    // A body larger than the mock reads is refused, and recorded.
    let big = format!(r#"{{"pad": "{}"}}"#, "x".repeat(bkapi_mock::MAX_BODY_BYTES));
    assert_eq!(post(&server, Some(with_app()), &big).await.status(), 413);
    assert_eq!(server.requests().last().unwrap().verdict, Verdict::TooLarge);
    // Credentials are checked before the body is read.
    let answer = post(&server, None, "not json").await;
    assert_eq!(answer.status(), 401);
    let answer = post(&server, Some(with_app()), "not json").await;
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["code"], json!(WRONG_TYPE), "{body}");
    let seen = server.requests();
    assert!(seen.iter().all(|r| !r.request.contains_key("app_secret")));
}

#[tokio::test]
async fn injected_failures_reach_the_caller() {
    let server = MockServer::start(spec()).await.unwrap();
    let api = "cc.update_module";
    let call = || async { client(server.url()).cc().update_module(&request()).await };

    server.fail(api, Failure::Status(503));
    match call().await.unwrap_err() {
        Error::Http { status, .. } => assert_eq!(status, 503),
        other => panic!("expected Error::Http, got {other:?}"),
    }

    server.fail(
        api,
        Failure::ResultFalse {
            code: 1306201,
            message: "module is locked".into(),
        },
    );
    match call().await.unwrap_err() {
        Error::Api { code, message, .. } => {
            assert_eq!(
                (code, message.as_str()),
                (Code::Int(1306201), "module is locked")
            )
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }

    server.fail(api, Failure::TruncatedBody);
    let err = call().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    // Cut where a character starts, whatever the text.
    for text in ["模块", "模块模", "é模块"] {
        server.respond(api, json!({ "名称": text.repeat(7) }));
        let err = call().await.unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    }

    server.fail(api, Failure::Delay(Duration::from_millis(500)));
    let slow = Client::builder(server.url())
        .app_code("mock-test")
        .app_secret("mock-secret-value")
        .timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    let err = slow.cc().update_module(&request()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // The call the client gave up on is recorded all the same, before the delay ends.
    let delayed = Verdict::Injected(Failure::Delay(Duration::from_millis(500)));
    let seen = poll(&server, |calls| {
        calls.last().is_some_and(|c| c.verdict == delayed)
    })
    .await;
    assert!(seen, "{:?}", server.requests().last());

    server.reset(api);
    assert!(call().await.is_ok());
}

/// Whether `check` holds of the recorded calls within 400 ms (the delay's 500 ms not over).
async fn poll(server: &MockServer, check: impl Fn(&[bkapi_mock::Recorded]) -> bool) -> bool {
    for _ in 0..40 {
        if check(&server.requests()) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}

#[tokio::test]
#[should_panic(expected = "Failure::Status(199)")]
async fn informational_statuses_are_refused() {
    let server = MockServer::start(spec()).await.unwrap();
    server.fail("cc.update_module", Failure::Status(199));
}

#[tokio::test]
#[should_panic(expected = "Failure::Status(1000)")]
async fn statuses_http_cannot_send_are_refused() {
    let server = MockServer::start(spec()).await.unwrap();
    server.fail("cc.update_module", Failure::Status(1000));
}

#[tokio::test]
async fn shutdown_frees_the_port() {
    let server = MockServer::start(spec()).await.unwrap();
    let addr = server.addr();
    client(server.url())
        .cc()
        .update_module(&request())
        .await
        .unwrap();
    // A call waiting out a long delay does not hold the shutdown up.
    server.fail(
        "cc.update_module",
        Failure::Delay(Duration::from_secs(3600)),
    );
    let waiting = tokio::spawn(async move {
        let url = format!("http://{addr}");
        client(&url).cc().update_module(&request()).await
    });
    // A call in flight is recorded only when it ends: give it time to arrive.
    tokio::time::sleep(Duration::from_millis(300)).await;
    tokio::time::timeout(Duration::from_secs(10), server.shutdown())
        .await
        .expect("shutdown ends the delay");
    assert!(
        waiting.await.unwrap().is_ok(),
        "the delayed call is answered"
    );
    let again = MockServer::start_at(spec(), addr).await.unwrap();
    assert_eq!(again.addr(), addr);
    // Dropped, it frees the port as soon as the runtime runs it again.
    drop(again);
    let mut bound = None;
    for _ in 0..100 {
        tokio::task::yield_now().await;
        if let Ok(server) = MockServer::start_at(spec(), addr).await {
            bound = Some(server);
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(bound.is_some(), "the port of a dropped server is free");
}

#[tokio::test]
async fn other_methods_learn_what_the_path_takes() {
    let server = MockServer::start(spec()).await.unwrap();
    let url = format!("{}/api/c/compapi/v2/cc/update_module/", server.url());
    let http = reqwest::Client::new();
    let answer = http.get(&url).send().await.unwrap();
    assert_eq!(answer.status(), 405);
    assert_eq!(answer.headers()["allow"], "OPTIONS, POST");
    let answer = http
        .request(reqwest::Method::OPTIONS, &url)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 204);
    assert_eq!(answer.headers()["allow"], "OPTIONS, POST");
    let verdicts: Vec<Verdict> = server.requests().into_iter().map(|r| r.verdict).collect();
    assert_eq!(verdicts, [Verdict::MethodNotAllowed, Verdict::Options]);
}

#[tokio::test]
async fn head_is_answered_as_get() {
    let mut spec = spec();
    spec.apis[0].route.method = "GET".into();
    let server = MockServer::start(spec).await.unwrap();
    let url = format!(
        "{}/api/c/compapi/v2/cc/update_module/?bk_biz_id=1&bk_set_id=1&bk_module_id=1",
        server.url()
    );
    let http = reqwest::Client::new();
    let answer = http
        .head(&url)
        .header(
            "X-Bkapi-Authorization",
            r#"{"app_code": "a", "app_secret": "s"}"#,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(answer.bytes().await.unwrap().is_empty());
    let seen = server.requests();
    assert_eq!(seen[0].api.as_deref(), Some("cc.update_module"));
    assert_eq!(seen[0].method, "HEAD");
    let answer = http.post(&url).send().await.unwrap();
    assert_eq!(answer.headers()["allow"], "GET, HEAD, OPTIONS");
    // Credentials in a GET's query, or in its body (its fields are in the query).
    let body = r#"{"bk_app_code": "a", "bk_app_secret": "s"}"#;
    for (query, body) in [("&app_code=a&app_secret=s", ""), ("", body)] {
        let answer = http
            .get(format!("{url}{query}"))
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{query} {body}");
        let verdict = server.requests().pop().unwrap().verdict;
        assert!(
            !matches!(verdict, Verdict::Unauthenticated(_)),
            "{verdict:?}"
        );
    }
}

#[tokio::test]
async fn unknown_routes_are_not_found() {
    let server = MockServer::start(spec()).await.unwrap();
    let url = format!("{}/api/c/compapi/v2/cc/no_such_api/", server.url());
    let status = reqwest::Client::new()
        .post(url)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
    assert_eq!(server.requests()[0].verdict, Verdict::NotFound);
}
