//! The manifest editor: a plain textarea (no wrapping) with a line-number gutter that scrolls
//! with it. A focus request from a diagnostic puts the caret at its line:col and scrolls there.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::file_tabs::FileTabs;
use super::files_notice::FilesNotice;
use super::gutter::Gutter;
use super::store::{use_store, Store};
use super::text_pos::utf16_offset;
use crate::i18n::{t, Lang};
use crate::session::editor::Focus;
use crate::session::Intent;

#[component]
pub fn Editor() -> Html {
    let store = use_store();
    let ed = store.as_ref().and_then(Store::editor);
    let textarea_ref = use_node_ref();
    let gutter_ref = use_node_ref();

    // The textarea owns its value while the learner types (no copy of a long text back into
    // the DOM per keystroke); the store's text is written into it only when it came from
    // elsewhere.
    {
        let textarea_ref = textarea_ref.clone();
        let gutter_ref = gutter_ref.clone();
        let text = ed.as_ref().map(|s| s.text.clone());
        let loaded_rev = ed.as_ref().map(|s| s.loaded_rev);
        use_effect_with(loaded_rev, move |_| {
            if let (Some(textarea), Some(text)) = (textarea_ref.cast::<HtmlTextAreaElement>(), text)
            {
                // A new text starts at its top.
                textarea.set_value(&text);
                textarea.set_scroll_top(0);
                sync_gutter(&textarea, &gutter_ref);
            }
        });
    }
    {
        let textarea_ref = textarea_ref.clone();
        let gutter_ref = gutter_ref.clone();
        let text = ed.as_ref().map(|s| s.text.clone());
        let focus = ed.as_ref().and_then(|s| s.focus);
        use_effect_with(focus, move |focus| {
            if let (Some(focus), Some(text)) = (focus, text) {
                reveal(&textarea_ref, &gutter_ref, &text, *focus);
            }
        });
    }

    let (Some(store), Some(ed)) = (store, ed) else {
        return Html::default();
    };
    let lang = ed.lang;

    let on_input = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(textarea) = e.target_dyn_into::<HtmlTextAreaElement>() {
                store.dispatch(Intent::Edit(textarea.value()));
            }
        })
    };
    let on_scroll = {
        let gutter_ref = gutter_ref.clone();
        Callback::from(move |e: Event| {
            if let Some(textarea) = e.target_dyn_into::<HtmlTextAreaElement>() {
                sync_gutter(&textarea, &gutter_ref);
            }
        })
    };

    html! {
        <section class="panel editor-panel" aria-labelledby="editor-heading">
            <h2 id="editor-heading" class="panel-title">{ t(lang, "ui.editor") }</h2>
            <FilesNotice />
            <super::saving::SavingNotice />
            <FileTabs />
            <div class="editor">
                <Gutter
                    n_lines={ed.n_lines}
                    marked_line={ed.focus.map(|f| f.line)}
                    highlight={ed.highlight.clone()}
                    node_ref={gutter_ref}
                />
                { text_area(Some("editor"), "editor", textarea_ref, lang, on_input, on_scroll) }
            </div>
        </section>
    }
}

/// The manifest textarea (also the first module's): plain text, no spelling or completion,
/// lines kept whole.
pub fn text_area(
    id: Option<&'static str>,
    testid: &'static str,
    node_ref: NodeRef,
    lang: Lang,
    on_input: Callback<InputEvent>,
    on_scroll: Callback<Event>,
) -> Html {
    html! {
        <textarea
            id={id}
            class="editor-text"
            data-testid={testid}
            ref={node_ref}
            aria-label={t(lang, "ui.editor.label")}
            spellcheck="false"
            autocapitalize="off"
            autocomplete="off"
            wrap="off"
            oninput={on_input}
            onscroll={on_scroll}
        />
    }
}

fn sync_gutter(textarea: &HtmlTextAreaElement, gutter_ref: &NodeRef) {
    if let Some(gutter) = gutter_ref.cast::<HtmlElement>() {
        gutter.set_scroll_top(textarea.scroll_top());
    }
}

/// Focuses the textarea with the caret at `focus` and scrolls that line to the middle.
fn reveal(textarea_ref: &NodeRef, gutter_ref: &NodeRef, text: &str, focus: Focus) {
    let Some(textarea) = textarea_ref.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let offset = utf16_offset(text, focus.line, focus.col);
    let _ = textarea.focus();
    let _ = textarea.set_selection_range(offset, offset);

    // The gutter's marked number sits exactly where the line sits in the textarea (same font,
    // line height and padding), so it gives the line's offset without measuring text.
    let mark = gutter_ref
        .cast::<HtmlElement>()
        .and_then(|g| g.query_selector(".gutter-mark").ok().flatten())
        .and_then(|m| m.dyn_into::<HtmlElement>().ok());
    if let Some(mark) = mark {
        let middle = (textarea.client_height() - mark.offset_height()) / 2;
        textarea.set_scroll_top((mark.offset_top() - middle).max(0));
    }
    sync_gutter(&textarea, gutter_ref);
}
