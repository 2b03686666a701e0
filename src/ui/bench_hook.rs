//! `?bench=validate`: times `manifest::analyze` on a generated bundle inside the page and
//! publishes the figures as `window.__podplayBench` for `tests/e2e/bench.mjs`. The bundle is
//! never shown in the editor.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsValue;

use crate::{bench, manifest};

/// Resources in the timed bundle.
pub const N_RESOURCES: usize = 10_000;
/// Runs timed; the best is reported (the first runs absorb JIT tier-up and memory growth), and
/// the median beside it.
pub const N_RUNS: usize = 10;

/// Schedules the benchmark if the page URL asks for it. It starts after a short delay, so the
/// page paints first.
pub fn schedule_if_requested() {
    if super::browser::query_param("bench").as_deref() == Some("validate") {
        Timeout::new(50, run).forget();
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
