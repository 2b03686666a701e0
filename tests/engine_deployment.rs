#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Scenario tests of the simulated Deployment and ReplicaSet controllers, the garbage
//! collector and `kubectl apply` (reference §2, §9.4, Appendix C).

use std::collections::BTreeSet;

use podplay::engine::cluster::{Key, OwnerRef, Pod, ReplicaSet};
use podplay::engine::command::{Action, ApiError, Applied};
use podplay::engine::trace::{Change, KubeEvent};
use podplay::engine::{ApplyMode, Command, Config, Outcome, Propagation, Simulation, Time};
use podplay::manifest::objects::{Kind, Resource};

const ALPHANUMS: &str = "bcdfghjklmnpqrstvwxz2456789";

fn new_sim(seed: u64) -> Simulation {
    Simulation::new(Config::minikube(seed).with_invariants())
}

fn objects(text: &str) -> Vec<Resource> {
    podplay::manifest::analyze(text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect()
}

fn exec_apply(sim: &mut Simulation, text: &str, mode: ApplyMode) -> Vec<Applied> {
    match sim.exec(Command::Apply {
        objects: objects(text),
        mode,
    }) {
        Outcome::Applied(v) => v,
        other => panic!("apply gave {other:?}"),
    }
}

fn apply(sim: &mut Simulation, text: &str) -> Vec<Applied> {
    exec_apply(sim, text, ApplyMode::Apply)
}

/// (kind, name, result) of each applied object.
fn results(applied: &[Applied]) -> Vec<(Kind, String, Result<Action, ApiError>)> {
    applied
        .iter()
        .map(|a| (a.kind, a.key.name.clone(), a.result.clone()))
        .collect()
}

fn settle(sim: &mut Simulation) {
    let r = sim.run_until_idle(900_000, 200_000);
    assert!(r.reached, "the simulation did not settle");
}

fn key(name: &str) -> Key {
    Key::new("default", name)
}

fn deployment(name: &str, replicas: i32, image: &str, strategy: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
{strategy}  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
      - name: nginx
        image: {image}
        ports:
        - containerPort: 80
"
    )
}

fn replica_sets_of(sim: &Simulation, deploy: &str) -> Vec<ReplicaSet> {
    let uid = sim.cluster().deployments[&key(deploy)].meta.uid.clone();
    let mut v: Vec<ReplicaSet> = sim
        .cluster()
        .replica_sets_of(&uid)
        .into_iter()
        .cloned()
        .collect();
    v.sort_by_key(|rs| rs.meta.created);
    v
}

fn pods_of(sim: &Simulation, rs: &ReplicaSet) -> Vec<Pod> {
    sim.cluster().pods_of(&rs.meta.uid).cloned().collect()
}

/// Ready pods with the label `app=<app>` that are not being deleted.
fn available(sim: &Simulation, app: &str) -> usize {
    sim.cluster()
        .pods
        .values()
        .filter(|p| p.meta.labels.get("app").map(String::as_str) == Some(app))
        .filter(|p| p.is_ready() && !p.is_terminating())
        .count()
}

/// Kubernetes Events with `reason` about `kind` in `default`, as (object name, message),
/// oldest first.
fn events(sim: &Simulation, kind: Kind, reason: &str) -> Vec<(String, String)> {
    sim.events()
        .iter()
        .filter(|e: &&KubeEvent| e.object.kind == kind && e.reason == reason)
        .filter(|e| e.object.key.namespace == "default")
        .map(|e| (e.object.key.name.clone(), e.message.clone()))
        .collect()
}

fn fnv32a(data: &[u8]) -> u32 {
    data.iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|c| ALPHANUMS.as_bytes()[usize::from(c) % 27] as char)
        .collect()
}

fn assert_no_violations(sim: &Simulation) {
    assert!(
        sim.violations().is_empty(),
        "invariants broken: {:#?}",
        sim.violations()
    );
}

#[test]
fn a_deployment_creates_a_replica_set_named_by_its_template_hash_and_all_its_pods_at_once() {
    // Pins §2.1/§2.4: RS `<deploy>-<hash>` (hash = SafeEncode of decimal FNV-32a), pods
    // `<rs>-xxxxx`, pod-template-hash on RS and pods, all pods created in one sync.
    let mut sim = new_sim(7);
    let applied = apply(&mut sim, podplay::examples::DEPLOYMENT_SERVICE);
    assert_eq!(
        results(&applied),
        [
            (
                Kind::Service,
                "my-nginx-svc".to_string(),
                Ok(Action::Created)
            ),
            (
                Kind::Deployment,
                "my-nginx-deployment".to_string(),
                Ok(Action::Created)
            ),
        ]
    );
    settle(&mut sim);
    let d = sim.cluster().deployments[&key("my-nginx-deployment")].clone();
    let rss = replica_sets_of(&sim, "my-nginx-deployment");
    assert_eq!(rss.len(), 1);
    let rs = &rss[0];
    let hash = rs.meta.labels["pod-template-hash"].clone();
    let template = serde_json::to_string(&d.spec.template).unwrap();
    assert_eq!(hash, safe_encode(&fnv32a(template.as_bytes()).to_string()));
    assert!((1..=10).contains(&hash.len()), "{hash}");
    assert!(hash.chars().all(|c| "456789bcdf".contains(c)), "{hash}");
    assert_eq!(rs.meta.name, format!("my-nginx-deployment-{hash}"));
    assert_eq!(rs.spec.replicas, Some(2));
    assert_eq!(
        rs.spec.selector.as_ref().unwrap().match_labels,
        [
            ("app".to_string(), "my-nginx".to_string()),
            ("pod-template-hash".to_string(), hash.clone())
        ]
        .into()
    );
    assert_eq!(
        rs.spec.template.metadata.labels.get("pod-template-hash"),
        Some(&hash)
    );
    assert_eq!(
        rs.meta.owners,
        [OwnerRef {
            kind: Kind::Deployment,
            name: "my-nginx-deployment".into(),
            uid: d.meta.uid.clone(),
            controller: true,
        }]
    );
    assert_eq!(
        rs.meta
            .annotations
            .get("deployment.kubernetes.io/revision")
            .map(String::as_str),
        Some("1")
    );
    let pods = pods_of(&sim, rs);
    assert_eq!(pods.len(), 2);
    let prefix = format!("{}-", rs.meta.name);
    for p in &pods {
        let suffix = p.meta.name.strip_prefix(&prefix).unwrap_or("");
        assert_eq!(suffix.len(), 5, "{}", p.meta.name);
        assert!(suffix.chars().all(|c| ALPHANUMS.contains(c)), "{suffix}");
        assert_eq!(p.meta.labels.get("pod-template-hash"), Some(&hash));
        assert_eq!(
            p.meta.labels.get("app").map(String::as_str),
            Some("my-nginx")
        );
        assert_eq!(
            p.meta.controller().map(|o| o.name.as_str()),
            Some(&*rs.meta.name)
        );
        assert!(p.is_ready());
    }
    // Both pods were created by one ReplicaSet sync: same moment, one after the other.
    let created: Vec<Time> = sim
        .trace()
        .iter()
        .filter(|e| e.object.kind == Kind::Pod && e.change == Change::Created)
        .filter(|e| e.object.key.name.starts_with(&prefix))
        .map(|e| e.time)
        .collect();
    assert_eq!(created.len(), 2);
    assert_eq!(created[0], created[1]);
    let mut names: Vec<String> = pods.iter().map(|p| p.meta.name.clone()).collect();
    names.sort();
    let mut from_events: Vec<String> = events(&sim, Kind::ReplicaSet, "SuccessfulCreate")
        .into_iter()
        .filter(|(rs_name, _)| *rs_name == rs.meta.name)
        .map(|(_, m)| m.trim_start_matches("Created pod: ").to_string())
        .collect();
    from_events.sort();
    assert_eq!(from_events, names);
    assert_eq!(
        events(&sim, Kind::Deployment, "ScalingReplicaSet"),
        [(
            "my-nginx-deployment".to_string(),
            format!("Scaled up replica set {} to 2 from 0", rs.meta.name)
        )]
    );
    assert_no_violations(&sim);
}

/// Runs events until idle, recording (old RS replicas, new RS replicas) whenever it changes,
/// and the fewest available pods seen.
fn watch_rollout(sim: &mut Simulation, deploy: &str, old: &Key) -> (Vec<(i32, i32)>, usize) {
    let mut seen: Vec<(i32, i32)> = Vec::new();
    let mut min_available = usize::MAX;
    let mut n = 0;
    loop {
        let rss = replica_sets_of(sim, deploy);
        let old_n = rss
            .iter()
            .find(|rs| rs.meta.key() == *old)
            .map_or(0, ReplicaSet::replicas);
        let new_n = rss
            .iter()
            .find(|rs| rs.meta.key() != *old)
            .map_or(0, ReplicaSet::replicas);
        if seen.last() != Some(&(old_n, new_n)) {
            seen.push((old_n, new_n));
        }
        min_available = min_available.min(available(sim, deploy));
        if sim.step().is_none() {
            break;
        }
        n += 1;
        assert!(n < 100_000, "the rollout does not end");
    }
    (seen, min_available)
}

#[test]
fn a_rolling_update_of_three_replicas_moves_one_pod_at_a_time_and_keeps_three_available() {
    // Pins §2.3's worked example: surge 1, unavailable 0; new 0→1, old 3→2, new 1→2, old 2→1,
    // new 2→3, old 1→0; the old RS stays at 0; the revision annotation goes 1 → 2.
    let mut sim = new_sim(11);
    apply(&mut sim, &deployment("web", 3, "nginx:1.19.0", ""));
    settle(&mut sim);
    let old = replica_sets_of(&sim, "web")[0].clone();
    assert_eq!(available(&sim, "web"), 3);
    let out = sim.exec(Command::SetImage {
        kind: Kind::Deployment,
        key: key("web"),
        container: None,
        image: "nginx:1.20.0".into(),
    });
    assert_eq!(out, Outcome::Done);
    let (sizes, min_available) = watch_rollout(&mut sim, "web", &old.meta.key());
    assert_eq!(
        sizes,
        [(3, 0), (3, 1), (2, 1), (2, 2), (1, 2), (1, 3), (0, 3)]
    );
    assert_eq!(
        min_available, 3,
        "maxUnavailable 0 keeps three pods available"
    );
    let rss = replica_sets_of(&sim, "web");
    assert_eq!(rss.len(), 2, "the old ReplicaSet is kept for rollback");
    let (old_rs, new_rs) = (&rss[0], &rss[1]);
    assert_eq!(old_rs.meta.name, old.meta.name);
    assert_eq!(old_rs.spec.replicas, Some(0));
    assert_eq!(old_rs.revision(), 1);
    assert_eq!(new_rs.revision(), 2);
    assert_ne!(new_rs.meta.name, old_rs.meta.name);
    assert!(pods_of(&sim, old_rs).is_empty());
    let new_pods = pods_of(&sim, new_rs);
    assert_eq!(new_pods.len(), 3);
    assert!(new_pods.iter().all(|p| p.image() == "nginx:1.20.0"));
    let (o, n) = (&old_rs.meta.name, &new_rs.meta.name);
    let scaling: Vec<String> = events(&sim, Kind::Deployment, "ScalingReplicaSet")
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        scaling,
        [
            format!("Scaled up replica set {o} to 3 from 0"),
            format!("Scaled up replica set {n} to 1 from 0"),
            format!("Scaled down replica set {o} to 2 from 3"),
            format!("Scaled up replica set {n} to 2 from 1"),
            format!("Scaled down replica set {o} to 1 from 2"),
            format!("Scaled up replica set {n} to 3 from 2"),
            format!("Scaled down replica set {o} to 0 from 1"),
        ]
    );
    assert_no_violations(&sim);
}

fn set_image(sim: &mut Simulation, name: &str, image: &str) {
    let out = sim.exec(Command::SetImage {
        kind: Kind::Deployment,
        key: key(name),
        container: None,
        image: image.into(),
    });
    assert_eq!(out, Outcome::Done);
}

#[test]
fn min_ready_seconds_holds_old_pods_until_new_ones_have_been_ready_that_long() {
    // Pins availability = Ready for minReadySeconds (§2.3): an old pod goes only when a new
    // one has been Ready 10 s, so Running old pods + available new pods never drop below 2.
    let mut sim = new_sim(24);
    let text = deployment("web", 2, "nginx:1.19.0", "  minReadySeconds: 10\n");
    apply(&mut sim, &text);
    settle(&mut sim);
    let old = replica_sets_of(&sim, "web")[0].clone();
    set_image(&mut sim, "web", "nginx:1.20.0");
    let mut scaled_down_at = Vec::new();
    let mut last_old = 2;
    while sim.step().is_some() {
        let now = sim.now();
        let rss = replica_sets_of(&sim, "web");
        let old_n = rss
            .iter()
            .find(|rs| rs.meta.uid == old.meta.uid)
            .map_or(0, ReplicaSet::replicas);
        let new_available = rss
            .iter()
            .filter(|rs| rs.meta.uid != old.meta.uid)
            .flat_map(|rs| pods_of(&sim, rs))
            .filter(|p| !p.is_terminating() && p.is_available(10, now))
            .count();
        assert!(
            old_n as usize + new_available >= 2,
            "{now}: old {old_n} + available new {new_available}"
        );
        if old_n < last_old {
            scaled_down_at.push(now);
            last_old = old_n;
        }
    }
    assert_eq!(scaled_down_at.len(), 2);
    let new = &replica_sets_of(&sim, "web")[1];
    assert_eq!(new.spec.min_ready_seconds, Some(10));
    let mut ready: Vec<Time> = pods_of(&sim, new)
        .iter()
        .map(|p| p.status.ready_since.unwrap())
        .collect();
    ready.sort();
    // Each scale-down waits for the next new pod to pass 10 s of readiness.
    for (down, up) in scaled_down_at.iter().zip(&ready) {
        assert!(down.ms() >= up.ms() + 10_000, "{down} vs ready at {up}");
    }
    assert_no_violations(&sim);
}

#[test]
fn setting_the_image_back_scales_the_old_replica_set_up_again() {
    // Pins FindNewReplicaSet: the ReplicaSet whose template equals the Deployment's is reused
    // (same hash, same name), no third ReplicaSet is made.
    let mut sim = new_sim(25);
    apply(&mut sim, &deployment("web", 2, "nginx:1.19.0", ""));
    settle(&mut sim);
    let first = replica_sets_of(&sim, "web")[0].clone();
    set_image(&mut sim, "web", "nginx:1.20.0");
    settle(&mut sim);
    set_image(&mut sim, "web", "nginx:1.19.0");
    settle(&mut sim);
    let rss = replica_sets_of(&sim, "web");
    assert_eq!(rss.len(), 2);
    assert_eq!(rss[0].meta.uid, first.meta.uid);
    assert_eq!(rss[0].spec.replicas, Some(2));
    assert_eq!(rss[1].spec.replicas, Some(0));
    let pods = pods_of(&sim, &rss[0]);
    assert_eq!(pods.len(), 2);
    assert!(pods
        .iter()
        .all(|p| p.image() == "nginx:1.19.0" && p.is_ready()));
    assert_no_violations(&sim);
}

/// A `deployment.kubernetes.io/<name>` annotation of a ReplicaSet.
fn annotation<'a>(rs: &'a ReplicaSet, name: &str) -> Option<&'a str> {
    rs.meta
        .annotations
        .get(&format!("deployment.kubernetes.io/{name}"))
        .map(String::as_str)
}

#[test]
fn setting_the_image_back_raises_the_old_replica_set_to_the_next_revision() {
    // Pins SetNewReplicaSetAnnotations: a reused ReplicaSet gets revision max+1, its old one in revision-history.
    let mut sim = Simulation::new(Config::minikube(26).with_invariants());
    apply(&mut sim, &deployment("web", 2, "nginx:1.19.0", ""));
    settle(&mut sim);
    set_image(&mut sim, "web", "nginx:1.20.0");
    settle(&mut sim);
    set_image(&mut sim, "web", "nginx:1.19.0");
    settle(&mut sim);
    let rss = replica_sets_of(&sim, "web");
    assert_eq!(rss.len(), 2, "the first ReplicaSet is reused");
    let (first, second) = (&rss[0], &rss[1]);
    assert_eq!(first.spec.replicas, Some(2));
    assert_eq!(annotation(first, "revision"), Some("3"));
    assert_eq!(annotation(first, "revision-history"), Some("1"));
    assert_eq!(annotation(second, "revision"), Some("2"));
    assert_eq!(annotation(second, "revision-history"), None);
    // Each switch makes the ReplicaSet switched to the newest; the history keeps growing.
    set_image(&mut sim, "web", "nginx:1.20.0");
    settle(&mut sim);
    set_image(&mut sim, "web", "nginx:1.19.0");
    settle(&mut sim);
    let rss = replica_sets_of(&sim, "web");
    assert_eq!(rss.len(), 2);
    assert_eq!(annotation(&rss[1], "revision"), Some("4"));
    assert_eq!(annotation(&rss[1], "revision-history"), Some("2"));
    assert_eq!(annotation(&rss[0], "revision"), Some("5"));
    assert_eq!(annotation(&rss[0], "revision-history"), Some("1,3"));
    assert_eq!(rss[0].spec.replicas, Some(2));
    assert_eq!(rss[1].spec.replicas, Some(0));
    assert_no_violations(&sim);
}

#[test]
fn scaling_a_deployment_rewrites_the_desired_and_max_replicas_annotations_of_its_replica_set() {
    // Pins scaleReplicaSet: every scale also sets desired-replicas = replicas, max-replicas = replicas + maxSurge.
    let mut sim = Simulation::new(Config::minikube(27).with_invariants());
    apply(&mut sim, &deployment("web", 2, "nginx:1.19.0", ""));
    settle(&mut sim);
    let annotations = |sim: &Simulation| {
        let rss = replica_sets_of(sim, "web");
        assert_eq!(rss.len(), 1);
        (
            rss[0].spec.replicas,
            annotation(&rss[0], "desired-replicas").map(String::from),
            annotation(&rss[0], "max-replicas").map(String::from),
        )
    };
    let want = |r: i32, desired: &str, max: &str| (Some(r), Some(desired.into()), Some(max.into()));
    assert_eq!(annotations(&sim), want(2, "2", "3"));
    // 25% of 5 rounds up to a surge of 2.
    scale(&mut sim, Kind::Deployment, "web", 5);
    settle(&mut sim);
    assert_eq!(annotations(&sim), want(5, "5", "7"));
    scale(&mut sim, Kind::Deployment, "web", 1);
    settle(&mut sim);
    assert_eq!(annotations(&sim), want(1, "1", "2"));
    assert_no_violations(&sim);
}

#[test]
fn rollout_restart_rolls_the_pods_into_a_new_replica_set() {
    // Pins `kubectl rollout restart`: the restartedAt annotation changes the template, so a new
    // ReplicaSet (new hash, revision 2) replaces every pod.
    let mut sim = new_sim(12);
    apply(&mut sim, &deployment("web", 2, "nginx:1.19.0", ""));
    settle(&mut sim);
    let before = replica_sets_of(&sim, "web")[0].clone();
    let old_pods: BTreeSet<String> = pods_of(&sim, &before)
        .iter()
        .map(|p| p.meta.name.clone())
        .collect();
    let out = sim.exec(Command::RolloutRestart {
        kind: Kind::Deployment,
        key: key("web"),
    });
    assert_eq!(out, Outcome::Done);
    settle(&mut sim);
    let rss = replica_sets_of(&sim, "web");
    assert_eq!(rss.len(), 2);
    assert_eq!(rss[0].meta.name, before.meta.name);
    assert_eq!(rss[0].spec.replicas, Some(0));
    let new = &rss[1];
    assert_eq!(new.spec.replicas, Some(2));
    assert_eq!(new.revision(), 2);
    assert_ne!(
        new.meta.labels["pod-template-hash"],
        before.meta.labels["pod-template-hash"]
    );
    assert!(new
        .spec
        .template
        .metadata
        .annotations
        .contains_key("kubectl.kubernetes.io/restartedAt"));
    let pods = pods_of(&sim, new);
    assert_eq!(pods.len(), 2);
    assert!(pods.iter().all(|p| !old_pods.contains(&p.meta.name)));
    assert_eq!(sim.cluster().pods_of(&before.meta.uid).count(), 0);
    assert_no_violations(&sim);
}

#[test]
fn recreate_scales_the_old_replica_set_to_zero_before_the_new_one_grows() {
    // Pins §2.3 Recreate: old RSes go to 0 and their pods must be gone before the new RS
    // (created then, directly at `replicas`) gets any pod.
    let mut sim = new_sim(13);
    let strategy = "  strategy:\n    type: Recreate\n";
    apply(&mut sim, &deployment("web", 3, "nginx:1.19.0", strategy));
    settle(&mut sim);
    let old = replica_sets_of(&sim, "web")[0].clone();
    sim.exec(Command::SetImage {
        kind: Kind::Deployment,
        key: key("web"),
        container: None,
        image: "nginx:1.20.0".into(),
    });
    let mut sizes: Vec<(i32, i32)> = Vec::new();
    let mut steps = 0;
    loop {
        let rss = replica_sets_of(&sim, "web");
        let old_running = sim
            .cluster()
            .pods_of(&old.meta.uid)
            .filter(|p| !p.is_terminal())
            .count();
        let old_n = rss
            .iter()
            .find(|rs| rs.meta.uid == old.meta.uid)
            .map_or(0, ReplicaSet::replicas);
        let new_rs = rss.iter().find(|rs| rs.meta.uid != old.meta.uid);
        if let Some(new_rs) = new_rs {
            assert_eq!(old_running, 0, "new ReplicaSet exists while old pods run");
            assert_eq!(old_n, 0);
            let _ = new_rs;
        }
        let new_n = new_rs.map_or(0, ReplicaSet::replicas);
        if sizes.last() != Some(&(old_n, new_n)) {
            sizes.push((old_n, new_n));
        }
        if sim.step().is_none() {
            break;
        }
        steps += 1;
        assert!(steps < 100_000);
    }
    assert_eq!(sizes, [(3, 0), (0, 0), (0, 3)]);
    let rss = replica_sets_of(&sim, "web");
    let new = &rss[1];
    let scaling: Vec<String> = events(&sim, Kind::Deployment, "ScalingReplicaSet")
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        scaling,
        [
            format!("Scaled up replica set {} to 3 from 0", old.meta.name),
            format!("Scaled down replica set {} to 0 from 3", old.meta.name),
            format!("Scaled up replica set {} to 3 from 0", new.meta.name),
        ]
    );
    assert_eq!(new.revision(), 2);
    assert_eq!(pods_of(&sim, new).len(), 3);
    assert_eq!(available(&sim, "web"), 3);
    assert_no_violations(&sim);
}

/// Runs until idle, then on to `secs` seconds after the current time.
fn wait(sim: &mut Simulation, secs: u64) {
    settle(sim);
    let t = sim.now().plus_ms(secs * 1000);
    sim.run_until(t, 100_000);
}

fn scale(sim: &mut Simulation, kind: Kind, name: &str, replicas: i32) {
    let out = sim.exec(Command::Scale {
        kind,
        key: key(name),
        replicas,
    });
    assert_eq!(out, Outcome::Done);
}

#[test]
fn scaling_down_deletes_the_youngest_pods_first() {
    // Pins §2.5 on one node: the pod that became Ready most recently goes first.
    let mut sim = new_sim(14);
    apply(&mut sim, &deployment("web", 1, "nginx:1.19.0", ""));
    wait(&mut sim, 600);
    scale(&mut sim, Kind::Deployment, "web", 2);
    wait(&mut sim, 60);
    scale(&mut sim, Kind::Deployment, "web", 3);
    wait(&mut sim, 5);
    let rs = replica_sets_of(&sim, "web")[0].clone();
    let mut pods = pods_of(&sim, &rs);
    pods.sort_by_key(|p| p.meta.created);
    let names: Vec<String> = pods.iter().map(|p| p.meta.name.clone()).collect();
    assert_eq!(names.len(), 3);
    assert!(pods
        .iter()
        .all(|p| p.spec.node_name.as_deref() == Some("minikube")));
    scale(&mut sim, Kind::Deployment, "web", 2);
    settle(&mut sim);
    scale(&mut sim, Kind::Deployment, "web", 1);
    settle(&mut sim);
    let deleted: Vec<String> = events(&sim, Kind::ReplicaSet, "SuccessfulDelete")
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        deleted,
        [
            format!("Deleted pod: {}", names[2]),
            format!("Deleted pod: {}", names[1]),
        ]
    );
    let left: Vec<String> = pods_of(&sim, &rs)
        .iter()
        .map(|p| p.meta.name.clone())
        .collect();
    assert_eq!(left, [names[0].clone()]);
    assert_no_violations(&sim);
}

#[test]
fn deleting_a_deployment_garbage_collects_its_replica_sets_and_pods() {
    // Pins background cascading deletion: Deployment → ReplicaSets → pods, via ownerReferences.
    let mut sim = new_sim(15);
    apply(&mut sim, podplay::examples::DEPLOYMENT_SERVICE);
    settle(&mut sim);
    let rs = replica_sets_of(&sim, "my-nginx-deployment")[0].clone();
    let pods: Vec<String> = pods_of(&sim, &rs)
        .iter()
        .map(|p| p.meta.name.clone())
        .collect();
    let uid = sim.cluster().deployments[&key("my-nginx-deployment")]
        .meta
        .uid
        .clone();
    let out = sim.exec(Command::Delete {
        kind: Kind::Deployment,
        key: key("my-nginx-deployment"),
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    });
    assert_eq!(
        out,
        Outcome::Deleted {
            kind: Kind::Deployment,
            key: key("my-nginx-deployment"),
            uid
        }
    );
    settle(&mut sim);
    assert!(!sim
        .cluster()
        .deployments
        .contains_key(&key("my-nginx-deployment")));
    assert!(!sim.cluster().replica_sets.contains_key(&rs.meta.key()));
    assert!(sim.cluster().pods.keys().all(|k| k.namespace != "default"));
    // What the trace says took them: the garbage collector, RS first, then its pods.
    let gc: Vec<(Kind, String)> = sim
        .trace()
        .iter()
        .filter(|e| e.reason.id == "engine.gc")
        .map(|e| (e.object.kind, e.object.key.name.clone()))
        .collect();
    let mut want = vec![(Kind::ReplicaSet, rs.meta.name.clone())];
    let mut sorted = pods.clone();
    sorted.sort();
    want.extend(sorted.into_iter().map(|p| (Kind::Pod, p)));
    assert_eq!(gc, want);
    assert!(sim.cluster().endpoints[&key("my-nginx-svc")]
        .by_pod
        .is_empty());
    assert_no_violations(&sim);
}

#[test]
fn orphan_deletion_leaves_the_replica_set_and_then_the_pods_running_without_owner() {
    // Pins `--cascade=orphan`: dependents lose their ownerReference and keep running.
    let mut sim = new_sim(16);
    apply(&mut sim, podplay::examples::DEPLOYMENT_SERVICE);
    settle(&mut sim);
    let rs = replica_sets_of(&sim, "my-nginx-deployment")[0].clone();
    let pods: Vec<Key> = pods_of(&sim, &rs).iter().map(|p| p.meta.key()).collect();
    let del = |sim: &mut Simulation, kind: Kind, name: &str| {
        let out = sim.exec(Command::Delete {
            kind,
            key: key(name),
            propagation: Propagation::Orphan,
            grace_s: None,
            force: false,
        });
        assert!(matches!(out, Outcome::Deleted { .. }), "{out:?}");
    };
    del(&mut sim, Kind::Deployment, "my-nginx-deployment");
    wait(&mut sim, 30);
    let left = &sim.cluster().replica_sets[&rs.meta.key()];
    assert!(left.meta.owners.is_empty());
    assert_eq!(left.spec.replicas, Some(2));
    for k in &pods {
        let p = &sim.cluster().pods[k];
        assert!(p.is_ready() && !p.is_terminating(), "{k}");
        assert_eq!(
            p.meta.controller().map(|o| o.uid.as_str()),
            Some(&*rs.meta.uid)
        );
    }
    del(&mut sim, Kind::ReplicaSet, &rs.meta.name);
    wait(&mut sim, 30);
    let now: Vec<Key> = sim
        .cluster()
        .pods
        .keys()
        .filter(|k| k.namespace == "default")
        .cloned()
        .collect();
    assert_eq!(now, pods, "no pod deleted, none created");
    for k in &pods {
        let p = &sim.cluster().pods[k];
        assert!(p.meta.owners.is_empty(), "{k}");
        assert!(p.is_ready() && !p.is_terminating(), "{k}");
    }
    assert_eq!(
        sim.cluster().endpoints[&key("my-nginx-svc")].ready().len(),
        2
    );
    assert_no_violations(&sim);
}

fn one(applied: &[Applied]) -> Result<Action, ApiError> {
    assert_eq!(applied.len(), 1, "{applied:?}");
    applied[0].result.clone()
}

fn replicas(sim: &Simulation, name: &str) -> Option<i32> {
    sim.cluster().deployments[&key(name)].spec.replicas
}

#[test]
fn apply_reports_created_unchanged_and_configured() {
    // Pins §9.4: new → created, same file → unchanged, a changed field → configured.
    let mut sim = new_sim(17);
    let v1 = deployment("web", 2, "nginx:1.19.0", "");
    assert_eq!(one(&apply(&mut sim, &v1)), Ok(Action::Created));
    settle(&mut sim);
    assert_eq!(one(&apply(&mut sim, &v1)), Ok(Action::Unchanged));
    assert_eq!(sim.cluster().deployments[&key("web")].meta.generation, 1);
    let v2 = deployment("web", 2, "nginx:1.20.0", "");
    assert_eq!(one(&apply(&mut sim, &v2)), Ok(Action::Configured));
    let d = &sim.cluster().deployments[&key("web")];
    assert_eq!(d.meta.generation, 2);
    assert_eq!(
        d.spec.template.spec.containers[0].image.as_deref(),
        Some("nginx:1.20.0")
    );
    assert_eq!(one(&apply(&mut sim, &v2)), Ok(Action::Unchanged));
    settle(&mut sim);
    assert_eq!(replica_sets_of(&sim, "web").len(), 2);
    // `kubectl set image` changed the live image: the same file sets it back.
    sim.exec(Command::SetImage {
        kind: Kind::Deployment,
        key: key("web"),
        container: None,
        image: "nginx:1.21.0".into(),
    });
    assert_eq!(one(&apply(&mut sim, &v2)), Ok(Action::Configured));
    assert_eq!(
        sim.cluster().deployments[&key("web")]
            .spec
            .template
            .spec
            .containers[0]
            .image
            .as_deref(),
        Some("nginx:1.20.0")
    );
    assert_eq!(one(&apply(&mut sim, &v2)), Ok(Action::Unchanged));
    // The words kubectl prints.
    assert_eq!(
        [Action::Created, Action::Configured, Action::Unchanged].map(Action::word),
        ["created", "configured", "unchanged"]
    );
    assert_no_violations(&sim);
}

#[test]
fn apply_after_scale_keeps_the_scaled_replicas_only_while_the_file_does_not_set_them() {
    // Pins §9.4's computed patch (kubectl's three-way merge): a field the file leaves out keeps
    // its live value (`unchanged`), a field the file sets wins over a live change.
    let mut sim = new_sim(18);
    let unset = deployment("web", 1, "nginx:1.19.0", "").replace("  replicas: 1\n", "");
    assert!(!unset.contains("replicas"));
    assert_eq!(one(&apply(&mut sim, &unset)), Ok(Action::Created));
    assert_eq!(replicas(&sim, "web"), Some(1));
    settle(&mut sim);
    scale(&mut sim, Kind::Deployment, "web", 5);
    settle(&mut sim);
    assert_eq!(available(&sim, "web"), 5);
    assert_eq!(one(&apply(&mut sim, &unset)), Ok(Action::Unchanged));
    assert_eq!(replicas(&sim, "web"), Some(5));
    // Another field changes: replicas still come from the live object.
    let image = unset.replace("nginx:1.19.0", "nginx:1.20.0");
    assert_eq!(one(&apply(&mut sim, &image)), Ok(Action::Configured));
    assert_eq!(replicas(&sim, "web"), Some(5));
    settle(&mut sim);
    assert_eq!(available(&sim, "web"), 5);
    // The file sets replicas: the file wins.
    let three = deployment("web", 3, "nginx:1.20.0", "");
    assert_eq!(one(&apply(&mut sim, &three)), Ok(Action::Configured));
    assert_eq!(replicas(&sim, "web"), Some(3));
    settle(&mut sim);
    assert_eq!(available(&sim, "web"), 3);
    // ...and keeps winning: scaled again, the same file puts it back (the patch is not empty).
    scale(&mut sim, Kind::Deployment, "web", 5);
    assert_eq!(one(&apply(&mut sim, &three)), Ok(Action::Configured));
    assert_eq!(replicas(&sim, "web"), Some(3));
    assert_eq!(one(&apply(&mut sim, &three)), Ok(Action::Unchanged));
    // Dropping replicas from the file removes the field: back to the default, 1.
    let dropped = three.replace("  replicas: 3\n", "");
    assert_eq!(one(&apply(&mut sim, &dropped)), Ok(Action::Configured));
    assert_eq!(replicas(&sim, "web"), Some(1));
    settle(&mut sim);
    assert_eq!(available(&sim, "web"), 1);
    assert_no_violations(&sim);
}

#[test]
fn create_of_an_existing_object_is_already_exists() {
    // Pins §9.4 `kubectl create` on an existing object.
    let mut sim = new_sim(19);
    let text = podplay::examples::DEPLOYMENT_SERVICE;
    let first = exec_apply(&mut sim, text, ApplyMode::Create);
    assert!(first.iter().all(|a| a.result == Ok(Action::Created)));
    let again = exec_apply(&mut sim, text, ApplyMode::Create);
    let messages: Vec<String> = again
        .iter()
        .map(|a| a.result.clone().unwrap_err().message())
        .collect();
    assert_eq!(
        messages,
        [
            "Error from server (AlreadyExists): services \"my-nginx-svc\" already exists",
            "Error from server (AlreadyExists): deployments.apps \"my-nginx-deployment\" already exists",
        ]
    );
    assert_eq!(
        again[1].result,
        Err(ApiError::AlreadyExists {
            resource: "deployments.apps".into(),
            name: "my-nginx-deployment".into()
        })
    );
    // Created without apply: a later apply still works (and reports configured).
    assert!(!sim.has_last_applied(Kind::Deployment, &key("my-nginx-deployment")));
    settle(&mut sim);
    assert_no_violations(&sim);
}

#[test]
fn an_invalid_object_is_rejected_with_the_apiserver_message() {
    // Pins §2.6/§9.5: 422 Invalid, `The Deployment "web" is invalid: <cause>`.
    let mut sim = new_sim(20);
    let text = deployment("web", -1, "nginx:1.19.0", "");
    let r = one(&apply(&mut sim, &text));
    assert_eq!(
        r,
        Err(ApiError::Invalid {
            kind: Kind::Deployment,
            name: "web".into(),
            causes: vec![
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0".into()
            ],
        })
    );
    assert_eq!(
        r.unwrap_err().message(),
        "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    );
    assert!(!sim
        .cluster()
        .deployments
        .contains_key(&key("my-nginx-deployment")));
    settle(&mut sim);
    assert!(sim
        .cluster()
        .replica_sets
        .keys()
        .all(|k| k.namespace != "default"));
    assert_no_violations(&sim);
}

#[test]
fn changing_a_deployment_selector_is_refused_as_immutable() {
    // Pins §2.6: apps/v1 spec.selector is immutable (value printed as JSON in 1.34).
    let mut sim = new_sim(21);
    apply(&mut sim, &deployment("web", 1, "nginx:1.19.0", ""));
    let changed = deployment("web", 1, "nginx:1.19.0", "").replace("app: web", "app: other");
    let r = one(&apply(&mut sim, &changed));
    assert_eq!(
        r.clone().unwrap_err().message(),
        "The Deployment \"web\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"other\"}}: field is immutable"
    );
    let d = &sim.cluster().deployments[&key("web")];
    assert_eq!(
        d.spec
            .selector
            .as_ref()
            .unwrap()
            .match_labels
            .get("app")
            .map(String::as_str),
        Some("web")
    );
    assert_eq!(d.meta.generation, 1);
    settle(&mut sim);
    assert_no_violations(&sim);
}

#[test]
fn changing_a_service_cluster_ip_is_refused() {
    // Pins §4.3: spec.clusterIP may not change once set (either way).
    let mut sim = new_sim(22);
    apply(&mut sim, podplay::examples::HEADLESS_SERVICE);
    let to_ip =
        podplay::examples::HEADLESS_SERVICE.replace("clusterIP: None", "clusterIP: 10.96.0.50");
    assert_eq!(
        one(&apply(&mut sim, &to_ip)).unwrap_err().message(),
        "The Service \"nginx\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.0.50\"]: may not change once set"
    );
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: s\n  ports:\n  - port: 80\n";
    apply(&mut sim, svc);
    let ip = sim.cluster().services[&key("s")]
        .spec
        .cluster_ip
        .clone()
        .unwrap();
    let to_none = svc.replace("  ports:", "  clusterIP: None\n  ports:");
    assert_eq!(
        one(&apply(&mut sim, &to_none)).unwrap_err().message(),
        "The Service \"s\" is invalid: spec.clusterIPs[0]: Invalid value: [\"None\"]: may not change once set"
    );
    assert_eq!(
        sim.cluster().services[&key("s")].spec.cluster_ip.as_deref(),
        Some(&*ip)
    );
    assert_eq!(
        sim.cluster().services[&key("nginx")]
            .spec
            .cluster_ip
            .as_deref(),
        Some("None")
    );
    // The same address written out is no change at all.
    let same = svc.replace("  ports:", &format!("  clusterIP: {ip}\n  ports:"));
    assert_eq!(one(&apply(&mut sim, &same)), Ok(Action::Configured));
    assert_eq!(
        sim.cluster().services[&key("s")].spec.cluster_ip.as_deref(),
        Some(&*ip)
    );
    settle(&mut sim);
    assert_no_violations(&sim);
}

#[test]
fn changing_a_stateful_set_service_name_is_forbidden() {
    // Pins §1.10: only replicas, ordinals, template, updateStrategy, revisionHistoryLimit,
    // persistentVolumeClaimRetentionPolicy and minReadySeconds may change.
    let mut sim = new_sim(23);
    apply(&mut sim, podplay::examples::STATEFULSET);
    let changed =
        podplay::examples::STATEFULSET.replace("serviceName: \"nginx\"", "serviceName: \"other\"");
    assert_eq!(
        one(&apply(&mut sim, &changed)).unwrap_err().message(),
        "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    );
    assert_eq!(
        sim.cluster().stateful_sets[&key("web")]
            .spec
            .service_name
            .as_deref(),
        Some("nginx")
    );
    // replicas may change.
    let scaled = podplay::examples::STATEFULSET.replace("replicas: 2", "replicas: 3");
    assert_eq!(one(&apply(&mut sim, &scaled)), Ok(Action::Configured));
    settle(&mut sim);
    assert_no_violations(&sim);
}

/// A run of the seed tutorial: all three files, then a scale and a rolling update.
fn tutorial_run(seed: u64) -> Simulation {
    let mut sim = new_sim(seed);
    apply(&mut sim, &podplay::examples::all_together());
    settle(&mut sim);
    scale(&mut sim, Kind::Deployment, "my-nginx-deployment", 3);
    sim.exec(Command::SetImage {
        kind: Kind::Deployment,
        key: key("my-nginx-deployment"),
        container: None,
        image: "nginx:1.20.0".into(),
    });
    settle(&mut sim);
    sim
}

#[test]
fn the_same_seed_and_commands_give_the_same_trace_and_another_seed_other_names() {
    // Pins determinism: identical traces for equal seeds; the seed drives generated names.
    let a = tutorial_run(42);
    let b = tutorial_run(42);
    let dump =
        |s: &Simulation| -> Vec<String> { s.trace().iter().map(|e| format!("{e:?}")).collect() };
    let (ta, tb) = (dump(&a), dump(&b));
    assert!(ta.len() > 50);
    assert_eq!(ta, tb);
    assert_eq!(a.cluster(), b.cluster());
    let suffixes = |s: &Simulation| -> BTreeSet<String> {
        s.cluster()
            .pods
            .keys()
            .filter(|k| k.name.starts_with("my-nginx-deployment-"))
            .map(|k| k.name.rsplit('-').next().unwrap().to_string())
            .collect()
    };
    let c = tutorial_run(43);
    assert_eq!(suffixes(&a).len(), 3);
    assert!(suffixes(&a).is_disjoint(&suffixes(&c)));
    // The template hash depends on the template only, not the seed.
    let hashes = |s: &Simulation| -> Vec<String> {
        replica_sets_of(s, "my-nginx-deployment")
            .iter()
            .map(|rs| rs.meta.labels["pod-template-hash"].clone())
            .collect()
    };
    assert_eq!(hashes(&a), hashes(&c));
    for s in [&a, &b, &c] {
        assert_no_violations(s);
    }
}

fn web_sets(sim: &Simulation) -> Vec<&ReplicaSet> {
    sim.cluster()
        .replica_sets
        .values()
        .filter(|rs| rs.meta.namespace == "default")
        .collect()
}

#[test]
fn a_paused_deployment_scales_but_does_not_roll_out() {
    // Pins `dc.sync` for paused Deployments: `kubectl scale` still resizes the active
    // ReplicaSet, while a template change waits for resume (kubernetes/kubernetes
    // pkg/controller/deployment/sync.go `sync` / `scale`).
    let mut sim = new_sim(5);
    apply(&mut sim, &deployment("web", 2, "nginx:1.19.0", ""));
    settle(&mut sim);
    let paused = deployment("web", 2, "nginx:1.19.0", "  paused: true\n");
    apply(&mut sim, &paused);
    settle(&mut sim);
    let out = sim.exec(Command::Scale {
        kind: Kind::Deployment,
        key: key("web"),
        replicas: 4,
    });
    assert!(matches!(out, Outcome::Done), "{out:?}");
    settle(&mut sim);
    let sets: Vec<(String, i32)> = sim
        .cluster()
        .replica_sets
        .values()
        .filter(|rs| rs.meta.namespace == "default")
        .map(|rs| (rs.meta.name.clone(), rs.replicas()))
        .collect();
    assert_eq!(sets.len(), 1, "{sets:?}");
    assert_eq!(sets[0].1, 4, "{sets:?}");
    let running = sim
        .cluster()
        .pods
        .values()
        .filter(|p| p.meta.namespace == "default" && p.is_ready())
        .count();
    assert_eq!(running, 4);
    // A new image while paused: no new ReplicaSet until resumed.
    apply(
        &mut sim,
        &deployment("web", 4, "nginx:1.20.0", "  paused: true\n"),
    );
    settle(&mut sim);
    assert_eq!(web_sets(&sim).len(), 1);
    apply(&mut sim, &deployment("web", 4, "nginx:1.20.0", ""));
    settle(&mut sim);
    let sizes: BTreeSet<i32> = web_sets(&sim)
        .into_iter()
        .map(ReplicaSet::replicas)
        .collect();
    assert_eq!(web_sets(&sim).len(), 2);
    assert_eq!(sizes, BTreeSet::from([0, 4]));
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

#[test]
fn a_changed_min_ready_seconds_reaches_the_current_replica_set() {
    // Pins `getNewReplicaSet`: minReadySeconds is copied to the existing ReplicaSet in place,
    // with no new revision (it is not part of the pod template).
    let mut sim = new_sim(6);
    apply(&mut sim, &deployment("web", 2, "nginx:1.19.0", ""));
    settle(&mut sim);
    apply(
        &mut sim,
        &deployment("web", 2, "nginx:1.19.0", "  minReadySeconds: 5\n"),
    );
    settle(&mut sim);
    let sets = web_sets(&sim);
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].spec.min_ready_seconds, Some(5));
    assert_eq!(sets[0].replicas(), 2);
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}
