//! `kubectl rollout status|restart|history|undo|pause|resume` and `kubectl wait`. The status
//! texts are those of `kubectl@1.34:pkg/polymorphichelpers/rollout_status.go`; history's table
//! is `polymorphichelpers/history.go` (tabwriter padding 2).

use crate::engine::command::ApiError;
use crate::engine::controllers::daemon_set;
use crate::engine::{ApplyMode, Command, Key, Outcome, Simulation, Time};
use crate::manifest::objects::{Kind, Resource};

use super::kubectl::{self, api_error, flags, namespace};
use super::parse::flag;
use super::resources::Res;
use super::selector::Selector;
use super::template::jsonpath::{relaxed, text_of, JsonPath};
use super::{mutate, objects, Ctx, Job, Output, Poll};
use crate::engine::status;

const ROLLOUT_FLAGS: &[super::parse::FlagSpec] = &[
    flag("watch", Some('w'), true),
    flag("timeout", None, true),
    flag("revision", None, true),
    flag("to-revision", None, true),
    flag("filename", Some('f'), true),
    flag("selector", Some('l'), true),
    flag("output", Some('o'), true),
];

fn usage(out: &mut Output) {
    out.err("error: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl rollout -h' for help and examples");
}

/// `kubectl rollout SUB TYPE/NAME`.
pub fn run(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let Some(sub) = words.iter().find(|w| !w.starts_with('-')).cloned() else {
        out.out("Manage the rollout of one or many resources.\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout");
        return None;
    };
    let rest: Vec<String> = {
        let pos = words.iter().position(|w| *w == sub).unwrap_or(0);
        let mut v = words[..pos].to_vec();
        v.extend_from_slice(&words[pos + 1..]);
        v
    };
    if !["status", "restart", "history", "undo", "pause", "resume"].contains(&sub.as_str()) {
        out.err(&format!("error: unknown command \"{sub}\" for \"kubectl rollout\"\n\nRun 'kubectl rollout --help' for usage."));
        return None;
    }
    let verb = format!("rollout {sub}");
    let args = flags(&rest, &verb, ROLLOUT_FLAGS, out)?;
    let ns = namespace(&args);
    let named = mutate::targets(&args.positional, out)?;
    if named.is_empty() {
        usage(out);
        return None;
    }
    let mut job = None;
    for (res, name) in named {
        let Some(name) = name else {
            out.err("error: resource(s) were provided, but no name was specified");
            return None;
        };
        let kind = match res {
            Res::Deployments => Kind::Deployment,
            Res::StatefulSets => Kind::StatefulSet,
            Res::Stored(sk) if sub == "status" && daemon_set::is_daemon_set(Kind::Stored(sk)) => {
                Kind::Stored(sk)
            }
            other => {
                let what = match sub.as_str() {
                    "status" => format!(
                        "no status viewer has been implemented for {}",
                        other.kind_name()
                    ),
                    "history" => format!(
                        "no history viewer has been implemented for \"{}\"",
                        other.kind_name()
                    ),
                    _ => format!(
                        "{} \"{name}\" is not a supported resource for {sub}",
                        other.singular_qualified()
                    ),
                };
                out.err(&format!("error: {what}"));
                continue;
            }
        };
        let key = Key::new(&ns, &name);
        if objects::meta(ctx.sim.cluster(), kind, &key).is_none() {
            out.err(&format!(
                "Error from server (NotFound): {} \"{name}\" not found",
                res.qualified()
            ));
            continue;
        }
        let slash = format!("{}/{name}", res.singular_qualified());
        match sub.as_str() {
            "restart" => match ctx.sim.exec(Command::RolloutRestart { kind, key }) {
                Outcome::Failed(e) => api_error(out, &e),
                _ => out.out(&format!("{slash} restarted")),
            },
            "history" => history(ctx.sim, Target::new(kind, &key, &slash), &args, out),
            "undo" => undo(ctx.sim, Target::new(kind, &key, &slash), &args, out),
            "pause" | "resume" => {
                pause(
                    ctx.sim,
                    Target::new(kind, &key, &slash),
                    sub == "pause",
                    out,
                );
            }
            _ => {
                let deadline = args
                    .value("timeout")
                    .and_then(kubectl::duration_ms)
                    .filter(|ms| *ms > 0)
                    .map(|ms| ctx.sim.now().plus_ms(ms));
                let watch = args.value("watch").is_none_or(|w| w != "false");
                let mut st = RolloutStatus {
                    kind,
                    key,
                    last: String::new(),
                    deadline,
                };
                if !watch {
                    st.poll(ctx.sim, out);
                    continue;
                }
                job = Some(Box::new(st) as Box<dyn Job>);
            }
        }
    }
    job
}

/// Follows one rollout until it completes.
struct RolloutStatus {
    kind: Kind,
    key: Key,
    last: String,
    deadline: Option<Time>,
}

impl RolloutStatus {
    /// kubectl's status text for the object now, and whether the rollout is complete.
    fn status(&self, sim: &Simulation) -> Result<(String, bool), String> {
        let c = sim.cluster();
        let now = sim.now();
        match self.kind {
            Kind::Deployment => {
                let Some(d) = c.deployments.get(&self.key) else {
                    return Err(format!("deployments.apps \"{}\" not found", self.key.name));
                };
                let name = &d.meta.name;
                if d.meta.generation > d.observed_generation {
                    return Ok((
                        "Waiting for deployment spec update to be observed...".into(),
                        false,
                    ));
                }
                let s = status::deployment(c, d, now);
                let want = d.replicas();
                Ok(if s.updated < want {
                    (format!("Waiting for deployment \"{name}\" rollout to finish: {} out of {want} new replicas have been updated...", s.updated), false)
                } else if s.replicas > s.updated {
                    (format!("Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...", s.replicas - s.updated), false)
                } else if s.available < s.updated {
                    (format!("Waiting for deployment \"{name}\" rollout to finish: {} of {} updated replicas are available...", s.available, s.updated), false)
                } else {
                    (
                        format!("deployment \"{name}\" successfully rolled out"),
                        true,
                    )
                })
            }
            Kind::Stored(sk) => {
                // kubectl pkg/polymorphichelpers/rollout_status.go `DaemonSetStatusViewer`.
                let Some(o) = c.stored.get(&(sk, self.key.clone())) else {
                    return Err(format!("daemonsets.apps \"{}\" not found", self.key.name));
                };
                if daemon_set::read(o).is_some_and(|d| !d.rolling) {
                    return Err(
                        "rollout status is only available for RollingUpdate strategy type".into(),
                    );
                }
                let name = &o.meta.name;
                let s = status::daemon_set_status(c, o, now);
                let want = s.desired_number_scheduled;
                Ok(if s.updated_number_scheduled < want {
                    (format!("Waiting for daemon set \"{name}\" rollout to finish: {} out of {want} new pods have been updated...", s.updated_number_scheduled), false)
                } else if s.number_available < want {
                    (format!("Waiting for daemon set \"{name}\" rollout to finish: {} of {want} updated pods are available...", s.number_available), false)
                } else {
                    (
                        format!("daemon set \"{name}\" successfully rolled out"),
                        true,
                    )
                })
            }
            _ => {
                let Some(sts) = c.stateful_sets.get(&self.key) else {
                    return Err(format!("statefulsets.apps \"{}\" not found", self.key.name));
                };
                if sts.on_delete() {
                    return Err(
                        "rollout status is only available for RollingUpdate strategy type".into(),
                    );
                }
                if sts.observed_generation == 0 || sts.meta.generation > sts.observed_generation {
                    return Ok((
                        "Waiting for statefulset spec update to be observed...".into(),
                        false,
                    ));
                }
                let s = status::stateful_set(c, sts, now);
                let want = sts.replicas();
                if s.ready < want {
                    return Ok((
                        format!("Waiting for {} pods to be ready...", want - s.ready),
                        false,
                    ));
                }
                // Defaulting always fills rollingUpdate.partition, so this branch decides.
                let partition = sts.partition();
                if s.updated < want - partition {
                    return Ok((format!("Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...", s.updated, want - partition), false));
                }
                Ok((
                    format!(
                        "partitioned roll out complete: {} new pods have been updated...",
                        s.updated
                    ),
                    true,
                ))
            }
        }
    }
}

impl Job for RolloutStatus {
    fn poll(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        match self.status(sim) {
            Err(e) => {
                out.err(&format!("error: {e}"));
                Poll::Done
            }
            Ok((text, done)) => {
                if text != self.last {
                    out.out(&text);
                    self.last = text;
                }
                if done {
                    Poll::Done
                } else {
                    Poll::Pending
                }
            }
        }
    }
    fn deadline(&self) -> Option<Time> {
        self.deadline
    }
    fn expire(&mut self, _: &mut Simulation, out: &mut Output) -> Poll {
        out.err("error: timed out waiting for the condition");
        Poll::Done
    }
}

/// Revisions of a workload: (number, template), oldest first.
fn revisions(
    sim: &Simulation,
    kind: Kind,
    key: &Key,
) -> Vec<(i64, crate::manifest::objects::PodTemplateSpec)> {
    let c = sim.cluster();
    let mut revs = Vec::new();
    match kind {
        Kind::Deployment => {
            if let Some(d) = c.deployments.get(key) {
                let (new, old) = status::replica_sets(c, d);
                for rs in new.into_iter().chain(old) {
                    let mut t = rs.spec.template.clone();
                    t.metadata.labels.remove("pod-template-hash");
                    revs.push((rs.revision(), t));
                }
            }
        }
        _ => {
            if let Some(s) = c.stateful_sets.get(key) {
                for r in &s.revisions {
                    revs.push((r.revision, r.template.clone()));
                }
            }
        }
    }
    revs.sort_by_key(|(n, _)| *n);
    revs
}

/// The object a `rollout` subcommand acts on: its kind, key, and `kind/name` as kubectl
/// prints it.
#[derive(Clone, Copy)]
struct Target<'a> {
    kind: Kind,
    key: &'a Key,
    slash: &'a str,
}

impl<'a> Target<'a> {
    fn new(kind: Kind, key: &'a Key, slash: &'a str) -> Self {
        Target { kind, key, slash }
    }
}

fn history(sim: &Simulation, target: Target<'_>, args: &super::parse::Args, out: &mut Output) {
    let Target { kind, key, slash } = target;
    let revs = revisions(sim, kind, key);
    if let Some(want) = args
        .value("revision")
        .and_then(|r| r.parse::<i64>().ok())
        .filter(|r| *r > 0)
    {
        let Some((_, t)) = revs.iter().find(|(n, _)| *n == want) else {
            out.err("error: unable to find the specified revision");
            return;
        };
        out.out(&format!("{slash} with revision #{want}"));
        out.out(&format!(
            "Pod Template:\n  Labels:\t{}",
            t.metadata
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("\n\t")
        ));
        return;
    }
    if revs.is_empty() && kind == Kind::StatefulSet {
        out.out(&format!("{slash} \nNo rollout history found."));
        return;
    }
    let width = revs
        .iter()
        .map(|(n, _)| n.to_string().len())
        .max()
        .unwrap_or(0)
        .max("REVISION".len())
        + 2;
    let mut lines = vec![
        format!("{slash} "),
        format!("{:<width$}CHANGE-CAUSE", "REVISION"),
    ];
    for (n, _) in &revs {
        lines.push(format!("{:<width$}<none>", n.to_string()));
    }
    lines.push(String::new());
    out.out(&lines.join("\n"));
}

fn undo(sim: &mut Simulation, target: Target<'_>, args: &super::parse::Args, out: &mut Output) {
    let Target { kind, key, slash } = target;
    let revs = revisions(sim, kind, key);
    let Some(live) = sim.live_resource(kind, key) else {
        return;
    };
    let current = live.pod_template().cloned();
    let to = args
        .value("to-revision")
        .and_then(|r| r.parse::<i64>().ok())
        .unwrap_or(0);
    let target = if to > 0 {
        revs.iter().find(|(n, _)| *n == to)
    } else {
        // The previous revision: the newest one whose template differs from the current.
        revs.iter().rev().find(|(_, t)| Some(t) != current.as_ref())
    };
    let Some((n, template)) = target else {
        if to > 0 {
            out.err(&format!(
                "error: unable to find specified revision {to} in history"
            ));
        } else {
            out.err(&format!(
                "error: no rollout history found for {} \"{}\"",
                Res::of_kind(kind).kind_name().to_ascii_lowercase(),
                key.name
            ));
        }
        return;
    };
    if Some(template) == current.as_ref() {
        out.out(&format!(
            "{slash} skipped rollback (current template already matches revision {n})"
        ));
        return;
    }
    let mut res = live;
    match &mut res {
        Resource::Deployment(d) => d.spec.template = template.clone(),
        Resource::StatefulSet(s) => s.spec.template = template.clone(),
        _ => return,
    }
    match sim.exec(Command::Apply {
        objects: vec![res],
        mode: ApplyMode::Update,
    }) {
        Outcome::Applied(r) => match r.into_iter().next().map(|a| a.result) {
            Some(Err(e)) => api_error(out, &e),
            _ => out.out(&format!("{slash} rolled back")),
        },
        Outcome::Failed(e) => api_error(out, &e),
        _ => {}
    }
}

fn pause(sim: &mut Simulation, target: Target<'_>, pause: bool, out: &mut Output) {
    let Target { kind, key, slash } = target;
    if kind != Kind::Deployment {
        let verb = if pause { "paused" } else { "resumed" };
        out.err(&format!("error: {slash} is not supported for {verb}"));
        return;
    }
    let Some(Resource::Deployment(mut d)) = sim.live_resource(kind, key) else {
        return;
    };
    if d.spec.paused == pause {
        let word = if pause { "paused" } else { "resumed" };
        out.err(&format!("error: {slash} is already {word}"));
        return;
    }
    d.spec.paused = pause;
    if let Outcome::Applied(r) = sim.exec(Command::Apply {
        objects: vec![Resource::Deployment(d)],
        mode: ApplyMode::Update,
    }) {
        match r.into_iter().next().map(|a| a.result) {
            Some(Err(e)) => api_error(out, &e),
            _ => out.out(&format!(
                "{slash} {}",
                if pause { "paused" } else { "resumed" }
            )),
        }
    }
}

const WAIT_FLAGS: &[super::parse::FlagSpec] = &[
    flag("for", None, true),
    flag("timeout", None, true),
    flag("selector", Some('l'), true),
    flag("all", None, false),
    flag("all-namespaces", Some('A'), false),
    flag("filename", Some('f'), true),
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Cond {
    Delete,
    Condition(String, bool),
    /// `--for=jsonpath='{…}'[=value]`: the relaxed expression and the value (none: any value).
    JsonPath(String, Option<String>),
}

/// `kubectl wait --for=condition=Ready pod/web-0 …` until every object meets it.
struct Wait {
    cond: Cond,
    pending: Vec<(Res, Key, String)>,
    deadline: Time,
}

fn condition(sim: &Simulation, res: Res, key: &Key, name: &str) -> Option<bool> {
    let c = sim.cluster();
    let name = name.to_ascii_lowercase();
    match res {
        Res::Pods => {
            let p = c.pods.get(key)?;
            Some(match name.as_str() {
                "ready" | "containersready" => p.is_ready() && !p.is_terminating(),
                "podscheduled" => p.spec.node_name.is_some() || p.status.scheduled_at.is_some(),
                "initialized" => p.status.scheduled_at.is_some(),
                "podreadytostartcontainers" => p.status.ip.is_some(),
                _ => false,
            })
        }
        Res::Deployments => {
            let d = c.deployments.get(key)?;
            let s = status::deployment(c, d, sim.now());
            Some(match name.as_str() {
                "available" => {
                    let (_, unavailable) = crate::engine::controllers::deployment::fenceposts(d);
                    s.available >= d.replicas() - unavailable
                }
                "progressing" => true,
                _ => false,
            })
        }
        _ => Some(false),
    }
}

impl Job for Wait {
    fn poll(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        // kubectl visits the objects one after another and waits on each before the next
        // (`RunWait`'s visitor, kubectl `pkg/cmd/wait/wait.go`), so lines come in the order the
        // objects were named even when a later one was met first.
        let mut still = Vec::new();
        for (res, key, uid) in std::mem::take(&mut self.pending) {
            if !still.is_empty() {
                still.push((res, key, uid));
                continue;
            }
            let met = match &self.cond {
                Cond::Delete => res.kind().is_none_or(|k| {
                    objects::meta(sim.cluster(), k, &key).is_none_or(|m| m.uid != uid)
                }),
                Cond::Condition(name, want) => {
                    condition(sim, res, &key, name).is_some_and(|v| v == *want)
                }
                Cond::JsonPath(expr, want) => {
                    match json_path_met(sim, res, &key, expr, want.as_deref()) {
                        Ok(met) => met,
                        Err(e) => {
                            out.err(&format!("error: {e}"));
                            return Poll::Done;
                        }
                    }
                }
            };
            if met {
                out.out(&format!(
                    "{}/{} condition met",
                    res.singular_qualified(),
                    key.name
                ));
            } else {
                still.push((res, key, uid));
            }
        }
        self.pending = still;
        if self.pending.is_empty() {
            Poll::Done
        } else {
            Poll::Pending
        }
    }
    fn deadline(&self) -> Option<Time> {
        Some(self.deadline)
    }
    fn settle(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        // Nothing more will happen: the timeout is all that is left.
        sim.run_until(self.deadline, 1);
        self.expire(sim, out)
    }
    fn expire(&mut self, _: &mut Simulation, out: &mut Output) -> Poll {
        if let Some((res, key, _)) = self.pending.first() {
            out.err(&format!(
                "error: timed out waiting for the condition on {}/{}",
                res.qualified(),
                key.name
            ));
        }
        Poll::Done
    }
}

/// Whether the object's JSON meets a jsonpath wait (kubectl `pkg/cmd/wait/json.go`,
/// `checkCondition` and `compareResults`): nothing found is not met yet; more than one result
/// is an error; a map or list cannot be compared; otherwise its printed form, trimmed, against
/// the wanted value, trimmed.
fn json_path_met(
    sim: &Simulation,
    res: Res,
    key: &Key,
    expr: &str,
    want: Option<&str>,
) -> Result<bool, String> {
    let obj = super::get::rows::Obj {
        res,
        key: key.clone(),
        labels: Default::default(),
        created: sim.now(),
    };
    let Some(v) = super::get::serial::object(sim, &obj) else {
        return Ok(false);
    };
    let sets = JsonPath::parse(expr, true)?.find(&v)?;
    let Some(set) = sets.first() else {
        return Ok(false);
    };
    let Some(first) = set.first() else {
        return Ok(false);
    };
    if sets.len() > 1 {
        return Err("given jsonpath expression matches more than one list".into());
    }
    if set.len() > 1 {
        return Err("given jsonpath expression matches more than one value".into());
    }
    let Some(want) = want else {
        return Ok(true);
    };
    if first.is_object() || first.is_array() {
        return Err("jsonpath leads to a nested object or list which is not supported".into());
    }
    Ok(text_of(first).trim() == want.trim())
}

/// `--for=jsonpath=…` as kubectl reads it (`processJSONPathInput`, `splitJSONPathInput`): split
/// on single `=` (`==` stays, for filters), one or two parts, the expression relaxed, the value
/// stripped of quotes and not empty.
fn json_path_cond(input: &str) -> Result<Cond, String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '=' && chars.peek() != Some(&'=') {
            parts.push(std::mem::take(&mut cur));
        } else if c == '=' {
            chars.next();
            cur.push_str("==");
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    if parts.len() > 2 {
        return Err("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'".into());
    }
    let expr = relaxed(parts.first().map_or("", String::as_str))?;
    if expr.is_empty() {
        return Err("jsonpath expression cannot be empty".into());
    }
    JsonPath::parse(&expr, true)?;
    let value = match parts.get(1) {
        None => None,
        Some(v) => {
            let v = v.trim_matches(['\'', '"']);
            if v.is_empty() {
                return Err("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3".into());
            }
            Some(v.to_string())
        }
    };
    Ok(Cond::JsonPath(expr, value))
}

/// `kubectl wait`.
pub fn wait(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let args = flags(words, "wait", WAIT_FLAGS, out)?;
    let ns = namespace(&args);
    let Some(spec) = args.value("for") else {
        out.err("error: --for must be set");
        return None;
    };
    let cond = if spec == "delete" {
        Cond::Delete
    } else if let Some(c) = spec.strip_prefix("condition=") {
        match c.split_once('=') {
            Some((n, v)) => Cond::Condition(n.to_string(), !v.eq_ignore_ascii_case("false")),
            None => Cond::Condition(c.to_string(), true),
        }
    } else if let Some(j) = spec.strip_prefix("jsonpath=") {
        match json_path_cond(j) {
            Ok(c) => c,
            Err(e) => {
                out.err(&format!("error: {e}"));
                return None;
            }
        }
    } else {
        out.err(&format!("error: unrecognized condition: \"{spec}\""));
        return None;
    };
    let timeout_ms = match args.value("timeout") {
        Some(t) => match kubectl::duration_ms(t) {
            Some(ms) => ms,
            None => {
                kubectl::usage_error(out, "wait", &format!("invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\""));
                return None;
            }
        },
        None => 30_000,
    };
    let selector = Selector::from_flag(&args, out)?;
    let named = mutate::targets(&args.positional, out)?;
    if named.is_empty() {
        out.err("error: resource(s) were provided, but no name was specified");
        return None;
    }
    let mut pending = Vec::new();
    for (res, name) in named {
        let Some(kind) = res.kind() else {
            continue;
        };
        match name {
            Some(n) => {
                let key = objects::key(kind, &ns, &n);
                match objects::meta(ctx.sim.cluster(), kind, &key) {
                    Some(m) => pending.push((res, key, m.uid.clone())),
                    None => {
                        if cond == Cond::Delete {
                            // Already gone: kubectl ignores NotFound for --for=delete and prints
                            // nothing (`RunWait`: `visitor.IgnoreErrors(apierrors.IsNotFound)`,
                            // kubernetes/kubectl pkg/cmd/wait/wait.go).
                        } else {
                            api_error(
                                out,
                                &ApiError::NotFound {
                                    resource: res.qualified(),
                                    name: n,
                                },
                            );
                        }
                    }
                }
            }
            None => {
                if selector.is_none() && !args.bool("all") {
                    out.err("error: resource(s) were provided, but no name was specified");
                    return None;
                }
                let list_ns = (!args.bool("all-namespaces")).then_some(ns.as_str());
                for m in objects::list(ctx.sim.cluster(), kind, list_ns) {
                    if selector.as_ref().is_none_or(|s| s.matches(&m.labels)) {
                        pending.push((res, m.key(), m.uid.clone()));
                    }
                }
            }
        }
    }
    if pending.is_empty() {
        // Nothing visited: fine for --for=delete, `no matching resources found` otherwise.
        if !out.lines.is_empty() || cond == Cond::Delete {
            return None;
        }
        out.err("error: no matching resources found");
        return None;
    }
    Some(Box::new(Wait {
        cond,
        pending,
        deadline: ctx.sim.now().plus_ms(timeout_ms),
    }))
}
