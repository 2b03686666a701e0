//! Each container's state as the kubelet reports it (`status.initContainerStatuses` and
//! `status.containerStatuses`), derived from the pod's lifecycle stage and its init runs; and
//! the READY and STATUS columns `kubectl get pods` prints from them. `describe`, `-o yaml`
//! and the table all read this one derivation.

use crate::manifest::objects::Container;

use super::cluster::{Phase, Pod};
use super::lifecycle::Stage;
use super::time::Time;

/// A container's state (`ContainerState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No status reported yet (not on a node, or the kubelet has not acted).
    None,
    Waiting(&'static str),
    Running {
        started: Option<Time>,
    },
    /// `finished: None`: it ends now (the pod's containers exited at this moment).
    Terminated {
        code: i32,
        started: Option<Time>,
        finished: Option<Time>,
    },
}

impl State {
    /// `Completed` for exit code 0, else `Error` (the kubelet's terminated reasons).
    #[must_use]
    pub fn reason(code: i32) -> &'static str {
        if code == 0 {
            "Completed"
        } else {
            "Error"
        }
    }
}

/// One container's status.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Status<'a> {
    pub container: &'a Container,
    pub state: State,
    pub ready: bool,
    /// A restartable init container (`restartPolicy: Always`).
    pub sidecar: bool,
}

impl Status<'_> {
    /// Whether the container's process has started (`started` in the status).
    #[must_use]
    pub fn started(&self) -> bool {
        matches!(self.state, State::Running { .. })
    }
}

/// A restartable init container (`podutil.IsRestartableInitContainer`).
#[must_use]
pub fn is_sidecar(c: &Container) -> bool {
    c.restart_policy.as_deref() == Some("Always")
}

/// Whether the kubelet has reported on the pod's containers (sandbox made).
fn reported(pod: &Pod) -> bool {
    !matches!(pod.status.stage, Stage::Pending | Stage::Scheduled) && pod.status.ip.is_some()
}

fn waiting_reason(pod: &Pod) -> &'static str {
    if pod.status.config_error.is_some() {
        "CreateContainerConfigError"
    } else if pod.spec.init_containers.is_empty() {
        "ContainerCreating"
    } else {
        "PodInitializing"
    }
}

fn stopping(pod: &Pod) -> bool {
    matches!(pod.status.stage, Stage::Killed | Stage::Exited)
}

/// `status.initContainerStatuses`, in spec order.
#[must_use]
pub fn init_statuses(pod: &Pod) -> Vec<Status<'_>> {
    let code = pod.status.exit_code.unwrap_or(0);
    pod.spec
        .init_containers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let sidecar = is_sidecar(c);
            let (state, ready) = match pod.status.init.get(i) {
                Some(run) => match run.finished {
                    Some(f) => (
                        State::Terminated {
                            code: 0,
                            started: Some(run.started),
                            finished: Some(f),
                        },
                        true,
                    ),
                    None if pod.status.stage == Stage::Exited => (
                        State::Terminated {
                            code,
                            started: Some(run.started),
                            finished: None,
                        },
                        false,
                    ),
                    None => (
                        State::Running {
                            started: Some(run.started),
                        },
                        sidecar && !stopping(pod),
                    ),
                },
                None if reported(pod) => (State::Waiting("PodInitializing"), false),
                None => (State::None, false),
            };
            Status {
                container: c,
                state,
                ready,
                sidecar,
            }
        })
        .collect()
}

/// Whether an app container passes readiness: at once without a readiness probe, else once
/// the pod reached `Ready`.
fn app_ready(pod: &Pod, c: &Container) -> bool {
    if pod.status.crashed.is_some() {
        return false;
    }
    let started = pod.status.started_at.is_some();
    match pod.status.stage {
        Stage::Ready => true,
        Stage::Running => c.readiness_probe.is_none(),
        Stage::Terminating => {
            pod.status.ready_since.is_some() || (started && c.readiness_probe.is_none())
        }
        _ => false,
    }
}

/// `status.containerStatuses`, in spec order.
#[must_use]
pub fn app_statuses(pod: &Pod) -> Vec<Status<'_>> {
    let s = &pod.status;
    pod.spec
        .containers
        .iter()
        .map(|c| {
            let state = match s.stage {
                Stage::Pending | Stage::Scheduled => State::None,
                Stage::Exited if s.started_at.is_some() => State::Terminated {
                    code: s.exit_code.unwrap_or(0),
                    started: s.started_at,
                    finished: None,
                },
                // The process ended on its own; the kubelet has not restarted it yet.
                Stage::Running if s.crashed.is_some() => State::Terminated {
                    code: s.crashed.map_or(0, |(code, _)| code),
                    started: s.started_at,
                    finished: s.crashed.map(|(_, at)| at),
                },
                _ if s.started_at.is_some() => State::Running {
                    started: s.started_at,
                },
                _ if reported(pod) => State::Waiting(waiting_reason(pod)),
                _ => State::None,
            };
            Status {
                container: c,
                state,
                ready: app_ready(pod, c),
                sidecar: false,
            }
        })
        .collect()
}

/// The `Initialized` condition: every init container done (a sidecar: started).
#[must_use]
pub fn initialized(pod: &Pod) -> bool {
    let n = pod.spec.init_containers.len();
    n == 0
        || (pod.status.init.len() == n
            && pod
                .spec
                .init_containers
                .iter()
                .zip(&pod.status.init)
                .all(|(c, r)| is_sidecar(c) || r.finished.is_some()))
}

/// The init containers' part of `printPod`: the ready sidecars, and the STATUS while a
/// regular init container has not finished (`Init:1/2`), if one has not.
fn init_column(pod: &Pod) -> (usize, Option<String>) {
    let mut ready = 0;
    let statuses = init_statuses(pod);
    let n = statuses.len();
    for (i, st) in statuses.iter().enumerate() {
        match st.state {
            State::Terminated { code: 0, .. } => continue,
            State::Running { .. } if st.sidecar => {
                ready += usize::from(st.ready);
                continue;
            }
            State::Terminated { code, .. } => {
                return (ready, Some(format!("Init:{}", State::reason(code))));
            }
            // Nothing reported yet: the printer has no init statuses to walk.
            State::None => break,
            _ => return (ready, Some(format!("Init:{i}/{n}"))),
        }
    }
    (ready, None)
}

/// READY and STATUS of `kubectl get pods` (`printPod`,
/// kubernetes/kubernetes pkg/printers/internalversion/printers.go): READY counts the ready
/// app containers and the started, ready sidecars out of both; STATUS is the first unfinished
/// init container's `Init:i/n`, else the app containers' waiting or terminated reason (the
/// first container's wins), `Terminating` while a deletion runs and the phase is not final.
#[must_use]
pub fn ready_and_status(pod: &Pod) -> (usize, usize, String) {
    let sidecars = pod
        .spec
        .init_containers
        .iter()
        .filter(|c| is_sidecar(c))
        .count();
    let total = pod.spec.containers.len().max(1) + sidecars;
    let (mut ready, init_reason) = init_column(pod);
    let phase = pod.phase();
    let mut reason = phase.name().to_string();
    let initializing = init_reason.is_some() && !initialized(pod);
    if let Some(r) = init_reason.filter(|_| initializing) {
        reason = r;
    } else {
        let mut running = false;
        for st in app_statuses(pod).iter().rev() {
            match st.state {
                State::Waiting(r) => reason = r.to_string(),
                State::Terminated { code, .. } => reason = State::reason(code).to_string(),
                State::Running { .. } if st.ready => {
                    running = true;
                    ready += 1;
                }
                State::Running { .. } | State::None => {}
            }
        }
        if reason == "Completed" && running {
            reason = if pod.is_ready() {
                "Running"
            } else {
                "NotReady"
            }
            .to_string();
        }
    }
    if pod.is_terminating() && !matches!(phase, Phase::Succeeded | Phase::Failed) {
        reason = "Terminating".to_string();
    }
    (ready, total, reason)
}
