//! The seed doc's examples through the generated types: what the doc shows deserialises and
//! serialises back to the same JSON, and nothing unknown is lost.

use bkapi_sdk::cc::{UpdateModuleRequest, UpdateModuleResponse};
use bkapi_sdk::runtime::Envelope;
use bkapi_tests::seed_doc;
use codegen::ir::Side;
use serde_json::{json, Value};

/// The seed's examples, as the generator read them from the doc.
fn example(side: Side) -> Value {
    let mut config = codegen::Config::new();
    config.input(seed_doc());
    let ir = config.load_all().unwrap().ir;
    ir.apis[0]
        .examples
        .iter()
        .find(|e| e.side == side)
        .expect("the seed has this example")
        .value
        .clone()
}

fn without_credentials(mut v: Value) -> Value {
    for key in codegen::internals::vocab::CREDENTIALS {
        v.as_object_mut().unwrap().shift_remove(*key);
    }
    v
}

#[test]
fn request_example_round_trips() {
    let wire = without_credentials(example(Side::Request));
    let request: UpdateModuleRequest = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(request.bk_biz_id, 1);
    assert_eq!(request.data.bk_module_name.as_deref(), Some("test"));
    assert_eq!(serde_json::to_value(&request).unwrap(), wire);
}

#[test]
fn request_data_keeps_model_defined_attributes() {
    let mut wire = without_credentials(example(Side::Request));
    wire["data"]["bk_module_type"] = json!("1");
    wire["data"]["operator"] = json!("admin");
    let request: UpdateModuleRequest = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(request.data.extra["operator"], json!("admin"));
    assert_eq!(serde_json::to_value(&request).unwrap(), wire);
}

#[test]
fn optional_fields_are_skipped_when_none() {
    let request = UpdateModuleRequest {
        bk_biz_id: 2,
        bk_set_id: 3,
        bk_module_id: 4,
        ..Default::default()
    };
    let wire = serde_json::to_value(&request).unwrap();
    assert_eq!(
        wire,
        json!({"bk_biz_id": 2, "bk_set_id": 3, "bk_module_id": 4, "data": {}})
    );
}

#[test]
fn response_example_round_trips_through_the_envelope() {
    let wire = example(Side::Response);
    let envelope: Envelope<UpdateModuleResponse> = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(envelope.result, Some(true));
    assert_eq!(
        envelope.request_id.as_deref(),
        Some("e43da4ef221746868dc4c837d36f3807")
    );
    assert_eq!(serde_json::to_value(&envelope).unwrap(), wire);
}

#[test]
fn response_keeps_unknown_fields() {
    let mut wire = example(Side::Response);
    wire["trace_id"] = json!("abc");
    wire["data"] = json!({"bk_module_id": 7, "nested": {"a": [1, 2]}});
    let envelope: Envelope<UpdateModuleResponse> = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(envelope.data.as_ref().unwrap()["nested"]["a"][1], json!(2));
    assert_eq!(serde_json::to_value(&envelope).unwrap(), wire);
}
