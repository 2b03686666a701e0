//! The PersistentVolume controller and minikube's hostpath provisioner (reference §7): a
//! pending claim binds to a matching Available volume, or its class's provisioner makes one;
//! a claim naming a missing class stays Pending and says why.

use crate::manifest::objects::{parse_quantity, Kind};

use super::Effect;
use crate::engine::cluster::{ClaimPhase, Cluster, Key, VolumePhase};
use crate::engine::trace::EventType;

pub const MINIKUBE_PROVISIONER: &str = "k8s.io/minikube-hostpath";
const SOURCE: &str = "persistentvolume-controller";

fn modes_cover(have: &[String], want: &[String]) -> bool {
    want.iter().all(|m| have.contains(m))
}

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
    let want = parse_quantity(&claim.request()).unwrap_or(0.0);
    // A volume named by the claim, or the smallest Available one that fits.
    let none_available = cluster.available_pvs == 0;
    let mut candidates: Vec<(f64, &str)> = cluster
        .pvs
        .values()
        .take(if none_available { 0 } else { usize::MAX })
        .filter(|pv| {
            pv.phase == VolumePhase::Available
                && pv.claim.is_none()
                && pv.meta.deleting.is_none()
                && pv.storage_class == class
                && modes_cover(&pv.access_modes, &claim.spec.access_modes)
                && claim
                    .spec
                    .volume_name
                    .as_deref()
                    .is_none_or(|n| n == pv.meta.name)
        })
        .filter_map(|pv| {
            let size = parse_quantity(&pv.capacity).unwrap_or(0.0);
            (size >= want).then_some((size, pv.meta.name.as_str()))
        })
        .collect();
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    if let Some((_, pv)) = candidates.first() {
        out.push(Effect::BindVolume {
            claim: key.clone(),
            volume: (*pv).to_string(),
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
