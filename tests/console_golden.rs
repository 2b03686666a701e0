//! Golden transcripts: each `fixtures/transcripts/NAME.sh` is run through the console (as
//! `podplay run` runs it) and must print exactly `fixtures/transcripts/NAME.txt`. Set
//! `PODPLAY_UPDATE_GOLDEN=1` to rewrite the files after a deliberate change, then read the diff.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

fn scripts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transcripts");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "sh"));
    v.sort();
    v
}

fn run(script: &Path) -> String {
    // The script's file map (`NAME.files`) is read as `podplay run` reads it; a script with a
    // map reads the examples in ../shared, so it runs as `podplay run --root ..` would.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = script
        .with_extension("files")
        .exists()
        .then(|| repo.parent())
        .flatten();
    podplay::cli::transcript_within(script, root, podplay::console::DEFAULT_SEED)
        .unwrap_or_else(|e| format!("error: {e}\n"))
}

#[test]
fn every_script_prints_its_golden_transcript() {
    // Pins every console output byte for byte against the reviewed golden files.
    let scripts = scripts();
    assert!(scripts.len() >= 2, "no transcript scripts found");
    let update = std::env::var_os("PODPLAY_UPDATE_GOLDEN").is_some();
    let mut failed = Vec::new();
    for script in scripts {
        let golden = script.with_extension("txt");
        let got = run(&script);
        if update {
            std::fs::write(&golden, &got).unwrap_or_default();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(got.lines().count().min(want.lines().count()));
            failed.push(format!(
                "{}: first difference at line {}:\n  got:  {:?}\n  want: {:?}",
                script.display(),
                first + 1,
                got.lines().nth(first).unwrap_or("<end>"),
                want.lines().nth(first).unwrap_or("<end>")
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn the_same_seed_prints_the_same_transcript() {
    // Pins determinism: two runs of the tutorial with one seed are byte-identical.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transcripts/tutorial-ko.sh");
    assert_eq!(run(&script), run(&script));
}

fn tutorial() -> String {
    run(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transcripts/tutorial-ko.sh"))
}

/// The lines of the output of `command` (up to the next prompt).
fn output_of<'a>(transcript: &'a str, command: &str, nth: usize) -> Vec<&'a str> {
    let lines: Vec<&str> = transcript.lines().collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("$ ") || l.starts_with("/ # "))
        .map(|(i, _)| i)
        .collect();
    let hits: Vec<usize> = starts
        .iter()
        .copied()
        .filter(|i| {
            let l = lines[*i];
            l.strip_prefix("$ ").or_else(|| l.strip_prefix("/ # ")) == Some(command)
        })
        .collect();
    let Some(&start) = hits.get(nth) else {
        return Vec::new();
    };
    let end = starts
        .iter()
        .copied()
        .find(|i| *i > start)
        .unwrap_or(lines.len());
    lines[start + 1..end].to_vec()
}

#[test]
fn the_tutorial_shows_a_headless_service_without_a_cluster_ip() {
    // Pins §3: `kubectl get svc nginx` prints CLUSTER-IP `None`.
    let t = tutorial();
    let out = output_of(&t, "kubectl get svc nginx", 0);
    assert_eq!(
        out.first().copied(),
        Some("NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE"),
        "{out:?}"
    );
    assert!(
        out.get(1).is_some_and(
            |l| l.starts_with("nginx   ClusterIP   None         <none>        80/TCP    ")
        ),
        "{out:?}"
    );
}

#[test]
fn the_tutorial_watch_shows_web_0_running_before_web_1_appears() {
    // Pins OrderedReady in the watch: no web-1 row before web-0's `1/1 Running` row.
    let t = tutorial();
    let out = output_of(&t, "kubectl get pods -w", 0);
    let running = out
        .iter()
        .position(|l| l.starts_with("web-0") && l.contains("1/1") && l.contains("Running"));
    let first_web1 = out.iter().position(|l| l.starts_with("web-1"));
    assert!(running.is_some() && first_web1.is_some(), "{out:?}");
    assert!(running < first_web1, "{out:?}");
    assert!(
        out.iter()
            .any(|l| l.starts_with("web-1") && l.contains("1/1") && l.contains("Running")),
        "{out:?}"
    );
}

#[test]
fn the_tutorial_exec_prints_stable_hostnames() {
    // Pins `kubectl exec web-N -- hostname`.
    let t = tutorial();
    assert_eq!(
        output_of(&t, "kubectl exec web-0 -- hostname", 0),
        vec!["web-0"]
    );
    assert_eq!(
        output_of(&t, "kubectl exec web-1 -- hostname", 0),
        vec!["web-1"]
    );
}

#[test]
fn the_tutorial_nslookup_lists_both_pods_for_the_service_and_one_for_web_0() {
    // Pins §5.4: the headless name answers every ready pod; web-0.nginx only web-0.
    let t = tutorial();
    let all = output_of(&t, "nslookup nginx", 0);
    let pods: Vec<&&str> = all
        .iter()
        .filter(|l| l.starts_with("Address ") && l.contains(".nginx.default.svc.cluster.local"))
        .collect();
    assert_eq!(pods.len(), 2, "{all:?}");
    assert!(
        pods.iter()
            .any(|l| l.ends_with(" web-0.nginx.default.svc.cluster.local")),
        "{all:?}"
    );
    assert!(
        pods.iter()
            .any(|l| l.ends_with(" web-1.nginx.default.svc.cluster.local")),
        "{all:?}"
    );
    let one = output_of(&t, "nslookup web-0.nginx", 0);
    assert!(one.contains(&"Name:      web-0.nginx"), "{one:?}");
    let answers: Vec<&&str> = one
        .iter()
        .filter(|l| l.contains(".nginx.default"))
        .collect();
    assert_eq!(answers.len(), 1, "{one:?}");
    assert!(
        answers[0].starts_with("Address 1: 10.244.")
            && answers[0].ends_with(" web-0.nginx.default.svc.cluster.local"),
        "{one:?}"
    );
}

#[test]
fn the_tutorial_file_survives_the_pod() {
    // Pins the persistence experiment: the file written to web-0 is read back from the new web-0.
    let t = tutorial();
    assert_eq!(
        output_of(&t, "kubectl delete pod web-0", 0),
        vec!["pod \"web-0\" deleted from default namespace"]
    );
    assert_eq!(
        output_of(
            &t,
            "kubectl exec web-0 -- /bin/sh -c 'cat /usr/share/nginx/html/index.html'",
            0
        ),
        vec!["Hello from web-0"]
    );
    let pvc = output_of(&t, "kubectl get pvc", 0);
    assert!(
        pvc.iter().any(|l| l.starts_with("www-web-0   Bound ")),
        "{pvc:?}"
    );
}

#[test]
fn the_tutorial_deployment_has_hash_named_pods_behind_a_cluster_ip() {
    // Pins §6: a 10.x virtual IP for the Service and `<deploy>-<hash>-<5>` pod names.
    let t = tutorial();
    let svc = output_of(&t, "kubectl get svc my-nginx-svc", 0);
    let row = svc.get(1).copied().unwrap_or("");
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cols.first().copied(), Some("my-nginx-svc"), "{svc:?}");
    assert!(
        cols.get(2)
            .is_some_and(|ip| ip.starts_with("10.") && ip.parse::<std::net::Ipv4Addr>().is_ok()),
        "{svc:?}"
    );
    let pods = output_of(&t, "kubectl get pods -l app=my-nginx", 0);
    assert_eq!(pods.len(), 3, "{pods:?}");
    for row in &pods[1..] {
        let name = row.split_whitespace().next().unwrap_or("");
        let parts: Vec<&str> = name.rsplitn(3, '-').collect();
        assert_eq!(parts.len(), 3, "{name}");
        assert_eq!(parts[2], "my-nginx-deployment", "{name}");
        assert!((8..=10).contains(&parts[1].len()), "{name}");
        assert_eq!(parts[0].len(), 5, "{name}");
        assert!(row.contains("1/1") && row.contains("Running"), "{row}");
    }
}
