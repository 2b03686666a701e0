//! Every example manifest in ../shared/examples (the Kubernetes website's own), applied as a
//! learner would (each file alone, then each tutorial's files together) on a one-node minikube:
//! apply creates every object of the file and loses none, and after five virtual minutes each
//! workload is where a real minikube 1.37 (Kubernetes 1.34) leaves it: Running and Ready; or
//! Pending with the scheduler's reason; or waiting on a missing Secret or ConfigMap; Jobs are
//! stored, not run.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::console::{console_with, example, run};
use podplay::console::Console;

/// What `kubectl get pods` shows for a pod: its name's prefix (a Deployment's pods are matched
/// by prefix, one row each), READY and STATUS.
type Row = (&'static str, &'static str, &'static str);

const RUNNING: &str = "Running";

/// The pods a one-node minikube runs five minutes after each file is applied alone.
const ALONE: &[(&str, &[Row])] = &[
    (
        "basic-daemonset.yaml",
        &[("example-daemonset-", "1/1", RUNNING)],
    ),
    ("cassandra-service.yaml", &[]),
    // Each Cassandra pod requests 500m CPU; the node keeps 1250m after its system pods.
    (
        "cassandra-statefulset.yaml",
        &[
            ("cassandra-0", "1/1", RUNNING),
            ("cassandra-1", "1/1", RUNNING),
            ("cassandra-2", "0/1", "Pending"),
        ],
    ),
    // Its claim asks for StorageClass my-storage-class, which minikube does not have.
    (
        "controllers-statefulset.yaml",
        &[("web-0", "0/1", "Pending")],
    ),
    ("deployment-sidecar.yaml", &[("myapp-", "2/2", RUNNING)]),
    (
        "deployment.yaml",
        &[
            ("nginx-deployment-", "1/1", RUNNING),
            ("nginx-deployment-", "1/1", RUNNING),
        ],
    ),
    (
        "guestbook-frontend-deployment.yaml",
        &[
            ("frontend-", "1/1", RUNNING),
            ("frontend-", "1/1", RUNNING),
            ("frontend-", "1/1", RUNNING),
        ],
    ),
    ("guestbook-frontend-service.yaml", &[]),
    (
        "guestbook-redis-follower-deployment.yaml",
        &[
            ("redis-follower-", "1/1", RUNNING),
            ("redis-follower-", "1/1", RUNNING),
        ],
    ),
    ("guestbook-redis-follower-service.yaml", &[]),
    (
        "guestbook-redis-leader-deployment.yaml",
        &[("redis-leader-", "1/1", RUNNING)],
    ),
    ("guestbook-redis-leader-service.yaml", &[]),
    ("mysql-configmap.yaml", &[]),
    ("mysql-services.yaml", &[]),
    // Without the ConfigMap `mysql` its volume cannot be mounted: nothing starts.
    ("mysql-statefulset.yaml", &[("mysql-0", "0/2", "Init:0/2")]),
    // The Secret `nginxsecret` is made by hand in the tutorial: its volume waits for it.
    (
        "net-curlpod.yaml",
        &[("curl-deployment-", "0/1", "ContainerCreating")],
    ),
    ("net-custom-dns.yaml", &[("dns-example", "1/1", RUNNING)]),
    ("net-dual-stack-preferred-svc.yaml", &[]),
    (
        "net-hostaliases-pod.yaml",
        &[("hostaliases-pod", "1/1", RUNNING)],
    ),
    ("net-minimal-ingress.yaml", &[]),
    ("net-networkpolicy.yaml", &[]),
    (
        "net-nginx-secure-app.yaml",
        &[("my-nginx-", "0/1", "ContainerCreating")],
    ),
    ("net-nginx-svc.yaml", &[]),
    (
        "net-run-my-nginx.yaml",
        &[("my-nginx-", "1/1", RUNNING), ("my-nginx-", "1/1", RUNNING)],
    ),
    (
        "nginx-app.yaml",
        &[
            ("my-nginx-", "1/1", RUNNING),
            ("my-nginx-", "1/1", RUNNING),
            ("my-nginx-", "1/1", RUNNING),
        ],
    ),
    (
        "pod-dependent-envars.yaml",
        &[("dependent-envars-demo", "1/1", RUNNING)],
    ),
    (
        "pod-image-volumes.yaml",
        &[("image-volume", "1/1", RUNNING)],
    ),
    // Their namespaces are made by an earlier step of their tutorials.
    ("pod-level-resources.yaml", &[]),
    ("pod-resize.yaml", &[]),
    ("pod-scheduling-gates.yaml", &[("test-pod", "1/1", RUNNING)]),
    (
        "probe-grpc-liveness.yaml",
        &[("etcd-with-grpc", "1/1", RUNNING)],
    ),
    ("pv-claim.yaml", &[]),
    // Its claim `task-pv-claim` does not exist yet.
    ("pv-pod.yaml", &[("task-pv-pod", "0/1", "Pending")]),
    ("pv-volume.yaml", &[]),
    ("rabbitmq-job.yaml", &[]),
    ("rabbitmq-service.yaml", &[]),
    (
        "rabbitmq-statefulset.yaml",
        &[("rabbitmq-0", "1/1", RUNNING)],
    ),
    (
        "web-parallel.yaml",
        &[("web-0", "1/1", RUNNING), ("web-1", "1/1", RUNNING)],
    ),
    (
        "web.yaml",
        &[("web-0", "1/1", RUNNING), ("web-1", "1/1", RUNNING)],
    ),
    // The Secret `mysql-pass` comes from the tutorial's kustomization.
    (
        "wordpress-deployment.yaml",
        &[("wordpress-", "0/1", "CreateContainerConfigError")],
    ),
    (
        "wordpress-mysql-deployment.yaml",
        &[("wordpress-mysql-", "0/1", "CreateContainerConfigError")],
    ),
    // The anti-affinity rule selects `app: zk`, a label these pods do not carry, so it never
    // applies; each pod requests 500m CPU, so the third does not fit.
    (
        "zookeeper.yaml",
        &[
            ("zk-0", "1/1", RUNNING),
            ("zk-1", "1/1", RUNNING),
            ("zk-2", "0/1", "Pending"),
        ],
    ),
];

/// The Secret the WordPress tutorial's kustomization generates.
const MYSQL_PASS: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysql-pass\ntype: Opaque\nstringData:\n  password: example\n";

/// Each tutorial's files together.
const GROUPS: &[(&[&str], &[Row])] = &[
    (
        &["cassandra-service.yaml", "cassandra-statefulset.yaml"],
        &[
            ("cassandra-0", "1/1", RUNNING),
            ("cassandra-1", "1/1", RUNNING),
            ("cassandra-2", "0/1", "Pending"),
        ],
    ),
    // Each MySQL pod requests 600m CPU (mysql 500m, xtrabackup 100m).
    (
        &[
            "mysql-configmap.yaml",
            "mysql-services.yaml",
            "mysql-statefulset.yaml",
        ],
        &[
            ("mysql-0", "2/2", RUNNING),
            ("mysql-1", "2/2", RUNNING),
            ("mysql-2", "0/2", "Pending"),
        ],
    ),
    (
        &[
            "guestbook-redis-leader-deployment.yaml",
            "guestbook-redis-leader-service.yaml",
            "guestbook-redis-follower-deployment.yaml",
            "guestbook-redis-follower-service.yaml",
            "guestbook-frontend-deployment.yaml",
            "guestbook-frontend-service.yaml",
        ],
        &[
            ("frontend-", "1/1", RUNNING),
            ("frontend-", "1/1", RUNNING),
            ("frontend-", "1/1", RUNNING),
            ("redis-follower-", "1/1", RUNNING),
            ("redis-follower-", "1/1", RUNNING),
            ("redis-leader-", "1/1", RUNNING),
        ],
    ),
    (
        &[
            "mysql-pass.yaml",
            "wordpress-mysql-deployment.yaml",
            "wordpress-deployment.yaml",
        ],
        &[
            ("wordpress-", "1/1", RUNNING),
            ("wordpress-mysql-", "1/1", RUNNING),
        ],
    ),
    (
        &[
            "rabbitmq-service.yaml",
            "rabbitmq-statefulset.yaml",
            "rabbitmq-job.yaml",
        ],
        &[("rabbitmq-0", "1/1", RUNNING)],
    ),
    (
        &["pv-volume.yaml", "pv-claim.yaml", "pv-pod.yaml"],
        &[("task-pv-pod", "1/1", RUNNING)],
    ),
];

fn text_of(file: &str) -> String {
    if file == "mysql-pass.yaml" {
        MYSQL_PASS.to_string()
    } else {
        example(file)
    }
}

/// The objects a file holds, as `kubectl apply` names them in its output.
fn n_objects(text: &str) -> usize {
    let a = podplay::manifest::analyze(text);
    a.objects.len() + a.skipped.len()
}

fn settle_for(c: &mut Console, ms: u64) {
    let sim = c.sim_mut().expect("a cluster");
    let t = sim.now().plus_ms(ms);
    let run = sim.run_until(t, 5_000_000);
    assert!(run.reached, "the cluster kept busy past its event budget");
}

/// Applies `files` together and returns the pods' rows (name, READY, STATUS) after 5 minutes.
fn apply_and_wait(start: &str, files: &[&str]) -> (Console, Vec<(String, String, String)>) {
    let texts: Vec<(&str, String)> = files.iter().map(|f| (*f, text_of(f))).collect();
    let mut c = console_with(start, &texts);
    let args: Vec<String> = files.iter().map(|f| format!("-f {f}")).collect();
    let (out, err) = run(&mut c, &format!("kubectl apply {}", args.join(" ")));
    let expected: usize = texts.iter().map(|(_, t)| n_objects(t)).sum();
    let namespaced_elsewhere = files
        .iter()
        .any(|f| matches!(*f, "pod-level-resources.yaml" | "pod-resize.yaml"));
    if namespaced_elsewhere {
        assert!(err.contains("namespaces \""), "{files:?}: {err}");
    } else {
        assert_eq!(err, "", "{files:?}");
        assert_eq!(out.lines().count(), expected, "{files:?}: {out}");
        assert!(
            out.lines().all(|l| l.ends_with(" created")),
            "{files:?}: {out}"
        );
    }
    settle_for(&mut c, 300_000);
    let (pods, _) = run(&mut c, "kubectl get pods --no-headers");
    let rows = pods
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect();
    (c, rows)
}

fn check(what: &str, rows: &[(String, String, String)], want: &[Row]) {
    let mut left: Vec<&(String, String, String)> = rows.iter().collect();
    for (prefix, ready, status) in want {
        let at = left
            .iter()
            .position(|(n, r, s)| n.starts_with(prefix) && r == ready && s == status)
            .unwrap_or_else(|| panic!("{what}: no pod {prefix}* {ready} {status} in {rows:?}"));
        left.remove(at);
    }
    assert!(left.is_empty(), "{what}: pods not expected: {left:?}");
}

#[test]
fn every_example_file_alone_ends_where_minikube_leaves_it() {
    let dir = format!("{}/../shared/examples", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    let listed: Vec<&str> = ALONE.iter().map(|(f, _)| *f).collect();
    assert_eq!(files, listed, "every example file has its expected outcome");
    for (file, want) in ALONE {
        let (_, rows) = apply_and_wait("minikube start", &[file]);
        check(file, &rows, want);
    }
}

#[test]
fn every_tutorials_files_together_end_where_minikube_leaves_them() {
    for (files, want) in GROUPS {
        let (_, rows) = apply_and_wait("minikube start", files);
        check(&files.join(" + "), &rows, want);
    }
}

#[test]
fn pending_pods_carry_the_schedulers_reason() {
    // Pins the FailedScheduling message of a pod that fits no node, and that of a pod whose
    // claim is not there.
    let (mut c, _) = apply_and_wait("minikube start", &["zookeeper.yaml"]);
    let (describe, _) = run(&mut c, "kubectl describe pod zk-2");
    assert!(
        describe.contains("0/1 nodes are available: 1 Insufficient cpu."),
        "{describe}"
    );
    let (mut c, _) = apply_and_wait("minikube start", &["pv-pod.yaml"]);
    let (describe, _) = run(&mut c, "kubectl describe pod task-pv-pod");
    assert!(
        describe.contains("persistentvolumeclaim \"task-pv-claim\" not found."),
        "{describe}"
    );
}

#[test]
fn zookeeper_on_four_nodes_puts_its_pods_on_three_nodes() {
    let (mut c, rows) = apply_and_wait("minikube start --nodes 4", &["zookeeper.yaml"]);
    check(
        "zookeeper on 4 nodes",
        &rows,
        &[
            ("zk-0", "1/1", RUNNING),
            ("zk-1", "1/1", RUNNING),
            ("zk-2", "1/1", RUNNING),
        ],
    );
    let (wide, _) = run(&mut c, "kubectl get pods -o wide --no-headers");
    let mut nodes: Vec<&str> = wide
        .lines()
        .filter(|l| l.starts_with("zk-"))
        .map(|l| l.split_whitespace().nth(6).unwrap_or(""))
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    assert_eq!(nodes.len(), 3, "{wide}");
}

#[test]
fn every_tutorials_files_validate_together_without_errors() {
    // Pins validate on each tutorial's bundle (each file alone is pinned in
    // tests/manifest_validation.rs): no errors, whatever it warns.
    for (files, _) in GROUPS {
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|f| ((*f).to_string(), text_of(f)))
            .collect();
        let sources: Vec<podplay::manifest::Source<'_>> = texts
            .iter()
            .map(|(name, text)| podplay::manifest::Source { name, text })
            .collect();
        let a = podplay::manifest::analyze_sources(&sources);
        assert_eq!(a.n_errors(), 0, "{files:?}: {:?}", a.diagnostics);
        let n: usize = texts.iter().map(|(_, t)| n_objects(t)).sum();
        assert_eq!(a.objects.len(), n, "{files:?}: every object is read");
    }
}
