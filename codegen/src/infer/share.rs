//! Rule: *shared shapes*. Objects of one API with the same shape (side, openness, field wire
//! names, types and requiredness, or variants) become one type: the first one, whose name and
//! docs are kept. Repeated until nothing changes, since merging children can make parents equal.

use crate::ir::{Object, Ty, TypeId};
use std::collections::BTreeMap;

/// Maps every object id to the id of the first object with its shape.
pub fn representatives(types: &[Object]) -> Vec<TypeId> {
    let mut rep: Vec<TypeId> = (0..types.len()).map(TypeId).collect();
    loop {
        let mut first: BTreeMap<String, TypeId> = BTreeMap::new();
        let mut changed = false;
        for (i, obj) in types.iter().enumerate() {
            if rep[i] != TypeId(i) {
                continue;
            }
            let key = shape(obj, &rep);
            match first.get(&key) {
                Some(&r) => {
                    rep[i] = r;
                    changed = true;
                }
                None => {
                    first.insert(key, TypeId(i));
                }
            }
        }
        // Point chains at their end so one lookup suffices.
        for i in 0..rep.len() {
            let mut r = rep[i];
            while rep[r.0] != r {
                r = rep[r.0];
            }
            rep[i] = r;
        }
        if !changed {
            return rep;
        }
    }
}

fn shape(obj: &Object, rep: &[TypeId]) -> String {
    let mut key = format!("{:?}|{}|", obj.side, obj.open);
    for f in &obj.fields {
        key.push_str(&format!(
            "{}:{}:{};",
            f.wire_name,
            f.required,
            ty_key(&f.ty, rep)
        ));
    }
    key.push('|');
    for v in &obj.variants {
        key.push_str(&ty_key(v, rep));
        key.push(';');
    }
    key
}

fn ty_key(ty: &Ty, rep: &[TypeId]) -> String {
    match ty {
        Ty::Object(id) => format!("#{}", rep[id.0].0),
        Ty::Array(inner) => format!("[{}]", ty_key(inner, rep)),
        Ty::Map(inner) => format!("{{{}}}", ty_key(inner, rep)),
        other => format!("{other:?}"),
    }
}

/// Rewrites object references to their representatives.
pub fn apply(ty: &mut Ty, rep: &[TypeId]) {
    match ty {
        Ty::Object(id) => *id = rep[id.0],
        Ty::Array(inner) | Ty::Map(inner) => apply(inner, rep),
        _ => {}
    }
}
