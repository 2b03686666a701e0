//! Page-wide keys and the `?` sheet listing them. Keys act only when the focus is not in a
//! text field (where they are text), except Ctrl+Enter (Apply), which works everywhere.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::store::{use_store, Store};
use crate::i18n::t;
use crate::session::{Intent, Mode};

/// Key, translation id of what it does.
pub const KEYS: [(&str, &str); 8] = [
    ("Ctrl+Enter", "ui.key.apply"),
    ("Space", "ui.key.play"),
    (".", "ui.key.step"),
    ("+ / −", "ui.key.speed"),
    ("L", "ui.key.live"),
    ("C", "ui.key.compare"),
    ("?", "ui.key.help"),
    ("Esc", "ui.key.close"),
];

fn in_text_field(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            tag == "textarea"
                || tag == "select"
                || (tag == "input" && el.get_attribute("type").as_deref() != Some("range"))
        })
}

/// What a key does; true when it was handled.
fn handle(store: &Store, sheet: &UseStateHandle<bool>, e: &KeyboardEvent) -> bool {
    let key = e.key();
    if e.ctrl_key() && key == "Enter" {
        store.dispatch(Intent::Apply);
        return true;
    }
    if e.ctrl_key() || e.alt_key() || e.meta_key() {
        return false;
    }
    if key == "Escape" && **sheet {
        sheet.set(false);
        return true;
    }
    if in_text_field(e) {
        return false;
    }
    // Buttons and glyphs take Space and Enter themselves.
    let on_button = e
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|el| {
            el.tag_name().eq_ignore_ascii_case("button")
                || el.get_attribute("role").as_deref() == Some("button")
        });
    let intent = match key.as_str() {
        " " if !on_button => Intent::TogglePlay,
        "." => Intent::Step,
        "+" | "=" => Intent::NudgeSpeed(true),
        "-" => Intent::NudgeSpeed(false),
        "l" | "L" => Intent::ToLive,
        "c" | "C" => {
            let compare = store.read(|s| s.mode() == Mode::Compare).unwrap_or(false);
            Intent::SetMode(if compare {
                Mode::Cluster
            } else {
                Mode::Compare
            })
        }
        "?" => {
            sheet.set(!**sheet);
            return true;
        }
        _ => return false,
    };
    store.dispatch(intent);
    true
}

#[component]
pub fn Shortcuts() -> Html {
    let store = use_store();
    let sheet = use_state(|| false);
    let close_ref = use_node_ref();
    {
        let store = store.clone();
        let sheet = sheet.clone();
        use_effect_with(*sheet, move |_| {
            let doc = web_sys::window().and_then(|w| w.document());
            let listener = store.map(|store| {
                Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                    if handle(&store, &sheet, &e) {
                        e.prevent_default();
                    }
                })
            });
            if let (Some(doc), Some(l)) = (&doc, &listener) {
                let _ = doc.add_event_listener_with_callback("keydown", l.as_ref().unchecked_ref());
            }
            move || {
                if let (Some(doc), Some(l)) = (doc, listener) {
                    let _ = doc
                        .remove_event_listener_with_callback("keydown", l.as_ref().unchecked_ref());
                }
            }
        });
    }
    {
        let close_ref = close_ref.clone();
        use_effect_with(*sheet, move |open| {
            if *open {
                if let Some(b) = close_ref.cast::<HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    let Some(store) = store else {
        return Html::default();
    };
    let lang = store.lang();
    if !*sheet {
        return Html::default();
    }
    let close = {
        let sheet = sheet.clone();
        Callback::from(move |_: MouseEvent| sheet.set(false))
    };
    html! {
        <div class="sheet-backdrop">
            <div class="sheet" role="dialog" aria-modal="true" aria-labelledby="sheet-title" data-testid="shortcuts">
                <h2 id="sheet-title">{ t(lang, "ui.keys.title") }</h2>
                <dl class="keys">
                    { for KEYS.iter().map(|(k, id)| html! {
                        <>
                            <dt><kbd>{ *k }</kbd></dt>
                            <dd>{ t(lang, id) }</dd>
                        </>
                    }) }
                </dl>
                <p class="muted">{ t(lang, "ui.keys.more") }</p>
                <button type="button" ref={close_ref} onclick={close}>{ t(lang, "ui.close") }</button>
            </div>
        </div>
    }
}
