//! The ReplicaSet controller (`manageReplicas`, reference §2.4–2.5): create missing pods in
//! parallel with generated names, delete surplus pods in the order `ActivePodsWithRanks` sorts.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use crate::i18n::Msg;
use crate::manifest::objects::Kind;

use super::Effect;
use crate::engine::cluster::{Cluster, Key, Meta, ObjRef, OwnerRef, Phase, Pod, ReplicaSet};
use crate::engine::time::Time;

/// `burstReplicas`: at most this many creations or deletions per sync.
pub const BURST_REPLICAS: usize = 500;

/// A new pod from the ReplicaSet's template, named by the apiserver from `<rs>-`.
#[must_use]
pub fn new_pod(rs: &ReplicaSet) -> Pod {
    let tmpl = &rs.spec.template;
    Pod::new(
        Meta {
            name: String::new(),
            generate_name: Some(format!("{}-", rs.meta.name)),
            namespace: rs.meta.namespace.clone(),
            labels: tmpl.metadata.labels.clone(),
            annotations: tmpl.metadata.annotations.clone(),
            owners: vec![OwnerRef::controller(Kind::ReplicaSet, &rs.meta)],
            ..Meta::default()
        },
        tmpl.spec.clone(),
    )
}

/// Pods that count toward the ReplicaSet: not being deleted, not finished.
pub fn active_pods<'a>(cluster: &'a Cluster, rs: &ReplicaSet) -> Vec<&'a Pod> {
    cluster
        .pods_of(&rs.meta.uid)
        .filter(|p| !p.is_terminating() && !p.is_terminal())
        .collect()
}

/// log2 bucket of an age in seconds (`LogarithmicScaleDown`): younger pods rank lower.
fn bucket(now: Time, t: Option<Time>) -> u32 {
    match t {
        Some(t) => {
            let age_s = now.secs_since(t) + 1;
            64 - age_s.leading_zeros()
        }
        None => 0,
    }
}

/// Pods in the order they are deleted on scale-down (`ActivePodsWithRanks.Less`).
#[must_use]
pub fn deletion_order<'a>(pods: &[&'a Pod], now: Time) -> Vec<&'a Pod> {
    let mut per_node: BTreeMap<&str, usize> = BTreeMap::new();
    for p in pods {
        if let Some(n) = p.spec.node_name.as_deref() {
            *per_node.entry(n).or_insert(0) += 1;
        }
    }
    let mut v = pods.to_vec();
    v.sort_by_key(|p| {
        let assigned = p.spec.node_name.is_some();
        let phase = match p.phase() {
            Phase::Pending => 0,
            Phase::Running => 2,
            _ => 1,
        };
        let rank = p
            .spec
            .node_name
            .as_deref()
            .and_then(|n| per_node.get(n))
            .copied()
            .unwrap_or(0);
        let ready = p.is_ready();
        let ready_bucket = if ready {
            bucket(now, p.status.ready_since)
        } else {
            0
        };
        (
            assigned,
            phase,
            ready,
            Reverse(rank),
            ready_bucket,
            Reverse(p.status.restarts),
            bucket(now, Some(p.meta.created)),
            p.meta.uid.clone(),
        )
    });
    v
}

/// One sync of the ReplicaSet `key`, creating at most `room` pods (what podplay's pod limit
/// leaves).
#[must_use]
pub fn sync(cluster: &Cluster, key: &Key, now: Time, room: usize) -> Vec<Effect> {
    let mut out = Vec::new();
    let Some(rs) = cluster.replica_sets.get(key) else {
        return out;
    };
    if rs.meta.deleting.is_some() {
        return out;
    }
    let by = ObjRef::new(Kind::ReplicaSet, key);
    // Orphans matching the selector are adopted (`ClaimPods`).
    if let Some(sel) = rs.spec.selector.as_ref().filter(|s| !s.is_empty()) {
        for pod in cluster.orphan_pods_in(&key.namespace) {
            if sel.matches(&pod.meta.labels) {
                out.push(Effect::AdoptPod {
                    key: pod.meta.key(),
                    owner: OwnerRef::controller(Kind::ReplicaSet, &rs.meta),
                });
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    let active = active_pods(cluster, rs);
    let want = usize::try_from(rs.replicas()).unwrap_or(0);
    if active.len() < want {
        let burst = (want - active.len()).min(BURST_REPLICAS);
        let n = burst.min(room);
        if n < burst {
            out.push(Effect::PodLimit {
                by: by.clone(),
                pod: String::new(),
            });
        }
        for _ in 0..n {
            out.push(Effect::CreatePod {
                pod: Box::new(new_pod(rs)),
                by: by.clone(),
                reason: Msg::new("engine.rs.create")
                    .text(&rs.meta.name)
                    .text(active.len().to_string())
                    .text(want.to_string()),
            });
        }
    } else if active.len() > want {
        let n = (active.len() - want).min(BURST_REPLICAS);
        for pod in deletion_order(&active, now).into_iter().take(n) {
            out.push(Effect::DeletePod {
                key: pod.meta.key(),
                by: by.clone(),
                reason: Msg::new("engine.rs.delete")
                    .text(&pod.meta.name)
                    .text(&rs.meta.name)
                    .text(want.to_string()),
            });
        }
    }
    out
}
