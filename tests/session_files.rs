//! The editor's named files as the session keeps them: the first load's tabs, adding,
//! renaming, closing and showing files, each one a document the console reads by name, Apply
//! on the file shown, an example over hand edits that Undo brings back, and the saved record.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::rc::Rc;

use common::console::example;
use podplay::examples;
use podplay::i18n::Lang;
use podplay::session::editor::{Doc, Stored};
use podplay::session::journal::Action;
use podplay::session::{Changed, Intent, Session, DEFAULT_SEED};

const TUTORIAL_FILES: [&str; 3] = [
    "headless-service.yaml",
    "statefulset.yaml",
    "deployment-service.yaml",
];

fn first_load() -> Session {
    let mut s = Session::new(&examples::all_together(), DEFAULT_SEED, 1.0);
    s.dispatch(Intent::Advance(0.0));
    s
}

fn names(s: &Session) -> Vec<String> {
    s.editor_view()
        .files
        .iter()
        .map(|n| n.to_string())
        .collect()
}

fn docs(s: &Session) -> Vec<Doc> {
    s.editor().docs().to_vec()
}

/// Runs `line` and lets virtual time pass until the console is free again.
fn run(s: &mut Session, wall: &mut f64, line: &str) {
    s.dispatch(Intent::Run(line.to_string()));
    for _ in 0..600 {
        if !s.console_busy() {
            return;
        }
        *wall += 100.0;
        s.dispatch(Intent::Advance(*wall));
    }
    panic!("{line} still runs");
}

/// The lines printed after the last echo of `line`.
fn output_after(s: &Session, line: &str) -> Vec<String> {
    let text = s.console_text();
    let echo = format!("$ {line}\n");
    let at = text
        .rfind(&echo)
        .unwrap_or_else(|| panic!("no {echo:?} in {text}"));
    text[at + echo.len()..]
        .lines()
        .take_while(|l| !l.starts_with("$ "))
        .map(str::to_string)
        .collect()
}

fn roundtrip(s: &Session) -> Session {
    Session::restore_json(&s.save_json(), 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)))
}

#[test]
fn the_first_load_shows_editor_yaml_beside_the_tutorials_files() {
    let s = first_load();
    assert_eq!(
        names(&s),
        [
            "editor.yaml",
            "headless-service.yaml",
            "statefulset.yaml",
            "deployment-service.yaml"
        ]
    );
    let view = s.editor_view();
    assert_eq!(view.active, 0);
    assert_eq!(*view.text, *examples::all_together());
    assert_eq!(view.undo, None);
    assert_eq!(s.file("editor.yaml"), Some(examples::all_together()));
    assert_eq!(
        s.file("statefulset.yaml").as_deref(),
        Some(examples::STATEFULSET)
    );
}

#[test]
fn zookeeper_pasted_into_a_file_of_that_name_is_what_the_tutorials_command_applies() {
    let zookeeper = example("zookeeper.yaml");
    let mut s = first_load();
    assert_eq!(s.dispatch(Intent::AddFile), Changed::EDITOR);
    assert_eq!(names(&s)[4], "untitled.yaml");
    assert_eq!(s.editor_view().active, 4);
    assert_eq!(*s.editor_view().text, *"");
    s.dispatch(Intent::RenameFile {
        index: 4,
        name: " zookeeper.yaml ".into(),
    });
    assert_eq!(names(&s)[4], "zookeeper.yaml");
    s.dispatch(Intent::Edit(zookeeper.clone()));
    assert_eq!(s.file("zookeeper.yaml"), Some(zookeeper.clone()));
    assert_eq!(s.file("untitled.yaml"), None);

    let mut wall = 0.0;
    run(&mut s, &mut wall, "minikube start");
    run(&mut s, &mut wall, "kubectl apply -f zookeeper.yaml");
    assert_eq!(
        output_after(&s, "kubectl apply -f zookeeper.yaml"),
        [
            "service/zk-hs created",
            "service/zk-cs created",
            "poddisruptionbudget.policy/zk-pdb created",
            "statefulset.apps/zk created"
        ]
    );
    run(&mut s, &mut wall, "cat zookeeper.yaml");
    assert_eq!(
        output_after(&s, "cat zookeeper.yaml").join("\n"),
        zookeeper.trim_end()
    );
    // The editor's other files are still there; the new one is recorded before the line that
    // read it.
    let files = s
        .journal()
        .iter()
        .find_map(|e| match &e.action {
            Action::Files(f) => Some(f.clone()),
            _ => None,
        })
        .expect("the files recorded");
    assert_eq!(
        files.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "deployment-service.yaml",
            "editor.yaml",
            "headless-service.yaml",
            "statefulset.yaml",
            "zookeeper.yaml"
        ]
    );
    let r = roundtrip(&s);
    assert_eq!(r.save(), s.save());
    assert_eq!(r.console_text(), s.console_text());
    assert_eq!(names(&r), names(&s));
}

#[test]
fn apply_sends_the_file_shown_and_echoes_its_name() {
    let mut s = first_load();
    assert_eq!(s.dispatch(Intent::SelectFile(1)), Changed::EDITOR);
    let view = s.editor_view();
    assert_eq!(view.active, 1);
    assert_eq!(*view.text, *examples::HEADLESS_SERVICE);
    assert_eq!(view.choice.id(), "headless");
    // The panels show this file's objects.
    let objects: Vec<String> = view
        .analysis
        .objects
        .iter()
        .map(|o| format!("{:?} {}", o.kind(), o.name()))
        .collect();
    assert_eq!(objects.len(), 1);
    assert!(objects[0].ends_with(" nginx"), "{objects:?}");

    s.dispatch(Intent::Apply);
    assert_eq!(
        output_after(&s, "kubectl apply -f headless-service.yaml"),
        ["service/nginx created"]
    );
    assert_eq!(
        s.journal().last().map(|e| &e.action),
        Some(&Action::ApplyFile {
            file: "headless-service.yaml".into(),
            text: Some(examples::HEADLESS_SERVICE.into())
        })
    );
    // A name a shell would split is echoed quoted, as it can be typed again.
    s.dispatch(Intent::RenameFile {
        index: 1,
        name: "my svc.yaml".into(),
    });
    s.dispatch(Intent::Apply);
    assert_eq!(
        output_after(&s, "kubectl apply -f 'my svc.yaml'"),
        ["service/nginx unchanged"]
    );
    let r = roundtrip(&s);
    assert_eq!(r.save(), s.save());
    assert_eq!(r.console_text(), s.console_text());
    assert_eq!(r.save().tabs[1], "my svc.yaml");
    assert_eq!(r.save().active, 1);
}

#[test]
fn file_names_are_checked_and_the_reason_is_translated() {
    let mut s = first_load();
    let before = names(&s);
    let refused = [
        ("", "A file needs a name.", "파일 이름을 입력하세요."),
        ("  ", "A file needs a name.", "파일 이름을 입력하세요."),
        (
            "k8s/web.yaml",
            "Use a plain file name: no /, and not . or ..",
            "폴더 없이 파일 이름만 쓰세요. /, ., ..는 쓸 수 없습니다.",
        ),
        (
            "..",
            "Use a plain file name: no /, and not . or ..",
            "폴더 없이 파일 이름만 쓰세요. /, ., ..는 쓸 수 없습니다.",
        ),
        (
            "statefulset.yaml",
            "Another file already has this name.",
            "같은 이름의 파일이 이미 있습니다.",
        ),
    ];
    for (name, en, ko) in refused {
        s.dispatch(Intent::SetLanguage(Lang::En));
        assert_eq!(
            s.dispatch(Intent::RenameFile {
                index: 2,
                name: "web.yaml".into()
            }),
            Changed::EDITOR
        );
        s.dispatch(Intent::RenameFile {
            index: 2,
            name: "statefulset.yaml".into(),
        });
        assert_eq!(
            s.dispatch(Intent::RenameFile {
                index: 0,
                name: name.into()
            }),
            Changed::EDITOR,
            "{name:?}"
        );
        assert_eq!(
            s.editor_view().name_error,
            Some((0, en.to_string())),
            "{name:?}"
        );
        s.dispatch(Intent::SetLanguage(Lang::Ko));
        assert_eq!(s.editor_view().name_error, Some((0, ko.to_string())));
        assert_eq!(names(&s), before);
    }
    // Its own name is no clash; a good name clears the reason.
    s.dispatch(Intent::RenameFile {
        index: 0,
        name: "editor.yaml".into(),
    });
    assert_eq!(s.editor_view().name_error, None);
    s.dispatch(Intent::RenameFile {
        index: 0,
        name: "seed.yaml".into(),
    });
    assert_eq!(names(&s)[0], "seed.yaml");
    assert_eq!(s.file("seed.yaml"), Some(examples::all_together()));
    assert_eq!(s.file("editor.yaml"), None);
    // No such file: nothing happens.
    assert_eq!(
        s.dispatch(Intent::RenameFile {
            index: 9,
            name: "x.yaml".into()
        }),
        Changed::NONE
    );
}

#[test]
fn warnings_name_the_file_they_are_in() {
    let mut s = first_load();
    s.dispatch(Intent::SelectFile(1));
    s.dispatch(Intent::RenameFile {
        index: 1,
        name: "svc.yaml".into(),
    });
    let twice = format!(
        "{}---\n{}",
        examples::HEADLESS_SERVICE,
        examples::HEADLESS_SERVICE
    );
    s.dispatch(Intent::Edit(twice));
    let rev = s.editor().rev;
    s.dispatch(Intent::Revalidate(rev));
    let messages: Vec<String> = s
        .editor_view()
        .analysis
        .diagnostics
        .iter()
        .map(|d| d.msg.render(Lang::En))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("the same as at svc.yaml:1")),
        "{messages:?}"
    );
}

#[test]
fn closing_keeps_one_file_and_shows_a_neighbour() {
    let mut s = first_load();
    s.dispatch(Intent::SelectFile(2));
    // A file before the one shown: the same file stays shown.
    assert_eq!(s.dispatch(Intent::CloseFile(0)), Changed::EDITOR);
    assert_eq!(
        names(&s),
        [TUTORIAL_FILES[0], TUTORIAL_FILES[1], TUTORIAL_FILES[2]]
    );
    assert_eq!(s.editor_view().active, 1);
    assert_eq!(*s.editor_view().text, *examples::STATEFULSET);
    assert_eq!(s.file("editor.yaml"), None);
    assert_eq!(
        s.editor_view().undo.as_deref(),
        Some("editor.yaml was closed.")
    );
    // The one shown: the next one is shown.
    s.dispatch(Intent::CloseFile(1));
    assert_eq!(names(&s), [TUTORIAL_FILES[0], TUTORIAL_FILES[2]]);
    assert_eq!(s.editor_view().active, 1);
    assert_eq!(*s.editor_view().text, *examples::DEPLOYMENT_SERVICE);
    // The last: the one before.
    s.dispatch(Intent::CloseFile(1));
    assert_eq!(names(&s), [TUTORIAL_FILES[0]]);
    assert_eq!(s.editor_view().active, 0);
    // One file always stays.
    assert_eq!(s.dispatch(Intent::CloseFile(0)), Changed::NONE);
    assert_eq!(names(&s), [TUTORIAL_FILES[0]]);
    // Undo brings back the last close exactly.
    s.dispatch(Intent::UndoFiles);
    assert_eq!(names(&s), [TUTORIAL_FILES[0], TUTORIAL_FILES[2]]);
    assert_eq!(s.editor_view().active, 1);
    assert_eq!(s.editor_view().undo, None);
    assert_eq!(
        s.file("deployment-service.yaml").as_deref(),
        Some(examples::DEPLOYMENT_SERVICE)
    );
}

#[test]
fn an_example_over_hand_edits_offers_undo_that_brings_back_the_exact_files() {
    let mut s = first_load();
    // Over an example's own text nothing is lost: no offer.
    s.dispatch(Intent::PickExample("deployment".into()));
    assert_eq!(s.editor_view().undo, None);

    let mine = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: mine\n".to_string();
    s.dispatch(Intent::Edit(mine.clone()));
    s.dispatch(Intent::SelectFile(3));
    s.dispatch(Intent::Edit(format!(
        "{}# kept\n",
        examples::DEPLOYMENT_SERVICE
    )));
    s.dispatch(Intent::SelectFile(0));
    let before = docs(&s);

    s.dispatch(Intent::PickExample("statefulset".into()));
    assert_eq!(*s.editor_view().text, *examples::STATEFULSET);
    assert_eq!(
        s.file("editor.yaml").as_deref(),
        Some(examples::STATEFULSET)
    );
    assert_eq!(
        s.editor_view().undo.as_deref(),
        Some("The example replaced your edits in editor.yaml.")
    );
    s.dispatch(Intent::SetLanguage(Lang::Ko));
    assert_eq!(
        s.editor_view().undo.as_deref(),
        Some("예제가 editor.yaml에서 편집한 내용을 대신했습니다.")
    );
    // A second pick loses nothing more: Undo still goes back to the hand edits.
    s.dispatch(Intent::PickExample("headless".into()));
    let loaded = s.editor().loaded_rev;
    assert_eq!(s.dispatch(Intent::UndoFiles), Changed::EDITOR);
    assert_eq!(docs(&s), before);
    assert_eq!(s.editor_view().active, 0);
    assert_eq!(*s.editor_view().text, *mine);
    assert!(
        s.editor().loaded_rev > loaded,
        "the textarea gets the text back"
    );
    assert_eq!(s.file("editor.yaml"), Some(mine.clone()));
    assert_eq!(s.editor_view().undo, None);
    assert_eq!(s.dispatch(Intent::UndoFiles), Changed::NONE);

    // An edit after the pick ends the offer (Undo would lose it).
    s.dispatch(Intent::PickExample("headless".into()));
    assert!(s.editor_view().undo.is_some());
    s.dispatch(Intent::Edit(format!(
        "{}# more\n",
        examples::HEADLESS_SERVICE
    )));
    assert_eq!(s.editor_view().undo, None);
    // Dismissed, the example stays.
    s.dispatch(Intent::PickExample("deployment".into()));
    assert_eq!(s.dispatch(Intent::DismissUndoFiles), Changed::EDITOR);
    assert_eq!(s.editor_view().undo, None);
    assert_eq!(*s.editor_view().text, *examples::DEPLOYMENT_SERVICE);
}

#[test]
fn the_page_keeps_every_file_and_the_one_shown() {
    let mut s = first_load();
    s.dispatch(Intent::AddFile);
    s.dispatch(Intent::Edit("kind: Pod\n".into()));
    s.dispatch(Intent::SelectFile(2));
    let stored = s.editor().stored();
    assert_eq!(stored.active, 2);
    assert_eq!(stored.files.len(), 5);
    assert_eq!(
        stored.files[4],
        ("untitled.yaml".to_string(), "kind: Pod\n".to_string())
    );
    let json = serde_json::to_string(&stored).unwrap();
    let back: Stored = serde_json::from_str(&json).unwrap();
    let r = Session::with_files(&back, DEFAULT_SEED, 1.0);
    assert_eq!(docs(&r), docs(&s));
    assert_eq!(r.editor_view().active, 2);
    assert_eq!(*r.editor_view().text, *examples::STATEFULSET);
    assert_eq!(r.file("untitled.yaml").as_deref(), Some("kind: Pod\n"));

    // Files a page could not have made are left out; nothing left: one empty editor.yaml.
    let odd = Stored {
        files: vec![
            ("a/b.yaml".into(), "x".into()),
            ("ok.yaml".into(), "y".into()),
            ("ok.yaml".into(), "z".into()),
            (String::new(), "w".into()),
        ],
        active: 7,
    };
    let r = Session::with_files(&odd, DEFAULT_SEED, 1.0);
    assert_eq!(names(&r), ["ok.yaml"]);
    assert_eq!(r.file("ok.yaml").as_deref(), Some("y"));
    let empty = Stored {
        files: Vec::new(),
        active: 0,
    };
    let r = Session::with_files(&empty, DEFAULT_SEED, 1.0);
    assert_eq!(names(&r), ["editor.yaml"]);
    assert_eq!(*r.editor_view().text, *"");
}

#[test]
fn the_record_keeps_the_files_their_order_and_the_one_shown() {
    let mut s = first_load();
    s.dispatch(Intent::AddFile);
    s.dispatch(Intent::RenameFile {
        index: 4,
        name: "a-pod.yaml".into(),
    });
    s.dispatch(Intent::Edit(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.19.0\n".into(),
    ));
    s.dispatch(Intent::Apply);
    s.dispatch(Intent::SelectFile(3));
    let saved = s.save();
    assert_eq!(
        saved.tabs,
        [
            "editor.yaml",
            "headless-service.yaml",
            "statefulset.yaml",
            "deployment-service.yaml",
            "a-pod.yaml"
        ]
    );
    assert_eq!(saved.active, 3);
    assert_eq!(saved.files.len(), 5);
    // The text applied is the file's now: left out of the record.
    assert!(saved.actions.iter().any(|e| e.action
        == Action::ApplyFile {
            file: "a-pod.yaml".into(),
            text: None
        }));
    let r = roundtrip(&s);
    assert_eq!(r.save(), saved);
    assert_eq!(docs(&r), docs(&s));
    assert_eq!(r.console_text(), s.console_text());
    assert!(r
        .console_text()
        .contains("$ kubectl apply -f a-pod.yaml\npod/p created\n"));

    // A record from before the tabs (files: editor.yaml only) restores the first load's tabs.
    let mut old = saved.clone();
    old.tabs = Vec::new();
    old.active = 0;
    old.files = BTreeMap::from([("editor.yaml".to_string(), "kind: Pod\n".to_string())]);
    old.actions.clear();
    let r = Session::restore(&old, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert_eq!(
        names(&r),
        [
            "editor.yaml",
            "headless-service.yaml",
            "statefulset.yaml",
            "deployment-service.yaml"
        ]
    );
    assert_eq!(*r.editor_view().text, *"kind: Pod\n");
    assert_eq!(
        r.file("headless-service.yaml").as_deref(),
        Some(examples::HEADLESS_SERVICE)
    );
}

#[test]
fn the_v1_fixture_restores_the_first_loads_tabs() {
    let json = std::fs::read_to_string("fixtures/sessions/v1-seed.json").expect("fixture");
    let r = Session::restore_json(&json, 1.0).unwrap_or_else(|m| panic!("{}", m.render(Lang::En)));
    assert_eq!(
        names(&r),
        [
            "editor.yaml",
            "headless-service.yaml",
            "statefulset.yaml",
            "deployment-service.yaml"
        ]
    );
    assert_eq!(r.editor_view().active, 0);
    assert!(r
        .console_text()
        .contains("$ kubectl apply -f editor.yaml\nservice/nginx created\n"));
}

#[test]
fn looking_back_and_undo_keep_the_files() {
    let mut s = first_load();
    s.dispatch(Intent::Apply);
    let mut wall = 0.0;
    for _ in 0..50 {
        wall += 100.0;
        s.dispatch(Intent::Advance(wall));
    }
    s.dispatch(Intent::AddFile);
    s.dispatch(Intent::Edit(
        examples::DEPLOYMENT_SERVICE.replace("replicas: 2", "replicas: 3"),
    ));
    s.dispatch(Intent::Pause);
    let now = s.now();
    s.dispatch(Intent::Seek(1_000));
    // A line typed in the past starts a new future; it reads the files as they are (three
    // replicas where the seed has two).
    s.dispatch(Intent::Run("kubectl apply -f untitled.yaml".into()));
    assert!(
        s.console_text()
            .contains("$ kubectl apply -f untitled.yaml\nservice/my-nginx-svc unchanged\ndeployment.apps/my-nginx-deployment configured\n"),
        "{}",
        s.console_text()
    );
    s.dispatch(Intent::Undo);
    assert_eq!(s.now(), now);
    assert_eq!(names(&s)[4], "untitled.yaml");
    let r = roundtrip(&s);
    assert_eq!(r.save(), s.save());
    assert_eq!(r.console_text(), s.console_text());
    assert_eq!(Rc::clone(&r.editor_view().text), s.editor_view().text);
}

#[test]
fn an_empty_file_applied_and_then_written_restores_as_it_was_applied() {
    // `Apply("")` in a record means "the text the file holds now": an Apply of an empty file
    // must not replay the text written after it.
    let mut s = first_load();
    s.dispatch(Intent::AddFile);
    s.dispatch(Intent::Apply);
    s.dispatch(Intent::Edit(examples::HEADLESS_SERVICE.into()));
    s.dispatch(Intent::SelectFile(0));
    s.dispatch(Intent::Edit(String::new()));
    s.dispatch(Intent::Apply);
    s.dispatch(Intent::Edit(examples::DEPLOYMENT_SERVICE.into()));
    let r = roundtrip(&s);
    assert_eq!(r.journal(), s.journal());
    assert_eq!(r.console_text(), s.console_text());
    assert!(
        s.console_text()
            .contains("$ kubectl apply -f untitled.yaml\nerror: no objects passed to apply\n"),
        "{}",
        s.console_text()
    );
    let services = |s: &Session| {
        let live = s.live().expect("booted");
        live.cluster()
            .services
            .values()
            .map(|svc| svc.meta.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(services(&r), services(&s));
    assert!(!services(&r)
        .iter()
        .any(|n| n == "nginx" || n == "my-nginx-svc"));
}
