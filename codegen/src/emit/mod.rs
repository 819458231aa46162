//! IR → Rust source files: one module per system (types, then the client handle) and a crate
//! root that declares them behind cargo features.

pub mod client;
pub mod format;
pub mod harness;
pub mod naming;
pub mod types;

use crate::ir::{Api, Ir, Ty, TypeId};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;
pub use types::Paths;

/// Generated files by path relative to the package root (`src/lib.rs`, `src/cc.rs` ...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    /// Path → content. A BTreeMap so output order never depends on input order.
    pub files: BTreeMap<String, String>,
    /// How many Rust types were emitted.
    pub type_count: usize,
}

/// Groups APIs by system, sorted; within a system, APIs sorted by name.
pub fn by_system(ir: &Ir) -> BTreeMap<&str, Vec<&Api>> {
    let mut systems: BTreeMap<&str, Vec<&Api>> = BTreeMap::new();
    for api in &ir.apis {
        systems.entry(api.system.as_str()).or_default().push(api);
    }
    for apis in systems.values_mut() {
        apis.sort_by(|a, b| a.name.cmp(&b.name));
    }
    systems
}

/// Emits the module file of every system and the crate root.
pub fn emit(ir: &Ir, paths: &Paths) -> Result<Files, String> {
    let mut out = Files::default();
    let systems = by_system(ir);
    for (system, apis) in &systems {
        let (tokens, count) = system_module(system, apis, paths);
        out.type_count += count;
        out.files.insert(format!("src/{}.rs", module_name(system)), format::file(tokens)?);
    }
    out.files.insert("src/lib.rs".into(), format::file(crate_root(systems.keys().copied(), paths))?);
    Ok(out)
}

/// The module name of a system.
pub fn module_name(system: &str) -> String {
    let name = crate::names::snake(system, "system");
    if crate::names::is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

fn system_module(system: &str, apis: &[&Api], paths: &Paths) -> (TokenStream, usize) {
    let names = naming::name_system(apis);
    let mut items = Vec::new();
    let mut count = 0;
    for (api, n) in apis.iter().zip(&names) {
        for i in 0..api.types.len() {
            items.push(types::object(api, TypeId(i), &n.types, paths));
            count += 1;
        }
        // A `data` that is not a struct (a list, a map, a scalar) still gets the usual name.
        if !matches!(api.response, Ty::Object(_)) {
            let alias = format_ident!("{}", n.response);
            let ty = types::rust_type(&api.response, &n.types);
            let doc = format!(" Response data of `{}`.", api.name);
            items.push(quote! {
                #[doc = #doc]
                pub type #alias = #ty;
            });
        }
    }
    let client = client::system(system, apis, &names, paths);
    let doc = format!(" Types and client of the `{system}` system.");
    (
        quote! {
            #![doc = #doc]
            #(#items)*
            #client
        },
        count,
    )
}

fn crate_root<'a>(systems: impl Iterator<Item = &'a str>, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let mut modules = Vec::new();
    let mut accessors = Vec::new();
    for system in systems {
        let module = format_ident!("{}", module_name(system));
        let handle = format_ident!("{}", client::handle_name(system));
        let feature = system;
        let doc = format!(" The `{system}` APIs.");
        modules.push(quote! {
            #[cfg(feature = #feature)]
            pub mod #module;
        });
        accessors.push(quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            pub fn #module(&self) -> #module::#handle<'_> {
                #module::#handle::new(&self.inner)
            }
        });
    }
    quote! {
        //! Typed clients for BlueKing APIs, generated from their Markdown docs.
        //!
        //! Each system is a module behind a cargo feature of the same name.

        pub use #runtime as runtime;
        pub use #runtime::{ClientBuilder, Error};

        #(#modules)*

        /// The entry point: wraps a runtime client and hands out one handle per system.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #runtime::Client,
        }

        impl Client {
            /// Wraps a configured runtime client.
            pub fn new(inner: #runtime::Client) -> Self {
                Self { inner }
            }

            /// Starts configuring a client for the BlueKing endpoint (e.g. `https://bk.example.com`).
            pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
                #runtime::Client::builder(endpoint)
            }

            /// The runtime client underneath.
            pub fn runtime(&self) -> &#runtime::Client {
                &self.inner
            }

            #(#accessors)*
        }

        impl From<#runtime::Client> for Client {
            fn from(inner: #runtime::Client) -> Self {
                Self::new(inner)
            }
        }
    }
}
