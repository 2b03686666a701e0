//! Side by side: the seed tutorial's StatefulSet behind its headless Service (left) and its
//! Deployment behind a ClusterIP Service (right), two clusters from the same seed advanced in
//! lockstep. One action goes to both; [`Comparison::differences`] says what came out
//! differently (names, creation order, DNS answers, storage, what survived a deletion).

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::command::{Command, Outcome, Propagation};
use crate::engine::network::dns::{self, Answer};
use crate::engine::trace::Change;
use crate::engine::{ApplyMode, Config, Key, Simulation, Time, Timeline};
use crate::examples;
use crate::i18n::{Lang, Msg};
use crate::manifest::{self, objects::Kind};

use super::scene::{self, natural_cmp, Scene};
use super::why::INDEX_HTML;

/// The right side: the seed tutorial's Deployment `my-nginx-deployment` behind the ClusterIP
/// Service `my-nginx-svc`, as the tutorial applies them. Its pods have no claims: their files
/// live in the container.
pub const DEPLOYMENT_SIDE: &str = examples::DEPLOYMENT_SERVICE;

/// The left side: the seed's headless Service and StatefulSet, as the tutorial writes them.
#[must_use]
pub fn statefulset_side() -> String {
    format!(
        "{}\n---\n{}",
        examples::HEADLESS_SERVICE.trim_end(),
        examples::STATEFULSET
    )
}

/// Snapshot interval of each side's timeline (virtual ms).
pub const SNAPSHOT_MS: u64 = 10_000;
/// Replicas the action bar may ask for.
pub const MAX_REPLICAS: i32 = 12;
/// Narrowest a side is drawn before the two stack (CSS pixels; `.compare-sides` agrees).
pub const SIDE_MIN_PX: f64 = 320.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

impl Side {
    /// The kind of the side's workload.
    #[must_use]
    pub fn kind(self) -> Kind {
        match self {
            Side::Left => Kind::StatefulSet,
            Side::Right => Kind::Deployment,
        }
    }

    /// The name of the side's workload, as its manifest writes it.
    #[must_use]
    pub fn workload(self) -> &'static str {
        match self {
            Side::Left => "web",
            Side::Right => "my-nginx-deployment",
        }
    }

    /// The name of the Service in front of the side's pods.
    #[must_use]
    pub fn service(self) -> &'static str {
        match self {
            Side::Left => "nginx",
            Side::Right => "my-nginx-svc",
        }
    }
}

/// One action of the shared bar.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareAction {
    Scale(i32),
    /// The k-th pod (by ordinal on the left, by age on the right).
    DeletePod(usize),
    /// Writes `text` into the k-th pod's `index.html`.
    WriteFile(usize, String),
    /// `n` requests to the side's Service ([`Side::service`]) from the first pod whose
    /// container runs.
    Traffic(u32),
    Restart,
}

/// A pod deleted by the bar, to say later what took its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    pub name: String,
    pub uid: String,
    /// The uid of the controller that owned it (the StatefulSet, or the Deployment's
    /// ReplicaSet): the one that makes its replacement.
    pub owner: Option<String>,
    /// Its `index.html`, when it had one.
    pub file: Option<String>,
    /// The uids of every pod of the side when it was deleted: none of them is its replacement.
    pub before: BTreeSet<String>,
}

/// The pod a controller created in place of a deleted one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub name: String,
    pub uid: String,
    pub created: Time,
}

/// The last "Delete pod #k": when, and what it deleted on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    pub index: usize,
    pub at: Time,
    pub left: Option<Gone>,
    pub right: Option<Gone>,
}

impl Deleted {
    #[must_use]
    pub fn side(&self, side: Side) -> Option<&Gone> {
        match side {
            Side::Left => self.left.as_ref(),
            Side::Right => self.right.as_ref(),
        }
    }
}

/// One row of the differences table.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub topic: Msg,
    pub left: Msg,
    pub right: Msg,
}

#[derive(Debug, Clone)]
pub struct Comparison {
    pub left: Timeline,
    pub right: Timeline,
    pub deleted: Option<Deleted>,
    /// Requests answered per pod, per side.
    pub hits: [BTreeMap<String, u64>; 2],
}

fn raw(s: impl Into<String>) -> Msg {
    Msg::new("vm.raw").text(s)
}

fn apply_text(tl: &mut Timeline, text: &str) {
    let analysis = manifest::analyze(text);
    let objects = analysis
        .objects
        .into_iter()
        .filter(|o| o.n_errors == 0)
        .map(|o| o.resource)
        .collect();
    tl.exec(Command::Apply {
        objects,
        mode: ApplyMode::Apply,
    });
}

impl Comparison {
    /// Both clusters booted from `seed` with their manifests applied at the same moment.
    #[must_use]
    pub fn new(seed: u64) -> Comparison {
        let mut left = Timeline::new(Config::minikube(seed), SNAPSHOT_MS);
        let mut right = Timeline::new(Config::minikube(seed), SNAPSHOT_MS);
        apply_text(&mut left, &statefulset_side());
        apply_text(&mut right, DEPLOYMENT_SIDE);
        Comparison {
            left,
            right,
            deleted: None,
            hits: [BTreeMap::new(), BTreeMap::new()],
        }
    }

    #[must_use]
    pub fn now(&self) -> Time {
        self.left.now()
    }

    /// Both sides to virtual time `t`.
    pub fn advance_to(&mut self, t: Time) {
        self.left.advance_to(t);
        self.right.advance_to(t);
    }

    /// Whether either side has anything scheduled (a step would run it).
    #[must_use]
    pub fn has_next_event(&self) -> bool {
        self.next_event_time().is_some()
    }

    fn next_event_time(&self) -> Option<Time> {
        [self.left.sim(), self.right.sim()]
            .iter()
            .filter_map(|s| s.next_event_time())
            .min()
    }

    /// Both sides to the next event of either; false when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        match self.next_event_time() {
            Some(t) => {
                self.advance_to(t);
                true
            }
            None => false,
        }
    }

    /// Both sides back to `t`, for good (a new action from an earlier moment).
    pub fn rewind_to(&mut self, t: Time) {
        self.left.rewind_to(t);
        self.right.rewind_to(t);
        if self.deleted.as_ref().is_some_and(|d| d.at > t) {
            self.deleted = None;
        }
    }

    /// The pods of one side in the order the bar counts them: a StatefulSet's by ordinal, a
    /// Deployment's by age then name. Pods on their way out are not counted.
    #[must_use]
    pub fn pods(sim: &Simulation) -> Vec<String> {
        let mut pods: Vec<_> = sim
            .cluster()
            .pods
            .values()
            .filter(|p| p.meta.namespace == "default" && p.meta.deleting.is_none())
            .collect();
        pods.sort_by(|a, b| {
            let sts = |p: &crate::engine::cluster::Pod| {
                p.meta
                    .controller()
                    .is_some_and(|o| o.kind == Kind::StatefulSet)
            };
            if sts(a) && sts(b) {
                natural_cmp(&a.meta.name, &b.meta.name)
            } else {
                a.meta
                    .created
                    .cmp(&b.meta.created)
                    .then_with(|| natural_cmp(&a.meta.name, &b.meta.name))
            }
        });
        pods.into_iter().map(|p| p.meta.name.clone()).collect()
    }

    fn side(&mut self, side: Side) -> &mut Timeline {
        match side {
            Side::Left => &mut self.left,
            Side::Right => &mut self.right,
        }
    }

    /// Carries out `action` on both sides; returns a note per side when it could not be done
    /// there (no pod #k yet).
    pub fn act(&mut self, action: &CompareAction) -> Vec<(Side, Msg)> {
        if let CompareAction::DeletePod(k) = action {
            let left = gone(self.left.sim(), *k);
            let right = gone(self.right.sim(), *k);
            if left.is_some() || right.is_some() {
                self.deleted = Some(Deleted {
                    index: *k,
                    at: self.now(),
                    left,
                    right,
                });
            }
        }
        let mut notes = Vec::new();
        for side in [Side::Left, Side::Right] {
            let Some(cmd) = command(self.side(side).sim(), side, action) else {
                let k = match action {
                    CompareAction::DeletePod(k) | CompareAction::WriteFile(k, _) => *k,
                    _ => 0,
                };
                notes.push((side, Msg::new("vm.cmp.nopod").text(format!("#{k}"))));
                continue;
            };
            match self.side(side).exec(cmd) {
                Outcome::Responses(rs) => {
                    let i = usize::from(side == Side::Right);
                    for r in rs {
                        if let Some(pod) = r.pod {
                            *self.hits[i].entry(pod).or_insert(0) += 1;
                        }
                    }
                }
                Outcome::Failed(e) => notes.push((side, raw(e.message()))),
                Outcome::FileFailed(e) => notes.push((side, raw(e.message()))),
                _ => {}
            }
        }
        notes
    }

    /// The pod the controller created in place of the one the last "Delete pod #k" deleted on
    /// `side`, once there is one.
    #[must_use]
    pub fn replacement(&self, side: Side) -> Option<Replacement> {
        let d = self.deleted.as_ref()?;
        let sim = match side {
            Side::Left => self.left.sim(),
            Side::Right => self.right.sim(),
        };
        replacement(sim, d.side(side)?, d.at)
    }

    /// What differs between the sides now.
    #[must_use]
    pub fn differences(&self) -> Vec<Difference> {
        let (l, r) = (self.left.sim(), self.right.sim());
        let (sl, sr) = (Side::Left.service(), Side::Right.service());
        let mut out = vec![
            Difference {
                topic: Msg::new("vm.cmp.names"),
                left: names(l),
                right: names(r),
            },
            Difference {
                topic: Msg::new("vm.cmp.order"),
                left: order(l),
                right: order(r),
            },
            Difference {
                topic: Msg::new("vm.cmp.dns"),
                left: answer(l, sl),
                right: answer(r, sr),
            },
        ];
        let first_left = Self::pods(l).into_iter().next();
        let first_right = Self::pods(r).into_iter().next();
        if let (Some(fl), Some(fr)) = (first_left, first_right) {
            out.push(Difference {
                topic: Msg::new("vm.cmp.dns.pod"),
                left: answer(l, &format!("{fl}.{sl}")),
                right: answer(r, &format!("{fr}.{sr}")),
            });
        }
        out.push(Difference {
            topic: Msg::new("vm.cmp.storage"),
            left: storage(l),
            right: storage(r),
        });
        if let Some(d) = &self.deleted {
            out.push(Difference {
                topic: Msg::new("vm.cmp.survived").text(format!("#{}", d.index)),
                left: survived(l, d, Side::Left),
                right: survived(r, d, Side::Right),
            });
        }
        out.push(Difference {
            topic: Msg::new("vm.cmp.traffic"),
            left: hits(&self.hits[0]),
            right: hits(&self.hits[1]),
        });
        out
    }
}

/// Pod #k of a side as it is deleted, and every pod the side has at that moment.
fn gone(sim: &Simulation, k: usize) -> Option<Gone> {
    let name = Comparison::pods(sim).into_iter().nth(k)?;
    let key = Key::new("default", &name);
    let pod = sim.cluster().pods.get(&key)?;
    Some(Gone {
        uid: pod.meta.uid.clone(),
        owner: pod.meta.controller().map(|o| o.uid.clone()),
        file: sim.read_file(&key, INDEX_HTML).ok(),
        before: sim
            .cluster()
            .pods
            .values()
            .filter(|p| p.meta.namespace == "default")
            .map(|p| p.meta.uid.clone())
            .collect(),
        name,
    })
}

/// The first pod of `gone`'s controller created at or after `at` that was not there when
/// `gone` was deleted (a pod keeps its uid for life, so an old pod can never be taken for the
/// new one, not even a StatefulSet's, which comes back under the same name).
#[must_use]
pub fn replacement(sim: &Simulation, gone: &Gone, at: Time) -> Option<Replacement> {
    sim.cluster()
        .pods
        .values()
        .filter(|p| {
            p.meta.namespace == "default"
                && p.meta.created >= at
                && !gone.before.contains(&p.meta.uid)
                && (gone.owner.is_none()
                    || p.meta.controller().map(|o| &o.uid) == gone.owner.as_ref())
        })
        .min_by(|a, b| {
            a.meta
                .created
                .cmp(&b.meta.created)
                .then_with(|| natural_cmp(&a.meta.name, &b.meta.name))
        })
        .map(|p| Replacement {
            name: p.meta.name.clone(),
            uid: p.meta.uid.clone(),
            created: p.meta.created,
        })
}

/// The command `action` is on `side`, or none when the side has no pod #k.
fn command(sim: &Simulation, side: Side, action: &CompareAction) -> Option<Command> {
    let workload = Key::new("default", side.workload());
    let pods = Comparison::pods(sim);
    let pod_k = |k: usize| pods.get(k).map(|n| Key::new("default", n));
    Some(match action {
        CompareAction::Scale(n) => Command::Scale {
            kind: side.kind(),
            key: workload,
            replicas: (*n).clamp(0, MAX_REPLICAS),
        },
        CompareAction::Restart => Command::RolloutRestart {
            kind: side.kind(),
            key: workload,
        },
        CompareAction::DeletePod(k) => Command::Delete {
            kind: Kind::Pod,
            key: pod_k(*k)?,
            propagation: Propagation::Background,
            grace_s: None,
            force: false,
        },
        CompareAction::WriteFile(k, text) => Command::WriteFile {
            pod: pod_k(*k)?,
            path: INDEX_HTML.into(),
            content: format!("{text}\n"),
            append: false,
        },
        // Requests go out from the first pod whose container runs.
        CompareAction::Traffic(n) => Command::Request {
            from: pods.iter().map(|n| Key::new("default", n)).find(|k| {
                sim.cluster()
                    .pods
                    .get(k)
                    .is_some_and(crate::engine::cluster::Pod::container_running)
            })?,
            target: side.service().into(),
            port: None,
            path: "/".into(),
            count: (*n).clamp(1, 100),
        },
    })
}

/// A file's first line that has text, as plain text (no control characters), at most
/// [`FIRST_LINE_CHARS`] characters: what the table shows of a file.
#[must_use]
pub fn first_line(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    let Some(line) = line else {
        return "-".into();
    };
    let clean: String = line.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > FIRST_LINE_CHARS {
        let mut cut: String = clean.chars().take(FIRST_LINE_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        clean
    }
}

/// The most of a file's first line the table shows.
pub const FIRST_LINE_CHARS: usize = 60;

fn names(sim: &Simulation) -> Msg {
    let pods = Comparison::pods(sim);
    if pods.is_empty() {
        Msg::new("vm.cmp.none")
    } else {
        raw(pods.join(", "))
    }
}

/// Pod creations (from the trace), with seconds after the first.
fn order(sim: &Simulation) -> Msg {
    let created: Vec<(Time, String)> = sim
        .trace()
        .iter()
        .filter(|e| {
            e.change == Change::Created
                && e.object.kind == Kind::Pod
                && e.object.key.namespace == "default"
        })
        .map(|e| (e.time, e.object.key.name.clone()))
        .collect();
    let Some((t0, _)) = created.first() else {
        return Msg::new("vm.cmp.none");
    };
    let t0 = *t0;
    let parts: Vec<String> = created
        .iter()
        .take(8)
        .map(|(t, n)| {
            #[allow(clippy::cast_precision_loss)]
            let s = t.ms().saturating_sub(t0.ms()) as f64 / 1000.0;
            format!("{n} +{s:.1}s")
        })
        .collect();
    raw(parts.join(" → "))
}

fn answer(sim: &Simulation, name: &str) -> Msg {
    let res = dns::resolve(sim.cluster(), "default", name);
    match res.answer {
        Some((fqdn, Answer::A(ips))) => raw(format!(
            "{fqdn} → {}",
            ips.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Some((fqdn, Answer::Cname(c))) => raw(format!("{fqdn} → {c}")),
        _ => Msg::new("vm.cmp.nxdomain").text(name),
    }
}

fn storage(sim: &Simulation) -> Msg {
    let claims: Vec<String> = sim
        .cluster()
        .pvcs
        .values()
        .filter(|c| c.meta.namespace == "default")
        .map(|c| format!("{} ({})", c.meta.name, c.phase.name()))
        .collect();
    if claims.is_empty() {
        Msg::new("vm.cmp.nostorage")
    } else {
        raw(claims.join(", "))
    }
}

/// What took the place of the pod deleted on `side`: its replacement (by uid, see
/// [`replacement`]), whether it has the old name and the old file, and that file's first line.
fn survived(sim: &Simulation, d: &Deleted, side: Side) -> Msg {
    let Some(gone) = d.side(side) else {
        return Msg::new("vm.cmp.nopod").text(format!("#{}", d.index));
    };
    let Some(new) = replacement(sim, gone, d.at) else {
        return Msg::new("vm.cmp.survived.waiting").text(&gone.name);
    };
    let file = sim
        .read_file(&Key::new("default", &new.name), INDEX_HTML)
        .ok();
    let same_name = new.name == gone.name;
    let same_file = file.is_some() && file == gone.file;
    Msg::new(match (same_name, same_file) {
        (true, true) => "vm.cmp.survived.both",
        (true, false) => "vm.cmp.survived.name",
        (false, true) => "vm.cmp.survived.file",
        (false, false) => "vm.cmp.survived.none",
    })
    .text(&gone.name)
    .text(&new.name)
    .text(file.as_deref().map_or_else(|| "-".into(), first_line))
}

fn hits(h: &BTreeMap<String, u64>) -> Msg {
    if h.is_empty() {
        return Msg::new("vm.cmp.none");
    }
    raw(h
        .iter()
        .map(|(p, n)| format!("{p}: {n}"))
        .collect::<Vec<_>>()
        .join(", "))
}

/// One row of the differences table, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    /// The topic's message id (`vm.cmp.names`, …): a stable key for the row.
    pub topic_id: &'static str,
    pub topic: String,
    pub left: String,
    pub right: String,
}

/// Everything the side-by-side view draws.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareView {
    /// The StatefulSet side's scene, laid out for [`CompareView::side_width`].
    pub left: Scene,
    /// The Deployment side's scene.
    pub right: Scene,
    /// The width each side is laid out for (CSS pixels).
    pub side_width: f64,
    /// The two sides are drawn next to each other (else one above the other): the page's
    /// `.compare-sides.side-by-side`.
    pub side_by_side: bool,
    /// Pods on the fuller side (the bar's pod number goes up to one less).
    pub n_pods: usize,
    /// What differs between the sides at the present.
    pub differences: Vec<DiffRow>,
    /// The pods that took the place of the last deleted ones (StatefulSet side, Deployment
    /// side), once created.
    pub replacements: [Option<Replacement>; 2],
}

/// The width of one side when the view is `full` pixels wide: half of it (less the gap) when
/// both fit side by side, else all of it, one above the other.
#[must_use]
pub fn side_width(full: f64) -> f64 {
    if side_by_side(full) {
        (full - 12.0) / 2.0
    } else {
        full - 2.0
    }
    .max(scene::MIN_WIDTH)
}

/// Whether both sides fit next to each other in `full` pixels.
#[must_use]
pub fn side_by_side(full: f64) -> bool {
    full >= 2.0 * SIDE_MIN_PX + 10.0
}

/// The side-by-side view of `cmp`, its two sides as shown (the present, or a moment scrubbed
/// to) drawn `full_width` wide in all; the differences are those of the present.
#[must_use]
pub fn compare_view(
    cmp: &Comparison,
    shown: (&Simulation, &Simulation),
    full_width: f64,
    lang: Lang,
) -> CompareView {
    let (left, right) = shown;
    let width = side_width(full_width);
    CompareView {
        left: scene::build_for(left, width),
        right: scene::build_for(right, width),
        side_width: width,
        side_by_side: side_by_side(full_width),
        n_pods: Comparison::pods(left)
            .len()
            .max(Comparison::pods(right).len()),
        differences: cmp
            .differences()
            .iter()
            .map(|d| DiffRow {
                topic_id: d.topic.id,
                topic: d.topic.render(lang),
                left: d.left.render(lang),
                right: d.right.render(lang),
            })
            .collect(),
        replacements: [cmp.replacement(Side::Left), cmp.replacement(Side::Right)],
    }
}

/// The notes of [`Comparison::act`], each led by the side it is about.
#[must_use]
pub fn render_notes(notes: &[(Side, Msg)], lang: Lang) -> Vec<String> {
    notes
        .iter()
        .map(|(side, m)| {
            let s = match side {
                Side::Left => "StatefulSet",
                Side::Right => "Deployment",
            };
            format!("{s}: {}", m.render(lang))
        })
        .collect()
}
