//! The drawable picture of one moment of the cluster: every glyph with its place, state and
//! label, and the links between them. Built from a [`Simulation`] alone, so two builds of the same
//! state are equal, and a test can ask where web-1 is drawn and what colour it has.
//!
//! Layout: the node holds one lane per workload (a StatefulSet with its pods in ordinal slots;
//! a Deployment with its ReplicaSets, newest revision first; the pods without a controller),
//! side by side while they fit, else one under another. In a lane, top to bottom: its title,
//! the Services that select its pods, its pods, and under each pod (same column) the claims it
//! mounts, each above its volume. So an endpoint line runs from a Service down to its own
//! lane's pods, and a mount line straight down from a pod to its own claim: no line crosses a
//! glyph it does not connect. CoreDNS sits at the node's top right.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::engine::cluster::{
    ClaimPhase, Cluster, Deployment, PersistentVolumeClaim, Pod, ReplicaSet, Service, StatefulSet,
    VolumePhase,
};
use crate::engine::lifecycle::Stage;
use crate::engine::network::dns;
use crate::engine::{Key, ObjRef, Simulation};
use crate::i18n::Msg;
use crate::manifest::objects::{Kind, StrMap};

/// The scene's default width in SVG user units (the height follows from the content); the
/// page lays the scene out for the width it has, between [`MIN_WIDTH`] and [`MAX_WIDTH`].
pub const WIDTH: f64 = 960.0;
pub const MIN_WIDTH: f64 = 300.0;
pub const MAX_WIDTH: f64 = 2400.0;
pub const PAD: f64 = 16.0;
pub const SERVICE_W: f64 = 210.0;
pub const SERVICE_H: f64 = 58.0;
pub const POD_W: f64 = 120.0;
pub const POD_H: f64 = 78.0;
pub const CELL_W: f64 = 130.0;
pub const CELL_H: f64 = 88.0;
pub const GROUP_HEAD: f64 = 26.0;
/// The line under a group's title that says why its controller waits.
pub const WAIT_LINE: f64 = 18.0;
/// Lines the wait may wrap onto.
pub const WAIT_LINES: f64 = 2.0;
pub const NODE_HEAD: f64 = 30.0;
pub const CLAIM_W: f64 = 120.0;
pub const CLAIM_H: f64 = 54.0;
/// StatefulSet slots drawn at most (the engine caps replicas far below this anyway).
pub const MAX_SLOTS: usize = 5_000;
/// Gap between the node and the storage rows, and between rows of different things.
pub const GAP: f64 = 34.0;

/// Where a pod is in its life, as the scene colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodState {
    Pending,
    ContainerCreating,
    Running,
    Ready,
    Terminating,
    Succeeded,
    Failed,
}

impl PodState {
    #[must_use]
    pub fn of(pod: &Pod) -> PodState {
        match pod.status.stage {
            Stage::Pending | Stage::Scheduled => PodState::Pending,
            Stage::ContainerCreating | Stage::Initializing | Stage::PodInitializing => {
                PodState::ContainerCreating
            }
            Stage::Running => PodState::Running,
            Stage::Ready => PodState::Ready,
            Stage::Terminating | Stage::Killed => PodState::Terminating,
            Stage::Exited => {
                if pod.status.exit_code == Some(0) {
                    PodState::Succeeded
                } else {
                    PodState::Failed
                }
            }
        }
    }

    /// The CSS class (and test hook) of the state.
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            PodState::Pending => "pending",
            PodState::ContainerCreating => "creating",
            PodState::Running => "running",
            PodState::Ready => "ready",
            PodState::Terminating => "terminating",
            PodState::Succeeded => "succeeded",
            PodState::Failed => "failed",
        }
    }

    /// The translation id of the state's short name (inside a pod glyph).
    #[must_use]
    pub fn short_id(self) -> &'static str {
        match self {
            PodState::Pending => "vm.short.pending",
            PodState::ContainerCreating => "vm.short.creating",
            PodState::Running => "vm.short.running",
            PodState::Ready => "vm.short.ready",
            PodState::Terminating => "vm.short.terminating",
            PodState::Succeeded => "vm.short.succeeded",
            PodState::Failed => "vm.short.failed",
        }
    }

    /// The translation id of the state's name.
    #[must_use]
    pub fn label_id(self) -> &'static str {
        match self {
            PodState::Pending => "vm.state.pending",
            PodState::ContainerCreating => "vm.state.creating",
            PodState::Running => "vm.state.running",
            PodState::Ready => "vm.state.ready",
            PodState::Terminating => "vm.state.terminating",
            PodState::Succeeded => "vm.state.succeeded",
            PodState::Failed => "vm.state.failed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    #[must_use]
    pub fn top(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y)
    }

    #[must_use]
    pub fn bottom(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h)
    }

    #[must_use]
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodGlyph {
    /// The object's UID: a pod deleted and created again under the same name is a new glyph.
    pub uid: String,
    pub key: Key,
    pub state: PodState,
    /// Containers ready, containers.
    pub ready: (usize, usize),
    pub ip: Option<String>,
    pub ordinal: Option<i32>,
    pub claims: Vec<String>,
    pub rect: Rect,
    /// A StatefulSet pod's stable DNS name under its governing Service (`web-0.nginx`).
    pub dns_name: Option<String>,
    /// Why the pod is not Running yet, as `kubectl get pods` and its events say it
    /// (`Pulling image "nginx"`, `ContainerCreating`), recomputed from the current state.
    pub reason: Option<Msg>,
    /// Where the pod's live request count is drawn while traffic runs (reserved beside or
    /// under the glyph, so nothing else is drawn there).
    pub badge: Rect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    StatefulSet,
    /// A Deployment's lane (its ReplicaSets are groups inside it).
    Deployment,
    ReplicaSet,
    /// Pods without a controller (`kubectl run`).
    Bare,
}

/// A controller's pods, boxed together inside the node: a lane (a workload, with its
/// Services and storage), or a Deployment's ReplicaSet inside its Deployment's lane.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupBox {
    pub id: String,
    pub kind: GroupKind,
    pub key: Key,
    /// The Deployment that owns the ReplicaSet.
    pub deployment: Option<String>,
    /// READY as `kubectl get` prints it: ready pods, pods wanted (`1/2` while web-1 is not
    /// Ready).
    pub ready: (i32, i32),
    pub rect: Rect,
    /// Why the controller is holding back (a StatefulSet waiting for its previous pod),
    /// worked out from the cluster as it is now.
    pub wait: Option<Msg>,
    /// A workload's lane (false: a ReplicaSet inside a Deployment's lane).
    pub lane: bool,
    /// The baseline of the title (a lane's at its top, a ReplicaSet's under its pods); the wait
    /// line's is [`WAIT_LINE`] below it.
    pub title_y: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceGlyph {
    pub uid: String,
    pub key: Key,
    /// `None` for a headless Service.
    pub cluster_ip: Option<String>,
    pub ports: String,
    /// Ready endpoints (pod names).
    pub endpoints: Vec<String>,
    pub rect: Rect,
    /// The DNS records CoreDNS answers for this Service, as drawn on it: a headless Service's
    /// one A record per Ready endpoint (`web-0.nginx` → its pod IP), a ClusterIP Service's one
    /// A record → its virtual IP.
    pub records: Vec<DnsRecordGlyph>,
    /// Where the rule that picks an endpoint is written while traffic runs (iptables
    /// probability, IPVS turn, session affinity): a strip at the bottom of the Service's box.
    pub rule: Rect,
    /// Records beyond the ones listed (at most [`MAX_RECORDS`] are).
    pub more_records: usize,
}

/// One DNS record drawn on its Service.
#[derive(Debug, Clone, PartialEq)]
pub struct DnsRecordGlyph {
    /// The short name a pod in the namespace can ask for (`web-0.nginx`, `my-nginx-svc`).
    pub name: String,
    /// The full name (`web-0.nginx.default.svc.cluster.local`).
    pub fqdn: String,
    /// The address it answers.
    pub ip: String,
    /// The pod behind the record (headless Services), by name.
    pub pod: Option<String>,
    pub rect: Rect,
}

/// An object of a kind podplay stores without simulating (a PodDisruptionBudget, a Secret),
/// drawn as a labelled chip below everything else.
#[derive(Debug, Clone, PartialEq)]
pub struct ChipGlyph {
    pub uid: String,
    /// The kind's name (`PodDisruptionBudget`).
    pub kind: &'static str,
    pub key: Key,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClaimGlyph {
    pub uid: String,
    pub key: Key,
    pub phase: ClaimPhase,
    pub volume: Option<String>,
    pub request: String,
    /// The pod that mounts it now, if that pod exists.
    pub pod: Option<String>,
    pub rect: Rect,
    /// The first line of the first file on its volume (`index.html: Hello from web-0`).
    pub first_line: Option<String>,
    /// Bound, but the pod that mounts it is gone (deleted, not yet back): the claim stays and
    /// waits for the pod of the same name.
    pub waiting: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VolumeGlyph {
    pub uid: String,
    pub name: String,
    pub phase: VolumePhase,
    pub capacity: String,
    pub claim: Option<String>,
    pub rect: Rect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkKind {
    /// Service → a Ready pod behind it.
    Endpoint,
    /// Pod → the claim it mounts.
    Mount,
    /// Claim → its volume.
    Bind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub id: String,
    pub kind: LinkKind,
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// The object UIDs at each end.
    pub ends: (String, String),
    /// Bends between `from` and `to` (a line to a pod in a lower row runs down the gap
    /// between columns).
    pub via: Vec<(f64, f64)>,
}

impl Link {
    /// The line's points, `from` to `to`.
    #[must_use]
    pub fn points(&self) -> Vec<(f64, f64)> {
        let mut v = Vec::with_capacity(self.via.len() + 2);
        v.push(self.from);
        v.extend(self.via.iter().copied());
        v.push(self.to);
        v
    }
}

/// A StatefulSet ordinal that is wanted but has no pod (yet): drawn as an empty place.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub name: String,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    pub name: String,
    pub ip: String,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub services: Vec<ServiceGlyph>,
    pub node: Option<NodeBox>,
    pub groups: Vec<GroupBox>,
    /// Shared, so the page can hand a glyph to its component without copying it.
    pub pods: Vec<Rc<PodGlyph>>,
    /// Empty StatefulSet places.
    pub slots: Vec<Slot>,
    pub claims: Vec<ClaimGlyph>,
    pub volumes: Vec<VolumeGlyph>,
    pub links: Vec<Link>,
    /// `kube-system` pods, not drawn.
    pub n_system_pods: usize,
    /// Where the row of claims and volumes no pod holds starts (its heading); 0 when there
    /// is none (the others are drawn under their pods).
    pub storage_y: f64,
    /// Objects of the stored kinds a learner applied (ServiceAccounts `default` left out).
    pub chips: Vec<ChipGlyph>,
    /// Where the chips' row starts (its heading).
    pub chips_y: f64,
    /// Drawn with compact glyphs ([`COMPACT`]).
    pub compact: bool,
    /// Where CoreDNS is drawn, the place a DNS question travels to (the node's top right).
    pub coredns: Option<Rect>,
}

impl Scene {
    #[must_use]
    pub fn pod(&self, name: &str) -> Option<&PodGlyph> {
        self.pods.iter().find(|p| p.key.name == name).map(|p| &**p)
    }

    #[must_use]
    pub fn claim(&self, name: &str) -> Option<&ClaimGlyph> {
        self.claims.iter().find(|c| c.key.name == name)
    }

    #[must_use]
    pub fn service(&self, name: &str) -> Option<&ServiceGlyph> {
        self.services.iter().find(|s| s.key.name == name)
    }
}

/// A name's segments: each run of non-digits with the number after it (0 when none).
struct Segments<'a> {
    rest: &'a str,
    done: bool,
}

impl<'a> Iterator for Segments<'a> {
    type Item = (&'a str, u64);

    fn next(&mut self) -> Option<(&'a str, u64)> {
        if self.done {
            return None;
        }
        let text_end = self
            .rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(self.rest.len());
        let (text, after) = self.rest.split_at(text_end);
        let digits_end = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let (digits, rest) = after.split_at(digits_end);
        let n = digits.bytes().fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        });
        self.rest = rest;
        self.done = rest.is_empty();
        Some((text, n))
    }
}

/// Names compared with their digit runs as numbers (`web-2` before `web-10`), without
/// building anything.
#[must_use]
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    // Where the two first differ: two non-digits there decide it as plain text would (the
    // digits before them, equal byte for byte, are equal numbers).
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let i = ab.iter().zip(bb).take_while(|(x, y)| x == y).count();
    if let (Some(x), Some(y)) = (ab.get(i), bb.get(i)) {
        if !x.is_ascii_digit() && !y.is_ascii_digit() {
            return x.cmp(y);
        }
    }
    let segments = |s| Segments {
        rest: s,
        done: false,
    };
    segments(a).cmp(segments(b))
}

fn is_system(ns: &str) -> bool {
    ns == "kube-system" || ns == "kube-public" || ns == "kube-node-lease"
}

/// Glyph sizes. Full glyphs carry their name, state and IP; past [`COMPACT_OVER`] pods (or
/// claims) the scene draws compact tiles instead (coloured by state, details in the tooltip
/// and the explanation): nobody reads 200 names at once, and the page stays fluid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dims {
    pub pod_w: f64,
    pub pod_h: f64,
    pub cell_w: f64,
    pub cell_h: f64,
    pub claim_w: f64,
    pub claim_h: f64,
    /// From a pod's bottom to its first claim's top (the request count sits in between).
    pub below: f64,
    /// Between stacked claims and volumes.
    pub stack: f64,
    /// How far from a pod's (or claim's) left edge a mount (or bind) line runs.
    pub mount_dx: f64,
}

pub const FULL: Dims = Dims {
    pod_w: POD_W,
    pod_h: POD_H,
    cell_w: CELL_W,
    cell_h: CELL_H,
    claim_w: CLAIM_W,
    claim_h: CLAIM_H,
    below: 24.0,
    stack: 12.0,
    mount_dx: 18.0,
};

pub const COMPACT: Dims = Dims {
    pod_w: 30.0,
    pod_h: 22.0,
    cell_w: 36.0,
    cell_h: 28.0,
    claim_w: 30.0,
    claim_h: 16.0,
    below: 5.0,
    stack: 4.0,
    mount_dx: 8.0,
};

/// More pods (or claims) than this and the scene is drawn compact.
pub const COMPACT_OVER: usize = 64;

/// DNS records listed on a Service at most (the rest are counted).
pub const MAX_RECORDS: usize = 8;
/// A Service box's head (name, kind, address), a record's line, the rule's strip.
pub const SVC_HEAD: f64 = 58.0;
pub const RECORD_H: f64 = 15.0;
pub const RULE_H: f64 = 16.0;
/// The request count's place under a full pod glyph.
pub const BADGE_W: f64 = 64.0;
pub const BADGE_H: f64 = 16.0;
/// Inside a lane: the margin, the band between its Services and its pods (where endpoint
/// lines fan out), and a ReplicaSet's caption under its pods.
pub const LANE_PAD: f64 = 8.0;
pub const LANE_GAP: f64 = 12.0;
pub const SVC_BAND: f64 = 30.0;
pub const CAPTION_H: f64 = 22.0;
/// A lane is at least this wide (room for its title).
pub const MIN_LANE_W: f64 = 220.0;
/// CoreDNS's glyph.
pub const COREDNS_W: f64 = 96.0;
pub const COREDNS_H: f64 = 22.0;
/// A chip's size.
pub const CHIP_W: f64 = 210.0;
pub const CHIP_H: f64 = 40.0;

#[allow(clippy::cast_precision_loss)]
fn f(n: usize) -> f64 {
    n as f64
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn fit_count(room: f64, each: f64) -> usize {
    if each <= 0.0 || !room.is_finite() || room <= 0.0 {
        return 1;
    }
    ((room / each).floor() as usize).max(1)
}

/// Builds the scene of `sim`'s cluster as it is now, [`WIDTH`] wide.
#[must_use]
pub fn build(sim: &Simulation) -> Scene {
    build_for(sim, WIDTH)
}

// ----- what goes in each lane ---------------------------------------------------------------

/// A place in a lane: a pod, or a StatefulSet ordinal with no pod (yet), with the claims
/// drawn under it.
struct Cell<'a> {
    pod: Option<&'a Pod>,
    /// The ordinal's pod name when there is no pod.
    slot: String,
    claims: Vec<&'a PersistentVolumeClaim>,
}

/// A ReplicaSet inside a Deployment's lane (`group: None`: the cells are the lane's own).
struct GroupPlan<'a> {
    group: Option<GroupBox>,
    cells: Vec<Cell<'a>>,
}

/// A workload's lane before it is placed.
struct LanePlan<'a> {
    head: GroupBox,
    groups: Vec<GroupPlan<'a>>,
    /// Label sets of its pods' templates (a Service selecting one of them sits above it).
    labels: Vec<&'a StrMap>,
    /// Its governing Service's name (a StatefulSet's `serviceName`).
    governing: Option<String>,
    services: Vec<&'a Service>,
}

fn group_box(id: String, kind: GroupKind, key: Key, ready: (i32, i32), lane: bool) -> GroupBox {
    GroupBox {
        id,
        kind,
        key,
        deployment: None,
        ready,
        rect: Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        },
        wait: None,
        lane,
        title_y: 0.0,
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Claims each pod's glyph carries below it, placed once (a shared claim under its first pod).
struct ClaimPicker<'a> {
    c: &'a Cluster,
    placed: BTreeSet<(&'a str, &'a str)>,
}

impl<'a> ClaimPicker<'a> {
    fn take(&mut self, ns: &str, names: &[String]) -> Vec<&'a PersistentVolumeClaim> {
        let mut out = Vec::new();
        for n in names {
            if let Some((k, pvc)) = self.c.pvcs.get_key_value(&Key::new(ns, n)) {
                if self.placed.insert((k.namespace.as_str(), k.name.as_str())) {
                    out.push(pvc);
                }
            }
        }
        out
    }

    fn of_pod(&mut self, pod: &Pod) -> Vec<&'a PersistentVolumeClaim> {
        let names: Vec<String> = pod.claim_names().iter().map(|s| (*s).to_string()).collect();
        self.take(&pod.meta.namespace, &names)
    }
}

/// A StatefulSet's wait, worked out from the cluster now: an ordered set waits for the first
/// pod in its range that is terminating (to be replaced) or not yet Running and Ready (when
/// the next ordinal has no pod yet). Other waits the controller reported (a stale claim, an
/// invalid template) are kept while the set has not settled.
fn sts_wait(sim: &Simulation, sts: &StatefulSet, slots: &[Option<&Pod>]) -> Option<Msg> {
    let want = usize::try_from(sts.replicas()).unwrap_or(0);
    let now = sim.now();
    let settled = slots.len() >= want
        && slots
            .iter()
            .take(want)
            .all(|p| p.is_some_and(|p| p.is_healthy()));
    if settled {
        return None;
    }
    let start = sts.start_ordinal();
    let name_of = |i: usize| format!("{}-{}", sts.meta.name, start + count(i));
    if !sts.parallel() {
        for (i, slot) in slots.iter().take(want).enumerate() {
            let Some(p) = slot else { break };
            if p.is_terminating() {
                return Some(Msg::new("engine.sts.wait.replace").text(&p.meta.name));
            }
            let available = p.is_available(sts.min_ready_seconds(), now);
            if !p.is_healthy() || !available {
                let next_missing = i + 1 < want && slots.get(i + 1).is_some_and(Option::is_none);
                let id = if p.is_healthy() {
                    "engine.sts.wait.available"
                } else {
                    "engine.sts.wait.ready"
                };
                return next_missing.then(|| Msg::new(id).text(name_of(i + 1)).text(&p.meta.name));
            }
        }
    }
    let stored = sim
        .waits()
        .get(&ObjRef::new(Kind::StatefulSet, &sts.meta.key()))?;
    let derived = [
        "engine.sts.wait.ready",
        "engine.sts.wait.available",
        "engine.sts.wait.replace",
    ];
    (!derived.contains(&stored.id)).then(|| stored.clone())
}

fn sts_lane<'a>(
    sim: &'a Simulation,
    sts: &'a StatefulSet,
    pick: &mut ClaimPicker<'a>,
) -> LanePlan<'a> {
    let c = sim.cluster();
    let start = sts.start_ordinal();
    let by_ordinal = c.sts_ordinals().get(&sts.meta.uid);
    let max_present = by_ordinal
        .and_then(|m| m.keys().next_back().copied())
        .unwrap_or(start - 1);
    let n_slots = usize::try_from((sts.replicas() + start).max(max_present + 1) - start)
        .unwrap_or(0)
        .min(MAX_SLOTS);
    let mut slots: Vec<Option<&Pod>> = vec![None; n_slots];
    for (ordinal, key) in by_ordinal.into_iter().flatten() {
        let Some(pod) = c.pods.get(key) else { continue };
        if let Some(slot) = usize::try_from(ordinal - start)
            .ok()
            .and_then(|i| slots.get_mut(i))
        {
            *slot = Some(pod);
        }
    }
    let templates: Vec<&str> = sts
        .spec
        .volume_claim_templates
        .iter()
        .filter_map(|t| t.metadata.name.as_deref())
        .collect();
    let ns = sts.meta.namespace.as_str();
    let cells = slots
        .iter()
        .enumerate()
        .map(|(i, pod)| {
            let name = format!("{}-{}", sts.meta.name, start + count(i));
            // The ordinal's claims stay under its place while its pod is away.
            let mut names: Vec<String> = templates.iter().map(|t| format!("{t}-{name}")).collect();
            if let Some(p) = pod {
                names.extend(p.claim_names().iter().map(|s| (*s).to_string()));
            }
            Cell {
                pod: *pod,
                claims: pick.take(ns, &names),
                slot: name,
            }
        })
        .collect();
    let st = crate::engine::status::stateful_set(c, sts, sim.now());
    let mut head = group_box(
        format!("sts/{}", sts.meta.uid),
        GroupKind::StatefulSet,
        sts.meta.key(),
        (st.ready, sts.replicas()),
        true,
    );
    head.wait = sts_wait(sim, sts, &slots);
    LanePlan {
        head,
        groups: vec![GroupPlan { group: None, cells }],
        labels: vec![&sts.spec.template.metadata.labels],
        governing: Some(sts.service_name().to_string()).filter(|s| !s.is_empty()),
        services: Vec::new(),
    }
}

/// A ReplicaSet's pods, oldest first.
fn rs_cells<'a>(c: &'a Cluster, rs: &ReplicaSet, pick: &mut ClaimPicker<'a>) -> Vec<Cell<'a>> {
    let mut pods: Vec<&Pod> = c.pods_of(&rs.meta.uid).collect();
    pods.sort_by(|a, b| {
        a.meta
            .created
            .cmp(&b.meta.created)
            .then_with(|| natural_cmp(&a.meta.name, &b.meta.name))
    });
    pods.into_iter()
        .map(|p| Cell {
            pod: Some(p),
            slot: String::new(),
            claims: pick.of_pod(p),
        })
        .collect()
}

fn rs_ready(c: &Cluster, rs: &ReplicaSet) -> (i32, i32) {
    let ready = c
        .pods_of(&rs.meta.uid)
        .filter(|p| p.is_ready() && !p.is_terminating())
        .count();
    (count(ready), rs.replicas())
}

/// A Deployment's lane: its ReplicaSets, newest revision first (old ones kept for rollback
/// with nothing in them are left out).
fn deployment_lane<'a>(
    sim: &'a Simulation,
    d: &'a Deployment,
    sets: &[&'a ReplicaSet],
    pick: &mut ClaimPicker<'a>,
) -> LanePlan<'a> {
    let c = sim.cluster();
    let mut sets: Vec<&ReplicaSet> = sets.to_vec();
    sets.sort_by(|a, b| {
        (std::cmp::Reverse(a.revision()), &a.meta.name)
            .cmp(&(std::cmp::Reverse(b.revision()), &b.meta.name))
    });
    let mut labels = vec![&d.spec.template.metadata.labels];
    let mut groups = Vec::new();
    for rs in sets {
        let cells = rs_cells(c, rs, pick);
        if cells.is_empty() && rs.replicas() == 0 {
            continue;
        }
        labels.push(&rs.spec.template.metadata.labels);
        let mut g = group_box(
            format!("rs/{}", rs.meta.uid),
            GroupKind::ReplicaSet,
            rs.meta.key(),
            rs_ready(c, rs),
            false,
        );
        g.deployment = Some(d.meta.name.clone());
        groups.push(GroupPlan {
            group: Some(g),
            cells,
        });
    }
    let st = crate::engine::status::deployment(c, d, sim.now());
    LanePlan {
        head: group_box(
            format!("deploy/{}", d.meta.uid),
            GroupKind::Deployment,
            d.meta.key(),
            (st.ready, d.replicas()),
            true,
        ),
        groups,
        labels,
        governing: None,
        services: Vec::new(),
    }
}

/// Every workload's lane: StatefulSets, Deployments, ReplicaSets of no Deployment, then the
/// pods without a controller.
fn lanes<'a>(sim: &'a Simulation, pick: &mut ClaimPicker<'a>) -> (Vec<LanePlan<'a>>, usize) {
    let c = sim.cluster();
    let mut out = Vec::new();
    for sts in c.stateful_sets.values() {
        if !is_system(&sts.meta.namespace) {
            out.push(sts_lane(sim, sts, pick));
        }
    }
    let mut by_deployment: BTreeMap<Key, Vec<&ReplicaSet>> = BTreeMap::new();
    let mut lone: Vec<&ReplicaSet> = Vec::new();
    for rs in c
        .replica_sets
        .values()
        .filter(|rs| !is_system(&rs.meta.namespace))
    {
        let owner = rs.meta.controller().filter(|o| o.kind == Kind::Deployment);
        match owner {
            Some(o)
                if c.deployments
                    .contains_key(&Key::new(&rs.meta.namespace, &o.name)) =>
            {
                by_deployment
                    .entry(Key::new(&rs.meta.namespace, &o.name))
                    .or_default()
                    .push(rs);
            }
            _ => lone.push(rs),
        }
    }
    for d in c
        .deployments
        .values()
        .filter(|d| !is_system(&d.meta.namespace))
    {
        let sets = by_deployment
            .get(&d.meta.key())
            .map_or(&[][..], Vec::as_slice);
        out.push(deployment_lane(sim, d, sets, pick));
    }
    for rs in lone {
        let cells = rs_cells(c, rs, pick);
        if cells.is_empty() && rs.replicas() == 0 {
            continue;
        }
        let head = group_box(
            format!("rs/{}", rs.meta.uid),
            GroupKind::ReplicaSet,
            rs.meta.key(),
            rs_ready(c, rs),
            true,
        );
        out.push(LanePlan {
            head,
            groups: vec![GroupPlan { group: None, cells }],
            labels: vec![&rs.spec.template.metadata.labels],
            governing: None,
            services: Vec::new(),
        });
    }
    let mut n_system = 0;
    let mut bare = Vec::new();
    let mut labels = Vec::new();
    for (key, pod) in &c.pods {
        if is_system(&key.namespace) {
            n_system += 1;
        } else if pod.meta.controller().is_none() {
            labels.push(&pod.meta.labels);
            bare.push(Cell {
                pod: Some(pod),
                slot: String::new(),
                claims: pick.of_pod(pod),
            });
        }
    }
    if !bare.is_empty() {
        let ready = bare
            .iter()
            .filter(|b| b.pod.is_some_and(Pod::is_ready))
            .count();
        let head = group_box(
            "bare".into(),
            GroupKind::Bare,
            Key::default(),
            (count(ready), count(bare.len())),
            true,
        );
        out.push(LanePlan {
            head,
            groups: vec![GroupPlan {
                group: None,
                cells: bare,
            }],
            labels,
            governing: None,
            services: Vec::new(),
        });
    }
    (out, n_system)
}

/// Whether a Service's selector picks pods labelled `labels` (an empty selector picks none).
fn selects(svc: &Service, labels: &StrMap) -> bool {
    svc.spec
        .selector
        .as_ref()
        .is_some_and(|s| !s.is_empty() && s.iter().all(|(k, v)| labels.get(k) == Some(v)))
}

/// Hands each learner's Service to the first lane whose pods it selects (or that it governs);
/// answers the Services of no lane.
fn assign_services<'a>(c: &'a Cluster, lanes: &mut [LanePlan<'a>]) -> Vec<&'a Service> {
    let mut free = Vec::new();
    for svc in c.services.values() {
        if is_system(&svc.meta.namespace) || svc.meta.name == "kubernetes" {
            continue;
        }
        let ns = svc.meta.namespace.as_str();
        let lane = lanes.iter_mut().find(|l| {
            let same_ns = l.head.kind == GroupKind::Bare || l.head.key.namespace == ns;
            same_ns
                && (l.governing.as_deref() == Some(svc.meta.name.as_str())
                    || l.labels.iter().any(|lb| selects(svc, lb)))
        });
        match lane {
            Some(l) => l.services.push(svc),
            None => free.push(svc),
        }
    }
    free
}

// ----- Services and their DNS records ------------------------------------------------------

/// A Service's records as CoreDNS answers them ([`dns::records`]): a headless Service's A
/// record per Ready endpoint (`web-0.nginx`), a ClusterIP Service's A record → its virtual IP.
fn service_records(svc: &Service, all: &[&dns::Record]) -> Vec<DnsRecordGlyph> {
    let key = svc.meta.key();
    let fqdn = dns::service_fqdn(&key);
    let zone_tail = format!(".{}.svc.{}", key.namespace, dns::ZONE);
    let headless = svc.cluster_ip().is_none();
    let suffix = format!(".{fqdn}");
    let mut out: Vec<DnsRecordGlyph> = all
        .iter()
        .filter(|r| r.rtype == dns::RType::A)
        .filter(|r| {
            if headless {
                r.name.ends_with(&suffix)
            } else {
                r.name == fqdn
            }
        })
        .map(|r| DnsRecordGlyph {
            name: r
                .name
                .strip_suffix(&zone_tail)
                .unwrap_or(&r.name)
                .to_string(),
            fqdn: r.name.clone(),
            ip: r.data.clone(),
            pod: if headless { r.pod.clone() } else { None },
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0,
            },
        })
        .collect();
    out.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    out
}

/// A Service box's height with `n` records listed (and a line for more, if any).
fn service_h(n_records: usize, more: bool) -> f64 {
    SVC_HEAD + f(n_records.min(MAX_RECORDS) + usize::from(more)) * RECORD_H + RULE_H + 6.0
}

fn service_glyph(
    c: &Cluster,
    svc: &Service,
    records: Vec<DnsRecordGlyph>,
    rect: Rect,
) -> ServiceGlyph {
    let key = svc.meta.key();
    let endpoints = c
        .endpoints
        .get(&key)
        .map(|e| {
            e.by_pod
                .values()
                .filter(|a| a.ready)
                .map(|a| a.pod.clone())
                .collect()
        })
        .unwrap_or_default();
    let ports = svc
        .spec
        .ports
        .iter()
        .map(|p| format!("{}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")))
        .collect::<Vec<_>>()
        .join(",");
    let more_records = records.len().saturating_sub(MAX_RECORDS);
    let records = records
        .into_iter()
        .take(MAX_RECORDS)
        .enumerate()
        .map(|(i, r)| DnsRecordGlyph {
            rect: Rect {
                x: rect.x + 8.0,
                y: rect.y + SVC_HEAD - 2.0 + f(i) * RECORD_H,
                w: rect.w - 16.0,
                h: RECORD_H - 1.0,
            },
            ..r
        })
        .collect();
    ServiceGlyph {
        uid: svc.meta.uid.clone(),
        key,
        cluster_ip: svc.cluster_ip().map(|ip| ip.to_string()),
        ports,
        endpoints,
        rect,
        records,
        rule: Rect {
            x: rect.x + 8.0,
            y: rect.y + rect.h - RULE_H - 4.0,
            w: rect.w - 16.0,
            h: RULE_H,
        },
        more_records,
    }
}

/// Places `services` side by side from `(x, y)` within `room` (narrower boxes when they do
/// not fit, rows when even those do not), all as tall as the tallest; answers the bottom.
fn place_services(
    scene: &mut Scene,
    c: &Cluster,
    records: &BTreeMap<&Key, Vec<&dns::Record>>,
    services: &[&Service],
    (x, y, room): (f64, f64, f64),
    reserve: usize,
) -> f64 {
    if services.is_empty() {
        return y;
    }
    let recs: Vec<Vec<DnsRecordGlyph>> = services
        .iter()
        .map(|s| {
            let key = s.meta.key();
            service_records(s, records.get(&key).map_or(&[][..], Vec::as_slice))
        })
        .collect();
    // A headless Service keeps a line for each of its lane's places, so the lane does not
    // move as records come and go.
    let h = recs
        .iter()
        .map(|r| service_h(r.len().max(reserve), r.len() > MAX_RECORDS))
        .fold(0.0, f64::max);
    let n = services.len();
    let w = ((room - f(n - 1) * PAD) / f(n)).clamp(120.0_f64.min(room), SERVICE_W);
    let per_row = fit_count(room + PAD, w + PAD);
    for (i, (svc, r)) in services.iter().zip(recs).enumerate() {
        let rect = Rect {
            x: x + f(i % per_row) * (w + PAD),
            y: y + f(i / per_row) * (h + PAD),
            w,
            h,
        };
        scene.services.push(service_glyph(c, svc, r, rect));
    }
    y + f(n.div_ceil(per_row)) * (h + PAD) - PAD
}

// ----- pods, claims and volumes in a lane --------------------------------------------------

/// Why the pod is not running yet, as `kubectl get pods` and its events say it: the
/// scheduler's message while unscheduled, the claim it waits for, the image pull in progress
/// (the node's pull of the first container's image has not finished: the kubelet's
/// `Pulling image` event), else the STATUS column (`ContainerCreating`, `Init:0/1`).
fn pod_reason(c: &Cluster, now: crate::engine::Time, pod: &Pod) -> Option<Msg> {
    let ns = pod.meta.namespace.as_str();
    match pod.status.stage {
        Stage::Pending | Stage::Scheduled => {
            if pod.spec.node_name.is_none() {
                if let Some(m) = &pod.status.unschedulable {
                    return Some(Msg::new("vm.reason.unschedulable").text(m));
                }
            }
            let unbound = pod.claim_names().into_iter().find(|n| {
                c.pvcs
                    .get(&Key::new(ns, n))
                    .is_none_or(|p| p.phase != ClaimPhase::Bound)
            });
            unbound.map(|n| Msg::new("vm.reason.claim").text(n))
        }
        Stage::ContainerCreating | Stage::Initializing | Stage::PodInitializing => {
            let first = pod
                .spec
                .init_containers
                .first()
                .or(pod.spec.containers.first())
                .and_then(|ct| ct.image.clone())
                .unwrap_or_default();
            let pulling = pod.status.stage == Stage::ContainerCreating
                && pod
                    .spec
                    .node_name
                    .as_ref()
                    .and_then(|n| c.nodes.get(n))
                    .and_then(|n| n.images.get(&first))
                    .is_some_and(|done| *done > now);
            if pulling {
                return Some(Msg::new("vm.reason.pulling").text(first));
            }
            let (_, _, status) = crate::engine::containers::ready_and_status(pod);
            Some(Msg::new("vm.reason.status").text(status))
        }
        _ => None,
    }
}

/// A pod's stable DNS name (`web-0.nginx`): its hostname under its subdomain, when a Service
/// of that name exists.
fn pod_dns_name(c: &Cluster, pod: &Pod) -> Option<String> {
    let sub = pod.spec.subdomain.as_deref().filter(|s| !s.is_empty())?;
    c.services
        .contains_key(&Key::new(&pod.meta.namespace, sub))
        .then(|| {
            let host = pod.spec.hostname.as_deref().unwrap_or(&pod.meta.name);
            format!("{host}.{sub}")
        })
}

/// The first line of the first file on a volume (`index.html: Hello from web-0`).
fn first_line(c: &Cluster, volume: Option<&String>) -> Option<String> {
    let pv = c.pvs.get(volume?)?;
    // Directories are kept as keys ending in `/`: the first file is the first other key.
    let (name, text) = pv.data.iter().find(|(k, _)| !k.ends_with('/'))?;
    let line: String = text.lines().next().unwrap_or("").chars().take(80).collect();
    Some(format!("{name}: {}", line.trim_end()))
}

/// What a lane's layout needs from the rest of the build.
struct Ctx<'a> {
    sim: &'a Simulation,
    d: Dims,
    records: BTreeMap<&'a Key, Vec<&'a dns::Record>>,
}

fn pod_glyph(ctx: &Ctx<'_>, pod: &Pod, sts: bool, rect: Rect) -> PodGlyph {
    let c = ctx.sim.cluster();
    let n_containers = pod.spec.containers.len();
    let ready = if pod.is_ready() { n_containers } else { 0 };
    let badge = if ctx.d.pod_w < POD_W {
        Rect {
            x: rect.x + rect.w,
            y: rect.y + rect.h,
            w: 0.0,
            h: 0.0,
        }
    } else {
        Rect {
            x: rect.x + rect.w - BADGE_W,
            y: rect.y + rect.h + 4.0,
            w: BADGE_W,
            h: BADGE_H,
        }
    };
    PodGlyph {
        uid: pod.meta.uid.clone(),
        key: pod.meta.key(),
        state: PodState::of(pod),
        ready: (ready, n_containers),
        ip: pod.status.ip.map(|ip| ip.to_string()),
        ordinal: sts
            .then(|| {
                pod.meta
                    .name
                    .rsplit('-')
                    .next()
                    .and_then(|s| s.parse().ok())
            })
            .flatten(),
        claims: pod.claim_names().iter().map(|s| (*s).to_string()).collect(),
        rect,
        dns_name: pod_dns_name(c, pod),
        reason: pod_reason(c, ctx.sim.now(), pod),
        badge,
    }
}

/// The claims (each above its volume) under a pod's place, from `y`; answers the bottom and
/// the claims' rects. `pod` names the pod holding the place now (`None`: the place is empty).
fn place_storage(
    scene: &mut Scene,
    c: &Cluster,
    d: &Dims,
    claims: &[&PersistentVolumeClaim],
    (x, mut y): (f64, f64),
    (pod, slot): (Option<&str>, bool),
) -> (f64, Vec<Rect>) {
    let mut rects = Vec::new();
    for pvc in claims {
        let rect = Rect {
            x,
            y,
            w: d.claim_w,
            h: d.claim_h,
        };
        rects.push(rect);
        y += d.claim_h + d.stack;
        let volume = pvc.spec.volume_name.clone().filter(|v| !v.is_empty());
        let key = pvc.meta.key();
        let mounted = pod.is_some_and(|p| {
            c.pods
                .get(&Key::new(&key.namespace, p))
                .is_some_and(|p| p.claim_names().contains(&key.name.as_str()))
        });
        let pod = mounted.then(|| pod.unwrap_or_default().to_string());
        // An ordinal's claim whose pod is away waits for the pod of that name.
        let waiting = slot && pvc.phase == ClaimPhase::Bound && pod.is_none();
        scene.claims.push(ClaimGlyph {
            uid: pvc.meta.uid.clone(),
            key,
            phase: pvc.phase,
            request: pvc.request(),
            pod,
            rect,
            first_line: first_line(c, volume.as_ref()),
            waiting,
            volume: volume.clone(),
        });
        if let Some(pv) = volume.as_ref().and_then(|v| c.pvs.get(v)) {
            push_volume(scene, pv, Rect { y, ..rect });
            y += d.claim_h + d.stack;
        }
    }
    (y, rects)
}

fn push_volume(scene: &mut Scene, pv: &crate::engine::cluster::PersistentVolume, rect: Rect) {
    scene.volumes.push(VolumeGlyph {
        uid: pv.meta.uid.clone(),
        name: pv.meta.name.clone(),
        phase: pv.phase,
        capacity: pv.capacity.clone(),
        claim: pv.claim.as_ref().map(|c| c.name.clone()),
        rect,
    });
}

/// The mount lines from a pod to the claims under it: straight down to the first, down the
/// gap left of the column to the others.
fn mount_links(scene: &mut Scene, d: &Dims, pod: &PodGlyph, claims: &[Rect], first: usize) {
    let x = pod.rect.x + d.mount_dx;
    let gap = pod.rect.x - (d.cell_w - d.pod_w) / 2.0;
    for (i, (g, r)) in scene.claims[first..].iter().zip(claims).enumerate() {
        if g.pod.as_deref() != Some(pod.key.name.as_str()) {
            continue;
        }
        let bottom = pod.rect.y + pod.rect.h;
        let (via, to) = if i == 0 {
            (Vec::new(), (r.x + d.mount_dx, r.y))
        } else {
            let mid = r.y + r.h / 2.0;
            (
                vec![(x, bottom + 2.0), (gap, bottom + 2.0), (gap, mid)],
                (r.x, mid),
            )
        };
        scene.links.push(Link {
            id: format!("mount/{}/{}", pod.uid, g.uid),
            kind: LinkKind::Mount,
            from: (x, bottom),
            to,
            ends: (pod.uid.clone(), g.uid.clone()),
            via,
        });
    }
}

/// One row of a lane's places from `y`; answers the row's bottom.
fn place_row(
    scene: &mut Scene,
    ctx: &Ctx<'_>,
    cells: &[Cell<'_>],
    (x0, y): (f64, f64),
    sts: bool,
) -> f64 {
    let (c, d) = (ctx.sim.cluster(), &ctx.d);
    // The request counts under full pods are part of the row.
    let badges = if d.pod_w < POD_W { 0.0 } else { 4.0 + BADGE_H };
    let mut bottom = y + d.pod_h + badges;
    for (col, cell) in cells.iter().enumerate() {
        let rect = Rect {
            x: x0 + f(col) * d.cell_w,
            y,
            w: d.pod_w,
            h: d.pod_h,
        };
        let below = (rect.x, y + d.pod_h + d.below);
        let first = scene.claims.len();
        let name = cell.pod.map(|p| p.meta.name.as_str());
        let (end, rects) = place_storage(
            scene,
            c,
            d,
            &cell.claims,
            below,
            (name, !cell.slot.is_empty()),
        );
        if !cell.claims.is_empty() {
            bottom = bottom.max(end - d.stack);
        }
        if let Some(pod) = cell.pod {
            let glyph = pod_glyph(ctx, pod, sts, rect);
            mount_links(scene, d, &glyph, &rects, first);
            scene.pods.push(Rc::new(glyph));
        } else {
            scene.slots.push(Slot {
                name: cell.slot.clone(),
                rect,
            });
        }
    }
    bottom
}

/// A lane's natural width: its widest group's pods, or its Services side by side.
fn lane_width(lane: &LanePlan<'_>, d: &Dims) -> f64 {
    let cols = lane
        .groups
        .iter()
        .map(|g| g.cells.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let pods = 2.0 * LANE_PAD + f(cols) * d.cell_w - (d.cell_w - d.pod_w);
    let n = lane.services.len();
    let services = if n == 0 {
        0.0
    } else {
        2.0 * LANE_PAD + f(n) * SERVICE_W + f(n - 1) * PAD
    };
    pods.max(services).max(MIN_LANE_W)
}

/// Lays out one lane at `(x, y)`, `w` wide: title, Services, then each group's rows of pods
/// with their storage below them, and the lines between. Answers the lane's height.
fn place_lane(
    scene: &mut Scene,
    ctx: &Ctx<'_>,
    mut lane: LanePlan<'_>,
    (x, y, w): (f64, f64, f64),
) -> f64 {
    let d = ctx.d;
    // A StatefulSet's lane keeps its wait line even while nothing waits, so its pods do not
    // move when a wait comes or goes.
    let waits = lane.head.wait.is_some() || lane.head.kind == GroupKind::StatefulSet;
    let head_h = GROUP_HEAD + if waits { WAIT_LINES * WAIT_LINE } else { 0.0 };
    let first_svc = scene.services.len();
    let inner = w - 2.0 * LANE_PAD;
    let svc_bottom = place_services(
        scene,
        ctx.sim.cluster(),
        &ctx.records,
        &lane.services,
        (x + LANE_PAD, y + head_h, inner),
        lane.groups.iter().map(|g| g.cells.len()).sum(),
    );
    let mut row_y = if lane.services.is_empty() {
        y + head_h + 4.0
    } else {
        svc_bottom + SVC_BAND
    };
    let mut lane_first_row = None;
    let cols = fit_count(inner + d.cell_w - d.pod_w, d.cell_w);
    let lane_index = scene.groups.len();
    scene.groups.push(lane.head.clone());
    let sts = lane.head.kind == GroupKind::StatefulSet;
    let first_pod = scene.pods.len();
    // Per group: the top of its first row (compact endpoint lines end there).
    let mut group_tops: Vec<(f64, usize, usize, String)> = Vec::new();
    for plan in std::mem::take(&mut lane.groups) {
        let top = row_y;
        if plan.group.is_some() {
            row_y += 4.0;
        }
        let pods_before = scene.pods.len();
        lane_first_row.get_or_insert(row_y);
        for row in plan.cells.chunks(cols) {
            let bottom = place_row(scene, ctx, row, (x + LANE_PAD, row_y), sts);
            row_y = bottom + if d.pod_w < POD_W { 6.0 } else { 14.0 };
        }
        if plan.cells.is_empty() {
            row_y += d.pod_h / 2.0;
        }
        let id = plan
            .group
            .as_ref()
            .map_or_else(|| lane.head.id.clone(), |g| g.id.clone());
        if let Some(mut g) = plan.group {
            g.rect = Rect {
                x: x + 3.0,
                y: top - 4.0,
                w: w - 6.0,
                h: row_y - top + CAPTION_H - 6.0,
            };
            g.title_y = row_y + CAPTION_H - 16.0;
            row_y += CAPTION_H + 4.0;
            scene.groups.push(g);
        }
        group_tops.push((top, pods_before, scene.pods.len(), id));
    }
    let h = row_y - y;
    if let Some(g) = scene.groups.get_mut(lane_index) {
        g.rect = Rect { x, y, w, h };
        g.title_y = y + 17.0;
    }
    let svcs = first_svc..scene.services.len();
    let first_row = lane_first_row.unwrap_or(row_y);
    endpoint_links(scene, &d, svcs, first_pod, first_row, &group_tops);
    h
}

/// Endpoint lines from a lane's Services to its Ready pods: straight to a pod in the lane's
/// first row, else along a bus above the first row and down the gap right of the pod's
/// column, into its side. Compact scenes draw one line per group instead.
fn endpoint_links(
    scene: &mut Scene,
    d: &Dims,
    svcs: std::ops::Range<usize>,
    first_pod: usize,
    first_row: f64,
    group_tops: &[(f64, usize, usize, String)],
) {
    let compact = d.pod_w < POD_W;
    let mut links = Vec::new();
    for svc in scene.services.get(svcs).unwrap_or_default() {
        let eps: BTreeSet<&str> = svc.endpoints.iter().map(String::as_str).collect();
        let from = svc.rect.bottom();
        let pods = scene.pods.get(first_pod..).unwrap_or_default();
        if compact {
            for (top, a, b, id) in group_tops {
                let held = scene.pods.get(*a..*b).unwrap_or_default();
                let Some(p) = held.iter().find(|p| eps.contains(p.key.name.as_str())) else {
                    continue;
                };
                links.push(Link {
                    id: format!("ep/{}/{id}", svc.uid),
                    kind: LinkKind::Endpoint,
                    from,
                    to: (p.rect.x + p.rect.w / 2.0, *top - 2.0),
                    ends: (svc.uid.clone(), id.clone()),
                    via: Vec::new(),
                });
            }
            continue;
        }
        for p in pods.iter().filter(|p| eps.contains(p.key.name.as_str())) {
            let r = p.rect;
            let (via, to) = if (r.y - first_row).abs() < 0.5 {
                (Vec::new(), r.top())
            } else {
                let bus = first_row - SVC_BAND / 2.0;
                let gx = r.x + r.w + (d.cell_w - d.pod_w) / 2.0;
                let mid = r.y + r.h / 2.0;
                (vec![(from.0, bus), (gx, bus), (gx, mid)], (r.x + r.w, mid))
            };
            links.push(Link {
                id: format!("ep/{}/{}", svc.uid, p.uid),
                kind: LinkKind::Endpoint,
                from,
                to,
                ends: (svc.uid.clone(), p.uid.clone()),
                via,
            });
        }
    }
    scene.links.extend(links);
}

// ----- the whole scene -----------------------------------------------------------------------

/// The stored objects as chips in rows under the rest, in kind-table order then by key.
fn place_chips(scene: &mut Scene, c: &Cluster, full: f64) {
    let chips: Vec<_> = c
        .stored
        .iter()
        .filter(|((k, key), _)| {
            let automatic = k.row().kind == "ServiceAccount" && key.name == "default";
            !is_system(&key.namespace) && !automatic
        })
        .collect();
    if chips.is_empty() {
        return;
    }
    let per_row = fit_count(full - 2.0 * PAD + PAD, CHIP_W + PAD);
    scene.chips_y = scene.height;
    let top = scene.chips_y + 22.0;
    for (i, ((kind, key), o)) in chips.iter().enumerate() {
        let (row, col) = (i / per_row, i % per_row);
        scene.chips.push(ChipGlyph {
            uid: o.meta.uid.clone(),
            kind: kind.row().kind,
            key: key.clone(),
            rect: Rect {
                x: 2.0 * PAD + f(col) * (CHIP_W + PAD),
                y: top + f(row) * (CHIP_H + PAD),
                w: CHIP_W,
                h: CHIP_H,
            },
        });
    }
    scene.height = top + f(chips.len().div_ceil(per_row)) * (CHIP_H + PAD) + PAD;
}

/// Lanes packed in shelves: side by side while the next fits in `room`, else on a new shelf
/// below; lanes on a shelf are drawn equally tall. Answers the bottom.
fn place_lanes(
    scene: &mut Scene,
    ctx: &Ctx<'_>,
    lanes: Vec<LanePlan<'_>>,
    (x0, y0, room): (f64, f64, f64),
) -> f64 {
    let (mut x, mut y, mut shelf_h) = (x0, y0, 0.0_f64);
    let mut shelf: Vec<usize> = Vec::new();
    let even = |scene: &mut Scene, shelf: &[usize], h: f64| {
        for &i in shelf {
            if let Some(g) = scene.groups.get_mut(i) {
                g.rect.h = h;
            }
        }
    };
    for lane in lanes {
        let w = lane_width(&lane, &ctx.d).min(room);
        if x > x0 && x + w > x0 + room + 0.5 {
            even(scene, &shelf, shelf_h);
            shelf.clear();
            y += shelf_h + LANE_GAP;
            x = x0;
            shelf_h = 0.0;
        }
        shelf.push(scene.groups.len());
        let h = place_lane(scene, ctx, lane, (x, y, w));
        shelf_h = shelf_h.max(h);
        x += w + LANE_GAP;
    }
    even(scene, &shelf, shelf_h);
    y + shelf_h
}

/// Claims no pod's place holds (each above its volume), then volumes no claim holds, in a
/// row under the lanes. Answers the bottom.
fn place_loose_storage(
    scene: &mut Scene,
    c: &Cluster,
    d: &Dims,
    placed: &BTreeSet<(&str, &str)>,
    (x0, y, room): (f64, f64, f64),
) -> f64 {
    let mut claims: Vec<_> = c
        .pvcs
        .iter()
        .filter(|(k, _)| {
            !is_system(&k.namespace) && !placed.contains(&(k.namespace.as_str(), k.name.as_str()))
        })
        .map(|(_, p)| p)
        .collect();
    claims.sort_by(|a, b| {
        a.meta
            .namespace
            .cmp(&b.meta.namespace)
            .then_with(|| natural_cmp(&a.meta.name, &b.meta.name))
    });
    // Volumes drawn already, or to be drawn under a claim of this row.
    let mut held: BTreeSet<&str> = scene.volumes.iter().map(|v| v.name.as_str()).collect();
    held.extend(
        claims
            .iter()
            .filter_map(|pvc| pvc.spec.volume_name.as_deref()),
    );
    let mut loose_volumes: Vec<_> = c
        .pvs
        .values()
        .filter(|pv| !held.contains(pv.meta.name.as_str()))
        .collect();
    if claims.is_empty() && loose_volumes.is_empty() {
        return y;
    }
    scene.storage_y = y;
    let top = y + 22.0;
    let per_row = fit_count(room + d.cell_w - d.claim_w, d.cell_w);
    let mut bottom = top;
    let mut row_bottom = top;
    let mut row_y = top;
    for (i, pvc) in claims.iter().enumerate() {
        if i > 0 && i % per_row == 0 {
            row_y = row_bottom + d.stack;
        }
        let x = x0 + f(i % per_row) * d.cell_w;
        let (end, _) = place_storage(scene, c, d, &[*pvc], (x, row_y), (None, false));
        row_bottom = row_bottom.max(end);
        bottom = bottom.max(end);
    }
    let vol_y = if claims.is_empty() { top } else { bottom };
    loose_volumes.sort_by(|a, b| natural_cmp(&a.meta.name, &b.meta.name));
    for (i, pv) in loose_volumes.iter().enumerate() {
        let rect = Rect {
            x: x0 + f(i % per_row) * d.cell_w,
            y: vol_y + f(i / per_row) * (d.claim_h + d.stack),
            w: d.claim_w,
            h: d.claim_h,
        };
        push_volume(scene, pv, rect);
        bottom = bottom.max(rect.y + rect.h + d.stack);
    }
    bottom
}

/// Bind lines (claim → its volume), and endpoint lines no lane drew (a Service above another
/// lane, or of no lane): straight.
fn other_links(scene: &mut Scene) {
    let drawn: BTreeSet<(String, String)> = scene
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Endpoint)
        .map(|l| l.ends.clone())
        .collect();
    let pods: BTreeMap<(&str, &str), &PodGlyph> = scene
        .pods
        .iter()
        .map(|p| ((p.key.namespace.as_str(), p.key.name.as_str()), &**p))
        .collect();
    let mut links = Vec::new();
    if !scene.compact {
        for svc in &scene.services {
            for name in &svc.endpoints {
                let Some(p) = pods.get(&(svc.key.namespace.as_str(), name.as_str())) else {
                    continue;
                };
                if drawn.contains(&(svc.uid.clone(), p.uid.clone())) {
                    continue;
                }
                links.push(Link {
                    id: format!("ep/{}/{}", svc.uid, p.uid),
                    kind: LinkKind::Endpoint,
                    from: svc.rect.bottom(),
                    to: p.rect.top(),
                    ends: (svc.uid.clone(), p.uid.clone()),
                    via: Vec::new(),
                });
            }
        }
    }
    let volumes: BTreeMap<&str, &VolumeGlyph> =
        scene.volumes.iter().map(|v| (v.name.as_str(), v)).collect();
    for claim in &scene.claims {
        let Some(vol) = claim.volume.as_deref().and_then(|v| volumes.get(v)) else {
            continue;
        };
        links.push(Link {
            id: format!("bind/{}/{}", claim.uid, vol.uid),
            kind: LinkKind::Bind,
            from: claim.rect.bottom(),
            to: vol.rect.top(),
            ends: (claim.uid.clone(), vol.uid.clone()),
            via: Vec::new(),
        });
    }
    scene.links.extend(links);
}

/// Builds the scene of `sim`'s cluster as it is now, laid out for `width` (clamped to
/// [`MIN_WIDTH`]..=[`MAX_WIDTH`]).
#[must_use]
pub fn build_for(sim: &Simulation, width: f64) -> Scene {
    let full = if width.is_finite() {
        width.clamp(MIN_WIDTH, MAX_WIDTH)
    } else {
        WIDTH
    };
    let c = sim.cluster();
    let n_pods = c.pods.keys().filter(|k| !is_system(&k.namespace)).count();
    let n_claims = c.pvcs.keys().filter(|k| !is_system(&k.namespace)).count();
    let compact = n_pods > COMPACT_OVER || n_claims > COMPACT_OVER;
    let d = if compact { COMPACT } else { FULL };
    let mut scene = Scene {
        compact,
        width: full,
        ..Scene::default()
    };
    let all_records = sim.dns_records();
    let mut records: BTreeMap<&Key, Vec<&dns::Record>> = BTreeMap::new();
    for r in &all_records {
        records.entry(&r.service).or_default().push(r);
    }
    let ctx = Ctx { sim, d, records };
    let mut pick = ClaimPicker {
        c,
        placed: BTreeSet::new(),
    };
    let (mut lanes, n_system) = lanes(sim, &mut pick);
    scene.n_system_pods = n_system;
    let free = assign_services(c, &mut lanes);

    // The node: its title, CoreDNS at its top right (under the title when narrow).
    let node_x = PAD;
    let node_w = full - 2.0 * PAD;
    let node_y = PAD;
    let wide = node_w >= 500.0;
    scene.coredns = Some(Rect {
        x: if wide {
            node_x + node_w - COREDNS_W - 12.0
        } else {
            node_x + 12.0
        },
        y: node_y + if wide { 6.0 } else { NODE_HEAD },
        w: COREDNS_W,
        h: COREDNS_H,
    });
    let mut y = node_y + NODE_HEAD + if wide { 4.0 } else { COREDNS_H + 8.0 };
    let (x0, room) = (node_x + 10.0, node_w - 20.0);
    if !free.is_empty() {
        y = place_services(&mut scene, c, &ctx.records, &free, (x0, y, room), 0) + PAD;
    }
    y = place_lanes(&mut scene, &ctx, lanes, (x0, y, room));
    y = place_loose_storage(&mut scene, c, &d, &pick.placed, (x0, y + GAP / 2.0, room));
    if let Some(node) = c.nodes.values().next() {
        let h = (y + 10.0 - node_y).max(NODE_HEAD + 40.0);
        scene.node = Some(NodeBox {
            name: node.meta.name.clone(),
            ip: node.ip.to_string(),
            rect: Rect {
                x: node_x,
                y: node_y,
                w: node_w,
                h,
            },
        });
        y = node_y + h;
    } else {
        scene.coredns = None;
    }
    scene.height = y + PAD;
    place_chips(&mut scene, c, full);
    other_links(&mut scene);
    scene
}
