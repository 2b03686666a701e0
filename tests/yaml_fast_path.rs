//! The fast YAML reader builds exactly the tree the full parser builds, positions included,
//! wherever it does not hand over; and it takes the common manifests itself.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use podplay::examples::{all_together, EXAMPLES};
use podplay::manifest::yaml::{parse_chunk_fast, parse_chunk_full, split_documents, Chunk};
use proptest::prelude::*;

/// Asserts agreement for every chunk of `text`; returns how many chunks took the fast path.
fn agree(text: &str) -> usize {
    let mut fast_taken = 0;
    for chunk in split_documents(text) {
        if let Some(fast) = parse_chunk_fast(chunk) {
            fast_taken += 1;
            let full = parse_chunk_full(chunk);
            assert_eq!(
                Ok(fast),
                full,
                "chunk at line {}:\n{}",
                chunk.start_line,
                chunk.text
            );
        }
    }
    fast_taken
}

#[test]
fn seed_and_bench_bundle_take_the_fast_path() {
    // Pins that the tutorial's manifests and the benchmark bundle are read by the fast path.
    for ex in EXAMPLES {
        let n_chunks = split_documents(ex.text).len();
        assert_eq!(agree(ex.text), n_chunks, "{}", ex.file);
    }
    let bundle = podplay::bench::bundle(200);
    assert_eq!(agree(&bundle), 200);
}

#[test]
fn handwritten_shapes_agree() {
    // Pins agreement on the shapes manifests use, and hand-over on the ones the fast path skips.
    let cases = [
        "a: 1\nb:\n  c: [ \"x\", y, 3 ]\n  d: {}\n  e: []\n",
        "k:\n- a\n- b\nz: 1\n",
        "x:\n  - - a\n    - b\n  - c\n",
        "- name: a\n  v: 1\n- name: b\n",
        "a: 'it''s'\nb: \"q\\\"x\"\nc: \"tab\\tthere\"\n",
        "  a: 1\n  b: 2\n",
        "키: 값 # 주석\nname: \"웹\" # 설명\nlist: [ \"가\", 나 ]\n",
        "a: b\r\nc: d\r\n",
        "a: 1 # comment\n# full line\n\nb: x#y\n",
        "\"quoted key\": 1\n'single': 2\n",
        "a: -1\nb: -x\nc: 0755\nd: 1e3\ne: yes\nf: ~\ng: null\n",
        "image: nginx:1.19.0\nurl: http://x/y\n",
        "n: 80\non: 1\n80: x\n~: y\n1.5: z\n",
        // Hand-over cases (the fast path must not claim these).
        "a:\nb: 1\n",
        "a: &x 1\nb: *x\n",
        "a: |\n  text\n",
        "a: plain\n  continued\n",
        "a: b: c\n",
        "a: 1\na: 2\n",
        "a: [1, [2]]\n",
        "-\n- b\n",
        "a: \"x\"#c\n",
        "a:\tb\n",
        "...\n",
    ];
    for c in cases {
        agree(c);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]

    #[test]
    fn mutated_manifests_agree(ops in proptest::collection::vec((any::<usize>(), any::<u8>(), prop::sample::select(b" :-[]{}'\"#\n\t\r0aZ,\\&*|>".to_vec())), 1..6)) {
        // Pins the differential property on near-valid input, where the paths diverge most.
        let text = common::mutate(&all_together(), &ops);
        for chunk in split_documents(&text) {
            if let Some(fast) = parse_chunk_fast(chunk) {
                prop_assert_eq!(Ok(fast), parse_chunk_full(chunk));
            }
        }
    }

    #[test]
    fn generated_lines_agree(lines in proptest::collection::vec(("( {0,4})", "[a-c]{1,3}", prop::sample::select(vec![": ", ":", " : ", ": - ", "- ", ": [", ": \"", ": '"]), "[a-c0-9 #\"'\\]\\[,:-]{0,6}"), 1..8)) {
        // Pins agreement on small random block documents built from YAML's own punctuation.
        let text: String = lines.iter().map(|(i, k, sep, v)| format!("{i}{k}{sep}{v}\n")).collect();
        let chunk = Chunk { text: &text, start_line: 1 };
        if let Some(fast) = parse_chunk_fast(chunk) {
            prop_assert_eq!(Ok(fast), parse_chunk_full(chunk));
        }
    }
}
