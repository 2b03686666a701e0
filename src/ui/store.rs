//! The page's one store: the editor text, the language, the latest analysis and which place in
//! the text a diagnostic asked to show. The reducer is plain Rust: no DOM, no timers (those live
//! in the components, which only dispatch [`Action`]s).

use std::rc::Rc;

use yew::prelude::*;

use crate::examples;
use crate::i18n::Lang;
use crate::manifest::{self, Analysis};

/// Which example the editor holds, or `Custom` once the text was edited by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// One of [`examples::EXAMPLES`], by id.
    Example(&'static str),
    /// All three examples together (the first-load seed).
    All,
    Custom,
}

impl Choice {
    pub const ALL_ID: &'static str = "all";
    pub const CUSTOM_ID: &'static str = "custom";

    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Choice::Example(id) => id,
            Choice::All => Self::ALL_ID,
            Choice::Custom => Self::CUSTOM_ID,
        }
    }

    /// The choice for a picker value; `None` for `custom` and anything unknown, which cannot be
    /// picked.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Choice> {
        if id == Self::ALL_ID {
            return Some(Choice::All);
        }
        examples::EXAMPLES
            .iter()
            .find(|e| e.id == id)
            .map(|e| Choice::Example(e.id))
    }

    /// The example whose text is exactly `text`, else `Custom` (so a restored text shows the
    /// example it came from without storing the choice separately).
    #[must_use]
    pub fn of_text(text: &str) -> Choice {
        if text == examples::all_together() {
            return Choice::All;
        }
        examples::EXAMPLES
            .iter()
            .find(|e| e.text == text)
            .map_or(Choice::Custom, |e| Choice::Example(e.id))
    }

    #[must_use]
    pub fn text(self) -> Option<String> {
        match self {
            Choice::Custom => None,
            other => examples::text_of(other.id()),
        }
    }
}

/// A request to put the caret at a diagnostic's place; `seq` changes on every request so that
/// clicking the same diagnostic twice moves the caret back again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Focus {
    /// 1-based, as diagnostics count.
    pub line: u32,
    /// 1-based, in characters (Unicode scalar values).
    pub col: u32,
    pub seq: u64,
}

#[derive(Debug, Clone)]
pub struct Store {
    pub lang: Lang,
    pub text: Rc<str>,
    /// Lines in `text` (at least 1), for the gutter.
    pub n_lines: usize,
    pub choice: Choice,
    /// Bumped on every text change; an analysis belongs to the revision it was made from.
    pub rev: u64,
    pub analysis: Rc<Analysis>,
    pub analyzed_rev: u64,
    /// The latest revision whose text came from outside the editor (first load, a picked
    /// example): only then is the text written into the textarea, which otherwise owns it.
    pub loaded_rev: u64,
    pub focus: Option<Focus>,
    n_focus_requests: u64,
    /// Lines an explanation points at (1-based), marked in the gutter.
    pub highlight: Rc<[u32]>,
}

pub enum Action {
    /// The learner edited the text.
    SetText(String),
    SetLang(Lang),
    /// A picker value (`headless`, `statefulset`, `deployment`, `all`); others are ignored.
    PickExample(String),
    /// Analyze the text if it is still at revision `rev` (sent by the debounce timer).
    Revalidate {
        rev: u64,
    },
    /// Put the caret at this diagnostic's place.
    FocusDiagnostic {
        line: u32,
        col: u32,
    },
    /// Mark these lines (an explanation's fields); empty clears.
    Highlight(Vec<u32>),
}

impl Store {
    /// A store holding `text`, already analyzed (so the first paint shows results).
    #[must_use]
    pub fn new(lang: Lang, text: String) -> Self {
        let choice = Choice::of_text(&text);
        let analysis = Rc::new(manifest::analyze(&text));
        Self {
            lang,
            n_lines: count_lines(&text),
            text: Rc::from(text),
            choice,
            rev: 0,
            analysis,
            analyzed_rev: 0,
            loaded_rev: 0,
            focus: None,
            n_focus_requests: 0,
            highlight: Rc::from(Vec::new()),
        }
    }

    /// The first-load store: all three seed manifests.
    #[must_use]
    pub fn seed(lang: Lang) -> Self {
        Self::new(lang, examples::all_together())
    }

    /// Whether the analysis shown is older than the text.
    #[must_use]
    pub fn is_stale(&self) -> bool {
        self.analyzed_rev != self.rev
    }

    fn with_text(&self, text: String, choice: Choice) -> Self {
        Self {
            n_lines: count_lines(&text),
            text: Rc::from(text),
            choice,
            rev: self.rev + 1,
            focus: None,
            ..self.clone()
        }
    }
}

/// Identity, not contents: the text and the analysis are only ever replaced, so comparing the
/// pointers is exact and keeps a context update from comparing megabytes.
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && self.rev == other.rev
            && self.analyzed_rev == other.analyzed_rev
            && self.loaded_rev == other.loaded_rev
            && self.choice == other.choice
            && self.focus == other.focus
            && Rc::ptr_eq(&self.text, &other.text)
            && Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.highlight == other.highlight
    }
}

impl Default for Store {
    fn default() -> Self {
        Self::seed(Lang::En)
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SetText(text) => {
                if *text == *self.text {
                    return self;
                }
                Rc::new(self.with_text(text, Choice::Custom))
            }
            Action::SetLang(lang) => {
                if lang == self.lang {
                    return self;
                }
                Rc::new(Self {
                    lang,
                    ..(*self).clone()
                })
            }
            Action::PickExample(id) => {
                let Some(choice) = Choice::from_id(&id) else {
                    return self;
                };
                let Some(text) = choice.text() else {
                    return self;
                };
                // A picked example is shown analyzed at once: no typing to wait for.
                let mut next = self.with_text(text, choice);
                next.analysis = Rc::new(manifest::analyze(&next.text));
                next.analyzed_rev = next.rev;
                next.loaded_rev = next.rev;
                Rc::new(next)
            }
            Action::Revalidate { rev } => {
                if rev != self.rev || !self.is_stale() {
                    return self;
                }
                Rc::new(Self {
                    analysis: Rc::new(manifest::analyze(&self.text)),
                    analyzed_rev: rev,
                    ..(*self).clone()
                })
            }
            Action::Highlight(mut lines) => {
                lines.sort_unstable();
                lines.dedup();
                if *lines == *self.highlight {
                    return self;
                }
                Rc::new(Self {
                    highlight: Rc::from(lines),
                    ..(*self).clone()
                })
            }
            Action::FocusDiagnostic { line, col } => {
                let seq = self.n_focus_requests + 1;
                Rc::new(Self {
                    focus: Some(Focus {
                        line: line.max(1),
                        col: col.max(1),
                        seq,
                    }),
                    n_focus_requests: seq,
                    ..(*self).clone()
                })
            }
        }
    }
}

/// What components read from context.
pub type StoreHandle = UseReducerHandle<Store>;

/// The store from the nearest provider; `None` outside one (components then render nothing).
#[hook]
pub fn use_store() -> Option<StoreHandle> {
    use_context::<StoreHandle>()
}

/// Lines as an editor numbers them: a trailing newline starts one more (empty) line.
#[must_use]
pub fn count_lines(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count() + 1
}

/// A shared value compared by identity, for props holding large data (an [`Analysis`]) that
/// is replaced, never mutated.
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
