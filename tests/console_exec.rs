//! `kubectl exec`, `kubectl run` and the container shell, driven through the console as a
//! learner types them: the tutorial's exec steps, the dns-test session, wget through a
//! ClusterIP Service, and the error texts of kubectl, busybox and Debian's shells.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use podplay::console::{Console, MemFiles, Output, Stream};
use podplay::engine::{ApplyMode, Command, Key, Outcome, Propagation};
use podplay::manifest::objects::Kind;

const SEED: u64 = 7;

fn console() -> Console {
    let mut c = Console::new(SEED, Box::new(MemFiles(BTreeMap::new())));
    c.submit("minikube start");
    c
}

/// Creates the objects of a manifest text in the cluster and runs it until idle.
fn apply(c: &mut Console, text: &str) {
    let objects = podplay::manifest::analyze(text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect();
    let sim = c.sim_mut().expect("cluster");
    let out = sim.exec(Command::Apply {
        objects,
        mode: ApplyMode::Apply,
    });
    assert!(matches!(out, Outcome::Applied(_)), "{out:?}");
    settle(c);
}

fn settle(c: &mut Console) {
    let sim = c.sim_mut().expect("cluster");
    let r = sim.run_until_idle(600_000, 100_000);
    assert!(r.reached);
}

fn tutorial(c: &mut Console) {
    apply(
        c,
        &format!(
            "{}---\n{}",
            podplay::examples::HEADLESS_SERVICE,
            podplay::examples::STATEFULSET
        ),
    );
}

/// Everything a line printed (and what a job printed until it ended), as a transcript.
fn run(c: &mut Console, line: &str) -> String {
    let mut out = c.submit(line);
    out.extend(c.finish());
    out.text()
}

fn stderr(out: &Output) -> Vec<String> {
    out.lines
        .iter()
        .filter(|l| l.stream == Stream::Err)
        .map(|l| l.text.clone())
        .collect()
}

fn ip(c: &Console, pod: &str) -> String {
    c.sim()
        .and_then(|s| s.cluster().pods.get(&Key::new("default", pod)))
        .and_then(|p| p.status.ip)
        .map(|ip| ip.to_string())
        .expect("pod ip")
}

#[test]
fn exec_hostname_prints_each_statefulset_pods_own_name() {
    // Pins the tutorial's `kubectl exec web-N -- hostname` outputs.
    let mut c = console();
    tutorial(&mut c);
    assert_eq!(run(&mut c, "kubectl exec web-0 -- hostname"), "web-0\n");
    assert_eq!(run(&mut c, "kubectl exec web-1 -- hostname"), "web-1\n");
}

#[test]
fn a_file_written_through_sh_c_survives_the_pod_being_recreated() {
    // Pins the tutorial's persistence check: the redirection writes to the claim's volume.
    let mut c = console();
    tutorial(&mut c);
    let write = run(
        &mut c,
        r#"kubectl exec web-0 -- /bin/sh -c 'echo "Hello from web-0" > /usr/share/nginx/html/index.html'"#,
    );
    assert_eq!(write, "");
    let old_ip = ip(&c, "web-0");
    let sim = c.sim_mut().expect("cluster");
    let deleted = sim.exec(Command::Delete {
        kind: Kind::Pod,
        key: Key::new("default", "web-0"),
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    });
    assert!(matches!(deleted, Outcome::Deleted { .. }));
    settle(&mut c);
    assert_ne!(ip(&c, "web-0"), old_ip, "the pod was recreated");
    assert_eq!(
        run(
            &mut c,
            "kubectl exec web-0 -- /bin/sh -c 'cat /usr/share/nginx/html/index.html'"
        ),
        "Hello from web-0\n"
    );
}

#[test]
fn the_dns_test_session_resolves_the_headless_service_and_each_pod() {
    // Pins the tutorial's `kubectl run -it --rm dns-test` transcript, line for line.
    let mut c = console();
    tutorial(&mut c);
    let (ip0, ip1) = (ip(&c, "web-0"), ip(&c, "web-1"));
    let mut transcript = String::new();
    for line in [
        "kubectl run -it --rm --image=busybox:1.28 dns-test -- /bin/sh",
        "nslookup nginx",
        "nslookup web-0.nginx",
        "nslookup web-1.nginx",
        "nslookup web-2.nginx",
        "exit",
    ] {
        transcript.push_str(&format!("{}{line}\n", c.prompt()));
        transcript.push_str(&run(&mut c, line));
    }
    transcript.push_str(&c.prompt());
    let server =
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n";
    let a0 = format!("{ip0} web-0.nginx.default.svc.cluster.local");
    let a1 = format!("{ip1} web-1.nginx.default.svc.cluster.local");
    // The headless answer's order is drawn per query (CoreDNS `loadbalance`); this seed's draw.
    let both = format!("Address 1: {a1}\nAddress 2: {a0}");
    assert_eq!((ip0.as_str(), ip1.as_str()), ("10.244.0.3", "10.244.0.4"));
    let expected = format!(
        "$ kubectl run -it --rm --image=busybox:1.28 dns-test -- /bin/sh\n\
         All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\n\
         If you don't see a command prompt, try pressing enter.\n\
         / # nslookup nginx\n\
         {server}Name:      nginx\n{both}\n\n\
         / # nslookup web-0.nginx\n\
         {server}Name:      web-0.nginx\nAddress 1: {a0}\n\n\
         / # nslookup web-1.nginx\n\
         {server}Name:      web-1.nginx\nAddress 1: {a1}\n\n\
         / # nslookup web-2.nginx\n\
         {server}nslookup: can't resolve 'web-2.nginx'\n\
         / # exit\n\
         Session ended, resume using 'kubectl attach dns-test -c dns-test -i -t' command when the pod is running\n\
         pod \"dns-test\" deleted from default namespace\n\
         $ "
    );
    assert_eq!(transcript, expected);
    assert!(c.sim().is_some_and(|s| s
        .cluster()
        .pods
        .get(&Key::new("default", "dns-test"))
        .is_none_or(|p| p.is_terminating())));
}

#[test]
fn a_not_ready_pod_has_no_dns_name_yet() {
    // Pins that a pod still starting is absent from DNS (reference §5.4).
    let mut c = console();
    apply(&mut c, podplay::examples::HEADLESS_SERVICE);
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bb\nspec:\n  containers:\n  - name: bb\n    image: busybox:1.28\n    args: [sleep, \"3600\"]\n",
    );
    let sim = c.sim_mut().expect("cluster");
    sim.exec(Command::Apply {
        objects: podplay::manifest::analyze(podplay::examples::STATEFULSET)
            .objects
            .into_iter()
            .map(|o| o.resource)
            .collect(),
        mode: ApplyMode::Apply,
    });
    let out = c.submit("kubectl exec bb -- nslookup web-0.nginx");
    assert_eq!(
        out.text(),
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n\
         nslookup: can't resolve 'web-0.nginx'\ncommand terminated with exit code 1\n"
    );
    assert_eq!(
        stderr(&out),
        vec![
            "nslookup: can't resolve 'web-0.nginx'".to_string(),
            "command terminated with exit code 1".to_string()
        ]
    );
}

#[test]
fn wget_through_the_cluster_ip_reaches_both_deployment_pods() {
    // Pins ClusterIP load spreading as busybox wget sees it, and wget's progress lines.
    let mut c = console();
    apply(&mut c, podplay::examples::DEPLOYMENT_SERVICE);
    assert_eq!(
        run(&mut c, "kubectl run bb --image=busybox:1.28 -- sleep 3600"),
        "pod/bb created\n"
    );
    settle(&mut c);
    for _ in 0..20 {
        let page = run(&mut c, "kubectl exec bb -- wget -qO- http://my-nginx-svc");
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>"),
            "{page}"
        );
        assert_eq!(page.len(), 612);
    }
    let sim = c.sim().expect("cluster");
    let served: Vec<usize> = sim
        .cluster()
        .pods
        .values()
        .filter(|p| p.meta.name.starts_with("my-nginx-deployment-"))
        .map(|p| p.access_log.len())
        .collect();
    assert_eq!(served.len(), 2);
    assert!(served.iter().all(|n| *n > 0), "{served:?}");
    assert_eq!(served.iter().sum::<usize>(), 20);
    let svc_ip = sim
        .cluster()
        .services
        .get(&Key::new("default", "my-nginx-svc"))
        .and_then(|s| s.cluster_ip())
        .expect("cluster ip")
        .to_string();
    let out = c.submit("kubectl exec bb -- wget -O - http://my-nginx-svc/nope.html");
    assert_eq!(
        stderr(&out),
        vec![
            format!("Connecting to my-nginx-svc ({svc_ip}:80)"),
            "wget: server returned error: HTTP/1.1 404 Not Found".to_string(),
            "command terminated with exit code 1".to_string()
        ]
    );
    let saved = c.submit("kubectl exec bb -- wget http://my-nginx-svc");
    assert_eq!(
        stderr(&saved),
        vec![
            format!("Connecting to my-nginx-svc ({svc_ip}:80)"),
            format!(
                "index.html           100% |{}|   612  0:00:00 ETA",
                "*".repeat(31)
            ),
        ]
    );
    assert_eq!(
        run(&mut c, "kubectl exec bb -- wget http://my-nginx-svc"),
        format!("Connecting to my-nginx-svc ({svc_ip}:80)\nwget: can't open 'index.html': File exists\ncommand terminated with exit code 1\n")
    );
    assert_eq!(run(&mut c, "kubectl exec bb -- cat index.html").len(), 612);
    assert_eq!(
        run(&mut c, "kubectl exec bb -- wget -q http://nope"),
        "wget: bad address 'nope'\ncommand terminated with exit code 1\n"
    );
}

#[test]
fn exec_errors_read_as_kubectl_prints_them() {
    // Pins reference §9.6: missing `--`, unknown pod, unknown container, unknown executable.
    let mut c = console();
    tutorial(&mut c);
    assert_eq!(
        run(&mut c, "kubectl exec -it web-0 sh"),
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"
    );
    assert_eq!(
        run(&mut c, "kubectl exec web-9 -- hostname"),
        "Error from server (NotFound): pods \"web-9\" not found\n"
    );
    assert_eq!(
        run(&mut c, "kubectl exec web-0 -c foo -- hostname"),
        "error: container foo not found in pod web-0\n"
    );
    assert_eq!(
        run(&mut c, "kubectl exec web-0 -- nslookup nginx"),
        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"nslookup\": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n"
    );
    assert_eq!(
        run(&mut c, "kubectl exec web-0 -- cat /nope"),
        "cat: /nope: No such file or directory\ncommand terminated with exit code 1\n"
    );
    assert_eq!(
        run(&mut c, "kubectl exec web-0 -- sh -c 'nslookup nginx'"),
        "sh: 1: nslookup: not found\ncommand terminated with exit code 127\n"
    );
    assert_eq!(run(&mut c, "kubectl exec sts/web -- hostname"), "web-0\n");
}

#[test]
fn exec_into_a_pod_without_a_node_or_a_started_container_fails() {
    // Pins the BadRequest of an unscheduled pod and the kubelet's container-not-found.
    let mut c = console();
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: stuck\nspec:\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: missing\n  containers:\n  - name: app\n    image: nginx:1.19.0\n",
    );
    assert_eq!(
        run(&mut c, "kubectl exec stuck -- hostname"),
        "Error from server (BadRequest): pod stuck does not have a host assigned\n"
    );
    let sim = c.sim_mut().expect("cluster");
    sim.exec(Command::Apply {
        objects: podplay::manifest::analyze(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: young\nspec:\n  containers:\n  - name: app\n    image: nginx:1.19.0\n",
        )
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect(),
        mode: ApplyMode::Apply,
    });
    for _ in 0..10_000 {
        let started = sim
            .cluster()
            .pods
            .get(&Key::new("default", "young"))
            .is_some_and(|p| p.spec.node_name.is_some());
        if started {
            break;
        }
        sim.step();
    }
    assert_eq!(
        run(&mut c, "kubectl exec young -- hostname"),
        "error: unable to upgrade connection: container not found (\"app\")\n"
    );
}

#[test]
fn shells_report_missing_commands_in_their_own_words() {
    // Pins bash in nginx, busybox ash, and the exit status kubectl reports after the session.
    let mut c = console();
    tutorial(&mut c);
    assert_eq!(run(&mut c, "kubectl exec -it web-0 -- bash"), "");
    assert_eq!(c.prompt(), "root@web-0:/# ");
    assert_eq!(
        run(&mut c, "nslookup nginx"),
        "bash: nslookup: command not found\n"
    );
    assert_eq!(run(&mut c, "echo $?"), "127\n");
    assert_eq!(
        run(&mut c, "cd /usr/share/nginx/html && pwd"),
        "/usr/share/nginx/html\n"
    );
    assert_eq!(c.prompt(), "root@web-0:/usr/share/nginx/html# ");
    assert_eq!(run(&mut c, "false"), "");
    assert_eq!(
        run(&mut c, "exit"),
        "exit\ncommand terminated with exit code 1\n"
    );
    assert_eq!(c.prompt(), "$ ");

    assert_eq!(run(&mut c, "kubectl exec -it web-0 -- sh"), "");
    assert_eq!(c.prompt(), "# ");
    assert_eq!(run(&mut c, "wget x"), "sh: 1: wget: not found\n");
    assert_eq!(
        run(&mut c, "cat /nope"),
        "cat: /nope: No such file or directory\n"
    );
    assert_eq!(run(&mut c, "exit 0"), "");

    assert_eq!(
        run(&mut c, "kubectl run bb -it --image=busybox:1.28 --restart=Never"),
        "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n"
    );
    assert_eq!(c.prompt(), "/ # ");
    assert_eq!(
        run(&mut c, "curl http://web-0.nginx"),
        "sh: curl: not found\n"
    );
    assert_eq!(
        run(&mut c, "cat nope"),
        "cat: can't open 'nope': No such file or directory\n"
    );
    assert_eq!(run(&mut c, "hostname; cat /etc/hostname"), "bb\nbb\n");
    // restartPolicy Never: no reattach hint, and no --rm: the pod stays.
    assert_eq!(run(&mut c, "exit"), "");
    assert!(c
        .sim()
        .is_some_and(|s| s.cluster().pods.contains_key(&Key::new("default", "bb"))));
}

#[test]
fn run_refuses_what_kubectl_refuses() {
    // Pins kubectl run's validation texts (`pkg/cmd/run/run.go`) and AlreadyExists.
    let mut c = console();
    assert_eq!(
        run(&mut c, "kubectl run bb --image=busybox:1.28 --rm"),
        "error: --rm should only be used for attached containers\n"
    );
    assert_eq!(
        run(&mut c, "kubectl run bb"),
        "error: required flag(s) \"image\" not set\n"
    );
    assert_eq!(
        run(&mut c, "kubectl run bb --image=busybox:1.28 -t"),
        "error: -i/--stdin is required for containers with -t/--tty=true\n"
    );
    assert_eq!(
        run(
            &mut c,
            "kubectl run bb --image=busybox:1.28 --restart=Sometimes"
        ),
        "error: invalid restart policy: Sometimes, valid values are: Always, OnFailure, Never\n"
    );
    assert_eq!(
        run(&mut c, "kubectl run bb --image=busybox:1.28"),
        "pod/bb created\n"
    );
    assert_eq!(
        run(&mut c, "kubectl run bb --image=busybox:1.28"),
        "Error from server (AlreadyExists): pods \"bb\" already exists\n"
    );
    let pod = c
        .sim()
        .and_then(|s| s.cluster().pods.get(&Key::new("default", "bb")).cloned())
        .expect("pod bb");
    assert_eq!(pod.meta.labels.get("run").map(String::as_str), Some("bb"));
    assert_eq!(pod.spec.containers[0].name, "bb");
    assert_eq!(pod.spec.restart_policy.as_deref(), Some("Always"));
}

#[test]
fn a_one_shot_run_prints_its_output_and_removes_the_pod() {
    // Pins `kubectl run -it --rm … -- nslookup nginx` with restartPolicy Never.
    let mut c = console();
    tutorial(&mut c);
    let out = run(
        &mut c,
        "kubectl run -it --rm --restart=Never --image=busybox:1.28 once -- nslookup web-0.nginx",
    );
    let a0 = format!("{} web-0.nginx.default.svc.cluster.local", ip(&c, "web-0"));
    assert_eq!(
        out,
        format!(
            "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\n\
             If you don't see a command prompt, try pressing enter.\n\
             Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n\
             Name:      web-0.nginx\nAddress 1: {a0}\n\n\
             pod \"once\" deleted from default namespace\n"
        )
    );
}

#[test]
fn odd_lines_in_a_session_print_shell_errors_and_never_break_it() {
    // Pins a few shell edge cases and that no input ends the session but `exit`.
    let mut c = console();
    tutorial(&mut c);
    assert_eq!(run(&mut c, "kubectl exec -it web-0 -- sh"), "");
    for line in [
        "",
        "|",
        "a |",
        "> x",
        "echo ${",
        "echo $",
        "echo 2>&",
        "cd",
        "ls -la /nope /etc",
        "cat < /nope",
        "sh -c",
        "sh nope.sh",
        "sleep x",
        "sleep 1",
        "date",
        "ls",
        "env",
        "curl -s http://nope",
        "curl http://web-1.nginx:81/",
        "echo a && false || echo b",
    ] {
        let _ = run(&mut c, line);
        assert_eq!(c.prompt(), "# ", "after {line:?}");
    }
    assert_eq!(
        run(&mut c, "echo hi > /etc/hosts"),
        "sh: 21: cannot create /etc/hosts: Read-only file system\n"
    );
    assert_eq!(run(&mut c, "echo a && false || echo b"), "a\nb\n");
    assert_eq!(run(&mut c, "env | grep HOSTNAME"), "HOSTNAME=web-0\n");
    // The claim's fresh volume hides the image's files under the mount point.
    assert_eq!(run(&mut c, "ls /usr/share/nginx/html"), "");
    assert_eq!(run(&mut c, "ls /usr/share/nginx"), "html\n");
    assert_eq!(
        run(&mut c, "curl http://nope"),
        "curl: (6) Could not resolve host: nope\n"
    );
    assert_eq!(
        run(&mut c, "exit 3"),
        "command terminated with exit code 3\n"
    );
}

#[test]
fn a_removed_attached_pod_goes_at_once_with_its_shells_exit_status() {
    // Pins `run -it --rm` after `exit`: the shell was the container's process, so the pod does
    // not wait out busybox's 30 s grace period and ends `Completed` (exit 0), not `Error` (137).
    let mut c = console();
    run(
        &mut c,
        "kubectl run -it --rm --image=busybox:1.28 dns-test -- /bin/sh",
    );
    let deleted_at = c.sim().expect("cluster").now();
    let out = run(&mut c, "exit");
    assert!(
        out.ends_with("pod \"dns-test\" deleted from default namespace\n"),
        "{out}"
    );
    let watch = run(&mut c, "kubectl get pods -w");
    let rows: Vec<&str> = watch
        .lines()
        .filter(|l| l.starts_with("dns-test"))
        .collect();
    assert!(
        rows.last()
            .is_some_and(|r| r.contains("0/1") && r.contains("Completed")),
        "{watch}"
    );
    assert!(!watch.contains("Error"), "{watch}");
    let sim = c.sim().expect("cluster");
    assert!(!sim
        .cluster()
        .pods
        .contains_key(&Key::new("default", "dns-test")));
    assert!(
        sim.now().ms() - deleted_at.ms() < 5_000,
        "gone after {} ms",
        sim.now().ms() - deleted_at.ms()
    );
}

#[test]
fn loops_that_never_wait_share_one_budget_however_deeply_they_nest() {
    // Pins that a line's loops stop after 10,000 rounds in all: three nested `while true`
    // loops used to run 10,000 rounds each (10^12 in all) and never came back.
    let mut c = console();
    tutorial(&mut c);
    assert_eq!(
        run(
            &mut c,
            "kubectl exec web-0 -- sh -c 'while true; do while true; do while true; do :; done; done; done; echo out'"
        ),
        "out\n"
    );
    assert_eq!(
        run(
            &mut c,
            "kubectl exec web-0 -- sh -c 'n=0; while true; do n=$((n+1)); done; echo $n'"
        ),
        "10000\n"
    );
    assert_eq!(
        run(
            &mut c,
            "kubectl exec web-0 -- sh -c 'for i in 1 2 3; do echo $i; done'"
        ),
        "1\n2\n3\n"
    );
}

#[test]
fn appends_grow_a_file_in_place_up_to_the_file_limit() {
    // Pins `>>` in a container: a loop's appends land in order (in place, so a long loop costs
    // what it appends), and a file stops at 16 MiB with the shell's ENOSPC words; the host's
    // files do the same.
    let mut c = console();
    tutorial(&mut c);
    assert_eq!(
        run(
            &mut c,
            "kubectl exec web-0 -- sh -c 'for i in 1 2 3; do echo $i >> /tmp/x; done; cat /tmp/x'"
        ),
        "1\n2\n3\n"
    );
    // 16 bytes doubled 20 times is 16 MiB: the 21st doubling is refused.
    let doubling = (0..21).map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
    let out = run(
        &mut c,
        &format!(
            "kubectl exec web-0 -- sh -c 'echo 123456789012345 > /tmp/d; for i in {doubling}; do cat /tmp/d >> /tmp/d; done; wc -c < /tmp/d'"
        ),
    );
    assert_eq!(
        out,
        "sh: 1: cannot create /tmp/d: No space left on device\n16777216\n"
    );
    assert_eq!(
        run(&mut c, "for i in 1 2 3; do echo $i >> f; done; cat f"),
        "1\n2\n3\n"
    );
    // wc's counts: lines, bytes (-c) and words (-w), on the host and in a container.
    assert_eq!(run(&mut c, "printf 'a b\\nc\\n' | wc -l"), "2\n");
    assert_eq!(run(&mut c, "printf 'a b\\nc\\n' | wc -c"), "6\n");
    assert_eq!(run(&mut c, "printf 'a b\\nc\\n' | wc -w"), "3\n");
    assert_eq!(
        run(
            &mut c,
            "kubectl exec web-0 -- sh -c 'echo a b c | wc -w; echo abc | wc -c'"
        ),
        "3\n4\n"
    );
}
