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
