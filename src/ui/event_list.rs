//! The latest traced steps of the moment shown (requests aside), newest first, with their
//! reasons. Clicking one moves time there and selects the object it was about.

use yew::prelude::*;

use super::playground::{self, Topic};
use super::store::use_store;
use super::use_playground;
use crate::i18n::t;
use crate::view_model::events::{event_rows, EventRow};

#[component]
pub fn EventList() -> Html {
    let store = use_store();
    let pg = use_playground(Topic::ClusterSlow);
    let (Some(store), Some(pg)) = (store, pg) else {
        return Html::default();
    };
    let lang = store.lang;
    // The one read of the playground: the rows of the moment shown.
    let rows: Option<Vec<EventRow>> = match pg.try_borrow() {
        Ok(p) => p.shown().map(|sim| event_rows(sim, lang, p.playing)),
        Err(_) => return Html::default(),
    };
    let rows = rows.unwrap_or_default();
    if rows.is_empty() {
        return html! { <p class="empty">{ t(lang, "ui.events.none") }</p> };
    }
    let items = rows.into_iter().map(|row| {
        let EventRow {
            seq,
            time_ms,
            clock,
            object,
            change,
            change_label,
            reason,
            target,
        } = row;
        let pg = pg.clone();
        let on_click = Callback::from(move |_: MouseEvent| {
            if let Ok(mut p) = pg.try_borrow_mut() {
                p.seek_ms(time_ms);
                if let Some(t) = &target {
                    p.selected = Some(t.clone());
                }
            }
            playground::notify(&pg, playground::ALL);
        });
        html! {
            <li key={seq.to_string()}>
                <button type="button" class={classes!("event", format!("change-{change}"))} data-testid="event" data-time={time_ms.to_string()} data-object={object.clone()} data-change={change} onclick={on_click}>
                    <span class="event-time">{ clock }</span>
                    <span class="event-object">{ object }</span>
                    <span class="event-change">{ change_label }</span>
                    <span class="event-reason">{ reason }</span>
                </button>
            </li>
        }
    });
    html! {
        <ol class="event-list" data-testid="event-list" aria-label={t(lang, "ui.tab.events")}>
            { for items }
        </ol>
    }
}
