//! The manifest editor's side of the session: its named files (tabs), the active file's text,
//! which example it is, its analysis (made once per edit, after the typing pauses), where a
//! diagnostic asked the caret to go, which lines an explanation marks, and the files an
//! example or a closed tab replaced (brought back by Undo).

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::examples;
use crate::manifest::{self, Analysis, Source};

/// The first file's name: the seed's manifests, applied as `kubectl apply -f editor.yaml`.
pub const FIRST_FILE: &str = manifest::EDITOR_FILE;
/// A new file's name (then `untitled-2.yaml`, …).
const NEW_FILE: &str = "untitled";

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

/// One named document of the editor: what `kubectl apply -f NAME` and `cat NAME` read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub name: Rc<str>,
    pub text: Rc<str>,
}

impl Doc {
    #[must_use]
    pub fn new(name: &str, text: &str) -> Doc {
        Doc {
            name: Rc::from(name),
            text: Rc::from(text),
        }
    }
}

/// The first load's files: `editor.yaml` holding `text` (the seed: all three manifests, so
/// Apply tells the whole story), then the tutorial's three files by the names it gives them,
/// so `kubectl apply -f statefulset.yaml` applies what the tab shows.
#[must_use]
pub fn first_docs(text: &str) -> Vec<Doc> {
    let mut docs = vec![Doc::new(FIRST_FILE, text)];
    docs.extend(examples::EXAMPLES.iter().map(|e| Doc::new(e.file, e.text)));
    docs
}

/// Why a file name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    /// A `/`, or `.` / `..`: the editor's files sit in one folder.
    Path,
    /// Another file has it.
    Taken,
}

impl NameError {
    /// The translation-table id of the reason.
    #[must_use]
    pub fn msg_id(self) -> &'static str {
        match self {
            NameError::Empty => "ui.file.error.empty",
            NameError::Path => "ui.file.error.path",
            NameError::Taken => "ui.file.error.taken",
        }
    }
}

/// `name` (trimmed) as the new name of file `index` among `docs`, or why not.
///
/// # Errors
/// An empty name, one with a `/` (or `.`/`..`), or one another file has.
pub fn check_name(docs: &[Doc], index: usize, name: &str) -> Result<String, NameError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.contains('/') || name == "." || name == ".." {
        return Err(NameError::Path);
    }
    let taken = docs
        .iter()
        .enumerate()
        .any(|(i, d)| i != index && *d.name == *name);
    if taken {
        return Err(NameError::Taken);
    }
    Ok(name.to_string())
}

/// What replaced a file's text and can be undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// An example was loaded over hand edits.
    Example,
    /// The file was closed.
    Closed,
    /// A page embedding podplay loaded its manifests over the files.
    Loaded,
    /// The files kept in the browser (read late, or another tab's) came in over edits.
    Restored,
}

/// The files as they were before an example replaced hand edits or a file was closed: Undo
/// brings them back exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub cause: Cause,
    /// The file it happened to.
    pub name: Rc<str>,
    pub docs: Vec<Doc>,
    pub active: usize,
}

/// The editor's files as the page keeps them between visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    /// `[name, text]` in tab order.
    pub files: Vec<(String, String)>,
    pub active: usize,
}

#[derive(Debug, Clone)]
pub struct Editor {
    /// The active file's text.
    pub text: Rc<str>,
    /// Lines in `text` (at least 1), for the gutter.
    pub n_lines: usize,
    pub choice: Choice,
    /// Bumped on every change of the text shown (an edit, another file, a picked example); an
    /// analysis belongs to the revision it was made from.
    pub rev: u64,
    pub analysis: Rc<Analysis>,
    pub analyzed_rev: u64,
    /// The latest revision whose text came from outside the editor (first load, a picked
    /// example, another file): only then is the text written into the textarea, which
    /// otherwise owns it.
    pub loaded_rev: u64,
    pub focus: Option<Focus>,
    n_focus_requests: u64,
    /// Lines an explanation points at (1-based), marked in the gutter.
    pub highlight: Rc<[u32]>,
    /// The files in tab order (at least one); `docs[active].text` is `text`.
    docs: Vec<Doc>,
    active: usize,
    /// Bumped on every change of any file's name or text (the page saves then).
    pub docs_rev: u64,
    /// What Undo can bring back, while it is offered.
    pub replaced: Option<Replaced>,
    /// The file whose rename was refused last, and why (until the next change of files).
    pub name_error: Option<(usize, NameError)>,
}

/// The active file's analysis: its warnings name the file as kubectl would.
fn analyze(name: &str, text: &str) -> Analysis {
    manifest::analyze_sources(&[Source { name, text }])
}

impl Editor {
    /// The first load's editor: `text` in `editor.yaml` beside the tutorial's files, already
    /// analyzed (so the first paint shows results).
    #[must_use]
    pub fn new(text: String) -> Editor {
        Editor::with_docs(first_docs(&text), 0)
    }

    /// An editor holding `docs` (a file with no name, a `/` or a name taken before it is
    /// left out; none left: one empty `editor.yaml`), `active` shown.
    #[must_use]
    pub fn with_docs(docs: Vec<Doc>, active: usize) -> Editor {
        let mut kept: Vec<Doc> = Vec::with_capacity(docs.len());
        for d in docs {
            if check_name(&kept, usize::MAX, &d.name).is_ok_and(|n| *n == *d.name) {
                kept.push(d);
            }
        }
        if kept.is_empty() {
            kept.push(Doc::new(FIRST_FILE, ""));
        }
        let active = active.min(kept.len() - 1);
        let doc = kept
            .get(active)
            .cloned()
            .unwrap_or_else(|| Doc::new(FIRST_FILE, ""));
        Editor {
            n_lines: count_lines(&doc.text),
            choice: Choice::of_text(&doc.text),
            analysis: Rc::new(analyze(&doc.name, &doc.text)),
            text: doc.text,
            rev: 0,
            analyzed_rev: 0,
            loaded_rev: 0,
            focus: None,
            n_focus_requests: 0,
            highlight: Rc::from(Vec::new()),
            docs: kept,
            active,
            docs_rev: 0,
            replaced: None,
            name_error: None,
        }
    }

    /// The files in tab order.
    #[must_use]
    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    /// Which file is shown (an index into [`Editor::docs`]).
    #[must_use]
    pub fn active(&self) -> usize {
        self.active
    }

    /// The shown file's name: what Apply applies (`kubectl apply -f NAME`).
    #[must_use]
    pub fn active_name(&self) -> &str {
        self.docs.get(self.active).map_or(FIRST_FILE, |d| &d.name)
    }

    /// The files by name, as the console reads them.
    #[must_use]
    pub fn documents(&self) -> BTreeMap<String, String> {
        self.docs
            .iter()
            .map(|d| (d.name.to_string(), d.text.to_string()))
            .collect()
    }

    /// The files as the page keeps them.
    #[must_use]
    pub fn stored(&self) -> Stored {
        Stored {
            files: self
                .docs
                .iter()
                .map(|d| (d.name.to_string(), d.text.to_string()))
                .collect(),
            active: self.active,
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
        if let Some(doc) = self.docs.get_mut(self.active) {
            doc.text = Rc::clone(&self.text);
        }
        self.choice = choice;
        self.rev += 1;
        self.docs_rev += 1;
        self.focus = None;
    }

    /// Shows the active file as it is in `docs`, analyzed at once (no typing to wait for).
    fn load(&mut self) {
        let doc = self
            .docs
            .get(self.active)
            .cloned()
            .unwrap_or_else(|| Doc::new(FIRST_FILE, ""));
        self.n_lines = count_lines(&doc.text);
        self.choice = Choice::of_text(&doc.text);
        self.analysis = Rc::new(analyze(&doc.name, &doc.text));
        self.text = doc.text;
        self.rev += 1;
        self.docs_rev += 1;
        self.analyzed_rev = self.rev;
        self.loaded_rev = self.rev;
        self.focus = None;
    }

    /// The learner edited the text; false when it is the same.
    pub fn edit(&mut self, text: String) -> bool {
        if *text == *self.text {
            return false;
        }
        self.set_text(text, Choice::Custom);
        // Undo would now lose these edits.
        self.replaced = None;
        true
    }

    /// A picker value (`headless`, `statefulset`, `deployment`, `all`) into the active file;
    /// others are ignored. A picked example is shown analyzed at once. Hand edits it replaces
    /// can be brought back with [`Editor::undo_replaced`].
    pub fn pick_example(&mut self, id: &str) -> bool {
        let Some(choice) = Choice::from_id(id) else {
            return false;
        };
        let Some(text) = choice.text() else {
            return false;
        };
        let loses = *self.text != *text
            && !self.text.trim().is_empty()
            && Choice::of_text(&self.text) == Choice::Custom;
        if loses {
            self.replaced = Some(Replaced {
                cause: Cause::Example,
                name: Rc::from(self.active_name()),
                docs: self.docs.clone(),
                active: self.active,
            });
        }
        self.set_text(text, choice);
        self.name_error = None;
        self.analysis = Rc::new(analyze(self.active_name(), &self.text));
        self.analyzed_rev = self.rev;
        self.loaded_rev = self.rev;
        true
    }

    /// Brings back the files an example or a close replaced; false when nothing is offered.
    pub fn undo_replaced(&mut self) -> bool {
        let Some(r) = self.replaced.take() else {
            return false;
        };
        self.docs = r.docs;
        self.active = r.active;
        self.name_error = None;
        self.load();
        true
    }

    /// Replaces every file by one, `editor.yaml`, holding `text`, shown and analyzed at once (a
    /// page embedding podplay loads its manifests). Files with hand edits it replaces can be
    /// brought back with [`Editor::undo_replaced`].
    pub fn replace_all(&mut self, text: &str) {
        let edited = self
            .docs
            .iter()
            .any(|d| !d.text.trim().is_empty() && Choice::of_text(&d.text) == Choice::Custom);
        let before = std::mem::replace(&mut self.docs, vec![Doc::new(FIRST_FILE, text)]);
        self.replaced = edited.then(|| Replaced {
            cause: Cause::Loaded,
            name: Rc::from(FIRST_FILE),
            docs: before,
            active: self.active,
        });
        self.active = 0;
        self.name_error = None;
        self.load();
    }

    /// Replaces the files by `stored` (the browser's copy, read late, or another tab's), shown
    /// and analyzed at once; edits made here that it replaces can be brought back with
    /// [`Editor::undo_replaced`]. False when the files are already these.
    pub fn restore(&mut self, stored: &Stored) -> bool {
        let docs = stored
            .files
            .iter()
            .map(|(name, text)| Doc::new(name, text))
            .collect();
        let fresh = Editor::with_docs(docs, stored.active);
        if fresh.docs == self.docs && fresh.active == self.active {
            return false;
        }
        let edited = self.docs_rev > 0;
        let before = std::mem::replace(&mut self.docs, fresh.docs);
        self.replaced = edited.then(|| Replaced {
            cause: Cause::Restored,
            name: Rc::from(self.active_name()),
            docs: before,
            active: self.active,
        });
        self.active = fresh.active;
        self.name_error = None;
        self.load();
        true
    }

    /// Stops offering Undo; false when nothing was offered.
    pub fn dismiss_replaced(&mut self) -> bool {
        self.replaced.take().is_some()
    }

    /// A new empty file (`untitled.yaml`, `untitled-2.yaml`, …), shown.
    pub fn add_file(&mut self) {
        let mut n = 1;
        let name = loop {
            let name = if n == 1 {
                format!("{NEW_FILE}.yaml")
            } else {
                format!("{NEW_FILE}-{n}.yaml")
            };
            if !self.docs.iter().any(|d| *d.name == *name) {
                break name;
            }
            n += 1;
        };
        self.docs.push(Doc::new(&name, ""));
        self.active = self.docs.len() - 1;
        self.replaced = None;
        self.name_error = None;
        self.load();
    }

    /// Renames file `index`; a refused name is kept in [`Editor::name_error`]. True when the
    /// name changed.
    pub fn rename(&mut self, index: usize, name: &str) -> bool {
        if index >= self.docs.len() {
            return false;
        }
        let name = match check_name(&self.docs, index, name) {
            Ok(name) => name,
            Err(e) => {
                self.name_error = Some((index, e));
                return false;
            }
        };
        self.name_error = None;
        let Some(doc) = self.docs.get_mut(index) else {
            return false;
        };
        if *doc.name == *name {
            return false;
        }
        doc.name = Rc::from(name);
        self.replaced = None;
        self.docs_rev += 1;
        if index == self.active {
            // Warnings name the file.
            self.analysis = Rc::new(analyze(self.active_name(), &self.text));
            self.analyzed_rev = self.rev;
        }
        true
    }

    /// Closes file `index` (never the last one); a file with text can be brought back with
    /// Undo. True when closed.
    pub fn close(&mut self, index: usize) -> bool {
        if self.docs.len() <= 1 || index >= self.docs.len() {
            return false;
        }
        let before = self.docs.clone();
        let closed = self.docs.remove(index);
        self.replaced = (!closed.text.trim().is_empty()).then(|| Replaced {
            cause: Cause::Closed,
            name: Rc::clone(&closed.name),
            docs: before,
            active: self.active,
        });
        self.name_error = None;
        if index < self.active {
            self.active -= 1;
            self.docs_rev += 1;
        } else if index == self.active {
            self.active = index.min(self.docs.len() - 1);
            self.load();
        } else {
            self.docs_rev += 1;
        }
        true
    }

    /// Shows file `index`; false when it is shown already or does not exist.
    pub fn select(&mut self, index: usize) -> bool {
        if index == self.active || index >= self.docs.len() {
            return false;
        }
        self.active = index;
        self.name_error = None;
        self.load();
        true
    }

    /// Analyzes the text if it is still at revision `rev` (the pause after typing); true when
    /// it did.
    pub fn revalidate(&mut self, rev: u64) -> bool {
        if rev != self.rev || !self.is_stale() {
            return false;
        }
        self.analysis = Rc::new(analyze(self.active_name(), &self.text));
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
