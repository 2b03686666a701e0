//! The page: restores the saved state, provides the store and the playground, runs the
//! animation loop, debounces re-validation and saving, and lays out editor | stage | console
//! with two keyboard- and pointer-draggable dividers (stacked on narrow screens).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::browser::{self, TEXT_KEY};
use super::console_panel::{ConsolePanel, DEFAULT_SEED};
use super::diagnostics::DiagnosticsPanel;
use super::editor::Editor;
use super::header::Header;
use super::object_list::ObjectList;
use super::playground::{self, Playground, PlaygroundHandle};
use super::shortcuts::Shortcuts;
use super::stage::Stage;
use super::store::{Action, Store, StoreHandle};
use crate::examples;
use crate::i18n::t;

/// Quiet time after the last keystroke before the text is analyzed and saved.
pub const DEBOUNCE_MS: u32 = 150;
/// Column widths (percent of the page) the dividers start at and are kept within.
pub const EDITOR_PCT: f64 = 27.0;
pub const CONSOLE_PCT: f64 = 30.0;
const MIN_PCT: f64 = 15.0;
const MAX_PCT: f64 = 45.0;

fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Brings the page's styles and layout up to date (asking for a size does).
fn lay_out() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = root.offset_height();
    }
}

/// The animation loop's pending callbacks; dropping them stops it.
#[derive(Default)]
struct Loop {
    frame: Option<AnimationFrame>,
    after: Option<Timeout>,
    settle: Option<Timeout>,
}

/// Starts the animation loop. Each frame only moves the motion on and paints; the cluster's
/// step (events, requests, the scene's rebuild) and the panels that follow it run in a task
/// posted from the frame, so they happen after it is drawn, in the time before the next one.
fn start_loop(pg: PlaygroundHandle) -> Rc<RefCell<Loop>> {
    let holder: Rc<RefCell<Loop>> = Rc::new(RefCell::new(Loop::default()));
    fn schedule(pg: PlaygroundHandle, holder: Rc<RefCell<Loop>>) {
        let next = Rc::clone(&holder);
        let frame = request_animation_frame(move |ts| {
            let moved = pg.try_borrow_mut().is_ok_and(|mut p| p.animate(ts));
            if moved {
                let scene = playground::Changed {
                    scene: true,
                    ..playground::Changed::default()
                };
                playground::notify(&pg, scene);
            }
            let after = {
                let pg = pg.clone();
                let holder = Rc::clone(&next);
                Timeout::new(0, move || {
                    let changed = match pg.try_borrow_mut() {
                        Ok(mut p) => p.tick(ts),
                        Err(_) => playground::Changed::default(),
                    };
                    playground::notify(&pg, changed);
                    if changed.cluster || changed.cluster_phase.is_some() || changed.console {
                        // The panels render in microtasks after this task; the task after them
                        // lays the page out, still in the time between frames, so the next
                        // frame finds it done and only paints.
                        let settle = Timeout::new(0, lay_out);
                        if let Ok(mut h) = holder.try_borrow_mut() {
                            h.settle = Some(settle);
                        }
                    }
                })
            };
            if let Ok(mut h) = next.try_borrow_mut() {
                h.after = Some(after);
            }
            schedule(pg, next);
        });
        if let Ok(mut h) = holder.try_borrow_mut() {
            h.frame = Some(frame);
        }
    }
    schedule(pg, Rc::clone(&holder));
    holder
}

#[component]
pub fn App() -> Html {
    let store = use_reducer(|| {
        let text = browser::load(TEXT_KEY).unwrap_or_else(examples::all_together);
        Store::new(browser::initial_lang(), text)
    });
    let pg = {
        let text = store.text.clone();
        use_memo((), move |()| {
            let seed = browser::query_param("seed")
                .and_then(|s| s.parse().ok())
                .unwrap_or(DEFAULT_SEED);
            let speed = browser::query_param("speed")
                .and_then(|s| s.parse().ok())
                .unwrap_or(1.0);
            let mut p = Playground::new(&text, seed, speed);
            p.reduced_motion = reduced_motion();
            super::bench_hook::prepare_scene(&mut p);
            PlaygroundHandle(Rc::new(RefCell::new(p)))
        })
    };
    let pg: PlaygroundHandle = (*pg).clone();
    let widths = use_state(|| (EDITOR_PCT, CONSOLE_PCT));
    let main_ref = use_node_ref();

    {
        let pg = pg.clone();
        use_effect_with(store.lang, move |lang| {
            browser::set_document_lang(*lang);
            if let Ok(mut p) = pg.try_borrow_mut() {
                p.lang = *lang;
            }
        });
    }
    {
        let pg = pg.clone();
        use_effect_with((), move |()| {
            let holder = start_loop(pg);
            move || {
                let mut h = holder.borrow_mut();
                h.frame = None;
                h.after = None;
                h.settle = None;
            }
        });
    }
    {
        // Each text revision restarts the timer; dropping the previous `Timeout` (the effect's
        // cleanup) cancels it, so only a pause in typing reaches the analyzer.
        let dispatcher = store.dispatcher();
        let text = store.text.clone();
        use_effect_with(store.rev, move |&rev| {
            let timer = (rev > 0).then(|| {
                Timeout::new(DEBOUNCE_MS, move || {
                    browser::save(TEXT_KEY, &text);
                    dispatcher.dispatch(Action::Revalidate { rev });
                })
            });
            move || drop(timer)
        });
    }

    let lang = store.lang;
    let divider = |which: usize| {
        let widths = widths.clone();
        let main_ref = main_ref.clone();
        let (editor, console) = *widths;
        let value = if which == 0 { editor } else { console };
        let set = {
            let widths = widths.clone();
            move |pct: f64| {
                let pct = pct.clamp(MIN_PCT, MAX_PCT);
                let (e, c) = *widths;
                widths.set(if which == 0 { (pct, c) } else { (e, pct) });
            }
        };
        let on_key = {
            let set = set.clone();
            Callback::from(move |e: KeyboardEvent| {
                let delta = match e.key().as_str() {
                    "ArrowLeft" => -2.0,
                    "ArrowRight" => 2.0,
                    _ => return,
                };
                e.prevent_default();
                // The console's divider grows the console when moved left.
                set(value + if which == 0 { delta } else { -delta });
            })
        };
        let on_down = Callback::from(move |e: PointerEvent| {
            if let Some(target) = e.target_dyn_into::<HtmlElement>() {
                let _ = target.set_pointer_capture(e.pointer_id());
            }
        });
        let on_move = Callback::from(move |m: PointerEvent| {
            let Some(main) = main_ref.cast::<HtmlElement>() else {
                return;
            };
            let rect = main.get_bounding_client_rect();
            if m.buttons() == 0 || rect.width() <= 0.0 {
                return;
            }
            let x = (f64::from(m.client_x()) - rect.left()) / rect.width() * 100.0;
            set(if which == 0 { x } else { 100.0 - x });
        });
        html! {
            <div
                class="divider"
                role="separator"
                tabindex="0"
                aria-orientation="vertical"
                aria-label={t(lang, if which == 0 { "ui.divider.editor" } else { "ui.divider.console" })}
                aria-valuemin={MIN_PCT.to_string()}
                aria-valuemax={MAX_PCT.to_string()}
                aria-valuenow={format!("{value:.0}")}
                data-testid={format!("divider-{which}")}
                onkeydown={on_key}
                onpointerdown={on_down}
                onpointermove={on_move}
            />
        }
    };
    let style = format!(
        "--editor-w: {:.1}%; --console-w: {:.1}%;",
        widths.0, widths.1
    );

    html! {
        <ContextProvider<StoreHandle> context={store.clone()}>
            <ContextProvider<PlaygroundHandle> context={pg}>
                <div class="app">
                    <Header />
                    <main class="playground" style={style} ref={main_ref.clone()}>
                        <div class="column editor-column">
                            <Editor />
                            <details class="checks" open=true>
                                <summary>{ t(lang, "ui.checks") }</summary>
                                <div class="side">
                                    <DiagnosticsPanel />
                                    <ObjectList />
                                </div>
                            </details>
                        </div>
                        { divider(0) }
                        <div class="column stage-column">
                            <Stage />
                        </div>
                        { divider(1) }
                        <div class="column console-column">
                            <ConsolePanel />
                        </div>
                    </main>
                    <Shortcuts />
                </div>
            </ContextProvider<PlaygroundHandle>>
        </ContextProvider<StoreHandle>>
    }
}
