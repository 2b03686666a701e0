//! The host shell as the tutorials write it: loops over pods, `&&`/`||` statuses, quoting,
//! here-documents into files, pipes, background watches with `jobs`/`kill %1`, syntax errors,
//! multi-line input under PS2, and the API round trip that lets controllers act between lines.

mod common;

use common::console::{console_with, example, run};
use podplay::console::{Console, Files};

fn cluster() -> Console {
    console_with("minikube start", &[("web.yaml", example("web.yaml"))])
}

/// Everything a line prints once it has run to its end.
fn all(c: &mut Console, line: &str) -> String {
    let mut o = c.submit(line);
    o.extend(c.finish());
    o.text()
}

fn ready_web() -> Console {
    let mut c = cluster();
    all(&mut c, "kubectl apply -f web.yaml");
    all(
        &mut c,
        "kubectl wait --for=condition=Ready pod/web-0 --timeout=60s",
    );
    all(
        &mut c,
        "kubectl wait --for=condition=Ready pod/web-1 --timeout=60s",
    );
    c
}

#[test]
fn the_tutorials_loops_exec_into_each_pod() {
    // Pins the StatefulSet tutorial's loops: hostnames, `$(hostname)` written and read back,
    // and `hostname -f` under the headless Service.
    let mut c = ready_web();
    assert_eq!(
        all(
            &mut c,
            "for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'hostname'; done"
        ),
        "web-0\nweb-1\n"
    );
    assert_eq!(
        all(
            &mut c,
            "for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'; done"
        ),
        ""
    );
    assert_eq!(
        all(
            &mut c,
            "for i in 0 1; do kubectl exec -i -t \"web-$i\" -- curl http://localhost/; done"
        ),
        "web-0\nweb-1\n"
    );
    assert_eq!(
        all(&mut c, "kubectl exec web-0 -- hostname -f"),
        "web-0.nginx.default.svc.cluster.local\n"
    );
    assert_eq!(
        all(
            &mut c,
            "kubectl exec web-1 -- sh -c 'for i in 1 2; do echo \"n=$i\"; done'"
        ),
        "n=1\nn=2\n"
    );
    assert_eq!(
        all(
            &mut c,
            "kubectl exec web-0 -- sh -c '[ -f /usr/share/nginx/html/index.html ] && echo yes; [ -d /nope ] || echo no'"
        ),
        "yes\nno\n"
    );
    // Output without a final newline (a template's, `echo -n`'s) is continued by what follows.
    assert_eq!(
        all(
            &mut c,
            "for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'echo -n $(hostname)'; echo; done"
        ),
        "web-0\nweb-1\n"
    );
    assert_eq!(
        all(&mut c, "kubectl exec web-0 -- sh -c 'for i in 1; do echo'"),
        "sh: 1: Syntax error: end of file unexpected (expecting \"done\")\ncommand terminated with exit code 2\n"
    );
}

#[test]
fn and_or_lists_follow_exit_statuses() {
    // Pins `&&`/`||` on builtins and kubectl, `$?` after errors, 127 for unknown commands.
    let mut c = cluster();
    assert_eq!(all(&mut c, "true && echo yes || echo no"), "yes\n");
    assert_eq!(all(&mut c, "false && echo yes || echo no"), "no\n");
    assert_eq!(
        all(
            &mut c,
            "kubectl get pod nope && echo found || echo \"missing $?\""
        ),
        "Error from server (NotFound): pods \"nope\" not found\nmissing 1\n"
    );
    assert_eq!(
        all(&mut c, "frob; echo $?"),
        "bash: frob: command not found\n127\n"
    );
    assert_eq!(
        all(&mut c, "if [ 3 -gt 2 ]; then echo big; else echo small; fi"),
        "big\n"
    );
    assert_eq!(all(&mut c, "test -z \"\" && echo empty"), "empty\n");
    assert_eq!(
        all(
            &mut c,
            "[ -f web.yaml ] && echo have; [ -f nope.yaml ] || echo none"
        ),
        "have\nnone\n"
    );
    assert_eq!(
        all(&mut c, "kubectl get pods && echo ok"),
        "No resources found in default namespace.\nok\n"
    );
    assert_eq!(
        all(
            &mut c,
            "for i in 1 2 3 4; do if [ $i = 2 ]; then continue; fi; if [ $i = 4 ]; then break; fi; echo $i; done"
        ),
        "1\n3\n"
    );
    assert_eq!(
        all(
            &mut c,
            "n=0; while true; do n=$((n+1)); [ $n -ge 3 ] && break; done; echo $n"
        ),
        "3\n"
    );
}

#[test]
fn quotes_expand_as_bash_does() {
    // Pins single vs double quotes, ${VAR}, field splitting, substitution and printf.
    let mut c = cluster();
    assert_eq!(
        all(&mut c, "N=web; echo \"$N-0\" '$N-0' ${N}-1"),
        "web-0 $N-0 web-1\n"
    );
    assert_eq!(
        all(&mut c, "V='a   b'; echo $V; echo \"$V\""),
        "a b\na   b\n"
    );
    assert_eq!(
        all(&mut c, "echo $(echo inner) `echo tick`"),
        "inner tick\n"
    );
    assert_eq!(all(&mut c, "printf '%s=%d\\n' a 1 b 2"), "a=1\nb=2\n");
    assert_eq!(all(&mut c, "echo -n x; echo y"), "xy\n");
}

#[test]
fn here_documents_write_files_that_kubectl_applies() {
    // Pins `cat <<EOF > file` across lines (PS2 prompt), the file in the overlay, and apply.
    let mut c = cluster();
    let lines = [
        "cat <<EOF > svc.yaml",
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        "  name: $NAME",
        "spec:",
        "  ports:",
        "  - port: 80",
        "EOF",
    ];
    all(&mut c, "NAME=hello");
    for l in &lines[..lines.len() - 1] {
        assert_eq!(all(&mut c, l), "");
        assert_eq!(c.prompt(), "> ");
    }
    assert_eq!(all(&mut c, lines[lines.len() - 1]), "");
    assert_eq!(c.prompt(), "$ ");
    let text = c.files_mut().read("svc.yaml").unwrap();
    assert!(text.contains("  name: hello\n"), "{text}");
    assert_eq!(
        all(&mut c, "kubectl apply -f svc.yaml"),
        "service/hello created\n"
    );
    // A quoted delimiter keeps `$` literal; a pipe carries the text on.
    all(&mut c, "cat <<'EOF' | cat > raw.txt\n$NAME\nEOF");
    assert_eq!(c.files_mut().read("raw.txt").unwrap(), "$NAME\n");
    all(&mut c, "echo one > f; echo two >> f");
    assert_eq!(all(&mut c, "cat f | wc -l"), "2\n");
}

#[test]
fn a_background_watch_interleaves_and_kill_ends_it() {
    // Pins `&`: `[1] PID`, watch rows arriving while the foreground waits, `jobs`, and bash's
    // Terminated notice after `kill %1`.
    let mut c = cluster();
    let started = all(&mut c, "kubectl get pods -w -l app=nginx &");
    let first: Vec<&str> = started.lines().collect();
    assert!(first[0].starts_with("[1] "), "{started}");
    assert_eq!(
        all(&mut c, "jobs"),
        "[1]+  Running                 kubectl get pods -w -l app=nginx &\n"
    );
    let during = all(&mut c, "kubectl apply -f web.yaml && sleep 20");
    let lines: Vec<&str> = during.lines().collect();
    assert_eq!(lines[0], "service/nginx created");
    assert_eq!(lines[1], "statefulset.apps/web created");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("web-1") && l.contains("Running")),
        "{during}"
    );
    assert_eq!(
        all(&mut c, "kill %1"),
        "[1]+  Terminated              kubectl get pods -w -l app=nginx\n"
    );
    assert_eq!(all(&mut c, "jobs"), "");
    assert_eq!(all(&mut c, "kill %1"), "bash: kill: %1: no such job\n");
}

#[test]
fn background_jobs_stop_at_the_limit_with_bashs_fork_error() {
    // `&` in an endless loop: 256 jobs start, then fork fails as bash says it and the whole
    // line is abandoned (status 1); the jobs stay listed and can be killed.
    let mut c = cluster();
    let out = all(&mut c, "while true; do sleep 100 & done");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), podplay::console::host::MAX_JOBS + 3, "{out}");
    assert!(lines[0].starts_with("[1] "), "{out}");
    assert!(lines[255].starts_with("[256] "), "{out}");
    assert_eq!(
        &lines[256..],
        [
            "bash: fork: retry: Resource temporarily unavailable",
            "bash: fork: Resource temporarily unavailable",
            "podplay: a terminal runs at most 256 background jobs at once; the line was stopped (wait for them, or kill %N)",
        ]
    );
    assert_eq!(all(&mut c, "echo $?"), "1\n");
    assert_eq!(all(&mut c, "jobs | wc -l"), "256\n");
    assert_eq!(
        all(&mut c, "kill %256"),
        "[256]+  Terminated              sleep 100\n"
    );
    // One more fits again.
    assert!(all(&mut c, "sleep 5 &").starts_with("[256] "));
}

#[test]
fn nested_host_loops_share_one_step_budget() {
    // A `while true` inside a pipe inside a `while true`: each inner loop used to get 100,000
    // steps of its own (10^10 in all, gigabytes of output). The line now stops once, with one
    // notice, whatever the nesting.
    let mut c = cluster();
    let out = all(
        &mut c,
        "while true; do echo x | while true; do :; done; done",
    );
    assert_eq!(
        out,
        "podplay: this line ran 100000 steps without waiting for the cluster; it was stopped\n"
    );
    assert_eq!(all(&mut c, "echo $?"), "130\n");
    let out = all(
        &mut c,
        "while true; do echo $(while true; do :; done); done",
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("podplay:")).count(),
        1,
        "{out}"
    );
    assert_eq!(all(&mut c, "echo fine"), "fine\n");
}

#[test]
fn syntax_errors_use_bashs_words() {
    // Pins bash's messages and status 2 for what cannot parse.
    let mut c = cluster();
    assert_eq!(
        run(&mut c, "done").1,
        "bash: syntax error near unexpected token `done'\n"
    );
    assert_eq!(all(&mut c, "echo $?"), "2\n");
    assert_eq!(
        run(&mut c, "echo a ;; echo b").1,
        "bash: syntax error near unexpected token `;;'\n"
    );
    assert_eq!(
        run(&mut c, "echo >").1,
        "bash: syntax error near unexpected token `newline'\n"
    );
    assert_eq!(
        run(&mut c, "echo ${x/a/b}").1,
        "bash: ${x/a/b}: bad substitution\n"
    );
    assert_eq!(
        all(&mut c, "kubectl exec nope -- sh -c 'if true; then echo'"),
        "Error from server (NotFound): pods \"nope\" not found\n"
    );
}

#[test]
fn multi_line_loops_wait_for_done() {
    // Pins PS2 for a loop typed over lines, run as one when complete.
    let mut c = cluster();
    assert_eq!(all(&mut c, "for i in a b"), "");
    assert_eq!(c.prompt(), "> ");
    assert_eq!(all(&mut c, "do echo $i"), "");
    assert_eq!(all(&mut c, "done"), "a\nb\n");
    assert_eq!(c.prompt(), "$ ");
    assert_eq!(all(&mut c, "echo \\"), "");
    assert_eq!(all(&mut c, "continued"), "continued\n");
}

#[test]
fn a_deleted_pod_is_back_by_the_next_command() {
    // Pins the round trip: the StatefulSet controller recreates web-0 before `wait` asks.
    let mut c = ready_web();
    assert_eq!(
        all(&mut c, "kubectl delete pod web-0"),
        "pod \"web-0\" deleted from default namespace\n"
    );
    assert_eq!(
        all(&mut c, "kubectl wait --for=condition=Ready pod/web-0"),
        "pod/web-0 condition met\n"
    );
    assert_eq!(
        all(&mut c, "echo \"$(kubectl get pod web-0 -o name)\""),
        "pod/web-0\n"
    );
}

#[test]
fn the_same_seed_prints_the_same_session() {
    // Pins determinism of round trips, pids and background interleaving.
    let script = [
        "kubectl get pods -w &",
        "kubectl apply -f web.yaml",
        "for i in 1 2 3; do kubectl get sts web --no-headers; done",
        "sleep 5",
        "kill %1",
    ];
    let go = || {
        let mut c = cluster();
        script.iter().map(|l| all(&mut c, l)).collect::<String>()
    };
    assert_eq!(go(), go());
}

#[test]
fn a_background_watch_sees_a_deletes_own_write_before_the_kubelet_acts() {
    // Pins the watch's first event of a graceful delete: the apiserver's write (deletionTimestamp,
    // still ready) reaches the watch before the kubelet stops the container, also for a pod no
    // controller owns (the StatefulSet tutorial's orphans), where no event follows the write at
    // once.
    let mut c = ready_web();
    all(&mut c, "kubectl delete statefulset web --cascade=orphan");
    all(&mut c, "kubectl get pods -w -l app=nginx &");
    let during = all(&mut c, "kubectl delete pod web-0 && sleep 5");
    let rows: Vec<(&str, &str, &str)> = during
        .lines()
        .filter(|l| l.starts_with("web-0 "))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0], f[1], f[2])
        })
        .collect();
    assert_eq!(
        rows[..2],
        [
            ("web-0", "1/1", "Terminating"),
            ("web-0", "0/1", "Terminating")
        ],
        "{during}"
    );
    all(&mut c, "kill %1");
}

#[test]
fn subshells_run_their_list_and_keep_their_variables() {
    // Pins `( … )`: it runs its own list once (a subshell used to call itself until the stack
    // overflowed), its variables stay inside, and it can be piped, redirected and nested.
    let mut c = cluster();
    assert_eq!(all(&mut c, "x=1; ( x=2; echo $x ); echo $x"), "2\n1\n");
    assert_eq!(
        all(&mut c, "( kubectl get pods ) && echo ok"),
        "No resources found in default namespace.\nok\n"
    );
    assert_eq!(all(&mut c, "( echo a; echo b ) | wc -l"), "2\n");
    assert_eq!(
        all(&mut c, "( sleep 1; echo slept ) > s.txt; cat s.txt"),
        "slept\n"
    );
    assert_eq!(all(&mut c, "( ( echo deep ) )"), "deep\n");
}
