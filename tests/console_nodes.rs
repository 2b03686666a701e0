//! Scenario tests of nodes in the console: `minikube start --nodes/--cpus/--memory`, `minikube
//! status`, `kubectl get nodes`, `kubectl describe node` with its allocated resources, and a
//! pod's FailedScheduling event in `kubectl describe pod`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::console::{out, run};
use podplay::console::{Console, MemFiles};
use podplay::engine::{ApplyMode, Command, Outcome};

/// (stdout, stderr) of one command line.
fn started(line: &str) -> Console {
    let mut c = Console::new(7, Box::new(MemFiles::default()));
    out(&mut c, line);
    c
}

fn apply(c: &mut Console, text: &str) {
    let sim = c.sim_mut().expect("a cluster");
    let objects = podplay::manifest::analyze(text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect();
    let Outcome::Applied(v) = sim.exec(Command::Apply {
        objects,
        mode: ApplyMode::Apply,
    }) else {
        panic!("not applied")
    };
    assert!(v.iter().all(|a| a.result.is_ok()), "{v:?}");
    let r = sim.run_until_idle(600_000, 50_000);
    assert!(r.reached);
}

#[test]
fn minikube_start_with_nodes_names_and_addresses_them_as_minikube_does() {
    let mut c = Console::new(7, Box::new(MemFiles::default()));
    let start = out(&mut c, "minikube start --nodes 3 --cpus=4");
    assert!(start.contains("🔥  Creating docker container (CPUs=4, Memory=2200MB) ...\n"));
    assert!(start.contains("🔗  Configuring CNI (Container Networking Interface) ...\n"));
    assert!(start.contains(
        "\n👍  Starting \"minikube-m03\" worker node in \"minikube\" cluster\n🚜  Pulling base image v0.0.48 ...\n🔥  Creating docker container (CPUs=4, Memory=2200MB) ...\n🌐  Found network options:\n    ▪ NO_PROXY=192.168.49.2,192.168.49.3\n"
    ));
    assert!(start.ends_with("🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default\n"));
    let wide = out(&mut c, "kubectl get nodes -o wide");
    let rows: Vec<Vec<&str>> = wide
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    let got: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[0], r[2], r[5])).collect();
    assert_eq!(
        got,
        vec![
            ("minikube", "control-plane", "192.168.49.2"),
            ("minikube-m02", "<none>", "192.168.49.3"),
            ("minikube-m03", "<none>", "192.168.49.4"),
        ]
    );
    assert_eq!(
        out(&mut c, "minikube status"),
        "minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\nminikube-m02\ntype: Worker\nhost: Running\nkubelet: Running\n\nminikube-m03\ntype: Worker\nhost: Running\nkubelet: Running\n\n"
    );
    let yaml = out(&mut c, "kubectl get node minikube-m03 -o yaml");
    assert!(yaml.contains("  podCIDR: 10.244.2.0/24\n"), "{yaml}");
    assert!(yaml.contains("  allocatable:\n    cpu: \"4\"\n"), "{yaml}");
    assert!(yaml.contains("    memory: 2200Mi\n"), "{yaml}");
    assert!(
        yaml.contains("    minikube.k8s.io/primary: \"false\"\n"),
        "{yaml}"
    );
}

#[test]
fn minikube_start_refuses_what_minikube_refuses() {
    let mut c = Console::new(7, Box::new(MemFiles::default()));
    let (o, e) = run(&mut c, "minikube start --cpus 1");
    assert_eq!(o, "");
    assert_eq!(e, "❌  Exiting due to RSRC_INSUFFICIENT_CORES: Requested cpu count 1 is less than the minimum allowed of 2\n");
    let (_, e) = run(&mut c, "minikube start --nodes x");
    assert_eq!(e, "Error: invalid argument \"x\" for \"-n, --nodes\" flag\nSee 'minikube start --help' for usage.\n");
    assert!(c.sim().is_none());
    out(&mut c, "minikube start --driver=docker --memory 4g");
    assert_eq!(c.sim().unwrap().config().node_memory_mb, 4096);
    assert_eq!(c.sim().unwrap().cluster().nodes.len(), 1);
}

#[test]
fn describe_node_shows_capacity_allocatable_and_the_system_pods_requests() {
    let mut c = started("minikube start");
    let d = out(&mut c, "kubectl describe node minikube");
    for want in [
        "Name:               minikube\nRoles:              control-plane\n",
        "Taints:             <none>\nUnschedulable:      false\n",
        "Addresses:\n  InternalIP:  192.168.49.2\n  Hostname:    minikube\n",
        "Capacity:\n  cpu:                2\n  ephemeral-storage:  102625208Ki\n  hugepages-1Gi:      0\n  hugepages-2Mi:      0\n  memory:             3900Mi\n  pods:               110\n",
        "PodCIDR:                      10.244.0.0/24\n",
        "Non-terminated Pods:          (7 in total)\n",
        "  kube-system                 etcd-minikube                       100m (5%)     0 (0%)      100Mi (2%)       0 (0%)         ",
        "  cpu                750m (37%)  0 (0%)\n  memory             170Mi (4%)  170Mi (4%)\n",
    ] {
        assert!(d.contains(want), "missing {want:?} in\n{d}");
    }
}

#[test]
fn describe_pod_shows_why_a_big_pod_stays_pending() {
    let mut c = started("minikube start");
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: \"3\"\n",
    );
    assert_eq!(
        out(&mut c, "kubectl get pod big"),
        "NAME   READY   STATUS    RESTARTS   AGE\nbig    0/1     Pending   0          0s\n"
    );
    let d = out(&mut c, "kubectl describe pod big");
    assert!(
        d.contains("  Warning  FailedScheduling  0s    default-scheduler  0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.\n"),
        "{d}"
    );
    let d = out(&mut c, "kubectl describe node minikube");
    assert!(
        d.contains("Non-terminated Pods:          (7 in total)\n"),
        "{d}"
    );
}

#[test]
fn a_cordoned_node_takes_no_new_pods_until_it_is_uncordoned() {
    let mut c = started("minikube start");
    assert_eq!(
        out(&mut c, "kubectl cordon minikube"),
        "node/minikube cordoned\n"
    );
    assert_eq!(
        out(&mut c, "kubectl cordon minikube"),
        "node/minikube already cordoned\n"
    );
    assert_eq!(
        run(&mut c, "kubectl cordon nowhere").1,
        "Error from server (NotFound): nodes \"nowhere\" not found\n"
    );
    assert_eq!(
        run(&mut c, "kubectl uncordon").1,
        "error: USAGE: uncordon NODE [flags]\nSee 'kubectl uncordon -h' for help and examples\n"
    );
    let nodes = out(&mut c, "kubectl get nodes");
    assert!(
        nodes.contains("\nminikube   Ready,SchedulingDisabled   control-plane   "),
        "{nodes}"
    );
    let d = out(&mut c, "kubectl describe node minikube");
    assert!(
        d.contains("Taints:             node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable:      true\n"),
        "{d}"
    );
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: waiting\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n",
    );
    let d = out(&mut c, "kubectl describe pod waiting");
    assert!(
        d.contains("default-scheduler  0/1 nodes are available: 1 node(s) were unschedulable. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.\n"),
        "{d}"
    );
    assert_eq!(
        out(&mut c, "kubectl uncordon minikube"),
        "node/minikube uncordoned\n"
    );
    let sim = c.sim_mut().unwrap();
    assert!(sim.run_until_idle(600_000, 50_000).reached);
    let pod = &sim.cluster().pods[&podplay::engine::Key::new("default", "waiting")];
    assert_eq!(pod.spec.node_name.as_deref(), Some("minikube"));
}
