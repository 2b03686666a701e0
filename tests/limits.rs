#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! podplay's pod limit: workloads asking for far more replicas than the simulated cluster
//! holds leave it with at most `MAX_PODS` pods, as many claims, bounded events and trace, one
//! Warning event and one console line, and a console that still answers.

mod common;

use common::console::{console_with, stream};
use podplay::console::{Console, Stream};
use podplay::engine::timeline::{weight, Snapshots, MAX_SNAPSHOTS, SNAPSHOT_BYTES};
use podplay::engine::{Simulation, Time};
use podplay::i18n::Lang;
use podplay::manifest::{analyze, Code, Severity, MAX_PODS};

fn sts(name: &str, replicas: u64, policy: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n    name: web\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n  serviceName: nginx\n  replicas: {replicas}\n  podManagementPolicy: {policy}\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: registry.k8s.io/nginx-slim:0.21\n        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [\"ReadWriteOnce\"]\n      resources:\n        requests:\n          storage: 1Gi\n"
    )
}

fn deployment(replicas: u64) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n"
    )
}

/// One line as `podplay run` runs it (jobs such as `sleep` run to their end): stdout and
/// stderr.
fn line(c: &mut Console, text: &str) -> (String, String) {
    let mut o = c.submit(text);
    o.extend(c.finish());
    (stream(&o, Stream::Out), stream(&o, Stream::Err))
}

fn sim(c: &Console) -> &Simulation {
    c.sim().expect("a cluster")
}

/// A one-node minikube with `w.yaml` in its files.
fn cluster_with(text: String) -> Console {
    console_with("minikube start", &[("w.yaml", text)])
}

/// The cluster's Events that say podplay's pod limit was met: (object, message, count).
fn limit_events(c: &Console) -> Vec<(String, String, u32)> {
    sim(c)
        .events()
        .iter()
        .filter(|e| e.reason == "FailedCreate" && e.message.contains("podplay"))
        .map(|e| (e.object.slashed(), e.message.clone(), e.count))
        .collect()
}

/// Trace entries that say a workload stopped at the limit.
fn limit_notes(c: &Console) -> usize {
    sim(c)
        .trace()
        .iter()
        .filter(|e| e.reason.id == "engine.limit.wait")
        .count()
}

fn pods_in(c: &Console, ns: &str) -> usize {
    sim(c)
        .cluster()
        .pods
        .keys()
        .filter(|k| k.namespace == ns)
        .count()
}

const LIMIT: &str = "podplay does not simulate more than 1000 pods in its cluster; no pod is created past that limit";

fn warning(object: &str, replicas: &str) -> String {
    format!("Warning: podplay does not simulate more than 1000 pods in its cluster: {object} asks for {replicas} replicas, and its controller creates pods only up to that limit\n")
}

/// Everything the cluster keeps per pod or per event stays proportional to the limit.
fn assert_bounded(c: &Console) {
    let s = sim(c);
    let cfg = s.config();
    assert_eq!(cfg.max_pods, MAX_PODS);
    assert!(
        s.cluster().pods.len() <= MAX_PODS,
        "{}",
        s.cluster().pods.len()
    );
    assert!(
        s.cluster().pvcs.len() <= MAX_PODS,
        "{}",
        s.cluster().pvcs.len()
    );
    assert!(
        s.cluster().pvs.len() <= MAX_PODS,
        "{}",
        s.cluster().pvs.len()
    );
    assert!(s.events().iter().count() <= cfg.event_capacity);
    assert!(s.trace().len() <= cfg.trace_capacity);
    // Everything ever traced, and everything the simulation has run or still has to run.
    assert!(
        s.trace().total() <= 10 * MAX_PODS as u64,
        "{}",
        s.trace().total()
    );
    assert!(s.n_events() <= 5 * MAX_PODS as u64, "{}", s.n_events());
    assert!(
        s.upcoming().count() <= 2 * MAX_PODS,
        "{}",
        s.upcoming().count()
    );
}

/// The console still answers: the pods listed, one line each after the header.
fn assert_answers(c: &mut Console, default_pods: usize) {
    let (out, err) = line(c, "kubectl get pods | wc -l");
    assert_eq!(
        (out, err),
        (format!("{}\n", default_pods + 1), String::new())
    );
}

#[test]
fn a_parallel_statefulset_of_300000_stops_at_the_pod_limit_with_one_event() {
    let mut c = cluster_with(sts("web", 300_000, "Parallel"));
    let (out, err) = line(&mut c, "kubectl apply -f w.yaml");
    assert_eq!(out, "service/nginx created\nstatefulset.apps/web created\n");
    assert_eq!(err, warning("statefulset.apps/web", "300000"));
    let _ = line(&mut c, "sleep 30");
    let system = pods_in(&c, "kube-system");
    assert_eq!(system, 7);
    // The cluster is full: 993 pods of the set, each with its claim and volume, no more.
    assert_eq!(sim(&c).cluster().pods.len(), MAX_PODS);
    assert_eq!(pods_in(&c, "default"), MAX_PODS - system);
    assert_eq!(sim(&c).cluster().pvcs.len(), MAX_PODS - system);
    assert_eq!(sim(&c).cluster().pvs.len(), MAX_PODS - system);
    assert_eq!(
        limit_events(&c),
        [(
            "statefulset/web".to_string(),
            format!("create Pod web-993 in StatefulSet web failed error: {LIMIT}"),
            1
        )]
    );
    assert_eq!(limit_notes(&c), 1);
    assert_bounded(&c);
    assert_answers(&mut c, MAX_PODS - system);
    let (out, _) = line(&mut c, "kubectl get sts");
    assert_eq!(out, "NAME   READY        AGE\nweb    103/300000   30s\n");
    // Time goes on without a second event or a second claim past the limit.
    let _ = line(&mut c, "sleep 60");
    assert_eq!(limit_events(&c).len(), 1);
    assert_eq!(sim(&c).cluster().pvcs.len(), MAX_PODS - system);
    assert_bounded(&c);
}

#[test]
fn an_ordered_statefulset_of_300000_creates_one_pod_at_a_time_within_the_limit() {
    let mut c = cluster_with(sts("web", 300_000, "OrderedReady"));
    let (_, err) = line(&mut c, "kubectl apply -f w.yaml");
    assert_eq!(err, warning("statefulset.apps/web", "300000"));
    let _ = line(&mut c, "sleep 30");
    // One pod after the other: the eighth is starting after 30 seconds, with its claim.
    assert_eq!(pods_in(&c, "default"), 8);
    assert_eq!(sim(&c).cluster().pvcs.len(), 8);
    assert!(limit_events(&c).is_empty());
    assert_bounded(&c);
    assert_answers(&mut c, 8);
}

#[test]
fn an_ordered_statefulset_on_ten_nodes_meets_the_limit_once() {
    let mut c = console_with(
        "minikube start --nodes 10",
        &[("w.yaml", sts("web", 300_000, "OrderedReady"))],
    );
    let _ = line(&mut c, "kubectl apply -f w.yaml");
    let _ = line(&mut c, "sleep 3h");
    let others = sim(&c).cluster().pods.len() - pods_in(&c, "default");
    let last = MAX_PODS - others;
    assert_eq!(sim(&c).cluster().pods.len(), MAX_PODS);
    assert_eq!(sim(&c).cluster().pvcs.len(), last);
    assert_eq!(
        limit_events(&c),
        [(
            "statefulset/web".to_string(),
            format!("create Pod web-{last} in StatefulSet web failed error: {LIMIT}"),
            1
        )]
    );
    assert_eq!(limit_notes(&c), 1);
    assert_answers(&mut c, last);
}

#[test]
fn a_deployment_of_300000_stops_at_the_pod_limit_with_one_event() {
    let mut c = cluster_with(deployment(300_000));
    let (out, err) = line(&mut c, "kubectl apply -f w.yaml");
    assert_eq!(out, "deployment.apps/web created\n");
    assert_eq!(err, warning("deployment.apps/web", "300000"));
    let _ = line(&mut c, "sleep 30");
    let system = pods_in(&c, "kube-system");
    assert_eq!(sim(&c).cluster().pods.len(), MAX_PODS);
    assert_eq!(pods_in(&c, "default"), MAX_PODS - system);
    assert!(sim(&c).cluster().pvcs.is_empty());
    let events = limit_events(&c);
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].0.starts_with("replicaset/web-"), "{events:?}");
    assert_eq!(events[0].1, format!("Error creating: {LIMIT}"));
    assert_eq!(limit_notes(&c), 1);
    assert_bounded(&c);
    assert_answers(&mut c, MAX_PODS - system);
    let (out, _) = line(&mut c, "kubectl get deploy");
    assert_eq!(
        out,
        "NAME   READY        UP-TO-DATE   AVAILABLE   AGE\nweb    103/300000   993          103         30s\n"
    );
}

#[test]
fn scaling_a_statefulset_to_the_largest_int32_stops_at_the_limit() {
    let mut c = cluster_with(sts("web", 3, "Parallel"));
    let _ = line(&mut c, "kubectl apply -f w.yaml");
    let _ = line(&mut c, "sleep 10");
    let (out, err) = line(&mut c, "kubectl scale sts web --replicas=2147483647");
    assert_eq!(out, "statefulset.apps/web scaled\n");
    assert_eq!(err, warning("statefulset.apps/web", "2147483647"));
    let _ = line(&mut c, "sleep 30");
    let system = pods_in(&c, "kube-system");
    assert_eq!(sim(&c).cluster().pods.len(), MAX_PODS);
    assert_eq!(sim(&c).cluster().pvcs.len(), MAX_PODS - system);
    assert_eq!(
        limit_events(&c),
        [(
            "statefulset/web".to_string(),
            format!("create Pod web-993 in StatefulSet web failed error: {LIMIT}"),
            1
        )]
    );
    assert_bounded(&c);
    assert_answers(&mut c, MAX_PODS - system);
    // The same request again changes nothing: no second event.
    let _ = line(&mut c, "kubectl scale sts web --replicas=2147483647");
    let _ = line(&mut c, "sleep 10");
    assert_eq!(limit_events(&c).len(), 1);
    // Back under the limit, the set scales down as usual.
    let (out, err) = line(&mut c, "kubectl scale sts web --replicas=2");
    assert_eq!(
        (out.as_str(), err.as_str()),
        ("statefulset.apps/web scaled\n", "")
    );
    let _ = line(&mut c, "sleep 60");
    assert_answers(&mut c, 2);
}

#[test]
fn a_learners_own_pod_past_the_limit_is_refused_in_podplays_words() {
    let mut c = cluster_with(deployment(300_000));
    let _ = line(&mut c, "kubectl apply -f w.yaml");
    let _ = line(&mut c, "sleep 30");
    let (out, err) = line(&mut c, "kubectl run extra --image=nginx");
    assert_eq!(out, "");
    assert_eq!(err, format!("error: {LIMIT}\n"));
}

#[test]
fn validation_warns_past_one_nodes_pods_and_errors_past_the_limit() {
    let cases: [(u64, &[&str]); 5] = [
        (110, &[]),
        (111, &["6:3: warning: 111 replicas are more pods than one minikube node runs (110): the pods past that stay Pending unless more nodes are started (minikube start --nodes N)"]),
        (1000, &["6:3: warning: 1000 replicas are more pods than one minikube node runs (110): the pods past that stay Pending unless more nodes are started (minikube start --nodes N)"]),
        (1001, &["6:3: error: 1001 replicas: podplay does not simulate more than 1000 pods in its cluster; it creates pods only up to that limit"]),
        (300_000, &["6:3: error: 300000 replicas: podplay does not simulate more than 1000 pods in its cluster; it creates pods only up to that limit"]),
    ];
    for (replicas, want) in cases {
        let a = analyze(&deployment(replicas));
        assert_eq!(common::lines(&a), want, "replicas {replicas}");
        // The object itself is valid: kubectl apply sends it, and the engine caps it.
        assert_eq!(a.objects.len(), 1);
        assert_eq!(a.objects[0].n_errors, 0);
    }
    // A StatefulSet's, in Korean too.
    let a = analyze(&sts("web", 300_000, "Parallel"));
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == Code::ReplicasOverLimit)
        .expect("the limit error");
    assert_eq!(
        (d.severity, d.pos.line, d.pos.col),
        (Severity::Error, 19, 3)
    );
    assert_eq!(
        d.msg.render(Lang::Ko),
        "레플리카 300000개: podplay는 클러스터에서 파드를 1000개보다 많이 시뮬레이션하지 않습니다. 그 한도까지만 파드를 만듭니다"
    );
}

#[test]
fn the_console_warning_speaks_the_learners_language() {
    let mut c = cluster_with(deployment(300_000));
    c.set_lang(Lang::Ko);
    let (_, err) = line(&mut c, "kubectl apply -f w.yaml");
    assert_eq!(err, "Warning: podplay는 클러스터에서 파드를 1000개보다 많이 시뮬레이션하지 않습니다: deployment.apps/web은(는) 레플리카 300000개를 요청하지만, 컨트롤러는 그 한도까지만 파드를 만듭니다\n");
}

#[test]
fn snapshots_of_a_full_cluster_stay_within_their_byte_budget() {
    let mut c = cluster_with(sts("web", 300_000, "Parallel"));
    let _ = line(&mut c, "kubectl apply -f w.yaml");
    let mut snaps = Snapshots::new(10_000, MAX_SNAPSHOTS);
    snaps.take_if_due(sim(&c));
    for _ in 0..60 {
        let _ = line(&mut c, "sleep 10");
        snaps.take_if_due(sim(&c));
    }
    let full = weight(sim(&c));
    // A full cluster weighs about 15 MiB: a few snapshots, not 60 of them.
    assert!(full > 12 << 20 && full < 20 << 20, "{full}");
    assert!(snaps.bytes() <= SNAPSHOT_BYTES, "{}", snaps.bytes());
    assert!(
        snaps.len() >= 2 && snaps.len() <= SNAPSHOT_BYTES / full + 1,
        "{}",
        snaps.len()
    );
    // Seeking still rebuilds the run's state from them.
    let t = Time(sim(&c).now().ms() - 25_000);
    let then = snaps.state_at(sim(&c), t);
    assert_eq!(then.now(), t);
    assert_eq!(then.cluster().pods.len(), MAX_PODS);
}

#[test]
fn a_run_rebuilt_for_seeking_does_not_warn_again() {
    let mut c = cluster_with(deployment(2));
    let _ = line(&mut c, "kubectl apply -f w.yaml");
    let mut snaps = Snapshots::new(10_000, MAX_SNAPSHOTS);
    snaps.take_if_due(sim(&c));
    let (_, err) = line(&mut c, "kubectl scale deploy web --replicas=5000");
    assert_eq!(err, warning("deployment.apps/web", "5000"));
    let _ = line(&mut c, "sleep 5");
    let live = c.sim_mut().expect("a cluster");
    assert!(live.take_warnings().is_empty(), "printed once, then gone");
    let t = live.now();
    assert!(snaps.state_at(live, t).take_warnings().is_empty());
    let cfg = live.config().clone();
    assert!(Simulation::replay(cfg, live.commands(), t)
        .take_warnings()
        .is_empty());
}

#[test]
fn a_deployment_scaled_to_the_largest_int32_rolls_out_within_the_limit() {
    let mut c = cluster_with(deployment(3));
    let _ = line(&mut c, "kubectl apply -f w.yaml");
    let _ = line(&mut c, "sleep 10");
    let (out, err) = line(&mut c, "kubectl scale deploy web --replicas=2147483647");
    assert_eq!(out, "deployment.apps/web scaled\n");
    assert_eq!(err, warning("deployment.apps/web", "2147483647"));
    let _ = line(&mut c, "sleep 20");
    // A rollout's surge (25 % of the replicas) added to them stays an int32.
    // The update leaves the replicas alone: no second warning.
    let (out, err) = line(&mut c, "kubectl set image deploy/web nginx=nginx:1.28");
    assert_eq!(
        (out.as_str(), err.as_str()),
        ("deployment.apps/web image updated\n", "")
    );
    let _ = line(&mut c, "sleep 30");
    assert_eq!(sim(&c).cluster().pods.len(), MAX_PODS);
    assert_bounded(&c);
    let (out, err) = line(&mut c, "kubectl scale deploy web --replicas=1");
    assert_eq!(
        (out.as_str(), err.as_str()),
        ("deployment.apps/web scaled\n", "")
    );
    let _ = line(&mut c, "sleep 60");
    assert_answers(&mut c, 1);
}
