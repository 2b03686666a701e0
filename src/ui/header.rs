//! The page header: title, tagline, example picker and language switch.

use yew::prelude::*;

use super::embed_code::EmbedCode;
use super::example_picker::ExamplePicker;
use super::lang_switch::LangSwitch;
use super::share::CopyLink;
use super::store::use_store;
use super::theme::ThemeToggle;
use crate::i18n::t;

#[component]
pub fn Header() -> Html {
    let Some(store) = use_store() else {
        return Html::default();
    };
    let lang = store.lang();
    html! {
        <header class="app-header">
            <div class="brand">
                <h1 class="title" data-testid="app-title">{ "podplay" }</h1>
                <p class="tagline">{ t(lang, "ui.tagline") }</p>
            </div>
            <div class="controls">
                <ExamplePicker />
                <LangSwitch />
                <ThemeToggle />
                <CopyLink />
                <EmbedCode />
                <span class="muted keys-hint">{ t(lang, "ui.keys.hint") }</span>
            </div>
        </header>
    }
}
