//! Commands that change objects: apply/create (with kubectl's three-way merge and the
//! apiserver's update rules), delete with cascading, scale, rollout restart, set image.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use serde_json::Value;

use crate::i18n::{Lang, Msg};
use crate::manifest::defaults;
use crate::manifest::objects::{self as m, Kind, Resource, StoredKind};
use crate::manifest::update;
use crate::manifest::validate;

use super::{Simulation, SyncKey};
use crate::engine::cluster::{
    ClaimPhase, ConfigMap, Deployment, Key, Meta, Namespace, PersistentVolume,
    PersistentVolumeClaim, ReplicaSet, Service, StatefulSet, StorageClass, StoredObject,
    VolumePhase,
};
use crate::engine::command::{
    resource_name, Action, ApiError, Applied, ApplyMode, Command, Outcome, Propagation,
};
use crate::engine::controllers::daemon_set;
use crate::engine::ids;
use crate::engine::network::ipam::IpError;
use crate::engine::time::rfc3339;
use crate::engine::trace::Change;

/// The default node port range, 30000-32767.
const NODE_PORT_MIN: i64 = 30_000;
const NODE_PORT_SPAN: u64 = 2_768;

fn not_found(kind: Kind, name: &str) -> ApiError {
    ApiError::NotFound {
        resource: resource_name(kind),
        name: name.to_string(),
    }
}

/// A field's place in an object's JSON (map keys only; lists are handled whole).
type Path = Vec<String>;

fn get_path<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

fn set_path(v: &mut Value, path: &[String], x: Value) {
    let Some((last, parents)) = path.split_last() else {
        *v = x;
        return;
    };
    let mut cur = v;
    for k in parents {
        if !cur.get(k).is_some_and(Value::is_object) {
            if let Value::Object(m) = cur {
                m.insert(k.clone(), Value::Object(serde_json::Map::new()));
            }
        }
        match cur.get_mut(k) {
            Some(next) => cur = next,
            None => return,
        }
    }
    if let Value::Object(m) = cur {
        m.insert(last.clone(), x);
    }
}

fn remove_path(v: &mut Value, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut cur = v;
    for k in parents {
        match cur.get_mut(k) {
            Some(next) => cur = next,
            None => return,
        }
    }
    if let Value::Object(m) = cur {
        m.remove(last);
    }
}

/// Paths of every value in `v` that is not a map (scalars and whole lists).
fn leaf_paths(v: &Value, prefix: &mut Path, out: &mut Vec<Path>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                prefix.push(k.clone());
                leaf_paths(x, prefix, out);
                prefix.pop();
            }
        }
        _ if !prefix.is_empty() => out.push(prefix.clone()),
        _ => {}
    }
}

/// The fields a manifest sets. Objects reach the engine with the apiserver's defaults filled
/// in, so a value that defaulting alone would produce is taken as not written (a written
/// `replicas: 1` therefore counts as unset: the one case this cannot tell apart).
fn declared(kind: Kind, v: &Value) -> Vec<Path> {
    let defaulted = |without: Value| {
        from_json(kind, without).map(|mut res| {
            defaults::apply(&mut res);
            res.to_json()
        })
    };
    let mut all = Vec::new();
    leaf_paths(v, &mut Vec::new(), &mut all);
    all.retain(|p| !matches!(p.as_slice(), [k] if k == "apiVersion" || k == "kind"));
    // Every field removed at once: what defaulting brings back is a default. A field that gets
    // a default of another value is checked on its own (some defaults depend on other fields);
    // one that gets none is written.
    let mut bare = v.clone();
    for p in &all {
        remove_path(&mut bare, p);
    }
    let Some(base) = defaulted(bare) else {
        return all;
    };
    all.retain(|p| match get_path(&base, p) {
        None => true,
        Some(d) if Some(d) == get_path(v, p) => false,
        Some(_) => {
            let mut without = v.clone();
            remove_path(&mut without, p);
            defaulted(without).is_none_or(|d| get_path(&d, p) != get_path(v, p))
        }
    });
    all
}

/// `kubectl apply`'s three-way merge (`CreateThreeWayMergePatch(original=last-applied,
/// modified=file, current=live)`, reference §9.4): every field the file sets is set on the
/// live object (a `kubectl scale` of a Deployment whose file says `replicas: 2` is undone);
/// fields the last-applied configuration set and the file no longer does are removed; fields
/// neither sets (a scale when the file has no `replicas`, the `restartedAt` annotation) keep
/// their live value. A list the file changed is replaced whole; one it left as last applied
/// keeps what the live elements add to it (a Service port's allocated `nodePort`: the strategic
/// patch merges `ports` by key and names no field the file does not). Returns the merged object
/// and whether the patch is empty (nothing to change on the live object).
#[must_use]
pub fn three_way(kind: Kind, last: Option<&Value>, new: &Value, live: &Value) -> (Value, bool) {
    let set = declared(kind, new);
    let mut merged = live.clone();
    let mut empty = true;
    if let Some(last) = last.filter(|l| *l != new) {
        for p in declared(kind, last) {
            if !set.contains(&p) && get_path(&merged, &p).is_some() {
                remove_path(&mut merged, &p);
                empty = false;
            }
        }
    }
    for p in &set {
        let want = get_path(new, p).cloned().unwrap_or(Value::Null);
        let as_last_applied = last.is_some_and(|l| get_path(l, p) == Some(&want));
        match get_path(live, p) {
            Some(have) if *have == want => {}
            // Only what the apiserver or a later command added: the live value stays.
            Some(have) if as_last_applied && covers(have, &want) => continue,
            // A field the live view does not carry (lossy kinds) is no drift.
            None if as_last_applied => {}
            _ => empty = false,
        }
        set_path(&mut merged, p, want);
    }
    (merged, empty)
}

/// Whether `have` holds everything `want` says: the same scalars, objects with at least
/// `want`'s keys, lists of the same length element by element.
fn covers(have: &Value, want: &Value) -> bool {
    match (have, want) {
        (Value::Object(h), Value::Object(w)) => w
            .iter()
            .all(|(k, v)| h.get(k).is_some_and(|hv| covers(hv, v))),
        (Value::Array(h), Value::Array(w)) => {
            h.len() == w.len() && h.iter().zip(w).all(|(hv, wv)| covers(hv, wv))
        }
        _ => have == want,
    }
}

fn meta_of(meta: &Meta) -> m::ObjectMeta {
    m::ObjectMeta {
        name: Some(meta.name.clone()),
        namespace: (!meta.namespace.is_empty()).then(|| meta.namespace.clone()),
        labels: meta.labels.clone(),
        annotations: meta.annotations.clone(),
        ..m::ObjectMeta::default()
    }
}

/// A JSON object back into a typed resource. It goes through the manifest reader (JSON is
/// YAML), which the page already carries; a second serde path for every type would double the
/// decoding code in the WebAssembly build.
fn from_json(kind: Kind, v: Value) -> Option<Resource> {
    let Value::Object(mut map) = v else {
        return None;
    };
    map.insert("apiVersion".into(), kind.api_version().into());
    map.insert("kind".into(), kind.name().into());
    let text = serde_json::to_string(&Value::Object(map)).ok()?;
    crate::manifest::analyze(&text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .find(|r| r.kind() == kind)
}

fn user_meta(md: &m::ObjectMeta, kind: Kind) -> Meta {
    Meta {
        name: md.name.clone().unwrap_or_default(),
        namespace: if kind.namespaced() {
            md.namespace.clone().unwrap_or_else(|| "default".into())
        } else {
            String::new()
        },
        labels: md.labels.clone(),
        annotations: md.annotations.clone(),
        generation: 1,
        ..Meta::default()
    }
}

fn key_of(res: &Resource) -> Key {
    let md = res.metadata();
    let kind = res.kind();
    Key::new(
        &if kind.namespaced() {
            md.namespace.clone().unwrap_or_else(|| "default".into())
        } else {
            String::new()
        },
        md.name.as_deref().unwrap_or(""),
    )
}

impl Simulation {
    pub(crate) fn run_command(&mut self, cmd: Command) -> Outcome {
        match cmd {
            Command::Apply { objects, mode } => {
                let results = objects
                    .into_iter()
                    .map(|res| {
                        let kind = res.kind();
                        let key = key_of(&res);
                        let result = self.apply_one(res, mode);
                        Applied { kind, key, result }
                    })
                    .collect();
                Outcome::Applied(results)
            }
            Command::Delete {
                kind,
                key,
                propagation,
                grace_s,
                force,
            } => match self.delete(kind, &key, propagation, grace_s, force) {
                Ok(uid) => Outcome::Deleted { kind, key, uid },
                Err(e) => Outcome::Failed(e),
            },
            Command::Scale {
                kind,
                key,
                replicas,
            } => match self.scale(kind, &key, replicas) {
                Ok(()) => Outcome::Done,
                Err(e) => Outcome::Failed(e),
            },
            Command::RolloutRestart { kind, key } => match self.restart(kind, &key) {
                Ok(()) => Outcome::Done,
                Err(e) => Outcome::Failed(e),
            },
            Command::SetImage {
                kind,
                key,
                container,
                image,
            } => match self.set_image(kind, &key, container.as_deref(), &image) {
                Ok(()) => Outcome::Done,
                Err(e) => Outcome::Failed(e),
            },
            Command::WriteFile {
                pod,
                path,
                content,
                append,
            } => self.write_file(&pod, &path, &content, append),
            Command::RemoveFile { pod, path } => self.remove_file(&pod, &path),
            Command::Request {
                from,
                target,
                port,
                path,
                count,
            } => self.request(&from, &target, port, &path, count),
            Command::Resolve { from, name } => {
                let out = self.resolve(&from, &name);
                self.remember_query(&from, &name, &out);
                out
            }
            Command::RecordApplied { kind, key, text } => {
                if self.exists(kind, &key) && self.has_last_applied(kind, &key) {
                    self.cluster.last_applied_text.insert((kind, key), text);
                }
                Outcome::Done
            }
            Command::EndProcess { pod, code } => match self.cluster.pods.get_mut(&pod) {
                Some(p) => {
                    p.status.process_exited = Some(code);
                    Outcome::Done
                }
                None => Outcome::Failed(not_found(Kind::Pod, &pod.name)),
            },
            Command::CrashProcess { pod, code } => self.crash_container(&pod, code),
            Command::SetProxyMode(mode) => {
                self.proxy_mode = mode;
                Outcome::Done
            }
            Command::Cordon {
                node,
                unschedulable,
            } => self.cordon(&node, unschedulable),
            Command::NodeMeta {
                node,
                labels,
                annotations,
            } => self.node_meta(&node, labels, annotations),
        }
    }

    /// The live object in manifest form (for merges and display).
    #[must_use]
    pub fn live_resource(&self, kind: Kind, key: &Key) -> Option<Resource> {
        let c = &self.cluster;
        // The kinds kept as their metadata and spec: the cluster's map, and the variant.
        macro_rules! meta_and_spec {
            ($map:ident, $kind:ident) => {{
                let o = c.$map.get(key)?;
                Resource::$kind(m::$kind {
                    metadata: meta_of(&o.meta),
                    spec: o.spec.clone(),
                })
            }};
        }
        Some(match kind {
            Kind::Namespace => Resource::Namespace(m::Namespace {
                metadata: meta_of(&c.namespaces.get(&key.name)?.meta),
                spec: None,
            }),
            Kind::StorageClass => {
                let s = c.storage_classes.get(&key.name)?;
                Resource::StorageClass(m::StorageClass {
                    metadata: meta_of(&s.meta),
                    provisioner: s.provisioner.clone(),
                    reclaim_policy: Some(s.reclaim_policy.clone()),
                    volume_binding_mode: Some(s.binding_mode.clone()),
                    allow_volume_expansion: s.allow_expansion,
                    ..m::StorageClass::default()
                })
            }
            Kind::PersistentVolume => {
                let pv = c.pvs.get(&key.name)?;
                let mut spec = m::PersistentVolumeSpec {
                    access_modes: pv.access_modes.clone(),
                    persistent_volume_reclaim_policy: Some(pv.reclaim_policy.clone()),
                    storage_class_name: Some(pv.storage_class.clone()).filter(|s| !s.is_empty()),
                    volume_mode: Some("Filesystem".into()),
                    host_path: Some(serde_json::json!({"path": pv.host_path, "type": ""})),
                    ..m::PersistentVolumeSpec::default()
                };
                spec.capacity
                    .insert("storage".into(), m::Quantity(pv.capacity.clone()));
                if let Some(cr) = &pv.claim {
                    spec.claim_ref = Some(serde_json::json!({
                        "apiVersion": "v1", "kind": "PersistentVolumeClaim",
                        "name": cr.name, "namespace": cr.namespace, "uid": cr.uid,
                    }));
                }
                Resource::PersistentVolume(m::PersistentVolume {
                    metadata: meta_of(&pv.meta),
                    spec,
                })
            }
            Kind::ConfigMap => {
                let cm = c.config_maps.get(key)?;
                Resource::ConfigMap(m::ConfigMap {
                    metadata: meta_of(&cm.meta),
                    data: cm.data.clone(),
                    ..m::ConfigMap::default()
                })
            }
            Kind::Service => meta_and_spec!(services, Service),
            Kind::PersistentVolumeClaim => meta_and_spec!(pvcs, PersistentVolumeClaim),
            Kind::Pod => meta_and_spec!(pods, Pod),
            Kind::ReplicaSet => meta_and_spec!(replica_sets, ReplicaSet),
            Kind::Deployment => meta_and_spec!(deployments, Deployment),
            Kind::StatefulSet => meta_and_spec!(stateful_sets, StatefulSet),
            Kind::Stored(k) => {
                let o = c.stored.get(&(k, key.clone()))?;
                Resource::Stored(m::Stored {
                    kind: k,
                    metadata: meta_of(&o.meta),
                    body: o.body.clone(),
                })
            }
        })
    }

    fn exists(&self, kind: Kind, key: &Key) -> bool {
        let c = &self.cluster;
        match kind {
            Kind::Namespace => c.namespaces.contains_key(&key.name),
            Kind::StorageClass => c.storage_classes.contains_key(&key.name),
            Kind::PersistentVolume => c.pvs.contains_key(&key.name),
            Kind::ConfigMap => c.config_maps.contains_key(key),
            Kind::Service => c.services.contains_key(key),
            Kind::PersistentVolumeClaim => c.pvcs.contains_key(key),
            Kind::Pod => c.pods.contains_key(key),
            Kind::ReplicaSet => c.replica_sets.contains_key(key),
            Kind::Deployment => c.deployments.contains_key(key),
            Kind::StatefulSet => c.stateful_sets.contains_key(key),
            Kind::Stored(k) => c.stored.contains_key(&(k, key.clone())),
        }
    }

    /// Whether `kubectl apply` has recorded this object (the last-applied annotation).
    #[must_use]
    pub fn has_last_applied(&self, kind: Kind, key: &Key) -> bool {
        self.cluster.last_applied.contains_key(&(kind, key.clone()))
    }

    fn apply_one(&mut self, mut res: Resource, mode: ApplyMode) -> Result<Action, ApiError> {
        defaults::apply(&mut res);
        let kind = res.kind();
        let key = key_of(&res);
        if key.name.is_empty() {
            return Err(ApiError::Invalid {
                kind,
                name: String::new(),
                causes: vec![
                    "metadata.name: Required value: name or generateName is required".into(),
                ],
            });
        }
        if kind.namespaced() && !self.cluster.namespaces.contains_key(&key.namespace) {
            return Err(not_found(Kind::Namespace, &key.namespace));
        }
        let checked = validate::validate(&res);
        if !checked.errors.is_empty() {
            let mut causes: Vec<String> = checked
                .errors
                .iter()
                .map(|e| e.msg.render(Lang::En))
                .collect();
            causes.dedup();
            return Err(ApiError::Invalid {
                kind,
                name: key.name.clone(),
                causes,
            });
        }
        let exists = self.exists(kind, &key);
        if exists && mode == ApplyMode::Create {
            return Err(ApiError::AlreadyExists {
                resource: resource_name(kind),
                name: key.name.clone(),
            });
        }
        if mode == ApplyMode::Update {
            let live = self
                .live_resource(kind, &key)
                .ok_or_else(|| not_found(kind, &key.name))?;
            if live == res {
                return Ok(Action::Unchanged);
            }
            self.update(kind, &key, &live, res)?;
            return Ok(Action::Configured);
        }
        if !exists {
            self.create(res.clone(), &key)?;
            if mode == ApplyMode::Apply {
                self.cluster.last_applied.insert((kind, key), res);
            }
            return Ok(Action::Created);
        }
        let last = self.cluster.last_applied.get(&(kind, key.clone())).cloned();
        let live = self
            .live_resource(kind, &key)
            .ok_or_else(|| not_found(kind, &key.name))?;
        let (merged, no_change) = three_way(
            kind,
            last.as_ref().map(Resource::to_json).as_ref(),
            &res.to_json(),
            &live.to_json(),
        );
        // §9.4: `unchanged` when the computed patch is `{}`: the file is what was applied last
        // (so the last-applied annotation stays) and the live object agrees with it.
        if no_change && last.as_ref() == Some(&res) {
            return Ok(Action::Unchanged);
        }
        let mut merged = from_json(kind, merged).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "{} in version \"{}\" cannot be handled",
                kind.name(),
                kind.api_version()
            ))
        })?;
        defaults::apply(&mut merged);
        self.update(kind, &key, &live, merged)?;
        self.cluster.last_applied.insert((kind, key), res);
        Ok(Action::Configured)
    }

    fn create(&mut self, res: Resource, key: &Key) -> Result<(), ApiError> {
        let kind = res.kind();
        let mut meta = user_meta(res.metadata(), kind);
        meta.uid = ids::uid(&mut self.rng.names);
        meta.created = self.now;
        let reason = Msg::new("engine.applied").text(kind.name()).text(&key.name);
        match res {
            Resource::Namespace(_) => {
                self.cluster
                    .namespaces
                    .insert(key.name.clone(), Namespace { meta });
                self.add_default_service_account(&key.name);
            }
            Resource::StorageClass(sc) => self.create_storage_class(sc, meta, key),
            Resource::PersistentVolume(pv) => self.create_persistent_volume(pv, meta),
            Resource::ConfigMap(cm) => {
                self.cluster.config_maps.insert(
                    key.clone(),
                    ConfigMap {
                        meta,
                        data: cm.data,
                    },
                );
            }
            Resource::Service(svc) => return self.create_service(svc, meta, key, reason),
            Resource::PersistentVolumeClaim(pvc) => {
                self.create_claim_object(pvc, meta, key, reason);
                return Ok(());
            }
            Resource::Pod(pod) => return self.create_bare_pod(pod, meta, reason),
            Resource::ReplicaSet(rs) => {
                self.cluster.replica_sets.insert(
                    key.clone(),
                    ReplicaSet {
                        meta,
                        spec: rs.spec,
                    },
                );
                self.touch(SyncKey::ReplicaSet(key.clone()));
            }
            Resource::Deployment(d) => {
                self.cluster.deployments.insert(
                    key.clone(),
                    Deployment {
                        meta,
                        spec: d.spec,
                        collision_count: None,
                        observed_generation: 0,
                    },
                );
                self.touch(SyncKey::Deployment(key.clone()));
            }
            Resource::StatefulSet(s) => {
                self.cluster.stateful_sets.insert(
                    key.clone(),
                    StatefulSet {
                        meta,
                        spec: s.spec,
                        revisions: Vec::new(),
                        current_revision: String::new(),
                        update_revision: String::new(),
                        observed_generation: 0,
                    },
                );
                self.touch(SyncKey::StatefulSet(key.clone()));
            }
            Resource::Stored(o) => {
                let kind = Kind::Stored(o.kind);
                self.cluster
                    .stored
                    .insert((o.kind, key.clone()), StoredObject { meta, body: o.body });
                if daemon_set::is_daemon_set(kind) {
                    self.touch(SyncKey::DaemonSet(key.clone()));
                }
            }
        }
        self.note(kind, key, Change::Created, reason);
        Ok(())
    }

    /// Stores a StorageClass; claims waiting for it go on.
    fn create_storage_class(&mut self, sc: m::StorageClass, meta: Meta, key: &Key) {
        let is_default = meta
            .annotations
            .get("storageclass.kubernetes.io/is-default-class")
            .is_some_and(|v| v == "true");
        self.cluster.storage_classes.insert(
            key.name.clone(),
            StorageClass {
                meta,
                provisioner: sc.provisioner,
                reclaim_policy: sc.reclaim_policy.unwrap_or_else(|| "Delete".into()),
                binding_mode: sc.volume_binding_mode.unwrap_or_else(|| "Immediate".into()),
                allow_expansion: sc.allow_volume_expansion,
                is_default,
            },
        );
        // Claims waiting for this class can go on.
        let waiting: Vec<Key> = self
            .cluster
            .pvcs
            .values()
            .filter(|c| {
                c.phase == ClaimPhase::Pending
                    && c.spec.storage_class_name.as_deref() == Some(key.name.as_str())
            })
            .map(|c| c.meta.key())
            .collect();
        for c in waiting {
            self.touch(SyncKey::Claim(c));
        }
    }

    /// Stores an Available PersistentVolume; pending claims look again.
    fn create_persistent_volume(&mut self, pv: m::PersistentVolume, meta: Meta) {
        let capacity = pv
            .spec
            .capacity
            .get("storage")
            .map(|q| q.0.clone())
            .unwrap_or_default();
        let host_path = pv
            .spec
            .host_path
            .as_ref()
            .and_then(|h| h.get("path"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        self.cluster.insert_pv(PersistentVolume {
            meta,
            capacity,
            access_modes: pv.spec.access_modes,
            reclaim_policy: pv
                .spec
                .persistent_volume_reclaim_policy
                .unwrap_or_else(|| "Retain".into()),
            storage_class: pv.spec.storage_class_name.unwrap_or_default(),
            phase: VolumePhase::Available,
            claim: None,
            host_path,
            data: Default::default(),
        });
        let waiting: Vec<Key> = self
            .cluster
            .pvcs
            .values()
            .filter(|c| c.phase == ClaimPhase::Pending)
            .map(|c| c.meta.key())
            .collect();
        for c in waiting {
            self.touch(SyncKey::Claim(c));
        }
    }

    /// Stores a Service with its ClusterIP and EndpointSlice name, and fills its endpoints.
    fn create_service(
        &mut self,
        svc: m::Service,
        meta: Meta,
        key: &Key,
        reason: Msg,
    ) -> Result<(), ApiError> {
        let mut spec = svc.spec;
        let ip = self.allocate_cluster_ip(&key.name, &spec)?;
        if let Some(ip) = ip {
            spec.cluster_ip = Some(ip.to_string());
            spec.cluster_ips = vec![ip.to_string()];
        }
        self.allocate_node_ports(&mut spec);
        let slice_name = ids::generate_name(&format!("{}-", key.name), &mut self.rng.names);
        self.cluster.services.insert(
            key.clone(),
            Service {
                meta,
                spec,
                slice_name,
            },
        );
        self.note(Kind::Service, key, Change::Created, reason);
        self.refresh_service(key);
        Ok(())
    }

    /// Stores a Pending claim (with the default class when it names none).
    fn create_claim_object(
        &mut self,
        pvc: m::PersistentVolumeClaim,
        meta: Meta,
        key: &Key,
        reason: Msg,
    ) {
        let mut spec = pvc.spec;
        if spec.storage_class_name.is_none() {
            spec.storage_class_name = self
                .cluster
                .default_storage_class()
                .map(|s| s.meta.name.clone());
        }
        self.cluster.pvcs.insert(
            key.clone(),
            PersistentVolumeClaim {
                meta,
                spec,
                phase: ClaimPhase::Pending,
                capacity: None,
                last_problem: None,
            },
        );
        self.note(Kind::PersistentVolumeClaim, key, Change::Created, reason);
        self.wake_claim_waiters(key);
        self.touch(SyncKey::Claim(key.clone()));
    }

    /// A learner's own pod, within the pod limit.
    fn create_bare_pod(&mut self, pod: m::Pod, meta: Meta, reason: Msg) -> Result<(), ApiError> {
        let p = crate::engine::cluster::Pod::new(meta, pod.spec);
        if self.cluster.pods.len() >= self.cfg.max_pods {
            return Err(ApiError::Limit(
                Msg::new("engine.limit.pods")
                    .text(self.cfg.max_pods.to_string())
                    .render(Lang::En),
            ));
        }
        self.create_pod(p, None, reason);
        Ok(())
    }

    /// The apiserver's node ports for a NodePort or LoadBalancer Service (the default range
    /// 30000-32767, `--service-node-port-range`), for each port that names none; a
    /// LoadBalancer gets them unless `allocateLoadBalancerNodePorts: false` (defaulted true).
    fn allocate_node_ports(&mut self, spec: &mut m::ServiceSpec) {
        let lb = spec.type_.as_deref() == Some("LoadBalancer");
        if lb && spec.allocate_load_balancer_node_ports.is_none() {
            spec.allocate_load_balancer_node_ports = Some(true);
        }
        let used: Vec<i64> = self
            .cluster
            .services
            .values()
            .flat_map(|s| s.spec.ports.iter().filter_map(|p| p.node_port))
            .collect();
        self.allocate_node_ports_besides(spec, used);
    }

    /// An update keeps each port's allocated node port when it names none (the apiserver's
    /// pkg/registry/core/service/storage `patchAllocatedValues`); ports new to it get one.
    fn carry_node_ports(&mut self, key: &Key, old: &m::ServiceSpec, new: &mut m::ServiceSpec) {
        for p in new.ports.iter_mut().filter(|p| p.node_port.is_none()) {
            p.node_port = old
                .ports
                .iter()
                .find(|o| o.port == p.port && o.protocol == p.protocol)
                .and_then(|o| o.node_port);
        }
        if new.type_.as_deref() == Some("LoadBalancer")
            && new.allocate_load_balancer_node_ports.is_none()
        {
            new.allocate_load_balancer_node_ports =
                old.allocate_load_balancer_node_ports.or(Some(true));
        }
        let others: Vec<i64> = self
            .cluster
            .services
            .iter()
            .filter(|(k, _)| *k != key)
            .flat_map(|(_, s)| s.spec.ports.iter().filter_map(|p| p.node_port))
            .collect();
        self.allocate_node_ports_besides(new, others);
    }

    /// Allocates the missing node ports of `spec` outside `used`.
    fn allocate_node_ports_besides(&mut self, spec: &mut m::ServiceSpec, mut used: Vec<i64>) {
        let lb = spec.type_.as_deref() == Some("LoadBalancer");
        let wanted = spec.type_.as_deref() == Some("NodePort")
            || (lb && spec.allocate_load_balancer_node_ports == Some(true));
        if !wanted {
            return;
        }
        used.extend(spec.ports.iter().filter_map(|p| p.node_port));
        for p in spec.ports.iter_mut().filter(|p| p.node_port.is_none()) {
            let mut port = NODE_PORT_MIN
                + i64::try_from(self.rng.node_ports.below(NODE_PORT_SPAN)).unwrap_or(0);
            while used.contains(&port) {
                port = if port >= NODE_PORT_MIN + NODE_PORT_SPAN as i64 - 1 {
                    NODE_PORT_MIN
                } else {
                    port + 1
                };
            }
            used.push(port);
            p.node_port = Some(port);
        }
    }

    fn allocate_cluster_ip(
        &mut self,
        name: &str,
        spec: &m::ServiceSpec,
    ) -> Result<Option<Ipv4Addr>, ApiError> {
        if spec.type_.as_deref() == Some("ExternalName") {
            return Ok(None);
        }
        match spec.cluster_ip.as_deref() {
            Some("None") => Ok(None),
            Some(ip) if !ip.is_empty() => {
                let parsed: Ipv4Addr = ip
                    .parse()
                    .map_err(|_| ApiError::BadRequest(format!("invalid clusterIP {ip}")))?;
                self.svc_ipam.allocate_exact(parsed).map(Some).map_err(|e| {
                    let detail = match e {
                        IpError::AlreadyAllocated => format!("failed to allocate IP {ip}: provided IP is already allocated"),
                        IpError::NotInRange => format!("failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/12"),
                        IpError::Full => "range is full".to_string(),
                    };
                    // `The Service "<name>" is invalid: …` (§4.1, Errata).
                    ApiError::Invalid {
                        kind: Kind::Service,
                        name: name.to_string(),
                        causes: vec![format!("spec.clusterIPs: Invalid value: [\"{ip}\"]: {detail}")],
                    }
                })
            }
            _ => self
                .svc_ipam
                .allocate(&mut self.rng.ipam)
                .map(Some)
                .map_err(|_| ApiError::Limit("the service IP range is full".into())),
        }
    }

    fn forbidden_update(kind: Kind, name: &str, cause: String) -> ApiError {
        ApiError::Invalid {
            kind,
            name: name.to_string(),
            causes: vec![cause],
        }
    }

    fn update(
        &mut self,
        kind: Kind,
        key: &Key,
        live: &Resource,
        merged: Resource,
    ) -> Result<(), ApiError> {
        let checked = validate::validate(&merged);
        if !checked.errors.is_empty() {
            return Err(ApiError::Invalid {
                kind,
                name: key.name.clone(),
                causes: checked
                    .errors
                    .iter()
                    .map(|e| e.msg.render(Lang::En))
                    .collect(),
            });
        }
        // Bound claims may change their request; whether it may grow is checked below.
        let claim_bound = kind == Kind::PersistentVolumeClaim
            && self
                .cluster
                .pvcs
                .get(key)
                .is_some_and(|p| p.meta.deleting.is_none() && p.spec.volume_name.is_some());
        if let Some(cause) = update::forbidden(live, &merged, claim_bound) {
            return Err(Self::forbidden_update(kind, &key.name, cause));
        }
        let md = merged.metadata().clone();
        let reason = Msg::new("engine.configured")
            .text(kind.name())
            .text(&key.name);
        match (live, merged) {
            (Resource::StatefulSet(_), Resource::StatefulSet(new)) => {
                if let Some(s) = self.cluster.stateful_sets.get_mut(key) {
                    if s.spec != new.spec {
                        s.meta.generation += 1;
                    }
                    s.spec = new.spec;
                    s.meta.labels = md.labels;
                    s.meta.annotations = md.annotations;
                }
                self.touch(SyncKey::StatefulSet(key.clone()));
            }
            (Resource::Deployment(_), Resource::Deployment(new)) => {
                if let Some(d) = self.cluster.deployments.get_mut(key) {
                    if d.spec != new.spec {
                        d.meta.generation += 1;
                    }
                    d.spec = new.spec;
                    d.meta.labels = md.labels;
                    d.meta.annotations = md.annotations;
                }
                self.touch(SyncKey::Deployment(key.clone()));
            }
            (Resource::ReplicaSet(_), Resource::ReplicaSet(new)) => {
                if let Some(r) = self.cluster.replica_sets.get_mut(key) {
                    r.spec = new.spec;
                    r.meta.labels = md.labels;
                }
                self.touch(SyncKey::ReplicaSet(key.clone()));
            }
            (Resource::Service(old), Resource::Service(mut new)) => {
                if new.spec.cluster_ip.as_deref().is_none_or(str::is_empty) {
                    new.spec.cluster_ip.clone_from(&old.spec.cluster_ip);
                    new.spec.cluster_ips.clone_from(&old.spec.cluster_ips);
                }
                self.carry_node_ports(key, &old.spec, &mut new.spec);
                if let Some(s) = self.cluster.services.get_mut(key) {
                    s.spec = new.spec;
                    s.meta.labels = md.labels;
                    s.meta.annotations = md.annotations;
                }
                self.refresh_service(key);
            }
            (Resource::Pod(_), Resource::Pod(new)) => self.update_pod(key, new, md),
            (Resource::PersistentVolumeClaim(old), Resource::PersistentVolumeClaim(new)) => {
                self.update_claim(kind, key, old, new, md)?
            }
            (_, Resource::ConfigMap(cm)) => {
                if let Some(c) = self.cluster.config_maps.get_mut(key) {
                    c.data = cm.data;
                    c.meta.labels = md.labels;
                }
            }
            // Refused above (update::forbidden).
            (_, Resource::StorageClass(_)) => {}
            (_, Resource::Namespace(_)) => {
                if let Some(n) = self.cluster.namespaces.get_mut(&key.name) {
                    n.meta.labels = md.labels;
                }
            }
            (_, Resource::PersistentVolume(_)) => {}
            (_, Resource::Stored(new)) => self.update_stored(key, new, md),
            _ => return Err(ApiError::BadRequest("the object changed kind".into())),
        }
        self.note(kind, key, Change::Updated, reason);
        Ok(())
    }

    /// A pod may change its images, labels and annotations.
    fn update_pod(&mut self, key: &Key, new: m::Pod, md: m::ObjectMeta) {
        let images: Vec<Option<String>> = new
            .spec
            .containers
            .iter()
            .map(|c| c.image.clone())
            .collect();
        if let Some(p) = self.cluster.pods.get_mut(key) {
            for (c, img) in p.spec.containers.iter_mut().zip(images) {
                c.image = img;
            }
            if p.meta.labels != md.labels {
                p.labels_touched = true;
            }
            p.meta.labels = md.labels;
            p.meta.annotations = md.annotations;
        }
        self.after_pod_change(key);
    }

    /// A claim may change its request: never below its capacity, and growing only where its class allows expansion.
    fn update_claim(
        &mut self,
        kind: Kind,
        key: &Key,
        old: &m::PersistentVolumeClaim,
        new: m::PersistentVolumeClaim,
        md: m::ObjectMeta,
    ) -> Result<(), ApiError> {
        let storage = |spec: &m::PersistentVolumeClaimSpec| {
            spec.resources
                .as_ref()
                .and_then(|r| r.requests.get("storage"))
                .map(|q| q.0.clone())
        };
        let (was, now) = (storage(&old.spec), storage(&new.spec));
        // Only a bound claim gets here with a changed request (update::forbidden).
        if was != now {
            let live = self.cluster.pvcs.get(key);
            let bytes = |q: Option<&String>| q.and_then(|q| m::parse_quantity(q));
            let capacity = live.and_then(|p| p.capacity.clone());
            if let (Some(n), Some(c)) = (bytes(now.as_ref()), bytes(capacity.as_ref())) {
                if n < c {
                    return Err(Self::forbidden_update(kind, &key.name, "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity".into()));
                }
            }
            // The PersistentVolumeClaimResize admission plugin: growing needs a class
            // that allows expansion (minikube's `standard` does not).
            let class = live.and_then(|p| p.spec.storage_class_name.clone());
            let expandable = class
                .and_then(|c| self.cluster.storage_classes.get(&c))
                .is_some_and(|sc| sc.allow_expansion == Some(true));
            if !expandable {
                return Err(ApiError::Forbidden(format!("persistentvolumeclaims \"{}\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize", key.name)));
            }
        }
        if let Some(p) = self.cluster.pvcs.get_mut(key) {
            p.spec.resources = new.spec.resources;
            p.meta.labels = md.labels;
        }
        Ok(())
    }

    /// An object of a stored kind; a DaemonSet's spec change is a new generation.
    fn update_stored(&mut self, key: &Key, new: m::Stored, md: m::ObjectMeta) {
        if let Some(o) = self.cluster.stored.get_mut(&(new.kind, key.clone())) {
            // A DaemonSet's spec change is a new generation (the apps strategy's
            // PrepareForUpdate), which its pods' pod-template-generation shows.
            if daemon_set::is_daemon_set(Kind::Stored(new.kind))
                && o.body.get("spec") != new.body.get("spec")
            {
                o.meta.generation += 1;
            }
            o.body = new.body;
            o.meta.labels = md.labels;
            o.meta.annotations = md.annotations;
        }
        if daemon_set::is_daemon_set(Kind::Stored(new.kind)) {
            self.touch(SyncKey::DaemonSet(key.clone()));
        }
    }

    /// `kubectl delete`.
    pub(crate) fn delete(
        &mut self,
        kind: Kind,
        key: &Key,
        propagation: Propagation,
        grace_s: Option<i64>,
        force: bool,
    ) -> Result<String, ApiError> {
        let reason = Msg::new("engine.delete.cmd")
            .text(kind.name())
            .text(&key.name);
        let uid = match kind {
            Kind::Pod => self
                .delete_pod(key, grace_s, force, reason)
                .ok_or_else(|| not_found(kind, &key.name))?,
            Kind::PersistentVolumeClaim => self
                .delete_claim(key, reason)
                .ok_or_else(|| not_found(kind, &key.name))?,
            Kind::Service => {
                let svc = self
                    .cluster
                    .services
                    .remove(key)
                    .ok_or_else(|| not_found(kind, &key.name))?;
                if let Some(ip) = svc.cluster_ip() {
                    self.svc_ipam.release(ip);
                }
                self.cluster.endpoints.remove(key);
                self.proxy.forget(key);
                self.note(kind, key, Change::Deleted, reason);
                svc.meta.uid
            }
            Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet => {
                self.delete_workload(kind, key, propagation, reason)?
            }
            Kind::ConfigMap => self
                .cluster
                .config_maps
                .remove(key)
                .map(|o| o.meta.uid)
                .ok_or_else(|| not_found(kind, &key.name))?,
            Kind::Stored(k) => self.delete_stored(kind, k, key, propagation, reason)?,
            Kind::StorageClass => self
                .cluster
                .storage_classes
                .remove(&key.name)
                .map(|o| o.meta.uid)
                .ok_or_else(|| not_found(kind, &key.name))?,
            Kind::PersistentVolume => self.delete_persistent_volume(kind, key, reason)?,
            Kind::Namespace => self.delete_namespace(kind, key, reason)?,
        };
        self.cluster.last_applied.remove(&(kind, key.clone()));
        self.cluster.last_applied_text.remove(&(kind, key.clone()));
        Ok(uid)
    }

    /// Deletes a StatefulSet, Deployment or ReplicaSet; its dependents go to the garbage collector or are orphaned.
    fn delete_workload(
        &mut self,
        kind: Kind,
        key: &Key,
        propagation: Propagation,
        reason: Msg,
    ) -> Result<String, ApiError> {
        // A Deployment notices its ReplicaSet going and makes it again.
        let owner = (kind == Kind::ReplicaSet)
            .then(|| self.cluster.replica_sets.get(key))
            .flatten()
            .and_then(|rs| rs.meta.controller().filter(|o| o.kind == Kind::Deployment))
            .map(|o| Key::new(&key.namespace, &o.name));
        if let Some(d) = owner {
            self.touch(SyncKey::Deployment(d));
        }
        let uid = match kind {
            Kind::StatefulSet => self.cluster.stateful_sets.remove(key).map(|o| o.meta.uid),
            Kind::Deployment => self.cluster.deployments.remove(key).map(|o| o.meta.uid),
            _ => self.cluster.replica_sets.remove(key).map(|o| o.meta.uid),
        }
        .ok_or_else(|| not_found(kind, &key.name))?;
        self.note(kind, key, Change::Deleted, reason);
        if propagation == Propagation::Orphan {
            self.orphan_dependents(&uid);
        } else {
            self.touch(SyncKey::GarbageCollector);
        }
        Ok(uid)
    }

    /// Deletes an object of a stored kind; a DaemonSet's pods go with it or stay, orphaned.
    fn delete_stored(
        &mut self,
        kind: Kind,
        k: StoredKind,
        key: &Key,
        propagation: Propagation,
        reason: Msg,
    ) -> Result<String, ApiError> {
        let uid = self
            .cluster
            .stored
            .remove(&(k, key.clone()))
            .map(|o| o.meta.uid)
            .ok_or_else(|| not_found(kind, &key.name))?;
        self.note(kind, key, Change::Deleted, reason);
        // A DaemonSet's pods go with it (or stay, orphaned).
        if self.cluster.pods_of(&uid).next().is_some() {
            if propagation == Propagation::Orphan {
                self.orphan_dependents(&uid);
            } else {
                self.touch(SyncKey::GarbageCollector);
            }
        }
        Ok(uid)
    }

    /// Deletes a volume, or marks it deleting while a live claim is bound to it.
    fn delete_persistent_volume(
        &mut self,
        kind: Kind,
        key: &Key,
        reason: Msg,
    ) -> Result<String, ApiError> {
        let pv = self
            .cluster
            .pvs
            .get_mut(&key.name)
            .ok_or_else(|| not_found(kind, &key.name))?;
        let uid = pv.meta.uid.clone();
        let bound_claim = pv.claim.as_ref().map(|c| Key::new(&c.namespace, &c.name));
        let claim_alive = bound_claim
            .as_ref()
            .is_some_and(|c| self.cluster.pvcs.contains_key(c));
        if claim_alive {
            pv.meta.deleting = Some(self.now);
            self.note(
                kind,
                key,
                Change::Deleting,
                Msg::new("engine.pv.protected").text(&key.name),
            );
        } else {
            self.cluster.remove_pv(&key.name);
            self.note(kind, key, Change::Deleted, reason);
        }
        Ok(uid)
    }

    /// Deletes a namespace with its contents; the system namespaces are refused.
    fn delete_namespace(&mut self, kind: Kind, key: &Key, reason: Msg) -> Result<String, ApiError> {
        if matches!(
            key.name.as_str(),
            "default" | "kube-system" | "kube-public" | "kube-node-lease"
        ) {
            return Err(ApiError::Forbidden(format!(
                "namespaces \"{}\" is forbidden: this namespace may not be deleted",
                key.name
            )));
        }
        let uid = self
            .cluster
            .namespaces
            .get(&key.name)
            .map(|n| n.meta.uid.clone())
            .ok_or_else(|| not_found(kind, &key.name))?;
        self.delete_namespace_contents(&key.name);
        self.cluster.namespaces.remove(&key.name);
        self.note(kind, key, Change::Deleted, reason);
        Ok(uid)
    }

    /// The ServiceAccount `default` the ServiceAccount controller makes in every namespace
    /// (kubernetes/kubernetes `pkg/controller/serviceaccount/serviceaccounts_controller.go`).
    /// Its UID comes from the namespace's name, not the name generator, so adding it does not
    /// shift the names of anything created later.
    pub(crate) fn add_default_service_account(&mut self, ns: &str) {
        let Some(kind) = StoredKind::from_name("ServiceAccount") else {
            return;
        };
        let seed = u64::from(ids::fnv32a(format!("serviceaccount/{ns}").as_bytes()));
        let meta = Meta {
            name: "default".into(),
            namespace: ns.to_string(),
            uid: ids::uid(&mut crate::engine::rng::Rng::new(seed)),
            created: self.now,
            ..Meta::default()
        };
        self.cluster.stored.insert(
            (kind, Key::new(ns, "default")),
            StoredObject {
                meta,
                body: serde_json::Map::new(),
            },
        );
    }

    fn delete_namespace_contents(&mut self, ns: &str) {
        fn keys_in<V>(map: &BTreeMap<Key, V>, ns: &str) -> Vec<Key> {
            map.keys().filter(|k| k.namespace == ns).cloned().collect()
        }
        // Owners first, so their dependents are collected rather than recreated.
        let c = &self.cluster;
        let batches = [
            (Kind::Service, keys_in(&c.services, ns)),
            (Kind::StatefulSet, keys_in(&c.stateful_sets, ns)),
            (Kind::Deployment, keys_in(&c.deployments, ns)),
            (Kind::ReplicaSet, keys_in(&c.replica_sets, ns)),
            (Kind::Pod, keys_in(&c.pods, ns)),
            (Kind::PersistentVolumeClaim, keys_in(&c.pvcs, ns)),
            (Kind::ConfigMap, keys_in(&c.config_maps, ns)),
        ];
        let stored: Vec<(StoredKind, Key)> = c
            .stored
            .keys()
            .filter(|(_, k)| k.namespace == ns)
            .cloned()
            .collect();
        let batches = batches.into_iter().chain(
            stored
                .into_iter()
                .map(|(sk, k)| (Kind::Stored(sk), vec![k])),
        );
        for (kind, keys) in batches {
            for k in keys {
                let _ = self.delete(kind, &k, Propagation::Background, None, false);
            }
        }
    }

    fn orphan_dependents(&mut self, uid: &str) {
        let pods: Vec<Key> = self.cluster.pods_of(uid).map(|p| p.meta.key()).collect();
        for k in pods {
            self.cluster.orphan_pod(&k);
        }
        for rs in self.cluster.replica_sets.values_mut() {
            rs.meta.owners.retain(|o| o.uid != uid);
        }
        for c in self.cluster.pvcs.values_mut() {
            c.meta.owners.retain(|o| o.uid != uid);
        }
    }

    fn scale(&mut self, kind: Kind, key: &Key, replicas: i32) -> Result<(), ApiError> {
        let replicas = replicas.max(0);
        let changed = match kind {
            Kind::StatefulSet => self.cluster.stateful_sets.get_mut(key).map(|s| {
                let c = s.spec.replicas != Some(replicas);
                s.spec.replicas = Some(replicas);
                s.meta.generation += i64::from(c);
                c
            }),
            Kind::Deployment => self.cluster.deployments.get_mut(key).map(|s| {
                let c = s.spec.replicas != Some(replicas);
                s.spec.replicas = Some(replicas);
                s.meta.generation += i64::from(c);
                c
            }),
            Kind::ReplicaSet => self.cluster.replica_sets.get_mut(key).map(|s| {
                let c = s.spec.replicas != Some(replicas);
                s.spec.replicas = Some(replicas);
                s.meta.generation += i64::from(c);
                c
            }),
            _ => {
                return Err(ApiError::BadRequest(format!(
                    "{} \"{}\" cannot be scaled",
                    resource_name(kind),
                    key.name
                )))
            }
        }
        .ok_or_else(|| not_found(kind, &key.name))?;
        self.note(
            kind,
            key,
            Change::Command,
            Msg::new("engine.scaled")
                .text(&key.name)
                .text(replicas.to_string()),
        );
        if changed {
            self.wake(kind, key);
        }
        Ok(())
    }

    fn wake(&mut self, kind: Kind, key: &Key) {
        match kind {
            Kind::StatefulSet => self.touch(SyncKey::StatefulSet(key.clone())),
            Kind::Deployment => self.touch(SyncKey::Deployment(key.clone())),
            Kind::ReplicaSet => self.touch(SyncKey::ReplicaSet(key.clone())),
            _ => {}
        }
    }

    fn template_mut(
        &mut self,
        kind: Kind,
        key: &Key,
    ) -> Result<(&mut m::PodTemplateSpec, &mut i64), ApiError> {
        match kind {
            Kind::StatefulSet => self
                .cluster
                .stateful_sets
                .get_mut(key)
                .map(|s| (&mut s.spec.template, &mut s.meta.generation)),
            Kind::Deployment => self
                .cluster
                .deployments
                .get_mut(key)
                .map(|s| (&mut s.spec.template, &mut s.meta.generation)),
            Kind::ReplicaSet => self
                .cluster
                .replica_sets
                .get_mut(key)
                .map(|s| (&mut s.spec.template, &mut s.meta.generation)),
            _ => {
                return Err(ApiError::BadRequest(format!(
                    "no pod template in {} \"{}\"",
                    resource_name(kind),
                    key.name
                )))
            }
        }
        .ok_or_else(|| not_found(kind, &key.name))
    }

    fn restart(&mut self, kind: Kind, key: &Key) -> Result<(), ApiError> {
        if !matches!(kind, Kind::StatefulSet | Kind::Deployment) {
            return Err(ApiError::BadRequest(format!(
                "{} \"{}\" cannot be restarted",
                resource_name(kind),
                key.name
            )));
        }
        let at = rfc3339(self.cfg.epoch_unix_s + i64::try_from(self.now.ms() / 1000).unwrap_or(0));
        let (tmpl, generation) = self.template_mut(kind, key)?;
        tmpl.metadata
            .annotations
            .insert("kubectl.kubernetes.io/restartedAt".into(), at.clone());
        *generation += 1;
        self.note(
            kind,
            key,
            Change::Command,
            Msg::new("engine.restarted").text(&key.name).text(at),
        );
        self.wake(kind, key);
        Ok(())
    }

    fn set_image(
        &mut self,
        kind: Kind,
        key: &Key,
        container: Option<&str>,
        image: &str,
    ) -> Result<(), ApiError> {
        if kind == Kind::Pod {
            let pod = self
                .cluster
                .pods
                .get_mut(key)
                .ok_or_else(|| not_found(kind, &key.name))?;
            let c = match container {
                Some(n) => pod.spec.containers.iter_mut().find(|c| c.name == n),
                None => pod.spec.containers.first_mut(),
            }
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "unable to find container named \"{}\"",
                    container.unwrap_or("")
                ))
            })?;
            c.image = Some(image.to_string());
            self.note(
                kind,
                key,
                Change::Command,
                Msg::new("engine.image").text(&key.name).text(image),
            );
            return Ok(());
        }
        let (tmpl, generation) = self.template_mut(kind, key)?;
        let c = match container {
            Some(n) => tmpl.spec.containers.iter_mut().find(|c| c.name == n),
            None => tmpl.spec.containers.first_mut(),
        }
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "unable to find container named \"{}\"",
                container.unwrap_or("")
            ))
        })?;
        c.image = Some(image.to_string());
        c.image_pull_policy = Some(defaults::image_pull_policy(image).to_string());
        *generation += 1;
        self.note(
            kind,
            key,
            Change::Command,
            Msg::new("engine.image").text(&key.name).text(image),
        );
        self.wake(kind, key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deploy(spec: &Value) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": spec})
    }

    #[test]
    fn three_way_merge_sets_what_the_file_sets_and_keeps_what_it_leaves_out() {
        // Pins kubectl apply's patch: the file's fields win over live changes; fields the file
        // never set keep their live value; fields dropped from the file are removed.
        let last = deploy(&json!({"replicas": 2, "paused": true}));
        let live = deploy(&json!({"replicas": 5, "paused": true, "minReadySeconds": 7}));
        let (merged, empty) = three_way(Kind::Deployment, Some(&last), &last, &live);
        assert!(!empty, "live replicas 5 differ from the file's 2");
        assert_eq!(merged["spec"]["replicas"], json!(2));
        assert_eq!(merged["spec"]["minReadySeconds"], json!(7));
        let new = deploy(&json!({"replicas": 2}));
        let (merged, _) = three_way(Kind::Deployment, Some(&last), &new, &live);
        assert_eq!(merged["spec"].get("paused"), None);
        // Without replicas in the file (only the default 1), a scaled value stays.
        let last = deploy(&json!({"replicas": 1}));
        let (merged, empty) = three_way(Kind::Deployment, Some(&last), &last, &live);
        assert!(empty);
        assert_eq!(merged["spec"]["replicas"], json!(5));
    }
    #[test]
    fn a_list_as_last_applied_keeps_what_live_elements_add() {
        // Pins the re-apply of an unchanged NodePort Service: the allocated nodePort is no
        // drift and stays; a changed port list is the file's.
        let svc = |ports: &Value| {
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
                   "spec": {"type": "NodePort", "ports": ports}})
        };
        let file = svc(&json!([{"port": 80, "protocol": "TCP", "targetPort": 80}]));
        let live =
            svc(&json!([{"nodePort": 30080, "port": 80, "protocol": "TCP", "targetPort": 80}]));
        let (merged, empty) = three_way(Kind::Service, Some(&file), &file, &live);
        assert!(empty);
        assert_eq!(merged["spec"]["ports"][0]["nodePort"], json!(30080));
        let changed = svc(&json!([{"port": 81, "protocol": "TCP", "targetPort": 80}]));
        let (merged, empty) = three_way(Kind::Service, Some(&file), &changed, &live);
        assert!(!empty);
        assert_eq!(merged["spec"]["ports"][0].get("nodePort"), None);
        assert_eq!(merged["spec"]["ports"][0]["port"], json!(81));
        // Without a last-applied configuration (created by another command) it counts.
        assert!(!three_way(Kind::Service, None, &file, &live).1);
    }

    #[test]
    fn fields_equal_to_their_defaults_do_not_count_as_written() {
        // Pins how the fields a defaulted manifest sets are told from the defaults filled in.
        let text = crate::examples::all_together();
        let objects = crate::manifest::analyze(&text).objects;
        let find = |kind: Kind, name: &str| {
            objects
                .iter()
                .find(|o| o.kind() == kind && o.name() == name)
                .map(|o| declared(kind, &o.resource.to_json()))
                .unwrap_or_default()
        };
        let path = |p: &str| p.split('.').map(String::from).collect::<Path>();
        let sts = find(Kind::StatefulSet, "web");
        assert!(sts.contains(&path("spec.serviceName")));
        assert!(sts.contains(&path("spec.replicas")));
        assert!(sts.contains(&path("spec.volumeClaimTemplates")));
        assert!(!sts.contains(&path("spec.podManagementPolicy")));
        assert!(!sts.contains(&path("spec.revisionHistoryLimit")));
        let svc = find(Kind::Service, "nginx");
        assert!(svc.contains(&path("spec.clusterIP")));
        assert!(svc.contains(&path("spec.ports")));
        assert!(!svc.contains(&path("spec.sessionAffinity")));
        assert!(!svc.contains(&path("spec.type")));
        let d = find(Kind::Deployment, "my-nginx-deployment");
        assert!(d.contains(&path("spec.replicas")));
        assert!(d.contains(&path("spec.template.spec.containers")));
        assert!(!d.contains(&path("spec.strategy.rollingUpdate.maxSurge")));
        assert!(!d.contains(&path("spec.progressDeadlineSeconds")));
        assert!(!d.contains(&path("spec.template.spec.restartPolicy")));
    }
}
