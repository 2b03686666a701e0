//! The cluster's DNS records as CoreDNS would answer them now (the learner's first; the
//! cluster's own behind a toggle), and a query box: the search path tried, the answer, and the
//! answering rows and glyphs marked.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::store::{use_session, Topic};
use crate::i18n::t;
use crate::session::Intent;
use crate::view_model::why::Target;

/// Records listed at most (a Service with hundreds of pods has two records per pod).
pub const MAX_ROWS: usize = 120;

#[component]
pub fn DnsPanel() -> Html {
    let Some(store) = use_session(Topic::Cluster) else {
        return Html::default();
    };
    let lang = store.lang();
    let Some((query, table)) = store.read(|s| (s.dns_query().to_string(), s.dns_view())) else {
        return Html::default();
    };
    let Some(table) = table else {
        return html! { <p class="empty">{ t(lang, "ui.dns.none") }</p> };
    };
    let on_query = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                store.dispatch(Intent::SetDnsQuery(input.value()));
            }
        })
    };
    let on_system = {
        let store = store.clone();
        let on = !table.show_system;
        Callback::from(move |_: MouseEvent| store.dispatch(Intent::ShowSystemDns(on)))
    };
    let system_label = t(lang, "ui.dns.system").replace("{0}", &table.n_system.to_string());
    let n_rows = table.rows.len();
    let rows = table.rows.iter().take(MAX_ROWS).map(|r| {
        let target = Target::Dns {
            name: r.name.clone(),
            rtype: r.rtype,
            data: r.data.clone(),
        };
        let store = store.clone();
        let on_click = Callback::from(move |_: MouseEvent| {
            store.dispatch(Intent::Select(Some(target.clone())));
        });
        html! {
            <tr key={format!("{}|{}|{}", r.name, r.rtype.name(), r.data)} class={classes!(r.hit.then_some("hit"), r.system.then_some("system"))} data-testid="dns-row" data-system={r.system.to_string()} data-name={r.name.clone()} data-type={r.rtype.name()} data-answer={r.data.clone()}>
                <td><button type="button" class="link-button" onclick={on_click}>{ r.name.clone() }</button></td>
                <td>{ r.rtype.name() }</td>
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
            if table.n_system > 0 {
                <button type="button" class="dns-system-toggle" data-testid="dns-system-toggle" aria-pressed={table.show_system.to_string()} onclick={on_system}>{ system_label }</button>
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
