//! The DaemonSet controller: one pod per eligible node, pinned by node affinity and bound by
//! the scheduler, with the status `kubectl get ds` prints; pods come back when deleted and go
//! with their DaemonSet.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use common::console::{console_with as console, example, out, stream};
use podplay::console::{Console, Stream};
use podplay::engine::{Command, Config, Propagation, Simulation};
use podplay::manifest::objects::Kind;

mod common;

fn settle(c: &mut Console) {
    let sim = c.sim_mut().expect("cluster");
    assert!(sim.run_until_idle(600_000, 200_000).reached);
}

const DS: &str = "example-daemonset";

/// The DaemonSet's pods: (name, node), by name.
fn ds_pods(c: &Console) -> Vec<(String, String)> {
    let sim = c.sim().expect("cluster");
    sim.cluster()
        .pods
        .values()
        .filter(|p| p.meta.controller().is_some_and(|o| o.name == DS))
        .map(|p| {
            (
                p.meta.name.clone(),
                p.spec.node_name.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn nodes(pods: &[(String, String)]) -> Vec<String> {
    let mut v: Vec<String> = pods.iter().map(|(_, n)| n.clone()).collect();
    v.sort();
    v
}

/// Each line with its runs of spaces made one.
fn words(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") + "\n")
        .collect()
}

/// The `kubectl get ds` row without its AGE.
fn ds_row(c: &mut Console) -> String {
    let text = out(c, "kubectl get ds");
    let mut lines = text.lines();
    assert_eq!(
        lines
            .next()
            .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" ")),
        Some("NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE".to_string())
    );
    let row: Vec<&str> = lines.next().expect("a row").split_whitespace().collect();
    assert_eq!(lines.next(), None);
    row[..row.len() - 1].join(" ")
}

#[test]
fn the_example_runs_one_ready_pod_on_minikube() {
    // Pins: the example (no nodeSelector) gets one pod on the one node, Running and Ready
    // after its init container, and `get ds` and `-o yaml` read the same counts.
    let mut c = console(
        "minikube start",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    assert_eq!(
        out(&mut c, "kubectl apply -f ds.yaml"),
        "daemonset.apps/example-daemonset created\n"
    );
    settle(&mut c);
    assert_eq!(ds_row(&mut c), "example-daemonset 1 1 1 1 1 <none>");
    let pods = ds_pods(&c);
    assert_eq!(pods.len(), 1);
    assert_eq!(pods[0].1, "minikube");
    let pod = c
        .sim()
        .unwrap()
        .cluster()
        .pods
        .values()
        .find(|p| p.meta.name == pods[0].0)
        .unwrap();
    assert!(pod.is_ready());
    let listing = out(&mut c, "kubectl get pods");
    assert!(
        listing.contains(&format!("{}   1/1     Running   0", pods[0].0)),
        "{listing}"
    );
    let yaml = out(&mut c, "kubectl get ds example-daemonset -o yaml");
    let status = &yaml[yaml.find("status:").expect("status")..];
    assert_eq!(
        status,
        "status:\n  currentNumberScheduled: 1\n  desiredNumberScheduled: 1\n  numberAvailable: 1\n  \
         numberMisscheduled: 0\n  numberReady: 1\n  observedGeneration: 1\n  updatedNumberScheduled: 1\n"
    );
}

#[test]
fn pods_are_named_labelled_owned_and_pinned_like_the_controller_makes_them() {
    // Pins the pod the DaemonSet controller makes: `<ds>-<5 chars>`, the template labels plus
    // controller-revision-hash and pod-template-generation, a controller ownerReference, the
    // node affinity `matchFields metadata.name In [node]` and the six DaemonSet tolerations.
    let mut c = console(
        "minikube start",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    let sim = c.sim().unwrap();
    let ds_uid = sim
        .cluster()
        .stored
        .values()
        .find(|o| o.meta.name == DS)
        .map(|o| o.meta.uid.clone())
        .unwrap();
    let pod = sim
        .cluster()
        .pods
        .values()
        .find(|p| p.meta.name.starts_with("example-daemonset-"))
        .unwrap();
    let suffix = &pod.meta.name["example-daemonset-".len()..];
    assert_eq!(suffix.len(), 5);
    assert!(suffix
        .bytes()
        .all(|b| b"bcdfghjklmnpqrstvwxz2456789".contains(&b)));
    let labels: Vec<(&str, &str)> = pod
        .meta
        .labels
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(labels.len(), 3);
    assert_eq!(labels[0], ("app.kubernetes.io/name", "example"));
    assert_eq!(labels[1].0, "controller-revision-hash");
    assert_eq!(labels[1].1.len(), 10);
    assert_eq!(labels[2], ("pod-template-generation", "1"));
    assert_eq!(pod.meta.owners.len(), 1);
    let owner = &pod.meta.owners[0];
    assert_eq!(
        (
            owner.kind.name(),
            owner.name.as_str(),
            owner.uid.as_str(),
            owner.controller
        ),
        ("DaemonSet", DS, ds_uid.as_str(), true)
    );
    let name = pod.meta.name.clone();
    let yaml = out(&mut c, &format!("kubectl get pod {name} -o yaml"));
    assert!(
        yaml.contains(
            "  ownerReferences:\n  - apiVersion: apps/v1\n    blockOwnerDeletion: true\n    \
             controller: true\n    kind: DaemonSet\n    name: example-daemonset\n"
        ),
        "{yaml}"
    );
    assert!(
        yaml.contains(
            "  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        \
             nodeSelectorTerms:\n        - matchFields:\n          - key: metadata.name\n            \
             operator: In\n            values:\n            - minikube\n"
        ),
        "{yaml}"
    );
    assert!(
        yaml.contains(
            "  tolerations:\n  - effect: NoExecute\n    key: node.kubernetes.io/not-ready\n    operator: Exists\n  \
             - effect: NoExecute\n    key: node.kubernetes.io/unreachable\n    operator: Exists\n  \
             - effect: NoSchedule\n    key: node.kubernetes.io/disk-pressure\n    operator: Exists\n  \
             - effect: NoSchedule\n    key: node.kubernetes.io/memory-pressure\n    operator: Exists\n  \
             - effect: NoSchedule\n    key: node.kubernetes.io/pid-pressure\n    operator: Exists\n  \
             - effect: NoSchedule\n    key: node.kubernetes.io/unschedulable\n    operator: Exists\n  volumes:\n"
        ),
        "{yaml}"
    );
    let events = words(&out(&mut c, "kubectl get events"));
    assert!(
        events.contains(&format!(
            "Normal SuccessfulCreate daemonset/example-daemonset Created pod: {name}"
        )),
        "{events}"
    );
}

#[test]
fn three_nodes_get_one_pod_each() {
    // Pins: on `minikube start --nodes 3` every node runs one pod, bound by the scheduler to
    // the node its affinity names.
    let mut c = console(
        "minikube start --nodes 3",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    let pods = ds_pods(&c);
    assert_eq!(nodes(&pods), ["minikube", "minikube-m02", "minikube-m03"]);
    assert_eq!(ds_row(&mut c), "example-daemonset 3 3 3 3 3 <none>");
}

#[test]
fn a_deleted_pod_is_replaced_on_the_same_node() {
    // Pins: the controller makes a new pod for the node as soon as the old one is terminating
    // (pods being deleted do not count, `podsShouldBeOnNode`), and the new one runs there.
    let mut c = console(
        "minikube start --nodes 3",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    let before = ds_pods(&c);
    let (victim, node) = before
        .iter()
        .find(|(_, n)| n == "minikube-m02")
        .cloned()
        .unwrap();
    assert_eq!(
        out(&mut c, &format!("kubectl delete pod {victim} --wait=false")),
        format!("pod \"{victim}\" deleted from default namespace\n")
    );
    settle(&mut c);
    let after = ds_pods(&c);
    assert_eq!(nodes(&after), ["minikube", "minikube-m02", "minikube-m03"]);
    let (new, new_node) = after
        .iter()
        .find(|(n, _)| !before.iter().any(|(b, _)| b == n))
        .cloned()
        .expect("a new pod");
    assert_ne!(new, victim);
    assert_eq!(new_node, node);
    assert!(!after.iter().any(|(n, _)| *n == victim));
    assert_eq!(ds_row(&mut c), "example-daemonset 3 3 3 3 3 <none>");
    let events = words(&out(&mut c, "kubectl get events"));
    assert!(events.contains(&format!("Created pod: {new}")), "{events}");
}

#[test]
fn the_replacement_is_made_while_the_old_pod_terminates() {
    // Pins the timing: within a controller delay of the delete, the node has a Terminating
    // old pod and a new one.
    let mut c = console(
        "minikube start",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    let (victim, _) = ds_pods(&c).remove(0);
    let sim = c.sim_mut().unwrap();
    let key = podplay::engine::Key::new("default", &victim);
    let uid = sim.cluster().pods[&key].meta.uid.clone();
    out(&mut c, &format!("kubectl delete pod {victim} --wait=false"));
    let sim = c.sim_mut().unwrap();
    let mut saw_both = false;
    for _ in 0..10_000 {
        let pods = &sim.cluster().pods;
        let old_terminating = pods
            .get(&key)
            .is_some_and(|p| p.meta.uid == uid && p.is_terminating());
        let others = pods
            .values()
            .filter(|p| p.meta.name.starts_with("example-daemonset-") && p.meta.name != victim)
            .count();
        if old_terminating && others == 1 {
            saw_both = true;
            break;
        }
        if sim.step().is_none() {
            break;
        }
    }
    assert!(saw_both, "no replacement while {victim} was terminating");
}

#[test]
fn deleting_the_daemonset_deletes_its_pods() {
    // Pins background propagation: the garbage collector deletes the pods of a deleted
    // DaemonSet, and the controller does not make new ones.
    let mut c = console(
        "minikube start --nodes 3",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    assert_eq!(ds_pods(&c).len(), 3);
    assert_eq!(
        out(&mut c, "kubectl delete ds example-daemonset --wait=false"),
        "daemonset.apps \"example-daemonset\" deleted from default namespace\n"
    );
    c.sim_mut().unwrap().run_until_idle(3_000, 100_000);
    let terminating = c
        .sim()
        .unwrap()
        .cluster()
        .pods
        .values()
        .filter(|p| p.meta.name.starts_with("example-daemonset-"))
        .all(|p| p.is_terminating());
    assert!(terminating);
    settle(&mut c);
    assert!(ds_pods(&c).is_empty());
    let o = c.submit("kubectl get pods");
    assert_eq!(
        stream(&o, Stream::Err),
        "No resources found in default namespace.\n"
    );
}

#[test]
fn orphan_cascade_keeps_the_pods() {
    // Pins `--cascade=orphan`: the pods stay, without an ownerReference.
    let mut c = console(
        "minikube start",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    let (name, _) = ds_pods(&c).remove(0);
    out(
        &mut c,
        "kubectl delete ds example-daemonset --cascade=orphan",
    );
    settle(&mut c);
    let sim = c.sim().unwrap();
    let pod = &sim.cluster().pods[&podplay::engine::Key::new("default", &name)];
    assert!(!pod.is_terminating());
    assert!(pod.meta.owners.is_empty());
}

const PINNED: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: example-daemonset
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      nodeSelector:
        kubernetes.io/hostname: minikube-m02
      containers:
      - name: agent
        image: registry.k8s.io/pause
";

#[test]
fn a_node_selector_limits_the_nodes() {
    // Pins: only nodes whose labels match the template's nodeSelector run a pod; DESIRED
    // counts only them, and NODE SELECTOR shows it.
    let mut c = console(
        "minikube start --nodes 3",
        &[("ds.yaml", PINNED.to_string())],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    assert_eq!(nodes(&ds_pods(&c)), ["minikube-m02"]);
    assert_eq!(
        ds_row(&mut c),
        "example-daemonset 1 1 1 1 1 kubernetes.io/hostname=minikube-m02"
    );
}

#[test]
fn no_matching_node_means_nothing_desired() {
    // Pins: a nodeSelector no node matches gives DESIRED 0 and no pods (not a Pending pod).
    let yaml = PINNED.replace("minikube-m02", "minikube-m09");
    let mut c = console("minikube start", &[("ds.yaml", yaml)]);
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    assert!(ds_pods(&c).is_empty());
    assert_eq!(
        ds_row(&mut c),
        "example-daemonset 0 0 0 0 0 kubernetes.io/hostname=minikube-m09"
    );
}

#[test]
fn a_cordoned_node_still_runs_the_pod() {
    // Pins the `node.kubernetes.io/unschedulable` toleration: the scheduler binds the pod to a
    // cordoned node, as it does DaemonSet pods.
    let mut c = console(
        "minikube start --nodes 3",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    assert_eq!(
        out(&mut c, "kubectl cordon minikube-m03"),
        "node/minikube-m03 cordoned\n"
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    assert_eq!(
        nodes(&ds_pods(&c)),
        ["minikube", "minikube-m02", "minikube-m03"]
    );
    assert_eq!(ds_row(&mut c), "example-daemonset 3 3 3 3 3 <none>");
}

/// The example's DaemonSet on every node, then the same with another image.
fn versions(strategy: &str) -> Vec<(&'static str, String)> {
    let v1 = PINNED
        .replace(
            "      nodeSelector:\n        kubernetes.io/hostname: minikube-m02\n",
            "",
        )
        .replace(
            "spec:\n  selector:",
            &format!("spec:\n{strategy}  selector:"),
        );
    let v2 = v1.replace(
        "image: registry.k8s.io/pause\n",
        "image: registry.k8s.io/pause:3.10\n",
    );
    vec![("v1.yaml", v1), ("v2.yaml", v2)]
}

/// Per pod of the DaemonSet: (node, pod-template-generation).
fn generations(c: &Console) -> Vec<(String, String)> {
    let sim = c.sim().expect("cluster");
    let mut v: Vec<(String, String)> = sim
        .cluster()
        .pods
        .values()
        .filter(|p| p.meta.controller().is_some_and(|o| o.name == DS))
        .map(|p| {
            (
                p.spec.node_name.clone().unwrap_or_default(),
                p.meta.labels["pod-template-generation"].clone(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_new_template_rolls_out_one_node_at_a_time() {
    // Pins RollingUpdate with the default maxUnavailable 1: old pods are replaced node by node,
    // never more than one node without an available pod, until every pod has generation 2.
    let mut c = console("minikube start --nodes 3", versions("").as_slice());
    out(&mut c, "kubectl apply -f v1.yaml");
    settle(&mut c);
    assert_eq!(
        out(&mut c, "kubectl apply -f v2.yaml"),
        "daemonset.apps/example-daemonset configured\n"
    );
    let sim = c.sim_mut().unwrap();
    let mut worst = 0;
    let mut steps = 0;
    while sim.step().is_some() && steps < 100_000 {
        steps += 1;
        let now = sim.now();
        let with_available: std::collections::BTreeSet<String> = sim
            .cluster()
            .pods
            .values()
            .filter(|p| p.meta.controller().is_some_and(|o| o.name == DS))
            .filter(|p| !p.is_terminating() && p.is_available(0, now))
            .filter_map(|p| p.spec.node_name.clone())
            .collect();
        worst = worst.max(3 - with_available.len());
    }
    assert_eq!(
        worst, 1,
        "at most one node at a time lacks an available pod"
    );
    assert_eq!(
        generations(&c),
        [
            ("minikube".to_string(), "2".to_string()),
            ("minikube-m02".to_string(), "2".to_string()),
            ("minikube-m03".to_string(), "2".to_string()),
        ]
    );
    assert_eq!(ds_row(&mut c), "example-daemonset 3 3 3 3 3 <none>");
    let events = words(&out(&mut c, "kubectl get events"));
    assert_eq!(
        events
            .matches("SuccessfulDelete daemonset/example-daemonset")
            .count(),
        3
    );
    let yaml = out(&mut c, "kubectl get ds example-daemonset -o yaml");
    assert!(yaml.contains("  generation: 2\n"), "{yaml}");
    assert!(yaml.contains("  observedGeneration: 2\n"), "{yaml}");
}

#[test]
fn on_delete_keeps_old_pods_until_they_are_deleted() {
    // Pins `updateStrategy: OnDelete`: a new template changes no pod; UP-TO-DATE counts only
    // pods made from it, and a deleted pod comes back with the new template.
    let strategy = "  updateStrategy:\n    type: OnDelete\n";
    let mut c = console("minikube start --nodes 3", versions(strategy).as_slice());
    out(&mut c, "kubectl apply -f v1.yaml");
    settle(&mut c);
    out(&mut c, "kubectl apply -f v2.yaml");
    settle(&mut c);
    assert_eq!(ds_row(&mut c), "example-daemonset 3 3 3 0 3 <none>");
    let (victim, _) = ds_pods(&c)
        .into_iter()
        .find(|(_, n)| n == "minikube-m03")
        .unwrap();
    out(&mut c, &format!("kubectl delete pod {victim} --wait=false"));
    settle(&mut c);
    assert_eq!(
        generations(&c),
        [
            ("minikube".to_string(), "1".to_string()),
            ("minikube-m02".to_string(), "1".to_string()),
            ("minikube-m03".to_string(), "2".to_string()),
        ]
    );
    assert_eq!(ds_row(&mut c), "example-daemonset 3 3 3 1 3 <none>");
}

#[test]
fn max_surge_starts_the_new_pod_before_the_old_one_goes() {
    // Pins RollingUpdate with maxSurge 1 and maxUnavailable 0: a node gets its new pod beside
    // the old one, and the old one is deleted once the new one is available, so no node is
    // ever without an available pod.
    let strategy =
        "  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n";
    let mut c = console("minikube start --nodes 3", versions(strategy).as_slice());
    out(&mut c, "kubectl apply -f v1.yaml");
    settle(&mut c);
    out(&mut c, "kubectl apply -f v2.yaml");
    let sim = c.sim_mut().unwrap();
    let mut most_pods = 0;
    let mut fewest_available = 3;
    let mut steps = 0;
    while sim.step().is_some() && steps < 100_000 {
        steps += 1;
        let now = sim.now();
        let pods: Vec<_> = sim
            .cluster()
            .pods
            .values()
            .filter(|p| p.meta.controller().is_some_and(|o| o.name == DS))
            .filter(|p| !p.is_terminating())
            .collect();
        most_pods = most_pods.max(pods.len());
        let with_available: std::collections::BTreeSet<String> = pods
            .iter()
            .filter(|p| p.is_available(0, now))
            .filter_map(|p| p.spec.node_name.clone())
            .collect();
        fewest_available = fewest_available.min(with_available.len());
    }
    assert_eq!(most_pods, 4, "one surge pod at a time");
    assert_eq!(fewest_available, 3, "every node keeps an available pod");
    assert_eq!(
        generations(&c),
        [
            ("minikube".to_string(), "2".to_string()),
            ("minikube-m02".to_string(), "2".to_string()),
            ("minikube-m03".to_string(), "2".to_string()),
        ]
    );
    assert_eq!(ds_row(&mut c), "example-daemonset 3 3 3 3 3 <none>");
}

#[test]
fn describe_shows_the_live_status_without_the_stored_only_note() {
    // Pins: a DaemonSet is simulated now, so describe no longer says podplay only stores it,
    // and its Status reads the same counts as `get ds`.
    let mut c = console(
        "minikube start",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    let text = out(&mut c, "kubectl describe ds example-daemonset");
    assert!(!text.contains("podplay keeps this"), "{text}");
    assert!(
        text.contains(
            "Status:\n  Current Number Scheduled:  1\n  Desired Number Scheduled:  1\n  \
             Number Available:          1\n  Number Misscheduled:       0\n  \
             Number Ready:              1\n  Observed Generation:       1\n  \
             Updated Number Scheduled:  1\n"
        ),
        "{text}"
    );
}

#[test]
fn rollout_status_follows_the_daemon_set() {
    // Pins kubectl's DaemonSetStatusViewer: updated pods first, then available ones, then done.
    // A new DaemonSet's pods exist a round trip after `apply` (not yet available); after a
    // template change, the old pods are still there.
    let mut c = console(
        "minikube start --nodes 2",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    let o = c.submit("kubectl rollout status ds/example-daemonset --watch=false");
    assert_eq!(
        stream(&o, Stream::Out),
        "Waiting for daemon set \"example-daemonset\" rollout to finish: 0 of 2 updated pods are available...\n"
    );
    settle(&mut c);
    assert_eq!(
        out(&mut c, "kubectl rollout status daemonset example-daemonset"),
        "daemon set \"example-daemonset\" successfully rolled out\n"
    );
    out(
        &mut c,
        "kubectl set image ds/example-daemonset pause=registry.k8s.io/pause:3.10",
    );
    let mut o = c.submit("kubectl rollout status ds/example-daemonset");
    o.extend(c.finish());
    let waiting = "Waiting for daemon set \"example-daemonset\" rollout to finish: ";
    assert_eq!(
        stream(&o, Stream::Out),
        format!(
            "{waiting}0 out of 2 new pods have been updated...\n\
             {waiting}1 out of 2 new pods have been updated...\n\
             {waiting}1 of 2 updated pods are available...\n\
             daemon set \"example-daemonset\" successfully rolled out\n"
        )
    );
    let strategy = "  updateStrategy:\n    type: OnDelete\n";
    let mut c = console("minikube start", versions(strategy).as_slice());
    out(&mut c, "kubectl apply -f v1.yaml");
    let o = c.submit("kubectl rollout status ds/example-daemonset");
    assert_eq!(
        stream(&o, Stream::Err),
        "error: rollout status is only available for RollingUpdate strategy type\n"
    );
}
#[test]
fn the_apiserver_fills_the_daemon_set_defaults() {
    // Pins SetDefaults_DaemonSet as `-o yaml` shows it: the RollingUpdate strategy with
    // maxSurge 0 and maxUnavailable 1, revisionHistoryLimit 10, and the pod template's defaults,
    // while the fields the manifest gave stay as written.
    let mut c = console(
        "minikube start",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    let yaml = out(&mut c, "kubectl get ds example-daemonset -o yaml");
    assert!(
        yaml.contains(
            "  updateStrategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 1\n    \
             type: RollingUpdate\n"
        ),
        "{yaml}"
    );
    assert!(
        yaml.contains("spec:\n  revisionHistoryLimit: 10\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains(
            "      containers:\n      - image: registry.k8s.io/pause\n        imagePullPolicy: Always\n        \
             name: pause\n        terminationMessagePath: /dev/termination-log\n        \
             terminationMessagePolicy: File\n      dnsPolicy: ClusterFirst\n"
        ),
        "{yaml}"
    );
    assert!(
        yaml.contains("      - hostPath:\n          path: /etc/machine-id\n          type: File\n"),
        "{yaml}"
    );
}

#[test]
fn min_ready_seconds_holds_each_step_of_a_rollout() {
    // Pins minReadySeconds: a new pod counts as available only after being Ready that long,
    // and the controller looks again then (nothing else would wake it), so the rollout goes on
    // to the end, each node's replacement waiting for the previous one.
    let strategy = "  minReadySeconds: 20\n";
    let mut c = console("minikube start --nodes 2", versions(strategy).as_slice());
    out(&mut c, "kubectl apply -f v1.yaml");
    settle(&mut c);
    // The controller's look after minReadySeconds is the last event: the pods are available.
    assert_eq!(ds_row(&mut c), "example-daemonset 2 2 2 2 2 <none>");
    let start = c.sim().unwrap().now();
    out(&mut c, "kubectl apply -f v2.yaml");
    settle(&mut c);
    assert_eq!(
        generations(&c),
        [
            ("minikube".to_string(), "2".to_string()),
            ("minikube-m02".to_string(), "2".to_string()),
        ]
    );
    let took = c.sim().unwrap().now().secs_since(start);
    assert!(took >= 20, "the second node waited for the first: {took}s");
    assert_eq!(ds_row(&mut c), "example-daemonset 2 2 2 2 2 <none>");
}

#[test]
fn every_invariant_holds_through_a_daemon_set_lifecycle() {
    // Pins the engine's invariants (owner index, scheduling, ordering) after every event of a
    // DaemonSet's life on three nodes: creation, a pod deletion, a rollout, the cascade delete.
    let mut sim = Simulation::new(Config::minikube_nodes(11, 3).with_invariants());
    let v = versions("");
    common::engine::apply(&mut sim, &v[0].1);
    common::engine::settle(&mut sim);
    let victim = sim
        .cluster()
        .pods
        .values()
        .find(|p| p.meta.name.starts_with("example-daemonset-"))
        .map(|p| p.meta.key())
        .unwrap();
    sim.exec(Command::Delete {
        kind: Kind::Pod,
        key: victim,
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    });
    common::engine::settle(&mut sim);
    common::engine::apply(&mut sim, &v[1].1);
    common::engine::settle(&mut sim);
    let ds = podplay::manifest::objects::StoredKind::from_name("DaemonSet").unwrap();
    sim.exec(Command::Delete {
        kind: Kind::Stored(ds),
        key: common::engine::key(DS),
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    });
    common::engine::settle(&mut sim);
    assert_eq!(sim.violations(), &[] as &[String]);
    assert!(sim
        .cluster()
        .pods
        .values()
        .all(|p| !p.meta.name.starts_with("example-daemonset-")));
}

#[test]
fn get_all_lists_the_daemon_set_after_the_services() {
    // Pins `kubectl get all`: daemonset.apps comes between services and deployments, with
    // its kind prefix.
    let mut c = console(
        "minikube start",
        &[("ds.yaml", example("basic-daemonset.yaml"))],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    let all = words(&out(&mut c, "kubectl get all"));
    let tables: Vec<&str> = all.split("\n\n").collect();
    assert_eq!(tables.len(), 3, "{all}");
    assert!(tables[0].starts_with("NAME READY STATUS RESTARTS AGE\npod/example-daemonset-"));
    assert!(tables[1].starts_with("NAME TYPE CLUSTER-IP"));
    assert!(
        tables[2].starts_with(
            "NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE\n\
             daemonset.apps/example-daemonset 1 1 1 1 1 <none> "
        ),
        "{all}"
    );
}
