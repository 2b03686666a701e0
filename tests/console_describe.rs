//! `kubectl describe` and `kubectl logs` against the seed manifests: exact output, as kubectl
//! 1.34 prints it for the settled cluster.

use podplay::console::{Console, MemFiles};
use podplay::engine::{ApplyMode, Command, Key};

fn objects(text: &str) -> Vec<podplay::manifest::objects::Resource> {
    podplay::manifest::analyze(text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect()
}

/// A console after `minikube start` with `texts` applied and the cluster settled.
fn console_with(texts: &[&str]) -> Console {
    let mut c = Console::new(7, Box::new(MemFiles::default()));
    c.submit("minikube start");
    let Some(sim) = c.sim_mut() else {
        return c;
    };
    for t in texts {
        sim.exec(Command::Apply {
            objects: objects(t),
            mode: ApplyMode::Apply,
        });
    }
    sim.run_until_idle(600_000, 100_000);
    c
}

fn tutorial() -> Console {
    console_with(&[
        podplay::examples::HEADLESS_SERVICE,
        podplay::examples::STATEFULSET,
    ])
}

fn run(c: &mut Console, line: &str) -> String {
    c.submit(line).text()
}

const CLIENT: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  containers:\n  - name: client\n    image: busybox:1.28\n    command: [\"sleep\", \"3600\"]\n";

const CLAIMLESS: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: lonely\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.19.0\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: missing\n";

#[test]
fn describe_pod_prints_every_section_aligned_as_kubectl_does() {
    // Pins the whole `describe pod web-0`: headings, tabwriter blocks, statuses, token volume, events.
    let mut c = tutorial();
    assert_eq!(
        run(&mut c, "kubectl describe pod web-0"),
        r#"Name:             web-0
Namespace:        default
Priority:         0
Service Account:  default
Node:             minikube/192.168.49.2
Start Time:       Tue, 25 Nov 2025 10:00:03 +0000
Labels:           app=nginx
                  apps.kubernetes.io/pod-index=0
                  controller-revision-hash=web-7745ff6dbf
                  statefulset.kubernetes.io/pod-name=web-0
Annotations:      <none>
Status:           Running
IP:               10.244.0.3
IPs:
  IP:           10.244.0.3
Controlled By:  StatefulSet/web
Containers:
  nginx:
    Container ID:   docker://170b884d29f4adec106a2cd7bc6099154f76fb6fe4f687f03155d78c81dcce5d
    Image:          nginx:1.19.0
    Image ID:       docker-pullable://nginx@sha256:e72c01251c4333535568ea0235982ff6866961244ed486afa9d79db55a5b0305
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Tue, 25 Nov 2025 10:00:16 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /usr/share/nginx/html from www (rw)
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-hw9bd (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  www:
    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:  www-web-0
    ReadOnly:   false
  kube-api-access-hw9bd:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason            Age   From               Message
  ----     ------            ----  ----               -------
  Warning  FailedScheduling  17s   default-scheduler  0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.
  Normal   Scheduled         16s   default-scheduler  Successfully assigned default/web-0 to minikube
  Normal   Pulling           16s   kubelet            Pulling image "nginx:1.19.0"
  Normal   Pulled            3s    kubelet            Successfully pulled image "nginx:1.19.0" in 12.903s (12.903s including waiting). Image size: 70137652 bytes.
  Normal   Created           3s    kubelet            Created container: nginx
  Normal   Started           3s    kubelet            Started container nginx
"#
    );
}

#[test]
fn describe_headless_service_shows_none_ip_and_ready_endpoints() {
    // Pins `describe svc nginx`: IP None, named port, endpoints from the EndpointSlice.
    let mut c = tutorial();
    assert_eq!(
        run(&mut c, "kubectl describe svc nginx"),
        r#"Name:                     nginx
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=nginx
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       None
IPs:                      None
Port:                     web  80/TCP
TargetPort:               80/TCP
Endpoints:                10.244.0.3:80,10.244.0.4:80
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
"#
    );
}

#[test]
fn describe_statefulset_shows_template_claims_and_events() {
    // Pins `describe sts web`: replicas, partition, pod template, volume claims, events.
    let mut c = tutorial();
    assert_eq!(
        run(&mut c, "kubectl describe sts web"),
        r#"Name:               web
Namespace:          default
CreationTimestamp:  Tue, 25 Nov 2025 10:00:02 +0000
Selector:           app=nginx
Labels:             <none>
Annotations:        <none>
Replicas:           2 desired | 2 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:        nginx:1.19.0
    Port:         80/TCP
    Host Port:    0/TCP
    Environment:  <none>
    Mounts:
      /usr/share/nginx/html from www (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          www
  StorageClass:  
  Labels:        <none>
  Annotations:   <none>
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
Events:
  Type    Reason            Age   From                    Message
  ----    ------            ----  ----                    -------
  Normal  SuccessfulCreate  17s   statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success
  Normal  SuccessfulCreate  17s   statefulset-controller  create Pod web-0 in StatefulSet web successful
  Normal  SuccessfulCreate  3s    statefulset-controller  create Claim www-web-1 Pod web-1 in StatefulSet web success
  Normal  SuccessfulCreate  3s    statefulset-controller  create Pod web-1 in StatefulSet web successful
"#
    );
}

#[test]
fn describe_claim_shows_provisioner_annotations_users_and_events() {
    // Pins `describe pvc www-web-0`: binding annotations, finalizer, Used By, provisioning events.
    let mut c = tutorial();
    assert_eq!(
        run(&mut c, "kubectl describe pvc www-web-0"),
        r#"Name:          www-web-0
Namespace:     default
StorageClass:  standard
Status:        Bound
Volume:        pvc-e009e942-f9fc-4c74-9756-9a83e9670eb2
Labels:        app=nginx
Annotations:   pv.kubernetes.io/bind-completed: yes
               pv.kubernetes.io/bound-by-controller: yes
               volume.beta.kubernetes.io/storage-provisioner: k8s.io/minikube-hostpath
               volume.kubernetes.io/storage-provisioner: k8s.io/minikube-hostpath
Finalizers:    [kubernetes.io/pvc-protection]
Capacity:      1Gi
Access Modes:  RWO
VolumeMode:    Filesystem
Used By:       web-0
Events:
  Type    Reason                 Age   From                               Message
  ----    ------                 ----  ----                               -------
  Normal  ExternalProvisioning   17s   persistentvolume-controller        Waiting for a volume to be created either by the external provisioner 'k8s.io/minikube-hostpath' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
  Normal  Provisioning           17s   k8s.io/minikube-hostpath_minikube  External provisioner is provisioning volume for claim "default/www-web-0"
  Normal  ProvisioningSucceeded  16s   k8s.io/minikube-hostpath_minikube  Successfully provisioned volume pvc-e009e942-f9fc-4c74-9756-9a83e9670eb2
"#
    );
}

#[test]
fn describe_deployment_shows_conditions_and_replica_sets() {
    // Pins `describe deploy`: replicas line, strategy, conditions table, NewReplicaSet, events.
    let mut c = console_with(&[podplay::examples::DEPLOYMENT_SERVICE]);
    assert_eq!(
        run(&mut c, "kubectl describe deploy my-nginx-deployment"),
        r#"Name:                   my-nginx-deployment
Namespace:              default
CreationTimestamp:      Tue, 25 Nov 2025 10:00:02 +0000
Labels:                 <none>
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=my-nginx
Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=my-nginx
  Containers:
   nginx:
    Image:         nginx:1.19.0
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   my-nginx-deployment-79f484d76c (2/2 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  13s   deployment-controller  Scaled up replica set my-nginx-deployment-79f484d76c to 2 from 0
"#
    );
}

#[test]
fn an_unschedulable_pod_has_only_the_pod_scheduled_condition() {
    // Pins a Pending pod: no node, no IP, no container status, PodScheduled False, a warning.
    let mut c = console_with(&[CLAIMLESS]);
    let text = run(&mut c, "kubectl describe pod lonely");
    for line in [
        "Node:             <none>\n",
        "Status:           Pending\n",
        "IP:               \n",
        "IPs:              <none>\n",
        "Conditions:\n  Type           Status\n  PodScheduled   False \n",
        "  Warning  FailedScheduling  ",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(!text.contains("Container ID"), "{text}");
}

#[test]
fn describe_errors_are_kubectls() {
    // Pins NotFound, unknown types, empty namespaces and the missing-type error.
    let mut c = tutorial();
    assert_eq!(
        run(&mut c, "kubectl describe pod nope"),
        "Error from server (NotFound): pods \"nope\" not found\n"
    );
    assert_eq!(
        run(&mut c, "kubectl describe podz"),
        "error: the server doesn't have a resource type \"podz\"\n"
    );
    assert_eq!(
        run(&mut c, "kubectl describe pods -n empty"),
        "No resources found in empty namespace.\n"
    );
    assert_eq!(
        run(&mut c, "kubectl describe"),
        "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n"
    );
}

#[test]
fn a_name_prefix_describes_every_match_and_objects_are_separated() {
    // Pins DescribeMatchingResources (`describe pod web` → web-0 and web-1) and the two blank
    // lines between objects of `describe pods`.
    let mut c = tutorial();
    let prefix = run(&mut c, "kubectl describe pod web");
    assert_eq!(prefix.matches("Name:             web-").count(), 2);
    assert!(prefix.contains("\n\nName:             web-1\n"), "{prefix}");
    let all = run(&mut c, "kubectl describe pods -l app=nginx");
    assert!(all.contains("\n\n\nName:             web-1\n"), "{all}");
    let typed = run(&mut c, "kubectl describe sts/web");
    assert!(typed.starts_with("Name:               web\n"), "{typed}");
}

#[test]
fn logs_show_the_nginx_entrypoint_then_one_access_line_per_request() {
    // Pins nginx:1.19.0's startup lines and the `main` log format of requests from a client pod.
    let mut c = console_with(&[
        podplay::examples::HEADLESS_SERVICE,
        podplay::examples::STATEFULSET,
        CLIENT,
    ]);
    let client_ip = c
        .sim()
        .and_then(|s| s.cluster().pods.get(&Key::new("default", "client")))
        .and_then(|p| p.status.ip)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let Some(sim) = c.sim_mut() else {
        panic!("no cluster");
    };
    let out = sim.exec(Command::Request {
        from: Key::new("default", "client"),
        target: "web-0.nginx".into(),
        port: None,
        path: "/".into(),
        count: 2,
    });
    assert!(
        matches!(out, podplay::engine::Outcome::Responses(_)),
        "{out:?}"
    );
    let text = run(&mut c, "kubectl logs web-0");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        &lines[..7],
        &[
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            "10-listen-on-ipv6-by-default.sh: Getting the checksum of /etc/nginx/conf.d/default.conf",
            "10-listen-on-ipv6-by-default.sh: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            "/docker-entrypoint.sh: Configuration complete; ready for start up",
        ]
    );
    assert_eq!(lines.len(), 9, "{text}");
    assert!(!client_ip.is_empty());
    assert!(
        lines[7].starts_with(&format!("{client_ip} - - [25/Nov/2025:10:")),
        "{}",
        lines[7]
    );
    assert!(
        lines[7].contains("+0000] \"GET / HTTP/1.1\" "),
        "{}",
        lines[7]
    );
    assert!(lines[7].ends_with(" \"-\" \"Wget\" \"-\""), "{}", lines[7]);
    assert_eq!(
        run(&mut c, "kubectl logs web-0 --tail=1"),
        format!("{}\n", lines[8])
    );
    assert_eq!(
        run(&mut c, "kubectl logs -f sts/web --tail=1"),
        format!("Found 2 pods, using pod/web-0\n{}\npodplay does not simulate following logs (`kubectl logs -f`): these are the lines written so far\n", lines[8])
    );
    assert_eq!(run(&mut c, "kubectl logs client"), "");
}

#[test]
fn logs_errors_are_kubectls() {
    // Pins the usage error, NotFound, a bad container and a pod whose container has not started.
    let mut c = tutorial();
    assert_eq!(
        run(&mut c, "kubectl logs"),
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"
    );
    assert_eq!(
        run(&mut c, "kubectl logs nope"),
        "Error from server (NotFound): pods \"nope\" not found\n"
    );
    assert_eq!(
        run(&mut c, "kubectl logs web-0 -c foo"),
        "Error from server (BadRequest): container foo is not valid for pod web-0\n"
    );
    let mut d = console_with(&[]);
    let Some(sim) = d.sim_mut() else {
        panic!("no cluster");
    };
    sim.exec(Command::Apply {
        objects: objects(podplay::examples::DEPLOYMENT_SERVICE),
        mode: ApplyMode::Apply,
    });
    let mut creating = None;
    for _ in 0..5000 {
        creating = sim
            .cluster()
            .pods
            .values()
            .find(|p| p.status.ip.is_some() && p.status.started_at.is_none())
            .map(|p| p.meta.name.clone());
        if creating.is_some() || sim.step().is_none() {
            break;
        }
    }
    let Some(name) = creating else {
        panic!("no pod was ever ContainerCreating");
    };
    assert_eq!(
        run(&mut d, &format!("kubectl logs {name}")),
        format!("Error from server (BadRequest): container \"nginx\" in pod \"{name}\" is waiting to start: ContainerCreating\n")
    );
}
