//! `podplay run` is a sandbox: a docs CI can run an untrusted tutorial script. It reads only
//! regular files of at most 16 MiB inside the script's folder (or `--root`), refuses anything
//! else in the words of the tool that asked, and writes nothing to the host.
#![cfg(all(unix, not(target_arch = "wasm32")))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;

use podplay::console::reason;

const NOTE: &str = "podplay: `podplay run` reads only regular files, up to 16 MiB each, inside the script's folder (or its --root)";

/// A fresh folder `NAME/` holding `in/` (the script's folder) and `out/secret.yaml` beside it.
fn setup(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("podplay-sandbox-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in/sub")).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::write(dir.join("out/secret.yaml"), "SECRET-OUTSIDE\n").unwrap();
    std::fs::write(
        dir.join("in/ok.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
    )
    .unwrap();
    dir
}

/// Runs `script` from `dir/in/t.sh` through the binary: (exit code, stdout, stderr).
fn run(dir: &Path, script: &str, extra: &[&str]) -> (i32, String, String) {
    let path = dir.join("in/t.sh");
    std::fs::write(&path, script).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_podplay"))
        .arg("run")
        .args(extra)
        .arg(&path)
        .env("PODPLAY_SANDBOX_SECRET", "hunter2-in-the-environment")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn denied(tool: &str, path: &str) -> String {
    format!("{tool}: {path}: Permission denied\n{NOTE}\n")
}

#[test]
fn proc_self_environ_and_dev_zero_are_refused_as_cat_refuses() {
    // Pins the two reads the issue found: the environment never reaches the transcript and
    // /dev/zero is not read at all; cat's exit status is 1.
    let dir = setup("proc");
    let (code, out, err) = run(
        &dir,
        "cat /proc/self/environ\necho $?\ncat /dev/zero\necho $?\n",
        &[],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!(
            "$ cat /proc/self/environ\n{}$ echo $?\n1\n$ cat /dev/zero\n{}$ echo $?\n1\n",
            denied("cat", "/proc/self/environ"),
            denied("cat", "/dev/zero")
        )
    );
    assert!(!out.contains("hunter2"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn absolute_paths_and_dot_dot_out_are_refused_without_looking() {
    // Pins: /etc/passwd and ../ are refused whether or not they exist (a missing file outside
    // is refused too, so a script cannot probe the host), by cat, grep (status 2), bash's `<`
    // and `test`; `..` that stays inside reads.
    let dir = setup("outside");
    let script = "cat ../out/secret.yaml\ncat ../out/missing.yaml\ncat /etc/passwd\ngrep root /etc/passwd\necho $?\nwc -l < /etc/passwd\necho $?\n[ -f /etc/passwd ]; echo $?\ncat sub/../ok.yaml\ncat ./nothing.yaml\n";
    let (code, out, _) = run(&dir, script, &[]);
    assert_eq!(code, 0);
    let want = [
        "$ cat ../out/secret.yaml\n".to_string(),
        denied("cat", "../out/secret.yaml"),
        "$ cat ../out/missing.yaml\n".into(),
        denied("cat", "../out/missing.yaml"),
        "$ cat /etc/passwd\n".into(),
        denied("cat", "/etc/passwd"),
        "$ grep root /etc/passwd\n".into(),
        denied("grep", "/etc/passwd"),
        "$ echo $?\n2\n".into(),
        "$ wc -l < /etc/passwd\n".into(),
        denied("bash", "/etc/passwd"),
        "$ echo $?\n1\n".into(),
        "$ [ -f /etc/passwd ]; echo $?\n1\n".into(),
        "$ cat sub/../ok.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n".into(),
        "$ cat ./nothing.yaml\ncat: ./nothing.yaml: No such file or directory\n".into(),
    ]
    .concat();
    assert_eq!(out, want);
    assert!(!out.contains("SECRET-OUTSIDE") && !out.contains("root:"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn symlinks_leading_out_are_refused_and_those_inside_read() {
    // Pins the canonical check: a link to a file outside, to a folder outside (even to a file
    // missing there) and to a device is refused; a link to a file inside reads it.
    let dir = setup("links");
    let inside = dir.join("in");
    symlink("../out/secret.yaml", inside.join("link.yaml")).unwrap();
    symlink("../out", inside.join("outdir")).unwrap();
    symlink("/dev/zero", inside.join("zero")).unwrap();
    symlink("ok.yaml", inside.join("inner.yaml")).unwrap();
    let script = "cat link.yaml\ncat outdir/secret.yaml\ncat outdir/missing.yaml\ncat zero\ncat inner.yaml\nls\n";
    let (_, out, _) = run(&dir, script, &[]);
    let want = [
        "$ cat link.yaml\n".to_string(),
        denied("cat", "link.yaml"),
        "$ cat outdir/secret.yaml\n".into(),
        denied("cat", "outdir/secret.yaml"),
        "$ cat outdir/missing.yaml\n".into(),
        denied("cat", "outdir/missing.yaml"),
        "$ cat zero\n".into(),
        denied("cat", "zero"),
        "$ cat inner.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n".into(),
        // A device is no regular file: not even listed.
        "$ ls\ninner.yaml  link.yaml  ok.yaml  t.sh\n".into(),
    ]
    .concat();
    assert_eq!(out, want);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn kubectl_refuses_paths_outside_in_its_own_words() {
    // Pins kubectl's wording for a path it cannot stat (cli-runtime builder.go `Path`), for
    // --from-file (create_configmap.go) and --patch-file, with exit status 1; the note follows
    // the -f refusal.
    let dir = setup("kubectl");
    symlink("../out/secret.yaml", dir.join("in/link.yaml")).unwrap();
    let script = "minikube start > /dev/null\nkubectl apply -f /etc/passwd\necho $?\nkubectl apply -f ..\nkubectl delete -f link.yaml\nkubectl create configmap c --from-file=/etc/passwd\necho $?\nkubectl apply -f ok.yaml\nkubectl patch configmap a --patch-file=../out/secret.yaml\n";
    let (_, out, _) = run(&dir, script, &[]);
    let want = format!(
        "$ minikube start > /dev/null\n\
         $ kubectl apply -f /etc/passwd\n\
         error: the path \"/etc/passwd\" cannot be accessed: stat /etc/passwd: permission denied\n{NOTE}\n\
         $ echo $?\n1\n\
         $ kubectl apply -f ..\n\
         error: the path \"..\" cannot be accessed: stat ..: permission denied\n{NOTE}\n\
         $ kubectl delete -f link.yaml\n\
         error: the path \"link.yaml\" cannot be accessed: stat link.yaml: permission denied\n{NOTE}\n\
         $ kubectl create configmap c --from-file=/etc/passwd\n\
         error: error reading /etc/passwd: permission denied\n\
         $ echo $?\n1\n\
         $ kubectl apply -f ok.yaml\nconfigmap/a created\n\
         $ kubectl patch configmap a --patch-file=../out/secret.yaml\n\
         error: unable to read patch file: open ../out/secret.yaml: permission denied\n"
    );
    assert_eq!(out, want);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_over_16_mib_is_refused_and_one_of_16_mib_reads() {
    // Pins the per-read cap at the manifest limit: one byte over is EFBIG for cat and kubectl;
    // exactly the limit is read.
    let dir = setup("big");
    let max = podplay::cli::MAX_READ_BYTES;
    assert_eq!(max, 16 * 1024 * 1024);
    std::fs::write(dir.join("in/big.yaml"), vec![b'a'; 17 * 1024 * 1024]).unwrap();
    std::fs::write(dir.join("in/over.yaml"), vec![b'\n'; max + 1]).unwrap();
    std::fs::write(dir.join("in/limit.yaml"), vec![b'\n'; max]).unwrap();
    let script = "cat big.yaml\necho $?\nwc -l < over.yaml\nwc -l < limit.yaml\nminikube start > /dev/null\nkubectl apply -f big.yaml\n";
    let (_, out, _) = run(&dir, script, &[]);
    let want = format!(
        "$ cat big.yaml\ncat: big.yaml: File too large\n{NOTE}\n$ echo $?\n1\n\
         $ wc -l < over.yaml\nbash: over.yaml: File too large\n{NOTE}\n\
         $ wc -l < limit.yaml\n{max}\n\
         $ minikube start > /dev/null\n\
         $ kubectl apply -f big.yaml\n\
         error: the path \"big.yaml\" cannot be accessed: stat big.yaml: file too large\n{NOTE}\n"
    );
    assert_eq!(out, want);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_fifo_inside_the_folder_is_refused() {
    // Pins "regular files only" inside the folder too: a fifo would block the read forever.
    let dir = setup("fifo");
    let made = Command::new("mkfifo")
        .arg(dir.join("in/pipe"))
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let (_, out, _) = run(&dir, "cat pipe\n", &[]);
        assert_eq!(out, format!("$ cat pipe\n{}", denied("cat", "pipe")));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn writes_stay_in_the_consoles_memory() {
    // Pins that `>`, `>>` and `tee` never touch the host, wherever they point, while the
    // script reads back what it wrote.
    let dir = setup("writes");
    let host_tmp = std::env::temp_dir().join(format!("podplay-sandbox-w-{}", std::process::id()));
    let script = format!(
        "echo one > {t}\necho two >> {t}\ncat {t}\necho x > ../escape.txt\necho y | tee ../out/tee.txt\necho z > ok.yaml\ncat ok.yaml\n",
        t = host_tmp.display()
    );
    let (_, out, _) = run(&dir, &script, &[]);
    assert_eq!(
        out,
        format!(
            "$ echo one > {t}\n$ echo two >> {t}\n$ cat {t}\none\ntwo\n$ echo x > ../escape.txt\n$ echo y | tee ../out/tee.txt\ny\n$ echo z > ok.yaml\n$ cat ok.yaml\nz\n",
            t = host_tmp.display()
        )
    );
    assert!(!host_tmp.exists());
    assert!(!dir.join("escape.txt").exists());
    assert!(!dir.join("out/tee.txt").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("in/ok.yaml")).unwrap(),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn root_widens_the_folder_only_to_one_that_holds_the_script() {
    // Pins --root: it lets `..` reach a folder inside it, and must hold the script (exit 2).
    let dir = setup("root");
    let root = format!("--root={}", dir.display());
    let (code, out, _) = run(&dir, "cat ../out/secret.yaml\ncat /etc/passwd\n", &[&root]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "$ cat ../out/secret.yaml\nSECRET-OUTSIDE\n$ cat /etc/passwd\n{}",
            denied("cat", "/etc/passwd")
        )
    );
    let other = dir.join("out");
    let (code, out, err) = run(&dir, "ls\n", &["--root", other.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "error: --root {}: the folder must hold the script\n",
            other.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_sandbox_names_each_reason() {
    // Pins the library's answers, the words every tool's message is built from.
    let dir = setup("reasons");
    let base = dir.join("in");
    symlink("/dev/null", base.join("null")).unwrap();
    let s = podplay::cli::Sandbox::new(&base, &base);
    let read = |p: &str| s.read(Path::new(p));
    assert_eq!(
        read("ok.yaml").unwrap(),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
    );
    assert_eq!(read("/etc/passwd").unwrap_err(), reason::DENIED);
    assert_eq!(read("../out/secret.yaml").unwrap_err(), reason::DENIED);
    assert_eq!(read("..").unwrap_err(), reason::DENIED);
    assert_eq!(read("null").unwrap_err(), reason::DENIED);
    assert_eq!(read("sub").unwrap_err(), reason::IS_DIR);
    assert_eq!(read("sub/none.yaml").unwrap_err(), reason::NOT_FOUND);
    assert_eq!(reason::strerror(reason::DENIED), "Permission denied");
    assert_eq!(reason::strerror(reason::TOO_BIG), "File too large");
    // A base outside the root reads nothing.
    let outside = podplay::cli::Sandbox::new(&dir.join("out"), &base);
    assert_eq!(
        outside.read(Path::new("secret.yaml")).unwrap_err(),
        reason::NOT_FOUND
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_transcript_fixtures_are_copies_of_the_manifests() {
    // Pins the copies the golden scripts read inside their folder (a symlink to ../manifests
    // would be refused): they must not drift from the manifests the page ships.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for name in [
        "deployment-service.yaml",
        "headless-service.yaml",
        "statefulset.yaml",
    ] {
        let copy = root.join("transcripts").join(name);
        assert!(!copy.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(
            std::fs::read_to_string(&copy).unwrap(),
            std::fs::read_to_string(root.join("manifests").join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_url_standing_for_a_refused_file_says_what_podplay_run_reads() {
    // Pins the URL mapping (a URL stands for the folder's file of the same name): when that
    // file is refused, the note says what `podplay run` reads instead of "paste that file".
    let dir = setup("url");
    symlink("../out/secret.yaml", dir.join("in/web.yaml")).unwrap();
    let script = "minikube start > /dev/null\nkubectl apply -f https://k8s.io/examples/web.yaml\ncurl -sSLO https://k8s.io/examples/web.yaml\n";
    let (_, out, _) = run(&dir, script, &[]);
    assert_eq!(
        out,
        format!(
            "$ minikube start > /dev/null\n\
             $ kubectl apply -f https://k8s.io/examples/web.yaml\n\
             Unable to connect to the server: dial tcp: lookup k8s.io: no such host\n{NOTE}\n\
             $ curl -sSLO https://k8s.io/examples/web.yaml\n\
             curl: (6) Could not resolve host: k8s.io\n{NOTE}\n"
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn writes_are_bounded_per_file_and_in_all() {
    // Pins the in-memory working directory's limits: a file past 16 MiB and all written files
    // past 64 MiB fail as a full disk does (bash's `File too large`, status 1), so no loop of
    // `>>` can exhaust memory; what fits is kept.
    let dir = setup("quota");
    let mut mib = vec![b'a'; 1024 * 1024 - 1];
    mib.push(b'\n');
    std::fs::write(dir.join("in/ten.yaml"), mib.repeat(10)).unwrap();
    let script = "cat ten.yaml ten.yaml > twenty\necho $?\nwc -l < twenty\ncat ten.yaml >> ten.yaml\nfor f in a b c d e f g; do cat ten.yaml > $f || echo refused $f; done\nwc -l < f\necho x | tee g\ncat ten.yaml | tee h | wc -l\n";
    let (_, out, _) = run(&dir, script, &[]);
    assert_eq!(
        out,
        "$ cat ten.yaml ten.yaml > twenty\nbash: twenty: File too large\n$ echo $?\n1\n$ wc -l < twenty\n0\n\
         $ cat ten.yaml >> ten.yaml\nbash: ten.yaml: File too large\n\
         $ for f in a b c d e f g; do cat ten.yaml > $f || echo refused $f; done\nbash: g: File too large\nrefused g\n\
         $ wc -l < f\n10\n\
         $ echo x | tee g\nx\n\
         $ cat ten.yaml | tee h | wc -l\ntee: h: File too large\n10\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_map_cannot_name_a_file_outside_either() {
    // Pins that the map's paths pass the same checks: an absolute path is refused even under
    // --root, a `..` path only reads inside the root.
    let dir = setup("map");
    std::fs::write(
        dir.join("in/t.files"),
        "env.yaml = /proc/self/environ\nsecret.yaml = ../out/secret.yaml\n",
    )
    .unwrap();
    let script = "cat env.yaml\ncat secret.yaml\n";
    let (_, out, _) = run(&dir, script, &[]);
    assert_eq!(
        out,
        format!(
            "$ cat env.yaml\n{}$ cat secret.yaml\n{}",
            denied("cat", "env.yaml"),
            denied("cat", "secret.yaml")
        )
    );
    let root = format!("--root={}", dir.display());
    let (_, out, _) = run(&dir, script, &[&root]);
    assert_eq!(
        out,
        format!(
            "$ cat env.yaml\n{}$ cat secret.yaml\nSECRET-OUTSIDE\n",
            denied("cat", "env.yaml")
        )
    );
    assert!(!out.contains("hunter2"));
    std::fs::remove_dir_all(&dir).unwrap();
}
