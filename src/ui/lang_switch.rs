//! English / Korean buttons. The choice is saved only when the learner makes it, so a browser
//! whose language changes later is still followed until then.

use yew::prelude::*;

use super::browser::{self, LANG_KEY};
use super::store::use_store;
use crate::i18n::{t, Lang};
use crate::session::Intent;

#[component]
pub fn LangSwitch() -> Html {
    let Some(store) = use_store() else {
        return Html::default();
    };
    let current = store.lang();
    let button = |lang: Lang, name_id: &'static str| {
        let on_click = {
            let store = store.clone();
            Callback::from(move |_: MouseEvent| {
                browser::save(LANG_KEY, lang.code());
                store.dispatch(Intent::SetLanguage(lang));
            })
        };
        let pressed = lang == current;
        html! {
            <button
                type="button"
                class={classes!("lang-button", pressed.then_some("active"))}
                lang={lang.code()}
                aria-pressed={pressed.to_string()}
                data-testid={format!("lang-{}", lang.code())}
                onclick={on_click}
            >
                { t(current, name_id) }
            </button>
        }
    };
    html! {
        <div class="lang-switch" role="group" aria-label={t(current, "ui.language")}>
            { button(Lang::En, "ui.lang.en") }
            { button(Lang::Ko, "ui.lang.ko") }
        </div>
    }
}
