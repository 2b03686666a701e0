//! What the scene draws over its glyphs, driven as the page drives the session: request
//! counts and the pick rule while traffic runs, DNS questions set flying by the console and
//! the DNS panel (none left after a seek), and Steps that each change something visible.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::examples;
use podplay::i18n::Lang;
use podplay::session::{Intent, Session, DEFAULT_SEED};
use podplay::view_model::motion::{flight_frame, Leg};

struct Page {
    s: Session,
    wall: f64,
}

impl Page {
    fn new() -> Page {
        let mut s = Session::new(&examples::all_together(), DEFAULT_SEED, 1.0);
        s.dispatch(Intent::Advance(0.0));
        Page { s, wall: 0.0 }
    }

    /// One frame `ms` after the last, painted (the animator moves on too).
    fn frame(&mut self, ms: f64) {
        self.wall += ms;
        self.s.dispatch(Intent::Advance(self.wall));
        self.s.animate(self.wall);
    }

    fn run_until(&mut self, secs: u64, done: impl Fn(&Session) -> bool) -> bool {
        for _ in 0..secs * 10 {
            if done(&self.s) {
                return true;
            }
            self.frame(100.0);
        }
        done(&self.s)
    }
}

fn all_ready(s: &Session) -> bool {
    s.live().is_some_and(|sim| {
        let pods: Vec<_> = sim
            .cluster()
            .pods
            .values()
            .filter(|p| p.meta.namespace == "default")
            .collect();
        pods.len() == 4 && pods.iter().all(|p| p.is_ready())
    })
}

fn ready() -> Page {
    let mut p = Page::new();
    p.s.dispatch(Intent::Apply);
    assert!(p.run_until(120, all_ready));
    p
}

#[test]
fn the_first_steps_after_apply_each_change_something_visible_and_say_what() {
    let mut p = Page::new();
    p.s.dispatch(Intent::Apply);
    p.s.dispatch(Intent::Pause);
    p.frame(100.0);
    let mut said: Vec<Vec<String>> = Vec::new();
    let mut merged = 0;
    for i in 0..8 {
        let before = p.s.scene();
        let events = p.s.live().unwrap().n_events();
        p.s.dispatch(Intent::Step);
        let change = p.s.step_change().cloned().unwrap_or_default();
        assert!(!change.objects.is_empty(), "step {i} names nothing");
        assert!(
            *before != *p.s.scene() || !change.events.is_empty(),
            "step {i} changed nothing visible"
        );
        assert!(p.s.live().unwrap().n_events() >= events + change.merged as u64);
        merged += change.merged;
        // The event rows the step added are marked, and only those.
        let rows = p.s.events_view().unwrap();
        let marked: Vec<u64> = rows.iter().filter(|r| r.step).map(|r| r.seq).collect();
        let mut expected: Vec<u64> = change.events.iter().rev().copied().collect();
        expected.retain(|s| rows.iter().any(|r| r.seq == *s));
        assert_eq!(marked, expected, "step {i}");
        assert!(!marked.is_empty(), "step {i} marks no event row");
        assert_eq!(p.s.motion_view().step.as_ref(), Some(&change));
        said.push(change.objects);
    }
    let names = |i: usize| said[i].iter().map(String::as_str).collect::<Vec<_>>();
    assert_eq!(
        names(0),
        [
            "StatefulSet/web",
            "Pod/web-0",
            "PersistentVolumeClaim/www-web-0"
        ]
    );
    // The claim waits for its volume, then web-0 waits for its claim: each its own step.
    assert_eq!(names(2), ["PersistentVolumeClaim/www-web-0"]);
    assert_eq!(names(3), ["Pod/web-0"]);
    assert!(names(6).contains(&"Service/my-nginx-svc"), "{said:?}");
    assert!(merged >= 8);
    // Time running on forgets the marks.
    p.s.dispatch(Intent::Play);
    p.frame(500.0);
    assert!(p.s.step_change().is_none());
    assert!(p.s.events_view().unwrap().iter().all(|r| !r.step));
}

#[test]
fn each_endpoint_shows_its_request_count_while_traffic_runs() {
    let mut p = ready();
    p.s.dispatch(Intent::TrafficTarget("nginx-svc".into()));
    p.s.dispatch(Intent::ToggleTraffic);
    p.run_until(3, |_| false);
    let view = p.s.motion_view();
    let tr = p.s.traffic();
    let total: u64 = tr.hits.values().sum();
    assert!(total >= 10, "{total} requests");
    let scene = p.s.scene();
    let got: Vec<(String, u64)> = view
        .load
        .badges
        .iter()
        .map(|b| (b.pod.clone(), b.hits))
        .collect();
    let want: Vec<(String, u64)> = tr.hits.iter().map(|(k, v)| (k.clone(), *v)).collect();
    assert_eq!(got, want);
    for b in &view.load.badges {
        assert_eq!(b.rect, scene.pod(&b.pod).unwrap().badge);
        assert_eq!(
            u64::from(b.percent),
            (b.hits * 100 + total / 2) / total,
            "{}",
            b.pod
        );
    }
    let rule = view.load.rule.expect("the rule on the Service");
    assert_eq!(rule.service, tr.target);
    assert_eq!(rule.rect, scene.service(&tr.target).unwrap().rule);
    assert_eq!(
        rule.text.render(Lang::En),
        format!(
            "iptables: rules match with {}",
            podplay::view_model::motion::iptables_chain(
                scene.service(&tr.target).unwrap().endpoints.len()
            )
        )
    );
}

#[test]
fn a_console_query_flies_and_a_seek_leaves_no_stale_flight() {
    let mut p = ready();
    p.s.dispatch(Intent::Run(
        "kubectl run -it --rm --image=busybox:1.28 dns-test -- /bin/sh".into(),
    ));
    assert!(p.run_until(60, |s| s.console_view().prompt == "/ # "));
    p.frame(100.0);
    let asked_at = p.s.now();
    assert!(p.s.animator().flights().is_empty());
    p.s.dispatch(Intent::Run("nslookup web-0.nginx".into()));
    p.frame(16.0);
    let flights = p.s.animator().flights();
    assert_eq!(flights.len(), 1);
    assert_eq!(flights[0].asker.as_deref(), Some("dns-test"));
    assert_eq!(flights[0].name, "web-0.nginx");
    assert_eq!(
        flights[0].fqdn.as_deref(),
        Some("web-0.nginx.default.svc.cluster.local")
    );
    let ip0 =
        p.s.live()
            .unwrap()
            .cluster()
            .pods
            .values()
            .find(|p| p.meta.name == "web-0")
            .and_then(|p| p.status.ip)
            .unwrap();
    assert_eq!(flights[0].addresses, [ip0.to_string()]);
    // Where CoreDNS is drawn the question goes (none drawn: nothing is drawn).
    let scene = p.s.scene();
    if scene.coredns.is_some() {
        assert_eq!(flight_frame(&scene, &flights[0]).unwrap().leg, Leg::Ask);
    }
    // It lands and is gone, at any speed (wall time).
    for _ in 0..30 {
        p.frame(100.0);
    }
    assert!(p.s.animator().flights().is_empty());
    p.s.dispatch(Intent::SetSpeed(10.0));
    p.s.dispatch(Intent::Run("nslookup nginx".into()));
    p.frame(16.0);
    assert_eq!(p.s.animator().flights().len(), 1);
    // A seek in mid-flight leaves nothing flying.
    p.s.dispatch(Intent::Seek(asked_at.ms() - 1));
    p.frame(16.0);
    assert!(p.s.animator().flights().is_empty());
    // Playing the past again asks again: the recorded query flies as it is replayed.
    p.s.dispatch(Intent::Play);
    assert!(p.run_until(5, |s| !s.animator().flights().is_empty()));
    assert_eq!(p.s.animator().flights()[0].name, "web-0.nginx");
}

#[test]
fn a_dns_panel_query_flies_once_per_answer() {
    let mut p = ready();
    p.frame(100.0);
    for q in ["w", "we", "web-0.ngin"] {
        p.s.dispatch(Intent::SetDnsQuery(q.into()));
    }
    assert!(p.s.animator().flights().is_empty(), "no name answered yet");
    p.s.dispatch(Intent::SetDnsQuery("web-0.nginx".into()));
    p.s.dispatch(Intent::SetDnsQuery("web-0.nginx ".into()));
    let flights = p.s.animator().flights();
    assert_eq!(flights.len(), 1);
    assert_eq!(flights[0].asker, None);
    p.s.dispatch(Intent::SetDnsQuery("nginx".into()));
    assert_eq!(p.s.animator().flights().len(), 2);
}

#[test]
fn a_claim_binding_grows_its_bind_line_after_its_volume_is_provisioned() {
    let mut p = Page::new();
    p.s.dispatch(Intent::Apply);
    // (frame, what was seen) for web-0's claim: the volume new, the bind line growing, the
    // mount line growing.
    let mut provisioned = None;
    let mut bind = None;
    let mut mount = None;
    let mut bind_id = String::new();
    for frame in 0..600 {
        p.frame(50.0);
        let scene = p.s.scene();
        let a = p.s.animator();
        let Some(claim) = scene.claim("www-web-0") else {
            continue;
        };
        if let Some(v) = scene
            .volumes
            .iter()
            .find(|v| v.claim.as_deref() == Some("www-web-0"))
        {
            if provisioned.is_none() && a.provisioned(&v.uid).is_some() {
                provisioned = Some(frame);
            }
            bind_id = format!("bind/{}/{}", claim.uid, v.uid);
            if bind.is_none() && a.growing(&bind_id).is_some() {
                bind = Some(frame);
            }
        }
        if let Some(pod) = scene.pod("web-0") {
            let id = format!("mount/{}/{}", pod.uid, claim.uid);
            if mount.is_none() && a.growing(&id).is_some() {
                mount = Some(frame);
            }
        }
    }
    let (provisioned, bind) = (
        provisioned.expect("the volume appears"),
        bind.expect("the bind line grows"),
    );
    assert!(
        provisioned <= bind,
        "provisioned at {provisioned}, bound at {bind}"
    );
    assert!(mount.is_some(), "the mount line grows");
    // Grown: drawn whole.
    assert_eq!(p.s.animator().growing(&bind_id), None);
}
