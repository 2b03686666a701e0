//! podplay: a Kubernetes playground that runs in the browser.
//!
//! Crate map (data flows left to right):
//! - [`manifest`]: YAML text → typed objects with defaults, diagnostics with line:col (pure).
//! - [`i18n`]: the one English/Korean table every user-visible string comes from (pure).
//! - [`engine`]: the simulated minikube cluster: controllers, pod lifecycle, storage,
//!   Services, DNS, kube-proxy; deterministic in virtual time (pure).
//! - [`console`]: kubectl / minikube / busybox commands against the engine, printed exactly as
//!   the real tools print them (pure).
//! - [`view_model`]: engine state → a drawable scene, motion, explanations, the side-by-side
//!   comparison (pure).
//! - [`bench`]: generated bundles for `make bench` (pure).
//! - [`examples`]: the tutorial's manifests, shipped in the binary (pure).
//! - `cli` (native): `podplay validate FILE...`, `podplay bench`.
//! - `ui` (wasm32): the Yew page.

pub mod bench;
pub mod console;
pub mod engine;
pub mod examples;
pub mod i18n;
pub mod manifest;
pub mod session;
pub mod view_model;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
