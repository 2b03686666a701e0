//! Light and dark: follows the system until the learner picks one; the choice is saved.

use yew::prelude::*;

use super::browser;
use super::playground::{self, PlaygroundHandle};
use super::store::use_store;
use crate::i18n::t;

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
    let theme = use_state(saved);
    let pg = use_context::<PlaygroundHandle>();
    use_effect_with((*theme).clone(), move |th| {
        set_document_theme(th);
        // A scene painted on a canvas takes its colours from the page: paint it again.
        if let Some(pg) = pg {
            playground::notify(&pg, playground::ALL);
        }
    });
    let Some(store) = store else {
        return Html::default();
    };
    let lang = store.lang;
    let on_click = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = match theme.as_str() {
                "system" => "light",
                "light" => "dark",
                _ => "system",
            };
            browser::save(THEME_KEY, next);
            theme.set(next.to_string());
        })
    };
    let label_id = match theme.as_str() {
        "light" => "ui.theme.light",
        "dark" => "ui.theme.dark",
        _ => "ui.theme.system",
    };
    html! {
        <button type="button" class="theme-toggle" data-testid="theme" data-theme={(*theme).clone()} aria-label={format!("{}: {}", t(lang, "ui.theme"), t(lang, label_id))} onclick={on_click}>
            { t(lang, label_id) }
        </button>
    }
}
