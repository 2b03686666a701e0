//! The PersistentVolume controller and minikube's hostpath provisioner (reference §7): a
//! pending claim binds to a matching Available volume, or its class's provisioner makes one;
//! a claim naming a missing class stays Pending and says why.

use crate::manifest::binding::{self, VolumeOffer};
use crate::manifest::objects::Kind;

use super::Effect;
use crate::engine::cluster::{ClaimPhase, Cluster, Key, VolumePhase};
use crate::engine::trace::EventType;

pub const MINIKUBE_PROVISIONER: &str = "k8s.io/minikube-hostpath";
const SOURCE: &str = "persistentvolume-controller";

/// One sync of the claim `key`.
#[must_use]
pub fn sync(cluster: &Cluster, key: &Key) -> Vec<Effect> {
    let mut out = Vec::new();
    let Some(claim) = cluster.pvcs.get(key) else {
        return out;
    };
    if claim.phase != ClaimPhase::Pending || claim.meta.deleting.is_some() {
        return out;
    }
    let class = claim.spec.storage_class_name.clone().unwrap_or_default();
    // A volume named by the claim, or the smallest Available one that fits (the rule the
    // validator predicts with, so both agree on which claims bind).
    let none_available = cluster.available_pvs() == 0;
    let offers = cluster
        .pvs
        .values()
        .take(if none_available { 0 } else { usize::MAX })
        .filter(|pv| {
            pv.phase == VolumePhase::Available && pv.claim.is_none() && pv.meta.deleting.is_none()
        })
        .map(|pv| VolumeOffer {
            name: &pv.meta.name,
            class: &pv.storage_class,
            access_modes: &pv.access_modes,
            capacity: &pv.capacity,
            labels: &pv.meta.labels,
        });
    if let Some(pv) = binding::best(&claim.spec, offers) {
        out.push(Effect::BindVolume {
            claim: key.clone(),
            volume: pv.to_string(),
        });
        return out;
    }
    if claim.spec.volume_name.is_some() {
        return out;
    }
    let problem = |out: &mut Vec<Effect>, type_, reason, message: String| {
        if claim.last_problem.as_deref() != Some(message.as_str()) {
            out.push(Effect::event(
                type_,
                Kind::PersistentVolumeClaim,
                key,
                &claim.meta.uid,
                reason,
                message,
                SOURCE,
            ));
        }
    };
    if class.is_empty() {
        problem(
            &mut out,
            EventType::Normal,
            "FailedBinding",
            "no persistent volumes available for this claim and no storage class is set".into(),
        );
        return out;
    }
    let Some(sc) = cluster.storage_classes.get(&class) else {
        problem(
            &mut out,
            EventType::Warning,
            "ProvisioningFailed",
            format!("storageclass.storage.k8s.io \"{class}\" not found"),
        );
        return out;
    };
    if sc.binding_mode == "WaitForFirstConsumer" {
        let consumer_scheduled = cluster.pods.values().any(|p| {
            p.meta.namespace == key.namespace
                && p.status.scheduled_at.is_some()
                && p.claim_names().contains(&key.name.as_str())
        });
        if !consumer_scheduled {
            problem(
                &mut out,
                EventType::Normal,
                "WaitForFirstConsumer",
                "waiting for first consumer to be created before binding".into(),
            );
            return out;
        }
    }
    problem(
        &mut out,
        EventType::Normal,
        "ExternalProvisioning",
        format!(
            "Waiting for a volume to be created either by the external provisioner '{}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
            sc.provisioner
        ),
    );
    if sc.provisioner == MINIKUBE_PROVISIONER {
        out.push(Effect::Provision { claim: key.clone() });
    }
    out
}
