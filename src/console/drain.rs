//! `kubectl drain NODE`: cordon the node, then evict its pods through the Eviction API (which
//! respects PodDisruptionBudgets), retrying a refused eviction every 5 s of virtual time, and
//! wait for each evicted pod to be gone.
//!
//! kubectl 1.34 `staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go` (`RunDrain`,
//! `deleteOrEvictPodsSimple`: warnings, `There are pending pods…`, `unable to drain node…`),
//! `pkg/drain/drain.go` (`evictPods`: `evicting pod NS/NAME`, `error when evicting
//! pods/"NAME" -n "NS" (will retry after 5s): …`, `waitForDelete`: gone or a new UID), and
//! `pkg/drain/filters.go` (DaemonSet, mirror, local-storage and unreplicated pods). The
//! apiserver's eviction rule is `pkg/registry/core/pod/storage/eviction.go`: a pod that is not
//! running or is being deleted ignores budgets; otherwise a matching budget must allow a
//! disruption (`disruptionsAllowed > 0`), except that an unready pod may go while the budget
//! is met (`IfHealthyBudget`).

use crate::engine::cluster::{Phase, Pod};
use crate::engine::command::{Command, Outcome};
use crate::engine::controllers::daemon_set;
use crate::engine::status::pdb_status;
use crate::engine::{Key, Propagation, Simulation, Time};
use crate::manifest::objects::{Kind, LabelSelector, StoredKind};

use super::kubectl::{duration_ms, flags};
use super::parse::{flag, FlagSpec};
use super::{Ctx, Job, Output, Poll};

const FLAGS: &[FlagSpec] = &[
    flag("ignore-daemonsets", None, false),
    flag("delete-emptydir-data", None, false),
    flag("delete-local-data", None, false),
    flag("force", None, false),
    flag("timeout", None, true),
    flag("grace-period", None, true),
];

/// The retry interval after a refused eviction.
const RETRY_MS: u64 = 5_000;

/// minikube's node pods are made by the engine's boot without owners: the control plane's
/// static pods are mirror pods (skipped), kube-proxy and kindnet are DaemonSet pods in a real
/// minikube (`src/engine/simulation/boot.rs` STATIC_PODS and NODE_PODS).
const MIRROR_PREFIXES: &[&str] = &[
    "etcd-",
    "kube-apiserver-",
    "kube-controller-manager-",
    "kube-scheduler-",
];
const DAEMON_PREFIXES: &[&str] = &["kube-proxy-", "kindnet-"];

fn system(pod: &Pod, prefixes: &[&str]) -> bool {
    pod.meta.namespace == "kube-system"
        && pod.meta.owners.is_empty()
        && prefixes.iter().any(|p| pod.meta.name.starts_with(p))
}

fn daemon_managed(pod: &Pod) -> bool {
    pod.meta
        .controller()
        .is_some_and(|o| daemon_set::is_daemon_set(o.kind))
        || system(pod, DAEMON_PREFIXES)
}

/// What drain does with one pod, after the filters.
enum Filtered {
    Skip,
    Evict,
    /// Evicted with a warning (`--force`, `--delete-emptydir-data`, `--ignore-daemonsets`).
    Warn(&'static str),
    Error(&'static str),
}

fn filter(pod: &Pod, force: bool, ignore_ds: bool, empty_dir: bool) -> (Filtered, Filtered) {
    let finished = matches!(pod.phase(), Phase::Succeeded | Phase::Failed);
    if daemon_managed(pod) {
        return if ignore_ds {
            (
                Filtered::Skip,
                Filtered::Warn("ignoring DaemonSet-managed Pods"),
            )
        } else {
            (
                Filtered::Skip,
                Filtered::Error(
                    "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
                ),
            )
        };
    }
    if system(pod, MIRROR_PREFIXES) {
        return (Filtered::Skip, Filtered::Skip);
    }
    let local = !finished && pod.spec.volumes.iter().any(|v| v.empty_dir.is_some());
    let local = if local && !empty_dir {
        Filtered::Error(
            "cannot delete Pods with local storage (use --delete-emptydir-data to override)",
        )
    } else if local {
        Filtered::Warn("deleting Pods with local storage")
    } else {
        Filtered::Evict
    };
    let unreplicated = if finished || pod.meta.controller().is_some() {
        Filtered::Evict
    } else if force {
        Filtered::Warn("deleting Pods that declare no controller")
    } else {
        Filtered::Error("cannot delete Pods that declare no controller (use --force to override)")
    };
    (unreplicated, local)
}

/// The node's pods to evict, or the errors that stop the drain; and the warnings.
fn pods_for_deletion(
    sim: &Simulation,
    node: &str,
    flags: (bool, bool, bool),
) -> (Vec<(Key, String)>, Vec<String>, Vec<String>) {
    let (force, ignore_ds, empty_dir) = flags;
    let mut evict = Vec::new();
    // message → pods, in first-seen order.
    let mut warnings: Vec<(&str, Vec<String>)> = Vec::new();
    let mut errors: Vec<(&str, Vec<String>)> = Vec::new();
    let add = |list: &mut Vec<(&'static str, Vec<String>)>, m: &'static str, p: String| match list
        .iter_mut()
        .find(|(k, _)| *k == m)
    {
        Some((_, v)) => v.push(p),
        None => list.push((m, vec![p])),
    };
    for pod in sim.cluster().pods.values() {
        if pod.spec.node_name.as_deref() != Some(node) {
            continue;
        }
        let id = format!("{}/{}", pod.meta.namespace, pod.meta.name);
        let (a, b) = filter(pod, force, ignore_ds, empty_dir);
        let mut delete = true;
        for f in [a, b] {
            match f {
                Filtered::Skip => delete = false,
                Filtered::Evict => {}
                Filtered::Warn(m) => add(&mut warnings, m, id.clone()),
                Filtered::Error(m) => add(&mut errors, m, id.clone()),
            }
        }
        if delete {
            evict.push((pod.meta.key(), pod.meta.uid.clone()));
        }
    }
    let join = |l: Vec<(&str, Vec<String>)>| -> Vec<String> {
        l.into_iter()
            .map(|(m, pods)| format!("{m}: {}", pods.join(", ")))
            .collect()
    };
    (evict, join(warnings), join(errors))
}

/// Whether the apiserver would evict `pod` now (`Ok`), or the budget refuses (`Err`).
fn may_evict(sim: &Simulation, pod: &Pod) -> Result<(), String> {
    if pod.phase() != Phase::Running || pod.is_terminating() {
        return Ok(());
    }
    let Some(pdb_kind) = StoredKind::from_name("PodDisruptionBudget") else {
        return Ok(());
    };
    let c = sim.cluster();
    let budgets: Vec<_> = c
        .stored
        .iter()
        .filter(|((k, key), o)| {
            *k == pdb_kind
                && key.namespace == pod.meta.namespace
                && o.field("spec.selector")
                    .and_then(crate::manifest::decode::from_json::<LabelSelector>)
                    .is_some_and(|s| s.matches(&pod.meta.labels))
        })
        .map(|(_, o)| o)
        .collect();
    match budgets.as_slice() {
        [] => Ok(()),
        [pdb] => {
            let st = pdb_status(c, pdb);
            let unready_ok =
                !pod.is_ready() && st.current_healthy >= st.desired_healthy && st.desired_healthy > 0;
            if unready_ok || st.disruptions_allowed > 0 {
                Ok(())
            } else {
                Err("Cannot evict pod as it would violate the pod's disruption budget.".into())
            }
        }
        _ => Err("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.".into()),
    }
}

/// Go's `time.Duration` text (`1m0s`, `30s`).
fn go_duration(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 3600, (s % 3600) / 60, s % 60) {
        (0, 0, sec) => format!("{sec}s"),
        (0, m, sec) => format!("{m}m{sec}s"),
        (h, m, sec) => format!("{h}h{m}m{sec}s"),
    }
}

enum State {
    /// Try (again) at this time.
    Evict(Time),
    /// Evicted; waiting for the pod (this UID) to be gone.
    Gone,
    Done,
}

struct Target {
    key: Key,
    uid: String,
    state: State,
}

struct Drain {
    /// The nodes named, drained in order; `current` is the one being drained.
    nodes: Vec<String>,
    current: usize,
    /// `--force`, `--ignore-daemonsets`, `--delete-emptydir-data`.
    filters: (bool, bool, bool),
    /// `--grace-period` (negative: the pod's own).
    grace_s: Option<i64>,
    targets: Vec<Target>,
    /// `--timeout` in ms, and when the current node's evictions give up.
    timeout_ms: Option<u64>,
    timeout: Option<(Time, u64)>,
    /// The nodes that could not be drained, with their errors.
    failed: Vec<(String, Vec<String>)>,
}

/// How a Go `utilerrors.Aggregate` prints: one error alone, several as `[a, b]`.
fn aggregate(errs: &[String]) -> String {
    match errs {
        [one] => one.clone(),
        _ => format!("[{}]", errs.join(", ")),
    }
}

impl Drain {
    fn node(&self) -> String {
        self.nodes.get(self.current).cloned().unwrap_or_default()
    }

    /// A node that could not be drained: kubectl 1.34 says so and goes on with the next one
    /// (`RunDrain` in staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go).
    fn give_up(&mut self, errs: Vec<String>, out: &mut Output) {
        out.err(&format!(
            "error: unable to drain node \"{}\" due to error: {}, continuing command...",
            self.node(),
            aggregate(&errs)
        ));
        self.failed.push((self.node(), errs));
        self.current += 1;
    }

    /// The end of the command: the nodes left undrained, then the returned error as kubectl's
    /// `CheckErr` prints an aggregate (one node's errors, or each node's, a line each).
    fn finish(&self, out: &mut Output) {
        if self.failed.is_empty() {
            return;
        }
        let mut lines = vec!["There are pending nodes to be drained:".to_string()];
        lines.extend(self.failed.iter().map(|(n, _)| format!(" {n}")));
        match self.failed.as_slice() {
            [(_, errs)] => lines.extend(errs.iter().cloned()),
            all => lines.extend(all.iter().map(|(_, errs)| aggregate(errs))),
        }
        out.err(&lines.join("\n"));
    }

    /// Lists the next node's pods to evict and prints the filters' warnings; a node whose
    /// filters refuse a pod is given up. False (after [`Self::finish`]) when no node is left.
    fn begin(&mut self, sim: &Simulation, out: &mut Output) -> bool {
        let (evict, warnings) = loop {
            if self.current >= self.nodes.len() {
                self.finish(out);
                return false;
            }
            let (evict, warnings, errors) = pods_for_deletion(sim, &self.node(), self.filters);
            if errors.is_empty() {
                break (evict, warnings);
            }
            self.give_up(errors, out);
        };
        if !warnings.is_empty() {
            out.err(&format!("Warning: {}", warnings.join("; ")));
        }
        let now = sim.now();
        self.timeout = self.timeout_ms.map(|ms| (now.plus_ms(ms), ms));
        self.targets = evict
            .into_iter()
            .map(|(key, uid)| Target {
                key,
                uid,
                state: State::Evict(now),
            })
            .collect();
        true
    }

    fn step(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        let now = sim.now();
        let due: Vec<usize> = (0..self.targets.len())
            .filter(|i| matches!(self.targets[*i].state, State::Evict(t) if t <= now))
            .collect();
        for i in &due {
            let k = &self.targets[*i].key;
            out.out(&format!("evicting pod {}/{}", k.namespace, k.name));
        }
        for i in due {
            let t = &mut self.targets[i];
            let current = sim
                .cluster()
                .pods
                .get(&t.key)
                .filter(|p| p.meta.uid == t.uid);
            let Some(pod) = current else {
                t.state = State::Done;
                continue;
            };
            match may_evict(sim, pod) {
                Ok(()) => {
                    let _ = sim.exec(Command::Delete {
                        kind: Kind::Pod,
                        key: t.key.clone(),
                        propagation: Propagation::Background,
                        grace_s: self.grace_s,
                        force: false,
                    });
                    t.state = State::Gone;
                }
                Err(e) => {
                    out.err(&format!(
                        "error when evicting pods/\"{}\" -n \"{}\" (will retry after 5s): {e}",
                        t.key.name, t.key.namespace
                    ));
                    t.state = State::Evict(now.plus_ms(RETRY_MS));
                }
            }
        }
        for t in &mut self.targets {
            if matches!(t.state, State::Gone) {
                let gone = sim
                    .cluster()
                    .pods
                    .get(&t.key)
                    .is_none_or(|p| p.meta.uid != t.uid);
                if gone {
                    out.out(&format!("pod/{} evicted", t.key.name));
                    t.state = State::Done;
                }
            }
        }
        if self.targets.iter().all(|t| matches!(t.state, State::Done)) {
            out.out(&format!("node/{} drained", self.node()));
            self.current += 1;
            if !self.begin(sim, out) {
                return Poll::Done;
            }
            return self.step(sim, out);
        }
        Poll::Pending
    }

    fn timed_out(&mut self, total_ms: u64, out: &mut Output) {
        let pending: Vec<&Target> = self
            .targets
            .iter()
            .filter(|t| !matches!(t.state, State::Done))
            .collect();
        let errs: Vec<String> = pending
            .iter()
            .map(|t| {
                let what = if matches!(t.state, State::Gone) {
                    // With the namespace since kubernetes/kubernetes#115594 (1.27).
                    format!(
                        "error when waiting for pod \"{}\" in namespace \"{}\" to terminate",
                        t.key.name, t.key.namespace
                    )
                } else {
                    format!(
                        "error when evicting pods/\"{}\" -n \"{}\"",
                        t.key.name, t.key.namespace
                    )
                };
                format!("{what}: global timeout reached: {}", go_duration(total_ms))
            })
            .collect();
        let mut lines = vec![format!(
            "There are pending pods in node \"{}\" when an error occurred: {}",
            self.node(),
            aggregate(&errs)
        )];
        lines.extend(pending.iter().map(|t| format!("pod/{}", t.key.name)));
        out.err(&lines.join("\n"));
        self.give_up(errs, out);
    }
}

impl Job for Drain {
    fn poll(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        self.step(sim, out)
    }
    fn deadline(&self) -> Option<Time> {
        let retry = self
            .targets
            .iter()
            .filter_map(|t| match t.state {
                State::Evict(at) => Some(at),
                _ => None,
            })
            .min();
        match (retry, self.timeout.map(|(t, _)| t)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
    fn expire(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        if let Some((t, ms)) = self.timeout {
            if sim.now() >= t {
                self.timed_out(ms, out);
                if !self.begin(sim, out) {
                    return Poll::Done;
                }
            }
        }
        self.step(sim, out)
    }
}

/// `kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force] [--timeout]`.
pub fn run(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let args = flags(words, "drain", FLAGS, out)?;
    if args.positional.is_empty() {
        out.err("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples");
        return None;
    }
    // The builder fetches every node first; a missing one stops the command.
    if let Some(missing) = args
        .positional
        .iter()
        .find(|n| !ctx.sim.cluster().nodes.contains_key(*n))
    {
        out.err(&format!(
            "Error from server (NotFound): nodes \"{missing}\" not found"
        ));
        return None;
    }
    for node in &args.positional {
        if ctx
            .sim
            .cluster()
            .nodes
            .get(node)
            .is_some_and(|n| n.unschedulable)
        {
            out.out(&format!("node/{node} already cordoned"));
            continue;
        }
        match ctx.sim.exec(Command::Cordon {
            node: node.clone(),
            unschedulable: true,
        }) {
            Outcome::Failed(e) => out.err(&format!(
                "error: unable to cordon node \"{node}\": {}",
                e.message()
            )),
            _ => out.out(&format!("node/{node} cordoned")),
        }
    }
    let mut drain = Drain {
        nodes: args.positional.clone(),
        current: 0,
        filters: (
            args.bool("force"),
            args.bool("ignore-daemonsets"),
            args.bool("delete-emptydir-data") || args.bool("delete-local-data"),
        ),
        grace_s: args
            .value("grace-period")
            .and_then(|g| g.parse::<i64>().ok())
            .filter(|g| *g >= 0),
        targets: Vec::new(),
        timeout_ms: args
            .value("timeout")
            .and_then(duration_ms)
            .filter(|ms| *ms > 0),
        timeout: None,
        failed: Vec::new(),
    };
    if !drain.begin(ctx.sim, out) {
        return None;
    }
    Some(Box::new(drain))
}
