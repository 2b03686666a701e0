//! Span-aware YAML: the text is cut into documents the way kubectl cuts it (a line that starts
//! with `---`), and each document's parser events become a tree whose every node knows its
//! line and column. Scalars resolve as Kubernetes' YAML library (go-yaml v2, YAML 1.1) resolves
//! them, so `replicas: two` stays a string and `enabled: yes` becomes a bool.
//!
//! Every limit is explicit: input size, nesting depth and alias expansion, so that no input can
//! exhaust memory or time.

mod fast;

use std::borrow::Cow;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Largest input accepted, in bytes. The 10,000-object benchmark bundle is about 6 MiB.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// Deepest nesting of mappings and sequences accepted. Kubernetes objects nest about 12 deep.
pub const MAX_DEPTH: usize = 64;
/// Nodes that alias expansion may add beyond the nodes written in the text.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A position in the source text, 1-based line and 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    #[must_use]
    pub fn new(line: u32, col: u32) -> Self {
        Self { line, col }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key: Kubernetes objects only have string keys, so keys are kept as text. The
/// field names manifests use over and over are shared, not allocated per key.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: Cow<'static, str>,
    pub pos: Pos,
}

/// A scalar key as text, the way Kubernetes' YAML-to-JSON conversion writes map keys: a key
/// that resolves to a bool or a number (`n:`, `on:`, `80:`) becomes that value's text.
fn key_text(value: Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s),
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Seq(_) | Value::Map(_) => None,
    }
}

/// An unquoted key, resolved as the full parser resolves it.
fn plain_key(text: &str) -> Option<Cow<'static, str>> {
    let first = *text.as_bytes().first()?;
    let surely_text = first.is_ascii_alphabetic()
        && !matches!(
            text,
            "y" | "Y"
                | "yes"
                | "Yes"
                | "YES"
                | "n"
                | "N"
                | "no"
                | "No"
                | "NO"
                | "true"
                | "True"
                | "TRUE"
                | "false"
                | "False"
                | "FALSE"
                | "on"
                | "On"
                | "ON"
                | "off"
                | "Off"
                | "OFF"
                | "null"
                | "Null"
                | "NULL"
        );
    if surely_text {
        return Some(key_name(text));
    }
    let resolved = resolve_scalar(text.to_string(), TScalarStyle::Plain, None);
    key_text(resolved).map(|s| key_name(&s))
}

/// Whether a plain scalar may not start with byte `b` (YAML's indicator characters).
#[must_use]
pub fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// Field names manifests use over and over; a key among them is shared, not allocated.
const COMMON_KEYS: [&str; 64] = [
    "accessModes",
    "annotations",
    "apiVersion",
    "app",
    "args",
    "claimName",
    "clusterIP",
    "command",
    "configMap",
    "containerPort",
    "containers",
    "data",
    "emptyDir",
    "env",
    "httpGet",
    "image",
    "imagePullPolicy",
    "initialDelaySeconds",
    "items",
    "key",
    "kind",
    "labels",
    "limits",
    "livenessProbe",
    "matchExpressions",
    "matchLabels",
    "maxSurge",
    "maxUnavailable",
    "metadata",
    "minReadySeconds",
    "mountPath",
    "name",
    "namespace",
    "nodePort",
    "operator",
    "path",
    "periodSeconds",
    "persistentVolumeClaim",
    "podManagementPolicy",
    "port",
    "ports",
    "protocol",
    "readinessProbe",
    "replicas",
    "requests",
    "resources",
    "rollingUpdate",
    "selector",
    "serviceName",
    "sessionAffinity",
    "spec",
    "storage",
    "storageClassName",
    "strategy",
    "targetPort",
    "template",
    "type",
    "updateStrategy",
    "value",
    "valueFrom",
    "values",
    "volumeClaimTemplates",
    "volumeMounts",
    "volumes",
];

const KEY_SLOTS: usize = 256;

const fn key_hash(b: &[u8]) -> usize {
    (b.len() * 131 + b[0] as usize * 31 + b[b.len() - 1] as usize) % KEY_SLOTS
}

/// An open-addressing table of [`COMMON_KEYS`], built at compile time: a lookup hashes the
/// length and the two end bytes, then compares one or two candidates.
const KEY_TABLE: [&str; KEY_SLOTS] = {
    let mut table = [""; KEY_SLOTS];
    let mut i = 0;
    while i < COMMON_KEYS.len() {
        let mut slot = key_hash(COMMON_KEYS[i].as_bytes());
        while !table[slot].is_empty() {
            slot = (slot + 1) % KEY_SLOTS;
        }
        table[slot] = COMMON_KEYS[i];
        i += 1;
    }
    table
};

/// The key `text`, borrowed from [`COMMON_KEYS`] when it is one of them.
#[must_use]
pub fn key_name(text: &str) -> Cow<'static, str> {
    if !text.is_empty() {
        let mut slot = key_hash(text.as_bytes());
        loop {
            let candidate = KEY_TABLE[slot];
            if candidate.is_empty() {
                break;
            }
            if candidate == text {
                return Cow::Borrowed(candidate);
            }
            slot = (slot + 1) % KEY_SLOTS;
        }
    }
    Cow::Owned(text.to_string())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

impl Node {
    /// The JSON type name Go's decoder uses in "cannot unmarshal X into ..." errors.
    #[must_use]
    pub fn json_type(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }

    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The node as JSON, the form Kubernetes decodes objects from.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// One YAML document of the input, with the line its text starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// `None` for a document that holds only comments or nothing.
    pub root: Option<Node>,
    pub start_line: u32,
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlError {
    /// The YAML is malformed; `detail` is the parser's words.
    Syntax {
        pos: Pos,
        detail: String,
    },
    /// The same key twice in one mapping.
    DuplicateKey {
        pos: Pos,
        key: String,
    },
    /// A mapping key that is itself a mapping or a sequence.
    ComplexKey {
        pos: Pos,
    },
    TooDeep {
        pos: Pos,
    },
    AliasBomb {
        pos: Pos,
    },
    UnknownAlias {
        pos: Pos,
    },
}

impl YamlError {
    #[must_use]
    pub fn pos(&self) -> Pos {
        match self {
            YamlError::Syntax { pos, .. }
            | YamlError::DuplicateKey { pos, .. }
            | YamlError::ComplexKey { pos }
            | YamlError::TooDeep { pos }
            | YamlError::AliasBomb { pos }
            | YamlError::UnknownAlias { pos } => *pos,
        }
    }
}

/// The byte offset of the first character a YAML stream may not hold. go-yaml's reader
/// (`yaml_parser_update_buffer`, readerc.go) allows `#x9 | #xA | #xD | [#x20-#x7E] | #x85 |
/// [#xA0-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]` and fails on anything else with
/// "control characters are not allowed".
#[must_use]
pub fn forbidden_char(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().find_map(|(i, &b)| {
        let bad = match b {
            b'\t' | b'\n' | b'\r' => false,
            0x00..=0x1F | 0x7F => true,
            // U+0080..U+009F but U+0085 (a str's 0xC2 always leads a character).
            0xC2 => bytes
                .get(i + 1)
                .is_some_and(|&n| (0x80..=0x9F).contains(&n) && n != 0x85),
            // U+FFFE and U+FFFF.
            0xEF => {
                bytes.get(i + 1) == Some(&0xBF)
                    && bytes.get(i + 2).is_some_and(|&n| n == 0xBE || n == 0xBF)
            }
            _ => false,
        };
        bad.then_some(i)
    })
}

/// The first place `bytes` are not UTF-8, with go-yaml's words for it (readerc.go, in the order
/// its reader checks): `invalid leading UTF-8 octet`, `incomplete UTF-8 octet sequence`,
/// `invalid trailing UTF-8 octet`, `invalid length of a UTF-8 sequence`, `invalid Unicode
/// character`. `None` for valid UTF-8.
#[must_use]
pub fn utf8_problem(bytes: &[u8]) -> Option<(usize, &'static str)> {
    let at = std::str::from_utf8(bytes).err()?.valid_up_to();
    let rest = bytes.get(at..).unwrap_or_default();
    let lead = *rest.first()?;
    let (width, mut value) = match lead {
        0xC0..=0xDF => (2, u32::from(lead & 0x1F)),
        0xE0..=0xEF => (3, u32::from(lead & 0x0F)),
        0xF0..=0xF7 => (4, u32::from(lead & 0x07)),
        _ => return Some((at, "invalid leading UTF-8 octet")),
    };
    if rest.len() < width {
        return Some((at, "incomplete UTF-8 octet sequence"));
    }
    for &b in rest.iter().take(width).skip(1) {
        if b & 0xC0 != 0x80 {
            return Some((at, "invalid trailing UTF-8 octet"));
        }
        value = (value << 6) | u32::from(b & 0x3F);
    }
    let shortest = match width {
        2 => value >= 0x80,
        3 => value >= 0x800,
        _ => value >= 0x1_0000,
    };
    if !shortest {
        return Some((at, "invalid length of a UTF-8 sequence"));
    }
    Some((at, "invalid Unicode character"))
}

/// The line and column (in characters) of byte `offset` of `text`, whose first line is
/// `first_line`.
#[must_use]
pub fn pos_at(text: &str, offset: usize, first_line: u32) -> Pos {
    let before = text.get(..offset).unwrap_or(text);
    let newlines = before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |l| l.chars().count());
    Pos::new(
        first_line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX)),
        u32::try_from(col + 1).unwrap_or(u32::MAX),
    )
}

/// One chunk of the input between `---` separator lines, as kubectl's YAML reader cuts it.
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    pub text: &'a str,
    /// 1-based line number of the chunk's first line.
    pub start_line: u32,
}

/// Cuts the input where kubectl's document reader does: at each line that starts with `---`
/// followed by nothing but blanks or a comment.
#[must_use]
pub fn split_documents(text: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1u32;
    let mut offset = 0usize;
    for (line_no, line) in (1u32..).zip(text.split_inclusive('\n')) {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(rest) = body.strip_prefix("---") {
            let rest = rest.trim();
            if rest.is_empty() || rest.starts_with('#') {
                chunks.push(Chunk {
                    text: &text[start..offset],
                    start_line,
                });
                start = offset + line.len();
                start_line = line_no + 1;
            }
        }
        offset += line.len();
    }
    chunks.push(Chunk {
        text: &text[start..],
        start_line,
    });
    chunks
}

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
        n_nodes: usize,
    },
    Map {
        entries: Vec<(Key, Node)>,
        pending_key: Option<Key>,
        pos: Pos,
        anchor: usize,
        n_nodes: usize,
    },
}

struct Builder {
    line_offset: u32,
    stack: Vec<Frame>,
    anchors: Vec<(usize, Node, usize)>,
    alias_budget: usize,
    docs: Vec<Node>,
    saw_document: bool,
}

impl Builder {
    fn pos(&self, m: &Marker) -> Pos {
        let line = u32::try_from(m.line()).unwrap_or(u32::MAX);
        let col = u32::try_from(m.col()).unwrap_or(u32::MAX - 1);
        Pos::new(line.saturating_add(self.line_offset), col + 1)
    }

    fn complete(&mut self, node: Node, n_nodes: usize, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.retain(|(id, _, _)| *id != anchor);
            self.anchors.push((anchor, node.clone(), n_nodes));
        }
        match self.stack.last_mut() {
            None => {
                self.docs.push(node);
                Ok(())
            }
            Some(Frame::Seq {
                items, n_nodes: n, ..
            }) => {
                items.push(node);
                *n += n_nodes;
                Ok(())
            }
            Some(Frame::Map {
                entries,
                pending_key,
                n_nodes: n,
                ..
            }) => {
                *n += n_nodes;
                if let Some(key) = pending_key.take() {
                    entries.push((key, node));
                    return Ok(());
                }
                let pos = node.pos;
                let Some(name) = key_text(node.value) else {
                    return Err(YamlError::ComplexKey { pos });
                };
                *pending_key = Some(Key {
                    name: key_name(&name),
                    pos,
                });
                Ok(())
            }
        }
    }

    fn handle(&mut self, event: Event, marker: &Marker) -> Result<(), YamlError> {
        let pos = self.pos(marker);
        match event {
            Event::DocumentStart => self.saw_document = true,
            Event::Scalar(text, style, anchor, tag) => {
                let tag_suffix = tag.as_ref().map(|t| t.suffix.as_str());
                let value = resolve_scalar(text, style, tag_suffix);
                self.complete(Node { value, pos }, 1, anchor)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.push_frame(pos)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    pos,
                    anchor,
                    n_nodes: 1,
                });
            }
            Event::MappingStart(anchor, _) => {
                self.push_frame(pos)?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    pending_key: None,
                    pos,
                    anchor,
                    n_nodes: 1,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq {
                    items,
                    pos,
                    anchor,
                    n_nodes,
                }) => {
                    let pos = items.first().map_or(pos, |n| n.pos);
                    self.complete(
                        Node {
                            value: Value::Seq(items),
                            pos,
                        },
                        n_nodes,
                        anchor,
                    )?;
                }
                Some(Frame::Map {
                    entries,
                    pos,
                    anchor,
                    n_nodes,
                    ..
                }) => {
                    check_duplicate_keys(&entries)?;
                    let pos = entries.first().map_or(pos, |(k, _)| k.pos);
                    self.complete(
                        Node {
                            value: Value::Map(entries),
                            pos,
                        },
                        n_nodes,
                        anchor,
                    )?;
                }
                None => {}
            },
            Event::Alias(id) => {
                let Some((_, node, n_nodes)) = self.anchors.iter().find(|(a, _, _)| *a == id)
                else {
                    return Err(YamlError::UnknownAlias { pos });
                };
                if *n_nodes > self.alias_budget {
                    return Err(YamlError::AliasBomb { pos });
                }
                self.alias_budget -= *n_nodes;
                let (node, n_nodes) = (node.clone(), *n_nodes);
                self.complete(node, n_nodes, 0)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn push_frame(&self, pos: Pos) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            Err(YamlError::TooDeep { pos })
        } else {
            Ok(())
        }
    }
}

fn check_duplicate_keys(entries: &[(Key, Node)]) -> Result<(), YamlError> {
    if entries.len() <= 16 {
        for (i, (k, _)) in entries.iter().enumerate() {
            if entries[..i].iter().any(|(prev, _)| prev.name == k.name) {
                return Err(YamlError::DuplicateKey {
                    pos: k.pos,
                    key: k.name.to_string(),
                });
            }
        }
        return Ok(());
    }
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|a, b| entries[*a].0.name.cmp(&entries[*b].0.name).then(a.cmp(b)));
    for pair in order.windows(2) {
        if entries[pair[0]].0.name == entries[pair[1]].0.name {
            let k = &entries[pair[1]].0;
            return Err(YamlError::DuplicateKey {
                pos: k.pos,
                key: k.name.to_string(),
            });
        }
    }
    Ok(())
}

/// Resolves a scalar the way go-yaml v2 (which Kubernetes' YAML decoder wraps) does: YAML 1.1
/// booleans, null spellings, decimal, hex, octal and binary integers, floats. Quoted and block
/// scalars are always strings.
fn resolve_scalar(text: String, style: TScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::Str(text),
        Some("null") => return Value::Null,
        _ => {}
    }
    if style != TScalarStyle::Plain {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Value::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        if let Some(v) = parse_int(&text) {
            return v;
        }
        if is_float(&text) {
            if let Ok(f) = text.replace('_', "").parse::<f64>() {
                return Value::Float(f);
            }
        }
    }
    Value::Str(text)
}

fn parse_int(text: &str) -> Option<Value> {
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    let (neg, digits) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, &cleaned[1..]),
        Some(b'+') => (false, &cleaned[1..]),
        _ => (false, cleaned.as_str()),
    };
    if digits.is_empty() {
        return None;
    }
    let parsed = if let Some(hex) = digits.strip_prefix("0x") {
        i128::from_str_radix(hex, 16).ok()
    } else if let Some(bin) = digits.strip_prefix("0b") {
        i128::from_str_radix(bin, 2).ok()
    } else if digits.len() > 1 && digits.starts_with('0') {
        i128::from_str_radix(&digits[1..], 8).ok()
    } else if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<i128>().ok()
    } else {
        None
    }?;
    let signed = if neg { -parsed } else { parsed };
    match i64::try_from(signed) {
        Ok(i) => Some(Value::Int(i)),
        // Go decodes integers beyond int64 as float64.
        Err(_) => Some(Value::Float(signed as f64)),
    }
}

fn is_float(text: &str) -> bool {
    // [-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?
    let b = text.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let mut mantissa_digits = 0;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        mantissa_digits += 1;
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            mantissa_digits += 1;
            i += 1;
        }
    }
    if mantissa_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

/// Parses one chunk into its documents. A chunk that fails yields the error; documents the
/// chunk held before the error are dropped, as kubectl drops them.
///
/// Manifests as people write them take the fast path ([`parse_chunk_fast`]); anything it does
/// not handle goes through the full YAML parser ([`parse_chunk_full`]), with the same result.
pub fn parse_chunk(chunk: Chunk<'_>) -> Result<Vec<Document>, YamlError> {
    match fast::parse(chunk) {
        Some(docs) => Ok(docs),
        None => parse_chunk_full(chunk),
    }
}

/// The fast reader alone: `None` where it hands over to the full parser.
#[must_use]
pub fn parse_chunk_fast(chunk: Chunk<'_>) -> Option<Vec<Document>> {
    fast::parse(chunk)
}

/// The full YAML parser alone (yaml-rust2's events built into a tree).
pub fn parse_chunk_full(chunk: Chunk<'_>) -> Result<Vec<Document>, YamlError> {
    let mut builder = Builder {
        line_offset: chunk.start_line.saturating_sub(1),
        stack: Vec::new(),
        anchors: Vec::new(),
        alias_budget: MAX_ALIAS_NODES,
        docs: Vec::new(),
        saw_document: false,
    };
    let mut parser = Parser::new_from_str(chunk.text);
    let mut documents = Vec::new();
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((Event::DocumentEnd, _)) => {
                let root = builder.docs.pop();
                if builder.saw_document || root.is_some() {
                    documents.push(Document {
                        start_line: root.as_ref().map_or(chunk.start_line, |n| n.pos.line),
                        root,
                    });
                }
                builder.docs.clear();
                builder.anchors.clear();
                builder.saw_document = false;
            }
            Ok((event, marker)) => builder.handle(event, &marker)?,
            Err(e) => {
                let pos = builder.pos(e.marker());
                return Err(YamlError::Syntax {
                    pos,
                    detail: e.info().to_string(),
                });
            }
        }
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let docs = parse_chunk(Chunk {
            text,
            start_line: 1,
        })
        .unwrap();
        docs.into_iter().next().unwrap().root.unwrap()
    }

    #[test]
    fn every_common_key_is_found_in_the_table() {
        // Pins the compile-time hash table: each common key is shared, others are owned.
        for k in COMMON_KEYS {
            assert!(matches!(key_name(k), Cow::Borrowed(b) if b == k), "{k}");
        }
        assert!(matches!(key_name(""), Cow::Owned(_)));
        assert!(matches!(key_name("metadata"), Cow::Borrowed("metadata")));
        assert!(matches!(key_name("volumes"), Cow::Borrowed("volumes")));
        assert!(matches!(key_name("accessModes"), Cow::Borrowed(_)));
        assert!(matches!(key_name("zzz"), Cow::Owned(_)));
    }

    #[test]
    fn scalars_resolve_like_go_yaml_v2() {
        // Pins YAML 1.1 resolution: quoted stays text, yes/on are bools, 0755 is octal.
        let n = one("a: 80\nb: \"80\"\nc: yes\nd: two\ne: 0755\nf: 1.5\ng: ~\nh: 0x1F\ni: 1Gi\n");
        let v = |k: &str| n.get(k).unwrap().value.clone();
        assert_eq!(v("a"), Value::Int(80));
        assert_eq!(v("b"), Value::Str("80".into()));
        assert_eq!(v("c"), Value::Bool(true));
        assert_eq!(v("d"), Value::Str("two".into()));
        assert_eq!(v("e"), Value::Int(493));
        assert_eq!(v("f"), Value::Float(1.5));
        assert_eq!(v("g"), Value::Null);
        assert_eq!(v("h"), Value::Int(31));
        assert_eq!(v("i"), Value::Str("1Gi".into()));
    }

    #[test]
    fn keys_and_items_carry_one_based_positions() {
        // Pins line:col of keys and sequence items, which diagnostics point at.
        let n = one("spec:\n  replicas: 2\n  ports:\n  - port: 80\n");
        let Value::Map(top) = &n.value else { panic!() };
        assert_eq!(top[0].0.pos, Pos::new(1, 1));
        let spec = n.get("spec").unwrap();
        let Value::Map(entries) = &spec.value else {
            panic!()
        };
        assert_eq!(entries[0].0.pos, Pos::new(2, 3));
        assert_eq!(entries[0].1.pos, Pos::new(2, 13));
        let ports = spec.get("ports").unwrap();
        let Value::Seq(items) = &ports.value else {
            panic!()
        };
        assert_eq!(items[0].pos, Pos::new(4, 5));
    }

    #[test]
    fn documents_split_on_separator_lines_only() {
        // Pins kubectl's splitting: `---` with a comment splits, `--- {}` does not.
        let text = "a: 1\n---\nb: 2\n--- # two\nc: 3\n";
        let chunks = split_documents(text);
        assert_eq!(chunks.len(), 3);
        assert_eq!(chunks[1].start_line, 3);
        assert_eq!(chunks[2].text, "c: 3\n");
        assert_eq!(chunks[2].start_line, 5);
    }

    #[test]
    fn duplicate_keys_are_rejected_at_the_second_key() {
        // Pins go-yaml's "already set in map" check, pointed at the repeated key.
        let err = parse_chunk(Chunk {
            text: "a: 1\nb: 2\na: 3\n",
            start_line: 10,
        })
        .unwrap_err();
        assert_eq!(
            err,
            YamlError::DuplicateKey {
                pos: Pos::new(12, 1),
                key: "a".into()
            }
        );
    }

    #[test]
    fn alias_bombs_stop_at_the_budget() {
        // Pins the billion-laughs defence: expansion beyond the budget is an error, quickly.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let err = parse_chunk(Chunk {
            text: &text,
            start_line: 1,
        })
        .unwrap_err();
        assert!(matches!(err, YamlError::AliasBomb { .. }), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        // Pins the depth cap for both flow and block nesting.
        let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
        let err = parse_chunk(Chunk {
            text: &text,
            start_line: 1,
        })
        .unwrap_err();
        assert!(matches!(
            err,
            YamlError::TooDeep { .. } | YamlError::Syntax { .. }
        ));
    }

    #[test]
    fn syntax_errors_keep_the_parser_words_and_position() {
        // Pins the message go-yaml users know, at the offending column.
        let err = parse_chunk(Chunk {
            text: "a: b: c\n",
            start_line: 3,
        })
        .unwrap_err();
        assert_eq!(
            err,
            YamlError::Syntax {
                pos: Pos::new(3, 5),
                detail: "mapping values are not allowed in this context".into()
            }
        );
    }
}
