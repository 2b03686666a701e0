//! The bar above the scene: Apply, the Cluster/Compare switch, play/pause, one step, speed,
//! and the timeline (scrub back to any earlier moment; an action from there discards the old
//! future).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::console_panel::EDITOR_FILE;
use super::playground::{self, Mode, Playground, PlaygroundHandle, Topic};
use super::store::use_store;
use super::use_playground;
use crate::i18n::{t, Lang};
use crate::view_model::compare::Comparison;
use crate::view_model::playback::{self, playback_view, PlaybackView};

/// Speeds offered by the speed menu.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 10.0];

/// Apply: the editor's manifests go to the cluster as `kubectl apply -f editor.yaml`, typed
/// into the console (starting minikube first if needed), so the console shows what happened.
pub fn apply(p: &mut Playground) {
    if p.mode == Mode::Compare {
        p.set_mode(Mode::Cluster);
    }
    p.commit_view();
    p.playing = true;
    if p.live().is_none() {
        p.panel.type_line("minikube start");
    }
    p.panel
        .type_line(&format!("kubectl apply -f {EDITOR_FILE}"));
}

/// One step: the next event of the cluster (or of either side of the comparison).
pub fn step(p: &mut Playground) {
    if p.mode == Mode::Compare {
        p.compare_commit();
        p.playing = false;
        if let Some(cmp) = p.compare.as_mut() {
            cmp.step();
        }
    } else {
        p.step();
    }
}

pub fn toggle_play(p: &mut Playground) {
    if p.mode == Mode::Compare && !p.playing {
        p.compare_commit();
    }
    p.toggle_play();
}

/// The next speed up (`up`) or down from the current one.
pub fn nudge_speed(p: &mut Playground, up: bool) {
    let i = SPEEDS
        .iter()
        .position(|s| (*s - p.speed).abs() < 1e-9)
        .unwrap_or(2);
    let j = if up {
        (i + 1).min(SPEEDS.len() - 1)
    } else {
        i.saturating_sub(1)
    };
    p.set_speed(SPEEDS[j]);
}

#[component]
pub fn Playback() -> Html {
    let store = use_store();
    let pg = use_playground(Topic::Cluster);
    let (Some(store), Some(pg)) = (store, pg) else {
        return Html::default();
    };
    let lang = store.lang;
    // The one read of the playground: the mode, playback settings, and the bar's view.
    let Ok(p) = pg.try_borrow() else {
        return Html::default();
    };
    let (mode, view, playing, speed) = (p.mode, view_of(&p), p.playing, p.speed);
    drop(p);
    let (booted, has_next) = (view.booted, view.has_next);

    let act = |f: fn(&mut Playground)| {
        let pg = pg.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(mut p) = pg.try_borrow_mut() {
                f(&mut p);
            }
            playground::notify(&pg, playground::ALL);
        })
    };
    let on_speed = {
        let pg = pg.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                if let (Ok(v), Ok(mut p)) = (sel.value().parse::<f64>(), pg.try_borrow_mut()) {
                    p.set_speed(v);
                }
                playground::notify(&pg, playground::ALL);
            }
        })
    };

    html! {
        <div class="playback" role="toolbar" aria-label={t(lang, "ui.playback")} data-testid="playback">
            <button
                type="button"
                class="primary"
                data-testid="apply"
                aria-keyshortcuts="Control+Enter"
                title={t(lang, "ui.apply.title")}
                onclick={act(apply)}
            >
                { t(lang, "ui.apply") }
            </button>
            <div class="segmented" role="group" aria-label={t(lang, "ui.mode")}>
                { mode_button(&pg, lang, mode, Mode::Cluster, "ui.mode.cluster") }
                { mode_button(&pg, lang, mode, Mode::Compare, "ui.mode.compare") }
            </div>
            <button
                type="button"
                data-testid="play"
                aria-keyshortcuts="Space"
                aria-pressed={playing.to_string()}
                disabled={!booted}
                onclick={act(toggle_play)}
            >
                { t(lang, if playing { "ui.pause" } else { "ui.play" }) }
            </button>
            <button
                type="button"
                data-testid="step"
                aria-keyshortcuts="."
                disabled={!has_next}
                onclick={act(step)}
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
            { timeline(&pg, &view, lang) }
        </div>
    }
}

/// The bar's view of the cluster, or of the comparison in compare mode.
fn view_of(p: &Playground) -> PlaybackView {
    if p.mode == Mode::Compare {
        let cmp = p.compare.as_ref();
        playback_view(
            cmp.map_or(0, |c| c.now().ms()),
            p.compare_view.map(|t| t.ms()),
            true,
            cmp.is_some_and(Comparison::has_next_event),
        )
    } else {
        playback_view(
            playback::now_ms(p.live()),
            p.view.map(|t| t.ms()),
            p.live().is_some(),
            p.live().is_some_and(playback::has_next_event),
        )
    }
}

/// One button of the Cluster/Compare switch (`shown` is the mode shown).
fn mode_button(pg: &PlaygroundHandle, lang: Lang, shown: Mode, m: Mode, id: &'static str) -> Html {
    let pg = pg.clone();
    let pressed = m == shown;
    html! {
        <button
            type="button"
            class={classes!("seg", pressed.then_some("active"))}
            aria-pressed={pressed.to_string()}
            data-testid={format!("mode-{}", if m == Mode::Compare { "compare" } else { "cluster" })}
            onclick={Callback::from(move |_| {
                if let Ok(mut p) = pg.try_borrow_mut() {
                    p.set_mode(m);
                }
                playground::notify(&pg, playground::ALL);
            })}
        >
            { t(lang, id) }
        </button>
    }
}

/// The timeline (scrubbing seeks), the clock, and when an earlier moment is shown, the way
/// back to the present.
fn timeline(pg: &PlaygroundHandle, view: &PlaybackView, lang: Lang) -> Html {
    let on_scrub = {
        let pg = pg.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let (Ok(v), Ok(mut p)) = (input.value().parse::<u64>(), pg.try_borrow_mut()) {
                    if p.mode == Mode::Compare {
                        p.compare_seek_ms(v);
                    } else {
                        p.seek_ms(v);
                    }
                }
                playground::notify(&pg, playground::ALL);
            }
        })
    };
    let to_live = {
        let pg = pg.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(mut p) = pg.try_borrow_mut() {
                if p.mode == Mode::Compare {
                    let now = p.compare.as_ref().map_or(0, |c| c.now().ms());
                    p.compare_seek_ms(now);
                } else {
                    p.to_live();
                }
            }
            playground::notify(&pg, playground::ALL);
        })
    };
    let (booted, viewing_past) = (view.booted, view.viewing_past);
    html! {
        <>
            <label class="timeline">
                <span class="visually-hidden">{ t(lang, "ui.timeline") }</span>
                <input
                    type="range"
                    data-testid="timeline"
                    min="0"
                    max={view.end_ms.to_string()}
                    step="100"
                    value={view.at_ms.to_string()}
                    aria-valuetext={view.shown_clock.clone()}
                    disabled={!booted}
                    oninput={on_scrub}
                />
            </label>
            <span class="clock" data-testid="clock" aria-live="off">
                { view.shown_clock.clone() }
                if viewing_past {
                    { format!(" / {}", view.now_clock) }
                }
            </span>
            if viewing_past {
                <button type="button" data-testid="live" onclick={to_live}>
                    { t(lang, "ui.live") }
                </button>
                <span class="past-note" role="status">{ t(lang, "ui.past") }</span>
            }
        </>
    }
}
