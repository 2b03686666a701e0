//! The harness of the component tests in headless Chromium (tests/browser_*.rs include it with
//! `#[path]`): the App mounted into an element of its own, unmounted and removed on drop, and the
//! DOM events a learner's keyboard and mouse send.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use podplay::ui::app::App;
use podplay::ui::browser::{FILES_KEY, LANG_KEY, TEXT_KEY};
use podplay::ui::theme::THEME_KEY;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, EventTarget, KeyboardEvent, KeyboardEventInit};
use yew::platform::time::sleep;
use yew::AppHandle;

/// Enough for a render and its effects.
pub const TICK: Duration = Duration::from_millis(30);

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Forgets what an earlier test saved (language, editor text, theme).
pub fn clear_saved_state() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    for key in [LANG_KEY, TEXT_KEY, FILES_KEY, THEME_KEY] {
        storage.remove_item(key).unwrap();
    }
}

/// The App mounted into its own element.
pub struct Mounted {
    pub root: Element,
    handle: Option<AppHandle<App>>,
}

impl Mounted {
    /// Mounts the App (with whatever is saved) and lets its first render settle.
    pub async fn new() -> Mounted {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let handle = yew::Renderer::<App>::with_root(root.clone()).render();
        sleep(TICK).await;
        Mounted {
            root,
            handle: Some(handle),
        }
    }

    pub fn query(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn query_all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into().ok())
            .collect()
    }

    /// The text of every element `selector` matches, in document order.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        self.query_all(selector)
            .iter()
            .map(|e| e.text_content().unwrap_or_default())
            .collect()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

/// A `keydown` of `key` (with Ctrl when `ctrl`) on `target`, bubbling as a real one does.
pub fn key_down(target: &EventTarget, key: &str, ctrl: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// A bubbling, cancelable event of `kind` (`click` on HTML or SVG, `input`, `change`).
pub fn fire(target: &EventTarget, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}
