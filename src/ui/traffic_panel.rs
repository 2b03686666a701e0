//! The traffic control: requests per second from a client pod to a Service (or a pod's own DNS
//! name), drawn as packets, with a live per-pod histogram; the kube-proxy mode and the
//! Service's sessionAffinity can be switched (the latter as a `kubectl patch` in the console).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::scene_shared::clip;
use super::store::{use_session, Store, Topic};
use crate::i18n::t;
use crate::session::Intent;
use crate::view_model::traffic::Proxy;

/// A control's value as an intent.
fn on_value(store: &Store, intent: fn(String) -> Intent) -> Callback<Event> {
    let store = store.clone();
    Callback::from(move |e: Event| {
        let value = e
            .target_dyn_into::<HtmlSelectElement>()
            .map(|s| s.value())
            .or_else(|| e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()));
        if let Some(v) = value {
            store.dispatch(intent(v));
        }
    })
}

#[component]
pub fn TrafficPanel() -> Html {
    let Some(store) = use_session(Topic::Cluster) else {
        return Html::default();
    };
    let lang = store.lang();
    let tr = store.read(crate::session::Session::traffic_view).flatten();
    let Some(tr) = tr.filter(|tr| !tr.targets.is_empty() && !tr.clients.is_empty()) else {
        return html! { <p class="empty" data-testid="traffic-empty">{ t(lang, "ui.traffic.none") }</p> };
    };
    let on_target = on_value(&store, Intent::TrafficTarget);
    let on_client = on_value(&store, Intent::TrafficClient);
    let on_rate = on_value(&store, |v| Intent::TrafficRate(v.parse().unwrap_or(5)));
    let on_mode = on_value(&store, |v| Intent::SetProxyMode(v == "ipvs"));
    let on_affinity = on_value(&store, Intent::SetAffinity);
    let on_toggle = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Intent::ToggleTraffic))
    };
    let on_burst = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Intent::SendTraffic(10)))
    };
    html! {
        <div class="traffic-panel" data-testid="traffic-panel">
            <div class="traffic-controls">
                <label>
                    <span>{ t(lang, "ui.traffic.target") }</span>
                    <select data-testid="traffic-target" onchange={on_target}>
                        { for tr.targets.iter().map(|x| html! { <option value={x.clone()} selected={*x == tr.target}>{ x.clone() }</option> }) }
                    </select>
                </label>
                <label>
                    <span>{ t(lang, "ui.traffic.client") }</span>
                    <select data-testid="traffic-client" onchange={on_client}>
                        { for tr.clients.iter().map(|x| html! { <option value={x.clone()} selected={*x == tr.client}>{ x.clone() }</option> }) }
                    </select>
                </label>
                <label>
                    <span>{ t(lang, "ui.traffic.rate").replace("{0}", &tr.rate.to_string()) }</span>
                    <input type="range" min="1" max="20" value={tr.rate.to_string()} data-testid="traffic-rate" onchange={on_rate} />
                </label>
                <button type="button" class={classes!(tr.on.then_some("active"))} aria-pressed={tr.on.to_string()} data-testid="traffic-toggle" onclick={on_toggle}>
                    { t(lang, if tr.on { "ui.traffic.stop" } else { "ui.traffic.start" }) }
                </button>
                <button type="button" data-testid="traffic-burst" onclick={on_burst}>{ t(lang, "ui.traffic.burst") }</button>
                <label>
                    <span>{ t(lang, "ui.traffic.mode") }</span>
                    <select data-testid="proxy-mode" onchange={on_mode}>
                        <option value="iptables" selected={tr.proxy == Proxy::Iptables}>{ t(lang, "ui.traffic.iptables") }</option>
                        <option value="ipvs" selected={tr.proxy == Proxy::Ipvs}>{ t(lang, "ui.traffic.ipvs") }</option>
                    </select>
                </label>
                if let Some(a) = tr.affinity.clone() {
                    <label>
                        <span>{ "sessionAffinity" }</span>
                        <select data-testid="affinity" onchange={on_affinity}>
                            <option value="None" selected={a == "None"}>{ "None" }</option>
                            <option value="ClientIP" selected={a == "ClientIP"}>{ "ClientIP" }</option>
                        </select>
                    </label>
                }
            </div>
            <p class="traffic-total" data-testid="traffic-total">
                { t(lang, "ui.traffic.total").replace("{0}", &tr.total.to_string()).replace("{1}", &tr.failures.to_string()) }
            </p>
            <ul class="histogram" data-testid="histogram" aria-label={t(lang, "ui.traffic.histogram")}>
                { for tr.bars.iter().map(|b| html! {
                    <li key={b.pod.clone()} data-testid="histogram-bar" data-pod={b.pod.clone()} data-hits={b.hits.to_string()}>
                        <span class="bar-label" title={b.pod.clone()}>{ clip(&b.pod, 20) }</span>
                        // Drawn as SVG (the bar's length is a `width` attribute) so no `style=`
                        // is needed under the page's Content-Security-Policy.
                        <svg class="bar" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true">
                            <rect width={b.percent.to_string()} height="12" />
                        </svg>
                        <span class="bar-count">{ b.hits.to_string() }</span>
                    </li>
                }) }
            </ul>
            if tr.more_bars > 0 {
                <p class="more">{ t(lang, "ui.more").replace("{0}", &tr.more_bars.to_string()) }</p>
            }
            if let Some(last) = tr.last.clone() {
                <p class="traffic-last" data-testid="traffic-last">{ last }</p>
            }
        </div>
    }
}
