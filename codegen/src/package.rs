//! The files around the generated modules that make a Cargo package: its manifest.

use crate::ConfigError;
use std::collections::BTreeSet;
use std::fmt::Write;

/// How the generated package depends on the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDep {
    /// `bkapi-runtime.workspace = true`: the package is a member of a workspace that declares it.
    Workspace,
    /// A dependency spec written verbatim, e.g. `{ path = "/x/runtime" }` or `"0.1"`.
    Spec(String),
}

impl Default for RuntimeDep {
    /// A path dependency on the runtime crate this codegen was built beside.
    fn default() -> Self {
        let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        let runtime = runtime.canonicalize().unwrap_or(runtime);
        RuntimeDep::Spec(format!("{{ path = {:?} }}", runtime.display().to_string()))
    }
}

/// Settings for the manifest.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Package name.
    pub name: String,
    /// Runtime dependency.
    pub runtime: RuntimeDep,
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
        RuntimeDep::Workspace => s.push_str(
            "bkapi-runtime.workspace = true\nserde.workspace = true\nserde_json.workspace = true\n",
        ),
        RuntimeDep::Spec(spec) => {
            let _ = writeln!(s, "bkapi-runtime = {spec}");
            s.push_str("serde = { version = \"1\", features = [\"derive\"] }\nserde_json = { version = \"1\", features = [\"preserve_order\"] }\n");
        }
    }
    if !m.in_workspace {
        s.push_str("\n[workspace]\n");
    }
    s
}
