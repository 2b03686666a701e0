//! Simulation settings: named presets rather than flags, timings from the reference's minikube
//! figures (§3.5, §7.3).

use std::collections::BTreeMap;

use super::time::DEFAULT_EPOCH_UNIX_S;
use crate::manifest::objects::Taint;

/// How kube-proxy picks an endpoint for a new connection (reference §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyMode {
    /// The default: rule i of n matches with probability 1/(n−i).
    #[default]
    Iptables,
    /// Round-robin (`rr`), the IPVS default scheduler.
    Ipvs,
}

/// A range of delays in milliseconds; a value is drawn uniformly from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub min_ms: u64,
    pub max_ms: u64,
}

const fn span(min_ms: u64, max_ms: u64) -> Span {
    Span { min_ms, max_ms }
}

/// How long things take on a minikube node (docker driver). Empirical orders of magnitude from
/// the reference §3.5 and §7.3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timings {
    /// A controller noticing a change (informer + work queue).
    pub controller_ms: Span,
    /// kube-scheduler binding a pod.
    pub schedule_ms: Span,
    /// kubelet picking up a bound pod (first status: ContainerCreating).
    pub kubelet_ms: Span,
    /// Container start when the image is on the node.
    pub start_cached_ms: Span,
    /// First pull of an image on a node.
    pub pull_ms: Span,
    /// Dynamic provisioning by k8s.io/minikube-hostpath.
    pub provision_ms: Span,
    /// kubelet marking a deleted pod's container not ready.
    pub kill_notice_ms: Span,
    /// nginx leaving on its STOPSIGNAL (SIGQUIT).
    pub stop_nginx_ms: Span,
    /// Final removal of the pod object after its containers exited.
    pub remove_ms: Span,
}

impl Timings {
    /// minikube on a laptop.
    #[must_use]
    pub fn minikube() -> Timings {
        Timings {
            controller_ms: span(5, 60),
            schedule_ms: span(10, 100),
            kubelet_ms: span(30, 200),
            start_cached_ms: span(1_000, 3_000),
            pull_ms: span(5_000, 20_000),
            provision_ms: span(200, 2_000),
            kill_notice_ms: span(30, 150),
            stop_nginx_ms: span(200, 1_000),
            remove_ms: span(50, 300),
        }
    }
}

/// Everything a simulation starts from. Two simulations with equal configs and equal commands
/// produce identical traces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub seed: u64,
    /// Nodes: `minikube`, then `minikube-m02`, `minikube-m03`, …
    pub n_nodes: usize,
    /// kubelet's `maxPods` (default 110).
    pub max_pods_per_node: usize,
    pub proxy_mode: ProxyMode,
    pub timings: Timings,
    /// Wall-clock meaning of virtual time zero (Unix seconds).
    pub epoch_unix_s: i64,
    /// Trace entries kept (older ones are dropped, counted).
    pub trace_capacity: usize,
    /// Kubernetes Events kept (for `describe` and `get events`).
    pub event_capacity: usize,
    /// Upper bound on pods in the cluster ([`crate::manifest::MAX_PODS`] on the page):
    /// controllers create none past it, and a learner's own pod past it is refused.
    pub max_pods: usize,
    /// Check every invariant after every event (tests).
    pub check_invariants: bool,
    /// CPUs of each node's container (`minikube start --cpus`, default 2).
    pub node_cpus: u32,
    /// Memory of each node's container in MiB (`minikube start --memory`; minikube calls the
    /// unit MB).
    pub node_memory_mb: u64,
    /// Taints by node name, set when the node registers (minikube itself taints no node).
    pub node_taints: BTreeMap<String, Vec<Taint>>,
}

impl Config {
    /// A one-node minikube as after `minikube start`.
    #[must_use]
    pub fn minikube(seed: u64) -> Config {
        Config {
            seed,
            n_nodes: 1,
            max_pods_per_node: crate::manifest::NODE_PODS,
            proxy_mode: ProxyMode::Iptables,
            timings: Timings::minikube(),
            epoch_unix_s: DEFAULT_EPOCH_UNIX_S,
            trace_capacity: 20_000,
            event_capacity: 2_000,
            max_pods: crate::manifest::MAX_PODS,
            check_invariants: false,
            node_cpus: 2,
            node_memory_mb: 3900,
            node_taints: BTreeMap::new(),
        }
    }

    /// Enough nodes for `n_pods` pods at kubelet's 110 per node, and a pod limit above them
    /// (benchmarks, large scenarios).
    #[must_use]
    pub fn sized_for(seed: u64, n_pods: usize) -> Config {
        let mut c = Config::minikube(seed);
        c.n_nodes = (n_pods + 20).div_ceil(c.max_pods_per_node).clamp(1, 100);
        c.max_pods = c.max_pods.max(n_pods + 200);
        c
    }

    /// A minikube of `n` nodes as `minikube start --nodes n` makes it: with no `--memory`,
    /// minikube suggests a quarter of the host's memory split over the nodes but never under
    /// 2200 MB (`suggestMemoryAllocation` in kubernetes/minikube cmd/minikube/cmd/start_flags.go;
    /// the simulated host is the one whose quarter is the one-node default, 3900 MB).
    #[must_use]
    pub fn minikube_nodes(seed: u64, n: usize) -> Config {
        let mut c = Config::minikube(seed);
        c.n_nodes = n.clamp(1, 100);
        if c.n_nodes > 1 {
            c.node_memory_mb = (3900 / c.n_nodes as u64).max(2200);
        }
        c
    }

    #[must_use]
    pub fn with_invariants(mut self) -> Config {
        self.check_invariants = true;
        self
    }
}
