//! `kubectl exec` and `kubectl run` (`kubectl@1.34:pkg/cmd/exec/exec.go`,
//! `pkg/cmd/run/run.go`, `pkg/cmd/attach/attach.go`). Both end in the container shell of
//! [`super::shell`]: `exec -it POD -- sh` and `run -it … -- sh` open an interactive session.

use std::collections::BTreeMap;

use crate::engine::cluster::Pod;
use crate::engine::command::{ApiError, Applied};
use crate::engine::{ApplyMode, Command, Key, Outcome, Simulation, Time};
use crate::manifest::objects::{self as m, Resource};

use super::kubectl::{self, namespace};
use super::objects;
use super::parse::{flag, Args, FlagSpec};
use super::shell::{self, Ending, Session};
use super::{Ctx, Job, Output, Poll};
use crate::engine::containers;
use crate::engine::images::{self, ImageTraits};

const EXEC_FLAGS: &[FlagSpec] = &[
    flag("container", Some('c'), true),
    flag("stdin", Some('i'), false),
    flag("tty", Some('t'), false),
    flag("quiet", Some('q'), false),
    flag("pod-running-timeout", None, true),
];

const RUN_FLAGS: &[FlagSpec] = &[
    flag("image", None, true),
    flag("restart", None, true),
    flag("stdin", Some('i'), false),
    flag("tty", Some('t'), false),
    flag("rm", None, false),
    flag("labels", Some('l'), true),
    flag("env", None, true),
    flag("annotations", None, true),
    flag("command", None, false),
    flag("attach", None, false),
    flag("quiet", Some('q'), false),
    flag("port", None, true),
    flag("image-pull-policy", None, true),
    flag("pod-running-timeout", None, true),
    flag("dry-run", None, true),
];

/// `--pod-running-timeout` default (`defaultPodAttachTimeout`, 1m).
const ATTACH_TIMEOUT_MS: u64 = 60_000;

/// `kubectl exec POD [-c C] [-i] [-t] -- CMD ARGS...`.
pub fn exec(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let args = kubectl::flags(words, "exec", EXEC_FLAGS, out)?;
    let ns = namespace(&args);
    let Some(target) = args.positional.first() else {
        out.err("error: pod, type/name or --filename must be specified");
        return None;
    };
    let Some(argv) = args.command.clone() else {
        if args.positional.len() > 1 {
            out.err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
        } else {
            out.err("error: you must specify at least one command for the container");
        }
        return None;
    };
    if argv.is_empty() {
        out.err("error: you must specify at least one command for the container");
        return None;
    }
    let (pod, _) = objects::pod_for(ctx.sim, target, &ns, out, |r| {
        format!(
            "error: cannot attach to *v1.{}: selector for *v1.{} not implemented",
            r.kind_name(),
            r.kind_name()
        )
    })?;
    let key = pod.meta.key();
    let stdin = args.bool("stdin");
    let tty = args.bool("tty") && stdin;
    let container = container_for(
        ctx.sim,
        &key,
        args.value("container"),
        args.bool("quiet"),
        out,
    )?;
    if !reachable(ctx.sim, &key, &container, out) {
        return None;
    }
    let image = images::traits(pod_image(ctx.sim, &key));
    let program = &argv[0];
    if let Some(kind) = shell::shell_for(image, program) {
        let reads_script = argv[1..].iter().any(|a| a == "-c" || !a.starts_with('-'));
        if !reads_script {
            if stdin {
                let host = hostname(ctx.sim, &key);
                return Some(Box::new(Opened(Some(Session::new(
                    key,
                    &container,
                    &host,
                    kind,
                    program,
                    tty,
                    Ending::Exec,
                )))));
            }
            // No stdin: the shell reads end-of-file and exits at once.
            return None;
        }
    }
    if let Some(kind) = image.program(program) {
        let (_, note) =
            shell::procs::app_program(kind, program, pod_image(ctx.sim, &key), ctx.lang);
        if let Some(n) = note {
            out.err(&n);
        }
        return None;
    }
    match shell::run_argv(ctx.sim, &key, &argv, tty, out) {
        Some(ran) => {
            if ran.status != 0 {
                out.err(&format!("command terminated with exit code {}", ran.status));
            }
        }
        None => {
            // The docker runtime's answer (reference §9.6): a bare name is looked up on $PATH,
            // a path is stat'ed.
            let why = if program.contains('/') {
                format!("exec: \"{program}\": stat {program}: no such file or directory")
            } else {
                format!("exec: \"{program}\": executable file not found in $PATH")
            };
            out.err(&format!(
                "OCI runtime exec failed: exec failed: unable to start container process: {why}: unknown\ncommand terminated with exit code 126"
            ));
        }
    }
    None
}

/// A job whose only work is to hand over a session on its first poll.
struct Opened(Option<Session>);

impl Job for Opened {
    fn poll(&mut self, _: &mut Simulation, _: &mut Output) -> Poll {
        match self.0.take() {
            Some(s) => Poll::Shell(s),
            None => Poll::Done,
        }
    }
}

fn pod_image<'a>(sim: &'a Simulation, key: &Key) -> &'a str {
    sim.cluster().pods.get(key).map_or("", Pod::image)
}

fn hostname(sim: &Simulation, key: &Key) -> String {
    sim.cluster()
        .pods
        .get(key)
        .and_then(|p| p.spec.hostname.clone())
        .unwrap_or_else(|| key.name.clone())
}

/// The container to exec into (`podcmd.FindOrDefaultContainerByName`).
fn container_for(
    sim: &Simulation,
    key: &Key,
    wanted: Option<&str>,
    quiet: bool,
    out: &mut Output,
) -> Option<String> {
    let pod = sim.cluster().pods.get(key)?;
    let phase = pod.phase();
    if pod.is_terminal() {
        out.err(&format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            phase.name()
        ));
        return None;
    }
    let names: Vec<&str> = pod
        .spec
        .containers
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    if let Some(w) = wanted {
        // `podcmd.FindContainerByName`: app containers, then init containers.
        if names.contains(&w) || pod.spec.init_containers.iter().any(|c| c.name == w) {
            return Some(w.to_string());
        }
        out.err(&format!(
            "error: container {w} not found in pod {}",
            key.name
        ));
        return None;
    }
    let first = names.first()?.to_string();
    if !quiet {
        defaulted_note(pod, out);
    }
    Some(first)
}

/// `podcmd.FindOrDefaultContainerByName`'s note when the first container is taken from
/// several: `Defaulted container "mysql" out of: mysql, xtrabackup, init-mysql (init)`
/// (kubernetes/kubectl pkg/cmd/util/podcmd/podcmd.go `AllContainerNames`).
pub(crate) fn defaulted_note(pod: &Pod, out: &mut Output) {
    let spec = &pod.spec;
    if spec.containers.len() < 2 && spec.init_containers.is_empty() {
        return;
    }
    let names: Vec<String> = spec
        .containers
        .iter()
        .map(|c| c.name.clone())
        .chain(
            spec.init_containers
                .iter()
                .map(|c| format!("{} (init)", c.name)),
        )
        .collect();
    let first = spec.containers.first().map_or("", |c| c.name.as_str());
    out.err(&format!(
        "Defaulted container \"{first}\" out of: {}",
        names.join(", ")
    ));
}

/// The apiserver's and kubelet's checks before a stream opens (reference §9.6).
fn reachable(sim: &Simulation, key: &Key, container: &str, out: &mut Output) -> bool {
    let Some(pod) = sim.cluster().pods.get(key) else {
        return false;
    };
    if pod.spec.node_name.is_none() {
        kubectl::api_error(
            out,
            &ApiError::BadRequest(format!("pod {} does not have a host assigned", key.name)),
        );
        return false;
    }
    // An init container runs only between its start and its end.
    let running = match pod
        .spec
        .init_containers
        .iter()
        .position(|c| c.name == container)
    {
        Some(i) => containers::init_statuses(pod)
            .get(i)
            .is_some_and(containers::Status::started),
        None => pod.container_running(),
    };
    if !running {
        out.err(&format!(
            "error: unable to upgrade connection: container not found (\"{container}\")"
        ));
        return false;
    }
    true
}

/// `kubectl run NAME --image=IMG [...] [-- CMD ARGS...]`.
pub fn run(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let args = kubectl::flags(words, "run", RUN_FLAGS, out)?;
    let ns = namespace(&args);
    // cobra checks required flags before the command runs.
    let Some(image) = args.value("image").map(str::to_string) else {
        out.err("error: required flag(s) \"image\" not set");
        return None;
    };
    let Some(name) = args.positional.first().cloned() else {
        out.err("error: NAME is required for run");
        return None;
    };
    if image.is_empty() {
        out.err("error: --image is required");
        return None;
    }
    let stdin = args.bool("stdin");
    let tty = args.bool("tty");
    let attach = if args.has("attach") {
        args.bool("attach")
    } else {
        stdin
    };
    let remove = args.bool("rm");
    let restart = args.value("restart").unwrap_or("Always").to_string();
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        out.err(&format!(
            "error: invalid restart policy: {restart}, valid values are: Always, OnFailure, Never"
        ));
        return None;
    }
    if tty && !stdin {
        out.err("error: -i/--stdin is required for containers with -t/--tty=true");
        return None;
    }
    if !attach && remove {
        out.err("error: --rm should only be used for attached containers");
        return None;
    }
    let dry_run = args
        .value("dry-run")
        .filter(|v| *v != "none")
        .map(str::to_string);
    if attach && dry_run.is_some() {
        out.err("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
        return None;
    }
    let labels = run_labels(&args, &name, out)?;
    let container = run_container(&args, &name, &image, out)?;
    let command = args.command.clone().unwrap_or_default();
    let pod = m::Pod {
        metadata: m::ObjectMeta {
            name: Some(name.clone()),
            namespace: Some(ns.clone()),
            labels,
            ..m::ObjectMeta::default()
        },
        spec: m::PodSpec {
            containers: vec![container],
            dns_policy: Some("ClusterFirst".to_string()),
            restart_policy: Some(restart.clone()),
            ..m::PodSpec::default()
        },
    };
    if let Some(mode) = dry_run {
        let suffix = if mode == "server" {
            " (server dry run)"
        } else {
            " (dry run)"
        };
        out.out(&format!("pod/{name} created{suffix}"));
        return None;
    }
    create_pod(ctx, pod, out)?;
    let key = Key::new(&ns, &name);
    if !attach {
        out.out(&format!("pod/{name} created"));
        return None;
    }
    // The process the container runs: args (or command) after `--`, else the image's CMD.
    let flavor = images::traits(&image);
    let process: Vec<String> = if command.is_empty() {
        if flavor.shell_cmd {
            vec!["sh".to_string()]
        } else {
            Vec::new()
        }
    } else {
        command
    };
    let timeout = args
        .value("pod-running-timeout")
        .and_then(kubectl::duration_ms)
        .unwrap_or(ATTACH_TIMEOUT_MS);
    Some(Box::new(Attach {
        key,
        flavor,
        process,
        stdin,
        tty,
        remove,
        reattach: restart == "Always" && tty && stdin,
        quiet: args.bool("quiet"),
        deadline: ctx.sim.now().plus_ms(timeout),
    }))
}

/// `kubectl run --labels` (`parseLabels`): `k=v,…`, `run=NAME` without any; `None` after an
/// error for a malformed pair.
fn run_labels(args: &Args, name: &str, out: &mut Output) -> Option<BTreeMap<String, String>> {
    let mut labels = BTreeMap::new();
    if let Some(l) = args.value("labels").filter(|l| !l.is_empty()) {
        for spec in l.split(',') {
            let parts: Vec<&str> = spec.split('=').collect();
            if parts.len() != 2 {
                out.err(&format!("error: unexpected label spec: {spec}"));
                return None;
            }
            if parts[0].is_empty() {
                out.err("error: unexpected empty label key");
                return None;
            }
            labels.insert(parts[0].to_string(), parts[1].to_string());
        }
    }
    if labels.is_empty() {
        labels.insert("run".to_string(), name.to_string());
    }
    Some(labels)
}

/// The one container of `kubectl run`: `--env` (`parseEnvs`), `--port`, `--image-pull-policy`,
/// `-i`/`-t`, and the words after `--` as its args (or command with `--command`).
fn run_container(args: &Args, name: &str, image: &str, out: &mut Output) -> Option<m::Container> {
    let mut env = Vec::new();
    for e in args.values("env") {
        match e.split_once('=') {
            Some((k, v)) if !k.is_empty() => env.push(m::EnvVar {
                name: k.to_string(),
                value: Some(v.to_string()),
                value_from: None,
            }),
            _ => {
                out.err(&format!("error: invalid env: {e}"));
                return None;
            }
        }
    }
    let stdin = args.bool("stdin");
    let command = args.command.clone().unwrap_or_default();
    let mut container = m::Container {
        name: name.to_string(),
        image: Some(image.to_string()),
        env,
        stdin,
        stdin_once: stdin,
        tty: args.bool("tty"),
        ..m::Container::default()
    };
    if let Some(p) = args.value("port").and_then(|p| p.parse::<i64>().ok()) {
        container.ports = vec![m::ContainerPort {
            container_port: p,
            ..m::ContainerPort::default()
        }];
    }
    if let Some(p) = args.value("image-pull-policy") {
        container.image_pull_policy = Some(p.to_string());
    }
    if !command.is_empty() {
        if args.bool("command") {
            container.command = command;
        } else {
            container.args = command;
        }
    }
    Some(container)
}

/// Creates the pod of `kubectl run`; `None` after printing the apiserver's error.
fn create_pod(ctx: &mut Ctx<'_>, pod: m::Pod, out: &mut Output) -> Option<()> {
    let outcome = ctx.sim.exec(Command::Apply {
        objects: vec![Resource::Pod(pod)],
        mode: ApplyMode::Create,
    });
    let applied: Vec<Applied> = match outcome {
        Outcome::Applied(a) => a,
        Outcome::Failed(e) => {
            kubectl::api_error(out, &e);
            return None;
        }
        _ => Vec::new(),
    };
    for a in &applied {
        if let Err(e) = &a.result {
            kubectl::api_error(out, e);
            return None;
        }
    }
    Some(())
}

/// `kubectl run -i`: waits for the pod to run and be ready, then attaches.
struct Attach {
    key: Key,
    /// The image's row (which shells exist).
    flavor: &'static ImageTraits,
    process: Vec<String>,
    stdin: bool,
    tty: bool,
    remove: bool,
    reattach: bool,
    quiet: bool,
    deadline: Time,
}

impl Attach {
    fn attach(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        if !self.quiet {
            // `attach.go` Run (stderr), printed before the stream opens.
            out.err("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.");
        }
        let program = self.process.first().cloned().unwrap_or_default();
        if let Some(kind) = shell::shell_for(self.flavor, &program) {
            let reads_script = self.process[1..]
                .iter()
                .any(|a| a == "-c" || !a.starts_with('-'));
            if !reads_script && self.stdin {
                let host = hostname(sim, &self.key);
                return Poll::Shell(Session::new(
                    self.key.clone(),
                    &self.key.name,
                    &host,
                    kind,
                    &program,
                    self.tty,
                    Ending::Attach {
                        remove: self.remove,
                        reattach: self.reattach,
                    },
                ));
            }
        }
        // The one-shot command runs to its end; `None`: the image has no such program, so the
        // container could not start it (kubectl then shows nothing attached).
        let ended = if self.process.is_empty() {
            None
        } else {
            shell::run_argv(sim, &self.key, &self.process, self.tty, out).map(|r| r.status)
        };
        if self.reattach {
            out.out(&format!(
                "Session ended, resume using 'kubectl attach {} -c {} -i -t' command when the pod is running",
                self.key.name, self.key.name
            ));
        }
        if self.remove {
            shell::delete_pod(sim, &self.key, ended, out);
        }
        Poll::Done
    }

    fn give_up(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        // `removeCreatedObjects` is deferred, so the delete line comes before the error.
        if self.remove {
            shell::delete_pod(sim, &self.key, None, out);
        }
        out.err("error: timed out waiting for the condition");
        Poll::Done
    }
}

impl Job for Attach {
    fn poll(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        let Some(pod) = sim.cluster().pods.get(&self.key) else {
            out.err(&format!(
                "Error from server (NotFound): pods \"{}\" not found",
                self.key.name
            ));
            return Poll::Done;
        };
        if pod.is_ready() && pod.container_running() && !pod.is_terminating() {
            return self.attach(sim, out);
        }
        Poll::Pending
    }

    fn deadline(&self) -> Option<Time> {
        Some(self.deadline)
    }

    fn expire(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        self.give_up(sim, out)
    }

    fn settle(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        sim.run_until(self.deadline, 1);
        self.give_up(sim, out)
    }

    fn interrupt(&mut self, sim: &mut Simulation, out: &mut Output) -> Poll {
        if self.remove {
            shell::delete_pod(sim, &self.key, None, out);
        }
        Poll::Done
    }
}
