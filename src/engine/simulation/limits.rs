//! podplay's pod limit ([`crate::manifest::MAX_PODS`]): a workload asking for more pods than
//! the simulated cluster holds gets one Warning event when its controller meets the limit, and
//! the command that asked for them one `Warning:` line, as kubectl prints an apiserver's.

use crate::i18n::{Lang, Msg};
use crate::manifest::objects::{Kind, Resource};

use super::Simulation;
use crate::engine::cluster::{Key, ObjRef};
use crate::engine::command::{ApplyMode, Command, Outcome};
use crate::engine::trace::{Change, EventType};

impl Simulation {
    /// The controller of `by` found no room for `pod` (empty: a generated name): one
    /// `FailedCreate` Warning per spec of the workload (its UID and generation), in the words
    /// its controller uses for a refused pod, and one trace entry.
    pub(crate) fn pod_limit(&mut self, by: &ObjRef, pod: &str) {
        let Some(meta) = self.cluster.meta(by.kind, &by.key) else {
            return;
        };
        let told = (meta.uid.clone(), meta.generation);
        let cap = self.cfg.max_pods.to_string();
        let limit = Msg::new("engine.limit.pods").text(&cap).render(Lang::En);
        // kubernetes/kubernetes pkg/controller/statefulset/stateful_pod_control.go
        // `recordPodEvent` and pkg/controller/controller_utils.go `CreatePods` word a refused pod so.
        let message = match by.kind {
            Kind::StatefulSet => format!(
                "create Pod {pod} in StatefulSet {} failed error: {limit}",
                by.key.name
            ),
            _ => format!("Error creating: {limit}"),
        };
        let new_spec = self.limited.get(by) != Some(&told);
        // Told already for this spec, and still kept: nothing to add. One the log has let go
        // of (a full cluster makes many events) is recorded again, so `describe` shows it.
        if !new_spec && self.events.has(&told.0, "FailedCreate", &message) {
            return;
        }
        if new_spec {
            let cluster = &self.cluster;
            self.limited
                .retain(|o, (uid, _)| cluster.meta(o.kind, &o.key).is_some_and(|m| &m.uid == uid));
            self.limited.insert(by.clone(), told.clone());
            self.note(
                by.kind,
                &by.key,
                Change::Waiting,
                Msg::new("engine.limit.wait").text(&by.key.name).text(&cap),
            );
        }
        let source = super::effects::controller_source(by.kind);
        self.kube_event(
            EventType::Warning,
            by.kind,
            &by.key,
            &told.0,
            "FailedCreate",
            message,
            source,
        );
    }

    /// The workloads a command asks more pods of than podplay holds: (kind, key, replicas).
    pub(crate) fn over_limit(&self, cmd: &Command) -> Vec<(Kind, Key, i32)> {
        let over = |r: i32| usize::try_from(r).is_ok_and(|r| r > self.cfg.max_pods);
        match cmd {
            // A manifest applied or created says it; an update that leaves the replicas as
            // they were (`kubectl set image`, `patch` of another field) does not again.
            Command::Apply { objects, mode } => objects
                .iter()
                .filter_map(|o: &Resource| {
                    let r = o.replicas().filter(|r| over(*r))?;
                    let meta = o.metadata();
                    let ns = meta.namespace.as_deref().unwrap_or("default");
                    let key = Key::new(ns, meta.name.as_deref()?);
                    let same = *mode == ApplyMode::Update
                        && self.stored_replicas(o.kind(), &key) == Some(r);
                    (!same).then_some((o.kind(), key, r))
                })
                .collect(),
            Command::Scale {
                kind,
                key,
                replicas,
            } if over(*replicas) => vec![(*kind, key.clone(), *replicas)],
            _ => Vec::new(),
        }
    }

    /// The replicas a stored workload asks for.
    fn stored_replicas(&self, kind: Kind, key: &Key) -> Option<i32> {
        let c = &self.cluster;
        match kind {
            Kind::StatefulSet => c.stateful_sets.get(key).map(|o| o.replicas()),
            Kind::Deployment => c.deployments.get(key).map(|o| o.replicas()),
            Kind::ReplicaSet => c.replica_sets.get(key).map(|o| o.replicas()),
            _ => None,
        }
    }

    /// One `Warning:` line for each workload of `over` the command stored.
    pub(crate) fn warn_over_limit(&mut self, over: Vec<(Kind, Key, i32)>, outcome: &Outcome) {
        for (kind, key, replicas) in over {
            let stored = match outcome {
                Outcome::Applied(results) => results
                    .iter()
                    .any(|a| a.kind == kind && a.key == key && a.result.is_ok()),
                Outcome::Done => true,
                _ => false,
            };
            if stored {
                let object = format!("{}/{}", kind.qualified().to_lowercase(), key.name);
                self.warn(
                    Msg::new("console.limit.pods")
                        .text(self.cfg.max_pods.to_string())
                        .text(object)
                        .text(replicas.to_string()),
                );
            }
        }
    }
}
