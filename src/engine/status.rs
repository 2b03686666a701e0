//! Status the controllers of stored kinds report, computed from the live cluster once, for the
//! console's printers and `-o yaml` alike.

use serde_json::Value;

use crate::manifest::objects::{Kind, LabelSelector};

use super::cluster::{Cluster, Deployment, Pod, ReplicaSet, StatefulSet, StoredObject};
use super::controllers::daemon_set;
use super::controllers::{deployment, replica_set};
use super::time::Time;

/// `PodDisruptionBudget.status` as the disruption controller computes it
/// (kubernetes/kubernetes `pkg/controller/disruption/disruption.go`: `getExpectedPodCount`,
/// `countHealthyPods`, `updatePdbStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PdbStatus {
    pub expected_pods: i64,
    pub current_healthy: i64,
    pub desired_healthy: i64,
    pub disruptions_allowed: i64,
}

/// An `IntOrString` field: a count, or a percentage of `total` rounded up (the controller's
/// `intstr.GetScaledValueFromIntOrPercent(..., roundUp=true)`).
fn scaled(v: &Value, total: i64) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => {
            let pct: i64 = s.strip_suffix('%')?.parse().ok()?;
            Some((pct * total + 99) / 100)
        }
        _ => None,
    }
}

/// The pods a PDB's selector picks: in its namespace; a missing selector picks none, an empty
/// one every pod (policy/v1).
fn selected<'a>(c: &'a Cluster, pdb: &StoredObject) -> Vec<&'a Pod> {
    let Some(sel) = pdb.field("spec.selector") else {
        return Vec::new();
    };
    let Some(sel) = crate::manifest::decode::from_json::<LabelSelector>(sel) else {
        return Vec::new();
    };
    c.pods
        .values()
        .filter(|p| p.meta.namespace == pdb.meta.namespace && sel.matches(&p.meta.labels))
        .collect()
}

/// The replicas the controllers of `pods` want (a Deployment's for its ReplicaSets' pods);
/// a pod without a controller counts as one.
fn controllers_scale(c: &Cluster, pods: &[&Pod]) -> i64 {
    let mut seen = std::collections::BTreeSet::new();
    let mut total = 0i64;
    for p in pods {
        let Some(owner) = p.meta.controller() else {
            total += 1;
            continue;
        };
        if !seen.insert(owner.uid.clone()) {
            continue;
        }
        let key = super::Key::new(&p.meta.namespace, &owner.name);
        let replicas = match owner.kind {
            Kind::StatefulSet => c.stateful_sets.get(&key).map(|s| s.replicas()),
            Kind::ReplicaSet => c.replica_sets.get(&key).map(|rs| {
                rs.meta
                    .controller()
                    .filter(|o| o.kind == Kind::Deployment)
                    .and_then(|d| c.deployments.get(&super::Key::new(&key.namespace, &d.name)))
                    .map_or(rs.replicas(), |d| d.replicas())
            }),
            _ => None,
        };
        total += i64::from(replicas.unwrap_or(0));
    }
    total
}

#[must_use]
pub fn pdb_status(c: &Cluster, pdb: &StoredObject) -> PdbStatus {
    let pods = selected(c, pdb);
    let current_healthy = pods
        .iter()
        .filter(|p| !p.is_terminating() && p.is_ready())
        .count();
    let current_healthy = i64::try_from(current_healthy).unwrap_or(i64::MAX);
    let n_pods = i64::try_from(pods.len()).unwrap_or(i64::MAX);
    let (expected, desired) = match (
        pdb.field("spec.maxUnavailable"),
        pdb.field("spec.minAvailable"),
    ) {
        (Some(max), _) => {
            let expected = controllers_scale(c, &pods);
            let max = scaled(max, expected).unwrap_or(0);
            (expected, (expected - max).max(0))
        }
        (None, Some(Value::Number(n))) => (n_pods, n.as_i64().unwrap_or(0)),
        (None, Some(min)) => {
            let expected = controllers_scale(c, &pods);
            (expected, scaled(min, expected).unwrap_or(0))
        }
        (None, None) => (n_pods, 0),
    };
    PdbStatus {
        expected_pods: expected,
        current_healthy,
        desired_healthy: desired,
        disruptions_allowed: (current_healthy - desired).max(0),
    }
}

/// `DaemonSet.status` as the DaemonSet controller computes it (kubernetes/kubernetes
/// `pkg/controller/daemon/daemon_controller.go` `updateDaemonSetStatus`): per node that should
/// run the pod, whether it has one (the oldest counts), and whether that one is Ready, available
/// and made from the current template; nodes that have a pod but should not run one are
/// misscheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DaemonSetStatus {
    pub desired_number_scheduled: i64,
    pub current_number_scheduled: i64,
    pub number_ready: i64,
    pub updated_number_scheduled: i64,
    pub number_available: i64,
    pub number_misscheduled: i64,
    pub observed_generation: i64,
}

impl DaemonSetStatus {
    /// `numberUnavailable`.
    #[must_use]
    pub fn number_unavailable(&self) -> i64 {
        (self.desired_number_scheduled - self.number_available).max(0)
    }
}

#[must_use]
pub fn daemon_set_status(c: &Cluster, ds: &StoredObject, now: Time) -> DaemonSetStatus {
    let mut st = DaemonSetStatus {
        observed_generation: ds.meta.generation.max(1),
        ..DaemonSetStatus::default()
    };
    let Some(d) = daemon_set::read(ds) else {
        return st;
    };
    let by_node = daemon_set::pods_by_node(c, &ds.meta.uid);
    for node in c.nodes.values() {
        let oldest = by_node.get(&node.meta.name).and_then(|p| p.first());
        if daemon_set::should_run(&d.template.spec, node) {
            st.desired_number_scheduled += 1;
            let Some(pod) = oldest else {
                continue;
            };
            st.current_number_scheduled += 1;
            if pod.is_ready() {
                st.number_ready += 1;
                if pod.is_available(d.min_ready_seconds, now) {
                    st.number_available += 1;
                }
            }
            if pod.meta.labels.get(daemon_set::HASH_LABEL) == Some(&d.hash) {
                st.updated_number_scheduled += 1;
            }
        } else if oldest.is_some() {
            st.number_misscheduled += 1;
        }
    }
    st
}

/// A StatefulSet's status (`StatefulSetStatus`, counted as `updateStatefulSet` counts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetStatus {
    pub replicas: i32,
    pub ready: i32,
    pub available: i32,
    pub current: i32,
    pub updated: i32,
}

#[must_use]
pub fn stateful_set(c: &Cluster, sts: &StatefulSet, now: Time) -> SetStatus {
    let mut s = SetStatus::default();
    let min_ready = sts.min_ready_seconds();
    for p in c.pods_of(&sts.meta.uid) {
        if p.is_terminal() {
            continue;
        }
        s.replicas += 1;
        if p.is_ready() && !p.is_terminating() {
            s.ready += 1;
            if p.is_available(min_ready, now) {
                s.available += 1;
            }
        }
        let rev = p.meta.labels.get("controller-revision-hash");
        if !p.is_terminating() {
            if rev.is_some_and(|r| *r == sts.current_revision) {
                s.current += 1;
            }
            if rev.is_some_and(|r| *r == sts.update_revision) {
                s.updated += 1;
            }
        }
    }
    s
}

/// A Deployment's status (`calculateStatus` in the deployment controller's sync.go).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployStatus {
    pub replicas: i32,
    pub updated: i32,
    pub ready: i32,
    pub available: i32,
}

/// The Deployment's ReplicaSets, newest (the one matching its template) first when present.
#[must_use]
pub fn replica_sets<'a>(
    c: &'a Cluster,
    d: &Deployment,
) -> (Option<&'a ReplicaSet>, Vec<&'a ReplicaSet>) {
    let hash = deployment::template_hash(d);
    let mut new = None;
    let mut old = Vec::new();
    for rs in c.replica_sets.values() {
        if rs.meta.namespace != d.meta.namespace || !rs.meta.owned_by(&d.meta.uid) {
            continue;
        }
        if rs.meta.labels.get("pod-template-hash") == Some(&hash) {
            new = Some(rs);
        } else {
            old.push(rs);
        }
    }
    (new, old)
}

#[must_use]
pub fn deployment(c: &Cluster, d: &Deployment, now: Time) -> DeployStatus {
    let (new, old) = replica_sets(c, d);
    let mut s = DeployStatus::default();
    for rs in new.iter().copied().chain(old) {
        let pods = replica_set::active_pods(c, rs);
        let n = i32::try_from(pods.len()).unwrap_or(i32::MAX);
        s.replicas += n;
        s.ready += i32::try_from(pods.iter().filter(|p| p.is_ready()).count()).unwrap_or(0);
        s.available += deployment::available(c, rs, now);
        if new.is_some_and(|x| x.meta.uid == rs.meta.uid) {
            s.updated += n;
        }
    }
    s
}
