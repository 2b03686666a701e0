//! The kubelet's container restarts, and what an image's entrypoint writes when its container
//! starts ([`crate::engine::entrypoint`]).
//!
//! A container whose main process ends while its pod keeps running shows `Error` (non-zero
//! exit) until the kubelet notices (its pod lifecycle event generator relists every second)
//! and starts it again: the first restart comes at once, later ones after the crash-loop
//! back-off (10 s doubling to 5 min; kubernetes/kubernetes pkg/kubelet/kubelet.go
//! `backOffPeriod`, `MaxContainerBackOff`). `restartPolicy: Never` leaves it exited, and
//! `OnFailure` restarts only after a non-zero exit (`kubecontainer.ShouldContainerBeRestarted`).

use crate::engine::cluster::Key;
use crate::engine::command::{ApiError, Outcome};
use crate::engine::entrypoint;
use crate::engine::files::{self, Place};
use crate::engine::images::{self, Stop};
use crate::engine::lifecycle::Stage;
use crate::engine::trace::{Change, EventType};

use super::{Event, Simulation};

/// The kubelet noticing a dead container: PLEG's relist period (1 s) and the sync after it.
const NOTICE_MS: (u64, u64) = (800, 1_800);

/// The crash-loop back-off's first step, in ms (later restarts double it).
const BACKOFF_MS: u64 = 10_000;

/// The back-off's ceiling (5 min).
const MAX_BACKOFF_MS: u64 = 300_000;

impl Simulation {
    /// The app container's process ended with `code` (see [`crate::engine::Command::CrashProcess`]).
    pub(crate) fn crash_container(&mut self, key: &Key, code: i32) -> Outcome {
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return Outcome::Failed(ApiError::NotFound {
                resource: "pods".into(),
                name: key.name.clone(),
            });
        };
        if !matches!(pod.status.stage, Stage::Running | Stage::Ready)
            || pod.status.crashed.is_some()
        {
            return Outcome::Done;
        }
        pod.status.crashed = Some((code, self.now));
        pod.status.stage = Stage::Running;
        pod.status.ready_since = None;
        let uid = pod.meta.uid.clone();
        let restarts = pod.status.restarts;
        let policy = pod.spec.restart_policy.clone().unwrap_or_default();
        self.note_pod(
            key,
            Change::Updated,
            "engine.stage.crashed",
            &[&code.to_string()],
        );
        self.after_pod_change(key);
        let restart = match policy.as_str() {
            "Never" => false,
            "OnFailure" => code != 0,
            _ => true,
        };
        if restart {
            let notice = NOTICE_MS.0 + self.rng.lifecycle.below(NOTICE_MS.1 - NOTICE_MS.0);
            let backoff = match restarts {
                0 => 0,
                n => BACKOFF_MS
                    .saturating_mul(1 << (n - 1).min(8))
                    .min(MAX_BACKOFF_MS),
            };
            if backoff > 0 {
                self.kubelet_event(
                    EventType::Warning,
                    key,
                    &uid,
                    "BackOff",
                    format!(
                        "Back-off restarting failed container {} in pod {}_{}({uid})",
                        self.first_container(key),
                        key.name,
                        key.namespace
                    ),
                );
            }
            self.schedule(
                self.now.plus_ms(notice + backoff),
                Event::Restart {
                    pod: key.clone(),
                    uid,
                    killed: false,
                },
            );
        }
        Outcome::Done
    }

    /// The kubelet's `Unhealthy` warning for an exec probe whose program is gone: the
    /// probe's output is the image shell's not-found error (dash: `sh: 1: NAME: not found`).
    fn probe_failed(&mut self, key: &Key, uid: &str, which: &str) {
        let probe = self.cluster.pods.get(key).and_then(|p| {
            let c = p.spec.containers.first()?;
            if which == "Readiness" {
                c.readiness_probe.clone()
            } else {
                c.liveness_probe.clone()
            }
        });
        let script = probe
            .and_then(|p| p.exec)
            .and_then(|e| e.command.last().cloned())
            .unwrap_or_default();
        let program = script.split_whitespace().next().unwrap_or_default();
        let why = format!("{which} probe failed: sh: 1: {program}: not found");
        self.kubelet_event(EventType::Warning, key, uid, "Unhealthy", why);
    }

    fn first_container(&self, key: &Key) -> String {
        self.cluster
            .pods
            .get(key)
            .and_then(|p| p.spec.containers.first())
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    /// The kubelet starts the crashed container again: a new container from the image (a
    /// fresh writable layer), one more restart counted, readiness probed anew.
    pub(crate) fn restart_container(&mut self, key: &Key, uid: &str, killed: bool) {
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return;
        };
        if pod.meta.uid != uid
            || (pod.status.crashed.is_none() && !killed)
            || pod.status.stage != Stage::Running
        {
            return;
        }
        pod.status.crashed = None;
        pod.status.restarts += 1;
        pod.rootfs.clear();
        self.start_container(key, uid);
    }

    /// A program was removed from the container: exec probes that run it fail from their next
    /// period on. After `failureThreshold` failures (default 3, every `periodSeconds`, default
    /// 10) readiness turns the pod NotReady, and liveness has the kubelet stop the container
    /// (the image's stop signal, at most the grace period) and start a new one, whose fresh
    /// filesystem has the program again.
    pub(crate) fn probes_after_removal(&mut self, key: &Key, removed: &str) {
        let Some(pod) = self.cluster.pods.get(key) else {
            return;
        };
        if !matches!(pod.status.stage, Stage::Running | Stage::Ready)
            || pod.status.crashed.is_some()
        {
            return;
        }
        let program = removed.rsplit('/').next().unwrap_or(removed);
        let runs = |p: &&crate::manifest::objects::Probe| {
            p.exec.as_ref().is_some_and(|e| {
                e.command
                    .iter()
                    .flat_map(|w| w.split_whitespace())
                    .any(|w| w.rsplit('/').next() == Some(program))
            })
        };
        let after = |p: &crate::manifest::objects::Probe| {
            let period = u64::try_from(p.period_seconds.unwrap_or(10).max(1)).unwrap_or(10);
            let threshold = u64::try_from(p.failure_threshold.unwrap_or(3).max(1)).unwrap_or(3);
            period * threshold * 1000
        };
        let Some(c) = pod.spec.containers.first() else {
            return;
        };
        let readiness = c.readiness_probe.as_ref().filter(runs).map(after);
        let liveness = c.liveness_probe.as_ref().filter(runs).map(after);
        let uid = pod.meta.uid.clone();
        // The probes' next runs fall somewhere in their current period.
        let phase = self.rng.lifecycle.below(10_000);
        if let Some(ms) = readiness {
            let at = self.now.plus_ms(ms.saturating_sub(phase));
            let pod = key.clone();
            self.schedule(
                at,
                Event::NotReady {
                    pod,
                    uid: uid.clone(),
                },
            );
        }
        if let Some(ms) = liveness {
            let at = self.now.plus_ms(ms.saturating_sub(phase) + 70);
            let pod = key.clone();
            self.schedule(at, Event::LivenessKill { pod, uid });
        }
    }

    /// The readiness probe's failures reached its threshold.
    pub(crate) fn probe_not_ready(&mut self, key: &Key, uid: &str) {
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return;
        };
        if pod.meta.uid != uid || pod.status.stage != Stage::Ready {
            return;
        }
        pod.status.stage = Stage::Running;
        pod.status.ready_since = None;
        self.probe_failed(key, uid, "Readiness");
        self.note_pod(key, Change::Updated, "engine.stage.unready", &[]);
        self.after_pod_change(key);
    }

    /// The liveness probe's failures reached its threshold: the kubelet stops the container
    /// with the image's stop signal (at most the grace period; a shell as PID 1 ignores
    /// SIGTERM and waits it out) and then starts a new one.
    pub(crate) fn liveness_kill(&mut self, key: &Key, uid: &str) {
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return;
        };
        let alive = matches!(pod.status.stage, Stage::Running | Stage::Ready);
        if pod.meta.uid != uid || !alive || pod.status.crashed.is_some() {
            return;
        }
        pod.status.stage = Stage::Running;
        pod.status.ready_since = None;
        let grace_s = pod
            .spec
            .termination_grace_period_seconds
            .unwrap_or(30)
            .max(0);
        let grace_ms = u64::try_from(grace_s).unwrap_or(30) * 1000;
        let stop = images::traits(pod.image()).stop;
        let name = self.first_container(key);
        self.probe_failed(key, uid, "Liveness");
        self.kubelet_event(
            EventType::Normal,
            key,
            uid,
            "Killing",
            format!("Container {name} failed liveness probe, will be restarted"),
        );
        self.after_pod_change(key);
        let stop_ms = match stop {
            Stop::Exits { .. } => self.draw(self.cfg.timings.stop_nginx_ms).min(grace_ms),
            Stop::IgnoresTerm => grace_ms,
        };
        self.schedule(
            self.now.plus_ms(stop_ms),
            Event::Restart {
                pod: key.clone(),
                uid: uid.to_string(),
                killed: true,
            },
        );
    }

    /// Writes what the image's entrypoint writes at start into the container's filesystem
    /// and volumes (no trace line: the learner sees the files, not a command).
    pub(crate) fn entrypoint_writes(&mut self, key: &Key) {
        let Some(pod) = self.cluster.pods.get(key) else {
            return;
        };
        let writes: Vec<(String, Place, String)> = entrypoint::files(pod)
            .into_iter()
            .map(|(path, text)| {
                // A trailing `/` marks a directory: kept on the stored key.
                let slash = if path.ends_with('/') { "/" } else { "" };
                let norm = files::normalize(&path);
                let place = match files::place_of(pod, &norm) {
                    Place::Claim { claim, rel } => Place::Claim {
                        claim,
                        rel: format!("{rel}{slash}"),
                    },
                    Place::EmptyDir { volume, rel } => Place::EmptyDir {
                        volume,
                        rel: format!("{rel}{slash}"),
                    },
                    other => other,
                };
                (format!("{norm}{slash}"), place, text)
            })
            .collect();
        for (path, place, text) in writes {
            match place {
                Place::Container => {
                    if let Some(p) = self.cluster.pods.get_mut(key) {
                        p.rootfs.insert(path, Some(text));
                    }
                }
                Place::EmptyDir { volume, rel } => {
                    if let Some(p) = self.cluster.pods.get_mut(key) {
                        p.empty_dirs.entry(volume).or_default().insert(rel, text);
                    }
                }
                Place::Claim { claim, rel } => {
                    let pv = self
                        .cluster
                        .pods
                        .get(key)
                        .and_then(|p| files::claim_volume(&self.cluster, p, &claim));
                    if let Some(v) = pv.and_then(|pv| self.cluster.pvs.get_mut(&pv)) {
                        // `start-zookeeper` writes the id file only when it is missing.
                        v.data.entry(rel).or_insert(text);
                    }
                }
                Place::Managed | Place::ConfigMap { .. } => {}
            }
        }
    }
}
