//! The kubelet running init containers (kubernetes/kubernetes
//! pkg/kubelet/kuberuntime/kuberuntime_container.go `computeInitContainerActions`): one after
//! another, each regular one to completion (exit 0) before the next starts; a sidecar
//! (`restartPolicy: Always`) starts and the next follows at once, and it keeps running. The app
//! containers start when all are done. How long each one runs is its image's `init_run`
//! ([`images::ImageTraits`]).

use crate::engine::cluster::{InitRun, Key};
use crate::engine::containers::is_sidecar;
use crate::engine::images;
use crate::engine::lifecycle::{self, Stage};
use crate::engine::trace::Change;
use crate::i18n::Msg;
use crate::manifest::objects::Kind;

use super::Simulation;

impl Simulation {
    /// An `Initializing` timer fired: the running init container finishes, or the next one
    /// starts.
    pub(super) fn init_step(&mut self, key: &Key, uid: &str) {
        let Some(pod) = self.cluster.pods.get(key) else {
            return;
        };
        let started = pod.status.init.len();
        let running = started.checked_sub(1).filter(|&i| {
            pod.spec
                .init_containers
                .get(i)
                .is_some_and(|c| !is_sidecar(c))
                && pod.status.init.get(i).is_some_and(|r| r.finished.is_none())
        });
        match running {
            Some(i) => self.finish_init(key, uid, i),
            None => self.start_init(key, uid, started),
        }
    }

    fn start_init(&mut self, key: &Key, uid: &str, k: usize) {
        let now = self.now;
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return;
        };
        let Some(c) = pod.spec.init_containers.get(k).cloned() else {
            return;
        };
        let pull_began = pod
            .status
            .init
            .last()
            .and_then(|r| r.finished.or(Some(r.started)))
            .unwrap_or(pod.status.scheduled_at.unwrap_or_default());
        pod.status.init.push(InitRun {
            started: now,
            finished: None,
        });
        pod.status.stage = Stage::Initializing;
        let image = c.image.clone().unwrap_or_default();
        self.container_started_events(key, uid, &c.name, &image, pull_began);
        let sidecar = is_sidecar(&c);
        let id = if sidecar {
            "engine.stage.init.sidecar"
        } else {
            lifecycle::reason(Stage::ContainerCreating, Stage::Initializing)
        };
        self.note_pod(key, Change::Updated, id, &[&c.name]);
        self.after_pod_change(key);
        if sidecar {
            self.after_init(key, uid);
        } else {
            let run = self.draw(images::traits(&image).init_run);
            self.stage_timer(key, uid, Stage::Initializing, run);
        }
    }

    fn finish_init(&mut self, key: &Key, uid: &str, i: usize) {
        let now = self.now;
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return;
        };
        let name = pod
            .spec
            .init_containers
            .get(i)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        if let Some(run) = pod.status.init.get_mut(i) {
            run.finished = Some(now);
        }
        self.note_pod(key, Change::Updated, "engine.stage.init.done", &[&name]);
        self.after_pod_change(key);
        self.after_init(key, uid);
    }

    /// After an init container finished (or a sidecar started): the next init container's
    /// image, or, with all done, the app containers' (`PodInitializing`).
    fn after_init(&mut self, key: &Key, uid: &str) {
        let Some(pod) = self.cluster.pods.get_mut(key) else {
            return;
        };
        let node = pod.spec.node_name.clone().unwrap_or_default();
        if let Some(c) = pod.spec.init_containers.get(pod.status.init.len()).cloned() {
            let (delay, _) = self.image_delay(key, uid, &node, &c);
            self.stage_timer(key, uid, Stage::Initializing, delay);
            return;
        }
        pod.status.stage = Stage::PodInitializing;
        let first = pod.spec.containers.first().cloned().unwrap_or_default();
        self.note(
            Kind::Pod,
            key,
            Change::Updated,
            Msg::new(lifecycle::reason(
                Stage::Initializing,
                Stage::PodInitializing,
            ))
            .text(&key.name),
        );
        self.after_pod_change(key);
        let (delay, _) = self.image_delay(key, uid, &node, &first);
        self.stage_timer(key, uid, Stage::Running, delay);
    }
}
