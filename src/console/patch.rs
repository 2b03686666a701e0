//! `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`, and the read-modify-write
//! of one object that the other editing verbs (`label`, `annotate`, `set`) share.
//!
//! kubectl's own errors are from `staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go`
//! (`must specify -p to patch`, `--type must be one of …`, `unable to parse …`); the server's
//! for a JSON patch from `apiserver/pkg/endpoints/handlers/patch.go` `applyJSPatch` (a patch
//! that does not decode is a BadRequest, one that does not apply a 422 whose cause is the
//! json-patch library's message, which kubectl prints after `The request is invalid: `).

use serde_json::Value;

use crate::engine::command::Action;
use crate::engine::{ApplyMode, Command, Key, Outcome};
use crate::manifest::objects::Kind;
use crate::manifest::{self, Code};

use super::kubectl::{flags, namespace, unknown_type};
use super::mutate::{decode_detail, strict_error, targets};
use super::parse::{flag, FlagSpec};
use super::resources::Res;
use super::{objects, Ctx, Files, Job, Output};

/// The flags podplay simulates; kubectl's others (`--local`, `-f`, `--dry-run`, …) are listed in
/// `real.rs` and say they are not simulated.
const PATCH_FLAGS: &[FlagSpec] = &[
    flag("patch", Some('p'), true),
    flag("patch-file", None, true),
    flag("type", None, true),
    flag("record", None, false),
    flag("field-manager", None, true),
];

/// Merges `patch` into `target`: maps merge key by key (`null` deletes), other values replace
/// (RFC 7386). `strategic` is Kubernetes' strategic merge (apimachinery
/// `pkg/util/strategicpatch/patch.go`), as `kubectl patch` and kustomize's patches use it: it
/// also merges the lists the API types mark `patchStrategy:"merge"` by their `patchMergeKey`
/// (a row of [`MERGE_KEYS`]), where an item `{"$patch": "delete"}` removes its match, and a
/// map holding `$patch: replace` replaces the map; other `$` directives are dropped.
pub fn merge(target: &mut Value, patch: &Value, strategic: bool) {
    merge_at(target, patch, strategic, "");
}

/// List fields whose items merge by a key (k8s.io/api `core/v1/types.go` `patchMergeKey`);
/// other lists replace. `ports` merge by `containerPort` in a container, by `port` in a Service.
const MERGE_KEYS: &[(&str, &str)] = &[
    ("containers", "name"),
    ("initContainers", "name"),
    ("ephemeralContainers", "name"),
    ("env", "name"),
    ("volumes", "name"),
    ("imagePullSecrets", "name"),
    ("volumeMounts", "mountPath"),
    ("volumeDevices", "devicePath"),
    ("hostAliases", "ip"),
    ("conditions", "type"),
    ("topologySpreadConstraints", "topologyKey"),
];

/// The merge key of the list held by `field`, for a strategic merge: only when every item of
/// the patch's list has it.
fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    let key = if field == "ports" {
        if items.iter().all(|i| i.get("containerPort").is_some()) {
            "containerPort"
        } else {
            "port"
        }
    } else {
        MERGE_KEYS.iter().find(|(f, _)| *f == field)?.1
    };
    items
        .iter()
        .all(|i| i.get(key).is_some_and(|v| !v.is_null()))
        .then_some(key)
}

/// A strategic-merge directive (`$patch: delete|replace`) of a patch map.
fn directive(v: &Value) -> Option<&str> {
    v.get("$patch").and_then(Value::as_str)
}

fn merge_at(target: &mut Value, patch: &Value, strategic: bool, field: &str) {
    let key = match patch {
        Value::Array(p) if strategic => merge_key(field, p),
        _ => None,
    };
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            if strategic && directive(patch) == Some("replace") {
                t.clear();
            }
            for (k, v) in p {
                if strategic && k.starts_with('$') {
                    continue;
                }
                if v.is_null() {
                    t.remove(k);
                } else if let Some(existing) = t.get_mut(k) {
                    merge_at(existing, v, strategic, k);
                } else {
                    t.insert(k.clone(), fresh(v, strategic, k));
                }
            }
        }
        (Value::Array(t), Value::Array(p)) if key.is_some() => {
            let key = key.unwrap_or("name");
            for item in p {
                let id = item.get(key);
                if directive(item) == Some("delete") {
                    t.retain(|e| e.get(key) != id);
                    continue;
                }
                match t.iter_mut().find(|e| e.get(key) == id) {
                    Some(e) => merge_at(e, item, strategic, ""),
                    None => t.push(fresh(item, strategic, "")),
                }
            }
        }
        (t, p) => *t = fresh(p, strategic, field),
    }
}

/// A patch value where the target has none: a map is merged into an empty one (its `null`s
/// and directives go); in a strategic merge, directives go from a list's items too.
fn fresh(v: &Value, strategic: bool, field: &str) -> Value {
    match v {
        Value::Object(_) => {
            let mut empty = Value::Object(serde_json::Map::new());
            merge_at(&mut empty, v, strategic, field);
            empty
        }
        Value::Array(_) if strategic => {
            let mut v = v.clone();
            strip_directives(&mut v);
            v
        }
        other => other.clone(),
    }
}

/// Drops the `$` directives of a strategic patch from a value it puts in place.
fn strip_directives(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|k, _| !k.starts_with('$'));
            m.values_mut().for_each(strip_directives);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_directives),
        _ => {}
    }
}

/// The strategic merge's `retainKeys` strategy (a Deployment's `spec.strategy` has it, in
/// k8s.io/api `apps/v1/types.go`): when the patch sets the field, keys it does not name go.
fn retain_keys(value: &mut Value, patch: &Value, at: &str) {
    let Some(Value::Object(keep)) = patch.pointer(at) else {
        return;
    };
    if let Some(Value::Object(live)) = value.pointer_mut(at) {
        live.retain(|k, _| keep.contains_key(k));
    }
}

/// A JSON pointer's tokens (RFC 6901: `~1` is `/`, `~0` is `~`); `None` for a path that is not
/// empty and does not start with `/`.
fn pointer(path: &str) -> Option<Vec<String>> {
    if path.is_empty() {
        return Some(Vec::new());
    }
    let rest = path.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// The container (object or array) holding the pointer's last token.
fn parent<'a>(doc: &'a mut Value, tokens: &[String]) -> Option<&'a mut Value> {
    let mut v = doc;
    for t in tokens {
        v = match v {
            Value::Object(m) => m.get_mut(t)?,
            Value::Array(a) => a.get_mut(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn get<'a>(doc: &'a Value, tokens: &[String]) -> Option<&'a Value> {
    let mut v = doc;
    for t in tokens {
        v = match v {
            Value::Object(m) => m.get(t)?,
            Value::Array(a) => a.get(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn missing(op: &str, path: &str) -> String {
    format!("{op} operation does not apply: doc is missing path: \"{path}\": missing value")
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let tokens = pointer(path).ok_or_else(|| missing("add", path))?;
    let Some((last, init)) = tokens.split_last() else {
        *doc = value;
        return Ok(());
    };
    match parent(doc, init) {
        Some(Value::Object(m)) => {
            m.insert(last.clone(), value);
            Ok(())
        }
        Some(Value::Array(a)) => {
            if last == "-" {
                a.push(value);
                return Ok(());
            }
            match last.parse::<usize>() {
                Ok(i) if i <= a.len() => {
                    a.insert(i, value);
                    Ok(())
                }
                Ok(i) => Err(format!(
                    "unable to access invalid index: {i}: invalid index referenced"
                )),
                Err(_) => Err(missing("add", path)),
            }
        }
        _ => Err(missing("add", path)),
    }
}

fn remove(doc: &mut Value, path: &str, op: &str) -> Result<Value, String> {
    let tokens = pointer(path).ok_or_else(|| missing(op, path))?;
    let Some((last, init)) = tokens.split_last() else {
        return Err(missing(op, path));
    };
    let found = match parent(doc, init) {
        Some(Value::Object(m)) => m.remove(last),
        Some(Value::Array(a)) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => Some(a.remove(i)),
            _ => None,
        },
        _ => None,
    };
    found.ok_or_else(|| missing(op, path))
}

/// One operation of an RFC 6902 patch.
fn apply_op(doc: &mut Value, op: &Value) -> Result<(), String> {
    let field = |name: &str| op.get(name).and_then(Value::as_str).unwrap_or("");
    let kind = field("op");
    let path = field("path");
    let value = || op.get("value").cloned().unwrap_or(Value::Null);
    match kind {
        "add" => add(doc, path, value()),
        "remove" => remove(doc, path, "remove").map(|_| ()),
        "replace" => {
            let tokens = pointer(path).unwrap_or_default();
            if get(doc, &tokens).is_none() || pointer(path).is_none() {
                return Err(format!(
                    "replace operation does not apply: doc is missing key: {path}: missing value"
                ));
            }
            match parent(doc, &tokens) {
                Some(slot) => {
                    *slot = value();
                    Ok(())
                }
                None => Err(missing("replace", path)),
            }
        }
        "move" => {
            let v = remove(doc, field("from"), "move")?;
            add(doc, path, v)
        }
        "copy" => {
            let from = pointer(field("from")).ok_or_else(|| missing("copy", field("from")))?;
            let v = get(doc, &from)
                .cloned()
                .ok_or_else(|| missing("copy", field("from")))?;
            add(doc, path, v)
        }
        "test" => {
            let found = pointer(path).and_then(|t| get(doc, &t).cloned());
            if found.as_ref() == Some(&value()) {
                Ok(())
            } else {
                Err(format!("testing value {path} failed: test failed"))
            }
        }
        other => Err(format!("Unexpected kind: {other}: unknown object type")),
    }
}

/// Applies an RFC 6902 patch. Errors: `Err(Ok(msg))` when the patch is not a list of
/// operations (the server's BadRequest), `Err(Err(msg))` when an operation does not apply
/// (its 422). Operations apply in order and all or nothing.
pub fn json_patch(doc: &mut Value, ops: &Value) -> Result<(), Result<String, String>> {
    let Value::Array(list) = ops else {
        let what = match ops {
            Value::Object(_) => "object",
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "bool",
            _ => "null",
        };
        return Err(Ok(format!(
            "json: cannot unmarshal {what} into Go value of type jsonpatch.Patch"
        )));
    };
    let mut work = doc.clone();
    for op in list {
        apply_op(&mut work, op).map_err(Err)?;
    }
    *doc = work;
    Ok(())
}

/// The object as the API returns it, or kubectl's NotFound.
pub fn live_json(ctx: &Ctx<'_>, res: Res, kind: Kind, key: &Key) -> Result<Value, String> {
    ctx.sim
        .live_resource(kind, key)
        .map(|r| r.to_json())
        .ok_or_else(|| {
            format!(
                "Error from server (NotFound): {} \"{}\" not found",
                res.qualified(),
                key.name
            )
        })
}

/// Writes an edited object back (an update, as kubectl's PATCH leaves the server to do):
/// whether it changed, or the error kubectl prints.
pub fn write_back(ctx: &mut Ctx<'_>, kind: Kind, value: &Value) -> Result<Action, String> {
    let analysis = manifest::analyze(&value.to_string());
    let decode: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Decode)
        .map(|d| decode_detail(&d.msg))
        .collect();
    if !decode.is_empty() {
        return Err(format!(
            "Error from server (BadRequest): {}",
            strict_error(kind, &decode)
        ));
    }
    let Some(new) = analysis
        .objects
        .into_iter()
        .map(|o| o.resource)
        .find(|r| r.kind() == kind)
    else {
        return Err(format!(
            "Error from server (BadRequest): {} in version \"{}\" cannot be handled as a {}",
            kind.name(),
            kind.api_version().rsplit('/').next().unwrap_or("v1"),
            kind.name()
        ));
    };
    let Outcome::Applied(results) = ctx.sim.exec(Command::Apply {
        objects: vec![new],
        mode: ApplyMode::Update,
    }) else {
        return Err("error: the object could not be updated".to_string());
    };
    match results.into_iter().next().map(|r| r.result) {
        Some(Ok(a)) => Ok(a),
        Some(Err(e)) => Err(e.message()),
        None => Ok(Action::Unchanged),
    }
}

/// The patch as JSON (kubectl also takes YAML for `-p`).
fn patch_value(text: &str) -> Result<Value, String> {
    if let Ok(v) = serde_json::from_str(text) {
        return Ok(v);
    }
    let chunk = crate::manifest::yaml::split_documents(text)
        .into_iter()
        .next();
    chunk
        .and_then(|c| crate::manifest::yaml::parse_chunk(c).ok())
        .and_then(|docs| docs.into_iter().next())
        .and_then(|d| d.root)
        .map(|n| n.to_json())
        .ok_or_else(|| {
            format!("error: unable to parse \"{text}\": yaml: did not find expected node content")
        })
}

/// `kubectl patch TYPE NAME -p PATCH` (strategic merge by default, `--type merge|json`).
pub fn run(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let args = flags(words, "patch", PATCH_FLAGS, out)?;
    let ns = namespace(&args);
    let from_file = match args.value("patch-file") {
        Some(f) => match ctx.files.read(f) {
            Ok(t) => Some(t),
            Err(e) => {
                out.err(&format!("error: unable to read patch file: open {f}: {e}"));
                return None;
            }
        },
        None => None,
    };
    if args.has("patch") && from_file.is_some() {
        out.err("error: cannot specify --patch and --patch-file together");
        return None;
    }
    let Some(text) = args.value("patch").map(str::to_string).or(from_file) else {
        out.err("error: must specify --patch or --patch-file containing the contents of the patch");
        return None;
    };
    let text = text.as_str();
    let kind_word = args
        .value("type")
        .unwrap_or("strategic")
        .to_ascii_lowercase();
    if !matches!(kind_word.as_str(), "strategic" | "merge" | "json") {
        out.err(&format!(
            "error: --type must be one of [json merge strategic], not \"{}\"\nSee 'kubectl patch -h' for help and examples",
            args.value("type").unwrap_or_default()
        ));
        return None;
    }
    let patch = match patch_value(text) {
        Ok(v) => v,
        Err(e) => {
            out.err(&e);
            return None;
        }
    };
    let named = targets(&args.positional, out)?;
    let Some((res, Some(name))) = named.into_iter().next() else {
        out.err("error: resource(s) were provided, but no name was specified");
        return None;
    };
    let Some(kind) = res.kind() else {
        unknown_type(out, res.plural());
        return None;
    };
    let key = objects::key(kind, &ns, &name);
    let mut value = match live_json(ctx, res, kind, &key) {
        Ok(v) => v,
        Err(e) => {
            out.err(&e);
            return None;
        }
    };
    if kind_word == "json" {
        match json_patch(&mut value, &patch) {
            Ok(()) => {}
            Err(Ok(bad)) => {
                out.err(&format!("Error from server (BadRequest): {bad}"));
                return None;
            }
            Err(Err(e)) => {
                out.err(&format!("The request is invalid: {e}"));
                return None;
            }
        }
    } else {
        merge(&mut value, &patch, kind_word == "strategic");
        if kind_word == "strategic" && kind == Kind::Deployment {
            retain_keys(&mut value, &patch, "/spec/strategy");
        }
    }
    let what = format!("{}/{name}", res.singular_qualified());
    match write_back(ctx, kind, &value) {
        Ok(Action::Unchanged) => out.out(&format!("{what} patched (no change)")),
        Ok(_) => out.out(&format!("{what} patched")),
        Err(e) => out.err(&e),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patched(doc: Value, ops: Value) -> Result<Value, Result<String, String>> {
        let mut d = doc;
        json_patch(&mut d, &ops).map(|()| d)
    }

    #[test]
    fn json_patch_follows_rfc_6902() {
        let doc = json!({"a": {"b~c": 1, "d/e": [1, 2]}, "l": ["x"]});
        assert_eq!(
            patched(
                doc.clone(),
                json!([
                    {"op": "add", "path": "/l/-", "value": "y"},
                    {"op": "add", "path": "/l/0", "value": "w"},
                    {"op": "replace", "path": "/a/b~0c", "value": 2},
                    {"op": "remove", "path": "/a/d~1e/0"},
                    {"op": "copy", "from": "/a/b~0c", "path": "/c"},
                    {"op": "move", "from": "/c", "path": "/m"},
                    {"op": "test", "path": "/m", "value": 2}
                ])
            ),
            Ok(json!({"a": {"b~c": 2, "d/e": [2]}, "l": ["w", "x", "y"], "m": 2}))
        );
        assert_eq!(
            patched(
                doc.clone(),
                json!([{"op": "replace", "path": "/zz", "value": 1}])
            ),
            Err(Err(
                "replace operation does not apply: doc is missing key: /zz: missing value".into()
            ))
        );
        assert_eq!(
            patched(
                doc.clone(),
                json!([{"op": "test", "path": "/l/0", "value": "q"}])
            ),
            Err(Err("testing value /l/0 failed: test failed".into()))
        );
        assert_eq!(
            patched(doc.clone(), json!({"op": "add"})),
            Err(Ok(
                "json: cannot unmarshal object into Go value of type jsonpatch.Patch".into()
            ))
        );
        // A failing operation leaves the document as it was.
        let mut d = doc.clone();
        let r = json_patch(
            &mut d,
            &json!([{"op": "remove", "path": "/l/0"}, {"op": "remove", "path": "/q"}]),
        );
        assert!(r.is_err());
        assert_eq!(d, doc);
    }

    #[test]
    fn strategic_merge_merges_lists_by_their_merge_keys() {
        let mut d = json!({"containers": [{"name": "a", "image": "x",
            "ports": [{"containerPort": 80}], "env": [{"name": "A", "value": "1"}],
            "volumeMounts": [{"mountPath": "/d", "name": "v"}]}],
            "args": ["a", "b"]});
        merge(
            &mut d,
            &json!({"containers": [{"name": "a",
                "ports": [{"containerPort": 81}],
                "env": [{"name": "A", "$patch": "delete"}, {"name": "B", "value": "2"}],
                "volumeMounts": [{"mountPath": "/d", "readOnly": true}]},
                {"name": "b", "image": "y"}],
                "args": ["c"]}),
            true,
        );
        assert_eq!(
            d,
            json!({"containers": [{"name": "a", "image": "x",
                "ports": [{"containerPort": 80}, {"containerPort": 81}],
                "env": [{"name": "B", "value": "2"}],
                "volumeMounts": [{"mountPath": "/d", "name": "v", "readOnly": true}]},
                {"name": "b", "image": "y"}],
                "args": ["c"]})
        );
    }

    #[test]
    fn strategic_merge_honours_its_directives() {
        let mut d = json!({"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {}},
            "volumes": [{"name": "a"}, {"name": "b"}],
            "topologySpreadConstraints": [{"topologyKey": "zone", "maxSkew": 1}]}});
        merge(
            &mut d,
            &json!({"spec": {"strategy": {"$patch": "replace", "type": "Recreate"},
                "volumes": [{"name": "a", "$patch": "delete"}],
                "topologySpreadConstraints": [{"topologyKey": "zone", "maxSkew": 2}],
                "new": {"x": null, "y": 1, "$retainKeys": ["y"]},
                "args": [{"$patch": "merge", "k": "v"}]}}),
            true,
        );
        assert_eq!(
            d,
            json!({"spec": {"strategy": {"type": "Recreate"},
                "volumes": [{"name": "b"}],
                "topologySpreadConstraints": [{"topologyKey": "zone", "maxSkew": 2}],
                "new": {"y": 1},
                "args": [{"k": "v"}]}})
        );
    }

    #[test]
    fn merge_patch_follows_rfc_7386() {
        let mut d = json!({"a": 1, "b": {"c": 2, "d": 3}, "l": [{"name": "x", "v": 1}]});
        merge(
            &mut d,
            &json!({"a": null, "b": {"c": 5}, "n": {"p": null, "q": 1}, "l": [{"name": "y"}]}),
            false,
        );
        assert_eq!(
            d,
            json!({"b": {"c": 5, "d": 3}, "n": {"q": 1}, "l": [{"name": "y"}]})
        );
    }
}
