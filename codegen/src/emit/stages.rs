//! The package layout's rendering split in its two stages, for the benchmark
//! (`codegen/benches/pipeline.rs`): building token streams ([`tokens`]), then formatting them
//! into text ([`format()`]). [`Config::render`](crate::Config::render) does both at once;
//! `format(&tokens(config, ir)?)?` gives the same files but for `Cargo.toml`.

use crate::emit::{crate_root, format as fmt, inner_doc, module_name, system_module, Files};
use crate::ir::Ir;
use crate::{Config, Error, Layout};
use proc_macro2::TokenStream;
use quote::quote;

/// The package's Rust files as token streams, before formatting.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// Path relative to the package root (`src/lib.rs`, `src/cc.rs` ...) → its tokens.
    pub files: Vec<(String, TokenStream)>,
    /// How many structs and enums were emitted.
    pub type_count: usize,
    /// How many object types were emitted as aliases of a shared shape.
    pub alias_count: usize,
}

/// The emit stage alone: the Rust files of the package layout as tokens, with `config`'s
/// options (runtime path, gates, type attributes).
pub fn tokens(config: &Config, ir: &Ir) -> Result<Tokens, Error> {
    let paths = config.paths(ir, &Layout::Package)?;
    let mut out = Tokens::default();
    let systems = super::by_system(ir);
    for (system, apis) in &systems {
        let (doc, items, count) = system_module(system, apis, &paths);
        out.type_count += count.types;
        out.alias_count += count.aliases;
        let doc = inner_doc(fmt::doc_attrs(&doc));
        out.files.push((
            format!("src/{}.rs", module_name(system)),
            quote! { #doc #items },
        ));
    }
    out.files
        .push(("src/lib.rs".into(), crate_root(&systems, &paths, None)));
    Ok(out)
}

/// The format stage alone: each file's tokens parsed and pretty-printed, as
/// [`emit`](super::emit) does.
pub fn format(tokens: &Tokens) -> Result<Files, Error> {
    let mut out = Files {
        type_count: tokens.type_count,
        alias_count: tokens.alias_count,
        ..Files::default()
    };
    for (path, file) in &tokens.files {
        out.files
            .insert(path.clone(), fmt::file(file.clone()).map_err(Error::Emit)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_stages_give_what_render_gives() {
        let mut config = Config::new();
        config.input(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/update_module.md"
        ));
        let loaded = config.load_all().unwrap();
        let mut rendered = config.render(&loaded.ir).unwrap();
        rendered.files.remove("Cargo.toml");
        let staged = format(&tokens(&config, &loaded.ir).unwrap()).unwrap();
        assert_eq!(staged, rendered);
    }
}
