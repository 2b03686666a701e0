//! Input kubectl refuses before it sends anything, in the page and the console: characters YAML
//! does not allow get a diagnostic at their place; an empty editor is no error to list, but
//! applying nothing is kubectl's `no objects passed to apply`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use podplay::i18n::Lang;
use podplay::manifest::yaml::{forbidden_char, pos_at, utf8_problem, Pos};
use podplay::manifest::{analyze, analyze_files, Code, FileBytes, Severity};
use podplay::session::{Intent, Session, DEFAULT_SEED};

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";
const CONTROL: &str = "error converting YAML to JSON: yaml: control characters are not allowed";

fn diagnostics(text: &str) -> Vec<(Pos, Severity, String)> {
    analyze(text)
        .diagnostics
        .iter()
        .map(|d| (d.pos, d.severity, d.msg.render(Lang::En)))
        .collect()
}

#[test]
fn a_nul_in_the_editor_is_a_diagnostic_at_its_line_and_column() {
    // Pins the page's list: one error at the NUL (line 6, column 8 counted in characters, after
    // a Korean word), the document dropped; the others still read.
    let text = format!(
        "{CM}data:\n  k: 값은\0b\n---\n{}",
        CM.replace("name: a", "name: b")
    );
    let a = analyze(&text);
    assert_eq!(
        diagnostics(&text),
        vec![(Pos::new(6, 8), Severity::Error, CONTROL.to_string())]
    );
    assert_eq!(a.diagnostics[0].code, Code::Yaml);
    assert!(a.diagnostics[0].code.is_unparsable());
    let names: Vec<&str> = a
        .objects
        .iter()
        .map(podplay::manifest::Object::name)
        .collect();
    assert_eq!(names, vec!["b"]);
}

#[test]
fn an_empty_editor_lists_no_problem() {
    // Pins that the editor's list stays quiet for nothing typed yet (only `podplay validate` and
    // Apply refuse an empty set).
    for text in ["", "\n\n", "# just a comment\n", "---\n---\n"] {
        assert_eq!(diagnostics(text), vec![], "{text:?}");
    }
}

#[test]
fn the_readers_words_and_places() {
    // Pins the helpers the CLI and the page share: the offset and go-yaml's words.
    assert_eq!(forbidden_char("a: b\tc\r\n"), None);
    assert_eq!(forbidden_char("a: b\u{0}"), Some(4));
    assert_eq!(forbidden_char("é\u{9f}"), Some(2));
    assert_eq!(forbidden_char("\u{85}\u{a0}\u{feff}"), None);
    assert_eq!(forbidden_char("x\u{ffff}"), Some(1));
    assert_eq!(utf8_problem(b"ok"), None);
    assert_eq!(
        utf8_problem(b"a\x80"),
        Some((1, "invalid leading UTF-8 octet"))
    );
    assert_eq!(
        utf8_problem(b"ab\xe2\x82"),
        Some((2, "incomplete UTF-8 octet sequence"))
    );
    assert_eq!(
        utf8_problem(b"\xe2(\xa1"),
        Some((0, "invalid trailing UTF-8 octet"))
    );
    assert_eq!(
        utf8_problem(b"\xf8"),
        Some((0, "invalid leading UTF-8 octet"))
    );
    assert_eq!(
        utf8_problem(b"\xf4\x90\x80\x80"),
        Some((0, "invalid Unicode character"))
    );
    assert_eq!(pos_at("ab\ncd\u{e9}f", 7, 3), Pos::new(4, 4));
    // A set with no object is an error; with one, not.
    let empty = analyze_files(&[FileBytes::new("e.yaml", b"# x\n")]);
    assert_eq!(empty.diagnostics.len(), 1);
    assert_eq!(empty.diagnostics[0].code, Code::NoObjects);
    assert_eq!(
        empty.diagnostics[0].msg.render(Lang::En),
        "no objects passed to apply"
    );
    let full = analyze_files(&[
        FileBytes::new("e.yaml", b""),
        FileBytes::new("cm.yaml", CM.as_bytes()),
    ]);
    assert!(full.diagnostics.is_empty());
    // A file read only in part (past the limit) is one error with its whole size.
    let big = analyze_files(&[FileBytes {
        name: "big.yaml",
        bytes: b"kind: x",
        size: 20_000_000,
    }]);
    let d: Vec<(Pos, Code, String)> = big
        .diagnostics
        .iter()
        .map(|d| (d.pos, d.code, d.msg.render(Lang::En)))
        .collect();
    assert_eq!(
        d,
        vec![(
            Pos::new(1, 1),
            Code::InputTooBig,
            "the input is 20000000 bytes; podplay reads at most 16777216 bytes".to_string()
        )]
    );
}

fn console_texts(s: &Session) -> Vec<String> {
    s.console_view().lines.into_iter().map(|l| l.text).collect()
}

#[test]
fn apply_of_an_empty_editor_says_kubectls_words_in_the_console() {
    // Pins the page: nothing listed for the empty editor, Apply echoes the command and prints
    // `error: no objects passed to apply`; a NUL prints kubectl's parsing error.
    let mut s = Session::new("", DEFAULT_SEED, 1.0);
    s.dispatch(Intent::Advance(0.0));
    assert!(s.editor_view().analysis.diagnostics.is_empty());
    s.dispatch(Intent::Apply);
    let lines = console_texts(&s);
    let at = lines
        .iter()
        .position(|l| l == "kubectl apply -f editor.yaml")
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(
        lines.get(at + 1).map(String::as_str),
        Some("error: no objects passed to apply")
    );

    let mut s = Session::new(&format!("{CM}data:\n  k: \"\0\"\n"), DEFAULT_SEED, 1.0);
    s.dispatch(Intent::Advance(0.0));
    let d = &s.editor_view().analysis.diagnostics;
    assert_eq!((d.len(), d[0].pos), (1, Pos::new(6, 7)));
    s.dispatch(Intent::Apply);
    let lines = console_texts(&s);
    assert!(
        lines.contains(&format!("error: error parsing editor.yaml: {CONTROL}")),
        "{lines:?}"
    );
}

#[test]
fn kubectl_apply_of_an_empty_or_nul_file_fails_with_status_1() {
    // Pins the console (browser and `podplay run`): apply.go's error for an empty set, the
    // stream visitor's "error parsing FILE" for a NUL, exit status 1 for both.
    let mut c = common::console::console_with(
        "minikube start",
        &[
            ("empty.yaml", String::new()),
            ("comments.yaml", "# nothing\n---\n".to_string()),
            ("nul.yaml", format!("{CM}data:\n  k: a\0\n")),
        ],
    );
    c.finish();
    for (file, want) in [
        (
            "empty.yaml",
            "error: no objects passed to apply\n".to_string(),
        ),
        (
            "comments.yaml",
            "error: no objects passed to apply\n".to_string(),
        ),
        (
            "nul.yaml",
            format!("error: error parsing nul.yaml: {CONTROL}\n"),
        ),
    ] {
        let (out, err) = common::console::run(&mut c, &format!("kubectl apply -f {file}"));
        c.finish();
        assert_eq!((out.as_str(), err), ("", want), "{file}");
        assert_eq!(common::console::run(&mut c, "echo $?").0, "1\n", "{file}");
    }
}

#[test]
fn more_than_20000_objects_are_refused_past_the_limit_with_one_error() {
    // Pins the objects limit and what the learner sees: the first 20,000 objects are read, the
    // 20,001st gets one error at its line, nothing after it is read.
    let doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{}\n";
    let text: String = (0..podplay::manifest::MAX_OBJECTS + 5)
        .map(|i| format!("---\n{}", doc.replace("{}", &i.to_string())))
        .collect();
    let a = analyze(&text);
    assert_eq!(a.objects.len(), podplay::manifest::MAX_OBJECTS);
    let errors: Vec<(u32, Code, String)> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.pos.line, d.code, d.msg.render(Lang::En)))
        .collect();
    assert_eq!(
        errors,
        vec![(
            u32::try_from(podplay::manifest::MAX_OBJECTS * 5 + 2).unwrap(),
            Code::TooManyObjects,
            "more than 20000 objects: podplay reads at most 20000".to_string()
        )]
    );
}
