//! Document → IR: decides what each part of a doc means and merges the evidence of tables and
//! examples into one set of types.

pub mod refine;
pub mod sections;
pub mod share;
pub mod table;
pub mod tree;

use crate::diag::{Code, DocDiag};
use crate::example;
use crate::ir::{Api, Auth, Example, Method, Object, Route, Side, Ty, TypeId};
use crate::markdown::Document;
use crate::vocab;
use refine::Refiner;
use sections::{RawExample, Sections};
use std::collections::BTreeMap;
use std::path::Path;
use tree::{visit_ids, Tree};

/// What the source layer knows about a doc before it is read.
#[derive(Debug, Clone)]
pub struct DocInput<'a> {
    /// The doc's path, for diagnostics.
    pub path: &'a Path,
    /// The API's wire name (the file stem).
    pub name: String,
    /// The system, when the source knows it (ESB conf, gateway resources).
    pub system: Option<String>,
    /// The route, when a conf or resource file gives it.
    pub route: Option<Route>,
}

/// Infers one API from a parsed doc; `None` (with an error reported) when it has no route.
pub fn infer(doc: &Document, input: &DocInput<'_>, diag: &mut DocDiag<'_>) -> Option<Api> {
    let s = sections::split(doc);
    let route = match &input.route {
        Some(route) => route.clone(),
        None => route_from_doc(&s, diag)?,
    };
    let system = input.system.clone().unwrap_or_else(|| system_from_path(&route.path));

    let (mut tree, roots) = tree::build(&s.tables, diag);
    let examples = read_examples(&s.examples, diag);
    for ex in &examples {
        let mut refiner = Refiner { tree: &mut tree, diag, line: ex.line };
        match ex.side {
            Side::Request => {
                let Some(map) = ex.value.as_object() else { continue };
                let mut map = map.clone();
                for c in vocab::CREDENTIALS {
                    map.shift_remove(*c);
                }
                refiner.refine(Ty::Object(roots.request), &serde_json::Value::Object(map), Side::Request, &[], 0);
            }
            Side::Response => {
                let Some(data) = response_data(&ex.value) else { continue };
                let env = roots.envelope;
                let Some(i) = refiner.tree.types[env.0].fields.iter().position(|f| f.wire_name == "data") else { continue };
                let field = &refiner.tree.types[env.0].fields[i];
                let (ty, line) = (field.ty.clone(), field.line);
                let ty = refiner.refine(ty, data, Side::Response, &["data".to_string()], line);
                refiner.tree.types[env.0].fields[i].ty = ty;
            }
        }
    }

    let data = tree.types[roots.envelope.0].fields.iter().find(|f| f.wire_name == "data").map(|f| f.ty.clone()).unwrap_or(Ty::Any);
    let (types, request, response) = finish(tree, roots.request, data);
    Some(Api {
        system,
        name: input.name.clone(),
        source: input.path.to_path_buf(),
        route,
        description: s.description.join("\n\n"),
        request,
        response,
        types,
        examples,
    })
}

/// The `data` of a response example: the whole value when it shows no envelope.
fn response_data(value: &serde_json::Value) -> Option<&serde_json::Value> {
    let map = value.as_object()?;
    if map.contains_key("result") || map.contains_key("code") || map.contains_key("data") {
        map.get("data")
    } else {
        Some(value)
    }
}

fn read_examples(raw: &[RawExample], diag: &mut DocDiag<'_>) -> Vec<Example> {
    let mut out = Vec::new();
    for ex in raw {
        // Authors sometimes type the opening brace on the fence line: ```json{
        let mut text = String::new();
        if let Some(c) = ex.info.chars().last().filter(|c| matches!(c, '{' | '[')) {
            text.push(c);
            text.push('\n');
        }
        let offset = if text.is_empty() { 0 } else { 1 };
        text.push_str(&ex.text);
        match example::read(&text) {
            Ok(read) => {
                if !read.repairs.is_empty() {
                    let mut kinds: Vec<String> = Vec::new();
                    for r in &read.repairs {
                        let kind = format!("{:?}", r.kind);
                        if !kinds.contains(&kind) {
                            kinds.push(kind);
                        }
                    }
                    let first = &read.repairs[0];
                    diag.warn(
                        Code::RepairedExample,
                        ex.line + first.line.saturating_sub(1 + offset),
                        format!("example is not strict JSON; read it anyway ({})", kinds.join(", ")),
                        Some("write strict JSON: no trailing commas, comments or unquoted keys"),
                    );
                }
                for v in read.values {
                    out.push(Example { side: ex.side, line: ex.line + v.line.saturating_sub(1 + offset), value: v.value });
                }
            }
            Err(e) => diag.warn(
                Code::BadExample,
                ex.line + e.line.saturating_sub(1 + offset),
                format!("example cannot be read as JSON: {}; types come from the tables alone", e.message),
                Some("write the example as JSON"),
            ),
        }
    }
    out
}

fn route_from_doc(s: &Sections, diag: &mut DocDiag<'_>) -> Option<Route> {
    let address = s.address.as_ref().and_then(|(text, line)| {
        text.split_whitespace().find(|w| w.starts_with('/')).map(|p| (p.trim_end_matches(['`', ',']).to_string(), *line))
    });
    let method = match &s.method {
        Some((text, line)) => match text.split_whitespace().find_map(Method::parse) {
            Some(m) => Some(m),
            None => {
                diag.error(
                    Code::UnknownMethod,
                    *line,
                    format!("`{text}` is not an HTTP method; the doc is skipped"),
                    Some("write GET, POST, PUT, DELETE or PATCH"),
                );
                return None;
            }
        },
        // Old docs write `POST /api/...` under the address heading.
        None => s.address.as_ref().and_then(|(t, _)| t.split_whitespace().find_map(Method::parse)),
    };
    let Some(method) = method else {
        diag.error(
            Code::NoMethod,
            0,
            "no request method: the doc has no `### request method` section and no conf or resource file gives one; the doc is skipped",
            Some("add `### request method` with GET or POST, or put the doc beside its ESB conf or gateway resource file"),
        );
        return None;
    };
    let Some((path, _)) = address else {
        let line = s.address.as_ref().map_or(0, |(_, l)| *l);
        diag.error(
            Code::NoAddress,
            line,
            "no request address: the doc has no `### request address` section with a path and no conf or resource file gives one; the doc is skipped",
            Some("add `### request address` with the path, e.g. /api/c/compapi/v2/cc/update_module/"),
        );
        return None;
    };
    Some(Route { method, path, auth: Auth::Esb })
}

/// `/api/c/compapi/v2/cc/update_module/` → `cc`.
fn system_from_path(path: &str) -> String {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let after = segs.iter().position(|s| *s == "compapi").map_or(0, |i| i + 1);
    segs.iter()
        .skip(after)
        .find(|s| !(s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit())) && **s != "api")
        .map_or_else(|| "api".to_string(), |s| s.to_string())
}

/// Turns objects nothing filled into open maps and keeps only what the API reaches, renumbered
/// in a deterministic (breadth-first, field) order.
fn finish(mut tree: Tree, request: TypeId, response: Ty) -> (Vec<Object>, TypeId, Ty) {
    let empty: Vec<bool> = tree.types.iter().map(|o| o.fields.is_empty() && o.variants.is_empty()).collect();
    let flatten = |ty: &mut Ty| replace_empty(ty, &empty);
    for obj in &mut tree.types {
        obj.children_mut().for_each(flatten);
    }
    let mut response = response;
    flatten(&mut response);

    let rep = share::representatives(&tree.types);
    for obj in &mut tree.types {
        obj.children_mut().for_each(|ty| share::apply(ty, &rep));
    }
    share::apply(&mut response, &rep);

    let mut order = vec![request];
    visit_ids(&response, &mut |id| order.push(id));
    let mut i = 0;
    while i < order.len() {
        let id = order[i];
        i += 1;
        for ty in tree.types[id.0].children() {
            visit_ids(ty, &mut |c| {
                if !order.contains(&c) {
                    order.push(c);
                }
            });
        }
    }
    order.dedup();
    let new_id: BTreeMap<TypeId, TypeId> = order.iter().enumerate().map(|(n, id)| (*id, TypeId(n))).collect();
    let remap = |ty: &mut Ty| renumber(ty, &new_id);
    let mut types: Vec<Object> = order.iter().map(|id| tree.types[id.0].clone()).collect();
    for obj in &mut types {
        obj.children_mut().for_each(remap);
    }
    remap(&mut response);
    (types, TypeId(0), response)
}

fn replace_empty(ty: &mut Ty, empty: &[bool]) {
    match ty {
        Ty::Object(id) if empty[id.0] => *ty = Ty::Map(Box::new(Ty::Any)),
        Ty::Array(inner) | Ty::Map(inner) => replace_empty(inner, empty),
        _ => {}
    }
}

fn renumber(ty: &mut Ty, new_id: &BTreeMap<TypeId, TypeId>) {
    match ty {
        Ty::Object(id) => *id = new_id[id],
        Ty::Array(inner) | Ty::Map(inner) => renumber(inner, new_id),
        _ => {}
    }
}
