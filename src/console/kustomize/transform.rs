//! kustomize's generators and the transformers podplay builds, each a table of the fields it
//! touches (kubernetes-sigs/kustomize v5.7.1 `api/internal/generators`, `kyaml/yaml/datamap.go`,
//! `api/konfig/builtinpluginconsts` for the field lists, `api/internal/builtins` for the
//! transformers).

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::{base_object, go_type, join, str_field, string_map, strings, Failure, Item};
use crate::console::Files;
use crate::manifest::kinds::base64_encode;
use crate::manifest::objects::Kind;

/// Where each workload keeps its pod template's spec (`konfig/builtinpluginconsts`).
const POD_SPECS: &[(&str, &str)] = &[
    ("Pod", "spec"),
    ("Deployment", "spec.template.spec"),
    ("ReplicaSet", "spec.template.spec"),
    ("StatefulSet", "spec.template.spec"),
    ("DaemonSet", "spec.template.spec"),
    ("Job", "spec.template.spec"),
    ("ReplicationController", "spec.template.spec"),
    ("CronJob", "spec.jobTemplate.spec.template.spec"),
];

/// The fields of a pod spec that name another object (`namereference.go`): (referenced kind,
/// path; `[]` walks a list).
const POD_REFS: &[(&str, &str)] = &[
    (
        "ConfigMap",
        "containers[].env[].valueFrom.configMapKeyRef.name",
    ),
    (
        "ConfigMap",
        "initContainers[].env[].valueFrom.configMapKeyRef.name",
    ),
    ("ConfigMap", "containers[].envFrom[].configMapRef.name"),
    ("ConfigMap", "initContainers[].envFrom[].configMapRef.name"),
    ("ConfigMap", "volumes[].configMap.name"),
    ("ConfigMap", "volumes[].projected.sources[].configMap.name"),
    ("Secret", "containers[].env[].valueFrom.secretKeyRef.name"),
    (
        "Secret",
        "initContainers[].env[].valueFrom.secretKeyRef.name",
    ),
    ("Secret", "containers[].envFrom[].secretRef.name"),
    ("Secret", "initContainers[].envFrom[].secretRef.name"),
    ("Secret", "volumes[].secret.secretName"),
    ("Secret", "volumes[].projected.sources[].secret.name"),
    ("Secret", "imagePullSecrets[].name"),
    (
        "PersistentVolumeClaim",
        "volumes[].persistentVolumeClaim.claimName",
    ),
    ("ServiceAccount", "serviceAccountName"),
];

/// References outside pod specs: (referring kind, referenced kind, path).
const OTHER_REFS: &[(&str, &str, &str)] = &[
    ("StatefulSet", "Service", "spec.serviceName"),
    (
        "Ingress",
        "Service",
        "spec.rules[].http.paths[].backend.service.name",
    ),
    ("Ingress", "Secret", "spec.tls[].secretName"),
    ("ServiceAccount", "Secret", "secrets[].name"),
    ("ServiceAccount", "Secret", "imagePullSecrets[].name"),
];

/// Where `commonLabels` (and `labels` with `includeSelectors`) go besides `metadata.labels`
/// (`commonlabels.go`): (kind, path, is a selector).
const LABEL_PATHS: &[(&str, &str, bool)] = &[
    ("Service", "spec.selector", true),
    ("ReplicationController", "spec.selector", true),
    (
        "ReplicationController",
        "spec.template.metadata.labels",
        false,
    ),
    ("Deployment", "spec.selector.matchLabels", true),
    ("Deployment", "spec.template.metadata.labels", false),
    ("ReplicaSet", "spec.selector.matchLabels", true),
    ("ReplicaSet", "spec.template.metadata.labels", false),
    ("DaemonSet", "spec.selector.matchLabels", true),
    ("DaemonSet", "spec.template.metadata.labels", false),
    ("StatefulSet", "spec.selector.matchLabels", true),
    ("StatefulSet", "spec.template.metadata.labels", false),
    ("Job", "spec.template.metadata.labels", false),
    (
        "CronJob",
        "spec.jobTemplate.spec.template.metadata.labels",
        false,
    ),
    ("PodDisruptionBudget", "spec.selector.matchLabels", true),
    ("NetworkPolicy", "spec.podSelector.matchLabels", true),
];

/// The kinds podplay knows to be cluster-scoped; anything else takes `namespace`.
fn cluster_scoped(kind: &str) -> bool {
    Kind::from_name(kind).is_some_and(|k| !k.namespaced())
        || matches!(
            kind,
            "ClusterRole" | "ClusterRoleBinding" | "CustomResourceDefinition" | "PriorityClass"
        )
}

/// The keys and values of one generator: env files, then literals, then files
/// (`api/kv/kv.go` `Load`); a repeated key is an error (`makeValidatedDataMap`).
fn pairs(
    files: &dyn Files,
    dir: &str,
    g: &Map<String, Value>,
    name: &str,
) -> Result<Vec<(String, String)>, Failure> {
    let owner = "ConfigMapArgs";
    let mut envs = strings(g, "envs", owner)?;
    if let Some(Value::String(e)) = g.get("env") {
        envs.push(e.clone());
    }
    let mut all = Vec::new();
    for path in &envs {
        let text = load_file(files, dir, path).map_err(|e| {
            Failure::Error(format!(
                "loading KV pairs: env source files: [{}]: {e}",
                envs.join(" ")
            ))
        })?;
        for line in text.lines() {
            let line = line.trim_start_matches('\u{feff}').trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            all.push((k.to_string(), v.to_string()));
        }
    }
    let literals = strings(g, "literals", owner)?;
    for lit in &literals {
        match lit.split_once('=') {
            Some((k, v)) if !k.is_empty() => all.push((k.to_string(), unquote(v))),
            _ => {
                return Err(Failure::Error(format!(
                    "loading KV pairs: literal sources [{}]: invalid literal source {lit}, expected key=value",
                    literals.join(" ")
                )))
            }
        }
    }
    let sources = strings(g, "files", owner)?;
    for src in &sources {
        let (key, path) = match src.matches('=').count() {
            0 => (src.rsplit('/').next().unwrap_or(src).to_string(), src.clone()),
            1 => {
                let (k, p) = src.split_once('=').unwrap_or_default();
                if k.is_empty() || p.is_empty() {
                    return Err(Failure::Error(format!(
                        "loading KV pairs: file sources: [{}]: missing key name or file path in source \"{src}\"",
                        sources.join(" ")
                    )));
                }
                (k.to_string(), p.to_string())
            }
            _ => {
                return Err(Failure::Error(format!(
                    "loading KV pairs: file sources: [{}]: source \"{src}\" key name or file path contains '='",
                    sources.join(" ")
                )))
            }
        };
        let text = load_file(files, dir, &path).map_err(|e| {
            Failure::Error(format!(
                "loading KV pairs: file sources: [{}]: {e}",
                sources.join(" ")
            ))
        })?;
        all.push((key, text));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (k, _) in &all {
        if !seen.insert(k.clone()) {
            return Err(Failure::Error(format!(
                "configmap {name} illegally repeats the key `{k}`"
            )));
        }
    }
    Ok(all)
}

/// A file a generator reads, relative to the kustomization (the root-only load restrictor's
/// error when it is missing).
fn load_file(files: &dyn Files, dir: &str, path: &str) -> Result<String, String> {
    let full = join(dir, path);
    if let Some(e) = super::outside_root(dir, &full) {
        return Err(e);
    }
    files.read(&full).map_err(|_| {
        let abs = super::absolute(&full);
        format!("evalsymlink failure on '{abs}' : lstat {abs}: no such file or directory")
    })
}

/// `removeQuotes`: one pair of matching surrounding quotes goes.
fn unquote(v: &str) -> String {
    let b = v.as_bytes();
    if b.len() >= 2 && b[0] == b[b.len() - 1] && (b[0] == b'"' || b[0] == b'\'') {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// `encodeBase64` (kyaml/yaml/datamap.go): base64 broken into lines of 70, each ended by a
/// newline once the text is 70 characters or longer.
#[must_use]
pub fn kustomize_base64(s: &str) -> String {
    let enc = base64_encode(s.as_bytes());
    if enc.len() < 70 {
        return enc;
    }
    let mut out = String::new();
    for chunk in enc.as_bytes().chunks(70) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out
}

/// One `configMapGenerator` / `secretGenerator` entry as the object it makes.
pub fn generate(
    files: &dyn Files,
    dir: &str,
    kind: &str,
    g: &Value,
    global: &Value,
) -> Result<Item, Failure> {
    let Value::Object(g) = g else {
        return Err(Failure::Error(format!(
            "invalid Kustomization: json: cannot unmarshal {} into Go value of type types.{kind}Args",
            go_type(g)
        )));
    };
    let name = str_field(g, "name");
    if name.is_empty() {
        return Err(Failure::Error("a configmap must have a name".into()));
    }
    let behavior = str_field(g, "behavior");
    if !matches!(behavior.as_str(), "" | "create") {
        return Err(Failure::Unsimulated(format!(
            "behavior: {behavior} for generators"
        )));
    }
    let mut obj = base_object(kind, &name);
    let ns = str_field(g, "namespace");
    if !ns.is_empty() {
        obj["metadata"]["namespace"] = Value::String(ns);
    }
    let data: Map<String, Value> = pairs(files, dir, g, &name)?
        .into_iter()
        .map(|(k, v)| {
            let v = if kind == "Secret" {
                kustomize_base64(&v)
            } else {
                v
            };
            (k, Value::String(v))
        })
        .collect();
    if kind == "Secret" {
        let t = str_field(g, "type");
        obj["type"] = Value::String(if t.is_empty() { "Opaque".into() } else { t });
        // `LoadMapIntoSecretData` creates `data` even when empty.
        obj["data"] = Value::Object(data);
    } else if !data.is_empty() {
        obj["data"] = Value::Object(data);
    }
    // `MergeGlobalOptionsIntoLocal`: the entry's own options win, key by key.
    let local = g.get("options").cloned().unwrap_or(Value::Null);
    let mut hashed = true;
    let mut labels: Map<String, Value> = Map::new();
    let mut annotations: Map<String, Value> = Map::new();
    for opts in [global, &local] {
        let Value::Object(o) = opts else { continue };
        for (k, v) in string_map(o, "labels", "GeneratorOptions")? {
            labels.insert(k, Value::String(v));
        }
        for (k, v) in string_map(o, "annotations", "GeneratorOptions")? {
            annotations.insert(k, Value::String(v));
        }
        if o.get("disableNameSuffixHash") == Some(&Value::Bool(true)) {
            hashed = false;
        }
        if o.get("immutable") == Some(&Value::Bool(true)) {
            obj["immutable"] = Value::Bool(true);
        }
    }
    if !labels.is_empty() {
        obj["metadata"]["labels"] = Value::Object(labels);
    }
    if !annotations.is_empty() {
        obj["metadata"]["annotations"] = Value::Object(annotations);
    }
    Ok(Item {
        obj,
        orig_name: name,
        hashed,
    })
}

/// Sets `pairs` into the map at `path` of `obj` (created when `create`).
fn merge_at(obj: &mut Value, path: &str, pairs: &[(String, String)], create: bool) {
    let mut cur = obj;
    for seg in path.split('.') {
        let Value::Object(m) = cur else { return };
        if !m.contains_key(seg) {
            if !create {
                return;
            }
            m.insert(seg.to_string(), Value::Object(Map::new()));
        }
        let Some(next) = m.get_mut(seg) else { return };
        cur = next;
    }
    if cur.is_null() {
        *cur = Value::Object(Map::new());
    }
    if let Value::Object(m) = cur {
        for (k, v) in pairs {
            m.insert(k.clone(), Value::String(v.clone()));
        }
    }
}

/// Calls `f` on every string at `path` (`a.b[].c`) under `v`.
fn visit(v: &mut Value, path: &str, f: &mut dyn FnMut(&mut Value)) {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let (key, list) = match head.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (head, false),
    };
    let Some(child) = v.get_mut(key) else { return };
    let mut step = |c: &mut Value| match rest {
        Some(r) => visit(c, r, f),
        None => f(c),
    };
    if list {
        if let Value::Array(items) = child {
            for c in items {
                step(c);
            }
        }
    } else {
        step(child);
    }
}

/// One `labels` entry (or `commonLabels`): pairs, `includeSelectors`, `includeTemplates`.
type LabelSet = (Vec<(String, String)>, bool, bool);

/// `namespace`, `namePrefix`/`nameSuffix`, `commonLabels`, `labels` and `commonAnnotations`
/// over everything this kustomization holds (builtins `NamespaceTransformer`,
/// `PrefixTransformer`, `SuffixTransformer`, `LabelTransformer`, `AnnotationsTransformer`).
pub fn apply_fields(k: &Map<String, Value>, items: &mut [Item]) -> Result<(), Failure> {
    apply_names_and_labels(k, items)?;
    replicas_and_images(k, items)
}

fn apply_names_and_labels(k: &Map<String, Value>, items: &mut [Item]) -> Result<(), Failure> {
    let ns = str_field(k, "namespace");
    let prefix = str_field(k, "namePrefix");
    let suffix = str_field(k, "nameSuffix");
    let common = string_map(k, "commonLabels", "Kustomization")?;
    let annotations = string_map(k, "commonAnnotations", "Kustomization")?;
    let mut label_sets: Vec<LabelSet> = Vec::new();
    if !common.is_empty() {
        label_sets.push((common, true, true));
    }
    if let Some(Value::Array(labels)) = k.get("labels") {
        for l in labels {
            let Value::Object(l) = l else { continue };
            let pairs = string_map(l, "pairs", "Label")?;
            let sel = l.get("includeSelectors") == Some(&Value::Bool(true));
            let tmpl = sel || l.get("includeTemplates") == Some(&Value::Bool(true));
            label_sets.push((pairs, sel, tmpl));
        }
    }
    for item in items.iter_mut() {
        let kind = item.kind().to_string();
        if !ns.is_empty() && !cluster_scoped(&kind) {
            item.obj["metadata"]["namespace"] = Value::String(ns.clone());
        }
        if (!prefix.is_empty() || !suffix.is_empty())
            && !matches!(kind.as_str(), "Namespace" | "CustomResourceDefinition")
        {
            let name = super::text_at(&item.obj, "/metadata/name").to_string();
            item.obj["metadata"]["name"] = Value::String(format!("{prefix}{name}{suffix}"));
        }
        for (pairs, selectors, templates) in &label_sets {
            merge_at(&mut item.obj, "metadata.labels", pairs, true);
            for (k, path, is_selector) in LABEL_PATHS {
                if *k == kind && ((*is_selector && *selectors) || (!*is_selector && *templates)) {
                    merge_at(&mut item.obj, path, pairs, true);
                }
            }
        }
        if !annotations.is_empty() {
            merge_at(&mut item.obj, "metadata.annotations", &annotations, true);
            for (k, path) in POD_SPECS {
                if *k == kind && *path != "spec" {
                    let meta = format!(
                        "{}.metadata.annotations",
                        path.strip_suffix(".spec").unwrap_or(path)
                    );
                    merge_at(&mut item.obj, &meta, &annotations, true);
                }
            }
        }
    }
    Ok(())
}

/// `replicas` then `images` (builtins `ReplicaCountTransformer`, `ImageTagTransformer`, after
/// the label and annotation transformers as kustomize orders them).
pub fn replicas_and_images(k: &Map<String, Value>, items: &mut [Item]) -> Result<(), Failure> {
    const SCALED: [&str; 4] = [
        "Deployment",
        "ReplicationController",
        "ReplicaSet",
        "StatefulSet",
    ];
    for r in list(k, "replicas", "Replica")? {
        let name = str_field(&r, "name");
        let Some(count) = r.get("count").and_then(Value::as_i64) else {
            continue;
        };
        let mut found = false;
        for item in items.iter_mut() {
            let now = super::text_at(&item.obj, "/metadata/name");
            if SCALED.contains(&item.kind()) && (now == name || item.orig_name == name) {
                found = true;
                if let Value::Object(m) = &mut item.obj {
                    let spec = m.entry("spec").or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(spec) = spec {
                        spec.insert("replicas".into(), Value::from(count));
                    }
                }
            }
        }
        if !found {
            let gvks: Vec<String> = SCALED
                .iter()
                .map(|k| format!("{k}.[noVer].[noGrp]"))
                .collect();
            return Err(Failure::Error(format!(
                "resource with name {name} does not match a config with the following GVK [{}]",
                gvks.join(" ")
            )));
        }
    }
    for img in list(k, "images", "Image")? {
        let name = str_field(&img, "name");
        for item in items.iter_mut() {
            let kind = item.kind().to_string();
            for (_, spec) in POD_SPECS.iter().filter(|(k, _)| *k == kind) {
                for c in ["containers", "initContainers"] {
                    visit(&mut item.obj, &format!("{spec}.{c}[].image"), &mut |v| {
                        if let Some(new) = v.as_str().and_then(|s| retag(s, &name, &img)) {
                            *v = Value::String(new);
                        }
                    });
                }
            }
        }
    }
    Ok(())
}

/// The objects of a list field of the kustomization (`replicas`, `images`, `patches`).
pub(super) fn list(
    k: &Map<String, Value>,
    key: &str,
    ty: &str,
) -> Result<Vec<Map<String, Value>>, Failure> {
    match k.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| match v {
                Value::Object(m) => Ok(m.clone()),
                other => Err(Failure::Error(format!(
                    "invalid Kustomization: json: cannot unmarshal {} into Go struct field Kustomization.{key} of type types.{ty}",
                    go_type(other)
                ))),
            })
            .collect(),
        Some(other) => Err(Failure::Error(format!(
            "invalid Kustomization: json: cannot unmarshal {} into Go struct field Kustomization.{key} of type []types.{ty}",
            go_type(other)
        ))),
    }
}

/// `imageTagUpdater.SetImageValue` for one image reference: `None` when `name` does not match
/// it (`image.IsImageMatched`: the name, an optional `:tag`, an optional `@sha256:…`).
fn retag(image: &str, name: &str, img: &Map<String, Value>) -> Option<String> {
    let rest = image.strip_prefix(name)?;
    let ok = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.{}-".contains(c))
    };
    let (tag_part, digest_part) = match rest.split_once('@') {
        Some((t, d)) => (t, Some(d)),
        None => (rest, None),
    };
    let tag_ok = tag_part.is_empty() || tag_part.strip_prefix(':').is_some_and(ok);
    let digest_ok = digest_part.is_none_or(|d| d.strip_prefix("sha256:").is_some_and(ok));
    if !tag_ok || !digest_ok {
        return None;
    }
    let (mut base, mut tag, mut digest) = split_image(image);
    let new_name = str_field(img, "newName");
    let new_tag = str_field(img, "newTag");
    let new_digest = str_field(img, "digest");
    let suffix = str_field(img, "tagSuffix");
    if !new_name.is_empty() {
        base = new_name;
    }
    if !new_tag.is_empty() || !new_digest.is_empty() {
        tag = new_tag;
        digest = new_digest;
    } else if !suffix.is_empty() {
        tag.push_str(&suffix);
        digest.clear();
    }
    if !tag.is_empty() {
        base = format!("{base}:{tag}");
    }
    if !digest.is_empty() {
        base = format!("{base}@{digest}");
    }
    Some(base)
}

/// `image.Split`: name, tag and digest, a registry's `host:port/` kept in the name.
fn split_image(image: &str) -> (String, String, String) {
    let slash = image.find('/').filter(|i| *i > 0).unwrap_or(0);
    let search = &image[slash..];
    let (at, colon) = (search.find('@'), search.find(':'));
    let digest_only = |a: usize| {
        (
            image[..slash + a].to_string(),
            String::new(),
            image[slash + a + 1..].to_string(),
        )
    };
    match (at, colon) {
        (None, None) => (image.to_string(), String::new(), String::new()),
        (Some(a), None) => digest_only(a),
        (Some(a), Some(c)) if a < c => digest_only(a),
        (Some(a), Some(c)) => (
            image[..slash + c].to_string(),
            image[slash + c + 1..slash + a].to_string(),
            image[slash + a + 1..].to_string(),
        ),
        (None, Some(c)) => (
            image[..slash + c].to_string(),
            image[slash + c + 1..].to_string(),
            String::new(),
        ),
    }
}

/// `addHashesToNames`: generated objects get `-<hash>` after their (prefixed) name.
pub fn add_hashes(items: &mut [Item]) {
    for item in items.iter_mut().filter(|i| i.hashed) {
        let h = super::hash::suffix(&item.obj);
        let name = super::text_at(&item.obj, "/metadata/name").to_string();
        item.obj["metadata"]["name"] = Value::String(format!("{name}-{h}"));
    }
}

/// `FixBackReferences`: a field naming a renamed object (by its original name, in the same
/// namespace) now names it by its new one.
pub fn fix_references(items: &mut [Item]) {
    let renames: Vec<(String, String, String, String)> = items
        .iter()
        .filter_map(|i| {
            let now = super::text_at(&i.obj, "/metadata/name");
            (now != i.orig_name).then(|| {
                (
                    i.kind().to_string(),
                    super::text_at(&i.obj, "/metadata/namespace").to_string(),
                    i.orig_name.clone(),
                    now.to_string(),
                )
            })
        })
        .collect();
    if renames.is_empty() {
        return;
    }
    for item in items.iter_mut() {
        let kind = item.kind().to_string();
        let ns = super::text_at(&item.obj, "/metadata/namespace").to_string();
        let fix = |target: &str, v: &mut Value| {
            let Some(old) = v.as_str() else { return };
            if let Some(r) = renames
                .iter()
                .find(|r| r.0 == target && r.1 == ns && r.2 == old)
            {
                *v = Value::String(r.3.clone());
            }
        };
        for (k, spec) in POD_SPECS {
            if *k != kind {
                continue;
            }
            for (target, path) in POD_REFS {
                visit(&mut item.obj, &format!("{spec}.{path}"), &mut |v| {
                    fix(target, v)
                });
            }
        }
        for (k, target, path) in OTHER_REFS {
            if *k == kind {
                visit(&mut item.obj, path, &mut |v| fix(target, v));
            }
        }
    }
}

/// The default order (`defaultOrderFirst`/`defaultOrderLast`).
const ORDER_FIRST: [&str; 22] = [
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];
const ORDER_LAST: [&str; 2] = [
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// `legacyIDSorter.Less`: the kind's rank, then `group_version_kind`, then
/// `Kind.version.group|namespace|name` (with kustomize's placeholders for empty parts).
pub fn legacy_sort(items: &mut [Item]) {
    fn rank(kind: &str) -> i64 {
        let first = i64::try_from(ORDER_FIRST.len()).unwrap_or(0);
        if let Some(i) = ORDER_FIRST.iter().position(|k| *k == kind) {
            return i64::try_from(i).unwrap_or(0) - first;
        }
        match ORDER_LAST.iter().position(|k| *k == kind) {
            Some(i) => 1 + i64::try_from(i).unwrap_or(0),
            None => 0,
        }
    }
    fn or(s: &str, d: &str) -> String {
        if s.is_empty() {
            d.to_string()
        } else {
            s.to_string()
        }
    }
    fn keys(o: &Value) -> (i64, String, String) {
        let api = super::text_at(o, "/apiVersion");
        let (g, v) = api.split_once('/').unwrap_or(("", api));
        let kind = super::text_at(o, "/kind");
        let gvk = format!("{}_{}_{}", or(g, "~G"), or(v, "~V"), or(kind, "~K"));
        let id = format!(
            "{}.{}.{}|{}|{}",
            or(kind, "[noKind]"),
            or(v, "[noVer]"),
            or(g, "[noGrp]"),
            or(super::text_at(o, "/metadata/namespace"), "~X"),
            or(super::text_at(o, "/metadata/name"), "~N")
        );
        (rank(kind), gvk, id)
    }
    items.sort_by(|a, b| {
        let (ka, kb) = (keys(&a.obj), keys(&b.obj));
        ka.cmp(&kb).then(Ordering::Equal)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (String, String, String) {
        split_image(s)
    }

    /// kustomize's `image_test.go` `TestSplit` shapes.
    #[test]
    fn images_split_as_kustomize_splits_them() {
        let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(split("nginx"), t("nginx", "", ""));
        assert_eq!(split("nginx:1.25"), t("nginx", "1.25", ""));
        assert_eq!(split("nginx@sha256:abc"), t("nginx", "", "sha256:abc"));
        assert_eq!(
            split("nginx:1.25@sha256:abc"),
            t("nginx", "1.25", "sha256:abc")
        );
        assert_eq!(
            split("localhost:5000/app:v1"),
            t("localhost:5000/app", "v1", "")
        );
        assert_eq!(split("localhost:5000/app"), t("localhost:5000/app", "", ""));
    }

    #[test]
    fn images_are_retagged_only_when_the_name_matches() {
        let img: Map<String, Value> =
            serde_json::from_str(r#"{"name": "mysql", "newName": "mariadb", "newTag": "11"}"#)
                .unwrap_or_default();
        assert_eq!(
            retag("mysql:8.0", "mysql", &img).as_deref(),
            Some("mariadb:11")
        );
        assert_eq!(retag("mysql", "mysql", &img).as_deref(), Some("mariadb:11"));
        assert_eq!(retag("mysqlx:8.0", "mysql", &img), None);
        assert_eq!(retag("wordpress:6", "mysql", &img), None);
    }
}
