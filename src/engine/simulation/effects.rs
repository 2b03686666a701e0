//! Carrying out what controllers asked for.

use crate::i18n::Msg;
use crate::manifest::objects::{self as m, Kind, Resource};
use crate::manifest::validate;

use super::{Event, Simulation, SyncKey};
use crate::engine::cluster::{
    ClaimPhase, Key, ObjRef, OwnerRef, PersistentVolume, PersistentVolumeClaim, ReplicaSet,
    Revision, VolumePhase,
};
use crate::engine::controllers::daemon_set;
use crate::engine::controllers::stateful_set::ordinal_of;
use crate::engine::controllers::volume_binder::MINIKUBE_PROVISIONER;
use crate::engine::controllers::{ControllerEvent, Effect};
use crate::engine::ids;
use crate::engine::lifecycle::{self, Stage};
use crate::engine::trace::{Change, EventType};

impl Simulation {
    pub(crate) fn apply_effect(&mut self, e: Effect) {
        match e {
            Effect::CreatePod { pod, by, reason } => self.create_pod(*pod, Some(by), reason),
            Effect::DeletePod { key, by, reason } => self.apply_delete_pod(key, by, reason),
            Effect::RelabelPod { key, labels } => {
                if let Some(p) = self.cluster.pods.get_mut(&key) {
                    p.meta.labels = labels;
                    p.labels_touched = false;
                    self.refresh_endpoints_for_pod(&key);
                }
            }
            Effect::CreateClaim {
                claim,
                by: _,
                reason,
            } => self.apply_create_claim(claim, reason),
            Effect::SetClaimOwners { key, owners } => {
                if let Some(c) = self.cluster.pvcs.get_mut(&key) {
                    c.meta.owners = owners;
                }
            }
            Effect::DeleteClaim { key, reason } => {
                self.delete_claim(&key, reason);
            }
            Effect::CreateReplicaSet { rs, by: _, reason } => {
                self.apply_create_replica_set(rs, reason)
            }
            Effect::ScaleReplicaSet {
                key,
                replicas,
                by: _,
                reason,
            } => {
                if let Some(rs) = self.cluster.replica_sets.get_mut(&key) {
                    rs.spec.replicas = Some(replicas);
                    rs.meta.generation += 1;
                    self.note(Kind::ReplicaSet, &key, Change::Updated, reason);
                    self.touch(SyncKey::ReplicaSet(key));
                }
            }
            Effect::SetReplicaSetAnnotations { key, annotations } => {
                if let Some(rs) = self.cluster.replica_sets.get_mut(&key) {
                    rs.meta.annotations.extend(annotations);
                }
            }
            Effect::SetReplicaSetMinReady { key, seconds } => {
                if let Some(rs) = self.cluster.replica_sets.get_mut(&key) {
                    rs.spec.min_ready_seconds = seconds;
                    rs.meta.generation += 1;
                }
            }
            Effect::DeleteReplicaSet { key, reason } => {
                if self.cluster.replica_sets.remove(&key).is_some() {
                    self.note(Kind::ReplicaSet, &key, Change::Deleted, reason);
                    self.touch(SyncKey::GarbageCollector);
                }
            }
            Effect::AdoptPod { key, owner } => self.apply_adopt_pod(key, owner),
            Effect::AdoptReplicaSet { key, owner } => self.apply_adopt_replica_set(key, owner),
            Effect::BumpCollisionCount { key } => {
                if let Some(d) = self.cluster.deployments.get_mut(&key) {
                    d.collision_count = Some(d.collision_count.unwrap_or(0).saturating_add(1));
                    self.touch(SyncKey::Deployment(key));
                }
            }
            Effect::SetRevisions {
                key,
                revisions,
                current,
                update,
            } => self.apply_set_revisions(key, revisions, current, update),
            Effect::Bind { pod, node } => self.bind(&pod, &node),
            Effect::Unschedulable { pod, message } => {
                if let Some(p) = self.cluster.pods.get_mut(&pod) {
                    p.status.unschedulable = Some(message.clone());
                    self.note(
                        Kind::Pod,
                        &pod,
                        Change::Waiting,
                        Msg::new("engine.sched.wait").text(&pod.name).text(message),
                    );
                }
            }
            Effect::Provision { claim } => self.apply_provision(claim),
            Effect::BindVolume { claim, volume } => self.bind_volume(&claim, &volume, false),
            Effect::Wait { object, reason } => {
                if self.waits.get(&object) != Some(&reason) {
                    self.waits.insert(object.clone(), reason.clone());
                    self.trace.push(self.now, object, Change::Waiting, reason);
                }
            }
            Effect::PodLimit { by, pod } => self.pod_limit(&by, &pod),
            Effect::Failed => self.sync_failed = true,
            Effect::Event(event) => self.apply_event(event),
        }
    }

    /// A controller deletes a pod; ReplicaSets and DaemonSets record a `SuccessfulDelete` event.
    fn apply_delete_pod(&mut self, key: Key, by: ObjRef, reason: Msg) {
        if by.kind == Kind::ReplicaSet || daemon_set::is_daemon_set(by.kind) {
            if let Some(uid) = self.cluster.meta(by.kind, &by.key).map(|m| m.uid.clone()) {
                self.kube_event(
                    EventType::Normal,
                    by.kind,
                    &by.key,
                    &uid,
                    "SuccessfulDelete",
                    format!("Deleted pod: {}", key.name),
                    controller_source(by.kind),
                );
            }
        }
        self.delete_pod(&key, None, false, reason);
    }

    /// Creates a claim from a StatefulSet template, with the default class and the provisioner annotations.
    fn apply_create_claim(&mut self, claim: Box<PersistentVolumeClaim>, reason: Msg) {
        let mut claim = *claim;
        let key = claim.meta.key();
        if self.cluster.pvcs.contains_key(&key) {
            return;
        }
        if claim.spec.storage_class_name.is_none() {
            claim.spec.storage_class_name = self
                .cluster
                .default_storage_class()
                .map(|s| s.meta.name.clone());
        }
        claim.meta.uid = ids::uid(&mut self.rng.names);
        claim.meta.created = self.now;
        claim.meta.annotations.insert(
            "volume.beta.kubernetes.io/storage-provisioner".into(),
            MINIKUBE_PROVISIONER.into(),
        );
        claim.meta.annotations.insert(
            "volume.kubernetes.io/storage-provisioner".into(),
            MINIKUBE_PROVISIONER.into(),
        );
        self.cluster.pvcs.insert(key.clone(), claim);
        self.note(Kind::PersistentVolumeClaim, &key, Change::Created, reason);
        self.wake_claim_waiters(&key);
        self.touch(SyncKey::Claim(key));
    }

    /// Creates a Deployment's ReplicaSet.
    fn apply_create_replica_set(&mut self, rs: Box<ReplicaSet>, reason: Msg) {
        let mut rs = *rs;
        let key = rs.meta.key();
        if self.cluster.replica_sets.contains_key(&key) {
            return;
        }
        rs.meta.uid = ids::uid(&mut self.rng.names);
        rs.meta.created = self.now;
        rs.meta.generation = 1;
        self.cluster.replica_sets.insert(key.clone(), rs);
        self.note(Kind::ReplicaSet, &key, Change::Created, reason);
        self.touch(SyncKey::ReplicaSet(key));
    }

    /// An orphan pod gets its controller.
    fn apply_adopt_pod(&mut self, key: Key, owner: OwnerRef) {
        if self
            .cluster
            .pods
            .get(&key)
            .is_some_and(|p| p.meta.controller().is_none())
        {
            let mut owners = self
                .cluster
                .pods
                .get(&key)
                .map(|p| p.meta.owners.clone())
                .unwrap_or_default();
            owners.push(owner.clone());
            self.cluster.set_pod_owners(&key, owners);
            self.note(
                Kind::Pod,
                &key,
                Change::Updated,
                Msg::new("engine.adopted").text(&key.name).text(&owner.name),
            );
            self.touch_owner_of_pod(
                Some((owner.kind, Key::new(&key.namespace, &owner.name))),
                &key.name,
            );
        }
    }

    /// An orphan ReplicaSet gets its Deployment.
    fn apply_adopt_replica_set(&mut self, key: Key, owner: OwnerRef) {
        if let Some(rs) = self.cluster.replica_sets.get_mut(&key) {
            if rs.meta.controller().is_none() {
                rs.meta.owners.push(owner.clone());
                self.note(
                    Kind::ReplicaSet,
                    &key,
                    Change::Updated,
                    Msg::new("engine.adopted").text(&key.name).text(&owner.name),
                );
                self.touch(SyncKey::Deployment(Key::new(&key.namespace, &owner.name)));
            }
        }
    }

    /// Records a StatefulSet's revisions; a new current revision ends its rollout.
    fn apply_set_revisions(
        &mut self,
        key: Key,
        revisions: Vec<Revision>,
        current: String,
        update: String,
    ) {
        if let Some(s) = self.cluster.stateful_sets.get_mut(&key) {
            if s.current_revision != current && !s.current_revision.is_empty() {
                self.trace.push(
                    self.now,
                    ObjRef::new(Kind::StatefulSet, &key),
                    Change::Updated,
                    Msg::new("engine.sts.rollout.done").text(&current),
                );
            }
            s.revisions = revisions;
            s.current_revision = current;
            s.update_revision = update;
            s.observed_generation = s.meta.generation;
        }
    }

    /// Starts provisioning a volume for a claim (once).
    fn apply_provision(&mut self, claim: Key) {
        let Some(c) = self.cluster.pvcs.get(&claim) else {
            return;
        };
        if !self.provisioning.insert(claim.clone()) {
            return;
        }
        let uid = c.meta.uid.clone();
        self.kube_event(
            EventType::Normal,
            Kind::PersistentVolumeClaim,
            &claim,
            &uid,
            "Provisioning",
            format!(
                "External provisioner is provisioning volume for claim \"{}/{}\"",
                claim.namespace, claim.name
            ),
            "k8s.io/minikube-hostpath_minikube",
        );
        self.note(
            Kind::PersistentVolumeClaim,
            &claim,
            Change::Waiting,
            Msg::new("engine.pvc.provisioning").text(&claim.name),
        );
        let d = self.draw(self.cfg.timings.provision_ms);
        self.schedule(self.now.plus_ms(d), Event::Provisioned { claim, uid });
    }

    /// Records a controller's event; claim problems are kept for describe.
    fn apply_event(&mut self, event: ControllerEvent) {
        if matches!(
            event.reason,
            "ExternalProvisioning"
                | "ProvisioningFailed"
                | "WaitForFirstConsumer"
                | "FailedBinding"
        ) {
            if let Some(c) = self.cluster.pvcs.get_mut(&event.object.key) {
                c.last_problem = Some(event.message.clone());
            }
            if event.reason == "ProvisioningFailed" {
                self.note(
                    Kind::PersistentVolumeClaim,
                    &event.object.key,
                    Change::Waiting,
                    Msg::new("engine.pvc.noclass")
                        .text(&event.object.key.name)
                        .text(&event.message),
                );
            }
        }
        self.kube_event(
            event.type_,
            event.object.kind,
            &event.object.key,
            &event.uid,
            event.reason,
            event.message,
            event.source,
        );
    }

    /// Creates a pod (from a controller, or a learner's manifest when `by` is `None`).
    pub(crate) fn create_pod(
        &mut self,
        mut pod: crate::engine::cluster::Pod,
        by: Option<ObjRef>,
        reason: Msg,
    ) {
        if self.cluster.pods.len() >= self.cfg.max_pods {
            if let Some(by) = &by {
                self.pod_limit(by, &pod.meta.name);
            }
            return;
        }
        if pod.meta.name.is_empty() {
            let base = pod.meta.generate_name.clone().unwrap_or_default();
            loop {
                let name = ids::generate_name(&base, &mut self.rng.names);
                if !self
                    .cluster
                    .pods
                    .contains_key(&Key::new(&pod.meta.namespace, &name))
                {
                    pod.meta.name = name;
                    break;
                }
            }
        }
        let key = pod.meta.key();
        if self.cluster.pods.contains_key(&key) {
            if let Some(by) = by.as_ref().filter(|b| b.kind == Kind::StatefulSet) {
                self.name_taken(by, &key.name);
            }
            return;
        }
        if let Some(by) = &by {
            if !self.template_valid(&pod, by) {
                return;
            }
        }
        if let Some(by) = &by {
            // OrderedReady never creates ordinal n+1 while a lower one is not Running and Ready.
            if by.kind == Kind::StatefulSet && self.cfg.check_invariants {
                self.check_ordered_creation(&by.key, &pod.meta.name);
            }
        }
        pod.meta.uid = ids::uid(&mut self.rng.names);
        pod.meta.created = self.now;
        pod.status.stage = Stage::Pending;
        if let Some(by) = &by {
            let uid = self.uid_of(by);
            let message = match by.kind {
                Kind::StatefulSet => format!(
                    "create Pod {} in StatefulSet {} successful",
                    pod.meta.name, by.key.name
                ),
                _ => format!("Created pod: {}", pod.meta.name),
            };
            self.kube_event(
                EventType::Normal,
                by.kind,
                &by.key,
                &uid,
                "SuccessfulCreate",
                message,
                controller_source(by.kind),
            );
            self.waits.remove(by);
        }
        let claims: Vec<String> = pod.claim_names().iter().map(|s| (*s).to_string()).collect();
        self.cluster.insert_pod(pod);
        self.note(Kind::Pod, &key, Change::Created, reason);
        self.wait_for_node(self.now, &key, &claims);
    }

    /// Whether a controller's pod passes validation; if not, the failure is recorded as a
    /// FailedCreate Event and a wait. Known-valid templates are not checked again.
    fn template_valid(&mut self, pod: &crate::engine::cluster::Pod, by: &ObjRef) -> bool {
        // Controllers' pods are validated when created (a StatefulSet's template is not
        // validated with the set, reference §1.10).
        // One pod per template is enough: the others differ only in name and identity.
        let rev = pod
            .meta
            .labels
            .get("controller-revision-hash")
            .or_else(|| pod.meta.labels.get("pod-template-hash"))
            .cloned()
            .unwrap_or_default();
        let template_id = (self.uid_of(by), rev);
        if !template_id.1.is_empty() && self.valid_templates.contains(&template_id) {
            return true;
        }
        let as_pod = Resource::Pod(m::Pod {
            metadata: m::ObjectMeta {
                name: Some(pod.meta.name.clone()),
                namespace: Some(pod.meta.namespace.clone()),
                labels: pod.meta.labels.clone(),
                ..m::ObjectMeta::default()
            },
            spec: pod.spec.clone(),
        });
        let checked = validate::validate(&as_pod);
        if checked.errors.is_empty() {
            if !template_id.1.is_empty() {
                self.valid_templates.insert(template_id);
            }
            return true;
        }
        let causes: Vec<String> = checked
            .errors
            .iter()
            .map(|e| e.msg.render(crate::i18n::Lang::En))
            .collect();
        let joined = if causes.len() == 1 {
            causes[0].clone()
        } else {
            format!("[{}]", causes.join(", "))
        };
        let invalid = format!("Pod \"{}\" is invalid: {joined}", pod.meta.name);
        let message = match by.kind {
            Kind::StatefulSet => format!(
                "create Pod {} in StatefulSet {} failed error: {invalid}",
                pod.meta.name, by.key.name
            ),
            _ => format!("Error creating: {invalid}"),
        };
        self.failed_create(by, message, controller_source(by.kind));
        let note = Msg::new("engine.create.invalid")
            .text(&pod.meta.name)
            .text(joined);
        if self.waits.get(by) != Some(&note) {
            self.waits.insert(by.clone(), note.clone());
            self.trace.push(self.now, by.clone(), Change::Waiting, note);
        }
        false
    }

    /// A StatefulSet's fixed pod name is still held (e.g. by a terminating pod of an earlier
    /// set of the same name): the create fails and is recorded (reference §1.2), and the sync
    /// fails, so it is retried with back-off (the old pod's removal also wakes the set). The
    /// trace tells it once per run of failures; the Event counts every attempt.
    fn name_taken(&mut self, by: &ObjRef, name: &str) {
        let exists = format!("pods \"{name}\" already exists");
        let message = format!(
            "create Pod {name} in StatefulSet {} failed error: {exists}",
            by.key.name
        );
        self.failed_create(by, message, controller_source(by.kind));
        let note = Msg::new("engine.create.invalid").text(name).text(exists);
        let first = self.requeues(&SyncKey::StatefulSet(by.key.clone())) == 0;
        if self.waits.get(by) != Some(&note) {
            self.waits.insert(by.clone(), note.clone());
            if first {
                self.trace.push(self.now, by.clone(), Change::Waiting, note);
            }
        }
        self.sync_failed = true;
    }

    fn check_ordered_creation(&mut self, sts_key: &Key, pod_name: &str) {
        let Some(sts) = self.cluster.stateful_sets.get(sts_key) else {
            return;
        };
        if sts.parallel() {
            return;
        }
        let Some(ord) = ordinal_of(&sts.meta.name, pod_name) else {
            return;
        };
        let start = sts.start_ordinal();
        let min_ready = sts.min_ready_seconds();
        let set_name = sts.meta.name.clone();
        for lower in start..ord {
            let k = Key::new(&sts_key.namespace, &format!("{set_name}-{lower}"));
            let ok = self
                .cluster
                .pods
                .get(&k)
                .is_some_and(|p| p.is_healthy() && p.is_available(min_ready, self.now));
            if !ok {
                let msg = format!(
                    "OrderedReady: {pod_name} created while {} is not Running and Ready",
                    k.name
                );
                self.violation(msg);
            }
        }
    }

    /// The Warning `FailedCreate` Event a pod's creator records when the create is refused.
    fn failed_create(&mut self, by: &ObjRef, message: String, source: &str) {
        let uid = self.uid_of(by);
        self.kube_event(
            EventType::Warning,
            by.kind,
            &by.key,
            &uid,
            "FailedCreate",
            message,
            source,
        );
    }

    pub(crate) fn uid_of(&self, obj: &ObjRef) -> String {
        let c = &self.cluster;
        match obj.kind {
            Kind::StatefulSet => c.stateful_sets.get(&obj.key).map(|o| o.meta.uid.clone()),
            Kind::ReplicaSet => c.replica_sets.get(&obj.key).map(|o| o.meta.uid.clone()),
            Kind::Deployment => c.deployments.get(&obj.key).map(|o| o.meta.uid.clone()),
            Kind::Pod => c.pods.get(&obj.key).map(|o| o.meta.uid.clone()),
            Kind::PersistentVolumeClaim => c.pvcs.get(&obj.key).map(|o| o.meta.uid.clone()),
            Kind::Service => c.services.get(&obj.key).map(|o| o.meta.uid.clone()),
            kind => c.meta(kind, &obj.key).map(|m| m.uid.clone()),
        }
        .unwrap_or_default()
    }

    fn bind(&mut self, key: &Key, node: &str) {
        if self
            .cluster
            .pods
            .get(key)
            .is_none_or(|p| p.status.scheduled_at.is_some())
        {
            return;
        }
        self.cluster.assign_node(key, node);
        let Some(p) = self.cluster.pods.get_mut(key) else {
            return;
        };
        let created = p.meta.created;
        p.status.scheduled_at = Some(self.now);
        p.status.unschedulable = None;
        p.status.stage = Stage::Scheduled;
        p.status.host_ip = self.cluster.nodes.get(node).map(|n| n.ip);
        let uid = p.meta.uid.clone();
        let claims: Vec<String> = p.claim_names().iter().map(|s| s.to_string()).collect();
        self.done_waiting(created, key, &claims);
        self.wake_affinity_waiters();
        self.note_pod(key, Change::Updated, "engine.stage.scheduled", &[node]);
        for c in claims {
            self.touch(SyncKey::Claim(Key::new(&key.namespace, &c)));
        }
        // Binding leads to the kubelet's first status alike with or without init containers.
        if let Some(t) = lifecycle::next(Stage::Scheduled, false) {
            let span =
                lifecycle::span(&self.cfg.timings, t.delay).unwrap_or(self.cfg.timings.kubelet_ms);
            let d = self.draw(span);
            self.schedule(
                self.now.plus_ms(d),
                Event::Stage {
                    pod: key.clone(),
                    uid,
                    to: t.to,
                },
            );
        }
    }

    pub(crate) fn provisioned(&mut self, claim_key: &Key, uid: &str) {
        self.provisioning.remove(claim_key);
        let Some(claim) = self.cluster.pvcs.get(claim_key) else {
            return;
        };
        if claim.meta.uid != uid
            || claim.phase != ClaimPhase::Pending
            || claim.meta.deleting.is_some()
        {
            return;
        }
        let class = claim.spec.storage_class_name.clone().unwrap_or_default();
        let reclaim = self
            .cluster
            .storage_classes
            .get(&class)
            .map_or("Delete".to_string(), |s| s.reclaim_policy.clone());
        let name = format!("pvc-{uid}");
        let pv = PersistentVolume {
            meta: crate::engine::cluster::Meta {
                name: name.clone(),
                uid: ids::uid(&mut self.rng.names),
                created: self.now,
                annotations: [(
                    "hostPathProvisionerIdentity".to_string(),
                    ids::uid(&mut self.rng.names),
                )]
                .into(),
                ..Default::default()
            },
            capacity: claim.request(),
            access_modes: claim.spec.access_modes.clone(),
            reclaim_policy: reclaim,
            storage_class: class,
            phase: VolumePhase::Available,
            claim: None,
            host_path: format!(
                "/tmp/hostpath-provisioner/{}/{}",
                claim_key.namespace, claim_key.name
            ),
            data: Default::default(),
        };
        let uid = uid.to_string();
        self.cluster.insert_pv(pv);
        self.note(
            Kind::PersistentVolume,
            &Key::cluster(&name),
            Change::Created,
            Msg::new("engine.pv.provisioned")
                .text(&name)
                .text(&claim_key.name),
        );
        self.kube_event(
            EventType::Normal,
            Kind::PersistentVolumeClaim,
            claim_key,
            &uid,
            "ProvisioningSucceeded",
            format!("Successfully provisioned volume {name}"),
            "k8s.io/minikube-hostpath_minikube",
        );
        self.bind_volume(claim_key, &name, true);
    }

    pub(crate) fn bind_volume(&mut self, claim_key: &Key, volume: &str, provisioned: bool) {
        let Some(claim) = self.cluster.pvcs.get(claim_key) else {
            return;
        };
        let claim_uid = claim.meta.uid.clone();
        let Some(pv) = self.cluster.pvs.get(volume) else {
            return;
        };
        if pv.claim.as_ref().is_some_and(|c| c.uid != claim_uid) {
            return;
        }
        let Some(pv) = self.cluster.set_pv_phase(volume, VolumePhase::Bound) else {
            return;
        };
        pv.claim = Some(crate::engine::cluster::ClaimRef {
            namespace: claim_key.namespace.clone(),
            name: claim_key.name.clone(),
            uid: claim_uid,
        });
        let capacity = pv.capacity.clone();
        if let Some(c) = self.cluster.pvcs.get_mut(claim_key) {
            c.phase = ClaimPhase::Bound;
            c.spec.volume_name = Some(volume.to_string());
            c.capacity = Some(capacity);
            c.last_problem = None;
            c.meta
                .annotations
                .insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
            if provisioned {
                c.meta
                    .annotations
                    .insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
            }
        }
        self.note(
            Kind::PersistentVolumeClaim,
            claim_key,
            Change::Updated,
            Msg::new("engine.pvc.bound")
                .text(&claim_key.name)
                .text(volume),
        );
        self.wake_claim_waiters(claim_key);
        // Pods already on a node waiting for this claim (WaitForFirstConsumer) can start.
        let waiting = self.volume_waiters.remove(claim_key).unwrap_or_default();
        for (pod, uid) in waiting {
            let still = self
                .cluster
                .pods
                .get(&pod)
                .is_some_and(|p| p.meta.uid == uid && p.status.stage == Stage::Scheduled);
            if !still {
                continue;
            }
            let d = self.draw(self.cfg.timings.kubelet_ms);
            self.schedule(
                self.now.plus_ms(d),
                Event::Stage {
                    pod,
                    uid,
                    to: Stage::ContainerCreating,
                },
            );
        }
    }
}

pub(super) fn controller_source(kind: Kind) -> &'static str {
    match kind {
        Kind::StatefulSet => "statefulset-controller",
        Kind::ReplicaSet => "replicaset-controller",
        Kind::Deployment => "deployment-controller",
        k if daemon_set::is_daemon_set(k) => daemon_set::SOURCE,
        _ => "podplay",
    }
}
