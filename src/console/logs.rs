//! `kubectl logs`: what a container wrote to stdout and stderr. nginx images print the
//! entrypoint's configuration lines (nginxinc/docker-nginx `docker-entrypoint.sh`,
//! `10-listen-on-ipv6-by-default.sh` and `20-envsubst-on-templates.sh` as nginx:1.19.0 ships
//! them) and one access-log line per request in the official image's `log_format main`; other
//! images print nothing. Errors follow the apiserver and kubelet (`k/k:pkg/registry/core/pod/
//! strategy.go` `LogLocation`, `pkg/kubelet/kubelet_pods.go` `validateContainerLogStatus`).

use crate::engine::cluster::Pod;
use crate::engine::command::ApiError;
use crate::engine::images;
use crate::engine::lifecycle::Stage;
use crate::engine::time::civil;
use crate::engine::Simulation;

use super::kubectl::{api_error, flags, namespace};
use super::objects;
use super::parse::{flag, FlagSpec};
use super::selector::Selector;
use super::{Ctx, Output};

const FLAGS: &[FlagSpec] = &[
    flag("follow", Some('f'), false),
    flag("previous", Some('p'), false),
    flag("container", Some('c'), true),
    flag("tail", None, true),
    flag("timestamps", None, false),
    flag("selector", Some('l'), true),
    flag("all-containers", None, false),
    flag("prefix", None, false),
    flag("since", None, true),
    flag("pod-running-timeout", None, true),
];

const USAGE: &str = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

/// The entrypoint lines of nginx:1.19.0 (the image copies `10-listen-on-ipv6-by-default.sh` and
/// `20-envsubst-on-templates.sh` into `/docker-entrypoint.d/`; without templates the second
/// prints nothing; the image's `error_log ... warn` keeps nginx's own notices out).
const NGINX_START: &[&str] = &[
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
];

/// nginx `$time_local`: `25/Nov/2025:10:00:00 +0000`.
fn time_local(sim: &Simulation, t: crate::engine::Time) -> String {
    let unix = sim.config().epoch_unix_s + i64::try_from(t.ms() / 1000).unwrap_or(0);
    let (y, mo, d, h, mi, s) = civil(unix);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mon = MONTHS[usize::try_from(mo.saturating_sub(1)).unwrap_or(0).min(11)];
    format!("{d:02}/{mon}/{y:04}:{h:02}:{mi:02}:{s:02} +0000")
}

/// The lines the pod's container has written so far.
#[must_use]
pub fn lines(sim: &Simulation, pod: &Pod) -> Vec<String> {
    if let Some(v) = crate::engine::entrypoint::logs(pod, sim.now(), sim.config().epoch_unix_s) {
        return v;
    }
    if !images::traits(pod.image()).access_log || pod.status.started_at.is_none() {
        return Vec::new();
    }
    let mut v: Vec<String> = NGINX_START.iter().map(|s| (*s).to_string()).collect();
    for a in &pod.access_log {
        // log_format main: '$remote_addr - $remote_user [$time_local] "$request" '
        // '$status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"'
        let agent = if a.user_agent.is_empty() {
            "Wget"
        } else {
            a.user_agent.as_str()
        };
        v.push(format!(
            "{} - - [{}] \"{} {} HTTP/1.1\" {} {} \"-\" \"{agent}\" \"-\"",
            a.client_ip,
            time_local(sim, a.time),
            a.method,
            a.path,
            a.status,
            a.bytes
        ));
    }
    v
}

/// The log lines of `pod`'s container, or the error the apiserver or kubelet returns.
fn logs_of(
    sim: &Simulation,
    pod: &Pod,
    container: Option<&str>,
    previous: bool,
) -> Result<Vec<String>, String> {
    let name = match container {
        Some(c) => {
            if !pod
                .spec
                .containers
                .iter()
                .chain(&pod.spec.init_containers)
                .any(|x| x.name == c)
            {
                return Err(format!(
                    "container {c} is not valid for pod {}",
                    pod.meta.name
                ));
            }
            c.to_string()
        }
        None => pod
            .spec
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    };
    let pod_name = &pod.meta.name;
    if pod.spec.node_name.is_none() {
        // LogLocation: no host yet, an empty stream.
        return Ok(Vec::new());
    }
    if previous {
        return Err(format!(
            "previous terminated container \"{name}\" in pod \"{pod_name}\" not found"
        ));
    }
    match pod.status.stage {
        Stage::Scheduled => Err(format!(
            "pod \"{pod_name}\" cannot be found - no logs available"
        )),
        _ if pod.status.started_at.is_some() => {
            let first = pod.spec.containers.first().map(|c| c.name.as_str());
            Ok(if first == Some(name.as_str()) {
                lines(sim, pod)
            } else {
                Vec::new()
            })
        }
        Stage::Exited | Stage::Killed => Err(format!(
            "container \"{name}\" in pod \"{pod_name}\" is terminated"
        )),
        _ => Err(format!(
            "container \"{name}\" in pod \"{pod_name}\" is waiting to start: ContainerCreating"
        )),
    }
}

pub fn run(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) {
    let Some(args) = flags(words, "logs", FLAGS, out) else {
        return;
    };
    let sim: &Simulation = ctx.sim;
    let ns = namespace(&args);
    let tail = match args.value("tail").map(str::parse::<i64>) {
        None => -1,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            let v = args.value("tail").unwrap_or_default();
            super::kubectl::usage_error(out, "logs", &format!("invalid argument \"{v}\" for \"--tail\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"));
            return;
        }
    };
    let container = args.value("container");
    let previous = args.bool("previous");
    let mut pods: Vec<&Pod> = Vec::new();
    if let Some(sel) = args.value("selector") {
        if !args.positional.is_empty() {
            out.err("error: only a selector (-l) or a POD name is allowed");
            return;
        }
        let sel = match Selector::parse(sel) {
            Ok(s) => s,
            Err(e) => {
                out.err(&format!("error: {e}"));
                return;
            }
        };
        pods = sim
            .cluster()
            .pods
            .values()
            .filter(|p| p.meta.namespace == ns && sel.matches(&p.meta.labels))
            .collect();
        if pods.is_empty() {
            out.err(&format!("No resources found in {ns} namespace."));
            return;
        }
    } else {
        let Some(word) = args.positional.first() else {
            out.err(USAGE);
            return;
        };
        // `kubectl logs POD CONTAINER` is the old spelling of `-c`.
        let word = word.clone();
        let Some((p, n)) = objects::pod_for(sim, &word, &ns, out, |r| {
            format!("error: cannot get the logs from {}", r.singular_qualified())
        }) else {
            return;
        };
        if n > 1 {
            out.err(&format!("Found {n} pods, using pod/{}", p.meta.name));
        }
        pods.push(p);
    }
    let container = container.or_else(|| args.positional.get(1).map(String::as_str));
    for pod in pods {
        if container.is_none() {
            super::exec::defaulted_note(pod, out);
        }
        match logs_of(sim, pod, container, previous) {
            Ok(mut lines) => {
                if tail >= 0 {
                    let keep = usize::try_from(tail).unwrap_or(0);
                    let skip = lines.len().saturating_sub(keep);
                    lines.drain(..skip);
                }
                let prefix = args.bool("prefix").then(|| {
                    let c = container.map_or_else(
                        || {
                            pod.spec
                                .containers
                                .first()
                                .map(|c| c.name.clone())
                                .unwrap_or_default()
                        },
                        ToString::to_string,
                    );
                    format!("[pod/{}/{c}] ", pod.meta.name)
                });
                for l in lines {
                    out.out(&format!("{}{l}", prefix.as_deref().unwrap_or("")));
                }
            }
            Err(e) => api_error(out, &ApiError::BadRequest(e)),
        }
    }
    if args.bool("follow") {
        // Real kubectl keeps streaming; podplay prints what was written so far and says so.
        out.err(&crate::i18n::Msg::new("console.logs.follow").render(ctx.lang));
    }
}
