//! Seeking: the state at any earlier virtual time, rebuilt from the nearest snapshot by
//! replaying the recorded commands; watching a recorded run again by replaying it forward; and
//! taking a run back to an earlier moment for good (which discards the old future).
//!
//! [`Snapshots`] is the one store of snapshots: [`Timeline`] (a simulation with its snapshots,
//! used by the comparison and the benchmarks) and the playground's session (whose live
//! simulation belongs to its console) both keep theirs in one.

use super::command::{Command, Outcome};
use super::config::Config;
use super::simulation::{Logged, Simulation};
use super::time::Time;

/// How podplay's simulated Kubernetes behaves, as a number: raised whenever the same commands
/// would give a different run (a saved session names the version it was recorded with).
pub const BEHAVIOUR_VERSION: u32 = 1;

/// Snapshots kept at most by default (older ones are thinned out).
pub const MAX_SNAPSHOTS: usize = 120;

/// Bytes the snapshots of one run may hold, as [`weight`] estimates them: a page's memory
/// budget (256 MiB of WebAssembly memory) must also hold the live cluster, the set-aside
/// future and the page itself. Past it, older snapshots are thinned out as past the count.
pub const SNAPSHOT_BYTES: usize = 96 << 20;

/// A simulation's size in memory, estimated from what it holds most of (measured natively on
/// a cluster of 1,000 pods with their claims and volumes: about 16 MiB, which this gives
/// within 15 %; WebAssembly's 32-bit pointers make it smaller there).
#[must_use]
pub fn weight(sim: &Simulation) -> usize {
    let c = sim.cluster();
    c.pods.len() * 8192
        + (c.pvcs.len() + c.pvs.len()) * 2048
        + sim.trace().len() * 256
        + sim.events().iter().count() * 512
        + (256 << 10)
}

/// Snapshots of one run in time order, at least `interval_ms` of virtual time apart.
#[derive(Debug, Clone)]
pub struct Snapshots {
    list: Vec<Simulation>,
    interval_ms: u64,
    max: usize,
}

impl Snapshots {
    #[must_use]
    pub fn new(interval_ms: u64, max: usize) -> Snapshots {
        Snapshots {
            list: Vec::new(),
            interval_ms: interval_ms.max(1000),
            max: max.max(2),
        }
    }

    /// The virtual time of the newest snapshot.
    #[must_use]
    pub fn last_time(&self) -> Option<Time> {
        self.list.last().map(Simulation::now)
    }

    /// The time the next snapshot is due.
    #[must_use]
    pub fn next_due(&self) -> Time {
        self.last_time()
            .map_or(Time::ZERO, |t| t.plus_ms(self.interval_ms))
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.list.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Keeps a copy of `live` when one is due (the first always is). When there are more than
    /// the most kept, the first and every other one after it stay.
    pub fn take_if_due(&mut self, live: &Simulation) {
        if self.list.is_empty() || live.now() >= self.next_due() {
            self.push(live.clone());
        }
    }

    /// The estimated bytes the snapshots hold ([`weight`]).
    #[must_use]
    pub fn bytes(&self) -> usize {
        self.list.iter().map(weight).sum()
    }

    fn push(&mut self, sim: Simulation) {
        self.list.push(sim);
        // The first and every other one after it stay, as often as the count or the bytes
        // ask (a full cluster keeps fewer snapshots, further apart).
        while self.list.len() > 2 && (self.list.len() > self.max || self.bytes() > SNAPSHOT_BYTES) {
            let mut i = 0;
            self.list.retain(|_| {
                i += 1;
                i == 1 || i % 2 == 0
            });
        }
    }

    /// The state of `live`'s run at `t` (not after its present), `live` unchanged.
    #[must_use]
    pub fn state_at(&self, live: &Simulation, t: Time) -> Simulation {
        state_at(&self.list, live, t)
    }

    /// `live`'s run taken back to `t` for good: the state then, with every later command
    /// dropped; the snapshots after `t` are dropped too.
    #[must_use]
    pub fn rewind(&mut self, live: &Simulation, t: Time) -> Simulation {
        let mut sim = state_at(&self.list, live, t);
        sim.truncate_log_after(t);
        self.list.retain(|s| s.now() <= t);
        sim
    }
}

/// A run with snapshots every `interval_ms` of virtual time.
#[derive(Debug, Clone)]
pub struct Timeline {
    live: Simulation,
    snapshots: Snapshots,
    /// Events allowed per `advance` (a background tab coming back must not stall the page).
    max_events_per_advance: u64,
}

impl Timeline {
    #[must_use]
    pub fn new(cfg: Config, interval_ms: u64) -> Timeline {
        let live = Simulation::new(cfg);
        let mut snapshots = Snapshots::new(interval_ms, usize::MAX);
        snapshots.take_if_due(&live);
        Timeline {
            snapshots,
            live,
            max_events_per_advance: 200_000,
        }
    }

    #[must_use]
    pub fn sim(&self) -> &Simulation {
        &self.live
    }

    #[must_use]
    pub fn now(&self) -> Time {
        self.live.now()
    }

    /// Moves the live simulation forward to `t`, taking snapshots on the way.
    pub fn advance_to(&mut self, t: Time) {
        let mut budget = self.max_events_per_advance;
        loop {
            let next_snap = self.snapshots.next_due();
            let stop = next_snap.min(t);
            let run = self.live.run_until(stop, budget);
            budget = budget.saturating_sub(run.n_events);
            if !run.reached {
                return;
            }
            if stop == next_snap {
                self.snapshots.take_if_due(&self.live);
            }
            if stop >= t {
                return;
            }
            // Nothing happens before `quiet`: the snapshots due on the way would all hold this
            // same cluster, so the clock moves to just before it in one step (a stretch of
            // years, as a hostile share link may ask for, is one step and not millions).
            let quiet = self.live.next_event_time().map_or(t, |e| e.min(t));
            if quiet > self.snapshots.next_due() {
                self.live.run_until(Time(quiet.ms().saturating_sub(1)), 0);
            }
        }
    }

    /// Runs a command now.
    pub fn exec(&mut self, cmd: Command) -> Outcome {
        self.live.exec(cmd)
    }

    /// The state at `t` (not after the live time), rebuilt from the latest snapshot at or before
    /// it. The live simulation is not changed.
    #[must_use]
    pub fn state_at(&self, t: Time) -> Simulation {
        self.snapshots.state_at(&self.live, t)
    }

    /// Goes back to `t` for good: the live simulation becomes the state at `t` and everything
    /// recorded after it is dropped.
    pub fn rewind_to(&mut self, t: Time) {
        self.live = self.snapshots.rewind(&self.live, t);
    }
}

/// The state of `live`'s run at `t` (not after its present), from the latest of `snapshots`
/// taken at or before `t` whose commands are a prefix of `live`'s (others belong to a future
/// that was discarded), replaying the commands recorded since. Without one, from the seed.
#[must_use]
pub fn state_at(snapshots: &[Simulation], live: &Simulation, t: Time) -> Simulation {
    let t = t.min(live.now());
    let log = live.commands();
    let Some(base) = snapshots
        .iter()
        .rev()
        .find(|s| s.now() <= t && log.starts_with(s.commands()))
    else {
        return Simulation::replay(live.config().clone(), log, t);
    };
    let mut sim = base.clone();
    replay_forward(&mut sim, log, t);
    sim
}

/// Moves `sim`, an earlier state of the run whose command log is `log`, on to `t`: the
/// commands recorded after the ones `sim` has already run are run again at their moments, in
/// the same order among the events. This is how a recorded future is watched again.
pub fn replay_forward(sim: &mut Simulation, log: &[Logged], t: Time) {
    let done = sim.commands().len().min(log.len());
    for entry in &log[done..] {
        if entry.time > t {
            break;
        }
        while sim.n_events() < entry.after_events && sim.step().is_some() {}
        sim.run_until(entry.time, 0);
        sim.exec(entry.command.clone());
    }
    sim.run_until(t, u64::MAX);
    // The commands' warnings were printed when they first ran.
    let _ = sim.take_warnings();
}
