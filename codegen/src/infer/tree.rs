//! Tables → a tree of object types: the request root, the response envelope, and the nested
//! tables linked to the fields they describe.

use crate::diag::{Code, DocDiag};
use crate::infer::sections::SectionTable;
use crate::infer::table::{self, RowField};
use crate::ir::{Field, Object, Origin, Side, Ty, TypeId};
use crate::vocab::{self, TypeWord};

/// The object arena of one API while it is being inferred.
#[derive(Debug, Default)]
pub struct Tree {
    /// All objects, request and response.
    pub types: Vec<Object>,
}

/// Roots of the two sides.
#[derive(Debug, Clone, Copy)]
pub struct Roots {
    /// The request object.
    pub request: TypeId,
    /// The response envelope; its `data` field holds the API's response type.
    pub envelope: TypeId,
}

impl Tree {
    /// Adds an object and returns its id.
    pub fn add(
        &mut self,
        side: Side,
        path: Vec<String>,
        open: bool,
        line: Option<usize>,
    ) -> TypeId {
        self.types.push(Object {
            path,
            side,
            fields: Vec::new(),
            open,
            description: String::new(),
            line,
            variants: Vec::new(),
        });
        TypeId(self.types.len() - 1)
    }

    /// The type a table's type word stands for.
    pub fn ty_from_word(
        &mut self,
        word: &TypeWord,
        side: Side,
        path: &[String],
        line: usize,
    ) -> Ty {
        match word {
            TypeWord::Any => Ty::Any,
            TypeWord::Bool => Ty::Bool,
            TypeWord::Integer => Ty::Integer,
            TypeWord::Number => Ty::Number,
            TypeWord::String => Ty::String,
            // An object no table describes yet: a nested table or an example may fill it; one
            // left empty becomes an open map when the tree is finished.
            TypeWord::Object => Ty::Object(self.add(side, path.to_vec(), true, Some(line))),
            TypeWord::Map(inner) => Ty::Map(Box::new(self.ty_from_word(inner, side, path, line))),
            TypeWord::Array(inner) => {
                Ty::Array(Box::new(self.ty_from_word(inner, side, path, line)))
            }
        }
    }

    fn push_fields(&mut self, id: TypeId, rows: Vec<RowField>, diag: &mut DocDiag<'_>) {
        let side = self.types[id.0].side;
        for row in rows {
            if self.types[id.0]
                .fields
                .iter()
                .any(|f| f.wire_name == row.name)
            {
                diag.warn(
                    Code::DuplicateField,
                    row.line,
                    format!(
                        "field `{}` is documented twice for the same object; keeping the first",
                        row.name
                    ),
                    Some("remove one of the rows"),
                );
                continue;
            }
            let mut path = self.types[id.0].path.clone();
            path.push(row.name.clone());
            let ty = self.ty_from_word(&row.ty, side, &path, row.line);
            self.types[id.0].fields.push(Field {
                wire_name: row.name,
                ty,
                required: row.required,
                description: row.description,
                line: row.line,
                origin: Origin::Table,
            });
        }
    }
}

/// Builds the tree from the tables of one doc.
pub fn build(tables: &[SectionTable], diag: &mut DocDiag<'_>) -> (Tree, Roots) {
    let mut tree = Tree::default();
    let request = tree.add(Side::Request, Vec::new(), false, None);
    let envelope = tree.add(Side::Response, Vec::new(), true, None);
    let mut filled: Vec<TypeId> = Vec::new();
    let mut nested: Vec<(&SectionTable, Vec<RowField>)> = Vec::new();

    for t in tables {
        let rows = table::fields(t, diag);
        match (t.side, &t.name) {
            (Side::Request, None) => {
                tree.push_fields(request, rows, diag);
                tree.types[request.0].open |= t.open;
                tree.types[request.0].line.get_or_insert(t.header.line);
            }
            (Side::Response, None) if is_envelope(&rows) => {
                tree.push_fields(envelope, rows, diag);
                tree.types[envelope.0].line.get_or_insert(t.header.line);
            }
            // A response table that is not the envelope and names nothing documents `data` itself.
            (Side::Response, None) => nested.push((t, rows)),
            (_, Some(_)) => nested.push((t, rows)),
        }
    }
    if !tree.types[envelope.0]
        .fields
        .iter()
        .any(|f| f.wire_name == "data")
    {
        let data = tree.add(Side::Response, vec!["data".into()], true, None);
        tree.types[envelope.0].fields.push(Field {
            wire_name: "data".into(),
            ty: Ty::Object(data),
            required: false,
            description: String::new(),
            line: 0,
            origin: Origin::Table,
        });
    }

    // Link nested tables to their fields. A child may come before its parent, so repeat until
    // nothing more links; what is left names no field.
    loop {
        let before = nested.len();
        let mut rest = Vec::new();
        for (t, rows) in nested {
            let path: Vec<String> = match &t.name {
                Some(name) => name
                    .split('.')
                    .map(strip_index)
                    .filter(|s| !s.is_empty())
                    .collect(),
                None => vec!["data".into()],
            };
            let root = if t.side == Side::Request {
                request
            } else {
                envelope
            };
            match link(&mut tree, root, &path, &filled, diag, t.header.line) {
                Some(id) if filled.contains(&id) => {
                    diag.warn(
                        Code::DuplicateField,
                        t.heading_line,
                        format!(
                            "a second table documents `{}` (first at line {}); adding its rows to the first",
                            t.name.as_deref().unwrap_or("data"),
                            tree.types[id.0].line.unwrap_or(0)
                        ),
                        Some("document each object once, or name the tables after different fields"),
                    );
                    let known: Vec<String> = tree.types[id.0]
                        .fields
                        .iter()
                        .map(|f| f.wire_name.clone())
                        .collect();
                    let rows = rows
                        .into_iter()
                        .filter(|r| !known.contains(&r.name))
                        .collect();
                    tree.types[id.0].open |= t.open;
                    tree.push_fields(id, rows, diag);
                }
                Some(id) => {
                    filled.push(id);
                    tree.types[id.0].line = Some(t.header.line);
                    // A placeholder made open for want of a table is now documented.
                    tree.types[id.0].open = t.open || t.side == Side::Response;
                    tree.push_fields(id, rows, diag);
                }
                None => rest.push((t, rows)),
            }
        }
        nested = rest;
        if nested.is_empty() || nested.len() == before {
            break;
        }
    }
    for (t, _) in nested {
        diag.warn(
            Code::OrphanTable,
            t.heading_line,
            format!("nested table `{}` names no field of the {} documented above it; its rows are ignored", t.name.as_deref().unwrap_or(""), side_word(t.side)),
            Some("name the table after the field it describes, e.g. `#### data` or `#### data.info`"),
        );
    }
    (tree, Roots { request, envelope })
}

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Request => "request",
        Side::Response => "response",
    }
}

/// `info[x]`, `info[]`, `info[0]` → `info`.
fn strip_index(s: &str) -> String {
    match s.find('[') {
        Some(i) => s[..i].trim().to_string(),
        None => s.trim().to_string(),
    }
}

fn is_envelope(rows: &[RowField]) -> bool {
    let has = |n: &str| rows.iter().any(|r| r.name == n);
    has("result") && has("code") || has("code") && has("message") && has("data")
}

/// Finds the field `path` names under `root` and returns the object its table fills,
/// turning the field's type into that object (or an array of it) as needed.
fn link(
    tree: &mut Tree,
    root: TypeId,
    path: &[String],
    filled: &[TypeId],
    diag: &mut DocDiag<'_>,
    line: usize,
) -> Option<TypeId> {
    let (last, parents) = path.split_last()?;
    let side = tree.types[root.0].side;
    // Candidates: (object, field index) of this side, reachable from root, whose field is `last`
    // and whose object path ends with the heading's parent components.
    let objects = reachable(tree, root);
    let find = |matches: &dyn Fn(&Field) -> bool| -> Vec<(TypeId, usize)> {
        let mut found = Vec::new();
        for id in &objects {
            let obj = &tree.types[id.0];
            if obj.path.ends_with(parents) {
                found.extend(
                    obj.fields
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| matches(f))
                        .map(|(i, _)| (*id, i)),
                );
            }
        }
        found
    };
    // Rules, in order: the exact name; the name in another case (`#### Page`); a field whose
    // description points at the table (`target_server | object | see server definition`).
    let mut candidates = find(&|f| &f.wire_name == last);
    if candidates.is_empty() {
        candidates = find(&|f| f.wire_name.eq_ignore_ascii_case(last));
    }
    if candidates.is_empty() {
        candidates = find(&|f| {
            mentions(&f.description, last)
                && matches!(f.ty, Ty::Object(_) | Ty::Array(_) | Ty::Any | Ty::Map(_))
        });
    }
    // A dotted heading whose last step no table lists (`#### info.condition` under an `info`
    // documented only as an object): the table itself documents that field.
    if candidates.is_empty() && !parents.is_empty() {
        if let Some(parent) = objects.iter().copied().find(|id| {
            tree.types[id.0].path.ends_with(parents) && tree.types[id.0].path.len() >= parents.len()
        }) {
            let mut path = tree.types[parent.0].path.clone();
            path.push(last.clone());
            let id = tree.add(side, path, side == Side::Response, Some(line));
            tree.types[parent.0].fields.push(Field {
                wire_name: last.clone(),
                ty: Ty::Object(id),
                required: false,
                description: String::new(),
                line,
                origin: Origin::Table,
            });
            return Some(id);
        }
    }
    // Prefer a field whose object no table has filled yet (two `#### rules` in one doc go to
    // the first and second `rules` in order).
    let target = |ty: &Ty| match ty {
        Ty::Object(id) => Some(*id),
        Ty::Array(inner) => match **inner {
            Ty::Object(id) => Some(id),
            _ => None,
        },
        _ => None,
    };
    // When every candidate has its table already, this one documents the same object again
    // (alternatives such as `data.info -- target is host` / `-- target is set`): merge.
    let chosen = candidates
        .iter()
        .find(|(id, i)| {
            target(&tree.types[id.0].fields[*i].ty).is_none_or(|t| !filled.contains(&t))
        })
        .or(candidates.first())
        .copied()?;
    let (owner, index) = chosen;
    let mut obj_path = tree.types[owner.0].path.clone();
    obj_path.push(last.clone());
    let field_ty = tree.types[owner.0].fields[index].ty.clone();
    let new_ty = match field_ty {
        Ty::Object(id) => return Some(id),
        Ty::Array(inner) => match *inner {
            Ty::Object(id) => return Some(id),
            Ty::Any => Ty::Array(Box::new(Ty::Object(tree.add(
                side,
                obj_path,
                side == Side::Response,
                Some(line),
            )))),
            other => {
                diag.warn(
                    Code::TypeConflict,
                    line,
                    format!("a table describes the elements of `{last}`, whose type says they are {}; taking the table", ty_word(&other)),
                    Some("write the field's type as array[object] (or object array)"),
                );
                Ty::Array(Box::new(Ty::Object(tree.add(
                    side,
                    obj_path,
                    side == Side::Response,
                    Some(line),
                ))))
            }
        },
        Ty::Any | Ty::Map(_) => {
            Ty::Object(tree.add(side, obj_path, side == Side::Response, Some(line)))
        }
        other => {
            diag.warn(
                Code::TypeConflict,
                line,
                format!("a table describes the fields of `{last}`, whose type says it is {}; taking the table", ty_word(&other)),
                Some("write the field's type as object (or dict)"),
            );
            Ty::Object(tree.add(side, obj_path, side == Side::Response, Some(line)))
        }
    };
    let id = match &new_ty {
        Ty::Object(id) => *id,
        Ty::Array(inner) => match **inner {
            Ty::Object(id) => id,
            _ => return None,
        },
        _ => return None,
    };
    tree.types[owner.0].fields[index].ty = new_ty;
    Some(id)
}

/// Whether `text` names `word` as a whole word ("see server definition" mentions `server`).
fn mentions(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|w| w == word)
}

/// A word for a type, for messages.
pub fn ty_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::Any => "any value",
        Ty::Bool => "a bool",
        Ty::Integer => "an integer",
        Ty::Number => "a number",
        Ty::String => "a string",
        Ty::Array(_) => "an array",
        Ty::Map(_) => "a map",
        Ty::Object(_) => "an object",
    }
}

/// Objects reachable from `root`, in breadth-first, field order (deterministic).
pub fn reachable(tree: &Tree, root: TypeId) -> Vec<TypeId> {
    reachable_from(tree, &[root])
}

/// Objects reachable from `roots`, in breadth-first, field order; linear in the arena.
pub fn reachable_from(tree: &Tree, roots: &[TypeId]) -> Vec<TypeId> {
    let mut seen = vec![false; tree.types.len()];
    let mut order = Vec::new();
    for root in roots {
        if !seen[root.0] {
            seen[root.0] = true;
            order.push(*root);
        }
    }
    let mut i = 0;
    while i < order.len() {
        let id = order[i];
        i += 1;
        for ty in tree.types[id.0].children() {
            if let Some(child) = ty.object().filter(|c| !seen[c.0]) {
                seen[child.0] = true;
                order.push(child);
            }
        }
    }
    order
}

/// Whether a wire name is one of the envelope's.
pub fn is_envelope_field(name: &str) -> bool {
    vocab::ENVELOPE.contains(&name)
}
