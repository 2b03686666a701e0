//! The kubelet's side of the lifecycle: sandbox and IP, image pull, start, readiness, and the
//! graceful stop; plus removal of pod objects and the claim-protection finalizer.

use crate::i18n::Msg;
use crate::manifest::objects::Kind;

use super::{Event, Simulation, SyncKey};
use crate::engine::cluster::{ClaimPhase, Key, VolumePhase};
use crate::engine::controllers::daemon_set;
use crate::engine::controllers::stateful_set::ordinal_of;
use crate::engine::images::{self, Stop, KILLED_CODE};
use crate::engine::lifecycle::{self, Stage};
use crate::engine::time::Time;
use crate::engine::trace::{Change, EventType};
use crate::manifest::objects::Container;

const KUBELET: &str = "kubelet";

/// How often the kubelet tries again to start containers held by a missing ConfigMap or
/// Secret (its pod worker requeues a failed sync; podplay uses a fixed 10 s).
const CONFIG_RETRY_MS: u64 = 10_000;

impl Simulation {
    pub(super) fn stage_timer(&mut self, key: &Key, uid: &str, to: Stage, delay_ms: u64) {
        self.schedule(
            self.now.plus_ms(delay_ms),
            Event::Stage {
                pod: key.clone(),
                uid: uid.to_string(),
                to,
            },
        );
    }

    /// A timed lifecycle step (see [`lifecycle::TRANSITIONS`]).
    pub(crate) fn advance_pod(&mut self, key: &Key, uid: &str, to: Stage) {
        let Some(pod) = self.cluster.pods.get(key) else {
            return;
        };
        if pod.meta.uid != uid {
            return;
        }
        let has_init = !pod.spec.init_containers.is_empty();
        if !lifecycle::allowed(pod.status.stage, to, has_init) {
            return;
        }
        match to {
            Stage::ContainerCreating => self.start_sandbox(key, uid),
            Stage::Initializing => {
                if !self.mount_blocks_start(key, uid, Stage::Initializing) {
                    self.init_step(key, uid);
                }
            }
            Stage::Running => {
                if !self.mount_blocks_start(key, uid, Stage::Running)
                    && !self.config_blocks_start(key, uid)
                {
                    self.start_container(key, uid);
                }
            }
            Stage::Ready => {
                if let Some(p) = self.cluster.pods.get_mut(key) {
                    p.status.stage = Stage::Ready;
                    p.status.ready_since = Some(self.now);
                }
                self.note_pod(key, Change::Updated, "engine.stage.ready", &[]);
                self.after_pod_change(key);
                self.wake_owner_when_available(key);
            }
            Stage::Killed => self.kill(key, uid),
            Stage::Exited => self.exited(key, uid),
            Stage::Pending | Stage::Scheduled | Stage::Terminating | Stage::PodInitializing => {}
        }
    }

    /// How long until a container of `image` can start on the node: from the cached image,
    /// after another pod's pull, or after a pull started now (its length from the image's row
    /// in [`images::IMAGES`]). Records the pull on the node and reports `Pulling` / `Pulled`.
    pub(super) fn image_delay(
        &mut self,
        key: &Key,
        uid: &str,
        node_name: &str,
        c: &Container,
    ) -> (u64, bool) {
        let image = c.image.clone().unwrap_or_default();
        let pull_policy = c
            .image_pull_policy
            .clone()
            .unwrap_or_else(|| "IfNotPresent".into());
        let ready_at = self
            .cluster
            .nodes
            .get(node_name)
            .and_then(|n| n.images.get(&image))
            .copied();
        let start = self.draw(self.cfg.timings.start_cached_ms);
        let (delay, pulled_now) = match ready_at {
            Some(t) if t <= self.now && pull_policy != "Always" => (start, false),
            Some(t) if t > self.now => (t.ms() - self.now.ms() + start / 4, false),
            _ => {
                let pull = if ready_at.is_some() {
                    // `Always` with the layers cached: a quick manifest check.
                    self.draw(self.cfg.timings.start_cached_ms) / 2
                } else {
                    self.draw(self.cfg.timings.pull_ms) * images::traits(&image).pull_percent()
                        / 100
                };
                let done = self.now.plus_ms(pull);
                if let Some(n) = self.cluster.nodes.get_mut(node_name) {
                    n.images.insert(image.clone(), done);
                }
                (pull + start / 4, true)
            }
        };
        if pulled_now {
            self.kubelet_event(
                EventType::Normal,
                key,
                uid,
                "Pulling",
                format!("Pulling image \"{image}\""),
            );
        } else if ready_at.is_some_and(|t| t <= self.now) {
            self.image_present_event(key, uid, &image);
        }
        (delay, pulled_now)
    }

    fn start_sandbox(&mut self, key: &Key, uid: &str) {
        let Some(pod) = self.cluster.pods.get(key) else {
            return;
        };
        // Claims must be bound before volumes can be mounted.
        let unbound = pod.claim_names().into_iter().find(|c| {
            self.cluster
                .pvcs
                .get(&Key::new(&key.namespace, c))
                .is_none_or(|pvc| pvc.phase != ClaimPhase::Bound)
        });
        if let Some(c) = unbound {
            let c = c.to_string();
            self.volume_waiters
                .entry(Key::new(&key.namespace, &c))
                .or_default()
                .insert((key.clone(), uid.to_string()));
            self.note_pod(key, Change::Waiting, "engine.kubelet.wait.volume", &[&c]);
            return;
        }
        let node_name = pod.spec.node_name.clone().unwrap_or_default();
        let host_network = pod.spec.host_network;
        // The first container to start: the first init container, if any.
        let first = pod
            .spec
            .init_containers
            .first()
            .or(pod.spec.containers.first())
            .cloned()
            .unwrap_or_default();
        // What follows the sandbox: the app containers, or the init containers (the table).
        let has_init = !pod.spec.init_containers.is_empty();
        let next =
            lifecycle::next(Stage::ContainerCreating, has_init).map_or(Stage::Running, |t| t.to);
        let Some(node) = self.cluster.nodes.get(&node_name) else {
            return;
        };
        let (node_ip, cidr) = (node.ip, node.cidr_index);
        let ip = if host_network {
            Some(node_ip)
        } else {
            self.pod_ipam.allocate(cidr)
        };
        let Some(ip) = ip else {
            let message = "Failed to create pod sandbox: plugin type=\"bridge\" failed (add): failed to allocate for range 0: no IP addresses available in range set";
            self.kubelet_event(
                EventType::Warning,
                key,
                uid,
                "FailedCreatePodSandBox",
                message.into(),
            );
            return;
        };
        if let Some(p) = self.cluster.pods.get_mut(key) {
            p.status.stage = Stage::ContainerCreating;
            p.status.ip = Some(ip);
        }
        let (delay, pulled_now) = self.image_delay(key, uid, &node_name, &first);
        self.note(
            Kind::Pod,
            key,
            Change::Updated,
            if pulled_now {
                Msg::new("engine.stage.pulling")
                    .text(&key.name)
                    .text(first.image.as_deref().unwrap_or_default())
                    .text(ip.to_string())
            } else {
                Msg::new("engine.stage.creating")
                    .text(&key.name)
                    .text(ip.to_string())
            },
        );
        self.stage_timer(key, uid, next, delay);
        // The pod now has an IP (a not-ready address); nothing a controller counts changed
        // (still Pending, not Ready), so no controller is woken for it.
        self.refresh_endpoints_for_pod(key);
    }

    /// An Event the kubelet records about a pod (source `kubelet`).
    pub(super) fn kubelet_event(
        &mut self,
        type_: EventType,
        key: &Key,
        uid: &str,
        reason: &str,
        message: String,
    ) {
        self.kube_event(type_, Kind::Pod, key, uid, reason, message, KUBELET);
    }

    /// The kubelet's `Pulled` event for an image the node already has.
    fn image_present_event(&mut self, key: &Key, uid: &str, image: &str) {
        self.kubelet_event(
            EventType::Normal,
            key,
            uid,
            "Pulled",
            format!("Container image \"{image}\" already present on machine"),
        );
    }

    /// The kubelet's `Pulled` (when this pod's pull of `image` just ended), `Created` and
    /// `Started` events for a container that starts now.
    pub(super) fn container_started_events(
        &mut self,
        key: &Key,
        uid: &str,
        name: &str,
        image: &str,
        pull_began: Time,
    ) {
        let Some(pod) = self.cluster.pods.get(key) else {
            return;
        };
        let pulled = pod.status.restarts == 0
            && self
                .cluster
                .nodes
                .get(pod.spec.node_name.as_deref().unwrap_or(""))
                .and_then(|n| n.images.get(image))
                .is_some_and(|t| *t > pod.meta.created.max(pull_began));
        if pulled {
            // kubernetes/kubernetes pkg/kubelet/images/image_manager.go `EnsureImageExists`.
            let took = go_duration(self.now.ms().saturating_sub(pull_began.ms()));
            let bytes = images::traits(image).size_bytes(image);
            let message = format!(
                "Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {bytes} bytes."
            );
            self.kubelet_event(EventType::Normal, key, uid, "Pulled", message);
        }
        self.kubelet_event(
            EventType::Normal,
            key,
            uid,
            "Created",
            format!("Created container: {name}"),
        );
        self.kubelet_event(
            EventType::Normal,
            key,
            uid,
            "Started",
            format!("Started container {name}"),
        );
    }

    /// A second app container's image: already on the node (`Pulled … already present`), or
    /// pulled alongside the first container's (recorded on the node now).
    fn sibling_image(&mut self, key: &Key, uid: &str, image: &str) {
        let node = self
            .cluster
            .pods
            .get(key)
            .and_then(|p| p.spec.node_name.clone())
            .unwrap_or_default();
        let Some(n) = self.cluster.nodes.get_mut(&node) else {
            return;
        };
        if n.images.get(image).is_some_and(|t| *t <= self.now) {
            self.image_present_event(key, uid, image);
        } else {
            n.images.insert(image.to_string(), self.now);
        }
    }

    /// A `configMap` or `secret` volume whose object is missing: the kubelet reports
    /// `FailedMount` and starts nothing (the pod stays `ContainerCreating`, or `Init:0/N`),
    /// trying again on its next pass (every 10 s here) until the object exists.
    fn mount_blocks_start(&mut self, key: &Key, uid: &str, to: Stage) -> bool {
        let Some(pod) = self.cluster.pods.get(key) else {
            return true;
        };
        // Volumes are mounted once, before the first container starts.
        let first_start = pod.status.init.is_empty();
        let error = if first_start {
            crate::engine::config_refs::mount_error(&self.cluster, pod)
        } else {
            None
        };
        let Some(message) = error else {
            return false;
        };
        self.kubelet_event(EventType::Warning, key, uid, "FailedMount", message);
        self.stage_timer(key, uid, to, CONFIG_RETRY_MS);
        true
    }

    /// A missing ConfigMap or Secret (or key) the containers need: the kubelet reports
    /// `Failed` with `Error: <why>`, the containers wait with `CreateContainerConfigError`, and
    /// it tries again on its next sync of the pod (every 10 s here), starting them once the
    /// object is there.
    fn config_blocks_start(&mut self, key: &Key, uid: &str) -> bool {
        let Some(pod) = self.cluster.pods.get(key) else {
            return true;
        };
        let error =
            crate::engine::config_refs::config_error(&self.cluster, pod).map(|e| e.message());
        let Some(message) = error else {
            if let Some(p) = self.cluster.pods.get_mut(key) {
                p.status.config_error = None;
            }
            return false;
        };
        let first = pod.status.config_error.is_none();
        if let Some(p) = self.cluster.pods.get_mut(key) {
            p.status.config_error = Some(message.clone());
        }
        self.kubelet_event(
            EventType::Warning,
            key,
            uid,
            "Failed",
            format!("Error: {message}"),
        );
        if first {
            self.note_pod(key, Change::Updated, "engine.config.error", &[&message]);
            self.after_pod_change(key);
        }
        self.stage_timer(key, uid, Stage::Running, CONFIG_RETRY_MS);
        true
    }

    pub(super) fn start_container(&mut self, key: &Key, uid: &str) {
        self.entrypoint_writes(key);
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return;
        };
        // Ready once every container's readiness probe passed: after the longest initial delay.
        let probe = pod
            .spec
            .containers
            .iter()
            .filter_map(|c| c.readiness_probe.as_ref())
            .map(|p| p.initial_delay_seconds.unwrap_or(0).max(0))
            .max();
        let containers: Vec<(String, String)> = pod
            .spec
            .containers
            .iter()
            .map(|c| (c.name.clone(), c.image.clone().unwrap_or_default()))
            .collect();
        pod.status.started_at = Some(self.now);
        // The app containers' images were pulled since the sandbox or the last init container.
        let pull_began = pod
            .status
            .init
            .iter()
            .filter_map(|r| r.finished.or(Some(r.started)))
            .max()
            .unwrap_or(pod.status.scheduled_at.unwrap_or_default());
        match probe {
            None => {
                pod.status.stage = Stage::Ready;
                pod.status.ready_since = Some(self.now);
            }
            Some(_) => pod.status.stage = Stage::Running,
        }
        for (i, (name, image)) in containers.iter().enumerate() {
            if i > 0 {
                // The other app containers' images were pulled beside the first one's.
                self.sibling_image(key, uid, image);
            }
            self.container_started_events(key, uid, name, image, pull_began);
        }
        match probe {
            None => {
                self.note_pod(key, Change::Updated, "engine.stage.started.ready", &[]);
                self.wake_owner_when_available(key);
            }
            Some(delay_s) => {
                self.note_pod(
                    key,
                    Change::Updated,
                    "engine.stage.started.probe",
                    &[&delay_s.to_string()],
                );
                let jitter = self.rng.lifecycle.below(1000);
                self.stage_timer(
                    key,
                    uid,
                    Stage::Ready,
                    u64::try_from(delay_s).unwrap_or(0) * 1000 + jitter,
                );
            }
        }
        self.after_pod_change(key);
    }

    /// The containers whose process runs (name, image): the app containers once started, then
    /// init containers started and not finished (sidecars, or one still initializing).
    fn running_containers(pod: &crate::engine::cluster::Pod) -> Vec<(String, String)> {
        let pair = |c: &Container| (c.name.clone(), c.image.clone().unwrap_or_default());
        let apps = pod
            .spec
            .containers
            .iter()
            .filter(|_| pod.status.started_at.is_some())
            .map(pair);
        let inits = pod
            .spec
            .init_containers
            .iter()
            .zip(&pod.status.init)
            .filter(|(_, r)| r.finished.is_none())
            .map(|(c, _)| pair(c));
        apps.chain(inits).collect()
    }

    /// How the running containers leave on the stop signal (their images' [`Stop`] rows): the
    /// pod's containers have exited when the slowest has; the first one's code is the pod's
    /// (the one `kubectl get pods` shows).
    fn stop_time(&mut self, running: &[(String, String)], grace_ms: u64) -> (u64, i32) {
        let mut delay = 0;
        let mut first_code = None;
        for (_, image) in running {
            let (d, code) = match images::traits(image).stop {
                Stop::Exits { code } => {
                    let d = self.draw(self.cfg.timings.stop_nginx_ms).min(grace_ms);
                    // No grace at all: SIGKILL at once.
                    (d, if grace_ms == 0 { KILLED_CODE } else { code })
                }
                Stop::IgnoresTerm => (grace_ms, KILLED_CODE),
            };
            delay = delay.max(d);
            first_code.get_or_insert(code);
        }
        (delay, first_code.unwrap_or(KILLED_CODE))
    }

    fn kill(&mut self, key: &Key, uid: &str) {
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return;
        };
        pod.status.stage = Stage::Killed;
        let grace_ms = u64::try_from(pod.status.grace_s.max(0)).unwrap_or(0) * 1000;
        let running = Self::running_containers(pod);
        let ended = pod.status.process_exited;
        for (name, _) in &running {
            self.kubelet_event(
                EventType::Normal,
                key,
                uid,
                "Killing",
                format!("Stopping container {name}"),
            );
        }
        self.note_pod(key, Change::Deleting, "engine.stage.killed", &[]);
        if running.is_empty() {
            self.schedule_removal(key, uid);
            return;
        }
        let (delay, code) = if let Some(code) = ended {
            // Nothing runs any more: the kubelet only tears the sandbox down.
            (
                self.draw(self.cfg.timings.stop_nginx_ms).min(grace_ms),
                code,
            )
        } else {
            self.stop_time(&running, grace_ms)
        };
        if let Some(p) = self.cluster.pods.get_mut(key) {
            p.status.exit_code = Some(code);
        }
        self.stage_timer(key, uid, Stage::Exited, delay);
        self.after_pod_change(key);
    }

    fn exited(&mut self, key: &Key, uid: &str) {
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return;
        };
        pod.status.stage = Stage::Exited;
        let code = pod.status.exit_code.unwrap_or(0);
        self.note_pod(
            key,
            Change::Deleting,
            "engine.stage.exited",
            &[&code.to_string()],
        );
        self.schedule_removal(key, uid);
        self.after_pod_change(key);
    }

    /// Once every container has stopped, the pod object goes after the kubelet's teardown
    /// (`remove_ms`).
    fn schedule_removal(&mut self, key: &Key, uid: &str) {
        let d = self.draw(self.cfg.timings.remove_ms);
        self.schedule(
            self.now.plus_ms(d),
            Event::Remove {
                pod: key.clone(),
                uid: uid.to_string(),
            },
        );
    }

    /// A pod just became Ready. A controller that counts availability (`minReadySeconds`)
    /// looks again once the pod has been Ready that long, as the real controllers re-queue
    /// themselves (`enqueueAfter`, reference §1.5); nothing else would wake it then.
    fn wake_owner_when_available(&mut self, key: &Key) {
        let Some((kind, owner)) = self.cluster.pods.get(key).and_then(Simulation::owner_of) else {
            return;
        };
        let min_ready = match kind {
            Kind::StatefulSet => self
                .cluster
                .stateful_sets
                .get(&owner)
                .map(|s| s.min_ready_seconds()),
            Kind::ReplicaSet => self
                .cluster
                .replica_sets
                .get(&owner)
                .and_then(|r| r.spec.min_ready_seconds),
            Kind::Stored(sk) if daemon_set::is_daemon_set(kind) => self
                .cluster
                .stored
                .get(&(sk, owner.clone()))
                .and_then(daemon_set::read)
                .map(|d| d.min_ready_seconds),
            _ => None,
        }
        .unwrap_or(0);
        let Ok(secs) = u64::try_from(min_ready) else {
            return;
        };
        if secs == 0 {
            return;
        }
        let at = self.now.plus_ms(secs * 1000);
        match kind {
            Kind::StatefulSet => self.schedule(at, Event::Sync(SyncKey::StatefulSet(owner))),
            k if daemon_set::is_daemon_set(k) => {
                self.schedule(at, Event::Sync(SyncKey::DaemonSet(owner)));
            }
            _ => {
                let deploy = self.cluster.replica_sets.get(&owner).and_then(|rs| {
                    rs.meta
                        .controller()
                        .filter(|o| o.kind == Kind::Deployment)
                        .map(|o| Key::new(&owner.namespace, &o.name))
                });
                self.schedule(at, Event::Sync(SyncKey::ReplicaSet(owner)));
                if let Some(d) = deploy {
                    self.schedule(at, Event::Sync(SyncKey::Deployment(d)));
                }
            }
        }
    }

    /// After a pod changed: its endpoints, and its controller.
    pub(crate) fn after_pod_change(&mut self, key: &Key) {
        self.refresh_endpoints_for_pod(key);
        let owner = self.cluster.pods.get(key).and_then(Simulation::owner_of);
        self.touch_owner_of_pod(owner, &key.name);
    }

    /// Starts a graceful deletion (or removes at once: `force` with grace 0, or a pod never
    /// bound to a node).
    pub(crate) fn delete_pod(
        &mut self,
        key: &Key,
        grace_s: Option<i64>,
        force: bool,
        reason: Msg,
    ) -> Option<String> {
        let pod = self.cluster.pods.get(key)?;
        let uid = pod.meta.uid.clone();
        let grace = grace_s
            .or(pod.spec.termination_grace_period_seconds)
            .unwrap_or(30)
            .max(0);
        let unbound = pod.spec.node_name.is_none() || pod.status.scheduled_at.is_none();
        if (force && grace == 0) || unbound {
            self.note(Kind::Pod, key, Change::Deleting, reason);
            self.remove_pod(key, &uid);
            return Some(uid);
        }
        if pod.meta.deleting.is_some() {
            return Some(uid);
        }
        let created = pod.meta.created;
        let claims: Vec<String> = pod.claim_names().iter().map(|s| (*s).to_string()).collect();
        if let Some(p) = self.cluster.pods.get_mut(key) {
            p.meta.deleting = Some(self.now);
            p.status.grace_s = grace;
            p.status.stage = Stage::Terminating;
        }
        self.done_waiting(created, key, &claims);
        self.note(Kind::Pod, key, Change::Deleting, reason);
        let d = self.draw(self.cfg.timings.kill_notice_ms);
        self.stage_timer(key, &uid, Stage::Killed, d);
        self.after_pod_change(key);
        Some(uid)
    }

    /// The pod object goes away.
    pub(crate) fn remove_pod(&mut self, key: &Key, uid: &str) {
        match self.cluster.pods.get(key) {
            Some(p) if p.meta.uid == uid => {}
            _ => return,
        }
        let Some(pod) = self.cluster.remove_pod(key) else {
            return;
        };
        if let Some(ip) = pod.status.ip.filter(|_| !pod.spec.host_network) {
            self.pod_ipam.release(ip);
        }
        let claims: Vec<String> = pod.claim_names().iter().map(|s| (*s).to_string()).collect();
        self.done_waiting(pod.meta.created, key, &claims);
        self.note_pod(key, Change::Deleted, "engine.pod.gone", &[]);
        self.refresh_endpoints_for_removed(&pod);
        self.touch_owner_of_pod(Simulation::owner_of(&pod), &key.name);
        self.wake_sets_waiting_for(key);
        // Room on a node: every waiting pod may fit now.
        self.wake_all_waiting();
        // Claims held back by the protection finalizer may go now; claims owned by this pod
        // (whenScaled: Delete) are collected.
        let held: Vec<Key> = self
            .cluster
            .pvcs
            .values()
            .filter(|c| c.meta.deleting.is_some() && c.meta.namespace == key.namespace)
            .map(|c| c.meta.key())
            .collect();
        for c in held {
            self.finish_claim_if_unused(&c);
        }
        if self.cluster.pvcs.values().any(|c| c.meta.owned_by(uid)) {
            self.touch(SyncKey::GarbageCollector);
        }
    }

    /// A claim is in use by a pod bound to a node (the pvc-protection controller ignores
    /// unscheduled pods: the kubelet will not start one whose claim is being deleted).
    fn claim_in_use(&self, key: &Key) -> bool {
        self.cluster.pods.values().any(|p| {
            p.meta.namespace == key.namespace
                && p.spec.node_name.is_some()
                && p.claim_names().contains(&key.name.as_str())
        })
    }

    /// Deletes a claim; a claim mounted by a pod waits (`kubernetes.io/pvc-protection`).
    pub(crate) fn delete_claim(&mut self, key: &Key, reason: Msg) -> Option<String> {
        let claim = self.cluster.pvcs.get_mut(key)?;
        let uid = claim.meta.uid.clone();
        if claim.meta.deleting.is_none() {
            claim.meta.deleting = Some(self.now);
        }
        self.note(Kind::PersistentVolumeClaim, key, Change::Deleting, reason);
        if self.claim_in_use(key) {
            self.note(
                Kind::PersistentVolumeClaim,
                key,
                Change::Waiting,
                Msg::new("engine.pvc.protected").text(&key.name),
            );
        } else {
            self.finish_claim_if_unused(key);
        }
        self.wake_claim_waiters(key);
        self.resync_sets_in(&key.namespace);
        Some(uid)
    }

    fn finish_claim_if_unused(&mut self, key: &Key) {
        if self.claim_in_use(key) {
            return;
        }
        let Some(claim) = self.cluster.pvcs.remove(key) else {
            return;
        };
        self.provisioning.remove(key);
        self.wake_claim_waiters(key);
        self.resync_sets_in(&key.namespace);
        // Controllers whose pending pods need this claim create it again.
        let owners: Vec<_> = self
            .cluster
            .pods
            .values()
            .filter(|p| {
                p.meta.namespace == key.namespace && p.claim_names().contains(&key.name.as_str())
            })
            .filter_map(Simulation::owner_of)
            .collect();
        for o in owners {
            self.touch_owner_of(Some(o));
        }
        // A StatefulSet holding back a pod on this (stale) claim can go on (reference §1.2).
        let sets: Vec<Key> = self
            .cluster
            .stateful_sets
            .values()
            .filter(|s| {
                s.meta.namespace == key.namespace
                    && s.spec.volume_claim_templates.iter().any(|ct| {
                        let prefix =
                            format!("{}-", ct.metadata.name.as_deref().unwrap_or_default());
                        key.name
                            .strip_prefix(&prefix)
                            .and_then(|rest| ordinal_of(&s.meta.name, rest))
                            .is_some()
                    })
            })
            .map(|s| s.meta.key())
            .collect();
        for s in sets {
            self.touch(SyncKey::StatefulSet(s));
        }
        self.note(
            Kind::PersistentVolumeClaim,
            key,
            Change::Deleted,
            Msg::new("engine.pvc.gone").text(&key.name),
        );
        let Some(volume) = claim.spec.volume_name.clone() else {
            return;
        };
        let Some(pv) = self.cluster.pvs.get_mut(&volume) else {
            return;
        };
        if pv.claim.as_ref().is_some_and(|c| c.uid == claim.meta.uid) {
            if pv.reclaim_policy == "Delete" {
                self.cluster.pvs.remove(&volume);
                self.note(
                    Kind::PersistentVolume,
                    &Key::cluster(&volume),
                    Change::Deleted,
                    Msg::new("engine.pv.reclaimed")
                        .text(&volume)
                        .text(&key.name),
                );
            } else {
                pv.phase = VolumePhase::Released;
                self.note(
                    Kind::PersistentVolume,
                    &Key::cluster(&volume),
                    Change::Updated,
                    Msg::new("engine.pv.released").text(&volume).text(&key.name),
                );
            }
        }
        // A PersistentVolume waiting for its claim to go can go too.
        if self
            .cluster
            .pvs
            .get(&volume)
            .is_some_and(|pv| pv.meta.deleting.is_some())
        {
            self.cluster.pvs.remove(&volume);
            self.note(
                Kind::PersistentVolume,
                &Key::cluster(&volume),
                Change::Deleted,
                Msg::new("engine.pv.gone").text(&volume),
            );
        }
    }
}

/// A duration as Go's `time.Duration.String` prints a whole number of milliseconds:
/// `500ms`, `2s`, `12.903s`, `16.7s`, `1m2.5s`.
fn go_duration(ms: u64) -> String {
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (minutes, rest) = (ms / 60_000, ms % 60_000);
    let secs = format!("{}.{:03}", rest / 1000, rest % 1000);
    let secs = secs.trim_end_matches('0').trim_end_matches('.');
    if minutes == 0 {
        format!("{secs}s")
    } else {
        format!("{minutes}m{secs}s")
    }
}

#[cfg(test)]
mod tests {
    use super::go_duration;

    #[test]
    fn durations_print_as_go_prints_them() {
        // Pins the Pulled event's durations (Go's Duration.String after Truncate(ms)).
        assert_eq!(go_duration(500), "500ms");
        assert_eq!(go_duration(2_000), "2s");
        assert_eq!(go_duration(12_903), "12.903s");
        assert_eq!(go_duration(16_700), "16.7s");
        assert_eq!(go_duration(62_500), "1m2.5s");
        assert_eq!(go_duration(120_000), "2m0s");
    }
}
