//! The page's one store: a [`Session`] (the whole playground, pure) behind a handle that
//! components get from context. Components call intents on it and read view models from it;
//! only the store borrows the session mutably, and after each intent it tells the components
//! that draw what changed ([`Topic`]). The session is not Yew state, so a whole cluster is
//! never cloned or compared.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Lang;
use crate::session::view::EditorView;
use crate::session::{Changed, Intent, Session, CLUSTER_PHASES};

/// What a component draws, so when it is redrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// The editor, its diagnostics and object list, and everything that shows the language.
    Editor,
    /// The console's scrollback and prompt.
    Console,
    /// The scene, every frame something moves.
    Scene,
    /// Everything else read from the cluster: time, events, DNS, traffic counts, selection.
    Cluster,
    /// Cluster panels whose every redraw moves many elements (the event list, the buttons over
    /// a big scene): while time runs, only on some of the cluster redraws.
    ClusterSlow,
}

/// A subscription: its id, what it draws, the frame of a spread redraw it is drawn on, and
/// how to tell it.
type Subscriber = (u64, Topic, u8, Rc<dyn Fn()>);

#[derive(Default)]
struct Subscribers {
    list: Vec<Subscriber>,
    next: u64,
    next_slow: u64,
}

/// The shared handle, compared by identity.
#[derive(Clone)]
pub struct Store {
    session: Rc<RefCell<Session>>,
    subscribers: Rc<RefCell<Subscribers>>,
}

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
    }
}

impl Store {
    #[must_use]
    pub fn new(session: Session) -> Store {
        Store {
            session: Rc::new(RefCell::new(session)),
            subscribers: Rc::new(RefCell::new(Subscribers::default())),
        }
    }

    /// Does what `intent` asks and redraws what it changed.
    pub fn dispatch(&self, intent: Intent) {
        self.run(intent);
    }

    /// Does what `intent` asks, redraws what it changed and says what that was.
    pub fn run(&self, intent: Intent) -> Changed {
        let changed = self.with(|s| s.dispatch(intent)).unwrap_or_default();
        self.notify(changed);
        changed
    }

    /// Reads the session (`None` only while it is being changed).
    pub fn read<R>(&self, f: impl FnOnce(&Session) -> R) -> Option<R> {
        self.session.try_borrow().ok().map(|s| f(&s))
    }

    fn with<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        self.session.try_borrow_mut().ok().map(|mut s| f(&mut s))
    }

    #[must_use]
    pub fn lang(&self) -> Lang {
        self.read(Session::lang).unwrap_or_default()
    }

    /// The editor's view model.
    #[must_use]
    pub fn editor(&self) -> Option<EditorView> {
        self.read(Session::editor_view)
    }

    /// A paste into the console's input (see [`Session::paste`]).
    pub fn paste(&self, typed: &str, text: &str) -> Option<String> {
        let rest = self.with(|s| s.paste(typed, text)).flatten();
        self.notify(Changed::ALL);
        rest
    }

    /// Tab on the console's input.
    pub fn complete(&self, line: &str) -> Option<String> {
        let filled = self.with(|s| s.complete(line)).flatten();
        self.notify(Changed::ALL);
        filled
    }

    /// ↑ / ↓ on the console's input.
    pub fn recall(&self, up: bool, current: &str) -> Option<String> {
        self.with(|s| {
            if up {
                s.recall_up(current)
            } else {
                s.recall_down()
            }
        })
        .flatten()
    }

    /// The animation frame at wall time `wall_ms`: the motion moves on; the scene redraws when
    /// it looks any different.
    pub fn animate(&self, wall_ms: f64) {
        if self.with(|s| s.animate(wall_ms)).unwrap_or(false) {
            self.notify(Changed::SCENE);
        }
    }

    /// Subscribes `f` to `topic`; returns the id to unsubscribe with.
    pub(crate) fn subscribe(&self, topic: Topic, f: Rc<dyn Fn()>) -> u64 {
        let Ok(mut subs) = self.subscribers.try_borrow_mut() else {
            return 0;
        };
        subs.next += 1;
        // Each panel draws on a frame of its own; the slow ones are spread among themselves.
        let n = if topic == Topic::ClusterSlow {
            subs.next_slow += 1;
            subs.next_slow
        } else {
            subs.next
        };
        let phase = u8::try_from(n % u64::from(CLUSTER_PHASES)).unwrap_or(0);
        let id = subs.next;
        subs.list.push((id, topic, phase, f));
        id
    }

    pub(crate) fn unsubscribe(&self, id: u64) {
        if let Ok(mut subs) = self.subscribers.try_borrow_mut() {
            subs.list.retain(|(i, _, _, _)| *i != id);
        }
    }

    /// Runs every listener of `changed` (outside any borrow).
    pub(crate) fn notify(&self, changed: Changed) {
        if !changed.any() {
            return;
        }
        let listeners: Vec<Rc<dyn Fn()>> = match self.subscribers.try_borrow() {
            Ok(subs) => subs
                .list
                .iter()
                .filter(|(_, t, phase, _)| match t {
                    Topic::Editor => changed.editor,
                    Topic::Console => changed.console,
                    Topic::Scene => changed.scene,
                    Topic::Cluster => changed.cluster || changed.cluster_phase == Some(*phase),
                    Topic::ClusterSlow => {
                        changed.cluster || (changed.slow && changed.cluster_phase == Some(*phase))
                    }
                })
                .map(|(_, _, _, f)| Rc::clone(f))
                .collect(),
            Err(_) => return,
        };
        for f in listeners {
            f();
        }
    }
}

/// The store from context, re-rendering the caller whenever `topic` changed.
#[hook]
pub fn use_session(topic: Topic) -> Option<Store> {
    let store = use_context::<Store>();
    let force = use_force_update();
    {
        let store = store.clone();
        use_effect_with((), move |()| {
            let id = store
                .as_ref()
                .map(|s| s.subscribe(topic, Rc::new(move || force.force_update())));
            move || {
                if let (Some(store), Some(id)) = (store, id) {
                    store.unsubscribe(id);
                }
            }
        });
    }
    store
}

/// The store for the editor's panels (redrawn when the text, its analysis or the language
/// changed).
#[hook]
pub fn use_store() -> Option<Store> {
    use_session(Topic::Editor)
}

/// A shared value compared by identity, for props holding large data (an analysis) that is
/// replaced, never mutated.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
