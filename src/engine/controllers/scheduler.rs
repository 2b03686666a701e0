//! kube-scheduler, reduced to what a learner meets. A pod waits until its claims exist and are
//! bound (Immediate binding); then every node runs the filter plugins of the default profile, in
//! the profile's order (kubernetes/kubernetes pkg/scheduler/apis/config/v1/default_plugins.go),
//! the first rejection deciding for that node:
//!
//! | plugin | rejects a node when | reason (code) |
//! |---|---|---|
//! | NodeUnschedulable | the node is cordoned and the pod does not tolerate it | `node(s) were unschedulable` (unresolvable) |
//! | TaintToleration | a NoSchedule/NoExecute taint is not tolerated | `node(s) had untolerated taint {key: value}` (unresolvable) |
//! | NodeAffinity | `nodeSelector` or required node affinity does not match | `node(s) didn't match Pod's node affinity/selector` (unresolvable) |
//! | NodeResourcesFit | kubelet's pod limit, or cpu / memory requests beyond what is left of allocatable | `Too many pods`, `Insufficient cpu`, `Insufficient memory` (unresolvable when the request exceeds the whole allocatable) |
//! | InterPodAffinity | required pod affinity, the pod's anti-affinity, or an existing pod's anti-affinity | `node(s) didn't match pod affinity rules` (unresolvable), `node(s) didn't match pod anti-affinity rules`, `node(s) didn't satisfy existing pods anti-affinity rules` |
//!
//! (NodeName never rejects here: a pod created with `nodeName` skips the scheduler; NodePorts,
//! volume and topology-spread filters are not simulated.) Pods placed earlier in the same pass
//! count on their node, so three replicas with required anti-affinity never share one.
//!
//! A pod no node accepts stays Pending with the FailedScheduling text of `FitError.Error()`
//! (pkg/scheduler/framework/types.go): `0/N nodes are available: ` then each reason with its
//! node count, `"<count> <reason>"` sorted as strings and joined by `, `, then `.`, then the
//! PostFilter plugins' answers: `no new claims to deallocate` (DynamicResources) and the
//! preemption plugin's (pkg/scheduler/framework/plugins/defaultpreemption). Preemption
//! itself is not simulated: every learner pod has priority 0 and the system pods more, so a real
//! scheduler finds no victims either: nodes rejected as unresolvable count as `Preemption is not
//! helpful for scheduling`, the others as `No preemption victims found for incoming pod`
//! (pkg/scheduler/framework/preemption/preemption.go). When a pod goes away every waiting pod is
//! tried again.
//!
//! Scoring, simplified: among the nodes that pass, a node scores the weights of the preferred
//! node-affinity terms it matches, plus each preferred pod-affinity term's weight times the
//! matching pods in its topology domain, minus the same for preferred anti-affinity terms. The
//! highest score wins; ties go to the node with the fewest pods, then the first by name. So
//! preferred anti-affinity spreads replicas, and otherwise pods spread by count as the default
//! profile's balancing scores roughly do.

use std::collections::BTreeMap;

use crate::manifest::objects::{self as m, Kind, LabelSelector};

use super::Effect;
use crate::engine::cluster::{ClaimPhase, Cluster, Key, Node, Pod};
use crate::engine::trace::EventType;

/// The claim problem that keeps `pod` off every node, worded as FailedScheduling words it.
fn claim_problem(cluster: &Cluster, pod: &Pod) -> Option<String> {
    for claim in pod.claim_names() {
        let ckey = Key::new(&pod.meta.namespace, claim);
        let problem = match cluster.pvcs.get(&ckey) {
            None => Some(format!("persistentvolumeclaim \"{claim}\" not found.")),
            Some(c) if c.meta.deleting.is_some() => Some(format!(
                "persistentvolumeclaim \"{claim}\" is being deleted."
            )),
            Some(c) if c.phase != ClaimPhase::Bound => {
                let wffc = c
                    .spec
                    .storage_class_name
                    .as_deref()
                    .and_then(|sc| cluster.storage_classes.get(sc))
                    .is_some_and(|sc| sc.binding_mode == "WaitForFirstConsumer");
                (!wffc).then(|| "pod has unbound immediate PersistentVolumeClaims.".to_string())
            }
            Some(_) => None,
        };
        if problem.is_some() {
            return problem;
        }
    }
    None
}

/// One node as the scheduler sees it during a pass (`framework.NodeInfo`).
struct NodeView<'a> {
    node: &'a Node,
    /// Pods bound to it and placed on it earlier in this pass, and what they request.
    n_pods: usize,
    cpu_m: i64,
    memory: i64,
    /// Those pods themselves, gathered only when some pod-affinity rule needs their labels.
    pods: Vec<&'a Pod>,
}

impl<'a> NodeView<'a> {
    fn add(&mut self, pod: &'a Pod) {
        self.n_pods += 1;
        self.cpu_m = self.cpu_m.saturating_add(pod.spec.request("cpu"));
        self.memory = self.memory.saturating_add(pod.spec.request("memory"));
        self.pods.push(pod);
    }
}

/// Why a filter turned a node down: the plugin's reasons, and whether preemption could not
/// help (`UnschedulableAndUnresolvable`).
struct Rejection {
    reasons: Vec<String>,
    unresolvable: bool,
}

fn reject(reason: &str, unresolvable: bool) -> Option<Rejection> {
    Some(Rejection {
        reasons: vec![reason.to_string()],
        unresolvable,
    })
}

/// The cluster as one scheduling pass sees it.
struct Pass<'a> {
    cluster: &'a Cluster,
    nodes: Vec<NodeView<'a>>,
    /// Whether some pod on a node has required anti-affinity (else that check is skipped).
    any_anti: bool,
}

type Filter = for<'a> fn(&Pass<'a>, &Pod, &NodeView<'a>) -> Option<Rejection>;

/// The filter plugins, in the default profile's order.
const FILTERS: &[(&str, Filter)] = &[
    ("NodeUnschedulable", node_unschedulable),
    ("TaintToleration", taint_toleration),
    ("NodeAffinity", node_affinity),
    ("NodeResourcesFit", node_resources_fit),
    ("InterPodAffinity", inter_pod_affinity),
];

/// pkg/scheduler/framework/plugins/nodeunschedulable: a cordoned node takes only pods that
/// tolerate `node.kubernetes.io/unschedulable:NoSchedule`.
fn node_unschedulable(_: &Pass<'_>, pod: &Pod, view: &NodeView<'_>) -> Option<Rejection> {
    let taint = m::Taint {
        key: "node.kubernetes.io/unschedulable".into(),
        value: None,
        effect: "NoSchedule".into(),
    };
    let tolerated = pod.spec.tolerations.iter().any(|t| t.tolerates(&taint));
    if view.node.unschedulable && !tolerated {
        return reject("node(s) were unschedulable", true);
    }
    None
}

/// pkg/scheduler/framework/plugins/tainttoleration: the first NoSchedule or NoExecute taint the
/// pod does not tolerate (PreferNoSchedule only scores). v1.34.0 names the taint; later
/// releases say only `node(s) had untolerated taint(s)` (kubernetes/kubernetes#134740).
fn taint_toleration(_: &Pass<'_>, pod: &Pod, view: &NodeView<'_>) -> Option<Rejection> {
    let taint = untolerated_taint(&pod.spec, view.node)?;
    let value = taint.value.as_deref().unwrap_or("");
    reject(
        &format!("node(s) had untolerated taint {{{}: {value}}}", taint.key),
        true,
    )
}

/// pkg/scheduler/framework/plugins/nodeaffinity: every `nodeSelector` label, and one of the
/// required node-affinity terms.
fn node_affinity(_: &Pass<'_>, pod: &Pod, view: &NodeView<'_>) -> Option<Rejection> {
    if selects_node(&pod.spec, view.node) {
        return None;
    }
    reject("node(s) didn't match Pod's node affinity/selector", true)
}

/// Whether a pod's `nodeSelector` and required node affinity (one of its terms) accept `node`
/// (`nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`); the scheduler's NodeAffinity
/// filter and the DaemonSet controller both ask.
#[must_use]
pub fn selects_node(spec: &m::PodSpec, node: &Node) -> bool {
    let labels = &node.meta.labels;
    let selector_ok = spec
        .node_selector
        .iter()
        .all(|(k, v)| labels.get(k) == Some(v));
    let required = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| {
            n.required_during_scheduling_ignored_during_execution
                .as_ref()
        });
    selector_ok
        && required.is_none_or(|r| {
            r.node_selector_terms
                .iter()
                .any(|t| t.matches(labels, &node.meta.name))
        })
}

/// The first NoSchedule or NoExecute taint of `node` the pod does not tolerate
/// (PreferNoSchedule only scores); the scheduler's TaintToleration filter and the DaemonSet
/// controller both ask.
#[must_use]
pub fn untolerated_taint<'a>(spec: &m::PodSpec, node: &'a Node) -> Option<&'a m::Taint> {
    node.taints.iter().find(|taint| {
        matches!(taint.effect.as_str(), "NoSchedule" | "NoExecute")
            && !spec.tolerations.iter().any(|t| t.tolerates(taint))
    })
}

/// pkg/scheduler/framework/plugins/noderesources/fit.go `fitsRequest`: kubelet's pod limit,
/// then cpu and memory against what the node's allocatable has left. A request larger than
/// the whole allocatable is unresolvable (kubernetes/kubernetes#131345, in 1.34).
fn node_resources_fit(_: &Pass<'_>, pod: &Pod, view: &NodeView<'_>) -> Option<Rejection> {
    let alloc = view.node.allocatable;
    let mut reasons = Vec::new();
    let mut unresolvable = false;
    if i64::try_from(view.n_pods).unwrap_or(i64::MAX) >= alloc.pods {
        reasons.push("Too many pods".to_string());
    }
    for (name, want, used, total) in [
        ("cpu", pod.spec.request("cpu"), view.cpu_m, alloc.cpu_m),
        (
            "memory",
            pod.spec.request("memory"),
            view.memory,
            alloc.memory,
        ),
    ] {
        if want > 0 && want > total.saturating_sub(used) {
            reasons.push(format!("Insufficient {name}"));
            unresolvable |= want > total;
        }
    }
    (!reasons.is_empty()).then_some(Rejection {
        reasons,
        unresolvable,
    })
}

/// An affinity term as the scheduler evaluates it for the pod that carries it
/// (`framework.AffinityTerm`): its selector with matchLabelKeys / mismatchLabelKeys folded in,
/// and the namespaces it covers.
struct Term<'t> {
    selector: Option<LabelSelector>,
    namespaces: &'t [String],
    own_namespace: &'t str,
    namespace_selector: Option<&'t LabelSelector>,
    topology_key: &'t str,
}

impl<'t> Term<'t> {
    fn new(owner: &'t Pod, t: &'t m::PodAffinityTerm) -> Term<'t> {
        let selector = t.label_selector.clone().map(|mut s| {
            for (keys, op) in [
                (&t.match_label_keys, "In"),
                (&t.mismatch_label_keys, "NotIn"),
            ] {
                for k in keys {
                    if let Some(v) = owner.meta.labels.get(k) {
                        s.match_expressions.push(m::LabelSelectorRequirement {
                            key: k.clone(),
                            operator: op.to_string(),
                            values: vec![v.clone()],
                        });
                    }
                }
            }
            s
        });
        Term {
            selector,
            namespaces: &t.namespaces,
            own_namespace: &owner.meta.namespace,
            namespace_selector: t.namespace_selector.as_ref(),
            topology_key: &t.topology_key,
        }
    }

    /// Whether `pod` is one this term selects (`AffinityTerm.Matches`): a nil selector selects
    /// nothing; no namespaces and no namespace selector mean the owner's namespace.
    fn matches(&self, cluster: &Cluster, pod: &Pod) -> bool {
        let ns = pod.meta.namespace.as_str();
        let in_ns = if self.namespaces.is_empty() && self.namespace_selector.is_none() {
            ns == self.own_namespace
        } else {
            self.namespaces.iter().any(|n| n == ns)
                || self.namespace_selector.is_some_and(|sel| {
                    cluster
                        .namespaces
                        .get(ns)
                        .is_some_and(|n| sel.matches(&n.meta.labels))
                })
        };
        in_ns
            && self
                .selector
                .as_ref()
                .is_some_and(|s| s.matches(&pod.meta.labels))
    }

    /// Whether nodes `a` and `b` share this term's topology domain.
    fn same_domain(&self, a: &Node, b: &Node) -> bool {
        match (
            a.meta.labels.get(self.topology_key),
            b.meta.labels.get(self.topology_key),
        ) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }
}

fn pod_terms<'t>(
    pod: &'t Pod,
    pick: impl Fn(&'t m::Affinity) -> Option<&'t m::PodAffinity>,
) -> Vec<Term<'t>> {
    pod.spec
        .affinity
        .as_ref()
        .and_then(pick)
        .map(|a| {
            a.required_during_scheduling_ignored_during_execution
                .iter()
                .map(|t| Term::new(pod, t))
                .collect()
        })
        .unwrap_or_default()
}

impl<'a> Pass<'a> {
    /// Every pod on a node, with its node.
    fn placed(&self) -> impl Iterator<Item = (&'a Node, &'a Pod)> + '_ {
        self.nodes
            .iter()
            .flat_map(|v| v.pods.iter().map(move |p| (v.node, *p)))
    }
}

/// `satisfyPodAffinity`: the candidate has every term's topology label, and each term's domain
/// holds a pod matching all terms, unless no such pod exists anywhere and the pod matches its
/// own terms (the first of a group).
fn affinity_ok(pass: &Pass<'_>, pod: &Pod, node: &Node, terms: &[Term<'_>]) -> bool {
    if terms
        .iter()
        .any(|t| !node.meta.labels.contains_key(t.topology_key))
    {
        return false;
    }
    let matching: Vec<&Node> = pass
        .placed()
        .filter(|(_, p)| terms.iter().all(|t| t.matches(pass.cluster, p)))
        .map(|(n, _)| n)
        .collect();
    if terms
        .iter()
        .all(|t| matching.iter().any(|n| t.same_domain(n, node)))
    {
        return true;
    }
    let anywhere = matching.iter().any(|n| {
        terms
            .iter()
            .any(|t| n.meta.labels.contains_key(t.topology_key))
    });
    !anywhere && terms.iter().all(|t| t.matches(pass.cluster, pod))
}

/// pkg/scheduler/framework/plugins/interpodaffinity/filtering.go `Filter`: the pod's required
/// affinity, its required anti-affinity, then the existing pods' required anti-affinity.
fn inter_pod_affinity<'a>(pass: &Pass<'a>, pod: &Pod, view: &NodeView<'a>) -> Option<Rejection> {
    let node = view.node;
    let affinity = pod_terms(pod, |a| a.pod_affinity.as_ref());
    if !affinity.is_empty() && !affinity_ok(pass, pod, node, &affinity) {
        return reject("node(s) didn't match pod affinity rules", true);
    }
    let anti = pod_terms(pod, |a| a.pod_anti_affinity.as_ref());
    let clash = anti.iter().any(|t| {
        pass.placed()
            .any(|(n, p)| t.same_domain(n, node) && t.matches(pass.cluster, p))
    });
    if clash {
        return reject("node(s) didn't match pod anti-affinity rules", false);
    }
    if pass.any_anti {
        let existing = pass
            .placed()
            .filter(|(_, p)| p.has_required_anti_affinity())
            .any(|(n, p)| {
                pod_terms(p, |a| a.pod_anti_affinity.as_ref())
                    .iter()
                    .any(|t| t.same_domain(n, node) && t.matches(pass.cluster, pod))
            });
        if existing {
            return reject(
                "node(s) didn't satisfy existing pods anti-affinity rules",
                false,
            );
        }
    }
    None
}

/// The preferred (soft) rules' score of a node; see the module comment.
fn score(pass: &Pass<'_>, pod: &Pod, view: &NodeView<'_>) -> i64 {
    let Some(aff) = pod.spec.affinity.as_ref() else {
        return 0;
    };
    let node = view.node;
    let mut total = 0i64;
    if let Some(na) = &aff.node_affinity {
        for p in &na.preferred_during_scheduling_ignored_during_execution {
            if p.preference.matches(&node.meta.labels, &node.meta.name) {
                total += i64::from(p.weight);
            }
        }
    }
    for (set, sign) in [(&aff.pod_affinity, 1i64), (&aff.pod_anti_affinity, -1)] {
        let Some(set) = set else { continue };
        for w in &set.preferred_during_scheduling_ignored_during_execution {
            let term = Term::new(pod, &w.pod_affinity_term);
            let count = pass
                .placed()
                .filter(|(n, p)| term.same_domain(n, node) && term.matches(pass.cluster, p))
                .count();
            total += sign * i64::from(w.weight) * i64::try_from(count).unwrap_or(0);
        }
    }
    total
}

/// `FitError.Error()` with the PostFilter plugins' answers appended, for a pod with
/// `preemption_policy`.
fn fit_error(preemption_policy: Option<&str>, rejections: &[Rejection]) -> String {
    let n = rejections.len();
    if n == 0 {
        return "no nodes available to schedule pods".to_string();
    }
    let histogram = |reasons: Vec<&str>| {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in reasons {
            *counts.entry(r).or_insert(0) += 1;
        }
        let mut parts: Vec<String> = counts.iter().map(|(r, c)| format!("{c} {r}")).collect();
        parts.sort();
        format!("0/{n} nodes are available: {}.", parts.join(", "))
    };
    let filter = histogram(
        rejections
            .iter()
            .flat_map(|r| r.reasons.iter().map(String::as_str))
            .collect(),
    );
    // defaultpreemption `PodEligibleToPreemptOthers`.
    let preemption = if preemption_policy == Some("Never") {
        "not eligible due to preemptionPolicy=Never.".to_string()
    } else {
        histogram(
            rejections
                .iter()
                .map(|r| {
                    if r.unresolvable {
                        "Preemption is not helpful for scheduling"
                    } else {
                        "No preemption victims found for incoming pod"
                    }
                })
                .collect(),
        )
    };
    // The PostFilter plugins' answers, joined by `, ` (`RunPostFilterPlugins` in
    // pkg/scheduler/framework/runtime/framework.go): DynamicResources comes first and, for a pod
    // without resource claims, says `no new claims to deallocate` (plugins/dynamicresources;
    // the plugin runs by default since DRA went GA in 1.34); then DefaultPreemption's
    // `preemption: …`.
    format!("{filter} no new claims to deallocate, preemption: {preemption}")
}

/// The node for `pod`, or the FailedScheduling message.
fn place(pass: &Pass<'_>, pod: &Pod) -> Result<usize, String> {
    let mut rejections = Vec::new();
    let mut best: Option<(i64, usize, usize)> = None;
    for (i, view) in pass.nodes.iter().enumerate() {
        if let Some(r) = FILTERS.iter().find_map(|(_, f)| f(pass, pod, view)) {
            rejections.push(r);
            continue;
        }
        let s = score(pass, pod, view);
        let better = best.is_none_or(|(bs, bn, _)| s > bs || (s == bs && view.n_pods < bn));
        if better {
            best = Some((s, view.n_pods, i));
        }
    }
    match best {
        Some((_, _, i)) => Ok(i),
        None => Err(fit_error(
            pod.spec.preemption_policy.as_deref(),
            &rejections,
        )),
    }
}

/// The pass's view of every node: its pods' count and requests from the cluster's indexes,
/// and, when `with_pods`, the pods themselves.
fn snapshot(cluster: &Cluster, with_pods: bool) -> Pass<'_> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut nodes = Vec::with_capacity(cluster.nodes.len());
    for (i, (name, node)) in cluster.nodes.iter().enumerate() {
        index.insert(name.as_str(), i);
        let (cpu_m, memory) = cluster.node_requests().get(name).copied().unwrap_or((0, 0));
        nodes.push(NodeView {
            node,
            n_pods: cluster.node_pods().get(name).copied().unwrap_or(0),
            cpu_m,
            memory,
            pods: Vec::new(),
        });
    }
    if with_pods {
        for pod in cluster.pods.values() {
            let at = pod.spec.node_name.as_deref().and_then(|n| index.get(n));
            if let Some(v) = at.and_then(|i| nodes.get_mut(*i)) {
                v.pods.push(pod);
            }
        }
    }
    Pass {
        cluster,
        nodes,
        any_anti: cluster.anti_affinity_pods() > 0,
    }
}

/// The effects of binding `key` to `node` (no event for a pod that named its node itself:
/// it never reached kube-scheduler).
fn bind(out: &mut Vec<Effect>, key: &Key, pod: &Pod, node: String) {
    if pod.spec.node_name.is_none() {
        out.push(Effect::event(
            EventType::Normal,
            Kind::Pod,
            key,
            &pod.meta.uid,
            "Scheduled",
            format!(
                "Successfully assigned {}/{} to {node}",
                key.namespace, key.name
            ),
            "default-scheduler",
        ));
    }
    out.push(Effect::Bind {
        pod: key.clone(),
        node,
    });
}

/// One scheduling pass over the pods waiting for a node, oldest first.
#[must_use]
pub fn sync(cluster: &Cluster, waiting: &[Key]) -> Vec<Effect> {
    let mut out = Vec::new();
    let with_pods = cluster.anti_affinity_pods() > 0
        || waiting
            .iter()
            .filter_map(|k| cluster.pods.get(k))
            .any(Pod::has_pod_affinity_terms);
    let mut pass = snapshot(cluster, with_pods);
    let n_nodes = pass.nodes.len();
    for key in waiting {
        let Some(pod) = cluster.pods.get(key) else {
            continue;
        };
        if pod.status.scheduled_at.is_some() || pod.is_terminating() {
            continue;
        }
        let placed = match (claim_problem(cluster, pod), pod.spec.node_name.as_deref()) {
            (Some(p), _) => Err(format!(
                "0/{n_nodes} nodes are available: {p} preemption: 0/{n_nodes} nodes are available: {n_nodes} Preemption is not helpful for scheduling."
            )),
            (None, Some(n)) => Ok(n.to_string()),
            (None, None) => place(&pass, pod).and_then(|i| {
                pass.any_anti |= pod.has_required_anti_affinity();
                let view = pass.nodes.get_mut(i).ok_or_else(String::new)?;
                view.add(pod);
                Ok(view.node.meta.name.clone())
            }),
        };
        match placed {
            Ok(node) => bind(&mut out, key, pod, node),
            Err(message) => {
                if pod.status.unschedulable.as_deref() != Some(message.as_str()) {
                    out.push(Effect::event(
                        EventType::Warning,
                        Kind::Pod,
                        key,
                        &pod.meta.uid,
                        "FailedScheduling",
                        message.clone(),
                        "default-scheduler",
                    ));
                    out.push(Effect::Unschedulable {
                        pod: key.clone(),
                        message,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(reasons: &[&str], unresolvable: bool) -> Rejection {
        Rejection {
            reasons: reasons.iter().map(|s| (*s).to_string()).collect(),
            unresolvable,
        }
    }

    #[test]
    fn fit_error_counts_reasons_and_sorts_them_as_strings() {
        // "10 …" sorts before "2 …": the histogram is sorted as text, as Go's sort.Strings does.
        let mut rejections = vec![r(&["node(s) had untolerated taint {a: }"], true)];
        rejections.push(r(&["Insufficient cpu", "Insufficient memory"], false));
        for _ in 0..10 {
            rejections.push(r(
                &["node(s) didn't match Pod's node affinity/selector"],
                true,
            ));
        }
        assert_eq!(
            fit_error(None, &rejections),
            "0/12 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 node(s) had untolerated taint {a: }, 10 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/12 nodes are available: 1 No preemption victims found for incoming pod, 11 Preemption is not helpful for scheduling."
        );
        assert_eq!(
            fit_error(Some("Never"), &rejections[..1]),
            "0/1 nodes are available: 1 node(s) had untolerated taint {a: }. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never."
        );
        assert_eq!(fit_error(None, &[]), "no nodes available to schedule pods");
    }
}
