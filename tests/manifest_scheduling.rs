//! The scheduling fields of a pod spec (resources, nodeSelector, affinity, tolerations): strict
//! decoding, the apiserver's validation words, and the round trip through `-o yaml|json`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::errors;
use podplay::console::{Console, MemFiles, Stream};
use podplay::engine::{ApplyMode, Command, Outcome};

/// A pod with `spec` lines (indented by two) before its one container.
fn pod(spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: p\nspec:\n{spec}  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: 250m\n        memory: 64Mi\n      limits:\n        memory: 128Mi\n"
    )
}

const SCHEDULING: &str = "  nodeSelector:
    kubernetes.io/os: linux
  tolerations:
  - key: dedicated
    operator: Equal
    value: db
    effect: NoSchedule
  - operator: Exists
    effect: NoExecute
    tolerationSeconds: 30
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: kubernetes.io/arch
            operator: In
            values: [amd64]
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 10
        preference:
          matchExpressions:
          - key: disktype
            operator: Exists
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          labelSelector:
            matchLabels:
              app: p
          topologyKey: kubernetes.io/hostname
";

#[test]
fn scheduling_fields_are_accepted_and_shown_back_by_get_o_yaml() {
    let text = pod(SCHEDULING);
    assert_eq!(errors(&text), Vec::<String>::new());
    let mut c = Console::new(7, Box::new(MemFiles::default()));
    c.submit("minikube start");
    let sim = c.sim_mut().unwrap();
    let objects = podplay::manifest::analyze(&text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect();
    let Outcome::Applied(v) = sim.exec(Command::Apply {
        objects,
        mode: ApplyMode::Apply,
    }) else {
        panic!()
    };
    assert!(v.iter().all(|a| a.result.is_ok()), "{v:?}");
    sim.run_until_idle(60_000, 50_000);
    let o = c.submit("kubectl get pod p -o yaml");
    let yaml: String = o
        .lines
        .iter()
        .filter(|l| l.stream == Stream::Out)
        .map(|l| format!("{}\n", l.text))
        .collect();
    let want = "spec:
  affinity:
    nodeAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - preference:
          matchExpressions:
          - key: disktype
            operator: Exists
        weight: 10
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: kubernetes.io/arch
            operator: In
            values:
            - amd64
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - podAffinityTerm:
          labelSelector:
            matchLabels:
              app: p
          topologyKey: kubernetes.io/hostname
        weight: 100
  containers:
  - image: nginx:1.27
    imagePullPolicy: IfNotPresent
    name: app
    resources:
      limits:
        memory: 128Mi
      requests:
        cpu: 250m
        memory: 64Mi
";
    assert!(yaml.contains(want), "{yaml}");
    let tail = "  nodeName: minikube
  nodeSelector:
    kubernetes.io/os: linux
";
    assert!(yaml.contains(tail), "{yaml}");
    let tolerations = "  tolerations:
  - effect: NoSchedule
    key: dedicated
    operator: Equal
    value: db
  - effect: NoExecute
    operator: Exists
    tolerationSeconds: 30
";
    assert!(yaml.contains(tolerations), "{yaml}");
    let o = c.submit("kubectl get pod p -o json");
    let json: String = o.lines.iter().map(|l| format!("{}\n", l.text)).collect();
    assert!(
        json.contains("                \"topologyKey\": \"kubernetes.io/hostname\"\n"),
        "{json}"
    );
}

#[test]
fn a_misspelt_affinity_field_is_an_unknown_field() {
    let text = pod(&SCHEDULING.replace("topologyKey:", "topologykey:"));
    let errs = errors(&text);
    assert!(
        errs.last().unwrap().contains("strict decoding error: unknown field \"spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologykey\" (did you mean `topologyKey`?)"),
        "{errs:?}"
    );
}

#[test]
fn bad_tolerations_and_affinity_terms_are_invalid_in_the_apiservers_words() {
    let spec = "  tolerations:
  - operator: Equal
    value: x
  - key: a
    operator: Exists
    value: x
  - key: b
    effect: NoSchedule
    tolerationSeconds: 5
  - key: c
    operator: Maybe
    effect: Sometimes
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: zone
            operator: In
          - key: zone
            operator: Near
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector:
          matchLabels:
            app: db
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 0
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
";
    // Each error as the apiserver words it, without its line:col.
    let errs: Vec<String> = errors(&pod(spec))
        .iter()
        .map(|e| e.split_once(": ").map_or(e.clone(), |(_, m)| m.to_string()))
        .collect();
    assert_eq!(errs.len(), 9, "{errs:?}");
    let want = [
        "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
        "spec.tolerations[1].operator: Invalid value: {\"key\":\"a\",\"operator\":\"Exists\",\"value\":\"x\"}: value must be empty when `operator` is 'Exists'",
        "spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
        "spec.tolerations[3].operator: Unsupported value: \"Maybe\": supported values: \"Equal\", \"Exists\"",
        "spec.tolerations[3].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].operator: Invalid value: \"Near\": not a valid selector operator",
        "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty",
        "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100",
    ];
    let want: Vec<String> = want
        .iter()
        .map(|w| format!("Pod \"p\" is invalid: {w}"))
        .collect();
    assert_eq!(errs, want);
}
