//! The problems panel: error and warning counts (announced politely) and the list of
//! diagnostics. Only this thin shell reads the store; the list re-renders only when the
//! analysis or the language changes, not on every keystroke.

use yew::prelude::*;

use super::diagnostic_list::DiagnosticList;
use super::store::{use_store, Shared};
use crate::i18n::{t, Lang};
use crate::manifest::Severity;

#[component]
pub fn DiagnosticsPanel() -> Html {
    let Some(store) = use_store() else {
        return Html::default();
    };
    let Some(ed) = store.editor() else {
        return Html::default();
    };
    let lang = ed.lang;
    let n_errors = ed.analysis.n_errors();
    let n_warnings = ed.analysis.n_warnings();
    let stale = ed.stale;

    html! {
        <section
            class={classes!("panel", "diagnostics-panel", stale.then_some("stale"))}
            data-testid="diagnostics"
            aria-labelledby="diagnostics-heading"
            aria-busy={stale.to_string()}
        >
            <div class="panel-head">
                <h2 id="diagnostics-heading" class="panel-title">{ t(lang, "ui.diagnostics") }</h2>
                <p class="counts" aria-live="polite" aria-atomic="true">
                    <span class={classes!("count", "error", (n_errors > 0).then_some("nonzero"))}>
                        <span class="count-number" data-testid="error-count">{ n_errors }</span>
                        { " " }
                        <span class="count-word">{ count_word(lang, n_errors, Severity::Error) }</span>
                    </span>
                    <span class={classes!("count", "warning", (n_warnings > 0).then_some("nonzero"))}>
                        <span class="count-number" data-testid="warning-count">{ n_warnings }</span>
                        { " " }
                        <span class="count-word">{ count_word(lang, n_warnings, Severity::Warning) }</span>
                    </span>
                </p>
            </div>
            <DiagnosticList
                analysis={Shared(ed.analysis.clone())}
                {lang}
                store={store.clone()}
            />
        </section>
    }
}

/// "1 error", "2 errors" (Korean has one form; the table gives the same word for both).
fn count_word(lang: Lang, n: usize, severity: Severity) -> &'static str {
    let id = match (severity, n == 1) {
        (Severity::Error, true) => "ui.severity.error",
        (Severity::Error, false) => "ui.errors",
        (Severity::Warning, true) => "ui.severity.warning",
        (Severity::Warning, false) => "ui.warnings",
    };
    t(lang, id)
}
