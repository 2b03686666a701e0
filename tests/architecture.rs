//! The pure modules never name a web crate: they must build and test natively and stay
//! independent of the UI.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn pure_modules_do_not_name_web_crates() {
    // Pins the architecture rule: manifest, engine, console, view_model, i18n are pure.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for module in ["manifest", "engine", "console", "view_model"] {
        let file = src.join(format!("{module}.rs"));
        if file.exists() {
            files.push(file);
        }
        let dir = src.join(module);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
    }
    for extra in ["i18n.rs", "examples.rs", "bench.rs"] {
        files.push(src.join(extra));
    }
    assert!(
        files.len() >= 8,
        "expected the manifest module's files, found {files:?}"
    );
    let forbidden = ["yew", "web_sys", "gloo", "wasm_bindgen", "js_sys"];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                let named = code.match_indices(word).any(|(i, _)| {
                    let before = code[..i].chars().next_back();
                    let after = code[i + word.len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                });
                assert!(
                    !named,
                    "{}:{}: names `{word}`: {line}",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}

#[test]
fn engine_modules_use_no_hash_order_or_wall_clock() {
    // Pins determinism sources out of the pure modules: no HashMap iteration, no clocks.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for module in ["manifest", "engine"] {
        rust_files(&src.join(module), &mut files);
        files.push(src.join(format!("{module}.rs")));
    }
    assert!(files.iter().any(|f| f.ends_with("engine/simulation.rs")));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for word in [
            "HashMap",
            "HashSet",
            "SystemTime",
            "Instant::now",
            "thread_rng",
        ] {
            assert!(!text.contains(word), "{} uses {word}", file.display());
        }
    }
}

#[test]
fn every_message_id_named_in_the_source_is_in_the_translation_table() {
    // Pins that no engine or manifest message renders as the `{?}` placeholder.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing = Vec::new();
    let mut n_ids = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for pat in ["Msg::new(\"", "reason: \""] {
            for (i, _) in text.match_indices(pat) {
                let rest = &text[i + pat.len()..];
                let Some(end) = rest.find('"') else { continue };
                let id = &rest[..end];
                if !id.starts_with("engine.") && pat == "reason: \"" {
                    continue;
                }
                n_ids += 1;
                if podplay::i18n::t(podplay::i18n::Lang::En, id) == "{?}" {
                    missing.push(format!("{}: {id}", file.display()));
                }
            }
        }
    }
    assert!(n_ids > 100, "found only {n_ids} ids");
    assert!(missing.is_empty(), "{missing:#?}");
}
