//! Component tests of the stage, in headless Chromium: Apply and Step drive the scene one event
//! at a time; explanations mark editor lines; the comparison, the shortcut sheet, the theme and
//! the dividers answer as a learner uses them.
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test
//! browser_stage`
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use podplay::ui::theme::THEME_KEY;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};
use yew::platform::time::sleep;

#[path = "common/browser.rs"]
mod browser;
use browser::{clear_saved_state, document, fire, key_down, Mounted, TICK};

wasm_bindgen_test_configure!(run_in_browser);

/// The App mounted with nothing saved (theme included), driven by clicks and keys.
struct Page(Mounted);

impl std::ops::Deref for Page {
    type Target = Mounted;
    fn deref(&self) -> &Mounted {
        &self.0
    }
}

impl Page {
    async fn mount() -> Page {
        clear_saved_state();
        Page(Mounted::new().await)
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.query(selector)
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        self.query_all(selector)
    }

    /// Clicks an element (HTML or SVG) as a mouse would.
    async fn click(&self, selector: &str) {
        let el = self
            .find(selector)
            .unwrap_or_else(|| panic!("{selector} is shown"));
        fire(&el, "click");
        sleep(TICK).await;
    }

    fn attr(&self, selector: &str, name: &str) -> Option<String> {
        self.find(selector).and_then(|e| e.get_attribute(name))
    }

    fn key_on(&self, target: &web_sys::EventTarget, key: &str) {
        key_down(target, key, false);
    }

    /// Applies the seed, pauses, then steps event by event until `done` (at most `n` steps),
    /// calling `look` after each step.
    async fn apply_and_step(&self, n: usize, mut look: impl FnMut(&Page) -> bool) {
        self.click("[data-testid=apply]").await;
        if self.attr("[data-testid=play]", "aria-pressed").as_deref() == Some("true") {
            self.click("[data-testid=play]").await;
        }
        for _ in 0..n {
            if look(self) {
                return;
            }
            let step: HtmlElement = self.find("[data-testid=step]").unwrap().dyn_into().unwrap();
            step.click();
            sleep(Duration::from_millis(5)).await;
        }
        panic!("not reached in {n} steps");
    }
}

fn state(page: &Page, pod: &str) -> Option<String> {
    page.attr(&format!("[data-testid=\"pod-{pod}\"]"), "data-state")
}

#[wasm_bindgen_test]
async fn stepping_shows_web_0_ready_before_web_1_exists() {
    // Pins the ordering as drawn, one event per Step: web-0 reaches Ready while web-1 has no
    // glyph, and the StatefulSet box says why web-1 waits.
    let page = Page::mount().await;
    assert!(page.find("[data-testid=scene-empty]").is_some());
    let mut web0_ready_alone = false;
    let mut wait_seen = false;
    page.apply_and_step(3_000, |p| {
        let (w0, w1) = (state(p, "web-0"), state(p, "web-1"));
        if w1.is_none() && w0.as_deref() == Some("ready") {
            web0_ready_alone = true;
        }
        if let Some(note) = p.find("[data-testid=wait-note]") {
            if note
                .text_content()
                .unwrap_or_default()
                .contains("web-1 waits: web-0")
            {
                wait_seen = true;
            }
        }
        if w1.is_some() {
            assert!(
                web0_ready_alone,
                "web-1 appeared before web-0 was seen Ready"
            );
        }
        w1.as_deref() == Some("ready")
    })
    .await;
    assert!(wait_seen, "the ordering wait was never shown");
    assert_eq!(
        page.attr("[data-testid=\"svc-nginx\"]", "data-cluster-ip")
            .as_deref(),
        Some("None")
    );
}

#[wasm_bindgen_test]
async fn a_claim_explains_its_name_and_marks_the_template_lines() {
    // Pins "why": clicking www-web-0 names the rule and marks the StatefulSet's lines in the
    // gutter.
    let page = Page::mount().await;
    page.apply_and_step(3_000, |p| {
        p.attr("[data-testid=\"pvc-www-web-0\"]", "data-phase")
            .as_deref()
            == Some("Bound")
    })
    .await;
    page.click("[data-testid=\"pvc-www-web-0\"]").await;
    sleep(TICK).await;
    let title = page
        .find("[data-testid=why-title]")
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(title, "PersistentVolumeClaim www-web-0");
    let rules = page
        .find("[data-testid=why-rules]")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        rules.contains(
            "www-web-0 = claim template www + \"-\" + StatefulSet web + \"-\" + ordinal 0."
        ),
        "{rules}"
    );
    let lines: Vec<String> = page
        .all("[data-testid=why-field]")
        .iter()
        .filter_map(|e| e.get_attribute("data-line"))
        .collect();
    assert!(!lines.is_empty());
    let marked: Vec<String> = page
        .all(".gutter-why")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    for l in &lines {
        assert!(marked.contains(l), "line {l} not marked: {marked:?}");
    }
}

#[wasm_bindgen_test]
async fn the_comparison_lists_names_and_storage_side_by_side() {
    // Pins compare mode: two scenes and a differences table whose storage row has claims on the
    // left and none on the right.
    let page = Page::mount().await;
    page.click("[data-testid=mode-compare]").await;
    assert!(page.find("[data-testid=scene-left]").is_some());
    assert!(page.find("[data-testid=scene-right]").is_some());
    for _ in 0..4_000 {
        let left = page
            .find("[data-testid=diff-row][data-topic=\"vm.cmp.storage\"] [data-testid=diff-left]")
            .and_then(|e| e.text_content())
            .unwrap_or_default();
        if left.contains("www-web-1 (Bound)") {
            let right = page
                .find("[data-testid=diff-row][data-topic=\"vm.cmp.storage\"] [data-testid=diff-right]")
                .and_then(|e| e.text_content())
                .unwrap_or_default();
            assert!(right.starts_with("none"), "{right}");
            return;
        }
        let step: HtmlElement = page.find("[data-testid=step]").unwrap().dyn_into().unwrap();
        step.click();
        sleep(Duration::from_millis(2)).await;
    }
    panic!("the claims never showed on the left");
}

#[wasm_bindgen_test]
async fn question_mark_opens_the_key_sheet_and_escape_closes_it() {
    // Pins the shortcut sheet: a dialog listing the keys, opened by `?` outside text fields.
    let page = Page::mount().await;
    let body: web_sys::EventTarget = document().body().unwrap().into();
    page.key_on(&body, "?");
    sleep(TICK).await;
    let sheet = page
        .find("[data-testid=shortcuts]")
        .expect("the sheet is open");
    assert_eq!(sheet.get_attribute("role").as_deref(), Some("dialog"));
    assert!(sheet.text_content().unwrap().contains("Ctrl+Enter"));
    page.key_on(&body, "Escape");
    sleep(TICK).await;
    assert!(page.find("[data-testid=shortcuts]").is_none());
    // In a text field `?` is text.
    let editor: web_sys::EventTarget = page.find("[data-testid=editor]").unwrap().into();
    page.key_on(&editor, "?");
    sleep(TICK).await;
    assert!(page.find("[data-testid=shortcuts]").is_none());
}

#[wasm_bindgen_test]
async fn the_theme_toggle_cycles_and_is_saved() {
    // Pins light/dark: system → light → dark → system, on <html data-theme> and in storage.
    let page = Page::mount().await;
    let html = document().document_element().unwrap();
    assert_eq!(html.get_attribute("data-theme"), None);
    page.click("[data-testid=theme]").await;
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("light"));
    page.click("[data-testid=theme]").await;
    assert_eq!(html.get_attribute("data-theme").as_deref(), Some("dark"));
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        storage.get_item(THEME_KEY).unwrap().as_deref(),
        Some("dark")
    );
    page.click("[data-testid=theme]").await;
    assert_eq!(html.get_attribute("data-theme"), None);
}

#[wasm_bindgen_test]
async fn dividers_move_with_arrow_keys() {
    // Pins the resizable columns: a focused divider moves by 2% per arrow key, within bounds.
    let page = Page::mount().await;
    let divider: web_sys::EventTarget = page.find("[data-testid=divider-0]").unwrap().into();
    let before: f64 = page
        .attr("[data-testid=divider-0]", "aria-valuenow")
        .unwrap()
        .parse()
        .unwrap();
    page.key_on(&divider, "ArrowRight");
    sleep(TICK).await;
    let after: f64 = page
        .attr("[data-testid=divider-0]", "aria-valuenow")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(after, before + 2.0);
    for _ in 0..12 {
        page.key_on(&divider, "ArrowRight");
        sleep(Duration::from_millis(5)).await;
    }
    sleep(TICK).await;
    let max: f64 = page
        .attr("[data-testid=divider-0]", "aria-valuenow")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(max, 45.0);
}
