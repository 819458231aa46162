//! Tables → a tree of object types: the request root, the response envelope, and the nested
//! tables linked to the fields they describe.

use crate::diag::{Code, DocDiag};
use crate::infer::sections::SectionTable;
use crate::infer::table::{self, RowField};
use crate::ir::{Field, Object, Origin, Side, Ty, TypeId};
use crate::keys::{self, Step};
use crate::vocab::{self, TypeWord};

/// The object arena of one API while it is being inferred.
#[derive(Debug, Default)]
pub struct Tree {
    /// All objects, request and response.
    pub types: Vec<Object>,
    /// Fields examples gave documented objects, warned about once placement is settled (a
    /// table may yet document them).
    pub undocumented: Vec<Undocumented>,
    /// Fields path rows made on the way (`page` for `page.start`), which a row of their own
    /// may still document.
    path_made: Vec<(TypeId, String)>,
    /// The object made for `data` when no table row names it: only a nested table or the
    /// examples can say what `data` is (a list, a number ...).
    pub data_unnamed: Option<TypeId>,
    /// Fields (side and path) whose elements or values an example typed, the table saying
    /// only `list` or `map`: a later example that disagrees disagrees with that example.
    pub example_typed: std::collections::BTreeSet<(Side, Vec<String>)>,
}

/// A field an example gave an object whose tables do not list it.
#[derive(Debug)]
pub struct Undocumented {
    /// The object.
    pub object: TypeId,
    /// The field.
    pub key: String,
    /// Where the example has it.
    pub loc: crate::diag::Loc,
    /// The example's line.
    pub example_line: usize,
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

    pub(super) fn push_fields(&mut self, id: TypeId, rows: Vec<RowField>, diag: &mut DocDiag<'_>) {
        let side = self.types[id.0].side;
        for mut row in rows {
            // A `...` or `other fields` row says "and more fields": the object keeps what it
            // is sent.
            if keys::is_ellipsis(&row.name) {
                self.types[id.0].open = true;
                continue;
            }
            if row.name.contains(char::is_whitespace) {
                diag.warn(
                    Code::DataKey,
                    row.line,
                    format!("the row `{}` names no field (a name has no spaces); the object keeps fields no row names", row.name),
                    Some("write the field's wire name in the first column, and notes in the description"),
                );
                self.types[id.0].open = true;
                continue;
            }
            // `config.template.title_tmpl`, `data.apis[].category`: a field of a nested object.
            let id = match keys::path_steps(&row.name) {
                Some(steps) => match self.path_parent(id, &steps, row.line, diag) {
                    Some(parent) => {
                        row.name = steps.last().map(|s| s.name.clone()).unwrap_or_default();
                        parent
                    }
                    None => id,
                },
                None => id,
            };
            // The row of a field a path row made on the way (`page.start` before `page`).
            if let Some(k) = self
                .path_made
                .iter()
                .position(|(o, n)| *o == id && *n == row.name)
            {
                self.path_made.swap_remove(k);
                let field = self.types[id.0]
                    .fields
                    .iter_mut()
                    .find(|f| f.wire_name == row.name)
                    .expect("a field made for a path");
                if let (TypeWord::Array(_), Ty::Object(o)) = (&row.ty, &field.ty) {
                    field.ty = Ty::Array(Box::new(Ty::Object(*o)));
                }
                (field.description, field.required) = (row.description, row.required);
                field.line = row.line;
                continue;
            }
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

impl Tree {
    /// Applies a row that documents a field `id` already has (a table of its own for that
    /// field): a placeholder object takes the row's type, and the row's description is added.
    /// `None` when `id` has no such field, `Some(false)` when the row is no such document (a
    /// scalar named like the object it is in).
    fn redocument(&mut self, id: TypeId, row: &RowField) -> Option<bool> {
        let i = self.types[id.0]
            .fields
            .iter()
            .position(|f| f.wire_name == row.name)?;
        let side = self.types[id.0].side;
        let mut path = self.types[id.0].path.clone();
        path.push(row.name.clone());
        let placeholder = match &self.types[id.0].fields[i].ty {
            Ty::Object(o) => self.types[o.0].fields.is_empty(),
            Ty::Any => true,
            _ => false,
        };
        // `proxy | object` above, `proxy | string` in the table of `proxy`: a field of the
        // object, named like it, not the object again.
        let scalar = matches!(
            row.ty,
            TypeWord::Bool | TypeWord::Integer | TypeWord::Number | TypeWord::String
        );
        if scalar && matches!(self.types[id.0].fields[i].ty, Ty::Object(_)) {
            return Some(false);
        }
        if placeholder && row.ty != TypeWord::Object {
            let ty = self.ty_from_word(&row.ty, side, &path, row.line);
            self.types[id.0].fields[i].ty = ty;
        }
        let field = &mut self.types[id.0].fields[i];
        if !row.description.is_empty() && !field.description.contains(&row.description) {
            if !field.description.is_empty() {
                field.description.push_str("\n\n");
            }
            field.description.push_str(&row.description);
        }
        Some(true)
    }

    /// The object that holds the last step of a path row of a table for `id`, made as needed
    /// (`a.b.c` in a table for `id`: field `b` of field `a`). A path that repeats the table's
    /// own name (`data.count` in the table of `data`) starts below it.
    fn path_parent(
        &mut self,
        id: TypeId,
        steps: &[Step],
        line: usize,
        diag: &mut DocDiag<'_>,
    ) -> Option<TypeId> {
        let (_, parents) = steps.split_last()?;
        let mut parents = parents;
        let has = |tree: &Tree, id: TypeId, name: &str| {
            tree.types[id.0].fields.iter().any(|f| f.wire_name == name)
        };
        while let Some((first, rest)) = parents.split_first() {
            let own = self.types[id.0].path.last() == Some(&first.name);
            if own && !has(self, id, &first.name) {
                parents = rest;
            } else {
                break;
            }
        }
        let side = self.types[id.0].side;
        let mut at = id;
        for step in parents {
            let index = match self.types[at.0]
                .fields
                .iter()
                .position(|f| f.wire_name == step.name)
            {
                Some(i) => i,
                None => {
                    let ty = match step.array {
                        true => Ty::Array(Box::new(Ty::Any)),
                        false => Ty::Any,
                    };
                    self.types[at.0].fields.push(Field {
                        wire_name: step.name.clone(),
                        ty,
                        required: false,
                        description: String::new(),
                        line,
                        origin: Origin::Table,
                    });
                    self.path_made.push((at, step.name.clone()));
                    self.types[at.0].fields.len() - 1
                }
            };
            at = field_object(self, at, index, side, line, diag)?;
            // Made for the path: the rows that follow document it.
            self.types[at.0].line.get_or_insert(line);
            if side == Side::Response {
                self.types[at.0].open = true;
            }
        }
        Some(at)
    }
}

/// Builds the tree from the tables of one doc.
pub fn build(tables: &[SectionTable], diag: &mut DocDiag<'_>) -> (Tree, Roots, Vec<Orphan>) {
    let mut tree = Tree::default();
    let request = tree.add(Side::Request, Vec::new(), false, None);
    let envelope = tree.add(Side::Response, Vec::new(), true, None);
    let mut filled: Vec<TypeId> = Vec::new();
    let mut nested: Vec<(SectionTable, Vec<RowField>)> = Vec::new();

    let tables: Vec<(SectionTable, Option<String>)> = tables.iter().map(self_documenting).collect();
    let mut values: Vec<(SectionTable, Vec<Vec<String>>)> = Vec::new();
    // The paths of the rows of the table before, for a table of values whose heading names no
    // field.
    let mut last_rows: Vec<Vec<String>> = Vec::new();
    for (t, redoc) in &tables {
        if is_value_list(t) {
            values.push((t.clone(), std::mem::take(&mut last_rows)));
            continue;
        }
        let rows = table::fields(t, diag);
        last_rows = rows
            .iter()
            .map(|r| {
                let mut path: Vec<String> = match &t.name {
                    Some(name) => name.split('.').map(strip_index).collect(),
                    None => Vec::new(),
                };
                path.extend(r.name.split('.').map(strip_index));
                path
            })
            .collect();
        let mut t = t.clone();
        let target = match (t.side, &t.name) {
            (Side::Request, None) => Some(request),
            (Side::Response, None) => Some(envelope),
            _ => None,
        };
        if let (Some(own), Some(target), [row]) = (redoc, target, rows.as_slice()) {
            match tree.redocument(target, row) {
                Some(true) => continue,
                // Not the field itself: the table is the field's, as its heading says.
                Some(false) => t.name = Some(own.clone()),
                None => {}
            }
        }
        // `### fields` under a table that lists a field `fields`: that field's table.
        if let (None, Some(word)) = (&t.name, &t.word) {
            let root = match t.side {
                Side::Request => request,
                Side::Response => envelope,
            };
            let named = reachable(&tree, root)
                .iter()
                .any(|id| tree.types[id.0].fields.iter().any(|f| &f.wire_name == word));
            // A field documented by a nested table comes later: link by name then, and fall
            // back to a section's main table if no field has it.
            t.name = Some(word.clone());
            if !named {
                nested.push((t, rows));
                continue;
            }
        }
        match (t.side, &t.name) {
            (Side::Request, None) => {
                tree.push_fields(request, rows, diag);
                tree.types[request.0].open |= t.open;
                tree.types[request.0].line.get_or_insert(t.header.line);
            }
            (Side::Response, None) if t.envelope || is_envelope(&rows) || names_data(&rows) => {
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
        tree.data_unnamed = Some(data);
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
    // nothing more links. A heading that only may name a field (`Owner details (owner)`,
    // `### fields`) and names none is a section's main table: one more round for those.
    let mut main_tables_done = false;
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
            let weak = t.word.is_some() && t.word == t.name;
            match link(&mut tree, root, &path, &filled, weak, diag, t.header.line) {
                Some(id) if filled.contains(&id) => {
                    let known: Vec<String> = tree.types[id.0]
                        .fields
                        .iter()
                        .map(|f| f.wire_name.clone())
                        .collect();
                    // Tables for alternatives (`data.info (target is host)`, `(... is set)`)
                    // add up to one object; a repeated field is what makes the merge doubtful.
                    let repeated: Vec<&str> = rows
                        .iter()
                        .filter(|r| known.contains(&r.name))
                        .map(|r| r.name.as_str())
                        .collect();
                    if !repeated.is_empty() && !t.alternative {
                        diag.warn(
                            Code::MergedTable,
                            t.heading_line,
                            format!(
                                "a second table documents `{}` (first at line {}) and repeats {}; adding its other rows to the first",
                                t.name.as_deref().unwrap_or("data"),
                                tree.types[id.0].line.unwrap_or(0),
                                repeated.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                            ),
                            Some("document each object once, or name the tables after different fields"),
                        );
                    }
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
            if main_tables_done {
                break;
            }
            main_tables_done = true;
            let mut any = false;
            for (t, rows) in std::mem::take(&mut nested) {
                if t.word.is_none() || t.word != t.name {
                    nested.push((t, rows));
                    continue;
                }
                any = true;
                let mut t = t;
                (t.name, t.word) = (None, None);
                match t.side {
                    Side::Request => {
                        tree.push_fields(request, rows, diag);
                        tree.types[request.0].open |= t.open;
                    }
                    Side::Response if is_envelope(&rows) || names_data(&rows) => {
                        tree.push_fields(envelope, rows, diag)
                    }
                    Side::Response => nested.push((t, rows)),
                }
            }
            if !any {
                break;
            }
        }
    }
    for (t, after) in values {
        attach_values(&mut tree, &t, after, Roots { request, envelope }, diag);
    }
    (tree, Roots { request, envelope }, nested)
}

/// A nested table no field took, with its rows: the examples may still show its field.
pub type Orphan = (SectionTable, Vec<RowField>);

/// Warns that tables name no field (after the examples had their chance to show it).
pub fn warn_orphans(orphans: &[Orphan], diag: &mut DocDiag<'_>) {
    for (t, _) in orphans {
        diag.warn(
            Code::OrphanTable,
            t.heading_line,
            format!("nested table `{}` names no field of the {} documented above it or shown in its examples; its rows are ignored", t.name.as_deref().unwrap_or(""), side_word(t.side)),
            Some("name the table after the field it describes, e.g. `#### data` or `#### data.info`"),
        );
    }
}

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Request => "request",
        Side::Response => "response",
    }
}

/// `info[x]`, `info[]`, `info[0]` → `info`.
pub(super) fn strip_index(s: &str) -> String {
    match s.find('[') {
        Some(i) => s[..i].trim().to_string(),
        None => s.trim().to_string(),
    }
}

fn is_value_list(t: &SectionTable) -> bool {
    let field_col = t.field_column();
    let firsts = t
        .rows
        .iter()
        .map(|r| r.cells.get(field_col).map(String::as_str).unwrap_or(""));
    vocab::is_value_list(&t.header.cells, firsts)
}

/// Adds a table of values to the description of the field it documents: the one its heading
/// names, else the last field of the table before it whose description points below; with a
/// warning when there is none.
fn attach_values(
    tree: &mut Tree,
    t: &SectionTable,
    before: Vec<Vec<String>>,
    roots: Roots,
    diag: &mut DocDiag<'_>,
) {
    let root = match t.side {
        Side::Request => roots.request,
        Side::Response => roots.envelope,
    };
    let named = t.name.as_ref().and_then(|name| {
        let path: Vec<String> = name.split('.').map(strip_index).collect();
        find_field(tree, root, &path)
    });
    let points_below = |tree: &Tree, (id, i): (TypeId, usize)| {
        let d = tree.types[id.0].fields[i].description.to_lowercase();
        ["below", "following", "如下", "下表", "见下", "以下"]
            .iter()
            .any(|w| d.contains(w))
    };
    let before = before
        .iter()
        .rev()
        .filter(|_| t.name.is_none())
        .filter_map(|path| find_field(tree, root, path))
        .find(|f| points_below(tree, *f));
    let target = named.or(before);
    let Some((id, i)) = target else {
        diag.warn(
            Code::OrphanValues,
            t.header.line,
            match &t.name {
                Some(name) => format!("this table of values is headed `{name}`, which names no documented field; it is not attached to any field"),
                None => "this table of values names no field; it is not attached to any field".to_string(),
            },
            Some("head the table with the field's name, e.g. `#### data.status`"),
        );
        return;
    };
    let mut list = String::from("Values:");
    for row in &t.rows {
        let Some((value, rest)) = row.cells.split_first() else {
            continue;
        };
        let rest: Vec<&str> = rest
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        list.push_str(&format!("\n- `{}`", value.trim().replace('`', "")));
        if !rest.is_empty() {
            list.push_str(&format!(": {}", rest.join("; ")));
        }
    }
    let field = &mut tree.types[id.0].fields[i];
    if !field.description.is_empty() {
        field.description.push_str("\n\n");
    }
    field.description.push_str(&list);
}

/// The field `path` names under `root`: exactly, else in another case.
pub(super) fn find_field(tree: &Tree, root: TypeId, path: &[String]) -> Option<(TypeId, usize)> {
    let (last, parents) = path.split_last()?;
    let objects = reachable(tree, root);
    let find = |same: &dyn Fn(&str) -> bool| {
        objects
            .iter()
            .filter(|id| tree.types[id.0].path.ends_with(parents))
            .find_map(|id| {
                let i = tree.types[id.0]
                    .fields
                    .iter()
                    .position(|f| same(&f.wire_name))?;
                Some((*id, i))
            })
    };
    find(&|n| n == last).or_else(|| find(&|n| n.eq_ignore_ascii_case(last)))
}

/// A table whose one row names the field the table is named after (`#### data` holding only
/// `data | object | ...`) documents that field, in the table one level up.
fn self_documenting(t: &SectionTable) -> (SectionTable, Option<String>) {
    let mut t = t.clone();
    let Some(name) = &t.name else {
        return (t, None);
    };
    let path: Vec<String> = name.split('.').map(strip_index).collect();
    let field_col = t.field_column();
    let names_itself = t.rows.len() == 1
        && t.rows[0]
            .cells
            .get(field_col)
            .is_some_and(|c| c.trim().trim_matches('`') == path[path.len() - 1]);
    let own = t.name.clone().filter(|_| names_itself);
    if names_itself {
        t.name = match path.len() {
            1 => None,
            n => Some(path[..n - 1].join(".")),
        };
    }
    (t, own)
}

/// A response table whose rows are all `data`, paths into it or envelope fields documents the
/// envelope, not `data`'s fields.
fn names_data(rows: &[RowField]) -> bool {
    rows.iter().any(|r| r.name == "data")
        && rows.iter().all(|r| {
            r.name == "data"
                || r.name.starts_with("data.")
                || r.name.starts_with("data[")
                || is_envelope_field(&r.name)
        })
}

fn is_envelope(rows: &[RowField]) -> bool {
    let has = |n: &str| rows.iter().any(|r| r.name == n);
    // `result` and `data` with a word only envelopes have (SOPS: no `code`); a task's own
    // `result`, `data` and `checked_at` are no envelope.
    has("result") && (has("code") || has("data") && (has("message") || has("request_id")))
        || has("code") && has("message") && has("data")
}

/// Finds the field `path` names under `root` and returns the object its table fills,
/// turning the field's type into that object (or an array of it) as needed.
fn link(
    tree: &mut Tree,
    root: TypeId,
    path: &[String],
    filled: &[TypeId],
    weak: bool,
    diag: &mut DocDiag<'_>,
    line: usize,
) -> Option<TypeId> {
    let (last, parents) = path.split_last()?;
    // `map.*`: the table documents the values of the map `map`.
    if last == "*" {
        let (name, above) = parents.split_last()?;
        let above: Vec<String> = above.iter().filter(|p| *p != "*").cloned().collect();
        let mut at = above;
        at.push(name.clone());
        let (owner, index) = find_field(tree, root, &at)?;
        return map_values(tree, owner, index, line, diag);
    }
    // The values of a map are named like the map: `map.*.field` is `field` of `map`'s values.
    let parents: Vec<String> = parents.iter().filter(|p| *p != "*").cloned().collect();
    let parents = parents.as_slice();
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
    // A heading that only may name a field names it exactly.
    if weak {
        return link_to(tree, &candidates, filled, side, line, diag);
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
    link_to(tree, &candidates, filled, side, line, diag)
}

/// The object the table fills among the candidate fields.
fn link_to(
    tree: &mut Tree,
    candidates: &[(TypeId, usize)],
    filled: &[TypeId],
    side: Side,
    line: usize,
    diag: &mut DocDiag<'_>,
) -> Option<TypeId> {
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
    field_object(tree, owner, index, side, line, diag)
}

/// The object the values of the map field `index` of `owner` are, turning the field into a
/// map of a new object when it is not one (a bare `object`, with no table of its own).
fn map_values(
    tree: &mut Tree,
    owner: TypeId,
    index: usize,
    line: usize,
    diag: &mut DocDiag<'_>,
) -> Option<TypeId> {
    let field = &tree.types[owner.0].fields[index];
    let (name, ty) = (field.wire_name.clone(), field.ty.clone());
    match ty {
        Ty::Map(inner) if matches!(*inner, Ty::Object(_)) => return inner.object(),
        Ty::Map(_) | Ty::Any => {}
        Ty::Object(id) if tree.types[id.0].fields.is_empty() => {}
        other => {
            diag.warn(
                Code::TypeConflict,
                line,
                format!("a table describes the values of `{name}`, whose type says it is {}; taking the table", ty_word(&other)),
                Some("write the field's type as object (or dict)"),
            );
        }
    }
    let side = tree.types[owner.0].side;
    let mut path = tree.types[owner.0].path.clone();
    path.push(name);
    let id = tree.add(side, path, side == Side::Response, Some(line));
    tree.types[owner.0].fields[index].ty = Ty::Map(Box::new(Ty::Object(id)));
    Some(id)
}

/// The object field `index` of `owner` holds (or holds a list of), turning its type into one
/// when it is not (a bare `object` or `array`, or a scalar a table contradicts, with a warning).
fn field_object(
    tree: &mut Tree,
    owner: TypeId,
    index: usize,
    side: Side,
    line: usize,
    diag: &mut DocDiag<'_>,
) -> Option<TypeId> {
    let last = tree.types[owner.0].fields[index].wire_name.clone();
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
    // An ASCII name ends where Chinese text starts: `见step_instance定义`.
    let ascii = word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let part = |c: char| match ascii {
        true => c.is_ascii_alphanumeric() || c == '_',
        false => c.is_alphanumeric() || c == '_',
    };
    text.split(|c: char| !part(c)).any(|w| w == word)
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
