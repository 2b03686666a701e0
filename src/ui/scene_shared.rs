//! What the SVG scene (`scene_view`) and the canvas scene (`scene_canvas`) share: the marks
//! (the selected object, a DNS query's answer), the words on and for glyphs, and `clip`. Both
//! scenes import this module; it imports neither.

use std::collections::BTreeSet;

use crate::i18n::{t, Lang, Msg};
use crate::session::Session;
use crate::view_model::dns_answer;
use crate::view_model::scene::{
    ClaimGlyph, DnsRecordGlyph, GroupBox, GroupKind, NodeBox, PodGlyph, ServiceGlyph, VolumeGlyph,
};
use crate::view_model::why::Target;

/// What to emphasise: the selected object and the answer of a DNS query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    /// The selected object (never a DNS record: the records listed on Services are not buttons).
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
    let mut s = format!(
        "Pod {}, {}, READY {}/{}, IP {}",
        p.key.name,
        t(lang, p.state.label_id()),
        p.ready.0,
        p.ready.1,
        p.ip.as_deref().unwrap_or("-")
    );
    if let Some(r) = &p.reason {
        s.push_str(", ");
        s.push_str(&r.render(lang));
    }
    if let Some(d) = &p.dns_name {
        s.push_str(", DNS ");
        s.push_str(d);
    }
    s
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
    let status = if c.pod.is_some() {
        t(lang, "ui.pvc.mounted")
    } else {
        t(lang, "ui.pvc.waiting")
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

/// A group box's title; its counts are READY as `kubectl get` prints them.
#[must_use]
pub fn group_title(lang: Lang, g: &GroupBox) -> String {
    let (ready, want) = g.ready;
    let kind = match g.kind {
        GroupKind::StatefulSet => "StatefulSet",
        GroupKind::Deployment => "Deployment",
        GroupKind::ReplicaSet => "ReplicaSet",
        GroupKind::Bare => return t(lang, "ui.group.bare").to_string(),
    };
    format!("{kind} {} · {ready}/{want}", g.key.name)
}

/// How many characters of text `px` high fit in `width` (an estimate: a monospace glyph is
/// about 0.62 em wide).
#[must_use]
pub fn chars_in(width: f64, px: f64) -> usize {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = (width / (px * 0.62)).floor().max(2.0) as usize;
    n
}

/// `text` cut at its end to fit `width` (names keep their tail: see [`clip`]).
#[must_use]
pub fn fit_head(text: &str, width: f64, px: f64) -> String {
    let n = chars_in(width, px);
    if text.chars().count() <= n {
        text.to_string()
    } else {
        let head: String = text.chars().take(n - 1).collect();
        format!("{head}…")
    }
}

/// `text` in at most `lines` lines that fit `width`, broken between words (the last line cut
/// with an ellipsis if it still does not fit); every line but the last keeps its trailing
/// space, so the lines joined read as the text.
#[must_use]
pub fn wrap(text: &str, width: f64, px: f64, lines: usize) -> Vec<String> {
    let n = chars_in(width, px);
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() && out.len() + 1 < lines.max(1) && rest.chars().count() > n {
        let cut = rest
            .char_indices()
            .take(n + 1)
            .filter(|(_, c)| *c == ' ')
            .map(|(i, _)| i)
            .last()
            .filter(|i| *i > 0);
        let Some(i) = cut else { break };
        out.push(rest[..=i].to_string());
        rest = &rest[i + 1..];
    }
    if !rest.is_empty() {
        out.push(fit_head(rest, width, px));
    }
    out
}

/// A name clipped to fit `width` (its tail kept).
#[must_use]
pub fn fit_name(name: &str, width: f64, px: f64) -> String {
    clip(name, chars_in(width, px))
}

/// The line under a pod's address: why it is not running yet, else its DNS name.
#[must_use]
pub fn pod_note(lang: Lang, p: &PodGlyph) -> Option<(&'static str, String)> {
    match (&p.reason, &p.dns_name) {
        (Some(r), _) => Some(("pod-reason", r.render(lang))),
        (None, Some(d)) => Some(("pod-dns", d.clone())),
        (None, None) => None,
    }
}

/// A DNS record's line on its Service (`web-0.nginx → 10.244.0.5`).
#[must_use]
pub fn record_line(r: &DnsRecordGlyph) -> String {
    format!("{} → {}", r.name, r.ip)
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
