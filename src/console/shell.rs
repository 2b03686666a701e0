//! A small POSIX-ish shell over a simulated container: command lists with exit statuses
//! (`;`, `&&`, `||`), pipes, `>`/`>>`/`<` redirections (writes go through the engine, so a file
//! on a claim's volume outlives the pod), `$?` and `$VAR`, and `sh -c '…'` nesting. The tools a
//! container has depend on its image: busybox (ash, `nslookup`, `wget`) or Debian as in the
//! nginx image (dash as `/bin/sh`, bash, coreutils, `curl`). Their messages are the real
//! tools' wording.

mod net;
pub(crate) mod procs;
mod tools;

use std::collections::BTreeMap;

use crate::engine::command::Propagation;
use crate::engine::images::{self, ImageTraits};
use crate::engine::{Command as EngineCommand, Key, Outcome, Simulation};
use crate::i18n::Msg;
use crate::manifest::objects::Kind;

use super::sh::{self, expand, AndOr, Command, Compound, List, Pipeline, RedirKind};
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
    vars: BTreeMap<String, String>,
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
            vars: BTreeMap::new(),
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
            vars: self.vars.clone(),
            turns: std::rc::Rc::new(std::cell::Cell::new(MAX_LOOP_TURNS)),
            env: None,
        };
        let mut io = Io::default();
        let flow = sh.run_script(line, &mut io);
        self.vars = std::mem::take(&mut sh.vars);
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
        sim.exec(EngineCommand::EndProcess {
            pod: pod.clone(),
            code,
        });
    }
    if let Outcome::Deleted { .. } = sim.exec(EngineCommand::Delete {
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
        vars: BTreeMap::new(),
        turns: std::rc::Rc::new(std::cell::Cell::new(MAX_LOOP_TURNS)),
        env: None,
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
        let n = out.lines.len();
        for (i, l) in out.lines.into_iter().enumerate() {
            if out.open && i + 1 == n {
                self.chunks.push((l.stream, l.text));
            } else {
                self.chunks.push((l.stream, format!("{}\n", l.text)));
            }
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
            out.open = s == Stream::Out;
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
    /// The shell's own variables (`i` of a `for` loop, `V=x`).
    vars: BTreeMap<String, String>,
    /// Loop rounds left to the whole line, shared with its `$(…)` and `sh -c` shells: loops
    /// that never wait stop there, however deeply they nest.
    turns: std::rc::Rc<std::cell::Cell<u64>>,
    /// The container's environment, worked out once: the runtime sets it when the container
    /// starts, so nothing later (a Service made since) changes it.
    env: Option<std::rc::Rc<BTreeMap<String, String>>>,
}

/// The loop rounds one line may run (a loop that never waits would spin forever; a
/// container's shell here stops).
const MAX_LOOP_TURNS: u64 = 10_000;

/// Where a command's output goes and what it reads, after its redirections.
#[derive(Debug, Default)]
struct Plan {
    out: Option<(String, bool)>,
    err: Option<(String, bool)>,
    err_to_out: bool,
    stdin: Option<String>,
}

/// Expansion against a container's shell: its variables over the container's environment.
struct ShEnv<'s, 'a> {
    sh: &'s mut Sh<'a>,
    env: std::rc::Rc<BTreeMap<String, String>>,
    io: &'s mut Io,
}

impl expand::Env for ShEnv<'_, '_> {
    fn var(&self, name: &str) -> Option<String> {
        if name == "0" {
            return Some(self.sh.arg0.clone());
        }
        self.sh
            .vars
            .get(name)
            .or_else(|| self.env.get(name))
            .cloned()
    }
    fn status(&self) -> i32 {
        self.sh.status
    }
    fn pid(&self) -> u32 {
        // The shell `kubectl exec` starts is a low pid in the container's namespace.
        7 + self.sh.depth
    }
    fn substitute(&mut self, script: &str) -> String {
        self.sh.substitute(script, self.io)
    }
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

    /// Runs a script (one line, or a file's lines) with the shared shell language.
    pub(crate) fn run_script(&mut self, text: &str, io: &mut Io) -> Flow {
        match sh::parse(text) {
            Ok(list) => self.list(&list, io),
            Err(e) => {
                self.parse_error(&e, io);
                self.status = 2;
                Flow::Next
            }
        }
    }

    /// ash's, dash's or bash's words for a script it cannot parse.
    fn parse_error(&self, e: &sh::Error, io: &mut Io) {
        let p = self.prefix();
        let msg = match (e, self.shell) {
            (sh::Error::Syntax(t), _) => return self.syntax_error(t, io),
            (sh::Error::Incomplete { quote: Some(_), .. }, ShellKind::Ash) => {
                format!("{p}syntax error: unterminated quoted string")
            }
            (sh::Error::Incomplete { quote: Some(_), .. }, ShellKind::Dash) => {
                format!("{p}Syntax error: Unterminated quoted string")
            }
            (sh::Error::Incomplete { quote: Some(_), .. }, ShellKind::Bash) => {
                format!("{p}unexpected EOF while looking for matching quote")
            }
            (sh::Error::Incomplete { expecting, .. }, ShellKind::Ash) => match expecting {
                Some(w) => format!("{p}syntax error: unexpected end of file (expecting \"{w}\")"),
                None => format!("{p}syntax error: unexpected end of file"),
            },
            (sh::Error::Incomplete { expecting, .. }, ShellKind::Dash) => match expecting {
                Some(w) => format!("{p}Syntax error: end of file unexpected (expecting \"{w}\")"),
                None => format!("{p}Syntax error: end of file unexpected"),
            },
            (sh::Error::Incomplete { .. }, ShellKind::Bash) => {
                format!("{p}syntax error: unexpected end of file")
            }
            (sh::Error::Unsupported(w), _) => Msg::new("console.shell.unsupported")
                .text(w)
                .render(crate::i18n::Lang::En),
        };
        io.err(&msg);
    }

    /// One loop round, if the line has any left.
    fn take_turn(&self) -> bool {
        let left = self.turns.get();
        self.turns.set(left.saturating_sub(1));
        left > 0
    }

    fn list(&mut self, l: &List, io: &mut Io) -> Flow {
        for item in &l.items {
            // No job control in a container's shell here: `&` runs in the foreground.
            if let Flow::Exit(c) = self.and_or(&item.and_or, io) {
                self.status = c;
                return Flow::Exit(c);
            }
        }
        Flow::Next
    }

    fn and_or(&mut self, ao: &AndOr, io: &mut Io) -> Flow {
        if let Flow::Exit(c) = self.pipeline(&ao.first, io) {
            return Flow::Exit(c);
        }
        for (and, p) in &ao.rest {
            if (self.status == 0) == *and {
                if let Flow::Exit(c) = self.pipeline(p, io) {
                    return Flow::Exit(c);
                }
            }
        }
        Flow::Next
    }

    fn pipeline(&mut self, p: &Pipeline, io: &mut Io) -> Flow {
        let mut stdin: Option<String> = None;
        let n = p.cmds.len();
        for (i, cmd) in p.cmds.iter().enumerate() {
            let mut sub = Io::default();
            let flow = match cmd {
                Command::Simple(s) => self.simple(s, stdin.take(), &mut sub),
                Command::Compound(c, redirs) => {
                    let mut inner = Io::default();
                    let flow = self.compound(c, &mut inner);
                    let s = sh::Simple {
                        redirs: redirs.clone(),
                        ..sh::Simple::default()
                    };
                    if let Some(plan) = self.plan(&s, &mut sub) {
                        self.route(&plan, inner, &mut sub);
                    }
                    flow
                }
            };
            if i + 1 < n {
                stdin = Some(sub.take_stdout());
            }
            io.append(sub);
            if let Flow::Exit(c) = flow {
                return Flow::Exit(c);
            }
        }
        if p.bang {
            self.status = i32::from(self.status == 0);
        }
        Flow::Next
    }

    fn compound(&mut self, c: &Compound, io: &mut Io) -> Flow {
        match c {
            Compound::For { var, words, body } => {
                let mut values = Vec::new();
                for w in words.clone().unwrap_or_default() {
                    match self.fields(&w, io) {
                        Some(f) => values.extend(f),
                        None => return Flow::Next,
                    }
                }
                self.status = 0;
                for v in values {
                    if !self.take_turn() {
                        break;
                    }
                    self.vars.insert(var.clone(), v);
                    if let Flow::Exit(c) = self.list(body, io) {
                        return Flow::Exit(c);
                    }
                }
                Flow::Next
            }
            Compound::If {
                branches,
                otherwise,
            } => {
                for (cond, body) in branches {
                    if let Flow::Exit(c) = self.list(cond, io) {
                        return Flow::Exit(c);
                    }
                    if self.status == 0 {
                        return self.list(body, io);
                    }
                }
                match otherwise {
                    Some(e) => self.list(e, io),
                    None => {
                        self.status = 0;
                        Flow::Next
                    }
                }
            }
            Compound::While { until, cond, body } => {
                while self.take_turn() {
                    if let Flow::Exit(c) = self.list(cond, io) {
                        return Flow::Exit(c);
                    }
                    if (self.status == 0) == *until {
                        break;
                    }
                    if let Flow::Exit(c) = self.list(body, io) {
                        return Flow::Exit(c);
                    }
                }
                self.status = 0;
                Flow::Next
            }
            Compound::Group(l) => self.list(l, io),
            Compound::Subshell(l) => {
                let (cwd, vars) = (self.cwd.clone(), self.vars.clone());
                let flow = self.list(l, io);
                self.cwd = cwd;
                self.vars = vars;
                if let Flow::Exit(c) = flow {
                    self.status = c;
                }
                Flow::Next
            }
        }
    }

    /// A word's fields; `None` after printing the shell's expansion error.
    fn fields(&mut self, raw: &str, io: &mut Io) -> Option<Vec<String>> {
        let env = self.env();
        let mut e = ShEnv { sh: self, env, io };
        match expand::fields(raw, &mut e) {
            Ok(f) => Some(f),
            Err(msg) => {
                self.expansion_error(&msg, io);
                None
            }
        }
    }

    fn expansion_error(&mut self, msg: &str, io: &mut Io) {
        let p = self.prefix();
        let text = match self.shell {
            ShellKind::Ash => format!("{p}syntax error: bad substitution"),
            ShellKind::Dash => format!("{p}Bad substitution"),
            ShellKind::Bash => format!("{p}{msg}"),
        };
        io.err(&text);
        self.status = 2;
    }

    /// Where output goes and what comes in, from a command's redirections; `None` after an
    /// error (printed).
    fn plan(&mut self, s: &sh::Simple, io: &mut Io) -> Option<Plan> {
        let mut plan = Plan::default();
        for r in &s.redirs {
            match &r.kind {
                RedirKind::Out { target, append } | RedirKind::Both { target, append } => {
                    let t = self.fields(target, io)?.join(" ");
                    let both = matches!(r.kind, RedirKind::Both { .. });
                    if r.fd == 2 || both {
                        plan.err = Some((t.clone(), *append));
                    }
                    if r.fd == 1 || both {
                        plan.out = Some((t, *append));
                    }
                }
                RedirKind::Dup(1) if r.fd == 2 => plan.err_to_out = true,
                RedirKind::Dup(_) => {}
                RedirKind::In(target) => {
                    let f = self.fields(target, io)?.join(" ");
                    match self.sim.read_file(&self.pod, &self.abs(&f)) {
                        Ok(t) => plan.stdin = Some(t),
                        Err(_) => {
                            let p = self.prefix();
                            io.err(&match self.shell {
                                ShellKind::Ash => format!("{p}can't open {f}: no such file"),
                                ShellKind::Dash => format!("{p}cannot open {f}: No such file"),
                                ShellKind::Bash => format!("{p}{f}: No such file or directory"),
                            });
                            self.status = 1;
                            return None;
                        }
                    }
                }
                RedirKind::Heredoc { body, expand: ex } => {
                    let text = if *ex {
                        let env = self.env();
                        let mut e = ShEnv { sh: self, env, io };
                        expand::heredoc(body, &mut e).unwrap_or_else(|_| body.clone())
                    } else {
                        body.clone()
                    };
                    plan.stdin = Some(text);
                }
            }
        }
        Some(plan)
    }

    /// Sends a command's output where its redirections say.
    fn route(&mut self, plan: &Plan, mut sub: Io, io: &mut Io) {
        if plan.err_to_out && plan.err.is_none() {
            sub.retag(Stream::Err, Stream::Out);
        }
        if let Some((file, append)) = &plan.err {
            let text = sub.take(Stream::Err);
            self.write(file, &text, *append, io);
        }
        if let Some((file, append)) = &plan.out {
            if plan.err_to_out {
                sub.retag(Stream::Err, Stream::Out);
            }
            let text = sub.take_stdout();
            io.append(sub);
            self.write(file, &text, *append, io);
        } else {
            io.append(sub);
        }
    }

    fn simple(&mut self, s: &sh::Simple, piped: Option<String>, io: &mut Io) -> Flow {
        let mut argv = Vec::new();
        for w in &s.words {
            let Some(f) = self.fields(w, io) else {
                return Flow::Next;
            };
            argv.extend(f);
        }
        let mut assigns = Vec::new();
        for (name, raw) in &s.assigns {
            let env = self.env();
            let mut e = ShEnv { sh: self, env, io };
            match expand::string(raw, &mut e) {
                Ok(v) => assigns.push((name.clone(), v)),
                Err(msg) => {
                    self.expansion_error(&msg, io);
                    return Flow::Next;
                }
            }
        }
        let Some(plan) = self.plan(s, io) else {
            return Flow::Next;
        };
        let input = plan.stdin.clone().or(piped);
        let mut sub = Io::default();
        let flow = if argv.is_empty() {
            self.vars.extend(assigns);
            self.status = 0;
            Flow::Next
        } else {
            let saved: Vec<(String, Option<String>)> = assigns
                .iter()
                .map(|(n, _)| (n.clone(), self.vars.get(n).cloned()))
                .collect();
            self.vars.extend(assigns);
            let flow = self.program(&argv, input, &mut sub);
            for (n, old) in saved {
                match old {
                    Some(v) => self.vars.insert(n, v),
                    None => self.vars.remove(&n),
                };
            }
            flow
        };
        self.route(&plan, sub, io);
        flow
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
            vars: self.vars.clone(),
            turns: self.turns.clone(),
            env: self.env.clone(),
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
    /// Writes `content` to `path` in this shell's pod, appending or replacing it.
    fn write_file(&mut self, path: String, content: String, append: bool) -> Outcome {
        self.sim.exec(EngineCommand::WriteFile {
            pod: self.pod.clone(),
            path,
            content,
            append,
        })
    }

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
            match self.write_file(path.clone(), text.to_string(), append) {
                Outcome::Done => None,
                Outcome::FileFailed(crate::engine::files::FsError::IsADirectory) => {
                    Some("Is a directory")
                }
                Outcome::FileFailed(crate::engine::files::FsError::ReadOnly) => {
                    Some("Read-only file system")
                }
                Outcome::FileFailed(crate::engine::files::FsError::NoSpace) => {
                    Some("No space left on device")
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

    /// The container's environment ([`Sh::environment`]), worked out on first use.
    pub(crate) fn env(&mut self) -> std::rc::Rc<BTreeMap<String, String>> {
        if let Some(env) = &self.env {
            return env.clone();
        }
        let env = std::rc::Rc::new(self.environment());
        self.env = Some(env.clone());
        env
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
        // A non-root user's HOME is its passwd entry's (`useradd`: /home/NAME), as the runtime
        // sets it; an unknown uid gets `/`.
        let (uid, user) = crate::engine::entrypoint::user(pod);
        if uid != 0 {
            let known = user.parse::<i64>().is_err();
            let home = if known {
                format!("/home/{user}")
            } else {
                "/".to_string()
            };
            env.insert("HOME".to_string(), home);
        }
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
            "test" | "[" => {
                let (args, ok) = if name == "[" {
                    match args.split_last() {
                        Some((last, rest)) if last == "]" => (rest, true),
                        _ => (args, false),
                    }
                } else {
                    (args, true)
                };
                if ok {
                    let mut sub = Io::default();
                    let probe = |f: &str| match self.sim.read_file(&self.pod, &self.abs(f)) {
                        Ok(_) => Some(false),
                        Err(crate::engine::files::FsError::IsADirectory) => Some(true),
                        Err(_) => None,
                    };
                    let status = super::host::builtins::test(args, &mut sub, name, &probe);
                    self.status = status;
                    // The messages name the shell (`sh: 1: [: …`), not bash.
                    let text = sub.take(Stream::Err);
                    for l in text.lines() {
                        let what = l.strip_prefix("bash: ").unwrap_or(l);
                        io.err(&format!("{}{what}", self.prefix()));
                    }
                } else {
                    io.err(&format!("{}[: missing ]", self.prefix()));
                    self.status = 2;
                }
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
        if let Some(kind) = self.image.program(name) {
            let image = self
                .sim
                .cluster()
                .pods
                .get(&self.pod)
                .map_or(String::new(), |p| p.image().to_string());
            // The shell has no language of its own: its notes are in English.
            let (status, note) = procs::app_program(kind, name, &image, crate::i18n::Lang::En);
            if let Some(n) = note {
                io.err(&n);
            }
            self.status = status;
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
            vars: BTreeMap::new(),
            turns: self.turns.clone(),
            env: self.env.clone(),
        };
        let _ = sub.interactive;
        // A script that parses whole runs whole (its loops may span lines); otherwise line by
        // line, so that an error names its line as dash does.
        if text.lines().count() > 1 && sh::parse(&text).is_ok() {
            return match sub.run_script(&text, io) {
                Flow::Exit(c) => c,
                Flow::Next => sub.status,
            };
        }
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
