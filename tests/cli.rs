//! The native command line: `podplay validate` as docs authors run it in CI.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

fn podplay(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_podplay"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn seed_files_validate_clean() {
    // Pins the acceptance line: the seed validates with exit 0 and no diagnostics.
    let (code, out, _) = podplay(&[
        "validate",
        "fixtures/manifests/headless-service.yaml",
        "fixtures/manifests/statefulset.yaml",
        "fixtures/manifests/deployment-service.yaml",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out, "0 errors, 0 warnings in 3 files (4 objects)\n");
}

#[test]
fn errors_print_file_line_col_and_exit_1() {
    // Pins the editor/CI annotation format and exit code.
    let dir = std::env::temp_dir().join(format!("podplay-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("web.yaml");
    let text = podplay::examples::STATEFULSET.replacen("replicas: 2", "replica: 2", 1);
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();
    let (code, out, _) = podplay(&["validate", path]);
    assert_eq!(code, 1);
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        format!("{path}:7:3: error: StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\" (did you mean `replicas`?)")
    );
    assert_eq!(
        out.lines().last().unwrap(),
        "1 errors, 0 warnings in 1 files (1 objects)"
    );

    let (code, out, _) = podplay(&["validate", "--format", "json", path]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["diagnostics"][0]["line"], 7);
    assert_eq!(doc["diagnostics"][0]["column"], 3);
    assert_eq!(doc["diagnostics"][0]["severity"], "error");

    let (_, out, _) = podplay(&["validate", "--lang", "ko", path]);
    assert!(out.contains("알 수 없는 필드 \"spec.replica\""), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_and_io_problems_exit_2() {
    // Pins exit code 2 for a missing file, no files, and unknown flags.
    let (code, _, err) = podplay(&["validate", "no/such/file.yaml"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: no/such/file.yaml:"), "{err}");
    assert_eq!(podplay(&["validate"]).0, 2);
    assert_eq!(podplay(&["validate", "--frobnicate", "x.yaml"]).0, 2);
    assert_eq!(podplay(&[]).0, 2);
}

#[test]
fn run_prints_the_golden_transcript_of_the_tutorial() {
    // Pins `podplay run SCRIPT`: the binary prints exactly the golden file, and exits 0.
    let (code, out, err) = podplay(&["run", "fixtures/transcripts/tutorial-ko.sh"]);
    assert_eq!(code, 0, "{err}");
    let golden = std::fs::read_to_string("fixtures/transcripts/tutorial-ko.txt").unwrap();
    assert_eq!(out, golden);
    let (code, again, _) = podplay(&["run", "--seed", "1", "fixtures/transcripts/tutorial-ko.sh"]);
    assert_eq!((code, again), (0, golden));
}

#[test]
fn run_seeds_change_the_draws_not_the_story() {
    // Pins --seed: another seed gives other names and IPs, the same commands and outcomes.
    let (_, one, _) = podplay(&["run", "--seed", "1", "fixtures/transcripts/tutorial-ko.sh"]);
    let (code, two, _) = podplay(&["run", "--seed=2", "fixtures/transcripts/tutorial-ko.sh"]);
    assert_eq!(code, 0);
    assert_ne!(one, two);
    let prompts = |t: &str| {
        t.lines()
            .filter(|l| l.starts_with("$ "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(prompts(&one), prompts(&two));
    assert!(two.contains("Hello from web-0"));
}

#[test]
fn run_exits_2_on_usage_and_io_errors() {
    // Pins the runner's exit codes: a missing script or bad flag is 2, not a transcript.
    assert_eq!(podplay(&["run"]).0, 2);
    assert_eq!(podplay(&["run", "--seed", "x", "a.sh"]).0, 2);
    assert_eq!(podplay(&["run", "--bogus", "a.sh"]).0, 2);
    let (code, out, err) = podplay(&["run", "no/such/script.sh"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("error: no/such/script.sh: "), "{err}");
}

#[test]
fn run_reads_files_through_the_scripts_file_map() {
    // Pins `<script>.files`: a tutorial's name reads the mapped file (relative to the script),
    // `ls` lists it, unmapped names still read beside the script, and a bad map is exit 2.
    let dir = std::env::temp_dir().join(format!("podplay-filemap-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("scripts")).unwrap();
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    std::fs::write(dir.join("examples/real-web.yaml"), "kind: Service\n").unwrap();
    std::fs::write(dir.join("scripts/local.yaml"), "kind: Pod\n").unwrap();
    std::fs::write(
        dir.join("scripts/t.sh"),
        "ls\ncat web.yaml\ncat ./local.yaml\ncat gone.yaml\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("scripts/t.files"),
        "# the tutorial's names\nweb.yaml = ../examples/real-web.yaml\n\ngone.yaml = ../examples/nothing.yaml\n",
    )
    .unwrap();
    let script = dir.join("scripts/t.sh");
    // The mapped files lie outside the script's folder: `--root` names a folder that holds both.
    let root = format!("--root={}", dir.display());
    let (code, out, err) = podplay(&["run", &root, script.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "$ ls\ngone.yaml  local.yaml  t.files  t.sh  web.yaml\n$ cat web.yaml\nkind: Service\n$ cat ./local.yaml\nkind: Pod\n$ cat gone.yaml\ncat: gone.yaml: No such file or directory\n"
    );
    // The library entry the golden test uses prints the same.
    assert_eq!(
        podplay::cli::transcript_within(&script, Some(&dir), 1).unwrap(),
        out
    );
    // Without it, the map cannot lead out of the script's folder.
    let (code, out, _) = podplay(&["run", script.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("$ cat web.yaml\ncat: web.yaml: Permission denied\n"),
        "{out}"
    );
    assert!(!out.contains("kind: Service"), "{out}");

    std::fs::write(
        dir.join("scripts/t.files"),
        "web.yaml ../examples/real-web.yaml\n",
    )
    .unwrap();
    let (code, out, err) = podplay(&["run", script.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "error: {}: line 1: expected NAME = PATH: web.yaml ../examples/real-web.yaml\n",
            dir.join("scripts/t.files").display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn file_maps_parse_names_paths_and_comments() {
    // Pins the map format: `NAME = PATH`, `./` normalized away, comments and blanks skipped,
    // a name mapped twice refused.
    let map = podplay::cli::parse_file_map(
        "# StatefulSet Basics\nweb.yaml = ../../../shared/examples/web.yaml\n./web-parallel.yaml=x/y.yaml\n",
    )
    .unwrap();
    let pairs: Vec<(String, String)> = map
        .iter()
        .map(|(k, v)| (k.clone(), v.display().to_string()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("web-parallel.yaml".to_string(), "x/y.yaml".to_string()),
            (
                "web.yaml".to_string(),
                "../../../shared/examples/web.yaml".to_string()
            ),
        ]
    );
    assert_eq!(
        podplay::cli::parse_file_map("a = b\na = c\n").unwrap_err(),
        "line 2: a is mapped twice"
    );
    assert_eq!(
        podplay::cli::parse_file_map(" = b\n").unwrap_err(),
        "line 1: expected NAME = PATH: = b"
    );
}
