//! `podplay validate` refuses what kubectl refuses before it sends anything: an empty document
//! set, bytes that are not UTF-8, and characters YAML does not allow; each is an error with its
//! place, and exit 1.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("podplay-validate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `podplay validate FILES…` on files written from `contents`: (exit code, stdout).
fn validate(name: &str, contents: &[(&str, &[u8])], extra: &[&str]) -> (i32, String) {
    let d = dir(name);
    let mut paths = Vec::new();
    for (file, bytes) in contents {
        let p = d.join(file);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p.display().to_string());
    }
    let out = Command::new(env!("CARGO_BIN_EXE_podplay"))
        .arg("validate")
        .args(extra)
        .args(&paths)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace(&format!("{}/", d.display()), "");
    std::fs::remove_dir_all(&d).unwrap();
    (out.status.code().unwrap_or(-1), text)
}

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";

#[test]
fn an_empty_document_set_is_kubectls_no_objects_error() {
    // Pins apply.go's "no objects passed to apply" for an empty file, comments only, and
    // separators only, at the first file's start; exit 1.
    for (name, text) in [
        ("empty.yaml", ""),
        ("comments.yaml", "# a comment\n\n# another\n"),
        ("dashes.yaml", "---\n---\n"),
        ("nulls.yaml", "---\nnull\n---\n~\n"),
    ] {
        let (code, out) = validate(name, &[(name, text.as_bytes())], &[]);
        assert_eq!(
            (code, out.as_str()),
            (
                1,
                format!("{name}:1:1: error: no objects passed to apply\n1 errors, 0 warnings in 1 files (0 objects)\n").as_str()
            ),
            "{name}"
        );
    }
    // Two empty files: one error, on the first.
    let (code, out) = validate("two", &[("a.yaml", b""), ("b.yaml", b"# x\n")], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "a.yaml:1:1: error: no objects passed to apply\n1 errors, 0 warnings in 2 files (0 objects)\n"
    );
    // An empty file beside one with objects is no error: kubectl applies the set.
    let (code, out) = validate(
        "beside",
        &[("a.yaml", b""), ("cm.yaml", CM.as_bytes())],
        &[],
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "0 errors, 0 warnings in 2 files (1 objects)\n")
    );
    // In Korean, kubectl's words stay beside the translation.
    let (code, out) = validate("ko", &[("e.yaml", b"")], &["--lang", "ko"]);
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().next().unwrap(),
        "e.yaml:1:1: error: apply할 오브젝트가 없습니다 (no objects passed to apply)"
    );
}

#[test]
fn bytes_that_are_not_utf8_stop_at_the_first_bad_octet() {
    // Pins go-yaml's reader words (readerc.go) and the line:col of the bad byte; nothing else of
    // that file is read, so its objects are not counted.
    let mut bad = CM.as_bytes().to_vec();
    bad.extend_from_slice(b"data:\n  k: \"a\xff\"\n");
    let (code, out) = validate("lead", &[("bad.yaml", &bad)], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "bad.yaml:6:8: error: error converting YAML to JSON: yaml: invalid leading UTF-8 octet\n1 errors, 0 warnings in 1 files (0 objects)\n"
    );
    let cases: [(&[u8], &str); 5] = [
        (
            b"a: \xc3",
            "1:4: error: error converting YAML to JSON: yaml: incomplete UTF-8 octet sequence",
        ),
        (
            b"a: \xc3(",
            "1:4: error: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet",
        ),
        (
            b"a: \xc0\xaf",
            "1:4: error: error converting YAML to JSON: yaml: invalid length of a UTF-8 sequence",
        ),
        (
            b"a: \xed\xa0\x80",
            "1:4: error: error converting YAML to JSON: yaml: invalid Unicode character",
        ),
        // A control character before the bad octet is what the reader meets first.
        (
            b"a: \x01 \xff",
            "1:4: error: error converting YAML to JSON: yaml: control characters are not allowed",
        ),
    ];
    for (bytes, want) in cases {
        let (code, out) = validate("cases", &[("x.yaml", bytes)], &[]);
        assert_eq!(code, 1, "{out}");
        assert_eq!(out.lines().next().unwrap(), format!("x.yaml:{want}"));
    }
    // Random bytes (a fixed, seeded sample): an error, never "0 objects" with exit 0.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut random = Vec::new();
    for _ in 0..4096 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        random.push(state.to_le_bytes()[0]);
    }
    let (code, out) = validate("random", &[("random.bin", &random)], &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("random.bin:"), "{out}");
    assert!(
        out.contains(": error: error converting YAML to JSON: yaml: "),
        "{out}"
    );
}

#[test]
fn a_nul_or_control_character_in_a_value_is_an_error_at_its_place() {
    // Pins "control characters are not allowed" at the character's line:col for NUL, other
    // C0 controls, DEL, C1 controls and U+FFFE; tab and no-break space stay allowed. Only the
    // document holding it fails (kubectl converts each document alone).
    let json = |code: i32, out: &str| {
        let doc: serde_json::Value = serde_json::from_str(out).unwrap();
        (code, doc)
    };
    for ch in [
        '\0', '\u{1}', '\u{1b}', '\u{7f}', '\u{80}', '\u{9f}', '\u{fffe}',
    ] {
        let text = format!("{CM}data:\n  k: a{ch}b\n");
        let (code, out) = validate("ctl", &[("c.yaml", text.as_bytes())], &["--format", "json"]);
        let (code, doc) = json(code, &out);
        assert_eq!(code, 1, "{ch:?}");
        assert_eq!(doc["errors"], 1, "{ch:?}");
        assert_eq!(doc["objects"], 0, "{ch:?}");
        let d = &doc["diagnostics"][0];
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(6), Some(7)),
            "{ch:?}"
        );
        assert_eq!(
            d["message"],
            "error converting YAML to JSON: yaml: control characters are not allowed"
        );
    }
    for ch in ['\t', '\u{a0}'] {
        let text = format!("{CM}data:\n  k: \"a{ch}b\"\n");
        let (code, out) = validate("ok", &[("c.yaml", text.as_bytes())], &[]);
        assert_eq!(
            (code, out.as_str()),
            (0, "0 errors, 0 warnings in 1 files (1 objects)\n"),
            "{ch:?}"
        );
    }
    let text = format!(
        "{CM}---\n{}data:\n  k: \"\0\"\n",
        CM.replace("name: a", "name: b")
    );
    let (code, out) = validate("second", &[("two.yaml", text.as_bytes())], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "two.yaml:11:7: error: error converting YAML to JSON: yaml: control characters are not allowed\n1 errors, 0 warnings in 1 files (1 objects)\n"
    );
}

#[test]
fn validate_reads_only_regular_files_and_no_further_than_the_limit() {
    // Pins that a device (a symlink planted to /dev/zero) is exit 2 at once, not a hang, and a
    // file past 16 MiB is one error with its size.
    let (code, out) = {
        let o = Command::new(env!("CARGO_BIN_EXE_podplay"))
            .args(["validate", "/dev/zero"])
            .output()
            .unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    assert_eq!(
        (code, out.as_str()),
        (2, "error: /dev/zero: not a regular file\n")
    );
    let big = vec![b'#'; 17 * 1024 * 1024];
    let (code, out) = validate("big", &[("big.yaml", &big)], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "big.yaml:1:1: error: the input is 17825792 bytes; podplay reads at most 16777216 bytes\n1 errors, 0 warnings in 1 files (0 objects)\n"
    );
}

#[test]
fn kubectl_apply_in_podplay_run_refuses_bytes_that_are_not_utf8() {
    // Pins the stream visitor's "error parsing FILE" around go-yaml's reader words for a file
    // that is not UTF-8, with status 1, while a file with a real U+FFFD still applies.
    let d = dir("run");
    let mut bad = CM.as_bytes().to_vec();
    bad.extend_from_slice(b"data:\n  k: \"a\xff\"\n");
    std::fs::write(d.join("bad.yaml"), &bad).unwrap();
    std::fs::write(
        d.join("fine.yaml"),
        CM.replace("name: a", "name: b") + "data:\n  k: \"a\u{fffd}\"\n",
    )
    .unwrap();
    std::fs::write(
        d.join("t.sh"),
        "minikube start > /dev/null\nkubectl apply -f bad.yaml\necho $?\nkubectl apply -f fine.yaml\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_podplay"))
        .arg("run")
        .arg(d.join("t.sh"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "$ minikube start > /dev/null\n$ kubectl apply -f bad.yaml\nerror: error parsing bad.yaml: error converting YAML to JSON: yaml: invalid leading UTF-8 octet\n$ echo $?\n1\n$ kubectl apply -f fine.yaml\nconfigmap/b created\n"
    );
    std::fs::remove_dir_all(&d).unwrap();
}
