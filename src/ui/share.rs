//! Share links on the page: opening `#s=<code>` (a whole session) or `?example=NAME` (a
//! built-in example), the note that says what was opened and that the learner's own saved
//! files stay as they were, and the header's "Copy link".

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::browser;
use super::store::use_store;
use crate::examples;
use crate::i18n::{t, Msg};
use crate::session::{share, Session};

/// What the page was opened with, when not its usual state.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// A shared session or an example: shown, the learner's saved files untouched.
    Shared,
    /// A link that could not be read: the usual page, and why.
    Failed(Msg),
}

/// The session a link asks for: `None` for a page opened without one. A session opened this
/// way has not been edited, so the page does not write its files until the learner edits them
/// or keeps them.
#[must_use]
pub fn from_link(seed: u64, speed: f64) -> Option<Result<Session, Msg>> {
    if let Some(code) = browser::hash_param("s") {
        return Some(share::decode(&code).and_then(|saved| Session::restore(&saved, speed)));
    }
    let text = browser::query_param("example").and_then(|id| examples::text_of(&id))?;
    Some(Ok(Session::new(&text, seed, speed)))
}

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub opened: Option<Opened>,
}

/// The note about what the page was opened with, until dismissed or kept.
#[component]
pub fn ShareNotice(props: &NoticeProps) -> Html {
    let store = use_store();
    let shown = use_state(|| true);
    let (Some(store), Some(opened), true) = (store, props.opened.clone(), *shown) else {
        return Html::default();
    };
    let lang = store.lang();
    let dismiss = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(false))
    };
    let (text, keep) = match opened {
        Opened::Shared => {
            let keep = Callback::from(move |_: MouseEvent| {
                super::saving::save_all(&store);
                shown.set(false);
            });
            let button = html! {
                <button type="button" class="share-keep" data-testid="share-keep" onclick={keep}>
                    { t(lang, "ui.share.keep") }
                </button>
            };
            (t(lang, "ui.share.opened").to_string(), button)
        }
        Opened::Failed(msg) => (msg.render(lang), Html::default()),
    };
    html! {
        <div class="share-notice" role="status" data-testid="share-notice">
            <span>{ text }</span>
            { keep }
            <button
                type="button"
                class="share-dismiss"
                data-testid="share-dismiss"
                aria-label={t(lang, "ui.file.dismiss")}
                title={t(lang, "ui.file.dismiss")}
                onclick={dismiss}
            >{ "×" }</button>
        </div>
    }
}

/// "Copy link": the page's address with the whole session in its fragment, put in the address
/// bar and on the clipboard.
#[component]
pub fn CopyLink() -> Html {
    let store = use_store();
    let copied = use_state(|| false);
    let timer = use_mut_ref(|| None::<Timeout>);
    let Some(store) = store else {
        return Html::default();
    };
    let lang = store.lang();
    let onclick = {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(code) = store.read(|s| share::encode(&s.save())) else {
                return;
            };
            if let Some(url) = browser::with_hash(&format!("s={code}")) {
                browser::replace_url(&url);
                browser::copy_text(&url);
                copied.set(true);
                let copied = copied.clone();
                *timer.borrow_mut() = Some(Timeout::new(2_000, move || copied.set(false)));
            }
        })
    };
    html! {
        <button
            type="button"
            class="copy-link"
            data-testid="copy-link"
            title={t(lang, "ui.share.copy.title")}
            {onclick}
        >
            { t(lang, if *copied { "ui.share.copied" } else { "ui.share.copy" }) }
        </button>
    }
}
