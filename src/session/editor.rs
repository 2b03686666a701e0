//! The manifest editor's side of the session: the text, which example it is, its analysis
//! (made once per edit, after the typing pauses), where a diagnostic asked the caret to go and
//! which lines an explanation marks.

use std::rc::Rc;

use crate::examples;
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
pub struct Editor {
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

impl Editor {
    /// An editor holding `text`, already analyzed (so the first paint shows results).
    #[must_use]
    pub fn new(text: String) -> Editor {
        let choice = Choice::of_text(&text);
        let analysis = Rc::new(manifest::analyze(&text));
        Editor {
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

    /// Whether the analysis shown is older than the text.
    #[must_use]
    pub fn is_stale(&self) -> bool {
        self.analyzed_rev != self.rev
    }

    fn set_text(&mut self, text: String, choice: Choice) {
        self.n_lines = count_lines(&text);
        self.text = Rc::from(text);
        self.choice = choice;
        self.rev += 1;
        self.focus = None;
    }

    /// The learner edited the text; false when it is the same.
    pub fn edit(&mut self, text: String) -> bool {
        if *text == *self.text {
            return false;
        }
        self.set_text(text, Choice::Custom);
        true
    }

    /// A picker value (`headless`, `statefulset`, `deployment`, `all`); others are ignored.
    /// A picked example is shown analyzed at once: no typing to wait for.
    pub fn pick_example(&mut self, id: &str) -> bool {
        let Some(choice) = Choice::from_id(id) else {
            return false;
        };
        let Some(text) = choice.text() else {
            return false;
        };
        self.set_text(text, choice);
        self.analysis = Rc::new(manifest::analyze(&self.text));
        self.analyzed_rev = self.rev;
        self.loaded_rev = self.rev;
        true
    }

    /// Analyzes the text if it is still at revision `rev` (the pause after typing); true when
    /// it did.
    pub fn revalidate(&mut self, rev: u64) -> bool {
        if rev != self.rev || !self.is_stale() {
            return false;
        }
        self.analysis = Rc::new(manifest::analyze(&self.text));
        self.analyzed_rev = rev;
        true
    }

    /// The analysis of the text as it is now (made now if the last one is older).
    pub fn current_analysis(&mut self) -> Rc<Analysis> {
        let rev = self.rev;
        self.revalidate(rev);
        Rc::clone(&self.analysis)
    }

    /// Puts the caret at a diagnostic's place (1-based line and column).
    pub fn focus_diagnostic(&mut self, line: u32, col: u32) {
        let seq = self.n_focus_requests + 1;
        self.focus = Some(Focus {
            line: line.max(1),
            col: col.max(1),
            seq,
        });
        self.n_focus_requests = seq;
    }

    /// Marks these lines (an explanation's fields); empty clears. False when unchanged.
    pub fn highlight(&mut self, mut lines: Vec<u32>) -> bool {
        lines.sort_unstable();
        lines.dedup();
        if *lines == *self.highlight {
            return false;
        }
        self.highlight = Rc::from(lines);
        true
    }
}

/// Lines as an editor numbers them: a trailing newline starts one more (empty) line.
#[must_use]
pub fn count_lines(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count() + 1
}
