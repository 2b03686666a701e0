//! `kubectl get -w` / `--watch-only` (`kubectl@1.34:pkg/cmd/get/get.go` `watch`): the current
//! list first, then one line per watch event, each flushed on its own through a tabwriter that
//! remembers column widths (reference §3.2, §9.1).
//!
//! The simulation has no watch stream, so events are recovered by comparing each object after
//! every virtual instant with what was printed for it last: a new object is ADDED; an object
//! whose row or lifecycle state (stage, node, readiness, deletion) changed is MODIFIED — so a
//! pod's bind to a node prints a second `Pending` as the real watch does; an object that is
//! gone is DELETED and prints its last row again, its AGE taken when that line prints.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::engine::cluster::Key;
use crate::engine::{Simulation, Time};

use super::super::render::age;
use super::super::render::table::RememberedWidths;
use super::super::resources::Res;
use super::super::{Job, Output, Poll};
use super::rows::{self, Obj};
use super::{name_of, print_value, serial, Format, View};
use crate::console::selector::Selector;

/// What to watch.
#[derive(Debug, Clone)]
pub struct Spec {
    pub res: Res,
    /// `None`: all namespaces.
    pub namespace: Option<String>,
    /// Only these objects (`get pod web-0 -w`).
    pub names: Option<Vec<String>>,
    pub selector: Selector,
    pub view: View,
    pub watch_only: bool,
    pub timeout_ms: Option<u64>,
    /// A template printer (`-o jsonpath=…` and the like) for each event's object.
    pub printer: Option<super::printers::Printer>,
}

/// What was last printed for one object.
#[derive(Debug, Clone)]
struct Seen {
    obj: Obj,
    uid: String,
    cells: Vec<String>,
    fingerprint: String,
    value: Option<Value>,
}

/// A running watch.
pub struct Watch {
    spec: Spec,
    widths: RememberedWidths,
    header_done: bool,
    docs: usize,
    seen: BTreeMap<Key, Seen>,
    deadline: Option<Time>,
    mark: u64,
}

fn uid_of(sim: &Simulation, o: &Obj) -> String {
    let c = sim.cluster();
    let k = &o.key;
    match o.res {
        Res::Pods => c.pods.get(k).map(|p| p.meta.uid.clone()),
        Res::Services => c.services.get(k).map(|s| s.meta.uid.clone()),
        Res::StatefulSets => c.stateful_sets.get(k).map(|s| s.meta.uid.clone()),
        Res::Deployments => c.deployments.get(k).map(|s| s.meta.uid.clone()),
        Res::ReplicaSets => c.replica_sets.get(k).map(|s| s.meta.uid.clone()),
        Res::PersistentVolumeClaims => c.pvcs.get(k).map(|s| s.meta.uid.clone()),
        Res::PersistentVolumes => c.pvs.get(&k.name).map(|s| s.meta.uid.clone()),
        _ => None,
    }
    .unwrap_or_default()
}

impl Watch {
    /// Prints the current list (unless `--watch-only`) and returns the running watch, or
    /// prints kubectl's error (a named object that does not exist).
    pub fn start(sim: &Simulation, spec: Spec, out: &mut Output) -> Option<Watch> {
        if let Some(names) = &spec.names {
            let ns = spec.namespace.clone().unwrap_or_default();
            for n in names {
                if rows::find(sim, spec.res, &ns, n).is_none() {
                    out.err(&format!(
                        "Error from server (NotFound): {} \"{n}\" not found",
                        spec.res.qualified()
                    ));
                    return None;
                }
            }
        }
        let deadline = spec.timeout_ms.map(|ms| sim.now().plus_ms(ms));
        let mut w = Watch {
            spec,
            widths: RememberedWidths::new(),
            header_done: false,
            docs: 0,
            seen: BTreeMap::new(),
            deadline,
            mark: sim.trace().total(),
        };
        let current = w.current(sim);
        let mut snapshots = Vec::new();
        for o in current {
            if let Some(s) = w.snapshot(sim, o) {
                snapshots.push(s);
            }
        }
        if !w.spec.watch_only {
            w.print_initial(&snapshots, out);
        }
        for s in snapshots {
            w.seen.insert(s.obj.key.clone(), s);
        }
        Some(w)
    }

    fn current(&self, sim: &Simulation) -> Vec<Obj> {
        let ns = if self.spec.res.namespaced() {
            self.spec.namespace.as_deref()
        } else {
            None
        };
        rows::list(sim, self.spec.res, ns)
            .into_iter()
            .filter(|o| self.spec.selector.matches(&o.labels))
            .filter(|o| {
                self.spec
                    .names
                    .as_ref()
                    .is_none_or(|n| n.contains(&o.key.name))
            })
            .collect()
    }

    fn snapshot(&self, sim: &Simulation, o: Obj) -> Option<Seen> {
        let cells = self.spec.view.row(sim, &o)?;
        let age = self.spec.view.age_index(o.res);
        let mut fp: Vec<String> = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != age)
            .map(|(_, c)| c.clone())
            .collect();
        if o.res == Res::Pods {
            if let Some(p) = sim.cluster().pods.get(&o.key) {
                fp.push(p.status.stage.name().to_string());
                fp.push(p.spec.node_name.clone().unwrap_or_default());
                fp.push(p.is_ready().to_string());
                fp.push(p.meta.deleting.is_some().to_string());
                fp.push(p.status.ip.map(|i| i.to_string()).unwrap_or_default());
            }
        }
        let value = match self.spec.view.format {
            Format::Yaml | Format::Json => serial::object(sim, &o),
            _ => None,
        };
        Some(Seen {
            uid: uid_of(sim, &o),
            obj: o,
            cells,
            fingerprint: fp.join("\u{1f}"),
            value,
        })
    }

    fn print_initial(&mut self, snaps: &[Seen], out: &mut Output) {
        match self.spec.view.format {
            Format::Table | Format::Wide => {
                if snaps.is_empty() {
                    return;
                }
                let mut all = Vec::new();
                if !self.spec.view.no_headers {
                    all.push(self.spec.view.header(self.spec.res));
                }
                all.extend(snaps.iter().map(|s| s.cells.clone()));
                self.header_done = true;
                for l in self.widths.flush(&all) {
                    out.out(&l);
                }
            }
            _ => {
                for s in snaps {
                    self.print_other(s, out);
                }
            }
        }
    }

    fn print_other(&mut self, s: &Seen, out: &mut Output) {
        match self.spec.view.format {
            Format::Name => out.out(&name_of(&s.obj)),
            Format::Yaml | Format::Json => {
                if let Some(v) = &s.value {
                    if self.spec.view.format == Format::Yaml && self.docs > 0 {
                        out.out("---");
                    }
                    self.docs += 1;
                    match &mut self.spec.printer {
                        Some(p) => {
                            super::printers::print(p, v, out);
                        }
                        None => print_value(v, self.spec.view.format, out),
                    }
                }
            }
            Format::Table | Format::Wide => {}
        }
    }

    /// One watch event's line(s).
    fn print(&mut self, cells: &[String], s: &Seen, out: &mut Output) {
        match self.spec.view.format {
            Format::Table | Format::Wide => {
                let mut rows = Vec::new();
                if !self.header_done && !self.spec.view.no_headers {
                    rows.push(self.spec.view.header(self.spec.res));
                }
                self.header_done = true;
                rows.push(cells.to_vec());
                for l in self.widths.flush(&rows) {
                    out.out(&l);
                }
            }
            _ => self.print_other(s, out),
        }
    }

    fn deleted(&mut self, sim: &Simulation, s: &Seen, out: &mut Output) {
        let mut cells = s.cells.clone();
        if let Some(i) = self.spec.view.age_index(s.obj.res) {
            if let Some(c) = cells.get_mut(i) {
                *c = age::since(sim.now(), s.obj.created);
            }
        }
        self.print(&cells, s, out);
    }

    /// The order changes happened in this instant: by the first trace entry about each object
    /// since the last look, then by key.
    fn order(&self, sim: &Simulation) -> BTreeMap<Key, usize> {
        let mut pos = BTreeMap::new();
        let Some(kind) = self.spec.res.kind() else {
            return pos;
        };
        for (i, e) in sim.trace().since(self.mark).enumerate() {
            if e.object.kind == kind {
                pos.entry(e.object.key.clone()).or_insert(i);
            }
        }
        pos
    }

    fn step(&mut self, sim: &Simulation, out: &mut Output) {
        let order = self.order(sim);
        self.mark = sim.trace().total();
        let mut now: BTreeMap<Key, Seen> = BTreeMap::new();
        for o in self.current(sim) {
            if let Some(s) = self.snapshot(sim, o) {
                now.insert(s.obj.key.clone(), s);
            }
        }
        // (position, key, deleted-first) of every object that changed.
        let mut events: Vec<(usize, Key)> = Vec::new();
        for (k, s) in &now {
            let changed = match self.seen.get(k) {
                None => true,
                Some(old) => old.fingerprint != s.fingerprint || old.uid != s.uid,
            };
            if changed {
                events.push((order.get(k).copied().unwrap_or(usize::MAX), k.clone()));
            }
        }
        for k in self.seen.keys() {
            if !now.contains_key(k) {
                events.push((order.get(k).copied().unwrap_or(usize::MAX), k.clone()));
            }
        }
        events.sort();
        events.dedup();
        for (_, k) in events {
            let old = self.seen.get(&k).cloned();
            match (old, now.get(&k)) {
                (Some(old), None) => {
                    self.deleted(sim, &old, out);
                    self.seen.remove(&k);
                }
                (Some(old), Some(new)) if old.uid != new.uid => {
                    self.deleted(sim, &old, out);
                    let new = new.clone();
                    self.print(&new.cells, &new, out);
                    self.seen.insert(k, new);
                }
                (_, Some(new)) => {
                    let new = new.clone();
                    self.print(&new.cells, &new, out);
                    self.seen.insert(k, new);
                }
                (None, None) => {}
            }
        }
    }
}

impl Job for Watch {
    fn poll(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        self.step(sim, out);
        Poll::Pending
    }

    fn deadline(&self) -> Option<Time> {
        self.deadline
    }

    fn expire(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        self.step(sim, out);
        Poll::Done
    }

    fn settle(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        self.step(sim, out);
        Poll::Done
    }
}
