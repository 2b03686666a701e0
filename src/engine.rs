//! The cluster: a pure, seeded, bounded discrete-event simulation of a minikube cluster
//! (reference: `shared/k8s-reference.md`). It knows nothing of the DOM or of wall-clock time.
//!
//! - [`simulation::Simulation`]: one world; `exec` a [`command::Command`], `step` one event,
//!   `run_until` a virtual time (bounded).
//! - [`controllers`]: StatefulSet, Deployment, ReplicaSet, scheduler, volume binder, garbage
//!   collector; each returns effects with reasons.
//! - [`lifecycle`]: the pod lifecycle table. [`images`]: what each image does.
//!   [`containers`]: each container's state, as the kubelet reports it. [`network`]: IPAM, DNS, kube-proxy.
//! - [`trace`]: what happened and why; Kubernetes Events. [`invariants`]: what must always hold.
//! - [`timeline`]: seeking back in time.

pub mod cluster;
pub mod command;
pub mod config;
pub mod config_refs;
pub mod containers;
pub mod controllers;
pub mod entrypoint;
pub mod files;
pub mod ids;
pub mod images;
pub mod invariants;
pub mod lifecycle;
pub mod network;
pub mod rng;
pub mod simulation;
pub mod status;
pub mod time;
pub mod timeline;
pub mod trace;

pub use cluster::{Cluster, Key, ObjRef};
pub use command::{ApplyMode, Command, Outcome, Propagation};
pub use config::{Config, ProxyMode};
pub use simulation::Simulation;
pub use time::Time;
pub use timeline::Timeline;
