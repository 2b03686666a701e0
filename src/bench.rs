//! Generated workloads for benchmarks: a bundle of many resources shaped like the tutorial's
//! (Services, headless Services, StatefulSets with claim templates, Deployments).

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
