//! IR → an OpenAPI description: one operation per API, schemas for every request and response
//! type under `components/schemas`, the docs' examples, and the authentication as a security
//! scheme. It reads the same [`Plan`](crate::emit::plan::Plan) the Rust emitter reads (names,
//! optional fields, shared shapes), so the description and the generated code agree.

mod merge;
mod schema;

pub use merge::merge_into;

use crate::emit::plan::{ApiPlan, Plan, SystemPlan};
use crate::ir::{Method, Side, Ty};
use crate::vocab;
use crate::ConfigError;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Which OpenAPI version to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Version {
    /// OpenAPI 3.1: schemas are JSON Schema 2020-12 (`"type": ["string", "null"]`).
    #[default]
    V3_1,
    /// OpenAPI 3.0, for tools that read only 3.0 (progenitor among them): `nullable`, and
    /// nothing beside a `$ref`.
    V3_0,
}

impl Version {
    fn number(self) -> &'static str {
        match self {
            Version::V3_1 => "3.1.0",
            Version::V3_0 => "3.0.3",
        }
    }
}

impl crate::Config {
    /// Reads the inputs and describes their APIs as OpenAPI `version`: one operation per API,
    /// request and response schemas under `components/schemas` (named
    /// `<module>.<RustTypeName>`, the generated Rust types' names), the docs' examples, and
    /// the credentials as a security scheme. The same IR and plan as the Rust code: overrides,
    /// renames and shared shapes show alike.
    ///
    /// ```no_run
    /// // build.rs: the client and its OpenAPI description, from the same docs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let mut config = codegen::Config::new();
    ///     config.input("docs");
    ///     let loaded = config.load_all()?;
    ///     let spec = config.openapi_of(&loaded.ir, codegen::OpenApiVersion::V3_1)?;
    ///     let out = std::env::var("OUT_DIR")?;
    ///     std::fs::write(format!("{out}/bkapi.openapi.json"), spec.to_string())?;
    ///     config.generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn openapi(&self, version: Version) -> Result<Value, crate::Error> {
        let loaded = self.load_all()?;
        self.openapi_of(&loaded.ir, version)
    }

    /// [`Config::openapi`](crate::Config::openapi) for an IR already loaded.
    pub fn openapi_of(&self, ir: &crate::Ir, version: Version) -> Result<Value, crate::Error> {
        let options = self.emit_options(&crate::Layout::Package)?;
        let plan = crate::emit::plan::plan(ir, &options);
        Ok(document(&plan, version)?)
    }
}

/// An OpenAPI description as YAML.
pub fn to_yaml(description: &Value) -> Result<String, String> {
    serde_norway::to_string(description).map_err(|e| e.to_string())
}

/// The name of the security scheme every operation uses.
const SECURITY: &str = "bkapiAuthorization";

/// The OpenAPI description of everything `plan` holds; `Err` when two APIs share a method and
/// path (gateway paths are relative to each gateway: export such systems apart).
pub fn document(plan: &Plan, version: Version) -> Result<Value, ConfigError> {
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut schemas = Map::new();
    let mut tags = Vec::new();
    let ids = operation_ids(plan);
    for system in &plan.systems {
        tags.push(json!({
            "name": system.system,
            "description": format!("The `{}` APIs.", system.system),
        }));
        for api in &system.apis {
            for i in 0..api.api.types.len() {
                let id = crate::ir::TypeId(i);
                let name = schema::component(system, &api.names.types[&id]);
                schemas.insert(name, schema::object(system, api, id, version));
            }
            let op = operation(
                system,
                api,
                &ids[&(system.system, api.api.name.as_str())],
                version,
            );
            let path = api.api.route.path.clone();
            let method = api.api.route.method.as_str().to_ascii_lowercase();
            let slot = paths.entry(path.clone()).or_default();
            if let Some(first) = slot.get(&method) {
                let api_of = |op: &Value| {
                    let x = &op["x-bkapi"];
                    format!(
                        "{}.{}",
                        x["system"].as_str().unwrap_or(""),
                        x["api"].as_str().unwrap_or("")
                    )
                };
                return Err(ConfigError::OpenApiClash {
                    method: method.to_uppercase(),
                    path,
                    first: api_of(first),
                    second: api_of(&op),
                });
            }
            slot.insert(method, op);
        }
    }
    let paths: Map<String, Value> = paths
        .into_iter()
        .map(|(path, ops)| (path, Value::Object(ops)))
        .collect();
    Ok(json!({
        "openapi": version.number(),
        "info": {
            "title": "BlueKing APIs",
            "version": "0.1.0",
            "description": "Generated by codegen from BlueKing's Markdown API docs. Every answer \
                            is wrapped in the BlueKing envelope (`result`, `code`, `message`, \
                            `request_id`, `data`).",
        },
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                SECURITY: {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Bkapi-Authorization",
                    "description": "A JSON object with `bk_app_code` and `bk_app_secret`, and \
                                    `bk_username`, `bk_token` or `access_token` for the user. \
                                    ESB APIs (`/api/c/compapi/...`) also take these fields in \
                                    the JSON body, or in the query string for GET.",
                },
            },
        },
        "security": [{ SECURITY: [] }],
    }))
}

/// Each API's operationId: its name, or `<system>_<name>` when another system has an API of
/// the same name.
fn operation_ids<'p>(plan: &'p Plan) -> BTreeMap<(&'p str, &'p str), String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for system in &plan.systems {
        for api in &system.apis {
            *count.entry(api.api.name.as_str()).or_default() += 1;
        }
    }
    let mut out = BTreeMap::new();
    let mut taken = std::collections::BTreeSet::new();
    for system in &plan.systems {
        for api in &system.apis {
            let name = api.api.name.as_str();
            let want = if count[name] > 1 {
                format!("{}_{name}", system.system)
            } else {
                name.to_string()
            };
            // `a_b` + `c` and `a` + `b_c` would still meet: number the later one.
            let mut id = want.clone();
            let mut n = 2;
            while !taken.insert(id.clone()) {
                id = format!("{want}_{n}");
                n += 1;
            }
            out.insert((system.system, name), id);
        }
    }
    out
}

/// One API's operation: parameters (path, and query for GET), the request body, the response
/// envelope with `data` typed, the docs' examples.
fn operation(system: &SystemPlan, api: &ApiPlan, id: &str, version: Version) -> Value {
    let a = api.api;
    let request = a.object(a.request);
    let in_path = path_parameters(&a.route.path);
    let mut parameters = Vec::new();
    for name in &in_path {
        let field = request.fields.iter().find(|f| &f.wire_name == name);
        let schema = field.map_or(json!({"type": "string"}), |f| {
            schema::ty(system, api, &f.ty)
        });
        let description = field.map(|f| f.description.as_str()).unwrap_or("");
        parameters.push(json!({
            "name": name, "in": "path", "required": true,
            "schema": schema::with(version, schema, false, ""),
            "description": description,
        }));
    }
    let mut op = json!({
        "operationId": id,
        "x-bkapi": { "system": system.system, "api": a.name },
        "tags": [system.system],
        "summary": summary(&a.description, &a.name),
        "description": a.description,
    });
    let examples = |side: Side| -> Vec<Value> {
        a.examples
            .iter()
            .filter(|e| e.side == side)
            .map(|e| match side {
                Side::Request => {
                    // Path fields travel in the path, not the body.
                    let mut value = without_credentials(e.value.clone());
                    if let Some(map) = value.as_object_mut() {
                        map.retain(|key, _| !in_path.contains(key));
                    }
                    value
                }
                Side::Response => e.value.clone(),
            })
            .collect()
    };
    if a.route.method == Method::Get {
        for f in request
            .fields
            .iter()
            .filter(|f| !in_path.contains(&f.wire_name))
        {
            let schema = schema::ty(system, api, &f.ty);
            let mut parameter = json!({
                "name": f.wire_name, "in": "query", "required": f.required,
                "description": f.description,
            });
            if matches!(f.ty, Ty::Object(_) | Ty::Map(_)) || nested_array(&f.ty) {
                // Sent as compact JSON, as the runtime sends it.
                parameter["content"] = json!({ "application/json": { "schema": schema } });
            } else {
                parameter["schema"] = schema;
                if matches!(f.ty, Ty::Array(_)) {
                    parameter["style"] = json!("form");
                    parameter["explode"] = json!(true);
                }
            }
            parameters.push(parameter);
        }
    } else {
        let body = if in_path.is_empty() {
            schema::reference(&schema::component(system, &api.names.types[&a.request]))
        } else {
            // The client moves path fields out of the body.
            let mut body = schema::object_inline(system, api, a.request, version);
            if let Some(properties) = body.get_mut("properties").and_then(Value::as_object_mut) {
                properties.retain(|name, _| !in_path.contains(name));
            }
            // `get_mut`: indexing a missing key would add it as `null`.
            if let Some(required) = body.get_mut("required").and_then(Value::as_array_mut) {
                required.retain(|name| !in_path.iter().any(|p| name == p));
                if required.is_empty() {
                    body.as_object_mut().map(|b| b.remove("required"));
                }
            }
            body
        };
        let mut media = json!({ "schema": body });
        add_examples(&mut media, examples(Side::Request));
        op["requestBody"] = json!({ "required": true, "content": { "application/json": media } });
    }
    if !parameters.is_empty() {
        op["parameters"] = Value::Array(parameters);
    }
    let data = schema::ty(system, api, &a.response);
    let mut media = json!({ "schema": schema::envelope(data, version) });
    add_examples(&mut media, examples(Side::Response));
    op["responses"] = json!({
        "200": {
            "description": "The envelope; `data` when `result` is true.",
            "content": { "application/json": media },
        },
    });
    op
}

/// `{name}` templates of a route path, in order.
fn path_parameters(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// Whether a list holds lists or objects (which a query string carries as JSON).
fn nested_array(t: &Ty) -> bool {
    matches!(t, Ty::Array(inner) if !matches!(**inner, Ty::Any | Ty::Bool | Ty::Integer | Ty::Number | Ty::String))
}

/// The first line of a description, else the API's name.
fn summary(description: &str, name: &str) -> String {
    description
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or(name)
        .to_string()
}

/// A request example without the credentials docs show in it: the security scheme carries
/// them, and the request type does not list them.
fn without_credentials(value: Value) -> Value {
    match value {
        Value::Object(mut map) => {
            for key in vocab::CREDENTIALS {
                map.remove(*key);
            }
            Value::Object(map)
        }
        other => other,
    }
}

fn add_examples(media: &mut Value, values: Vec<Value>) {
    if values.is_empty() {
        return;
    }
    let examples: Map<String, Value> = values
        .into_iter()
        .enumerate()
        .map(|(i, value)| (format!("example{}", i + 1), json!({ "value": value })))
        .collect();
    media["examples"] = Value::Object(examples);
}
