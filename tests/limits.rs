#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! podplay's pod limit: workloads asking for far more replicas than the simulated cluster
//! holds leave it with at most `MAX_PODS` pods, as many claims, bounded events and trace, one
//! Warning event and one console line, and a console that still answers.

mod common;

use common::console::{console_with, stream};
use podplay::console::{Console, Stream};
use podplay::engine::Simulation;

fn sts(name: &str, replicas: u64, policy: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n    name: web\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n  serviceName: nginx\n  replicas: {replicas}\n  podManagementPolicy: {policy}\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: registry.k8s.io/nginx-slim:0.21\n        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [\"ReadWriteOnce\"]\n      resources:\n        requests:\n          storage: 1Gi\n"
    )
}

fn deployment(replicas: u64) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n"
    )
}

/// One line as `podplay run` runs it (jobs such as `sleep` run to their end): stdout and
/// stderr.
fn line(c: &mut Console, text: &str) -> (String, String) {
    let mut o = c.submit(text);
    o.extend(c.finish());
    (stream(&o, Stream::Out), stream(&o, Stream::Err))
}

fn sim(c: &Console) -> &Simulation {
    c.sim().expect("a cluster")
}

struct Figures {
    pods: usize,
    pvcs: usize,
    pvs: usize,
    events: usize,
    trace: usize,
    trace_total: u64,
    n_events: u64,
    queue: usize,
}

fn figures(c: &Console) -> Figures {
    let s = sim(c);
    Figures {
        pods: s.cluster().pods.len(),
        pvcs: s.cluster().pvcs.len(),
        pvs: s.cluster().pvs.len(),
        events: s.events().iter().count(),
        trace: s.trace().len(),
        trace_total: s.trace().total(),
        n_events: s.n_events(),
        queue: s.upcoming().count(),
    }
}

#[test]
fn probe() {
    for (name, text) in [
        ("deploy", deployment(20_000)),
        ("sts-par", sts("web", 20_000, "Parallel")),
    ] {
        let mut c = console_with("minikube start", &[("w.yaml", text)]);
        let _ = line(&mut c, "kubectl apply -f w.yaml");
        for s in [1, 2, 5, 10, 10, 2] {
            let t0 = std::time::Instant::now();
            let _ = line(&mut c, &format!("sleep {s}"));
            eprintln!("{:?} now {}", t0.elapsed(), sim(&c).now());
            let f = figures(&c);
            eprintln!(
                "{name} t+{s}: pods {} pvcs {} pvs {} events {} trace {} total {} n_events {} queue {}",
                f.pods, f.pvcs, f.pvs, f.events, f.trace, f.trace_total, f.n_events, f.queue
            );
        }
    }
}
