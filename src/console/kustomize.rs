//! kustomize as kubectl 1.34 embeds it (kubernetes-sigs/kustomize v5.7.1): `kubectl kustomize
//! DIR` prints the built objects, and `apply -k` / `delete -k` read them (see
//! [`super::fetch::sources`]). The kustomization fields the official tutorials use are built:
//! `resources` (files and nested kustomization folders), `secretGenerator` and
//! `configMapGenerator` (`literals`, `files`, `envs`, `env`, `type`, `options`),
//! `generatorOptions`, `namespace`, `namePrefix`, `nameSuffix`, `commonLabels`, `labels`,
//! `commonAnnotations`, `replicas`, `images`, strategic-merge `patches`. Other real fields say, in one line, that podplay
//! does not simulate them.
//!
//! The steps follow `api/internal/target/kusttarget.go`: resources, then generators, then the
//! transformers; at the top only, the content hash on generated names (`addHashesToNames`), the
//! back references to renamed objects (`FixBackReferences`), and kustomize's legacy kind order
//! (`api/internal/builtins/SortOrderTransformer.go`, the default `--reorder legacy`).

pub mod hash;
pub mod patch;
pub mod transform;

use serde_json::{json, Map, Value};

use crate::i18n::{Lang, Msg};

use super::parse::{flag, FlagSpec};
use super::{Files, Output, Workdir};

/// The directory the learner's shell is in (`pwd`); kustomize's errors name absolute paths.
pub const HOME: &str = "/home/learner";

/// `konfig.RecognizedKustomizationFileNames()`.
const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Every field of `types.Kustomization` (v5.7.1); a key not here is kustomize's strict-decoding
/// error. The second value: podplay builds it.
const FIELDS: &[(&str, bool)] = &[
    ("apiVersion", true),
    ("bases", true),
    ("buildMetadata", false),
    ("commonAnnotations", true),
    ("commonLabels", true),
    ("components", false),
    ("configMapGenerator", true),
    ("configurations", false),
    ("crds", false),
    ("generatorOptions", true),
    ("generators", false),
    ("helmChartInflationGenerator", false),
    ("helmCharts", false),
    ("helmGlobals", false),
    ("imageTags", false),
    ("images", true),
    ("kind", true),
    ("labels", true),
    ("metadata", true),
    ("namePrefix", true),
    ("nameSuffix", true),
    ("namespace", true),
    ("openapi", false),
    ("patches", true),
    ("patchesJson6902", true),
    ("patchesStrategicMerge", true),
    ("replacements", false),
    ("replicas", true),
    ("resources", true),
    ("secretGenerator", true),
    ("sortOptions", false),
    ("transformers", false),
    ("validators", false),
    ("vars", false),
];

/// `types.CheckDeprecatedFields`: the warnings kustomize prints on stderr while it builds.
const DEPRECATED: &[(&str, &str)] = &[
    ("bases", "# Warning: 'bases' is deprecated. Please use 'resources' instead. Run 'kustomize edit fix' to update your Kustomization automatically."),
    ("commonLabels", "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically."),
    ("patchesJson6902", "# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."),
    ("patchesStrategicMerge", "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."),
];

/// Why a build stopped: kustomize's error (printed after `error: `), or a field podplay does
/// not build (an i18n note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Error(String),
    Unsimulated(String),
}

impl Failure {
    /// Prints the failure as kubectl would (or podplay's note).
    pub fn print(&self, lang: Lang, out: &mut Output) {
        match self {
            Failure::Error(e) => out.err(&format!("error: {e}")),
            Failure::Unsimulated(field) => out.err(
                &Msg::new("console.kustomize.field")
                    .text(field.as_str())
                    .render(lang),
            ),
        }
    }
}

/// One object on its way through the build.
#[derive(Debug, Clone)]
pub struct Item {
    pub obj: Value,
    /// The name it had when first read or generated (what other objects refer to).
    pub orig_name: String,
    /// Made by a generator with the hash suffix enabled.
    pub hashed: bool,
}

impl Item {
    fn kind(&self) -> &str {
        self.obj.get("kind").and_then(Value::as_str).unwrap_or("")
    }
}

/// The result of a build: the objects in kustomize's output order, and its warnings.
#[derive(Debug, Clone, Default)]
pub struct Built {
    pub objects: Vec<Value>,
    pub warnings: Vec<String>,
}

impl Built {
    /// The objects as `kubectl kustomize` prints them (YAML documents joined by `---`).
    #[must_use]
    pub fn yaml(&self) -> String {
        self.objects
            .iter()
            .map(super::get::serial::to_yaml)
            .collect::<Vec<_>>()
            .join("---\n")
    }
}

/// `/home/learner/dir` for a Workdir folder (`""` is the working directory itself).
#[must_use]
pub fn absolute(dir: &str) -> String {
    if dir.is_empty() {
        HOME.to_string()
    } else {
        format!("{HOME}/{dir}")
    }
}

/// `dir/name`, normalized (`./a/../b` → `b`).
#[must_use]
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        Workdir::normalize(name)
    } else {
        Workdir::normalize(&format!("{dir}/{name}"))
    }
}

/// Whether `dir` is a folder of the Workdir: some document lives under it, or (for a base that
/// lists only its top level, as `podplay run`'s folder does) it holds a kustomization.
#[must_use]
pub fn is_dir(files: &dyn Files, dir: &str) -> bool {
    dir.is_empty()
        || files
            .names()
            .iter()
            .any(|n| n.starts_with(&format!("{dir}/")))
        || FILE_NAMES.iter().any(|n| files.read(&join(dir, n)).is_ok())
}

/// A URL or a git repository (`github.com/owner/repo//path?ref=v1`), which kustomize fetches.
fn remote(path: &str) -> bool {
    path.contains("://") || path.starts_with("github.com/") || path.starts_with("git@")
}

/// `RestrictionRootOnly` (api/internal/loader/loadrestrictions.go): kustomize's error when the
/// file `full` is not in or below the kustomization folder `dir`.
#[must_use]
pub fn outside_root(dir: &str, full: &str) -> Option<String> {
    let inside = dir.is_empty() && !full.starts_with("../") && full != ".."
        || full.starts_with(&format!("{dir}/"));
    (!inside).then(|| {
        format!(
            "security; file '{}' is not in or below '{}'",
            absolute(full),
            absolute(dir)
        )
    })
}

/// Builds the kustomization in `path` (as the learner typed it: `./`, `overlay`).
///
/// # Errors
/// kustomize's error for the folder, its kustomization or its resources.
pub fn build(files: &dyn Files, path: &str) -> Result<Built, Failure> {
    build_ordered(files, path, true)
}

/// [`build`], sorted by kustomize's legacy kind order or (`legacy` false) as read.
///
/// # Errors
/// As [`build`].
pub fn build_ordered(files: &dyn Files, path: &str, legacy: bool) -> Result<Built, Failure> {
    if remote(path) {
        return Err(Failure::Unsimulated("remote kustomizations".into()));
    }
    let dir = Workdir::normalize(path);
    if !is_dir(files, &dir) {
        let abs = absolute(&dir);
        // `loader.NewLoader` → `filesys.ConfirmDir` (kyaml/filesys/filesystem.go, fsondisk.go).
        return Err(Failure::Error(if files.read(&dir).is_ok() {
            format!("must build at directory: '{path}': file is not directory")
        } else {
            format!("must build at directory: not a valid directory: evalsymlink failure on '{path}' : lstat {abs}: no such file or directory")
        }));
    }
    let mut built = Built::default();
    let mut items = target(files, &dir, std::slice::from_ref(&dir), &mut built.warnings)?;
    transform::add_hashes(&mut items);
    transform::fix_references(&mut items);
    if legacy {
        transform::legacy_sort(&mut items);
    }
    built.objects = items.into_iter().map(|i| i.obj).collect();
    Ok(built)
}

/// The kustomization file of `dir` as JSON, after kustomize's checks (`LoadKustFile`,
/// `Kustomization.Unmarshal`, `CheckEmpty`, `EnforceFields`).
fn load(files: &dyn Files, dir: &str) -> Result<Map<String, Value>, Failure> {
    let found: Vec<String> = FILE_NAMES
        .iter()
        .filter_map(|n| files.read(&join(dir, n)).ok())
        .collect();
    let text = match found.as_slice() {
        [] => {
            let names: Vec<String> = FILE_NAMES.iter().map(|n| format!("'{n}'")).collect();
            return Err(Failure::Error(format!(
                "unable to find one of {}, {} or {} in directory '{}'",
                names[0],
                names[1],
                names[2],
                absolute(dir)
            )));
        }
        [one] => one.clone(),
        _ => {
            return Err(Failure::Error(format!(
                "Found multiple kustomization files under: {}\n",
                absolute(dir)
            )))
        }
    };
    let value = yaml_values(&text)
        .map_err(|e| Failure::Error(format!("invalid Kustomization: {e}")))?
        .into_iter()
        .next()
        .unwrap_or(Value::Null);
    let map = match value {
        Value::Object(m) => m,
        Value::Null => Map::new(),
        other => {
            return Err(Failure::Error(format!(
                "invalid Kustomization: json: cannot unmarshal {} into Go value of type types.Kustomization",
                go_type(&other)
            )))
        }
    };
    for key in map.keys() {
        match FIELDS.iter().find(|(f, _)| f == key) {
            None => {
                return Err(Failure::Error(format!(
                    "invalid Kustomization: json: unknown field \"{key}\""
                )))
            }
            Some((_, false)) => return Err(Failure::Unsimulated(key.clone())),
            Some(_) => {}
        }
    }
    if map
        .keys()
        .all(|k| k == "apiVersion" || k == "kind" || k == "metadata")
    {
        return Err(Failure::Error("kustomization.yaml is empty".into()));
    }
    let kind = str_field(&map, "kind");
    let version = str_field(&map, "apiVersion");
    let mut errs = Vec::new();
    if !kind.is_empty() && kind != "Kustomization" && kind != "Component" {
        errs.push("kind should be Kustomization or Component".to_string());
    }
    let required = if kind == "Component" {
        "kustomize.config.k8s.io/v1alpha1"
    } else {
        "kustomize.config.k8s.io/v1beta1"
    };
    if !version.is_empty() && version != required {
        errs.push(format!("apiVersion for {kind} should be {required}"));
    }
    if !errs.is_empty() {
        return Err(Failure::Error(format!(
            "Failed to read kustomization file under {}:\n{}",
            absolute(dir),
            errs.join("\n")
        )));
    }
    Ok(map)
}

/// Go's name for a JSON value's type, as `json: cannot unmarshal X` says it.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn str_field(map: &Map<String, Value>, key: &str) -> String {
    map.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A list of strings of the kustomization, or Go's decoding error for it.
fn strings(map: &Map<String, Value>, key: &str, owner: &str) -> Result<Vec<String>, Failure> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                other => Err(Failure::Error(format!(
                    "invalid Kustomization: json: cannot unmarshal {} into Go struct field {owner}.{key} of type string",
                    go_type(other)
                ))),
            })
            .collect(),
        Some(other) => Err(Failure::Error(format!(
            "invalid Kustomization: json: cannot unmarshal {} into Go struct field {owner}.{key} of type []string",
            go_type(other)
        ))),
    }
}

/// A map of strings (`commonLabels`, `options.labels`), or Go's decoding error for it.
fn string_map(
    map: &Map<String, Value>,
    key: &str,
    owner: &str,
) -> Result<Vec<(String, String)>, Failure> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                other => Err(Failure::Error(format!(
                    "invalid Kustomization: json: cannot unmarshal {} into Go struct field {owner}.{key} of type string",
                    go_type(other)
                ))),
            })
            .collect(),
        Some(other) => Err(Failure::Error(format!(
            "invalid Kustomization: json: cannot unmarshal {} into Go struct field {owner}.{key} of type map[string]string",
            go_type(other)
        ))),
    }
}

/// The YAML documents of `text` as JSON (empty documents skipped).
///
/// # Errors
/// The parser's words for malformed YAML.
pub fn yaml_values(text: &str) -> Result<Vec<Value>, String> {
    let mut values = Vec::new();
    for chunk in crate::manifest::yaml::split_documents(text) {
        let docs = crate::manifest::yaml::parse_chunk(chunk).map_err(|e| {
            use crate::manifest::yaml::YamlError as E;
            // go-yaml's `yaml: line N: …` shape; the detail is podplay's parser's words.
            let detail = match &e {
                E::Syntax { detail, .. } => detail.clone(),
                E::DuplicateKey { key, .. } => format!("key \"{key}\" already set in map"),
                E::ComplexKey { .. } => "invalid map key".to_string(),
                E::TooDeep { .. } => "exceeded max depth".to_string(),
                E::AliasBomb { .. } => "document contains excessive aliasing".to_string(),
                E::UnknownAlias { .. } => "unknown anchor referenced".to_string(),
            };
            format!("yaml: line {}: {detail}", e.pos().line)
        })?;
        values.extend(docs.into_iter().filter_map(|d| d.root.map(|n| n.to_json())));
    }
    Ok(values)
}

/// Builds one kustomization folder (recursively for folders among its resources), without the
/// top-level steps.
fn target(
    files: &dyn Files,
    dir: &str,
    visited: &[String],
    warnings: &mut Vec<String>,
) -> Result<Vec<Item>, Failure> {
    let k = load(files, dir)?;
    for (field, text) in DEPRECATED {
        if k.contains_key(*field) {
            warnings.push((*text).to_string());
        }
    }
    let mut paths = strings(&k, "resources", "Kustomization")?;
    // `FixKustomization`: `bases` are resources.
    paths.extend(strings(&k, "bases", "Kustomization")?);
    let mut items: Vec<Item> = Vec::new();
    for p in &paths {
        let more = resource(files, dir, p, visited, warnings)
            .map_err(|e| prefix(e, "accumulating resources"))?;
        for item in more {
            if let Some(dup) = items.iter().find(|i| same_id(&i.obj, &item.obj)) {
                return Err(Failure::Error(format!(
                    "accumulating resources: merging resources from '{p}': may not add resource with an already registered id: {}",
                    res_id(&dup.obj)
                )));
            }
            items.push(item);
        }
    }
    let options = k.get("generatorOptions").cloned().unwrap_or(Value::Null);
    for (field, kind) in [
        ("configMapGenerator", "ConfigMap"),
        ("secretGenerator", "Secret"),
    ] {
        let gens = match k.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(other) => {
                return Err(Failure::Error(format!(
                    "invalid Kustomization: json: cannot unmarshal {} into Go struct field Kustomization.{field} of type []types.{}Args",
                    go_type(other),
                    kind
                )))
            }
        };
        for g in &gens {
            items.push(transform::generate(files, dir, kind, g, &options)?);
        }
    }
    patch::apply(files, dir, &k, &mut items)?;
    transform::apply_fields(&k, &mut items)?;
    Ok(items)
}

fn prefix(e: Failure, p: &str) -> Failure {
    match e {
        Failure::Error(e) => Failure::Error(format!("{p}: {e}")),
        other => other,
    }
}

/// One entry of `resources`: a file of objects, or a folder with its own kustomization.
fn resource(
    files: &dyn Files,
    dir: &str,
    path: &str,
    visited: &[String],
    warnings: &mut Vec<String>,
) -> Result<Vec<Item>, Failure> {
    let full = join(dir, path);
    let abs = absolute(&full);
    if remote(path) {
        return Err(Failure::Unsimulated("remote resources".into()));
    }
    if let Ok(text) = files.read(&full) {
        if let Some(e) = outside_root(dir, &full) {
            // A file must lie in or below the kustomization (kubectl's default root-only load
            // restrictor); only folders may come from above.
            return Err(Failure::Error(format!(
                "accumulation err='accumulating resources from '{path}': {e}': must build at directory: '{abs}': file is not directory"
            )));
        }
        let values = yaml_values(&text).map_err(|e| {
            Failure::Error(format!(
                "accumulating resources from '{path}': MalformedYAMLError: {e} in File: {path}"
            ))
        })?;
        let mut items = Vec::new();
        for v in values {
            // A `List` contributes its items.
            let objs = match v.get("items") {
                Some(Value::Array(list)) if v.get("kind").is_some() => list.clone(),
                _ => vec![v],
            };
            for o in objs {
                let kind = o.get("kind").and_then(Value::as_str).unwrap_or("");
                if kind.is_empty() || !o.get("metadata").is_some_and(Value::is_object) {
                    return Err(Failure::Error(format!(
                        "accumulating resources from '{path}': missing Resource metadata"
                    )));
                }
                items.push(item(o));
            }
        }
        return Ok(items);
    }
    if is_dir(files, &full) {
        // `errIfArgEqualOrHigher` (api/internal/loader/fileloader.go): a base may not hold a
        // kustomization that led to it.
        let contains = |root: &String| {
            full.is_empty() || *root == full || root.starts_with(&format!("{full}/"))
        };
        if let Some(root) = visited.iter().rev().find(|r| contains(r)) {
            return Err(Failure::Error(format!(
                "accumulation err='accumulating resources from '{path}': '{abs}' must resolve to a file': cycle detected: candidate root '{abs}' contains visited root '{}'",
                absolute(root)
            )));
        }
        let mut chain = visited.to_vec();
        chain.push(full.clone());
        return target(files, &full, &chain, warnings);
    }
    // `accumulateResources`: the file error, then the folder error (kusttarget.go,
    // loader/fileloader.go, kyaml/filesys/fsondisk.go).
    let lstat = format!("evalsymlink failure on '{abs}' : lstat {abs}: no such file or directory");
    Err(Failure::Error(format!(
        "accumulation err='accumulating resources from '{path}': {lstat}': must build at directory: not a valid directory: {lstat}"
    )))
}

fn item(obj: Value) -> Item {
    let orig_name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    Item {
        obj,
        orig_name,
        hashed: false,
    }
}

fn text_at<'a>(obj: &'a Value, pointer: &str) -> &'a str {
    obj.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn same_id(a: &Value, b: &Value) -> bool {
    [
        "/apiVersion",
        "/kind",
        "/metadata/name",
        "/metadata/namespace",
    ]
    .iter()
    .all(|p| text_at(a, p) == text_at(b, p))
}

/// `ResId.String()`: `Kind.version.group/name.namespace` with kustomize's placeholders.
fn res_id(obj: &Value) -> String {
    let api = text_at(obj, "/apiVersion");
    let (group, version) = api.split_once('/').unwrap_or(("", api));
    let or = |s: &str, d: &str| {
        if s.is_empty() {
            d.to_string()
        } else {
            s.to_string()
        }
    };
    format!(
        "{}.{}.{}/{}.{}",
        or(text_at(obj, "/kind"), "[noKind]"),
        or(version, "[noVer]"),
        or(group, "[noGrp]"),
        text_at(obj, "/metadata/name"),
        or(text_at(obj, "/metadata/namespace"), "[noNs]")
    )
}

const KUSTOMIZE_FLAGS: &[FlagSpec] = &[
    flag("output", Some('o'), true),
    flag("reorder", None, true),
    flag("enable-helm", None, false),
    flag("enable-alpha-plugins", None, false),
    flag("load-restrictor", None, true),
    flag("network", None, false),
    flag("env", Some('e'), true),
    flag("mount", None, true),
    flag("as-current-user", None, false),
    flag("helm-command", None, true),
];

/// `kubectl kustomize [DIR]`: the built objects on stdout (or into `-o FILE`). Needs no
/// cluster.
pub fn run(files: &mut Workdir, lang: Lang, words: &[String], out: &mut Output) {
    let args =
        match super::parse::parse_flags(words, &[super::parse::GLOBAL_FLAGS, KUSTOMIZE_FLAGS]) {
            Ok(a) => a,
            Err(e) => {
                super::kubectl::usage_error(out, "kustomize", &e);
                return;
            }
        };
    // Helm, KRM functions and plugins run programs podplay does not have; the root-only load
    // restrictor is the only one built.
    let given = |f: &str| match f {
        "load-restrictor" => args
            .value(f)
            .is_some_and(|v| v != "LoadRestrictionsRootOnly"),
        "env" | "mount" | "helm-command" => args.value(f).is_some(),
        _ => args.bool(f),
    };
    for unsimulated in [
        "enable-helm",
        "enable-alpha-plugins",
        "network",
        "as-current-user",
        "load-restrictor",
        "env",
        "mount",
        "helm-command",
    ] {
        if given(unsimulated) {
            out.err(
                &Msg::new("console.kustomize.flag")
                    .text(format!("--{unsimulated}"))
                    .render(lang),
            );
            return;
        }
    }
    if args.positional.len() > 1 {
        out.err(&format!("error: specify one path to {}", FILE_NAMES[0]));
        return;
    }
    let path = args.positional.first().map_or(".", String::as_str);
    // `--reorder none` keeps the order the resources were read in.
    let legacy = args.value("reorder") != Some("none");
    let built = match build_ordered(files, path, legacy) {
        Ok(b) => b,
        Err(f) => {
            f.print(lang, out);
            return;
        }
    };
    for w in &built.warnings {
        out.err(w);
    }
    let text = built.yaml();
    match args.value("output") {
        Some(file) => {
            if !files.write(file, &text) {
                out.err(&format!("error: write {file}: file too large"));
            }
        }
        None => {
            if !text.is_empty() {
                out.out(text.strip_suffix('\n').unwrap_or(&text));
            }
        }
    }
}

/// An empty object with `kind` and `metadata.name` (generators start from this).
#[must_use]
pub fn base_object(kind: &str, name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": kind, "metadata": {"name": name}})
}
