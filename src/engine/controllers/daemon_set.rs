//! The DaemonSet controller (kubernetes/kubernetes `pkg/controller/daemon/daemon_controller.go`
//! `manage` and `podsShouldBeOnNode`): one pod per node that should run it, pinned to that node
//! by a required node affinity, with the DaemonSet tolerations added; the default scheduler
//! binds it. Pods on nodes that should not run one, and extra pods on a node, are deleted.
//!
//! A DaemonSet is a stored object (`Cluster::stored`); its template is read from the stored
//! body. A changed template is rolled out node by node (`rollingUpdate` in
//! pkg/controller/daemon/update.go): with `maxUnavailable` the old pod goes first, with
//! `maxSurge` the new one starts beside it; with `OnDelete` pods of an older template stay until
//! they are deleted. No ControllerRevision objects are kept (the hash is computed, not stored).

use std::collections::BTreeMap;

use crate::i18n::Msg;
use crate::manifest::objects::{
    Affinity, Kind, LabelSelector, NodeAffinity, NodeSelector, NodeSelectorRequirement,
    NodeSelectorTerm, PodSpec, PodTemplateSpec, StoredKind, Toleration,
};

use super::Effect;
use crate::engine::cluster::{Cluster, Key, Meta, Node, ObjRef, OwnerRef, Pod, StoredObject};
use crate::engine::ids::pod_template_hash;
use crate::engine::trace::EventType;

/// The stored kind's name.
pub const KIND: &str = "DaemonSet";
/// The label with the hash of the template a pod was made from
/// (`apps.DefaultDaemonSetUniqueLabelKey`).
pub const HASH_LABEL: &str = "controller-revision-hash";
/// The label with the DaemonSet generation a pod was made at
/// (`extensions.DaemonSetTemplateGenerationKey`).
pub const GENERATION_LABEL: &str = "pod-template-generation";
/// The event source (`dsc.eventRecorder`'s component).
pub const SOURCE: &str = "daemonset-controller";

/// The stored kind DaemonSet.
#[must_use]
pub fn kind() -> Option<StoredKind> {
    StoredKind::from_name(KIND)
}

/// Whether `kind` is a DaemonSet.
#[must_use]
pub fn is_daemon_set(kind: Kind) -> bool {
    matches!(kind, Kind::Stored(k) if k.row().kind == KIND)
}

/// The tolerations every DaemonSet pod gets, in the order they are added
/// (kubernetes/kubernetes `pkg/controller/daemon/util/daemonset_util.go`
/// `AddOrUpdateDaemonPodTolerations`): the two NoExecute taints of node problems, then the
/// NoSchedule taints of node conditions and cordon; `network-unavailable` only with host
/// networking, which podplay's pods do not use.
const DAEMON_TOLERATIONS: &[(&str, &str)] = &[
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
];

/// A DaemonSet as the controller reads it from the stored body.
#[derive(Debug, Clone, PartialEq)]
pub struct DaemonSet<'a> {
    pub kind: StoredKind,
    pub object: &'a StoredObject,
    /// The template with the apiserver's defaults and the DaemonSet tolerations
    /// (`util.CreatePodTemplate`, without its labels).
    pub template: PodTemplateSpec,
    pub selector: Option<LabelSelector>,
    /// `controller-revision-hash` of the current template.
    pub hash: String,
    pub min_ready_seconds: i32,
    /// `spec.updateStrategy`: `RollingUpdate` (the default) replaces old pods itself.
    pub rolling: bool,
    /// `rollingUpdate.maxUnavailable` (default 1) and `maxSurge` (default 0), as given.
    pub max_unavailable: serde_json::Value,
    pub max_surge: serde_json::Value,
}

/// `AddOrUpdateTolerationInPodSpec`: a toleration equal in key, operator, value and effect is
/// replaced, any other is appended.
fn add_or_update(tolerations: &mut Vec<Toleration>, t: Toleration) {
    let same = |o: &Toleration| {
        o.key == t.key
            && o.operator.as_deref().unwrap_or("Equal") == t.operator.as_deref().unwrap_or("Equal")
            && o.value.as_deref().unwrap_or("") == t.value.as_deref().unwrap_or("")
            && o.effect == t.effect
    };
    match tolerations.iter_mut().find(|o| same(o)) {
        Some(slot) => *slot = t,
        None => tolerations.push(t),
    }
}

fn add_daemon_tolerations(spec: &mut PodSpec) {
    for (key, effect) in DAEMON_TOLERATIONS {
        add_or_update(
            &mut spec.tolerations,
            Toleration {
                key: Some((*key).to_string()),
                operator: Some("Exists".into()),
                value: None,
                effect: Some((*effect).to_string()),
                toleration_seconds: None,
            },
        );
    }
}

/// Reads a stored DaemonSet, or `None` when it is not one or its template cannot be read.
#[must_use]
pub fn read(o: &StoredObject) -> Option<DaemonSet<'_>> {
    let kind = kind()?;
    let raw = o.field("spec.template")?.clone();
    let mut template: PodTemplateSpec = crate::manifest::decode::from_json(&raw)?;
    crate::manifest::defaults::template(&mut template);
    // The hash is of the template as stored (`controller.ComputeHash(&ds.Spec.Template, ...)`
    // in pkg/controller/daemon/update.go), before the controller adds tolerations.
    let json = serde_json::to_string(&template).unwrap_or_default();
    let collisions = o
        .field("status.collisionCount")
        .and_then(serde_json::Value::as_u64)
        .and_then(|c| u32::try_from(c).ok());
    let hash = pod_template_hash(&json, collisions);
    add_daemon_tolerations(&mut template.spec);
    let selector = o
        .field("spec.selector")
        .and_then(crate::manifest::decode::from_json);
    let min_ready_seconds = o
        .field("spec.minReadySeconds")
        .and_then(serde_json::Value::as_i64)
        .and_then(|v| i32::try_from(v).ok())
        .unwrap_or(0);
    let strategy = o.field("spec.updateStrategy.type");
    let rolling = strategy.is_none_or(|t| t == "RollingUpdate");
    let knob = |name: &str, default: i64| {
        o.field(&format!("spec.updateStrategy.rollingUpdate.{name}"))
            .cloned()
            .unwrap_or_else(|| serde_json::json!(default))
    };
    Some(DaemonSet {
        kind,
        object: o,
        template,
        selector,
        hash,
        min_ready_seconds,
        rolling,
        max_unavailable: knob("maxUnavailable", 1),
        max_surge: knob("maxSurge", 0),
    })
}

/// Whether the DaemonSet's pod should run on `node` (`nodeShouldRunDaemonPod` → `predicates`
/// in daemon_controller.go): the template's `nodeName` if set, its `nodeSelector` and required
/// node affinity (`nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`), and no NoSchedule or
/// NoExecute taint the pod (with the DaemonSet tolerations) does not tolerate. Cordon and
/// resources are the scheduler's business.
#[must_use]
pub fn should_run(spec: &PodSpec, node: &Node) -> bool {
    let name = &node.meta.name;
    if spec
        .node_name
        .as_deref()
        .is_some_and(|n| !n.is_empty() && n != name)
    {
        return false;
    }
    super::scheduler::selects_node(spec, node)
        && super::scheduler::untolerated_taint(spec, node).is_none()
}

/// A node's pods that are not being deleted, split into those of the current template
/// (`hash`) and the old ones.
fn current_and_old<'a>(pods: &[&'a Pod], hash: &str) -> (Vec<&'a Pod>, Vec<&'a Pod>) {
    pods.iter()
        .copied()
        .filter(|p| !p.is_terminating())
        .partition(|p| p.meta.labels.get(HASH_LABEL).map(String::as_str) == Some(hash))
}

/// The node a DaemonSet pod is for (`util.GetTargetNodeName`): its `nodeName`, or before it
/// is bound the node its `matchFields metadata.name In [node]` term names.
#[must_use]
pub fn target_node(pod: &Pod) -> Option<&str> {
    if let Some(n) = pod.spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        return Some(n);
    }
    let terms = &pod
        .spec
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms;
    terms.iter().find_map(|t| {
        t.match_fields
            .iter()
            .find(|r| r.key == "metadata.name" && r.operator == "In" && r.values.len() == 1)
            .and_then(|r| r.values.first())
            .map(String::as_str)
    })
}

/// `ReplaceDaemonSetPodNodeNameNodeAffinity` (daemonset_util.go): the required node affinity
/// becomes the single term `matchFields metadata.name In [node]`; preferred terms and pod
/// (anti-)affinity stay.
fn pin_to_node(affinity: Option<Affinity>, node: &str) -> Affinity {
    let term = NodeSelectorTerm {
        match_expressions: Vec::new(),
        match_fields: vec![NodeSelectorRequirement {
            key: "metadata.name".into(),
            operator: "In".into(),
            values: vec![node.to_string()],
        }],
    };
    let mut affinity = affinity.unwrap_or_default();
    let node_affinity = affinity
        .node_affinity
        .get_or_insert_with(NodeAffinity::default);
    node_affinity.required_during_scheduling_ignored_during_execution = Some(NodeSelector {
        node_selector_terms: vec![term],
    });
    affinity
}

/// A new pod for `node` (`dsc.syncNodes`: `util.CreatePodTemplate` then the node affinity),
/// named by the apiserver from `<ds>-`.
#[must_use]
pub fn new_pod(ds: &DaemonSet<'_>, node: &str) -> Pod {
    let meta = &ds.object.meta;
    let mut labels = ds.template.metadata.labels.clone();
    labels.insert(HASH_LABEL.into(), ds.hash.clone());
    labels.insert(GENERATION_LABEL.into(), meta.generation.max(1).to_string());
    let mut spec = ds.template.spec.clone();
    spec.affinity = Some(pin_to_node(spec.affinity.take(), node));
    Pod::new(
        Meta {
            name: String::new(),
            generate_name: Some(format!("{}-", meta.name)),
            namespace: meta.namespace.clone(),
            labels,
            annotations: ds.template.metadata.annotations.clone(),
            owners: vec![OwnerRef::controller(Kind::Stored(ds.kind), meta)],
            ..Meta::default()
        },
        spec,
    )
}

/// The DaemonSet's pods by the node they are for (`getNodesToDaemonPods`, without pods that
/// are both finished and being deleted), oldest first on each node.
#[must_use]
pub fn pods_by_node<'a>(cluster: &'a Cluster, uid: &str) -> BTreeMap<String, Vec<&'a Pod>> {
    let mut out: BTreeMap<String, Vec<&Pod>> = BTreeMap::new();
    for pod in cluster.pods_of(uid) {
        if pod.is_terminal() && pod.is_terminating() {
            continue;
        }
        if let Some(node) = target_node(pod) {
            out.entry(node.to_string()).or_default().push(pod);
        }
    }
    for pods in out.values_mut() {
        pods.sort_by(|a, b| (a.meta.created, &a.meta.name).cmp(&(b.meta.created, &b.meta.name)));
    }
    out
}

#[must_use]
pub fn sync(cluster: &Cluster, key: &Key, now: crate::engine::time::Time) -> Vec<Effect> {
    let mut out = Vec::new();
    let Some(sk) = kind() else {
        return out;
    };
    let Some(o) = cluster.stored.get(&(sk, key.clone())) else {
        return out;
    };
    if o.meta.deleting.is_some() {
        return out;
    }
    let Some(ds) = read(o) else {
        return out;
    };
    let by = ObjRef::new(Kind::Stored(sk), key);
    let owner = OwnerRef::controller(Kind::Stored(sk), &o.meta);
    // Orphans matching the selector are adopted (`ClaimPods`).
    if let Some(sel) = ds.selector.as_ref().filter(|s| !s.is_empty()) {
        for pod in cluster.orphan_pods_in(&key.namespace) {
            if sel.matches(&pod.meta.labels) {
                out.push(Effect::AdoptPod {
                    key: pod.meta.key(),
                    owner: owner.clone(),
                });
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    let surge = ds.max_surge(cluster) > 0;
    let mut by_node = pods_by_node(cluster, &o.meta.uid);
    for node in cluster.nodes.values() {
        let pods = by_node.remove(&node.meta.name).unwrap_or_default();
        if should_run(&ds.template.spec, node) {
            // Pods being deleted do not count; a failed one is deleted and replaced.
            let mut running = Vec::new();
            for pod in pods.into_iter().filter(|p| !p.is_terminating()) {
                if pod.phase() == crate::engine::cluster::Phase::Failed {
                    out.push(Effect::event(
                        EventType::Warning,
                        Kind::Stored(ds.kind),
                        key,
                        &o.meta.uid,
                        "FailedDaemonPod",
                        format!(
                            "Found failed daemon pod {}/{} on node {}, will try to kill it",
                            key.namespace, pod.meta.name, node.meta.name
                        ),
                        SOURCE,
                    ));
                    out.push(delete(pod, &by, &o.meta.name, "engine.ds.failed"));
                } else {
                    running.push(pod);
                }
            }
            if running.is_empty() {
                out.push(Effect::CreatePod {
                    pod: Box::new(new_pod(&ds, &node.meta.name)),
                    by: by.clone(),
                    reason: Msg::new("engine.ds.create")
                        .text(&o.meta.name)
                        .text(&node.meta.name),
                });
            } else if !surge {
                // More than one on the node: the oldest stays.
                for pod in running.into_iter().skip(1) {
                    out.push(delete(pod, &by, &o.meta.name, "engine.ds.extra"));
                }
            } else {
                surge_keep(&ds, running, &by, now, &mut out);
            }
        } else {
            for pod in pods.into_iter().filter(|p| !p.is_terminating()) {
                out.push(delete(pod, &by, &o.meta.name, "engine.ds.misplaced"));
            }
        }
    }
    // Pods for nodes that do not exist.
    for pod in by_node
        .into_values()
        .flatten()
        .filter(|p| !p.is_terminating())
    {
        out.push(delete(pod, &by, &o.meta.name, "engine.ds.misplaced"));
    }
    // The rollout runs once what `manage` asked for has happened (its expectations are met).
    if out.is_empty() {
        rolling_update(cluster, &ds, &by, now, &mut out);
    }
    out
}

/// With surge, a node keeps its oldest current pod and, while that one is not available yet,
/// its oldest old pod if Ready (`podsShouldBeOnNode`); every other pod goes.
fn surge_keep(
    ds: &DaemonSet<'_>,
    running: Vec<&Pod>,
    by: &ObjRef,
    now: crate::engine::time::Time,
    out: &mut Vec<Effect>,
) {
    let name = &ds.object.meta.name;
    let mut oldest_new: Option<&Pod> = None;
    let mut oldest_old: Option<&Pod> = None;
    for pod in running {
        let slot = if pod.meta.labels.get(HASH_LABEL) == Some(&ds.hash) {
            &mut oldest_new
        } else {
            &mut oldest_old
        };
        if slot.is_none() {
            *slot = Some(pod);
        } else {
            out.push(delete(pod, by, name, "engine.ds.extra"));
        }
    }
    if let (Some(new), Some(old)) = (oldest_new, oldest_old) {
        let why = if !old.is_ready() {
            Some("engine.ds.surge.unready")
        } else if new.is_available(ds.min_ready_seconds, now) {
            Some("engine.ds.surge.replaced")
        } else {
            None
        };
        if let Some(why) = why {
            out.push(Effect::DeletePod {
                key: old.meta.key(),
                by: by.clone(),
                reason: Msg::new(why).text(&old.meta.name).text(name),
            });
        }
    }
}

/// An `IntOrString` count: a number, or a percentage of `total` rounded up
/// (`intstr.GetScaledValueFromIntOrPercent(..., roundUp=true)`).
fn scaled(v: &serde_json::Value, total: i64) -> i64 {
    match v {
        serde_json::Value::Number(n) => n.as_i64().unwrap_or(0),
        serde_json::Value::String(s) => s
            .strip_suffix('%')
            .and_then(|p| p.parse::<i64>().ok())
            .map_or(0, |pct| (pct * total + 99) / 100),
        _ => 0,
    }
}

/// `rollingUpdate` with `maxSurge` 0 (pkg/controller/daemon/update.go): old pods that are not
/// available are replaced at once; available old pods are deleted while fewer than
/// `maxUnavailable` nodes lack an available current pod. `manage` then makes the new pods.
fn rolling_update(
    cluster: &Cluster,
    ds: &DaemonSet<'_>,
    by: &ObjRef,
    now: crate::engine::time::Time,
    out: &mut Vec<Effect>,
) {
    if !ds.rolling {
        return;
    }
    let max_surge = ds.max_surge(cluster);
    if max_surge > 0 {
        surge_update(cluster, ds, max_surge, now, out);
        return;
    }
    // `updatedDesiredNodeCounts`: with both 0 one pod may still go.
    let max_unavailable = match scaled(&ds.max_unavailable, ds.desired(cluster)) {
        0 => 1,
        n => n,
    };
    let available = |p: &Pod| p.is_available(ds.min_ready_seconds, now);
    let mut unavailable = 0i64;
    let mut replace: Vec<&Pod> = Vec::new();
    let mut candidates: Vec<&Pod> = Vec::new();
    for pods in pods_by_node(cluster, &ds.object.meta.uid).values() {
        // `findUpdatedPodsOnNode`: at most one current and one old pod that is not being
        // deleted.
        let (new, old) = current_and_old(pods, &ds.hash);
        match (new.as_slice(), old.as_slice()) {
            ([], [old]) => {
                if !available(old) {
                    replace.push(old);
                } else if unavailable < max_unavailable {
                    candidates.push(old);
                }
            }
            ([new], []) => {
                if !available(new) {
                    unavailable += 1;
                }
            }
            _ => unavailable += 1,
        }
    }
    let room = usize::try_from((max_unavailable - unavailable).max(0)).unwrap_or(0);
    for pod in replace.into_iter().chain(candidates.into_iter().take(room)) {
        out.push(Effect::DeletePod {
            key: pod.meta.key(),
            by: by.clone(),
            reason: Msg::new("engine.ds.update")
                .text(&pod.meta.name)
                .text(&ds.object.meta.name)
                .text(max_unavailable.to_string()),
        });
    }
}

fn delete(pod: &Pod, by: &ObjRef, ds: &str, why: &'static str) -> Effect {
    Effect::DeletePod {
        key: pod.meta.key(),
        by: by.clone(),
        reason: Msg::new(why)
            .text(&pod.meta.name)
            .text(ds)
            .text(target_node(pod).unwrap_or_default()),
    }
}

impl DaemonSet<'_> {
    /// Nodes that should run the pod.
    #[must_use]
    pub fn desired(&self, cluster: &Cluster) -> i64 {
        let n = cluster
            .nodes
            .values()
            .filter(|n| should_run(&self.template.spec, n))
            .count();
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    /// `util.SurgeCount`: `maxSurge` of the desired nodes with RollingUpdate, else 0.
    #[must_use]
    pub fn max_surge(&self, cluster: &Cluster) -> i64 {
        if !self.rolling {
            return 0;
        }
        scaled(&self.max_surge, self.desired(cluster))
    }
}

/// `rollingUpdate` with `maxSurge` above 0 (update.go): a node with only an old pod gets a
/// current one beside it, at most `maxSurge` nodes at a time (at once when the old one is not
/// available); once the current one is available the old one is deleted.
fn surge_update(
    cluster: &Cluster,
    ds: &DaemonSet<'_>,
    max_surge: i64,
    now: crate::engine::time::Time,
    out: &mut Vec<Effect>,
) {
    let name = &ds.object.meta.name;
    let by = ObjRef::new(Kind::Stored(ds.kind), &ds.object.meta.key());
    let available = |p: &Pod| p.is_available(ds.min_ready_seconds, now);
    let mut surging = 0i64;
    let mut allowed: Vec<&str> = Vec::new();
    let mut candidates: Vec<&str> = Vec::new();
    let mut old_to_delete: Vec<&Pod> = Vec::new();
    let by_node = pods_by_node(cluster, &ds.object.meta.uid);
    for (node, pods) in &by_node {
        let (new, old) = current_and_old(pods, &ds.hash);
        match (new.as_slice(), old.as_slice()) {
            (_, []) => {}
            ([], [old]) => {
                if !available(old) {
                    allowed.push(node);
                } else if surging < max_surge {
                    candidates.push(node);
                }
            }
            ([new], [old]) => {
                if available(new) {
                    old_to_delete.push(old);
                } else {
                    surging += 1;
                }
            }
            _ => surging += 1,
        }
    }
    let room = usize::try_from((max_surge - surging).max(0)).unwrap_or(0);
    for node in allowed.into_iter().chain(candidates.into_iter().take(room)) {
        out.push(Effect::CreatePod {
            pod: Box::new(new_pod(ds, node)),
            by: by.clone(),
            reason: Msg::new("engine.ds.surge")
                .text(name)
                .text(node)
                .text(max_surge.to_string()),
        });
    }
    for old in old_to_delete {
        out.push(Effect::DeletePod {
            key: old.meta.key(),
            by: by.clone(),
            reason: Msg::new("engine.ds.surge.replaced")
                .text(&old.meta.name)
                .text(name),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;
    use crate::engine::Simulation;
    use crate::manifest::objects::Taint;

    fn node() -> Node {
        let sim = Simulation::new(Config::minikube(1));
        let n = sim.cluster().nodes.values().next().cloned();
        n.unwrap_or_else(|| unreachable!("minikube has a node"))
    }

    fn spec() -> PodSpec {
        let mut s = PodSpec::default();
        add_daemon_tolerations(&mut s);
        s
    }

    fn taint(key: &str, effect: &str) -> Taint {
        Taint {
            key: key.into(),
            value: None,
            effect: effect.into(),
        }
    }

    #[test]
    fn taints_keep_the_pod_off_unless_tolerated() {
        // Pins `predicates`: an untolerated NoSchedule or NoExecute taint rules the node out,
        // PreferNoSchedule does not, and the DaemonSet tolerations cover node conditions.
        let mut n = node();
        assert!(should_run(&spec(), &n));
        n.taints = vec![taint("dedicated", "PreferNoSchedule")];
        assert!(should_run(&spec(), &n));
        n.taints = vec![taint("dedicated", "NoSchedule")];
        assert!(!should_run(&spec(), &n));
        n.taints = vec![taint("dedicated", "NoExecute")];
        assert!(!should_run(&spec(), &n));
        n.taints = vec![
            taint("node.kubernetes.io/unschedulable", "NoSchedule"),
            taint("node.kubernetes.io/not-ready", "NoExecute"),
            taint("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ];
        assert!(should_run(&spec(), &n));
        let mut tolerant = spec();
        tolerant.tolerations.push(Toleration {
            key: Some("dedicated".into()),
            operator: Some("Exists".into()),
            ..Toleration::default()
        });
        n.taints = vec![taint("dedicated", "NoSchedule")];
        assert!(should_run(&tolerant, &n));
        // Cordon is not the controller's concern.
        n.taints.clear();
        n.unschedulable = true;
        assert!(should_run(&spec(), &n));
    }

    #[test]
    fn node_name_selector_and_required_affinity_pick_nodes() {
        // Pins `predicates`: spec.nodeName, nodeSelector and required node affinity.
        let n = node();
        let mut s = spec();
        s.node_name = Some("other".into());
        assert!(!should_run(&s, &n));
        s.node_name = Some(n.meta.name.clone());
        assert!(should_run(&s, &n));
        let mut s = spec();
        s.node_selector.insert("disktype".into(), "ssd".into());
        assert!(!should_run(&s, &n));
        let mut s = spec();
        s.affinity = Some(pin_to_node(None, "other"));
        assert!(!should_run(&s, &n));
        s.affinity = Some(pin_to_node(s.affinity.take(), &n.meta.name));
        assert!(should_run(&s, &n));
    }

    #[test]
    fn a_template_toleration_equal_to_a_default_one_is_not_repeated() {
        // Pins `AddOrUpdateTolerationInPodSpec`: an equal toleration is replaced in place,
        // others are appended after the template's own.
        let mut s = PodSpec::default();
        s.tolerations.push(Toleration {
            key: Some("node.kubernetes.io/unreachable".into()),
            operator: Some("Exists".into()),
            effect: Some("NoExecute".into()),
            ..Toleration::default()
        });
        s.tolerations.push(Toleration {
            key: Some("node.kubernetes.io/not-ready".into()),
            operator: Some("Exists".into()),
            effect: Some("NoExecute".into()),
            toleration_seconds: Some(30),
            ..Toleration::default()
        });
        add_daemon_tolerations(&mut s);
        let keys: Vec<(&str, Option<i64>)> = s
            .tolerations
            .iter()
            .map(|t| (t.key.as_deref().unwrap_or(""), t.toleration_seconds))
            .collect();
        assert_eq!(
            keys,
            [
                ("node.kubernetes.io/unreachable", None),
                ("node.kubernetes.io/not-ready", None),
                ("node.kubernetes.io/disk-pressure", None),
                ("node.kubernetes.io/memory-pressure", None),
                ("node.kubernetes.io/pid-pressure", None),
                ("node.kubernetes.io/unschedulable", None),
            ]
        );
    }
}
