//! Names for everything one system module emits: type names unique in the module, function
//! names unique in the system's client, field names unique in their struct.

use crate::emit::names::{self, Scope};
use crate::ir::{Api, Side, Ty, TypeId};
use std::collections::BTreeMap;

/// Names of one API's items.
#[derive(Debug, Clone)]
pub struct ApiNames {
    /// The client method.
    pub function: String,
    /// The method that walks every page, for paged APIs (see [`crate::emit::paging`]).
    pub paged: Option<String>,
    /// The constant holding the API's `Endpoint`.
    pub endpoint: String,
    /// Each object's type name, by id.
    pub types: BTreeMap<TypeId, String>,
    /// The name of the response type (a struct, or an alias for a non-struct `data`).
    pub response: String,
}

/// An item that could not have the name its API asked for, because another API of the system
/// (or the module itself) has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    /// The API whose item was renamed (index into the slice given to [`name_system`]).
    pub api: usize,
    /// What the item is: `method`, `request type`, `response type`.
    pub what: &'static str,
    /// The name it would have had.
    pub wanted: String,
    /// The name it has.
    pub got: String,
}

/// The method name an API asks for: its name in snake case, with a `_` after a keyword
/// (`type` → `type_`), which reads better at a call site than `r#type`.
fn method_name(api: &str) -> String {
    let name = names::snake(api, "call");
    if names::is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// Methods of every system handle that API methods must not take.
const HANDLE_METHODS: &[&str] = &["new"];

/// Assigns names to the APIs of one system, in the order given (sorted by the caller).
pub fn name_system(system: &str, apis: &[&Api]) -> Vec<ApiNames> {
    name_system_reporting(system, apis).0
}

/// [`name_system`], and which items had to be renamed to keep names unique (APIs `a-b` and
/// `a_b` both want `AB...` and `a_b`; an API named `new` wants the handle's constructor).
pub fn name_system_reporting(system: &str, apis: &[&Api]) -> (Vec<ApiNames>, Vec<Renamed>) {
    let mut types = Scope::new();
    let mut functions = Scope::new();
    let mut renamed = Vec::new();
    // Names the module itself declares.
    types.reserve("Client");
    types.reserve(&super::plan::handle_name(system));
    for name in HANDLE_METHODS {
        functions.reserve(name);
    }
    let mut claim = |scope: &mut Scope, api: usize, what: &'static str, want: String, sep| {
        let got = scope.claim(&want, sep);
        if got != want {
            renamed.push(Renamed {
                api,
                what,
                wanted: want,
                got: got.clone(),
            });
        }
        got
    };
    // The request and response types first, in API order, so nested types never take them.
    let roots: Vec<(String, String)> = apis
        .iter()
        .enumerate()
        .map(|(i, api)| {
            let request = claim(
                &mut types,
                i,
                "request type",
                names::camel(&[&api.name, "request"]),
                "",
            );
            let response = claim(
                &mut types,
                i,
                "response type",
                names::camel(&[&api.name, "response"]),
                "",
            );
            (request, response)
        })
        .collect();
    // Every API's own method first, so a paged variant never pushes one aside.
    let functions_of: Vec<String> = apis
        .iter()
        .enumerate()
        .map(|(i, api)| claim(&mut functions, i, "method", method_name(&api.name), "_"))
        .collect();
    let paged_of: Vec<Option<String>> = apis
        .iter()
        .zip(&functions_of)
        .map(|(api, function)| {
            crate::emit::paging::detect(api)
                .map(|_| functions.claim(&format!("{function}_paged"), "_"))
        })
        .collect();
    let named = apis
        .iter()
        .zip(roots)
        .zip(functions_of.into_iter().zip(paged_of))
        .map(|((api, (request, response)), (function, paged))| {
            // Function names are unique snake case, so their upper case is unique too.
            let endpoint = function.to_uppercase();
            let mut by_id = BTreeMap::new();
            for (i, obj) in api.types.iter().enumerate() {
                let id = TypeId(i);
                let side = match obj.side {
                    Side::Request => "request",
                    Side::Response => "response",
                };
                // Response paths start at `data`, which the response type itself stands for.
                let rest: Vec<&str> = match obj.side {
                    Side::Request => obj.path.iter().map(String::as_str).collect(),
                    Side::Response => obj.path.iter().skip(1).map(String::as_str).collect(),
                };
                let name = if id == api.request {
                    // Claimed above for exactly this type.
                    request.clone()
                } else if api.response == Ty::Object(id) {
                    response.clone()
                } else {
                    // A field named only in Chinese (say) leaves nothing ASCII to name its type by.
                    let last = rest
                        .last()
                        .copied()
                        .filter(|l| l.chars().any(|c| c.is_ascii_alphanumeric()))
                        .unwrap_or("item");
                    let short = names::camel(&[&api.name, side, last]);
                    let want = if types.is_free(&short) {
                        short
                    } else {
                        let mut parts = vec![api.name.as_str(), side];
                        parts.extend(&rest);
                        names::camel(&parts)
                    };
                    types.claim(&want, "")
                };
                by_id.insert(id, name);
            }
            ApiNames {
                function,
                paged,
                endpoint,
                types: by_id,
                response,
            }
        })
        .collect();
    (named, renamed)
}

/// Field identifiers of one struct, plus the name of its catch-all map when it has one.
pub fn field_names(wire: &[&str], open: bool) -> (Vec<String>, Option<String>) {
    let mut scope = Scope::new();
    let fields = wire
        .iter()
        .enumerate()
        .map(|(i, w)| scope.claim(&names::snake(w, &format!("field_{i}")), "_"))
        .collect();
    let extra = open.then(|| {
        if scope.is_free("extra") {
            scope.claim("extra", "_")
        } else {
            scope.claim("extra_fields", "_")
        }
    });
    (fields, extra)
}
