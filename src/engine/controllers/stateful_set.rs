//! The StatefulSet controller (`updateStatefulSet`, reference §1.3): identity, ordered or
//! parallel scaling, claims from templates and their retention, rolling updates in reverse
//! ordinal order with a partition, OnDelete.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use crate::i18n::Msg;
use crate::manifest::objects::{Kind, PersistentVolumeClaimVolumeSource, Volume};

use super::Effect;
use crate::engine::cluster::{
    ClaimPhase, Cluster, Key, Meta, ObjRef, OwnerRef, PersistentVolumeClaim, Pod, Revision,
    StatefulSet,
};
use crate::engine::ids::revision_hash;
use crate::engine::time::Time;
use crate::engine::trace::EventType;

pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
pub const REVISION_LABEL: &str = "controller-revision-hash";
const SOURCE: &str = "statefulset-controller";

/// The ordinal of a pod of `set`, parsed as `statefulPodRegex` does.
#[must_use]
pub fn ordinal_of(set: &str, pod: &str) -> Option<i32> {
    pod.strip_prefix(set)?
        .strip_prefix('-')?
        .parse::<i32>()
        .ok()
        .filter(|n| *n >= 0)
}

/// `<template>-<set>-<ordinal>`.
#[must_use]
pub fn claim_name(template: &str, set: &str, ordinal: i32) -> String {
    format!("{template}-{set}-{ordinal}")
}

/// The revision the current template would have.
#[must_use]
pub fn update_revision(sts: &StatefulSet) -> (String, String) {
    let json = serde_json::to_string(&sts.spec.template).unwrap_or_default();
    let hash = revision_hash(&json);
    (format!("{}-{hash}", sts.meta.name), hash)
}

fn obj(sts: &StatefulSet) -> ObjRef {
    ObjRef::new(Kind::StatefulSet, &sts.meta.key())
}

/// A new pod for `ordinal` from `revision`'s template (`newVersionedStatefulSetPod`).
#[must_use]
pub fn new_pod(sts: &StatefulSet, ordinal: i32, revision: &Revision) -> Pod {
    let name = format!("{}-{ordinal}", sts.meta.name);
    let tmpl = &revision.template;
    let mut labels = tmpl.metadata.labels.clone();
    labels.insert(POD_NAME_LABEL.into(), name.clone());
    labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
    labels.insert(REVISION_LABEL.into(), revision.name.clone());
    let mut spec = tmpl.spec.clone();
    spec.hostname = Some(name.clone());
    let service = sts.service_name();
    spec.subdomain = (!service.is_empty()).then(|| service.to_string());
    for ct in &sts.spec.volume_claim_templates {
        let vname = ct.metadata.name.clone().unwrap_or_default();
        let source = PersistentVolumeClaimVolumeSource {
            claim_name: claim_name(&vname, &sts.meta.name, ordinal),
            read_only: false,
        };
        spec.volumes.retain(|v| v.name != vname);
        spec.volumes.push(Volume {
            name: vname,
            persistent_volume_claim: Some(source),
            ..Volume::default()
        });
    }
    Pod::new(
        Meta {
            name,
            namespace: sts.meta.namespace.clone(),
            labels,
            annotations: tmpl.metadata.annotations.clone(),
            owners: vec![OwnerRef::controller(Kind::StatefulSet, &sts.meta)],
            ..Meta::default()
        },
        spec,
    )
}

/// The claims a pod of `ordinal` needs (`getPersistentVolumeClaims`).
#[must_use]
pub fn new_claims(sts: &StatefulSet, ordinal: i32) -> Vec<PersistentVolumeClaim> {
    sts.spec
        .volume_claim_templates
        .iter()
        .map(|ct| {
            let tname = ct.metadata.name.clone().unwrap_or_default();
            let mut labels = ct.metadata.labels.clone();
            if let Some(sel) = &sts.spec.selector {
                labels.extend(sel.match_labels.clone());
            }
            let owners = if sts.delete_claims_with_set() {
                vec![set_ref(sts)]
            } else {
                Vec::new()
            };
            PersistentVolumeClaim {
                meta: Meta {
                    name: claim_name(&tname, &sts.meta.name, ordinal),
                    namespace: sts.meta.namespace.clone(),
                    labels,
                    annotations: ct.metadata.annotations.clone(),
                    owners,
                    ..Meta::default()
                },
                spec: ct.spec.clone(),
                phase: ClaimPhase::Pending,
                capacity: None,
                last_problem: None,
            }
        })
        .collect()
}

fn wait(sts: &StatefulSet, id: &'static str, a: &str, b: &str) -> Effect {
    Effect::Wait {
        object: obj(sts),
        reason: Msg::new(id).text(a).text(b),
    }
}

/// Creates the missing claims of `ordinal`; `Err` when one is being deleted (the pod must wait).
fn ensure_claims(
    cluster: &Cluster,
    sts: &StatefulSet,
    ordinal: i32,
    out: &mut Vec<Effect>,
) -> Result<(), String> {
    // Cheap check first: most syncs find every claim in place.
    let mut all_present = true;
    for ct in &sts.spec.volume_claim_templates {
        let name = claim_name(
            ct.metadata.name.as_deref().unwrap_or(""),
            &sts.meta.name,
            ordinal,
        );
        match cluster.pvcs.get(&Key::new(&sts.meta.namespace, &name)) {
            Some(c) if c.meta.deleting.is_some() => return Err(name),
            Some(_) => {}
            None => all_present = false,
        }
    }
    if all_present {
        return Ok(());
    }
    for claim in new_claims(sts, ordinal) {
        let key = claim.meta.key();
        match cluster.pvcs.get(&key) {
            Some(existing) if existing.meta.deleting.is_some() => {
                return Err(key.name);
            }
            Some(_) => {}
            None => {
                let pod = format!("{}-{ordinal}", sts.meta.name);
                out.push(Effect::event(
                    EventType::Normal,
                    Kind::StatefulSet,
                    &sts.meta.key(),
                    &sts.meta.uid,
                    "SuccessfulCreate",
                    format!(
                        "create Claim {} Pod {pod} in StatefulSet {} success",
                        key.name, sts.meta.name
                    ),
                    SOURCE,
                ));
                out.push(Effect::CreateClaim {
                    reason: Msg::new("engine.sts.claim").text(&key.name).text(&pod),
                    claim: Box::new(claim),
                    by: obj(sts),
                });
            }
        }
    }
    Ok(())
}

/// `Normal SuccessfulDelete`, recorded for every pod the controller deletes (`recordPodEvent`,
/// reference §1.2).
fn deleted_event(sts: &StatefulSet, pod: &str) -> Effect {
    Effect::event(
        EventType::Normal,
        Kind::StatefulSet,
        &sts.meta.key(),
        &sts.meta.uid,
        "SuccessfulDelete",
        format!(
            "delete Pod {pod} in StatefulSet {} successful",
            sts.meta.name
        ),
        SOURCE,
    )
}

fn set_ref(sts: &StatefulSet) -> OwnerRef {
    OwnerRef::controller(Kind::StatefulSet, &sts.meta)
}

/// Adds (`want`) or removes `r` (matched by UID) in `owners`.
fn want_ref(owners: &mut Vec<OwnerRef>, r: OwnerRef, want: bool) {
    let has = owners.iter().any(|o| o.uid == r.uid);
    if want && !has {
        owners.push(r);
    } else if !want && has {
        owners.retain(|o| o.uid != r.uid);
    }
}

/// Brings the owner references of `pod`'s claims in line with the retention policy
/// (`updateClaimOwnerRefForSetAndPod`, reference §1.2): whenDeleted=Delete → owned by the set;
/// whenScaled=Delete and the pod out of range → owned by the pod instead, so the garbage
/// collector takes the claim with the pod. The policy in force now counts, not the one the
/// claim was created under (§1.3 step 6 and 7).
fn fix_claim_owners(
    cluster: &Cluster,
    sts: &StatefulSet,
    ordinal: i32,
    pod: &Pod,
    in_range: bool,
    out: &mut Vec<Effect>,
) {
    let (scaled, deleted) = (
        sts.delete_claims_on_scale_down(),
        sts.delete_claims_with_set(),
    );
    let (want_set, want_pod) = match (scaled, deleted) {
        (false, false) => (false, false),
        (false, true) => (true, false),
        (true, false) => (false, !in_range),
        (true, true) => (in_range, !in_range),
    };
    let pod_ref = OwnerRef {
        kind: Kind::Pod,
        name: pod.meta.name.clone(),
        uid: pod.meta.uid.clone(),
        controller: false,
    };
    for ct in &sts.spec.volume_claim_templates {
        let cname = claim_name(
            ct.metadata.name.as_deref().unwrap_or(""),
            &sts.meta.name,
            ordinal,
        );
        let ckey = Key::new(&sts.meta.namespace, &cname);
        let Some(claim) = cluster.pvcs.get(&ckey) else {
            continue;
        };
        if claim.meta.deleting.is_some() {
            continue;
        }
        let mut owners = claim.meta.owners.clone();
        want_ref(&mut owners, set_ref(sts), want_set);
        want_ref(&mut owners, pod_ref.clone(), want_pod);
        if owners != claim.meta.owners {
            out.push(Effect::SetClaimOwners { key: ckey, owners });
        }
    }
}

/// A claim of `ordinal` still owned by an earlier pod of the same name (whenScaled=Delete):
/// it is about to be collected, so the pod must not be created on it (`PodClaimIsStale`,
/// reference §1.2).
fn stale_claim(cluster: &Cluster, sts: &StatefulSet, ordinal: i32) -> Option<String> {
    if !sts.delete_claims_on_scale_down() {
        return None;
    }
    let pod = format!("{}-{ordinal}", sts.meta.name);
    sts.spec.volume_claim_templates.iter().find_map(|ct| {
        let cname = claim_name(
            ct.metadata.name.as_deref().unwrap_or(""),
            &sts.meta.name,
            ordinal,
        );
        cluster
            .pvcs
            .get(&Key::new(&sts.meta.namespace, &cname))
            .filter(|c| {
                c.meta
                    .owners
                    .iter()
                    .any(|o| o.kind == Kind::Pod && o.name == pod)
            })
            .map(|_| cname)
    })
}

/// One sync of the StatefulSet `key`, as `updateStatefulSet` does it, creating at most `room`
/// pods (what podplay's pod limit leaves).
#[must_use]
pub fn sync(cluster: &Cluster, key: &Key, now: Time, room: usize) -> Vec<Effect> {
    sync_from(cluster, key, now, None, None, room).0
}

/// A sync that may skip the ordinals below `hint`, which the caller vouches were present,
/// healthy and untouched since the last sync. Returns the effects and the first ordinal that
/// was not healthy (the next hint). The result equals [`sync`]'s when the hint is right;
/// simulations checking invariants compare the two.
#[must_use]
pub fn sync_from(
    cluster: &Cluster,
    key: &Key,
    now: Time,
    hint: Option<i32>,
    changed: Option<&BTreeSet<i32>>,
    room: usize,
) -> (Vec<Effect>, Option<i32>) {
    let mut out = Vec::new();
    let Some(sts) = cluster.stateful_sets.get(key) else {
        return (out, None);
    };
    if sts.meta.deleting.is_some() {
        return (out, None);
    }
    // Orphans with a matching name and labels are adopted (`ClaimPods`, `isMemberOf`).
    adopt_orphans(cluster, key, sts, &mut out);
    if !out.is_empty() {
        return (out, None);
    }
    // Revisions. The template is hashed again only when the spec changed since the last sync.
    let spec_changed = sts.observed_generation != sts.meta.generation;
    let (update_name, new_revision) = next_revision(sts, spec_changed, now);
    let current_name = if sts.current_revision.is_empty() {
        update_name.clone()
    } else {
        sts.current_revision.clone()
    };
    let find = |name: &str| {
        sts.revisions
            .iter()
            .chain(new_revision.iter())
            .find(|r| r.name == name)
    };
    let (Some(update_rev), Some(current_rev)) = (find(&update_name), find(&current_name)) else {
        return (out, None);
    };

    let start = sts.start_ordinal();
    let replicas = sts.replicas();
    let end = start.saturating_add(replicas);
    let monotonic = !sts.parallel();
    let min_ready = sts.min_ready_seconds();

    // The set's pods, by ordinal, from the cluster's index (kept with the pod map).
    let empty = BTreeMap::new();
    let by_ordinal = cluster.sts_ordinals().get(&sts.meta.uid).unwrap_or(&empty);
    // Ordinals below `verified` were present, healthy and unchanged at the last sync (the
    // simulation's hint); the ascending pass starts after them. Without a hint, or when the
    // spec changed or availability depends on time, every ordinal is looked at.
    let verified = match hint {
        Some(h) if !spec_changed && min_ready <= 0 => h.clamp(start, end),
        _ => start,
    };
    // Parallel, with every slot filled and nothing but some pods changed: only those pods can
    // produce effects in this pass (missing pods, spec and claim changes take the full path).
    let sparse = match (hint, changed) {
        (Some(_), Some(c)) if !monotonic && !spec_changed => {
            let filled = by_ordinal.range(start..end).count();
            (usize::try_from(replicas).unwrap_or(0) == filled).then_some(c)
        }
        _ => None,
    };
    let mut pass = Pass {
        cluster,
        key,
        sts,
        now,
        spec_changed,
        update_name: &update_name,
        new_revision: new_revision.as_ref(),
        update_rev,
        current_rev,
        start,
        end,
        replicas,
        partition: sts.partition(),
        monotonic,
        min_ready,
        by_ordinal,
        condemned: Vec::new(),
        verified,
        sparse,
        // The pods from `verified` up, looked up once (a sparse pass looks up only what it
        // visits).
        prebuilt: sparse.is_none(),
        upper: Vec::new(),
        room: Cell::new(room),
        limited: Cell::new(false),
    };
    pass.look_up_pods();

    // A changed spec may have changed the retention policy: bring the claims of every pod in
    // range in line once (new claims get the right owners when created).
    if spec_changed {
        pass.fix_claim_owners_in_range(&mut out);
    }
    let (blocked, frontier) = pass.scale_up(&mut out);
    if blocked || pass.scale_down(&mut out) || pass.rolling_update(&current_name, &mut out) {
        pass.finish(&mut out, &current_name);
        return (out, Some(frontier));
    }

    // Every replica present, healthy and on the update revision: the rollout is complete.
    let complete = (start..end).all(|ord| {
        pass.slot(ord).is_some_and(|p| {
            pass.healthy(p) && p.meta.labels.get(REVISION_LABEL) == Some(&update_name)
        })
    }) && pass.condemned.is_empty();
    // Only a RollingUpdate completes (`completeRollingUpdate`); OnDelete keeps its current
    // revision.
    let current_name = if complete && !sts.on_delete() {
        update_name.clone()
    } else {
        current_name
    };
    pass.finish(&mut out, &current_name);
    (out, Some(frontier))
}

/// The update revision's name, and the revision to record when it is new or renumbered.
/// As `getStatefulSetRevisions`: a template equal to the newest revision reuses it; equal to
/// an older one (a rollback), that revision is renumbered to the next number
/// (`UpdateControllerRevision`); otherwise a new revision gets the next number.
fn next_revision(sts: &StatefulSet, spec_changed: bool, now: Time) -> (String, Option<Revision>) {
    if !spec_changed && !sts.update_revision.is_empty() {
        return (sts.update_revision.clone(), None);
    }
    let (name, hash) = update_revision(sts);
    let newest = sts.revisions.iter().map(|r| r.revision).max().unwrap_or(0);
    let record = match sts.revisions.iter().find(|r| r.name == name) {
        Some(r) if r.revision == newest => None,
        Some(r) => Some(Revision {
            revision: newest + 1,
            ..r.clone()
        }),
        None => Some(Revision {
            name: name.clone(),
            hash,
            revision: newest + 1,
            template: sts.spec.template.clone(),
            created: now,
        }),
    };
    (name, record)
}

/// `ClaimPods`: adopts the orphans whose name and labels make them members of the set.
fn adopt_orphans(cluster: &Cluster, key: &Key, sts: &StatefulSet, out: &mut Vec<Effect>) {
    let Some(sel) = &sts.spec.selector else {
        return;
    };
    for pod in cluster.orphan_pods_in(&key.namespace) {
        if ordinal_of(&sts.meta.name, &pod.meta.name).is_some()
            && !sel.is_empty()
            && sel.matches(&pod.meta.labels)
        {
            out.push(Effect::AdoptPod {
                key: pod.meta.key(),
                owner: OwnerRef::controller(Kind::StatefulSet, &sts.meta),
            });
        }
    }
}

/// Whether the ascending pass goes on to the next ordinal or stops (an ordered set waiting).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Next,
    Block,
}

/// What one sync works from: the set, its revisions, and its pods by ordinal.
struct Pass<'a> {
    cluster: &'a Cluster,
    key: &'a Key,
    sts: &'a StatefulSet,
    now: Time,
    spec_changed: bool,
    update_name: &'a String,
    new_revision: Option<&'a Revision>,
    update_rev: &'a Revision,
    current_rev: &'a Revision,
    start: i32,
    end: i32,
    replicas: i32,
    partition: i32,
    monotonic: bool,
    min_ready: i32,
    by_ordinal: &'a BTreeMap<i32, Key>,
    /// The pods outside the range, highest ordinal first.
    condemned: Vec<(i32, &'a Pod)>,
    verified: i32,
    sparse: Option<&'a BTreeSet<i32>>,
    prebuilt: bool,
    /// The pods from `verified` up, when `prebuilt` (as far as there can be pods: ordinals
    /// past it are looked up).
    upper: Vec<Option<&'a Pod>>,
    /// Pods this pass may still create under podplay's pod limit.
    room: Cell<usize>,
    /// An empty slot found no room (the limit was met in this pass).
    limited: Cell<bool>,
}

impl<'a> Pass<'a> {
    /// Finds the condemned pods and, unless the pass is sparse, the pods from `verified` up.
    fn look_up_pods(&mut self) {
        let (cluster, by_ordinal) = (self.cluster, self.by_ordinal);
        let (start, end, verified) = (self.start, self.end, self.verified);
        let mut condemned: Vec<(i32, &Pod)> = by_ordinal
            .range(..start)
            .chain(by_ordinal.range(end.max(start)..))
            .filter_map(|(ord, k)| cluster.pods.get(k).map(|p| (*ord, p)))
            .collect();
        condemned.sort_by_key(|c| std::cmp::Reverse(c.0));
        self.condemned = condemned;
        if self.prebuilt {
            // No more slots than there are pods of the set and pods it may create: `replicas`
            // can be far more than the cluster holds.
            let most = by_ordinal
                .len()
                .saturating_add(self.room.get())
                .saturating_add(1);
            let len = usize::try_from(end.saturating_sub(verified))
                .unwrap_or(0)
                .min(most);
            let mut upper = vec![None; len];
            for (ord, k) in by_ordinal.range(verified..end) {
                if let Some(s) =
                    upper.get_mut(usize::try_from(ord - verified).unwrap_or(usize::MAX))
                {
                    *s = cluster.pods.get(k);
                }
            }
            self.upper = upper;
        }
    }

    /// The pod at `ord` in the range.
    fn lookup(&self, ord: i32) -> Option<&'a Pod> {
        if ord < self.start || ord >= self.end {
            return None;
        }
        self.by_ordinal
            .get(&ord)
            .and_then(|k| self.cluster.pods.get(k))
    }

    /// The pod at `ord` in the range, from the prebuilt slots where there are some.
    fn slot(&self, ord: i32) -> Option<&'a Pod> {
        let prebuilt = usize::try_from(ord.saturating_sub(self.verified))
            .ok()
            .filter(|i| self.prebuilt && ord >= self.verified && *i < self.upper.len());
        match prebuilt {
            Some(i) => self.upper.get(i).copied().flatten(),
            None => self.lookup(ord),
        }
    }

    fn pod_name(&self, ord: i32) -> String {
        format!("{}-{ord}", self.sts.meta.name)
    }

    fn healthy(&self, p: &Pod) -> bool {
        p.is_healthy() && p.is_available(self.min_ready, self.now)
    }

    /// The first pod (in range, then condemned from the lowest) that is not healthy; needed
    /// only when there are condemned pods, so computed only then.
    fn first_unhealthy(&self) -> Option<String> {
        (self.start..self.end)
            .find_map(|ord| match self.slot(ord) {
                Some(p) if self.healthy(p) => None,
                Some(p) => Some(p.meta.name.clone()),
                None => Some(self.pod_name(ord)),
            })
            .or_else(|| {
                self.condemned
                    .iter()
                    .rev()
                    .find(|(_, p)| !self.healthy(p))
                    .map(|(_, p)| p.meta.name.clone())
            })
    }

    /// Records the revisions when anything about them changed.
    fn finish(&self, out: &mut Vec<Effect>, current: &str) {
        let sts = self.sts;
        if self.new_revision.is_some()
            || self.spec_changed
            || current != sts.current_revision
            || *self.update_name != sts.update_revision
        {
            let mut revisions = sts.revisions.clone();
            if let Some(r) = self.new_revision {
                // A renumbered revision moves to the end, as the newest.
                revisions.retain(|o| o.name != r.name);
                revisions.push(r.clone());
            }
            out.push(Effect::SetRevisions {
                key: self.key.clone(),
                revisions,
                current: current.to_string(),
                update: self.update_name.clone(),
            });
        }
    }

    /// After a spec change, the claims of every pod in range follow the retention policy. As
    /// upstream, only pods the sync gets past are touched: not terminating, and healthy when
    /// ordered.
    fn fix_claim_owners_in_range(&self, out: &mut Vec<Effect>) {
        for (&ord, _) in self.by_ordinal.range(self.start..self.end) {
            if let Some(pod) = self.slot(ord) {
                if !pod.is_terminating() && (!self.monotonic || self.healthy(pod)) {
                    fix_claim_owners(self.cluster, self.sts, ord, pod, true, out);
                }
            }
        }
    }

    /// Replicas, ascending: missing pods are created, failed ones deleted, identities kept; an
    /// ordered set stops at the first pod it waits for. Returns whether the pass was blocked,
    /// and the first ordinal that was not healthy.
    fn scale_up(&self, out: &mut Vec<Effect>) -> (bool, i32) {
        let mut frontier = self.end;
        if let Some(c) = self.sparse {
            frontier = self.verified;
            for &ord in c.range(self.start..self.end) {
                if self.visit(ord, &mut frontier, out) == Step::Block {
                    return (true, frontier);
                }
            }
            return (false, frontier);
        }
        let mut ord = self.verified;
        while ord < self.end {
            if self.visit(ord, &mut frontier, out) == Step::Block {
                return (true, frontier);
            }
            // Past the pod limit no empty slot is filled: only the pods present are looked at,
            // so the pass is as long as the set's pods, not its replicas.
            ord = if self.limited.get() {
                match self
                    .by_ordinal
                    .range(ord.saturating_add(1)..self.end)
                    .next()
                {
                    Some((&next, _)) => next,
                    None => break,
                }
            } else {
                ord.saturating_add(1)
            };
        }
        (false, frontier)
    }

    /// One ordinal of the ascending pass.
    fn visit(&self, ord: i32, frontier: &mut i32, out: &mut Vec<Effect>) -> Step {
        let slot = self.slot(ord);
        if !slot.is_some_and(|p| self.healthy(p)) && ord < *frontier {
            *frontier = ord;
        }
        match slot {
            None => self.create_missing(ord, out),
            Some(pod) => self.keep_present(ord, pod, out),
        }
    }

    /// An empty slot: its claims, then its pod (`CreateStatefulPod`), unless a claim is stale
    /// or being deleted.
    fn create_missing(&self, ord: i32, out: &mut Vec<Effect>) -> Step {
        let (cluster, key, sts) = (self.cluster, self.key, self.sts);
        let (start, end, partition, monotonic) =
            (self.start, self.end, self.partition, self.monotonic);
        let (update_rev, current_rev) = (self.update_rev, self.current_rev);
        let name = self.pod_name(ord);
        if self.room.get() == 0 {
            // The cluster holds podplay's most pods: neither the pod nor its claims are made.
            if !self.limited.replace(true) {
                out.push(Effect::PodLimit {
                    by: obj(sts),
                    pod: name,
                });
            }
            return if monotonic { Step::Block } else { Step::Next };
        }
        if let Some(claim) = stale_claim(cluster, sts, ord) {
            out.push(wait(sts, "engine.sts.wait.claim.stale", &name, &claim));
            if monotonic {
                return Step::Block;
            }
            return Step::Next;
        }
        if let Err(claim) = ensure_claims(cluster, sts, ord, out) {
            // `CreateStatefulPod` fails and records it (reference §1.2).
            out.push(Effect::event(
                EventType::Warning,
                Kind::StatefulSet,
                key,
                &sts.meta.uid,
                "FailedCreate",
                format!(
                    "create Pod {name} in StatefulSet {} failed error: pvc {claim} is being deleted",
                    sts.meta.name
                ),
                SOURCE,
            ));
            out.push(Effect::Failed);
            out.push(wait(sts, "engine.sts.wait.claim.deleting", &name, &claim));
            if monotonic {
                return Step::Block;
            }
            return Step::Next;
        }
        let rev = if sts.on_delete() || ord - start >= partition {
            update_rev
        } else {
            current_rev
        };
        let pod = new_pod(sts, ord, rev);
        self.room.set(self.room.get().saturating_sub(1));
        out.push(Effect::CreatePod {
            reason: if monotonic && ord > start {
                Msg::new("engine.sts.create.after")
                    .text(&name)
                    .text(format!("{}-{}", sts.meta.name, ord - 1))
            } else {
                Msg::new("engine.sts.create")
                    .text(&name)
                    .text(ord.to_string())
            },
            pod: Box::new(pod),
            by: obj(sts),
        });
        if monotonic {
            if ord + 1 < end {
                out.push(wait(
                    sts,
                    "engine.sts.wait.ready",
                    &format!("{}-{}", sts.meta.name, ord + 1),
                    &name,
                ));
            }
            return Step::Block;
        }
        Step::Next
    }

    /// A pod in its slot: a failed one is deleted, an ordered set waits for one that is
    /// terminating or not yet healthy, and identity labels are kept (`updateIdentity`).
    fn keep_present(&self, ord: i32, pod: &Pod, out: &mut Vec<Effect>) -> Step {
        let (cluster, sts) = (self.cluster, self.sts);
        let (end, monotonic, spec_changed) = (self.end, self.monotonic, self.spec_changed);
        let name = &pod.meta.name;
        if pod.is_terminal() && !pod.is_terminating() {
            out.push(deleted_event(sts, name));
            out.push(Effect::DeletePod {
                key: pod.meta.key(),
                by: obj(sts),
                reason: Msg::new("engine.sts.delete.failed").text(name),
            });
            if monotonic {
                return Step::Block;
            }
            return Step::Next;
        }
        // Recreate claims deleted under a pending pod. Once a pod is on a node its
        // claims cannot go (protection), so only unscheduled pods are looked at.
        if pod.phase() == crate::engine::cluster::Phase::Pending && pod.spec.node_name.is_none() {
            let _ = ensure_claims(cluster, sts, ord, out);
        }
        if monotonic {
            let blocks_next = ord + 1 < end && self.slot(ord + 1).is_none();
            if pod.is_terminating() {
                // The slot is refilled once the old pod is gone (§1.8); the pod after
                // it may exist already, so the wait is about this one.
                out.push(Effect::Wait {
                    object: obj(sts),
                    reason: Msg::new("engine.sts.wait.replace").text(name),
                });
                return Step::Block;
            }
            if !self.healthy(pod) {
                if blocks_next {
                    let id = if pod.is_healthy() {
                        "engine.sts.wait.available"
                    } else {
                        "engine.sts.wait.ready"
                    };
                    out.push(wait(sts, id, &self.pod_name(ord + 1), name));
                }
                return Step::Block;
            }
        }
        // Identity labels (`updateIdentity`), checked when the spec or the pod's labels
        // changed since the last sync (nothing else changes them).
        if !spec_changed && !pod.labels_touched {
            return Step::Next;
        }
        let index_ok = pod
            .meta
            .labels
            .get(POD_INDEX_LABEL)
            .is_some_and(|v| v.parse::<i32>() == Ok(ord));
        if !index_ok || pod.meta.labels.get(POD_NAME_LABEL) != Some(name) {
            let mut labels = pod.meta.labels.clone();
            labels.insert(POD_NAME_LABEL.into(), name.clone());
            labels.insert(POD_INDEX_LABEL.into(), ord.to_string());
            out.push(Effect::RelabelPod {
                key: pod.meta.key(),
                labels,
            });
        }
        Step::Next
    }

    /// Condemned pods (beyond the replicas), highest ordinal first, after their claims'
    /// owner references are set (§1.3 step 7). True when the sync stops here.
    fn scale_down(&self, out: &mut Vec<Effect>) -> bool {
        let (sts, monotonic) = (self.sts, self.monotonic);
        for (ord, pod) in &self.condemned {
            fix_claim_owners(self.cluster, sts, *ord, pod, false, out);
        }
        for (_, pod) in &self.condemned {
            let name = &pod.meta.name;
            if pod.is_terminating() {
                if monotonic {
                    out.push(wait(sts, "engine.sts.wait.scaledown", name, name));
                    return true;
                }
                continue;
            }
            let first_unhealthy = if monotonic && !self.healthy(pod) {
                self.first_unhealthy()
            } else {
                None
            };
            if monotonic && !self.healthy(pod) && first_unhealthy.as_deref() != Some(name.as_str())
            {
                out.push(wait(
                    sts,
                    "engine.sts.wait.unhealthy",
                    name,
                    first_unhealthy.as_deref().unwrap_or(""),
                ));
                return true;
            }
            out.push(deleted_event(sts, name));
            out.push(Effect::DeletePod {
                key: pod.meta.key(),
                by: obj(sts),
                reason: Msg::new("engine.sts.scaledown")
                    .text(name)
                    .text(self.replicas.to_string()),
            });
            if monotonic {
                return true;
            }
        }
        false
    }

    /// Rolling update: highest ordinal first, one at a time, down to the partition. True when
    /// the sync stops here.
    fn rolling_update(&self, current_name: &str, out: &mut Vec<Effect>) -> bool {
        let sts = self.sts;
        if sts.on_delete() {
            return false;
        }
        let (start, partition, update_name) = (self.start, self.partition, self.update_name);
        for idx in (partition.max(0)..self.replicas).rev() {
            let ord = start + idx;
            // A slot just filled (or still empty) stops the update like an unhealthy pod:
            // upstream's `replicas[target]` is the new, not yet Ready pod (§1.3 step 10).
            let Some(pod) = self.slot(ord) else {
                return true;
            };
            let rev = pod
                .meta
                .labels
                .get(REVISION_LABEL)
                .map_or("", String::as_str);
            if rev != update_name && !pod.is_terminating() {
                out.push(deleted_event(sts, &pod.meta.name));
                out.push(Effect::DeletePod {
                    key: pod.meta.key(),
                    by: obj(sts),
                    reason: Msg::new("engine.sts.update")
                        .text(&pod.meta.name)
                        .text(rev)
                        .text(update_name),
                });
                return true;
            }
            if !self.healthy(pod) {
                // The controller stops here either way; it is only a rollout that waits if a
                // lower pod still runs an old revision (a Parallel set's new pods just start).
                // With the current and update revisions equal no pod can be outdated.
                let outdated_below = current_name != update_name
                    && (partition.max(0)..idx).any(|i| {
                        self.slot(start + i)
                            .is_some_and(|p| p.meta.labels.get(REVISION_LABEL) != Some(update_name))
                    });
                if outdated_below {
                    out.push(wait(
                        sts,
                        "engine.sts.wait.update",
                        &pod.meta.name,
                        &pod.meta.name,
                    ));
                }
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_parse_only_from_the_sets_own_names() {
        // Pins statefulPodRegex: `<set>-<n>`.
        assert_eq!(ordinal_of("web", "web-0"), Some(0));
        assert_eq!(ordinal_of("web", "web-12"), Some(12));
        assert_eq!(ordinal_of("web", "web-x"), None);
        assert_eq!(ordinal_of("web", "webby-1"), None);
        assert_eq!(claim_name("www", "web", 0), "www-web-0");
    }
}
