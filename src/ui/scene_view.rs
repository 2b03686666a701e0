//! The cluster drawn in SVG: the node `minikube` with CoreDNS and one lane per workload (a
//! StatefulSet's pods in ordinal slots, a Deployment's under its ReplicaSets) with its title
//! and the reason it waits; above a lane's pods its Services, with their virtual IP (or `None`),
//! their DNS records and lines to their Ready pods; under each pod its claims and volumes with
//! mount and bind lines; requests as packets. Every object's glyph is a keyboard-reachable
//! button that opens its explanation.
//!
//! Big scenes are painted on a canvas instead (`scene_canvas`, which [`ClusterScene`] picks);
//! what the two share lies in `scene_shared`, which imports neither.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

use yew::prelude::*;

use super::scene_canvas::CanvasScene;
use super::scene_shared::{
    claim_label, claim_tip, fit_head, fit_name, group_title, marks_of, node_title, pod_label,
    pod_note, pod_tip, record_line, service_ip, service_ip_line, service_kind, service_label,
    volume_label, wait_line, wrap,
};
/// Re-exported for the comparison (`compare_view`) and the traffic panel, which use them from here.
pub use super::scene_shared::{clip, Marks};
use super::store::{use_session, Store, Topic};
use crate::i18n::{t, Lang};
use crate::manifest::objects::Kind;
use crate::session::Intent;
use crate::view_model::scene::{
    ChipGlyph, ClaimGlyph, GroupBox, LinkKind, PodGlyph, Rect, Scene, ServiceGlyph, Slot,
    VolumeGlyph, RECORD_H, SVC_HEAD, WAIT_LINE,
};
use crate::view_model::tween::Animator;
use crate::view_model::why::Target;

fn on_select(
    on_pick: &Callback<Target>,
    target: Target,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = {
        let on_pick = on_pick.clone();
        let target = target.clone();
        Callback::from(move |_: MouseEvent| on_pick.emit(target.clone()))
    };
    let key = {
        let on_pick = on_pick.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_pick.emit(target.clone());
            }
        })
    };
    (click, key)
}

#[derive(Properties, PartialEq)]
pub struct PodViewProps {
    pub lang: Lang,
    pub glyph: Rc<PodGlyph>,
    /// Where and how visible it is on this frame (tenths of a unit, hundredths of opacity, so
    /// that a glyph at rest compares equal from frame to frame).
    pub x10: i64,
    pub y10: i64,
    pub alpha: u8,
    pub selected: bool,
    pub answered: bool,
    /// A removed pod fading out: drawn, not interactive.
    pub ghost: bool,
    /// A tile without text (a scene with many pods); the details are in its tooltip.
    pub compact: bool,
    pub on_pick: Callback<Target>,
}

#[allow(clippy::cast_possible_truncation)]
fn tenths(v: f64) -> i64 {
    (v * 10.0).round() as i64
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn alpha(o: f64) -> u8 {
    (o.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// One pod: a component of its own, so a pod that did not change is not drawn again.
#[component]
pub fn PodView(props: &PodViewProps) -> Html {
    let p = &props.glyph;
    let lang = props.lang;
    let ghost = props.ghost;
    let label = pod_label(lang, p);
    let (click, key) = on_select(&props.on_pick, Target::object(Kind::Pod, &p.key));
    #[allow(clippy::cast_precision_loss)]
    let (x, y) = (props.x10 as f64 / 10.0, props.y10 as f64 / 10.0);
    html! {
        <g
            class={classes!("pod", p.state.class(), props.selected.then_some("selected"), props.answered.then_some("answer"), ghost.then_some("ghost"))}
            transform={format!("translate({x:.1} {y:.1})")}
            opacity={format!("{:.2}", f64::from(props.alpha) / 100.0)}
            role={(!ghost).then_some("button")}
            tabindex={(!ghost).then_some("0")}
            aria-label={label}
            aria-hidden={ghost.then_some("true")}
            data-testid={if ghost { "ghost".to_string() } else { format!("pod-{}", p.key.name) }}
            data-state={p.state.class()}
            data-ip={p.ip.clone().unwrap_or_default()}
            onclick={click}
            onkeydown={key}
        >
            if props.compact {
                <title>{ pod_tip(lang, p) }</title>
                <rect class="pod-box" width={p.rect.w.to_string()} height={p.rect.h.to_string()} rx="4" />
            } else if ghost {
                // A pod leaving fades as a bare box: its words never lie over another's.
                <rect class="pod-box" width={p.rect.w.to_string()} height={p.rect.h.to_string()} rx="8" />
            } else {
                <title>{ pod_label(lang, p) }</title>
                <rect class="pod-box" width={p.rect.w.to_string()} height={p.rect.h.to_string()} rx="8" />
                <circle class="pod-dot" cx="12" cy="14" r="5" />
                <text class="pod-name" x="22" y="18">{ fit_name(&p.key.name, p.rect.w - 28.0, 11.0) }</text>
                <text class="pod-state" x="8" y="34">{ format!("{} · {}/{}", t(lang, p.state.short_id()), p.ready.0, p.ready.1) }</text>
                <text class="pod-ip" x="8" y="50">{ p.ip.clone().unwrap_or_else(|| "-".into()) }</text>
                if let Some((class, note)) = pod_note(lang, p) {
                    <text class={class} data-testid={class} x="8" y="67">{ fit_head(&note, p.rect.w - 14.0, 10.0) }</text>
                }
            }
        </g>
    }
}

#[allow(clippy::too_many_arguments)]
fn pod_view(
    lang: Lang,
    p: &Rc<PodGlyph>,
    x: f64,
    y: f64,
    opacity: f64,
    marks: &Marks,
    on_pick: &Callback<Target>,
    ghost: bool,
    compact: bool,
) -> Html {
    let selected = !ghost && marks.is_selected(&Target::object(Kind::Pod, &p.key));
    let answered = !ghost && marks.answers(p.ip.as_ref());
    let key = if ghost {
        format!("ghost-{}", p.uid)
    } else {
        p.uid.clone()
    };
    html! {
        <PodView
            {key}
            {lang}
            glyph={Rc::clone(p)}
            x10={tenths(x)}
            y10={tenths(y)}
            alpha={alpha(opacity)}
            {selected}
            {answered}
            {ghost}
            {compact}
            on_pick={on_pick.clone()}
        />
    }
}

fn service_view(lang: Lang, s: &ServiceGlyph, marks: &Marks, on_pick: &Callback<Target>) -> Html {
    let target = Target::object(Kind::Service, &s.key);
    let selected = marks.is_selected(&target);
    let answered = marks.answers(s.cluster_ip.as_ref());
    let (click, key) = on_select(on_pick, target);
    let Rect { x, y, w, h } = s.rect;
    html! {
        <g
            key={s.uid.clone()}
            class={classes!("svc", s.cluster_ip.is_none().then_some("headless"), selected.then_some("selected"), answered.then_some("answer"))}
            transform={format!("translate({x} {y})")}
            role="button"
            tabindex="0"
            aria-label={service_label(lang, s)}
            data-testid={format!("svc-{}", s.key.name)}
            data-cluster-ip={service_ip(s)}
            onclick={click}
            onkeydown={key}
        >
            <rect class="svc-box" width={w.to_string()} height={h.to_string()} rx="10" />
            <text class="svc-name" x="10" y="20">{ fit_name(&s.key.name, w - 20.0, 11.0) }</text>
            <text class="svc-kind" x="10" y="36">{ fit_head(service_kind(lang, s), w - 20.0, 10.0) }</text>
            <text class="svc-ip" x="10" y="51">{ fit_head(&service_ip_line(s), w - 20.0, 10.0) }</text>
            <g class="dns-records">
                { for s.records.iter().map(|r| html! {
                    <text
                        key={format!("{}={}", r.name, r.ip)}
                        class="dns-record"
                        data-testid="dns-record"
                        data-fqdn={r.fqdn.clone()}
                        data-ip={r.ip.clone()}
                        x={(r.rect.x - x + 2.0).to_string()}
                        y={(r.rect.y - y + 11.0).to_string()}
                    >{ fit_head(&record_line(r), r.rect.w - 4.0, 10.0) }</text>
                }) }
                if s.more_records > 0 {
                    <text class="dns-record-more" x="10" y={(s.records.last().map_or(SVC_HEAD, |r| r.rect.y - y + RECORD_H) + 11.0).to_string()}>
                        { t(lang, "ui.svc.more").replace("{0}", &s.more_records.to_string()) }
                    </text>
                }
            </g>
        </g>
    }
}

fn claim_view(
    lang: Lang,
    c: &ClaimGlyph,
    marks: &Marks,
    on_pick: &Callback<Target>,
    compact: bool,
) -> Html {
    let target = Target::object(Kind::PersistentVolumeClaim, &c.key);
    let selected = marks.is_selected(&target);
    let waiting = c.waiting;
    let (click, key) = on_select(on_pick, target);
    let Rect { x, y, w, h } = c.rect;
    html! {
        <g
            key={c.uid.clone()}
            class={classes!("pvc", c.phase.name().to_lowercase(), waiting.then_some("waiting"), selected.then_some("selected"))}
            transform={format!("translate({x} {y})")}
            role="button"
            tabindex="0"
            aria-label={claim_label(lang, c)}
            data-testid={format!("pvc-{}", c.key.name)}
            data-phase={c.phase.name()}
            data-pod={c.pod.clone().unwrap_or_default()}
            data-volume={c.volume.clone().unwrap_or_default()}
            onclick={click}
            onkeydown={key}
        >
            <rect class="pvc-box" width={w.to_string()} height={h.to_string()} rx="6" />
            if compact {
                <title>{ claim_tip(c) }</title>
            } else {
                <text class="pvc-name" x="8" y="16">{ fit_name(&c.key.name, w - 14.0, 11.0) }</text>
                <text class="pvc-phase" x="8" y="31">{ fit_head(&format!("{} · {}", c.phase.name(), c.request), w - 14.0, 10.0) }</text>
                if let Some(line) = &c.first_line {
                    <text class="pvc-file" data-testid="pvc-file" x="8" y="46">{ fit_head(line, w - 14.0, 10.0) }</text>
                } else if c.waiting {
                    <text class="pvc-file" x="8" y="46">{ fit_head(t(lang, "ui.pvc.waiting"), w - 14.0, 10.0) }</text>
                }
            }
        </g>
    }
}

fn volume_view(v: &VolumeGlyph, marks: &Marks, on_pick: &Callback<Target>, compact: bool) -> Html {
    let target = Target::volume(&v.name);
    let selected = marks.is_selected(&target);
    let (click, key) = on_select(on_pick, target);
    let Rect { x, y, w, h } = v.rect;
    html! {
        <g
            key={v.uid.clone()}
            class={classes!("pv", v.phase.name().to_lowercase(), selected.then_some("selected"))}
            transform={format!("translate({x} {y})")}
            role="button"
            tabindex="0"
            aria-label={volume_label(v)}
            data-testid={format!("pv-{}", v.name)}
            data-claim={v.claim.clone().unwrap_or_default()}
            onclick={click}
            onkeydown={key}
        >
            <title>{ v.name.clone() }</title>
            <rect class="pv-box" width={w.to_string()} height={h.to_string()} rx={if compact { "6" } else { "14" }} />
            if !compact {
                <text class="pv-name" x="10" y="17">{ fit_name(&v.name, w - 16.0, 11.0) }</text>
                <text class="pv-phase" x="10" y="32">{ fit_head(&format!("{} · {}", v.phase.name(), v.capacity), w - 16.0, 10.0) }</text>
            }
        </g>
    }
}

/// A stored object: its kind above its name (`PodDisruptionBudget` / `zk-pdb`).
fn chip_view(c: &ChipGlyph) -> Html {
    let Rect { x, y, w, h } = c.rect;
    html! {
        <g
            key={c.uid.clone()}
            class="chip"
            transform={format!("translate({x} {y})")}
            role="img"
            aria-label={format!("{} {}", c.kind, c.key.name)}
            data-testid={format!("chip-{}-{}", c.kind, c.key.name)}
        >
            <title>{ format!("{} {}", c.kind, c.key) }</title>
            <rect class="chip-box" width={w.to_string()} height={h.to_string()} rx="8" />
            <text class="chip-kind" x="10" y="15">{ clip(c.kind, 28) }</text>
            <text class="chip-name" x="10" y="31">{ clip(&c.key.name, 26) }</text>
        </g>
    }
}

/// The links of each kind (endpoint, mount, bind) as one path each: hundreds of endpoint lines
/// cost one element.
fn link_paths(scene: &Scene, anim: Option<&Animator>) -> [String; 3] {
    // How far each pod is from its place on this frame, for the links that end at it.
    let shift: BTreeMap<&str, (f64, f64)> = scene
        .pods
        .iter()
        .map(|p| {
            let d = anim.map_or((0.0, 0.0), |a| {
                let m = a.motion(p);
                (m.x - p.rect.x, m.y - p.rect.y)
            });
            (p.uid.as_str(), d)
        })
        .collect();
    let mut paths = [String::new(), String::new(), String::new()];
    for l in &scene.links {
        // A link's end at a pod follows the pod while it glides.
        let mut points = l.points();
        let moved = |uid: &str| shift.get(uid).copied().filter(|d| *d != (0.0, 0.0));
        if l.kind == LinkKind::Endpoint {
            if let (Some((dx, dy)), Some(last)) = (moved(&l.ends.1), points.last_mut()) {
                *last = (last.0 + dx, last.1 + dy);
            }
        }
        if l.kind == LinkKind::Mount {
            if let (Some((dx, dy)), Some(first)) = (moved(&l.ends.0), points.first_mut()) {
                *first = (first.0 + dx, first.1 + dy);
            }
        }
        let i = match l.kind {
            LinkKind::Endpoint => 0,
            LinkKind::Mount => 1,
            LinkKind::Bind => 2,
        };
        for (k, (x, y)) in points.iter().enumerate() {
            let _ = write!(paths[i], "{}{x:.1} {y:.1}", if k == 0 { 'M' } else { 'L' });
        }
    }
    paths
}

/// A controller's box: its title and the reason it waits.
fn group_view(lang: Lang, g: &GroupBox) -> Html {
    let Rect { x, y, w, h } = g.rect;
    let title = fit_head(&group_title(lang, g), w - 16.0, 11.0);
    let wait = g.wait.as_ref().map(|m| wait_line(lang, m));
    html! {
        <g key={g.id.clone()} class={classes!("group", if g.lane { "lane" } else { "subgroup" })} data-testid={format!("group-{}", g.key.name)}>
            <rect class="group-box" x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="8" />
            <text class="group-title" x={(x + 8.0).to_string()} y={g.title_y.to_string()}>
                <title>{ group_title(lang, g) }</title>
                { title }
            </text>
            if let Some(wait) = wait {
                <text class="wait-note" data-testid="wait-note" x={(x + 8.0).to_string()} y={(g.title_y + WAIT_LINE).to_string()}>
                    { for wrap(&wait, w - 16.0, 11.0, 2).into_iter().enumerate().map(|(i, line)| html! {
                        <tspan x={(x + 8.0).to_string()} dy={if i == 0 { "0" } else { "16" }}>{ line }</tspan>
                    }) }
                </text>
            }
        </g>
    }
}

/// CoreDNS, where DNS questions go.
fn coredns_view(r: &Rect) -> Html {
    html! {
        <g class="coredns" data-testid="coredns" transform={format!("translate({} {})", r.x, r.y)} role="img" aria-label="CoreDNS">
            <rect class="coredns-box" width={r.w.to_string()} height={r.h.to_string()} rx="11" />
            <text class="coredns-name" x={(r.w / 2.0).to_string()} y="15" text-anchor="middle">{ "CoreDNS" }</text>
        </g>
    }
}

/// A StatefulSet's empty ordinal slot.
fn slot_view(lang: Lang, s: &Slot) -> Html {
    let Rect { x, y, w, h } = s.rect;
    html! {
        <g key={format!("slot-{}", s.name)} class="slot" transform={format!("translate({x} {y})")} data-testid={format!("slot-{}", s.name)} aria-hidden="true">
            <rect class="slot-box" width={w.to_string()} height={h.to_string()} rx="8" />
            <text class="slot-name" x="8" y="18">{ fit_name(&s.name, w - 14.0, 11.0) }</text>
            <text class="slot-note" x="8" y="36">{ t(lang, "ui.slot") }</text>
        </g>
    }
}

/// The room the node's title has: up to CoreDNS when that sits beside it.
fn node_title_room(scene: &Scene) -> f64 {
    match (&scene.node, &scene.coredns) {
        (Some(n), Some(c)) if c.y < n.rect.y + 20.0 => c.x - n.rect.x - 20.0,
        (Some(n), _) => n.rect.w - 24.0,
        _ => scene.width,
    }
}

/// Draws `scene`; `anim` places the pods (none: at rest), `marks` emphasises.
pub fn draw(
    lang: Lang,
    scene: &Scene,
    anim: Option<&Animator>,
    marks: &Marks,
    on_pick: &Callback<Target>,
    label: &str,
    testid: &str,
) -> Html {
    let height = scene.height.max(160.0);
    let [endpoint_path, mount_path, bind_path] = link_paths(scene, anim);
    let groups = scene.groups.iter().map(|g| group_view(lang, g));
    let slots = scene.slots.iter().map(|s| slot_view(lang, s));
    let pods = scene.pods.iter().map(|p| {
        let (x, y, o) = anim.map_or((p.rect.x, p.rect.y, 1.0), |a| {
            let m = a.motion(p);
            (m.x, m.y, m.opacity)
        });
        pod_view(lang, p, x, y, o, marks, on_pick, false, scene.compact)
    });
    let ghosts = anim.into_iter().flat_map(|a| a.ghosts()).map(|g| {
        pod_view(
            lang,
            &g.glyph,
            g.glyph.rect.x,
            g.glyph.rect.y,
            g.opacity(),
            marks,
            on_pick,
            true,
            scene.compact,
        )
    });
    let packets = anim.into_iter().flat_map(|a| a.packets()).map(|pk| {
        let (x, y) = pk.position();
        html! { <circle key={pk.id.to_string()} class="packet" data-testid="packet" data-target={pk.target.clone()} cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="5" /> }
    });
    html! {
        <svg
            class="scene"
            viewBox={format!("0 0 {} {height:.0}", scene.width)}
            width="100%"
            role="group"
            aria-label={label.to_string()}
            data-testid={testid.to_string()}
        >
            // Each list has a container of its own, so every list is fully keyed: a pod added
            // moves nothing else (in one flat list of mixed children Yew would pair old and new
            // by position, and one new link would re-create everything after it).
            <g class="layer-node">
                if let Some(node) = &scene.node {
                    <g class="node">
                        <rect class="node-box" x={node.rect.x.to_string()} y={node.rect.y.to_string()} width={node.rect.w.to_string()} height={node.rect.h.to_string()} rx="12" />
                        <text class="node-title" x={(node.rect.x + 12.0).to_string()} y={(node.rect.y + 20.0).to_string()}>
                            { fit_head(&node_title(lang, node, scene.n_system_pods), node_title_room(scene), 11.0) }
                        </text>
                    </g>
                }
                if let Some(r) = &scene.coredns {
                    { coredns_view(r) }
                }
            </g>
            <g class="layer-groups">{ for groups }</g>
            <g class="layer-links">
                <path class="link endpoint" data-testid="links-endpoint" d={endpoint_path} />
                <path class="link mount" data-testid="links-mount" d={mount_path} />
                <path class="link bind" data-testid="links-bind" d={bind_path} />
            </g>
            <g class="layer-services">{ for scene.services.iter().map(|s| service_view(lang, s, marks, on_pick)) }</g>
            <g class="layer-storage-title">
                if scene.storage_y > 0.0 {
                    <text class="storage-title" x="32" y={(scene.storage_y + 12.0).to_string()}>{ fit_head(t(lang, "ui.storage"), scene.width - 48.0, 11.0) }</text>
                }
            </g>
            <g class="layer-claims">{ for scene.claims.iter().map(|c| claim_view(lang, c, marks, on_pick, scene.compact)) }</g>
            <g class="layer-volumes">{ for scene.volumes.iter().map(|v| volume_view(v, marks, on_pick, scene.compact)) }</g>
            <g class="layer-chips">
                if !scene.chips.is_empty() {
                    <text class="storage-title" x="32" y={(scene.chips_y + 12.0).to_string()}>{ t(lang, "ui.stored.title") }</text>
                }
                { for scene.chips.iter().map(chip_view) }
            </g>
            <g class="layer-slots">{ for slots }</g>
            <g class="layer-pods">{ for pods }</g>
            <g class="layer-ghosts">{ for ghosts }</g>
            <g class="layer-packets">{ for packets }</g>
            { super::scene_motion::overlay(lang, scene, anim, &marks.motion) }
        </svg>
    }
}

/// A node ref whose element's width (CSS pixels, in steps of 10) the scene is laid out for.
/// A `ResizeObserver` reports the width after layout, so nothing forces a layout to measure it;
/// a new width redraws the scene. The element is looked up after every render, so one that
/// appears later (the comparison's) is observed too.
#[hook]
pub fn use_scene_width(store: Option<&Store>) -> NodeRef {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    type Watch = (
        web_sys::Element,
        web_sys::ResizeObserver,
        Closure<dyn FnMut()>,
    );
    let wrap_ref = use_node_ref();
    let watching: Rc<std::cell::RefCell<Option<Watch>>> =
        use_memo((), |()| std::cell::RefCell::new(None));
    {
        let store = store.cloned();
        let wrap_ref = wrap_ref.clone();
        let watching = Rc::clone(&watching);
        use_effect(move || {
            let el = wrap_ref.cast::<web_sys::Element>();
            let Ok(mut w) = watching.try_borrow_mut() else {
                return;
            };
            let same = match (&el, w.as_ref()) {
                (Some(el), Some((old, _, _))) => el == old,
                (None, None) => true,
                _ => false,
            };
            if same {
                return;
            }
            if let Some((_, ro, _)) = w.take() {
                ro.disconnect();
            }
            let (Some(el), Some(store)) = (el, store) else {
                return;
            };
            let target = el.clone();
            let on_resize = Closure::<dyn FnMut()>::new(move || {
                let width = u32::try_from(target.client_width()).unwrap_or(0) / 10 * 10;
                let changed = width > 0 && store.read(|s| s.scene_width() != width) == Some(true);
                if changed {
                    store.dispatch(Intent::SetSceneWidth(width));
                }
            });
            if let Ok(ro) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
                ro.observe(&el);
                *w = Some((el, ro, on_resize));
            }
        });
    }
    {
        let watching = Rc::clone(&watching);
        use_effect_with((), move |()| {
            move || {
                if let Ok(mut w) = watching.try_borrow_mut() {
                    if let Some((_, ro, _)) = w.take() {
                        ro.disconnect();
                    }
                }
            }
        });
    }
    wrap_ref
}

/// The live cluster's scene drawn in SVG, redrawn on every frame something moves.
#[derive(Properties, PartialEq)]
pub struct SvgSceneProps {
    pub on_pick: Callback<Target>,
}

#[component]
pub fn SvgScene(props: &SvgSceneProps) -> Html {
    let Some(store) = use_session(Topic::Scene) else {
        return Html::default();
    };
    let lang = store.lang();
    store
        .read(|s| {
            let scene: Rc<Scene> = s.scene();
            let marks = marks_of(s);
            draw(
                lang,
                &scene,
                Some(s.animator()),
                &marks,
                &props.on_pick,
                t(lang, "ui.scene"),
                "scene",
            )
        })
        .unwrap_or_default()
}

/// The live cluster's scene: in SVG, or past `COMPACT_OVER` pods or claims on a canvas (see
/// `scene_canvas`). This box itself only follows the cluster; the drawing inside it follows
/// every frame.
#[component]
pub fn ClusterScene() -> Html {
    let store = use_session(Topic::Cluster);
    let wrap_ref = use_scene_width(store.as_ref());
    // One callback for the page's life, so pod components see equal props from frame to frame.
    let on_pick = use_callback(store.clone(), |target: Target, store| {
        if let Some(store) = store {
            store.dispatch(Intent::Select(Some(target)));
        }
    });
    let Some(store) = store else {
        return Html::default();
    };
    let lang = store.lang();
    let (compact, booted) = store
        .read(|s| (s.scene().compact, s.live().is_some()))
        .unwrap_or((false, false));
    let html = if booted && compact {
        html! { <CanvasScene label={t(lang, "ui.scene")} {on_pick} /> }
    } else if booted {
        html! { <SvgScene {on_pick} /> }
    } else {
        html! { <p class="empty scene-empty" data-testid="scene-empty">{ t(lang, "ui.scene.empty") }</p> }
    };
    html! { <div class="scene-wrap" ref={wrap_ref}>{ html }</div> }
}
