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
    let schemas = if swagger2 {
        to_yaml(&swagger2_schema(rewrite_refs(schemas, true)))
    } else {
        to_yaml(&schemas)
    };
    if let Some(root) = doc.as_mapping_mut() {
        let Yaml::Mapping(ours) = schemas else {
            return Err("the export has no schemas".into());
        };
        let theirs = if swagger2 {
            root.entry("definitions".into())
                .or_insert_with(|| Yaml::Mapping(Mapping::new()))
        } else {
            root.entry("components".into())
                .or_insert_with(|| Yaml::Mapping(Mapping::new()))
                .as_mapping_mut()
                .ok_or("`components` is not a mapping")?
                .entry("schemas".into())
                .or_insert_with(|| Yaml::Mapping(Mapping::new()))
        };
        let theirs = theirs
            .as_mapping_mut()
            .ok_or("the file's schemas are not a mapping")?;
        // Key by key: the maintainer's own schemas stay; ours are named `<module>.<Type>`.
        for (name, schema) in ours {
            theirs.insert(name, schema);
        }
    }
    serde_norway::to_string(&doc).map_err(|e| e.to_string())
}

/// The export's operations by API name (the `x-bkapi` extension each carries), which is what a
/// resource file's `operationId` is. A name two systems share matches neither: which one a
/// resource means cannot be told.
fn operations_by_id(export: &Value) -> std::collections::BTreeMap<String, Value> {
    let mut out = std::collections::BTreeMap::new();
    let mut ambiguous = std::collections::BTreeSet::new();
    if let Some(paths) = export["paths"].as_object() {
        for ops in paths.values().filter_map(Value::as_object) {
            for op in ops.values() {
                let Some(name) = op["x-bkapi"]["api"].as_str() else {
                    continue;
                };
                if out.insert(name.to_string(), op.clone()).is_some() {
                    ambiguous.insert(name.to_string());
                }
            }
        }
    }
    for name in ambiguous {
        out.remove(&name);
    }
    out
}

/// Puts our parameters, body and responses into a resource file's operation.
fn fill(op: &mut Mapping, ours: &Value, swagger2: bool) {
    let mut parameters: Vec<Value> = ours["parameters"].as_array().cloned().unwrap_or_default();
    if swagger2 {
        // Swagger 2.0: a body is a parameter, schemas sit beside `in`, and refs point at
        // `definitions`.
        parameters = parameters.into_iter().map(swagger2_parameter).collect();
        let body = &ours["requestBody"]["content"]["application/json"]["schema"];
        if !body.is_null() {
            parameters.push(serde_json::json!({
                "in": "body", "name": "body", "required": true,
                "schema": swagger2_schema(rewrite_refs(body.clone(), true)),
            }));
        }
        let response = &ours["responses"]["200"]["content"]["application/json"]["schema"];
        op.insert(
            "responses".into(),
            to_yaml(&serde_json::json!({
                "200": {
                    "description": "The envelope",
                    "schema": swagger2_schema(rewrite_refs(response.clone(), true)),
                }
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

/// An OpenAPI 3.0 parameter as swagger 2.0 writes it: the schema's keywords beside `in`; a
/// list repeated in the query is `collectionFormat: multi`; a JSON-encoded one a string.
fn swagger2_parameter(mut p: Value) -> Value {
    let Some(map) = p.as_object_mut() else {
        return p;
    };
    let explode = map.remove("explode").is_some_and(|e| e == true);
    map.remove("style");
    if let Some(content) = map.remove("content") {
        let _ = content;
        map.insert("type".into(), "string".into());
        let text = map.get("description").and_then(Value::as_str).unwrap_or("");
        let text = format!("{text} (JSON)").trim().to_string();
        map.insert("description".into(), text.into());
    } else if let Some(Value::Object(schema)) = map.remove("schema") {
        let schema = swagger2_schema(rewrite_refs(Value::Object(schema), true));
        if let Value::Object(schema) = schema {
            map.extend(schema);
        }
        if explode {
            map.insert("collectionFormat".into(), "multi".into());
        }
    }
    p
}

/// An OpenAPI 3.0 schema as swagger 2.0 can hold it: `nullable` is `x-nullable`, and a union
/// (`anyOf`, which 2.0 lacks) accepts any value, its alternatives kept as `x-anyOf`.
fn swagger2_schema(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                match k.as_str() {
                    "nullable" => {
                        out.insert("x-nullable".into(), v);
                    }
                    "anyOf" | "oneOf" => {
                        out.insert("x-anyOf".into(), swagger2_schema(v));
                    }
                    _ => {
                        out.insert(k, swagger2_schema(v));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(swagger2_schema).collect()),
        other => other,
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
