//! Light and dark: follows the system until the learner picks one; the choice is saved.

use yew::prelude::*;

use super::browser;
use super::store::use_store;
use crate::i18n::t;
use crate::session::{Intent, Theme};

pub const THEME_KEY: &str = "podplay.theme";

/// `system`, `light` or `dark`, as saved.
#[must_use]
pub fn saved() -> String {
    browser::load(THEME_KEY)
        .filter(|v| v == "light" || v == "dark")
        .unwrap_or_else(|| "system".into())
}

/// Puts `theme` on `<html data-theme>` (none for `system`: the CSS follows the system).
pub fn set_document_theme(theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        if theme == "system" {
            let _ = root.remove_attribute("data-theme");
        } else {
            let _ = root.set_attribute("data-theme", theme);
        }
    }
}

#[component]
pub fn ThemeToggle() -> Html {
    let store = use_store();
    let theme = store
        .as_ref()
        .and_then(|s| s.read(|s| s.theme()))
        .unwrap_or(Theme::System);
    use_effect_with(theme, move |th| set_document_theme(th.id()));
    let Some(store) = store else {
        return Html::default();
    };
    let lang = store.lang();
    let on_click = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            let next = match theme {
                Theme::System => Theme::Light,
                Theme::Light => Theme::Dark,
                Theme::Dark => Theme::System,
            };
            browser::save(THEME_KEY, next.id());
            // The page takes its colours first: a scene painted on a canvas reads them when
            // the intent redraws it.
            set_document_theme(next.id());
            store.dispatch(Intent::SetTheme(next));
        })
    };
    let label_id = match theme.id() {
        "light" => "ui.theme.light",
        "dark" => "ui.theme.dark",
        _ => "ui.theme.system",
    };
    html! {
        <button type="button" class="theme-toggle" data-testid="theme" data-theme={theme.id()} aria-label={format!("{}: {}", t(lang, "ui.theme"), t(lang, label_id))} onclick={on_click}>
            { t(lang, label_id) }
        </button>
    }
}
