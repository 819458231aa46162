//! Document → IR: decides what each part of a doc means and merges the evidence of tables and
//! examples into one set of types.

pub mod limits;
pub mod refine;
pub mod sections;
pub mod share;
pub mod table;
pub mod tree;

use crate::diag::{Code, DocDiag, Loc};
use crate::example::{self, PathKey, Positions, Span};
use crate::ir::{Api, Auth, Example, Method, Object, Route, Side, Ty, TypeId};
use crate::markdown::Document;
use crate::vocab;
pub use limits::{MAX_CONTAINER_DEPTH, MAX_TYPE_DEPTH};
use refine::{Refiner, Trail};
use sections::{RawExample, Sections};
use std::cell::OnceCell;
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
        (Some(route), _) => route.clone(),
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

    let (mut tree, roots) = tree::build(&s.tables, diag);
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
                refiner.refine(
                    Ty::Object(roots.request),
                    &serde_json::Value::Object(map),
                    Side::Request,
                    &[],
                    0,
                    &Trail::At(PathKey::ROOT),
                );
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
            }
        }
    }
    let examples = read.into_iter().map(|r| r.example).collect();

    limits::limit_depth(&mut tree, &[roots.request, roots.envelope], diag);
    let data = tree.types[roots.envelope.0]
        .fields
        .iter()
        .find(|f| f.wire_name == "data")
        .map(|f| f.ty.clone())
        .unwrap_or(Ty::Any);
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

/// The `data` of a response example, and its path: the whole value when it shows no envelope.
fn response_data(value: &serde_json::Value) -> Option<(&serde_json::Value, PathKey)> {
    let map = value.as_object()?;
    if map.contains_key("result") || map.contains_key("code") || map.contains_key("data") {
        map.get("data")
            .map(|data| (data, PathKey::ROOT.key("data")))
    } else {
        Some((value, PathKey::ROOT))
    }
}

/// The text read from one fence, and where it is in the doc.
struct Fence<'r> {
    raw: &'r RawExample,
    /// The text as read: the fence's content, after the bracket of a ```` ```json{ ```` fence.
    text: String,
    /// Lines added before the fence's content (1 for that bracket, else 0).
    offset: usize,
    /// Where the lines of `text` start, found when first needed.
    starts: OnceCell<Vec<usize>>,
}

impl Fence<'_> {
    /// Where line `line`, column `column` of the text read is in the doc.
    fn loc(&self, line: usize, column: usize) -> Loc {
        if line <= self.offset {
            // A brace typed on the fence line: that line.
            return Loc::line(self.raw.fence);
        }
        let content = line - 1 - self.offset;
        let shift = self
            .raw
            .shifts
            .iter()
            .find(|(l, _)| *l == content)
            .map_or(0, |(_, by)| *by);
        let column = column
            .checked_add_signed(shift)
            .filter(|c| *c >= 1)
            .unwrap_or(1);
        Loc::at(self.raw.line + content, column)
    }

    /// Where `span` of the text read is in the doc, marking its text (or the part of it on
    /// its first line).
    fn span(&self, span: &Span) -> Loc {
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let from_line = starts
            .get(span.line().saturating_sub(1))
            .and_then(|i| self.text.get(*i..));
        let text = from_line.map_or("", |l| span.text_in_line(l));
        let first = text.split(['\n', '\r']).next().unwrap_or_default();
        let loc = self.loc(span.line(), span.column());
        // On the fence line the column is unknown: the mark finds the bracket there.
        loc.mark(first)
    }
}

/// One value read from an example, with where its parts were written.
struct ReadExample {
    example: Example,
    positions: Positions,
    /// Index of the fence it was read from.
    fence: usize,
}

/// Where the parts of the example being refined are in the doc, for warnings that point at
/// the member they are about.
#[derive(Clone, Copy)]
pub(crate) struct ExampleAt<'e> {
    fence: &'e Fence<'e>,
    positions: &'e Positions,
}

impl ExampleAt<'_> {
    /// The key of the member at `path`, or for an array element (or the value itself) its
    /// value; `None` when the path was not recorded.
    pub(crate) fn key(&self, path: PathKey) -> Option<Loc> {
        let place = self.positions.get(path)?;
        Some(self.fence.span(place.key.as_ref().unwrap_or(&place.value)))
    }

    /// The value at `path` (for an object or array, its opening bracket).
    pub(crate) fn value(&self, path: PathKey) -> Option<Loc> {
        self.positions
            .get(path)
            .map(|place| self.fence.span(&place.value))
    }
}

/// Examples larger than this are not read (the largest real one is about 12 KB): a huge one
/// would cost seconds to refine and would generate thousands of types.
pub const MAX_EXAMPLE_BYTES: usize = 128 * 1024;

/// Whether a response example shows the envelope (`result`, `code`, `message`, `data`).
fn has_envelope(value: &serde_json::Value) -> bool {
    value.as_object().is_some_and(|map| {
        ["result", "code", "message", "data"]
            .iter()
            .any(|k| map.contains_key(*k))
    })
}

/// Reads the examples: the fences read (each with its text), and the values read from them.
fn read_examples<'r>(
    raw: &'r [RawExample],
    diag: &mut DocDiag<'_>,
) -> (Vec<Fence<'r>>, Vec<ReadExample>) {
    let mut fences = Vec::new();
    let mut out = Vec::new();
    for ex in raw {
        if ex.text.trim().is_empty() && !ex.info.ends_with(['{', '[']) {
            diag.warn(
                Code::BadExample,
                ex.fence,
                "the example is empty; types come from the tables alone",
                Some("write the example as JSON inside the fence"),
            );
            continue;
        }
        if ex.text.len() > MAX_EXAMPLE_BYTES {
            diag.warn(
                Code::ExampleTooLarge,
                ex.line,
                format!("example is {} bytes, over the {} KiB limit; it is not read, types come from the tables alone", ex.text.len(), MAX_EXAMPLE_BYTES / 1024),
                Some("shorten the example: one or two items of each list are enough"),
            );
            continue;
        }
        // Authors sometimes type the opening brace on the fence line: ```json{
        let mut text = String::new();
        if let Some(c) = ex.info.chars().last().filter(|c| matches!(c, '{' | '[')) {
            text.push(c);
            text.push('\n');
        }
        let offset = if text.is_empty() { 0 } else { 1 };
        text.push_str(&ex.text);
        let fence = Fence {
            raw: ex,
            text,
            offset,
            starts: OnceCell::new(),
        };
        match example::read(&fence.text) {
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
                        fence.loc(first.line, first.column),
                        format!("example is not strict JSON; read it anyway ({})", kinds.join(", ")),
                        Some("write strict JSON: no trailing commas, comments or unquoted keys"),
                    );
                }
                for v in read.values {
                    let line = ex.line + v.line.saturating_sub(1 + offset);
                    if ex.side == Side::Response && !has_envelope(&v.value) {
                        diag.warn(
                            Code::NoEnvelope,
                            line,
                            "the response example shows no envelope (`result`, `code`, `message`, `data`); it is taken as the `data` the API returns",
                            Some("show the whole response: {\"result\": true, \"code\": 0, \"message\": \"\", \"data\": ...}"),
                        );
                    }
                    let example = Example { side: ex.side, line, value: v.value };
                    out.push(ReadExample { example, positions: v.positions, fence: fences.len() });
                }
                fences.push(fence);
            }
            Err(e) if e.too_deep => diag.warn(
                Code::TooDeep,
                fence.loc(e.line, e.column),
                format!("example is nested deeper than {} levels; it is not read, types come from the tables alone", example::MAX_DEPTH),
                Some("shorten the example: real data is rarely nested more than a few levels"),
            ),
            Err(e) => diag.warn(
                Code::BadExample,
                fence.loc(e.line, e.column),
                format!("example cannot be read as JSON: {}; types come from the tables alone", e.message),
                Some("write the example as JSON"),
            ),
        }
    }
    (fences, out)
}

/// Whether the doc has a method or an address section, even an empty one.
fn names_a_route(s: &Sections) -> bool {
    s.method.is_some()
        || s.method_heading.is_some()
        || s.address.is_some()
        || s.address_heading.is_some()
}

/// Whether the doc documents a response (an example or a table): what tells an API doc from a
/// page about the APIs (common fields, a callback protocol) that sits beside them.
fn documents_a_response(s: &Sections) -> bool {
    s.examples.iter().any(|e| e.side == Side::Response)
        || s.tables.iter().any(|t| t.side == Side::Response)
}

/// The route a doc gives itself, if it names one; problems with it are reported to `diag`.
pub fn own_route(doc: &Document, diag: &mut DocDiag<'_>) -> Option<Route> {
    let s = sections::split(doc, diag);
    if !names_a_route(&s) {
        return None;
    }
    route_from_doc(&s, diag)
}

fn route_from_doc(s: &Sections, diag: &mut DocDiag<'_>) -> Option<Route> {
    let method = match &s.method {
        Some((text, line)) => {
            let found = methods_in(text);
            let Some(&(method, _)) = found.first() else {
                let first = text.lines().next().unwrap_or("").trim();
                diag.error(
                    Code::UnknownMethod,
                    Loc::line(*line).mark(first),
                    format!("`{first}` is not an HTTP method; the doc is skipped"),
                    Some("write GET, POST, PUT, DELETE or PATCH"),
                );
                return None;
            };
            if let Some((_, other)) = found.get(1) {
                let words: Vec<&str> = found.iter().map(|(_, w)| *w).collect();
                diag.warn(
                    Code::SeveralMethods,
                    Loc::line(*line).mark(*other),
                    format!(
                        "the request method section names {}; using {}",
                        words.join(" and "),
                        method.as_str()
                    ),
                    Some("write one method; say in the description if the API accepts another"),
                );
            }
            Some(method)
        }
        // Old docs write `POST /api/...` under the address heading.
        None => s
            .address
            .as_ref()
            .and_then(|(t, _)| methods_in(t).first().map(|(m, _)| *m)),
    };
    let Some(method) = method else {
        match s.method_heading {
            Some(line) => diag.error(
                Code::NoMethod,
                line,
                "no request method: the request method section is empty and no conf or resource file gives one; the doc is skipped",
                Some("write GET or POST under the heading"),
            ),
            None => diag.error(
                Code::NoMethod,
                // The method usually stands just before the address.
                s.address.as_ref().map_or(1, |(_, l)| *l),
                "no request method: the doc has no `### request method` section and no conf or resource file gives one; the doc is skipped",
                Some("add `### request method` with GET or POST, or put the doc beside its ESB conf or gateway resource file"),
            ),
        }
        return None;
    };
    let path = match &s.address {
        Some((text, line)) => match path_in(text) {
            Some(path) => path,
            None => {
                let first = text.lines().next().unwrap_or("").trim();
                diag.error(
                    Code::NoAddress,
                    Loc::line(*line).mark(first),
                    format!("the request address `{first}` is not a path; the doc is skipped"),
                    Some("write the path after the endpoint, starting with `/`, e.g. /api/c/compapi/v2/cc/update_module/"),
                );
                return None;
            }
        },
        None if s.address_heading.is_some() => {
            diag.error(
                Code::NoAddress,
                s.address_heading.unwrap_or(1),
                "no request address: the request address section is empty and no conf or resource file gives one; the doc is skipped",
                Some("write the path under the heading, e.g. /api/c/compapi/v2/cc/update_module/"),
            );
            return None;
        }
        None => {
            let line = s.method.as_ref().map_or(1, |(_, l)| *l);
            diag.error(
                Code::NoAddress,
                line,
                "no request address: the doc has no `### request address` section with a path and no conf or resource file gives one; the doc is skipped",
                Some("add `### request address` with the path, e.g. /api/c/compapi/v2/cc/update_module/"),
            );
            return None;
        }
    };
    Some(Route {
        method,
        path,
        auth: Auth::Esb,
    })
}

/// The HTTP methods a method section names, in order, each once, with the word that names
/// it: upper-case words (`POST`, `GET/POST`), else words in any case (`post`).
fn methods_in(text: &str) -> Vec<(Method, &str)> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let pick = |upper_only: bool| {
        let mut found: Vec<(Method, &str)> = Vec::new();
        for w in &words {
            if upper_only && !w.chars().all(|c| c.is_ascii_uppercase()) {
                continue;
            }
            if let Some(m) = Method::parse(w).filter(|m| !found.iter().any(|(f, _)| f == m)) {
                found.push((m, w));
            }
        }
        found
    };
    let upper = pick(true);
    if upper.is_empty() {
        pick(false)
    } else {
        upper
    }
}

/// The path an address gives: a word starting with `/`, or the path of a full URL
/// (`http://host/api/...`) or of a templated one (`{bk_api_url}/api/...`); without the query.
fn path_in(text: &str) -> Option<String> {
    text.split_whitespace().find_map(|w| {
        let w = w.trim_matches(['`', ',', '"', '\'', '<', '>', '(', ')', '[', ']']);
        let path = if w.starts_with('/') {
            w
        } else if let Some(i) = w.find("://") {
            let rest = &w[i + 3..];
            &rest[rest.find('/')?..]
        } else if w.starts_with('{') {
            &w[w.find('}')? + 1..]
        } else {
            return None;
        };
        let path = path.split(['?', '#']).next().unwrap_or(path);
        (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
    })
}

/// `/api/c/compapi/v2/cc/update_module/` → `cc`.
fn system_from_path(path: &str) -> String {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let after = segs
        .iter()
        .position(|s| *s == "compapi")
        .map_or(0, |i| i + 1);
    segs.iter()
        .skip(after)
        .find(|s| {
            !(s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit())) && **s != "api"
        })
        .map_or_else(|| "api".to_string(), |s| s.to_string())
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
