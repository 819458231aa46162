//! The round-trip program `verify` adds to a generated package: it reads example cases,
//! pushes each through the generated type (deserialise, serialise) and prints what came back.
//! One generated `match` arm per API and side; all logic is in two small generic functions.

use crate::emit::format;
use crate::emit::plan::Plan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The names a harness's `match` arm for one API uses.
struct Arm<'p> {
    system: &'p str,
    name: &'p str,
    module: proc_macro2::Ident,
    request: proc_macro2::Ident,
    response: proc_macro2::Ident,
    function: proc_macro2::Ident,
}

/// One `match` arm per API of `plan`, in plan order.
fn arms(plan: &Plan, arm: impl Fn(&Arm<'_>) -> TokenStream) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for system_plan in &plan.systems {
        for api in &system_plan.apis {
            out.push(arm(&Arm {
                system: system_plan.system,
                name: &api.api.name,
                module: format_ident!("{}", system_plan.module),
                request: format_ident!("{}", api.names.types[&api.api.request]),
                response: format_ident!("{}", api.names.response),
                function: format_ident!("{}", api.names.function),
            }));
        }
    }
    out
}

/// Source of `src/bin/roundtrip.rs` for a package generated from `plan`.
pub fn roundtrip_bin(
    plan: &Plan,
    crate_name: &str,
    runtime: &TokenStream,
) -> Result<String, String> {
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    let arms = arms(plan, |a| {
        let (system, name, module) = (a.system, a.name, &a.module);
        let (request, response) = (&a.request, &a.response);
        quote! {
            (#system, #name, "request") => trip::<#krate::#module::#request>(value),
            (#system, #name, "response") => trip::<#runtime::Envelope<#krate::#module::#response>>(value),
        }
    });
    let tokens = quote! {
        //! Reads `[{"system", "api", "side", "value"}...]` from the file named by the first
        //! argument and prints one JSON line per case: `{"ok": value}` or `{"err": message}`.

        use serde::de::DeserializeOwned;
        use serde::Serialize;
        use serde_json::{json, Value};

        fn trip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
            let typed: T = serde_path_to_error::deserialize(value).map_err(|e| e.to_string())?;
            serde_json::to_value(&typed).map_err(|e| e.to_string())
        }

        fn run(system: &str, api: &str, side: &str, value: Value) -> Result<Value, String> {
            match (system, api, side) {
                #(#arms)*
                _ => Err(format!("no such API: {system}.{api} ({side})")),
            }
        }

        fn main() {
            let path = std::env::args().nth(1).expect("usage: roundtrip CASES.json");
            let text = std::fs::read_to_string(&path).expect("cases file is readable");
            let cases: Vec<Value> = serde_json::from_str(&text).expect("cases file is JSON");
            for case in cases {
                let field = |k: &str| case[k].as_str().unwrap_or_default().to_string();
                let result = run(&field("system"), &field("api"), &field("side"), case["value"].clone());
                let line = match result {
                    Ok(v) => json!({ "ok": v }),
                    Err(e) => json!({ "err": e }),
                };
                println!("{line}");
            }
        }
    };
    format::file(tokens)
}

/// Source of `src/bin/calls.rs`: a program that calls APIs through the package's blocking
/// client (feature `blocking`) with request examples, against the base URL given as its first
/// argument, and prints one JSON line per call: `{"ok": true}` or `{"err": "kind: message"}`.
/// The mock server's corpus test runs it.
pub fn calls_bin(plan: &Plan, crate_name: &str, runtime: &TokenStream) -> Result<String, String> {
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    let arms = arms(plan, |a| {
        let (system, name, module) = (a.system, a.name, &a.module);
        let (request, function) = (&a.request, &a.function);
        quote! {
            (#system, #name) => call(value, |r: &#krate::#module::#request| {
                client.#module().#function(r).map(drop)
            }),
        }
    });
    let tokens = quote! {
        //! Reads `[{"system", "api", "value"}...]` from the file named by the second argument,
        //! calls each API at the base URL named by the first with `value` as its request (the
        //! default request when it is null), and
        //! prints one JSON line per call: `{"ok": true}` or `{"err": message}`.

        use serde::de::DeserializeOwned;
        use serde_json::{json, Value};

        fn call<Req: DeserializeOwned + Default>(
            value: Value,
            send: impl FnOnce(&Req) -> Result<(), #runtime::Error>,
        ) -> Result<(), String> {
            // No example: the default request.
            let request: Req = match value {
                Value::Null => Req::default(),
                value => serde_json::from_value(value).map_err(|e| {
                    format!("the request example does not fit the request type: {e}")
                })?,
            };
            send(&request).map_err(|e| e.to_string())
        }

        fn main() {
            let mut args = std::env::args().skip(1);
            let url = args.next().expect("usage: calls BASE_URL CASES.json");
            let path = args.next().expect("usage: calls BASE_URL CASES.json");
            let text = std::fs::read_to_string(&path).expect("cases file is readable");
            let cases: Vec<Value> = serde_json::from_str(&text).expect("cases file is JSON");
            let client = #krate::blocking::Client::builder(url)
                .app_code("bkapi-mock-test")
                .app_secret("bkapi-mock-test-secret")
                .username("admin")
                .build_blocking()
                .map(#krate::blocking::Client::new)
                .expect("client builds");
            for case in cases {
                let field = |k: &str| case[k].as_str().unwrap_or_default().to_string();
                let value = case["value"].clone();
                let result = match (field("system").as_str(), field("api").as_str()) {
                    #(#arms)*
                    (system, api) => Err(format!("no such API: {system}.{api}")),
                };
                let line = match result {
                    Ok(()) => json!({ "ok": true }),
                    Err(e) => json!({ "err": e }),
                };
                println!("{line}");
            }
        }
    };
    format::file(tokens)
}
