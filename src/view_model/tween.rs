//! Motion between scenes, computed here rather than by CSS so that where a glyph is drawn on a
//! given frame is plain arithmetic a test can check. A new pod rises into its slot and fades
//! in; a moved pod glides; a removed pod fades out where it was (a "ghost"); a request travels
//! as a packet along its path. With reduced motion every change is instant.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::motion::{self, Flight};
use super::scene::{PodGlyph, Scene};

/// Time constant of the glide towards a new place (ms): about 95% of the way after 3τ.
pub const GLIDE_TAU_MS: f64 = 110.0;
/// How long a new pod takes to fade in, and a removed one to fade out (ms).
pub const FADE_MS: f64 = 350.0;
/// How far below its slot a new pod starts (SVG units).
pub const RISE: f64 = 14.0;
/// How long a packet takes along its whole path (ms of wall time).
pub const PACKET_MS: f64 = 900.0;
/// Packets in flight at most; more requests than this still count, they are just not drawn.
pub const MAX_PACKETS: usize = 120;

/// Where and how visible a pod glyph is on this frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Motion {
    pub x: f64,
    pub y: f64,
    pub opacity: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ghost {
    /// The removed pod as last drawn (at the place it was when it went).
    pub glyph: Rc<PodGlyph>,
    pub age_ms: f64,
}

impl Ghost {
    #[must_use]
    pub fn opacity(&self) -> f64 {
        (1.0 - self.age_ms / FADE_MS).clamp(0.0, 1.0)
    }
}

/// A request on its way: client → (virtual IP) → pod.
#[derive(Debug, Clone, PartialEq)]
pub struct Packet {
    pub id: u64,
    pub points: Vec<(f64, f64)>,
    pub age_ms: f64,
    /// The pod that answered (its name), for the colour and the tests.
    pub target: String,
}

impl Packet {
    /// The packet's place: along its path in proportion to its age, the path's legs taken as
    /// equal shares of the time.
    #[must_use]
    pub fn position(&self) -> (f64, f64) {
        let Some(first) = self.points.first() else {
            return (0.0, 0.0);
        };
        let legs = self.points.len().saturating_sub(1);
        if legs == 0 {
            return *first;
        }
        #[allow(clippy::cast_precision_loss)]
        let along = (self.age_ms / PACKET_MS).clamp(0.0, 1.0) * legs as f64;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let leg = (along.floor() as usize).min(legs - 1);
        #[allow(clippy::cast_precision_loss)]
        let frac = along - leg as f64;
        let (a, b) = (self.points[leg], self.points[leg + 1]);
        (a.0 + (b.0 - a.0) * frac, a.1 + (b.1 - a.1) * frac)
    }
}

/// The state of the motion from frame to frame.
#[derive(Debug, Clone, Default)]
pub struct Animator {
    /// The version and pods of the scene last seen, and each of those pods' motion (in the
    /// scene's order, so a frame moves them on without looking anything up).
    last: Option<(u64, Vec<Rc<PodGlyph>>)>,
    motions: Vec<Motion>,
    /// Pod UID → its place in `motions`, made when the scene changes.
    index: BTreeMap<String, usize>,
    ghosts: Vec<Ghost>,
    packets: Vec<Packet>,
    next_packet: u64,
    /// DNS questions in flight.
    flights: Vec<Flight>,
    /// The number of the next DNS query of the cluster shown not yet animated; none: not
    /// looked at since the last jump (the next look takes the queries asked so far as seen).
    dns_seen: Option<u64>,
    /// The links of the scene last seen (by id), and the new bind and mount lines growing
    /// (id → age).
    links: Option<BTreeMap<String, ()>>,
    growing: BTreeMap<String, f64>,
    /// The volumes of the scene last seen (by UID), and the newly provisioned ones (UID → age).
    volumes: Option<BTreeMap<String, ()>>,
    provisioned: BTreeMap<String, f64>,
}

fn approach(from: f64, to: f64, k: f64) -> f64 {
    let v = from + (to - from) * k;
    if (to - v).abs() < 0.05 {
        to
    } else {
        v
    }
}

impl Animator {
    #[must_use]
    pub fn new() -> Animator {
        Animator::default()
    }

    /// Moves everything on by `dt_ms` of wall time towards `scene` (whose identity is
    /// `version`: a new version is compared with the last one for removed pods).
    pub fn update(&mut self, scene: &Scene, version: u64, dt_ms: f64, reduced_motion: bool) {
        let dt = if dt_ms.is_finite() {
            dt_ms.clamp(0.0, 250.0)
        } else {
            0.0
        };
        self.sync(scene, version, reduced_motion);
        let k = if reduced_motion {
            1.0
        } else {
            1.0 - (-dt / GLIDE_TAU_MS).exp()
        };
        let fade = if reduced_motion { 1.0 } else { dt / FADE_MS };
        for (pod, m) in scene.pods.iter().zip(&mut self.motions) {
            m.x = approach(m.x, pod.rect.x, k);
            m.y = approach(m.y, pod.rect.y, k);
            m.opacity = (m.opacity + fade).min(1.0);
        }
        for g in &mut self.ghosts {
            g.age_ms += dt;
        }
        self.ghosts.retain(|g| g.age_ms < FADE_MS);
        for p in &mut self.packets {
            p.age_ms += dt;
        }
        self.packets.retain(|p| p.age_ms < PACKET_MS);
        for f in &mut self.flights {
            f.age_ms += dt;
        }
        self.flights.retain(|f| f.age_ms < motion::FLIGHT_MS);
        for age in self.growing.values_mut() {
            *age += dt;
        }
        self.growing.retain(|_, age| *age < motion::GROW_MS);
        for age in self.provisioned.values_mut() {
            *age += dt;
        }
        self.provisioned.retain(|_, age| *age < motion::GROW_MS);
    }

    /// Matches a new version of the scene with the last, if `version` is new: pods seen
    /// before keep their motion, new ones start below their slot, invisible, and the removed
    /// ones become ghosts. [`Animator::update`] does this itself; calling it as soon as a
    /// scene is built takes the work out of the next frame.
    pub fn sync(&mut self, scene: &Scene, version: u64, reduced_motion: bool) {
        if self.last.as_ref().is_some_and(|(v, _)| *v == version) {
            return;
        }
        let index: BTreeMap<String, usize> = scene
            .pods
            .iter()
            .enumerate()
            .map(|(i, p)| (p.uid.clone(), i))
            .collect();
        let old_motions = std::mem::take(&mut self.motions);
        // A pod that comes back under the same name (a StatefulSet's web-0) takes its old
        // place: the old one leaves no ghost there, so the two are never drawn over each other.
        let names: std::collections::BTreeSet<&crate::engine::Key> =
            scene.pods.iter().map(|p| &p.key).collect();
        self.ghosts.retain(|g| !names.contains(&g.glyph.key));
        if let Some((_, old)) = self.last.take() {
            if !reduced_motion {
                for (glyph, m) in old.iter().zip(&old_motions) {
                    if !index.contains_key(&glyph.uid) && !names.contains(&glyph.key) {
                        let mut glyph = (**glyph).clone();
                        glyph.rect.x = m.x;
                        glyph.rect.y = m.y;
                        self.ghosts.push(Ghost {
                            glyph: Rc::new(glyph),
                            age_ms: 0.0,
                        });
                    }
                }
            }
        }
        self.motions = scene
            .pods
            .iter()
            .map(|pod| {
                self.index
                    .get(&pod.uid)
                    .and_then(|&i| old_motions.get(i))
                    .copied()
                    .unwrap_or(Motion {
                        x: pod.rect.x,
                        y: pod.rect.y + if reduced_motion { 0.0 } else { RISE },
                        opacity: if reduced_motion { 1.0 } else { 0.0 },
                    })
            })
            .collect();
        self.index = index;
        self.last = Some((version, scene.pods.clone()));
        self.sync_links(scene, reduced_motion);
    }

    /// New bind and mount lines start growing (none after a jump: the first scene seen
    /// afterwards is taken as it is).
    fn sync_links(&mut self, scene: &Scene, reduced_motion: bool) {
        let ids: BTreeMap<String, ()> = scene.links.iter().map(|l| (l.id.clone(), ())).collect();
        if let Some(old) = &self.links {
            if !reduced_motion {
                for l in scene.links.iter().filter(|l| motion::grows(l.kind)) {
                    if !old.contains_key(&l.id) {
                        self.growing.insert(l.id.clone(), 0.0);
                    }
                }
            }
        }
        self.growing.retain(|id, _| ids.contains_key(id));
        self.links = Some(ids);
        let vols: BTreeMap<String, ()> =
            scene.volumes.iter().map(|v| (v.uid.clone(), ())).collect();
        if let Some(old) = &self.volumes {
            if !reduced_motion {
                for uid in vols.keys().filter(|u| !old.contains_key(*u)) {
                    self.provisioned.insert(uid.clone(), 0.0);
                }
            }
        }
        self.provisioned.retain(|uid, _| vols.contains_key(uid));
        self.volumes = Some(vols);
    }

    /// How long ago the volume `uid` was provisioned, while it is new.
    #[must_use]
    pub fn provisioned(&self, uid: &str) -> Option<f64> {
        self.provisioned.get(uid).copied()
    }

    /// How long the line `id` has been growing; none: drawn whole.
    #[must_use]
    pub fn growing(&self, id: &str) -> Option<f64> {
        self.growing.get(id).copied()
    }

    /// DNS questions in flight.
    #[must_use]
    pub fn flights(&self) -> &[Flight] {
        &self.flights
    }

    /// Takes the queries of the cluster shown: the ones asked since the last look start their
    /// flight (the first look after a jump only notes where the count stands).
    pub fn watch_dns(
        &mut self,
        queries: &std::collections::VecDeque<crate::engine::network::dns::Query>,
        asked: u64,
        reduced_motion: bool,
    ) {
        let Some(seen) = self.dns_seen else {
            self.dns_seen = Some(asked);
            return;
        };
        if asked < seen {
            // A cluster with fewer queries than before is another one: start counting again.
            self.dns_seen = Some(asked);
            return;
        }
        for q in queries.iter().filter(|q| q.seq >= seen) {
            if !reduced_motion {
                self.ask(Flight::of_query(0, q));
            }
        }
        self.dns_seen = Some(asked);
    }

    /// Where the count of queries stands after a jump (so the ones before it do not fly).
    pub fn dns_baseline(&mut self, asked: Option<u64>) {
        self.dns_seen = asked;
    }

    /// Starts a DNS question's flight (the oldest is dropped past [`motion::MAX_FLIGHTS`]).
    pub fn ask(&mut self, mut flight: Flight) {
        if self.flights.len() >= motion::MAX_FLIGHTS {
            self.flights.remove(0);
        }
        self.next_packet += 1;
        flight.id = self.next_packet;
        flight.age_ms = 0.0;
        self.flights.push(flight);
    }

    /// Where pod `uid` is drawn (its slot if it has not been seen yet).
    #[must_use]
    pub fn motion(&self, glyph: &PodGlyph) -> Motion {
        self.index
            .get(&glyph.uid)
            .and_then(|&i| self.motions.get(i))
            .copied()
            .unwrap_or(Motion {
                x: glyph.rect.x,
                y: glyph.rect.y,
                opacity: 1.0,
            })
    }

    /// Where the pod with `uid` is in the scene the last update saw.
    #[must_use]
    pub fn index_of(&self, uid: &str) -> Option<usize> {
        self.index.get(uid).copied()
    }

    /// The motion of each pod of `scene`, in its order, when the last update saw that scene
    /// (a painter walks the pods with this instead of looking each one up).
    #[must_use]
    pub fn motions_of(&self, scene: &Scene) -> Option<&[Motion]> {
        let (_, pods) = self.last.as_ref()?;
        (pods.len() == scene.pods.len()
            && pods.iter().zip(&scene.pods).all(|(a, b)| Rc::ptr_eq(a, b)))
        .then_some(self.motions.as_slice())
    }

    /// The motion of each pod of `scene`, in its order: as the last update matched them, or
    /// (a scene it has not seen) each where [`Animator::motion`] puts it.
    #[must_use]
    pub fn motions(&self, scene: &Scene) -> Cow<'_, [Motion]> {
        match self.motions_of(scene) {
            Some(ms) => Cow::Borrowed(ms),
            None => Cow::Owned(scene.pods.iter().map(|p| self.motion(p)).collect()),
        }
    }

    #[must_use]
    pub fn ghosts(&self) -> &[Ghost] {
        &self.ghosts
    }

    #[must_use]
    pub fn packets(&self) -> &[Packet] {
        &self.packets
    }

    /// Sends a packet along `points`; false when too many are in flight (it is not drawn).
    pub fn send(&mut self, points: Vec<(f64, f64)>, target: &str) -> bool {
        if self.packets.len() >= MAX_PACKETS || points.is_empty() {
            return false;
        }
        self.next_packet += 1;
        self.packets.push(Packet {
            id: self.next_packet,
            points,
            age_ms: 0.0,
            target: target.to_string(),
        });
        true
    }

    /// Whether another frame would draw something different.
    #[must_use]
    pub fn is_moving(&self, scene: &Scene) -> bool {
        !self.ghosts.is_empty()
            || !self.packets.is_empty()
            || !self.flights.is_empty()
            || !self.growing.is_empty()
            || !self.provisioned.is_empty()
            || match self.motions_of(scene) {
                Some(motions) => scene
                    .pods
                    .iter()
                    .zip(motions)
                    .any(|(p, m)| m.x != p.rect.x || m.y != p.rect.y || m.opacity < 1.0),
                None => !scene.pods.is_empty(),
            }
    }

    /// Forgets all motion (a jump in time shows the new moment at once).
    pub fn reset(&mut self) {
        *self = Animator {
            next_packet: self.next_packet,
            ..Animator::default()
        };
    }
}
