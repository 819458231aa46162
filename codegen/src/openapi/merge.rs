//! Filling a gateway resource file's operations with the schemas the docs give. Resource files
//! are swagger 2.0 or OpenAPI 3.0 with empty schemas; a gateway maintainer keeps them, with
//! their `x-bk-apigateway-resource` blocks. Each operation whose `operationId` is an API of the
//! export gets its parameters, request body and response schemas; every other key, and the
//! order of keys, stays as it was. (The YAML library keeps no comments.)

use serde_json::Value;
use serde_norway::{Mapping, Value as Yaml};

/// `resource` (the YAML text of a resource file) with the operations `export` (an OpenAPI 3.0
/// description from [`Config::openapi`](crate::Config::openapi)) describes filled in; `Err` when the text is no YAML
/// mapping with `paths`.
pub fn merge_into(resource: &str, export: &Value) -> Result<String, String> {
    let mut doc: Yaml = serde_norway::from_str(resource).map_err(|e| e.to_string())?;
    let swagger2 = doc.get("swagger").is_some();
    let operations = operations_by_id(export);
    let mut used: Vec<String> = Vec::new();
    let Some(paths) = doc.get_mut("paths").and_then(Yaml::as_mapping_mut) else {
        return Err("the file has no `paths` mapping".into());
    };
    for (_, ops) in paths.iter_mut() {
        let Some(ops) = ops.as_mapping_mut() else {
            continue;
        };
        for (_, op) in ops.iter_mut() {
            let Some(op) = op.as_mapping_mut() else {
                continue;
            };
            let id = op
                .get("operationId")
                .and_then(Yaml::as_str)
                .map(str::to_string);
            let Some(ours) = id.as_deref().and_then(|id| operations.get(id)) else {
                continue;
            };
            fill(op, ours, swagger2);
            used.push(id.unwrap_or_default());
        }
    }
    // The schemas the filled operations refer to.
    let schemas = export["components"]["schemas"].clone();
    let (key, schemas) = if swagger2 {
        ("definitions", to_yaml(&rewrite_refs(schemas, true)))
    } else {
        ("components", {
            let mut components = Mapping::new();
            components.insert("schemas".into(), to_yaml(&schemas));
            Yaml::Mapping(components)
        })
    };
    if let Some(root) = doc.as_mapping_mut() {
        match (key, root.get_mut(key)) {
            ("components", Some(Yaml::Mapping(existing))) => {
                existing.insert("schemas".into(), to_yaml(&export["components"]["schemas"]));
            }
            _ => {
                root.insert(key.into(), schemas);
            }
        }
    }
    serde_norway::to_string(&doc).map_err(|e| e.to_string())
}

/// The export's operations by operationId, and by API name when that differs.
fn operations_by_id(export: &Value) -> std::collections::BTreeMap<String, Value> {
    let mut out = std::collections::BTreeMap::new();
    if let Some(paths) = export["paths"].as_object() {
        for ops in paths.values().filter_map(Value::as_object) {
            for op in ops.values() {
                if let Some(id) = op["operationId"].as_str() {
                    out.insert(id.to_string(), op.clone());
                    // `<system>_<name>` ids still match a resource file's plain name.
                    if let Some((_, name)) = id.split_once('_') {
                        out.entry(name.to_string()).or_insert_with(|| op.clone());
                    }
                }
            }
        }
    }
    out
}

/// Puts our parameters, body and responses into a resource file's operation.
fn fill(op: &mut Mapping, ours: &Value, swagger2: bool) {
    let mut parameters: Vec<Value> = ours["parameters"].as_array().cloned().unwrap_or_default();
    if swagger2 {
        // Swagger 2.0: a body is a parameter, schemas sit beside `in`, and refs point at
        // `definitions`.
        parameters = parameters
            .into_iter()
            .map(|mut p| {
                if let Some(schema) = p.as_object_mut().and_then(|p| p.remove("schema")) {
                    if let (Some(p), Some(schema)) = (p.as_object_mut(), schema.as_object()) {
                        p.extend(schema.clone());
                    }
                }
                rewrite_refs(p, true)
            })
            .collect();
        let body = &ours["requestBody"]["content"]["application/json"]["schema"];
        if !body.is_null() {
            parameters.push(serde_json::json!({
                "in": "body", "name": "body", "required": true,
                "schema": rewrite_refs(body.clone(), true),
            }));
        }
        let response = &ours["responses"]["200"]["content"]["application/json"]["schema"];
        op.insert(
            "responses".into(),
            to_yaml(&serde_json::json!({
                "200": { "description": "The envelope", "schema": rewrite_refs(response.clone(), true) }
            })),
        );
    } else {
        if !ours["requestBody"].is_null() {
            op.insert("requestBody".into(), to_yaml(&ours["requestBody"]));
        }
        op.insert("responses".into(), to_yaml(&ours["responses"]));
    }
    if !parameters.is_empty() {
        op.insert("parameters".into(), to_yaml(&Value::Array(parameters)));
    }
}

/// `#/components/schemas/X` → `#/definitions/X` (swagger 2.0), in every `$ref`.
fn rewrite_refs(value: Value, swagger2: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match (k.as_str(), &v) {
                    ("$ref", Value::String(r)) if swagger2 => {
                        let r = r.replace("#/components/schemas/", "#/definitions/");
                        (k, Value::String(r))
                    }
                    _ => (k, rewrite_refs(v, swagger2)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| rewrite_refs(v, swagger2))
                .collect(),
        ),
        other => other,
    }
}

fn to_yaml(value: &Value) -> Yaml {
    serde_norway::to_value(value).unwrap_or(Yaml::Null)
}
