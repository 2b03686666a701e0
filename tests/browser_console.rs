//! Component tests of the console panel, in headless Chromium: the page is mounted into a fresh
//! element and the console is driven by key presses on its input line, as a learner drives it.
//! The panel's DOM-free model is tested natively (tests/session_parts.rs).
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test
//! browser_console`
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::platform::time::sleep;

#[path = "common/browser.rs"]
mod browser;
use browser::{clear_saved_state, key_down, Mounted, TICK};

wasm_bindgen_test_configure!(run_in_browser);

/// The App mounted with nothing saved, driven through its console.
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

    fn input(&self) -> HtmlInputElement {
        self.find("[data-testid=console-input]")
            .expect("the console input is shown")
            .dyn_into()
            .unwrap()
    }

    /// The scrollback, one string per line (as the learner reads it).
    fn lines(&self) -> Vec<String> {
        self.texts("[data-testid=console-line]")
    }

    fn error_lines(&self) -> Vec<String> {
        self.texts(".console-line.err")
    }

    /// Presses `key` on the input line (with Ctrl when `ctrl`).
    fn press(&self, key: &str, ctrl: bool) {
        key_down(&self.input(), key, ctrl);
    }

    /// Types `line` into the input and presses Enter, then gives the page (up to 3 s on a busy
    /// machine) to echo it.
    async fn run(&self, line: &str) {
        self.input().set_value(line);
        self.press("Enter", false);
        let echo = format!("$ {line}");
        for _ in 0..100 {
            sleep(TICK).await;
            if self.lines().contains(&echo) {
                break;
            }
        }
    }

    /// Waits (up to 3 s) until a scrollback line satisfies `pred`.
    async fn wait_for_line(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        for _ in 0..100 {
            if let Some(l) = self.lines().into_iter().find(|l| pred(l)) {
                return l;
            }
            sleep(TICK).await;
        }
        panic!("no console line {what}; lines: {:?}", self.lines());
    }
}

#[wasm_bindgen_test]
async fn the_panel_greets_with_minikube_start_and_help() {
    // Pins the welcome line (from the translation table) and the accessible structure.
    let page = Page::mount().await;
    let lines = page.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("minikube start"), "{lines:?}");
    assert!(lines[0].contains("help"), "{lines:?}");
    let log = page.find("[data-testid=console-log]").unwrap();
    assert_eq!(log.get_attribute("role").as_deref(), Some("log"));
    assert_eq!(log.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(log.get_attribute("aria-label").is_some());
    let prompt = page.find("[data-testid=console-prompt]").unwrap();
    assert_eq!(
        prompt.get_attribute("for").as_deref(),
        Some("console-input")
    );
    assert!(prompt.text_content().unwrap().starts_with("$ "));
}

#[wasm_bindgen_test]
async fn minikube_start_prints_done_after_the_echoed_line() {
    // Pins Enter: the line is echoed after its prompt, minikube's output follows, input clears.
    let page = Page::mount().await;
    page.run("minikube start").await;
    let lines = page.lines();
    assert_eq!(lines[1], "$ minikube start");
    page.wait_for_line("with Done!", |l| {
        l == "🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default"
    })
    .await;
    assert_eq!(page.input().value(), "");
}

#[wasm_bindgen_test]
async fn help_prints_the_command_summary() {
    // Pins `help`: podplay's own help text reaches the scrollback line by line.
    let page = Page::mount().await;
    page.run("help").await;
    let lines = page.lines();
    assert_eq!(lines[1], "$ help");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("podplay console: a simulated minikube cluster")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start().starts_with("minikube start | status")),
        "{lines:?}"
    );
}

#[wasm_bindgen_test]
async fn arrow_up_recalls_the_previous_line_and_down_returns_to_the_draft() {
    // Pins ↑/↓: newest first, and the half-typed line comes back after the newest entry.
    let page = Page::mount().await;
    page.run("help").await;
    page.run("minikube status").await;
    page.input().set_value("kub");
    page.press("ArrowUp", false);
    assert_eq!(page.input().value(), "minikube status");
    page.press("ArrowUp", false);
    assert_eq!(page.input().value(), "help");
    page.press("ArrowUp", false);
    assert_eq!(page.input().value(), "help");
    page.press("ArrowDown", false);
    assert_eq!(page.input().value(), "minikube status");
    page.press("ArrowDown", false);
    assert_eq!(page.input().value(), "kub");
}

#[wasm_bindgen_test]
async fn an_unknown_command_prints_command_not_found_in_the_error_colour() {
    // Pins stderr: the shell's message, styled as an error line.
    let page = Page::mount().await;
    page.run("foo").await;
    assert_eq!(
        page.error_lines(),
        vec!["bash: foo: command not found".to_string()]
    );
}

#[wasm_bindgen_test]
async fn tab_completes_kubectl_ge_to_get() {
    // Pins Tab with one candidate: the word is filled in, a space follows, nothing is printed.
    let page = Page::mount().await;
    page.input().set_value("kubectl ge");
    page.press("Tab", false);
    sleep(TICK).await;
    assert_eq!(page.input().value(), "kubectl get ");
    assert_eq!(page.lines().len(), 1, "{:?}", page.lines());
}

#[wasm_bindgen_test]
async fn tab_with_several_candidates_lists_them_and_keeps_the_line() {
    // Pins Tab with several candidates: echoed line, the candidates in columns, line kept.
    let page = Page::mount().await;
    page.input().set_value("kubectl de");
    page.press("Tab", false);
    sleep(TICK).await;
    assert_eq!(page.input().value(), "kubectl de");
    let lines = page.lines();
    assert_eq!(
        lines[1..],
        ["$ kubectl de", "delete    describe"],
        "{lines:?}"
    );
}

#[wasm_bindgen_test]
async fn ctrl_c_on_an_idle_line_abandons_it_as_a_shell_does() {
    // Pins Ctrl-C when nothing runs: `$ line^C`, an empty input, nothing run or remembered.
    let page = Page::mount().await;
    page.input().set_value("kubectl get po");
    page.press("c", true);
    sleep(TICK).await;
    assert_eq!(page.lines().last().unwrap(), "$ kubectl get po^C");
    assert_eq!(page.input().value(), "");
    page.press("ArrowUp", false);
    assert_eq!(page.input().value(), "");
}

#[wasm_bindgen_test]
async fn ctrl_l_clears_the_scrollback_and_keeps_the_line() {
    // Pins Ctrl-L: the screen empties, the line being typed stays.
    let page = Page::mount().await;
    page.run("help").await;
    page.input().set_value("minikube");
    page.press("l", true);
    sleep(TICK).await;
    assert!(page.lines().is_empty(), "{:?}", page.lines());
    assert_eq!(page.input().value(), "minikube");
}

#[wasm_bindgen_test]
async fn sleep_runs_as_a_command_with_a_stop_button_that_interrupts_it() {
    // Pins the running state: input replaced by Stop, which Ctrl-C ends with `^C`.
    let page = Page::mount().await;
    page.run("minikube start").await;
    page.run("sleep 3600").await;
    let panel = page.find("[data-testid=console-panel]").unwrap();
    assert_eq!(panel.get_attribute("data-busy").as_deref(), Some("true"));
    assert!(page.find("[data-testid=console-input]").is_none());
    let stop = page.find("[data-testid=console-stop]").unwrap();
    stop.dyn_into::<HtmlElement>().unwrap().click();
    sleep(TICK).await;
    assert_eq!(panel.get_attribute("data-busy").as_deref(), Some("false"));
    assert_eq!(page.lines().last().unwrap(), "^C");
    assert_eq!(page.input().value(), "");
}

#[wasm_bindgen_test]
async fn console_text_is_shown_as_text_never_as_html() {
    // Pins text-only rendering: markup typed at the prompt stays visible characters.
    let page = Page::mount().await;
    page.run("<img src=x onerror=alert(1)>").await;
    assert!(page.find(".console-log img").is_none());
    assert_eq!(page.lines()[1], "$ <img src=x onerror=alert(1)>");
}
