//! Bounds on how deep the types of one API may nest, so that no doc, however broken or
//! hostile, yields Rust that rustc or clippy rejects (structs nested by value about 60 deep
//! overflow rustc's recursion limit; deeply nested lists and maps are "very complex types").

use crate::diag::{Code, DocDiag};
use crate::infer::tree::Tree;
use crate::ir::{Ty, TypeId};

/// Objects are nested at most this deep below the request and the envelope; deeper ones are
/// kept as JSON maps. rustc gives up on structs nested by value about 60 levels deep (its
/// recursion limit), and no real API nests more than a few.
pub const MAX_TYPE_DEPTH: usize = 32;

/// Turns the objects deeper than [`MAX_TYPE_DEPTH`] into open maps, with one warning.
pub fn limit_depth(tree: &mut Tree, roots: &[TypeId], diag: &mut DocDiag<'_>) {
    let mut depth: Vec<Option<usize>> = vec![None; tree.types.len()];
    let mut queue = std::collections::VecDeque::new();
    for root in roots {
        depth[root.0] = Some(0);
        queue.push_back(*root);
    }
    let mut warned = false;
    while let Some(id) = queue.pop_front() {
        let d = depth[id.0].unwrap_or(0);
        let obj = &mut tree.types[id.0];
        let line = obj
            .line
            .or_else(|| obj.fields.first().map(|f| f.line))
            .unwrap_or(1);
        let path = match obj.path.len() {
            0 => "the top level".to_string(),
            1..=3 => format!("`{}`", obj.path.join(".")),
            n => format!("`….{}`", obj.path[n - 3..].join(".")),
        };
        let mut cut = false;
        for ty in obj.children_mut() {
            cut |= limit_containers(ty, MAX_CONTAINER_DEPTH);
            if d + 1 >= MAX_TYPE_DEPTH {
                cut |= objects_to_maps(ty);
            } else {
                if let Some(child) = ty.object().filter(|c| depth[c.0].is_none()) {
                    depth[child.0] = Some(d + 1);
                    queue.push_back(child);
                }
            }
        }
        if cut && !warned {
            warned = true;
            diag.warn(
                Code::TooDeep,
                line,
                format!(
                    "types are nested deeper than the limits ({MAX_TYPE_DEPTH} objects, {MAX_CONTAINER_DEPTH} lists or maps in one field) at {path}; the deeper part is kept as JSON"
                ),
                Some("shorten the example or the tables: real data is rarely nested more than a few levels"),
            );
        }
    }
}

/// Lists and maps are nested at most this deep in one field (`Vec<Vec<Vec<Vec<_>>>>`); deeper
/// content is kept as JSON. Real data nests two or three; deeper ones make types that clippy
/// rejects as too complex.
pub const MAX_CONTAINER_DEPTH: usize = 4;

/// Replaces what is nested deeper than `depth` lists and maps inside `ty` by any JSON value;
/// returns whether there was such a thing.
fn limit_containers(ty: &mut Ty, depth: usize) -> bool {
    match ty.at_depth_mut(depth) {
        Some(deep @ (Ty::Array(_) | Ty::Map(_))) => {
            *deep = Ty::Any;
            true
        }
        _ => false,
    }
}

/// Replaces every object inside `ty` by an open map; returns whether there was one.
fn objects_to_maps(ty: &mut Ty) -> bool {
    let inner = ty.innermost_mut();
    let is_object = matches!(inner, Ty::Object(_));
    if is_object {
        *inner = Ty::Map(Box::new(Ty::Any));
    }
    is_object
}
