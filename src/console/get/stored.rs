//! `kubectl get` for the kinds podplay stores without simulating: the rows of the printers
//! in kubernetes/kubernetes `pkg/printers/internalversion/printers.go` (`printSecret`,
//! `printServiceAccount`, `printPodDisruptionBudget`, `printJob`, `printCronJob`,
//! `printIngress`, `printIngressClass`, `printNetworkPolicy`, `printHorizontalPodAutoscaler`,
//! `printRoleBinding`, `printPriorityClass`, `printResourceQuota`, `printLease`,
//! `printRuntimeClass`, `printMutatingWebhook`, `printReplicationController`,
//! `printDaemonSet`, `printPodTemplate`), and the apiserver's default `NAME CREATED AT` table.

use serde_json::Value;

use crate::engine::cluster::StoredObject;
use crate::engine::status::{daemon_set_status, pdb_status};
use crate::engine::Simulation;
use crate::manifest::kinds::Printer;
use crate::manifest::objects::{LabelSelector, StoredKind, StrMap};

use super::super::render::age;
use super::super::selector::{format_labels, format_selector};
use super::serial::ts;

fn text(o: &StoredObject, path: &str) -> Option<String> {
    match o.field(path)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        v => Some(v.to_string()),
    }
}

fn count(o: &StoredObject, path: &str) -> usize {
    match o.field(path) {
        Some(Value::Array(a)) => a.len(),
        Some(Value::Object(m)) => m.len(),
        _ => 0,
    }
}

/// `printBoolPtr`: `<unset>` for nil, else `True`/`False`.
fn bool_ptr(v: Option<&Value>) -> String {
    match v.and_then(Value::as_bool) {
        None => "<unset>".into(),
        Some(true) => "True".into(),
        Some(false) => "False".into(),
    }
}

fn selector(v: Option<&Value>) -> Option<LabelSelector> {
    crate::manifest::decode::from_json(v?)
}

/// `formatHosts`: the first three hosts, `*` when none.
fn ingress_hosts(o: &StoredObject) -> String {
    let rules = o
        .field("spec.rules")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let hosts: Vec<&str> = rules
        .iter()
        .filter_map(|r| r.get("host").and_then(Value::as_str))
        .filter(|h| !h.is_empty())
        .take(3)
        .collect();
    if hosts.is_empty() {
        return "*".into();
    }
    let more = rules.len().saturating_sub(3);
    if rules.len() > 3 {
        format!("{} + {more} more...", hosts.join(","))
    } else {
        hosts.join(",")
    }
}

/// `formatHPAMetrics` for metrics without a current value (no metrics server runs).
fn hpa_targets(o: &StoredObject) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(pct) = o.field("spec.targetCPUUtilizationPercentage") {
        parts.push(format!("cpu: <unknown>/{pct}%"));
    }
    let metrics = o
        .field("spec.metrics")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for m in &metrics {
        let resource = m.get("resource").or_else(|| m.get("containerResource"));
        let target = resource.and_then(|r| r.get("target"));
        let name = resource
            .and_then(|r| r.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let part = match (
            target.and_then(|t| t.get("averageUtilization")),
            target.and_then(|t| t.get("averageValue").or_else(|| t.get("value"))),
        ) {
            (Some(u), _) => format!("{name}: <unknown>/{u}%"),
            (None, Some(Value::String(v))) => format!("{name}: <unknown>/{v}"),
            _ => "<unknown>/<unknown>".into(),
        };
        parts.push(part);
    }
    match parts.len() {
        0 => "<none>".into(),
        1 | 2 => parts.join(", "),
        n => format!("{} + {} more...", parts[..2].join(", "), n - 2),
    }
}

/// `printResourceQuota`: `name: used/hard` for requests (and plain names), limits apart.
fn quota(o: &StoredObject) -> (String, String) {
    let hard: StrMap = o
        .field("spec.hard")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().map_or(v.to_string(), str::to_string)))
                .collect()
        })
        .unwrap_or_default();
    let (limits, requests): (Vec<_>, Vec<_>) =
        hard.iter().partition(|(k, _)| k.starts_with("limits."));
    let join = |v: Vec<(&String, &String)>| {
        v.iter()
            .map(|(k, h)| format!("{k}: 0/{h}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    (join(requests), join(limits))
}

fn containers_images(spec: Option<&Value>) -> (String, String) {
    let containers = spec
        .and_then(|s| s.get("containers"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let field = |f: &str| {
        containers
            .iter()
            .filter_map(|c| c.get(f).and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(",")
    };
    (field("name"), field("image"))
}

/// The cells of one row (without the wide columns: see [`wide_cells`]).
#[must_use]
pub fn cells(sim: &Simulation, kind: StoredKind, o: &StoredObject) -> Vec<String> {
    let name = o.meta.name.clone();
    let age = age::since(sim.now(), o.meta.created);
    let none = || "<none>".to_string();
    match kind.row().printer {
        Printer::Secret => {
            let n = count(o, "data") + count(o, "stringData");
            vec![
                name,
                text(o, "type").unwrap_or_default(),
                n.to_string(),
                age,
            ]
        }
        Printer::ServiceAccount => vec![name, count(o, "secrets").to_string(), age],
        Printer::PodDisruptionBudget => {
            let st = pdb_status(sim.cluster(), o);
            let or_na = |p: &str| text(o, p).unwrap_or_else(|| "N/A".into());
            vec![
                name,
                or_na("spec.minAvailable"),
                or_na("spec.maxUnavailable"),
                st.disruptions_allowed.to_string(),
                age,
            ]
        }
        Printer::Job => job_cells(o, name, age),
        Printer::CronJob => vec![
            name,
            text(o, "spec.schedule").unwrap_or_default(),
            text(o, "spec.timeZone").unwrap_or_else(none),
            bool_ptr(o.field("spec.suspend")),
            "0".into(),
            none(),
            age,
        ],
        Printer::Ingress => ingress_cells(o, name, age),
        Printer::IngressClass => ingress_class_cells(o, name, age),
        Printer::NetworkPolicy => {
            let sel = selector(o.field("spec.podSelector"));
            vec![name, format_selector(sel.as_ref()), age]
        }
        Printer::HorizontalPodAutoscaler => {
            let target = |f: &str| text(o, &format!("spec.scaleTargetRef.{f}")).unwrap_or_default();
            vec![
                name,
                format!("{}/{}", target("kind"), target("name")),
                hpa_targets(o),
                text(o, "spec.minReplicas").unwrap_or_else(|| "<unset>".into()),
                text(o, "spec.maxReplicas").unwrap_or_default(),
                "0".into(),
                age,
            ]
        }
        Printer::RoleBinding => {
            let role = format!(
                "{}/{}",
                text(o, "roleRef.kind").unwrap_or_default(),
                text(o, "roleRef.name").unwrap_or_default()
            );
            vec![name, role, age]
        }
        Printer::PriorityClass => vec![
            name,
            text(o, "value").unwrap_or_else(|| "0".into()),
            text(o, "globalDefault").unwrap_or_else(|| "false".into()),
            age,
            text(o, "preemptionPolicy").unwrap_or_default(),
        ],
        Printer::ResourceQuota => {
            let (request, limit) = quota(o);
            vec![name, request, limit, age]
        }
        Printer::Lease => vec![
            name,
            text(o, "spec.holderIdentity").unwrap_or_default(),
            age,
        ],
        Printer::RuntimeClass => vec![name, text(o, "handler").unwrap_or_default(), age],
        Printer::Webhooks => vec![name, count(o, "webhooks").to_string(), age],
        Printer::ReplicationController => vec![
            name,
            text(o, "spec.replicas").unwrap_or_else(|| "1".into()),
            "0".into(),
            "0".into(),
            age,
        ],
        Printer::DaemonSet => daemon_set_cells(sim, o, name, age),
        Printer::PodTemplate => pod_template_cells(o, name),
        Printer::CreatedAt => vec![name, ts(sim, o.meta.created)],
    }
}

/// The cells `-o wide` adds for a stored kind ([`Printer::wide_columns`]): the pod template's
/// containers, images and the selector, or a binding's subjects (`printRoleBinding`:
/// users, groups, service accounts as `namespace/name`, each comma-space joined).
#[must_use]
pub fn wide_cells(kind: StoredKind, o: &StoredObject) -> Vec<String> {
    let template = |prefix: &str| {
        let (names, images) = containers_images(o.field(&format!("{prefix}template.spec")));
        let sel = selector(o.field(&format!("{prefix}selector")));
        vec![names, images, format_selector(sel.as_ref())]
    };
    match kind.row().printer {
        Printer::Job | Printer::DaemonSet => template("spec."),
        Printer::CronJob => template("spec.jobTemplate.spec."),
        Printer::ReplicationController => {
            let (names, images) = containers_images(o.field("spec.template.spec"));
            let sel: StrMap = o
                .field("spec.selector")
                .and_then(crate::manifest::decode::from_json)
                .unwrap_or_default();
            vec![names, images, format_labels(&sel)]
        }
        Printer::RoleBinding => {
            let subjects = o
                .field("subjects")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let of = |kind: &str| {
                subjects
                    .iter()
                    .filter(|s| s.get("kind").and_then(Value::as_str) == Some(kind))
                    .map(|s| {
                        let name = s.get("name").and_then(Value::as_str).unwrap_or("");
                        match s.get("namespace").and_then(Value::as_str) {
                            Some(ns) if kind == "ServiceAccount" && !ns.is_empty() => {
                                format!("{ns}/{name}")
                            }
                            _ => name.to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            vec![of("User"), of("Group"), of("ServiceAccount")]
        }
        _ => Vec::new(),
    }
}

/// A Job row (`printJob`): STATUS, COMPLETIONS (nothing has completed), DURATION, AGE.
fn job_cells(o: &StoredObject, name: String, age: String) -> Vec<String> {
    let completions = match o.field("spec.completions").and_then(Value::as_i64) {
        Some(n) => format!("0/{n}"),
        None => match o.field("spec.parallelism").and_then(Value::as_i64) {
            Some(p) if p > 1 => format!("0/1 of {p}"),
            _ => "0/1".into(),
        },
    };
    let status = if o.meta.deleting.is_some() {
        "Terminating"
    } else {
        "Running"
    };
    vec![name, status.into(), completions, String::new(), age]
}

/// An Ingress row (`printIngress`): CLASS, HOSTS, ADDRESS, PORTS (443 too with TLS), AGE.
fn ingress_cells(o: &StoredObject, name: String, age: String) -> Vec<String> {
    let ports = if count(o, "spec.tls") > 0 {
        "80, 443"
    } else {
        "80"
    };
    vec![
        name,
        text(o, "spec.ingressClassName").unwrap_or_else(|| "<none>".to_string()),
        ingress_hosts(o),
        String::new(),
        ports.into(),
        age,
    ]
}

/// An IngressClass row (`printIngressClass`): CONTROLLER, PARAMETERS (`Kind.group/name`), AGE.
fn ingress_class_cells(o: &StoredObject, name: String, age: String) -> Vec<String> {
    let params = o.field("spec.parameters").map_or_else(
        || "<none>".to_string(),
        |p| {
            let s = |f: &str| p.get(f).and_then(Value::as_str).unwrap_or("").to_string();
            let group = p.get("apiGroup").and_then(Value::as_str);
            match group {
                Some(g) => format!("{}.{g}/{}", s("kind"), s("name")),
                None => format!("{}/{}", s("kind"), s("name")),
            }
        },
    );
    vec![
        name,
        text(o, "spec.controller").unwrap_or_default(),
        params,
        age,
    ]
}

/// A DaemonSet row (`printDaemonSet`): no node runs its pods, so every count is 0.
fn daemon_set_cells(sim: &Simulation, o: &StoredObject, name: String, age: String) -> Vec<String> {
    let node_selector: StrMap = o
        .field("spec.template.spec.nodeSelector")
        .and_then(crate::manifest::decode::from_json)
        .unwrap_or_default();
    // printDaemonSet: DESIRED CURRENT READY UP-TO-DATE AVAILABLE from the status.
    let st = daemon_set_status(sim.cluster(), o, sim.now());
    let mut row = vec![name];
    row.extend(
        [
            st.desired_number_scheduled,
            st.current_number_scheduled,
            st.number_ready,
            st.updated_number_scheduled,
            st.number_available,
        ]
        .map(|n| n.to_string()),
    );
    row.push(format_labels(&node_selector));
    row.push(age);
    row
}

/// A PodTemplate row (`printPodTemplate`): CONTAINERS, IMAGES, POD LABELS.
fn pod_template_cells(o: &StoredObject, name: String) -> Vec<String> {
    let (names, images) = containers_images(o.field("template.spec"));
    let labels: StrMap = o
        .field("template.metadata.labels")
        .and_then(crate::manifest::decode::from_json)
        .unwrap_or_default();
    vec![name, names, images, format_labels(&labels)]
}
