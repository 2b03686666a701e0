//! What the playback bar and the console draw, computed from the session.

use crate::engine::{Simulation, Time};
use crate::i18n::{t, Msg};

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

impl Session {
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
