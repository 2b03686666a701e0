//! The explanation of what was clicked: the Kubernetes rules that produced it, the YAML fields
//! they read (marked in the editor's gutter; a click puts the caret there), a pod's
//! `index.html`, and for a pod the actions a learner tries next (delete it, write a file).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::store::{use_session, Store, Topic};
use crate::i18n::{t, Lang, Msg};
use crate::manifest::objects::Kind;
use crate::session::view::WhyView;
use crate::session::Intent;
use crate::view_model::why::{Target, INDEX_HTML};

#[component]
pub fn WhyPanel() -> Html {
    let store = use_session(Topic::Cluster);
    let text_ref = use_node_ref();
    let view = store
        .as_ref()
        .and_then(|s| s.read(crate::session::Session::why_view))
        .flatten();
    {
        // The fields' lines, marked in the gutter while the explanation is open.
        let store = store.clone();
        let marked: Vec<u32> = view
            .as_ref()
            .map(|v| v.lines.iter().map(|(_, l, _)| *l).collect())
            .unwrap_or_default();
        use_effect_with(marked, move |marked| {
            if let Some(store) = store {
                store.dispatch(Intent::Highlight(marked.clone()));
            }
        });
    }
    let Some(store) = store else {
        return Html::default();
    };
    let lang = store.lang();
    let Some(WhyView {
        target,
        explanation,
        lines,
    }) = view
    else {
        // Right after a Step, the line says what it changed (the glyphs and event rows are
        // marked too); otherwise how to ask why something is there.
        let step = store
            .read(|s| s.step_change().map(|c| c.objects.join(", ")))
            .flatten()
            .filter(|objects| !objects.is_empty());
        if let Some(objects) = step {
            return html! {
                <p class="why-hint step-note" data-testid="step-note">
                    { Msg::new("vm.step.changed").text(objects).render(lang) }
                </p>
            };
        }
        return html! { <p class="why-hint" data-testid="why-hint">{ t(lang, "ui.why.hint") }</p> };
    };
    let on_close = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Intent::Select(None)))
    };
    let Some(ex) = explanation else {
        return html! {
            <aside class="why" data-testid="why" aria-live="polite">
                <p>{ t(lang, "ui.why.gone") }</p>
                <button type="button" onclick={on_close}>{ t(lang, "ui.close") }</button>
            </aside>
        };
    };
    let pod_actions = pod_actions(&store, lang, &target, &text_ref);
    let fields = ex.fields.iter().enumerate().map(|(i, f)| {
        let at = lines.iter().find(|(j, _, _)| *j == i);
        let label = format!("{} {} · {}", f.kind.name(), f.name, f.path);
        match at {
            Some((_, line, written)) => {
                let store = store.clone();
                let line = *line;
                let on_click = Callback::from(move |_: MouseEvent| {
                    store.dispatch(Intent::FocusDiagnostic { line, col: 1 });
                });
                html! {
                    <li>
                        <button type="button" class="link-button" data-testid="why-field" data-line={line.to_string()} onclick={on_click}>
                            { format!("{label} → {} {line}{}", t(lang, "ui.line"), if *written { String::new() } else { format!(" ({})", t(lang, "ui.default.tag")) }) }
                        </button>
                    </li>
                }
            }
            None => html! { <li class="muted">{ format!("{label} — {}", t(lang, "ui.why.noteditor")) }</li> },
        }
    });
    html! {
        <aside class="why" data-testid="why" aria-labelledby="why-title">
            <div class="why-head">
                <h3 id="why-title" data-testid="why-title">{ ex.title.clone() }</h3>
                <button type="button" class="link-button" aria-label={t(lang, "ui.close")} onclick={on_close}>{ "×" }</button>
            </div>
            <ul class="why-rules" data-testid="why-rules">
                { for ex.rules.iter().map(|r| html! { <li>{ r.render(lang) }</li> }) }
            </ul>
            if !ex.fields.is_empty() {
                <h4>{ t(lang, "ui.why.fields") }</h4>
                <ul class="why-fields">{ for fields }</ul>
            }
            { for ex.files.iter().map(|(path, text)| html! {
                <div class="why-file">
                    <h4>{ path.clone() }</h4>
                    <pre data-testid="why-file">{ text.clone() }</pre>
                </div>
            }) }
            { pod_actions }
        </aside>
    }
}

/// For a pod, the actions a learner tries next: delete it, write its `index.html`.
fn pod_actions(store: &Store, lang: Lang, target: &Target, text_ref: &NodeRef) -> Html {
    let Target::Object(o) = target else {
        return Html::default();
    };
    if o.kind != Kind::Pod {
        return Html::default();
    }
    let name = o.key.name.clone();
    let delete = {
        let store = store.clone();
        let line = format!("kubectl delete pod {name}");
        Callback::from(move |_: MouseEvent| store.dispatch(Intent::Type(line.clone())))
    };
    let write = {
        let (store, input_ref, name) = (store.clone(), text_ref.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            let text = input_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default()
                .replace(['\'', '"', '\\', '$', '`'], "");
            let text = if text.trim().is_empty() {
                format!("hello from {name}")
            } else {
                text
            };
            store.dispatch(Intent::Type(format!(
                "kubectl exec {name} -- sh -c \"echo '{text}' > {INDEX_HTML}\""
            )));
        })
    };
    html! {
        <div class="why-actions">
            <button type="button" data-testid="why-delete" onclick={delete}>
                { t(lang, "ui.why.delete").replace("{0}", &name) }
            </button>
            <input type="text" ref={text_ref.clone()} data-testid="why-text" aria-label={t(lang, "ui.why.text")} placeholder={format!("hello from {name}")} />
            <button type="button" data-testid="why-write" onclick={write}>{ t(lang, "ui.why.write") }</button>
        </div>
    }
}
