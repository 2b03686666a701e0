//! The host shell's line: `kubectl …`, `minikube …`, `sleep N`, `clear`, `help`, `history`,
//! `ls`/`cat` of the documents, and pipes into `grep`/`head`/`tail`/`wc -l`. kubectl's verbs are
//! dispatched to their modules; shared error shapes live here.

use crate::engine::command::ApiError;
use crate::engine::Time;
use crate::i18n::Msg;

use super::parse::{self, Args, FlagSpec, Token, GLOBAL_FLAGS};
use super::{
    cordon, describe, exec, get, logs, minikube, mutate, rollout, Console, Ctx, Files, Job, Output,
    Poll,
};

/// The kubectl verbs the console answers (completion offers the same).
pub const VERBS: [&str; 17] = [
    "get",
    "describe",
    "apply",
    "create",
    "delete",
    "scale",
    "rollout",
    "wait",
    "patch",
    "exec",
    "run",
    "logs",
    "version",
    "cluster-info",
    "cordon",
    "uncordon",
    "kustomize",
];

/// kubectl's answer when no cluster runs (before `minikube start`).
pub const REFUSED: &str =
    "The connection to the server localhost:8080 was refused - did you specify the right host or port?";

/// The namespace a command works in (`-n`, else `default`).
#[must_use]
pub fn namespace(args: &Args) -> String {
    args.value("namespace").unwrap_or("default").to_string()
}

/// `error: unknown flag: --foo` and kubectl's pointer to the command's help.
pub fn usage_error(out: &mut Output, verb: &str, msg: &str) {
    out.err(&format!(
        "error: {msg}\nSee 'kubectl {verb} --help' for usage."
    ));
}

/// Parses a verb's flags, printing kubectl's usage error on failure.
pub fn flags(words: &[String], verb: &str, own: &[FlagSpec], out: &mut Output) -> Option<Args> {
    match parse::parse_flags(words, &[GLOBAL_FLAGS, own]) {
        Ok(a) => Some(a),
        Err(e) => {
            usage_error(out, verb, &e);
            None
        }
    }
}

/// An API error as kubectl prints it.
pub fn api_error(out: &mut Output, e: &ApiError) {
    out.err(&e.message());
}

/// `error: the server doesn't have a resource type "podz"`.
pub fn unknown_type(out: &mut Output, word: &str) {
    out.err(&format!(
        "error: the server doesn't have a resource type \"{word}\""
    ));
}

/// Parses a duration as kubectl's flags take it (`30s`, `2m`, `1h`, `500ms`, a bare number of
/// seconds); returns milliseconds.
#[must_use]
pub fn duration_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<u64>() {
        return Some(n.saturating_mul(1000));
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let (num, tail) = rest.split_at(digits);
        let value: f64 = num.parse().ok()?;
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (unit, next) = tail.split_at(unit_len);
        let scale = match unit {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        // Durations here are short and positive; the product fits easily.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let ms = (value * scale) as u64;
        total = total.saturating_add(ms);
        rest = next;
    }
    Some(total)
}

/// Runs one host-shell line.
pub fn host_line(console: &mut Console, line: &str, out: &mut Output) -> Option<Box<dyn Job>> {
    let tokens = match parse::tokenize(line) {
        Ok(t) => t,
        Err(_) => {
            // An interactive bash would wait for the closing quote; a pasted line has none.
            let quote = if line.matches('\'').count() % 2 == 1 {
                '\''
            } else {
                '"'
            };
            out.err(&format!(
                "bash: unexpected EOF while looking for matching `{quote}'"
            ));
            return None;
        }
    };
    // `cmd | filter | filter`: the filters run over what the command printed on stdout.
    let mut stages: Vec<Vec<String>> = vec![Vec::new()];
    for t in &tokens {
        match t {
            Token::Word(w) => {
                if let Some(last) = stages.last_mut() {
                    last.push(w.clone());
                }
            }
            Token::Op("|") => stages.push(Vec::new()),
            Token::Op(op) => {
                out.err(
                    &Msg::new("console.host.operator")
                        .text(*op)
                        .render(console.lang()),
                );
                return None;
            }
        }
    }
    if stages.iter().any(Vec::is_empty) {
        if stages.len() > 1 {
            out.err("bash: syntax error near unexpected token `|'");
        }
        return None;
    }
    let first = stages.remove(0);
    if stages.is_empty() {
        return command(console, &first, out);
    }
    let mut inner = Output::new();
    if let Some(mut job) = command(console, &first, &mut inner) {
        // A piped watch cannot stream through a filter here; it runs to its end first.
        if let Some(sim) = console.sim.as_mut() {
            if let Poll::Pending = job.poll(sim, &mut inner) {
                console.job = Some(job);
                inner.extend(console.finish());
            }
        }
    }
    filter(inner, &stages, out);
    None
}

fn filter(input: Output, stages: &[Vec<String>], out: &mut Output) {
    let mut lines: Vec<super::Line> = Vec::new();
    for l in input.lines {
        if l.stream == super::Stream::Err {
            out.lines.push(l);
        } else {
            lines.push(l);
        }
    }
    for stage in stages {
        let (name, rest) = (stage[0].as_str(), &stage[1..]);
        match name {
            "grep" => {
                let invert = rest.iter().any(|a| a == "-v");
                let ignore_case = rest.iter().any(|a| a == "-i");
                let Some(pattern) = rest.iter().find(|a| !a.starts_with('-')) else {
                    out.err("Usage: grep [OPTION]... PATTERNS [FILE]...");
                    return;
                };
                let pat = if ignore_case {
                    pattern.to_lowercase()
                } else {
                    pattern.clone()
                };
                lines.retain(|l| {
                    let text = if ignore_case {
                        l.text.to_lowercase()
                    } else {
                        l.text.clone()
                    };
                    text.contains(&pat) != invert
                });
            }
            "head" | "tail" => {
                let n = count_flag(rest).unwrap_or(10);
                if name == "head" {
                    lines.truncate(n);
                } else {
                    let skip = lines.len().saturating_sub(n);
                    lines.drain(..skip);
                }
            }
            "wc" => {
                let n = lines.len();
                lines = vec![super::Line {
                    stream: super::Stream::Out,
                    text: n.to_string(),
                }];
            }
            "cat" => {}
            other => {
                out.err(&format!("{other}: command not found"));
                return;
            }
        }
    }
    out.lines.extend(lines);
}

fn count_flag(args: &[String]) -> Option<usize> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-n" {
            return it.next().and_then(|v| v.parse().ok());
        }
        if let Some(v) = a.strip_prefix("-n") {
            return v.parse().ok();
        }
        if let Some(v) = a.strip_prefix('-') {
            if let Ok(n) = v.parse() {
                return Some(n);
            }
        }
    }
    None
}

fn command(console: &mut Console, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let lang = console.lang();
    let (name, rest) = (words[0].as_str(), &words[1..]);
    match name {
        "kubectl" | "k" => kubectl(console, rest, out),
        "minikube" => {
            minikube::run(console, rest, out);
            None
        }
        "sleep" => sleep(console, rest, out),
        "clear" => {
            out.clear = true;
            None
        }
        "help" => {
            out.out(&Msg::new("console.help").render(lang));
            None
        }
        "history" => {
            let lines: Vec<String> = console
                .history()
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{:>5}  {l}", i + 1))
                .collect();
            out.out(&lines.join("\n"));
            None
        }
        "ls" => {
            let names = console.files().names();
            if !names.is_empty() {
                out.out(&names.join("  "));
            }
            None
        }
        "cat" => {
            for f in rest {
                match console.files().read(f) {
                    Ok(text) => out.out(text.strip_suffix('\n').unwrap_or(&text)),
                    Err(e) => out.err(&format!("cat: {f}: {e}")),
                }
            }
            None
        }
        "echo" => {
            out.out(&rest.join(" "));
            None
        }
        "pwd" => {
            out.out("/home/learner");
            None
        }
        "curl" | "wget" => {
            super::fetch::host(console.files_mut(), lang, name, rest, out);
            None
        }
        "nslookup" | "ping" => {
            out.err(&Msg::new("console.host.network").text(name).render(lang));
            None
        }
        _ => {
            out.err(&format!("{name}: command not found"));
            None
        }
    }
}

struct Sleep {
    until: Time,
}

impl Job for Sleep {
    fn poll(&mut self, _: &mut crate::engine::Simulation, _: &mut Output) -> Poll {
        Poll::Pending
    }
    fn deadline(&self) -> Option<Time> {
        Some(self.until)
    }
    fn settle(&mut self, sim: &mut crate::engine::Simulation, _: &mut Output) -> Poll {
        sim.run_until(self.until, 1);
        Poll::Done
    }
}

fn sleep(console: &mut Console, args: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let Some(arg) = args.first() else {
        out.err("sleep: missing operand\nTry 'sleep --help' for more information.");
        return None;
    };
    let mut total = 0u64;
    for a in args {
        match duration_ms(a).or_else(|| {
            a.strip_suffix('d')
                .and_then(|d| d.parse::<u64>().ok())
                .map(|d| d * 86_400_000)
        }) {
            Some(ms) => total = total.saturating_add(ms),
            None => {
                out.err(&format!(
                    "sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information."
                ));
                return None;
            }
        }
    }
    let _ = arg;
    // Without a cluster, time has nothing to move: the sleep ends at once.
    let now = console.sim()?.now();
    Some(Box::new(Sleep {
        until: now.plus_ms(total),
    }))
}

fn kubectl(console: &mut Console, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    // Flags may come before the verb (`kubectl -n kube-system get pods`): skip them and the
    // values of the global flags that take one.
    let mut pos = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        if !w.starts_with('-') {
            pos = Some(i);
            break;
        }
        let takes_value = matches!(
            w,
            "-n" | "--namespace" | "--context" | "--request-timeout" | "-v"
        );
        i += if takes_value { 2 } else { 1 };
    }
    let Some(pos) = pos else {
        out.out(&Msg::new("console.kubectl.usage").render(console.lang()));
        return None;
    };
    let verb = words[pos].clone();
    let rest: Vec<String> = {
        let mut v = words[..pos].to_vec();
        v.extend_from_slice(&words[pos + 1..]);
        v
    };
    // Real kubectl verbs the simulation does not carry: say so, rather than pretend kubectl
    // lacks them.
    const REAL: [&str; 24] = [
        "annotate",
        "api-resources",
        "api-versions",
        "attach",
        "auth",
        "autoscale",
        "certificate",
        "completion",
        "config",
        "cp",
        "debug",
        "diff",
        "drain",
        "edit",
        "events",
        "explain",
        "expose",
        "label",
        "plugin",
        "port-forward",
        "proxy",
        "replace",
        "set",
        "top",
    ];
    if REAL.contains(&verb.as_str()) {
        out.err(
            &Msg::new("console.kubectl.unsupported")
                .text(&verb)
                .render(console.lang()),
        );
        return None;
    }
    if !VERBS.contains(&verb.as_str()) {
        out.err(&format!(
            "error: unknown command \"{verb}\" for \"kubectl\"\n\nRun 'kubectl --help' for usage."
        ));
        return None;
    }
    if verb == "version" && rest.iter().any(|w| w == "--client") {
        out.out("Client Version: v1.34.0\nKustomize Version: v5.7.1");
        return None;
    }
    if verb == "kustomize" {
        // Builds from the learner's files; needs no cluster.
        let lang = console.lang();
        super::kustomize::run(console.files_mut(), lang, &rest, out);
        return None;
    }
    let Some(mut ctx) = console.ctx() else {
        out.err(REFUSED);
        return None;
    };
    dispatch(&mut ctx, &verb, &rest, out)
}

fn dispatch(
    ctx: &mut Ctx<'_>,
    verb: &str,
    rest: &[String],
    out: &mut Output,
) -> Option<Box<dyn Job>> {
    match verb {
        "get" => {
            // `get -f FILE` / `get -k DIR` get the objects the input names.
            let words = super::fetch::expand_inputs(ctx, rest, out)?;
            get::run(ctx, &words, out)
        }
        "describe" => {
            describe::run(ctx, rest, out);
            None
        }
        "logs" => {
            logs::run(ctx, rest, out);
            None
        }
        "apply" => mutate::apply(ctx, rest, out, false),
        "create" => mutate::apply(ctx, rest, out, true),
        "delete" => mutate::delete(ctx, rest, out),
        "scale" => mutate::scale(ctx, rest, out),
        "patch" => mutate::patch(ctx, rest, out),
        "rollout" => rollout::run(ctx, rest, out),
        "wait" => rollout::wait(ctx, rest, out),
        "exec" => exec::exec(ctx, rest, out),
        "run" => exec::run(ctx, rest, out),
        "cordon" => cordon::run(ctx, rest, out, true),
        "uncordon" => cordon::run(ctx, rest, out, false),
        "version" => {
            out.out("Client Version: v1.34.0\nKustomize Version: v5.7.1\nServer Version: v1.34.0");
            None
        }
        _ => {
            out.out("Kubernetes control plane is running at https://192.168.49.2:8443\nCoreDNS is running at https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::duration_ms;

    #[test]
    fn durations_read_as_kubectl_reads_them() {
        assert_eq!(duration_ms("30s"), Some(30_000));
        assert_eq!(duration_ms("2m"), Some(120_000));
        assert_eq!(duration_ms("1m30s"), Some(90_000));
        assert_eq!(duration_ms("500ms"), Some(500));
        assert_eq!(duration_ms("5"), Some(5_000));
        assert_eq!(duration_ms("soon"), None);
    }
}
