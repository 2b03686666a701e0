//! Drawn over the scene's glyphs: each endpoint's live request count and share in its pod's
//! reserved place, the rule that picked on the Service, DNS questions travelling to CoreDNS
//! and back with the answering records lit, new bind and mount lines growing, and the marks
//! of what the last Step changed. Everything here is placed by `view_model::motion`.

use yew::prelude::*;

use crate::i18n::Lang;
use crate::view_model::motion::{self, MotionView};
use crate::view_model::scene::{Link, Rect, Scene};
use crate::view_model::tween::Animator;

fn f1(v: f64) -> String {
    format!("{v:.1}")
}

/// A box with one line of text centred in it.
fn labelled(class: &'static str, r: Rect, text: String) -> Html {
    let (cx, cy) = r.center();
    html! {
        <>
            <rect class={format!("{class}-box")} x={f1(r.x)} y={f1(r.y)} width={f1(r.w)} height={f1(r.h)} rx="5" />
            <text class={format!("{class}-text")} x={f1(cx)} y={f1(cy)} text-anchor="middle" dominant-baseline="central">{ text }</text>
        </>
    }
}

fn load_balance(lang: Lang, view: &MotionView) -> Html {
    let badges = view.load.badges.iter().map(|b| {
        html! {
            <g key={b.pod.clone()} class="request-count" data-testid="request-count" data-pod={b.pod.clone()} data-hits={b.hits.to_string()} data-percent={b.percent.to_string()}>
                { labelled("request-count", b.rect, b.text().render(lang)) }
            </g>
        }
    });
    let rule = view.load.rule.as_ref().map(|r| {
        html! {
            <g class="pick-rule" data-testid="pick-rule" data-service={r.service.clone()}>
                { labelled("pick-rule", r.rect, r.text.render(lang)) }
            </g>
        }
    });
    html! { <g class="layer-load">{ for badges }{ for rule }</g> }
}

fn step_marks(lang: Lang, scene: &Scene, view: &MotionView) -> Html {
    let Some(change) = &view.step else {
        return Html::default();
    };
    let marks = motion::changed_marks(scene, change).into_iter().map(|(object, r)| {
        html! {
            <rect key={object.clone()} class="changed" data-testid="changed" data-object={object} x={f1(r.x - 3.0)} y={f1(r.y - 3.0)} width={f1(r.w + 6.0)} height={f1(r.h + 6.0)} rx="10" />
        }
    });
    let said = crate::i18n::Msg::new("vm.step.changed")
        .text(change.objects.join(", "))
        .render(lang);
    html! {
        <g class="layer-changed" data-testid="step-changed" data-objects={change.objects.join(" ")} data-merged={change.merged.to_string()}>
            <title>{ said }</title>
            { for marks }
        </g>
    }
}

fn flights(lang: Lang, scene: &Scene, anim: &Animator) -> Html {
    let frames = anim
        .flights()
        .iter()
        .filter_map(|f| motion::flight_frame(scene, f));
    let drawn = frames.map(|fr| {
        let lit = fr.lit.iter().map(|l| {
            let r = l.rect;
            html! { <rect key={format!("{}/{}", l.service, l.name)} class="dns-lit" data-testid="dns-lit" data-record={l.name.clone()} x={f1(r.x)} y={f1(r.y)} width={f1(r.w)} height={f1(r.h)} rx="4" /> }
        });
        let title = crate::i18n::Msg::new("vm.dns.flight")
            .text(fr.name.clone())
            .render(lang);
        let class = classes!(
            "dns-packet",
            fr.leg.class(),
            (!fr.answered).then_some("nxdomain")
        );
        html! {
            <g key={fr.id.to_string()} class="dns-flight">
                { for lit }
                <circle class={class} data-testid="dns-packet" data-leg={fr.leg.class()} data-name={fr.name.clone()} cx={f1(fr.at.0)} cy={f1(fr.at.1)} r="6">
                    <title>{ title }</title>
                </circle>
            </g>
        }
    });
    html! { <g class="layer-dns">{ for drawn }</g> }
}

fn growing(scene: &Scene, anim: &Animator) -> Html {
    let lines = scene.links.iter().filter_map(|l: &Link| {
        let age = anim.growing(&l.id)?;
        // A mount line starts at its pod, wherever the pod is drawn on this frame.
        let from = match l.kind {
            crate::view_model::scene::LinkKind::Mount => scene
                .pods
                .iter()
                .find(|p| p.uid == l.ends.0)
                .map_or(l.from, |p| {
                    let m = anim.motion(p);
                    (l.from.0 + m.x - p.rect.x, l.from.1 + m.y - p.rect.y)
                }),
            _ => l.from,
        };
        let end = motion::grown_end(from, l.to, age);
        let kind = match l.kind {
            crate::view_model::scene::LinkKind::Bind => "bind",
            crate::view_model::scene::LinkKind::Mount => "mount",
            crate::view_model::scene::LinkKind::Endpoint => "endpoint",
        };
        Some(html! {
            <path key={l.id.clone()} class={classes!("link-grow", kind)} data-testid="link-grow" data-link={l.id.clone()} d={format!("M{:.1} {:.1}L{:.1} {:.1}", from.0, from.1, end.0, end.1)} />
        })
    });
    let rings = scene.volumes.iter().filter_map(|v| {
        let age = anim.provisioned(&v.uid)?;
        let r = v.rect;
        let opacity = (1.0 - age / motion::GROW_MS).clamp(0.0, 1.0);
        Some(html! {
            <rect key={v.uid.clone()} class="provisioned" data-testid="provisioned" data-volume={v.name.clone()} x={f1(r.x - 4.0)} y={f1(r.y - 4.0)} width={f1(r.w + 8.0)} height={f1(r.h + 8.0)} rx="10" opacity={format!("{opacity:.2}")} />
        })
    });
    html! { <g class="layer-grow">{ for lines }{ for rings }</g> }
}

/// Everything drawn over the glyphs of `scene` on this frame.
pub fn overlay(lang: Lang, scene: &Scene, anim: Option<&Animator>, view: &MotionView) -> Html {
    html! {
        <g class="layer-motion">
            { anim.map(|a| growing(scene, a)).unwrap_or_default() }
            { load_balance(lang, view) }
            { step_marks(lang, scene, view) }
            { anim.map(|a| flights(lang, scene, a)).unwrap_or_default() }
        </g>
    }
}
