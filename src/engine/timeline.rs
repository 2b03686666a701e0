//! Seeking: the state at any earlier virtual time, rebuilt from the nearest snapshot by
//! replaying the recorded commands. A new command taken from an earlier moment discards the
//! old future.

use super::command::{Command, Outcome};
use super::config::Config;
use super::simulation::Simulation;
use super::time::Time;

/// A run with snapshots every `interval_ms` of virtual time.
#[derive(Debug, Clone)]
pub struct Timeline {
    live: Simulation,
    /// Snapshots in time order; the first is the freshly booted cluster.
    snapshots: Vec<Simulation>,
    interval_ms: u64,
    /// Events allowed per `advance` (a background tab coming back must not stall the page).
    max_events_per_advance: u64,
}

impl Timeline {
    #[must_use]
    pub fn new(cfg: Config, interval_ms: u64) -> Timeline {
        let live = Simulation::new(cfg.clone());
        Timeline {
            snapshots: vec![live.clone()],
            live,
            interval_ms: interval_ms.max(1000),
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
            let last = self.snapshots.last().map_or(Time::ZERO, Simulation::now);
            let next_snap = last.plus_ms(self.interval_ms);
            let stop = next_snap.min(t);
            let run = self.live.run_until(stop, budget);
            budget = budget.saturating_sub(run.n_events);
            if !run.reached {
                return;
            }
            if stop == next_snap {
                self.snapshots.push(self.live.clone());
            }
            if stop >= t {
                return;
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
        state_at(&self.snapshots, &self.live, t)
    }

    /// Goes back to `t` for good: the live simulation becomes the state at `t` and everything
    /// recorded after it is dropped.
    pub fn rewind_to(&mut self, t: Time) {
        let sim = rewound(&self.snapshots, &self.live, t);
        self.snapshots.retain(|s| s.now() <= t);
        self.live = sim;
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
    for entry in &log[base.commands().len()..] {
        if entry.time > t {
            break;
        }
        while sim.n_events() < entry.after_events && sim.step().is_some() {}
        sim.run_until(entry.time, 0);
        sim.exec(entry.command.clone());
    }
    sim.run_until(t, u64::MAX);
    sim
}

/// `live`'s run taken back to `t` for good: the state then, with every later command dropped.
#[must_use]
pub fn rewound(snapshots: &[Simulation], live: &Simulation, t: Time) -> Simulation {
    let mut sim = state_at(snapshots, live, t);
    sim.truncate_log_after(t);
    sim
}
