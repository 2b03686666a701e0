//! The object-making verbs: `kubectl create secret generic|tls`, `create configmap`,
//! `create deployment`, and `kubectl expose`. Each builds the object as kubectl 1.34's
//! generator does and creates it (`create -f` goes on to `mutate::apply`).
//!
//! kubectl 1.34 sources (`staging/src/k8s.io/kubectl/pkg/cmd/create/`): `create_secret.go`
//! (`--from-literal` `key=value`, `--from-file` `[key=]path` keyed by the file's base name,
//! `--from-env-file` lines of `KEY=VALUE`, `#` comments and blank lines skipped; type `Opaque`),
//! `create_secret_tls.go` (type `kubernetes.io/tls`, keys `tls.crt` and `tls.key`),
//! `create_configmap.go`, `create_deployment.go` (labels `app: NAME`, the container named after
//! the image's last path segment without tag, `.` and `_` turned into `-`), and
//! `cmd/expose/expose.go` with `generate/versioned/service.go` (the selector of the exposed
//! object, its labels, `--port`/`--target-port`/`--type`/`--name`, ports named `port-1`… when
//! more than one).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::engine::command::Action;
use crate::engine::{ApplyMode, Command, Outcome};
use crate::manifest::kinds::base64_encode;
use crate::manifest::objects::Kind;

use super::kubectl::{flags, namespace, unknown_type};
use super::mutate::{self, slash_name, targets};
use super::parse::{flag, Args, FlagSpec};
use super::patch::live_json;
use super::{objects, Ctx, Files, Job, Output};

const SOURCE_FLAGS: &[FlagSpec] = &[
    flag("from-literal", None, true),
    flag("from-file", None, true),
    flag("from-env-file", None, true),
    flag("type", None, true),
    flag("cert", None, true),
    flag("key", None, true),
    flag("save-config", None, false),
    flag("validate", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const DEPLOYMENT_FLAGS: &[FlagSpec] = &[
    flag("image", None, true),
    flag("replicas", Some('r'), true),
    flag("port", None, true),
    flag("save-config", None, false),
    flag("validate", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const NAMED_FLAGS: &[FlagSpec] = &[
    flag("save-config", None, false),
    flag("validate", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const EXPOSE_FLAGS: &[FlagSpec] = &[
    flag("port", None, true),
    flag("target-port", None, true),
    flag("type", None, true),
    flag("name", None, true),
    flag("protocol", None, true),
    flag("labels", Some('l'), true),
    flag("selector", None, true),
    flag("cluster-ip", None, true),
    flag("external-ip", None, true),
    flag("session-affinity", None, true),
    flag("save-config", None, false),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

/// `kubectl create …`: a generator subcommand, else objects from `-f`.
pub fn create(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let plain: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .take_while(|w| !w.starts_with('-'))
        .collect();
    match plain.as_slice() {
        ["secret", "generic" | "tls", ..] | ["configmap" | "cm", ..] => sourced(ctx, words, out),
        ["deployment" | "deploy", ..] => deployment(ctx, words, out),
        [sub @ ("namespace" | "ns" | "serviceaccount" | "sa"), ..] => {
            named_only(ctx, words, sub, out)
        }
        ["secret"] => {
            out.out("Create a secret with specified type.\n\n A docker-registry type secret is for accessing a container registry.\n\n A generic type secret indicate an Opaque secret type.\n\n A tls type secret holds TLS certificate and its associated key.\n\nAvailable Commands:\n  docker-registry   Create a secret for use with a Docker registry\n  generic           Create a secret from a local file, directory, or literal value\n  tls               Create a TLS secret\n\nUsage:\n  kubectl create secret (docker-registry | generic | tls) [options]");
            None
        }
        _ => mutate::apply(ctx, words, out, true),
    }
}

/// Removes the first occurrences of the subcommand words from `words`.
fn without(words: &[String], sub: &[&str]) -> Vec<String> {
    let mut rest = Vec::new();
    let mut i = 0;
    for w in words {
        if i < sub.len() && w == sub[i] {
            i += 1;
        } else {
            rest.push(w.clone());
        }
    }
    rest
}

/// `--dry-run=client|server` (with `-o yaml|json|name`): prints what would be created and
/// returns true; false for a real run. kubectl's client-side object has no namespace unless
/// `-n` named one, and no `creationTimestamp` (kubectl 1.35's output, e.g. in
/// jpetazzo/container.training#684, shows none; podplay takes 1.34 to print the same).
fn dry_run(args: &Args, value: &Value, what: &str, out: &mut Output) -> bool {
    let Some(mode) = args.value("dry-run").filter(|m| *m != "none") else {
        return false;
    };
    let mut v = value.clone();
    if !args.has("namespace") {
        if let Some(Value::Object(meta)) = v.get_mut("metadata") {
            meta.remove("namespace");
        }
    }
    let name = v
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let kind = v
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    // The typed objects kubectl prints carry an empty status.
    match kind.as_str() {
        "Deployment" => v["status"] = json!({}),
        "Service" => v["status"] = json!({"loadBalancer": {}}),
        _ => {}
    }
    let prefix = match kind.as_str() {
        "Deployment" => "deployment.apps".to_string(),
        k => k.to_ascii_lowercase(),
    };
    match args.value("output") {
        Some("yaml") => out.out(super::get::serial::to_yaml(&v).trim_end_matches('\n')),
        Some("json") => out.out(&super::get::serial::to_json(&v)),
        Some("name") => out.out(&format!("{prefix}/{name}")),
        Some(other) => out.err(&format!("error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,name,yaml")),
        None => {
            let suffix = if mode == "server" { " (server dry run)" } else { " (dry run)" };
            out.out(&format!("{prefix}/{name} {what}{suffix}"));
        }
    }
    true
}

/// Creates one object (given as JSON) and prints `kind/name created`.
fn create_object(ctx: &mut Ctx<'_>, value: &Value, out: &mut Output) {
    let analysis = crate::manifest::analyze(&value.to_string());
    let Some(res) = analysis.objects.into_iter().next().map(|o| o.resource) else {
        out.err("error: the object could not be built");
        return;
    };
    let kind = res.kind();
    let name = res.metadata().name.clone().unwrap_or_default();
    let Outcome::Applied(results) = ctx.sim.exec(Command::Apply {
        objects: vec![res],
        mode: ApplyMode::Create,
    }) else {
        return;
    };
    for r in results {
        match r.result {
            Ok(Action::Created) => out.out(&format!("{} created", slash_name(kind, &name))),
            Ok(_) => {}
            Err(e) => out.err(&e.message()),
        }
    }
}

fn usage(out: &mut Output, cmd: &str, msg: &str) {
    out.err(&format!(
        "error: {msg}\nSee 'kubectl {cmd} -h' for help and examples"
    ));
}

/// The last path segment of a file name (`dir/a.txt` → `a.txt`).
fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The key → content pairs of `--from-literal`, `--from-file` and `--from-env-file`.
fn sources(ctx: &Ctx<'_>, args: &Args) -> Result<BTreeMap<String, String>, String> {
    let mut data = BTreeMap::new();
    for lit in args.values("from-literal") {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(format!(
                "error: invalid literal source {lit}, expected key=value"
            ));
        };
        data.insert(k.to_string(), v.to_string());
    }
    for spec in args.values("from-file") {
        let (key, path) = match spec.split_once('=') {
            Some((k, p)) => (Some(k.to_string()), p.to_string()),
            None => (None, spec.clone()),
        };
        match ctx.files.read(&path) {
            Ok(text) => {
                data.insert(key.unwrap_or_else(|| base_name(&path).to_string()), text);
                continue;
            }
            // `handleFromFileSources` (kubectl/pkg/cmd/create/create_configmap.go): a
            // `*os.PathError` from `os.Stat` is "error reading %s: %v" of its `Err`.
            Err(e) if crate::console::reason::refused(&e) => {
                return Err(format!("error: error reading {path}: {e}"));
            }
            Err(_) => {}
        }
        // A directory: each file directly in it, keyed by its name (a key is refused).
        let dir = format!("{}/", crate::console::Workdir::normalize(&path));
        let inside: Vec<String> = ctx
            .files
            .names()
            .into_iter()
            .filter(|n| n.strip_prefix(&dir).is_some_and(|r| !r.contains('/')))
            .collect();
        if inside.is_empty() {
            return Err(format!(
                "error: error reading {path}: no such file or directory"
            ));
        }
        if key.is_some() {
            return Err("error: cannot give a key name for a directory path".to_string());
        }
        for n in inside {
            let text = ctx.files.read(&n).unwrap_or_default();
            data.insert(base_name(&n).to_string(), text);
        }
    }
    for path in args.values("from-env-file") {
        let text = ctx
            .files
            .read(path)
            .map_err(|e| format!("error: error reading {path}: {e}"))?;
        for line in text.lines() {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            data.insert(k.to_string(), v.to_string());
        }
    }
    Ok(data)
}

/// `create secret generic|tls NAME` and `create configmap NAME`.
fn sourced(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let first = words.iter().find(|w| !w.starts_with('-'))?.clone();
    let (cmd, sub): (String, Vec<&str>) = if first == "secret" {
        let second = words
            .iter()
            .filter(|w| !w.starts_with('-'))
            .nth(1)
            .cloned()
            .unwrap_or_default();
        (
            format!("create secret {second}"),
            vec!["secret", "generic", "tls"],
        )
    } else {
        ("create configmap".to_string(), vec![first.as_str()])
    };
    let sub: Vec<&str> = if first == "secret" {
        vec![
            "secret",
            if cmd.ends_with("tls") {
                "tls"
            } else {
                "generic"
            },
        ]
    } else {
        sub
    };
    let args = flags(&without(words, &sub), &cmd, SOURCE_FLAGS, out)?;
    if args.positional.len() != 1 {
        usage(
            out,
            &cmd,
            &format!(
                "exactly one NAME is required, got {}",
                args.positional.len()
            ),
        );
        return None;
    }
    let name = args.positional[0].clone();
    let ns = namespace(&args);
    let meta = json!({"name": name, "namespace": ns});
    let value = if cmd == "create secret tls" {
        let (Some(cert), Some(key)) = (args.value("cert"), args.value("key")) else {
            out.err("error: key and cert must be specified");
            return None;
        };
        let mut data = Map::new();
        for (k, path) in [("tls.crt", cert), ("tls.key", key)] {
            match ctx.files.read(path) {
                Ok(t) => data.insert(k.into(), Value::String(base64_encode(t.as_bytes()))),
                Err(e) => {
                    out.err(&format!("error: open {path}: {e}"));
                    return None;
                }
            };
        }
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta,
               "type": "kubernetes.io/tls", "data": data})
    } else {
        let data = match sources(ctx, &args) {
            Ok(d) => d,
            Err(e) => {
                out.err(&e);
                return None;
            }
        };
        if cmd == "create configmap" {
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, "data": data})
        } else {
            let data: BTreeMap<String, String> = data
                .into_iter()
                .map(|(k, v)| (k, base64_encode(v.as_bytes())))
                .collect();
            // Without --type kubectl sends none; the apiserver defaults it to Opaque.
            let mut s = json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta});
            if let Some(t) = args.value("type") {
                s["type"] = json!(t);
            }
            if !data.is_empty() {
                s["data"] = json!(data);
            }
            s
        }
    };
    if !dry_run(&args, &value, "created", out) {
        create_object(ctx, &value, out);
    }
    None
}

/// `kubectl create namespace NAME` and `kubectl create serviceaccount NAME`: objects with a
/// name and nothing else (`create_namespace.go`, `create_serviceaccount.go`).
fn named_only(
    ctx: &mut Ctx<'_>,
    words: &[String],
    sub: &str,
    out: &mut Output,
) -> Option<Box<dyn Job>> {
    let (cmd, kind) = if matches!(sub, "namespace" | "ns") {
        ("create namespace", "Namespace")
    } else {
        ("create serviceaccount", "ServiceAccount")
    };
    let args = flags(&without(words, &[sub]), cmd, NAMED_FLAGS, out)?;
    if args.positional.len() != 1 {
        usage(
            out,
            cmd,
            &format!(
                "exactly one NAME is required, got {}",
                args.positional.len()
            ),
        );
        return None;
    }
    let mut meta = json!({"name": args.positional[0]});
    if kind == "ServiceAccount" {
        meta["namespace"] = json!(namespace(&args));
    }
    let value = json!({"apiVersion": "v1", "kind": kind, "metadata": meta});
    if !dry_run(&args, &value, "created", out) {
        create_object(ctx, &value, out);
    }
    None
}

/// The container name `create deployment` derives from an image reference.
fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split('@').next().unwrap_or(last);
    let last = last.split(':').next().unwrap_or(last);
    last.replace(['.', '_'], "-")
}

/// `kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=P]`.
fn deployment(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let first = words.iter().find(|w| !w.starts_with('-'))?.clone();
    let args = flags(
        &without(words, &[first.as_str()]),
        "create deployment",
        DEPLOYMENT_FLAGS,
        out,
    )?;
    if args.positional.len() != 1 {
        usage(
            out,
            "create deployment",
            &format!(
                "exactly one NAME is required, got {}",
                args.positional.len()
            ),
        );
        return None;
    }
    let images = args.values("image");
    if images.is_empty() {
        out.err("error: required flag(s) \"image\" not set");
        return None;
    }
    let name = args.positional[0].clone();
    let replicas: i64 = match args.value("replicas").map(str::parse) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            let r = args.value("replicas").unwrap_or_default();
            out.err(&format!("error: invalid argument \"{r}\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax\nSee 'kubectl create deployment --help' for usage."));
            return None;
        }
    };
    let port: Option<i64> = args.value("port").and_then(|p| p.parse().ok());
    let containers: Vec<Value> = images
        .iter()
        .map(|img| {
            let mut c = json!({"name": container_name(img), "image": img, "resources": {}});
            if let Some(p) = port {
                c["ports"] = json!([{"containerPort": p}]);
            }
            c
        })
        .collect();
    let labels = json!({"app": name});
    let value = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace(&args), "labels": labels},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": labels},
            "strategy": {},
            "template": {"metadata": {"labels": labels}, "spec": {"containers": containers}}
        }
    });
    if !dry_run(&args, &value, "created", out) {
        create_object(ctx, &value, out);
    }
    None
}

/// The selector, labels and container ports of an object `expose` can expose.
fn exposable(kind: Kind, live: &Value) -> Option<(Value, Value, Vec<Value>)> {
    let labels = live
        .pointer("/metadata/labels")
        .cloned()
        .unwrap_or(json!({}));
    let (selector, spec) = match kind {
        Kind::Pod => (labels.clone(), live.get("spec")?),
        Kind::Service => (live.pointer("/spec/selector")?.clone(), live.get("spec")?),
        Kind::Deployment | Kind::ReplicaSet => (
            live.pointer("/spec/selector/matchLabels")?.clone(),
            live.pointer("/spec/template/spec")?,
        ),
        _ => return None,
    };
    let ports: Vec<Value> = if kind == Kind::Service {
        spec.get("ports")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    } else {
        spec.get("containers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|c| {
                c.get("ports")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            })
            .map(|p| {
                json!({"port": p.get("containerPort").cloned().unwrap_or(Value::Null),
                       "protocol": p.get("protocol").cloned().unwrap_or(json!("TCP"))})
            })
            .collect()
    };
    Some((selector, labels, ports))
}

/// `kubectl expose (deployment|pod|rs|svc) NAME [--port] [--target-port] [--type] [--name]`.
pub fn expose(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let args = flags(words, "expose", EXPOSE_FLAGS, out)?;
    let ns = namespace(&args);
    let named = targets(&args.positional, out)?;
    let Some((res, Some(name))) = named.into_iter().next() else {
        out.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        return None;
    };
    let Some(kind) = res.kind() else {
        unknown_type(out, res.plural());
        return None;
    };
    let key = objects::key(kind, &ns, &name);
    let live = match live_json(ctx, res, kind, &key) {
        Ok(v) => v,
        Err(e) => {
            out.err(&e);
            return None;
        }
    };
    let Some((selector, labels, found_ports)) = exposable(kind, &live) else {
        let group = kind.api_version().split_once('/').map(|(g, _)| g);
        let what = match group {
            Some(g) => format!("{}.{g}", kind.name()),
            None => kind.name().to_string(),
        };
        out.err(&format!("error: cannot expose a {what}"));
        return None;
    };
    let protocol = args.value("protocol").unwrap_or("TCP");
    let ports: Vec<Value> = match args.value("port") {
        Some(p) => p
            .split(',')
            .map(|one| json!({"port": one.parse::<i64>().unwrap_or(0), "protocol": protocol}))
            .collect(),
        None => found_ports,
    };
    if ports.is_empty() {
        out.err("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples");
        return None;
    }
    let many = ports.len() > 1;
    let ports: Vec<Value> = ports
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            let target = match args.value("target-port") {
                Some(t) => t.parse::<i64>().map_or_else(|_| json!(t), |n| json!(n)),
                None => p.get("port").cloned().unwrap_or(Value::Null),
            };
            p["targetPort"] = target;
            if many {
                p["name"] = json!(format!("port-{}", i + 1));
            }
            p
        })
        .collect();
    let svc_name = args.value("name").unwrap_or(&name).to_string();
    let mut spec = json!({"selector": selector, "ports": ports});
    if let Some(t) = args.value("type") {
        spec["type"] = json!(t);
    }
    let labels = match args.value("labels") {
        Some(l) => json!(l
            .split(',')
            .filter_map(|kv| kv.split_once('='))
            .collect::<BTreeMap<_, _>>()),
        None => labels,
    };
    let value = json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": svc_name, "namespace": ns, "labels": labels}, "spec": spec});
    if dry_run(&args, &value, "exposed", out) {
        return None;
    }
    let before = out.lines.len();
    create_object(ctx, &value, out);
    for l in out.lines.iter_mut().skip(before) {
        if let Some(n) = l.text.strip_suffix(" created") {
            l.text = format!("{n} exposed");
        }
    }
    None
}
