#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The scene laid out by the story: no line crosses a glyph it does not connect, no two glyphs
//! overlap, the places kept for request counts and picking rules are free; and the words on the
//! glyphs say what kubectl says, for the seed tutorial's manifests, the comparison and a
//! five-workload bundle, at phone to wide-screen widths.

mod common;

use common::console::{console_with, out};
use common::engine::*;
use common::msg_args as args;
use podplay::engine::{Command, Outcome, Simulation, Time};
use podplay::i18n::Lang;
use podplay::manifest::objects::Kind;
use podplay::view_model::compare::{compare_view, CompareAction, Comparison};
use podplay::view_model::scene::{self, LinkKind, PodState, Rect, Scene};

const WIDTHS: [f64; 4] = [390.0, 640.0, 960.0, 1400.0];

fn seed_file(name: &str) -> String {
    let path = format!("{}/../shared/seed/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn example_file(name: &str) -> String {
    let path = format!("{}/../shared/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The tutorial's three files, in its order.
fn seed_text() -> String {
    [
        "headless-service.yaml",
        "statefulset.yaml",
        "deployment-service.yaml",
    ]
    .map(seed_file)
    .join("\n---\n")
}

/// `kubectl apply` of everything in `text` (objects the cluster refuses are left out).
fn apply_all(sim: &mut Simulation, text: &str) {
    let out = sim.exec(Command::Apply {
        objects: objects(text),
        mode: podplay::engine::ApplyMode::Apply,
    });
    assert!(matches!(out, Outcome::Applied(_)), "{out:?}");
}

fn seed_sim(seed: u64) -> Simulation {
    let mut s = sim(seed);
    apply_all(&mut s, &seed_text());
    s
}

// ----- geometry ---------------------------------------------------------------------------------

/// A glyph: its identity (what a link names at its ends), its owner (a record's Service), its
/// rect and a name for messages.
struct Glyph {
    id: String,
    owner: Option<String>,
    rect: Rect,
    what: String,
}

fn glyphs(s: &Scene) -> Vec<Glyph> {
    let g = |id: &str, rect: Rect, what: String| Glyph {
        id: id.to_string(),
        owner: None,
        rect,
        what,
    };
    let mut v = Vec::new();
    for p in &s.pods {
        v.push(g(&p.uid, p.rect, format!("pod {}", p.key.name)));
    }
    for x in &s.slots {
        v.push(g(
            &format!("slot/{}", x.name),
            x.rect,
            format!("slot {}", x.name),
        ));
    }
    for x in &s.services {
        v.push(g(&x.uid, x.rect, format!("service {}", x.key.name)));
        for r in &x.records {
            v.push(Glyph {
                id: format!("record/{}", r.fqdn),
                owner: Some(x.uid.clone()),
                rect: r.rect,
                what: format!("record {}", r.name),
            });
        }
    }
    for x in &s.claims {
        v.push(g(&x.uid, x.rect, format!("claim {}", x.key.name)));
    }
    for x in &s.volumes {
        v.push(g(&x.uid, x.rect, format!("volume {}", x.name)));
    }
    for x in &s.chips {
        v.push(g(&x.uid, x.rect, format!("chip {}", x.key.name)));
    }
    if let Some(r) = s.coredns {
        v.push(g("coredns", r, "coredns".into()));
    }
    v
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Whether the segment p–q passes through the inside of `r` (touching its edge is not).
fn crosses(p: (f64, f64), q: (f64, f64), r: &Rect) -> bool {
    let inset = 0.75;
    let (x0, y0, x1, y1) = (
        r.x + inset,
        r.y + inset,
        r.x + r.w - inset,
        r.y + r.h - inset,
    );
    if x1 <= x0 || y1 <= y0 {
        return false;
    }
    // Liang–Barsky clipping.
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (pk, qk) in [
        (-dx, p.0 - x0),
        (dx, x1 - p.0),
        (-dy, p.1 - y0),
        (dy, y1 - p.1),
    ] {
        if pk == 0.0 {
            if qk < 0.0 {
                return false;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

#[test]
fn a_line_through_a_box_crosses_it_and_one_along_its_edge_does_not() {
    let r = Rect {
        x: 10.0,
        y: 10.0,
        w: 20.0,
        h: 10.0,
    };
    assert!(crosses((0.0, 15.0), (40.0, 15.0), &r));
    assert!(crosses((0.0, 0.0), (40.0, 30.0), &r));
    assert!(
        !crosses((0.0, 10.0), (40.0, 10.0), &r),
        "along the top edge"
    );
    assert!(!crosses((20.0, 0.0), (20.0, 10.0), &r), "ends on the edge");
    assert!(!crosses((0.0, 0.0), (40.0, 5.0), &r));
    assert!(overlap(&r, &Rect { x: 29.0, ..r }));
    assert!(!overlap(&r, &Rect { x: 30.0, ..r }));
}

/// Every rule of the layout, for one scene.
fn check(s: &Scene, label: &str) {
    let gs = glyphs(s);
    for (i, a) in gs.iter().enumerate() {
        assert!(
            a.rect.x >= 0.0 && a.rect.x + a.rect.w <= s.width + 0.5,
            "{label}: {} sticks out of the scene ({:?}, width {})",
            a.what,
            a.rect,
            s.width
        );
        for b in &gs[i + 1..] {
            let own = a.owner.as_deref() == Some(b.id.as_str())
                || b.owner.as_deref() == Some(a.id.as_str());
            assert!(
                own || !overlap(&a.rect, &b.rect),
                "{label}: {} {:?} overlaps {} {:?}",
                a.what,
                a.rect,
                b.what,
                b.rect
            );
        }
    }
    for l in &s.links {
        let pts = l.points();
        for w in pts.windows(2) {
            for g in &gs {
                let end = g.id == l.ends.0 || g.id == l.ends.1;
                let of_end = g
                    .owner
                    .as_deref()
                    .is_some_and(|o| o == l.ends.0 || o == l.ends.1);
                assert!(
                    end || of_end || !crosses(w[0], w[1], &g.rect),
                    "{label}: link {} ({:?}) crosses {} {:?}",
                    l.id,
                    l.kind,
                    g.what,
                    g.rect
                );
            }
        }
    }
    // The places kept for request counts and picking rules hold nothing else.
    let mut kept: Vec<(String, Rect, String)> = Vec::new();
    for p in &s.pods {
        if p.badge.w > 0.0 {
            kept.push((p.uid.clone(), p.badge, format!("badge of {}", p.key.name)));
        }
    }
    for x in &s.services {
        kept.push((x.uid.clone(), x.rule, format!("rule of {}", x.key.name)));
    }
    for (i, (own, r, what)) in kept.iter().enumerate() {
        for g in &gs {
            assert!(
                g.id == *own || !overlap(r, &g.rect),
                "{label}: {what} {r:?} overlaps {} {:?}",
                g.what,
                g.rect
            );
        }
        for (_, r2, what2) in &kept[i + 1..] {
            assert!(!overlap(r, r2), "{label}: {what} overlaps {what2}");
        }
    }
}

// ----- layout -----------------------------------------------------------------------------------

#[test]
fn the_seed_is_drawn_without_crossings_at_every_width_and_moment() {
    let mut sim = seed_sim(1);
    let mut n = 0;
    while sim.step().is_some() && n < 3_000 {
        n += 1;
        if n % 3 == 0 {
            check(
                &scene::build_for(&sim, 640.0),
                &format!("seed event {n} @640"),
            );
        }
    }
    for w in WIDTHS {
        check(&scene::build_for(&sim, w), &format!("seed settled @{w}"));
    }
    // Deleting web-0 and bringing it back keeps the picture clean throughout.
    delete(&mut sim, Kind::Pod, "web-0");
    for i in 0..400 {
        if sim.step().is_none() {
            break;
        }
        check(
            &scene::build_for(&sim, 390.0),
            &format!("web-0 back, event {i} @390"),
        );
    }
}

#[test]
fn the_seed_lanes_sit_side_by_side_when_there_is_room() {
    let mut sim = seed_sim(2);
    settle(&mut sim);
    let lanes = |w: f64| {
        let s = scene::build_for(&sim, w);
        let lane = |name: &str| {
            s.groups
                .iter()
                .find(|g| g.lane && g.key.name == name)
                .unwrap()
                .rect
        };
        (lane("web"), lane("my-nginx-deployment"))
    };
    let (sts, deploy) = lanes(640.0);
    assert_eq!(sts.y, deploy.y, "side by side at 640");
    assert!(sts.x + sts.w <= deploy.x);
    let (sts, deploy) = lanes(390.0);
    assert!(deploy.y >= sts.y + sts.h, "stacked at 390");
    // Each Service sits above its own lane's pods.
    let s = scene::build_for(&sim, 640.0);
    for (svc, lane) in [("nginx", "web"), ("my-nginx-svc", "my-nginx-deployment")] {
        let r = s.service(svc).unwrap().rect;
        let l = s.groups.iter().find(|g| g.key.name == lane).unwrap().rect;
        assert!(r.x >= l.x && r.x + r.w <= l.x + l.w, "{svc} in lane {lane}");
        for p in s
            .pods
            .iter()
            .filter(|p| p.rect.x >= l.x && p.rect.x < l.x + l.w)
        {
            assert!(p.rect.y > r.y + r.h, "{} below {svc}", p.key.name);
        }
    }
}

#[test]
fn the_comparison_scenes_are_drawn_without_crossings() {
    let mut cmp = Comparison::new(1);
    cmp.advance_to(Time::from_secs(120));
    let full_widths = [640.0, 1000.0, 1280.0, 1440.0, 2000.0];
    for full in full_widths {
        let v = compare_view(&cmp, (cmp.left.sim(), cmp.right.sim()), full, Lang::En);
        check(&v.left, &format!("compare left @{full}"));
        check(&v.right, &format!("compare right @{full}"));
    }
    cmp.act(&CompareAction::DeletePod(0));
    cmp.advance_to(Time::from_secs(125));
    for full in full_widths {
        let v = compare_view(&cmp, (cmp.left.sim(), cmp.right.sim()), full, Lang::En);
        check(&v.left, &format!("compare left after delete @{full}"));
        check(&v.right, &format!("compare right after delete @{full}"));
    }
}

/// The seed, ZooKeeper (two Services over one StatefulSet, a PodDisruptionBudget) and
/// WordPress with MySQL (Deployments with claims): five workloads.
fn bundle() -> Simulation {
    let mut s = seed_sim(3);
    for f in [
        "zookeeper.yaml",
        "wordpress-mysql-deployment.yaml",
        "wordpress-deployment.yaml",
    ] {
        apply_all(&mut s, &example_file(f));
    }
    s
}

#[test]
fn a_five_workload_bundle_is_drawn_without_crossings() {
    let mut sim = bundle();
    for i in 0..60 {
        run_ms(&mut sim, 1_000);
        if i % 4 == 0 {
            for w in WIDTHS {
                check(&scene::build_for(&sim, w), &format!("bundle t={i}s @{w}"));
            }
        }
    }
    let s = scene::build_for(&sim, 1400.0);
    let lanes: Vec<&str> = s
        .groups
        .iter()
        .filter(|g| g.lane)
        .map(|g| g.key.name.as_str())
        .collect();
    assert_eq!(
        lanes,
        [
            "web",
            "zk",
            "my-nginx-deployment",
            "wordpress",
            "wordpress-mysql"
        ]
    );
    // Both ZooKeeper Services sit above the zk lane.
    let zk = s.groups.iter().find(|g| g.key.name == "zk").unwrap().rect;
    for svc in ["zk-hs", "zk-cs"] {
        let r = s.service(svc).unwrap().rect;
        assert!(r.x >= zk.x && r.x + r.w <= zk.x + zk.w, "{svc} above zk");
    }
}

#[test]
fn a_compact_scene_is_laid_out_in_lanes_too() {
    let mut sim = sim(9);
    let text = tutorial_with(&[
        ("replicas: 2", "replicas: 120"),
        (
            "name: web\nspec:",
            "name: web\nspec:\n  podManagementPolicy: Parallel",
        ),
    ]);
    apply(&mut sim, &text);
    run_ms(&mut sim, 8_000);
    let s = scene::build_for(&sim, 960.0);
    assert!(s.compact);
    let lane = s.groups.iter().find(|g| g.lane).unwrap().rect;
    for p in &s.pods {
        assert!(p.rect.x >= lane.x && p.rect.x + p.rect.w <= lane.x + lane.w);
        assert!(p.rect.y >= lane.y && p.rect.y + p.rect.h <= lane.y + lane.h);
    }
    // Each claim sits under its pod's place.
    for c in &s.claims {
        let name = c.key.name.strip_prefix("www-").unwrap();
        let x = s
            .pod(name)
            .map(|p| p.rect)
            .or_else(|| s.slots.iter().find(|x| x.name == name).map(|x| x.rect))
            .unwrap();
        assert_eq!(c.rect.x, x.x, "{}", c.key.name);
        assert!(c.rect.y > x.y + x.h);
    }
    let headless = s.service("nginx").unwrap();
    assert!(headless.records.len() <= scene::MAX_RECORDS);
}

// ----- values -----------------------------------------------------------------------------------

#[test]
fn each_claim_is_directly_under_its_pod_and_the_pod_shows_its_dns_name() {
    let mut sim = seed_sim(4);
    settle(&mut sim);
    for w in WIDTHS {
        let s = scene::build_for(&sim, w);
        for (pod, claim) in [("web-0", "www-web-0"), ("web-1", "www-web-1")] {
            let p = s.pod(pod).unwrap().rect;
            let c = s.claim(claim).unwrap();
            assert_eq!(c.rect.x, p.x, "{claim} in {pod}'s column @{w}");
            assert_eq!(
                c.rect.y,
                p.y + p.h + scene::FULL.below,
                "{claim} under {pod}"
            );
            let v = s
                .volumes
                .iter()
                .find(|v| Some(&v.name) == c.volume.as_ref());
            let v = v.unwrap().rect;
            assert_eq!(v.x, p.x);
            assert!(v.y >= c.rect.y + c.rect.h);
            let mount = s
                .links
                .iter()
                .find(|l| l.kind == LinkKind::Mount && l.ends.1 == c.uid)
                .unwrap();
            assert_eq!(
                mount.from.0, mount.to.0,
                "the mount line runs straight down"
            );
        }
    }
    let s = scene::build(&sim);
    assert_eq!(
        s.pod("web-0").unwrap().dns_name.as_deref(),
        Some("web-0.nginx")
    );
    assert_eq!(
        s.pod("web-1").unwrap().dns_name.as_deref(),
        Some("web-1.nginx")
    );
    let deploy_pod = s
        .pods
        .iter()
        .find(|p| p.key.name.starts_with("my-nginx-deployment-"))
        .unwrap();
    assert_eq!(deploy_pod.dns_name, None);
    assert!(s.coredns.is_some());
}

#[test]
fn records_appear_as_pods_become_ready_and_the_count_is_kubectls_ready() {
    let mut sim = seed_sim(5);
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mut saw_one_of_two = false;
    for _ in 0..3_000 {
        if sim.step().is_none() {
            break;
        }
        let s = scene::build(&sim);
        let Some(svc) = s.service("nginx") else {
            continue;
        };
        let names: Vec<String> = svc.records.iter().map(|r| r.name.clone()).collect();
        if seen.last() != Some(&names) {
            seen.push(names.clone());
        }
        for r in &svc.records {
            let pod = s.pod(r.pod.as_deref().unwrap()).unwrap();
            assert_eq!(
                pod.state,
                PodState::Ready,
                "{} only for a Ready pod",
                r.name
            );
            assert_eq!(Some(&r.ip), pod.ip.as_ref());
            assert_eq!(r.fqdn, format!("{}.default.svc.cluster.local", r.name));
        }
        let web = s.groups.iter().find(|g| g.key.name == "web").unwrap();
        let ready = ["web-0", "web-1"]
            .iter()
            .filter(|n| s.pod(n).is_some_and(|p| p.state == PodState::Ready))
            .count();
        assert_eq!(web.ready, (i32::try_from(ready).unwrap(), 2));
        if ready == 1 {
            saw_one_of_two = true;
        }
        if let Some(vip) = s.service("my-nginx-svc") {
            assert_eq!(vip.records.len(), 1);
            assert_eq!(vip.records[0].name, "my-nginx-svc");
            assert_eq!(Some(&vip.records[0].ip), vip.cluster_ip.as_ref());
        }
    }
    assert!(saw_one_of_two, "StatefulSet web · 1/2 was never drawn");
    assert_eq!(
        seen,
        vec![
            vec![],
            vec!["web-0.nginx".to_string()],
            vec!["web-0.nginx".to_string(), "web-1.nginx".to_string()]
        ]
    );
}

#[test]
fn a_pod_says_pulling_image_while_the_node_pulls_and_creating_after() {
    let mut sim = seed_sim(6);
    let mut pulling = Vec::new();
    let mut creating_cached = false;
    for _ in 0..3_000 {
        if sim.step().is_none() {
            break;
        }
        let s = scene::build(&sim);
        for p in &s.pods {
            let Some(r) = &p.reason else { continue };
            let text = r.render(Lang::En);
            if text.starts_with("Pulling image") {
                assert_eq!(p.state, PodState::ContainerCreating);
                assert_eq!(text, "Pulling image \"nginx:1.19.0\"");
                if !pulling.contains(&p.key.name) {
                    pulling.push(p.key.name.clone());
                }
            } else if p.key.name == "web-1" && text == "ContainerCreating" {
                // The node has the image by then: no second pull.
                creating_cached = true;
            }
            assert!(p.state != PodState::Ready, "a Ready pod has no reason");
        }
    }
    assert!(pulling.contains(&"web-0".to_string()), "{pulling:?}");
    assert!(!pulling.contains(&"web-1".to_string()), "{pulling:?}");
    assert!(creating_cached);
}

#[test]
fn the_wait_is_worked_out_from_the_cluster_now() {
    let mut sim = seed_sim(7);
    settle(&mut sim);
    delete(&mut sim, Kind::Pod, "web-0");
    let mut waits = 0;
    for _ in 0..2_000 {
        if sim.step().is_none() {
            break;
        }
        let s = scene::build(&sim);
        let web = s.groups.iter().find(|g| g.key.name == "web").unwrap();
        let Some(w) = &web.wait else { continue };
        waits += 1;
        let a = args(w);
        match w.id {
            "engine.sts.wait.ready" => {
                assert!(s.pod(&a[0]).is_none(), "{} waits although it exists", a[0]);
                assert!(s.pod(&a[1]).is_some_and(|p| p.state != PodState::Ready));
            }
            "engine.sts.wait.replace" => {
                assert!(pod(&sim, &a[0]).unwrap().is_terminating(), "{}", a[0]);
            }
            other => panic!("unexpected wait {other}: {}", w.render(Lang::En)),
        }
    }
    assert!(waits > 0, "the replacement wait was never drawn");
    let s = scene::build(&sim);
    assert!(s.groups.iter().all(|g| g.wait.is_none()));
}

#[test]
fn the_tutorials_file_shows_on_its_claim_which_waits_for_web_0_and_reconnects() {
    let files = [
        ("headless-service.yaml", seed_file("headless-service.yaml")),
        ("statefulset.yaml", seed_file("statefulset.yaml")),
    ];
    let mut c = console_with("minikube start", &files);
    out(&mut c, "kubectl apply -f headless-service.yaml");
    out(&mut c, "kubectl apply -f statefulset.yaml");
    c.sim_mut().unwrap().run_until_idle(600_000, MAX_EVENTS);
    let s = scene::build(c.sim().unwrap());
    assert_eq!(s.claim("www-web-0").unwrap().first_line, None);
    out(
        &mut c,
        "kubectl exec web-0 -- /bin/sh -c 'echo \"Hello from web-0\" > /usr/share/nginx/html/index.html'",
    );
    let s = scene::build(c.sim().unwrap());
    let claim = s.claim("www-web-0").unwrap().clone();
    assert_eq!(
        claim.first_line.as_deref(),
        Some("index.html: Hello from web-0")
    );
    assert!(!claim.waiting);
    let old_uid = s.pod("web-0").unwrap().uid.clone();
    // The pod is deleted: its claim stays in its place, waiting.
    let sim = c.sim_mut().unwrap();
    delete(sim, Kind::Pod, "web-0");
    run_until(sim, "web-0 gone", |s| pod(s, "web-0").is_none());
    let s = scene::build(sim);
    let waiting = s.claim("www-web-0").unwrap();
    assert!(waiting.waiting);
    assert_eq!(waiting.pod, None);
    assert_eq!(waiting.rect, claim.rect, "the claim keeps its place");
    assert_eq!(waiting.first_line, claim.first_line);
    let slot = s.slots.iter().find(|x| x.name == "web-0").unwrap();
    assert_eq!(slot.rect.x, waiting.rect.x);
    settle(sim);
    let s = scene::build(sim);
    let back = s.claim("www-web-0").unwrap();
    assert!(!back.waiting);
    assert_eq!(back.pod.as_deref(), Some("web-0"));
    let new_uid = s.pod("web-0").unwrap().uid.clone();
    assert_ne!(new_uid, old_uid);
    assert!(s
        .links
        .iter()
        .any(|l| l.kind == LinkKind::Mount && l.ends == (new_uid.clone(), back.uid.clone())));
}

#[test]
fn a_pod_back_under_its_name_leaves_no_ghost_in_its_place() {
    // The old web-0 fading out where the new web-0 rises would draw two pods' words over
    // each other.
    use podplay::view_model::tween::Animator;
    let mut sim = seed_sim(8);
    settle(&mut sim);
    let mut anim = Animator::new();
    let mut version = 1;
    anim.update(&scene::build(&sim), version, 16.0, false);
    delete(&mut sim, Kind::Pod, "web-0");
    for _ in 0..2_000 {
        if sim.step().is_none() {
            break;
        }
        version += 1;
        let s = scene::build(&sim);
        anim.update(&s, version, 16.0, false);
        for g in anim.ghosts() {
            assert!(
                s.pod(&g.glyph.key.name).is_none(),
                "a ghost of {} under the new one",
                g.glyph.key.name
            );
        }
    }
    let s = scene::build(&sim);
    assert!(s.pod("web-0").is_some());
    // Other removals still fade out: scaling down leaves web-1's ghost.
    scale(&mut sim, "web", 1);
    settle(&mut sim);
    anim.update(&scene::build(&sim), version + 1, 16.0, false);
    assert!(anim.ghosts().iter().any(|g| g.glyph.key.name == "web-1"));
}
