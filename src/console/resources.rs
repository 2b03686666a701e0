//! The resource types the console knows, and every way kubectl lets a learner name them
//! (`po`, `pod`, `pods`, `Pod`, `pods.v1.`, `statefulsets.apps`, `sts`, …).

use crate::manifest::objects::{Kind, StoredKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Res {
    Pods,
    Services,
    StatefulSets,
    Deployments,
    ReplicaSets,
    PersistentVolumeClaims,
    PersistentVolumes,
    StorageClasses,
    Endpoints,
    EndpointSlices,
    Events,
    Nodes,
    Namespaces,
    ConfigMaps,
    ControllerRevisions,
    /// A kind podplay stores and lists without simulating (a row of
    /// [`crate::manifest::kinds::KINDS`]).
    Stored(StoredKind),
}

impl Res {
    /// Every resource type: the ones podplay simulates or derives, then the stored kinds.
    pub fn all() -> impl Iterator<Item = Res> {
        Res::ALL
            .into_iter()
            .chain(StoredKind::all().map(Res::Stored))
    }

    pub const ALL: [Res; 15] = [
        Res::Pods,
        Res::Services,
        Res::StatefulSets,
        Res::Deployments,
        Res::ReplicaSets,
        Res::PersistentVolumeClaims,
        Res::PersistentVolumes,
        Res::StorageClasses,
        Res::Endpoints,
        Res::EndpointSlices,
        Res::Events,
        Res::Nodes,
        Res::Namespaces,
        Res::ConfigMaps,
        Res::ControllerRevisions,
    ];

    /// Plural resource name (`pods`), as in URLs and NotFound errors before the group.
    #[must_use]
    pub fn plural(self) -> &'static str {
        match self {
            Res::Pods => "pods",
            Res::Services => "services",
            Res::StatefulSets => "statefulsets",
            Res::Deployments => "deployments",
            Res::ReplicaSets => "replicasets",
            Res::PersistentVolumeClaims => "persistentvolumeclaims",
            Res::PersistentVolumes => "persistentvolumes",
            Res::StorageClasses => "storageclasses",
            Res::Endpoints => "endpoints",
            Res::EndpointSlices => "endpointslices",
            Res::Events => "events",
            Res::Nodes => "nodes",
            Res::Namespaces => "namespaces",
            Res::ConfigMaps => "configmaps",
            Res::ControllerRevisions => "controllerrevisions",
            Res::Stored(k) => k.row().plural,
        }
    }

    /// The API group (`""` for core).
    #[must_use]
    pub fn group(self) -> &'static str {
        match self {
            Res::StatefulSets | Res::Deployments | Res::ReplicaSets | Res::ControllerRevisions => {
                "apps"
            }
            Res::StorageClasses => "storage.k8s.io",
            Res::EndpointSlices => "discovery.k8s.io",
            Res::Stored(k) => k.group(),
            _ => "",
        }
    }

    #[must_use]
    pub fn kind_name(self) -> &'static str {
        match self {
            Res::Pods => "Pod",
            Res::Services => "Service",
            Res::StatefulSets => "StatefulSet",
            Res::Deployments => "Deployment",
            Res::ReplicaSets => "ReplicaSet",
            Res::PersistentVolumeClaims => "PersistentVolumeClaim",
            Res::PersistentVolumes => "PersistentVolume",
            Res::StorageClasses => "StorageClass",
            Res::Endpoints => "Endpoints",
            Res::EndpointSlices => "EndpointSlice",
            Res::Events => "Event",
            Res::Nodes => "Node",
            Res::Namespaces => "Namespace",
            Res::ConfigMaps => "ConfigMap",
            Res::ControllerRevisions => "ControllerRevision",
            Res::Stored(k) => k.row().kind,
        }
    }

    /// `pods`, `statefulsets.apps`: the resource as NotFound errors name it.
    #[must_use]
    pub fn qualified(self) -> String {
        if self.group().is_empty() {
            self.plural().to_string()
        } else {
            format!("{}.{}", self.plural(), self.group())
        }
    }

    /// `pod`, `statefulset.apps`: the prefix of `-o name` and of the name printer
    /// (`statefulset.apps/web created`), and of the delete printer (`statefulset.apps "web"`).
    #[must_use]
    pub fn singular_qualified(self) -> String {
        let kind = self.kind_name().to_ascii_lowercase();
        if self.group().is_empty() {
            kind
        } else {
            format!("{kind}.{}", self.group())
        }
    }

    #[must_use]
    pub fn namespaced(self) -> bool {
        match self {
            Res::PersistentVolumes | Res::StorageClasses | Res::Nodes | Res::Namespaces => false,
            Res::Stored(k) => k.row().namespaced,
            _ => true,
        }
    }

    /// The engine kind behind this resource, where the engine stores such objects.
    #[must_use]
    pub fn kind(self) -> Option<Kind> {
        Some(match self {
            Res::Pods => Kind::Pod,
            Res::Services => Kind::Service,
            Res::StatefulSets => Kind::StatefulSet,
            Res::Deployments => Kind::Deployment,
            Res::ReplicaSets => Kind::ReplicaSet,
            Res::PersistentVolumeClaims => Kind::PersistentVolumeClaim,
            Res::PersistentVolumes => Kind::PersistentVolume,
            Res::StorageClasses => Kind::StorageClass,
            Res::Namespaces => Kind::Namespace,
            Res::ConfigMaps => Kind::ConfigMap,
            Res::Stored(k) => Kind::Stored(k),
            _ => return None,
        })
    }

    #[must_use]
    pub fn of_kind(kind: Kind) -> Res {
        match kind {
            Kind::Pod => Res::Pods,
            Kind::Service => Res::Services,
            Kind::StatefulSet => Res::StatefulSets,
            Kind::Deployment => Res::Deployments,
            Kind::ReplicaSet => Res::ReplicaSets,
            Kind::PersistentVolumeClaim => Res::PersistentVolumeClaims,
            Kind::PersistentVolume => Res::PersistentVolumes,
            Kind::StorageClass => Res::StorageClasses,
            Kind::Namespace => Res::Namespaces,
            Kind::ConfigMap => Res::ConfigMaps,
            Kind::Stored(k) => Res::Stored(k),
        }
    }

    /// Short names kubectl's discovery lists (`kubectl api-resources`).
    #[must_use]
    pub fn short_names(self) -> &'static [&'static str] {
        match self {
            Res::Pods => &["po"],
            Res::Services => &["svc"],
            Res::StatefulSets => &["sts"],
            Res::Deployments => &["deploy"],
            Res::ReplicaSets => &["rs"],
            Res::PersistentVolumeClaims => &["pvc"],
            Res::PersistentVolumes => &["pv"],
            Res::StorageClasses => &["sc"],
            Res::Endpoints => &["ep"],
            Res::EndpointSlices => &[],
            Res::Events => &["ev"],
            Res::Nodes => &["no"],
            Res::Namespaces => &["ns"],
            Res::ConfigMaps => &["cm"],
            Res::ControllerRevisions => &[],
            Res::Stored(k) => k.row().short_names,
        }
    }

    /// The resource a learner's word names: plural, singular, short name or kind, any case,
    /// optionally qualified by its group (`statefulsets.apps`, `deploy.apps`) or version and
    /// group (`pods.v1.`). `None` means kubectl's `the server doesn't have a resource type`.
    #[must_use]
    pub fn resolve(word: &str) -> Option<Res> {
        let lower = word.to_ascii_lowercase();
        let (name, group) = match lower.split_once('.') {
            Some((n, rest)) => {
                // `pods.v1.` (version.group) or `statefulsets.apps` / `statefulsets.v1.apps`.
                let rest = rest.trim_end_matches('.');
                let group = match rest.split_once('.') {
                    Some((v, g))
                        if v.starts_with('v')
                            && v[1..].starts_with(|c: char| c.is_ascii_digit()) =>
                    {
                        g
                    }
                    _ if rest.starts_with('v')
                        && rest[1..].chars().all(|c| c.is_ascii_digit())
                        && rest.len() > 1 =>
                    {
                        ""
                    }
                    _ => rest,
                };
                (n.to_string(), Some(group.to_string()))
            }
            None => (lower, None),
        };
        Res::all().find(|r| {
            let names = name == r.plural()
                || name == r.kind_name().to_ascii_lowercase()
                || r.short_names().contains(&name.as_str());
            names && group.as_deref().is_none_or(|g| g == r.group())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_resource_resolves() {
        for w in ["po", "pod", "pods", "Pod", "PODS", "pods.v1.", "pod.v1"] {
            assert_eq!(Res::resolve(w), Some(Res::Pods), "{w}");
        }
        for w in [
            "sts",
            "statefulset",
            "statefulsets.apps",
            "statefulsets.v1.apps",
            "StatefulSet",
        ] {
            assert_eq!(Res::resolve(w), Some(Res::StatefulSets), "{w}");
        }
        assert_eq!(Res::resolve("deploy"), Some(Res::Deployments));
        assert_eq!(Res::resolve("ep"), Some(Res::Endpoints));
        assert_eq!(Res::resolve("podz"), None);
        assert_eq!(Res::resolve("pods.apps"), None);
        assert_eq!(Res::StatefulSets.qualified(), "statefulsets.apps");
        assert_eq!(Res::Pods.singular_qualified(), "pod");
        assert_eq!(Res::Deployments.singular_qualified(), "deployment.apps");
        let pdb = Res::resolve("pdb");
        assert_eq!(
            pdb.map(Res::qualified).as_deref(),
            Some("poddisruptionbudgets.policy")
        );
        assert_eq!(
            pdb.map(Res::singular_qualified).as_deref(),
            Some("poddisruptionbudget.policy")
        );
        for w in ["sa", "serviceaccount", "serviceaccounts", "ServiceAccount"] {
            assert_eq!(
                Res::resolve(w).map(Res::kind_name),
                Some("ServiceAccount"),
                "{w}"
            );
        }
        assert_eq!(
            Res::resolve("netpol").map(Res::kind_name),
            Some("NetworkPolicy")
        );
        assert_eq!(Res::resolve("ing").map(Res::kind_name), Some("Ingress"));
        assert_eq!(
            Res::resolve("hpa").map(Res::kind_name),
            Some("HorizontalPodAutoscaler")
        );
        assert_eq!(Res::resolve("secrets").map(Res::kind_name), Some("Secret"));
        assert_eq!(
            Res::resolve("cj.batch").map(Res::kind_name),
            Some("CronJob")
        );
        assert_eq!(Res::resolve("pdb.apps"), None);
    }
}
