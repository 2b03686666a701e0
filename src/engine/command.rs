//! What a learner (or the console) can ask of the cluster, and what comes back. Commands are
//! values so a run can be recorded and replayed (seeking).

use std::net::Ipv4Addr;

use crate::manifest::objects::{Kind, Resource};
use crate::manifest::status;

use super::cluster::Key;
use super::config::ProxyMode;

/// `kubectl apply` or `kubectl create`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyMode {
    Apply,
    Create,
    /// A plain update of an existing object (kubectl `patch`, `rollout undo`): the object is
    /// replaced as given and the last-applied configuration is left alone.
    Update,
}

/// `--cascade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Propagation {
    /// The default: the owner goes at once, the garbage collector removes dependents.
    #[default]
    Background,
    /// Dependents lose their owner reference and stay.
    Orphan,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Apply {
        objects: Vec<Resource>,
        mode: ApplyMode,
    },
    Delete {
        kind: Kind,
        key: Key,
        propagation: Propagation,
        /// `--grace-period`; `Some(0)` with `force` removes at once.
        grace_s: Option<i64>,
        force: bool,
    },
    Scale {
        kind: Kind,
        key: Key,
        replicas: i32,
    },
    RolloutRestart {
        kind: Kind,
        key: Key,
    },
    /// `kubectl set image` / a patch of a container's image (`container` None: the first).
    SetImage {
        kind: Kind,
        key: Key,
        container: Option<String>,
        image: String,
    },
    /// A file written inside a pod's first container (`echo … > path`, `>>` when `append`).
    WriteFile {
        pod: Key,
        path: String,
        content: String,
        append: bool,
    },
    RemoveFile {
        pod: Key,
        path: String,
    },
    /// `count` HTTP GETs from a pod to a name or IP (`curl`/`wget`).
    Request {
        from: Key,
        target: String,
        port: Option<u16>,
        path: String,
        count: u32,
    },
    /// A DNS query from a pod (draws the answer order, so it is a command).
    Resolve {
        from: Key,
        name: String,
    },
    SetProxyMode(ProxyMode),
    /// Records the last-applied-configuration annotation's text for an object `kubectl apply`
    /// just wrote (kubectl keeps the manifest as written, before any defaulting).
    RecordApplied {
        kind: Kind,
        key: Key,
        text: String,
    },
    /// The container's main process ended with `code` (the console's attached shell exited).
    EndProcess {
        pod: Key,
        code: i32,
    },
    /// The app container's main process ended on its own with `code` while the pod keeps
    /// running (its child was killed: `kubectl exec zk-0 -- pkill java`); the kubelet restarts
    /// the container as the pod's `restartPolicy` says.
    CrashProcess {
        pod: Key,
        code: i32,
    },
    /// `kubectl cordon` / `uncordon`: a node's `spec.unschedulable`.
    Cordon {
        node: String,
        unschedulable: bool,
    },
    /// `kubectl label|annotate node`: a node's labels and annotations, replaced whole.
    NodeMeta {
        node: String,
        labels: crate::manifest::objects::StrMap,
        annotations: crate::manifest::objects::StrMap,
    },
}

/// What `kubectl apply`/`create` reports per object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Created,
    Configured,
    Unchanged,
}

impl Action {
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Configured => "configured",
            Action::Unchanged => "unchanged",
        }
    }
}

/// An error as the apiserver reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// `Error from server (NotFound): <resource> "<name>" not found`.
    NotFound { resource: String, name: String },
    /// `Error from server (AlreadyExists): <resource> "<name>" already exists`.
    AlreadyExists { resource: String, name: String },
    /// 422: `The <Kind> "<name>" is invalid: <causes>`.
    Invalid {
        kind: Kind,
        name: String,
        causes: Vec<String>,
    },
    /// `Error from server (BadRequest): <message>`.
    BadRequest(String),
    /// `Error from server (Forbidden): <message>`.
    Forbidden(String),
    /// A limit of the simulation (not of Kubernetes).
    Limit(String),
}

impl ApiError {
    /// kubectl's rendering.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            ApiError::NotFound { resource, name } => {
                format!(
                    "Error from server (NotFound): {}",
                    status::not_found(resource, name)
                )
            }
            ApiError::AlreadyExists { resource, name } => {
                format!("Error from server (AlreadyExists): {resource} \"{name}\" already exists")
            }
            ApiError::Invalid { kind, name, causes } => status::invalid(*kind, name, causes),
            ApiError::BadRequest(m) => format!("Error from server (BadRequest): {m}"),
            ApiError::Forbidden(m) => format!("Error from server (Forbidden): {m}"),
            ApiError::Limit(m) => format!("error: {m}"),
        }
    }
}

/// The plural resource name errors use: `pods`, `statefulsets.apps`.
#[must_use]
pub fn resource_name(kind: Kind) -> String {
    let plural = match kind {
        Kind::Namespace => "namespaces",
        Kind::StorageClass => "storageclasses",
        Kind::PersistentVolume => "persistentvolumes",
        Kind::ConfigMap => "configmaps",
        Kind::Service => "services",
        Kind::PersistentVolumeClaim => "persistentvolumeclaims",
        Kind::Pod => "pods",
        Kind::ReplicaSet => "replicasets",
        Kind::Deployment => "deployments",
        Kind::StatefulSet => "statefulsets",
        Kind::Stored(k) => k.row().plural,
    };
    match kind.api_version().split_once('/') {
        Some((group, _)) => format!("{plural}.{group}"),
        None => plural.to_string(),
    }
}

/// One object's result of an apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub kind: Kind,
    pub key: Key,
    pub result: Result<Action, ApiError>,
}

/// Where one request went and what came back.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The address connected to (a ClusterIP or a pod IP).
    pub connected: Option<Ipv4Addr>,
    /// The pod that answered.
    pub pod: Option<String>,
    pub pod_ip: Option<Ipv4Addr>,
    /// HTTP status, or `None` when the connection failed.
    pub status: Option<u16>,
    pub body: String,
    /// Why this pod (kube-proxy rule, DNS answer order, direct IP) or why it failed.
    pub why: crate::i18n::Msg,
    pub error: Option<NetError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetError {
    /// The name did not resolve.
    BadAddress,
    /// Nothing listens there, or a ClusterIP without endpoints (REJECT).
    ConnectionRefused,
    /// The address belongs to nothing (packets dropped).
    Timeout,
}

/// A DNS answer as seen from a pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// The name that answered (after the search path), if any.
    pub fqdn: Option<String>,
    /// Addresses in the order this answer gave them.
    pub addresses: Vec<Ipv4Addr>,
    /// An ExternalName Service's target.
    pub cname: Option<String>,
    pub tried: Vec<String>,
}

/// What a command returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Applied(Vec<Applied>),
    /// The object (and its UID) now being deleted or gone.
    Deleted {
        kind: Kind,
        key: Key,
        uid: String,
    },
    Done,
    Responses(Vec<Response>),
    Resolved(Lookup),
    /// A file operation inside a pod failed.
    FileFailed(super::files::FsError),
    Failed(ApiError),
}
