//! The garbage collector: objects whose every owner is gone are deleted (background
//! propagation), which is how a deleted StatefulSet, Deployment, ReplicaSet or DaemonSet takes its pods,
//! ReplicaSets and (with a Delete retention policy) claims along.

use std::collections::BTreeSet;

use crate::i18n::Msg;
use crate::manifest::objects::Kind;

use super::Effect;
use crate::engine::cluster::{Cluster, Meta, ObjRef};

fn orphaned(meta: &Meta, live: &BTreeSet<&str>) -> Option<String> {
    if meta.owners.is_empty() || meta.deleting.is_some() {
        return None;
    }
    if meta.owners.iter().any(|o| live.contains(o.uid.as_str())) {
        return None;
    }
    meta.owners
        .first()
        .map(|o| format!("{}/{}", o.kind.name().to_lowercase(), o.name))
}

/// One pass: every dependent whose owners are all gone is deleted.
#[must_use]
pub fn sync(cluster: &Cluster) -> Vec<Effect> {
    let mut live: BTreeSet<&str> = BTreeSet::new();
    live.extend(cluster.stateful_sets.values().map(|o| o.meta.uid.as_str()));
    live.extend(cluster.deployments.values().map(|o| o.meta.uid.as_str()));
    live.extend(cluster.replica_sets.values().map(|o| o.meta.uid.as_str()));
    live.extend(cluster.pods.values().map(|o| o.meta.uid.as_str()));
    live.extend(cluster.stored.values().map(|o| o.meta.uid.as_str()));
    let mut out = Vec::new();
    for rs in cluster.replica_sets.values() {
        if let Some(owner) = orphaned(&rs.meta, &live) {
            out.push(Effect::DeleteReplicaSet {
                key: rs.meta.key(),
                reason: Msg::new("engine.gc").text(&rs.meta.name).text(owner),
            });
        }
    }
    for pod in cluster.pods.values() {
        if let Some(owner) = orphaned(&pod.meta, &live) {
            out.push(Effect::DeletePod {
                key: pod.meta.key(),
                by: ObjRef::new(Kind::Pod, &pod.meta.key()),
                reason: Msg::new("engine.gc").text(&pod.meta.name).text(owner),
            });
        }
    }
    for claim in cluster.pvcs.values() {
        if let Some(owner) = orphaned(&claim.meta, &live) {
            out.push(Effect::DeleteClaim {
                key: claim.meta.key(),
                reason: Msg::new("engine.gc").text(&claim.meta.name).text(owner),
            });
        }
    }
    out
}
