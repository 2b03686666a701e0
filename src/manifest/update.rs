//! The apiserver's rules for changing an object that exists: which changes it rejects, and the
//! cause it gives. The engine's apply enforces them; the validator uses them to say what
//! applying an object defined twice will do.
//!
//! Causes are 1.34's (kubernetes/kubernetes:pkg/apis/apps/validation/validation.go
//! `ValidateStatefulSetUpdate`, `ValidateDeploymentUpdate` via `ValidateImmutableField`;
//! pkg/apis/core/validation/validation.go `ValidatePodUpdate`,
//! `ValidatePersistentVolumeClaimUpdate`, `ValidateServiceUpdate`; reference §1.10, §2, §4.3).

use super::objects::{self as m, Kind, Resource};

/// `ValidateStatefulSetUpdate`'s cause. Since `revisionHistoryLimit` became mutable the text
/// names it too (reference §1.10; kubernetes/kubernetes:pkg/apis/apps/validation/validation.go
/// as of 2025, read from the fork soltysh/kubernetes@0bd6134, which also lists the fields that
/// may change: replicas, template, updateStrategy, minReadySeconds, ordinals,
/// revisionHistoryLimit, persistentVolumeClaimRetentionPolicy).
pub const STATEFULSET_SPEC_FORBIDDEN: &str = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

pub const POD_SPEC_FORBIDDEN: &str = "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

pub const CLAIM_SPEC_FORBIDDEN: &str = "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

pub const STORAGECLASS_FORBIDDEN: &str =
    "parameters: Forbidden: updates to parameters are forbidden.";

fn claim_storage(spec: &m::PersistentVolumeClaimSpec) -> Option<&str> {
    spec.resources
        .as_ref()
        .and_then(|r| r.requests.get("storage"))
        .map(|q| q.0.as_str())
}

/// The cause the apiserver rejects changing `old` into `new` with (both defaulted, same kind
/// and name), or `None` when this rule lets the change through. `claim_bound` says whether a
/// PersistentVolumeClaim is bound: only a bound claim's storage request may change (whether
/// it may grow is then up to its class, which the caller checks).
///
/// A Service whose `new` leaves `clusterIP` out keeps the old one (the apiserver fills it in
/// before validating), so only a different written value is rejected.
#[must_use]
pub fn forbidden(old: &Resource, new: &Resource, claim_bound: bool) -> Option<String> {
    match (old, new) {
        (Resource::StatefulSet(old), Resource::StatefulSet(new)) => {
            let mut a = old.spec.clone();
            let mut b = new.spec.clone();
            for s in [&mut a, &mut b] {
                s.replicas = None;
                s.ordinals = None;
                s.template = m::PodTemplateSpec::default();
                s.update_strategy = None;
                s.persistent_volume_claim_retention_policy = None;
                s.min_ready_seconds = None;
                s.revision_history_limit = None;
            }
            (a != b).then(|| STATEFULSET_SPEC_FORBIDDEN.to_string())
        }
        (Resource::Deployment(old), Resource::Deployment(new)) => {
            (old.spec.selector != new.spec.selector).then(|| {
                let sel = serde_json::to_string(&new.spec.selector).unwrap_or_default();
                format!("spec.selector: Invalid value: {sel}: field is immutable")
            })
        }
        (Resource::Service(old), Resource::Service(new)) => match new.spec.cluster_ip.as_deref() {
            None | Some("") => None,
            Some(ip) if Some(ip) != old.spec.cluster_ip.as_deref() => Some(format!(
                "spec.clusterIPs[0]: Invalid value: [\"{ip}\"]: may not change once set"
            )),
            Some(_) => None,
        },
        (Resource::Pod(old), Resource::Pod(new)) => {
            let mut a = old.spec.clone();
            let mut b = new.spec.clone();
            for s in [&mut a, &mut b] {
                for c in &mut s.containers {
                    c.image = None;
                }
                s.node_name = None;
                s.hostname = None;
                s.subdomain = None;
                // The admission default: an unset service account is `default`.
                if s.service_account_name.as_deref() == Some("default") {
                    s.service_account_name = None;
                }
            }
            (a != b).then(|| POD_SPEC_FORBIDDEN.to_string())
        }
        (Resource::PersistentVolumeClaim(old), Resource::PersistentVolumeClaim(new)) => {
            let mut a = old.spec.clone();
            let mut b = new.spec.clone();
            a.resources = None;
            b.resources = None;
            b.volume_name.clone_from(&a.volume_name);
            let request_changed = claim_storage(&old.spec) != claim_storage(&new.spec);
            (a != b || (request_changed && !claim_bound)).then(|| CLAIM_SPEC_FORBIDDEN.to_string())
        }
        (_, Resource::StorageClass(_)) => Some(STORAGECLASS_FORBIDDEN.to_string()),
        _ => None,
    }
}

/// `statefulset.apps/web`: how kubectl names an object in `apply` output.
#[must_use]
pub fn slash_name(kind: Kind, name: &str) -> String {
    format!("{}/{name}", kind.qualified().to_ascii_lowercase())
}
