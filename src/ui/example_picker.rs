//! The example picker: the tutorial's three files, all three together, and "your text" once
//! the file shown was changed by hand. A pick loads into the file shown; hand edits it replaces
//! can be brought back (the editor's Undo note).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::store::use_store;
use crate::examples::EXAMPLES;
use crate::i18n::t;
use crate::session::editor::Choice;
use crate::session::Intent;

#[component]
pub fn ExamplePicker() -> Html {
    let store = use_store();
    let select_ref = use_node_ref();
    let choice = store
        .as_ref()
        .and_then(|s| s.read(|s| s.editor().choice))
        .unwrap_or(Choice::All);

    // `selected` on an option only sets the default; once the learner has used the select, the
    // shown value must be set as a property.
    {
        let select_ref = select_ref.clone();
        use_effect_with(choice, move |choice| {
            if let Some(select) = select_ref.cast::<HtmlSelectElement>() {
                select.set_value(choice.id());
            }
        });
    }

    let Some(store) = store else {
        return Html::default();
    };
    let lang = store.lang();
    let on_change = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                store.dispatch(Intent::PickExample(select.value()));
            }
        })
    };
    let option = |id: &'static str, title_id: &'static str| {
        html! {
            <option value={id} selected={choice.id() == id}>{ t(lang, title_id) }</option>
        }
    };
    let is_custom = choice == Choice::Custom;
    html! {
        <div class="example-picker">
            <label for="example-picker">{ t(lang, "ui.example") }</label>
            <select
                id="example-picker"
                data-testid="example-picker"
                ref={select_ref}
                onchange={on_change}
            >
                { for EXAMPLES.iter().map(|e| option(e.id, e.title_id)) }
                { option(Choice::ALL_ID, "ui.example.all") }
                // Shown (and selected) only while the text is the learner's own; it cannot be
                // picked, there is nothing to load.
                if is_custom {
                    <option value={Choice::CUSTOM_ID} selected=true disabled=true>
                        { t(lang, "ui.example.custom") }
                    </option>
                }
            </select>
        </div>
    }
}
