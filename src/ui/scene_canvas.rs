//! Big scenes (compact tiles, past `COMPACT_OVER` pods or claims) painted on a `<canvas>`.
//!
//! An SVG scene costs the browser style, layout and paint for every element that moves, every
//! frame; with hundreds of pods that is most of a frame. Here the animation loop paints the
//! canvas directly (no DOM change per frame), and over it lies one transparent button per
//! object at its resting place: focusable, named for screen readers, with the details in its
//! tooltip. The buttons follow the cluster at the panels' rate, not every frame.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, MediaQueryList};
use yew::prelude::*;

use super::browser::use_style;
use super::scene_shared::{
    claim_label, claim_tip, clip, fit_head, fit_name, group_title, marks_of, node_title, pod_label,
    pod_tip, record_line, service_ip, service_ip_line, service_kind, service_label, volume_label,
    wait_line, wrap, Marks,
};
use super::store::{use_session, Store, Topic};
use crate::i18n::{t, Lang};
use crate::manifest::objects::Kind;
use crate::session::Session;
use crate::view_model::scene::{LinkKind, PodGlyph, PodState, Rect, Scene, WAIT_LINE};
use crate::view_model::tween::Animator;
use crate::view_model::why::Target;

/// The page's colours, read from its CSS custom properties (so light, dark and a later restyle
/// all reach the canvas).
#[derive(Debug, Clone, Default)]
struct Palette {
    fg: String,
    muted: String,
    border: String,
    focus: String,
    surface: String,
    node_bg: String,
    group_bg: String,
    warning: String,
    svc_bg: String,
    svc_edge: String,
    pvc_bg: String,
    pvc_edge: String,
    pv_bg: String,
    pv_edge: String,
    link: String,
    link_endpoint: String,
    packet: String,
    answer: String,
    /// Fill and edge per state, in [`STATES`] order.
    pods: Vec<(String, String)>,
    font_ui: String,
    font_mono: String,
}

const STATES: [PodState; 7] = [
    PodState::Pending,
    PodState::ContainerCreating,
    PodState::Running,
    PodState::Ready,
    PodState::Terminating,
    PodState::Succeeded,
    PodState::Failed,
];

fn state_vars(s: PodState) -> &'static str {
    match s {
        PodState::Pending => "pending",
        PodState::ContainerCreating => "creating",
        PodState::Running => "running",
        PodState::Ready => "ready",
        PodState::Terminating => "terminating",
        PodState::Succeeded | PodState::Failed => "done",
    }
}

fn state_index(s: PodState) -> usize {
    STATES.iter().position(|x| *x == s).unwrap_or(0)
}

impl Palette {
    fn read(el: &Element) -> Option<Palette> {
        let style = web_sys::window()?.get_computed_style(el).ok()??;
        let var = |name: &str| {
            let v = style.get_property_value(name).unwrap_or_default();
            let v = v.trim();
            if v.is_empty() {
                "#888".to_string()
            } else {
                v.to_string()
            }
        };
        Some(Palette {
            fg: var("--fg"),
            muted: var("--muted"),
            border: var("--border"),
            focus: var("--focus"),
            surface: var("--surface"),
            node_bg: var("--node-bg"),
            group_bg: var("--group-bg"),
            warning: var("--warning-fg"),
            svc_bg: var("--svc-bg"),
            svc_edge: var("--svc-edge"),
            pvc_bg: var("--pvc-bg"),
            pvc_edge: var("--pvc-edge"),
            pv_bg: var("--pv-bg"),
            pv_edge: var("--pv-edge"),
            link: var("--link"),
            link_endpoint: var("--link-endpoint"),
            packet: var("--packet"),
            answer: var("--answer"),
            pods: STATES
                .iter()
                .map(|s| {
                    let n = state_vars(*s);
                    (
                        var(&format!("--pod-{n}-bg")),
                        var(&format!("--pod-{n}-edge")),
                    )
                })
                .collect(),
            font_ui: var("--font-ui"),
            font_mono: var("--font-mono"),
        })
    }
}

/// What the painter keeps between frames: the canvas, the colours and one pre-drawn tile per
/// pod state (a frame copies bitmaps instead of drawing paths).
#[derive(Default)]
struct Painter {
    canvas: Option<HtmlCanvasElement>,
    ctx: Option<CanvasRenderingContext2d>,
    palette: Option<Palette>,
    /// `<html data-theme>` and the system's dark preference the palette was read under.
    theme: (Option<String>, bool),
    dark_query: Option<MediaQueryList>,
    /// The system's dark preference, read when the painter starts and when it changes
    /// (asking the query while painting could make the browser work out styles mid-frame).
    dark: bool,
    size: (u32, u32),
    /// The scene's box as last shown (CSS pixels).
    shown: (f64, f64),
    /// The scroll box's offset and height, measured when it scrolls or resizes (reading them
    /// while painting could force a layout).
    view: Option<(f64, f64)>,
    /// Painted since the canvas was attached.
    painted: bool,
    /// Tiles per state, for (theme, device pixels per CSS pixel, tile width, tile height).
    tiles: Option<(TileKey, Vec<HtmlCanvasElement>)>,
}

type TileKey = ((Option<String>, bool), u64, u64, u64);

fn offscreen(size: (u32, u32)) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let canvas = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into::<HtmlCanvasElement>()
        .ok()?;
    canvas.set_width(size.0.max(1));
    canvas.set_height(size.1.max(1));
    let ctx = canvas
        .get_context("2d")
        .ok()??
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()?;
    Some((canvas, ctx))
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn device(v: f64, dpr: f64) -> u32 {
    (v * dpr).ceil().max(1.0) as u32
}

impl Painter {
    fn theme_now(&mut self) -> (Option<String>, bool) {
        let window = web_sys::window();
        if self.dark_query.is_none() {
            self.dark_query = window
                .as_ref()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
            self.dark = self
                .dark_query
                .as_ref()
                .is_some_and(MediaQueryList::matches);
        }
        let attr = window
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|r| r.get_attribute("data-theme"));
        (attr, self.dark)
    }

    /// Paints `scene` as it is on this frame.
    fn paint(&mut self, lang: Lang, scene: &Scene, anim: &Animator, marks: &Marks) {
        let Some(canvas) = self.canvas.clone() else {
            return;
        };
        if self.ctx.is_none() {
            self.ctx = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
        }
        // The colours are read again when the page's theme attribute or the system's setting
        // changed (reading an attribute costs the browser no style work).
        let theme = self.theme_now();
        if self.palette.is_none() || self.theme != theme {
            self.palette = Palette::read(&canvas);
            self.theme = theme;
        }
        let theme = self.theme.clone();
        let (Some(ctx), Some(pal)) = (self.ctx.clone(), self.palette.take()) else {
            return;
        };
        self.draw(&canvas, &ctx, &pal, &theme, lang, scene, anim, marks);
        self.palette = Some(pal);
    }

    #[allow(clippy::too_many_arguments)]
    fn draw(
        &mut self,
        canvas: &HtmlCanvasElement,
        ctx: &CanvasRenderingContext2d,
        pal: &Palette,
        theme: &(Option<String>, bool),
        lang: Lang,
        scene: &Scene,
        anim: &Animator,
        marks: &Marks,
    ) {
        let dpr = web_sys::window()
            .map_or(1.0, |w| w.device_pixel_ratio())
            .clamp(1.0, 2.0);
        let (top, shown_h, size) = self.fit(canvas, scene, dpr);
        self.painted = true;
        self.ensure_tiles(pal, theme, scene, dpr);
        // The rows shown, [top, bottom) in scene pixels; the canvas's row 0 is `top`.
        let bottom = top + shown_h;
        let d_top = (top * dpr).round();
        let (w, h) = (f64::from(size.0), f64::from(size.1));
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
        ctx.set_global_alpha(1.0);
        ctx.save();
        ctx.clear_rect(0.0, 0.0, w, h);
        ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, -d_top).ok();
        // What does not move is drawn again each frame, but only what lies in the rows shown:
        // cheaper than keeping it in a bitmap of the whole box, which must be copied whole
        // whenever it changes (a rollout changes it several times a second).
        draw_backdrop(ctx, pal, lang, scene, marks, (top, bottom));
        draw_moving(ctx, pal, lang, scene, anim);
        // Pods: a copied tile each, at whole device pixels.
        if let Some((_, tiles)) = &self.tiles {
            ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
            blit_pods(ctx, tiles, scene, anim, (dpr, d_top), (top, bottom));
            ctx.set_global_alpha(1.0);
            ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, -d_top).ok();
        }
        draw_marks(ctx, pal, scene, anim, marks);
        ctx.restore();
    }

    /// Sizes the canvas to what the scroll box shows of `scene` and its box to the scene's (in
    /// steps); answers the rows shown (their top and height, in scene pixels) and the canvas's
    /// size in device pixels.
    fn fit(
        &mut self,
        canvas: &HtmlCanvasElement,
        scene: &Scene,
        dpr: f64,
    ) -> (f64, f64, (u32, u32)) {
        // The box the scene lies in (a little taller than the scene; see `box_height`).
        let height = box_height(scene.height.max(160.0));
        // The canvas is the size of what the scroll box shows (it stays in view as the box
        // scrolls), so a tall scene costs no more per frame than a short one.
        let (top, shown_h) = match self.view {
            Some((top, h)) if h > 0.0 => {
                let h = h.min(height);
                (top.clamp(0.0, (height - h).max(0.0)), h)
            }
            _ => (0.0, height),
        };
        let size = (device(scene.width, dpr), device(shown_h, dpr));
        if self.size != size {
            // Setting a canvas's size clears it and resets its state.
            canvas.set_width(size.0);
            canvas.set_height(size.1);
            let style = canvas.style();
            style
                .set_property("width", &format!("{}px", scene.width))
                .ok();
            style.set_property("height", &format!("{shown_h}px")).ok();
            self.size = size;
        }
        let box_h = height;
        if self.shown != (scene.width, box_h) {
            // The box holds the scene (and the buttons); it grows and shrinks in steps, as
            // changing its size lays out every button again.
            if let Some(wrap) = canvas
                .parent_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let style = wrap.style();
                style
                    .set_property("width", &format!("{}px", scene.width))
                    .ok();
                style.set_property("height", &format!("{box_h}px")).ok();
            }
            self.shown = (scene.width, box_h);
        }
        (top, shown_h, size)
    }

    /// One tile per state, drawn again only for a new colour scheme, zoom or tile size.
    fn ensure_tiles(
        &mut self,
        pal: &Palette,
        theme: &(Option<String>, bool),
        scene: &Scene,
        dpr: f64,
    ) {
        let tile = scene.pods.first().map_or(
            Rect {
                x: 0.0,
                y: 0.0,
                w: 20.0,
                h: 20.0,
            },
            |p| p.rect,
        );
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let tile_key: TileKey = (
            theme.clone(),
            (dpr * 100.0) as u64,
            (tile.w * 10.0) as u64,
            (tile.h * 10.0) as u64,
        );
        if self.tiles.as_ref().is_none_or(|(k, _)| *k != tile_key) {
            let tiles = STATES
                .iter()
                .enumerate()
                .filter_map(|(i, state)| {
                    let (c, tctx) =
                        offscreen((device(tile.w + 2.0, dpr), device(tile.h + 2.0, dpr)))?;
                    tctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0).ok();
                    let (fill, edge) = &pal.pods[i];
                    let dashes: &[f64] = if *state == PodState::Terminating {
                        &[5.0, 3.0]
                    } else {
                        &[]
                    };
                    boxed(
                        &tctx,
                        Rect {
                            x: 1.0,
                            y: 1.0,
                            w: tile.w,
                            h: tile.h,
                        },
                        4.0,
                        fill,
                        edge,
                        1.5,
                        dashes,
                    );
                    Some(c)
                })
                .collect::<Vec<_>>();
            if tiles.len() == STATES.len() {
                self.tiles = Some((tile_key, tiles));
            }
        }
    }
}

/// Copies each pod's tile (and each fading ghost's) that lies in the rows shown, at whole device
/// pixels; `dpr` is device pixels per CSS pixel, `d_top` the first row shown in device pixels.
fn blit_pods(
    ctx: &CanvasRenderingContext2d,
    tiles: &[HtmlCanvasElement],
    scene: &Scene,
    anim: &Animator,
    (dpr, d_top): (f64, f64),
    (top, bottom): (f64, f64),
) {
    let alpha = std::cell::Cell::new(1.0);
    let blit = |p: &PodGlyph, x: f64, y: f64, o: f64| {
        if let Some(t) = tiles.get(state_index(p.state)) {
            let o = o.clamp(0.0, 1.0);
            if (alpha.get() - o).abs() > f64::EPSILON {
                ctx.set_global_alpha(o);
                alpha.set(o);
            }
            ctx.draw_image_with_html_canvas_element(
                t,
                ((x - 1.0) * dpr).round(),
                ((y - 1.0) * dpr).round() - d_top,
            )
            .ok();
        }
    };
    let seen = |y: f64, h: f64| y + h + 2.0 >= top && y - 2.0 <= bottom;
    for (p, m) in scene.pods.iter().zip(anim.motions(scene).iter()) {
        if seen(m.y, p.rect.h) {
            blit(p, m.x, m.y, m.opacity);
        }
    }
    for g in anim.ghosts() {
        if seen(g.glyph.rect.y, g.glyph.rect.h) {
            blit(&g.glyph, g.glyph.rect.x, g.glyph.rect.y, g.opacity());
        }
    }
}

/// The height of the box holding a scene `height` tall: the next multiple of 128 CSS pixels.
fn box_height(height: f64) -> f64 {
    (height / 128.0).ceil().max(1.0) * 128.0
}

impl Painter {
    /// Measures the scroll box around the canvas (its offset and height).
    fn measure(&mut self) {
        let scroller = self
            .canvas
            .as_ref()
            .and_then(|c| c.parent_element())
            .and_then(|wrap| wrap.parent_element());
        self.view = scroller.and_then(|el| {
            (el.client_height() > 0)
                .then(|| (f64::from(el.scroll_top()), f64::from(el.client_height())))
        });
    }
}

fn dash(ctx: &CanvasRenderingContext2d, segments: &[f64]) {
    let arr = js_sys::Array::new();
    for s in segments {
        arr.push(&JsValue::from_f64(*s));
    }
    ctx.set_line_dash(&arr).ok();
}

fn round_box(ctx: &CanvasRenderingContext2d, r: Rect, radius: f64) {
    ctx.round_rect_with_f64(r.x, r.y, r.w, r.h, radius).ok();
}

/// A filled and outlined rounded box.
#[allow(clippy::too_many_arguments)]
fn boxed(
    ctx: &CanvasRenderingContext2d,
    r: Rect,
    radius: f64,
    fill: &str,
    edge: &str,
    width: f64,
    dashes: &[f64],
) {
    ctx.begin_path();
    round_box(ctx, r, radius);
    ctx.set_fill_style_str(fill);
    ctx.fill();
    ctx.set_stroke_style_str(edge);
    ctx.set_line_width(width);
    dash(ctx, dashes);
    ctx.stroke();
}

fn outline(ctx: &CanvasRenderingContext2d, r: Rect, radius: f64, colour: &str) {
    ctx.begin_path();
    round_box(ctx, r, radius);
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(3.0);
    dash(ctx, &[]);
    ctx.stroke();
}

fn text(ctx: &CanvasRenderingContext2d, s: &str, x: f64, y: f64) {
    ctx.fill_text(s, x, y).ok();
}

fn font(weight: u16, px: u16, family: &str) -> String {
    format!("{weight} {px}px {family}")
}

/// The Services, with their addresses and DNS records.
fn draw_services(
    ctx: &CanvasRenderingContext2d,
    pal: &Palette,
    lang: Lang,
    scene: &Scene,
    marks: &Marks,
    seen: &dyn Fn(&Rect) -> bool,
) {
    for s in scene.services.iter().filter(|s| seen(&s.rect)) {
        let headless = s.cluster_ip.is_none();
        let dashes: &[f64] = if headless { &[6.0, 3.0] } else { &[] };
        boxed(ctx, s.rect, 10.0, &pal.svc_bg, &pal.svc_edge, 1.5, dashes);
        if marks.is_selected(&Target::object(Kind::Service, &s.key)) {
            outline(ctx, s.rect, 10.0, &pal.focus);
        } else if marks.answers(s.cluster_ip.as_ref()) {
            outline(ctx, s.rect, 10.0, &pal.answer);
        }
        ctx.set_fill_style_str(&pal.fg);
        ctx.set_font(&font(700, 11, &pal.font_mono));
        let room = s.rect.w - 20.0;
        text(
            ctx,
            &fit_name(&s.key.name, room, 11.0),
            s.rect.x + 10.0,
            s.rect.y + 20.0,
        );
        ctx.set_font(&font(400, 10, &pal.font_ui));
        text(
            ctx,
            &fit_head(service_kind(lang, s), room, 10.0),
            s.rect.x + 10.0,
            s.rect.y + 36.0,
        );
        text(
            ctx,
            &fit_head(&service_ip_line(s), room, 10.0),
            s.rect.x + 10.0,
            s.rect.y + 51.0,
        );
        ctx.set_font(&font(400, 10, &pal.font_mono));
        for r in &s.records {
            text(
                ctx,
                &fit_head(&record_line(r), r.rect.w - 4.0, 10.0),
                r.rect.x + 2.0,
                r.rect.y + 11.0,
            );
        }
    }
}

/// What seldom changes: the node, the group boxes, Services, storage and empty places (in the
/// order the SVG scene layers them).
fn draw_backdrop(
    ctx: &CanvasRenderingContext2d,
    pal: &Palette,
    lang: Lang,
    scene: &Scene,
    marks: &Marks,
    (top, bottom): (f64, f64),
) {
    let seen = |r: &Rect| r.y + r.h + 4.0 >= top && r.y - 4.0 <= bottom;
    ctx.set_text_baseline("alphabetic");
    if let Some(node) = &scene.node {
        boxed(ctx, node.rect, 12.0, &pal.node_bg, &pal.border, 1.5, &[]);
        ctx.set_fill_style_str(&pal.muted);
        ctx.set_font(&font(700, 11, &pal.font_ui));
        let room = match &scene.coredns {
            Some(c) if c.y < node.rect.y + 20.0 => c.x - node.rect.x - 20.0,
            _ => node.rect.w - 24.0,
        };
        text(
            ctx,
            &fit_head(&node_title(lang, node, scene.n_system_pods), room, 11.0),
            node.rect.x + 12.0,
            node.rect.y + 20.0,
        );
    }
    if let Some(r) = &scene.coredns {
        boxed(ctx, *r, 11.0, &pal.svc_bg, &pal.svc_edge, 1.5, &[]);
        ctx.set_fill_style_str(&pal.fg);
        ctx.set_font(&font(700, 11, &pal.font_ui));
        text(ctx, "CoreDNS", r.x + 22.0, r.y + 15.0);
    }
    for g in scene.groups.iter().filter(|g| seen(&g.rect)) {
        boxed(
            ctx,
            g.rect,
            8.0,
            &pal.group_bg,
            &pal.border,
            1.0,
            &[4.0, 3.0],
        );
    }
    draw_services(ctx, pal, lang, scene, marks, &seen);
    if scene.storage_y > 0.0 {
        ctx.set_fill_style_str(&pal.muted);
        ctx.set_font(&font(700, 11, &pal.font_ui));
        text(ctx, t(lang, "ui.storage"), 32.0, scene.storage_y + 12.0);
    }
    for c in scene.claims.iter().filter(|c| seen(&c.rect)) {
        let waiting = c.waiting || c.phase.name() == "Pending";
        let dashes: &[f64] = if waiting { &[5.0, 3.0] } else { &[] };
        boxed(ctx, c.rect, 6.0, &pal.pvc_bg, &pal.pvc_edge, 1.5, dashes);
        if marks.is_selected(&Target::object(Kind::PersistentVolumeClaim, &c.key)) {
            outline(ctx, c.rect, 6.0, &pal.focus);
        }
    }
    for v in scene.volumes.iter().filter(|v| seen(&v.rect)) {
        boxed(ctx, v.rect, 6.0, &pal.pv_bg, &pal.pv_edge, 1.5, &[]);
        if marks.is_selected(&Target::volume(&v.name)) {
            outline(ctx, v.rect, 6.0, &pal.focus);
        }
    }
    if !scene.chips.is_empty() {
        ctx.set_fill_style_str(&pal.muted);
        ctx.set_font(&font(700, 11, &pal.font_ui));
        text(ctx, t(lang, "ui.stored.title"), 32.0, scene.chips_y + 12.0);
    }
    for c in scene.chips.iter().filter(|c| seen(&c.rect)) {
        boxed(ctx, c.rect, 8.0, &pal.pv_bg, &pal.muted, 1.0, &[]);
        ctx.set_fill_style_str(&pal.muted);
        ctx.set_font(&font(400, 10, &pal.font_ui));
        text(ctx, &clip(c.kind, 28), c.rect.x + 10.0, c.rect.y + 15.0);
        ctx.set_fill_style_str(&pal.fg);
        ctx.set_font(&font(700, 11, &pal.font_mono));
        text(
            ctx,
            &clip(&c.key.name, 26),
            c.rect.x + 10.0,
            c.rect.y + 31.0,
        );
    }
    for s in scene.slots.iter().filter(|s| seen(&s.rect)) {
        ctx.begin_path();
        round_box(ctx, s.rect, 8.0);
        ctx.set_stroke_style_str(&pal.muted);
        ctx.set_line_width(1.0);
        dash(ctx, &[4.0, 4.0]);
        ctx.stroke();
    }
}

#[allow(clippy::cast_precision_loss)]
fn f(n: usize) -> f64 {
    n as f64
}

/// What changes from frame to frame under the pods: group titles and wait notes, and the links
/// (a link follows its pod while the pod glides).
fn draw_moving(
    ctx: &CanvasRenderingContext2d,
    pal: &Palette,
    lang: Lang,
    scene: &Scene,
    anim: &Animator,
) {
    ctx.set_text_baseline("alphabetic");
    ctx.set_font(&font(700, 11, &pal.font_ui));
    for g in &scene.groups {
        let room = g.rect.w - 16.0;
        let title = fit_head(&group_title(lang, g), room, 11.0);
        ctx.set_fill_style_str(&pal.fg);
        text(ctx, &title, g.rect.x + 8.0, g.title_y);
        if let Some(wait) = &g.wait {
            ctx.set_fill_style_str(&pal.warning);
            let lines = wrap(&wait_line(lang, wait), room, 11.0, 2);
            for (i, line) in lines.iter().enumerate() {
                text(
                    ctx,
                    line,
                    g.rect.x + 8.0,
                    g.title_y + WAIT_LINE + 16.0 * f(i),
                );
            }
        }
    }
    // A pod's place on this frame, found through the animator's index of the scene.
    let motions = anim.motions(scene);
    let place = |uid: &str| -> Option<(f64, f64, f64, f64, f64, f64)> {
        let i = anim.index_of(uid)?;
        let p = scene.pods.get(i).filter(|p| p.uid == uid)?;
        let m = motions.get(i)?;
        Some((m.x, m.y, p.rect.w, p.rect.h, p.rect.x, p.rect.y))
    };
    for (kind, colour, width, dashes) in [
        (LinkKind::Endpoint, &pal.link_endpoint, 1.5, &[6.0, 4.0][..]),
        (LinkKind::Mount, &pal.link, 1.5, &[][..]),
        (LinkKind::Bind, &pal.link, 2.5, &[][..]),
    ] {
        ctx.begin_path();
        let mut any = false;
        for l in scene.links.iter().filter(|l| l.kind == kind) {
            // A link's end at a pod follows the pod while it glides.
            let shift = |uid: &str, p: (f64, f64)| {
                place(uid).map_or(p, |(x, y, _, _, rx, ry)| (p.0 + x - rx, p.1 + y - ry))
            };
            let (mut from, mut to) = (l.from, l.to);
            if kind == LinkKind::Endpoint {
                to = shift(&l.ends.1, to);
            }
            if kind == LinkKind::Mount {
                from = shift(&l.ends.0, from);
            }
            ctx.move_to(from.0, from.1);
            for (x, y) in &l.via {
                ctx.line_to(*x, *y);
            }
            ctx.line_to(to.0, to.1);
            any = true;
        }
        if any {
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(width);
            dash(ctx, dashes);
            ctx.stroke();
        }
    }
}

/// Over the pods: the selected pod, the pods a DNS query answered, and requests in flight.
fn draw_marks(
    ctx: &CanvasRenderingContext2d,
    pal: &Palette,
    scene: &Scene,
    anim: &Animator,
    marks: &Marks,
) {
    for p in &scene.pods {
        let selected = marks
            .selected
            .as_ref()
            .is_some_and(|o| o.is_object(Kind::Pod, &p.key));
        let answered = marks.answers(p.ip.as_ref());
        if selected || answered {
            let m = anim.motion(p);
            outline(
                ctx,
                Rect {
                    x: m.x,
                    y: m.y,
                    ..p.rect
                },
                4.0,
                if selected { &pal.focus } else { &pal.answer },
            );
        }
    }
    let packets = anim.packets();
    if !packets.is_empty() {
        ctx.begin_path();
        for pk in packets {
            let (x, y) = pk.position();
            ctx.move_to(x + 5.0, y);
            ctx.arc(x, y, 5.0, 0.0, std::f64::consts::TAU).ok();
        }
        ctx.set_fill_style_str(&pal.packet);
        ctx.fill();
        ctx.set_stroke_style_str(&pal.surface);
        ctx.set_line_width(1.5);
        dash(ctx, &[]);
        ctx.stroke();
    }
}

/// One object's button over the canvas.
#[derive(Properties, PartialEq)]
pub struct HitProps {
    pub rect: (i64, i64, i64, i64),
    pub testid: AttrValue,
    pub label: AttrValue,
    pub title: AttrValue,
    pub target: Target,
    pub selected: bool,
    #[prop_or_default]
    pub state: Option<AttrValue>,
    #[prop_or_default]
    pub ip: Option<AttrValue>,
    #[prop_or_default]
    pub cluster_ip: Option<AttrValue>,
    #[prop_or_default]
    pub phase: Option<AttrValue>,
    #[prop_or_default]
    pub pod: Option<AttrValue>,
    #[prop_or_default]
    pub volume: Option<AttrValue>,
    pub on_pick: Callback<Target>,
}

/// A transparent button at an object's place: a component of its own, so only the objects
/// that changed are touched when the buttons follow the cluster.
#[component]
pub fn Hit(props: &HitProps) -> Html {
    let (x, y, w, h) = props.rect;
    let node = use_node_ref();
    use_style(
        &node,
        vec![
            ("left", format!("{x}px")),
            ("top", format!("{y}px")),
            ("width", format!("{w}px")),
            ("height", format!("{h}px")),
        ],
    );
    let onclick = {
        let on_pick = props.on_pick.clone();
        let target = props.target.clone();
        Callback::from(move |_: MouseEvent| on_pick.emit(target.clone()))
    };
    html! {
        <button
            type="button"
            ref={node}
            class={classes!("hit", props.selected.then_some("selected"))}
            aria-label={props.label.clone()}
            title={props.title.clone()}
            data-testid={props.testid.clone()}
            data-state={props.state.clone()}
            data-ip={props.ip.clone()}
            data-cluster-ip={props.cluster_ip.clone()}
            data-phase={props.phase.clone()}
            data-pod={props.pod.clone()}
            data-volume={props.volume.clone()}
            {onclick}
        />
    }
}

#[allow(clippy::cast_possible_truncation)]
fn px(r: Rect) -> (i64, i64, i64, i64) {
    (
        r.x.round() as i64,
        r.y.round() as i64,
        r.w.round() as i64,
        r.h.round() as i64,
    )
}

/// The buttons of every object in `scene`, in reading order (Services, pods, storage). With
/// `pods` false the pods have none, and a note for screen readers says why.
fn hits(lang: Lang, scene: &Scene, marks: &Marks, on_pick: &Callback<Target>, pods: bool) -> Html {
    let services = scene.services.iter().map(|s| {
        let target = Target::object(Kind::Service, &s.key);
        let ip = service_ip(s);
        html! {
            <Hit
                key={s.uid.clone()}
                rect={px(s.rect)}
                testid={format!("svc-{}", s.key.name)}
                label={service_label(lang, s)}
                title={format!("{} · {} · {ip}", s.key.name, service_kind(lang, s))}
                selected={marks.is_selected(&target)}
                {target}
                cluster_ip={AttrValue::from(ip)}
                on_pick={on_pick.clone()}
            />
        }
    });
    let pod_hits = scene.pods.iter().map(|p| {
        let target = Target::object(Kind::Pod, &p.key);
        html! {
            <Hit
                key={p.uid.clone()}
                rect={px(p.rect)}
                testid={format!("pod-{}", p.key.name)}
                label={pod_label(lang, p)}
                title={pod_tip(lang, p)}
                selected={marks.is_selected(&target)}
                {target}
                state={AttrValue::from(p.state.class())}
                ip={AttrValue::from(p.ip.clone().unwrap_or_default())}
                on_pick={on_pick.clone()}
            />
        }
    });
    let claims = scene.claims.iter().map(|c| {
        let target = Target::object(Kind::PersistentVolumeClaim, &c.key);
        html! {
            <Hit
                key={c.uid.clone()}
                rect={px(c.rect)}
                testid={format!("pvc-{}", c.key.name)}
                label={claim_label(lang, c)}
                title={claim_tip(c)}
                selected={marks.is_selected(&target)}
                {target}
                phase={AttrValue::from(c.phase.name())}
                pod={AttrValue::from(c.pod.clone().unwrap_or_default())}
                volume={AttrValue::from(c.volume.clone().unwrap_or_default())}
                on_pick={on_pick.clone()}
            />
        }
    });
    let volumes = scene.volumes.iter().map(|v| {
        let target = Target::volume(&v.name);
        html! {
            <Hit
                key={v.uid.clone()}
                rect={px(v.rect)}
                testid={format!("pv-{}", v.name)}
                label={volume_label(v)}
                title={format!("{} · {} · {}", v.name, v.phase.name(), v.capacity)}
                selected={marks.is_selected(&target)}
                {target}
                phase={AttrValue::from(v.phase.name())}
                on_pick={on_pick.clone()}
            />
        }
    });
    html! {
        <>
            <div class="hits-services">{ for services }</div>
            <div class="hits-pods">
                if pods {
                    { for pod_hits }
                } else {
                    <p class="visually-hidden" data-testid="pods-busy">{ t(lang, "ui.scene.pods_busy") }</p>
                }
            </div>
            <div class="hits-claims">{ for claims }</div>
            <div class="hits-volumes">{ for volumes }</div>
        </>
    }
}

/// The pod drawn at `(x, y)` (scene pixels) on the current frame, if any.
fn pod_at(store: &Store, x: f64, y: f64) -> Option<Rc<PodGlyph>> {
    store
        .read(|s| {
            let scene = s.scene();
            let motions = s.animator().motions(&scene);
            scene
                .pods
                .iter()
                .zip(motions.iter())
                .find(|(g, m)| x >= m.x && x <= m.x + g.rect.w && y >= m.y && y <= m.y + g.rect.h)
                .map(|(g, _)| Rc::clone(g))
        })
        .flatten()
}

/// Where a pointer event on the canvas falls, in scene pixels (the canvas's box is the scene's).
fn scene_point(e: &MouseEvent) -> Option<(HtmlCanvasElement, f64, f64)> {
    let canvas = e.target_dyn_into::<HtmlCanvasElement>()?;
    let r = canvas.parent_element()?.get_bounding_client_rect();
    Some((
        canvas,
        f64::from(e.client_x()) - r.left(),
        f64::from(e.client_y()) - r.top(),
    ))
}

/// Whether keyboard focus is on one of the pods' buttons.
fn focus_on_pods() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|el| el.closest(".hits-pods").ok().flatten())
        .is_some()
}

/// Paints the live scene now, if it is a canvas scene.
fn repaint(store: &Store, painter: &RefCell<Painter>, lang: Lang) {
    store.read(|s| {
        let scene = s.scene();
        if !scene.compact || s.live().is_none() {
            return;
        }
        let marks = marks_of(s);
        if let Ok(mut painter) = painter.try_borrow_mut() {
            painter.paint(lang, &scene, s.animator(), &marks);
        }
    });
}

/// Measures the scroll box again and repaints whenever `target` fires `event`.
fn repaint_on(
    target: &web_sys::EventTarget,
    event: &'static str,
    store: Option<&Store>,
    painter: &Rc<RefCell<Painter>>,
    lang: Lang,
) -> gloo::events::EventListener {
    let store = store.cloned();
    let painter = Rc::clone(painter);
    gloo::events::EventListener::new(target, event, move |_| {
        if let Ok(mut pt) = painter.try_borrow_mut() {
            pt.measure();
        }
        if let Some(store) = &store {
            repaint(store, &painter, lang);
        }
    })
}

#[derive(Properties, PartialEq)]
pub struct CanvasSceneProps {
    pub label: AttrValue,
    pub on_pick: Callback<Target>,
}

/// Attaches the painter to the canvas and keeps it painting without Yew: on the scene topic,
/// on the system's light/dark change, on scrolling the scene's box and on resizing the window.
#[hook]
fn use_painter(
    store: Option<&Store>,
    painter: &Rc<RefCell<Painter>>,
    canvas_ref: &NodeRef,
    lang: Lang,
) {
    // The painter listens to the scene topic itself: a frame paints without Yew.
    let store = store.cloned();
    let painter = Rc::clone(painter);
    let canvas_ref = canvas_ref.clone();
    use_effect_with(lang, move |&lang| {
        if let Ok(mut pt) = painter.try_borrow_mut() {
            pt.canvas = canvas_ref.cast::<HtmlCanvasElement>();
            pt.ctx = None;
            pt.size = (0, 0);
            pt.shown = (0.0, 0.0);
            pt.painted = false;
            pt.measure();
        }
        let sub = store.as_ref().map(|store| {
            let handle = store.clone();
            let painter = Rc::clone(&painter);
            store.subscribe(
                Topic::Scene,
                Rc::new(move || repaint(&handle, &painter, lang)),
            )
        });
        // The system's light/dark changing repaints too.
        let listener = painter
            .try_borrow_mut()
            .ok()
            .and_then(|mut pt| {
                pt.theme_now();
                pt.dark_query.clone()
            })
            .map(|mql| {
                let store = store.clone();
                let painter = Rc::clone(&painter);
                let query = mql.clone();
                gloo::events::EventListener::new(&mql, "change", move |_| {
                    if let Ok(mut pt) = painter.try_borrow_mut() {
                        pt.dark = query.matches();
                    }
                    if let Some(store) = &store {
                        repaint(store, &painter, lang);
                    }
                })
            });
        // Scrolling the scene's box paints the rows it brings into view.
        let scroller = canvas_ref
            .cast::<HtmlCanvasElement>()
            .and_then(|c| c.parent_element())
            .and_then(|wrap| wrap.parent_element())
            .map(|el| repaint_on(&el, "scroll", store.as_ref(), &painter, lang));
        let resized =
            web_sys::window().map(|w| repaint_on(&w, "resize", store.as_ref(), &painter, lang));
        move || {
            drop(listener);
            drop(scroller);
            drop(resized);
            if let (Some(store), Some(id)) = (store, sub) {
                store.unsubscribe(id);
            }
        }
    });
}

/// Paints after a render, unless time runs and the animation loop paints anyway.
#[hook]
fn use_paint_after_render(store: Option<&Store>, painter: &Rc<RefCell<Painter>>, lang: Lang) {
    // The first render, and any while time stands still, paints at once; while time runs
    // the animation loop paints on its next frame anyway.
    let store = store.cloned();
    let painter = Rc::clone(painter);
    use_effect(move || {
        if let Some(store) = &store {
            let playing = store.read(Session::is_playing).unwrap_or(false);
            let painted = painter.try_borrow().is_ok_and(|pt| pt.painted);
            if !(playing && painted) {
                repaint(store, &painter, lang);
            }
        }
    });
}

/// A click on the canvas itself (not on a button) opens the pod under the pointer.
fn pick_pod_on_click(store: &Store, on_pick: &Callback<Target>) -> Callback<MouseEvent> {
    let store = store.clone();
    let on_pick = on_pick.clone();
    Callback::from(move |e: MouseEvent| {
        if let Some((_, x, y)) = scene_point(&e) {
            if let Some(g) = pod_at(&store, x, y) {
                on_pick.emit(Target::object(Kind::Pod, &g.key));
            }
        }
    })
}

/// Over a pod, the canvas shows its tooltip and a pointing hand.
fn pod_tip_on_move(store: &Store, lang: Lang) -> Callback<MouseEvent> {
    let store = store.clone();
    Callback::from(move |e: MouseEvent| {
        let Some((canvas, x, y)) = scene_point(&e) else {
            return;
        };
        let tip = pod_at(&store, x, y).map(|g| pod_tip(lang, &g));
        let tip = tip.unwrap_or_default();
        if canvas.title() != tip {
            let cursor = if tip.is_empty() { "default" } else { "pointer" };
            canvas.style().set_property("cursor", cursor).ok();
            canvas.set_title(&tip);
        }
    })
}

/// The live cluster's scene on a canvas: painted by the animation loop on every frame
/// something moves, with its buttons following the cluster at the panels' rate.
#[component]
pub fn CanvasScene(props: &CanvasSceneProps) -> Html {
    let store = use_session(Topic::ClusterSlow);
    let canvas_ref = use_node_ref();
    let painter = use_memo((), |()| RefCell::new(Painter::default()));
    let lang = store.as_ref().map_or(Lang::En, Store::lang);
    use_painter(store.as_ref(), &painter, &canvas_ref, lang);
    use_paint_after_render(store.as_ref(), &painter, lang);
    let read = store.as_ref().and_then(|store| {
        store.read(|s| {
            (
                s.scene(),
                marks_of(s),
                s.animator().packets().len(),
                s.busy(),
            )
        })
    });
    // The box's size, set as the painter sets it (through the CSSOM, not a `style=`).
    let box_ref = use_node_ref();
    let size = read.as_ref().map_or_else(Vec::new, |(scene, ..)| {
        vec![
            ("width", format!("{}px", scene.width)),
            (
                "height",
                format!("{}px", box_height(scene.height.max(160.0))),
            ),
        ]
    });
    use_style(&box_ref, size);
    let (Some(store), Some((scene, marks, packets, busy))) = (store, read) else {
        return Html::default();
    };
    // While the pods change, their buttons would be out of date within the second, and laying
    // out a hundred of them again costs frames: the pointer finds pods on the canvas instead,
    // and the keyboard reaches them when time is paused or the pods are still (or while one of
    // the buttons has focus, so it is not taken away).
    let pod_buttons = !busy || focus_on_pods();
    let height = scene.height.max(160.0);
    let onclick = pick_pod_on_click(&store, &props.on_pick);
    let onmousemove = pod_tip_on_move(&store, lang);
    html! {
        <div
            class="scene-canvas"
            ref={box_ref}
            role="group"
            aria-label={props.label.clone()}
            data-testid="scene"
            data-pods={scene.pods.len().to_string()}
            data-packets={packets.to_string()}
            data-pod-buttons={pod_buttons.to_string()}
            {onclick}
            {onmousemove}
        >
            // The painter sizes the canvas (its bitmap grows in steps).
            <canvas ref={canvas_ref} aria-hidden="true" />
            <svg class="scene-motion" viewBox={format!("0 0 {} {height:.0}", scene.width)} width={scene.width.to_string()} height={format!("{height:.0}")}>
                { super::scene_motion::overlay(lang, &scene, None, &marks.motion) }
            </svg>
            { hits(lang, &scene, &marks, &props.on_pick, pod_buttons) }
        </div>
    }
}
