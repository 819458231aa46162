//! Same-shape detection, the one fixpoint both inference (objects of one API,
//! [`crate::infer`]) and emission (objects of one system module, [`crate::emit`]) use.
//!
//! Items have shapes that may refer to other items; two items are the same when their shapes
//! are equal once every reference points at its class. Merging children can make parents
//! equal, so classes are refined until nothing changes. Each class is represented by its first
//! item in index order, so the result depends on the order of the items and nothing else.

use std::collections::HashMap;
use std::hash::Hash;

/// Each item's representative (the first item of its class). `key(i, rep)` is item `i`'s
/// shape with its references resolved through `rep` (each item's current representative);
/// `None` keeps the item apart from every other.
pub fn representatives<K: Hash + Eq>(
    count: usize,
    mut key: impl FnMut(usize, &[usize]) -> Option<K>,
) -> Vec<usize> {
    let mut rep: Vec<usize> = (0..count).collect();
    loop {
        let mut first: HashMap<K, usize> = HashMap::new();
        let mut changed = false;
        for i in 0..count {
            if rep[i] != i {
                continue;
            }
            let Some(k) = key(i, &rep) else { continue };
            match first.get(&k) {
                Some(&r) => {
                    rep[i] = r;
                    changed = true;
                }
                None => {
                    first.insert(k, i);
                }
            }
        }
        // Point chains at their end (always an earlier item) so one lookup suffices.
        for i in 0..count {
            let mut r = rep[i];
            while rep[r] != r {
                r = rep[r];
            }
            rep[i] = r;
        }
        if !changed {
            return rep;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items are (label, child): equal labels with equal children's classes are one class.
    fn classes(items: &[(&str, Option<usize>)]) -> Vec<usize> {
        representatives(items.len(), |i, rep| {
            let (label, child) = items[i];
            Some((label, child.map(|c| rep[c])))
        })
    }

    #[test]
    fn equal_leaves_then_their_parents_merge() {
        // 2 and 3 are equal leaves, so 0 and 1 (parents of each) become equal too.
        let items = [
            ("p", Some(2)),
            ("p", Some(3)),
            ("leaf", None),
            ("leaf", None),
        ];
        assert_eq!(classes(&items), [0, 0, 2, 2]);
    }

    #[test]
    fn different_children_keep_parents_apart_and_none_is_never_shared() {
        let items = [("p", Some(2)), ("p", Some(3)), ("a", None), ("b", None)];
        assert_eq!(classes(&items), [0, 1, 2, 3]);
        let never = representatives(3, |i, _| (i != 1).then_some(()));
        assert_eq!(never, [0, 1, 0]);
    }
}
