//! kube-proxy: how a connection to a ClusterIP reaches one pod (reference §6). iptables mode
//! walks the Service's rules in endpoint order; rule i of n matches with probability 1/(n−i),
//! the last always. IPVS mode takes turns. ClientIP affinity pins a client to its endpoint
//! until the affinity timeout passes without traffic.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::engine::cluster::{EndpointAddress, Key};
use crate::engine::config::ProxyMode;
use crate::engine::rng::Rng;
use crate::engine::time::Time;

/// `%0.10f` of 1/(n−i), as kube-proxy writes the statistic match (`computeProbability`).
#[must_use]
pub fn probability(n: usize, i: usize) -> String {
    format!("{:.10}", 1.0 / (n - i) as f64)
}

/// Why an endpoint was picked.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// iptables: rule `rule` (1-based) of `n` matched; `probability` as the rule prints it
    /// (`None` for the last, unconditional rule).
    Random {
        rule: usize,
        n: usize,
        probability: Option<String>,
    },
    /// IPVS round-robin: turn `turn` over `n` real servers.
    RoundRobin { turn: u64, n: usize },
    /// ClientIP affinity: the client's earlier endpoint, seen `idle_s` seconds ago.
    Affinity { idle_s: u64, timeout_s: u64 },
}

/// The proxy's memory: affinity entries, round-robin positions, and hit counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProxyState {
    /// (Service, port, client IP) → (endpoint IP, last seen).
    affinity: BTreeMap<(Key, u16, Ipv4Addr), (Ipv4Addr, Time)>,
    rr: BTreeMap<(Key, u16), u64>,
    /// Service → pod name → connections routed to it.
    pub hits: BTreeMap<Key, BTreeMap<String, u64>>,
}

/// Sort order of kube-proxy's endpoint list: `ip:port` as text.
/// `IP:port` as bytes in a fixed buffer (at most 21 bytes), compared as the text would be.
fn text_key(ip: Ipv4Addr, port: u16) -> ([u8; 24], usize) {
    use std::io::Write as _;
    let mut buf = [0u8; 24];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    let _ = write!(cursor, "{ip}:{port}");
    let len = usize::try_from(cursor.position()).unwrap_or(24);
    // Bytes after `len` are zero, so comparing whole buffers orders as the texts do only if a
    // shorter text that is a prefix sorts first, which zero padding gives.
    (buf, len)
}

fn ordered<'a>(endpoints: &[&'a EndpointAddress], port: u16) -> Vec<&'a EndpointAddress> {
    let mut v = endpoints.to_vec();
    // iptables lists the rules in the text order of `IP:port` (so 10.244.0.10 before
    // 10.244.0.9); the key is that text, built without allocating.
    v.sort_by_cached_key(|e| text_key(e.ip, port));
    v
}

impl ProxyState {
    /// Picks the endpoint for one new connection from `client` to a Service port whose ready
    /// endpoints are `endpoints` (`target_port` is the resolved port on the pods). `None`
    /// when there are none: kube-proxy's REJECT rule.
    #[allow(clippy::too_many_arguments)]
    pub fn route<'a>(
        &mut self,
        mode: ProxyMode,
        svc: &Key,
        port: u16,
        target_port: u16,
        endpoints: &[&'a EndpointAddress],
        client: Ipv4Addr,
        affinity_timeout_s: Option<u64>,
        now: Time,
        rng: &mut Rng,
    ) -> Option<(&'a EndpointAddress, Pick)> {
        let eps = ordered(endpoints, target_port);
        if eps.is_empty() {
            return None;
        }
        if let Some(timeout_s) = affinity_timeout_s {
            let k = (svc.clone(), port, client);
            if let Some((ip, seen)) = self.affinity.get(&k).copied() {
                let idle_s = now.secs_since(seen);
                if idle_s <= timeout_s {
                    if let Some(e) = eps.iter().find(|e| e.ip == ip) {
                        self.affinity.insert(k, (ip, now));
                        self.count(svc, e);
                        return Some((e, Pick::Affinity { idle_s, timeout_s }));
                    }
                }
            }
        }
        let n = eps.len();
        let (idx, pick) = match mode {
            ProxyMode::Iptables => {
                let mut chosen = n - 1;
                for i in 0..n - 1 {
                    if rng.unit() < 1.0 / (n - i) as f64 {
                        chosen = i;
                        break;
                    }
                }
                let probability = (chosen < n - 1).then(|| probability(n, chosen));
                (
                    chosen,
                    Pick::Random {
                        rule: chosen + 1,
                        n,
                        probability,
                    },
                )
            }
            ProxyMode::Ipvs => {
                let turn = self.rr.entry((svc.clone(), port)).or_insert(0);
                let idx = (*turn % n as u64) as usize;
                let this = *turn;
                *turn += 1;
                (idx, Pick::RoundRobin { turn: this, n })
            }
        };
        let e = eps[idx];
        if affinity_timeout_s.is_some() {
            self.affinity
                .insert((svc.clone(), port, client), (e.ip, now));
        }
        self.count(svc, e);
        Some((e, pick))
    }

    fn count(&mut self, svc: &Key, e: &EndpointAddress) {
        *self
            .hits
            .entry(svc.clone())
            .or_default()
            .entry(e.pod.clone())
            .or_insert(0) += 1;
    }

    /// Forgets a Service (deleted).
    pub fn forget(&mut self, svc: &Key) {
        self.affinity.retain(|k, _| &k.0 != svc);
        self.rr.retain(|k, _| &k.0 != svc);
        self.hits.remove(svc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(ip: [u8; 4], pod: &str) -> EndpointAddress {
        EndpointAddress {
            ip: Ipv4Addr::from(ip),
            hostname: None,
            pod: pod.into(),
            node: "minikube".into(),
            ready: true,
            serving: true,
            terminating: false,
            ports: vec![],
        }
    }

    /// One connection from the client 10.244.0.20 to port 80 of the Service default/s.
    fn route<'a>(
        st: &mut ProxyState,
        mode: ProxyMode,
        eps: &[&'a EndpointAddress],
        affinity_timeout_s: Option<u64>,
        now: Time,
        rng: &mut Rng,
    ) -> Option<(&'a EndpointAddress, Pick)> {
        let svc = Key::new("default", "s");
        let client = Ipv4Addr::new(10, 244, 0, 20);
        st.route(
            mode,
            &svc,
            80,
            80,
            eps,
            client,
            affinity_timeout_s,
            now,
            rng,
        )
    }

    #[test]
    fn probabilities_print_as_kube_proxy_writes_them() {
        // Pins Appendix C's iptables probability vectors.
        assert_eq!(probability(2, 0), "0.5000000000");
        assert_eq!(probability(3, 0), "0.3333333333");
        assert_eq!(probability(3, 1), "0.5000000000");
        assert_eq!(probability(5, 0), "0.2000000000");
    }

    #[test]
    fn iptables_spreads_evenly_and_ipvs_takes_turns() {
        // Pins the 1/(n−i) chain's uniform result and round-robin order.
        let a = ep([10, 244, 0, 3], "a");
        let b = ep([10, 244, 0, 10], "b");
        let c = ep([10, 244, 0, 4], "c");
        let eps = [&a, &b, &c];
        let svc = Key::new("default", "s");
        let mut st = ProxyState::default();
        let mut rng = Rng::new(5);
        for _ in 0..30_000 {
            route(&mut st, ProxyMode::Iptables, &eps, None, Time(0), &mut rng);
        }
        for pod in ["a", "b", "c"] {
            let n = st.hits[&svc][pod];
            assert!((9_000..11_000).contains(&n), "{pod}: {n}");
        }
        let mut st = ProxyState::default();
        let order: Vec<String> = (0..4)
            .filter_map(|_| {
                route(&mut st, ProxyMode::Ipvs, &eps, None, Time(0), &mut rng)
                    .map(|(e, _)| e.pod.clone())
            })
            .collect();
        // Text order of ip:port puts 10.244.0.10 before 10.244.0.3.
        assert_eq!(order, ["b", "a", "c", "b"]);
    }

    #[test]
    fn client_ip_affinity_sticks_until_the_timeout() {
        // Pins sessionAffinity ClientIP: same endpoint while within timeoutSeconds.
        let a = ep([10, 244, 0, 3], "a");
        let b = ep([10, 244, 0, 4], "b");
        let eps = [&a, &b];
        let mut st = ProxyState::default();
        let mut rng = Rng::new(1);
        let first = route(
            &mut st,
            ProxyMode::Iptables,
            &eps,
            Some(10),
            Time(0),
            &mut rng,
        )
        .map(|(e, _)| e.pod.clone());
        for s in 1..=50 {
            let (e, pick) = route(
                &mut st,
                ProxyMode::Iptables,
                &eps,
                Some(10),
                Time::from_secs(s),
                &mut rng,
            )
            .unwrap_or((&a, Pick::RoundRobin { turn: 0, n: 0 }));
            assert_eq!(Some(e.pod.clone()), first);
            assert!(matches!(pick, Pick::Affinity { .. }));
        }
    }
}
