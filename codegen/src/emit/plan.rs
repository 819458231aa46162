//! The lowering step between the IR and the emitter: every decision about the Rust that is
//! emitted is made here, once per run, and the emitter only turns the [`Plan`] into tokens.
//!
//! - names: each system's module (also its cargo feature and `Client` accessor) and handle,
//!   each API's method, endpoint constant and type names ([`super::naming`]);
//! - paging: which APIs get a `*_paged` method ([`super::paging`]);
//! - layout of each object: which objects are variants of a union (their required fields stay
//!   required), which fields hold their own type by value (and need a `Box`), the names of a
//!   union's variants;
//! - user attributes on each type (`Config::type_attribute`);
//! - shared shapes: which objects are emitted as an alias of an identical one ([`super::share`]).

use super::naming::{self, ApiNames, Renamed};
use super::paging::{self, Paging};
use super::{share, Options};
use crate::emit::names;
use crate::ir::{Api, Ir, Object, Side, Ty, TypeId};
use proc_macro2::TokenStream;
use std::collections::BTreeMap;

/// What is emitted for an IR, system by system (sorted by name).
pub struct Plan<'ir> {
    /// The systems, sorted by name.
    pub systems: Vec<SystemPlan<'ir>>,
}

/// One system module.
pub struct SystemPlan<'ir> {
    /// The system as the IR names it (a safe name already; in `Endpoint`s and docs).
    pub system: &'ir str,
    /// The module, cargo feature and `Client` accessor name.
    pub module: String,
    /// The handle type's name (`cc` → `Cc`).
    pub handle: String,
    /// Its APIs, sorted by name.
    pub apis: Vec<ApiPlan<'ir>>,
    /// Items that could not have the names their APIs asked for.
    pub renamed: Vec<Renamed>,
}

/// One API of a system module.
pub struct ApiPlan<'ir> {
    /// The API.
    pub api: &'ir Api,
    /// Its method, endpoint and type names.
    pub names: ApiNames,
    /// Paging facts, for APIs that get a `*_paged` method.
    pub paging: Option<Paging>,
    /// How each object is laid out, by id.
    pub layouts: Vec<Layout>,
    /// User attributes of each object's type, by id (empty when none).
    pub attributes: Vec<TokenStream>,
    /// The objects emitted as an alias, with the struct or enum each aliases.
    pub aliases: BTreeMap<TypeId, String>,
}

/// How one object is laid out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Layout {
    /// Whether it is a variant of some union: its required fields then stay required even in
    /// a response, since they are what tells the variants apart.
    pub member: bool,
    /// For each field, whether it holds a struct that contains this one (directly or through
    /// other structs), which needs a `Box`.
    pub boxed: Vec<bool>,
    /// For a union, its variants' names.
    pub variants: Vec<String>,
}

/// The names of one system: what [`plan`] decides before anything that depends on options.
pub struct SystemNames<'ir> {
    /// The system as the IR names it.
    pub system: &'ir str,
    /// Its APIs, sorted by name.
    pub apis: Vec<&'ir Api>,
    /// Each API's names, in the same order.
    pub names: Vec<ApiNames>,
    /// Items renamed to keep names unique.
    pub renamed: Vec<Renamed>,
}

/// Names every system of `ir` (sorted by system, APIs by name). For diagnostics about names,
/// which do not depend on the emitter's options.
pub fn names(ir: &Ir) -> Vec<SystemNames<'_>> {
    super::by_system(ir)
        .into_iter()
        .map(|(system, apis)| {
            let (names, renamed) = naming::name_system_reporting(system, &apis);
            SystemNames {
                system,
                apis,
                names,
                renamed,
            }
        })
        .collect()
}

/// Decides everything the emitter needs for `ir` with `options`.
pub fn plan<'ir>(ir: &'ir Ir, options: &Options) -> Plan<'ir> {
    let systems = names(ir)
        .into_iter()
        .map(|named| {
            let system = named.system;
            let mut apis: Vec<ApiPlan<'ir>> = named
                .apis
                .iter()
                .zip(named.names)
                .map(|(&api, names)| {
                    let attributes = (0..api.types.len())
                        .map(|i| {
                            let name = &names.types[&TypeId(i)];
                            options.type_attributes.get(system, &api.name, name)
                        })
                        .collect();
                    ApiPlan {
                        api,
                        paging: paging::detect(api),
                        layouts: layouts(api),
                        attributes,
                        names,
                        aliases: BTreeMap::new(),
                    }
                })
                .collect();
            let aliases = share::aliases(&apis);
            for (api, aliases) in apis.iter_mut().zip(aliases) {
                api.aliases = aliases;
            }
            SystemPlan {
                system,
                module: module_name(system),
                handle: handle_name(system),
                apis,
                renamed: named.renamed,
            }
        })
        .collect();
    Plan { systems }
}

/// The module name of a system (also its cargo feature and its accessor on `Client`). Systems
/// are made safe names when loaded (`names::system`); this is the same function, so
/// an IR built by other means is named alike.
pub fn module_name(system: &str) -> String {
    names::system(system)
}

/// The handle type's name for a system: `cc` → `Cc`. A system named `new` gets `NewApi`: a
/// type `New` with a constructor `new` is what clippy's `self_named_constructors` rejects.
pub fn handle_name(system: &str) -> String {
    let name = names::camel(&[system]);
    if name == "New" {
        "NewApi".into()
    } else {
        name
    }
}

/// How each object of `api` is laid out.
fn layouts(api: &Api) -> Vec<Layout> {
    (0..api.types.len())
        .map(|i| {
            let id = TypeId(i);
            let obj = api.object(id);
            Layout {
                member: api
                    .types
                    .iter()
                    .any(|o| o.variants.contains(&Ty::Object(id))),
                boxed: obj
                    .fields
                    .iter()
                    .map(|f| matches!(f.ty, Ty::Object(child) if reaches(api, child, id)))
                    .collect(),
                variants: if obj.variants.is_empty() {
                    Vec::new()
                } else {
                    variant_names(api, obj)
                },
            }
        })
        .collect()
}

impl ApiPlan<'_> {
    /// The object `id` of the API.
    pub fn object(&self, id: TypeId) -> &Object {
        self.api.object(id)
    }

    /// Whether the object `id` is a response object whose fields are all optional (it is no
    /// union variant).
    pub fn lenient(&self, id: TypeId) -> bool {
        self.object(id).side == Side::Response && !self.layouts[id.0].member
    }
}

/// The names of the variants of the union `obj`: the first variant is what the union itself is
/// named after (a filter `rule`); the others after their own paths (`group`).
fn variant_names(api: &Api, obj: &Object) -> Vec<String> {
    let mut scope = names::Scope::new();
    let own = obj.path.last().map(String::as_str).unwrap_or("item");
    obj.variants
        .iter()
        .enumerate()
        .map(|(i, ty)| {
            let last = match ty {
                _ if i == 0 => own,
                Ty::Object(v) => api
                    .object(*v)
                    .path
                    .last()
                    .map(String::as_str)
                    .unwrap_or("item"),
                _ => "value",
            };
            scope.claim(&names::camel(&[last]), "")
        })
        .collect()
}

/// Whether `from` reaches `to` through fields held by value (not inside a Vec or map).
fn reaches(api: &Api, from: TypeId, to: TypeId) -> bool {
    let mut stack = vec![from];
    let mut seen = vec![];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        for ty in api.object(id).children() {
            if let Ty::Object(child) = ty {
                stack.push(*child);
            }
        }
    }
    false
}
