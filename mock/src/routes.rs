//! Finds the API a request is for: by method and path, `{field}` segments matching any
//! value, a trailing slash optional (clients differ), a literal segment preferred over a
//! template.

use crate::spec::Api;

/// The APIs by route.
#[derive(Debug)]
pub struct Routes {
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    method: String,
    segments: Vec<Segment>,
    api: usize,
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    Field(String),
}

/// An API a request matched, with the values of its path's `{field}` segments.
#[derive(Debug, PartialEq, Eq)]
pub struct Matched {
    /// Index of the API in the spec.
    pub api: usize,
    /// `(field, value)` for each template segment.
    pub params: Vec<(String, String)>,
}

impl Routes {
    /// The routes of `apis`.
    pub fn new(apis: &[Api]) -> Routes {
        let entries = apis
            .iter()
            .enumerate()
            .map(|(i, api)| Entry {
                method: api.route.method.to_ascii_uppercase(),
                segments: segments(&api.route.path)
                    .map(
                        |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                            Some(field) => Segment::Field(field.to_string()),
                            None => Segment::Literal(s.to_string()),
                        },
                    )
                    .collect(),
                api: i,
            })
            .collect();
        Routes { entries }
    }

    /// The API `method path` is for, if any.
    pub fn find(&self, method: &str, path: &str) -> Option<Matched> {
        let wanted: Vec<&str> = segments(path).collect();
        let mut best: Option<(usize, &Entry)> = None;
        for e in &self.entries {
            if !e.method.eq_ignore_ascii_case(method) {
                continue;
            }
            if let Some(literals) = e.fits(&wanted) {
                if best.is_none_or(|(n, _)| literals > n) {
                    best = Some((literals, e));
                }
            }
        }
        best.map(|(_, e)| Matched {
            api: e.api,
            params: e.params(&wanted),
        })
    }

    /// The methods some API answers at `path`, sorted (for `Allow`).
    pub fn methods_at(&self, path: &str) -> Vec<&str> {
        let wanted: Vec<&str> = segments(path).collect();
        let mut methods: Vec<&str> = self
            .entries
            .iter()
            .filter(|e| e.fits(&wanted).is_some())
            .map(|e| e.method.as_str())
            .collect();
        methods.sort_unstable();
        methods.dedup();
        methods
    }
}

impl Entry {
    /// How many literal segments match, if the path fits this route.
    fn fits(&self, wanted: &[&str]) -> Option<usize> {
        if self.segments.len() != wanted.len() {
            return None;
        }
        let mut literals = 0;
        for (s, w) in self.segments.iter().zip(wanted) {
            if let Segment::Literal(l) = s {
                if l != w {
                    return None;
                }
                literals += 1;
            }
        }
        Some(literals)
    }

    /// The values of the template segments of a path that fits.
    fn params(&self, wanted: &[&str]) -> Vec<(String, String)> {
        let fields = self.segments.iter().zip(wanted);
        fields
            .filter_map(|(s, w)| match s {
                Segment::Field(f) => Some((f.clone(), decode(w))),
                Segment::Literal(_) => None,
            })
            .collect()
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// A path segment with its `%XX` escapes decoded.
fn decode(segment: &str) -> String {
    form_urlencoded::parse(format!("x={}", segment.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| segment.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Spec;

    fn routes() -> Routes {
        let api = |name: &str, method: &str, path: &str| {
            serde_json::json!({
                "system": "s", "name": name, "request": 0,
                "route": {"method": method, "path": path, "auth": "gateway"},
                "response": {"kind": "any"}, "types": [{"fields": [], "open": true}]
            })
        };
        let spec = Spec::from_value(serde_json::json!({"apis": [
            api("by_id", "GET", "/api/v3/host/{bk_host_id}/"),
            api("mine", "GET", "/api/v3/host/mine/"),
            api("create", "POST", "/api/c/compapi/v2/cc/create/"),
        ]}))
        .unwrap();
        Routes::new(&spec.apis)
    }

    #[test]
    fn literal_segments_win_and_templates_capture() {
        let r = routes();
        assert_eq!(r.find("GET", "/api/v3/host/mine/").unwrap().api, 1);
        let m = r.find("get", "/api/v3/host/a%20b").unwrap();
        assert_eq!(
            (m.api, m.params),
            (0, vec![("bk_host_id".into(), "a b".into())])
        );
        assert_eq!(
            r.find("POST", "/api/c/compapi/v2/cc/create").unwrap().api,
            2
        );
        assert!(r.find("GET", "/api/c/compapi/v2/cc/create/").is_none());
        assert_eq!(r.methods_at("/api/c/compapi/v2/cc/create/"), ["POST"]);
        assert_eq!(r.methods_at("/api/v3/host/7"), ["GET"]);
        assert!(r.methods_at("/api/v3/").is_empty());
        assert!(r.find("POST", "/api/v3/host/1/2/").is_none());
    }
}
