//! Every object read from the text (expandable) and, greyed, the kinds podplay reads but does
//! not simulate; or the empty state.

use std::collections::HashMap;

use yew::prelude::*;

use super::object_item::ObjectItem;
use super::store::{Shared, Store};
use crate::i18n::{t, Lang, Msg};
use crate::manifest::Analysis;

/// Objects (and skipped documents) listed at most (a pasted bundle can hold thousands).
pub const MAX_SHOWN: usize = 500;

#[derive(Properties, PartialEq)]
pub struct ObjectItemsProps {
    pub analysis: Shared<Analysis>,
    pub lang: Lang,
    /// Passed on for "show in editor" (no context: items must not re-render per keystroke).
    pub store: Store,
}

#[component]
pub fn ObjectItems(props: &ObjectItemsProps) -> Html {
    let lang = props.lang;
    let analysis = &props.analysis;
    if analysis.objects.is_empty() && analysis.skipped.is_empty() {
        return html! { <p class="empty">{ t(lang, "ui.no.objects") }</p> };
    }
    let mut keys = Keys::default();
    let objects: Vec<Html> = analysis
        .objects
        .iter()
        .enumerate()
        .take(MAX_SHOWN)
        .map(|(idx, o)| {
            let key = keys.next(format!(
                "{}/{}/{}",
                o.kind().name(),
                o.namespace().unwrap_or(""),
                o.name()
            ));
            html! {
                <ObjectItem
                    {key}
                    analysis={props.analysis.clone()}
                    {idx}
                    {lang}
                    store={props.store.clone()}
                />
            }
        })
        .collect();
    let skipped: Vec<Html> = analysis
        .skipped
        .iter()
        .take(MAX_SHOWN)
        .map(|s| {
            let key = keys.next(format!("skipped:{}/{}/{}", s.api_version, s.kind, s.name));
            html! {
                <li {key} class="object-item skipped" data-testid="skipped-item">
                    <div class="object-summary">
                        <span class="object-kind">{ s.kind.clone() }</span>
                        <span class="object-name">{ s.name.clone() }</span>
                        <span class="object-version">{ s.api_version.clone() }</span>
                        <span class="badge muted">{ t(lang, "ui.not.simulated") }</span>
                    </div>
                </li>
            }
        })
        .collect();
    let n_hidden = analysis.objects.len().saturating_sub(MAX_SHOWN)
        + analysis.skipped.len().saturating_sub(MAX_SHOWN);
    html! {
        <>
            <ul class="object-items">
                { for objects }
                { for skipped }
            </ul>
            if n_hidden > 0 {
                <p class="more">{ Msg::new("ui.more").text(n_hidden.to_string()).render(lang) }</p>
            }
        </>
    }
}

/// Keys from what names an object (kind, namespace, name), numbered in source order only when
/// the same object is written twice, so an item keeps its open/closed state while lines above
/// it are edited.
#[derive(Default)]
struct Keys {
    seen: HashMap<String, usize>,
}

impl Keys {
    fn next(&mut self, identity: String) -> String {
        let n = self.seen.entry(identity.clone()).or_insert(0);
        *n += 1;
        format!("{identity}#{n}")
    }
}
