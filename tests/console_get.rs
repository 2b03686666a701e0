//! Scenario tests of `kubectl get` in the console: the seed manifests (StatefulSet `web` with
//! headless Service `nginx`, Deployment `my-nginx-deployment` with Service `my-nginx-svc`) on a
//! simulated minikube, and kubectl's exact output for them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::console::{Console, MemFiles, Output, Stream};
use podplay::engine::{ApplyMode, Command, Key, Outcome, Propagation};
use podplay::manifest::objects::Kind;

fn objects(text: &str) -> Vec<podplay::manifest::objects::Resource> {
    podplay::manifest::analyze(text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect()
}

fn console() -> Console {
    let mut c = Console::new(7, Box::new(MemFiles::default()));
    c.submit("minikube start");
    c
}

fn apply(c: &mut Console, text: &str) {
    let Some(sim) = c.sim_mut() else {
        panic!("no cluster")
    };
    let out = sim.exec(Command::Apply {
        objects: objects(text),
        mode: ApplyMode::Apply,
    });
    let Outcome::Applied(v) = out else {
        panic!("{out:?}")
    };
    assert!(v.iter().all(|a| a.result.is_ok()), "{v:?}");
}

fn settle(c: &mut Console) {
    let Some(sim) = c.sim_mut() else {
        panic!("no cluster")
    };
    assert!(sim.run_until_idle(600_000, 100_000).reached);
}

fn statefulset() -> String {
    format!(
        "{}---\n{}",
        podplay::examples::HEADLESS_SERVICE,
        podplay::examples::STATEFULSET
    )
}

/// Both seed manifests applied and settled.
fn seeded() -> Console {
    let mut c = console();
    apply(&mut c, &statefulset());
    apply(&mut c, podplay::examples::DEPLOYMENT_SERVICE);
    settle(&mut c);
    c
}

fn stream(o: &Output, s: Stream) -> String {
    o.lines
        .iter()
        .filter(|l| l.stream == s)
        .map(|l| format!("{}\n", l.text))
        .collect()
}

/// (stdout, stderr) of one command line.
fn run(c: &mut Console, line: &str) -> (String, String) {
    let o = c.submit(line);
    (stream(&o, Stream::Out), stream(&o, Stream::Err))
}

fn out(c: &mut Console, line: &str) -> String {
    let (o, e) = run(c, line);
    assert_eq!(e, "", "stderr of {line}");
    o
}

#[test]
fn a_headless_service_shows_none_as_its_cluster_ip() {
    // Pins the svc columns and CLUSTER-IP `None` (reference §4.3, §4.6).
    let mut c = seeded();
    assert_eq!(
        out(&mut c, "kubectl get svc nginx"),
        "NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n\
         nginx   ClusterIP   None         <none>        80/TCP    22s\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get services"),
        "NAME           TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)   AGE\n\
         kubernetes     ClusterIP   10.96.0.1        <none>        443/TCP   26s\n\
         my-nginx-svc   ClusterIP   10.100.227.124   <none>        80/TCP    23s\n\
         nginx          ClusterIP   None             <none>        80/TCP    23s\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get svc my-nginx-svc -o wide"),
        "NAME           TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)   AGE   SELECTOR\n\
         my-nginx-svc   ClusterIP   10.100.227.124   <none>        80/TCP    23s   app=my-nginx\n"
    );
}

#[test]
fn pods_wide_add_ip_node_nominated_node_and_readiness_gates() {
    // Pins `kubectl get pods -o wide` (reference §8).
    let mut c = seeded();
    assert_eq!(
        out(&mut c, "kubectl get pods -o wide"),
        "NAME                                   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\n\
         my-nginx-deployment-79f484d76c-ljnnm   1/1     Running   0          22s   10.244.0.3   minikube   <none>           <none>\n\
         my-nginx-deployment-79f484d76c-nrlh8   1/1     Running   0          22s   10.244.0.4   minikube   <none>           <none>\n\
         web-0                                  1/1     Running   0          22s   10.244.0.5   minikube   <none>           <none>\n\
         web-1                                  1/1     Running   0          2s    10.244.0.6   minikube   <none>           <none>\n"
    );
}

#[test]
fn workloads_report_ready_counts_computed_from_their_pods() {
    // Pins sts READY, deploy READY/UP-TO-DATE/AVAILABLE, rs DESIRED/CURRENT/READY (§9.3).
    let mut c = seeded();
    assert_eq!(
        out(&mut c, "kubectl get sts"),
        "NAME   READY   AGE\nweb    2/2     22s\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get deploy"),
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n\
         my-nginx-deployment   2/2     2            2           23s\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get rs"),
        "NAME                             DESIRED   CURRENT   READY   AGE\n\
         my-nginx-deployment-79f484d76c   2         2         2       23s\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get statefulsets.apps -o wide"),
        "NAME   READY   AGE   CONTAINERS   IMAGES\nweb    2/2     23s   nginx        nginx:1.19.0\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get deployment -o wide"),
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR\n\
         my-nginx-deployment   2/2     2            2           24s   nginx        nginx:1.19.0   app=my-nginx\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get rs -o wide"),
        "NAME                             DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES         SELECTOR\n\
         my-nginx-deployment-79f484d76c   2         2         2       24s   nginx        nginx:1.19.0   app=my-nginx,pod-template-hash=79f484d76c\n"
    );
}

#[test]
fn claims_and_volumes_list_bound_with_capacity_and_unset_attributes_class() {
    // Pins the pvc and pv columns (reference §7.5).
    let mut c = seeded();
    assert_eq!(
        out(&mut c, "kubectl get pvc"),
        "NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n\
         www-web-0   Bound    pvc-73b13683-f560-41c7-a6c9-47bf39db9419   1Gi        RWO            standard       <unset>                 22s\n\
         www-web-1   Bound    pvc-506f29d9-6ac0-4ff2-95b1-3078184730c4   1Gi        RWO            standard       <unset>                 2s\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get pv"),
        "NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n\
         pvc-506f29d9-6ac0-4ff2-95b1-3078184730c4   1Gi        RWO            Delete           Bound    default/www-web-1   standard       <unset>                          1s\n\
         pvc-73b13683-f560-41c7-a6c9-47bf39db9419   1Gi        RWO            Delete           Bound    default/www-web-0   standard       <unset>                          22s\n"
    );
}

#[test]
fn a_pending_claim_leaves_capacity_and_access_modes_blank() {
    // Pins that CAPACITY and ACCESS MODES print only once a volume is bound (§7.5).
    let mut c = console();
    apply(&mut c, &statefulset());
    let Some(sim) = c.sim_mut() else {
        panic!("no cluster")
    };
    let limit = sim.now().plus_ms(60_000);
    while !sim
        .cluster()
        .pvcs
        .contains_key(&Key::new("default", "www-web-0"))
    {
        assert!(sim.next_event_time().is_some_and(|t| t < limit));
        sim.step();
    }
    let got = out(&mut c, "kubectl get pvc");
    assert_eq!(
        got,
        "NAME        STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n\
         www-web-0   Pending                                      standard       <unset>                 0s\n"
    );
}

#[test]
fn endpoints_list_ready_addresses_after_a_deprecation_warning() {
    // Pins `kubectl get endpoints` (§4.4): ip:port sorted as text, and the 1.33+ warning.
    let mut c = seeded();
    let (o, e) = run(&mut c, "kubectl get endpoints");
    assert_eq!(
        e,
        "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
    );
    assert_eq!(
        o,
        "NAME           ENDPOINTS                     AGE\n\
         kubernetes     192.168.49.2:8443             25s\n\
         my-nginx-svc   10.244.0.3:80,10.244.0.4:80   22s\n\
         nginx          10.244.0.5:80,10.244.0.6:80   22s\n"
    );
    let (o, _) = run(&mut c, "kubectl get ep kube-dns -n kube-system");
    assert_eq!(
        o,
        "NAME       ENDPOINTS                                     AGE\n\
         kube-dns   10.244.0.2:53,10.244.0.2:53,10.244.0.2:9153   26s\n"
    );
}

#[test]
fn get_all_prints_one_table_per_type_with_kind_prefixes() {
    // Pins `kubectl get all`: pods, services, deployments, replicasets, statefulsets.
    let mut c = seeded();
    assert_eq!(
        out(&mut c, "kubectl get all"),
        "NAME                                       READY   STATUS    RESTARTS   AGE\n\
         pod/my-nginx-deployment-79f484d76c-ljnnm   1/1     Running   0          22s\n\
         pod/my-nginx-deployment-79f484d76c-nrlh8   1/1     Running   0          22s\n\
         pod/web-0                                  1/1     Running   0          22s\n\
         pod/web-1                                  1/1     Running   0          2s\n\
         \n\
         NAME                   TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)   AGE\n\
         service/kubernetes     ClusterIP   10.96.0.1        <none>        443/TCP   25s\n\
         service/my-nginx-svc   ClusterIP   10.100.227.124   <none>        80/TCP    22s\n\
         service/nginx          ClusterIP   None             <none>        80/TCP    22s\n\
         \n\
         NAME                                  READY   UP-TO-DATE   AVAILABLE   AGE\n\
         deployment.apps/my-nginx-deployment   2/2     2            2           22s\n\
         \n\
         NAME                                             DESIRED   CURRENT   READY   AGE\n\
         replicaset.apps/my-nginx-deployment-79f484d76c   2         2         2       22s\n\
         \n\
         NAME                   READY   AGE\n\
         statefulset.apps/web   2/2     22s\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get sts/web svc/nginx"),
        "NAME                   READY   AGE\n\
         statefulset.apps/web   2/2     23s\n\
         \n\
         NAME            TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n\
         service/nginx   ClusterIP   None         <none>        80/TCP    23s\n"
    );
}

#[test]
fn names_selectors_and_output_name_pick_objects() {
    // Pins `-o name`, `-l`, names as words and `type/name`, comma lists.
    let mut c = seeded();
    assert_eq!(
        out(&mut c, "kubectl get pods -o name"),
        "pod/my-nginx-deployment-79f484d76c-ljnnm\npod/my-nginx-deployment-79f484d76c-nrlh8\npod/web-0\npod/web-1\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get svc,sts -o name"),
        "service/kubernetes\nservice/my-nginx-svc\nservice/nginx\nstatefulset.apps/web\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get pods -l app=my-nginx"),
        "NAME                                   READY   STATUS    RESTARTS   AGE\n\
         my-nginx-deployment-79f484d76c-ljnnm   1/1     Running   0          23s\n\
         my-nginx-deployment-79f484d76c-nrlh8   1/1     Running   0          23s\n"
    );
    assert_eq!(
        out(
            &mut c,
            "kubectl get po -l 'app in (nginx),apps.kubernetes.io/pod-index!=0' -o name"
        ),
        "pod/web-1\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get pod web-0 web-1 -o name"),
        "pod/web-0\npod/web-1\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get pod/web-1 --no-headers"),
        "web-1   1/1   Running   0     4s\n"
    );
}

#[test]
fn all_namespaces_puts_namespace_first_and_shows_the_system_pods() {
    // Pins `-A`: NAMESPACE column, kube-system pods, the node's hostNetwork pods.
    let mut c = seeded();
    let got = out(&mut c, "kubectl get pods -A");
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(
        lines[0],
        "NAMESPACE     NAME                                   READY   STATUS    RESTARTS   AGE"
    );
    assert!(lines.contains(
        &"kube-system   etcd-minikube                          1/1     Running   0          25s"
    ));
    assert!(lines.contains(
        &"kube-system   storage-provisioner                    1/1     Running   0          25s"
    ));
    assert!(lines.contains(
        &"default       web-0                                  1/1     Running   0          22s"
    ));
    assert_eq!(lines.len(), 12);
    assert_eq!(
        out(&mut c, "kubectl get svc -n kube-system"),
        "NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE\n\
         kube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   26s\n"
    );
}

#[test]
fn show_labels_appends_sorted_labels_or_none() {
    // Pins `--show-labels` (a LABELS column last, `k=v` sorted by key, `<none>` when empty).
    let mut c = seeded();
    assert_eq!(
        out(&mut c, "kubectl get pods -l app=nginx --show-labels"),
        "NAME    READY   STATUS    RESTARTS   AGE   LABELS\n\
         web-0   1/1     Running   0          22s   app=nginx,apps.kubernetes.io/pod-index=0,controller-revision-hash=web-7745ff6dbf,statefulset.kubernetes.io/pod-name=web-0\n\
         web-1   1/1     Running   0          2s    app=nginx,apps.kubernetes.io/pod-index=1,controller-revision-hash=web-7745ff6dbf,statefulset.kubernetes.io/pod-name=web-1\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get svc nginx --show-labels"),
        "NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   LABELS\n\
         nginx   ClusterIP   None         <none>        80/TCP    23s   <none>\n"
    );
}

#[test]
fn nodes_storage_classes_and_namespaces_are_cluster_scoped_tables() {
    // Pins nodes (§8), storage classes (§7.1) and namespaces.
    let mut c = seeded();
    assert_eq!(
        out(&mut c, "kubectl get nodes"),
        "NAME       STATUS   ROLES           AGE   VERSION\nminikube   Ready    control-plane   25s   v1.34.0\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get sc"),
        "NAME                 PROVISIONER                RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\n\
         standard (default)   k8s.io/minikube-hostpath   Delete          Immediate           false                  26s\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get ns -A"),
        "NAME              STATUS   AGE\ndefault           Active   26s\nkube-node-lease   Active   26s\nkube-public       Active   26s\nkube-system       Active   26s\n"
    );
}

#[test]
fn yaml_of_a_pod_is_the_live_object_with_sorted_keys_and_status() {
    // Spot-checks `-o yaml` of a StatefulSet pod (§9, go-yaml layout).
    let mut c = seeded();
    let y = out(&mut c, "kubectl get pod web-0 -o yaml");
    let lines: Vec<&str> = y.lines().collect();
    assert_eq!(
        &lines[..4],
        &[
            "apiVersion: v1",
            "kind: Pod",
            "metadata:",
            "  creationTimestamp: \"2025-11-25T10:00:02Z\""
        ]
    );
    for want in [
        "  generateName: web-",
        "    apps.kubernetes.io/pod-index: \"0\"",
        "    controller-revision-hash: web-7745ff6dbf",
        "  ownerReferences:",
        "  - apiVersion: apps/v1",
        "    blockOwnerDeletion: true",
        "    kind: StatefulSet",
        "  containers:",
        "  - image: nginx:1.19.0",
        "    - containerPort: 80",
        "  hostname: web-0",
        "  nodeName: minikube",
        "  subdomain: nginx",
        "      claimName: www-web-0",
        "status:",
        "    type: PodScheduled",
        "  phase: Running",
        "  podIP: 10.244.0.5",
        "  - ip: 10.244.0.5",
        "  qosClass: BestEffort",
    ] {
        assert!(lines.contains(&want), "missing {want:?} in\n{y}");
    }
    let y = out(&mut c, "kubectl get svc nginx -o yaml");
    assert!(y.contains("  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"apiVersion\":\"v1\",\"kind\":\"Service\""), "{y}");
    assert!(y.contains("  clusterIP: None\n"), "{y}");
    assert!(y.ends_with("status:\n  loadBalancer: {}\n"), "{y}");
}

#[test]
fn several_objects_in_yaml_or_json_form_a_list() {
    // Pins the `List` wrapper and kubectl's JSON indentation.
    let mut c = seeded();
    let y = out(&mut c, "kubectl get pods -l app=nobody -o yaml");
    assert_eq!(
        y,
        "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
    );
    let j = out(&mut c, "kubectl get pods -l app=nobody -o json");
    assert_eq!(
        j,
        "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"
    );
    let j = out(&mut c, "kubectl get sts web -o json");
    assert!(j.starts_with("{\n    \"apiVersion\": \"apps/v1\",\n    \"kind\": \"StatefulSet\",\n    \"metadata\": {\n        \"annotations\": {\n"), "{j}");
    assert!(
        j.contains("        \"readyReplicas\": 2,\n        \"replicas\": 2,\n"),
        "{j}"
    );
    let y = out(&mut c, "kubectl get pod web-0 web-1 -o yaml");
    assert!(
        y.starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n"),
        "{y}"
    );
}

#[test]
fn errors_read_as_kubectl_prints_them() {
    // Pins unknown types, NotFound, empty lists, bad flags, bad formats and a missing type.
    let mut c = seeded();
    assert_eq!(
        run(&mut c, "kubectl get podz"),
        (
            String::new(),
            "error: the server doesn't have a resource type \"podz\"\n".into()
        )
    );
    assert_eq!(
        run(&mut c, "kubectl get pod x"),
        (
            String::new(),
            "Error from server (NotFound): pods \"x\" not found\n".into()
        )
    );
    assert_eq!(
        run(&mut c, "kubectl get sts nope"),
        (
            String::new(),
            "Error from server (NotFound): statefulsets.apps \"nope\" not found\n".into()
        )
    );
    let (o, e) = run(&mut c, "kubectl get pod web-0 x");
    assert!(o.starts_with("NAME    READY"), "{o}");
    assert_eq!(e, "Error from server (NotFound): pods \"x\" not found\n");
    assert_eq!(
        run(&mut c, "kubectl get pods -n kube-public"),
        (
            String::new(),
            "No resources found in kube-public namespace.\n".into()
        )
    );
    assert_eq!(
        run(&mut c, "kubectl get cm -A"),
        (String::new(), "No resources found\n".into())
    );
    assert_eq!(
        run(&mut c, "kubectl get pods --foo"),
        (
            String::new(),
            "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n".into()
        )
    );
    assert_eq!(
        run(&mut c, "kubectl get pods -o foo"),
        (
            String::new(),
            "error: unable to match a printer suitable for the output format \"foo\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n".into()
        )
    );
    assert_eq!(
        run(&mut c, "kubectl get"),
        (
            String::new(),
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n".into()
        )
    );
    assert_eq!(
        run(&mut c, "kubectl get pod web-0 -A"),
        (
            String::new(),
            "error: a resource cannot be retrieved by name across all namespaces\n".into()
        )
    );
}

/// Submits a watch, optionally acts on the cluster, and runs the watch to its end.
fn watch(c: &mut Console, line: &str, act: impl FnOnce(&mut Console)) -> String {
    let mut o = c.submit(line);
    act(c);
    o.extend(c.finish());
    stream(&o, Stream::Out)
}

#[test]
fn watching_the_seed_statefulset_shows_web_0_running_before_web_1_and_widths_grow() {
    // Pins `kubectl get pods -w` from an empty namespace (§3.2, Errata): the header comes with
    // the first row, two Pending rows (created, bound), ContainerCreating widens STATUS.
    let mut c = console();
    apply(&mut c, &statefulset());
    let got = watch(&mut c, "kubectl get pods -w", |_| {});
    assert_eq!(
        got,
        "NAME    READY   STATUS    RESTARTS   AGE\n\
         web-0   0/1     Pending   0          0s\n\
         web-0   0/1     Pending   0          1s\n\
         web-0   0/1     ContainerCreating   0          1s\n\
         web-0   1/1     Running             0          14s\n\
         web-1   0/1     Pending             0          0s\n\
         web-1   0/1     Pending             0          2s\n\
         web-1   0/1     ContainerCreating   0          2s\n\
         web-1   1/1     Running             0          3s\n"
    );
}

#[test]
fn deleting_a_watched_pod_ends_with_its_final_row_repeated_then_its_replacement() {
    // Pins the deletion sequence (§3.2): 1/1 Terminating, 0/1 Terminating, 0/1 Completed for
    // the last MODIFIED and again for DELETED; the StatefulSet then recreates web-0.
    let mut c = console();
    apply(&mut c, &statefulset());
    settle(&mut c);
    let got = watch(&mut c, "kubectl get pods -w", |c| {
        let Some(sim) = c.sim_mut() else {
            panic!("no cluster")
        };
        sim.exec(Command::Delete {
            kind: Kind::Pod,
            key: Key::new("default", "web-0"),
            propagation: Propagation::Background,
            grace_s: None,
            force: false,
        });
    });
    assert_eq!(
        got,
        "NAME    READY   STATUS    RESTARTS   AGE\n\
         web-0   1/1     Running   0          17s\n\
         web-1   1/1     Running   0          3s\n\
         web-0   1/1     Terminating   0          17s\n\
         web-0   0/1     Terminating   0          17s\n\
         web-0   0/1     Completed     0          18s\n\
         web-0   0/1     Completed     0          18s\n\
         web-0   0/1     Pending       0          0s\n\
         web-0   0/1     Pending       0          0s\n\
         web-0   0/1     ContainerCreating   0          0s\n\
         web-0   1/1     Running             0          2s\n"
    );
}

#[test]
fn watch_only_skips_the_list_and_request_timeout_ends_the_watch() {
    // Pins `--watch-only` (no initial list) and `--request-timeout` as the watch's end.
    let mut c = seeded();
    let got = watch(
        &mut c,
        "kubectl get sts --watch-only --request-timeout=1s",
        |c| {
            let Some(sim) = c.sim_mut() else {
                panic!("no cluster")
            };
            sim.exec(Command::Scale {
                kind: Kind::StatefulSet,
                key: Key::new("default", "web"),
                replicas: 3,
            });
        },
    );
    assert_eq!(got, "NAME   READY   AGE\nweb    2/3     22s\n");
    let Some(sim) = c.sim() else {
        panic!("no cluster")
    };
    assert!(
        sim.next_event_time().is_some(),
        "the watch ended before the cluster settled"
    );
}
