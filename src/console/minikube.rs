//! `minikube start` and `minikube status`: the lines minikube v1.37.0 prints with the docker
//! driver (Kubernetes v1.34.0 is its default). The host line names podplay, since there is no
//! host operating system to report.

use super::{Console, Output};
use crate::engine::simulation::node_name;
use crate::engine::Config;

/// The primary node's part of a fresh start; `{cpus}`, `{memory}` and `{cni}` are filled in.
const START_PRIMARY: &str = "😄  minikube v1.37.0 on podplay
✨  Automatically selected the docker driver
📌  Using Docker driver with root privileges
👍  Starting \"minikube\" primary control-plane node in \"minikube\" cluster
🚜  Pulling base image v0.0.48 ...
🔥  Creating docker container (CPUs={cpus}, Memory={memory}MB) ...
🐳  Preparing Kubernetes v1.34.0 on Docker 28.4.0 ...
    ▪ Generating certificates and keys ...
    ▪ Booting up control plane ...
    ▪ Configuring RBAC rules ...
🔗  Configuring {cni} (Container Networking Interface) ...
🔎  Verifying Kubernetes components...
    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5
🌟  Enabled addons: storage-provisioner, default-storageclass";

/// Each further node (`minikube@v1.37.0:pkg/minikube/node/start.go`: the worker gets the
/// earlier nodes' IPs as NO_PROXY).
const START_WORKER: &str = "
👍  Starting \"{name}\" worker node in \"minikube\" cluster
🚜  Pulling base image v0.0.48 ...
🔥  Creating docker container (CPUs={cpus}, Memory={memory}MB) ...
🌐  Found network options:
    ▪ NO_PROXY={no_proxy}
🐳  Preparing Kubernetes v1.34.0 on Docker 28.4.0 ...
    ▪ env NO_PROXY={no_proxy}
🔎  Verifying Kubernetes components...";

const START_DONE: &str = "🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default";

const START_RUNNING: &str = "😄  minikube v1.37.0 on podplay
✨  Using the docker driver based on existing profile
👍  Starting \"minikube\" primary control-plane node in \"minikube\" cluster
🚜  Pulling base image v0.0.48 ...
🏃  Updating the running docker \"minikube\" container ...
🐳  Preparing Kubernetes v1.34.0 on Docker 28.4.0 ...
🔎  Verifying Kubernetes components...
    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5
🌟  Enabled addons: storage-provisioner, default-storageclass
🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default";

const STATUS_RUNNING: &str = "minikube
type: Control Plane
host: Running
kubelet: Running
apiserver: Running
kubeconfig: Configured
";

// `minikube@v1.36.0:pkg/minikube/mustload/mustload.go` `Partial`: no profile yet.
const STATUS_NONE: &str =
    "🤷  Profile \"minikube\" not found. Run \"minikube profile list\" to view all profiles.
👉  To start a cluster, run: \"minikube start\"";

/// What `minikube start`'s flags ask for.
#[derive(Default)]
struct StartFlags {
    nodes: Option<usize>,
    cpus: Option<u32>,
    memory_mb: Option<u64>,
}

type Setter = fn(&mut StartFlags, &str) -> Option<()>;

/// The `minikube start` flags podplay honours: (long name, shorthand, setter).
const START_FLAGS: &[(&str, Option<&str>, Setter)] = &[
    ("nodes", Some("n"), |f, v| {
        f.nodes = Some(v.parse().ok()?);
        Some(())
    }),
    ("cpus", None, |f, v| {
        f.cpus = Some(v.parse().ok()?);
        Some(())
    }),
    ("memory", None, |f, v| {
        f.memory_mb = Some(memory_mb(v)?);
        Some(())
    }),
];

/// `--memory` as minikube reads it: a number of MB, or with a `m`/`mb`/`g`/`gb` unit
/// (`pkg/util` `CalculateSizeInMB`).
fn memory_mb(v: &str) -> Option<u64> {
    let lower = v.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let n: u64 = digits.parse().ok()?;
    match &lower[digits.len()..] {
        "" | "m" | "mb" => Some(n),
        "g" | "gb" => n.checked_mul(1024),
        _ => None,
    }
}

/// Reads `minikube start`'s arguments, or says what cobra or minikube would refuse.
fn start_flags(args: &[String]) -> Result<StartFlags, String> {
    let mut flags = StartFlags::default();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        let bare = name.trim_start_matches('-');
        let row = START_FLAGS.iter().find(|(long, short, _)| {
            (name.starts_with("--") && bare == *long)
                || (!name.starts_with("--") && Some(bare) == *short)
        });
        // Other flags (`--driver=docker`, `--kubernetes-version`, …) change nothing podplay
        // simulates: they are accepted and ignored, as before these three were read.
        let Some((long, short, set)) = row else {
            continue;
        };
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                args.get(i - 1).cloned().unwrap_or_default()
            }
        };
        if set(&mut flags, &value).is_none() {
            let shown = short.map_or(format!("--{long}"), |s| format!("-{s}, --{long}"));
            return Err(format!(
                "Error: invalid argument \"{value}\" for \"{shown}\" flag\nSee 'minikube start --help' for usage."
            ));
        }
    }
    // `minikube@v1.37.0:cmd/minikube/cmd/start.go` `validateCPUCount` / `validateRequestedMemorySize`.
    if let Some(c) = flags.cpus.filter(|c| *c < 2) {
        return Err(format!("❌  Exiting due to RSRC_INSUFFICIENT_CORES: Requested cpu count {c} is less than the minimum allowed of 2"));
    }
    if let Some(m) = flags.memory_mb.filter(|m| *m < 1800) {
        return Err(format!("❌  Exiting due to RSRC_INSUFFICIENT_REQ_MEMORY: Requested memory allocation {m}MiB is less than the usable minimum of 1800MB"));
    }
    if flags.nodes == Some(0) {
        return Err(
            "❌  Exiting due to MK_USAGE: The number of nodes must be at least 1".to_string(),
        );
    }
    Ok(flags)
}

/// What a fresh `minikube start` prints for the cluster `cfg` describes.
fn start_text(cfg: &Config) -> String {
    let cpus = cfg.node_cpus.to_string();
    let memory = cfg.node_memory_mb.to_string();
    // `pkg/minikube/cni/cni.go` `chooseDefault`: bridge for one node, kindnet ("CNI") for more.
    let cni = if cfg.n_nodes > 1 { "CNI" } else { "bridge CNI" };
    let mut out = START_PRIMARY
        .replace("{cpus}", &cpus)
        .replace("{memory}", &memory)
        .replace("{cni}", cni);
    let mut ips = vec![NODE_IP_BASE.to_string()];
    for i in 1..cfg.n_nodes {
        out.push('\n');
        out.push_str(
            &START_WORKER
                .replace("{name}", &node_name(i))
                .replace("{cpus}", &cpus)
                .replace("{memory}", &memory)
                .replace("{no_proxy}", &ips.join(",")),
        );
        ips.push(format!("192.168.49.{}", 2 + i));
    }
    out.push('\n');
    out.push_str(START_DONE);
    out
}

const NODE_IP_BASE: &str = "192.168.49.2";

/// `minikube status`: one block per node (`type: Worker` nodes have no apiserver).
fn status_text(nodes: &[String]) -> String {
    let blocks: Vec<String> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i == 0 {
                STATUS_RUNNING.replacen("minikube", n, 1)
            } else {
                format!("{n}\ntype: Worker\nhost: Running\nkubelet: Running\n")
            }
        })
        .collect();
    blocks.join("\n")
}

pub fn run(console: &mut Console, args: &[String], out: &mut Output) {
    match args.first().map(String::as_str) {
        Some("start") => match start_flags(args.get(1..).unwrap_or_default()) {
            Err(e) => out.err(&e),
            Ok(flags) => {
                let mut cfg_seen = None;
                let fresh = console.boot(|base| {
                    let mut cfg = match flags.nodes {
                        Some(n) => Config::minikube_nodes(base.seed, n),
                        None => base,
                    };
                    if let Some(c) = flags.cpus {
                        cfg.node_cpus = c;
                    }
                    if let Some(m) = flags.memory_mb {
                        cfg.node_memory_mb = m;
                    }
                    cfg_seen = Some(cfg.clone());
                    cfg
                });
                match cfg_seen.filter(|_| fresh) {
                    Some(cfg) => out.out(&start_text(&cfg)),
                    None => out.out(START_RUNNING),
                }
            }
        },
        Some("status") => match console.sim() {
            Some(sim) => {
                let nodes: Vec<String> = sim.cluster().nodes.keys().cloned().collect();
                out.out(&status_text(&nodes));
            }
            None => out.out(STATUS_NONE),
        },
        Some("ip") => {
            if console.sim().is_some() {
                out.out(NODE_IP_BASE);
            } else {
                out.err(STATUS_NONE);
            }
        }
        Some("service") => service(console, args.get(1..).unwrap_or_default(), out),
        Some(other)
            if super::real::MINIKUBE
                .iter()
                .any(|r| r.command == other && !r.simulated) =>
        {
            out.err(
                &crate::i18n::Msg::new("console.minikube.unsupported")
                    .text(other)
                    .render(console.lang()),
            );
        }
        Some(other) if !other.starts_with('-') => out.err(&format!(
            "Error: unknown command \"{other}\" for \"minikube\"\nRun 'minikube --help' for usage."
        )),
        _ => out.out(
            "minikube provisions and manages local Kubernetes clusters optimized for development workflows.\n\nBasic Commands:\n  start            Starts a local Kubernetes cluster\n  status           Gets the status of a local Kubernetes cluster\n  ip               Retrieves the IP address of the specified node",
        ),
    }
}

/// `minikube service NAME [--url] [-n NS]` with the docker driver on Linux, where the node's
/// address is reachable from the host: one `http://<node IP>:<nodePort>` per port
/// (`minikube@v1.37.0:cmd/minikube/cmd/service.go`, `pkg/minikube/service/service.go`
/// `CheckService`: a Service without node ports has none to show). Without `--url` minikube
/// opens a browser, which podplay cannot.
fn service(console: &Console, args: &[String], out: &mut Output) {
    let Some(sim) = console.sim() else {
        out.err(STATUS_NONE);
        return;
    };
    let mut namespace = "default".to_string();
    let mut url = false;
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--url" | "--url=true" => url = true,
            "-n" | "--namespace" => namespace = it.next().cloned().unwrap_or_default(),
            _ if a.starts_with("--namespace=") => {
                namespace = a.trim_start_matches("--namespace=").to_string();
            }
            _ if a.starts_with('-') => {}
            _ => names.push(a.clone()),
        }
    }
    let Some(name) = names.first() else {
        out.err("❌  Exiting due to MK_USAGE: You must specify service name(s) or --all");
        return;
    };
    let key = crate::engine::Key::new(&namespace, name);
    let Some(svc) = sim.cluster().services.get(&key) else {
        out.err(&format!("❌  Exiting due to SVC_NOT_FOUND: Service '{name}' was not found in '{namespace}' namespace.\nYou may select another namespace by using 'minikube service {name} -n <namespace>'. Or list out all the services using 'minikube service list'"));
        return;
    };
    let urls: Vec<String> = svc
        .spec
        .ports
        .iter()
        .filter_map(|p| p.node_port)
        .map(|port| format!("http://{NODE_IP_BASE}:{port}"))
        .collect();
    if urls.is_empty() {
        out.err(&format!("😿  service {namespace}/{name} has no node port"));
        return;
    }
    if url {
        out.out(&urls.join("\n"));
    } else {
        out.err(
            &crate::i18n::Msg::new("console.minikube.browser")
                .text(name)
                .render(console.lang()),
        );
    }
}
