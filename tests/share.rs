//! Share links: the session record as a URL-safe text and back, byte for byte; damaged or
//! newer links refused with a message; the seed tutorial's state short enough for an address.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use podplay::engine::Simulation;
use podplay::examples;
use podplay::i18n::{Lang, Msg};
use podplay::session::journal::{Action, Entry};
use podplay::session::save::{Saved, SavedTraffic, SavedView};
use podplay::session::share::{decode, encode};
use podplay::session::{Intent, Mode, Session, DEFAULT_SEED};
use proptest::prelude::*;

mod common;
use common::page::Page;

// ----- random records ---------------------------------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => proptest::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter),
        1 => Just(examples::all_together()),
        1 => Just("apiVersion: v1\nkind: Pod\nmetadata:\n  name: 웹-0 # \"quoted\" \\ \u{0}\n".to_string()),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        text().prop_map(Action::Run),
        text().prop_map(Action::Interrupt),
        text().prop_map(Action::Apply),
        (text(), proptest::option::of(text()))
            .prop_map(|(file, text)| Action::ApplyFile { file, text }),
        text().prop_map(Action::Editor),
        proptest::collection::btree_map(text(), text(), 0..3).prop_map(Action::Files),
        (text(), text(), any::<u32>()).prop_map(|(client, target, n)| Action::Requests {
            client,
            target,
            n
        }),
        Just(Action::Clear),
        text().prop_map(Action::ProxyMode),
        any::<u64>().prop_map(Action::Branch),
        Just(Action::Undo),
        Just(Action::CompareOpen),
        any::<u64>().prop_map(Action::CompareBranch),
        Just(Action::OpenTerminal),
        any::<u32>().prop_map(Action::CloseTerminal),
    ]
}

fn entry() -> impl Strategy<Value = Entry> {
    (any::<u64>(), proptest::option::of(any::<u32>()), action())
        .prop_map(|(t, term, action)| Entry { t, term, action })
}

fn view() -> impl Strategy<Value = SavedView> {
    (
        (
            prop_oneof![Just("cluster"), Just("compare")],
            prop_oneof![Just("events"), Just("dns"), Just("traffic")],
        ),
        (
            prop_oneof![Just("en"), Just("ko")],
            prop_oneof![Just("light"), Just("dark"), Just("auto")],
        ),
        (
            prop_oneof![Just(0.25), Just(0.5), Just(1.0), Just(2.0), Just(10.0)],
            any::<bool>(),
            text(),
        ),
        (any::<bool>(), text(), text(), any::<u32>()),
        (proptest::option::of(any::<u32>()), any::<bool>()),
    )
        .prop_map(
            |(
                (mode, tab),
                (lang, theme),
                (speed, playing, dns),
                (on, target, client, rate),
                (terminal, console_wrap),
            )| SavedView {
                mode: mode.into(),
                tab: tab.into(),
                lang: lang.into(),
                theme: theme.into(),
                speed,
                playing,
                dns,
                traffic: SavedTraffic {
                    on,
                    target,
                    client,
                    rate,
                },
                terminal,
                console_wrap,
            },
        )
}

fn saved() -> impl Strategy<Value = Saved> {
    (
        (any::<u32>(), any::<u32>(), any::<u64>()),
        (
            proptest::collection::btree_map(text(), text(), 0..4),
            proptest::collection::vec(text(), 0..4),
            any::<usize>(),
        ),
        (
            proptest::collection::vec(entry(), 0..12),
            proptest::collection::vec(text(), 0..3),
        ),
        proptest::collection::btree_map(
            any::<u32>(),
            proptest::collection::vec(text(), 0..3),
            0..3,
        ),
        (
            any::<u64>(),
            proptest::option::of(any::<u64>()),
            proptest::option::of(any::<u64>()),
            proptest::option::of(any::<u64>()),
        ),
        view(),
    )
        .prop_map(
            |(
                (v, engine, seed),
                (files, tabs, active),
                (actions, pending),
                pending_in,
                (now, compare_now, view, compare_view),
                ui,
            )| Saved {
                v,
                engine,
                seed,
                files,
                tabs,
                active,
                actions,
                pending,
                pending_in,
                now,
                compare_now,
                view,
                compare_view,
                ui,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_record_comes_back_from_its_link_unchanged(record in saved()) {
        let code = encode(&record);
        prop_assert!(code.starts_with("1."));
        prop_assert!(code.bytes().skip(2).all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'), "{}", code);
        prop_assert_eq!(decode(&code), Ok(record));
    }

    #[test]
    fn a_damaged_link_is_refused_never_a_panic(record in saved(), cut in any::<usize>(), at in any::<usize>(), c in any::<char>()) {
        let code = encode(&record);
        // Cut short: deflate or JSON notices the missing end.
        let short = &code[..2 + cut % (code.len() - 2)];
        prop_assert_eq!(decode(short).map_err(|m| m.id), Err("share.bad"));
        // Any character changed: refused, or read as some record (never a panic).
        let mut chars: Vec<char> = code.chars().collect();
        let i = at % chars.len();
        chars[i] = c;
        let changed: String = chars.into_iter().collect();
        if let Err(m) = decode(&changed) {
            prop_assert!(m.id == "share.bad" || m.id == "share.newer", "{}", m.id);
        }
    }
}

// ----- damaged and newer links ------------------------------------------------------------------

fn why(code: &str) -> String {
    decode(code).map(|_| ()).unwrap_err().render(Lang::En)
}

#[test]
fn damaged_links_say_why_they_are_not_read() {
    let code = encode(&seed_state().save());
    assert_eq!(
        why(""),
        "This share link could not be read (no format); podplay opened its usual page instead."
    );
    assert_eq!(why("abc"), why(""));
    assert!(
        why("x.abc").contains("(unknown format)"),
        "{}",
        why("x.abc")
    );
    assert!(why("0.abc").contains("(unknown format)"));
    assert!(why("1.ab=c").contains("(not base64)"));
    assert!(why("1.a").contains("(not base64)"));
    // Cut at a whole group of four characters: good base64, half a deflate stream.
    let half = &code[..2 + (code.len() - 2) / 8 * 4];
    assert!(why(half).contains("(not deflate)"), "{}", why(half));
    // Valid deflate of something that is not a record.
    let not_a_record = podplay::session::share::encode_bytes(b"{\"v\":1}");
    assert!(
        why(&not_a_record).starts_with("This share link could not be read (missing field"),
        "{}",
        why(&not_a_record)
    );
    // A flipped character in the middle: refused.
    let mut flipped = code.clone().into_bytes();
    let mid = flipped.len() / 2;
    flipped[mid] = if flipped[mid] == b'A' { b'B' } else { b'A' };
    assert!(decode(&String::from_utf8(flipped).unwrap()).is_err());
}

#[test]
fn a_link_of_a_newer_format_names_it() {
    let code = encode(&seed_state().save());
    let newer = format!("2{}", &code[1..]);
    assert_eq!(decode(&newer), Err(Msg::new("share.newer").text("2")));
    assert_eq!(
        why(&newer),
        "This share link was made by a newer podplay (link format 2; this one reads format 1); podplay opened its usual page instead."
    );
}

#[test]
fn a_record_that_inflates_past_the_cap_is_refused() {
    let huge = vec![b' '; podplay::session::share::MAX_INFLATED + 1];
    let code = podplay::session::share::encode_bytes(&huge);
    // A few kilobytes of link that would inflate to over 4 MiB.
    assert!(code.len() < 10_000, "{}", code.len());
    assert!(why(&code).contains("(not deflate)"));
}

// ----- the seed tutorial ------------------------------------------------------------------------

fn app_pods(sim: &Simulation) -> Vec<(String, &'static str, bool)> {
    sim.cluster()
        .pods
        .values()
        .filter(|p| p.meta.namespace == "default")
        .map(|p| (p.meta.name.clone(), p.phase().name(), p.is_ready()))
        .collect()
}

/// The seed applied and settled (its four pods Ready), then three console commands.
fn seed_page() -> Page {
    let mut s = Session::new(&examples::all_together(), DEFAULT_SEED, 1.0);
    s.dispatch(Intent::Advance(0.0));
    let mut p = Page { s, wall: 0.0 };
    p.s.dispatch(Intent::Apply);
    for _ in 0..1200 {
        let ready = p.s.live().is_some_and(|sim| {
            let pods = app_pods(sim);
            pods.len() == 4 && pods.iter().all(|(_, _, r)| *r)
        });
        if ready {
            break;
        }
        p.frame(100.0);
    }
    p.run_secs(2);
    for line in ["kubectl get pods", "kubectl get pvc", "kubectl get svc"] {
        p.s.dispatch(Intent::Run(line.into()));
        p.run_secs(2);
    }
    p
}

fn seed_state() -> Session {
    seed_page().s
}

fn through_link(s: &Session) -> (String, Session) {
    let code = encode(&s.save());
    let saved = decode(&code).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    let r = Session::restore(&saved, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    (code, r)
}

fn assert_same(a: &Session, b: &Session) {
    assert_eq!(a.save(), b.save());
    assert_eq!(a.console_text(), b.console_text());
    assert_eq!(a.now(), b.now());
    assert_eq!(a.viewed(), b.viewed());
    assert_eq!(a.mode(), b.mode());
    assert_eq!(a.live().map(app_pods), b.live().map(app_pods));
    assert_eq!(a.shown().map(app_pods), b.shown().map(app_pods));
}

#[test]
fn the_seed_tutorials_applied_state_fits_in_under_2000_characters() {
    let s = seed_state();
    let pods = s.live().map(app_pods).unwrap();
    assert_eq!(
        pods.iter()
            .map(|p| p.0.as_str())
            .filter(|n| n.starts_with("web-"))
            .collect::<Vec<_>>(),
        ["web-0", "web-1"]
    );
    let (code, r) = through_link(&s);
    println!(
        "the seed tutorial's applied state: {} characters",
        code.len()
    );
    assert!(code.len() < 2_000, "{} characters", code.len());
    assert_same(&s, &r);
    assert!(r.console_text().contains("web-1"));
}

#[test]
fn the_seed_tutorial_comes_back_from_a_link_at_several_moments() {
    let mut p = seed_page();
    // Part of the way: a moment in the past looked at.
    p.s.dispatch(Intent::Pause);
    p.s.dispatch(Intent::Seek(4_000));
    let (_, r) = through_link(&p.s);
    assert_same(&p.s, &r);
    assert_eq!(r.viewed().map(|t| t.ms()), Some(4_000));
    // Back to the present, web-0 deleted, in Korean, half-way through its return.
    p.s.dispatch(Intent::ToLive);
    p.s.dispatch(Intent::Play);
    p.s.dispatch(Intent::SetLanguage(Lang::Ko));
    p.s.dispatch(Intent::Run("kubectl delete pod web-0".into()));
    p.run_secs(1);
    let (_, r) = through_link(&p.s);
    assert_same(&p.s, &r);
    assert_eq!(r.lang(), Lang::Ko);
    // The comparison open.
    p.s.dispatch(Intent::SetMode(Mode::Compare));
    p.run_secs(3);
    let (_, r) = through_link(&p.s);
    assert_same(&p.s, &r);
    assert_eq!(r.mode(), Mode::Compare);
}

#[test]
fn an_empty_record_map_survives_too() {
    // Files with no tabs (a record from before tabs) are written and read as they are.
    let mut record = seed_state().save();
    record.tabs.clear();
    record.files = BTreeMap::new();
    assert_eq!(decode(&encode(&record)), Ok(record));
}

#[test]
fn a_link_whose_moments_are_years_away_still_restores() {
    // Pins that time runs over an idle stretch in one step: a link whose comparison stood at
    // u64::MAX ms used to take a snapshot every 10 s of the way and never came back.
    let mut s = Session::new(&examples::all_together(), DEFAULT_SEED, 1.0);
    s.dispatch(Intent::Advance(0.0));
    let mut saved = s.save();
    for action in [Action::Run("minikube start".into()), Action::CompareOpen] {
        saved.actions.push(Entry {
            t: 0,
            term: None,
            action,
        });
    }
    saved.compare_now = Some(u64::MAX);
    saved.now = 1 << 40;
    let r = Session::restore(&saved, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert_eq!(r.now().ms(), 1 << 40);
    assert_eq!(r.save().compare_now, Some(u64::MAX));
}

#[test]
fn a_link_years_ahead_of_a_cluster_that_never_settles_replays_a_bounded_stretch() {
    // Pins the replay's event budget: a pod whose ConfigMap never comes retries its mount every
    // 10 s forever, so a link whose last action lies at u64::MAX ms used to simulate ever on.
    // It replays up to the budget, stops there and says so in the console.
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: waits\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sleep\", \"3600\"]\n    volumeMounts:\n    - name: cfg\n      mountPath: /cfg\n  volumes:\n  - name: cfg\n    configMap:\n      name: missing\n";
    let mut s = Session::new(&examples::all_together(), DEFAULT_SEED, 1.0);
    s.dispatch(Intent::Advance(0.0));
    let mut saved = s.save();
    for (t, action) in [
        (0, Action::Run("minikube start".into())),
        (3_000, Action::Apply(pod.into())),
        (u64::MAX, Action::Run("kubectl get pods".into())),
    ] {
        saved.actions.push(Entry {
            t,
            term: None,
            action,
        });
    }
    saved.now = u64::MAX;
    let r = Session::restore(&saved, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    let events = r.live().map_or(0, Simulation::n_events);
    assert!(
        events < podplay::session::save::RESTORE_EVENTS + 2 * podplay::console::MAX_EVENTS_PER_PUMP,
        "{events} events"
    );
    assert!(r.now().ms() < u64::MAX / 2, "stopped at {}", r.now().ms());
    let text = r.transcript();
    assert!(
        text.contains("podplay replayed this session's first 500000 cluster events and stopped at"),
        "{text}"
    );
}
