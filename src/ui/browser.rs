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

#[must_use]
pub fn load(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Saves `value`; a full quota or disabled storage is ignored (the page keeps working).
pub fn save(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
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
