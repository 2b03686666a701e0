//! The pod lifecycle as data (the KWOK idea: stages and timed transitions in a table rather
//! than `if`s spread over the kubelet). Which delay applies to each transition, and what a
//! learner is told about it, is read from [`TRANSITIONS`].

use super::config::{Span, Timings};

/// Where a pod is in its life. `kubectl get pods` derives STATUS and READY from this plus the
/// pod's other status fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub enum Stage {
    /// Created, not yet bound to a node (first `Pending` row of a watch).
    #[default]
    Pending,
    /// Bound to a node; the kubelet has not reported yet (second `Pending` row).
    Scheduled,
    /// Sandbox and IP set up, image pulling or container starting (for a pod with init
    /// containers: the first init container's image).
    ContainerCreating,
    /// Init containers run one after another (`status.init` says how far); sidecars
    /// (restartable init containers) start and keep running.
    Initializing,
    /// Every init container is done; the app containers are being created
    /// (`PodInitializing`).
    PodInitializing,
    /// Container started, readiness not yet passed.
    Running,
    /// Running and Ready.
    Ready,
    /// `deletionTimestamp` set; the kubelet has not acted yet (`1/1 Terminating`).
    Terminating,
    /// Containers told to stop, no longer Ready (`0/1 Terminating`).
    Killed,
    /// Containers exited (`0/1 Completed` or `Error`); the object is about to go.
    Exited,
}

impl Stage {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Stage::Pending => "Pending",
            Stage::Scheduled => "Scheduled",
            Stage::ContainerCreating => "ContainerCreating",
            Stage::Initializing => "Initializing",
            Stage::PodInitializing => "PodInitializing",
            Stage::Running => "Running",
            Stage::Ready => "Ready",
            Stage::Terminating => "Terminating",
            Stage::Killed => "Killed",
            Stage::Exited => "Exited",
        }
    }

    /// Stages reached only through deletion.
    #[must_use]
    pub fn deleting(self) -> bool {
        matches!(self, Stage::Terminating | Stage::Killed | Stage::Exited)
    }
}

/// Which delay a transition takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delay {
    /// Decided by the scheduler (volumes bound, room on a node), not by a timer.
    Scheduler,
    /// The kubelet noticing the bound pod.
    Kubelet,
    /// Image pull (first time on the node) or start from the cached image, of the container
    /// that starts next.
    Image,
    /// An init container running to completion (its image row's `init_run`), or, for a
    /// sidecar, nothing: the next container's image.
    InitRun,
    /// `readinessProbe.initialDelaySeconds` (none: immediately).
    Readiness,
    /// The kubelet noticing the deletion.
    KillNotice,
    /// The container leaving on its stop signal, at most the grace period.
    Stop,
    /// Final removal from the apiserver.
    Remove,
}

/// Which pods a transition applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// The pod has init containers.
    WithInit,
    /// The pod has none.
    WithoutInit,
}

impl When {
    #[must_use]
    pub fn holds(self, has_init: bool) -> bool {
        match self {
            When::Always => true,
            When::WithInit => has_init,
            When::WithoutInit => !has_init,
        }
    }
}

/// One timed step of the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: Stage,
    pub to: Stage,
    pub when: When,
    pub delay: Delay,
    /// i18n id of the reason shown in the trace.
    pub reason: &'static str,
}

const fn step(
    from: Stage,
    to: Stage,
    when: When,
    delay: Delay,
    reason: &'static str,
) -> Transition {
    Transition {
        from,
        to,
        when,
        delay,
        reason,
    }
}

/// The lifecycle table. Deletion moves any stage before `Terminating` to `Terminating`.
/// Init containers (kubelet `computeInitContainerActions`): each regular one runs to
/// completion before the next starts; a sidecar (`restartPolicy: Always`) starts and the next
/// one follows; the app containers start once all are done.
pub const TRANSITIONS: &[Transition] = &[
    step(
        Stage::Pending,
        Stage::Scheduled,
        When::Always,
        Delay::Scheduler,
        "engine.stage.scheduled",
    ),
    step(
        Stage::Scheduled,
        Stage::ContainerCreating,
        When::Always,
        Delay::Kubelet,
        "engine.stage.creating",
    ),
    step(
        Stage::ContainerCreating,
        Stage::Running,
        When::WithoutInit,
        Delay::Image,
        "engine.stage.started",
    ),
    step(
        Stage::ContainerCreating,
        Stage::Initializing,
        When::WithInit,
        Delay::Image,
        "engine.stage.init.started",
    ),
    step(
        Stage::Initializing,
        Stage::Initializing,
        When::WithInit,
        Delay::InitRun,
        "engine.stage.init.done",
    ),
    step(
        Stage::Initializing,
        Stage::PodInitializing,
        When::WithInit,
        Delay::InitRun,
        "engine.stage.init.all",
    ),
    step(
        Stage::PodInitializing,
        Stage::Running,
        When::WithInit,
        Delay::Image,
        "engine.stage.started",
    ),
    step(
        Stage::Running,
        Stage::Ready,
        When::Always,
        Delay::Readiness,
        "engine.stage.ready",
    ),
    step(
        Stage::Terminating,
        Stage::Killed,
        When::Always,
        Delay::KillNotice,
        "engine.stage.killed",
    ),
    step(
        Stage::Killed,
        Stage::Exited,
        When::Always,
        Delay::Stop,
        "engine.stage.exited",
    ),
];

/// The first timed transition out of `from` for a pod with or without init containers, if any
/// (`Ready` waits for a command; `Exited` ends in removal, see [`Delay::Remove`]).
#[must_use]
pub fn next(from: Stage, has_init: bool) -> Option<&'static Transition> {
    TRANSITIONS
        .iter()
        .find(|t| t.from == from && t.when.holds(has_init))
}

/// The i18n id of the reason for the step `from` → `to` (the table's `reason`).
#[must_use]
pub fn reason(from: Stage, to: Stage) -> &'static str {
    TRANSITIONS
        .iter()
        .find(|t| t.from == from && t.to == to)
        .map_or("engine.stage.started", |t| t.reason)
}

/// Whether the table has a step `from` → `to` for such a pod (timers check it on firing).
#[must_use]
pub fn allowed(from: Stage, to: Stage, has_init: bool) -> bool {
    TRANSITIONS
        .iter()
        .any(|t| t.from == from && t.to == to && t.when.holds(has_init))
}

/// The span a delay kind draws from; `Image`, `Readiness` and `Stop` depend on the pod and are
/// worked out by the simulation.
#[must_use]
pub fn span(t: &Timings, delay: Delay) -> Option<Span> {
    match delay {
        Delay::Kubelet => Some(t.kubelet_ms),
        Delay::KillNotice => Some(t.kill_notice_ms),
        Delay::Remove => Some(t.remove_ms),
        Delay::Scheduler | Delay::Image | Delay::InitRun | Delay::Readiness | Delay::Stop => None,
    }
}

pub use super::images::image_repo;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_walks_a_pod_from_pending_to_ready_and_from_terminating_to_exited() {
        // Pins the order of stages a pod goes through.
        let walk = |has_init: bool| {
            let mut s = Stage::Pending;
            let mut seen = vec![s];
            while let Some(t) = next(s, has_init).filter(|t| t.to != s) {
                s = t.to;
                seen.push(s);
            }
            seen
        };
        assert_eq!(
            walk(false),
            [
                Stage::Pending,
                Stage::Scheduled,
                Stage::ContainerCreating,
                Stage::Running,
                Stage::Ready
            ]
        );
        // An init container after another: the step loops on `Initializing`.
        assert!(allowed(Stage::Initializing, Stage::Initializing, true));
        assert!(!allowed(
            Stage::ContainerCreating,
            Stage::Initializing,
            false
        ));
        assert!(!allowed(Stage::ContainerCreating, Stage::Running, true));
        assert_eq!(
            next(Stage::Terminating, true).map(|t| t.to),
            Some(Stage::Killed)
        );
        assert_eq!(
            next(Stage::Killed, false).map(|t| t.to),
            Some(Stage::Exited)
        );
        assert!(next(Stage::Exited, false).is_none());
    }
}
