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
    // Pins the architecture rule: manifest, engine, console, view_model, session, i18n are pure.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for module in ["manifest", "engine", "console", "view_model", "session"] {
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

#[test]
fn the_first_module_speaks_from_the_first_table_only() {
    // Pins the split of the translation table: the page's first module (manifest reading and
    // validation, the workbench's first view) is built without `SIM_TABLE`, so every quoted
    // message id in its sources must be in `TABLE`.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![
        src.join("manifest.rs"),
        src.join("ui/first.rs"),
        src.join("ui/diagnostic_row.rs"),
        src.join("ui/gutter.rs"),
    ];
    rust_files(&src.join("manifest"), &mut files);
    let first: std::collections::BTreeSet<&str> =
        podplay::i18n::TABLE.iter().map(|e| e.id).collect();
    let mut elsewhere = Vec::new();
    let mut n_ids = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let Some(end) = rest.find('"') else { continue };
            let id = &rest[..end];
            if podplay::i18n::SIM_TABLE.iter().any(|e| e.id == id) {
                elsewhere.push(format!("{}: {id}", file.display()));
            } else if first.contains(id) {
                n_ids += 1;
            }
        }
    }
    assert!(n_ids > 50, "found only {n_ids} ids");
    assert!(elsewhere.is_empty(), "{elsewhere:#?}");
}

/// The longest a function may be, counted from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 120;

/// One token of Rust source that the length scan cares about, with its 1-based line.
#[derive(Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char),
}

/// Splits Rust source into identifiers and punctuation, dropping comments, string, char and
/// byte literals (raw ones too) and lifetimes, so braces inside them do not count.
fn tokens(text: &str) -> Vec<(usize, Tok)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Skips to the end of a quoted literal starting at `i` (the opening quote).
    let skip_quoted = |i: &mut usize, line: &mut usize, quote: char| {
        *i += 1;
        while *i < chars.len() && chars[*i] != quote {
            if chars[*i] == '\\' {
                *i += 1;
            }
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
            }
            *i += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' {
            skip_quoted(&mut i, &mut line, '"');
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a): a lifetime has no
            // closing quote right after its name.
            let is_char = next == Some('\\') || chars.get(i + 2) == Some(&'\'');
            if is_char {
                skip_quoted(&mut i, &mut line, '\'');
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // Raw strings r"..", r#".."#, br#".."# and byte strings b".."
            let hashes = chars[i..].iter().take_while(|&&h| h == '#').count();
            if (word == "r" || word == "br") && chars.get(i + hashes) == Some(&'"') {
                i += hashes + 1;
                let close: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                while i < chars.len() && !chars[i..].starts_with(&close) {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i += close.len();
            } else if word == "b" && matches!(chars.get(i), Some('"' | '\'')) {
                let quote = chars[i];
                skip_quoted(&mut i, &mut line, quote);
            } else {
                out.push((line, Tok::Ident(word)));
            }
        } else {
            if !c.is_whitespace() {
                out.push((line, Tok::Punct(c)));
            }
            i += 1;
        }
    }
    out
}

/// Index of the token that closes the brace opened at `open`.
fn matching_brace(toks: &[(usize, Tok)], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, (_, tok)) in toks.iter().enumerate().skip(open) {
        match tok {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    toks.len() - 1
}

/// Index of the `{` opening the body of the item starting at `from`, or `None` when the item
/// ends at a `;` first (a declaration without body, a `mod x;`).
fn body_start(toks: &[(usize, Tok)], from: usize) -> Option<usize> {
    let mut parens = 0i32;
    for (k, (_, tok)) in toks.iter().enumerate().skip(from) {
        match tok {
            Tok::Punct('(' | '[') => parens += 1,
            Tok::Punct(')' | ']') => parens -= 1,
            Tok::Punct('{') if parens == 0 => return Some(k),
            Tok::Punct(';') if parens == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Every function of one file longer than `MAX_FN_LINES`, as `path:line name (n lines)`; items
/// under `#[cfg(test)]` are left out.
fn long_functions_in(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let toks = tokens(&text);
    let is = |k: usize, want: &Tok| toks.get(k).is_some_and(|(_, t)| t == want);
    let ident = |k: usize| match toks.get(k) {
        Some((_, Tok::Ident(w))) => Some(w.as_str()),
        _ => None,
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        // `#[cfg(test)]`: skip the whole item it guards.
        let cfg_test = is(k, &Tok::Punct('#'))
            && is(k + 1, &Tok::Punct('['))
            && ident(k + 2) == Some("cfg")
            && is(k + 3, &Tok::Punct('('))
            && ident(k + 4) == Some("test")
            && is(k + 5, &Tok::Punct(')'))
            && is(k + 6, &Tok::Punct(']'));
        if cfg_test {
            k = match body_start(&toks, k + 7) {
                Some(open) => matching_brace(&toks, open) + 1,
                None => k + 7,
            };
            continue;
        }
        if ident(k) == Some("fn") {
            if let Some(name) = ident(k + 1) {
                if let Some(open) = body_start(&toks, k + 2) {
                    let close = matching_brace(&toks, open);
                    let lines = toks[close].0 - toks[k].0 + 1;
                    if lines > MAX_FN_LINES {
                        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
                        let shown = file.strip_prefix(root).unwrap_or(file);
                        out.push(format!(
                            "{}:{} {name} ({lines} lines)",
                            shown.display(),
                            toks[k].0
                        ));
                    }
                }
            }
        }
        k += 1;
    }
    out
}

/// The functions of `src/<module>.rs` and `src/<module>/**` longer than `MAX_FN_LINES`.
fn long_functions(module: &str) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join(format!("{module}.rs"))];
    rust_files(&src.join(module), &mut files);
    files.sort();
    files.iter().flat_map(|f| long_functions_in(f)).collect()
}

#[test]
fn the_length_scan_measures_functions_and_skips_tests_and_literals() {
    // Pins the scanner itself, so the rules below can fail: a 121-line function is reported with
    // its line and length, braces in strings, chars and comments do not count, and test items
    // and bodiless declarations are left out.
    let body = "    let x = 1;\n".repeat(119);
    let text = format!(
        "// fn commented() {{\nconst S: &str = \"}}{{\";\nfn short() {{ let c = '{{'; }}\n\
         trait T {{ fn decl(&self); }}\n\
         pub(crate) fn long<'a>(f: fn(u8) -> u8, s: &'a str) -> Vec<u8> {{\n{body}}}\n\
         #[cfg(test)]\nmod tests {{\n    fn long_test() {{\n{body}{body}    }}\n}}\n\
         fn raw() {{ let r = r#\"}}\"#; }}\n"
    );
    let dir = std::env::temp_dir().join(format!("podplay-fn-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sample.rs");
    std::fs::write(&file, text).unwrap();
    let found = long_functions_in(&file);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        found,
        vec![format!("{}:5 long (121 lines)", file.display())]
    );
}

#[test]
fn console_functions_are_at_most_120_lines() {
    // Pins issue 13's size rule for the kubectl emulation: a longer function is split along its
    // seams (per kind, per output format, per phase).
    let long = long_functions("console");
    assert!(
        long.is_empty(),
        "longer than {MAX_FN_LINES} lines: {long:#?}"
    );
}

#[test]
fn engine_functions_are_at_most_120_lines() {
    // Lists the engine's functions longer than the limit; the same rule as for the console.
    let long = long_functions("engine");
    assert!(
        long.is_empty(),
        "longer than {MAX_FN_LINES} lines: {long:#?}"
    );
}

/// The page's files: the Yew components and the store.
fn ui_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"),
        &mut files,
    );
    files.sort();
    assert!(
        files.len() >= 20,
        "expected the ui module's files: {files:?}"
    );
    files
}

#[test]
fn session_and_ui_functions_are_at_most_120_lines() {
    // Pins issue 15's size rule for the application layer.
    let mut long = long_functions("session");
    for file in ui_files() {
        long.extend(long_functions_in(&file));
    }
    assert!(
        long.is_empty(),
        "longer than {MAX_FN_LINES} lines: {long:#?}"
    );
}

#[test]
fn the_ui_reads_the_engine_only_through_the_session_and_view_models() {
    // Pins issue 15: components draw view models and call intents; only the store touches the
    // session, and nothing in the page names the engine.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for file in ui_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(root).unwrap().display().to_string();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let mut bad = vec![];
            if code.contains("crate::engine") {
                bad.push("crate::engine");
            }
            if !name.ends_with("store.rs") {
                for word in ["notify(", ".playing =", "Playground"] {
                    if code.contains(word) {
                        bad.push(word);
                    }
                }
            }
            for word in bad {
                found.push(format!("{name}:{}: {word}", n + 1));
            }
        }
    }
    assert_eq!(found, Vec::<String>::new());
    // The session inside the store is private, and so is the one way to borrow it mutably:
    // components can only call intents.
    let store = std::fs::read_to_string(root.join("src/ui/store.rs")).unwrap();
    assert!(store.contains("    session: Rc<RefCell<Session>>,"));
    assert!(store.contains("    fn with<R>(&self, f: impl FnOnce(&mut Session) -> R)"));
}

#[test]
fn the_ui_modules_import_each_other_without_cycles() {
    // Pins the opened cycles (console panel and playground, SVG and canvas scene): the
    // components' `super::` imports form no cycle.
    let files = ui_files();
    let name = |f: &Path| f.file_stem().unwrap().to_string_lossy().to_string();
    let names: Vec<String> = files.iter().map(|f| name(f)).collect();
    let mut edges = std::collections::BTreeMap::<String, Vec<String>>::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let deps = names
            .iter()
            .filter(|n| **n != name(file) && text.contains(&format!("super::{n}")))
            .cloned()
            .collect();
        edges.insert(name(file), deps);
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &str,
        edges: &std::collections::BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for d in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    for n in edges.keys() {
        let cycle = visit(n, &edges, &mut Vec::new(), &mut done);
        assert_eq!(cycle, None, "an import cycle among the ui modules");
    }
}

/// The three files of the cluster scene.
const SCENE_FILES: [&str; 3] = [
    "src/ui/scene_shared.rs",
    "src/ui/scene_view.rs",
    "src/ui/scene_canvas.rs",
];

#[test]
fn the_scene_files_have_short_functions_and_name_no_engine() {
    // Pins issue 15 for the cluster scene: the SVG and canvas scenes and what they share stay
    // within the function size rule and reach the engine's types only through `view_model`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let long: Vec<String> = SCENE_FILES
        .iter()
        .flat_map(|f| long_functions_in(&root.join(f)))
        .collect();
    assert!(
        long.is_empty(),
        "longer than {MAX_FN_LINES} lines: {long:#?}"
    );
    let naming: Vec<&str> = SCENE_FILES
        .iter()
        .copied()
        .filter(|f| {
            std::fs::read_to_string(root.join(f))
                .unwrap()
                .contains("crate::engine")
        })
        .collect();
    assert_eq!(naming, Vec::<&str>::new());
}

#[test]
fn the_scene_modules_import_each_other_one_way() {
    // Pins the opened cycle: the SVG scene picks the canvas scene for big clusters, the canvas
    // scene never imports the SVG scene, and what both share imports neither.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
    let (shared, view, canvas) = (
        read("src/ui/scene_shared.rs"),
        read("src/ui/scene_view.rs"),
        read("src/ui/scene_canvas.rs"),
    );
    assert!(view.contains("super::scene_canvas::"));
    assert!(!canvas.contains("scene_view"));
    assert!(!shared.contains("super::scene_view") && !shared.contains("super::scene_canvas"));
}
