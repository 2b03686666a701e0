//! Offline use: registers the service worker (`sw.js`, written next to `index.html` by
//! `scripts/sw.mjs` when the release build is made) and shows a small notice when a newer
//! version has taken over while the page is open. Only the release build registers it, so
//! `trunk serve`'s debug build is never served from a cache. Where service workers are not
//! available (file://, some private modes) nothing happens and nothing is logged.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::store::use_store;
use crate::i18n::{t, Lang};

/// `navigator.serviceWorker`, when this page can use one.
fn container() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let sw = Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    (!sw.is_undefined() && !sw.is_null()).then_some(sw)
}

/// Calls `target[name](args…)`; `None` when it is not a function or throws.
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: Function = Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()?;
    let list: js_sys::Array = args.iter().collect();
    f.apply(target, &list).ok()
}

/// Registers `./sw.js` (relative, so the page works under any sub-path). `on_update` runs when
/// a new version takes control of a page that an older one already controlled.
fn register(on_update: impl Fn() + 'static) {
    let Some(sw) = container() else {
        return;
    };
    let controlled = Reflect::get(&sw, &JsValue::from_str("controller"))
        .map(|c| !c.is_null() && !c.is_undefined())
        .unwrap_or(false);
    if controlled {
        let changed = Closure::<dyn Fn()>::new(on_update);
        let _ = call(
            &sw,
            "addEventListener",
            &[
                JsValue::from_str("controllerchange"),
                changed.into_js_value(),
            ],
        );
    }
    let Some(pending) = call(&sw, "register", &[JsValue::from_str("./sw.js")]) else {
        return;
    };
    if let Ok(pending) = pending.dyn_into::<Promise>() {
        // A refused registration (no secure context, storage blocked) only means no offline
        // copy; catching it keeps it out of the console.
        let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
        let _ = pending.catch(&ignore);
        ignore.forget();
    }
}

/// The notice "A new version is ready — Reload", shown once a newer version has taken over.
#[component]
pub fn UpdateNotice() -> Html {
    let lang = use_store().map_or(Lang::En, |s| s.lang());
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |()| {
            if cfg!(not(debug_assertions)) {
                register(move || ready.set(true));
            }
        });
    }
    if !*ready {
        return Html::default();
    }
    let reload = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    html! {
        <div class="update-ready" role="status" data-testid="update-ready">
            <span>{ t(lang, "ui.update.ready") }</span>
            <button type="button" data-testid="update-reload" onclick={reload}>
                { t(lang, "ui.update.reload") }
            </button>
        </div>
    }
}
