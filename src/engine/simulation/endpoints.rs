//! The Endpoints and EndpointSlice controllers, run in the same step as the pod change that
//! moves them (so "endpoints ⊆ ready selected pods" holds after every event). Reference §4.4.

use crate::i18n::Msg;
use crate::manifest::objects::{IntOrString, Kind};

use super::Simulation;
use crate::engine::cluster::{EndpointAddress, EndpointPort, Endpoints, Key, Pod, Service};
use crate::engine::trace::Change;

/// The address `pod` contributes to `svc`, if any (`ShouldPodBeInEndpoints`).
#[must_use]
pub fn endpoint_for(svc: &Service, pod: &Pod) -> Option<EndpointAddress> {
    if !svc.selects(pod) || pod.is_terminal() {
        return None;
    }
    let ip = pod.status.ip?;
    let publish = svc.spec.publish_not_ready_addresses;
    let terminating = pod.is_terminating();
    if terminating && !publish {
        return None;
    }
    let hostname = match (&pod.spec.hostname, &pod.spec.subdomain) {
        (Some(h), Some(sub)) if !h.is_empty() && *sub == svc.meta.name => Some(h.clone()),
        _ => None,
    };
    let mut ports = Vec::new();
    for sp in &svc.spec.ports {
        let protocol = sp.protocol.clone().unwrap_or_else(|| "TCP".into());
        let target = match &sp.target_port {
            None => Some(sp.port),
            Some(IntOrString::Int(p)) => Some(*p),
            Some(IntOrString::Str(name)) => pod
                .spec
                .containers
                .iter()
                .flat_map(|c| c.ports.iter())
                .find(|cp| {
                    cp.name.as_deref() == Some(name.as_str())
                        && cp.protocol.as_deref().unwrap_or("TCP") == protocol
                })
                .map(|cp| cp.container_port),
        };
        if let Some(port) = target.and_then(|p| u16::try_from(p).ok()) {
            ports.push(EndpointPort {
                name: sp.name.clone(),
                port,
                protocol,
            });
        }
    }
    if !svc.spec.ports.is_empty() && ports.is_empty() {
        return None;
    }
    Some(EndpointAddress {
        ip,
        hostname,
        pod: pod.meta.name.clone(),
        node: pod.spec.node_name.clone().unwrap_or_default(),
        ready: publish || (pod.is_ready() && !terminating),
        serving: pod.is_ready(),
        terminating,
        ports,
    })
}

fn describe(a: &EndpointAddress) -> &'static str {
    if a.ready {
        "engine.ep.ready"
    } else {
        "engine.ep.notready"
    }
}

impl Simulation {
    fn service_keys_in(&self, ns: &str) -> Vec<Key> {
        self.cluster
            .services
            .range(Key::new(ns, "")..)
            .take_while(|(k, _)| k.namespace == ns)
            .map(|(k, _)| k.clone())
            .collect()
    }

    fn set_endpoint(&mut self, svc_key: &Key, pod_name: &str, want: Option<EndpointAddress>) {
        let Some(eps) = self.cluster.endpoints.get_mut(svc_key) else {
            return;
        };
        let have = eps.by_pod.get(pod_name);
        if have == want.as_ref() {
            return;
        }
        let was_ready = have.is_some_and(|a| a.ready);
        let reason = match &want {
            Some(a) => {
                let changed_readiness = have.is_none() || was_ready != a.ready;
                let id = describe(a);
                let m = Msg::new(id)
                    .text(pod_name)
                    .text(a.ip.to_string())
                    .text(&svc_key.name);
                eps.by_pod.insert(pod_name.to_string(), a.clone());
                changed_readiness.then_some(m)
            }
            None => {
                eps.by_pod.remove(pod_name);
                Some(
                    Msg::new("engine.ep.removed")
                        .text(pod_name)
                        .text(&svc_key.name),
                )
            }
        };
        if let Some(reason) = reason {
            self.note(Kind::Service, svc_key, Change::Endpoints, reason);
        }
    }

    /// Re-evaluates one pod against every Service of its namespace.
    pub(crate) fn refresh_endpoints_for_pod(&mut self, key: &Key) {
        for svc_key in self.service_keys_in(&key.namespace) {
            let want = match (
                self.cluster.services.get(&svc_key),
                self.cluster.pods.get(key),
            ) {
                (Some(svc), Some(pod)) => endpoint_for(svc, pod),
                _ => None,
            };
            self.set_endpoint(&svc_key, &key.name, want);
        }
    }

    pub(crate) fn refresh_endpoints_for_removed(&mut self, pod: &Pod) {
        for svc_key in self.service_keys_in(&pod.meta.namespace) {
            self.set_endpoint(&svc_key, &pod.meta.name, None);
        }
    }

    /// Recomputes a Service's endpoints from scratch (Service created or changed).
    pub(crate) fn refresh_service(&mut self, svc_key: &Key) {
        if !self.cluster.endpoints.contains_key(svc_key) {
            self.cluster.endpoints.insert(
                svc_key.clone(),
                Endpoints {
                    created: self.now,
                    ..Endpoints::default()
                },
            );
        }
        let stale: Vec<String> = self
            .cluster
            .endpoints
            .get(svc_key)
            .map(|e| e.by_pod.keys().cloned().collect())
            .unwrap_or_default();
        let pods: Vec<Key> = self
            .cluster
            .pods
            .range(Key::new(&svc_key.namespace, "")..)
            .take_while(|(k, _)| k.namespace == svc_key.namespace)
            .map(|(k, _)| k.clone())
            .collect();
        for name in stale {
            if !pods.iter().any(|k| k.name == name) {
                self.set_endpoint(svc_key, &name, None);
            }
        }
        for pk in pods {
            let want = match (
                self.cluster.services.get(svc_key),
                self.cluster.pods.get(&pk),
            ) {
                (Some(svc), Some(pod)) => endpoint_for(svc, pod),
                _ => None,
            };
            self.set_endpoint(svc_key, &pk.name, want);
        }
    }
}
