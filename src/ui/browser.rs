//! The few browser facilities the page uses, each failing soft: a page in a sandboxed frame or
//! with storage disabled still works, it just forgets on reload.
//!
//! Storage goes through `web_sys` rather than `gloo::storage`, whose `LocalStorage::raw()` throws
//! when storage is unavailable, and whose JSON encoding would store the text as a quoted string.

use crate::i18n::Lang;

pub const LANG_KEY: &str = "podplay.lang";
/// The editor's text, as pages before the editor had tabs kept it (read when
/// [`FILES_KEY`] is missing).
pub const TEXT_KEY: &str = "podplay.text";
/// The editor's files and the one shown ([`crate::session::editor::Stored`] as JSON).
pub const FILES_KEY: &str = "podplay.files";
/// `off` when the learner asked the console to keep kubectl's columns (scroll sideways).
pub const CONSOLE_WRAP_KEY: &str = "podplay.console-wrap";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whose storage the page uses: the stand-alone page's keys, or an embed's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The stand-alone page: `podplay.<key>`.
    Page,
    /// An embed that keeps nothing: nothing is read or written.
    Embed,
    /// An embed asked to keep its state under a name: `podplay.embed.NAME.<key>`.
    Kept(String),
}

thread_local! {
    static SCOPE: std::cell::RefCell<Scope> = const { std::cell::RefCell::new(Scope::Page) };
}

/// Sets whose storage every [`load`] and [`save`] uses (once, as the page starts).
pub fn set_scope(scope: Scope) {
    SCOPE.with(|s| *s.borrow_mut() = scope);
}

/// Whether the page runs as an embed (its storage is scoped).
#[must_use]
pub fn embedded() -> bool {
    SCOPE.with(|s| *s.borrow() != Scope::Page)
}

/// The storage key `key` (`podplay.files`, …) stands for in the page's scope; `None`: an embed
/// that keeps nothing.
#[must_use]
pub fn scoped_key(key: &str) -> Option<String> {
    SCOPE.with(|s| match &*s.borrow() {
        Scope::Page => Some(key.to_string()),
        Scope::Embed => None,
        Scope::Kept(name) => {
            let rest = key.strip_prefix("podplay.").unwrap_or(key);
            Some(format!("podplay.embed.{name}.{rest}"))
        }
    })
}

#[must_use]
pub fn load(key: &str) -> Option<String> {
    local_storage()?.get_item(&scoped_key(key)?).ok().flatten()
}

/// Saves `value`; a full quota or disabled storage is ignored (the page keeps working).
pub fn save(key: &str, value: &str) {
    if let (Some(storage), Some(key)) = (local_storage(), scoped_key(key)) {
        let _ = storage.set_item(&key, value);
    }
}

/// Saves `value`; false when the page keeps nothing (an embed without `keep=`), storage is
/// disabled or its quota is full.
#[must_use]
pub fn try_save(key: &str, value: &str) -> bool {
    match (local_storage(), scoped_key(key)) {
        (Some(storage), Some(key)) => storage.set_item(&key, value).is_ok(),
        _ => false,
    }
}

/// The saved language, else Korean for a Korean browser, else English.
#[must_use]
pub fn initial_lang() -> Lang {
    if let Some(lang) = load(LANG_KEY).as_deref().and_then(Lang::from_code) {
        return lang;
    }
    let browser_lang = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    lang_for_browser(&browser_lang)
}

/// Korean for `ko`, `ko-KR`, …; English for everything else.
#[must_use]
pub fn lang_for_browser(language: &str) -> Lang {
    if language.to_ascii_lowercase().starts_with("ko") {
        Lang::Ko
    } else {
        Lang::En
    }
}

/// Sets `<html lang>`, so screen readers and fonts follow the page's language.
pub fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        root.set_attribute("lang", lang.code()).ok();
    }
}

/// The value of `name` in the page URL's query (`?bench=validate`).
#[must_use]
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// The value of `name` in the page URL's fragment (`#s=1.eJ…`).
#[must_use]
pub fn hash_param(name: &str) -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.trim_start_matches('#')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// The page address's raw query (`?embed&panels=scene`) and fragment (`#s=…`).
#[must_use]
pub fn search_and_hash() -> (String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return (String::new(), String::new());
    };
    (
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default(),
    )
}

/// The page's address without its query and fragment.
#[must_use]
pub fn base_url() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href.get(..end).map(str::to_string)
}

/// The page's address with `fragment` in place of its own.
#[must_use]
pub fn with_hash(fragment: &str) -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    let base = href.split('#').next().unwrap_or_default();
    Some(format!("{base}#{fragment}"))
}

/// Shows `url` in the address bar without loading it or adding a history entry.
pub fn replace_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Puts `text` on the clipboard when the browser lets the page; a refusal (no permission, a
/// page not in focus) is let go quietly.
pub fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        let refused = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
            |_: wasm_bindgen::JsValue| {},
        );
        let _ = window
            .navigator()
            .clipboard()
            .write_text(text)
            .catch(&refused);
        // The promise settles after this returns, so the handler must outlive it.
        refused.forget();
    }
}

/// Sets CSS properties (`("width", "12px")`, `("--editor-w", "30%")`) on the element behind
/// `node` after each render that changes them. It writes through the CSSOM
/// (`element.style.setProperty`), which the page's Content-Security-Policy allows; a `style=`
/// attribute would need `'unsafe-inline'` and is refused.
#[yew::hook]
pub fn use_style(node: &yew::NodeRef, props: Vec<(&'static str, String)>) {
    let node = node.clone();
    yew::use_effect_with(props, move |props| {
        if let Some(el) = node.cast::<web_sys::HtmlElement>() {
            let style = el.style();
            for (name, value) in props {
                let _ = style.set_property(name, value);
            }
        }
    });
}
