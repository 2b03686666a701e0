//! The drawable picture of the cluster (pure, so it is tested natively):
//! - [`scene`]: engine state → glyphs with places, states and links;
//! - [`tween`]: motion between scenes (glide, fade, packets), reduced motion honoured;
//! - [`motion`]: what is drawn over the glyphs (request counts, the pick rule, DNS questions,
//!   growing bind lines, what a Step changed);
//! - [`why`]: the rules and YAML fields behind a pod, claim, volume, Service or DNS record;
//! - [`compare`]: the StatefulSet and Deployment side by side, in lockstep;
//! - [`events`]: the event list's rows;
//! - [`traffic`]: the traffic generator, its tallies and its panel;
//! - [`playback`]: the clock and timeline of the playback bar;
//! - here: the DNS table and a request's path through the scene.

pub mod compare;
pub mod events;
pub mod motion;
pub mod playback;
pub mod scene;
pub mod traffic;
pub mod tween;
pub mod why;

pub use playback::{clock_text, has_next_event};

use crate::engine::command::Response;
use crate::engine::network::dns::{self, Answer, RType};
use crate::engine::Simulation;

use scene::Scene;

/// One record of the DNS panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRow {
    pub name: String,
    pub rtype: RType,
    pub data: String,
    pub pod: Option<String>,
    /// Part of the answer to the current query.
    pub hit: bool,
    /// The cluster's own record (`kube-system`, `kubernetes.default`), not the learner's.
    pub system: bool,
}

impl DnsRow {
    /// What a click on the row selects: the record, explained.
    #[must_use]
    pub fn target(&self) -> why::Target {
        why::Target::Dns {
            name: self.name.clone(),
            rtype: self.rtype,
            data: self.data.clone(),
        }
    }

    /// The record type's name (`A`, `SRV`, …).
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        self.rtype.name()
    }
}

/// The DNS panel: the learner's records first, the cluster's own ones only when asked for,
/// and what a query did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DnsTable {
    /// The learner's records in the order [`dns_table`] gives them, then (when `show_system`)
    /// the system ones in the same order.
    pub rows: Vec<DnsRow>,
    /// How many system records the cluster serves (listed only when `show_system`).
    pub n_system: usize,
    pub show_system: bool,
    /// The search-path names tried, and whether each answered.
    pub tried: Vec<(String, bool)>,
    /// The addresses the query returned.
    pub answer: Vec<String>,
}

/// The addresses `query` resolves to from a pod in `default` (empty: no answer). Cheap: no
/// record set is built, so the scene can mark the answer on every frame.
#[must_use]
pub fn dns_answer(sim: &Simulation, query: &str) -> Vec<String> {
    resolve_query(sim, query).1
}

/// The search-path names tried, the answer, and the name that answered.
fn resolve_query(
    sim: &Simulation,
    query: &str,
) -> (Vec<(String, bool)>, Vec<String>, Option<String>) {
    let query = query.trim();
    if query.is_empty() {
        return (Vec::new(), Vec::new(), None);
    }
    let res = dns::resolve(sim.cluster(), "default", query);
    match res.answer {
        Some((fqdn, answer)) => {
            let addresses = match answer {
                Answer::A(ips) => ips.iter().map(ToString::to_string).collect(),
                Answer::Cname(c) => vec![c],
                Answer::NxDomain => Vec::new(),
            };
            (res.tried, addresses, Some(fqdn.to_ascii_lowercase()))
        }
        None => (res.tried, Vec::new(), None),
    }
}

/// Whether a record belongs to the cluster rather than the learner: a Service of a `kube-*`
/// namespace, or the API server's `kubernetes.default` (and their reverse records).
fn is_system_record(r: &dns::Record) -> bool {
    r.service.namespace.starts_with("kube-")
        || (r.service.namespace == "default" && r.service.name == "kubernetes")
}

/// Where a record is listed, first to last: a pod's own stable name (`web-0.nginx…`), a
/// Service's name, its SRV records, the per-endpoint names made from an address
/// (`10-244-0-7.my-nginx-svc…`), the reverse records.
fn record_rank(r: &dns::Record) -> u8 {
    let fqdn = dns::service_fqdn(&r.service);
    match r.rtype {
        RType::A | RType::Cname if r.name == fqdn => 1,
        RType::Srv => 2,
        RType::Ptr => 4,
        RType::A | RType::Cname => {
            let host = r.name.split('.').next().unwrap_or_default();
            if host == r.data.replace('.', "-") {
                3
            } else {
                0
            }
        }
    }
}

/// The record set of `sim`, the learner's records first, by [`record_rank`], then by Service:
/// headless ones first (they give pods their own names), then by when it was created and its
/// name; the system records follow only when `show_system`. The rows answering `query` (as a
/// pod in `default` resolves it) are marked.
#[must_use]
pub fn dns_table(sim: &Simulation, query: &str, show_system: bool) -> DnsTable {
    let (tried, answer, hit_name) = resolve_query(sim, query);
    let services = &sim.cluster().services;
    let created = |r: &dns::Record| {
        services
            .get(&r.service)
            .map(|s| (!s.is_headless(), s.meta.created))
    };
    let mut records: Vec<(bool, dns::Record)> = sim
        .dns_records()
        .into_iter()
        .map(|r| (is_system_record(&r), r))
        .collect();
    records.sort_by(|(sa, a), (sb, b)| {
        sa.cmp(sb)
            .then_with(|| record_rank(a).cmp(&record_rank(b)))
            .then_with(|| created(a).cmp(&created(b)))
            .then_with(|| scene::natural_cmp(&a.service.name, &b.service.name))
            .then_with(|| scene::natural_cmp(&a.name, &b.name))
            .then_with(|| scene::natural_cmp(&a.data, &b.data))
    });
    let n_system = records.iter().filter(|(system, _)| *system).count();
    let rows = records
        .into_iter()
        .filter(|(system, _)| show_system || !system)
        .map(|(system, r)| DnsRow {
            hit: hit_name.as_deref() == Some(r.name.as_str())
                && matches!(r.rtype, RType::A | RType::Cname),
            name: r.name,
            rtype: r.rtype,
            data: r.data,
            pod: r.pod,
            system,
        })
        .collect();
    DnsTable {
        rows,
        n_system,
        show_system,
        tried,
        answer,
    }
}

/// Where a request is drawn: from the client pod, through the Service's virtual IP when it
/// went through one, to the pod that answered. Empty when an end is not in the scene.
#[must_use]
pub fn packet_path(scene: &Scene, client: &str, response: &Response) -> Vec<(f64, f64)> {
    let Some(from) = scene.pod(client) else {
        return Vec::new();
    };
    let Some(to) = response.pod.as_deref().and_then(|p| scene.pod(p)) else {
        return Vec::new();
    };
    let mut points = vec![from.rect.center()];
    if let Some(ip) = response.connected.map(|ip| ip.to_string()) {
        if let Some(svc) = scene
            .services
            .iter()
            .find(|s| s.cluster_ip.as_deref() == Some(ip.as_str()))
        {
            points.push(svc.rect.bottom());
        }
    }
    points.push(to.rect.center());
    points
}
