//! Keeping the editor's files: written soon after every change (at most [`SAVE_MS`] after the
//! first unsaved one, even while typing) and at once when the page is hidden or closed; a
//! record too large for `localStorage` goes to IndexedDB with a marker left behind; a refusal
//! of both is said with a download of the files; a write by another tab stops this one's
//! saving until the learner chooses whose files to keep. The record's format and the
//! decisions are [`crate::session::keep`].

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};
use yew::prelude::*;

use super::browser::{self, FILES_KEY};
use super::store::{use_store, Store};
use crate::i18n::t;
use crate::session::editor::Stored;
use crate::session::keep::{self, Mark, Place, Record, Verdict};
use crate::session::Intent;

/// The longest an edit waits to be written.
pub const SAVE_MS: u32 = 300;
/// Who wrote the files last ([`Mark::encode`]), beside them.
pub const MARK_KEY: &str = "podplay.files.mark";
const DB: &str = "podplay";
const TABLE: &str = "files";

/// What the notice says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// Neither store took the files.
    Refused,
    /// Another tab wrote the files since this one looked.
    Conflict,
}

#[derive(Default)]
struct State {
    /// This tab's id.
    me: String,
    /// The mark this tab last read or wrote.
    base: Option<Mark>,
    /// The editor's `docs_rev` last written (or read).
    saved_rev: u64,
    /// The files are being read from IndexedDB: nothing is written until they are in.
    loading: bool,
    note: Option<Note>,
    show: Option<Callback<Option<Note>>>,
    timer: Option<Timeout>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

fn set_note(note: Option<Note>) {
    let show = with(|s| {
        s.note = note;
        s.show.clone()
    });
    if let Some(show) = show {
        show.emit(note);
    }
}

fn read_mark() -> Option<Mark> {
    browser::load(MARK_KEY).as_deref().and_then(Mark::parse)
}

fn read_record() -> Option<Record> {
    browser::load(FILES_KEY).and_then(|json| serde_json::from_str(&json).ok())
}

/// A new tab's id: the time and a random part, so two tabs opened together differ.
fn tab_id() -> String {
    // Milliseconds since 1970 and a random fraction: both far inside u64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (time, random) = (
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e12) as u64,
    );
    format!("{time:x}-{random:x}")
}

/// Gives this tab its id and notes who wrote the kept files (first, as the page starts).
pub fn init() {
    let base = read_mark();
    with(|s| {
        s.me = tab_id();
        s.base = base;
    });
}

/// The files the page starts with, when the browser kept them in `localStorage`; `None`
/// also while they are in IndexedDB (the page starts with the seed and [`start`] brings them).
#[must_use]
pub fn first_files() -> Option<Stored> {
    let record = read_record();
    let big = record.as_ref().is_some_and(|r| r.big);
    with(|s| s.loading = big);
    record.filter(|r| !r.big).map(Record::stored)
}

/// Listens for the page being hidden or closed (saves at once) and for another tab's writes,
/// and reads the files from IndexedDB when they are there.
pub fn start(store: &Store) {
    let Some(window) = web_sys::window() else {
        return;
    };
    {
        let store = store.clone();
        EventListener::new(&window, "pagehide", move |_| save_now(&store)).forget();
    }
    if let Some(doc) = window.document() {
        let store = store.clone();
        EventListener::new(&doc, "visibilitychange", move |_| {
            if web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.hidden())
            {
                save_now(&store);
            }
        })
        .forget();
    }
    EventListener::new(&window, "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        if e.key() == browser::scoped_key(MARK_KEY) {
            let found = e.new_value().as_deref().and_then(Mark::parse);
            let other = found.is_some() && with(|s| s.base != found);
            if other {
                with(|s| s.timer = None);
                set_note(Some(Note::Conflict));
            }
        }
    })
    .forget();
    if with(|s| s.loading) {
        let store = store.clone();
        load_large(move |stored| {
            with(|s| s.loading = false);
            match stored {
                Some(stored) => restore(&store, stored),
                None => set_note(Some(Note::Refused)),
            }
        });
    }
}

/// Shows `stored` in the editor, as written: nothing to write back.
fn restore(store: &Store, stored: Stored) {
    store.dispatch(Intent::RestoreFiles(stored));
    let rev = store.read(|s| s.editor().docs_rev).unwrap_or_default();
    with(|s| s.saved_rev = rev);
}

/// The files the page starts with are not the kept ones (the first module's edits, handed
/// over): the first look at them saves them.
pub fn unsaved() {
    with(|s| s.saved_rev = u64::MAX);
}

/// The editor's files changed (now at `docs_rev`): a write is due within [`SAVE_MS`].
pub fn changed(store: &Store, docs_rev: u64) {
    let due =
        with(|s| s.timer.is_none() && s.note != Some(Note::Conflict) && s.saved_rev != docs_rev);
    if due {
        let store = store.clone();
        let timer = Timeout::new(SAVE_MS, move || save_now(&store));
        with(|s| s.timer = Some(timer));
    }
}

/// Writes the files now, unless nothing changed, they are still being read, the page keeps
/// nothing (an embed without `keep=`) or another tab wrote since this one looked.
pub fn save_now(store: &Store) {
    with(|s| s.timer = None);
    let Some((rev, files)) = store.read(|s| (s.editor().docs_rev, s.editor().stored())) else {
        return;
    };
    let (me, base, blocked) = with(|s| {
        let blocked = s.loading || s.note == Some(Note::Conflict) || s.saved_rev == rev;
        (s.me.clone(), s.base.clone(), blocked)
    });
    if blocked || browser::scoped_key(FILES_KEY).is_none() {
        return;
    }
    let mark = match keep::decide(&me, base.as_ref(), read_mark().as_ref()) {
        Verdict::Write(mark) => mark,
        Verdict::Conflict => return set_note(Some(Note::Conflict)),
    };
    let record = Record::new(&mark, files);
    let Ok(json) = serde_json::to_string(&record) else {
        return;
    };
    let done = move |ok: bool| {
        if ok && browser::try_save(MARK_KEY, &mark.encode()) {
            with(|s| {
                s.base = Some(mark);
                s.saved_rev = rev;
            });
            if with(|s| s.note == Some(Note::Refused)) {
                set_note(None);
            }
        } else {
            set_note(Some(Note::Refused));
        }
    };
    if keep::place(json.len()) == Place::Small && browser::try_save(FILES_KEY, &json) {
        return done(true);
    }
    let marker = serde_json::to_string(&record.marker()).unwrap_or_default();
    match browser::scoped_key(FILES_KEY) {
        Some(key) => put_large(key, json, move |ok| {
            done(ok && browser::try_save(FILES_KEY, &marker));
        }),
        None => done(false),
    }
}

/// Calls `done` once, with the request's result or `None` when it fails.
fn settle(req: &IdbRequest, done: impl FnOnce(Option<JsValue>) + 'static) {
    let done = Rc::new(RefCell::new(Some(done)));
    let ok = {
        let (done, req) = (Rc::clone(&done), req.clone());
        Closure::once_into_js(move || {
            let f = done.borrow_mut().take();
            if let Some(f) = f {
                f(req.result().ok());
            }
        })
    };
    let fail = Closure::once_into_js(move || {
        let f = done.borrow_mut().take();
        if let Some(f) = f {
            f(None);
        }
    });
    req.set_onsuccess(Some(ok.unchecked_ref()));
    req.set_onerror(Some(fail.unchecked_ref()));
}

/// Opens podplay's database (made on first use); `None` when the browser refuses.
fn open(then: impl FnOnce(Option<IdbDatabase>) + 'static) {
    let req = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .and_then(|f| f.open_with_u32(DB, 1).ok());
    let Some(req) = req else {
        return then(None);
    };
    let made = req.clone();
    let upgrade = Closure::once_into_js(move || {
        if let Some(db) = made
            .result()
            .ok()
            .and_then(|d| d.dyn_into::<IdbDatabase>().ok())
        {
            let _ = db.create_object_store(TABLE);
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    settle(&req, move |db| then(db.and_then(|d| d.dyn_into().ok())));
}

fn put_large(key: String, json: String, then: impl FnOnce(bool) + 'static) {
    open(move |db| {
        let req = db
            .and_then(|db| {
                db.transaction_with_str_and_mode(TABLE, IdbTransactionMode::Readwrite)
                    .ok()
            })
            .and_then(|t| t.object_store(TABLE).ok())
            .and_then(|s| s.put_with_key(&json.into(), &key.into()).ok());
        match req {
            Some(req) => settle(&req, move |r| then(r.is_some())),
            None => then(false),
        }
    });
}

/// Reads the files the marker points at; `None` when they cannot be read.
fn load_large(then: impl FnOnce(Option<Stored>) + 'static) {
    let Some(key) = browser::scoped_key(FILES_KEY) else {
        return then(None);
    };
    open(move |db| {
        let req = db
            .and_then(|db| db.transaction_with_str(TABLE).ok())
            .and_then(|t| t.object_store(TABLE).ok())
            .and_then(|s| s.get(&key.into()).ok());
        let Some(req) = req else {
            return then(None);
        };
        settle(&req, move |r| {
            let record = r
                .and_then(|v| v.as_string())
                .and_then(|json| serde_json::from_str::<Record>(&json).ok());
            then(record.map(Record::stored));
        });
    });
}

/// Load theirs: the files as the other tab wrote them, and this tab saves again.
fn load_theirs(store: &Store) {
    with(|s| s.base = read_mark());
    set_note(None);
    match read_record() {
        Some(record) if record.big => {
            let store = store.clone();
            with(|s| s.loading = true);
            load_large(move |stored| {
                with(|s| s.loading = false);
                match stored {
                    Some(stored) => restore(&store, stored),
                    None => set_note(Some(Note::Refused)),
                }
            });
        }
        Some(record) => restore(store, record.stored()),
        None => {}
    }
}

/// Keep mine: this tab's files written over the other tab's.
fn keep_mine(store: &Store) {
    with(|s| s.base = read_mark());
    set_note(None);
    save_all(store);
}

/// Writes every file now, changed or not (unless another tab wrote since this one looked).
pub fn save_all(store: &Store) {
    with(|s| s.saved_rev = u64::MAX);
    save_now(store);
}

/// The saving notice: a refusal (with a download) or another tab's write (with a choice).
#[component]
pub fn SavingNotice() -> Html {
    let store = use_store();
    let note = use_state(|| with(|s| s.note));
    {
        let note = note.clone();
        use_effect_with((), move |()| {
            with(|s| s.show = Some(Callback::from(move |n| note.set(n))));
            move || with(|s| s.show = None)
        });
    }
    let (Some(store), Some(note)) = (store, *note) else {
        return Html::default();
    };
    let lang = store.lang();
    let button = |testid: &'static str, id: &'static str, act: fn(&Store)| {
        let store = store.clone();
        let onclick = Callback::from(move |_: MouseEvent| act(&store));
        html! {
            <button type="button" class="saving-button" data-testid={testid} {onclick}>
                { t(lang, id) }
            </button>
        }
    };
    let (text, buttons) = match note {
        Note::Refused => (
            "ui.saving.refused",
            button("saving-download", "ui.saving.download", download),
        ),
        Note::Conflict => (
            "ui.saving.conflict",
            html! { <>
                { button("saving-theirs", "ui.saving.theirs", load_theirs) }
                { button("saving-mine", "ui.saving.mine", keep_mine) }
            </> },
        ),
    };
    html! {
        <div class="saving-notice" role="alert" data-testid="saving-notice">
            <span class="saving-notice-text">{ t(lang, text) }</span>
            { buttons }
        </div>
    }
}

/// The files as one YAML file, downloaded.
fn download(store: &Store) {
    if let Some(files) = store.read(|s| s.editor().stored()) {
        super::export::download_text(
            &keep::bundle(&files),
            "application/yaml;charset=utf-8",
            "podplay-files.yaml",
        );
    }
}
