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

/// The DNS panel: the learner's records (system Services left out), and what a query did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DnsTable {
    pub rows: Vec<DnsRow>,
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

/// The record set of `sim`, with the rows answering `query` (as a pod in `default` resolves
/// it) marked.
#[must_use]
pub fn dns_table(sim: &Simulation, query: &str) -> DnsTable {
    let (tried, answer, hit_name) = resolve_query(sim, query);
    let mut table = DnsTable {
        tried,
        answer,
        ..DnsTable::default()
    };
    for r in sim.dns_records() {
        if r.service.namespace == "kube-system" {
            continue;
        }
        let hit = hit_name.as_deref() == Some(r.name.as_str())
            && matches!(r.rtype, RType::A | RType::Cname);
        table.rows.push(DnsRow {
            name: r.name,
            rtype: r.rtype,
            data: r.data,
            pod: r.pod,
            hit,
        });
    }
    table
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
