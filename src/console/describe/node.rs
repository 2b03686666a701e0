//! `describeNode` and `describeNodeResource` (`kubectl@1.34:pkg/describe/describe.go`), and the
//! node's resource lists as `-o yaml|json` shows them.

use serde_json::{json, Value};

use crate::engine::cluster::{Node, NodeResources, Pod};
use crate::engine::simulation::KUBERNETES_VERSION;
use crate::engine::Simulation;
use crate::manifest::objects::{scaled_quantity, PodSpec};

use super::tabwriter::Writer;
use super::util::{events, hex_id, labels_multiline, rfc1123z, since_signed};
use crate::console::get::rows::{NODE_KERNEL, NODE_OS_IMAGE, NODE_RUNTIME};

/// A cpu amount in millicores as `resource.Quantity.String()` prints it (`2`, `750m`).
#[must_use]
pub fn cpu_text(m: i64) -> String {
    if m % 1000 == 0 {
        (m / 1000).to_string()
    } else {
        format!("{m}m")
    }
}

/// A byte amount in the largest binary suffix that holds it exactly (`3900Mi`, `70Mi`, `0`).
#[must_use]
pub fn bytes_text(b: i64) -> String {
    if b == 0 {
        return "0".into();
    }
    for (suffix, shift) in [
        ("Ei", 60),
        ("Pi", 50),
        ("Ti", 40),
        ("Gi", 30),
        ("Mi", 20),
        ("Ki", 10),
    ] {
        let unit = 1i64 << shift;
        if b % unit == 0 {
            return format!("{}{suffix}", b / unit);
        }
    }
    b.to_string()
}

/// The resource names kubelet reports, in kubectl's `SortableResourceNames` (name) order.
fn resource_list(r: &NodeResources) -> Vec<(&'static str, String)> {
    vec![
        ("cpu", cpu_text(r.cpu_m)),
        ("ephemeral-storage", "102625208Ki".into()),
        ("hugepages-1Gi", "0".into()),
        ("hugepages-2Mi", "0".into()),
        ("memory", bytes_text(r.memory)),
        ("pods", r.pods.to_string()),
    ]
}

/// `status.capacity` / `status.allocatable` as JSON.
#[must_use]
pub fn resource_json(r: &NodeResources) -> Value {
    let map: serde_json::Map<String, Value> = resource_list(r)
        .into_iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    Value::Object(map)
}

/// A pod's limit of `resource` in scheduler units: the containers' limits summed
/// (`resourcehelper.PodLimits`; a container without one adds nothing).
fn pod_limit(spec: &PodSpec, resource: &str) -> i64 {
    spec.containers
        .iter()
        .filter_map(|c| c.resources.as_ref()?.limits.get(resource))
        .map(|q| scaled_quantity(resource, q))
        .sum()
}

fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    // int64(float64(part) / float64(whole) * 100): truncated.
    (part as f64 / whole as f64 * 100.0) as i64
}

/// The pods on `node` that have not ended, by namespace and name.
fn pods_on<'a>(sim: &'a Simulation, node: &Node) -> Vec<&'a Pod> {
    sim.cluster()
        .pods
        .values()
        .filter(|p| p.spec.node_name.as_deref() == Some(node.meta.name.as_str()))
        .filter(|p| !p.is_terminal())
        .collect()
}

/// `describeNodeResource`: the non-terminated pods and the resources they claim.
fn node_resource(w: &mut Writer, sim: &Simulation, node: &Node) {
    let pods = pods_on(sim, node);
    let alloc = node.allocatable;
    w.write(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.write(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.write(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let mut totals = [0i64; 4];
    for p in &pods {
        let v = [
            p.spec.request("cpu"),
            pod_limit(&p.spec, "cpu"),
            p.spec.request("memory"),
            pod_limit(&p.spec, "memory"),
        ];
        for (t, x) in totals.iter_mut().zip(v) {
            *t = t.saturating_add(x);
        }
        w.write(
            1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                p.meta.namespace,
                p.meta.name,
                cpu_text(v[0]),
                percent(v[0], alloc.cpu_m),
                cpu_text(v[1]),
                percent(v[1], alloc.cpu_m),
                bytes_text(v[2]),
                percent(v[2], alloc.memory),
                bytes_text(v[3]),
                percent(v[3], alloc.memory),
                since_signed(sim.now(), p.meta.created)
            ),
        );
    }
    w.write(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.write(1, "Resource\tRequests\tLimits\n");
    w.write(1, "--------\t--------\t------\n");
    let [cr, cl, mr, ml] = totals;
    let rows = [
        (
            "cpu",
            cpu_text(cr),
            percent(cr, alloc.cpu_m),
            cpu_text(cl),
            percent(cl, alloc.cpu_m),
        ),
        (
            "memory",
            bytes_text(mr),
            percent(mr, alloc.memory),
            bytes_text(ml),
            percent(ml, alloc.memory),
        ),
        ("ephemeral-storage", "0".into(), 0, "0".into(), 0),
        ("hugepages-1Gi", "0".into(), 0, "0".into(), 0),
        ("hugepages-2Mi", "0".into(), 0, "0".into(), 0),
    ];
    for (name, req, rp, lim, lp) in rows {
        w.write(1, &format!("{name}\t{req} ({rp}%)\t{lim} ({lp}%)\n"));
    }
}

/// `printNodeTaintsMultiline`.
fn taints(w: &mut Writer, node: &Node) {
    w.write(0, "Taints:\t");
    if node.taints.is_empty() {
        w.line("<none>");
        return;
    }
    for (i, t) in node.taints.iter().enumerate() {
        if i != 0 {
            w.write(0, "\t");
        }
        match t.value.as_deref().filter(|v| !v.is_empty()) {
            Some(v) => w.line(&format!("{}={v}:{}", t.key, t.effect)),
            None => w.line(&format!("{}:{}", t.key, t.effect)),
        }
    }
}

/// The conditions a healthy kubelet posts: (type, status, reason, message).
const CONDITIONS: [(&str, &str, &str, &str); 4] = [
    (
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
    ),
    (
        "DiskPressure",
        "False",
        "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure",
    ),
    (
        "PIDPressure",
        "False",
        "KubeletHasSufficientPID",
        "kubelet has sufficient PID available",
    ),
    (
        "Ready",
        "True",
        "KubeletReady",
        "kubelet is posting ready status",
    ),
];

pub fn describe(sim: &Simulation, node: &Node) -> String {
    let mut w = Writer::new();
    let name = &node.meta.name;
    w.write(0, &format!("Name:\t{name}\n"));
    let mut roles: Vec<&str> = node
        .meta
        .labels
        .keys()
        .filter_map(|l| l.strip_prefix("node-role.kubernetes.io/"))
        .filter(|r| !r.is_empty())
        .collect();
    roles.sort_unstable();
    let roles = if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.join(",")
    };
    w.write(0, &format!("Roles:\t{roles}\n"));
    labels_multiline(&mut w, "", "Labels", &node.meta.labels);
    // What kubeadm and kubelet annotate a node with on minikube (cri-dockerd socket).
    w.write(
        0,
        "Annotations:\tkubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/cri-dockerd.sock\n",
    );
    w.write(0, "\tnode.alpha.kubernetes.io/ttl: 0\n");
    w.write(
        0,
        "\tvolumes.kubernetes.io/controller-managed-attach-detach: true\n",
    );
    let created = rfc1123z(sim, node.meta.created);
    w.write(0, &format!("CreationTimestamp:\t{created}\n"));
    taints(&mut w, node);
    w.write(0, &format!("Unschedulable:\t{}\n", node.unschedulable));
    let now = rfc1123z(sim, sim.now());
    w.write(
        0,
        &format!(
            "Lease:\n  HolderIdentity:\t{name}\n  AcquireTime:\t<unset>\n  RenewTime:\t{now}\n"
        ),
    );
    w.write(
        0,
        "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
    );
    w.write(
        1,
        "----\t------\t-----------------\t------------------\t------\t-------\n",
    );
    for (t, status, reason, message) in CONDITIONS {
        w.write(
            1,
            &format!("{t} \t{status} \t{now} \t{created} \t{reason} \t{message}\n"),
        );
    }
    w.write(
        0,
        &format!(
            "Addresses:\n  InternalIP:\t{}\n  Hostname:\t{name}\n",
            node.ip
        ),
    );
    for (title, list) in [
        ("Capacity", &node.capacity),
        ("Allocatable", &node.allocatable),
    ] {
        w.write(0, &format!("{title}:\n"));
        for (k, v) in resource_list(list) {
            w.write(0, &format!("  {k}:\t{v}\n"));
        }
    }
    let uuid = hex_id(&format!("uuid:{}", node.meta.uid), 32);
    let system = [
        (
            "Machine ID",
            hex_id(&format!("machine:{}", node.meta.uid), 32),
        ),
        (
            "System UUID",
            format!(
                "{}-{}-{}-{}-{}",
                &uuid[..8],
                &uuid[8..12],
                &uuid[12..16],
                &uuid[16..20],
                &uuid[20..]
            ),
        ),
        ("Boot ID", hex_id(&format!("boot:{}", node.meta.uid), 32)),
        ("Kernel Version", NODE_KERNEL.into()),
        ("OS Image", NODE_OS_IMAGE.into()),
        ("Operating System", "linux".into()),
        ("Architecture", "amd64".into()),
        ("Container Runtime Version", NODE_RUNTIME.into()),
        ("Kubelet Version", KUBERNETES_VERSION.into()),
    ];
    w.write(0, "System Info:\n");
    for (k, v) in system {
        w.write(0, &format!("  {k}:\t{v}\n"));
    }
    let cidr = format!("10.244.{}.0/24", node.cidr_index);
    w.write(0, &format!("PodCIDR:\t{cidr}\nPodCIDRs:\t{cidr}\n"));
    node_resource(&mut w, sim, node);
    events(&mut w, sim, &node.meta.uid);
    w.finish()
}
