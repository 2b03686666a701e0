//! Several console terminals on one cluster: a watch keeps streaming in a second terminal
//! while the first one applies, each terminal keeps its own screen, history and running
//! command, and saving, restoring and time travel keep both screens.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::engine::Time;
use podplay::session::journal::Action;
use podplay::session::{Intent, Session};

mod common;
use common::page::Page;

const WATCH: &str = "kubectl get pods -w";

/// The lines of the terminal in front, each as the page shows it (`$ ` before an echo).
fn screen(s: &Session) -> Vec<String> {
    s.console_view()
        .lines
        .iter()
        .map(|l| format!("{}{}", l.prompt, l.text))
        .collect()
}

/// The lines of terminal `id` (brought to the front to read it, then put back).
fn screen_of(p: &mut Page, id: u32) -> Vec<String> {
    let front = p.s.console_view().terminal;
    p.send(Intent::SelectTerminal(id));
    let lines = screen(&p.s);
    p.send(Intent::SelectTerminal(front));
    lines
}

/// Each watch row's NAME and STATUS, in the order printed.
fn rows(lines: &[String]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter(|l| l.starts_with("web-"))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0].to_string(), f[2].to_string())
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect()
}

/// The StatefulSet's whole arrival as `kubectl get pods -w` prints it (reference §3.2).
fn arrival() -> Vec<(String, String)> {
    pairs(&[
        ("web-0", "Pending"),
        ("web-0", "Pending"),
        ("web-0", "ContainerCreating"),
        ("web-0", "Running"),
        ("web-1", "Pending"),
        ("web-1", "Pending"),
        ("web-1", "ContainerCreating"),
        ("web-1", "Running"),
    ])
}

/// minikube started in terminal 1, terminal 2 opened with a watch running in it, terminal 1
/// in front again.
fn watching() -> Page {
    let mut p = Page::with("", 1.0);
    p.run_done("minikube start");
    p.run_done("kubectl apply -f headless-service.yaml");
    p.run_secs(5);
    p.send(Intent::OpenTerminal);
    assert_eq!(p.s.console_view().terminal, 2);
    p.run(WATCH);
    p.run_secs(3);
    assert!(
        p.s.console_view().busy,
        "the watch waits on an idle cluster"
    );
    p.send(Intent::SelectTerminal(1));
    p
}

#[test]
fn a_watch_in_terminal_two_shows_web_0_then_web_1_while_terminal_one_applies() {
    let mut p = watching();
    let view = p.s.console_view();
    assert_eq!(
        view.terminals
            .iter()
            .map(|t| (t.id, t.label.as_str(), t.busy, t.selected))
            .collect::<Vec<_>>(),
        vec![
            (1, "Terminal 1", false, true),
            (2, "Terminal 2", true, false)
        ]
    );
    p.run_done("kubectl apply -f statefulset.yaml");
    // Terminal 1 runs other commands meanwhile; its screen has none of the watch's rows.
    p.run_secs(3);
    p.run_done("kubectl get svc nginx");
    let one = screen(&p.s);
    assert!(one.contains(&"$ kubectl apply -f statefulset.yaml".to_string()));
    assert!(one.contains(&"statefulset.apps/web created".to_string()));
    assert!(one
        .iter()
        .any(|l| l.starts_with("nginx   ClusterIP   None")));
    assert!(!one.iter().any(|l| l.starts_with("web-")), "{one:?}");
    p.run_secs(40);
    let two = screen_of(&mut p, 2);
    assert_eq!(two[1], "$ kubectl get pods -w");
    assert_eq!(
        two[2], "NAME    READY   STATUS    RESTARTS   AGE",
        "{two:?}"
    );
    assert_eq!(rows(&two), arrival(), "{two:?}");
    // The watch still runs: it never ends because the cluster came to rest.
    assert!(p.s.console_view().terminals[1].busy);
    // Ctrl-C stops it in its own terminal only.
    p.send(Intent::SelectTerminal(2));
    p.send(Intent::Interrupt(String::new()));
    assert!(!p.s.console_view().busy);
    assert_eq!(screen(&p.s).last().map(String::as_str), Some("^C"));
}

#[test]
fn each_terminal_keeps_its_history_its_queue_and_its_shell() {
    let mut p = watching();
    p.run_done("X=one");
    // Terminal 2's line waits behind its watch; terminal 1 goes on.
    p.send(Intent::SelectTerminal(2));
    assert_eq!(p.s.recall_up(""), Some(WATCH.to_string()));
    p.send(Intent::Type("echo two-$X".to_string()));
    p.send(Intent::SelectTerminal(1));
    p.run_done("echo one-$X");
    assert_eq!(p.s.recall_up(""), Some("echo one-$X".to_string()));
    assert_eq!(screen(&p.s).last().map(String::as_str), Some("one-one"));
    p.send(Intent::SelectTerminal(2));
    p.send(Intent::Interrupt(String::new()));
    // The interrupt dropped the typed-ahead line, as a terminal does.
    p.run_done("echo two-$X");
    assert_eq!(screen(&p.s).last().map(String::as_str), Some("two-"));
    p.send(Intent::ClearScreen);
    assert_eq!(screen(&p.s).len(), 0);
    assert!(screen_of(&mut p, 1).contains(&"one-one".to_string()));
}

#[test]
fn closing_a_terminal_ends_its_watch_and_keeps_the_last_one() {
    let mut p = watching();
    p.send(Intent::CloseTerminal(2));
    let view = p.s.console_view();
    assert_eq!(view.terminals.len(), 1);
    assert_eq!(view.terminal, 1);
    p.send(Intent::CloseTerminal(1));
    assert_eq!(p.s.console_view().terminals.len(), 1);
    p.send(Intent::OpenTerminal);
    assert_eq!(p.s.console_view().terminal, 3, "ids are never reused");
    p.send(Intent::CloseTerminal(3));
    assert_eq!(p.s.console_view().terminal, 1);
    let kinds: Vec<String> =
        p.s.journal()
            .iter()
            .filter_map(|e| match &e.action {
                Action::OpenTerminal => Some("open".to_string()),
                Action::CloseTerminal(id) => Some(format!("close {id}")),
                Action::Run(l) => Some(format!("{:?} {l}", e.term)),
                _ => None,
            })
            .collect();
    assert_eq!(
        kinds,
        vec![
            "None minikube start",
            "None kubectl apply -f headless-service.yaml",
            "open",
            "Some(2) kubectl get pods -w",
            "close 2",
            "open",
            "close 3"
        ]
    );
}

#[test]
fn save_and_restore_bring_both_screens_back() {
    let mut p = watching();
    // The Apply button, with the StatefulSet in the editor.
    p.send(Intent::Edit(podplay::examples::STATEFULSET.to_string()));
    p.send(Intent::Apply);
    p.run_secs(40);
    p.run_done("kubectl get sts web");
    p.send(Intent::SelectTerminal(2));
    let saved = p.s.save_json();
    assert!(
        saved.contains(r#""term":2,"run":"kubectl get pods -w""#),
        "{saved}"
    );
    let mut r = Page {
        s: Session::restore_json(&saved, 1.0).unwrap(),
        wall: 0.0,
    };
    assert_eq!(r.s.console_view().terminal, 2);
    assert_eq!(screen(&r.s), screen(&p.s));
    assert_eq!(screen_of(&mut r, 1), screen_of(&mut p, 1));
    assert_eq!(r.s.now(), p.s.now());
    // The restored watch still runs and goes on printing.
    assert!(r.s.console_view().busy);
    let two = screen(&r.s);
    assert_eq!(rows(&two).get(..8), Some(&arrival()[..]), "{two:?}");
}

#[test]
fn a_seek_back_and_an_action_there_then_undo_keep_both_screens_consistent() {
    let mut p = watching();
    p.run_done("kubectl apply -f statefulset.yaml");
    let applied = p.s.now();
    p.run_secs(40);
    let before_two = screen_of(&mut p, 2);
    assert_eq!(rows(&before_two), arrival());
    // Looking back changes nothing; back at the present, both screens are as they were.
    p.send(Intent::Seek(applied.ms() - 1_000));
    assert_eq!(p.s.viewed(), Some(Time(applied.ms() - 1_000)));
    p.send(Intent::ToLive);
    assert_eq!(screen_of(&mut p, 2), before_two);
    // An action in the past puts the future aside: the apply line of terminal 1 is marked,
    // and the watch (which ran across it) has ended.
    p.send(Intent::Seek(applied.ms() - 1_000));
    p.run("kubectl get pods");
    let marked: Vec<String> =
        p.s.console_view()
            .lines
            .iter()
            .filter(|l| l.discarded)
            .map(|l| format!("{}{}", l.prompt, l.text))
            .collect();
    assert!(
        marked.contains(&"$ kubectl apply -f statefulset.yaml".to_string()),
        "{marked:?}"
    );
    assert!(!p.s.console_view().terminals[1].busy);
    assert_eq!(p.s.put_aside().map(|(_, n)| n), Some(1));
    // Undo brings the future back and its lines unmarked, in both terminals.
    p.send(Intent::Undo);
    assert!(p
        .s
        .console_view()
        .lines
        .iter()
        .any(|l| l.text == "kubectl apply -f statefulset.yaml" && !l.discarded));
    let web0 = podplay::engine::Key::new("default", "web-0");
    assert_eq!(
        p.s.live().map(|s| s.cluster().pods.contains_key(&web0)),
        Some(true)
    );
    // Terminal 2 keeps what its watch printed, none of it marked.
    assert_eq!(screen_of(&mut p, 2), before_two);
    p.send(Intent::SelectTerminal(2));
    assert!(p.s.console_view().lines.iter().all(|l| !l.discarded));
}

#[test]
fn the_apply_button_with_the_seed_streams_web_0_then_web_1_into_the_watch() {
    let mut p = watching();
    p.send(Intent::Edit(podplay::examples::all_together()));
    p.send(Intent::Apply);
    p.run_done("kubectl get sts web");
    p.run_secs(40);
    let two = screen_of(&mut p, 2);
    assert_eq!(rows(&two), arrival(), "{two:?}");
    assert!(!screen(&p.s).iter().any(|l| l.starts_with("web-0 ")));
}

#[test]
fn a_line_in_a_terminal_behind_goes_on_and_its_typed_ahead_line_runs_there() {
    let mut p = Page::with("", 1.0);
    p.run_done("minikube start");
    p.send(Intent::OpenTerminal);
    p.run("sleep 3 && echo later");
    p.send(Intent::Type("echo next".to_string()));
    p.send(Intent::SelectTerminal(1));
    p.run_done("echo front");
    p.run_secs(1);
    assert!(p.s.console_view().terminals[1].busy);
    p.run_secs(4);
    assert!(!p.s.console_view().terminals[1].busy);
    let two = screen_of(&mut p, 2);
    assert_eq!(
        two[1..],
        ["$ sleep 3 && echo later", "later", "$ echo next", "next"]
    );
    let one = screen(&p.s);
    assert_eq!(one.last().map(String::as_str), Some("front"));
    assert!(!one.iter().any(|l| l == "later" || l == "next"));
}
