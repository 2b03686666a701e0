//! The page's first module: what a learner needs before anything moves. The header, the
//! manifest editor with its file tabs, the problems the validator finds, and an Apply button,
//! drawn with the full page's classes in the full page's places. It is a binary of its own
//! (`podplay-first`, a few hundred KiB), built from this file, the manifest reader and the
//! translation table only; the loader starts it first and fetches the full page (simulation,
//! scene, console) right after it is up.
//!
//! It draws inside `index.html`'s loading note, which the full page removes when it starts, so
//! the hand-over is one swap. What the learner did meanwhile goes over in the note's
//! `data-handover` attribute ([`Handover`]): the edited files and whether Apply was pressed, which
//! the full page then does. Pages that open straight into the simulation (an embed, a share
//! link, files kept in IndexedDB) are left to the full page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;

use serde::{Deserialize, Serialize};
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

use super::browser::{self, FILES_KEY, TEXT_KEY};
use super::diagnostic_row::DiagnosticRow;
use super::editor::text_area;
use super::gutter::Gutter;
use super::text_pos::utf16_offset;
use super::theme;
use crate::examples;
use crate::i18n::{t, Lang, Msg};
use crate::manifest::{analyze_sources, Analysis, Severity, Source};
use crate::session::keep::Record;

/// The element both modules know: `index.html`'s loading note.
pub const ROOT_ID: &str = "loading";
/// Its attribute carrying [`Handover`] as JSON.
pub const HANDOVER_ATTR: &str = "data-handover";
/// Problems listed at most (as the full page).
const SHOWN: usize = 100;

/// What the learner did before the full page arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    /// `[name, text]` in tab order, as edited.
    pub files: Vec<(String, String)>,
    pub active: usize,
    /// Whether the files were edited (otherwise the full page opens them its own way).
    pub edited: bool,
    /// Whether Apply was pressed.
    pub apply: bool,
}

/// What the full page takes over from the first module: read as it starts, before it mounts
/// (mounting clears `<body>`, the first module's page with it).
#[derive(Debug, Clone, Default)]
pub struct Taken {
    pub handover: Option<Handover>,
    /// The selection (UTF-16 offsets) and scroll of the first module's editor, when the learner
    /// was typing in it.
    pub caret: Option<(u32, u32, i32)>,
}

thread_local! {
    static TAKEN: RefCell<Taken> = RefCell::new(Taken::default());
}

/// Notes what the first module leaves behind (called by the full page before it mounts).
pub fn take_over() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = doc.get_element_by_id(ROOT_ID) else {
        return;
    };
    let handover = root
        .get_attribute(HANDOVER_ATTR)
        .and_then(|json| serde_json::from_str(&json).ok());
    let caret = doc
        .active_element()
        .and_then(|el| el.dyn_into::<HtmlTextAreaElement>().ok())
        .filter(|el| root.contains(Some(el)))
        .and_then(|el| match (el.selection_start(), el.selection_end()) {
            (Ok(Some(start)), Ok(Some(end))) => Some((start, end, el.scroll_top())),
            _ => None,
        });
    TAKEN.with(|t| *t.borrow_mut() = Taken { handover, caret });
}

/// What [`take_over`] found.
#[must_use]
pub fn taken() -> Taken {
    TAKEN.with(|t| t.borrow().clone())
}

/// The files the full page would open: `?example=`, the kept files, an older page's text, or
/// the seed. `None` when only the full page can open them (kept in IndexedDB, a broken record).
fn first_files() -> Option<(Vec<(String, String)>, usize)> {
    if let Some(text) = browser::query_param("example").and_then(|id| examples::text_of(&id)) {
        return Some((vec![("editor.yaml".into(), text)], 0));
    }
    if let Some(json) = browser::load(FILES_KEY) {
        // The record the full page keeps (`saving`), read the same way.
        let record = serde_json::from_str::<Record>(&json)
            .ok()
            .filter(|r| !r.big)?;
        let last = record.files.len().checked_sub(1)?;
        let active = record.active.min(last);
        return Some((record.files, active));
    }
    let text = browser::load(TEXT_KEY).unwrap_or_else(examples::all_together);
    Some((vec![("editor.yaml".into(), text)], 0))
}

/// Starts the first module unless the page should open straight into the simulation.
pub fn start() {
    let (search, hash) = browser::search_and_hash();
    let straight = search
        .split(['?', '&'])
        .any(|p| p == "embed" || p.starts_with("embed="))
        || hash
            .split(['#', '&'])
            .any(|p| p == "embed" || p.starts_with("s="));
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ROOT_ID))
    else {
        return;
    };
    if straight {
        return;
    }
    let Some((files, active)) = first_files() else {
        return;
    };
    let lang = browser::initial_lang();
    browser::set_document_lang(lang);
    theme::set_document_theme(&theme::saved());
    while let Some(child) = root.first_child() {
        let _ = root.remove_child(&child);
    }
    let _ = root.set_attribute("class", "first");
    let props = FirstProps {
        files: Rc::new(files),
        active,
        lang,
        root: root.clone(),
    };
    yew::Renderer::<First>::with_root_and_props(root, props).render();
}

#[derive(Properties, Clone)]
pub struct FirstProps {
    pub files: Rc<Vec<(String, String)>>,
    pub active: usize,
    pub lang: Lang,
    /// Where the hand-over is written.
    pub root: Element,
}

impl PartialEq for FirstProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.files, &other.files) && self.active == other.active
    }
}

#[derive(Clone, PartialEq)]
struct State {
    files: Vec<(String, String)>,
    active: usize,
    edited: bool,
    apply: bool,
}

fn analyze(state: &State) -> Analysis {
    let sources: Vec<Source<'_>> = state
        .files
        .iter()
        .map(|(name, text)| Source { name, text })
        .collect();
    analyze_sources(&sources)
}

fn write_handover(root: &Element, state: &State) {
    let handover = Handover {
        files: state.files.clone(),
        active: state.active,
        edited: state.edited,
        apply: state.apply,
    };
    if let Ok(json) = serde_json::to_string(&handover) {
        let _ = root.set_attribute(HANDOVER_ATTR, &json);
    }
}

#[component]
pub fn First(props: &FirstProps) -> Html {
    let lang = props.lang;
    let state = use_state(|| State {
        files: (*props.files).clone(),
        active: props.active,
        edited: false,
        apply: false,
    });
    let analysis = use_memo((*state).clone(), analyze);
    let textarea = use_node_ref();
    {
        let root = props.root.clone();
        use_effect_with((*state).clone(), move |s| write_handover(&root, s));
    }
    let on_apply = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*state).clone();
            next.apply = true;
            state.set(next);
        })
    };
    let on_focus = {
        let textarea = textarea.clone();
        let text = state
            .files
            .get(state.active)
            .map(|f| f.1.clone())
            .unwrap_or_default();
        Callback::from(move |(line, col): (u32, u32)| {
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                let at = utf16_offset(&text, line, col);
                let _ = el.focus();
                let _ = el.set_selection_range(at, at);
            }
        })
    };
    let status = if state.apply {
        "ui.first.applying"
    } else {
        "ui.first.loading"
    };
    html! {
        <div class="app" data-testid="first">
            <header class="app-header">
                <div class="brand">
                    <h1 class="title">{ "podplay" }</h1>
                    <p class="tagline">{ t(lang, "ui.tagline") }</p>
                </div>
            </header>
            <main class="playground">
                <div class="column editor-column">
                    <FirstEditor state={state.clone()} {lang} textarea={textarea} />
                    { problems(&analysis, state.active, lang, &on_focus) }
                </div>
                <div class="apply-bar">
                    <div class="playback" role="toolbar" aria-label={t(lang, "ui.playback")}>
                        <button
                            type="button"
                            class="primary"
                            data-testid="first-apply"
                            aria-pressed={state.apply.to_string()}
                            onclick={on_apply}
                        >
                            { t(lang, "ui.apply") }
                        </button>
                    </div>
                </div>
                <div class="column stage-column first-waiting">
                    <p class="loading-spinner" aria-hidden="true"></p>
                    <p role="status" data-testid="first-status">{ t(lang, status) }</p>
                </div>
                <div class="column console-column first-waiting">
                    <p>{ t(lang, "ui.first.console") }</p>
                </div>
            </main>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FirstEditorProps {
    state: UseStateHandle<State>,
    lang: Lang,
    textarea: NodeRef,
}

/// The manifest editor: file tabs, line numbers and the (uncontrolled) textarea.
#[component]
fn FirstEditor(props: &FirstEditorProps) -> Html {
    let (state, lang) = (&props.state, props.lang);
    let gutter = use_node_ref();
    {
        // The text is set when the shown file changes (and as it mounts), as the full page does.
        let textarea = props.textarea.clone();
        let text = state.files.get(state.active).map(|f| f.1.clone());
        use_effect_with(state.active, move |_| {
            if let (Some(el), Some(text)) = (textarea.cast::<HtmlTextAreaElement>(), text) {
                el.set_value(&text);
            }
        });
    }
    let on_input = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e.target_dyn_into::<HtmlTextAreaElement>() {
                let mut next = (*state).clone();
                if let Some(file) = next.files.get_mut(next.active) {
                    file.1 = el.value();
                }
                next.edited = true;
                state.set(next);
            }
        })
    };
    let on_scroll = {
        let gutter = gutter.clone();
        Callback::from(move |e: Event| {
            if let (Some(el), Some(g)) = (
                e.target_dyn_into::<HtmlTextAreaElement>(),
                gutter.cast::<web_sys::HtmlElement>(),
            ) {
                g.set_scroll_top(el.scroll_top());
            }
        })
    };
    let n_lines = state
        .files
        .get(state.active)
        .map_or(1, |f| f.1.lines().count().max(1));
    html! {
        <section class="panel editor-panel" aria-labelledby="first-editor-heading">
            <h2 id="first-editor-heading" class="panel-title">{ t(lang, "ui.editor") }</h2>
            { tabs(state, lang) }
            <div class="editor">
                <Gutter {n_lines} node_ref={gutter} />
                { text_area(None, "first-editor", props.textarea.clone(), lang, on_input, on_scroll) }
            </div>
        </section>
    }
}

/// The file tabs, when there is more than one file: a click shows that file.
fn tabs(state: &UseStateHandle<State>, lang: Lang) -> Html {
    if state.files.len() < 2 {
        return Html::default();
    }
    html! {
        <div class="file-tabs" role="tablist" aria-label={t(lang, "ui.editor")}>
            { for state.files.iter().enumerate().map(|(i, (name, _))| {
                let on_click = {
                    let state = state.clone();
                    Callback::from(move |_: MouseEvent| {
                        let mut next = (*state).clone();
                        next.active = i;
                        state.set(next);
                    })
                };
                let selected = i == state.active;
                html! {
                    <div class={classes!("file-tab", selected.then_some("active"))}>
                        <button
                            type="button"
                            role="tab"
                            class="file-tab-name"
                            aria-selected={selected.to_string()}
                            onclick={on_click}
                        >
                            { name.clone() }
                        </button>
                    </div>
                }
            }) }
        </div>
    }
}

/// The active file's problems, as the full page lists them.
fn problems(
    analysis: &Analysis,
    active: usize,
    lang: Lang,
    on_focus: &Callback<(u32, u32)>,
) -> Html {
    let mine: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.source == active)
        .collect();
    let count = |s: Severity| mine.iter().filter(|d| d.severity == s).count();
    let (n_errors, n_warnings) = (count(Severity::Error), count(Severity::Warning));
    let word = |s: Severity| match s {
        Severity::Error => t(lang, "ui.severity.error"),
        Severity::Warning => t(lang, "ui.severity.warning"),
    };
    let hidden = mine.len().saturating_sub(SHOWN);
    html! {
        <section class="panel diagnostics-panel" data-testid="first-problems" aria-labelledby="first-problems-heading">
            <div class="panel-head">
                <h2 id="first-problems-heading" class="panel-title">{ t(lang, "ui.diagnostics") }</h2>
                <p class="counts">
                    <span class={classes!("count", "error", (n_errors > 0).then_some("nonzero"))}>
                        <span class="count-number">{ n_errors }</span>
                        { " " }
                        <span class="count-word">{ t(lang, if n_errors == 1 { "ui.severity.error" } else { "ui.errors" }) }</span>
                    </span>
                    <span class={classes!("count", "warning", (n_warnings > 0).then_some("nonzero"))}>
                        <span class="count-number">{ n_warnings }</span>
                        { " " }
                        <span class="count-word">{ t(lang, if n_warnings == 1 { "ui.severity.warning" } else { "ui.warnings" }) }</span>
                    </span>
                </p>
            </div>
            if mine.is_empty() {
                <p class="muted">{ t(lang, "ui.no.problems") }</p>
            } else {
                <ul class="diagnostic-list">
                    { for mine.iter().take(SHOWN).map(|d| html! {
                        <DiagnosticRow
                            line={d.pos.line}
                            col={d.pos.col}
                            severity={d.severity}
                            severity_label={AttrValue::from(word(d.severity))}
                            message={AttrValue::from(d.msg.render(lang))}
                            on_focus={on_focus.clone()}
                        />
                    }) }
                </ul>
                if hidden > 0 {
                    <p class="more">{ Msg::new("ui.more").text(hidden.to_string()).render(lang) }</p>
                }
            }
        </section>
    }
}
