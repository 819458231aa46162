//! Overrides for docs that are simply wrong: the type of one field, set by the user
//! ([`crate::Config::field_type`], or `--overrides FILE` on the command line).
//!
//! A target is `<system>.<api>.<request|response>.<field path>`; the path steps through
//! objects by wire name, lists and maps being transparent (`cc.search_host.response.info.host`
//! is field `host` of the elements of `info`). The type is any type word the vocabulary knows
//! (`int`, `string[]`, `string map` ...) or `map<T>`.

use crate::diag::{Code, Diagnostics, Severity};
use crate::error::ConfigError;
use crate::ir::{Api, Ir, Origin, Ty};
use crate::vocab::{self, TypeWord};
use std::path::PathBuf;

/// One override, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// `<system>.<api>.<request|response>.<path>`.
    pub target: String,
    /// The type word.
    pub word: String,
    /// The file and line it was read from (`--overrides`), for the unused-override warning.
    pub from: Option<(PathBuf, usize)>,
}

/// The type a type word of an override stands for; `None` when the vocabulary does not know it.
pub fn ty_of(word: &str) -> Option<Ty> {
    let w = word.trim();
    if let Some(inner) = w
        .strip_prefix("map<")
        .or_else(|| w.strip_prefix("Map<"))
        .and_then(|r| r.strip_suffix('>'))
    {
        return Some(Ty::Map(Box::new(ty_of(inner)?)));
    }
    vocab::type_word(w).map(|t| from_word(&t))
}

fn from_word(word: &TypeWord) -> Ty {
    match word {
        TypeWord::Any => Ty::Any,
        TypeWord::Bool => Ty::Bool,
        TypeWord::Integer => Ty::Integer,
        TypeWord::Number => Ty::Number,
        TypeWord::String => Ty::String,
        // An object the override does not describe: any keys, kept.
        TypeWord::Object => Ty::Map(Box::new(Ty::Any)),
        TypeWord::Map(inner) => Ty::Map(Box::new(from_word(inner))),
        TypeWord::Array(inner) => Ty::Array(Box::new(from_word(inner))),
    }
}

/// Checks an override's target and word when it is given.
pub fn check(target: &str, word: &str) -> Result<(), ConfigError> {
    let parts: Vec<&str> = target.split('.').collect();
    let sides_ok = parts.len() >= 4 && matches!(parts[2], "request" | "response");
    if !sides_ok || parts.iter().any(|p| p.trim().is_empty()) {
        return Err(ConfigError::BadOverride(format!(
            "`{target}` is not `<system>.<api>.<request|response>.<field path>`"
        )));
    }
    if ty_of(word).is_none() {
        return Err(ConfigError::BadOverride(format!(
            "`{word}` (for `{target}`) is not a type word: write int, string, bool, object, string[], string map, map<int> ..."
        )));
    }
    Ok(())
}

/// Applies the overrides to `ir`; warns about those that matched no field.
pub fn apply(ir: &mut Ir, overrides: &[Override], sink: &mut Diagnostics) {
    for o in overrides {
        let applied = apply_one(ir, o);
        if !applied {
            let (file, line) = o
                .from
                .clone()
                .unwrap_or_else(|| (PathBuf::from("Config::field_type"), 0));
            sink.report(
                Severity::Warning,
                Code::UnusedOverride,
                &file,
                line,
                format!("the override of `{}` matches no field", o.target),
                Some("check the system, API and field names: `codegen ir` prints them"),
            );
        }
    }
}

fn apply_one(ir: &mut Ir, o: &Override) -> bool {
    let parts: Vec<&str> = o.target.split('.').collect();
    let (Some(ty), [system, api, side, path @ ..]) = (ty_of(&o.word), parts.as_slice()) else {
        return false;
    };
    let Some(api) = ir
        .apis
        .iter_mut()
        .find(|a| a.system == *system && a.name == *api)
    else {
        return false;
    };
    let root = match *side {
        "request" => Ty::Object(api.request),
        _ => api.response.clone(),
    };
    set(api, root, path, ty)
}

/// Sets the type of the field `path` leads to from `root`.
fn set(api: &mut Api, root: Ty, path: &[&str], ty: Ty) -> bool {
    let Some((last, steps)) = path.split_last() else {
        return false;
    };
    let mut at = root;
    for step in steps {
        let Some(id) = at.object() else {
            return false;
        };
        let Some(f) = api.types[id.0].fields.iter().find(|f| f.wire_name == *step) else {
            return false;
        };
        at = f.ty.clone();
    }
    let Some(id) = at.object() else {
        return false;
    };
    let Some(f) = api.types[id.0]
        .fields
        .iter_mut()
        .find(|f| f.wire_name == *last)
    else {
        return false;
    };
    f.ty = ty;
    f.origin = Origin::Override;
    true
}

/// Reads an overrides file (TOML): a `[field_type]` table of `"<target>" = "<type word>"`.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Override>, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::BadOverride(format!("{}: {e}", path.display())))?;
    let doc: toml::Table = text
        .parse()
        .map_err(|e| ConfigError::BadOverride(format!("{}: {e}", path.display())))?;
    let mut out = Vec::new();
    for (key, value) in &doc {
        let Some(table) = value.as_table().filter(|_| key == "field_type") else {
            return Err(ConfigError::BadOverride(format!(
                "{}: unknown section `{key}`; overrides go in a `[field_type]` table",
                path.display()
            )));
        };
        for (target, word) in table {
            let Some(word) = word.as_str() else {
                return Err(ConfigError::BadOverride(format!(
                    "{}: the type of `{target}` is not a string",
                    path.display()
                )));
            };
            check(target, word)?;
            let line = line_of(&text, target);
            out.push(Override {
                target: target.clone(),
                word: word.to_string(),
                from: Some((path.to_path_buf(), line)),
            });
        }
    }
    Ok(out)
}

/// The line of the file that names `target` (1 when it cannot be told).
fn line_of(text: &str, target: &str) -> usize {
    text.lines()
        .position(|l| l.contains(target))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_words() {
        assert_eq!(ty_of("int"), Some(Ty::Integer));
        assert_eq!(ty_of("map<string>"), Some(Ty::Map(Box::new(Ty::String))));
        assert_eq!(
            ty_of("map<int[]>"),
            Some(Ty::Map(Box::new(Ty::Array(Box::new(Ty::Integer)))))
        );
        assert_eq!(ty_of("object"), Some(Ty::Map(Box::new(Ty::Any))));
        assert_eq!(ty_of("banana"), None);
    }

    #[test]
    fn targets_are_checked() {
        assert!(check("cc.search_host.response.info", "int").is_ok());
        assert!(check("cc.search_host.info", "int").is_err());
        assert!(check("cc.search_host.reply.info", "int").is_err());
        assert!(check("cc.search_host.request..a", "int").is_err());
        assert!(check("cc.search_host.request.a", "banana").is_err());
    }
}
