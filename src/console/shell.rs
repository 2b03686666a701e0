//! A small POSIX-ish shell over a simulated container: command lists with exit statuses
//! (`;`, `&&`, `||`), pipes, `>`/`>>`/`<` redirections (writes go through the engine, so a file
//! on a claim's volume outlives the pod), `$?` and `$VAR`, and `sh -c '…'` nesting. The tools a
//! container has depend on its image: busybox (ash, `nslookup`, `wget`) or Debian as in the
//! nginx image (dash as `/bin/sh`, bash, coreutils, `curl`). Their messages are the real
//! tools' wording.

mod net;
mod tools;

use std::collections::BTreeMap;

use crate::engine::command::Propagation;
use crate::engine::images::{self, ImageTraits};
use crate::engine::{Command, Key, Outcome, Simulation};
use crate::manifest::objects::Kind;

use super::parse::{self, Token};
use super::{Output, Stream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Continue,
    Exit,
}

/// The userland an image ships (busybox or Debian wording), from the image's row.
pub use crate::engine::images::Userland as Flavor;

/// Which shell interprets a line (their error wording differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellKind {
    /// busybox ash: `sh: curl: not found`.
    Ash,
    /// Debian's dash: `sh: 1: nslookup: not found`.
    Dash,
    /// bash 5.0 (Debian buster): `bash: nslookup: command not found`.
    Bash,
}

/// The shell a program name starts in this image, if it is one: `sh` is the userland's shell;
/// `ash`, `dash` and `bash` exist when the image's row lists them.
#[must_use]
pub fn shell_for(image: &ImageTraits, program: &str) -> Option<ShellKind> {
    let base = program.rsplit('/').next().unwrap_or(program);
    let in_bin = !program.contains('/') || tools::standard_dir(program);
    if !in_bin {
        return None;
    }
    if base == "sh" {
        return Some(match image.userland {
            Flavor::Busybox => ShellKind::Ash,
            Flavor::Debian => ShellKind::Dash,
        });
    }
    if !image.has_tool(base) {
        return None;
    }
    match base {
        "ash" => Some(ShellKind::Ash),
        "dash" => Some(ShellKind::Dash),
        "bash" => Some(ShellKind::Bash),
        _ => None,
    }
}

/// How an interactive session ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ending {
    /// `kubectl exec -it`: a non-zero exit status is reported.
    Exec,
    /// `kubectl run -it`: the reattach hint (restartPolicy Always with a TTY) and `--rm`.
    Attach { remove: bool, reattach: bool },
}

/// An interactive shell session in a pod's container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub pod: Key,
    container: String,
    host: String,
    shell: ShellKind,
    arg0: String,
    cwd: String,
    status: i32,
    line: u32,
    tty: bool,
    ending: Ending,
    gone: bool,
}

impl Session {
    pub(crate) fn new(
        pod: Key,
        container: &str,
        host: &str,
        shell: ShellKind,
        arg0: &str,
        tty: bool,
        ending: Ending,
    ) -> Session {
        Session {
            pod,
            container: container.to_string(),
            host: host.split('.').next().unwrap_or(host).to_string(),
            shell,
            arg0: arg0.to_string(),
            cwd: "/".to_string(),
            status: 0,
            line: 0,
            tty,
            ending,
            gone: false,
        }
    }

    /// busybox `/ # `, dash `# `, bash `root@web-0:/# `; nothing without a TTY.
    #[must_use]
    pub fn prompt(&self) -> String {
        if !self.tty {
            return String::new();
        }
        let dir = if self.cwd == "/root" {
            "~".to_string()
        } else if let Some(rest) = self.cwd.strip_prefix("/root/") {
            format!("~/{rest}")
        } else {
            self.cwd.clone()
        };
        match self.shell {
            ShellKind::Ash => format!("{dir} # "),
            ShellKind::Dash => "# ".to_string(),
            ShellKind::Bash => {
                // Debian's PS1 `\u@\h:\w\$ `; the hostname as the pod sees it (up to a dot).
                format!("root@{}:{dir}# ", self.host)
            }
        }
    }

    pub fn run_line(&mut self, sim: &mut Simulation, line: &str, out: &mut Output) -> Step {
        if !alive(sim, &self.pod) {
            self.gone = true;
            return Step::Exit;
        }
        self.line += 1;
        let image = images::traits(sim.cluster().pods.get(&self.pod).map_or("", |p| p.image()));
        let mut sh = Sh {
            sim,
            pod: self.pod.clone(),
            flavor: image.userland,
            image,
            shell: self.shell,
            arg0: self.arg0.clone(),
            interactive: true,
            line: self.line,
            cwd: self.cwd.clone(),
            status: self.status,
            tty: self.tty,
            depth: 0,
        };
        let mut io = Io::default();
        let flow = sh.run_script(line, &mut io);
        self.cwd = sh.cwd.clone();
        self.status = sh.status;
        io.flush(out);
        match flow {
            Flow::Next => Step::Continue,
            Flow::Exit(code) => {
                self.status = code;
                if self.shell == ShellKind::Bash {
                    // Interactive bash says so when the exit builtin ends it.
                    out.err("exit");
                }
                Step::Exit
            }
        }
    }

    pub fn close(self, sim: &mut Simulation, out: &mut Output) {
        match self.ending {
            Ending::Exec => {
                if self.status != 0 && !self.gone {
                    out.err(&format!(
                        "command terminated with exit code {}",
                        self.status
                    ));
                }
            }
            Ending::Attach { remove, reattach } => {
                // `kubectl@1.34:pkg/cmd/attach/attach.go` `reattachMessage` (stdout).
                if reattach {
                    out.out(&format!(
                        "Session ended, resume using 'kubectl attach {} -c {} -i -t' command when the pod is running",
                        self.pod.name, self.container
                    ));
                }
                if remove {
                    delete_pod(sim, &self.pod, Some(self.status), out);
                }
            }
        }
    }
}

/// `kubectl run --rm`: deletes the pod without waiting (`removeCreatedObjects`, IgnoreNotFound)
/// and prints the 1.34 delete line. `ended` is the exit status of the container's process when
/// it already finished (the attached shell or one-shot command), so the pod goes at once rather
/// than waiting out its grace period.
pub(crate) fn delete_pod(sim: &mut Simulation, pod: &Key, ended: Option<i32>, out: &mut Output) {
    if !sim.cluster().pods.contains_key(pod) {
        return;
    }
    if let Some(code) = ended {
        sim.exec(Command::EndProcess {
            pod: pod.clone(),
            code,
        });
    }
    if let Outcome::Deleted { .. } = sim.exec(Command::Delete {
        kind: Kind::Pod,
        key: pod.clone(),
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    }) {
        out.out(&format!(
            "pod \"{}\" deleted from {} namespace",
            pod.name, pod.namespace
        ));
    }
}

fn alive(sim: &Simulation, pod: &Key) -> bool {
    sim.cluster()
        .pods
        .get(pod)
        .is_some_and(crate::engine::cluster::Pod::container_running)
}

/// The result of running a program once (`kubectl exec` without a session).
pub(crate) struct Ran {
    pub status: i32,
}

/// Runs `argv` as the container runtime would exec it (no shell unless argv names one), with
/// no stdin. `None`: the image has no such executable.
pub(crate) fn run_argv(
    sim: &mut Simulation,
    pod: &Key,
    argv: &[String],
    tty: bool,
    out: &mut Output,
) -> Option<Ran> {
    let image = images::traits(sim.cluster().pods.get(pod).map_or("", |p| p.image()));
    let flavor = image.userland;
    let first = argv.first()?;
    if !tools::exists(image, first) {
        return None;
    }
    let mut sh = Sh {
        sim,
        pod: pod.clone(),
        flavor,
        image,
        shell: match flavor {
            Flavor::Busybox => ShellKind::Ash,
            Flavor::Debian => ShellKind::Dash,
        },
        arg0: "sh".to_string(),
        interactive: false,
        line: 1,
        cwd: "/".to_string(),
        status: 0,
        tty,
        depth: 0,
    };
    let mut io = Io::default();
    let status = match sh.program(argv, None, &mut io) {
        Flow::Next => sh.status,
        Flow::Exit(c) => c,
    };
    io.flush(out);
    Some(Ran { status })
}

/// What a command list asks of the shell after it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Next,
    Exit(i32),
}

/// Output of a command in the order it was written, stdout and stderr interleaved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Io {
    chunks: Vec<(Stream, String)>,
    /// `clear` ran: the screen empties before these chunks.
    cleared: bool,
}

impl Io {
    pub(crate) fn out(&mut self, text: &str) {
        self.chunks.push((Stream::Out, text.to_string()));
    }

    /// A line on stderr (the newline is added).
    pub(crate) fn err(&mut self, text: &str) {
        self.chunks.push((Stream::Err, format!("{text}\n")));
    }

    pub(crate) fn take_stdout(&mut self) -> String {
        self.take(Stream::Out)
    }

    /// Removes and returns everything written on `stream`.
    pub(crate) fn take(&mut self, stream: Stream) -> String {
        let mut s = String::new();
        self.chunks.retain(|(st, t)| {
            if *st == stream {
                s.push_str(t);
                false
            } else {
                true
            }
        });
        s
    }

    /// `2>&1`: what went to `from` goes to `to`.
    pub(crate) fn retag(&mut self, from: Stream, to: Stream) {
        for c in &mut self.chunks {
            if c.0 == from {
                c.0 = to;
            }
        }
    }

    /// The screen is cleared before what follows.
    pub(crate) fn clear(&mut self) {
        self.chunks.clear();
        self.cleared = true;
    }

    pub(crate) fn append(&mut self, other: Io) {
        if other.cleared {
            self.clear();
        }
        self.chunks.extend(other.chunks);
    }

    /// A console command's lines, each ended by a newline.
    pub(crate) fn extend_output(&mut self, out: Output) {
        if out.clear {
            self.clear();
        }
        for l in out.lines {
            self.chunks.push((l.stream, format!("{}\n", l.text)));
        }
    }

    /// Into console lines: text without a final newline still ends its line (the prompt
    /// follows on the next one).
    pub(crate) fn flush(self, out: &mut Output) {
        if self.cleared {
            out.lines.clear();
            out.clear = true;
        }
        let mut pending: Option<(Stream, String)> = None;
        for (stream, text) in self.chunks {
            let mut text = text;
            if let Some((ps, pt)) = pending.take() {
                if ps == stream {
                    text = format!("{pt}{text}");
                } else {
                    push_line(out, ps, &pt);
                }
            }
            let mut parts: Vec<&str> = text.split('\n').collect();
            let last = parts.pop().unwrap_or("");
            for p in parts {
                push_line(out, stream, p);
            }
            if !last.is_empty() {
                pending = Some((stream, last.to_string()));
            }
        }
        if let Some((s, t)) = pending {
            push_line(out, s, &t);
        }
    }
}

fn push_line(out: &mut Output, stream: Stream, text: &str) {
    out.lines.push(super::Line {
        stream,
        text: text.to_string(),
    });
}

/// Nesting limit for `sh -c 'sh -c …'`.
const MAX_DEPTH: u32 = 8;

/// The interpreter's state for one line or script.
pub(crate) struct Sh<'a> {
    pub(crate) sim: &'a mut Simulation,
    pub(crate) pod: Key,
    pub(crate) flavor: Flavor,
    /// The image's row: which programs exist.
    pub(crate) image: &'static ImageTraits,
    shell: ShellKind,
    arg0: String,
    interactive: bool,
    line: u32,
    pub(crate) cwd: String,
    status: i32,
    /// stdout is a terminal (`ls` lays out columns).
    pub(crate) tty: bool,
    depth: u32,
}

/// One simple command: its words and redirections.
#[derive(Debug, Default)]
struct Simple {
    words: Vec<String>,
    out_file: Option<(String, bool)>,
    in_file: Option<String>,
    err_null: bool,
    err_to_out: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Always,
    And,
    Or,
}

impl Sh<'_> {
    /// `sh: ` / `sh: 1: ` / `bash: ` — the prefix of the shell's own messages.
    fn prefix(&self) -> String {
        match self.shell {
            ShellKind::Dash => format!("{}: {}: ", self.arg0, self.line),
            ShellKind::Ash | ShellKind::Bash => format!("{}: ", self.arg0),
        }
    }

    fn syntax_error(&self, token: &str, io: &mut Io) {
        let msg = match self.shell {
            ShellKind::Ash => format!("{}syntax error: unexpected \"{token}\"", self.prefix()),
            ShellKind::Dash => format!("{}Syntax error: \"{token}\" unexpected", self.prefix()),
            ShellKind::Bash => format!(
                "{}syntax error near unexpected token `{token}'",
                self.prefix()
            ),
        };
        io.err(&msg);
    }

    /// Runs a command list.
    pub(crate) fn run_script(&mut self, text: &str, io: &mut Io) -> Flow {
        let tokens = match parse::tokenize(text) {
            Ok(t) => t,
            Err(_) => {
                let msg = match self.shell {
                    ShellKind::Ash => {
                        format!("{}syntax error: unterminated quoted string", self.prefix())
                    }
                    ShellKind::Dash => {
                        format!("{}Syntax error: Unterminated quoted string", self.prefix())
                    }
                    ShellKind::Bash => format!(
                        "{}unexpected EOF while looking for matching quote",
                        self.prefix()
                    ),
                };
                io.err(&msg);
                self.status = 2;
                return Flow::Next;
            }
        };
        // Split into pipelines joined by ; && || (a trailing `&` runs in the foreground here).
        let mut lists: Vec<(Link, Vec<Token>)> = Vec::new();
        let mut current: Vec<Token> = Vec::new();
        let mut link = Link::Always;
        let mut prev_redirect = false;
        for t in tokens {
            match t {
                Token::Op(op @ (";" | "&&" | "||")) => {
                    if current.is_empty() {
                        self.syntax_error(op, io);
                        self.status = 2;
                        return Flow::Next;
                    }
                    lists.push((link, std::mem::take(&mut current)));
                    link = match op {
                        "&&" => Link::And,
                        "||" => Link::Or,
                        _ => Link::Always,
                    };
                    prev_redirect = false;
                }
                Token::Op("&") if !prev_redirect => {
                    if !current.is_empty() {
                        lists.push((link, std::mem::take(&mut current)));
                    }
                    link = Link::Always;
                }
                other => {
                    prev_redirect = matches!(other, Token::Op(">" | ">>"));
                    current.push(other);
                }
            }
        }
        if !current.is_empty() {
            lists.push((link, current));
        } else if link != Link::Always {
            let tok = "end of file";
            self.syntax_error(tok, io);
            self.status = 2;
            return Flow::Next;
        }
        for (link, tokens) in lists {
            let run = match link {
                Link::Always => true,
                Link::And => self.status == 0,
                Link::Or => self.status != 0,
            };
            if !run {
                continue;
            }
            if let Flow::Exit(code) = self.pipeline(&tokens, io) {
                self.status = code;
                return Flow::Exit(code);
            }
        }
        Flow::Next
    }

    fn pipeline(&mut self, tokens: &[Token], io: &mut Io) -> Flow {
        let mut stages: Vec<&[Token]> = Vec::new();
        let mut start = 0;
        for (i, t) in tokens.iter().enumerate() {
            if *t == Token::Op("|") {
                stages.push(&tokens[start..i]);
                start = i + 1;
            }
        }
        stages.push(&tokens[start..]);
        if stages.iter().any(|s| s.is_empty()) {
            self.syntax_error("|", io);
            self.status = 2;
            return Flow::Next;
        }
        let mut stdin: Option<String> = None;
        let n = stages.len();
        for (i, stage) in stages.into_iter().enumerate() {
            let Some(simple) = self.simple(stage, io) else {
                self.status = 2;
                return Flow::Next;
            };
            let mut sub = Io::default();
            let input = match &simple.in_file {
                Some(f) => match self.sim.read_file(&self.pod, &self.abs(f)) {
                    Ok(t) => Some(t),
                    Err(_) => {
                        let msg = match self.shell {
                            ShellKind::Ash => {
                                format!("{}can't open {f}: no such file", self.prefix())
                            }
                            ShellKind::Dash => {
                                format!("{}cannot open {f}: No such file", self.prefix())
                            }
                            ShellKind::Bash => {
                                format!("{}{f}: No such file or directory", self.prefix())
                            }
                        };
                        io.err(&msg);
                        self.status = 1;
                        return Flow::Next;
                    }
                },
                None => stdin.take(),
            };
            let flow = if simple.words.is_empty() {
                self.status = 0;
                Flow::Next
            } else {
                self.program(&simple.words, input, &mut sub)
            };
            if simple.err_to_out {
                for c in &mut sub.chunks {
                    c.0 = Stream::Out;
                }
            } else if simple.err_null {
                sub.chunks.retain(|(s, _)| *s == Stream::Out);
            }
            if let Some((file, append)) = &simple.out_file {
                let text = sub.take_stdout();
                io.append(sub);
                self.write(file, &text, *append, io);
            } else if i + 1 < n {
                stdin = Some(sub.take_stdout());
                io.append(sub);
            } else {
                io.append(sub);
            }
            if let Flow::Exit(c) = flow {
                return Flow::Exit(c);
            }
        }
        Flow::Next
    }

    /// Words and redirections of one command, variables expanded.
    fn simple(&mut self, tokens: &[Token], io: &mut Io) -> Option<Simple> {
        let mut s = Simple::default();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Token::Word(w) => {
                    let word = self.expand(w, io);
                    s.words.push(word);
                }
                Token::Op(op @ (">" | ">>" | "<")) => {
                    // `2>` and `2>&1` arrive as the word `2` before the operator.
                    let fd2 = *op != "<" && s.words.last().is_some_and(|w| w == "2");
                    match tokens.get(i + 1) {
                        Some(Token::Op("&")) if fd2 => {
                            if let Some(Token::Word(t)) = tokens.get(i + 2) {
                                if t == "1" {
                                    s.words.pop();
                                    s.err_to_out = true;
                                    i += 3;
                                    continue;
                                }
                            }
                            self.syntax_error("&", io);
                            return None;
                        }
                        Some(Token::Word(target)) => {
                            let target = self.expand(target, io);
                            if fd2 {
                                s.words.pop();
                                s.err_null = target == "/dev/null";
                            } else if *op == "<" {
                                s.in_file = Some(target);
                            } else {
                                s.out_file = Some((target, *op == ">>"));
                            }
                            i += 2;
                            continue;
                        }
                        Some(Token::Op(next)) => {
                            self.syntax_error(next, io);
                            return None;
                        }
                        None => {
                            self.syntax_error("newline", io);
                            return None;
                        }
                    }
                }
                Token::Op(op) => {
                    self.syntax_error(op, io);
                    return None;
                }
            }
            i += 1;
        }
        Some(s)
    }

    /// `$?`, `$NAME`, `${NAME}`, and `$(command)` (its output).
    fn expand(&mut self, word: &str, io: &mut Io) -> String {
        if !word.contains('$') {
            return word.to_string();
        }
        let env = self.environment();
        let mut out = String::new();
        let chars: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c != '$' || i + 1 >= chars.len() {
                out.push(c);
                i += 1;
                continue;
            }
            let next = chars[i + 1];
            if next == '?' {
                out.push_str(&self.status.to_string());
                i += 2;
            } else if next == '{' {
                let end = chars[i + 2..].iter().position(|&c| c == '}');
                match end {
                    Some(e) => {
                        let name: String = chars[i + 2..i + 2 + e].iter().collect();
                        out.push_str(env.get(&name).map_or("", String::as_str));
                        i += 3 + e;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            } else if next == '(' {
                match parse::closing_paren(&chars, i + 2) {
                    Some(end) => {
                        let inner: String = chars[i + 2..end].iter().collect();
                        out.push_str(&self.substitute(&inner, io));
                        i = end + 1;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            } else if next.is_ascii_alphabetic() || next == '_' {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                out.push_str(env.get(&name).map_or("", String::as_str));
                i = j;
            } else {
                out.push(c);
                i += 1;
            }
        }
        out
    }

    /// Command substitution: runs `command` in a subshell and gives its standard output
    /// without trailing newlines (POSIX 2.6.3); its standard error goes to the terminal.
    fn substitute(&mut self, command: &str, io: &mut Io) -> String {
        if self.depth >= MAX_DEPTH {
            return String::new();
        }
        let mut sub = Sh {
            sim: &mut *self.sim,
            pod: self.pod.clone(),
            flavor: self.flavor,
            image: self.image,
            shell: self.shell,
            arg0: self.arg0.clone(),
            interactive: false,
            line: self.line,
            cwd: self.cwd.clone(),
            status: 0,
            tty: false,
            depth: self.depth + 1,
        };
        let mut inner = Io::default();
        let _ = sub.run_script(command, &mut inner);
        let status = sub.status;
        let text = inner.take_stdout();
        io.append(inner);
        self.status = status;
        text.trim_end_matches('\n').to_string()
    }

    /// Absolute path of `p` from the working directory.
    pub(crate) fn abs(&self, p: &str) -> String {
        if p.starts_with('/') {
            crate::engine::files::normalize(p)
        } else {
            crate::engine::files::normalize(&format!("{}/{p}", self.cwd))
        }
    }

    /// `> file`: writes through the engine (a claim's volume keeps it).
    fn write(&mut self, file: &str, text: &str, append: bool, io: &mut Io) {
        if file == "/dev/null" {
            return;
        }
        let path = self.abs(file);
        let parent = match path.rfind('/') {
            Some(0) | None => "/".to_string(),
            Some(i) => path[..i].to_string(),
        };
        let parent_ok = matches!(
            self.sim.read_file(&self.pod, &parent),
            Err(crate::engine::files::FsError::IsADirectory)
        );
        let problem = if parent_ok {
            match self.sim.exec(Command::WriteFile {
                pod: self.pod.clone(),
                path: path.clone(),
                content: text.to_string(),
                append,
            }) {
                Outcome::Done => None,
                Outcome::FileFailed(crate::engine::files::FsError::IsADirectory) => {
                    Some("Is a directory")
                }
                Outcome::FileFailed(crate::engine::files::FsError::ReadOnly) => {
                    Some("Read-only file system")
                }
                _ => Some("No such file or directory"),
            }
        } else {
            Some("No such file or directory")
        };
        if let Some(why) = problem {
            let msg = match (self.shell, why) {
                (ShellKind::Ash, "No such file or directory") => {
                    format!(
                        "{}can't create {file}: nonexistent directory",
                        self.prefix()
                    )
                }
                (ShellKind::Ash, _) => format!("{}can't create {file}: {why}", self.prefix()),
                (ShellKind::Dash, "No such file or directory") => {
                    format!(
                        "{}cannot create {file}: Directory nonexistent",
                        self.prefix()
                    )
                }
                (ShellKind::Dash, _) => format!("{}cannot create {file}: {why}", self.prefix()),
                (ShellKind::Bash, _) => format!("{}{file}: {why}", self.prefix()),
            };
            io.err(&msg);
            self.status = if self.shell == ShellKind::Dash { 2 } else { 1 };
        }
    }

    /// The container's environment (image, pod spec, Service links, as the kubelet sets it).
    pub(crate) fn environment(&self) -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        env.insert(
            "PATH".to_string(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        );
        env.insert("HOME".to_string(), "/root".to_string());
        env.insert("HOSTNAME".to_string(), self.hostname());
        let Some(pod) = self.sim.cluster().pods.get(&self.pod) else {
            return env;
        };
        for (k, v) in images::traits(pod.image()).env {
            env.insert((*k).to_string(), (*v).to_string());
        }
        if pod.spec.enable_service_links != Some(false) {
            for svc in self.sim.cluster().services.values() {
                let ns_ok = svc.meta.namespace == self.pod.namespace
                    || (svc.meta.namespace == "default" && svc.meta.name == "kubernetes");
                let Some(ip) = svc.cluster_ip() else { continue };
                if !ns_ok || svc.meta.created > pod.meta.created {
                    continue;
                }
                let Some(port) = svc.spec.ports.first() else {
                    continue;
                };
                let name = svc.meta.name.to_ascii_uppercase().replace('-', "_");
                let proto = port.protocol.clone().unwrap_or_else(|| "TCP".into());
                let url = format!("{}://{ip}:{}", proto.to_ascii_lowercase(), port.port);
                env.insert(format!("{name}_SERVICE_HOST"), ip.to_string());
                env.insert(format!("{name}_SERVICE_PORT"), port.port.to_string());
                if let Some(pn) = port.name.as_deref().filter(|n| !n.is_empty()) {
                    let pn = pn.to_ascii_uppercase().replace('-', "_");
                    env.insert(format!("{name}_SERVICE_PORT_{pn}"), port.port.to_string());
                }
                env.insert(format!("{name}_PORT"), url.clone());
                let base = format!("{name}_PORT_{}_{proto}", port.port);
                env.insert(base.clone(), url);
                env.insert(format!("{base}_PROTO"), proto.to_ascii_lowercase());
                env.insert(format!("{base}_PORT"), port.port.to_string());
                env.insert(format!("{base}_ADDR"), ip.to_string());
            }
        }
        if let Some(c) = pod.spec.containers.first() {
            if let Ok(full) =
                crate::engine::config_refs::container_env(self.sim.cluster(), pod, c, &env)
            {
                env = full;
            }
        }
        env
    }

    /// spec.hostname, else the pod's name.
    pub(crate) fn hostname(&self) -> String {
        self.sim
            .cluster()
            .pods
            .get(&self.pod)
            .map(|p| {
                p.spec
                    .hostname
                    .clone()
                    .unwrap_or_else(|| p.meta.name.clone())
            })
            .unwrap_or_default()
    }

    /// Runs one program (builtin, shell or tool) with its argv.
    pub(crate) fn program(&mut self, argv: &[String], stdin: Option<String>, io: &mut Io) -> Flow {
        let Some(name) = argv.first() else {
            return Flow::Next;
        };
        let args = &argv[1..];
        // Shell builtins.
        match name.as_str() {
            "exit" => {
                let code = match args.first() {
                    Some(a) => a.parse::<i32>().map_or(2, |c| c.rem_euclid(256)),
                    None => self.status,
                };
                return Flow::Exit(code);
            }
            "cd" => {
                self.status = self.cd(args, io);
                return Flow::Next;
            }
            ":" | "true" => {
                self.status = 0;
                return Flow::Next;
            }
            "false" => {
                self.status = 1;
                return Flow::Next;
            }
            _ => {}
        }
        if let Some(kind) = shell_for(self.image, name) {
            self.status = self.nested(kind, name, args, stdin, io);
            return Flow::Next;
        }
        if !tools::exists(self.image, name) {
            let msg = match self.shell {
                ShellKind::Ash | ShellKind::Dash => format!("{}{name}: not found", self.prefix()),
                ShellKind::Bash if name.contains('/') => {
                    format!("{}{name}: No such file or directory", self.prefix())
                }
                ShellKind::Bash => format!("{}{name}: command not found", self.prefix()),
            };
            io.err(&msg);
            self.status = 127;
            return Flow::Next;
        }
        let base = name.rsplit('/').next().unwrap_or(name).to_string();
        self.status = self.tool(&base, args, stdin, io);
        Flow::Next
    }

    /// `sh -c 'script'` (or a shell reading its stdin).
    fn nested(
        &mut self,
        kind: ShellKind,
        arg0: &str,
        args: &[String],
        stdin: Option<String>,
        io: &mut Io,
    ) -> i32 {
        if self.depth >= MAX_DEPTH {
            return 0;
        }
        let mut script: Option<String> = None;
        let mut it = args.iter();
        let mut dollar0: Option<String> = None;
        while let Some(a) = it.next() {
            if a == "-c" {
                script = it.next().cloned();
                dollar0 = it.next().cloned();
                break;
            }
            if a.starts_with('-') {
                continue;
            }
            // `sh script.sh`: run the file.
            match self.sim.read_file(&self.pod, &self.abs(a)) {
                Ok(t) => script = Some(t),
                Err(_) => {
                    let msg = match kind {
                        ShellKind::Ash => {
                            format!("{arg0}: can't open '{a}': No such file or directory")
                        }
                        ShellKind::Dash => format!("{arg0}: 0: cannot open {a}: No such file"),
                        ShellKind::Bash => format!("{arg0}: {a}: No such file or directory"),
                    };
                    io.err(&msg);
                    return if kind == ShellKind::Ash { 2 } else { 127 };
                }
            }
            break;
        }
        if args.iter().any(|a| a == "-c") && script.is_none() {
            let msg = match kind {
                ShellKind::Ash => format!("{arg0}: -c requires an argument"),
                ShellKind::Dash => format!("{arg0}: 0: -c requires an argument"),
                ShellKind::Bash => format!("{arg0}: -c: option requires an argument"),
            };
            io.err(&msg);
            return 2;
        }
        let text = script.or(stdin).unwrap_or_default();
        let mut sub = Sh {
            sim: &mut *self.sim,
            pod: self.pod.clone(),
            flavor: self.flavor,
            image: self.image,
            shell: kind,
            arg0: dollar0.unwrap_or_else(|| arg0.to_string()),
            interactive: false,
            line: 1,
            cwd: self.cwd.clone(),
            status: 0,
            tty: self.tty,
            depth: self.depth + 1,
        };
        let _ = sub.interactive;
        let mut status = 0;
        for (i, line) in text.lines().enumerate() {
            sub.line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if let Flow::Exit(c) = sub.run_script(line, io) {
                return c;
            }
            status = sub.status;
        }
        status
    }

    fn cd(&mut self, args: &[String], io: &mut Io) -> i32 {
        let target = args.first().map_or("/root", String::as_str);
        let path = self.abs(target);
        let is_dir = matches!(
            self.sim.read_file(&self.pod, &path),
            Err(crate::engine::files::FsError::IsADirectory)
        );
        if is_dir {
            self.cwd = path;
            return 0;
        }
        let exists = self.sim.read_file(&self.pod, &path).is_ok();
        let why = if exists {
            "Not a directory"
        } else {
            "No such file or directory"
        };
        let msg = match self.shell {
            ShellKind::Ash => format!("{}cd: can't cd to {target}: {why}", self.prefix()),
            ShellKind::Dash => format!("{}cd: can't cd to {target}", self.prefix()),
            ShellKind::Bash => format!("{}cd: {target}: {why}", self.prefix()),
        };
        io.err(&msg);
        if self.shell == ShellKind::Dash {
            2
        } else {
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_chunks_become_lines_in_the_order_written() {
        // Pins that stdout and stderr interleave and a missing final newline still ends a line.
        let mut io = Io::default();
        io.out("a\nb");
        io.out("c\n");
        io.err("oops");
        io.out("tail");
        let mut out = Output::new();
        io.flush(&mut out);
        let lines: Vec<(Stream, &str)> = out
            .lines
            .iter()
            .map(|l| (l.stream, l.text.as_str()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (Stream::Out, "a"),
                (Stream::Out, "bc"),
                (Stream::Err, "oops"),
                (Stream::Out, "tail")
            ]
        );
    }

    #[test]
    fn images_pick_their_shells() {
        // Pins which program names start which shell in busybox and in Debian-based nginx.
        let busybox = images::traits("busybox:1.28");
        let nginx = images::traits("nginx:1.19.0");
        assert_eq!(shell_for(busybox, "/bin/sh"), Some(ShellKind::Ash));
        assert_eq!(shell_for(busybox, "bash"), None);
        assert_eq!(shell_for(nginx, "sh"), Some(ShellKind::Dash));
        assert_eq!(shell_for(nginx, "/bin/bash"), Some(ShellKind::Bash));
        assert_eq!(busybox.userland, Flavor::Busybox);
        assert_eq!(nginx.userland, Flavor::Debian);
        // The StatefulSet tutorial's image has bash and sh like nginx.
        let slim = images::traits("registry.k8s.io/nginx-slim:0.21");
        assert_eq!(shell_for(slim, "bash"), Some(ShellKind::Bash));
    }
}
