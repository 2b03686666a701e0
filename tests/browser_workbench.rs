//! Component tests of the manifest workbench, in headless Chromium: the page is mounted into a
//! fresh element and driven through the DOM as a learner would drive it. Also the store's
//! reducer and the position arithmetic, which are wasm32-only because the `ui` module is.
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test
//! browser_workbench`
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use podplay::examples;
use podplay::i18n::{t, Lang};
use podplay::session::editor::Stored;
use podplay::ui::browser::{self as page_store, FILES_KEY, LANG_KEY, TEXT_KEY};
use podplay::ui::text_pos::utf16_offset;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::time::sleep;

#[path = "common/browser.rs"]
mod browser;
use browser::{clear_saved_state, document, fire, key_down, Mounted, TICK};

wasm_bindgen_test_configure!(run_in_browser);

/// Longer than the debounce (150 ms) plus an analysis of a small text.
const AFTER_DEBOUNCE: Duration = Duration::from_millis(400);
/// The App mounted with what is saved (a test clears it first when it needs a fresh page).
struct Page(Mounted);

impl std::ops::Deref for Page {
    type Target = Mounted;
    fn deref(&self) -> &Mounted {
        &self.0
    }
}

impl Page {
    async fn mount() -> Page {
        let page = Page(Mounted::new().await);
        // The first render's effects put the text into the editor; under load (the page also
        // starts its animation loop) that can take longer than one tick.
        for _ in 0..100 {
            if !page.editor().value().is_empty() {
                break;
            }
            sleep(TICK).await;
        }
        page
    }

    fn find(&self, selector: &str) -> Element {
        self.query(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn find_all(&self, selector: &str) -> Vec<Element> {
        self.query_all(selector)
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector).text_content().unwrap_or_default()
    }

    fn editor(&self) -> HtmlTextAreaElement {
        self.find("[data-testid=editor]").dyn_into().unwrap()
    }

    fn picker(&self) -> HtmlSelectElement {
        self.find("[data-testid=example-picker]")
            .dyn_into()
            .unwrap()
    }

    fn click(&self, selector: &str) {
        self.find(selector)
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    }

    /// Replaces the editor text as typing does (the value, then a bubbling `input` event).
    fn type_text(&self, text: &str) {
        let editor = self.editor();
        editor.set_value(text);
        fire(&editor, "input");
    }

    fn pick(&self, value: &str) {
        let picker = self.picker();
        picker.set_value(value);
        fire(&picker, "change");
    }
}

const TYPO_REPLICA: &str = include_str!("../fixtures/manifests/typo-replica.yaml");

#[wasm_bindgen_test]
async fn seed_shows_four_objects_and_no_errors() {
    // Pins the first-load state: all three seed files, analyzed, picker on "all".
    clear_saved_state();
    let page = Page::mount().await;
    assert_eq!(page.editor().value(), examples::all_together());
    assert_eq!(page.find_all("[data-testid=object-item]").len(), 4);
    assert_eq!(page.text("[data-testid=error-count]"), "0");
    assert_eq!(page.text("[data-testid=warning-count]"), "0");
    assert_eq!(page.picker().value(), "all");
    assert!(page.find_all("[data-testid=diagnostic]").is_empty());
    assert_eq!(
        page.text("[data-testid=diagnostics] .empty"),
        t(Lang::En, "ui.no.problems")
    );
    let items: Vec<String> = page
        .find_all("[data-testid=object-item] summary")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert!(
        items
            .iter()
            .any(|s| s.contains("Service") && s.contains("default/nginx")),
        "{items:?}"
    );
    assert!(
        items
            .iter()
            .any(|s| s.contains("StatefulSet") && s.contains("default/web")),
        "{items:?}"
    );
}

#[wasm_bindgen_test]
async fn switching_to_korean_renders_korean_and_is_saved() {
    // Pins that every string goes through i18n and the choice reaches <html lang> and storage.
    clear_saved_state();
    let page = Page::mount().await;
    page.click("[data-testid=lang-ko]");
    sleep(TICK).await;
    assert_eq!(page.text(".tagline"), t(Lang::Ko, "ui.tagline"));
    assert_eq!(
        page.text("#diagnostics-heading"),
        t(Lang::Ko, "ui.diagnostics")
    );
    assert_eq!(page.text("#objects-heading"), t(Lang::Ko, "ui.objects"));
    assert_eq!(
        page.editor().get_attribute("aria-label").unwrap(),
        t(Lang::Ko, "ui.editor.label")
    );
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .unwrap(),
        "ko"
    );
    assert_eq!(
        page.find("[data-testid=lang-ko]")
            .get_attribute("aria-pressed")
            .unwrap(),
        "true"
    );
    assert_eq!(
        page.find("[data-testid=lang-en]")
            .get_attribute("aria-pressed")
            .unwrap(),
        "false"
    );
    assert_eq!(page_store::load(LANG_KEY).as_deref(), Some("ko"));

    page.click("[data-testid=lang-en]");
    sleep(TICK).await;
    assert_eq!(page.text(".tagline"), t(Lang::En, "ui.tagline"));
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .unwrap(),
        "en"
    );
}

#[wasm_bindgen_test]
async fn typing_revalidates_after_a_pause_and_saves_the_text() {
    // Pins the debounce: no analysis mid-typing, one after the pause, and the text saved.
    clear_saved_state();
    let page = Page::mount().await;
    page.type_text(TYPO_REPLICA);
    sleep(TICK).await;
    assert_eq!(page.picker().value(), "custom");
    assert_eq!(
        page.find_all("[data-testid=object-item]").len(),
        4,
        "analysis is debounced"
    );

    sleep(AFTER_DEBOUNCE).await;
    assert_eq!(page.find_all("[data-testid=object-item]").len(), 1);
    assert_eq!(page.text("[data-testid=error-count]"), "1");
    let diagnostic = page.find("[data-testid=diagnostic]");
    assert_eq!(diagnostic.get_attribute("data-line").unwrap(), "6");
    assert_eq!(diagnostic.get_attribute("data-col").unwrap(), "3");
    assert_eq!(diagnostic.get_attribute("data-severity").unwrap(), "error");
    let text = diagnostic.text_content().unwrap_or_default();
    assert!(text.starts_with("6:3"), "{text}");
    assert!(text.contains("unknown field \"spec.replica\""), "{text}");
    let stored: Stored = serde_json::from_str(&page_store::load(FILES_KEY).unwrap()).unwrap();
    assert_eq!(stored.active, 0);
    assert_eq!(
        stored.files[0],
        ("editor.yaml".to_string(), TYPO_REPLICA.to_string())
    );
    assert_eq!(
        page.find(".object-item.invalid .badge.error")
            .text_content()
            .unwrap_or_default(),
        "errors: 1"
    );
}

#[wasm_bindgen_test]
async fn clicking_a_diagnostic_puts_the_caret_at_its_utf16_offset() {
    // Pins line:col → selection offset across Korean text and an astral-plane emoji (two UTF-16
    // units), plus the gutter mark.
    clear_saved_state();
    let page = Page::mount().await;
    let text = "# 한국어 주석 😀\napiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: 😀😀}, name: 😀😀}\ndata: {k: v}\n";
    page.type_text(text);
    sleep(AFTER_DEBOUNCE).await;
    let diagnostic = page
        .find_all("[data-testid=diagnostic]")
        .into_iter()
        .filter(|d| d.get_attribute("data-line").as_deref() == Some("4"))
        // The one right of the emoji: metadata.name.
        .max_by_key(|d| {
            d.get_attribute("data-col")
                .and_then(|c| c.parse::<u32>().ok())
        })
        .unwrap_or_else(|| {
            panic!(
                "a diagnostic on line 4; got {}",
                page.text("[data-testid=diagnostics]")
            )
        });
    let col: usize = diagnostic
        .get_attribute("data-col")
        .unwrap()
        .parse()
        .unwrap();

    // Independently of the code under test: UTF-16 length of everything before the place.
    let line_start = text.match_indices('\n').nth(2).unwrap().0 + 1;
    let in_line: String = text[line_start..].chars().take(col - 1).collect();
    let expected = text[..line_start].encode_utf16().count() + in_line.encode_utf16().count();

    diagnostic.dyn_into::<HtmlElement>().unwrap().click();
    sleep(TICK).await;
    let editor = page.editor();
    assert_eq!(
        editor.selection_start().unwrap(),
        Some(u32::try_from(expected).unwrap())
    );
    assert_eq!(document().active_element().unwrap(), editor.clone().into());
    assert_eq!(page.text(".gutter-mark"), "4");
}

#[wasm_bindgen_test]
async fn picking_an_example_loads_and_analyzes_it_at_once() {
    // Pins the picker: text replaced, analysis without waiting for the debounce.
    clear_saved_state();
    let page = Page::mount().await;
    page.pick("statefulset");
    sleep(TICK).await;
    assert_eq!(page.editor().value(), examples::STATEFULSET);
    assert_eq!(page.picker().value(), "statefulset");
    assert_eq!(page.find_all("[data-testid=object-item]").len(), 1);
    // A lone StatefulSet names a Service that is not there: one warning, no error.
    assert_eq!(page.text("[data-testid=error-count]"), "0");
}

#[wasm_bindgen_test]
async fn an_expanded_object_marks_defaulted_lines() {
    // Pins the effective YAML: built on expanding, with the defaulted lines marked.
    clear_saved_state();
    let page = Page::mount().await;
    assert!(
        page.find_all(".yaml-line").is_empty(),
        "closed items build no YAML"
    );
    page.click("[data-testid=object-item] summary");
    sleep(TICK).await;
    let lines = page.find_all("[data-testid=object-item] .yaml-line");
    assert!(!lines.is_empty());
    let defaulted: Vec<String> = page
        .find_all("[data-testid=object-item] .yaml-line.default")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert!(
        defaulted.iter().any(|l| l.trim() == "namespace: default"),
        "{defaulted:?}"
    );
    assert!(
        defaulted.iter().any(|l| l.trim() == "protocol: TCP"),
        "{defaulted:?}"
    );
    assert!(defaulted.len() < lines.len());
}

#[wasm_bindgen_test]
async fn an_expanded_object_stays_open_while_lines_above_it_change() {
    // Pins the item keys: they name the object, not its line, so editing above keeps it open.
    clear_saved_state();
    let page = Page::mount().await;
    page.click("[data-testid=object-item] summary");
    sleep(TICK).await;
    assert_eq!(
        page.find_all("[data-testid=object-item] details[open]")
            .len(),
        1
    );
    page.type_text(&format!("# a comment\n\n{}", examples::all_together()));
    sleep(AFTER_DEBOUNCE).await;
    let open = page.find_all("[data-testid=object-item] details[open] summary");
    assert_eq!(open.len(), 1);
    assert!(open[0]
        .text_content()
        .unwrap_or_default()
        .contains("default/nginx"));
    assert!(!page.find_all(".yaml-line").is_empty());
}

#[wasm_bindgen_test]
async fn saved_text_and_language_are_restored() {
    // Pins reload: the saved text and language come back; an edited text shows as "custom".
    clear_saved_state();
    page_store::save(TEXT_KEY, TYPO_REPLICA);
    page_store::save(LANG_KEY, "ko");
    let page = Page::mount().await;
    assert_eq!(page.editor().value(), TYPO_REPLICA);
    assert_eq!(page.picker().value(), "custom");
    assert_eq!(page.text(".tagline"), t(Lang::Ko, "ui.tagline"));
    assert_eq!(page.text("[data-testid=error-count]"), "1");
    drop(page);
    clear_saved_state();
}

#[wasm_bindgen_test]
async fn manifest_text_is_never_parsed_as_html() {
    // Pins text-only rendering of names quoted in messages.
    clear_saved_state();
    let page = Page::mount().await;
    page.type_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"<img src=x onerror=alert(1)>\"\n",
    );
    sleep(AFTER_DEBOUNCE).await;
    assert!(page
        .text("[data-testid=diagnostics]")
        .contains("<img src=x"));
    assert!(page.find_all("img").is_empty());
}

#[wasm_bindgen_test]
fn the_page_language_follows_the_browser() {
    // Pins the browser's language choice.
    assert_eq!(page_store::lang_for_browser("ko-KR"), Lang::Ko);
    assert_eq!(page_store::lang_for_browser("en-US"), Lang::En);
}

#[wasm_bindgen_test]
fn offsets_count_utf16_units() {
    // Pins the line:col arithmetic, including clamping past the end.
    let text = "ab\n한국\n😀x\n";
    assert_eq!(utf16_offset(text, 1, 1), 0);
    assert_eq!(utf16_offset(text, 2, 1), 3);
    assert_eq!(utf16_offset(text, 2, 3), 5);
    assert_eq!(utf16_offset(text, 3, 2), 8, "the emoji is two units");
    assert_eq!(utf16_offset(text, 3, 99), 9, "clamped to the line's end");
    assert_eq!(utf16_offset(text, 99, 1), 10, "clamped to the text's end");
}

fn tab_names(page: &Page) -> Vec<String> {
    page.find_all("[data-testid=file-tab]")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

fn click_nth(page: &Page, selector: &str, n: usize) {
    page.find_all(selector)[n]
        .clone()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

#[wasm_bindgen_test]
async fn file_tabs_show_add_rename_and_close_files() {
    // Pins the tabs: the first load's files, a tab shows its file, + opens the new file's
    // name for typing, a refused name stays open with its reason, × closes, Undo brings back.
    clear_saved_state();
    let page = Page::mount().await;
    assert_eq!(
        tab_names(&page),
        [
            "editor.yaml",
            "headless-service.yaml",
            "statefulset.yaml",
            "deployment-service.yaml"
        ]
    );
    click_nth(&page, "[data-testid=file-tab]", 2);
    sleep(TICK).await;
    assert_eq!(page.editor().value(), examples::STATEFULSET);
    assert_eq!(page.picker().value(), "statefulset");
    assert_eq!(page.find_all("[data-testid=object-item]").len(), 1);

    page.click("[data-testid=file-add]");
    sleep(TICK).await;
    let input: HtmlInputElement = page
        .find("[data-testid=file-name-input]")
        .dyn_into()
        .unwrap();
    assert_eq!(input.value(), "untitled.yaml");
    assert_eq!(document().active_element().unwrap(), input.clone().into());
    assert_eq!(page.editor().value(), "");
    input.set_value("statefulset.yaml");
    key_down(&input, "Enter", false);
    sleep(TICK).await;
    assert_eq!(
        page.text("[data-testid=file-name-error]"),
        t(Lang::En, "ui.file.error.taken")
    );
    input.set_value("zookeeper.yaml");
    key_down(&input, "Enter", false);
    sleep(TICK).await;
    assert!(page.query("[data-testid=file-name-input]").is_none());
    assert_eq!(tab_names(&page)[4], "zookeeper.yaml");
    page.type_text("kind: Pod\n");
    sleep(AFTER_DEBOUNCE).await;
    let stored: Stored = serde_json::from_str(&page_store::load(FILES_KEY).unwrap()).unwrap();
    assert_eq!(stored.active, 4);
    assert_eq!(
        stored.files[4],
        ("zookeeper.yaml".to_string(), "kind: Pod\n".to_string())
    );

    // × on the file shown: the one before it is shown; Undo brings it back.
    click_nth(&page, "[data-testid=file-close]", 4);
    sleep(TICK).await;
    assert_eq!(tab_names(&page).len(), 4);
    assert_eq!(page.editor().value(), examples::DEPLOYMENT_SERVICE);
    page.click("[data-testid=example-undo]");
    sleep(TICK).await;
    assert_eq!(tab_names(&page)[4], "zookeeper.yaml");
    assert_eq!(page.editor().value(), "kind: Pod\n");
    assert!(page.query("[data-testid=files-notice]").is_none());
    drop(page);
    clear_saved_state();
}

#[wasm_bindgen_test]
async fn an_example_over_hand_edits_offers_undo() {
    // Pins item 9: the hand edits come back exactly.
    clear_saved_state();
    let page = Page::mount().await;
    let mine = format!("{}# mine\n", examples::all_together());
    page.type_text(&mine);
    sleep(TICK).await;
    page.pick("headless");
    sleep(TICK).await;
    assert_eq!(page.editor().value(), examples::HEADLESS_SERVICE);
    assert_eq!(
        page.text("[data-testid=files-notice] .files-notice-text"),
        "The example replaced your edits in editor.yaml."
    );
    page.click("[data-testid=example-undo]");
    sleep(TICK).await;
    assert_eq!(page.editor().value(), mine);
    assert_eq!(page.picker().value(), "custom");
    assert!(page.query("[data-testid=example-undo]").is_none());
    drop(page);
    clear_saved_state();
}
