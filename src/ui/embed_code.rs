//! "Copy embed code" in the header: a small dialog that writes the `<iframe>` which embeds the
//! current session as a figure, with boxes for its panels and autoplay.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::browser;
use super::store::{use_store, Store};
use crate::i18n::{t, Lang};
use crate::session::embed::{embed_snippet, Panel, DEFAULT_PANELS};
use crate::session::share;

/// The translation id of a panel's name.
fn panel_label(p: Panel) -> &'static str {
    match p {
        Panel::Scene => "ui.embed.panel.scene",
        Panel::Console => "ui.embed.panel.console",
        Panel::Editor => "ui.embed.panel.editor",
        Panel::Events => "ui.tab.events",
        Panel::Dns => "ui.tab.dns",
        Panel::Traffic => "ui.tab.traffic",
        Panel::Compare => "ui.mode.compare",
    }
}

/// The snippet for `store`'s session as it is now.
fn snippet(store: &Store, panels: &[Panel], autoplay: bool) -> String {
    let code = store.read(|s| share::encode(&s.save())).unwrap_or_default();
    let base = browser::base_url().unwrap_or_default();
    embed_snippet(&base, panels, autoplay, &code)
}

/// A checkbox of the dialog.
fn check(id: String, label: &str, on: bool, toggle: Callback<()>) -> Html {
    let onchange = Callback::from(move |_: Event| toggle.emit(()));
    html! {
        <label class="embed-check">
            <input type="checkbox" data-testid={id} checked={on} {onchange} />
            <span>{ label.to_string() }</span>
        </label>
    }
}

#[derive(Properties, PartialEq)]
struct DialogProps {
    store: Store,
    lang: Lang,
    on_close: Callback<()>,
}

/// The dialog: panels and autoplay, the snippet (made again as they change), Copy and Close.
#[component]
fn EmbedDialog(props: &DialogProps) -> Html {
    let panels = use_state(|| DEFAULT_PANELS.to_vec());
    let autoplay = use_state(|| true);
    let copied = use_state(|| false);
    let timer = use_mut_ref(|| None::<Timeout>);
    let dialog = use_node_ref();
    {
        // The focus moves into the dialog, to its first box.
        let dialog = dialog.clone();
        use_effect_with((), move |()| {
            let first = dialog
                .cast::<Element>()
                .and_then(|d| d.query_selector("input").ok().flatten())
                .and_then(|el| el.dyn_into::<HtmlElement>().ok());
            if let Some(el) = first {
                let _ = el.focus();
            }
        });
    }
    let lang = props.lang;
    let text = snippet(&props.store, &panels, *autoplay);
    let toggle = |p: Panel| {
        let panels = panels.clone();
        Callback::from(move |()| {
            let mut next = (*panels).clone();
            if let Some(i) = next.iter().position(|q| *q == p) {
                next.remove(i);
            } else {
                next.push(p);
            }
            panels.set(next);
        })
    };
    let on_autoplay = {
        let autoplay = autoplay.clone();
        Callback::from(move |()| autoplay.set(!*autoplay))
    };
    let on_copy = {
        let (text, copied) = (text.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            browser::copy_text(&text);
            copied.set(true);
            let copied = copied.clone();
            *timer.borrow_mut() = Some(Timeout::new(2_000, move || copied.set(false)));
        })
    };
    let on_key = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                on_close.emit(());
            }
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="embed-dialog" role="dialog" aria-modal="true" aria-labelledby="embed-title" data-testid="embed-dialog" ref={dialog} onkeydown={on_key}>
            <h2 id="embed-title">{ t(lang, "ui.embed.title") }</h2>
            <p class="muted">{ t(lang, "ui.embed.help") }</p>
            <fieldset class="embed-panels">
                <legend>{ t(lang, "ui.embed.panels") }</legend>
                { for Panel::ALL.into_iter().map(|p| {
                    check(format!("embed-panel-{}", p.id()), t(lang, panel_label(p)), panels.contains(&p), toggle(p))
                }) }
            </fieldset>
            { check("embed-autoplay".into(), t(lang, "ui.embed.autoplay"), *autoplay, on_autoplay) }
            <textarea class="embed-snippet" data-testid="embed-snippet" readonly=true rows="4" aria-label={t(lang, "ui.embed.snippet")} value={text} />
            <div class="embed-actions">
                <button type="button" class="primary" data-testid="embed-copy" onclick={on_copy}>
                    { t(lang, if *copied { "ui.embed.copied" } else { "ui.embed.copy" }) }
                </button>
                <button type="button" data-testid="embed-close" onclick={close}>{ t(lang, "ui.close") }</button>
            </div>
        </div>
    }
}

/// The header's "Embed" button and, while open, its dialog; closing gives the focus back to
/// the button.
#[component]
pub fn EmbedCode() -> Html {
    let store = use_store();
    let open = use_state(|| false);
    let button = use_node_ref();
    let Some(store) = store else {
        return Html::default();
    };
    let lang = store.lang();
    let on_open = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_close = {
        let (open, button) = (open.clone(), button.clone());
        Callback::from(move |()| {
            open.set(false);
            if let Some(b) = button.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    html! {
        <>
            <button
                type="button"
                class="embed-code"
                data-testid="embed-code"
                aria-haspopup="dialog"
                aria-expanded={open.to_string()}
                title={t(lang, "ui.embed.code.title")}
                ref={button}
                onclick={on_open}
            >
                { t(lang, "ui.embed.code") }
            </button>
            if *open {
                <div class="embed-backdrop">
                    <EmbedDialog {store} {lang} {on_close} />
                </div>
            }
        </>
    }
}
