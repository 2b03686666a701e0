//! `describePod`, `describeContainers`, `describeVolumes` and `DescribePodTemplate`
//! (`kubectl@1.34:pkg/describe/describe.go`).

use serde_json::Value;

use crate::engine::cluster::{Cluster, Pod};
use crate::engine::containers::{self, State, Status};
use crate::engine::lifecycle::Stage;
use crate::engine::Simulation;
use crate::manifest::objects::{Container, IntOrString, PodSpec, PodTemplateSpec, Probe};

use super::tabwriter::Writer;
use super::util::{
    annotations_multiline, container_id, events, image_id, labels_multiline, name_suffix, rfc1123z,
    since_signed,
};

/// Where the service-account token is mounted.
const TOKEN_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// The projected token volume the ServiceAccount admission plugin adds
/// (`kube-api-access-<5 random characters>`), unless the pod opts out.
fn api_access_volume(pod: &Pod) -> Option<String> {
    if pod.spec.automount_service_account_token == Some(false) {
        return None;
    }
    let has_token_mount = pod
        .spec
        .containers
        .iter()
        .flat_map(|c| &c.volume_mounts)
        .any(|m| m.mount_path == TOKEN_PATH);
    if has_token_mount {
        return None;
    }
    Some(format!("kube-api-access-{}", name_suffix(&pod.meta.uid)))
}

/// The status the kubelet reports for `c`, a container of `pod`'s spec (init or app).
fn container_status<'a>(pod: &'a Pod, c: &Container) -> Option<Status<'a>> {
    containers::init_statuses(pod)
        .into_iter()
        .chain(containers::app_statuses(pod))
        .find(|st| std::ptr::eq(st.container, c))
}

fn container_ready(pod: &Pod) -> bool {
    pod.is_ready() && pod.status.stage != Stage::Killed
}

/// `qos.GetPodQOS`, for the requests and limits podplay keeps.
fn qos_class(spec: &PodSpec) -> &'static str {
    let mut any = false;
    let mut guaranteed = true;
    for c in spec.init_containers.iter().chain(&spec.containers) {
        let (req, lim) = c
            .resources
            .as_ref()
            .map(|r| (r.requests.clone(), r.limits.clone()))
            .unwrap_or_default();
        let relevant = |m: &std::collections::BTreeMap<
            String,
            crate::manifest::objects::Quantity,
        >| { m.keys().filter(|k| *k == "cpu" || *k == "memory").count() };
        if relevant(&req) > 0 || relevant(&lim) > 0 {
            any = true;
        }
        for res in ["cpu", "memory"] {
            let l = lim
                .get(res)
                .and_then(crate::manifest::objects::Quantity::value);
            let r = req
                .get(res)
                .and_then(crate::manifest::objects::Quantity::value)
                .or(l);
            if l.is_none() || r != l {
                guaranteed = false;
            }
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

pub fn describe(sim: &Simulation, pod: &Pod) -> String {
    let cluster = sim.cluster();
    let now = sim.now();
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", pod.meta.name));
    w.write(0, &format!("Namespace:\t{}\n", pod.meta.namespace));
    w.write(
        0,
        &format!("Priority:\t{}\n", pod.spec.priority.unwrap_or(0)),
    );
    if let Some(pc) = pod
        .spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(0, &format!("Priority Class Name:\t{pc}\n"));
    }
    let sa = pod
        .spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("default");
    w.write(0, &format!("Service Account:\t{sa}\n"));
    match &pod.spec.node_name {
        Some(n) => {
            let host = pod
                .status
                .host_ip
                .or_else(|| cluster.nodes.get(n).map(|node| node.ip))
                .map(|ip| ip.to_string())
                .unwrap_or_default();
            w.write(0, &format!("Node:\t{n}/{host}\n"));
        }
        None => w.write(0, "Node:\t<none>\n"),
    }
    if pod.status.ip.is_some() {
        if let Some(t) = pod.status.scheduled_at {
            w.write(0, &format!("Start Time:\t{}\n", rfc1123z(sim, t)));
        }
    }
    labels_multiline(&mut w, "", "Labels", &pod.meta.labels);
    annotations_multiline(&mut w, "Annotations", &pod.meta.annotations);
    if let (Some(del), false) = (pod.meta.deleting, pod.is_terminal()) {
        let grace = pod.status.grace_s.max(0);
        let at = del.plus_ms(u64::try_from(grace).unwrap_or(0) * 1000);
        w.write(
            0,
            &format!("Status:\tTerminating (lasts {})\n", since_signed(now, at)),
        );
        w.write(0, &format!("Termination Grace Period:\t{grace}s\n"));
    } else {
        w.write(0, &format!("Status:\t{}\n", pod.phase().name()));
    }
    let ip = pod.status.ip.map(|i| i.to_string()).unwrap_or_default();
    w.write(0, &format!("IP:\t{ip}\n"));
    if ip.is_empty() {
        w.write(0, "IPs:\t<none>\n");
    } else {
        w.write(0, "IPs:\n");
        w.write(1, &format!("IP:\t{ip}\n"));
    }
    if let Some(o) = pod.meta.controller() {
        w.write(
            0,
            &format!("Controlled By:\t{}/{}\n", o.kind.name(), o.name),
        );
    }
    let token = api_access_volume(pod);
    if !pod.spec.init_containers.is_empty() {
        containers(
            &mut w,
            "Init Containers",
            &pod.spec.init_containers,
            Some((sim, pod)),
            token.as_deref(),
            "",
        );
    }
    containers(
        &mut w,
        "Containers",
        &pod.spec.containers,
        Some((sim, pod)),
        token.as_deref(),
        "",
    );
    conditions(&mut w, pod);
    volumes(&mut w, &pod.spec, token.as_deref(), "");
    w.write(0, &format!("QoS Class:\t{}\n", qos_class(&pod.spec)));
    labels_multiline(&mut w, "", "Node-Selectors", &pod.spec.node_selector);
    tolerations(&mut w, "Tolerations", &pod_tolerations(&pod.spec, true));
    events(&mut w, sim, &pod.meta.uid);
    w.finish()
}

fn conditions(w: &mut Writer, pod: &Pod) {
    let s = &pod.status;
    let scheduled = pod.spec.node_name.is_some();
    let mut rows: Vec<(&str, bool)> = Vec::new();
    match s.stage {
        Stage::Pending if !scheduled => {
            if s.unschedulable.is_some() {
                rows.push(("PodScheduled", false));
            }
        }
        Stage::Pending | Stage::Scheduled => rows.push(("PodScheduled", true)),
        _ if s.ip.is_none() && s.started_at.is_none() => rows.push(("PodScheduled", scheduled)),
        stage => {
            let ready = container_ready(pod);
            rows.push(("PodReadyToStartContainers", stage != Stage::Exited));
            rows.push(("Initialized", containers::initialized(pod)));
            rows.push(("Ready", ready));
            rows.push(("ContainersReady", ready));
            rows.push(("PodScheduled", true));
        }
    }
    if rows.is_empty() {
        return;
    }
    w.write(0, "Conditions:\n  Type\tStatus\n");
    for (t, v) in rows {
        w.write(1, &format!("{t} \t{} \n", if v { "True" } else { "False" }));
    }
}

/// `describeContainers`; `pod` is `None` for a pod template (no statuses).
pub fn containers(
    w: &mut Writer,
    label: &str,
    list: &[Container],
    pod: Option<(&Simulation, &Pod)>,
    token: Option<&str>,
    space: &str,
) {
    let none = if list.is_empty() { " <none>" } else { "" };
    w.write(0, &format!("{space}{label}:{none}\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in list {
        let image = c.image.as_deref().unwrap_or("");
        w.write(1, &format!("{name_indent}{}:\n", c.name));
        let status = pod.and_then(|(_, p)| container_status(p, c));
        let state = status.map_or(State::None, |st| st.state);
        let has_status = !matches!(state, State::None);
        let running = matches!(state, State::Running { .. } | State::Terminated { .. });
        if let (true, Some((_, p))) = (has_status, pod) {
            let id = if running {
                container_id(p, &c.name)
            } else {
                String::new()
            };
            w.write(2, &format!("Container ID:\t{id}\n"));
        }
        w.write(2, &format!("Image:\t{image}\n"));
        if has_status {
            let id = if running {
                image_id(image)
            } else {
                String::new()
            };
            w.write(2, &format!("Image ID:\t{id}\n"));
        }
        let proto = |p: &crate::manifest::objects::ContainerPort| {
            p.protocol.clone().unwrap_or_else(|| "TCP".into())
        };
        let ports: Vec<String> = c
            .ports
            .iter()
            .map(|p| format!("{}/{}", p.container_port, proto(p)))
            .collect();
        let host: Vec<String> = c
            .ports
            .iter()
            .map(|p| format!("{}/{}", p.host_port.unwrap_or(0), proto(p)))
            .collect();
        let or_none = |v: &[String]| {
            if v.is_empty() {
                "<none>".to_string()
            } else {
                v.join(", ")
            }
        };
        if ports.len() > 1 {
            w.write(2, &format!("Ports:\t{}\n", ports.join(", ")));
        } else {
            w.write(2, &format!("Port:\t{}\n", or_none(&ports)));
        }
        if host.len() > 1 {
            w.write(2, &format!("Host Ports:\t{}\n", host.join(", ")));
        } else {
            w.write(2, &format!("Host Port:\t{}\n", or_none(&host)));
        }
        if !c.command.is_empty() {
            w.write(2, "Command:\n");
            for s in c.command.iter().flat_map(|s| s.split('\n')) {
                w.write(3, &format!("{s}\n"));
            }
        }
        if !c.args.is_empty() {
            w.write(2, "Args:\n");
            for s in c.args.iter().flat_map(|s| s.split('\n')) {
                w.write(3, &format!("{s}\n"));
            }
        }
        if let (Some((sim, p)), Some(st)) = (pod, status.filter(|_| has_status)) {
            write_state(w, sim, st.state);
            let ready = if st.ready { "True" } else { "False" };
            w.write(2, &format!("Ready:\t{ready}\n"));
            w.write(2, &format!("Restart Count:\t{}\n", p.status.restarts));
        }
        resources(w, c);
        probes(w, c);
        env(w, c, pod.map(|(_, p)| p));
        mounts(w, c, token);
    }
}

/// `describeContainerState`: `State:` and its details.
fn write_state(w: &mut Writer, sim: &Simulation, state: State) {
    match state {
        State::None => {}
        State::Waiting(reason) => {
            w.write(2, "State:\tWaiting\n");
            w.write(3, &format!("Reason:\t{reason}\n"));
        }
        State::Running { started } => {
            w.write(2, "State:\tRunning\n");
            if let Some(t) = started {
                w.write(3, &format!("Started:\t{}\n", rfc1123z(sim, t)));
            }
        }
        State::Terminated {
            code,
            started,
            finished,
        } => {
            w.write(2, "State:\tTerminated\n");
            w.write(3, &format!("Reason:\t{}\n", State::reason(code)));
            w.write(3, &format!("Exit Code:\t{code}\n"));
            if let Some(t) = started {
                w.write(3, &format!("Started:\t{}\n", rfc1123z(sim, t)));
            }
            let end = finished.unwrap_or(sim.now());
            w.write(3, &format!("Finished:\t{}\n", rfc1123z(sim, end)));
        }
    }
}

fn resources(w: &mut Writer, c: &Container) {
    let Some(r) = &c.resources else {
        return;
    };
    if !r.limits.is_empty() {
        w.write(2, "Limits:\n");
        for (k, q) in &r.limits {
            w.write(3, &format!("{k}:\t{}\n", q.0));
        }
    }
    if !r.requests.is_empty() {
        w.write(2, "Requests:\n");
        for (k, q) in &r.requests {
            w.write(3, &format!("{k}:\t{}\n", q.0));
        }
    }
}

/// `DescribeProbe`.
fn probe_text(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(1),
        p.period_seconds.unwrap_or(10),
        p.success_threshold.unwrap_or(1),
        p.failure_threshold.unwrap_or(3)
    );
    let port = |p: &IntOrString| p.to_string();
    if let Some(e) = &p.exec {
        format!("exec [{}] {attrs}", e.command.join(" "))
    } else if let Some(h) = &p.http_get {
        let scheme = h.scheme.as_deref().unwrap_or("HTTP").to_lowercase();
        let host = h.host.as_deref().unwrap_or("");
        let path = h.path.as_deref().unwrap_or("");
        format!("http-get {scheme}://{host}:{}{path} {attrs}", port(&h.port))
    } else if let Some(t) = &p.tcp_socket {
        format!(
            "tcp-socket {}:{} {attrs}",
            t.host.as_deref().unwrap_or(""),
            port(&t.port)
        )
    } else if let Some(g) = &p.grpc {
        format!(
            "grpc <pod>:{} {} {attrs}",
            g.port,
            g.service.as_deref().unwrap_or("")
        )
    } else {
        format!("unknown {attrs}")
    }
}

fn probes(w: &mut Writer, c: &Container) {
    for (title, p) in [
        ("Liveness", &c.liveness_probe),
        ("Readiness", &c.readiness_probe),
        ("Startup", &c.startup_probe),
    ] {
        if let Some(p) = p {
            w.write(2, &format!("{title}:\t{}\n", probe_text(p)));
        }
    }
}

fn env(w: &mut Writer, c: &Container, pod: Option<&Pod>) {
    let none = if c.env.is_empty() { "\t<none>" } else { "" };
    w.write(2, &format!("Environment:{none}\n"));
    for e in &c.env {
        let Some(from) = &e.value_from else {
            for (i, s) in e.value.as_deref().unwrap_or("").split('\n').enumerate() {
                if i == 0 {
                    w.write(3, &format!("{}:\t{s}\n", e.name));
                } else {
                    w.write(3, &format!("\t{s}\n"));
                }
            }
            continue;
        };
        let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let optional = |v: &Value| v.get("optional").and_then(Value::as_bool).unwrap_or(false);
        if let Some(f) = from.get("fieldRef") {
            let path = s(f, "fieldPath");
            let api = f.get("apiVersion").and_then(Value::as_str).unwrap_or("v1");
            let value = pod.map(|p| field_value(p, &path)).unwrap_or_default();
            w.write(3, &format!("{}:\t{value} ({api}:{path})\n", e.name));
        } else if let Some(r) = from.get("resourceFieldRef") {
            w.write(3, &format!("{}:\t ({})\n", e.name, s(r, "resource")));
        } else if let Some(r) = from.get("secretKeyRef") {
            w.write(
                3,
                &format!(
                    "{}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                    e.name,
                    s(r, "key"),
                    s(r, "name"),
                    optional(r)
                ),
            );
        } else if let Some(r) = from.get("configMapKeyRef") {
            w.write(
                3,
                &format!(
                    "{}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                    e.name,
                    s(r, "key"),
                    s(r, "name"),
                    optional(r)
                ),
            );
        }
    }
}

fn field_value(pod: &Pod, path: &str) -> String {
    match path {
        "metadata.name" => pod.meta.name.clone(),
        "metadata.namespace" => pod.meta.namespace.clone(),
        "metadata.uid" => pod.meta.uid.clone(),
        "spec.nodeName" => pod.spec.node_name.clone().unwrap_or_default(),
        "spec.serviceAccountName" => pod
            .spec
            .service_account_name
            .clone()
            .unwrap_or_else(|| "default".into()),
        "status.podIP" => pod.status.ip.map(|i| i.to_string()).unwrap_or_default(),
        "status.hostIP" => pod
            .status
            .host_ip
            .map(|i| i.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn mounts(w: &mut Writer, c: &Container, token: Option<&str>) {
    let mut list: Vec<(String, String, String)> = c
        .volume_mounts
        .iter()
        .map(|m| {
            let mut flags = vec![if m.read_only { "ro" } else { "rw" }.to_string()];
            if let Some(sp) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
                flags.push(format!("path={}", super::util::go_quote(sp)));
            }
            (m.mount_path.clone(), m.name.clone(), flags.join(","))
        })
        .collect();
    if let Some(t) = token {
        list.push((TOKEN_PATH.to_string(), t.to_string(), "ro".to_string()));
    }
    if list.is_empty() {
        w.write(2, "Mounts:\t<none>\n");
        return;
    }
    w.write(2, "Mounts:\n");
    list.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, name, flags) in list {
        w.write(3, &format!("{path} from {name} ({flags})\n"));
    }
}

/// `describeVolumes`, plus the token volume admission added to a pod.
pub fn volumes(w: &mut Writer, spec: &PodSpec, token: Option<&str>, space: &str) {
    if spec.volumes.is_empty() && token.is_none() {
        w.write(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.write(0, &format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let b = |v: &Value, k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
    for v in &spec.volumes {
        w.write(1, &format!("{name_indent}{}:\n", v.name));
        if let Some(c) = &v.persistent_volume_claim {
            w.write(2, &format!("Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n", c.claim_name, c.read_only));
        } else if let Some(h) = &v.host_path {
            let t = h.get("type").and_then(Value::as_str).unwrap_or("<none>");
            w.write(2, &format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{t}\n", s(h, "path")));
        } else if let Some(e) = &v.empty_dir {
            let limit = e
                .get("sizeLimit")
                .map(|l| l.as_str().map_or_else(|| l.to_string(), str::to_string))
                .unwrap_or_else(|| "<unset>".into());
            w.write(2, &format!("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n", s(e, "medium")));
        } else if let Some(c) = &v.config_map {
            w.write(2, &format!("Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n", s(c, "name"), b(c, "optional")));
        } else if let Some(c) = &v.secret {
            w.write(2, &format!("Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n", s(c, "secretName"), b(c, "optional")));
        } else if v.projected.is_some() {
            w.write(
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
        } else {
            w.write(1, "<unknown>\n");
        }
    }
    if let Some(t) = token {
        w.write(1, &format!("{t}:\n"));
        w.write(
            2,
            "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
        );
        w.write(2, "TokenExpirationSeconds:\t3607\n");
        w.write(
            2,
            "ConfigMapName:\tkube-root-ca.crt\n    Optional:\tfalse\n",
        );
        w.write(2, "DownwardAPI:\ttrue\n");
    }
}

/// One toleration as describe prints it.
struct Toleration {
    key: String,
    operator: String,
    value: String,
    effect: String,
    seconds: Option<i64>,
}

/// The pod's tolerations; a pod also gets the two DefaultTolerationSeconds adds.
fn pod_tolerations(spec: &PodSpec, admitted: bool) -> Vec<Toleration> {
    let mut list: Vec<Toleration> = spec
        .tolerations
        .iter()
        .map(|t| Toleration {
            key: t.key.clone().unwrap_or_default(),
            operator: t.operator.clone().unwrap_or_else(|| "Equal".to_string()),
            value: t.value.clone().unwrap_or_default(),
            effect: t.effect.clone().unwrap_or_default(),
            seconds: t.toleration_seconds,
        })
        .collect();
    if admitted {
        // `plugin/pkg/admission/defaulttolerationseconds`: NoExecute for 300s unless tolerated.
        for key in [
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
        ] {
            let covered = list.iter().any(|t| {
                (t.key == key || (t.key.is_empty() && t.operator == "Exists"))
                    && (t.effect.is_empty() || t.effect == "NoExecute")
            });
            if !covered {
                list.push(Toleration {
                    key: key.into(),
                    operator: "Exists".into(),
                    value: String::new(),
                    effect: "NoExecute".into(),
                    seconds: Some(300),
                });
            }
        }
    }
    list.sort_by(|a, b| a.key.cmp(&b.key));
    list
}

/// `printTolerationsMultilineWithIndent`.
fn tolerations(w: &mut Writer, title: &str, list: &[Toleration]) {
    w.write(0, &format!("{title}:\t"));
    if list.is_empty() {
        w.line("<none>");
        return;
    }
    for (i, t) in list.iter().enumerate() {
        if i != 0 {
            w.write(0, "\t");
        }
        let mut s = t.key.clone();
        if !t.value.is_empty() {
            s.push('=');
            s.push_str(&t.value);
        }
        if !t.effect.is_empty() {
            s.push(':');
            s.push_str(&t.effect);
        }
        if t.operator == "Exists" && t.value.is_empty() {
            if !t.key.is_empty() || !t.effect.is_empty() {
                s.push_str(" op=Exists");
            } else {
                s.push_str("op=Exists");
            }
        }
        if let Some(secs) = t.seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        w.write(0, &format!("{s}\n"));
    }
}

/// `DescribePodTemplate`.
pub fn template(w: &mut Writer, t: &PodTemplateSpec) {
    w.write(0, "Pod Template:\n");
    labels_multiline(w, "", "  Labels", &t.metadata.labels);
    if !t.metadata.annotations.is_empty() {
        annotations_multiline(w, "  Annotations", &t.metadata.annotations);
    }
    if let Some(sa) = t
        .spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(1, &format!("Service Account:\t{sa}\n"));
    }
    if !t.spec.init_containers.is_empty() {
        containers(
            w,
            "Init Containers",
            &t.spec.init_containers,
            None,
            None,
            "  ",
        );
    }
    containers(w, "Containers", &t.spec.containers, None, None, "  ");
    volumes(w, &t.spec, None, "  ");
    if let Some(pc) = t
        .spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(1, &format!("Priority Class Name:\t{pc}\n"));
    }
    labels_multiline(w, "", "  Node-Selectors", &t.spec.node_selector);
    tolerations(w, "  Tolerations", &pod_tolerations(&t.spec, false));
}

/// Pods that mount the claim `name` in `namespace`, by name.
#[must_use]
pub fn users_of_claim<'a>(cluster: &'a Cluster, namespace: &str, name: &str) -> Vec<&'a Pod> {
    cluster
        .pods
        .values()
        .filter(|p| p.meta.namespace == namespace && p.claim_names().contains(&name))
        .collect()
}
