//! A last check on every generated file before anything is written: no two items of a module
//! share a name in one namespace, no type has two methods or fields of one name, no enum two
//! variants. Naming ([`super::naming`], `crate::emit::names`) is meant to make these impossible;
//! this check does not trust it, so a naming bug is reported as an error instead of being
//! written as a package that fails `cargo check`.

use std::collections::BTreeMap;
use syn::{Fields, ImplItem, Item, UseTree};

/// Every name defined twice in the file, as `module::name (what)`; empty when none is.
pub fn duplicates(file: &syn::File) -> Vec<String> {
    let mut found = Vec::new();
    module(&file.items, "crate", &mut found);
    found
}

fn module(items: &[Item], path: &str, found: &mut Vec<String>) {
    // (namespace, name) → how many times defined
    let mut defined: BTreeMap<(&str, String), usize> = BTreeMap::new();
    let mut methods: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut define = |ns: &'static str, name: String| *defined.entry((ns, name)).or_default() += 1;
    for item in items {
        match item {
            Item::Struct(s) => {
                define("type", s.ident.to_string());
                if !matches!(s.fields, Fields::Named(_)) {
                    define("value", s.ident.to_string());
                }
                let fields = s.fields.iter().filter_map(|f| f.ident.as_ref());
                unique(
                    fields.map(|i| i.to_string()),
                    &format!("{path}::{} field", s.ident),
                    found,
                );
            }
            Item::Enum(e) => {
                define("type", e.ident.to_string());
                let variants = e.variants.iter().map(|v| v.ident.to_string());
                unique(variants, &format!("{path}::{} variant", e.ident), found);
            }
            Item::Type(t) => define("type", t.ident.to_string()),
            Item::Trait(t) => define("type", t.ident.to_string()),
            Item::Fn(f) => define("value", f.sig.ident.to_string()),
            Item::Const(c) => define("value", c.ident.to_string()),
            Item::Static(s) => define("value", s.ident.to_string()),
            Item::Use(u) => used_names(&u.tree, &mut |n| define("type", n)),
            Item::Mod(m) => {
                define("type", m.ident.to_string());
                if let Some((_, inner)) = &m.content {
                    module(inner, &format!("{path}::{}", m.ident), found);
                }
            }
            Item::Impl(i) if i.trait_.is_none() => {
                let syn::Type::Path(ty) = &*i.self_ty else {
                    continue;
                };
                let Some(last) = ty.path.segments.last() else {
                    continue;
                };
                for member in &i.items {
                    if let ImplItem::Fn(f) = member {
                        let key = (last.ident.to_string(), f.sig.ident.to_string());
                        *methods.entry(key).or_default() += 1;
                    }
                }
            }
            _ => {}
        }
    }
    for ((ns, name), n) in defined {
        if n > 1 {
            found.push(format!("{path}::{name} ({ns} defined {n} times)"));
        }
    }
    for ((ty, name), n) in methods {
        if n > 1 {
            found.push(format!("{path}::{ty}::{name} (method defined {n} times)"));
        }
    }
}

/// The names a `use` brings into scope (globs bring none we can count).
fn used_names(tree: &UseTree, define: &mut impl FnMut(String)) {
    match tree {
        UseTree::Path(p) => used_names(&p.tree, define),
        UseTree::Name(n) if n.ident != "self" => define(n.ident.to_string()),
        UseTree::Rename(r) => define(r.rename.to_string()),
        UseTree::Group(g) => g.items.iter().for_each(|t| used_names(t, define)),
        _ => {}
    }
}

fn unique(names: impl Iterator<Item = String>, what: &str, found: &mut Vec<String>) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for name in names {
        *seen.entry(name).or_default() += 1;
    }
    found.extend(
        seen.into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(name, n)| format!("{what} `{name}` ({n} times)")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str) -> Vec<String> {
        duplicates(&syn::parse_file(src).unwrap())
    }

    #[test]
    fn finds_what_rustc_would_reject() {
        assert!(check("pub struct A { x: u8 } pub type B = A; pub fn f() {}").is_empty());
        assert_eq!(
            check("pub struct A {} pub type A = u8;"),
            ["crate::A (type defined 2 times)"]
        );
        assert_eq!(
            check("pub use x as runtime; pub mod runtime {}"),
            ["crate::runtime (type defined 2 times)"]
        );
        assert_eq!(
            check("pub struct C; impl C { fn new() {} } impl C { fn new() {} }"),
            ["crate::C::new (method defined 2 times)"]
        );
        assert_eq!(
            check("pub mod m { pub struct S { a: u8, a: u16 } }"),
            ["crate::m::S field `a` (2 times)"]
        );
        assert_eq!(
            check("pub enum E { V, V }"),
            ["crate::E variant `V` (2 times)"]
        );
        assert_eq!(
            check("const X: u8 = 1; fn X() {}"),
            ["crate::X (value defined 2 times)"]
        );
    }
}
