//! One object type → a struct with serde derives.
//!
//! Derives are kept to what a client needs, because they dominate the compile time of a
//! generated crate (a system such as CMDB has hundreds of types):
//!
//! - request types derive `Debug, Clone, Default, Serialize` (`Default` so callers can write
//!   `..Default::default()`);
//! - response types derive `Debug, Clone, Deserialize`, make every field optional (a server may
//!   omit any of them) and keep unknown fields; nobody builds a response, so no `Default`;
//! - untagged unions derive `Debug, Clone` and their side's serde trait.
//!
//! The other serde direction is derived only under the `roundtrip` gate, which tests and
//! `verify` turn on. `PartialEq` is derived only under the `partial-eq` gate
//! ([`Paths::partial_eq`]): a client compares what it sends or receives rarely, while the
//! derive is compiled for every type; tests that want `==` turn it on, or compare
//! `serde_json::to_value` of both sides.
//!
//! Objects of different APIs of one system with the same shape are emitted once; the others
//! become type aliases of it (see [`crate::emit::share`]).

use crate::emit::format::doc_attrs;
use crate::emit::naming::field_names;
use crate::ir::{Api, Field, Object, Side, Ty, TypeId};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// Paths the emitted code uses, so a caller can re-root them (build.rs users).
pub struct Paths {
    /// The runtime crate as seen from the generated code.
    pub runtime: TokenStream,
    /// When request types also derive `Deserialize` and response types `Serialize`.
    pub roundtrip: crate::emit::attrs::Gate,
    /// When every generated type derives `PartialEq` (off by default: it costs compile time
    /// and a client seldom compares values).
    pub partial_eq: crate::emit::attrs::Gate,
    /// When the `blocking` client is generated.
    pub blocking: crate::emit::attrs::Gate,
    /// Extra attributes for generated types (`Config::type_attribute`).
    pub type_attributes: crate::emit::attrs::TypeAttributes,
}

/// Emits the struct for `id`.
pub fn object(
    api: &Api,
    id: TypeId,
    names: &BTreeMap<TypeId, String>,
    paths: &Paths,
) -> TokenStream {
    let obj = api.object(id);
    if !obj.variants.is_empty() {
        return union(api, obj, &names[&id], names, paths);
    }
    let name = format_ident!("{}", names[&id]);
    let derives = derives(obj.side, true, paths);
    let user = paths
        .type_attributes
        .get(&api.system, &api.name, &names[&id]);
    let wire: Vec<&str> = obj.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let (idents, extra) = field_names(&wire, obj.open);
    let member = is_variant(api, id);
    let fields = obj
        .fields
        .iter()
        .zip(&idents)
        .map(|(f, ident)| field(api, id, obj, f, ident, names, member));
    let extra = extra.map(|e| {
        let e = format_ident!("{}", e);
        quote! {
            /// Fields no table documents, kept as sent.
            #[serde(flatten)]
            pub #e: serde_json::Map<String, serde_json::Value>,
        }
    });
    let doc = doc_attrs(&type_doc(api, obj));
    quote! {
        #doc
        #derives
        #user
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// The derives of a type of `side`: `Default` only on request structs (`is_struct`), the
/// reverse serde direction and `PartialEq` behind their gates.
fn derives(side: Side, is_struct: bool, paths: &Paths) -> TokenStream {
    let partial_eq = paths.partial_eq.derive(quote!(PartialEq));
    match side {
        Side::Request => {
            let default = is_struct.then(|| quote!(Default,));
            let reverse = paths.roundtrip.derive(quote!(serde::Deserialize));
            quote! {
                #[derive(Debug, Clone, #default serde::Serialize)]
                #reverse
                #partial_eq
            }
        }
        Side::Response => {
            let reverse = paths.roundtrip.derive(quote!(serde::Serialize));
            quote! {
                #[derive(Debug, Clone, serde::Deserialize)]
                #reverse
                #partial_eq
            }
        }
    }
}

/// The doc text of the type of `obj`: its description, then where it sits in which API.
fn type_doc(api: &Api, obj: &Object) -> String {
    let mut doc = if obj.path.is_empty() || (obj.side == Side::Response && obj.path.len() == 1) {
        match obj.side {
            Side::Request => format!("Request of `{}`.", api.name),
            Side::Response => format!("Response data of `{}`.", api.name),
        }
    } else {
        format!("`{}` of `{}`.", obj.path.join("."), api.name)
    };
    if !obj.description.is_empty() {
        doc = format!("{}\n\n{doc}", obj.description);
    }
    doc
}

/// An untagged enum: serde tries the variants in order, so the one with the distinguishing
/// required fields comes first (a rule names its `field`; a group has `rules`).
fn union(
    api: &Api,
    obj: &Object,
    name: &str,
    names: &BTreeMap<TypeId, String>,
    paths: &Paths,
) -> TokenStream {
    let name = format_ident!("{}", name);
    let derives = derives(obj.side, false, paths);
    let user = paths
        .type_attributes
        .get(&api.system, &api.name, &name.to_string());
    let variants = obj
        .variants
        .iter()
        .zip(variant_names(api, obj))
        .map(|(ty, variant)| {
            let variant = format_ident!("{}", variant);
            let ty = rust_type(ty, names);
            quote!(#variant(#ty),)
        });
    let doc = doc_attrs(&type_doc(api, obj));
    quote! {
        #doc
        #derives
        #user
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The names of the variants of the union `obj`: the first variant is what the union itself is
/// named after (a filter `rule`); the others after their own paths (`group`).
pub(crate) fn variant_names(api: &Api, obj: &Object) -> Vec<String> {
    let mut scope = crate::names::Scope::new();
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
            scope.claim(&crate::names::camel(&[last]), "")
        })
        .collect()
}

/// `pub type Name = Target;` for the object `id`, whose shape is that of the struct or enum
/// `target` (emitted for another API of the system), with the object's own doc.
pub fn alias(api: &Api, id: TypeId, names: &BTreeMap<TypeId, String>, target: &str) -> TokenStream {
    let name = format_ident!("{}", names[&id]);
    let target_ident = format_ident!("{}", target);
    let doc = doc_attrs(&type_doc(api, api.object(id)));
    // Our own Markdown (a link), so not escaped as doc text is.
    let same = format!(" Same shape as [`{target}`].");
    quote! {
        #doc
        #[doc = ""]
        #[doc = #same]
        pub type #name = #target_ident;
    }
}

/// Whether `id` is a variant of some union: its required fields then stay required even in a
/// response, since they are what tells the variants apart.
pub(crate) fn is_variant(api: &Api, id: TypeId) -> bool {
    api.types
        .iter()
        .any(|o| o.variants.contains(&Ty::Object(id)))
}

#[allow(clippy::too_many_arguments)]
fn field(
    api: &Api,
    owner: TypeId,
    obj: &Object,
    f: &Field,
    ident: &str,
    names: &BTreeMap<TypeId, String>,
    member: bool,
) -> TokenStream {
    let id = if crate::names::is_keyword(ident) {
        format_ident!("r#{}", ident)
    } else {
        format_ident!("{}", ident)
    };
    let mut ty = rust_type(&f.ty, names);
    // A struct that contains itself (directly or through other structs) needs a box.
    if let Ty::Object(child) = f.ty {
        if reaches(api, child, owner) {
            ty = quote!(Box<#ty>);
        }
    }
    let optional = !f.required || (obj.side == Side::Response && !member);
    let mut serde = Vec::new();
    if ident != f.wire_name {
        let wire = &f.wire_name;
        serde.push(quote!(rename = #wire));
    }
    if optional {
        ty = quote!(Option<#ty>);
        serde.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    let doc = doc_attrs(&f.description);
    // Maps of maps of lists are what the wire holds; naming each level would not help.
    let allow = (f.ty.depth() >= 3).then(|| quote!(#[allow(clippy::type_complexity)]));
    quote! {
        #doc
        #allow
        #serde
        pub #id: #ty,
    }
}

/// The Rust type for an IR type.
pub fn rust_type(ty: &Ty, names: &BTreeMap<TypeId, String>) -> TokenStream {
    match ty {
        Ty::Any => quote!(serde_json::Value),
        Ty::Bool => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::String => quote!(String),
        Ty::Array(inner) => {
            let inner = rust_type(inner, names);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => match **inner {
            Ty::Any => quote!(serde_json::Map<String, serde_json::Value>),
            _ => {
                let inner = rust_type(inner, names);
                quote!(std::collections::BTreeMap<String, #inner>)
            }
        },
        Ty::Object(id) => {
            let name = format_ident!("{}", names[id]);
            quote!(#name)
        }
    }
}

/// Whether `from` reaches `to` through fields held by value (not inside a Vec or map).
pub(crate) fn reaches(api: &Api, from: TypeId, to: TypeId) -> bool {
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
