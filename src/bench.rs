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
}
