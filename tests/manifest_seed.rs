//! The tutorial's three manifests: read verbatim, alone and together, with the defaults the
//! apiserver fills in.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use podplay::examples::{
    all_together, DEPLOYMENT_SERVICE, EXAMPLES, HEADLESS_SERVICE, STATEFULSET,
};
use podplay::manifest::effective::effective_yaml;
use podplay::manifest::objects::{IntOrString, Resource};
use podplay::manifest::{analyze, analyze_sources, Source};

#[test]
fn each_seed_file_alone_has_no_errors() {
    // Pins that every seed file is accepted on its own (warnings about the others may remain).
    for ex in EXAMPLES {
        let a = analyze(ex.text);
        assert_eq!(a.n_errors(), 0, "{}: {:?}", ex.file, common::lines(&a));
        assert!(!a.objects.is_empty(), "{}", ex.file);
    }
}

#[test]
fn seed_together_lists_four_objects_and_no_problems() {
    // Pins the acceptance line: the four objects in order, no errors and no warnings.
    let a = analyze(&all_together());
    assert_eq!(common::lines(&a), Vec::<String>::new());
    let listed: Vec<(String, String)> = a
        .objects
        .iter()
        .map(|o| (o.kind().name().to_string(), o.name().to_string()))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("Service".into(), "nginx".into()),
            ("StatefulSet".into(), "web".into()),
            ("Service".into(), "my-nginx-svc".into()),
            ("Deployment".into(), "my-nginx-deployment".into()),
        ]
    );
}

#[test]
fn seed_as_separate_files_is_one_bundle() {
    // Pins cross-file linting: serviceName finds the Service in another file.
    let sources = [
        Source {
            name: "headless-service.yaml",
            text: HEADLESS_SERVICE,
        },
        Source {
            name: "statefulset.yaml",
            text: STATEFULSET,
        },
        Source {
            name: "deployment-service.yaml",
            text: DEPLOYMENT_SERVICE,
        },
    ];
    let a = analyze_sources(&sources);
    assert_eq!(a.diagnostics, vec![]);
    assert_eq!(
        a.objects.iter().map(|o| o.source).collect::<Vec<_>>(),
        vec![0, 1, 2, 2]
    );
}

#[test]
fn statefulset_alone_warns_that_its_service_is_missing() {
    // Pins the serviceName lint in words that say what the cluster will do.
    let w = common::warnings(STATEFULSET);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("6:3: serviceName \"nginx\" names no Service"),
        "{}",
        w[0]
    );
}

#[test]
fn statefulset_gets_the_apiserver_defaults() {
    // Pins SetDefaults_StatefulSet and the pod-template defaults.
    let a = analyze(STATEFULSET);
    let Resource::StatefulSet(s) = &a.objects[0].resource else {
        panic!()
    };
    assert_eq!(s.metadata.namespace.as_deref(), Some("default"));
    assert_eq!(
        s.spec.pod_management_policy.as_deref(),
        Some("OrderedReady")
    );
    let strategy = s.spec.update_strategy.as_ref().unwrap();
    assert_eq!(strategy.type_.as_deref(), Some("RollingUpdate"));
    assert_eq!(strategy.rolling_update.as_ref().unwrap().partition, Some(0));
    let policy = s
        .spec
        .persistent_volume_claim_retention_policy
        .as_ref()
        .unwrap();
    assert_eq!(policy.when_deleted.as_deref(), Some("Retain"));
    assert_eq!(policy.when_scaled.as_deref(), Some("Retain"));
    assert_eq!(s.spec.revision_history_limit, Some(10));
    let pod = &s.spec.template.spec;
    assert_eq!(pod.restart_policy.as_deref(), Some("Always"));
    assert_eq!(pod.termination_grace_period_seconds, Some(30));
    assert_eq!(pod.dns_policy.as_deref(), Some("ClusterFirst"));
    assert_eq!(
        pod.containers[0].image_pull_policy.as_deref(),
        Some("IfNotPresent")
    );
    assert_eq!(pod.containers[0].ports[0].protocol.as_deref(), Some("TCP"));
    // Written values are not defaults.
    assert_eq!(s.spec.replicas, Some(2));
    assert!(a.objects[0].is_written("spec.replicas"));
    assert!(!a.objects[0].is_written("spec.podManagementPolicy"));
}

#[test]
fn services_get_type_protocol_and_target_port() {
    // Pins SetDefaults_Service: ClusterIP, TCP, targetPort = port; headless keeps None.
    let a = analyze(&all_together());
    let Resource::Service(headless) = &a.objects[0].resource else {
        panic!()
    };
    assert_eq!(headless.spec.type_.as_deref(), Some("ClusterIP"));
    assert_eq!(headless.spec.cluster_ip.as_deref(), Some("None"));
    assert_eq!(headless.spec.cluster_ips, vec!["None".to_string()]);
    assert_eq!(headless.spec.ports[0].protocol.as_deref(), Some("TCP"));
    assert_eq!(
        headless.spec.ports[0].target_port,
        Some(IntOrString::Int(80))
    );
    assert!(!a.objects[0].is_written("spec.ports[0].targetPort"));
    let Resource::Service(svc) = &a.objects[2].resource else {
        panic!()
    };
    assert_eq!(svc.spec.session_affinity.as_deref(), Some("None"));
    // Written explicitly in the seed, so not a default.
    assert!(a.objects[2].is_written("spec.ports[0].protocol"));
}

#[test]
fn deployment_gets_rolling_update_defaults() {
    // Pins SetDefaults_Deployment: 25%/25%, history 10, deadline 600.
    let a = analyze(DEPLOYMENT_SERVICE);
    let Resource::Deployment(d) = &a.objects[1].resource else {
        panic!()
    };
    let ru = d
        .spec
        .strategy
        .as_ref()
        .unwrap()
        .rolling_update
        .as_ref()
        .unwrap();
    assert_eq!(ru.max_surge, Some(IntOrString::Str("25%".into())));
    assert_eq!(ru.max_unavailable, Some(IntOrString::Str("25%".into())));
    assert_eq!(d.spec.revision_history_limit, Some(10));
    assert_eq!(d.spec.progress_deadline_seconds, Some(600));
}

#[test]
fn effective_yaml_marks_only_defaulted_lines() {
    // Pins what the UI shows as defaults: filled-in lines marked, written lines not.
    let a = analyze(HEADLESS_SERVICE);
    let lines = effective_yaml(&a.objects[0]);
    let find = |needle: &str| {
        lines
            .iter()
            .find(|l| l.text.trim_start_matches([' ', '-']).starts_with(needle))
            .unwrap_or_else(|| panic!("no line {needle}: {lines:#?}"))
    };
    assert!(!find("clusterIP: None").is_default);
    assert!(find("type: ClusterIP").is_default);
    assert!(find("namespace: default").is_default);
    assert!(find("protocol: TCP").is_default);
    assert!(!find("name: web").is_default);
    assert_eq!(lines[0].text, "apiVersion: v1");
    assert_eq!(lines[1].text, "kind: Service");
}
