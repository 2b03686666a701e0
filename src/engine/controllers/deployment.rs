//! The Deployment controller (reference §2.1–2.3): one ReplicaSet per pod template, named by
//! its pod-template-hash; rolling updates bounded by maxSurge and maxUnavailable with
//! Kubernetes' rounding; Recreate; proportional scaling reduced to the common cases.

use crate::i18n::Msg;
use crate::manifest::objects::{IntOrString, Kind, StrMap};

use super::Effect;
use crate::engine::cluster::{Cluster, Deployment, Key, Meta, ObjRef, OwnerRef, ReplicaSet};
use crate::engine::ids::pod_template_hash;
use crate::engine::time::Time;
use crate::engine::trace::EventType;

pub const HASH_LABEL: &str = "pod-template-hash";
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
/// The revisions a ReplicaSet had before a rollback made it the newest again.
pub const REVISION_HISTORY_ANNOTATION: &str = "deployment.kubernetes.io/revision-history";
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";
/// `maxRevHistoryLengthInChars`: the revision history is cut from its oldest end to this.
const MAX_REVISION_HISTORY_CHARS: usize = 2000;
const SOURCE: &str = "deployment-controller";

/// An IntOrString scaled against `total`: percentages round up for surge, down for
/// unavailable (`intstr.GetScaledValueFromIntOrPercent`).
fn scaled(v: Option<&IntOrString>, total: i32, round_up: bool, default_pct: i32) -> i32 {
    match v {
        Some(IntOrString::Int(i)) => i32::try_from(*i).unwrap_or(0).max(0),
        Some(IntOrString::Str(s)) => {
            let pct: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            pct_of(pct, total, round_up)
        }
        None => pct_of(i64::from(default_pct), total, round_up),
    }
}

fn pct_of(pct: i64, total: i32, round_up: bool) -> i32 {
    let x = pct.saturating_mul(i64::from(total));
    let r = if round_up {
        x.saturating_add(99) / 100
    } else {
        x / 100
    };
    i32::try_from(r).unwrap_or(i32::MAX)
}

/// `ResolveFenceposts`: (maxSurge, maxUnavailable) as pod counts.
#[must_use]
pub fn fenceposts(d: &Deployment) -> (i32, i32) {
    let replicas = d.replicas();
    let ru = d
        .spec
        .strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref());
    let surge = scaled(ru.and_then(|r| r.max_surge.as_ref()), replicas, true, 25);
    let mut unavailable = scaled(
        ru.and_then(|r| r.max_unavailable.as_ref()),
        replicas,
        false,
        25,
    );
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable)
}

/// The hash the current template has.
#[must_use]
pub fn template_hash(d: &Deployment) -> String {
    let json = serde_json::to_string(&d.spec.template).unwrap_or_default();
    pod_template_hash(&json, d.collision_count)
}

/// Available pods of a ReplicaSet at `now`.
#[must_use]
pub fn available(cluster: &Cluster, rs: &ReplicaSet, now: Time) -> i32 {
    let min_ready = rs.spec.min_ready_seconds.unwrap_or(0);
    cluster
        .pods_of(&rs.meta.uid)
        .filter(|p| !p.is_terminating() && p.is_available(min_ready, now))
        .count() as i32
}

/// `SetReplicasAnnotations`: desired-replicas (the Deployment's replicas) and max-replicas
/// (replicas + maxSurge), as the Deployment is now.
fn replicas_annotations(d: &Deployment) -> StrMap {
    let (surge, _) = fenceposts(d);
    let mut annotations = StrMap::new();
    annotations.insert(
        DESIRED_REPLICAS_ANNOTATION.to_string(),
        d.replicas().to_string(),
    );
    annotations.insert(
        MAX_REPLICAS_ANNOTATION.to_string(),
        d.replicas().saturating_add(surge).to_string(),
    );
    annotations
}

/// `revision-history` with `revision` appended, its oldest entries dropped to stay within
/// [`MAX_REVISION_HISTORY_CHARS`].
fn append_history(history: &str, revision: &str) -> String {
    let mut kept: Vec<&str> = history.split(',').filter(|r| !r.is_empty()).collect();
    while !kept.is_empty()
        && kept.iter().map(|r| r.len() + 1).sum::<usize>() + revision.len()
            > MAX_REVISION_HISTORY_CHARS
    {
        kept.remove(0);
    }
    kept.push(revision);
    kept.join(",")
}

/// `SetNewReplicaSetAnnotations` on the existing ReplicaSet of the current template: its
/// revision must be above every other one's, so a template that went back to an older
/// ReplicaSet's (a rollback, the image set back) raises that ReplicaSet to max + 1, and the
/// revision it had goes into `revision-history`. Nothing when it is the newest already.
fn sync_revision(new: &ReplicaSet, old: &[&ReplicaSet]) -> Option<Effect> {
    let next = old
        .iter()
        .map(|rs| rs.revision())
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let had = new
        .meta
        .annotations
        .get(REVISION_ANNOTATION)
        .filter(|r| !r.is_empty());
    // An annotation that is not a number is left alone, as upstream does.
    let current = match had {
        Some(r) => r.parse::<i64>().ok()?,
        None => 0,
    };
    if current >= next {
        return None;
    }
    let mut annotations = StrMap::new();
    annotations.insert(REVISION_ANNOTATION.to_string(), next.to_string());
    if let Some(had) = had {
        let history = new
            .meta
            .annotations
            .get(REVISION_HISTORY_ANNOTATION)
            .map_or("", String::as_str);
        annotations.insert(
            REVISION_HISTORY_ANNOTATION.to_string(),
            append_history(history, had),
        );
    }
    Some(Effect::SetReplicaSetAnnotations {
        key: new.meta.key(),
        annotations,
    })
}

fn new_rs(d: &Deployment, hash: &str, replicas: i32, revision: i64) -> ReplicaSet {
    let mut spec = crate::manifest::objects::ReplicaSetSpec {
        replicas: Some(replicas),
        min_ready_seconds: d.spec.min_ready_seconds,
        selector: d.spec.selector.clone(),
        template: d.spec.template.clone(),
    };
    spec.template
        .metadata
        .labels
        .insert(HASH_LABEL.into(), hash.to_string());
    if let Some(sel) = spec.selector.as_mut() {
        sel.match_labels.insert(HASH_LABEL.into(), hash.to_string());
    }
    let mut labels = d.spec.template.metadata.labels.clone();
    labels.insert(HASH_LABEL.into(), hash.to_string());
    let mut annotations = replicas_annotations(d);
    annotations.insert(REVISION_ANNOTATION.to_string(), revision.to_string());
    ReplicaSet {
        meta: Meta {
            name: format!("{}-{hash}", d.meta.name),
            namespace: d.meta.namespace.clone(),
            labels,
            annotations,
            owners: vec![OwnerRef::controller(Kind::Deployment, &d.meta)],
            ..Meta::default()
        },
        spec,
    }
}

/// The rollout waits: scaling an old ReplicaSet down now would leave fewer than
/// `min_available` pods available (`maxUnavailable` is `max_unavailable`).
fn wait_available(object: ObjRef, min_available: i32, max_unavailable: i32) -> Effect {
    Effect::Wait {
        object,
        reason: Msg::new("engine.deploy.wait.available")
            .text(min_available.to_string())
            .text(max_unavailable.to_string()),
    }
}

fn scale(d: &Deployment, rs: &ReplicaSet, to: i32, why: Msg) -> Vec<Effect> {
    let from = rs.replicas();
    let word = if to > from { "up" } else { "down" };
    // `scaleReplicaSet` writes the replica annotations with every scale it makes.
    let wanted = replicas_annotations(d);
    let stale = wanted
        .iter()
        .any(|(k, v)| rs.meta.annotations.get(k) != Some(v));
    let mut out = vec![Effect::event(
        EventType::Normal,
        Kind::Deployment,
        &d.meta.key(),
        &d.meta.uid,
        "ScalingReplicaSet",
        format!(
            "Scaled {word} replica set {} to {to} from {from}",
            rs.meta.name
        ),
        SOURCE,
    )];
    if stale {
        out.push(Effect::SetReplicaSetAnnotations {
            key: rs.meta.key(),
            annotations: wanted,
        });
    }
    out.push(Effect::ScaleReplicaSet {
        key: rs.meta.key(),
        replicas: to,
        by: ObjRef::new(Kind::Deployment, &d.meta.key()),
        reason: why,
    });
    out
}

/// Emits the new ReplicaSet for the current template with `initial` replicas (or a wait when
/// the name is taken by an object the Deployment does not own).
fn create_rs(
    cluster: &Cluster,
    d: &Deployment,
    hash: &str,
    initial: i32,
    old: &[&ReplicaSet],
    out: &mut Vec<Effect>,
) {
    let key = d.meta.key();
    let obj = ObjRef::new(Kind::Deployment, &key);
    let name = format!("{}-{hash}", d.meta.name);
    if cluster
        .replica_sets
        .contains_key(&Key::new(&d.meta.namespace, &name))
    {
        // `getNewReplicaSet`: a name taken by a ReplicaSet this Deployment does not own
        // bumps collisionCount, so the next sync hashes to a new name, and returns the error
        // (the sync is retried with back-off).
        out.push(Effect::Wait {
            object: obj,
            reason: Msg::new("engine.deploy.collision").text(&name),
        });
        out.push(Effect::BumpCollisionCount { key: d.meta.key() });
        out.push(Effect::Failed);
        return;
    }
    let revision = old.iter().map(|rs| rs.revision()).max().unwrap_or(0) + 1;
    let rs = new_rs(d, hash, initial, revision);
    if initial > 0 {
        out.push(Effect::event(
            EventType::Normal,
            Kind::Deployment,
            &key,
            &d.meta.uid,
            "ScalingReplicaSet",
            format!("Scaled up replica set {} to {initial} from 0", rs.meta.name),
            SOURCE,
        ));
    }
    out.push(Effect::CreateReplicaSet {
        reason: Msg::new("engine.deploy.newrs")
            .text(&rs.meta.name)
            .text(hash)
            .text(initial.to_string()),
        rs: Box::new(rs),
        by: obj,
    });
}

/// `rolloutRecreate` (reference §2.3): scale every old ReplicaSet to 0; wait until none of
/// their pods is running (terminal pods do not count, `oldPodsRunning`); only then create the
/// new ReplicaSet (directly at `replicas`) or scale it up. The new ReplicaSet is not created
/// earlier, "so that we avoid scaling up before scaling down".
fn recreate(
    cluster: &Cluster,
    d: &Deployment,
    new: Option<&ReplicaSet>,
    old: &[&ReplicaSet],
    hash: &str,
    mut out: Vec<Effect>,
) -> Vec<Effect> {
    let replicas = d.replicas();
    let obj = ObjRef::new(Kind::Deployment, &d.meta.key());
    let mut scaled_down = false;
    for rs in old.iter().filter(|rs| rs.replicas() > 0) {
        scaled_down = true;
        out.extend(scale(
            d,
            rs,
            0,
            Msg::new("engine.deploy.recreate.down").text(&rs.meta.name),
        ));
    }
    if scaled_down {
        return out;
    }
    let old_running = old
        .iter()
        .flat_map(|rs| cluster.pods_of(&rs.meta.uid))
        .filter(|p| !p.is_terminal())
        .count();
    if old_running > 0 {
        out.push(Effect::Wait {
            object: obj,
            reason: Msg::new("engine.deploy.recreate.wait").text(old_running.to_string()),
        });
        return out;
    }
    match new {
        None => create_rs(cluster, d, hash, replicas, old, &mut out),
        Some(new) if new.replicas() != replicas => out.extend(scale(
            d,
            new,
            replicas,
            Msg::new("engine.deploy.scale").text(replicas.to_string()),
        )),
        Some(_) => {}
    }
    out
}

#[must_use]
pub fn sync(cluster: &Cluster, key: &Key, now: Time) -> Vec<Effect> {
    let mut out = Vec::new();
    let Some(d) = cluster.deployments.get(key) else {
        return out;
    };
    if d.meta.deleting.is_some() {
        return out;
    }
    // Orphan ReplicaSets matching the selector are adopted (`ClaimReplicaSets`).
    claim_replica_sets(cluster, key, d, &mut out);
    if !out.is_empty() {
        return out;
    }
    let hash = template_hash(d);
    let mut owned = cluster.replica_sets_of(&d.meta.uid);
    owned.sort_by_key(|rs| (rs.meta.created, rs.meta.name.clone()));
    let new = owned
        .iter()
        .find(|rs| rs.meta.labels.get(HASH_LABEL) == Some(&hash))
        .copied();
    let old: Vec<&ReplicaSet> = owned
        .iter()
        .filter(|rs| rs.meta.labels.get(HASH_LABEL) != Some(&hash))
        .copied()
        .collect();
    let replicas = d.replicas();
    let (surge, _) = fenceposts(d);
    // `getAllReplicaSetsAndSyncRevision`, for both strategies.
    out.extend(new.and_then(|n| sync_revision(n, &old)));
    // `getNewReplicaSet`: the current ReplicaSet follows the Deployment's minReadySeconds.
    if let Some(n) = new.filter(|n| n.spec.min_ready_seconds != d.spec.min_ready_seconds) {
        out.push(Effect::SetReplicaSetMinReady {
            key: n.meta.key(),
            seconds: d.spec.min_ready_seconds,
        });
    }

    if d.spec.paused {
        scale_paused(d, &owned, new, &mut out);
        return out;
    }

    if d.recreate() {
        return recreate(cluster, d, new, &old, &hash, out);
    }

    let Some(new) = new else {
        // A new template: a new ReplicaSet, as large as maxSurge allows (`NewRSNewReplicas`).
        let old_total: i32 = old
            .iter()
            .map(|rs| rs.replicas())
            .fold(0, i32::saturating_add);
        let initial = if old_total == 0 {
            replicas
        } else {
            replicas
                .saturating_add(surge)
                .saturating_sub(old_total)
                .clamp(0, replicas)
        };
        create_rs(cluster, d, &hash, initial, &old, &mut out);
        return out;
    };

    let old_active: Vec<&ReplicaSet> = old.iter().filter(|rs| rs.replicas() > 0).copied().collect();
    if old_active.is_empty() {
        // Not rolling: plain scaling.
        if new.replicas() != replicas {
            out.extend(scale(
                d,
                new,
                replicas,
                Msg::new("engine.deploy.scale").text(replicas.to_string()),
            ));
        }
        return out;
    }

    // reconcileNewReplicaSet, then reconcileOldReplicaSets.
    if reconcile_new_replica_set(d, &owned, new, surge, &mut out) {
        return out;
    }
    reconcile_old_replica_sets(cluster, d, &owned, new, &old_active, now, out)
}

/// `ClaimReplicaSets`: adopts the orphan ReplicaSets the selector matches.
fn claim_replica_sets(cluster: &Cluster, key: &Key, d: &Deployment, out: &mut Vec<Effect>) {
    let Some(sel) = d.spec.selector.as_ref().filter(|s| !s.is_empty()) else {
        return;
    };
    for rs in cluster.replica_sets.values() {
        if rs.meta.namespace == key.namespace
            && rs.meta.controller().is_none()
            && rs.meta.deleting.is_none()
            && sel.matches(&rs.meta.labels)
        {
            out.push(Effect::AdoptReplicaSet {
                key: rs.meta.key(),
                owner: OwnerRef::controller(Kind::Deployment, &d.meta),
            });
        }
    }
}

/// A paused Deployment: no rollout, only scaling.
fn scale_paused(
    d: &Deployment,
    owned: &[&ReplicaSet],
    new: Option<&ReplicaSet>,
    out: &mut Vec<Effect>,
) {
    let replicas = d.replicas();
    // `dc.sync`: a paused Deployment rolls nothing out but still scales. `scale` in
    // sync.go gives the new size to the one active ReplicaSet (the newest one when none is
    // active); several active sets (paused mid-rollout) are scaled proportionally there,
    // which podplay simplifies to the largest one taking the difference.
    let active: Vec<&ReplicaSet> = owned
        .iter()
        .filter(|rs| rs.replicas() > 0)
        .copied()
        .collect();
    let target = match active.as_slice() {
        [] => new.or_else(|| owned.last().copied()),
        [one] => Some(*one),
        many => many
            .iter()
            .max_by_key(|rs| (rs.replicas(), rs.meta.created))
            .copied(),
    };
    if let Some(rs) = target {
        let others: i32 = active
            .iter()
            .filter(|a| a.meta.uid != rs.meta.uid)
            .map(|a| a.replicas())
            .sum();
        let want = (replicas - others).max(0);
        if rs.replicas() != want {
            out.extend(scale(
                d,
                rs,
                want,
                Msg::new("engine.deploy.scale").text(want.to_string()),
            ));
        }
    }
}

/// `reconcileNewReplicaSet`: scales the new ReplicaSet down to the desired size or up as far
/// as maxSurge allows; true when it did (the sync ends there).
fn reconcile_new_replica_set(
    d: &Deployment,
    owned: &[&ReplicaSet],
    new: &ReplicaSet,
    surge: i32,
    out: &mut Vec<Effect>,
) -> bool {
    let replicas = d.replicas();
    let total: i32 = owned
        .iter()
        .map(|rs| rs.replicas())
        .fold(0, i32::saturating_add);
    if new.replicas() > replicas {
        out.extend(scale(
            d,
            new,
            replicas,
            Msg::new("engine.deploy.scale").text(replicas.to_string()),
        ));
        return true;
    }
    let max_total = replicas.saturating_add(surge);
    if total < max_total && new.replicas() < replicas {
        let up = max_total
            .saturating_sub(total)
            .min(replicas.saturating_sub(new.replicas()));
        out.extend(scale(
            d,
            new,
            new.replicas().saturating_add(up),
            Msg::new("engine.deploy.surge")
                .text(&new.meta.name)
                .text(surge.to_string())
                .text(max_total.to_string()),
        ));
        return true;
    }
    false
}

/// `reconcileOldReplicaSets`: scales old ReplicaSets down, unhealthy replicas first, as far
/// as maxUnavailable allows.
fn reconcile_old_replica_sets(
    cluster: &Cluster,
    d: &Deployment,
    owned: &[&ReplicaSet],
    new: &ReplicaSet,
    old_active: &[&ReplicaSet],
    now: Time,
    mut out: Vec<Effect>,
) -> Vec<Effect> {
    let replicas = d.replicas();
    let (_, max_unavailable) = fenceposts(d);
    let obj = ObjRef::new(Kind::Deployment, &d.meta.key());
    let total: i32 = owned
        .iter()
        .map(|rs| rs.replicas())
        .fold(0, i32::saturating_add);
    let min_available = replicas.saturating_sub(max_unavailable);
    let new_unavailable = new
        .replicas()
        .saturating_sub(available(cluster, new, now))
        .max(0);
    let max_scaled_down = total
        .saturating_sub(min_available)
        .saturating_sub(new_unavailable);
    if max_scaled_down <= 0 {
        out.push(wait_available(obj, min_available, max_unavailable));
        return out;
    }
    // Clean up unhealthy old replicas first.
    let mut budget = max_scaled_down;
    let mut scaled_any = false;
    for rs in old_active {
        if budget <= 0 {
            break;
        }
        let unhealthy = rs.replicas() - available(cluster, rs, now);
        if unhealthy > 0 {
            let down = unhealthy.min(budget).min(rs.replicas());
            budget -= down;
            scaled_any = true;
            out.extend(scale(
                d,
                rs,
                rs.replicas() - down,
                Msg::new("engine.deploy.old.unhealthy").text(&rs.meta.name),
            ));
        }
    }
    if scaled_any {
        return out;
    }
    let all_available: i32 = owned.iter().map(|rs| available(cluster, rs, now)).sum();
    let mut remaining = all_available.saturating_sub(min_available);
    if remaining <= 0 {
        out.push(wait_available(obj, min_available, max_unavailable));
        return out;
    }
    for rs in old_active {
        if remaining <= 0 {
            break;
        }
        let down = rs.replicas().min(remaining);
        remaining -= down;
        out.extend(scale(
            d,
            rs,
            rs.replicas() - down,
            Msg::new("engine.deploy.old.down")
                .text(&rs.meta.name)
                .text(min_available.to_string()),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::objects::{DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment};

    fn dep(replicas: i32) -> Deployment {
        Deployment {
            meta: Meta::default(),
            spec: DeploymentSpec {
                replicas: Some(replicas),
                strategy: Some(DeploymentStrategy {
                    type_: Some("RollingUpdate".into()),
                    rolling_update: Some(RollingUpdateDeployment {
                        max_unavailable: Some(IntOrString::Str("25%".into())),
                        max_surge: Some(IntOrString::Str("25%".into())),
                    }),
                }),
                ..DeploymentSpec::default()
            },
            collision_count: None,
            observed_generation: 0,
        }
    }

    #[test]
    fn fenceposts_round_surge_up_and_unavailable_down() {
        // Pins Appendix C's 25%/25% table.
        let got: Vec<(i32, i32)> = [1, 3, 4, 5, 10]
            .iter()
            .map(|r| fenceposts(&dep(*r)))
            .collect();
        assert_eq!(got, [(1, 0), (1, 0), (1, 1), (2, 1), (3, 2)]);
    }

    #[test]
    fn revision_history_appends_and_drops_its_oldest_entries_past_2000_characters() {
        // Pins SetNewReplicaSetAnnotations' revision-history: comma list, cut from the front.
        assert_eq!(append_history("", "1"), "1");
        assert_eq!(append_history("1", "3"), "1,3");
        let long: Vec<String> = (1000..1400).map(|n| n.to_string()).collect();
        let got = append_history(&long.join(","), "1400");
        assert!(got.len() <= MAX_REVISION_HISTORY_CHARS, "{}", got.len());
        assert!(got.ends_with(",1399,1400"));
        assert!(!got.starts_with("1000,"));
    }
}
