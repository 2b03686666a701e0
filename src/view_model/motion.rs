//! What is drawn over the scene's glyphs while things happen, computed here so a test can ask
//! for it: each endpoint's live request count and share beside its pod, the rule kube-proxy
//! picked by on the Service, a DNS question on its way to CoreDNS and back with the records
//! that answered lit, a bind or mount line growing as a claim binds, and what the last Step
//! changed. Places come from the scene's reserved rects only (`badge`, `rule`, `records`,
//! `coredns`), so this never draws over a glyph of its own accord.

use std::collections::BTreeSet;

use crate::engine::network::dns::Query;
use crate::i18n::Msg;

use super::scene::{LinkKind, Rect, Scene};
use super::traffic::{Proxy, Traffic};

/// How long (ms of wall time) a DNS question takes from the asker to CoreDNS.
pub const ASK_MS: f64 = 600.0;
/// How long CoreDNS holds the question while the answering records are lit.
pub const LIT_MS: f64 = 700.0;
/// How long the answer takes back to the asker.
pub const ANSWER_MS: f64 = 600.0;
/// A DNS question's whole flight.
pub const FLIGHT_MS: f64 = ASK_MS + LIT_MS + ANSWER_MS;
/// How long a new bind or mount line takes to grow from its claim or pod to the other end.
pub const GROW_MS: f64 = 700.0;
/// DNS questions in flight at most (more still happen; they are just not drawn).
pub const MAX_FLIGHTS: usize = 8;
/// Request counts drawn at most (as many as the traffic panel's histogram has bars), by pod
/// name: past that the pods are compact tiles nobody reads a number on.
pub const MAX_BADGES: usize = super::traffic::MAX_BARS;

/// A pod's live request count, drawn in its reserved place.
#[derive(Debug, Clone, PartialEq)]
pub struct Badge {
    pub pod: String,
    pub hits: u64,
    /// Its share of the requests answered, in whole percent.
    pub percent: u32,
    pub rect: Rect,
}

impl Badge {
    /// `37 · 48%`.
    #[must_use]
    pub fn text(&self) -> Msg {
        Msg::new("vm.lb.count")
            .text(self.hits.to_string())
            .text(self.percent.to_string())
    }
}

/// The rule that picks an endpoint, written on the Service.
#[derive(Debug, Clone, PartialEq)]
pub struct PickRule {
    pub service: String,
    pub text: Msg,
    pub rect: Rect,
}

/// The load balancing's evidence: counts on the pods, the rule on the Service.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadBalance {
    pub badges: Vec<Badge>,
    pub rule: Option<PickRule>,
}

/// `1/n → 1/(n−1) → … → 1`: the probability each of kube-proxy's per-endpoint rules in the
/// Service chain matches with, in order; the last rule has no statistic match and always
/// matches (kubernetes `pkg/proxy/iptables/proxier.go`: `computeProbability(n - i)` for every
/// endpoint but the last), which gives each endpoint the same 1/n share overall.
#[must_use]
pub fn iptables_chain(n: usize) -> String {
    (0..n)
        .map(|i| match n - i {
            1 => "1".to_string(),
            k => format!("1/{k}"),
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The `Text` argument `i` of `m`.
fn arg(m: &Msg, i: usize) -> Option<&str> {
    match m.args.get(i) {
        Some(crate::i18n::Arg::Text(s)) => Some(s),
        _ => None,
    }
}

/// The rule that picks an endpoint of `endpoints` Ready pods under `proxy`, with the Service's
/// session affinity; `last` is the last request's note, from which the IPVS turn and the
/// sticky pod are read.
#[must_use]
pub fn pick_rule(
    proxy: Proxy,
    affinity: Option<&str>,
    endpoints: usize,
    last: Option<&Msg>,
) -> Option<Msg> {
    if endpoints == 0 {
        return None;
    }
    if affinity == Some("ClientIP") {
        if let Some(pod) = last
            .filter(|m| m.id == "engine.net.affinity")
            .and_then(|m| arg(m, 1))
            .or_else(|| last.and_then(|m| arg(m, m.args.len().saturating_sub(1))))
        {
            return Some(Msg::new("vm.rule.affinity").text(pod));
        }
    }
    Some(match proxy {
        Proxy::Iptables => Msg::new("vm.rule.iptables").text(iptables_chain(endpoints)),
        Proxy::Ipvs => {
            let turn = last
                .filter(|m| m.id == "engine.net.ipvs")
                .and_then(|m| arg(m, 1))
                .unwrap_or("1");
            Msg::new("vm.rule.ipvs")
                .text(turn)
                .text(endpoints.to_string())
        }
    })
}

/// The counts and the rule for the traffic `tr` in `scene` (nothing until a request was
/// answered, or when the target is no Service drawn). `affinity` is the target's
/// sessionAffinity.
#[must_use]
pub fn load_balance(
    scene: &Scene,
    tr: &Traffic,
    proxy: Proxy,
    affinity: Option<&str>,
) -> LoadBalance {
    let total: u64 = tr.hits.values().sum();
    if total == 0 {
        return LoadBalance::default();
    }
    let badges = tr
        .hits
        .iter()
        .take(MAX_BADGES)
        .filter_map(|(pod, &hits)| {
            let glyph = scene.pod(pod)?;
            #[allow(clippy::cast_precision_loss)]
            let share = hits as f64 * 100.0 / total as f64;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let percent = share.round().clamp(0.0, 100.0) as u32;
            Some(Badge {
                pod: pod.clone(),
                hits,
                percent,
                rect: glyph.badge,
            })
        })
        .collect();
    let rule = scene.service(&tr.target).and_then(|svc| {
        let text = pick_rule(proxy, affinity, svc.endpoints.len(), tr.last.as_ref())?;
        Some(PickRule {
            service: svc.key.name.clone(),
            text,
            rect: svc.rule,
        })
    });
    LoadBalance { badges, rule }
}

// ----- DNS questions ------------------------------------------------------------------------

/// A DNS question on its way (wall-time age).
#[derive(Debug, Clone, PartialEq)]
pub struct Flight {
    pub id: u64,
    /// The pod that asked; none: the DNS panel (asked from outside the pods).
    pub asker: Option<String>,
    pub name: String,
    /// The name that answered, lower case, without a final dot; none: NXDOMAIN.
    pub fqdn: Option<String>,
    pub addresses: Vec<String>,
    pub age_ms: f64,
}

impl Flight {
    /// A question a pod asked, as the simulation kept it.
    #[must_use]
    pub fn of_query(id: u64, q: &Query) -> Flight {
        Flight {
            id,
            asker: Some(q.from.name.clone()),
            name: q.name.clone(),
            fqdn: q.fqdn.as_deref().map(normal),
            addresses: q.addresses.clone(),
            age_ms: 0.0,
        }
    }
}

fn normal(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Where a DNS question is in its flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leg {
    /// On its way to CoreDNS.
    Ask,
    /// At CoreDNS, the answering records lit.
    Lookup,
    /// The answer on its way back.
    Answer,
}

impl Leg {
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            Leg::Ask => "ask",
            Leg::Lookup => "lookup",
            Leg::Answer => "answer",
        }
    }
}

/// A record lit by a DNS answer: its Service, its name and where it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct LitRecord {
    pub service: String,
    pub name: String,
    pub rect: Rect,
}

/// One frame of a DNS question's flight.
#[derive(Debug, Clone, PartialEq)]
pub struct FlightFrame {
    pub id: u64,
    pub leg: Leg,
    /// Where the question (or answer) is now.
    pub at: (f64, f64),
    /// Whether a name answered (false: NXDOMAIN comes back).
    pub answered: bool,
    /// The records that answer, lit while CoreDNS looks and while the answer travels.
    pub lit: Vec<LitRecord>,
    pub name: String,
}

fn lerp(a: (f64, f64), b: (f64, f64), k: f64) -> (f64, f64) {
    let k = k.clamp(0.0, 1.0);
    (a.0 + (b.0 - a.0) * k, a.1 + (b.1 - a.1) * k)
}

/// The records of `scene` that answer `f`: the record of the name that answered, or (a
/// headless Service's name) each record under it whose address was answered.
#[must_use]
pub fn answering_records(scene: &Scene, f: &Flight) -> Vec<LitRecord> {
    let Some(fqdn) = f.fqdn.as_deref() else {
        return Vec::new();
    };
    let under = format!(".{fqdn}");
    scene
        .services
        .iter()
        .flat_map(|s| s.records.iter().map(move |r| (s, r)))
        .filter(|(_, r)| {
            let rf = normal(&r.fqdn);
            rf == fqdn || (rf.ends_with(&under) && f.addresses.contains(&r.ip))
        })
        .map(|(s, r)| LitRecord {
            service: s.key.name.clone(),
            name: r.name.clone(),
            rect: r.rect,
        })
        .collect()
}

/// Where `f` is drawn in `scene` on this frame: from the asker's pod (the top of the scene
/// for the DNS panel) to CoreDNS and back. None when CoreDNS is not drawn or the flight is
/// over.
#[must_use]
pub fn flight_frame(scene: &Scene, f: &Flight) -> Option<FlightFrame> {
    let dns = scene.coredns?.center();
    if !(0.0..FLIGHT_MS).contains(&f.age_ms) {
        return None;
    }
    let from = match f.asker.as_deref().and_then(|p| scene.pod(p)) {
        Some(p) => p.rect.center(),
        None => (scene.width / 2.0, 0.0),
    };
    let (leg, at) = if f.age_ms < ASK_MS {
        (Leg::Ask, lerp(from, dns, f.age_ms / ASK_MS))
    } else if f.age_ms < ASK_MS + LIT_MS {
        (Leg::Lookup, dns)
    } else {
        let k = (f.age_ms - ASK_MS - LIT_MS) / ANSWER_MS;
        (Leg::Answer, lerp(dns, from, k))
    };
    let lit = if leg == Leg::Ask {
        Vec::new()
    } else {
        answering_records(scene, f)
    };
    Some(FlightFrame {
        id: f.id,
        leg,
        at,
        answered: f.fqdn.is_some() && !f.addresses.is_empty(),
        lit,
        name: f.name.clone(),
    })
}

// ----- growing lines ------------------------------------------------------------------------

/// Whether a link of `kind` grows when it appears (a claim binding, a pod mounting it).
#[must_use]
pub fn grows(kind: LinkKind) -> bool {
    matches!(kind, LinkKind::Bind | LinkKind::Mount)
}

/// A line growing from `from` towards `to`: where its end is after `age_ms`.
#[must_use]
pub fn grown_end(from: (f64, f64), to: (f64, f64), age_ms: f64) -> (f64, f64) {
    lerp(from, to, age_ms / GROW_MS)
}

// ----- what a step changed ------------------------------------------------------------------

/// What one Step changed that a learner can see.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepChange {
    /// The objects whose glyph changed, appeared or went (`Pod/web-0`), in scene order.
    pub objects: Vec<String>,
    /// The event list's rows the step added (trace entry numbers).
    pub events: BTreeSet<u64>,
    /// Events stepped over because they changed nothing visible, plus the one shown.
    pub merged: usize,
}

impl StepChange {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty() && self.events.is_empty()
    }
}

/// Each glyph of `scene` as `Kind/name` with what a learner reads off it (places left out:
/// a glyph that only moves has not changed).
fn looks(scene: &Scene) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in &scene.services {
        let recs: Vec<(&str, &str)> = s
            .records
            .iter()
            .map(|r| (r.name.as_str(), r.ip.as_str()))
            .collect();
        out.push((
            format!("Service/{}", s.key.name),
            format!("{:?}|{:?}|{}|{recs:?}", s.cluster_ip, s.endpoints, s.ports),
        ));
    }
    for g in &scene.groups {
        let kind = match g.kind {
            super::scene::GroupKind::StatefulSet => "StatefulSet",
            super::scene::GroupKind::Deployment => "Deployment",
            super::scene::GroupKind::ReplicaSet => "ReplicaSet",
            super::scene::GroupKind::Bare => continue,
        };
        out.push((
            format!("{kind}/{}", g.key.name),
            format!("{:?}|{:?}", g.ready, g.wait),
        ));
    }
    for p in &scene.pods {
        out.push((
            format!("Pod/{}", p.key.name),
            format!(
                "{}|{:?}|{:?}|{:?}|{:?}|{:?}",
                p.uid, p.state, p.ready, p.ip, p.reason, p.dns_name
            ),
        ));
    }
    for s in &scene.slots {
        out.push((format!("Pod/{}", s.name), "slot".into()));
    }
    for c in &scene.claims {
        out.push((
            format!("PersistentVolumeClaim/{}", c.key.name),
            format!(
                "{:?}|{:?}|{:?}|{:?}|{}",
                c.phase, c.volume, c.pod, c.first_line, c.waiting
            ),
        ));
    }
    for v in &scene.volumes {
        out.push((
            format!("PersistentVolume/{}", v.name),
            format!("{:?}|{:?}", v.phase, v.claim),
        ));
    }
    for c in &scene.chips {
        out.push((format!("{}/{}", c.kind, c.key.name), String::new()));
    }
    out
}

/// The objects whose glyph differs between `before` and `after` (appeared, went, or reads
/// differently), in `after`'s order then the ones that went.
#[must_use]
pub fn changed_objects(before: &Scene, after: &Scene) -> Vec<String> {
    let old: std::collections::BTreeMap<String, String> = looks(before).into_iter().collect();
    let new = looks(after);
    let now: BTreeSet<&str> = new.iter().map(|(k, _)| k.as_str()).collect();
    let mut out: Vec<String> = Vec::new();
    for (k, v) in &new {
        if old.get(k) != Some(v) && !out.contains(k) {
            out.push(k.clone());
        }
    }
    for k in old.keys() {
        if !now.contains(k.as_str()) && !out.contains(k) {
            out.push(k.clone());
        }
    }
    out
}

/// Where the glyph of `object` (`Kind/name`) is drawn in `scene`.
#[must_use]
pub fn glyph_rect(scene: &Scene, object: &str) -> Option<Rect> {
    let (kind, name) = object.split_once('/')?;
    match kind {
        "Pod" => scene
            .pod(name)
            .map(|p| p.rect)
            .or_else(|| scene.slots.iter().find(|s| s.name == name).map(|s| s.rect)),
        "Service" => scene.service(name).map(|s| s.rect),
        "PersistentVolumeClaim" => scene.claim(name).map(|c| c.rect),
        "PersistentVolume" => scene
            .volumes
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.rect),
        "StatefulSet" | "ReplicaSet" => scene
            .groups
            .iter()
            .find(|g| g.key.name == name)
            .map(|g| g.rect),
        _ => scene
            .chips
            .iter()
            .find(|c| c.kind == kind && c.key.name == name)
            .map(|c| c.rect),
    }
}

/// The step's marks: each changed object still drawn, with its place.
#[must_use]
pub fn changed_marks(scene: &Scene, change: &StepChange) -> Vec<(String, Rect)> {
    change
        .objects
        .iter()
        .filter_map(|o| glyph_rect(scene, o).map(|r| (o.clone(), r)))
        .collect()
}

/// Everything drawn over the scene that does not move by itself (the moving parts are in the
/// [`super::tween::Animator`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MotionView {
    pub load: LoadBalance,
    /// What the last Step changed, while its moment is shown.
    pub step: Option<StepChange>,
}

/// The flight of the DNS panel's `query` (asked as a pod in `default` would), when a name
/// answers it.
#[must_use]
pub fn panel_flight(sim: &crate::engine::Simulation, query: &str) -> Option<Flight> {
    use crate::engine::network::dns::{self, Answer};
    let query = query.trim();
    if query.is_empty() {
        return None;
    }
    let (fqdn, answer) = dns::resolve(sim.cluster(), "default", query).answer?;
    let Answer::A(ips) = answer else {
        return None;
    };
    Some(Flight {
        id: 0,
        asker: None,
        name: query.to_string(),
        fqdn: Some(normal(&fqdn)),
        addresses: ips.iter().map(ToString::to_string).collect(),
        age_ms: 0.0,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::float_cmp)]

    use std::rc::Rc;

    use super::*;
    use crate::engine::Key;
    use crate::i18n::Lang;
    use crate::view_model::scene::{DnsRecordGlyph, Link, PodGlyph, PodState, ServiceGlyph};
    use crate::view_model::tween::Animator;

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    fn pod(name: &str, x: f64, state: PodState) -> Rc<PodGlyph> {
        Rc::new(PodGlyph {
            uid: format!("uid-{name}"),
            key: Key::new("default", name),
            state,
            ready: (1, 1),
            ip: Some(format!("10.244.0.{}", x as u32 / 100)),
            ordinal: None,
            claims: Vec::new(),
            rect: rect(x, 200.0, 100.0, 60.0),
            dns_name: None,
            reason: None,
            // A reserved place under the glyph, not the glyph itself.
            badge: rect(x, 264.0, 100.0, 16.0),
        })
    }

    fn record(name: &str, ip: &str, y: f64) -> DnsRecordGlyph {
        DnsRecordGlyph {
            name: name.into(),
            fqdn: format!("{name}.default.svc.cluster.local"),
            ip: ip.into(),
            pod: None,
            rect: rect(20.0, y, 180.0, 14.0),
        }
    }

    fn service(
        name: &str,
        headless: bool,
        endpoints: &[&str],
        records: Vec<DnsRecordGlyph>,
    ) -> ServiceGlyph {
        ServiceGlyph {
            uid: format!("uid-{name}"),
            key: Key::new("default", name),
            cluster_ip: (!headless).then(|| "10.96.0.20".to_string()),
            ports: "80/TCP".into(),
            endpoints: endpoints.iter().map(ToString::to_string).collect(),
            rect: rect(10.0, 10.0, 200.0, 90.0),
            records,
            rule: rect(10.0, 104.0, 200.0, 16.0),
            more_records: 0,
        }
    }

    /// web-0 at x 100, web-1 at x 300; a headless `nginx` with a record per pod, a ClusterIP
    /// `web-svc` with its one record; CoreDNS drawn at the top right.
    fn scene() -> Scene {
        Scene {
            width: 600.0,
            height: 400.0,
            pods: vec![
                pod("web-0", 100.0, PodState::Ready),
                pod("web-1", 300.0, PodState::Ready),
            ],
            services: vec![
                service(
                    "nginx",
                    true,
                    &["web-0", "web-1"],
                    vec![
                        record("web-0.nginx", "10.244.0.1", 40.0),
                        record("web-1.nginx", "10.244.0.3", 56.0),
                    ],
                ),
                service(
                    "web-svc",
                    false,
                    &["web-0", "web-1"],
                    vec![record("web-svc", "10.96.0.20", 72.0)],
                ),
            ],
            coredns: Some(rect(500.0, 10.0, 80.0, 40.0)),
            ..Scene::default()
        }
    }

    fn traffic(hits: &[(&str, u64)], last: Option<Msg>) -> Traffic {
        let mut tr = Traffic::default();
        tr.set_target("web-svc");
        for (p, n) in hits {
            tr.hits.insert((*p).to_string(), *n);
        }
        tr.last = last;
        tr
    }

    #[test]
    fn the_iptables_chain_gives_each_rule_the_probability_kube_proxy_writes() {
        assert_eq!(iptables_chain(1), "1");
        assert_eq!(iptables_chain(2), "1/2 → 1");
        assert_eq!(iptables_chain(3), "1/3 → 1/2 → 1");
    }

    #[test]
    fn each_endpoint_shows_its_count_and_share_in_its_reserved_place() {
        let s = scene();
        let lb = load_balance(
            &s,
            &traffic(&[("web-0", 37), ("web-1", 40)], None),
            Proxy::Iptables,
            Some("None"),
        );
        let got: Vec<(String, u64, u32, Rect)> = lb
            .badges
            .iter()
            .map(|b| (b.pod.clone(), b.hits, b.percent, b.rect))
            .collect();
        assert_eq!(
            got,
            vec![
                ("web-0".into(), 37, 48, s.pods[0].badge),
                ("web-1".into(), 40, 52, s.pods[1].badge),
            ]
        );
        assert_eq!(lb.badges[0].text().render(Lang::En), "37 · 48%");
        let rule = lb.rule.expect("a rule on the Service");
        assert_eq!(rule.service, "web-svc");
        assert_eq!(rule.rect, s.services[1].rule);
        assert_eq!(
            rule.text.render(Lang::En),
            "iptables: rules match with 1/2 → 1"
        );
        // Nothing answered yet: nothing drawn.
        let none = load_balance(&s, &traffic(&[], None), Proxy::Iptables, None);
        assert_eq!(none, LoadBalance::default());
    }

    #[test]
    fn the_rule_says_the_ipvs_turn_and_the_sticky_pod() {
        let ipvs = Msg::new("engine.net.ipvs")
            .text("web-svc")
            .text("2")
            .text("2")
            .text("web-1");
        let rule = pick_rule(Proxy::Ipvs, None, 2, Some(&ipvs)).unwrap();
        assert_eq!(rule.render(Lang::En), "IPVS round robin: turn 2 of 2");
        let sticky = Msg::new("engine.net.affinity")
            .text("web-svc")
            .text("web-0")
            .text("3")
            .text("10800");
        let rule = pick_rule(Proxy::Iptables, Some("ClientIP"), 2, Some(&sticky)).unwrap();
        assert_eq!(
            rule.render(Lang::En),
            "sessionAffinity ClientIP: sticky to web-0"
        );
        // The first pick under affinity is still iptables' own: its pod sticks from then on.
        let first = Msg::new("engine.net.iptables")
            .text("web-svc")
            .text("2")
            .text("2")
            .text("1")
            .text("web-1");
        let rule = pick_rule(Proxy::Iptables, Some("ClientIP"), 2, Some(&first)).unwrap();
        assert_eq!(
            rule.render(Lang::En),
            "sessionAffinity ClientIP: sticky to web-1"
        );
        assert_eq!(pick_rule(Proxy::Iptables, None, 0, None), None);
    }

    fn flight(name: &str, fqdn: &str, ips: &[&str], age_ms: f64) -> Flight {
        Flight {
            id: 1,
            asker: Some("web-1".into()),
            name: name.into(),
            fqdn: Some(fqdn.into()),
            addresses: ips.iter().map(ToString::to_string).collect(),
            age_ms,
        }
    }

    #[test]
    fn a_dns_question_travels_to_coredns_lights_the_answer_and_comes_back() {
        let s = scene();
        let asker = s.pods[1].rect.center();
        let dns = s.coredns.unwrap().center();
        let q = |age| {
            flight(
                "nginx",
                "nginx.default.svc.cluster.local",
                &["10.244.0.3", "10.244.0.1"],
                age,
            )
        };
        let start = flight_frame(&s, &q(0.0)).unwrap();
        assert_eq!((start.leg, start.at), (Leg::Ask, asker));
        assert!(start.lit.is_empty());
        let half = flight_frame(&s, &q(ASK_MS / 2.0)).unwrap();
        assert_eq!(half.at, ((asker.0 + dns.0) / 2.0, (asker.1 + dns.1) / 2.0));
        let look = flight_frame(&s, &q(ASK_MS + 10.0)).unwrap();
        assert_eq!((look.leg, look.at), (Leg::Lookup, dns));
        let lit: Vec<&str> = look.lit.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(lit, ["web-0.nginx", "web-1.nginx"]);
        assert_eq!(look.lit[0].rect, s.services[0].records[0].rect);
        let back = flight_frame(&s, &q(FLIGHT_MS - 1e-9)).unwrap();
        assert_eq!(back.leg, Leg::Answer);
        assert!((back.at.0 - asker.0).abs() < 1e-3 && (back.at.1 - asker.1).abs() < 1e-3);
        assert_eq!(flight_frame(&s, &q(FLIGHT_MS)), None);
        // One pod's own name lights its record only; the Service name its one record.
        let one = flight(
            "web-0.nginx",
            "web-0.nginx.default.svc.cluster.local",
            &["10.244.0.1"],
            ASK_MS,
        );
        let lit = answering_records(&s, &one);
        assert_eq!(
            lit.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
            ["web-0.nginx"]
        );
        let vip = flight(
            "web-svc",
            "web-svc.default.svc.cluster.local",
            &["10.96.0.20"],
            ASK_MS,
        );
        assert_eq!(answering_records(&s, &vip)[0].service, "web-svc");
        // CoreDNS not drawn: nothing is.
        let blind = Scene {
            coredns: None,
            ..scene()
        };
        assert_eq!(flight_frame(&blind, &q(0.0)), None);
    }

    #[test]
    fn a_new_bind_line_grows_and_a_jump_shows_lines_whole() {
        let mut s = scene();
        let mut a = Animator::new();
        a.update(&s, 1, 16.0, false);
        s.links.push(Link {
            id: "bind/www-web-0".into(),
            kind: LinkKind::Bind,
            from: (100.0, 300.0),
            to: (100.0, 400.0),
            ends: ("claim".into(), "volume".into()),
            via: Vec::new(),
        });
        a.update(&s, 2, 0.0, false);
        assert_eq!(a.growing("bind/www-web-0"), Some(0.0));
        // A frame moves on at most 250 ms: two frames make half the growth.
        a.update(&s, 2, GROW_MS / 4.0, false);
        a.update(&s, 2, GROW_MS / 4.0, false);
        let age = a.growing("bind/www-web-0").unwrap();
        assert_eq!(
            grown_end((100.0, 300.0), (100.0, 400.0), age),
            (100.0, 350.0)
        );
        a.update(&s, 2, 200.0, false);
        a.update(&s, 2, 200.0, false);
        assert_eq!(a.growing("bind/www-web-0"), None);
        // After a jump the first scene seen is taken whole.
        a.reset();
        a.update(&s, 3, 0.0, false);
        assert_eq!(a.growing("bind/www-web-0"), None);
    }

    #[test]
    fn a_glyph_that_only_moves_has_not_changed() {
        let before = scene();
        let mut moved = scene();
        Rc::make_mut(&mut moved.pods[0]).rect.x += 40.0;
        assert!(changed_objects(&before, &moved).is_empty());
        let mut after = scene();
        Rc::make_mut(&mut after.pods[1]).state = PodState::Terminating;
        after.services[0].records.pop();
        after.services[0].endpoints.pop();
        assert_eq!(
            changed_objects(&before, &after),
            ["Service/nginx", "Pod/web-1"]
        );
        after.pods.remove(1);
        assert_eq!(
            changed_objects(&before, &after),
            ["Service/nginx", "Pod/web-1"]
        );
        let marks = changed_marks(
            &after,
            &StepChange {
                objects: vec!["Service/nginx".into()],
                ..StepChange::default()
            },
        );
        assert_eq!(
            marks,
            vec![("Service/nginx".to_string(), after.services[0].rect)]
        );
    }
}
