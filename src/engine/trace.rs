//! What happened and why: the bounded trace of simulation steps (for the UI's event list and
//! "why" panels), and the Kubernetes Events `kubectl describe` and `get events` show.

use std::collections::VecDeque;

use crate::i18n::Msg;

use super::cluster::ObjRef;
use super::time::Time;

/// What kind of change a trace entry records (the UI filters and colours by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    Created,
    Updated,
    Deleting,
    Deleted,
    /// A controller decided not to act yet.
    Waiting,
    /// Endpoints (and so DNS answers) changed.
    Endpoints,
    /// A request was routed.
    Traffic,
    /// A command was carried out.
    Command,
}

/// One step of the simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEntry {
    /// Position in the whole run (counts dropped entries too).
    pub seq: u64,
    pub time: Time,
    pub object: ObjRef,
    pub change: Change,
    /// Why, in words a learner can read (translated at the edge).
    pub reason: Msg,
}

/// A ring of the latest entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    entries: VecDeque<TraceEntry>,
    capacity: usize,
    next_seq: u64,
}

impl Trace {
    #[must_use]
    pub fn new(capacity: usize) -> Trace {
        Trace {
            entries: VecDeque::new(),
            capacity: capacity.max(1),
            next_seq: 0,
        }
    }

    pub fn push(&mut self, time: Time, object: ObjRef, change: Change, reason: Msg) {
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(TraceEntry {
            seq: self.next_seq,
            time,
            object,
            change,
            reason,
        });
        self.next_seq += 1;
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &TraceEntry> {
        self.entries.iter()
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries ever recorded, including those dropped from the front.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.next_seq
    }

    /// Entries with `seq >= from`.
    pub fn since(&self, from: u64) -> impl Iterator<Item = &TraceEntry> {
        self.entries.iter().filter(move |e| e.seq >= from)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// A Kubernetes Event, in Kubernetes' own (English) words, as kubectl shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct KubeEvent {
    pub type_: EventType,
    pub reason: String,
    pub object: ObjRef,
    /// The object's UID, so events of an earlier object with the same name are told apart.
    pub uid: String,
    pub message: String,
    /// `default-scheduler`, `kubelet`, `statefulset-controller`, …
    pub source: String,
    pub first: Time,
    pub last: Time,
    pub count: u32,
}

/// Recent Events; a repeat of an identical event among the last 16 bumps its count, as the event
/// recorder's correlator does.
#[derive(Debug, Clone, PartialEq)]
pub struct EventLog {
    events: VecDeque<KubeEvent>,
    capacity: usize,
}

impl EventLog {
    #[must_use]
    pub fn new(capacity: usize) -> EventLog {
        EventLog {
            events: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    pub fn record(&mut self, now: Time, mut ev: KubeEvent) {
        if let Some(same) = self.events.iter_mut().rev().take(16).find(|e| {
            e.uid == ev.uid
                && e.reason == ev.reason
                && e.object == ev.object
                && e.message == ev.message
                && e.type_ == ev.type_
        }) {
            same.count += 1;
            same.last = now;
            return;
        }
        if self.events.len() == self.capacity {
            self.events.pop_front();
        }
        ev.first = now;
        ev.last = now;
        ev.count = 1;
        self.events.push_back(ev);
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &KubeEvent> {
        self.events.iter()
    }

    /// Whether an event of `reason` with `message` about the object `uid` is kept.
    #[must_use]
    pub fn has(&self, uid: &str, reason: &str, message: &str) -> bool {
        self.about(uid)
            .any(|e| e.reason == reason && e.message == message)
    }

    /// Events about one object (by UID), oldest first.
    pub fn about<'a>(&'a self, uid: &'a str) -> impl Iterator<Item = &'a KubeEvent> + 'a {
        self.events.iter().filter(move |e| e.uid == uid)
    }
}
