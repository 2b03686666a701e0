//! Traffic and files: DNS queries and HTTP requests from a pod (through kube-proxy for a
//! ClusterIP), and file writes inside a pod.

use std::net::Ipv4Addr;

use crate::i18n::Msg;
use crate::manifest::objects::{IntOrString, Kind};

use super::Simulation;
use crate::engine::cluster::{AccessLog, Key};
use crate::engine::command::{ApiError, Lookup, NetError, Outcome, Response};
use crate::engine::files::{self, FsError, Place};
use crate::engine::network::dns::{self, Answer};
use crate::engine::network::kube_proxy::Pick;
use crate::engine::trace::Change;

fn pod_not_found(name: &str) -> Outcome {
    Outcome::Failed(ApiError::NotFound {
        resource: "pods".into(),
        name: name.into(),
    })
}

impl Simulation {
    fn running_pod(&self, key: &Key) -> Result<(), Outcome> {
        let Some(pod) = self.cluster.pods.get(key) else {
            return Err(pod_not_found(&key.name));
        };
        if pod.spec.node_name.is_none() {
            return Err(Outcome::Failed(ApiError::BadRequest(format!(
                "pod {} does not have a host assigned",
                key.name
            ))));
        }
        if !pod.container_running() {
            let c = pod
                .spec
                .containers
                .first()
                .map(|c| c.name.clone())
                .unwrap_or_default();
            return Err(Outcome::Failed(ApiError::BadRequest(format!(
                "unable to upgrade connection: container not found (\"{c}\")"
            ))));
        }
        Ok(())
    }

    /// A DNS query from a pod; headless answers come back shuffled (CoreDNS `loadbalance`).
    pub(crate) fn resolve(&mut self, from: &Key, name: &str) -> Outcome {
        if !self.cluster.pods.contains_key(from) {
            return pod_not_found(&from.name);
        }
        let r = dns::resolve(&self.cluster, &from.namespace, name);
        let tried = r.tried.iter().map(|(n, _)| n.clone()).collect();
        let lookup = match r.answer {
            Some((fqdn, Answer::A(mut ips))) => {
                self.rng.dns.shuffle(&mut ips);
                Lookup {
                    fqdn: Some(fqdn),
                    addresses: ips,
                    cname: None,
                    tried,
                }
            }
            Some((fqdn, Answer::Cname(target))) => Lookup {
                fqdn: Some(fqdn),
                addresses: Vec::new(),
                cname: Some(target),
                tried,
            },
            _ => Lookup {
                fqdn: None,
                addresses: Vec::new(),
                cname: None,
                tried,
            },
        };
        Outcome::Resolved(lookup)
    }

    /// `count` HTTP GETs from `from` to `target` (a name or an IP).
    pub(crate) fn request(
        &mut self,
        from: &Key,
        target: &str,
        port: Option<u16>,
        path: &str,
        count: u32,
    ) -> Outcome {
        if let Err(o) = self.running_pod(from) {
            return o;
        }
        let Some(client_ip) = self.cluster.pods.get(from).and_then(|p| p.status.ip) else {
            return pod_not_found(&from.name);
        };
        let port = port.unwrap_or(80);
        let path = if path.is_empty() { "/" } else { path };
        let mut out = Vec::new();
        for _ in 0..count.min(10_000) {
            let r = self.one_request(from, client_ip, target, port, path);
            out.push(r);
        }
        Outcome::Responses(out)
    }

    fn one_request(
        &mut self,
        from: &Key,
        client_ip: Ipv4Addr,
        target: &str,
        port: u16,
        path: &str,
    ) -> Response {
        // Resolve.
        let (ip, why) = match self.resolve_target(from, target) {
            Ok(r) => r,
            Err(failure) => return failure,
        };
        // A ClusterIP: kube-proxy picks the endpoint.
        let (dest, dest_port, why) = match self.route_via_service(ip, port, client_ip) {
            Ok(Some(routed)) => routed,
            Ok(None) => (ip, port, why),
            Err(failure) => return failure,
        };
        self.deliver(client_ip, ip, dest, dest_port, path, why)
    }

    /// The address a request goes to: an IP as written, or the first DNS answer for a name.
    fn resolve_target(&mut self, from: &Key, target: &str) -> Result<(Ipv4Addr, Msg), Response> {
        let resolved = match target.parse::<Ipv4Addr>() {
            Ok(ip) => (ip, Msg::new("engine.net.direct").text(ip.to_string())),
            Err(_) => match self.resolve(from, target) {
                Outcome::Resolved(l) if !l.addresses.is_empty() => {
                    let n = l.addresses.len();
                    let ip = l.addresses[0];
                    let why = if n > 1 {
                        Msg::new("engine.net.dns.first")
                            .text(target)
                            .text(n.to_string())
                            .text(ip.to_string())
                    } else {
                        Msg::new("engine.net.dns").text(target).text(ip.to_string())
                    };
                    (ip, why)
                }
                _ => {
                    return Err(failed(
                        NetError::BadAddress,
                        Msg::new("engine.net.nxdomain").text(target),
                        None,
                    ))
                }
            },
        };
        Ok(resolved)
    }

    /// When `ip` is a Service's ClusterIP, the endpoint kube-proxy routes to, with its port and
    /// how it was picked; `None` for any other address.
    fn route_via_service(
        &mut self,
        ip: Ipv4Addr,
        port: u16,
        client_ip: Ipv4Addr,
    ) -> Result<Option<(Ipv4Addr, u16, Msg)>, Response> {
        let Some(svc) = self.cluster.service_by_ip(ip).cloned() else {
            return Ok(None);
        };
        let key = svc.meta.key();
        // HTTP is TCP: `53/UDP` and `53/TCP` are two ports of kube-dns.
        let Some(sp) =
            svc.spec.ports.iter().find(|p| {
                p.port == i64::from(port) && p.protocol.as_deref().unwrap_or("TCP") == "TCP"
            })
        else {
            return Err(failed(
                NetError::ConnectionRefused,
                Msg::new("engine.net.noport")
                    .text(&key.name)
                    .text(port.to_string()),
                Some(ip),
            ));
        };
        let target_port = match &sp.target_port {
            Some(IntOrString::Int(p)) => u16::try_from(*p).unwrap_or(port),
            _ => port,
        };
        let affinity = (svc.spec.session_affinity.as_deref() == Some("ClientIP")).then(|| {
            svc.spec
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .and_then(|c| c.timeout_seconds)
                .unwrap_or(10_800)
                .max(0) as u64
        });
        let mode = self.proxy_mode;
        let now = self.now;
        // The endpoints are borrowed, not copied (a request is frequent, a Service may have
        // hundreds of endpoints); what the rest needs of the chosen one is taken out.
        let picked = {
            // Only endpoints that carry this Service port: a pod whose container has no
            // port of a named targetPort is no endpoint of that port (§4.4), and a port
            // without endpoints is rejected (§6).
            let ready: Vec<&crate::engine::cluster::EndpointAddress> = self
                .cluster
                .endpoints
                .get(&key)
                .map(|eps| {
                    eps.ready()
                        .into_iter()
                        .filter(|a| a.ports.iter().any(|p| p.name == sp.name))
                        .collect()
                })
                .unwrap_or_default();
            self.proxy
                .route(
                    mode,
                    &key,
                    port,
                    target_port,
                    &ready,
                    client_ip,
                    affinity,
                    now,
                    &mut self.rng.proxy,
                )
                .map(|(ep, pick)| {
                    let ep_port = ep
                        .ports
                        .iter()
                        .find(|p| p.name == sp.name)
                        .map_or(target_port, |p| p.port);
                    (ep.ip, ep.pod.clone(), ep_port, pick)
                })
        };
        let Some((ep_ip, ep_pod, ep_port, pick)) = picked else {
            self.note(
                Kind::Service,
                &key,
                Change::Traffic,
                Msg::new("engine.net.reject").text(&key.name),
            );
            return Err(failed(
                NetError::ConnectionRefused,
                Msg::new("engine.net.reject").text(&key.name),
                Some(ip),
            ));
        };
        let why = match pick {
            Pick::Random {
                rule,
                n,
                probability,
            } => Msg::new("engine.net.iptables")
                .text(&key.name)
                .text(rule.to_string())
                .text(n.to_string())
                .text(probability.unwrap_or_else(|| "1".into()))
                .text(&ep_pod),
            Pick::RoundRobin { turn, n } => Msg::new("engine.net.ipvs")
                .text(&key.name)
                .text((turn % n as u64 + 1).to_string())
                .text(n.to_string())
                .text(&ep_pod),
            Pick::Affinity { idle_s, timeout_s } => Msg::new("engine.net.affinity")
                .text(&key.name)
                .text(&ep_pod)
                .text(idle_s.to_string())
                .text(timeout_s.to_string()),
        };
        Ok(Some((ep_ip, ep_port, why)))
    }

    /// The request reaches the pod at `dest`, which serves it (or not) and logs it.
    fn deliver(
        &mut self,
        client_ip: Ipv4Addr,
        ip: Ipv4Addr,
        dest: Ipv4Addr,
        dest_port: u16,
        path: &str,
        why: Msg,
    ) -> Response {
        let Some(pod) = self.cluster.pod_by_ip(dest) else {
            return failed(
                NetError::Timeout,
                Msg::new("engine.net.nohost").text(dest.to_string()),
                Some(ip),
            );
        };
        let pod_key = pod.meta.key();
        if !pod.container_running() || pod.status.stage == crate::engine::lifecycle::Stage::Exited {
            return failed(
                NetError::ConnectionRefused,
                Msg::new("engine.net.notrunning").text(&pod_key.name),
                Some(ip),
            );
        }
        let Some(http) = files::serve(&self.cluster, pod, dest_port, path) else {
            return failed(
                NetError::ConnectionRefused,
                not_served(pod, dest_port),
                Some(ip),
            );
        };
        let now = self.now;
        if let Some(p) = self.cluster.pods.get_mut(&pod_key) {
            p.access_log.push(AccessLog {
                time: now,
                client_ip,
                method: "GET".into(),
                path: path.to_string(),
                status: http.status,
                bytes: http.body.len(),
                user_agent: String::new(),
            });
            if p.access_log.len() > 1000 {
                p.access_log.remove(0);
            }
        }
        self.note(Kind::Pod, &pod_key, Change::Traffic, why.clone());
        Response {
            connected: Some(ip),
            pod: Some(pod_key.name.clone()),
            pod_ip: Some(dest),
            status: Some(http.status),
            body: http.body,
            why,
            error: None,
        }
    }

    pub(crate) fn write_file(
        &mut self,
        pod_key: &Key,
        path: &str,
        content: &str,
        append: bool,
    ) -> Outcome {
        if let Err(o) = self.running_pod(pod_key) {
            return o;
        }
        let Some(pod) = self.cluster.pods.get(pod_key) else {
            return pod_not_found(&pod_key.name);
        };
        let norm = files::normalize(path);
        if files::is_dir(&self.cluster, pod, &norm) {
            return Outcome::FileFailed(FsError::IsADirectory);
        }
        let place = files::place_of(pod, &norm);
        if matches!(place, Place::Managed | Place::ConfigMap { .. }) {
            return Outcome::FileFailed(FsError::ReadOnly);
        }
        // `>>` to a file written before grows it in place (a loop of appends costs what it
        // appends); otherwise the file's text is read (an image's file) and written whole.
        let grown = if append {
            match self.grow_in_place(pod_key, &place, &norm, content) {
                Some(Ok(())) => true,
                Some(Err(e)) => return Outcome::FileFailed(e),
                None => false,
            }
        } else {
            false
        };
        let text = if grown {
            String::new()
        } else if append {
            let old = self
                .cluster
                .pods
                .get(pod_key)
                .and_then(|pod| files::read(&self.cluster, pod, &norm).ok())
                .unwrap_or_default();
            format!("{old}{content}")
        } else {
            content.to_string()
        };
        if text.len() > files::MAX_FILE_BYTES {
            return Outcome::FileFailed(FsError::NoSpace);
        }
        let reason;
        match place {
            Place::Managed | Place::ConfigMap { .. } => {
                return Outcome::FileFailed(FsError::ReadOnly)
            }
            Place::Container => {
                if let Some(p) = self.cluster.pods.get_mut(pod_key).filter(|_| !grown) {
                    p.rootfs.insert(norm.clone(), Some(text));
                }
                reason = Msg::new("engine.file.container")
                    .text(&norm)
                    .text(&pod_key.name);
            }
            Place::EmptyDir { volume, rel } => {
                if let Some(p) = self.cluster.pods.get_mut(pod_key).filter(|_| !grown) {
                    p.empty_dirs
                        .entry(volume.clone())
                        .or_default()
                        .insert(rel, text);
                }
                reason = Msg::new("engine.file.emptydir").text(&norm).text(volume);
            }
            Place::Claim { claim, rel } => {
                let pv = self
                    .cluster
                    .pods
                    .get(pod_key)
                    .and_then(|pod| files::claim_volume(&self.cluster, pod, &claim));
                let Some(pv) = pv else {
                    return Outcome::FileFailed(FsError::NotMounted);
                };
                if let Some(v) = self.cluster.pvs.get_mut(&pv).filter(|_| !grown) {
                    v.data.insert(rel, text);
                }
                reason = Msg::new("engine.file.claim")
                    .text(&norm)
                    .text(&claim)
                    .text(pv);
            }
        }
        self.note(Kind::Pod, pod_key, Change::Command, reason);
        Outcome::Done
    }

    /// Appends `content` to a file written before, where it is kept; `None` when there is no
    /// such file (the caller reads and writes it whole), an error past [`files::MAX_FILE_BYTES`].
    fn grow_in_place(
        &mut self,
        pod_key: &Key,
        place: &Place,
        norm: &str,
        content: &str,
    ) -> Option<Result<(), FsError>> {
        let text: &mut String = match place {
            Place::Container => self
                .cluster
                .pods
                .get_mut(pod_key)?
                .rootfs
                .get_mut(norm)?
                .as_mut()?,
            Place::EmptyDir { volume, rel } => self
                .cluster
                .pods
                .get_mut(pod_key)?
                .empty_dirs
                .get_mut(volume)?
                .get_mut(rel)?,
            Place::Claim { claim, rel } => {
                let pod = self.cluster.pods.get(pod_key)?;
                let pv = files::claim_volume(&self.cluster, pod, claim)?;
                self.cluster.pvs.get_mut(&pv)?.data.get_mut(rel)?
            }
            Place::Managed | Place::ConfigMap { .. } => return None,
        };
        if text.len() + content.len() > files::MAX_FILE_BYTES {
            return Some(Err(FsError::NoSpace));
        }
        text.push_str(content);
        Some(Ok(()))
    }

    pub(crate) fn remove_file(&mut self, pod_key: &Key, path: &str) -> Outcome {
        if let Err(o) = self.running_pod(pod_key) {
            return o;
        }
        let Some(pod) = self.cluster.pods.get(pod_key) else {
            return pod_not_found(&pod_key.name);
        };
        let norm = files::normalize(path);
        if files::read(&self.cluster, pod, &norm).is_err() {
            return Outcome::FileFailed(FsError::NoSuchFile);
        }
        match files::place_of(pod, &norm) {
            Place::Managed | Place::ConfigMap { .. } => {
                return Outcome::FileFailed(FsError::ReadOnly)
            }
            Place::Container => {
                if let Some(p) = self.cluster.pods.get_mut(pod_key) {
                    p.rootfs.insert(norm.clone(), None);
                }
                self.probes_after_removal(pod_key, &norm);
            }
            Place::EmptyDir { volume, rel } => {
                if let Some(d) = self
                    .cluster
                    .pods
                    .get_mut(pod_key)
                    .and_then(|p| p.empty_dirs.get_mut(&volume))
                {
                    d.remove(&rel);
                }
            }
            Place::Claim { claim, rel } => {
                let pv = files::claim_volume(&self.cluster, pod, &claim);
                if let Some(v) = pv.and_then(|pv| self.cluster.pvs.get_mut(&pv)) {
                    v.data.remove(&rel);
                }
            }
        }
        Outcome::Done
    }

    /// Reads a file inside a pod (no state changes, so not a command).
    pub fn read_file(&self, pod: &Key, path: &str) -> Result<String, FsError> {
        let p = self.cluster.pods.get(pod).ok_or(FsError::NoSuchFile)?;
        files::read(&self.cluster, p, path)
    }

    /// Lists a directory inside a pod.
    pub fn list_dir(&self, pod: &Key, path: &str) -> Result<Vec<(String, bool)>, FsError> {
        let p = self.cluster.pods.get(pod).ok_or(FsError::NoSuchFile)?;
        files::list(&self.cluster, p, path)
    }

    /// The full DNS record set, for drawing.
    #[must_use]
    pub fn dns_records(&self) -> Vec<dns::Record> {
        dns::records(&self.cluster)
    }
}

/// Why a pod answered no HTTP on `port`, from its image's row: the port is another protocol's,
/// or nothing listens there (and which ports the image does listen on).
fn not_served(pod: &crate::engine::cluster::Pod, port: u16) -> Msg {
    let listens = crate::engine::images::traits(pod.image()).listens;
    let name = &pod.meta.name;
    if listens.contains(&port) {
        return Msg::new("engine.net.nothttp")
            .text(name)
            .text(port.to_string());
    }
    if listens.is_empty() {
        return Msg::new("engine.net.nolisten")
            .text(name)
            .text(port.to_string());
    }
    let ports: Vec<String> = listens.iter().map(u16::to_string).collect();
    Msg::new("engine.net.nolisten.ports")
        .text(name)
        .text(port.to_string())
        .text(ports.join(", "))
}

/// A request that failed: the error, why, and the address it connected to (if any).
fn failed(error: NetError, why: Msg, connected: Option<Ipv4Addr>) -> Response {
    Response {
        connected,
        pod: None,
        pod_ip: None,
        status: None,
        body: String::new(),
        why,
        error: Some(error),
    }
}
