//! API-gateway resource files: swagger 2.0 whose operations' `operationId`s are the docs'
//! file stems.
//!
//! ```yaml
//! swagger: '2.0'
//! basePath: /
//! paths:
//!   /api/v3/biz/search/{bk_supplier_account}:
//!     post:
//!       operationId: search_business
//!       x-bk-apigateway-resource: { ... }   # gateway settings: ignored
//! ```
//!
//! The file is read leniently: keys other than HTTP methods, and operations without an
//! `operationId`, are skipped.

use super::route_file::{line_of, most_common, Entry, Problem, RouteFile};
use crate::diag::Code;
use crate::ir::{Auth, Method, Route};
use serde_norway::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The file-name prefix of BlueKing gateway resource files: `bk_apigw_resources_<gateway>.yaml`.
pub const FILE_PREFIX: &str = "bk_apigw_resources_";

/// Reads a gateway resource file; `None` when the value is not one (no `paths` mapping, or no
/// operation with an `operationId` and no `swagger` key).
pub fn parse(value: &Value, path: &Path, text: &str) -> Option<(RouteFile, Vec<Problem>)> {
    let paths = value.get("paths")?.as_mapping()?;
    let base = value
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("/")
        .trim()
        .trim_end_matches('/');
    let system = system_of_file(path);
    let mut entries = BTreeMap::new();
    let mut problems = Vec::new();
    for (route_path, ops) in paths {
        let (Some(route_path), Some(ops)) = (route_path.as_str(), ops.as_mapping()) else {
            continue;
        };
        for (key, op) in ops {
            let Some(key) = key.as_str() else { continue };
            // YAML reads `operationId: 12345` as a number; it is a name all the same.
            let id = op.get("operationId").and_then(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            let id = id.as_deref().filter(|s| !s.is_empty());
            let Some(method) = Method::parse(key) else {
                // `parameters`, `x-...` extensions and the like are not operations.
                if let Some(id) = id {
                    problems.push(Problem {
                        code: Code::UnknownMethod,
                        line: line_of(text, "operationId", id),
                        message: format!("operation `{id}` has method `{key}`, which no client can call; its doc must give its own route"),
                        hint: Some("use get, post, put, delete or patch"),
                    });
                }
                continue;
            };
            let Some(id) = id else { continue };
            let line = line_of(text, "operationId", id);
            if entries.contains_key(id) {
                problems.push(Problem {
                    code: Code::DuplicateApi,
                    line,
                    message: format!(
                        "operationId `{id}` is used by more than one operation; the first is used"
                    ),
                    hint: Some("give every operation its own operationId"),
                });
                continue;
            }
            let route = Route {
                method,
                // `basePath: /stage/` and `api/v1/x` join with one slash.
                path: format!("{base}/{}", route_path.trim().trim_start_matches('/')),
                auth: Auth::Gateway,
            };
            entries.insert(
                id.to_string(),
                Entry {
                    name: id.to_string(),
                    system: system.clone(),
                    route: Some(route),
                    line,
                },
            );
        }
    }
    if entries.is_empty() && value.get("swagger").is_none() {
        return None;
    }
    let system = most_common(entries.values().map(|e| e.system.as_str())).or(Some(system));
    Some((
        RouteFile {
            path: path.to_path_buf(),
            system,
            entries,
            convention: None,
        },
        problems,
    ))
}

/// The system of a resource file: the gateway named in its file name without a `bk-` prefix
/// (`bk_apigw_resources_bk-cmdb.yaml` → `cmdb`), else the name of its folder, made a
/// snake_case word.
pub fn system_of_file(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let gateway = match stem.strip_prefix(FILE_PREFIX) {
        Some(g) if !g.is_empty() => g,
        _ => path
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .unwrap_or("api"),
    };
    let gateway = gateway
        .strip_prefix("bk-")
        .or_else(|| gateway.strip_prefix("bk_"))
        .unwrap_or(gateway);
    let word: String = gateway
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let word = word.trim_matches('_');
    if word.is_empty() {
        "api".into()
    } else {
        word.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESOURCES: &str = "swagger: '2.0'
basePath: /
info:
  title: API Gateway Resources
paths:
  /api/v3/biz/search/{bk_supplier_account}:
    post:
      operationId: search_business
      description: x
      x-bk-apigateway-resource:
        isPublic: true
        backend:
          method: post
          path: /api/v3/biz/search/{bk_supplier_account}
  /api/v3/set/{bk_biz_id}:
    parameters: []
    delete:
      operationId: delete_set
    put:
      operationId: update_set
    any:
      operationId: proxy_set
    get:
      description: no id
";

    #[test]
    fn reads_operations() {
        let value: Value = serde_norway::from_str(RESOURCES).unwrap();
        let (file, problems) = parse(
            &value,
            Path::new("gw/bk_apigw_resources_bk-cmdb.yaml"),
            RESOURCES,
        )
        .unwrap();
        assert_eq!(file.system.as_deref(), Some("cmdb"));
        let names: Vec<&str> = file.entries.keys().map(String::as_str).collect();
        assert_eq!(names, ["delete_set", "search_business", "update_set"]);
        let search = &file.entries["search_business"];
        assert_eq!(
            search.route,
            Some(Route {
                method: Method::Post,
                path: "/api/v3/biz/search/{bk_supplier_account}".into(),
                auth: Auth::Gateway
            })
        );
        assert_eq!(search.line, 8);
        assert_eq!(
            file.entries["delete_set"].route.as_ref().map(|r| r.method),
            Some(Method::Delete)
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].code, problems[0].line),
            (Code::UnknownMethod, 22)
        );
    }

    #[test]
    fn paths_join_with_one_slash_and_numeric_ids_are_names() {
        let text = "swagger: '2.0'\nbasePath: /stage/\npaths:\n  api/v1/x:\n    get:\n      operationId: 12345\n";
        let value: Value = serde_norway::from_str(text).unwrap();
        let (file, problems) =
            parse(&value, Path::new("bk_apigw_resources_demo.yaml"), text).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let route = file.entries["12345"].route.as_ref().unwrap();
        assert_eq!(route.path, "/stage/api/v1/x");
    }

    #[test]
    fn base_path_is_prefixed() {
        let text =
            "swagger: '2.0'\nbasePath: /prod/\npaths:\n  /x:\n    get:\n      operationId: x\n";
        let value: Value = serde_norway::from_str(text).unwrap();
        let (file, _) = parse(&value, Path::new("bk_apigw_resources_demo.yaml"), text).unwrap();
        assert_eq!(file.entries["x"].route.as_ref().unwrap().path, "/prod/x");
        assert_eq!(file.system.as_deref(), Some("demo"));
    }

    #[test]
    fn systems_of_files() {
        assert_eq!(
            system_of_file(Path::new("a/bk_apigw_resources_bk-cmdb.yaml")),
            "cmdb"
        );
        assert_eq!(
            system_of_file(Path::new("a/bk_apigw_resources_bk-job.yml")),
            "job"
        );
        assert_eq!(
            system_of_file(Path::new("bk-user-open/resources.yaml")),
            "user_open"
        );
    }

    #[test]
    fn other_yaml_is_not_a_resource_file() {
        for text in [
            "paths: []\n",
            "paths:\n  /x:\n    get:\n      summary: y\n",
            "- a\n",
        ] {
            let value: Value = serde_norway::from_str(text).unwrap();
            assert!(parse(&value, Path::new("x.yaml"), text).is_none(), "{text}");
        }
    }
}
