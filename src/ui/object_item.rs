//! One object: kind, namespace/name, an error badge; expanded, the object as the apiserver
//! would store it, with the lines defaulting filled in marked.

use web_sys::HtmlDetailsElement;
use yew::prelude::*;

use super::store::{Shared, Store};
use crate::i18n::{t, Lang, Msg};
use crate::manifest::effective::effective_yaml;
use crate::manifest::Analysis;
use crate::session::Intent;

#[derive(Properties, PartialEq)]
pub struct ObjectItemProps {
    pub analysis: Shared<Analysis>,
    /// Index into `analysis.objects`.
    pub idx: usize,
    pub lang: Lang,
    pub store: Store,
}

#[component]
pub fn ObjectItem(props: &ObjectItemProps) -> Html {
    // The effective YAML is built only while the item is open: a long list stays cheap.
    let open = use_state(|| false);
    let Some(object) = props.analysis.objects.get(props.idx) else {
        return Html::default();
    };
    let lang = props.lang;
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(details) = e.target_dyn_into::<HtmlDetailsElement>() {
                open.set(details.open());
            }
        })
    };
    let pos = object.pos;
    let on_goto = {
        let store = props.store.clone();
        Callback::from(move |_: MouseEvent| {
            store.dispatch(Intent::FocusDiagnostic {
                line: pos.line,
                col: pos.col,
            });
        })
    };
    let name = match object.namespace() {
        Some(ns) => format!("{ns}/{}", object.name()),
        None => object.name().to_string(),
    };
    let has_errors = object.n_errors > 0;
    let default_tag = t(lang, "ui.default.tag");

    html! {
        <li class={classes!("object-item", has_errors.then_some("invalid"))} data-testid="object-item">
            <details open={*open} ontoggle={on_toggle}>
                <summary class="object-summary">
                    <span class="object-kind">{ object.kind().name() }</span>
                    <span class="object-name">{ name }</span>
                    if has_errors {
                        <span class="badge error">
                            { Msg::new("ui.object.errors").text(object.n_errors.to_string()).render(lang) }
                        </span>
                    }
                </summary>
                if *open {
                    <div class="object-body">
                        <button type="button" class="link-button" onclick={on_goto}>
                            { Msg::new("ui.goto.line").text(pos.line.to_string()).render(lang) }
                        </button>
                        <pre class="effective"><code>
                            { for effective_yaml(object).into_iter().map(|line| html! {
                                <span
                                    class={classes!("yaml-line", line.is_default.then_some("default"))}
                                    title={line.path}
                                    data-tag={line.is_default.then_some(default_tag)}
                                >
                                    { line.text }
                                </span>
                            }) }
                        </code></pre>
                    </div>
                }
            </details>
        </li>
    }
}
