//! The bar above the scene: Apply, the Cluster/Compare switch, play/pause, one step, speed,
//! and the timeline (scrub back to any earlier moment and play it again; an action from there
//! puts the old future aside, and Undo brings it back).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::store::{use_session, Store, Topic};
use crate::i18n::t;
use crate::session::{Intent, Mode, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    /// The Apply button is shown.
    #[prop_or(true)]
    pub apply: bool,
    /// The Cluster/Compare switch is shown.
    #[prop_or(true)]
    pub modes: bool,
}

#[component]
pub fn Playback(props: &PlaybackProps) -> Html {
    let Some(store) = use_session(Topic::Cluster) else {
        return Html::default();
    };
    let lang = store.lang();
    let Some(v) = store.read(crate::session::Session::playback_view) else {
        return Html::default();
    };
    let act = |intent: Intent| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(intent.clone()))
    };
    let (on_speed, on_scrub) = (on_speed(&store), on_scrub(&store));
    let mode_button = |m: Mode, id: &'static str| mode_button(&store, lang, v.mode, m, id);
    let tl = &v.timeline;
    let start = tl.start_ms;
    let (playing, speed, booted, has_next, end, at, viewing_past) = (
        v.playing,
        v.speed,
        tl.booted,
        tl.has_next,
        tl.end_ms,
        tl.at_ms,
        tl.viewing_past,
    );
    html! {
        <div class="playback" role="toolbar" aria-label={t(lang, "ui.playback")} data-testid="playback">
            if props.apply {
            <button
                type="button"
                class="primary"
                data-testid="apply"
                aria-keyshortcuts="Control+Enter"
                title={t(lang, "ui.apply.title")}
                onclick={act(Intent::Apply)}
            >
                { t(lang, "ui.apply") }
            </button>
            }
            if props.modes {
                <div class="segmented" role="group" aria-label={t(lang, "ui.mode")}>
                    { mode_button(Mode::Cluster, "ui.mode.cluster") }
                    { mode_button(Mode::Compare, "ui.mode.compare") }
                </div>
            }
            <button
                type="button"
                data-testid="play"
                aria-keyshortcuts="Space"
                aria-pressed={playing.to_string()}
                disabled={!booted}
                onclick={act(Intent::TogglePlay)}
            >
                { t(lang, if playing { "ui.pause" } else { "ui.play" }) }
            </button>
            <button
                type="button"
                data-testid="step"
                aria-keyshortcuts="."
                disabled={!has_next}
                onclick={act(Intent::Step)}
            >
                { t(lang, "ui.step") }
            </button>
            <label class="speed">
                <span>{ t(lang, "ui.speed") }</span>
                <select data-testid="speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={(s - speed).abs() < 1e-9}>
                            { format!("{s}×") }
                        </option>
                    }) }
                </select>
            </label>
            <label class="timeline">
                <span class="visually-hidden">{ t(lang, "ui.timeline") }</span>
                <input
                    type="range"
                    data-testid="timeline"
                    min={start.to_string()}
                    max={end.to_string()}
                    step="100"
                    value={at.to_string()}
                    aria-valuetext={tl.shown_clock.clone()}
                    disabled={!booted}
                    oninput={on_scrub}
                />
            </label>
            <span class="clock" data-testid="clock" aria-live="off">
                { tl.shown_clock.clone() }
                if viewing_past {
                    { format!(" / {}", tl.now_clock) }
                }
            </span>
            if viewing_past {
                <button type="button" data-testid="live" onclick={act(Intent::ToLive)}>
                    { t(lang, "ui.live") }
                </button>
            }
            if let Some(note) = v.past_note.clone() {
                <span class="past-note" role="status" data-testid="past-note">{ note }</span>
            }
            if let Some(note) = v.undo_note.clone() {
                <span class="undo-note" role="status" data-testid="undo-note">{ note }</span>
                <button type="button" data-testid="undo" onclick={act(Intent::Undo)}>
                    { t(lang, "ui.undo") }
                </button>
            }
        </div>
    }
}

/// A segment of the Cluster/Compare switch.
fn mode_button(
    store: &Store,
    lang: crate::i18n::Lang,
    mode: Mode,
    m: Mode,
    id: &'static str,
) -> Html {
    let store = store.clone();
    let pressed = m == mode;
    html! {
        <button
            type="button"
            class={classes!("seg", pressed.then_some("active"))}
            aria-pressed={pressed.to_string()}
            data-testid={format!("mode-{}", if m == Mode::Compare { "compare" } else { "cluster" })}
            onclick={Callback::from(move |_| store.dispatch(Intent::SetMode(m)))}
        >
            { t(lang, id) }
        </button>
    }
}

/// The speed menu's choice.
fn on_speed(store: &Store) -> Callback<Event> {
    let store = store.clone();
    Callback::from(move |e: Event| {
        if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
            if let Ok(v) = sel.value().parse::<f64>() {
                store.dispatch(Intent::SetSpeed(v));
            }
        }
    })
}

/// The timeline dragged: look at that moment.
fn on_scrub(store: &Store) -> Callback<InputEvent> {
    let store = store.clone();
    Callback::from(move |e: InputEvent| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            if let Ok(v) = input.value().parse::<u64>() {
                store.dispatch(Intent::Seek(v));
            }
        }
    })
}
