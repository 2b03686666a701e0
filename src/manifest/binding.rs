//! Which PersistentVolume a claim binds to without a provisioner: the one rule the engine's
//! PersistentVolume controller binds by and the validator predicts with.
//!
//! After `FindMatchingVolume`
//! (kubernetes/kubernetes:staging/src/k8s.io/component-helpers/storage/volume/pv_helpers.go):
//! a volume fits a claim when it has the claim's class, offers every access mode the claim asks
//! for, holds at least the requested storage, has labels the claim's selector (if any) accepts,
//! and is the volume the claim names in `volumeName` (if it names one). Among the volumes that
//! fit, the smallest wins; podplay breaks ties by name so the choice is deterministic.

use super::objects::{parse_quantity, PersistentVolumeClaimSpec, StrMap};

/// What the binder needs to know of a volume that is free to bind.
#[derive(Debug, Clone, Copy)]
pub struct VolumeOffer<'a> {
    pub name: &'a str,
    /// `spec.storageClassName`, empty when unset.
    pub class: &'a str,
    pub access_modes: &'a [String],
    /// `spec.capacity.storage` as written (`10Gi`).
    pub capacity: &'a str,
    pub labels: &'a StrMap,
}

/// The claim's storage request, in bytes (0 when it asks for none).
#[must_use]
pub fn requested_bytes(claim: &PersistentVolumeClaimSpec) -> f64 {
    claim
        .resources
        .as_ref()
        .and_then(|r| r.requests.get("storage"))
        .and_then(|q| parse_quantity(&q.0))
        .unwrap_or(0.0)
}

/// The volume's size in bytes when it can bind `claim`, `None` when it cannot.
#[must_use]
pub fn fits(claim: &PersistentVolumeClaimSpec, pv: &VolumeOffer<'_>) -> Option<f64> {
    let class = claim.storage_class_name.as_deref().unwrap_or("");
    let modes_covered = claim
        .access_modes
        .iter()
        .all(|m| pv.access_modes.contains(m));
    let named = claim.volume_name.as_deref().is_none_or(|n| n == pv.name);
    let selected = claim.selector.as_ref().is_none_or(|s| s.matches(pv.labels));
    let size = parse_quantity(pv.capacity).unwrap_or(0.0);
    (pv.class == class && modes_covered && named && selected && size >= requested_bytes(claim))
        .then_some(size)
}

/// The name of the volume `claim` binds to among `offers`: the smallest that fits, then the
/// first by name.
#[must_use]
pub fn best<'a>(
    claim: &PersistentVolumeClaimSpec,
    offers: impl IntoIterator<Item = VolumeOffer<'a>>,
) -> Option<&'a str> {
    offers
        .into_iter()
        .filter_map(|pv| fits(claim, &pv).map(|size| (size, pv.name)))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::objects::{LabelSelector, Quantity, VolumeResourceRequirements};

    fn claim(class: &str, size: &str) -> PersistentVolumeClaimSpec {
        let mut resources = VolumeResourceRequirements::default();
        resources
            .requests
            .insert("storage".into(), Quantity(size.into()));
        PersistentVolumeClaimSpec {
            access_modes: vec!["ReadWriteOnce".into()],
            resources: Some(resources),
            storage_class_name: Some(class.into()),
            ..PersistentVolumeClaimSpec::default()
        }
    }

    #[test]
    fn the_smallest_volume_of_the_class_that_holds_the_request_wins() {
        // Pins class, capacity and access modes, and the smallest-first choice.
        let rwo = ["ReadWriteOnce".to_string()];
        let rox = ["ReadOnlyMany".to_string()];
        let none = StrMap::new();
        let offer = |name, class, modes, capacity| VolumeOffer {
            name,
            class,
            access_modes: modes,
            capacity,
            labels: &none,
        };
        let offers = [
            offer("big", "manual", &rwo[..], "10Gi"),
            offer("small", "manual", &rwo[..], "5Gi"),
            offer("tiny", "manual", &rwo[..], "1Gi"),
            offer("other-class", "fast", &rwo[..], "3Gi"),
            offer("read-only", "manual", &rox[..], "3Gi"),
        ];
        assert_eq!(best(&claim("manual", "3Gi"), offers), Some("small"));
        assert_eq!(best(&claim("manual", "20Gi"), offers), None);
        let mut named = claim("manual", "3Gi");
        named.volume_name = Some("big".into());
        assert_eq!(best(&named, offers), Some("big"));
    }

    #[test]
    fn a_selector_only_accepts_volumes_with_its_labels() {
        // Pins that the claim's selector filters volumes by their labels.
        let rwo = ["ReadWriteOnce".to_string()];
        let mut local = StrMap::new();
        local.insert("type".into(), "local".into());
        let none = StrMap::new();
        let pv = |labels| VolumeOffer {
            name: "pv",
            class: "manual",
            access_modes: &rwo,
            capacity: "10Gi",
            labels,
        };
        let mut c = claim("manual", "1Gi");
        let mut sel = LabelSelector::default();
        sel.match_labels.insert("type".into(), "local".into());
        c.selector = Some(sel);
        assert!(fits(&c, &pv(&local)).is_some());
        assert!(fits(&c, &pv(&none)).is_none());
    }
}
