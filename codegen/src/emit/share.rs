//! Shapes shared across the APIs of one system: an object whose generated struct (or enum) would
//! be identical to one emitted earlier in the module becomes `pub type Name = Earlier;`.
//!
//! `infer` already merges objects of the same shape within one API ([`crate::infer::share`]);
//! here the same is done across the APIs of a system module, after naming, since what is
//! emitted is what must be equal. BlueKing systems repeat their shapes a lot (a CMDB host, a
//! `page`, a filter rule appear in dozens of APIs), and each struct costs compile time in
//! its serde derives; an alias costs nearly nothing. Every type keeps its public name and its
//! own doc.
//!
//! Two objects are the same when everything that decides the emitted item but names and docs
//! is: side (derives), openness (the catch-all map), each field's wire name, requiredness, type
//! (object references compared by their canonical object) and whether it is boxed, whether a
//! response object is a union variant (its required fields then stay required), and a union's
//! variants with their names. Repeated until nothing changes, since merged children make
//! parents equal. The canonical object of a shape is the first in emission order (APIs by name,
//! then objects by id), so the output does not depend on the order of the inputs. Objects that
//! a [`Config::type_attribute`](crate::Config::type_attribute) matcher selects are never shared,
//! either way: an alias cannot carry attributes, and the canonical struct would carry them for
//! every alias.

use super::plan::ApiPlan;
use crate::ir::{Side, Ty, TypeId};
use std::collections::BTreeMap;

/// What decides an object's emitted item apart from the objects it refers to: side,
/// openness, union membership, each field's wire name, requiredness and boxing, the variants'
/// names. Fixed across rounds.
#[derive(PartialEq, Eq, Hash)]
struct Fixed<'a> {
    side: Side,
    open: bool,
    member: bool,
    fields: Vec<(&'a str, bool, bool)>,
    variants: &'a [String],
}

/// An object's whole shape: its fixed part, then its children's types with object references
/// as their current canonical object (in the system-wide index space).
#[derive(PartialEq, Eq, Hash)]
struct Shape<'a> {
    fixed: &'a Fixed<'a>,
    children: Vec<Ty>,
}

/// For each API of a system (in the order given, which is emission order) the objects emitted
/// as an alias, each with the name of the struct or enum it aliases. Names, layouts and user
/// attributes come from the plan being built.
pub fn aliases(apis: &[ApiPlan]) -> Vec<BTreeMap<TypeId, String>> {
    // Objects of all APIs in one index space: API `a`'s object `i` is `offsets[a] + i`.
    let mut offsets = Vec::with_capacity(apis.len());
    let mut total = 0;
    for api in apis {
        offsets.push(total);
        total += api.api.types.len();
    }
    // (api, id) of every global index.
    let owner: Vec<(usize, TypeId)> = apis
        .iter()
        .enumerate()
        .flat_map(|(a, api)| (0..api.api.types.len()).map(move |i| (a, TypeId(i))))
        .collect();
    // Types a `type_attribute` selects are never shared.
    let fixed: Vec<Option<Fixed>> = owner
        .iter()
        .map(|&(a, id)| {
            apis[a].attributes[id.0]
                .is_empty()
                .then(|| fixed_part(&apis[a], id))
        })
        .collect();

    let rep = crate::shapes::representatives(total, |g, rep| {
        let (a, id) = owner[g];
        let fixed = fixed[g].as_ref()?;
        let offset = offsets[a];
        let children = apis[a]
            .object(id)
            .children()
            .map(|ty| {
                let mut ty = ty.clone();
                ty.remap_object(|child| TypeId(rep[offset + child.0]));
                ty
            })
            .collect();
        Some(Shape { fixed, children })
    });

    let mut out = vec![BTreeMap::new(); apis.len()];
    for (g, &(a, id)) in owner.iter().enumerate() {
        if rep[g] != g {
            let (ra, rid) = owner[rep[g]];
            out[a].insert(id, apis[ra].names.types[&rid].clone());
        }
    }
    out
}

fn fixed_part<'a>(api: &'a ApiPlan, id: TypeId) -> Fixed<'a> {
    let obj = api.object(id);
    let layout = &api.layouts[id.0];
    Fixed {
        side: obj.side,
        open: obj.open,
        member: obj.side == Side::Response && layout.member,
        fields: obj
            .fields
            .iter()
            .zip(&layout.boxed)
            .map(|(f, boxed)| (f.wire_name.as_str(), f.required, *boxed))
            .collect(),
        variants: &layout.variants,
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::attrs::{Gate, TypeAttributes};
    use crate::emit::{emit, Options};
    use crate::ir::{Api, Auth, Field, Ir, Method, Object, Origin, Route, Side, Ty, TypeId};
    use crate::Matcher;
    use quote::quote;

    fn f(name: &str, ty: Ty, required: bool) -> Field {
        Field {
            wire_name: name.into(),
            ty,
            required,
            description: format!("about {name}"),
            line: 1,
            origin: Origin::Table,
        }
    }

    fn obj(path: &[&str], side: Side, fields: Vec<Field>) -> Object {
        Object {
            path: path.iter().map(|s| s.to_string()).collect(),
            side,
            fields,
            open: false,
            description: String::new(),
            line: None,
            variants: Vec::new(),
        }
    }

    /// An API whose request is `{<id>: int, filter: {rule: {field: string, value: int}}}`, with
    /// `rule.value` required or not, and whose response `data` is `response`'s fields, if any.
    fn api(name: &str, id: &str, value_required: bool, response: Option<Vec<Field>>) -> Api {
        let mut types = vec![
            obj(
                &[],
                Side::Request,
                vec![
                    f(id, Ty::Integer, true),
                    f("filter", Ty::Object(TypeId(1)), false),
                ],
            ),
            obj(
                &["filter"],
                Side::Request,
                vec![f("rule", Ty::Object(TypeId(2)), true)],
            ),
            obj(
                &["filter", "rule"],
                Side::Request,
                vec![
                    f("field", Ty::String, true),
                    f("value", Ty::Integer, value_required),
                ],
            ),
        ];
        let response = match response {
            Some(fields) => {
                types.push(obj(&["data"], Side::Response, fields));
                Ty::Object(TypeId(3))
            }
            None => Ty::Any,
        };
        Api {
            system: "sys".into(),
            name: name.into(),
            source: format!("{name}.md").into(),
            route: Route {
                method: Method::Post,
                path: format!("/api/{name}/"),
                auth: Auth::Esb,
            },
            description: String::new(),
            request: TypeId(0),
            response,
            types,
            examples: Vec::new(),
        }
    }

    fn paths(attributes: &[(&str, &str)]) -> Options {
        let mut type_attributes = TypeAttributes::default();
        for (matcher, attribute) in attributes {
            type_attributes.push(Matcher::parse(matcher).unwrap(), attribute.parse().unwrap());
        }
        Options {
            runtime: quote!(bkapi_runtime),
            roundtrip: Gate::Never,
            partial_eq: Gate::Never,
            blocking: Gate::Never,
            type_attributes,
            include: None,
        }
    }

    /// The module's text, its struct and enum count and its alias count.
    fn render(apis: Vec<Api>, paths: &Options) -> (String, usize, usize) {
        let files = emit(&Ir { apis }, paths).unwrap();
        (
            files.files["src/sys.rs"].clone(),
            files.type_count,
            files.alias_count,
        )
    }

    #[test]
    fn the_same_nested_shape_in_two_apis_is_one_struct_and_an_alias() {
        // Given in reverse order: emission order (by API name) decides which one is the struct.
        let (text, types, aliases) = render(
            vec![
                api("b_two", "b_id", true, None),
                api("a_one", "a_id", true, None),
            ],
            &paths(&[]),
        );
        assert!(text.contains("pub struct AOneRequestRule {"), "{text}");
        assert!(text.contains("pub struct AOneRequestFilter {"), "{text}");
        // The rule is equal at once; the filter once its rule is merged.
        assert!(text.contains("/// `filter.rule` of `b_two`.\n///\n/// Same shape as [`AOneRequestRule`].\npub type BTwoRequestRule = AOneRequestRule;"), "{text}");
        assert!(
            text.contains("pub type BTwoRequestFilter = AOneRequestFilter;"),
            "{text}"
        );
        // The roots differ (`a_id`, `b_id`) and keep their structs.
        assert!(
            text.contains("pub struct AOneRequest {") && text.contains("pub struct BTwoRequest {"),
            "{text}"
        );
        assert_eq!((types, aliases), (4, 2));
        // The same bytes whatever the order of the APIs.
        let (again, _, _) = render(
            vec![
                api("a_one", "a_id", true, None),
                api("b_two", "b_id", true, None),
            ],
            &paths(&[]),
        );
        assert_eq!(text, again);
    }

    #[test]
    fn different_requiredness_or_side_is_not_shared() {
        let rule = || vec![f("field", Ty::String, true), f("value", Ty::Integer, true)];
        let (text, _, aliases) = render(
            vec![
                api("a_one", "a_id", true, Some(rule())),
                api("b_two", "b_id", false, Some(rule())),
                api("c_three", "c_id", true, None),
            ],
            &paths(&[]),
        );
        // `value` optional in b_two's rule: its own struct, and so is its filter.
        assert!(
            text.contains("pub struct BTwoRequestRule {")
                && text.contains("pub struct BTwoRequestFilter {"),
            "{text}"
        );
        assert!(
            text.contains("pub type CThreeRequestRule = AOneRequestRule;"),
            "{text}"
        );
        // a_one's response data has the fields of its request rule, but is a response.
        assert!(text.contains("pub struct AOneResponse {"), "{text}");
        assert!(
            text.contains("pub type BTwoResponse = AOneResponse;"),
            "{text}"
        );
        assert_eq!(aliases, 3, "{text}");
    }

    #[test]
    fn a_union_variant_is_not_shared_with_a_plain_response_object() {
        // a_one's `data.rule` is a union whose variant `{field}` keeps `field` required (it
        // tells the variants apart); b_two's `data` has the same fields, all optional.
        let mut a = api(
            "a_one",
            "a_id",
            true,
            Some(vec![f("rule", Ty::Object(TypeId(4)), true)]),
        );
        let mut union = obj(&["data", "rule"], Side::Response, Vec::new());
        union.variants = vec![Ty::Object(TypeId(5)), Ty::String];
        a.types.push(union);
        a.types.push(obj(
            &["data", "rule", "item"],
            Side::Response,
            vec![f("field", Ty::String, true)],
        ));
        let b = api(
            "b_two",
            "b_id",
            true,
            Some(vec![f("field", Ty::String, true)]),
        );
        let (text, _, _) = render(vec![a, b], &paths(&[]));
        assert!(
            text.contains(
                "pub enum AOneResponseRule {\n    Rule(AOneResponseItem),\n    Value(String),\n}"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "pub struct AOneResponseItem {\n    /// about field\n    pub field: String,"
            ),
            "{text}"
        );
        assert!(text.contains("pub struct BTwoResponse {"), "{text}");
    }

    #[test]
    fn a_type_with_attributes_is_neither_an_alias_nor_a_target() {
        let apis = vec![
            api("a_one", "a_id", true, None),
            api("b_two", "b_id", true, None),
            api("c_three", "c_id", true, None),
            api("d_four", "d_id", true, None),
        ];
        let (text, _, aliases) = render(
            apis,
            &paths(&[
                ("sys.AOneRequestRule", "#[derive(Eq)]"),
                ("sys.c_three", "#[non_exhaustive]"),
            ]),
        );
        assert!(
            text.contains("#[derive(Eq)]\npub struct AOneRequestRule {"),
            "{text}"
        );
        // The first rule without attributes is the struct for the others.
        assert!(text.contains("pub struct BTwoRequestRule {"), "{text}");
        assert!(
            text.contains("pub type DFourRequestRule = BTwoRequestRule;"),
            "{text}"
        );
        assert!(
            text.contains("pub type DFourRequestFilter = BTwoRequestFilter;"),
            "{text}"
        );
        assert!(
            text.contains("#[non_exhaustive]\npub struct CThreeRequestRule {"),
            "{text}"
        );
        assert!(
            text.contains("#[non_exhaustive]\npub struct CThreeRequestFilter {"),
            "{text}"
        );
        // a_one's filter holds another rule type than b_two's: no longer the same shape.
        assert!(
            text.contains("pub struct AOneRequestFilter {")
                && text.contains("pub struct BTwoRequestFilter {"),
            "{text}"
        );
        assert_eq!(aliases, 2, "{text}");
    }
}
