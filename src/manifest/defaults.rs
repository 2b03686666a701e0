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

fn set<T>(slot: &mut Option<T>, value: T) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// Fills in defaults. Which fields came from defaults is found later by comparing with the
/// text ([`super::effective`]), so nothing is recorded here.
pub fn apply(resource: &mut Resource) {
    let kind = resource.kind();
    match resource {
        Resource::Namespace(_) | Resource::ConfigMap(_) => {}
        Resource::Stored(o) => super::kinds::fill_defaults(o),
        Resource::StorageClass(sc) => {
            set(&mut sc.reclaim_policy, "Delete".into());
            set(&mut sc.volume_binding_mode, "Immediate".into());
        }
        Resource::PersistentVolume(pv) => {
            set(
                &mut pv.spec.persistent_volume_reclaim_policy,
                "Retain".into(),
            );
            set(&mut pv.spec.volume_mode, "Filesystem".into());
        }
        Resource::Service(svc) => {
            let spec = &mut svc.spec;
            set(&mut spec.type_, "ClusterIP".into());
            set(&mut spec.session_affinity, "None".into());
            if spec.session_affinity.as_deref() == Some("ClientIP") {
                let cfg = spec
                    .session_affinity_config
                    .get_or_insert_with(Default::default);
                let client = cfg.client_ip.get_or_insert_with(Default::default);
                set(&mut client.timeout_seconds, 10_800);
            }
            if spec.type_.as_deref() != Some("ExternalName") {
                set(&mut spec.internal_traffic_policy, "Cluster".into());
                set(&mut spec.ip_family_policy, "SingleStack".into());
                if spec.ip_families.is_empty() {
                    spec.ip_families.push("IPv4".into());
                }
            }
            if matches!(spec.type_.as_deref(), Some("NodePort" | "LoadBalancer")) {
                set(&mut spec.external_traffic_policy, "Cluster".into());
            }
            if spec.cluster_ips.is_empty() {
                if let Some(ip) = spec.cluster_ip.clone().filter(|ip| !ip.is_empty()) {
                    spec.cluster_ips.push(ip);
                }
            }
            for port in &mut spec.ports {
                set(&mut port.protocol, "TCP".into());
                let unset = match &port.target_port {
                    None => true,
                    Some(IntOrString::Int(0)) => true,
                    Some(IntOrString::Str(s)) => s.is_empty(),
                    Some(IntOrString::Int(_)) => false,
                };
                if unset {
                    port.target_port = Some(IntOrString::Int(port.port));
                }
            }
        }
        Resource::PersistentVolumeClaim(pvc) => {
            pvc_spec(&mut pvc.spec);
            set(
                &mut pvc.spec.storage_class_name,
                DEFAULT_STORAGE_CLASS.into(),
            );
        }
        Resource::Pod(pod) => {
            pod_spec(&mut pod.spec);
            set(&mut pod.spec.service_account_name, "default".into());
        }
        Resource::ReplicaSet(rs) => {
            set(&mut rs.spec.replicas, 1);
            template(&mut rs.spec.template);
        }
        Resource::Deployment(d) => {
            let spec = &mut d.spec;
            set(&mut spec.replicas, 1);
            let strategy = spec
                .strategy
                .get_or_insert_with(DeploymentStrategy::default);
            set(&mut strategy.type_, "RollingUpdate".into());
            if strategy.type_.as_deref() == Some("RollingUpdate") {
                let ru = strategy
                    .rolling_update
                    .get_or_insert_with(RollingUpdateDeployment::default);
                set(&mut ru.max_unavailable, IntOrString::Str("25%".into()));
                set(&mut ru.max_surge, IntOrString::Str("25%".into()));
            }
            set(&mut spec.revision_history_limit, 10);
            set(&mut spec.progress_deadline_seconds, 600);
            template(&mut spec.template);
        }
        Resource::StatefulSet(s) => {
            let spec = &mut s.spec;
            set(&mut spec.replicas, 1);
            set(&mut spec.pod_management_policy, "OrderedReady".into());
            let strategy = spec
                .update_strategy
                .get_or_insert_with(StatefulSetUpdateStrategy::default);
            set(&mut strategy.type_, "RollingUpdate".into());
            if strategy.type_.as_deref() == Some("RollingUpdate") {
                let ru = strategy
                    .rolling_update
                    .get_or_insert_with(RollingUpdateStatefulSetStrategy::default);
                set(&mut ru.partition, 0);
            }
            let policy = spec
                .persistent_volume_claim_retention_policy
                .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
            set(&mut policy.when_deleted, "Retain".into());
            set(&mut policy.when_scaled, "Retain".into());
            set(&mut spec.revision_history_limit, 10);
            template(&mut spec.template);
            for claim in &mut spec.volume_claim_templates {
                pvc_spec(&mut claim.spec);
            }
        }
    }
    if kind.namespaced() {
        namespace(resource.metadata_mut());
    }
}

fn namespace(meta: &mut ObjectMeta) {
    let empty = meta.namespace.as_deref().is_none_or(str::is_empty);
    if empty {
        meta.namespace = Some("default".into());
    }
}

/// A pod template's defaults (those of its pod spec).
pub fn template(t: &mut PodTemplateSpec) {
    pod_spec(&mut t.spec);
}

fn pvc_spec(spec: &mut PersistentVolumeClaimSpec) {
    set(&mut spec.volume_mode, "Filesystem".into());
}

fn pod_spec(spec: &mut PodSpec) {
    set(&mut spec.restart_policy, "Always".into());
    set(&mut spec.termination_grace_period_seconds, 30);
    set(&mut spec.dns_policy, "ClusterFirst".into());
    set(&mut spec.scheduler_name, "default-scheduler".into());
    set(&mut spec.enable_service_links, true);
    set(
        &mut spec.security_context,
        serde_json::Value::Object(serde_json::Map::new()),
    );
    for c in spec
        .init_containers
        .iter_mut()
        .chain(spec.containers.iter_mut())
    {
        container(c);
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

fn container(c: &mut Container) {
    if let Some(image) = c.image.clone() {
        set(&mut c.image_pull_policy, image_pull_policy(&image).into());
    }
    set(
        &mut c.termination_message_path,
        "/dev/termination-log".into(),
    );
    set(&mut c.termination_message_policy, "File".into());
    for probe in [
        &mut c.liveness_probe,
        &mut c.readiness_probe,
        &mut c.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        // SetDefaults_Probe and SetDefaults_HTTPGetAction.
        set(&mut probe.timeout_seconds, 1);
        set(&mut probe.period_seconds, 10);
        set(&mut probe.success_threshold, 1);
        set(&mut probe.failure_threshold, 3);
        if let Some(get) = &mut probe.http_get {
            set(&mut get.path, "/".into());
            set(&mut get.scheme, "HTTP".into());
        }
    }
    for p in &mut c.ports {
        set(&mut p.protocol, "TCP".into());
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
