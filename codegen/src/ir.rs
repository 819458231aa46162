//! The intermediate representation: what every backend (Rust emitter, verify, lint) reads.
//!
//! Plain data, serialisable to JSON for snapshots and `codegen ir`. Object types live in an
//! arena per API and are referenced by [`TypeId`], so nested, shared and recursive types need
//! no special cases.

use serde::Serialize;
use std::path::PathBuf;

/// All APIs read from a set of docs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ir {
    /// Sorted by system, then name.
    pub apis: Vec<Api>,
}

/// One HTTP API, from one doc.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// The system (module) it belongs to: `cc`, `jobv3`, `sops`, `cmdb`.
    pub system: String,
    /// Wire name of the API, from the doc's file stem: `update_module`.
    pub name: String,
    /// The doc it came from.
    pub source: PathBuf,
    /// Method and path.
    pub route: Route,
    /// The function description, as text (becomes rustdoc).
    pub description: String,
    /// The request object.
    pub request: TypeId,
    /// The type of the envelope's `data`.
    pub response: Ty,
    /// Object types of this API; `TypeId` indexes into it.
    pub types: Vec<Object>,
    /// The examples found in the doc, already parsed.
    pub examples: Vec<Example>,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET: parameters in the query string.
    Get,
    /// POST: JSON body.
    Post,
    /// PUT: JSON body.
    Put,
    /// DELETE: JSON body.
    Delete,
    /// PATCH: JSON body.
    Patch,
}

impl Method {
    /// Every method, in declaration order.
    pub const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Patch,
    ];

    /// Parses a method word (any case, surrounding text trimmed).
    pub fn parse(word: &str) -> Option<Method> {
        Some(match word.trim().to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "DELETE" => Method::Delete,
            "PATCH" => Method::Patch,
            _ => return None,
        })
    }

    /// The word as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

/// How credentials travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// ESB: in the body or query, and in the `X-Bkapi-Authorization` header.
    Esb,
    /// API gateway: in the `X-Bkapi-Authorization` header only.
    Gateway,
}

/// Where an API lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    /// HTTP method.
    pub method: Method,
    /// Path after the endpoint, e.g. `/api/c/compapi/v2/cc/update_module/`; may hold `{field}` templates.
    pub path: String,
    /// How credentials travel.
    pub auth: Auth,
}

/// Index of an [`Object`] in its API's `types`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeId(pub usize);

/// A field's type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
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
    /// An object whose keys are data (IPs, ids, variable names), all values of one type.
    Map(Box<Ty>),
    /// A struct.
    Object(TypeId),
}

/// A type is a chain of lists and maps around one innermost type (a scalar, `Any` or an
/// object): every walk over a type goes through these.
impl Ty {
    /// How many lists and maps wrap the innermost type (`Vec<BTreeMap<String, T>>`: 2).
    pub fn depth(&self) -> usize {
        let mut ty = self;
        let mut depth = 0;
        while let Ty::Array(inner) | Ty::Map(inner) = ty {
            ty = inner;
            depth += 1;
        }
        depth
    }

    /// The type `depth` lists and maps in (`self` at 0), if there are that many.
    pub fn at_depth_mut(&mut self, depth: usize) -> Option<&mut Ty> {
        let mut ty = self;
        for _ in 0..depth {
            match ty {
                Ty::Array(inner) | Ty::Map(inner) => ty = inner,
                _ => return None,
            }
        }
        Some(ty)
    }

    /// The type inside every list and map.
    pub fn innermost(&self) -> &Ty {
        let mut ty = self;
        while let Ty::Array(inner) | Ty::Map(inner) = ty {
            ty = inner;
        }
        ty
    }

    /// Mutable [`Ty::innermost`].
    pub fn innermost_mut(&mut self) -> &mut Ty {
        let mut ty = self;
        while let Ty::Array(inner) | Ty::Map(inner) = ty {
            ty = inner;
        }
        ty
    }

    /// The object inside every list and map, if the innermost type is one.
    pub fn object(&self) -> Option<TypeId> {
        match self.innermost() {
            Ty::Object(id) => Some(*id),
            _ => None,
        }
    }

    /// Points the object inside every list and map (if any) at `to(id)`.
    pub fn remap_object(&mut self, to: impl FnOnce(TypeId) -> TypeId) {
        if let Ty::Object(id) = self.innermost_mut() {
            *id = to(*id);
        }
    }
}

/// Which way a type travels; decides leniency and derives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Sent by the user.
    Request,
    /// Sent by the server: every field may be missing, unknown fields are kept.
    Response,
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Object {
    /// Wire-name path from the API root, used to name the type: `["data", "info"]`.
    pub path: Vec<String>,
    /// Request or response.
    pub side: Side,
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Whether fields no table lists are accepted and kept (always true for responses).
    pub open: bool,
    /// Doc text for the type (the description of the field that holds it).
    pub description: String,
    /// Line of the table that documents it, if any.
    pub line: Option<usize>,
    /// When not empty, the type is exactly one of these (an untagged union: a filter rule or a
    /// nested group of rules) and has no fields of its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Ty>,
}

/// Where the knowledge about a field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A table row.
    Table,
    /// Only an example.
    Example,
    /// The user's override ([`crate::Config::field_type`]): the type is theirs.
    Override,
}

/// One field of an object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The name on the wire.
    pub wire_name: String,
    /// The type.
    pub ty: Ty,
    /// Whether the doc says it is required.
    pub required: bool,
    /// The doc's description, cleaned up.
    pub description: String,
    /// The line of the table row or example that documents it.
    pub line: usize,
    /// Table or example.
    pub origin: Origin,
}

/// A request or response example from the doc.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// Request or response.
    pub side: Side,
    /// 1-based line in the doc where the value starts.
    pub line: usize,
    /// The value, as read (requests still hold any credentials the doc shows).
    pub value: serde_json::Value,
}

impl Object {
    /// The types this object holds: its fields' types, or its variants.
    pub fn children(&self) -> impl Iterator<Item = &Ty> {
        self.fields.iter().map(|f| &f.ty).chain(&self.variants)
    }

    /// Mutable [`Object::children`].
    pub fn children_mut(&mut self) -> impl Iterator<Item = &mut Ty> {
        self.fields
            .iter_mut()
            .map(|f| &mut f.ty)
            .chain(&mut self.variants)
    }
}

impl Api {
    /// The object with this id.
    pub fn object(&self, id: TypeId) -> &Object {
        &self.types[id.0]
    }
}
