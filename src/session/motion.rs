//! What the scene draws over its glyphs, from the session's side: the load balancing's
//! evidence for the traffic sent now, what the last Step changed, and DNS questions (the
//! console's, as the cluster shown asked them, and the DNS panel's) set flying.

use crate::engine::config::ProxyMode;
use crate::engine::Key;
use crate::view_model::motion::{self, MotionView};
use crate::view_model::traffic::Proxy;

use super::{Mode, Session};

impl Session {
    /// The request counts and pick rule (at the present only: traffic is sent now) and what
    /// the last Step changed.
    #[must_use]
    pub fn motion_view(&self) -> MotionView {
        let scene = self.frame.scene();
        let load = match (self.mode, self.viewed(), self.live()) {
            (Mode::Cluster, None, Some(sim)) => {
                let proxy = match sim.proxy_mode() {
                    ProxyMode::Ipvs => Proxy::Ipvs,
                    ProxyMode::Iptables => Proxy::Iptables,
                };
                let affinity = sim
                    .cluster()
                    .services
                    .get(&Key::new("default", &self.traffic.target))
                    .and_then(|s| s.spec.session_affinity.as_deref());
                motion::load_balance(&scene, &self.traffic, proxy, affinity)
            }
            _ => motion::LoadBalance::default(),
        };
        MotionView {
            load,
            step: self.step_change().cloned(),
        }
    }

    /// The DNS panel's query; a query answered by another name than the last one sends its
    /// question to CoreDNS.
    pub(crate) fn set_dns_query(&mut self, query: String) {
        let flight = self.shown().and_then(|s| motion::panel_flight(s, &query));
        let fqdn = flight.as_ref().and_then(|f| f.fqdn.clone());
        if fqdn.is_some() && fqdn != self.dns_flown && !self.reduced_motion {
            if let Some(f) = flight {
                self.animator.ask(f);
            }
        }
        self.dns_flown = fqdn;
        self.dns_query = query;
    }

    /// The console's DNS queries the cluster shown asked since the last frame start flying.
    pub(crate) fn watch_dns(&mut self) {
        let sim = match &self.view {
            Some((_, sim)) => Some(sim),
            None => self.term.console.sim(),
        };
        if let Some(sim) = sim {
            self.animator
                .watch_dns(sim.dns_queries(), sim.dns_asked(), self.reduced_motion);
        }
    }
}
