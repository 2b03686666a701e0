#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Scenario tests of Services, Endpoints, cluster DNS and kube-proxy in the simulated minikube
//! (reference §4, §5 and its Errata, §6, §8).

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use podplay::engine::cluster::{EndpointAddress, EndpointPort, Key};
use podplay::engine::command::{Action, ApiError, Applied, Lookup, NetError, Response};
use podplay::engine::files::NGINX_WELCOME;
use podplay::engine::network::dns::{self, Answer, RType};
use podplay::engine::{ApplyMode, Command, Config, Outcome, Propagation, ProxyMode, Simulation};
use podplay::manifest::objects::{Kind, Resource};

const CLIENT: &str = "apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: client
    image: busybox:1.28
    command: [\"sleep\", \"3600\"]
";

fn new_sim(seed: u64) -> Simulation {
    Simulation::new(Config::minikube(seed).with_invariants())
}

fn objects(text: &str) -> Vec<Resource> {
    podplay::manifest::analyze(text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect()
}

fn apply(sim: &mut Simulation, text: &str) -> Vec<Applied> {
    match sim.exec(Command::Apply {
        objects: objects(text),
        mode: ApplyMode::Apply,
    }) {
        Outcome::Applied(v) => v,
        other => panic!("apply gave {other:?}"),
    }
}

fn apply_ok(sim: &mut Simulation, text: &str) {
    for a in apply(sim, text) {
        assert_eq!(a.result, Ok(Action::Created), "{} {}", a.kind.name(), a.key);
    }
}

fn settle(sim: &mut Simulation) {
    let r = sim.run_until_idle(900_000, 200_000);
    assert!(r.reached, "the simulation did not settle");
}

/// Steps until `done` holds (at most 100 000 events).
fn step_until(sim: &mut Simulation, done: impl Fn(&Simulation) -> bool) {
    let mut n = 0;
    while !done(sim) {
        assert!(
            sim.step().is_some(),
            "ran out of events before the condition held"
        );
        n += 1;
        assert!(n < 100_000);
    }
}

fn key(name: &str) -> Key {
    Key::new("default", name)
}

fn ip_of(sim: &Simulation, pod: &str) -> Ipv4Addr {
    sim.cluster().pods[&key(pod)].status.ip.unwrap()
}

fn cluster_ip(sim: &Simulation, svc: &str) -> Ipv4Addr {
    sim.cluster().services[&key(svc)].cluster_ip().unwrap()
}

/// The tutorial's three files plus a client pod, settled.
fn tutorial(seed: u64) -> Simulation {
    let mut sim = new_sim(seed);
    apply_ok(&mut sim, &podplay::examples::all_together());
    apply_ok(&mut sim, CLIENT);
    settle(&mut sim);
    sim
}

fn deployment_pods(sim: &Simulation) -> Vec<String> {
    sim.cluster()
        .pods
        .values()
        .filter(|p| p.meta.labels.get("app").map(String::as_str) == Some("my-nginx"))
        .map(|p| p.meta.name.clone())
        .collect()
}

fn request_port(
    sim: &mut Simulation,
    target: &str,
    port: Option<u16>,
    count: u32,
) -> Vec<Response> {
    match sim.exec(Command::Request {
        from: key("client"),
        target: target.into(),
        port,
        path: "/".into(),
        count,
    }) {
        Outcome::Responses(v) => v,
        other => panic!("request gave {other:?}"),
    }
}

fn request(sim: &mut Simulation, target: &str, count: u32) -> Vec<Response> {
    request_port(sim, target, None, count)
}

fn resolve(sim: &mut Simulation, from: &str, name: &str) -> Lookup {
    match sim.exec(Command::Resolve {
        from: key(from),
        name: name.into(),
    }) {
        Outcome::Resolved(l) => l,
        other => panic!("resolve gave {other:?}"),
    }
}

fn a(sim: &Simulation, fqdn: &str) -> Answer {
    dns::lookup_a(sim.cluster(), fqdn)
}

fn svc(name: &str, extra: &str, selector: &str, ports: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{extra}  selector:\n    app: {selector}\n  ports:\n{ports}"
    )
}

const PORT_80: &str = "  - port: 80\n";

fn assert_no_violations(sim: &Simulation) {
    assert!(
        sim.violations().is_empty(),
        "invariants broken: {:#?}",
        sim.violations()
    );
}

// ----- Services -------------------------------------------------------------------------

#[test]
fn cluster_ips_are_random_unique_and_inside_the_dynamic_band_with_system_ips_fixed() {
    // Pins §4.1 + Errata: kubernetes 10.96.0.1, kube-dns 10.96.0.10, dynamic picks random
    // (seeded) in 10.96.1.1–10.111.255.254, never repeated.
    let ips_for = |seed: u64| -> Vec<Ipv4Addr> {
        let mut sim = new_sim(seed);
        let text: Vec<String> = (0..40)
            .map(|i| svc(&format!("s{i}"), "", "x", PORT_80))
            .collect();
        apply_ok(&mut sim, &text.join("---\n"));
        assert_eq!(
            sim.cluster().services[&Key::new("default", "kubernetes")].cluster_ip(),
            Some(Ipv4Addr::new(10, 96, 0, 1))
        );
        assert_eq!(
            sim.cluster().services[&Key::new("kube-system", "kube-dns")].cluster_ip(),
            Some(Ipv4Addr::new(10, 96, 0, 10))
        );
        assert_no_violations(&sim);
        (0..40)
            .map(|i| cluster_ip(&sim, &format!("s{i}")))
            .collect()
    };
    let ips = ips_for(1);
    let lo = u32::from(Ipv4Addr::new(10, 96, 1, 1));
    let hi = u32::from(Ipv4Addr::new(10, 111, 255, 254));
    for ip in &ips {
        assert!((lo..=hi).contains(&u32::from(*ip)), "{ip}");
    }
    let unique: BTreeSet<Ipv4Addr> = ips.iter().copied().collect();
    assert_eq!(unique.len(), 40);
    // Random, not sequential: consecutive Services are far apart, spread over the /12.
    let spread = ips
        .iter()
        .map(|ip| ip.octets()[1])
        .collect::<BTreeSet<u8>>();
    assert!(spread.len() >= 8, "second octets {spread:?}");
    assert_eq!(ips_for(1), ips, "same seed, same addresses");
    assert_ne!(ips_for(2), ips, "another seed, other addresses");
}

#[test]
fn an_explicit_cluster_ip_is_honoured_once_and_a_second_claim_is_refused() {
    // Pins §4.1 + Errata: the exact 1.34 message for an address already allocated.
    let mut sim = new_sim(3);
    apply_ok(
        &mut sim,
        &svc("first", "  clusterIP: 10.96.0.50\n", "x", PORT_80),
    );
    assert_eq!(cluster_ip(&sim, "first"), Ipv4Addr::new(10, 96, 0, 50));
    assert_eq!(
        sim.cluster().services[&key("first")].spec.cluster_ips,
        ["10.96.0.50"]
    );
    let second = apply(
        &mut sim,
        &svc("second", "  clusterIP: 10.96.0.50\n", "x", PORT_80),
    );
    let err = second[0].result.clone().unwrap_err();
    assert_eq!(
        err.message(),
        "The Service \"second\" is invalid: spec.clusterIPs: Invalid value: [\"10.96.0.50\"]: failed to allocate IP 10.96.0.50: provided IP is already allocated"
    );
    assert!(matches!(
        err,
        ApiError::Invalid {
            kind: Kind::Service,
            ..
        }
    ));
    assert!(!sim.cluster().services.contains_key(&key("second")));
    // The system addresses are taken too; outside the range is another message.
    let dns_ip = apply(
        &mut sim,
        &svc("third", "  clusterIP: 10.96.0.10\n", "x", PORT_80),
    );
    assert_eq!(
        dns_ip[0].result.clone().unwrap_err().message(),
        "The Service \"third\" is invalid: spec.clusterIPs: Invalid value: [\"10.96.0.10\"]: failed to allocate IP 10.96.0.10: provided IP is already allocated"
    );
    let outside = apply(
        &mut sim,
        &svc("fourth", "  clusterIP: 10.0.0.5\n", "x", PORT_80),
    );
    assert_eq!(
        outside[0].result.clone().unwrap_err().message(),
        "The Service \"fourth\" is invalid: spec.clusterIPs: Invalid value: [\"10.0.0.5\"]: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12"
    );
    // Deleting the Service frees its address.
    let out = sim.exec(Command::Delete {
        kind: Kind::Service,
        key: key("first"),
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    });
    assert!(matches!(out, Outcome::Deleted { .. }));
    apply_ok(
        &mut sim,
        &svc("second", "  clusterIP: 10.96.0.50\n", "x", PORT_80),
    );
    assert_eq!(cluster_ip(&sim, "second"), Ipv4Addr::new(10, 96, 0, 50));
    assert_no_violations(&sim);
}

#[test]
fn a_headless_service_has_cluster_ip_none_and_no_virtual_ip() {
    // Pins §4.3: clusterIP and clusterIPs[0] are the literal None; nothing answers on a VIP.
    let mut sim = tutorial(4);
    let s = &sim.cluster().services[&key("nginx")];
    assert!(s.is_headless());
    assert_eq!(s.spec.cluster_ip.as_deref(), Some("None"));
    assert_eq!(s.spec.cluster_ips, ["None"]);
    assert_eq!(s.spec.type_.as_deref(), Some("ClusterIP"));
    assert_eq!(s.cluster_ip(), None);
    let svc_ips: BTreeSet<Ipv4Addr> = sim.cluster().cluster_ips().into_iter().collect();
    assert_eq!(
        svc_ips.len(),
        3,
        "kubernetes, kube-dns and my-nginx-svc: {svc_ips:?}"
    );
    assert!(!svc_ips.contains(&ip_of(&sim, "web-0")));
    settle(&mut sim);
    assert_no_violations(&sim);
}

// ----- Endpoints ------------------------------------------------------------------------

const SLOW: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: slow
spec:
  replicas: 2
  selector:
    matchLabels:
      app: slow
  template:
    metadata:
      labels:
        app: slow
    spec:
      containers:
      - name: nginx
        image: nginx:1.19.0
        ports:
        - containerPort: 80
          name: http
        readinessProbe:
          httpGet:
            path: /
            port: 80
          initialDelaySeconds: 30
---
apiVersion: v1
kind: Service
metadata:
  name: slow
spec:
  selector:
    app: slow
  ports:
  - name: web
    port: 8080
    targetPort: http
  - name: metrics
    port: 9113
    targetPort: metrics
---
apiVersion: v1
kind: Service
metadata:
  name: slow-all
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    app: slow
  ports:
  - name: web
    port: 80
    targetPort: http
";

fn slow_pods(sim: &Simulation) -> Vec<String> {
    let mut v: Vec<(Ipv4Addr, String)> = sim
        .cluster()
        .pods
        .values()
        .filter(|p| p.meta.labels.get("app").map(String::as_str) == Some("slow"))
        .filter_map(|p| p.status.ip.map(|ip| (ip, p.meta.name.clone())))
        .collect();
    v.sort_by_key(|(ip, _)| ip.to_string());
    v.into_iter().map(|(_, n)| n).collect()
}

fn addresses(list: &[&EndpointAddress]) -> Vec<(String, Vec<EndpointPort>)> {
    list.iter()
        .map(|a| (a.pod.clone(), a.ports.clone()))
        .collect()
}

#[test]
fn endpoints_list_ready_pods_as_addresses_and_others_as_not_ready_unless_published() {
    // Pins §4.4: Ready → addresses, not Ready → notReadyAddresses; publishNotReadyAddresses
    // puts every pod in addresses; named targetPorts resolve per pod, unknown names drop.
    let mut sim = new_sim(5);
    apply_ok(&mut sim, SLOW);
    apply_ok(&mut sim, CLIENT);
    step_until(&mut sim, |s| {
        slow_pods(s).len() == 2
            && s.cluster()
                .pods
                .values()
                .filter(|p| p.meta.labels.get("app").map(String::as_str) == Some("slow"))
                .all(|p| p.container_running())
    });
    let pods = slow_pods(&sim);
    let web = |port: u16| {
        vec![EndpointPort {
            name: Some("web".into()),
            port,
            protocol: "TCP".into(),
        }]
    };
    let eps = &sim.cluster().endpoints[&key("slow")];
    assert!(eps.ready().is_empty());
    assert_eq!(
        addresses(&eps.not_ready()),
        pods.iter()
            .map(|p| (p.clone(), web(80)))
            .collect::<Vec<_>>()
    );
    let all = &sim.cluster().endpoints[&key("slow-all")];
    assert!(all.not_ready().is_empty());
    assert_eq!(
        addresses(&all.ready()),
        pods.iter()
            .map(|p| (p.clone(), web(80)))
            .collect::<Vec<_>>()
    );
    // DNS follows the addresses: published pods answer, the ClusterIP has nobody behind it.
    let want: BTreeSet<Ipv4Addr> = pods.iter().map(|p| ip_of(&sim, p)).collect();
    match a(&sim, "slow-all.default.svc.cluster.local") {
        Answer::A(ips) => assert_eq!(ips.into_iter().collect::<BTreeSet<_>>(), want),
        other => panic!("{other:?}"),
    }
    settle(&mut sim);
    let r = request_port(&mut sim, "slow", Some(8080), 4);
    assert!(r
        .iter()
        .all(|x| x.status == Some(200) && x.pod_ip.is_some()));
    // No pod has a port named `metrics`: that Service port has no endpoints and is rejected.
    let r = request_port(&mut sim, "slow", Some(9113), 2);
    for x in &r {
        assert_eq!(x.error, Some(NetError::ConnectionRefused));
        assert_eq!(x.why.id, "engine.net.reject");
    }
    let eps = &sim.cluster().endpoints[&key("slow")];
    assert!(eps.not_ready().is_empty());
    assert_eq!(
        addresses(&eps.ready()),
        pods.iter()
            .map(|p| (p.clone(), web(80)))
            .collect::<Vec<_>>()
    );
    assert_no_violations(&sim);
}

#[test]
fn a_service_with_no_ready_endpoints_refuses_connections() {
    // Pins §6: a ClusterIP with zero ready endpoints gets a REJECT rule.
    let mut sim = new_sim(6);
    apply_ok(&mut sim, SLOW);
    apply_ok(&mut sim, CLIENT);
    step_until(&mut sim, |s| {
        s.cluster().pods[&key("client")].container_running() && slow_pods(s).len() == 2
    });
    assert!(sim.cluster().endpoints[&key("slow")].ready().is_empty());
    let vip = cluster_ip(&sim, "slow");
    let r = request_port(&mut sim, "slow", Some(8080), 3);
    for x in &r {
        assert_eq!(x.error, Some(NetError::ConnectionRefused));
        assert_eq!(x.connected, Some(vip));
        assert_eq!((x.status, x.pod.as_deref()), (None, None));
        assert_eq!(x.why.id, "engine.net.reject");
    }
    // A Service that selects nothing at all refuses the same way.
    apply_ok(&mut sim, &svc("nobody", "", "nobody", PORT_80));
    let r = request(&mut sim, "nobody", 1);
    assert_eq!(r[0].error, Some(NetError::ConnectionRefused));
    assert_eq!(r[0].connected, Some(cluster_ip(&sim, "nobody")));
    assert!(sim.hits(&key("nobody")).is_empty());
    settle(&mut sim);
    assert_no_violations(&sim);
}

#[test]
fn endpoint_hostnames_are_set_only_for_pods_whose_subdomain_is_the_service() {
    // Pins §4.4 ShouldSetHostname: web-0 is `web-0` in `nginx`, nameless in another Service.
    let mut sim = new_sim(7);
    apply_ok(&mut sim, &podplay::examples::all_together());
    apply_ok(
        &mut sim,
        &svc(
            "web-any",
            "",
            "nginx",
            "  - port: 80\n    targetPort: web\n",
        ),
    );
    settle(&mut sim);
    let names = |svc: &str| -> Vec<(String, Option<String>)> {
        sim.cluster().endpoints[&key(svc)]
            .ready()
            .iter()
            .map(|a| (a.pod.clone(), a.hostname.clone()))
            .collect()
    };
    let mut nginx = names("nginx");
    nginx.sort();
    assert_eq!(
        nginx,
        [
            ("web-0".to_string(), Some("web-0".to_string())),
            ("web-1".to_string(), Some("web-1".to_string()))
        ]
    );
    let mut any = names("web-any");
    any.sort();
    assert_eq!(
        any,
        [("web-0".to_string(), None), ("web-1".to_string(), None)]
    );
    assert!(names("my-nginx-svc").iter().all(|(_, h)| h.is_none()));
    assert_eq!(names("my-nginx-svc").len(), 2);
    // The named targetPort `web` resolved to containerPort 80.
    let ports: Vec<u16> = sim.cluster().endpoints[&key("web-any")]
        .ready()
        .iter()
        .flat_map(|a| a.ports.iter().map(|p| p.port))
        .collect();
    assert_eq!(ports, [80, 80]);
    // Per-pod names exist only under the governing Service.
    assert_eq!(
        a(&sim, "web-0.nginx.default.svc.cluster.local"),
        Answer::A(vec![ip_of(&sim, "web-0")])
    );
    assert_eq!(
        a(&sim, "web-0.web-any.default.svc.cluster.local"),
        Answer::NxDomain
    );
    assert_no_violations(&sim);
}

#[test]
fn a_terminating_pod_leaves_the_endpoints_and_dns_at_once() {
    // Pins §4.4: a pod with a deletionTimestamp is no endpoint (no publishNotReadyAddresses),
    // in the same step as the delete, though its container still runs.
    let mut sim = tutorial(8);
    let victim = deployment_pods(&sim)[0].clone();
    let out = sim.exec(Command::Delete {
        kind: Kind::Pod,
        key: key(&victim),
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    });
    assert!(matches!(out, Outcome::Deleted { .. }));
    let pod = &sim.cluster().pods[&key(&victim)];
    assert!(pod.is_terminating() && pod.container_running());
    let eps = &sim.cluster().endpoints[&key("my-nginx-svc")];
    assert!(!eps.by_pod.contains_key(&victim));
    assert_eq!(eps.ready().len(), 1);
    // Traffic goes to the other pod only.
    let r = request(&mut sim, "my-nginx-svc", 50);
    assert!(r
        .iter()
        .all(|x| x.status == Some(200) && x.pod.as_deref() != Some(&*victim)));
    // Same for a StatefulSet pod behind the headless Service: its name is gone from DNS.
    let web1 = ip_of(&sim, "web-1");
    sim.exec(Command::Delete {
        kind: Kind::Pod,
        key: key("web-1"),
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    });
    assert_eq!(
        a(&sim, "web-1.nginx.default.svc.cluster.local"),
        Answer::NxDomain
    );
    assert_eq!(
        a(&sim, "nginx.default.svc.cluster.local"),
        Answer::A(vec![ip_of(&sim, "web-0")])
    );
    assert!(!sim.cluster().endpoints[&key("nginx")]
        .by_pod
        .contains_key("web-1"));
    settle(&mut sim);
    // web-1 comes back (same name, new IP) and with it its record.
    let again = ip_of(&sim, "web-1");
    assert_ne!(again, web1);
    assert_eq!(
        a(&sim, "web-1.nginx.default.svc.cluster.local"),
        Answer::A(vec![again])
    );
    assert_no_violations(&sim);
}

// ----- DNS ------------------------------------------------------------------------------

#[test]
fn dns_answers_a_cluster_ip_service_with_its_ip_and_a_headless_one_with_ready_pods() {
    // Pins §5.1: one A for a ClusterIP Service; the headless A set = ready endpoint IPs.
    let sim = tutorial(9);
    assert_eq!(
        a(&sim, "my-nginx-svc.default.svc.cluster.local"),
        Answer::A(vec![cluster_ip(&sim, "my-nginx-svc")])
    );
    assert_eq!(
        a(&sim, "KUBE-DNS.kube-system.svc.cluster.local."),
        Answer::A(vec![Ipv4Addr::new(10, 96, 0, 10)])
    );
    let mut want = vec![ip_of(&sim, "web-0"), ip_of(&sim, "web-1")];
    want.sort_by_key(|ip| ip.to_string());
    assert_eq!(a(&sim, "nginx.default.svc.cluster.local"), Answer::A(want));
    assert_eq!(
        a(&sim, "nginx.kube-system.svc.cluster.local"),
        Answer::NxDomain
    );
    let records: Vec<(String, String)> = sim
        .dns_records()
        .into_iter()
        .filter(|r| r.rtype == RType::A && r.name == "my-nginx-svc.default.svc.cluster.local")
        .map(|r| (r.data, r.ttl.to_string()))
        .collect();
    assert_eq!(
        records,
        [(
            cluster_ip(&sim, "my-nginx-svc").to_string(),
            "30".to_string()
        )]
    );
    assert_no_violations(&sim);
}

#[test]
fn a_short_pod_name_resolves_through_the_search_path_to_that_pod_only() {
    // Pins §5.3: from `default`, `web-0.nginx` (1 dot < ndots 5) is tried as
    // web-0.nginx.default.svc.cluster.local first, which answers web-0's IP alone.
    let mut sim = tutorial(10);
    let l = resolve(&mut sim, "client", "web-0.nginx");
    assert_eq!(
        l,
        Lookup {
            fqdn: Some("web-0.nginx.default.svc.cluster.local".into()),
            addresses: vec![ip_of(&sim, "web-0")],
            cname: None,
            tried: vec!["web-0.nginx.default.svc.cluster.local".into()],
        }
    );
    // The same name from another namespace walks the whole search path and fails.
    let r = dns::resolve(sim.cluster(), "kube-system", "web-0.nginx");
    assert_eq!(
        r.tried,
        [
            (
                "web-0.nginx.kube-system.svc.cluster.local".to_string(),
                false
            ),
            ("web-0.nginx.svc.cluster.local".to_string(), false),
            ("web-0.nginx.cluster.local".to_string(), false),
            ("web-0.nginx".to_string(), false),
        ]
    );
    assert_eq!(r.answer, None);
    let r = dns::resolve(sim.cluster(), "kube-system", "web-0.nginx.default");
    assert_eq!(
        r.answer,
        Some((
            "web-0.nginx.default.svc.cluster.local".to_string(),
            Answer::A(vec![ip_of(&sim, "web-0")])
        ))
    );
    assert_eq!(
        resolve(&mut sim, "client", "my-nginx-svc").addresses,
        [cluster_ip(&sim, "my-nginx-svc")]
    );
    assert_no_violations(&sim);
}

#[test]
fn a_pod_gets_its_dns_record_the_moment_it_is_ready_and_not_before() {
    // Pins §5.4 + Errata: a not-ready pod has no record (NXDOMAIN, not cached); the record
    // appears in the very step the pod turns Ready.
    let mut sim = new_sim(11);
    apply_ok(&mut sim, podplay::examples::HEADLESS_SERVICE);
    apply_ok(&mut sim, podplay::examples::STATEFULSET);
    let has_ip = |s: &Simulation, p: &str| {
        s.cluster()
            .pods
            .get(&key(p))
            .is_some_and(|p| p.status.ip.is_some())
    };
    step_until(&mut sim, |s| has_ip(s, "web-0"));
    assert!(!sim.cluster().pods[&key("web-0")].is_ready());
    assert_eq!(
        a(&sim, "web-0.nginx.default.svc.cluster.local"),
        Answer::NxDomain
    );
    assert_eq!(a(&sim, "nginx.default.svc.cluster.local"), Answer::NxDomain);
    step_until(&mut sim, |s| has_ip(s, "web-1"));
    let web0 = ip_of(&sim, "web-0");
    assert_eq!(
        a(&sim, "nginx.default.svc.cluster.local"),
        Answer::A(vec![web0])
    );
    // Asked from web-0 while web-1 is starting: NXDOMAIN over the whole search path.
    let l = resolve(&mut sim, "web-0", "web-1.nginx");
    assert_eq!((l.fqdn, l.addresses), (None, vec![]));
    assert_eq!(l.tried.len(), 4);
    let mut before = 0;
    while !sim.cluster().pods[&key("web-1")].is_ready() {
        assert_eq!(
            a(&sim, "web-1.nginx.default.svc.cluster.local"),
            Answer::NxDomain
        );
        before += 1;
        sim.step().unwrap();
    }
    assert!(before > 0);
    let pod = &sim.cluster().pods[&key("web-1")];
    assert_eq!(pod.status.ready_since, Some(sim.now()));
    let web1 = ip_of(&sim, "web-1");
    assert_eq!(
        a(&sim, "web-1.nginx.default.svc.cluster.local"),
        Answer::A(vec![web1])
    );
    let l = resolve(&mut sim, "web-0", "web-1.nginx");
    assert_eq!(l.addresses, [web1]);
    settle(&mut sim);
    assert_no_violations(&sim);
}

#[test]
fn named_ports_get_srv_records_and_pod_ips_reverse_to_their_per_pod_names() {
    // Pins §5.1/§5.2: SRV per ready endpoint × named port with weight 100/n, PTR for a
    // headless pod → `<hostname>.<svc>...`, for a ClusterIP → the Service.
    let sim = tutorial(12);
    let records = sim.dns_records();
    let srv: BTreeSet<String> = records
        .iter()
        .filter(|r| r.rtype == RType::Srv && r.name == "_web._tcp.nginx.default.svc.cluster.local")
        .map(|r| r.data.clone())
        .collect();
    assert_eq!(
        srv,
        [
            "0 50 80 web-0.nginx.default.svc.cluster.local.".to_string(),
            "0 50 80 web-1.nginx.default.svc.cluster.local.".to_string(),
        ]
        .into()
    );
    // my-nginx-svc's port has no name: no SRV at all.
    assert!(!records.iter().any(
        |r| r.rtype == RType::Srv && r.name.ends_with("my-nginx-svc.default.svc.cluster.local")
    ));
    // kube-dns' named ports do have SRV records.
    let dns_srv: Vec<String> = records
        .iter()
        .filter(|r| {
            r.rtype == RType::Srv && r.name == "_dns._udp.kube-dns.kube-system.svc.cluster.local"
        })
        .map(|r| r.data.clone())
        .collect();
    assert_eq!(
        dns_srv,
        ["0 100 53 kube-dns.kube-system.svc.cluster.local."]
    );
    let web0 = ip_of(&sim, "web-0");
    assert_eq!(
        dns::reverse(sim.cluster(), web0),
        ["web-0.nginx.default.svc.cluster.local"]
    );
    let ptr: Vec<String> = records
        .iter()
        .filter(|r| r.rtype == RType::Ptr && r.name == dns::reverse_name(web0))
        .map(|r| r.data.clone())
        .collect();
    assert_eq!(ptr, ["web-0.nginx.default.svc.cluster.local."]);
    assert_eq!(
        dns::reverse(sim.cluster(), Ipv4Addr::new(10, 96, 0, 10)),
        ["kube-dns.kube-system.svc.cluster.local"]
    );
    // A Deployment pod behind a ClusterIP Service reverse-resolves to its dashed name there.
    let pod = deployment_pods(&sim)[0].clone();
    let ip = ip_of(&sim, &pod);
    let dashed = format!("{}.my-nginx-svc.default.svc.cluster.local", dns::dashed(ip));
    assert_eq!(
        dns::reverse(sim.cluster(), ip),
        std::slice::from_ref(&dashed)
    );
    let ptr: Vec<String> = records
        .iter()
        .filter(|r| r.rtype == RType::Ptr && r.name == dns::reverse_name(ip))
        .map(|r| r.data.clone())
        .collect();
    assert_eq!(ptr, [format!("{dashed}.")]);
    // The client pod is in no Service: no PTR.
    assert!(dns::reverse(sim.cluster(), ip_of(&sim, "client")).is_empty());
    assert_no_violations(&sim);
}

#[test]
fn resolving_a_headless_name_returns_its_addresses_in_shuffled_order() {
    // Pins §5.2 `loadbalance`: every answer holds all ready IPs, in an order drawn per query.
    let mut sim = tutorial(13);
    let mut want = vec![ip_of(&sim, "web-0"), ip_of(&sim, "web-1")];
    want.sort();
    let mut orders = BTreeMap::new();
    for _ in 0..40 {
        let l = resolve(&mut sim, "client", "nginx");
        assert_eq!(l.fqdn.as_deref(), Some("nginx.default.svc.cluster.local"));
        let mut sorted = l.addresses.clone();
        sorted.sort();
        assert_eq!(sorted, want);
        *orders.entry(l.addresses).or_insert(0) += 1;
    }
    assert_eq!(orders.len(), 2, "both orders occur: {orders:?}");
    assert!(orders.values().all(|n| *n >= 8), "{orders:?}");
    assert_no_violations(&sim);
}

// ----- kube-proxy -----------------------------------------------------------------------

#[test]
fn iptables_spreads_requests_to_a_cluster_ip_over_both_pods() {
    // Pins §6.1: 1/(n−i) rules give each of two pods about half; hits() counts them; nginx
    // answers its welcome page.
    let mut sim = tutorial(14);
    assert_eq!(sim.proxy_mode(), ProxyMode::Iptables);
    let vip = cluster_ip(&sim, "my-nginx-svc");
    let r = request(&mut sim, "my-nginx-svc", 600);
    assert_eq!(r.len(), 600);
    let mut per_pod: BTreeMap<String, u64> = BTreeMap::new();
    for x in &r {
        assert_eq!(x.error, None);
        assert_eq!(x.status, Some(200));
        assert_eq!(x.body, NGINX_WELCOME);
        assert_eq!(x.connected, Some(vip));
        assert_eq!(x.why.id, "engine.net.iptables");
        let pod = x.pod.clone().unwrap();
        assert_eq!(x.pod_ip, Some(ip_of(&sim, &pod)));
        *per_pod.entry(pod).or_insert(0) += 1;
    }
    let mut pods = deployment_pods(&sim);
    pods.sort();
    assert_eq!(per_pod.keys().cloned().collect::<Vec<_>>(), pods);
    for n in per_pod.values() {
        assert!((210..=390).contains(n), "{per_pod:?}");
    }
    assert_eq!(sim.hits(&key("my-nginx-svc")), per_pod);
    // Each pod's nginx logged the requests it served, from the client's address.
    let client = ip_of(&sim, "client");
    for (pod, n) in &per_pod {
        let log = &sim.cluster().pods[&key(pod)].access_log;
        assert_eq!(log.len() as u64, *n);
        assert!(log.iter().all(|l| l.client_ip == client && l.status == 200));
    }
    assert_no_violations(&sim);
}

#[test]
fn ipvs_takes_turns_strictly() {
    // Pins §6.2: the rr scheduler alternates over the endpoints in ip:port text order.
    let mut sim = tutorial(15);
    assert_eq!(
        sim.exec(Command::SetProxyMode(ProxyMode::Ipvs)),
        Outcome::Done
    );
    let r = request(&mut sim, "my-nginx-svc", 10);
    let pods: Vec<String> = r.iter().map(|x| x.pod.clone().unwrap()).collect();
    let mut first_two = pods[..2].to_vec();
    first_two.sort();
    let mut all = deployment_pods(&sim);
    all.sort();
    assert_eq!(first_two, all);
    for i in 2..pods.len() {
        assert_eq!(pods[i], pods[i - 2], "{pods:?}");
        assert_ne!(pods[i], pods[i - 1], "{pods:?}");
    }
    // The first turn goes to the endpoint whose `ip:80` sorts first as text.
    let mut by_text: Vec<(String, String)> = all
        .iter()
        .map(|p| (format!("{}:80", ip_of(&sim, p)), p.clone()))
        .collect();
    by_text.sort();
    assert_eq!(pods[0], by_text[0].1);
    assert!(r.iter().all(|x| x.why.id == "engine.net.ipvs"));
    assert_no_violations(&sim);
}

#[test]
fn client_ip_session_affinity_sends_every_request_to_the_same_pod() {
    // Pins §6.1 sessionAffinity ClientIP (default timeout 10800 s).
    let mut sim = tutorial(16);
    let sticky = "apiVersion: v1\nkind: Service\nmetadata:\n  name: sticky\nspec:\n  sessionAffinity: ClientIP\n  selector:\n    app: my-nginx\n  ports:\n  - port: 80\n";
    apply_ok(&mut sim, sticky);
    let s = &sim.cluster().services[&key("sticky")];
    assert_eq!(
        s.spec
            .session_affinity_config
            .as_ref()
            .and_then(|c| c.client_ip.as_ref())
            .and_then(|c| c.timeout_seconds),
        Some(10_800)
    );
    let r = request(&mut sim, "sticky", 100);
    let pods: BTreeSet<String> = r.iter().map(|x| x.pod.clone().unwrap()).collect();
    assert_eq!(pods.len(), 1, "{pods:?}");
    assert!(r[1..].iter().all(|x| x.why.id == "engine.net.affinity"));
    let hits = sim.hits(&key("sticky"));
    assert_eq!(hits.values().sum::<u64>(), 100);
    assert_eq!(hits.len(), 1);
    assert_no_violations(&sim);
}

#[test]
fn a_request_to_a_headless_name_connects_to_the_first_dns_answer() {
    // Pins §6.5: no VIP; the client takes the first of the shuffled A records, so load spreads
    // per resolution; a per-pod name always reaches that pod.
    let mut sim = tutorial(17);
    for _ in 0..10 {
        // What the next query will answer (the answer order is drawn from the DNS stream).
        let mut probe = sim.clone();
        let first = resolve(&mut probe, "client", "nginx").addresses[0];
        let r = request(&mut sim, "nginx", 1);
        assert_eq!(r[0].connected, Some(first));
        assert_eq!(r[0].pod_ip, Some(first));
        assert_eq!(
            r[0].pod,
            sim.cluster().pod_by_ip(first).map(|p| p.meta.name.clone())
        );
    }
    let r = request(&mut sim, "nginx", 60);
    let pods: BTreeSet<String> = r.iter().map(|x| x.pod.clone().unwrap()).collect();
    assert_eq!(pods, ["web-0".to_string(), "web-1".to_string()].into());
    // Their volumes are empty: nginx has no index.html to serve.
    assert!(r.iter().all(|x| x.status == Some(403)));
    let web0 = ip_of(&sim, "web-0");
    let r = request(&mut sim, "web-0.nginx", 30);
    for x in &r {
        assert_eq!(x.pod.as_deref(), Some("web-0"));
        assert_eq!((x.connected, x.pod_ip), (Some(web0), Some(web0)));
        assert_eq!(x.why.id, "engine.net.dns");
    }
    assert!(
        sim.hits(&key("nginx")).is_empty(),
        "kube-proxy is not involved"
    );
    assert_no_violations(&sim);
}

#[test]
fn a_file_written_into_one_pod_is_served_by_that_pod_only() {
    // Pins that content comes from the pod kube-proxy picked: index.html written into one
    // Deployment pod's filesystem shows up only in that pod's answers.
    let mut sim = tutorial(18);
    let pods = deployment_pods(&sim);
    let (mine, other) = (pods[0].clone(), pods[1].clone());
    let out = sim.exec(Command::WriteFile {
        pod: key(&mine),
        path: "/usr/share/nginx/html/index.html".into(),
        content: "hello from one pod\n".into(),
        append: false,
    });
    assert_eq!(out, Outcome::Done);
    let r = request(&mut sim, "my-nginx-svc", 100);
    let mut seen = BTreeMap::new();
    for x in &r {
        let pod = x.pod.clone().unwrap();
        let want = if pod == mine {
            "hello from one pod\n"
        } else {
            NGINX_WELCOME
        };
        assert_eq!(x.body, want, "{pod}");
        *seen.entry(pod).or_insert(0) += 1;
    }
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen.contains_key(&other));
    // On a StatefulSet pod the web root is its claim's volume.
    let out = sim.exec(Command::WriteFile {
        pod: key("web-0"),
        path: "/usr/share/nginx/html/index.html".into(),
        content: "web-0\n".into(),
        append: false,
    });
    assert_eq!(out, Outcome::Done);
    let r = request(&mut sim, "web-0.nginx", 3);
    assert!(r
        .iter()
        .all(|x| x.body == "web-0\n" && x.status == Some(200)));
    let r = request(&mut sim, "web-1.nginx", 1);
    assert_eq!(r[0].status, Some(403));
    assert_no_violations(&sim);
}
