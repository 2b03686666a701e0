//! The cluster's objects as the simulation keeps them: Kubernetes' own fields (typed, from
//! [`crate::manifest::objects`]) plus the status the controllers and kubelet maintain.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use crate::manifest::objects::{self as m, Kind, Resource, StoredKind, StrMap};

use super::lifecycle::Stage;
use super::time::Time;

/// Namespace and name. Cluster-scoped objects have an empty namespace.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Key {
    pub namespace: String,
    pub name: String,
}

impl Key {
    #[must_use]
    pub fn new(namespace: &str, name: &str) -> Key {
        Key {
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    #[must_use]
    pub fn cluster(name: &str) -> Key {
        Key::new("", name)
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}/{}", self.namespace, self.name)
        }
    }
}

/// A kind and a key: the object an event or trace entry is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjRef {
    pub kind: Kind,
    pub key: Key,
}

impl ObjRef {
    #[must_use]
    pub fn new(kind: Kind, key: &Key) -> ObjRef {
        ObjRef {
            kind,
            key: key.clone(),
        }
    }

    /// `pod/web-0`, as `kubectl get events` prints OBJECT.
    #[must_use]
    pub fn slashed(&self) -> String {
        format!("{}/{}", self.kind.name().to_lowercase(), self.key.name)
    }
}

/// `metadata.ownerReferences[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRef {
    pub kind: Kind,
    pub name: String,
    pub uid: String,
    pub controller: bool,
}

impl OwnerRef {
    /// The reference a controller sets on what it owns: `controller: true`, the owner's kind,
    /// name and UID.
    #[must_use]
    pub fn controller(kind: Kind, owner: &Meta) -> Self {
        OwnerRef {
            kind,
            name: owner.name.clone(),
            uid: owner.uid.clone(),
            controller: true,
        }
    }
}

/// The metadata every stored object has.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub labels: StrMap,
    pub annotations: StrMap,
    pub created: Time,
    /// `deletionTimestamp`: set when a graceful deletion (or a finalizer) holds the object.
    pub deleting: Option<Time>,
    pub owners: Vec<OwnerRef>,
    pub generation: i64,
    pub generate_name: Option<String>,
}

impl Meta {
    #[must_use]
    pub fn key(&self) -> Key {
        Key::new(&self.namespace, &self.name)
    }

    #[must_use]
    pub fn controller(&self) -> Option<&OwnerRef> {
        self.owners.iter().find(|o| o.controller)
    }

    #[must_use]
    pub fn owned_by(&self, uid: &str) -> bool {
        self.owners.iter().any(|o| o.uid == uid)
    }
}

/// A file tree: absolute (or volume-relative) path → contents. Directories are implied by the
/// paths, plus explicit entries ending in `/` for empty directories.
pub type Files = BTreeMap<String, String>;

/// One line of an nginx access log, kept structured; the console formats it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLog {
    pub time: Time,
    pub client_ip: Ipv4Addr,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub bytes: usize,
    pub user_agent: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

impl Phase {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Phase::Pending => "Pending",
            Phase::Running => "Running",
            Phase::Succeeded => "Succeeded",
            Phase::Failed => "Failed",
        }
    }
}

/// What the kubelet and scheduler report about a pod.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PodStatus {
    pub stage: Stage,
    pub ip: Option<Ipv4Addr>,
    pub host_ip: Option<Ipv4Addr>,
    pub scheduled_at: Option<Time>,
    pub started_at: Option<Time>,
    /// When the Ready condition last became True.
    pub ready_since: Option<Time>,
    pub exit_code: Option<i32>,
    pub restarts: u32,
    /// Why the scheduler last left the pod Pending (its FailedScheduling message).
    pub unschedulable: Option<String>,
    /// The grace period of a pending deletion, in seconds.
    pub grace_s: i64,
    /// Why the kubelet cannot start the containers (a missing ConfigMap or Secret, or key):
    /// they wait with `CreateContainerConfigError` until it is there.
    pub config_error: Option<String>,
    /// The container's main process already ended, with this exit code (an attached shell
    /// the learner left with `exit`): a deletion then finds nothing left to stop.
    pub process_exited: Option<i32>,
    /// The init containers started so far, in order (`spec.initContainers`).
    pub init: Vec<InitRun>,
    /// The app container's process ended on its own (a learner killed it) with this exit code
    /// at this time; the kubelet restarts the container per the pod's `restartPolicy`.
    pub crashed: Option<(i32, Time)>,
}

/// One init container's run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InitRun {
    pub started: Time,
    /// When it exited with 0; `None` while it runs (a sidecar keeps running).
    pub finished: Option<Time>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pod {
    pub meta: Meta,
    pub spec: m::PodSpec,
    pub status: PodStatus,
    /// Files the containers wrote outside any volume (lost with the pod). `None` = removed.
    pub rootfs: BTreeMap<String, Option<String>>,
    /// emptyDir volumes by volume name (lost with the pod).
    pub empty_dirs: BTreeMap<String, Files>,
    pub access_log: Vec<AccessLog>,
    /// Labels changed by a learner since the controller last looked (it then re-checks the
    /// labels it owns).
    pub labels_touched: bool,
}

impl Pod {
    /// A pod just created: no status, no files, no access log yet.
    #[must_use]
    pub fn new(meta: Meta, spec: m::PodSpec) -> Pod {
        Pod {
            meta,
            spec,
            status: PodStatus::default(),
            rootfs: BTreeMap::new(),
            empty_dirs: BTreeMap::new(),
            access_log: Vec::new(),
            labels_touched: false,
        }
    }

    #[must_use]
    pub fn phase(&self) -> Phase {
        match self.status.stage {
            Stage::Pending
            | Stage::Scheduled
            | Stage::ContainerCreating
            | Stage::Initializing
            | Stage::PodInitializing => Phase::Pending,
            Stage::Running | Stage::Ready => Phase::Running,
            Stage::Terminating | Stage::Killed => {
                if self.status.started_at.is_some() {
                    Phase::Running
                } else {
                    Phase::Pending
                }
            }
            Stage::Exited => {
                if self.status.exit_code == Some(0) {
                    Phase::Succeeded
                } else {
                    Phase::Failed
                }
            }
        }
    }

    /// The Ready condition. A pod just marked for deletion stays Ready until the kubelet acts.
    #[must_use]
    pub fn is_ready(&self) -> bool {
        match self.status.stage {
            Stage::Ready => true,
            Stage::Terminating => self.status.ready_since.is_some(),
            _ => false,
        }
    }

    #[must_use]
    pub fn is_terminating(&self) -> bool {
        self.meta.deleting.is_some()
    }

    /// Running, Ready and not being deleted (`isHealthy` in the StatefulSet controller).
    #[must_use]
    pub fn is_healthy(&self) -> bool {
        self.phase() == Phase::Running && self.is_ready() && !self.is_terminating()
    }

    /// Ready for at least `min_ready_s` (`podutil.IsPodAvailable`).
    #[must_use]
    pub fn is_available(&self, min_ready_s: i32, now: Time) -> bool {
        match self.status.ready_since {
            Some(t) if self.is_ready() => {
                min_ready_s <= 0
                    || now.ms() >= t.ms() + u64::try_from(min_ready_s).unwrap_or(0) * 1000
            }
            _ => false,
        }
    }

    #[must_use]
    pub fn is_terminal(&self) -> bool {
        matches!(self.phase(), Phase::Succeeded | Phase::Failed)
    }

    /// Containers whose process is running (exec and HTTP need one).
    #[must_use]
    pub fn container_running(&self) -> bool {
        self.status.started_at.is_some()
            && matches!(
                self.status.stage,
                Stage::Running | Stage::Ready | Stage::Terminating | Stage::Killed
            )
    }

    #[must_use]
    pub fn image(&self) -> &str {
        self.spec
            .containers
            .first()
            .and_then(|c| c.image.as_deref())
            .unwrap_or("")
    }

    /// Whether the pod has a required pod anti-affinity term.
    #[must_use]
    pub fn has_required_anti_affinity(&self) -> bool {
        self.spec
            .affinity
            .as_ref()
            .and_then(|a| a.pod_anti_affinity.as_ref())
            .is_some_and(|a| {
                !a.required_during_scheduling_ignored_during_execution
                    .is_empty()
            })
    }

    /// Whether the pod has a pod affinity or anti-affinity term, required or preferred.
    #[must_use]
    pub fn has_pod_affinity_terms(&self) -> bool {
        self.spec
            .affinity
            .as_ref()
            .is_some_and(|a| a.pod_affinity.is_some() || a.pod_anti_affinity.is_some())
    }

    #[must_use]
    pub fn claim_names(&self) -> Vec<&str> {
        self.spec
            .volumes
            .iter()
            .filter_map(|v| v.persistent_volume_claim.as_ref())
            .map(|c| c.claim_name.as_str())
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimPhase {
    Pending,
    Bound,
    Lost,
}

impl ClaimPhase {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ClaimPhase::Pending => "Pending",
            ClaimPhase::Bound => "Bound",
            ClaimPhase::Lost => "Lost",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersistentVolumeClaim {
    pub meta: Meta,
    pub spec: m::PersistentVolumeClaimSpec,
    pub phase: ClaimPhase,
    /// `status.capacity.storage` once bound.
    pub capacity: Option<String>,
    /// The ExternalProvisioning / ProvisioningFailed message last reported, so it is not
    /// repeated.
    pub last_problem: Option<String>,
}

impl PersistentVolumeClaim {
    #[must_use]
    pub fn request(&self) -> String {
        self.spec
            .resources
            .as_ref()
            .and_then(|r| r.requests.get("storage"))
            .map(|q| q.0.clone())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumePhase {
    Available,
    Bound,
    Released,
}

impl VolumePhase {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            VolumePhase::Available => "Available",
            VolumePhase::Bound => "Bound",
            VolumePhase::Released => "Released",
        }
    }
}

/// `spec.claimRef`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRef {
    pub namespace: String,
    pub name: String,
    pub uid: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersistentVolume {
    pub meta: Meta,
    pub capacity: String,
    pub access_modes: Vec<String>,
    pub reclaim_policy: String,
    pub storage_class: String,
    pub phase: VolumePhase,
    pub claim: Option<ClaimRef>,
    /// The directory on the node (`/tmp/hostpath-provisioner/<ns>/<pvc>` when provisioned).
    pub host_path: String,
    /// The volume's contents, relative to its root (`index.html`).
    pub data: Files,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StorageClass {
    pub meta: Meta,
    pub provisioner: String,
    pub reclaim_policy: String,
    pub binding_mode: String,
    pub allow_expansion: Option<bool>,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub meta: Meta,
    pub spec: m::ServiceSpec,
    /// The EndpointSlice's generated name (`<svc>-xxxxx`).
    pub slice_name: String,
}

impl Service {
    #[must_use]
    pub fn is_headless(&self) -> bool {
        self.spec.cluster_ip.as_deref() == Some("None")
    }

    #[must_use]
    pub fn cluster_ip(&self) -> Option<Ipv4Addr> {
        self.spec.cluster_ip.as_deref().and_then(|s| s.parse().ok())
    }

    /// Pods selected: same namespace, selector set and matching.
    #[must_use]
    pub fn selects(&self, pod: &Pod) -> bool {
        match &self.spec.selector {
            Some(sel) if !sel.is_empty() && pod.meta.namespace == self.meta.namespace => {
                sel.iter().all(|(k, v)| pod.meta.labels.get(k) == Some(v))
            }
            _ => false,
        }
    }
}

/// One port of an endpoint, resolved from a Service port's targetPort.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EndpointPort {
    pub name: Option<String>,
    pub port: u16,
    pub protocol: String,
}

/// One pod behind a Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointAddress {
    pub ip: Ipv4Addr,
    /// Set for pods whose hostname is set and whose subdomain is this Service.
    pub hostname: Option<String>,
    pub pod: String,
    pub node: String,
    /// In `addresses` (true) or `notReadyAddresses` (false).
    pub ready: bool,
    /// EndpointSlice conditions.
    pub serving: bool,
    pub terminating: bool,
    pub ports: Vec<EndpointPort>,
}

/// The Endpoints object and EndpointSlice of one Service, keyed by pod name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Endpoints {
    pub created: Time,
    pub by_pod: BTreeMap<String, EndpointAddress>,
    /// Fixed endpoints of selector-less system Services (`kubernetes` → 192.168.49.2:8443).
    pub fixed: Vec<EndpointAddress>,
}

impl Endpoints {
    /// Ready addresses, sorted as the Endpoints controller sorts them (IP as text).
    #[must_use]
    pub fn ready(&self) -> Vec<&EndpointAddress> {
        let mut v: Vec<&EndpointAddress> = self
            .fixed
            .iter()
            .chain(self.by_pod.values())
            .filter(|a| a.ready)
            .collect();
        v.sort_by_cached_key(|a| a.ip.to_string());
        v
    }

    #[must_use]
    pub fn not_ready(&self) -> Vec<&EndpointAddress> {
        let mut v: Vec<&EndpointAddress> = self.by_pod.values().filter(|a| !a.ready).collect();
        v.sort_by_cached_key(|a| a.ip.to_string());
        v
    }
}

/// A ControllerRevision of a StatefulSet.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// `<sts>-<hash>`.
    pub name: String,
    pub hash: String,
    pub revision: i64,
    pub template: m::PodTemplateSpec,
    pub created: Time,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatefulSet {
    pub meta: Meta,
    pub spec: m::StatefulSetSpec,
    pub revisions: Vec<Revision>,
    pub current_revision: String,
    pub update_revision: String,
    pub observed_generation: i64,
}

impl StatefulSet {
    #[must_use]
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1).max(0)
    }

    #[must_use]
    pub fn start_ordinal(&self) -> i32 {
        self.spec.ordinals.as_ref().map_or(0, |o| o.start.max(0))
    }

    #[must_use]
    pub fn parallel(&self) -> bool {
        self.spec.pod_management_policy.as_deref() == Some("Parallel")
    }

    #[must_use]
    pub fn on_delete(&self) -> bool {
        self.spec
            .update_strategy
            .as_ref()
            .and_then(|s| s.type_.as_deref())
            == Some("OnDelete")
    }

    #[must_use]
    pub fn partition(&self) -> i32 {
        self.spec
            .update_strategy
            .as_ref()
            .and_then(|s| s.rolling_update.as_ref())
            .and_then(|r| r.partition)
            .unwrap_or(0)
            .max(0)
    }

    #[must_use]
    pub fn min_ready_seconds(&self) -> i32 {
        self.spec.min_ready_seconds.unwrap_or(0)
    }

    fn retention(&self, scaled: bool) -> bool {
        let p = self.spec.persistent_volume_claim_retention_policy.as_ref();
        let v = p.and_then(|p| {
            if scaled {
                p.when_scaled.as_deref()
            } else {
                p.when_deleted.as_deref()
            }
        });
        v == Some("Delete")
    }

    /// `whenDeleted: Delete`.
    #[must_use]
    pub fn delete_claims_with_set(&self) -> bool {
        self.retention(false)
    }

    /// `whenScaled: Delete`.
    #[must_use]
    pub fn delete_claims_on_scale_down(&self) -> bool {
        self.retention(true)
    }

    #[must_use]
    pub fn service_name(&self) -> &str {
        self.spec.service_name.as_deref().unwrap_or("")
    }

    /// The revision named `name`.
    #[must_use]
    pub fn revision(&self, name: &str) -> Option<&Revision> {
        self.revisions.iter().find(|r| r.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    pub meta: Meta,
    pub spec: m::DeploymentSpec,
    pub collision_count: Option<u32>,
    pub observed_generation: i64,
}

impl Deployment {
    #[must_use]
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1).max(0)
    }

    #[must_use]
    pub fn recreate(&self) -> bool {
        self.spec.strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("Recreate")
    }

    #[must_use]
    pub fn min_ready_seconds(&self) -> i32 {
        self.spec.min_ready_seconds.unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaSet {
    pub meta: Meta,
    pub spec: m::ReplicaSetSpec,
}

impl ReplicaSet {
    #[must_use]
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1).max(0)
    }

    /// `deployment.kubernetes.io/revision`.
    #[must_use]
    pub fn revision(&self) -> i64 {
        self.meta
            .annotations
            .get("deployment.kubernetes.io/revision")
            .and_then(|r| r.parse().ok())
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConfigMap {
    pub meta: Meta,
    pub data: StrMap,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Namespace {
    pub meta: Meta,
}

/// What a node offers (`status.capacity` / `status.allocatable`) in the scheduler's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeResources {
    /// Millicores.
    pub cpu_m: i64,
    /// Bytes.
    pub memory: i64,
    pub pods: i64,
}

/// A node: minikube's docker container.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub meta: Meta,
    pub ip: Ipv4Addr,
    /// Third octet of its pod CIDR (`10.244.<n>.0/24`).
    pub cidr_index: u8,
    /// Images on the node, with the time each pull finishes (or finished).
    pub images: BTreeMap<String, Time>,
    /// `spec.taints`.
    pub taints: Vec<m::Taint>,
    /// `spec.unschedulable` (cordoned).
    pub unschedulable: bool,
    pub capacity: NodeResources,
    pub allocatable: NodeResources,
}

/// An object of a kind podplay stores without simulating (a Secret, a PodDisruptionBudget):
/// its metadata and its other fields as applied.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredObject {
    pub meta: Meta,
    pub body: serde_json::Map<String, serde_json::Value>,
}

impl StoredObject {
    /// The field at a dotted path (`spec.minAvailable`), if set.
    #[must_use]
    pub fn field(&self, path: &str) -> Option<&serde_json::Value> {
        crate::manifest::kinds::at(&self.body, path)
    }
}

/// Everything stored in the (simulated) apiserver.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cluster {
    pub nodes: BTreeMap<String, Node>,
    pub namespaces: BTreeMap<String, Namespace>,
    pub storage_classes: BTreeMap<String, StorageClass>,
    pub pvs: BTreeMap<String, PersistentVolume>,
    pub pvcs: BTreeMap<Key, PersistentVolumeClaim>,
    pub config_maps: BTreeMap<Key, ConfigMap>,
    pub services: BTreeMap<Key, Service>,
    pub endpoints: BTreeMap<Key, Endpoints>,
    pub pods: BTreeMap<Key, Pod>,
    pub replica_sets: BTreeMap<Key, ReplicaSet>,
    pub deployments: BTreeMap<Key, Deployment>,
    pub stateful_sets: BTreeMap<Key, StatefulSet>,
    /// Objects of the stored kinds, by kind and key (kubectl's order within a kind).
    pub stored: BTreeMap<(StoredKind, Key), StoredObject>,
    /// Pods by the UID of their controller (an index kept with `pods`).
    pods_by_owner: BTreeMap<String, BTreeSet<Key>>,
    /// StatefulSet pods by set UID and ordinal (an index kept with `pods`).
    sts_ordinals: BTreeMap<String, BTreeMap<i32, Key>>,
    /// PersistentVolumes in phase Available (kept with `pvs`, so the binder skips its scan
    /// when there are none).
    available_pvs: usize,
    /// Pods bound to each node (an index kept with `pods`, for the scheduler).
    node_pods: BTreeMap<String, usize>,
    /// The cpu (millicores) and memory (bytes) the pods bound to each node request (an index
    /// kept with `pods`, for the scheduler; requests never change once a pod exists).
    node_requests: BTreeMap<String, (i64, i64)>,
    /// Pods with required pod anti-affinity (kept with `pods`: the scheduler looks at every
    /// pod's labels only when some pod has such a rule or asks for pod affinity itself).
    anti_affinity_pods: usize,
    /// What `kubectl apply` last sent, by kind and key (the last-applied-configuration).
    pub last_applied: BTreeMap<(Kind, Key), Resource>,
    /// The last-applied-configuration annotation as kubectl wrote it (the manifest as the
    /// learner wrote it, compact JSON), when the console recorded one.
    pub last_applied_text: BTreeMap<(Kind, Key), String>,
}

impl Cluster {
    /// Pods by the UID of their controller (`""` for orphans).
    #[must_use]
    pub fn pods_by_owner(&self) -> &BTreeMap<String, BTreeSet<Key>> {
        &self.pods_by_owner
    }

    /// StatefulSet pods by set UID and ordinal.
    #[must_use]
    pub fn sts_ordinals(&self) -> &BTreeMap<String, BTreeMap<i32, Key>> {
        &self.sts_ordinals
    }

    /// How many PersistentVolumes are Available.
    #[must_use]
    pub fn available_pvs(&self) -> usize {
        self.available_pvs
    }

    /// Pods bound to each node.
    #[must_use]
    pub fn node_pods(&self) -> &BTreeMap<String, usize> {
        &self.node_pods
    }

    /// The cpu (millicores) and memory (bytes) the pods bound to each node request.
    #[must_use]
    pub fn node_requests(&self) -> &BTreeMap<String, (i64, i64)> {
        &self.node_requests
    }

    /// How many pods have required pod anti-affinity.
    #[must_use]
    pub fn anti_affinity_pods(&self) -> usize {
        self.anti_affinity_pods
    }

    /// Stores a PersistentVolume, keeping the count of Available ones.
    pub fn insert_pv(&mut self, pv: PersistentVolume) {
        if pv.phase == VolumePhase::Available {
            self.available_pvs += 1;
        }
        if let Some(old) = self.pvs.insert(pv.meta.name.clone(), pv) {
            if old.phase == VolumePhase::Available {
                self.available_pvs = self.available_pvs.saturating_sub(1);
            }
        }
    }

    /// Removes a PersistentVolume, keeping the count of Available ones.
    pub fn remove_pv(&mut self, name: &str) -> Option<PersistentVolume> {
        let pv = self.pvs.remove(name)?;
        if pv.phase == VolumePhase::Available {
            self.available_pvs = self.available_pvs.saturating_sub(1);
        }
        Some(pv)
    }

    /// Moves a PersistentVolume to `phase`, keeping the count of Available ones; the volume, if
    /// it exists.
    pub fn set_pv_phase(
        &mut self,
        name: &str,
        phase: VolumePhase,
    ) -> Option<&mut PersistentVolume> {
        let pv = self.pvs.get_mut(name)?;
        match (
            pv.phase == VolumePhase::Available,
            phase == VolumePhase::Available,
        ) {
            (true, false) => self.available_pvs = self.available_pvs.saturating_sub(1),
            (false, true) => self.available_pvs += 1,
            _ => {}
        }
        pv.phase = phase;
        Some(pv)
    }

    /// The metadata of one object of any kind, if it exists.
    #[must_use]
    pub fn meta(&self, kind: Kind, key: &Key) -> Option<&Meta> {
        match kind {
            Kind::Namespace => self.namespaces.get(&key.name).map(|o| &o.meta),
            Kind::StorageClass => self.storage_classes.get(&key.name).map(|o| &o.meta),
            Kind::PersistentVolume => self.pvs.get(&key.name).map(|o| &o.meta),
            Kind::ConfigMap => self.config_maps.get(key).map(|o| &o.meta),
            Kind::Service => self.services.get(key).map(|o| &o.meta),
            Kind::PersistentVolumeClaim => self.pvcs.get(key).map(|o| &o.meta),
            Kind::Pod => self.pods.get(key).map(|o| &o.meta),
            Kind::ReplicaSet => self.replica_sets.get(key).map(|o| &o.meta),
            Kind::Deployment => self.deployments.get(key).map(|o| &o.meta),
            Kind::StatefulSet => self.stateful_sets.get(key).map(|o| &o.meta),
            Kind::Stored(k) => self.stored.get(&(k, key.clone())).map(|o| &o.meta),
        }
    }

    /// The metadata of every object of a kind, in one namespace (`None`: all; cluster-scoped
    /// kinds ignore it), in kubectl's order: by namespace, then name.
    #[must_use]
    pub fn metas(&self, kind: Kind, ns: Option<&str>) -> Vec<&Meta> {
        fn of<'a, K, V: 'a>(
            map: &'a BTreeMap<K, V>,
            meta: impl Fn(&'a V) -> &'a Meta,
        ) -> Vec<&'a Meta> {
            map.values().map(meta).collect()
        }
        let all = match kind {
            Kind::Namespace => of(&self.namespaces, |o| &o.meta),
            Kind::StorageClass => of(&self.storage_classes, |o| &o.meta),
            Kind::PersistentVolume => of(&self.pvs, |o| &o.meta),
            Kind::ConfigMap => of(&self.config_maps, |o| &o.meta),
            Kind::Service => of(&self.services, |o| &o.meta),
            Kind::PersistentVolumeClaim => of(&self.pvcs, |o| &o.meta),
            Kind::Pod => of(&self.pods, |o| &o.meta),
            Kind::ReplicaSet => of(&self.replica_sets, |o| &o.meta),
            Kind::Deployment => of(&self.deployments, |o| &o.meta),
            Kind::StatefulSet => of(&self.stateful_sets, |o| &o.meta),
            Kind::Stored(k) => self
                .stored
                .range((k, Key::default())..)
                .take_while(|((sk, _), _)| *sk == k)
                .map(|(_, o)| &o.meta)
                .collect(),
        };
        all.into_iter()
            .filter(|m| !kind.namespaced() || ns.is_none_or(|n| m.namespace == n))
            .collect()
    }

    /// The stored objects of one kind, in one namespace (`None`: all), in kubectl's order.
    pub fn stored_of(
        &self,
        kind: StoredKind,
        ns: Option<&str>,
    ) -> impl Iterator<Item = &StoredObject> + '_ {
        let ns = ns.map(str::to_string);
        self.stored
            .range((kind, Key::default())..)
            .take_while(move |((k, _), _)| *k == kind)
            .filter(move |((_, key), _)| ns.as_deref().is_none_or(|n| key.namespace == n))
            .map(|(_, o)| o)
    }

    /// The index key of a pod: its controller's UID, or `""` for orphans.
    fn owner_index(pod: &Pod) -> String {
        pod.meta
            .controller()
            .map(|o| o.uid.clone())
            .unwrap_or_default()
    }

    /// The (set UID, ordinal) a StatefulSet-controlled pod is indexed under.
    fn sts_slot(pod: &Pod) -> Option<(String, i32)> {
        let owner = pod
            .meta
            .controller()
            .filter(|o| o.kind == Kind::StatefulSet)?;
        let ord = super::controllers::stateful_set::ordinal_of(&owner.name, &pod.meta.name)?;
        Some((owner.uid.clone(), ord))
    }

    pub fn insert_pod(&mut self, pod: Pod) {
        if let Some((uid, ord)) = Cluster::sts_slot(&pod) {
            self.sts_ordinals
                .entry(uid)
                .or_default()
                .insert(ord, pod.meta.key());
        }
        if let Some(n) = &pod.spec.node_name {
            *self.node_pods.entry(n.clone()).or_insert(0) += 1;
            self.add_requests(n, &pod.spec, 1);
        }
        if pod.has_required_anti_affinity() {
            self.anti_affinity_pods += 1;
        }
        self.pods_by_owner
            .entry(Cluster::owner_index(&pod))
            .or_default()
            .insert(pod.meta.key());
        self.pods.insert(pod.meta.key(), pod);
    }

    pub fn remove_pod(&mut self, key: &Key) -> Option<Pod> {
        let pod = self.pods.remove(key)?;
        if let Some((uid, ord)) = Cluster::sts_slot(&pod) {
            if let Some(m) = self.sts_ordinals.get_mut(&uid) {
                if m.get(&ord) == Some(key) {
                    m.remove(&ord);
                }
                if m.is_empty() {
                    self.sts_ordinals.remove(&uid);
                }
            }
        }
        if let Some(n) = pod.spec.node_name.as_deref() {
            if let Some(c) = self.node_pods.get_mut(n) {
                *c = c.saturating_sub(1);
            }
            self.add_requests(n, &pod.spec, -1);
        }
        if pod.has_required_anti_affinity() {
            self.anti_affinity_pods = self.anti_affinity_pods.saturating_sub(1);
        }
        let idx = Cluster::owner_index(&pod);
        if let Some(set) = self.pods_by_owner.get_mut(&idx) {
            set.remove(key);
            if set.is_empty() {
                self.pods_by_owner.remove(&idx);
            }
        }
        Some(pod)
    }

    /// Binds a pod to a node, keeping the node indexes right.
    pub fn assign_node(&mut self, key: &Key, node: &str) {
        let Some(p) = self.pods.get_mut(key) else {
            return;
        };
        let fresh = p.spec.node_name.is_none();
        p.spec.node_name = Some(node.to_string());
        let (cpu, memory) = (p.spec.request("cpu"), p.spec.request("memory"));
        if fresh {
            *self.node_pods.entry(node.to_string()).or_insert(0) += 1;
            let e = self.node_requests.entry(node.to_string()).or_insert((0, 0));
            e.0 = e.0.saturating_add(cpu);
            e.1 = e.1.saturating_add(memory);
        }
    }

    /// Adds (`sign` 1) or takes away (-1) a pod's requests on `node`.
    fn add_requests(&mut self, node: &str, spec: &m::PodSpec, sign: i64) {
        let e = self.node_requests.entry(node.to_string()).or_insert((0, 0));
        e.0 = e.0.saturating_add(sign * spec.request("cpu"));
        e.1 = e.1.saturating_add(sign * spec.request("memory"));
    }

    /// Replaces a pod's owner references (orphaning or adoption), keeping the index right.
    pub fn set_pod_owners(&mut self, key: &Key, owners: Vec<OwnerRef>) {
        if let Some(mut pod) = self.remove_pod(key) {
            pod.meta.owners = owners;
            self.insert_pod(pod);
        }
    }

    /// Drops the owner references of a pod (orphaning).
    pub fn orphan_pod(&mut self, key: &Key) {
        self.set_pod_owners(key, Vec::new());
    }

    /// Pods in `namespace` without a controller, which a matching controller may adopt.
    pub fn orphan_pods_in<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods_of("")
            .filter(move |p| p.meta.namespace == namespace && p.meta.deleting.is_none())
    }

    /// Pods controlled by the object with `uid`.
    pub fn pods_of<'a>(&'a self, uid: &str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods_by_owner
            .get(uid)
            .into_iter()
            .flatten()
            .filter_map(|k| self.pods.get(k))
    }

    /// ReplicaSets controlled by the Deployment with `uid`.
    #[must_use]
    pub fn replica_sets_of(&self, uid: &str) -> Vec<&ReplicaSet> {
        self.replica_sets
            .values()
            .filter(|rs| rs.meta.controller().is_some_and(|o| o.uid == uid))
            .collect()
    }

    #[must_use]
    pub fn default_storage_class(&self) -> Option<&StorageClass> {
        self.storage_classes.values().find(|s| s.is_default)
    }

    /// All live ClusterIPs (for uniqueness checks and allocation).
    #[must_use]
    pub fn cluster_ips(&self) -> Vec<Ipv4Addr> {
        self.services
            .values()
            .filter_map(Service::cluster_ip)
            .collect()
    }

    /// The pod (if any) holding `ip`, ignoring host-network pods.
    #[must_use]
    pub fn pod_by_ip(&self, ip: Ipv4Addr) -> Option<&Pod> {
        self.pods
            .values()
            .find(|p| p.status.ip == Some(ip) && !p.spec.host_network)
    }

    #[must_use]
    pub fn service_by_ip(&self, ip: Ipv4Addr) -> Option<&Service> {
        self.services.values().find(|s| s.cluster_ip() == Some(ip))
    }
}
