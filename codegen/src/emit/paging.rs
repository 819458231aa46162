//! Which APIs are paged: BlueKing's convention is a request `page` object with `start` and
//! `limit`, and response `data` with `count` (the total) and `info` (this page's items). For
//! those the client also gets a method that walks every page (the runtime's `Pages`).

use crate::ir::{Api, Object, Ty};

/// Paging facts of one API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// The type of one item of `data.info`.
    pub item: Ty,
}

/// `Some` when the request root has a `page` object with `start` and `limit`, and `data` is an
/// object with `count` and an array `info` (all numbers where numbers are meant).
pub fn detect(api: &Api) -> Option<Paging> {
    let request = api.object(api.request);
    let Ty::Object(page) = &field(request, "page")?.ty else {
        return None;
    };
    let page = api.object(*page);
    if !is_number(field(page, "start")?) || !is_number(field(page, "limit")?) {
        return None;
    }
    let Ty::Object(data) = &api.response else {
        return None;
    };
    let data = api.object(*data);
    if !is_number(field(data, "count")?) {
        return None;
    }
    let Ty::Array(item) = &field(data, "info")?.ty else {
        return None;
    };
    Some(Paging {
        item: (**item).clone(),
    })
}

fn field<'a>(object: &'a Object, wire_name: &str) -> Option<&'a crate::ir::Field> {
    object.fields.iter().find(|f| f.wire_name == wire_name)
}

fn is_number(field: &crate::ir::Field) -> bool {
    matches!(field.ty, Ty::Integer | Ty::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Auth, Field, Method, Origin, Route, Side, TypeId};

    fn f(name: &str, ty: Ty) -> Field {
        Field {
            wire_name: name.into(),
            ty,
            required: true,
            description: String::new(),
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

    /// `page {start, limit}` → `data {count, info: [item]}`, with `edit` applied to the types.
    fn api(edit: impl FnOnce(&mut Vec<Object>)) -> Api {
        let mut types = vec![
            obj(
                &[],
                Side::Request,
                vec![
                    f("bk_biz_id", Ty::Integer),
                    f("page", Ty::Object(TypeId(1))),
                ],
            ),
            obj(
                &["page"],
                Side::Request,
                vec![
                    f("start", Ty::Integer),
                    f("limit", Ty::Integer),
                    f("sort", Ty::String),
                ],
            ),
            obj(
                &["data"],
                Side::Response,
                vec![
                    f("count", Ty::Integer),
                    f("info", Ty::Array(Box::new(Ty::Object(TypeId(3))))),
                ],
            ),
            obj(
                &["data", "info"],
                Side::Response,
                vec![f("id", Ty::Integer)],
            ),
        ];
        edit(&mut types);
        Api {
            system: "cc".into(),
            name: "search_things".into(),
            source: "x.md".into(),
            route: Route {
                method: Method::Post,
                path: "/x/".into(),
                auth: Auth::Esb,
            },
            description: String::new(),
            request: TypeId(0),
            response: Ty::Object(TypeId(2)),
            types,
            examples: Vec::new(),
        }
    }

    #[test]
    fn detects_the_convention() {
        assert_eq!(
            detect(&api(|_| {})),
            Some(Paging {
                item: Ty::Object(TypeId(3))
            })
        );
        let any_items = api(|t| t[2].fields[1].ty = Ty::Array(Box::new(Ty::Any)));
        assert_eq!(detect(&any_items), Some(Paging { item: Ty::Any }));
    }

    #[test]
    fn rejects_near_misses() {
        type Edit = Box<dyn FnOnce(&mut Vec<Object>)>;
        let cases: Vec<Edit> = vec![
            Box::new(|t| t[0].fields[1].wire_name = "paging".into()),
            Box::new(|t| t[0].fields[1].ty = Ty::Any),
            Box::new(|t| {
                t[1].fields.remove(1);
            }),
            Box::new(|t| t[1].fields[0].ty = Ty::String),
            Box::new(|t| {
                t[2].fields.remove(0);
            }),
            Box::new(|t| t[2].fields[1].ty = Ty::Object(TypeId(3))),
            Box::new(|t| t[2].fields[1].wire_name = "list".into()),
        ];
        for (i, edit) in cases.into_iter().enumerate() {
            assert_eq!(detect(&api(edit)), None, "case {i}");
        }
        let mut not_object = api(|_| {});
        not_object.response = Ty::Array(Box::new(Ty::Any));
        assert_eq!(detect(&not_object), None);
    }
}
