//! The official tutorials against their own output samples.
//!
//! For each `fixtures/tutorials/NAME.expected` the golden transcript
//! `fixtures/transcripts/NAME.txt` (the run of `NAME.sh`, pinned by `console_golden.rs`) is
//! compared with the blocks written from the tutorial's samples (kubectl 1.34 wording):
//! - a block is `$ COMMAND` (exactly as in the script) and the lines it prints, up to a blank
//!   line; `#` lines are comments (`\#…` is an output line starting with `#`); a block whose
//!   only line is `...` skips that occurrence;
//! - the n-th block of a command is compared with the n-th time the script runs it;
//! - a background command (`… &`) is compared with everything printed from it up to and with
//!   the next `kill`: its lines must appear there in order (other lines may come between);
//! - a foreground command must print its block's lines and nothing else, except that while a
//!   background watch runs, its rows may come between them;
//! - both sides are masked first (ages, IPs, UIDs, hashes and random suffixes, times; runs of
//!   blanks become one) and blank lines and job-control notices (`[1] 4242`) are left out;
//!   table rows whose masked names are the same (`pvc-<uid>`) compare in any order.
//!
//! Every difference left must be in `fixtures/tutorials/NAME.allow` as
//! `COMMAND | EXPECTED LINE (masked) or +EXTRA LINE | older-kubectl|simplifies | why`; an entry
//! that no longer matches a difference is stale and fails too, and the why of a `simplifies`
//! entry starts with the title of an item of README.md's "What podplay simplifies".

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// Masking

/// `19s`, `3m2s`, `2d3h`, `500ms`, `<invalid>`: a duration as kubectl prints an age.
fn is_duration(w: &str) -> bool {
    if w == "<invalid>" {
        return true;
    }
    let mut rest = w;
    let mut parts = 0;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        if parts == 0 {
            if let Some(r) = rest.strip_prefix('.') {
                let frac = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                if frac == 0 {
                    return false;
                }
                rest = &r[frac..];
            }
        }
        let unit = ["ms", "s", "m", "h", "d", "y"]
            .into_iter()
            .find(|u| rest.starts_with(u));
        let Some(unit) = unit else { return false };
        rest = &rest[unit.len()..];
        parts += 1;
    }
    parts > 0
}

fn is_hex(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

/// `8-4-4-4-12` lowercase hex.
fn is_uid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && is_hex(p))
}

/// The alphabet of generated 5-character name suffixes (`apimachinery/pkg/util/rand`).
fn is_random_suffix(s: &str) -> bool {
    s.len() == 5 && s.chars().all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c))
}

/// A pod-template hash, revision hash or kustomize content hash: 8–10 lowercase letters and
/// digits with at least one digit (so words such as `controller` stay).
fn is_hash(s: &str) -> bool {
    (8..=10).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars().any(|c| c.is_ascii_digit())
}

/// Masks one name-like piece: UIDs (`pvc-<uid>` too), 64-hex container and image IDs, IPv4
/// addresses, `<name>-<hash>-<rand>`, `<name>-<hash>` and `<name>-<rand>`.
fn mask_piece(p: &str) -> String {
    if p.is_empty() {
        return String::new();
    }
    if p.len() == 64 && is_hex(p) {
        return "<id>".into();
    }
    let octets: Vec<&str> = p.split('.').collect();
    if octets.len() == 4
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.chars().all(|c| c.is_ascii_digit()))
    {
        return "<ip>".into();
    }
    if is_uid(p) {
        return "<uid>".into();
    }
    if p.strip_prefix("pvc-").is_some_and(is_uid) {
        return "pvc-<uid>".into();
    }
    let segs: Vec<&str> = p.split('-').collect();
    if segs.len() >= 3 {
        let (hash, rand) = (segs[segs.len() - 2], segs[segs.len() - 1]);
        if is_hash(hash) && rand.len() == 5 && rand.chars().all(|c| c.is_ascii_alphanumeric()) {
            return format!("{}-<hash>-<rand>", segs[..segs.len() - 2].join("-"));
        }
    }
    if segs.len() >= 2 {
        let last = segs[segs.len() - 1];
        let base = segs[..segs.len() - 1].join("-");
        if is_hash(last) {
            return format!("{base}-<hash>");
        }
        if is_random_suffix(last) {
            return format!("{base}-<rand>");
        }
    }
    p.to_string()
}

/// `2024-06-30T12:34:56Z` (with optional fraction).
fn is_timestamp(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && w.ends_with('Z')
        && b[..4].iter().all(u8::is_ascii_digit)
}

/// One whitespace-separated word, masked piece by piece.
fn mask_word(w: &str) -> String {
    let core = w.trim_start_matches('(').trim_end_matches([')', ',']);
    if is_duration(core) {
        return w.replacen(core, "<age>", 1);
    }
    if is_timestamp(core.trim_matches('"')) {
        return w.replacen(core.trim_matches('"'), "<time>", 1);
    }
    let mut out = String::new();
    let mut piece = String::new();
    for c in w.chars() {
        if "/\"',:=()[]{};@".contains(c) {
            out.push_str(&mask_piece(&piece));
            piece.clear();
            out.push(c);
        } else {
            piece.push(c);
        }
    }
    out.push_str(&mask_piece(&piece));
    out
}

/// A line as the comparison sees it: masked word by word, blanks collapsed, trimmed.
fn mask(line: &str) -> String {
    line.split_whitespace()
        .map(mask_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// bash's job-control notices: `[1] 4242`, `[1]+  Terminated   kubectl …`, `[2]-  Done …`.
fn is_job_notice(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0
        && rest[digits..].starts_with(']')
        && rest[digits + 1..]
            .chars()
            .next()
            .is_some_and(|c| c == ' ' || c == '+' || c == '-')
}

/// A row (or the header) a `kubectl get pods -w` prints, masked.
fn is_watch_row(masked: &str) -> bool {
    if masked == "NAME READY STATUS RESTARTS AGE" {
        return true;
    }
    let w: Vec<&str> = masked.split(' ').collect();
    w.len() >= 5
        && w[1]
            .split_once('/')
            .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
        && w[3].parse::<u32>().is_ok()
        && w.last() == Some(&"<age>")
}

// ---------------------------------------------------------------------------------------------
// Files

#[derive(Debug, Clone)]
struct Block {
    command: String,
    /// 1-based line of the `$` line in the .expected file.
    at: usize,
    lines: Vec<String>,
    skip: bool,
}

fn parse_expected(text: &str) -> Result<Vec<Block>, String> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            blocks.push(Block {
                command: cmd.trim().to_string(),
                at: n + 1,
                lines: Vec::new(),
                skip: false,
            });
            open = true;
            continue;
        }
        let Some(b) = blocks.last_mut().filter(|_| open) else {
            return Err(format!("line {}: output outside a block: {line}", n + 1));
        };
        if line.trim() == "..." {
            b.skip = true;
        } else {
            // `\#…` is an output line that starts with `#` (a bare `#` line is a comment).
            let unescaped = line.strip_prefix('\\').filter(|l| l.starts_with('#'));
            b.lines.push(unescaped.unwrap_or(line).to_string());
        }
    }
    Ok(blocks)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    OlderKubectl,
    Simplifies,
}

#[derive(Debug, Clone)]
struct Allow {
    command: String,
    /// Masked; `+…` for a line podplay prints that the block does not have.
    line: String,
    class: Class,
    why: String,
    at: usize,
}

fn parse_allow(text: &str) -> Result<Vec<Allow>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        // The command itself may contain `|`; the last three fields never do.
        let mut fields: Vec<&str> = line.rsplitn(4, " | ").collect();
        fields.reverse();
        let [command, expected, class, why] = fields[..] else {
            return Err(format!(
                "line {}: expected COMMAND | LINE | older-kubectl|simplifies | WHY: {line}",
                n + 1
            ));
        };
        let class = match class.trim() {
            "older-kubectl" => Class::OlderKubectl,
            "simplifies" => Class::Simplifies,
            other => {
                return Err(format!(
                    "line {}: class must be older-kubectl or simplifies, not {other}",
                    n + 1
                ))
            }
        };
        if why.trim().is_empty() {
            return Err(format!("line {}: the why is missing", n + 1));
        }
        let expected = expected.trim();
        let line = match expected.strip_prefix('+') {
            Some(extra) => format!("+{}", mask(extra)),
            None => mask(expected),
        };
        out.push(Allow {
            command: command.trim().to_string(),
            line,
            class,
            why: why.trim().to_string(),
            at: n + 1,
        });
    }
    Ok(out)
}

/// The script's commands, as `cli::transcript` runs them (trimmed; blanks and comments out).
fn script_commands(script: &str) -> Vec<String> {
    script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// A line that echoes `command` after a prompt (`$ `, `/ # `, `root@web-0:/# `, or PS2's `> `
/// before a here-document line, which may keep its indentation).
fn echoes(line: &str, command: &str) -> bool {
    line.strip_suffix(command).is_some_and(|prompt| {
        let p = prompt.trim_end();
        prompt.len() > p.len()
            && prompt.len() <= 40
            && (p.ends_with('$') || p.ends_with('#') || p.ends_with('>'))
    })
}

/// The transcript cut at the script's commands: what each one printed, in order.
fn split(transcript: &str, commands: &[String]) -> Result<Vec<Vec<String>>, String> {
    let lines: Vec<&str> = transcript.lines().collect();
    let mut starts = Vec::new();
    let mut from = 0;
    for c in commands {
        let Some(i) = (from..lines.len()).find(|&i| echoes(lines[i], c)) else {
            return Err(format!(
                "the transcript does not run `{c}` (is the golden file up to date?)"
            ));
        };
        starts.push(i);
        from = i + 1;
    }
    Ok(starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let end = starts.get(k + 1).copied().unwrap_or(lines.len());
            lines[s + 1..end].iter().map(|l| (*l).to_string()).collect()
        })
        .collect())
}

fn is_background(command: &str) -> bool {
    command.ends_with('&') && !command.ends_with("&&")
}

fn is_kill(command: &str) -> bool {
    command == "kill" || command.starts_with("kill ")
}

// ---------------------------------------------------------------------------------------------
// Comparison

/// One difference: a block line podplay did not print (`-`) or a line it printed that the
/// block lacks (`+`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Diff {
    command: String,
    occurrence: usize,
    block_at: usize,
    /// Masked; `+…` for an extra line.
    line: String,
}

/// Longest common subsequence of `a` and `b`: which indices of each are matched.
fn lcs(a: &[String], b: &[String]) -> (Vec<bool>, Vec<bool>) {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut ma, mut mb) = (vec![false; n], vec![false; m]);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            ma[i] = true;
            mb[j] = true;
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (ma, mb)
}

/// Rows of a table whose first column masks to the same token (`pvc-<uid>`,
/// `web-<hash>-<rand>`) are listed in the order of names chance chose: each run of them is
/// sorted so that only their content counts.
fn sort_chance_runs(lines: &mut [String]) {
    let key = |l: &String| -> Option<String> {
        let first = l.split(' ').next().unwrap_or("");
        first.contains('<').then(|| first.to_string())
    };
    let mut i = 0;
    while i < lines.len() {
        let Some(k) = key(&lines[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < lines.len() && key(&lines[j]).as_deref() == Some(k.as_str()) {
            j += 1;
        }
        lines[i..j].sort();
        i = j;
    }
}

/// How a block is held against what was printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Exactly these lines.
    Exact,
    /// These lines, with a background watch's rows allowed between them.
    BesideWatch,
    /// These lines in order, anything between them (a background watch's own block).
    Subsequence,
}

/// The differences between a block's lines and the printed lines.
fn compare(expected: &[String], printed: &[String], mode: Mode) -> Vec<String> {
    let clean = |v: &[String]| -> Vec<String> {
        v.iter()
            .filter(|l| !l.trim().is_empty() && !is_job_notice(l.trim_start()))
            .map(|l| mask(l))
            .collect()
    };
    let (mut want, mut got) = (clean(expected), clean(printed));
    if mode != Mode::Subsequence {
        sort_chance_runs(&mut want);
        sort_chance_runs(&mut got);
    }
    let (mw, mg) = lcs(&want, &got);
    let mut out: Vec<String> = want
        .iter()
        .zip(&mw)
        .filter(|(_, m)| !**m)
        .map(|(l, _)| l.clone())
        .collect();
    for (l, m) in got.iter().zip(&mg) {
        let extra_counts = match mode {
            Mode::Exact => true,
            Mode::BesideWatch => !is_watch_row(l),
            Mode::Subsequence => false,
        };
        if !*m && extra_counts {
            out.push(format!("+{l}"));
        }
    }
    out
}

/// Every difference between the blocks and the run, in block order.
fn differences(
    blocks: &[Block],
    commands: &[String],
    printed: &[Vec<String>],
) -> Result<Vec<Diff>, String> {
    // Which commands run while a background job is alive (after `&`, up to its `kill`).
    let mut beside = vec![false; commands.len()];
    let mut alive = false;
    for (i, c) in commands.iter().enumerate() {
        if is_kill(c) {
            alive = false;
        }
        beside[i] = alive && !is_background(c);
        if is_background(c) {
            alive = true;
        }
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for b in blocks {
        let k = seen.entry(b.command.as_str()).or_insert(0);
        *k += 1;
        let occurrence = *k;
        let Some(idx) = commands
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == b.command)
            .map(|(i, _)| i)
            .nth(occurrence - 1)
        else {
            return Err(format!(
                "line {}: `{}` runs fewer than {occurrence} times in the script",
                b.at, b.command
            ));
        };
        if b.skip {
            continue;
        }
        let (lines, mode) = if is_background(&b.command) {
            let end = (idx + 1..commands.len())
                .find(|&i| is_kill(&commands[i]))
                .unwrap_or(commands.len() - 1);
            let span: Vec<String> = printed[idx..=end].iter().flatten().cloned().collect();
            (span, Mode::Subsequence)
        } else if beside[idx] {
            (printed[idx].clone(), Mode::BesideWatch)
        } else {
            (printed[idx].clone(), Mode::Exact)
        };
        for line in compare(&b.lines, &lines, mode) {
            out.push(Diff {
                command: b.command.clone(),
                occurrence,
                block_at: b.at,
                line,
            });
        }
    }
    Ok(out)
}

/// The bold titles of README.md's "What podplay simplifies" items, without their final stop.
fn readme_titles(readme: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut inside = false;
    for line in readme.lines() {
        if line.starts_with("## ") {
            inside = line.trim() == "## What podplay simplifies";
            continue;
        }
        if let Some(rest) = line.strip_prefix("- **").filter(|_| inside) {
            if let Some((title, _)) = rest.split_once("**") {
                titles.push(title.trim_end_matches(['.', ':', ',']).to_string());
            }
        }
    }
    titles
}

/// Holds the differences against the allow-list. Returns the report's problems: unlisted
/// differences, stale entries, `simplifies` entries the README does not list.
fn judge(name: &str, diffs: &[Diff], allow: &[Allow], titles: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut used = vec![false; allow.len()];
    let mut unlisted: BTreeMap<(usize, usize, String), Vec<String>> = BTreeMap::new();
    for d in diffs {
        let hit = allow
            .iter()
            .position(|a| a.command == d.command && a.line == d.line);
        match hit {
            Some(i) => used[i] = true,
            None => unlisted
                .entry((d.block_at, d.occurrence, d.command.clone()))
                .or_default()
                .push(d.line.clone()),
        }
    }
    for ((at, occurrence, command), lines) in unlisted {
        let mut s = format!("{name}.expected:{at}: `{command}` (run {occurrence}) differs:",);
        for l in lines {
            match l.strip_prefix('+') {
                Some(extra) => {
                    s.push_str(&format!("\n    + {extra}   (printed, not in the block)"))
                }
                None => s.push_str(&format!("\n    - {l}   (in the block, not printed)")),
            }
        }
        problems.push(s);
    }
    for (a, u) in allow.iter().zip(&used) {
        if !u {
            problems.push(format!(
                "{name}.allow:{}: stale: `{}` no longer differs by `{}`",
                a.at, a.command, a.line
            ));
        }
        if a.class == Class::Simplifies && !titles.iter().any(|t| a.why.starts_with(t.as_str())) {
            problems.push(format!(
                "{name}.allow:{}: a `simplifies` entry's why must start with the title of an item of README.md's \"What podplay simplifies\": {}",
                a.at, a.why
            ));
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// The tutorials

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tutorials() -> Vec<String> {
    let dir = root().join("fixtures/tutorials");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "expected"))
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

struct Tutorial {
    commands: Vec<String>,
    blocks: Vec<Block>,
    allow: Vec<Allow>,
    printed: Vec<Vec<String>>,
}

fn load(name: &str) -> Result<Tutorial, String> {
    let r = root();
    let script = read(&r.join(format!("fixtures/transcripts/{name}.sh")))?;
    let golden = read(&r.join(format!("fixtures/transcripts/{name}.txt")))?;
    let blocks = parse_expected(&read(
        &r.join(format!("fixtures/tutorials/{name}.expected")),
    )?)
    .map_err(|e| format!("{name}.expected: {e}"))?;
    let allow_path = r.join(format!("fixtures/tutorials/{name}.allow"));
    let allow = if allow_path.exists() {
        parse_allow(&read(&allow_path)?).map_err(|e| format!("{name}.allow: {e}"))?
    } else {
        Vec::new()
    };
    let commands = script_commands(&script);
    let printed = split(&golden, &commands).map_err(|e| format!("{name}: {e}"))?;
    Ok(Tutorial {
        commands,
        blocks,
        allow,
        printed,
    })
}

#[test]
fn tutorial_files_are_well_formed() {
    // Pins the format: every block and allow entry names a command the script runs (often
    // enough), the golden transcript runs every command, and each allow entry is classed.
    let names = tutorials();
    assert!(
        names.iter().any(|n| n == "statefulset-basics"),
        "no tutorial expectations found: {names:?}"
    );
    let mut problems = Vec::new();
    for name in &names {
        match load(name) {
            Err(e) => problems.push(e),
            Ok(t) => {
                if let Err(e) = differences(&t.blocks, &t.commands, &t.printed) {
                    problems.push(format!("{name}.expected: {e}"));
                }
                for a in &t.allow {
                    if !t.commands.contains(&a.command) {
                        problems.push(format!(
                            "{name}.allow:{}: the script never runs `{}`",
                            a.at, a.command
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_tutorial_prints_what_its_samples_show() {
    // The acceptance check of issue 14: what is left between the golden runs and the
    // tutorials' samples is exactly the allow-listed differences, each with its reason.
    let readme = read(&root().join("README.md")).unwrap();
    let titles = readme_titles(&readme);
    let mut problems = Vec::new();
    for name in tutorials() {
        match load(&name) {
            Err(e) => problems.push(e),
            Ok(t) => match differences(&t.blocks, &t.commands, &t.printed) {
                Err(e) => problems.push(format!("{name}.expected: {e}")),
                Ok(d) => problems.extend(judge(&name, &d, &t.allow, &titles)),
            },
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The harness itself, on small inline examples

fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::to_string).collect()
}

#[test]
fn masking_hides_what_chance_decides_and_keeps_the_rest() {
    // Pins the mask: ages, IPs, UIDs, hashes, suffixes, times and blank runs; words stay.
    assert_eq!(
        mask("web-0   1/1     Running   2 (35s ago)   3m2s"),
        "web-0 1/1 Running 2 (<age> ago) <age>"
    );
    assert_eq!(
        mask("nginx   ClusterIP   None         <none>        80/TCP    <invalid>"),
        "nginx ClusterIP None <none> 80/TCP <age>"
    );
    assert_eq!(
        mask("Address 1: 10.244.0.3 web-0.nginx.default.svc.cluster.local"),
        "Address 1: <ip> web-0.nginx.default.svc.cluster.local"
    );
    assert_eq!(
        mask("www-web-0   Bound    pvc-15c268c7-b507-11e6-932f-42010a800002   1Gi   RWO   48s"),
        "www-web-0 Bound pvc-<uid> 1Gi RWO <age>"
    );
    assert_eq!(
        mask("nginx-deployment-7c79c4bf97-x2k8p   1/1   Running   0   2m"),
        "nginx-deployment-<hash>-<rand> 1/1 Running 0 <age>"
    );
    assert_eq!(
        mask("secret/mysql-pass-c57bb4t7mf created"),
        "secret/mysql-pass-<hash> created"
    );
    assert_eq!(mask("pod/dns-test-x2k8p"), "pod/dns-test-<rand>");
    // Ordinary words of five letters are not suffixes; versions are not IPs.
    assert_eq!(
        mask("kube-proxy  my-nginx  registry.k8s.io/nginx-slim:0.24  v1.34.0"),
        "kube-proxy my-nginx registry.k8s.io/nginx-slim:0.24 v1.34.0"
    );
    assert_eq!(
        mask("creationTimestamp: \"2024-06-30T12:34:56Z\""),
        "creationTimestamp: \"<time>\""
    );
    let id = "a".repeat(64);
    assert_eq!(mask(&format!("docker://{id}")), "docker://<id>");
}

#[test]
fn blocks_and_allow_entries_parse_and_bad_ones_are_named() {
    // Pins the block format and the allow-list's four fields.
    let blocks = parse_expected(
        "# comment\n$ kubectl get sts\n# 1.34 has no DESIRED column\nNAME READY AGE\nweb 2/2 3s\n\n$ kubectl get sts\n...\n",
    )
    .unwrap();
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].command, "kubectl get sts");
    assert_eq!(blocks[0].at, 2);
    assert_eq!(blocks[0].lines, lines("NAME READY AGE\nweb 2/2 3s"));
    assert!(blocks[1].skip && blocks[1].lines.is_empty());
    let escaped = parse_expected("$ cat zoo.cfg\n\\#autogenerated\nclientPort=2181\n").unwrap();
    assert_eq!(escaped[0].lines, lines("#autogenerated\nclientPort=2181"));
    assert_eq!(
        parse_expected("stray\n").unwrap_err(),
        "line 1: output outside a block: stray"
    );

    let allow = parse_allow(
        "# c\nkubectl get x | y | z | web   1/1   9s | simplifies | Probes always pass: no probe\nkubectl get sts | +extra  line | older-kubectl | 1.34 prints it\n",
    )
    .unwrap();
    assert_eq!(allow[0].command, "kubectl get x | y | z");
    assert_eq!(allow[0].line, "web 1/1 <age>");
    assert_eq!(allow[0].class, Class::Simplifies);
    assert_eq!(allow[1].line, "+extra line");
    assert_eq!(allow[1].at, 3);
    assert!(parse_allow("a | b | maybe | why\n")
        .unwrap_err()
        .contains("class must be"));
    assert!(parse_allow("a | b\n").unwrap_err().starts_with("line 1:"));
}

#[test]
fn the_transcript_is_cut_at_each_command_whatever_the_prompt() {
    // Pins the split: `$ `, a container's `/ # ` and continuation `> ` prompts; output kept.
    let commands = lines("kubectl run -it x\nnslookup web-0.nginx\nexit\nkubectl get pods\ncat <<EOF > k.yaml\nliterals:\nEOF");
    let t = "$ kubectl run -it x\nIf you don't see a command prompt, try pressing enter.\n/ # nslookup web-0.nginx\nServer:    10.96.0.10\n\n/ # exit\n$ kubectl get pods\nNo resources found in default namespace.\n$ cat <<EOF > k.yaml\n>   literals:\n> EOF\n";
    let printed = split(t, &commands).unwrap();
    assert_eq!(printed.len(), 7);
    assert!(printed[4].is_empty() && printed[5].is_empty() && printed[6].is_empty());
    assert_eq!(
        printed[1],
        vec!["Server:    10.96.0.10".to_string(), String::new()]
    );
    assert_eq!(printed[2], Vec::<String>::new());
    assert_eq!(
        printed[3],
        lines("No resources found in default namespace.")
    );
    assert!(split("$ other\n", &commands)
        .unwrap_err()
        .contains("does not run `kubectl run -it x`"));
}

#[test]
fn a_foreground_block_must_match_line_for_line() {
    // Pins exact comparison: a changed line is one missing and one extra, blanks ignored.
    let want = lines("NAME   READY   AGE\nweb    2/2     37s");
    assert!(compare(&want, &lines("NAME READY AGE\n\nweb  2/2  1s"), Mode::Exact).is_empty());
    assert_eq!(
        compare(&want, &lines("NAME READY AGE\nweb 1/2 1s"), Mode::Exact),
        vec!["web 2/2 <age>".to_string(), "+web 1/2 <age>".to_string()]
    );
    // A job notice is never a difference.
    assert!(compare(
        &want,
        &lines("[1] 4242\nNAME READY AGE\nweb 2/2 5s"),
        Mode::Exact
    )
    .is_empty());
}

#[test]
fn rows_named_by_chance_compare_in_any_order() {
    // Pins the order rule: `kubectl get pv` sorts by random volume names, so rows whose masked
    // name is the same compare as a set; other rows keep their order.
    let want = lines("NAME CLAIM\npvc-15c268c7-b507-11e6-932f-42010a800002 default/www-web-0\npvc-2bf00408-d366-4a12-bad0-1869c65d0bee default/www-web-1");
    let got = lines("NAME CLAIM\npvc-0c04d7f0-787a-4977-8da3-d9d3a6d8d752 default/www-web-1\npvc-ba3bfe9c-413e-4b95-a2c0-3ea8a54dbab4 default/www-web-0");
    assert!(compare(&want, &got, Mode::Exact).is_empty());
    let named = lines("web-1 Running\nweb-0 Running");
    assert_eq!(
        compare(&lines("web-0 Running\nweb-1 Running"), &named, Mode::Exact).len(),
        2
    );
}

#[test]
fn a_background_watch_matches_its_lines_in_order_among_everything_printed() {
    // Pins subsequence matching: other lines may come between; order and presence count.
    let want = lines("web-0 0/1 Pending 0 0s\nweb-0 1/1 Running 0 9s\nweb-1 0/1 Pending 0 0s");
    let got = lines("[1] 4242\nservice/nginx created\nweb-0 0/1 Pending 0 0s\nweb-0 0/1 ContainerCreating 0 1s\nweb-0 1/1 Running 0 3s\nweb-1 0/1 Pending 0 0s");
    assert!(compare(&want, &got, Mode::Subsequence).is_empty());
    let swapped = lines("web-1 0/1 Pending 0 0s\nweb-0 0/1 Pending 0 0s\nweb-0 1/1 Running 0 3s");
    assert_eq!(
        compare(&want, &swapped, Mode::Subsequence),
        vec!["web-1 0/1 Pending 0 <age>".to_string()]
    );
    // Beside a watch, its rows may interleave with a foreground command's lines, but other
    // extra lines still count.
    let fg = lines("pod \"web-0\" deleted");
    let printed = lines("web-0 1/1 Terminating 0 2m\npod \"web-0\" deleted\nsurprise");
    assert_eq!(
        compare(&fg, &printed, Mode::BesideWatch),
        vec!["+surprise".to_string()]
    );
}

#[test]
fn blocks_match_occurrences_in_order_and_watches_run_to_their_kill() {
    // Pins block-to-run matching, the background span and what a mismatch reports.
    let commands = lines("kubectl get pods -w &\nkubectl apply -f web.yaml\nkill %1\nkubectl get sts\nkubectl get sts");
    let printed = vec![
        lines("[1] 4242"),
        lines("service/nginx created\nweb-0   0/1   Pending   0   0s"),
        lines("web-0   1/1   Running   0   9s\n[1]+  Terminated   kubectl get pods -w"),
        lines("NAME READY AGE\nweb 1/2 3s"),
        lines("NAME READY AGE\nweb 2/2 9s"),
    ];
    let blocks = parse_expected(
        "$ kubectl get pods -w &\nweb-0 0/1 Pending 0 0s\nweb-0 1/1 Running 0 19s\n\n$ kubectl get sts\n...\n\n$ kubectl get sts\nNAME READY AGE\nweb 2/2 37s\n",
    )
    .unwrap();
    assert_eq!(differences(&blocks, &commands, &printed).unwrap(), vec![]);

    let blocks = parse_expected("$ kubectl get sts\nNAME READY AGE\nweb 2/2 37s\n").unwrap();
    let d = differences(&blocks, &commands, &printed).unwrap();
    assert_eq!(
        d.iter().map(|d| d.line.as_str()).collect::<Vec<_>>(),
        vec!["web 2/2 <age>", "+web 1/2 <age>"]
    );
    assert_eq!((d[0].occurrence, d[0].block_at), (1, 1));

    let three = parse_expected(
        "$ kubectl get sts\n...\n\n$ kubectl get sts\n...\n\n$ kubectl get sts\n...\n",
    )
    .unwrap();
    assert!(differences(&three, &commands, &printed)
        .unwrap_err()
        .contains("runs fewer than 3 times"));
}

#[test]
fn the_allow_list_excuses_listed_differences_and_reports_stale_and_unexplained_entries() {
    // Pins the judge: listed differences pass, unlisted ones fail readably, stale entries fail,
    // and a `simplifies` entry must name a README item.
    let diff = |line: &str| Diff {
        command: "kubectl get sts".into(),
        occurrence: 1,
        block_at: 4,
        line: line.into(),
    };
    let titles = vec!["Probes always pass".to_string()];
    let allow = parse_allow(
        "kubectl get sts | web 2/2 1s | simplifies | Probes always pass: so it is ready sooner\n",
    )
    .unwrap();
    assert!(judge("t", &[diff("web 2/2 <age>")], &allow, &titles).is_empty());

    let problems = judge("t", &[diff("+web 1/2 <age>")], &allow, &titles);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        problems[0],
        "t.expected:4: `kubectl get sts` (run 1) differs:\n    + web 1/2 <age>   (printed, not in the block)"
    );
    assert!(problems[1].starts_with("t.allow:1: stale:"), "{problems:?}");

    let unexplained = parse_allow("kubectl get sts | web 2/2 1s | simplifies | because\n").unwrap();
    let problems = judge("t", &[diff("web 2/2 <age>")], &unexplained, &titles);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("README.md"), "{problems:?}");
}

#[test]
fn readme_titles_come_from_the_simplifies_section_only() {
    // Pins the README cross-check's source.
    let readme = "## Other\n- **Not this.** x\n## What podplay simplifies\n\n- **Probes always pass.** a\n- **Deletion:** b\n## Layout\n- **Nor this.**\n";
    assert_eq!(
        readme_titles(readme),
        vec!["Probes always pass".to_string(), "Deletion".to_string()]
    );
    let real = readme_titles(&read(&root().join("README.md")).unwrap());
    assert!(
        real.iter()
            .any(|t| t == "Probes pass unless their program is gone"),
        "{real:?}"
    );
}
