//! Finding objects in the cluster the way kubectl names them: by resource type, namespace and
//! name, or all of a type (for `-l`, `--all`).

use crate::engine::cluster::Meta;
use crate::engine::{Cluster, Key};
use crate::manifest::objects::Kind;

/// The metadata of one object, if it exists.
#[must_use]
pub fn meta<'a>(c: &'a Cluster, kind: Kind, key: &Key) -> Option<&'a Meta> {
    match kind {
        Kind::Namespace => c.namespaces.get(&key.name).map(|o| &o.meta),
        Kind::StorageClass => c.storage_classes.get(&key.name).map(|o| &o.meta),
        Kind::PersistentVolume => c.pvs.get(&key.name).map(|o| &o.meta),
        Kind::ConfigMap => c.config_maps.get(key).map(|o| &o.meta),
        Kind::Service => c.services.get(key).map(|o| &o.meta),
        Kind::PersistentVolumeClaim => c.pvcs.get(key).map(|o| &o.meta),
        Kind::Pod => c.pods.get(key).map(|o| &o.meta),
        Kind::ReplicaSet => c.replica_sets.get(key).map(|o| &o.meta),
        Kind::Deployment => c.deployments.get(key).map(|o| &o.meta),
        Kind::StatefulSet => c.stateful_sets.get(key).map(|o| &o.meta),
    }
}

/// Every object of a kind, in one namespace (or all with `None`; cluster-scoped kinds ignore
/// it), in kubectl's order: by namespace, then name.
#[must_use]
pub fn list<'a>(c: &'a Cluster, kind: Kind, ns: Option<&str>) -> Vec<&'a Meta> {
    let all: Vec<&Meta> = match kind {
        Kind::Namespace => c.namespaces.values().map(|o| &o.meta).collect(),
        Kind::StorageClass => c.storage_classes.values().map(|o| &o.meta).collect(),
        Kind::PersistentVolume => c.pvs.values().map(|o| &o.meta).collect(),
        Kind::ConfigMap => c.config_maps.values().map(|o| &o.meta).collect(),
        Kind::Service => c.services.values().map(|o| &o.meta).collect(),
        Kind::PersistentVolumeClaim => c.pvcs.values().map(|o| &o.meta).collect(),
        Kind::Pod => c.pods.values().map(|o| &o.meta).collect(),
        Kind::ReplicaSet => c.replica_sets.values().map(|o| &o.meta).collect(),
        Kind::Deployment => c.deployments.values().map(|o| &o.meta).collect(),
        Kind::StatefulSet => c.stateful_sets.values().map(|o| &o.meta).collect(),
    };
    all.into_iter()
        .filter(|m| !kind.namespaced() || ns.is_none_or(|n| m.namespace == n))
        .collect()
}

/// The key of `name` of `kind` in namespace `ns` (cluster-scoped kinds have no namespace).
#[must_use]
pub fn key(kind: Kind, ns: &str, name: &str) -> Key {
    if kind.namespaced() {
        Key::new(ns, name)
    } else {
        Key::cluster(name)
    }
}
