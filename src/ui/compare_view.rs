//! Side by side: the seed's StatefulSet behind its headless Service (left) and its Deployment
//! behind a ClusterIP Service (right), in lockstep, driven by one action bar; a table says what
//! came out differently.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::scene_view::{draw, use_scene_width, Marks};
use super::store::{use_session, Store, Topic};
use crate::i18n::t;
use crate::session::Intent;
use crate::view_model::compare::{CompareAction, Side, MAX_REPLICAS};

/// A side's title: its kinds, with the names its manifests give them.
fn title(lang: crate::i18n::Lang, side: Side) -> String {
    let id = match side {
        Side::Left => "ui.cmp.left",
        Side::Right => "ui.cmp.right",
    };
    t(lang, id)
        .replace("{0}", side.workload())
        .replace("{1}", side.service())
}

fn value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

/// A button of the shared bar: the action `make` reads from the bar's fields.
fn act(store: &Store, make: Box<dyn Fn() -> Option<CompareAction>>) -> Callback<MouseEvent> {
    let store = store.clone();
    Callback::from(move |_: MouseEvent| {
        if let Some(action) = make() {
            store.dispatch(Intent::Compare(action));
        }
    })
}

#[component]
pub fn CompareView() -> Html {
    let store = use_session(Topic::Cluster);
    // Both scenes are laid out for the width they get: side by side when the stage is wide
    // enough, one above the other when it is not.
    let wrap_ref = use_scene_width(store.as_ref());
    let replicas_ref = use_node_ref();
    let pod_ref = use_node_ref();
    let text_ref = use_node_ref();
    let Some(store) = store else {
        return Html::default();
    };
    let lang = store.lang();
    let Some((view, notes)) = store.read(crate::session::Session::compare_view).flatten() else {
        return Html::default();
    };
    let act = |make: Box<dyn Fn() -> Option<CompareAction>>| act(&store, make);
    let scale = {
        let r = replicas_ref.clone();
        act(Box::new(move || {
            value(&r).parse().ok().map(CompareAction::Scale)
        }))
    };
    let delete = {
        let r = pod_ref.clone();
        act(Box::new(move || {
            value(&r).parse().ok().map(CompareAction::DeletePod)
        }))
    };
    let write = {
        let (r, tr) = (pod_ref.clone(), text_ref.clone());
        act(Box::new(move || {
            let k: usize = value(&r).parse().ok()?;
            let text: String = value(&tr).chars().filter(|c| !c.is_control()).collect();
            Some(CompareAction::WriteFile(
                k,
                if text.trim().is_empty() {
                    "hello".into()
                } else {
                    text
                },
            ))
        }))
    };
    let traffic = act(Box::new(|| Some(CompareAction::Traffic(10))));
    let restart = act(Box::new(|| Some(CompareAction::Restart)));
    let none = Callback::from(|_| {});
    let marks = Marks::default();
    let (left_title, right_title) = (title(lang, Side::Left), title(lang, Side::Right));
    let layout = if view.side_by_side {
        "side-by-side"
    } else {
        "stacked"
    };
    // The replacement's uid on the row that says what took a deleted pod's place.
    let uid = |topic: &str, i: usize| {
        (topic == "vm.cmp.survived")
            .then(|| view.replacements.get(i).cloned().flatten())
            .flatten()
            .map(|r| r.uid)
    };
    html! {
        <div class="compare" data-testid="compare">
            <div class="compare-bar" role="toolbar" aria-label={t(lang, "ui.cmp.bar")}>
                <label>
                    <span>{ t(lang, "ui.cmp.replicas") }</span>
                    <input type="number" min="0" max={MAX_REPLICAS.to_string()} value="3" ref={replicas_ref} data-testid="cmp-replicas" />
                </label>
                <button type="button" data-testid="cmp-scale" onclick={scale}>{ t(lang, "ui.cmp.scale") }</button>
                <label>
                    <span>{ t(lang, "ui.cmp.pod") }</span>
                    <input type="number" min="0" max={view.n_pods.saturating_sub(1).to_string()} value="0" ref={pod_ref} data-testid="cmp-pod" />
                </label>
                <button type="button" data-testid="cmp-delete" onclick={delete}>{ t(lang, "ui.cmp.delete") }</button>
                <input type="text" ref={text_ref} data-testid="cmp-text" aria-label={t(lang, "ui.why.text")} placeholder="hello" />
                <button type="button" data-testid="cmp-write" onclick={write}>{ t(lang, "ui.cmp.write") }</button>
                <button type="button" data-testid="cmp-traffic" onclick={traffic}>{ t(lang, "ui.cmp.traffic") }</button>
                <button type="button" data-testid="cmp-restart" onclick={restart}>{ t(lang, "ui.cmp.restart") }</button>
            </div>
            if !notes.is_empty() {
                <p class="compare-notes" role="status">{ notes.join(" · ") }</p>
            }
            <div class={classes!("compare-sides", view.side_by_side.then_some("side-by-side"))} data-testid="compare-sides" data-layout={layout} ref={wrap_ref}>
                <div class="compare-side">
                    <h3>{ left_title.clone() }</h3>
                    { draw(lang, &view.left, None, &marks, &none, &left_title, "scene-left") }
                </div>
                <div class="compare-side">
                    <h3>{ right_title.clone() }</h3>
                    { draw(lang, &view.right, None, &marks, &none, &right_title, "scene-right") }
                </div>
            </div>
            <table class="diff-table" data-testid="diff-table">
                <caption>{ t(lang, "ui.cmp.differences") }</caption>
                <thead><tr><th scope="col"></th><th scope="col">{ left_title.clone() }</th><th scope="col">{ right_title.clone() }</th></tr></thead>
                <tbody>
                    { for view.differences.iter().map(|d| html! {
                        <tr data-testid="diff-row" data-topic={d.topic_id}>
                            <th scope="row">{ d.topic.clone() }</th>
                            <td data-testid="diff-left" data-uid={uid(d.topic_id, 0)}>{ d.left.clone() }</td>
                            <td data-testid="diff-right" data-uid={uid(d.topic_id, 1)}>{ d.right.clone() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
