//! Finding objects in the cluster the way kubectl names them: by resource type, namespace and
//! name, or all of a type (for `-l`, `--all`).

use crate::engine::cluster::{Meta, Phase, Pod};
use crate::engine::command::ApiError;
use crate::engine::{Cluster, Key, Simulation};
use crate::manifest::objects::{Kind, LabelSelector};

use super::kubectl::{api_error, unknown_type};
use super::resources::Res;
use super::Output;

/// The metadata of one object, if it exists.
#[must_use]
pub fn meta<'a>(c: &'a Cluster, kind: Kind, key: &Key) -> Option<&'a Meta> {
    c.meta(kind, key)
}

/// Every object of a kind, in one namespace (or all with `None`; cluster-scoped kinds ignore
/// it), in kubectl's order: by namespace, then name.
#[must_use]
pub fn list<'a>(c: &'a Cluster, kind: Kind, ns: Option<&str>) -> Vec<&'a Meta> {
    c.metas(kind, ns)
}

/// The key of `name` of `kind` in namespace `ns` (cluster-scoped kinds have no namespace).
#[must_use]
pub fn key(kind: Kind, ns: &str, name: &str) -> Key {
    if kind.namespaced() {
        Key::new(ns, name)
    } else {
        Key::cluster(name)
    }
}

/// The pod a `POD`, `pod/NAME`, `deploy/NAME`, `sts/NAME`, `rs/NAME` or `svc/NAME` argument
/// names, and how many pods the controller or Service selected: the pod itself, or the first of
/// the selected pods in `podutils.ByLogging` order (`polymorphichelpers.AttachablePodForObjectFn`
/// for exec and attach, `LogsForObject` for logs). Prints kubectl's error and returns `None` for
/// an unknown type or name, a type that selects no pods (`unsupported` words that error), or
/// no pods at all.
pub fn pod_for<'a>(
    sim: &'a Simulation,
    word: &str,
    ns: &str,
    out: &mut Output,
    unsupported: impl Fn(Res) -> String,
) -> Option<(&'a Pod, usize)> {
    let c = sim.cluster();
    let (res, name) = match word.split_once('/') {
        Some((t, n)) => {
            let Some(r) = Res::resolve(t) else {
                unknown_type(out, t);
                return None;
            };
            (r, n)
        }
        None => (Res::Pods, word),
    };
    let key = Key::new(ns, name);
    let missing = |out: &mut Output| {
        api_error(
            out,
            &ApiError::NotFound {
                resource: res.qualified(),
                name: name.to_string(),
            },
        );
    };
    let selector = match res {
        Res::Pods => {
            let p = c.pods.get(&key);
            if p.is_none() {
                missing(out);
            }
            return p.map(|p| (p, 1));
        }
        Res::StatefulSets => c.stateful_sets.get(&key).map(|s| s.spec.selector.clone()),
        Res::Deployments => c.deployments.get(&key).map(|d| d.spec.selector.clone()),
        Res::ReplicaSets => c.replica_sets.get(&key).map(|r| r.spec.selector.clone()),
        Res::Services => c.services.get(&key).map(|s| {
            Some(LabelSelector {
                match_labels: s.spec.selector.clone().unwrap_or_default(),
                match_expressions: Vec::new(),
            })
        }),
        other => {
            out.err(&unsupported(other));
            return None;
        }
    };
    let Some(selector) = selector else {
        missing(out);
        return None;
    };
    let mut pods: Vec<&Pod> = c
        .pods
        .values()
        .filter(|p| {
            p.meta.namespace == ns
                && selector
                    .as_ref()
                    .is_some_and(|s| !s.is_empty() && s.matches(&p.meta.labels))
        })
        .collect();
    if pods.is_empty() {
        out.err("error: timed out waiting for the condition");
        return None;
    }
    by_logging(&mut pods);
    Some((pods[0], pods.len()))
}

/// `podutils.ByLogging` (`k/k:pkg/api/v1/pod/util.go`): assigned before unassigned, Running
/// before Unknown before Pending, ready before not, ready longer first, more restarts first,
/// older first.
fn by_logging(pods: &mut [&Pod]) {
    pods.sort_by(|a, b| {
        let assigned = |p: &Pod| p.spec.node_name.is_some();
        let phase = |p: &Pod| match p.phase() {
            Phase::Running => 2,
            Phase::Pending => 0,
            _ => 1,
        };
        assigned(b)
            .cmp(&assigned(a))
            .then(phase(b).cmp(&phase(a)))
            .then(b.is_ready().cmp(&a.is_ready()))
            .then(a.status.ready_since.cmp(&b.status.ready_since))
            .then(b.status.restarts.cmp(&a.status.restarts))
            .then(a.meta.created.cmp(&b.meta.created))
            .then(a.meta.name.cmp(&b.meta.name))
    });
}
