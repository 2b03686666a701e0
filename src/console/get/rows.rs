//! What `kubectl get` lists and the cells of its tables: the server-side table printers of
//! `pkg/printers/internalversion/printers.go` (reference §9.3, §3.1, §4.4, §4.6, §7.5, §8),
//! computed from the live objects the way the controllers and the kubelet would report them.

use crate::engine::cluster::{EndpointAddress, Key, Phase, Pod};
use crate::engine::simulation::KUBERNETES_VERSION;
use crate::engine::trace::KubeEvent;
use crate::engine::{Simulation, Time};
use crate::manifest::objects::{Container, PodTemplateSpec, StrMap};

use super::super::render::age;
use super::super::resources::Res;
use crate::console::selector::{format_labels, format_selector};

/// One object `kubectl get` can show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obj {
    pub res: Res,
    /// Namespace (empty for cluster-scoped objects) and name.
    pub key: Key,
    pub labels: StrMap,
    pub created: Time,
}

/// Every Event with its namespace and name. The name is client-go's (`record/event.go`
/// `makeEvent`): the object's name, a dot and the event time in Unix nanoseconds as hex; events
/// recorded in the same virtual millisecond get successive nanoseconds, so names stay unique.
#[must_use]
pub fn named_events(sim: &Simulation) -> Vec<(Key, &KubeEvent)> {
    // The next free nanosecond per object name and millisecond: a name is taken only by an
    // event of the same object name in the same millisecond (fewer events are kept than a
    // millisecond has nanoseconds), so counting them names each in one step.
    let mut next: std::collections::BTreeMap<(&str, i128), i128> =
        std::collections::BTreeMap::new();
    sim.events()
        .iter()
        .map(|e| {
            let nanos = event_nanos(sim, e, &mut next);
            let name = format!("{}.{nanos:x}", e.object.key.name);
            (Key::new(&event_namespace(e), &name), e)
        })
        .collect()
}

/// The nanoseconds in `e`'s name, given the names taken before it (`next`).
fn event_nanos<'a>(
    sim: &Simulation,
    e: &'a KubeEvent,
    next: &mut std::collections::BTreeMap<(&'a str, i128), i128>,
) -> i128 {
    let unix_ms = i128::from(sim.config().epoch_unix_s) * 1000 + i128::from(e.first.ms());
    let base = unix_ms * 1_000_000;
    let slot = next
        .entry((e.object.key.name.as_str(), base))
        .or_insert(base);
    let nanos = *slot;
    *slot += 1;
    nanos
}

/// The Event named `k` (as [`named_events`] names them), found without naming the others.
#[must_use]
pub fn named_event<'a>(sim: &'a Simulation, k: &Key) -> Option<&'a KubeEvent> {
    let (object, hex) = k.name.rsplit_once('.')?;
    let want = i128::from_str_radix(hex, 16).ok()?;
    let mut next = std::collections::BTreeMap::new();
    sim.events()
        .iter()
        .filter(|e| e.object.key.name == object)
        .find(|e| event_nanos(sim, e, &mut next) == want && event_namespace(e) == k.namespace)
}

fn event_namespace(e: &KubeEvent) -> String {
    if e.object.key.namespace.is_empty() {
        "default".to_string()
    } else {
        e.object.key.namespace.clone()
    }
}

/// Every object of `res` in namespace `ns` (`None`: all namespaces), in the order the
/// apiserver lists them (by namespace, then name).
#[must_use]
pub fn list(sim: &Simulation, res: Res, ns: Option<&str>) -> Vec<Obj> {
    let c = sim.cluster();
    let in_ns = |k: &Key| ns.is_none_or(|n| k.namespace == n);
    let mk = |res: Res, key: Key, labels: &StrMap, created: Time| Obj {
        res,
        key,
        labels: labels.clone(),
        created,
    };
    let mut v: Vec<Obj> = match res {
        Res::Pods => c
            .pods
            .iter()
            .filter(|(k, _)| in_ns(k))
            .map(|(k, p)| mk(res, k.clone(), &p.meta.labels, p.meta.created))
            .collect(),
        Res::Services => c
            .services
            .iter()
            .filter(|(k, _)| in_ns(k))
            .map(|(k, s)| mk(res, k.clone(), &s.meta.labels, s.meta.created))
            .collect(),
        Res::StatefulSets => c
            .stateful_sets
            .iter()
            .filter(|(k, _)| in_ns(k))
            .map(|(k, s)| mk(res, k.clone(), &s.meta.labels, s.meta.created))
            .collect(),
        Res::Deployments => c
            .deployments
            .iter()
            .filter(|(k, _)| in_ns(k))
            .map(|(k, d)| mk(res, k.clone(), &d.meta.labels, d.meta.created))
            .collect(),
        Res::ReplicaSets => c
            .replica_sets
            .iter()
            .filter(|(k, _)| in_ns(k))
            .map(|(k, r)| mk(res, k.clone(), &r.meta.labels, r.meta.created))
            .collect(),
        Res::PersistentVolumeClaims => c
            .pvcs
            .iter()
            .filter(|(k, _)| in_ns(k))
            .map(|(k, p)| mk(res, k.clone(), &p.meta.labels, p.meta.created))
            .collect(),
        Res::PersistentVolumes => c
            .pvs
            .iter()
            .map(|(n, p)| mk(res, Key::cluster(n), &p.meta.labels, p.meta.created))
            .collect(),
        Res::StorageClasses => c
            .storage_classes
            .iter()
            .map(|(n, s)| mk(res, Key::cluster(n), &s.meta.labels, s.meta.created))
            .collect(),
        Res::Endpoints => endpoints_objs(sim, ns),
        Res::EndpointSlices => endpoint_slice_objs(sim, ns),
        Res::Events => named_events(sim)
            .into_iter()
            .map(|(key, e)| mk(res, key, &StrMap::new(), e.first))
            .filter(|o| in_ns(&o.key))
            .collect(),
        Res::Nodes => c
            .nodes
            .iter()
            .map(|(n, node)| mk(res, Key::cluster(n), &node.meta.labels, node.meta.created))
            .collect(),
        Res::Namespaces => c
            .namespaces
            .iter()
            .map(|(n, x)| mk(res, Key::cluster(n), &x.meta.labels, x.meta.created))
            .collect(),
        Res::ConfigMaps => c
            .config_maps
            .iter()
            .filter(|(k, _)| in_ns(k))
            .map(|(k, m)| mk(res, k.clone(), &m.meta.labels, m.meta.created))
            .collect(),
        Res::ControllerRevisions => controller_revision_objs(sim, ns),
        Res::Stored(sk) => c
            .stored_of(sk, ns)
            .map(|o| mk(res, o.meta.key(), &o.meta.labels, o.meta.created))
            .collect(),
    };
    v.sort_by(|a, b| a.key.cmp(&b.key));
    v
}

/// Endpoints objects carry their Service's labels.
fn endpoints_objs(sim: &Simulation, ns: Option<&str>) -> Vec<Obj> {
    let c = sim.cluster();
    c.endpoints
        .iter()
        .filter(|(k, _)| ns.is_none_or(|n| k.namespace == n))
        .map(|(k, e)| {
            let labels = c.services.get(k).map(|s| s.meta.labels.clone());
            Obj {
                res: Res::Endpoints,
                key: k.clone(),
                labels: labels.unwrap_or_default(),
                created: e.created,
            }
        })
        .collect()
}

/// One EndpointSlice per Service with endpoints, named by the Service's slice name, with the
/// endpointslice controller's labels added to the Service's.
fn endpoint_slice_objs(sim: &Simulation, ns: Option<&str>) -> Vec<Obj> {
    let c = sim.cluster();
    c.endpoints
        .iter()
        .filter(|(k, _)| ns.is_none_or(|n| k.namespace == n))
        .filter_map(|(k, e)| {
            let svc = c.services.get(k)?;
            let name = if svc.slice_name.is_empty() {
                k.name.clone()
            } else {
                svc.slice_name.clone()
            };
            let mut labels = svc.meta.labels.clone();
            labels.insert(
                "endpointslice.kubernetes.io/managed-by".into(),
                "endpointslice-controller.k8s.io".into(),
            );
            labels.insert("kubernetes.io/service-name".into(), k.name.clone());
            Some(Obj {
                res: Res::EndpointSlices,
                key: Key::new(&k.namespace, &name),
                labels,
                created: e.created,
            })
        })
        .collect()
}

/// The ControllerRevisions of the StatefulSets, labelled with their template hash.
fn controller_revision_objs(sim: &Simulation, ns: Option<&str>) -> Vec<Obj> {
    sim.cluster()
        .stateful_sets
        .iter()
        .filter(|(k, _)| ns.is_none_or(|n| k.namespace == n))
        .flat_map(|(k, s)| {
            s.revisions.iter().map(move |r| {
                let mut labels = r.template.metadata.labels.clone();
                labels.insert("controller.kubernetes.io/hash".into(), r.hash.clone());
                Obj {
                    res: Res::ControllerRevisions,
                    key: Key::new(&k.namespace, &r.name),
                    labels,
                    created: r.created,
                }
            })
        })
        .collect()
}

/// The object of `res` named `name` in `ns` (ignored for cluster-scoped types).
#[must_use]
pub fn find(sim: &Simulation, res: Res, ns: &str, name: &str) -> Option<Obj> {
    let ns = if res.namespaced() { Some(ns) } else { None };
    list(sim, res, ns).into_iter().find(|o| o.key.name == name)
}

/// Column names (as the printers declare them; the table upper-cases them).
#[must_use]
pub fn columns(res: Res, wide: bool) -> Vec<&'static str> {
    let (base, extra): (&[&str], &[&str]) = match res {
        Res::Pods => (
            &["Name", "Ready", "Status", "Restarts", "Age"],
            &["IP", "Node", "Nominated Node", "Readiness Gates"],
        ),
        Res::Services => (
            &[
                "Name",
                "Type",
                "Cluster-IP",
                "External-IP",
                "Port(s)",
                "Age",
            ],
            &["Selector"],
        ),
        Res::StatefulSets => (&["Name", "Ready", "Age"], &["Containers", "Images"]),
        Res::Deployments => (
            &["Name", "Ready", "Up-to-date", "Available", "Age"],
            &["Containers", "Images", "Selector"],
        ),
        Res::ReplicaSets => (
            &["Name", "Desired", "Current", "Ready", "Age"],
            &["Containers", "Images", "Selector"],
        ),
        Res::PersistentVolumeClaims => (
            &[
                "Name",
                "Status",
                "Volume",
                "Capacity",
                "Access Modes",
                "StorageClass",
                "VolumeAttributesClass",
                "Age",
            ],
            &["VolumeMode"],
        ),
        Res::PersistentVolumes => (
            &[
                "Name",
                "Capacity",
                "Access Modes",
                "Reclaim Policy",
                "Status",
                "Claim",
                "StorageClass",
                "VolumeAttributesClass",
                "Reason",
                "Age",
            ],
            &["VolumeMode"],
        ),
        Res::StorageClasses => (
            &[
                "Name",
                "Provisioner",
                "ReclaimPolicy",
                "VolumeBindingMode",
                "AllowVolumeExpansion",
                "Age",
            ],
            &[],
        ),
        Res::Endpoints => (&["Name", "Endpoints", "Age"], &[]),
        Res::EndpointSlices => (&["Name", "AddressType", "Ports", "Endpoints", "Age"], &[]),
        Res::Events => (
            &["Last Seen", "Type", "Reason", "Object", "Message"],
            &["Subobject", "Source", "First Seen", "Count", "Name"],
        ),
        Res::Nodes => (
            &["Name", "Status", "Roles", "Age", "Version"],
            &[
                "Internal-IP",
                "External-IP",
                "OS-Image",
                "Kernel-Version",
                "Container-Runtime",
            ],
        ),
        Res::Namespaces => (&["Name", "Status", "Age"], &[]),
        Res::ConfigMaps => (&["Name", "Data", "Age"], &[]),
        Res::ControllerRevisions => (&["Name", "Controller", "Revision", "Age"], &[]),
        Res::Stored(k) => (k.row().printer.columns(), k.row().printer.wide_columns()),
    };
    let mut v = base.to_vec();
    if wide {
        v.extend_from_slice(extra);
    }
    v
}

/// Where the object's name is in a row (`Events` put it last, in `-o wide` only).
#[must_use]
pub fn name_column(res: Res) -> Option<usize> {
    (res != Res::Events).then_some(0)
}

/// The AGE column of a row, recomputed when a row prints later (watch).
#[must_use]
pub fn age_column(res: Res) -> Option<usize> {
    columns(res, false).iter().position(|c| *c == "Age")
}

fn join_or(v: &[String], none: &str) -> String {
    if v.is_empty() {
        none.to_string()
    } else {
        v.join(",")
    }
}

fn containers_images(t: &PodTemplateSpec) -> [String; 2] {
    let cs: &[Container] = &t.spec.containers;
    [
        cs.iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
            .join(","),
        cs.iter()
            .map(|c| c.image.clone().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(","),
    ]
}

/// READY and STATUS of a pod (`printPod`, reference §3.1; see
/// [`crate::engine::containers::ready_and_status`]).
#[must_use]
pub fn pod_ready_status(p: &Pod) -> (String, String) {
    let (ready, total, status) = crate::engine::containers::ready_and_status(p);
    (format!("{ready}/{total}"), status)
}

fn access_modes(modes: &[String]) -> String {
    modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO".to_string(),
            "ReadOnlyMany" => "ROX".to_string(),
            "ReadWriteMany" => "RWX".to_string(),
            "ReadWriteOncePod" => "RWOP".to_string(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `formatEndpoints`: ready `ip:port` per subset port, at most 3 then ` + N more...`; `<none>`
/// without subsets (no address at all).
fn format_endpoints(addrs: &[&EndpointAddress], any: bool) -> String {
    if !any {
        return "<none>".to_string();
    }
    // Subsets group addresses with the same ports (`RepackSubsets`).
    let mut subsets: std::collections::BTreeMap<Vec<_>, Vec<&EndpointAddress>> =
        std::collections::BTreeMap::new();
    for a in addrs {
        let mut ports = a.ports.clone();
        ports.sort();
        subsets.entry(ports).or_default().push(a);
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut count = 0usize;
    for (ports, addrs) in &subsets {
        if ports.is_empty() {
            count += addrs.len();
            for a in addrs {
                if list.len() < max {
                    list.push(a.ip.to_string());
                }
            }
        } else {
            for p in ports {
                count += addrs.len();
                for a in addrs {
                    if list.len() < max {
                        list.push(format!("{}:{}", a.ip, p.port));
                    }
                }
            }
        }
    }
    let joined = list.join(",");
    if count > max {
        format!("{joined} + {} more...", count - max)
    } else {
        joined
    }
}

fn limited(items: Vec<String>, none: &str) -> String {
    if items.is_empty() {
        return none.to_string();
    }
    let max = 3;
    if items.len() > max {
        format!("{} + {} more...", items[..max].join(","), items.len() - max)
    } else {
        items.join(",")
    }
}

/// The cells of one row (AGE at `now`), or `None` if the object is gone.
#[must_use]
pub fn cells(sim: &Simulation, o: &Obj, wide: bool) -> Option<Vec<String>> {
    let k = &o.key;
    let mut row: Vec<String> = match o.res {
        Res::Stored(sk) => {
            let obj = sim.cluster().stored.get(&(sk, k.clone()))?;
            let mut row = super::stored::cells(sim, sk, obj);
            if wide {
                row.extend(super::stored::wide_cells(sk, obj));
            }
            Some(row)
        }
        Res::Pods => pod_cells(sim, k, wide),
        Res::Services => service_cells(sim, k, wide),
        Res::StatefulSets => stateful_set_cells(sim, k, wide),
        Res::Deployments => deployment_cells(sim, k, wide),
        Res::ReplicaSets => replica_set_cells(sim, k, wide),
        Res::PersistentVolumeClaims => pvc_cells(sim, k, wide),
        Res::PersistentVolumes => pv_cells(sim, k, wide),
        Res::StorageClasses => storage_class_cells(sim, k),
        Res::Endpoints => endpoints_cells(sim, k),
        Res::EndpointSlices => endpoint_slice_cells(sim, k),
        Res::Events => event_cells(sim, k, wide),
        Res::Nodes => node_cells(sim, k, wide),
        Res::Namespaces => namespace_cells(sim, k),
        Res::ConfigMaps => config_map_cells(sim, k),
        Res::ControllerRevisions => controller_revision_cells(sim, k),
    }?;
    // Keep the row as wide as the header even for types without wide columns.
    let n = columns(o.res, wide).len();
    row.resize(n, String::new());
    Some(row)
}

/// A Pod row (`printPod`): READY, STATUS, RESTARTS; wide: IP, NODE, NOMINATED NODE, READINESS GATES.
fn pod_cells(sim: &Simulation, k: &Key, wide: bool) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let p = c.pods.get(k)?;
    let (ready, status) = pod_ready_status(p);
    let mut r = vec![
        k.name.clone(),
        ready,
        status,
        p.status.restarts.to_string(),
        age_of(p.meta.created),
    ];
    if wide {
        let gates = p
            .spec
            .readiness_gates
            .as_ref()
            .and_then(|g| g.as_array().map(Vec::len))
            .filter(|n| *n > 0)
            .map_or("<none>".to_string(), |n| {
                format!("{}/{n}", if p.is_ready() { n } else { 0 })
            });
        r.extend([
            p.status.ip.map_or("<none>".into(), |ip| ip.to_string()),
            p.spec.node_name.clone().unwrap_or_else(|| "<none>".into()),
            "<none>".into(),
            gates,
        ]);
    }
    Some(r)
}

/// A Service row (`printService`): TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S); wide: SELECTOR.
fn service_cells(sim: &Simulation, k: &Key, wide: bool) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let s = c.services.get(k)?;
    let spec = &s.spec;
    let ty = spec.type_.clone().unwrap_or_else(|| "ClusterIP".into());
    let cluster_ip = spec
        .cluster_ips
        .first()
        .cloned()
        .or_else(|| spec.cluster_ip.clone())
        .unwrap_or_else(|| "<none>".into());
    let external = match ty.as_str() {
        "LoadBalancer" => {
            let mut v = spec.external_ips.clone();
            if v.is_empty() {
                v.push("<pending>".into());
            }
            v.join(",")
        }
        "ExternalName" => spec.external_name.clone().unwrap_or_default(),
        _ => join_or(&spec.external_ips, "<none>"),
    };
    let ports: Vec<String> = spec
        .ports
        .iter()
        .map(|p| {
            let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
            match p.node_port {
                Some(np) if np > 0 => format!("{}:{np}/{proto}", p.port),
                _ => format!("{}/{proto}", p.port),
            }
        })
        .collect();
    let mut r = vec![
        k.name.clone(),
        ty,
        cluster_ip,
        external,
        join_or(&ports, "<none>"),
        age_of(s.meta.created),
    ];
    if wide {
        r.push(format_labels(&spec.selector.clone().unwrap_or_default()));
    }
    Some(r)
}

/// A StatefulSet row (`printStatefulSet`); wide: CONTAINERS, IMAGES.
fn stateful_set_cells(sim: &Simulation, k: &Key, wide: bool) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let s = c.stateful_sets.get(k)?;
    let ready = c
        .pods_of(&s.meta.uid)
        .filter(|p| p.phase() == Phase::Running && p.is_ready())
        .count();
    let mut r = vec![
        k.name.clone(),
        format!("{ready}/{}", s.replicas()),
        age_of(s.meta.created),
    ];
    if wide {
        r.extend(containers_images(&s.spec.template));
    }
    Some(r)
}

/// A Deployment row (`printDeployment`): READY, UP-TO-DATE, AVAILABLE; wide: CONTAINERS, IMAGES, SELECTOR.
fn deployment_cells(sim: &Simulation, k: &Key, wide: bool) -> Option<Vec<String>> {
    let c = sim.cluster();
    let now = sim.now();
    let age_of = |t: Time| age::since(now, t);
    let d = c.deployments.get(k)?;
    let st = crate::engine::status::deployment(c, d, now);
    let mut r = vec![
        k.name.clone(),
        format!("{}/{}", st.ready, d.replicas()),
        st.updated.to_string(),
        st.available.to_string(),
        age_of(d.meta.created),
    ];
    if wide {
        r.extend(containers_images(&d.spec.template));
        r.push(format_selector(d.spec.selector.as_ref()));
    }
    Some(r)
}

/// A ReplicaSet row (`printReplicaSet`); wide: CONTAINERS, IMAGES, SELECTOR.
fn replica_set_cells(sim: &Simulation, k: &Key, wide: bool) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let rs = c.replica_sets.get(k)?;
    let active = crate::engine::controllers::replica_set::active_pods(c, rs);
    let mut r = vec![
        k.name.clone(),
        rs.replicas().to_string(),
        active.len().to_string(),
        active.iter().filter(|p| p.is_ready()).count().to_string(),
        age_of(rs.meta.created),
    ];
    if wide {
        r.extend(containers_images(&rs.spec.template));
        r.push(format_selector(rs.spec.selector.as_ref()));
    }
    Some(r)
}

/// A PersistentVolumeClaim row (`printPersistentVolumeClaim`); wide: VOLUMEMODE.
fn pvc_cells(sim: &Simulation, k: &Key, wide: bool) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let p = c.pvcs.get(k)?;
    let volume = p.spec.volume_name.clone().unwrap_or_default();
    let bound = !volume.is_empty();
    let status = if p.meta.deleting.is_some() {
        "Terminating".to_string()
    } else {
        p.phase.name().to_string()
    };
    let mut r = vec![
        k.name.clone(),
        status,
        volume,
        if bound {
            p.capacity.clone().unwrap_or_default()
        } else {
            String::new()
        },
        if bound {
            access_modes(&p.spec.access_modes)
        } else {
            String::new()
        },
        p.spec.storage_class_name.clone().unwrap_or_default(),
        p.spec
            .volume_attributes_class_name
            .clone()
            .unwrap_or_else(|| "<unset>".into()),
        age_of(p.meta.created),
    ];
    if wide {
        r.push(
            p.spec
                .volume_mode
                .clone()
                .unwrap_or_else(|| "Filesystem".into()),
        );
    }
    Some(r)
}

/// A PersistentVolume row (`printPersistentVolume`); wide: VOLUMEMODE.
fn pv_cells(sim: &Simulation, k: &Key, wide: bool) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let pv = c.pvs.get(&k.name)?;
    let status = if pv.meta.deleting.is_some() {
        "Terminating".to_string()
    } else {
        pv.phase.name().to_string()
    };
    let mut r = vec![
        k.name.clone(),
        pv.capacity.clone(),
        access_modes(&pv.access_modes),
        pv.reclaim_policy.clone(),
        status,
        pv.claim
            .as_ref()
            .map(|cr| format!("{}/{}", cr.namespace, cr.name))
            .unwrap_or_default(),
        pv.storage_class.clone(),
        "<unset>".into(),
        String::new(),
        age_of(pv.meta.created),
    ];
    if wide {
        r.push("Filesystem".into());
    }
    Some(r)
}

/// A StorageClass row (`printStorageClass`); the default class is marked `(default)`.
fn storage_class_cells(sim: &Simulation, k: &Key) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let s = c.storage_classes.get(&k.name)?;
    let name = if s.is_default {
        format!("{} (default)", k.name)
    } else {
        k.name.clone()
    };
    Some(vec![
        name,
        s.provisioner.clone(),
        if s.reclaim_policy.is_empty() {
            "Delete".into()
        } else {
            s.reclaim_policy.clone()
        },
        if s.binding_mode.is_empty() {
            "Immediate".into()
        } else {
            s.binding_mode.clone()
        },
        s.allow_expansion.unwrap_or(false).to_string(),
        age_of(s.meta.created),
    ])
}

/// An Endpoints row (`printEndpoints`).
fn endpoints_cells(sim: &Simulation, k: &Key) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let e = c.endpoints.get(k)?;
    let any = !e.fixed.is_empty() || !e.by_pod.is_empty();
    Some(vec![
        k.name.clone(),
        format_endpoints(&e.ready(), any),
        age_of(e.created),
    ])
}

/// An EndpointSlice row (`printEndpointSlice`): the slice of the Service it is named after.
fn endpoint_slice_cells(sim: &Simulation, k: &Key) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let (svc_key, e) = c.endpoints.iter().find(|(sk, _)| {
        sk.namespace == k.namespace
            && c.services.get(sk).is_some_and(|s| {
                s.slice_name == k.name || (s.slice_name.is_empty() && sk.name == k.name)
            })
    })?;
    let _ = svc_key;
    let mut all: Vec<&EndpointAddress> = e.fixed.iter().chain(e.by_pod.values()).collect();
    all.sort_by_key(|a| a.ip.to_string());
    let mut ports: Vec<u16> = Vec::new();
    for a in &all {
        for p in &a.ports {
            if !ports.contains(&p.port) {
                ports.push(p.port);
            }
        }
    }
    Some(vec![
        k.name.clone(),
        "IPv4".into(),
        limited(ports.iter().map(ToString::to_string).collect(), "<unset>"),
        limited(all.iter().map(|a| a.ip.to_string()).collect(), "<unset>"),
        age_of(e.created),
    ])
}

/// An Event row (`printEvent`); wide: SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME.
fn event_cells(sim: &Simulation, k: &Key, wide: bool) -> Option<Vec<String>> {
    let age_of = |t: Time| age::since(sim.now(), t);
    let e = named_event(sim, k)?;
    let mut r = vec![
        age_of(e.last),
        e.type_.name().to_string(),
        e.reason.clone(),
        e.object.slashed(),
        e.message.clone(),
    ];
    if wide {
        let source = if e.source == "kubelet" {
            format!("kubelet, {}", node_of(sim, e))
        } else {
            e.source.clone()
        };
        r.extend([
            String::new(),
            source,
            age_of(e.first),
            e.count.to_string(),
            k.name.clone(),
        ]);
    }
    Some(r)
}

/// A Node row (`printNode`); wide: the node's addresses and minikube's OS and runtime.
fn node_cells(sim: &Simulation, k: &Key, wide: bool) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let n = c.nodes.get(&k.name)?;
    let mut roles: Vec<String> = n
        .meta
        .labels
        .keys()
        .filter_map(|l| l.strip_prefix("node-role.kubernetes.io/"))
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    roles.sort();
    // `printNode`: a cordoned node adds `SchedulingDisabled` to its status.
    let status = if n.unschedulable {
        "Ready,SchedulingDisabled"
    } else {
        "Ready"
    };
    let mut r = vec![
        k.name.clone(),
        status.into(),
        join_or(&roles, "<none>"),
        age_of(n.meta.created),
        KUBERNETES_VERSION.into(),
    ];
    if wide {
        r.extend([
            n.ip.to_string(),
            "<none>".into(),
            NODE_OS_IMAGE.into(),
            NODE_KERNEL.into(),
            NODE_RUNTIME.into(),
        ]);
    }
    Some(r)
}

/// A Namespace row (`printNamespace`).
fn namespace_cells(sim: &Simulation, k: &Key) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let n = c.namespaces.get(&k.name)?;
    let status = if n.meta.deleting.is_some() {
        "Terminating"
    } else {
        "Active"
    };
    Some(vec![k.name.clone(), status.into(), age_of(n.meta.created)])
}

/// A ConfigMap row (`printConfigMap`): the number of data entries.
fn config_map_cells(sim: &Simulation, k: &Key) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let m = c.config_maps.get(k)?;
    Some(vec![
        k.name.clone(),
        m.data.len().to_string(),
        age_of(m.meta.created),
    ])
}

/// A ControllerRevision row (`printControllerRevision`): the StatefulSet owning it.
fn controller_revision_cells(sim: &Simulation, k: &Key) -> Option<Vec<String>> {
    let c = sim.cluster();
    let age_of = |t: Time| age::since(sim.now(), t);
    let (set, rev) = c
        .stateful_sets
        .values()
        .filter(|s| s.meta.namespace == k.namespace)
        .find_map(|s| {
            s.revisions
                .iter()
                .find(|r| r.name == k.name)
                .map(|r| (s, r))
        })?;
    Some(vec![
        k.name.clone(),
        format!("statefulset.apps/{}", set.meta.name),
        rev.revision.to_string(),
        age_of(rev.created),
    ])
}

/// The node a kubelet event came from (the pod's node, else the first node).
fn node_of(sim: &Simulation, e: &KubeEvent) -> String {
    sim.cluster()
        .pods
        .get(&e.object.key)
        .and_then(|p| p.spec.node_name.clone())
        .or_else(|| sim.cluster().nodes.keys().next().cloned())
        .unwrap_or_default()
}

/// `kubectl get nodes -o wide` values minikube's docker driver reports: the kicbase image's OS
/// (kicbase for minikube v1.37 is Ubuntu 22.04) and its Docker runtime. The kernel is the
/// host's; podplay shows a typical one.
pub const NODE_OS_IMAGE: &str = "Ubuntu 22.04.5 LTS";
pub const NODE_KERNEL: &str = "6.8.0-85-generic";
pub const NODE_RUNTIME: &str = "docker://28.4.0";
