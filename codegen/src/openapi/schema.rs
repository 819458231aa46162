//! IR types → JSON Schemas, as OpenAPI 3.1 (JSON Schema 2020-12) or 3.0 (its own dialect:
//! `nullable`, no sibling keywords beside `$ref`) writes them. Shapes follow the Rust types the
//! plan decides, so the export and the generated code agree: a field the Rust type makes an
//! `Option` may be absent or `null`, open objects accept more properties, closed ones do not.

use super::Version;
use crate::emit::plan::{ApiPlan, SystemPlan};
use crate::ir::{Ty, TypeId};
use serde_json::{json, Map, Value};

/// The component name of a type: `<module>.<RustName>`, unique across systems.
pub fn component(system: &SystemPlan, name: &str) -> String {
    format!("{}.{name}", system.module)
}

/// A `$ref` to a component.
pub fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The schema of a type as a field, a list element or a map value holds it.
pub fn ty(system: &SystemPlan, api: &ApiPlan, t: &Ty) -> Value {
    match t {
        Ty::Any => json!({}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Integer => json!({"type": "integer", "format": "int64"}),
        Ty::Number => json!({"type": "number"}),
        Ty::String => json!({"type": "string"}),
        Ty::Array(inner) => json!({"type": "array", "items": ty(system, api, inner)}),
        Ty::Map(inner) => {
            let values = match **inner {
                Ty::Any => json!(true),
                _ => ty(system, api, inner),
            };
            json!({"type": "object", "additionalProperties": values})
        }
        Ty::Object(id) => reference(&component(system, &api.names.types[id])),
    }
}

/// `schema` that also accepts `null`, with `description` when there is one.
pub fn with(version: Version, schema: Value, nullable: bool, description: &str) -> Value {
    let is_ref = schema.get("$ref").is_some();
    let mut out = match (version, is_ref) {
        // 3.0 ignores keywords beside `$ref`: wrap it.
        (Version::V3_0, true) if nullable || !description.is_empty() => {
            json!({ "allOf": [schema] })
        }
        _ => schema,
    };
    if nullable {
        match version {
            Version::V3_0 => {
                if out.as_object().is_some_and(|o| !o.is_empty()) {
                    out["nullable"] = json!(true);
                }
            }
            Version::V3_1 => out = nullable_31(out),
        }
    }
    if !description.is_empty() {
        out["description"] = json!(description);
    }
    out
}

/// 3.1: a `type` gains `"null"`; a `$ref` or a union becomes one of itself or `null`.
fn nullable_31(schema: Value) -> Value {
    match schema.get("type").cloned() {
        Some(Value::String(t)) => {
            let mut out = schema;
            out["type"] = json!([t, "null"]);
            out
        }
        _ if schema.as_object().is_some_and(Map::is_empty) => schema,
        _ => json!({ "anyOf": [schema, {"type": "null"}] }),
    }
}

/// The schema of object `id` of `api`: a struct's properties, a union's variants, or, for an
/// object the plan emits as an alias of an identical one, a reference to that one.
pub fn object(system: &SystemPlan, api: &ApiPlan, id: TypeId, version: Version) -> Value {
    match api.aliases.get(&id) {
        Some(target) => reference(&component(system, target)),
        None => object_inline(system, api, id, version),
    }
}

/// [`object`] written out even when the object is an alias of an identical one (to edit it).
pub fn object_inline(system: &SystemPlan, api: &ApiPlan, id: TypeId, version: Version) -> Value {
    let obj = api.object(id);
    if !obj.variants.is_empty() {
        let variants: Vec<Value> = obj.variants.iter().map(|v| ty(system, api, v)).collect();
        return with(
            version,
            json!({ "anyOf": variants }),
            false,
            &obj.description,
        );
    }
    let lenient = api.lenient(id);
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in &obj.fields {
        let optional = !f.required || lenient;
        let schema = with(version, ty(system, api, &f.ty), optional, &f.description);
        properties.insert(f.wire_name.clone(), schema);
        if !optional {
            required.push(json!(f.wire_name));
        }
    }
    let mut out = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        out["required"] = Value::Array(required);
    }
    // Closed request objects send no other field; open ones and responses keep them.
    out["additionalProperties"] = json!(obj.open);
    if !obj.description.is_empty() {
        out["description"] = json!(obj.description);
    }
    out
}

/// The response envelope around `data`, as every BlueKing API answers.
pub fn envelope(data: Value, version: Version) -> Value {
    let any_of = |types: &[&str]| match version {
        Version::V3_1 => json!({ "type": types }),
        Version::V3_0 => {
            let mut alternatives: Vec<Value> = types
                .iter()
                .filter(|t| **t != "null")
                .map(|t| json!({ "type": t }))
                .collect();
            let mut out = if alternatives.len() == 1 {
                alternatives.remove(0)
            } else {
                json!({ "anyOf": alternatives })
            };
            out["nullable"] = json!(true);
            out
        }
    };
    json!({
        "type": "object",
        "description": "The BlueKing response envelope: `result` and `code` say whether the call succeeded, `data` holds the answer.",
        "properties": {
            "result": any_of(&["boolean", "null"]),
            "code": any_of(&["integer", "string", "null"]),
            "message": any_of(&["string", "null"]),
            "permission": {},
            "request_id": any_of(&["string", "null"]),
            "data": with(version, data, true, ""),
        },
        "additionalProperties": true,
    })
}
