//! The files around the generated modules that make a Cargo package: its manifest.

use crate::ConfigError;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// How the generated package depends on the runtime crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RuntimeDep {
    /// A path dependency on the runtime crate this codegen was built beside, written relative
    /// to the output folder (`{ path = "../runtime" }`), so the package keeps building, and
    /// `--check` keeps passing, in any clone or copy that moves both together. An absolute
    /// path only when the output folder is not known or shares no root with the runtime.
    #[default]
    Local,
    /// `bkapi-runtime.workspace = true`: the package is a member of a workspace that declares it.
    Workspace,
    /// A dependency spec written verbatim, e.g. `{ git = "https://...", tag = "v0.1.0" }`,
    /// `{ path = "../bkapi/runtime" }` or, once published, `"0.1"`.
    Spec(String),
}

/// The runtime crate beside this codegen's sources.
fn local_runtime() -> PathBuf {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    runtime.canonicalize().unwrap_or(runtime)
}

/// The dependency spec of `dep` for a package written to `out` (when known).
pub fn runtime_spec(dep: &RuntimeDep, out: Option<&Path>) -> Option<String> {
    match dep {
        RuntimeDep::Workspace => None,
        RuntimeDep::Spec(spec) => Some(spec.clone()),
        RuntimeDep::Local => {
            let runtime = local_runtime();
            let path = out
                .and_then(|out| relative(&absolute(out), &runtime))
                .unwrap_or(runtime);
            // Forward slashes read the same on every platform cargo runs on.
            let text = path.to_string_lossy().replace('\\', "/");
            Some(format!("{{ path = {} }}", toml_string(&text)))
        }
    }
}

/// `path` made absolute and free of `.`/`..` where the file system can tell (it may not exist
/// yet: its longest existing ancestor is resolved and the rest appended).
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // `.` and `..` in a part that does not exist yet cannot be resolved by the file system.
    let mut lexical = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    let path = lexical;
    let mut missing = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return missing.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// The path that leads from the folder `from` to `to` (both absolute), if they share a root.
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    if from.first() != to.first() {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to[common..] {
        out.push(part);
    }
    Some(out)
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Settings for the manifest.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Package name.
    pub name: String,
    /// The runtime dependency's spec; `None`: the enclosing workspace's.
    pub runtime: Option<String>,
    /// Whether the package is part of an enclosing workspace (else it declares its own, so
    /// `cargo build --manifest-path DIR/Cargo.toml` works wherever DIR is).
    pub in_workspace: bool,
    /// The feature that adds the reverse serde derives, if they are behind one.
    pub roundtrip_feature: Option<String>,
    /// The feature that adds `PartialEq` to every generated type, if it is behind one.
    pub partial_eq_feature: Option<String>,
    /// The feature that adds the blocking client, if it is behind one.
    pub blocking_feature: Option<String>,
}

/// Whether `name` can be a cargo package name: ASCII letters, digits, `-` and `_`, starting
/// with a letter, at most 64 characters.
pub fn is_package_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// Checks what the manifest would write unquoted or as keys: the package name, and feature
/// names that are valid and distinct (a gate's feature named like a system would make a
/// `Cargo.toml` with a key twice).
pub fn check(m: &Manifest, systems: &BTreeSet<String>) -> Result<(), ConfigError> {
    if !is_package_name(&m.name) {
        return Err(ConfigError::PackageName {
            name: m.name.clone(),
        });
    }
    let mut seen: BTreeSet<&str> = systems.iter().map(String::as_str).collect();
    seen.insert("default");
    let gates = [
        &m.roundtrip_feature,
        &m.partial_eq_feature,
        &m.blocking_feature,
    ];
    for feature in gates.into_iter().flatten() {
        let valid = feature.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && feature
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
        if !valid {
            return Err(ConfigError::FeatureName {
                name: feature.clone(),
            });
        }
        if !seen.insert(feature) {
            return Err(ConfigError::FeatureTaken {
                name: feature.clone(),
            });
        }
    }
    Ok(())
}

/// Writes `Cargo.toml` for a package with these systems as features (all on by default).
pub fn manifest(m: &Manifest, systems: &BTreeSet<String>) -> String {
    let mut s = crate::emit::format::HEADER.replace("// ", "# ");
    let edition = if m.in_workspace {
        "edition.workspace = true"
    } else {
        "edition = \"2021\""
    };
    let _ = write!(
        s,
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\n{edition}\npublish = false\ndescription = \"Typed BlueKing API clients generated from Markdown docs\"\n\n",
        m.name
    );
    s.push_str("[features]\n");
    let all: Vec<String> = systems.iter().map(|s| format!("\"{s}\"")).collect();
    let _ = writeln!(s, "default = [{}]", all.join(", "));
    if let Some(feature) = &m.roundtrip_feature {
        let _ = writeln!(s, "# Derives Deserialize on request types and Serialize on response types (for tests and verify).\n{feature} = []");
    }
    if let Some(feature) = &m.partial_eq_feature {
        let _ = writeln!(s, "# Derives PartialEq on every generated type (for tests that compare values; it costs compile time).\n{feature} = []");
    }
    if let Some(feature) = &m.blocking_feature {
        let _ = writeln!(s, "# `blocking::Client`: the same API without async, for scripts.\n{feature} = [\"bkapi-runtime/blocking\"]");
    }
    for system in systems {
        let _ = writeln!(s, "{system} = []");
    }
    s.push_str("\n[dependencies]\n");
    match &m.runtime {
        None => s.push_str(
            "bkapi-runtime.workspace = true\nserde.workspace = true\nserde_json.workspace = true\n",
        ),
        Some(spec) => {
            let _ = writeln!(s, "bkapi-runtime = {spec}");
            s.push_str("serde = { version = \"1\", features = [\"derive\"] }\nserde_json = { version = \"1\", features = [\"preserve_order\"] }\n");
        }
    }
    if !m.in_workspace {
        s.push_str("\n[workspace]\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_runtime_is_named_relative_to_the_output() {
        let root = local_runtime().parent().unwrap().to_path_buf();
        let spec = |out: &Path| runtime_spec(&RuntimeDep::Local, Some(out)).unwrap();
        assert_eq!(spec(&root.join("sdk")), r#"{ path = "../runtime" }"#);
        assert_eq!(
            spec(&root.join("target/x/sdk")),
            r#"{ path = "../../../runtime" }"#
        );
        // Spelled differently, the same folder gives the same text.
        assert_eq!(
            spec(&root.join("target/./y/../x/sdk")),
            spec(&root.join("target/x/sdk"))
        );
        assert!(runtime_spec(&RuntimeDep::Local, None)
            .unwrap()
            .contains(&*root.to_string_lossy()));
        assert_eq!(runtime_spec(&RuntimeDep::Workspace, None), None);
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(toml_string("x\ny"), r#""x\u000Ay""#);
    }
}
