#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Scenario tests pinning storage on minikube: claims, classes, the hostpath provisioner,
//! protection finalizers and reclaim policies (`shared/k8s-reference.md` §1.10, §7).

mod common;

use common::engine::*;
use podplay::engine::cluster::{ClaimPhase, VolumePhase};
use podplay::engine::lifecycle::Stage;
use podplay::engine::trace::{Change, EventType};
use podplay::engine::Simulation;
use podplay::manifest::objects::Kind;

const CLAIM: &str = "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [\"ReadWriteOnce\"]
  resources:
    requests:
      storage: 2Gi
";

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: nginx
    image: nginx:1.19.0
    volumeMounts:
    - name: data
      mountPath: /usr/share/nginx/html
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
";

fn class(name: &str, extra: &str) -> String {
    format!(
        "apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: {name}
provisioner: k8s.io/minikube-hostpath
{extra}"
    )
}

fn claim_of_class(class: &str) -> String {
    CLAIM.replace("spec:\n", &format!("spec:\n  storageClassName: {class}\n"))
}

fn volume_of(sim: &Simulation, claim: &str) -> String {
    sim.cluster().pvcs[&key(claim)]
        .spec
        .volume_name
        .clone()
        .unwrap_or_else(|| panic!("{claim} has no volume"))
}

/// Messages of the Events with `reason` about the object with `uid`.
fn messages(sim: &Simulation, reason: &str, uid: &str) -> Vec<String> {
    events(sim, reason)
        .into_iter()
        .filter(|e| e.uid == uid)
        .map(|e| e.message.clone())
        .collect()
}

#[test]
fn a_claim_without_a_class_gets_the_default_standard_class_and_a_hostpath_volume() {
    // Pins §7.1-§7.3: DefaultStorageClass admission, pvc-<uid>, capacity as requested, events.
    let mut sim = sim(31);
    apply(&mut sim, CLAIM);
    settle(&mut sim);
    let c = &sim.cluster().pvcs[&key("data")];
    assert_eq!(c.spec.storage_class_name.as_deref(), Some("standard"));
    assert_eq!(c.phase, ClaimPhase::Bound);
    assert_eq!(c.capacity.as_deref(), Some("2Gi"));
    let vol = format!("pvc-{}", c.meta.uid);
    assert_eq!(volume_of(&sim, "data"), vol);
    let pv = &sim.cluster().pvs[&vol];
    assert_eq!(
        (pv.capacity.as_str(), pv.reclaim_policy.as_str(), pv.phase),
        ("2Gi", "Delete", VolumePhase::Bound)
    );
    assert_eq!(pv.host_path, "/tmp/hostpath-provisioner/default/data");
    let uid = c.meta.uid.clone();
    let reasons: Vec<&str> = sim
        .events()
        .about(&uid)
        .map(|e| e.reason.as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "ExternalProvisioning",
            "Provisioning",
            "ProvisioningSucceeded"
        ]
    );
    assert_eq!(
        messages(&sim, "Provisioning", &uid),
        ["External provisioner is provisioning volume for claim \"default/data\""]
    );
    assert_eq!(
        messages(&sim, "ProvisioningSucceeded", &uid),
        [format!("Successfully provisioned volume {vol}")]
    );
    assert_clean(&sim);
}

#[test]
fn a_claim_naming_a_missing_class_stays_pending_until_the_class_is_created() {
    // Pins §7.3: a missing class fails provisioning and holds the pod until the class exists.
    let mut sim = sim(32);
    apply(&mut sim, &format!("{}---\n{POD}", claim_of_class("fast")));
    run_ms(&mut sim, 10_000);
    let c = &sim.cluster().pvcs[&key("data")];
    assert_eq!(c.phase, ClaimPhase::Pending);
    assert!(c.spec.volume_name.is_none());
    let failed: Vec<(EventType, String)> = events(&sim, "ProvisioningFailed")
        .into_iter()
        .filter(|e| e.uid == c.meta.uid)
        .map(|e| (e.type_, e.message.clone()))
        .collect();
    assert_eq!(
        failed,
        [(
            EventType::Warning,
            "storageclass.storage.k8s.io \"fast\" not found".to_string()
        )]
    );
    let app = the_pod(&sim, "app");
    assert_eq!(app.status.stage, Stage::Pending);
    assert!(app.spec.node_name.is_none());
    let sched = messages(&sim, "FailedScheduling", &app.meta.uid);
    assert_eq!(
        sched,
        ["0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."]
    );
    index_of(&trace(&sim), "why the claim waits", |l| {
        l.name == "data"
            && l.change == Change::Waiting
            && l.text == "data stays Pending: storageclass.storage.k8s.io \"fast\" not found"
    });
    assert!(sim.cluster().pvs.is_empty());

    apply(&mut sim, &class("fast", "reclaimPolicy: Retain\n"));
    settle(&mut sim);
    assert_eq!(claim_phase(&sim, "data"), Some(ClaimPhase::Bound));
    let pv = &sim.cluster().pvs[&volume_of(&sim, "data")];
    assert_eq!(
        (pv.storage_class.as_str(), pv.reclaim_policy.as_str()),
        ("fast", "Retain")
    );
    assert!(ready(&sim, "app"));
    assert_eq!(
        the_pod(&sim, "app").spec.node_name.as_deref(),
        Some("minikube")
    );
    assert_clean(&sim);
}

#[test]
fn a_pod_naming_a_claim_that_does_not_exist_is_not_scheduled() {
    // Pins the scheduler's volume check: a missing claim keeps the pod Pending.
    let mut sim = sim(33);
    apply(&mut sim, POD);
    run_ms(&mut sim, 5_000);
    let app = the_pod(&sim, "app");
    assert_eq!(app.status.stage, Stage::Pending);
    assert_eq!(
        messages(&sim, "FailedScheduling", &app.meta.uid),
        ["0/1 nodes are available: persistentvolumeclaim \"data\" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."]
    );
    apply(&mut sim, CLAIM);
    settle(&mut sim);
    assert!(ready(&sim, "app"));
    assert_clean(&sim);
}

#[test]
fn wait_for_first_consumer_binds_only_once_a_pod_using_the_claim_is_scheduled() {
    // Pins §7.3 WaitForFirstConsumer: the claim waits for a consumer; then it is provisioned.
    let mut sim = sim(34);
    apply(
        &mut sim,
        &format!(
            "{}---\n{}",
            class("late", "volumeBindingMode: WaitForFirstConsumer\n"),
            claim_of_class("late")
        ),
    );
    run_ms(&mut sim, 10_000);
    let c = &sim.cluster().pvcs[&key("data")];
    assert_eq!(c.phase, ClaimPhase::Pending);
    assert_eq!(
        messages(&sim, "WaitForFirstConsumer", &c.meta.uid),
        ["waiting for first consumer to be created before binding"]
    );
    assert!(sim.cluster().pvs.is_empty());
    apply(&mut sim, POD);
    settle(&mut sim);
    assert_eq!(claim_phase(&sim, "data"), Some(ClaimPhase::Bound));
    assert!(ready(&sim, "app"));
    let app = the_pod(&sim, "app");
    assert!(messages(&sim, "FailedScheduling", &app.meta.uid).is_empty());
    assert_clean(&sim);
}

#[test]
fn deleting_a_claim_in_use_leaves_it_terminating_until_its_pod_is_gone() {
    // Pins kubernetes.io/pvc-protection (§7.3): the claim and its volume go only after the pod.
    let mut sim = sim(35);
    apply(&mut sim, &format!("{CLAIM}---\n{POD}"));
    settle(&mut sim);
    assert!(ready(&sim, "app"));
    let vol = volume_of(&sim, "data");
    write(
        &mut sim,
        "app",
        "/usr/share/nginx/html/index.html",
        "kept\n",
    );
    delete(&mut sim, Kind::PersistentVolumeClaim, "data");
    settle(&mut sim);
    let c = &sim.cluster().pvcs[&key("data")];
    assert!(c.meta.deleting.is_some(), "Terminating");
    assert_eq!(c.phase, ClaimPhase::Bound);
    assert_eq!(sim.cluster().pvs[&vol].phase, VolumePhase::Bound);
    assert!(ready(&sim, "app"), "the pod keeps running on its volume");
    assert_eq!(
        sim.read_file(&key("app"), "/usr/share/nginx/html/index.html")
            .unwrap(),
        "kept\n"
    );
    index_of(&trace(&sim), "the protection note", |l| {
        l.text == "data stays Terminating while a pod uses it (kubernetes.io/pvc-protection)"
    });

    let from = mark(&sim);
    delete(&mut sim, Kind::Pod, "app");
    settle(&mut sim);
    let lines = trace_since(&sim, from);
    let pod_gone = index_of(&lines, "app gone", |l| {
        l.name == "app" && l.change == Change::Deleted
    });
    let claim_gone = index_of(&lines, "data gone", |l| {
        l.kind == Kind::PersistentVolumeClaim && l.change == Change::Deleted
    });
    let pv_gone = index_of(&lines, "volume gone", |l| {
        l.kind == Kind::PersistentVolume && l.change == Change::Deleted
    });
    assert!(
        pod_gone < claim_gone && claim_gone < pv_gone,
        "{}",
        dump(&lines)
    );
    assert!(claims(&sim).is_empty());
    assert!(sim.cluster().pvs.is_empty());
    assert_clean(&sim);
}

#[test]
fn a_new_pod_cannot_use_a_claim_that_is_being_deleted() {
    // Pins §7.3: a Terminating claim is not mounted by a new pod (FailedScheduling names it).
    let mut sim = sim(36);
    apply(&mut sim, &format!("{CLAIM}---\n{POD}"));
    settle(&mut sim);
    delete(&mut sim, Kind::PersistentVolumeClaim, "data");
    apply(&mut sim, &POD.replace("name: app", "name: late"));
    run_ms(&mut sim, 5_000);
    let late = the_pod(&sim, "late");
    assert_eq!(late.status.stage, Stage::Pending);
    assert_eq!(
        messages(&sim, "FailedScheduling", &late.meta.uid),
        ["0/1 nodes are available: persistentvolumeclaim \"data\" is being deleted. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."]
    );
    assert!(sim.cluster().pvcs[&key("data")].meta.deleting.is_some());
    assert_clean(&sim);
}

#[test]
fn deleting_a_bound_standard_claim_deletes_its_volume() {
    // Pins §7.3/§7.4: the standard class reclaims with Delete, so the PV goes with the claim.
    let mut sim = sim(37);
    apply(&mut sim, CLAIM);
    settle(&mut sim);
    let vol = volume_of(&sim, "data");
    let from = mark(&sim);
    delete(&mut sim, Kind::PersistentVolumeClaim, "data");
    assert!(claims(&sim).is_empty(), "an unused claim goes at once");
    assert!(!sim.cluster().pvs.contains_key(&vol));
    let lines = trace_since(&sim, from);
    index_of(&lines, "reclaimed", |l| {
        l.text == format!("{vol} deleted with claim data (reclaimPolicy Delete)")
    });
    settle(&mut sim);
    assert_clean(&sim);
}

#[test]
fn deleting_a_claim_of_a_retain_class_releases_its_volume_and_keeps_the_data() {
    // Pins §7.3: reclaimPolicy Retain leaves the PV Released with its contents.
    let mut sim = sim(38);
    apply(
        &mut sim,
        &format!(
            "{}---\n{}---\n{}",
            class("keep", "reclaimPolicy: Retain\n"),
            claim_of_class("keep"),
            POD
        ),
    );
    settle(&mut sim);
    write(
        &mut sim,
        "app",
        "/usr/share/nginx/html/index.html",
        "precious\n",
    );
    let vol = volume_of(&sim, "data");
    delete(&mut sim, Kind::Pod, "app");
    delete(&mut sim, Kind::PersistentVolumeClaim, "data");
    settle(&mut sim);
    assert!(claims(&sim).is_empty());
    let pv = &sim.cluster().pvs[&vol];
    assert_eq!(pv.phase, VolumePhase::Released);
    assert_eq!(
        pv.data.get("index.html").map(String::as_str),
        Some("precious\n")
    );
    // A Released volume is not bound again by a new claim of the class.
    apply(&mut sim, &claim_of_class("keep"));
    settle(&mut sim);
    assert_ne!(volume_of(&sim, "data"), vol);
    assert_eq!(sim.cluster().pvs[&vol].phase, VolumePhase::Released);
    assert_clean(&sim);
}

#[test]
fn a_statefulset_template_without_containers_fails_to_create_its_pod_with_an_event() {
    // Pins §1.10: the set is accepted; its pod fails with FailedCreate (after its claim, §1.2).
    let mut sim = sim(39);
    let text = tutorial_with(&[(
        "      containers:\n      - name: nginx\n        image: nginx:1.19.0\n        ports:\n        - containerPort: 80\n          name: web\n        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html # 볼륨을 마운트할 경로\n",
        "      containers: []\n",
    )]);
    let results = apply(&mut sim, &text);
    assert_eq!(results.len(), 2);
    settle(&mut sim);
    assert!(pods_named(&sim, "web-").is_empty());
    let sts_uid = sim.cluster().stateful_sets[&key("web")].meta.uid.clone();
    let failed: Vec<(EventType, String)> = events(&sim, "FailedCreate")
        .into_iter()
        .filter(|e| e.uid == sts_uid)
        .map(|e| (e.type_, e.message.clone()))
        .collect();
    assert_eq!(
        failed,
        [(
            EventType::Warning,
            "create Pod web-0 in StatefulSet web failed error: Pod \"web-0\" is invalid: spec.containers: Required value".to_string()
        )]
    );
    assert_eq!(claims(&sim), ["www-web-0"]);
    assert!(messages(&sim, "SuccessfulCreate", &sts_uid)
        .iter()
        .all(|m| m.starts_with("create Claim")));
    assert_clean(&sim);
}

#[test]
fn a_claim_binds_to_a_matching_static_volume_without_provisioning() {
    // Pins §7.3 binding: an Available PV of the claim's class and size is used as is.
    let mut sim = sim(40);
    let pv = "apiVersion: v1
kind: PersistentVolume
metadata:
  name: manual-1
spec:
  storageClassName: manual
  capacity:
    storage: 5Gi
  accessModes: [\"ReadWriteOnce\"]
  hostPath:
    path: /data/manual-1
";
    apply(&mut sim, pv);
    settle(&mut sim);
    assert_eq!(sim.cluster().pvs["manual-1"].phase, VolumePhase::Available);
    apply(&mut sim, &claim_of_class("manual"));
    settle(&mut sim);
    assert_eq!(volume_of(&sim, "data"), "manual-1");
    let c = &sim.cluster().pvcs[&key("data")];
    assert_eq!(
        (c.phase, c.capacity.as_deref()),
        (ClaimPhase::Bound, Some("5Gi"))
    );
    assert_eq!(sim.cluster().pvs["manual-1"].phase, VolumePhase::Bound);
    assert_eq!(sim.cluster().pvs.len(), 1, "nothing was provisioned");
    assert!(events(&sim, "Provisioning").is_empty());
    assert_clean(&sim);
}

#[test]
fn a_claim_grows_only_when_bound_and_its_class_allows_expansion() {
    // Pins the apiserver's PVC update rules: the PersistentVolumeClaimResize admission plugin
    // refuses growth under a class without allowVolumeExpansion, validation refuses going
    // below status.capacity, and a class that allows expansion takes the larger request.
    let mut s = sim(11);
    let claim = |class: &str, size: &str| {
        format!(
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data-{class}\nspec:\n  storageClassName: {class}\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: {size}\n"
        )
    };
    apply(
        &mut s,
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: growing\nprovisioner: k8s.io/minikube-hostpath\nallowVolumeExpansion: true\n",
    );
    apply(&mut s, &claim("standard", "1Gi"));
    apply(&mut s, &claim("growing", "1Gi"));
    settle(&mut s);
    let result = |s: &mut Simulation, text: &str| match s.exec(podplay::engine::Command::Apply {
        objects: objects(text),
        mode: podplay::engine::ApplyMode::Apply,
    }) {
        podplay::engine::Outcome::Applied(r) => r[0].result.clone().map_err(|e| e.message()),
        other => panic!("{other:?}"),
    };
    let refused = result(&mut s, &claim("standard", "2Gi"));
    assert_eq!(refused, Err("Error from server (Forbidden): persistentvolumeclaims \"data-standard\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize".to_string()));
    let shrink = result(&mut s, &claim("growing", "500Mi"));
    assert_eq!(shrink, Err("The PersistentVolumeClaim \"data-growing\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity".to_string()));
    assert!(result(&mut s, &claim("growing", "2Gi")).is_ok());
    assert_eq!(
        s.cluster()
            .pvcs
            .get(&key("data-growing"))
            .map(|c| c.request()),
        Some("2Gi".to_string())
    );
    assert_clean(&s);
}
