//! The generated client against the mock BlueKing (`bkapi-mock`) built from this crate's own
//! docs: no hand-written server, answers from the docs' examples, failures on demand.

use bkapi_downstream::bkapi::inv::{CreateWidgetRequest, ListWidgetsRequest};
use bkapi_downstream::bkapi::warehouse::MoveShelfRequest;
use bkapi_downstream::bkapi::{Client, Error};
use bkapi_mock::{Failure, MockServer, Spec, Verdict};
use serde_json::json;

/// The mock for the docs `build.rs` generates the client from.
async fn mock() -> MockServer {
    let mut config = codegen::Config::new();
    config.input(concat!(env!("CARGO_MANIFEST_DIR"), "/docs"));
    let ir = config.load_all().expect("the docs load").ir;
    let spec = Spec::from_value(serde_json::to_value(&ir).unwrap()).unwrap();
    MockServer::start(spec).await.unwrap()
}

fn client(url: &str) -> Client {
    Client::builder(url)
        .app_code("downstream")
        .app_secret("not-a-real-secret")
        .username("tester")
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_docs_example_answers_a_typed_call() {
    let server = mock().await;
    let request = CreateWidgetRequest {
        warehouse_id: 7,
        name: "sprocket".into(),
        ..Default::default()
    };
    let data = client(server.url())
        .inv()
        .create_widget(&request)
        .await
        .unwrap();
    assert_eq!(data.widget_id, Some(33), "the doc's response example");
    let seen = server.requests();
    assert_eq!(seen[0].api.as_deref(), Some("inv.create_widget"));
    assert_eq!(seen[0].request["name"], json!("sprocket"));
    assert_eq!(seen[0].verdict, Verdict::Answered("example"));
}

#[tokio::test]
async fn a_test_chooses_the_answer_and_the_failure() {
    let server = mock().await;
    server.respond(
        "inv.list_widgets",
        json!({"count": 1, "info": [{"widget_id": 5, "name": "flange"}]}),
    );
    let request = ListWidgetsRequest {
        warehouse_id: 7,
        ..Default::default()
    };
    let data = client(server.url())
        .inv()
        .list_widgets(&request)
        .await
        .unwrap();
    assert_eq!(data.count, Some(1));
    assert_eq!(data.info.unwrap()[0].name.as_deref(), Some("flange"));
    assert_eq!(
        server.requests()[0].request["warehouse_id"],
        json!("7"),
        "a GET's query"
    );

    // The mock names APIs by system as the docs do (`store`); the client by its module.
    server.fail(
        "store.move_shelf",
        Failure::ResultFalse {
            code: 1306,
            message: "shelf is locked".into(),
        },
    );
    let request = MoveShelfRequest {
        shelf_id: 4,
        aisle: "B2".into(),
        note: None,
    };
    let err = client(server.url())
        .warehouse()
        .move_shelf(&request)
        .await
        .unwrap_err();
    match err {
        Error::Api { api, message, .. } => {
            assert_eq!(
                (api.as_str(), message.as_str()),
                ("warehouse.move_shelf", "shelf is locked")
            )
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}
