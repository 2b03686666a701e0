//! The commands that change the cluster: `apply`, `create -f`, `delete`, `scale` (`patch` is in
//! `patch.rs`, the generators of `create` in `make.rs`). Output
//! wording per reference §9.4 (name printer `kind[.group]/name verb`, 1.34's `deleted from
//! <ns> namespace`) and §10.3–10.4 (errors while reading files).

use serde_json::Value;

use crate::engine::command::{resource_name, Action, ApiError};
use crate::engine::{ApplyMode, Command, Key, Outcome, Propagation, Simulation, Time};
use crate::i18n::{Arg, Lang, Msg};
use crate::manifest::objects::{Kind, Resource};
use crate::manifest::{self, status, Code, Source};

use super::kubectl::{self, api_error, flags, namespace, unknown_type};
use super::parse::{flag, Args};
use super::resources::Res;
use super::selector::Selector;
use super::{objects, Ctx, Job, Output, Poll};

const APPLY_FLAGS: &[super::parse::FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("kustomize", Some('k'), true),
    flag("recursive", Some('R'), false),
    flag("validate", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("save-config", None, false),
    flag("server-side", None, false),
    flag("force", None, false),
    flag("selector", Some('l'), true),
];

/// One object read from a file, or why it could not be used.
struct FileObject {
    file: String,
    item: Result<Resource, String>,
    /// The object as written in the file (no defaults), for the last-applied annotation.
    original: Option<Value>,
}

/// Reads `-f` files into objects in file order. Returns `None` (after printing kubectl's
/// error) when a file cannot be read or parsed at all: kubectl stops before sending anything.
fn read_files(ctx: &Ctx<'_>, args: &Args, out: &mut Output) -> Option<Vec<FileObject>> {
    let mut objects = Vec::new();
    let mut mapping = Vec::new();
    // `-f` files, `-f -`, `-f URL` and `-k DIR`, each under the name kubectl reports it by.
    for (file, text) in &super::fetch::sources(ctx, args, out)? {
        let analysis = manifest::analyze_sources(&[Source { name: file, text }]);
        let (m, o) = objects_of(file, &analysis, out)?;
        mapping.extend(m);
        objects.extend(o);
    }
    mapping.extend(objects);
    if mapping.is_empty() {
        out.err("error: no objects passed to apply");
        return None;
    }
    Some(mapping)
}

/// The objects of one file already analysed, in file order, after the ones whose kind the API
/// does not serve (kubectl reports those first). `None` (after printing kubectl's error) when
/// the file does not parse at all.
fn objects_of(
    file: &String,
    analysis: &manifest::Analysis,
    out: &mut Output,
) -> Option<(Vec<FileObject>, Vec<FileObject>)> {
    let mut objects = Vec::new();
    let mut mapping = Vec::new();
    {
        // YAML that does not parse stops kubectl before it talks to the server (§10.4).
        if let Some(d) = analysis.diagnostics.iter().find(|d| d.code.is_unparsable()) {
            out.err(&format!(
                "error: error parsing {file}: {}",
                d.msg.render(Lang::En)
            ));
            return None;
        }
        if let Some(d) = analysis.diagnostics.iter().find(|d| {
            matches!(
                d.code,
                Code::KindMissing | Code::VersionMissing | Code::NotObject
            )
        }) {
            let what = if d.code == Code::VersionMissing {
                "Object 'apiVersion' is missing"
            } else {
                "Object 'Kind' is missing"
            };
            out.err(&format!(
                "error: unable to decode \"{file}\": {what} in the document at line {}",
                d.pos.line
            ));
            return None;
        }
        // A kind the API does not serve at that version (a custom resource, a removed
        // version) is a mapping error for that object alone; kubectl applies the others and
        // reports the builder's errors first (`apply.go` `Run`: `GetObjects` errors, then each
        // object's).
        for s in &analysis.skipped {
            mapping.push(FileObject {
                file: file.clone(),
                original: None,
                item: Err(format!(
                    "error: resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{file}\": no matches for kind \"{}\" in version \"{}\"\nensure CRDs are installed first",
                    s.name, s.namespace, s.kind, s.api_version
                )),
            });
        }
        // Decode errors belong to the object whose document they are in: each object starts
        // at its `pos`, so a diagnostic belongs to the last object starting before it.
        let decode: Vec<&manifest::Diagnostic> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::Decode)
            .collect();
        let starts: Vec<_> = analysis.objects.iter().map(|o| o.pos).collect();
        let mut claimed = vec![false; decode.len()];
        for (i, obj) in analysis.objects.iter().enumerate() {
            let end = starts.get(i + 1).copied();
            let mut details = Vec::new();
            for (j, d) in decode.iter().enumerate() {
                if d.pos >= obj.pos && end.is_none_or(|e| d.pos < e) {
                    claimed[j] = true;
                    details.push(decode_detail(&d.msg));
                }
            }
            let item = if details.is_empty() {
                Ok(obj.resource.clone())
            } else {
                Err(strict_error(obj.kind(), &details))
            };
            objects.push(FileObject {
                file: file.clone(),
                item,
                original: Some(obj.node.to_json()),
            });
        }
        // A wrong type drops the object entirely; its error still goes to the server.
        for (j, d) in decode.iter().enumerate() {
            if !claimed[j] {
                objects.push(FileObject {
                    file: file.clone(),
                    original: None,
                    item: Err(format!(
                        "Error from server (BadRequest): error when creating \"{file}\": {}",
                        d.msg.render(Lang::En)
                    )),
                });
            }
        }
    }
    Some((mapping, objects))
}

fn text_args(m: &Msg) -> Vec<String> {
    m.args
        .iter()
        .map(|a| match a {
            Arg::Text(s) => s.clone(),
            Arg::Msg(m) => m.render(Lang::En),
        })
        .collect()
}

/// `unknown field "spec.replica"` from a decode diagnostic (kubectl never prints podplay's
/// did-you-mean hint).
pub(super) fn decode_detail(m: &Msg) -> String {
    let inner = m.args.iter().find_map(|a| match a {
        Arg::Msg(inner) => Some(inner),
        Arg::Text(_) => None,
    });
    match inner {
        Some(d) if d.id.starts_with("sd.unknown.field") => {
            format!(
                "unknown field \"{}\"",
                text_args(d).first().map_or("", String::as_str)
            )
        }
        Some(d) if d.id == "sd.duplicate.field" => {
            format!(
                "duplicate field \"{}\"",
                text_args(d).first().map_or("", String::as_str)
            )
        }
        Some(d) => d.render(Lang::En),
        None => m.render(Lang::En),
    }
}

/// The strict-decoding error's body: `StatefulSet in version "v1" cannot be handled as a
/// StatefulSet: strict decoding error: unknown field "a", unknown field "b"`.
pub(super) fn strict_error(kind: Kind, details: &[String]) -> String {
    let version = kind.api_version().rsplit('/').next().unwrap_or("v1");
    let strict: Vec<&String> = details
        .iter()
        .filter(|d| d.starts_with("unknown field") || d.starts_with("duplicate field"))
        .collect();
    let body = if strict.is_empty() {
        details.join(", ")
    } else {
        format!(
            "strict decoding error: {}",
            strict
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "{} in version \"{version}\" cannot be handled as a {}: {body}",
        kind.name(),
        kind.name()
    )
}

/// The last-applied-configuration kubectl writes (`GetModifiedConfiguration`): the object as
/// written, without that annotation but with an (often empty) `annotations` map, and with the
/// namespace kubectl sent it to; compact JSON with sorted keys, as Go marshals a map.
fn last_applied_text(original: &Value, namespace: Option<&str>) -> String {
    let mut v = original.clone();
    if let Value::Object(obj) = &mut v {
        let meta = obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if let Value::Object(meta) = meta {
            let annotations = meta
                .entry("annotations")
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if let Value::Object(a) = annotations {
                a.remove("kubectl.kubernetes.io/last-applied-configuration");
            }
            if let Some(ns) = namespace {
                meta.insert("namespace".into(), Value::String(ns.to_string()));
            }
        }
    }
    super::get::serial::compact_json(&v)
}

/// `statefulset.apps/web`.
pub(super) fn slash_name(kind: Kind, name: &str) -> String {
    format!("{}/{name}", Res::of_kind(kind).singular_qualified())
}

/// `kubectl apply -f` and `kubectl create -f`.
pub fn apply(
    ctx: &mut Ctx<'_>,
    words: &[String],
    out: &mut Output,
    create: bool,
) -> Option<Box<dyn Job>> {
    let verb = if create { "create" } else { "apply" };
    let args = flags(words, verb, APPLY_FLAGS, out)?;
    if args.values("filename").is_empty() && args.value("kustomize").is_none_or(str::is_empty) {
        no_filename(&args, create, out);
        return None;
    }
    let how = Send {
        create,
        dry_run: args.value("dry-run").filter(|v| *v != "none"),
        ns_flag: args.value("namespace").map(str::to_string),
        name_only: args.value("output") == Some("name"),
    };
    let objects = read_files(ctx, &args, out)?;
    send_objects(ctx, objects, &how, out);
    None
}

/// `kubectl apply -f <file>` of a file already analysed (the page's Apply button sends the
/// editor's objects as the workbench read them, without reading the text again).
pub fn apply_analysis(
    ctx: &mut Ctx<'_>,
    file: &str,
    analysis: &manifest::Analysis,
    out: &mut Output,
) {
    let file = file.to_string();
    if let Some(d) = analysis.diagnostics.iter().find(|d| d.code.is_unparsable()) {
        out.err(&format!(
            "error: error parsing {file}: {}",
            d.msg.render(Lang::En)
        ));
        return;
    }
    let Some((mut mapping, objects)) = objects_of(&file, analysis, out) else {
        return;
    };
    mapping.extend(objects);
    if mapping.is_empty() {
        out.err("error: no objects passed to apply");
        return;
    }
    let how = Send {
        create: false,
        dry_run: None,
        ns_flag: None,
        name_only: false,
    };
    send_objects(ctx, mapping, &how, out);
}

/// How `apply|create` sends the objects read.
struct Send<'a> {
    create: bool,
    dry_run: Option<&'a str>,
    ns_flag: Option<String>,
    name_only: bool,
}

/// Sends each object (or prints why it cannot be), then the errors, as kubectl does.
fn send_objects(ctx: &mut Ctx<'_>, objects: Vec<FileObject>, how: &Send<'_>, out: &mut Output) {
    let Send {
        create,
        dry_run,
        ref ns_flag,
        name_only,
    } = *how;
    let mut errors = Vec::new();
    for fo in objects {
        let res = match object_to_send(fo.item, &fo.file, ns_flag, create) {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let kind = res.kind();
        let name = res.metadata().name.clone().unwrap_or_default();
        let ns = res
            .metadata()
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_string());
        let key = objects::key(kind, &ns, &name);
        let exists = objects::meta(ctx.sim.cluster(), kind, &key).is_some();
        if !create && exists && !ctx.sim.has_last_applied(kind, &key) && dry_run.is_none() {
            out.err(&format!("Warning: resource {}/{name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.", resource_name(kind)));
        }
        if let Some(mode) = dry_run {
            let suffix = if mode == "server" {
                " (server dry run)"
            } else {
                " (dry run)"
            };
            let word = if create || !exists {
                "created"
            } else {
                "configured"
            };
            out.out(&format!("{} {word}{suffix}", slash_name(kind, &name)));
            continue;
        }
        let mode = if create {
            ApplyMode::Create
        } else {
            ApplyMode::Apply
        };
        let record = fo
            .original
            .as_ref()
            .filter(|_| !create)
            .map(|o| last_applied_text(o, kind.namespaced().then_some(ns.as_str())));
        let outcome = ctx.sim.exec(Command::Apply {
            objects: vec![res],
            mode,
        });
        let Outcome::Applied(results) = outcome else {
            continue;
        };
        for r in results {
            match r.result {
                Ok(action) => {
                    if let Some(text) = record.clone() {
                        ctx.sim.exec(Command::RecordApplied {
                            kind: r.kind,
                            key: r.key.clone(),
                            text,
                        });
                    }
                    if name_only {
                        out.out(&slash_name(r.kind, &r.key.name));
                    } else {
                        out.out(&format!(
                            "{} {}",
                            slash_name(r.kind, &r.key.name),
                            action_word(action)
                        ));
                    }
                }
                Err(e) => errors.push(with_source(
                    &e,
                    &fo.file,
                    if exists && !create {
                        "applying patch"
                    } else {
                        "creating"
                    },
                )),
            }
        }
    }
    for e in errors {
        out.err(&e);
    }
}

/// `kubectl apply|create` without `-f`; `create` with a word reads it as an unknown subcommand.
fn no_filename(args: &Args, create: bool, out: &mut Output) {
    if create {
        out.err(
            "error: must specify one of -f and -k\n\nerror: unknown command \"\" for \"create\"",
        );
        if let Some(first) = args.positional.first() {
            out.lines.clear();
            out.err(&format!(
                "error: unknown command \"{first}\" for \"create\"\n\nDid you mean this?\n\t{}\n",
                "-f"
            ));
        }
    } else {
        out.err("error: must specify one of -f and -k");
    }
}

/// One document of the files as the object to send, in the namespace of `--namespace` when it
/// names none, or the error kubectl prints for it: a parse or validation error, a namespace
/// that contradicts `--namespace`, or (apply) an empty name.
fn object_to_send(
    item: Result<Resource, String>,
    file: &str,
    ns_flag: &Option<String>,
    create: bool,
) -> Result<Resource, String> {
    let mut res = match item {
        Ok(r) => r,
        Err(e) if e.starts_with("Error from server") || e.starts_with("error: ") => return Err(e),
        Err(body) => {
            // On an object that exists this comes back through the patch path as a 422
            // (Errata): `The request is invalid: patch: Invalid value: …`.
            return Err(format!(
                "Error from server (BadRequest): error when creating \"{file}\": {body}"
            ));
        }
    };
    let kind = res.kind();
    if kind.namespaced() {
        let own = res.metadata().namespace.clone();
        match (&own, ns_flag) {
            (Some(o), Some(f)) if o != f => {
                return Err(format!("error: the namespace from the provided object \"{o}\" does not match the namespace \"{f}\". You must pass '--namespace={o}' to perform this operation."));
            }
            (None, Some(f)) => res.metadata_mut().namespace = Some(f.clone()),
            _ => {}
        }
    }
    let name = res.metadata().name.clone().unwrap_or_default();
    if name.is_empty() && !create {
        return Err(format!("error: error when retrieving current configuration of:\nResource: \"{}\", GroupVersionKind: \"{}\"\nName: \"\", Namespace: \"{}\"\nfrom server for: \"{}\": resource name may not be empty", resource_name(kind).split('.').next().unwrap_or(""), gvk(kind), res.metadata().namespace.clone().unwrap_or_else(|| "default".into()), file));
    }
    Ok(res)
}

fn gvk(kind: Kind) -> String {
    match kind.api_version().split_once('/') {
        Some((g, v)) => format!("{g}/{v}, Kind={}", kind.name()),
        None => format!("/{}, Kind={}", kind.api_version(), kind.name()),
    }
}

fn action_word(a: Action) -> &'static str {
    a.word()
}

/// kubectl's `AddSourceToErr`: status errors other than Invalid get `error when <verb>
/// "<file>": ` in front of their message.
fn with_source(e: &ApiError, file: &str, verb: &str) -> String {
    // The text lives in manifest::status, so the validator's warnings quote it exactly.
    match e {
        ApiError::NotFound { resource, name } => {
            status::error_when("NotFound", verb, file, &status::not_found(resource, name))
        }
        ApiError::AlreadyExists { resource, name } => status::error_when(
            "AlreadyExists",
            verb,
            file,
            &format!("{resource} \"{name}\" already exists"),
        ),
        ApiError::BadRequest(m) => status::error_when("BadRequest", verb, file, m),
        ApiError::Forbidden(m) => status::error_when("Forbidden", verb, file, m),
        ApiError::Invalid { .. } | ApiError::Limit(_) => e.message(),
    }
}

/// Objects named on a command line: `TYPE NAME...`, `TYPE/NAME...`, or `TYPE` alone (for `-l`
/// and `--all`). Prints kubectl's error and returns `None` for unknown types.
pub fn targets(positional: &[String], out: &mut Output) -> Option<Vec<(Res, Option<String>)>> {
    let mut found = Vec::new();
    if positional.iter().any(|p| p.contains('/')) {
        for p in positional {
            let Some((t, n)) = p.split_once('/') else {
                out.err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
                return None;
            };
            let Some(res) = Res::resolve(t) else {
                unknown_type(out, t);
                return None;
            };
            found.push((res, Some(n.to_string())));
        }
        return Some(found);
    }
    let Some(first) = positional.first() else {
        return Some(found);
    };
    let mut types = Vec::new();
    for t in first.split(',') {
        let Some(res) = Res::resolve(t) else {
            unknown_type(out, t);
            return None;
        };
        types.push(res);
    }
    for res in types {
        if positional.len() == 1 {
            found.push((res, None));
        }
        for n in &positional[1..] {
            found.push((res, Some(n.clone())));
        }
    }
    Some(found)
}

const DELETE_FLAGS: &[super::parse::FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("kustomize", Some('k'), true),
    flag("selector", Some('l'), true),
    flag("all", None, false),
    flag("all-namespaces", Some('A'), false),
    flag("force", None, false),
    flag("grace-period", None, true),
    flag("now", None, false),
    flag("wait", None, true),
    flag("cascade", None, true),
    flag("ignore-not-found", None, false),
    flag("output", Some('o'), true),
    flag("timeout", None, true),
    flag("dry-run", None, true),
    flag("recursive", Some('R'), false),
];

/// `kubectl delete` waits until what it deleted is gone (`--wait=true` is the default).
struct WaitGone {
    targets: Vec<(Kind, Key, String)>,
    deadline: Option<Time>,
}

impl WaitGone {
    fn gone(&self, sim: &Simulation) -> bool {
        self.targets.iter().all(|(kind, key, uid)| {
            objects::meta(sim.cluster(), *kind, key).is_none_or(|m| m.uid != *uid)
        })
    }
}

impl Job for WaitGone {
    fn poll(&mut self, sim: &mut Simulation, _: &mut Output) -> Poll {
        if self.gone(sim) {
            Poll::Done
        } else {
            Poll::Pending
        }
    }
    fn deadline(&self) -> Option<Time> {
        self.deadline
    }
    fn expire(&mut self, _: &mut Simulation, out: &mut Output) -> Poll {
        if let Some((kind, key, _)) = self.targets.first() {
            out.err(&format!(
                "error: timed out waiting for the condition on {}/{}",
                Res::of_kind(*kind).qualified(),
                key.name
            ));
        }
        Poll::Done
    }
}

/// `kubectl delete`.
pub fn delete(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let args = flags(words, "delete", DELETE_FLAGS, out)?;
    let ns = namespace(&args);
    let force = args.bool("force");
    let grace = grace_period(&args, force, out)?;
    let propagation = cascade(args.value("cascade"), out)?;
    let wait = args.value("wait").is_none_or(|w| w != "false");
    let ignore_missing = args.bool("ignore-not-found");
    let name_only = args.value("output") == Some("name");
    let dry_run = args.value("dry-run").is_some_and(|v| v != "none");
    let selector = Selector::from_flag(&args, out)?;

    let todo = delete_targets(ctx, &args, &ns, selector.as_ref(), out)?;
    let mut errors: Vec<String> = Vec::new();

    let mut waiting = Vec::new();
    for (res, key, file) in todo {
        let Some(kind) = res.kind() else { continue };
        let what = format!("{} \"{}\"", res.singular_qualified(), key.name);
        let where_ = if kind.namespaced() {
            format!(" from {} namespace", key.namespace)
        } else {
            String::new()
        };
        if dry_run {
            if objects::meta(ctx.sim.cluster(), kind, &key).is_some() {
                out.out(&format!("{what} deleted{where_} (dry run)"));
            } else if !ignore_missing {
                errors.push(not_found(res, &key.name, file.as_deref()));
            }
            continue;
        }
        if force
            && grace == Some(0)
            && waiting.is_empty()
            && out
                .lines
                .iter()
                .all(|l| !l.text.starts_with("Warning: Immediate"))
        {
            out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
        }
        let outcome = ctx.sim.exec(Command::Delete {
            kind,
            key: key.clone(),
            propagation,
            grace_s: grace,
            force: force && grace == Some(0),
        });
        match outcome {
            Outcome::Deleted { kind, key, uid } => {
                if name_only {
                    out.out(&format!("{}/{}", res.singular_qualified(), key.name));
                } else if force && grace == Some(0) {
                    out.out(&format!("{what} force deleted{where_}"));
                } else {
                    out.out(&format!("{what} deleted{where_}"));
                }
                waiting.push((kind, key, uid));
            }
            Outcome::Failed(ApiError::NotFound { .. }) if !ignore_missing => {
                errors.push(not_found(res, &key.name, file.as_deref()));
            }
            Outcome::Failed(e) => errors.push(e.message()),
            _ => {}
        }
    }
    for e in errors {
        out.err(&e);
    }
    if !wait || waiting.is_empty() {
        return None;
    }
    let deadline = args
        .value("timeout")
        .and_then(kubectl::duration_ms)
        .filter(|ms| *ms > 0)
        .map(|ms| ctx.sim.now().plus_ms(ms));
    Some(Box::new(WaitGone {
        targets: waiting,
        deadline,
    }))
}

/// `--cascade` as kubectl reads it (`parseCascadingFlag`, kubernetes/kubectl
/// pkg/cmd/delete/delete_flags.go): `background`, `orphan`, `foreground` (podplay deletes in
/// the background then, see README), or a Go boolean with a deprecation warning; anything
/// else is an error before anything is deleted.
fn cascade(value: Option<&str>, out: &mut Output) -> Option<Propagation> {
    let Some(v) = value else {
        return Some(Propagation::Background);
    };
    let boolean = match v {
        "orphan" => return Some(Propagation::Orphan),
        "background" | "foreground" => return Some(Propagation::Background),
        "1" | "t" | "T" | "true" | "TRUE" | "True" => true,
        "0" | "f" | "F" | "false" | "FALSE" | "False" => false,
        _ => {
            out.err(&format!(
                "error: invalid cascade value ({v}). Must be \"background\", \"foreground\", or \"orphan\""
            ));
            return None;
        }
    };
    let (now, propagation) = if boolean {
        ("background", Propagation::Background)
    } else {
        ("orphan", Propagation::Orphan)
    };
    out.err(&format!(
        "warning: --cascade={v} is deprecated (boolean value) and can be replaced with --cascade={now}."
    ));
    Some(propagation)
}

/// `--grace-period`, `--now` and `--force` as the grace period to send; `None` after a usage
/// error for a grace period that is not a number.
fn grace_period(args: &Args, force: bool, out: &mut Output) -> Option<Option<i64>> {
    let grace: Option<i64> = match args.value("grace-period") {
        Some(g) => match g.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                kubectl::usage_error(out, "delete", &format!("invalid argument \"{g}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{g}\": invalid syntax"));
                return None;
            }
        },
        None => None,
    };
    // `DeleteFlags.ToOptions`: --now is a grace period of 1; --force without a grace period is
    // 0; a grace period of 0 without --force becomes 1.
    Some(match (grace, args.bool("now"), force) {
        (_, true, _) => Some(1),
        (None, _, true) => Some(0),
        (Some(0), _, false) => Some(1),
        (g, _, _) => g,
    })
}

/// What `kubectl delete` deletes, in order: (type, key, file the object came from), from `-f`
/// files or from the arguments (names, or `--all`/`-l` over the type). `None` after an error, or
/// when nothing matched ("No resources found").
fn delete_targets(
    ctx: &Ctx<'_>,
    args: &Args,
    ns: &str,
    selector: Option<&Selector>,
    out: &mut Output,
) -> Option<Vec<(Res, Key, Option<String>)>> {
    let mut todo: Vec<(Res, Key, Option<String>)> = Vec::new();
    if !args.values("filename").is_empty() || args.value("kustomize").is_some_and(|k| !k.is_empty())
    {
        let objs = read_files(ctx, args, out)?;
        for fo in objs {
            if let Ok(res) = fo.item {
                let kind = res.kind();
                let rns = res
                    .metadata()
                    .namespace
                    .clone()
                    .unwrap_or_else(|| ns.to_string());
                let name = res.metadata().name.clone().unwrap_or_default();
                todo.push((
                    Res::of_kind(kind),
                    objects::key(kind, &rns, &name),
                    Some(fo.file),
                ));
            }
        }
    } else {
        let named = targets(&args.positional, out)?;
        if named.is_empty() {
            out.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
            return None;
        }
        let all = args.bool("all");
        for (res, name) in named {
            let Some(kind) = res.kind() else {
                out.err(
                    &Msg::new("console.delete.unsupported")
                        .text(res.plural())
                        .render(ctx.lang),
                );
                return None;
            };
            match name {
                Some(n) => todo.push((res, objects::key(kind, ns, &n), None)),
                None => {
                    if selector.is_none() && !all {
                        out.err("error: resource(s) were provided, but no name was specified");
                        return None;
                    }
                    let list_ns = (!args.bool("all-namespaces")).then_some(ns);
                    for m in objects::list(ctx.sim.cluster(), kind, list_ns) {
                        if selector.is_none_or(|s| s.matches(&m.labels)) {
                            todo.push((res, m.key(), None));
                        }
                    }
                }
            }
        }
        if todo.is_empty() {
            out.out("No resources found");
            return None;
        }
    }
    Some(todo)
}

fn not_found(res: Res, name: &str, file: Option<&str>) -> String {
    match file {
        Some(f) => format!(
            "Error from server (NotFound): error when deleting \"{f}\": {} \"{name}\" not found",
            res.qualified()
        ),
        None => format!(
            "Error from server (NotFound): {} \"{name}\" not found",
            res.qualified()
        ),
    }
}

const SCALE_FLAGS: &[super::parse::FlagSpec] = &[
    flag("replicas", None, true),
    flag("filename", Some('f'), true),
    flag("kustomize", Some('k'), true),
    flag("current-replicas", None, true),
    flag("selector", Some('l'), true),
    flag("all", None, false),
    flag("timeout", None, true),
    flag("output", Some('o'), true),
];

/// `kubectl scale`.
pub fn scale(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let args = flags(words, "scale", SCALE_FLAGS, out)?;
    let ns = namespace(&args);
    let replicas = args.value("replicas").and_then(|r| r.parse::<i32>().ok());
    let Some(replicas) = replicas.filter(|r| *r >= 0) else {
        out.err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        return None;
    };
    let mut todo: Vec<(Res, Key)> = Vec::new();
    if args.values("filename").is_empty() && args.value("kustomize").is_none_or(str::is_empty) {
        let named = targets(&args.positional, out)?;
        if named.is_empty() {
            out.err("error: required resource not specified");
            return None;
        }
        for (res, name) in named {
            let Some(kind) = res.kind() else {
                unknown_type(out, res.plural());
                return None;
            };
            match name {
                Some(n) => todo.push((res, objects::key(kind, &ns, &n))),
                None => {
                    out.err("error: resource(s) were provided, but no name was specified");
                    return None;
                }
            }
        }
    } else {
        for fo in read_files(ctx, &args, out)? {
            if let Ok(r) = fo.item {
                let kind = r.kind();
                let rns = r.metadata().namespace.clone().unwrap_or_else(|| ns.clone());
                todo.push((
                    Res::of_kind(kind),
                    objects::key(kind, &rns, r.metadata().name.as_deref().unwrap_or("")),
                ));
            }
        }
    }
    for (res, key) in todo {
        let Some(kind) = res.kind() else { continue };
        if !matches!(
            kind,
            Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet
        ) {
            out.err(&format!("error: no objects passed to scale {}/{} (the server could not find the requested resource)", res.qualified(), key.name));
            continue;
        }
        match ctx.sim.exec(Command::Scale {
            kind,
            key: key.clone(),
            replicas,
        }) {
            Outcome::Failed(ApiError::NotFound { .. }) => out.err(&format!(
                "Error from server (NotFound): {} \"{}\" not found",
                res.qualified(),
                key.name
            )),
            Outcome::Failed(e) => api_error(out, &e),
            _ => out.out(&format!("{}/{} scaled", res.singular_qualified(), key.name)),
        }
    }
    None
}
