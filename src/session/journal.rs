//! What the learner did that changed a cluster, with the virtual time it was done at: enough
//! to do it all again from the seed. A saved session is this list; restoring replays it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::view_model::compare::CompareAction;

use super::terminal::{files, EDITOR_FILE};

/// One recorded action and the virtual time (ms) of the cluster it acted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub t: u64,
    /// The terminal a console action was taken in, when not the first one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<u32>,
    #[serde(flatten)]
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A line submitted to the console (typed, pasted, or typed for a button).
    Run(String),
    /// Ctrl-C, with the line that was on the input (empty while a command ran).
    Interrupt(String),
    /// The Apply button on `editor.yaml`, with the text it applied.
    Apply(String),
    /// The Apply button on another of the editor's files, with its name and the text applied
    /// (left out of a saved record when it is the file's text now).
    ApplyFile {
        file: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// The editor's files when they are the first load's (the tutorial's three files as the
    /// tutorial gives them and `editor.yaml` holding this text), recorded before a console
    /// line whenever the files changed since the last one.
    Editor(String),
    /// The editor's files by name, when they are not the first load's (as [`Action::Editor`]).
    Files(BTreeMap<String, String>),
    /// Requests from the traffic control (or its burst button).
    Requests {
        client: String,
        target: String,
        n: u32,
    },
    /// Ctrl-L: the scrollback cleared.
    Clear,
    /// The kube-proxy mode chosen (`iptables` or `ipvs`).
    ProxyMode(String),
    /// The moment `t` (ms) looked at became the present: the future after it was put aside.
    Branch(u64),
    /// The future put aside came back (and the one it replaced was put aside).
    Undo,
    /// The comparison was opened (its clusters boot from the session's seed).
    CompareOpen,
    /// The comparison's present became its moment `t` (ms).
    CompareBranch(u64),
    /// A comparison action, at the comparison's own virtual time.
    Compare(CompareAction),
    /// Another terminal was opened (it gets the next id).
    OpenTerminal,
    /// The terminal with this id was closed (what ran in it ended).
    CloseTerminal(u32),
}

/// The actions in the order they were taken.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Journal {
    pub entries: Vec<Entry>,
    /// The editor's files recorded last ([`Action::Editor`], [`Action::Files`]).
    pub files_seen: Option<BTreeMap<String, String>>,
}

impl Journal {
    pub fn record(&mut self, t: u64, action: Action) {
        self.entries.push(Entry {
            t,
            term: None,
            action,
        });
    }

    /// Records a console action taken in terminal `term` (the first terminal, 1, is implied).
    pub fn record_in(&mut self, t: u64, term: u32, action: Action) {
        self.entries.push(Entry {
            t,
            term: (term != 1).then_some(term),
            action,
        });
    }

    /// Before a console line runs at `t`: records the editor's files `docs` if they are not
    /// the ones recorded last, so a restored session's lines read what the learner's did (as
    /// [`Action::Editor`] when they are the first load's files, the common case).
    pub fn saw_files(&mut self, t: u64, docs: &BTreeMap<String, String>) {
        if self.files_seen.as_ref() == Some(docs) {
            return;
        }
        self.files_seen = Some(docs.clone());
        let action = match docs.get(EDITOR_FILE) {
            Some(text) if files(text).0 == *docs => Action::Editor(text.clone()),
            _ => Action::Files(docs.clone()),
        };
        self.record(t, action);
    }
}
