//! One system's client: a borrowed handle with one short async method per API. All plumbing
//! (URL, credentials, envelope, errors) lives once in the runtime's generic `call`.

use crate::emit::format::doc_attrs;
use crate::emit::naming::ApiNames;
use crate::emit::types::Paths;
use crate::ir::{Api, Auth, Method};
use crate::names;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The handle type's name for a system: `cc` → `Cc`.
pub fn handle_name(system: &str) -> String {
    names::camel(&[system])
}

/// The system's handle struct and its methods.
pub fn system(system: &str, apis: &[&Api], names: &[ApiNames], paths: &Paths) -> TokenStream {
    let handle = format_ident!("{}", handle_name(system));
    let runtime = &paths.runtime;
    let doc = format!(" The `{system}` APIs. Get one with `Client::{}()`.", names::snake(system, "system"));
    let methods = apis.iter().zip(names).map(|(api, n)| method(system, api, n, runtime));
    quote! {
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
    }
}

fn method(system: &str, api: &Api, n: &ApiNames, runtime: &TokenStream) -> TokenStream {
    let function = format_ident!("{}", n.function);
    let request = format_ident!("{}", n.types[&api.request]);
    let response = format_ident!("{}", n.response);
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
    let mut doc = String::new();
    if !api.description.is_empty() {
        doc.push_str(&api.description);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", api.route.method.as_str(), api.route.path));
    let doc = doc_attrs(&doc);
    quote! {
        #doc
        pub async fn #function(&self, request: &#request) -> Result<#response, #runtime::Error> {
            self.client
                .call(
                    &#runtime::Endpoint {
                        system: #system,
                        name: #name,
                        method: #runtime::Method::#method,
                        path: #path,
                        auth: #runtime::AuthStyle::#auth,
                    },
                    request,
                )
                .await
        }
    }
}
