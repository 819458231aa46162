//! What the mock knows about the APIs: the IR that `codegen ir` prints (and
//! `codegen::Config::load_all` returns), read back from JSON.
//!
//! The mock reads the IR's JSON rather than linking the generator: the generator's command
//! line serves this crate (`codegen mock`), so this crate cannot depend on it.

use serde::Deserialize;
use serde_json::Value;

/// All APIs of a set of docs.
#[derive(Debug, Clone, Deserialize)]
pub struct Spec {
    /// The APIs.
    pub apis: Vec<Api>,
}

impl Spec {
    /// Reads the IR from its JSON (`codegen ir DOCS` prints it).
    pub fn from_json(json: &str) -> Result<Spec, crate::Error> {
        serde_json::from_str(json).map_err(|e| crate::Error::Spec(e.to_string()))
    }

    /// Reads the IR from a JSON value (`serde_json::to_value(&loaded.ir)`).
    pub fn from_value(value: Value) -> Result<Spec, crate::Error> {
        serde_json::from_value(value).map_err(|e| crate::Error::Spec(e.to_string()))
    }
}

/// One API.
#[derive(Debug, Clone, Deserialize)]
pub struct Api {
    /// Its system (`cc`).
    pub system: String,
    /// Its name (`search_host`).
    pub name: String,
    /// Method, path and credential style.
    pub route: Route,
    /// The request object.
    pub request: usize,
    /// The type of the envelope's `data`.
    pub response: Ty,
    /// The object types; [`Ty::Object`] indexes them.
    pub types: Vec<Object>,
    /// The doc's examples.
    #[serde(default)]
    pub examples: Vec<Example>,
}

impl Api {
    /// `system.name`, as the mock's log and overrides name APIs.
    pub fn key(&self) -> String {
        format!("{}.{}", self.system, self.name)
    }
}

/// Where an API lives.
#[derive(Debug, Clone, Deserialize)]
pub struct Route {
    /// `GET`, `POST` ...
    pub method: String,
    /// The path, with `{field}` templates.
    pub path: String,
    /// `esb` or `gateway`.
    pub auth: String,
}

/// A type.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Ty {
    /// Any JSON value.
    Any,
    /// `true` / `false`.
    Bool,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// Text.
    String,
    /// A list.
    Array(Box<Ty>),
    /// An object keyed by data.
    Map(Box<Ty>),
    /// A struct: an index into [`Api::types`].
    Object(usize),
}

/// An object type.
#[derive(Debug, Clone, Deserialize)]
pub struct Object {
    /// The fields.
    pub fields: Vec<Field>,
    /// Whether fields no table lists are accepted.
    pub open: bool,
    /// For a union: the alternatives.
    #[serde(default)]
    pub variants: Vec<Ty>,
}

/// A field.
#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    /// The name on the wire.
    pub wire_name: String,
    /// Its type.
    pub ty: Ty,
    /// Whether the doc says it is required.
    pub required: bool,
    /// The doc's description.
    #[serde(default)]
    pub description: String,
}

/// An example of the doc.
#[derive(Debug, Clone, Deserialize)]
pub struct Example {
    /// `request` or `response`.
    pub side: String,
    /// The value.
    pub value: Value,
}
