//! Random command sequences against the engine: every invariant holds after every event, the
//! cluster converges once left alone, the same seed and commands give the same trace, and
//! seeking rebuilds exactly the state the run passed through.
//!
//! `make test` runs 1,000 sequences per property; `make soak` runs 100,000
//! (`PODPLAY_CASES=100000`, release build). A failing case's seed is kept in
//! tests/proptest-regressions/engine_properties.txt (commit it) and replayed first.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::console::MAX_EVENTS_PER_PUMP;
use podplay::engine::cluster::{Pod, StatefulSet};
use podplay::engine::controllers::stateful_set::ordinal_of;
use podplay::engine::{
    ApplyMode, Cluster, Command, Config, Key, Outcome, Propagation, ProxyMode, Simulation, Time,
    Timeline,
};
use podplay::manifest::analyze;
use podplay::manifest::objects::{Kind, Resource};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// Where failing seeds are kept (relative to the package, where `cargo test` runs tests).
const REGRESSIONS: &str = "tests/proptest-regressions/engine_properties.txt";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        ..ProptestConfig::default()
    }
}

fn cases() -> u32 {
    std::env::var("PODPLAY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

/// Replays cost a second run each: a fifth of the cases, at least 200.
fn replay_cases() -> u32 {
    (cases() / 5).max(200)
}

fn resources(text: &str) -> Vec<Resource> {
    analyze(text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect()
}

/// The container image of variant `i`: three nginx tags, which stop within a second, and the
/// tutorial's nginx-slim, which the kubelet kills at the end of the 30 s grace period (so its
/// pods hold their names a long time when the owner is deleted and applied again).
fn image_name(i: u8) -> String {
    if i < 3 {
        format!("nginx:1.{}", 19 + i)
    } else {
        "registry.k8s.io/nginx-slim:0.24".to_string()
    }
}

fn sts_yaml(
    replicas: u8,
    parallel: bool,
    when_scaled: bool,
    when_deleted: bool,
    image: u8,
) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: {replicas}\n  podManagementPolicy: {}\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: {}\n    whenDeleted: {}\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: {}\n        ports:\n        - containerPort: 80\n          name: web\n        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [\"ReadWriteOnce\"]\n      resources:\n        requests:\n          storage: 1Gi\n",
        if parallel { "Parallel" } else { "OrderedReady" },
        if when_scaled { "Delete" } else { "Retain" },
        if when_deleted { "Delete" } else { "Retain" },
        image_name(image)
    )
}

fn deploy_yaml(replicas: u8, image: u8, recreate: bool) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: {replicas}\n  strategy:\n    type: {}\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      containers:\n      - name: nginx\n        image: {}\n        ports:\n        - containerPort: 80\n",
        if recreate { "Recreate" } else { "RollingUpdate" },
        image_name(image)
    )
}

const SERVICES: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n    name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app\nspec:\n  selector:\n    app: app\n  ports:\n  - port: 80\n";

/// One step a learner might take.
#[derive(Debug, Clone)]
enum Step {
    ApplySts {
        replicas: u8,
        parallel: bool,
        when_scaled: bool,
        when_deleted: bool,
        image: u8,
    },
    ApplyDeploy {
        replicas: u8,
        image: u8,
        recreate: bool,
    },
    ApplyServices,
    ScaleSts(u8),
    ScaleDeploy(u8),
    DeletePod(u8, bool),
    DeleteClaim(u8),
    DeleteSts(bool),
    DeleteDeploy(bool),
    DeleteService(bool),
    Restart(bool),
    SetImage(bool, u8),
    Write(u8),
    Request(u8, bool),
    Resolve(u8),
    ProxyMode(bool),
    Wait(u32),
    /// Deletes the StatefulSet (with or without its pods) and applies it again `after_ms`
    /// later, while its old pods may still terminate.
    ReapplySts {
        parallel: bool,
        orphan: bool,
        replicas: u8,
        image: u8,
        after_ms: u32,
    },
    /// The same for the Deployment.
    ReapplyDeploy {
        orphan: bool,
        replicas: u8,
        image: u8,
        after_ms: u32,
    },
}

/// One random step; the delete-and-apply-again steps, and applying the StatefulSet and
/// waiting that set them up, are drawn more often.
fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (0u8..5, any::<bool>(), any::<bool>(), any::<bool>(), 0u8..4).prop_map(
            |(r, p, s, d, i)| Step::ApplySts {
                replicas: r,
                parallel: p,
                when_scaled: s,
                when_deleted: d,
                image: i
            }
        ),
        1 => (0u8..5, 0u8..4, any::<bool>()).prop_map(|(r, i, rc)| Step::ApplyDeploy {
            replicas: r,
            image: i,
            recreate: rc
        }),
        1 => Just(Step::ApplyServices),
        1 => (0u8..6).prop_map(Step::ScaleSts),
        1 => (0u8..6).prop_map(Step::ScaleDeploy),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(i, f)| Step::DeletePod(i, f)),
        1 => any::<u8>().prop_map(Step::DeleteClaim),
        1 => any::<bool>().prop_map(Step::DeleteSts),
        1 => any::<bool>().prop_map(Step::DeleteDeploy),
        1 => any::<bool>().prop_map(Step::DeleteService),
        1 => any::<bool>().prop_map(Step::Restart),
        1 => (any::<bool>(), 0u8..3).prop_map(|(s, i)| Step::SetImage(s, i)),
        1 => any::<u8>().prop_map(Step::Write),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(i, h)| Step::Request(i, h)),
        1 => any::<u8>().prop_map(Step::Resolve),
        1 => any::<bool>().prop_map(Step::ProxyMode),
        2 => (0u32..40_000).prop_map(Step::Wait),
        3 => (any::<bool>(), any::<bool>(), 1u8..5, 0u8..4, 0u32..5_000).prop_map(|(p, o, r, i, ms)| {
            Step::ReapplySts {
                parallel: p,
                orphan: o,
                replicas: r,
                image: i,
                after_ms: ms,
            }
        }),
        3 => (any::<bool>(), 1u8..5, 0u8..4, 0u32..5_000).prop_map(|(o, r, i, ms)| {
            Step::ReapplyDeploy {
                orphan: o,
                replicas: r,
                image: i,
                after_ms: ms,
            }
        }),
    ]
}

fn default_key(name: &str) -> Key {
    Key::new("default", name)
}

fn nth_pod(sim: &Simulation, i: u8) -> Option<Key> {
    let pods: Vec<Key> = sim
        .cluster()
        .pods
        .keys()
        .filter(|k| k.namespace == "default")
        .cloned()
        .collect();
    (!pods.is_empty()).then(|| pods[usize::from(i) % pods.len()].clone())
}

/// Turns a step into a command for the current state (or a wait).
fn command(sim: &Simulation, s: &Step) -> Option<Command> {
    let apply = |text: String| Command::Apply {
        objects: resources(&text),
        mode: ApplyMode::Apply,
    };
    let delete = |kind, name: &str, orphan: bool| Command::Delete {
        kind,
        key: default_key(name),
        propagation: if orphan {
            Propagation::Orphan
        } else {
            Propagation::Background
        },
        grace_s: None,
        force: false,
    };
    Some(match s {
        Step::ApplySts {
            replicas,
            parallel,
            when_scaled,
            when_deleted,
            image,
        } => apply(sts_yaml(
            *replicas,
            *parallel,
            *when_scaled,
            *when_deleted,
            *image,
        )),
        Step::ApplyDeploy {
            replicas,
            image,
            recreate,
        } => apply(deploy_yaml(*replicas, *image, *recreate)),
        Step::ApplyServices => apply(SERVICES.to_string()),
        Step::ScaleSts(n) => Command::Scale {
            kind: Kind::StatefulSet,
            key: default_key("web"),
            replicas: i32::from(*n),
        },
        Step::ScaleDeploy(n) => Command::Scale {
            kind: Kind::Deployment,
            key: default_key("app"),
            replicas: i32::from(*n),
        },
        Step::DeletePod(i, force) => Command::Delete {
            kind: Kind::Pod,
            key: nth_pod(sim, *i)?,
            propagation: Propagation::Background,
            grace_s: force.then_some(0),
            force: *force,
        },
        Step::DeleteClaim(i) => {
            let claims: Vec<Key> = sim.cluster().pvcs.keys().cloned().collect();
            if claims.is_empty() {
                return None;
            }
            delete(
                Kind::PersistentVolumeClaim,
                &claims[usize::from(*i) % claims.len()].name,
                false,
            )
        }
        Step::DeleteSts(orphan) => delete(Kind::StatefulSet, "web", *orphan),
        Step::DeleteDeploy(orphan) => delete(Kind::Deployment, "app", *orphan),
        Step::DeleteService(headless) => delete(
            Kind::Service,
            if *headless { "nginx" } else { "app" },
            false,
        ),
        Step::Restart(sts) => Command::RolloutRestart {
            kind: if *sts {
                Kind::StatefulSet
            } else {
                Kind::Deployment
            },
            key: default_key(if *sts { "web" } else { "app" }),
        },
        Step::SetImage(sts, i) => Command::SetImage {
            kind: if *sts {
                Kind::StatefulSet
            } else {
                Kind::Deployment
            },
            key: default_key(if *sts { "web" } else { "app" }),
            container: None,
            image: format!("nginx:1.{}", 19 + i),
        },
        Step::Write(i) => Command::WriteFile {
            pod: nth_pod(sim, *i)?,
            path: if i % 2 == 0 {
                "/usr/share/nginx/html/index.html".into()
            } else {
                "/tmp/note".into()
            },
            content: format!("hello {i}\n"),
            append: i % 3 == 0,
        },
        Step::Request(i, headless) => Command::Request {
            from: nth_pod(sim, *i)?,
            target: if *headless {
                "nginx".into()
            } else {
                "app".into()
            },
            port: Some(80),
            path: "/".into(),
            count: 3,
        },
        Step::Resolve(i) => Command::Resolve {
            from: nth_pod(sim, *i)?,
            name: "web-0.nginx".into(),
        },
        Step::ProxyMode(ipvs) => Command::SetProxyMode(if *ipvs {
            ProxyMode::Ipvs
        } else {
            ProxyMode::Iptables
        }),
        Step::Wait(_) | Step::ReapplySts { .. } | Step::ReapplyDeploy { .. } => return None,
    })
}

/// The commands of a delete-and-apply-again step: the delete, the wait in between, the apply.
fn reapply(s: &Step) -> Option<(Command, u32, Command)> {
    let delete = |kind, name: &str, orphan: bool| Command::Delete {
        kind,
        key: default_key(name),
        propagation: if orphan {
            Propagation::Orphan
        } else {
            Propagation::Background
        },
        grace_s: None,
        force: false,
    };
    let apply = |text: String| Command::Apply {
        objects: resources(&text),
        mode: ApplyMode::Apply,
    };
    match *s {
        Step::ReapplySts {
            parallel,
            orphan,
            replicas,
            image,
            after_ms,
        } => Some((
            delete(Kind::StatefulSet, "web", orphan),
            after_ms,
            apply(sts_yaml(replicas, parallel, false, false, image)),
        )),
        Step::ReapplyDeploy {
            orphan,
            replicas,
            image,
            after_ms,
        } => Some((
            delete(Kind::Deployment, "app", orphan),
            after_ms,
            apply(deploy_yaml(replicas, image, false)),
        )),
        _ => None,
    }
}

/// Runs `ms` of virtual time in one-second slices (the page's pace), each within the
/// console's event budget; false when one ran out of it (the console's "too busy").
fn wait(sim: &mut Simulation, ms: u32) -> bool {
    let end = sim.now().plus_ms(u64::from(ms));
    while sim.now() < end {
        let t = sim.now().plus_ms(1000).min(end);
        if !sim.run_until(t, MAX_EVENTS_PER_PUMP).reached {
            return false;
        }
    }
    true
}

/// Runs `steps` from `seed`; returns the simulation, and whether every wait ran within the
/// console's event budget.
fn run_checked(seed: u64, steps: &[Step]) -> (Simulation, bool) {
    let mut sim = Simulation::new(Config::minikube(seed).with_invariants());
    let mut in_budget = true;
    for s in steps {
        if let Step::Wait(ms) = s {
            in_budget &= wait(&mut sim, *ms);
        } else if let Some((delete, ms, apply)) = reapply(s) {
            let _ = sim.exec(delete);
            in_budget &= wait(&mut sim, ms);
            let _ = sim.exec(apply);
        } else if let Some(cmd) = command(&sim, s) {
            let _ = sim.exec(cmd);
        }
    }
    (sim, in_budget)
}

fn run(seed: u64, steps: &[Step]) -> Simulation {
    run_checked(seed, steps).0
}

fn trace_text(sim: &Simulation) -> Vec<String> {
    sim.trace().iter().map(|e| format!("{e:?}")).collect()
}

/// A pod that can never start: unscheduled, naming a claim that does not exist (nothing
/// recreates the claims of a StatefulSet pod above its replicas).
fn stuck(c: &Cluster, p: &Pod) -> bool {
    p.spec.node_name.is_none()
        && p.claim_names()
            .iter()
            .any(|n| !c.pvcs.contains_key(&Key::new(&p.meta.namespace, n)))
}

/// Kubernetes' own dead end, which the engine must reproduce rather than converge out of: an
/// OrderedReady set with every in-range pod healthy whose scale-down is blocked because its
/// highest condemned pod is unhealthy and is not the lowest unhealthy one (only that one may be
/// deleted while unhealthy: reference §1.3 step 8, `processCondemned`), and those unhealthy
/// condemned pods can never start.
fn scale_down_deadlock(c: &Cluster, sts: &StatefulSet, pods: &[&Pod]) -> bool {
    let replicas = sts.replicas();
    let ordinal = |p: &Pod| ordinal_of(&sts.meta.name, &p.meta.name).unwrap_or(-1);
    let start = sts.start_ordinal();
    let in_range = |p: &Pod| (start..start + replicas).contains(&ordinal(p));
    let mut condemned: Vec<&Pod> = pods.iter().copied().filter(|p| !in_range(p)).collect();
    condemned.sort_by_key(|p| std::cmp::Reverse(ordinal(p)));
    let unhealthy: Vec<&Pod> = condemned
        .iter()
        .copied()
        .filter(|p| !p.is_healthy())
        .collect();
    !sts.parallel()
        && pods.iter().filter(|p| in_range(p)).count() == usize::try_from(replicas).unwrap_or(0)
        && pods.iter().filter(|p| in_range(p)).all(|p| p.is_healthy())
        && unhealthy.len() >= 2
        && condemned.first().is_some_and(|p| !p.is_healthy())
        && unhealthy.iter().all(|p| !p.is_terminating() && stuck(c, p))
}

/// After idling, every workload has exactly its replicas, all Ready (or is in Kubernetes' own
/// scale-down dead end, see [`scale_down_deadlock`]).
fn converged(sim: &Simulation) -> Result<(), String> {
    let c = sim.cluster();
    for (key, sts) in &c.stateful_sets {
        let pods: Vec<_> = c.pods_of(&sts.meta.uid).collect();
        let want = usize::try_from(sts.replicas()).unwrap_or(0);
        if (pods.len() != want || !pods.iter().all(|p| p.is_healthy()))
            && !scale_down_deadlock(c, sts, &pods)
        {
            return Err(format!("{key}: {} pods for {want} replicas", pods.len()));
        }
    }
    for (key, d) in &c.deployments {
        let want = usize::try_from(d.replicas()).unwrap_or(0);
        let rss = c.replica_sets_of(&d.meta.uid);
        let pods: usize = rss
            .iter()
            .map(|rs| c.pods_of(&rs.meta.uid).filter(|p| p.is_healthy()).count())
            .sum();
        let all: usize = rss.iter().map(|rs| c.pods_of(&rs.meta.uid).count()).sum();
        if pods != want || all != want {
            return Err(format!(
                "{key}: {pods} ready of {all} pods for {want} replicas"
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(cases()))]

    #[test]
    fn invariants_hold_after_every_event_and_the_cluster_converges(seed in any::<u64>(), steps in proptest::collection::vec(step(), 1..24)) {
        // Pins every invariant under random learner actions (workloads deleted and applied
        // again while their pods terminate among them), that no stretch of time exceeds the
        // console's event budget ("too busy"), and convergence once idle.
        let (mut sim, in_budget) = run_checked(seed, &steps);
        prop_assert!(in_budget, "a wait ran out of the event budget at {}", sim.now());
        let r = sim.run_until_idle(3_600_000, 200_000);
        prop_assert!(r.reached, "did not settle");
        prop_assert!(sim.violations().is_empty(), "{:#?}", sim.violations());
        prop_assert_eq!(converged(&sim), Ok(()));
    }

    #[test]
    fn same_seed_and_commands_give_the_same_trace(seed in any::<u64>(), steps in proptest::collection::vec(step(), 1..16)) {
        // Pins determinism: byte-identical traces for equal inputs.
        let a = run(seed, &steps);
        let b = run(seed, &steps);
        prop_assert_eq!(trace_text(&a), trace_text(&b));
        prop_assert_eq!(a.cluster(), b.cluster());
    }
}

proptest! {
    #![proptest_config(config(replay_cases()))]

    #[test]
    fn stepping_and_running_to_a_time_and_replaying_agree(seed in any::<u64>(), steps in proptest::collection::vec(step(), 1..12), at in 0u64..120_000) {
        // Pins that one event at a time, a run to a time, and a replay reach the same state.
        let a = run(seed, &steps);
        let target = a.now().plus_ms(at);
        let mut ran = a.clone();
        ran.run_until(target, u64::MAX);
        let mut stepped = a.clone();
        while stepped.next_event_time().is_some_and(|t| t <= target) {
            stepped.step();
        }
        stepped.run_until(target, 0);
        prop_assert_eq!(ran.cluster(), stepped.cluster());
        prop_assert_eq!(trace_text(&ran), trace_text(&stepped));
        let replayed = ran.replay_to(target);
        prop_assert_eq!(replayed.cluster(), ran.cluster());
        prop_assert_eq!(trace_text(&replayed), trace_text(&ran));
    }
}

#[test]
fn timeline_rebuilds_any_earlier_moment_of_a_run() {
    // Pins seeking: the state at t from snapshots + replay equals the state the run had at t.
    let mut tl = Timeline::new(Config::minikube(11), 10_000);
    let start = tl.now();
    let mut seen: Vec<(Time, Simulation)> = Vec::new();
    tl.exec(Command::Apply {
        objects: resources(&podplay::examples::all_together()),
        mode: ApplyMode::Apply,
    });
    for i in 1..=30u64 {
        tl.advance_to(start.plus_ms(i * 2_000));
        if i == 12 {
            tl.exec(Command::Delete {
                kind: Kind::Pod,
                key: default_key("web-0"),
                propagation: Propagation::Background,
                grace_s: None,
                force: false,
            });
        }
        if i == 20 {
            tl.exec(Command::Scale {
                kind: Kind::StatefulSet,
                key: default_key("web"),
                replicas: 3,
            });
        }
        seen.push((tl.now(), tl.sim().clone()));
    }
    for (t, expected) in &seen {
        let got = tl.state_at(*t);
        assert!(
            got.cluster() == expected.cluster(),
            "cluster differs at {t}"
        );
        assert_eq!(trace_text(&got), trace_text(expected), "at {t}");
    }
    // Rewinding and acting differently discards the old future.
    let (t, _) = seen[5].clone();
    tl.rewind_to(t);
    assert_eq!(tl.now(), t);
    assert!(tl.sim().commands().iter().all(|c| c.time <= t));
    let out = tl.exec(Command::Scale {
        kind: Kind::StatefulSet,
        key: default_key("web"),
        replicas: 1,
    });
    assert_eq!(out, Outcome::Done);
    tl.advance_to(t.plus_ms(60_000));
    let web: Vec<&str> = tl
        .sim()
        .cluster()
        .pods
        .keys()
        .filter(|k| k.name.starts_with("web-"))
        .map(|k| k.name.as_str())
        .collect();
    assert_eq!(web, ["web-0"]);
}
