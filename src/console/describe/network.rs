//! `describeService` and `describeEndpoints` (`kubectl@1.34:pkg/describe/describe.go`).

use crate::engine::cluster::{Endpoints, Service};
use crate::engine::Simulation;
use crate::manifest::objects::IntOrString;

use super::tabwriter::Writer;
use super::util::{annotations_multiline, events, labels_multiline};
use crate::console::selector::format_labels;

/// `formatEndpointSlices` for one Service port: ready `ip:port`s, at most three then
/// ` + N more...`; `<none>` when the Service has no EndpointSlice.
fn endpoints_text(eps: Option<&Endpoints>, port_name: &str) -> String {
    let Some(eps) = eps else {
        return "<none>".into();
    };
    let mut list = Vec::new();
    let mut count = 0;
    for a in eps.ready() {
        for p in a
            .ports
            .iter()
            .filter(|p| p.name.as_deref().unwrap_or("") == port_name)
        {
            if list.len() < 3 {
                list.push(format!("{}:{}", a.ip, p.port));
            }
            count += 1;
        }
    }
    let text = list.join(",");
    if count > 3 {
        format!("{text} + {} more...", count - 3)
    } else {
        text
    }
}

pub fn service(sim: &Simulation, s: &Service) -> String {
    let spec = &s.spec;
    let eps = sim.cluster().endpoints.get(&s.meta.key());
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", s.meta.name));
    w.write(0, &format!("Namespace:\t{}\n", s.meta.namespace));
    labels_multiline(&mut w, "", "Labels", &s.meta.labels);
    annotations_multiline(&mut w, "Annotations", &s.meta.annotations);
    w.write(
        0,
        &format!(
            "Selector:\t{}\n",
            format_labels(&spec.selector.clone().unwrap_or_default())
        ),
    );
    w.write(
        0,
        &format!("Type:\t{}\n", spec.type_.as_deref().unwrap_or("ClusterIP")),
    );
    if let Some(p) = &spec.ip_family_policy {
        w.write(0, &format!("IP Family Policy:\t{p}\n"));
    }
    if spec.ip_families.is_empty() {
        w.write(0, "IP Families:\t<none>\n");
    } else {
        w.write(
            0,
            &format!("IP Families:\t{}\n", spec.ip_families.join(",")),
        );
    }
    w.write(
        0,
        &format!("IP:\t{}\n", spec.cluster_ip.as_deref().unwrap_or("")),
    );
    if spec.cluster_ips.is_empty() {
        w.write(0, "IPs:\t<none>\n");
    } else {
        w.write(0, &format!("IPs:\t{}\n", spec.cluster_ips.join(",")));
    }
    if !spec.external_ips.is_empty() {
        w.write(
            0,
            &format!("External IPs:\t{}\n", spec.external_ips.join(",")),
        );
    }
    if let Some(ip) = spec.load_balancer_ip.as_deref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("Desired LoadBalancer IP:\t{ip}\n"));
    }
    if let Some(n) = spec.external_name.as_deref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("External Name:\t{n}\n"));
    }
    for sp in &spec.ports {
        let raw = sp.name.as_deref().unwrap_or("");
        let name = if raw.is_empty() { "<unset>" } else { raw };
        let proto = sp.protocol.as_deref().unwrap_or("TCP");
        w.write(0, &format!("Port:\t{name}\t{}/{proto}\n", sp.port));
        match &sp.target_port {
            Some(IntOrString::Str(t)) => w.write(0, &format!("TargetPort:\t{t}/{proto}\n")),
            Some(IntOrString::Int(t)) => w.write(0, &format!("TargetPort:\t{t}/{proto}\n")),
            None => w.write(0, &format!("TargetPort:\t{}/{proto}\n", sp.port)),
        }
        if let Some(np) = sp.node_port.filter(|n| *n != 0) {
            w.write(0, &format!("NodePort:\t{name}\t{np}/{proto}\n"));
        }
        w.write(0, &format!("Endpoints:\t{}\n", endpoints_text(eps, raw)));
    }
    w.write(
        0,
        &format!(
            "Session Affinity:\t{}\n",
            spec.session_affinity.as_deref().unwrap_or("None")
        ),
    );
    if let Some(p) = spec
        .external_traffic_policy
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(0, &format!("External Traffic Policy:\t{p}\n"));
    }
    if let Some(p) = &spec.internal_traffic_policy {
        w.write(0, &format!("Internal Traffic Policy:\t{p}\n"));
    }
    if let Some(p) = spec.health_check_node_port.filter(|n| *n != 0) {
        w.write(0, &format!("HealthCheck NodePort:\t{p}\n"));
    }
    if let Some(r) = spec
        .load_balancer_source_ranges
        .as_ref()
        .filter(|r| !r.is_empty())
    {
        w.write(
            0,
            &format!("LoadBalancer Source Ranges:\t{}\n", r.join(",")),
        );
    }
    if let Some(t) = spec
        .traffic_distribution
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(0, &format!("Traffic Distribution:\t{t}\n"));
    }
    events(&mut w, sim, &s.meta.uid);
    w.finish()
}

/// `describeEndpoints`: one subset per distinct port set, as the Endpoints controller groups
/// addresses.
pub fn endpoints(sim: &Simulation, s: &Service, eps: &Endpoints) -> String {
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", s.meta.name));
    w.write(0, &format!("Namespace:\t{}\n", s.meta.namespace));
    labels_multiline(&mut w, "", "Labels", &s.meta.labels);
    let mut annotations = std::collections::BTreeMap::new();
    if !eps.by_pod.is_empty() || !eps.fixed.is_empty() {
        annotations.insert(
            "endpoints.kubernetes.io/last-change-trigger-time".to_string(),
            crate::engine::time::rfc3339(
                sim.config().epoch_unix_s + i64::try_from(eps.created.ms() / 1000).unwrap_or(0),
            ),
        );
    }
    annotations_multiline(&mut w, "Annotations", &annotations);
    w.write(0, "Subsets:\n");
    let ready = eps.ready();
    let not_ready = eps.not_ready();
    if !ready.is_empty() || !not_ready.is_empty() {
        let join = |v: &[&crate::engine::cluster::EndpointAddress]| {
            if v.is_empty() {
                "<none>".to_string()
            } else {
                v.iter()
                    .map(|a| a.ip.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            }
        };
        w.write(1, &format!("Addresses:\t{}\n", join(&ready)));
        w.write(1, &format!("NotReadyAddresses:\t{}\n", join(&not_ready)));
        let ports = ready
            .first()
            .or_else(|| not_ready.first())
            .map(|a| a.ports.clone())
            .unwrap_or_default();
        if !ports.is_empty() {
            w.write(1, "Ports:\n");
            w.write(2, "Name\tPort\tProtocol\n");
            w.write(2, "----\t----\t--------\n");
            for p in ports {
                let name = p
                    .name
                    .as_deref()
                    .filter(|n| !n.is_empty())
                    .unwrap_or("<unset>");
                w.write(2, &format!("{name}\t{}\t{}\n", p.port, p.protocol));
            }
        }
        w.write(0, "\n");
    }
    w.write(0, "Events:\t<none>\n");
    w.finish()
}
