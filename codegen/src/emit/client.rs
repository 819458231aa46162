//! One system's client: a constant `Endpoint` per API, and borrowed handles with one short
//! method per API — async by default, blocking under the `blocking` cargo feature. All plumbing
//! (URL, credentials, envelope, errors, retries, paging) lives once in the runtime.

use super::plan::{ApiPlan, SystemPlan};
use super::Options;
use crate::emit::format::doc_attrs;
use crate::emit::types::rust_type;
use crate::ir::{Auth, Method};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The endpoint constants, the async handle and the `blocking` module of one system.
pub fn system(system: &SystemPlan, options: &Options) -> TokenStream {
    let handle = format_ident!("{}", system.handle);
    let runtime = &options.runtime;
    let (name, accessor) = (system.system, &system.module);
    let doc = format!(" The `{name}` APIs. Get one with `Client::{accessor}()`.");
    let endpoints = system.apis.iter().map(|api| endpoint(name, api, runtime));
    let methods = system
        .apis
        .iter()
        .map(|api| method(api, runtime, Flavor::Async));
    let blocking = options.blocking.enabled().then(|| {
        let doc =
            format!(" The `{name}` APIs, blocking. Get one with `blocking::Client::{accessor}()`.");
        let methods = system
            .apis
            .iter()
            .map(|api| method(api, runtime, Flavor::Blocking));
        let cfg = options.blocking.cfg();
        quote! {
            /// The same APIs without async.
            #cfg
            pub mod blocking {
                use super::*;

                #[doc = #doc]
                #[derive(Debug, Clone, Copy)]
                pub struct #handle<'a> {
                    client: &'a #runtime::blocking::Client,
                }

                impl<'a> #handle<'a> {
                    /// Wraps a blocking runtime client.
                    pub fn new(client: &'a #runtime::blocking::Client) -> Self {
                        Self { client }
                    }

                    #(#methods)*
                }
            }
        }
    });
    quote! {
        #(#endpoints)*

        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a #runtime::Client,
        }

        impl<'a> #handle<'a> {
            /// Wraps a runtime client.
            pub fn new(client: &'a #runtime::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #blocking
    }
}

/// `pub const UPDATE_MODULE: Endpoint = ...;`, usable with `Client::call` directly (for a
/// request type of your own).
fn endpoint(system: &str, plan: &ApiPlan, runtime: &TokenStream) -> TokenStream {
    let api = plan.api;
    let ident = format_ident!("{}", plan.names.endpoint);
    let method = match api.route.method {
        Method::Get => quote!(Get),
        Method::Post => quote!(Post),
        Method::Put => quote!(Put),
        Method::Delete => quote!(Delete),
        Method::Patch => quote!(Patch),
    };
    let auth = match api.route.auth {
        Auth::Esb => quote!(Esb),
        Auth::Gateway => quote!(Gateway),
    };
    let name = &api.name;
    let path = &api.route.path;
    let doc = format!(" Where `{name}` lives and how it is called.");
    quote! {
        #[doc = #doc]
        pub const #ident: #runtime::Endpoint = #runtime::Endpoint {
            system: #system,
            name: #name,
            method: #runtime::Method::#method,
            path: #path,
            auth: #runtime::AuthStyle::#auth,
        };
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Async,
    Blocking,
}

/// The call method of one API, and its paged variant when it has one.
fn method(plan: &ApiPlan, runtime: &TokenStream, flavor: Flavor) -> TokenStream {
    let (api, n) = (plan.api, &plan.names);
    let function = format_ident!("{}", n.function);
    let request = format_ident!("{}", n.types[&api.request]);
    let response = format_ident!("{}", n.response);
    let endpoint = format_ident!("{}", n.endpoint);
    let mut doc = String::new();
    if !api.description.is_empty() {
        doc.push_str(&api.description);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "`{} {}`",
        api.route.method.as_str(),
        api.route.path
    ));
    let doc = doc_attrs(&doc);
    let call = match flavor {
        Flavor::Async => quote! {
            pub async fn #function(&self, request: &#request) -> Result<#response, #runtime::Error> {
                self.client.call(&#endpoint, request).await
            }
        },
        Flavor::Blocking => quote! {
            pub fn #function(&self, request: &#request) -> Result<#response, #runtime::Error> {
                self.client.call(&#endpoint, request)
            }
        },
    };
    let paged = plan.paging.as_ref().zip(n.paged.as_ref()).map(|(paging, paged)| {
        let paged = format_ident!("{}", paged);
        let item = rust_type(&paging.item, &n.types);
        let (pages, what) = match flavor {
            Flavor::Async => (quote!(#runtime::Pages), "A stream"),
            Flavor::Blocking => (quote!(#runtime::blocking::Pages), "An iterator"),
        };
        let doc = doc_attrs(&format!(
            "{what} of every item of `data.info` of `{}`, fetched page by page as it is consumed:\n`page.start` and `page.limit` are set for each request, and the walk stops at\n`data.count`. Set the page size with `.page_size(n)`.",
            api.name
        ));
        quote! {
            #doc
            pub fn #paged(&self, request: &#request) -> #pages<#item> {
                self.client.pages(&#endpoint, request)
            }
        }
    });
    quote! {
        #doc
        #call
        #paged
    }
}
