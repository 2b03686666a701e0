//! What the apiserver rejects, per kind, with its field paths and words
//! (`k/k:pkg/apis/{apps,core}/validation/validation.go`; reference §1.10, §2.6, §4, §10).
//! Bad values print as JSON, as 1.34 prints them.
//!
//! StatefulSets are special: the apiserver does not validate their pod template, so template
//! problems do not reject the StatefulSet — they make every pod creation fail later. Those are
//! returned apart, as `pod_failures`, with the path the Pod error would name.

use std::collections::BTreeSet;

mod scheduling;

use super::names;
use super::objects::{
    json_str, Container, DeploymentSpec, IntOrString, LabelSelector, ObjectMeta,
    PersistentVolumeClaimSpec, PodSpec, PodTemplateSpec, Resource, ServiceSpec, StatefulSetSpec,
    StrMap,
};
use crate::i18n::Msg;

/// One field error: `path` is what the message names; `at` is where to point, when that is
/// more precise than `path` (a label key inside `metadata.labels`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub path: String,
    pub at: Option<String>,
    pub msg: Msg,
}

impl FieldError {
    /// The path to point at in the source.
    #[must_use]
    pub fn position_path(&self) -> &str {
        self.at.as_deref().unwrap_or(&self.path)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    pub errors: Vec<FieldError>,
    pub pod_failures: Vec<FieldError>,
}

#[derive(Default)]
struct Errs(Vec<FieldError>);

impl Errs {
    fn push(&mut self, path: &str, msg: Msg) {
        self.0.push(FieldError {
            path: path.to_string(),
            at: None,
            msg,
        });
    }

    fn push_at(&mut self, path: &str, at: String, msg: Msg) {
        self.0.push(FieldError {
            path: path.to_string(),
            at: Some(at),
            msg,
        });
    }

    fn required(&mut self, path: &str) {
        self.push(path, Msg::new("fe.required").text(path));
    }

    fn required_detail(&mut self, path: &str, detail: Msg) {
        self.push(path, Msg::new("fe.required.detail").text(path).msg(detail));
    }

    fn invalid(&mut self, path: &str, value: String, detail: Msg) {
        self.push(
            path,
            Msg::new("fe.invalid").text(path).text(value).msg(detail),
        );
    }

    fn unsupported(&mut self, path: &str, value: &str, supported: &[&str]) {
        let list = supported
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ");
        self.push(
            path,
            Msg::new("fe.unsupported")
                .text(path)
                .text(json_str(value))
                .text(list),
        );
    }

    fn duplicate(&mut self, path: &str, value: String) {
        self.push(path, Msg::new("fe.duplicate").text(path).text(value));
    }

    fn forbidden(&mut self, path: &str, detail: Msg) {
        self.push(path, Msg::new("fe.forbidden").text(path).msg(detail));
    }

    fn not_found(&mut self, path: &str, value: String) {
        self.push(path, Msg::new("fe.notfound").text(path).text(value));
    }

    fn name_rule(&mut self, path: &str, value: &str, details: Vec<Msg>) {
        for d in details {
            self.invalid(path, json_str(value), d);
        }
    }

    fn gte0(&mut self, path: &str, v: Option<i64>) {
        if let Some(v) = v.filter(|v| *v < 0) {
            self.invalid(path, v.to_string(), Msg::new("d.gte0"));
        }
    }
}

/// Which name rule a kind's `metadata.name` follows.
#[derive(Clone, Copy)]
enum NameRule {
    Label,
    Subdomain,
    Dns1035,
}

/// Validates one object as the apiserver would on create.
#[must_use]
pub fn validate(resource: &Resource) -> Checked {
    let mut e = Errs::default();
    let mut pod_failures = Vec::new();
    let rule = match resource {
        Resource::Namespace(_) | Resource::StatefulSet(_) => NameRule::Label,
        Resource::Service(_) => NameRule::Dns1035,
        _ => NameRule::Subdomain,
    };
    object_meta(
        &mut e,
        resource.metadata(),
        rule,
        resource.kind().namespaced(),
    );
    match resource {
        Resource::Namespace(_) => {}
        Resource::Stored(o) => stored(&mut e, o),
        Resource::ConfigMap(cm) => {
            for key in cm.data.keys().chain(cm.binary_data.keys()) {
                for d in names::config_key(key) {
                    let path = format!("data[{key}]");
                    e.invalid(&path, json_str(key), d);
                }
            }
        }
        Resource::StorageClass(sc) => {
            if sc.provisioner.is_empty() {
                e.required("provisioner");
            }
            one_of(
                &mut e,
                "reclaimPolicy",
                sc.reclaim_policy.as_deref(),
                &["Delete", "Retain"],
            );
            one_of(
                &mut e,
                "volumeBindingMode",
                sc.volume_binding_mode.as_deref(),
                &["Immediate", "WaitForFirstConsumer"],
            );
        }
        Resource::PersistentVolume(pv) => {
            if pv.spec.capacity.is_empty() {
                e.required("spec.capacity");
            }
            for (k, q) in &pv.spec.capacity {
                quantity(&mut e, &format!("spec.capacity[{k}]"), &q.0);
            }
            access_modes(&mut e, "spec.accessModes", &pv.spec.access_modes);
            if !pv.spec.has_source() {
                e.required_detail("spec", Msg::new("d.volume.source"));
            }
            one_of(
                &mut e,
                "spec.persistentVolumeReclaimPolicy",
                pv.spec.persistent_volume_reclaim_policy.as_deref(),
                &["Delete", "Recycle", "Retain"],
            );
        }
        Resource::PersistentVolumeClaim(pvc) => pvc_spec(&mut e, "spec", &pvc.spec),
        Resource::Service(svc) => service(&mut e, &svc.spec),
        Resource::Pod(pod) => {
            pod_spec(&mut e, "spec", &pod.spec, &BTreeSet::new());
            one_of(
                &mut e,
                "spec.restartPolicy",
                pod.spec.restart_policy.as_deref(),
                &["Always", "OnFailure", "Never"],
            );
        }
        Resource::ReplicaSet(rs) => {
            e.gte0("spec.replicas", rs.spec.replicas.map(i64::from));
            e.gte0(
                "spec.minReadySeconds",
                rs.spec.min_ready_seconds.map(i64::from),
            );
            selector_and_template(
                &mut e,
                rs.spec.selector.as_ref(),
                &rs.spec.template,
                "replicaset",
            );
            workload_template(&mut e, &rs.spec.template);
        }
        Resource::Deployment(d) => deployment(&mut e, &d.spec),
        Resource::StatefulSet(s) => {
            pod_failures = stateful_set(&mut e, &s.spec);
        }
    }
    Checked {
        errors: e.0,
        pod_failures,
    }
}

/// The fields of the stored kinds the apiserver checks and a learner's manifest can get wrong
/// (kubernetes/kubernetes `pkg/apis/core/validation` `ValidateSecret`,
/// `pkg/apis/policy/validation` `ValidatePodDisruptionBudgetSpec`, `pkg/apis/batch/validation`
/// `validateJobSpec`).
fn stored(e: &mut Errs, o: &super::objects::Stored) {
    let text =
        |v: Option<&serde_json::Value>| v.and_then(serde_json::Value::as_str).map(str::to_string);
    match o.kind.row().kind {
        "Secret" => {
            for field in ["data", "stringData"] {
                let Some(serde_json::Value::Object(m)) = o.field(field) else {
                    continue;
                };
                for key in m.keys() {
                    for d in names::config_key(key) {
                        e.invalid(&format!("{field}[{key}]"), json_str(key), d);
                    }
                }
            }
        }
        "PodDisruptionBudget"
            if o.field("spec.minAvailable").is_some()
                && o.field("spec.maxUnavailable").is_some() =>
        {
            let spec = o.field("spec").map(ToString::to_string).unwrap_or_default();
            e.invalid("spec", spec, Msg::new("d.pdb.both"));
        }
        "Job" | "CronJob" => {
            let prefix = if o.kind.row().kind == "Job" {
                ""
            } else {
                "spec.jobTemplate."
            };
            let path = format!("{prefix}spec.template.spec.restartPolicy");
            let policy = text(o.field(&path)).unwrap_or_else(|| "Always".into());
            one_of(e, &path, Some(&policy), &["OnFailure", "Never"]);
        }
        _ => {}
    }
}

fn one_of(e: &mut Errs, path: &str, value: Option<&str>, supported: &[&str]) {
    if let Some(v) = value {
        if !supported.contains(&v) {
            e.unsupported(path, v, supported);
        }
    }
}

fn object_meta(e: &mut Errs, meta: &ObjectMeta, rule: NameRule, namespaced: bool) {
    match meta.name.as_deref() {
        None | Some("") => {
            if meta.generate_name.as_deref().is_none_or(str::is_empty) {
                e.required_detail("metadata.name", Msg::new("d.name.or.generate"));
            }
        }
        Some(name) => {
            let details = match rule {
                NameRule::Label => names::dns1123_label(name),
                NameRule::Subdomain => names::dns1123_subdomain(name),
                NameRule::Dns1035 => names::dns1035_label(name),
            };
            e.name_rule("metadata.name", name, details);
        }
    }
    if namespaced {
        if let Some(ns) = meta.namespace.as_deref().filter(|ns| !ns.is_empty()) {
            e.name_rule("metadata.namespace", ns, names::dns1123_label(ns));
        }
    }
    labels(e, "metadata.labels", &meta.labels);
    for key in meta.annotations.keys() {
        for d in names::qualified_name(&key.to_ascii_lowercase()) {
            e.push_at(
                "metadata.annotations",
                format!("metadata.annotations[{key}]"),
                Msg::new("fe.invalid")
                    .text("metadata.annotations")
                    .text(json_str(key))
                    .msg(d),
            );
        }
    }
}

fn labels(e: &mut Errs, path: &str, labels: &StrMap) {
    for (k, v) in labels {
        let at = format!("{path}[{k}]");
        for d in names::qualified_name(k) {
            e.push_at(
                path,
                at.clone(),
                Msg::new("fe.invalid").text(path).text(json_str(k)).msg(d),
            );
        }
        for d in names::label_value(v) {
            e.push_at(
                path,
                at.clone(),
                Msg::new("fe.invalid").text(path).text(json_str(v)).msg(d),
            );
        }
    }
}

fn label_selector(e: &mut Errs, path: &str, sel: &LabelSelector) {
    labels(e, &format!("{path}.matchLabels"), &sel.match_labels);
    for (i, req) in sel.match_expressions.iter().enumerate() {
        let p = format!("{path}.matchExpressions[{i}]");
        match req.operator.as_str() {
            "In" | "NotIn" => {
                if req.values.is_empty() {
                    e.required_detail(&format!("{p}.values"), Msg::new("d.values.required"));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !req.values.is_empty() {
                    e.forbidden(&format!("{p}.values"), Msg::new("d.values.forbidden"));
                }
            }
            other => e.invalid(
                &format!("{p}.operator"),
                json_str(other),
                Msg::new("d.not.selector.op"),
            ),
        }
        let key_path = format!("{p}.key");
        e.name_rule(&key_path, &req.key, names::qualified_name(&req.key));
    }
}

fn map_json(m: &StrMap) -> String {
    serde_json::to_string(m).unwrap_or_default()
}

/// Selector present, non-empty, valid, and matching the template's labels.
fn selector_and_template(
    e: &mut Errs,
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    what: &str,
) {
    let tl = &template.metadata.labels;
    match selector {
        None => {
            e.required("spec.selector");
            // A nil selector matches nothing, so the apiserver reports the mismatch too.
            e.invalid(
                "spec.template.metadata.labels",
                map_json(tl),
                Msg::new("d.selector.mismatch"),
            );
        }
        Some(sel) if sel.is_empty() => {
            e.invalid(
                "spec.selector",
                serde_json::to_string(sel).unwrap_or_default(),
                Msg::new("d.empty.selector").text(what),
            );
        }
        Some(sel) => {
            label_selector(e, "spec.selector", sel);
            if !sel.matches(tl) {
                e.invalid(
                    "spec.template.metadata.labels",
                    map_json(tl),
                    Msg::new("d.selector.mismatch"),
                );
            }
        }
    }
}

/// Template checks the apiserver runs for Deployments and ReplicaSets.
fn workload_template(e: &mut Errs, template: &PodTemplateSpec) {
    labels(
        e,
        "spec.template.metadata.labels",
        &template.metadata.labels,
    );
    pod_spec(e, "spec.template.spec", &template.spec, &BTreeSet::new());
    one_of(
        e,
        "spec.template.spec.restartPolicy",
        template.spec.restart_policy.as_deref(),
        &["Always"],
    );
    if template.spec.active_deadline_seconds.is_some() {
        // ValidatePodTemplateSpecForReplicaSet forbids it for the same reason as for sets.
        e.forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            Msg::new("d.sts.deadline"),
        );
    }
}

/// replicas, minReadySeconds and revisionHistoryLimit: each must be ≥ 0.
fn workload_counts(
    e: &mut Errs,
    replicas: Option<i32>,
    min_ready: Option<i32>,
    history: Option<i32>,
) {
    e.gte0("spec.replicas", replicas.map(i64::from));
    e.gte0("spec.minReadySeconds", min_ready.map(i64::from));
    e.gte0("spec.revisionHistoryLimit", history.map(i64::from));
}

fn deployment(e: &mut Errs, spec: &DeploymentSpec) {
    workload_counts(
        e,
        spec.replicas,
        spec.min_ready_seconds,
        spec.revision_history_limit,
    );
    selector_and_template(e, spec.selector.as_ref(), &spec.template, "deployment");
    workload_template(e, &spec.template);
    if let Some(pd) = spec.progress_deadline_seconds {
        e.gte0("spec.progressDeadlineSeconds", Some(i64::from(pd)));
        if pd >= 0 && pd <= spec.min_ready_seconds.unwrap_or(0) {
            e.invalid(
                "spec.progressDeadlineSeconds",
                pd.to_string(),
                Msg::new("d.gt.minready"),
            );
        }
    }
    let Some(strategy) = &spec.strategy else {
        return;
    };
    let ty = strategy.type_.as_deref().unwrap_or("RollingUpdate");
    match ty {
        "Recreate" => {
            if strategy.rolling_update.is_some() {
                e.forbidden(
                    "spec.strategy.rollingUpdate",
                    Msg::new("d.rolling.recreate"),
                );
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = &strategy.rolling_update {
                let p = "spec.strategy.rollingUpdate";
                let mu = ru.max_unavailable.as_ref();
                let ms = ru.max_surge.as_ref();
                if let Some(v) = mu {
                    int_or_percent(e, &format!("{p}.maxUnavailable"), v, true);
                }
                if let Some(v) = ms {
                    int_or_percent(e, &format!("{p}.maxSurge"), v, false);
                }
                if mu.is_some_and(is_zero) && ms.is_some_and(is_zero) {
                    e.invalid(
                        &format!("{p}.maxUnavailable"),
                        mu.map(IntOrString::json).unwrap_or_default(),
                        Msg::new("d.maxsurge.zero"),
                    );
                }
            }
        }
        other => e.unsupported("spec.strategy.type", other, &["Recreate", "RollingUpdate"]),
    }
}

fn is_zero(v: &IntOrString) -> bool {
    match v {
        IntOrString::Int(i) => *i == 0,
        IntOrString::Str(s) => s.trim_end_matches('%').parse::<i64>() == Ok(0),
    }
}

fn int_or_percent(e: &mut Errs, path: &str, v: &IntOrString, cap_100: bool) {
    match v {
        IntOrString::Int(i) => e.gte0(path, Some(*i)),
        IntOrString::Str(s) => {
            let digits = s.strip_suffix('%');
            match digits.filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) {
                None => e.invalid(path, json_str(s), Msg::new("d.percent")),
                Some(d) => {
                    if cap_100 && d.parse::<u64>().is_ok_and(|n| n > 100) {
                        e.invalid(path, json_str(s), Msg::new("d.percent.max"));
                    }
                }
            }
        }
    }
}

fn stateful_set(e: &mut Errs, spec: &StatefulSetSpec) -> Vec<FieldError> {
    workload_counts(
        e,
        spec.replicas,
        spec.min_ready_seconds,
        spec.revision_history_limit,
    );
    if let Some(o) = &spec.ordinals {
        e.gte0("spec.ordinals.start", Some(i64::from(o.start)));
    }
    if let Some(policy) = spec.pod_management_policy.as_deref() {
        if !matches!(policy, "OrderedReady" | "Parallel") {
            e.invalid(
                "spec.podManagementPolicy",
                json_str(policy),
                Msg::new("d.must.be").text("'OrderedReady' or 'Parallel'"),
            );
        }
    }
    if let Some(strategy) = &spec.update_strategy {
        match strategy.type_.as_deref().unwrap_or("RollingUpdate") {
            "RollingUpdate" => {
                if let Some(ru) = &strategy.rolling_update {
                    let p = "spec.updateStrategy.rollingUpdate";
                    e.gte0(&format!("{p}.partition"), ru.partition.map(i64::from));
                    // maxUnavailable is behind the MaxUnavailableStatefulSet gate, alpha and off
                    // in 1.24–1.34 (reference Appendix B): the apiserver drops the field
                    // (`dropStatefulSetDisabledFields`) before validating, so nothing is
                    // checked.
                }
            }
            "OnDelete" => {
                if let Some(ru) = &strategy.rolling_update {
                    // `field.Invalid` with the internal struct, which 1.34 prints as JSON of
                    // its untagged fields (apimachinery field/errors.go `ErrorBody`); the
                    // alpha maxUnavailable is dropped first, so it is null. A merge patch to
                    // OnDelete keeps the defaulted partition and meets this too
                    // (kubernetes/website#47038, kubernetes/kubernetes#100151).
                    e.invalid(
                        "spec.updateStrategy.rollingUpdate",
                        format!(
                            "{{\"Partition\":{},\"MaxUnavailable\":null}}",
                            ru.partition.unwrap_or(0)
                        ),
                        Msg::new("d.rolling.ondelete"),
                    );
                }
            }
            other => e.invalid(
                "spec.updateStrategy",
                json_str(other),
                Msg::new("d.must.be").text("'RollingUpdate' or 'OnDelete'"),
            ),
        }
    }
    if let Some(p) = &spec.persistent_volume_claim_retention_policy {
        let path = "spec.persistentVolumeClaimRetentionPolicy";
        one_of(
            e,
            &format!("{path}.whenDeleted"),
            p.when_deleted.as_deref(),
            &["Retain", "Delete"],
        );
        one_of(
            e,
            &format!("{path}.whenScaled"),
            p.when_scaled.as_deref(),
            &["Retain", "Delete"],
        );
    }
    // Since 1.33 a non-empty serviceName must be a DNS-1123 label (checked on create).
    if let Some(svc) = spec.service_name.as_deref().filter(|s| !s.is_empty()) {
        e.name_rule("spec.serviceName", svc, names::dns1123_label(svc));
    }
    selector_and_template(e, spec.selector.as_ref(), &spec.template, "statefulset");
    one_of(
        e,
        "spec.template.spec.restartPolicy",
        spec.template.spec.restart_policy.as_deref(),
        &["Always"],
    );
    if spec.template.spec.active_deadline_seconds.is_some() {
        e.forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            Msg::new("d.sts.deadline"),
        );
    }
    for (i, claim) in spec.volume_claim_templates.iter().enumerate() {
        let p = format!("spec.volumeClaimTemplates[{i}]");
        match claim.metadata.name.as_deref() {
            None | Some("") => e.required(&format!("{p}.metadata.name")),
            Some(n) => e.name_rule(
                &format!("{p}.metadata.name"),
                n,
                names::dns1123_subdomain(n),
            ),
        }
    }

    // The pod template is not validated by the apiserver for StatefulSets; check it as the
    // Pod the controller will create, with the claim templates added as volumes.
    let claims: BTreeSet<String> = spec
        .volume_claim_templates
        .iter()
        .filter_map(|c| c.metadata.name.clone())
        .collect();
    let mut pod = Errs::default();
    pod_spec(&mut pod, "spec", &spec.template.spec, &claims);
    pod.0
        .into_iter()
        .map(|fe| FieldError {
            at: Some(format!("spec.template.{}", fe.position_path())),
            ..fe
        })
        .collect()
}

fn service(e: &mut Errs, spec: &ServiceSpec) {
    let ty = spec.type_.as_deref().unwrap_or("ClusterIP");
    let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !types.contains(&ty) {
        e.unsupported("spec.type", ty, &types);
    }
    let headless = spec.is_headless();
    if spec.ports.is_empty() && !headless && ty != "ExternalName" {
        e.required("spec.ports");
    }
    if let Some(ip) = spec.cluster_ip.as_deref() {
        if !ip.is_empty() && ip != "None" && ip.parse::<std::net::IpAddr>().is_err() {
            e.invalid("spec.clusterIPs[0]", json_str(ip), Msg::new("d.cluster.ip"));
        }
        if headless && matches!(ty, "NodePort" | "LoadBalancer") {
            e.invalid(
                "spec.clusterIPs[0]",
                json_str(ip),
                Msg::new("d.headless.nodeport").text(ty),
            );
        }
    }
    if let Some(sel) = &spec.selector {
        labels(e, "spec.selector", sel);
    }
    let many = spec.ports.len() > 1;
    let mut seen_names = BTreeSet::new();
    for (i, port) in spec.ports.iter().enumerate() {
        let p = format!("spec.ports[{i}]");
        match port.name.as_deref().filter(|n| !n.is_empty()) {
            None if many => e.required(&format!("{p}.name")),
            None => {}
            Some(name) => {
                for d in names::port_name(name) {
                    e.invalid(&format!("{p}.name"), json_str(name), d);
                }
                if !seen_names.insert(name) {
                    e.duplicate(&format!("{p}.name"), json_str(name));
                }
            }
        }
        if !(1..=65535).contains(&port.port) {
            e.invalid(
                &format!("{p}.port"),
                port.port.to_string(),
                Msg::new("d.port.range"),
            );
        }
        if let Some(proto) = port.protocol.as_deref() {
            if !["SCTP", "TCP", "UDP"].contains(&proto) {
                e.unsupported(&format!("{p}.protocol"), proto, &["SCTP", "TCP", "UDP"]);
            }
        }
        match &port.target_port {
            Some(IntOrString::Int(t)) if !(1..=65535).contains(t) => {
                e.invalid(
                    &format!("{p}.targetPort"),
                    t.to_string(),
                    Msg::new("d.port.range"),
                );
            }
            Some(IntOrString::Str(name)) => {
                for d in names::port_name(name) {
                    e.invalid(&format!("{p}.targetPort"), json_str(name), d);
                }
            }
            _ => {}
        }
        if let Some(np) = port.node_port {
            if !(0..=65535).contains(&np) {
                e.invalid(
                    &format!("{p}.nodePort"),
                    np.to_string(),
                    Msg::new("d.port.range"),
                );
            }
        }
    }
    match spec.session_affinity.as_deref() {
        None | Some("None") => {}
        Some("ClientIP") => {
            let timeout = spec
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .and_then(|c| c.timeout_seconds);
            if let Some(t) = timeout.filter(|t| *t <= 0 || *t > 86_400) {
                e.invalid(
                    "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                    t.to_string(),
                    Msg::new("d.timeout.range"),
                );
            }
        }
        Some(other) => e.unsupported("spec.sessionAffinity", other, &["ClientIP", "None"]),
    }
    one_of(
        e,
        "spec.internalTrafficPolicy",
        spec.internal_traffic_policy.as_deref(),
        &["Cluster", "Local"],
    );
}

fn access_modes(e: &mut Errs, path: &str, modes: &[String]) {
    if modes.is_empty() {
        e.required_detail(path, Msg::new("d.accessmode.required"));
    }
    let supported = [
        "ReadOnlyMany",
        "ReadWriteMany",
        "ReadWriteOnce",
        "ReadWriteOncePod",
    ];
    for m in modes {
        if !supported.contains(&m.as_str()) {
            e.unsupported(path, m, &supported);
        }
    }
}

fn quantity(e: &mut Errs, path: &str, q: &str) {
    match super::objects::parse_quantity(q) {
        None => e.invalid(path, json_str(q), Msg::new("d.quantity")),
        Some(v) if v <= 0.0 => e.invalid(path, json_str(q), Msg::new("d.quantity.positive")),
        Some(_) => {}
    }
}

/// A resource quantity that may be zero (container limits and requests).
fn quantity_any(e: &mut Errs, path: &str, q: &str) {
    if super::objects::parse_quantity(q).is_none() {
        e.invalid(path, json_str(q), Msg::new("d.quantity"));
    }
}

/// `validateProbe`: exactly one handler, non-negative timings, ports in range.
fn probe_checks(e: &mut Errs, path: &str, field: &str, probe: &super::objects::Probe) {
    let handlers = [
        probe.exec.is_some(),
        probe.http_get.is_some(),
        probe.tcp_socket.is_some(),
        probe.grpc.is_some(),
    ];
    match handlers.iter().filter(|h| **h).count() {
        0 => e.required_detail(path, Msg::new("d.probe.handler")),
        1 => {}
        _ => e.forbidden(path, Msg::new("d.probe.handlers")),
    }
    for (name, v) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        e.gte0(&format!("{path}.{name}"), v.map(i64::from));
    }
    if field != "readinessProbe" {
        if let Some(n) = probe.success_threshold.filter(|n| *n != 1) {
            e.invalid(
                &format!("{path}.successThreshold"),
                n.to_string(),
                Msg::new("d.must.be").text("1"),
            );
        }
    }
    let port = probe
        .http_get
        .as_ref()
        .map(|g| ("httpGet", &g.port))
        .or(probe.tcp_socket.as_ref().map(|t| ("tcpSocket", &t.port)));
    if let Some((action, port)) = port {
        let pp = format!("{path}.{action}.port");
        match port {
            IntOrString::Int(n) if !(1..=65535).contains(n) => {
                e.invalid(&pp, n.to_string(), Msg::new("d.port.range"));
            }
            IntOrString::Str(name) => {
                for d in names::port_name(name) {
                    e.invalid(&pp, json_str(name), d);
                }
            }
            IntOrString::Int(_) => {}
        }
    }
}

fn pvc_spec(e: &mut Errs, prefix: &str, spec: &PersistentVolumeClaimSpec) {
    access_modes(e, &format!("{prefix}.accessModes"), &spec.access_modes);
    let storage = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.get("storage"));
    match storage {
        None => e.required(&format!("{prefix}.resources[storage]")),
        Some(q) => quantity(e, &format!("{prefix}.resources.requests[storage]"), &q.0),
    }
    if let Some(sel) = &spec.selector {
        label_selector(e, &format!("{prefix}.selector"), sel);
    }
}

/// `ValidatePodSpec`, for what podplay simulates. `extra_volumes` are volume names the
/// controller adds (a StatefulSet's claim templates).
fn pod_spec(e: &mut Errs, prefix: &str, spec: &PodSpec, extra_volumes: &BTreeSet<String>) {
    let mut volumes: BTreeSet<&str> = extra_volumes.iter().map(String::as_str).collect();
    for (i, v) in spec.volumes.iter().enumerate() {
        let p = format!("{prefix}.volumes[{i}]");
        if v.name.is_empty() {
            e.required(&format!("{p}.name"));
        } else {
            e.name_rule(&format!("{p}.name"), &v.name, names::dns1123_label(&v.name));
            if !volumes.insert(&v.name) && !extra_volumes.contains(&v.name) {
                e.duplicate(&format!("{p}.name"), json_str(&v.name));
            }
        }
        if !v.has_source() {
            e.required_detail(&p, Msg::new("d.volume.source"));
        }
        if let Some(pvc) = &v.persistent_volume_claim {
            if pvc.claim_name.is_empty() {
                e.required(&format!("{p}.persistentVolumeClaim.claimName"));
            }
        }
    }
    if spec.containers.is_empty() {
        e.required(&format!("{prefix}.containers"));
    }
    let mut container_names = BTreeSet::new();
    let mut port_names = BTreeSet::new();
    let groups = [
        ("initContainers", &spec.init_containers),
        ("containers", &spec.containers),
    ];
    for (field, list) in groups {
        for (i, c) in list.iter().enumerate() {
            let p = format!("{prefix}.{field}[{i}]");
            container(e, &p, c, &volumes, &mut port_names);
            if !c.name.is_empty() && !container_names.insert(c.name.as_str()) {
                e.duplicate(&format!("{p}.name"), json_str(&c.name));
            }
        }
    }
    one_of(
        e,
        &format!("{prefix}.dnsPolicy"),
        spec.dns_policy.as_deref(),
        &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
    );
    for (field, value) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            e.name_rule(&format!("{prefix}.{field}"), v, names::dns1123_label(v));
        }
    }
    e.gte0(
        &format!("{prefix}.activeDeadlineSeconds"),
        spec.active_deadline_seconds,
    );
    scheduling::check(e, prefix, spec);
}

fn container<'a>(
    e: &mut Errs,
    p: &str,
    c: &'a Container,
    volumes: &BTreeSet<&str>,
    port_names: &mut BTreeSet<&'a str>,
) {
    if c.name.is_empty() {
        e.required(&format!("{p}.name"));
    } else {
        e.name_rule(&format!("{p}.name"), &c.name, names::dns1123_label(&c.name));
    }
    if c.image.as_deref().is_none_or(|i| i.trim().is_empty()) {
        e.required(&format!("{p}.image"));
    }
    one_of(
        e,
        &format!("{p}.imagePullPolicy"),
        c.image_pull_policy.as_deref(),
        &["Always", "IfNotPresent", "Never"],
    );
    for (j, port) in c.ports.iter().enumerate() {
        let pp = format!("{p}.ports[{j}]");
        if !(1..=65535).contains(&port.container_port) {
            e.invalid(
                &format!("{pp}.containerPort"),
                port.container_port.to_string(),
                Msg::new("d.port.range"),
            );
        }
        if let Some(hp) = port.host_port.filter(|hp| *hp != 0) {
            if !(1..=65535).contains(&hp) {
                e.invalid(
                    &format!("{pp}.hostPort"),
                    hp.to_string(),
                    Msg::new("d.port.range"),
                );
            }
        }
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            for d in names::port_name(name) {
                e.invalid(&format!("{pp}.name"), json_str(name), d);
            }
            if !port_names.insert(name) {
                e.duplicate(&format!("{pp}.name"), json_str(name));
            }
        }
        if let Some(proto) = port.protocol.as_deref() {
            if !["SCTP", "TCP", "UDP"].contains(&proto) {
                e.unsupported(&format!("{pp}.protocol"), proto, &["SCTP", "TCP", "UDP"]);
            }
        }
    }
    for (j, env) in c.env.iter().enumerate() {
        if env.name.is_empty() {
            e.required(&format!("{p}.env[{j}].name"));
        }
    }
    if let Some(res) = &c.resources {
        for (field, list) in [("limits", &res.limits), ("requests", &res.requests)] {
            for (name, q) in list {
                quantity_any(e, &format!("{p}.resources.{field}[{name}]"), &q.0);
            }
        }
    }
    let probes = [
        ("livenessProbe", &c.liveness_probe),
        ("readinessProbe", &c.readiness_probe),
        ("startupProbe", &c.startup_probe),
    ];
    for (field, probe) in probes {
        if let Some(probe) = probe {
            probe_checks(e, &format!("{p}.{field}"), field, probe);
        }
    }
    let mut mount_paths = BTreeSet::new();
    for (j, m) in c.volume_mounts.iter().enumerate() {
        let mp = format!("{p}.volumeMounts[{j}]");
        if m.name.is_empty() {
            e.required(&format!("{mp}.name"));
        } else if !volumes.contains(m.name.as_str()) {
            e.not_found(&format!("{mp}.name"), json_str(&m.name));
        }
        if m.mount_path.is_empty() {
            e.required(&format!("{mp}.mountPath"));
        } else if !mount_paths.insert(m.mount_path.as_str()) {
            e.invalid(
                &format!("{mp}.mountPath"),
                json_str(&m.mount_path),
                Msg::new("d.must.be").text("unique"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::manifest::objects::{LabelSelector, StatefulSet};

    fn rendered(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(|e| e.msg.render(Lang::En)).collect()
    }

    #[test]
    fn statefulset_selector_must_match_template_labels() {
        // Pins the mismatch error with the 1.34 JSON value rendering.
        let mut s = StatefulSet::default();
        s.metadata.name = Some("web".into());
        let mut sel = LabelSelector::default();
        sel.match_labels.insert("app".into(), "nginx".into());
        s.spec.selector = Some(sel);
        s.spec
            .template
            .metadata
            .labels
            .insert("app".into(), "web".into());
        s.spec.template.spec.containers.push(Container {
            name: "nginx".into(),
            image: Some("nginx".into()),
            ..Container::default()
        });
        let checked = validate(&Resource::StatefulSet(s));
        assert_eq!(
            rendered(&checked.errors),
            vec![
                "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`"
            ]
        );
        assert!(checked.pod_failures.is_empty());
    }
}
