//! The simulation: one world, stepped one event at a time in virtual time. Controllers are
//! woken by changes (after an informer-like delay), the kubelet and provisioner act on timers
//! drawn from the lifecycle table, and commands come from the learner. Nothing here reads a
//! clock or iterates a hash map; the same config and commands always give the same trace.

mod apply;
mod boot;
mod effects;
mod endpoints;
mod init_containers;
mod kubelet;
mod limits;
mod restarts;
mod traffic;

pub use boot::{node_name, KUBERNETES_VERSION};
pub use endpoints::endpoint_for;

use std::collections::{BTreeMap, BTreeSet};

use crate::i18n::Msg;
use crate::manifest::objects::Kind;

use super::cluster::{Cluster, Key, ObjRef, Pod};
use super::command::{Command, Outcome};
use super::config::{Config, ProxyMode, Span};
use super::controllers::backoff::RateLimiter;
use super::controllers::{
    daemon_set, deployment, garbage_collector, replica_set, scheduler, stateful_set, volume_binder,
    Effect,
};
use super::invariants;
use super::lifecycle::Stage;
use super::network::dns;
use super::network::ipam::{PodIpam, ServiceIpam};
use super::network::kube_proxy::ProxyState;
use super::rng::Rng;
use super::time::Time;
use super::trace::{Change, EventLog, KubeEvent, Trace};

/// Warnings kept for the console at most (one command rarely gives more than one).
pub const MAX_WARNINGS: usize = 16;

/// A controller to run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SyncKey {
    StatefulSet(Key),
    Deployment(Key),
    ReplicaSet(Key),
    /// A DaemonSet (a stored object).
    DaemonSet(Key),
    Claim(Key),
    Scheduler,
    GarbageCollector,
}

impl SyncKey {
    /// The controller whose work queue the key is in (each has its own rate limiter).
    #[must_use]
    pub fn queue(&self) -> &'static str {
        match self {
            SyncKey::StatefulSet(_) => "statefulset",
            SyncKey::Deployment(_) => "deployment",
            SyncKey::ReplicaSet(_) => "replicaset",
            SyncKey::DaemonSet(_) => "daemonset",
            SyncKey::Claim(_) => "persistentvolume-binder",
            SyncKey::Scheduler => "scheduler",
            SyncKey::GarbageCollector => "garbagecollector",
        }
    }
}

/// Something due at a moment of virtual time.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Sync(SyncKey),
    /// A failed sync's back-off is over: the key goes back into its work queue (unless it
    /// is already waiting there).
    Retry(SyncKey),
    /// A pod (by UID, so a stale timer of a deleted pod with the same name is ignored) moves
    /// to a stage.
    Stage {
        pod: Key,
        uid: String,
        to: Stage,
    },
    /// The pod object is removed.
    Remove {
        pod: Key,
        uid: String,
    },
    /// The kubelet starts a pod's app container again (by UID, as for `Stage`): after it
    /// crashed, or (`killed`) once the kubelet itself stopped it.
    Restart {
        pod: Key,
        uid: String,
        killed: bool,
    },
    /// The readiness probe has failed its threshold: the pod is no longer Ready.
    NotReady {
        pod: Key,
        uid: String,
    },
    /// The liveness probe failed its threshold: the kubelet stops the container (and starts
    /// a new one once it is gone).
    LivenessKill {
        pod: Key,
        uid: String,
    },
    /// The hostpath provisioner finished a volume for a claim.
    Provisioned {
        claim: Key,
        uid: String,
    },
}

/// Per-subsystem random streams.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Streams {
    pub controllers: Rng,
    pub lifecycle: Rng,
    pub names: Rng,
    pub ipam: Rng,
    pub dns: Rng,
    pub proxy: Rng,
    /// Service node ports (its own stream: a NodePort Service leaves the other draws as
    /// they were).
    pub node_ports: Rng,
}

impl Streams {
    fn new(seed: u64) -> Streams {
        Streams {
            controllers: Rng::fork(seed, "controllers"),
            lifecycle: Rng::fork(seed, "lifecycle"),
            names: Rng::fork(seed, "names"),
            ipam: Rng::fork(seed, "ipam"),
            dns: Rng::fork(seed, "dns"),
            proxy: Rng::fork(seed, "kube-proxy"),
            node_ports: Rng::fork(seed, "node-ports"),
        }
    }
}

/// A command as recorded: when it ran and how many events had run before it, so a replay
/// puts it at exactly the same point.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub time: Time,
    pub after_events: u64,
    pub command: Command,
}

/// How a bounded run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub n_events: u64,
    /// False when the event budget ran out before the target time.
    pub reached: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    cfg: Config,
    now: Time,
    seq: u64,
    queue: BTreeMap<(Time, u64), Event>,
    pending: BTreeSet<SyncKey>,
    /// Per work queue, the failures in a row of each key and the retry bucket.
    limiters: BTreeMap<&'static str, RateLimiter<SyncKey>>,
    /// Keys waiting out a back-off, with their `Event::Retry` (the earliest one only, as
    /// client-go's delaying queue keeps one entry per item).
    retry_at: BTreeMap<SyncKey, (Time, u64)>,
    /// Set while a sync's effects are carried out when one of them failed.
    pub(crate) sync_failed: bool,
    pub(crate) cluster: Cluster,
    pub(crate) rng: Streams,
    pub(crate) pod_ipam: PodIpam,
    pub(crate) svc_ipam: ServiceIpam,
    pub(crate) proxy: ProxyState,
    pub(crate) proxy_mode: ProxyMode,
    trace: Trace,
    events: EventLog,
    /// The last reason each controller gave for waiting (so a repeat is not traced again).
    waits: BTreeMap<ObjRef, Msg>,
    /// Pods waiting for the scheduler, by creation.
    unscheduled: BTreeSet<(Time, Key)>,
    /// Of those, the ones to try at the next scheduling pass (something they wait for changed),
    /// or all of them.
    retry: BTreeSet<(Time, Key)>,
    retry_all: bool,
    /// Unscheduled pods by the claims they name (woken when a claim appears, binds or goes).
    claim_waiters: BTreeMap<Key, BTreeSet<(Time, Key)>>,
    /// Pods on a node whose kubelet waits for a claim to bind (WaitForFirstConsumer).
    pub(crate) volume_waiters: BTreeMap<Key, BTreeSet<(Key, String)>>,
    /// Pod templates (controller UID, revision) already validated: their pods are not
    /// validated again.
    pub(crate) valid_templates: BTreeSet<(String, String)>,
    /// Per StatefulSet: ordinals below this were healthy at its last sync…
    sts_verified: BTreeMap<Key, i32>,
    /// …unless a pod at or above this ordinal changed since (the lowest such ordinal).
    sts_dirty: BTreeMap<Key, i32>,
    /// …and which ordinals those were.
    sts_changed: BTreeMap<Key, BTreeSet<i32>>,
    /// Claims whose volume is being provisioned.
    provisioning: BTreeSet<Key>,
    /// Workloads told they are at podplay's pod limit, with the UID and generation told (one
    /// event per spec, however many syncs meet the limit).
    pub(crate) limited: BTreeMap<ObjRef, (String, i64)>,
    /// Warnings for the console to print after the command that caused them (kubectl prints
    /// the apiserver's `Warning:` lines); at most [`MAX_WARNINGS`] wait.
    warnings: Vec<Msg>,
    n_events: u64,
    log: Vec<Logged>,
    violations: Vec<String>,
    boot_done: Time,
    /// The latest DNS queries the console's tools asked (oldest first, at most
    /// [`dns::MAX_QUERIES`]), so the scene can show each question travel to CoreDNS.
    dns_queries: std::collections::VecDeque<dns::Query>,
    dns_asked: u64,
}

impl Simulation {
    /// A cluster as `minikube start` leaves it (system pods Running, CoreDNS Ready).
    #[must_use]
    pub fn new(cfg: Config) -> Simulation {
        let mut sim = Simulation {
            now: Time::ZERO,
            seq: 0,
            queue: BTreeMap::new(),
            pending: BTreeSet::new(),
            limiters: BTreeMap::new(),
            retry_at: BTreeMap::new(),
            sync_failed: false,
            cluster: Cluster::default(),
            rng: Streams::new(cfg.seed),
            pod_ipam: PodIpam::default(),
            svc_ipam: ServiceIpam::default(),
            proxy: ProxyState::default(),
            proxy_mode: cfg.proxy_mode,
            trace: Trace::new(cfg.trace_capacity),
            events: EventLog::new(cfg.event_capacity),
            waits: BTreeMap::new(),
            unscheduled: BTreeSet::new(),
            retry: BTreeSet::new(),
            retry_all: false,
            claim_waiters: BTreeMap::new(),
            provisioning: BTreeSet::new(),
            limited: BTreeMap::new(),
            warnings: Vec::new(),
            sts_verified: BTreeMap::new(),
            sts_dirty: BTreeMap::new(),
            sts_changed: BTreeMap::new(),
            volume_waiters: BTreeMap::new(),
            valid_templates: BTreeSet::new(),
            n_events: 0,
            log: Vec::new(),
            violations: Vec::new(),
            boot_done: Time::ZERO,
            dns_queries: std::collections::VecDeque::new(),
            dns_asked: 0,
            cfg,
        };
        sim.boot();
        sim
    }

    #[must_use]
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    #[must_use]
    pub fn now(&self) -> Time {
        self.now
    }

    /// When `minikube start` finished (the moment the learner's first command can come).
    #[must_use]
    pub fn booted_at(&self) -> Time {
        self.boot_done
    }

    #[must_use]
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    #[must_use]
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The latest DNS queries asked by a command (`Command::Resolve`: nslookup, wget, curl),
    /// oldest first; each carries its number, so a newer one is told apart after others left.
    #[must_use]
    pub fn dns_queries(&self) -> &std::collections::VecDeque<dns::Query> {
        &self.dns_queries
    }

    /// How many DNS queries commands have asked since the cluster began.
    #[must_use]
    pub fn dns_asked(&self) -> u64 {
        self.dns_asked
    }

    /// Keeps the query `from` asked for `name` and what it answered.
    pub(crate) fn remember_query(&mut self, from: &Key, name: &str, out: &Outcome) {
        let (fqdn, addresses) = match out {
            Outcome::Resolved(l) => (
                l.fqdn.clone(),
                l.addresses.iter().map(ToString::to_string).collect(),
            ),
            _ => (None, Vec::new()),
        };
        if self.dns_queries.len() >= dns::MAX_QUERIES {
            self.dns_queries.pop_front();
        }
        self.dns_queries.push_back(dns::Query {
            seq: self.dns_asked,
            time: self.now,
            from: from.clone(),
            name: name.to_string(),
            fqdn,
            addresses,
        });
        self.dns_asked += 1;
    }

    /// The reason each controller last gave for holding back, until it acts again.
    #[must_use]
    pub fn waits(&self) -> &BTreeMap<ObjRef, Msg> {
        &self.waits
    }

    #[must_use]
    pub fn events(&self) -> &EventLog {
        &self.events
    }

    #[must_use]
    pub fn proxy_mode(&self) -> ProxyMode {
        self.proxy_mode
    }

    /// Connections kube-proxy routed, per Service and pod.
    #[must_use]
    pub fn hits(&self, svc: &Key) -> BTreeMap<String, u64> {
        self.proxy.hits.get(svc).cloned().unwrap_or_default()
    }

    /// Commands run so far, with the virtual time each ran at.
    #[must_use]
    pub fn commands(&self) -> &[Logged] {
        &self.log
    }

    /// Events processed so far.
    #[must_use]
    pub fn n_events(&self) -> u64 {
        self.n_events
    }

    /// Invariant violations found (only checked with `Config::check_invariants`).
    #[must_use]
    pub fn violations(&self) -> &[String] {
        &self.violations
    }

    /// Nothing is scheduled: the cluster has settled.
    #[must_use]
    pub fn is_idle(&self) -> bool {
        self.queue.is_empty()
    }

    #[must_use]
    pub fn next_event_time(&self) -> Option<Time> {
        self.queue.keys().next().map(|(t, _)| *t)
    }

    /// Events still to come (time, what), for display.
    pub fn upcoming(&self) -> impl Iterator<Item = (Time, &Event)> {
        self.queue.iter().map(|((t, _), e)| (*t, e))
    }

    // ----- time ---------------------------------------------------------------------------

    /// Runs the next event; returns its time, or `None` when idle.
    pub fn step(&mut self) -> Option<Time> {
        let (&(t, seq), _) = self.queue.iter().next()?;
        let ev = self.queue.remove(&(t, seq))?;
        if t < self.now {
            self.violations
                .push(format!("time went back from {} to {t}", self.now));
        }
        self.now = self.now.max(t);
        self.n_events += 1;
        self.process(ev);
        if self.cfg.check_invariants {
            let found = invariants::check(self);
            self.violations.extend(found);
        }
        Some(t)
    }

    /// Runs every event due at or before `t` (at most `max_events`), then sets the clock to `t`.
    pub fn run_until(&mut self, t: Time, max_events: u64) -> Run {
        let mut n = 0;
        while let Some(next) = self.next_event_time() {
            if next > t {
                break;
            }
            if n >= max_events {
                return Run {
                    n_events: n,
                    reached: false,
                };
            }
            self.step();
            n += 1;
        }
        self.now = self.now.max(t);
        Run {
            n_events: n,
            reached: true,
        }
    }

    /// Runs until nothing is left to do, at most `max_ms` of virtual time and `max_events`.
    pub fn run_until_idle(&mut self, max_ms: u64, max_events: u64) -> Run {
        let limit = self.now.plus_ms(max_ms);
        let mut n = 0;
        while let Some(next) = self.next_event_time() {
            if next > limit || n >= max_events {
                return Run {
                    n_events: n,
                    reached: false,
                };
            }
            self.step();
            n += 1;
        }
        Run {
            n_events: n,
            reached: true,
        }
    }

    pub(crate) fn schedule(&mut self, at: Time, ev: Event) {
        self.seq += 1;
        self.queue.insert((at.max(self.now), self.seq), ev);
    }

    pub(crate) fn draw(&mut self, span: Span) -> u64 {
        self.rng.lifecycle.between(span.min_ms, span.max_ms)
    }

    /// Wakes a controller after an informer-like delay (once, however often it is asked).
    pub(crate) fn touch(&mut self, key: SyncKey) {
        // A ReplicaSet's changes are watched by the Deployment that owns it.
        if let SyncKey::ReplicaSet(rs) = &key {
            let owner = self.cluster.replica_sets.get(rs).and_then(|r| {
                r.meta
                    .controller()
                    .filter(|o| o.kind == Kind::Deployment)
                    .map(|o| Key::new(&rs.namespace, &o.name))
            });
            if let Some(d) = owner {
                self.touch(SyncKey::Deployment(d));
            }
        }
        if self.pending.insert(key.clone()) {
            let span = self.cfg.timings.controller_ms;
            let d = self.rng.controllers.between(span.min_ms, span.max_ms);
            self.schedule(self.now.plus_ms(d), Event::Sync(key));
        }
    }

    /// Pods the cluster still takes before podplay's pod limit.
    pub(crate) fn pod_room(&self) -> usize {
        self.cfg.max_pods.saturating_sub(self.cluster.pods.len())
    }

    /// Warnings the commands since the last call gave, oldest first (the console prints them
    /// as kubectl prints the apiserver's).
    pub fn take_warnings(&mut self) -> Vec<Msg> {
        std::mem::take(&mut self.warnings)
    }

    pub(crate) fn warn(&mut self, m: Msg) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(m);
        }
    }

    /// Runs the StatefulSet controller, skipping the ordinals known to be healthy and unchanged
    /// since its last sync. With invariants on, a full sync is run too and must agree.
    fn sync_stateful_set(&mut self, key: &Key) -> Vec<Effect> {
        let verified = self.sts_verified.remove(key);
        let dirty = self.sts_dirty.remove(key);
        // A change not tied to one pod (i32::MIN) asks for a full sync.
        let hint = match (verified, dirty) {
            (_, Some(i32::MIN)) | (None, _) => None,
            (Some(v), Some(d)) => Some(v.min(d)),
            (Some(v), None) => Some(v),
        };
        let changed = self.sts_changed.remove(key).unwrap_or_default();
        let room = self.pod_room();
        let (effects, frontier) =
            stateful_set::sync_from(&self.cluster, key, self.now, hint, Some(&changed), room);
        if let Some(f) = frontier {
            self.sts_verified.insert(key.clone(), f);
        }
        // A self-check for tests (natively only: the page never turns it on, and the message
        // would bring the debug printing of every effect into its build).
        #[cfg(not(target_arch = "wasm32"))]
        if self.cfg.check_invariants && hint.is_some() {
            let full = stateful_set::sync(&self.cluster, key, self.now, room);
            if full != effects {
                self.violations.push(format!(
                    "{}: hinted sync of {key} (from ordinal {hint:?}) differs from a full one: {effects:?} vs {full:?}",
                    self.now
                ));
            }
        }
        effects
    }

    /// Wakes whatever controls a pod that changed (`pod` is its name).
    pub(crate) fn touch_owner_of_pod(&mut self, owner: Option<(Kind, Key)>, pod: &str) {
        if let Some((Kind::StatefulSet, key)) = &owner {
            let ord = stateful_set::ordinal_of(&key.name, pod).unwrap_or(i32::MIN);
            let e = self.sts_dirty.entry(key.clone()).or_insert(ord);
            *e = (*e).min(ord);
            self.sts_changed.entry(key.clone()).or_default().insert(ord);
        }
        self.touch_owner_of(owner);
    }

    /// The sync of `key` failed: it is tried again after the work queue's back-off
    /// (`AddRateLimited`), with a full sync. A retry already due sooner stands.
    fn add_rate_limited(&mut self, key: SyncKey) {
        let delay = self
            .limiters
            .entry(key.queue())
            .or_default()
            .when(&key, self.now);
        let at = self.now.plus_ms(delay);
        if let Some(&(t, seq)) = self.retry_at.get(&key) {
            if t <= at {
                return;
            }
            self.queue.remove(&(t, seq));
        }
        if let SyncKey::StatefulSet(k) = &key {
            self.sts_dirty.insert(k.clone(), i32::MIN);
        }
        self.schedule(at, Event::Retry(key.clone()));
        self.retry_at.insert(key, (at.max(self.now), self.seq));
    }

    /// Failures in a row of `key`'s syncs (its back-off grows with them).
    #[must_use]
    pub fn requeues(&self, key: &SyncKey) -> u32 {
        self.limiters
            .get(key.queue())
            .map_or(0, |l| l.requeues(key))
    }

    /// A pod name is free again: a StatefulSet of that namespace whose syncs are failing and
    /// whose pods take that name syncs again now rather than at the end of its back-off, so
    /// a set applied again while its old pods terminate starts them as soon as they are gone.
    /// (Upstream's pod handlers wake only the pod's own controller, resolved by UID
    /// (kubernetes/kubernetes: pkg/controller/statefulset/stateful_set.go `deletePod`,
    /// `resolveControllerRef`), so a real cluster waits for the next retry; the lesson shows
    /// the cause and effect without that wait.)
    pub(crate) fn wake_sets_waiting_for(&mut self, pod: &Key) {
        let sets: Vec<Key> = self
            .cluster
            .stateful_sets
            .keys()
            .filter(|k| {
                k.namespace == pod.namespace
                    && stateful_set::ordinal_of(&k.name, &pod.name).is_some()
                    && self.requeues(&SyncKey::StatefulSet((*k).clone())) > 0
            })
            .cloned()
            .collect();
        for k in sets {
            self.sts_dirty.insert(k.clone(), i32::MIN);
            self.touch(SyncKey::StatefulSet(k));
        }
    }

    /// Every StatefulSet in `namespace` gets a full sync (a claim it may use changed).
    pub(crate) fn resync_sets_in(&mut self, namespace: &str) {
        let sets: Vec<Key> = self
            .cluster
            .stateful_sets
            .keys()
            .filter(|k| k.namespace == namespace)
            .cloned()
            .collect();
        for k in sets {
            self.sts_dirty.insert(k.clone(), i32::MIN);
            self.touch(SyncKey::StatefulSet(k));
        }
    }

    /// Wakes whatever controls `pod`.
    pub(crate) fn touch_owner_of(&mut self, pod_meta_owner: Option<(Kind, Key)>) {
        let Some((kind, key)) = pod_meta_owner else {
            return;
        };
        if kind == Kind::StatefulSet && !self.sts_dirty.contains_key(&key) {
            // A change not tied to one pod: look at every ordinal.
            self.sts_dirty.insert(key.clone(), i32::MIN);
        }
        match kind {
            Kind::StatefulSet => self.touch(SyncKey::StatefulSet(key)),
            Kind::ReplicaSet => self.touch(SyncKey::ReplicaSet(key)),
            k if daemon_set::is_daemon_set(k) => self.touch(SyncKey::DaemonSet(key)),
            _ => {}
        }
    }

    pub(crate) fn owner_of(pod: &Pod) -> Option<(Kind, Key)> {
        pod.meta
            .controller()
            .map(|o| (o.kind, Key::new(&pod.meta.namespace, &o.name)))
    }

    // ----- the scheduler's queue ----------------------------------------------------------

    /// A pod starts waiting for a node.
    pub(crate) fn wait_for_node(&mut self, created: Time, key: &Key, claims: &[String]) {
        let entry = (created, key.clone());
        self.unscheduled.insert(entry.clone());
        self.retry.insert(entry.clone());
        for c in claims {
            self.claim_waiters
                .entry(Key::new(&key.namespace, c))
                .or_default()
                .insert(entry.clone());
        }
        self.touch(SyncKey::Scheduler);
    }

    /// A pod no longer waits for a node (bound, deleted or gone).
    pub(crate) fn done_waiting(&mut self, created: Time, key: &Key, claims: &[String]) {
        let entry = (created, key.clone());
        if !self.unscheduled.remove(&entry) {
            return;
        }
        self.retry.remove(&entry);
        for c in claims {
            let ck = Key::new(&key.namespace, c);
            if let Some(set) = self.claim_waiters.get_mut(&ck) {
                set.remove(&entry);
                if set.is_empty() {
                    self.claim_waiters.remove(&ck);
                }
            }
        }
    }

    /// Pods waiting on `claim` are tried again.
    pub(crate) fn wake_claim_waiters(&mut self, claim: &Key) {
        if let Some(set) = self.claim_waiters.get(claim) {
            self.retry.extend(set.iter().cloned());
            self.touch(SyncKey::Scheduler);
        }
    }

    /// A pod was bound: waiting pods with required pod affinity may find their peer now
    /// (InterPodAffinity's queueing hint for an assigned pod added).
    pub(crate) fn wake_affinity_waiters(&mut self) {
        let woken: Vec<(Time, Key)> = self
            .unscheduled
            .iter()
            .filter(|(_, k)| {
                self.cluster.pods.get(k).is_some_and(|p| {
                    p.spec
                        .affinity
                        .as_ref()
                        .and_then(|a| a.pod_affinity.as_ref())
                        .is_some_and(|a| {
                            !a.required_during_scheduling_ignored_during_execution
                                .is_empty()
                        })
                })
            })
            .cloned()
            .collect();
        if !woken.is_empty() {
            self.retry.extend(woken);
            self.touch(SyncKey::Scheduler);
        }
    }

    /// Every waiting pod is tried again (room freed on a node).
    pub(crate) fn wake_all_waiting(&mut self) {
        if !self.unscheduled.is_empty() {
            self.retry_all = true;
            self.touch(SyncKey::Scheduler);
        }
    }

    // ----- recording ----------------------------------------------------------------------

    pub(crate) fn note(&mut self, kind: Kind, key: &Key, change: Change, reason: Msg) {
        self.trace
            .push(self.now, ObjRef::new(kind, key), change, reason);
    }

    /// Records a change of the pod `key`: the message `id` with the pod's name, then `more`.
    pub(crate) fn note_pod(&mut self, key: &Key, change: Change, id: &'static str, more: &[&str]) {
        let reason = more
            .iter()
            .fold(Msg::new(id).text(&key.name), |m, v| m.text(*v));
        self.note(Kind::Pod, key, change, reason);
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn kube_event(
        &mut self,
        type_: super::trace::EventType,
        kind: Kind,
        key: &Key,
        uid: &str,
        reason: &str,
        message: String,
        source: &str,
    ) {
        self.events.record(
            self.now,
            KubeEvent {
                type_,
                reason: reason.to_string(),
                object: ObjRef::new(kind, key),
                uid: uid.to_string(),
                message,
                source: source.to_string(),
                first: self.now,
                last: self.now,
                count: 1,
            },
        );
    }

    pub(crate) fn violation(&mut self, what: String) {
        if self.cfg.check_invariants {
            self.violations.push(what);
        }
    }

    // ----- events -------------------------------------------------------------------------

    fn process(&mut self, ev: Event) {
        match ev {
            Event::Sync(key) => {
                self.pending.remove(&key);
                self.sync(key);
            }
            Event::Retry(key) => {
                self.retry_at.remove(&key);
                // A key already waiting in the queue is not added twice.
                if !self.pending.contains(&key) {
                    self.sync(key);
                }
            }
            Event::Stage { pod, uid, to } => self.advance_pod(&pod, &uid, to),
            Event::Remove { pod, uid } => self.remove_pod(&pod, &uid),
            Event::Restart { pod, uid, killed } => self.restart_container(&pod, &uid, killed),
            Event::NotReady { pod, uid } => self.probe_not_ready(&pod, &uid),
            Event::LivenessKill { pod, uid } => self.liveness_kill(&pod, &uid),
            Event::Provisioned { claim, uid } => self.provisioned(&claim, &uid),
        }
    }

    /// One worker pass over `key`: the controller's effects are carried out; a failed one
    /// puts the key back with its back-off, a clean pass forgets its failures (`Forget`).
    fn sync(&mut self, key: SyncKey) {
        let effects = match &key {
            SyncKey::StatefulSet(k) => self.sync_stateful_set(k),
            SyncKey::Deployment(k) => deployment::sync(&self.cluster, k, self.now),
            SyncKey::ReplicaSet(k) => {
                replica_set::sync(&self.cluster, k, self.now, self.pod_room())
            }
            SyncKey::DaemonSet(k) => daemon_set::sync(&self.cluster, k, self.now),
            SyncKey::Claim(k) => volume_binder::sync(&self.cluster, k),
            SyncKey::Scheduler => {
                let waiting: Vec<Key> = if self.retry_all {
                    self.unscheduled.iter().map(|(_, k)| k.clone()).collect()
                } else {
                    self.retry.iter().map(|(_, k)| k.clone()).collect()
                };
                self.retry.clear();
                self.retry_all = false;
                scheduler::sync(&self.cluster, &waiting)
            }
            SyncKey::GarbageCollector => garbage_collector::sync(&self.cluster),
        };
        self.sync_failed = false;
        for e in effects {
            self.apply_effect(e);
        }
        if std::mem::take(&mut self.sync_failed) {
            self.add_rate_limited(key.clone());
        } else if let Some(l) = self.limiters.get_mut(key.queue()) {
            l.forget(&key);
        }
        // The deployment controller records the generation it acted on (its status
        // sync sets status.observedGeneration, paused or not), which `kubectl rollout
        // status` compares with metadata.generation. A deleting Deployment is not synced.
        if let SyncKey::Deployment(k) = &key {
            if let Some(d) = self.cluster.deployments.get_mut(k) {
                if d.meta.deleting.is_none() {
                    d.observed_generation = d.meta.generation;
                }
            }
        }
    }

    // ----- commands -----------------------------------------------------------------------

    /// Carries out a command at the current virtual time and records it for replay.
    pub fn exec(&mut self, cmd: Command) -> Outcome {
        self.log.push(Logged {
            time: self.now,
            after_events: self.n_events,
            command: cmd.clone(),
        });
        let over = self.over_limit(&cmd);
        let out = self.run_command(cmd);
        if !over.is_empty() {
            self.warn_over_limit(over, &out);
        }
        if self.cfg.check_invariants {
            let found = invariants::check(self);
            self.violations.extend(found);
        }
        out
    }

    /// Rebuilds the state at virtual time `t` (≤ now) by replaying this run's commands from
    /// the seed.
    #[must_use]
    pub fn replay_to(&self, t: Time) -> Simulation {
        Simulation::replay(self.cfg.clone(), &self.log, t)
    }

    /// Runs `log` from the seed up to virtual time `t`.
    #[must_use]
    pub fn replay(cfg: Config, log: &[Logged], t: Time) -> Simulation {
        let mut sim = Simulation::new(cfg);
        for entry in log {
            if entry.time > t {
                break;
            }
            while sim.n_events < entry.after_events && sim.step().is_some() {}
            sim.now = sim.now.max(entry.time);
            sim.exec(entry.command.clone());
        }
        sim.run_until(t, u64::MAX);
        // The warnings were printed when the commands first ran.
        sim.warnings.clear();
        sim
    }

    /// Drops every command after virtual time `t` from the record (a new future from here).
    pub(crate) fn truncate_log_after(&mut self, t: Time) {
        self.log.retain(|l| l.time <= t);
    }
}
