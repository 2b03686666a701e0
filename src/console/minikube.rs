//! `minikube start` and `minikube status`: the lines minikube v1.37.0 prints with the docker
//! driver (Kubernetes v1.34.0 is its default). The host line names podplay, since there is no
//! host operating system to report.

use super::{Console, Output};

const START_FRESH: &str = "😄  minikube v1.37.0 on podplay
✨  Automatically selected the docker driver
📌  Using Docker driver with root privileges
👍  Starting \"minikube\" primary control-plane node in \"minikube\" cluster
🚜  Pulling base image v0.0.48 ...
🔥  Creating docker container (CPUs=2, Memory=3900MB) ...
🐳  Preparing Kubernetes v1.34.0 on Docker 28.4.0 ...
    ▪ Generating certificates and keys ...
    ▪ Booting up control plane ...
    ▪ Configuring RBAC rules ...
🔗  Configuring bridge CNI (Container Networking Interface) ...
🔎  Verifying Kubernetes components...
    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5
🌟  Enabled addons: storage-provisioner, default-storageclass
🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default";

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

pub fn run(console: &mut Console, args: &[String], out: &mut Output) {
    match args.first().map(String::as_str) {
        Some("start") => {
            if console.boot() {
                out.out(START_FRESH);
            } else {
                out.out(START_RUNNING);
            }
        }
        Some("status") => {
            if console.sim().is_some() {
                out.out(STATUS_RUNNING);
            } else {
                out.out(STATUS_NONE);
            }
        }
        Some("ip") => {
            if console.sim().is_some() {
                out.out("192.168.49.2");
            } else {
                out.err(STATUS_NONE);
            }
        }
        Some(other) if !other.starts_with('-') => out.err(&format!(
            "Error: unknown command \"{other}\" for \"minikube\"\nRun 'minikube --help' for usage."
        )),
        _ => out.out(
            "minikube provisions and manages local Kubernetes clusters optimized for development workflows.\n\nBasic Commands:\n  start            Starts a local Kubernetes cluster\n  status           Gets the status of a local Kubernetes cluster\n  ip               Retrieves the IP address of the specified node",
        ),
    }
}
