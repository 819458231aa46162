//! Plan → Rust source files. [`plan::plan`] decides everything about the Rust that is
//! emitted (names, paging, boxing, union membership, shared shapes); [`tokens`] turns the plan
//! into one token stream per file: one module per system (types, then the client handle) and
//! a crate root that declares them behind cargo features, or all of it in one file for
//! `include!`; [`format`] parses and prints them.

pub mod attrs;
pub mod audit;
pub mod client;
pub mod format;
pub mod harness;
pub mod names;
pub mod naming;
pub mod paging;
pub mod plan;
pub mod rustdoc;
pub mod share;
pub mod types;

use crate::ir::{Api, Ir, Ty, TypeId};
use attrs::{Gate, TypeAttributes};
use plan::{Plan, SystemPlan};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The emitter's options, settled from a [`Config`](crate::Config) and a layout.
pub struct Options {
    /// The runtime crate as seen from the generated code (`bkapi_runtime`, `crate::rt`).
    pub runtime: TokenStream,
    /// When request types also derive `Deserialize` and response types `Serialize`.
    pub roundtrip: Gate,
    /// When every generated type derives `PartialEq` (off by default: it costs compile time
    /// and a client seldom compares values).
    pub partial_eq: Gate,
    /// When the `blocking` client is generated.
    pub blocking: Gate,
    /// Extra attributes for generated types (`Config::type_attribute`).
    pub type_attributes: TypeAttributes,
    /// One file of this name for `include!` (inline modules, no features, no inner
    /// attributes), instead of a package's `src/lib.rs` and `src/<module>.rs`.
    pub include: Option<String>,
}

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

/// The files of a plan as token streams, before formatting.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// Path relative to the output folder (`src/lib.rs`, `src/cc.rs`, or the include file) →
    /// its tokens.
    pub files: Vec<(String, TokenStream)>,
    /// How many types and aliases the files hold.
    pub counts: Counts,
}

/// The Rust files of `plan`: with `options.include`, one file whose systems are inline modules;
/// else the crate root `src/lib.rs` and one `src/<module>.rs` per system.
pub fn tokens(plan: &Plan, options: &Options) -> Tokens {
    let mut out = Tokens::default();
    let mut inline = BTreeMap::new();
    for system in &plan.systems {
        let (doc, items, count) = system_module(system, options);
        out.counts += count;
        if options.include.is_some() {
            inline.insert(system.module.clone(), (doc, items));
        } else {
            let doc = inner_doc(format::doc_attrs(&doc));
            out.files.push((
                format!("src/{}.rs", system.module),
                quote! {
                    #doc
                    #items
                },
            ));
        }
    }
    match &options.include {
        Some(file) => out
            .files
            .push((file.clone(), crate_root(plan, options, Some(inline)))),
        None => out
            .files
            .push(("src/lib.rs".into(), crate_root(plan, options, None))),
    }
    out
}

/// Parses and prints each file of `tokens` ([`format::file`]): `Err` when one does not parse
/// or defines a name twice, which would be a bug of the generator.
pub fn format(tokens: &Tokens) -> Result<Files, String> {
    let mut out = Files {
        type_count: tokens.counts.types,
        alias_count: tokens.counts.aliases,
        ..Files::default()
    };
    for (path, file) in &tokens.files {
        out.files.insert(path.clone(), format::file(file.clone())?);
    }
    Ok(out)
}

/// Plans, emits and formats `ir` in one go.
pub fn emit(ir: &Ir, options: &Options) -> Result<Files, String> {
    format(&tokens(&plan::plan(ir, options), options))
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

/// One system's module: its doc text (a table of its APIs), its items, and how many types and
/// aliases. An object whose shape was emitted earlier in the module becomes an alias of it
/// ([`share`]).
fn system_module(system: &SystemPlan, options: &Options) -> (String, TokenStream, Counts) {
    let mut items = Vec::new();
    let mut count = Counts::default();
    for api in &system.apis {
        for i in 0..api.api.types.len() {
            let id = TypeId(i);
            match api.aliases.get(&id) {
                Some(target) => {
                    items.push(types::alias(api, id, target));
                    count.aliases += 1;
                }
                None => {
                    items.push(types::object(api, id, options));
                    count.types += 1;
                }
            }
        }
        // A `data` that is not a struct (a list, a map, a scalar) still gets the usual name.
        if !matches!(api.api.response, Ty::Object(_)) {
            let alias = format_ident!("{}", api.names.response);
            let ty = types::rust_type(&api.api.response, &api.names.types);
            let doc = format!(" Response data of `{}`.", api.api.name);
            items.push(quote! {
                #[doc = #doc]
                pub type #alias = #ty;
            });
        }
    }
    let client = client::system(system, options);
    let mut doc = format!(
        "Types and client of the `{}` system.\n\n| method | request | description |\n|---|---|---|\n",
        system.system
    );
    for api in &system.apis {
        let route = format!("{} {}", api.api.route.method.as_str(), api.api.route.path);
        doc.push_str(&format!(
            "| `{}` | `{route}` | {} |\n",
            api.names.function,
            summary(&api.api.description)
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
fn crate_root(
    plan: &Plan,
    options: &Options,
    mut inline: Option<BTreeMap<String, (String, TokenStream)>>,
) -> TokenStream {
    let runtime = &options.runtime;
    let mut modules = Vec::new();
    let mut accessors = Vec::new();
    let mut blocking_accessors = Vec::new();
    let mut table = String::new();
    for system in &plan.systems {
        let module = format_ident!("{}", system.module);
        let handle = format_ident!("{}", system.handle);
        let feature = &system.module;
        let gate = inline.is_none().then(|| quote!(#[cfg(feature = #feature)]));
        let doc = format!(" The `{}` APIs.", system.system);
        match inline.as_mut().and_then(|m| m.remove(&system.module)) {
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
        table.push_str(&format!(
            "| `{module}` | `{feature}` | {} |\n",
            system.apis.len()
        ));
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
        let blocking = match &options.blocking {
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
    let blocking_cfg = options.blocking.cfg();
    let blocking = options.blocking.enabled().then(|| {
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

            /// Starts configuring a client for the BlueKing endpoint (e.g. `https://bk.example.com`);
            /// its `build()` returns this client.
            pub fn builder(endpoint: impl Into<String>) -> ClientBuilder<Client> {
                #runtime::Client::builder(endpoint).building()
            }

            /// Starts configuring a client from the `BKAPI_*` environment variables (see the
            /// runtime's `ClientBuilder::from_env`); its `build()` returns this client.
            pub fn from_env() -> Result<ClientBuilder<Client>, Error> {
                Ok(#runtime::ClientBuilder::from_env()?.building())
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
