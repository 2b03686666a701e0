//! The latest traced steps of the moment shown (requests aside), newest first, with their
//! reasons. Clicking one moves time there and selects the object it was about.

use yew::prelude::*;

use super::console_panel::clock_text;
use super::playground::{self, Topic};
use super::store::use_store;
use super::use_playground;
use crate::engine::trace::Change;
use crate::i18n::t;
use crate::manifest::objects::Kind;
use crate::view_model::why::Target;

/// Entries listed at most.
pub const MAX_SHOWN: usize = 60;
/// Entries listed at most while time runs (the list is replaced faster than it can be read).
pub const MAX_SHOWN_PLAYING: usize = 8;

fn change_id(c: Change) -> &'static str {
    match c {
        Change::Created => "ui.change.created",
        Change::Updated => "ui.change.updated",
        Change::Deleting => "ui.change.deleting",
        Change::Deleted => "ui.change.deleted",
        Change::Waiting => "ui.change.waiting",
        Change::Endpoints => "ui.change.endpoints",
        Change::Traffic => "ui.change.traffic",
        Change::Command => "ui.change.command",
    }
}

#[component]
pub fn EventList() -> Html {
    let store = use_store();
    let pg = use_playground(Topic::ClusterSlow);
    let (Some(store), Some(pg)) = (store, pg) else {
        return Html::default();
    };
    let lang = store.lang;
    let Ok(p) = pg.try_borrow() else {
        return Html::default();
    };
    let Some(sim) = p.shown() else {
        return html! { <p class="empty">{ t(lang, "ui.events.none") }</p> };
    };
    let boot = sim.booted_at();
    let rows: Vec<Html> = sim
        .trace()
        .iter()
        .rev()
        // Requests are left out: under traffic they would drown every other change (the
        // traffic panel says why each one went where it went).
        .filter(|e| {
            e.time >= boot
                && e.object.key.namespace != "kube-system"
                && e.change != Change::Traffic
        })
        .take(if p.playing { MAX_SHOWN_PLAYING } else { MAX_SHOWN })
        .map(|e| {
            let target = matches!(
                e.object.kind,
                Kind::Pod | Kind::PersistentVolumeClaim | Kind::PersistentVolume | Kind::Service
            )
            .then(|| Target::Object(e.object.clone()));
            let time = e.time;
            let pg = pg.clone();
            let on_click = Callback::from(move |_: MouseEvent| {
                if let Ok(mut p) = pg.try_borrow_mut() {
                    p.seek(time);
                    if let Some(t) = &target {
                        p.selected = Some(t.clone());
                    }
                }
                playground::notify(&pg, playground::ALL);
            });
            html! {
                <li key={e.seq.to_string()}>
                    <button type="button" class={classes!("event", format!("change-{}", change_id(e.change).rsplit('.').next().unwrap_or_default()))} data-testid="event" data-time={e.time.ms().to_string()} data-object={format!("{}/{}", e.object.kind.name(), e.object.key.name)} data-change={change_id(e.change).rsplit('.').next().unwrap_or_default().to_string()} onclick={on_click}>
                        <span class="event-time">{ clock_text(e.time) }</span>
                        <span class="event-object">{ format!("{}/{}", e.object.kind.name(), e.object.key.name) }</span>
                        <span class="event-change">{ t(lang, change_id(e.change)) }</span>
                        <span class="event-reason">{ e.reason.render(lang) }</span>
                    </button>
                </li>
            }
        })
        .collect();
    if rows.is_empty() {
        return html! { <p class="empty">{ t(lang, "ui.events.none") }</p> };
    }
    html! {
        <ol class="event-list" data-testid="event-list" aria-label={t(lang, "ui.tab.events")}>
            { for rows }
        </ol>
    }
}
