//! The cluster's DNS records as CoreDNS would answer them now (the learner's Services; system
//! ones left out), and a query box: the search path tried, the answer, and the answering rows
//! and glyphs marked.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::playground::{self, Topic};
use super::store::use_store;
use super::use_playground;
use crate::i18n::t;
use crate::view_model::dns_table;

/// Records listed at most (a Service with hundreds of pods has two records per pod).
pub const MAX_ROWS: usize = 120;

#[component]
pub fn DnsPanel() -> Html {
    let store = use_store();
    let pg = use_playground(Topic::Cluster);
    let (Some(store), Some(pg)) = (store, pg) else {
        return Html::default();
    };
    let lang = store.lang;
    // The one read of the playground: the query and the table of the moment shown.
    let Ok(p) = pg.try_borrow() else {
        return Html::default();
    };
    let query = p.dns_query.clone();
    let Some(table) = p.shown().map(|sim| dns_table(sim, &query)) else {
        return html! { <p class="empty">{ t(lang, "ui.dns.none") }</p> };
    };
    drop(p);
    let on_query = {
        let pg = pg.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let Ok(mut p) = pg.try_borrow_mut() {
                    p.dns_query = input.value();
                }
                playground::notify(&pg, playground::ALL);
            }
        })
    };
    let n_rows = table.rows.len();
    let rows = table.rows.iter().take(MAX_ROWS).map(|r| {
        let target = r.target();
        let pg = pg.clone();
        let on_click = Callback::from(move |_: MouseEvent| {
            if let Ok(mut p) = pg.try_borrow_mut() {
                p.selected = Some(target.clone());
            }
            playground::notify(&pg, playground::ALL);
        });
        html! {
            <tr key={format!("{}|{}|{}", r.name, r.type_name(), r.data)} class={classes!(r.hit.then_some("hit"))} data-testid="dns-row" data-name={r.name.clone()} data-type={r.type_name()} data-answer={r.data.clone()}>
                <td><button type="button" class="link-button" onclick={on_click}>{ r.name.clone() }</button></td>
                <td>{ r.type_name() }</td>
                <td>{ r.data.clone() }</td>
            </tr>
        }
    });
    html! {
        <div class="dns-panel" data-testid="dns-panel">
            <label class="dns-query">
                <span>{ t(lang, "ui.dns.query") }</span>
                <input type="text" data-testid="dns-query" value={query.clone()} placeholder="web-0.nginx" spellcheck="false" autocapitalize="off" oninput={on_query} />
            </label>
            if !query.trim().is_empty() {
                <ol class="dns-tried" data-testid="dns-tried" aria-label={t(lang, "ui.dns.tried")}>
                    { for table.tried.iter().map(|(name, ok)| html! {
                        <li class={classes!(ok.then_some("ok"))}>{ format!("{} {name}", if *ok { "✓" } else { "✗" }) }</li>
                    }) }
                    <li class="dns-answer" data-testid="dns-answer">
                        { if table.answer.is_empty() { t(lang, "ui.dns.nxdomain").to_string() } else { format!("→ {}", table.answer.join(", ")) } }
                    </li>
                </ol>
            }
            if table.rows.is_empty() {
                <p class="empty">{ t(lang, "ui.dns.none") }</p>
            } else {
                <table class="dns-table" data-testid="dns-table">
                    <thead><tr><th scope="col">{ t(lang, "ui.dns.name") }</th><th scope="col">{ t(lang, "ui.dns.type") }</th><th scope="col">{ t(lang, "ui.dns.data") }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                if n_rows > MAX_ROWS {
                    <p class="more">{ t(lang, "ui.more").replace("{0}", &(n_rows - MAX_ROWS).to_string()) }</p>
                }
            }
        </div>
    }
}
