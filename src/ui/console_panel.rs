//! The kubectl console: scrollback, prompt and input line, drawn from the session's console
//! view model; keys become intents. Lines of a future put aside (an action taken in the past)
//! are marked.
//!
//! Keys (on the input): Enter runs, ↑/↓ walk the history, Tab completes (on an empty line it
//! moves focus on, so the panel is no keyboard trap), Ctrl-L clears. Ctrl-C anywhere in the
//! panel stops a running command; when idle it abandons the line as a shell does. While a
//! command runs, the input is replaced by a Stop button, which gets the focus.
//!
//! Time: the page's animation loop turns wall time into virtual time and feeds the console
//! (`Intent::Advance`); `?speed=N` runs it N times faster (the end-to-end tests use it).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::store::{use_session, Store, Topic};
use crate::i18n::{t, Lang, Msg};
use crate::session::terminal::{FocusTo, Request};
use crate::session::view::ConsoleView;
use crate::session::Intent;

/// Text selected in the page (Ctrl-C then copies it instead of interrupting).
fn has_selection() -> bool {
    web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .and_then(|s| s.to_string().as_string())
        .is_some_and(|s| !s.is_empty())
}

/// Puts `text` on the clipboard; `on_done` runs once it is there. A refused write (no
/// permission, an insecure page) is caught, so it never surfaces as an uncaught rejection.
fn copy_to_clipboard(text: &str, on_done: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise: JsValue = window.navigator().clipboard().write_text(text).into();
    let ok = Closure::once_into_js(move |_: JsValue| on_done());
    let fail = Closure::once_into_js(|_: JsValue| {});
    if let Ok(then) = js_sys::Reflect::get(&promise, &JsValue::from_str("then"))
        .and_then(JsCast::dyn_into::<js_sys::Function>)
    {
        let _ = then.call2(&promise, &ok, &fail);
    }
}

/// The input line.
#[derive(Clone)]
struct Input(NodeRef);

impl Input {
    fn value(&self) -> String {
        self.0
            .cast::<HtmlInputElement>()
            .map(|i| i.value())
            .unwrap_or_default()
    }

    /// Puts `value` on the line with the caret at its end.
    fn set(&self, value: &str) {
        if let Some(input) = self.0.cast::<HtmlInputElement>() {
            input.set_value(value);
            let end = u32::try_from(value.encode_utf16().count()).unwrap_or(u32::MAX);
            let _ = input.set_selection_range(end, end);
        }
    }
}

/// What a key in the panel does.
fn on_key(store: &Store, input: &Input, e: &KeyboardEvent) {
    let key = e.key();
    let ctrl = e.ctrl_key() && !e.alt_key() && !e.meta_key();
    let on_input = e
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some();
    let busy = store
        .read(crate::session::Session::console_busy)
        .unwrap_or(false);
    if ctrl && key.eq_ignore_ascii_case("c") {
        if has_selection() && !busy {
            return; // a copy, not an interrupt
        }
        e.prevent_default();
        let line = if on_input {
            input.value()
        } else {
            String::new()
        };
        store.dispatch(Intent::Interrupt(line));
        if !busy {
            input.set("");
        }
    } else if ctrl && key.eq_ignore_ascii_case("l") {
        e.prevent_default();
        store.dispatch(Intent::ClearScreen);
    } else if !on_input || busy {
    } else if key == "Enter" {
        e.prevent_default();
        let line = input.value();
        input.set("");
        store.dispatch(Intent::Run(line));
    } else if key == "ArrowUp" || key == "ArrowDown" {
        e.prevent_default();
        if let Some(line) = store.recall(key == "ArrowUp", &input.value()) {
            input.set(&line);
        }
    } else if key == "Tab" && !e.shift_key() {
        let line = input.value();
        if line.is_empty() {
            return; // focus moves on
        }
        e.prevent_default();
        if let Some(filled) = store.complete(&line) {
            input.set(&filled);
        }
    }
}

/// The requests already carried out: the scroll position's version, and the focus and
/// restore requests by number.
#[derive(Default, Clone, Copy)]
struct Done {
    scrolled: u64,
    focus: u64,
    restore: u64,
}

/// After each render: follow new output to the end, put back the input line's text, and move
/// the focus where the session asked (only while the learner is in the panel: output must not
/// steal focus from the editor).
fn after_render(v: &Follow, done: &Cell<Done>, refs: &Refs) {
    let mut d = done.get();
    if v.version != d.scrolled {
        d.scrolled = v.version;
        if let Some(log) = refs.log.cast::<HtmlElement>() {
            log.set_scroll_top(log.scroll_height());
        }
    }
    if let Some(r) = v.restore_input.as_ref().filter(|r| r.seq != d.restore) {
        if !v.busy && !v.pending {
            d.restore = r.seq;
            Input(refs.input.clone()).set(&r.value);
        }
    }
    if let Some(f) = v.focus.as_ref().filter(|f| f.seq != d.focus) {
        d.focus = f.seq;
        let in_panel = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .is_none_or(|active| {
                // An embed takes the focus only from its own console: focusing it from the
                // body would scroll the host's page to the figure as it loads.
                (active.tag_name().eq_ignore_ascii_case("body") && !super::browser::embedded())
                    || refs
                        .root
                        .cast::<web_sys::Node>()
                        .is_some_and(|root| root.contains(Some(&active)))
            });
        let target = match f.value {
            FocusTo::Input => refs.input.cast::<HtmlElement>(),
            FocusTo::Stop => refs.stop.cast::<HtmlElement>(),
        };
        if let (true, Some(el)) = (in_panel, target) {
            let _ = el.focus();
        }
    }
    done.set(d);
}

/// What the effect after a render needs of the console view (not its lines, so a long
/// scrollback is not copied again for it).
struct Follow {
    version: u64,
    busy: bool,
    pending: bool,
    focus: Option<Request<FocusTo>>,
    restore_input: Option<Request<String>>,
}

impl Follow {
    fn of(v: &ConsoleView) -> Follow {
        Follow {
            version: v.version,
            busy: v.busy,
            pending: v.pending,
            focus: v.focus.clone(),
            restore_input: v.restore_input.clone(),
        }
    }
}

/// The panel's elements.
#[derive(Clone, Default)]
struct Refs {
    root: NodeRef,
    log: NodeRef,
    input: NodeRef,
    stop: NodeRef,
}

/// The scrollback; lines of a future put aside are marked.
fn scrollback(v: &ConsoleView, lang: Lang) -> Html {
    let welcome = t(lang, "ui.console.welcome");
    let aside = t(lang, "ui.console.discarded");
    let lines = v.lines.iter().map(|line| {
        let body = match line.class {
            "welcome" => html! { { welcome } },
            "echo" => html! {
                <>
                    <span class="console-echo-prompt">{ line.prompt.clone() }</span>
                    { line.text.clone() }
                </>
            },
            _ => html! { { line.text.clone() } },
        };
        html! {
            <div
                key={line.id}
                class={classes!("console-line", line.class, line.discarded.then_some("discarded"))}
                data-testid="console-line"
                data-discarded={line.discarded.then_some("true")}
            >
                if line.discarded && line.class == "echo" {
                    <span class="visually-hidden">{ format!("({aside}) ") }</span>
                }
                { body }
            </div>
        }
    });
    html! { { for lines } }
}

#[component]
pub fn ConsolePanel() -> Html {
    let store = use_session(Topic::Console);
    let copied = use_state(|| false);
    let refs = use_memo((), |()| Refs::default());
    let done = use_memo((), |()| Cell::new(Done::default()));
    let view = store
        .as_ref()
        .and_then(|s| s.read(crate::session::Session::console_view));
    {
        let refs = (*refs).clone();
        let follow = view.as_ref().map(Follow::of);
        let done = Rc::clone(&done);
        use_effect(move || {
            if let Some(v) = &follow {
                after_render(v, &done, &refs);
            }
        });
    }
    {
        // "Copied" shows for a moment.
        let copied = copied.clone();
        use_effect_with(*copied, move |&is_copied| {
            let timer = is_copied
                .then(|| gloo::timers::callback::Timeout::new(1_500, move || copied.set(false)));
            move || drop(timer)
        });
    }
    let (Some(store), Some(v)) = (store, view) else {
        return Html::default();
    };
    let lang = store.lang();
    let input = Input(refs.input.clone());
    let on_keydown = {
        let (store, input) = (store.clone(), input.clone());
        Callback::from(move |e: KeyboardEvent| on_key(&store, &input, &e))
    };
    let on_paste = {
        let (store, input) = (store.clone(), input.clone());
        Callback::from(move |e: Event| {
            let Some(text) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(web_sys::ClipboardEvent::clipboard_data)
                .and_then(|d| d.get_data("text/plain").ok())
            else {
                return;
            };
            if let Some(rest) = store.paste(&input.value(), &text) {
                e.prevent_default();
                input.set(&rest);
            }
        })
    };
    let on_stop = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Intent::Interrupt(String::new())))
    };
    let on_copy = {
        let (store, copied) = (store.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(text) = store.read(crate::session::Session::console_text) else {
                return;
            };
            let copied = copied.clone();
            copy_to_clipboard(&text, move || copied.set(true));
        })
    };
    let on_log_click = focus_input_on_click(refs.input.clone());
    let busy = v.busy;
    html! {
        <section
            class={classes!("panel", "console-panel", busy.then_some("busy"))}
            aria-labelledby="console-heading"
            data-testid="console-panel"
            data-busy={busy.to_string()}
            ref={refs.root.clone()}
            onkeydown={on_keydown}
        >
            <div class="panel-head">
                <h2 id="console-heading" class="panel-title">{ t(lang, "ui.console") }</h2>
                { terminal_tabs(&store, &input, &v, lang) }
                <div class="console-actions">
                    { super::export::export_menu(&store, lang) }
                    { wrap_button(&store, lang, v.wrap) }
                    <button
                        type="button"
                        class="console-button"
                        data-testid="console-copy"
                        onclick={on_copy}
                    >
                        { t(lang, if *copied { "ui.console.copied" } else { "ui.console.copy" }) }
                    </button>
                </div>
            </div>
            <div class={classes!("console-screen", (!v.wrap).then_some("nowrap"))}>
                <div
                    class="console-log"
                    data-testid="console-log"
                    role="log"
                    aria-live="polite"
                    aria-label={t(lang, "ui.console.log")}
                    tabindex="0"
                    ref={refs.log.clone()}
                    onclick={on_log_click}
                >
                    { scrollback(&v, lang) }
                </div>
                { input_line(lang, &v, &refs, on_stop, on_paste) }
                <p id="console-keys" class="console-keys">{ t(lang, "ui.console.keys") }</p>
            </div>
        </section>
    }
}

/// The terminals' tabs: each brings its terminal to the front (and, with more than one, can
/// close it); `+` opens another.
fn terminal_tabs(store: &Store, input: &Input, v: &ConsoleView, lang: Lang) -> Html {
    let closable = v.terminals.len() > 1;
    let tabs = v.terminals.iter().map(|tab| {
        let id = tab.id;
        let on_select = {
            let (store, input) = (store.clone(), input.clone());
            Callback::from(move |_: MouseEvent| {
                input.set("");
                store.dispatch(Intent::SelectTerminal(id));
            })
        };
        let on_close = {
            let store = store.clone();
            Callback::from(move |_: MouseEvent| store.dispatch(Intent::CloseTerminal(id)))
        };
        let close_label = Msg::new("ui.console.terminal.close")
            .text(id.to_string())
            .render(lang);
        html! {
            <span key={id} class={classes!("terminal-tab-item", tab.selected.then_some("selected"))}>
                <button
                    type="button"
                    role="tab"
                    class={classes!("terminal-tab", tab.busy.then_some("busy"))}
                    data-testid="terminal-tab"
                    data-terminal={id.to_string()}
                    data-busy={tab.busy.to_string()}
                    aria-selected={tab.selected.to_string()}
                    onclick={on_select}
                >
                    { tab.label.clone() }
                </button>
                if closable {
                    <button
                        type="button"
                        class="terminal-close"
                        data-testid="terminal-close"
                        aria-label={close_label.clone()}
                        title={close_label}
                        onclick={on_close}
                    >
                        { "×" }
                    </button>
                }
            </span>
        }
    });
    let on_add = {
        let (store, input) = (store.clone(), input.clone());
        Callback::from(move |_: MouseEvent| {
            input.set("");
            store.dispatch(Intent::OpenTerminal);
        })
    };
    let add = t(lang, "ui.console.terminal.add");
    html! {
        <div class="terminal-tabs">
            <div role="tablist" class="terminal-tablist" aria-label={t(lang, "ui.console.terminals")}>
                { for tabs }
            </div>
            <button
                type="button"
                class="terminal-add"
                data-testid="terminal-add"
                aria-label={add}
                title={add}
                onclick={on_add}
            >
                { "+" }
            </button>
        </div>
    }
}

/// "Wrap lines": long lines wrap (pressed, the default) or keep kubectl's columns and scroll
/// sideways. The choice is saved for the next visit.
fn wrap_button(store: &Store, lang: Lang, wrap: bool) -> Html {
    let store = store.clone();
    let on_wrap = Callback::from(move |_: MouseEvent| {
        let saved = if wrap { "off" } else { "on" };
        super::browser::save(super::browser::CONSOLE_WRAP_KEY, saved);
        store.dispatch(Intent::SetConsoleWrap(!wrap));
    });
    html! {
        <button
            type="button"
            class="console-button"
            data-testid="console-wrap"
            aria-pressed={wrap.to_string()}
            title={t(lang, "ui.console.wrap.title")}
            onclick={on_wrap}
        >
            { t(lang, "ui.console.wrap") }
        </button>
    }
}

/// A click in the log (not a text selection) puts the caret back on the input line.
fn focus_input_on_click(input_ref: NodeRef) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        if !has_selection() {
            if let Some(input) = input_ref.cast::<HtmlElement>() {
                let _ = input.focus();
            }
        }
    })
}

/// Below the log: the input line, or while a command runs, the Stop button.
fn input_line(
    lang: Lang,
    v: &ConsoleView,
    refs: &Refs,
    on_stop: Callback<MouseEvent>,
    on_paste: Callback<Event>,
) -> Html {
    html! {
        <>
            if v.busy {
                <div class="console-running" data-testid="console-running">
                    <span class="console-spinner" aria-hidden="true"></span>
                    <span role="status">{ t(lang, "ui.console.running") }</span>
                    <button
                        type="button"
                        class="console-button stop"
                        data-testid="console-stop"
                        ref={refs.stop.clone()}
                        onclick={on_stop}
                    >
                        { t(lang, "ui.console.stop") }
                    </button>
                </div>
            } else {
                <div class="console-input-line">
                    <label for="console-input" class="console-prompt" data-testid="console-prompt">
                        <span aria-hidden="true">{ v.prompt.clone() }</span>
                        <span class="visually-hidden">{ t(lang, "ui.console.input") }</span>
                    </label>
                    <input
                        id="console-input"
                        class="console-input"
                        data-testid="console-input"
                        type="text"
                        ref={refs.input.clone()}
                        spellcheck="false"
                        autocapitalize="off"
                        autocomplete="off"
                        enterkeyhint="send"
                        aria-describedby="console-keys"
                        onpaste={on_paste}
                    />
                </div>
            }
        </>
    }
}
