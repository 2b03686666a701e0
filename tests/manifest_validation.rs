//! What the apiserver rejects, in its words, at the line and column that cause it; and what it
//! accepts but the cluster will trip over, as warnings that say what will happen.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{deploy_with, errors, sts_with, warnings};
use podplay::i18n::Lang;
use podplay::manifest::{analyze, analyze_sources, Analysis, Code, Source};

#[test]
fn typo_in_a_field_name_is_an_unknown_field_with_a_hint() {
    // Pins strict field validation: full path, line:col of the key, did-you-mean.
    let text = sts_with("replicas: 2", "replica: 2");
    assert_eq!(
        errors(&text),
        vec![
            "7:3: StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\" (did you mean `replicas`?)"
        ]
    );
}

#[test]
fn every_unknown_field_is_reported_not_just_the_first() {
    // Pins that strict decoding collects all unknown fields, deep ones included.
    let text = sts_with(
        "image: nginx:1.19.0",
        "image: nginx:1.19.0\n        imagePullPolice: Always",
    );
    let text = text.replacen("serviceName:", "servicename:", 1);
    let errs = errors(&text);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].starts_with("6:3: StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.servicename\" (did you mean `serviceName`?)"), "{}", errs[0]);
    assert!(errs[1].starts_with("19:9: ") && errs[1].contains("unknown field \"spec.template.spec.containers[0].imagePullPolice\" (did you mean `imagePullPolicy`?)"), "{}", errs[1]);
}

#[test]
fn wrong_types_are_go_unmarshal_errors() {
    // Pins `replicas: two` with Go's words, at the value.
    let text = sts_with("replicas: 2", "replicas: two");
    assert_eq!(
        errors(&text),
        vec!["7:13: StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"]
    );
}

#[test]
fn selector_that_does_not_match_template_labels() {
    // Pins the reference's example message (1.34 JSON value) at the labels key.
    let text = sts_with(
        "        app: nginx # Headless",
        "        app: web # Headless",
    );
    assert_eq!(
        errors(&text),
        vec!["13:7: StatefulSet.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`"]
    );
}

#[test]
fn missing_selector_gives_both_apiserver_causes() {
    // Pins the two causes of a nil selector in apps/v1.
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    assert_eq!(
        errors(text),
        vec![
            "5:1: Deployment.apps \"d\" is invalid: spec.selector: Required value",
            "8:7: Deployment.apps \"d\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"x\"}: `selector` does not match template `labels`",
        ]
    );
}

#[test]
fn names_follow_each_kinds_rule() {
    // Pins DNS-1123 label for StatefulSets, DNS-1035 for Services, subdomain for Deployments.
    let sts = sts_with("name: web", "name: Web");
    assert_eq!(
        errors(&sts),
        vec!["4:3: StatefulSet.apps \"Web\" is invalid: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
    );
    let dotted = sts_with("name: web", "name: web.v1");
    assert!(errors(&dotted)[0]
        .ends_with("metadata.name: Invalid value: \"web.v1\": must not contain dots"));
    let svc = podplay::examples::HEADLESS_SERVICE.replacen("name: nginx", "name: 1nginx", 1);
    assert_eq!(
        errors(&svc),
        vec!["4:3: Service \"1nginx\" is invalid: metadata.name: Invalid value: \"1nginx\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]
    );
    let deploy = deploy_with("name: my-nginx-deployment", "name: my.nginx");
    assert_eq!(errors(&deploy), Vec::<String>::new());
}

#[test]
fn negative_replicas_and_bad_policies() {
    // Pins the StatefulSet table of reference §1.10.
    let text = sts_with(
        "replicas: 2",
        "replicas: -1\n  podManagementPolicy: Sometimes",
    );
    assert_eq!(
        errors(&text),
        vec![
            "7:3: StatefulSet.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            "8:3: StatefulSet.apps \"web\" is invalid: spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'",
        ]
    );
    let text = sts_with("replicas: 2", "replicas: 2\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 1\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Foo");
    assert_eq!(
        errors(&text),
        vec![
            "10:5: StatefulSet.apps \"web\" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: {\"Partition\":1,\"MaxUnavailable\":null}: only allowed for updateStrategy 'RollingUpdate'",
            "13:5: StatefulSet.apps \"web\" is invalid: spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Foo\": supported values: \"Retain\", \"Delete\"",
        ]
    );
}

#[test]
fn statefulset_max_unavailable_is_not_checked_while_its_gate_is_off() {
    // Pins Appendix B: MaxUnavailableStatefulSet is alpha and off in 1.34, so the apiserver
    // drops the field and a value that would be invalid with the gate on is accepted.
    let text = sts_with(
        "replicas: 2",
        "replicas: 2\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 150%",
    );
    assert_eq!(errors(&text), Vec::<String>::new());
}

#[test]
fn statefulset_template_problems_are_accepted_but_every_pod_fails() {
    // Pins the surprising rule: no template validation for StatefulSets, failure at pod creation.
    let text = sts_with(
        "- name: www\n          mountPath",
        "- name: wwww\n          mountPath",
    );
    assert_eq!(errors(&text), Vec::<String>::new());
    let w = warnings(&text);
    assert!(w.contains(&"23:11: the apiserver accepts this StatefulSet, but every pod creation will fail: create Pod web-0 in StatefulSet web failed error: Pod \"web-0\" is invalid: spec.containers[0].volumeMounts[0].name: Not found: \"wwww\"".to_string()), "{w:?}");
}

#[test]
fn deployment_templates_are_validated_fully() {
    // Pins that a Deployment's bad template is an error, unlike a StatefulSet's.
    let text = deploy_with(
        "      - name: nginx\n        image: nginx:1.19.0\n",
        "      - name: Nginx\n",
    );
    assert_eq!(
        errors(&text),
        vec![
            "30:9: Deployment.apps \"my-nginx-deployment\" is invalid: spec.template.spec.containers[0].name: Invalid value: \"Nginx\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            "30:9: Deployment.apps \"my-nginx-deployment\" is invalid: spec.template.spec.containers[0].image: Required value",
        ]
    );
}

#[test]
fn deployment_rolling_update_bounds() {
    // Pins maxSurge/maxUnavailable rules with the 1.34 value rendering.
    let text = deploy_with("  replicas: 2\n", "  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n");
    assert_eq!(
        errors(&text),
        vec!["24:7: Deployment.apps \"my-nginx-deployment\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"]
    );
    let text = deploy_with("  replicas: 2\n", "  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 150%\n      maxSurge: lots\n");
    let errs = errors(&text);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].ends_with("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"));
    assert!(errs[1].ends_with("spec.strategy.rollingUpdate.maxSurge: Invalid value: \"lots\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
}

#[test]
fn service_ports_are_checked() {
    // Pins port range, required names for several ports, duplicates and protocols.
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: x\n  ports:\n  - port: 0\n  - port: 80\n    protocol: HTTP\n";
    assert_eq!(
        errors(text),
        vec![
            "9:5: Service \"s\" is invalid: spec.ports[0].name: Required value",
            "9:5: Service \"s\" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "9:5: Service \"s\" is invalid: spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
            "10:5: Service \"s\" is invalid: spec.ports[1].name: Required value",
            "11:5: Service \"s\" is invalid: spec.ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
        ]
    );
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    name: web\n  - port: 81\n    name: web\n";
    assert_eq!(
        errors(text),
        vec!["10:5: Service \"s\" is invalid: spec.ports[1].name: Duplicate value: \"web\""]
    );
    let text =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: x\n";
    assert_eq!(
        errors(text),
        vec!["5:1: Service \"s\" is invalid: spec.ports: Required value"]
    );
}

#[test]
fn bad_labels_point_at_the_label() {
    // Pins label key/value rules, reported on metadata.labels at the offending key.
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    ok: fine\n    bad: \"has space\"\n";
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("7:5: ConfigMap \"c\" is invalid: metadata.labels: Invalid value: \"has space\": a valid label must be an empty string"), "{}", errs[0]);
}

#[test]
fn claims_need_access_modes_and_storage() {
    // Pins PVC validation.
    let text = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  resources:\n    requests:\n      storage: 1GB\n";
    assert_eq!(
        errors(text),
        vec![
            "5:1: PersistentVolumeClaim \"data\" is invalid: spec.accessModes: Required value: at least 1 access mode is required",
            "8:7: PersistentVolumeClaim \"data\" is invalid: spec.resources.requests[storage]: Invalid value: \"1GB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ]
    );
}

#[test]
fn missing_name_kind_and_version() {
    // Pins the client-side decode errors and the required name.
    assert_eq!(
        errors("apiVersion: v1\nmetadata:\n  name: x\n"),
        vec!["1:1: Object 'Kind' is missing in this document"]
    );
    assert_eq!(
        errors("kind: Service\nmetadata:\n  name: x\n"),
        vec!["1:1: Object 'apiVersion' is missing in this document"]
    );
    assert_eq!(
        errors("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"),
        vec!["3:1: ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required"]
    );
    assert_eq!(
        errors("apiVersion: apps/v2\nkind: StatefulSet\nmetadata:\n  name: web\n"),
        vec!["1:13: no matches for kind \"StatefulSet\" in version \"apps/v2\" (ensure CRDs are installed first)"]
    );
}

#[test]
fn unknown_kinds_warn_and_the_rest_still_loads() {
    // Pins: a kind the 1.34 API lacks is a warning naming kubectl's no-match error, and the
    // other documents load; a built-in kind podplay only stores says so.
    let text = format!(
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: web\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n---\n{}",
        podplay::examples::HEADLESS_SERVICE
    );
    let a = analyze(&text);
    assert_eq!(a.n_errors(), 0);
    assert_eq!(a.objects.len(), 2);
    assert_eq!(a.skipped.len(), 1);
    assert_eq!(a.skipped[0].kind, "Widget");
    let w = warnings(&text);
    assert!(
        w[0].starts_with("1:1: no matches for kind \"Widget\" in version \"example.com/v1\""),
        "{w:?}"
    );
    assert!(
        w[1].starts_with("6:1: podplay stores this Ingress and lists it"),
        "{w:?}"
    );
}

#[test]
fn yaml_syntax_errors_keep_other_documents() {
    // Pins per-document parsing: a broken document does not hide its neighbours.
    let text = format!(
        "{}---\nfoo: [1, 2\n---\n{}",
        podplay::examples::HEADLESS_SERVICE,
        podplay::examples::STATEFULSET
    );
    let a = analyze(&text);
    assert_eq!(a.objects.len(), 2);
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].contains("error converting YAML to JSON: yaml: line"),
        "{}",
        errs[0]
    );
    let dup = errors("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n");
    assert_eq!(
        dup,
        vec!["5:3: error converting YAML to JSON: yaml: unmarshal errors: line 5: key \"name\" already set in map"]
    );
}

#[test]
fn kind_list_items_are_read() {
    // Pins `kind: List` with items, as kubectl get -o yaml writes it.
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: team-a\n";
    let a = analyze(text);
    assert_eq!(a.n_errors(), 0, "{:?}", common::lines(&a));
    let names: Vec<&str> = a.objects.iter().map(|o| o.name()).collect();
    assert_eq!(names, vec!["a", "team-a"]);
    assert_eq!(a.objects[1].namespace(), None);
}

#[test]
fn cross_object_warnings_say_what_the_cluster_will_do() {
    // Pins each lint: selector with no pods, non-headless serviceName, named port, duplicates,
    // missing StorageClass.
    let svc_no_pods = podplay::examples::DEPLOYMENT_SERVICE.replacen(
        "app: my-nginx\n  ports",
        "app: my-ngin\n  ports",
        1,
    );
    let w = warnings(&svc_no_pods);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].starts_with("6:3: Service \"my-nginx-svc\" selects app=my-ngin, but no workload or pod in these manifests has those labels"), "{}", w[0]);

    let not_headless = format!(
        "{}---\n{}",
        podplay::examples::HEADLESS_SERVICE.replacen("clusterIP: None", "clusterIP: \"\"", 1),
        podplay::examples::STATEFULSET
    );
    let w = warnings(&not_headless);
    assert!(
        w.iter()
            .any(|l| l.contains("serviceName \"nginx\" names a Service that is not headless")),
        "{w:?}"
    );

    let named = format!(
        "{}---\n{}",
        podplay::examples::HEADLESS_SERVICE.replacen(
            "name: web\n",
            "name: web\n    targetPort: http\n",
            1
        ),
        podplay::examples::STATEFULSET
    );
    let w = warnings(&named);
    assert!(
        w.iter().any(|l| l.starts_with(
            "9:5: Service \"nginx\" sends port 80 to the named port \"http\", but no container"
        )),
        "{w:?}"
    );

    let twice = format!("{0}---\n{0}", podplay::examples::HEADLESS_SERVICE);
    let w = warnings(&twice);
    assert!(
        w.iter()
            .any(|l| l == "16:3: Service \"nginx\" is defined again here, the same as at editor.yaml:1: kubectl apply leaves it as it is and reports \"service/nginx unchanged\""),
        "{w:?}"
    );

    let class = sts_with("accessModes:", "storageClassName: fast\n      accessModes:");
    let w = warnings(&class);
    assert!(
        w.iter()
            .any(|l| l.contains("StorageClass \"fast\" does not exist on minikube")),
        "{w:?}"
    );
}

#[test]
fn probes_resources_and_env_are_strict_and_checked() {
    // Pins strict decoding inside probes and resources, probe handler rules, quantities, env.
    let text = deploy_with(
        "        ports:\n        - containerPort: 80\n",
        "        ports:\n        - containerPort: 80\n        readinessProbe:\n          httpGet:\n            pathh: /\n            port: 80\n        livenessProbe:\n          initialDelaySeconds: 5\n        resources:\n          limits:\n            cpu: 500mm\n        env:\n        - value: x\n",
    );
    let errs = errors(&text);
    assert_eq!(errs.len(), 4, "{errs:?}");
    assert_eq!(
        errs[0],
        "36:13: Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.template.spec.containers[0].readinessProbe.httpGet.pathh\" (did you mean `path`?)"
    );
    let text = text.replace("pathh: /", "path: /");
    assert_eq!(
        errors(&text),
        vec![
            "38:9: Deployment.apps \"my-nginx-deployment\" is invalid: spec.template.spec.containers[0].livenessProbe: Required value: must specify a handler type",
            "42:13: Deployment.apps \"my-nginx-deployment\" is invalid: spec.template.spec.containers[0].resources.limits[cpu]: Invalid value: \"500mm\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "44:11: Deployment.apps \"my-nginx-deployment\" is invalid: spec.template.spec.containers[0].env[0].name: Required value",
        ]
    );
    let a = analyze(
        &text
            .replace(
                "          initialDelaySeconds: 5\n",
                "          tcpSocket:\n            port: 80\n",
            )
            .replace("cpu: 500mm", "cpu: 500m")
            .replace("- value: x", "- name: MODE\n          value: x"),
    );
    assert_eq!(a.n_errors(), 0, "{:?}", common::lines(&a));
    let podplay::manifest::objects::Resource::Deployment(d) = &a.objects[1].resource else {
        panic!()
    };
    let probe = d.spec.template.spec.containers[0]
        .readiness_probe
        .as_ref()
        .unwrap();
    assert_eq!(probe.period_seconds, Some(10));
    assert_eq!(
        probe.http_get.as_ref().unwrap().scheme.as_deref(),
        Some("HTTP")
    );
}

#[test]
fn every_diagnostic_renders_in_korean_too() {
    // Pins that no message falls through the translation table in either language.
    let mut text = common::sts_with("replicas: 2", "replica: two\n  podManagementPolicy: X");
    text.push_str("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: 1x\nspec:\n  ports:\n  - port: 0\n---\nkind: Foo\napiVersion: x/v1\n---\na: [\n");
    let a = analyze(&text);
    assert!(a.diagnostics.len() >= 4);
    for d in &a.diagnostics {
        for lang in [Lang::En, Lang::Ko] {
            let s = d.msg.render(lang);
            assert!(!s.contains("{?}") && !s.contains("{0}"), "{s}");
        }
        assert_ne!(d.msg.render(Lang::En), d.msg.render(Lang::Ko));
    }
}

// --- Real manifests: what the validator says must be what the cluster and kubectl do. ---

fn example(file: &str) -> String {
    let path = format!("{}/../shared/examples/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Validates named texts as one bundle: `FILE:LINE:COL: severity: message`, in English.
fn bundle(files: &[(&str, &str)]) -> (Analysis, Vec<String>) {
    let sources: Vec<Source<'_>> = files
        .iter()
        .map(|(name, text)| Source { name, text })
        .collect();
    let a = analyze_sources(&sources);
    let lines = a
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}: {}",
                files[d.source].0,
                d.pos.line,
                d.pos.col,
                d.severity.word(),
                d.msg.render(Lang::En)
            )
        })
        .collect();
    (a, lines)
}

fn codes(a: &Analysis) -> Vec<Code> {
    a.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn the_service_name_warning_names_the_statefulsets_own_first_pod() {
    // Pins `cassandra-0.cassandra` (not `web-0`), and that spec.ordinals.start moves it.
    let sts = example("cassandra-statefulset.yaml");
    let (a, lines) = bundle(&[("cassandra-statefulset.yaml", &sts)]);
    assert_eq!(
        lines,
        vec!["cassandra-statefulset.yaml:8:3: warning: serviceName \"cassandra\" names no Service in these manifests: until a headless Service \"cassandra\" exists, the pods get no per-pod DNS names (cassandra-0.cassandra)"]
    );
    assert_eq!(codes(&a), vec![Code::ServiceMissing]);

    let from_five = sts.replacen(
        "  replicas: 3\n",
        "  replicas: 3\n  ordinals:\n    start: 5\n",
        1,
    );
    let (_, lines) = bundle(&[("cassandra-statefulset.yaml", &from_five)]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].ends_with("the pods get no per-pod DNS names (cassandra-5.cassandra)"),
        "{}",
        lines[0]
    );

    let svc = example("cassandra-service.yaml");
    let (a, lines) = bundle(&[
        ("cassandra-service.yaml", &svc),
        ("cassandra-statefulset.yaml", &sts),
    ]);
    assert_eq!(lines, Vec::<String>::new());
    assert_eq!(a.objects.len(), 3);
}

#[test]
fn a_claim_that_a_volume_of_the_bundle_binds_is_not_pending() {
    // Pins static binding: pv-volume (manual, 10Gi, RWO) binds pv-claim (manual, 3Gi, RWO).
    let (pv, claim, pod) = (
        example("pv-volume.yaml"),
        example("pv-claim.yaml"),
        example("pv-pod.yaml"),
    );
    let (a, lines) = bundle(&[
        ("pv-volume.yaml", &pv),
        ("pv-claim.yaml", &claim),
        ("pv-pod.yaml", &pod),
    ]);
    assert_eq!(lines, Vec::<String>::new());
    assert_eq!(a.objects.len(), 3);

    let pending = |claim: &str| {
        format!("pv-claim.yaml:11:3: warning: StorageClass \"manual\" does not exist on minikube (only \"standard\") nor in these manifests, and no PersistentVolume here of that class can bind claim \"{claim}\": it stays Pending, and so does any pod that uses it")
    };
    let (a, lines) = bundle(&[("pv-claim.yaml", &claim), ("pv-pod.yaml", &pod)]);
    assert_eq!(lines, vec![pending("task-pv-claim")]);
    assert_eq!(codes(&a), vec![Code::ClaimStaysPending]);

    // Each rule of the match: capacity, access modes, selector, volumeName.
    let cases = [
        ("storage: 3Gi", "storage: 20Gi", true),
        ("storage: 3Gi", "storage: 10Gi", false),
        ("  - ReadWriteOnce", "  - ReadWriteMany", true),
        (
            "  storageClassName: manual",
            "  storageClassName: manual\n  selector:\n    matchLabels:\n      type: remote",
            true,
        ),
        (
            "  storageClassName: manual",
            "  storageClassName: manual\n  selector:\n    matchLabels:\n      type: local",
            false,
        ),
        (
            "  storageClassName: manual",
            "  storageClassName: manual\n  volumeName: other-volume",
            true,
        ),
        (
            "  storageClassName: manual",
            "  storageClassName: manual\n  volumeName: task-pv-volume",
            false,
        ),
    ];
    for (from, to, warned) in cases {
        assert!(claim.contains(from), "{from}");
        let edited = claim.replacen(from, to, 1);
        let (_, lines) = bundle(&[("pv-volume.yaml", &pv), ("pv-claim.yaml", &edited)]);
        let expected = if warned {
            vec![pending("task-pv-claim")]
        } else {
            Vec::new()
        };
        assert_eq!(lines, expected, "{to}");
    }

    // One volume binds one claim: the second claim of the class stays Pending.
    let second = claim.replacen("name: task-pv-claim", "name: second-claim", 1);
    let text = format!("{claim}---\n{second}");
    let (_, lines) = bundle(&[("pv-volume.yaml", &pv), ("pv-claim.yaml", &text)]);
    assert_eq!(
        lines,
        vec![pending("second-claim").replacen("pv-claim.yaml:11:3", "pv-claim.yaml:23:3", 1)]
    );
}

#[test]
fn the_engine_binds_exactly_the_claims_the_validator_does_not_warn_about() {
    // Pins that validator and PV controller share one rule: a claim the validator lets pass
    // binds, one it warns about stays Pending (a selector the volume's labels do not meet).
    use common::engine::{apply, claim_phase, settle, sim};
    use podplay::engine::cluster::ClaimPhase;
    let pv = example("pv-volume.yaml");
    let claim = example("pv-claim.yaml");
    let picky = claim.replacen(
        "  storageClassName: manual",
        "  storageClassName: manual\n  selector:\n    matchLabels:\n      type: remote",
        1,
    );
    for (text, phase) in [(&claim, ClaimPhase::Bound), (&picky, ClaimPhase::Pending)] {
        let n_warnings = bundle(&[("pv-volume.yaml", &pv), ("pv-claim.yaml", text)])
            .0
            .n_warnings();
        assert_eq!(n_warnings, usize::from(phase == ClaimPhase::Pending));
        let mut s = sim(1);
        apply(&mut s, &format!("{pv}---\n{text}"));
        settle(&mut s);
        assert_eq!(claim_phase(&s, "task-pv-claim"), Some(phase));
    }
}

/// What the console prints for `kubectl <line>`, after `minikube start`, with `files`.
fn console(files: &[(&str, &str)], lines: &[&str]) -> Vec<String> {
    use podplay::console::{Console, MemFiles};
    let map = files
        .iter()
        .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
        .collect();
    let mut c = Console::new(3, Box::new(MemFiles(map)));
    c.submit("minikube start");
    let _ = c.finish();
    lines
        .iter()
        .map(|l| {
            let mut out = c.submit(l).text();
            out.push_str(&c.finish().text());
            out.trim_end().to_string()
        })
        .collect()
}

const WEB_STS: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
          name: web
";

#[test]
fn a_statefulset_defined_twice_with_another_service_name_is_rejected_as_kubectl_says() {
    // Pins the apiserver's 1.34 refusal, quoted whole, naming FILE:LINE of the first
    // definition; and that the console's apply prints that very refusal.
    let svc = podplay::examples::HEADLESS_SERVICE;
    let first = format!("{svc}---\n{WEB_STS}");
    let second = WEB_STS.replacen("serviceName: nginx", "serviceName: web-svc", 1);
    let files = [
        ("web.yaml", first.as_str()),
        ("web-again.yaml", second.as_str()),
    ];
    let (a, lines) = bundle(&files);
    let refusal = "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    assert_eq!(
        lines,
        vec![
            format!("web-again.yaml:4:3: warning: StatefulSet \"web\" is defined again here (first at web.yaml:13) with a change the apiserver does not allow: kubectl apply creates it from the first and rejects this one: {refusal}"),
            "web-again.yaml:6:3: warning: serviceName \"web-svc\" names no Service in these manifests: until a headless Service \"web-svc\" exists, the pods get no per-pod DNS names (web-0.web-svc)".to_string(),
        ]
    );
    assert_eq!(codes(&a), vec![Code::Duplicate, Code::ServiceMissing]);
    let out = console(&files, &["kubectl apply -f web.yaml -f web-again.yaml"]);
    assert_eq!(
        out[0],
        format!("service/nginx created\nstatefulset.apps/web created\n{refusal}")
    );

    // Only mutable fields differ: configured, and the later definition stays.
    let more = WEB_STS.replacen("replicas: 2", "replicas: 3", 1);
    let (_, lines) = bundle(&[("web.yaml", &first), ("more.yaml", &more)]);
    assert_eq!(
        lines,
        vec!["more.yaml:4:3: warning: StatefulSet \"web\" is defined again here (first at web.yaml:13): kubectl apply creates it from the first and then changes it to this one, reporting \"statefulset.apps/web configured\"; this later definition is what stays"]
    );
    // The same object again: unchanged.
    let (_, lines) = bundle(&[("web.yaml", &first), ("same.yaml", WEB_STS)]);
    assert_eq!(
        lines,
        vec!["same.yaml:4:3: warning: StatefulSet \"web\" is defined again here, the same as at web.yaml:13: kubectl apply leaves it as it is and reports \"statefulset.apps/web unchanged\""]
    );
    let out = console(
        &[
            ("web.yaml", &first),
            ("more.yaml", &more),
            ("same.yaml", WEB_STS),
        ],
        &[
            "kubectl apply -f web.yaml -f more.yaml",
            "kubectl apply -f web.yaml -f same.yaml",
        ],
    );
    assert_eq!(
        out[0],
        "service/nginx created\nstatefulset.apps/web created\nstatefulset.apps/web configured"
    );
    assert_eq!(
        out[1],
        "service/nginx unchanged\nstatefulset.apps/web configured\nstatefulset.apps/web unchanged"
    );
    // In the editor's one text, the first definition is named by the editor's file.
    let w = warnings(&format!("{WEB_STS}---\n{second}"));
    assert!(
        w[1].starts_with("26:3: StatefulSet \"web\" is defined again here (first at editor.yaml:1) with a change"),
        "{w:?}"
    );
}

#[test]
fn other_immutable_fields_defined_twice_quote_the_apiservers_refusal() {
    // Pins Deployment selector, Service clusterIP and claim spec changes, each with the cause
    // the engine's apply gives.
    let deploy = podplay::examples::DEPLOYMENT_SERVICE;
    let relabelled = deploy
        .replace("app: my-nginx", "app: shop")
        .replace("name: my-nginx-svc", "name: other-svc");
    let (_, lines) = bundle(&[("a.yaml", deploy), ("b.yaml", &relabelled)]);
    let dup: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("defined again"))
        .collect();
    assert_eq!(dup.len(), 1, "{lines:?}");
    assert!(
        dup[0].ends_with("rejects this one: The Deployment \"my-nginx-deployment\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"shop\"}}: field is immutable"),
        "{}",
        dup[0]
    );

    let svc = podplay::examples::HEADLESS_SERVICE;
    let with_ip = svc.replacen("clusterIP: None", "clusterIP: 10.96.0.50", 1);
    let (_, lines) = bundle(&[("svc.yaml", svc), ("svc2.yaml", &with_ip)]);
    let lines: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("defined again"))
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].ends_with("(first at svc.yaml:1) with a change the apiserver does not allow: kubectl apply creates it from the first and rejects this one: The Service \"nginx\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.0.50\"]: may not change once set"),
        "{}",
        lines[0]
    );
    // A Service given an IP by the cluster cannot become headless.
    let allocated = svc.replacen("  clusterIP: None", "  # no clusterIP", 1);
    assert_ne!(allocated, svc);
    let (_, lines) = bundle(&[("svc.yaml", &allocated), ("svc2.yaml", svc)]);
    let lines: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("defined again"))
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0]
            .ends_with("spec.clusterIPs[0]: Invalid value: [\"None\"]: may not change once set"),
        "{}",
        lines[0]
    );

    let pv = example("pv-volume.yaml");
    let claim = example("pv-claim.yaml");
    let wider = claim.replacen("- ReadWriteOnce", "- ReadWriteOnce\n  - ReadOnlyMany", 1);
    let bigger = claim.replacen("storage: 3Gi", "storage: 5Gi", 1);
    for edited in [wider, bigger] {
        let (_, lines) = bundle(&[
            ("pv-volume.yaml", &pv),
            ("pv-claim.yaml", &claim),
            ("pv-claim-2.yaml", &edited),
        ]);
        assert_eq!(
            lines,
            vec!["pv-claim-2.yaml:4:3: warning: PersistentVolumeClaim \"task-pv-claim\" is defined again here (first at pv-claim.yaml:1) with a change the apiserver does not allow: kubectl apply creates it from the first and rejects this one: The PersistentVolumeClaim \"task-pv-claim\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"]
        );
    }
}

#[test]
fn an_object_in_a_namespace_nobody_creates_fails_as_kubectl_apply_prints() {
    // Pins the warning for namespace `shop` quoting the console's apply error exactly, and
    // that a Namespace created first silences it while one created later does not.
    let shop = example("deployment.yaml").replacen(
        "  name: nginx-deployment\n",
        "  name: nginx-deployment\n  namespace: shop\n",
        1,
    );
    let (a, lines) = bundle(&[("shop.yaml", &shop)]);
    let error = "Error from server (NotFound): error when creating \"shop.yaml\": namespaces \"shop\" not found";
    assert_eq!(
        lines,
        vec![format!("shop.yaml:5:3: warning: namespace \"shop\" is not on minikube (only default, kube-system, kube-public and kube-node-lease) and these manifests do not create it: kubectl apply fails for this object with: {error}")]
    );
    assert_eq!(codes(&a), vec![Code::NamespaceMissing]);
    let out = console(&[("shop.yaml", &shop)], &["kubectl apply -f shop.yaml"]);
    assert_eq!(out[0], error);

    let ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
    let (_, lines) = bundle(&[("ns.yaml", ns), ("shop.yaml", &shop)]);
    assert_eq!(lines, Vec::<String>::new());
    let (_, lines) = bundle(&[("shop.yaml", &shop), ("ns.yaml", ns)]);
    assert_eq!(
        lines,
        vec![format!("shop.yaml:5:3: warning: namespace \"shop\" is created only further on (at ns.yaml:1): kubectl apply sends objects in order, so this one fails with: {error}; put the Namespace before it")]
    );
    let out = console(
        &[("shop.yaml", &shop), ("ns.yaml", ns)],
        &["kubectl apply -f shop.yaml -f ns.yaml"],
    );
    assert_eq!(out[0], format!("namespace/shop created\n{error}"));
    // minikube's own namespaces exist.
    let system = shop.replacen("namespace: shop", "namespace: kube-system", 1);
    assert_eq!(bundle(&[("shop.yaml", &system)]).1, Vec::<String>::new());
}

#[test]
fn every_example_manifest_validates_with_the_expected_findings() {
    // Pins, per real example file on its own: no errors, and exactly these warnings.
    use Code::{ClaimStaysPending, NamespaceMissing, NoEndpoints, ServiceMissing, StoredOnly};
    let expected: &[(&str, &[Code])] = &[
        ("basic-daemonset.yaml", &[]),
        ("cassandra-service.yaml", &[NoEndpoints]),
        ("cassandra-statefulset.yaml", &[ServiceMissing]),
        ("controllers-statefulset.yaml", &[ClaimStaysPending]),
        ("deployment-sidecar.yaml", &[]),
        ("deployment.yaml", &[]),
        ("guestbook-frontend-deployment.yaml", &[]),
        ("guestbook-frontend-service.yaml", &[NoEndpoints]),
        ("guestbook-redis-follower-deployment.yaml", &[]),
        ("guestbook-redis-follower-service.yaml", &[NoEndpoints]),
        ("guestbook-redis-leader-deployment.yaml", &[]),
        ("guestbook-redis-leader-service.yaml", &[NoEndpoints]),
        ("mysql-configmap.yaml", &[]),
        ("mysql-services.yaml", &[NoEndpoints, NoEndpoints]),
        ("mysql-statefulset.yaml", &[ServiceMissing]),
        ("net-curlpod.yaml", &[]),
        ("net-custom-dns.yaml", &[]),
        ("net-dual-stack-preferred-svc.yaml", &[NoEndpoints]),
        ("net-hostaliases-pod.yaml", &[]),
        ("net-nginx-secure-app.yaml", &[]),
        ("net-minimal-ingress.yaml", &[StoredOnly]),
        ("net-networkpolicy.yaml", &[StoredOnly]),
        ("net-nginx-svc.yaml", &[NoEndpoints]),
        ("net-run-my-nginx.yaml", &[]),
        ("nginx-app.yaml", &[]),
        ("pod-dependent-envars.yaml", &[]),
        ("pod-image-volumes.yaml", &[]),
        ("pod-level-resources.yaml", &[NamespaceMissing]),
        ("pod-resize.yaml", &[NamespaceMissing]),
        ("pod-scheduling-gates.yaml", &[]),
        ("probe-grpc-liveness.yaml", &[]),
        ("pv-claim.yaml", &[ClaimStaysPending]),
        ("pv-pod.yaml", &[]),
        ("pv-volume.yaml", &[]),
        ("rabbitmq-job.yaml", &[StoredOnly]),
        ("rabbitmq-service.yaml", &[NoEndpoints]),
        ("rabbitmq-statefulset.yaml", &[ServiceMissing]),
        ("web-parallel.yaml", &[]),
        ("web.yaml", &[]),
        ("wordpress-deployment.yaml", &[]),
        ("wordpress-mysql-deployment.yaml", &[]),
        ("zookeeper.yaml", &[StoredOnly]),
    ];
    let dir = format!("{}/../shared/examples", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), expected.len());
    for file in &files {
        let text = example(file);
        let (a, lines) = bundle(&[(file, &text)]);
        println!(
            "{file}: {} errors, {} warnings",
            a.n_errors(),
            a.n_warnings()
        );
        let want = expected
            .iter()
            .find(|(f, _)| f == file)
            .unwrap_or_else(|| panic!("{file} has no expectation"))
            .1;
        assert_eq!(a.n_errors(), 0, "{file}: {lines:?}");
        assert_eq!(codes(&a), want, "{file}: {lines:?}");
    }
}

#[test]
fn the_validator_names_objects_as_the_consoles_apply_does() {
    // Pins that `kind.group/name` in the duplicate warnings is the console's apply output name.
    use podplay::console::resources::Res;
    use podplay::manifest::objects::Kind;
    for kind in Kind::ALL {
        assert_eq!(
            podplay::manifest::update::slash_name(kind, "x"),
            format!("{}/x", Res::of_kind(kind).singular_qualified())
        );
    }
}
