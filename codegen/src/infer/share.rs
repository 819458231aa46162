//! Rule: *shared shapes*. Objects of one API with the same shape (side, openness, field wire
//! names, types and requiredness, or variants) become one type: the first one, whose name and
//! docs are kept. Repeated until nothing changes, since merging children can make parents equal.

use crate::ir::{Object, Side, Ty, TypeId};

/// An object's shape, with references to other objects through their representatives.
#[derive(PartialEq, Eq, Hash)]
struct Shape<'a> {
    side: Side,
    open: bool,
    fields: Vec<(&'a str, bool, Ty)>,
    variants: Vec<Ty>,
}

/// Maps every object id to the id of the first object with its shape.
pub fn representatives(types: &[Object]) -> Vec<TypeId> {
    let resolve = |ty: &Ty, rep: &[usize]| {
        let mut ty = ty.clone();
        ty.remap_object(|id| TypeId(rep[id.0]));
        ty
    };
    let rep = crate::shapes::representatives(types.len(), |i, rep| {
        let obj = &types[i];
        Some(Shape {
            side: obj.side,
            open: obj.open,
            fields: obj
                .fields
                .iter()
                .map(|f| (f.wire_name.as_str(), f.required, resolve(&f.ty, rep)))
                .collect(),
            variants: obj.variants.iter().map(|v| resolve(v, rep)).collect(),
        })
    });
    rep.into_iter().map(TypeId).collect()
}

/// Rewrites object references to their representatives.
pub fn apply(ty: &mut Ty, rep: &[TypeId]) {
    ty.remap_object(|id| rep[id.0]);
}
