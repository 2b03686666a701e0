//! Cluster DNS as minikube's CoreDNS answers (reference §5 and its Errata): the record set is
//! derived from Services and their ready endpoints, so it can never disagree with them. Answers
//! for cluster names are not cached (kubeadm's Corefile disables success and denial caching
//! for `cluster.local`), so a record appears or leaves the moment its endpoint does.

use std::net::Ipv4Addr;

use crate::engine::cluster::{Cluster, Key, Service};

pub const ZONE: &str = "cluster.local";
/// `ttl 30` in kubeadm's Corefile.
pub const TTL_S: u32 = 30;
/// The `hosts` block minikube adds: `host.minikube.internal` → the host's address.
pub const HOST_MINIKUBE_INTERNAL: Ipv4Addr = Ipv4Addr::new(192, 168, 49, 1);
/// `options ndots:5` in every ClusterFirst pod's resolv.conf.
pub const NDOTS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RType {
    A,
    Srv,
    Ptr,
    Cname,
}

impl RType {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RType::A => "A",
            RType::Srv => "SRV",
            RType::Ptr => "PTR",
            RType::Cname => "CNAME",
        }
    }
}

/// One resource record CoreDNS would serve.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Record {
    /// Owner name, without the trailing dot.
    pub name: String,
    pub rtype: RType,
    /// The answer as dig prints it (`10.244.0.3`, `0 50 80 web-0.nginx.default.svc.cluster.local.`).
    pub data: String,
    pub ttl: u32,
    /// The Service the record comes from.
    pub service: Key,
    /// The pod behind the answer, for per-endpoint records.
    pub pod: Option<String>,
}

#[must_use]
pub fn service_fqdn(svc: &Key) -> String {
    format!("{}.{}.svc.{ZONE}", svc.name, svc.namespace)
}

/// `10.244.0.7` → `7.0.244.10.in-addr.arpa`.
#[must_use]
pub fn reverse_name(ip: Ipv4Addr) -> String {
    let o = ip.octets();
    format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
}

/// The dashed form CoreDNS uses for an endpoint without a hostname.
#[must_use]
pub fn dashed(ip: Ipv4Addr) -> String {
    ip.to_string().replace('.', "-")
}

struct Ready {
    ip: Ipv4Addr,
    host: String,
    pod: Option<String>,
    ports: Vec<(Option<String>, u16, String)>,
}

/// Ready endpoints as CoreDNS sees them (EndpointSlice `conditions.ready`), sorted by IP text.
fn ready_endpoints(cluster: &Cluster, svc: &Service) -> Vec<Ready> {
    let Some(eps) = cluster.endpoints.get(&svc.meta.key()) else {
        return Vec::new();
    };
    eps.ready()
        .into_iter()
        .map(|a| Ready {
            ip: a.ip,
            host: a.hostname.clone().unwrap_or_else(|| dashed(a.ip)),
            pod: (!a.pod.is_empty()).then(|| a.pod.clone()),
            ports: a
                .ports
                .iter()
                .map(|p| (p.name.clone(), p.port, p.protocol.clone()))
                .collect(),
        })
        .collect()
}

fn srv_owner(port_name: &str, proto: &str, fqdn: &str) -> String {
    format!("_{port_name}._{}.{fqdn}", proto.to_lowercase())
}

/// The A record of an endpoint's own name and its PTR.
fn endpoint_records(fqdn: &str, e: &Ready) -> [(String, RType, String); 2] {
    let host_fqdn = format!("{}.{fqdn}", e.host);
    [
        (host_fqdn.clone(), RType::A, e.ip.to_string()),
        (reverse_name(e.ip), RType::Ptr, format!("{host_fqdn}.")),
    ]
}

/// Every record of the cluster zone (plus reverse records), sorted.
#[must_use]
pub fn records(cluster: &Cluster) -> Vec<Record> {
    let mut out = Vec::new();
    for svc in cluster.services.values() {
        if svc.meta.deleting.is_some() {
            continue;
        }
        let key = svc.meta.key();
        let fqdn = service_fqdn(&key);
        let rec = |name: String, rtype: RType, data: String, pod: Option<String>| Record {
            name,
            rtype,
            data,
            ttl: TTL_S,
            service: key.clone(),
            pod,
        };
        if svc.spec.type_.as_deref() == Some("ExternalName") {
            let target = svc.spec.external_name.clone().unwrap_or_default();
            out.push(rec(fqdn, RType::Cname, format!("{target}."), None));
            continue;
        }
        if let Some(ip) = svc.cluster_ip() {
            out.push(rec(fqdn.clone(), RType::A, ip.to_string(), None));
            out.push(rec(reverse_name(ip), RType::Ptr, format!("{fqdn}."), None));
            // Per-endpoint names and their reverse records, as CoreDNS answers them for every
            // Service (§5.2 `serviceRecordForIP` searches all Services' endpoints).
            for e in ready_endpoints(cluster, svc) {
                out.extend(
                    endpoint_records(&fqdn, &e).map(|(n, t, d)| rec(n, t, d, e.pod.clone())),
                );
            }
            for p in &svc.spec.ports {
                if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
                    let proto = p.protocol.as_deref().unwrap_or("TCP");
                    out.push(rec(
                        srv_owner(name, proto, &fqdn),
                        RType::Srv,
                        format!("0 100 {} {fqdn}.", p.port),
                        None,
                    ));
                }
            }
        } else if svc.is_headless() {
            let ready = ready_endpoints(cluster, svc);
            let weight = if ready.is_empty() {
                0
            } else {
                100 / ready.len()
            };
            for e in &ready {
                let host_fqdn = format!("{}.{fqdn}", e.host);
                out.push(rec(fqdn.clone(), RType::A, e.ip.to_string(), e.pod.clone()));
                out.extend(endpoint_records(&fqdn, e).map(|(n, t, d)| rec(n, t, d, e.pod.clone())));
                for (name, port, proto) in &e.ports {
                    if let Some(name) = name.as_deref().filter(|n| !n.is_empty()) {
                        out.push(rec(
                            srv_owner(name, proto, &fqdn),
                            RType::Srv,
                            format!("0 {weight} {port} {host_fqdn}."),
                            e.pod.clone(),
                        ));
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// What a name resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A records, in the canonical order (the caller shuffles, as `loadbalance` does).
    A(Vec<Ipv4Addr>),
    /// An ExternalName Service: a CNAME to a name outside the cluster.
    Cname(String),
    NxDomain,
}

/// A records of one fully qualified name (no trailing dot, any case).
#[must_use]
pub fn lookup_a(cluster: &Cluster, fqdn: &str) -> Answer {
    let name = fqdn.trim_end_matches('.').to_ascii_lowercase();
    if name == "host.minikube.internal" {
        return Answer::A(vec![HOST_MINIKUBE_INTERNAL]);
    }
    let Some(rest) = name.strip_suffix(&format!(".{ZONE}")) else {
        // Forwarded upstream; podplay's cluster has no network beyond itself.
        return Answer::NxDomain;
    };
    let labels: Vec<&str> = rest.split('.').collect();
    match labels.as_slice() {
        // <a-b-c-d>.<ns>.pod.cluster.local (`pods insecure`: answered without a pod check).
        [dashed_ip, _ns, "pod"] => match dashed_ip.replace('-', ".").parse::<Ipv4Addr>() {
            Ok(ip) => Answer::A(vec![ip]),
            Err(_) => Answer::NxDomain,
        },
        [svc, ns, "svc"] => {
            let Some(s) = live_service(cluster, ns, svc) else {
                return Answer::NxDomain;
            };
            if s.spec.type_.as_deref() == Some("ExternalName") {
                return Answer::Cname(s.spec.external_name.clone().unwrap_or_default());
            }
            if let Some(ip) = s.cluster_ip() {
                return Answer::A(vec![ip]);
            }
            let ips: Vec<Ipv4Addr> = ready_endpoints(cluster, s).iter().map(|e| e.ip).collect();
            if ips.is_empty() {
                Answer::NxDomain
            } else {
                Answer::A(ips)
            }
        }
        [host, svc, ns, "svc"] => {
            // CoreDNS answers endpoint names under every Service with endpoints, not only
            // headless ones (`10-244-0-7.web-svc.default.svc.cluster.local`, §5.2).
            let Some(s) = live_service(cluster, ns, svc)
                .filter(|s| s.spec.type_.as_deref() != Some("ExternalName"))
            else {
                return Answer::NxDomain;
            };
            let ips: Vec<Ipv4Addr> = ready_endpoints(cluster, s)
                .iter()
                .filter(|e| e.host == *host)
                .map(|e| e.ip)
                .collect();
            if ips.is_empty() {
                Answer::NxDomain
            } else {
                Answer::A(ips)
            }
        }
        _ => Answer::NxDomain,
    }
}

fn live_service<'a>(cluster: &'a Cluster, ns: &str, name: &str) -> Option<&'a Service> {
    cluster
        .services
        .get(&Key::new(ns, name))
        .filter(|s| s.meta.deleting.is_none())
}

/// A ClusterFirst pod's search path in namespace `ns` (reference §5.3).
#[must_use]
pub fn search_path(ns: &str) -> [String; 3] {
    [
        format!("{ns}.svc.{ZONE}"),
        format!("svc.{ZONE}"),
        ZONE.to_string(),
    ]
}

/// The names the resolver tries for `name`, in order (ndots 5: a name with fewer dots goes
/// through the search path first; a trailing dot means "exactly this").
#[must_use]
pub fn candidates(name: &str, ns: &str) -> Vec<String> {
    if let Some(abs) = name.strip_suffix('.') {
        return vec![abs.to_string()];
    }
    let dots = name.matches('.').count();
    let mut out: Vec<String> = Vec::new();
    if dots >= NDOTS {
        out.push(name.to_string());
    }
    out.extend(search_path(ns).iter().map(|d| format!("{name}.{d}")));
    if dots < NDOTS {
        out.push(name.to_string());
    }
    out
}

/// The outcome of resolving a name from a pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// Each name tried and whether it answered.
    pub tried: Vec<(String, bool)>,
    /// The name that answered and its answer.
    pub answer: Option<(String, Answer)>,
}

/// DNS queries a simulation keeps for the scene to show.
pub const MAX_QUERIES: usize = 16;

/// One DNS query a pod asked, and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Its number among all queries asked (0 first).
    pub seq: u64,
    pub time: crate::engine::Time,
    /// The pod that asked.
    pub from: crate::engine::Key,
    /// The name as asked (`web-0.nginx`).
    pub name: String,
    /// The name that answered (`web-0.nginx.default.svc.cluster.local`); none: NXDOMAIN.
    pub fqdn: Option<String>,
    /// The addresses answered, in the answer's order.
    pub addresses: Vec<String>,
}

/// Resolves `name` as a pod in `ns` does (libc resolver over the search path).
#[must_use]
pub fn resolve(cluster: &Cluster, ns: &str, name: &str) -> Resolution {
    let mut tried = Vec::new();
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return Resolution {
            tried,
            answer: Some((name.to_string(), Answer::A(vec![ip]))),
        };
    }
    for cand in candidates(name, ns) {
        let a = lookup_a(cluster, &cand);
        let hit = a != Answer::NxDomain;
        tried.push((cand.clone(), hit));
        if hit {
            return Resolution {
                tried,
                answer: Some((cand, a)),
            };
        }
    }
    Resolution {
        tried,
        answer: None,
    }
}

/// PTR answers for an address: a ClusterIP's Service name, or one name per Service whose
/// ready endpoints hold the address (CoreDNS `serviceRecordForIP`).
#[must_use]
pub fn reverse(cluster: &Cluster, ip: Ipv4Addr) -> Vec<String> {
    if let Some(s) = cluster.service_by_ip(ip) {
        return vec![service_fqdn(&s.meta.key())];
    }
    let mut out = Vec::new();
    for svc in cluster.services.values() {
        if svc.cluster_ip().is_some() || svc.meta.deleting.is_some() {
            continue;
        }
        for e in ready_endpoints(cluster, svc) {
            if e.ip == ip {
                out.push(format!("{}.{}", e.host, service_fqdn(&svc.meta.key())));
            }
        }
    }
    // Endpoints of ClusterIP Services also answer PTR for their pods (§5.2: every Service
    // whose ready endpoints hold the address, `kubernetes` and its 192.168.49.2 included).
    for svc in cluster.services.values() {
        if svc.cluster_ip().is_none() || svc.meta.deleting.is_some() {
            continue;
        }
        for e in ready_endpoints(cluster, svc) {
            if e.ip == ip {
                out.push(format!("{}.{}", e.host, service_fqdn(&svc.meta.key())));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_go_through_the_search_path_first() {
        // Pins ndots:5 expansion order for `web-0.nginx` in default.
        assert_eq!(
            candidates("web-0.nginx", "default"),
            [
                "web-0.nginx.default.svc.cluster.local",
                "web-0.nginx.svc.cluster.local",
                "web-0.nginx.cluster.local",
                "web-0.nginx"
            ]
        );
        assert_eq!(
            candidates("nginx.default.svc.cluster.local.", "x"),
            ["nginx.default.svc.cluster.local"]
        );
        assert_eq!(
            reverse_name(Ipv4Addr::new(10, 244, 0, 7)),
            "7.0.244.10.in-addr.arpa"
        );
    }

    #[test]
    fn pod_names_answer_without_a_check_and_outside_names_do_not() {
        // Pins `pods insecure` and the absence of upstream forwarding.
        let c = Cluster::default();
        assert_eq!(
            lookup_a(&c, "10-244-0-9.default.pod.cluster.local"),
            Answer::A(vec![Ipv4Addr::new(10, 244, 0, 9)])
        );
        assert_eq!(lookup_a(&c, "example.com"), Answer::NxDomain);
        assert_eq!(
            lookup_a(&c, "nginx.default.svc.cluster.local"),
            Answer::NxDomain
        );
    }
}
