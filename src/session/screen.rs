//! The console's screen without the DOM: the scrollback (capped), ↑/↓ through the
//! history, what Tab does with the console's completions, and how wall time becomes virtual
//! time. Plain Rust, so the browser tests can pin it without rendering.

use std::collections::{BTreeMap, VecDeque};

use crate::console::{Console, Output, Stream};
use crate::i18n::{Lang, Msg};

/// Scrollback lines kept; older ones scroll away for good (a long `get -w` cannot grow the page
/// without bound).
pub const MAX_LINES: usize = 5_000;
/// Wall time one tick may turn into virtual time, at most: a tab that was in the background
/// for an hour resumes where it was instead of running an hour of events in one go.
pub const MAX_WALL_DT_MS: f64 = 1_000.0;
/// Columns a list of completions is laid out in (a terminal's default width).
pub const COMPLETION_WIDTH: usize = 80;

/// What a scrollback line is, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Out,
    Err,
    /// A submitted line after the prompt it was typed at.
    Echo,
    /// The page's own greeting, shown in the page's current language.
    Welcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLine {
    /// Stable for the line's life (a render key), never reused.
    pub id: u64,
    pub kind: Kind,
    /// The prompt before an [`Kind::Echo`] line; empty for the others.
    pub prompt: String,
    pub text: String,
    /// For an [`Kind::Echo`] line: the virtual time (ms) the line was submitted at.
    pub at_ms: Option<u64>,
    /// The line belongs to a future that was discarded (an action taken in the past).
    pub discarded: bool,
    /// An [`Kind::Echo`] line shown only because Tab listed completions for it: no command ran.
    pub listing: bool,
}

/// The scrollback.
#[derive(Debug, Clone, Default)]
pub struct Screen {
    lines: VecDeque<ScreenLine>,
    next_id: u64,
    /// The last line was printed without its newline (`--template …` before `; echo`): the next
    /// text on the same stream continues it, even when it comes in a later pump.
    open: bool,
    /// podplay's own lines by id, so they follow the page's language.
    notes: BTreeMap<u64, Msg>,
}

impl Screen {
    #[must_use]
    pub fn new() -> Screen {
        Screen::default()
    }

    /// An empty scrollback whose line ids start at `first_id` (each terminal's screen has ids
    /// of its own, so lines of several screens can be marked together).
    #[must_use]
    pub fn starting_at(first_id: u64) -> Screen {
        Screen {
            next_id: first_id,
            ..Screen::default()
        }
    }

    pub fn push(&mut self, kind: Kind, prompt: &str, text: &str) {
        if self.lines.len() >= MAX_LINES {
            if let Some(gone) = self.lines.pop_front() {
                self.notes.remove(&gone.id);
            }
        }
        self.lines.push_back(ScreenLine {
            id: self.next_id,
            kind,
            prompt: prompt.to_string(),
            text: text.to_string(),
            at_ms: None,
            discarded: false,
            listing: false,
        });
        self.next_id += 1;
    }

    /// A line of podplay's own, in `lang` until the language changes.
    pub fn note(&mut self, msg: Msg, lang: Lang) {
        let id = self.next_id;
        self.push(Kind::Out, "", &msg.render(lang));
        self.notes.insert(id, msg);
    }

    /// podplay's own lines in `lang` (what commands printed stays as it is).
    pub fn set_lang(&mut self, lang: Lang) {
        for line in &mut self.lines {
            if let Some(msg) = self.notes.get(&line.id) {
                line.text = msg.render(lang);
            }
        }
    }

    /// Appends what a command printed (clearing first when it ran `clear`).
    pub fn show(&mut self, out: Output) {
        if out.clear {
            self.clear();
        }
        if out.lines.is_empty() {
            return;
        }
        let mut lines = out.lines.into_iter();
        for (i, line) in lines.by_ref().enumerate() {
            let kind = match line.stream {
                Stream::Out => Kind::Out,
                Stream::Err => Kind::Err,
            };
            if i == 0 && self.open {
                if let Some(last) = self.lines.back_mut().filter(|l| l.kind == kind) {
                    last.text.push_str(&line.text);
                    // A changed line is news too (the scroll follows `version`).
                    self.next_id += 1;
                    continue;
                }
            }
            self.push(kind, "", &line.text);
        }
        self.open = out.open;
    }

    /// A submitted line, as a terminal leaves it: `$ kubectl get pods`; `at_ms` is the virtual
    /// time it was submitted at (none before the cluster started).
    pub fn echo(&mut self, prompt: &str, line: &str, at_ms: Option<u64>) {
        self.open = false;
        self.push(Kind::Echo, prompt, line);
        if let Some(last) = self.lines.back_mut() {
            last.at_ms = at_ms;
        }
    }

    /// The line Tab listed completions for, as the shell shows it again above the list.
    pub fn echo_listing(&mut self, prompt: &str, line: &str) {
        self.echo(prompt, line, None);
        if let Some(last) = self.lines.back_mut() {
            last.listing = true;
        }
    }

    /// The id the next line will get.
    #[must_use]
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// The ids of the lines, from the first command submitted after `t_ms` on, that are not
    /// yet marked discarded: what an action taken at `t_ms` discards.
    #[must_use]
    pub fn lines_after(&self, t_ms: u64) -> Vec<u64> {
        let first = self
            .lines
            .iter()
            .find(|l| !l.discarded && l.kind == Kind::Echo && l.at_ms.is_some_and(|at| at > t_ms));
        let Some(first) = first.map(|l| l.id) else {
            return Vec::new();
        };
        self.lines
            .iter()
            .filter(|l| l.id >= first && !l.discarded)
            .map(|l| l.id)
            .collect()
    }

    /// The ids of the lines from `id` on that are not marked discarded.
    #[must_use]
    pub fn lines_from(&self, id: u64) -> Vec<u64> {
        self.lines
            .iter()
            .filter(|l| l.id >= id && !l.discarded)
            .map(|l| l.id)
            .collect()
    }

    /// Marks the lines `ids` as belonging to a discarded future (or not).
    pub fn mark(&mut self, ids: &[u64], discarded: bool) {
        for line in &mut self.lines {
            if ids.binary_search(&line.id).is_ok() {
                line.discarded = discarded;
            }
        }
        // The panel redraws on a new version.
        self.next_id += 1;
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.notes.clear();
        self.open = false;
    }

    pub fn lines(&self) -> impl DoubleEndedIterator<Item = &ScreenLine> {
        self.lines.iter()
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Changes whenever a line is added (for "scroll to the end when something new came").
    #[must_use]
    pub fn version(&self) -> u64 {
        self.next_id
    }

    /// The scrollback as plain text, one line each (what Copy puts on the clipboard);
    /// `welcome` stands for the greeting line.
    #[must_use]
    pub fn text(&self, welcome: &str) -> String {
        let mut s = String::new();
        for line in &self.lines {
            match line.kind {
                Kind::Welcome => s.push_str(welcome),
                _ => {
                    s.push_str(&line.prompt);
                    s.push_str(&line.text);
                }
            }
            s.push('\n');
        }
        s
    }
}

/// Where ↑/↓ are in the history; the line being typed is kept as the draft below the newest
/// entry, as a shell keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recall {
    /// Index into the history; `None` while editing the draft.
    pos: Option<usize>,
    draft: String,
}

impl Recall {
    /// ↑: the previous entry, or `None` when there is nothing older (the line stays).
    pub fn up(&mut self, history: &[String], current: &str) -> Option<String> {
        let pos = match self.pos {
            None => {
                let last = history.len().checked_sub(1)?;
                self.draft = current.to_string();
                last
            }
            Some(0) => return None,
            Some(p) => p.min(history.len()).checked_sub(1)?,
        };
        self.pos = Some(pos);
        history.get(pos).cloned()
    }

    /// ↓: the next entry, then the draft; `None` when already at the draft.
    pub fn down(&mut self, history: &[String]) -> Option<String> {
        let pos = self.pos?;
        if pos + 1 < history.len() {
            self.pos = Some(pos + 1);
            history.get(pos + 1).cloned()
        } else {
            self.pos = None;
            Some(std::mem::take(&mut self.draft))
        }
    }

    /// A line was submitted or abandoned: the next ↑ starts from the newest entry again.
    pub fn reset(&mut self) {
        self.pos = None;
        self.draft.clear();
    }
}

/// What Tab does with the console's candidates for the last word of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// Nothing matches: the line stays.
    None,
    /// One candidate: the line with it filled in.
    Fill(String),
    /// Several: the line extended by what they all share, and the candidates to list.
    Many {
        line: String,
        candidates: Vec<String>,
    },
}

/// Byte offset where the last word of `line` starts.
fn word_start(line: &str) -> usize {
    let word: usize = line
        .chars()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    line.len() - word
}

fn common_prefix<'a>(words: &[&'a str]) -> &'a str {
    let Some(first) = words.first() else {
        return "";
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    &first[..end]
}

/// Applies completions for the last word of `line` the way bash does: one candidate is filled
/// in (with a space after it unless it ends a path or a `--flag=`), several are listed and the
/// line keeps what it had, extended by their common prefix.
#[must_use]
pub fn complete(line: &str, candidates: &[String]) -> Completion {
    let start = word_start(line);
    let head = &line[..start];
    let word = &line[start..];
    match candidates {
        [] => Completion::None,
        [only] => {
            let mut filled = format!("{head}{only}");
            if !only.ends_with(['/', '=', ' ']) {
                filled.push(' ');
            }
            Completion::Fill(filled)
        }
        many => {
            let words: Vec<&str> = many.iter().map(String::as_str).collect();
            let prefix = common_prefix(&words);
            let line = if prefix.len() > word.len() && prefix.starts_with(word) {
                format!("{head}{prefix}")
            } else {
                line.to_string()
            };
            Completion::Many {
                line,
                candidates: many.to_vec(),
            }
        }
    }
}

/// Candidates laid out in columns as a shell lists them (filling rows left to right).
#[must_use]
pub fn columns(candidates: &[String], width: usize) -> Vec<String> {
    let widest = candidates
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0);
    let cell = widest + 2;
    let per_row = (width / cell.max(1)).max(1);
    candidates
        .chunks(per_row)
        .map(|row| {
            let mut s = String::new();
            for (i, c) in row.iter().enumerate() {
                s.push_str(c);
                if i + 1 < row.len() {
                    let pad = cell - c.chars().count();
                    s.extend(std::iter::repeat_n(' ', pad));
                }
            }
            s
        })
        .collect()
}

/// Turns wall time into virtual time: `speed` virtual ms per wall ms, the wall step clamped to
/// [`MAX_WALL_DT_MS`], fractions of a millisecond carried to the next tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub speed: f64,
    carry_ms: f64,
}

impl Clock {
    /// Speeds outside 0.1–1000 are clamped; anything not a number means 1.
    #[must_use]
    pub fn new(speed: f64) -> Clock {
        let speed = if speed.is_finite() {
            speed.clamp(0.1, 1000.0)
        } else {
            1.0
        };
        Clock {
            speed,
            carry_ms: 0.0,
        }
    }

    /// Virtual milliseconds for `wall_dt_ms` of wall time.
    pub fn step(&mut self, wall_dt_ms: f64) -> u64 {
        let wall = if wall_dt_ms.is_finite() {
            wall_dt_ms.clamp(0.0, MAX_WALL_DT_MS)
        } else {
            0.0
        };
        let total = wall * self.speed + self.carry_ms;
        let whole = total.floor();
        self.carry_ms = total - whole;
        // At most 1000 ms × 1000 = 10⁶ ms per step: far inside u64.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let ms = whole as u64;
        ms
    }
}

/// Lets `virtual_ms` pass: a running command is pumped (its output returned), an idle cluster
/// just ages. Nothing happens before `minikube start`.
pub fn advance(console: &mut Console, virtual_ms: u64) -> Output {
    let Some(now) = console.sim().map(crate::engine::Simulation::now) else {
        return Output::new();
    };
    if virtual_ms == 0 {
        return Output::new();
    }
    let until = now.plus_ms(virtual_ms);
    if console.is_busy() {
        console.pump(until)
    } else {
        console.idle_until(until)
    }
}
