//! Embed mode: reading the page's address (every parameter, bad values, percent-decoding, the
//! fragment over the query), the `<iframe>` snippet, and the range of virtual time an embedded
//! figure keeps its reader within (Seek clamps to it, playing pauses at its end).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::engine::Simulation;
use podplay::examples;
use podplay::i18n::Lang;
use podplay::session::embed::{
    embed_snippet, parse_ms, percent_decode, snippet_height, EmbedConfig, Panel, Window,
    DEFAULT_PANELS,
};
use podplay::session::{Intent, Session, Theme, DEFAULT_SEED};

fn parse(search: &str) -> EmbedConfig {
    EmbedConfig::parse(search, "")
}

// ----- the address ---------------------------------------------------------------------------

#[test]
fn a_page_without_embed_is_not_an_embed() {
    let c = EmbedConfig::parse("", "");
    assert_eq!(c, EmbedConfig::default());
    assert!(!c.on);
    assert!(!parse("?example=statefulset&seed=3").on);
    assert!(!EmbedConfig::parse("?example=all", "#s=1.abc").on);
    // Switched off explicitly.
    assert!(!parse("?embed=0").on);
    assert!(!parse("?embed=false").on);
}

#[test]
fn embed_with_or_without_a_value_turns_it_on_with_the_default_panels() {
    for search in [
        "?embed",
        "?embed=",
        "?embed=1",
        "?embed=true",
        "embed",
        "?x=1&embed&y",
    ] {
        let c = parse(search);
        assert!(c.on, "{search}");
        assert_eq!(c.panels, vec![Panel::Scene, Panel::Console], "{search}");
        assert!(!c.autoplay);
        assert!(c.script.is_empty());
        assert_eq!(c.window, Window { from: 0, to: None });
        assert_eq!((c.lang, c.theme, c.keep.as_deref()), (None, None, None));
    }
    assert_eq!(DEFAULT_PANELS, [Panel::Scene, Panel::Console]);
    // In the fragment too (`#s=…&embed`).
    let c = EmbedConfig::parse("", "#s=1.eJx&embed");
    assert!(c.on);
}

#[test]
fn panels_are_read_in_a_fixed_order_with_unknown_names_left_out() {
    let c = parse("?embed&panels=traffic,scene,bogus,DNS,dns,events,editor,compare,console,scene");
    assert_eq!(
        c.panels,
        vec![
            Panel::Scene,
            Panel::Console,
            Panel::Editor,
            Panel::Events,
            Panel::Dns,
            Panel::Traffic,
            Panel::Compare
        ]
    );
    assert_eq!(parse("?embed&panels=scene").panels, vec![Panel::Scene]);
    assert_eq!(
        parse("?embed&panels=editor%2Cconsole").panels,
        vec![Panel::Console, Panel::Editor]
    );
    // Nothing known, or empty: the default.
    for bad in [
        "?embed&panels=",
        "?embed&panels=foo,bar",
        "?embed&panels=,,,",
    ] {
        assert_eq!(parse(bad).panels, DEFAULT_PANELS.to_vec(), "{bad}");
    }
    let c = parse("?embed&panels=scene,dns");
    assert!(c.shows(Panel::Dns));
    assert!(!c.shows(Panel::Console));
    for p in Panel::ALL {
        assert_eq!(Panel::from_id(p.id()), Some(p));
    }
}

#[test]
fn autoplay_is_a_switch() {
    for on in [
        "?embed&autoplay",
        "?embed&autoplay=1",
        "?embed&autoplay=true",
        "?embed&autoplay=",
    ] {
        assert!(parse(on).autoplay, "{on}");
    }
    for off in ["?embed", "?embed&autoplay=0", "?embed&autoplay=false"] {
        assert!(!parse(off).autoplay, "{off}");
    }
}

#[test]
fn the_script_is_percent_decoded_one_command_a_line() {
    let c = parse(
        "?embed&script=minikube%20start%0Akubectl+apply+-f+statefulset.yaml%0D%0A%0A%20kubectl%20get%20pods%20-o%20wide%20",
    );
    assert_eq!(
        c.script,
        vec![
            "minikube start",
            "kubectl apply -f statefulset.yaml",
            "kubectl get pods -o wide"
        ]
    );
    // Multi-byte text survives; `%2B` is a plus, `+` a space.
    let c = parse("?embed&script=echo%20%ED%95%9C%20a%2Bb+c");
    assert_eq!(c.script, vec!["echo 한 a+b c"]);
    // Bounded: at most 64 lines of at most 2,000 characters.
    let long = format!("?embed&script={}", vec!["x"; 100].join("%0A"));
    assert_eq!(parse(&long).script.len(), 64);
    let wide = format!("?embed&script={}", "y".repeat(5_000));
    assert_eq!(parse(&wide).script[0].len(), 2_000);
}

#[test]
fn a_script_that_uses_the_cluster_first_starts_one() {
    let c = parse("?embed&script=kubectl%20apply%20-f%20statefulset.yaml");
    assert_eq!(
        c.load_lines(false),
        vec!["minikube start", "kubectl apply -f statefulset.yaml"]
    );
    // A cluster already runs (a share link restored one): the script as it is.
    assert_eq!(
        c.load_lines(true),
        vec!["kubectl apply -f statefulset.yaml"]
    );
    // A script that starts minikube itself, or runs no kubectl, is left as it is.
    let c = parse("?embed&script=minikube%20start%20--nodes%3D2%0Akubectl%20get%20nodes");
    assert_eq!(
        c.load_lines(false),
        vec!["minikube start --nodes=2", "kubectl get nodes"]
    );
    assert_eq!(parse("?embed&script=ls").load_lines(false), vec!["ls"]);
    assert!(parse("?embed").load_lines(false).is_empty());
}

#[test]
fn from_and_to_read_ms_or_seconds() {
    assert_eq!(parse_ms("1500"), Some(1_500));
    assert_eq!(parse_ms("20s"), Some(20_000));
    assert_eq!(parse_ms("1.5s"), Some(1_500));
    assert_eq!(parse_ms("250ms"), Some(250));
    assert_eq!(parse_ms(" 0 "), Some(0));
    for bad in [
        "", "s", "-5", "-1s", "abc", "1e99", "NaN", "inf", "5m", "20 sec", "1.2.3",
    ] {
        assert_eq!(parse_ms(bad), None, "{bad}");
    }
    let c = parse("?embed&from=2s&to=20s");
    assert_eq!(
        c.window,
        Window {
            from: 2_000,
            to: Some(20_000)
        }
    );
    assert_eq!(
        parse("?embed&to=9000").window,
        Window {
            from: 0,
            to: Some(9_000)
        }
    );
    assert_eq!(
        parse("?embed&from=3s").window,
        Window {
            from: 3_000,
            to: None
        }
    );
    // A bad bound is left out; a range that ends before it starts is none at all.
    assert_eq!(
        parse("?embed&from=x&to=4s").window,
        Window {
            from: 0,
            to: Some(4_000)
        }
    );
    assert_eq!(parse("?embed&from=9s&to=4s").window, Window::default());
}

#[test]
fn language_theme_and_keep_fall_back_when_unknown() {
    let c = parse("?embed&lang=ko&theme=dark&keep=figure-1");
    assert_eq!(c.lang, Some(Lang::Ko));
    assert_eq!(c.theme, Some(Theme::Dark));
    assert_eq!(c.keep.as_deref(), Some("figure-1"));
    assert_eq!(parse("?embed&lang=en&theme=light").lang, Some(Lang::En));
    assert_eq!(parse("?embed&theme=light").theme, Some(Theme::Light));
    assert_eq!(parse("?embed&theme=system").theme, Some(Theme::System));
    let c = parse("?embed&lang=fr&theme=sepia&keep=a/b");
    assert_eq!((c.lang, c.theme, c.keep), (None, None, None));
    assert_eq!(parse("?embed&keep=").keep, None);
    assert_eq!(parse(&format!("?embed&keep={}", "k".repeat(41))).keep, None);
    assert_eq!(
        parse("?embed&keep=a.b_C-9").keep.as_deref(),
        Some("a.b_C-9")
    );
}

#[test]
fn the_fragment_wins_over_the_query() {
    let c = EmbedConfig::parse(
        "?embed&panels=scene&lang=en&autoplay=0&to=5s",
        "#s=1.xyz&panels=console,editor&lang=ko&autoplay&to=7s",
    );
    assert!(c.on);
    assert_eq!(c.panels, vec![Panel::Console, Panel::Editor]);
    assert_eq!(c.lang, Some(Lang::Ko));
    assert!(c.autoplay);
    assert_eq!(c.window.to, Some(7_000));
    let off = EmbedConfig::parse("?embed", "#embed=0");
    assert!(!off.on);
}

#[test]
fn percent_decoding_keeps_what_is_not_an_escape() {
    assert_eq!(percent_decode("a%20b+c"), "a b c");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz%4"), "%zz%4");
    assert_eq!(percent_decode("%41%62"), "Ab");
    assert_eq!(percent_decode("%FF"), "\u{fffd}");
    assert_eq!(percent_decode("%e2%9c%93"), "✓");
}

#[test]
fn bad_addresses_never_panic() {
    let nasty = [
        "?",
        "#",
        "?&&&",
        "?=",
        "?==embed",
        "?embed=%",
        "?%%%%",
        "?panels=%FF%FE",
        "?embed&from=%F0%9F&to=%",
        "?embed&script=%0A%0A%0A",
        "?embed&keep=%00",
        "?embed&lang=%E2%80",
        "?\u{0}embed",
    ];
    for s in nasty {
        let c = EmbedConfig::parse(s, s);
        assert!(!c.panels.is_empty(), "{s}");
    }
}

// ----- the snippet -------------------------------------------------------------------------

#[test]
fn the_snippet_embeds_the_session_with_the_chosen_panels() {
    let s = embed_snippet(
        "https://docs.example/play/",
        &[Panel::Console, Panel::Scene],
        true,
        "1.eJx-_",
    );
    assert_eq!(
        s,
        "<iframe src=\"https://docs.example/play/?embed&amp;panels=scene,console&amp;autoplay#s=1.eJx-_\" \
         title=\"podplay\" width=\"100%\" height=\"580\" loading=\"lazy\" style=\"border:0\"></iframe>"
    );
    let s = embed_snippet("http://h/", &[Panel::Scene], false, "1.A");
    assert_eq!(
        s,
        "<iframe src=\"http://h/?embed&amp;panels=scene#s=1.A\" title=\"podplay\" width=\"100%\" \
         height=\"360\" loading=\"lazy\" style=\"border:0\"></iframe>"
    );
    // No panels: the default ones.
    assert!(embed_snippet("http://h/", &[], false, "1.A").contains("panels=scene,console#s=1.A"));
    // Attribute values are escaped.
    let s = embed_snippet("http://h/a\"b<c>'", &[Panel::Dns], false, "1.A");
    assert!(
        s.starts_with("<iframe src=\"http://h/a&quot;b&lt;c&gt;&#39;?embed&amp;panels=dns#s=1.A\"")
    );
}

#[test]
fn the_snippet_height_follows_the_panels() {
    assert_eq!(snippet_height(&[Panel::Scene]), 360);
    assert_eq!(snippet_height(&[Panel::Scene, Panel::Console]), 580);
    assert_eq!(
        snippet_height(&[Panel::Scene, Panel::Events, Panel::Dns]),
        560
    );
    assert_eq!(snippet_height(&[Panel::Console]), 240);
    assert_eq!(snippet_height(&[Panel::Compare]), 360);
    assert_eq!(snippet_height(&Panel::ALL), 1_000);
}

// ----- the range of virtual time ------------------------------------------------------------

/// `?example=statefulset` as the page opens it, its script run, frames of 100 ms.
fn figure(from: Option<u64>, to: Option<u64>) -> (Session, f64) {
    let text = examples::text_of("statefulset").unwrap();
    let mut s = Session::new(&text, DEFAULT_SEED, 1.0);
    s.set_window(from, to);
    s.dispatch(Intent::Advance(0.0));
    let cfg = EmbedConfig::parse("?embed&script=kubectl%20apply%20-f%20statefulset.yaml", "");
    for line in cfg.load_lines(s.live().is_some()) {
        s.dispatch(Intent::Run(line));
    }
    (s, 0.0)
}

fn frames(s: &mut Session, wall: &mut f64, n: usize) {
    for _ in 0..n {
        *wall += 100.0;
        s.dispatch(Intent::Advance(*wall));
    }
}

fn pods(sim: Option<&Simulation>) -> Vec<String> {
    sim.map(|sim| {
        sim.cluster()
            .pods
            .values()
            .filter(|p| p.meta.namespace == "default")
            .map(|p| p.meta.name.clone())
            .collect()
    })
    .unwrap_or_default()
}

#[test]
fn the_example_script_creates_web_0_then_web_1() {
    let (mut s, mut wall) = figure(None, None);
    let mut seen: Vec<Vec<String>> = Vec::new();
    for _ in 0..1_200 {
        frames(&mut s, &mut wall, 1);
        let now = pods(s.live());
        if seen.last() != Some(&now) {
            seen.push(now);
        }
    }
    let firsts: Vec<&Vec<String>> = seen.iter().filter(|p| !p.is_empty()).take(2).collect();
    assert_eq!(
        firsts,
        [
            &vec!["web-0".to_string()],
            &vec!["web-0".to_string(), "web-1".to_string()]
        ]
    );
}

#[test]
fn playing_pauses_at_the_end_of_the_range() {
    let (mut s, mut wall) = figure(Some(5_000), Some(20_000));
    assert_eq!(
        s.window(),
        Window {
            from: 5_000,
            to: Some(20_000)
        }
    );
    assert!(s.is_playing());
    frames(&mut s, &mut wall, 400);
    assert_eq!(s.now().ms(), 20_000);
    assert!(!s.is_playing());
    let tl = s.playback_view().timeline;
    assert_eq!((tl.start_ms, tl.end_ms, tl.at_ms), (5_000, 20_000, 20_000));
    // Play at the end watches the range again from its start, and stops at its end once more.
    s.dispatch(Intent::Play);
    assert!(s.is_playing());
    assert_eq!(s.viewed().map(|t| t.ms()), Some(5_000));
    frames(&mut s, &mut wall, 400);
    assert!(!s.is_playing());
    assert_eq!(s.now().ms(), 20_000);
    assert_eq!(s.playback_view().timeline.at_ms, 20_000);
    // A step at the end does nothing.
    s.dispatch(Intent::Step);
    assert_eq!(s.now().ms(), 20_000);
}

#[test]
fn seek_stays_within_the_range() {
    let (mut s, mut wall) = figure(Some(5_000), Some(20_000));
    frames(&mut s, &mut wall, 400);
    s.dispatch(Intent::Seek(0));
    assert_eq!(s.viewed().map(|t| t.ms()), Some(5_000));
    assert_eq!(s.playback_view().timeline.at_ms, 5_000);
    s.dispatch(Intent::Seek(9_000));
    assert_eq!(s.viewed().map(|t| t.ms()), Some(9_000));
    s.dispatch(Intent::Seek(90_000));
    assert_eq!(
        s.viewed().map(|t| t.ms()),
        None,
        "the end of the range is the present"
    );
    assert_eq!(s.now().ms(), 20_000);
    // Without a range, Seek(0) goes back to the boot.
    let (mut free, mut wall) = figure(None, None);
    frames(&mut free, &mut wall, 100);
    free.dispatch(Intent::Seek(0));
    let boot = free.live().unwrap().booted_at().ms();
    assert_eq!(free.viewed().map(|t| t.ms()), Some(boot));
    assert_eq!(free.playback_view().timeline.start_ms, 0);
}

#[test]
fn a_range_set_after_the_present_passed_it_shows_its_end() {
    let (mut s, mut wall) = figure(None, None);
    frames(&mut s, &mut wall, 300);
    assert!(s.now().ms() > 25_000);
    s.set_window(None, Some(25_000));
    assert_eq!(s.viewed().map(|t| t.ms()), Some(25_000));
    let tl = s.playback_view().timeline;
    assert_eq!((tl.start_ms, tl.end_ms, tl.at_ms), (0, 25_000, 25_000));
    s.dispatch(Intent::Play);
    frames(&mut s, &mut wall, 10);
    let boot = s.live().unwrap().booted_at().ms();
    assert_eq!(
        s.viewed().map(|t| t.ms()),
        Some(boot + 1_000),
        "from the start again"
    );
}
