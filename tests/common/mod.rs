//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::i18n::{Arg, Lang, Msg};
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

fn with_severity(text: &str, severity: Severity) -> Vec<String> {
    let a = analyze(text);
    a.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| format!("{}:{}: {}", d.pos.line, d.pos.col, d.msg.render(Lang::En)))
        .collect()
}

/// Errors only: `LINE:COL: message`.
pub fn errors(text: &str) -> Vec<String> {
    with_severity(text, Severity::Error)
}

/// Warnings only: `LINE:COL: message`.
pub fn warnings(text: &str) -> Vec<String> {
    with_severity(text, Severity::Warning)
}

/// Applies byte edits to `base`: (position, kind, byte) replaces, removes, inserts, or
/// duplicates a run, as a fuzzer would.
pub fn mutate(base: &str, ops: &[(usize, u8, u8)]) -> String {
    let mut bytes = base.as_bytes().to_vec();
    for &(pos, kind, byte) in ops {
        if bytes.is_empty() {
            break;
        }
        let p = pos % bytes.len();
        match kind % 4 {
            0 => bytes[p] = byte,
            1 => {
                bytes.remove(p);
            }
            2 => bytes.insert(p, byte),
            _ => {
                let chunk: Vec<u8> = bytes[p..].iter().take(16).copied().collect();
                bytes.splice(p..p, chunk);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
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
pub mod console;
pub mod engine;
pub mod page;

/// A message's arguments as text, nested messages rendered in English.
pub fn msg_args(m: &Msg) -> Vec<String> {
    m.args
        .iter()
        .map(|a| match a {
            Arg::Text(t) => t.clone(),
            Arg::Msg(m) => m.render(Lang::En),
        })
        .collect()
}
