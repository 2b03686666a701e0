//! The host's bash: runs the [`super::sh`] AST against the console. A line compiles to a flat
//! program ([`Op`]s with jumps) so that it can stop at any command that runs in virtual time
//! (`kubectl get -w`, `wait`, `sleep`) and continue when that command ends: a `for` loop whose
//! body waits, `a && b` where `a` waits. Inside `$(…)`, pipes and redirections a waiting command
//! runs to its end at once. Each kubectl call costs a seeded round trip of virtual time.

pub(crate) mod builtins;
mod runtime;

use std::collections::BTreeMap;

use crate::engine::rng::Rng;
use crate::engine::{Simulation, Time};
use crate::i18n::Msg;

use super::sh::{self, expand, AndOr, Command, Compound, List, Pipeline, RedirKind, Simple};
use super::shell::Io;
use super::{kubectl, Console, Files, Job, Output, Poll, Stream};

/// Steps one line may take without waiting (a `while true` loop with nothing that waits).
const MAX_STEPS: u64 = 100_000;
/// Background jobs a terminal runs at once. Past it `&` fails as bash's does when fork(2)
/// refuses (the user's process limit): bash retries, gives up and abandons the whole line
/// (`throw_to_top_level` in bash's jobs.c), so a `while true; do sleep 100 & done` ends there.
pub const MAX_JOBS: usize = 256;

/// The host shell's state between lines.
pub struct Shell {
    pub(crate) vars: BTreeMap<String, String>,
    pub(crate) status: i32,
    rtt: Rng,
    pids: Rng,
    pid: u32,
    next_pid: u32,
    last_bg: Option<u32>,
    /// Lines typed so far of a command that is not complete yet.
    pub(crate) pending: String,
    pub(crate) bg: Vec<Bg>,
    /// What background jobs printed while a command's output was being captured.
    pub(crate) bg_out: Io,
    /// `[1]+  Done …` notices waiting for the next prompt.
    pub(crate) notices: Vec<String>,
    /// Steps the line typed last has taken in all, its pipes, subshells, `$(…)` and the
    /// background jobs that ran meanwhile included: nested loops share [`MAX_STEPS`] (each
    /// with a budget of its own, two nested `while true` loops ran 10^10 steps).
    pub(crate) line_steps: u64,
}

impl Shell {
    #[must_use]
    pub fn new(seed: u64) -> Shell {
        let mut pids = Rng::fork(seed, "console-pids");
        let pid = u32::try_from(pids.between(1_200, 4_000)).unwrap_or(1_200);
        Shell {
            vars: BTreeMap::new(),
            status: 0,
            rtt: Rng::fork(seed, "console-round-trip"),
            pids,
            pid,
            next_pid: pid + 40,
            last_bg: None,
            pending: String::new(),
            bg: Vec::new(),
            bg_out: Io::default(),
            line_steps: 0,
            notices: Vec::new(),
        }
    }

    /// A kubectl call's round trip to the API server, 200–400 ms.
    pub(crate) fn round_trip(&mut self) -> u64 {
        self.rtt.between(200, 400)
    }

    fn new_pid(&mut self) -> u32 {
        self.next_pid += u32::try_from(self.pids.between(1, 60)).unwrap_or(1);
        self.next_pid
    }
}

/// A background job: `[id]`, its pid, the text `jobs` shows, and its program.
pub struct Bg {
    pub(crate) id: u32,
    pub(crate) pid: u32,
    pub(crate) text: String,
    pub(crate) exec: Exec,
}

/// A command that is running in virtual time.
pub(crate) struct Running {
    job: Box<dyn Job>,
    /// It printed an error (kubectl then exits 1).
    failed: bool,
    /// `command terminated with exit code N`.
    exit: Option<i32>,
    /// `wait`: ends when the background jobs have.
    pub(crate) wait_bg: bool,
    /// The round trip after a kubectl call, not a command of its own.
    delay: bool,
}

impl Running {
    fn new(job: Box<dyn Job>) -> Running {
        Running {
            job,
            failed: false,
            exit: None,
            wait_bg: false,
            delay: false,
        }
    }

    pub(crate) fn deadline(&self) -> Option<Time> {
        self.job.deadline()
    }

    /// Feeds the job through `f`, noting errors it prints, into `io`.
    pub(crate) fn feed(
        &mut self,
        sim: &mut Simulation,
        io: &mut Io,
        f: impl FnOnce(&mut dyn Job, &mut Simulation, &mut Output) -> Poll,
    ) -> Poll {
        let mut out = Output::new();
        let poll = f(self.job.as_mut(), sim, &mut out);
        let (failed, exit) = judge(&out);
        self.failed |= failed;
        self.exit = exit.or(self.exit);
        io.extend_output(out);
        poll
    }

    fn status(&self) -> i32 {
        self.exit.unwrap_or(i32::from(self.failed))
    }
}

/// What kubectl writes on stderr without failing (its exit status stays 0).
const INFORMATIONAL: [&str; 6] = [
    "Warning:",
    "No resources found",
    "Found ",
    "Defaulted container",
    "All commands and output from this session",
    "If you don't see a command prompt",
];

/// kubectl's exit status from what it printed: 1 after an error, the remote command's code
/// after `command terminated with exit code N`.
fn judge(out: &Output) -> (bool, Option<i32>) {
    let mut failed = false;
    let mut exit = None;
    for l in &out.lines {
        if l.stream != Stream::Err
            || l.text.is_empty()
            || INFORMATIONAL.iter().any(|p| l.text.starts_with(p))
        {
            continue;
        }
        failed = true;
        if let Some(n) = l.text.strip_prefix("command terminated with exit code ") {
            exit = n.trim().parse().ok();
        }
    }
    (failed, exit)
}

/// A waiting job that ends when the background jobs have (`wait`).
struct WaitBg;

impl Job for WaitBg {
    fn poll(&mut self, _: &mut Simulation, _: &mut Output) -> Poll {
        Poll::Pending
    }
}

/// One step of the compiled program.
#[derive(Debug, Clone)]
/// Each step clones its op (a loop runs the same ops over and over): the parsed parts are shared.
enum Op {
    /// A pipeline (one simple command may wait in place).
    Pipe(std::rc::Rc<Pipeline>),
    /// Jump when (`$? == 0`) == `ok`.
    JumpIf {
        ok: bool,
        to: usize,
    },
    Jump(usize),
    ForStart {
        var: String,
        words: Option<std::rc::Rc<Vec<String>>>,
    },
    ForNext {
        end: usize,
    },
    Background(std::rc::Rc<AndOr>, String),
    Not,
    Status(i32),
    /// `break`: leaves the innermost loop (dropping a `for` loop's frame when `pop`).
    Break {
        to: usize,
        pop: bool,
    },
}

/// The program being compiled and the loops around the current point (for break/continue).
struct Code {
    ops: Vec<Op>,
    loops: Vec<LoopCtx>,
}

struct LoopCtx {
    cont: usize,
    frame: bool,
    breaks: Vec<usize>,
}

impl std::ops::Deref for Code {
    type Target = Vec<Op>;
    fn deref(&self) -> &Vec<Op> {
        &self.ops
    }
}

impl std::ops::DerefMut for Code {
    fn deref_mut(&mut self) -> &mut Vec<Op> {
        &mut self.ops
    }
}

/// `break` or `continue` written plainly inside a loop: compiled to jumps.
fn loop_control(p: &Pipeline, ops: &mut Code) -> bool {
    let [Command::Simple(s)] = p.cmds.as_slice() else {
        return false;
    };
    let plain = !p.bang && s.assigns.is_empty() && s.redirs.is_empty();
    let word = match s.words.as_slice() {
        [w] | [w, _] if plain && s.words.get(1).is_none_or(|n| n == "1") => w.as_str(),
        _ => return false,
    };
    let at = ops.len();
    let Some(l) = ops.loops.last_mut() else {
        return false;
    };
    match word {
        "break" => {
            let pop = l.frame;
            l.breaks.push(at);
            ops.push(Op::Break { to: 0, pop });
        }
        "continue" => {
            let cont = l.cont;
            ops.push(Op::Jump(cont));
        }
        _ => return false,
    }
    true
}

/// Closes the innermost loop: its breaks land at `end`.
fn end_loop(ops: &mut Code, end: usize) {
    if let Some(l) = ops.loops.pop() {
        for b in l.breaks {
            patch(ops, b, end);
        }
    }
}

fn compile(list: &List, ops: &mut Code) {
    for item in &list.items {
        if item.background {
            ops.push(Op::Background(
                std::rc::Rc::new(item.and_or.clone()),
                item.text.clone(),
            ));
        } else {
            compile_and_or(&item.and_or, ops);
        }
    }
}

fn compile_and_or(ao: &AndOr, ops: &mut Code) {
    compile_pipeline(&ao.first, ops);
    for (and, p) in &ao.rest {
        let at = ops.len();
        ops.push(Op::JumpIf { ok: !and, to: 0 });
        compile_pipeline(p, ops);
        let end = ops.len();
        if let Some(Op::JumpIf { to, .. }) = ops.get_mut(at) {
            *to = end;
        }
    }
}

fn compile_pipeline(p: &Pipeline, ops: &mut Code) {
    if loop_control(p, ops) {
        return;
    }
    match p.cmds.as_slice() {
        [Command::Compound(c, redirs)]
            if redirs.is_empty() && !matches!(**c, Compound::Subshell(_)) =>
        {
            compile_compound(c, ops);
            if p.bang {
                ops.push(Op::Not);
            }
        }
        _ => ops.push(Op::Pipe(std::rc::Rc::new(p.clone()))),
    }
}

fn patch(ops: &mut [Op], at: usize, target: usize) {
    if let Some(
        Op::JumpIf { to, .. } | Op::Jump(to) | Op::ForNext { end: to } | Op::Break { to, .. },
    ) = ops.get_mut(at)
    {
        *to = target;
    }
}

fn compile_compound(c: &Compound, ops: &mut Code) {
    match c {
        Compound::For { var, words, body } => {
            ops.push(Op::ForStart {
                var: var.clone(),
                words: words.clone().map(std::rc::Rc::new),
            });
            let top = ops.len();
            ops.push(Op::ForNext { end: 0 });
            ops.loops.push(LoopCtx {
                cont: top,
                frame: true,
                breaks: Vec::new(),
            });
            compile(body, ops);
            ops.push(Op::Jump(top));
            let end = ops.len();
            patch(ops, top, end);
            end_loop(ops, end);
        }
        Compound::If {
            branches,
            otherwise,
        } => {
            let mut ends = Vec::new();
            for (cond, body) in branches {
                compile(cond, ops);
                let j = ops.len();
                ops.push(Op::JumpIf { ok: false, to: 0 });
                compile(body, ops);
                ends.push(ops.len());
                ops.push(Op::Jump(0));
                let next = ops.len();
                patch(ops, j, next);
            }
            match otherwise {
                Some(e) => compile(e, ops),
                None => ops.push(Op::Status(0)),
            }
            let end = ops.len();
            for e in ends {
                patch(ops, e, end);
            }
        }
        Compound::While { until, cond, body } => {
            let top = ops.len();
            ops.loops.push(LoopCtx {
                cont: top,
                frame: false,
                breaks: Vec::new(),
            });
            compile(cond, ops);
            let j = ops.len();
            ops.push(Op::JumpIf { ok: *until, to: 0 });
            compile(body, ops);
            ops.push(Op::Jump(top));
            let exit = ops.len();
            patch(ops, j, exit);
            end_loop(ops, exit);
            ops.push(Op::Status(0));
        }
        Compound::Group(l) | Compound::Subshell(l) => compile(l, ops),
    }
}

/// What a program wants after running as far as it could.
pub(crate) enum Advance {
    Waiting,
    Done,
    Shell(super::shell::Session),
}

/// A compiled line (or `$(…)` script, or background job) and where it stands.
pub struct Exec {
    ops: Vec<Op>,
    pc: usize,
    loops: Vec<(String, Vec<String>, usize)>,
    pub(crate) vars: BTreeMap<String, String>,
    pub(crate) status: i32,
    pub(crate) job: Option<Running>,
    /// Waiting commands run to their end at once (inside `$(…)` and pipes).
    sync: bool,
    stdin: Option<String>,
    /// A kubectl call just returned: its round trip is still to pass.
    delay: bool,
    steps: u64,
}

impl Exec {
    pub(crate) fn new(list: &List, vars: BTreeMap<String, String>, status: i32) -> Exec {
        let mut code = Code {
            ops: Vec::new(),
            loops: Vec::new(),
        };
        compile(list, &mut code);
        Exec {
            ops: code.ops,
            pc: 0,
            loops: Vec::new(),
            vars,
            status,
            job: None,
            sync: false,
            stdin: None,
            delay: false,
            steps: 0,
        }
    }

    /// All that is left is the round trip of the line's last kubectl call: the prompt is back.
    pub(crate) fn trailing_delay(&self) -> bool {
        self.pc >= self.ops.len() && self.job.as_ref().is_some_and(|r| r.delay)
    }

    /// The running command ended: its status becomes `$?`.
    pub(crate) fn job_done(&mut self, r: &Running) {
        if !r.wait_bg && !r.delay {
            self.status = r.status();
        }
    }

    /// Runs on until a command waits or the program ends; what it prints goes to `sink`.
    pub(crate) fn run(&mut self, c: &mut Console, sink: &mut Io) -> Advance {
        loop {
            if self.job.is_some() {
                return Advance::Waiting;
            }
            if self.delay {
                self.delay = false;
                if let Some(now) = c.sim().map(Simulation::now) {
                    let ms = c.sh.round_trip();
                    let job = Box::new(kubectl::Sleep {
                        until: now.plus_ms(ms),
                    });
                    let mut r = Running::new(job);
                    r.delay = true;
                    if self.sync {
                        c.drive(&mut r, sink);
                    } else {
                        self.job = Some(r);
                        return Advance::Waiting;
                    }
                }
            }
            let Some(op) = self.ops.get(self.pc).cloned() else {
                return Advance::Done;
            };
            self.pc += 1;
            self.steps += 1;
            c.sh.line_steps += 1;
            if self.steps > MAX_STEPS || c.sh.line_steps > MAX_STEPS {
                // Said once a line: the loops around a stopped one stop at their next step.
                if self.steps == MAX_STEPS + 1 || c.sh.line_steps == MAX_STEPS + 1 {
                    sink.err(&Msg::new("console.shell.runaway").render(c.lang()));
                }
                self.status = 130;
                self.pc = self.ops.len();
                return Advance::Done;
            }
            if let Some(a) = self.step(c, op, sink) {
                return a;
            }
        }
    }

    fn step(&mut self, c: &mut Console, op: Op, sink: &mut Io) -> Option<Advance> {
        match op {
            Op::Pipe(p) => return self.pipeline(c, &p, sink),
            Op::JumpIf { ok, to } => {
                if (self.status == 0) == ok {
                    self.pc = to;
                }
            }
            Op::Jump(to) => self.pc = to,
            Op::Not => self.status = i32::from(self.status == 0),
            Op::Status(s) => self.status = s,
            Op::Break { to, pop } => {
                if pop {
                    self.loops.pop();
                }
                self.status = 0;
                self.pc = to;
            }
            Op::ForStart { var, words } => {
                let mut values = Vec::new();
                for w in words.iter().flat_map(|w| w.iter()) {
                    match self.expand_fields(c, w, sink) {
                        Ok(f) => values.extend(f),
                        Err(e) => {
                            sink.err(&format!("bash: {e}"));
                            self.status = 1;
                        }
                    }
                }
                self.status = 0;
                self.loops.push((var, values, 0));
            }
            Op::ForNext { end } => match self.loops.last_mut() {
                Some((var, values, i)) if *i < values.len() => {
                    let v = values[*i].clone();
                    *i += 1;
                    self.vars.insert(var.clone(), v);
                }
                _ => {
                    self.loops.pop();
                    self.pc = end;
                }
            },
            Op::Background(ao, text) => self.background(c, &ao, text, sink),
        }
        None
    }

    fn background(&mut self, c: &mut Console, ao: &AndOr, text: String, sink: &mut Io) {
        if c.sh.bg.len() >= MAX_JOBS {
            sink.err("bash: fork: retry: Resource temporarily unavailable");
            sink.err("bash: fork: Resource temporarily unavailable");
            sink.err(
                &Msg::new("console.shell.jobs")
                    .text(MAX_JOBS.to_string())
                    .render(c.lang()),
            );
            self.status = 1;
            self.pc = self.ops.len();
            return;
        }
        let list = List {
            items: vec![sh::Item {
                and_or: ao.clone(),
                background: false,
                text: text.clone(),
            }],
        };
        let id = c.sh.bg.iter().map(|b| b.id).max().unwrap_or(0) + 1;
        let pid = c.sh.new_pid();
        c.sh.last_bg = Some(pid);
        self.status = 0;
        sink.err(&format!("[{id}] {pid}"));
        let mut exec = Exec::new(&list, self.vars.clone(), self.status);
        let mut io = Io::default();
        let advance = exec.run(c, &mut io);
        sink.append(io);
        let bg = Bg {
            id,
            pid,
            text,
            exec,
        };
        match advance {
            Advance::Waiting => c.sh.bg.push(bg),
            Advance::Done | Advance::Shell(_) => {
                c.sh.bg.push(bg);
                let notice = c.bg_notice(c.sh.bg.len() - 1, None);
                c.sh.bg.pop();
                c.sh.notices.push(notice);
            }
        }
    }

    /// Expands a word into fields, `$(…)` running here.
    fn expand_fields(
        &mut self,
        c: &mut Console,
        raw: &str,
        io: &mut Io,
    ) -> Result<Vec<String>, String> {
        let mut env = self.env(c, io);
        expand::fields(raw, &mut env)
    }

    fn expand_string(&mut self, c: &mut Console, raw: &str, io: &mut Io) -> Result<String, String> {
        let mut env = self.env(c, io);
        expand::string(raw, &mut env)
    }

    fn pipeline(&mut self, c: &mut Console, p: &Pipeline, sink: &mut Io) -> Option<Advance> {
        let n = p.cmds.len();
        let mut stdin = self.stdin.take();
        for (i, cmd) in p.cmds.iter().enumerate() {
            let last = i + 1 == n;
            let mut io = Io::default();
            match cmd {
                Command::Simple(s) => {
                    if let Some(r) = self.simple(c, s, stdin.take(), !last, &mut io) {
                        // Only a lone command, not redirected, waits in place.
                        self.put(c, sink, io);
                        return self.wait(c, r, p.bang, sink);
                    }
                }
                Command::Compound(comp, redirs) => {
                    self.compound(c, comp, redirs, stdin.take(), &mut io);
                }
            }
            if last {
                self.put(c, sink, io);
            } else {
                stdin = Some(io.take_stdout());
                self.put(c, sink, io);
            }
        }
        if p.bang {
            self.status = i32::from(self.status == 0);
        }
        None
    }

    /// A command that waits: polled once now; it either ended already or holds the line.
    fn wait(
        &mut self,
        c: &mut Console,
        mut r: Running,
        bang: bool,
        sink: &mut Io,
    ) -> Option<Advance> {
        let Some(sim) = c.sim.as_mut() else {
            self.status = r.status();
            return None;
        };
        let mut io = Io::default();
        let poll = r.feed(sim, &mut io, |j, s, o| j.poll(s, o));
        self.put(c, sink, io);
        match poll {
            Poll::Pending => {
                self.job = Some(r);
                Some(Advance::Waiting)
            }
            Poll::Done => {
                self.job_done(&r);
                if bang {
                    self.status = i32::from(self.status == 0);
                }
                None
            }
            Poll::Shell(s) => Some(Advance::Shell(s)),
        }
    }

    /// Hands what a command printed to the sink (after what background jobs printed meanwhile).
    fn put(&self, c: &mut Console, sink: &mut Io, io: Io) {
        if !self.sync {
            sink.append(std::mem::take(&mut c.sh.bg_out));
        }
        sink.append(io);
    }

    /// A compound command inside a pipe or with redirections: runs to its end here.
    fn compound(
        &mut self,
        c: &mut Console,
        comp: &Compound,
        redirs: &[sh::Redir],
        stdin: Option<String>,
        io: &mut Io,
    ) {
        let list = match comp {
            // Its own list: wrapped as a command again it would come back here, ever deeper.
            Compound::Subshell(inner) => inner.clone(),
            comp => List {
                items: vec![sh::Item {
                    and_or: AndOr {
                        first: Pipeline {
                            bang: false,
                            cmds: vec![Command::Compound(Box::new(comp.clone()), Vec::new())],
                        },
                        rest: Vec::new(),
                    },
                    background: false,
                    text: String::new(),
                }],
            },
        };
        let mut sub = Exec::new(&list, self.vars.clone(), self.status);
        sub.sync = true;
        sub.stdin = stdin;
        let mut inner = Io::default();
        sub.run(c, &mut inner);
        self.status = sub.status;
        if !matches!(comp, Compound::Subshell(_)) {
            self.vars = sub.vars;
        }
        let simple = Simple {
            redirs: redirs.to_vec(),
            ..Simple::default()
        };
        if let Some(plan) = self.redirections(c, &simple, io) {
            if !plan.apply(c, inner, io) {
                self.status = 1;
            }
        }
    }

    /// Runs `script` to its end and gives its stdout (`$(…)`); stderr goes to `io`.
    pub(crate) fn substitute(
        c: &mut Console,
        script: &str,
        vars: &BTreeMap<String, String>,
        status: i32,
        io: &mut Io,
    ) -> (String, i32) {
        let list = match sh::parse(script) {
            Ok(l) => l,
            Err(e) => {
                io.err(&format!(
                    "bash: command substitution: {}",
                    syntax_message(&e)
                ));
                return (String::new(), 2);
            }
        };
        let mut sub = Exec::new(&list, vars.clone(), status);
        sub.sync = true;
        let mut inner = Io::default();
        sub.run(c, &mut inner);
        let text = inner.take_stdout();
        io.append(inner);
        (text.trim_end_matches('\n').to_string(), sub.status)
    }
}

/// bash's wording for a parse error (after `bash: `).
#[must_use]
pub fn syntax_message(e: &sh::Error) -> String {
    match e {
        sh::Error::Syntax(t) => format!("syntax error near unexpected token `{t}'"),
        sh::Error::Incomplete { quote: Some(q), .. } => {
            format!("unexpected EOF while looking for matching `{q}'")
        }
        sh::Error::Incomplete { .. } => "syntax error: unexpected end of file".to_string(),
        sh::Error::Unsupported(w) => format!("{w}: podplay"),
    }
}

/// Expansion against the host shell.
struct HostEnv<'a> {
    c: &'a mut Console,
    vars: &'a BTreeMap<String, String>,
    status: i32,
    io: &'a mut Io,
    sub_status: Option<i32>,
}

impl Exec {
    /// The expansion environment of this shell (its variables and `$?`) over the console.
    fn env<'a>(&'a self, c: &'a mut Console, io: &'a mut Io) -> HostEnv<'a> {
        HostEnv {
            c,
            vars: &self.vars,
            status: self.status,
            io,
            sub_status: None,
        }
    }
}

impl expand::Env for HostEnv<'_> {
    fn var(&self, name: &str) -> Option<String> {
        match name {
            "HOME" => Some(
                self.vars
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| "/home/learner".into()),
            ),
            "0" => Some("bash".to_string()),
            _ => self.vars.get(name).cloned(),
        }
    }
    fn status(&self) -> i32 {
        self.status
    }
    fn pid(&self) -> u32 {
        self.c.sh.pid
    }
    fn last_bg(&self) -> Option<u32> {
        self.c.sh.last_bg
    }
    fn substitute(&mut self, script: &str) -> String {
        let (text, status) = Exec::substitute(self.c, script, self.vars, self.status, self.io);
        self.sub_status = Some(status);
        text
    }
}

/// Where a command's output goes after its redirections.
#[derive(Default)]
struct Plan {
    out: Option<(String, bool)>,
    err: Option<(String, bool)>,
    err_to_out: bool,
    out_to_err: bool,
}

impl Plan {
    /// Sends the output where the redirections say; `false` when a file refused it (bash
    /// printed why, and the command's status becomes 1).
    fn apply(&self, c: &mut Console, mut io: Io, sink: &mut Io) -> bool {
        if self.err_to_out {
            io.retag(Stream::Err, Stream::Out);
        }
        if self.out_to_err {
            io.retag(Stream::Out, Stream::Err);
        }
        let mut ok = true;
        let mut refused = Vec::new();
        if let Some((file, append)) = &self.err {
            let text = io.take(Stream::Err);
            if !write_file(c, file, &text, *append) {
                refused.push(file.clone());
            }
        }
        if let Some((file, append)) = &self.out {
            let text = io.take(Stream::Out);
            if !write_file(c, file, &text, *append) {
                refused.push(file.clone());
            }
        }
        sink.append(io);
        for file in refused {
            ok = false;
            sink.err(&format!("bash: {file}: File too large"));
        }
        ok
    }
}

fn write_file(c: &mut Console, file: &str, text: &str, append: bool) -> bool {
    if file == "/dev/null" {
        return true;
    }
    if append {
        c.files_mut().append(file, text)
    } else {
        c.files_mut().write(file, text)
    }
}

impl Exec {
    /// Expands the redirection targets; `None` after printing bash's error.
    fn redirections(&mut self, c: &mut Console, s: &Simple, io: &mut Io) -> Option<Plan> {
        let mut plan = Plan::default();
        for r in &s.redirs {
            match &r.kind {
                RedirKind::Out { target, append } | RedirKind::Both { target, append } => {
                    let t = match self.expand_fields(c, target, io) {
                        Ok(f) if f.len() == 1 => f[0].clone(),
                        Ok(_) => {
                            io.err(&format!("bash: {target}: ambiguous redirect"));
                            self.status = 1;
                            return None;
                        }
                        Err(e) => {
                            io.err(&format!("bash: {e}"));
                            self.status = 1;
                            return None;
                        }
                    };
                    if !append && t != "/dev/null" {
                        // `>` truncates before the command runs.
                        let _ = c.files_mut().write(&t, "");
                    }
                    let both = matches!(r.kind, RedirKind::Both { .. });
                    if r.fd == 2 || both {
                        plan.err = Some((t.clone(), *append || both));
                    }
                    if r.fd == 1 || both {
                        plan.out = Some((t, *append));
                    }
                }
                RedirKind::Dup(1) if r.fd == 2 => plan.err_to_out = true,
                RedirKind::Dup(2) if r.fd == 1 => plan.out_to_err = true,
                RedirKind::Dup(_) | RedirKind::In(_) | RedirKind::Heredoc { .. } => {}
            }
        }
        if plan.err_to_out {
            if let (Some(o), None) = (&plan.out, &plan.err) {
                plan.err = Some((o.0.clone(), true));
                plan.err_to_out = false;
            }
        }
        Some(plan)
    }

    /// Standard input from `<` or a here-document; `Err` after printing bash's error.
    fn input(&mut self, c: &mut Console, s: &Simple, io: &mut Io) -> Result<Option<String>, ()> {
        let mut stdin = None;
        for r in &s.redirs {
            match &r.kind {
                RedirKind::Heredoc { body, expand } => {
                    let text = if *expand {
                        let mut env = self.env(c, io);
                        expand::heredoc(body, &mut env).unwrap_or_else(|_| body.clone())
                    } else {
                        body.clone()
                    };
                    stdin = Some(text);
                }
                RedirKind::In(target) => {
                    let t = self.expand_string(c, target, io).unwrap_or_default();
                    match c.files().read(&t) {
                        Ok(text) => stdin = Some(text),
                        Err(e) => {
                            io.err(&format!(
                                "bash: {t}: {}",
                                crate::console::reason::strerror(&e)
                            ));
                            if let Some(note) = crate::console::reason::note(&e, c.lang) {
                                io.err(&note);
                            }
                            self.status = 1;
                            return Err(());
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(stdin)
    }

    /// One simple command. Returns the job when it waits in place (not captured, not
    /// redirected, not inside `$(…)`); otherwise it ran to its end.
    fn simple(
        &mut self,
        c: &mut Console,
        s: &Simple,
        piped: Option<String>,
        capture: bool,
        io: &mut Io,
    ) -> Option<Running> {
        let mut argv = Vec::new();
        let mut sub_status = None;
        for w in &s.words {
            let mut env = self.env(c, io);
            match expand::fields(w, &mut env) {
                Ok(f) => argv.extend(f),
                Err(e) => {
                    io.err(&format!("bash: {e}"));
                    self.status = 1;
                    return None;
                }
            }
            sub_status = env.sub_status.or(sub_status);
        }
        let mut assigns = Vec::new();
        for (name, raw) in &s.assigns {
            let mut env = self.env(c, io);
            match expand::string(raw, &mut env) {
                Ok(v) => assigns.push((name.clone(), v)),
                Err(e) => {
                    io.err(&format!("bash: {e}"));
                    self.status = 1;
                    return None;
                }
            }
            sub_status = env.sub_status.or(sub_status);
        }
        let stdin = match self.input(c, s, io) {
            Ok(Some(t)) => Some(t),
            Ok(None) => piped,
            Err(()) => return None,
        };
        let plan = self.redirections(c, s, io)?;
        if argv.is_empty() {
            self.vars.extend(assigns);
            self.status = sub_status.unwrap_or(0);
            return None;
        }
        let redirected = plan.out.is_some() || plan.err.is_some() || plan.err_to_out;
        let mut cmd = Io::default();
        let (status, job, api) = self.dispatch(c, &argv, stdin, &mut cmd);
        self.status = status;
        let mut job = job;
        if let Some(r) = job.as_mut() {
            if capture || redirected || self.sync {
                c.drive(r, &mut cmd);
                self.status = r.status();
                job = None;
            }
        }
        self.delay = api;
        if !plan.apply(c, cmd, io) {
            self.status = 1;
        }
        job
    }

    /// Runs a program: the shell's builtins, else the host's commands (kubectl, minikube, …).
    /// Returns its status, the job when it waits, and whether it called the API.
    fn dispatch(
        &mut self,
        c: &mut Console,
        argv: &[String],
        stdin: Option<String>,
        io: &mut Io,
    ) -> (i32, Option<Running>, bool) {
        if let Some(r) = builtins::run(self, c, argv, stdin.as_deref(), io) {
            return r;
        }
        let api = matches!(argv[0].as_str(), "kubectl" | "k") && c.sim().is_some();
        let mut out = Output::new();
        c.stdin = stdin;
        let job = kubectl::command(c, argv, &mut out);
        c.stdin = None;
        let (failed, exit) = judge(&out);
        let not_found = out
            .lines
            .last()
            .is_some_and(|l| l.stream == Stream::Err && l.text.ends_with(": command not found"));
        let status = if not_found {
            127
        } else {
            exit.unwrap_or(i32::from(failed))
        };
        if out.clear {
            io.clear();
        }
        io.extend_output(out);
        let job = job.map(|j| {
            let mut r = Running::new(j);
            r.failed = failed;
            r.exit = exit;
            r
        });
        (status, job, api)
    }
}
