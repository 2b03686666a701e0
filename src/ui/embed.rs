//! The page as an embedded figure (`?embed`): only the panels its address chose, stacked in a
//! compact column that is as tall as its content (the host page sizes the frame), and a small
//! "open in podplay" link that opens the figure's current state as a whole page.

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::console_panel::ConsolePanel;
use super::editor::Editor;
use super::playback::Playback;
use super::stage::Stage;
use super::store::{use_store, Store};
use super::theme;
use crate::i18n::t;
use crate::session::embed::{EmbedConfig, Panel};
use crate::session::{share, Intent, Mode, Session, Tab};

/// The tabs under the scene an embed of `config` shows, in order.
#[must_use]
pub fn tabs(config: &EmbedConfig) -> Vec<Tab> {
    [
        (Panel::Events, Tab::Events),
        (Panel::Dns, Tab::Dns),
        (Panel::Traffic, Tab::Traffic),
    ]
    .into_iter()
    .filter(|(p, _)| config.shows(*p))
    .map(|(_, tab)| tab)
    .collect()
}

/// Sets a new session up as the embed `config` asks: its range of time, the comparison or the
/// first tab it shows, the script's lines (run in order; each waits for the one before), and
/// time running or paused.
pub fn prepare(s: &mut Session, config: &EmbedConfig) {
    if let Some(lang) = config.lang {
        s.dispatch(Intent::SetLanguage(lang));
    }
    if let Some(theme) = config.theme {
        s.dispatch(Intent::SetTheme(theme));
    }
    let tabs = tabs(config);
    if let Some(first) = tabs.first() {
        if !tabs.contains(&s.tab()) {
            s.dispatch(Intent::SetTab(*first));
        }
    }
    for line in config.load_lines(s.live().is_some()) {
        s.dispatch(Intent::Run(line));
    }
    // After the script, so that its lines run at the present rather than from the range.
    s.set_window(
        (config.window.from > 0).then_some(config.window.from),
        config.window.to,
    );
    let wanted = if config.shows(Panel::Compare) {
        Mode::Compare
    } else {
        Mode::Cluster
    };
    if s.mode() != wanted {
        s.dispatch(Intent::SetMode(wanted));
    }
    s.dispatch(if config.autoplay {
        Intent::Play
    } else {
        Intent::Pause
    });
}

/// The address that opens `store`'s session as a whole page: this page without its query,
/// the session in the fragment.
fn standalone_url(store: &Store) -> Option<String> {
    let code = store.read(|s| share::encode(&s.save()))?;
    Some(format!("{}#s={code}", browser::base_url()?))
}

/// "Open in podplay": its address is made when it is pointed at, focused or clicked, so it
/// opens the figure as it is then.
#[component]
pub fn OpenInPodplay() -> Html {
    let Some(store) = use_store() else {
        return Html::default();
    };
    let lang = store.lang();
    let link = use_node_ref();
    let refresh = {
        let link = link.clone();
        move || {
            if let (Some(a), Some(url)) = (link.cast::<web_sys::Element>(), standalone_url(&store))
            {
                let _ = a.set_attribute("href", &url);
            }
        }
    };
    let on_point = {
        let refresh = refresh.clone();
        Callback::from(move |_: PointerEvent| refresh())
    };
    let on_focus = {
        let refresh = refresh.clone();
        Callback::from(move |_: FocusEvent| refresh())
    };
    let on_click = Callback::from(move |_: MouseEvent| refresh());
    html! {
        <a
            class="open-in-podplay"
            href="./"
            target="_blank"
            rel="noopener"
            data-testid="open-in-podplay"
            title={t(lang, "ui.embed.open.title")}
            ref={link}
            onpointerenter={on_point.clone()}
            onpointerdown={on_point}
            onfocus={on_focus}
            onclick={on_click}
        >
            { t(lang, "ui.embed.open") }
        </a>
    }
}

#[derive(Properties, PartialEq)]
pub struct EmbedPageProps {
    pub config: Rc<EmbedConfig>,
}

/// The embed's layout: the playback bar and the stage when a cluster panel is chosen, then the
/// console, then the editor, each only when chosen.
#[component]
pub fn EmbedPage(props: &EmbedPageProps) -> Html {
    let store = use_store();
    let theme = store
        .as_ref()
        .and_then(|s| s.read(Session::theme))
        .unwrap_or(crate::session::Theme::System);
    use_effect_with(theme, move |th| theme::set_document_theme(th.id()));
    let c = &props.config;
    let tabs = tabs(c);
    let scene = c.shows(Panel::Scene);
    let compare = c.shows(Panel::Compare);
    let staged = scene || compare || !tabs.is_empty();
    html! {
        <div class="embed" data-testid="embed-root">
            if staged {
                <div class="embed-bar">
                    <Playback apply={c.shows(Panel::Editor)} modes={scene && compare} />
                </div>
                <div class="embed-stage">
                    <Stage scene={scene || compare} tabs={tabs} />
                </div>
            }
            if c.shows(Panel::Console) {
                <div class="embed-console">
                    <ConsolePanel />
                </div>
            }
            if c.shows(Panel::Editor) {
                <div class="embed-editor">
                    <Editor />
                </div>
            }
            <OpenInPodplay />
        </div>
    }
}
