//! The objects panel: heading, the legend for defaulted lines, and the objects. Only this thin
//! shell reads the store; the items re-render only when the analysis or the language changes.

use yew::prelude::*;

use super::object_items::ObjectItems;
use super::store::{use_store, Shared};
use crate::i18n::t;

#[component]
pub fn ObjectList() -> Html {
    let Some(store) = use_store() else {
        return Html::default();
    };
    let Some(ed) = store.editor() else {
        return Html::default();
    };
    let lang = ed.lang;
    let stale = ed.stale;
    html! {
        <section
            class={classes!("panel", "objects-panel", stale.then_some("stale"))}
            data-testid="object-list"
            aria-labelledby="objects-heading"
            aria-busy={stale.to_string()}
        >
            <div class="panel-head">
                <h2 id="objects-heading" class="panel-title">{ t(lang, "ui.objects") }</h2>
                <p class="legend">
                    <span class="default-tag">{ t(lang, "ui.default.tag") }</span>
                    { " " }
                    { t(lang, "ui.defaults.legend") }
                </p>
            </div>
            <ObjectItems
                analysis={Shared(ed.analysis.clone())}
                {lang}
                store={store.clone()}
            />
        </section>
    }
}
