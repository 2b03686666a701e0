//! Defaulting as the apiserver does it on create (`SetDefaults_*` in
//! `k/k@1.28:pkg/apis/{apps,core}/v1/defaults.go`, unchanged through 1.34, plus the admission
//! plugins minikube runs: DefaultStorageClass and ServiceAccount). Every value filled in is
//! recorded by its field path, so the UI can mark it as a default.

use super::objects::{
    Container, DeploymentStrategy, IntOrString, ObjectMeta, PersistentVolumeClaimSpec, PodSpec,
    PodTemplateSpec, Resource, RollingUpdateDeployment, RollingUpdateStatefulSetStrategy,
    StatefulSetPersistentVolumeClaimRetentionPolicy, StatefulSetUpdateStrategy,
};

/// minikube's default StorageClass.
pub const DEFAULT_STORAGE_CLASS: &str = "standard";

struct Rec {
    paths: Vec<String>,
}

impl Rec {
    fn set<T>(&mut self, slot: &mut Option<T>, value: T, path: impl Into<String>) {
        if slot.is_none() {
            *slot = Some(value);
            self.paths.push(path.into());
        }
    }
}

/// Fills in defaults; returns the paths of the fields it filled.
pub fn apply(resource: &mut Resource) -> Vec<String> {
    let mut rec = Rec { paths: Vec::new() };
    let kind = resource.kind();
    match resource {
        Resource::Namespace(_) | Resource::ConfigMap(_) => {}
        Resource::StorageClass(sc) => {
            rec.set(&mut sc.reclaim_policy, "Delete".into(), "reclaimPolicy");
            rec.set(
                &mut sc.volume_binding_mode,
                "Immediate".into(),
                "volumeBindingMode",
            );
        }
        Resource::PersistentVolume(pv) => {
            rec.set(
                &mut pv.spec.persistent_volume_reclaim_policy,
                "Retain".into(),
                "spec.persistentVolumeReclaimPolicy",
            );
            rec.set(
                &mut pv.spec.volume_mode,
                "Filesystem".into(),
                "spec.volumeMode",
            );
        }
        Resource::Service(svc) => {
            let spec = &mut svc.spec;
            rec.set(&mut spec.type_, "ClusterIP".into(), "spec.type");
            rec.set(
                &mut spec.session_affinity,
                "None".into(),
                "spec.sessionAffinity",
            );
            if spec.session_affinity.as_deref() == Some("ClientIP") {
                let cfg = spec
                    .session_affinity_config
                    .get_or_insert_with(Default::default);
                let client = cfg.client_ip.get_or_insert_with(Default::default);
                rec.set(
                    &mut client.timeout_seconds,
                    10_800,
                    "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                );
            }
            if spec.type_.as_deref() != Some("ExternalName") {
                rec.set(
                    &mut spec.internal_traffic_policy,
                    "Cluster".into(),
                    "spec.internalTrafficPolicy",
                );
                rec.set(
                    &mut spec.ip_family_policy,
                    "SingleStack".into(),
                    "spec.ipFamilyPolicy",
                );
                if spec.ip_families.is_empty() {
                    spec.ip_families.push("IPv4".into());
                    rec.paths.push("spec.ipFamilies".into());
                }
            }
            if matches!(spec.type_.as_deref(), Some("NodePort" | "LoadBalancer")) {
                rec.set(
                    &mut spec.external_traffic_policy,
                    "Cluster".into(),
                    "spec.externalTrafficPolicy",
                );
            }
            if spec.cluster_ips.is_empty() {
                if let Some(ip) = spec.cluster_ip.clone().filter(|ip| !ip.is_empty()) {
                    spec.cluster_ips.push(ip);
                    rec.paths.push("spec.clusterIPs".into());
                }
            }
            for (i, port) in spec.ports.iter_mut().enumerate() {
                rec.set(
                    &mut port.protocol,
                    "TCP".into(),
                    format!("spec.ports[{i}].protocol"),
                );
                let unset = match &port.target_port {
                    None => true,
                    Some(IntOrString::Int(0)) => true,
                    Some(IntOrString::Str(s)) => s.is_empty(),
                    Some(IntOrString::Int(_)) => false,
                };
                if unset {
                    port.target_port = Some(IntOrString::Int(port.port));
                    rec.paths.push(format!("spec.ports[{i}].targetPort"));
                }
            }
        }
        Resource::PersistentVolumeClaim(pvc) => {
            pvc_spec(&mut rec, &mut pvc.spec, "spec");
            rec.set(
                &mut pvc.spec.storage_class_name,
                DEFAULT_STORAGE_CLASS.into(),
                "spec.storageClassName",
            );
        }
        Resource::Pod(pod) => {
            pod_spec(&mut rec, &mut pod.spec, "spec");
            rec.set(
                &mut pod.spec.service_account_name,
                "default".into(),
                "spec.serviceAccountName",
            );
        }
        Resource::ReplicaSet(rs) => {
            rec.set(&mut rs.spec.replicas, 1, "spec.replicas");
            template(&mut rec, &mut rs.spec.template);
        }
        Resource::Deployment(d) => {
            let spec = &mut d.spec;
            rec.set(&mut spec.replicas, 1, "spec.replicas");
            let strategy = spec
                .strategy
                .get_or_insert_with(DeploymentStrategy::default);
            rec.set(
                &mut strategy.type_,
                "RollingUpdate".into(),
                "spec.strategy.type",
            );
            if strategy.type_.as_deref() == Some("RollingUpdate") {
                let ru = strategy
                    .rolling_update
                    .get_or_insert_with(RollingUpdateDeployment::default);
                rec.set(
                    &mut ru.max_unavailable,
                    IntOrString::Str("25%".into()),
                    "spec.strategy.rollingUpdate.maxUnavailable",
                );
                rec.set(
                    &mut ru.max_surge,
                    IntOrString::Str("25%".into()),
                    "spec.strategy.rollingUpdate.maxSurge",
                );
            }
            rec.set(
                &mut spec.revision_history_limit,
                10,
                "spec.revisionHistoryLimit",
            );
            rec.set(
                &mut spec.progress_deadline_seconds,
                600,
                "spec.progressDeadlineSeconds",
            );
            template(&mut rec, &mut spec.template);
        }
        Resource::StatefulSet(s) => {
            let spec = &mut s.spec;
            rec.set(&mut spec.replicas, 1, "spec.replicas");
            rec.set(
                &mut spec.pod_management_policy,
                "OrderedReady".into(),
                "spec.podManagementPolicy",
            );
            let strategy = spec
                .update_strategy
                .get_or_insert_with(StatefulSetUpdateStrategy::default);
            rec.set(
                &mut strategy.type_,
                "RollingUpdate".into(),
                "spec.updateStrategy.type",
            );
            if strategy.type_.as_deref() == Some("RollingUpdate") {
                let ru = strategy
                    .rolling_update
                    .get_or_insert_with(RollingUpdateStatefulSetStrategy::default);
                rec.set(
                    &mut ru.partition,
                    0,
                    "spec.updateStrategy.rollingUpdate.partition",
                );
            }
            let policy = spec
                .persistent_volume_claim_retention_policy
                .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
            rec.set(
                &mut policy.when_deleted,
                "Retain".into(),
                "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
            );
            rec.set(
                &mut policy.when_scaled,
                "Retain".into(),
                "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
            );
            rec.set(
                &mut spec.revision_history_limit,
                10,
                "spec.revisionHistoryLimit",
            );
            template(&mut rec, &mut spec.template);
            for (i, claim) in spec.volume_claim_templates.iter_mut().enumerate() {
                pvc_spec(
                    &mut rec,
                    &mut claim.spec,
                    &format!("spec.volumeClaimTemplates[{i}].spec"),
                );
            }
        }
    }
    if kind.namespaced() {
        namespace(&mut rec, resource_meta_mut(resource));
    }
    rec.paths
}

fn resource_meta_mut(resource: &mut Resource) -> &mut ObjectMeta {
    match resource {
        Resource::Namespace(o) => &mut o.metadata,
        Resource::StorageClass(o) => &mut o.metadata,
        Resource::PersistentVolume(o) => &mut o.metadata,
        Resource::ConfigMap(o) => &mut o.metadata,
        Resource::Service(o) => &mut o.metadata,
        Resource::PersistentVolumeClaim(o) => &mut o.metadata,
        Resource::Pod(o) => &mut o.metadata,
        Resource::ReplicaSet(o) => &mut o.metadata,
        Resource::Deployment(o) => &mut o.metadata,
        Resource::StatefulSet(o) => &mut o.metadata,
    }
}

fn namespace(rec: &mut Rec, meta: &mut ObjectMeta) {
    let empty = meta.namespace.as_deref().is_none_or(str::is_empty);
    if empty {
        meta.namespace = Some("default".into());
        rec.paths.push("metadata.namespace".into());
    }
}

fn template(rec: &mut Rec, t: &mut PodTemplateSpec) {
    pod_spec(rec, &mut t.spec, "spec.template.spec");
}

fn pvc_spec(rec: &mut Rec, spec: &mut PersistentVolumeClaimSpec, prefix: &str) {
    rec.set(
        &mut spec.volume_mode,
        "Filesystem".into(),
        format!("{prefix}.volumeMode"),
    );
}

fn pod_spec(rec: &mut Rec, spec: &mut PodSpec, prefix: &str) {
    rec.set(
        &mut spec.restart_policy,
        "Always".into(),
        format!("{prefix}.restartPolicy"),
    );
    rec.set(
        &mut spec.termination_grace_period_seconds,
        30,
        format!("{prefix}.terminationGracePeriodSeconds"),
    );
    rec.set(
        &mut spec.dns_policy,
        "ClusterFirst".into(),
        format!("{prefix}.dnsPolicy"),
    );
    rec.set(
        &mut spec.scheduler_name,
        "default-scheduler".into(),
        format!("{prefix}.schedulerName"),
    );
    rec.set(
        &mut spec.enable_service_links,
        true,
        format!("{prefix}.enableServiceLinks"),
    );
    rec.set(
        &mut spec.security_context,
        serde_json::Value::Object(serde_json::Map::new()),
        format!("{prefix}.securityContext"),
    );
    for (i, c) in spec.init_containers.iter_mut().enumerate() {
        container(rec, c, &format!("{prefix}.initContainers[{i}]"));
    }
    for (i, c) in spec.containers.iter_mut().enumerate() {
        container(rec, c, &format!("{prefix}.containers[{i}]"));
    }
}

/// `imagePullPolicy`: Always for `:latest` or untagged images, else IfNotPresent
/// (`SetDefaults_Container`).
#[must_use]
pub fn image_pull_policy(image: &str) -> &'static str {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    match last.split_once(':') {
        Some((_, "latest")) | None if !image.contains('@') => "Always",
        _ => "IfNotPresent",
    }
}

fn container(rec: &mut Rec, c: &mut Container, prefix: &str) {
    if let Some(image) = c.image.clone() {
        rec.set(
            &mut c.image_pull_policy,
            image_pull_policy(&image).into(),
            format!("{prefix}.imagePullPolicy"),
        );
    }
    rec.set(
        &mut c.termination_message_path,
        "/dev/termination-log".into(),
        format!("{prefix}.terminationMessagePath"),
    );
    rec.set(
        &mut c.termination_message_policy,
        "File".into(),
        format!("{prefix}.terminationMessagePolicy"),
    );
    for (i, p) in c.ports.iter_mut().enumerate() {
        rec.set(
            &mut p.protocol,
            "TCP".into(),
            format!("{prefix}.ports[{i}].protocol"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_follows_the_tag() {
        // Pins SetDefaults_Container's imagePullPolicy rule.
        assert_eq!(image_pull_policy("nginx:1.19.0"), "IfNotPresent");
        assert_eq!(image_pull_policy("nginx"), "Always");
        assert_eq!(image_pull_policy("nginx:latest"), "Always");
        assert_eq!(image_pull_policy("registry:5000/nginx"), "Always");
        assert_eq!(image_pull_policy("nginx@sha256:abc"), "IfNotPresent");
    }
}
