//! A session as a compact, versioned record (`v: 1`): the editor's files (their tab order and
//! the one shown), the seed, what was
//! done with its virtual times (each Apply with the text it applied), the present, the moment
//! looked at and the view, plus the engine's behaviour version. Restoring starts from the seed
//! and does everything again, so the cluster, the console and every panel come back as they
//! were; a record from another engine version still replays, with a note that it may differ.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::timeline::BEHAVIOUR_VERSION;
use crate::engine::Time;
use crate::i18n::{Lang, Msg};
use crate::manifest;
use crate::view_model::traffic::Proxy;

use super::editor::{first_docs, Doc, Editor};
use super::journal::{Action, Entry};
use super::terminal::{files, EDITOR_FILE};
use super::{Mode, Session, Tab, Theme};

/// The format written.
pub const FORMAT_VERSION: u32 = 1;

/// Events a record's replay may run in all: far above any lesson's (a tutorial's hour is tens of
/// thousands), so that a link whose moments lie years ahead of a cluster that never settles (a
/// pod retrying a mount every two minutes) replays up to there and says so, instead of
/// simulating the years.
pub const RESTORE_EVENTS: u64 = 500_000;

/// The saved form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub v: u32,
    /// [`BEHAVIOUR_VERSION`] of the engine that recorded it.
    pub engine: u32,
    pub seed: u64,
    /// The editor's documents by file name.
    pub files: BTreeMap<String, String>,
    /// The files' names in tab order. A record without it (written before the editor had
    /// tabs) holds `editor.yaml` only, beside the tutorial's three files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tabs: Vec<String>,
    /// The file shown (an index into `tabs`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub active: usize,
    pub actions: Vec<Entry>,
    /// Lines typed ahead, still waiting for the running command.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
    /// Lines typed ahead in the other terminals, by terminal id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pending_in: BTreeMap<u32, Vec<String>>,
    /// The cluster's present (ms of virtual time).
    pub now: u64,
    /// The comparison's present, when it was opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_now: Option<u64>,
    /// The moment looked at, when not the present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<u64>,
    /// The comparison's moment looked at, when not its present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_view: Option<u64>,
    pub ui: SavedView,
}

/// How the page looked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    /// `cluster` or `compare`.
    pub mode: String,
    /// `events`, `dns` or `traffic`.
    pub tab: String,
    pub lang: String,
    pub theme: String,
    pub speed: f64,
    pub playing: bool,
    #[serde(default)]
    pub dns: String,
    #[serde(default)]
    pub traffic: SavedTraffic,
    /// The console's terminal in front, when not the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal: Option<u32>,
    /// The console wraps long lines.
    #[serde(default = "wraps")]
    pub console_wrap: bool,
}

fn wraps() -> bool {
    true
}

/// The traffic control's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTraffic {
    pub on: bool,
    pub target: String,
    pub client: String,
    pub rate: u32,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The editor's files of a record, in tab order.
fn docs_of(saved: &Saved) -> Vec<Doc> {
    let mut docs: Vec<Doc> = if saved.tabs.is_empty() {
        let text = saved.files.get(EDITOR_FILE).cloned().unwrap_or_default();
        first_docs(&text)
    } else {
        saved
            .tabs
            .iter()
            .filter_map(|name| saved.files.get(name).map(|text| Doc::new(name, text)))
            .collect()
    };
    // A file the tabs do not name is kept, after them.
    for (name, text) in &saved.files {
        if !docs.iter().any(|d| *d.name == **name) {
            docs.push(Doc::new(name, text));
        }
    }
    docs
}

fn tab_id(tab: Tab) -> &'static str {
    match tab {
        Tab::Events => "events",
        Tab::Dns => "dns",
        Tab::Traffic => "traffic",
    }
}

fn tab_of(id: &str) -> Tab {
    match id {
        "dns" => Tab::Dns,
        "traffic" => Tab::Traffic,
        _ => Tab::Events,
    }
}

impl Session {
    /// The session as a record.
    #[must_use]
    pub fn save(&self) -> Saved {
        let files = self.editor.documents();
        Saved {
            v: FORMAT_VERSION,
            engine: BEHAVIOUR_VERSION,
            seed: self.seed(),
            tabs: self
                .editor
                .docs()
                .iter()
                .map(|d| d.name.to_string())
                .collect(),
            active: self.editor.active(),
            // An Apply of a text the editor's files hold is written without it (restoring
            // reads it from the files): the common case stays short.
            actions: self
                .journal
                .entries
                .iter()
                .map(|e| Entry {
                    t: e.t,
                    term: e.term,
                    action: compact(&e.action, &files),
                })
                .collect(),
            files,
            pending: self.term.pending_in(1),
            pending_in: self
                .term
                .ids()
                .into_iter()
                .filter(|&id| id != 1)
                .map(|id| (id, self.term.pending_in(id)))
                .filter(|(_, lines)| !lines.is_empty())
                .collect(),
            now: self.now().ms(),
            compare_now: self.compare.cmp.as_ref().map(|c| c.now().ms()),
            view: self.viewed().map(Time::ms),
            compare_view: self.compare.view.as_ref().map(|(t, _, _)| t.ms()),
            ui: SavedView {
                mode: if self.mode == Mode::Compare {
                    "compare"
                } else {
                    "cluster"
                }
                .to_string(),
                tab: tab_id(self.tab).to_string(),
                lang: self.lang.code().to_string(),
                theme: self.theme.id().to_string(),
                speed: self.speed,
                playing: self.playing,
                dns: self.dns_query.clone(),
                traffic: SavedTraffic {
                    on: self.traffic.on,
                    target: self.traffic.target.clone(),
                    client: self.traffic.client.clone(),
                    rate: self.traffic.rate,
                },
                terminal: Some(self.term.active()).filter(|&id| id != 1),
                console_wrap: self.console_wrap,
            },
        }
    }

    /// The record as compact JSON.
    #[must_use]
    pub fn save_json(&self) -> String {
        serde_json::to_string(&self.save()).unwrap_or_default()
    }

    /// A session from its JSON record; `base_speed` as for [`Session::new`]. A record that
    /// cannot be read says why.
    pub fn restore_json(json: &str, base_speed: f64) -> Result<Session, Msg> {
        let saved: Saved = serde_json::from_str(json)
            .map_err(|e| Msg::new("session.restore.bad").text(e.to_string()))?;
        Session::restore(&saved, base_speed)
    }

    /// A session from its record, by doing everything recorded again from the seed. A record
    /// of another format version is refused; one from another engine version replays with a
    /// note in the console that the result may differ.
    pub fn restore(saved: &Saved, base_speed: f64) -> Result<Session, Msg> {
        if saved.v != FORMAT_VERSION {
            return Err(Msg::new("session.restore.version").text(saved.v.to_string()));
        }
        let editor = Editor::with_docs(docs_of(saved), saved.active);
        let docs = editor.documents();
        let mut s = Session::with_editor(editor, saved.seed, base_speed);
        let lang = Lang::from_code(&saved.ui.lang).unwrap_or_default();
        s.set_language(lang);
        s.replay_ceiling = Some(RESTORE_EVENTS);
        for entry in &saved.actions {
            s.replay_entry(&Entry {
                t: entry.t,
                term: entry.term,
                action: expand(&entry.action, &docs),
            });
        }
        // The console reads the editor's files as they are now again.
        s.term.set_documents(docs);
        s.cluster_to(Time(saved.now));
        let stopped = s.replay_ceiling.take().is_some_and(|ceiling| {
            s.live().is_some_and(|sim| sim.n_events() >= ceiling) && s.now() < Time(saved.now)
        });
        if stopped {
            let note = Msg::new("session.restore.budget")
                .text(RESTORE_EVENTS.to_string())
                .text(format_ms(s.now().ms()));
            s.term.note(note, lang);
        }
        let pending = std::iter::once((1, &saved.pending))
            .chain(saved.pending_in.iter().map(|(id, l)| (*id, l)));
        for (id, lines) in pending {
            s.term.in_terminal(id, |t| {
                for line in lines {
                    t.queue(line.clone());
                }
            });
        }
        s.term.select(saved.ui.terminal.unwrap_or(1));
        if let (Some(t), Some(cmp)) = (saved.compare_now, s.compare.cmp.as_mut()) {
            cmp.advance_to(Time(t));
        }
        s.apply_view(saved);
        if saved.engine != BEHAVIOUR_VERSION {
            let note = Msg::new("session.restore.engine")
                .text(saved.engine.to_string())
                .text(BEHAVIOUR_VERSION.to_string());
            s.term.note(note, lang);
        }
        Ok(s)
    }

    /// The view of a record: mode, tab, theme, speed, traffic settings, the moment looked at.
    fn apply_view(&mut self, saved: &Saved) {
        let ui = &saved.ui;
        self.tab = tab_of(&ui.tab);
        self.theme = Theme::from_id(&ui.theme);
        self.console_wrap = ui.console_wrap;
        self.set_speed(ui.speed);
        self.dns_query.clone_from(&ui.dns);
        self.traffic.on = ui.traffic.on;
        self.traffic.target.clone_from(&ui.traffic.target);
        self.traffic.client.clone_from(&ui.traffic.client);
        self.traffic.set_rate(ui.traffic.rate);
        // Each mode's moment looked at, the cluster's first (a seek acts on the mode shown).
        self.mode = Mode::Cluster;
        if let Some(v) = saved.view {
            self.seek(Time(v));
        }
        if let Some(v) = saved.compare_view {
            self.compare_seek(Time(v));
        }
        if ui.mode == "compare" {
            self.set_mode(Mode::Compare);
        }
        self.playing = ui.playing;
    }

    /// Lets the cluster's virtual time run on to `t` (a waiting command is fed on the way).
    fn cluster_to(&mut self, t: Time) {
        // Each round moves time on or ends a command; the bound only guards against a
        // command that never lets time pass.
        for _ in 0..10_000 {
            let now = self.now();
            let spent = match (self.live(), self.replay_ceiling) {
                (Some(sim), Some(ceiling)) => sim.n_events() >= ceiling,
                _ => false,
            };
            if self.live().is_none() || now >= t || spent {
                return;
            }
            self.term.advance(t.ms() - now.ms(), &mut self.journal);
        }
    }

    /// Does one recorded action again, at its moment.
    fn replay_entry(&mut self, entry: &Entry) {
        let t = Time(entry.t);
        match &entry.action {
            Action::Compare(action) => {
                if let Some(cmp) = self.compare.cmp.as_mut() {
                    if cmp.now() < t {
                        cmp.advance_to(t);
                    }
                }
                self.compare_act(action);
                return;
            }
            Action::CompareBranch(at) => {
                // The comparison had run past `at` then; the replay may not have yet.
                let at = Time(*at);
                if let Some(cmp) = self.compare.cmp.as_mut() {
                    if cmp.now() < at {
                        cmp.advance_to(at);
                    }
                    cmp.rewind_to(at);
                }
                self.compare.view = None;
                self.journal.record(at.ms(), Action::CompareBranch(at.ms()));
                return;
            }
            Action::CompareOpen => {
                // Recorded at the cluster's time: the cluster gets there first.
                self.cluster_to(t);
                self.set_mode(Mode::Compare);
                self.mode = Mode::Cluster;
                return;
            }
            _ => {}
        }
        self.cluster_to(t);
        // A console action happens in its terminal; the one in front stays in front.
        let front = self.term.active();
        let console = matches!(
            entry.action,
            Action::Run(_)
                | Action::Interrupt(_)
                | Action::Clear
                | Action::Apply(_)
                | Action::ApplyFile { .. }
        );
        if console && !self.term.select(entry.term.unwrap_or(1)) {
            return;
        }
        self.replay_action(&entry.action);
        self.term.select(front);
    }

    /// Does one recorded action again, in the terminal in front.
    fn replay_action(&mut self, action: &Action) {
        match action {
            Action::Run(line) => self.term.submit(line, &mut self.journal),
            Action::Interrupt(line) => self.term.interrupt(line, &mut self.journal),
            Action::OpenTerminal => {
                self.term.open(&mut self.journal);
            }
            Action::CloseTerminal(id) => {
                self.term.close(*id, &mut self.journal);
            }
            Action::Apply(text) => {
                let analysis = manifest::analyze(text);
                self.apply_analysis(EDITOR_FILE, text.clone(), &analysis);
            }
            Action::ApplyFile { file, text } => {
                let text = text.clone().unwrap_or_default();
                let source = manifest::Source {
                    name: file,
                    text: &text,
                };
                let analysis = manifest::analyze_sources(&[source]);
                self.apply_analysis(file, text, &analysis);
            }
            Action::Requests { client, target, n } => self.replay_requests(client, target, *n),
            Action::Clear => self.term.clear_screen(&mut self.journal),
            Action::ProxyMode(mode) => self.set_proxy_mode(Proxy::from_value(mode)),
            // Recorded again by the next line, which reads it.
            Action::Editor(text) => self.term.set_documents(files(text).0),
            Action::Files(docs) => self.term.set_documents(docs.clone()),
            Action::Branch(at) => {
                self.mode = Mode::Cluster;
                self.seek(Time(*at));
                self.branch();
            }
            Action::Undo => {
                self.undo();
            }
            Action::Compare(_) | Action::CompareBranch(_) | Action::CompareOpen => {}
        }
    }
}

/// `action` as a record writes it: a text the editor's `files` hold now is left out. An empty
/// text that is not the file's now cannot be written as left out (`Apply("")` means "the text
/// now"), so it is written in a form that replays the same and records the same again.
fn compact(action: &Action, files: &BTreeMap<String, String>) -> Action {
    let holds = |name: &str, text: &str| files.get(name).is_some_and(|t| t == text);
    match action {
        Action::Apply(text) if holds(EDITOR_FILE, text) => Action::Apply(String::new()),
        Action::Apply(text) if text.is_empty() => Action::ApplyFile {
            file: EDITOR_FILE.to_string(),
            text: Some(String::new()),
        },
        Action::Editor(text) if holds(EDITOR_FILE, text) => Action::Editor(String::new()),
        Action::Editor(text) if text.is_empty() => Action::Files(super::terminal::files("").0),
        Action::ApplyFile {
            file,
            text: Some(text),
        } if holds(file, text) => Action::ApplyFile {
            file: file.clone(),
            text: None,
        },
        Action::Files(docs) if docs == files => Action::Files(BTreeMap::new()),
        other => other.clone(),
    }
}

/// A recorded `action` with the texts [`compact`] left out read from the editor's `files`.
fn expand(action: &Action, files: &BTreeMap<String, String>) -> Action {
    let text_of = |name: &str| files.get(name).cloned().unwrap_or_default();
    match action {
        Action::Apply(text) if text.is_empty() => Action::Apply(text_of(EDITOR_FILE)),
        Action::Editor(text) if text.is_empty() => Action::Editor(text_of(EDITOR_FILE)),
        Action::ApplyFile { file, text: None } => Action::ApplyFile {
            file: file.clone(),
            text: Some(text_of(file)),
        },
        Action::Files(docs) if docs.is_empty() => Action::Files(files.clone()),
        other => other.clone(),
    }
}

/// A virtual moment as the console's notes say it: `1h2m3s`.
fn format_ms(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 3600, s / 60 % 60, s % 60) {
        (0, 0, sec) => format!("{sec}s"),
        (0, m, sec) => format!("{m}m{sec}s"),
        (h, m, sec) => format!("{h}h{m}m{sec}s"),
    }
}
