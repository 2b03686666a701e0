//! Generated workloads for benchmarks: a bundle of many resources shaped like the tutorial's
//! (Services, headless Services, StatefulSets with claim templates, Deployments), and the
//! engine's runs (a large StatefulSet from apply to all Ready; a 10-minute run to seek in).
//! Timing is left to the caller (native or browser clock).

use crate::engine::{ApplyMode, Command, Config, Simulation, Time, Timeline};
use crate::manifest::analyze;
use crate::manifest::objects::Resource;

/// A multi-document YAML bundle with `n` resources, cycling through four shapes.
#[must_use]
pub fn bundle(n: usize) -> String {
    let mut out = String::with_capacity(n * 520);
    for i in 0..n {
        if i > 0 {
            out.push_str("---\n");
        }
        let app = format!("app-{}", i / 4);
        match i % 4 {
            0 => out.push_str(&format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\nspec:\n  selector:\n    app: {app}\n  ports:\n    - protocol: TCP\n      port: 80\n      targetPort: 80\n"
            )),
            1 => out.push_str(&format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: headless-{i}\nspec:\n  ports:\n  - port: 80\n    name: web\n  clusterIP: None\n  selector:\n    app: {app}\n"
            )),
            2 => out.push_str(&format!(
                "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-{i}\nspec:\n  serviceName: \"headless-{}\"\n  replicas: 2\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.19.0\n        ports:\n        - containerPort: 80\n          name: web\n        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [ \"ReadWriteOnce\" ]\n      resources:\n        requests:\n          storage: 1Gi\n",
                i - 1
            )),
            _ => out.push_str(&format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy-{i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.19.0\n        ports:\n        - containerPort: 80\n"
            )),
        }
    }
    out
}

/// Hostile inputs the page must answer quickly with a clear error: (name, text).
#[must_use]
pub fn adversarial() -> Vec<(&'static str, String)> {
    let mut laughs = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for n in 'b'..='j' {
        laughs.push_str(&format!(
            "{n}: &{n} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
        prev = n;
    }
    let deep_flow = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let mut deep_block = String::new();
    for depth in 0..1000 {
        deep_block.push_str(&" ".repeat(depth));
        deep_block.push_str("k:\n");
    }
    // A deterministic pseudo-random byte soup (xorshift), read as the CLI reads files.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let soup: Vec<u8> = (0..1_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    let soup = String::from_utf8_lossy(&soup).into_owned();
    let truncated = {
        let b = bundle(400);
        b[..b.len() / 2 + 7].to_string()
    };
    let oversized = "#".repeat(crate::manifest::yaml::MAX_INPUT_BYTES + 1);
    vec![
        ("billion-laughs", laughs),
        ("deep-flow-nesting", deep_flow),
        ("deep-block-nesting", deep_block),
        ("random-bytes-1MB", soup),
        ("truncated-bundle", truncated),
        ("oversized-input", oversized),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_is_valid_and_complete() {
        // Pins that the benchmark measures real work: every resource parses cleanly.
        let a = crate::manifest::analyze(&bundle(40));
        assert_eq!(a.objects.len(), 40);
        assert_eq!(a.n_errors(), 0, "{:?}", a.diagnostics.first());
    }

    #[test]
    fn adversarial_inputs_end_in_an_error() {
        // Pins that every hostile benchmark input is answered with a diagnostic, not silence.
        for (name, text) in adversarial() {
            let a = crate::manifest::analyze(&text);
            assert!(a.n_errors() > 0, "{name}");
        }
    }
}

/// A StatefulSet of `replicas` nginx pods with a claim template, behind a headless Service.
#[must_use]
pub fn stateful_set(replicas: usize, parallel: bool) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n    name: web\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: {replicas}\n  podManagementPolicy: {}\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.19.0\n        ports:\n        - containerPort: 80\n          name: web\n        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [\"ReadWriteOnce\"]\n      resources:\n        requests:\n          storage: 1Gi\n",
        if parallel { "Parallel" } else { "OrderedReady" }
    )
}

/// What one engine benchmark run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineRun {
    pub n_events: u64,
    pub ready_pods: usize,
    /// Virtual time from apply to all Ready, in milliseconds.
    pub virtual_ms: u64,
}

/// A booted cluster with room for `replicas` pods and the StatefulSet's objects, ready to apply.
#[must_use]
pub fn stateful_set_setup(replicas: usize, parallel: bool) -> (Simulation, Vec<Resource>) {
    let sim = Simulation::new(Config::sized_for(1, replicas));
    (sim, stateful_set_objects(replicas, parallel))
}

fn stateful_set_objects(replicas: usize, parallel: bool) -> Vec<Resource> {
    analyze(&stateful_set(replicas, parallel))
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect()
}

/// As [`stateful_set_setup`], on the page's cluster size: nodes enough for podplay's pod limit
/// and the limit itself ([`crate::manifest::MAX_PODS`]), so a StatefulSet asking for more stops
/// there as it does on the page.
#[must_use]
pub fn stateful_set_setup_capped(replicas: usize, parallel: bool) -> (Simulation, Vec<Resource>) {
    let mut cfg = Config::sized_for(1, crate::manifest::MAX_PODS);
    cfg.max_pods = crate::manifest::MAX_PODS;
    (
        Simulation::new(cfg),
        stateful_set_objects(replicas, parallel),
    )
}

/// Applies the objects and runs until every pod is Ready (what the benchmark times).
pub fn stateful_set_run(sim: &mut Simulation, objects: Vec<Resource>) -> EngineRun {
    let start = sim.now();
    let events_before = sim.n_events();
    sim.exec(Command::Apply {
        objects,
        mode: ApplyMode::Apply,
    });
    sim.run_until_idle(24 * 3_600_000, 10_000_000);
    let ready_pods = sim
        .cluster()
        .pods
        .values()
        .filter(|p| p.meta.namespace == "default" && p.is_healthy())
        .count();
    EngineRun {
        n_events: sim.n_events() - events_before,
        ready_pods,
        virtual_ms: sim.now().ms() - start.ms(),
    }
}

/// A 10-minute run of the tutorial with 50 pods (a 48-replica StatefulSet and the Deployment's
/// 2), with deletions and scaling along the way: the scrub bar's worst case.
#[must_use]
pub fn ten_minute_timeline() -> Timeline {
    let mut tl = Timeline::new(Config::minikube(7), 30_000);
    let start = tl.now();
    let mut text = crate::examples::all_together();
    text = text.replace("replicas: 2 # 파드를 2개 생성", "replicas: 48");
    let objects = analyze(&text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect();
    tl.exec(Command::Apply {
        objects,
        mode: ApplyMode::Apply,
    });
    for minute in 1..=10u64 {
        tl.advance_to(start.plus_ms(minute * 60_000));
        let victim = format!("web-{}", minute * 3);
        tl.exec(Command::Delete {
            kind: crate::manifest::objects::Kind::Pod,
            key: crate::engine::Key::new("default", &victim),
            propagation: crate::engine::Propagation::Background,
            grace_s: None,
            force: false,
        });
    }
    tl.advance_to(start.plus_ms(10 * 60_000));
    tl
}

/// The page's scene benchmark cluster: `n` nginx pods of Deployment `bench` behind Service
/// `bench`, all Ready, on one node allowed to hold them.
#[must_use]
pub fn scene_cluster(n: usize) -> Simulation {
    let mut cfg = Config::minikube(1);
    cfg.max_pods_per_node = n * 2 + 50;
    cfg.max_pods = cfg.max_pods.max(n * 2 + 200);
    let mut sim = Simulation::new(cfg);
    let text = format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: bench\nspec:\n  selector:\n    app: bench\n  ports:\n  - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bench\nspec:\n  replicas: {n}\n  selector:\n    matchLabels:\n      app: bench\n  template:\n    metadata:\n      labels:\n        app: bench\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.19.0\n"
    );
    let objects = analyze(&text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect();
    sim.exec(Command::Apply {
        objects,
        mode: ApplyMode::Apply,
    });
    sim.run_until_idle(3_600_000, 5_000_000);
    sim
}

/// `n` moments spread over `0..=end` in a scattered order, for timing seeks.
#[must_use]
pub fn seek_moments(end: Time, n: u64) -> Vec<Time> {
    let n = n.max(1);
    (0..n)
        .map(|i| Time(end.ms() * (i * 37 % n + 1) / n))
        .collect()
}
