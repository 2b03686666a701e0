//! The traffic generator: requests per second from a client pod to a Service (or a pod's own
//! DNS name), each drawn as a packet and tallied per answering pod. Every batch sent is
//! recorded, so a restored session sends the same requests at the same moments.

use std::collections::BTreeMap;

use crate::engine::command::{Command, Outcome};
use crate::engine::config::ProxyMode;
use crate::engine::Key;
use crate::i18n::Msg;
use crate::view_model::packet_path;

use super::journal::Action;
use super::Intent;
use super::Session;

/// Requests sent per frame at most, whatever the rate.
pub const MAX_REQUESTS_PER_FRAME: u32 = 20;

/// The traffic control's settings and tallies.
#[derive(Debug, Clone)]
pub struct Traffic {
    pub on: bool,
    /// A Service name, or a pod's DNS name (`web-0.nginx`).
    pub target: String,
    pub client: String,
    pub rate: u32,
    pub(crate) carry: f64,
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
            rate: 5,
            carry: 0.0,
            hits: BTreeMap::new(),
            failures: 0,
            last: None,
        }
    }
}

impl Session {
    /// The traffic control's settings and tallies (requests answered per pod, failures).
    #[must_use]
    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    pub(crate) fn dispatch_traffic(&mut self, intent: Intent) {
        match intent {
            Intent::TrafficTarget(target) => {
                self.traffic.target = target;
                self.traffic.hits.clear();
                self.traffic.failures = 0;
            }
            Intent::TrafficClient(client) => self.traffic.client = client,
            Intent::TrafficRate(rate) => self.traffic.rate = rate.clamp(1, 20),
            Intent::ToggleTraffic => {
                self.branch();
                self.traffic.on = !self.traffic.on;
                self.playing = true;
            }
            Intent::SendTraffic(n) => {
                self.branch();
                self.send_requests(n);
            }
            Intent::SetProxyMode(ipvs) => self.set_proxy_mode(ipvs),
            Intent::SetAffinity(value) => {
                let target = self.traffic.target.clone();
                self.type_line(&format!(
                    "kubectl patch service {target} -p '{{\"spec\":{{\"sessionAffinity\":\"{value}\"}}}}'"
                ));
                self.traffic.hits.clear();
            }
            _ => {}
        }
    }

    pub(crate) fn set_proxy_mode(&mut self, ipvs: bool) {
        self.branch();
        let mode = if ipvs {
            ProxyMode::Ipvs
        } else {
            ProxyMode::Iptables
        };
        let Some(sim) = self.term.console.sim_mut() else {
            return;
        };
        let at = sim.now().ms();
        sim.exec(Command::SetProxyMode(mode));
        let name = if ipvs { "ipvs" } else { "iptables" };
        self.journal.record(at, Action::ProxyMode(name.to_string()));
        self.traffic.hits.clear();
    }

    /// Sends the requests due in `virtual_ms` at the chosen rate.
    pub(crate) fn send_traffic(&mut self, virtual_ms: u64) {
        #[allow(clippy::cast_precision_loss)]
        let due = self.traffic.carry + f64::from(self.traffic.rate) * virtual_ms as f64 / 1000.0;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = (due.floor() as u32).min(MAX_REQUESTS_PER_FRAME);
        self.traffic.carry = (due - f64::from(n)).min(1.0);
        if n > 0 {
            self.send_requests(n);
        }
    }

    /// Sends `n` requests from the chosen client to the chosen target now, a packet for each.
    pub(crate) fn send_requests(&mut self, n: u32) {
        let (client, target) = (self.traffic.client.clone(), self.traffic.target.clone());
        self.send_requests_between(&client, &target, n);
    }

    /// Sends `n` requests from `client` to `target` now (a restored session replays them so).
    pub(crate) fn send_requests_between(&mut self, client: &str, target: &str, n: u32) {
        if client.is_empty() || target.is_empty() {
            return;
        }
        // Packets start from where things are drawn now (no rebuild for a request).
        let scene = self.frame.scene();
        let Some(sim) = self.term.console.sim_mut() else {
            return;
        };
        self.journal.record(
            sim.now().ms(),
            Action::Requests {
                client: client.to_string(),
                target: target.to_string(),
                n,
            },
        );
        let out = sim.exec(Command::Request {
            from: Key::new("default", client),
            target: target.to_string(),
            port: None,
            path: "/".into(),
            count: n,
        });
        match out {
            Outcome::Responses(rs) => {
                for r in rs {
                    match &r.pod {
                        Some(pod) if r.error.is_none() => {
                            *self.traffic.hits.entry(pod.clone()).or_insert(0) += 1;
                            let path = packet_path(&scene, client, &r);
                            self.animator.send(path, pod);
                        }
                        _ => self.traffic.failures += 1,
                    }
                    self.traffic.last = Some(r.why.clone());
                }
            }
            Outcome::Failed(e) => {
                self.traffic.on = false;
                self.traffic.last = Some(Msg::new("vm.raw").text(e.message()));
            }
            _ => {}
        }
    }
}
