//! Document → IR: decides what each part of a doc means and merges the evidence of tables and
//! examples into one set of types.

mod examples;
pub mod limits;
mod models;
mod placement;
pub mod refine;
mod route;
pub mod sections;
pub mod share;
pub mod table;
pub mod tree;

use crate::diag::{Code, DocDiag};
use crate::example::PathKey;
use crate::ir::{Api, Object, Route, Side, Ty, TypeId};
use crate::markdown::Document;
use crate::vocab;
pub(crate) use examples::ExampleAt;
pub use examples::MAX_EXAMPLE_BYTES;
use examples::{read_examples, response_data};
pub use limits::{MAX_CONTAINER_DEPTH, MAX_TYPE_DEPTH};
use refine::{Refiner, Trail};
use route::{documents_a_response, names_a_route, route_from_doc, system_from_path};
pub use route::{own_route, path_fields};
use std::collections::BTreeMap;
use std::path::Path;
use tree::Tree;

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
    /// The route to use when neither a conf entry nor the doc gives one.
    pub fallback: Option<Fallback>,
}

/// A route that follows from a rule rather than from an entry or the doc (an ESB conf's
/// `/v2/<system>/<name>/`), used only for a doc naming no method and no address, with a
/// warning since it is a guess backed by evidence.
#[derive(Debug, Clone)]
pub struct Fallback {
    /// The route.
    pub route: Route,
    /// Why the route follows, for the warning.
    pub reason: String,
    /// What the author can do to confirm it.
    pub hint: String,
}

/// Infers one API from a parsed doc; `None` (with an error reported) when it has no route.
pub fn infer(doc: &Document, input: &DocInput<'_>, diag: &mut DocDiag<'_>) -> Option<Api> {
    let s = sections::split(doc, diag);
    let route = match (&input.route, &input.fallback) {
        (Some(route), _) => {
            route::compare_with_doc(&s, route, diag);
            route.clone()
        }
        (None, Some(fallback)) if !names_a_route(&s) && documents_a_response(&s) => {
            let r = &fallback.route;
            diag.warn(
                Code::ConventionalRoute,
                1,
                format!(
                    "{}, and the doc names no method or address: it is called as {} {}",
                    fallback.reason,
                    r.method.as_str(),
                    r.path
                ),
                Some(fallback.hint.as_str()),
            );
            fallback.route.clone()
        }
        (None, _) => route_from_doc(&s, diag)?,
    };
    let system = input
        .system
        .clone()
        .unwrap_or_else(|| system_from_path(&route.path));

    route::warn_query_in_body(&s, &route, diag);
    let (mut tree, roots, orphans) = tree::build(&s.tables, diag);
    let in_path = route::path_fields(&route.path);
    require_path_fields(&mut tree, roots.request, &in_path, diag);
    // What each example gives each side's root, for placement.
    let mut shown: Vec<(Side, serde_json::Value)> = Vec::new();
    let (fences, read) = read_examples(&s.examples, diag);
    for ex in &read {
        let at = ExampleAt {
            fence: &fences[ex.fence],
            positions: &ex.positions,
        };
        let mut refiner = Refiner {
            tree: &mut tree,
            diag,
            line: ex.example.line,
            at,
            path_fields: (roots.request, &in_path),
        };
        match ex.example.side {
            Side::Request => {
                let Some(map) = ex.example.value.as_object() else {
                    continue;
                };
                let mut map = map.clone();
                for c in vocab::CREDENTIALS {
                    map.shift_remove(*c);
                }
                let value = serde_json::Value::Object(map);
                refiner.refine(
                    Ty::Object(roots.request),
                    &value,
                    Side::Request,
                    &[],
                    0,
                    &Trail::At(PathKey::ROOT),
                );
                shown.push((Side::Request, value));
            }
            Side::Response => {
                let Some((data, at)) = response_data(&ex.example.value) else {
                    continue;
                };
                let env = roots.envelope;
                let Some(i) = refiner.tree.types[env.0]
                    .fields
                    .iter()
                    .position(|f| f.wire_name == "data")
                else {
                    continue;
                };
                let field = &refiner.tree.types[env.0].fields[i];
                let (ty, line) = (field.ty.clone(), field.line);
                let ty = refiner.refine(
                    ty,
                    data,
                    Side::Response,
                    &["data".to_string()],
                    line,
                    &Trail::At(at),
                );
                refiner.tree.types[env.0].fields[i].ty = ty;
                shown.push((Side::Response, data.clone()));
            }
        }
    }
    let examples = read.into_iter().map(|r| r.example).collect();
    placement::link_late(&mut tree, roots, orphans, diag);
    let data_ty = data_type(&tree, roots.envelope);
    let shown: Vec<(Ty, &serde_json::Value)> = shown
        .iter()
        .map(|(side, v)| match side {
            Side::Request => (Ty::Object(roots.request), v),
            Side::Response => (data_ty.clone(), v),
        })
        .collect();
    placement::place(&mut tree, &shown, diag);

    limits::limit_depth(&mut tree, &[roots.request, roots.envelope], diag);
    let data = data_type(&tree, roots.envelope);
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

/// The fields the address's `{field}` segments name are required request fields: the call
/// cannot be made without them. One no table documents is added, as text, with a warning.
fn require_path_fields(tree: &mut Tree, request: TypeId, names: &[String], diag: &mut DocDiag) {
    for name in names {
        let fields = &mut tree.types[request.0].fields;
        match fields.iter_mut().find(|f| &f.wire_name == name) {
            Some(f) => f.required = true,
            None => {
                diag.warn(
                    Code::UndocumentedPathField,
                    1,
                    format!("the address has `{{{name}}}`, but no table documents a request field `{name}`; it is added as a required string"),
                    Some("add a row for the field to the request parameters table"),
                );
                fields.push(crate::ir::Field {
                    wire_name: name.clone(),
                    ty: Ty::String,
                    required: true,
                    description: "Part of the address.".into(),
                    line: 0,
                    origin: crate::ir::Origin::Table,
                });
            }
        }
    }
}

/// The type of the envelope's `data`.
fn data_type(tree: &Tree, envelope: TypeId) -> Ty {
    tree.types[envelope.0]
        .fields
        .iter()
        .find(|f| f.wire_name == "data")
        .map(|f| f.ty.clone())
        .unwrap_or(Ty::Any)
}

/// Turns objects nothing filled into open maps and keeps only what the API reaches, renumbered
/// in a deterministic (breadth-first, field) order.
fn finish(mut tree: Tree, request: TypeId, response: Ty) -> (Vec<Object>, TypeId, Ty) {
    let empty: Vec<bool> = tree
        .types
        .iter()
        .map(|o| o.fields.is_empty() && o.variants.is_empty())
        .collect();
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

    let mut roots = vec![request];
    roots.extend(response.object());
    let order = tree::reachable_from(&tree, &roots);
    let new_id: BTreeMap<TypeId, TypeId> = order
        .iter()
        .enumerate()
        .map(|(n, id)| (*id, TypeId(n)))
        .collect();
    let remap = |ty: &mut Ty| ty.remap_object(|id| new_id[&id]);
    let mut types: Vec<Object> = order.iter().map(|id| tree.types[id.0].clone()).collect();
    for obj in &mut types {
        obj.children_mut().for_each(remap);
    }
    remap(&mut response);
    (types, TypeId(0), response)
}

/// An object nothing filled becomes an open map, wherever it is nested.
fn replace_empty(ty: &mut Ty, empty: &[bool]) {
    let inner = ty.innermost_mut();
    if matches!(inner, Ty::Object(id) if empty[id.0]) {
        *inner = Ty::Map(Box::new(Ty::Any));
    }
}
