//! Compare mode: the same actions on a StatefulSet and a Deployment side by side, in lockstep.
//! Looking back, playing from there and stepping work as in the cluster mode; an action from
//! an earlier moment starts both sides' future again from there.

use crate::engine::timeline::replay_forward;
use crate::engine::{Simulation, Time};
use crate::view_model::compare::{
    compare_view, render_notes, CompareAction, CompareView, Comparison,
};

use super::journal::Action;
use super::{Mode, Session};

/// The comparison's part of the session.
#[derive(Default)]
pub struct CompareState {
    pub cmp: Option<Comparison>,
    /// The moment looked at, when it is not the comparison's present, and both sides then.
    pub view: Option<(Time, Simulation, Simulation)>,
    /// What the last action did on each side.
    pub notes: Vec<String>,
}

impl Session {
    pub(crate) fn set_mode(&mut self, mode: Mode) {
        if mode == Mode::Compare && self.compare.cmp.is_none() {
            self.compare.cmp = Some(Comparison::new(self.seed()));
            let now = self.now().ms();
            self.journal.record(now, Action::CompareOpen);
        }
        self.mode = mode;
        self.animator.reset();
    }

    /// Both sides of the comparison as shown (present or looked back at).
    #[must_use]
    pub fn compare_shown(&self) -> Option<(&Simulation, &Simulation)> {
        let cmp = self.compare.cmp.as_ref()?;
        match &self.compare.view {
            Some((_, l, r)) => Some((l, r)),
            None => Some((cmp.left.sim(), cmp.right.sim())),
        }
    }

    /// The comparison's present.
    #[must_use]
    pub fn compare_now(&self) -> Time {
        self.compare
            .cmp
            .as_ref()
            .map_or(Time::ZERO, Comparison::now)
    }

    pub(crate) fn compare_seek(&mut self, t: Time) {
        let Some(cmp) = self.compare.cmp.as_ref() else {
            return;
        };
        // Nothing was before the clusters booted.
        let t = t.max(cmp.left.sim().booted_at());
        if t >= cmp.now() {
            self.compare.view = None;
        } else {
            self.compare.view = Some((t, cmp.left.state_at(t), cmp.right.state_at(t)));
            self.playing = false;
        }
    }

    /// An action of the shared bar: from an earlier moment, both sides start again from there.
    pub(crate) fn compare_act(&mut self, action: &CompareAction) {
        self.compare_branch();
        self.playing = true;
        let at = self.compare_now().ms();
        self.journal.record(at, Action::Compare(action.clone()));
        let lang = self.lang;
        let notes = self
            .compare
            .cmp
            .as_mut()
            .map(|c| c.act(action))
            .unwrap_or_default();
        self.compare.notes = render_notes(&notes, lang);
    }

    /// The moment looked at becomes the comparison's present (its old future dropped).
    pub(crate) fn compare_branch(&mut self) {
        if let (Some((t, _, _)), Some(cmp)) = (self.compare.view.take(), self.compare.cmp.as_mut())
        {
            cmp.rewind_to(t);
            self.journal.record(t.ms(), Action::CompareBranch(t.ms()));
        }
    }

    /// The next event of either side.
    pub(crate) fn compare_step(&mut self) {
        let Some(cmp) = self.compare.cmp.as_mut() else {
            return;
        };
        let sims: [&Simulation; 2] = match &self.compare.view {
            Some((_, l, r)) => [l, r],
            None => [cmp.left.sim(), cmp.right.sim()],
        };
        let Some(t) = sims.iter().filter_map(|s| s.next_event_time()).min() else {
            return;
        };
        if self.compare.view.is_some() {
            self.compare_replay_to(t);
        } else {
            cmp.advance_to(t);
        }
    }

    /// `virtual_ms` more of the comparison (replaying when looking back).
    pub(crate) fn compare_advance(&mut self, virtual_ms: u64) {
        if let Some((t, _, _)) = &self.compare.view {
            let t = t.plus_ms(virtual_ms);
            self.compare_replay_to(t);
        } else if let Some(cmp) = self.compare.cmp.as_mut() {
            let t = cmp.now().plus_ms(virtual_ms);
            cmp.advance_to(t);
        }
    }

    fn compare_replay_to(&mut self, t: Time) {
        let Some(cmp) = self.compare.cmp.as_ref() else {
            return;
        };
        if t >= cmp.now() {
            self.compare.view = None;
            return;
        }
        if let Some((at, l, r)) = self.compare.view.as_mut() {
            replay_forward(l, cmp.left.sim().commands(), t);
            replay_forward(r, cmp.right.sim().commands(), t);
            *at = t;
        }
    }

    /// Identifies the comparison shown.
    pub(crate) fn compare_stamp(&self) -> (u64, usize, Time, Option<Time>, bool, Mode, usize) {
        let c = self.compare.cmp.as_ref();
        (
            c.map_or(0, |c| c.left.sim().n_events() + c.right.sim().n_events()),
            c.map_or(0, |c| c.left.sim().commands().len()),
            c.map_or(Time::ZERO, Comparison::now),
            self.compare.view.as_ref().map(|(t, _, _)| *t),
            self.playing,
            self.mode,
            self.compare.notes.len(),
        )
    }
}

impl Session {
    /// Both sides laid out for the stage's width (side by side when it is wide enough, one
    /// above the other when not), the table of differences, and what the last action did.
    #[must_use]
    pub fn compare_view(&self) -> Option<(CompareView, Vec<String>)> {
        let cmp = self.compare.cmp.as_ref()?;
        let shown = self.compare_shown()?;
        let view = compare_view(cmp, shown, f64::from(self.scene_width), self.lang);
        Some((view, self.compare.notes.clone()))
    }
}
