//! The middle column (under the playback bar, which the page places): either the cluster
//! (scene, and tabs for events, DNS and traffic, and the explanation of what was clicked) or
//! the side-by-side comparison.

use yew::prelude::*;

use super::compare_view::CompareView;
use super::dns_panel::DnsPanel;
use super::event_list::EventList;
use super::scene_view::ClusterScene;
use super::store::{use_session, Topic};
use super::traffic_panel::TrafficPanel;
use super::why_panel::WhyPanel;
use crate::i18n::t;
use crate::session::{Intent, Mode, Tab};

#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The scene (or the comparison) is shown.
    #[prop_or(true)]
    pub scene: bool,
    /// The tabs under it, in order (none: no tab bar).
    #[prop_or_else(|| vec![Tab::Events, Tab::Dns, Tab::Traffic])]
    pub tabs: Vec<Tab>,
}

#[component]
pub fn Stage(props: &StageProps) -> Html {
    let Some(store) = use_session(Topic::Cluster) else {
        return Html::default();
    };
    let lang = store.lang();
    let (mode, narration, tab) = store
        .read(|s| (s.mode(), s.narration().to_string(), s.tab()))
        .unwrap_or((Mode::Cluster, String::new(), Tab::Events));
    let tab_button = |which: Tab, id: &'static str, label: &'static str| {
        let store = store.clone();
        let selected = tab == which;
        html! {
            <button
                type="button"
                role="tab"
                id={format!("tab-{id}")}
                class={classes!("tab", selected.then_some("active"))}
                aria-selected={selected.to_string()}
                aria-controls={format!("tabpanel-{id}")}
                data-testid={format!("tab-{id}")}
                onclick={Callback::from(move |_| store.dispatch(Intent::SetTab(which)))}
            >
                { t(lang, label) }
            </button>
        }
    };
    html! {
        <section class="panel stage" aria-labelledby="stage-heading" data-testid="stage">
            <h2 id="stage-heading" class="visually-hidden">{ t(lang, "ui.stage") }</h2>
            <div class="visually-hidden" aria-live="polite" data-testid="narration">{ narration }</div>
            if mode == Mode::Compare && props.scene {
                <CompareView />
            } else {
                if props.scene {
                    <ClusterScene />
                    <WhyPanel />
                }
                if !props.tabs.is_empty() {
                    <div class="tabs" role="tablist" aria-label={t(lang, "ui.details")}>
                        { for props.tabs.iter().map(|tab| match tab {
                            Tab::Events => tab_button(Tab::Events, "events", "ui.tab.events"),
                            Tab::Dns => tab_button(Tab::Dns, "dns", "ui.tab.dns"),
                            Tab::Traffic => tab_button(Tab::Traffic, "traffic", "ui.tab.traffic"),
                        }) }
                    </div>
                    <div
                        class="tabpanel"
                        role="tabpanel"
                        id={match tab { Tab::Events => "tabpanel-events", Tab::Dns => "tabpanel-dns", Tab::Traffic => "tabpanel-traffic" }}
                        aria-labelledby={match tab { Tab::Events => "tab-events", Tab::Dns => "tab-dns", Tab::Traffic => "tab-traffic" }}
                    >
                        { match tab {
                            Tab::Events => html! { <EventList /> },
                            Tab::Dns => html! { <DnsPanel /> },
                            Tab::Traffic => html! { <TrafficPanel /> },
                        } }
                    </div>
                }
            }
        </section>
    }
}
