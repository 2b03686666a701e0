//! Time travel. Looking back shows the cluster as it was (rebuilt from the nearest snapshot);
//! playing and stepping from there watch the recorded future again, command for command, until
//! the present is reached. Only an action taken while an earlier moment is shown changes
//! anything: that moment becomes the present and the future after it is put aside, with the
//! console lines that made it marked; Undo brings it back (and puts aside what was done since,
//! so a second Undo swaps again).

use std::collections::BTreeSet;

use crate::engine::timeline::{replay_forward, Snapshots};
use crate::engine::{Simulation, Time};
use crate::i18n::Msg;
use crate::view_model::events::is_listed;
use crate::view_model::motion::{changed_objects, glyph_rect, StepChange};
use crate::view_model::scene::Scene;

use super::journal::Action;
use super::view::clock_text;
use super::Session;

/// Events one Step takes at most while none of them changes anything visible.
pub const MAX_MERGED: usize = 500;

/// The moment a step reached: the moment looked at, the time, events and commands of the
/// cluster shown.
pub(crate) type StepStamp = (Option<Time>, Time, u64, usize);

/// A future put aside by an action in the past.
pub struct PutAside {
    /// The moment the new future started from.
    pub at: Time,
    /// The cluster at the end of the future put aside, and its snapshots.
    pub live: Simulation,
    pub snapshots: Snapshots,
    /// The console lines that belong to it (marked as discarded).
    pub lines: Vec<u64>,
    /// The lines of the future now running from before `first_line` (the ones an Undo
    /// brought back): a further Undo puts them aside again.
    pub kept: Vec<u64>,
    /// Where each console screen stood when the future now running began.
    pub first_lines: Vec<u64>,
}

impl Session {
    /// Looks at the moment `t`: the present (or later) shows live again; an earlier moment is
    /// rebuilt and playback pauses there.
    pub(crate) fn seek(&mut self, t: Time) {
        if self.mode == super::Mode::Compare {
            self.compare_seek(t);
            return;
        }
        let Some(live) = self.term.console.sim() else {
            return;
        };
        // Nothing was before the cluster booted: the earliest moment is the boot.
        let t = t.max(live.booted_at());
        if t >= live.now() {
            self.view = None;
        } else {
            let sim = self.snapshots.state_at(live, t);
            self.view = Some((t, sim));
            self.playing = false;
        }
        self.animator.reset();
        self.step_change = None;
    }

    /// Back to the present without changing anything.
    pub(crate) fn back_to_present(&mut self) {
        self.view = None;
        self.compare.view = None;
        self.animator.reset();
    }

    /// Play: from an earlier moment, the recorded future is watched again; at the end of the
    /// range an embedded figure keeps to, from the range's start.
    pub(crate) fn play(&mut self) {
        if self.mode == super::Mode::Cluster && self.at_window_end() {
            self.seek(Time(self.window.from));
        }
        self.playing = true;
    }

    /// Moves the moment looked at on to `t` by replaying what was recorded; at the present it
    /// is live again.
    pub(crate) fn replay_to(&mut self, t: Time) {
        let Some(now) = self.live().map(Simulation::now) else {
            return;
        };
        if t >= now {
            self.view = None;
            return;
        }
        let Some(log) = self.live().map(|s| s.commands().to_vec()) else {
            return;
        };
        if let Some((at, sim)) = self.view.as_mut() {
            replay_forward(sim, &log, t);
            *at = t;
        }
    }

    /// One step: on to the next event of the cluster shown (or of either side of the
    /// comparison) that changes something a learner can see (a glyph or an event row); the
    /// events before it that change nothing visible are taken in the same step. What it
    /// changed is kept for the scene and the event list to mark ([`Session::step_change`]).
    pub(crate) fn step(&mut self) {
        self.playing = false;
        self.step_change = None;
        if self.mode == super::Mode::Compare {
            self.compare_step();
            return;
        }
        let before = self.refresh_scene();
        let from_seq = self.shown().map_or(0, |s| s.trace().total());
        let in_past = self.view.is_some();
        let mut change = StepChange::default();
        while change.merged < MAX_MERGED && self.step_once() {
            change.merged += 1;
            let after = self.refresh_scene();
            change.objects = changed_objects(&before, &after);
            change.events = self.listed_since(from_seq);
            if !change.is_empty() || (in_past && self.view.is_none()) {
                self.name_event_objects(&after, &mut change);
                break;
            }
        }
        if change.merged > 0 {
            self.step_change = Some((self.step_stamp(), change));
        }
    }

    /// The event list's entries numbered `from` on, of the cluster shown.
    fn listed_since(&self, from: u64) -> BTreeSet<u64> {
        let Some(sim) = self.shown() else {
            return BTreeSet::new();
        };
        let boot = sim.booted_at();
        sim.trace()
            .since(from)
            .filter(|e| is_listed(e, boot))
            .map(|e| e.seq)
            .collect()
    }

    /// The objects the step's event rows are about, where they are drawn, join the ones whose
    /// glyph changed (a pod that waits reads the same but its event says why).
    fn name_event_objects(&self, scene: &Scene, change: &mut StepChange) {
        let Some(sim) = self.shown() else {
            return;
        };
        for e in sim
            .trace()
            .since(change.events.first().copied().unwrap_or(u64::MAX))
        {
            if !change.events.contains(&e.seq) {
                continue;
            }
            let object = format!("{}/{}", e.object.kind.name(), e.object.key.name);
            if !change.objects.contains(&object) && glyph_rect(scene, &object).is_some() {
                change.objects.push(object);
            }
        }
    }

    /// What identifies the moment a step reached.
    fn step_stamp(&self) -> StepStamp {
        let s = self.shown();
        (
            self.viewed(),
            s.map_or(Time::ZERO, Simulation::now),
            s.map_or(0, Simulation::n_events),
            s.map_or(0, |s| s.commands().len()),
        )
    }

    /// What the last Step changed, while the moment it reached is still shown.
    #[must_use]
    pub fn step_change(&self) -> Option<&StepChange> {
        let (stamp, change) = self.step_change.as_ref()?;
        (*stamp == self.step_stamp()).then_some(change)
    }

    /// Exactly the next event (or recorded command) of the cluster shown; false when there is
    /// none.
    fn step_once(&mut self) -> bool {
        if let Some((_, sim)) = &self.view {
            let done = sim.commands().len();
            let next_command = self
                .live()
                .and_then(|l| l.commands().get(done))
                .map(|c| c.time);
            let next = [sim.next_event_time(), next_command]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(t) => self.replay_to(t),
                None => self.view = None,
            }
            return true;
        }
        let Some(next) = self.live().and_then(Simulation::next_event_time) else {
            return false;
        };
        self.term.run_to(next);
        true
    }

    /// Before an action: when an earlier moment is shown, it becomes the present and the
    /// future after it is put aside (the console says so). Returns true when that happened.
    pub(crate) fn branch(&mut self) -> bool {
        let Some((t, _)) = self.view.take() else {
            return false;
        };
        let Some(live) = self.term.console.sim() else {
            return false;
        };
        let old_now = live.now();
        let old_snapshots = self.snapshots.clone();
        let sim = self.snapshots.rewind(live, t);
        let lines = self.term.lines_after(t.ms());
        let n = self.commands_among(&lines);
        self.term.mark(&lines, true);
        self.journal.record(old_now.ms(), Action::Branch(t.ms()));
        let Some(old) = self.term.replace_sim(sim) else {
            return false;
        };
        let note = Msg::new("ui.branched")
            .text(clock_text(t))
            .text(n.to_string())
            .text(clock_text(old_now));
        self.term.note(note, self.lang);
        self.put_aside = Some(PutAside {
            at: t,
            live: old,
            snapshots: old_snapshots,
            lines,
            kept: Vec::new(),
            first_lines: self.term.marks(),
        });
        self.after_jump();
        true
    }

    /// Undo: the future put aside comes back, and what was done since is put aside instead.
    pub(crate) fn undo(&mut self) -> bool {
        let Some(aside) = self.put_aside.take() else {
            return false;
        };
        self.view = None;
        let now = self.now();
        self.journal.record(now.ms(), Action::Undo);
        let mut since = aside.kept;
        since.extend(self.term.lines_since(&aside.first_lines));
        since.sort_unstable();
        since.dedup();
        self.term.mark(&since, true);
        self.term.mark(&aside.lines, false);
        let back_to = aside.live.now();
        let snapshots = std::mem::replace(&mut self.snapshots, aside.snapshots);
        let Some(current) = self.term.replace_sim(aside.live) else {
            return false;
        };
        let note = Msg::new("ui.undone")
            .text(clock_text(aside.at))
            .text(clock_text(back_to));
        self.term.note(note, self.lang);
        self.put_aside = Some(PutAside {
            at: aside.at,
            live: current,
            snapshots,
            lines: since,
            kept: aside.lines,
            first_lines: self.term.marks(),
        });
        self.after_jump();
        true
    }

    /// What the cluster shown changed into by a jump: nothing carries over.
    fn after_jump(&mut self) {
        self.traffic.on = false;
        self.traffic.hits.clear();
        self.traffic.failures = 0;
        self.frame.narrated = self.live().map_or(0, |s| s.trace().total());
        self.animator.reset();
        // A command run right after the jump (a query) is new: count from here.
        let asked = self.live().map(Simulation::dns_asked);
        self.animator.dns_baseline(asked);
        self.step_change = None;
    }

    /// How many of the console `lines` are submitted commands.
    fn commands_among(&self, lines: &[u64]) -> usize {
        self.term.commands_among(lines)
    }

    /// What an action at the moment looked at would put aside: the commands after it.
    #[must_use]
    pub fn would_put_aside(&self) -> Option<(Time, usize)> {
        let (t, _) = self.view.as_ref()?;
        let lines = self.term.lines_after(t.ms());
        Some((*t, self.commands_among(&lines)))
    }

    /// The future put aside, if any: from when, and how many console commands it holds.
    #[must_use]
    pub fn put_aside(&self) -> Option<(Time, usize)> {
        let a = self.put_aside.as_ref()?;
        Some((a.at, self.commands_among(&a.lines)))
    }
}
