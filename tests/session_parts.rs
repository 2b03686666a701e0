//! The pure parts of the page's session, natively: the console's screen (scrollback cap,
//! clear, open lines), ↑/↓ recall, Tab completion, the wall-to-virtual clock, and the editor's
//! revisions and example choice.

use podplay::console::Files;
use podplay::console::{Line, Output, Stream};
use podplay::examples;
use podplay::session::editor::{count_lines, Choice, Editor};
use podplay::session::screen::{
    columns, complete, Clock, Completion, Kind, Recall, Screen, MAX_LINES, MAX_WALL_DT_MS,
};
use podplay::session::terminal::{files, EDITOR_FILE};

/// `replicas` misspelled: one error.
const TYPO_REPLICA: &str = include_str!("../fixtures/manifests/typo-replica.yaml");

#[test]
fn the_scrollback_keeps_only_the_newest_lines() {
    // Pins the cap: after MAX_LINES + 10 lines the oldest 10 are gone, ids stay unique.
    let mut screen = Screen::new();
    for i in 0..MAX_LINES + 10 {
        screen.push(Kind::Out, "", &i.to_string());
    }
    assert_eq!(screen.len(), MAX_LINES);
    assert_eq!(screen.lines().next().unwrap().text, "10");
    assert_eq!(screen.lines().next().unwrap().id, 10);
}

#[test]
fn clear_output_empties_the_screen_before_its_lines() {
    // Pins Output::clear and the Copy text (prompt + line, stderr as plain text).
    let mut screen = Screen::new();
    screen.push(Kind::Welcome, "", "");
    screen.echo("$ ", "clear", None);
    screen.show(Output {
        lines: vec![Line {
            stream: Stream::Err,
            text: "after".to_string(),
        }],
        clear: true,
        ..Output::default()
    });
    screen.echo("/ # ", "hostname", None);
    assert_eq!(screen.text("hi"), "after\n/ # hostname\n");
}

#[test]
fn an_open_line_is_continued_by_a_later_pump() {
    // Pins `kubectl get pod web-0 --template '{{…}}'; echo` in the page: the template's line,
    // left open, is ended by the echo that comes in the next pump, with no blank line.
    let mut screen = Screen::new();
    screen.echo(
        "$ ",
        "kubectl get pod web-0 --template '{{.spec.nodeName}}'; echo",
        None,
    );
    let mut first = Output::new();
    first.out_text("minikube");
    screen.show(first);
    let mut second = Output::new();
    second.out("");
    screen.show(second);
    screen.echo("$ ", "true", None);
    assert_eq!(
        screen.text("hi"),
        "$ kubectl get pod web-0 --template '{{.spec.nodeName}}'; echo\nminikube\n$ true\n"
    );
}

#[test]
fn recall_with_no_history_leaves_the_line() {
    // Pins ↑ on an empty history and ↓ when not recalling: nothing changes.
    let mut recall = Recall::default();
    assert_eq!(recall.up(&[], "x"), None);
    assert_eq!(recall.down(&[]), None);
}

#[test]
fn tab_fills_one_candidate_and_lists_several() {
    // Pins Tab: one candidate replaces the last word (plus a space); several keep the line,
    // extended by their common prefix, and are listed in columns.
    let one = vec!["get".to_string()];
    assert_eq!(
        complete("kubectl ge", &one),
        Completion::Fill("kubectl get ".to_string())
    );
    let paths = vec!["statefulset.yaml".to_string()];
    assert_eq!(
        complete("kubectl apply -f st", &paths),
        Completion::Fill("kubectl apply -f statefulset.yaml ".to_string())
    );
    let many = vec!["delete".to_string(), "describe".to_string()];
    assert_eq!(
        complete("kubectl d", &many),
        Completion::Many {
            line: "kubectl de".to_string(),
            candidates: many.clone()
        }
    );
    assert_eq!(complete("kubectl x", &[]), Completion::None);
    assert_eq!(columns(&many, 80), vec!["delete    describe".to_string()]);
    assert_eq!(columns(&many, 12), vec!["delete", "describe"]);
}

#[test]
fn the_clock_scales_wall_time_and_clamps_a_long_pause() {
    // Pins wall → virtual time: speed multiplies, fractions carry, a background tab's long
    // pause counts as at most MAX_WALL_DT_MS.
    let mut clock = Clock::new(20.0);
    assert_eq!(clock.step(50.0), 1_000);
    assert_eq!(clock.step(3_600_000.0), 20_000);
    assert_eq!(clock.step(-5.0), 0);
    let mut slow = Clock::new(0.5);
    assert_eq!(slow.step(3.0), 1);
    assert_eq!(slow.step(1.0), 1);
    assert!((MAX_WALL_DT_MS - 1_000.0).abs() < f64::EPSILON);
    assert!((Clock::new(f64::NAN).speed - 1.0).abs() < f64::EPSILON);
}

#[test]
fn edits_are_custom_and_a_stale_revalidation_is_ignored() {
    // Pins the editor's revision bookkeeping: only the latest text's analysis is kept.
    let mut ed = Editor::new(examples::all_together());
    assert_eq!(ed.choice, Choice::All);
    assert!(!ed.is_stale());
    assert!(ed.edit(TYPO_REPLICA.into()));
    assert!(!ed.edit(TYPO_REPLICA.into()), "the same text is no edit");
    assert_eq!(ed.choice, Choice::Custom);
    assert_eq!(ed.rev, 1);
    assert!(ed.is_stale());
    assert_eq!(ed.analysis.objects.len(), 4, "analysis waits for the pause");
    assert!(!ed.revalidate(0));
    assert!(ed.is_stale());
    assert!(ed.revalidate(1));
    assert!(!ed.is_stale());
    assert_eq!(ed.analysis.objects.len(), 1);
    assert_eq!(ed.analysis.n_errors(), 1);
}

#[test]
fn examples_are_picked_by_known_id_and_focus_requests_count() {
    // Pins PickExample (known ids only, analyzed at once) and repeatable focus requests.
    let mut ed = Editor::new(examples::all_together());
    assert!(!ed.pick_example("custom"));
    assert_eq!(ed.rev, 0);
    assert!(ed.pick_example("headless"));
    assert_eq!(ed.choice, Choice::Example("headless"));
    assert_eq!(&*ed.text, examples::HEADLESS_SERVICE);
    assert!(!ed.is_stale());
    assert_eq!(ed.n_lines, count_lines(examples::HEADLESS_SERVICE));
    ed.focus_diagnostic(3, 2);
    let first = ed.focus;
    ed.focus_diagnostic(3, 2);
    assert_eq!(first.map(|f| (f.line, f.col)), Some((3, 2)));
    assert_ne!(first, ed.focus, "the same place twice is two requests");
    ed.edit("x".into());
    assert_eq!(ed.focus, None);
}

#[test]
fn restored_text_shows_the_example_it_came_from() {
    // Pins Choice::of_text, which lets a reload show the right picker entry.
    assert_eq!(Choice::of_text(&examples::all_together()), Choice::All);
    assert_eq!(
        Choice::of_text(examples::DEPLOYMENT_SERVICE),
        Choice::Example("deployment")
    );
    assert_eq!(Choice::of_text("kind: Pod\n"), Choice::Custom);
    assert_eq!(Choice::from_id("custom"), None);
}

#[test]
fn the_console_sees_the_three_tutorial_files_and_the_editor() {
    // Pins the documents `kubectl apply -f` can read.

    let f = files("kind: Pod\n");
    assert_eq!(
        f.names(),
        vec![
            "deployment-service.yaml",
            EDITOR_FILE,
            "headless-service.yaml",
            "statefulset.yaml"
        ]
    );
    assert_eq!(f.read("statefulset.yaml").unwrap(), examples::STATEFULSET);
    assert_eq!(f.read(EDITOR_FILE).unwrap(), "kind: Pod\n");
}
