#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The drawable scene, its motion, the explanations and the side-by-side comparison, checked
//! against the seed tutorial's manifests.

mod common;

use common::engine::*;
use common::msg_args as args;
use podplay::engine::network::dns::RType;
use podplay::engine::{Command, ObjRef, Outcome, Simulation};
use podplay::i18n::Lang;
use podplay::manifest::objects::Kind;
use podplay::view_model::compare::{CompareAction, Comparison};
use podplay::view_model::scene::{self, LinkKind, PodState};
use podplay::view_model::tween::{Animator, FADE_MS, RISE};
use podplay::view_model::why::{self, Target};
use podplay::view_model::{dns_table, packet_path};

fn all_three() -> String {
    podplay::examples::all_together()
}

fn applied(seed: u64) -> Simulation {
    let mut sim = sim(seed);
    apply(&mut sim, &all_three());
    sim
}

#[test]
fn web_0_is_drawn_ready_before_web_1_exists_and_the_wait_is_shown() {
    // Pins the ordering the scene shows: while web-1 does not exist, web-0 is drawn (not
    // Ready at first) and the StatefulSet's group says why web-1 waits.
    let mut sim = applied(1);
    let mut saw_wait = false;
    let mut saw_web0_ready_alone = false;
    for _ in 0..2_000 {
        if sim.step().is_none() {
            break;
        }
        let s = scene::build(&sim);
        if s.pod("web-1").is_none() {
            if let Some(w0) = s.pod("web-0") {
                if w0.state == PodState::Ready {
                    saw_web0_ready_alone = true;
                }
                let group = s
                    .groups
                    .iter()
                    .find(|g| g.key.name == "web")
                    .expect("the StatefulSet's group");
                // web-1's place is drawn empty until it is created.
                assert_eq!(
                    s.slots.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
                    vec!["web-1"]
                );
                if let Some(wait) = &group.wait {
                    assert_eq!(wait.id, "engine.sts.wait.ready");
                    assert_eq!(args(wait), vec!["web-1", "web-0"]);
                    saw_wait = true;
                }
            }
        } else {
            // Once web-1 exists, web-0 is Ready.
            assert_eq!(s.pod("web-0").unwrap().state, PodState::Ready);
        }
    }
    assert!(saw_wait, "the ordering wait was never drawn");
    assert!(saw_web0_ready_alone);
    let s = scene::build(&sim);
    let (w0, w1) = (s.pod("web-0").unwrap(), s.pod("web-1").unwrap());
    assert!(w0.rect.x < w1.rect.x && (w0.rect.y - w1.rect.y).abs() < f64::EPSILON);
    assert_eq!((w0.ordinal, w1.ordinal), (Some(0), Some(1)));
    assert_eq!(w0.ready, (1, 1));
    assert!(w0.ip.as_deref().unwrap().starts_with("10.244."));
    assert!(
        s.groups.iter().all(|g| g.wait.is_none()),
        "a settled set shows no wait"
    );
    assert!(s.slots.is_empty());
    assert!(
        !s.compact,
        "a tutorial-sized cluster is drawn with full glyphs"
    );
}

#[test]
fn services_draw_their_virtual_ip_and_link_only_ready_pods() {
    // Pins the Service glyphs: headless has no IP, ClusterIP shows a 10.x VIP; endpoint links
    // go only to Ready pods.
    let mut sim = applied(2);
    run_until(&mut sim, "web-0 ContainerCreating", |s| {
        pod(s, "web-0").is_some_and(|p| !p.is_ready() && p.status.ip.is_some())
    });
    let s = scene::build(&sim);
    let headless = s.service("nginx").unwrap();
    assert_eq!(headless.cluster_ip, None);
    assert!(headless.endpoints.is_empty());
    assert!(!s
        .links
        .iter()
        .any(|l| l.kind == LinkKind::Endpoint && l.ends.0 == headless.uid));
    settle(&mut sim);
    let s = scene::build(&sim);
    let vip = s.service("my-nginx-svc").unwrap();
    assert!(vip.cluster_ip.as_deref().unwrap().starts_with("10."));
    assert_eq!(vip.endpoints.len(), 2);
    let headless = s.service("nginx").unwrap();
    assert_eq!(headless.endpoints, vec!["web-0", "web-1"]);
    let n_links = s
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Endpoint)
        .count();
    assert_eq!(n_links, 4);
    assert!(s.n_system_pods > 0);
}

#[test]
fn deployment_pods_sit_under_their_replica_set_with_hash_names() {
    // Pins the Deployment grouping: one group per ReplicaSet, named by the Deployment and the
    // template hash, its pods named ReplicaSet + 5 characters.
    let mut sim = applied(3);
    settle(&mut sim);
    let s = scene::build(&sim);
    let rs = s
        .groups
        .iter()
        .find(|g| g.deployment.as_deref() == Some("my-nginx-deployment"))
        .unwrap();
    assert!(rs.key.name.starts_with("my-nginx-deployment-"));
    let pods: Vec<_> = s
        .pods
        .iter()
        .filter(|p| p.key.name.starts_with(&format!("{}-", rs.key.name)))
        .collect();
    assert_eq!(pods.len(), 2);
    for p in pods {
        let suffix = &p.key.name[rs.key.name.len() + 1..];
        assert_eq!(suffix.len(), 5, "{}", p.key.name);
        assert!(p.rect.y > rs.rect.y && p.rect.y < rs.rect.y + rs.rect.h);
        assert_eq!(p.ordinal, None);
    }
}

#[test]
fn a_deleted_pods_claim_stays_bound_and_waits_then_remounts() {
    // Pins storage in the scene: www-web-0 is bound to a volume and mounted by web-0; while
    // web-0 is gone the claim is drawn without a pod; the new web-0 mounts it again.
    let mut sim = applied(4);
    settle(&mut sim);
    let s = scene::build(&sim);
    let claim = s.claim("www-web-0").unwrap().clone();
    let pv = claim.volume.clone().unwrap();
    assert_eq!(claim.pod.as_deref(), Some("web-0"));
    assert!(s
        .volumes
        .iter()
        .any(|v| v.name == pv && v.claim.as_deref() == Some("www-web-0")));
    let old_uid = s.pod("web-0").unwrap().uid.clone();
    assert!(s
        .links
        .iter()
        .any(|l| l.kind == LinkKind::Mount && l.ends == (old_uid.clone(), claim.uid.clone())));
    assert!(s
        .links
        .iter()
        .any(|l| l.kind == LinkKind::Bind && l.ends.0 == claim.uid));
    delete(&mut sim, Kind::Pod, "web-0");
    run_until(&mut sim, "web-0 gone", |s| pod(s, "web-0").is_none());
    let s = scene::build(&sim);
    let waiting = s.claim("www-web-0").unwrap();
    assert_eq!(waiting.pod, None);
    assert_eq!(waiting.volume.as_deref(), Some(pv.as_str()));
    settle(&mut sim);
    let s = scene::build(&sim);
    let new_uid = s.pod("web-0").unwrap().uid.clone();
    assert_ne!(new_uid, old_uid);
    let claim = s.claim("www-web-0").unwrap();
    assert_eq!(claim.pod.as_deref(), Some("web-0"));
    assert!(s
        .links
        .iter()
        .any(|l| l.kind == LinkKind::Mount && l.ends.0 == new_uid));
}

#[test]
fn dns_table_marks_the_answer_to_a_query() {
    // Pins the DNS panel: web-0.nginx resolves through the search path to web-0's IP, and
    // only that record is marked.
    let mut sim = applied(5);
    settle(&mut sim);
    let ip = pod(&sim, "web-0").unwrap().status.ip.unwrap().to_string();
    let t = dns_table(&sim, "web-0.nginx", false);
    assert_eq!(t.answer, vec![ip.clone()]);
    assert_eq!(
        t.tried.last().unwrap(),
        &("web-0.nginx.default.svc.cluster.local".to_string(), true)
    );
    let hits: Vec<_> = t.rows.iter().filter(|r| r.hit).collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].data, ip);
    assert_eq!(hits[0].rtype, RType::A);
    assert!(t.rows.iter().all(|r| !r.name.contains("kube-dns")));
    let empty = dns_table(&sim, "nope", false);
    assert!(empty.answer.is_empty() && empty.rows.iter().all(|r| !r.hit));
}

#[test]
fn new_pods_rise_and_fade_in_removed_ones_fade_out() {
    // Pins the motion: a new pod starts RISE below its slot, transparent, and arrives; a
    // removed pod leaves a fading ghost; reduced motion makes both instant.
    let mut sim = applied(6);
    settle(&mut sim);
    let s1 = scene::build(&sim);
    let mut anim = Animator::new();
    anim.update(&s1, 1, 0.0, false);
    let w0 = s1.pod("web-0").unwrap();
    let m = anim.motion(w0);
    assert!((m.y - (w0.rect.y + RISE)).abs() < 1e-9 && m.opacity == 0.0);
    anim.update(&s1, 1, 100.0, false);
    let mid = anim.motion(w0);
    assert!(mid.y < w0.rect.y + RISE && mid.y > w0.rect.y && mid.opacity > 0.0);
    for _ in 0..100 {
        anim.update(&s1, 1, 16.0, false);
    }
    let end = anim.motion(w0);
    assert_eq!((end.y, end.opacity), (w0.rect.y, 1.0));
    assert!(!anim.is_moving(&s1));
    // Remove web-1 (scale down): its glyph becomes a ghost.
    scale(&mut sim, "web", 1);
    settle(&mut sim);
    let s2 = scene::build(&sim);
    anim.update(&s2, 2, 16.0, false);
    assert_eq!(anim.ghosts().len(), 1);
    assert_eq!(anim.ghosts()[0].glyph.key.name, "web-1");
    anim.update(&s2, 2, FADE_MS / 2.0, false);
    assert_eq!(anim.ghosts().len(), 1);
    anim.update(&s2, 2, FADE_MS / 2.0, false);
    assert!(anim.ghosts().is_empty());
    let mut reduced = Animator::new();
    reduced.update(&s1, 1, 0.0, true);
    assert_eq!(reduced.motion(w0).y, w0.rect.y);
    reduced.update(&s2, 2, 0.0, true);
    assert!(reduced.ghosts().is_empty());
}

#[test]
fn a_scene_synced_ahead_of_the_frame_is_matched_once_and_keeps_its_motion() {
    // Pins the split between the step and the frame: `sync` matches a new scene (a ghost for
    // each removed pod, motion kept by UID); the frame's `update` with the same version does
    // not match it again; the motions come in the scene's order and agree with `motion`.
    let mut sim = applied(6);
    settle(&mut sim);
    let s1 = scene::build(&sim);
    let mut anim = Animator::new();
    anim.sync(&s1, 1, false);
    for _ in 0..100 {
        anim.update(&s1, 1, 16.0, false);
    }
    assert!(!anim.is_moving(&s1));
    scale(&mut sim, "web", 1);
    settle(&mut sim);
    let s2 = scene::build(&sim);
    assert!(anim.motions_of(&s2).is_none(), "not matched yet");
    anim.sync(&s2, 2, false);
    assert_eq!(anim.ghosts().len(), 1);
    assert_eq!(anim.ghosts()[0].glyph.key.name, "web-1");
    anim.update(&s2, 2, 16.0, false);
    anim.sync(&s2, 2, false);
    assert_eq!(anim.ghosts().len(), 1, "the same version is matched once");
    let motions = anim.motions_of(&s2).unwrap().to_vec();
    assert_eq!(motions.len(), s2.pods.len());
    for (i, p) in s2.pods.iter().enumerate() {
        assert_eq!(anim.index_of(&p.uid), Some(i));
        assert_eq!(anim.motion(p), motions[i]);
    }
    // web-0 stayed: it kept its settled motion rather than rising in again (its lane's
    // Service lost web-1's record line, so it glides up to its new place, fully visible).
    let w0 = s2.pod("web-0").unwrap();
    let old_y = s1.pod("web-0").unwrap().rect.y;
    assert_eq!(anim.motion(w0).opacity, 1.0);
    assert!(anim.motion(w0).y <= old_y && anim.motion(w0).y >= w0.rect.y);
    for _ in 0..100 {
        anim.update(&s2, 2, 16.0, false);
    }
    assert_eq!(anim.motion(w0).y, w0.rect.y);
}

#[test]
fn a_request_through_the_virtual_ip_is_drawn_via_the_service() {
    // Pins the packet path: client → the Service's VIP → the answering pod, and the packet
    // halfway there sits on the Service.
    let mut sim = applied(7);
    settle(&mut sim);
    let out = sim.exec(Command::Request {
        from: key("web-0"),
        target: "my-nginx-svc".into(),
        port: None,
        path: "/".into(),
        count: 1,
    });
    let Outcome::Responses(rs) = out else {
        panic!("{out:?}")
    };
    let s = scene::build(&sim);
    let path = packet_path(&s, "web-0", &rs[0]);
    assert_eq!(path.len(), 3);
    assert_eq!(path[1], s.service("my-nginx-svc").unwrap().rect.bottom());
    let target = rs[0].pod.clone().unwrap();
    assert!(target.starts_with("my-nginx-deployment-"));
    assert_eq!(path[2], s.pod(&target).unwrap().rect.center());
    let mut anim = Animator::new();
    assert!(anim.send(path.clone(), &target));
    anim.update(&s, 1, podplay::view_model::tween::PACKET_MS / 4.0, false);
    anim.update(&s, 1, podplay::view_model::tween::PACKET_MS / 4.0, false);
    assert_eq!(anim.packets()[0].position(), path[1]);
}

#[test]
fn explanations_name_the_rule_and_the_fields() {
    // Pins "why": www-web-0 = template www + web + ordinal 0, with the template's name field;
    // web-1's pod explains OrderedReady; the headless Service explains clusterIP: None.
    let mut sim = applied(8);
    settle(&mut sim);
    let claim = why::explain(
        &sim,
        &Target::Object(ObjRef::new(Kind::PersistentVolumeClaim, &key("www-web-0"))),
    )
    .unwrap();
    assert_eq!(claim.rules[0].id, "vm.why.pvc.name");
    assert_eq!(args(&claim.rules[0]), vec!["www-web-0", "www", "web", "0"]);
    assert_eq!(
        claim.rules[0].render(Lang::En),
        "www-web-0 = claim template www + \"-\" + StatefulSet web + \"-\" + ordinal 0."
    );
    assert!(claim
        .fields
        .iter()
        .any(|f| f.kind == Kind::StatefulSet
            && f.path == "spec.volumeClaimTemplates[0].metadata.name"));
    let pod = why::explain(&sim, &Target::Object(ObjRef::new(Kind::Pod, &key("web-0")))).unwrap();
    assert_eq!(pod.title, "Pod web-0");
    assert!(pod
        .rules
        .iter()
        .any(|r| r.id == "vm.why.sts.ordered" && args(r) == vec!["web-0", "web-1"]));
    assert!(pod.rules.iter().any(|r| r.id == "vm.why.pod.endpoint"));
    assert_eq!(pod.files[0].0, why::INDEX_HTML);
    let svc = why::explain(
        &sim,
        &Target::Object(ObjRef::new(Kind::Service, &key("nginx"))),
    )
    .unwrap();
    assert_eq!(svc.rules[0].id, "vm.why.svc.headless");
    assert!(svc.fields.iter().any(|f| f.path == "spec.clusterIP"));
    let ip = pod_ip(&sim, "web-0");
    let rec = why::explain(
        &sim,
        &Target::Dns {
            name: "web-0.nginx.default.svc.cluster.local".into(),
            rtype: RType::A,
            data: ip,
        },
    )
    .unwrap();
    assert_eq!(rec.rules[0].id, "vm.why.dns.pod");
    assert!(rec.fields.iter().any(|f| f.path == "spec.serviceName"));
    assert!(why::explain(&sim, &Target::Object(ObjRef::new(Kind::Pod, &key("nope")))).is_none());
}

#[test]
fn scene_glyphs_are_selected_through_targets() {
    // Pins the targets the scene builds for a click: a pod, Service or claim by its namespaced
    // key, a volume by its cluster-scoped name, and `is_object` matching kind and key exactly.
    let mut sim = applied(8);
    settle(&mut sim);
    let s = scene::build(&sim);
    let web0 = s.pods.iter().find(|p| p.key.name == "web-0").unwrap();
    let pod = Target::object(Kind::Pod, &web0.key);
    assert_eq!(pod, Target::Object(ObjRef::new(Kind::Pod, &key("web-0"))));
    assert!(pod.is_object(Kind::Pod, &key("web-0")));
    assert!(!pod.is_object(Kind::Service, &key("web-0")));
    assert!(!pod.is_object(Kind::Pod, &key("web-1")));
    assert_eq!(why::explain(&sim, &pod).unwrap().title, "Pod web-0");
    let svc = s.services.iter().find(|g| g.key.name == "nginx").unwrap();
    let svc = Target::object(Kind::Service, &svc.key);
    assert_eq!(why::explain(&sim, &svc).unwrap().title, "Service nginx");
    let pv = s.volumes.first().unwrap();
    let volume = Target::volume(&pv.name);
    let Target::Object(obj) = &volume else {
        panic!("a volume's target is an object: {volume:?}");
    };
    assert_eq!(
        (obj.kind, obj.key.namespace.as_str(), obj.key.name.as_str()),
        (Kind::PersistentVolume, "", pv.name.as_str())
    );
    assert_eq!(
        why::explain(&sim, &volume).unwrap().title,
        format!("PersistentVolume {}", pv.name)
    );
    let record = Target::Dns {
        name: "web-0.nginx.default.svc.cluster.local".into(),
        rtype: RType::A,
        data: pod_ip(&sim, "web-0"),
    };
    assert!(!record.is_object(Kind::Pod, &key("web-0")));
}

fn pod_ip(sim: &Simulation, name: &str) -> String {
    pod(sim, name).unwrap().status.ip.unwrap().to_string()
}

/// Whether `name` is a Deployment pod's name: `<deployment>-<pod-template-hash>-<suffix>`.
fn is_deployment_pod(name: &str, deployment: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(deployment)
        .and_then(|r| r.strip_prefix('-'))
    else {
        return false;
    };
    let parts: Vec<&str> = rest.split('-').collect();
    parts.len() == 2 && parts[1].len() == 5 && !parts[0].is_empty()
}

#[test]
fn side_by_side_shows_what_differs() {
    // Pins the comparison: the seed's names on each side (web/nginx, my-nginx-deployment/
    // my-nginx-svc), ordinal names vs hash names, one-by-one vs all-at-once creation, pod IPs
    // vs one VIP in DNS, claims vs none.
    let mut cmp = Comparison::new(1);
    cmp.advance_to(podplay::engine::Time::from_secs(120));
    let d = cmp.differences();
    let row = |id: &str| d.iter().find(|x| x.topic.id == id).unwrap().clone();
    let names = row("vm.cmp.names");
    assert_eq!(names.left.render(Lang::En), "web-0, web-1");
    let right_names = Comparison::pods(cmp.right.sim());
    assert_eq!(right_names.len(), 2);
    assert!(
        right_names
            .iter()
            .all(|n| is_deployment_pod(n, "my-nginx-deployment")),
        "{right_names:?}"
    );
    assert_eq!(names.right.render(Lang::En), right_names.join(", "));
    let order = row("vm.cmp.order").left.render(Lang::En);
    assert!(order.starts_with("web-0 +0.0s → web-1 +"), "{order}");
    assert!(!order.contains("web-1 +0.0s"));
    let dns = row("vm.cmp.dns");
    let left = dns.left.render(Lang::En);
    assert!(
        left.starts_with("nginx.default.svc.cluster.local → "),
        "{left}"
    );
    assert_eq!(left.matches("10.244.").count(), 2);
    let right = dns.right.render(Lang::En);
    assert!(
        right.starts_with("my-nginx-svc.default.svc.cluster.local → 10.")
            && !right.contains("10.244."),
        "{right}"
    );
    let pod_dns = row("vm.cmp.dns.pod");
    assert_eq!(
        pod_dns.left.render(Lang::En),
        format!(
            "web-0.nginx.default.svc.cluster.local → {}",
            pod_ip(cmp.left.sim(), "web-0")
        )
    );
    assert_eq!(
        pod_dns.right.render(Lang::En),
        format!("{}.my-nginx-svc: no such name (NXDOMAIN)", right_names[0])
    );
    assert_eq!(
        row("vm.cmp.storage").left.render(Lang::En),
        "www-web-0 (Bound), www-web-1 (Bound)"
    );
    assert_eq!(row("vm.cmp.storage").right.id, "vm.cmp.nostorage");

    cmp.act(&CompareAction::Traffic(20));
    let d = cmp.differences();
    let t = d.iter().find(|x| x.topic.id == "vm.cmp.traffic").unwrap();
    let right_hits = t.right.render(Lang::En);
    assert!(
        right_hits.starts_with("my-nginx-deployment-"),
        "{right_hits}"
    );
    assert_eq!(cmp.hits[1].values().sum::<u64>(), 20);
    assert!(cmp.hits[1].keys().all(|p| right_names.contains(p)));
    assert_eq!(cmp.hits[0].values().sum::<u64>(), 20);
    assert_eq!(
        cmp.act(&CompareAction::DeletePod(9))[0].1.id,
        "vm.cmp.nopod"
    );
    // Scale and Restart reach both workloads by their own names.
    assert!(cmp.act(&CompareAction::Scale(3)).is_empty());
    cmp.advance_to(podplay::engine::Time::from_secs(240));
    assert_eq!(Comparison::pods(cmp.left.sim()).len(), 3);
    assert_eq!(Comparison::pods(cmp.right.sim()).len(), 3);
    assert!(cmp.act(&CompareAction::Restart).is_empty());
}

#[test]
fn what_took_a_deleted_pods_place_is_its_replacement_by_uid() {
    // Pins "Delete pod #k": the row names the pod the controller created after the deletion
    // (a uid that did not exist before, created after it), never a pod that was already
    // there, and shows the file's first line as text.
    let mut cmp = Comparison::new(1);
    cmp.advance_to(podplay::engine::Time::from_secs(120));
    let notes = cmp.act(&CompareAction::WriteFile(0, "Hello from web-0".into()));
    assert!(notes.is_empty(), "{notes:?}");
    let uids = |sim: &Simulation| -> std::collections::BTreeSet<String> {
        sim.cluster()
            .pods
            .values()
            .map(|p| p.meta.uid.clone())
            .collect()
    };
    let (before_left, before_right) = (uids(cmp.left.sim()), uids(cmp.right.sim()));
    let right_pods = Comparison::pods(cmp.right.sim());
    let (deleted, kept) = (right_pods[0].clone(), right_pods[1].clone());
    let at = cmp.now();
    assert!(cmp.act(&CompareAction::DeletePod(0)).is_empty());
    // At first the StatefulSet waits for the old web-0 to be gone.
    let d = cmp.differences();
    let survived = d.iter().find(|x| x.topic.id == "vm.cmp.survived").unwrap();
    assert_eq!(survived.topic.render(Lang::En), "After deleting pod #0");
    assert_eq!(survived.left.id, "vm.cmp.survived.waiting");
    assert_eq!(
        survived.left.render(Lang::En),
        "web-0 is gone; no new pod has taken its place yet"
    );
    assert_eq!(cmp.replacement(Side::Left), None);

    cmp.advance_to(podplay::engine::Time::from_secs(240));
    let left = cmp.replacement(Side::Left).expect("web-0 is back");
    assert_eq!(left.name, "web-0");
    assert!(!before_left.contains(&left.uid), "{left:?}");
    assert!(left.created > at);
    let right = cmp.replacement(Side::Right).expect("a new pod");
    assert!(!before_right.contains(&right.uid), "{right:?}");
    assert!(right.created > at);
    assert!(is_deployment_pod(&right.name, "my-nginx-deployment"));
    assert_ne!(right.name, kept);
    assert_eq!(
        pod(cmp.right.sim(), &right.name).unwrap().meta.uid,
        right.uid
    );
    let d = cmp.differences();
    let survived = d.iter().find(|x| x.topic.id == "vm.cmp.survived").unwrap();
    assert_eq!(survived.left.id, "vm.cmp.survived.both");
    assert_eq!(
        survived.left.render(Lang::En),
        "web-0 came back as web-0 with its index.html: Hello from web-0"
    );
    assert_eq!(survived.right.id, "vm.cmp.survived.none");
    assert_eq!(
        survived.right.render(Lang::En),
        format!(
            "{deleted} is gone; {} took its place and the file is lost (index.html now: <!DOCTYPE html>)",
            right.name
        )
    );
    let v = cmpv::compare_view(&cmp, (cmp.left.sim(), cmp.right.sim()), 1_000.0, Lang::En);
    assert_eq!(v.replacements, [Some(left), Some(right)]);
    // Looking back to before the deletion forgets it; from after it, keeps it.
    let mut back = cmp.clone();
    back.rewind_to(podplay::engine::Time(at.ms() + 1));
    assert!(back.deleted.is_some());
    back.rewind_to(podplay::engine::Time(at.ms() - 1));
    assert!(back.deleted.is_none());
}

#[test]
fn a_files_first_line_is_shown_as_text() {
    assert_eq!(
        cmpv::first_line(podplay::engine::images::NGINX_WELCOME),
        "<!DOCTYPE html>"
    );
    assert_eq!(
        cmpv::first_line("\n  Hello from web-0\nmore\n"),
        "Hello from web-0"
    );
    assert_eq!(cmpv::first_line(""), "-");
    let long = "x".repeat(100);
    let cut = cmpv::first_line(&long);
    assert_eq!(cut.chars().count(), cmpv::FIRST_LINE_CHARS);
    assert!(cut.ends_with('…'));
    assert_eq!(cmpv::first_line("a\tb\r\n"), "ab");
}

#[test]
fn comparison_rewinds_both_sides_together() {
    // Pins lockstep seeking: after rewinding, both sides are at the same earlier time and a
    // new action starts a new future on both.
    let mut cmp = Comparison::new(2);
    cmp.advance_to(podplay::engine::Time::from_secs(60));
    cmp.act(&CompareAction::Scale(4));
    cmp.advance_to(podplay::engine::Time::from_secs(120));
    assert_eq!(Comparison::pods(cmp.left.sim()).len(), 4);
    cmp.rewind_to(podplay::engine::Time::from_secs(30));
    assert_eq!(cmp.left.now(), cmp.right.now());
    assert_eq!(cmp.left.now(), podplay::engine::Time::from_secs(30));
    cmp.advance_to(podplay::engine::Time::from_secs(200));
    assert_eq!(Comparison::pods(cmp.left.sim()).len(), 2);
    assert_eq!(Comparison::pods(cmp.right.sim()).len(), 2);
}

#[test]
fn scene_build_is_deterministic_and_handles_a_large_set() {
    // Pins determinism and scale: the same state draws the same scene; 300 replicas wrap into
    // rows inside the node and every pod has its own place.
    let a = applied(9);
    assert_eq!(scene::build(&a), scene::build(&a.clone()));
    let mut sim = sim(9);
    let text = tutorial_with(&[
        ("replicas: 2", "replicas: 300"),
        (
            "name: web\nspec:",
            "name: web\nspec:\n  podManagementPolicy: Parallel",
        ),
    ]);
    apply(&mut sim, &text);
    run_ms(&mut sim, 5_000);
    let s = scene::build(&sim);
    assert!(s.pods.len() > 100, "{}", s.pods.len());
    // Past COMPACT_OVER pods the glyphs are tiles, so many more fit on a row.
    assert!(s.compact);
    assert!((s.pods[0].rect.w - scene::COMPACT.pod_w).abs() < f64::EPSILON);
    let mut places: Vec<(i64, i64)> = s
        .pods
        .iter()
        .map(|p| (p.rect.x as i64, p.rect.y as i64))
        .collect();
    places.sort_unstable();
    places.dedup();
    assert_eq!(places.len(), s.pods.len());
    let node = s.node.as_ref().unwrap();
    assert!(s
        .pods
        .iter()
        .all(|p| p.rect.x + p.rect.w <= node.rect.x + node.rect.w
            && p.rect.y + p.rect.h <= node.rect.y + node.rect.h));
    assert!(s.height > node.rect.y + node.rect.h);
}

#[test]
fn names_sort_with_their_numbers_compared_as_numbers() {
    use std::cmp::Ordering::{Equal, Greater, Less};
    assert_eq!(scene::natural_cmp("web-2", "web-10"), Less);
    assert_eq!(scene::natural_cmp("web-10", "web-9"), Greater);
    assert_eq!(scene::natural_cmp("web-10", "web-10"), Equal);
    assert_eq!(scene::natural_cmp("www-web-1", "www-web-01"), Equal);
    assert_eq!(scene::natural_cmp("web", "web-0"), Less);
    assert_eq!(scene::natural_cmp("1a", "a"), Less);
    assert_eq!(scene::natural_cmp("a1b", "a1c"), Less);
    let mut names = vec!["web-10", "web-1", "api-3", "web-2", "web-0", "api-20"];
    names.sort_by(|a, b| scene::natural_cmp(a, b));
    assert_eq!(
        names,
        ["api-3", "api-20", "web-0", "web-1", "web-2", "web-10"]
    );
}

/// The comparison agrees with comparing each name's list of (text, number) segments.
#[test]
fn natural_order_matches_segment_lists_on_random_names() {
    fn segments(s: &str) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let (mut text, mut num) = (String::new(), None::<u64>);
        for c in s.chars() {
            if let Some(d) = c.to_digit(10) {
                num = Some(
                    num.unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(u64::from(d)),
                );
            } else {
                if let Some(n) = num.take() {
                    out.push((std::mem::take(&mut text), n));
                }
                text.push(c);
            }
        }
        out.push((text, num.unwrap_or(0)));
        out
    }
    let alphabet: Vec<char> = "ab-0129é".chars().collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        usize::try_from(state >> 33).unwrap_or(0) % n
    };
    for _ in 0..20_000 {
        let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
            (0..next(7))
                .map(|_| alphabet[next(alphabet.len())])
                .collect()
        };
        let (a, b) = (word(&mut next), word(&mut next));
        assert_eq!(
            scene::natural_cmp(&a, &b),
            segments(&a).cmp(&segments(&b)),
            "{a:?} vs {b:?}"
        );
    }
}

// ----- the panels' view models ---------------------------------------------------------------

use podplay::view_model::compare::{self as cmpv, Side};
use podplay::view_model::events::{event_rows, MAX_SHOWN, MAX_SHOWN_PLAYING};
use podplay::view_model::playback::{playback_view, PlaybackView};
use podplay::view_model::traffic::{self, Proxy, Traffic, MAX_BARS, MAX_REQUESTS_PER_FRAME};
use podplay::view_model::{clock_text, has_next_event};

/// The seed tutorial (headless Service + StatefulSet) applied on seed 1 and run until idle.
fn seed_tutorial() -> Simulation {
    let mut s = sim(1);
    apply(&mut s, &tutorial());
    settle(&mut s);
    s
}

#[test]
fn event_rows_of_the_seed_are_newest_first_with_names_and_changes() {
    // Pins the event list: newest first, `Kind/name`, change slugs and labels, the reason
    // rendered, the clock text of each time, and what a click selects.
    let s = seed_tutorial();
    let rows = event_rows(&s, Lang::En, false);
    assert_eq!(rows.len(), 26);
    assert!(rows.windows(2).all(|w| w[0].seq > w[1].seq));
    assert!(rows.windows(2).all(|w| w[0].time_ms >= w[1].time_ms));
    let newest = &rows[0];
    assert_eq!(
        (newest.object.as_str(), newest.change, newest.time_ms),
        ("Service/nginx", "endpoints", 16_644)
    );
    assert_eq!(newest.clock, "0:16");
    assert_eq!(newest.change_label, "endpoints");
    assert_eq!(
        newest.reason,
        "web-1 (10.244.0.4) is Ready: now an endpoint of nginx"
    );
    assert_eq!(
        newest.target,
        Some(Target::Object(ObjRef::new(Kind::Service, &key("nginx"))))
    );
    let oldest = rows.last().unwrap();
    assert_eq!(
        (oldest.object.as_str(), oldest.change),
        ("Namespace/default", "command")
    );
    assert_eq!(oldest.target, None);
    // Creations, oldest first (volumes have generated names, left out here).
    let created: Vec<&str> = rows
        .iter()
        .rev()
        .filter(|r| r.change == "created" && !r.object.starts_with("PersistentVolume/"))
        .map(|r| r.object.as_str())
        .collect();
    assert_eq!(
        created,
        vec![
            "Service/nginx",
            "StatefulSet/web",
            "PersistentVolumeClaim/www-web-0",
            "Pod/web-0",
            "PersistentVolumeClaim/www-web-1",
            "Pod/web-1",
        ]
    );
    let web0 = rows
        .iter()
        .find(|r| r.object == "Pod/web-0" && r.change == "created")
        .unwrap();
    assert_eq!(web0.reason, "web-0 created for ordinal 0");
    assert_eq!(
        web0.target,
        Some(Target::Object(ObjRef::new(Kind::Pod, &key("web-0"))))
    );
    assert_eq!(
        web0.target.as_ref().and_then(Target::pod_name),
        Some("web-0")
    );
    assert_eq!(newest.target.as_ref().and_then(Target::pod_name), None);
    let sts = rows.iter().find(|r| r.object == "StatefulSet/web").unwrap();
    assert_eq!(sts.target, None, "a StatefulSet is not explained");
    assert!(rows.iter().all(|r| r.clock == clock_text(r.time_ms)));
    assert!(rows.iter().all(|r| r.change != "traffic"));
    // Korean labels, same rows.
    let ko = event_rows(&s, Lang::Ko, false);
    assert_eq!(ko.len(), rows.len());
    assert_eq!(ko[0].change_label, "엔드포인트");
    assert_eq!(ko[0].seq, rows[0].seq);
}

#[test]
fn event_rows_are_limited_and_requests_left_out() {
    // Pins the limits: the newest MAX_SHOWN_PLAYING while time runs, MAX_SHOWN otherwise; and
    // requests never appear, however many were sent.
    let mut s = sim(2);
    apply(&mut s, &tutorial_with(&[("replicas: 2", "replicas: 8")]));
    settle(&mut s);
    let all = event_rows(&s, Lang::En, false);
    assert_eq!(all.len(), MAX_SHOWN);
    let playing = event_rows(&s, Lang::En, true);
    assert_eq!(playing.len(), MAX_SHOWN_PLAYING);
    assert_eq!(playing[..], all[..MAX_SHOWN_PLAYING]);
    let before = all[0].seq;
    s.exec(Command::Request {
        from: key("web-0"),
        target: "web-1.nginx".into(),
        port: None,
        path: "/".into(),
        count: 30,
    });
    assert!(s.trace().total() > before + 1, "the requests were traced");
    assert_eq!(event_rows(&s, Lang::En, false)[0].seq, before);
}

#[test]
fn traffic_reconcile_picks_the_cluster_ip_service_and_the_first_pod() {
    // Pins the default choices: the first ClusterIP Service, else the first target (the
    // headless Service); the first pod that can send; a choice that still stands is kept.
    let mut tr = Traffic::default();
    assert_eq!(tr.rate, traffic::DEFAULT_RATE);
    let empty = sim(1);
    assert!(!traffic::reconcile(&mut tr, &empty));
    assert_eq!((tr.target.as_str(), tr.client.as_str()), ("", ""));

    let s = seed_tutorial();
    assert_eq!(
        traffic::targets(&s),
        vec!["nginx", "web-0.nginx", "web-1.nginx"]
    );
    assert!(traffic::reconcile(&mut tr, &s));
    assert_eq!((tr.target.as_str(), tr.client.as_str()), ("nginx", "web-0"));
    assert!(!traffic::reconcile(&mut tr, &s), "nothing to change twice");

    let mut s = applied(7);
    settle(&mut s);
    assert_eq!(
        traffic::targets(&s),
        vec!["my-nginx-svc", "nginx", "web-0.nginx", "web-1.nginx"]
    );
    let clients = traffic::clients(&s);
    assert_eq!(clients.len(), 4);
    assert!(clients[0].starts_with("my-nginx-deployment-"));
    assert_eq!(clients[2..], ["web-0", "web-1"]);
    let mut tr = Traffic::default();
    tr.hits.insert("gone".into(), 3);
    assert!(traffic::reconcile(&mut tr, &s));
    assert_eq!(tr.target, "my-nginx-svc");
    assert_eq!(tr.client, clients[0]);
    assert!(tr.hits.is_empty(), "a new target starts a new tally");
    // The learner's own choices stand, a pod's DNS name included.
    tr.set_target("web-1.nginx");
    tr.client = "web-1".into();
    assert!(!traffic::reconcile(&mut tr, &s));
    assert_eq!(
        (tr.target.as_str(), tr.client.as_str()),
        ("web-1.nginx", "web-1")
    );
    // A client that goes away is replaced.
    s.exec(Command::Delete {
        kind: Kind::Pod,
        key: key("web-1"),
        propagation: podplay::engine::Propagation::Background,
        grace_s: None,
        force: false,
    });
    assert!(traffic::reconcile(&mut tr, &s));
    assert_eq!(tr.client, clients[0]);
}

#[test]
fn send_requests_tallies_hits_across_pods_with_their_packet_paths() {
    // Pins the traffic generator: 20 requests through the ClusterIP Service are answered by
    // the Deployment's two pods (12 and 8 on seed 7), each drawn client → VIP → pod; the view
    // holds the totals, the bars and the last note.
    let mut s = applied(7);
    settle(&mut s);
    let mut tr = Traffic::default();
    traffic::reconcile(&mut tr, &s);
    let scene = scene::build(&s);
    let packets = traffic::send_requests(&mut tr, &mut s, 20, &scene);
    assert_eq!(packets.len(), 20);
    let client = scene.pod(&tr.client).unwrap().rect.center();
    let vip = scene.service("my-nginx-svc").unwrap().rect.bottom();
    for (path, pod) in &packets {
        assert_eq!(
            path,
            &vec![client, vip, scene.pod(pod).unwrap().rect.center()]
        );
    }
    let pods = traffic::clients(&s)[..2].to_vec();
    assert_eq!(tr.hits.keys().cloned().collect::<Vec<_>>(), pods);
    assert_eq!(tr.hits.values().copied().collect::<Vec<_>>(), vec![12, 8]);
    assert_eq!(tr.failures, 0);
    assert_eq!(tr.last.as_ref().unwrap().id, "engine.net.iptables");

    let v = traffic::traffic_view(Some(&s), &tr, Lang::En);
    assert_eq!((v.total, v.failures), (20, 0));
    assert_eq!(v.target, "my-nginx-svc");
    assert_eq!(v.proxy, Proxy::Iptables);
    assert_eq!(v.affinity.as_deref(), Some("None"));
    assert_eq!(
        v.bars
            .iter()
            .map(|b| (b.pod.as_str(), b.hits, b.percent))
            .collect::<Vec<_>>(),
        vec![(pods[0].as_str(), 12, 100), (pods[1].as_str(), 8, 67)]
    );
    assert_eq!(v.more_bars, 0);
    assert_eq!(
        v.last.as_deref(),
        Some(
            format!(
                "my-nginx-svc: iptables rule 1 of 2 matched (probability 0.5000000000) → {}",
                pods[0]
            )
            .as_str()
        )
    );
    assert!(!v.is_empty());

    // A pod's own name goes to that pod only, straight there; a headless Service has no
    // sessionAffinity to offer.
    tr.set_target("web-0.nginx");
    assert!(tr.hits.is_empty() && tr.failures == 0);
    let packets = traffic::send_requests(&mut tr, &mut s, 3, &scene);
    assert_eq!(packets.len(), 3);
    assert!(packets
        .iter()
        .all(|(p, pod)| pod == "web-0" && p.len() == 2));
    assert_eq!(tr.hits.get("web-0"), Some(&3));
    let v = traffic::traffic_view(Some(&s), &tr, Lang::En);
    assert_eq!(v.affinity, None);
    assert_eq!(
        v.last.as_deref(),
        Some("web-0.nginx resolved to 10.244.0.5")
    );

    // IPVS round-robin splits evenly; switching starts a new tally.
    traffic::set_proxy_mode(&mut tr, &mut s, Proxy::Ipvs);
    tr.set_target("my-nginx-svc");
    assert!(tr.hits.is_empty());
    traffic::send_requests(&mut tr, &mut s, 20, &scene);
    assert_eq!(tr.hits.values().copied().collect::<Vec<_>>(), vec![10, 10]);
    assert_eq!(
        traffic::traffic_view(Some(&s), &tr, Lang::En).proxy,
        Proxy::Ipvs
    );
}

#[test]
fn traffic_to_a_bad_target_counts_failures_and_the_histogram_is_capped() {
    // Pins failures (a name that does not resolve: no hits, no packets, the reason shown)
    // and the histogram's cap of MAX_BARS with the rest counted.
    let mut s = seed_tutorial();
    let mut tr = Traffic::default();
    traffic::reconcile(&mut tr, &s);
    tr.set_target("nope");
    let scene = scene::build(&s);
    let packets = traffic::send_requests(&mut tr, &mut s, 3, &scene);
    assert!(packets.is_empty());
    assert!(tr.hits.is_empty());
    assert_eq!(tr.failures, 3);
    let v = traffic::traffic_view(Some(&s), &tr, Lang::En);
    assert_eq!((v.total, v.failures), (0, 3));
    assert_eq!(v.last.as_deref(), Some("nope does not resolve"));
    assert!(v.bars.is_empty());
    // No client: nothing is sent.
    tr.client.clear();
    assert!(traffic::send_requests(&mut tr, &mut s, 3, &scene).is_empty());
    assert_eq!(tr.failures, 3);

    let mut tr = Traffic::default();
    for i in 0..45u64 {
        tr.hits.insert(format!("pod-{i:02}"), i + 1);
    }
    let v = traffic::traffic_view(None, &tr, Lang::En);
    assert!(v.is_empty(), "no cluster: nothing to offer");
    assert_eq!(v.bars.len(), MAX_BARS);
    assert_eq!(v.more_bars, 5);
    assert_eq!(v.total, (1..=45).sum::<u64>());
    assert_eq!(
        (v.bars[0].pod.as_str(), v.bars[0].hits, v.bars[0].percent),
        ("pod-00", 1, 2)
    );
    assert_eq!((v.bars[8].hits, v.bars[8].percent), (9, 20));
    assert_eq!(v.bars[39].pod, "pod-39");
}

#[test]
fn requests_fall_due_at_the_rate_with_the_fraction_carried() {
    // Pins the per-frame rate: 5/s owes half a request per 100 ms, and a long frame sends at
    // most MAX_REQUESTS_PER_FRAME; the slider's text is clamped.
    let mut tr = Traffic::default();
    assert_eq!(traffic::due_requests(&mut tr, 100), 0);
    assert_eq!(traffic::due_requests(&mut tr, 100), 1);
    assert_eq!(traffic::due_requests(&mut tr, 1_000), 5);
    assert_eq!(
        traffic::due_requests(&mut tr, 60_000),
        MAX_REQUESTS_PER_FRAME
    );
    // At most one request is owed afterwards.
    assert_eq!(traffic::due_requests(&mut tr, 0), 1);
    assert_eq!(traffic::due_requests(&mut tr, 0), 0);
    tr.set_rate_text("50");
    assert_eq!(tr.rate, traffic::MAX_RATE);
    tr.set_rate_text("0");
    assert_eq!(tr.rate, traffic::MIN_RATE);
    tr.set_rate_text("lots");
    assert_eq!(tr.rate, traffic::DEFAULT_RATE);
    assert_eq!(Proxy::from_value("ipvs"), Proxy::Ipvs);
    assert_eq!(Proxy::from_value("x"), Proxy::Iptables);
    assert_eq!(Proxy::Ipvs.value(), "ipvs");
}

#[test]
fn clock_text_and_the_playback_bar() {
    // Pins `m:ss`, the timeline's end rounded up to a whole second, and the thumb at the
    // moment shown when it is in the past.
    assert_eq!(clock_text(0), "0:00");
    assert_eq!(clock_text(999), "0:00");
    assert_eq!(clock_text(61_500), "1:01");
    assert_eq!(clock_text(3_600_000), "60:00");
    assert_eq!(
        playback_view(12_300, None, true, false),
        PlaybackView {
            booted: true,
            has_next: false,
            viewing_past: false,
            end_ms: 13_000,
            start_ms: 0,
            at_ms: 13_000,
            shown_clock: "0:12".into(),
            now_clock: "0:12".into(),
        }
    );
    let past = playback_view(72_000, Some(5_000), true, true);
    assert!(past.viewing_past);
    assert_eq!((past.end_ms, past.at_ms), (72_000, 5_000));
    assert_eq!(
        (past.shown_clock.as_str(), past.now_clock.as_str()),
        ("0:05", "1:12")
    );
    let mut s = sim(1);
    apply(&mut s, &tutorial());
    assert!(has_next_event(&s));
    settle(&mut s);
    assert!(!has_next_event(&s));
}

#[test]
fn gutter_lines_mark_the_fields_written_in_the_editor() {
    // Pins the why panel's gutter: the claim's name comes from the StatefulSet's
    // volumeClaimTemplates name (line 27 of the StatefulSet, after the Service and `---`),
    // and fields of objects not in the editor are left out.
    let s = seed_tutorial();
    let text = tutorial();
    let analysis = podplay::manifest::analyze(&text);
    let ex = why::explain(
        &s,
        &Target::Object(ObjRef::new(Kind::PersistentVolumeClaim, &key("www-web-0"))),
    )
    .unwrap();
    let lines = why::gutter_lines(&ex, &analysis);
    assert_eq!(lines.len(), ex.fields.len());
    let i = ex
        .fields
        .iter()
        .position(|f| f.path == "spec.volumeClaimTemplates[0].metadata.name")
        .unwrap();
    let offset = u32::try_from(podplay::examples::HEADLESS_SERVICE.lines().count() + 1).unwrap();
    assert_eq!(lines[i], (i, offset + 27, true));
    let service_only = podplay::manifest::analyze(podplay::examples::HEADLESS_SERVICE);
    assert!(why::gutter_lines(&ex, &service_only).is_empty());
    let svc = why::explain(
        &s,
        &Target::Object(ObjRef::new(Kind::Service, &key("nginx"))),
    )
    .unwrap();
    let lines = why::gutter_lines(&svc, &service_only);
    let j = svc
        .fields
        .iter()
        .position(|f| f.path == "spec.clusterIP")
        .unwrap();
    let line = podplay::examples::HEADLESS_SERVICE
        .lines()
        .position(|l| l.trim_start().starts_with("clusterIP:"))
        .unwrap();
    assert!(lines.contains(&(j, u32::try_from(line + 1).unwrap(), true)));
}

#[test]
fn compare_view_draws_both_sides_and_renders_the_differences() {
    // Pins the side-by-side view: each side's scene laid out for its half, the bar's pod
    // count, the differences of the present rendered in the page's language; and the step
    // and notes the bar uses.
    let mut cmp = Comparison::new(1);
    assert!(cmp.has_next_event());
    let before = cmp.left.sim().n_events() + cmp.right.sim().n_events();
    assert!(cmp.step());
    assert!(cmp.left.sim().n_events() + cmp.right.sim().n_events() > before);
    assert_eq!(cmp.left.now(), cmp.right.now());
    cmp.advance_to(podplay::engine::Time::from_secs(120));
    let v = cmpv::compare_view(&cmp, (cmp.left.sim(), cmp.right.sim()), 1_000.0, Lang::En);
    assert_eq!(v.side_width, 494.0);
    assert!(v.side_by_side);
    assert_eq!(v.replacements, [None, None]);
    assert_eq!(v.left, scene::build_for(cmp.left.sim(), 494.0));
    assert_eq!(v.right, scene::build_for(cmp.right.sim(), 494.0));
    assert_eq!(v.n_pods, 2);
    let diffs = cmp.differences();
    assert_eq!(
        v.differences.iter().map(|d| d.topic_id).collect::<Vec<_>>(),
        diffs.iter().map(|d| d.topic.id).collect::<Vec<_>>()
    );
    assert_eq!(v.differences[0].left, "web-0, web-1");
    assert_eq!(v.differences[0].topic, diffs[0].topic.render(Lang::En));
    let ko = cmpv::compare_view(&cmp, (cmp.left.sim(), cmp.right.sim()), 1_000.0, Lang::Ko);
    assert_eq!(ko.differences[0].topic, diffs[0].topic.render(Lang::Ko));
    // Narrow: the sides stack, each nearly the full width, never under the scene's minimum.
    assert_eq!(cmpv::side_width(600.0), 598.0);
    assert!(!cmpv::side_by_side(600.0));
    assert!(cmpv::side_by_side(650.0));
    assert!(!cmpv::side_by_side(649.0));
    assert_eq!(cmpv::side_width(100.0), scene::MIN_WIDTH);
    let notes = cmp.act(&CompareAction::DeletePod(9));
    assert_eq!(
        cmpv::render_notes(&notes, Lang::En)
            .iter()
            .map(|n| n.split(':').next().unwrap_or_default())
            .collect::<Vec<_>>(),
        vec!["StatefulSet", "Deployment"]
    );
    assert_eq!(notes[0].0, Side::Left);
}

#[test]
fn dns_table_lists_the_learners_records_first_and_the_system_ones_on_request() {
    // Pins the DNS panel's order for the seed: the pods' own names, then the Services' names
    // (headless first), and not one system record (kube-dns, kubernetes.default, their reverse
    // records) until the toggle lists them, after all of the learner's.
    let mut sim = applied(5);
    settle(&mut sim);
    let ip = |name: &str| pod(&sim, name).unwrap().status.ip.unwrap().to_string();
    let vip = sim
        .cluster()
        .services
        .values()
        .find(|s| s.meta.name == "my-nginx-svc")
        .and_then(|s| s.cluster_ip())
        .unwrap()
        .to_string();
    let zone = "default.svc.cluster.local";
    let t = dns_table(&sim, "", false);
    let first: Vec<(String, &str, String)> = t
        .rows
        .iter()
        .take(5)
        .map(|r| (r.name.clone(), r.type_name(), r.data.clone()))
        .collect();
    assert_eq!(
        first,
        vec![
            (format!("web-0.nginx.{zone}"), "A", ip("web-0")),
            (format!("web-1.nginx.{zone}"), "A", ip("web-1")),
            (format!("nginx.{zone}"), "A", ip("web-0")),
            (format!("nginx.{zone}"), "A", ip("web-1")),
            (format!("my-nginx-svc.{zone}"), "A", vip.clone()),
        ]
    );
    // SRV, the per-endpoint names of the ClusterIP Service, then the reverse records.
    let types: Vec<&str> = t.rows.iter().map(|r| r.type_name()).collect();
    assert_eq!(
        types,
        vec!["A", "A", "A", "A", "A", "SRV", "SRV", "A", "A", "PTR", "PTR", "PTR", "PTR", "PTR"]
    );
    assert!(t.rows.iter().all(|r| !r.system
        && !r.name.contains("kube-dns")
        && !r.name.starts_with("kubernetes.")
        && r.name != "1.0.96.10.in-addr.arpa"));
    assert_eq!(t.n_system, 12);
    assert!(!t.show_system);

    let all = dns_table(&sim, "", true);
    assert!(all.show_system);
    assert_eq!(all.rows.len(), 14 + 12);
    assert_eq!(all.rows[..14], t.rows[..]);
    assert!(all.rows[14..].iter().all(|r| r.system));
    assert_eq!(
        (all.rows[14].name.as_str(), all.rows[14].data.as_str()),
        ("kube-dns.kube-system.svc.cluster.local", "10.96.0.10")
    );
    assert!(all.rows[14..]
        .iter()
        .any(|r| r.name == "1.0.96.10.in-addr.arpa" && r.type_name() == "PTR"));
    // A query answered by a system record still answers; its row shows once listed.
    let hidden = dns_table(&sim, "kubernetes.default", false);
    assert_eq!(hidden.answer, vec!["10.96.0.1".to_string()]);
    assert!(hidden.rows.iter().all(|r| !r.hit));
    let shown = dns_table(&sim, "kubernetes.default", true);
    let hits: Vec<&str> = shown
        .rows
        .iter()
        .filter(|r| r.hit)
        .map(|r| r.data.as_str())
        .collect();
    assert_eq!(hits, vec!["10.96.0.1"]);
}
