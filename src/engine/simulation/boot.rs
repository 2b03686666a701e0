//! `minikube start`: the node(s), the system namespaces, Services and pods, and the default
//! StorageClass (reference §4.1, §5.2, §7.1, §8). System objects are written as manifests and
//! go through the same parser and apply path as the learner's.

use std::net::Ipv4Addr;

use crate::i18n::Msg;
use crate::manifest::{self, objects::Resource};

use super::Simulation;
use crate::engine::cluster::{EndpointAddress, EndpointPort, Key, Meta, Namespace, Node};
use crate::engine::command::ApplyMode;
use crate::engine::ids;
use crate::engine::time::Time;
use crate::engine::trace::Change;

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

/// Static and host-network system pods: (name, image, host network).
const STATIC_PODS: &[(&str, &str)] = &[
    ("etcd-minikube", "registry.k8s.io/etcd:3.6.4-0"),
    (
        "kube-apiserver-minikube",
        "registry.k8s.io/kube-apiserver:v1.34.0",
    ),
    (
        "kube-controller-manager-minikube",
        "registry.k8s.io/kube-controller-manager:v1.34.0",
    ),
    (
        "kube-scheduler-minikube",
        "registry.k8s.io/kube-scheduler:v1.34.0",
    ),
    ("kube-proxy-", "registry.k8s.io/kube-proxy:v1.34.0"),
    (
        "storage-provisioner",
        "gcr.io/k8s-minikube/storage-provisioner:v5",
    ),
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

impl Simulation {
    pub(super) fn boot(&mut self) {
        let n_nodes = self.cfg.n_nodes.clamp(1, 100);
        for i in 0..n_nodes {
            let name = node_name(i);
            let mut labels = std::collections::BTreeMap::new();
            labels.insert("kubernetes.io/hostname".to_string(), name.clone());
            labels.insert("kubernetes.io/os".to_string(), "linux".to_string());
            if i == 0 {
                labels.insert(
                    "node-role.kubernetes.io/control-plane".to_string(),
                    String::new(),
                );
            }
            let node = Node {
                meta: Meta {
                    name: name.clone(),
                    uid: ids::uid(&mut self.rng.names),
                    labels,
                    ..Meta::default()
                },
                ip: Ipv4Addr::new(192, 168, 49, 2 + i as u8),
                cidr_index: i as u8,
                images: PRELOADED
                    .iter()
                    .map(|i| ((*i).to_string(), Time::ZERO))
                    .collect(),
            };
            self.cluster.nodes.insert(name, node);
        }
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
        for (i, (name, image)) in STATIC_PODS.iter().enumerate() {
            let name = if name.ends_with('-') {
                ids::generate_name(name, &mut self.rng.names)
            } else {
                (*name).to_string()
            };
            let text = format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: kube-system\n  labels:\n    tier: control-plane\nspec:\n  nodeName: minikube\n  hostNetwork: true\n  priorityClassName: system-node-critical\n  containers:\n  - name: c{i}\n    image: {image}\n"
            );
            objects.extend(
                manifest::analyze(&text)
                    .objects
                    .into_iter()
                    .map(|o| o.resource),
            );
        }
        for obj in objects {
            let kind = obj.kind();
            let name = obj.metadata().name.clone().unwrap_or_default();
            if let Err(e) = self.apply_one_boot(obj) {
                self.violation(format!("boot: {} {name}: {}", kind.name(), e.message()));
            }
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
        self.boot_done = self.now;
        self.note(
            crate::manifest::objects::Kind::Namespace,
            &Key::cluster("default"),
            Change::Command,
            Msg::new("engine.booted"),
        );
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
