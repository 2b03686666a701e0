//! bash's builtins the tutorials use (echo, printf, test, true/false, export, exit, jobs, kill,
//! wait, cd/pwd) and the text tools a host has (cat, head, tail, grep, wc, sort), reading
//! standard input from a pipe or a here-document and files from the learner's working directory.

use super::{Console, Exec, Files, Io, Running, WaitBg};
use crate::console::reason;

/// A builtin's status, its job when it waits, and whether it called the API (never).
type Ran = (i32, Option<Running>, bool);

fn done(status: i32) -> Option<Ran> {
    Some((status, None, false))
}

/// Runs `argv` if it names a builtin or a text tool; `None` otherwise.
pub(super) fn run(
    ex: &mut Exec,
    c: &mut Console,
    argv: &[String],
    stdin: Option<&str>,
    io: &mut Io,
) -> Option<Ran> {
    let args = &argv[1..];
    match argv[0].as_str() {
        "echo" => done(echo(args, io)),
        "printf" => done(printf(args, io)),
        "true" | ":" => done(0),
        "false" => done(1),
        "test" => done(test(args, io, "test", &|f| host_file(c, f))),
        "[" => {
            if args.last().is_some_and(|a| a == "]") {
                done(test(&args[..args.len() - 1], io, "[", &|f| host_file(c, f)))
            } else {
                io.err("bash: [: missing `]'");
                done(2)
            }
        }
        "cd" => done(0),
        "break" | "continue" => {
            // Inside a loop these compile to jumps; here they stand outside any.
            io.err(&format!(
                "bash: {}: only meaningful in a `for', `while', or `until' loop",
                argv[0]
            ));
            done(0)
        }
        "pwd" => {
            io.out("/home/learner\n");
            done(0)
        }
        "export" | "readonly" | "local" => {
            for a in args {
                if let Some((n, v)) = a.split_once('=') {
                    ex.vars.insert(n.to_string(), v.to_string());
                }
            }
            done(0)
        }
        "unset" => {
            for a in args {
                ex.vars.remove(a);
            }
            done(0)
        }
        "exit" => {
            ex.pc = ex.ops.len();
            done(
                args.first()
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(ex.status),
            )
        }
        "jobs" => done(jobs(c, io)),
        "kill" => done(kill(c, args, io)),
        "wait" => {
            if c.sh.bg.is_empty() {
                return done(0);
            }
            let mut r = Running::new(Box::new(WaitBg));
            r.wait_bg = true;
            Some((0, Some(r), false))
        }
        "cat" | "head" | "tail" | "grep" | "wc" | "sort" | "tee" => {
            Some((text_tool(c, argv, stdin, io), None, false))
        }
        _ => None,
    }
}

fn echo(args: &[String], io: &mut Io) -> i32 {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let flags = a
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && f.chars().all(|c| matches!(c, 'n' | 'e' | 'E')));
        let Some(flags) = flags else { break };
        for f in flags.chars() {
            match f {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        i += 1;
    }
    let mut text = args[i.min(args.len())..].join(" ");
    if escapes {
        let (t, stop) = unescape(&text);
        text = t;
        if stop {
            newline = false;
        }
    }
    if newline {
        text.push('\n');
    }
    io.out(&text);
    0
}

/// `\n`, `\t`, `\\` and friends; `\c` stops the output (second value true).
fn unescape(s: &str) -> (String, bool) {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('a') => out.push('\u{7}'),
            Some('e') => out.push('\u{1b}'),
            Some('c') => return (out, true),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

fn printf(args: &[String], io: &mut Io) -> i32 {
    let Some(format) = args.first() else {
        io.err("printf: usage: printf [-v var] format [arguments]");
        return 2;
    };
    let mut rest = args[1..].iter();
    let mut status = 0;
    let mut out = String::new();
    loop {
        let mut used = false;
        let chars: Vec<char> = format.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                let (t, _) = unescape(
                    &chars[i..(i + 2).min(chars.len())]
                        .iter()
                        .collect::<String>(),
                );
                out.push_str(&t);
                i += 2;
                continue;
            }
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            // %[-][width]conv
            let mut j = i + 1;
            while j < chars.len() && (chars[j] == '-' || chars[j].is_ascii_digit()) {
                j += 1;
            }
            let spec: String = chars[i + 1..j].iter().collect();
            let conv = chars.get(j).copied().unwrap_or('%');
            i = j + 1;
            if conv == '%' {
                out.push('%');
                continue;
            }
            used = true;
            let arg = rest.next().cloned().unwrap_or_default();
            let value = match conv {
                'd' | 'i' => match arg.trim().parse::<i64>() {
                    Ok(n) => n.to_string(),
                    Err(_) if arg.is_empty() => "0".to_string(),
                    Err(_) => {
                        io.err(&format!("bash: printf: {arg}: invalid number"));
                        status = 1;
                        "0".to_string()
                    }
                },
                'b' => unescape(&arg).0,
                _ => arg,
            };
            let width: usize = spec.trim_start_matches('-').parse().unwrap_or(0);
            if spec.starts_with('-') {
                out.push_str(&format!("{value:<width$}"));
            } else {
                out.push_str(&format!("{value:>width$}"));
            }
        }
        if !used || rest.len() == 0 {
            break;
        }
    }
    io.out(&out);
    status
}

/// `test` / `[ ]`: 0 true, 1 false, 2 on a usage error.
/// What `-f`/`-d` see on the host: the working directory's files (`Some(false)`) and its
/// directory itself (`Some(true)`).
fn host_file(c: &Console, f: &str) -> Option<bool> {
    if matches!(f, "." | "./" | "/home/learner" | "~") {
        return Some(true);
    }
    c.files().read(f).ok().map(|_| false)
}

/// Whether a path exists, and is a directory.
pub(crate) type Probe<'a> = &'a dyn Fn(&str) -> Option<bool>;

pub(crate) fn test(args: &[String], io: &mut Io, name: &str, probe: Probe<'_>) -> i32 {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let truth = match a.as_slice() {
        [] => Some(false),
        ["!", rest @ ..] => {
            let owned: Vec<String> = rest.iter().map(|s| (*s).to_string()).collect();
            return match test(&owned, io, name, probe) {
                0 => 1,
                1 => 0,
                s => s,
            };
        }
        [s] => Some(!s.is_empty()),
        ["-z", s] => Some(s.is_empty()),
        ["-n", s] => Some(!s.is_empty()),
        ["-f", f] => Some(probe(f) == Some(false)),
        ["-e" | "-r", f] => Some(probe(f).is_some()),
        ["-s", f] => Some(probe(f) == Some(false)),
        ["-d", d] => Some(probe(d) == Some(true)),
        [l, "=" | "==", r] => Some(l == r),
        [l, "!=", r] => Some(l != r),
        [l, op @ ("-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge"), r] => {
            let (Ok(x), Ok(y)) = (l.trim().parse::<i64>(), r.trim().parse::<i64>()) else {
                let bad = if l.trim().parse::<i64>().is_err() {
                    l
                } else {
                    r
                };
                io.err(&format!("bash: {name}: {bad}: integer expression expected"));
                return 2;
            };
            Some(match *op {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-le" => x <= y,
                "-gt" => x > y,
                _ => x >= y,
            })
        }
        [_, op, _] => {
            io.err(&format!("bash: {name}: {op}: binary operator expected"));
            return 2;
        }
        _ => {
            io.err(&format!("bash: {name}: too many arguments"));
            return 2;
        }
    };
    i32::from(truth != Some(true))
}

fn jobs(c: &Console, io: &mut Io) -> i32 {
    let n = c.sh.bg.len();
    for (i, b) in c.sh.bg.iter().enumerate() {
        io.out(&format!(
            "[{}]{}  {:<24}{} &\n",
            b.id,
            mark(i, n),
            "Running",
            b.text
        ));
    }
    0
}

/// `+` for the current job (the newest), `-` for the one before, else a space.
pub(crate) fn mark(i: usize, n: usize) -> char {
    if i + 1 == n {
        '+'
    } else if i + 2 == n {
        '-'
    } else {
        ' '
    }
}

fn kill(c: &mut Console, args: &[String], io: &mut Io) -> i32 {
    let targets: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if targets.is_empty() {
        io.err("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]");
        return 2;
    }
    let mut status = 0;
    for t in targets {
        let n = c.sh.bg.len();
        let index = if let Some(spec) = t.strip_prefix('%') {
            match spec {
                "" | "%" | "+" => n.checked_sub(1),
                "-" => n.checked_sub(2),
                s => s
                    .parse::<u32>()
                    .ok()
                    .and_then(|id| c.sh.bg.iter().position(|b| b.id == id)),
            }
        } else {
            match t.parse::<u32>() {
                Ok(pid) => c.sh.bg.iter().position(|b| b.pid == pid),
                Err(_) => {
                    io.err(&format!(
                        "bash: kill: {t}: arguments must be process or job IDs"
                    ));
                    status = 1;
                    continue;
                }
            }
        };
        let Some(i) = index else {
            if t.starts_with('%') {
                io.err(&format!("bash: kill: {t}: no such job"));
            } else {
                io.err(&format!("bash: kill: ({t}) - No such process"));
            }
            status = 1;
            continue;
        };
        let notice = c.bg_notice(i, Some("Terminated"));
        c.kill_bg(i);
        c.sh.notices.push(notice);
    }
    status
}

/// cat, head, tail, grep, wc, sort, tee over stdin or the named files.
fn text_tool(c: &mut Console, argv: &[String], stdin: Option<&str>, io: &mut Io) -> i32 {
    let name = argv[0].as_str();
    let args = &argv[1..];
    let mut opts: Vec<&str> = Vec::new();
    let mut operands: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if matches!(a.as_str(), "-n" | "-c" | "-e" | "-k") && name != "cat" {
            opts.push(a);
            if let Some(v) = it.next() {
                opts.push(v);
            }
        } else if a.starts_with('-') && a.len() > 1 {
            opts.push(a);
        } else {
            operands.push(a);
        }
    }
    let pattern = if name == "grep" {
        match opts.iter().position(|o| *o == "-e") {
            Some(p) => opts.get(p + 1).map(|s| (*s).to_string()),
            None if operands.is_empty() => {
                io.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.");
                return 2;
            }
            None => Some(operands.remove(0).to_string()),
        }
    } else {
        None
    };
    let mut status = 0;
    let mut input = String::new();
    if operands.is_empty() {
        input.push_str(stdin.unwrap_or(""));
    }
    // tee's operands are where it writes, not what it reads.
    let reads = if name == "tee" {
        &[][..]
    } else {
        &operands[..]
    };
    for f in reads {
        match c.files().read(f) {
            Ok(t) => {
                input.push_str(&t);
                if !t.is_empty() && !t.ends_with('\n') {
                    input.push('\n');
                }
            }
            Err(e) => {
                io.err(&format!("{name}: {f}: {}", reason::strerror(&e)));
                if let Some(note) = reason::note(&e, c.lang) {
                    io.err(&note);
                }
                status = if name == "grep" { 2 } else { 1 };
            }
        }
    }
    if name == "tee" {
        let mut status = 0;
        for f in &operands {
            if !c.files_mut().write(f, stdin.unwrap_or("")) {
                io.err(&format!("tee: {f}: File too large"));
                status = 1;
            }
        }
        io.out(stdin.unwrap_or(""));
        return status;
    }
    if name == "cat" {
        io.out(&input);
        return status;
    }
    let lines: Vec<&str> = input.lines().collect();
    let result = filter(name, &opts, pattern.as_deref(), &lines);
    match result {
        Some(out) => {
            if name == "grep" && out.is_empty() && status == 0 {
                status = 1;
            }
            let mut text = out.join("\n");
            if !out.is_empty() {
                text.push('\n');
            }
            io.out(&text);
        }
        None => status = 1,
    }
    status
}

fn count(opts: &[&str]) -> Option<usize> {
    let mut it = opts.iter();
    while let Some(o) = it.next() {
        if *o == "-n" {
            return it
                .next()
                .and_then(|v| v.trim_start_matches('+').parse().ok());
        }
        if let Some(v) = o.strip_prefix("-n") {
            return v.parse().ok();
        }
        if let Ok(n) = o.trim_start_matches('-').parse() {
            return Some(n);
        }
    }
    None
}

fn filter(name: &str, opts: &[&str], pattern: Option<&str>, lines: &[&str]) -> Option<Vec<String>> {
    let own = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    Some(match name {
        "head" => own(&lines[..count(opts).unwrap_or(10).min(lines.len())]),
        "tail" => {
            let n = count(opts).unwrap_or(10).min(lines.len());
            own(&lines[lines.len() - n..])
        }
        // `wc -c` counts bytes and `-w` words; otherwise lines.
        "wc" if opts.contains(&"-c") => {
            vec![lines.iter().map(|l| l.len() + 1).sum::<usize>().to_string()]
        }
        "wc" if opts.contains(&"-w") => vec![lines
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum::<usize>()
            .to_string()],
        "wc" => vec![lines.len().to_string()],
        "sort" => {
            let mut v = own(lines);
            v.sort();
            if opts.contains(&"-r") {
                v.reverse();
            }
            if opts.contains(&"-u") {
                v.dedup();
            }
            v
        }
        "grep" => {
            let pat = pattern.unwrap_or("");
            let ci = opts.iter().any(|o| o.starts_with('-') && o.contains('i'));
            let inv = opts.iter().any(|o| o.starts_with('-') && o.contains('v'));
            let count_only = opts.contains(&"-c");
            let hits: Vec<String> = lines
                .iter()
                .filter(|l| {
                    let hit = if ci {
                        l.to_lowercase().contains(&pat.to_lowercase())
                    } else {
                        l.contains(pat)
                    };
                    hit != inv
                })
                .map(|s| (*s).to_string())
                .collect();
            if count_only {
                vec![hits.len().to_string()]
            } else {
                hits
            }
        }
        _ => own(lines),
    })
}
