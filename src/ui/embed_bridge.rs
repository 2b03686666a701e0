//! The page's side of the embedding API: while podplay runs in a frame, the page around it
//! (the parent window) can drive it with `postMessage` and hears back what happened (the
//! protocol: [`crate::session::embed_api`]). Only the parent window is listened to, and only
//! from the origins `?origin=a,b` allows when it is given; anything else is ignored without a
//! word. Every browser call fails soft.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};
use yew::prelude::*;

use super::browser;
use super::store::{Store, Topic};
use crate::session::embed_api::{self, Bridge};

/// What the page knows about the window around it.
struct Link {
    parent: Window,
    /// `?origin=`: the only origins listened to (empty: any).
    allowed: Vec<String>,
    /// The parent's origin, once a message from it was accepted.
    origin: Option<String>,
    /// Where `ready` and `resize` go before that.
    guess: String,
    bridge: Bridge,
    height: u32,
}

impl Link {
    /// Posts `msg` (a JSON text) to the parent as an object; before the parent's origin is
    /// known only when `early` (`ready`, `resize`).
    fn post(&self, msg: &str, early: bool) {
        let target = match (&self.origin, early) {
            (Some(o), _) => o.as_str(),
            (None, true) => self.guess.as_str(),
            (None, false) => return,
        };
        let data = js_sys::JSON::parse(msg).unwrap_or_else(|_| JsValue::from_str(msg));
        let _ = self.parent.post_message(&data, target);
    }

    /// Tells the content's height when it changed.
    fn resize(&mut self, height: u32) {
        if height > 0 && height != self.height {
            self.height = height;
            self.post(&embed_api::resize(height), true);
        }
    }
}

/// The window around this page, when it runs in a frame.
fn parent_window(window: &Window) -> Option<Window> {
    let parent = window.parent().ok().flatten()?;
    (!js_sys::Object::is(parent.as_ref(), window.as_ref())).then_some(parent)
}

/// The origin a message may be sent to before the parent spoke: the one `origin=` allows,
/// else the referrer's, else any.
fn first_guess(allowed: &[String]) -> String {
    if let [only] = allowed {
        return only.clone();
    }
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| embed_api::origin_of(&d.referrer()))
        .unwrap_or_else(|| "*".to_string())
}

/// A message's data as JSON text (an object is stringified).
fn data_text(data: &JsValue) -> String {
    if let Some(s) = data.as_string() {
        return s;
    }
    js_sys::JSON::stringify(data)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Tells the parent what changed since it was last told.
fn poll(store: &Store, link: &Rc<RefCell<Link>>) {
    let Ok(mut l) = link.try_borrow_mut() else {
        return;
    };
    let out = store.read(|s| l.bridge.poll(s)).unwrap_or_default();
    for msg in out {
        l.post(&msg, false);
    }
}

/// A message event: from the parent and an allowed origin, it is handled and answered.
fn on_message(store: &Store, link: &Rc<RefCell<Link>>, event: &MessageEvent) {
    let intents = {
        let Ok(mut l) = link.try_borrow_mut() else {
            return;
        };
        let from_parent = event
            .source()
            .is_some_and(|s| js_sys::Object::is(s.as_ref(), l.parent.as_ref()));
        let origin = event.origin();
        if !from_parent || (!l.allowed.is_empty() && !l.allowed.contains(&origin)) {
            return;
        }
        if l.origin.is_none() {
            // An opaque origin (`null`) cannot be named as a target.
            l.origin = Some(if origin == "null" { "*".into() } else { origin });
        }
        let text = data_text(&event.data());
        let Some((intents, replies)) = store.read(|s| l.bridge.handle(&text, s)) else {
            return;
        };
        for r in replies {
            l.post(&r, false);
        }
        intents
    };
    for intent in intents {
        store.run(intent);
    }
    poll(store, link);
}

/// The height of the page's content (CSS pixels).
fn content_height(el: &web_sys::Element) -> u32 {
    u32::try_from(el.scroll_height()).unwrap_or(0)
}

/// Everything the bridge keeps alive while mounted; dropping it stops listening.
struct Running {
    store: Store,
    _listener: EventListener,
    subscriptions: Vec<u64>,
    observer: Option<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        for id in &self.subscriptions {
            self.store.unsubscribe(*id);
        }
        if let Some((ro, _)) = &self.observer {
            ro.disconnect();
        }
    }
}

/// Starts the bridge when the page runs in a frame.
fn start(store: Store) -> Option<Running> {
    let window = web_sys::window()?;
    let parent = parent_window(&window)?;
    let allowed = browser::query_param("origin")
        .map(|p| embed_api::origins(&p))
        .unwrap_or_default();
    let bridge = store.read(Bridge::new)?;
    let link = Rc::new(RefCell::new(Link {
        parent,
        guess: first_guess(&allowed),
        allowed,
        origin: None,
        bridge,
        height: 0,
    }));
    let listener = {
        let (store, link) = (store.clone(), Rc::clone(&link));
        EventListener::new(&window, "message", move |e| {
            if let Some(e) = e.dyn_ref::<MessageEvent>() {
                on_message(&store, &link, e);
            }
        })
    };
    let subscriptions = [Topic::Cluster, Topic::Console]
        .into_iter()
        .map(|topic| {
            let (s, link) = (store.clone(), Rc::clone(&link));
            store.subscribe(topic, Rc::new(move || poll(&s, &link)))
        })
        .collect();
    if let Ok(l) = link.try_borrow() {
        l.post(&embed_api::ready(), true);
    }
    let observer = window
        .document()
        .and_then(|d| {
            d.query_selector(".app, .embed")
                .ok()
                .flatten()
                .or(d.body().map(Into::into))
        })
        .and_then(|el| observe_height(&el, &link));
    Some(Running {
        store,
        _listener: listener,
        subscriptions,
        observer,
    })
}

/// Tells the parent the height of `el` now and whenever it changes.
fn observe_height(
    el: &web_sys::Element,
    link: &Rc<RefCell<Link>>,
) -> Option<(web_sys::ResizeObserver, Closure<dyn FnMut()>)> {
    let (target, link) = (el.clone(), Rc::clone(link));
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        if let Ok(mut l) = link.try_borrow_mut() {
            l.resize(content_height(&target));
        }
    });
    let ro = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
    ro.observe(el);
    Some((ro, on_resize))
}

/// The embedding API, active while the page runs in a frame (see the module's note); draws
/// nothing.
#[component]
pub fn EmbedBridge() -> Html {
    let store = use_context::<Store>();
    use_effect_with((), move |()| {
        let running = store.and_then(start);
        move || drop(running)
    });
    Html::default()
}
