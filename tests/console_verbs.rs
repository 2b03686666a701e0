//! The editing and object-making kubectl verbs: `patch --type json|merge|strategic`, `label`,
//! `annotate`, `set image|env`, `create secret|configmap|deployment`, `expose`, `drain` with
//! PodDisruptionBudgets, and the one line for real kubectl commands and flags podplay does not
//! simulate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::console::{console_with, example, stream};
use podplay::console::{Console, Stream};

/// (stdout, stderr) of a line run to its end (jobs included).
fn sh(c: &mut Console, line: &str) -> (String, String) {
    let mut o = c.submit(line);
    o.extend(c.finish());
    (stream(&o, Stream::Out), stream(&o, Stream::Err))
}

/// The stdout of a line that must print nothing on stderr.
fn ok(c: &mut Console, line: &str) -> String {
    let (o, e) = sh(c, line);
    assert_eq!(e, "", "stderr of {line}");
    o
}

fn web() -> Console {
    let mut c = console_with("minikube start", &[("web.yaml", example("web.yaml"))]);
    ok(&mut c, "kubectl apply -f web.yaml");
    ok(&mut c, "sleep 120");
    c
}

/// `kubectl get pods -o wide` rows as (name, node).
fn placement(c: &mut Console) -> Vec<(String, String)> {
    ok(c, "kubectl get pods -o wide")
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0].to_string(), f[6].to_string())
        })
        .collect()
}

#[test]
fn json_patch_of_the_statefulset_image_rolls_the_pods_in_reverse_ordinal_order() {
    let mut c = web();
    assert_eq!(
        ok(
            &mut c,
            r#"kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"gcr.io/google_containers/nginx-slim:0.7"}]'"#
        ),
        "statefulset.apps/web patched\n"
    );
    let watch = ok(&mut c, "kubectl get pods -w --request-timeout=90s");
    let recreated: Vec<&str> = watch
        .lines()
        .filter(|l| l.contains(" Pending ") && l.contains(" 0s"))
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(recreated, ["web-1", "web-1", "web-0", "web-0"], "{watch}");
    let yaml = ok(&mut c, "kubectl get pod web-0 -o yaml");
    assert!(
        yaml.contains("  - image: gcr.io/google_containers/nginx-slim:0.7\n"),
        "{yaml}"
    );
    // The same patch again changes nothing.
    assert_eq!(
        ok(
            &mut c,
            r#"kubectl patch sts web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"gcr.io/google_containers/nginx-slim:0.7"}]'"#
        ),
        "statefulset.apps/web patched (no change)\n"
    );
}

#[test]
fn partition_and_on_delete_patches_are_strategic_merges() {
    let mut c = web();
    assert_eq!(
        ok(
            &mut c,
            r#"kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'"#
        ),
        "statefulset.apps/web patched\n"
    );
    let yaml = ok(&mut c, "kubectl get sts web -o yaml");
    assert!(
        yaml.contains(
            "  updateStrategy:\n    rollingUpdate:\n      partition: 3\n    type: RollingUpdate\n"
        ),
        "{yaml}"
    );
    assert_eq!(
        ok(
            &mut c,
            r#"kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'"#
        ),
        "statefulset.apps/web patched (no change)\n"
    );
    assert_eq!(
        ok(
            &mut c,
            r#"kubectl patch statefulset web --type merge -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'"#
        ),
        "statefulset.apps/web patched\n"
    );
    let yaml = ok(&mut c, "kubectl get sts web -o yaml");
    assert!(
        yaml.contains("  updateStrategy:\n    type: OnDelete\n"),
        "{yaml}"
    );
}

#[test]
fn bad_patches_get_kubectls_and_the_servers_errors() {
    let mut c = web();
    let cases = [
        (
            r#"kubectl patch sts web --type=json -p '{"op":"add"}'"#,
            "Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n",
        ),
        (
            r#"kubectl patch sts web --type=json -p '[{"op":"replace","path":"/spec/nope","value":1}]'"#,
            "The request is invalid: replace operation does not apply: doc is missing key: /spec/nope: missing value\n",
        ),
        (
            r#"kubectl patch sts web --type=json -p '[{"op":"test","path":"/spec/replicas","value":5}]'"#,
            "The request is invalid: testing value /spec/replicas failed: test failed\n",
        ),
        (
            r#"kubectl patch sts web --type=xml -p '{}'"#,
            "error: --type must be one of [json merge strategic], not \"xml\"\nSee 'kubectl patch -h' for help and examples\n",
        ),
        (
            "kubectl patch sts web",
            "error: must specify --patch or --patch-file containing the contents of the patch\n",
        ),
        (
            r#"kubectl patch sts nope -p '{"spec":{}}'"#,
            "Error from server (NotFound): statefulsets.apps \"nope\" not found\n",
        ),
    ];
    for (line, want) in cases {
        assert_eq!(
            sh(&mut c, line),
            (String::new(), want.to_string()),
            "{line}"
        );
    }
    // A JSON patch that adds to a list and removes by index.
    assert_eq!(
        ok(
            &mut c,
            r#"kubectl patch sts web --type=json -p '[{"op":"add","path":"/spec/template/metadata/labels/tier","value":"web"},{"op":"test","path":"/spec/replicas","value":2}]'"#
        ),
        "statefulset.apps/web patched\n"
    );
}

#[test]
fn label_and_annotate_round_trip_through_show_labels() {
    let mut c = web();
    assert_eq!(
        ok(&mut c, "kubectl label pod web-0 tier=frontend"),
        "pod/web-0 labeled\n"
    );
    assert_eq!(
        sh(&mut c, "kubectl label pod web-0 tier=backend"),
        (
            String::new(),
            "error: 'tier' already has a value (frontend), and --overwrite is false\n".to_string()
        )
    );
    assert_eq!(
        ok(&mut c, "kubectl label pod web-0 tier=backend --overwrite"),
        "pod/web-0 labeled\n"
    );
    assert_eq!(
        ok(&mut c, "kubectl label pod web-0 tier=backend"),
        "pod/web-0 not labeled\n"
    );
    let labels = ok(&mut c, "kubectl get pod web-0 --show-labels");
    assert!(labels.contains(",tier=backend\n"), "{labels}");
    assert_eq!(
        ok(&mut c, "kubectl label pod/web-0 tier-"),
        "pod/web-0 unlabeled\n"
    );
    assert_eq!(
        ok(&mut c, "kubectl label pod web-0 tier-"),
        "label \"tier\" not found.\npod/web-0 not labeled\n"
    );
    let labels = ok(&mut c, "kubectl get pod web-0 --show-labels");
    assert!(!labels.contains("tier="), "{labels}");
    assert_eq!(
        ok(&mut c, "kubectl label pods -l app=nginx env=dev"),
        "pod/web-0 labeled\npod/web-1 labeled\n"
    );
    assert_eq!(
        ok(&mut c, "kubectl annotate sts web note=hello"),
        "statefulset.apps/web annotated\n"
    );
    assert_eq!(
        sh(&mut c, "kubectl annotate sts web note=bye"),
        (
            String::new(),
            "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello)\n".to_string()
        )
    );
    let yaml = ok(&mut c, "kubectl get sts web -o yaml");
    assert!(yaml.contains("    note: hello\n"), "{yaml}");
    assert_eq!(
        sh(&mut c, "kubectl label pod web-0"),
        (
            String::new(),
            "error: at least one label update is required\n".to_string()
        )
    );
    assert_eq!(
        sh(&mut c, "kubectl label pod web-0 'bad key=x'"),
        (
            String::new(),
            "error: invalid label spec: bad key=x\n".to_string()
        )
    );
    assert_eq!(
        sh(&mut c, "kubectl label pod nope a=b"),
        (
            String::new(),
            "Error from server (NotFound): pods \"nope\" not found\n".to_string()
        )
    );
}

#[test]
fn set_image_and_env_update_the_pod_template() {
    let mut c = console_with("minikube start", &[]);
    assert_eq!(
        ok(
            &mut c,
            "kubectl create deployment hello --image=registry.k8s.io/echoserver:1.4 --port=8080"
        ),
        "deployment.apps/hello created\n"
    );
    let yaml = ok(&mut c, "kubectl get deploy hello -o yaml");
    for want in [
        "  labels:\n    app: hello\n",
        "  selector:\n    matchLabels:\n      app: hello\n",
        "      - image: registry.k8s.io/echoserver:1.4\n",
        "        name: echoserver\n",
        "        - containerPort: 8080\n",
    ] {
        assert!(yaml.contains(want), "{want}\n{yaml}");
    }
    assert_eq!(
        ok(
            &mut c,
            "kubectl set image deployment/hello echoserver=nginx:1.25"
        ),
        "deployment.apps/hello image updated\n"
    );
    // Nothing to change: kubectl prints nothing.
    assert_eq!(
        ok(
            &mut c,
            "kubectl set image deployment/hello echoserver=nginx:1.25"
        ),
        ""
    );
    assert_eq!(
        sh(&mut c, "kubectl set image deployment/hello web=nginx:1.25"),
        (
            String::new(),
            "error: unable to find container named \"web\"\n".to_string()
        )
    );
    assert_eq!(
        ok(
            &mut c,
            "kubectl set env deployment/hello GREETING=hi MODE=x"
        ),
        "deployment.apps/hello env updated\n"
    );
    assert_eq!(
        ok(&mut c, "kubectl set env deployment/hello MODE-"),
        "deployment.apps/hello env updated\n"
    );
    let yaml = ok(&mut c, "kubectl get deploy hello -o yaml");
    assert!(
        yaml.contains("      - env:\n        - name: GREETING\n          value: hi\n        image: nginx:1.25\n"),
        "{yaml}"
    );
    assert_eq!(
        sh(&mut c, "kubectl set resources deployment/hello --limits=cpu=200m"),
        (
            String::new(),
            "podplay does not simulate `kubectl set resources` (a real kubectl command); type help for the commands it answers\n".to_string()
        )
    );
}

#[test]
fn secrets_and_configmaps_come_from_literals_files_and_env_files() {
    let mut c = console_with(
        "minikube start",
        &[
            ("game.properties", "lives=3\n".to_string()),
            ("conf/a.txt", "A".to_string()),
            ("conf/b.txt", "B".to_string()),
            ("app.env", "# settings\nMODE=prod\n\nLEVEL=2\n".to_string()),
        ],
    );
    assert_eq!(
        ok(
            &mut c,
            "kubectl create secret generic mysql-pass --from-literal=password=YOUR_PASSWORD"
        ),
        "secret/mysql-pass created\n"
    );
    let yaml = ok(&mut c, "kubectl get secret mysql-pass -o yaml");
    assert!(
        yaml.starts_with("apiVersion: v1\ndata:\n  password: WU9VUl9QQVNTV09SRA==\nkind: Secret\n"),
        "{yaml}"
    );
    assert!(yaml.ends_with("type: Opaque\n"), "{yaml}");
    assert_eq!(
        sh(
            &mut c,
            "kubectl create secret generic mysql-pass --from-literal=password=x"
        ),
        (
            String::new(),
            "Error from server (AlreadyExists): secrets \"mysql-pass\" already exists\n"
                .to_string()
        )
    );
    assert_eq!(
        ok(
            &mut c,
            "kubectl create secret generic files --from-file=game.properties --from-file=k=app.env"
        ),
        "secret/files created\n"
    );
    let yaml = ok(&mut c, "kubectl get secret files -o yaml");
    assert!(yaml.contains("  game.properties: bGl2ZXM9Mwo=\n"), "{yaml}");
    assert_eq!(
        ok(
            &mut c,
            "kubectl create configmap game --from-file=game.properties --from-env-file=app.env --from-literal=a=b"
        ),
        "configmap/game created\n"
    );
    let yaml = ok(&mut c, "kubectl get configmap game -o yaml");
    assert!(
        yaml.starts_with("apiVersion: v1\ndata:\n  LEVEL: \"2\"\n  MODE: prod\n  a: b\n  game.properties: |\n    lives=3\nkind: ConfigMap\n"),
        "{yaml}"
    );
    assert_eq!(
        ok(&mut c, "kubectl create configmap dir --from-file=./conf"),
        "configmap/dir created\n"
    );
    let yaml = ok(&mut c, "kubectl get configmap dir -o yaml");
    assert!(
        yaml.starts_with("apiVersion: v1\ndata:\n  a.txt: A\n  b.txt: B\nkind: ConfigMap\n"),
        "{yaml}"
    );
    for (line, err) in [
        (
            "kubectl create secret generic x --from-literal=novalue",
            "error: invalid literal source novalue, expected key=value\n",
        ),
        (
            "kubectl create secret generic x --from-file=missing.txt",
            "error: error reading missing.txt: no such file or directory\n",
        ),
        (
            "kubectl create configmap",
            "error: exactly one NAME is required, got 0\nSee 'kubectl create configmap -h' for help and examples\n",
        ),
        (
            "kubectl create secret tls t --cert=a.crt",
            "error: key and cert must be specified\n",
        ),
        (
            "kubectl create quota q",
            "podplay does not simulate `kubectl create quota` (a real kubectl command); type help for the commands it answers\n",
        ),
    ] {
        assert_eq!(sh(&mut c, line), (String::new(), err.to_string()), "{line}");
    }
}

#[test]
fn expose_builds_the_service_kubectl_builds() {
    let mut c = web();
    ok(
        &mut c,
        "kubectl create deployment hello --image=registry.k8s.io/echoserver:1.4 --port=8080",
    );
    assert_eq!(
        ok(
            &mut c,
            "kubectl expose deployment hello --type=NodePort --port=80 --target-port=8080 --name=hello-svc"
        ),
        "service/hello-svc exposed\n"
    );
    let yaml = ok(&mut c, "kubectl get svc hello-svc -o yaml");
    for want in [
        "  labels:\n    app: hello\n",
        // A NodePort Service's port gets its allocated nodePort, first in the sorted keys.
        "  - nodePort: 3",
        "\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n",
        "  selector:\n    app: hello\n",
        "  type: NodePort\n",
    ] {
        assert!(yaml.contains(want), "{want}\n{yaml}");
    }
    // Without --port, the container ports.
    assert_eq!(
        ok(&mut c, "kubectl expose pod web-0"),
        "service/web-0 exposed\n"
    );
    assert_eq!(
        sh(&mut c, "kubectl expose sts web --port=80"),
        (
            String::new(),
            "error: cannot expose a StatefulSet.apps\n".to_string()
        )
    );
}

#[test]
fn reapplying_an_unchanged_node_port_service_is_unchanged_and_keeps_its_port() {
    // Pins kubectl apply's strategic patch of `ports` (merged by port): the allocated nodePort
    // is in no file, so an unchanged file patches nothing; a changed port list is configured.
    let svc = |port: u16| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: np\nspec:\n  type: NodePort\n  selector:\n    app: np\n  ports:\n  - port: {port}\n    targetPort: 80\n"
        )
    };
    let mut c = console_with(
        "minikube start",
        &[("np.yaml", svc(80)), ("np2.yaml", svc(81))],
    );
    assert_eq!(
        ok(&mut c, "kubectl apply -f np.yaml"),
        "service/np created\n"
    );
    let ports = |c: &mut Console| {
        ok(
            c,
            "kubectl get svc np -o jsonpath={.spec.ports[0].nodePort}",
        )
    };
    let allocated = ports(&mut c);
    assert!(allocated.starts_with('3'), "{allocated}");
    assert_eq!(
        ok(&mut c, "kubectl apply -f np.yaml"),
        "service/np unchanged\n"
    );
    assert_eq!(ports(&mut c), allocated);
    assert_eq!(
        ok(&mut c, "kubectl apply -f np2.yaml"),
        "service/np configured\n"
    );
    assert_eq!(
        ok(
            &mut c,
            "kubectl get svc np -o jsonpath={.spec.ports[0].port}"
        ),
        "81\n"
    );
}

/// The ZooKeeper tutorial's drains: a PodDisruptionBudget with maxUnavailable 1 lets one zk
/// pod go at a time; the drain retries every 5 s until the recreated pod is Ready.
#[test]
fn drain_evicts_within_the_disruption_budget() {
    let mut c = console_with(
        "minikube start --nodes 4",
        &[("zookeeper.yaml", example("zookeeper.yaml"))],
    );
    ok(&mut c, "kubectl apply -f zookeeper.yaml");
    ok(&mut c, "sleep 300");
    let before = placement(&mut c);
    let node_of = |p: &[(String, String)], pod: &str| {
        p.iter()
            .find(|(n, _)| n == pod)
            .map(|(_, node)| node.clone())
            .unwrap_or_default()
    };
    let n0 = node_of(&before, "zk-0");
    let (o, e) = sh(
        &mut c,
        &format!("kubectl drain {n0} --ignore-daemonsets --force --delete-emptydir-data"),
    );
    assert_eq!(
        o,
        format!(
            "node/{n0} cordoned\nevicting pod default/zk-0\npod/zk-0 evicted\nnode/{n0} drained\n"
        )
    );
    assert!(
        e.starts_with("Warning: ignoring DaemonSet-managed Pods: kube-system/kindnet-"),
        "{e}"
    );
    // The round trip after the first drain lets the StatefulSet controller recreate zk-0, and
    // the scheduler puts it on zk-1's node: the manifest's anti-affinity selects `app`, a label
    // its pods (labelled `app.kubernetes.io/name`) do not carry, so nothing keeps them apart.
    // Draining that node at once: the unready zk-0 may go (the budget's healthy pods are not
    // reduced), zk-1 is refused every 5 s until zk-0 is Ready again elsewhere.
    let n1 = node_of(&before, "zk-1");
    let (o, e) = sh(
        &mut c,
        &format!("kubectl drain {n1} --ignore-daemonsets --force --delete-emptydir-data"),
    );
    let refused = "error when evicting pods/\"zk-1\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.";
    assert!(e.lines().skip(1).all(|l| l == refused), "{e}");
    assert_eq!(e.lines().count(), 4, "{e}");
    assert_eq!(
        o,
        format!(
            "node/{n1} cordoned\nevicting pod default/zk-0\nevicting pod default/zk-1\npod/zk-0 evicted\n\
             evicting pod default/zk-1\nevicting pod default/zk-1\nevicting pod default/zk-1\n\
             pod/zk-1 evicted\nnode/{n1} drained\n"
        )
    );
    ok(&mut c, "sleep 120");
    let after = placement(&mut c);
    assert!(
        after.iter().all(|(_, node)| *node != n0 && *node != n1),
        "{after:?}"
    );
    // A timeout ends a drain the budget blocks.
    let n2 = node_of(&after, "zk-2");
    let (_, e) = sh(
        &mut c,
        &format!(
            "kubectl drain {n2} --ignore-daemonsets --force --delete-emptydir-data --timeout=1s"
        ),
    );
    // kubectl 1.34 RunDrain: the node is given up ("continuing command"), the pending nodes
    // listed, and the error printed as CheckErr prints an aggregate (a line per pod's error,
    // no `error: ` prefix). Whether zk-0 was recreated on this node too is the scheduler's
    // choice, so only zk-2's lines are pinned.
    let timeout = "error when evicting pods/\"zk-2\" -n \"default\": global timeout reached: 1s";
    assert!(
        e.contains(&format!(
            "There are pending pods in node \"{n2}\" when an error occurred: "
        )),
        "{e}"
    );
    assert!(e.contains("\npod/zk-2\n"), "{e}");
    assert!(
        e.contains(&format!(
            "\nerror: unable to drain node \"{n2}\" due to error: "
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            ", continuing command...\nThere are pending nodes to be drained:\n {n2}\n"
        )),
        "{e}"
    );
    assert!(e.ends_with(&format!("\n{timeout}\n")), "{e}");
    assert_eq!(
        ok(&mut c, &format!("kubectl uncordon {n0}")),
        format!("node/{n0} uncordoned\n")
    );
    assert_eq!(
        sh(&mut c, "kubectl drain nope"),
        (
            String::new(),
            "Error from server (NotFound): nodes \"nope\" not found\n".to_string()
        )
    );
}

#[test]
fn drain_without_ignore_daemonsets_stops_as_kubectl_does() {
    let mut c = console_with("minikube start --nodes 2", &[]);
    let (o, e) = sh(&mut c, "kubectl drain minikube-m02");
    assert_eq!(o, "node/minikube-m02 cordoned\n");
    let lines: Vec<&str> = e.lines().collect();
    let refusal = "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kindnet-";
    assert_eq!(lines.len(), 4, "{e}");
    assert!(
        lines[0].starts_with(&format!(
            "error: unable to drain node \"minikube-m02\" due to error: {refusal}"
        )),
        "{e}"
    );
    assert!(lines[0].ends_with(", continuing command..."), "{e}");
    assert_eq!(
        lines[1..3],
        ["There are pending nodes to be drained:", " minikube-m02"]
    );
    assert!(lines[3].starts_with(refusal), "{e}");
    // Several nodes: a refused node is given up, the next one still drained, and the end
    // lists the pending nodes with the error.
    let (o, e) = sh(
        &mut c,
        "kubectl drain minikube minikube-m02 --ignore-daemonsets",
    );
    assert_eq!(
        o,
        "node/minikube cordoned\nnode/minikube-m02 already cordoned\nnode/minikube-m02 drained\n"
    );
    let refusal = "cannot delete Pods that declare no controller (use --force to override): kube-system/storage-provisioner";
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 5, "{e}");
    assert_eq!(
        lines[0],
        format!("error: unable to drain node \"minikube\" due to error: {refusal}, continuing command...")
    );
    assert!(
        lines[1].starts_with("Warning: ignoring DaemonSet-managed Pods: "),
        "{e}"
    );
    assert_eq!(
        lines[2..],
        [
            "There are pending nodes to be drained:",
            " minikube",
            refusal
        ][..]
    );
}

#[test]
fn real_commands_and_flags_podplay_does_not_simulate_say_so() {
    let mut c = console_with("minikube start", &[]);
    for (line, err) in [
        (
            "kubectl port-forward pod/web-0 8080:80",
            "podplay does not simulate `kubectl port-forward` (a real kubectl command); type help for the commands it answers\n",
        ),
        (
            "kubectl top pods",
            "podplay does not simulate `kubectl top` (a real kubectl command); type help for the commands it answers\n",
        ),
        (
            "kubectl get pods --kubeconfig=/tmp/k",
            "podplay does not simulate the flag --kubeconfig of `kubectl get` (real kubectl has it)\n",
        ),
        (
            "kubectl label pods --all a=b --dry-run=client",
            "podplay does not simulate the flag --dry-run of `kubectl label` (real kubectl has it)\n",
        ),
        (
            "kubectl get pods --help",
            "podplay does not simulate the flag --help of `kubectl get` (real kubectl has it)\n",
        ),
        (
            "kubectl options",
            "podplay does not simulate `kubectl options` (a real kubectl command); type help for the commands it answers\n",
        ),
        (
            "kubectl get pods --frobnicate",
            "error: unknown flag: --frobnicate\nSee 'kubectl get --help' for usage.\n",
        ),
        (
            "kubectl frob",
            "error: unknown command \"frob\" for \"kubectl\"\n\nRun 'kubectl --help' for usage.\n",
        ),
        (
            "minikube tunnel",
            "podplay does not simulate `minikube tunnel` (a real minikube command); minikube start, status, ip and service are answered\n",
        ),
        (
            "minikube dashboard",
            "podplay does not simulate `minikube dashboard` (a real minikube command); minikube start, status, ip and service are answered\n",
        ),
    ] {
        assert_eq!(sh(&mut c, line), (String::new(), err.to_string()), "{line}");
    }
}

#[test]
fn patch_file_and_logs_follow() {
    let mut c = console_with(
        "minikube start",
        &[
            ("web.yaml", example("web.yaml")),
            (
                "replicas.json",
                r#"[{"op":"replace","path":"/spec/replicas","value":3}]"#.to_string(),
            ),
        ],
    );
    ok(&mut c, "kubectl apply -f web.yaml");
    ok(&mut c, "sleep 60");
    assert_eq!(
        ok(
            &mut c,
            "kubectl patch sts web --type json --patch-file replicas.json"
        ),
        "statefulset.apps/web patched\n"
    );
    assert_eq!(
        sh(&mut c, "kubectl patch sts web --patch-file nope.json"),
        (
            String::new(),
            "error: unable to read patch file: open nope.json: no such file or directory\n"
                .to_string()
        )
    );
    assert_eq!(
        sh(&mut c, "kubectl patch sts web --local -p '{}'"),
        (
            String::new(),
            "podplay does not simulate the flag --local of `kubectl patch` (real kubectl has it)\n"
                .to_string()
        )
    );
    let (_, e) = sh(&mut c, "kubectl logs -f sts/web");
    assert!(
        e.ends_with("podplay does not simulate following logs (`kubectl logs -f`): these are the lines written so far\n"),
        "{e}"
    );
}

#[test]
fn create_with_client_dry_run_prints_the_object() {
    let mut c = console_with("minikube start", &[]);
    assert_eq!(
        ok(
            &mut c,
            "kubectl create secret generic s --from-literal=a=b --dry-run=client -o yaml"
        ),
        "apiVersion: v1\ndata:\n  a: Yg==\nkind: Secret\nmetadata:\n  name: s\n"
    );
    assert_eq!(
        ok(
            &mut c,
            "kubectl create deployment rng --image=dockercoins/rng:v0.1 -o yaml --dry-run=client"
        ),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: rng\n  name: rng\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: rng\n  strategy: {}\n  template:\n    metadata:\n      labels:\n        app: rng\n    spec:\n      containers:\n      - image: dockercoins/rng:v0.1\n        name: rng\n        resources: {}\nstatus: {}\n"
    );
    assert_eq!(
        ok(
            &mut c,
            "kubectl create configmap cm --from-literal=a=b --dry-run=client"
        ),
        "configmap/cm created (dry run)\n"
    );
    assert_eq!(
        sh(&mut c, "kubectl get configmap cm"),
        (
            String::new(),
            "Error from server (NotFound): configmaps \"cm\" not found\n".to_string()
        )
    );
}

#[test]
fn odd_input_to_the_new_verbs_never_panics_and_always_answers() {
    let mut c = web();
    for line in [
        "kubectl set",
        "kubectl set image",
        "kubectl set env",
        "kubectl set image sts/web",
        "kubectl set image sts/web =x",
        "kubectl set env sts/web -c '*' A=1",
        "kubectl set image svc/web x=y",
        "kubectl create secret",
        "kubectl create secret generic",
        "kubectl create secret tls t --cert=a --key=b",
        "kubectl create deployment",
        "kubectl create deployment d",
        "kubectl create deployment d --image=x --replicas=many",
        "kubectl expose",
        "kubectl expose deployment",
        "kubectl expose svc/nginx --port=80 --name=n2",
        "kubectl drain",
        "kubectl label",
        "kubectl label pods --all",
        "kubectl label pods a=b extra",
        "kubectl annotate pod web-0 a-",
        "kubectl annotate pod web-0 a=1 a-",
        r#"kubectl patch sts web --type json -p '[{"op":"add","path":"","value":1}]'"#,
        r#"kubectl patch sts web --type json -p '[{"op":"move","from":"/spec","path":"/spec/x"}]'"#,
        r#"kubectl patch sts web --type json -p '[{"op":"copy","from":"/nope","path":"/x"}]'"#,
        r#"kubectl patch sts web --type json -p '[{"op":"remove","path":"/spec/template/spec/containers/9"}]'"#,
        r#"kubectl patch sts web --type json -p '[{"op":"frob","path":"/x"}]'"#,
        r#"kubectl patch sts web --type json -p '[1, "x", null]'"#,
        "kubectl patch sts web -p 'spec: {replicas: 1}'",
        "kubectl patch sts web -p '{{{'",
    ] {
        let (o, e) = sh(&mut c, line);
        assert!(!(o.is_empty() && e.is_empty()), "{line} printed nothing");
    }
}

#[test]
fn drain_takes_several_nodes_in_order() {
    let mut c = console_with("minikube start --nodes 3", &[]);
    let (o, e) = sh(
        &mut c,
        "kubectl drain minikube-m02 minikube-m03 --ignore-daemonsets",
    );
    assert_eq!(
        o,
        "node/minikube-m02 cordoned\nnode/minikube-m03 cordoned\nnode/minikube-m02 drained\nnode/minikube-m03 drained\n"
    );
    assert_eq!(e.lines().count(), 2, "{e}");
    assert_eq!(
        sh(&mut c, "kubectl drain minikube-m02 nope"),
        (
            String::new(),
            "Error from server (NotFound): nodes \"nope\" not found\n".to_string()
        )
    );
}

#[test]
fn kubectl_help_prints_the_usage() {
    let mut c = console_with("minikube start", &[]);
    let o = ok(&mut c, "kubectl help");
    assert!(
        o.starts_with("kubectl controls the Kubernetes cluster manager.\n"),
        "{o}"
    );
    assert!(o.contains("drain"), "{o}");
}

#[test]
fn a_deployments_strategy_keeps_only_the_patched_keys() {
    let mut c = console_with("minikube start", &[]);
    ok(&mut c, "kubectl create deployment d --image=nginx:1.25");
    assert_eq!(
        ok(
            &mut c,
            r#"kubectl patch deploy d -p '{"spec":{"strategy":{"type":"Recreate"}}}'"#
        ),
        "deployment.apps/d patched\n"
    );
    let yaml = ok(&mut c, "kubectl get deploy d -o yaml");
    assert!(yaml.contains("  strategy:\n    type: Recreate\n"), "{yaml}");
}

#[test]
fn labeling_a_node_lets_a_waiting_node_selector_match() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ssd\nspec:\n  nodeSelector:\n    disktype: ssd\n  containers:\n  - name: nginx\n    image: nginx:1.25\n";
    let mut c = console_with("minikube start --nodes 2", &[("pod.yaml", pod.to_string())]);
    ok(&mut c, "kubectl apply -f pod.yaml");
    ok(&mut c, "sleep 10");
    let before = ok(&mut c, "kubectl get pod ssd");
    assert!(before.contains(" Pending "), "{before}");
    assert_eq!(
        ok(&mut c, "kubectl label nodes minikube-m02 disktype=ssd"),
        "node/minikube-m02 labeled\n"
    );
    let nodes = ok(&mut c, "kubectl get nodes --show-labels");
    assert!(nodes.contains("disktype=ssd"), "{nodes}");
    ok(&mut c, "sleep 30");
    let after = placement(&mut c);
    assert_eq!(after, vec![("ssd".to_string(), "minikube-m02".to_string())]);
    assert_eq!(
        ok(&mut c, "kubectl annotate node minikube note=x"),
        "node/minikube annotated\n"
    );
    assert_eq!(
        ok(&mut c, "kubectl label node minikube-m02 disktype-"),
        "node/minikube-m02 unlabeled\n"
    );
}

#[test]
fn create_namespace_and_serviceaccount() {
    let mut c = console_with("minikube start", &[]);
    assert_eq!(
        ok(&mut c, "kubectl create namespace dev"),
        "namespace/dev created\n"
    );
    assert_eq!(
        ok(&mut c, "kubectl create serviceaccount robot -n dev"),
        "serviceaccount/robot created\n"
    );
    let o = ok(&mut c, "kubectl get serviceaccounts -n dev");
    assert!(o.contains("\nrobot "), "{o}");
    assert_eq!(
        sh(&mut c, "kubectl create ns dev"),
        (
            String::new(),
            "Error from server (AlreadyExists): namespaces \"dev\" already exists\n".to_string()
        )
    );
}
