//! A controller whose sync fails retries it with the work queue's per-item exponential
//! back-off (5ms · 2^failures, client-go's `DefaultControllerRateLimiter`), so deleting a
//! workload and applying it again while its old pods terminate (the StatefulSet Basics
//! tutorial's "Non-cascading delete", "Cascading delete" and "Pod management policy") never
//! floods the engine: a few failed creates, then the new pods as soon as the old ones are gone.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use common::engine::*;
use podplay::console::{Console, MemFiles, MAX_EVENTS_PER_PUMP};
use podplay::engine::simulation::SyncKey;
use podplay::engine::trace::Change;
use podplay::engine::{Command, Propagation, Simulation, Time};
use podplay::manifest::objects::Kind;

const WEB_PARALLEL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/examples/web-parallel.yaml"
));

/// The tutorial's OrderedReady StatefulSet and headless Service.
const WEB: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/examples/web.yaml"
));

/// The old pods' grace period (the template sets none: 30 s), plus the kubelet's stop and the
/// informer delays around it: how long an old pod may hold its name.
const OLD_POD_HOLDS_MS: u64 = 32_000;

/// Retries the back-off allows while a name is held for `ms`: the first attempt, then one
/// after 5, 15, 35, … ms (5 · (2^k − 1) ms after it).
fn backoff_attempts(ms: u64) -> u32 {
    let mut k = 0;
    while 5 * ((1u64 << (k + 1)) - 1) <= ms {
        k += 1;
    }
    1 + k
}

fn delete_with(sim: &mut Simulation, kind: Kind, name: &str, propagation: Propagation) -> String {
    match sim.exec(Command::Delete {
        kind,
        key: key(name),
        propagation,
        grace_s: None,
        force: false,
    }) {
        podplay::engine::Outcome::Deleted { uid, .. } => uid,
        other => panic!("delete {kind:?} {name}: {other:?}"),
    }
}

/// Runs `ms` of virtual time in one-second slices, as the page's animation does, each within
/// the console's event budget; returns the events run.
fn run_sliced(sim: &mut Simulation, ms: u64) -> u64 {
    let end = sim.now().plus_ms(ms);
    let mut n = 0;
    while sim.now() < end {
        let t = sim.now().plus_ms(1000).min(end);
        let r = sim.run_until(t, MAX_EVENTS_PER_PUMP);
        assert!(r.reached, "the event budget ran out before {t}");
        n += r.n_events;
    }
    n
}

fn uid_of_set(sim: &Simulation) -> String {
    sim.cluster().stateful_sets[&key("web")].meta.uid.clone()
}

fn pod_uids(sim: &Simulation) -> BTreeMap<String, String> {
    pods_named(sim, "web-")
        .into_iter()
        .map(|n| {
            let uid = the_pod(sim, &n).meta.uid.clone();
            (n, uid)
        })
        .collect()
}

/// Healthy pods `web-0`, `web-1` controlled by the set with `uid`.
fn new_pods_ready(sim: &Simulation, uid: &str) -> bool {
    pods_named(sim, "web-") == ["web-0", "web-1"]
        && ["web-0", "web-1"].iter().all(|n| {
            let p = the_pod(sim, n);
            p.is_healthy() && p.meta.controller().is_some_and(|o| o.uid == uid)
        })
}

/// FailedCreate Events about the set with `uid`: (message, count).
fn failed_creates(sim: &Simulation, uid: &str) -> Vec<(String, u32)> {
    events(sim, "FailedCreate")
        .into_iter()
        .filter(|e| e.uid == uid)
        .map(|e| (e.message.clone(), e.count))
        .collect()
}

fn running(text: &str, seed: u64) -> Simulation {
    let mut s = sim(seed);
    apply(&mut s, text);
    run_until(&mut s, "web-0 and web-1 Ready", |s| {
        ready(s, "web-0") && ready(s, "web-1")
    });
    s
}

/// Deletes `web` with cascade, applies `text` again at once, and checks the recovery: the
/// events stay few, each old pod's name is retried a back-off's handful of times, and each
/// new pod is created right after its old namesake is gone.
fn cascading_delete_and_apply_at_once(text: &str, seed: u64) {
    let mut s = running(text, seed);
    let old = pod_uids(&s);
    delete_with(&mut s, Kind::StatefulSet, "web", Propagation::Background);
    apply(&mut s, text);
    let from = mark(&s);
    let new_uid = uid_of_set(&s);
    let n = run_sliced(&mut s, 120_000);
    // Before the back-off, the retries doubled every second: ~200,000 events in 15 s.
    assert!(n < 2_000, "{n} events in two minutes");
    assert!(
        new_pods_ready(&s, &new_uid),
        "{}",
        dump(&trace_since(&s, from))
    );
    let lines = trace_since(&s, from);
    for name in ["web-0", "web-1"] {
        assert_ne!(the_pod(&s, name).meta.uid, old[name], "{name} is new");
        let gone = time_of(&lines, "old pod gone", |l| {
            l.kind == Kind::Pod && l.name == name && l.change == Change::Deleted
        });
        let created = time_of(&lines, "new pod created", |l| {
            l.kind == Kind::Pod && l.name == name && l.change == Change::Created
        });
        assert!(created >= gone);
        // OrderedReady creates web-1 only once web-0 is Ready.
        if name == "web-0" || text.contains("Parallel") {
            assert!(
                created.ms() - gone.ms() <= 60,
                "{name} created {created}, old one gone {gone}"
            );
        }
    }
    // One Event per pod name, counted: the back-off's attempts while the old pod holds the
    // name (13 in 32 s), plus a sync woken by each change of the old pods (GC delete, stop,
    // exit, removal: at most 8).
    let failed = failed_creates(&s, &new_uid);
    let most = backoff_attempts(OLD_POD_HOLDS_MS) + 8;
    assert_eq!(most, 21);
    assert!(!failed.is_empty() && failed.len() <= 2, "{failed:?}");
    for (message, count) in &failed {
        assert!(message.contains("already exists"), "{message}");
        assert!((2..=most).contains(count), "{message} x{count}");
    }
    // The set synced cleanly at last: its failures are forgotten.
    assert_eq!(s.requeues(&SyncKey::StatefulSet(key("web"))), 0);
    assert_clean(&s);
}

#[test]
fn the_back_off_attempt_count_follows_the_doubling() {
    // Pins the arithmetic the tests below rely on.
    assert_eq!(backoff_attempts(0), 1);
    assert_eq!(backoff_attempts(5), 2);
    assert_eq!(backoff_attempts(14), 2);
    assert_eq!(backoff_attempts(15), 3);
    assert_eq!(backoff_attempts(32_000), 13);
    assert_eq!(backoff_attempts(570_000), 17);
}

#[test]
fn a_parallel_set_applied_again_while_its_pods_terminate_starts_them_once_they_are_gone() {
    // Pins the tutorial's Parallel set deleted and applied at once: no flood, no stall.
    for seed in [1, 2, 3] {
        cascading_delete_and_apply_at_once(WEB_PARALLEL, seed);
    }
}

#[test]
fn an_ordered_set_applied_again_while_its_pods_terminate_starts_them_once_they_are_gone() {
    // Pins the same for the tutorial's OrderedReady web.yaml.
    for seed in [4, 5] {
        cascading_delete_and_apply_at_once(WEB, seed);
    }
}

#[test]
fn a_non_cascading_delete_then_apply_adopts_the_running_pods() {
    // Pins "Non-cascading delete": the pods stay, the new set adopts them, nothing fails.
    let mut s = running(WEB_PARALLEL, 7);
    let old = pod_uids(&s);
    delete_with(&mut s, Kind::StatefulSet, "web", Propagation::Orphan);
    apply(&mut s, WEB_PARALLEL);
    let new_uid = uid_of_set(&s);
    run_sliced(&mut s, 30_000);
    assert_eq!(pod_uids(&s), old, "the same pods");
    assert!(new_pods_ready(&s, &new_uid));
    assert_eq!(failed_creates(&s, &new_uid), []);
    assert_clean(&s);
}

#[test]
fn an_orphaned_pod_still_terminating_holds_its_name_until_it_is_gone() {
    // Pins the tutorial's non-cascading flow done quickly: web-0 deleted after the set, the
    // set applied while web-0 terminates: web-1 is adopted, web-0 is retried with back-off
    // and created as soon as the orphan is gone (its removal wakes the set).
    let mut s = running(WEB_PARALLEL, 8);
    let old = pod_uids(&s);
    delete_with(&mut s, Kind::StatefulSet, "web", Propagation::Orphan);
    delete(&mut s, Kind::Pod, "web-0");
    apply(&mut s, WEB_PARALLEL);
    let from = mark(&s);
    let new_uid = uid_of_set(&s);
    let n = run_sliced(&mut s, 60_000);
    assert!(n < 1_000, "{n} events in a minute");
    assert!(
        new_pods_ready(&s, &new_uid),
        "{}",
        dump(&trace_since(&s, from))
    );
    assert_eq!(the_pod(&s, "web-1").meta.uid, old["web-1"], "web-1 adopted");
    assert_ne!(the_pod(&s, "web-0").meta.uid, old["web-0"], "web-0 new");
    let lines = trace_since(&s, from);
    let gone = time_of(&lines, "old web-0 gone", |l| {
        l.name == "web-0" && l.change == Change::Deleted
    });
    let created = time_of(&lines, "new web-0", |l| {
        l.name == "web-0" && l.change == Change::Created
    });
    assert!(created >= gone && created.ms() - gone.ms() <= 60);
    let failed = failed_creates(&s, &new_uid);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(
        failed[0].0,
        "create Pod web-0 in StatefulSet web failed error: pods \"web-0\" already exists"
    );
    // The back-off's attempts while the orphan holds the name, plus one per wake by its
    // own changes (the orphan's updates wake the sets that select it).
    let count = failed[0].1;
    assert!(
        (2..=backoff_attempts(OLD_POD_HOLDS_MS) + 4).contains(&count),
        "x{count}"
    );
    // The trace tells the failure once, not once per retry.
    let told = lines
        .iter()
        .filter(|l| l.kind == Kind::StatefulSet && l.text.contains("already exists"))
        .count();
    assert_eq!(told, 1, "{}", dump(&lines));
    assert_clean(&s);
}

#[test]
fn a_deployment_applied_again_while_its_pods_terminate_converges() {
    // Pins that a Deployment deleted (either way) and applied at once settles: generated pod
    // names never collide, the old pods go, the new ones are Ready.
    for (seed, propagation) in [(11, Propagation::Background), (12, Propagation::Orphan)] {
        let text = podplay::examples::DEPLOYMENT_SERVICE;
        let mut s = sim(seed);
        apply(&mut s, text);
        settle(&mut s);
        delete_with(&mut s, Kind::Deployment, "my-nginx-deployment", propagation);
        apply(&mut s, text);
        let n = run_sliced(&mut s, 120_000);
        assert!(n < 2_000, "{n} events");
        settle(&mut s);
        let c = s.cluster();
        let d = &c.deployments[&key("my-nginx-deployment")];
        let want = usize::try_from(d.replicas()).unwrap();
        let pods: Vec<_> = c
            .replica_sets_of(&d.meta.uid)
            .iter()
            .flat_map(|rs| c.pods_of(&rs.meta.uid))
            .collect();
        assert_eq!(pods.len(), want, "{propagation:?}");
        assert!(pods.iter().all(|p| p.is_healthy()));
        assert_eq!(
            c.pods.values().filter(|p| p.is_terminating()).count(),
            0,
            "{propagation:?}"
        );
        assert!(events(&s, "FailedCreate").is_empty());
        assert_clean(&s);
    }
}

/// The console's output for `line`, run to its end as a learner would wait for it.
fn console_run(c: &mut Console, line: &str) -> String {
    let mut out = c.submit(line);
    out.extend(c.finish());
    out.text()
}

#[test]
fn in_the_console_no_command_is_too_busy_and_sleep_lasts_its_time() {
    // Pins the learner's view: after delete and apply at once, `sleep 60` sleeps 60 virtual
    // seconds, no command is stopped as "too busy", and later deletes finish.
    let files = MemFiles(BTreeMap::from([(
        "web-parallel.yaml".to_string(),
        WEB_PARALLEL.to_string(),
    )]));
    let mut c = Console::new(3, Box::new(files));
    let mut all = String::new();
    all += &console_run(&mut c, "minikube start");
    all += &console_run(&mut c, "kubectl apply -f web-parallel.yaml");
    all += &console_run(&mut c, "sleep 20");
    let pods = console_run(&mut c, "kubectl get pods");
    assert_eq!(pods.matches("1/1     Running").count(), 2, "{pods}");
    all += &console_run(&mut c, "kubectl delete sts web");
    all += &console_run(&mut c, "kubectl apply -f web-parallel.yaml");
    let before = c.sim().map_or(Time::ZERO, Simulation::now);
    all += &console_run(&mut c, "sleep 60");
    let after = c.sim().map_or(Time::ZERO, Simulation::now);
    assert_eq!(
        after.ms() - before.ms(),
        60_000,
        "sleep 60 slept {before} → {after}"
    );
    let pods = console_run(&mut c, "kubectl get pods");
    assert!(pods.contains("web-0") && pods.contains("web-1"), "{pods}");
    assert!(!pods.contains("Terminating"), "{pods}");
    assert_eq!(pods.matches("1/1     Running").count(), 2, "{pods}");
    all += &pods;
    let deleted = console_run(&mut c, "kubectl delete sts web");
    assert_eq!(
        deleted.trim(),
        "statefulset.apps \"web\" deleted from default namespace"
    );
    all += &console_run(&mut c, "kubectl delete pod web-0 web-1");
    all += &console_run(&mut c, "sleep 60");
    let pods = console_run(&mut c, "kubectl get pods");
    assert!(!pods.contains("web-"), "{pods}");
    assert!(!all.contains("too busy"), "{all}");
}
