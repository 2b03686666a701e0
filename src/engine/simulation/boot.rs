//! `minikube start`: the node(s), the system namespaces, Services and pods, and the default
//! StorageClass (reference §4.1, §5.2, §7.1, §8). System objects are written as manifests and
//! go through the same parser and apply path as the learner's.

use std::net::Ipv4Addr;

use crate::i18n::Msg;
use crate::manifest::{self, objects::Resource};

use super::Simulation;
use crate::engine::cluster::{
    EndpointAddress, EndpointPort, Key, Meta, Namespace, Node, NodeResources,
};
use crate::engine::command::{ApiError, ApplyMode, Outcome};
use crate::engine::ids;
use crate::engine::time::Time;
use crate::engine::trace::Change;
use crate::manifest::objects::Taint;

/// Kubernetes version the simulated cluster reports.
pub const KUBERNETES_VERSION: &str = "v1.34.0";

/// Images minikube's preload puts on every node.
const PRELOADED: &[&str] = &[
    "registry.k8s.io/coredns/coredns:v1.12.1",
    "registry.k8s.io/etcd:3.6.4-0",
    "registry.k8s.io/kube-apiserver:v1.34.0",
    "registry.k8s.io/kube-controller-manager:v1.34.0",
    "registry.k8s.io/kube-proxy:v1.34.0",
    "registry.k8s.io/kube-scheduler:v1.34.0",
    "registry.k8s.io/pause:3.10.1",
    "gcr.io/k8s-minikube/storage-provisioner:v5",
];

const SYSTEM: &str = r#"
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
  labels:
    addonmanager.kubernetes.io/mode: EnsureExists
provisioner: k8s.io/minikube-hostpath
---
apiVersion: v1
kind: Service
metadata:
  name: kubernetes
  namespace: default
  labels:
    component: apiserver
    provider: kubernetes
spec:
  clusterIP: 10.96.0.1
  ports:
  - name: https
    port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: "true"
    kubernetes.io/name: CoreDNS
spec:
  clusterIP: 10.96.0.10
  selector:
    k8s-app: kube-dns
  ports:
  - name: dns
    port: 53
    protocol: UDP
  - name: dns-tcp
    port: 53
    protocol: TCP
  - name: metrics
    port: 9153
    protocol: TCP
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  replicas: 1
  selector:
    matchLabels:
      k8s-app: kube-dns
  strategy:
    rollingUpdate:
      maxUnavailable: 1
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      dnsPolicy: Default
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.12.1
        args: ["-conf", "/etc/coredns/Corefile"]
        # kubeadm's CoreDNS manifest (cmd/kubeadm/app/phases/addons/dns/manifests.go)
        resources:
          limits:
            memory: 170Mi
          requests:
            cpu: 100m
            memory: 70Mi
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
        readinessProbe:
          httpGet:
            path: /ready
            port: 8181
          periodSeconds: 10
"#;

/// Static and host-network system pods of the primary node: (name, image, cpu request,
/// memory request). The requests are kubeadm's static pod manifests' (kubernetes/kubernetes
/// cmd/kubeadm/app/phases/controlplane/manifests.go: apiserver 250m, controller-manager 200m,
/// scheduler 100m; cmd/kubeadm/app/phases/etcd/local.go: etcd 100m and 100Mi); kube-proxy and
/// minikube's storage-provisioner request nothing.
const STATIC_PODS: &[(&str, &str, &str, &str)] = &[
    (
        "etcd-minikube",
        "registry.k8s.io/etcd:3.6.4-0",
        "100m",
        "100Mi",
    ),
    (
        "kube-apiserver-minikube",
        "registry.k8s.io/kube-apiserver:v1.34.0",
        "250m",
        "",
    ),
    (
        "kube-controller-manager-minikube",
        "registry.k8s.io/kube-controller-manager:v1.34.0",
        "200m",
        "",
    ),
    (
        "kube-scheduler-minikube",
        "registry.k8s.io/kube-scheduler:v1.34.0",
        "100m",
        "",
    ),
    ("kube-proxy-", "registry.k8s.io/kube-proxy:v1.34.0", "", ""),
    (
        "storage-provisioner",
        "gcr.io/k8s-minikube/storage-provisioner:v5",
        "",
        "",
    ),
];

/// DaemonSet pods every further node runs: kube-proxy, and kindnet, the CNI minikube picks for
/// more than one node (kubernetes/minikube pkg/minikube/cni/cni.go `chooseDefault`; its
/// manifest in pkg/minikube/cni/kindnet.go requests 100m and 50Mi).
const NODE_PODS: &[(&str, &str, &str, &str)] = &[
    (
        "kindnet-",
        "docker.io/kindest/kindnetd:v20250512-df8de77b",
        "100m",
        "50Mi",
    ),
    ("kube-proxy-", "registry.k8s.io/kube-proxy:v1.34.0", "", ""),
];

/// The node names of a cluster of `n` nodes.
#[must_use]
pub fn node_name(i: usize) -> String {
    if i == 0 {
        "minikube".to_string()
    } else {
        format!("minikube-m{:02}", i + 1)
    }
}

/// The labels kubelet, kubeadm and minikube put on node `i` (kubelet's well-known labels;
/// kubeadm's control-plane role and load-balancer exclusion on the primary; minikube's own from
/// `applyNodeLabels` in kubernetes/minikube pkg/minikube/bootstrapper/kubeadm/kubeadm.go, whose
/// `updated_at` layout `2006_01_02T15_04_05_0700` prints the `0700` literally).
fn node_labels(i: usize, name: &str, epoch_unix_s: i64) -> crate::manifest::objects::StrMap {
    let stamp = crate::engine::time::rfc3339(epoch_unix_s)
        .replace(['-', ':'], "_")
        .replace('Z', "_0700");
    let primary = if i == 0 { "true" } else { "false" };
    let mut labels: crate::manifest::objects::StrMap = [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", name),
        ("kubernetes.io/os", "linux"),
        ("minikube.k8s.io/name", "minikube"),
        ("minikube.k8s.io/primary", primary),
        ("minikube.k8s.io/updated_at", stamp.as_str()),
        ("minikube.k8s.io/version", "v1.37.0"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
    .collect();
    if i == 0 {
        for role in [
            "node-role.kubernetes.io/control-plane",
            "node.kubernetes.io/exclude-from-external-load-balancers",
        ] {
            labels.insert(role.to_string(), String::new());
        }
    }
    labels
}

/// A system pod's manifest: host network, bound to `node`, with its requests.
fn system_pod(name: &str, node: &str, image: &str, i: usize, cpu: &str, memory: &str) -> String {
    let mut requests = String::new();
    for (res, q) in [("cpu", cpu), ("memory", memory)] {
        if !q.is_empty() {
            requests.push_str(&format!("        {res}: {q}\n"));
        }
    }
    let resources = if requests.is_empty() {
        String::new()
    } else {
        format!("    resources:\n      requests:\n{requests}")
    };
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: kube-system\n  labels:\n    tier: control-plane\nspec:\n  nodeName: {node}\n  hostNetwork: true\n  priorityClassName: system-node-critical\n  containers:\n  - name: c{i}\n    image: {image}\n{resources}"
    )
}

impl Simulation {
    pub(super) fn boot(&mut self) {
        let n_nodes = self.cfg.n_nodes.clamp(1, 100);
        let primary = self.new_node(0);
        self.cluster
            .nodes
            .insert(primary.meta.name.clone(), primary);
        for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let meta = Meta {
                name: ns.to_string(),
                uid: ids::uid(&mut self.rng.names),
                labels: [("kubernetes.io/metadata.name".to_string(), ns.to_string())].into(),
                ..Meta::default()
            };
            self.cluster
                .namespaces
                .insert(ns.to_string(), Namespace { meta });
            self.add_default_service_account(ns);
        }
        let mut objects: Vec<Resource> = manifest::analyze(SYSTEM)
            .objects
            .into_iter()
            .map(|o| o.resource)
            .collect();
        objects.extend(self.system_pods("minikube", STATIC_PODS));
        if n_nodes > 1 {
            objects.extend(self.system_pods("minikube", NODE_PODS.get(..1).unwrap_or_default()));
        }
        for obj in objects {
            self.boot_object(obj);
        }
        // The apiserver's own endpoint.
        if let Some(eps) = self
            .cluster
            .endpoints
            .get_mut(&Key::new("default", "kubernetes"))
        {
            eps.fixed = vec![EndpointAddress {
                ip: Ipv4Addr::new(192, 168, 49, 2),
                hostname: None,
                pod: String::new(),
                node: "minikube".into(),
                ready: true,
                serving: true,
                terminating: false,
                ports: vec![EndpointPort {
                    name: Some("https".into()),
                    port: 8443,
                    protocol: "TCP".into(),
                }],
            }];
        }
        self.run_until_idle(120_000, 100_000);
        // Further nodes join once the control plane runs (so CoreDNS is already on the
        // primary), each with its DaemonSet pods.
        for i in 1..n_nodes {
            let mut node = self.new_node(i);
            node.meta.created = self.now;
            let name = node.meta.name.clone();
            self.cluster.nodes.insert(name.clone(), node);
            for obj in self.system_pods(&name, NODE_PODS) {
                self.boot_object(obj);
            }
            self.run_until_idle(120_000, 100_000);
        }
        self.boot_done = self.now;
        self.note(
            crate::manifest::objects::Kind::Namespace,
            &Key::cluster("default"),
            Change::Command,
            Msg::new("engine.booted"),
        );
    }

    /// Node `i` as it registers: minikube's labels, the container's CPUs and memory as capacity
    /// and allocatable (minikube's kubelet config reserves nothing and sets no memory eviction
    /// threshold: pkg/minikube/bootstrapper/bsutil/ktmpl/v1beta4.go), kubelet's 110 pods, and
    /// no taint (the same template registers every node with `taints: []`).
    fn new_node(&mut self, i: usize) -> Node {
        let name = node_name(i);
        let capacity = NodeResources {
            cpu_m: i64::from(self.cfg.node_cpus) * 1000,
            memory: i64::try_from(self.cfg.node_memory_mb)
                .unwrap_or(0)
                .saturating_mul(1024 * 1024),
            pods: i64::try_from(self.cfg.max_pods_per_node).unwrap_or(110),
        };
        Node {
            meta: Meta {
                name: name.clone(),
                uid: ids::uid(&mut self.rng.names),
                labels: node_labels(i, &name, self.cfg.epoch_unix_s),
                ..Meta::default()
            },
            ip: Ipv4Addr::new(
                192,
                168,
                49,
                2u8.saturating_add(u8::try_from(i).unwrap_or(253)),
            ),
            cidr_index: u8::try_from(i).unwrap_or(u8::MAX),
            images: PRELOADED
                .iter()
                .map(|i| ((*i).to_string(), Time::ZERO))
                .collect(),
            taints: self.cfg.node_taints.get(&name).cloned().unwrap_or_default(),
            unschedulable: false,
            capacity,
            allocatable: capacity,
        }
    }

    /// `kubectl cordon` (`unschedulable`) or `uncordon`. The node lifecycle controller mirrors
    /// the cordon as the `node.kubernetes.io/unschedulable:NoSchedule` taint (TaintNodesByCondition,
    /// kubernetes/kubernetes pkg/controller/nodelifecycle). Uncordoning lets waiting pods try again.
    pub(super) fn cordon(&mut self, name: &str, unschedulable: bool) -> Outcome {
        let Some(node) = self.cluster.nodes.get_mut(name) else {
            return Outcome::Failed(ApiError::NotFound {
                resource: "nodes".into(),
                name: name.into(),
            });
        };
        node.unschedulable = unschedulable;
        let key = "node.kubernetes.io/unschedulable";
        node.taints.retain(|t| t.key != key);
        if unschedulable {
            node.taints.push(Taint {
                key: key.into(),
                value: None,
                effect: "NoSchedule".into(),
            });
        } else {
            self.wake_all_waiting();
        }
        Outcome::Done
    }

    /// `kubectl label|annotate node`: new labels may let waiting pods' node selectors and
    /// affinities match, so they try again.
    pub(super) fn node_meta(
        &mut self,
        name: &str,
        labels: crate::manifest::objects::StrMap,
        annotations: crate::manifest::objects::StrMap,
    ) -> Outcome {
        let Some(node) = self.cluster.nodes.get_mut(name) else {
            return Outcome::Failed(ApiError::NotFound {
                resource: "nodes".into(),
                name: name.into(),
            });
        };
        node.meta.labels = labels;
        node.meta.annotations = annotations;
        self.wake_all_waiting();
        Outcome::Done
    }

    /// The manifests of the system pods `rows` bound to `node` (`kube-proxy-` and the like get
    /// a generated suffix).
    fn system_pods(&mut self, node: &str, rows: &[(&str, &str, &str, &str)]) -> Vec<Resource> {
        let mut out = Vec::new();
        for (i, (name, image, cpu, memory)) in rows.iter().enumerate() {
            let name = if name.ends_with('-') {
                ids::generate_name(name, &mut self.rng.names)
            } else {
                (*name).to_string()
            };
            let text = system_pod(&name, node, image, i, cpu, memory);
            out.extend(
                manifest::analyze(&text)
                    .objects
                    .into_iter()
                    .map(|o| o.resource),
            );
        }
        out
    }

    fn boot_object(&mut self, obj: Resource) {
        let kind = obj.kind();
        let name = obj.metadata().name.clone().unwrap_or_default();
        if let Err(e) = self.apply_one_boot(obj) {
            self.violation(format!("boot: {} {name}: {}", kind.name(), e.message()));
        }
    }

    fn apply_one_boot(&mut self, obj: Resource) -> Result<(), crate::engine::command::ApiError> {
        match self.run_command(crate::engine::command::Command::Apply {
            objects: vec![obj],
            mode: ApplyMode::Create,
        }) {
            crate::engine::command::Outcome::Applied(mut v) => match v.pop() {
                Some(a) => a.result.map(|_| ()),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }
}
