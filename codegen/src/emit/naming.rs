//! Names for everything one system module emits: type names unique in the module, function
//! names unique in the system's client, field names unique in their struct.

use crate::ir::{Api, Side, Ty, TypeId};
use crate::names::{self, Scope};
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

/// Assigns names to the APIs of one system, in the order given (sorted by the caller).
pub fn name_system(apis: &[&Api]) -> Vec<ApiNames> {
    let mut types = Scope::new();
    let mut functions = Scope::new();
    // Names the module itself declares.
    types.reserve("Client");
    for api in apis {
        types.reserve(&names::camel(&[&api.name, "request"]));
        types.reserve(&names::camel(&[&api.name, "response"]));
    }
    // Every API's own method first, so a paged variant never pushes one aside.
    let functions_of: Vec<String> = apis
        .iter()
        .map(|api| functions.claim(&names::snake(&api.name, "call"), "_"))
        .collect();
    let paged_of: Vec<Option<String>> = apis
        .iter()
        .zip(&functions_of)
        .map(|(api, function)| {
            crate::emit::paging::detect(api)
                .map(|_| functions.claim(&format!("{function}_paged"), "_"))
        })
        .collect();
    apis.iter()
        .zip(functions_of.into_iter().zip(paged_of))
        .map(|(api, (function, paged))| {
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
                let is_root = id == api.request || (api.response == Ty::Object(id));
                let name = if is_root {
                    // Reserved above for exactly this type.
                    names::camel(&[&api.name, side])
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
            let response = names::camel(&[&api.name, "response"]);
            ApiNames {
                function,
                paged,
                endpoint,
                types: by_id,
                response,
            }
        })
        .collect()
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
