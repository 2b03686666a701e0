//! Images as data, and init containers and sidecars as the kubelet runs them: the StatefulSet
//! tutorial's nginx-slim serves and leaves at once on deletion, a busybox `sleep` waits out the
//! grace period, the MySQL tutorial's pods pass `Init:0/2`, `Init:1/2`, `PodInitializing`, and
//! a sidecar counts in READY. The manifests are the real examples in ../shared/examples.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use common::console::{example, stream};
use common::engine::{self as eng, key};
use podplay::console::{Console, MemFiles, Stream};
use podplay::engine::files::NGINX_WELCOME;
use podplay::engine::lifecycle::Stage;
use podplay::engine::{ApplyMode, Command, Key, Outcome, Propagation};
use podplay::manifest::objects::Kind;

const SEED: u64 = 7;

fn mysql() -> String {
    format!(
        "{}\n---\n{}\n---\n{}",
        example("mysql-configmap.yaml"),
        example("mysql-services.yaml"),
        example("mysql-statefulset.yaml")
    )
}

const SLEEPER: &str = "apiVersion: v1
kind: Pod
metadata:
  name: sleeper
spec:
  containers:
  - name: sleeper
    image: busybox:1.28
    command: ['sh', '-c', 'sleep 3600']
";

const SLIM: &str = "apiVersion: v1
kind: Pod
metadata:
  name: slim
spec:
  containers:
  - name: nginx
    image: registry.k8s.io/nginx-slim:0.21
";

fn console() -> Console {
    let mut c = Console::new(SEED, Box::new(MemFiles(BTreeMap::new())));
    c.submit("minikube start");
    c
}

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
}

fn settle(c: &mut Console) {
    let sim = c.sim_mut().expect("cluster");
    assert!(sim.run_until_idle(600_000, 100_000).reached);
}

fn out(c: &mut Console, line: &str) -> String {
    let mut o = c.submit(line);
    o.extend(c.finish());
    stream(&o, Stream::Out)
}

/// A watch from apply to idle: the STATUS and READY columns of `pod`'s rows, consecutive
/// repeats merged.
fn watched(c: &mut Console, text: &str, pod: &str) -> Vec<(String, String)> {
    let mut o = c.submit("kubectl get pods -w");
    apply(c, text);
    o.extend(c.finish());
    let mut seen: Vec<(String, String)> = Vec::new();
    for line in stream(&o, Stream::Out).lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.first() != Some(&pod) {
            continue;
        }
        let row = (cols[1].to_string(), cols[2].to_string());
        if seen.last() != Some(&row) {
            seen.push(row);
        }
    }
    seen
}

fn rows(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect()
}

/// Deletes `name` and runs until its object is gone; the virtual milliseconds that took,
/// and the pod's exit code just before it went.
fn delete_and_time(sim: &mut podplay::engine::Simulation, name: &str) -> (u64, Option<i32>) {
    let t0 = sim.now();
    let uid = eng::delete(sim, Kind::Pod, name);
    let mut code = None;
    let gone = |s: &podplay::engine::Simulation| {
        s.cluster()
            .pods
            .get(&key(name))
            .is_none_or(|p| p.meta.uid != uid)
    };
    for _ in 0..eng::MAX_EVENTS {
        if gone(sim) {
            break;
        }
        if let Some(p) = sim.cluster().pods.get(&key(name)) {
            code = p.status.exit_code.or(code);
        }
        sim.step();
    }
    assert!(gone(sim), "{name} never went");
    (sim.now().ms() - t0.ms(), code)
}

#[test]
fn curl_in_nginx_slim_gets_the_welcome_page_not_connection_refused() {
    // Pins the nginx-slim row: it serves on 80 and its shell has curl (the StatefulSet
    // tutorial's `kubectl exec web-0 -- curl http://localhost/`).
    let mut c = console();
    apply(&mut c, SLIM);
    settle(&mut c);
    assert_eq!(
        out(&mut c, "kubectl exec slim -- curl -s http://localhost/"),
        NGINX_WELCOME
    );
}

#[test]
fn web_yaml_serves_its_claim_volume_forbidden_until_the_tutorial_writes_index_html() {
    // Pins web.yaml as the tutorial runs it: the claim mounted on the web root starts empty
    // (nginx answers 403, not connection refused), then serves what the learner wrote.
    let mut c = console();
    apply(&mut c, &example("web.yaml"));
    settle(&mut c);
    let empty = out(&mut c, "kubectl exec web-0 -- curl -s http://localhost/");
    assert!(
        empty.starts_with("<html>\r\n<head><title>403 Forbidden</title></head>"),
        "{empty}"
    );
    for i in 0..2 {
        out(
            &mut c,
            &format!(
                "kubectl exec \"web-{i}\" -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'"
            ),
        );
    }
    assert_eq!(
        out(&mut c, "kubectl exec -i -t web-0 -- curl http://localhost/"),
        "web-0\n"
    );
    assert_eq!(
        out(&mut c, "kubectl exec web-1 -- curl -s http://localhost/"),
        "web-1\n"
    );
}

#[test]
fn deleting_web_0_takes_about_a_second_and_ends_completed() {
    // Pins nginx-slim's stop row: SIGTERM ends nginx at once with 0, so the pod is gone
    // within the kubelet's notice + stop + removal (under 1.5 s), never the 30 s grace.
    let mut sim = eng::sim(SEED);
    eng::apply(&mut sim, &example("web.yaml"));
    eng::settle(&mut sim);
    let (ms, code) = delete_and_time(&mut sim, "web-0");
    assert!((200..1_500).contains(&ms), "took {ms} ms");
    assert_eq!(code, Some(0));
}

#[test]
fn a_watched_web_0_deletion_shows_completed_not_error() {
    // Pins the watch rows of the deletion: Terminating, then Completed (exit 0).
    let mut c = console();
    apply(&mut c, &example("web.yaml"));
    settle(&mut c);
    let mut o = c.submit("kubectl get pods -w");
    let sim = c.sim_mut().expect("cluster");
    sim.exec(Command::Delete {
        kind: Kind::Pod,
        key: Key::new("default", "web-0"),
        propagation: Propagation::Background,
        grace_s: None,
        force: false,
    });
    o.extend(c.finish());
    let web0: Vec<String> = stream(&o, Stream::Out)
        .lines()
        .filter(|l| l.starts_with("web-0"))
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        web0[..5],
        [
            "web-0 1/1 Running",
            "web-0 1/1 Terminating",
            "web-0 0/1 Terminating",
            "web-0 0/1 Completed",
            "web-0 0/1 Completed",
        ]
    );
}

#[test]
fn a_busybox_sleep_waits_out_the_grace_period_and_ends_with_137() {
    // Pins the busybox row: `sleep` as PID 1 ignores SIGTERM, so the kubelet kills it when
    // the 30 s grace period ends: exit code 137, STATUS Error.
    let mut sim = eng::sim(SEED);
    eng::apply(&mut sim, SLEEPER);
    eng::settle(&mut sim);
    let (ms, code) = delete_and_time(&mut sim, "sleeper");
    assert!((30_000..30_600).contains(&ms), "took {ms} ms");
    assert_eq!(code, Some(137));
}

#[test]
fn mysql_pods_show_init_0_2_init_1_2_pod_initializing_then_running() {
    // Pins printPod for init containers: `Init:i/n` while they run one after another,
    // `PodInitializing` while the app containers are created, then Running; READY counts
    // xtrabackup (no probe) before mysql's readiness probe passes.
    let mut c = console();
    let seen = watched(&mut c, &mysql(), "mysql-0");
    assert_eq!(
        seen,
        rows(&[
            ("0/2", "Pending"),
            ("0/2", "Init:0/2"),
            ("0/2", "Init:1/2"),
            ("0/2", "PodInitializing"),
            ("1/2", "Running"),
            ("2/2", "Running"),
        ])
    );
    let seen = watched(&mut console(), &mysql(), "mysql-1");
    assert_eq!(seen.get(1), Some(&("0/2".into(), "Init:0/2".into())));
    assert_eq!(seen.last(), Some(&("2/2".into(), "Running".into())));
    // Each pod requests 600m CPU (mysql 500m + xtrabackup 100m); minikube's node keeps 1250m
    // after its system pods, so on one node mysql-2 waits for room.
    let seen = watched(&mut console(), &mysql(), "mysql-2");
    assert_eq!(seen, rows(&[("0/2", "Pending")]));
}

#[test]
fn init_containers_run_one_after_another_before_the_app_containers() {
    // Pins the kubelet's order: init-mysql finishes before clone-mysql starts, and both
    // before the app containers start.
    let mut sim = eng::sim(SEED);
    eng::apply(&mut sim, &mysql());
    eng::run_until(&mut sim, "mysql-0 running", |s| {
        eng::stage(s, "mysql-0").is_some_and(|st| st == Stage::Running || st == Stage::Ready)
    });
    let p = eng::the_pod(&sim, "mysql-0");
    let runs = &p.status.init;
    assert_eq!(runs.len(), 2);
    let first_done = runs[0].finished.expect("init-mysql finished");
    let second_done = runs[1].finished.expect("clone-mysql finished");
    assert!(first_done <= runs[1].started);
    assert!(second_done <= p.status.started_at.expect("started"));
    let started: Vec<String> = eng::events(&sim, "Started")
        .iter()
        .filter(|e| e.object.key.name == "mysql-0")
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(
        started,
        [
            "Started container init-mysql",
            "Started container clone-mysql",
            "Started container mysql",
            "Started container xtrabackup",
        ]
    );
}

#[test]
fn describe_shows_completed_init_containers_terminated_with_exit_code_0() {
    // Pins describe's init container block: State Terminated, Reason Completed, Exit Code 0,
    // Started and Finished, Ready True; and the Initialized condition.
    let mut c = console();
    apply(&mut c, &mysql());
    settle(&mut c);
    let text = out(&mut c, "kubectl describe pod mysql-0");
    let init = text
        .split("  init-mysql:\n")
        .nth(1)
        .and_then(|t| t.split("  clone-mysql:\n").next())
        .expect("init-mysql block");
    let state: Vec<&str> = init
        .lines()
        .skip_while(|l| !l.starts_with("    State:"))
        .take(7)
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(
        state,
        [
            "    State",
            "      Reason",
            "      Exit Code",
            "      Started",
            "      Finished",
            "    Ready",
            "    Restart Count",
        ]
    );
    assert!(init.contains("    State:          Terminated\n"), "{init}");
    assert!(init.contains("      Reason:       Completed\n"), "{init}");
    assert!(init.contains("      Exit Code:    0\n"), "{init}");
    assert!(init.contains("    Ready:          True\n"), "{init}");
    assert!(
        text.contains("  Initialized                 True \n"),
        "{text}"
    );
}

#[test]
fn describe_during_init_shows_the_running_and_waiting_init_containers() {
    // Pins the middle of initialization: the first init container runs, the second waits
    // (`PodInitializing`), the app containers wait too; Initialized is False.
    let mut c = console();
    apply(&mut c, &mysql());
    let sim = c.sim_mut().expect("cluster");
    eng::run_until(sim, "init-mysql running", |s| {
        eng::stage(s, "mysql-0") == Some(Stage::Initializing)
    });
    let text = out(&mut c, "kubectl describe pod mysql-0");
    let states: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("    State:") || l.starts_with("      Reason:"))
        .collect();
    assert_eq!(
        states,
        [
            "    State:          Running",
            "    State:          Waiting",
            "      Reason:       PodInitializing",
            "    State:          Waiting",
            "      Reason:       PodInitializing",
            "    State:          Waiting",
            "      Reason:       PodInitializing",
        ]
    );
    assert!(
        text.contains("  Initialized                 False \n"),
        "{text}"
    );
    assert_eq!(
        out(&mut c, "kubectl get pod mysql-0 --no-headers")
            .split_whitespace()
            .nth(2),
        Some("Init:0/2")
    );
}

#[test]
fn yaml_status_carries_init_container_statuses() {
    // Pins `status.initContainerStatuses` beside `containerStatuses` in `-o yaml`.
    let mut c = console();
    apply(&mut c, &mysql());
    settle(&mut c);
    let text = out(&mut c, "kubectl get pod mysql-0 -o yaml");
    let init = text
        .split("  initContainerStatuses:\n")
        .nth(1)
        .and_then(|t| t.split("  phase: ").next())
        .expect("initContainerStatuses");
    let names: Vec<&str> = init
        .lines()
        .filter_map(|l| l.strip_prefix("    name: "))
        .collect();
    assert_eq!(names, ["init-mysql", "clone-mysql"]);
    assert_eq!(
        init.matches("        reason: Completed\n").count(),
        2,
        "{init}"
    );
    assert_eq!(init.matches("        exitCode: 0\n").count(), 2, "{init}");
    assert!(
        text.find("  containerStatuses:\n") < text.find("  initContainerStatuses:\n"),
        "keys are sorted"
    );
}

#[test]
fn a_sidecar_counts_in_ready_and_keeps_running() {
    // Pins restartable init containers: the sidecar starts before the app container and
    // counts in READY (2/2, as 1.34 shows); describe shows it Running and Ready.
    let mut c = console();
    apply(&mut c, &example("deployment-sidecar.yaml"));
    settle(&mut c);
    let table = out(
        &mut c,
        "kubectl get pods -l app.kubernetes.io/name=myapp --no-headers",
    );
    let cols: Vec<&str> = table.split_whitespace().collect();
    assert_eq!(cols[1..3], ["2/2", "Running"], "{table}");
    let name = cols[0].to_string();
    let text = out(&mut c, &format!("kubectl describe pod {name}"));
    let sidecar = text
        .split("  logshipper:\n")
        .nth(1)
        .and_then(|t| t.split("Containers:\n").next())
        .expect("logshipper block");
    assert!(
        sidecar.contains("    State:          Running\n"),
        "{sidecar}"
    );
    assert!(sidecar.contains("    Ready:          True\n"), "{sidecar}");
}

#[test]
fn a_sidecar_pod_goes_init_0_1_pod_initializing_running() {
    // Pins the watch of a pod whose only init container is a sidecar: once it started the
    // printer counts it (1/2) and the app container is being created.
    let mut c = console();
    let mut o = c.submit("kubectl get pods -w");
    apply(&mut c, &example("deployment-sidecar.yaml"));
    o.extend(c.finish());
    let mut seen: Vec<String> = Vec::new();
    for line in stream(&o, Stream::Out).lines().skip(1) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let row = format!("{} {}", cols[1], cols[2]);
        if seen.last() != Some(&row) {
            seen.push(row);
        }
    }
    assert_eq!(
        seen,
        [
            "0/2 Pending",
            "0/2 Init:0/1",
            "1/2 PodInitializing",
            "2/2 Running"
        ]
    );
}

const HTTPD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: apache
spec:
  containers:
  - name: httpd
    image: httpd:2.4
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: client
    image: busybox:1.28
    command: ['sh', '-c', 'sleep 3600']
";

#[test]
fn httpd_answers_it_works_and_has_no_curl_of_its_own() {
    // Pins the httpd row: Apache's stock page on 80, its Debian shell without curl; a busybox
    // client fetches the page with wget.
    let mut c = console();
    apply(&mut c, HTTPD);
    settle(&mut c);
    let ip = c
        .sim_mut()
        .expect("cluster")
        .cluster()
        .pods
        .get(&key("apache"))
        .and_then(|p| p.status.ip)
        .expect("apache has an IP");
    assert_eq!(
        out(
            &mut c,
            &format!("kubectl exec client -- wget -qO- http://{ip}/")
        ),
        "<html><body><h1>It works!</h1></body></html>\n"
    );
    let mut o = c.submit("kubectl exec apache -- sh -c 'curl -s localhost'");
    o.extend(c.finish());
    assert_eq!(
        stream(&o, Stream::Err).lines().next(),
        Some("sh: 1: curl: not found")
    );
}

#[test]
fn a_pod_deleted_while_initializing_stops_its_running_init_container() {
    // Pins deletion during init: the app containers never started, the running init
    // container (mysql: exits on SIGTERM) stops, and the pod goes without the grace period.
    let mut sim = eng::sim(SEED);
    eng::apply(&mut sim, &mysql());
    eng::run_until(&mut sim, "init-mysql running", |s| {
        eng::stage(s, "mysql-0") == Some(Stage::Initializing)
    });
    let (ms, code) = delete_and_time(&mut sim, "mysql-0");
    assert!(ms < 2_000, "took {ms} ms");
    assert_eq!(code, Some(0));
    let killing: Vec<String> = eng::events(&sim, "Killing")
        .iter()
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(killing, ["Stopping container init-mysql"]);
}

#[test]
fn exec_and_logs_name_init_containers_when_they_default_the_container() {
    // Pins podcmd's note (`AllContainerNames`: app, then init containers marked `(init)`),
    // and exec into a finished init container failing as the kubelet fails it.
    let mut c = console();
    apply(&mut c, &mysql());
    settle(&mut c);
    let mut o = c.submit("kubectl exec mysql-0 -- hostname");
    o.extend(c.finish());
    assert_eq!(
        stream(&o, Stream::Err),
        "Defaulted container \"mysql\" out of: mysql, xtrabackup, init-mysql (init), clone-mysql (init)\n"
    );
    assert_eq!(stream(&o, Stream::Out), "mysql-0\n");
    let mut o = c.submit("kubectl exec mysql-0 -c init-mysql -- hostname");
    o.extend(c.finish());
    assert_eq!(
        stream(&o, Stream::Err),
        "error: unable to upgrade connection: container not found (\"init-mysql\")\n"
    );
}

/// A request from the `client` pod of [`HTTPD`] to `target:port`: why it failed, in English.
fn refused_why(sim: &mut podplay::engine::Simulation, target: &str, port: u16) -> String {
    match sim.exec(Command::Request {
        from: key("client"),
        target: target.into(),
        port: Some(port),
        path: "/".into(),
        count: 1,
    }) {
        Outcome::Responses(v) => {
            assert_eq!(
                v[0].error,
                Some(podplay::engine::command::NetError::ConnectionRefused)
            );
            v[0].why.render(podplay::i18n::Lang::En)
        }
        other => panic!("request gave {other:?}"),
    }
}

#[test]
fn a_refused_request_says_which_ports_the_image_listens_on() {
    // Pins the image rows' ports in the explanation: a wrong port names the right one; a
    // port the image uses for another protocol says so.
    let mut sim = eng::sim(SEED);
    let redis = "apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
  - name: redis
    image: docker.io/redis:6.0.5
";
    eng::apply(&mut sim, &format!("{HTTPD}---\n{redis}"));
    eng::settle(&mut sim);
    let ip = |sim: &podplay::engine::Simulation, n: &str| {
        eng::the_pod(sim, n).status.ip.expect("ip").to_string()
    };
    let apache = ip(&sim, "apache");
    assert_eq!(
        refused_why(&mut sim, &apache, 8080),
        "nothing listens on port 8080 in apache; its image listens on 80"
    );
    let cache = ip(&sim, "cache");
    assert_eq!(
        refused_why(&mut sim, &cache, 6379),
        "cache listens on port 6379, but its server does not speak HTTP (podplay does not simulate that protocol)"
    );
}

#[test]
fn the_guestbook_frontend_serves_its_page_and_redis_stops_with_0() {
    // Pins two more rows on the real examples: the guestbook frontend answers with its page on
    // 80, and the redis leader (docker.io/redis) leaves at once on SIGTERM with exit 0.
    let mut sim = eng::sim(SEED);
    eng::apply(
        &mut sim,
        &format!(
            "{}\n---\n{}\n---\n{HTTPD}",
            example("guestbook-frontend-deployment.yaml"),
            example("guestbook-redis-leader-deployment.yaml")
        ),
    );
    eng::settle(&mut sim);
    let names = eng::pods_named(&sim, "frontend-");
    let ip = eng::the_pod(&sim, &names[0]).status.ip.expect("ip");
    let Outcome::Responses(v) = sim.exec(Command::Request {
        from: key("client"),
        target: ip.to_string(),
        port: Some(80),
        path: "/".into(),
        count: 1,
    }) else {
        panic!("no responses")
    };
    assert_eq!(v[0].status, Some(200));
    assert!(
        v[0].body.contains("<title>Guestbook</title>"),
        "{}",
        v[0].body
    );
    let leader = eng::pods_named(&sim, "redis-leader-");
    let (ms, code) = delete_and_time(&mut sim, &leader[0]);
    assert!(ms < 1_500, "took {ms} ms");
    assert_eq!(code, Some(0));
}
