//! Rust identifiers for wire names: case, keywords, leading digits, `$`, dots, dashes,
//! non-ASCII and collisions, decided in one place and deterministically.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that can only be used as raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Words that cannot even be raw identifiers.
const RESERVED: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Names a system module may not have, besides keywords: files and items the package itself
/// has (`src/lib.rs`, `src/main.rs` which cargo would build as a binary, `pub use .. as
/// runtime`, `mod blocking`), the methods of `Client` its accessor would clash with, the
/// crates the generated code names, and the package's own features.
const RESERVED_SYSTEMS: &[&str] = &[
    "lib",
    "main",
    "runtime",
    "blocking",
    "new",
    "with",
    "builder",
    "from_env",
    "clone",
    "fmt",
    "from",
    "into",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "bkapi_runtime",
    "default",
    "roundtrip",
    "partial_eq",
    "cargo",
];

/// The module, cargo feature and accessor name of a system: snake_case ASCII starting with
/// a letter, no keyword and no name the package uses itself (those get a `_` suffix: `lib`
/// → `lib_`). A name that already is one is returned unchanged, so this is idempotent.
pub fn system(raw: &str) -> String {
    let is_safe = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !s.contains("__")
            && !is_keyword(s)
            && !RESERVED.contains(&s)
            && !RESERVED_SYSTEMS.contains(&s)
    };
    if is_safe(raw) {
        return raw.to_string();
    }
    let mut s = snake(raw, "system");
    if s.starts_with('_') || s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    if !is_safe(&s) {
        s.push('_');
    }
    s
}

/// Keeps ASCII letters, digits and underscores; everything else separates words.
fn ascii_words(wire: &str) -> String {
    wire.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
}

/// A snake_case field or function name for a wire name; `fallback` is used when nothing
/// ASCII is left (a name written only in Chinese, say).
pub fn snake(wire: &str, fallback: &str) -> String {
    let mut s = ascii_words(wire).to_snake_case();
    if s.is_empty() {
        s = fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    if RESERVED.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// An UpperCamelCase type name from parts.
pub fn camel(parts: &[&str]) -> String {
    let mut s: String = parts
        .iter()
        .map(|p| ascii_words(p).to_upper_camel_case())
        .collect();
    if s.is_empty() {
        s = "Type".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("T{s}");
    }
    if RESERVED.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Whether `ident` needs the `r#` prefix.
pub fn is_keyword(ident: &str) -> bool {
    KEYWORDS.contains(&ident)
}

/// Hands out names unique within one scope, suffixing `_2`, `_3` ... (or `2`, `3` for types)
/// to later claimants in the order they ask.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A new, empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks a name as taken without claiming it (names the generator itself uses).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// Whether `name` is free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name)
    }

    /// Claims `want`, or the first free numbered variant of it.
    pub fn claim(&mut self, want: &str, sep: &str) -> String {
        let mut name = want.to_string();
        let mut n = 2;
        // `self_` and `_` make `self_2`, not `self__2` (which rustc's snake-case lint rejects).
        let stem = if sep.is_empty() {
            want
        } else {
            want.trim_end_matches(sep)
        };
        while self.taken.contains(&name) {
            name = format!("{stem}{sep}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        assert_eq!(snake("bk_biz_id", "f"), "bk_biz_id");
        assert_eq!(snake("bkBizId", "f"), "bk_biz_id");
        assert_eq!(snake("$regex", "f"), "regex");
        assert_eq!(snake("data.info", "f"), "data_info");
        assert_eq!(snake("max-surge", "f"), "max_surge");
        assert_eq!(snake("1st", "f"), "n1st");
        assert_eq!(snake("主机", "field_3"), "field_3");
        assert_eq!(snake("self", "f"), "self_");
        assert!(is_keyword(&snake("type", "f")));
    }

    #[test]
    fn system_names_are_safe_and_stable() {
        for ok in ["cc", "jobv3", "bk_log", "lib_"] {
            assert_eq!(system(ok), ok);
        }
        assert_eq!(system("CC"), "cc");
        assert_eq!(system("bk-log"), "bk_log");
        assert_eq!(system(".."), "system");
        assert_eq!(system("a\"b\nc"), "a_b_c");
        assert_eq!(system("9x"), "n9x");
        for (raw, safe) in [
            ("lib", "lib_"),
            ("runtime", "runtime_"),
            ("blocking", "blocking_"),
            ("new", "new_"),
            ("Cargo", "cargo_"),
            ("type", "type_"),
            ("self", "self_"),
        ] {
            assert_eq!(system(raw), safe, "{raw}");
            assert_eq!(system(safe), safe, "idempotent for {raw}");
        }
    }

    #[test]
    fn type_names_and_collisions() {
        assert_eq!(camel(&["update_module", "request"]), "UpdateModuleRequest");
        assert_eq!(camel(&["9lives"]), "T9lives");
        let mut scope = Scope::new();
        assert_eq!(scope.claim("a", "_"), "a");
        assert_eq!(scope.claim("a", "_"), "a_2");
        assert_eq!(scope.claim("a", "_"), "a_3");
    }
}
