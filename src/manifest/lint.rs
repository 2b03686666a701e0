//! Cross-object checks: things the apiserver accepts one object at a time, but that together
//! will not work the way the learner expects. Each warning says what the cluster will do.

use std::collections::BTreeMap;

use super::defaults::DEFAULT_STORAGE_CLASS;
use super::objects::{IntOrString, Kind, PodSpec, Resource, StrMap};
use super::{Diagnostic, Object, Severity};
use crate::i18n::Msg;

/// Pod labels and containers a selector may find: workload templates and bare pods.
struct PodSource<'a> {
    namespace: &'a str,
    labels: &'a StrMap,
    pod_spec: &'a PodSpec,
}

fn warn(obj: &Object, path: &str, msg: Msg) -> Diagnostic {
    Diagnostic {
        source: obj.source,
        severity: Severity::Warning,
        pos: obj.pos_of(path),
        msg,
    }
}

fn selector_text(sel: &StrMap) -> String {
    sel.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Runs every cross-object check over the objects the apiserver would accept.
#[must_use]
pub fn lint(objects: &[Object]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    duplicates(objects, &mut out);
    let valid: Vec<&Object> = objects.iter().filter(|o| o.n_errors == 0).collect();
    let pods: Vec<PodSource<'_>> = valid
        .iter()
        .filter_map(|o| {
            let ns = o.namespace().unwrap_or("default");
            match &o.resource {
                Resource::Pod(p) => Some(PodSource {
                    namespace: ns,
                    labels: &p.metadata.labels,
                    pod_spec: &p.spec,
                }),
                r => r.pod_template().map(|t| PodSource {
                    namespace: ns,
                    labels: &t.metadata.labels,
                    pod_spec: &t.spec,
                }),
            }
        })
        .collect();
    // Indexes, so that a bundle of thousands of objects is checked in linear time.
    let mut by_label: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    for (i, p) in pods.iter().enumerate() {
        for (k, v) in p.labels {
            by_label.entry((p.namespace, k, v)).or_default().push(i);
        }
    }
    let services: BTreeMap<(&str, &str), &super::objects::Service> = valid
        .iter()
        .filter_map(|o| match &o.resource {
            Resource::Service(svc) => Some(((o.namespace().unwrap_or("default"), o.name()), svc)),
            _ => None,
        })
        .collect();
    for obj in &valid {
        let ns = obj.namespace().unwrap_or("default");
        match &obj.resource {
            Resource::Service(svc) => {
                let Some(sel) = svc.spec.selector.as_ref().filter(|s| !s.is_empty()) else {
                    continue;
                };
                let Some((k0, v0)) = sel.iter().next() else {
                    continue;
                };
                let candidates = by_label
                    .get(&(ns, k0.as_str(), v0.as_str()))
                    .map_or(&[][..], Vec::as_slice);
                let selected: Vec<&PodSource<'_>> = candidates
                    .iter()
                    .map(|i| &pods[*i])
                    .filter(|p| sel.iter().all(|(k, v)| p.labels.get(k) == Some(v)))
                    .collect();
                if selected.is_empty() {
                    out.push(warn(
                        obj,
                        "spec.selector",
                        Msg::new("lint.no.endpoints")
                            .text(obj.name())
                            .text(selector_text(sel)),
                    ));
                    continue;
                }
                for (i, port) in svc.spec.ports.iter().enumerate() {
                    let containers = selected
                        .iter()
                        .map(|p| p.pod_spec)
                        .flat_map(|s| s.containers.iter());
                    let path = format!("spec.ports[{i}].targetPort");
                    match &port.target_port {
                        Some(IntOrString::Str(name)) => {
                            let found = containers
                                .flat_map(|c| c.ports.iter())
                                .any(|p| p.name.as_deref() == Some(name.as_str()));
                            if !found {
                                out.push(warn(
                                    obj,
                                    &path,
                                    Msg::new("lint.named.port.missing")
                                        .text(obj.name())
                                        .text(port.port.to_string())
                                        .text(name),
                                ));
                            }
                        }
                        Some(IntOrString::Int(n)) => {
                            let found = containers
                                .flat_map(|c| c.ports.iter())
                                .any(|p| p.container_port == *n);
                            if !found {
                                out.push(warn(
                                    obj,
                                    &path,
                                    Msg::new("lint.target.port.unexposed")
                                        .text(obj.name())
                                        .text(port.port.to_string())
                                        .text(n.to_string()),
                                ));
                            }
                        }
                        None => {}
                    }
                }
            }
            Resource::StatefulSet(s) => {
                if let Some(name) = s.spec.service_name.as_deref().filter(|n| !n.is_empty()) {
                    match services.get(&(ns, name)) {
                        None => out.push(warn(
                            obj,
                            "spec.serviceName",
                            Msg::new("lint.sts.no.service").text(name),
                        )),
                        Some(svc) if !svc.spec.is_headless() => out.push(warn(
                            obj,
                            "spec.serviceName",
                            Msg::new("lint.sts.not.headless").text(name),
                        )),
                        Some(_) => {}
                    }
                }
                for (i, claim) in s.spec.volume_claim_templates.iter().enumerate() {
                    if let Some(class) = claim.spec.storage_class_name.as_deref() {
                        storage_class(
                            &valid,
                            obj,
                            &format!("spec.volumeClaimTemplates[{i}].spec.storageClassName"),
                            class,
                            &mut out,
                        );
                    }
                }
            }
            Resource::PersistentVolumeClaim(pvc) => {
                if let Some(class) = pvc.spec.storage_class_name.as_deref() {
                    storage_class(&valid, obj, "spec.storageClassName", class, &mut out);
                }
            }
            _ => {}
        }
    }
    out
}

fn storage_class(
    valid: &[&Object],
    obj: &Object,
    path: &str,
    class: &str,
    out: &mut Vec<Diagnostic>,
) {
    // An empty class asks for a pre-made PersistentVolume; that is not a missing class.
    if class.is_empty() || class == DEFAULT_STORAGE_CLASS {
        return;
    }
    let exists = valid
        .iter()
        .any(|o| o.kind() == Kind::StorageClass && o.name() == class);
    if !exists {
        out.push(warn(
            obj,
            path,
            Msg::new("lint.no.storageclass").text(class),
        ));
    }
}

fn duplicates(objects: &[Object], out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<(Kind, &str, &str), &Object> = BTreeMap::new();
    for obj in objects {
        let key = (obj.kind(), obj.namespace().unwrap_or(""), obj.name());
        match first.get(&key) {
            Some(prev) => out.push(warn(
                obj,
                "metadata.name",
                Msg::new("lint.dup.object")
                    .text(obj.kind().name())
                    .text(obj.name())
                    .text(prev.pos.line.to_string()),
            )),
            None => {
                first.insert(key, obj);
            }
        }
    }
}
