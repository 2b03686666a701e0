//! The event list: the latest traced steps of a moment (requests aside), newest first, each
//! with its reason and what a click on it selects.

use crate::engine::trace::{Change, TraceEntry};
use crate::engine::Simulation;
use crate::i18n::{t, Lang};
use crate::manifest::objects::Kind;

use super::clock_text;
use super::why::Target;

/// Entries listed at most.
pub const MAX_SHOWN: usize = 60;
/// Entries listed at most while time runs (the list is replaced faster than it can be read).
pub const MAX_SHOWN_PLAYING: usize = 8;

/// One row of the event list, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// The trace entry's number: a stable key for the row.
    pub seq: u64,
    /// When it happened (virtual ms): a click moves time there.
    pub time_ms: u64,
    /// `m:ss` of `time_ms`.
    pub clock: String,
    /// `Pod/web-0`.
    pub object: String,
    /// `created`, `updated`, `deleting`, `deleted`, `waiting`, `endpoints`, `traffic`,
    /// `command`.
    pub change: &'static str,
    /// The change in the page's language.
    pub change_label: String,
    /// Why it happened, in the page's language.
    pub reason: String,
    /// What a click selects (pods, claims, volumes and Services can be explained).
    pub target: Option<Target>,
    /// Added by the last Step.
    pub step: bool,
}

/// The message id of a change's label; its last segment is the change's slug.
fn change_id(c: Change) -> &'static str {
    match c {
        Change::Created => "ui.change.created",
        Change::Updated => "ui.change.updated",
        Change::Deleting => "ui.change.deleting",
        Change::Deleted => "ui.change.deleted",
        Change::Waiting => "ui.change.waiting",
        Change::Endpoints => "ui.change.endpoints",
        Change::Traffic => "ui.change.traffic",
        Change::Command => "ui.change.command",
    }
}

fn row(e: &TraceEntry, lang: Lang) -> EventRow {
    let id = change_id(e.change);
    let target = matches!(
        e.object.kind,
        Kind::Pod | Kind::PersistentVolumeClaim | Kind::PersistentVolume | Kind::Service
    )
    .then(|| Target::Object(e.object.clone()));
    EventRow {
        seq: e.seq,
        time_ms: e.time.ms(),
        clock: clock_text(e.time.ms()),
        object: format!("{}/{}", e.object.kind.name(), e.object.key.name),
        change: id.rsplit('.').next().unwrap_or_default(),
        change_label: t(lang, id).to_string(),
        reason: e.reason.render(lang),
        target,
        step: false,
    }
}

/// Whether the event list shows `e` (of a cluster booted at `boot`).
#[must_use]
pub fn is_listed(e: &TraceEntry, boot: crate::engine::Time) -> bool {
    e.time >= boot && e.object.key.namespace != "kube-system" && e.change != Change::Traffic
}

/// The rows of the event list for `sim`: steps since the cluster booted, outside
/// `kube-system`, newest first, at most [`MAX_SHOWN`] ([`MAX_SHOWN_PLAYING`] while time runs).
/// Requests are left out: under traffic they would drown every other change (the traffic
/// panel says why each one went where it went).
#[must_use]
pub fn event_rows(sim: &Simulation, lang: Lang, playing: bool) -> Vec<EventRow> {
    let boot = sim.booted_at();
    sim.trace()
        .iter()
        .rev()
        .filter(|e| is_listed(e, boot))
        .take(if playing {
            MAX_SHOWN_PLAYING
        } else {
            MAX_SHOWN
        })
        .map(|e| row(e, lang))
        .collect()
}
