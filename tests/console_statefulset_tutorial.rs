//! The StatefulSet Basics tutorial's own behaviours in the console, line for line: deleting with
//! `--cascade=orphan` and adopting the orphans again, partitioned rolling updates and their
//! `rollout status` texts, OnDelete, Parallel pod management, the order of `get pods -l`,
//! `delete pod -l`, `wait --for=delete`, and the note's `chmod`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::console::{console_with, example};
use podplay::console::Console;

/// Runs one line to its end; everything it printed (stdout and stderr, in order).
fn go(c: &mut Console, line: &str) -> String {
    let mut o = c.submit(line);
    o.extend(c.finish());
    o.lines.iter().map(|l| format!("{}\n", l.text)).collect()
}

/// NAME and STATUS of each row of a pod table.
fn rows(table: &str) -> Vec<(String, String)> {
    table
        .lines()
        .skip(1)
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w[0].to_string(), format!("{} {}", w[1], w[2]))
        })
        .collect()
}

fn image(c: &mut Console, pod: &str) -> String {
    let yaml = go(c, &format!("kubectl get pod {pod} -o yaml"));
    yaml.lines()
        .find_map(|l| l.trim().strip_prefix("- image: "))
        .unwrap_or("")
        .to_string()
}

fn uid(c: &mut Console, pod: &str) -> String {
    let yaml = go(c, &format!("kubectl get pod {pod} -o yaml"));
    yaml.lines()
        .find_map(|l| l.strip_prefix("  uid: "))
        .unwrap_or("")
        .to_string()
}

/// The tutorial's web.yaml applied and rolled out.
fn tutorial() -> Console {
    let mut c = console_with(
        "minikube start",
        &[
            ("web.yaml", example("web.yaml")),
            ("web-parallel.yaml", example("web-parallel.yaml")),
        ],
    );
    assert_eq!(
        go(&mut c, "kubectl apply -f web.yaml"),
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    go(&mut c, "kubectl rollout status sts/web");
    c
}

const IMAGE_024: &str = r#"kubectl patch statefulset web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"registry.k8s.io/nginx-slim:0.24"}]}}}}'"#;
const IMAGE_021: &str = r#"kubectl patch statefulset web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"registry.k8s.io/nginx-slim:0.21"}]}}}}'"#;

fn partition(n: i32) -> String {
    format!(
        r#"kubectl patch statefulset web -p '{{"spec":{{"updateStrategy":{{"type":"RollingUpdate","rollingUpdate":{{"partition":{n}}}}}}}}}'"#
    )
}

#[test]
fn rollout_status_of_a_new_statefulset_prints_kubectls_texts_in_order() {
    // Pins kubectl's StatefulSetStatusViewer texts: defaulting always sets a partition, so
    // a finished rollout reads "partitioned roll out complete". The controller observes the
    // new StatefulSet within the round trip after `apply`, so "Waiting for statefulset spec
    // update to be observed..." does not come first (as on a real cluster).
    let mut c = console_with("minikube start", &[("web.yaml", example("web.yaml"))]);
    go(&mut c, "kubectl apply -f web.yaml");
    assert_eq!(
        go(&mut c, "kubectl rollout status sts/web"),
        "Waiting for 2 pods to be ready...\nWaiting for 1 pods to be ready...\npartitioned roll out complete: 2 new pods have been updated...\n"
    );
}

#[test]
fn a_partition_stages_an_update_and_lowering_it_rolls_out_a_canary_then_the_rest() {
    // Pins reference §1.6: pods below the partition keep (and come back with) the current
    // revision; lowering the partition updates from the highest ordinal down.
    let mut c = tutorial();
    go(&mut c, "kubectl scale sts web --replicas=3");
    go(&mut c, "kubectl rollout status sts/web");
    assert_eq!(go(&mut c, &partition(3)), "statefulset.apps/web patched\n");
    assert_eq!(go(&mut c, IMAGE_021), "statefulset.apps/web patched\n");
    // (The round trip after each kubectl call lets the controller see the spec; the sleep
    // makes it certain whatever the draw.)
    go(&mut c, "sleep 1");
    // Nothing at or above the partition: no pod changes, and the rollout is already complete.
    assert_eq!(
        go(&mut c, "kubectl rollout status sts/web"),
        "partitioned roll out complete: 0 new pods have been updated...\n"
    );
    assert_eq!(
        go(&mut c, "kubectl delete pod web-2"),
        "pod \"web-2\" deleted from default namespace\n"
    );
    go(&mut c, "kubectl rollout status sts/web");
    assert_eq!(image(&mut c, "web-2"), "registry.k8s.io/nginx-slim:0.7");

    // The canary: partition 2 replaces web-2 only.
    go(&mut c, &partition(2));
    go(&mut c, "sleep 1");
    assert_eq!(
        go(&mut c, "kubectl rollout status sts/web"),
        "Waiting for 1 pods to be ready...\npartitioned roll out complete: 1 new pods have been updated...\n"
    );
    assert_eq!(image(&mut c, "web-2"), "registry.k8s.io/nginx-slim:0.21");
    assert_eq!(image(&mut c, "web-1"), "registry.k8s.io/nginx-slim:0.7");
    // A pod below the partition comes back on the current revision.
    go(&mut c, "kubectl delete pod web-1");
    go(&mut c, "kubectl rollout status sts/web");
    assert_eq!(image(&mut c, "web-1"), "registry.k8s.io/nginx-slim:0.7");

    // Partition 0: web-1, then web-0.
    go(&mut c, &partition(0));
    go(&mut c, "sleep 1");
    // web-1 goes first (web-2 is already updated); while it is replaced 1 pod is not ready,
    // then 2 of 3 are updated until web-0 has gone and come back.
    assert_eq!(
        go(&mut c, "kubectl rollout status sts/web"),
        "Waiting for 1 pods to be ready...\nWaiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...\nWaiting for 1 pods to be ready...\npartitioned roll out complete: 3 new pods have been updated...\n"
    );
    for p in ["web-0", "web-1", "web-2"] {
        assert_eq!(image(&mut c, p), "registry.k8s.io/nginx-slim:0.21", "{p}");
    }
}

#[test]
fn a_rolling_update_replaces_pods_from_the_highest_ordinal_as_the_watch_shows() {
    // Pins reference §1.3 step 10 in the watch: web-2, web-1, web-0, each Running again
    // before the next one goes. (The watch starts a round trip after the patch: web-2 is
    // already terminating, and not ready, in its first list.)
    let mut c = tutorial();
    go(&mut c, "kubectl scale sts web --replicas=3");
    go(&mut c, "kubectl rollout status sts/web");
    go(&mut c, IMAGE_024);
    let watch = go(&mut c, "kubectl get pod -l app=nginx --watch");
    assert!(
        watch.contains("\nweb-2   0/1     Terminating   0          3s\n"),
        "{watch}"
    );
    let mut order: Vec<&str> = watch
        .lines()
        .filter(|l| l.contains(" Terminating "))
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    order.dedup();
    assert_eq!(order, vec!["web-2", "web-1", "web-0"], "{watch}");
    let running_again = |p: &str| {
        let lines: Vec<&str> = watch.lines().collect();
        lines
            .iter()
            .rposition(|l| {
                l.starts_with(&format!("{p} ")) && l.contains("1/1") && l.contains("Running")
            })
            .unwrap()
    };
    let terminating = |p: &str| {
        watch
            .lines()
            .position(|l| l.starts_with(&format!("{p} ")) && l.contains("Terminating"))
            .unwrap()
    };
    assert!(running_again("web-2") < terminating("web-1"), "{watch}");
    assert!(running_again("web-1") < terminating("web-0"), "{watch}");
}

#[test]
fn patching_a_defaulted_statefulset_to_on_delete_is_refused_as_the_apiserver_refuses_it() {
    // Pins kubernetes/website#47038: the defaulted rollingUpdate stays under a merge patch and
    // is invalid beside OnDelete; 1.34 prints the internal value as JSON.
    let mut c = tutorial();
    assert_eq!(
        go(&mut c, r#"kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete"}}}'"#),
        "The StatefulSet \"web\" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: {\"Partition\":0,\"MaxUnavailable\":null}: only allowed for updateStrategy 'RollingUpdate'\n"
    );
    // Dropping rollingUpdate in the same patch works.
    assert_eq!(
        go(
            &mut c,
            r#"kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'"#
        ),
        "statefulset.apps/web patched\n"
    );
    assert_eq!(
        go(&mut c, "kubectl rollout status sts/web"),
        "error: rollout status is only available for RollingUpdate strategy type\n"
    );
}

#[test]
fn on_delete_updates_a_pod_only_when_it_is_deleted() {
    // Pins reference §1.6 OnDelete: a template change replaces nothing; a deleted pod comes
    // back from the new template.
    let mut c = tutorial();
    go(
        &mut c,
        r#"kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'"#,
    );
    let before = (uid(&mut c, "web-0"), uid(&mut c, "web-1"));
    go(&mut c, IMAGE_024);
    go(&mut c, "sleep 30");
    assert_eq!((uid(&mut c, "web-0"), uid(&mut c, "web-1")), before);
    assert_eq!(image(&mut c, "web-1"), "registry.k8s.io/nginx-slim:0.7");
    go(&mut c, "kubectl delete pod web-1");
    go(&mut c, "sleep 1");
    assert_eq!(
        go(
            &mut c,
            "kubectl wait --for=condition=Ready pod/web-1 --timeout=60s"
        ),
        "pod/web-1 condition met\n"
    );
    assert_eq!(image(&mut c, "web-1"), "registry.k8s.io/nginx-slim:0.24");
    assert_eq!(image(&mut c, "web-0"), "registry.k8s.io/nginx-slim:0.7");
}

#[test]
fn an_orphaning_delete_leaves_the_pods_and_a_new_statefulset_adopts_them() {
    // Pins `delete --cascade=orphan`: the set goes, its pods stay and are not recreated;
    // applying web.yaml again adopts the running pods (same UIDs) and recreates web-0.
    let mut c = tutorial();
    let web1 = uid(&mut c, "web-1");
    assert_eq!(
        go(&mut c, "kubectl delete statefulset web --cascade=orphan"),
        "statefulset.apps \"web\" deleted from default namespace\n"
    );
    let pods = go(&mut c, "kubectl get pods -l app=nginx");
    assert_eq!(
        rows(&pods),
        vec![
            ("web-0".into(), "1/1 Running".into()),
            ("web-1".into(), "1/1 Running".into())
        ],
        "{pods}"
    );
    let described = go(&mut c, "kubectl describe pod web-1");
    assert!(!described.contains("Controlled By:"), "{described}");
    go(&mut c, "kubectl delete pod web-0");
    go(&mut c, "sleep 10");
    assert_eq!(
        rows(&go(&mut c, "kubectl get pods -l app=nginx")),
        vec![("web-1".into(), "1/1 Running".into())]
    );
    assert_eq!(
        go(&mut c, "kubectl apply -f web.yaml"),
        "service/nginx unchanged\nstatefulset.apps/web created\n"
    );
    go(&mut c, "kubectl rollout status sts/web");
    assert_eq!(uid(&mut c, "web-1"), web1);
    let described = go(&mut c, "kubectl describe pod web-1");
    assert!(
        described.contains("Controlled By:  StatefulSet/web\n"),
        "{described}"
    );
    assert_eq!(
        rows(&go(&mut c, "kubectl get pods -l app=nginx")),
        vec![
            ("web-0".into(), "1/1 Running".into()),
            ("web-1".into(), "1/1 Running".into())
        ]
    );
}

#[test]
fn cascade_takes_kubectls_words_and_warns_about_booleans() {
    // Pins parseCascadingFlag (kubectl pkg/cmd/delete/delete_flags.go).
    let mut c = tutorial();
    assert_eq!(
        go(&mut c, "kubectl delete sts web --cascade=sometimes"),
        "error: invalid cascade value (sometimes). Must be \"background\", \"foreground\", or \"orphan\"\n"
    );
    assert_eq!(
        go(&mut c, "kubectl delete sts web --cascade=false"),
        "warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\nstatefulset.apps \"web\" deleted from default namespace\n"
    );
    assert_eq!(rows(&go(&mut c, "kubectl get pods -l app=nginx")).len(), 2);
    go(&mut c, "kubectl apply -f web.yaml");
    go(&mut c, "kubectl rollout status sts/web");
    assert_eq!(
        go(&mut c, "kubectl delete sts web --cascade=true"),
        "warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\nstatefulset.apps \"web\" deleted from default namespace\n"
    );
}

#[test]
fn parallel_pod_management_starts_every_pod_without_waiting() {
    // Pins reference §1.4 Parallel: web-1 is Pending before web-0 is Running, on creation and
    // when scaling up.
    let mut c = console_with(
        "minikube start",
        &[("web-parallel.yaml", example("web-parallel.yaml"))],
    );
    go(&mut c, "kubectl apply -f web-parallel.yaml");
    let watch = go(
        &mut c,
        "kubectl get pods -w -l app.kubernetes.io/name=nginx",
    );
    let first = |p: &str, s: &str| {
        watch
            .lines()
            .position(|l| l.starts_with(&format!("{p} ")) && l.contains(s))
            .unwrap_or(usize::MAX)
    };
    assert!(
        first("web-1", "Pending") < first("web-0", "Running"),
        "{watch}"
    );
    assert_eq!(
        go(&mut c, "kubectl scale statefulset/web --replicas=4"),
        "statefulset.apps/web scaled\n"
    );
    let watch = go(
        &mut c,
        "kubectl get pods -w -l app.kubernetes.io/name=nginx",
    );
    let first = |p: &str, s: &str| {
        watch
            .lines()
            .position(|l| l.starts_with(&format!("{p} ")) && l.contains(s))
            .unwrap_or(usize::MAX)
    };
    assert!(
        first("web-3", "Pending") < first("web-2", "Running"),
        "{watch}"
    );
    // The tutorial's `-l app=nginx` selects none of these pods.
    assert_eq!(
        go(&mut c, "kubectl get pods -l app=nginx"),
        "No resources found in default namespace.\n"
    );
}

#[test]
fn pods_list_in_name_order_and_delete_by_label_goes_in_that_order() {
    // Pins the API's list order (by name, as the store keys sort: web-10 after web-1) and
    // `delete pod -l`, one line per pod, waiting until they are gone.
    let mut c = tutorial();
    go(&mut c, "kubectl scale sts web --replicas=11");
    go(&mut c, "kubectl rollout status sts/web");
    let names: Vec<String> = rows(&go(&mut c, "kubectl get pod -l app=nginx"))
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(
        names,
        vec![
            "web-0", "web-1", "web-10", "web-2", "web-3", "web-4", "web-5", "web-6", "web-7",
            "web-8", "web-9"
        ]
    );
    go(&mut c, "kubectl scale sts web --replicas=2");
    go(&mut c, "kubectl wait --for=delete pod/web-2 --timeout=120s");
    assert_eq!(
        go(&mut c, "kubectl delete pod -l app=nginx"),
        "pod \"web-0\" deleted from default namespace\npod \"web-1\" deleted from default namespace\n"
    );
    // delete waited until both were gone: what is listed now are the replacements.
    let now = go(&mut c, "kubectl get pod -l app=nginx");
    assert!(
        rows(&now).iter().all(|(_, s)| !s.contains("Terminating")),
        "{now}"
    );
}

#[test]
fn waiting_for_the_deletion_of_something_already_gone_prints_nothing() {
    // Pins kubectl wait's IgnoreErrors(IsNotFound) for --for=delete; a condition still needs
    // the object.
    let mut c = tutorial();
    assert_eq!(go(&mut c, "kubectl wait --for=delete pod/web-7"), "");
    assert_eq!(
        go(
            &mut c,
            "kubectl wait --for=delete pod -l app=none --timeout=5s"
        ),
        ""
    );
    assert_eq!(
        go(&mut c, "kubectl wait --for=condition=Ready pod/web-7"),
        "Error from server (NotFound): pods \"web-7\" not found\n"
    );
    go(&mut c, "kubectl scale sts web --replicas=1");
    assert_eq!(
        go(&mut c, "kubectl wait --for=delete pod/web-1 --timeout=60s"),
        "pod/web-1 condition met\n"
    );
}

#[test]
fn the_notes_chmod_succeeds_quietly_on_the_web_root() {
    // Pins the tutorial's 403 note: `chmod 755 /usr/share/nginx/html` exists in the image and
    // prints nothing; a missing file gets coreutils' words.
    let mut c = tutorial();
    assert_eq!(
        go(
            &mut c,
            "kubectl exec web-0 -- chmod 755 /usr/share/nginx/html"
        ),
        ""
    );
    assert_eq!(
        go(&mut c, "kubectl exec web-0 -- chmod 755 /nope"),
        "chmod: cannot access '/nope': No such file or directory\ncommand terminated with exit code 1\n"
    );
    assert_eq!(
        go(&mut c, "kubectl exec web-0 -- chmod 755"),
        "chmod: missing operand after '755'\nTry 'chmod --help' for more information.\ncommand terminated with exit code 1\n"
    );
}

#[test]
fn rolling_back_renumbers_the_old_revision_as_the_newest() {
    // Pins getStatefulSetRevisions: a template equal to an older ControllerRevision reuses it
    // with the next revision number (UpdateControllerRevision), so history after an undo lists
    // 2 and 3, and the pods go back to the first image.
    let mut c = tutorial();
    go(&mut c, IMAGE_024);
    go(&mut c, "kubectl rollout status sts/web");
    assert_eq!(
        go(&mut c, "kubectl rollout history sts/web"),
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    );
    assert_eq!(
        go(&mut c, "kubectl rollout undo sts/web"),
        "statefulset.apps/web rolled back\n"
    );
    go(&mut c, "kubectl rollout status sts/web");
    assert_eq!(
        go(&mut c, "kubectl rollout history sts/web"),
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"
    );
    let revisions: Vec<String> = go(&mut c, "kubectl get controllerrevisions")
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(2).unwrap_or("").to_string())
        .collect();
    let mut sorted = revisions.clone();
    sorted.sort();
    assert_eq!(sorted, vec!["2", "3"], "{revisions:?}");
    assert_eq!(image(&mut c, "web-0"), "registry.k8s.io/nginx-slim:0.7");
    assert_eq!(image(&mut c, "web-1"), "registry.k8s.io/nginx-slim:0.7");
}
