//! The shape audit `verify` runs beside the round-trips: an example always round-trips through
//! types inferred from that same example, so round-trips cannot show a wrong shape. The audit
//! reads the finished IR against the examples and the diagnostics, and reports what looks
//! wrong:
//!
//! - a struct field whose wire name is data, a path or a placeholder (`10.0.0.1`, `a.b`,
//!   `key1`): the object should have been a map, or nested;
//! - a documented field no example has where its table puts it, while an example has it
//!   deeper: the table is probably attached to the wrong object;
//! - a table merged into an object that another table already documents, repeating fields.

use crate::diag::{Code, Diagnostics};
use crate::ir::{Api, Ir, Side, Ty};
use crate::keys::{self, KeyKind};
use crate::sightings::{Placement, Sightings};
use crate::vocab;
use std::fmt;
use std::path::PathBuf;

/// What kind of doubt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Doubt {
    /// A struct field named after data, a path or a placeholder.
    FieldName(KeyKind),
    /// A documented field the examples have only deeper than its table puts it.
    Misplaced,
    /// A table merged into an object another table documents, repeating fields.
    MergedTable,
}

impl fmt::Display for Doubt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Doubt::FieldName(kind) => write!(f, "field named after {}", kind.word()),
            Doubt::Misplaced => f.write_str("documented field the examples have elsewhere"),
            Doubt::MergedTable => f.write_str("table merged into an object documented twice"),
        }
    }
}

/// One doubtful shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind.
    pub doubt: Doubt,
    /// `system.api`.
    pub api: String,
    /// The doc.
    pub file: PathBuf,
    /// The line of the row, example or table.
    pub line: usize,
    /// What is doubtful, in words.
    pub what: String,
}

/// Audits every API of `ir`; `diagnostics` are those loading it reported.
pub fn audit(ir: &Ir, diagnostics: &Diagnostics) -> Vec<Finding> {
    let mut out = Vec::new();
    for api in &ir.apis {
        audit_api(api, &mut out);
        for d in diagnostics.items() {
            if d.code == Code::MergedTable && d.file == api.source {
                out.push(Finding {
                    doubt: Doubt::MergedTable,
                    api: format!("{}.{}", api.system, api.name),
                    file: api.source.clone(),
                    line: d.line,
                    what: d.message.clone(),
                });
            }
        }
    }
    out
}

fn audit_api(api: &Api, out: &mut Vec<Finding>) {
    let finding = |doubt, line, what| Finding {
        doubt,
        api: format!("{}.{}", api.system, api.name),
        file: api.source.clone(),
        line,
        what,
    };
    for obj in &api.types {
        for f in &obj.fields {
            let kind = keys::kind(&f.wire_name);
            if kind != KeyKind::Name {
                let at = path_of(&obj.path, &f.wire_name);
                out.push(finding(
                    Doubt::FieldName(kind),
                    f.line,
                    format!("struct field `{at}` is named after {}", kind.word()),
                ));
            }
        }
    }
    let mut seen = Sightings::default();
    for ex in &api.examples {
        match ex.side {
            Side::Request => {
                let mut value = ex.value.clone();
                if let Some(map) = value.as_object_mut() {
                    for c in vocab::CREDENTIALS {
                        map.shift_remove(*c);
                    }
                }
                seen.add(&api.types, &Ty::Object(api.request), &value);
            }
            Side::Response => {
                let data = match ex.value.as_object() {
                    Some(map)
                        if ["result", "code", "data"]
                            .iter()
                            .any(|k| map.contains_key(*k)) =>
                    {
                        map.get("data")
                    }
                    _ => Some(&ex.value),
                };
                if let Some(data) = data {
                    seen.add(&api.types, &api.response, data);
                }
            }
        }
    }
    for (n, obj) in api.types.iter().enumerate() {
        for (i, placement) in seen.misplaced(&api.types, crate::ir::TypeId(n)) {
            let f = &obj.fields[i];
            if let Placement::Move(owners) = placement {
                let places: Vec<String> = owners
                    .iter()
                    .map(|o| format!("`{}`", path_of(&api.types[o.0].path, &f.wire_name)))
                    .collect();
                out.push(finding(
                    Doubt::Misplaced,
                    f.line,
                    format!(
                        "`{}` is documented there, but the examples have it only at {}",
                        path_of(&obj.path, &f.wire_name),
                        places.join(", ")
                    ),
                ));
            }
        }
    }
}

fn path_of(path: &[String], field: &str) -> String {
    let mut parts = path.to_vec();
    parts.push(field.to_string());
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Auth, Example, Field, Method, Object, Origin, Route, TypeId};
    use serde_json::json;

    fn field(name: &str, ty: Ty, origin: Origin) -> Field {
        Field {
            wire_name: name.into(),
            ty,
            required: false,
            description: String::new(),
            line: 3,
            origin,
        }
    }

    fn object(path: &[&str], fields: Vec<Field>) -> Object {
        Object {
            path: path.iter().map(|p| p.to_string()).collect(),
            side: Side::Response,
            fields,
            open: true,
            description: String::new(),
            line: None,
            variants: Vec::new(),
        }
    }

    /// Shapes an example round-trips through but that are wrong: the audit names each.
    #[test]
    fn doubts_data_names_and_misplaced_fields() {
        let api = Api {
            system: "demo".into(),
            name: "x".into(),
            source: "x.md".into(),
            route: Route {
                method: Method::Post,
                path: "/x/".into(),
                auth: Auth::Esb,
            },
            description: String::new(),
            request: TypeId(0),
            response: Ty::Object(TypeId(1)),
            types: vec![
                object(&[], vec![]),
                object(
                    &["data"],
                    vec![
                        // Documented here, but the example has it inside `info`.
                        field("name", Ty::String, Origin::Table),
                        field("info", Ty::Object(TypeId(2)), Origin::Example),
                        field("10.0.0.1", Ty::Bool, Origin::Example),
                    ],
                ),
                object(
                    &["data", "info"],
                    vec![field("name", Ty::String, Origin::Example)],
                ),
            ],
            examples: vec![Example {
                side: Side::Response,
                line: 9,
                value: json!({"result": true, "data": {"info": {"name": "a"}, "10.0.0.1": true}}),
            }],
        };
        let found = audit(&Ir { apis: vec![api] }, &Diagnostics::new());
        let doubts: Vec<Doubt> = found.iter().map(|f| f.doubt).collect();
        assert_eq!(
            doubts,
            [Doubt::FieldName(KeyKind::Data), Doubt::Misplaced],
            "{found:#?}"
        );
        assert!(
            found[1].what.contains("`data.info.name`"),
            "{}",
            found[1].what
        );
    }
}
