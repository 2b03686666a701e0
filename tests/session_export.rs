//! Export: the console's transcript, and its history as a `podplay run` script that carries
//! the editor's files in here-documents and, run by the command line, prints that transcript.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::examples;
use podplay::session::export::parse_at_directive;
use podplay::session::{Intent, Session, DEFAULT_SEED};

mod common;
use common::page::Page;

fn web_ready(s: &Session, name: &str) -> bool {
    s.live().is_some_and(|sim| {
        sim.cluster()
            .pods
            .values()
            .any(|p| p.meta.name == name && p.is_ready())
    })
}

/// The seed walkthrough: Apply (which starts minikube), web-1 Ready, a look around, DNS from
/// a pod, a file applied by name, and a scale.
fn walkthrough() -> Page {
    let mut p = Page::new();
    p.s.dispatch(Intent::Apply);
    assert!(p.run_until(120, |s| web_ready(s, "web-1")));
    p.run_done("kubectl get pods");
    p.run_done("kubectl get svc");
    p.run_done("kubectl apply -f headless-service.yaml");
    p.s.dispatch(Intent::Run(
        "kubectl run -it --rm --image=busybox:1.28 dns-test -- /bin/sh".into(),
    ));
    assert!(p.run_until(60, |s| s.console_view().prompt == "/ # "));
    p.frame(700.0);
    p.run_done("nslookup web-0.nginx");
    p.run_done("exit");
    p.frame(1500.0);
    p.run_done("kubectl scale sts web --replicas=3");
    assert!(p.run_until(120, |s| web_ready(s, "web-2")));
    p.run_done("kubectl get pods -l app=nginx -o wide");
    p
}

/// The script's lines as `podplay run` echoes them (first lines of a command after `$ `,
/// here-document lines after bash's `> `).
fn echoed(lines: &[&str]) -> String {
    let mut s = String::new();
    let mut inside: Option<String> = None;
    for line in lines {
        if let Some(delim) = &inside {
            s.push_str(&format!("> {line}\n"));
            if line == delim {
                inside = None;
            }
        } else {
            s.push_str(&format!("$ {line}\n"));
            inside = line
                .split("<<'")
                .nth(1)
                .and_then(|r| r.split('\'').next())
                .map(str::to_string);
        }
    }
    s
}

#[test]
fn the_exported_script_run_by_the_command_line_prints_the_transcript() {
    let p = walkthrough();
    let transcript = p.s.transcript();
    let script = p.s.export_script();
    // The files the history uses come first, in name order, as they were used.
    let editor = examples::all_together();
    let headless = examples::HEADLESS_SERVICE;
    let preamble = format!(
        "cat <<'EOF' > editor.yaml\n{editor}EOF\ncat <<'EOF' > headless-service.yaml\n{headless}EOF\n"
    );
    assert!(script.starts_with(&preamble), "{script}");
    let rest: Vec<&str> = script[preamble.len()..].lines().collect();
    let commands: Vec<&str> = rest
        .iter()
        .copied()
        .filter(|l| parse_at_directive(l).is_none())
        .collect();
    assert_eq!(
        commands,
        [
            "minikube start",
            "kubectl apply -f editor.yaml",
            "kubectl get pods",
            "kubectl get svc",
            "kubectl apply -f headless-service.yaml",
            "kubectl run -it --rm --image=busybox:1.28 dns-test -- /bin/sh",
            "nslookup web-0.nginx",
            "exit",
            "kubectl scale sts web --replicas=3",
            "kubectl get pods -l app=nginx -o wide",
        ]
    );
    // Time ran between lines, so each is preceded by the moment it was run at.
    let moments: Vec<u64> = rest.iter().filter_map(|l| parse_at_directive(l)).collect();
    assert!(moments.len() >= 6, "{moments:?}");
    assert!(moments.windows(2).all(|w| w[0] < w[1]), "{moments:?}");

    let dir = std::env::temp_dir().join(format!("podplay-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("history.sh");
    std::fs::write(&path, &script).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = ["run".to_string(), path.display().to_string()];
    let code = podplay::cli::run(&args, &mut out, &mut err);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let out = String::from_utf8(out).unwrap();
    // The only difference: the command line also echoes the here-documents that write the
    // files (the page's editor held them); the page's greeting is not part of the transcript.
    let preamble_lines: Vec<&str> = preamble.lines().collect();
    let expected = format!("{}{transcript}", echoed(&preamble_lines));
    assert!(transcript.contains("$ kubectl apply -f editor.yaml\n"));
    assert!(transcript.contains("web-2"));
    assert_eq!(out, expected);
}

#[test]
fn here_documents_pick_a_delimiter_no_line_of_the_file_is() {
    let mut s = Session::new("a: 1\nEOF\n", DEFAULT_SEED, 1.0);
    s.dispatch(Intent::Advance(0.0));
    s.dispatch(Intent::Apply);
    let script = s.export_script();
    assert!(
        script.starts_with("cat <<'EOF_1' > editor.yaml\na: 1\nEOF\nEOF_1\nminikube start\n"),
        "{script}"
    );
}

#[test]
fn a_file_changed_later_is_written_again_before_the_line_that_uses_it() {
    let mut p = Page::new();
    p.s.dispatch(Intent::Edit(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n".into(),
    ));
    p.s.dispatch(Intent::Apply);
    p.frame(500.0);
    p.s.dispatch(Intent::Edit(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n".into(),
    ));
    p.s.dispatch(Intent::Apply);
    let script = p.s.export_script();
    let cmds: Vec<&str> = script
        .lines()
        .filter(|l| parse_at_directive(l).is_none())
        .collect();
    assert_eq!(
        cmds,
        [
            "cat <<'EOF' > editor.yaml",
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata:",
            "  name: a",
            "EOF",
            "minikube start",
            "kubectl apply -f editor.yaml",
            "cat <<'EOF' > editor.yaml",
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata:",
            "  name: b",
            "EOF",
            "kubectl apply -f editor.yaml",
        ]
    );
}
