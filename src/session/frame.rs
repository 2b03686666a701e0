//! The page's clock: each frame, wall time becomes virtual time (while playing), the cluster
//! and the console move on, the scene is rebuilt when what it shows changed, and the answer
//! says which panels to redraw. The panels that read the cluster follow at most
//! [`CLUSTER_HZ`] times a second while time runs, spread over [`CLUSTER_PHASES`] frames so no
//! frame pays for all of them; the scene follows every frame.

use std::rc::Rc;

use crate::engine::command::Command;
use crate::engine::trace::Change;
use crate::engine::{Key, Simulation, Time};
use crate::view_model::scene::{self, Scene};

use super::screen::MAX_WALL_DT_MS;
use super::{Mode, Session};

/// How often the panels that read the cluster are redrawn while time runs (per second).
pub const CLUSTER_HZ: f64 = 4.0;
/// While time runs, the panels' redraw is spread over this many frames.
pub const CLUSTER_PHASES: u8 = 4;
/// While time runs, the slow panels follow every this many cluster redraws.
pub const SLOW_EVERY: u64 = 4;
/// While time runs, the pods count as changing until this long (ms) after the last change to
/// them (a pod added, removed, moved, or changed state or IP).
pub const BUSY_MS: f64 = 1_000.0;

/// What changed, so which panels redraw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    /// The editor, its diagnostics and object list.
    pub editor: bool,
    pub console: bool,
    pub scene: bool,
    /// Every cluster panel.
    pub cluster: bool,
    /// Only the cluster panels of this phase (a redraw spread over frames).
    pub cluster_phase: Option<u8>,
    /// Whether the slow panels of `cluster_phase` are drawn too.
    pub slow: bool,
}

impl Changed {
    pub const NONE: Changed = Changed {
        editor: false,
        console: false,
        scene: false,
        cluster: false,
        cluster_phase: None,
        slow: false,
    };
    pub const EDITOR: Changed = Changed {
        editor: true,
        ..Changed::NONE
    };
    pub const ALL: Changed = Changed {
        editor: true,
        console: true,
        scene: true,
        cluster: true,
        cluster_phase: None,
        slow: false,
    };
    pub const SCENE: Changed = Changed {
        scene: true,
        ..Changed::NONE
    };

    #[must_use]
    pub fn any(self) -> bool {
        self != Changed::NONE
    }
}

/// What identifies the cluster state shown.
type Stamp = (u64, usize, Time, Option<Time>, bool, Mode, usize);

/// The clock's and the scene's bookkeeping between frames.
pub struct Frame {
    last_wall_ms: Option<f64>,
    last_anim_ms: Option<f64>,
    animated_version: Option<u64>,
    scene: Rc<Scene>,
    scene_key: Option<(u64, usize, Option<Time>, u32)>,
    pub(crate) scene_version: u64,
    /// The newest trace entry already narrated.
    pub(crate) narrated: u64,
    pub(crate) narration: String,
    last_narration_ms: f64,
    last_stamp: Option<Stamp>,
    last_cluster_ms: f64,
    cluster_phase: Option<u8>,
    cluster_cycles: u64,
    cycle_slow: bool,
    slow_stale: bool,
    pods_changed_ms: f64,
    was_busy: bool,
}

impl Default for Frame {
    fn default() -> Frame {
        Frame {
            last_wall_ms: None,
            last_anim_ms: None,
            animated_version: None,
            scene: Rc::new(Scene::default()),
            scene_key: None,
            scene_version: 0,
            narrated: 0,
            narration: String::new(),
            last_narration_ms: 0.0,
            last_stamp: None,
            last_cluster_ms: f64::NEG_INFINITY,
            cluster_phase: None,
            cluster_cycles: 0,
            cycle_slow: false,
            slow_stale: false,
            pods_changed_ms: f64::NEG_INFINITY,
            was_busy: false,
        }
    }
}

impl Frame {
    pub(crate) fn scene(&self) -> Rc<Scene> {
        Rc::clone(&self.scene)
    }
}

impl Session {
    /// The scene of the moment shown, rebuilt only when the cluster shown changed (an event, a
    /// command, another moment or width): time passing alone changes nothing drawn.
    pub(crate) fn refresh_scene(&mut self) -> Rc<Scene> {
        let width = self.scene_width;
        let view = self.viewed();
        let key = self
            .shown()
            .map(|s| (s.n_events(), s.commands().len(), view, width));
        if key != self.frame.scene_key {
            let built = self
                .shown()
                .map(|s| scene::build_for(s, f64::from(width)))
                .unwrap_or_default();
            self.frame.scene_key = key;
            self.frame.scene = Rc::new(built);
            self.frame.scene_version += 1;
            if let Some(live) = self.term.console.sim() {
                crate::view_model::traffic::reconcile(&mut self.traffic, live);
            }
        }
        Rc::clone(&self.frame.scene)
    }

    /// Moves the motion on to wall time `wall_ms` (creations, deletions, packets in flight);
    /// true when the scene looks any different from the last call.
    pub fn animate(&mut self, wall_ms: f64) -> bool {
        let dt = elapsed(&mut self.frame.last_anim_ms, wall_ms);
        let scene = self.refresh_scene();
        let version = self.frame.scene_version;
        let rebuilt = self.frame.animated_version != Some(version);
        self.frame.animated_version = Some(version);
        self.watch_dns();
        self.animator
            .update(&scene, version, dt, self.reduced_motion);
        rebuilt || self.animator.is_moving(&scene)
    }

    /// Time runs on to wall time `wall_ms`: the cluster (or the moment replayed) and the
    /// console move on while playing, the scene is rebuilt if what it shows changed.
    pub(crate) fn advance(&mut self, wall_ms: f64) -> Changed {
        let dt = elapsed(&mut self.frame.last_wall_ms, wall_ms);
        let mut changed = Changed::default();
        if self.mode == Mode::Cluster {
            changed.console |= self.run_clock(dt);
        } else if self.playing {
            let virtual_ms = self.clock.step(dt);
            self.compare_advance(virtual_ms);
        }
        changed.console |= self.term.take_dirty();
        self.schedule(wall_ms, &mut changed);
        let before = self.frame.scene();
        let scene = self.refresh_scene();
        self.animator
            .sync(&scene, self.frame.scene_version, self.reduced_motion);
        if !Rc::ptr_eq(&before, &scene) && !same_pods(&before, &scene) {
            self.frame.pods_changed_ms = wall_ms;
        }
        let busy = self.busy();
        if busy != self.frame.was_busy {
            // The canvas scene's pod buttons come and go with this: tell everyone now.
            self.frame.was_busy = busy;
            changed.cluster = true;
        }
        changed
    }

    /// The cluster's part of a frame; true when the console shows something new.
    fn run_clock(&mut self, dt: f64) -> bool {
        if !self.playing {
            // Paused: typed commands still run at once; queued lines wait for the clock.
            return self.term.advance(0, &mut self.journal);
        }
        let virtual_ms = self.clock.step(dt);
        let virtual_ms = self.within_window(virtual_ms);
        if let Some(t) = self.viewed() {
            self.replay_to(t.plus_ms(virtual_ms));
            return false;
        }
        if self.bench_churn {
            self.churn();
        }
        if self.traffic.on {
            self.send_traffic(virtual_ms);
        }
        let changed = self.term.advance(virtual_ms, &mut self.journal);
        if let Some(live) = self.term.console.sim() {
            self.snapshots.take_if_due(live);
        }
        changed
    }

    /// Which cluster panels this frame redraws (compared with the last frame's state, so
    /// changes made between frames are seen too).
    fn schedule(&mut self, wall_ms: f64, changed: &mut Changed) {
        let stamp = self.stamp();
        let playing = self.playing;
        let f2 = &mut self.frame;
        let differs = f2.last_stamp.as_ref() != Some(&stamp);
        let due = wall_ms - f2.last_cluster_ms >= 1_000.0 / CLUSTER_HZ;
        let mut narrate = false;
        if let Some(phase) = f2.cluster_phase {
            changed.cluster_phase = Some(phase);
            changed.slow = f2.cycle_slow;
            f2.cluster_phase = (phase + 1 < CLUSTER_PHASES).then_some(phase + 1);
        }
        if differs && !playing {
            // Paused (a step, a click, a typed command): everything at once.
            changed.cluster = true;
            f2.cluster_phase = None;
            f2.slow_stale = false;
            f2.last_stamp = Some(stamp);
            f2.last_cluster_ms = wall_ms;
            narrate = true;
        } else if due && changed.cluster_phase.is_none() && (differs || f2.slow_stale) {
            // A redraw with the slow panels every SLOW_EVERY, and once more when the cluster
            // has come to rest after a redraw without them.
            f2.cycle_slow = f2.cluster_cycles % SLOW_EVERY == 0 || !differs;
            f2.slow_stale = !f2.cycle_slow;
            f2.cluster_cycles += 1;
            changed.cluster_phase = Some(0);
            changed.slow = f2.cycle_slow;
            f2.cluster_phase = Some(1);
            f2.last_stamp = Some(stamp);
            f2.last_cluster_ms = wall_ms;
            narrate = true;
        }
        if differs {
            // The next frame paints, even when the scene itself was not rebuilt.
            f2.animated_version = None;
        }
        if narrate {
            self.narrate(wall_ms);
        }
    }

    /// Whether the pods shown are changing while time runs: one changed within the last
    /// [`BUSY_MS`]. A big (canvas) scene leaves out its pods' buttons then.
    #[must_use]
    pub fn busy(&self) -> bool {
        self.playing
            && self.view.is_none()
            && self
                .frame
                .last_wall_ms
                .is_some_and(|now| now - self.frame.pods_changed_ms < BUSY_MS)
    }

    /// Identifies the state shown (changes whenever anything drawn could).
    fn stamp(&self) -> Stamp {
        let hits = self
            .traffic
            .hits
            .values()
            .map(|n| usize::try_from(*n).unwrap_or(0))
            .sum();
        match self.mode {
            Mode::Cluster => {
                let s = self.shown();
                (
                    s.map_or(0, Simulation::n_events),
                    s.map_or(0, |s| s.commands().len()),
                    s.map_or(Time::ZERO, Simulation::now),
                    self.viewed(),
                    self.playing,
                    self.mode,
                    hits,
                )
            }
            Mode::Compare => self.compare_stamp(),
        }
    }

    /// Screen-reader narration: the newest traced change, at most once a second.
    fn narrate(&mut self, wall_ms: f64) {
        if wall_ms - self.frame.last_narration_ms < 1_000.0 {
            return;
        }
        let lang = self.lang;
        let narrated = self.frame.narrated;
        let Some(sim) = self.shown() else { return };
        let newest = sim
            .trace()
            .iter()
            .rev()
            .find(|e| {
                e.seq >= narrated
                    && matches!(
                        e.change,
                        Change::Created | Change::Deleted | Change::Endpoints | Change::Waiting
                    )
            })
            .map(|e| (e.seq, e.reason.render(lang)));
        if let Some((seq, text)) = newest {
            self.frame.narrated = seq + 1;
            self.frame.narration = text;
            self.frame.last_narration_ms = wall_ms;
        }
    }

    /// The benchmark's endless motion: a new rollout as soon as the last one is done.
    fn churn(&mut self) {
        let Some(sim) = self.term.console.sim_mut() else {
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
}

/// Wall time (ms) since `*last`, at most [`MAX_WALL_DT_MS`] (0 the first time), and `*last`
/// set to `now`.
fn elapsed(last: &mut Option<f64>, now: f64) -> f64 {
    let dt = last.map_or(0.0, |l| now - l).clamp(0.0, MAX_WALL_DT_MS);
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
