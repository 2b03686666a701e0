//! The latest traced steps of the moment shown (requests aside), newest first, with their
//! reasons. Clicking one moves time there and selects the object it was about.

use yew::prelude::*;

use super::store::{use_session, Topic};
use crate::i18n::t;
use crate::session::Intent;

#[component]
pub fn EventList() -> Html {
    let Some(store) = use_session(Topic::ClusterSlow) else {
        return Html::default();
    };
    let lang = store.lang();
    let rows = store.read(crate::session::Session::events_view).flatten();
    let Some(rows) = rows.filter(|r| !r.is_empty()) else {
        return html! { <p class="empty">{ t(lang, "ui.events.none") }</p> };
    };
    let rows = rows.into_iter().map(|e| {
        let store = store.clone();
        let (time, target) = (e.time_ms, e.target.clone());
        let on_click = Callback::from(move |_: MouseEvent| {
            store.dispatch(Intent::Seek(time));
            if let Some(t) = &target {
                store.dispatch(Intent::Select(Some(t.clone())));
            }
        });
        html! {
            <li key={e.seq.to_string()}>
                <button type="button" class={classes!("event", format!("change-{}", e.change), e.step.then_some("step-changed"))} data-testid="event" data-step-changed={e.step.then_some("true")} data-time={e.time_ms.to_string()} data-object={e.object.clone()} data-change={e.change} onclick={on_click}>
                    <span class="event-time">{ e.clock.clone() }</span>
                    <span class="event-object">{ e.object.clone() }</span>
                    <span class="event-change">{ e.change_label.clone() }</span>
                    <span class="event-reason">{ e.reason.clone() }</span>
                </button>
            </li>
        }
    });
    html! {
        <ol class="event-list" data-testid="event-list" aria-label={t(lang, "ui.tab.events")}>
            { for rows }
        </ol>
    }
}
