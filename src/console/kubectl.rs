//! The host shell's line: `kubectl …`, `minikube …`, `sleep N`, `clear`, `help`, `history`,
//! `ls`/`cat` of the documents, and pipes into `grep`/`head`/`tail`/`wc -l`. kubectl's verbs are
//! dispatched to their modules; shared error shapes live here.

use crate::engine::command::ApiError;
use crate::engine::Time;
use crate::i18n::Msg;

use super::parse::{self, Args, FlagSpec, GLOBAL_FLAGS};
use super::{
    cordon, describe, drain, edit, exec, get, logs, make, minikube, mutate, patch, real, rollout,
    Console, Ctx, Files, Job, Output, Poll,
};

/// The kubectl verbs the console answers (completion offers the same).
pub const VERBS: [&str; 22] = [
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
    "label",
    "annotate",
    "set",
    "expose",
    "drain",
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

/// Runs a host program (anything that is not a bash builtin, see `host::builtins`): kubectl,
/// minikube, sleep, and the host's own tools. Its standard input, if any, is in
/// `console.stdin` (`Ctx::stdin` for kubectl). One arm per program.
pub(crate) fn command(
    console: &mut Console,
    words: &[String],
    out: &mut Output,
) -> Option<Box<dyn Job>> {
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
        "curl" | "wget" => {
            super::fetch::host(console.files_mut(), lang, name, rest, out);
            None
        }
        "nslookup" | "ping" => {
            out.err(&Msg::new("console.host.network").text(name).render(lang));
            None
        }
        _ => {
            out.err(&format!("bash: {name}: command not found"));
            None
        }
    }
}

pub(crate) struct Sleep {
    pub(crate) until: Time,
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
    // A real kubectl command podplay does not simulate says so (src/console/real.rs).
    let mut path = vec![verb.clone()];
    path.extend(words[pos + 1..].iter().cloned());
    let Some(row) = real::longest(real::KUBECTL, &path) else {
        out.err(&format!(
            "error: unknown command \"{verb}\" for \"kubectl\"\n\nRun 'kubectl --help' for usage."
        ));
        return None;
    };
    if !row.simulated {
        real::unsimulated(row.command, console.lang(), out);
        return None;
    }
    if verb == "help" {
        out.out(&Msg::new("console.kubectl.usage").render(console.lang()));
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
    let before = out.lines.len();
    let job = dispatch(&mut ctx, &verb, &rest, out);
    real_flags(row.command, ctx.lang, out, before);
    warnings(ctx.sim, ctx.lang, out, before);
    job
}

/// The warnings the command's requests got, on stderr before what the command printed, as
/// kubectl prints the apiserver's `Warning:` headers.
pub(super) fn warnings(
    sim: &mut crate::engine::Simulation,
    lang: crate::i18n::Lang,
    out: &mut Output,
    at: usize,
) {
    let at = at.min(out.lines.len());
    for (i, m) in sim.take_warnings().into_iter().enumerate() {
        out.lines.insert(
            at + i,
            super::Line {
                stream: super::Stream::Err,
                text: m.render(lang),
            },
        );
    }
}

/// A flag error for a flag real kubectl has on this command becomes podplay's one line that
/// it does not simulate that flag (only flags real kubectl lacks stay `unknown flag`).
fn real_flags(command: &str, lang: crate::i18n::Lang, out: &mut Output, from: usize) {
    let Some(lines) = out.lines.get_mut(from..) else {
        return;
    };
    let mut replaced = false;
    for l in lines.iter_mut() {
        let Some(e) = l.text.strip_prefix("error: ") else {
            continue;
        };
        let mut note = Output::new();
        if real::unsimulated_flag(command, e, lang, &mut note) {
            if let Some(n) = note.lines.pop() {
                l.text = n.text;
                replaced = true;
            }
        }
    }
    // kubectl's pointer to the help goes with the flag error it replaced.
    if replaced {
        out.lines
            .retain(|l| !(l.text.starts_with("See 'kubectl ") && l.text.ends_with("for usage.")));
    }
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
        "create" => make::create(ctx, rest, out),
        "delete" => mutate::delete(ctx, rest, out),
        "scale" => mutate::scale(ctx, rest, out),
        "patch" => patch::run(ctx, rest, out),
        "label" => edit::label(ctx, rest, out, false),
        "annotate" => edit::label(ctx, rest, out, true),
        "set" => edit::set(ctx, rest, out),
        "expose" => make::expose(ctx, rest, out),
        "drain" => drain::run(ctx, rest, out),
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
