//! A session as a compact, versioned record (`v: 1`): the editor's files, the seed, what was
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

use super::journal::{Action, Entry};
use super::terminal::{files, EDITOR_FILE};
use super::{Mode, Session, Tab, Theme};

/// The format written.
pub const FORMAT_VERSION: u32 = 1;

/// The saved form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub v: u32,
    /// [`BEHAVIOUR_VERSION`] of the engine that recorded it.
    pub engine: u32,
    pub seed: u64,
    /// The editor's documents by file name.
    pub files: BTreeMap<String, String>,
    pub actions: Vec<Entry>,
    /// Lines typed ahead, still waiting for the running command.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
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
        let mut files = BTreeMap::new();
        files.insert(EDITOR_FILE.to_string(), self.editor.text.to_string());
        Saved {
            v: FORMAT_VERSION,
            engine: BEHAVIOUR_VERSION,
            seed: self.seed(),
            files,
            // An Apply of the text the editor holds is written without it (restoring reads it
            // from the files): the common case stays short.
            actions: self
                .journal
                .entries
                .iter()
                .map(|e| match &e.action {
                    Action::Apply(text) if **text == *self.editor.text => Entry {
                        t: e.t,
                        action: Action::Apply(String::new()),
                    },
                    Action::Editor(text) if **text == *self.editor.text => Entry {
                        t: e.t,
                        action: Action::Editor(String::new()),
                    },
                    _ => e.clone(),
                })
                .collect(),
            pending: self.term.pending_lines(),
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
        let text = saved.files.get(EDITOR_FILE).cloned().unwrap_or_default();
        let mut s = Session::new(&text, saved.seed, base_speed);
        let lang = Lang::from_code(&saved.ui.lang).unwrap_or_default();
        s.set_language(lang);
        for entry in &saved.actions {
            match &entry.action {
                Action::Apply(t) if t.is_empty() => s.replay_entry(&Entry {
                    t: entry.t,
                    action: Action::Apply(text.clone()),
                }),
                Action::Editor(t) if t.is_empty() => s.replay_entry(&Entry {
                    t: entry.t,
                    action: Action::Editor(text.clone()),
                }),
                _ => s.replay_entry(entry),
            }
        }
        // The console reads the editor's text as it is now again.
        s.term.console.set_files(Box::new(files(&text)));
        s.cluster_to(Time(saved.now));
        for line in &saved.pending {
            s.term.queue(line.clone());
        }
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
            if self.live().is_none() || now >= t {
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
        match &entry.action {
            Action::Run(line) => self.term.submit(line, &mut self.journal),
            Action::Interrupt(line) => self.term.interrupt(line, &mut self.journal),
            Action::Apply(text) => {
                let analysis = manifest::analyze(text);
                self.apply_analysis(text.clone(), &analysis);
            }
            Action::Requests { client, target, n } => self.replay_requests(client, target, *n),
            Action::Clear => self.term.clear_screen(&mut self.journal),
            Action::ProxyMode(mode) => self.set_proxy_mode(Proxy::from_value(mode)),
            // Recorded again by the next line, which reads it.
            Action::Editor(text) => self.term.console.set_files(Box::new(files(text))),
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
