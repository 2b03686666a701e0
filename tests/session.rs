//! The playground's state machine, driven by intents as the page drives it: Apply and play,
//! step, seek, Play from the past, branching and Undo, the comparison, the language, saving and
//! restoring, and the traffic generator.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::engine::cluster::Pod;
use podplay::engine::network::dns::{self, Record};
use podplay::engine::{Key, Simulation, Time};
use podplay::examples;
use podplay::i18n::Lang;
use podplay::session::journal::{Action, Entry};
use podplay::session::view::ConsoleLine;
use podplay::session::{Changed, Intent, Mode, Session, Tab, Theme, DEFAULT_SEED};
use podplay::view_model::compare::{CompareAction, Comparison};

mod common;
use common::page::Page;

const INDEX: &str = "/usr/share/nginx/html/index.html";
const WRITE_HOSTNAME: &str =
    "kubectl exec web-0 -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'";
const CAT_INDEX: &str = "kubectl exec web-0 -- cat /usr/share/nginx/html/index.html";
const APPLY_LINE: &str = "kubectl apply -f editor.yaml";
const FIXTURE: &str = "fixtures/sessions/v1-seed.json";

// ----- driving the page ---------------------------------------------------------------------

/// The seed applied and played until the four app pods are Ready.
fn ready() -> Page {
    let mut p = Page::new();
    p.send(Intent::Apply);
    assert!(p.run_until(120, all_ready), "pods: {:?}", pods(p.s.live()));
    p
}

/// The tutorial: apply, write web-0's hostname into its index.html, delete web-0 and wait
/// until the StatefulSet brought it back.
fn tutorial() -> Page {
    let mut p = ready();
    p.run_secs(2);
    p.run(WRITE_HOSTNAME);
    p.run_secs(2);
    p.run("kubectl delete pod web-0");
    assert!(p.run_until(120, |s| all_ready(s) && !console_busy(s)));
    p.run_secs(1);
    p
}

fn app_pods(sim: &Simulation) -> Vec<&Pod> {
    sim.cluster()
        .pods
        .values()
        .filter(|p| p.meta.namespace == "default")
        .collect()
}

fn all_ready(s: &Session) -> bool {
    s.live().is_some_and(|sim| {
        let pods = app_pods(sim);
        pods.len() == 4
            && pods
                .iter()
                .all(|p| p.is_ready() && p.meta.deleting.is_none())
    })
}

fn console_busy(s: &Session) -> bool {
    s.console_view().busy
}

fn pod<'a>(sim: &'a Simulation, name: &str) -> Option<&'a Pod> {
    sim.cluster().pods.get(&Key::new("default", name))
}

fn deployment_pods(sim: &Simulation) -> Vec<String> {
    app_pods(sim)
        .into_iter()
        .filter(|p| p.meta.name.starts_with("my-nginx-deployment-"))
        .map(|p| p.meta.name.clone())
        .collect()
}

fn index_of(sim: &Simulation, pod: &str) -> Option<String> {
    sim.read_file(&Key::new("default", pod), INDEX).ok()
}

/// Everything of a cluster the panels draw from, to compare two clusters by.
#[derive(Debug, PartialEq)]
struct State {
    now: u64,
    /// Name, phase, ready, IP, uid.
    pods: Vec<(String, &'static str, bool, Option<String>, String)>,
    pvcs: Vec<(String, &'static str)>,
    services: Vec<String>,
    dns: Vec<Record>,
    n_commands: usize,
}

fn state(sim: &Simulation) -> State {
    let c = sim.cluster();
    State {
        now: sim.now().ms(),
        pods: c
            .pods
            .values()
            .map(|p| {
                (
                    p.meta.name.clone(),
                    p.phase().name(),
                    p.is_ready(),
                    p.status.ip.map(|ip| ip.to_string()),
                    p.meta.uid.clone(),
                )
            })
            .collect(),
        pvcs: c
            .pvcs
            .values()
            .map(|v| (v.meta.name.clone(), v.phase.name()))
            .collect(),
        services: c.services.keys().map(|k| k.name.clone()).collect(),
        dns: dns::records(c),
        n_commands: sim.commands().len(),
    }
}

fn pods(sim: Option<&Simulation>) -> Vec<(String, bool)> {
    sim.map(|sim| {
        app_pods(sim)
            .into_iter()
            .map(|p| (p.meta.name.clone(), p.is_ready()))
            .collect()
    })
    .unwrap_or_default()
}

fn live_state(s: &Session) -> State {
    state(s.live().expect("booted"))
}

fn shown_state(s: &Session) -> State {
    state(s.shown().expect("booted"))
}

fn lines(s: &Session) -> Vec<ConsoleLine> {
    s.console_view().lines
}

fn texts(s: &Session) -> Vec<String> {
    lines(s).into_iter().map(|l| l.text).collect()
}

/// The scrollback lines that say `needle`.
fn count_lines_with(s: &Session, needle: &str) -> usize {
    lines(s).iter().filter(|l| l.text.contains(needle)).count()
}

/// The line echoing `cmd` (the last one).
fn echo_of(s: &Session, cmd: &str) -> ConsoleLine {
    lines(s)
        .into_iter()
        .rev()
        .find(|l| l.class == "echo" && l.text == cmd)
        .unwrap_or_else(|| panic!("no echo of {cmd}"))
}

/// The output lines after the last echo of `cmd`, up to the next echo.
fn output_of(s: &Session, cmd: &str) -> Vec<String> {
    let all = lines(s);
    let start = all
        .iter()
        .rposition(|l| l.class == "echo" && l.text == cmd)
        .unwrap_or_else(|| panic!("no echo of {cmd}"));
    all[start + 1..]
        .iter()
        .take_while(|l| l.class != "echo")
        .map(|l| l.text.clone())
        .collect()
}

fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The virtual time (ms) a recorded line was submitted at.
fn journal_t(s: &Session, action: &Action) -> u64 {
    s.journal()
        .iter()
        .find(|e| &e.action == action)
        .map(|e| e.t)
        .unwrap_or_else(|| panic!("{action:?} not recorded"))
}

fn roundtrip(s: &Session) -> Session {
    let json = s.save_json();
    Session::restore_json(&json, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)))
}

/// `restore(save(s))` shows the same thing as `s`.
fn assert_same_session(a: &Session, b: &Session) {
    assert_eq!(a.journal(), b.journal());
    assert_eq!(a.now(), b.now());
    assert_eq!(a.viewed(), b.viewed());
    assert_eq!(a.mode(), b.mode());
    assert_eq!(a.lang(), b.lang());
    // The text a paste leaves for the input line is a one-shot request to the page, not
    // something a record keeps.
    let (mut ca, mut cb) = (a.console_view(), b.console_view());
    ca.restore_input = None;
    cb.restore_input = None;
    // Requests are numbered so the page carries each out once; their order is what counts.
    assert_eq!(
        ca.focus.take().map(|f| f.value),
        cb.focus.take().map(|f| f.value)
    );
    for (x, y) in ca.lines.iter().zip(&cb.lines) {
        assert_eq!(x, y, "the first console line that differs");
    }
    assert_eq!(ca, cb);
    assert_eq!(a.console_text(), b.console_text());
    assert_eq!(a.playback_view(), b.playback_view());
    assert_eq!(a.live().map(state), b.live().map(state));
    assert_eq!(a.shown().map(state), b.shown().map(state));
    assert_eq!(a.put_aside(), b.put_aside());
    assert_eq!(a.compare_now(), b.compare_now());
    assert_eq!(
        a.compare_shown().map(|(l, r)| (state(l), state(r))),
        b.compare_shown().map(|(l, r)| (state(l), state(r)))
    );
    assert_eq!(a.save(), b.save());
}

// ----- Apply and play ---------------------------------------------------------------------------

#[test]
fn apply_then_play_brings_every_pod_to_ready() {
    let p = ready();
    let live = p.s.live().expect("booted");
    let mut names: Vec<String> = app_pods(live).iter().map(|p| p.meta.name.clone()).collect();
    names.sort();
    assert_eq!(names.len(), 4);
    assert_eq!(&names[2..], ["web-0", "web-1"]);
    assert_eq!(deployment_pods(live).len(), 2);
    let pvcs: Vec<_> = state(live).pvcs;
    assert_eq!(
        pvcs,
        [
            ("www-web-0".to_string(), "Bound"),
            ("www-web-1".to_string(), "Bound")
        ]
    );
}

#[test]
fn statefulset_pods_come_up_in_order() {
    let p = ready();
    let live = p.s.live().expect("booted");
    let web0 = pod(live, "web-0").expect("web-0");
    let web1 = pod(live, "web-1").expect("web-1");
    let ready0 = web0.status.ready_since.expect("web-0 ready");
    assert!(
        web1.meta.created >= ready0,
        "web-1 created at {:?} before web-0 was ready at {ready0:?}",
        web1.meta.created
    );
}

#[test]
fn deployment_pods_belong_to_a_replicaset_of_the_deployment() {
    let p = ready();
    let live = p.s.live().expect("booted");
    let rs: Vec<&String> = live
        .cluster()
        .replica_sets
        .keys()
        .filter(|k| k.namespace == "default")
        .map(|k| &k.name)
        .collect();
    assert_eq!(rs.len(), 1);
    assert!(rs[0].starts_with("my-nginx-deployment-"));
    for name in deployment_pods(live) {
        let owner = pod(live, &name)
            .and_then(|p| p.meta.controller())
            .expect("owner");
        assert_eq!(&owner.name, rs[0]);
        assert!(name.starts_with(&format!("{}-", rs[0])));
    }
}

#[test]
fn apply_echoes_the_line_and_kubectls_answer() {
    let p = ready();
    let echo = echo_of(&p.s, APPLY_LINE);
    assert_eq!(echo.prompt, "$ ");
    assert!(!echo.discarded);
    assert_eq!(
        output_of(&p.s, APPLY_LINE),
        [
            "service/nginx created",
            "statefulset.apps/web created",
            "service/my-nginx-svc created",
            "deployment.apps/my-nginx-deployment created",
        ]
    );
    assert!(p
        .s
        .console_text()
        .contains("$ kubectl apply -f editor.yaml\nservice/nginx created\n"));
    // Apply on a fresh page started minikube first.
    let journal: Vec<&Action> = p.s.journal().iter().map(|e| &e.action).collect();
    assert_eq!(
        journal,
        [
            &Action::Editor(examples::all_together()),
            &Action::Run("minikube start".into()),
            &Action::Apply(examples::all_together())
        ]
    );
}

#[test]
fn a_second_apply_of_the_same_text_changes_nothing() {
    let mut p = ready();
    let before = live_state(&p.s);
    p.send(Intent::Apply);
    assert_eq!(
        output_of(&p.s, APPLY_LINE),
        [
            "service/nginx unchanged",
            "statefulset.apps/web unchanged",
            "service/my-nginx-svc unchanged",
            "deployment.apps/my-nginx-deployment unchanged",
        ]
    );
    assert_eq!(live_state(&p.s).pods, before.pods);
}

#[test]
fn apply_uses_the_current_text_even_before_revalidation() {
    let mut p = Page::new();
    let text = examples::text_of("deployment")
        .expect("deployment example")
        .replace("replicas: 2", "replicas: 3");
    assert_eq!(p.send(Intent::Edit(text.clone())), Changed::EDITOR);
    assert!(p.s.editor().is_stale());
    p.send(Intent::Apply);
    assert!(!p.s.editor().is_stale(), "Apply analysed the text it sent");
    assert!(p.run_until(60, |s| s.live().is_some_and(|l| {
        let d = deployment_pods(l);
        d.len() == 3 && d.iter().all(|n| pod(l, n).is_some_and(Pod::is_ready))
    })));
    let live = p.s.live().expect("booted");
    assert!(
        pod(live, "web-0").is_none(),
        "the StatefulSet was not in the text"
    );
    assert_eq!(
        p.s.journal().last().map(|e| &e.action),
        Some(&Action::Apply(text))
    );
    assert_eq!(
        output_of(&p.s, APPLY_LINE),
        [
            "service/my-nginx-svc created",
            "deployment.apps/my-nginx-deployment created"
        ]
    );
}

#[test]
fn apply_reuses_the_editors_analysis() {
    let mut p = Page::new();
    let text = format!("{}\n", examples::all_together());
    p.send(Intent::Edit(text));
    let rev = p.s.editor().rev;
    p.send(Intent::Revalidate(rev));
    let analysed = std::rc::Rc::clone(&p.s.editor().analysis);
    p.send(Intent::Apply);
    assert!(
        std::rc::Rc::ptr_eq(&analysed, &p.s.editor().analysis),
        "Apply parsed the text again"
    );
    assert_eq!(p.s.editor().analyzed_rev, rev);
    assert_eq!(output_of(&p.s, APPLY_LINE).len(), 4);
}

#[test]
fn a_picked_example_is_what_apply_sends() {
    let mut p = Page::new();
    p.send(Intent::PickExample("headless".into()));
    assert_eq!(p.s.editor().choice.id(), "headless");
    assert!(!p.s.editor().is_stale());
    p.send(Intent::Apply);
    assert_eq!(output_of(&p.s, APPLY_LINE), ["service/nginx created"]);
    p.send(Intent::PickExample("no-such-example".into()));
    assert_eq!(p.s.editor().choice.id(), "headless");
}

// ----- the clock ----------------------------------------------------------------------------

#[test]
fn advance_turns_wall_time_into_virtual_time_at_the_speed() {
    let mut p = ready();
    let t0 = p.s.now().ms();
    p.frame(250.0);
    assert_eq!(p.s.now().ms(), t0 + 250);
    p.send(Intent::SetSpeed(2.0));
    p.frame(250.0);
    assert_eq!(p.s.now().ms(), t0 + 750);
    // A tab in the background for a minute: at most one second of wall time per frame.
    p.send(Intent::SetSpeed(1.0));
    p.frame(60_000.0);
    assert_eq!(p.s.now().ms(), t0 + 1_750);
}

#[test]
fn a_command_loses_no_virtual_time() {
    let mut p = ready();
    for line in [
        "kubectl get pods",
        "kubectl delete pod web-1",
        "kubectl get pvc",
    ] {
        p.run(line);
        for _ in 0..60 {
            let before = p.s.now().ms();
            p.frame(100.0);
            assert_eq!(p.s.now().ms(), before + 100, "after {line}");
        }
    }
}

#[test]
fn base_speed_multiplies_the_chosen_speed() {
    let mut p = Page::with(&examples::all_together(), 4.0);
    p.send(Intent::Apply);
    let t0 = p.s.now().ms();
    p.frame(100.0);
    assert_eq!(p.s.now().ms(), t0 + 400);
    p.send(Intent::SetSpeed(0.5));
    p.frame(100.0);
    assert_eq!(p.s.now().ms(), t0 + 600);
}

#[test]
fn speeds_are_clamped_and_nudged_through_the_menu() {
    let mut p = Page::new();
    p.send(Intent::SetSpeed(100.0));
    assert!((p.s.speed() - 10.0).abs() < 1e-9);
    p.send(Intent::NudgeSpeed(true));
    assert!((p.s.speed() - 10.0).abs() < 1e-9);
    p.send(Intent::NudgeSpeed(false));
    assert!((p.s.speed() - 4.0).abs() < 1e-9);
    p.send(Intent::SetSpeed(0.25));
    p.send(Intent::NudgeSpeed(false));
    assert!((p.s.speed() - 0.25).abs() < 1e-9);
    p.send(Intent::NudgeSpeed(true));
    assert!((p.s.speed() - 0.5).abs() < 1e-9);
}

#[test]
fn pause_stops_the_clock_and_play_resumes_it() {
    let mut p = ready();
    p.send(Intent::Pause);
    assert!(!p.s.is_playing());
    let t0 = p.s.now();
    p.run_secs(3);
    assert_eq!(p.s.now(), t0);
    assert!(!p.s.playback_view().playing);
    p.send(Intent::TogglePlay);
    assert!(p.s.is_playing());
    p.frame(500.0);
    assert_eq!(p.s.now().ms(), t0.ms() + 500);
    p.send(Intent::TogglePlay);
    assert!(!p.s.is_playing());
}

#[test]
fn nothing_runs_before_minikube_starts() {
    let mut p = Page::new();
    p.run_secs(2);
    assert!(p.s.live().is_none());
    assert_eq!(p.s.now(), Time::ZERO);
    assert!(!p.s.playback_view().timeline.booted);
    assert!(p.s.journal().is_empty());
    // Seeking or stepping without a cluster does nothing.
    p.send(Intent::Seek(1_000));
    p.send(Intent::Step);
    assert_eq!(p.s.viewed(), None);
    assert!(p.s.live().is_none());
}

#[test]
fn intents_say_what_to_redraw() {
    let mut p = Page::new();
    let text = examples::all_together();
    assert_eq!(
        p.send(Intent::Edit(text.clone())),
        Changed::NONE,
        "the same text"
    );
    assert_eq!(p.send(Intent::Edit(format!("{text}\n"))), Changed::EDITOR);
    assert_eq!(p.send(Intent::Highlight(vec![2, 1])), Changed::EDITOR);
    assert_eq!(p.send(Intent::Highlight(vec![1, 2])), Changed::NONE);
    assert_eq!(p.send(Intent::Apply), Changed::ALL);
    p.send(Intent::Pause);
    p.frame(100.0);
    // Paused with nothing new: nothing to redraw.
    assert!(!p.frame(100.0).any());
}

#[test]
fn a_settled_cluster_has_nothing_to_step_to() {
    let mut p = ready();
    assert!(p.run_until(120, |s| s
        .live()
        .is_some_and(|l| l.next_event_time().is_none())));
    assert!(!p.s.playback_view().timeline.has_next);
    let now = p.s.now();
    p.send(Intent::Step);
    assert_eq!(p.s.now(), now);
    assert!(!p.s.is_playing());
}

#[test]
fn a_restored_session_runs_at_its_pages_base_speed() {
    let p = ready();
    let mut r = Page {
        s: Session::restore_json(&p.s.save_json(), 4.0)
            .unwrap_or_else(|m| panic!("{}", m.render(Lang::En))),
        wall: 0.0,
    };
    r.s.dispatch(Intent::Advance(0.0));
    let now = r.s.now().ms();
    r.frame(100.0);
    assert_eq!(r.s.now().ms(), now + 400);
}

// ----- Step -------------------------------------------------------------------------------------

#[test]
fn step_at_the_present_runs_to_the_next_event_that_shows() {
    let mut p = Page::new();
    p.send(Intent::Apply);
    p.frame(100.0);
    for _ in 0..5 {
        let live = p.s.live().expect("booted");
        let next = live.next_event_time().expect("something to do");
        let events = live.n_events();
        p.send(Intent::Step);
        // On to the next event, and on over events that change nothing visible.
        let live = p.s.live().expect("booted");
        let merged = p.s.step_change().map_or(0, |c| c.merged);
        assert!(live.now() >= next);
        assert!(live.n_events() >= events + merged as u64 && merged >= 1);
        assert!(live.next_event_time().is_none_or(|t| t > live.now()));
        assert!(!p.s.is_playing());
        assert_eq!(p.s.viewed(), None);
    }
}

#[test]
fn step_in_the_past_replays_the_next_event_or_command() {
    let mut p = tutorial();
    let live = p.s.live().expect("booted");
    let delete_at = journal_t(&p.s, &Action::Run("kubectl delete pod web-0".into()));
    // Just before the delete: the next thing to happen is the recorded command.
    let t = delete_at - 1;
    let reference = live.replay_to(Time(t));
    let next = reference
        .next_event_time()
        .map_or(delete_at, |e| e.ms().min(delete_at));
    p.send(Intent::Seek(t));
    assert_eq!(p.s.viewed(), Some(Time(t)));
    p.send(Intent::Step);
    // The next moment, or a later one when the ones before it change nothing visible.
    let reached = p.s.viewed().expect("still in the past");
    assert!(reached >= Time(next));
    let live = p.s.live().expect("booted");
    assert_eq!(shown_state(&p.s), state(&live.replay_to(reached)));
    // Stepping on replays each next moment until the present.
    let present = p.s.now();
    for _ in 0..2000 {
        let Some(t) = p.s.viewed() else { break };
        p.send(Intent::Step);
        if let Some(after) = p.s.viewed() {
            assert!(after > t);
        }
    }
    assert_eq!(p.s.viewed(), None);
    assert_eq!(p.s.now(), present);
    assert_eq!(p.s.journal().len(), 5);
    assert!(p.s.put_aside().is_none());
}

// ----- seeking ----------------------------------------------------------------------------------

#[test]
fn seeking_back_and_forth_shows_the_cluster_as_a_straight_run_had_it() {
    let mut p = ready();
    p.run_secs(5);
    let apply_at = journal_t(&p.s, &Action::Apply(examples::all_together()));
    let moments: Vec<u64> = [500, 1_500, 4_000, 9_000, 17_000, 26_000, 40_000]
        .iter()
        .map(|d| apply_at + d)
        .filter(|t| *t < p.s.now().ms())
        .collect();
    // A straight run of the same actions, stopped at each moment.
    let mut straight = Page::new();
    straight.send(Intent::Apply);
    let mut expected = Vec::new();
    for t in &moments {
        straight.run_to(*t);
        expected.push(live_state(&straight.s));
    }
    // Seek in a jumbled order.
    for i in [3, 0, 6, 1, 5, 2, 4, 6, 0] {
        let Some(t) = moments.get(i) else { continue };
        p.send(Intent::Seek(*t));
        assert_eq!(p.s.viewed(), Some(Time(*t)));
        assert_eq!(shown_state(&p.s), expected[i], "at {t}");
    }
}

#[test]
fn seeking_to_the_present_or_later_shows_live() {
    let mut p = ready();
    let now = p.s.now();
    p.send(Intent::Seek(5_000));
    assert!(p.s.viewed().is_some());
    p.send(Intent::Seek(now.ms()));
    assert_eq!(p.s.viewed(), None);
    p.send(Intent::Seek(5_000));
    p.send(Intent::Seek(now.ms() + 600_000));
    assert_eq!(p.s.viewed(), None);
    assert_eq!(p.s.now(), now, "seeking never runs time");
    assert_eq!(shown_state(&p.s), live_state(&p.s));
    p.send(Intent::Seek(5_000));
    p.send(Intent::ToLive);
    assert_eq!(p.s.viewed(), None);
    assert!(!p.s.playback_view().timeline.viewing_past);
}

#[test]
fn nothing_is_shown_from_before_the_cluster_booted() {
    let mut p = ready();
    let booted = p.s.live().map(Simulation::booted_at).expect("booted");
    assert!(booted.ms() > 0);
    p.send(Intent::Seek(0));
    assert_eq!(p.s.viewed(), Some(booted));
    assert_eq!(p.s.shown().map(Simulation::now), Some(booted));
    assert_eq!(p.s.playback_view().timeline.shown_clock, clock(booted.ms()));
    // An action there starts the new future at the boot.
    p.run("kubectl get pods");
    assert_eq!(p.s.now(), booted);
    assert_eq!(p.s.put_aside().map(|(t, _)| t), Some(booted));
    // The comparison's clusters boot the same way.
    p.send(Intent::SetMode(Mode::Compare));
    p.run_secs(5);
    p.send(Intent::Seek(0));
    let (l, r) = p.s.compare_shown().expect("comparison");
    assert_eq!((l.now(), r.now()), (booted, booted));
}

#[test]
fn the_playback_bar_while_looking_back() {
    let mut p = ready();
    p.send(Intent::Pause);
    let now = p.s.now().ms();
    p.send(Intent::Seek(12_345));
    let v = p.s.playback_view();
    assert!(v.timeline.viewing_past);
    assert!(!v.playing);
    assert!(v.timeline.has_next);
    assert_eq!(v.timeline.at_ms, 12_345);
    assert_eq!(v.timeline.end_ms, now.div_ceil(1000) * 1000);
    assert_eq!(
        format!("{} / {}", v.timeline.shown_clock, v.timeline.now_clock),
        format!("0:12 / {}", clock(now))
    );
    assert_eq!(v.timeline.shown_clock, "0:12");
    assert_eq!(
        v.past_note.as_deref(),
        Some(
            "Looking back at 0:12: an action from here starts a new future and puts aside the 0 \
             command(s) after it (Undo brings them back)."
        )
    );
    assert_eq!(v.undo_note, None);
    p.send(Intent::ToLive);
    let v = p.s.playback_view();
    assert_eq!(v.past_note, None);
    assert_eq!(v.timeline.at_ms, v.timeline.end_ms);
    assert_eq!(v.timeline.shown_clock, clock(now));
}

#[test]
fn seeking_back_pauses_and_time_stands_still_there() {
    let mut p = ready();
    let now = p.s.now();
    p.send(Intent::Seek(10_000));
    assert!(!p.s.is_playing());
    p.run_secs(3);
    assert_eq!(p.s.viewed(), Some(Time(10_000)));
    assert_eq!(p.s.now(), now);
}

// ----- Play from the past -----------------------------------------------------------------------

#[test]
fn play_from_the_past_replays_to_the_same_present() {
    let mut p = tutorial();
    p.send(Intent::Pause);
    let present = p.s.now();
    let at_present = live_state(&p.s);
    let journal = p.s.journal().to_vec();
    let console = lines(&p.s);
    let apply_at = journal_t(&p.s, &Action::Apply(examples::all_together()));
    p.send(Intent::Seek(apply_at + 1_000));
    p.send(Intent::Play);
    let mut frames = 0;
    while p.s.viewed().is_some() && frames < 2_000 {
        p.frame(250.0);
        frames += 1;
        if frames % 20 == 0 {
            if let Some(t) = p.s.viewed() {
                let straight = p.s.live().expect("booted").replay_to(t);
                assert_eq!(shown_state(&p.s), state(&straight), "replaying at {t:?}");
            }
        }
    }
    assert_eq!(p.s.viewed(), None, "Play reached the present");
    assert_eq!(p.s.now(), present);
    assert_eq!(live_state(&p.s), at_present);
    assert_eq!(p.s.journal(), journal.as_slice());
    assert_eq!(lines(&p.s), console);
    assert!(p.s.put_aside().is_none());
    let live = p.s.live().expect("booted");
    assert_eq!(index_of(live, "web-0").as_deref(), Some("web-0\n"));
    // And the learner finds the file there.
    p.run(CAT_INDEX);
    p.run_secs(1);
    assert_eq!(output_of(&p.s, CAT_INDEX), ["web-0"]);
    assert!(!echo_of(&p.s, CAT_INDEX).discarded);
}

#[test]
fn the_file_survives_the_pod_and_a_replay_of_it() {
    let mut p = tutorial();
    let live = p.s.live().expect("booted");
    let delete_at = journal_t(&p.s, &Action::Run("kubectl delete pod web-0".into()));
    let before_delete = live.replay_to(Time(delete_at - 1));
    let old_uid = pod(&before_delete, "web-0").map(|p| p.meta.uid.clone());
    let new_uid = pod(live, "web-0").map(|p| p.meta.uid.clone());
    assert_ne!(old_uid, new_uid, "web-0 was recreated");
    assert_eq!(
        index_of(&before_delete, "web-0").as_deref(),
        Some("web-0\n")
    );
    // Looking at a moment before the write: no file of ours yet.
    let write_at = journal_t(&p.s, &Action::Run(WRITE_HOSTNAME.into()));
    p.send(Intent::Seek(write_at - 1));
    let shown = p.s.shown().expect("booted");
    assert_ne!(index_of(shown, "web-0").as_deref(), Some("web-0\n"));
    p.send(Intent::Seek(write_at + 1));
    let shown = p.s.shown().expect("booted");
    assert_eq!(index_of(shown, "web-0").as_deref(), Some("web-0\n"));
}

#[test]
fn playback_controls_never_change_the_journal() {
    let mut p = tutorial();
    let journal = p.s.journal().to_vec();
    let commands = live_state(&p.s).n_commands;
    let apply_at = journal_t(&p.s, &Action::Apply(examples::all_together()));
    for intent in [
        Intent::Seek(apply_at + 2_000),
        Intent::Step,
        Intent::Step,
        Intent::Play,
        Intent::Pause,
        Intent::SetSpeed(4.0),
        Intent::NudgeSpeed(true),
        Intent::TogglePlay,
        Intent::Seek(apply_at + 500),
        Intent::ToLive,
        Intent::Seek(apply_at + 30_000),
        Intent::Play,
    ] {
        p.send(intent);
        p.run_secs(1);
    }
    assert_eq!(p.s.journal(), journal.as_slice());
    assert_eq!(live_state(&p.s).n_commands, commands);
    assert!(p.s.put_aside().is_none());
    assert_eq!(count_lines_with(&p.s, "Went back"), 0);
    assert!(lines(&p.s).iter().all(|l| !l.discarded));
}

#[test]
fn view_intents_in_the_past_do_not_branch() {
    let mut p = tutorial();
    p.send(Intent::Seek(8_000));
    for intent in [
        Intent::SetTab(Tab::Dns),
        Intent::SetDnsQuery("nginx".into()),
        Intent::Select(None),
        Intent::SetTheme(Theme::Dark),
        Intent::SetLanguage(Lang::En),
        Intent::TrafficTarget("my-nginx-svc".into()),
        Intent::TrafficClient("web-1".into()),
        Intent::TrafficRate(7),
        Intent::SetSceneWidth(640),
        Intent::Highlight(vec![3, 1]),
        Intent::Edit("kind: Pod\n".into()),
    ] {
        p.send(intent);
    }
    assert_eq!(p.s.viewed(), Some(Time(8_000)));
    assert!(p.s.put_aside().is_none());
    assert_eq!(p.s.tab(), Tab::Dns);
    assert_eq!(p.s.dns_query(), "nginx");
    assert_eq!(p.s.theme(), Theme::Dark);
    assert_eq!(&*p.s.editor().highlight, [1, 3]);
}

// ----- branching and Undo -----------------------------------------------------------------------

/// The tutorial, paused, looking back at a moment before its two commands.
fn looking_back() -> (Page, u64) {
    let mut p = tutorial();
    p.send(Intent::Pause);
    let apply_at = journal_t(&p.s, &Action::Apply(examples::all_together()));
    let t = apply_at + 2_000;
    p.send(Intent::Seek(t));
    (p, t)
}

#[test]
fn looking_back_says_what_an_action_would_put_aside() {
    let (p, t) = looking_back();
    assert_eq!(p.s.would_put_aside(), Some((Time(t), 2)));
    assert_eq!(
        p.s.playback_view().past_note,
        Some(format!(
            "Looking back at {}: an action from here starts a new future and puts aside the 2 \
             command(s) after it (Undo brings them back).",
            clock(t)
        ))
    );
}

#[test]
fn a_command_in_the_past_branches_with_one_line() {
    let (mut p, t) = looking_back();
    let old_now = p.s.now().ms();
    p.run("kubectl get pods");
    assert_eq!(p.s.viewed(), None);
    assert_eq!(p.s.now().ms(), t, "the moment looked at is the present now");
    assert_eq!(count_lines_with(&p.s, "Went back"), 1);
    let note = format!(
        "⏪ Went back to {}: a new future starts here. The 2 command(s) after it (up to {}) \
         are put aside; Undo brings them back.",
        clock(t),
        clock(old_now)
    );
    assert!(texts(&p.s).contains(&note));
    assert_eq!(p.s.put_aside(), Some((Time(t), 2)));
    assert_eq!(
        p.s.playback_view().undo_note,
        Some(format!(
            "The future after {} (2 command(s)) is put aside.",
            clock(t)
        ))
    );
    let n = p.s.journal().len();
    assert_eq!(
        p.s.journal()[n - 2..],
        [
            Entry {
                t: old_now,
                term: None,
                action: Action::Branch(t)
            },
            Entry {
                t,
                term: None,
                action: Action::Run("kubectl get pods".into())
            },
        ]
    );
    // The new present's pods: web-0 not there yet, so no file either.
    let out = output_of(&p.s, "kubectl get pods");
    assert!(out[0].starts_with("NAME"));
    assert!(!out.iter().any(|l| l.starts_with("web-1")));
}

#[test]
fn the_lines_of_the_future_put_aside_are_marked_discarded() {
    let (mut p, _) = looking_back();
    p.run("kubectl get pods");
    let all = lines(&p.s);
    let pos = |text: &str| {
        all.iter()
            .position(|l| l.class == "echo" && l.text == text)
            .unwrap_or_else(|| panic!("{text}"))
    };
    let (apply, write, delete) = (
        pos(APPLY_LINE),
        pos(WRITE_HOSTNAME),
        pos("kubectl delete pod web-0"),
    );
    let note = all
        .iter()
        .position(|l| l.text.starts_with("⏪"))
        .expect("branch line");
    let get = pos("kubectl get pods");
    assert!(all[..=apply].iter().all(|l| !l.discarded));
    assert!(all[write..note].iter().all(|l| l.discarded));
    assert!(all[delete].discarded);
    assert!(all[note..].iter().all(|l| !l.discarded));
    assert!(get > note);
}

#[test]
fn apply_in_the_past_branches() {
    let (mut p, t) = looking_back();
    p.send(Intent::Apply);
    assert_eq!(p.s.now().ms(), t);
    assert_eq!(count_lines_with(&p.s, "Went back"), 1);
    assert_eq!(p.s.put_aside(), Some((Time(t), 2)));
    assert_eq!(
        output_of(&p.s, APPLY_LINE),
        [
            "service/nginx unchanged",
            "statefulset.apps/web unchanged",
            "service/my-nginx-svc unchanged",
            "deployment.apps/my-nginx-deployment unchanged",
        ]
    );
    assert!(!echo_of(&p.s, APPLY_LINE).discarded);
    assert!(p.s.is_playing());
}

#[test]
fn traffic_in_the_past_branches() {
    let (mut p, t) = looking_back();
    p.send(Intent::TrafficTarget("my-nginx-svc".into()));
    p.send(Intent::TrafficClient("web-0".into()));
    assert!(p.s.put_aside().is_none());
    p.send(Intent::SendTraffic(3));
    assert_eq!(p.s.now().ms(), t);
    assert_eq!(p.s.put_aside(), Some((Time(t), 2)));
    assert_eq!(count_lines_with(&p.s, "Went back"), 1);
    assert_eq!(
        p.s.journal().last(),
        Some(&Entry {
            t,
            term: None,
            action: Action::Requests {
                client: "web-0".into(),
                target: "my-nginx-svc".into(),
                n: 3
            }
        })
    );
}

#[test]
fn switching_traffic_on_in_the_past_branches() {
    let (mut p, t) = looking_back();
    p.send(Intent::ToggleTraffic);
    assert_eq!(p.s.now().ms(), t);
    assert!(p.s.traffic().on);
    assert!(p.s.is_playing());
    assert_eq!(count_lines_with(&p.s, "Went back"), 1);
}

#[test]
fn proxy_mode_in_the_past_branches() {
    let (mut p, t) = looking_back();
    p.send(Intent::SetProxyMode(true));
    assert_eq!(p.s.now().ms(), t);
    assert_eq!(p.s.put_aside(), Some((Time(t), 2)));
    assert_eq!(
        p.s.live().map(|l| l.proxy_mode()),
        Some(podplay::engine::config::ProxyMode::Ipvs)
    );
    assert_eq!(
        p.s.journal().last(),
        Some(&Entry {
            t,
            term: None,
            action: Action::ProxyMode("ipvs".into())
        })
    );
}

#[test]
fn undo_restores_the_old_present_exactly() {
    let (mut p, t) = looking_back();
    let old_now = p.s.now();
    let old_state = live_state(&p.s);
    p.run("kubectl get pods");
    p.send(Intent::Play);
    p.run_secs(3);
    assert_eq!(p.s.now().ms(), t + 3_000);
    p.send(Intent::Undo);
    assert_eq!(p.s.now(), old_now);
    assert_eq!(live_state(&p.s), old_state);
    let live = p.s.live().expect("booted");
    assert_eq!(index_of(live, "web-0").as_deref(), Some("web-0\n"));
    assert_eq!(p.s.viewed(), None);
    // The lines of the branch are the discarded ones now.
    let all = lines(&p.s);
    assert!(!echo_of(&p.s, WRITE_HOSTNAME).discarded);
    assert!(!echo_of(&p.s, "kubectl delete pod web-0").discarded);
    assert!(echo_of(&p.s, "kubectl get pods").discarded);
    let undone = all.last().expect("a line");
    assert_eq!(
        undone.text,
        format!(
            "↩ Brought back the future after {} (up to {}); what was done since is put aside, \
             and Undo swaps them again.",
            clock(t),
            clock(old_now.ms())
        )
    );
    assert!(!undone.discarded);
    assert_eq!(p.s.put_aside(), Some((Time(t), 1)));
    assert_eq!(p.s.journal().last().map(|e| &e.action), Some(&Action::Undo));
    // And the learner's file is there to read.
    p.run(CAT_INDEX);
    p.run_secs(1);
    assert_eq!(output_of(&p.s, CAT_INDEX), ["web-0"]);
}

#[test]
fn a_second_undo_swaps_back() {
    let (mut p, t) = looking_back();
    let old_now = p.s.now();
    p.run("kubectl scale deployment my-nginx-deployment --replicas=3");
    p.send(Intent::Play);
    p.run_secs(20);
    p.send(Intent::Pause);
    let branch_now = p.s.now();
    let branch_state = live_state(&p.s);
    assert_eq!(deployment_pods(p.s.live().expect("booted")).len(), 3);
    p.send(Intent::Undo);
    assert_eq!(p.s.now(), old_now);
    assert_eq!(deployment_pods(p.s.live().expect("booted")).len(), 2);
    p.send(Intent::Undo);
    assert_eq!(p.s.now(), branch_now);
    assert_eq!(live_state(&p.s), branch_state);
    assert!(echo_of(&p.s, WRITE_HOSTNAME).discarded);
    assert!(
        !echo_of(
            &p.s,
            "kubectl scale deployment my-nginx-deployment --replicas=3"
        )
        .discarded
    );
    assert_eq!(p.s.put_aside(), Some((Time(t), 2)));
    assert_eq!(count_lines_with(&p.s, "↩ Brought back"), 2);
}

#[test]
fn undo_with_nothing_put_aside_does_nothing() {
    let mut p = tutorial();
    let journal = p.s.journal().to_vec();
    let console = lines(&p.s);
    let before = live_state(&p.s);
    p.send(Intent::Undo);
    assert_eq!(p.s.journal(), journal.as_slice());
    assert_eq!(lines(&p.s), console);
    assert_eq!(live_state(&p.s), before);
    assert_eq!(p.s.playback_view().undo_note, None);
}

// ----- compare mode -------------------------------------------------------------------------

/// A booted page in compare mode after `secs` seconds of it.
fn comparing(secs: u64) -> Page {
    let mut p = ready();
    p.send(Intent::SetMode(Mode::Compare));
    p.run_secs(secs);
    p
}

/// The comparison as a straight run: both sides to `t`.
fn straight_comparison(t: u64) -> Comparison {
    let mut c = Comparison::new(DEFAULT_SEED);
    c.advance_to(Time(t));
    c
}

#[test]
fn compare_mode_runs_both_sides_in_lockstep() {
    let mut p = ready();
    let cluster_now = p.s.now();
    p.send(Intent::SetMode(Mode::Compare));
    assert_eq!(p.s.mode(), Mode::Compare);
    assert_eq!(
        p.s.journal().last(),
        Some(&Entry {
            t: cluster_now.ms(),
            term: None,
            action: Action::CompareOpen
        })
    );
    let start = p.s.compare_now().ms();
    assert_eq!(start, Comparison::new(DEFAULT_SEED).now().ms());
    p.run_secs(30);
    let (l, r) = p.s.compare_shown().expect("comparison");
    assert_eq!(l.now(), r.now());
    assert_eq!(l.now(), p.s.compare_now());
    assert_eq!(p.s.compare_now().ms(), start + 30_000);
    assert_eq!(p.s.now(), cluster_now, "the cluster waits while comparing");
    assert_eq!(Comparison::pods(l), ["web-0", "web-1"]);
    assert_eq!(Comparison::pods(r).len(), 2);
    let straight = straight_comparison(start + 30_000);
    assert_eq!(state(l), state(straight.left.sim()));
    assert_eq!(state(r), state(straight.right.sim()));
    let v = p.s.playback_view();
    assert_eq!(v.mode, Mode::Compare);
    assert_eq!(v.timeline.shown_clock, clock(start + 30_000));
}

#[test]
fn compare_actions_act_on_both_sides() {
    let mut p = comparing(30);
    let at = p.s.compare_now();
    p.send(Intent::Compare(CompareAction::Scale(3)));
    assert_eq!(
        p.s.journal().last(),
        Some(&Entry {
            t: at.ms(),
            term: None,
            action: Action::Compare(CompareAction::Scale(3))
        })
    );
    p.run_secs(40);
    let (l, r) = p.s.compare_shown().expect("comparison");
    assert_eq!(Comparison::pods(l), ["web-0", "web-1", "web-2"]);
    assert_eq!(Comparison::pods(r).len(), 3);
    let mut straight = straight_comparison(at.ms());
    straight.act(&CompareAction::Scale(3));
    straight.advance_to(p.s.compare_now());
    assert_eq!(state(l), state(straight.left.sim()));
    assert_eq!(state(r), state(straight.right.sim()));
}

#[test]
fn seek_step_and_play_in_compare_mode() {
    let mut p = comparing(30);
    p.send(Intent::Compare(CompareAction::DeletePod(0)));
    p.run_secs(20);
    let present = p.s.compare_now();
    let journal = p.s.journal().to_vec();
    let present_sides = p.s.compare_shown().map(|(l, r)| (state(l), state(r)));
    p.send(Intent::Seek(12_000));
    assert!(!p.s.is_playing());
    let (l, r) = p.s.compare_shown().expect("comparison");
    assert_eq!((l.now().ms(), r.now().ms()), (12_000, 12_000));
    let straight = straight_comparison(12_000);
    assert_eq!(state(l), state(straight.left.sim()));
    assert_eq!(state(r), state(straight.right.sim()));
    let v = p.s.playback_view();
    assert!(v.timeline.viewing_past);
    assert_eq!(v.timeline.at_ms, 12_000);
    // Step: the next event of either side.
    let next = [&straight.left, &straight.right]
        .iter()
        .filter_map(|tl| tl.sim().next_event_time())
        .min()
        .expect("an event");
    p.send(Intent::Step);
    let (l, r) = p.s.compare_shown().expect("comparison");
    assert_eq!((l.now(), r.now()), (next, next));
    // Play to the present: the same present, nothing recorded.
    p.send(Intent::Play);
    assert!(p.run_until(120, |s| !s.playback_view().timeline.viewing_past));
    assert_eq!(p.s.compare_now(), present);
    assert_eq!(
        p.s.compare_shown().map(|(l, r)| (state(l), state(r))),
        present_sides
    );
    assert_eq!(p.s.journal(), journal.as_slice());
}

#[test]
fn step_at_the_comparisons_present_runs_both_sides_to_the_next_event() {
    let mut p = comparing(3);
    let (l, r) = p.s.compare_shown().expect("comparison");
    let next = [l.next_event_time(), r.next_event_time()]
        .into_iter()
        .flatten()
        .min()
        .expect("an event");
    let cluster_now = p.s.now();
    p.send(Intent::Step);
    assert_eq!(p.s.compare_now(), next);
    let (l, r) = p.s.compare_shown().expect("comparison");
    assert_eq!((l.now(), r.now()), (next, next));
    assert_eq!(p.s.now(), cluster_now);
    assert!(!p.s.is_playing());
}

#[test]
fn the_comparison_opens_before_minikube_starts() {
    let mut p = Page::new();
    p.send(Intent::SetMode(Mode::Compare));
    p.run_secs(2);
    assert!(p.s.live().is_none());
    let v = p.s.playback_view();
    assert!(v.timeline.booted);
    assert_eq!(v.mode, Mode::Compare);
    let (l, r) = p.s.compare_shown().expect("comparison");
    assert_eq!(l.now(), r.now());
    assert_eq!(
        p.s.journal().iter().map(|e| &e.action).collect::<Vec<_>>(),
        [&Action::CompareOpen]
    );
}

#[test]
fn a_compare_action_in_the_past_starts_both_sides_again_from_there() {
    let mut p = comparing(40);
    p.send(Intent::Seek(20_000));
    p.send(Intent::Compare(CompareAction::Scale(1)));
    assert_eq!(p.s.compare_now().ms(), 20_000);
    assert!(!p.s.playback_view().timeline.viewing_past);
    let n = p.s.journal().len();
    assert_eq!(
        p.s.journal()[n - 2..],
        [
            Entry {
                t: 20_000,
                term: None,
                action: Action::CompareBranch(20_000)
            },
            Entry {
                t: 20_000,
                term: None,
                action: Action::Compare(CompareAction::Scale(1))
            },
        ]
    );
    p.run_secs(30);
    let (l, r) = p.s.compare_shown().expect("comparison");
    assert_eq!(Comparison::pods(l), ["web-0"]);
    assert_eq!(Comparison::pods(r).len(), 1);
}

#[test]
fn apply_leaves_compare_mode() {
    let mut p = comparing(2);
    p.send(Intent::Apply);
    assert_eq!(p.s.mode(), Mode::Cluster);
    assert_eq!(output_of(&p.s, APPLY_LINE).len(), 4);
}

// ----- language -----------------------------------------------------------------------------

#[test]
fn korean_reaches_the_playback_bar_and_the_console() {
    let (mut p, t) = looking_back();
    p.send(Intent::SetLanguage(Lang::Ko));
    assert_eq!(p.s.lang(), Lang::Ko);
    assert_eq!(
        p.s.playback_view().past_note,
        Some(format!(
            "{} 시점 보기: 여기서 동작하면 새 흐름이 시작되고 그 뒤의 명령 2개는 따로 보관됩니다(되돌리기로 복구).",
            clock(t)
        ))
    );
    assert!(p.s.console_text().starts_with(
        "환영합니다! minikube start 를 입력해 클러스터를 시작하고, help 로 명령 목록을 보세요.\n"
    ));
    let old_now = p.s.now();
    p.run("kubectl get pods");
    assert!(texts(&p.s).contains(&format!(
        "⏪ {}(으)로 돌아가 여기서 새 흐름을 시작합니다. 그 뒤의 명령 2개({}까지)는 따로 \
         보관했으며, 되돌리기로 다시 가져올 수 있습니다.",
        clock(t),
        clock(old_now.ms())
    )));
    assert_eq!(
        p.s.playback_view().undo_note,
        Some(format!(
            "{} 이후의 흐름(명령 2개)을 따로 보관 중입니다.",
            clock(t)
        ))
    );
    // kubectl speaks English whatever the page's language.
    assert!(output_of(&p.s, "kubectl get pods")[0].starts_with("NAME "));
    assert!(texts(&p.s).contains(&"service/nginx created".to_string()));
    p.send(Intent::Undo);
    assert!(lines(&p.s)
        .last()
        .is_some_and(|l| l.text.starts_with("↩") && l.text.contains("다시 가져왔습니다")));
}

#[test]
fn podplays_own_console_lines_follow_a_later_language_switch() {
    let (mut p, t) = looking_back();
    let old_now = p.s.now();
    p.run("kubectl get pods");
    p.send(Intent::SetLanguage(Lang::Ko));
    let korean = format!(
        "⏪ {}(으)로 돌아가 여기서 새 흐름을 시작합니다. 그 뒤의 명령 2개({}까지)는 따로 \
         보관했으며, 되돌리기로 다시 가져올 수 있습니다.",
        clock(t),
        clock(old_now.ms())
    );
    assert!(texts(&p.s).contains(&korean));
    assert_eq!(count_lines_with(&p.s, "Went back"), 0);
    assert!(output_of(&p.s, "kubectl get pods")[0].starts_with("NAME "));
    p.send(Intent::SetLanguage(Lang::En));
    assert_eq!(count_lines_with(&p.s, "Went back"), 1);
    assert!(!texts(&p.s).contains(&korean));
}

#[test]
fn switching_back_to_english_follows_everywhere() {
    let (mut p, t) = looking_back();
    p.send(Intent::SetLanguage(Lang::Ko));
    p.send(Intent::SetLanguage(Lang::En));
    assert!(p
        .s
        .playback_view()
        .past_note
        .is_some_and(|n| n.starts_with(&format!("Looking back at {}", clock(t)))));
    assert!(p.s.console_text().starts_with("Welcome! "));
}

#[test]
fn korean_compare_notes_and_restore_notes() {
    let mut p = comparing(1);
    p.send(Intent::SetLanguage(Lang::Ko));
    let mut saved = p.s.save();
    assert_eq!(saved.ui.lang, "ko");
    saved.engine += 1;
    let r = Session::restore(&saved, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert_eq!(r.lang(), Lang::Ko);
    let last = lines(&r).last().map(|l| l.text.clone()).unwrap_or_default();
    assert!(last.starts_with("이 세션은 엔진 동작 버전"), "{last}");
    assert!(r.console_text().starts_with("환영합니다!"));
    let bad = Session::restore_json("{", 1.0).err().expect("refused");
    assert!(bad
        .render(Lang::Ko)
        .starts_with("저장된 세션을 읽을 수 없습니다: "));
}

// ----- save and restore -------------------------------------------------------------------------

#[test]
fn a_fresh_session_round_trips() {
    let p = Page::new();
    let r = roundtrip(&p.s);
    assert_same_session(&p.s, &r);
    assert!(r.live().is_none());
    assert_eq!(r.save().actions, []);
}

#[test]
fn the_tutorial_round_trips() {
    let p = tutorial();
    let r = roundtrip(&p.s);
    assert_same_session(&p.s, &r);
    assert_eq!(
        r.live().and_then(|l| index_of(l, "web-0")).as_deref(),
        Some("web-0\n")
    );
}

#[test]
fn a_session_looking_back_round_trips() {
    let (p, t) = looking_back();
    let r = roundtrip(&p.s);
    assert_same_session(&p.s, &r);
    assert_eq!(r.viewed(), Some(Time(t)));
}

#[test]
fn a_branched_and_undone_session_round_trips() {
    let (mut p, _) = looking_back();
    p.run("kubectl get pods");
    p.send(Intent::Play);
    p.run_secs(2);
    assert_same_session(&p.s, &roundtrip(&p.s));
    p.send(Intent::Undo);
    p.run_secs(1);
    assert_same_session(&p.s, &roundtrip(&p.s));
    p.send(Intent::Undo);
    assert_same_session(&p.s, &roundtrip(&p.s));
}

#[test]
fn a_comparing_korean_session_with_traffic_round_trips() {
    let mut p = comparing(10);
    p.send(Intent::Compare(CompareAction::WriteFile(0, "hello".into())));
    p.run_secs(2);
    p.send(Intent::SetLanguage(Lang::Ko));
    p.send(Intent::SetTab(Tab::Traffic));
    p.send(Intent::SetMode(Mode::Cluster));
    p.send(Intent::TrafficTarget("my-nginx-svc".into()));
    p.send(Intent::TrafficClient("web-1".into()));
    p.send(Intent::SendTraffic(4));
    p.send(Intent::SetMode(Mode::Compare));
    p.run_secs(1);
    let r = roundtrip(&p.s);
    assert_same_session(&p.s, &r);
    assert_eq!(r.tab(), Tab::Traffic);
    assert_eq!(r.traffic().target, "my-nginx-svc");
}

#[test]
fn the_moments_looked_at_in_both_modes_round_trip() {
    let mut p = comparing(30);
    p.send(Intent::SetMode(Mode::Cluster));
    p.send(Intent::Seek(9_000));
    p.send(Intent::SetMode(Mode::Compare));
    p.send(Intent::Seek(12_000));
    let r = roundtrip(&p.s);
    assert_same_session(&p.s, &r);
    assert_eq!(r.viewed(), Some(Time(9_000)));
    assert_eq!(r.compare_shown().map(|(l, _)| l.now()), Some(Time(12_000)));
    assert_eq!(r.playback_view().timeline.at_ms, 12_000);
}

#[test]
fn a_compare_branch_round_trips() {
    let mut p = comparing(40);
    p.send(Intent::Seek(20_000));
    p.send(Intent::Compare(CompareAction::DeletePod(0)));
    p.run_secs(5);
    let r = roundtrip(&p.s);
    assert_same_session(&p.s, &r);
    assert_eq!(
        r.journal()
            .iter()
            .filter(|e| e.action == Action::CompareBranch(20_000))
            .count(),
        1
    );
}

#[test]
fn lines_typed_ahead_of_a_running_command_round_trip() {
    let mut p = ready();
    p.run("kubectl delete pod web-1");
    assert!(console_busy(&p.s));
    let rest = p.s.paste("", "kubectl get svc\nkubectl get pvc\n");
    assert_eq!(rest.as_deref(), Some(""));
    let mut r = Page {
        s: roundtrip(&p.s),
        wall: p.wall,
    };
    assert_same_session(&p.s, &r.s);
    assert!(r.s.console_view().pending);
    assert_eq!(r.s.save().pending, ["kubectl get svc", "kubectl get pvc"]);
    // The restored page's clock starts at the same wall time.
    r.s.dispatch(Intent::Advance(r.wall));
    // Both go on alike: the typed-ahead lines run once the delete is done.
    p.run_secs(40);
    r.run_secs(40);
    assert_same_session(&p.s, &r.s);
    assert!(output_of(&r.s, "kubectl get pvc")[1].starts_with("www-web-0 "));
}

#[test]
fn a_version_2_record_is_refused() {
    let p = ready();
    let mut saved = p.s.save();
    saved.v = 2;
    let err = Session::restore(&saved, 1.0).err().expect("refused");
    assert_eq!(
        err.render(Lang::En),
        "This saved session has format v2; podplay reads v1 only."
    );
    let json = p.s.save_json().replacen("\"v\":1", "\"v\":2", 1);
    let err = Session::restore_json(&json, 1.0).err().expect("refused");
    assert_eq!(
        err.render(Lang::En),
        "This saved session has format v2; podplay reads v1 only."
    );
}

#[test]
fn a_record_of_another_engine_replays_and_says_so() {
    let p = tutorial();
    let json = p.s.save_json().replacen("\"engine\":1", "\"engine\":7", 1);
    let r = Session::restore_json(&json, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert_eq!(r.now(), p.s.now());
    assert_eq!(r.live().map(state), p.s.live().map(state));
    assert_eq!(
        lines(&r).last().map(|l| l.text.clone()).as_deref(),
        Some(
            "This session was saved with engine behaviour 7; this podplay has 1, so its replay \
             may differ from what was saved."
        )
    );
}

#[test]
fn unreadable_records_say_so_without_panicking() {
    for json in [
        "",
        "garbage",
        "{",
        "[]",
        "null",
        "{}",
        "{\"v\":1}",
        "{\"v\":\"one\",\"engine\":1}",
        "{\"v\":1,\"engine\":1,\"seed\":-4,\"files\":{},\"actions\":[],\"now\":0,\"ui\":{}}",
    ] {
        let err = Session::restore_json(json, 1.0)
            .err()
            .unwrap_or_else(|| panic!("{json}"));
        let text = err.render(Lang::En);
        assert!(
            text.starts_with("The saved session could not be read: "),
            "{json}: {text}"
        );
    }
}

#[test]
fn odd_but_readable_records_restore_without_panicking() {
    let p = ready();
    let mut saved = p.s.save();
    saved.actions.extend([
        Entry {
            t: 1,
            term: None,
            action: Action::Undo,
        },
        Entry {
            t: 2,
            term: None,
            action: Action::Branch(999_999),
        },
        Entry {
            t: 3,
            term: None,
            action: Action::Requests {
                client: "nobody".into(),
                target: "nothing".into(),
                n: 5,
            },
        },
        Entry {
            t: 4,
            term: None,
            action: Action::Compare(CompareAction::DeletePod(40)),
        },
        Entry {
            t: 5,
            term: None,
            action: Action::CompareBranch(1),
        },
        Entry {
            t: 6,
            term: None,
            action: Action::ProxyMode("bogus".into()),
        },
        Entry {
            t: 7,
            term: None,
            action: Action::Interrupt(String::new()),
        },
        Entry {
            t: 8,
            term: None,
            action: Action::Run("kubectl frobnicate".into()),
        },
    ]);
    saved.view = Some(u64::MAX);
    saved.ui.mode = "sideways".into();
    saved.ui.tab = "nowhere".into();
    saved.ui.lang = "xx".into();
    saved.ui.speed = 99.0;
    saved.ui.traffic.rate = 0;
    saved.files.clear();
    let r = Session::restore(&saved, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert_eq!(r.mode(), Mode::Cluster);
    assert_eq!(r.tab(), Tab::Events);
    assert_eq!(r.lang(), Lang::En);
    assert_eq!(r.viewed(), None);
    assert_eq!(r.traffic().rate, 1);
    assert!((r.speed() - 10.0).abs() < 1e-9);
}

#[test]
fn a_record_whose_present_is_far_away_restores_there() {
    let p = ready();
    let mut saved = p.s.save();
    saved.now = 1_000_000_000_000;
    let r = Session::restore(&saved, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert_eq!(r.now(), Time(1_000_000_000_000));
    assert!(all_ready(&r));
}

#[test]
fn the_v1_fixture_keeps_restoring() {
    let json = std::fs::read_to_string(FIXTURE).expect("fixture");
    let mut s =
        Session::restore_json(&json, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert_eq!(s.seed(), DEFAULT_SEED);
    let live = s.live().expect("booted");
    for name in ["web-0", "web-1"] {
        assert!(pod(live, name).is_some_and(Pod::is_ready), "{name}");
    }
    assert_eq!(deployment_pods(live).len(), 2);
    assert_eq!(index_of(live, "web-0").as_deref(), Some("web-0\n"));
    assert_eq!(
        output_of(&s, APPLY_LINE),
        [
            "service/nginx created",
            "statefulset.apps/web created",
            "service/my-nginx-svc created",
            "deployment.apps/my-nginx-deployment created",
        ]
    );
    assert_eq!(
        output_of(&s, "kubectl delete pod web-0"),
        ["pod \"web-0\" deleted from default namespace"]
    );
    let echoes: Vec<String> = lines(&s)
        .into_iter()
        .filter(|l| l.class == "echo")
        .map(|l| l.text)
        .collect();
    assert_eq!(
        echoes,
        [
            "minikube start",
            APPLY_LINE,
            WRITE_HOSTNAME,
            "kubectl delete pod web-0",
            "kubectl get pods"
        ]
    );
    let table = output_of(&s, "kubectl get pods");
    assert_eq!(table.len(), 5);
    assert!(
        table[3].starts_with("web-0 ")
            && table[3].contains(" 1/1 ")
            && table[3].contains("Running")
    );
    assert!(table[4].starts_with("web-1 ") && table[4].contains(" 1/1 "));
    // The restored session goes on like any other.
    s.dispatch(Intent::Run(CAT_INDEX.into()));
    assert_eq!(output_of(&s, CAT_INDEX), ["web-0"]);
}

#[test]
fn a_typed_apply_of_an_older_editor_text_restores() {
    let mut p = ready();
    p.send(Intent::Edit(
        examples::all_together().replace("replicas: 2", "replicas: 3"),
    ));
    p.run(APPLY_LINE);
    p.run_secs(2);
    p.send(Intent::PickExample("deployment".into()));
    let deployment = examples::text_of("deployment").expect("deployment example");
    let r = roundtrip(&p.s);
    assert_same_session(&p.s, &r);
    assert_eq!(
        output_of(&r, APPLY_LINE),
        [
            "service/nginx unchanged",
            "statefulset.apps/web configured",
            "service/my-nginx-svc unchanged",
            "deployment.apps/my-nginx-deployment configured",
        ]
    );
    // The console reads the editor's text of now again.
    assert_eq!(r.file("editor.yaml"), Some(deployment.clone()));
    assert_eq!(r.save().files.get("editor.yaml"), Some(&deployment));
}

// ----- traffic ------------------------------------------------------------------------------

fn access_counts(sim: &Simulation) -> Vec<(String, usize)> {
    app_pods(sim)
        .into_iter()
        .map(|p| (p.meta.name.clone(), p.access_log.len()))
        .collect()
}

#[test]
fn traffic_to_the_deployments_service_spreads_over_its_pods() {
    let mut p = ready();
    p.send(Intent::TrafficTarget("my-nginx-svc".into()));
    p.send(Intent::TrafficClient("web-0".into()));
    p.send(Intent::TrafficRate(10));
    p.send(Intent::ToggleTraffic);
    assert!(p.s.traffic().on);
    p.run_secs(6);
    p.send(Intent::ToggleTraffic);
    p.run_secs(1);
    let live = p.s.live().expect("booted");
    let hits = &p.s.traffic().hits;
    let total: u64 = hits.values().sum();
    assert!(
        (55..=61).contains(&total),
        "{total} requests in 6 s at 10/s"
    );
    assert_eq!(p.s.traffic().failures, 0);
    let deployment = deployment_pods(live);
    assert_eq!(hits.keys().cloned().collect::<Vec<_>>(), deployment);
    assert!(hits.values().all(|n| *n >= 10), "{hits:?}");
    // The pods' own access logs say the same.
    for (name, n) in access_counts(live) {
        let expected = hits.get(&name).copied().unwrap_or(0);
        assert_eq!(u64::try_from(n).unwrap_or(0), expected, "{name}");
    }
    let sent: u32 =
        p.s.journal()
            .iter()
            .filter_map(|e| match &e.action {
                Action::Requests { client, target, n } => {
                    assert_eq!(
                        (client.as_str(), target.as_str()),
                        ("web-0", "my-nginx-svc")
                    );
                    Some(*n)
                }
                _ => None,
            })
            .sum();
    assert_eq!(u64::from(sent), total);
}

#[test]
fn requests_to_a_pods_own_name_reach_only_that_pod() {
    let mut p = ready();
    p.send(Intent::TrafficTarget("web-0.nginx".into()));
    p.send(Intent::TrafficClient("web-1".into()));
    let before = access_counts(p.s.live().expect("booted"));
    p.send(Intent::SendTraffic(10));
    let after = access_counts(p.s.live().expect("booted"));
    for ((name, b), (_, a)) in before.iter().zip(&after) {
        let expected = if name == "web-0" { b + 10 } else { *b };
        assert_eq!(*a, expected, "{name}");
    }
    assert_eq!(
        p.s.traffic()
            .hits
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("web-0", 10)]
    );
    assert_eq!(p.s.traffic().failures, 0);
}

#[test]
fn requests_to_a_service_without_ready_endpoints_fail() {
    let mut p = ready();
    p.run("kubectl scale deployment my-nginx-deployment --replicas=0");
    assert!(p.run_until(60, |s| s
        .live()
        .is_some_and(|l| deployment_pods(l).is_empty())));
    p.send(Intent::TrafficTarget("my-nginx-svc".into()));
    p.send(Intent::TrafficClient("web-0".into()));
    p.send(Intent::SendTraffic(4));
    assert_eq!(p.s.traffic().failures, 4);
    assert!(p.s.traffic().hits.is_empty());
    // Choosing another target starts the tally again.
    p.send(Intent::TrafficTarget("nginx".into()));
    assert_eq!(p.s.traffic().failures, 0);
}

#[test]
fn traffic_without_a_client_sends_nothing() {
    // A Service but no pod of the learner's that could send.
    let mut p = Page::with(examples::HEADLESS_SERVICE, 1.0);
    p.send(Intent::Apply);
    p.run_secs(5);
    let tr = p.s.traffic_view().expect("a cluster");
    assert_eq!(tr.targets, vec!["nginx".to_string()]);
    assert!(tr.clients.is_empty());
    let journal = p.s.journal().len();
    p.send(Intent::SendTraffic(5));
    p.send(Intent::ToggleTraffic);
    p.run_secs(2);
    assert_eq!(p.s.journal().len(), journal);
    assert!(p.s.traffic().hits.is_empty());
}

// ----- the console ------------------------------------------------------------------------------

#[test]
fn a_multi_line_paste_runs_each_line_in_order() {
    let mut p = ready();
    let rest =
        p.s.paste("kubectl get ", "svc\nkubectl get pvc\nkubectl get po");
    assert_eq!(rest.as_deref(), Some("kubectl get po"));
    let n = p.s.journal().len();
    assert_eq!(
        p.s.journal()[n - 2..]
            .iter()
            .map(|e| &e.action)
            .collect::<Vec<_>>(),
        [
            &Action::Run("kubectl get svc".into()),
            &Action::Run("kubectl get pvc".into())
        ]
    );
    assert!(output_of(&p.s, "kubectl get pvc")[1].starts_with("www-web-0 "));
    assert_eq!(p.s.paste("", "one line"), None);
}

#[test]
fn recall_walks_the_history_and_keeps_the_draft() {
    let mut p = ready();
    p.run("kubectl get pods");
    p.run("kubectl get svc");
    assert_eq!(
        p.s.recall_up("kubectl des").as_deref(),
        Some("kubectl get svc")
    );
    assert_eq!(p.s.recall_up("").as_deref(), Some("kubectl get pods"));
    assert_eq!(p.s.recall_down().as_deref(), Some("kubectl get svc"));
    assert_eq!(p.s.recall_down().as_deref(), Some("kubectl des"));
    assert_eq!(p.s.recall_down(), None);
}

#[test]
fn interrupting_an_idle_line_echoes_it_and_is_recorded() {
    let mut p = ready();
    p.send(Intent::Interrupt("kubectl ge".into()));
    let last = lines(&p.s).last().cloned().expect("a line");
    assert_eq!((last.class, last.text.as_str()), ("echo", "kubectl ge^C"));
    assert_eq!(
        p.s.journal().last().map(|e| &e.action),
        Some(&Action::Interrupt("kubectl ge".into()))
    );
    assert_same_session(&p.s, &roundtrip(&p.s));
}

#[test]
fn a_cleared_screen_round_trips() {
    let mut p = ready();
    p.run("kubectl get pods");
    p.send(Intent::ClearScreen);
    assert!(lines(&p.s).is_empty());
    p.run("kubectl get svc");
    let r = roundtrip(&p.s);
    assert_same_session(&p.s, &r);
    assert_eq!(lines(&r)[0].text, "kubectl get svc");
    assert_eq!(
        r.journal().last().map(|e| &e.action),
        Some(&Action::Run("kubectl get svc".into()))
    );
}

#[test]
fn the_scene_follows_the_moment_shown() {
    let mut p = tutorial();
    p.frame(100.0);
    let scene = p.s.scene();
    assert!(scene.pod("web-0").is_some() && scene.pod("web-1").is_some());
    let apply_at = journal_t(&p.s, &Action::Apply(examples::all_together()));
    p.send(Intent::Seek(apply_at + 100));
    p.frame(100.0);
    let early = p.s.scene();
    assert!(early.pod("web-1").is_none());
    p.send(Intent::ToLive);
    p.frame(100.0);
    assert!(p.s.scene().pod("web-1").is_some());
}

// ----- save/restore over random sessions ----------------------------------------------------

mod random {
    use super::*;
    use proptest::prelude::*;

    const LINES: [&str; 7] = [
        "minikube start",
        "kubectl get pods",
        "kubectl apply -f editor.yaml",
        "kubectl scale deployment my-nginx-deployment --replicas=3",
        "kubectl delete pod web-0",
        WRITE_HOSTNAME,
        "kubectl get pvc",
    ];

    fn intent() -> impl Strategy<Value = Intent> {
        prop_oneof![
            3 => (0..LINES.len()).prop_map(|i| Intent::Run(LINES[i].to_string())),
            2 => Just(Intent::Apply),
            6 => (1u32..40).prop_map(|n| Intent::Advance(f64::from(n) * 250.0)),
            2 => (0u64..90_000).prop_map(Intent::Seek),
            1 => Just(Intent::Play),
            1 => Just(Intent::Pause),
            1 => Just(Intent::Step),
            1 => Just(Intent::Undo),
            1 => (1u32..6).prop_map(Intent::SendTraffic),
            1 => prop_oneof![Just(Lang::En), Just(Lang::Ko)].prop_map(Intent::SetLanguage),
            1 => prop_oneof![Just(Mode::Cluster), Just(Mode::Compare)].prop_map(Intent::SetMode),
            1 => (0usize..3).prop_map(|k| Intent::Compare(CompareAction::DeletePod(k))),
        ]
    }

    /// Plays `intents`: an `Advance(ms)` is that much wall time in frames of at most 500 ms.
    fn play(intents: &[Intent]) -> Page {
        let mut p = Page::new();
        p.send(Intent::TrafficTarget("my-nginx-svc".into()));
        p.send(Intent::TrafficClient("web-0".into()));
        for intent in intents {
            match intent {
                Intent::Advance(ms) => {
                    let mut left = *ms;
                    while left > 0.0 {
                        let dt = left.min(500.0);
                        p.frame(dt);
                        left -= dt;
                    }
                }
                other => {
                    p.send(other.clone());
                }
            }
        }
        p
    }

    /// Everything else the page can do, too.
    fn any_intent() -> impl Strategy<Value = Intent> {
        prop_oneof![
            8 => intent(),
            1 => Just(Intent::ToggleTraffic),
            1 => any::<bool>().prop_map(Intent::SetProxyMode),
            1 => Just(Intent::TogglePlay),
            1 => Just(Intent::ToLive),
            1 => prop_oneof![Just(0.5), Just(2.0), Just(10.0)].prop_map(Intent::SetSpeed),
            1 => Just(Intent::Interrupt("kubectl ge".into())),
            1 => Just(Intent::Edit(examples::all_together().replace("replicas: 2", "replicas: 1"))),
            1 => Just(Intent::PickExample("deployment".into())),
            1 => Just(Intent::NudgeSpeed(true)),
            1 => (1u32..4).prop_map(|n| Intent::Compare(CompareAction::Scale(i32::try_from(n).unwrap_or(1)))),
            1 => Just(Intent::Compare(CompareAction::Traffic(3))),
            1 => Just(Intent::SetAffinity("ClientIP".into())),
            1 => Just(Intent::ClearScreen),
            1 => Just(Intent::AddFile),
            1 => (0usize..5).prop_map(Intent::SelectFile),
            1 => (0usize..5).prop_map(Intent::CloseFile),
            1 => (0usize..5).prop_map(|index| Intent::RenameFile { index, name: "web.yaml".into() }),
            1 => Just(Intent::UndoFiles),
            1 => Just(Intent::Run("kubectl apply -f statefulset.yaml".into())),
        ]
    }

    /// What changes the cluster and lets time run, without looking back.
    fn forward_intent() -> impl Strategy<Value = Intent> {
        prop_oneof![
            3 => (0..LINES.len()).prop_map(|i| Intent::Run(LINES[i].to_string())),
            2 => Just(Intent::Apply),
            6 => (1u32..40).prop_map(|n| Intent::Advance(f64::from(n) * 250.0)),
            1 => (1u32..6).prop_map(Intent::SendTraffic),
            1 => Just(Intent::ToggleTraffic),
            1 => any::<bool>().prop_map(Intent::SetProxyMode),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            max_shrink_iters: 64,
            ..ProptestConfig::default()
        })]

        #[test]
        fn restore_of_save_shows_the_same_session(
            intents in proptest::collection::vec(intent(), 1..14)
        ) {
            let p = play(&intents);
            let r = roundtrip(&p.s);
            assert_same_session(&p.s, &r);
        }

        #[test]
        fn play_from_any_earlier_moment_reaches_the_same_present(
            intents in proptest::collection::vec(forward_intent(), 1..14),
            back in 0u64..100_000,
        ) {
            let mut p = play(&intents);
            p.send(Intent::Pause);
            let Some(now) = p.s.live().map(Simulation::now) else { return Ok(()) };
            let before = live_state(&p.s);
            let journal = p.s.journal().to_vec();
            let console = lines(&p.s);
            p.send(Intent::Seek(back % (now.ms() + 1)));
            let t = p.s.viewed().unwrap_or(now);
            // What is shown is what a run from the seed had at `t`.
            let straight = p.s.live().map(|l| state(&l.replay_to(t)));
            prop_assert_eq!(p.s.shown().map(state), straight);
            p.send(Intent::Play);
            for _ in 0..2_000 {
                if p.s.viewed().is_none() {
                    break;
                }
                p.frame(1_000.0);
            }
            prop_assert_eq!(p.s.viewed(), None);
            prop_assert_eq!(p.s.now(), now);
            prop_assert_eq!(live_state(&p.s), before);
            prop_assert_eq!(p.s.journal(), journal.as_slice());
            prop_assert_eq!(lines(&p.s), console);
        }

        #[test]
        fn undo_after_any_branch_restores_the_old_present(
            intents in proptest::collection::vec(forward_intent(), 1..14),
            back in 0u64..100_000,
            branch in prop_oneof![
                Just(Intent::Run("kubectl delete pod web-1".into())),
                Just(Intent::Apply),
                Just(Intent::SendTraffic(2)),
                Just(Intent::SetProxyMode(true)),
            ],
            then in proptest::collection::vec(forward_intent(), 0..4),
        ) {
            let mut p = play(&intents);
            p.send(Intent::Pause);
            let Some(now) = p.s.live().map(Simulation::now) else { return Ok(()) };
            // A line typed while a command runs goes to it: no new future.
            if now.ms() == 0 || console_busy(&p.s) {
                return Ok(());
            }
            let before = live_state(&p.s);
            p.send(Intent::Seek(back % now.ms()));
            let Some(t) = p.s.viewed() else { return Ok(()) };
            p.send(branch);
            prop_assert_eq!(p.s.now(), t);
            for intent in then {
                p.send(intent);
            }
            p.frame(500.0);
            p.send(Intent::Undo);
            prop_assert_eq!(p.s.now(), now);
            prop_assert_eq!(live_state(&p.s), before);
        }

        #[test]
        fn restore_of_save_shows_the_same_session_whatever_was_done(
            intents in proptest::collection::vec(any_intent(), 1..20)
        ) {
            let p = play(&intents);
            let r = roundtrip(&p.s);
            assert_same_session(&p.s, &r);
        }

        #[test]
        fn a_share_link_of_any_session_restores_the_same_session(
            intents in proptest::collection::vec(any_intent(), 1..20)
        ) {
            let p = play(&intents);
            let code = podplay::session::share::encode(&p.s.save());
            let saved = podplay::session::share::decode(&code)
                .unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
            let r = Session::restore(&saved, 1.0)
                .unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
            assert_same_session(&p.s, &r);
        }
    }
}

#[test]
fn the_dns_panel_lists_system_records_only_once_asked() {
    // Pins the DNS panel's toggle: off at first (the learner's records only, web-0.nginx
    // first), on lists the system records after them, off again hides them.
    let mut p = ready();
    let table = p.s.dns_view().expect("booted");
    assert!(!p.s.dns_system() && !table.show_system);
    assert_eq!(
        table.rows.first().map(|r| r.name.as_str()),
        Some("web-0.nginx.default.svc.cluster.local")
    );
    assert!(table.n_system > 0);
    assert!(table.rows.iter().all(|r| !r.system));
    p.send(Intent::ShowSystemDns(true));
    let all = p.s.dns_view().expect("booted");
    assert!(all.show_system);
    assert_eq!(all.rows.len(), table.rows.len() + table.n_system);
    assert_eq!(all.rows[..table.rows.len()], table.rows[..]);
    assert!(all.rows[table.rows.len()..].iter().all(|r| r.system));
    p.send(Intent::ShowSystemDns(false));
    assert_eq!(p.s.dns_view(), Some(table));
}

#[test]
fn the_console_wraps_by_default_and_the_choice_is_kept_in_a_record() {
    let mut s = Session::new("", DEFAULT_SEED, 1.0);
    assert!(s.console_view().wrap);
    let changed = s.dispatch(Intent::SetConsoleWrap(false));
    assert!(changed.console && !changed.scene && !changed.editor);
    assert!(!s.console_view().wrap);
    let saved = s.save();
    assert!(!saved.ui.console_wrap);
    let r = Session::restore(&saved, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert!(!r.console_view().wrap);
    // A record written before the choice existed wraps.
    let mut value: serde_json::Value = serde_json::from_str(&s.save_json()).expect("json");
    let ui = value
        .get_mut("ui")
        .and_then(serde_json::Value::as_object_mut);
    assert_eq!(
        ui.and_then(|ui| ui.remove("console_wrap")),
        Some(serde_json::Value::Bool(false))
    );
    let json = value.to_string();
    let old =
        Session::restore_json(&json, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert!(old.console_view().wrap);
}
