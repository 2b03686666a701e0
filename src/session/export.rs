//! What a learner takes out of the console: the transcript as the terminal shows it, and the
//! console's history as a `podplay run` script that carries the editor's files it uses (written
//! by here-documents at its top) and reproduces that transcript.

use std::collections::BTreeMap;

use super::journal::Action;
use super::screen::Kind;
use super::terminal::{files, EDITOR_FILE};
use super::{shell_word, Session};

/// The script line that lets virtual time run on to `ms` before the next line, as the page's
/// clock did between two commands (`podplay run` reads it; bash takes it for a comment).
#[must_use]
pub fn at_directive(ms: u64) -> String {
    format!("{AT_PREFIX}{ms}ms")
}

/// How [`at_directive`] lines begin.
pub const AT_PREFIX: &str = "# podplay: at ";

/// The virtual time (ms) of an [`at_directive`] line, if `line` is one.
#[must_use]
pub fn parse_at_directive(line: &str) -> Option<u64> {
    line.trim()
        .strip_prefix(AT_PREFIX)?
        .strip_suffix("ms")?
        .parse()
        .ok()
}

/// A here-document that writes `text` to file `name`, with a delimiter no line of `text` is.
fn here_document(name: &str, text: &str) -> String {
    let mut delim = "EOF".to_string();
    let mut n = 1;
    while text.lines().any(|l| l == delim) {
        delim = format!("EOF_{n}");
        n += 1;
    }
    let mut s = format!("cat <<'{delim}' > {}\n", shell_word(name));
    for line in text.lines() {
        s.push_str(line);
        s.push('\n');
    }
    s.push_str(&delim);
    s.push('\n');
    s
}

/// The names among `docs` a console line mentions as a word (`-f web.yaml`, `--filename=x`).
fn files_named(line: &str, docs: &BTreeMap<String, String>) -> Vec<String> {
    let mut names: Vec<String> = line
        .split(|c: char| c.is_whitespace() || c == '=')
        .map(|w| w.trim_matches(|c| c == '\'' || c == '"'))
        .filter(|w| docs.contains_key(*w))
        .map(str::to_string)
        .collect();
    names.dedup();
    names
}

/// One step of the exported script: a time to reach, files to hold, then a line.
struct Step {
    t: u64,
    files: Vec<(String, String)>,
    line: String,
}

impl Session {
    /// The front terminal's scrollback as the terminal shows it (each submitted line after
    /// its prompt, then what it printed), without the page's own greeting.
    #[must_use]
    pub fn transcript(&self) -> String {
        let mut s = String::new();
        for line in self.term.screen.lines() {
            if line.kind == Kind::Welcome {
                continue;
            }
            s.push_str(&line.prompt);
            s.push_str(&line.text);
            s.push('\n');
        }
        s
    }

    /// The console's history as a `podplay run` script: here-documents first write each editor
    /// file the history uses (as it was first used), then come the lines run, in order, each
    /// after the virtual time it was run at ([`at_directive`]); the Apply button is
    /// `kubectl apply -f NAME`. A file changed later is written again before the line that
    /// uses it. Ctrl-C, traffic and comparison actions have no console line and are left out.
    #[must_use]
    pub fn export_script(&self) -> String {
        let steps = self.script_steps();
        let mut first: BTreeMap<String, String> = BTreeMap::new();
        for step in &steps {
            for (name, text) in &step.files {
                first.entry(name.clone()).or_insert_with(|| text.clone());
            }
        }
        let mut out = String::new();
        for (name, text) in &first {
            out.push_str(&here_document(name, text));
        }
        let mut written = first;
        let mut t = 0;
        for step in steps {
            for (name, text) in step.files {
                if written.get(&name) != Some(&text) {
                    out.push_str(&here_document(&name, &text));
                    written.insert(name, text);
                }
            }
            if step.t != t {
                t = step.t;
                out.push_str(&at_directive(t));
                out.push('\n');
            }
            out.push_str(&step.line);
            out.push('\n');
        }
        out
    }

    /// The journal's console lines with the files each one uses, as they were then.
    fn script_steps(&self) -> Vec<Step> {
        // Every console line is preceded by the files it saw when they changed.
        let mut docs = BTreeMap::new();
        let mut steps = Vec::new();
        for e in &self.journal.entries {
            match &e.action {
                Action::Editor(text) => docs = files(text).0,
                Action::Files(map) => docs.clone_from(map),
                Action::Run(line) => {
                    let files = files_named(line, &docs)
                        .into_iter()
                        .filter_map(|n| docs.get(&n).map(|t| (n, t.clone())))
                        .collect();
                    steps.push(Step {
                        t: e.t,
                        files,
                        line: line.clone(),
                    });
                }
                Action::Apply(text)
                | Action::ApplyFile {
                    text: Some(text), ..
                } => {
                    let name = match &e.action {
                        Action::ApplyFile { file, .. } => file.clone(),
                        _ => EDITOR_FILE.to_string(),
                    };
                    steps.push(Step {
                        t: e.t,
                        files: vec![(name.clone(), text.clone())],
                        line: format!("kubectl apply -f {}", shell_word(&name)),
                    });
                }
                Action::ApplyFile { file, text: None } => {
                    let text = docs.get(file).cloned().unwrap_or_default();
                    steps.push(Step {
                        t: e.t,
                        files: vec![(file.clone(), text)],
                        line: format!("kubectl apply -f {}", shell_word(file)),
                    });
                }
                // The future after `t` was put aside: its lines are no longer the history.
                Action::Branch(t) => steps.retain(|s: &Step| s.t <= *t),
                _ => {}
            }
        }
        steps
    }
}
