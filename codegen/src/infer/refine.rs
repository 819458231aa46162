//! Examples as evidence: they add the fields tables forgot, give arrays their element types,
//! and correct table types so that every example deserialises into the generated types.

use crate::diag::{Code, DocDiag, Loc};
use crate::example::PathKey;
use crate::infer::tree::{ty_word, Tree, Undocumented};
use crate::infer::ExampleAt;
use crate::ir::{Field, Origin, Side, Ty, TypeId};
use crate::keys::{self, KeyKind};
use serde_json::Value;

/// Where a value is in its example: the steps to it from the top-level value, kept on the
/// stack as the refiner descends and made a [`PathKey`] only when a warning points there.
#[derive(Debug, Clone, Copy)]
pub enum Trail<'p> {
    /// The value at a path (the top-level value, or a response's `data`).
    At(PathKey),
    /// The member `key` of the object at the trail.
    Key(&'p Trail<'p>, &'p str),
    /// Element `index` of the array at the trail.
    Index(&'p Trail<'p>, usize),
}

impl Trail<'_> {
    /// The member `key` of the object here.
    pub fn key<'a>(&'a self, key: &'a str) -> Trail<'a> {
        Trail::Key(self, key)
    }

    /// Element `index` of the array here.
    pub fn index(&self, index: usize) -> Trail<'_> {
        Trail::Index(self, index)
    }

    /// The path this trail leads along.
    pub fn path(&self) -> PathKey {
        match *self {
            Trail::At(path) => path,
            Trail::Key(up, key) => up.path().key(key),
            Trail::Index(up, index) => up.path().index(index),
        }
    }
}

/// Refines types with one example.
pub struct Refiner<'t, 'd, 'a> {
    /// The arena.
    pub tree: &'t mut Tree,
    /// Where warnings go.
    pub diag: &'d mut DocDiag<'a>,
    /// Line of the example, for messages.
    pub line: usize,
    /// Where the example's parts are in the doc, for warnings to point at.
    pub(crate) at: ExampleAt<'t>,
    /// The request object and the fields its address's `{field}` segments name: a request
    /// example shows the body, so leaving them out does not make them optional.
    pub path_fields: (TypeId, &'t [String]),
}

impl Refiner<'_, '_, '_> {
    /// Returns `ty` widened or filled so that `value` fits it; `path` names the field for
    /// messages, `at` is where `value` is in the example.
    pub fn refine(
        &mut self,
        ty: Ty,
        value: &Value,
        side: Side,
        path: &[String],
        doc_line: usize,
        at: &Trail<'_>,
    ) -> Ty {
        let name = path.last().map(String::as_str).unwrap_or("(root)");
        let unnamed = |id: TypeId, tree: &Tree| tree.data_unnamed == Some(id);
        match (ty, value) {
            (ty, Value::Null) => ty,
            (Ty::Any, _) => Ty::Any,
            // Nothing documents `data`: the example says what it is.
            (Ty::Object(id), value)
                if unnamed(id, self.tree)
                    && !value.is_object()
                    && self.tree.types[id.0].fields.is_empty()
                    && self.tree.types[id.0].line.is_none() =>
            {
                self.tree.data_unnamed = None;
                self.from_value(value, side, path, at)
            }
            (Ty::Bool, Value::Bool(_)) => Ty::Bool,
            (Ty::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Ty::Integer,
            (Ty::Integer | Ty::Number, Value::Number(_)) => Ty::Number,
            (Ty::String, Value::String(_)) => Ty::String,
            // A bare `array` says nothing of its elements: the example does.
            (Ty::Array(inner), Value::Array(items))
                if *inner == Ty::Any && items.iter().any(|v| !v.is_null()) =>
            {
                self.tree.example_typed.insert((side, path.to_vec()));
                self.from_value(value, side, path, at)
            }
            (Ty::Array(inner), Value::Array(items)) => {
                let mut inner = self.split_rule_groups(*inner, items, side);
                for (i, item) in items.iter().enumerate() {
                    inner = self.refine(inner, item, side, path, doc_line, &at.index(i));
                }
                Ty::Array(Box::new(inner))
            }
            // A bare `map` says nothing of its values either; a null among them (a label to
            // delete) leaves them any JSON value, since a value type has no null.
            (Ty::Map(inner), Value::Object(map))
                if *inner == Ty::Any && !map.is_empty() && map.values().all(|v| !v.is_null()) =>
            {
                self.tree.example_typed.insert((side, path.to_vec()));
                let mut values = map.iter();
                let (k, first) = values.next().expect("not empty");
                let mut inner = self.from_value(first, side, path, &at.key(k));
                for (k, v) in values {
                    inner = self.refine(inner, v, side, path, doc_line, &at.key(k));
                }
                Ty::Map(Box::new(inner))
            }
            (Ty::Map(inner), Value::Object(map)) => {
                let mut inner = *inner;
                for (k, v) in map {
                    inner = self.refine(inner, v, side, path, doc_line, &at.key(k));
                }
                Ty::Map(Box::new(inner))
            }
            // The table says object, the example's keys are data (`{"10.0.0.1": {...}}`): a map
            // whose values are what the table documents, if anything.
            (Ty::Object(id), Value::Object(map)) if self.keyed_by_data(id, map) => {
                let inner = match self.tree.types[id.0].fields.is_empty() {
                    true => Ty::Any,
                    false => Ty::Object(id),
                };
                let mut inner = match inner {
                    Ty::Any => {
                        let mut values = map.iter().filter(|(_, v)| !v.is_null());
                        match values.next() {
                            Some((k, v)) => self.from_value(v, side, path, &at.key(k)),
                            None => Ty::Any,
                        }
                    }
                    ty => ty,
                };
                for (k, v) in map {
                    inner = self.refine(inner, v, side, path, doc_line, &at.key(k));
                }
                Ty::Map(Box::new(inner))
            }
            (Ty::Object(id), Value::Object(map)) => {
                let target = self.variant_for(id, map);
                self.refine_object(target, map, side, at);
                Ty::Object(id)
            }
            // The table says one object, the example shows a list of them.
            (Ty::Object(id), Value::Array(items))
                if items.iter().all(|v| v.is_object() || v.is_null()) =>
            {
                // Only examples made the object: one example disagrees with another (a paged
                // answer and a plain list), and no one type fits both.
                // So do a table's fields none of the list's objects has: the list is of
                // something else.
                let obj = &self.tree.types[id.0];
                let by_examples =
                    obj.line.is_none() && obj.fields.iter().all(|f| f.origin == Origin::Example);
                let has = |m: &serde_json::Map<String, Value>| {
                    obj.fields.iter().any(|f| m.contains_key(&f.wire_name))
                };
                let strangers = !items.iter().filter_map(Value::as_object).any(has);
                if obj.variants.is_empty() && !obj.fields.is_empty() && (by_examples || strangers) {
                    let loc = self.key_loc(at);
                    self.diag.warn(
                        Code::TypeConflict,
                        loc,
                        format!(
                            "`{name}` is an object elsewhere, the example at line {} has an array of other objects; using any JSON value so both hold",
                            self.line
                        ),
                        Some("show one shape per API, or document the field's type in a table"),
                    );
                    return Ty::Any;
                }
                // A `#### data` table with no row naming `data` may well describe the
                // elements of a list: no disagreement.
                if !unnamed(id, self.tree) {
                    self.conflict(
                        name,
                        doc_line,
                        "an object",
                        "an array of objects",
                        "an array of it",
                        at,
                    );
                }
                for (i, item) in items.iter().enumerate() {
                    if let Value::Object(map) = item {
                        self.refine_object(id, map, side, &at.index(i));
                    }
                }
                Ty::Array(Box::new(Ty::Object(id)))
            }
            (ty, value) => {
                let seen = ty_word(&self.from_value(value, side, path, at));
                // Elements of a bare `list` typed by an earlier example: no table said it.
                if self.tree.example_typed.contains(&(side, path.to_vec())) {
                    let loc = self.key_loc(at);
                    self.diag.warn(
                        Code::TypeConflict,
                        loc,
                        format!(
                            "an earlier example has {} in `{name}`, the example at line {} has {seen}; using any JSON value so both hold",
                            ty_word(&ty),
                            self.line
                        ),
                        Some("give the field's element type in the table (`array[int]`), or keep the examples alike"),
                    );
                } else {
                    self.conflict(name, doc_line, ty_word(&ty), seen, "any JSON value", at);
                }
                Ty::Any
            }
        }
    }

    /// Rule: *filter groups*. A documented filter rule (`field`, `operator`, `value`) whose
    /// example list also holds nested groups (`condition`, `rules`) becomes "a rule or a group
    /// of rules", recursively, instead of one struct that fits neither.
    fn split_rule_groups(&mut self, inner: Ty, items: &[Value], side: Side) -> Ty {
        let Ty::Object(atom) = inner else {
            return inner;
        };
        let obj = &self.tree.types[atom.0];
        let has = |name: &str| obj.fields.iter().any(|f| f.wire_name == name);
        let is_rule = obj.variants.is_empty() && has("field") && has("operator") && !has("rules");
        if !is_rule
            || !items
                .iter()
                .any(|v| v.get("rules").is_some_and(Value::is_array))
        {
            return inner;
        }
        let path = obj.path.clone();
        let at = |last: &str| {
            path.iter()
                .cloned()
                .chain([last.to_string()])
                .collect::<Vec<_>>()
        };
        let union = self.tree.add(side, at("rule"), false, None);
        let group = self
            .tree
            .add(side, at("group"), side == Side::Response, None);
        let field = |name: &str, ty: Ty, required: bool, description: &str| Field {
            wire_name: name.into(),
            ty,
            required,
            description: description.into(),
            line: self.line,
            origin: Origin::Example,
        };
        let fields = vec![
            field(
                "condition",
                Ty::String,
                false,
                "How the rules combine: AND or OR.",
            ),
            field(
                "rules",
                Ty::Array(Box::new(Ty::Object(union))),
                true,
                "The rules, each a rule or a nested group.",
            ),
        ];
        self.tree.types[group.0].fields = fields;
        self.tree.types[group.0].description = "A nested group of filter rules.".into();
        self.tree.types[union.0].variants = vec![Ty::Object(atom), Ty::Object(group)];
        self.tree.types[union.0].description = "A filter rule, or a nested group of rules.".into();
        // A plain rule always names its field: that is what tells the two apart on the wire.
        if let Some(f) = self.tree.types[atom.0]
            .fields
            .iter_mut()
            .find(|f| f.wire_name == "field")
        {
            f.required = true;
        }
        Ty::Object(union)
    }

    /// Whether an example's object for the object `id` is keyed by data: none of its keys is
    /// a field the object has, no example gave it named fields, and either all its keys are
    /// data (or placeholders), or there are several and each holds an object with the
    /// documented fields (`{"admin": {"uid": 1}, "guest": {"uid": 2}}` for a table of `uid`).
    fn keyed_by_data(&self, id: TypeId, map: &serde_json::Map<String, Value>) -> bool {
        let obj = &self.tree.types[id.0];
        let documented = |k: &String| obj.fields.iter().any(|f| &f.wire_name == k);
        if !obj.variants.is_empty()
            || obj.fields.iter().any(|f| f.origin == Origin::Example)
            || map.keys().any(documented)
        {
            return false;
        }
        let holds_documented = |v: &Value| v.as_object().is_some_and(|m| m.keys().any(documented));
        keys::keys_are_data(map.keys().map(String::as_str))
            || (map.len() >= 2 && map.values().all(holds_documented))
    }

    /// The object an example value refines: the object itself, or for a union the variant whose
    /// fields share most keys with the value.
    fn variant_for(&self, id: TypeId, map: &serde_json::Map<String, Value>) -> TypeId {
        let obj = &self.tree.types[id.0];
        let score = |ty: &Ty| match ty {
            Ty::Object(v) => self.tree.types[v.0]
                .fields
                .iter()
                .filter(|f| map.contains_key(&f.wire_name))
                .count(),
            _ => 0,
        };
        let mut best = None;
        for ty in &obj.variants {
            if let Ty::Object(v) = ty {
                if best.is_none_or(|(_, s)| score(ty) > s) {
                    best = Some((*v, score(ty)));
                }
            }
        }
        best.map_or(id, |(v, _)| v)
    }

    /// Where the member (its key) or element at `at` is, else the example's first line.
    fn key_loc(&self, at: &Trail<'_>) -> Loc {
        self.at
            .key(at.path())
            .unwrap_or_else(|| Loc::line(self.line))
    }

    /// A warning that the value at `at` does not have the type the table gives.
    fn conflict(
        &mut self,
        name: &str,
        doc_line: usize,
        doc: &str,
        seen: &str,
        taken: &str,
        at: &Trail<'_>,
    ) {
        let loc = self.key_loc(at);
        let at = if doc_line > 0 {
            format!(" (line {doc_line})")
        } else {
            String::new()
        };
        self.diag.warn(
            Code::TypeConflict,
            loc,
            format!("the table says `{name}`{at} is {doc}, the example at line {} has {seen}; using {taken} so the example holds", self.line),
            Some("make the table's type and the example agree"),
        );
    }

    /// Refines the object `id` with `map`, the object at `at`.
    fn refine_object(
        &mut self,
        id: TypeId,
        map: &serde_json::Map<String, Value>,
        side: Side,
        at: &Trail<'_>,
    ) {
        let documented = self.tree.types[id.0]
            .fields
            .iter()
            .any(|f| f.origin == Origin::Table);
        for (key, value) in map {
            let mut path = self.tree.types[id.0].path.clone();
            path.push(key.clone());
            let member = at.key(key);
            match self.tree.types[id.0]
                .fields
                .iter()
                .position(|f| &f.wire_name == key)
            {
                Some(i) => {
                    let field = &self.tree.types[id.0].fields[i];
                    let (ty, line) = (field.ty.clone(), field.line);
                    let ty = self.refine(ty, value, side, &path, line, &member);
                    self.tree.types[id.0].fields[i].ty = ty;
                }
                // A placeholder or a value among named keys (`"...": "..."`) is no field: the
                // object takes such keys as unknown fields.
                None if keys::kind(key) != KeyKind::Name => {
                    let loc = self.key_loc(&member);
                    self.diag.warn(
                        Code::DataKey,
                        loc,
                        format!(
                            "the example at line {} has the key `{key}`, which is {} rather than a field name; the object keeps such keys as unknown fields",
                            self.line,
                            keys::kind(key).word()
                        ),
                        Some("show real field names in the example, or only data keys for a map"),
                    );
                    self.tree.types[id.0].open = true;
                }
                None => {
                    if documented && !self.tree.types[id.0].open {
                        let loc = self.key_loc(&member);
                        self.tree.undocumented.push(Undocumented {
                            object: id,
                            key: key.clone(),
                            loc,
                            example_line: self.line,
                        });
                    }
                    let ty = self.from_value(value, side, &path, &member);
                    self.tree.types[id.0].fields.push(Field {
                        wire_name: key.clone(),
                        ty,
                        required: false,
                        description: String::new(),
                        line: self.line,
                        origin: Origin::Example,
                    });
                }
            }
        }
        // A required request field the example leaves out cannot be required: the example is
        // what real callers send.
        if side == Side::Request {
            let line = self.line;
            let mut demoted = Vec::new();
            let (root, in_path) = self.path_fields;
            for f in &mut self.tree.types[id.0].fields {
                if id == root && in_path.contains(&f.wire_name) {
                    continue;
                }
                if f.required && map.get(&f.wire_name).is_none_or(Value::is_null) {
                    f.required = false;
                    demoted.push((f.wire_name.clone(), f.line));
                }
            }
            for (name, doc_line) in demoted {
                // A `null` member is pointed at; for one left out, the object that lacks it.
                let present = map.contains_key(&name);
                let loc = if present {
                    self.at.key(at.path().key(&name))
                } else {
                    self.at.value(at.path())
                };
                let what = if present {
                    "sends it as null"
                } else {
                    "leaves it out"
                };
                self.diag.warn(
                    Code::TypeConflict,
                    loc.unwrap_or_else(|| Loc::line(line)),
                    format!("`{name}` is required by the table (line {doc_line}) but the example at line {line} {what}; making it optional"),
                    Some("mark the field optional, or add it to the example"),
                );
            }
        }
    }

    /// The type an example value shows, for a field no table documents; `at` is where the
    /// value is in the example.
    pub fn from_value(&mut self, value: &Value, side: Side, path: &[String], at: &Trail<'_>) -> Ty {
        match value {
            Value::Null => Ty::Any,
            Value::Bool(_) => Ty::Bool,
            Value::Number(n) if n.is_i64() || n.is_u64() => Ty::Integer,
            Value::Number(_) => Ty::Number,
            Value::String(_) => Ty::String,
            Value::Array(items) => {
                let mut iter = items.iter().enumerate().filter(|(_, v)| !v.is_null());
                let Some((i, first)) = iter.next() else {
                    return Ty::Array(Box::new(Ty::Any));
                };
                let mut inner = self.from_value(first, side, path, &at.index(i));
                for (i, item) in iter {
                    inner = self.refine(inner, item, side, path, 0, &at.index(i));
                }
                Ty::Array(Box::new(inner))
            }
            Value::Object(map) if keys::keys_are_data(map.keys().map(String::as_str)) => {
                let mut values = map.iter().filter(|(_, v)| !v.is_null());
                let Some((k, first)) = values.next() else {
                    return Ty::Map(Box::new(Ty::Any));
                };
                let mut inner = self.from_value(first, side, path, &at.key(k));
                for (k, v) in values {
                    inner = self.refine(inner, v, side, path, 0, &at.key(k));
                }
                Ty::Map(Box::new(inner))
            }
            Value::Object(map) => {
                let id = self.tree.add(side, path.to_vec(), true, None);
                self.refine_object(id, map, side, at);
                Ty::Object(id)
            }
        }
    }
}
