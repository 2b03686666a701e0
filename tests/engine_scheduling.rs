#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Scenario tests pinning kube-scheduler's filters on minikube: resource requests against
//! allocatable, nodeSelector, node affinity, pod anti-affinity, taints and tolerations, and the
//! FailedScheduling text a pod that fits nowhere gets.

mod common;

use std::collections::BTreeSet;

use common::engine::*;
use podplay::engine::cluster::Phase;
use podplay::engine::{Config, Simulation};
use podplay::manifest::objects::{Kind, Taint};

const ZOOKEEPER: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/examples/zookeeper.yaml"
));

/// A booted minikube of `n` nodes (`minikube start --nodes n`), invariants checked.
fn cluster(n: usize) -> Simulation {
    Simulation::new(Config::minikube_nodes(7, n).with_invariants())
}

/// zookeeper.yaml without its PodDisruptionBudget (a kind podplay does not store).
fn zookeeper() -> String {
    ZOOKEEPER
        .split("\n---")
        .filter(|doc| !doc.contains("kind: PodDisruptionBudget"))
        .collect::<Vec<_>>()
        .join("\n---")
}

/// zookeeper.yaml as the tutorial means it: this revision labels the pods
/// `app.kubernetes.io/name: zk` but its anti-affinity rule still selects `app In (zk)`, a label
/// no pod carries, so the rule as shipped keeps nothing apart. Here the rule selects the label
/// the pods have.
fn zookeeper_spread() -> String {
    let text = zookeeper();
    let from = "- key: \"app\"\n";
    assert!(text.contains(from), "zookeeper.yaml changed");
    text.replace(from, "- key: \"app.kubernetes.io/name\"\n")
}

/// The messages of `reason` events about pod `name`, oldest first.
fn pod_events(sim: &Simulation, name: &str, reason: &str) -> Vec<String> {
    events(sim, reason)
        .into_iter()
        .filter(|e| e.object.kind == Kind::Pod && e.object.key.name == name)
        .map(|e| e.message.clone())
        .collect()
}

fn node_of(sim: &Simulation, name: &str) -> Option<String> {
    the_pod(sim, name).spec.node_name.clone()
}

/// A bare pod running nginx with `spec` lines added under `spec:` (indented by two).
fn pod_with(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels:\n    app: {name}\nspec:\n{spec}  containers:\n  - name: nginx\n    image: nginx:1.27\n"
    )
}

fn pod_requesting(name: &str, cpu: &str, memory: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: \"{cpu}\"\n        memory: {memory}\n"
    )
}

#[test]
fn zookeeper_as_shipped_fills_one_node_until_cpu_runs_out() {
    // Its anti-affinity rule matches no pod, so only the requests (500m cpu, 1Gi each) count:
    // the system pods leave 1250m of the node's 2 CPUs, enough for two replicas.
    let mut sim = cluster(1);
    apply(&mut sim, &zookeeper());
    run_until(&mut sim, "zk-2 unschedulable", |s| {
        pod(s, "zk-2").is_some_and(|p| p.status.unschedulable.is_some())
    });
    run_ms(&mut sim, 60_000);
    for p in ["zk-0", "zk-1"] {
        assert!(ready(&sim, p), "{p}");
        assert_eq!(node_of(&sim, p).as_deref(), Some("minikube"));
    }
    assert_eq!(node_of(&sim, "zk-2"), None);
    let want = "0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    let failed = pod_events(&sim, "zk-2", "FailedScheduling");
    assert_eq!(failed.last().map(String::as_str), Some(want), "{failed:?}");
}

#[test]
fn zookeeper_on_one_node_keeps_zk_1_pending_and_never_creates_zk_2() {
    let mut sim = cluster(1);
    apply(&mut sim, &zookeeper_spread());
    run_until(&mut sim, "zk-0 ready", |s| ready(s, "zk-0"));
    run_ms(&mut sim, 60_000);
    assert!(ready(&sim, "zk-0"));
    assert_eq!(the_pod(&sim, "zk-0").phase(), Phase::Running);
    assert_eq!(node_of(&sim, "zk-0").as_deref(), Some("minikube"));
    let zk1 = the_pod(&sim, "zk-1");
    assert_eq!(zk1.phase(), Phase::Pending);
    assert_eq!(zk1.spec.node_name, None);
    let want = "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    assert_eq!(zk1.status.unschedulable.as_deref(), Some(want));
    // Before its claim bound, zk-1 waited for the volume; then the rule kept it off the node.
    let failed = pod_events(&sim, "zk-1", "FailedScheduling");
    assert_eq!(failed.last().map(String::as_str), Some(want), "{failed:?}");
    // OrderedReady: zk-2 waits for zk-1 to be Running and Ready, which never happens.
    assert_eq!(pods_named(&sim, "zk-"), vec!["zk-0", "zk-1"]);
}

#[test]
fn zookeeper_on_four_nodes_puts_each_replica_on_its_own_node() {
    let mut sim = cluster(4);
    let nodes: Vec<String> = sim.cluster().nodes.keys().cloned().collect();
    assert_eq!(
        nodes,
        vec!["minikube", "minikube-m02", "minikube-m03", "minikube-m04"]
    );
    apply(&mut sim, &zookeeper_spread());
    run_until(&mut sim, "zk-2 ready", |s| ready(s, "zk-2"));
    let placed: BTreeSet<String> = ["zk-0", "zk-1", "zk-2"]
        .iter()
        .map(|p| node_of(&sim, p).unwrap())
        .collect();
    assert_eq!(placed.len(), 3, "{placed:?}");
    assert!(events(&sim, "FailedScheduling")
        .iter()
        .all(|e| !e.message.contains("affinity")));
    // Pod IPs come from each node's own /24.
    for p in ["zk-0", "zk-1", "zk-2"] {
        let node = node_of(&sim, p).unwrap();
        let cidr = sim.cluster().nodes[&node].cidr_index;
        let ip = the_pod(&sim, p).status.ip.unwrap();
        assert_eq!(ip.octets()[2], cidr, "{p} on {node} got {ip}");
    }
}

#[test]
fn a_waiting_replica_is_scheduled_once_the_pod_blocking_it_is_gone() {
    let mut sim = cluster(1);
    // A pod labelled like a replica already on the only node: zk-0's rule excludes the node.
    let blocker = pod_with("blocker", "  nodeName: minikube\n")
        .replace("app: blocker", "app.kubernetes.io/name: zk");
    apply(&mut sim, &blocker);
    apply(&mut sim, &zookeeper_spread());
    run_until(&mut sim, "zk-0 unschedulable", |s| {
        pod(s, "zk-0").is_some_and(|p| p.status.unschedulable.is_some())
    });
    assert_eq!(the_pod(&sim, "zk-0").spec.node_name, None);
    delete(&mut sim, Kind::Pod, "blocker");
    run_until(&mut sim, "zk-0 ready", |s| ready(s, "zk-0"));
    assert_eq!(node_of(&sim, "zk-0").as_deref(), Some("minikube"));
}

#[test]
fn a_pod_requesting_more_cpu_than_the_node_has_stays_pending() {
    let mut sim = cluster(1);
    apply(&mut sim, &pod_requesting("big", "3", "64Mi"));
    settle(&mut sim);
    assert_eq!(the_pod(&sim, "big").spec.node_name, None);
    // 3 CPUs exceed the node's whole allocatable (2): preemption cannot help.
    assert_eq!(
        pod_events(&sim, "big", "FailedScheduling"),
        vec!["0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."]
    );
}

#[test]
fn requests_count_against_what_the_system_pods_leave() {
    // The system pods request 750m cpu and 170Mi: 1250m is left of 2 CPUs.
    let mut sim = cluster(1);
    apply(&mut sim, &pod_requesting("a", "1200m", "1Gi"));
    settle(&mut sim);
    assert_eq!(node_of(&sim, "a").as_deref(), Some("minikube"));
    apply(&mut sim, &pod_requesting("b", "100m", "3Gi"));
    settle(&mut sim);
    assert_eq!(
        pod_events(&sim, "b", "FailedScheduling"),
        vec!["0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."]
    );
    // With `a` gone, 100m and 3Gi fit what is left: the waiting pod is tried again and bound.
    delete(&mut sim, Kind::Pod, "a");
    run_until(&mut sim, "b scheduled", |s| {
        pod(s, "b").is_some_and(|p| p.spec.node_name.is_some())
    });
}

#[test]
fn a_node_selector_no_node_matches_leaves_the_pod_pending() {
    let mut sim = cluster(2);
    apply(
        &mut sim,
        &pod_with("ssd", "  nodeSelector:\n    disktype: ssd\n"),
    );
    apply(
        &mut sim,
        &pod_with(
            "m02",
            "  nodeSelector:\n    kubernetes.io/hostname: minikube-m02\n",
        ),
    );
    settle(&mut sim);
    assert_eq!(the_pod(&sim, "ssd").spec.node_name, None);
    assert_eq!(
        pod_events(&sim, "ssd", "FailedScheduling"),
        vec!["0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."]
    );
    assert_eq!(node_of(&sim, "m02").as_deref(), Some("minikube-m02"));
}

#[test]
fn required_node_affinity_picks_the_matching_node() {
    let mut sim = cluster(3);
    let spec = "  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - key: node-role.kubernetes.io/control-plane\n            operator: Exists\n";
    apply(&mut sim, &pod_with("cp", spec));
    let spec = "  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - key: kubernetes.io/hostname\n            operator: NotIn\n            values: [minikube, minikube-m02]\n";
    apply(&mut sim, &pod_with("m03", spec));
    let spec = "  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - key: kubernetes.io/arch\n            operator: In\n            values: [arm64]\n";
    apply(&mut sim, &pod_with("arm", spec));
    settle(&mut sim);
    assert_eq!(node_of(&sim, "cp").as_deref(), Some("minikube"));
    assert_eq!(node_of(&sim, "m03").as_deref(), Some("minikube-m03"));
    assert_eq!(node_of(&sim, "arm"), None);
    assert_eq!(
        pod_events(&sim, "arm", "FailedScheduling"),
        vec!["0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."]
    );
}

#[test]
fn a_tainted_node_takes_only_pods_that_tolerate_the_taint() {
    let mut cfg = Config::minikube_nodes(7, 2).with_invariants();
    cfg.node_taints.insert(
        "minikube-m02".into(),
        vec![Taint {
            key: "dedicated".into(),
            value: Some("db".into()),
            effect: "NoSchedule".into(),
        }],
    );
    let mut sim = Simulation::new(cfg);
    let on_m02 = "  nodeSelector:\n    kubernetes.io/hostname: minikube-m02\n";
    apply(&mut sim, &pod_with("plain", on_m02));
    let tolerating = format!(
        "{on_m02}  tolerations:\n  - key: dedicated\n    operator: Equal\n    value: db\n    effect: NoSchedule\n"
    );
    apply(&mut sim, &pod_with("db", &tolerating));
    let exists = format!("{on_m02}  tolerations:\n  - operator: Exists\n");
    apply(&mut sim, &pod_with("any", &exists));
    settle(&mut sim);
    assert_eq!(node_of(&sim, "plain"), None);
    assert_eq!(
        pod_events(&sim, "plain", "FailedScheduling"),
        vec!["0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: db}. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."]
    );
    assert_eq!(node_of(&sim, "db").as_deref(), Some("minikube-m02"));
    assert_eq!(node_of(&sim, "any").as_deref(), Some("minikube-m02"));
    // Without a selector, pods avoid the tainted node.
    for i in 0..3 {
        apply(&mut sim, &pod_with(&format!("free-{i}"), ""));
    }
    settle(&mut sim);
    for i in 0..3 {
        assert_eq!(
            node_of(&sim, &format!("free-{i}")).as_deref(),
            Some("minikube")
        );
    }
}

#[test]
fn required_pod_affinity_follows_the_first_pod_of_its_group() {
    let mut sim = cluster(3);
    let follow = "  affinity:\n    podAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - labelSelector:\n          matchLabels:\n            app: cache\n        topologyKey: kubernetes.io/hostname\n";
    // No pod matches yet, and `web` does not match its own term: it waits.
    apply(&mut sim, &pod_with("web", follow));
    settle(&mut sim);
    assert_eq!(node_of(&sim, "web"), None);
    assert_eq!(
        pod_events(&sim, "web", "FailedScheduling"),
        vec!["0/3 nodes are available: 3 node(s) didn't match pod affinity rules. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."]
    );
    apply(&mut sim, &pod_with("cache", "  nodeName: minikube-m03\n"));
    run_until(&mut sim, "web scheduled", |s| {
        pod(s, "web").is_some_and(|p| p.spec.node_name.is_some())
    });
    assert_eq!(node_of(&sim, "web").as_deref(), Some("minikube-m03"));
}

#[test]
fn preferred_anti_affinity_spreads_a_deployment() {
    let mut sim = cluster(3);
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: spread\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: spread\n  template:\n    metadata:\n      labels:\n        app: spread\n    spec:\n      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n            podAffinityTerm:\n              labelSelector:\n                matchLabels:\n                  app: spread\n              topologyKey: kubernetes.io/hostname\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";
    apply(&mut sim, text);
    settle(&mut sim);
    let nodes: BTreeSet<String> = sim
        .cluster()
        .pods
        .values()
        .filter(|p| p.meta.labels.get("app").map(String::as_str) == Some("spread"))
        .filter_map(|p| p.spec.node_name.clone())
        .collect();
    assert_eq!(nodes.len(), 3, "{nodes:?}");
}

#[test]
fn a_pod_that_may_not_preempt_says_so_after_its_filter_reasons() {
    let mut sim = cluster(1);
    let text = pod_requesting("polite", "1500m", "64Mi")
        .replace("spec:\n", "spec:\n  preemptionPolicy: Never\n");
    apply(&mut sim, &text);
    settle(&mut sim);
    assert_eq!(
        pod_events(&sim, "polite", "FailedScheduling"),
        vec!["0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never."]
    );
}
