//! The editor's files as tabs: click shows a file, double-click (or the pencil of the file
//! shown) renames it in place, `×` closes it (never the last), `+` adds an empty one and opens
//! its name for typing. A refused name stays in the input with the reason under it.

use wasm_bindgen::JsCast;
use web_sys::{FocusEvent, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::store::{use_store, Store};
use crate::i18n::{t, Lang, Msg};
use crate::session::Intent;

/// Sends the typed name of file `index`; true when the input can close (the name was taken).
fn commit(store: &Store, index: usize, name: String) -> bool {
    store.dispatch(Intent::RenameFile { index, name });
    store
        .editor()
        .is_none_or(|e| e.name_error.is_none_or(|(i, _)| i != index))
}

#[component]
pub fn FileTabs() -> Html {
    let store = use_store();
    let renaming = use_state(|| None::<usize>);
    let input_ref = use_node_ref();
    {
        // The input opens with the name selected, ready to be typed over.
        let input_ref = input_ref.clone();
        use_effect_with(*renaming, move |r| {
            if r.is_some() {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }
    let (Some(store), Some(ed)) = (store.clone(), store.as_ref().and_then(Store::editor)) else {
        return Html::default();
    };
    let lang = ed.lang;
    let n = ed.files.len();

    let on_add = {
        let store = store.clone();
        let renaming = renaming.clone();
        Callback::from(move |_: MouseEvent| {
            store.dispatch(Intent::AddFile);
            renaming.set(store.editor().map(|e| e.active));
        })
    };
    let tabs = ed.files.iter().enumerate().map(|(i, name)| {
        if *renaming == Some(i) {
            let error = ed
                .name_error
                .as_ref()
                .filter(|(j, _)| *j == i)
                .map(|(_, e)| e.clone());
            return rename_input(&store, &renaming, &input_ref, i, name, error, lang);
        }
        tab(&store, &renaming, i, name, i == ed.active, n > 1, lang)
    });
    html! {
        <div class="file-tabs" role="group" aria-label={t(lang, "ui.file.tabs")}>
            { for tabs }
            <button
                type="button"
                class="file-add"
                data-testid="file-add"
                aria-label={t(lang, "ui.file.add")}
                title={t(lang, "ui.file.add")}
                onclick={on_add}
            >{ "+" }</button>
        </div>
    }
}

/// One file's tab: its name (shows it; double-click renames), the pencil on the file shown,
/// and `×` while more than one file is open.
fn tab(
    store: &Store,
    renaming: &UseStateHandle<Option<usize>>,
    i: usize,
    name: &str,
    active: bool,
    closable: bool,
    lang: Lang,
) -> Html {
    let on_select = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Intent::SelectFile(i)))
    };
    let on_rename = {
        let store = store.clone();
        let renaming = renaming.clone();
        Callback::from(move |_: MouseEvent| {
            store.dispatch(Intent::SelectFile(i));
            renaming.set(Some(i));
        })
    };
    let on_close = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Intent::CloseFile(i)))
    };
    let rename_label = Msg::new("ui.file.rename").text(name).render(lang);
    html! {
        <span class={classes!("file-tab", active.then_some("active"))}>
            <button
                type="button"
                class="file-tab-name"
                data-testid="file-tab"
                aria-current={active.then_some("true")}
                aria-controls="editor"
                title={rename_label.clone()}
                onclick={on_select}
                ondblclick={on_rename.clone()}
            >{ name.to_string() }</button>
            if active {
                <button
                    type="button"
                    class="file-tab-rename"
                    data-testid="file-rename"
                    aria-label={rename_label}
                    onclick={on_rename}
                >{ "✎" }</button>
            }
            if closable {
                <button
                    type="button"
                    class="file-tab-close"
                    data-testid="file-close"
                    aria-label={Msg::new("ui.file.close").text(name).render(lang)}
                    onclick={on_close}
                >{ "×" }</button>
            }
        </span>
    }
}

/// The name of file `i` being typed: Enter or leaving the field renames (a refused name stays
/// open with its reason), Escape keeps the old name.
fn rename_input(
    store: &Store,
    renaming: &UseStateHandle<Option<usize>>,
    input_ref: &NodeRef,
    i: usize,
    name: &str,
    error: Option<String>,
    lang: Lang,
) -> Html {
    let on_key = {
        let store = store.clone();
        let renaming = renaming.clone();
        let old = name.to_string();
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    if commit(&store, i, input.value()) {
                        renaming.set(None);
                    }
                }
                "Escape" => {
                    e.prevent_default();
                    // The old name back first, so the blur of the closing input changes nothing.
                    input.set_value(&old);
                    commit(&store, i, old.clone());
                    renaming.set(None);
                }
                _ => {}
            }
        })
    };
    let on_blur = {
        let store = store.clone();
        let renaming = renaming.clone();
        Callback::from(move |e: FocusEvent| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
            if let Some(input) = input {
                if commit(&store, i, input.value()) {
                    renaming.set(None);
                }
            }
        })
    };
    let invalid = error.is_some();
    html! {
        <span class="file-tab renaming active">
            <input
                class="file-name-input"
                data-testid="file-name-input"
                ref={input_ref.clone()}
                value={name.to_string()}
                aria-label={Msg::new("ui.file.name").text(name).render(lang)}
                aria-invalid={invalid.to_string()}
                aria-describedby={invalid.then_some("file-name-error")}
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                onkeydown={on_key}
                onblur={on_blur}
            />
            if let Some(error) = error {
                <span id="file-name-error" class="file-name-error" role="alert" data-testid="file-name-error">
                    { error }
                </span>
            }
        </span>
    }
}
