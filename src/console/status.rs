//! The status fields the controllers would report for StatefulSets and Deployments
//! (`status.readyReplicas`, `updatedReplicas`, …), computed from the pods the engine holds, as
//! `kubectl rollout status` and the printers read them.

use crate::engine::cluster::{Deployment, ReplicaSet, StatefulSet};
use crate::engine::controllers::{deployment, replica_set};
use crate::engine::{Cluster, Time};

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
