//! Manifests: YAML text → typed Kubernetes objects with the defaults the apiserver fills in, and
//! every problem the apiserver (or the cluster, later) would have with them, pointed at its line
//! and column.
//!
//! Pure: no web crates here (a test reads the sources to prove it).

pub mod binding;
pub mod decode;
pub mod defaults;
pub mod effective;
pub mod kinds;
pub mod lint;
pub mod names;
pub mod objects;
pub mod status;
pub mod update;
pub mod validate;
pub mod yaml;

use std::cell::RefCell;

use crate::i18n::Msg;
use objects::{Kind, Resource};
use yaml::{Node, Pos, Value};

/// Most objects read from one input.
pub const MAX_OBJECTS: usize = 20_000;

/// Most pods podplay's simulated cluster holds (system pods included). A lesson needs tens; a
/// minikube node runs 110, so this is nine full nodes. Each pod costs the page a few KiB in
/// the live cluster and again in each time-travel snapshot, and the scheduler looks at every
/// pending pod when room frees up: 1,000 keeps a phone well under its memory and frame budget.
/// Validation errors past it; the engine creates no pod past it.
pub const MAX_PODS: usize = 1_000;

/// Pods a minikube node runs (kubelet's default `maxPods`).
pub const NODE_PODS: usize = 110;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What a diagnostic is about, for code that acts on it (the console maps these to kubectl's
/// errors); the message says it to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// The text is not YAML (kubectl stops before it sends anything).
    Yaml,
    /// The input is larger than podplay reads.
    InputTooBig,
    /// More objects than podplay reads.
    TooManyObjects,
    /// A document that is not a mapping.
    NotObject,
    KindMissing,
    VersionMissing,
    /// A kind podplay knows, in an apiVersion that does not serve it.
    NoMatch,
    /// A kind the 1.34 API does not have (a custom resource).
    NotSimulated,
    /// A built-in kind podplay stores and lists without simulating what it does.
    StoredOnly,
    /// The object does not decode (unknown field, wrong type).
    Decode,
    /// The apiserver's validation rejects the object.
    Invalid,
    /// A StatefulSet's pods will fail validation when the controller creates them.
    TemplateInvalid,
    /// A Service selects no pod of the bundle.
    NoEndpoints,
    NamedPortMissing,
    TargetPortUnexposed,
    /// A StatefulSet's serviceName names no Service of the bundle.
    ServiceMissing,
    ServiceNotHeadless,
    /// A claim nothing can bind or provision.
    ClaimStaysPending,
    /// An object defined again.
    Duplicate,
    /// An object in a namespace that will not exist.
    NamespaceMissing,
    /// A set of files with no object at all (`kubectl apply` refuses it).
    NoObjects,
    /// More replicas than a minikube node runs: the rest stay Pending.
    ReplicasOverNodes,
    /// More replicas than podplay simulates ([`MAX_PODS`]): the object is applied, and its
    /// controller stops creating pods at the limit.
    ReplicasOverLimit,
}

impl Code {
    /// The text cannot be read as objects at all (kubectl stops before it sends anything).
    #[must_use]
    pub fn is_unparsable(self) -> bool {
        matches!(self, Code::Yaml | Code::InputTooBig | Code::TooManyObjects)
    }
}

/// One problem, at one place in one source.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Index into the sources given to [`analyze_sources`].
    pub source: usize,
    pub severity: Severity,
    pub code: Code,
    pub pos: Pos,
    pub msg: Msg,
}

/// An object read from the input, with the defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub source: usize,
    /// Where the object starts (its first key).
    pub pos: Pos,
    pub resource: Resource,
    /// Errors the apiserver would reject this object for; such an object is listed but never
    /// applied.
    pub n_errors: usize,
    /// The object's YAML, kept so later stages can point at any field's line.
    pub node: Node,
}

impl Object {
    #[must_use]
    pub fn kind(&self) -> Kind {
        self.resource.kind()
    }

    #[must_use]
    pub fn name(&self) -> &str {
        self.resource.metadata().name.as_deref().unwrap_or("")
    }

    /// The namespace, for namespaced kinds (defaulted to `default`).
    #[must_use]
    pub fn namespace(&self) -> Option<&str> {
        self.resource.metadata().namespace.as_deref()
    }

    /// Where `path` (`spec.template.spec.containers[0].name`) is written, or the nearest
    /// enclosing field that is.
    #[must_use]
    pub fn pos_of(&self, path: &str) -> Pos {
        pos_of(&self.node, path)
    }

    /// Whether `path` is written in the text (rather than filled in by a default).
    #[must_use]
    pub fn is_written(&self, path: &str) -> bool {
        is_written(&self.node, path)
    }
}

/// An object whose kind (at its apiVersion) the 1.34 API does not serve: a custom resource,
/// or a version since removed. `apply` refuses it alone and goes on with the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub source: usize,
    pub pos: Pos,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    /// `metadata.namespace` as written (empty when not).
    pub namespace: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    pub objects: Vec<Object>,
    pub skipped: Vec<Skipped>,
    /// Sorted by source, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    #[must_use]
    pub fn n_errors(&self) -> usize {
        self.count(Severity::Error)
    }

    #[must_use]
    pub fn n_warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// One named input text (a file, or the editor).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// The file the editor's text is applied from in the console (`kubectl apply -f editor.yaml`).
pub const EDITOR_FILE: &str = "editor.yaml";

/// Reads one text: the editor's, so warnings that quote kubectl name [`EDITOR_FILE`].
#[must_use]
pub fn analyze(text: &str) -> Analysis {
    analyze_sources(&[Source {
        name: EDITOR_FILE,
        text,
    }])
}

/// Reads several texts as one bundle: cross-object checks see all of them.
#[must_use]
pub fn analyze_sources(sources: &[Source<'_>]) -> Analysis {
    let mut reader = Reader::default();
    for (idx, src) in sources.iter().enumerate() {
        reader.source = idx;
        reader.read_text(src.text);
    }
    let mut analysis = Analysis {
        objects: reader.objects,
        skipped: reader.skipped,
        diagnostics: reader.diagnostics,
    };
    let names: Vec<&str> = sources.iter().map(|s| s.name).collect();
    analysis
        .diagnostics
        .extend(lint::lint(&analysis.objects, &names));
    analysis.diagnostics.sort_by_key(|d| (d.source, d.pos));
    analysis
}

/// One named file as bytes, as `podplay validate` reads it.
#[derive(Debug, Clone, Copy)]
pub struct FileBytes<'a> {
    pub name: &'a str,
    /// What was read: the whole file, or (past [`yaml::MAX_INPUT_BYTES`]) only its start.
    pub bytes: &'a [u8],
    /// The file's whole size in bytes.
    pub size: u64,
}

impl<'a> FileBytes<'a> {
    /// A file read whole.
    #[must_use]
    pub fn new(name: &'a str, bytes: &'a [u8]) -> FileBytes<'a> {
        FileBytes {
            name,
            bytes,
            size: bytes.len() as u64,
        }
    }
}

/// Reads files as `kubectl apply -f` would take them: a file that is not UTF-8 is one error at
/// its first bad octet (go-yaml's reader words) and nothing else of it is read; a set that holds
/// no object at all is kubectl's `no objects passed to apply` (`apply.go` `Run`: no infos and no
/// errors), pinned to the first file's start.
#[must_use]
pub fn analyze_files(files: &[FileBytes<'_>]) -> Analysis {
    let mut problems = Vec::new();
    let texts: Vec<&str> = files
        .iter()
        .enumerate()
        .map(|(i, f)| match std::str::from_utf8(f.bytes) {
            _ if f.size > yaml::MAX_INPUT_BYTES as u64 => {
                problems.push(Diagnostic {
                    source: i,
                    severity: Severity::Error,
                    code: Code::InputTooBig,
                    pos: Pos::new(1, 1),
                    msg: Msg::new("y.too.big")
                        .text(f.size.to_string())
                        .text(yaml::MAX_INPUT_BYTES.to_string()),
                });
                ""
            }
            Ok(t) => t,
            Err(e) => {
                let valid = f.bytes.get(..e.valid_up_to()).unwrap_or_default();
                let prefix = std::str::from_utf8(valid).unwrap_or_default();
                // go-yaml reads in order: a control character before the bad octet comes first.
                let (at, what) = match yaml::forbidden_char(prefix) {
                    Some(at) => (at, "control characters are not allowed"),
                    None => yaml::utf8_problem(f.bytes).unwrap_or((prefix.len(), "")),
                };
                problems.push(Diagnostic {
                    source: i,
                    severity: Severity::Error,
                    code: Code::Yaml,
                    pos: yaml::pos_at(prefix, at, 1),
                    msg: Msg::new("y.reader").text(what),
                });
                ""
            }
        })
        .collect();
    let sources: Vec<Source<'_>> = files
        .iter()
        .zip(&texts)
        .map(|(f, text)| Source { name: f.name, text })
        .collect();
    let mut analysis = analyze_sources(&sources);
    analysis.diagnostics.extend(problems);
    let nothing = analysis.objects.is_empty() && analysis.skipped.is_empty();
    if nothing && analysis.n_errors() == 0 && !files.is_empty() {
        analysis.diagnostics.push(Diagnostic {
            source: 0,
            severity: Severity::Error,
            code: Code::NoObjects,
            pos: Pos::new(1, 1),
            msg: Msg::new("y.no.objects"),
        });
    }
    analysis.diagnostics.sort_by_key(|d| (d.source, d.pos));
    analysis
}

#[derive(Default)]
struct Reader {
    source: usize,
    objects: Vec<Object>,
    skipped: Vec<Skipped>,
    diagnostics: Vec<Diagnostic>,
    n_read: usize,
}

impl Reader {
    fn diag(&mut self, severity: Severity, code: Code, pos: Pos, msg: Msg) {
        self.diagnostics.push(Diagnostic {
            source: self.source,
            severity,
            code,
            pos,
            msg,
        });
    }

    fn read_text(&mut self, text: &str) {
        if text.len() > yaml::MAX_INPUT_BYTES {
            self.diag(
                Severity::Error,
                Code::InputTooBig,
                Pos::new(1, 1),
                Msg::new("y.too.big")
                    .text(text.len().to_string())
                    .text(yaml::MAX_INPUT_BYTES.to_string()),
            );
            return;
        }
        for chunk in yaml::split_documents(text) {
            if let Some(at) = yaml::forbidden_char(chunk.text) {
                // kubectl converts each document alone: this one fails, as go-yaml's reader
                // fails, at the character.
                self.diag(
                    Severity::Error,
                    Code::Yaml,
                    yaml::pos_at(chunk.text, at, chunk.start_line),
                    Msg::new("y.reader").text("control characters are not allowed"),
                );
                continue;
            }
            match yaml::parse_chunk(chunk) {
                Ok(docs) => {
                    for root in docs.into_iter().filter_map(|d| d.root) {
                        self.read_root(root);
                    }
                }
                Err(e) => {
                    let msg = yaml_error_msg(&e);
                    self.diag(Severity::Error, Code::Yaml, e.pos(), msg);
                }
            }
        }
    }

    fn read_root(&mut self, root: Node) {
        let is_list =
            root.get("kind").and_then(Node::as_str) == Some("List") && root.get("items").is_some();
        if !is_list {
            self.read_object(root);
            return;
        }
        if let Value::Map(entries) = root.value {
            for (key, value) in entries {
                if key.name != "items" {
                    continue;
                }
                if let Value::Seq(items) = value.value {
                    for item in items {
                        self.read_object(item);
                    }
                }
            }
        }
    }

    fn read_object(&mut self, node: Node) {
        if self.n_read == MAX_OBJECTS {
            self.diag(
                Severity::Error,
                Code::TooManyObjects,
                node.pos,
                Msg::new("y.too.many").text(MAX_OBJECTS.to_string()),
            );
        }
        self.n_read += 1;
        if self.n_read > MAX_OBJECTS {
            return;
        }
        match &node.value {
            Value::Map(_) => {}
            Value::Null => return,
            _ => {
                let found = node.json_type();
                self.diag(
                    Severity::Error,
                    Code::NotObject,
                    node.pos,
                    Msg::new("obj.not.object").text(found),
                );
                return;
            }
        }
        let api_version = node.get("apiVersion").and_then(Node::as_str);
        let kind_name = node.get("kind").and_then(Node::as_str);
        let (Some(api_version), Some(kind_name)) = (api_version, kind_name) else {
            let (code, id) = if kind_name.is_none() {
                (Code::KindMissing, "obj.kind.missing")
            } else {
                (Code::VersionMissing, "obj.version.missing")
            };
            self.diag(Severity::Error, code, node.pos, Msg::new(id));
            return;
        };
        let skip = |reader: &mut Self| {
            let meta = node.get("metadata");
            let field = |f: &str| {
                meta.and_then(|m| m.get(f))
                    .and_then(Node::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            reader.skipped.push(Skipped {
                source: reader.source,
                pos: node.pos,
                api_version: api_version.to_string(),
                kind: kind_name.to_string(),
                name: field("name"),
                namespace: field("namespace"),
            });
        };
        let Some(kind) = Kind::from_name(kind_name) else {
            self.diag(
                Severity::Warning,
                Code::NotSimulated,
                node.pos,
                Msg::new("obj.not.simulated")
                    .text(kind_name)
                    .text(api_version),
            );
            skip(self);
            return;
        };
        if !kind.serves(api_version) {
            let pos = node.get("apiVersion").map_or(node.pos, |n| n.pos);
            self.diag(
                Severity::Error,
                Code::NoMatch,
                pos,
                Msg::new("obj.no.match").text(kind_name).text(api_version),
            );
            skip(self);
            return;
        }
        if let Kind::Stored(k) = kind {
            if k.row().has_behaviour {
                self.diag(
                    Severity::Warning,
                    Code::StoredOnly,
                    node.pos,
                    Msg::new("obj.stored").text(kind_name),
                );
            }
        }
        let version = api_version.rsplit('/').next().unwrap_or(api_version);
        let unknown = RefCell::new(Vec::new());
        let decoded = decode_resource(kind, &node, &unknown);
        let mut n_errors = 0;
        for u in unknown.into_inner() {
            let detail = match u.suggestion {
                Some(s) => Msg::new("sd.unknown.field.hint").text(&u.path).text(s),
                None => Msg::new("sd.unknown.field").text(&u.path),
            };
            n_errors += 1;
            self.diag(
                Severity::Error,
                Code::Decode,
                u.pos,
                Msg::new("obj.decode")
                    .text(kind.name())
                    .text(version)
                    .msg(detail),
            );
        }
        let mut resource = match decoded {
            Ok(r) => r,
            Err(e) => {
                let (pos, detail) = match e {
                    decode::DecodeError::WrongType {
                        got,
                        go_field,
                        go_type,
                        pos,
                    } => (
                        pos,
                        Msg::new("sd.wrong.type")
                            .text(got)
                            .text(go_field)
                            .text(go_type),
                    ),
                    decode::DecodeError::Custom(m) => (node.pos, Msg::new("sd.other").text(m)),
                };
                self.diag(
                    Severity::Error,
                    Code::Decode,
                    pos,
                    Msg::new("obj.decode")
                        .text(kind.name())
                        .text(version)
                        .msg(detail),
                );
                return;
            }
        };
        defaults::apply(&mut resource);
        let checked = validate::validate(&resource);
        let name = resource.metadata().name.clone().unwrap_or_default();
        for fe in &checked.errors {
            n_errors += 1;
            let pos = pos_of(&node, fe.position_path());
            self.diag(
                Severity::Error,
                Code::Invalid,
                pos,
                Msg::new("obj.invalid")
                    .text(kind.qualified())
                    .text(&name)
                    .msg(fe.msg.clone()),
            );
        }
        for fe in &checked.pod_failures {
            let pos = pos_of(&node, fe.position_path());
            let first_pod = match &resource {
                Resource::StatefulSet(s) => lint::first_pod_name(s),
                _ => format!("{name}-0"),
            };
            self.diag(
                Severity::Warning,
                Code::TemplateInvalid,
                pos,
                Msg::new("lint.template.invalid")
                    .text(first_pod)
                    .text(&name)
                    .msg(fe.msg.clone()),
            );
        }
        self.objects.push(Object {
            source: self.source,
            pos: node.pos,
            resource,
            n_errors,
            node,
        });
    }
}

fn decode_resource(
    kind: Kind,
    node: &Node,
    unknown: &RefCell<Vec<decode::UnknownField>>,
) -> Result<Resource, decode::DecodeError> {
    let body = node;
    Ok(match kind {
        Kind::Namespace => Resource::Namespace(decode::decode(body, unknown)?),
        Kind::StorageClass => Resource::StorageClass(decode::decode(body, unknown)?),
        Kind::PersistentVolume => Resource::PersistentVolume(decode::decode(body, unknown)?),
        Kind::ConfigMap => Resource::ConfigMap(decode::decode(body, unknown)?),
        Kind::Service => Resource::Service(decode::decode(body, unknown)?),
        Kind::PersistentVolumeClaim => {
            Resource::PersistentVolumeClaim(decode::decode(body, unknown)?)
        }
        Kind::Pod => Resource::Pod(decode::decode(body, unknown)?),
        Kind::ReplicaSet => Resource::ReplicaSet(decode::decode(body, unknown)?),
        Kind::Deployment => Resource::Deployment(decode::decode(body, unknown)?),
        Kind::StatefulSet => Resource::StatefulSet(decode::decode(body, unknown)?),
        Kind::Stored(kind) => {
            let metadata = match body.get("metadata") {
                Some(md) => decode::decode(md, unknown)?,
                None => objects::ObjectMeta::default(),
            };
            let mut fields = match body.to_json() {
                serde_json::Value::Object(m) => m,
                _ => serde_json::Map::new(),
            };
            for key in ["apiVersion", "kind", "metadata"] {
                fields.remove(key);
            }
            Resource::Stored(objects::Stored {
                kind,
                metadata,
                body: fields,
            })
        }
    })
}

fn yaml_error_msg(e: &yaml::YamlError) -> Msg {
    match e {
        yaml::YamlError::Syntax { pos, detail } => Msg::new("y.syntax")
            .text(pos.line.to_string())
            .text(detail.clone()),
        yaml::YamlError::DuplicateKey { pos, key } => Msg::new("y.duplicate.key")
            .text(pos.line.to_string())
            .text(key.clone()),
        yaml::YamlError::ComplexKey { .. } => Msg::new("y.complex.key"),
        yaml::YamlError::TooDeep { .. } => Msg::new("y.too.deep").text(yaml::MAX_DEPTH.to_string()),
        yaml::YamlError::AliasBomb { .. } => {
            Msg::new("y.alias.bomb").text(yaml::MAX_ALIAS_NODES.to_string())
        }
        yaml::YamlError::UnknownAlias { .. } => Msg::new("y.unknown.alias"),
    }
}

/// Where a field path is written: the key that introduces it, or for a list item the item
/// itself; when the path goes beyond what is written (a missing required field), the nearest
/// enclosing field.
#[must_use]
pub fn pos_of(root: &Node, path: &str) -> Pos {
    let mut node = root;
    let mut best = root.pos;
    for seg in path_segments(path) {
        let next = match (&node.value, seg) {
            (Value::Map(entries), Seg::Key(k)) => entries
                .iter()
                .find(|(key, _)| key.name == k)
                .map(|(key, v)| (key.pos, v)),
            (Value::Seq(items), Seg::Index(i)) => items.get(i).map(|n| (n.pos, n)),
            _ => None,
        };
        match next {
            Some((pos, child)) => {
                best = pos;
                node = child;
            }
            None => break,
        }
    }
    best
}

/// Whether every segment of `path` is written under `root`.
#[must_use]
pub fn is_written(root: &Node, path: &str) -> bool {
    let mut node = root;
    for seg in path_segments(path) {
        let next = match (&node.value, seg) {
            (Value::Map(entries), Seg::Key(k)) => entries
                .iter()
                .find(|(key, _)| key.name == k)
                .map(|(_, v)| v),
            (Value::Seq(items), Seg::Index(i)) => items.get(i),
            _ => None,
        };
        match next {
            Some(child) => node = child,
            None => return false,
        }
    }
    true
}

#[derive(Debug, PartialEq, Eq)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_segments(path: &str) -> Vec<Seg<'_>> {
    let mut segs = Vec::new();
    let bytes = path.as_bytes();
    let mut i = 0;
    let mut start = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'.' => {
                if i > start {
                    segs.push(Seg::Key(&path[start..i]));
                }
                start = i + 1;
            }
            b'[' => {
                if i > start {
                    segs.push(Seg::Key(&path[start..i]));
                }
                let end = path[i..].find(']').map_or(path.len(), |e| i + e);
                let inner = &path[i + 1..end];
                segs.push(match inner.parse::<usize>() {
                    Ok(n) => Seg::Index(n),
                    Err(_) => Seg::Key(inner),
                });
                i = end;
                start = end + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < path.len() {
        segs.push(Seg::Key(&path[start..]));
    }
    segs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_keys_indexes_and_bracketed_keys() {
        // Pins the field-path grammar apiserver errors use.
        assert_eq!(
            path_segments("spec.containers[0].ports[1].name"),
            vec![
                Seg::Key("spec"),
                Seg::Key("containers"),
                Seg::Index(0),
                Seg::Key("ports"),
                Seg::Index(1),
                Seg::Key("name")
            ]
        );
        assert_eq!(
            path_segments("metadata.labels[app.kubernetes.io/name]"),
            vec![
                Seg::Key("metadata"),
                Seg::Key("labels"),
                Seg::Key("app.kubernetes.io/name")
            ]
        );
    }
}
