//! The note shown while Undo can bring back what an example replaced (hand edits) or what a
//! closed tab held: what happened, Undo, and a button that keeps things as they are.

use yew::prelude::*;

use super::store::{use_store, Store};
use crate::i18n::t;
use crate::session::Intent;

#[component]
pub fn FilesNotice() -> Html {
    let store = use_store();
    let (Some(store), Some(ed)) = (store.clone(), store.as_ref().and_then(Store::editor)) else {
        return Html::default();
    };
    let Some(note) = ed.undo else {
        return Html::default();
    };
    let lang = ed.lang;
    let on_undo = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Intent::UndoFiles))
    };
    let on_dismiss = Callback::from(move |_: MouseEvent| store.dispatch(Intent::DismissUndoFiles));
    html! {
        <div class="files-notice" role="status" data-testid="files-notice">
            <span class="files-notice-text">{ note }</span>
            <button
                type="button"
                class="files-notice-undo"
                data-testid="example-undo"
                onclick={on_undo}
            >{ t(lang, "ui.file.undo") }</button>
            <button
                type="button"
                class="files-notice-dismiss"
                data-testid="files-dismiss"
                aria-label={t(lang, "ui.file.dismiss")}
                title={t(lang, "ui.file.dismiss")}
                onclick={on_dismiss}
            >{ "×" }</button>
        </div>
    }
}
