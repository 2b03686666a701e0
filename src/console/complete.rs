//! Tab completion: commands, kubectl verbs, resource types, object names, flags' values (file
//! names after `-f`, pod names after `exec`/`logs`). Candidates are whole words that start with
//! the word under the cursor (the end of the line); the panel fills in what they share.

use super::kubectl::VERBS;
use super::parse::{tokenize, Token};
use super::resources::Res;
use super::{objects, Console, Files};

const HOST: [&str; 10] = [
    "kubectl", "minikube", "sleep", "clear", "help", "history", "ls", "cat", "echo", "pwd",
];
const ROLLOUT: [&str; 6] = ["history", "pause", "restart", "resume", "status", "undo"];
const TYPES: [&str; 14] = [
    "all",
    "deployments",
    "endpoints",
    "endpointslices",
    "events",
    "namespaces",
    "nodes",
    "persistentvolumeclaims",
    "persistentvolumes",
    "pods",
    "replicasets",
    "services",
    "statefulsets",
    "storageclasses",
];

fn names(console: &Console, res: Res, ns: &str) -> Vec<String> {
    let (Some(sim), Some(kind)) = (console.sim(), res.kind()) else {
        return Vec::new();
    };
    objects::list(sim.cluster(), kind, Some(ns))
        .into_iter()
        .map(|m| m.name.clone())
        .collect()
}

#[must_use]
pub fn complete(console: &Console, line: &str) -> Vec<String> {
    if console.prompt() != "$ " {
        return Vec::new();
    }
    let Ok(tokens) = tokenize(line) else {
        return Vec::new();
    };
    let mut words: Vec<String> = tokens
        .into_iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w),
            Token::Op(_) => None,
        })
        .collect();
    let current = if line.ends_with(char::is_whitespace) || line.is_empty() {
        String::new()
    } else {
        words.pop().unwrap_or_default()
    };
    let mut candidates: Vec<String> = candidates(console, &words, &current);
    candidates.retain(|c| c.starts_with(&current));
    candidates.sort();
    candidates.dedup();
    candidates
}

fn candidates(console: &Console, words: &[String], current: &str) -> Vec<String> {
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    let Some(first) = words.first() else {
        return owned(&HOST);
    };
    let before = words.last().map_or("", String::as_str);
    if matches!(before, "-f" | "--filename") || first == "cat" {
        return console.files().names();
    }
    let ns = words
        .iter()
        .position(|w| w == "-n" || w == "--namespace")
        .and_then(|i| words.get(i + 1))
        .map_or("default", String::as_str);
    if matches!(before, "-n" | "--namespace") {
        return names(console, Res::Namespaces, "");
    }
    match first.as_str() {
        "minikube" if words.len() == 1 => owned(&["ip", "start", "status"]),
        "kubectl" | "k" => {
            let rest: Vec<&String> = words[1..].iter().filter(|w| !w.starts_with('-')).collect();
            let Some(verb) = rest.first() else {
                return owned(&VERBS);
            };
            let args = &rest[1..];
            match verb.as_str() {
                "exec" | "logs" if args.is_empty() => names(console, Res::Pods, ns),
                "rollout" if args.is_empty() => owned(&ROLLOUT),
                "rollout" if args.len() == 1 => {
                    let mut v = Vec::new();
                    for (res, word) in [
                        (Res::Deployments, "deployment"),
                        (Res::StatefulSets, "statefulset"),
                    ] {
                        for n in names(console, res, ns) {
                            v.push(format!("{word}/{n}"));
                        }
                    }
                    v
                }
                "apply" | "create" | "run" | "version" | "cluster-info" => Vec::new(),
                _ => {
                    if let Some((t, _)) = current.split_once('/') {
                        return Res::resolve(t).map_or_else(Vec::new, |res| {
                            names(console, res, ns)
                                .into_iter()
                                .map(|n| format!("{t}/{n}"))
                                .collect()
                        });
                    }
                    match args.first() {
                        None => owned(&TYPES)
                            .into_iter()
                            .chain(
                                Res::all()
                                    .flat_map(|r| r.short_names().iter().map(|s| (*s).to_string())),
                            )
                            .collect(),
                        Some(t) => Res::resolve(t.split(',').next().unwrap_or(""))
                            .map_or_else(Vec::new, |res| names(console, res, ns)),
                    }
                }
            }
        }
        _ => Vec::new(),
    }
}
