//! Properties that must hold after every event (checked in tests through
//! `Config::check_invariants`): endpoints are exactly the ready selected pods, DNS answers
//! match endpoints, claims and volumes pair one to one, names and ClusterIPs are unique, pod
//! IPs are not shared. OrderedReady creation order is checked where pods are created.
//!
//! The checks are for tests and the soak, which run natively; the page never turns them on,
//! so its WebAssembly build carries none of them ([`check`] finds nothing there).
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::collections::{BTreeMap, BTreeSet};

use super::cluster::{ClaimPhase, Cluster, Key, VolumePhase};
use super::network::dns::{self, Answer};
use super::simulation::Simulation;
use super::time::Time;

/// Every violated invariant, described (none in the page's build, which never checks).
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn check(_sim: &Simulation) -> Vec<String> {
    Vec::new()
}

/// Every violated invariant, described.
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn check(sim: &Simulation) -> Vec<String> {
    let c = sim.cluster();
    let mut out = Vec::new();
    let t = sim.now();
    endpoints_and_dns(c, t, &mut out);
    claims_and_volumes(c, t, &mut out);
    unique_ips(c, t, &mut out);
    ordinal_index(c, t, &mut out);
    node_index(c, t, &mut out);
    pod_uids_and_owner_index(c, t, &mut out);
    out
}

/// Endpoints are the eligible selected pods, and DNS answers match them.
fn endpoints_and_dns(c: &Cluster, t: Time, out: &mut Vec<String>) {
    // Endpoints = eligible selected pods, readiness as the pod says.
    for (key, svc) in &c.services {
        let Some(eps) = c.endpoints.get(key) else {
            out.push(format!("{t}: service {key} has no endpoints object"));
            continue;
        };
        for (pod_name, a) in &eps.by_pod {
            let Some(pod) = c.pods.get(&Key::new(&key.namespace, pod_name)) else {
                out.push(format!("{t}: endpoints {key} list missing pod {pod_name}"));
                continue;
            };
            if !svc.selects(pod) {
                out.push(format!(
                    "{t}: endpoints {key} list unselected pod {pod_name}"
                ));
            }
            if pod.status.ip != Some(a.ip) {
                out.push(format!(
                    "{t}: endpoints {key} list {pod_name} at a stale IP {}",
                    a.ip
                ));
            }
            let publish = svc.spec.publish_not_ready_addresses;
            if a.ready && !(publish || (pod.is_ready() && !pod.is_terminating())) {
                out.push(format!(
                    "{t}: endpoints {key} list {pod_name} as ready but it is not"
                ));
            }
        }
        for pod in c.pods.values() {
            let want = super::simulation::endpoint_for(svc, pod);
            if want.is_some() != eps.by_pod.contains_key(&pod.meta.name) {
                out.push(format!(
                    "{t}: endpoints {key} and pod {} disagree (should be listed: {})",
                    pod.meta.name,
                    want.is_some()
                ));
            }
        }
        // DNS answers match the ready endpoints.
        let fqdn = dns::service_fqdn(key);
        let answer = dns::lookup_a(c, &fqdn);
        let ready: BTreeSet<_> = eps.ready().iter().map(|a| a.ip).collect();
        if svc.is_headless() {
            let got: BTreeSet<_> = match &answer {
                Answer::A(ips) => ips.iter().copied().collect(),
                _ => BTreeSet::new(),
            };
            if got != ready {
                out.push(format!(
                    "{t}: DNS {fqdn} answers {got:?}, endpoints say {ready:?}"
                ));
            }
            for a in eps.ready() {
                if let Some(h) = &a.hostname {
                    let name = format!("{h}.{fqdn}");
                    if dns::lookup_a(c, &name) != Answer::A(vec![a.ip]) {
                        out.push(format!("{t}: DNS {name} does not answer {}", a.ip));
                    }
                }
            }
        } else if let Some(ip) = svc.cluster_ip() {
            if answer != Answer::A(vec![ip]) {
                out.push(format!(
                    "{t}: DNS {fqdn} does not answer its ClusterIP {ip}"
                ));
            }
        }
    }
}

/// Claims and volumes pair one to one, and the Available count is right.
fn claims_and_volumes(c: &Cluster, t: Time, out: &mut Vec<String>) {
    // Claims and volumes pair one to one.
    let mut bound_to: BTreeMap<&str, &Key> = BTreeMap::new();
    for (key, claim) in &c.pvcs {
        if claim.phase == ClaimPhase::Bound {
            let Some(vol) = claim.spec.volume_name.as_deref() else {
                out.push(format!("{t}: claim {key} is Bound without a volume"));
                continue;
            };
            match c.pvs.get(vol) {
                Some(pv) if pv.claim.as_ref().is_some_and(|r| r.uid == claim.meta.uid) => {}
                _ => out.push(format!(
                    "{t}: claim {key} names volume {vol}, which does not point back"
                )),
            }
            if let Some(other) = bound_to.insert(vol, key) {
                out.push(format!("{t}: volume {vol} bound by both {other} and {key}"));
            }
        }
    }
    for (name, pv) in &c.pvs {
        if pv.phase == VolumePhase::Bound {
            let ok = pv.claim.as_ref().is_some_and(|r| {
                c.pvcs
                    .get(&Key::new(&r.namespace, &r.name))
                    .is_some_and(|claim| {
                        claim.meta.uid == r.uid && claim.spec.volume_name.as_deref() == Some(name)
                    })
            });
            if !ok {
                out.push(format!(
                    "{t}: volume {name} is Bound to a claim that is not bound to it"
                ));
            }
        }
    }
    let n_available = c
        .pvs
        .values()
        .filter(|pv| pv.phase == VolumePhase::Available)
        .count();
    if n_available != c.available_pvs() {
        out.push(format!(
            "{t}: {} volumes counted Available, {n_available} are",
            c.available_pvs()
        ));
    }
}

/// ClusterIPs and pod IPs are unique.
fn unique_ips(c: &Cluster, t: Time, out: &mut Vec<String>) {
    // Unique ClusterIPs and pod IPs.
    let mut ips = BTreeSet::new();
    for ip in c.cluster_ips() {
        if !ips.insert(ip) {
            out.push(format!("{t}: ClusterIP {ip} used twice"));
        }
    }
    let mut pod_ips = BTreeMap::new();
    for pod in c.pods.values() {
        if pod.spec.host_network {
            continue;
        }
        if let Some(ip) = pod.status.ip {
            if let Some(other) = pod_ips.insert(ip, &pod.meta.name) {
                out.push(format!(
                    "{t}: pod IP {ip} held by {other} and {}",
                    pod.meta.name
                ));
            }
        }
    }
}

/// The StatefulSet ordinal index agrees with the pods.
fn ordinal_index(c: &Cluster, t: Time, out: &mut Vec<String>) {
    // The StatefulSet ordinal index agrees with the pods.
    let n_indexed: usize = c.sts_ordinals().values().map(BTreeMap::len).sum();
    let n_sts_pods = c
        .pods
        .values()
        .filter(|p| {
            p.meta.controller().is_some_and(|o| {
                o.kind == crate::manifest::objects::Kind::StatefulSet
                    && super::controllers::stateful_set::ordinal_of(&o.name, &p.meta.name).is_some()
            })
        })
        .count();
    if n_indexed != n_sts_pods {
        out.push(format!(
            "{t}: ordinal index holds {n_indexed} pods, {n_sts_pods} expected"
        ));
    }
    for (uid, m) in c.sts_ordinals() {
        for (ord, k) in m {
            let ok = c.pods.get(k).is_some_and(|p| {
                p.meta.controller().is_some_and(|o| &o.uid == uid)
                    && super::controllers::stateful_set::ordinal_of(
                        &p.meta
                            .controller()
                            .map(|o| o.name.clone())
                            .unwrap_or_default(),
                        &p.meta.name,
                    ) == Some(*ord)
            });
            if !ok {
                let found = c
                    .pods
                    .get(k)
                    .map(|p| (p.meta.name.clone(), p.meta.owners.clone()));
                out.push(format!(
                    "{t}: ordinal index lists {k} as {ord} of {uid} wrongly: {found:?}"
                ));
            }
        }
    }
}

/// The node index (pods, requests, anti-affinity count) agrees with the pods.
fn node_index(c: &Cluster, t: Time, out: &mut Vec<String>) {
    // The node index agrees with the pods.
    let mut per_node: BTreeMap<&str, usize> = BTreeMap::new();
    for pod in c.pods.values() {
        if let Some(n) = pod.spec.node_name.as_deref() {
            *per_node.entry(n).or_insert(0) += 1;
        }
    }
    for (node, n) in c.node_pods() {
        if per_node.get(node.as_str()).copied().unwrap_or(0) != *n {
            out.push(format!("{t}: node index counts {n} pods on {node}"));
        }
    }
    let mut requested: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for pod in c.pods.values() {
        if let Some(n) = pod.spec.node_name.as_deref() {
            let e = requested.entry(n).or_insert((0, 0));
            e.0 += pod.spec.request("cpu");
            e.1 += pod.spec.request("memory");
        }
    }
    for (node, r) in c.node_requests() {
        if requested.get(node.as_str()).copied().unwrap_or((0, 0)) != *r {
            out.push(format!("{t}: node index counts requests {r:?} on {node}"));
        }
    }
    let anti = c
        .pods
        .values()
        .filter(|p| p.has_required_anti_affinity())
        .count();
    if anti != c.anti_affinity_pods() {
        out.push(format!(
            "{t}: {} pods counted with anti-affinity, {anti} have it",
            c.anti_affinity_pods()
        ));
    }
}

/// Pod UIDs are unique and the owner index agrees with the pods.
fn pod_uids_and_owner_index(c: &Cluster, t: Time, out: &mut Vec<String>) {
    // Unique UIDs across pods (names are unique per map key already).
    let mut uids = BTreeSet::new();
    for pod in c.pods.values() {
        if !uids.insert(&pod.meta.uid) {
            out.push(format!("{t}: pod UID {} used twice", pod.meta.uid));
        }
    }
    // The owner index agrees with the pods.
    for (uid, keys) in c.pods_by_owner() {
        for k in keys {
            let listed_right = c.pods.get(k).is_some_and(|p| {
                p.meta
                    .controller()
                    .map_or(uid.is_empty(), |o| &o.uid == uid)
            });
            if !listed_right {
                out.push(format!("{t}: owner index lists {k} under {uid} wrongly"));
            }
        }
    }
}
