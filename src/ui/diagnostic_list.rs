//! The diagnostics themselves, one button each (or the empty state).

use std::collections::HashMap;

use yew::prelude::*;

use super::diagnostic_row::DiagnosticRow;
use super::store::{Shared, Store};
use crate::i18n::{t, Lang, Msg};
use crate::manifest::{Analysis, Diagnostic, Severity};
use crate::session::Intent;

/// Diagnostics listed at most; the counts still cover all (random bytes can yield thousands).
pub const MAX_SHOWN: usize = 500;

#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    pub analysis: Shared<Analysis>,
    pub lang: Lang,
    /// For focus requests (the store compares equal across renders, a fresh closure would not).
    pub store: Store,
}

#[component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    let on_focus = use_callback(props.store.clone(), |(line, col), store| {
        store.dispatch(Intent::FocusDiagnostic { line, col });
    });
    let lang = props.lang;
    let diagnostics = &props.analysis.diagnostics;
    if diagnostics.is_empty() {
        return html! { <p class="empty">{ t(lang, "ui.no.problems") }</p> };
    }
    let severity_label = |s: Severity| match s {
        Severity::Error => t(lang, "ui.severity.error"),
        Severity::Warning => t(lang, "ui.severity.warning"),
    };
    let shown = &diagnostics[..diagnostics.len().min(MAX_SHOWN)];
    let rows = shown.iter().zip(keys(shown)).map(|(d, key)| {
        html! {
            <DiagnosticRow
                {key}
                line={d.pos.line}
                col={d.pos.col}
                severity={d.severity}
                severity_label={severity_label(d.severity)}
                message={AttrValue::from(d.msg.render(lang))}
                on_focus={on_focus.clone()}
            />
        }
    });
    let n_hidden = diagnostics.len() - shown.len();
    html! {
        <>
            <ol class="diagnostic-list">{ for rows }</ol>
            if n_hidden > 0 {
                <p class="more">{ Msg::new("ui.more").text(n_hidden.to_string()).render(lang) }</p>
            }
        </>
    }
}

/// Stable keys: a diagnostic has no id, so its place, severity and message id name it, with a
/// counter only for exact repeats.
fn keys(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let base = format!(
                "{}:{}:{}:{}",
                d.pos.line,
                d.pos.col,
                d.severity.word(),
                d.msg.id
            );
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            format!("{base}#{n}")
        })
        .collect()
}
