//! What the SVG scene (`scene_view`) and the canvas scene (`scene_canvas`) share: the marks
//! (the selected object, a DNS query's answer), the words on and for glyphs, and `clip`. Both
//! scenes import this module; it imports neither.

use std::collections::BTreeSet;

use crate::i18n::{t, Lang, Msg};
use crate::session::Session;
use crate::view_model::dns_answer;
use crate::view_model::scene::{
    ClaimGlyph, GroupBox, GroupKind, NodeBox, PodGlyph, ServiceGlyph, VolumeGlyph,
};
use crate::view_model::why::Target;

/// What to emphasise: the selected object and the answer of a DNS query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    /// The selected object (never a DNS record: those are not drawn in the scene).
    pub selected: Option<Target>,
    /// Addresses a DNS query answered (pod IPs or a virtual IP).
    pub answer: BTreeSet<String>,
    /// Request counts, the pick rule and what the last Step changed.
    pub motion: crate::view_model::motion::MotionView,
}

impl Marks {
    /// Whether `target` is the selected object.
    #[must_use]
    pub fn is_selected(&self, target: &Target) -> bool {
        self.selected.as_ref() == Some(target)
    }

    /// Whether the DNS query's answer holds `ip`.
    #[must_use]
    pub fn answers(&self, ip: Option<&String>) -> bool {
        ip.is_some_and(|ip| self.answer.contains(ip))
    }
}

/// The last `n` characters of a long name, after an ellipsis.
#[must_use]
pub fn clip(name: &str, n: usize) -> String {
    let count = name.chars().count();
    if count <= n {
        name.to_string()
    } else {
        let tail: String = name.chars().skip(count - (n - 1)).collect();
        format!("…{tail}")
    }
}

// ----- the words on and for glyphs, shared by the SVG and the canvas scenes ----------------

/// A pod's accessible name.
#[must_use]
pub fn pod_label(lang: Lang, p: &PodGlyph) -> String {
    format!(
        "Pod {}, {}, READY {}/{}, IP {}",
        p.key.name,
        t(lang, p.state.label_id()),
        p.ready.0,
        p.ready.1,
        p.ip.as_deref().unwrap_or("-")
    )
}

/// A compact pod's tooltip.
#[must_use]
pub fn pod_tip(lang: Lang, p: &PodGlyph) -> String {
    format!(
        "{} · {} · {}/{} · {}",
        p.key.name,
        t(lang, p.state.short_id()),
        p.ready.0,
        p.ready.1,
        p.ip.as_deref().unwrap_or("-")
    )
}

/// A Service's virtual IP as shown (`None` for a headless one).
#[must_use]
pub fn service_ip(s: &ServiceGlyph) -> String {
    s.cluster_ip.clone().unwrap_or_else(|| "None".into())
}

/// "ClusterIP (virtual IP)" or "headless".
#[must_use]
pub fn service_kind(lang: Lang, s: &ServiceGlyph) -> &'static str {
    t(
        lang,
        if s.cluster_ip.is_some() {
            "ui.svc.clusterip"
        } else {
            "ui.svc.headless"
        },
    )
}

/// A Service's accessible name.
#[must_use]
pub fn service_label(lang: Lang, s: &ServiceGlyph) -> String {
    format!(
        "Service {}, {}, ClusterIP {}, {} {}",
        s.key.name,
        service_kind(lang, s),
        service_ip(s),
        t(lang, "ui.endpoints"),
        s.endpoints.len()
    )
}

/// The third line of a Service's box.
#[must_use]
pub fn service_ip_line(s: &ServiceGlyph) -> String {
    format!("ClusterIP: {} · {}", service_ip(s), s.ports)
}

/// A claim's accessible name.
#[must_use]
pub fn claim_label(lang: Lang, c: &ClaimGlyph) -> String {
    let status = if c.pod.is_none() {
        t(lang, "ui.pvc.waiting")
    } else {
        t(lang, "ui.pvc.mounted")
    };
    format!(
        "PersistentVolumeClaim {}, {}, {status}",
        c.key.name,
        c.phase.name()
    )
}

/// A compact claim's tooltip.
#[must_use]
pub fn claim_tip(c: &ClaimGlyph) -> String {
    format!("{} · {} · {}", c.key.name, c.phase.name(), c.request)
}

/// A volume's accessible name.
#[must_use]
pub fn volume_label(v: &VolumeGlyph) -> String {
    format!(
        "PersistentVolume {}, {}, {}",
        v.name,
        v.phase.name(),
        v.capacity
    )
}

/// A group box's title.
#[must_use]
pub fn group_title(lang: Lang, g: &GroupBox) -> String {
    match g.kind {
        GroupKind::StatefulSet => {
            format!(
                "StatefulSet {} · {}/{}",
                g.key.name, g.replicas.1, g.replicas.0
            )
        }
        GroupKind::ReplicaSet => match &g.deployment {
            Some(d) => format!(
                "Deployment {d} › ReplicaSet {} · {}/{}",
                g.key.name, g.replicas.1, g.replicas.0
            ),
            None => format!(
                "ReplicaSet {} · {}/{}",
                g.key.name, g.replicas.1, g.replicas.0
            ),
        },
        GroupKind::Bare => t(lang, "ui.group.bare").to_string(),
    }
}

/// Why a group's controller waits, as its second line.
#[must_use]
pub fn wait_line(lang: Lang, wait: &Msg) -> String {
    format!("⏳ {}", wait.render(lang))
}

/// The node box's title.
#[must_use]
pub fn node_title(lang: Lang, node: &NodeBox, n_system_pods: usize) -> String {
    format!(
        "Node {} · {} · {}",
        node.name,
        node.ip,
        t(lang, "ui.system.pods").replace("{0}", &n_system_pods.to_string())
    )
}

/// The marks of the page now: the selection and the DNS query's answer.
pub fn marks_of(p: &Session) -> Marks {
    let selected = match p.selected() {
        Some(o @ Target::Object(_)) => Some(o.clone()),
        _ => None,
    };
    let query = p.dns_query();
    let answer = if query.trim().is_empty() {
        BTreeSet::new()
    } else {
        p.shown()
            .map(|s| dns_answer(s, query).into_iter().collect())
            .unwrap_or_default()
    };
    Marks {
        selected,
        answer,
        motion: p.motion_view(),
    }
}
