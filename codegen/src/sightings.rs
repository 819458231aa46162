//! Where the examples put each key: walks an example's value through the types and records,
//! for every object, the keys an example gives it and those that lie deeper inside it.
//!
//! Inference uses it to move a documented field to where the examples have it; the shape
//! audit uses it on the finished IR to find documented fields no example has at their place.

use crate::ir::{Object, Origin, Side, Ty, TypeId};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The indexes of the documented fields of `obj` in the same table as field `i`: rows on
/// lines next to each other.
fn table_rows(obj: &Object, i: usize) -> Vec<usize> {
    let mut rows: Vec<(usize, usize)> = obj
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.origin == Origin::Table)
        .map(|(n, f)| (f.line, n))
        .collect();
    rows.sort_unstable();
    let Some(at) = rows.iter().position(|(_, n)| *n == i) else {
        return vec![i];
    };
    let mut start = at;
    while start > 0 && rows[start - 1].0 + 1 == rows[start].0 {
        start -= 1;
    }
    let mut end = at;
    while end + 1 < rows.len() && rows[end].0 + 1 == rows[end + 1].0 {
        end += 1;
    }
    rows[start..=end].iter().map(|(_, n)| *n).collect()
}

/// What to do with a documented field the examples have elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// Place it there: the table is attached to the wrong object.
    Move(Vec<TypeId>),
    /// Keep it, and let its row document those places too: they are nodes of one tree.
    Echo(Vec<TypeId>),
}

/// The keys examples give each object.
#[derive(Debug, Default)]
pub struct Sightings {
    /// Keys an example gives the object itself.
    pub direct: BTreeMap<TypeId, BTreeSet<String>>,
    /// Keys below the object (in objects its fields hold, at any depth) that only an example
    /// gives their own object, with those objects and how many objects down they are.
    pub deeper: BTreeMap<TypeId, BTreeMap<String, BTreeMap<TypeId, usize>>>,
}

impl Sightings {
    /// Records where `value`, of type `ty`, puts its keys.
    pub fn add(&mut self, types: &[Object], ty: &Ty, value: &Value) {
        self.walk(types, ty, value, 0);
    }

    /// Where else a documented field of `id` belongs: when examples reached `id` and never
    /// gave it `key`, the nearest objects below it that examples give `key` and no table
    /// documents it in. Objects named like `id` (a tree's nodes, `nds` in `nds`) are the same
    /// kind of object, where a field an example leaves out is no sign of a wrong place.
    pub fn elsewhere(&self, types: &[Object], id: TypeId, key: &str) -> Vec<TypeId> {
        let Some(direct) = self.direct.get(&id) else {
            return Vec::new();
        };
        if direct.contains(key) {
            return Vec::new();
        }
        let Some(owners) = self.deeper.get(&id).and_then(|d| d.get(key)) else {
            return Vec::new();
        };
        let name = types[id.0].path.last();
        let owners: Vec<(TypeId, usize)> = owners
            .iter()
            .filter(|(o, _)| name.is_none() || types[o.0].path.last() != name)
            .map(|(o, d)| (*o, *d))
            .collect();
        let nearest = owners.iter().map(|(_, d)| *d).min().unwrap_or(0);
        owners
            .into_iter()
            .filter(|(_, d)| *d == nearest)
            .map(|(o, _)| o)
            .collect()
    }

    /// The documented fields of `id` the examples have elsewhere, by field index, and what to
    /// do with each. Placement moves or echoes them; the audit doubts those still to move.
    ///
    /// A field goes where the examples have it when the places are of one kind (alike
    /// fields, or one name), except:
    /// - when the places hold fields the examples show in `id` itself, they are nodes of the
    ///   same tree (a rule of rules): the row documents them too, and the field stays;
    /// - in a request, unless the fields a table lacks in `id` outnumber those it shows there: a request example leaves optional fields out, so a missing one is no sign of
    ///   a wrong table (an `id` only sent when updating, beside a `functions[].id`).
    pub fn misplaced(&self, types: &[Object], id: TypeId) -> Vec<(usize, Placement)> {
        let obj = &types[id.0];
        let names = |o: &TypeId| -> Vec<&str> {
            let mut v: Vec<&str> = types[o.0].fields.iter().map(|f| &*f.wire_name).collect();
            v.sort_unstable();
            v
        };
        let named = |o: &TypeId| types[o.0].path.last();
        let shown = self.direct.get(&id);
        let confirmed: Vec<&str> = obj
            .fields
            .iter()
            .filter(|f| f.origin == Origin::Table)
            .map(|f| &*f.wire_name)
            .filter(|n| shown.is_some_and(|s| s.contains(*n)))
            .collect();
        let mut out = Vec::new();
        for (i, f) in obj.fields.iter().enumerate() {
            if f.origin != Origin::Table {
                continue;
            }
            let owners = self.elsewhere(types, id, &f.wire_name);
            let Some(first) = owners.first() else {
                continue;
            };
            // Several places of the same kind (`pod_filter` and `container_filter` built
            // alike, or two lists named `rules`) are each documented by the row.
            let alike = owners.iter().all(|o| names(o) == names(first))
                || owners.iter().all(|o| named(o) == named(first));
            if !alike {
                continue;
            }
            // A node of the same tree shows most of what the examples show here.
            let node = owners.iter().any(|o| {
                let keys = self.direct.get(o);
                let shared = confirmed
                    .iter()
                    .filter(|c| keys.is_some_and(|k| k.contains(**c)))
                    .count();
                shared > 0 && shared * 2 >= confirmed.len()
            });
            let placement = match node {
                true => Placement::Echo(owners),
                false => Placement::Move(owners),
            };
            out.push((i, placement));
        }
        if obj.side == Side::Request {
            // Judged per table: the rows of one table are on consecutive lines.
            let moving: Vec<usize> = out
                .iter()
                .filter(|(_, p)| matches!(p, Placement::Move(_)))
                .map(|(i, _)| *i)
                .collect();
            let stay: Vec<usize> = moving
                .iter()
                .copied()
                .filter(|&i| {
                    let rows = table_rows(obj, i);
                    let moves = rows.iter().filter(|r| moving.contains(r)).count();
                    let shown = rows
                        .iter()
                        .filter(|r| confirmed.contains(&&*obj.fields[**r].wire_name))
                        .count();
                    shown >= moves
                })
                .collect();
            out.retain(|(i, _)| !stay.contains(i));
        }
        out
    }

    /// The (key, object) pairs at or below `value`, for objects whose key is example-only,
    /// with how many objects down they are (0: `value` itself).
    fn walk(
        &mut self,
        types: &[Object],
        ty: &Ty,
        value: &Value,
        depth: usize,
    ) -> BTreeMap<(String, TypeId), usize> {
        let mut out = BTreeMap::new();
        // Examples are bounded in depth when read; this guards against a cycle of types.
        if depth > 64 {
            return out;
        }
        match (ty, value) {
            (Ty::Object(id), Value::Object(map)) => {
                let id = variant(types, *id, map);
                let obj = &types[id.0];
                self.direct
                    .entry(id)
                    .or_default()
                    .extend(map.keys().cloned());
                let mut below = BTreeMap::new();
                for (k, v) in map {
                    if let Some(f) = obj.fields.iter().find(|f| &f.wire_name == k) {
                        let found = self.walk(types, &f.ty, v, depth + 1);
                        merge(&mut below, found.into_iter().map(|(k, d)| (k, d + 1)));
                    }
                }
                let deeper = self.deeper.entry(id).or_default();
                for ((k, owner), d) in &below {
                    let at = deeper
                        .entry(k.clone())
                        .or_default()
                        .entry(*owner)
                        .or_insert(*d);
                    *at = (*at).min(*d);
                }
                out.extend(below);
                for f in &obj.fields {
                    if f.origin == Origin::Example && map.contains_key(&f.wire_name) {
                        out.insert((f.wire_name.clone(), id), 0);
                    }
                }
            }
            (Ty::Array(inner), Value::Array(items)) => {
                for item in items {
                    let found = self.walk(types, inner, item, depth + 1);
                    merge(&mut out, found);
                }
            }
            (Ty::Map(inner), Value::Object(map)) => {
                for v in map.values() {
                    let found = self.walk(types, inner, v, depth + 1);
                    merge(&mut out, found);
                }
            }
            _ => {}
        }
        out
    }
}

/// Adds sightings, keeping the nearest distance of each.
fn merge(
    into: &mut BTreeMap<(String, TypeId), usize>,
    found: impl IntoIterator<Item = ((String, TypeId), usize)>,
) {
    for (key, d) in found {
        let at = into.entry(key).or_insert(d);
        *at = (*at).min(d);
    }
}

/// The object a value is of: `id`, or for a union the variant sharing most keys with it.
fn variant(types: &[Object], id: TypeId, map: &serde_json::Map<String, Value>) -> TypeId {
    let score = |v: TypeId| {
        types[v.0]
            .fields
            .iter()
            .filter(|f| map.contains_key(&f.wire_name))
            .count()
    };
    let mut best: Option<(TypeId, usize)> = None;
    for ty in &types[id.0].variants {
        if let Ty::Object(v) = ty {
            if best.is_none_or(|(_, s)| score(*v) > s) {
                best = Some((*v, score(*v)));
            }
        }
    }
    best.map_or(id, |(v, _)| v)
}
