//! Seeking: the state at any earlier virtual time, rebuilt from the nearest snapshot by
//! replaying the recorded commands. A new command taken from an earlier moment discards the
//! old future.

use super::command::{Command, Outcome};
use super::config::Config;
use super::simulation::{Logged, Simulation};
use super::time::Time;

/// A run with snapshots every `interval_ms` of virtual time.
#[derive(Debug, Clone)]
pub struct Timeline {
    cfg: Config,
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
            cfg,
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
        let t = t.min(self.live.now());
        let base = self
            .snapshots
            .iter()
            .rev()
            .find(|s| s.now() <= t)
            .cloned()
            .unwrap_or_else(|| Simulation::new(self.cfg.clone()));
        let done = base.commands().len();
        let rest: Vec<Logged> =
            self.live.commands()[done.min(self.live.commands().len())..].to_vec();
        let mut sim = base;
        for entry in rest {
            if entry.time > t {
                break;
            }
            while sim.n_events() < entry.after_events && sim.step().is_some() {}
            sim.run_until(entry.time, 0);
            sim.exec(entry.command);
        }
        sim.run_until(t, u64::MAX);
        sim
    }

    /// Goes back to `t` for good: the live simulation becomes the state at `t` and everything
    /// recorded after it is dropped.
    pub fn rewind_to(&mut self, t: Time) {
        let mut sim = self.state_at(t);
        sim.truncate_log_after(t);
        self.snapshots.retain(|s| s.now() <= t);
        self.live = sim;
    }
}
