//! The drawable picture of one moment of the cluster: every glyph with its place, state and
//! label, and the links between them. Built from a [`Simulation`] alone, so two builds of the same
//! state are equal, and a test can ask where web-1 is drawn and what colour it has.
//!
//! Layout, top to bottom: the Services; the node with its pods, one group per controller
//! (a StatefulSet's pods in ordinal slots, a Deployment's under each ReplicaSet); then storage,
//! claims above the volumes bound to them.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::engine::cluster::{ClaimPhase, Pod, VolumePhase};
use crate::engine::lifecycle::Stage;
use crate::engine::{Key, ObjRef, Simulation};
use crate::i18n::Msg;
use crate::manifest::objects::Kind;

/// The scene's default width in SVG user units (the height follows from the content); the
/// page lays the scene out for the width it has, between [`MIN_WIDTH`] and [`MAX_WIDTH`].
pub const WIDTH: f64 = 960.0;
pub const MIN_WIDTH: f64 = 300.0;
pub const MAX_WIDTH: f64 = 2400.0;
pub const PAD: f64 = 16.0;
pub const SERVICE_W: f64 = 210.0;
pub const SERVICE_H: f64 = 58.0;
pub const POD_W: f64 = 104.0;
pub const POD_H: f64 = 62.0;
pub const CELL_W: f64 = 114.0;
pub const CELL_H: f64 = 74.0;
pub const GROUP_HEAD: f64 = 26.0;
/// The line under a group's title that says why its controller waits.
pub const WAIT_LINE: f64 = 18.0;
pub const NODE_HEAD: f64 = 30.0;
pub const CLAIM_W: f64 = 104.0;
pub const CLAIM_H: f64 = 40.0;
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
    ReplicaSet,
    /// Pods without a controller (`kubectl run`).
    Bare,
}

/// A controller's pods, boxed together inside the node.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupBox {
    pub id: String,
    pub kind: GroupKind,
    pub key: Key,
    /// The Deployment that owns the ReplicaSet.
    pub deployment: Option<String>,
    /// Pods wanted, pods present.
    pub replicas: (i32, usize),
    pub rect: Rect,
    /// Why the controller is holding back (a StatefulSet waiting for its previous pod).
    pub wait: Option<Msg>,
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
    /// probability, IPVS turn, session affinity).
    pub rule: Rect,
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
    /// Where the storage rows start (their heading).
    pub storage_y: f64,
    /// Objects of the stored kinds a learner applied (ServiceAccounts `default` left out).
    pub chips: Vec<ChipGlyph>,
    /// Where the chips' row starts (its heading).
    pub chips_y: f64,
    /// Drawn with compact glyphs ([`COMPACT`]).
    pub compact: bool,
    /// Where CoreDNS is drawn, the place a DNS question travels to.
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
}

pub const FULL: Dims = Dims {
    pod_w: POD_W,
    pod_h: POD_H,
    cell_w: CELL_W,
    cell_h: CELL_H,
    claim_w: CLAIM_W,
    claim_h: CLAIM_H,
};

pub const COMPACT: Dims = Dims {
    pod_w: 30.0,
    pod_h: 22.0,
    cell_w: 36.0,
    cell_h: 28.0,
    claim_w: 30.0,
    claim_h: 16.0,
};

/// More pods (or claims) than this and the scene is drawn compact.
pub const COMPACT_OVER: usize = 64;

/// Pods per row inside the node of a scene `width` wide, with full glyphs.
#[must_use]
pub fn columns(width: f64) -> usize {
    columns_for(width, &FULL)
}

fn columns_for(width: f64, d: &Dims) -> usize {
    // The node box is inset by PAD on each side and its groups by another PAD.
    let inner = width - 4.0 * PAD;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = (inner / d.cell_w).floor() as usize;
    n.max(1)
}

#[allow(clippy::cast_precision_loss)]
fn f(n: usize) -> f64 {
    n as f64
}

/// One group being laid out: its pods in slot order (`None` = an empty StatefulSet slot).
struct Pending<'a> {
    group: GroupBox,
    /// The ordinal of the first slot (a StatefulSet's `.spec.ordinals.start`).
    start: i32,
    slots: Vec<Option<&'a Pod>>,
}

/// Builds the scene of `sim`'s cluster as it is now, [`WIDTH`] wide.
#[must_use]
pub fn build(sim: &Simulation) -> Scene {
    build_for(sim, WIDTH)
}

/// A chip's size.
pub const CHIP_W: f64 = 210.0;
pub const CHIP_H: f64 = 40.0;

/// The stored objects as chips in rows under the rest, in kind-table order then by key.
fn place_chips(scene: &mut Scene, c: &crate::engine::Cluster, full: f64) {
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
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let per_row = (((full - 2.0 * PAD) / (CHIP_W + PAD)).floor() as usize).max(1);
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

/// Builds the scene of `sim`'s cluster as it is now, laid out for `width` (clamped to
/// [`MIN_WIDTH`]..=[`MAX_WIDTH`]).
#[must_use]
#[allow(clippy::too_many_lines)]
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

    // Services: one row (wrapping) at the top.
    let per_row = {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = ((full - PAD) / (SERVICE_W + PAD)).floor() as usize;
        n.max(1)
    };
    let user_services: Vec<_> = c
        .services
        .values()
        .filter(|s| !is_system(&s.meta.namespace) && s.meta.name != "kubernetes")
        .collect();
    for (i, svc) in user_services.iter().enumerate() {
        let (row, col) = (i / per_row, i % per_row);
        let rect = Rect {
            x: PAD + f(col) * (SERVICE_W + PAD),
            y: PAD + f(row) * (SERVICE_H + PAD),
            w: SERVICE_W,
            h: SERVICE_H,
        };
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
        scene.services.push(ServiceGlyph {
            uid: svc.meta.uid.clone(),
            key,
            cluster_ip: svc.cluster_ip().map(|ip| ip.to_string()),
            ports,
            endpoints,
            rect,
            records: Vec::new(),
            rule: rect,
        });
    }
    let services_h = if user_services.is_empty() {
        0.0
    } else {
        f(user_services.len().div_ceil(per_row)) * (SERVICE_H + PAD)
    };

    // Groups of pods.
    let mut pendings: Vec<Pending<'_>> = Vec::new();
    // The pods some controller's box holds (by UID); the rest are drawn as bare pods.
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for sts in c.stateful_sets.values() {
        if is_system(&sts.meta.namespace) {
            continue;
        }
        let start = sts.start_ordinal();
        let by_ordinal = c.sts_ordinals().get(&sts.meta.uid);
        let max_present = by_ordinal
            .and_then(|m| m.keys().next_back().copied())
            .unwrap_or(start - 1);
        let n_slots = usize::try_from((sts.replicas() + start).max(max_present + 1) - start)
            .unwrap_or(0)
            .min(MAX_SLOTS);
        let mut slots: Vec<Option<&Pod>> = vec![None; n_slots];
        let mut n_present = 0;
        if let Some(m) = by_ordinal {
            for (ordinal, key) in m {
                let Some(pod) = c.pods.get(key) else { continue };
                seen.insert(pod.meta.uid.as_str());
                n_present += 1;
                if let Some(slot) = usize::try_from(ordinal - start)
                    .ok()
                    .and_then(|i| slots.get_mut(i))
                {
                    *slot = Some(pod);
                }
            }
        }
        let set_ref = ObjRef::new(Kind::StatefulSet, &sts.meta.key());
        let settled = n_present == usize::try_from(sts.replicas()).unwrap_or(0)
            && slots.iter().all(|p| p.is_some_and(|p| p.is_ready()));
        let wait = if settled {
            None
        } else {
            sim.waits().get(&set_ref).cloned()
        };
        pendings.push(Pending {
            group: GroupBox {
                id: format!("sts/{}", sts.meta.uid),
                kind: GroupKind::StatefulSet,
                key: sts.meta.key(),
                deployment: None,
                replicas: (sts.replicas(), n_present),
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                },
                wait,
            },
            start,
            slots,
        });
    }
    // ReplicaSets, newest Deployment revision first within a Deployment.
    let mut sets: Vec<_> = c
        .replica_sets
        .values()
        .filter(|rs| !is_system(&rs.meta.namespace))
        .collect();
    sets.sort_by(|a, b| {
        let da = a.meta.controller().map(|o| o.name.clone());
        let db = b.meta.controller().map(|o| o.name.clone());
        (
            a.meta.namespace.as_str(),
            da,
            std::cmp::Reverse(a.revision()),
            &a.meta.name,
        )
            .cmp(&(
                b.meta.namespace.as_str(),
                db,
                std::cmp::Reverse(b.revision()),
                &b.meta.name,
            ))
    });
    for rs in sets {
        let mut pods: Vec<&Pod> = c.pods_of(&rs.meta.uid).collect();
        if pods.is_empty() && rs.replicas() == 0 {
            continue; // an old revision kept for rollback: nothing to draw
        }
        pods.sort_by(|a, b| {
            a.meta
                .created
                .cmp(&b.meta.created)
                .then_with(|| natural_cmp(&a.meta.name, &b.meta.name))
        });
        seen.extend(pods.iter().map(|p| p.meta.uid.as_str()));
        let n = pods.len();
        pendings.push(Pending {
            group: GroupBox {
                id: format!("rs/{}", rs.meta.uid),
                kind: GroupKind::ReplicaSet,
                key: rs.meta.key(),
                deployment: rs
                    .meta
                    .controller()
                    .filter(|o| o.kind == Kind::Deployment)
                    .map(|o| o.name.clone()),
                replicas: (rs.replicas(), n),
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                },
                wait: None,
            },
            start: 0,
            slots: pods.into_iter().map(Some).collect(),
        });
    }
    let mut bare: Vec<&Pod> = Vec::new();
    for (key, pod) in &c.pods {
        if is_system(&key.namespace) {
            scene.n_system_pods += 1;
        } else if !seen.contains(pod.meta.uid.as_str()) {
            bare.push(pod);
        }
    }
    if !bare.is_empty() {
        let n = bare.len();
        pendings.push(Pending {
            group: GroupBox {
                id: "bare".into(),
                kind: GroupKind::Bare,
                key: Key::default(),
                deployment: None,
                replicas: (i32::try_from(n).unwrap_or(i32::MAX), n),
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                },
                wait: None,
            },
            start: 0,
            slots: bare.into_iter().map(Some).collect(),
        });
    }

    // The node box around the groups.
    let cols = columns_for(full, &d);
    let node_y = PAD + services_h + if services_h > 0.0 { GAP - PAD } else { 0.0 };
    let mut y = node_y + NODE_HEAD;
    for pending in &mut pendings {
        let rows = pending.slots.len().div_ceil(cols).max(1);
        // A waiting controller says why on a line of its own under the title.
        let head = GROUP_HEAD
            + if pending.group.wait.is_some() {
                WAIT_LINE
            } else {
                0.0
            };
        let h = head + f(rows) * d.cell_h;
        pending.group.rect = Rect {
            x: 2.0 * PAD,
            y,
            w: full - 4.0 * PAD,
            h,
        };
        for (i, pod) in pending.slots.iter().enumerate() {
            let rect = Rect {
                x: 2.0 * PAD + 5.0 + f(i % cols) * d.cell_w,
                y: y + head + f(i / cols) * d.cell_h + 4.0,
                w: d.pod_w,
                h: d.pod_h,
            };
            let Some(pod) = pod else {
                // An ordinal the StatefulSet wants but has not created (yet).
                let ordinal = i32::try_from(i)
                    .unwrap_or(i32::MAX)
                    .saturating_add(pending.start);
                scene.slots.push(Slot {
                    name: format!("{}-{ordinal}", pending.group.key.name),
                    rect,
                });
                continue;
            };
            let n_containers = pod.spec.containers.len();
            let ready = if pod.is_ready() { n_containers } else { 0 };
            scene.pods.push(Rc::new(PodGlyph {
                uid: pod.meta.uid.clone(),
                key: pod.meta.key(),
                state: PodState::of(pod),
                ready: (ready, n_containers),
                ip: pod.status.ip.map(|ip| ip.to_string()),
                ordinal: (pending.group.kind == GroupKind::StatefulSet)
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
                dns_name: None,
                reason: None,
                badge: rect,
            }));
        }
        y += h + 8.0;
    }
    if let Some(node) = c.nodes.values().next() {
        let h = (y - node_y).max(NODE_HEAD + 40.0);
        scene.node = Some(NodeBox {
            name: node.meta.name.clone(),
            ip: node.ip.to_string(),
            rect: Rect {
                x: PAD,
                y: node_y,
                w: full - 2.0 * PAD,
                h,
            },
        });
        y = node_y + h;
    }
    scene.groups = pendings.into_iter().map(|p| p.group).collect();

    // Storage: claims in name order, each volume under its claim.
    scene.storage_y = y + GAP / 2.0;
    let storage_cols = cols;
    let mut claims: Vec<_> = c
        .pvcs
        .values()
        .filter(|p| !is_system(&p.meta.namespace))
        .collect();
    claims.sort_by(|a, b| {
        a.meta
            .namespace
            .cmp(&b.meta.namespace)
            .then_with(|| natural_cmp(&a.meta.name, &b.meta.name))
    });
    let claims_y = scene.storage_y + 22.0;
    let claim_rows = claims.len().div_ceil(storage_cols);
    let mut vol_slot: BTreeMap<String, Rect> = BTreeMap::new();
    // Which pod mounts each claim, found once (not by a search of every pod per claim).
    let mut mounted_by: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for p in c.pods.values() {
        for claim in p.claim_names() {
            mounted_by
                .entry((p.meta.namespace.as_str(), claim))
                .or_insert(p.meta.name.as_str());
        }
    }
    for (i, pvc) in claims.iter().enumerate() {
        let (row, col) = (i / storage_cols, i % storage_cols);
        let rect = Rect {
            x: 2.0 * PAD + 5.0 + f(col) * d.cell_w,
            y: claims_y + f(row) * (2.0 * d.claim_h + GAP),
            w: d.claim_w,
            h: d.claim_h,
        };
        let volume = pvc.spec.volume_name.clone().filter(|v| !v.is_empty());
        if let Some(v) = &volume {
            vol_slot.insert(
                v.clone(),
                Rect {
                    y: rect.y + d.claim_h + GAP / 2.0 - 4.0,
                    ..rect
                },
            );
        }
        let key = pvc.meta.key();
        let pod = mounted_by
            .get(&(key.namespace.as_str(), key.name.as_str()))
            .map(|name| (*name).to_string());
        scene.claims.push(ClaimGlyph {
            uid: pvc.meta.uid.clone(),
            key,
            phase: pvc.phase,
            volume,
            request: pvc.request(),
            pod,
            rect,
            first_line: None,
            waiting: false,
        });
    }
    let mut extra = 0usize;
    let bottom_claims = claims_y + f(claim_rows) * (2.0 * d.claim_h + GAP);
    for pv in c.pvs.values() {
        let rect = if let Some(r) = vol_slot.get(&pv.meta.name) {
            *r
        } else {
            let (row, col) = (extra / storage_cols, extra % storage_cols);
            extra += 1;
            Rect {
                x: 2.0 * PAD + 5.0 + f(col) * d.cell_w,
                y: bottom_claims + f(row) * (d.claim_h + PAD),
                w: d.claim_w,
                h: d.claim_h,
            }
        };
        scene.volumes.push(VolumeGlyph {
            uid: pv.meta.uid.clone(),
            name: pv.meta.name.clone(),
            phase: pv.phase,
            capacity: pv.capacity.clone(),
            claim: pv.claim.as_ref().map(|c| c.name.clone()),
            rect,
        });
    }
    let storage_bottom = bottom_claims + f(extra.div_ceil(storage_cols)) * (d.claim_h + PAD);
    scene.height = if claims.is_empty() && c.pvs.is_empty() {
        y + PAD
    } else {
        storage_bottom + PAD
    };
    place_chips(&mut scene, c, full);

    // Links.
    let pod_rect: BTreeMap<(&str, &str), (&str, Rect)> = scene
        .pods
        .iter()
        .map(|p| {
            (
                (p.key.namespace.as_str(), p.key.name.as_str()),
                (p.uid.as_str(), p.rect),
            )
        })
        .collect();
    let volume_of: BTreeMap<&str, &VolumeGlyph> =
        scene.volumes.iter().map(|v| (v.name.as_str(), v)).collect();
    let mut links = Vec::new();
    for svc in scene.services.iter().filter(|_| scene.compact) {
        // Compact: one line from the Service to each group holding endpoints of it (hundreds
        // of lines to tiles would hide the tiles).
        let eps: BTreeSet<&str> = svc.endpoints.iter().map(String::as_str).collect();
        for g in &scene.groups {
            let holds = scene.pods.iter().any(|p| {
                p.key.namespace == svc.key.namespace
                    && eps.contains(p.key.name.as_str())
                    && p.rect.y >= g.rect.y
                    && p.rect.y < g.rect.y + g.rect.h
            });
            if holds {
                links.push(Link {
                    id: format!("ep/{}/{}", svc.uid, g.id),
                    kind: LinkKind::Endpoint,
                    from: svc.rect.bottom(),
                    to: g.rect.top(),
                    ends: (svc.uid.clone(), g.id.clone()),
                });
            }
        }
    }
    for svc in scene.services.iter().filter(|_| !scene.compact) {
        for name in &svc.endpoints {
            if let Some((uid, r)) = pod_rect.get(&(svc.key.namespace.as_str(), name.as_str())) {
                links.push(Link {
                    id: format!("ep/{}/{uid}", svc.uid),
                    kind: LinkKind::Endpoint,
                    from: svc.rect.bottom(),
                    to: r.top(),
                    ends: (svc.uid.clone(), (*uid).to_string()),
                });
            }
        }
    }
    for claim in &scene.claims {
        if let Some(pod) = &claim.pod {
            if let Some((uid, r)) = pod_rect.get(&(claim.key.namespace.as_str(), pod.as_str())) {
                links.push(Link {
                    id: format!("mount/{uid}/{}", claim.uid),
                    kind: LinkKind::Mount,
                    from: r.bottom(),
                    to: claim.rect.top(),
                    ends: ((*uid).to_string(), claim.uid.clone()),
                });
            }
        }
        if let Some(v) = &claim.volume {
            if let Some(vol) = volume_of.get(v.as_str()) {
                links.push(Link {
                    id: format!("bind/{}/{}", claim.uid, vol.uid),
                    kind: LinkKind::Bind,
                    from: claim.rect.bottom(),
                    to: vol.rect.top(),
                    ends: (claim.uid.clone(), vol.uid.clone()),
                });
            }
        }
    }
    scene.links = links;
    scene
}
