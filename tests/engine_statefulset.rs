#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Scenario tests pinning the StatefulSet controller and the pod lifecycle it drives
//! (`shared/k8s-reference.md` §1, §3, §7.4, §8, Appendix A).

mod common;

use std::net::Ipv4Addr;

use common::engine::*;
use podplay::engine::cluster::{ClaimPhase, Phase, VolumePhase};
use podplay::engine::files::FsError;
use podplay::engine::lifecycle::Stage;
use podplay::engine::trace::Change;
use podplay::engine::{Command, Outcome, Simulation};
use podplay::manifest::objects::Kind;

const HTML: &str = "/usr/share/nginx/html/index.html";
const POD_NAME: &str = "statefulset.kubernetes.io/pod-name";
const POD_INDEX: &str = "apps.kubernetes.io/pod-index";
const REVISION: &str = "controller-revision-hash";

fn ip(s: &str) -> Option<Ipv4Addr> {
    Some(s.parse().unwrap())
}

fn label<'a>(sim: &'a Simulation, pod: &str, name: &str) -> Option<&'a str> {
    the_pod(sim, pod).meta.labels.get(name).map(String::as_str)
}

fn is_pod(l: &Line, name: &str, change: Change) -> bool {
    l.kind == Kind::Pod && l.name == name && l.change == change
}

fn is_claim(l: &Line, name: &str, change: Change) -> bool {
    l.kind == Kind::PersistentVolumeClaim && l.name == name && l.change == change
}

/// The tutorial, settled: web-0 and web-1 Running and Ready.
fn tutorial_running(seed: u64, replicas: i32) -> Simulation {
    let mut sim = sim(seed);
    let text = tutorial_with(&[("replicas: 2", &format!("replicas: {replicas}"))]);
    apply(&mut sim, &text);
    settle(&mut sim);
    for n in 0..replicas {
        assert!(ready(&sim, &format!("web-{n}")), "web-{n} is not ready");
    }
    sim
}

fn revisions(sim: &Simulation) -> (String, String) {
    let sts = &sim.cluster().stateful_sets[&key("web")];
    (sts.current_revision.clone(), sts.update_revision.clone())
}

fn set_image(sim: &mut Simulation, image: &str) {
    let out = sim.exec(Command::SetImage {
        kind: Kind::StatefulSet,
        key: key("web"),
        container: None,
        image: image.into(),
    });
    assert_eq!(out, Outcome::Done);
}

/// In-range pods of `web` (0..n) that are missing or not Running and Ready.
fn unavailable(sim: &Simulation, n: i32) -> Vec<String> {
    (0..n)
        .map(|i| format!("web-{i}"))
        .filter(|p| !ready(sim, p))
        .collect()
}

/// Pods whose deletion the StatefulSet controller started for a rolling update, in order.
fn updated_pods(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.change == Change::Deleting && l.text.contains("for the rolling update"))
        .map(|l| l.name.clone())
        .collect()
}

// ----- creation ----------------------------------------------------------------------------

#[test]
fn the_tutorial_creates_web_0_first_and_web_1_only_once_web_0_is_running_and_ready() {
    // Pins the seed tutorial's OrderedReady creation, identity and claims (§1.1-§1.4, App. A).
    let mut sim = sim(1);
    let from = mark(&sim);
    apply(&mut sim, &tutorial());
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert_eq!(created_pods(&lines, "web-"), ["web-0", "web-1"]);
    let claim0 = index_of(&lines, "claim www-web-0 created", |l| {
        is_claim(l, "www-web-0", Change::Created)
    });
    let pod0 = index_of(&lines, "web-0 created", |l| {
        is_pod(l, "web-0", Change::Created)
    });
    let wait = index_of(&lines, "the wait for web-0", |l| {
        l.kind == Kind::StatefulSet
            && l.change == Change::Waiting
            && l.text == "web-1 waits: web-0 is not Running and Ready yet"
    });
    let ready0 = index_of(&lines, "web-0 ready", |l| {
        l.name == "web-0" && l.text == "web-0: container started and Ready (no readiness probe)"
    });
    let claim1 = index_of(&lines, "claim www-web-1 created", |l| {
        is_claim(l, "www-web-1", Change::Created)
    });
    let pod1 = index_of(&lines, "web-1 created", |l| {
        is_pod(l, "web-1", Change::Created)
    });
    assert!(
        claim0 < pod0 && pod0 < wait && wait < ready0 && ready0 < claim1 && claim1 < pod1,
        "{}",
        dump(&lines)
    );
    assert_eq!(
        lines[pod1].text,
        "web-1 created: web-0 is Running and Ready"
    );
    let (web0, web1) = (the_pod(&sim, "web-0"), the_pod(&sim, "web-1"));
    assert!(web1.meta.created >= web0.status.ready_since.unwrap());

    // Identity (§1.1).
    let sts = &sim.cluster().stateful_sets[&key("web")];
    let (current, update) = revisions(&sim);
    assert_eq!(current, update);
    let hash = update.strip_prefix("web-").unwrap();
    assert!(
        (1..=10).contains(&hash.len())
            && hash
                .chars()
                .all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)),
        "revision {update}"
    );
    for (n, p) in [web0, web1].into_iter().enumerate() {
        let name = format!("web-{n}");
        assert_eq!(p.phase(), Phase::Running);
        assert!(p.is_healthy());
        assert_eq!(p.meta.labels.get("app").map(String::as_str), Some("nginx"));
        assert_eq!(label(&sim, &name, POD_NAME), Some(name.as_str()));
        assert_eq!(label(&sim, &name, POD_INDEX), Some(n.to_string().as_str()));
        assert_eq!(label(&sim, &name, REVISION), Some(update.as_str()));
        assert_eq!(p.spec.hostname.as_deref(), Some(name.as_str()));
        assert_eq!(p.spec.subdomain.as_deref(), Some("nginx"));
        assert_eq!(p.claim_names(), [format!("www-{name}")]);
        let owner = p.meta.controller().unwrap();
        assert_eq!(
            (owner.kind, owner.uid.as_str()),
            (Kind::StatefulSet, sts.meta.uid.as_str())
        );
    }
    // CoreDNS holds 10.244.0.2; the tutorial's pods come next (§8).
    assert_eq!(web0.status.ip, ip("10.244.0.3"));
    assert_eq!(web1.status.ip, ip("10.244.0.4"));

    // Claims (§1.2, §7.2).
    assert_eq!(claims(&sim), ["www-web-0", "www-web-1"]);
    for name in claims(&sim) {
        let c = &sim.cluster().pvcs[&key(&name)];
        assert_eq!(c.phase, ClaimPhase::Bound);
        assert_eq!(c.meta.labels.get("app").map(String::as_str), Some("nginx"));
        assert_eq!(c.spec.storage_class_name.as_deref(), Some("standard"));
        assert_eq!(c.capacity.as_deref(), Some("1Gi"));
        assert!(c.meta.owners.is_empty(), "Retain/Retain: no owners");
        let vol = format!("pvc-{}", c.meta.uid);
        assert_eq!(c.spec.volume_name.as_deref(), Some(vol.as_str()));
        let pv = &sim.cluster().pvs[&vol];
        assert_eq!(pv.phase, VolumePhase::Bound);
        assert_eq!(pv.capacity, "1Gi");
        assert_eq!(pv.storage_class, "standard");
        assert_eq!(pv.reclaim_policy, "Delete");
        assert_eq!(pv.access_modes, ["ReadWriteOnce"]);
        assert_eq!(
            pv.claim.as_ref().map(|r| r.name.as_str()),
            Some(name.as_str())
        );
        assert_eq!(
            pv.host_path,
            format!("/tmp/hostpath-provisioner/default/{name}")
        );
    }
    let created: Vec<&str> = events(&sim, "SuccessfulCreate")
        .into_iter()
        .filter(|e| e.object.kind == Kind::StatefulSet)
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        created,
        [
            "create Claim www-web-0 Pod web-0 in StatefulSet web success",
            "create Pod web-0 in StatefulSet web successful",
            "create Claim www-web-1 Pod web-1 in StatefulSet web success",
            "create Pod web-1 in StatefulSet web successful",
        ]
    );
    assert_clean(&sim);
}

#[test]
fn ordinals_start_names_pods_and_claims_from_the_start_ordinal() {
    // Pins spec.ordinals.start (§1.1): ordinals run from start to start+replicas-1.
    let mut sim = sim(2);
    let from = mark(&sim);
    apply(
        &mut sim,
        &tutorial_with(&[("replicas: 2", "ordinals:\n    start: 5\n  replicas: 2")]),
    );
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert_eq!(created_pods(&lines, "web-"), ["web-5", "web-6"]);
    assert_eq!(pods_named(&sim, "web-"), ["web-5", "web-6"]);
    assert_eq!(claims(&sim), ["www-web-5", "www-web-6"]);
    assert_eq!(label(&sim, "web-5", POD_INDEX), Some("5"));
    assert_eq!(label(&sim, "web-6", POD_INDEX), Some("6"));
    assert!(
        the_pod(&sim, "web-6").meta.created >= the_pod(&sim, "web-5").status.ready_since.unwrap()
    );
    // Scaling down removes the highest ordinal of the shifted range.
    scale(&mut sim, "web", 1);
    settle(&mut sim);
    assert_eq!(pods_named(&sim, "web-"), ["web-5"]);
    assert_clean(&sim);
}

// ----- scaling -----------------------------------------------------------------------------

#[test]
fn scaling_up_creates_pods_one_at_a_time_and_scaling_down_removes_the_highest_first() {
    // Pins OrderedReady scaling (§1.4, App. A 7): up in order, down in reverse, claims stay Bound.
    let mut sim = tutorial_running(3, 2);
    let from = mark(&sim);
    scale(&mut sim, "web", 4);
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert_eq!(created_pods(&lines, "web-"), ["web-2", "web-3"]);
    assert!(
        the_pod(&sim, "web-3").meta.created >= the_pod(&sim, "web-2").status.ready_since.unwrap()
    );
    assert!(
        index_of(&lines, "web-3 waits", |l| l.text
            == "web-3 waits: web-2 is not Running and Ready yet")
            < index_of(&lines, "web-3 created", |l| is_pod(
                l,
                "web-3",
                Change::Created
            ))
    );
    assert_eq!(unavailable(&sim, 4), Vec::<String>::new());

    let from = mark(&sim);
    scale(&mut sim, "web", 2);
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert_eq!(deleting_pods(&lines, "web-"), ["web-3", "web-2"]);
    assert_eq!(gone_pods(&lines, "web-"), ["web-3", "web-2"]);
    let web3_gone = index_of(&lines, "web-3 gone", |l| {
        is_pod(l, "web-3", Change::Deleted)
    });
    let web2_deleting = index_of(&lines, "web-2 deleting", |l| {
        is_pod(l, "web-2", Change::Deleting)
    });
    assert!(web3_gone < web2_deleting, "{}", dump(&lines));
    assert_eq!(
        lines[web2_deleting].text,
        "web-2 deleted: above replicas 2 (highest ordinal first)"
    );
    assert_eq!(pods_named(&sim, "web-"), ["web-0", "web-1"]);
    let deleted: Vec<&str> = events(&sim, "SuccessfulDelete")
        .into_iter()
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        deleted,
        [
            "delete Pod web-3 in StatefulSet web successful",
            "delete Pod web-2 in StatefulSet web successful"
        ]
    );
    // Default retention (Retain): claims and volumes of the removed pods stay Bound (§7.4).
    assert_eq!(
        claims(&sim),
        ["www-web-0", "www-web-1", "www-web-2", "www-web-3"]
    );
    for c in claims(&sim) {
        assert_eq!(claim_phase(&sim, &c), Some(ClaimPhase::Bound), "{c}");
    }
    assert_eq!(sim.cluster().pvs.len(), 4);
    assert_clean(&sim);
}

#[test]
fn scaling_down_while_a_new_pod_is_starting_removes_it_and_never_creates_the_next() {
    // Pins §1.3 steps 3/8: a starting condemned pod is the first unhealthy one and may go.
    let mut sim = tutorial_running(23, 2);
    scale(&mut sim, "web", 4);
    run_until(&mut sim, "web-2 exists", |s| pod(s, "web-2").is_some());
    assert!(!ready(&sim, "web-2"));
    let from = mark(&sim);
    scale(&mut sim, "web", 2);
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert!(created_pods(&lines, "web-").is_empty(), "{}", dump(&lines));
    assert_eq!(gone_pods(&lines, "web-"), ["web-2"]);
    assert_eq!(pods_named(&sim, "web-"), ["web-0", "web-1"]);
    assert!(ready(&sim, "web-0") && ready(&sim, "web-1"));
    assert_clean(&sim);
}

#[test]
fn scaling_to_zero_removes_pods_in_reverse_order_one_at_a_time() {
    // Pins §1.4 scale-down: each pod is gone before the next lower one is deleted.
    let mut sim = tutorial_running(24, 3);
    let from = mark(&sim);
    let mut most_terminating = 0;
    scale(&mut sim, "web", 0);
    settle_checking(&mut sim, |s| {
        let n = pods_named(s, "web-")
            .iter()
            .filter(|p| the_pod(s, p).is_terminating())
            .count();
        most_terminating = most_terminating.max(n);
    });
    assert_eq!(most_terminating, 1);
    let lines = trace_since(&sim, from);
    assert_eq!(gone_pods(&lines, "web-"), ["web-2", "web-1", "web-0"]);
    assert!(pods_named(&sim, "web-").is_empty());
    assert_eq!(claims(&sim).len(), 3);
    assert_clean(&sim);
}

#[test]
fn scaling_back_up_reuses_the_retained_claim_and_its_data() {
    // Pins §7.4: a retained claim is reused by the pod that comes back with its ordinal.
    let mut sim = tutorial_running(4, 3);
    write(&mut sim, "web-2", HTML, "web-2 was here\n");
    let volume = sim.cluster().pvcs[&key("www-web-2")]
        .spec
        .volume_name
        .clone();
    scale(&mut sim, "web", 2);
    settle(&mut sim);
    assert_eq!(pods_named(&sim, "web-"), ["web-0", "web-1"]);
    let from = mark(&sim);
    scale(&mut sim, "web", 3);
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert!(find(&lines, |l| l.kind == Kind::PersistentVolumeClaim
        && l.change == Change::Created)
    .is_none());
    assert_eq!(
        sim.cluster().pvcs[&key("www-web-2")].spec.volume_name,
        volume
    );
    assert_eq!(
        sim.read_file(&key("web-2"), HTML).unwrap(),
        "web-2 was here\n"
    );
    assert_clean(&sim);
}

#[test]
fn parallel_policy_creates_all_pods_at_once_and_deletes_all_at_once() {
    // Pins podManagementPolicy: Parallel (§1.4): no waiting for readiness or termination.
    let mut sim = sim(5);
    let from = mark(&sim);
    apply(
        &mut sim,
        &tutorial_with(&[(
            "replicas: 2",
            "replicas: 3\n  podManagementPolicy: Parallel",
        )]),
    );
    run_until(&mut sim, "three pods exist", |s| {
        pods_named(s, "web-").len() == 3
    });
    assert_eq!(unavailable(&sim, 3).len(), 3, "none is ready yet");
    let lines = trace_since(&sim, from);
    assert_eq!(created_pods(&lines, "web-"), ["web-0", "web-1", "web-2"]);
    let t = the_pod(&sim, "web-0").meta.created;
    assert!(["web-1", "web-2"]
        .iter()
        .all(|p| the_pod(&sim, p).meta.created == t));
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert!(
        find(&lines, |l| l.kind == Kind::StatefulSet
            && l.change == Change::Waiting)
        .is_none(),
        "{}",
        dump(&lines)
    );
    assert_eq!(unavailable(&sim, 3), Vec::<String>::new());

    let from = mark(&sim);
    scale(&mut sim, "web", 0);
    run_until(&mut sim, "all three terminating", |s| {
        pods_named(s, "web-")
            .iter()
            .all(|p| the_pod(s, p).is_terminating())
    });
    let lines = trace_since(&sim, from);
    assert_eq!(deleting_pods(&lines, "web-"), ["web-2", "web-1", "web-0"]);
    assert!(
        gone_pods(&lines, "web-").is_empty(),
        "all deleted before any is gone"
    );
    settle(&mut sim);
    assert!(pods_named(&sim, "web-").is_empty());
    assert_eq!(claims(&sim), ["www-web-0", "www-web-1", "www-web-2"]);
    assert_clean(&sim);
}

// ----- deleting a pod ----------------------------------------------------------------------

#[test]
fn a_deleted_pod_comes_back_with_its_name_and_claim_but_a_new_uid_and_ip() {
    // Pins §1.8 and App. A 6: same name, hostname and PVC (with its data); new UID and IP.
    let mut sim = tutorial_running(6, 2);
    write(&mut sim, "web-0", HTML, "hello from web-0\n");
    write(&mut sim, "web-0", "/tmp/scratch.txt", "gone soon\n");
    assert_eq!(
        sim.read_file(&key("web-0"), "/tmp/scratch.txt").unwrap(),
        "gone soon\n"
    );
    let old = the_pod(&sim, "web-0").clone();
    let volume = sim.cluster().pvcs[&key("www-web-0")]
        .spec
        .volume_name
        .clone();
    assert_eq!(old.status.ip, ip("10.244.0.3"));
    let uid = delete(&mut sim, Kind::Pod, "web-0");
    assert_eq!(uid, old.meta.uid);
    settle(&mut sim);
    let new = the_pod(&sim, "web-0");
    assert!(new.is_healthy());
    assert_ne!(new.meta.uid, old.meta.uid);
    assert!(new.meta.created > old.meta.created);
    // host-local goes on after the last address it gave (web-1 has .4).
    assert_eq!(new.status.ip, ip("10.244.0.5"));
    assert_eq!(new.spec.hostname.as_deref(), Some("web-0"));
    assert_eq!(new.spec.subdomain.as_deref(), Some("nginx"));
    assert_eq!(new.claim_names(), ["www-web-0"]);
    assert_eq!(new.status.restarts, 0);
    assert_eq!(
        sim.cluster().pvcs[&key("www-web-0")].spec.volume_name,
        volume
    );
    assert_eq!(claims(&sim), ["www-web-0", "www-web-1"]);
    assert_eq!(
        sim.read_file(&key("web-0"), HTML).unwrap(),
        "hello from web-0\n"
    );
    assert_eq!(
        sim.read_file(&key("web-0"), "/tmp/scratch.txt"),
        Err(FsError::NoSuchFile)
    );
    assert!(ready(&sim, "web-1"));
    assert_clean(&sim);
}

#[test]
fn ordered_ready_recreates_a_deleted_pod_only_after_the_old_one_is_gone() {
    // Pins §1.8/§3.2: the replacement web-N appears only once the old web-N object is gone.
    let mut sim = tutorial_running(7, 2);
    let old_uid = the_pod(&sim, "web-1").meta.uid.clone();
    let from = mark(&sim);
    delete(&mut sim, Kind::Pod, "web-1");
    let mut saw_terminating = false;
    settle_checking(&mut sim, |s| {
        if let Some(p) = pod(s, "web-1") {
            if p.meta.uid == old_uid {
                saw_terminating |= p.is_terminating();
            }
        }
    });
    assert!(saw_terminating);
    let lines = trace_since(&sim, from);
    let gone = index_of(&lines, "old web-1 gone", |l| {
        is_pod(l, "web-1", Change::Deleted)
    });
    let created = index_of(&lines, "new web-1", |l| is_pod(l, "web-1", Change::Created));
    let wait = index_of(&lines, "the wait for the old web-1", |l| {
        l.kind == Kind::StatefulSet && l.change == Change::Waiting
    });
    assert!(wait < gone && gone < created, "{}", dump(&lines));
    assert_eq!(
        lines[wait].text,
        "web-1 waits: the old web-1 must be gone before it is created again"
    );
    // Nothing names a pod beyond the replicas.
    assert!(
        !lines.iter().any(|l| l.text.contains("web-2")),
        "{}",
        dump(&lines)
    );
    assert!(ready(&sim, "web-1") && ready(&sim, "web-0"));
    assert_clean(&sim);
}

#[test]
fn a_deleted_lower_pod_holds_back_scale_up_until_it_is_back_and_ready() {
    // Pins §1.4: a deleted web-0 is recreated first; web-2 waits for it to be Running and Ready.
    let mut sim = tutorial_running(8, 2);
    let from = mark(&sim);
    delete(&mut sim, Kind::Pod, "web-0");
    scale(&mut sim, "web", 3);
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert_eq!(created_pods(&lines, "web-"), ["web-0", "web-2"]);
    assert!(
        the_pod(&sim, "web-2").meta.created >= the_pod(&sim, "web-0").status.ready_since.unwrap()
    );
    assert_eq!(unavailable(&sim, 3), Vec::<String>::new());
    assert_clean(&sim);
}

#[test]
fn a_lower_pod_being_replaced_holds_back_scale_down() {
    // Pins §1.4: scale-down waits while an in-range pod is not Running and Ready.
    let mut sim = tutorial_running(25, 3);
    let from = mark(&sim);
    delete(&mut sim, Kind::Pod, "web-0");
    scale(&mut sim, "web", 2);
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    let web0_back = index_of(&lines, "new web-0 ready", |l| {
        l.name == "web-0" && l.text == "web-0: container started and Ready (no readiness probe)"
    });
    let web2_deleted = index_of(&lines, "web-2 scaled away", |l| {
        is_pod(l, "web-2", Change::Deleting)
    });
    assert!(web0_back < web2_deleted, "{}", dump(&lines));
    assert_eq!(pods_named(&sim, "web-"), ["web-0", "web-1"]);
    assert_clean(&sim);
}

#[test]
fn a_claim_being_deleted_holds_back_its_pod_until_it_is_gone() {
    // Pins §1.2: no pod is created on a Terminating claim; a fresh claim follows once it is gone.
    let mut sim = tutorial_running(26, 2);
    // A second pod mounts www-web-1, so the claim outlives web-1 (pvc-protection).
    let reader = "apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: nginx
    image: nginx:1.19.0
    volumeMounts:
    - name: www
      mountPath: /data
  volumes:
  - name: www
    persistentVolumeClaim:
      claimName: www-web-1
";
    apply(&mut sim, reader);
    settle(&mut sim);
    assert!(ready(&sim, "reader"));
    let old_claim = sim.cluster().pvcs[&key("www-web-1")].meta.uid.clone();
    delete(&mut sim, Kind::PersistentVolumeClaim, "www-web-1");
    delete(&mut sim, Kind::Pod, "web-1");
    // The failed sync is retried with back-off while the reader holds the claim, so the
    // cluster does not go idle: run ten virtual minutes instead.
    run_ms(&mut sim, 600_000);
    assert!(pod(&sim, "web-1").is_none(), "web-1 waits for the claim");
    assert!(sim.cluster().pvcs[&key("www-web-1")]
        .meta
        .deleting
        .is_some());
    let sts_uid = sim.cluster().stateful_sets[&key("web")].meta.uid.clone();
    let failed: Vec<(&str, u32)> = events(&sim, "FailedCreate")
        .into_iter()
        .filter(|e| e.uid == sts_uid)
        .map(|e| (e.message.as_str(), e.count))
        .collect();
    // One Event, counted: the first attempt once web-1 is gone, then the work queue's retries
    // 5ms·(2^k − 1) after it; 16 of them fit in the ~570 s left of the ten minutes.
    assert_eq!(
        failed,
        [(
            "create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted",
            17
        )]
    );
    index_of(&trace(&sim), "the claim wait", |l| {
        l.text == "web-1 waits: claim www-web-1 is being deleted"
    });
    delete(&mut sim, Kind::Pod, "reader");
    settle(&mut sim);
    assert!(ready(&sim, "web-1"));
    let claim = &sim.cluster().pvcs[&key("www-web-1")];
    assert_ne!(claim.meta.uid, old_claim);
    assert_eq!(claim.phase, ClaimPhase::Bound);
    assert_clean(&sim);
}

// ----- updates -----------------------------------------------------------------------------

#[test]
fn a_rolling_update_replaces_pods_highest_ordinal_first_one_at_a_time() {
    // Pins §1.3 step 10 / §1.6: one pod at a time, highest ordinal first, each waits for Ready.
    let mut sim = tutorial_running(9, 3);
    let (old_rev, _) = revisions(&sim);
    let from = mark(&sim);
    set_image(&mut sim, "nginx:1.20.0");
    let mut worst = 0;
    settle_checking(&mut sim, |s| worst = worst.max(unavailable(s, 3).len()));
    assert_eq!(worst, 1, "exactly one pod at a time is down");
    let lines = trace_since(&sim, from);
    assert_eq!(updated_pods(&lines), ["web-2", "web-1", "web-0"]);
    let deleted_at = |p: &str| {
        time_of(&lines, p, |l| {
            l.name == p && l.change == Change::Deleting && l.text.contains("rolling update")
        })
    };
    let ready_at = |p: &str| the_pod(&sim, p).status.ready_since.unwrap();
    assert!(deleted_at("web-1") >= ready_at("web-2"));
    assert!(deleted_at("web-0") >= ready_at("web-1"));
    let (current, update) = revisions(&sim);
    assert_ne!(update, old_rev);
    assert_eq!(
        current, update,
        "currentRevision becomes updateRevision when done"
    );
    for p in ["web-0", "web-1", "web-2"] {
        assert_eq!(the_pod(&sim, p).image(), "nginx:1.20.0");
        assert_eq!(label(&sim, p, REVISION), Some(update.as_str()));
    }
    index_of(&lines, "rollout done", |l| {
        l.text == format!("rollout complete: every pod runs revision {update}")
    });
    let deleted: Vec<&str> = events(&sim, "SuccessfulDelete")
        .into_iter()
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        deleted,
        [
            "delete Pod web-2 in StatefulSet web successful",
            "delete Pod web-1 in StatefulSet web successful",
            "delete Pod web-0 in StatefulSet web successful"
        ]
    );
    assert_clean(&sim);
}

#[test]
fn rollout_restart_replaces_every_pod_in_reverse_ordinal_order() {
    // Pins kubectl rollout restart on a StatefulSet: a template change rolled like any other.
    let mut sim = tutorial_running(10, 2);
    let before: Vec<String> = ["web-0", "web-1"]
        .iter()
        .map(|p| the_pod(&sim, p).meta.uid.clone())
        .collect();
    let from = mark(&sim);
    let out = sim.exec(Command::RolloutRestart {
        kind: Kind::StatefulSet,
        key: key("web"),
    });
    assert_eq!(out, Outcome::Done);
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert_eq!(updated_pods(&lines), ["web-1", "web-0"]);
    assert_eq!(created_pods(&lines, "web-"), ["web-1", "web-0"]);
    for (p, old) in ["web-0", "web-1"].iter().zip(&before) {
        assert_ne!(&the_pod(&sim, p).meta.uid, old);
        assert!(the_pod(&sim, p)
            .meta
            .annotations
            .contains_key("kubectl.kubernetes.io/restartedAt"));
    }
    let (current, update) = revisions(&sim);
    assert_eq!(current, update);
    assert_clean(&sim);
}

#[test]
fn a_partition_keeps_lower_ordinals_on_the_old_revision() {
    // Pins rollingUpdate.partition (§1.6): only ordinals ≥ partition move to the new revision.
    let partitioned = tutorial_with(&[(
        "replicas: 2",
        "replicas: 3\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 1",
    )]);
    let mut sim = sim(11);
    apply(&mut sim, &partitioned);
    settle(&mut sim);
    let (old_rev, _) = revisions(&sim);
    let from = mark(&sim);
    set_image(&mut sim, "nginx:1.20.0");
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert_eq!(updated_pods(&lines), ["web-2", "web-1"]);
    let (current, update) = revisions(&sim);
    assert_eq!(current, old_rev, "a partitioned rollout is not complete");
    assert_ne!(update, old_rev);
    assert_eq!(the_pod(&sim, "web-0").image(), "nginx:1.19.0");
    assert_eq!(label(&sim, "web-0", REVISION), Some(old_rev.as_str()));
    for p in ["web-1", "web-2"] {
        assert_eq!(the_pod(&sim, p).image(), "nginx:1.20.0");
        assert_eq!(label(&sim, p, REVISION), Some(update.as_str()));
    }
    // A deleted pod below the partition comes back on the current (old) revision.
    delete(&mut sim, Kind::Pod, "web-0");
    settle(&mut sim);
    assert_eq!(the_pod(&sim, "web-0").image(), "nginx:1.19.0");
    assert_eq!(label(&sim, "web-0", REVISION), Some(old_rev.as_str()));
    // The file now says partition 0 and the new image (apply sets every field the file sets).
    let from = mark(&sim);
    apply(
        &mut sim,
        &partitioned
            .replace("partition: 1", "partition: 0")
            .replace("image: nginx:1.19.0", "image: nginx:1.20.0"),
    );
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert_eq!(updated_pods(&lines), ["web-0"]);
    assert_eq!(the_pod(&sim, "web-0").image(), "nginx:1.20.0");
    assert_eq!(revisions(&sim), (update.clone(), update));
    assert_clean(&sim);
}

#[test]
fn on_delete_replaces_nothing_until_the_user_deletes_a_pod() {
    // Pins updateStrategy OnDelete (§1.6): only a pod the user deletes gets the new template.
    let mut sim = sim(12);
    apply(
        &mut sim,
        &tutorial_with(&[(
            "replicas: 2",
            "replicas: 2\n  updateStrategy:\n    type: OnDelete",
        )]),
    );
    settle(&mut sim);
    let (old_rev, _) = revisions(&sim);
    let from = mark(&sim);
    set_image(&mut sim, "nginx:1.20.0");
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert!(deleting_pods(&lines, "web-").is_empty(), "{}", dump(&lines));
    let (current, update) = revisions(&sim);
    assert_eq!(current, old_rev);
    assert_ne!(update, old_rev);
    for p in ["web-0", "web-1"] {
        assert_eq!(the_pod(&sim, p).image(), "nginx:1.19.0");
    }
    delete(&mut sim, Kind::Pod, "web-0");
    settle(&mut sim);
    assert_eq!(the_pod(&sim, "web-0").image(), "nginx:1.20.0");
    assert_eq!(label(&sim, "web-0", REVISION), Some(update.as_str()));
    assert_eq!(the_pod(&sim, "web-1").image(), "nginx:1.19.0");
    assert_eq!(
        revisions(&sim).0,
        old_rev,
        "web-1 still runs the old revision"
    );
    delete(&mut sim, Kind::Pod, "web-1");
    settle(&mut sim);
    assert_eq!(the_pod(&sim, "web-1").image(), "nginx:1.20.0");
    // `completeRollingUpdate` moves currentRevision for RollingUpdate only: an OnDelete set keeps
    // reporting the old one.
    assert_eq!(revisions(&sim), (old_rev.clone(), update));
    assert_clean(&sim);
}

// ----- claim retention ---------------------------------------------------------------------

#[test]
fn when_scaled_delete_removes_the_claims_of_scaled_down_pods_only() {
    // Pins retention whenScaled: Delete (§1.2): a scaled-down pod's claim goes with it.
    let mut sim = sim(13);
    apply(
        &mut sim,
        &tutorial_with(&[(
            "replicas: 2",
            "replicas: 3\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete",
        )]),
    );
    settle(&mut sim);
    // Deleting a pod (not a scale-down) never deletes its claim.
    let claim_uid = sim.cluster().pvcs[&key("www-web-2")].meta.uid.clone();
    delete(&mut sim, Kind::Pod, "web-2");
    settle(&mut sim);
    assert_eq!(sim.cluster().pvcs[&key("www-web-2")].meta.uid, claim_uid);
    assert_eq!(claims(&sim).len(), 3);
    // In-range claims have no owner.
    assert!(sim
        .cluster()
        .pvcs
        .values()
        .all(|c| c.meta.owners.is_empty()));

    scale(&mut sim, "web", 1);
    settle(&mut sim);
    assert_eq!(pods_named(&sim, "web-"), ["web-0"]);
    assert_eq!(claims(&sim), ["www-web-0"]);
    assert_eq!(
        sim.cluster().pvs.len(),
        1,
        "reclaim Delete removed their volumes"
    );
    // Scaling up again makes fresh claims.
    scale(&mut sim, "web", 2);
    settle(&mut sim);
    assert_eq!(claims(&sim), ["www-web-0", "www-web-1"]);
    assert_eq!(claim_phase(&sim, "www-web-1"), Some(ClaimPhase::Bound));
    // whenDeleted is Retain: deleting the set keeps the claims.
    delete(&mut sim, Kind::StatefulSet, "web");
    settle(&mut sim);
    assert!(pods_named(&sim, "web-").is_empty());
    assert_eq!(claims(&sim), ["www-web-0", "www-web-1"]);
    assert_clean(&sim);
}

#[test]
fn scaling_back_up_before_a_scaled_down_claim_is_collected_waits_for_a_fresh_claim() {
    // Pins PodClaimIsStale (§1.2): no pod is put on a claim the garbage collector will delete.
    // Whether the controller sees the stale claim depends on timing, so several seeds run; at
    // least one must meet it and every one must end on a fresh claim.
    let mut met_stale = 0;
    for seed in 21..41 {
        let mut sim = sim(seed);
        apply(
            &mut sim,
            &tutorial_with(&[(
                "replicas: 2",
                "replicas: 3\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete",
            )]),
        );
        settle(&mut sim);
        let old_claim = sim.cluster().pvcs[&key("www-web-2")].meta.uid.clone();
        let old_pod = the_pod(&sim, "web-2").meta.uid.clone();
        scale(&mut sim, "web", 2);
        run_until(&mut sim, "web-2 terminating", |s| {
            pod(s, "web-2").is_some_and(|p| p.is_terminating())
        });
        let owners = &sim.cluster().pvcs[&key("www-web-2")].meta.owners;
        assert_eq!(owners.len(), 1);
        assert_eq!(
            (owners[0].kind, owners[0].uid.as_str()),
            (Kind::Pod, old_pod.as_str())
        );
        let from = mark(&sim);
        scale(&mut sim, "web", 3);
        settle(&mut sim);
        let lines = trace_since(&sim, from);
        if find(&lines, |l| {
            l.text
                == "web-2 waits: claim www-web-2 still belongs to the old web-2 and is about to be deleted (whenScaled: Delete)"
        })
        .is_some()
        {
            met_stale += 1;
        }
        assert!(ready(&sim, "web-2"), "{}", dump(&lines));
        let claim = &sim.cluster().pvcs[&key("www-web-2")];
        assert_ne!(claim.meta.uid, old_claim, "a fresh claim");
        assert_eq!(claim.phase, ClaimPhase::Bound);
        assert!(claim.meta.deleting.is_none() && claim.meta.owners.is_empty());
        assert_eq!(sim.cluster().pvs.len(), 3);
        assert_clean(&sim);
    }
    assert!(met_stale > 0, "no seed met the stale claim");
}

#[test]
fn when_deleted_delete_removes_the_claims_with_the_statefulset() {
    // Pins whenDeleted: Delete (§1.2): claims are owned by the set and collected with it.
    let mut sim = sim(14);
    apply(
        &mut sim,
        &tutorial_with(&[(
            "replicas: 2",
            "replicas: 2\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete",
        )]),
    );
    settle(&mut sim);
    let sts_uid = sim.cluster().stateful_sets[&key("web")].meta.uid.clone();
    for c in sim.cluster().pvcs.values() {
        assert_eq!(c.meta.owners.len(), 1);
        assert_eq!(
            (c.meta.owners[0].kind, c.meta.owners[0].uid.as_str()),
            (Kind::StatefulSet, sts_uid.as_str())
        );
    }
    // Scaling down keeps the claim (whenScaled is Retain); plain pod deletion too.
    scale(&mut sim, "web", 1);
    settle(&mut sim);
    delete(&mut sim, Kind::Pod, "web-0");
    settle(&mut sim);
    assert_eq!(claims(&sim), ["www-web-0", "www-web-1"]);
    delete(&mut sim, Kind::StatefulSet, "web");
    settle(&mut sim);
    assert!(pods_named(&sim, "web-").is_empty());
    assert!(claims(&sim).is_empty());
    assert!(sim.cluster().pvs.is_empty());
    assert_clean(&sim);
}

#[test]
fn delete_for_both_retention_cases_removes_scaled_down_claims_and_the_rest_with_the_set() {
    // Pins both policies Delete (§1.2): a scaled-down claim swaps its set owner for its pod.
    let mut sim = sim(15);
    apply(
        &mut sim,
        &tutorial_with(&[(
            "replicas: 2",
            "replicas: 3\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Delete",
        )]),
    );
    settle(&mut sim);
    scale(&mut sim, "web", 1);
    settle(&mut sim);
    assert_eq!(claims(&sim), ["www-web-0"]);
    delete(&mut sim, Kind::StatefulSet, "web");
    settle(&mut sim);
    assert!(claims(&sim).is_empty());
    assert!(sim.cluster().pvs.is_empty());
    assert_clean(&sim);
}

#[test]
fn a_retention_policy_set_later_applies_to_existing_claims() {
    // Pins §1.3 step 6: claim owner references follow the current policy, not the one at creation.
    let mut sim = tutorial_running(16, 2);
    assert!(sim
        .cluster()
        .pvcs
        .values()
        .all(|c| c.meta.owners.is_empty()));
    apply(
        &mut sim,
        &tutorial_with(&[(
            "replicas: 2",
            "replicas: 2\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete",
        )]),
    );
    settle(&mut sim);
    assert!(sim
        .cluster()
        .pvcs
        .values()
        .all(|c| c.meta.owners.len() == 1));
    delete(&mut sim, Kind::StatefulSet, "web");
    settle(&mut sim);
    assert!(claims(&sim).is_empty());
    assert_clean(&sim);
}

#[test]
fn deleting_the_statefulset_removes_its_pods_all_at_once_and_keeps_the_claims() {
    // Pins §1.8 / App. A 8: background cascade by the garbage collector, not in order; Retain.
    let mut sim = tutorial_running(17, 3);
    let from = mark(&sim);
    delete(&mut sim, Kind::StatefulSet, "web");
    run_until(&mut sim, "every pod terminating", |s| {
        pods_named(s, "web-")
            .iter()
            .all(|p| the_pod(s, p).is_terminating())
    });
    let lines = trace_since(&sim, from);
    let mut deleting = deleting_pods(&lines, "web-");
    deleting.sort();
    assert_eq!(deleting, ["web-0", "web-1", "web-2"]);
    assert!(
        gone_pods(&lines, "web-").is_empty(),
        "all deleted before any is gone"
    );
    let t: Vec<_> = ["web-0", "web-1", "web-2"]
        .iter()
        .map(|p| the_pod(&sim, p).meta.deleting.unwrap())
        .collect();
    assert!(t.iter().all(|x| *x == t[0]), "deleted together: {t:?}");
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert!(
        created_pods(&lines, "web-").is_empty(),
        "nothing recreates them"
    );
    assert!(pods_named(&sim, "web-").is_empty());
    assert!(sim.cluster().stateful_sets.is_empty());
    assert_eq!(claims(&sim), ["www-web-0", "www-web-1", "www-web-2"]);
    for c in claims(&sim) {
        assert_eq!(claim_phase(&sim, &c), Some(ClaimPhase::Bound));
    }
    assert_eq!(sim.cluster().pvs.len(), 3);
    assert_clean(&sim);
}

#[test]
fn a_statefulset_applied_again_while_its_old_pods_terminate_takes_over_once_they_are_gone() {
    // Pins §1.8/§1.2: a same-named new set waits for the old pods to go, then reuses the claims.
    let mut sim = tutorial_running(27, 2);
    let old: Vec<String> = ["web-0", "web-1"]
        .iter()
        .map(|p| the_pod(&sim, p).meta.uid.clone())
        .collect();
    let volume = sim.cluster().pvcs[&key("www-web-0")]
        .spec
        .volume_name
        .clone();
    delete(&mut sim, Kind::StatefulSet, "web");
    run_until(&mut sim, "old pods terminating", |s| {
        the_pod(s, "web-0").is_terminating() && the_pod(s, "web-1").is_terminating()
    });
    apply(&mut sim, &tutorial());
    settle(&mut sim);
    let sts_uid = sim.cluster().stateful_sets[&key("web")].meta.uid.clone();
    let failed: Vec<&str> = events(&sim, "FailedCreate")
        .into_iter()
        .filter(|e| e.uid == sts_uid)
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        failed,
        ["create Pod web-0 in StatefulSet web failed error: pods \"web-0\" already exists"]
    );
    for (p, old_uid) in ["web-0", "web-1"].iter().zip(&old) {
        let pod = the_pod(&sim, p);
        assert!(pod.is_healthy(), "{p}");
        assert_ne!(&pod.meta.uid, old_uid);
        assert_eq!(
            pod.meta.controller().map(|o| o.uid.as_str()),
            Some(sts_uid.as_str())
        );
    }
    assert_eq!(
        sim.cluster().pvcs[&key("www-web-0")].spec.volume_name,
        volume
    );
    assert_eq!(claims(&sim), ["www-web-0", "www-web-1"]);
    assert_clean(&sim);
}

// ----- pod termination ---------------------------------------------------------------------

/// One stage a deleted pod went through: when (ms after the delete), Ready, exit code, phase.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    stage: Stage,
    at_ms: u64,
    ready: bool,
    exit: Option<i32>,
    phase: Phase,
}

/// Deletes `name` and records each stage its object passes through, and when it is gone.
fn delete_and_watch(sim: &mut Simulation, name: &str) -> (Vec<Seen>, u64) {
    let uid = delete(sim, Kind::Pod, name);
    let t0 = sim.now();
    let record = |s: &Simulation, seen: &mut Vec<Seen>| {
        if let Some(p) = pod(s, name).filter(|p| p.meta.uid == uid) {
            if seen.last().map(|x| x.stage) != Some(p.status.stage) {
                seen.push(Seen {
                    stage: p.status.stage,
                    at_ms: s.now().ms() - t0.ms(),
                    ready: p.is_ready(),
                    exit: p.status.exit_code,
                    phase: p.phase(),
                });
            }
        }
    };
    let mut seen = Vec::new();
    record(sim, &mut seen);
    let mut gone = None;
    settle_checking(sim, |s| {
        if gone.is_none() {
            record(s, &mut seen);
            if pod(s, name).is_none_or(|p| p.meta.uid != uid) {
                gone = Some(s.now().ms() - t0.ms());
            }
        }
    });
    (
        seen,
        gone.unwrap_or_else(|| panic!("{name} never went away")),
    )
}

fn stages(seen: &[Seen]) -> Vec<Stage> {
    seen.iter().map(|s| s.stage).collect()
}

const BUSYBOX: &str = "apiVersion: v1
kind: Pod
metadata:
  name: sleeper
spec:
  containers:
  - name: sleeper
    image: busybox:1.28
    command: [\"sleep\", \"3600\"]
";

#[test]
fn deleting_an_nginx_pod_terminates_it_within_about_a_second_with_exit_code_0() {
    // Pins §3.2/§3.3: Terminating (still Ready) → Killed (not Ready) → Exited 0 → gone, ~1 s.
    let mut sim = tutorial_running(18, 1);
    let uid = the_pod(&sim, "web-0").meta.uid.clone();
    let (seen, gone) = delete_and_watch(&mut sim, "web-0");
    assert_eq!(
        stages(&seen),
        [Stage::Terminating, Stage::Killed, Stage::Exited]
    );
    assert!(
        seen[0].ready && seen[0].at_ms == 0,
        "1/1 Terminating first: {seen:?}"
    );
    assert!(!seen[1].ready, "0/1 once the kubelet acts");
    assert_eq!((seen[2].exit, seen[2].phase), (Some(0), Phase::Succeeded));
    // Kill notice (≤150 ms) + nginx's quick stop (≤1 s) + removal (≤300 ms).
    assert!(
        (200..=1_450).contains(&gone),
        "gone after {gone} ms: {seen:?}"
    );
    let killing: Vec<&str> = events(&sim, "Killing")
        .into_iter()
        .filter(|e| e.uid == uid)
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(killing, ["Stopping container nginx"]);
    assert_clean(&sim);
}

#[test]
fn deleting_a_busybox_pod_takes_the_30_second_grace_period_and_exits_137() {
    // Pins §3.3: a sleep as PID 1 ignores SIGTERM and is SIGKILLed at the end of the grace period.
    let mut sim = sim(19);
    apply(&mut sim, BUSYBOX);
    settle(&mut sim);
    assert!(ready(&sim, "sleeper"));
    let (seen, gone) = delete_and_watch(&mut sim, "sleeper");
    assert_eq!(
        stages(&seen),
        [Stage::Terminating, Stage::Killed, Stage::Exited]
    );
    assert_eq!(seen[2].at_ms - seen[1].at_ms, 30_000, "{seen:?}");
    assert_eq!((seen[2].exit, seen[2].phase), (Some(137), Phase::Failed));
    assert!((30_000..=30_500).contains(&gone), "gone after {gone} ms");
    assert_clean(&sim);
}

#[test]
fn a_shorter_grace_period_cuts_the_wait_for_a_stubborn_container() {
    // Pins terminationGracePeriodSeconds (§3.3): the SIGKILL comes after the pod's own grace.
    let mut sim = sim(20);
    apply(
        &mut sim,
        &BUSYBOX.replace(
            "  containers:",
            "  terminationGracePeriodSeconds: 5\n  containers:",
        ),
    );
    settle(&mut sim);
    let (seen, _) = delete_and_watch(&mut sim, "sleeper");
    assert_eq!(
        stages(&seen),
        [Stage::Terminating, Stage::Killed, Stage::Exited]
    );
    assert_eq!(seen[2].at_ms - seen[1].at_ms, 5_000, "{seen:?}");
    assert_eq!(seen[2].exit, Some(137));
    assert_clean(&sim);
}

#[test]
fn min_ready_seconds_holds_the_next_pod_until_the_previous_has_been_ready_long_enough() {
    // Pins §1.5: OrderedReady waits for availability (Ready for minReadySeconds), not just Ready.
    let mut sim = sim(22);
    let from = mark(&sim);
    apply(
        &mut sim,
        &tutorial_with(&[("replicas: 2", "replicas: 2\n  minReadySeconds: 10")]),
    );
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    assert_eq!(
        created_pods(&lines, "web-"),
        ["web-0", "web-1"],
        "{}",
        dump(&lines)
    );
    let ready0 = the_pod(&sim, "web-0").status.ready_since.unwrap();
    let created1 = the_pod(&sim, "web-1").meta.created;
    assert!(
        created1.ms() >= ready0.ms() + 10_000,
        "{created1} vs {ready0}"
    );
    assert!(
        created1.ms() <= ready0.ms() + 10_500,
        "not long after: {created1} vs {ready0}"
    );
    index_of(&lines, "the availability wait", |l| {
        l.text == "web-1 waits: web-0 is Ready but not yet for minReadySeconds"
    });
    assert_clean(&sim);
}

#[test]
fn the_first_pull_of_an_image_is_slower_than_a_start_from_the_cached_image() {
    // Pins §3.5: ContainerCreating lasts 5–20 s for web-0 (first pull of nginx on the node) and
    // 1–3 s for web-1 (image already present), with the kubelet's events saying which.
    let mut sim = sim(4);
    apply(&mut sim, &tutorial());
    settle(&mut sim);
    let creating_ms = |name: &str| {
        let p = the_pod(&sim, name);
        p.status.started_at.unwrap().ms() - p.status.scheduled_at.unwrap().ms()
    };
    assert!(creating_ms("web-0") >= 5_000, "{}", creating_ms("web-0"));
    assert!(creating_ms("web-1") <= 3_300, "{}", creating_ms("web-1"));
    let events = |name: &str| -> Vec<String> {
        let uid = the_pod(&sim, name).meta.uid.clone();
        sim.events()
            .about(&uid)
            .map(|e| format!("{} {}", e.reason, e.message))
            .collect()
    };
    assert!(events("web-0").contains(&"Pulling Pulling image \"nginx:1.19.0\"".to_string()));
    assert!(events("web-1").contains(
        &"Pulled Container image \"nginx:1.19.0\" already present on machine".to_string()
    ));
    assert_clean(&sim);
}
