//! The native command line:
//! - `podplay validate [--format text|json] [--lang en|ko] FILE...`: exit 0 no errors, 1 errors
//!   found, 2 usage or I/O problems;
//! - `podplay run [--seed N] [--root DIR] SCRIPT`: runs a console script and prints its
//!   transcript; exit 0 when the script ran (failing commands are ordinary output), 2 on usage
//!   or I/O problems. Files are read beside the script, and through its file map `SCRIPT.files`
//!   when there is one (`web.yaml = ../../../shared/examples/web.yaml`, paths relative to the
//!   script), but only inside the script's folder (or `--root DIR`, a folder holding it): see
//!   [`sandbox`]. A comment `# podplay: at 12000ms` lets virtual time run on to then (an
//!   exported history);
//! - `podplay bench`;
//! - `podplay fuzz [--from SEED] [--count N] [--threads T] [--target T] [--print]`: seeded
//!   hostile inputs, see [`fuzz`]; exit 1 on any panic, hang or unanswered input.

use std::io::Write;
use std::time::Instant;

use crate::i18n::{Lang, Msg};
use crate::manifest::{analyze, analyze_files, FileBytes, Severity};

const USAGE: &str = "usage: podplay validate [--format text|json] [--lang en|ko] FILE...\n       podplay run [--seed N] [--root DIR] SCRIPT\n       podplay bench\n       podplay fuzz [--from SEED] [--count N] [--threads T] [--target all|yaml|console|shell|share] [--bound-ms MS] [--print]";

/// The seed `podplay run` uses unless told otherwise (the browser console uses it too).
pub const DEFAULT_SEED: u64 = crate::console::DEFAULT_SEED;

/// Runs the command line; returns the process exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match args.first().map(String::as_str) {
        Some("validate") => validate(&args[1..], out, err),
        Some("run") => run_script(&args[1..], out, err),
        Some("bench") => bench(out),
        Some("fuzz") => fuzz::main(&args[1..], out, err),
        Some("-h" | "--help" | "help") => {
            let _ = writeln!(out, "{USAGE}");
            0
        }
        _ => {
            let _ = writeln!(err, "{USAGE}");
            2
        }
    }
}

fn validate(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut json = false;
    let mut lang = Lang::En;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => match it.next().map(String::as_str) {
                Some("json") => json = true,
                Some("text") => json = false,
                _ => {
                    let _ = writeln!(err, "error: --format takes text or json\n{USAGE}");
                    return 2;
                }
            },
            "--lang" => match it.next().and_then(|c| Lang::from_code(c)) {
                Some(l) => lang = l,
                None => {
                    let _ = writeln!(err, "error: --lang takes en or ko\n{USAGE}");
                    return 2;
                }
            },
            s if s.starts_with('-') && s.len() > 1 => {
                let _ = writeln!(err, "error: unknown flag: {s}\n{USAGE}");
                return 2;
            }
            _ => files.push(a.clone()),
        }
    }
    if files.is_empty() {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    }
    let mut contents = Vec::new();
    for f in &files {
        // A regular file, read no further than the largest input podplay takes: a name that
        // is a device or fifo (a planted symlink to /dev/zero) cannot hang or exhaust memory.
        match sandbox::read_bytes(std::path::Path::new(f)) {
            Ok(read) => contents.push(read),
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return 2;
            }
        }
    }
    let sources: Vec<FileBytes<'_>> = files
        .iter()
        .zip(&contents)
        .map(|(name, (bytes, size))| FileBytes {
            name,
            bytes,
            size: *size,
        })
        .collect();
    let analysis = analyze_files(&sources);
    let (n_err, n_warn) = (analysis.n_errors(), analysis.n_warnings());
    let summary = Msg::new("cli.summary")
        .text(n_err.to_string())
        .text(n_warn.to_string())
        .text(files.len().to_string())
        .text(analysis.objects.len().to_string())
        .render(lang);
    if json {
        let diags: Vec<serde_json::Value> = analysis
            .diagnostics
            .iter()
            .map(|d| {
                serde_json::json!({
                    "file": files[d.source],
                    "line": d.pos.line,
                    "column": d.pos.col,
                    "severity": d.severity.word(),
                    "message": d.msg.render(lang),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "diagnostics": diags,
            "errors": n_err,
            "warnings": n_warn,
            "objects": analysis.objects.len(),
        });
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    } else {
        for d in &analysis.diagnostics {
            let _ = writeln!(
                out,
                "{}:{}:{}: {}: {}",
                files[d.source],
                d.pos.line,
                d.pos.col,
                d.severity.word(),
                d.msg.render(lang)
            );
        }
        let _ = writeln!(out, "{summary}");
    }
    i32::from(
        analysis
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error),
    )
}

fn bench(out: &mut dyn Write) -> i32 {
    let n = 10_000;
    let text = crate::bench::bundle(n);
    let _ = writeln!(
        out,
        "validate: generated bundle of {n} resources, {:.1} MiB",
        text.len() as f64 / (1024.0 * 1024.0)
    );
    let mut best = f64::MAX;
    let mut n_objects = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let a = analyze(&text);
        let secs = start.elapsed().as_secs_f64();
        n_objects = a.objects.len();
        best = best.min(secs);
    }
    let _ = writeln!(
        out,
        "validate (native): {n_objects} objects in {:.1} ms (best of 5) = {:.0} resources/s",
        best * 1000.0,
        n_objects as f64 / best
    );
    budget(
        out,
        "validate in-process (native, 10,000-resource bundle)",
        n_objects as f64 / best,
        "resources/s",
        Goal::AtLeast(150_000.0),
    );
    process_bench(out, &text, n_objects);
    engine_bench(out);
    for (name, text) in crate::bench::adversarial() {
        let start = Instant::now();
        let a = analyze(&text);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let first = a
            .diagnostics
            .first()
            .map(|d| d.msg.render(Lang::En))
            .unwrap_or_default();
        let first: String = first.chars().take(70).collect();
        let _ = writeln!(
            out,
            "adversarial {name:<22} {:>8} bytes  {ms:>7.1} ms (target < 200 ms)  {first}",
            text.len()
        );
    }
    0
}

/// Peak resident memory of this process in KiB (Linux `VmHWM`), if known.
fn peak_rss_kib() -> Option<u64> {
    peak_rss_kib_of("self")
}

/// Peak resident memory of process `pid` (`self` for this one) in KiB, if known.
fn peak_rss_kib_of(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A benchmark target: at least or at most a value.
#[derive(Clone, Copy)]
enum Goal {
    AtLeast(f64),
    AtMost(f64),
}

/// One figure beside its target, as a `budget:` line (`make bench` gathers them at its end).
fn budget(out: &mut dyn Write, what: &str, value: f64, unit: &str, goal: Goal) {
    let (met, op, target) = match goal {
        Goal::AtLeast(t) => (value >= t, ">=", t),
        Goal::AtMost(t) => (value <= t, "<=", t),
    };
    let fmt = |v: f64| {
        if v >= 1000.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    };
    let _ = writeln!(
        out,
        "budget: {what}: {} {unit} (target {op} {} {unit}): {}",
        fmt(value),
        fmt(target),
        if met { "met" } else { "MISSED" }
    );
}

/// `podplay validate` as a whole process on the bundle (written to a temporary file): its
/// resources a second and its peak resident memory (the child's `VmHWM`, read every
/// millisecond while it runs; the last reading before it exits).
fn process_bench(out: &mut dyn Write, text: &str, n_objects: usize) {
    let path = std::env::temp_dir().join(format!("podplay-bench-{}.yaml", std::process::id()));
    let (Ok(exe), Ok(())) = (std::env::current_exe(), std::fs::write(&path, text)) else {
        let _ = writeln!(
            out,
            "validate (process): cannot write the bundle or find this program"
        );
        return;
    };
    let mut best = f64::MAX;
    let mut peak = 0u64;
    for _ in 0..3 {
        let start = Instant::now();
        let child = std::process::Command::new(&exe)
            .arg("validate")
            .arg(&path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let Ok(mut child) = child else {
            let _ = writeln!(out, "validate (process): cannot start {}", exe.display());
            break;
        };
        let pid = child.id().to_string();
        let mut hwm = 0;
        loop {
            if let Some(kib) = peak_rss_kib_of(&pid) {
                hwm = hwm.max(kib);
            }
            match child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) => std::thread::sleep(std::time::Duration::from_millis(1)),
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
        peak = peak.max(hwm);
    }
    let _ = std::fs::remove_file(&path);
    if best == f64::MAX {
        return;
    }
    let _ = writeln!(
        out,
        "validate (process): `podplay validate` on the bundle in {:.1} ms (best of 3), peak resident memory {:.1} MiB",
        best * 1000.0,
        peak as f64 / 1024.0
    );
    budget(
        out,
        "podplay validate as a process (10,000-resource bundle)",
        n_objects as f64 / best,
        "resources/s",
        Goal::AtLeast(100_000.0),
    );
    budget(
        out,
        "podplay validate peak memory",
        peak as f64 / 1024.0,
        "MiB",
        Goal::AtMost(30.0),
    );
}

/// The engine's figures: a 1,000-replica StatefulSet from apply to all Ready (OrderedReady and
/// Parallel), and seeking in a 10-minute, 50-pod run.
fn engine_bench(out: &mut dyn Write) {
    let n = 1000;
    for parallel in [false, true] {
        let policy = if parallel { "Parallel" } else { "OrderedReady" };
        let mut best = f64::MAX;
        let mut run = None;
        let rss_before = peak_rss_kib();
        for _ in 0..5 {
            let (mut sim, objects) = crate::bench::stateful_set_setup(n, parallel);
            let start = Instant::now();
            let r = crate::bench::stateful_set_run(&mut sim, objects);
            best = best.min(start.elapsed().as_secs_f64());
            run = Some(r);
        }
        let Some(r) = run else { continue };
        let _ = writeln!(
            out,
            "engine (native): {n}-replica StatefulSet, {policy}: all {} Ready in {:.1} ms (best of 5), {} events = {:.0} events/s, {:.0} s of virtual time",
            r.ready_pods,
            best * 1000.0,
            r.n_events,
            r.n_events as f64 / best,
            r.virtual_ms as f64 / 1000.0
        );
        budget(
            out,
            &format!("1,000-replica StatefulSet ({policy}) to Ready (native)"),
            best * 1000.0,
            "ms",
            Goal::AtMost(20.0),
        );
        if let (Some(a), Some(b)) = (rss_before, peak_rss_kib()) {
            let _ = writeln!(
                out,
                "engine (native): peak resident memory {:.1} MiB (process; {:.1} MiB before this run)",
                b as f64 / 1024.0,
                a as f64 / 1024.0
            );
        }
    }
    // 10,000 replicas: the controller stops at podplay's pod limit; the run settles there.
    let big = 10_000;
    let (mut sim, objects) = crate::bench::stateful_set_setup_capped(big, true);
    let start = Instant::now();
    let r = crate::bench::stateful_set_run(&mut sim, objects);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let _ = writeln!(
        out,
        "engine (native): {big}-replica StatefulSet, Parallel: settled in {ms:.1} ms with {} pods Ready (podplay simulates at most {} pods), {} events",
        r.ready_pods,
        crate::manifest::MAX_PODS,
        r.n_events
    );
    budget(
        out,
        "10,000-replica StatefulSet settled (native)",
        ms,
        "ms",
        Goal::AtMost(300.0),
    );
    let start = Instant::now();
    let tl = crate::bench::ten_minute_timeline();
    let build = start.elapsed().as_secs_f64();
    let end = tl.now().ms();
    let mut worst: f64 = 0.0;
    let mut total = 0.0;
    let n_seeks = 40u64;
    for i in 0..n_seeks {
        let t = crate::engine::Time(end * (i * 37 % n_seeks + 1) / n_seeks);
        let start = Instant::now();
        let sim = tl.state_at(t);
        let secs = start.elapsed().as_secs_f64();
        std::hint::black_box(sim.cluster().pods.len());
        worst = worst.max(secs);
        total += secs;
    }
    let _ = writeln!(
        out,
        "engine (native): seek in a 10-minute, 50-pod run ({} events, built in {:.1} ms): worst {:.2} ms, mean {:.2} ms over {n_seeks} seeks (target < 50 ms in the browser)",
        tl.sim().n_events(),
        build * 1000.0,
        worst * 1000.0,
        total * 1000.0 / n_seeks as f64
    );
}

pub mod fuzz;
pub mod sandbox;

pub use sandbox::{Sandbox, MAX_READ_BYTES};

/// `apply -f` paths in a script are relative to the script's directory; names in the script's
/// file map (`<script>.files`) read the file it maps them to. Every read goes through the
/// sandbox: nothing outside its folder, nothing but regular files, nothing too large.
struct DiskFiles {
    sandbox: Sandbox,
    map: FileMap,
}

/// A script's file map: the name a tutorial uses → the file (relative to the script's folder)
/// that holds it, so a script reads `../shared/examples` manifests under the tutorial's names.
pub type FileMap = std::collections::BTreeMap<String, std::path::PathBuf>;

/// Parses a file map: one `NAME = PATH` a line, `#` comments and blank lines ignored.
///
/// # Errors
/// The first line that is not a mapping, as `line N: …`.
pub fn parse_file_map(text: &str) -> Result<FileMap, String> {
    let mut map = FileMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, path)) = line.split_once('=') else {
            return Err(format!("line {}: expected NAME = PATH: {line}", n + 1));
        };
        let (name, path) = (crate::console::Workdir::normalize(name.trim()), path.trim());
        if name.is_empty() || path.is_empty() {
            return Err(format!("line {}: expected NAME = PATH: {line}", n + 1));
        }
        if map.insert(name.clone(), path.into()).is_some() {
            return Err(format!("line {}: {name} is mapped twice", n + 1));
        }
    }
    Ok(map)
}

/// The file map beside `script` (`web.sh` → `web.files`); empty when there is none.
///
/// # Errors
/// An unreadable or malformed map, naming the file.
pub fn file_map_of(script: &std::path::Path) -> Result<FileMap, String> {
    let path = script.with_extension("files");
    if !path.exists() {
        return Ok(FileMap::new());
    }
    let text = sandbox::read_named(&path)?;
    parse_file_map(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl DiskFiles {
    /// The path `name` stands for, relative to the script's folder.
    fn path<'a>(&'a self, name: &'a str) -> &'a std::path::Path {
        let path = std::path::Path::new(name);
        // A mapped name is one the folder itself holds: `/web.yaml` or `../x/web.yaml` is not.
        let plain = !path.has_root()
            && !path
                .components()
                .any(|c| c == std::path::Component::ParentDir);
        let mapped = plain
            .then(|| self.map.get(&crate::console::Workdir::normalize(name)))
            .flatten();
        mapped.map_or(path, std::path::PathBuf::as_path)
    }
}

impl crate::console::Files for DiskFiles {
    fn read(&self, name: &str) -> Result<String, String> {
        self.sandbox.read(self.path(name))
    }

    fn not_utf8(&self, name: &str) -> Option<&'static str> {
        let bytes = self.sandbox.read_bytes(self.path(name)).ok()?;
        crate::manifest::yaml::utf8_problem(&bytes).map(|(_, why)| why)
    }

    fn names(&self) -> Vec<String> {
        let mut names = self.sandbox.names();
        names.extend(self.map.keys().cloned());
        names.sort();
        names.dedup();
        names
    }
}

/// Runs `script` (its text; files relative to `base`, read only inside it) and returns the
/// transcript: each line as the prompt then the command, then everything it printed, stdout
/// and stderr in order.
#[must_use]
pub fn transcript(script: &str, base: &std::path::Path, seed: u64) -> String {
    transcript_mapped(script, base, FileMap::new(), seed)
}

/// [`transcript`] of the script at `path`, with its file map (`<script>.files`) when it has one;
/// it reads only inside the script's folder.
///
/// # Errors
/// An unreadable script or file map.
pub fn transcript_of(path: &std::path::Path, seed: u64) -> Result<String, String> {
    transcript_within(path, None, seed)
}

/// [`transcript_of`] reading inside `root` (a folder that holds the script) instead of only
/// the script's folder: `podplay run --root DIR`.
///
/// # Errors
/// An unreadable script or file map, or a root that does not hold the script.
pub fn transcript_within(
    path: &std::path::Path,
    root: Option<&std::path::Path>,
    seed: u64,
) -> Result<String, String> {
    let text = sandbox::read_named(path)?;
    let map = file_map_of(path)?;
    let base = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let sandbox = Sandbox::new(&base, root.unwrap_or(&base));
    if let Some(root) = root {
        let holds = std::fs::canonicalize(root)
            .ok()
            .zip(std::fs::canonicalize(&base).ok())
            .is_some_and(|(r, b)| b.starts_with(r));
        if !holds {
            return Err(format!(
                "--root {}: the folder must hold the script",
                root.display()
            ));
        }
    }
    Ok(run_lines(&text, DiskFiles { sandbox, map }, seed))
}

/// [`transcript`] with names of `map` read from the files it maps them to (inside `base`).
#[must_use]
pub fn transcript_mapped(script: &str, base: &std::path::Path, map: FileMap, seed: u64) -> String {
    let files = DiskFiles {
        sandbox: Sandbox::new(base, base),
        map,
    };
    run_lines(script, files, seed)
}

fn run_lines(script: &str, files: DiskFiles, seed: u64) -> String {
    let mut console = crate::console::Console::new(seed, Box::new(files));
    let mut text = String::new();
    for line in script.lines() {
        // A continuation line (inside a here-document, a loop, an open quote) is taken as
        // written and shown after bash's PS2, `> `.
        let continuing = console.prompt() == "> ";
        let shown = if continuing { line } else { line.trim() };
        if !continuing {
            // `# podplay: at 12000ms`: virtual time runs on to then, as the page's clock did
            // between two lines of an exported history.
            if let Some(ms) = crate::session::export::parse_at_directive(shown) {
                // The clock stops short when many events are due: go on until it is there.
                for _ in 0..1000 {
                    if console.sim().is_none_or(|s| s.now().ms() >= ms) {
                        break;
                    }
                    text.push_str(&console.idle_until(crate::engine::Time(ms)).text());
                }
                continue;
            }
            if shown.is_empty() || shown.starts_with('#') {
                continue;
            }
        }
        text.push_str(&console.prompt());
        text.push_str(shown);
        text.push('\n');
        let mut output = console.submit(shown);
        output.extend(console.finish());
        text.push_str(&output.text());
    }
    text.push_str(&console.end_of_input().text());
    text
}

fn run_script(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut seed = DEFAULT_SEED;
    let mut script = None;
    let mut root: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => match it.next().and_then(|s| s.parse::<u64>().ok()) {
                Some(s) => seed = s,
                None => {
                    let _ = writeln!(err, "error: --seed takes a number\n{USAGE}");
                    return 2;
                }
            },
            s if s.starts_with("--seed=") => match s["--seed=".len()..].parse::<u64>() {
                Ok(v) => seed = v,
                Err(_) => {
                    let _ = writeln!(err, "error: --seed takes a number\n{USAGE}");
                    return 2;
                }
            },
            "--root" => match it.next() {
                Some(r) => root = Some(r.clone()),
                None => {
                    let _ = writeln!(err, "error: --root takes a folder\n{USAGE}");
                    return 2;
                }
            },
            s if s.starts_with("--root=") => root = Some(s["--root=".len()..].to_string()),
            s if s.starts_with('-') && s.len() > 1 => {
                let _ = writeln!(err, "error: unknown flag: {s}\n{USAGE}");
                return 2;
            }
            _ if script.is_some() => {
                let _ = writeln!(err, "error: one script at a time\n{USAGE}");
                return 2;
            }
            _ => script = Some(a.clone()),
        }
    }
    let Some(script) = script else {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    };
    let root = root.as_deref().map(std::path::Path::new);
    match transcript_within(std::path::Path::new(&script), root, seed) {
        Ok(text) => {
            let _ = out.write_all(text.as_bytes());
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}
