//! "Why is this here?": for a pod, claim, volume, Service or DNS record, the Kubernetes rules
//! that produced it and the YAML fields they read (which the page highlights in the editor).

use crate::engine::cluster::{PersistentVolumeClaim, Pod, Service};
use crate::engine::network::dns::{self, RType};
use crate::engine::{Key, ObjRef, Simulation};
use crate::i18n::Msg;
use crate::manifest::objects::Kind;

/// What was clicked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Object(ObjRef),
    Dns {
        name: String,
        rtype: RType,
        data: String,
    },
}

impl Target {
    /// The pod's name when a pod was clicked (the panel offers a pod's actions).
    #[must_use]
    pub fn pod_name(&self) -> Option<&str> {
        match self {
            Target::Object(o) if o.kind == Kind::Pod => Some(&o.key.name),
            _ => None,
        }
    }

    /// The object of `kind` named by `key` (a pod, Service or claim of the scene).
    #[must_use]
    pub fn object(kind: Kind, key: &Key) -> Target {
        Target::Object(ObjRef::new(kind, key))
    }

    /// The PersistentVolume `name`: volumes belong to the cluster, not to a namespace.
    #[must_use]
    pub fn volume(name: &str) -> Target {
        Target::object(Kind::PersistentVolume, &Key::cluster(name))
    }

    /// Whether this is the object of `kind` named by `key` (asked without building a target,
    /// as the canvas asks it of every pod on every frame).
    #[must_use]
    pub fn is_object(&self, kind: Kind, key: &Key) -> bool {
        matches!(self, Target::Object(o) if o.kind == kind && o.key == *key)
    }
}

/// A field of a manifest: the object (kind and name) and the path inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    pub kind: Kind,
    pub name: String,
    pub path: String,
}

impl FieldRef {
    fn new(kind: Kind, name: &str, path: &str) -> FieldRef {
        FieldRef {
            kind,
            name: name.to_string(),
            path: path.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// `Pod web-0`, `A web-0.nginx.default.svc.cluster.local`.
    pub title: String,
    /// The rules, in order, each a sentence.
    pub rules: Vec<Msg>,
    pub fields: Vec<FieldRef>,
    /// Files to show (path, contents or the error), for pods.
    pub files: Vec<(String, String)>,
}

/// Where each of `ex`'s fields is in the editor: (field index, 1-based line, written there
/// rather than a default), for the fields of objects the editor holds.
#[must_use]
pub fn gutter_lines(
    ex: &Explanation,
    analysis: &crate::manifest::Analysis,
) -> Vec<(usize, u32, bool)> {
    ex.fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let o = analysis
                .objects
                .iter()
                .find(|o| o.kind() == f.kind && o.name() == f.name)?;
            Some((i, o.pos_of(&f.path).line, o.is_written(&f.path)))
        })
        .collect()
}

/// The page nginx serves, which the tutorial writes into.
pub const INDEX_HTML: &str = "/usr/share/nginx/html/index.html";

/// The explanation of `target` in `sim`'s current state, or `None` when it no longer exists.
#[must_use]
pub fn explain(sim: &Simulation, target: &Target) -> Option<Explanation> {
    match target {
        Target::Object(obj) => match obj.kind {
            Kind::Pod => pod(sim, &obj.key),
            Kind::PersistentVolumeClaim => claim(sim, &obj.key),
            Kind::PersistentVolume => volume(sim, &obj.key.name),
            Kind::Service => service(sim, &obj.key),
            _ => None,
        },
        Target::Dns { name, rtype, data } => record(sim, name, *rtype, data),
    }
}

fn title(kind: Kind, name: &str) -> String {
    format!("{} {name}", kind.name())
}

fn pod(sim: &Simulation, key: &Key) -> Option<Explanation> {
    let c = sim.cluster();
    let p = c.pods.get(key)?;
    let mut rules = Vec::new();
    let mut fields = Vec::new();
    match p.meta.controller() {
        Some(owner) if owner.kind == Kind::StatefulSet => {
            let sts = c.stateful_sets.get(&Key::new(&key.namespace, &owner.name));
            let ordinal = key.name.rsplit('-').next().unwrap_or_default().to_string();
            rules.push(
                Msg::new("vm.why.sts.name")
                    .text(&key.name)
                    .text(&owner.name)
                    .text(&ordinal),
            );
            fields.push(FieldRef::new(
                Kind::StatefulSet,
                &owner.name,
                "metadata.name",
            ));
            fields.push(FieldRef::new(
                Kind::StatefulSet,
                &owner.name,
                "spec.replicas",
            ));
            if let Some(sts) = sts {
                let next = ordinal
                    .parse::<i32>()
                    .map(|o| format!("{}-{}", owner.name, o + 1))
                    .unwrap_or_default();
                if sts.parallel() {
                    rules.push(Msg::new("vm.why.sts.parallel"));
                } else {
                    rules.push(Msg::new("vm.why.sts.ordered").text(&key.name).text(next));
                }
                fields.push(FieldRef::new(
                    Kind::StatefulSet,
                    &owner.name,
                    "spec.podManagementPolicy",
                ));
                let svc = sts.service_name();
                if !svc.is_empty() {
                    rules.push(
                        Msg::new("vm.why.sts.dns")
                            .text(&key.name)
                            .text(svc)
                            .text(&key.namespace),
                    );
                    fields.push(FieldRef::new(
                        Kind::StatefulSet,
                        &owner.name,
                        "spec.serviceName",
                    ));
                }
                for (i, t) in sts.spec.volume_claim_templates.iter().enumerate() {
                    let tname = t.metadata.name.clone().unwrap_or_default();
                    rules.push(
                        Msg::new("vm.why.sts.claim")
                            .text(format!("{tname}-{}", key.name))
                            .text(&tname),
                    );
                    fields.push(FieldRef::new(
                        Kind::StatefulSet,
                        &owner.name,
                        &format!("spec.volumeClaimTemplates[{i}].metadata.name"),
                    ));
                }
            }
        }
        Some(owner) if owner.kind == Kind::ReplicaSet => {
            let rs = c.replica_sets.get(&Key::new(&key.namespace, &owner.name));
            let deploy = rs.and_then(|rs| rs.meta.controller().map(|o| o.name.clone()));
            let hash = p
                .meta
                .labels
                .get("pod-template-hash")
                .cloned()
                .unwrap_or_default();
            match deploy {
                Some(d) => {
                    rules.push(
                        Msg::new("vm.why.deploy.name")
                            .text(&key.name)
                            .text(&owner.name)
                            .text(&d)
                            .text(&hash),
                    );
                    fields.push(FieldRef::new(Kind::Deployment, &d, "metadata.name"));
                    fields.push(FieldRef::new(Kind::Deployment, &d, "spec.replicas"));
                    fields.push(FieldRef::new(Kind::Deployment, &d, "spec.template"));
                }
                None => {
                    rules.push(Msg::new("vm.why.rs.name").text(&key.name).text(&owner.name));
                    fields.push(FieldRef::new(
                        Kind::ReplicaSet,
                        &owner.name,
                        "metadata.name",
                    ));
                }
            }
            rules.push(Msg::new("vm.why.deploy.parallel"));
        }
        _ => rules.push(Msg::new("vm.why.bare").text(&key.name)),
    }
    rules.push(state_rule(p));
    if let Some(reason) = p
        .status
        .unschedulable
        .as_ref()
        .filter(|_| p.status.scheduled_at.is_none())
    {
        rules.push(Msg::new("vm.why.pod.unschedulable").text(reason));
    }
    for svc in c.services.values() {
        if svc.meta.namespace != key.namespace || !svc.selects(p) {
            continue;
        }
        let id = if p.is_ready() {
            "vm.why.pod.endpoint"
        } else {
            "vm.why.pod.notendpoint"
        };
        rules.push(Msg::new(id).text(&svc.meta.name));
        fields.push(FieldRef::new(
            Kind::Service,
            &svc.meta.name,
            "spec.selector",
        ));
    }
    let mut files = Vec::new();
    // Images whose row serves nginx's web root (the page the tutorial writes into).
    let serves_root = crate::engine::images::traits(p.image())
        .http
        .is_some_and(|h| h.root == crate::engine::images::NGINX_ROOT);
    if serves_root {
        let text = match sim.read_file(key, INDEX_HTML) {
            Ok(t) => t,
            Err(e) => e.message().to_string(),
        };
        files.push((INDEX_HTML.to_string(), text));
    }
    Some(Explanation {
        title: title(Kind::Pod, &key.name),
        rules,
        fields,
        files,
    })
}

fn state_rule(p: &Pod) -> Msg {
    let state = super::scene::PodState::of(p);
    Msg::new("vm.why.pod.state")
        .msg(Msg::new(state.label_id()))
        .text(
            p.status
                .ip
                .map_or_else(|| "-".to_string(), |ip| ip.to_string()),
        )
}

/// The StatefulSet and template a claim was made from: (set name, template index, template
/// name, ordinal).
fn claim_origin(
    sim: &Simulation,
    pvc: &PersistentVolumeClaim,
) -> Option<(String, usize, String, String)> {
    let c = sim.cluster();
    for sts in c.stateful_sets.values() {
        if sts.meta.namespace != pvc.meta.namespace {
            continue;
        }
        for (i, t) in sts.spec.volume_claim_templates.iter().enumerate() {
            let tname = t.metadata.name.clone().unwrap_or_default();
            let prefix = format!("{tname}-{}-", sts.meta.name);
            if let Some(ordinal) = pvc.meta.name.strip_prefix(&prefix) {
                if ordinal.parse::<i32>().is_ok() {
                    return Some((sts.meta.name.clone(), i, tname, ordinal.to_string()));
                }
            }
        }
    }
    None
}

fn claim(sim: &Simulation, key: &Key) -> Option<Explanation> {
    let c = sim.cluster();
    let pvc = c.pvcs.get(key)?;
    let mut rules = Vec::new();
    let mut fields = Vec::new();
    if let Some((set, i, tname, ordinal)) = claim_origin(sim, pvc) {
        rules.push(
            Msg::new("vm.why.pvc.name")
                .text(&key.name)
                .text(&tname)
                .text(&set)
                .text(&ordinal),
        );
        let base = format!("spec.volumeClaimTemplates[{i}]");
        fields.push(FieldRef::new(
            Kind::StatefulSet,
            &set,
            &format!("{base}.metadata.name"),
        ));
        fields.push(FieldRef::new(Kind::StatefulSet, &set, "metadata.name"));
        fields.push(FieldRef::new(
            Kind::StatefulSet,
            &set,
            &format!("{base}.spec.resources.requests.storage"),
        ));
        let policy = c
            .stateful_sets
            .get(&Key::new(&key.namespace, &set))
            .is_none_or(|s| !s.delete_claims_with_set());
        rules.push(
            Msg::new("vm.why.pvc.kept")
                .text(if policy { "Retain" } else { "Delete" })
                .text(format!("{set}-{ordinal}")),
        );
    } else {
        rules.push(Msg::new("vm.why.pvc.own").text(&key.name));
        fields.push(FieldRef::new(
            Kind::PersistentVolumeClaim,
            &key.name,
            "metadata.name",
        ));
    }
    let class = pvc
        .spec
        .storage_class_name
        .clone()
        .unwrap_or_else(|| "standard".into());
    match (&pvc.spec.volume_name, pvc.phase) {
        (Some(v), crate::engine::cluster::ClaimPhase::Bound) => rules.push(
            Msg::new("vm.why.pvc.bound")
                .text(v)
                .text(pvc.capacity.clone().unwrap_or_else(|| pvc.request()))
                .text(&class),
        ),
        _ => rules.push(Msg::new("vm.why.pvc.pending").text(&class)),
    }
    let mounted = c.pods.values().find(|p| {
        p.meta.namespace == key.namespace && p.claim_names().contains(&key.name.as_str())
    });
    rules.push(match mounted {
        Some(p) => Msg::new("vm.why.pvc.mounted").text(&p.meta.name),
        None => Msg::new("vm.why.pvc.idle"),
    });
    Some(Explanation {
        title: title(Kind::PersistentVolumeClaim, &key.name),
        rules,
        fields,
        files: Vec::new(),
    })
}

fn volume(sim: &Simulation, name: &str) -> Option<Explanation> {
    let c = sim.cluster();
    let pv = c.pvs.get(name)?;
    let mut rules = Vec::new();
    let mut fields = Vec::new();
    if let Some(claim) = &pv.claim {
        rules.push(Msg::new("vm.why.pv.name").text(name).text(&claim.name));
        if let Some(pvc) = c.pvcs.get(&Key::new(&claim.namespace, &claim.name)) {
            if let Some((set, i, _, _)) = claim_origin(sim, pvc) {
                fields.push(FieldRef::new(
                    Kind::StatefulSet,
                    &set,
                    &format!("spec.volumeClaimTemplates[{i}].spec.resources.requests.storage"),
                ));
            }
        }
    }
    rules.push(
        Msg::new("vm.why.pv.reclaim")
            .text(&pv.reclaim_policy)
            .text(&pv.host_path),
    );
    Some(Explanation {
        title: title(Kind::PersistentVolume, name),
        rules,
        fields,
        files: Vec::new(),
    })
}

fn selector_text(svc: &Service) -> String {
    svc.spec
        .selector
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn service(sim: &Simulation, key: &Key) -> Option<Explanation> {
    let c = sim.cluster();
    let svc = c.services.get(key)?;
    let mut rules = Vec::new();
    let mut fields = Vec::new();
    if svc.is_headless() {
        rules.push(Msg::new("vm.why.svc.headless").text(&key.name));
        fields.push(FieldRef::new(Kind::Service, &key.name, "spec.clusterIP"));
    } else if let Some(ip) = svc.cluster_ip() {
        rules.push(
            Msg::new("vm.why.svc.vip")
                .text(&key.name)
                .text(ip.to_string()),
        );
        fields.push(FieldRef::new(Kind::Service, &key.name, "spec.type"));
    }
    let ready: Vec<String> = c
        .endpoints
        .get(key)
        .map(|e| e.ready().iter().map(|a| a.pod.clone()).collect())
        .unwrap_or_default();
    rules.push(
        Msg::new("vm.why.svc.selector")
            .text(selector_text(svc))
            .text(if ready.is_empty() {
                "-".to_string()
            } else {
                ready.join(", ")
            }),
    );
    fields.push(FieldRef::new(Kind::Service, &key.name, "spec.selector"));
    fields.push(FieldRef::new(Kind::Service, &key.name, "spec.ports"));
    rules.push(Msg::new("vm.why.svc.dns").text(dns::service_fqdn(key)));
    Some(Explanation {
        title: title(Kind::Service, &key.name),
        rules,
        fields,
        files: Vec::new(),
    })
}

fn record(sim: &Simulation, name: &str, rtype: RType, data: &str) -> Option<Explanation> {
    let records = sim.dns_records();
    let rec = records
        .iter()
        .find(|r| r.name == name && r.rtype == rtype && r.data == data)?;
    let c = sim.cluster();
    let svc = c.services.get(&rec.service)?;
    let fqdn = dns::service_fqdn(&rec.service);
    let mut rules = Vec::new();
    let mut fields = Vec::new();
    let svc_name = rec.service.name.clone();
    match rtype {
        RType::A if name == fqdn && svc.is_headless() => {
            rules.push(
                Msg::new("vm.why.dns.headless")
                    .text(&svc_name)
                    .text(rec.pod.clone().unwrap_or_default()),
            );
            fields.push(FieldRef::new(Kind::Service, &svc_name, "spec.clusterIP"));
        }
        RType::A if name == fqdn => {
            rules.push(Msg::new("vm.why.dns.vip").text(&svc_name));
        }
        RType::A => {
            let host = name.split('.').next().unwrap_or_default().to_string();
            rules.push(
                Msg::new("vm.why.dns.pod")
                    .text(name)
                    .text(&host)
                    .text(&svc_name),
            );
            if let Some(pod) = rec
                .pod
                .as_ref()
                .and_then(|p| c.pods.get(&Key::new(&rec.service.namespace, p)))
            {
                if let Some(owner) = pod
                    .meta
                    .controller()
                    .filter(|o| o.kind == Kind::StatefulSet)
                {
                    fields.push(FieldRef::new(
                        Kind::StatefulSet,
                        &owner.name,
                        "spec.serviceName",
                    ));
                }
            }
        }
        RType::Srv => {
            let port = name
                .split('.')
                .next()
                .unwrap_or_default()
                .trim_start_matches('_')
                .to_string();
            rules.push(Msg::new("vm.why.dns.srv").text(port));
            fields.push(FieldRef::new(Kind::Service, &svc_name, "spec.ports"));
        }
        RType::Ptr => rules.push(Msg::new("vm.why.dns.ptr").text(data.trim_end_matches('.'))),
        RType::Cname => rules.push(Msg::new("vm.why.dns.cname").text(data)),
    }
    rules.push(Msg::new("vm.why.dns.live"));
    fields.push(FieldRef::new(Kind::Service, &svc_name, "metadata.name"));
    Some(Explanation {
        title: format!("{} {name}", rtype.name()),
        rules,
        fields,
        files: Vec::new(),
    })
}
