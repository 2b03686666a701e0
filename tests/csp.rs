//! The page's Content-Security-Policy, checked in the sources: index.html and the embedding
//! example carry a policy without 'unsafe-inline', and nothing in the page's code sets an
//! inline style the policy would refuse (a `style=` attribute in markup or by `setAttribute`).
//! The built page is checked in the browser by tests/e2e/csp.test.mjs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// The `content` of the page's Content-Security-Policy `<meta>`.
fn policy(html: &str) -> String {
    let tag = r#"<meta http-equiv="Content-Security-Policy" content=""#;
    let start = html.find(tag).expect("a Content-Security-Policy <meta>") + tag.len();
    let len = html[start..].find('"').unwrap();
    html[start..start + len].to_string()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn index_html_carries_a_policy_without_unsafe_inline() {
    let html = read("index.html");
    assert_eq!(
        policy(&html),
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; frame-src 'none'; \
         object-src 'none'; base-uri 'none'; form-action 'none'"
    );
    // Before anything it governs: the style sheet and the app Trunk puts in its place.
    let meta = html.find("http-equiv=\"Content-Security-Policy\"").unwrap();
    assert!(meta < html.find("<link").unwrap());
    // The markup holds no inline script, style or handler of its own.
    let body = html
        .split("<!--")
        .map(|part| part.split_once("-->").map_or(part, |(_, rest)| rest));
    let markup: String = body.collect();
    for refused in ["<script", "<style", " style=", " onload=", " onclick="] {
        assert!(!markup.contains(refused), "index.html has {refused}");
    }
}

#[test]
fn the_embedding_example_carries_its_own_policy() {
    let html = read("embed-example.html");
    let p = policy(&html);
    assert_eq!(
        p,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         frame-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; \
         form-action 'none'"
    );
    assert!(html.contains(r#"<script src="embed-example.js" defer></script>"#));
    assert!(!html.contains(" style=") && !html.contains("<style"));
}

#[test]
fn the_page_code_sets_no_style_attribute() {
    // Yew writes a `style=` prop with setAttribute, which the policy refuses: sizes and places
    // go through the CSSOM (`browser::use_style`, `HtmlElement::style()`), SVG attributes or
    // classes instead.
    let mut found = vec![];
    for file in rust_files(&root().join("src/ui")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("style={") || code.contains("style=\"") || code.contains("\"style\"") {
                found.push(format!("{}:{}", file.display(), n + 1));
            }
        }
    }
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn the_build_moves_the_loader_out_before_the_service_worker_lists_files() {
    let trunk = read("Trunk.toml");
    assert!(trunk.contains(
        r#"command_arguments = ["-c", "node scripts/loader.mjs && node scripts/sw.mjs"]"#
    ));
    assert!(!trunk.contains(r#"command_arguments = ["scripts/sw.mjs"]"#));
    assert!(trunk.contains("no_autoreload = true"));
}
