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
pub mod drain;
pub mod edit;
pub mod exec;
pub mod fetch;
pub mod get;
pub mod host;
pub mod kubectl;
pub mod kustomize;
pub mod logs;
pub mod make;
pub mod minikube;
pub mod mutate;
pub mod objects;
pub mod output;
pub mod parse;
pub mod patch;
pub mod real;
pub mod render;
pub mod resources;
pub mod rollout;
pub mod selector;
pub mod sh;
pub mod shell;
pub mod template;
mod tty;

use std::collections::BTreeMap;

use crate::engine::{Config, Simulation, Time};
use crate::i18n::Lang;

pub use output::{Line, Output, Stream};

/// The seed the browser console and `podplay run` use unless told otherwise.
pub const DEFAULT_SEED: u64 = 1;

/// Events one pump may run: far above any tutorial, so a runaway cluster cannot hang the page.
pub const MAX_EVENTS_PER_PUMP: u64 = 200_000;
/// A watch that never settles (a pod failing forever) ends after this much virtual time unless
/// `--request-timeout` says otherwise.
pub const WATCH_LIMIT_MS: u64 = 600_000;

/// Why a file cannot be read, in the words of Go's and libc's errors (kubectl quotes the first,
/// `cat` and bash capitalize them): one of these is the `Err` of [`Files::read`].
pub mod reason {
    /// `ENOENT`.
    pub const NOT_FOUND: &str = "no such file or directory";
    /// `EACCES`: what `podplay run` answers for anything outside the script's folder, and for
    /// devices, fifos and sockets inside it.
    pub const DENIED: &str = "permission denied";
    /// `EISDIR`.
    pub const IS_DIR: &str = "is a directory";
    /// `EFBIG`: a file over the size `podplay run` reads, or a write past what the console keeps.
    pub const TOO_BIG: &str = "file too large";

    /// The reason as `cat` and bash print it (`strerror`): `Permission denied`.
    #[must_use]
    pub fn strerror(e: &str) -> &'static str {
        match e {
            DENIED => "Permission denied",
            IS_DIR => "Is a directory",
            TOO_BIG => "File too large",
            _ => "No such file or directory",
        }
    }

    /// Whether the reason is the sandbox of `podplay run` refusing the read (then a note says
    /// what it reads).
    #[must_use]
    pub fn refused(e: &str) -> bool {
        e == DENIED || e == TOO_BIG
    }

    /// podplay's one line under a refused read: what `podplay run` reads.
    #[must_use]
    pub fn note(e: &str, lang: crate::i18n::Lang) -> Option<String> {
        refused(e).then(|| crate::i18n::Msg::new("console.sandbox").render(lang))
    }
}

/// Where `kubectl apply -f NAME` reads from: the editor's documents in the browser, the disk
/// (relative to the script) in `podplay run`.
pub trait Files {
    /// The text of `name`, or the reason it cannot be read: one of [`reason`]'s words.
    ///
    /// # Errors
    /// Missing or unreadable files.
    fn read(&self, name: &str) -> Result<String, String>;
    /// Names to list and to offer for completion.
    fn names(&self) -> Vec<String>;
    /// go-yaml's words for why `name`'s bytes are not UTF-8 (`invalid leading UTF-8 octet`),
    /// for kubectl to refuse it as it would; only a base that reads real files can say
    /// (`read` gives such a file's text with U+FFFD in place of the bad bytes).
    fn not_utf8(&self, _name: &str) -> Option<&'static str> {
        None
    }
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
            .ok_or_else(|| reason::NOT_FOUND.to_string())
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
    /// The bytes `written` holds.
    written_bytes: usize,
}

/// The most one written file may hold (the largest manifest podplay reads) …
pub const MAX_WRITTEN_FILE_BYTES: usize = crate::manifest::yaml::MAX_INPUT_BYTES;
/// … and all written files together, so that no loop of `>>` can exhaust memory.
pub const MAX_WRITTEN_BYTES: usize = 4 * MAX_WRITTEN_FILE_BYTES;

impl Workdir {
    #[must_use]
    pub fn new(base: Box<dyn Files>) -> Workdir {
        Workdir {
            base,
            written: BTreeMap::new(),
            written_bytes: 0,
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

    /// Replaces (or creates) `name` in the overlay (`>`). `false` (nothing written) when the
    /// file would pass [`MAX_WRITTEN_FILE_BYTES`] or all written files [`MAX_WRITTEN_BYTES`]:
    /// the write fails as on a full disk (`EFBIG`).
    pub fn write(&mut self, name: &str, text: &str) -> bool {
        let norm = Workdir::normalize(name);
        let old = self.written.get(&norm).map_or(0, String::len);
        let total = self.written_bytes.saturating_sub(old) + text.len();
        if text.len() > MAX_WRITTEN_FILE_BYTES || total > MAX_WRITTEN_BYTES {
            return false;
        }
        self.written_bytes = total;
        self.written.insert(norm, text.to_string());
        true
    }

    /// Appends to `name`, starting from the document's current text (`>>`); `false` as
    /// [`Workdir::write`].
    pub fn append(&mut self, name: &str, text: &str) -> bool {
        let norm = Workdir::normalize(name);
        // A file written before grows in place: a loop of `>>` costs what it appends, not the
        // file's whole length each time.
        if let Some(now) = self.written.get_mut(&norm) {
            if now.len() + text.len() > MAX_WRITTEN_FILE_BYTES
                || self.written_bytes + text.len() > MAX_WRITTEN_BYTES
            {
                return false;
            }
            now.push_str(text);
            self.written_bytes += text.len();
            return true;
        }
        let mut now = self.read(name).unwrap_or_default();
        if now.len() + text.len() > MAX_WRITTEN_FILE_BYTES {
            return false;
        }
        now.push_str(text);
        self.write(name, &now)
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
            // The name as written first: a base that guards a folder judges it (an absolute
            // path, `..` leaving the folder); then the one spelling documents are stored under.
            None => match self.base.read(name) {
                Ok(t) => Ok(t),
                Err(e) if reason::refused(&e) => Err(e),
                Err(e) => self
                    .base
                    .read(&norm)
                    .map_err(|n| if n == reason::NOT_FOUND { e } else { n }),
            },
        }
    }

    fn not_utf8(&self, name: &str) -> Option<&'static str> {
        if self.written.contains_key(&Workdir::normalize(name)) {
            return None;
        }
        self.base.not_utf8(name)
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

/// One terminal's own state: what runs in its foreground, its container shell, its history and
/// its host shell. Every terminal of a console talks to the same cluster and files.
pub(crate) struct Tty {
    id: u32,
    fg: Option<host::Exec>,
    session: Option<shell::Session>,
    history: Vec<String>,
    sh: host::Shell,
    stdin: Option<String>,
    /// What this terminal printed while another one was in front, not yet taken.
    out: shell::Io,
}

impl Tty {
    fn new(id: u32, seed: u64) -> Tty {
        Tty {
            id,
            fg: None,
            session: None,
            history: Vec::new(),
            // Each terminal's bash has its own pids and round trips; the first one's are the
            // seed's, as with a single terminal.
            sh: host::Shell::new(seed.wrapping_add(u64::from(id.saturating_sub(1)))),
            stdin: None,
            out: shell::Io::default(),
        }
    }
}

/// The console's whole state. One per page (and one per script run). It has one or more
/// terminals sharing the cluster and the files; the fields below `files` are the terminal in
/// front's (the one lines are typed into), the others wait in `parked` and are fed as virtual
/// time passes all the same.
pub struct Console {
    seed: u64,
    sim: Option<Simulation>,
    files: Workdir,
    /// The terminals not in front, by id.
    pub(crate) parked: Vec<Tty>,
    /// The id of the terminal in front.
    tty_id: u32,
    next_tty: u32,
    /// The line running in the foreground (its program and the command it waits on).
    fg: Option<host::Exec>,
    session: Option<shell::Session>,
    history: Vec<String>,
    lang: Lang,
    /// The host shell: variables, `$?`, background jobs, an incomplete line.
    pub(crate) sh: host::Shell,
    /// Standard input for the host command being dispatched (read by [`Console::ctx`]).
    pub(crate) stdin: Option<String>,
}

impl Console {
    /// A console whose `minikube start` will boot a cluster from `seed`.
    #[must_use]
    pub fn new(seed: u64, files: Box<dyn Files>) -> Console {
        Console {
            seed,
            sim: None,
            files: Workdir::new(files),
            parked: Vec::new(),
            tty_id: 1,
            next_tty: 2,
            fg: None,
            session: None,
            history: Vec::new(),
            lang: Lang::En,
            sh: host::Shell::new(seed),
            stdin: None,
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

    /// Takes the cluster away (to put another in its place with [`Console::replace_sim`]).
    pub fn take_sim(&mut self) -> Option<Simulation> {
        self.sim.take()
    }

    /// Puts `sim` in the cluster's place (the page taking time back to an earlier moment): a
    /// running command and an open container shell end, as they would if the cluster they
    /// talked to went away.
    pub fn replace_sim(&mut self, sim: Simulation) {
        self.fg = None;
        self.sh.bg.clear();
        self.session = None;
        for t in &mut self.parked {
            t.fg = None;
            t.sh.bg.clear();
            t.session = None;
        }
        self.sim = Some(sim);
    }

    /// Lines submitted so far, oldest first (for ↑/↓).
    #[must_use]
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// `$ ` on the host, the container shell's prompt inside `kubectl run -it` / `exec -it`.
    #[must_use]
    pub fn prompt(&self) -> String {
        match &self.session {
            Some(s) => s.prompt(),
            None if !self.sh.pending.is_empty() => "> ".to_string(),
            None => "$ ".to_string(),
        }
    }

    /// `kubectl apply -f <file>` for a file the caller has already analysed (the page's Apply
    /// button): kubectl's answer, as typing the line would print it. Nothing happens before
    /// the cluster started.
    pub fn apply_analysis(&mut self, file: &str, analysis: &crate::manifest::Analysis) -> Output {
        let mut out = Output::new();
        self.history.push(format!("kubectl apply -f {file}"));
        if let Some(mut ctx) = self.ctx() {
            mutate::apply_analysis(&mut ctx, file, analysis, &mut out);
            kubectl::warnings(ctx.sim, ctx.lang, &mut out, 0);
            // The call's round trip is drawn as a typed `kubectl apply` draws it, so the
            // round trips after it are the ones a script of the same lines gets.
            let _ = self.sh.round_trip();
        }
        out
    }

    // submit, pump, finish, interrupt and idle_until live in host/runtime.rs with the shell
    // that runs the lines.

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
            stdin: self.stdin.take(),
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
