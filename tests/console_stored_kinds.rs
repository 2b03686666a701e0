//! The built-in kinds podplay stores without simulating (ServiceAccount, Secret,
//! PodDisruptionBudget, Job, Ingress, NetworkPolicy, …): `apply` takes every object of a real
//! file, `get` prints kubectl 1.34's columns, and a kind the API lacks is refused alone.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::console::{console_with, example, out, run};
use podplay::console::Console;

fn console(files: &[(&str, String)]) -> Console {
    console_with("minikube start", files)
}

fn settle(c: &mut Console) {
    let sim = c.sim_mut().expect("cluster");
    assert!(sim.run_until_idle(600_000, 200_000).reached);
}

#[test]
fn zookeeper_applies_whole_with_its_disruption_budget() {
    // Pins: the PDB (policy/v1) is created with the others and named with its group.
    let mut c = console(&[("zookeeper.yaml", example("zookeeper.yaml"))]);
    assert_eq!(
        out(&mut c, "kubectl apply -f zookeeper.yaml"),
        "service/zk-hs created\n\
         service/zk-cs created\n\
         poddisruptionbudget.policy/zk-pdb created\n\
         statefulset.apps/zk created\n"
    );
    let pdb = out(&mut c, "kubectl get pdb");
    assert_eq!(
        pdb,
        "NAME     MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\n\
         zk-pdb   N/A             1                 0                     0s\n"
    );
    assert_eq!(
        out(
            &mut c,
            "kubectl get poddisruptionbudgets.policy zk-pdb -o name"
        ),
        "poddisruptionbudget.policy/zk-pdb\n"
    );
}

#[test]
fn allowed_disruptions_follow_the_ready_pods() {
    // Pins the disruption controller's arithmetic: maxUnavailable 1 of 2 replicas, both
    // Ready, allows one disruption; minAvailable 2 of 2 allows none.
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: max\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: app\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: min\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: app\n";
    let mut c = console(&[("app.yaml", yaml.to_string())]);
    out(&mut c, "kubectl apply -f app.yaml");
    settle(&mut c);
    let table = out(&mut c, "kubectl get pdb");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0][..4], ["max", "N/A", "1", "1"]);
    assert_eq!(rows[1][..4], ["min", "2", "N/A", "0"]);
    let yaml = out(&mut c, "kubectl get pdb max -o yaml");
    assert!(yaml.contains("  currentHealthy: 2\n"), "{yaml}");
    assert!(yaml.contains("  disruptionsAllowed: 1\n"), "{yaml}");
    assert!(yaml.contains("  expectedPods: 2\n"), "{yaml}");
}

#[test]
fn secrets_service_accounts_and_short_names_list_with_kubectl_columns() {
    // Pins secrets `NAME TYPE DATA AGE`, sa `NAME SECRETS AGE`, the default ServiceAccount.
    let yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysql-pass\ntype: Opaque\ndata:\n  password: cGFzcw==\nstringData:\n  user: root\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: bookinfo-details\n";
    let mut c = console(&[("s.yaml", yaml.to_string())]);
    assert_eq!(
        out(&mut c, "kubectl apply -f s.yaml"),
        "secret/mysql-pass created\nserviceaccount/bookinfo-details created\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get secrets"),
        "NAME         TYPE     DATA   AGE\nmysql-pass   Opaque   2      0s\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get sa"),
        "NAME               SECRETS   AGE\nbookinfo-details   0         0s\ndefault            0         3s\n"
    );
    assert!(out(&mut c, "kubectl get sa -n kube-system").contains("default "));
    assert_eq!(
        out(&mut c, "kubectl delete secret mysql-pass"),
        "secret \"mysql-pass\" deleted from default namespace\n"
    );
    let (o, e) = run(&mut c, "kubectl get secret mysql-pass");
    assert_eq!(o, "");
    assert_eq!(
        e,
        "Error from server (NotFound): secrets \"mysql-pass\" not found\n"
    );
}

#[test]
fn a_kind_the_api_lacks_is_refused_alone_and_the_rest_applies() {
    // Pins kubectl's mapping error for a custom resource, printed after the others' results.
    let yaml = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n";
    let mut c = console(&[("mixed.yaml", yaml.to_string())]);
    let (o, e) = run(&mut c, "kubectl apply -f mixed.yaml");
    assert_eq!(o, "configmap/settings created\n");
    assert_eq!(
        e,
        "error: resource mapping not found for name: \"w\" namespace: \"\" from \"mixed.yaml\": no matches for kind \"Widget\" in version \"example.com/v1\"\nensure CRDs are installed first\n"
    );
    let (o, e) = run(&mut c, "kubectl get pdb");
    assert_eq!(
        (o.as_str(), e.as_str()),
        ("", "No resources found in default namespace.\n")
    );
}

#[test]
fn networking_and_batch_kinds_print_their_columns() {
    // Pins ing, netpol, job and cronjob rows from the printers.
    let mut c = console(&[
        ("ing.yaml", example("net-minimal-ingress.yaml")),
        ("np.yaml", example("net-networkpolicy.yaml")),
        ("job.yaml", example("rabbitmq-job.yaml")),
    ]);
    out(&mut c, "kubectl apply -f ing.yaml");
    out(&mut c, "kubectl apply -f np.yaml");
    out(&mut c, "kubectl apply -f job.yaml");
    assert_eq!(
        out(&mut c, "kubectl get ing"),
        "NAME              CLASS           HOSTS   ADDRESS   PORTS   AGE\n\
         minimal-ingress   nginx-example   *                 80      1s\n"
    );
    let np = out(&mut c, "kubectl get netpol");
    assert!(
        np.starts_with("NAME                  POD-SELECTOR   AGE\n"),
        "{np}"
    );
    assert!(np.contains("test-network-policy   role=db"), "{np}");
    let jobs = out(&mut c, "kubectl get jobs");
    assert!(jobs.starts_with("NAME "), "{jobs}");
    assert!(
        jobs.contains("STATUS    COMPLETIONS   DURATION   AGE"),
        "{jobs}"
    );
}

#[test]
fn describe_shows_stored_objects_as_kubectl_does() {
    // Pins describeSecret (sizes, not values), describePodDisruptionBudget's status block, and
    // the generic describer with podplay's one line for a kind it does not run.
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysql-pass\ndata:\n  password: cGFzc3dvcmQ=\n";
    let mut c = console(&[
        ("s.yaml", secret.to_string()),
        ("zk.yaml", example("zookeeper.yaml")),
        ("job.yaml", example("rabbitmq-job.yaml")),
    ]);
    out(&mut c, "kubectl apply -f s.yaml");
    out(&mut c, "kubectl apply -f zk.yaml");
    out(&mut c, "kubectl apply -f job.yaml");
    assert_eq!(
        out(&mut c, "kubectl describe secret mysql-pass"),
        "Name:         mysql-pass\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  8 bytes\n"
    );
    let pdb = out(&mut c, "kubectl describe pdb zk-pdb");
    assert!(
        pdb.starts_with("Name:             zk-pdb\nNamespace:        default\nMax unavailable:  1\nSelector:         app.kubernetes.io/name=zk\nStatus:\n    Allowed disruptions:  0\n"),
        "{pdb}"
    );
    let job = out(&mut c, "kubectl describe job job-wq-1");
    assert!(job.contains("API Version:  batch/v1\n"), "{job}");
    assert!(job.contains("  Backoff Limit:  "), "{job}");
    assert!(
        job.ends_with("(podplay keeps this Job and shows it as the apiserver stores it, but does not simulate what it does.)\n"),
        "{job}"
    );
}

#[test]
fn a_missing_secret_holds_the_pod_until_it_is_created() {
    // Pins the kubelet's CreateContainerConfigError: the WordPress MySQL Deployment without its
    // Secret waits with the kubelet's `Failed` event; creating the Secret lets it start, and the
    // container sees the value.
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysql-pass\nstringData:\n  password: s3cret\n";
    let mut c = console(&[
        ("mysql.yaml", example("wordpress-mysql-deployment.yaml")),
        ("secret.yaml", secret.to_string()),
    ]);
    out(&mut c, "kubectl apply -f mysql.yaml");
    settle_for(&mut c, 60_000);
    let pods = out(&mut c, "kubectl get pods -l app=wordpress");
    assert!(
        pods.contains("0/1     CreateContainerConfigError   0 "),
        "{pods}"
    );
    let name = pods
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    let describe = out(&mut c, &format!("kubectl describe pod {name}"));
    assert!(
        describe.contains("      Reason:       CreateContainerConfigError\n"),
        "{describe}"
    );
    assert!(
        describe.contains("kubelet            Error: secret \"mysql-pass\" not found"),
        "{describe}"
    );
    out(&mut c, "kubectl apply -f secret.yaml");
    settle_for(&mut c, 60_000);
    let pods = out(&mut c, "kubectl get pods -l app=wordpress");
    assert!(pods.contains("1/1     Running"), "{pods}");
    assert_eq!(
        out(
            &mut c,
            &format!("kubectl exec {name} -- printenv MYSQL_ROOT_PASSWORD")
        ),
        "s3cret\n"
    );
}

#[test]
fn secret_and_config_map_volumes_show_their_keys_as_files() {
    // Pins the files a `secret` volume projects (decoded) and `envFrom` with a prefix.
    let yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ndata:\n  user: YWRtaW4=\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  MODE: fast\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: reader\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [sleep, \"3600\"]\n    envFrom:\n    - prefix: APP_\n      configMapRef:\n        name: settings\n    volumeMounts:\n    - name: creds\n      mountPath: /etc/creds\n  volumes:\n  - name: creds\n    secret:\n      secretName: creds\n";
    let mut c = console(&[("r.yaml", yaml.to_string())]);
    out(&mut c, "kubectl apply -f r.yaml");
    settle(&mut c);
    assert_eq!(
        out(&mut c, "kubectl exec reader -- cat /etc/creds/user"),
        "admin\n"
    );
    assert_eq!(
        out(&mut c, "kubectl exec reader -- printenv APP_MODE"),
        "fast\n"
    );
}

fn settle_for(c: &mut Console, ms: u64) {
    let sim = c.sim_mut().expect("cluster");
    let t = sim.now().plus_ms(ms);
    sim.run_until(t, 200_000);
}

#[test]
fn describe_configmap_prints_each_key_its_rule_and_its_value() {
    // Pins kubectl's describeConfigMap: keys sorted, `----` under each, an empty BinaryData
    // section, then the events; `cm` and the plural name the same object.
    let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game\n  labels:\n    app: game\ndata:\n  player_lives: \"3\"\n  game.properties: |\n    enemies=aliens\n    lives=3\n";
    let mut c = console(&[("cm.yaml", yaml.to_string())]);
    assert_eq!(
        out(&mut c, "kubectl apply -f cm.yaml"),
        "configmap/game created\n"
    );
    let expected = "Name:         game\nNamespace:    default\nLabels:       app=game\nAnnotations:  <none>\n\nData\n====\ngame.properties:\n----\nenemies=aliens\nlives=3\n\nplayer_lives:\n----\n3\n\nBinaryData\n====\n\nEvents:  <none>\n";
    assert_eq!(out(&mut c, "kubectl describe configmap game"), expected);
    assert_eq!(out(&mut c, "kubectl describe cm game"), expected);
    assert_eq!(out(&mut c, "kubectl describe configmaps"), expected);
    let (o, e) = run(&mut c, "kubectl describe cm nothing");
    assert_eq!(
        (o.as_str(), e.as_str()),
        (
            "",
            "Error from server (NotFound): configmaps \"nothing\" not found\n"
        )
    );
}
