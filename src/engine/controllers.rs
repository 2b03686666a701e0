//! Controllers read the cluster and return effects, each with the reason a learner is shown.
//! Only the simulation changes state (kube-rs's reconcile-returns-an-action shape).

pub mod backoff;
pub mod daemon_set;
pub mod deployment;
pub mod garbage_collector;
pub mod replica_set;
pub mod scheduler;
pub mod stateful_set;
pub mod volume_binder;

use crate::i18n::Msg;
use crate::manifest::objects::{Kind, StrMap};

use super::cluster::{Key, ObjRef, OwnerRef, PersistentVolumeClaim, Pod, ReplicaSet, Revision};
use super::trace::EventType;

/// A change a controller asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Create a pod; an empty name with `generate_name` set gets a random suffix.
    CreatePod {
        pod: Box<Pod>,
        by: ObjRef,
        reason: Msg,
    },
    DeletePod {
        key: Key,
        by: ObjRef,
        reason: Msg,
    },
    /// Adopt an orphan pod whose labels match (`ClaimPods`): it gets this controller reference.
    AdoptPod {
        key: Key,
        owner: OwnerRef,
    },
    /// A Deployment adopts an orphan ReplicaSet matching its selector.
    AdoptReplicaSet {
        key: Key,
        owner: OwnerRef,
    },
    /// Restore labels the controller owns (StatefulSet identity, revision).
    RelabelPod {
        key: Key,
        labels: StrMap,
    },
    CreateClaim {
        claim: Box<PersistentVolumeClaim>,
        by: ObjRef,
        reason: Msg,
    },
    SetClaimOwners {
        key: Key,
        owners: Vec<OwnerRef>,
    },
    DeleteClaim {
        key: Key,
        reason: Msg,
    },
    CreateReplicaSet {
        rs: Box<ReplicaSet>,
        by: ObjRef,
        reason: Msg,
    },
    ScaleReplicaSet {
        key: Key,
        replicas: i32,
        by: ObjRef,
        reason: Msg,
    },
    DeleteReplicaSet {
        key: Key,
        reason: Msg,
    },
    /// Sets these annotations on a ReplicaSet, keeping its others: the Deployment
    /// controller's bookkeeping of revision (`SetNewReplicaSetAnnotations`) and of
    /// desired/max replicas (`SetReplicasAnnotations`). Metadata only: no new generation.
    SetReplicaSetAnnotations {
        key: Key,
        annotations: StrMap,
    },
    /// Copies the Deployment's `minReadySeconds` to its current ReplicaSet (`getNewReplicaSet`
    /// keeps them equal without a new revision).
    SetReplicaSetMinReady {
        key: Key,
        seconds: Option<i32>,
    },
    /// The Deployment's pod-template-hash collided with a ReplicaSet it does not own:
    /// `status.collisionCount` goes up, which changes the hash.
    BumpCollisionCount {
        key: Key,
    },
    /// StatefulSet revision bookkeeping.
    SetRevisions {
        key: Key,
        revisions: Vec<Revision>,
        current: String,
        update: String,
    },
    /// Bind a pod to a node.
    Bind {
        pod: Key,
        node: String,
    },
    /// The scheduler could not place a pod.
    Unschedulable {
        pod: Key,
        message: String,
    },
    /// Start dynamic provisioning of a claim.
    Provision {
        claim: Key,
    },
    /// Bind a claim to an existing volume.
    BindVolume {
        claim: Key,
        volume: String,
    },
    /// No room for `pod` (empty for a generated name): the cluster holds podplay's most pods
    /// ([`crate::manifest::MAX_PODS`]). The controller creates no more pods, nor their claims.
    PodLimit {
        by: ObjRef,
        pod: String,
    },
    /// The controller is holding back, and why.
    Wait {
        object: ObjRef,
        reason: Msg,
    },
    /// The sync returns an error (after the Events it recorded): the work queue tries the
    /// object again after its back-off (`AddRateLimited`, see [`backoff`]).
    Failed,
    /// A Kubernetes Event.
    Event(ControllerEvent),
}

/// A Kubernetes Event a controller records: its type, object (with the object's UID),
/// reason, message and source component.
#[derive(Debug, Clone, PartialEq)]
pub struct ControllerEvent {
    pub type_: EventType,
    pub object: ObjRef,
    pub uid: String,
    pub reason: &'static str,
    pub message: String,
    pub source: &'static str,
}

impl Effect {
    pub(crate) fn event(
        type_: EventType,
        kind: Kind,
        key: &Key,
        uid: &str,
        reason: &'static str,
        message: String,
        source: &'static str,
    ) -> Effect {
        Effect::Event(ControllerEvent {
            type_,
            object: ObjRef::new(kind, key),
            uid: uid.to_string(),
            reason,
            message,
            source,
        })
    }
}
