//! The scheduling fields of a pod spec, as `ValidatePodSpec` checks them
//! (kubernetes/kubernetes pkg/apis/core/validation/validation.go: `ValidateTolerations`,
//! `validateAffinity`, `ValidateNodeSelectorRequirement`, `validatePodAffinityTerm`).

use super::{json_str, label_selector, Errs};
use crate::i18n::Msg;
use crate::manifest::objects::{
    NodeAffinity, NodeSelectorTerm, PodAffinity, PodAffinityTerm, PodSpec, Toleration,
};

/// Tolerations and affinity of `spec` at `prefix`.
pub(super) fn check(e: &mut Errs, prefix: &str, spec: &PodSpec) {
    for (i, t) in spec.tolerations.iter().enumerate() {
        toleration(e, &format!("{prefix}.tolerations[{i}]"), t);
    }
    let Some(a) = &spec.affinity else {
        return;
    };
    let p = format!("{prefix}.affinity");
    if let Some(n) = &a.node_affinity {
        node_affinity(e, &format!("{p}.nodeAffinity"), n);
    }
    for (field, set) in [
        ("podAffinity", &a.pod_affinity),
        ("podAntiAffinity", &a.pod_anti_affinity),
    ] {
        if let Some(set) = set {
            pod_affinity(e, &format!("{p}.{field}"), set);
        }
    }
}

fn toleration(e: &mut Errs, p: &str, t: &Toleration) {
    let key = t.key.as_deref().unwrap_or("");
    let operator = t.operator.as_deref().unwrap_or("");
    let effect = t.effect.as_deref().unwrap_or("");
    if key.is_empty() && operator != "Exists" {
        e.invalid(
            &format!("{p}.operator"),
            json_str(operator),
            Msg::new("d.sched.exists.key"),
        );
    }
    if t.toleration_seconds.is_some() && effect != "NoExecute" {
        e.invalid(
            &format!("{p}.effect"),
            json_str(effect),
            Msg::new("d.sched.noexecute"),
        );
    }
    match operator {
        "" | "Equal" => {}
        "Exists" => {
            if t.value.as_deref().is_some_and(|v| !v.is_empty()) {
                let whole = serde_json::to_string(t).unwrap_or_default();
                e.invalid(
                    &format!("{p}.operator"),
                    whole,
                    Msg::new("d.sched.exists.value"),
                );
            }
        }
        other => e.unsupported(&format!("{p}.operator"), other, &["Equal", "Exists"]),
    }
    if !effect.is_empty() && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
        e.unsupported(
            &format!("{p}.effect"),
            effect,
            &["NoSchedule", "PreferNoSchedule", "NoExecute"],
        );
    }
}

fn weight(e: &mut Errs, p: &str, w: i32) {
    if !(1..=100).contains(&w) {
        e.invalid(
            &format!("{p}.weight"),
            w.to_string(),
            Msg::new("d.sched.weight"),
        );
    }
}

fn node_affinity(e: &mut Errs, p: &str, n: &NodeAffinity) {
    if let Some(r) = &n.required_during_scheduling_ignored_during_execution {
        let rp = format!("{p}.requiredDuringSchedulingIgnoredDuringExecution");
        if r.node_selector_terms.is_empty() {
            e.required_detail(
                &format!("{rp}.nodeSelectorTerms"),
                Msg::new("d.sched.terms"),
            );
        }
        for (i, t) in r.node_selector_terms.iter().enumerate() {
            term(e, &format!("{rp}.nodeSelectorTerms[{i}]"), t);
        }
    }
    let pp = format!("{p}.preferredDuringSchedulingIgnoredDuringExecution");
    for (i, w) in n
        .preferred_during_scheduling_ignored_during_execution
        .iter()
        .enumerate()
    {
        weight(e, &format!("{pp}[{i}]"), w.weight);
        term(e, &format!("{pp}[{i}].preference"), &w.preference);
    }
}

/// `ValidateNodeSelectorRequirement` for each expression and field requirement.
fn term(e: &mut Errs, p: &str, t: &NodeSelectorTerm) {
    for (field, list) in [
        ("matchExpressions", &t.match_expressions),
        ("matchFields", &t.match_fields),
    ] {
        for (i, r) in list.iter().enumerate() {
            let rp = format!("{p}.{field}[{i}]");
            let values = format!("{rp}.values");
            match r.operator.as_str() {
                "In" | "NotIn" if r.values.is_empty() => {
                    e.required_detail(&values, Msg::new("d.sched.values.in"));
                }
                "Exists" | "DoesNotExist" if !r.values.is_empty() => {
                    e.forbidden(&values, Msg::new("d.sched.values.exists"));
                }
                "Gt" | "Lt" if r.values.len() != 1 => {
                    e.required_detail(&values, Msg::new("d.sched.values.gtlt"));
                }
                "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
                other => e.invalid(
                    &format!("{rp}.operator"),
                    json_str(other),
                    Msg::new("d.sched.operator"),
                ),
            }
        }
    }
}

fn pod_affinity(e: &mut Errs, p: &str, a: &PodAffinity) {
    let rp = format!("{p}.requiredDuringSchedulingIgnoredDuringExecution");
    for (i, t) in a
        .required_during_scheduling_ignored_during_execution
        .iter()
        .enumerate()
    {
        pod_term(e, &format!("{rp}[{i}]"), t);
    }
    let pp = format!("{p}.preferredDuringSchedulingIgnoredDuringExecution");
    for (i, w) in a
        .preferred_during_scheduling_ignored_during_execution
        .iter()
        .enumerate()
    {
        weight(e, &format!("{pp}[{i}]"), w.weight);
        pod_term(
            e,
            &format!("{pp}[{i}].podAffinityTerm"),
            &w.pod_affinity_term,
        );
    }
}

fn pod_term(e: &mut Errs, p: &str, t: &PodAffinityTerm) {
    if let Some(sel) = &t.label_selector {
        label_selector(e, &format!("{p}.labelSelector"), sel);
    }
    if let Some(sel) = &t.namespace_selector {
        label_selector(e, &format!("{p}.namespaceSelector"), sel);
    }
    if t.topology_key.is_empty() {
        e.required_detail(&format!("{p}.topologyKey"), Msg::new("d.sched.topology"));
    }
}
