//! Helpers for scenario tests of the simulation engine: build a checked minikube, apply
//! manifest text, run, and read back state, trace and Events in English.

use podplay::engine::cluster::{ClaimPhase, Pod};
use podplay::engine::command::Applied;
use podplay::engine::lifecycle::Stage;
use podplay::engine::trace::{Change, KubeEvent};
use podplay::engine::{ApplyMode, Command, Config, Key, Outcome, Propagation, Simulation, Time};
use podplay::i18n::Lang;
use podplay::manifest::objects::{Kind, Resource};

/// Events allowed per run: far more than any scenario needs, so a runaway loop fails fast.
pub const MAX_EVENTS: u64 = 50_000;

/// A booted one-node minikube with every invariant checked after every event.
pub fn sim(seed: u64) -> Simulation {
    Simulation::new(Config::minikube(seed).with_invariants())
}

pub fn key(name: &str) -> Key {
    Key::new("default", name)
}

/// The objects of a manifest text (must parse).
pub fn objects(text: &str) -> Vec<Resource> {
    let a = podplay::manifest::analyze(text);
    assert!(!a.objects.is_empty(), "no objects in {text}");
    a.objects.into_iter().map(|o| o.resource).collect()
}

/// `kubectl apply -f` of `text`; every object must be accepted.
pub fn apply(sim: &mut Simulation, text: &str) -> Vec<Applied> {
    let out = sim.exec(Command::Apply {
        objects: objects(text),
        mode: ApplyMode::Apply,
    });
    let Outcome::Applied(results) = out else {
        panic!("apply returned {out:?}");
    };
    for r in &results {
        assert!(
            r.result.is_ok(),
            "{:?} {} refused: {:?}",
            r.kind,
            r.key,
            r.result
        );
    }
    results
}

/// The tutorial's headless Service and StatefulSet (`web.yaml`).
pub fn tutorial() -> String {
    format!(
        "{}---\n{}",
        podplay::examples::HEADLESS_SERVICE,
        podplay::examples::STATEFULSET
    )
}

/// The tutorial with text replacements in the StatefulSet, each applied once.
pub fn tutorial_with(edits: &[(&str, &str)]) -> String {
    let mut sts = podplay::examples::STATEFULSET.to_string();
    for (from, to) in edits {
        assert!(sts.contains(from), "seed lacks {from:?}");
        sts = sts.replacen(from, to, 1);
    }
    format!("{}---\n{sts}", podplay::examples::HEADLESS_SERVICE)
}

/// Runs until nothing is scheduled (at most ten virtual minutes); it must settle.
pub fn settle(sim: &mut Simulation) {
    let r = sim.run_until_idle(600_000, MAX_EVENTS);
    assert!(r.reached, "the cluster did not settle by {}", sim.now());
}

/// Runs `ms` of virtual time.
pub fn run_ms(sim: &mut Simulation, ms: u64) {
    let t = sim.now().plus_ms(ms);
    let r = sim.run_until(t, MAX_EVENTS);
    assert!(r.reached, "event budget ran out before {t}");
}

/// Steps one event at a time until `done` holds (at most ten virtual minutes).
pub fn run_until(sim: &mut Simulation, what: &str, done: impl Fn(&Simulation) -> bool) {
    let limit = sim.now().plus_ms(600_000);
    for _ in 0..MAX_EVENTS {
        if done(sim) {
            return;
        }
        match sim.next_event_time() {
            Some(t) if t <= limit => {
                sim.step();
            }
            _ => break,
        }
    }
    assert!(done(sim), "never reached: {what} (now {})", sim.now());
}

pub fn pod<'a>(sim: &'a Simulation, name: &str) -> Option<&'a Pod> {
    sim.cluster().pods.get(&key(name))
}

/// The pod, which must exist.
pub fn the_pod<'a>(sim: &'a Simulation, name: &str) -> &'a Pod {
    pod(sim, name).unwrap_or_else(|| panic!("no pod {name}"))
}

pub fn ready(sim: &Simulation, name: &str) -> bool {
    pod(sim, name).is_some_and(|p| p.is_healthy())
}

/// Names of the pods in `default` whose name starts with `prefix`, sorted.
pub fn pods_named(sim: &Simulation, prefix: &str) -> Vec<String> {
    sim.cluster()
        .pods
        .keys()
        .filter(|k| k.namespace == "default" && k.name.starts_with(prefix))
        .map(|k| k.name.clone())
        .collect()
}

/// Claim names in `default`, sorted.
pub fn claims(sim: &Simulation) -> Vec<String> {
    sim.cluster()
        .pvcs
        .keys()
        .filter(|k| k.namespace == "default")
        .map(|k| k.name.clone())
        .collect()
}

pub fn claim_phase(sim: &Simulation, name: &str) -> Option<ClaimPhase> {
    sim.cluster().pvcs.get(&key(name)).map(|c| c.phase)
}

/// One trace entry in English: (time, object kind, object name, change, reason).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub time: Time,
    pub kind: Kind,
    pub name: String,
    pub change: Change,
    pub text: String,
}

pub fn trace(sim: &Simulation) -> Vec<Line> {
    sim.trace()
        .iter()
        .map(|e| Line {
            time: e.time,
            kind: e.object.kind,
            name: e.object.key.name.clone(),
            change: e.change,
            text: e.reason.render(Lang::En),
        })
        .collect()
}

/// Trace entries from position `from` on (see [`mark`]).
pub fn trace_since(sim: &Simulation, from: u64) -> Vec<Line> {
    sim.trace()
        .since(from)
        .map(|e| Line {
            time: e.time,
            kind: e.object.kind,
            name: e.object.key.name.clone(),
            change: e.change,
            text: e.reason.render(Lang::En),
        })
        .collect()
}

/// A position in the trace, to look only at what comes after.
pub fn mark(sim: &Simulation) -> u64 {
    sim.trace().total()
}

/// Names of pods created (in order) in the given lines, for names starting with `prefix`.
pub fn created_pods(lines: &[Line], prefix: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|l| {
            l.kind == Kind::Pod && l.change == Change::Created && l.name.starts_with(prefix)
        })
        .map(|l| l.name.clone())
        .collect()
}

/// Names of pods that went away (in order).
pub fn gone_pods(lines: &[Line], prefix: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|l| {
            l.kind == Kind::Pod && l.change == Change::Deleted && l.name.starts_with(prefix)
        })
        .map(|l| l.name.clone())
        .collect()
}

/// Names of pods whose deletion started (in order).
pub fn deleting_pods(lines: &[Line], prefix: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|l| {
            l.kind == Kind::Pod
                && l.change == Change::Deleting
                && l.name.starts_with(prefix)
                && !l.text.contains("the kubelet stops")
                && !l.text.contains("exited with code")
        })
        .map(|l| l.name.clone())
        .collect()
}

/// The first line matching, with its index.
pub fn find(lines: &[Line], what: impl Fn(&Line) -> bool) -> Option<(usize, &Line)> {
    lines.iter().enumerate().find(|(_, l)| what(l))
}

pub fn index_of(lines: &[Line], desc: &str, what: impl Fn(&Line) -> bool) -> usize {
    find(lines, what)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no trace line: {desc}\n{}", dump(lines)))
}

pub fn dump(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|l| {
            format!(
                "{} {:?} {} {:?} {}",
                l.time, l.kind, l.name, l.change, l.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Kubernetes Events with this reason, in order.
pub fn events<'a>(sim: &'a Simulation, reason: &str) -> Vec<&'a KubeEvent> {
    sim.events().iter().filter(|e| e.reason == reason).collect()
}

/// `kubectl delete <kind> <name>` with default flags.
pub fn delete(sim: &mut Simulation, kind: Kind, name: &str) -> String {
    let out = sim.exec(Command::Delete {
        kind,
        key: key(name),
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    });
    match out {
        Outcome::Deleted { uid, .. } => uid,
        other => panic!("delete {kind:?} {name}: {other:?}"),
    }
}

pub fn scale(sim: &mut Simulation, name: &str, replicas: i32) {
    let out = sim.exec(Command::Scale {
        kind: Kind::StatefulSet,
        key: key(name),
        replicas,
    });
    assert_eq!(out, Outcome::Done, "scale {name}");
}

pub fn write(sim: &mut Simulation, pod: &str, path: &str, content: &str) {
    let out = sim.exec(Command::WriteFile {
        pod: key(pod),
        path: path.into(),
        content: content.into(),
        append: false,
    });
    assert_eq!(out, Outcome::Done, "write {path} in {pod}");
}

/// The stage a pod is in.
pub fn stage(sim: &Simulation, name: &str) -> Option<Stage> {
    pod(sim, name).map(|p| p.status.stage)
}

/// No invariant was broken during the run.
pub fn assert_clean(sim: &Simulation) {
    assert!(
        sim.violations().is_empty(),
        "invariants broken:\n{}",
        sim.violations().join("\n")
    );
}

/// Steps until nothing is scheduled (at most ten virtual minutes), calling `check` after every
/// event so a property can be asserted at each moment, not only at the end.
pub fn settle_checking(sim: &mut Simulation, mut check: impl FnMut(&Simulation)) {
    let limit = sim.now().plus_ms(600_000);
    for _ in 0..MAX_EVENTS {
        match sim.next_event_time() {
            Some(t) if t <= limit => {
                sim.step();
                check(sim);
            }
            Some(_) => panic!("the cluster did not settle by {limit}"),
            None => return,
        }
    }
    panic!("event budget ran out at {}", sim.now());
}

/// The time of the first line matching.
pub fn time_of(lines: &[Line], desc: &str, what: impl Fn(&Line) -> bool) -> Time {
    lines[index_of(lines, desc, what)].time
}
