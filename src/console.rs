//! The kubectl console: command lines in, kubectl's (and minikube's, and busybox's) exact output
//! out, against the simulated cluster. Pure: the browser panel and the native script runner
//! (`podplay run`) drive the same [`Console`], so both print the same transcript.
//!
//! Time: a command that waits (`get -w`, `wait`, `rollout status`, `sleep`, `delete` waiting
//! for removal, `run -it` waiting for its pod) becomes a [`Job`]; [`Console::pump`] advances
//! virtual time and feeds the job until it is done. The script runner pumps to the end at once;
//! the browser pumps a little per animation frame, so watch rows stream in.

pub mod complete;
pub mod cordon;
pub mod describe;
pub mod exec;
pub mod get;
pub mod kubectl;
pub mod logs;
pub mod minikube;
pub mod mutate;
pub mod objects;
pub mod output;
pub mod parse;
pub mod render;
pub mod resources;
pub mod rollout;
pub mod selector;
pub mod shell;
pub mod template;

use std::collections::BTreeMap;

use crate::engine::{Config, Simulation, Time};
use crate::i18n::{Lang, Msg};

pub use output::{Line, Output, Stream};

/// The seed the browser console and `podplay run` use unless told otherwise.
pub const DEFAULT_SEED: u64 = 1;

/// Events one pump may run: far above any tutorial, so a runaway cluster cannot hang the page.
pub const MAX_EVENTS_PER_PUMP: u64 = 200_000;
/// A watch that never settles (a pod failing forever) ends after this much virtual time unless
/// `--request-timeout` says otherwise.
pub const WATCH_LIMIT_MS: u64 = 600_000;

/// Where `kubectl apply -f NAME` reads from: the editor's documents in the browser, the disk
/// (relative to the script) in `podplay run`.
pub trait Files {
    /// The text of `name`, or the reason it cannot be read (as `ls` would say it, e.g.
    /// `no such file or directory`).
    ///
    /// # Errors
    /// Missing or unreadable files.
    fn read(&self, name: &str) -> Result<String, String>;
    /// Names to list and to offer for completion.
    fn names(&self) -> Vec<String>;
}

/// Documents held in memory (the browser's editor documents, tests).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemFiles(pub BTreeMap<String, String>);

impl Files for MemFiles {
    fn read(&self, name: &str) -> Result<String, String> {
        let name = name.strip_prefix("./").unwrap_or(name);
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| "no such file or directory".to_string())
    }

    fn names(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}

/// The learner's working directory: the documents podplay was given (the editor's, or the
/// script's folder) with what commands wrote since (`cat <<EOF > f`, `echo … >> f`, `curl -O`)
/// layered over them in memory. Nothing here ever touches the host disk.
pub struct Workdir {
    base: Box<dyn Files>,
    written: BTreeMap<String, String>,
}

impl Workdir {
    #[must_use]
    pub fn new(base: Box<dyn Files>) -> Workdir {
        Workdir {
            base,
            written: BTreeMap::new(),
        }
    }

    /// `./a/../b.yaml` → `b.yaml`: the one spelling a document is stored and looked up under.
    #[must_use]
    pub fn normalize(name: &str) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for p in name.split('/') {
            match p {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        parts.join("/")
    }

    /// Replaces (or creates) `name` in the overlay (`>`).
    pub fn write(&mut self, name: &str, text: &str) {
        self.written
            .insert(Workdir::normalize(name), text.to_string());
    }

    /// Appends to `name`, starting from the document's current text (`>>`).
    pub fn append(&mut self, name: &str, text: &str) {
        let mut now = self.read(name).unwrap_or_default();
        now.push_str(text);
        self.write(name, &now);
    }

    /// What commands wrote, by name (the page keeps and shows them).
    #[must_use]
    pub fn written(&self) -> &BTreeMap<String, String> {
        &self.written
    }
}

impl Files for Workdir {
    fn read(&self, name: &str) -> Result<String, String> {
        let norm = Workdir::normalize(name);
        match self.written.get(&norm) {
            Some(t) => Ok(t.clone()),
            None => self
                .base
                .read(&norm)
                .or_else(|e| self.base.read(name).map_err(|_| e)),
        }
    }

    fn names(&self) -> Vec<String> {
        let mut v = self.base.names();
        v.extend(self.written.keys().cloned());
        v.sort();
        v.dedup();
        v
    }
}

/// What a job wants after being fed.
pub enum Poll {
    /// Keep waiting.
    Pending,
    /// Finished; the prompt comes back.
    Done,
    /// Finished by opening an interactive shell in a pod (`kubectl run -it`, `exec -it`).
    Shell(shell::Session),
}

/// A command still running in virtual time.
pub trait Job {
    /// Called once when the job starts and then after the events of each virtual instant ran.
    fn poll(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll;
    /// The virtual time at which the job ends on its own (a timeout, the end of a sleep).
    fn deadline(&self) -> Option<Time> {
        None
    }
    /// The deadline came first.
    fn expire(&mut self, _sim: &mut Simulation, _out: &mut Output) -> Poll {
        Poll::Done
    }
    /// The cluster has nothing left to do (and no deadline is pending): nothing more can come.
    fn settle(&mut self, _sim: &mut Simulation, _out: &mut Output) -> Poll {
        Poll::Done
    }
    /// Ctrl-C.
    fn interrupt(&mut self, _sim: &mut Simulation, _out: &mut Output) -> Poll {
        Poll::Done
    }
}

/// What a command handler gets to work with.
pub struct Ctx<'a> {
    pub sim: &'a mut Simulation,
    pub files: &'a mut Workdir,
    /// The language of podplay's own notes (kubectl's output stays English).
    pub lang: Lang,
    /// What the command reads on standard input (a here-document or a pipe), for `-f -`.
    pub stdin: Option<String>,
}

/// The console's whole state. One per page (and one per script run).
pub struct Console {
    seed: u64,
    sim: Option<Simulation>,
    files: Workdir,
    job: Option<Box<dyn Job>>,
    session: Option<shell::Session>,
    history: Vec<String>,
    lang: Lang,
}

impl Console {
    /// A console whose `minikube start` will boot a cluster from `seed`.
    #[must_use]
    pub fn new(seed: u64, files: Box<dyn Files>) -> Console {
        Console {
            seed,
            sim: None,
            files: Workdir::new(files),
            job: None,
            session: None,
            history: Vec::new(),
            lang: Lang::En,
        }
    }

    /// The language of podplay's own messages (help, hints). kubectl's output stays English,
    /// as the real tools print it.
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// A new base under the overlay (the editor's documents changed); what commands wrote stays.
    pub fn set_files(&mut self, files: Box<dyn Files>) {
        self.files.base = files;
    }

    #[must_use]
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The cluster, once `minikube start` ran.
    #[must_use]
    pub fn sim(&self) -> Option<&Simulation> {
        self.sim.as_ref()
    }

    /// The cluster, mutably (tests and the page's own actions).
    pub fn sim_mut(&mut self) -> Option<&mut Simulation> {
        self.sim.as_mut()
    }

    /// Lines submitted so far, oldest first (for ↑/↓).
    /// Puts `sim` in the cluster's place (the page taking time back to an earlier moment): a
    /// running command and an open container shell end, as they would if the cluster they
    /// talked to went away.
    pub fn replace_sim(&mut self, sim: Simulation) {
        self.job = None;
        self.session = None;
        self.sim = Some(sim);
    }

    #[must_use]
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// A command is still running (its output streams in as [`Console::pump`] is called).
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// `$ ` on the host, the container shell's prompt inside `kubectl run -it` / `exec -it`.
    #[must_use]
    pub fn prompt(&self) -> String {
        match &self.session {
            Some(s) => s.prompt(),
            None => "$ ".to_string(),
        }
    }

    /// Runs one command line. Output that comes later (a watch) arrives through `pump`.
    pub fn submit(&mut self, line: &str) -> Output {
        let mut out = Output::new();
        if self.job.is_some() {
            // A line typed while a command runs goes nowhere, as in a terminal with no reader.
            return out;
        }
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            self.history.push(trimmed.to_string());
        }
        if let Some(session) = self.session.as_mut() {
            let Some(sim) = self.sim.as_mut() else {
                self.session = None;
                return out;
            };
            if session.run_line(sim, line, &mut out) == shell::Step::Exit {
                if let Some(session) = self.session.take() {
                    session.close(sim, &mut out);
                }
            }
            return out;
        }
        if trimmed.is_empty() {
            return out;
        }
        let job = kubectl::host_line(self, trimmed, &mut out);
        if let Some(job) = job {
            self.start(job, &mut out);
        }
        out
    }

    fn start(&mut self, mut job: Box<dyn Job>, out: &mut Output) {
        let Some(sim) = self.sim.as_mut() else {
            return;
        };
        let poll = job.poll(sim, out);
        self.job = Some(job);
        follow(poll, &mut self.job, &mut self.session);
    }

    /// Runs the cluster on to virtual time `until` (at most), feeding the running job; stops
    /// early when the job ends. Returns what the job printed.
    pub fn pump(&mut self, until: Time) -> Output {
        let mut out = Output::new();
        let Some(sim) = self.sim.as_mut() else {
            self.job = None;
            return out;
        };
        let mut budget = MAX_EVENTS_PER_PUMP;
        while let Some(job) = self.job.as_mut() {
            let next = sim.next_event_time();
            let deadline = job.deadline();
            let due = match (next, deadline) {
                (Some(n), Some(d)) => Some(n.min(d)),
                (n, d) => n.or(d),
            };
            let poll = match due {
                None => job.settle(sim, &mut out),
                Some(t) if t > until => {
                    sim.run_until(until, budget);
                    break;
                }
                Some(t) if deadline.is_some_and(|d| d <= t) && next.is_none_or(|n| n > t) => {
                    sim.run_until(t, budget);
                    job.expire(sim, &mut out)
                }
                Some(t) => {
                    let run = sim.run_until(t, budget);
                    budget = budget.saturating_sub(run.n_events);
                    if budget == 0 {
                        // The cluster is busier than any lesson: end the command, keep the page.
                        out.err(&Msg::new("console.too.busy").render(self.lang));
                        Poll::Done
                    } else {
                        job.poll(sim, &mut out)
                    }
                }
            };
            follow(poll, &mut self.job, &mut self.session);
        }
        out
    }

    /// Runs the running job to its end (the script runner's way).
    pub fn finish(&mut self) -> Output {
        let mut out = Output::new();
        // Every job ends: at its deadline, when the cluster settles, or by the watch limit.
        for _ in 0..64 {
            if self.job.is_none() {
                break;
            }
            let Some(now) = self.sim.as_ref().map(Simulation::now) else {
                break;
            };
            out.extend(self.pump(now.plus_ms(WATCH_LIMIT_MS)));
        }
        if self.job.is_some() {
            // Only a cluster that never settles gets here; end it as a timeout would.
            self.job = None;
        }
        out
    }

    /// Ctrl-C: stops the running command (or, in a container shell, abandons the line).
    pub fn interrupt(&mut self) -> Output {
        let mut out = Output::new();
        if let (Some(job), Some(sim)) = (self.job.as_mut(), self.sim.as_mut()) {
            out.out("^C");
            let poll = job.interrupt(sim, &mut out);
            follow(poll, &mut self.job, &mut self.session);
        }
        out
    }

    /// Lets virtual time pass while nothing runs (the browser's clock between commands).
    pub fn idle_until(&mut self, until: Time) {
        if self.job.is_some() {
            return;
        }
        if let Some(sim) = self.sim.as_mut() {
            sim.run_until(until, MAX_EVENTS_PER_PUMP);
        }
    }

    /// Completions for the word under the cursor at the end of `line`.
    #[must_use]
    pub fn complete(&self, line: &str) -> Vec<String> {
        complete::complete(self, line)
    }

    /// Starts a cluster made by `shape` (from `minikube start`'s flags) unless one runs.
    pub(crate) fn boot(&mut self, shape: impl FnOnce(Config) -> Config) -> bool {
        if self.sim.is_some() {
            return false;
        }
        self.sim = Some(Simulation::new(shape(Config::minikube(self.seed))));
        true
    }

    pub(crate) fn ctx(&mut self) -> Option<Ctx<'_>> {
        let sim = self.sim.as_mut()?;
        Some(Ctx {
            sim,
            files: &mut self.files,
            lang: self.lang,
            stdin: None,
        })
    }

    pub(crate) fn files(&self) -> &Workdir {
        &self.files
    }

    pub fn files_mut(&mut self) -> &mut Workdir {
        &mut self.files
    }

    pub(crate) fn lang(&self) -> Lang {
        self.lang
    }
}

/// What a job's answer means for the console: it keeps running, ends, or ends by opening a
/// container shell.
fn follow(poll: Poll, job: &mut Option<Box<dyn Job>>, session: &mut Option<shell::Session>) {
    match poll {
        Poll::Pending => {}
        Poll::Done => *job = None,
        Poll::Shell(s) => {
            *job = None;
            *session = Some(s);
        }
    }
}
