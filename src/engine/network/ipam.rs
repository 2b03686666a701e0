//! Address allocation: pod IPs as the host-local IPAM plugin hands them out, and Service
//! ClusterIPs as the apiserver's bitmap allocator picks them.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use crate::engine::rng::Rng;

/// Pod addresses per node: `10.244.<n>.0/24`, `.1` is the bridge. host-local hands addresses
/// out in sequence and goes on after the last one it gave rather than reusing a freed one at
/// once (reference §8).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodIpam {
    /// Per node CIDR index: the last host number handed out, and the ones in use.
    nodes: BTreeMap<u8, (u8, BTreeSet<u8>)>,
}

impl PodIpam {
    /// The next free address on the node with CIDR index `cidr`, or `None` if the /24 is full.
    pub fn allocate(&mut self, cidr: u8) -> Option<Ipv4Addr> {
        let (last, used) = self.nodes.entry(cidr).or_insert((1, BTreeSet::new()));
        // Hosts 2..=254 (.0 network, .1 gateway, .255 broadcast).
        for step in 1..=253u16 {
            let host = ((u16::from(*last) + step - 2) % 253 + 2) as u8;
            if !used.contains(&host) {
                used.insert(host);
                *last = host;
                return Some(Ipv4Addr::new(10, 244, cidr, host));
            }
        }
        None
    }

    pub fn release(&mut self, ip: Ipv4Addr) {
        let o = ip.octets();
        if o[0] == 10 && o[1] == 244 {
            if let Some((_, used)) = self.nodes.get_mut(&o[2]) {
                used.remove(&o[3]);
            }
        }
    }

    #[must_use]
    pub fn in_use(&self) -> usize {
        self.nodes.values().map(|(_, u)| u.len()).sum()
    }
}

/// `10.96.0.0/12`, minikube's service CIDR.
pub const SERVICE_BASE: u32 = 0x0a60_0000;
/// Usable addresses in the /12 (network and broadcast excluded).
pub const SERVICE_SIZE: u32 = (1 << 20) - 2;
/// The lower band kept for addresses users choose: `min(max(16, size/16), 256)`
/// (`k/k@1.28:pkg/registry/core/service/ipallocator/bitmap.go` `calculateRangeOffset`).
pub const STATIC_BAND: u32 = 256;

/// ClusterIP allocation (reference §4.1, Errata: the dynamic band starts at 10.96.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceIpam {
    /// Offsets from 10.96.0.1 in use.
    used: BTreeSet<u32>,
}

#[must_use]
pub fn service_ip(offset: u32) -> Ipv4Addr {
    Ipv4Addr::from(SERVICE_BASE + 1 + offset)
}

#[must_use]
pub fn service_offset(ip: Ipv4Addr) -> Option<u32> {
    let n = u32::from(ip);
    (n > SERVICE_BASE && n <= SERVICE_BASE + SERVICE_SIZE).then(|| n - SERVICE_BASE - 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IpError {
    /// Outside 10.96.0.0/12.
    NotInRange,
    AlreadyAllocated,
    Full,
}

impl ServiceIpam {
    /// A random free address, from the upper band first: a random offset, then the next free one
    /// scanning forward (`randomScanStrategyWithOffset`).
    pub fn allocate(&mut self, rng: &mut Rng) -> Result<Ipv4Addr, IpError> {
        let upper = SERVICE_SIZE - STATIC_BAND;
        let start = rng.below(u64::from(upper)) as u32;
        for i in 0..upper.min(1 << 20) {
            let off = STATIC_BAND + (start + i) % upper;
            if self.used.insert(off) {
                return Ok(service_ip(off));
            }
        }
        let start = rng.below(u64::from(STATIC_BAND)) as u32;
        for i in 0..STATIC_BAND {
            let off = (start + i) % STATIC_BAND;
            if self.used.insert(off) {
                return Ok(service_ip(off));
            }
        }
        Err(IpError::Full)
    }

    /// Reserves an address the user asked for.
    pub fn allocate_exact(&mut self, ip: Ipv4Addr) -> Result<Ipv4Addr, IpError> {
        let off = service_offset(ip).ok_or(IpError::NotInRange)?;
        if self.used.insert(off) {
            Ok(ip)
        } else {
            Err(IpError::AlreadyAllocated)
        }
    }

    pub fn release(&mut self, ip: Ipv4Addr) {
        if let Some(off) = service_offset(ip) {
            self.used.remove(&off);
        }
    }

    #[must_use]
    pub fn is_allocated(&self, ip: Ipv4Addr) -> bool {
        service_offset(ip).is_some_and(|o| self.used.contains(&o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pod_ips_go_in_sequence_and_are_not_reused_at_once() {
        // Pins host-local's round-robin: .2, .3, then after releasing .2 the next is .4.
        let mut p = PodIpam::default();
        assert_eq!(p.allocate(0), Some(Ipv4Addr::new(10, 244, 0, 2)));
        assert_eq!(p.allocate(0), Some(Ipv4Addr::new(10, 244, 0, 3)));
        p.release(Ipv4Addr::new(10, 244, 0, 2));
        assert_eq!(p.allocate(0), Some(Ipv4Addr::new(10, 244, 0, 4)));
        for _ in 0..250 {
            p.allocate(0);
        }
        // .254 reached: the range wraps to the one freed address, then is full.
        assert_eq!(p.allocate(0), Some(Ipv4Addr::new(10, 244, 0, 2)));
        assert_eq!(p.allocate(0), None, "a /24 holds 253 pods");
    }

    #[test]
    fn cluster_ips_come_from_the_dynamic_band_and_honour_requests() {
        // Pins 10.96.0.1/10.96.0.10 as reservable and random picks at or above 10.96.1.1.
        let mut s = ServiceIpam::default();
        assert_eq!(
            s.allocate_exact(Ipv4Addr::new(10, 96, 0, 1)),
            Ok(Ipv4Addr::new(10, 96, 0, 1))
        );
        assert_eq!(
            s.allocate_exact(Ipv4Addr::new(10, 96, 0, 1)),
            Err(IpError::AlreadyAllocated)
        );
        assert_eq!(
            s.allocate_exact(Ipv4Addr::new(10, 0, 0, 1)),
            Err(IpError::NotInRange)
        );
        let mut rng = Rng::new(9);
        for _ in 0..200 {
            let ip = s.allocate(&mut rng).unwrap_or(Ipv4Addr::UNSPECIFIED);
            assert!(
                u32::from(ip) >= u32::from(Ipv4Addr::new(10, 96, 1, 1)),
                "{ip}"
            );
            assert!(
                u32::from(ip) <= u32::from(Ipv4Addr::new(10, 111, 255, 254)),
                "{ip}"
            );
        }
    }
}
