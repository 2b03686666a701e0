//! busybox 1.28's `nslookup` output (reference §5.4; `busybox@1_28_4:networking/nslookup.c`):
//! `print_host()` prints `printf("%-10s %s\n", header, name)` and then one
//! `Address N: <ip>[ <reverse name>]` line per address; `server_print()` prints the block for the
//! first nameserver followed by an empty line. A name that does not resolve prints
//! `nslookup: can't resolve '<name>'` on stderr (exit status 1) after the Server block.

use std::net::Ipv4Addr;

/// The cluster DNS Service's address, the only nameserver in a ClusterFirst pod's resolv.conf.
pub const CLUSTER_DNS: Ipv4Addr = Ipv4Addr::new(10, 96, 0, 10);

/// One `print_host` block: the header line and the numbered addresses, each with the name its
/// PTR lookup gave (if any). Ends with a newline after the last address line.
#[must_use]
pub fn host_block(header: &str, name: &str, addresses: &[(Ipv4Addr, Option<String>)]) -> String {
    let mut s = format!("{header:<10} {name}\n");
    for (i, (ip, reverse)) in addresses.iter().enumerate() {
        match reverse {
            Some(r) => s.push_str(&format!("Address {}: {ip} {r}\n", i + 1)),
            None => s.push_str(&format!("Address {}: {ip}\n", i + 1)),
        }
    }
    s
}

/// The `Server:` block and the empty line after it (stdout).
#[must_use]
pub fn server_block(server: Ipv4Addr, reverse: Option<&str>) -> String {
    let mut s = host_block(
        "Server:",
        &server.to_string(),
        &[(server, reverse.map(str::to_string))],
    );
    s.push('\n');
    s
}

/// The answer block for a name that resolved, with the empty line busybox 1.28 prints after it.
#[must_use]
pub fn answer_block(name: &str, addresses: &[(Ipv4Addr, Option<String>)]) -> String {
    let mut s = host_block("Name:", name, addresses);
    s.push('\n');
    s
}

/// The error line for a name that did not resolve (stderr).
#[must_use]
pub fn cant_resolve(name: &str) -> String {
    format!("nslookup: can't resolve '{name}'")
}

/// busybox 1.28's usage text (`nslookup` without a name), printed on stderr with exit status 1.
pub const USAGE: &str = "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server";

#[cfg(test)]
mod tests {
    use super::*;

    const KUBE_DNS: &str = "kube-dns.kube-system.svc.cluster.local";

    #[test]
    fn a_headless_name_lists_every_ready_pod_with_its_reverse_name() {
        // Pins the §5.4 block for `nslookup nginx` with two ready StatefulSet pods.
        let text = format!(
            "{}{}",
            server_block(CLUSTER_DNS, Some(KUBE_DNS)),
            answer_block(
                "nginx",
                &[
                    (
                        Ipv4Addr::new(10, 244, 0, 4),
                        Some("web-1.nginx.default.svc.cluster.local".into())
                    ),
                    (
                        Ipv4Addr::new(10, 244, 0, 3),
                        Some("web-0.nginx.default.svc.cluster.local".into())
                    ),
                ]
            )
        );
        assert_eq!(
            text,
            "Server:    10.96.0.10\n\
             Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\
             \n\
             Name:      nginx\n\
             Address 1: 10.244.0.4 web-1.nginx.default.svc.cluster.local\n\
             Address 2: 10.244.0.3 web-0.nginx.default.svc.cluster.local\n\
             \n"
        );
    }

    #[test]
    fn a_service_name_shows_its_cluster_ip_and_a_pod_name_only_its_pod() {
        // Pins the §5.4 blocks for `nslookup web-svc` and `nslookup web-0.nginx`.
        assert_eq!(
            answer_block(
                "web-svc",
                &[(
                    Ipv4Addr::new(10, 104, 211, 95),
                    Some("web-svc.default.svc.cluster.local".into())
                )]
            ),
            "Name:      web-svc\nAddress 1: 10.104.211.95 web-svc.default.svc.cluster.local\n\n"
        );
        assert_eq!(
            answer_block(
                "web-0.nginx",
                &[(
                    Ipv4Addr::new(10, 244, 0, 3),
                    Some("web-0.nginx.default.svc.cluster.local".into())
                )]
            ),
            "Name:      web-0.nginx\nAddress 1: 10.244.0.3 web-0.nginx.default.svc.cluster.local\n\n"
        );
    }

    #[test]
    fn an_unresolvable_name_prints_the_server_block_then_cant_resolve() {
        // Pins the §5.4 failure shape for `nslookup web-2.nginx`.
        assert_eq!(
            server_block(CLUSTER_DNS, Some(KUBE_DNS)),
            "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        );
        assert_eq!(
            cant_resolve("web-2.nginx"),
            "nslookup: can't resolve 'web-2.nginx'"
        );
    }

    #[test]
    fn an_address_without_a_ptr_record_ends_after_the_ip() {
        // Pins the tutorial's shape when the reverse lookup fails.
        assert_eq!(
            host_block("Name:", "x", &[(Ipv4Addr::new(10, 244, 1, 6), None)]),
            "Name:      x\nAddress 1: 10.244.1.6\n"
        );
    }
}
