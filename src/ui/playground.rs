//! The one live thing behind the page: the console (which owns the simulated cluster), the
//! clock and playback, the moment being looked at, the drawn scene and its motion, traffic,
//! the comparison. It lives in a `RefCell` shared through context, not in Yew state, so a
//! whole cluster is never cloned or compared; components subscribe to what they draw and are
//! told when it changed.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use crate::engine::command::Command;
use crate::engine::timeline::{rewound, state_at};
use crate::engine::trace::Change;
use crate::engine::{Key, Simulation, Time};
use crate::i18n::Lang;
use crate::view_model::compare::Comparison;
use crate::view_model::scene::{self, Scene};
use crate::view_model::traffic;
use crate::view_model::tween::Animator;
use crate::view_model::why::Target;

use super::console_panel::PanelState;
use super::console_screen::{self, Clock};

/// Virtual time between snapshots kept for seeking (the comparison keeps its own at the same
/// spacing).
pub use crate::view_model::compare::SNAPSHOT_MS;
/// Snapshots kept at most (older ones are thinned out).
pub const MAX_SNAPSHOTS: usize = 120;
/// How often the panels that read the cluster are redrawn while time runs (per second).
pub const CLUSTER_HZ: f64 = 4.0;
/// While time runs, the panels' redraw is spread over this many frames (each panel on one of
/// them), so that no single frame pays for all of them.
pub const CLUSTER_PHASES: u8 = 4;

/// What a subscriber draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// The console's scrollback and prompt.
    Console,
    /// The scene, every frame something moves.
    Scene,
    /// Everything else read from the cluster: time, events, DNS, traffic counts, selection.
    Cluster,
    /// Cluster panels whose every redraw moves many elements (the event list, the buttons over
    /// a big scene): while time runs, once every [`SLOW_EVERY`] cluster redraws.
    ClusterSlow,
}

/// While time runs, [`Topic::ClusterSlow`] follows every this many cluster redraws.
pub const SLOW_EVERY: u64 = 4;
/// While time runs, the pods count as changing until this long (ms) after the last change to
/// them (a pod added, removed, moved, or changed state or IP).
pub const BUSY_MS: f64 = 1_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Cluster,
    Compare,
}

pub use crate::view_model::traffic::Traffic;

/// What identifies the cluster state shown: events run, commands, time, the moment looked at,
/// playing or not, and the mode.
type Stamp = (u64, usize, Time, Option<Time>, bool, Mode, usize);

/// A subscription: its id, what it draws, and how to tell it.
/// Id, topic, the frame of a spread redraw it is drawn on, and what to call.
type Subscriber = (u64, Topic, u8, Rc<dyn Fn()>);

/// The whole page state outside Yew.
pub struct Playground {
    pub panel: PanelState,
    pub clock: Clock,
    /// `?speed=N` (tests): multiplies the chosen speed.
    base_speed: f64,
    pub speed: f64,
    pub playing: bool,
    last_wall_ms: Option<f64>,
    /// The wall time of the last [`Playground::animate`].
    last_anim_ms: Option<f64>,
    /// The scene version the animator last saw.
    animated_version: Option<u64>,
    /// The moment looked at, when it is not the present.
    pub view: Option<Time>,
    view_sim: Option<Simulation>,
    snapshots: Vec<Simulation>,
    scene: Rc<Scene>,
    scene_key: Option<(u64, usize, Option<Time>, u32)>,
    /// The width the scene is laid out for (the drawing's width on the page, in CSS pixels).
    pub scene_width: u32,
    pub scene_version: u64,
    pub animator: Animator,
    pub reduced_motion: bool,
    pub selected: Option<Target>,
    pub dns_query: String,
    pub traffic: Traffic,
    pub mode: Mode,
    pub compare: Option<Comparison>,
    pub compare_view: Option<Time>,
    compare_view_sims: Option<(Simulation, Simulation)>,
    pub compare_notes: Vec<String>,
    /// The newest trace entry already narrated.
    narrated: u64,
    pub narration: String,
    last_narration_ms: f64,
    subscribers: Vec<Subscriber>,
    next_subscriber: u64,
    pub lang: Lang,
    last_stamp: Option<Stamp>,
    last_cluster_ms: f64,
    /// The phase of a spread panel redraw that the next frame draws, while one is under way.
    cluster_phase: Option<u8>,
    /// Spread redraws begun while time runs (every [`SLOW_EVERY`]th includes the slow panels).
    cluster_cycles: u64,
    /// Whether the spread redraw under way includes the slow panels.
    cycle_slow: bool,
    /// A redraw left the slow panels behind.
    slow_stale: bool,
    next_slow: u64,
    /// The scene benchmark: restart the rollout whenever the cluster settles.
    pub bench_churn: bool,
    /// When (wall time) the pods shown last changed, and whether that counted as busy.
    pods_changed_ms: f64,
    was_busy: bool,
}

/// What one frame changed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Changed {
    pub console: bool,
    pub scene: bool,
    /// Every cluster panel.
    pub cluster: bool,
    /// Only the cluster panels of this phase (a redraw spread over frames).
    pub cluster_phase: Option<u8>,
    /// Whether the slow panels of `cluster_phase` are drawn too.
    pub slow: bool,
}

impl Playground {
    #[must_use]
    pub fn new(editor_text: &str, seed: u64, base_speed: f64) -> Playground {
        Playground {
            panel: PanelState::new(editor_text, seed),
            clock: Clock::new(base_speed),
            base_speed,
            speed: 1.0,
            playing: true,
            last_wall_ms: None,
            last_anim_ms: None,
            animated_version: None,
            view: None,
            view_sim: None,
            snapshots: Vec::new(),
            scene: Rc::new(Scene::default()),
            scene_key: None,
            scene_width: 960,
            scene_version: 0,
            animator: Animator::new(),
            reduced_motion: false,
            selected: None,
            dns_query: String::new(),
            traffic: Traffic::default(),
            mode: Mode::Cluster,
            compare: None,
            compare_view: None,
            compare_view_sims: None,
            compare_notes: Vec::new(),
            narrated: 0,
            narration: String::new(),
            last_narration_ms: 0.0,
            subscribers: Vec::new(),
            next_subscriber: 0,
            lang: Lang::En,
            bench_churn: false,
            last_stamp: None,
            last_cluster_ms: f64::NEG_INFINITY,
            cluster_phase: None,
            cluster_cycles: 0,
            cycle_slow: false,
            slow_stale: false,
            next_slow: 0,
            pods_changed_ms: f64::NEG_INFINITY,
            was_busy: false,
        }
    }

    // ----- subscriptions ------------------------------------------------------------------

    pub fn subscribe(&mut self, topic: Topic, f: Rc<dyn Fn()>) -> u64 {
        self.next_subscriber += 1;
        // Each panel draws on a frame of its own; the slow ones are spread among themselves.
        let n = if topic == Topic::ClusterSlow {
            self.next_slow += 1;
            self.next_slow
        } else {
            self.next_subscriber
        };
        let phase = u8::try_from(n % u64::from(CLUSTER_PHASES)).unwrap_or(0);
        self.subscribers
            .push((self.next_subscriber, topic, phase, f));
        self.next_subscriber
    }

    pub fn unsubscribe(&mut self, id: u64) {
        self.subscribers.retain(|(i, _, _, _)| *i != id);
    }

    /// The callbacks to run for `changed` (run them after the borrow is released).
    #[must_use]
    pub fn listeners(&self, changed: Changed) -> Vec<Rc<dyn Fn()>> {
        self.subscribers
            .iter()
            .filter(|(_, t, phase, _)| match t {
                Topic::Console => changed.console,
                Topic::Scene => changed.scene,
                Topic::Cluster => changed.cluster || changed.cluster_phase == Some(*phase),
                Topic::ClusterSlow => {
                    changed.cluster || (changed.slow && changed.cluster_phase == Some(*phase))
                }
            })
            .map(|(_, _, _, f)| Rc::clone(f))
            .collect()
    }

    // ----- the cluster and the moment shown ------------------------------------------------

    #[must_use]
    pub fn live(&self) -> Option<&Simulation> {
        self.panel.console.sim()
    }

    /// The simulation of the moment shown (the present, or the one scrubbed to).
    #[must_use]
    pub fn shown(&self) -> Option<&Simulation> {
        match (&self.view, &self.view_sim) {
            (Some(_), Some(sim)) => Some(sim),
            _ => self.live(),
        }
    }

    #[must_use]
    pub fn now(&self) -> Time {
        self.live().map_or(Time::ZERO, Simulation::now)
    }

    /// Shows the moment `t` (clamped to the present); the present itself shows live again.
    /// Playback pauses: nothing moves while the learner looks back.
    pub fn seek(&mut self, t: Time) {
        let Some(live) = self.live() else { return };
        if t >= live.now() {
            self.view = None;
            self.view_sim = None;
        } else {
            let sim = state_at(&self.snapshots, live, t);
            self.view = Some(t);
            self.view_sim = Some(sim);
            self.playing = false;
        }
        self.animator.reset();
    }

    /// [`Playground::seek`] to `ms` of virtual time.
    pub fn seek_ms(&mut self, ms: u64) {
        self.seek(Time(ms));
    }

    /// Back to the present without changing anything.
    pub fn to_live(&mut self) {
        self.view = None;
        self.view_sim = None;
        self.animator.reset();
    }

    /// Before any action: when an earlier moment is shown, it becomes the present and the old
    /// future is discarded. Returns true when that happened.
    pub fn commit_view(&mut self) -> bool {
        let Some(t) = self.view else { return false };
        let Some(live) = self.live() else {
            return false;
        };
        let sim = rewound(&self.snapshots, live, t);
        self.snapshots.retain(|s| s.now() <= t);
        self.panel.console.replace_sim(sim);
        self.panel.note_rewind(t, self.lang);
        self.view = None;
        self.view_sim = None;
        self.traffic.on = false;
        self.narrated = self.live().map_or(0, |s| s.trace().total());
        self.animator.reset();
        true
    }

    /// The scene of the moment shown, rebuilt only when the cluster shown changed (an event, a
    /// command, another moment or width): time passing alone changes nothing drawn.
    pub fn scene(&mut self) -> Rc<Scene> {
        let width = self.scene_width;
        let key = self
            .shown()
            .map(|s| (s.n_events(), s.commands().len(), self.view, width));
        if key != self.scene_key {
            self.scene_key = key;
            self.scene = Rc::new(
                self.shown()
                    .map(|s| scene::build_for(s, f64::from(width)))
                    .unwrap_or_default(),
            );
            self.scene_version += 1;
        }
        Rc::clone(&self.scene)
    }

    // ----- the clock ------------------------------------------------------------------------

    pub fn set_speed(&mut self, speed: f64) {
        self.speed = speed.clamp(0.25, 10.0);
        self.clock = Clock::new(self.base_speed * self.speed);
    }

    pub fn toggle_play(&mut self) {
        if self.playing {
            self.playing = false;
        } else {
            self.commit_view();
            self.playing = true;
        }
    }

    /// Runs exactly the next event (and feeds a waiting command).
    pub fn step(&mut self) -> bool {
        self.commit_view();
        self.playing = false;
        let Some(next) = self.live().and_then(Simulation::next_event_time) else {
            return false;
        };
        let until = next;
        let out = if self.panel.console.is_busy() {
            self.panel.console.pump(until)
        } else {
            self.panel.console.idle_until(until)
        };
        self.panel.show(out);
        true
    }

    /// Moves the motion on to wall time `wall_now_ms`: creations, deletions and packets in
    /// flight. Says whether the scene looks any different from the last call.
    pub fn animate(&mut self, wall_now_ms: f64) -> bool {
        let dt = elapsed(&mut self.last_anim_ms, wall_now_ms);
        let scene = self.scene();
        let version = self.scene_version;
        let rebuilt = self.animated_version != Some(version);
        self.animated_version = Some(version);
        self.animator
            .update(&scene, version, dt, self.reduced_motion);
        rebuilt || self.animator.is_moving(&scene)
    }

    /// Moves the cluster on to wall time `wall_now_ms` (while time runs) and rebuilds the
    /// scene if what it shows changed. The page calls this just after a frame is drawn, so the
    /// simulation's work is done between frames and the next frame only paints.
    pub fn tick(&mut self, wall_now_ms: f64) -> Changed {
        let dt = elapsed(&mut self.last_wall_ms, wall_now_ms);
        let mut changed = Changed::default();
        if self.mode == Mode::Cluster {
            if self.playing && self.view.is_none() {
                let virtual_ms = self.clock.step(dt);
                if self.bench_churn {
                    self.churn();
                }
                if self.traffic.on {
                    self.send_traffic(virtual_ms);
                }
                changed.console |= self.panel.advance(virtual_ms);
                self.take_snapshot();
            } else {
                // Paused: typed commands still run at once; queued lines wait for the clock.
                changed.console |= self.panel.advance(0);
            }
        } else if self.playing && self.compare_view.is_none() {
            let virtual_ms = self.clock.step(dt);
            if let Some(cmp) = self.compare.as_mut() {
                let t = cmp.now().plus_ms(virtual_ms);
                cmp.advance_to(t);
            }
        }
        if self.mode == Mode::Cluster {
            // The traffic control's choices follow the cluster here, not while it is drawn.
            if let Some(sim) = self.panel.console.sim() {
                changed.cluster |= traffic::reconcile(&mut self.traffic, sim);
            }
        }
        changed.console |= self.panel.take_dirty();
        // Compared with the last frame's, so changes made between frames (a command typed in
        // the console, a click) are seen too.
        // The panels that read the cluster (clock, events, DNS, traffic) follow at most
        // CLUSTER_HZ times a second while time runs; the scene itself follows every frame.
        let stamp = self.cluster_stamp();
        let differs = self.last_stamp.as_ref() != Some(&stamp);
        let due = wall_now_ms - self.last_cluster_ms >= 1_000.0 / CLUSTER_HZ;
        let scene_moved = differs;
        let mut narrate = false;
        if let Some(phase) = self.cluster_phase {
            // A spread redraw under way: this frame draws the next phase's panels.
            changed.cluster_phase = Some(phase);
            changed.slow = self.cycle_slow;
            self.cluster_phase = (phase + 1 < CLUSTER_PHASES).then_some(phase + 1);
        }
        if differs && !self.playing {
            // Paused (a step, a click, a typed command): everything at once.
            changed.cluster = true;
            self.cluster_phase = None;
            self.slow_stale = false;
            self.last_stamp = Some(stamp);
            self.last_cluster_ms = wall_now_ms;
            narrate = true;
        } else if due && changed.cluster_phase.is_none() && (differs || self.slow_stale) {
            // A redraw with the slow panels every SLOW_EVERY, and once more when the cluster
            // has come to rest after a redraw without them.
            self.cycle_slow = self.cluster_cycles % SLOW_EVERY == 0 || !differs;
            self.slow_stale = !self.cycle_slow;
            self.cluster_cycles += 1;
            changed.cluster_phase = Some(0);
            changed.slow = self.cycle_slow;
            self.cluster_phase = Some(1);
            self.last_stamp = Some(stamp);
            self.last_cluster_ms = wall_now_ms;
            narrate = true;
        }
        // The scene is rebuilt, and matched with the last one, here between frames rather than
        // by the next frame.
        let before = Rc::clone(&self.scene);
        let scene = self.scene();
        self.animator
            .sync(&scene, self.scene_version, self.reduced_motion);
        if !Rc::ptr_eq(&before, &scene) && !same_pods(&before, &scene) {
            self.pods_changed_ms = wall_now_ms;
        }
        let busy = self.busy();
        if busy != self.was_busy {
            // The canvas scene's pod buttons come and go with this: tell everyone now.
            self.was_busy = busy;
            changed.cluster = true;
        }
        if scene_moved {
            // The next frame paints, even when the scene itself was not rebuilt.
            self.animated_version = None;
        }
        if narrate {
            self.narrate(wall_now_ms);
        }
        changed
    }

    /// Whether the pods shown are changing while time runs: one changed within the last
    /// [`BUSY_MS`]. A big (canvas) scene leaves out its pods' buttons then, as they would be
    /// out of date within the second; pointer clicks find the pod on the canvas instead.
    #[must_use]
    pub fn busy(&self) -> bool {
        self.playing
            && self.view.is_none()
            && self
                .last_wall_ms
                .is_some_and(|now| now - self.pods_changed_ms < BUSY_MS)
    }

    /// Identifies the cluster state shown (changes whenever anything drawn could).
    fn cluster_stamp(&self) -> Stamp {
        match self.mode {
            Mode::Cluster => {
                let s = self.shown();
                (
                    s.map_or(0, Simulation::n_events),
                    s.map_or(0, |s| s.commands().len()),
                    s.map_or(Time::ZERO, Simulation::now),
                    self.view,
                    self.playing,
                    self.mode,
                    self.traffic
                        .hits
                        .values()
                        .map(|n| usize::try_from(*n).unwrap_or(0))
                        .sum(),
                )
            }
            Mode::Compare => {
                let c = self.compare.as_ref();
                (
                    c.map_or(0, |c| c.left.sim().n_events() + c.right.sim().n_events()),
                    c.map_or(0, |c| c.left.sim().commands().len()),
                    c.map_or(Time::ZERO, Comparison::now),
                    self.compare_view,
                    self.playing,
                    self.mode,
                    self.compare_notes.len(),
                )
            }
        }
    }

    /// The benchmark's endless motion: a new rollout as soon as the last one is done.
    fn churn(&mut self) {
        let Some(sim) = self.panel.console.sim_mut() else {
            return;
        };
        if sim.is_idle() {
            sim.exec(Command::RolloutRestart {
                kind: crate::manifest::objects::Kind::Deployment,
                key: Key::new("default", "bench"),
            });
        }
        let client_ok = sim
            .cluster()
            .pods
            .get(&Key::new("default", &self.traffic.client))
            .is_some_and(|p| p.is_ready());
        if !client_ok {
            self.traffic.on = true;
            if let Some(pod) = sim
                .cluster()
                .pods
                .values()
                .find(|p| p.meta.namespace == "default" && p.is_ready())
            {
                self.traffic.client = pod.meta.name.clone();
            }
        }
    }

    fn take_snapshot(&mut self) {
        let Some(live) = self.panel.console.sim() else {
            return;
        };
        let due = self
            .snapshots
            .last()
            .is_none_or(|s| live.now().ms() >= s.now().ms() + SNAPSHOT_MS);
        if due {
            self.snapshots.push(live.clone());
            if self.snapshots.len() > MAX_SNAPSHOTS {
                // Keep the first and every other one after it.
                let mut i = 0;
                self.snapshots.retain(|_| {
                    i += 1;
                    i == 1 || i % 2 == 0
                });
            }
        }
    }

    /// Screen-reader narration: the newest traced change, at most once a second.
    fn narrate(&mut self, wall_now_ms: f64) {
        if wall_now_ms - self.last_narration_ms < 1_000.0 {
            return;
        }
        let lang = self.lang;
        let Some(sim) = self.shown() else { return };
        let newest = sim
            .trace()
            .iter()
            .rev()
            .find(|e| {
                e.seq >= self.narrated
                    && matches!(
                        e.change,
                        Change::Created | Change::Deleted | Change::Endpoints | Change::Waiting
                    )
            })
            .map(|e| (e.seq, e.reason.render(lang)));
        if let Some((seq, text)) = newest {
            self.narrated = seq + 1;
            self.narration = text;
            self.last_narration_ms = wall_now_ms;
        }
    }

    // ----- traffic ------------------------------------------------------------------------

    /// Sends the requests due in `virtual_ms` at the chosen rate, and a packet for each.
    fn send_traffic(&mut self, virtual_ms: u64) {
        let n = traffic::due_requests(&mut self.traffic, virtual_ms);
        if n > 0 {
            self.send_requests(n);
        }
    }

    /// Sends `n` requests from the chosen client to the chosen target now.
    pub fn send_requests(&mut self, n: u32) {
        // Packets start from where things are drawn now (the scene of the last frame: no
        // rebuild for a request).
        let scene = Rc::clone(&self.scene);
        let Some(sim) = self.panel.console.sim_mut() else {
            return;
        };
        for (path, pod) in traffic::send_requests(&mut self.traffic, sim, n, &scene) {
            self.animator.send(path, &pod);
        }
    }

    // ----- comparison ---------------------------------------------------------------------

    pub fn set_mode(&mut self, mode: Mode) {
        if mode == Mode::Compare && self.compare.is_none() {
            self.compare = Some(Comparison::new(self.panel.console.seed()));
        }
        self.mode = mode;
        self.animator.reset();
    }

    /// Both sides of the comparison as shown (present or scrubbed to).
    #[must_use]
    pub fn compare_shown(&self) -> Option<(&Simulation, &Simulation)> {
        let cmp = self.compare.as_ref()?;
        match (&self.compare_view, &self.compare_view_sims) {
            (Some(_), Some((l, r))) => Some((l, r)),
            _ => Some((cmp.left.sim(), cmp.right.sim())),
        }
    }

    pub fn compare_seek(&mut self, t: Time) {
        let Some(cmp) = self.compare.as_ref() else {
            return;
        };
        if t >= cmp.now() {
            self.compare_view = None;
            self.compare_view_sims = None;
        } else {
            self.compare_view = Some(t);
            self.compare_view_sims = Some((cmp.left.state_at(t), cmp.right.state_at(t)));
            self.playing = false;
        }
    }

    /// [`Playground::compare_seek`] to `ms` of virtual time.
    pub fn compare_seek_ms(&mut self, ms: u64) {
        self.compare_seek(Time(ms));
    }

    /// Makes a scrubbed-to moment of the comparison the present (discarding the old future).
    pub fn compare_commit(&mut self) {
        if let (Some(t), Some(cmp)) = (self.compare_view.take(), self.compare.as_mut()) {
            cmp.rewind_to(t);
        }
        self.compare_view_sims = None;
    }

    // ----- borrowing helpers for the console panel -------------------------------------------

    pub fn panel_mut(this: &RefCell<Playground>) -> Option<RefMut<'_, PanelState>> {
        this.try_borrow_mut()
            .ok()
            .map(|p| RefMut::map(p, |p| &mut p.panel))
    }

    pub fn panel_ref(this: &RefCell<Playground>) -> Option<Ref<'_, PanelState>> {
        this.try_borrow().ok().map(|p| Ref::map(p, |p| &p.panel))
    }
}

/// The shared playground, compared by identity.
#[derive(Clone)]
pub struct PlaygroundHandle(pub Rc<RefCell<Playground>>);

impl PartialEq for PlaygroundHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for PlaygroundHandle {
    type Target = RefCell<Playground>;
    fn deref(&self) -> &RefCell<Playground> {
        &self.0
    }
}

/// Runs every listener of `changed` (outside any borrow of the playground).
pub fn notify(pg: &RefCell<Playground>, changed: Changed) {
    let listeners = match pg.try_borrow() {
        Ok(p) => p.listeners(changed),
        Err(_) => return,
    };
    for f in listeners {
        f();
    }
}

/// Changes everything listens to (a click that changed what is shown).
pub const ALL: Changed = Changed {
    console: true,
    scene: true,
    cluster: true,
    cluster_phase: None,
    slow: false,
};

/// Wall time (ms) since `*last`, at most a second (0 the first time), and `*last` set to `now`.
fn elapsed(last: &mut Option<f64>, now: f64) -> f64 {
    let dt = last
        .map_or(0.0, |l| now - l)
        .clamp(0.0, console_screen::MAX_WALL_DT_MS);
    *last = Some(now);
    dt
}

/// Whether two scenes show the same pods, each in the same place, state and IP.
fn same_pods(a: &Scene, b: &Scene) -> bool {
    a.pods.len() == b.pods.len()
        && a.pods.iter().zip(&b.pods).all(|(x, y)| {
            Rc::ptr_eq(x, y)
                || (x.uid == y.uid && x.rect == y.rect && x.state == y.state && x.ip == y.ip)
        })
}
