//! IR → Rust source files: one module per system (types, then the client handle) and a crate
//! root that declares them behind cargo features ([`emit`]); or all of it in one file for
//! `include!` ([`emit_single`]).

pub mod attrs;
pub mod audit;
pub mod client;
pub mod format;
pub mod harness;
pub mod naming;
pub mod paging;
pub mod rustdoc;
pub mod share;
pub mod stages;
pub mod types;

use crate::ir::{Api, Ir, Ty, TypeId};
use attrs::Gate;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;
pub use types::Paths;

/// Generated files by path relative to the package root (`src/lib.rs`, `src/cc.rs` ...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    /// Path → content. A BTreeMap so output order never depends on input order.
    pub files: BTreeMap<String, String>,
    /// How many structs and enums were emitted.
    pub type_count: usize,
    /// How many object types were emitted as an alias of an identical struct or enum of another
    /// API of their system ([`share`]); not counted in `type_count`.
    pub alias_count: usize,
}

/// How many items of each kind a system module holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Structs and enums.
    pub types: usize,
    /// Object types emitted as aliases of a shared shape.
    pub aliases: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.types += other.types;
        self.aliases += other.aliases;
    }
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
        let (doc, items, count) = system_module(system, apis, paths);
        out.type_count += count.types;
        out.alias_count += count.aliases;
        let doc = inner_doc(format::doc_attrs(&doc));
        let tokens = quote! {
            #doc
            #items
        };
        out.files.insert(
            format!("src/{}.rs", module_name(system)),
            format::file(tokens)?,
        );
    }
    out.files.insert(
        "src/lib.rs".into(),
        format::file(crate_root(&systems, paths, None))?,
    );
    Ok(out)
}

/// Emits everything as one file meant for `include!`: the crate root's items, then one inline
/// `pub mod` per system, with no inner attributes (which `include!` does not accept) and no
/// `#[cfg(feature = "<system>")]` (the including crate has no such features; choose systems
/// with `Config::include` instead). Returns the file's text and how many types and aliases it
/// holds.
pub fn emit_single(ir: &Ir, paths: &Paths) -> Result<(String, Counts), String> {
    let systems = by_system(ir);
    let mut inline = BTreeMap::new();
    let mut count = Counts::default();
    for (system, apis) in &systems {
        let (doc, items, n) = system_module(system, apis, paths);
        count += n;
        inline.insert(*system, (doc, items));
    }
    Ok((
        format::file(crate_root(&systems, paths, Some(inline)))?,
        count,
    ))
}

/// Doc attributes as inner attributes (`#![doc = ...]`), for a module file.
fn inner_doc(doc: TokenStream) -> TokenStream {
    use proc_macro2::{Punct, Spacing, TokenTree};
    doc.into_iter()
        .flat_map(|tree| match &tree {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                vec![tree, TokenTree::Punct(Punct::new('!', Spacing::Alone))]
            }
            _ => vec![tree],
        })
        .collect()
}

/// The module name of a system (also its cargo feature and its accessor on `Client`). Systems
/// are made safe names when loaded ([`crate::names::system`]); this is the same function, so
/// an IR built by other means is named alike.
pub fn module_name(system: &str) -> String {
    crate::names::system(system)
}

/// One system's module: its doc text (a table of its APIs), its items, and how many types and
/// aliases. An object whose shape was emitted earlier in the module becomes an alias of it
/// ([`share`]).
fn system_module(system: &str, apis: &[&Api], paths: &Paths) -> (String, TokenStream, Counts) {
    let names = naming::name_system(system, apis);
    let shared = share::aliases(system, apis, &names, paths);
    let mut items = Vec::new();
    let mut count = Counts::default();
    for ((api, n), aliases) in apis.iter().zip(&names).zip(&shared) {
        for i in 0..api.types.len() {
            let id = TypeId(i);
            match aliases.get(&id) {
                Some(target) => {
                    items.push(types::alias(api, id, &n.types, target));
                    count.aliases += 1;
                }
                None => {
                    items.push(types::object(api, id, &n.types, paths));
                    count.types += 1;
                }
            }
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
    let mut doc = format!("Types and client of the `{system}` system.\n\n| method | request | description |\n|---|---|---|\n");
    for (api, n) in apis.iter().zip(&names) {
        let route = format!("{} {}", api.route.method.as_str(), api.route.path);
        doc.push_str(&format!(
            "| `{}` | `{route}` | {} |\n",
            n.function,
            summary(&api.description)
        ));
    }
    (
        doc,
        quote! {
            #(#items)*
            #client
        },
        count,
    )
}

/// The first line of a description, short enough for a table cell.
fn summary(description: &str) -> String {
    let line = description
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut out: String = line.chars().take(100).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out.replace('|', "\\|")
}

/// The crate root: re-exports, the system modules and the `Client`. With `inline` (one file for
/// `include!`), each system's doc and items go into an inline `pub mod`, nothing is behind a
/// system feature and there are no inner attributes; else `pub mod <system>;` behind the
/// system's feature, and the root's own docs.
fn crate_root<'a>(
    systems: &BTreeMap<&'a str, Vec<&Api>>,
    paths: &Paths,
    mut inline: Option<BTreeMap<&'a str, (String, TokenStream)>>,
) -> TokenStream {
    let runtime = &paths.runtime;
    let mut modules = Vec::new();
    let mut accessors = Vec::new();
    let mut blocking_accessors = Vec::new();
    let mut table = String::new();
    for (system, apis) in systems {
        let module = format_ident!("{}", module_name(system));
        let handle = format_ident!("{}", client::handle_name(system));
        let feature = module_name(system);
        let gate = inline.is_none().then(|| quote!(#[cfg(feature = #feature)]));
        let doc = format!(" The `{system}` APIs.");
        match inline.as_mut().and_then(|m| m.remove(system)) {
            Some((text, items)) => {
                let doc = format::doc_attrs(&text);
                modules.push(quote! {
                    #doc
                    pub mod #module {
                        #items
                    }
                });
            }
            None => modules.push(quote! {
                #gate
                pub mod #module;
            }),
        }
        table.push_str(&format!("| `{module}` | `{feature}` | {} |\n", apis.len()));
        accessors.push(quote! {
            #[doc = #doc]
            #gate
            pub fn #module(&self) -> #module::#handle<'_> {
                #module::#handle::new(&self.inner)
            }
        });
        blocking_accessors.push(quote! {
            #[doc = #doc]
            #gate
            pub fn #module(&self) -> super::#module::blocking::#handle<'_> {
                super::#module::blocking::#handle::new(&self.inner)
            }
        });
    }
    let root_doc = inline.is_none().then(|| {
        let blocking = match &paths.blocking {
            Gate::Feature(feature) => format!("\nThe cargo feature `{feature}` adds `blocking::Client`, the same API without async."),
            Gate::Always => "\n[`blocking::Client`] is the same API without async.".to_string(),
            Gate::Never => String::new(),
        };
        // Our own Markdown (links included), so not escaped as doc text is.
        let text = format!(
            "Typed clients for BlueKing APIs, generated from their Markdown docs.\n\n\
             Each system is a module behind a cargo feature of the same name:\n\n\
             | module | feature | APIs |\n|---|---|---|\n{table}{blocking}"
        );
        inner_doc(text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).map(|line| quote!(#[doc = #line])).collect())
    });
    let blocking_cfg = paths.blocking.cfg();
    let blocking = paths.blocking.enabled().then(|| {
        quote! {
            /// The same client without async, for scripts (cargo feature `blocking`). Must not be
            /// used inside an async runtime.
            #blocking_cfg
            pub mod blocking {
                use super::{CallOptions, ClientBuilder};

                /// The entry point: wraps a blocking runtime client (from
                /// `ClientBuilder::build_blocking`) and hands out one handle per system.
                #[derive(Debug, Clone)]
                pub struct Client {
                    inner: #runtime::blocking::Client,
                }

                impl Client {
                    /// Wraps a configured blocking runtime client.
                    pub fn new(inner: #runtime::blocking::Client) -> Self {
                        Self { inner }
                    }

                    /// Starts configuring a client; finish with `build_blocking()`.
                    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
                        #runtime::Client::builder(endpoint)
                    }

                    /// The blocking runtime client underneath.
                    pub fn runtime(&self) -> &#runtime::blocking::Client {
                        &self.inner
                    }

                    /// A view of this client whose calls use `options` on top of its settings.
                    pub fn with(&self, options: CallOptions) -> Self {
                        Self { inner: self.inner.with(options) }
                    }

                    #(#blocking_accessors)*
                }

                impl From<#runtime::blocking::Client> for Client {
                    fn from(inner: #runtime::blocking::Client) -> Self {
                        Self::new(inner)
                    }
                }
            }
        }
    });
    quote! {
        #root_doc

        pub use #runtime as runtime;
        pub use #runtime::{CallOptions, ClientBuilder, Error, Pages, RetryPolicy};

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

            /// A view of this client whose calls use `options` (timeout, user, headers) on top
            /// of its settings; shares the connection pool.
            pub fn with(&self, options: CallOptions) -> Self {
                Self { inner: self.inner.with(options) }
            }

            #(#accessors)*
        }

        impl From<#runtime::Client> for Client {
            fn from(inner: #runtime::Client) -> Self {
                Self::new(inner)
            }
        }

        #blocking
    }
}
