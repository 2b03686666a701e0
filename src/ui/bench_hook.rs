//! In-page benchmarks for `tests/e2e/bench.mjs`:
//! - `?bench=validate` times `manifest::analyze` on a generated bundle and publishes
//!   `window.__podplayBench`. The bundle is never shown in the editor.
//! - `?bench=engine` times the engine: a 1,000-replica StatefulSet from apply to all Ready
//!   (OrderedReady and Parallel) and seeking in a 10-minute, 50-pod run; it publishes
//!   `window.__podplayEngineBench`.
//! - `?bench=scene&pods=N` starts the page on a cluster of N Deployment pods behind a Service,
//!   restarting the rollout whenever it settles and sending traffic, so pods are always being
//!   created, turning Ready and going; `bench.mjs` measures the page's frame times.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsValue;

use crate::session::Session;
use crate::{bench, manifest};

/// Pods in the scene benchmark unless `?pods=N` says otherwise.
pub const SCENE_PODS: usize = 200;

/// Sets the session up for `?bench=scene`.
pub fn prepare_scene(s: &mut Session) {
    if super::browser::query_param("bench").as_deref() != Some("scene") {
        return;
    }
    let n = super::browser::query_param("pods")
        .and_then(|s| s.parse().ok())
        .unwrap_or(SCENE_PODS)
        .clamp(1, 2_000);
    s.start_scene_bench(n);
}

/// Resources in the timed bundle.
pub const N_RESOURCES: usize = 10_000;
/// Runs timed; the best is reported (the first runs absorb JIT tier-up and memory growth), and
/// the median beside it.
pub const N_RUNS: usize = 10;

/// Schedules the benchmark if the page URL asks for it. It starts after a short delay, so the
/// page paints first.
pub fn schedule_if_requested() {
    match super::browser::query_param("bench").as_deref() {
        Some("validate") => {
            Timeout::new(50, run).forget();
        }
        #[cfg(feature = "engine-bench")]
        Some("engine") => {
            Timeout::new(50, engine::run).forget();
        }
        _ => {}
    }
}

fn now_ms() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

fn run() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let text = bench::bundle(N_RESOURCES);
    let mut best_ms = f64::INFINITY;
    let mut runs_ms = Vec::with_capacity(N_RUNS);
    let mut last = None;
    for _ in 0..N_RUNS {
        let Some(start) = now_ms() else { return };
        let analysis = manifest::analyze(&text);
        let Some(end) = now_ms() else { return };
        let ms = end - start;
        runs_ms.push(ms);
        best_ms = best_ms.min(ms);
        last = Some(analysis);
    }
    let (n_objects, n_errors) = last.map_or((0, 0), |a| (a.objects.len(), a.n_errors()));
    #[allow(clippy::cast_precision_loss)] // 10 000 is exact in an f64
    let resources = N_RESOURCES as f64;
    let result = js_sys::Object::new();
    let runs = js_sys::Array::new();
    for ms in &runs_ms {
        runs.push(&JsValue::from_f64(*ms));
    }
    #[allow(clippy::cast_precision_loss)]
    let mut sorted = runs_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let median_ms = sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN);
    let fields: [(&str, JsValue); 8] = [
        ("resources", JsValue::from_f64(resources)),
        ("best_ms", JsValue::from_f64(best_ms)),
        ("median_ms", JsValue::from_f64(median_ms)),
        (
            "resources_per_s",
            JsValue::from_f64(resources / (best_ms / 1000.0)),
        ),
        ("runs_ms", runs.into()),
        ("bytes", JsValue::from_f64(text.len() as f64)),
        ("n_objects", JsValue::from_f64(n_objects as f64)),
        ("n_errors", JsValue::from_f64(n_errors as f64)),
    ];
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&result, &JsValue::from_str(key), &value);
    }
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("__podplayBench"), &result);
}

/// The engine benchmark (built with the `engine-bench` feature only).
#[cfg(feature = "engine-bench")]
mod engine {
    use wasm_bindgen::{JsCast, JsValue};

    use super::now_ms;
    use crate::bench;

    /// Replicas in the engine benchmark's StatefulSet.
    pub const N_REPLICAS: usize = 1000;
    /// Timed runs per policy (the best is reported).
    pub const N_ENGINE_RUNS: usize = 3;

    fn set(obj: &js_sys::Object, key: &str, value: JsValue) {
        let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &value);
    }

    /// WebAssembly memory size in bytes (it only grows, so this is the peak so far).
    fn wasm_memory_bytes() -> f64 {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .ok()
            .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
            .map_or(f64::NAN, |b| f64::from(b.byte_length()))
    }

    #[allow(clippy::cast_precision_loss)] // event counts and times are far below 2^52
    pub fn run() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let result = js_sys::Object::new();
        set(&result, "replicas", JsValue::from_f64(N_REPLICAS as f64));
        for (name, parallel) in [("ordered_ready", false), ("parallel", true)] {
            let mut best_ms = f64::INFINITY;
            let mut last = None;
            for _ in 0..N_ENGINE_RUNS {
                let (mut sim, objects) = bench::stateful_set_setup(N_REPLICAS, parallel);
                let Some(start) = now_ms() else { return };
                let run = bench::stateful_set_run(&mut sim, objects);
                let Some(end) = now_ms() else { return };
                best_ms = best_ms.min(end - start);
                last = Some(run);
            }
            let Some(run) = last else { return };
            let o = js_sys::Object::new();
            set(&o, "best_ms", JsValue::from_f64(best_ms));
            set(&o, "ready_pods", JsValue::from_f64(run.ready_pods as f64));
            set(&o, "events", JsValue::from_f64(run.n_events as f64));
            set(
                &o,
                "events_per_s",
                JsValue::from_f64(run.n_events as f64 / (best_ms / 1000.0)),
            );
            set(
                &o,
                "virtual_s",
                JsValue::from_f64(run.virtual_ms as f64 / 1000.0),
            );
            set(&result, name, o.into());
        }
        let tl = bench::ten_minute_timeline();
        let end = tl.now();
        let n_seeks = 40u64;
        let mut worst: f64 = 0.0;
        let mut total = 0.0;
        for t in bench::seek_moments(end, n_seeks) {
            let Some(start) = now_ms() else { return };
            let sim = tl.state_at(t);
            let Some(stop) = now_ms() else { return };
            drop(sim);
            worst = worst.max(stop - start);
            total += stop - start;
        }
        let seek = js_sys::Object::new();
        set(
            &seek,
            "events",
            JsValue::from_f64(tl.sim().n_events() as f64),
        );
        set(&seek, "worst_ms", JsValue::from_f64(worst));
        set(&seek, "mean_ms", JsValue::from_f64(total / n_seeks as f64));
        set(&result, "seek_10min_50pods", seek.into());
        set(
            &result,
            "wasm_memory_mib",
            JsValue::from_f64(wasm_memory_bytes() / 1_048_576.0),
        );
        let _ = js_sys::Reflect::set(&window, &JsValue::from_str("__podplayEngineBench"), &result);
    }
}
