//! What the playback bar and the console draw, computed from the session.

use std::rc::Rc;

use crate::engine::Time;
use crate::i18n::{t, Lang, Msg};
use crate::manifest::Analysis;

use super::editor::{Cause, Choice, Focus};
use crate::view_model::events::{self, EventRow};
use crate::view_model::playback;
use crate::view_model::why::{self, Explanation, Target};

use super::screen::Kind;
use super::terminal::{FocusTo, Request};
use super::{Mode, Session};

/// `m:ss` of virtual time.
#[must_use]
pub fn clock_text(t: Time) -> String {
    crate::view_model::clock_text(t.ms())
}

/// The bar above the scene.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaybackView {
    pub mode: Mode,
    pub playing: bool,
    pub speed: f64,
    /// The clock, the timeline's range and thumb, whether Play and Step work.
    pub timeline: playback::PlaybackView,
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

/// One terminal's tab in the console panel's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalTab {
    pub id: u32,
    /// `Terminal 1`, in the page's language.
    pub label: String,
    /// A command runs in it.
    pub busy: bool,
    pub selected: bool,
}

/// The console panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleView {
    /// The terminals, oldest first (the one shown is `selected`).
    pub terminals: Vec<TerminalTab>,
    /// The id of the terminal shown.
    pub terminal: u32,
    pub lines: Vec<ConsoleLine>,
    /// Changes whenever a line is added (the log follows the end then).
    pub version: u64,
    pub busy: bool,
    /// Lines wait to run after the running command.
    pub pending: bool,
    pub prompt: String,
    pub focus: Option<Request<FocusTo>>,
    pub restore_input: Option<Request<String>>,
    /// Long lines wrap (else they keep their columns and the log scrolls sideways).
    pub wrap: bool,
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
    /// The files' names in tab order (at least one).
    pub files: Vec<Rc<str>>,
    /// The file shown (an index into `files`): Apply applies it.
    pub active: usize,
    /// Changes whenever any file's name or text does (the page saves them then).
    pub docs_rev: u64,
    /// While Undo can bring back what an example or a close replaced: what happened.
    pub undo: Option<String>,
    /// A refused rename: the file's index and why.
    pub name_error: Option<(usize, String)>,
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
            files: e.docs().iter().map(|d| Rc::clone(&d.name)).collect(),
            active: e.active(),
            docs_rev: e.docs_rev,
            undo: e.replaced.as_ref().map(|r| {
                let id = match r.cause {
                    Cause::Example => "ui.file.replaced",
                    Cause::Closed => "ui.file.closed",
                    Cause::Loaded => "ui.file.loaded",
                    Cause::Restored => "ui.file.restored",
                };
                Msg::new(id).text(r.name.to_string()).render(self.lang)
            }),
            name_error: e
                .name_error
                .map(|(i, err)| (i, t(self.lang, err.msg_id()).to_string())),
        }
    }

    /// The playback bar.
    #[must_use]
    pub fn playback_view(&self) -> PlaybackView {
        let lang = self.lang;
        let timeline = if self.mode == Mode::Compare {
            let has_next = self
                .compare_shown()
                .is_some_and(|(l, r)| playback::has_next_event(l) || playback::has_next_event(r));
            playback::playback_view(
                self.compare_now().ms(),
                self.compare.view.as_ref().map(|(t, _, _)| t.ms()),
                true,
                has_next,
            )
        } else {
            // Looking back, a step replays the next recorded moment (or reaches the present).
            let has_next =
                self.shown().is_some_and(playback::has_next_event) || self.viewed().is_some();
            playback::playback_view(
                self.now().ms(),
                self.viewed().map(Time::ms),
                self.live().is_some(),
                has_next,
            )
        };
        let timeline = if self.mode == Mode::Compare {
            timeline
        } else {
            self.window_timeline(timeline)
        };
        let past_note = self.would_put_aside().map(|(at, n)| {
            Msg::new("ui.past.n")
                .text(clock_text(at))
                .text(n.to_string())
                .render(lang)
        });
        let past_note = past_note.or_else(|| {
            timeline
                .viewing_past
                .then(|| t(lang, "ui.past").to_string())
        });
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
            timeline,
            past_note,
            undo_note,
        }
    }

    /// The console panel.
    #[must_use]
    pub fn console_view(&self) -> ConsoleView {
        let screen = &self.term.screen;
        let terminal = self.term.active();
        ConsoleView {
            terminals: self
                .term
                .ids()
                .into_iter()
                .map(|id| TerminalTab {
                    id,
                    label: Msg::new("ui.console.terminal")
                        .text(id.to_string())
                        .render(self.lang),
                    busy: self.term.is_busy_in(id),
                    selected: id == terminal,
                })
                .collect(),
            terminal,
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
            wrap: self.console_wrap,
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
    /// The DNS panel of the moment shown: the learner's records first, the system ones when
    /// asked for, the query's answer marked.
    #[must_use]
    pub fn dns_view(&self) -> Option<crate::view_model::DnsTable> {
        self.shown()
            .map(|sim| crate::view_model::dns_table(sim, &self.dns_query, self.dns_system))
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

impl Session {
    /// The latest traced steps of the moment shown (requests aside), newest first.
    #[must_use]
    pub fn events_view(&self) -> Option<Vec<EventRow>> {
        let sim = self.shown()?;
        let mut rows = events::event_rows(sim, self.lang, self.playing);
        if let Some(change) = self.step_change() {
            for r in &mut rows {
                r.step = change.events.contains(&r.seq);
            }
        }
        Some(rows)
    }
}
