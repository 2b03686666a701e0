//! No command line panics the console or leaves it stuck: random lines built from the words a
//! learner types (verbs, kinds, names, flags, quotes, operators) and random text, in random
//! order, with and without a cluster, inside and outside container shells.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use podplay::console::{Console, MemFiles};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "kubectl",
    "minikube",
    "start",
    "status",
    "get",
    "describe",
    "apply",
    "create",
    "delete",
    "scale",
    "patch",
    "rollout",
    "wait",
    "exec",
    "run",
    "logs",
    "status",
    "restart",
    "history",
    "undo",
    "pods",
    "po",
    "svc",
    "sts",
    "deploy",
    "rs",
    "pvc",
    "pv",
    "ep",
    "all",
    "events",
    "web-0",
    "web-1",
    "web",
    "nginx",
    "my-nginx-svc",
    "dns-test",
    "-f",
    "statefulset.yaml",
    "headless-service.yaml",
    "deployment-service.yaml",
    "editor.yaml",
    "-w",
    "-o",
    "wide",
    "yaml",
    "json",
    "name",
    "-l",
    "app=nginx",
    "-n",
    "kube-system",
    "-A",
    "--show-labels",
    "--replicas=3",
    "--replicas=-1",
    "--",
    "sh",
    "-c",
    "/bin/sh",
    "-it",
    "--rm",
    "--image=busybox:1.28",
    "hostname",
    "cat",
    "ls",
    "echo",
    "hi",
    ">",
    ">>",
    "|",
    "&&",
    ";",
    "'",
    "\"",
    "nslookup",
    "wget",
    "-qO-",
    "curl",
    "exit",
    "sleep",
    "1",
    "--for=condition=Ready",
    "--timeout=2s",
    "-p",
    "{\"spec\":{\"replicas\":1}}",
    "--grace-period=0",
    "--force",
    "--request-timeout=3s",
    "/usr/share/nginx/html/index.html",
    "grep",
    "clear",
    "help",
    "",
];

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::collection::vec(proptest::sample::select(WORDS), 0..8)
            .prop_map(|w| w.join(" ")),
        1 => "\\PC{0,40}",
    ]
}

fn files() -> Box<MemFiles> {
    let mut m = BTreeMap::new();
    for ex in podplay::examples::EXAMPLES {
        m.insert(ex.file.to_string(), ex.text.to_string());
    }
    m.insert("editor.yaml".to_string(), "kind: [".to_string());
    Box::new(MemFiles(m))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PODPLAY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(150)
    ))]

    #[test]
    fn random_command_lines_never_panic_or_hang(
        start in any::<bool>(),
        lines in proptest::collection::vec(line(), 1..10),
    ) {
        // Pins robustness: every line returns, every job ends, the prompt comes back.
        let mut c = Console::new(3, files());
        if start {
            c.submit("minikube start");
            c.submit("kubectl apply -f headless-service.yaml -f statefulset.yaml");
        }
        for l in &lines {
            let _ = c.submit(l);
            let _ = c.finish();
            prop_assert!(!c.is_busy(), "still busy after {l:?}");
            let _ = c.complete(l);
        }
        let _ = c.interrupt();
        prop_assert!(!c.prompt().is_empty());
    }
}

#[test]
fn every_unknown_line_says_something() {
    // Pins "never silence" for mistakes: each of these prints at least one line.
    let mut c = Console::new(3, files());
    c.submit("minikube start");
    for l in [
        "kubectl",
        "kubectl get",
        "kubectl get podz",
        "kubectl get pods --nope",
        "kubectl delete",
        "kubectl scale sts",
        "kubectl exec",
        "kubectl logs",
        "kubectl rollout",
        "kubectl wait",
        "kubectl patch sts web",
        "kubectl apply -f nope.yaml",
        "kubectl apply -f editor.yaml",
        "minikube frob",
        "frob",
        "sleep",
        "sleep x",
        "kubectl run",
        "kubectl describe",
        "kubectl get pods | frob",
    ] {
        let mut out = c.submit(l);
        out.extend(c.finish());
        assert!(!out.lines.is_empty(), "{l:?} printed nothing");
    }
    // An open quote or a trailing pipe asks for more, as bash does: the prompt becomes PS2.
    for l in ["echo 'x", "kubectl get pods |"] {
        c.submit(l);
        assert_eq!(c.prompt(), "> ", "{l:?}");
        assert_eq!(c.interrupt().text(), "^C\n");
        assert_eq!(c.prompt(), "$ ");
    }
}
