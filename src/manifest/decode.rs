//! Strict decoding of a YAML node tree into the typed objects, as the apiserver decodes with
//! `fieldValidation=Strict`: every unknown field is reported with its full path (and the known
//! field it is probably a typo of), and a value of the wrong type stops decoding with Go's
//! `json: cannot unmarshal …` words. Positions come along, so each problem points at its line.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::yaml::{Key, Node, Pos, Value};

/// A field the object's type does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField {
    pub path: String,
    pub pos: Pos,
    pub suggestion: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// `json: cannot unmarshal <got> into Go struct field <go_field> of type <go_type>`.
    WrongType {
        got: String,
        go_field: String,
        go_type: String,
        pos: Pos,
    },
    Custom(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::WrongType {
                got,
                go_field,
                go_type,
                ..
            } => write!(
                f,
                "json: cannot unmarshal {got} into Go struct field {go_field} of type {go_type}"
            ),
            DecodeError::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DecodeError::Custom(msg.to_string())
    }
}

/// A JSON value as a YAML node (positions 0:0), so typed values can be read back from JSON
/// through the one decoder the page already carries.
#[must_use]
pub fn node_of_json(v: &serde_json::Value) -> Node {
    use Value as Y;
    let value = match v {
        serde_json::Value::Null => Y::Null,
        serde_json::Value::Bool(b) => Y::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Y::Int(i),
            None => Y::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Y::Str(s.clone()),
        serde_json::Value::Array(a) => Y::Seq(a.iter().map(node_of_json).collect()),
        serde_json::Value::Object(m) => Y::Map(
            m.iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: std::borrow::Cow::Owned(k.clone()),
                        pos: Pos::default(),
                    };
                    (key, node_of_json(v))
                })
                .collect(),
        ),
    };
    Node {
        value,
        pos: Pos::default(),
    }
}

/// A typed value read from JSON (unknown fields ignored), or `None` if it does not decode.
#[must_use]
pub fn from_json<T: de::DeserializeOwned>(v: &serde_json::Value) -> Option<T> {
    let node = node_of_json(v);
    let unknown = RefCell::new(Vec::new());
    decode(&node, &unknown).ok()
}

/// Decodes `node` as a `T`, collecting unknown fields into `unknown`.
pub fn decode<'de, T: de::Deserialize<'de>>(
    node: &'de Node,
    unknown: &RefCell<Vec<UnknownField>>,
) -> Result<T, DecodeError> {
    T::deserialize(NodeDe {
        node,
        path: PathChain {
            seg: PathSeg::Root,
            up: None,
        },
        parent: "",
        rust_type: std::any::type_name::<T>(),
        unknown,
        field: None,
    })
}

/// One step of a field path. Paths are only rendered to text when a problem is reported, so
/// decoding a valid object allocates no path strings.
#[derive(Clone, Copy)]
enum PathSeg<'de> {
    Root,
    Field(&'de str),
    Index(usize),
    MapKey(&'de str),
}

#[derive(Clone, Copy)]
struct PathChain<'de, 'p> {
    seg: PathSeg<'de>,
    up: Option<&'p PathChain<'de, 'p>>,
}

impl PathChain<'_, '_> {
    fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(c) = cur {
            segs.push(c.seg);
            cur = c.up;
        }
        let mut out = String::new();
        for seg in segs.into_iter().rev() {
            match seg {
                PathSeg::Root => {}
                PathSeg::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                PathSeg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                PathSeg::MapKey(k) => {
                    out.push('[');
                    out.push_str(k);
                    out.push(']');
                }
            }
        }
        out
    }
}

struct NodeDe<'de, 'c, 'p> {
    node: &'de Node,
    path: PathChain<'de, 'p>,
    parent: &'static str,
    rust_type: &'static str,
    unknown: &'c RefCell<Vec<UnknownField>>,
    /// For a struct field's value: its key and the struct's known fields. The derived
    /// deserializers ignore a key they do not know; ignoring it here is where strict decoding
    /// records it, so known keys are matched once, not twice.
    field: Option<(&'de Key, &'static [&'static str])>,
}

impl<'de, 'c, 'p> NodeDe<'de, 'c, 'p> {
    fn wrong_type(&self) -> DecodeError {
        let got = match &self.node.value {
            // Go names out-of-range numbers with their value: "number 99999999999".
            Value::Int(i) if self.rust_type.ends_with("i32") => format!("number {i}"),
            _ => self.node.json_type().to_string(),
        };
        let field: String = strip_indexes(&self.path.render());
        DecodeError::WrongType {
            got,
            go_field: if self.parent.is_empty() {
                field
            } else {
                format!("{}.{field}", self.parent)
            },
            go_type: go_type_name(self.rust_type),
            pos: self.node.pos,
        }
    }

    /// Errors raised by visitors (a bool where an IntOrString belongs) become type errors here,
    /// where the path and position are known.
    fn attach(&self, e: DecodeError) -> DecodeError {
        match e {
            DecodeError::Custom(_) => self.wrong_type(),
            other => other,
        }
    }

    fn child<'a>(
        &'a self,
        node: &'de Node,
        seg: PathSeg<'de>,
        parent: &'static str,
        rust_type: &'static str,
    ) -> NodeDe<'de, 'c, 'a> {
        NodeDe {
            node,
            path: PathChain {
                seg,
                up: Some(&self.path),
            },
            parent,
            rust_type,
            unknown: self.unknown,
            field: None,
        }
    }
}

fn strip_indexes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Go's name for the Rust type a field decodes into, for `of type X` in errors.
fn go_type_name(rust: &str) -> String {
    let rust = rust
        .trim_start_matches("core::option::Option<")
        .trim_end_matches('>');
    let last = |s: &str| s.rsplit("::").next().unwrap_or(s).to_string();
    if let Some(inner) = rust.strip_prefix("alloc::vec::Vec<") {
        return format!("[]{}", go_type_name(inner.trim_end_matches('>')));
    }
    if rust.starts_with("alloc::collections::btree::map::BTreeMap<") {
        return if rust.contains("Quantity") {
            "v1.ResourceList".into()
        } else {
            "map[string]string".into()
        };
    }
    match last(rust).as_str() {
        "i32" => "int32".into(),
        "i64" => "int64".into(),
        "bool" => "bool".into(),
        "String" => "string".into(),
        "IntOrString" => "intstr.IntOrString".into(),
        "Quantity" => "resource.Quantity".into(),
        other => format!("v1.{other}"),
    }
}

impl<'de> de::Deserializer<'de> for NodeDe<'de, '_, '_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let r = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
                idx: 0,
                parent: &self,
            }),
            Value::Map(entries) => visitor.visit_map(MapDe {
                entries: entries.iter(),
                fields: None,
                struct_name: self.parent,
                pending: None,
                parent: &self,
            }),
        };
        r.map_err(|e| self.attach(e))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.value {
            Value::Bool(b) => visitor.visit_bool(b),
            _ => Err(self.wrong_type()),
        }
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.value {
            Value::Int(i) => match i32::try_from(i) {
                Ok(v) => visitor.visit_i32(v),
                Err(_) => Err(self.wrong_type()),
            },
            _ => Err(self.wrong_type()),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.value {
            Value::Int(i) => visitor.visit_i64(i),
            _ => Err(self.wrong_type()),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.value {
            #[allow(clippy::cast_precision_loss)]
            Value::Int(i) => visitor.visit_f64(i as f64),
            Value::Float(f) => visitor.visit_f64(f),
            _ => Err(self.wrong_type()),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::Str(s) => visitor.visit_borrowed_str(s),
            _ => Err(self.wrong_type()),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::Seq(items) => visitor
                .visit_seq(SeqDe {
                    items: items.iter(),
                    idx: 0,
                    parent: &self,
                })
                .map_err(|e| self.attach(e)),
            Value::Null => visitor.visit_seq(SeqDe {
                items: [].iter(),
                idx: 0,
                parent: &self,
            }),
            _ => Err(self.wrong_type()),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.value {
            Value::Map(entries) => visitor.visit_map(MapDe {
                entries: entries.iter(),
                fields: None,
                struct_name: self.parent,
                pending: None,
                parent: &self,
            }),
            Value::Null => visitor.visit_map(MapDe {
                entries: [].iter(),
                fields: None,
                struct_name: self.parent,
                pending: None,
                parent: &self,
            }),
            _ => Err(self.wrong_type()),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let entries: &'de [(Key, Node)] = match &self.node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => return Err(self.wrong_type()),
        };
        visitor.visit_map(MapDe {
            entries: entries.iter(),
            fields: Some(fields),
            struct_name: name,
            pending: None,
            parent: &self,
        })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        if let Some((key, fields)) = self.field {
            self.unknown.borrow_mut().push(UnknownField {
                path: self.path.render(),
                pos: key.pos,
                suggestion: suggest(&key.name, fields),
            });
        }
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 u8 u16 u32 u64 i128 u128 f32 char bytes byte_buf unit unit_struct
        tuple tuple_struct enum identifier
    }
}

struct SeqDe<'a, 'de, 'c, 'p> {
    items: std::slice::Iter<'de, Node>,
    idx: usize,
    parent: &'a NodeDe<'de, 'c, 'p>,
}

impl<'de> SeqAccess<'de> for SeqDe<'_, 'de, '_, '_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        let seg = PathSeg::Index(self.idx);
        self.idx += 1;
        let de = self.parent.child(
            node,
            seg,
            self.parent.parent,
            std::any::type_name::<T::Value>(),
        );
        seed.deserialize(de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'a, 'de, 'c, 'p> {
    entries: std::slice::Iter<'de, (Key, Node)>,
    fields: Option<&'static [&'static str]>,
    struct_name: &'static str,
    pending: Option<&'de (Key, Node)>,
    parent: &'a NodeDe<'de, 'c, 'p>,
}

impl<'de> MapAccess<'de> for MapDe<'_, 'de, '_, '_> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        for entry in self.entries.by_ref() {
            let name: &'de str = &entry.0.name;
            // apiVersion and kind are every object's TypeMeta; `status` is accepted and
            // ignored, as the apiserver ignores it on create.
            let at_root = matches!(self.parent.path.seg, PathSeg::Root);
            if at_root && matches!(name, "apiVersion" | "kind" | "status") {
                continue;
            }
            self.pending = Some(entry);
            let key = de::value::BorrowedStrDeserializer::<'de, DecodeError>::new(name);
            return seed.deserialize(key).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        let Some((key, node)) = self.pending.take() else {
            return Err(DecodeError::Custom("value without key".into()));
        };
        let seg = if self.fields.is_some() {
            PathSeg::Field(&key.name)
        } else {
            PathSeg::MapKey(&key.name)
        };
        let parent = if self.fields.is_some() {
            self.struct_name
        } else {
            self.parent.parent
        };
        let mut de = self
            .parent
            .child(node, seg, parent, std::any::type_name::<V::Value>());
        de.field = self.fields.map(|fields| (key, fields));
        seed.deserialize(de)
    }
}

/// The known field `name` is most likely a typo of: same letters in another case, or at most
/// two edits away (one for short names).
#[must_use]
pub fn suggest(name: &str, fields: &[&'static str]) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if let Some(f) = fields.iter().find(|f| f.to_ascii_lowercase() == lower) {
        return Some(f);
    }
    let limit = if name.len() <= 4 { 1 } else { 2 };
    fields
        .iter()
        .map(|f| (edit_distance(&lower, &f.to_ascii_lowercase()), *f))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::objects::StatefulSet;
    use crate::manifest::yaml::{parse_chunk, Chunk};

    fn node(text: &str) -> Node {
        parse_chunk(Chunk {
            text,
            start_line: 1,
        })
        .unwrap()
        .remove(0)
        .root
        .unwrap()
    }

    #[test]
    fn unknown_fields_are_collected_with_path_position_and_hint() {
        // Pins strict decoding: every unknown field, full path, key position, suggestion.
        let n = node("metadata:\n  name: web\nspec:\n  replica: 2\n  template:\n    spec:\n      containers:\n      - name: a\n        imagePullPolice: Always\n");
        let unknown = RefCell::new(Vec::new());
        let _: StatefulSet = decode(&n, &unknown).unwrap();
        let unknown = unknown.into_inner();
        assert_eq!(unknown.len(), 2);
        assert_eq!(unknown[0].path, "spec.replica");
        assert_eq!(unknown[0].pos, Pos::new(4, 3));
        assert_eq!(unknown[0].suggestion, Some("replicas"));
        assert_eq!(
            unknown[1].path,
            "spec.template.spec.containers[0].imagePullPolice"
        );
        assert_eq!(unknown[1].suggestion, Some("imagePullPolicy"));
    }

    #[test]
    fn wrong_types_use_go_words() {
        // Pins `replicas: two` → Go's unmarshal error naming struct, path and type.
        let n = node("spec:\n  replicas: two\n");
        let unknown = RefCell::new(Vec::new());
        let err = decode::<StatefulSet>(&n, &unknown).unwrap_err();
        assert_eq!(
            err.to_string(),
            "json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"
        );
        let n = node("spec:\n  template:\n    spec:\n      containers:\n      - name: 5\n");
        let err = decode::<StatefulSet>(&n, &unknown).unwrap_err();
        assert_eq!(
            err.to_string(),
            "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.name of type string"
        );
        let n = node("metadata:\n  labels:\n    app: true\n");
        let err = decode::<StatefulSet>(&n, &unknown).unwrap_err();
        assert_eq!(
            err.to_string(),
            "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string"
        );
    }

    #[test]
    fn suggestions_need_a_close_name() {
        // Pins that unrelated fields get no hint.
        assert_eq!(
            suggest("replica", &["replicas", "selector"]),
            Some("replicas")
        );
        assert_eq!(suggest("Replicas", &["replicas"]), Some("replicas"));
        assert_eq!(suggest("colour", &["replicas", "selector"]), None);
        assert_eq!(suggest("tmeplate", &["template"]), Some("template"));
    }
}
