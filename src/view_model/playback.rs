//! The playback bar: the clock, the timeline's range and thumb, and whether a step is possible.

use crate::engine::Simulation;

/// `m:ss` of virtual time `ms`.
#[must_use]
pub fn clock_text(ms: u64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Whether anything is scheduled in `sim` (a step would run it).
#[must_use]
pub fn has_next_event(sim: &Simulation) -> bool {
    sim.next_event_time().is_some()
}

/// The virtual time of `sim` (ms), 0 before the cluster exists.
#[must_use]
pub fn now_ms(sim: Option<&Simulation>) -> u64 {
    sim.map_or(0, |s| s.now().ms())
}

/// What the playback bar draws.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlaybackView {
    /// There is a cluster to play (the play button and timeline are enabled).
    pub booted: bool,
    /// A step would run something.
    pub has_next: bool,
    /// An earlier moment is shown.
    pub viewing_past: bool,
    /// The timeline's end (ms): the present rounded up to a whole second, so that while time
    /// runs the bar changes once a second; it still means "now".
    pub end_ms: u64,
    /// The timeline's start (ms): 0, or the start of the range an embedded figure keeps to.
    pub start_ms: u64,
    /// Where the timeline's thumb sits (ms): the moment shown, or the end.
    pub at_ms: u64,
    /// `m:ss` of the moment shown.
    pub shown_clock: String,
    /// `m:ss` of the present (drawn after the moment shown when that is in the past).
    pub now_clock: String,
}

/// The bar for a cluster (or comparison) whose present is `now_ms`, looked at `view_ms` (none:
/// the present).
#[must_use]
pub fn playback_view(
    now_ms: u64,
    view_ms: Option<u64>,
    booted: bool,
    has_next: bool,
) -> PlaybackView {
    let shown = view_ms.unwrap_or(now_ms);
    let viewing_past = shown < now_ms;
    let end_ms = now_ms.div_ceil(1_000) * 1_000;
    PlaybackView {
        booted,
        has_next,
        viewing_past,
        end_ms,
        start_ms: 0,
        at_ms: if viewing_past { shown } else { end_ms },
        shown_clock: clock_text(shown),
        now_clock: clock_text(now_ms),
    }
}
