//! The traffic control: requests per second from a client pod to a Service (or a pod's own DNS
//! name), drawn as packets, with a live per-pod histogram; the kube-proxy mode and the
//! Service's sessionAffinity can be switched (the latter as a `kubectl patch` in the console).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::playground::{self, Playground, Topic};
use super::store::use_store;
use super::use_playground;
use crate::engine::command::Command;
use crate::engine::config::ProxyMode;
use crate::i18n::t;

/// Targets offered: each Service, and for a headless one each Ready pod's own name.
fn targets(p: &Playground) -> Vec<String> {
    let Some(sim) = p.live() else {
        return Vec::new();
    };
    let c = sim.cluster();
    let mut out = Vec::new();
    for svc in c.services.values() {
        if svc.meta.namespace != "default" || svc.meta.name == "kubernetes" {
            continue;
        }
        out.push(svc.meta.name.clone());
        if svc.is_headless() {
            if let Some(ep) = c.endpoints.get(&svc.meta.key()) {
                for a in ep.ready() {
                    if let Some(h) = &a.hostname {
                        out.push(format!("{h}.{}", svc.meta.name));
                    }
                }
            }
        }
    }
    out
}

/// Pods that can send (running, in `default`).
fn clients(p: &Playground) -> Vec<String> {
    let Some(sim) = p.live() else {
        return Vec::new();
    };
    sim.cluster()
        .pods
        .values()
        .filter(|p| {
            p.meta.namespace == "default" && p.container_running() && p.meta.deleting.is_none()
        })
        .map(|p| p.meta.name.clone())
        .collect()
}

/// Pods in the histogram at most.
pub const MAX_BARS: usize = 40;

#[component]
pub fn TrafficPanel() -> Html {
    let store = use_store();
    let pg = use_playground(Topic::Cluster);
    let (Some(store), Some(pg)) = (store, pg) else {
        return Html::default();
    };
    let lang = store.lang;
    let Ok(mut p) = pg.try_borrow_mut() else {
        return Html::default();
    };
    let targets = targets(&p);
    let clients = clients(&p);
    // Sensible choices until the learner makes their own: the first ClusterIP Service, the
    // first pod.
    if !targets.contains(&p.traffic.target) {
        let vip = p.live().and_then(|s| {
            s.cluster()
                .services
                .values()
                .find(|s| {
                    s.meta.namespace == "default"
                        && s.meta.name != "kubernetes"
                        && s.cluster_ip().is_some()
                })
                .map(|s| s.meta.name.clone())
        });
        p.traffic.target = vip.or_else(|| targets.first().cloned()).unwrap_or_default();
        p.traffic.hits.clear();
    }
    if !clients.contains(&p.traffic.client) {
        p.traffic.client = clients.first().cloned().unwrap_or_default();
    }
    let tr = p.traffic.clone();
    let mode = p.live().map_or(ProxyMode::Iptables, |s| s.proxy_mode());
    let affinity = p.live().and_then(|s| {
        s.cluster()
            .services
            .get(&crate::engine::Key::new("default", &tr.target))
            .filter(|s| s.cluster_ip().is_some())
            .map(|s| {
                s.spec
                    .session_affinity
                    .clone()
                    .unwrap_or_else(|| "None".into())
            })
    });
    drop(p);

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
    let on_target = with(|p, v| {
        p.traffic.target = v;
        p.traffic.hits.clear();
        p.traffic.failures = 0;
    });
    let on_client = with(|p, v| p.traffic.client = v);
    let on_rate = with(|p, v| p.traffic.rate = v.parse().unwrap_or(5).clamp(1, 20));
    let on_mode = with(|p, v| {
        let mode = if v == "ipvs" {
            ProxyMode::Ipvs
        } else {
            ProxyMode::Iptables
        };
        p.commit_view();
        if let Some(sim) = p.panel.console.sim_mut() {
            sim.exec(Command::SetProxyMode(mode));
        }
        p.traffic.hits.clear();
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
    if targets.is_empty() || clients.is_empty() {
        return html! { <p class="empty" data-testid="traffic-empty">{ t(lang, "ui.traffic.none") }</p> };
    }
    let total: u64 = tr.hits.values().sum();
    let max = tr.hits.values().copied().max().unwrap_or(1).max(1);
    html! {
        <div class="traffic-panel" data-testid="traffic-panel">
            <div class="traffic-controls">
                <label>
                    <span>{ t(lang, "ui.traffic.target") }</span>
                    <select data-testid="traffic-target" onchange={on_target}>
                        { for targets.iter().map(|x| html! { <option value={x.clone()} selected={*x == tr.target}>{ x.clone() }</option> }) }
                    </select>
                </label>
                <label>
                    <span>{ t(lang, "ui.traffic.client") }</span>
                    <select data-testid="traffic-client" onchange={on_client}>
                        { for clients.iter().map(|x| html! { <option value={x.clone()} selected={*x == tr.client}>{ x.clone() }</option> }) }
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
                        <option value="iptables" selected={mode == ProxyMode::Iptables}>{ t(lang, "ui.traffic.iptables") }</option>
                        <option value="ipvs" selected={mode == ProxyMode::Ipvs}>{ t(lang, "ui.traffic.ipvs") }</option>
                    </select>
                </label>
                if let Some(a) = affinity {
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
                { t(lang, "ui.traffic.total").replace("{0}", &total.to_string()).replace("{1}", &tr.failures.to_string()) }
            </p>
            <ul class="histogram" data-testid="histogram" aria-label={t(lang, "ui.traffic.histogram")}>
                { for tr.hits.iter().take(MAX_BARS).map(|(pod, n)| {
                    #[allow(clippy::cast_precision_loss)]
                    let pct = *n as f64 / max as f64 * 100.0;
                    html! {
                        <li key={pod.clone()} data-testid="histogram-bar" data-pod={pod.clone()} data-hits={n.to_string()}>
                            <span class="bar-label" title={pod.clone()}>{ super::scene_view::clip(pod, 20) }</span>
                            <span class="bar" style={format!("width: {pct:.0}%")}></span>
                            <span class="bar-count">{ n.to_string() }</span>
                        </li>
                    }
                }) }
            </ul>
            if tr.hits.len() > MAX_BARS {
                <p class="more">{ t(lang, "ui.more").replace("{0}", &(tr.hits.len() - MAX_BARS).to_string()) }</p>
            }
            if let Some(last) = &tr.last {
                <p class="traffic-last" data-testid="traffic-last">{ last.render(lang) }</p>
            }
        </div>
    }
}
