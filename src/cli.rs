//! The native command line: `podplay validate [--format text|json] [--lang en|ko] FILE...` and
//! `podplay bench`. Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problems.

use std::io::Write;
use std::time::Instant;

use crate::i18n::{Lang, Msg};
use crate::manifest::{analyze, analyze_sources, Severity, Source};

const USAGE: &str =
    "usage: podplay validate [--format text|json] [--lang en|ko] FILE...\n       podplay bench";

/// Runs the command line; returns the process exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match args.first().map(String::as_str) {
        Some("validate") => validate(&args[1..], out, err),
        Some("bench") => bench(out),
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
    let mut texts = Vec::new();
    for f in &files {
        match std::fs::read(f) {
            Ok(bytes) => texts.push(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) => {
                let _ = writeln!(err, "error: {f}: {e}");
                return 2;
            }
        }
    }
    let sources: Vec<Source<'_>> = files
        .iter()
        .zip(&texts)
        .map(|(name, text)| Source { name, text })
        .collect();
    let analysis = analyze_sources(&sources);
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
