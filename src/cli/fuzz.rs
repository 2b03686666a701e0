//! `podplay fuzz`: hostile inputs from seeded generators against YAML parse + validate, console
//! lines on a booted cluster, the container shell and the share-link decoder.
//!
//! `podplay fuzz [--from SEED] [--count N] [--threads T] [--target all|yaml|console|shell|share]
//! [--bound-ms MS] [--print]`. Input `i` of a run has seed `from + i` and is a function of its
//! seed and target alone, so a run can be split into seed ranges, resumed where one stopped, and
//! any input reproduced with `--from S --count 1 --target T --print`. A panic is caught per
//! input and reported with its seed; a watchdog reports an input still running past its time
//! bound (and stops the run when one runs 30 times past it). Exit 0 when no input panicked, ran
//! over its bound or went unanswered, 1 otherwise, 2 on usage problems.

pub mod gen;
pub mod targets;

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use targets::{Base, Run, Target};

const USAGE: &str = "usage: podplay fuzz [--from SEED] [--count N] [--threads T] [--target all|yaml|console|shell|share] [--bound-ms MS] [--print]";

/// A run's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opts {
    pub from: u64,
    pub count: u64,
    pub threads: usize,
    /// `None`: each seed's own target ([`Target::of_seed`]).
    pub target: Option<Target>,
    pub bound: Duration,
    pub print: bool,
}

impl Opts {
    /// Parses `podplay fuzz`'s flags.
    ///
    /// # Errors
    /// What is wrong with them.
    pub fn parse(args: &[String]) -> Result<Opts, String> {
        let mut o = Opts {
            from: 0,
            count: 10_000,
            threads: 2,
            target: None,
            // An input is several console lines, each of which may run its 100,000 steps (a
            // nested endless loop: about 2 s natively); past 5 s it counts as a hang.
            bound: Duration::from_millis(5_000),
            print: false,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                _ => (a.as_str(), None),
            };
            if flag == "--print" {
                o.print = true;
                continue;
            }
            let value = inline
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{flag} takes a value"))?;
            let number = || {
                value
                    .replace([',', '_'], "")
                    .parse::<u64>()
                    .map_err(|_| format!("{flag} takes a number"))
            };
            match flag {
                "--from" => o.from = number()?,
                "--count" => o.count = number()?,
                "--threads" => o.threads = usize::try_from(number()?.clamp(1, 64)).unwrap_or(1),
                "--bound-ms" => o.bound = Duration::from_millis(number()?.max(1)),
                "--target" if value == "all" => o.target = None,
                "--target" => {
                    o.target = Some(
                        Target::from_name(&value)
                            .ok_or_else(|| format!("unknown target: {value}"))?,
                    );
                }
                _ => return Err(format!("unknown flag: {flag}")),
            }
        }
        Ok(o)
    }

    fn target_of(&self, seed: u64) -> Target {
        self.target.unwrap_or_else(|| Target::of_seed(seed))
    }
}

/// The real manifests inputs are mutated from: the tutorial's built in, `fixtures/manifests`
/// and `../shared/examples` beside the crate when they are there.
#[must_use]
pub fn corpus() -> BTreeMap<String, String> {
    let mut m: BTreeMap<String, String> = crate::examples::EXAMPLES
        .iter()
        .map(|e| (e.file.to_string(), e.text.to_string()))
        .collect();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [
        root.join("fixtures/manifests"),
        root.join("../shared/examples"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "yaml") {
                if let (Some(name), Ok(text)) = (
                    path.file_name().and_then(|n| n.to_str()),
                    std::fs::read_to_string(&path),
                ) {
                    m.insert(name.to_string(), text);
                }
            }
        }
    }
    m
}

/// The record share links are mutated from: `fixtures/sessions/v1-seed.json` when it is there.
fn seed_record() -> Option<crate::session::save::Saved> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sessions/v1-seed.json");
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Counts per target.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    inputs: u64,
    errors: u64,
    panics: u64,
    over: u64,
    unanswered: u64,
    busy: Duration,
}

/// What one worker is running now, for the watchdog.
struct Slot {
    /// Milliseconds since the run started when the input started; `u64::MAX` when idle.
    started: AtomicU64,
    seed: AtomicU64,
    target: AtomicU8,
    reported: AtomicBool,
}

struct Shared {
    opts: Opts,
    next: AtomicU64,
    start: Instant,
    slots: Vec<Slot>,
    tallies: Mutex<BTreeMap<Target, Tally>>,
    out: Mutex<Box<dyn Write + Send>>,
    done: AtomicBool,
}

impl Shared {
    fn say(&self, text: &str) {
        if let Ok(mut out) = self.out.lock() {
            let _ = writeln!(out, "{text}");
            let _ = out.flush();
        }
    }

    fn repro(&self, seed: u64, target: Target) -> String {
        format!(
            "podplay fuzz --from {seed} --count 1 --target {} --print",
            target.name()
        )
    }
}

/// Each worker thread's stack.
const STACK_BYTES: usize = 8 * 1024 * 1024;

thread_local! {
    /// The last panic's message and place on this thread (set by the fuzzer's panic hook).
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `podplay fuzz`; returns the exit code.
pub fn main(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let opts = match Opts::parse(args) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(err, "error: {e}\n{USAGE}");
            return 2;
        }
    };
    let (text, code) = run(&opts);
    let _ = out.write_all(text.as_bytes());
    code
}

/// Runs the inputs of `opts`, printing reports to standard output as they come; returns the
/// summary (per target, totals, the `fuzz: N inputs, …` line) and the exit code.
#[must_use]
pub fn run(opts: &Opts) -> (String, i32) {
    let corpus = Arc::new(corpus());
    let record = seed_record();
    std::panic::set_hook(Box::new(|info| {
        let text = info.to_string();
        LAST_PANIC.with(|p| p.replace(text));
    }));
    let shared = Arc::new(Shared {
        opts: opts.clone(),
        next: AtomicU64::new(0),
        start: Instant::now(),
        slots: (0..opts.threads)
            .map(|_| Slot {
                started: AtomicU64::new(u64::MAX),
                seed: AtomicU64::new(0),
                target: AtomicU8::new(0),
                reported: AtomicBool::new(false),
            })
            .collect(),
        tallies: Mutex::new(BTreeMap::new()),
        out: Mutex::new(Box::new(std::io::stdout())),
        done: AtomicBool::new(false),
    });
    shared.say(&format!(
        "fuzz: seeds {}..{} ({} inputs) on {} threads, {} corpus manifests, bound {} ms",
        opts.from,
        opts.from.saturating_add(opts.count),
        opts.count,
        opts.threads,
        corpus.len(),
        opts.bound.as_millis()
    ));
    let workers: Vec<_> = (0..opts.threads)
        .map(|i| {
            let shared = shared.clone();
            let corpus = corpus.clone();
            let record = record.clone();
            // As much stack as the main thread gets (debug builds use far more than release).
            std::thread::Builder::new()
                .stack_size(STACK_BYTES)
                .spawn(move || worker(&shared, i, &corpus, record))
        })
        .collect();
    let dog = {
        let shared = shared.clone();
        std::thread::spawn(move || watchdog(&shared))
    };
    for w in workers.into_iter().flatten() {
        let _ = w.join();
    }
    shared.done.store(true, Ordering::SeqCst);
    let _ = dog.join();
    let _ = std::panic::take_hook();
    summary(&shared)
}

fn worker(
    shared: &Shared,
    index: usize,
    corpus: &BTreeMap<String, String>,
    record: Option<crate::session::save::Saved>,
) {
    let base = Base::new(corpus, record);
    let opts = &shared.opts;
    let Some(slot) = shared.slots.get(index) else {
        return;
    };
    loop {
        let i = shared.next.fetch_add(1, Ordering::SeqCst);
        if i >= opts.count {
            break;
        }
        let seed = opts.from.wrapping_add(i);
        let target = opts.target_of(seed);
        slot.seed.store(seed, Ordering::SeqCst);
        slot.target.store(target as u8, Ordering::SeqCst);
        slot.reported.store(false, Ordering::SeqCst);
        let started = Instant::now();
        slot.started.store(
            u64::try_from(started.duration_since(shared.start).as_millis()).unwrap_or(0),
            Ordering::SeqCst,
        );
        let made =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| base.make(target, seed)));
        if let (true, Ok(input)) = (opts.print, &made) {
            // Shown before it runs: an input that kills the process is still seen.
            shared.say(&format!(
                "--- seed {seed} ({}) input:\n{}",
                target.name(),
                input.text()
            ));
        }
        let result = match &made {
            Ok(input) => {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| base.exec(input)))
            }
            Err(_) => Err(Box::new(()) as Box<dyn std::any::Any + Send>),
        };
        let took = started.elapsed();
        slot.started.store(u64::MAX, Ordering::SeqCst);
        let mut t = Tally {
            inputs: 1,
            busy: took,
            ..Tally::default()
        };
        match &result {
            Ok(run) => {
                t.errors = u64::from(run.answer.is_err());
                if let Some(why) = &run.unanswered {
                    t.unanswered = 1;
                    shared.say(&format!(
                        "fuzz: UNANSWERED seed {seed} ({}): {why}; reproduce: {}",
                        target.name(),
                        shared.repro(seed, target)
                    ));
                }
                if opts.print {
                    print_run(shared, seed, target, run);
                }
            }
            Err(_) => {
                t.panics = 1;
                let what = LAST_PANIC.with(std::cell::RefCell::take);
                let input = made.as_ref().map_or_else(
                    |_| "(its making panicked)".to_string(),
                    targets::Input::text,
                );
                shared.say(&format!(
                    "fuzz: PANIC seed {seed} ({}): {what}\n  input: {input:?}\n  reproduce: {}",
                    target.name(),
                    shared.repro(seed, target)
                ));
            }
        }
        if took > opts.bound {
            t.over = 1;
            shared.say(&format!(
                "fuzz: OVER TIME seed {seed} ({}): {} ms (bound {} ms); reproduce: {}",
                target.name(),
                took.as_millis(),
                opts.bound.as_millis(),
                shared.repro(seed, target)
            ));
        }
        if let Ok(mut tallies) = shared.tallies.lock() {
            let e = tallies.entry(target).or_default();
            e.inputs += t.inputs;
            e.errors += t.errors;
            e.panics += t.panics;
            e.over += t.over;
            e.unanswered += t.unanswered;
            e.busy += t.busy;
        }
    }
}

fn print_run(shared: &Shared, seed: u64, target: Target, run: &Run) {
    let answer = match &run.answer {
        Ok(r) => format!("result:\n{r}"),
        Err(e) => format!("error: {e}"),
    };
    shared.say(&format!("--- seed {seed} ({}) {answer}", target.name()));
}

/// Reports inputs running past the bound, stops the run on one 30 times past it, and prints
/// progress every 30 seconds.
fn watchdog(shared: &Shared) {
    let bound = u64::try_from(shared.opts.bound.as_millis()).unwrap_or(u64::MAX);
    let mut last_progress = Instant::now();
    while !shared.done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
        let now = u64::try_from(shared.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        for slot in &shared.slots {
            let started = slot.started.load(Ordering::SeqCst);
            if started == u64::MAX {
                continue;
            }
            let running = now.saturating_sub(started);
            let seed = slot.seed.load(Ordering::SeqCst);
            let target = Target::ALL
                .get(usize::from(slot.target.load(Ordering::SeqCst)))
                .copied()
                .unwrap_or(Target::Yaml);
            if running > bound && !slot.reported.swap(true, Ordering::SeqCst) {
                shared.say(&format!(
                    "fuzz: WATCHDOG seed {seed} ({}) still running after {running} ms; reproduce: {}",
                    target.name(),
                    shared.repro(seed, target)
                ));
            }
            if running > bound.saturating_mul(30) {
                shared.say(&format!(
                    "fuzz: HANG seed {seed} ({}) running for {running} ms: stopping; reproduce: {}",
                    target.name(),
                    shared.repro(seed, target)
                ));
                let (text, _) = summary(shared);
                shared.say(text.trim_end());
                std::process::exit(1);
            }
        }
        if last_progress.elapsed() >= Duration::from_secs(30) {
            last_progress = Instant::now();
            let n: u64 = shared
                .tallies
                .lock()
                .map(|t| t.values().map(|x| x.inputs).sum())
                .unwrap_or(0);
            shared.say(&format!(
                "fuzz: {n} of {} inputs after {:.0} s ({:.0} inputs/s)",
                shared.opts.count,
                shared.start.elapsed().as_secs_f64(),
                n as f64 / shared.start.elapsed().as_secs_f64().max(1e-9)
            ));
        }
    }
}

/// Per target: inputs, inputs/s per thread, errors (inputs refused with a message), panics,
/// inputs over time; then the totals and the last line.
fn summary(shared: &Shared) -> (String, i32) {
    let tallies = shared.tallies.lock().map(|t| t.clone()).unwrap_or_default();
    let wall = shared.start.elapsed().as_secs_f64().max(1e-9);
    let mut text = String::new();
    let mut total = Tally::default();
    for (target, t) in &tallies {
        let secs = t.busy.as_secs_f64().max(1e-9);
        text.push_str(&format!(
            "fuzz: {:<8} {:>10} inputs {:>9.0} inputs/s per thread  {:>9} errors {} panics {} over time {} unanswered\n",
            target.name(),
            t.inputs,
            t.inputs as f64 / secs,
            t.errors,
            t.panics,
            t.over,
            t.unanswered
        ));
        total.inputs += t.inputs;
        total.panics += t.panics;
        total.over += t.over;
        total.unanswered += t.unanswered;
    }
    text.push_str(&format!(
        "fuzz: {} inputs in {wall:.1} s = {:.0} inputs/s on {} threads\n",
        total.inputs,
        total.inputs as f64 / wall,
        shared.opts.threads
    ));
    text.push_str(&format!(
        "fuzz: {} inputs, {} panics, {} over time, {} unanswered\n",
        total.inputs, total.panics, total.over, total.unanswered
    ));
    let bad = total.panics + total.over + total.unanswered > 0;
    (text, i32::from(bad))
}
