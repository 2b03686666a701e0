//! The kubectl console: scrollback, prompt and input line, driven by one [`Console`] that lives
//! outside Yew's props and state (a `RefCell` in a ref), so a long scrollback and a whole
//! simulated cluster are never cloned or compared. A forced re-render shows what changed.
//!
//! Keys (on the input): Enter runs, ↑/↓ walk the history, Tab completes (on an empty line it
//! moves focus on, so the panel is no keyboard trap), Ctrl-L clears. Ctrl-C anywhere in the
//! panel stops a running command; when idle it abandons the line as a shell does. While a
//! command runs, the input is replaced by a Stop button, which gets the focus.
//!
//! Time: the page's animation loop ([`super::playground`]) turns wall time into virtual time and
//! feeds the console; `?speed=N` runs it N times faster (the end-to-end tests use it).

use std::collections::{BTreeMap, VecDeque};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::console_screen::{self, Completion, Kind, Recall, Screen, COMPLETION_WIDTH};
use super::playground::{Playground, Topic};
use super::store::use_store;
use super::use_playground;
use crate::console::{Console, MemFiles};
use crate::examples::EXAMPLES;
use crate::i18n::{t, Lang};

/// The cluster's seed unless the URL says `?seed=N` (the console's, so the page and `podplay run`
/// tell the same story).
pub use crate::console::DEFAULT_SEED;
/// The editor's text, as `kubectl apply -f` finds it.
pub const EDITOR_FILE: &str = crate::manifest::EDITOR_FILE;

/// The console's documents: the tutorial's three files by name, and the editor's text.
#[must_use]
pub fn files(editor_text: &str) -> MemFiles {
    let mut map: BTreeMap<String, String> = EXAMPLES
        .iter()
        .map(|e| (e.file.to_string(), e.text.to_string()))
        .collect();
    map.insert(EDITOR_FILE.to_string(), editor_text.to_string());
    MemFiles(map)
}

/// Where focus should go after the next render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FocusTo {
    Input,
    Stop,
}

/// Everything the panel keeps between renders.
pub struct PanelState {
    pub console: Console,
    screen: Screen,
    recall: Recall,
    /// Output arrived outside the panel's own handlers (the Apply button, scene actions).
    dirty: bool,
    /// `screen.version()` when the log was last scrolled to its end.
    scrolled_version: u64,
    focus_to: Option<FocusTo>,
    /// Pasted lines still to run, as a terminal keeps typed-ahead input: each runs when the
    /// command before it has finished.
    pending: VecDeque<String>,
    /// Text to put back on the input line once it is shown again (the unfinished end of a
    /// paste, kept while commands ran).
    restore_input: Option<String>,
}

impl PanelState {
    #[must_use]
    pub fn new(editor_text: &str, seed: u64) -> PanelState {
        let mut screen = Screen::new();
        screen.push(Kind::Welcome, "", "");
        PanelState {
            console: Console::new(seed, Box::new(files(editor_text))),
            screen,
            recall: Recall::default(),
            dirty: false,
            scrolled_version: 0,
            focus_to: None,
            pending: VecDeque::new(),
            restore_input: None,
        }
    }

    /// A paste with line breaks: every complete line runs (the first joined to what was
    /// already typed), one after another; the text after the last break stays on the input
    /// line. Returns that text, or `None` for a single-line paste (the input takes it).
    fn paste(&mut self, typed: &str, text: &str) -> Option<String> {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if !text.contains('\n') {
            return None;
        }
        let mut parts: Vec<&str> = text.split('\n').collect();
        let rest = parts.pop().unwrap_or_default().to_string();
        for (i, line) in parts.into_iter().enumerate() {
            if i == 0 {
                self.pending.push_back(format!("{typed}{line}"));
            } else {
                self.pending.push_back(line.to_string());
            }
        }
        self.run_pending();
        Some(rest)
    }

    /// Runs queued lines until one starts a command that waits; true if any ran.
    fn run_pending(&mut self) -> bool {
        let mut ran = false;
        while !self.console.is_busy() {
            let Some(line) = self.pending.pop_front() else {
                break;
            };
            self.submit(&line);
            ran = true;
        }
        ran
    }

    /// Runs `line` as typed at the current prompt.
    fn submit(&mut self, line: &str) {
        let prompt = self.console.prompt();
        self.screen.echo(&prompt, line);
        self.recall.reset();
        let out = self.console.submit(line);
        self.screen.show(out);
        if self.console.is_busy() {
            self.focus_to = Some(FocusTo::Stop);
        }
    }

    /// Ctrl-C: stops a running command; when idle, abandons `line` (`$ kubectl ge^C`).
    fn interrupt(&mut self, line: &str) {
        // The terminal discards typed-ahead input on an interrupt.
        self.pending.clear();
        self.restore_input = None;
        if self.console.is_busy() {
            let out = self.console.interrupt();
            self.screen.show(out);
            if !self.console.is_busy() {
                self.focus_to = Some(FocusTo::Input);
            }
        } else {
            let prompt = self.console.prompt();
            self.screen.echo(&prompt, &format!("{line}^C"));
            self.recall.reset();
            // bash drops the lines of an unfinished command (PS2) too.
            self.console.discard_pending();
        }
    }

    /// `virtual_ms` of virtual time passed (0: none, but queued lines may run); true when
    /// something visible changed.
    pub fn advance(&mut self, virtual_ms: u64) -> bool {
        let was_busy = self.console.is_busy();
        let out = console_screen::advance(&mut self.console, virtual_ms);
        let changed = !out.is_empty() || out.clear;
        self.screen.show(out);
        let done = was_busy && !self.console.is_busy();
        if done {
            self.focus_to = Some(FocusTo::Input);
        }
        let ran = self.run_pending();
        changed || done || ran
    }

    /// Shows output produced outside a clock tick (a stepped event).
    pub fn show(&mut self, out: crate::console::Output) {
        if !out.is_empty() || out.clear {
            self.dirty = true;
        }
        self.screen.show(out);
    }

    /// Runs `line` as if typed, after whatever is queued (the Apply button and the scene's
    /// actions type their kubectl commands here, so the console shows what was done).
    pub fn type_line(&mut self, line: &str) {
        self.pending.push_back(line.to_string());
        self.run_pending();
        self.dirty = true;
    }

    /// Whether output arrived since the last call.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Says in the scrollback that time was taken back.
    pub fn note_rewind(&mut self, t: crate::engine::Time, lang: Lang) {
        self.pending.clear();
        let text = crate::i18n::Msg::new("ui.rewound")
            .text(crate::view_model::clock_text(t.ms()))
            .render(lang);
        self.screen.push(Kind::Out, "", &text);
        self.dirty = true;
    }
}

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

#[component]
pub fn ConsolePanel() -> Html {
    let store = use_store();
    let editor_text = store.as_ref().map(|s| s.text.clone());
    let Some(pg) = use_playground(Topic::Console) else {
        return Html::default();
    };
    let state = pg.0.clone();
    let force = use_force_update();
    let copied = use_state(|| false);
    let root_ref = use_node_ref();
    let log_ref = use_node_ref();
    let input_ref = use_node_ref();
    let stop_ref = use_node_ref();

    let lang = store.as_ref().map_or(Lang::En, |s| s.lang);
    let rev = store.as_ref().map_or(0, |s| s.rev);

    {
        let state = state.clone();
        use_effect_with(lang, move |lang| {
            if let Some(mut s) = Playground::panel_mut(&state) {
                s.console.set_lang(*lang);
            }
        });
    }
    {
        // The editor's text reaches `kubectl apply -f editor.yaml` as soon as it changes.
        let state = state.clone();
        use_effect_with(rev, move |_| {
            if let (Some(text), Some(mut s)) = (editor_text, Playground::panel_mut(&state)) {
                s.console.set_files(Box::new(files(&text)));
            }
        });
    }
    {
        // After each render: follow new output to the end, and move focus where it belongs.
        let state = state.clone();
        let log_ref = log_ref.clone();
        let input_ref = input_ref.clone();
        let stop_ref = stop_ref.clone();
        let root_ref = root_ref.clone();
        use_effect(move || {
            let Some(mut s) = Playground::panel_mut(&state) else {
                return;
            };
            let version = s.screen.version();
            if version != s.scrolled_version {
                s.scrolled_version = version;
                if let Some(log) = log_ref.cast::<HtmlElement>() {
                    log.set_scroll_top(log.scroll_height());
                }
            }
            if !s.console.is_busy() && s.pending.is_empty() {
                if let (Some(text), Some(input)) = (
                    s.restore_input.as_ref(),
                    input_ref.cast::<HtmlInputElement>(),
                ) {
                    input.set_value(text);
                    s.restore_input = None;
                }
            }
            if let Some(to) = s.focus_to.take() {
                // Only when the learner is in the panel: output must not steal focus from
                // the editor.
                let in_panel = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .is_none_or(|active| {
                        active.tag_name().eq_ignore_ascii_case("body")
                            || root_ref
                                .cast::<web_sys::Node>()
                                .is_some_and(|root| root.contains(Some(&active)))
                    });
                let target = match to {
                    FocusTo::Input => input_ref.cast::<HtmlElement>(),
                    FocusTo::Stop => stop_ref.cast::<HtmlElement>(),
                };
                if let (true, Some(el)) = (in_panel, target) {
                    let _ = el.focus();
                }
            }
        });
    }

    let input_value = {
        let input_ref = input_ref.clone();
        move || {
            input_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default()
        }
    };
    let set_input = {
        let input_ref = input_ref.clone();
        move |value: &str| {
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                input.set_value(value);
                let end = u32::try_from(value.encode_utf16().count()).unwrap_or(u32::MAX);
                let _ = input.set_selection_range(end, end);
            }
        }
    };

    let on_paste = {
        let state = state.clone();
        let force = force.clone();
        let set_input = set_input.clone();
        let input_value = input_value.clone();
        Callback::from(move |e: Event| {
            let Some(text) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(web_sys::ClipboardEvent::clipboard_data)
                .and_then(|d| d.get_data("text/plain").ok())
            else {
                return;
            };
            // Lines typed while an earlier moment is shown start a new future from there.
            if text.contains('\n') {
                if let Ok(mut p) = state.try_borrow_mut() {
                    if !p.panel.console.is_busy() {
                        p.commit_view();
                    }
                }
            }
            let Some(mut s) = Playground::panel_mut(&state) else {
                return;
            };
            if let Some(rest) = s.paste(&input_value(), &text) {
                e.prevent_default();
                if s.console.is_busy() {
                    // The input line is hidden while commands run; it gets the text back then.
                    s.restore_input = Some(rest);
                } else {
                    set_input(&rest);
                }
                drop(s);
                force.force_update();
            }
        })
    };

    let on_keydown = {
        let state = state.clone();
        let force = force.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let ctrl = e.ctrl_key() && !e.alt_key() && !e.meta_key();
            let on_input = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .is_some();
            if key == "Enter" && on_input {
                if let Ok(mut p) = state.try_borrow_mut() {
                    if !p.panel.console.is_busy() {
                        p.commit_view();
                    }
                }
            }
            let Some(mut s) = Playground::panel_mut(&state) else {
                return;
            };
            let busy = s.console.is_busy();
            if ctrl && key.eq_ignore_ascii_case("c") {
                if has_selection() && !busy {
                    return; // a copy, not an interrupt
                }
                e.prevent_default();
                let line = if on_input {
                    input_value()
                } else {
                    String::new()
                };
                s.interrupt(&line);
                if !busy {
                    set_input("");
                }
            } else if ctrl && key.eq_ignore_ascii_case("l") {
                e.prevent_default();
                s.screen.clear();
            } else if !on_input || busy {
                return;
            } else if key == "Enter" {
                e.prevent_default();
                let line = input_value();
                set_input("");
                s.submit(&line);
            } else if key == "ArrowUp" {
                e.prevent_default();
                let current = input_value();
                let history = s.console.history().to_vec();
                if let Some(line) = s.recall.up(&history, &current) {
                    set_input(&line);
                }
                return;
            } else if key == "ArrowDown" {
                e.prevent_default();
                let history = s.console.history().to_vec();
                if let Some(line) = s.recall.down(&history) {
                    set_input(&line);
                }
                return;
            } else if key == "Tab" && !e.shift_key() {
                let line = input_value();
                if line.is_empty() {
                    return; // focus moves on
                }
                e.prevent_default();
                let candidates = s.console.complete(&line);
                match console_screen::complete(&line, &candidates) {
                    Completion::None => return,
                    Completion::Fill(filled) => {
                        set_input(&filled);
                        return;
                    }
                    Completion::Many {
                        line: kept,
                        candidates,
                    } => {
                        let prompt = s.console.prompt();
                        s.screen.echo(&prompt, &line);
                        for row in console_screen::columns(&candidates, COMPLETION_WIDTH) {
                            s.screen.push(Kind::Out, "", &row);
                        }
                        set_input(&kept);
                    }
                }
            } else {
                return;
            }
            drop(s);
            force.force_update();
        })
    };

    let on_stop = {
        let state = state.clone();
        let force = force.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(mut s) = Playground::panel_mut(&state) {
                s.interrupt("");
            }
            force.force_update();
        })
    };

    let welcome = t(lang, "ui.console.welcome");
    let on_copy = {
        let state = state.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(s) = Playground::panel_ref(&state) else {
                return;
            };
            let text = s.screen.text(welcome);
            let copied = copied.clone();
            copy_to_clipboard(&text, move || copied.set(true));
        })
    };
    {
        // "Copied" shows for a moment.
        let copied = copied.clone();
        use_effect_with(*copied, move |&is_copied| {
            let timer = is_copied
                .then(|| gloo::timers::callback::Timeout::new(1_500, move || copied.set(false)));
            move || drop(timer)
        });
    }
    let on_log_click = {
        // A click in the log (not a text selection) puts the caret back on the input line.
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if !has_selection() {
                if let Some(input) = input_ref.cast::<HtmlElement>() {
                    let _ = input.focus();
                }
            }
        })
    };

    let Some(s) = Playground::panel_ref(&state) else {
        return Html::default();
    };
    let busy = s.console.is_busy();
    let prompt = s.console.prompt();
    let lines = s.screen.lines().map(|line| {
        let class = match line.kind {
            Kind::Out => "out",
            Kind::Err => "err",
            Kind::Echo => "echo",
            Kind::Welcome => "welcome",
        };
        let body = match line.kind {
            Kind::Welcome => html! { { welcome } },
            Kind::Echo => html! {
                <>
                    <span class="console-echo-prompt">{ line.prompt.clone() }</span>
                    { line.text.clone() }
                </>
            },
            _ => html! { { line.text.clone() } },
        };
        html! {
            <div key={line.id} class={classes!("console-line", class)} data-testid="console-line">
                { body }
            </div>
        }
    });

    html! {
        <section
            class={classes!("panel", "console-panel", busy.then_some("busy"))}
            aria-labelledby="console-heading"
            data-testid="console-panel"
            data-busy={busy.to_string()}
            ref={root_ref}
            onkeydown={on_keydown}
        >
            <div class="panel-head">
                <h2 id="console-heading" class="panel-title">{ t(lang, "ui.console") }</h2>
                <div class="console-actions">
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
            <div class="console-screen">
                <div
                    class="console-log"
                    data-testid="console-log"
                    role="log"
                    aria-live="polite"
                    aria-label={t(lang, "ui.console.log")}
                    tabindex="0"
                    ref={log_ref}
                    onclick={on_log_click}
                >
                    { for lines }
                </div>
                if busy {
                    <div class="console-running" data-testid="console-running">
                        <span class="console-spinner" aria-hidden="true"></span>
                        <span role="status">{ t(lang, "ui.console.running") }</span>
                        <button
                            type="button"
                            class="console-button stop"
                            data-testid="console-stop"
                            ref={stop_ref}
                            onclick={on_stop}
                        >
                            { t(lang, "ui.console.stop") }
                        </button>
                    </div>
                } else {
                    <div class="console-input-line">
                        <label for="console-input" class="console-prompt" data-testid="console-prompt">
                            <span aria-hidden="true">{ prompt }</span>
                            <span class="visually-hidden">{ t(lang, "ui.console.input") }</span>
                        </label>
                        <input
                            id="console-input"
                            class="console-input"
                            data-testid="console-input"
                            type="text"
                            ref={input_ref}
                            spellcheck="false"
                            autocapitalize="off"
                            autocomplete="off"
                            enterkeyhint="send"
                            aria-describedby="console-keys"
                            onpaste={on_paste}
                        />
                    </div>
                }
                <p id="console-keys" class="console-keys">{ t(lang, "ui.console.keys") }</p>
            </div>
        </section>
    }
}
