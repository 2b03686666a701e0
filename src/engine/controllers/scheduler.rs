//! kube-scheduler, reduced to what a learner meets: a pod waits until its claims exist and are
//! bound (Immediate binding) and a node has room (kubelet's maxPods); then it goes to the node
//! with the fewest pods (ties: the first by name).

use std::collections::BTreeMap;

use crate::manifest::objects::Kind;

use super::Effect;
use crate::engine::cluster::{ClaimPhase, Cluster, Key, Pod};
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

/// One scheduling pass over the pods waiting for a node, oldest first.
#[must_use]
pub fn sync(cluster: &Cluster, waiting: &[Key], max_pods: usize) -> Vec<Effect> {
    let mut out = Vec::new();
    let n_nodes = cluster.nodes.len();
    let mut load: BTreeMap<&str, usize> = cluster
        .nodes
        .keys()
        .map(|n| (n.as_str(), cluster.node_pods.get(n).copied().unwrap_or(0)))
        .collect();
    for key in waiting {
        let Some(pod) = cluster.pods.get(key) else {
            continue;
        };
        if pod.status.scheduled_at.is_some() || pod.is_terminating() {
            continue;
        }
        let placed = match claim_problem(cluster, pod) {
            Some(p) => Err(format!(
                "0/{n_nodes} nodes are available: {p} preemption: 0/{n_nodes} nodes are available: {n_nodes} Preemption is not helpful for scheduling."
            )),
            None => match pod.spec.node_name.as_deref() {
                Some(n) => Ok(n.to_string()),
                None => load
                    .iter()
                    .filter(|(_, c)| **c < max_pods)
                    .min_by_key(|(name, c)| (**c, **name))
                    .map(|(name, _)| (*name).to_string())
                    .ok_or_else(|| format!(
                        "0/{n_nodes} nodes are available: {n_nodes} Too many pods. preemption: 0/{n_nodes} nodes are available: {n_nodes} No preemption victims found for incoming pod."
                    )),
            },
        };
        match placed {
            Ok(node) => {
                if pod.spec.node_name.is_none() {
                    if let Some(c) = load.get_mut(node.as_str()) {
                        *c += 1;
                    }
                }
                // A pod created with `nodeName` set never reaches kube-scheduler: no event.
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
