//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::i18n::Lang;
use podplay::manifest::{analyze, Analysis, Severity};

/// `LINE:COL: severity: message` for every diagnostic, in English.
pub fn lines(a: &Analysis) -> Vec<String> {
    a.diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}: {}",
                d.pos.line,
                d.pos.col,
                d.severity.word(),
                d.msg.render(Lang::En)
            )
        })
        .collect()
}

/// Errors only, as `lines` renders them.
pub fn errors(text: &str) -> Vec<String> {
    let a = analyze(text);
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{}:{}: {}",
                d.pos.line,
                d.pos.col,
                d.msg.render(Lang::En)
            )
        })
        .collect()
}

pub fn warnings(text: &str) -> Vec<String> {
    let a = analyze(text);
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| {
            format!(
                "{}:{}: {}",
                d.pos.line,
                d.pos.col,
                d.msg.render(Lang::En)
            )
        })
        .collect()
}

/// The tutorial's StatefulSet with one text replacement applied.
pub fn sts_with(from: &str, to: &str) -> String {
    let text = podplay::examples::STATEFULSET;
    assert!(text.contains(from), "seed lacks {from:?}");
    text.replacen(from, to, 1)
}

pub fn deploy_with(from: &str, to: &str) -> String {
    let text = podplay::examples::DEPLOYMENT_SERVICE;
    assert!(text.contains(from), "seed lacks {from:?}");
    text.replacen(from, to, 1)
}
