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
    /// Sandbox and IP set up, image pulling or container starting.
    ContainerCreating,
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
    /// Image pull (first time on the node) or start from the cached image.
    Image,
    /// `readinessProbe.initialDelaySeconds` (none: immediately).
    Readiness,
    /// The kubelet noticing the deletion.
    KillNotice,
    /// The container leaving on its stop signal, at most the grace period.
    Stop,
    /// Final removal from the apiserver.
    Remove,
}

/// One timed step of the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: Stage,
    pub to: Stage,
    pub delay: Delay,
    /// i18n id of the reason shown in the trace.
    pub reason: &'static str,
}

/// The lifecycle table. Deletion moves any stage before `Terminating` to `Terminating`.
pub const TRANSITIONS: &[Transition] = &[
    Transition {
        from: Stage::Pending,
        to: Stage::Scheduled,
        delay: Delay::Scheduler,
        reason: "engine.stage.scheduled",
    },
    Transition {
        from: Stage::Scheduled,
        to: Stage::ContainerCreating,
        delay: Delay::Kubelet,
        reason: "engine.stage.creating",
    },
    Transition {
        from: Stage::ContainerCreating,
        to: Stage::Running,
        delay: Delay::Image,
        reason: "engine.stage.started",
    },
    Transition {
        from: Stage::Running,
        to: Stage::Ready,
        delay: Delay::Readiness,
        reason: "engine.stage.ready",
    },
    Transition {
        from: Stage::Terminating,
        to: Stage::Killed,
        delay: Delay::KillNotice,
        reason: "engine.stage.killed",
    },
    Transition {
        from: Stage::Killed,
        to: Stage::Exited,
        delay: Delay::Stop,
        reason: "engine.stage.exited",
    },
];

/// The timed transition out of `from`, if any (`Ready` waits for a command; `Exited` ends in
/// removal, see [`Delay::Remove`]).
#[must_use]
pub fn next(from: Stage) -> Option<&'static Transition> {
    TRANSITIONS.iter().find(|t| t.from == from)
}

/// The span a delay kind draws from; `Image`, `Readiness` and `Stop` depend on the pod and are
/// worked out by the simulation.
#[must_use]
pub fn span(t: &Timings, delay: Delay) -> Option<Span> {
    match delay {
        Delay::Kubelet => Some(t.kubelet_ms),
        Delay::KillNotice => Some(t.kill_notice_ms),
        Delay::Remove => Some(t.remove_ms),
        Delay::Scheduler | Delay::Image | Delay::Readiness | Delay::Stop => None,
    }
}

/// Whether an image stops promptly on its STOPSIGNAL: nginx images set SIGQUIT and exit within
/// a second; a shell or `sleep` as PID 1 ignores SIGTERM and is killed after the grace period
/// (reference §3.3).
#[must_use]
pub fn stops_promptly(image: &str) -> bool {
    let repo = image_repo(image);
    matches!(
        repo,
        "nginx" | "httpd" | "redis" | "coredns" | "registry.k8s.io/coredns/coredns"
    )
}

/// `nginx` from `docker.io/library/nginx:1.19.0@sha256:…`.
#[must_use]
pub fn image_repo(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last_slash = no_digest.rfind('/').map_or(0, |i| i + 1);
    let no_tag = match no_digest[last_slash..].find(':') {
        Some(i) => &no_digest[..last_slash + i],
        None => no_digest,
    };
    no_tag
        .strip_prefix("docker.io/library/")
        .or_else(|| no_tag.strip_prefix("docker.io/"))
        .or_else(|| no_tag.strip_prefix("library/"))
        .unwrap_or(no_tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_walks_a_pod_from_pending_to_ready_and_from_terminating_to_exited() {
        // Pins the order of stages a pod goes through.
        let mut s = Stage::Pending;
        let mut seen = vec![s];
        while let Some(t) = next(s) {
            s = t.to;
            seen.push(s);
        }
        assert_eq!(
            seen,
            [
                Stage::Pending,
                Stage::Scheduled,
                Stage::ContainerCreating,
                Stage::Running,
                Stage::Ready
            ]
        );
        assert_eq!(next(Stage::Terminating).map(|t| t.to), Some(Stage::Killed));
        assert_eq!(next(Stage::Killed).map(|t| t.to), Some(Stage::Exited));
        assert!(next(Stage::Exited).is_none());
    }

    #[test]
    fn image_names_reduce_to_their_repository() {
        // Pins how images are recognised for their behaviour (nginx serves, stops fast).
        assert_eq!(image_repo("nginx"), "nginx");
        assert_eq!(image_repo("nginx:1.19.0"), "nginx");
        assert_eq!(
            image_repo("docker.io/library/nginx:1.19.0@sha256:ab"),
            "nginx"
        );
        assert_eq!(
            image_repo("registry.k8s.io/coredns/coredns:v1.12.1"),
            "registry.k8s.io/coredns/coredns"
        );
        assert_eq!(image_repo("localhost:5000/app:1"), "localhost:5000/app");
        assert!(stops_promptly("nginx:1.19.0"));
        assert!(!stops_promptly("busybox:1.28"));
    }
}
