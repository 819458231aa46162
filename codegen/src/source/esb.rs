//! ESB confs: a YAML list beside the docs, one entry per API:
//!
//! ```yaml
//! - path: /v2/cc/search_business/   # served at {endpoint}/api/c/compapi{path}
//!   name: search_business           # the doc's file stem
//!   method: GET                     # or suggest_method
//!   label: ...                      # label_en, dest_path, dest_http_method ...: informative
//! ```

use super::route_file::{item_line, line_of, most_common, Convention, Entry, Problem, RouteFile};
use crate::diag::Code;
use crate::ir::{Auth, Method, Route};
use serde_norway::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The prefix ESB routes are served under: `{endpoint}/api/c/compapi{path}`.
pub const PREFIX: &str = "/api/c/compapi";

/// Reads an ESB conf; `None` when the value is not one (not a list holding an entry with a
/// `name` and a `path`).
pub fn parse(value: &Value, path: &Path, text: &str) -> Option<(RouteFile, Vec<Problem>)> {
    let list = value.as_sequence()?;
    let text_of = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    if !list
        .iter()
        .any(|v| text_of(v, "name").is_some() && text_of(v, "path").is_some())
    {
        return None;
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let mut entries = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let Some(name) = text_of(item, "name") else {
            problems.push(Problem {
                code: Code::NoAddress,
                line: item_line(text, i),
                message: format!(
                    "entry {} of this ESB conf has no `name`; no doc can match it, it is ignored",
                    i + 1
                ),
                hint: Some("give every entry `name:` equal to its doc's file stem"),
            });
            continue;
        };
        let line = line_of(text, "name", &name);
        let esb_path = text_of(item, "path");
        let system = esb_path
            .as_deref()
            .and_then(system_of)
            .unwrap_or_else(|| stem.to_string());
        let word = text_of(item, "method").or_else(|| text_of(item, "suggest_method"));
        let method = match &word {
            Some(word) => {
                let method = Method::parse(word);
                if method.is_none() {
                    problems.push(Problem {
                        code: Code::UnknownMethod,
                        line,
                        message: format!("`{word}`, the method of ESB conf entry `{name}`, is not an HTTP method; its doc must give its own route"),
                        hint: Some("write GET or POST"),
                    });
                }
                method
            }
            None => {
                problems.push(Problem {
                    code: Code::NoMethod,
                    line,
                    message: format!("ESB conf entry `{name}` has no `method` or `suggest_method`; its doc must give its own route"),
                    hint: Some("add `method: GET` or `suggest_method: POST` to the entry"),
                });
                None
            }
        };
        if esb_path.is_none() {
            problems.push(Problem {
                code: Code::NoAddress,
                line,
                message: format!(
                    "ESB conf entry `{name}` has no `path`; its doc must give its own route"
                ),
                hint: Some("add `path: /v2/<system>/<name>/` to the entry"),
            });
        }
        let route = match (method, esb_path) {
            (Some(method), Some(p)) => Some(Route {
                method,
                path: route_path(&p),
                auth: Auth::Esb,
            }),
            _ => None,
        };
        if entries.contains_key(&name) {
            problems.push(Problem {
                code: Code::DuplicateApi,
                line,
                message: format!(
                    "ESB conf entry `{name}` is listed more than once; the first is used"
                ),
                hint: Some("remove the repeated entry"),
            });
            continue;
        }
        entries.insert(
            name.clone(),
            Entry {
                name,
                system,
                route,
                line,
            },
        );
    }
    let system = most_common(entries.values().map(|e| e.system.as_str()));
    let convention = system
        .as_deref()
        .and_then(|system| convention(system, &entries));
    Some((
        RouteFile {
            path: path.to_path_buf(),
            system,
            entries,
            convention,
        },
        problems,
    ))
}

/// How the conf routes its APIs, when its entries show one rule: ESB serves a component of
/// system `s` named `n` at `/v2/s/n/`. When at least [`MIN_CONVENTION_ENTRIES`] routed entries
/// are there and nine in ten of them follow that rule, a doc beside the conf that it does not
/// list is routed the same way, with the method
/// most of the entries use (ESB components read their parameters from the query string or a
/// JSON body alike, so the method is the conf's habit, not a property of the API).
fn convention(system: &str, entries: &BTreeMap<String, Entry>) -> Option<Convention> {
    let routes: Vec<(&str, &Route)> = entries
        .values()
        .filter_map(|e| Some((e.name.as_str(), e.route.as_ref()?)))
        .collect();
    let follows = routes
        .iter()
        .filter(|(name, r)| r.path == conventional_path(system, name))
        .count();
    if routes.len() < MIN_CONVENTION_ENTRIES || follows * 10 < routes.len() * 9 {
        return None;
    }
    let count = |m: Method| routes.iter().filter(|(_, r)| r.method == m).count();
    // POST wins ties: it carries nested parameters, which a query string cannot.
    let method = Method::ALL
        .iter()
        .copied()
        .max_by_key(|&m| (count(m), m == Method::Post))?;
    Some(Convention {
        system: system.to_string(),
        method,
        using: count(method),
        follows,
        of: routes.len(),
    })
}

// The ESB rule is ESB's: its route lives here, beside the paths it builds.
impl Convention {
    /// The route of the API `name` under this rule.
    pub fn route(&self, name: &str) -> Route {
        Route {
            method: self.method,
            path: conventional_path(&self.system, name),
            auth: Auth::Esb,
        }
    }
}

/// How many routed entries a conf needs before its routes are taken for a rule: one or two
/// entries say little about the method the others use.
pub const MIN_CONVENTION_ENTRIES: usize = 3;

/// The route path ESB serves the component `name` of `system` at.
pub fn conventional_path(system: &str, name: &str) -> String {
    route_path(&format!("/v2/{system}/{name}/"))
}

/// The system of an ESB path: its first segment that is not a version (`/v2/cc/x/` → `cc`,
/// `/v2/jobv3/x/` → `jobv3`), looked for after the `/api/c/compapi` prefix if present.
pub fn system_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix(PREFIX).unwrap_or(path);
    let mut segs = rest.split('/').filter(|s| !s.is_empty());
    let first = segs.next()?;
    let is_version =
        |s: &str| s.len() > 1 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit());
    let seg = if is_version(first) {
        segs.next()?
    } else {
        first
    };
    // The last segment is the API itself, never the system.
    segs.next()?;
    Some(seg.to_string())
}

/// The route path of an ESB conf path: `/v2/cc/x/` → `/api/c/compapi/v2/cc/x/`.
pub fn route_path(esb_path: &str) -> String {
    if esb_path.starts_with(PREFIX) {
        return esb_path.to_string();
    }
    let sep = if esb_path.starts_with('/') { "" } else { "/" };
    format!("{PREFIX}{sep}{esb_path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systems_of_paths() {
        assert_eq!(system_of("/v2/cc/search_business/").as_deref(), Some("cc"));
        assert_eq!(
            system_of("/v2/jobv3/get_job_plan_list/").as_deref(),
            Some("jobv3")
        );
        assert_eq!(
            system_of("/api/c/compapi/v2/sops/get_template_list/").as_deref(),
            Some("sops")
        );
        assert_eq!(system_of("/gse/get_agent_status/").as_deref(), Some("gse"));
        assert_eq!(system_of("/get_agent_status/"), None);
    }

    #[test]
    fn route_paths() {
        assert_eq!(route_path("/v2/cc/x/"), "/api/c/compapi/v2/cc/x/");
        assert_eq!(route_path("v2/cc/x/"), "/api/c/compapi/v2/cc/x/");
        assert_eq!(
            route_path("/api/c/compapi/v2/cc/x/"),
            "/api/c/compapi/v2/cc/x/"
        );
    }

    #[test]
    fn reads_entries_and_reports_broken_ones() {
        let text = "---\n- path: /v2/cc/a/\n  name: a\n  suggest_method: POST\n- path: /v2/cc/b/\n  name: b\n  method: get\n- path: /v2/cc/c/\n  name: c\n  method: FETCH\n- path: /v2/cc/d/\n  name: d\n- name: a\n  path: /v2/cc/a2/\n  method: GET\n";
        let value: Value = serde_norway::from_str(text).unwrap();
        let (file, problems) = parse(&value, Path::new("x/cc.yaml"), text).unwrap();
        assert_eq!(file.system.as_deref(), Some("cc"));
        let a = &file.entries["a"];
        assert_eq!(
            a.route,
            Some(Route {
                method: Method::Post,
                path: "/api/c/compapi/v2/cc/a/".into(),
                auth: Auth::Esb
            })
        );
        assert_eq!(a.line, 3);
        assert_eq!(
            file.entries["b"].route.as_ref().map(|r| r.method),
            Some(Method::Get)
        );
        assert_eq!(file.entries["c"].route, None);
        assert_eq!(file.entries["d"].route, None);
        let codes: Vec<(Code, usize)> = problems.iter().map(|p| (p.code, p.line)).collect();
        assert_eq!(
            codes,
            [
                (Code::UnknownMethod, 9),
                (Code::NoMethod, 12),
                (Code::DuplicateApi, 3)
            ]
        );
    }

    #[test]
    fn convention_of_entries() {
        let conf = |text: &str| {
            let value: Value = serde_norway::from_str(text).unwrap();
            parse(&value, Path::new("x/cc.yaml"), text)
                .unwrap()
                .0
                .convention
        };
        let entry = |name: &str, path: &str, method: &str| {
            format!("- name: {name}\n  path: {path}\n  method: {method}\n")
        };
        let follows: String = (0..9)
            .map(|i| entry(&format!("a{i}"), &format!("/v2/cc/a{i}/"), "POST"))
            .collect();
        let rule = conf(&format!(
            "{follows}{}",
            entry("odd", "/v2/cc/other/", "GET")
        ))
        .expect("9 of 10 follow");
        assert_eq!(
            (rule.system.as_str(), rule.method, rule.follows, rule.of),
            ("cc", Method::Post, 9, 10)
        );
        assert_eq!(rule.route("new_one").path, "/api/c/compapi/v2/cc/new_one/");
        // Fewer than nine in ten: no convention, unlisted docs need their own route.
        let two_odd = format!(
            "{follows}{}{}",
            entry("odd", "/v2/cc/other/", "GET"),
            entry("odd2", "/v2/cc/x/y/", "GET")
        );
        assert_eq!(conf(&two_odd), None);
        // The method most entries use; POST on a tie.
        let gets = format!(
            "{}{}{}",
            entry("a", "/v2/cc/a/", "GET"),
            entry("b", "/v2/cc/b/", "GET"),
            entry("c", "/v2/cc/c/", "POST")
        );
        assert_eq!(conf(&gets).map(|r| r.method), Some(Method::Get));
        let tie = format!("{gets}{}", entry("d", "/v2/cc/d/", "POST"));
        assert_eq!(
            conf(&tie).map(|r| (r.method, r.using, r.of)),
            Some((Method::Post, 2, 4))
        );
        // Too few entries to speak of a rule.
        let two = format!(
            "{}{}",
            entry("a", "/v2/cc/a/", "GET"),
            entry("b", "/v2/cc/b/", "GET")
        );
        assert_eq!(conf(&two), None);
    }

    #[test]
    fn other_yaml_is_not_a_conf() {
        for text in ["- a\n- b\n", "name: x\npath: /y\n", "[]", "- name: x\n"] {
            let value: Value = serde_norway::from_str(text).unwrap();
            assert!(parse(&value, Path::new("x.yaml"), text).is_none(), "{text}");
        }
    }
}
