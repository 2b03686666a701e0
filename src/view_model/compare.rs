//! Side by side: one pod template run as a StatefulSet behind a headless Service (left) and as
//! a Deployment behind a ClusterIP Service (right), two clusters from the same seed advanced in
//! lockstep. One action goes to both; [`Comparison::differences`] says what came out
//! differently (names, creation order, DNS answers, storage, what survived a deletion).

use std::collections::BTreeMap;

use crate::engine::command::{Command, Outcome, Propagation};
use crate::engine::network::dns::{self, Answer};
use crate::engine::trace::Change;
use crate::engine::{ApplyMode, Config, Key, Simulation, Time, Timeline};
use crate::examples;
use crate::i18n::{Lang, Msg};
use crate::manifest::{self, objects::Kind};

use super::scene::{self, natural_cmp, Scene};
use super::why::INDEX_HTML;

/// The right side: the seed StatefulSet's pod template (labels, container, port) as a
/// Deployment, behind a ClusterIP Service of the same name. A Deployment has no claim
/// templates, so the template's volume mount of `www` is left out: its pods keep files in the
/// container.
pub const DEPLOYMENT_SIDE: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  ports:
  - port: 80
    name: web
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.19.0
        ports:
        - containerPort: 80
          name: web
";

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

/// One action of the shared bar.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareAction {
    Scale(i32),
    /// The k-th pod (by ordinal on the left, by age on the right).
    DeletePod(usize),
    /// Writes `text` into the k-th pod's `index.html`.
    WriteFile(usize, String),
    /// `n` requests to the Service `nginx` from the first pod whose container runs.
    Traffic(u32),
    Restart,
}

/// What a deleted pod was, to say later what came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    pub index: usize,
    pub left: (String, Option<String>),
    pub right: (String, Option<String>),
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
        if self.deleted.is_some() {
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
        let mut notes = Vec::new();
        if let CompareAction::DeletePod(k) = action {
            let l = Self::pods(self.left.sim()).get(*k).cloned();
            let r = Self::pods(self.right.sim()).get(*k).cloned();
            if let (Some(l), Some(r)) = (l, r) {
                let file = |sim: &Simulation, name: &str| {
                    sim.read_file(&Key::new("default", name), INDEX_HTML).ok()
                };
                self.deleted = Some(Deleted {
                    index: *k,
                    left: (l.clone(), file(self.left.sim(), &l)),
                    right: (r.clone(), file(self.right.sim(), &r)),
                });
            }
        }
        for side in [Side::Left, Side::Right] {
            let kind = match side {
                Side::Left => Kind::StatefulSet,
                Side::Right => Kind::Deployment,
            };
            let web = Key::new("default", "web");
            let sim = self.side(side).sim();
            let pods = Self::pods(sim);
            let pod_k = |k: usize| pods.get(k).map(|n| Key::new("default", n));
            // Requests go out from the first pod whose container runs.
            let client = pods
                .iter()
                .find(|n| {
                    sim.cluster()
                        .pods
                        .get(&Key::new("default", n))
                        .is_some_and(crate::engine::cluster::Pod::container_running)
                })
                .map(|n| Key::new("default", n));
            let cmd = match action {
                CompareAction::Scale(n) => Some(Command::Scale {
                    kind,
                    key: web,
                    replicas: (*n).clamp(0, MAX_REPLICAS),
                }),
                CompareAction::Restart => Some(Command::RolloutRestart { kind, key: web }),
                CompareAction::DeletePod(k) => pod_k(*k).map(|key| Command::Delete {
                    kind: Kind::Pod,
                    key,
                    propagation: Propagation::Background,
                    grace_s: None,
                    force: false,
                }),
                CompareAction::WriteFile(k, text) => pod_k(*k).map(|pod| Command::WriteFile {
                    pod,
                    path: INDEX_HTML.into(),
                    content: format!("{text}\n"),
                    append: false,
                }),
                CompareAction::Traffic(n) => client.map(|from| Command::Request {
                    from,
                    target: "nginx".into(),
                    port: None,
                    path: "/".into(),
                    count: (*n).clamp(1, 100),
                }),
            };
            let Some(cmd) = cmd else {
                let k = match action {
                    CompareAction::DeletePod(k) | CompareAction::WriteFile(k, _) => *k,
                    _ => 0,
                };
                notes.push((side, Msg::new("vm.cmp.nopod").text(format!("#{k}"))));
                continue;
            };
            let outcome = self.side(side).exec(cmd);
            match outcome {
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

    /// What differs between the sides now.
    #[must_use]
    pub fn differences(&self) -> Vec<Difference> {
        let (l, r) = (self.left.sim(), self.right.sim());
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
                topic: Msg::new("vm.cmp.dns").text("nginx"),
                left: answer(l, "nginx"),
                right: answer(r, "nginx"),
            },
        ];
        let first_left = Self::pods(l).into_iter().next();
        let first_right = Self::pods(r).into_iter().next();
        if let (Some(fl), Some(fr)) = (first_left, first_right) {
            out.push(Difference {
                topic: Msg::new("vm.cmp.dns.pod"),
                left: answer(l, &format!("{fl}.nginx")),
                right: answer(r, &format!("{fr}.nginx")),
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
                left: survived(l, d.index, &d.left),
                right: survived(r, d.index, &d.right),
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

fn survived(sim: &Simulation, index: usize, before: &(String, Option<String>)) -> Msg {
    let now = Comparison::pods(sim);
    let Some(name) = now.get(index).or_else(|| now.last()) else {
        return Msg::new("vm.cmp.none");
    };
    let file = sim
        .read_file(&Key::new("default", name), INDEX_HTML)
        .ok()
        .map(|s| s.trim_end().chars().take(40).collect::<String>());
    let kept_file = before
        .1
        .as_ref()
        .map(|s| s.trim_end().chars().take(40).collect::<String>());
    let same_name = *name == before.0;
    let same_file = file.is_some() && file == kept_file;
    Msg::new(match (same_name, same_file) {
        (true, true) => "vm.cmp.survived.both",
        (true, false) => "vm.cmp.survived.name",
        (false, true) => "vm.cmp.survived.file",
        (false, false) => "vm.cmp.survived.none",
    })
    .text(&before.0)
    .text(name)
    .text(file.unwrap_or_else(|| "-".into()))
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
    /// Pods on the fuller side (the bar's pod number goes up to one less).
    pub n_pods: usize,
    /// What differs between the sides at the present.
    pub differences: Vec<DiffRow>,
}

/// The width of one side when the view is `full` pixels wide: half of it (less the gap) when
/// both fit side by side, else all of it, one above the other.
#[must_use]
pub fn side_width(full: f64) -> f64 {
    if full >= 2.0 * SIDE_MIN_PX + 10.0 {
        (full - 12.0) / 2.0
    } else {
        full - 2.0
    }
    .max(scene::MIN_WIDTH)
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
