//! The traffic generator's part of the session: requests per second from a client pod to a
//! Service (or a pod's own DNS name), each drawn as a packet and tallied per answering pod
//! ([`crate::view_model::traffic`] holds the generator itself). Every batch sent is recorded,
//! so a restored session sends the same requests at the same moments.

use crate::view_model::traffic::{self, Proxy, TrafficView};

use super::journal::Action;
use super::Intent;
use super::Session;

pub use crate::view_model::traffic::Traffic;

impl Session {
    /// The traffic control's settings and tallies (requests answered per pod, failures).
    #[must_use]
    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    pub(crate) fn dispatch_traffic(&mut self, intent: Intent) {
        match intent {
            Intent::TrafficTarget(target) => self.traffic.set_target(&target),
            Intent::TrafficClient(client) => self.traffic.client = client,
            Intent::TrafficRate(rate) => self.traffic.set_rate(rate),
            Intent::ToggleTraffic => {
                self.branch();
                self.traffic.on = !self.traffic.on;
                self.playing = true;
            }
            Intent::SendTraffic(n) => {
                self.branch();
                self.send_requests(n);
            }
            Intent::SetProxyMode(ipvs) => {
                self.branch();
                self.set_proxy_mode(if ipvs { Proxy::Ipvs } else { Proxy::Iptables });
            }
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

    /// kube-proxy's mode, now (recorded).
    pub(crate) fn set_proxy_mode(&mut self, mode: Proxy) {
        let Some(sim) = self.term.console.sim_mut() else {
            return;
        };
        let at = sim.now().ms();
        traffic::set_proxy_mode(&mut self.traffic, sim, mode);
        self.journal
            .record(at, Action::ProxyMode(mode.value().to_string()));
    }

    /// Sends the requests due in `virtual_ms` at the chosen rate.
    pub(crate) fn send_traffic(&mut self, virtual_ms: u64) {
        let n = traffic::due_requests(&mut self.traffic, virtual_ms);
        if n > 0 {
            self.send_requests(n);
        }
    }

    /// Sends `n` requests from the chosen client to the chosen target now, a packet for each
    /// (recorded, with the client and target).
    pub(crate) fn send_requests(&mut self, n: u32) {
        if self.traffic.client.is_empty() || self.traffic.target.is_empty() {
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
                client: self.traffic.client.clone(),
                target: self.traffic.target.clone(),
                n,
            },
        );
        for (path, pod) in traffic::send_requests(&mut self.traffic, sim, n, &scene) {
            self.animator.send(path, &pod);
        }
    }

    /// Sends recorded requests again: from `client` to `target` (a new target starts the
    /// tallies again, as choosing it did).
    pub(crate) fn replay_requests(&mut self, client: &str, target: &str, n: u32) {
        if self.traffic.target != target {
            self.traffic.set_target(target);
        }
        client.clone_into(&mut self.traffic.client);
        self.send_requests(n);
    }

    /// The traffic panel (against the present: traffic is sent now).
    #[must_use]
    pub fn traffic_view(&self) -> Option<TrafficView> {
        self.live()
            .map(|sim| traffic::traffic_view(Some(sim), &self.traffic, self.lang))
    }
}
