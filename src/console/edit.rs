//! `kubectl label`, `kubectl annotate`, `kubectl set image` and `kubectl set env`: each reads
//! the live object, changes its metadata or pod template, and writes it back.
//!
//! Wording from kubectl 1.34 (`staging/src/k8s.io/kubectl/pkg/cmd/label/label.go`:
//! `validateNoOverwrites`, `updateDataChangeMsg` → `labeled`/`unlabeled`/`not labeled`;
//! `annotate/annotate.go` `validateNoAnnotationOverwrites`, printer operation `annotated`;
//! `set/set_image.go` and `set/set_env.go`: `image updated`/`env updated`, nothing printed when
//! the patch is empty, `unable to find container named …`; `cmdutil.GetResourcesAndPairs`:
//! resources come before the changes).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::engine::Key;
use crate::manifest::objects::Kind;

use super::kubectl::{flags, namespace};
use super::mutate::targets;
use super::parse::{flag, Args, FlagSpec};
use super::patch::{live_json, write_back};
use super::resources::Res;
use super::selector::Selector;
use super::{objects, real, Ctx, Job, Output};

const LABEL_FLAGS: &[FlagSpec] = &[
    flag("overwrite", None, false),
    flag("all", None, false),
    flag("selector", Some('l'), true),
    flag("all-namespaces", Some('A'), false),
    flag("resource-version", None, true),
];

const SET_FLAGS: &[FlagSpec] = &[
    flag("all", None, false),
    flag("selector", Some('l'), true),
    flag("containers", Some('c'), true),
    flag("env", Some('e'), true),
    flag("record", None, false),
];

/// `KEY=VALUE` or `KEY-`: is `arg` a change rather than a resource?
fn is_pair(arg: &str) -> bool {
    arg.contains('=') || arg.ends_with('-')
}

/// Splits positional words into resources and changes (`GetResourcesAndPairs`).
fn resources_and_pairs(
    positional: &[String],
    what: &str,
) -> Result<(Vec<String>, Vec<String>), String> {
    let (mut res, mut pairs) = (Vec::new(), Vec::new());
    for a in positional {
        if is_pair(a) {
            pairs.push(a.clone());
        } else if pairs.is_empty() {
            res.push(a.clone());
        } else {
            return Err(format!(
                "error: all resources must be specified before {what} changes: {a}"
            ));
        }
    }
    Ok((res, pairs))
}

/// Parsed `KEY=VALUE` settings and `KEY-` removals.
struct Changes {
    set: BTreeMap<String, String>,
    remove: Vec<String>,
}

fn parse_changes(pairs: &[String], what: &str) -> Result<Changes, String> {
    let mut c = Changes {
        set: BTreeMap::new(),
        remove: Vec::new(),
    };
    for p in pairs {
        if let Some((k, v)) = p.split_once('=') {
            // label.go `parseLabels` checks a label's key and value before sending; annotation
            // values are free text, their keys still qualified names.
            let bad_value = what == "label" && !crate::manifest::names::label_value(v).is_empty();
            let meta = what == "label" || what == "annotation";
            let bad_key = meta && !crate::manifest::names::qualified_name(k).is_empty();
            if k.is_empty() || bad_key || bad_value {
                return Err(format!("error: invalid {what} spec: {p}"));
            }
            c.set.insert(k.to_string(), v.to_string());
        } else if let Some(k) = p.strip_suffix('-') {
            if c.set.contains_key(k) {
                return Err(format!(
                    "error: can not both modify and remove {what}s in the same command"
                ));
            }
            c.remove.push(k.to_string());
        }
    }
    Ok(c)
}

/// The objects the resource words name: `TYPE NAME…`, `TYPE/NAME…`, or a type with `-l`/`--all`.
fn chosen(
    ctx: &Ctx<'_>,
    args: &Args,
    words: &[String],
    ns: &str,
    out: &mut Output,
) -> Option<Vec<(Res, Option<Kind>, Key)>> {
    let selector = Selector::from_flag(args, out)?;
    let mut found = Vec::new();
    for (res, name) in targets(words, out)? {
        let kind = res.kind();
        if kind.is_none() && res != Res::Nodes {
            out.err(
                &crate::i18n::Msg::new("console.edit.unsupported")
                    .text(res.plural())
                    .render(ctx.lang),
            );
            return None;
        }
        match name {
            Some(n) => found.push((
                res,
                kind,
                kind.map_or(Key::cluster(&n), |k| objects::key(k, ns, &n)),
            )),
            None if selector.is_some() || args.bool("all") => {
                let list_ns = (!args.bool("all-namespaces")).then_some(ns);
                let c = ctx.sim.cluster();
                let metas: Vec<_> = match kind {
                    Some(k) => objects::list(c, k, list_ns),
                    None => c.nodes.values().map(|n| &n.meta).collect(),
                };
                for m in metas {
                    if selector.as_ref().is_none_or(|s| s.matches(&m.labels)) {
                        found.push((res, kind, kind.map_or(Key::cluster(&m.name), |_| m.key())));
                    }
                }
            }
            None => {
                out.err("error: resource(s) were provided, but no name was specified");
                return None;
            }
        }
    }
    Some(found)
}

/// Applies label or annotation changes to one object's metadata map; the error kubectl gives
/// for an existing key without `--overwrite`, and notes for keys to remove that are missing.
fn change_map(
    meta: &mut Map<String, Value>,
    field: &str,
    changes: &Changes,
    overwrite: bool,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    let map = meta
        .entry(field.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !map.is_object() {
        *map = Value::Object(Map::new());
    }
    let Value::Object(map) = map else {
        return Ok(());
    };
    if !overwrite {
        let clashes: Vec<String> = changes
            .set
            .iter()
            // annotate.go lets the rollout's change-cause be overwritten always.
            .filter(|(k, _)| *k != "kubernetes.io/change-cause")
            .filter_map(|(k, v)| {
                let cur = map.get(k)?.as_str()?;
                (cur != v).then(|| format!("'{k}' already has a value ({cur})"))
            })
            .collect();
        if !clashes.is_empty() {
            return Err(if field == "labels" {
                clashes
                    .iter()
                    .map(|c| format!("{c}, and --overwrite is false"))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                format!(
                    "--overwrite is false but found the following declared annotation(s): {}",
                    clashes.join("; ")
                )
            });
        }
    }
    for k in &changes.remove {
        if map.remove(k).is_none() && field == "labels" {
            notes.push(format!("label \"{k}\" not found."));
        }
    }
    for (k, v) in &changes.set {
        map.insert(k.clone(), Value::String(v.clone()));
    }
    if map.is_empty() {
        meta.remove(field);
    }
    Ok(())
}

/// `kubectl label` (`annotate` false) and `kubectl annotate`.
pub fn label(
    ctx: &mut Ctx<'_>,
    words: &[String],
    out: &mut Output,
    annotate: bool,
) -> Option<Box<dyn Job>> {
    let verb = if annotate { "annotate" } else { "label" };
    let args = flags(words, verb, LABEL_FLAGS, out)?;
    let ns = namespace(&args);
    let what = if annotate { "annotation" } else { "label" };
    let (res_words, pairs) = match resources_and_pairs(&args.positional, what) {
        Ok(v) => v,
        Err(e) => {
            out.err(&e);
            return None;
        }
    };
    if res_words.is_empty() {
        out.err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
        return None;
    }
    if pairs.is_empty() {
        out.err(&format!("error: at least one {what} update is required"));
        return None;
    }
    let changes = match parse_changes(&pairs, what) {
        Ok(c) => c,
        Err(e) => {
            out.err(&e);
            return None;
        }
    };
    let overwrite = args.bool("overwrite");
    for (res, kind, key) in chosen(ctx, &args, &res_words, &ns, out)? {
        let old = match kind {
            Some(kind) => live_json(ctx, res, kind, &key),
            None => node_json(ctx, &key.name),
        };
        let old = match old {
            Ok(v) => v,
            Err(e) => {
                out.err(&e);
                continue;
            }
        };
        let mut new = old.clone();
        let mut notes = Vec::new();
        let field = if annotate { "annotations" } else { "labels" };
        let changed = match new.get_mut("metadata") {
            Some(Value::Object(meta)) => change_map(meta, field, &changes, overwrite, &mut notes),
            _ => Ok(()),
        };
        if let Err(e) = changed {
            out.err(&format!("error: {e}"));
            continue;
        }
        for n in notes {
            out.out(&n);
        }
        let name = format!("{}/{}", res.singular_qualified(), key.name);
        if new != old {
            let written = match kind {
                Some(kind) => write_back(ctx, kind, &new).map(|_| ()),
                None => node_write(ctx, &key.name, &new),
            };
            if let Err(e) = written {
                out.err(&e);
                continue;
            }
        }
        let word = if annotate {
            "annotated"
        } else if new == old {
            "not labeled"
        } else if !overwrite && new.to_string().len() < old.to_string().len() {
            "unlabeled"
        } else {
            "labeled"
        };
        out.out(&format!("{name} {word}"));
    }
    None
}

/// A node's metadata as JSON (nodes are the engine's own, not a stored manifest).
fn node_json(ctx: &Ctx<'_>, name: &str) -> Result<Value, String> {
    let node = ctx
        .sim
        .cluster()
        .nodes
        .get(name)
        .ok_or_else(|| format!("Error from server (NotFound): nodes \"{name}\" not found"))?;
    Ok(serde_json::json!({"metadata": {
        "name": name,
        "labels": node.meta.labels,
        "annotations": node.meta.annotations,
    }}))
}

/// Writes a node's labels and annotations back.
fn node_write(ctx: &mut Ctx<'_>, name: &str, v: &Value) -> Result<(), String> {
    let map = |field: &str| -> crate::manifest::objects::StrMap {
        v.pointer(&format!("/metadata/{field}"))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    };
    match ctx.sim.exec(crate::engine::Command::NodeMeta {
        node: name.to_string(),
        labels: map("labels"),
        annotations: map("annotations"),
    }) {
        crate::engine::Outcome::Failed(e) => Err(e.message()),
        _ => Ok(()),
    }
}

/// The pod spec inside an object of `kind`, as JSON.
fn pod_spec(v: &mut Value, kind: Kind) -> Option<&mut Map<String, Value>> {
    let path: &[&str] = match kind {
        Kind::Pod => &["spec"],
        Kind::Stored(k) if k.row().kind == "CronJob" => {
            &["spec", "jobTemplate", "spec", "template", "spec"]
        }
        _ => &["spec", "template", "spec"],
    };
    let mut cur = v;
    for p in path {
        cur = cur.get_mut(*p)?;
    }
    cur.as_object_mut()
}

/// `kubectl set image|env …`.
pub fn set(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let sub = words.iter().find(|w| !w.starts_with('-')).cloned();
    let Some(sub) = sub else {
        out.out("Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  env              Update environment variables on a pod template\n  image            Update the image of a pod template\n  resources        Update resource requests/limits on objects with pod templates\n  selector         Set the selector on a resource\n  serviceaccount   Update the service account of a resource\n  subject          Update the user, group, or service account in a role binding or cluster role binding\n\nUsage:\n  kubectl set SUBCOMMAND [options]");
        return None;
    };
    let rest: Vec<String> = {
        let mut seen = false;
        words
            .iter()
            .filter(|w| {
                let skip = !seen && **w == sub;
                seen |= skip;
                !skip
            })
            .cloned()
            .collect()
    };
    let command = format!("set {sub}");
    match real::kubectl_row(&command) {
        Some(r) if r.simulated => {}
        Some(r) => {
            real::unsimulated(r.command, ctx.lang, out);
            return None;
        }
        None => {
            out.err(&format!("error: unknown command \"{sub}\" for \"kubectl set\"\nSee 'kubectl set -h' for help and examples"));
            return None;
        }
    }
    let args = flags(&rest, &command, SET_FLAGS, out)?;
    set_containers(ctx, &args, sub == "image", out);
    None
}

/// Changes one container by the rule of `set image` (`NAME=IMAGE`, `*` for all) or `set env`.
fn set_containers(ctx: &mut Ctx<'_>, args: &Args, image: bool, out: &mut Output) {
    let ns = namespace(args);
    let what = if image { "image" } else { "env" };
    let (res_words, mut pairs) = match resources_and_pairs(&args.positional, what) {
        Ok(v) => v,
        Err(e) => {
            out.err(&e);
            return;
        }
    };
    pairs.extend(args.values("env").iter().cloned());
    let mut errs = Vec::new();
    if res_words.is_empty() {
        errs.push(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>"
                .to_string(),
        );
    }
    if pairs.is_empty() {
        errs.push(if image {
            "at least one image update is required".to_string()
        } else {
            "at least one environment variable must be provided".to_string()
        });
    }
    if !errs.is_empty() {
        out.err(&format!("error: {}", errs.join(", ")));
        return;
    }
    let changes = match parse_changes(&pairs, what) {
        Ok(c) => c,
        Err(e) => {
            out.err(&e);
            return;
        }
    };
    let Some(list) = chosen(ctx, args, &res_words, &ns, out) else {
        return;
    };
    for (res, kind, key) in list {
        let Some(kind) = kind else {
            out.err(&format!(
                "error: {}/{} the object is not a pod or does not have a pod template: *v1.Node",
                res.plural(),
                key.name
            ));
            continue;
        };
        let templated = match kind {
            Kind::Pod | Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet => true,
            Kind::Stored(k) => matches!(
                k.row().kind,
                "DaemonSet" | "Job" | "CronJob" | "ReplicationController"
            ),
            _ => false,
        };
        if !templated {
            // `polymorphichelpers.updatePodSpecForObject`'s error, after the object's name.
            out.err(&format!(
                "error: {}/{} the object is not a pod or does not have a pod template: *{}.{}",
                res.plural(),
                key.name,
                kind.api_version().rsplit('/').next().unwrap_or("v1"),
                kind.name()
            ));
            continue;
        }
        let old = match live_json(ctx, res, kind, &key) {
            Ok(v) => v,
            Err(e) => {
                out.err(&e);
                continue;
            }
        };
        let mut new = old.clone();
        let result = match pod_spec(&mut new, kind) {
            Some(spec) if image => set_image(spec, &changes),
            Some(spec) => {
                set_env(spec, &changes, args.value("containers"));
                Ok(())
            }
            None => Ok(()),
        };
        if let Err(e) = result {
            out.err(&format!("error: {e}"));
            continue;
        }
        if new == old {
            continue;
        }
        match write_back(ctx, kind, &new) {
            Ok(_) => out.out(&format!(
                "{}/{} {} updated",
                res.singular_qualified(),
                key.name,
                if image { "image" } else { "env" }
            )),
            Err(e) => out.err(&e),
        }
    }
}

fn containers_mut(spec: &mut Map<String, Value>) -> Vec<&mut Map<String, Value>> {
    spec.iter_mut()
        .filter(|(k, _)| *k == "initContainers" || *k == "containers")
        .filter_map(|(_, v)| v.as_array_mut())
        .flat_map(|list| list.iter_mut().filter_map(Value::as_object_mut))
        .collect()
}

fn set_image(spec: &mut Map<String, Value>, changes: &Changes) -> Result<(), String> {
    for (name, image) in &changes.set {
        let mut found = false;
        for c in containers_mut(spec) {
            if name == "*" || c.get("name").and_then(Value::as_str) == Some(name.as_str()) {
                c.insert("image".into(), Value::String(image.clone()));
                found = true;
            }
        }
        if !found && name != "*" {
            return Err(format!("unable to find container named \"{name}\""));
        }
    }
    Ok(())
}

/// Whether a container name matches `-c` (a shell glob with `*`).
fn glob(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((pre, post)) => {
            name.len() >= pre.len() + post.len() && name.starts_with(pre) && name.ends_with(post)
        }
    }
}

fn set_env(spec: &mut Map<String, Value>, changes: &Changes, only: Option<&str>) {
    for c in containers_mut(spec) {
        let name = c.get("name").and_then(Value::as_str).unwrap_or("");
        if !glob(only.unwrap_or("*"), name) {
            continue;
        }
        let env = c
            .entry("env".to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(env) = env else { continue };
        env.retain(|e| {
            let n = e.get("name").and_then(Value::as_str).unwrap_or("");
            !changes.remove.iter().any(|r| r == n)
        });
        for (k, v) in &changes.set {
            let item = serde_json::json!({"name": k, "value": v});
            match env
                .iter_mut()
                .find(|e| e.get("name").and_then(Value::as_str) == Some(k.as_str()))
            {
                Some(e) => *e = item,
                None => env.push(item),
            }
        }
        if env.is_empty() {
            c.remove("env");
        }
    }
}
