//! The page: restores the saved state, provides the store (the session), runs the
//! animation loop, debounces re-validation and saving, takes the loading note away, and lays
//! out editor | stage | console with two keyboard- and pointer-draggable dividers (two rows on
//! tablets and small laptops, one column on phones).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::browser::{self, use_style, Scope, FILES_KEY, TEXT_KEY};
use super::console_panel::ConsolePanel;
use super::diagnostics::DiagnosticsPanel;
use super::editor::Editor;
use super::embed::EmbedPage;
use super::first;
use super::header::Header;
use super::object_list::ObjectList;
use super::offline::UpdateNotice;
use super::playback::Playback;
use super::saving;
use super::share::{self, Opened, ShareNotice};
use super::shortcuts::Shortcuts;
use super::stage::Stage;
use super::store::{use_store, Store, Topic};
use super::theme;
use crate::examples;
use crate::i18n::{t, Lang};
use crate::session::editor::Stored;
use crate::session::embed::EmbedConfig;
use crate::session::{Intent, Mode, Session, Theme, DEFAULT_SEED};

/// Quiet time after the last keystroke before the text is analyzed.
pub const DEBOUNCE_MS: u32 = 150;
/// Column widths (percent of the page) the dividers start at and are kept within.
pub const EDITOR_PCT: f64 = 24.0;
pub const CONSOLE_PCT: f64 = 28.0;
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

/// Takes away `index.html`'s note shown until the app starts (the app is on the page now). A
/// learner who was typing in the first module's editor goes on typing in this one: the focus,
/// the selection and the scroll move over.
fn remove_loading_note() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(note) = doc.get_element_by_id(first::ROOT_ID) {
        note.remove();
    }
    let Some((start, end, scroll)) = first::taken().caret else {
        return;
    };
    if let Some(editor) = doc
        .get_element_by_id("editor")
        .and_then(|el| el.dyn_into::<HtmlTextAreaElement>().ok())
    {
        let _ = editor.focus();
        let _ = editor.set_selection_range(start, end);
        editor.set_scroll_top(scroll);
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
fn start_loop(store: Store) -> Rc<RefCell<Loop>> {
    let holder: Rc<RefCell<Loop>> = Rc::new(RefCell::new(Loop::default()));
    fn schedule(store: Store, holder: Rc<RefCell<Loop>>) {
        let next = Rc::clone(&holder);
        let frame = request_animation_frame(move |ts| {
            store.animate(ts);
            let after = {
                let store = store.clone();
                let holder = Rc::clone(&next);
                Timeout::new(0, move || {
                    let changed = store.run(Intent::Advance(ts));
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
            schedule(store, next);
        });
        if let Ok(mut h) = holder.try_borrow_mut() {
            h.frame = Some(frame);
        }
    }
    schedule(store, Rc::clone(&holder));
    holder
}

/// What the page's address asks of embed mode; for an embed, every later [`browser::load`] and
/// [`browser::save`] uses the embed's own storage (none, or `keep=NAME`'s keys).
fn embed_config() -> Rc<EmbedConfig> {
    let (search, hash) = browser::search_and_hash();
    let config = EmbedConfig::parse(&search, &hash);
    if config.on {
        browser::set_scope(match &config.keep {
            Some(name) => Scope::Kept(name.clone()),
            None => Scope::Embed,
        });
    }
    Rc::new(config)
}

/// The session the page starts with: the saved files (or an older page's saved text, or the
/// seed's manifests), `?seed=N`, `?speed=N`, the saved language and theme, and the scene
/// benchmark if asked for. An embed reads only its own storage (so, unless it keeps its files,
/// the seed's manifests) and is then set up as its address asks.
fn first_session(embed: &EmbedConfig) -> (Store, Option<Opened>) {
    saving::init();
    let seed = browser::query_param("seed")
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let speed = browser::query_param("speed")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    // An embed that keeps its files opens them again rather than its `?example=`.
    let kept = embed.keep.is_some()
        && browser::hash_param("s").is_none()
        && browser::load(FILES_KEY).is_some();
    let handed = if embed.on {
        None
    } else {
        first::taken().handover
    };
    let edited = handed.as_ref().filter(|h| h.edited).map(|h| Stored {
        files: h.files.clone(),
        active: h.active,
    });
    let link = if kept || edited.is_some() {
        None
    } else {
        share::from_link(seed, speed)
    };
    let (mut s, opened) = match (link, edited) {
        (Some(Ok(s)), _) => (s, Some(Opened::Shared)),
        (Some(Err(msg)), _) => (saved_session(seed, speed), Some(Opened::Failed(msg))),
        (None, Some(stored)) => {
            saving::unsaved();
            (Session::with_files(&stored, seed, speed), None)
        }
        (None, None) => (saved_session(seed, speed), None),
    };
    // A shared session brings its own language and theme.
    let from_record = matches!(opened, Some(Opened::Shared)) && browser::hash_param("s").is_some();
    if !from_record {
        s.dispatch(Intent::SetLanguage(browser::initial_lang()));
        s.dispatch(Intent::SetTheme(Theme::from_id(&theme::saved())));
    }
    s.dispatch(Intent::SetReducedMotion(reduced_motion()));
    if browser::load(browser::CONSOLE_WRAP_KEY).as_deref() == Some("off") {
        s.dispatch(Intent::SetConsoleWrap(false));
    }
    super::bench_hook::prepare_scene(&mut s);
    if embed.on {
        super::embed::prepare(&mut s, embed);
    }
    if handed.is_some_and(|h| h.apply) {
        s.dispatch(Intent::Apply);
    }
    (Store::new(s), opened)
}

/// The learner's own files as this browser kept them, else the seed.
fn saved_session(seed: u64, speed: f64) -> Session {
    match saving::first_files() {
        Some(stored) => Session::with_files(&stored, seed, speed),
        None => {
            let text = browser::load(TEXT_KEY).unwrap_or_else(examples::all_together);
            Session::new(&text, seed, speed)
        }
    }
}

/// Follows the editor: every change of the files is saved soon (see [`saving`]), a pause in
/// typing analyzes the text; the document's language follows the page's.
#[component]
fn EditorFollower() -> Html {
    let store = use_store();
    let (rev, docs_rev, lang) = store
        .as_ref()
        .and_then(Store::editor)
        .map_or((0, 0, Lang::En), |e| (e.rev, e.docs_rev, e.lang));
    use_effect_with(lang, move |lang| browser::set_document_lang(*lang));
    {
        let store = store.clone();
        use_effect_with(docs_rev, move |&docs_rev| {
            if let Some(store) = store {
                saving::changed(&store, docs_rev);
            }
        });
    }
    {
        // Each change restarts the timer; dropping the previous `Timeout` (the effect's
        // cleanup) cancels it, so only a pause in typing reaches the analyzer.
        use_effect_with((rev, docs_rev), move |&(rev, docs_rev)| {
            let timer = (rev > 0 || docs_rev > 0).then(|| {
                Timeout::new(DEBOUNCE_MS, move || {
                    if let Some(store) = store {
                        store.dispatch(Intent::Revalidate(rev));
                    }
                })
            });
            move || drop(timer)
        });
    }
    Html::default()
}

#[component]
pub fn App() -> Html {
    let first = use_memo((), |()| {
        let embed = embed_config();
        (first_session(&embed), embed)
    });
    let ((store, opened), embed): ((Store, Option<Opened>), Rc<EmbedConfig>) = (*first).clone();
    {
        let store = store.clone();
        use_effect_with((), move |()| {
            remove_loading_note();
            saving::start(&store);
            let holder = start_loop(store);
            move || {
                let mut h = holder.borrow_mut();
                h.frame = None;
                h.after = None;
                h.settle = None;
            }
        });
    }
    html! {
        <ContextProvider<Store> context={store}>
            <EditorFollower />
            if embed.on {
                <EmbedPage config={embed} />
            } else {
                <Page />
                <ShareNotice {opened} />
            }
            <super::embed_bridge::EmbedBridge />
        </ContextProvider<Store>>
    }
}

/// A divider between two columns: dragged with the pointer or moved with ←/→.
fn divider(
    which: usize,
    widths: &UseStateHandle<(f64, f64)>,
    main_ref: &NodeRef,
    lang: Lang,
) -> Html {
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
}

/// Whether the comparison is open: redraws the page only when that changes, not on every
/// change of the cluster.
#[hook]
fn use_comparing() -> bool {
    let store = use_context::<Store>();
    let comparing = use_state_eq(|| {
        store
            .as_ref()
            .and_then(|s| s.read(Session::mode))
            .is_some_and(|m| m == Mode::Compare)
    });
    {
        let comparing = comparing.clone();
        use_effect_with((), move |()| {
            let id = store.as_ref().map(|s| {
                let reader = s.clone();
                let on_change = move || {
                    if let Some(mode) = reader.read(Session::mode) {
                        comparing.set(mode == Mode::Compare);
                    }
                };
                s.subscribe(Topic::Cluster, Rc::new(on_change))
            });
            move || {
                if let (Some(store), Some(id)) = (store, id) {
                    store.unsubscribe(id);
                }
            }
        });
    }
    *comparing
}

/// The page: editor | stage | console from 1280 px wide (the comparison takes the editor's
/// column while it is open); below that the stage beside the console with the editor under
/// them (it can be folded away); on phones one column: the Apply bar (kept in view), the scene,
/// the console, the editor. The layouts are `styles/main.css` section 3.
#[component]
fn Page() -> Html {
    let lang = use_store().map_or(Lang::En, |s| s.lang());
    let comparing = use_comparing();
    let widths = use_state(|| (EDITOR_PCT, CONSOLE_PCT));
    let editor_open = use_state(|| true);
    let main_ref = use_node_ref();
    use_style(
        &main_ref,
        vec![
            ("--editor-w", format!("{:.1}%", widths.0)),
            ("--console-w", format!("{:.1}%", widths.1)),
        ],
    );
    let on_fold = {
        let editor_open = editor_open.clone();
        Callback::from(move |_: MouseEvent| editor_open.set(!*editor_open))
    };
    let open = *editor_open;

    html! {
        <div class="app">
            <Header />
            <main
                class={classes!("playground", comparing.then_some("comparing"))}
                ref={main_ref.clone()}
            >
                <div
                    class={classes!("column", "editor-column", (!open).then_some("folded"))}
                    data-testid="editor-column"
                >
                    <button
                        type="button"
                        class="editor-fold"
                        aria-expanded={open.to_string()}
                        data-testid="editor-fold"
                        onclick={on_fold}
                    >
                        { t(lang, if open { "ui.editor.hide" } else { "ui.editor.show" }) }
                    </button>
                    <Editor />
                    <details class="checks" open=true>
                        <summary>{ t(lang, "ui.checks") }</summary>
                        <div class="side">
                            <DiagnosticsPanel />
                            <ObjectList />
                        </div>
                    </details>
                </div>
                { divider(0, &widths, &main_ref, lang) }
                <div class="apply-bar" data-testid="apply-bar">
                    <Playback />
                </div>
                <div class="column stage-column">
                    <Stage />
                </div>
                { divider(1, &widths, &main_ref, lang) }
                <div class="column console-column">
                    <ConsolePanel />
                </div>
            </main>
            <Shortcuts />
            <UpdateNotice />
        </div>
    }
}
