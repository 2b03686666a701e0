//! The console as the page shows it: the kubectl console itself, its scrollback, ↑/↓ recall,
//! typed-ahead lines (a paste of several lines runs them one after another) and where the
//! keyboard focus should go next. Every line submitted is recorded in the journal.

use std::collections::{BTreeMap, VecDeque};

use crate::console::{Console, MemFiles, Output};
use crate::engine::{Simulation, Time};
use crate::examples::EXAMPLES;
use crate::i18n::{Lang, Msg};

use super::journal::{Action, Journal};
use super::screen::{self, Completion, Kind, Recall, Screen, COMPLETION_WIDTH};

/// The editor's text, as `kubectl apply -f` finds it.
pub const EDITOR_FILE: &str = crate::manifest::EDITOR_FILE;

/// The first load's documents: the tutorial's three files by name, and `editor.yaml` holding
/// `editor_text` (a record from before the editor had tabs reads its files this way).
#[must_use]
pub fn files(editor_text: &str) -> MemFiles {
    let mut map: BTreeMap<String, String> = EXAMPLES
        .iter()
        .map(|e| (e.file.to_string(), e.text.to_string()))
        .collect();
    map.insert(EDITOR_FILE.to_string(), editor_text.to_string());
    MemFiles(map)
}

/// Commands one [`Terminal::advance`] lets finish, at most.
const MAX_ROUNDS: usize = 64;
use crate::console::MAX_EVENTS_PER_PUMP;

/// Where the keyboard focus should go once the panel is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FocusTo {
    Input,
    Stop,
}

/// A request for the page, numbered so that it is carried out once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<T> {
    pub seq: u64,
    pub value: T,
}

/// What the panel keeps about a terminal that is not in front.
struct Pane {
    id: u32,
    screen: Screen,
    recall: Recall,
    pending: VecDeque<String>,
    focus: Option<Request<FocusTo>>,
    restore_input: Option<Request<String>>,
}

/// The first line id of terminal `id`'s screen: each screen has ids of its own.
fn first_line_id(id: u32) -> u64 {
    u64::from(id.saturating_sub(1)) << 32
}

/// The console and everything the panel keeps about it. The console may have several
/// terminals; the fields below are the one in front's, the others' wait in `parked`.
pub struct Terminal {
    pub console: Console,
    parked: Vec<Pane>,
    /// The editor's files the console reads (under what commands wrote), by name.
    docs: BTreeMap<String, String>,
    pub screen: Screen,
    recall: Recall,
    /// Lines still to run, as a terminal keeps typed-ahead input: each runs when the command
    /// before it has finished.
    pending: VecDeque<String>,
    /// Output arrived outside a tick (a stepped event, a button).
    dirty: bool,
    requests: u64,
    pub focus: Option<Request<FocusTo>>,
    /// Text to put back on the input line once it is shown again (the unfinished end of a
    /// paste, kept while commands ran).
    pub restore_input: Option<Request<String>>,
}

impl Terminal {
    #[must_use]
    pub fn new(editor_text: &str, seed: u64) -> Terminal {
        let mut screen = Screen::new();
        screen.push(Kind::Welcome, "", "");
        let docs = files(editor_text).0;
        Terminal {
            console: Console::new(seed, Box::new(MemFiles(docs.clone()))),
            docs,
            parked: Vec::new(),
            screen,
            recall: Recall::default(),
            pending: VecDeque::new(),
            dirty: false,
            requests: 0,
            focus: None,
            restore_input: None,
        }
    }

    fn now_ms(&self) -> Option<u64> {
        self.console.sim().map(|s| s.now().ms())
    }

    fn request<T>(&mut self, value: T) -> Request<T> {
        self.requests += 1;
        Request {
            seq: self.requests,
            value,
        }
    }

    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.console.is_busy()
    }

    /// The editor's files become the console's documents (`kubectl apply -f NAME`, `cat`,
    /// kustomize); what commands wrote stays over them.
    pub fn set_documents(&mut self, docs: BTreeMap<String, String>) {
        self.console.set_files(Box::new(MemFiles(docs.clone())));
        self.docs = docs;
    }

    /// The editor's files the console reads.
    #[must_use]
    pub fn documents(&self) -> &BTreeMap<String, String> {
        &self.docs
    }

    /// Whether lines wait to run.
    #[must_use]
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Runs `line` as typed at the current prompt.
    pub fn submit(&mut self, line: &str, journal: &mut Journal) {
        let prompt = self.console.prompt();
        let at = self.now_ms();
        self.screen.echo(&prompt, line, at);
        self.recall.reset();
        journal.saw_files(at.unwrap_or(0), &self.docs);
        let id = self.console.terminal();
        journal.record_in(at.unwrap_or(0), id, Action::Run(line.to_string()));
        let out = self.console.submit(line);
        self.screen.show(out);
        if self.console.is_busy() {
            self.focus = Some(self.request(FocusTo::Stop));
        }
        self.dirty = true;
    }

    /// The lines typed ahead, waiting for the running command.
    #[must_use]
    pub fn pending_lines(&self) -> Vec<String> {
        self.pending.iter().cloned().collect()
    }

    /// Queues `line` to run once the running command has finished (a restored session's
    /// typed-ahead lines).
    pub fn queue(&mut self, line: String) {
        self.pending.push_back(line);
    }

    /// Runs queued lines until one starts a command that waits; true if any ran.
    pub fn run_pending(&mut self, journal: &mut Journal) -> bool {
        let mut ran = false;
        while !self.console.is_busy() {
            let Some(line) = self.pending.pop_front() else {
                break;
            };
            self.submit(&line, journal);
            ran = true;
        }
        ran
    }

    /// Runs `line` as if typed, after whatever is queued (the page's buttons type their
    /// kubectl commands here, so the console shows what was done).
    pub fn type_line(&mut self, line: &str, journal: &mut Journal) {
        self.pending.push_back(line.to_string());
        self.run_pending(journal);
        self.dirty = true;
    }

    /// A paste with line breaks: every complete line runs (the first joined to what was
    /// already typed), one after another; the text after the last break stays on the input
    /// line. Returns that text, or `None` for a single-line paste (the input takes it). While
    /// commands run, the text comes back through [`Terminal::restore_input`] instead.
    pub fn paste(&mut self, typed: &str, text: &str, journal: &mut Journal) -> Option<String> {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if !text.contains('\n') {
            return None;
        }
        let mut parts: Vec<&str> = text.split('\n').collect();
        let rest = parts.pop().unwrap_or_default().to_string();
        for (i, line) in parts.into_iter().enumerate() {
            if i == 0 {
                self.pending.push_back(format!("{typed}{line}"));
            } else {
                self.pending.push_back(line.to_string());
            }
        }
        self.run_pending(journal);
        if self.console.is_busy() {
            self.restore_input = Some(self.request(rest));
            Some(String::new())
        } else {
            Some(rest)
        }
    }

    /// Ctrl-C: stops a running command; when idle, abandons `line` (`$ kubectl ge^C`).
    pub fn interrupt(&mut self, line: &str, journal: &mut Journal) {
        // The terminal discards typed-ahead input on an interrupt.
        self.pending.clear();
        self.restore_input = None;
        journal.record_in(
            self.now_ms().unwrap_or(0),
            self.console.terminal(),
            Action::Interrupt(line.to_string()),
        );
        if self.console.is_busy() {
            let out = self.console.interrupt();
            self.screen.show(out);
            if !self.console.is_busy() {
                self.focus = Some(self.request(FocusTo::Input));
            }
        } else {
            let prompt = self.console.prompt();
            let at = self.now_ms();
            self.screen.echo(&prompt, &format!("{line}^C"), at);
            self.recall.reset();
            // bash drops the lines of an unfinished command (PS2) too.
            self.console.discard_pending();
        }
        self.dirty = true;
    }

    /// `virtual_ms` of virtual time passed (0: none, but queued lines may run); true when
    /// something visible changed.
    pub fn advance(&mut self, virtual_ms: u64, journal: &mut Journal) -> bool {
        let until = self.now_ms().map(|now| now.saturating_add(virtual_ms));
        let mut changed = false;
        // However many rounds: a cluster that never settles (pods retrying forever) runs at
        // most one pump's worth of events more a call, so no call takes long.
        let events = |t: &Self| {
            t.console
                .sim()
                .map_or(0, crate::engine::Simulation::n_events)
        };
        let first_event = events(self);
        // The console stops early when a command (or what a finished one left running in the
        // foreground) ends within these `virtual_ms`; the rest is handed on (to the lines typed
        // ahead, then to the idle cluster), so no virtual time is lost. The bound guards
        // against rounds that take no time.
        for _ in 0..MAX_ROUNDS {
            let left = match (until, self.now_ms()) {
                (Some(until), Some(now)) => until.saturating_sub(now),
                _ => 0,
            };
            let was_busy = self.console.is_busy();
            let before = self.now_ms();
            let out = screen::advance(&mut self.console, left);
            changed |= !out.is_empty() || out.clear;
            self.screen.show(out);
            let done = was_busy && !self.console.is_busy();
            if done {
                self.focus = Some(self.request(FocusTo::Input));
            }
            let ran = self.run_pending(journal);
            changed |= done || ran;
            changed |= self.collect_parked(journal);
            let reached = match (until, self.now_ms()) {
                (Some(until), Some(now)) => now >= until,
                _ => true,
            };
            let moved = self.now_ms() > before;
            let busy = events(self).saturating_sub(first_event) >= MAX_EVENTS_PER_PUMP;
            if reached || busy || !(moved || done || ran) {
                break;
            }
        }
        changed
    }

    /// Runs exactly up to `until` (a stepped event), feeding a waiting command.
    pub fn run_to(&mut self, until: Time) {
        let out = if self.console.is_busy() {
            self.console.pump(until)
        } else {
            self.console.idle_until(until)
        };
        self.show(out);
        if self.collect_parked(&mut Journal::default()) {
            self.dirty = true;
        }
    }

    /// Shows output produced outside a clock tick.
    pub fn show(&mut self, out: Output) {
        if !out.is_empty() || out.clear {
            self.dirty = true;
        }
        self.screen.show(out);
    }

    /// Something the panel shows changed outside a tick.
    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// Whether output arrived since the last call.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// A line of podplay's own in the scrollback, in `lang` until the language changes.
    pub fn note(&mut self, msg: Msg, lang: Lang) {
        self.screen.note(msg, lang);
        self.dirty = true;
    }

    /// Ctrl-L, recorded (a restored scrollback is cleared at the same point).
    pub fn clear_screen(&mut self, journal: &mut Journal) {
        journal.record_in(
            self.now_ms().unwrap_or(0),
            self.console.terminal(),
            Action::Clear,
        );
        self.clear();
    }

    /// Clears the scrollback.
    pub fn clear(&mut self) {
        self.screen.clear();
        self.dirty = true;
    }

    /// ↑ with `current` on the input line: the line to show, if any.
    pub fn recall_up(&mut self, current: &str) -> Option<String> {
        let history = self.console.history().to_vec();
        self.recall.up(&history, current)
    }

    /// ↓: the line to show, if any.
    pub fn recall_down(&mut self) -> Option<String> {
        let history = self.console.history().to_vec();
        self.recall.down(&history)
    }

    /// Tab on `line`: the line to show instead (`None`: nothing to complete). Several
    /// candidates are listed in the scrollback, as a shell lists them.
    pub fn complete(&mut self, line: &str) -> Option<String> {
        let candidates = self.console.complete(line);
        match screen::complete(line, &candidates) {
            Completion::None => None,
            Completion::Fill(filled) => Some(filled),
            Completion::Many {
                line: kept,
                candidates,
            } => {
                let prompt = self.console.prompt();
                self.screen.echo_listing(&prompt, line);
                for row in screen::columns(&candidates, COMPLETION_WIDTH) {
                    self.screen.push(Kind::Out, "", &row);
                }
                self.dirty = true;
                Some(kept)
            }
        }
    }

    /// Puts `sim` in the cluster's place (time taken back, or a future brought back): typed-
    /// ahead lines are dropped with the commands that were running.
    pub fn replace_sim(&mut self, sim: Simulation) -> Option<Simulation> {
        self.pending.clear();
        for p in &mut self.parked {
            p.pending.clear();
        }
        let old = self.console.take_sim();
        self.console.replace_sim(sim);
        self.dirty = true;
        old
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.console.set_lang(lang);
        self.screen.set_lang(lang);
        for p in &mut self.parked {
            p.screen.set_lang(lang);
        }
        self.dirty = true;
    }
}

/// Several terminals: open, close, bring to the front; output of the ones behind reaches
/// their own screens, and their typed-ahead lines run when their command ends.
impl Terminal {
    /// The id of the terminal in front (the first one is 1).
    #[must_use]
    pub fn active(&self) -> u32 {
        self.console.terminal()
    }

    /// Every terminal's id, oldest first.
    #[must_use]
    pub fn ids(&self) -> Vec<u32> {
        self.console.terminals()
    }

    /// Whether a command runs in terminal `id`.
    #[must_use]
    pub fn is_busy_in(&self, id: u32) -> bool {
        self.console.is_busy_in(id)
    }

    /// Opens another terminal and brings it to the front; returns its id.
    pub fn open(&mut self, journal: &mut Journal) -> u32 {
        journal.record(self.now_ms().unwrap_or(0), Action::OpenTerminal);
        let id = self.console.open_terminal();
        let mut screen = Screen::starting_at(first_line_id(id));
        screen.push(Kind::Welcome, "", "");
        self.parked.push(Pane {
            id,
            screen,
            recall: Recall::default(),
            pending: VecDeque::new(),
            focus: None,
            restore_input: None,
        });
        self.select(id);
        self.focus = Some(self.request(FocusTo::Input));
        id
    }

    /// Brings terminal `id` to the front; false when there is none.
    pub fn select(&mut self, id: u32) -> bool {
        let before = self.console.terminal();
        if id == before {
            return true;
        }
        let Some(pos) = self.parked.iter().position(|p| p.id == id) else {
            return false;
        };
        if !self.console.select_terminal(id) {
            return false;
        }
        let mut pane = self.parked.remove(pos);
        self.swap_pane(&mut pane);
        pane.id = before;
        self.parked.push(pane);
        self.dirty = true;
        true
    }

    /// Closes terminal `id` (not the last one); what ran in it ends.
    pub fn close(&mut self, id: u32, journal: &mut Journal) -> bool {
        let at = self.now_ms().unwrap_or(0);
        if !self.console.close_terminal(id) {
            return false;
        }
        journal.record(at, Action::CloseTerminal(id));
        let front = self.console.terminal();
        if let Some(pos) = self.parked.iter().position(|p| p.id == front) {
            // The one closed was in front: its neighbour takes its place.
            let mut pane = self.parked.remove(pos);
            self.swap_pane(&mut pane);
        } else {
            self.parked.retain(|p| p.id != id);
        }
        self.dirty = true;
        true
    }

    /// Runs `f` with terminal `id` in front, then brings the one in front before back.
    pub fn in_terminal<R>(&mut self, id: u32, f: impl FnOnce(&mut Terminal) -> R) -> Option<R> {
        let front = self.active();
        if !self.select(id) {
            return None;
        }
        let r = f(self);
        self.select(front);
        Some(r)
    }

    /// Every terminal's id and screen, the one in front first.
    pub fn screens(&self) -> impl Iterator<Item = (u32, &Screen)> {
        std::iter::once((self.active(), &self.screen))
            .chain(self.parked.iter().map(|p| (p.id, &p.screen)))
    }

    /// Exchanges the panel state of the terminal in front with `p`'s.
    fn swap_pane(&mut self, p: &mut Pane) {
        std::mem::swap(&mut self.screen, &mut p.screen);
        std::mem::swap(&mut self.recall, &mut p.recall);
        std::mem::swap(&mut self.pending, &mut p.pending);
        std::mem::swap(&mut self.focus, &mut p.focus);
        std::mem::swap(&mut self.restore_input, &mut p.restore_input);
    }

    /// Shows what the terminals behind printed, and runs their typed-ahead lines whose turn
    /// came; true when any screen changed.
    fn collect_parked(&mut self, journal: &mut Journal) -> bool {
        let mut changed = false;
        let mut due = Vec::new();
        for p in &mut self.parked {
            let out = self.console.take_output(p.id);
            changed |= !out.is_empty() || out.clear;
            p.screen.show(out);
            if !p.pending.is_empty() && !self.console.is_busy_in(p.id) {
                due.push(p.id);
            }
        }
        for id in due {
            changed |= self
                .in_terminal(id, |t| t.run_pending(journal))
                .unwrap_or(false);
        }
        changed
    }

    /// The lines of every screen, from the first command submitted after `t_ms` on, not yet
    /// marked discarded (sorted ids).
    #[must_use]
    pub fn lines_after(&self, t_ms: u64) -> Vec<u64> {
        let mut ids = self.screen.lines_after(t_ms);
        for p in &self.parked {
            ids.extend(p.screen.lines_after(t_ms));
        }
        ids.sort_unstable();
        ids
    }

    /// Where each screen stands now (its next line id), for [`Terminal::lines_since`].
    #[must_use]
    pub fn marks(&self) -> Vec<u64> {
        let mut m = vec![self.screen.next_id()];
        m.extend(self.parked.iter().map(|p| p.screen.next_id()));
        m
    }

    /// The lines not marked discarded that each screen got since `marks` (all of a screen
    /// opened since).
    #[must_use]
    pub fn lines_since(&self, marks: &[u64]) -> Vec<u64> {
        let screens = std::iter::once((self.active(), &self.screen))
            .chain(self.parked.iter().map(|p| (p.id, &p.screen)));
        let mut ids = Vec::new();
        for (id, screen) in screens {
            let base = first_line_id(id);
            let from = marks
                .iter()
                .copied()
                .find(|m| *m >> 32 == base >> 32)
                .unwrap_or(base);
            ids.extend(screen.lines_from(from));
        }
        ids.sort_unstable();
        ids
    }

    /// Marks the lines `ids` (sorted) of every screen as belonging to a discarded future or
    /// not.
    pub fn mark(&mut self, ids: &[u64], discarded: bool) {
        self.screen.mark(ids, discarded);
        for p in &mut self.parked {
            p.screen.mark(ids, discarded);
        }
    }

    /// How many of `ids` (sorted) are submitted commands, in any screen.
    #[must_use]
    pub fn commands_among(&self, ids: &[u64]) -> usize {
        std::iter::once(&self.screen)
            .chain(self.parked.iter().map(|p| &p.screen))
            .flat_map(Screen::lines)
            .filter(|l| l.kind == Kind::Echo && ids.binary_search(&l.id).is_ok())
            .count()
    }

    /// Lines typed ahead in terminal `id`.
    #[must_use]
    pub fn pending_in(&self, id: u32) -> Vec<String> {
        if id == self.active() {
            return self.pending_lines();
        }
        self.parked
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.pending.iter().cloned().collect())
            .unwrap_or_default()
    }
}
