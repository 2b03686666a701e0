//! No input panics: random bytes, mutated manifests, truncations, deep nesting, alias bombs and
//! oversized input all end in a clear diagnostic.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use podplay::examples::all_together;
use podplay::i18n::Lang;
use podplay::manifest::{analyze, Severity};
use proptest::prelude::*;

fn first_error(text: &str) -> String {
    let a = analyze(text);
    a.diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .map(|d| d.msg.render(Lang::En))
        .unwrap_or_default()
}

#[test]
fn billion_laughs_is_refused() {
    // Pins the alias-expansion budget against the classic exponential document.
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        text.push_str(&format!(
            "{n}: &{n} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
        prev = n;
    }
    assert!(
        first_error(&text).starts_with("aliases expand to more than"),
        "{}",
        first_error(&text)
    );
}

#[test]
fn deep_nesting_is_refused() {
    // Pins the depth cap for flow and block nesting.
    let flow = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(!first_error(&flow).is_empty());
    let mut block = String::new();
    for depth in 0..200 {
        block.push_str(&" ".repeat(depth * 2));
        block.push_str("k:\n");
    }
    assert!(
        first_error(&block).starts_with("nesting deeper than 64 levels"),
        "{}",
        first_error(&block)
    );
}

#[test]
fn oversized_input_is_refused_with_the_limit() {
    // Pins the stated size cap.
    let text = "#".repeat(podplay::manifest::yaml::MAX_INPUT_BYTES + 1);
    assert_eq!(
        first_error(&text),
        format!(
            "the input is {} bytes; podplay reads at most {} bytes",
            text.len(),
            podplay::manifest::yaml::MAX_INPUT_BYTES
        )
    );
}

#[test]
fn every_truncation_of_the_seed_is_handled() {
    // Pins graceful handling of half-typed text: each prefix of the seed, by character.
    let text = all_together();
    let mut cut_points: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    cut_points.push(text.len());
    for i in cut_points {
        let a = analyze(&text[..i]);
        for d in &a.diagnostics {
            assert!(d.pos.line >= 1 && d.pos.col >= 1);
            let _ = d.msg.render(Lang::Ko);
        }
    }
}

#[test]
fn strange_but_valid_yaml_is_not_an_error() {
    // Pins tolerance of what people paste: tabs in comments, CRLF, BOM-less unicode, anchors.
    let crlf = all_together().replace('\n', "\r\n");
    assert_eq!(analyze(&crlf).n_errors(), 0);
    let anchors = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &l\n    app: x\n  annotations: *l\n";
    assert_eq!(analyze(anchors).n_errors(), 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(s in "\\PC{0,400}") {
        // Pins panic-freedom on arbitrary unicode text.
        let a = analyze(&s);
        for d in &a.diagnostics {
            let _ = d.msg.render(Lang::En);
        }
    }

    #[test]
    fn mutated_seed_never_panics(ops in proptest::collection::vec((any::<usize>(), any::<u8>(), prop::sample::select(b" :-[]{}&*!|>'\"#\n\t0aZ%@,".to_vec())), 1..12)) {
        // Pins panic-freedom near valid manifests, where the decoder and validators run.
        let text = common::mutate(&all_together(), &ops);
        let a = analyze(&text);
        for d in &a.diagnostics {
            prop_assert!(d.pos.line >= 1);
            let _ = d.msg.render(Lang::Ko);
        }
        for o in &a.objects {
            let _ = podplay::manifest::effective::effective_yaml(o);
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        // Pins panic-freedom on arbitrary bytes, read as the CLI reads files.
        let text = String::from_utf8_lossy(&bytes);
        let _ = analyze(&text);
    }
}
