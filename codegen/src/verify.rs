//! `verify`: proves a generated SDK against every example of its docs.
//!
//! Generates the package into a scratch folder with a round-trip program beside it, builds it
//! (warnings denied), runs every request example (without credentials) and every response
//! example (through the envelope) through the generated types, and compares what comes back
//! with what went in, forgiving only absent-vs-null and integer-vs-float.

use crate::diag::Severity;
use crate::ir::{Ir, Side};
use crate::{vocab, Config, Error};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One example's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// System.
    pub system: String,
    /// API name.
    pub api: String,
    /// Request or response.
    pub side: Side,
    /// The doc.
    pub file: PathBuf,
    /// Line of the example in the doc.
    pub line: usize,
    /// `None` when it round-tripped, else why not.
    pub failure: Option<String>,
}

/// Counts for one system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemRow {
    /// APIs generated.
    pub generated: usize,
    /// Request examples / of which round-tripped.
    pub requests: (usize, usize),
    /// Response examples / of which round-tripped.
    pub responses: (usize, usize),
    /// Warnings about its docs.
    pub warnings: usize,
    /// Errors about its docs (docs skipped).
    pub errors: usize,
}

/// What `verify` found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Every case.
    pub cases: Vec<Case>,
    /// Per system.
    pub systems: BTreeMap<String, SystemRow>,
    /// Docs found / skipped.
    pub docs: usize,
    /// Docs skipped.
    pub skipped: usize,
    /// What the shape audit doubts (see [`crate::Doubt`]).
    pub findings: Vec<crate::Finding>,
}

impl Outcome {
    /// Cases that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Case> {
        self.cases.iter().filter(|c| c.failure.is_some())
    }

    /// The report: a table per system, the failures and doubtful shapes, and
    /// `N passed, M failed, K doubtful shapes` last.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<10} {:>9} {:>17} {:>17} {:>8} {:>6}",
            "system", "generated", "requests ok/all", "responses ok/all", "warnings", "errors"
        );
        for (system, r) in &self.systems {
            let _ = writeln!(
                s,
                "{:<10} {:>9} {:>17} {:>17} {:>8} {:>6}",
                system,
                r.generated,
                format!("{}/{}", r.requests.1, r.requests.0),
                format!("{}/{}", r.responses.1, r.responses.0),
                r.warnings,
                r.errors
            );
        }
        let _ = writeln!(s, "{} docs read, {} skipped", self.docs, self.skipped);
        for c in self.failures() {
            let side = if c.side == Side::Request {
                "request"
            } else {
                "response"
            };
            let _ = writeln!(
                s,
                "FAILED {}:{} {side} example of {}.{}: {}",
                c.file.display(),
                c.line,
                c.system,
                c.api,
                c.failure.as_deref().unwrap_or("")
            );
        }
        for f in &self.findings {
            let _ = writeln!(
                s,
                "DOUBTFUL {}:{} shape in {} ({}): {}",
                f.file.display(),
                f.line,
                f.api,
                f.doubt,
                f.what
            );
        }
        let failed = self.failures().count();
        let _ = writeln!(
            s,
            "{} passed, {} failed, {} doubtful shapes",
            self.cases.len() - failed,
            failed,
            self.findings.len()
        );
        s
    }
}

impl Config {
    /// Generates the package for the inputs, builds it with a round-trip program in `work`
    /// (kept, so dependencies stay compiled between runs) and pushes every request and
    /// response example of the docs through the generated types: what `codegen verify` runs.
    ///
    /// ```no_run
    /// let outcome = codegen::Config::new().input("docs").verify("target/bkapi-verify".as_ref())?;
    /// print!("{}", outcome.render());
    /// assert_eq!(outcome.failures().count(), 0);
    /// # Ok::<(), codegen::Error>(())
    /// ```
    pub fn verify(&self, work: &Path) -> Result<Outcome, Error> {
        verify(self, work)
    }
}

fn verify(config: &Config, work: &Path) -> Result<Outcome, Error> {
    let crate::Loaded {
        ir,
        diagnostics: diags,
        skipped,
        ..
    } = config.load_all()?;
    let mut files = config.render_as(&ir, &crate::Layout::Package)?;
    let options = config.emit_options(&crate::Layout::Package)?;
    let plan = crate::emit::plan::plan(&ir, &options);
    files.files.insert(
        "src/bin/roundtrip.rs".into(),
        crate::emit::harness::roundtrip_bin(&plan, "bkapi-sdk", &options.runtime)
            .map_err(Error::Emit)?,
    );
    let manifest = files
        .files
        .get_mut("Cargo.toml")
        .expect("render writes a manifest");
    *manifest = manifest.replace(
        "[dependencies]\n",
        "[dependencies]\nserde_path_to_error = \"0.1\"\n",
    );
    let package = work.join("package");
    for (rel, content) in &files.files {
        crate::output::write_if_changed(&package.join(rel), content)?;
    }

    let cases = cases(&ir);
    let cases_path = work.join("cases.json");
    let json_cases: Vec<Value> = cases
        .iter()
        .map(|(c, v)| json!({"system": c.system, "api": c.api, "side": if c.side == Side::Request { "request" } else { "response" }, "value": v}))
        .collect();
    crate::output::write_if_changed(&cases_path, &Value::Array(json_cases).to_string())?;

    let io = |source| Error::Io {
        path: package.clone(),
        source,
    };
    let build = Command::new(cargo())
        .args([
            "build",
            "--quiet",
            "--all-features",
            "--bin",
            "roundtrip",
            "--manifest-path",
        ])
        .arg(package.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(io)?;
    if !build.status.success() {
        return Err(Error::Build(
            String::from_utf8_lossy(&build.stderr).into_owned(),
        ));
    }
    let run = Command::new(work.join("target/debug/roundtrip"))
        .arg(&cases_path)
        .output()
        .map_err(io)?;
    if !run.status.success() {
        return Err(Error::Build(format!(
            "the round-trip program failed: {}",
            String::from_utf8_lossy(&run.stderr)
        )));
    }
    let stdout = String::from_utf8_lossy(&run.stdout);
    let mut outcome = Outcome {
        docs: ir.apis.len() + skipped,
        skipped,
        findings: crate::shape_audit::audit(&ir, &diags),
        ..Outcome::default()
    };
    let mut lines = stdout.lines();
    for (mut case, sent) in cases {
        let back: Value = lines
            .next()
            .and_then(|l| serde_json::from_str(l).ok())
            .unwrap_or(Value::Null);
        case.failure = match (back.get("ok"), back.get("err")) {
            (Some(got), _) => {
                difference(&sent, got, "$").map(|d| format!("does not round-trip: {d}"))
            }
            (_, Some(err)) => Some(format!(
                "does not deserialise: {}",
                err.as_str().unwrap_or_default()
            )),
            _ => Some("no answer from the round-trip program".into()),
        };
        let row = outcome.systems.entry(case.system.clone()).or_default();
        let counts = if case.side == Side::Request {
            &mut row.requests
        } else {
            &mut row.responses
        };
        counts.0 += 1;
        counts.1 += usize::from(case.failure.is_none());
        outcome.cases.push(case);
    }
    for api in &ir.apis {
        outcome
            .systems
            .entry(api.system.clone())
            .or_default()
            .generated += 1;
    }
    let system_of: BTreeMap<&Path, &str> = ir
        .apis
        .iter()
        .map(|a| (a.source.as_path(), a.system.as_str()))
        .collect();
    for d in diags.items() {
        let system = system_of
            .get(d.file.as_path())
            .copied()
            .unwrap_or("(skipped)");
        let row = outcome.systems.entry(system.to_string()).or_default();
        match d.severity {
            Severity::Warning => row.warnings += 1,
            Severity::Error => row.errors += 1,
            Severity::Note => {}
        }
    }
    Ok(outcome)
}

fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Every example as a case: requests without credentials, responses as sent.
fn cases(ir: &Ir) -> Vec<(Case, Value)> {
    let mut out = Vec::new();
    for api in &ir.apis {
        for ex in &api.examples {
            let mut value = ex.value.clone();
            if ex.side == Side::Request {
                let Some(map) = value.as_object_mut() else {
                    continue;
                };
                for c in vocab::CREDENTIALS {
                    map.shift_remove(*c);
                }
                fill_path_fields(api, map);
            }
            let case = Case {
                system: api.system.clone(),
                api: api.name.clone(),
                side: ex.side,
                file: api.source.clone(),
                line: ex.line,
                failure: None,
            };
            out.push((case, value));
        }
    }
    out
}

/// A request example shows the body; the fields of the address's `{field}` segments travel
/// in the URL and are often left out. They are required, so a stand-in of their type is put
/// in for the round trip.
pub fn fill_path_fields(api: &crate::ir::Api, map: &mut serde_json::Map<String, Value>) {
    let root = api.object(api.request);
    for name in crate::infer::path_fields(&api.route.path) {
        if map.get(&name).is_some_and(|v| !v.is_null()) {
            continue;
        }
        let ty = root
            .fields
            .iter()
            .find(|f| f.wire_name == name)
            .map(|f| &f.ty);
        let stand_in = match ty {
            Some(crate::ir::Ty::Integer | crate::ir::Ty::Number) => json!(1),
            Some(crate::ir::Ty::Bool) => json!(true),
            _ => json!("1"),
        };
        map.insert(name, stand_in);
    }
}

/// The first difference between what was sent and what came back, as `path: sent → got`;
/// `None` when equal up to absent-vs-null and integer-vs-float.
pub fn difference(sent: &Value, got: &Value, path: &str) -> Option<String> {
    match (sent, got) {
        (Value::Number(a), Value::Number(b)) => {
            (a.as_f64() != b.as_f64()).then(|| format!("{path}: {a} → {b}"))
        }
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let x = a.get(key).unwrap_or(&Value::Null);
                let y = b.get(key).unwrap_or(&Value::Null);
                if let Some(d) = difference(x, y, &format!("{path}.{key}")) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: {} elements → {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| difference(x, y, &format!("{path}[{i}]")))
        }
        (a, b) if a == b => None,
        (a, b) => Some(format!("{path}: {} → {}", short(a), short(b))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 60 {
        format!(
            "{}…",
            &s[..s.char_indices().nth(57).map_or(s.len(), |(i, _)| i)]
        )
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::difference;
    use serde_json::json;

    #[test]
    fn forgives_only_null_vs_absent_and_int_vs_float() {
        assert_eq!(
            difference(&json!({"a": null, "b": 1}), &json!({"b": 1.0}), "$"),
            None
        );
        assert_eq!(
            difference(&json!({"a": 1}), &json!({}), "$"),
            Some("$.a: 1 → null".into())
        );
        assert_eq!(
            difference(&json!([1, 2]), &json!([1]), "$"),
            Some("$: 2 elements → 1".into())
        );
        assert_eq!(
            difference(&json!({"a": "1"}), &json!({"a": 1}), "$"),
            Some("$.a: \"1\" → 1".into())
        );
        assert_eq!(
            difference(&json!({"a": []}), &json!({"a": null}), "$"),
            Some("$.a: [] → null".into())
        );
    }
}
