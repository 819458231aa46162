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
//! ([`Options::partial_eq`]): a client compares what it sends or receives rarely, while the
//! derive is compiled for every type; tests that want `==` turn it on, or compare
//! `serde_json::to_value` of both sides.
//!
//! Objects of different APIs of one system with the same shape are emitted once; the others
//! become type aliases of it (see [`crate::emit::share`]).

use super::plan::ApiPlan;
use super::Options;
use crate::emit::format::doc_attrs;
use crate::emit::naming::field_names;
use crate::ir::{Api, Field, Object, Side, Ty, TypeId};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// Emits the struct (or the enum, for a union) for object `id` of the API.
pub fn object(plan: &ApiPlan, id: TypeId, options: &Options) -> TokenStream {
    let (api, names) = (plan.api, &plan.names.types);
    let obj = api.object(id);
    if !obj.variants.is_empty() {
        return union(plan, id, options);
    }
    let name = format_ident!("{}", names[&id]);
    let derives = derives(obj.side, true, options);
    let user = &plan.attributes[id.0];
    let wire: Vec<&str> = obj.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let (idents, extra) = field_names(&wire, obj.open);
    let lenient = plan.lenient(id);
    let boxed = &plan.layouts[id.0].boxed;
    let fields = obj
        .fields
        .iter()
        .zip(&idents)
        .zip(boxed)
        .map(|((f, ident), boxed)| field(f, ident, names, *boxed, lenient));
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
fn derives(side: Side, is_struct: bool, options: &Options) -> TokenStream {
    let partial_eq = options.partial_eq.derive(quote!(PartialEq));
    match side {
        Side::Request => {
            let default = is_struct.then(|| quote!(Default,));
            let reverse = options.roundtrip.derive(quote!(serde::Deserialize));
            quote! {
                #[derive(Debug, Clone, #default serde::Serialize)]
                #reverse
                #partial_eq
            }
        }
        Side::Response => {
            let reverse = options.roundtrip.derive(quote!(serde::Serialize));
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
fn union(plan: &ApiPlan, id: TypeId, options: &Options) -> TokenStream {
    let (api, names) = (plan.api, &plan.names.types);
    let obj = api.object(id);
    let name = format_ident!("{}", names[&id]);
    let derives = derives(obj.side, false, options);
    let user = &plan.attributes[id.0];
    let variants = obj
        .variants
        .iter()
        .zip(&plan.layouts[id.0].variants)
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

/// `pub type Name = Target;` for the object `id`, whose shape is that of the struct or enum
/// `target` (emitted for another API of the system), with the object's own doc.
pub fn alias(plan: &ApiPlan, id: TypeId, target: &str) -> TokenStream {
    let api = plan.api;
    let name = format_ident!("{}", plan.names.types[&id]);
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

/// One field: `lenient` when its struct is a response object that is no union variant, whose
/// fields are then all optional; `boxed` when it holds a struct that contains its own.
fn field(
    f: &Field,
    ident: &str,
    names: &BTreeMap<TypeId, String>,
    boxed: bool,
    lenient: bool,
) -> TokenStream {
    let id = if crate::emit::names::is_keyword(ident) {
        format_ident!("r#{}", ident)
    } else {
        format_ident!("{}", ident)
    };
    let mut ty = rust_type(&f.ty, names);
    if boxed {
        ty = quote!(Box<#ty>);
    }
    let optional = !f.required || lenient;
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
