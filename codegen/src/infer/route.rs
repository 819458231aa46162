//! The route a doc gives itself: its method and address sections, and the system its address
//! names.

use super::sections::Sections;
use crate::diag::{Code, DocDiag, Loc};
use crate::ir::{Auth, Method, Route, Side};
use crate::markdown::Document;

/// Whether the doc has a method or an address section, even an empty one.
pub(super) fn names_a_route(s: &Sections) -> bool {
    s.method.is_some()
        || s.method_heading.is_some()
        || s.address.is_some()
        || s.address_heading.is_some()
}

/// Whether the doc documents a response (an example or a table): what tells an API doc from a
/// page about the APIs (common fields, a callback protocol) that sits beside them.
pub(super) fn documents_a_response(s: &Sections) -> bool {
    s.examples.iter().any(|e| e.side == Side::Response)
        || s.tables.iter().any(|t| t.side == Side::Response)
}

/// The route a doc gives itself, if it names one; problems with it are reported to `diag`.
pub fn own_route(doc: &Document, diag: &mut DocDiag<'_>) -> Option<Route> {
    let s = super::sections::split(doc, diag);
    if !names_a_route(&s) {
        return None;
    }
    route_from_doc(&s, diag)
}

/// Warns when the doc names a route of its own that differs from `route`, the one its
/// conf or resource file gives (which is used). Paths are compared by their ends: a file's
/// path may lack the doc's prefix (`/api/c/compapi`, a stage), or the reverse.
pub(super) fn compare_with_doc(s: &Sections, route: &Route, diag: &mut DocDiag<'_>) {
    if !names_a_route(s) {
        return;
    }
    // The doc's own route is not generated from: its problems are not reported.
    let mut scratch = crate::diag::Diagnostics::new();
    let mut quiet = DocDiag {
        file: diag.file,
        sink: &mut scratch,
    };
    let Some(own) = route_from_doc(s, &mut quiet) else {
        return;
    };
    let trim = |p: &str| p.trim_matches('/').to_ascii_lowercase();
    let (mine, theirs) = (trim(&own.path), trim(&route.path));
    let same_path = mine.ends_with(&theirs) || theirs.ends_with(&mine);
    if own.method == route.method && same_path {
        return;
    }
    let line = s
        .method
        .as_ref()
        .or(s.address.as_ref())
        .map_or(1, |(_, l)| *l);
    diag.warn(
        Code::RouteDisagrees,
        line,
        format!(
            "the doc says {} {}, its conf or resource file {} {}; using the file's",
            own.method.as_str(),
            own.path,
            route.method.as_str(),
            route.path
        ),
        Some("make the doc's method and address match the route file, which the gateway serves"),
    );
}

/// Warns about fields the doc puts in the query string of a call whose fields travel in the
/// body (anything but GET): the generated client sends them in the body.
pub(super) fn warn_query_in_body(s: &Sections, route: &Route, diag: &mut DocDiag<'_>) {
    if route.method == crate::ir::Method::Get {
        return;
    }
    for t in s.tables.iter().filter(|t| t.query && !t.rows.is_empty()) {
        let names = super::sections::quoted_names(&t.header, &t.rows);
        diag.warn(
            Code::QueryInBody,
            t.header.line,
            format!(
                "the doc sends {} in the query string of a {} call; the generated client sends {} in the JSON body",
                names.join(", "),
                route.method.as_str(),
                if names.len() == 1 { "it" } else { "them" }
            ),
            Some("check that the server also reads them from the body; if it reads the query only, call this API by hand"),
        );
    }
}

pub(super) fn route_from_doc(s: &Sections, diag: &mut DocDiag<'_>) -> Option<Route> {
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
pub(super) fn system_from_path(path: &str) -> String {
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

/// The fields the `{field}` segments of a path name, in order, each once.
pub fn path_fields(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for segment in path.split('/') {
        let mut rest = segment;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = rest[open + 1..open + close].trim();
            if !name.is_empty() && !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
            rest = &rest[open + close + 1..];
        }
    }
    out
}
