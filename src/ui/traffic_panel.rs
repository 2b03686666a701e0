//! The traffic control: requests per second from a client pod to a Service (or a pod's own DNS
//! name), drawn as packets, with a live per-pod histogram; the kube-proxy mode and the
//! Service's sessionAffinity can be switched (the latter as a `kubectl patch` in the console).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::playground::{self, Playground, Topic};
use super::store::use_store;
use super::use_playground;
use crate::i18n::{t, Lang};
use crate::view_model::traffic::{self, traffic_view, Proxy, TrafficView};

#[component]
pub fn TrafficPanel() -> Html {
    let store = use_store();
    let pg = use_playground(Topic::Cluster);
    let (Some(store), Some(pg)) = (store, pg) else {
        return Html::default();
    };
    let lang = store.lang;
    // The one read of the playground: what the panel draws (the choices of target and client
    // are kept up to date by the playground's tick, not here).
    let view = match pg.try_borrow() {
        Ok(p) => traffic_view(p.live(), &p.traffic, lang),
        Err(_) => return Html::default(),
    };

    let with = |f: fn(&mut Playground, String)| {
        let pg = pg.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .or_else(|| e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()));
            if let (Some(v), Ok(mut p)) = (value, pg.try_borrow_mut()) {
                f(&mut p, v);
            }
            playground::notify(&pg, playground::ALL);
        })
    };
    let on_target = with(|p, v| p.traffic.set_target(&v));
    let on_client = with(|p, v| p.traffic.client = v);
    let on_rate = with(|p, v| p.traffic.set_rate_text(&v));
    let on_mode = with(|p, v| {
        p.commit_view();
        if let Some(sim) = p.panel.console.sim_mut() {
            traffic::set_proxy_mode(&mut p.traffic, sim, Proxy::from_value(&v));
        }
    });
    let on_affinity = with(|p, v| {
        let target = p.traffic.target.clone();
        p.commit_view();
        p.panel.type_line(&format!(
            "kubectl patch service {target} -p '{{\"spec\":{{\"sessionAffinity\":\"{v}\"}}}}'"
        ));
        p.traffic.hits.clear();
    });
    let on_toggle = {
        let pg = pg.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(mut p) = pg.try_borrow_mut() {
                p.commit_view();
                p.traffic.on = !p.traffic.on;
                p.playing = true;
            }
            playground::notify(&pg, playground::ALL);
        })
    };
    let on_burst = {
        let pg = pg.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(mut p) = pg.try_borrow_mut() {
                p.commit_view();
                p.send_requests(10);
            }
            playground::notify(&pg, playground::ALL);
        })
    };
    if view.is_empty() {
        return html! { <p class="empty" data-testid="traffic-empty">{ t(lang, "ui.traffic.none") }</p> };
    }
    let mode = view.proxy;
    html! {
        <div class="traffic-panel" data-testid="traffic-panel">
            <div class="traffic-controls">
                <label>
                    <span>{ t(lang, "ui.traffic.target") }</span>
                    <select data-testid="traffic-target" onchange={on_target}>
                        { for view.targets.iter().map(|x| html! { <option value={x.clone()} selected={*x == view.target}>{ x.clone() }</option> }) }
                    </select>
                </label>
                <label>
                    <span>{ t(lang, "ui.traffic.client") }</span>
                    <select data-testid="traffic-client" onchange={on_client}>
                        { for view.clients.iter().map(|x| html! { <option value={x.clone()} selected={*x == view.client}>{ x.clone() }</option> }) }
                    </select>
                </label>
                <label>
                    <span>{ t(lang, "ui.traffic.rate").replace("{0}", &view.rate.to_string()) }</span>
                    <input type="range" min={traffic::MIN_RATE.to_string()} max={traffic::MAX_RATE.to_string()} value={view.rate.to_string()} data-testid="traffic-rate" onchange={on_rate} />
                </label>
                <button type="button" class={classes!(view.on.then_some("active"))} aria-pressed={view.on.to_string()} data-testid="traffic-toggle" onclick={on_toggle}>
                    { t(lang, if view.on { "ui.traffic.stop" } else { "ui.traffic.start" }) }
                </button>
                <button type="button" data-testid="traffic-burst" onclick={on_burst}>{ t(lang, "ui.traffic.burst") }</button>
                <label>
                    <span>{ t(lang, "ui.traffic.mode") }</span>
                    <select data-testid="proxy-mode" onchange={on_mode}>
                        <option value={Proxy::Iptables.value()} selected={mode == Proxy::Iptables}>{ t(lang, "ui.traffic.iptables") }</option>
                        <option value={Proxy::Ipvs.value()} selected={mode == Proxy::Ipvs}>{ t(lang, "ui.traffic.ipvs") }</option>
                    </select>
                </label>
                if let Some(a) = &view.affinity {
                    <label>
                        <span>{ "sessionAffinity" }</span>
                        <select data-testid="affinity" onchange={on_affinity}>
                            <option value="None" selected={a == "None"}>{ "None" }</option>
                            <option value="ClientIP" selected={a == "ClientIP"}>{ "ClientIP" }</option>
                        </select>
                    </label>
                }
            </div>
            { tallies(&view, lang) }
        </div>
    }
}

/// The tallies: the totals, the per-pod histogram (at most [`traffic::MAX_BARS`] bars) and
/// the last request's note.
fn tallies(view: &TrafficView, lang: Lang) -> Html {
    html! {
        <>
            <p class="traffic-total" data-testid="traffic-total">
                { t(lang, "ui.traffic.total").replace("{0}", &view.total.to_string()).replace("{1}", &view.failures.to_string()) }
            </p>
            <ul class="histogram" data-testid="histogram" aria-label={t(lang, "ui.traffic.histogram")}>
                { for view.bars.iter().map(|b| html! {
                    <li key={b.pod.clone()} data-testid="histogram-bar" data-pod={b.pod.clone()} data-hits={b.hits.to_string()}>
                        <span class="bar-label" title={b.pod.clone()}>{ super::scene_view::clip(&b.pod, 20) }</span>
                        <span class="bar" style={format!("width: {}%", b.percent)}></span>
                        <span class="bar-count">{ b.hits.to_string() }</span>
                    </li>
                }) }
            </ul>
            if view.more_bars > 0 {
                <p class="more">{ t(lang, "ui.more").replace("{0}", &view.more_bars.to_string()) }</p>
            }
            if let Some(last) = &view.last {
                <p class="traffic-last" data-testid="traffic-last">{ last.clone() }</p>
            }
        </>
    }
}
