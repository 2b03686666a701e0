//! The explanation of what was clicked: the Kubernetes rules that produced it, the YAML fields
//! they read (marked in the editor's gutter; a click puts the caret there), a pod's
//! `index.html`, and for a pod the actions a learner tries next (delete it, write a file).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::playground::{self, PlaygroundHandle, Topic};
use super::store::{use_store, Action};
use super::use_playground;
use crate::i18n::{t, Lang};
use crate::view_model::why::{self, INDEX_HTML};

#[component]
pub fn WhyPanel() -> Html {
    let store = use_store();
    let pg = use_playground(Topic::Cluster);
    let text_ref = use_node_ref();
    let explanation = pg.as_ref().and_then(|pg| {
        let p = pg.try_borrow().ok()?;
        let target = p.selected.clone()?;
        let sim = p.shown()?;
        Some((target.clone(), why::explain(sim, &target)))
    });
    // The fields' lines, marked in the gutter while the explanation is open.
    let lines: Vec<(usize, u32, bool)> = match (&explanation, &store) {
        (Some((_, Some(ex))), Some(store)) => why::gutter_lines(ex, &store.analysis),
        _ => Vec::new(),
    };
    {
        let store = store.clone();
        let marked: Vec<u32> = lines.iter().map(|(_, l, _)| *l).collect();
        use_effect_with(marked, move |marked| {
            if let Some(store) = store {
                store.dispatch(Action::Highlight(marked.clone()));
            }
        });
    }
    let (Some(store), Some(pg)) = (store, pg) else {
        return Html::default();
    };
    let lang = store.lang;
    let Some((target, ex)) = explanation else {
        return html! { <p class="why-hint" data-testid="why-hint">{ t(lang, "ui.why.hint") }</p> };
    };
    let on_close = {
        let pg = pg.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(mut p) = pg.try_borrow_mut() {
                p.selected = None;
            }
            playground::notify(&pg, playground::ALL);
        })
    };
    let Some(ex) = ex else {
        return html! {
            <aside class="why" data-testid="why" aria-live="polite">
                <p>{ t(lang, "ui.why.gone") }</p>
                <button type="button" onclick={on_close}>{ t(lang, "ui.close") }</button>
            </aside>
        };
    };
    let pod_actions = target
        .pod_name()
        .map(|name| pod_actions(&pg, name, &text_ref, lang))
        .unwrap_or_default();
    let fields = ex.fields.iter().enumerate().map(|(i, f)| {
        let at = lines.iter().find(|(j, _, _)| *j == i);
        let label = format!("{} {} · {}", f.kind.name(), f.name, f.path);
        match at {
            Some((_, line, written)) => {
                let store = store.clone();
                let line = *line;
                let on_click = Callback::from(move |_: MouseEvent| {
                    store.dispatch(Action::FocusDiagnostic { line, col: 1 });
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

/// Types `line` into the console as of the present, with time running.
fn type_line(pg: &PlaygroundHandle, line: &str) {
    if let Ok(mut p) = pg.try_borrow_mut() {
        p.commit_view();
        p.playing = true;
        p.panel.type_line(line);
    }
    playground::notify(pg, playground::ALL);
}

/// What a learner tries next with the pod `name`: delete it, write its `index.html`.
fn pod_actions(pg: &PlaygroundHandle, name: &str, text_ref: &NodeRef, lang: Lang) -> Html {
    let delete = {
        let (pg, line) = (pg.clone(), format!("kubectl delete pod {name}"));
        Callback::from(move |_: MouseEvent| type_line(&pg, &line))
    };
    let write = {
        let (pg, input_ref, name) = (pg.clone(), text_ref.clone(), name.to_string());
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
            type_line(
                &pg,
                &format!("kubectl exec {name} -- sh -c \"echo '{text}' > {INDEX_HTML}\""),
            );
        })
    };
    html! {
        <div class="why-actions">
            <button type="button" data-testid="why-delete" onclick={delete}>
                { t(lang, "ui.why.delete").replace("{0}", name) }
            </button>
            <input type="text" ref={text_ref.clone()} data-testid="why-text" aria-label={t(lang, "ui.why.text")} placeholder={format!("hello from {name}")} />
            <button type="button" data-testid="why-write" onclick={write}>{ t(lang, "ui.why.write") }</button>
        </div>
    }
}
