//! What the playback bar and the console draw, computed from the session.

use std::rc::Rc;

use crate::engine::{Simulation, Time};
use crate::i18n::{t, Lang, Msg};
use crate::manifest::Analysis;

use super::editor::{Choice, Focus};
use crate::view_model::why::{self, Explanation, Target};

use super::screen::Kind;
use super::terminal::{FocusTo, Request};
use super::{Mode, Session};

/// `m:ss` of virtual time.
#[must_use]
pub fn clock_text(t: Time) -> String {
    let s = t.ms() / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The bar above the scene.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaybackView {
    pub mode: Mode,
    pub playing: bool,
    pub speed: f64,
    /// A cluster runs (Play and the timeline work).
    pub booted: bool,
    /// Something is left to happen (Step works).
    pub has_next: bool,
    /// The timeline's end: the present rounded up to a whole second (so while time runs the
    /// bar changes once a second, not on every redraw).
    pub end_ms: u64,
    /// Where the timeline's thumb is.
    pub at_ms: u64,
    /// The moment shown, and after it the present when they differ: `0:12 / 0:40`.
    pub clock: String,
    pub clock_value: String,
    pub viewing_past: bool,
    /// Looking back: what an action from here would put aside.
    pub past_note: Option<String>,
    /// A future was put aside: what Undo brings back.
    pub undo_note: Option<String>,
}

/// One scrollback line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleLine {
    pub id: u64,
    /// `out`, `err`, `echo` or `welcome`.
    pub class: &'static str,
    pub prompt: String,
    pub text: String,
    pub discarded: bool,
}

/// The console panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleView {
    pub lines: Vec<ConsoleLine>,
    /// Changes whenever a line is added (the log follows the end then).
    pub version: u64,
    pub busy: bool,
    /// Lines wait to run after the running command.
    pub pending: bool,
    pub prompt: String,
    pub focus: Option<Request<FocusTo>>,
    pub restore_input: Option<Request<String>>,
}

/// The editor and its panels (diagnostics, objects).
#[derive(Debug, Clone)]
pub struct EditorView {
    pub lang: Lang,
    pub text: Rc<str>,
    /// Lines in the text (at least 1), for the gutter.
    pub n_lines: usize,
    pub choice: Choice,
    pub rev: u64,
    pub analysis: Rc<Analysis>,
    /// The analysis shown is older than the text.
    pub stale: bool,
    /// The latest revision whose text came from outside the editor (only then is the text
    /// written into the textarea, which otherwise owns it).
    pub loaded_rev: u64,
    pub focus: Option<Focus>,
    pub highlight: Rc<[u32]>,
}

impl Session {
    /// The editor's view model.
    #[must_use]
    pub fn editor_view(&self) -> EditorView {
        let e = &self.editor;
        EditorView {
            lang: self.lang,
            text: Rc::clone(&e.text),
            n_lines: e.n_lines,
            choice: e.choice,
            rev: e.rev,
            analysis: Rc::clone(&e.analysis),
            stale: e.is_stale(),
            loaded_rev: e.loaded_rev,
            focus: e.focus,
            highlight: Rc::clone(&e.highlight),
        }
    }

    /// The playback bar.
    #[must_use]
    pub fn playback_view(&self) -> PlaybackView {
        let lang = self.lang;
        let (now, shown, booted, has_next) = if self.mode == Mode::Compare {
            let now = self.compare_now();
            let shown = self.compare.view.as_ref().map_or(now, |(t, _, _)| *t);
            let has_next = self.compare_shown().is_some_and(|(l, r)| {
                l.next_event_time().is_some() || r.next_event_time().is_some()
            });
            (now, shown, true, has_next)
        } else {
            let now = self.now();
            let has_next = self.shown().and_then(Simulation::next_event_time).is_some()
                || self.viewed().is_some();
            (
                now,
                self.viewed().unwrap_or(now),
                self.live().is_some(),
                has_next,
            )
        };
        let viewing_past = shown < now;
        let end_ms = now.ms().div_ceil(1_000) * 1_000;
        let past_note = self.would_put_aside().map(|(at, n)| {
            Msg::new("ui.past.n")
                .text(clock_text(at))
                .text(n.to_string())
                .render(lang)
        });
        let past_note = past_note.or_else(|| viewing_past.then(|| t(lang, "ui.past").to_string()));
        let undo_note = self.put_aside().map(|(at, n)| {
            Msg::new("ui.undo.note")
                .text(clock_text(at))
                .text(n.to_string())
                .render(lang)
        });
        PlaybackView {
            mode: self.mode,
            playing: self.playing,
            speed: self.speed,
            booted,
            has_next,
            end_ms,
            at_ms: if viewing_past { shown.ms() } else { end_ms },
            clock: if viewing_past {
                format!("{} / {}", clock_text(shown), clock_text(now))
            } else {
                clock_text(shown)
            },
            clock_value: clock_text(shown),
            viewing_past,
            past_note,
            undo_note,
        }
    }

    /// The console panel.
    #[must_use]
    pub fn console_view(&self) -> ConsoleView {
        let screen = &self.term.screen;
        ConsoleView {
            lines: screen
                .lines()
                .map(|l| ConsoleLine {
                    id: l.id,
                    class: match l.kind {
                        Kind::Out => "out",
                        Kind::Err => "err",
                        Kind::Echo => "echo",
                        Kind::Welcome => "welcome",
                    },
                    prompt: l.prompt.clone(),
                    text: l.text.clone(),
                    discarded: l.discarded,
                })
                .collect(),
            version: screen.version(),
            busy: self.term.is_busy(),
            pending: self.term.has_pending(),
            prompt: self.term.console.prompt(),
            focus: self.term.focus.clone(),
            restore_input: self.term.restore_input.clone(),
        }
    }

    /// The scrollback as plain text (what Copy puts on the clipboard).
    #[must_use]
    pub fn console_text(&self) -> String {
        self.term.screen.text(t(self.lang, "ui.console.welcome"))
    }
}

/// The explanation panel: what is selected, its explanation (`None` when it is gone from the
/// moment shown), and each field's editor line (field index, 1-based line, written there or
/// a default).
#[derive(Debug, Clone)]
pub struct WhyView {
    pub target: Target,
    pub explanation: Option<Explanation>,
    pub lines: Vec<(usize, u32, bool)>,
}

impl Session {
    /// The DNS panel of the moment shown, with the query's answer marked.
    #[must_use]
    pub fn dns_view(&self) -> Option<crate::view_model::DnsTable> {
        self.shown()
            .map(|sim| crate::view_model::dns_table(sim, &self.dns_query))
    }

    /// The explanation panel, when something is selected.
    #[must_use]
    pub fn why_view(&self) -> Option<WhyView> {
        let target = self.selected.clone()?;
        let sim = self.shown()?;
        let explanation = why::explain(sim, &target);
        let lines = explanation
            .as_ref()
            .map(|ex| why::gutter_lines(ex, &self.editor.analysis))
            .unwrap_or_default();
        Some(WhyView {
            target,
            explanation,
            lines,
        })
    }
}

/// Entries the event list shows at most.
pub const MAX_EVENTS: usize = 60;
/// Entries shown at most while time runs (the list is replaced faster than it can be read).
pub const MAX_EVENTS_PLAYING: usize = 8;

/// One row of the event list.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// The trace entry's number (a stable render key).
    pub seq: u64,
    pub time_ms: u64,
    pub clock: String,
    /// `Pod/web-0`.
    pub object: String,
    /// `created`, `deleted`, `waiting`, …
    pub change: &'static str,
    pub change_label: &'static str,
    pub reason: String,
    /// What a click selects (pods, claims, volumes, Services).
    pub target: Option<Target>,
}

impl Session {
    /// The latest traced steps of the moment shown (requests aside), newest first.
    #[must_use]
    pub fn events_view(&self) -> Option<Vec<EventRow>> {
        use crate::engine::trace::Change;
        use crate::manifest::objects::Kind;
        let sim = self.shown()?;
        let lang = self.lang;
        let boot = sim.booted_at();
        let limit = if self.playing {
            MAX_EVENTS_PLAYING
        } else {
            MAX_EVENTS
        };
        let rows = sim
            .trace()
            .iter()
            .rev()
            // Requests are left out: under traffic they would drown every other change (the
            // traffic panel says why each one went where it went).
            .filter(|e| {
                e.time >= boot
                    && e.object.key.namespace != "kube-system"
                    && e.change != Change::Traffic
            })
            .take(limit)
            .map(|e| {
                let (change, id) = match e.change {
                    Change::Created => ("created", "ui.change.created"),
                    Change::Updated => ("updated", "ui.change.updated"),
                    Change::Deleting => ("deleting", "ui.change.deleting"),
                    Change::Deleted => ("deleted", "ui.change.deleted"),
                    Change::Waiting => ("waiting", "ui.change.waiting"),
                    Change::Endpoints => ("endpoints", "ui.change.endpoints"),
                    Change::Traffic => ("traffic", "ui.change.traffic"),
                    Change::Command => ("command", "ui.change.command"),
                };
                let target = matches!(
                    e.object.kind,
                    Kind::Pod
                        | Kind::PersistentVolumeClaim
                        | Kind::PersistentVolume
                        | Kind::Service
                )
                .then(|| Target::Object(e.object.clone()));
                EventRow {
                    seq: e.seq,
                    time_ms: e.time.ms(),
                    clock: clock_text(e.time),
                    object: format!("{}/{}", e.object.kind.name(), e.object.key.name),
                    change,
                    change_label: t(lang, id),
                    reason: e.reason.render(lang),
                    target,
                }
            })
            .collect();
        Some(rows)
    }
}
