//! After the examples: where tables and examples disagree on where a field is.
//!
//! A nested table may name a field only the examples show (`#### process_info` where no table
//! lists `process_info`): it documents the object the examples made. A documented field that no
//! example has at its table's level, but one does deeper (a table headed `processes` whose rows
//! are the fields of `processes[].process_info`), is placed where the examples have it. Fields
//! the examples add to documented objects are warned about last, since a table may have
//! documented them meanwhile.

use crate::diag::{Code, DocDiag};
use crate::infer::table::RowField;
use crate::infer::tree::{find_field, strip_index, warn_orphans, Orphan, Roots, Tree};
use crate::ir::{Origin, Side, Ty, TypeId};
use crate::sightings::{Placement, Sightings};
use serde_json::Value;

/// Links the tables that named no documented field to fields the examples show; warns about
/// those still naming nothing.
pub fn link_late(tree: &mut Tree, roots: Roots, orphans: Vec<Orphan>, diag: &mut DocDiag<'_>) {
    let mut left = Vec::new();
    for (t, rows) in orphans {
        let root = match t.side {
            Side::Request => roots.request,
            Side::Response => roots.envelope,
        };
        let path: Vec<String> = match &t.name {
            Some(name) => name.split('.').map(strip_index).collect(),
            None => vec!["data".into()],
        };
        let target = find_field(tree, root, &path)
            .and_then(|(id, i)| tree.types[id.0].fields[i].ty.object());
        match target {
            Some(id) => document(tree, id, rows, t.header.line, diag),
            None => left.push((t, rows)),
        }
    }
    warn_orphans(&left, diag);
}

/// A table's rows for an object the examples made: the fields they show take the rows' names,
/// types are the examples' (they hold), descriptions the table's.
fn document(tree: &mut Tree, id: TypeId, rows: Vec<RowField>, line: usize, diag: &mut DocDiag) {
    tree.types[id.0].line.get_or_insert(line);
    let mut new = Vec::new();
    for row in rows {
        match tree.types[id.0]
            .fields
            .iter_mut()
            .find(|f| f.wire_name == row.name)
        {
            Some(f) => {
                f.origin = Origin::Table;
                f.description = row.description;
                f.line = row.line;
                // Required only where the examples agree: a request example without it would
                // not deserialise.
                f.required = false;
            }
            None => new.push(row),
        }
    }
    tree.push_fields(id, new, diag);
}

/// Moves documented fields to where the examples have them, then warns about the fields the
/// examples add to documented objects.
pub fn place(tree: &mut Tree, examples: &[(Ty, &Value)], diag: &mut DocDiag<'_>) {
    let mut seen = Sightings::default();
    for (ty, value) in examples {
        seen.add(&tree.types, ty, value);
    }
    let mut moves = Vec::new();
    for n in 0..tree.types.len() {
        for (i, placement) in seen.misplaced(&tree.types, TypeId(n)) {
            match placement {
                Placement::Move(owners) => moves.push((TypeId(n), i, owners)),
                Placement::Echo(owners) => {
                    let field = tree.types[n].fields[i].clone();
                    for to in owners {
                        echo(tree, &field, to);
                    }
                }
            }
        }
    }
    // Highest index first, so that removing one field leaves the others' indexes valid.
    moves.sort_by_key(|m| std::cmp::Reverse((m.0, m.1)));
    for (from, i, owners) in moves {
        let field = tree.types[from.0].fields.remove(i);
        for to in owners {
            move_to(tree, from, &field, to, diag);
        }
    }
    warn_undocumented(tree, diag);
}

/// Puts the documented `field` of `from` where the examples have it, in `to`.
fn move_to(
    tree: &mut Tree,
    from: TypeId,
    field: &crate::ir::Field,
    to: TypeId,
    diag: &mut DocDiag<'_>,
) {
    if !tree.types[to.0]
        .fields
        .iter()
        .any(|f| f.wire_name == field.wire_name)
    {
        return;
    }
    let there = &tree.types[to.0].path;
    let here = &tree.types[from.0].path;
    diag.warn(
        Code::MovedField,
        field.line,
        format!(
            "`{}` is documented in {} but no example has it there; the examples have it in {}, where it is placed",
            field.wire_name,
            shown(here),
            shown(there)
        ),
        Some("move the row to the table of the object the examples put it in"),
    );
    adopt(tree, field, to);
}

/// Lets the documented `field` of a tree's node document the same-named field the examples
/// gave another node (`content[].value` for `value`), where it stays as well, and in the nodes
/// below that one (`content[].content[].value`).
fn echo(tree: &mut Tree, field: &crate::ir::Field, to: TypeId) {
    let node = tree.types[to.0].path.clone();
    let below: Vec<TypeId> = (0..tree.types.len())
        .map(TypeId)
        .filter(|id| {
            let path = &tree.types[id.0].path;
            path.starts_with(&node) && path.last() == node.last()
        })
        .collect();
    for id in below {
        let there = tree.types[id.0].fields.iter();
        let same = |f: &&crate::ir::Field| f.wire_name == field.wire_name;
        if there.filter(same).all(|f| f.origin == Origin::Example) {
            adopt(tree, field, id);
        }
    }
}

/// Gives the field of `to` named like `field` the row's description and, where the examples
/// say less than the row, its type.
fn adopt(tree: &mut Tree, field: &crate::ir::Field, to: TypeId) {
    let Some(j) = tree.types[to.0]
        .fields
        .iter()
        .position(|f| f.wire_name == field.wire_name)
    else {
        return;
    };
    // The examples' type holds (they are what is sent), unless the row says any value may
    // come: one example's `["1", "2"]` does not make `value | any` a list. The table's
    // object lends its descriptions to the object the examples made.
    let made = tree.types[to.0].fields[j].ty.clone();
    match (field.ty.object(), made.object()) {
        (Some(table), Some(example)) if field.ty.depth() == made.depth() => {
            lend(tree, table, example);
        }
        _ if made == Ty::Any || field.ty == Ty::Any => {
            tree.types[to.0].fields[j].ty = field.ty.clone();
        }
        _ => {}
    }
    let target = &mut tree.types[to.0].fields[j];
    target.description = field.description.clone();
    target.line = field.line;
    target.origin = Origin::Table;
}

/// Warns about the fields examples gave documented objects that no table documents.
fn warn_undocumented(tree: &mut Tree, diag: &mut DocDiag<'_>) {
    for u in std::mem::take(&mut tree.undocumented) {
        let still = tree.types[u.object.0]
            .fields
            .iter()
            .any(|f| f.wire_name == u.key && f.origin == Origin::Example);
        if still {
            diag.warn(
                Code::UndocumentedField,
                u.loc,
                format!(
                    "the example at line {} has field `{}`, which no table documents",
                    u.example_line, u.key
                ),
                Some("add a row for it to the table"),
            );
        }
    }
}

/// Gives the example-made object `to` the descriptions the table-made `from` has for the same
/// fields.
fn lend(tree: &mut Tree, from: TypeId, to: TypeId) {
    if from == to {
        return;
    }
    let documented: Vec<_> = tree.types[from.0]
        .fields
        .iter()
        .filter(|f| f.origin == Origin::Table)
        .cloned()
        .collect();
    for d in documented {
        if let Some(f) = tree.types[to.0]
            .fields
            .iter_mut()
            .find(|f| f.wire_name == d.wire_name && f.origin == Origin::Example)
        {
            f.description = d.description;
            f.line = d.line;
            f.origin = Origin::Table;
        }
    }
}

fn shown(path: &[String]) -> String {
    match path.is_empty() {
        true => "the top-level object".to_string(),
        false => format!("`{}`", path.join(".")),
    }
}
