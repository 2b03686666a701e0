//! Cross-object checks: things the apiserver accepts one object at a time, but that together
//! will not work the way the learner expects. Each warning says what the cluster will do.

use std::collections::{BTreeMap, BTreeSet};

use super::binding::{self, VolumeOffer};
use super::defaults::DEFAULT_STORAGE_CLASS;
use super::objects::{
    IntOrString, Kind, PersistentVolumeClaimSpec, PodSpec, Resource, StatefulSet, StrMap,
};
use super::{status, update, Code, Diagnostic, Object, Severity};
use crate::i18n::Msg;

/// The namespaces minikube starts with.
pub const MINIKUBE_NAMESPACES: [&str; 4] =
    ["default", "kube-node-lease", "kube-public", "kube-system"];

/// Pod labels and containers a selector may find: workload templates and bare pods.
struct PodSource<'a> {
    namespace: &'a str,
    labels: &'a StrMap,
    pod_spec: &'a PodSpec,
}

fn warn(obj: &Object, code: Code, path: &str, msg: Msg) -> Diagnostic {
    Diagnostic {
        source: obj.source,
        severity: Severity::Warning,
        code,
        pos: obj.pos_of(path),
        msg,
    }
}

/// Workloads asking for more pods than a minikube node runs (a warning: the rest stay Pending)
/// or than podplay simulates (an error, though the object is still applied: podplay's limit,
/// not the apiserver's).
fn replicas(valid: &[&Object], out: &mut Vec<Diagnostic>) {
    for obj in valid {
        let Some(r) = obj.resource.replicas() else {
            continue;
        };
        let n = usize::try_from(r).unwrap_or(0);
        if n > super::MAX_PODS {
            out.push(Diagnostic {
                source: obj.source,
                severity: Severity::Error,
                code: Code::ReplicasOverLimit,
                pos: obj.pos_of("spec.replicas"),
                msg: Msg::new("lint.replicas.limit")
                    .text(r.to_string())
                    .text(super::MAX_PODS.to_string()),
            });
        } else if n > super::NODE_PODS {
            out.push(warn(
                obj,
                Code::ReplicasOverNodes,
                "spec.replicas",
                Msg::new("lint.replicas.nodes")
                    .text(r.to_string())
                    .text(super::NODE_PODS.to_string()),
            ));
        }
    }
}

/// The StatefulSet's first pod: `<name>-<spec.ordinals.start>`.
#[must_use]
pub fn first_pod_name(s: &StatefulSet) -> String {
    let start = s.spec.ordinals.as_ref().map_or(0, |o| o.start);
    format!("{}-{start}", s.metadata.name.as_deref().unwrap_or(""))
}

/// `m` with where `obj` starts as its next argument: `FILE:LINE`, or `line N` for a text
/// without a name.
fn with_place(m: Msg, obj: &Object, sources: &[&str]) -> Msg {
    let line = obj.pos.line.to_string();
    match sources.get(obj.source).filter(|n| !n.is_empty()) {
        Some(file) => m.text(format!("{file}:{line}")),
        None => m.msg(Msg::new("lint.bundle.at.line").text(line)),
    }
}

/// The file name kubectl prints for the object's source.
fn file_of<'a>(obj: &Object, sources: &[&'a str]) -> &'a str {
    sources.get(obj.source).copied().unwrap_or("")
}

fn selector_text(sel: &StrMap) -> String {
    sel.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Runs every cross-object check over the objects the apiserver would accept. `sources` names
/// the texts the objects come from (the files kubectl is given, in order).
#[must_use]
pub fn lint(objects: &[Object], sources: &[&str]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    duplicates(objects, sources, &mut out);
    let valid: Vec<&Object> = objects.iter().filter(|o| o.n_errors == 0).collect();
    namespaces(&valid, sources, &mut out);
    claims(&valid, &mut out);
    replicas(&valid, &mut out);
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
                        Code::NoEndpoints,
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
                                    Code::NamedPortMissing,
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
                                    Code::TargetPortUnexposed,
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
                            Code::ServiceMissing,
                            "spec.serviceName",
                            Msg::new("lint.sts.no.service")
                                .text(name)
                                .text(first_pod_name(s)),
                        )),
                        Some(svc) if !svc.spec.is_headless() => out.push(warn(
                            obj,
                            Code::ServiceNotHeadless,
                            "spec.serviceName",
                            Msg::new("lint.sts.not.headless").text(name),
                        )),
                        Some(_) => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A claim of the bundle, in the order kubectl creates them.
struct Claim<'a> {
    obj: &'a Object,
    path: String,
    name: String,
    spec: &'a PersistentVolumeClaimSpec,
}

/// Claims that will stay Pending: no PersistentVolume of the bundle binds them (by the rule the
/// engine's binder uses, each volume taken once, in order) and their class neither is
/// minikube's `standard` nor a StorageClass of the bundle. A claim without a class waits for
/// a volume made by hand and is not a missing class.
fn claims(valid: &[&Object], out: &mut Vec<Diagnostic>) {
    let classes: BTreeSet<&str> = valid
        .iter()
        .filter(|o| o.kind() == Kind::StorageClass)
        .map(|o| o.name())
        .collect();
    // An object defined again is still one object: its first definition counts.
    let mut seen = BTreeSet::new();
    let firsts: Vec<&Object> = valid
        .iter()
        .copied()
        .filter(|o| seen.insert((o.kind(), o.namespace().unwrap_or(""), o.name())))
        .collect();
    // Free volumes by class, so that a big bundle is not checked claim × volume.
    let mut free: BTreeMap<&str, Vec<VolumeOffer<'_>>> = BTreeMap::new();
    for o in &firsts {
        if let Resource::PersistentVolume(pv) = &o.resource {
            let offer = VolumeOffer {
                name: o.name(),
                class: pv.spec.storage_class_name.as_deref().unwrap_or(""),
                access_modes: &pv.spec.access_modes,
                capacity: pv.spec.capacity.get("storage").map_or("", |q| q.0.as_str()),
                labels: &pv.metadata.labels,
            };
            free.entry(offer.class).or_default().push(offer);
        }
    }
    let n_free = |class: Option<&str>| free.get(class.unwrap_or("")).map_or(0, Vec::len);
    let mut claims = Vec::new();
    for obj in &firsts {
        match &obj.resource {
            Resource::PersistentVolumeClaim(pvc) => claims.push(Claim {
                obj,
                path: "spec.storageClassName".into(),
                name: obj.name().to_string(),
                spec: &pvc.spec,
            }),
            Resource::StatefulSet(s) => {
                // One claim per replica; one more than there are volumes cannot all bind.
                let replicas = usize::try_from(s.spec.replicas.unwrap_or(1)).unwrap_or(0);
                let start = s.spec.ordinals.as_ref().map_or(0, |o| o.start);
                for (i, tpl) in s.spec.volume_claim_templates.iter().enumerate() {
                    let tpl_name = tpl.metadata.name.as_deref().unwrap_or("");
                    let n = replicas.min(n_free(tpl.spec.storage_class_name.as_deref()) + 1);
                    for k in 0..n {
                        let ordinal = i64::from(start) + i64::try_from(k).unwrap_or(0);
                        claims.push(Claim {
                            obj,
                            path: format!("spec.volumeClaimTemplates[{i}].spec.storageClassName"),
                            name: format!("{tpl_name}-{}-{ordinal}", obj.name()),
                            spec: &tpl.spec,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    let mut warned = BTreeSet::new();
    for claim in claims {
        let class = claim.spec.storage_class_name.as_deref().unwrap_or("");
        if let Some(offers) = free.get_mut(class) {
            if let Some(pv) = binding::best(claim.spec, offers.iter().copied()) {
                let pv = pv.to_string();
                offers.retain(|offer| offer.name != pv);
                continue;
            }
        }
        let provisioned = class == DEFAULT_STORAGE_CLASS || classes.contains(class);
        if class.is_empty() || provisioned {
            continue;
        }
        // One warning per template, for its first claim left Pending.
        if !warned.insert((claim.obj.source, claim.obj.pos, claim.path.clone())) {
            continue;
        }
        out.push(warn(
            claim.obj,
            Code::ClaimStaysPending,
            &claim.path,
            Msg::new("lint.no.storageclass")
                .text(class)
                .text(claim.name),
        ));
    }
}

/// A namespaced object in a namespace that is neither minikube's nor created before it fails
/// to apply, with the error the console's `kubectl apply` prints.
fn namespaces(valid: &[&Object], sources: &[&str], out: &mut Vec<Diagnostic>) {
    // Each namespace's first Namespace object, with its place in the order kubectl sends.
    let mut created: BTreeMap<&str, (usize, &Object)> = BTreeMap::new();
    for (i, obj) in valid.iter().enumerate() {
        if obj.kind() == Kind::Namespace {
            created.entry(obj.name()).or_insert((i, obj));
        }
    }
    for (i, obj) in valid.iter().enumerate() {
        if !obj.kind().namespaced() {
            continue;
        }
        let ns = obj.namespace().unwrap_or("default");
        if MINIKUBE_NAMESPACES.contains(&ns) {
            continue;
        }
        // kubectl sends the objects in order: a Namespace further on comes too late.
        let later = match created.get(ns) {
            Some((at, _)) if *at < i => continue,
            Some((_, ns_obj)) => Some(*ns_obj),
            None => None,
        };
        let error = status::error_when(
            "NotFound",
            "creating",
            file_of(obj, sources),
            &status::not_found("namespaces", ns),
        );
        let msg = match later {
            Some(later) => {
                with_place(Msg::new("lint.bundle.ns.later").text(ns), later, sources).text(error)
            }
            None => Msg::new("lint.bundle.ns.missing").text(ns).text(error),
        };
        out.push(warn(obj, Code::NamespaceMissing, "metadata.namespace", msg));
    }
}

/// Stands for the cluster IP the apiserver allocates: unknown here, but never one a later
/// definition writes (nor `None`).
const ALLOCATED_IP: &str = "<allocated>";

/// The object as the apiserver stores it on creation, as far as a later update can tell: a
/// Service without a cluster IP gets one allocated.
fn as_created(res: &Resource) -> Resource {
    let mut res = res.clone();
    if let Resource::Service(svc) = &mut res {
        let external = svc.spec.type_.as_deref() == Some("ExternalName");
        if !external && svc.spec.cluster_ip.as_deref().is_none_or(str::is_empty) {
            svc.spec.cluster_ip = Some(ALLOCATED_IP.into());
        }
    }
    res
}

/// An object defined again: kubectl apply creates the first and then applies each later one
/// over what is there, which the apiserver takes, leaves alone or rejects.
fn duplicates(objects: &[Object], sources: &[&str], out: &mut Vec<Diagnostic>) {
    // The definition that is live after each apply, and the first one (that created it).
    let mut live: BTreeMap<(Kind, &str, &str), (&Object, &Object)> = BTreeMap::new();
    for obj in objects.iter().filter(|o| o.n_errors == 0) {
        let key = (obj.kind(), obj.namespace().unwrap_or(""), obj.name());
        let Some((current, first)) = live.get(&key).copied() else {
            live.insert(key, (obj, obj));
            continue;
        };
        let kind = obj.kind();
        let slash = update::slash_name(kind, obj.name());
        let head = |id| Msg::new(id).text(kind.name()).text(obj.name());
        let msg = if current.resource == obj.resource {
            with_place(head("lint.bundle.dup.unchanged"), current, sources).text(slash)
        } else if let Some(cause) =
            update::forbidden(&as_created(&current.resource), &obj.resource, false)
        {
            let error = status::invalid(kind, obj.name(), &[cause]);
            with_place(head("lint.bundle.dup.rejected"), first, sources).text(error)
        } else {
            live.insert(key, (obj, first));
            with_place(head("lint.bundle.dup.configured"), first, sources).text(slash)
        };
        out.push(warn(obj, Code::Duplicate, "metadata.name", msg));
    }
}
