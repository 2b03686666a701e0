//! The playground as a pure state machine: the manifest editor, the console and the cluster it
//! drives, playback and the moment looked at, the selection, the comparison, traffic, the
//! language and the view. It is driven only by [`Intent`]s (and a few calls that answer the
//! console's keys) and answers with view models: everything a panel draws, already computed.
//! Nothing here knows about the browser; the page's store wraps one `Session` and tells the
//! panels when what they draw changed ([`Changed`]).
//!
//! Time travel is read-only: looking back, playing, stepping and seeking never change the
//! recorded future, and Play from an earlier moment watches it again. Only an action that
//! changes the cluster, taken while an earlier moment is shown, starts a new future from there;
//! the old one is put aside, and Undo brings it back ([`travel`]).
//!
//! Everything that changed a cluster is recorded with its virtual time in the [`journal`], so
//! a session saves to a compact versioned form and restores by doing it all again ([`save`]).

pub mod compare;
pub mod editor;
pub mod embed;
pub mod embed_api;
pub mod export;
pub mod frame;
pub mod journal;
pub mod keep;
pub mod motion;
pub mod save;
pub mod screen;
pub mod share;
pub mod terminal;
pub mod traffic;
pub mod travel;
pub mod view;

use std::rc::Rc;

use crate::console::Files;
use crate::engine::timeline::{Snapshots, MAX_SNAPSHOTS};
use crate::engine::{Simulation, Time};
use crate::i18n::Lang;
use crate::view_model::compare::CompareAction;
use crate::view_model::scene::Scene;
use crate::view_model::tween::Animator;
use crate::view_model::why::Target;

use editor::Editor;
use frame::Frame;
use journal::{Action, Journal};
use screen::Clock;
use terminal::Terminal;
use traffic::Traffic;
use travel::PutAside;

/// The cluster's seed unless the page says otherwise (the console's, so the page and
/// `podplay run` tell the same story).
pub use crate::console::DEFAULT_SEED;
/// Virtual time between snapshots kept for seeking (the comparison keeps its own at the same
/// spacing).
pub use crate::view_model::compare::SNAPSHOT_MS;
pub use frame::{Changed, CLUSTER_PHASES};

/// What the stage shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Cluster,
    Compare,
}

/// The tab open under the scene.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Events,
    Dns,
    Traffic,
}

/// The colour scheme chosen (`System` follows the browser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    #[must_use]
    pub fn from_id(id: &str) -> Theme {
        match id {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// Everything the page can ask of the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// The learner edited the editor's text.
    Edit(String),
    /// A picker value (`headless`, `statefulset`, `deployment`, `all`), loaded into the
    /// active file (hand edits it replaces can be brought back with `UndoFiles`).
    PickExample(String),
    /// A new empty file (`untitled.yaml`, …), shown.
    AddFile,
    /// A new name for file `index` (refused: empty, a `/`, or another file's name).
    RenameFile {
        index: usize,
        name: String,
    },
    /// Closes file `index` (never the last one).
    CloseFile(usize),
    /// Shows file `index`.
    SelectFile(usize),
    /// Brings back the files an example, a closed tab or loaded manifests replaced.
    UndoFiles,
    /// The editor holds only `editor.yaml` with this text, shown and analyzed at once (a page
    /// embedding podplay loads its manifests); hand-edited files it replaces can be brought
    /// back with `UndoFiles`.
    LoadManifests(String),
    /// Stops offering that Undo.
    DismissUndoFiles,
    /// The editor's files as the browser kept them (read after the page started, or written
    /// by another tab), shown; edits they replace can be brought back with `UndoFiles`.
    RestoreFiles(editor::Stored),
    /// Analyze the text if it is still at this revision (after the typing paused).
    Revalidate(u64),
    FocusDiagnostic {
        line: u32,
        col: u32,
    },
    /// Mark these editor lines (an explanation's fields).
    Highlight(Vec<u32>),
    /// The Apply button.
    Apply,
    /// A line submitted to the console.
    Run(String),
    /// A kubectl line a button types for the learner (an action: time runs on).
    Type(String),
    /// Ctrl-C with the line on the input (empty while a command runs).
    Interrupt(String),
    /// Ctrl-L.
    ClearScreen,
    /// Another terminal tab, brought to the front.
    OpenTerminal,
    /// Close the terminal with this id (the last one stays).
    CloseTerminal(u32),
    /// Bring the terminal with this id to the front: Run, Type, Interrupt and ClearScreen act
    /// on the terminal in front.
    SelectTerminal(u32),
    Play,
    Pause,
    TogglePlay,
    /// Exactly the next event.
    Step,
    /// Look at virtual time `ms` (the present, or any earlier moment).
    Seek(u64),
    /// Back to the present.
    ToLive,
    SetSpeed(f64),
    /// The next speed up (true) or down.
    NudgeSpeed(bool),
    Select(Option<Target>),
    SetDnsQuery(String),
    /// The DNS panel lists the cluster's own records too (true) or only the learner's.
    ShowSystemDns(bool),
    SetTab(Tab),
    SetMode(Mode),
    /// An action of the comparison's shared bar.
    Compare(CompareAction),
    TrafficTarget(String),
    TrafficClient(String),
    TrafficRate(u32),
    ToggleTraffic,
    /// `n` requests now.
    SendTraffic(u32),
    /// kube-proxy's mode: IPVS (true) or iptables.
    SetProxyMode(bool),
    /// The traffic target's sessionAffinity (`None` or `ClientIP`), as a `kubectl patch`.
    SetAffinity(String),
    /// Bring back the future an action in the past put aside.
    Undo,
    SetLanguage(Lang),
    SetTheme(Theme),
    /// The console wraps long lines (true) or keeps kubectl's columns and scrolls sideways.
    SetConsoleWrap(bool),
    /// The width (CSS pixels) the scene is drawn at.
    SetSceneWidth(u32),
    SetReducedMotion(bool),
    /// Wall time (ms) of the page's clock: time runs on (while playing).
    Advance(f64),
}

/// Speeds offered by the speed menu.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 10.0];

/// The playground.
pub struct Session {
    pub(crate) editor: Editor,
    pub(crate) term: Terminal,
    pub(crate) journal: Journal,
    pub(crate) snapshots: Snapshots,
    pub(crate) clock: Clock,
    /// The page's `?speed=N` (tests): multiplies the chosen speed.
    pub(crate) base_speed: f64,
    pub(crate) speed: f64,
    pub(crate) playing: bool,
    /// The moment looked at, when it is not the present, and the cluster as it was then.
    pub(crate) view: Option<(Time, Simulation)>,
    pub(crate) put_aside: Option<PutAside>,
    pub(crate) frame: Frame,
    pub(crate) scene_width: u32,
    pub(crate) reduced_motion: bool,
    pub(crate) animator: Animator,
    pub(crate) selected: Option<Target>,
    pub(crate) dns_query: String,
    /// The DNS panel's system records are listed.
    pub(crate) dns_system: bool,
    pub(crate) tab: Tab,
    pub(crate) traffic: Traffic,
    pub(crate) mode: Mode,
    pub(crate) compare: compare::CompareState,
    pub(crate) lang: Lang,
    pub(crate) theme: Theme,
    /// The console wraps long lines (the default) instead of scrolling sideways.
    pub(crate) console_wrap: bool,
    /// The scene benchmark: restart the rollout whenever the cluster settles.
    pub(crate) bench_churn: bool,
    /// What the last Step changed, and the moment it reached.
    pub(crate) step_change: Option<(travel::StepStamp, crate::view_model::motion::StepChange)>,
    /// The name the DNS panel's query last answered with (its question flew to CoreDNS).
    pub(crate) dns_flown: Option<String>,
    /// The range of virtual time an embedded figure keeps its reader within.
    pub(crate) window: embed::Window,
    /// While a record replays: the cluster's event count it may not pass (see
    /// [`save::RESTORE_EVENTS`]).
    pub(crate) replay_ceiling: Option<u64>,
}

impl Session {
    /// A session whose editor holds `editor_text` and whose `minikube start` boots a cluster
    /// from `seed`; `base_speed` multiplies every speed chosen (1 on the page).
    #[must_use]
    pub fn new(editor_text: &str, seed: u64, base_speed: f64) -> Session {
        Session::with_editor(Editor::new(editor_text.to_string()), seed, base_speed)
    }

    /// A session whose editor holds the files the page kept (see
    /// [`editor::Editor::stored`]); otherwise as [`Session::new`].
    #[must_use]
    pub fn with_files(stored: &editor::Stored, seed: u64, base_speed: f64) -> Session {
        let docs = stored
            .files
            .iter()
            .map(|(name, text)| editor::Doc::new(name, text))
            .collect();
        Session::with_editor(Editor::with_docs(docs, stored.active), seed, base_speed)
    }

    fn with_editor(editor: Editor, seed: u64, base_speed: f64) -> Session {
        let mut term = Terminal::new("", seed);
        term.set_documents(editor.documents());
        Session {
            editor,
            term,
            journal: Journal::default(),
            snapshots: Snapshots::new(SNAPSHOT_MS, MAX_SNAPSHOTS),
            clock: Clock::new(base_speed),
            base_speed,
            speed: 1.0,
            playing: true,
            view: None,
            put_aside: None,
            frame: Frame::default(),
            scene_width: 960,
            reduced_motion: false,
            animator: Animator::new(),
            selected: None,
            dns_query: String::new(),
            dns_system: false,
            tab: Tab::Events,
            traffic: Traffic::default(),
            mode: Mode::Cluster,
            compare: compare::CompareState::default(),
            lang: Lang::En,
            theme: Theme::System,
            console_wrap: true,
            bench_churn: false,
            step_change: None,
            dns_flown: None,
            window: embed::Window::default(),
            replay_ceiling: None,
        }
    }

    // ----- reading ------------------------------------------------------------------------

    /// The cluster now (after `minikube start`).
    #[must_use]
    pub fn live(&self) -> Option<&Simulation> {
        self.term.console.sim()
    }

    /// The cluster at the moment shown (the present, or the one looked back at).
    #[must_use]
    pub fn shown(&self) -> Option<&Simulation> {
        match &self.view {
            Some((_, sim)) => Some(sim),
            None => self.live(),
        }
    }

    /// The present's virtual time.
    #[must_use]
    pub fn now(&self) -> Time {
        self.live().map_or(Time::ZERO, Simulation::now)
    }

    /// The moment looked at, when it is not the present.
    #[must_use]
    pub fn viewed(&self) -> Option<Time> {
        self.view.as_ref().map(|(t, _)| *t)
    }

    #[must_use]
    pub fn lang(&self) -> Lang {
        self.lang
    }

    #[must_use]
    pub fn theme(&self) -> Theme {
        self.theme
    }

    #[must_use]
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// A command runs in the console (its input line is replaced by Stop).
    #[must_use]
    pub fn console_busy(&self) -> bool {
        self.term.is_busy()
    }

    /// The newest change said to screen readers.
    #[must_use]
    pub fn narration(&self) -> &str {
        &self.frame.narration
    }

    #[must_use]
    pub fn tab(&self) -> Tab {
        self.tab
    }

    #[must_use]
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// The width (CSS pixels) the scene is laid out for.
    #[must_use]
    pub fn scene_width(&self) -> u32 {
        self.scene_width
    }

    #[must_use]
    pub fn speed(&self) -> f64 {
        self.speed
    }

    #[must_use]
    pub fn editor(&self) -> &Editor {
        &self.editor
    }

    #[must_use]
    pub fn selected(&self) -> Option<&Target> {
        self.selected.as_ref()
    }

    #[must_use]
    pub fn dns_query(&self) -> &str {
        &self.dns_query
    }

    /// Whether the DNS panel lists the system records too.
    #[must_use]
    pub fn dns_system(&self) -> bool {
        self.dns_system
    }

    /// What was recorded, in order.
    #[must_use]
    pub fn journal(&self) -> &[journal::Entry] {
        &self.journal.entries
    }

    /// The seed the cluster boots from.
    #[must_use]
    pub fn seed(&self) -> u64 {
        self.term.console.seed()
    }

    /// The console's files, as `cat` and `kubectl apply -f` read them.
    #[must_use]
    pub fn file(&self, name: &str) -> Option<String> {
        self.term.console.files().read(name).ok()
    }

    // ----- intents ------------------------------------------------------------------------

    /// Does what `intent` asks; says what to redraw.
    pub fn dispatch(&mut self, intent: Intent) -> Changed {
        match intent {
            Intent::Edit(text) => return self.edit(text),
            Intent::PickExample(id) => {
                if self.editor.pick_example(&id) {
                    self.editor_changed();
                }
                return Changed::EDITOR;
            }
            Intent::LoadManifests(text) => {
                self.editor.replace_all(&text);
                self.editor_changed();
                return Changed::EDITOR;
            }
            Intent::RestoreFiles(stored) => {
                if self.editor.restore(&stored) {
                    self.editor_changed();
                }
                return Changed::EDITOR;
            }
            Intent::AddFile
            | Intent::RenameFile { .. }
            | Intent::CloseFile(_)
            | Intent::SelectFile(_)
            | Intent::UndoFiles
            | Intent::DismissUndoFiles => return self.dispatch_files(intent),
            Intent::Revalidate(rev) => {
                self.editor.revalidate(rev);
                return Changed::EDITOR;
            }
            Intent::FocusDiagnostic { line, col } => {
                self.editor.focus_diagnostic(line, col);
                return Changed::EDITOR;
            }
            Intent::Highlight(lines) => {
                return if self.editor.highlight(lines) {
                    Changed::EDITOR
                } else {
                    Changed::NONE
                };
            }
            Intent::Advance(wall_ms) => return self.advance(wall_ms),
            Intent::SetLanguage(lang) => self.set_language(lang),
            Intent::SetTheme(theme) => self.theme = theme,
            Intent::SetConsoleWrap(wrap) => {
                self.console_wrap = wrap;
                return Changed {
                    console: true,
                    ..Changed::NONE
                };
            }
            other => self.dispatch_stage(other),
        }
        // The scene follows at once (a render only reads it).
        self.refresh_scene();
        Changed::ALL
    }

    /// The intents about the stage and the console.
    fn dispatch_stage(&mut self, intent: Intent) {
        match intent {
            Intent::Apply => self.apply(),
            Intent::Run(line) => self.run(&line),
            Intent::Type(line) => {
                self.type_line(&line);
                self.playing = true;
            }
            Intent::Interrupt(line) => self.interrupt(&line),
            Intent::ClearScreen => self.term.clear_screen(&mut self.journal),
            Intent::OpenTerminal => {
                self.term.open(&mut self.journal);
            }
            Intent::CloseTerminal(id) => {
                self.term.close(id, &mut self.journal);
            }
            Intent::SelectTerminal(id) => {
                self.term.select(id);
            }
            Intent::Play => self.play(),
            Intent::Pause => self.playing = false,
            Intent::TogglePlay => {
                if self.playing {
                    self.playing = false;
                } else {
                    self.play();
                }
            }
            Intent::Step => {
                if !self.at_window_end() {
                    self.step();
                }
            }
            Intent::Seek(ms) => self.seek(Time(self.window.clamp(ms))),
            Intent::ToLive => self.back_to_present(),
            Intent::SetSpeed(s) => self.set_speed(s),
            Intent::NudgeSpeed(up) => self.nudge_speed(up),
            Intent::Select(target) => self.selected = target,
            Intent::SetDnsQuery(q) => self.set_dns_query(q),
            Intent::ShowSystemDns(on) => self.dns_system = on,
            Intent::SetTab(tab) => self.tab = tab,
            Intent::SetMode(mode) => self.set_mode(mode),
            Intent::Compare(action) => self.compare_act(&action),
            Intent::SetSceneWidth(w) => self.scene_width = w.max(1),
            Intent::SetReducedMotion(r) => self.reduced_motion = r,
            Intent::Undo => {
                self.undo();
            }
            other => self.dispatch_traffic(other),
        }
    }

    fn edit(&mut self, text: String) -> Changed {
        if self.editor.edit(text) {
            self.editor_changed();
            Changed::EDITOR
        } else {
            Changed::NONE
        }
    }

    /// The intents about the editor's files (tabs).
    fn dispatch_files(&mut self, intent: Intent) -> Changed {
        let docs_rev = self.editor.docs_rev;
        let changed = match intent {
            Intent::AddFile => {
                self.editor.add_file();
                true
            }
            Intent::RenameFile { index, name } => {
                let before = self.editor.name_error;
                self.editor.rename(index, &name) || before != self.editor.name_error
            }
            Intent::CloseFile(index) => self.editor.close(index),
            Intent::SelectFile(index) => self.editor.select(index),
            Intent::UndoFiles => self.editor.undo_replaced(),
            Intent::DismissUndoFiles => self.editor.dismiss_replaced(),
            _ => false,
        };
        if self.editor.docs_rev != docs_rev {
            self.editor_changed();
        }
        if changed {
            Changed::EDITOR
        } else {
            Changed::NONE
        }
    }

    /// The editor's files reach `kubectl apply -f NAME` as soon as they change.
    fn editor_changed(&mut self) {
        self.term.set_documents(self.editor.documents());
    }

    pub(crate) fn set_language(&mut self, lang: Lang) {
        self.lang = lang;
        self.term.set_lang(lang);
    }

    pub(crate) fn set_speed(&mut self, speed: f64) {
        // Anything not a number leaves the speed as it is.
        if !speed.is_finite() {
            return;
        }
        self.speed = speed.clamp(0.25, 10.0);
        self.clock = Clock::new(self.base_speed * self.speed);
    }

    fn nudge_speed(&mut self, up: bool) {
        let i = SPEEDS
            .iter()
            .position(|s| (*s - self.speed).abs() < 1e-9)
            .unwrap_or(2);
        let j = if up {
            (i + 1).min(SPEEDS.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        self.set_speed(SPEEDS.get(j).copied().unwrap_or(1.0));
    }

    /// Apply: the active file's objects, as the workbench analysed them, go to the cluster as
    /// `kubectl apply -f NAME` would send them (starting minikube first if needed); the console
    /// shows the line and kubectl's answer.
    fn apply(&mut self) {
        if self.mode == Mode::Compare {
            self.set_mode(Mode::Cluster);
        }
        self.branch();
        self.playing = true;
        if self.live().is_none() {
            self.term.submit("minikube start", &mut self.journal);
        }
        let analysis = self.editor.current_analysis();
        let text = self.editor.text.to_string();
        let name = self.editor.active_name().to_string();
        self.apply_analysis(&name, text, &analysis);
    }

    /// Echoes `kubectl apply -f NAME`, sends `analysis` (of `text`, file `name`) to the
    /// cluster and shows kubectl's answer; recorded with the file's name and the text applied.
    pub(crate) fn apply_analysis(
        &mut self,
        name: &str,
        text: String,
        analysis: &crate::manifest::Analysis,
    ) {
        let line = format!("kubectl apply -f {}", shell_word(name));
        let prompt = self.term.console.prompt();
        let at = self.live().map(|s| s.now().ms());
        self.term.screen.echo(&prompt, &line, at);
        let action = if name == terminal::EDITOR_FILE {
            Action::Apply(text)
        } else {
            Action::ApplyFile {
                file: name.to_string(),
                text: Some(text),
            }
        };
        let id = self.term.active();
        self.journal.record_in(at.unwrap_or(0), id, action);
        let out = self.term.console.apply_analysis(name, analysis);
        self.term.show(out);
        self.term.mark_dirty();
    }

    /// A line typed at the console (an action: from an earlier moment it starts a new future).
    fn run(&mut self, line: &str) {
        if !self.term.is_busy() {
            self.branch();
        }
        self.term.submit(line, &mut self.journal);
    }

    fn interrupt(&mut self, line: &str) {
        self.term.interrupt(line, &mut self.journal);
    }

    /// A paste: lines with breaks run one after another (see [`Terminal::paste`]); returns the
    /// text to leave on the input line, or `None` when the input takes the paste itself.
    pub fn paste(&mut self, typed: &str, text: &str) -> Option<String> {
        if text.contains('\n') && !self.term.is_busy() {
            self.branch();
        }
        self.term.paste(typed, text, &mut self.journal)
    }

    /// ↑ with `current` on the input line.
    pub fn recall_up(&mut self, current: &str) -> Option<String> {
        self.term.recall_up(current)
    }

    /// ↓.
    pub fn recall_down(&mut self) -> Option<String> {
        self.term.recall_down()
    }

    /// Tab on `line` (several candidates are listed in the scrollback).
    pub fn complete(&mut self, line: &str) -> Option<String> {
        self.term.complete(line)
    }

    /// A line typed for a button (the why panel's actions, the affinity switch): an action.
    pub(crate) fn type_line(&mut self, line: &str) {
        self.branch();
        self.term.type_line(line, &mut self.journal);
    }

    /// The current scene (built for the moment shown at the scene's width).
    #[must_use]
    pub fn scene(&self) -> Rc<Scene> {
        self.frame.scene()
    }

    /// The motion between scenes: where each pod is drawn now, ghosts, packets in flight.
    #[must_use]
    pub fn animator(&self) -> &Animator {
        &self.animator
    }

    /// Sets the scene benchmark up: a cluster of `pods` Deployment pods instead of booting, the
    /// rollout restarted whenever it settles and traffic flowing to Service `bench`.
    pub fn start_scene_bench(&mut self, pods: usize) {
        self.term.replace_sim(crate::bench::scene_cluster(pods));
        self.bench_churn = true;
        self.traffic.target = "bench".into();
        self.traffic.rate = 10;
        self.traffic.on = true;
    }
}

/// `name` as one shell word (quoted when it holds anything but letters, digits and `._-+@%:,=`),
/// so an echoed `kubectl apply -f NAME` can be typed again as it is shown.
fn shell_word(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+@%:,=".contains(c));
    if plain {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}
