//! The traffic generator: requests per second from a client pod to a Service (or a pod's own
//! DNS name), its tallies per answering pod, and everything the traffic panel draws.

use std::collections::BTreeMap;

use crate::engine::command::{Command, Outcome};
use crate::engine::config::ProxyMode;
use crate::engine::{Key, Simulation};
use crate::i18n::{Lang, Msg};

use super::packet_path;
use super::scene::Scene;

/// Requests sent per frame at most, whatever the rate.
pub const MAX_REQUESTS_PER_FRAME: u32 = 20;
/// Pods in the histogram at most.
pub const MAX_BARS: usize = 40;
/// Requests per second until the learner picks another rate.
pub const DEFAULT_RATE: u32 = 5;
/// The slowest and fastest rates offered (requests per second).
pub const MIN_RATE: u32 = 1;
pub const MAX_RATE: u32 = 20;

/// The traffic generator's settings and tallies.
#[derive(Debug, Clone, PartialEq)]
pub struct Traffic {
    pub on: bool,
    /// A Service name, or a pod's DNS name (`web-0.nginx`).
    pub target: String,
    pub client: String,
    /// Requests per second.
    pub rate: u32,
    /// The fraction of a request owed from earlier frames.
    carry: f64,
    /// Requests answered per pod since the target was chosen.
    pub hits: BTreeMap<String, u64>,
    pub failures: u64,
    /// The last request's note (which pod answered and why).
    pub last: Option<Msg>,
}

impl Default for Traffic {
    fn default() -> Traffic {
        Traffic {
            on: false,
            target: String::new(),
            client: String::new(),
            rate: DEFAULT_RATE,
            carry: 0.0,
            hits: BTreeMap::new(),
            failures: 0,
            last: None,
        }
    }
}

impl Traffic {
    /// A new target: the tallies start again.
    pub fn set_target(&mut self, target: &str) {
        target.clone_into(&mut self.target);
        self.hits.clear();
        self.failures = 0;
    }

    /// The rate, kept within [`MIN_RATE`]..=[`MAX_RATE`].
    pub fn set_rate(&mut self, rate: u32) {
        self.rate = rate.clamp(MIN_RATE, MAX_RATE);
    }

    /// The rate from the panel's slider (text); anything unreadable is the default rate.
    pub fn set_rate_text(&mut self, text: &str) {
        self.set_rate(text.trim().parse().unwrap_or(DEFAULT_RATE));
    }
}

/// kube-proxy's mode as the panel offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Proxy {
    #[default]
    Iptables,
    Ipvs,
}

impl Proxy {
    /// The value of the mode's option in the panel.
    #[must_use]
    pub fn value(self) -> &'static str {
        match self {
            Proxy::Iptables => "iptables",
            Proxy::Ipvs => "ipvs",
        }
    }

    /// The mode an option's value names (anything but `ipvs` is iptables).
    #[must_use]
    pub fn from_value(v: &str) -> Proxy {
        if v == "ipvs" {
            Proxy::Ipvs
        } else {
            Proxy::Iptables
        }
    }
}

/// Whether `svc` is one of the learner's Services (not a system one).
fn offered(svc: &crate::engine::cluster::Service) -> bool {
    svc.meta.namespace == "default" && svc.meta.name != "kubernetes"
}

/// Targets offered: each Service, and for a headless one each Ready pod's own name.
#[must_use]
pub fn targets(sim: &Simulation) -> Vec<String> {
    let c = sim.cluster();
    let mut out = Vec::new();
    for svc in c.services.values().filter(|s| offered(s)) {
        out.push(svc.meta.name.clone());
        if svc.is_headless() {
            if let Some(ep) = c.endpoints.get(&svc.meta.key()) {
                for a in ep.ready() {
                    if let Some(h) = &a.hostname {
                        out.push(format!("{h}.{}", svc.meta.name));
                    }
                }
            }
        }
    }
    out
}

/// Whether `target` is among [`targets`], without building the list when it plainly is.
fn is_target(sim: &Simulation, target: &str) -> bool {
    let c = sim.cluster();
    let quick = c
        .services
        .get(&Key::new("default", target))
        .is_some_and(offered)
        || target.split_once('.').is_some_and(|(host, svc)| {
            c.services
                .get(&Key::new("default", svc))
                .filter(|s| offered(s) && s.is_headless())
                .and_then(|s| c.endpoints.get(&s.meta.key()))
                .is_some_and(|ep| {
                    ep.ready()
                        .iter()
                        .any(|a| a.hostname.as_deref() == Some(host))
                })
        });
    quick || targets(sim).iter().any(|t| t == target)
}

/// Whether the pod `name` (in `default`) can send: its container runs and it is not going.
fn can_send(pod: &crate::engine::cluster::Pod) -> bool {
    pod.meta.namespace == "default" && pod.container_running() && pod.meta.deleting.is_none()
}

/// Pods that can send (running, in `default`).
#[must_use]
pub fn clients(sim: &Simulation) -> Vec<String> {
    sim.cluster()
        .pods
        .values()
        .filter(|p| can_send(p))
        .map(|p| p.meta.name.clone())
        .collect()
}

/// Sensible choices until the learner makes their own: when the target is no longer offered,
/// the first ClusterIP Service (else the first target) and the tallies start again; when the
/// client can no longer send, the first pod that can. Says whether anything changed. Cheap
/// when both choices still stand, so it can run on every frame.
pub fn reconcile(tr: &mut Traffic, sim: &Simulation) -> bool {
    let mut changed = false;
    if !is_target(sim, &tr.target) {
        let vip = sim
            .cluster()
            .services
            .values()
            .find(|s| offered(s) && s.cluster_ip().is_some())
            .map(|s| s.meta.name.clone());
        let target = vip
            .or_else(|| targets(sim).into_iter().next())
            .unwrap_or_default();
        changed |= target != tr.target || !tr.hits.is_empty();
        tr.target = target;
        tr.hits.clear();
    }
    let client_ok = sim
        .cluster()
        .pods
        .get(&Key::new("default", &tr.client))
        .is_some_and(can_send);
    if !client_ok {
        let client = sim
            .cluster()
            .pods
            .values()
            .find(|p| can_send(p))
            .map(|p| p.meta.name.clone())
            .unwrap_or_default();
        changed |= client != tr.client;
        tr.client = client;
    }
    changed
}

/// Sends `n` requests from the chosen client to the chosen target now, and tallies them.
/// Returns, for each answered request, where to draw its packet in `scene` and the pod that
/// answered.
pub fn send_requests(
    tr: &mut Traffic,
    sim: &mut Simulation,
    n: u32,
    scene: &Scene,
) -> Vec<(Vec<(f64, f64)>, String)> {
    let mut packets = Vec::new();
    if tr.client.is_empty() || tr.target.is_empty() {
        return packets;
    }
    let out = sim.exec(Command::Request {
        from: Key::new("default", &tr.client),
        target: tr.target.clone(),
        port: None,
        path: "/".into(),
        count: n,
    });
    match out {
        Outcome::Responses(rs) => {
            for r in rs {
                match &r.pod {
                    Some(pod) if r.error.is_none() => {
                        *tr.hits.entry(pod.clone()).or_insert(0) += 1;
                        packets.push((packet_path(scene, &tr.client, &r), pod.clone()));
                    }
                    _ => tr.failures += 1,
                }
                tr.last = Some(r.why);
            }
        }
        Outcome::Failed(e) => {
            tr.on = false;
            tr.last = Some(Msg::new("vm.raw").text(e.message()));
        }
        _ => {}
    }
    packets
}

/// The requests due after `virtual_ms` more of virtual time at the chosen rate (at most
/// [`MAX_REQUESTS_PER_FRAME`]); a fraction left over is owed to the next call (at most one
/// request's worth).
pub fn due_requests(tr: &mut Traffic, virtual_ms: u64) -> u32 {
    #[allow(clippy::cast_precision_loss)]
    let due = tr.carry + f64::from(tr.rate) * virtual_ms as f64 / 1000.0;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = (due.floor() as u32).min(MAX_REQUESTS_PER_FRAME);
    tr.carry = (due - f64::from(n)).clamp(0.0, 1.0);
    n
}

/// Switches kube-proxy's mode in `sim`; the tallies start again.
pub fn set_proxy_mode(tr: &mut Traffic, sim: &mut Simulation, mode: Proxy) {
    sim.exec(Command::SetProxyMode(match mode {
        Proxy::Iptables => ProxyMode::Iptables,
        Proxy::Ipvs => ProxyMode::Ipvs,
    }));
    tr.hits.clear();
}

/// One pod's bar in the histogram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub pod: String,
    pub hits: u64,
    /// Its length, as a percentage of the longest bar (rounded).
    pub percent: u32,
}

/// Everything the traffic panel draws.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrafficView {
    pub targets: Vec<String>,
    pub clients: Vec<String>,
    pub target: String,
    pub client: String,
    pub rate: u32,
    pub on: bool,
    pub proxy: Proxy,
    /// The target's sessionAffinity (`None` or `ClientIP`) when it is a ClusterIP Service.
    pub affinity: Option<String>,
    /// Requests answered since the target was chosen.
    pub total: u64,
    pub failures: u64,
    /// At most [`MAX_BARS`], by pod name.
    pub bars: Vec<Bar>,
    /// Pods answered but left out of the histogram.
    pub more_bars: usize,
    /// The last request's note, rendered.
    pub last: Option<String>,
}

impl TrafficView {
    /// Nothing to send to or from: the panel says so instead of offering controls.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty() || self.clients.is_empty()
    }
}

/// What the traffic panel draws for `tr` over the live cluster `sim` (none: not booted yet).
#[must_use]
pub fn traffic_view(sim: Option<&Simulation>, tr: &Traffic, lang: Lang) -> TrafficView {
    let affinity = sim.and_then(|s| {
        s.cluster()
            .services
            .get(&Key::new("default", &tr.target))
            .filter(|s| s.cluster_ip().is_some())
            .map(|s| {
                s.spec
                    .session_affinity
                    .clone()
                    .unwrap_or_else(|| "None".into())
            })
    });
    let max = tr.hits.values().copied().max().unwrap_or(1).max(1);
    let bars = tr
        .hits
        .iter()
        .take(MAX_BARS)
        .map(|(pod, n)| {
            #[allow(clippy::cast_precision_loss)]
            let pct = *n as f64 / max as f64 * 100.0;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let percent = pct.round().clamp(0.0, 100.0) as u32;
            Bar {
                pod: pod.clone(),
                hits: *n,
                percent,
            }
        })
        .collect();
    TrafficView {
        targets: sim.map(targets).unwrap_or_default(),
        clients: sim.map(clients).unwrap_or_default(),
        target: tr.target.clone(),
        client: tr.client.clone(),
        rate: tr.rate,
        on: tr.on,
        proxy: match sim.map(Simulation::proxy_mode) {
            Some(ProxyMode::Ipvs) => Proxy::Ipvs,
            _ => Proxy::Iptables,
        },
        affinity,
        total: tr.hits.values().sum(),
        failures: tr.failures,
        bars,
        more_bars: tr.hits.len().saturating_sub(MAX_BARS),
        last: tr.last.as_ref().map(|m| m.render(lang)),
    }
}
