//! What a user adds to or leaves out of the generated code: attributes on generated types
//! (`Config::type_attribute`) and optional parts behind a [`Gate`] (`Config::roundtrip`,
//! `Config::partial_eq`, `Config::blocking`), as the emitter applies them.

use crate::matcher::Matcher;
use proc_macro2::TokenStream;
use quote::quote;

/// Whether an optional part of the generated code is there: behind a cargo feature, always, or
/// never. Used for the reverse serde derives (request types that also derive `Deserialize`,
/// response types that also derive `Serialize`: not needed by a client, and they cost compile
/// time), for `PartialEq` on generated types (likewise) and for the `blocking` client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Behind the cargo feature of this name, of the crate the code is compiled in.
    Feature(String),
    /// Always there, no feature needed.
    Always,
    /// Not generated.
    Never,
}

impl Gate {
    /// Whether the part is generated at all.
    pub fn enabled(&self) -> bool {
        *self != Gate::Never
    }

    /// The `#[cfg(feature = ...)]` to put on the part's items, if any.
    pub fn cfg(&self) -> Option<TokenStream> {
        match self {
            Gate::Feature(feature) => Some(quote!(#[cfg(feature = #feature)])),
            Gate::Always | Gate::Never => None,
        }
    }

    /// The attribute that adds `derive` (e.g. `serde::Deserialize`) under this gate, or nothing.
    pub fn derive(&self, derive: TokenStream) -> TokenStream {
        match self {
            Gate::Feature(feature) => quote!(#[cfg_attr(feature = #feature, derive(#derive))]),
            Gate::Always => quote!(#[derive(#derive)]),
            Gate::Never => TokenStream::new(),
        }
    }
}

/// Extra attributes for generated structs, each behind a [`Matcher`], in the order added.
#[derive(Debug, Clone, Default)]
pub struct TypeAttributes {
    rules: Vec<(Matcher, TokenStream)>,
}

impl TypeAttributes {
    /// Adds `attribute` (one or more outer attributes, already checked to parse) for the types
    /// `matcher` selects.
    pub fn push(&mut self, matcher: Matcher, attribute: TokenStream) {
        self.rules.push((matcher, attribute));
    }

    /// The attributes for the struct `type_name` generated for API `api` of `system`, in the
    /// order they were added.
    pub fn get(&self, system: &str, api: &str, type_name: &str) -> TokenStream {
        let mut out = TokenStream::new();
        for (matcher, attribute) in &self.rules {
            if matcher.matches_type(system, api, type_name) {
                out.extend(attribute.clone());
            }
        }
        out
    }

    /// The rules, in the order added.
    pub fn rules(&self) -> impl Iterator<Item = &(Matcher, TokenStream)> {
        self.rules.iter()
    }
}

/// Parses an attribute given as text (`#[derive(Eq, Hash)]`, or several) into tokens; `Err`
/// says why it is not one or more outer attributes.
pub fn parse_attributes(text: &str) -> Result<TokenStream, String> {
    struct Outer(Vec<syn::Attribute>);
    impl syn::parse::Parse for Outer {
        fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
            Ok(Outer(input.call(syn::Attribute::parse_outer)?))
        }
    }
    let tokens: TokenStream = text
        .parse()
        .map_err(|e| format!("`{text}` does not lex as Rust: {e}"))?;
    let Outer(attrs) = syn::parse2(tokens.clone())
        .map_err(|e| format!("`{text}` is not an outer attribute such as `#[derive(Eq)]`: {e}"))?;
    if attrs.is_empty() {
        return Err(format!(
            "`{text}` holds no attribute; write e.g. `#[derive(Eq)]`"
        ));
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_must_be_outer_attributes() {
        assert!(parse_attributes("#[derive(Eq)]").is_ok());
        assert!(parse_attributes("#[derive(Eq)] #[serde(deny_unknown_fields)]").is_ok());
        assert!(parse_attributes("derive(Eq)")
            .unwrap_err()
            .contains("outer attribute"));
        assert!(parse_attributes("#![allow(x)]").is_err());
        assert!(parse_attributes("").is_err());
        assert!(parse_attributes("#[derive(Eq)").is_err());
    }

    #[test]
    fn gates_put_parts_behind_a_feature_always_or_never() {
        let feature = Gate::Feature("roundtrip".into());
        assert_eq!(
            feature.derive(quote!(X)).to_string(),
            quote!(#[cfg_attr(feature = "roundtrip", derive(X))]).to_string()
        );
        assert_eq!(
            feature.cfg().unwrap().to_string(),
            quote!(#[cfg(feature = "roundtrip")]).to_string()
        );
        assert_eq!(
            Gate::Always.derive(quote!(X)).to_string(),
            quote!(#[derive(X)]).to_string()
        );
        assert!(Gate::Always.cfg().is_none() && Gate::Always.enabled());
        assert!(Gate::Never.derive(quote!(X)).is_empty() && !Gate::Never.enabled());
    }

    #[test]
    fn type_attributes_apply_in_order_to_what_they_match() {
        let mut attrs = TypeAttributes::default();
        attrs.push(Matcher::parse("cc").unwrap(), quote!(#[derive(Eq)]));
        attrs.push(
            Matcher::parse("cc.UpdateModuleRequest").unwrap(),
            quote!(#[derive(Hash)]),
        );
        assert_eq!(
            attrs
                .get("cc", "update_module", "UpdateModuleRequest")
                .to_string(),
            quote!(#[derive(Eq)] #[derive(Hash)]).to_string()
        );
        assert_eq!(
            attrs
                .get("cc", "update_module", "UpdateModuleRequestData")
                .to_string(),
            quote!(#[derive(Eq)]).to_string()
        );
        assert!(attrs.get("job", "x", "XRequest").is_empty());
    }
}
