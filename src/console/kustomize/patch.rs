//! `patches` and `patchesStrategicMerge` with strategic-merge patches (kubernetes-sigs/kustomize
//! v5.7.1 `api/internal/builtins/PatchTransformer.go`, PatchStrategicMergeTransformer.go). A
//! patch without `target` names its object by kind and name; with `target` it applies to every
//! object the selector picks. The merge is `kubectl patch`'s strategic merge
//! ([`crate::console::patch::merge`]: lists merge by their `patchMergeKey`, `$patch:
//! delete|replace` are honoured). A JSON 6902 patch (a list of operations, in `patches` or
//! `patchesJson6902`) is `kubectl patch --type json`'s [`crate::console::patch::json_patch`].

use serde_json::{Map, Value};

use super::{go_type, join, outside_root, res_id, str_field, text_at, Failure, Item};
use crate::console::Files;

/// One patch's text: inline (`patch:`) or from its file (`path:`), with kustomize's errors.
fn patch_text(
    files: &dyn Files,
    dir: &str,
    entry: &Map<String, Value>,
    raw: &str,
) -> Result<(String, String), Failure> {
    let inline = str_field(entry, "patch").trim().to_string();
    let path = str_field(entry, "path");
    match (inline.is_empty(), path.is_empty()) {
        (true, true) => Err(Failure::Error(format!(
            "trouble configuring builtin PatchTransformer with config: `\n{raw}`: must specify one of patch and path in\n{raw}"
        ))),
        (false, false) => Err(Failure::Error(format!(
            "trouble configuring builtin PatchTransformer with config: `\n{raw}`: patch and path can't be set at the same time\n{raw}"
        ))),
        (false, true) => Ok((inline.clone(), format!("[patch: {:?}]", inline))),
        (true, false) => {
            let full = join(dir, &path);
            let text = match outside_root(dir, &full) {
                Some(e) => Err(e),
                None => files.read(&full).map_err(|_| {
                    let abs = super::absolute(&full);
                    format!(
                        "evalsymlink failure on '{abs}' : lstat {abs}: no such file or directory"
                    )
                }),
            }
            .map_err(|e| {
                Failure::Error(format!(
                    "trouble configuring builtin PatchTransformer with config: `\n{raw}`: failed to get the patch file from path({path}): {e}"
                ))
            })?;
            Ok((text, format!("[path: {path:?}]")))
        }
    }
}

/// Whether `obj` is picked by a `target` selector (kind, name, namespace, group, version; a
/// `labelSelector` of `k=v` pairs).
fn selected(item: &Item, target: &Map<String, Value>) -> bool {
    let api = text_at(&item.obj, "/apiVersion");
    let (group, version) = api.split_once('/').unwrap_or(("", api));
    let name = text_at(&item.obj, "/metadata/name");
    let checks = [
        ("kind", item.kind().to_string()),
        ("group", group.to_string()),
        ("version", version.to_string()),
        (
            "namespace",
            text_at(&item.obj, "/metadata/namespace").to_string(),
        ),
    ];
    let fields_ok = checks.iter().all(|(f, v)| {
        let want = str_field(target, f);
        want.is_empty() || want == *v
    });
    let want_name = str_field(target, "name");
    let name_ok = want_name.is_empty() || want_name == name || want_name == item.orig_name;
    let labels_ok = str_field(target, "labelSelector").split(',').all(|pair| {
        let pair = pair.trim();
        pair.is_empty()
            || pair.split_once('=').is_some_and(|(k, v)| {
                item.obj
                    .pointer(&format!(
                        "/metadata/labels/{}",
                        k.trim().replace('~', "~0").replace('/', "~1")
                    ))
                    .and_then(Value::as_str)
                    == Some(v.trim())
            })
    });
    fields_ok && name_ok && labels_ok
}

/// `Resource.ApplySmPatch`: the merge, then the object's own kind, name and namespace back
/// (`allowNameChange`/`allowKindChange` are off by default).
fn patch_keeping_id(obj: &mut Value, doc: &Value) {
    let kind = obj.get("kind").cloned();
    let name = obj.pointer("/metadata/name").cloned();
    let ns = obj.pointer("/metadata/namespace").cloned();
    let meta = obj.get("metadata").cloned();
    crate::console::patch::merge(obj, doc, true);
    let Value::Object(o) = obj else { return };
    if !o.get("metadata").is_some_and(Value::is_object) {
        // A patch cannot take the object's metadata map away.
        o.insert(
            "metadata".into(),
            meta.unwrap_or_else(|| Value::Object(Map::new())),
        );
    }
    if let Some(k) = kind {
        o.insert("kind".into(), k);
    }
    if let Some(Value::Object(m)) = o.get_mut("metadata") {
        if let Some(n) = name {
            m.insert("name".into(), n);
        }
        match ns {
            Some(ns) => m.insert("namespace".into(), ns),
            None => m.remove("namespace"),
        };
    }
}

/// Applies one strategic-merge patch document to the objects it names (or `target` picks).
fn apply_one(
    items: &mut [Item],
    doc: &Value,
    target: Option<&Map<String, Value>>,
) -> Result<(), Failure> {
    if let Some(t) = target {
        for item in items.iter_mut().filter(|i| selected(i, t)) {
            patch_keeping_id(&mut item.obj, doc);
        }
        return Ok(());
    }
    let kind = text_at(doc, "/kind");
    let name = text_at(doc, "/metadata/name");
    let ns = text_at(doc, "/metadata/namespace");
    let found = items.iter_mut().find(|i| {
        let ins = text_at(&i.obj, "/metadata/namespace");
        i.kind() == kind
            && text_at(&i.obj, "/apiVersion") == text_at(doc, "/apiVersion")
            && (text_at(&i.obj, "/metadata/name") == name || i.orig_name == name)
            && (ins == ns || ins.is_empty() && ns == "default" || ns.is_empty() && ins == "default")
    });
    match found {
        Some(item) => {
            patch_keeping_id(&mut item.obj, doc);
            Ok(())
        }
        None => {
            let id = res_id(doc);
            Err(Failure::Error(format!(
                "no resource matches strategic merge patch \"{id}\": no matches for Id {id}; failed to find unique target for patch {id}"
            )))
        }
    }
}

/// One patch entry (`path`/`patch`/`target`) and its YAML, which kustomize's errors quote.
type Entry = (Map<String, Value>, String);

/// The entries of `field` (a list of patch maps), each with its YAML.
fn patch_list(k: &Map<String, Value>, field: &str) -> Result<Vec<Entry>, Failure> {
    let list = super::transform::list(k, field, "Patch")?;
    Ok(list
        .into_iter()
        .map(|m| {
            let raw = crate::console::get::serial::to_yaml(&Value::Object(m.clone()));
            (m, raw)
        })
        .collect())
}

/// Every patch of the kustomization in build order: `patchesStrategicMerge` (paths or inline
/// documents), `patches`, then `patchesJson6902` (whose entries must name their target; they
/// run with the `patches`, where kustomize's `edit fix` moves them).
fn entries(files: &dyn Files, dir: &str, k: &Map<String, Value>) -> Result<Vec<Entry>, Failure> {
    let mut entries: Vec<Entry> = Vec::new();
    if let Some(v) = k.get("patchesStrategicMerge") {
        let Value::Array(list) = v else {
            return Err(Failure::Error(format!(
                "invalid Kustomization: json: cannot unmarshal {} into Go struct field Kustomization.patchesStrategicMerge of type []types.PatchStrategicMerge",
                go_type(v)
            )));
        };
        for p in list {
            let text = p.as_str().unwrap_or_default().to_string();
            let mut m = Map::new();
            // An entry is a file when it names one, else an inline patch.
            if !text.contains('\n') && files.read(&join(dir, &text)).is_ok() {
                m.insert("path".into(), Value::String(text.clone()));
            } else {
                m.insert("patch".into(), Value::String(text.clone()));
            }
            entries.push((m, text));
        }
    }
    entries.extend(patch_list(k, "patches")?);
    let json6902 = patch_list(k, "patchesJson6902")?;
    // `PatchJson6902Transformer.Config` (kustomize v5.7.1 api/internal/builtins).
    if json6902
        .iter()
        .any(|(m, _)| text_at(&Value::Object(m.clone()), "/target/name").is_empty())
    {
        return Err(Failure::Error("must specify the target name".into()));
    }
    entries.extend(json6902);
    Ok(entries)
}

/// Applies an RFC 6902 patch (`console::patch::json_patch`, as `kubectl patch --type json`)
/// to every object `target` picks (`PatchTransformer.transformJson6902`).
fn apply_json6902(
    items: &mut [Item],
    ops: &Value,
    target: Option<&Map<String, Value>>,
    source: &str,
) -> Result<(), Failure> {
    let Some(t) = target else {
        return Err(Failure::Error(format!(
            "must specify a target for JSON patch {source}"
        )));
    };
    for item in items.iter_mut().filter(|i| selected(i, t)) {
        let meta = item.obj.get("metadata").cloned();
        crate::console::patch::json_patch(&mut item.obj, ops)
            .map_err(|e| Failure::Error(e.unwrap_or_else(|m| m)))?;
        // The patched JSON is read back into a map (kyaml `RNode.UnmarshalJSON`).
        match &mut item.obj {
            Value::Object(o) => {
                if !o.get("metadata").is_some_and(Value::is_object) {
                    // As with a strategic merge, the object keeps a metadata map.
                    o.insert(
                        "metadata".into(),
                        meta.unwrap_or_else(|| Value::Object(Map::new())),
                    );
                }
            }
            Value::Null => item.obj = Value::Object(Map::new()),
            other => {
                return Err(Failure::Error(format!(
                    "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    go_type(other)
                )))
            }
        }
    }
    Ok(())
}

/// `patchesStrategicMerge`, `patches` and `patchesJson6902` over `items`.
pub fn apply(
    files: &dyn Files,
    dir: &str,
    k: &Map<String, Value>,
    items: &mut [Item],
) -> Result<(), Failure> {
    for (entry, raw) in entries(files, dir, k)? {
        let (text, source) = patch_text(files, dir, &entry, &raw)?;
        let docs = super::yaml_values(&text).map_err(|_| {
            Failure::Error(format!("unable to parse SM or JSON patch from {source}"))
        })?;
        let target = match entry.get("target") {
            Some(Value::Object(t)) => Some(t),
            _ => None,
        };
        if let [ops @ Value::Array(_)] = docs.as_slice() {
            apply_json6902(items, ops, target, &source)?;
            continue;
        }
        if docs.is_empty() || !docs.iter().all(Value::is_object) {
            return Err(Failure::Error(format!(
                "unable to parse SM or JSON patch from {source}"
            )));
        }
        if target.is_some() && docs.len() > 1 {
            return Err(Failure::Error(format!(
                "Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field: {source}"
            )));
        }
        for doc in &docs {
            apply_one(items, doc, target)?;
        }
    }
    Ok(())
}
