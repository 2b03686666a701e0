//! How the page keeps the editor's files in the browser: the record written (the files, the
//! writer's tab id and a revision), where it goes (the page's small store, or the large one
//! when it would not fit), whether another tab wrote since this one looked, and the files as
//! one YAML bundle to download when the browser keeps nothing.

use serde::{Deserialize, Serialize};

use super::editor::Stored;

/// The largest record (bytes of JSON) written to the small store; larger ones go to the large
/// store. Browsers hold about 5 MiB of text per site there, and the page keeps other keys too.
pub const SMALL_MAX: usize = 4 * 1024 * 1024;

/// The editor's files as kept, with who wrote them. A record of an older page (the files and
/// the one shown only) reads as written by nobody at revision 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The writing tab's id.
    #[serde(default)]
    pub w: String,
    /// Bumped on every write, by any tab.
    #[serde(default)]
    pub r: u64,
    /// The files are in the large store; this record only marks them.
    #[serde(default, skip_serializing_if = "is_false")]
    pub big: bool,
    /// `[name, text]` in tab order (empty in a marker).
    #[serde(default)]
    pub files: Vec<(String, String)>,
    #[serde(default)]
    pub active: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

/// Who wrote the files last: kept beside them under its own key, so a tab checks it cheaply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mark {
    pub writer: String,
    pub rev: u64,
}

impl Mark {
    /// `WRITER REV`.
    #[must_use]
    pub fn encode(&self) -> String {
        format!("{} {}", self.writer, self.rev)
    }

    /// A mark from [`Mark::encode`]'s form; `None` for anything else.
    #[must_use]
    pub fn parse(text: &str) -> Option<Mark> {
        let (writer, rev) = text.rsplit_once(' ')?;
        Some(Mark {
            writer: writer.to_string(),
            rev: rev.parse().ok()?,
        })
    }
}

/// Where a record goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Small,
    Large,
}

/// The store for a record of `len` bytes of JSON.
#[must_use]
pub fn place(len: usize) -> Place {
    if len <= SMALL_MAX {
        Place::Small
    } else {
        Place::Large
    }
}

/// What a tab that last saw `base` does when it finds `found` where the mark is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nobody else wrote: write, marked so.
    Write(Mark),
    /// Another tab wrote since: stop and ask.
    Conflict,
}

/// Whether tab `me`, which last saw (or wrote) `base`, may write over `found`.
#[must_use]
pub fn decide(me: &str, base: Option<&Mark>, found: Option<&Mark>) -> Verdict {
    match found {
        Some(found) if Some(found) != base => Verdict::Conflict,
        _ => Verdict::Write(Mark {
            writer: me.to_string(),
            rev: found.map_or(0, |m| m.rev) + 1,
        }),
    }
}

impl Record {
    /// The record `mark` writes for `files`.
    #[must_use]
    pub fn new(mark: &Mark, files: Stored) -> Record {
        Record {
            w: mark.writer.clone(),
            r: mark.rev,
            big: false,
            files: files.files,
            active: files.active,
        }
    }

    /// The marker left in the small store when this record goes to the large one.
    #[must_use]
    pub fn marker(&self) -> Record {
        Record {
            w: self.w.clone(),
            r: self.r,
            big: true,
            files: Vec::new(),
            active: 0,
        }
    }

    /// The record's files.
    #[must_use]
    pub fn stored(self) -> Stored {
        Stored {
            files: self.files,
            active: self.active,
        }
    }
}

/// The files as one YAML stream: each file after a comment naming it, separated by `---`.
#[must_use]
pub fn bundle(files: &Stored) -> String {
    let mut out = String::new();
    for (i, (name, text)) in files.files.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str("# file: ");
        out.push_str(name);
        out.push('\n');
        out.push_str(text);
        if !text.is_empty() && !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(w: &str, r: u64) -> Mark {
        Mark {
            writer: w.to_string(),
            rev: r,
        }
    }

    #[test]
    fn an_older_pages_record_reads_as_nobodys_revision_0() {
        let old = r#"{"files":[["editor.yaml","kind: Pod\n"]],"active":0}"#;
        let rec: Record = serde_json::from_str(old).unwrap();
        assert_eq!((rec.w.as_str(), rec.r, rec.big), ("", 0, false));
        assert_eq!(
            rec.stored().files,
            vec![("editor.yaml".to_string(), "kind: Pod\n".to_string())]
        );
    }

    #[test]
    fn a_record_and_its_marker_round_trip() {
        let files = Stored {
            files: vec![("a.yaml".into(), "x".into()), ("b.yaml".into(), "y".into())],
            active: 1,
        };
        let rec = Record::new(&mark("t1", 4), files.clone());
        let json = serde_json::to_string(&rec).unwrap();
        assert_eq!(
            json,
            r#"{"w":"t1","r":4,"files":[["a.yaml","x"],["b.yaml","y"]],"active":1}"#
        );
        let marker = serde_json::to_string(&rec.marker()).unwrap();
        assert_eq!(
            marker,
            r#"{"w":"t1","r":4,"big":true,"files":[],"active":0}"#
        );
        let back: Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back.stored(), files);
    }

    #[test]
    fn marks_encode_and_parse() {
        assert_eq!(mark("a b", 12).encode(), "a b 12");
        assert_eq!(Mark::parse("a b 12"), Some(mark("a b", 12)));
        assert_eq!(Mark::parse("nospace"), None);
        assert_eq!(Mark::parse("t x"), None);
    }

    #[test]
    fn a_tab_writes_over_what_it_saw_and_stops_at_another_tabs_write() {
        // Nothing kept yet.
        assert_eq!(decide("me", None, None), Verdict::Write(mark("me", 1)));
        // Its own last write, or what it loaded.
        let seen = mark("old", 7);
        assert_eq!(
            decide("me", Some(&seen), Some(&seen)),
            Verdict::Write(mark("me", 8))
        );
        // Another tab wrote after this one looked.
        assert_eq!(
            decide("me", Some(&seen), Some(&mark("other", 8))),
            Verdict::Conflict
        );
        assert_eq!(
            decide("me", None, Some(&mark("other", 1))),
            Verdict::Conflict
        );
        // The store was cleared: nothing to overwrite.
        assert_eq!(
            decide("me", Some(&seen), None),
            Verdict::Write(mark("me", 1))
        );
    }

    #[test]
    fn records_past_the_small_stores_size_go_to_the_large_one() {
        assert_eq!(place(10), Place::Small);
        assert_eq!(place(SMALL_MAX), Place::Small);
        assert_eq!(place(SMALL_MAX + 1), Place::Large);
        assert_eq!(place(15_000_000), Place::Large);
    }

    #[test]
    fn the_bundle_names_each_file_and_separates_them() {
        let files = Stored {
            files: vec![
                ("a.yaml".into(), "kind: Pod".into()),
                ("b.yaml".into(), "kind: Service\n".into()),
                ("c.yaml".into(), String::new()),
            ],
            active: 0,
        };
        assert_eq!(
            bundle(&files),
            "# file: a.yaml\nkind: Pod\n---\n# file: b.yaml\nkind: Service\n---\n# file: c.yaml\n"
        );
    }

    #[test]
    fn restored_files_replace_the_editors_and_offer_undo_only_over_edits() {
        use crate::session::{Intent, Session};
        let kept = Stored {
            files: vec![
                ("a.yaml".into(), "kind: Pod\n".into()),
                ("b.yaml".into(), "x: 1\n".into()),
            ],
            active: 1,
        };
        // Nothing typed yet: shown as kept, nothing to undo.
        let mut s = Session::new("", 1, 1.0);
        s.dispatch(Intent::RestoreFiles(kept.clone()));
        assert_eq!(s.editor().stored(), kept);
        assert_eq!(s.editor_view().undo, None);
        // Typed first: the typing can be brought back.
        let mut s = Session::new("", 1, 1.0);
        s.dispatch(Intent::Edit("typed: here\n".into()));
        let typed = s.editor().stored();
        s.dispatch(Intent::RestoreFiles(kept.clone()));
        assert_eq!(s.editor().stored(), kept);
        let undo = s.editor_view().undo;
        assert!(
            undo.as_deref()
                .is_some_and(|u| u.starts_with("Your saved files")),
            "{undo:?}"
        );
        s.dispatch(Intent::UndoFiles);
        assert_eq!(s.editor().stored(), typed);
    }
}
