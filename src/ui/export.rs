//! Export: the scene as a self-contained SVG file and as a PNG picture, the console's
//! transcript as text and its history as a `podplay run` script, each a download made in the
//! page (a Blob and an object URL; nothing goes to a server).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement};
use yew::prelude::*;

use super::store::Store;
use crate::i18n::{t, Lang};
use crate::session::Session;

/// The computed properties that draw the scene's shapes and text, written onto each element
/// of the copy so that it looks the same without the page's style sheet.
const STYLE_PROPS: [&str; 17] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "visibility",
    "display",
];

/// Offers `bytes` of type `mime` as a download named `name`.
fn download_blob(parts: &js_sys::Array, mime: &str, name: &str) {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_link(&url, name);
    // Released once the download has surely started.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// Follows a temporary `<a download>` to `href`.
fn click_link(href: &str, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    else {
        return;
    };
    a.set_href(href);
    a.set_download(name);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
}

pub(super) fn download_text(text: &str, mime: &str, name: &str) {
    let parts = js_sys::Array::of1(&text.into());
    download_blob(&parts, mime, name);
}

/// The scene shown, as the text of an SVG file that draws the same on its own (its size, its
/// namespace and each element's computed look written on it), with its width and height.
fn scene_svg() -> Option<(String, f64, f64)> {
    let window = web_sys::window()?;
    let doc = window.document()?;
    let svg = doc.query_selector("svg.scene").ok()??;
    let copy = svg
        .clone_node_with_deep(true)
        .ok()?
        .dyn_into::<Element>()
        .ok()?;
    let rect = svg.get_bounding_client_rect();
    let (w, h) = (rect.width().max(1.0), rect.height().max(1.0));
    let originals = svg.query_selector_all("*").ok()?;
    let copies = copy.query_selector_all("*").ok()?;
    inline_style(&window, &svg, &copy);
    for i in 0..originals.length().min(copies.length()) {
        let (Some(o), Some(c)) = (originals.item(i), copies.item(i)) else {
            continue;
        };
        if let (Ok(o), Ok(c)) = (o.dyn_into::<Element>(), c.dyn_into::<Element>()) {
            inline_style(&window, &o, &c);
        }
    }
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let _ = copy.set_attribute("width", &format!("{w:.0}"));
    let _ = copy.set_attribute("height", &format!("{h:.0}"));
    // The page's background, so the picture reads in either theme.
    let bg = doc
        .body()
        .and_then(|b| window.get_computed_style(&b).ok().flatten())
        .and_then(|s| s.get_property_value("background-color").ok())
        .unwrap_or_default();
    if let Some(style) = style_of(&copy) {
        let _ = style.set_property("background-color", &bg);
    }
    let text = web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&copy)
        .ok()?;
    Some((text, w, h))
}

fn inline_style(window: &web_sys::Window, from: &Element, to: &Element) {
    let Some(style) = window.get_computed_style(from).ok().flatten() else {
        return;
    };
    let mut css = String::new();
    for p in STYLE_PROPS {
        if let Ok(v) = style.get_property_value(p) {
            if !v.is_empty() {
                css.push_str(&format!("{p}:{v};"));
            }
        }
    }
    if let Some(to) = style_of(to) {
        to.set_css_text(&css);
    }
    let _ = to.remove_attribute("class");
}

/// The inline style of an SVG or HTML element, to be written through the CSSOM: the page's
/// Content-Security-Policy allows that, and refuses a `style` attribute set as markup.
fn style_of(el: &Element) -> Option<web_sys::CssStyleDeclaration> {
    el.dyn_ref::<web_sys::SvgElement>()
        .map(web_sys::SvgElement::style)
        .or_else(|| {
            el.dyn_ref::<web_sys::HtmlElement>()
                .map(web_sys::HtmlElement::style)
        })
}

fn export_svg() {
    if let Some((text, _, _)) = scene_svg() {
        download_text(&text, "image/svg+xml", "podplay-scene.svg");
    }
}

/// The SVG drawn at twice its size into a canvas, offered as a PNG.
fn export_png() {
    let Some((text, w, h)) = scene_svg() else {
        return;
    };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(img), Some(canvas)) = (
        HtmlImageElement::new(),
        doc.create_element("canvas")
            .ok()
            .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok()),
    ) else {
        return;
    };
    let scale = 2.0;
    // Whole pixels of a picture at most a few thousand wide: far inside u32.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (cw, ch) = ((w * scale).ceil() as u32, (h * scale).ceil() as u32);
    canvas.set_width(cw);
    canvas.set_height(ch);
    let drawn = img.clone();
    let onload = Closure::once_into_js(move || {
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.scale(scale, scale);
        let _ = ctx.draw_image_with_html_image_element(&drawn, 0.0, 0.0);
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            click_link(&url, "podplay-scene.png");
        }
    });
    img.set_onload(Some(onload.unchecked_ref()));
    let data = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&text))
    );
    img.set_src(&data);
}

/// The Export menu: the scene (SVG, PNG), the transcript and the script.
pub fn export_menu(store: &Store, lang: Lang) -> Html {
    let on_text = |read: fn(&Session) -> String, mime: &'static str, name: &'static str| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(text) = store.read(read) {
                download_text(&text, mime, name);
            }
        })
    };
    let item = |testid: &'static str, id: &'static str, onclick: Callback<MouseEvent>| {
        html! {
            <button type="button" class="export-item" data-testid={testid} {onclick}>
                { t(lang, id) }
            </button>
        }
    };
    html! {
        <details class="export-menu" data-testid="export-menu">
            <summary class="console-button" data-testid="export">{ t(lang, "ui.export") }</summary>
            <div class="export-list">
                { item("export-svg", "ui.export.svg", Callback::from(|_: MouseEvent| export_svg())) }
                { item("export-png", "ui.export.png", Callback::from(|_: MouseEvent| export_png())) }
                { item("export-transcript", "ui.export.transcript",
                    on_text(Session::transcript, "text/plain;charset=utf-8", "podplay-transcript.txt")) }
                { item("export-script", "ui.export.script",
                    on_text(Session::export_script, "text/x-shellscript;charset=utf-8", "podplay-history.sh")) }
            </div>
        </details>
    }
}
