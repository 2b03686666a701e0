//! kustomize and the inputs of `-f`: the MySQL + WordPress tutorial's `kubectl apply -k ./`
//! with its generated Secret, `kubectl kustomize`, `-f -`, URLs standing for the learner's
//! files, and the host's `curl`/`wget`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use common::console::{console_with, example, out, run, stream};
use podplay::console::kustomize::{self, hash};
use podplay::console::{mutate, Console, Ctx, MemFiles, Output, Stream, Workdir};
use podplay::engine::config::Config;
use podplay::engine::Simulation;
use podplay::i18n::Lang;

/// What the tutorial's two here-documents write (`cat <<EOF >./kustomization.yaml`, then
/// `cat <<EOF >>./kustomization.yaml`).
const KUSTOMIZATION: &str = "secretGenerator:\n- name: mysql-pass\n  literals:\n  - password=YOUR_PASSWORD\nresources:\n  - mysql-deployment.yaml\n  - wordpress-deployment.yaml\n";

/// The learner of the WordPress tutorial: its two downloaded files and its kustomization.
fn wordpress() -> Console {
    let mut c = console_with(
        "minikube start",
        &[
            (
                "mysql-deployment.yaml",
                example("wordpress-mysql-deployment.yaml"),
            ),
            (
                "wordpress-deployment.yaml",
                example("wordpress-deployment.yaml"),
            ),
        ],
    );
    c.files_mut().write("kustomization.yaml", KUSTOMIZATION);
    c
}

/// Runs a line to its end (waiting commands included): (stdout, stderr).
fn run_all(c: &mut Console, line: &str) -> (String, String) {
    let mut o = c.submit(line);
    o.extend(c.finish());
    (stream(&o, Stream::Out), stream(&o, Stream::Err))
}

#[test]
fn apply_k_prints_what_the_tutorial_shows_in_1_34() {
    let mut c = wordpress();
    assert_eq!(
        out(&mut c, "kubectl apply -k ./"),
        "secret/mysql-pass-5m26tmdb5k created\n\
         service/wordpress created\n\
         service/wordpress-mysql created\n\
         persistentvolumeclaim/mysql-pv-claim created\n\
         persistentvolumeclaim/wp-pv-claim created\n\
         deployment.apps/wordpress created\n\
         deployment.apps/wordpress-mysql created\n"
    );
    // The tutorial's sample shows `mysql-pass-c57bb4t7mf   Opaque   1   9s`, from an older
    // kustomize (see the hash test below).
    assert_eq!(
        out(&mut c, "kubectl get secrets"),
        "NAME                    TYPE     DATA   AGE\nmysql-pass-5m26tmdb5k   Opaque   1      0s\n"
    );
    // Applying again changes nothing; the generated name is stable.
    assert_eq!(
        out(&mut c, "kubectl apply -k ./"),
        "secret/mysql-pass-5m26tmdb5k unchanged\n\
         service/wordpress unchanged\n\
         service/wordpress-mysql unchanged\n\
         persistentvolumeclaim/mysql-pv-claim unchanged\n\
         persistentvolumeclaim/wp-pv-claim unchanged\n\
         deployment.apps/wordpress unchanged\n\
         deployment.apps/wordpress-mysql unchanged\n"
    );
}

#[test]
fn the_deployments_find_the_generated_secret() {
    let mut c = wordpress();
    out(&mut c, "kubectl apply -k ./");
    run_all(&mut c, "sleep 120");
    let (pods, _) = run_all(&mut c, "kubectl get pods");
    let rows: Vec<&str> = pods.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{pods}");
    for row in rows {
        assert!(!row.contains("CreateContainerConfigError"), "{pods}");
    }
    let (env, _) = run_all(&mut c, "kubectl get deployment wordpress -o yaml");
    assert!(env.contains("name: mysql-pass-5m26tmdb5k"), "{env}");
}

#[test]
fn delete_k_deletes_in_the_built_order() {
    let mut c = wordpress();
    out(&mut c, "kubectl apply -k ./");
    let (o, e) = run_all(&mut c, "kubectl delete -k ./");
    assert_eq!(e, "");
    assert_eq!(
        o,
        "secret \"mysql-pass-5m26tmdb5k\" deleted from default namespace\n\
         service \"wordpress\" deleted from default namespace\n\
         service \"wordpress-mysql\" deleted from default namespace\n\
         persistentvolumeclaim \"mysql-pv-claim\" deleted from default namespace\n\
         persistentvolumeclaim \"wp-pv-claim\" deleted from default namespace\n\
         deployment.apps \"wordpress\" deleted from default namespace\n\
         deployment.apps \"wordpress-mysql\" deleted from default namespace\n"
    );
}

#[test]
fn kustomize_prints_the_build_sorted_by_kind_with_references_renamed() {
    // `kubectl kustomize` needs no cluster.
    let mut c = console_with(
        "true",
        &[
            (
                "mysql-deployment.yaml",
                example("wordpress-mysql-deployment.yaml"),
            ),
            (
                "wordpress-deployment.yaml",
                example("wordpress-deployment.yaml"),
            ),
        ],
    );
    c.files_mut().write("kustomization.yaml", KUSTOMIZATION);
    let yaml = out(&mut c, "kubectl kustomize ./");
    assert!(
        yaml.starts_with(
            "apiVersion: v1\ndata:\n  password: WU9VUl9QQVNTV09SRA==\nkind: Secret\nmetadata:\n  name: mysql-pass-5m26tmdb5k\ntype: Opaque\n---\napiVersion: v1\nkind: Service\n"
        ),
        "{yaml}"
    );
    let names: Vec<&str> = yaml
        .lines()
        .filter_map(|l| l.strip_prefix("  name: "))
        .collect();
    assert_eq!(
        names,
        [
            "mysql-pass-5m26tmdb5k",
            "wordpress",
            "wordpress-mysql",
            "mysql-pv-claim",
            "wp-pv-claim",
            "wordpress",
            "wordpress-mysql"
        ]
    );
    assert_eq!(yaml.matches("name: mysql-pass-5m26tmdb5k").count(), 4);
    assert!(!yaml.contains("name: mysql-pass\n"));
    // An overlay over the tutorial's folder as its base, and `-o FILE`.
    for (name, text) in [
        ("wp/kustomization.yaml", KUSTOMIZATION.to_string()),
        (
            "wp/mysql-deployment.yaml",
            example("wordpress-mysql-deployment.yaml"),
        ),
        (
            "wp/wordpress-deployment.yaml",
            example("wordpress-deployment.yaml"),
        ),
        (
            "overlay/kustomization.yaml",
            "namePrefix: dev-\nresources:\n- ../wp\n".to_string(),
        ),
        (
            "wp/loop/kustomization.yaml",
            "resources:\n- ..\n".to_string(),
        ),
    ] {
        c.files_mut().write(name, &text);
    }
    let overlay = out(&mut c, "kubectl kustomize overlay");
    assert_eq!(
        overlay.matches("name: dev-mysql-pass-").count(),
        4,
        "{overlay}"
    );
    assert!(overlay.contains("claimName: dev-wp-pv-claim"), "{overlay}");
    // A base that holds the kustomization that led to it is a cycle.
    let (_, e) = run(&mut c, "kubectl kustomize wp/loop");
    assert_eq!(e, "error: accumulating resources: accumulation err='accumulating resources from '..': '/home/learner/wp' must resolve to a file': cycle detected: candidate root '/home/learner/wp' contains visited root '/home/learner/wp/loop'\n");
    // A file from above the kustomization is refused (kubectl's root-only load restrictor).
    c.files_mut().write(
        "up/kustomization.yaml",
        "resources:\n- ../mysql-deployment.yaml\n",
    );
    let (_, e) = run(&mut c, "kubectl kustomize up");
    assert_eq!(e, "error: accumulating resources: accumulation err='accumulating resources from '../mysql-deployment.yaml': security; file '/home/learner/mysql-deployment.yaml' is not in or below '/home/learner/up'': must build at directory: '/home/learner/mysql-deployment.yaml': file is not directory\n");
    // `--reorder none`: the resources as listed, the generated Secret last.
    let fifo = out(&mut c, "kubectl kustomize --reorder none");
    let kinds: Vec<&str> = fifo
        .lines()
        .filter_map(|l| l.strip_prefix("kind: "))
        .collect();
    assert_eq!(
        kinds,
        [
            "Service",
            "PersistentVolumeClaim",
            "Deployment",
            "Service",
            "PersistentVolumeClaim",
            "Deployment",
            "Secret"
        ]
    );
    assert_eq!(out(&mut c, "kubectl kustomize ./ -o built.yaml"), "");
    let built = out(&mut c, "cat built.yaml");
    assert_eq!(built, yaml);
}

/// The tutorial's literal, hashed by hand as kustomize's `api/hasher` does: the Secret's kind,
/// name, type and base64 data as Go JSON (keys sorted), SHA-256, first ten hex digits, `0 1 3 a
/// e` → `g h k m t`. kustomize v5.7.1 (kubectl 1.34) looks the name up under a field literally
/// called `metadata/name`, so the name it hashes is empty: `5m26tmdb5k`. The tutorial's sample
/// (`mysql-pass-c57bb4t7mf`) comes from an older kustomize that hashed the real name; the same
/// computation with the name reproduces it.
#[test]
fn the_hash_of_the_tutorial_literal_is_kustomizes() {
    let hex = |s: &str| -> String {
        hash::sha256(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let v5 =
        r#"{"data":{"password":"WU9VUl9QQVNTV09SRA=="},"kind":"Secret","name":"","type":"Opaque"}"#;
    let secret = serde_json::json!({
        "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": {"name": "mysql-pass"},
        "data": {"password": "WU9VUl9QQVNTV09SRA=="},
    });
    assert_eq!(hash::encoded(&secret), v5);
    assert!(hex(v5).starts_with("5a26eadb5"), "{}", hex(v5));
    assert_eq!(hash::encode(&hex(v5)), "5m26tmdb5k");
    assert_eq!(hash::suffix(&secret), "5m26tmdb5k");
    // The tutorial's published suffix, with the name hashed as kustomize v2/v3 did.
    let old = r#"{"data":{"password":"WU9VUl9QQVNTV09SRA=="},"kind":"Secret","name":"mysql-pass","type":"Opaque"}"#;
    assert_eq!(hash::encode(&hex(old)), "c57bb4t7mf");
}

/// kustomize's own `TestGeneratorBasics` (api/krusty/configmaps_test.go, v5.7.1): env files,
/// `env`, literals, files with and without a key, a folded literal, `namePrefix`, and a Secret
/// whose long values are base64 broken into lines of 70.
#[test]
fn kustomizes_generator_basics_case_hashes_the_same() {
    let k = "namePrefix: blah-\nconfigMapGenerator:\n- name: bob\n  literals:\n  - fruit=apple\n  - vegetable=broccoli\n  envs:\n  - foo.env\n  env: bar.env\n  files:\n  - passphrase=phrase.dat\n  - forces.txt\n- name: json\n  literals:\n  - 'v2=[{\"path\": \"var/druid/segment-cache\"}]'\n  - >-\n    druid_segmentCache_locations=[{\"path\":\n    \"var/druid/segment-cache\",\n    \"maxSize\": 32000000000,\n    \"freeSpacePercent\": 1.0}]\nsecretGenerator:\n- name: bob\n  literals:\n  - fruit=apple\n  - vegetable=broccoli\n  envs:\n  - foo.env\n  files:\n  - passphrase=phrase.dat\n  - forces.txt\n  env: bar.env\n";
    let files: BTreeMap<String, String> = [
        ("kustomization.yaml", k),
        ("foo.env", "\nMOUNTAIN=everest\nOCEAN=pacific\n"),
        ("bar.env", "\nBIRD=falcon\n"),
        (
            "phrase.dat",
            "\nLife is short.\nBut the years are long.\nNot while the evil days come not.\n",
        ),
        (
            "forces.txt",
            "\ngravitational\nelectromagnetic\nstrong nuclear\nweak nuclear\n",
        ),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let built = kustomize::build(&MemFiles(files), ".").unwrap();
    let names: Vec<String> = built
        .objects
        .iter()
        .map(|o| o["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "blah-bob-g9df72cd5b",
            "blah-json-m8529t979f",
            "blah-bob-58g62h555c"
        ]
    );
    // kustomize's expected output for the first ConfigMap, byte for byte.
    assert!(built.yaml().starts_with("apiVersion: v1\ndata:\n  BIRD: falcon\n  MOUNTAIN: everest\n  OCEAN: pacific\n  forces.txt: |2\n\n    gravitational\n    electromagnetic\n    strong nuclear\n    weak nuclear\n  fruit: apple\n  passphrase: |2\n\n    Life is short.\n    But the years are long.\n    Not while the evil days come not.\n  vegetable: broccoli\nkind: ConfigMap\nmetadata:\n  name: blah-bob-g9df72cd5b\n---\napiVersion: v1\ndata:\n  druid_segmentCache_locations: '[{\"path\": \"var/druid/segment-cache\", \"maxSize\": 32000000000,\n    \"freeSpacePercent\": 1.0}]'\n"), "{}", built.yaml());
    let secret = &built.objects[2];
    assert_eq!(
        secret["data"]["forces.txt"],
        "CmdyYXZpdGF0aW9uYWwKZWxlY3Ryb21hZ25ldGljCnN0cm9uZyBudWNsZWFyCndlYWsgbn\nVjbGVhcgo=\n"
    );
}

#[test]
fn namespace_prefix_and_labels_reach_names_selectors_and_references() {
    let k = "namespace: blog\nnamePrefix: dev-\ncommonLabels:\n  team: web\nconfigMapGenerator:\n- name: conf\n  literals:\n  - A=1\n  options:\n    disableNameSuffixHash: true\nresources:\n- wordpress-deployment.yaml\n";
    let files: BTreeMap<String, String> = [
        ("kustomization.yaml", k.to_string()),
        (
            "wordpress-deployment.yaml",
            example("wordpress-deployment.yaml"),
        ),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b))
    .collect();
    let built = kustomize::build(&MemFiles(files), "./").unwrap();
    assert_eq!(
        built.warnings,
        ["# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically."]
    );
    let ids: Vec<String> = built
        .objects
        .iter()
        .map(|o| {
            format!(
                "{}/{}/{}",
                o["kind"].as_str().unwrap(),
                o["metadata"]["namespace"].as_str().unwrap(),
                o["metadata"]["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            "ConfigMap/blog/dev-conf",
            "Service/blog/dev-wordpress",
            "PersistentVolumeClaim/blog/dev-wp-pv-claim",
            "Deployment/blog/dev-wordpress"
        ]
    );
    let dep = &built.objects[3];
    assert_eq!(dep["spec"]["selector"]["matchLabels"]["team"], "web");
    assert_eq!(dep["spec"]["template"]["metadata"]["labels"]["team"], "web");
    assert_eq!(
        dep["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"],
        "dev-wp-pv-claim"
    );
    assert_eq!(built.objects[1]["spec"]["selector"]["team"], "web");
}

#[test]
fn kustomize_errors_are_kustomizes() {
    let mut c = wordpress();
    let (o, e) = run(&mut c, "kubectl apply -k nowhere");
    assert_eq!(o, "");
    assert_eq!(e, "error: must build at directory: not a valid directory: evalsymlink failure on 'nowhere' : lstat /home/learner/nowhere: no such file or directory\n");
    c.files_mut().write("empty/notes.txt", "x");
    let (_, e) = run(&mut c, "kubectl kustomize empty");
    assert_eq!(e, "error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/home/learner/empty'\n");
    c.files_mut()
        .write("bad/kustomization.yaml", "resources:\n- gone.yaml\n");
    let (_, e) = run(&mut c, "kubectl apply -k bad/");
    assert_eq!(e, "error: accumulating resources: accumulation err='accumulating resources from 'gone.yaml': evalsymlink failure on '/home/learner/bad/gone.yaml' : lstat /home/learner/bad/gone.yaml: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '/home/learner/bad/gone.yaml' : lstat /home/learner/bad/gone.yaml: no such file or directory\n");
    c.files_mut()
        .write("typo/kustomization.yaml", "resource:\n- a.yaml\n");
    let (_, e) = run(&mut c, "kubectl kustomize typo");
    assert_eq!(
        e,
        "error: invalid Kustomization: json: unknown field \"resource\"\n"
    );
    c.files_mut().write(
        "patched/kustomization.yaml",
        "resources:\n- ../mysql-deployment.yaml\ncomponents:\n- ../extra\n",
    );
    let (o, e) = run(&mut c, "kubectl apply -k patched");
    assert_eq!(o, "");
    assert_eq!(e, "podplay: kustomize has components, but podplay does not simulate it; this kustomization was not built\n");
    let (_, e) = run(
        &mut c,
        "kubectl apply -k github.com/kubernetes-sigs/kustomize/examples/helloWorld?ref=v1.0.6",
    );
    assert_eq!(e, "podplay: kustomize has remote kustomizations, but podplay does not simulate it; this kustomization was not built\n");
    let (_, e) = run(&mut c, "kubectl apply -k ./ -f mysql-deployment.yaml");
    assert_eq!(e, "error: only one of -f or -k can be specified\n");
    let (_, e) = run(&mut c, "kubectl kustomize --enable-helm .");
    assert_eq!(
        e,
        "podplay: kubectl kustomize --enable-helm is a real flag that podplay does not simulate\n"
    );
    let (_, e) = run(&mut c, "kubectl kustomize a b");
    assert_eq!(e, "error: specify one path to kustomization.yaml\n");
    let (_, e) = run(&mut c, "kubectl kustomize --frobnicate .");
    assert_eq!(
        e,
        "error: unknown flag: --frobnicate\nSee 'kubectl kustomize --help' for usage.\n"
    );
    // Nothing was created by the failed commands.
    let (o, _) = run(&mut c, "kubectl get secrets");
    assert_eq!(o, "");
}

fn standalone(files: &[(&str, String)]) -> (Simulation, Workdir) {
    let sim = Simulation::new(Config::minikube(7));
    let map: BTreeMap<String, String> = files
        .iter()
        .map(|(n, t)| ((*n).to_string(), t.clone()))
        .collect();
    (sim, Workdir::new(Box::new(MemFiles(map))))
}

fn words(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

#[test]
fn dash_f_dash_reads_standard_input() {
    let (mut sim, mut files) = standalone(&[]);
    let mut ctx = Ctx {
        sim: &mut sim,
        files: &mut files,
        lang: Lang::En,
        stdin: Some(example("web.yaml")),
    };
    let mut o = Output::new();
    mutate::apply(&mut ctx, &words("-f -"), &mut o, false);
    assert_eq!(
        o.text(),
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    // The source is named STDIN in kubectl's errors.
    ctx.stdin = Some(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  ports:\n  - port: 80\n"
            .into(),
    );
    let mut o = Output::new();
    mutate::apply(&mut ctx, &words("-f -"), &mut o, true);
    assert_eq!(
        o.text(),
        "Error from server (AlreadyExists): error when creating \"STDIN\": services \"nginx\" already exists\n"
    );
    // No input at all.
    ctx.stdin = None;
    let mut o = Output::new();
    mutate::apply(&mut ctx, &words("-f -"), &mut o, false);
    assert_eq!(o.text(), "error: no objects passed to apply\n");
}

#[test]
fn a_url_stands_for_the_learners_file_of_that_name() {
    let mut c = console_with("minikube start", &[("web.yaml", example("web.yaml"))]);
    let (o, e) = run(
        &mut c,
        "kubectl apply -f https://k8s.io/examples/application/web/web.yaml",
    );
    assert_eq!(o, "service/nginx created\nstatefulset.apps/web created\n");
    assert_eq!(e, "podplay: no network here; https://k8s.io/examples/application/web/web.yaml is answered with your own file web.yaml\n");
    let (o, e) = run(
        &mut c,
        "kubectl apply -f https://k8s.io/examples/application/web/web-parallel.yaml",
    );
    assert_eq!(o, "");
    assert_eq!(
        e,
        "Unable to connect to the server: dial tcp: lookup k8s.io: no such host\n\
         podplay: no network here; paste that file into the editor as web-parallel.yaml and run the command again\n"
    );
}

#[test]
fn curl_and_wget_download_the_learners_file() {
    let mut c = console_with(
        "true",
        &[(
            "mysql-deployment.yaml",
            example("wordpress-mysql-deployment.yaml"),
        )],
    );
    let url = "https://k8s.io/examples/application/wordpress/mysql-deployment.yaml";
    let note = format!(
        "podplay: no network here; {url} is answered with your own file mysql-deployment.yaml\n"
    );
    let (o, e) = run(&mut c, &format!("curl -LO {url}"));
    assert_eq!((o.as_str(), e.as_str()), ("", note.as_str()));
    let (o, e) = run(&mut c, &format!("curl -o copy.yaml {url}"));
    assert_eq!((o.as_str(), e.as_str()), ("", note.as_str()));
    assert_eq!(
        out(&mut c, "cat copy.yaml"),
        example("wordpress-mysql-deployment.yaml")
    );
    let (o, _) = run(&mut c, &format!("curl -sL {url}"));
    assert_eq!(o, example("wordpress-mysql-deployment.yaml"));
    let (_, e) = run(&mut c, &format!("wget -O other.yaml {url}"));
    assert_eq!(e, note);
    assert!(out(&mut c, "ls").contains("other.yaml"));
    let missing = "https://k8s.io/examples/application/wordpress/wordpress-deployment.yaml";
    let hint = "podplay: no network here; paste that file into the editor as wordpress-deployment.yaml and run the command again\n";
    let (o, e) = run(&mut c, &format!("curl -LO {missing}"));
    assert_eq!(o, "");
    assert_eq!(
        e,
        format!("curl: (6) Could not resolve host: k8s.io\n{hint}")
    );
    let (_, e) = run(&mut c, &format!("wget {missing}"));
    assert_eq!(
        e,
        format!("wget: unable to resolve host address ‘k8s.io’\n{hint}")
    );
    let (_, e) = run(&mut c, "curl");
    assert_eq!(e, "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
}

#[test]
fn odd_kustomizations_fail_without_panicking() {
    let cases = [
        "resources: web.yaml\n",
        "resources:\n- 3\n",
        "- a\n- b\n",
        "secretGenerator: {}\n",
        "secretGenerator:\n- literals: [a=b]\n",
        "secretGenerator:\n- name: s\n  literals: [novalue]\n",
        "configMapGenerator:\n- name: c\n  files: [a=b=c]\n",
        "configMapGenerator:\n- name: c\n  envs: [gone.env]\n",
        "configMapGenerator:\n- name: c\n  literals: [a=1, a=2]\n",
        "namespace: x\ncommonLabels: [a]\nresources: [odd.yaml]\n",
        "resources: [odd.yaml]\nnamePrefix: p-\ncommonAnnotations: {a: b}\n",
        "resources: [list.yaml]\nnamespace: n\n",
        "resources: [.]\n",
        "kind: Kustomization\n",
        "apiVersion: v2\nkind: Nope\nresources: [list.yaml]\n",
        "resources: [\"\"]\n",
        ": : :\n",
        "resources: [odd.yaml]\npatches:\n- target: {kind: ConfigMap}\n  patch: just words\n",
        "resources: [odd.yaml]\npatches:\n- target: {kind: ConfigMap}\n  patch: 'metadata: 3'\nnamespace: n\n",
        "patches: [3]\n",
        "patches:\n- {}\n",
    ];
    let files = |k: &str| -> MemFiles {
        MemFiles(
            [
                ("kustomization.yaml", k),
                ("odd.yaml", "kind: Pod\nmetadata: 3\n---\n- 1\n---\nkind: ConfigMap\nmetadata:\n  name: x\n"),
                ("list.yaml", "kind: List\nitems:\n- 1\n- kind: ConfigMap\n  metadata: {name: a}\n"),
            ]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        )
    };
    for k in cases {
        let result = kustomize::build(&files(k), "./");
        assert!(result.is_err(), "{k}: {result:?}");
    }
    // And through the console.
    let mut c = console_with(
        "minikube start",
        &[("kustomization.yaml", "resources: 7\n".to_string())],
    );
    let (o, e) = run(&mut c, "kubectl apply -k .");
    assert_eq!(o, "");
    assert_eq!(e, "error: invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization.resources of type []string\n");
}

#[test]
fn get_k_and_get_f_list_the_objects_of_the_input() {
    let mut c = wordpress();
    out(&mut c, "kubectl apply -k ./");
    let listed = out(&mut c, "kubectl get -k ./");
    let firsts: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        firsts,
        [
            "NAME",
            "secret/mysql-pass-5m26tmdb5k",
            "NAME",
            "service/wordpress",
            "service/wordpress-mysql",
            "NAME",
            "persistentvolumeclaim/mysql-pv-claim",
            "persistentvolumeclaim/wp-pv-claim",
            "NAME",
            "deployment.apps/wordpress",
            "deployment.apps/wordpress-mysql"
        ]
    );
    let one = out(&mut c, "kubectl get -f wordpress-deployment.yaml -o name");
    assert_eq!(
        one,
        "service/wordpress\npersistentvolumeclaim/wp-pv-claim\ndeployment.apps/wordpress\n"
    );
    let (_, e) = run(&mut c, "kubectl get -f nothere.yaml");
    assert_eq!(e, "error: the path \"nothere.yaml\" does not exist\n");
}

#[test]
fn replicas_and_images_change_the_workloads() {
    let k = "resources:\n- mysql-deployment.yaml\nreplicas:\n- name: wordpress-mysql\n  count: 2\nimages:\n- name: mysql\n  newTag: \"8.4\"\n";
    let files: BTreeMap<String, String> = [
        ("kustomization.yaml", k.to_string()),
        (
            "mysql-deployment.yaml",
            example("wordpress-mysql-deployment.yaml"),
        ),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b))
    .collect();
    let built = kustomize::build(&MemFiles(files.clone()), ".").unwrap();
    let dep = &built.objects[2];
    assert_eq!(dep["spec"]["replicas"], 2);
    assert_eq!(
        dep["spec"]["template"]["spec"]["containers"][0]["image"],
        "mysql:8.4"
    );
    let mut wrong = files;
    wrong.insert(
        "kustomization.yaml".into(),
        "resources:\n- mysql-deployment.yaml\nreplicas:\n- name: web\n  count: 2\n".into(),
    );
    let err = kustomize::build(&MemFiles(wrong), ".").unwrap_err();
    assert_eq!(
        err,
        kustomize::Failure::Error("resource with name web does not match a config with the following GVK [Deployment.[noVer].[noGrp] ReplicationController.[noVer].[noGrp] ReplicaSet.[noVer].[noGrp] StatefulSet.[noVer].[noGrp]]".into())
    );
}

#[test]
fn dash_f_with_a_folder_applies_its_manifests() {
    let mut c = console_with(
        "minikube start",
        &[
            ("app/web.yaml", example("web.yaml")),
            ("app/notes.txt", "not a manifest".to_string()),
            ("app/more/pvc.yaml", example("pv-claim.yaml")),
        ],
    );
    assert_eq!(
        out(&mut c, "kubectl apply -f app/"),
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    assert_eq!(
        out(&mut c, "kubectl apply -f app -R"),
        "persistentvolumeclaim/task-pv-claim created\nservice/nginx unchanged\nstatefulset.apps/web unchanged\n"
    );
}

#[test]
fn strategic_merge_patches_change_what_they_name() {
    let k = "resources:\n- mysql-deployment.yaml\npatches:\n- path: more-memory.yaml\n- target:\n    kind: Service\n  patch: |-\n    apiVersion: v1\n    kind: Service\n    metadata:\n      name: any\n    spec:\n      ports:\n      - port: 3306\n        name: mysql\npatchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: wordpress-mysql\n  spec:\n    template:\n      spec:\n        containers:\n        - name: mysql\n          env:\n          - name: MYSQL_DATABASE\n            $patch: delete\nnamePrefix: p-\n";
    let patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wordpress-mysql\nspec:\n  template:\n    spec:\n      containers:\n      - name: mysql\n        resources:\n          limits:\n            memory: 1Gi\n";
    let mut files: BTreeMap<String, String> = [
        ("kustomization.yaml", k.to_string()),
        ("more-memory.yaml", patch.to_string()),
        (
            "mysql-deployment.yaml",
            example("wordpress-mysql-deployment.yaml"),
        ),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b))
    .collect();
    let built = kustomize::build(&MemFiles(files.clone()), ".").unwrap();
    assert_eq!(
        built.warnings,
        ["# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."]
    );
    let svc = &built.objects[0];
    assert_eq!(svc["metadata"]["name"], "p-wordpress-mysql");
    assert_eq!(
        svc["spec"]["ports"],
        serde_json::json!([{"port": 3306, "name": "mysql"}])
    );
    let dep = &built.objects[2];
    assert_eq!(dep["metadata"]["name"], "p-wordpress-mysql");
    let c = &dep["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["image"], "mysql:8.0");
    assert_eq!(c["resources"]["limits"]["memory"], "1Gi");
    let envs: Vec<&str> = c["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        envs,
        ["MYSQL_ROOT_PASSWORD", "MYSQL_USER", "MYSQL_PASSWORD"]
    );
    // A patch naming nothing.
    files.insert(
        "kustomization.yaml".into(),
        "resources:\n- mysql-deployment.yaml\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n".into(),
    );
    assert_eq!(
        kustomize::build(&MemFiles(files.clone()), ".").unwrap_err(),
        kustomize::Failure::Error("no resource matches strategic merge patch \"Deployment.v1.apps/web.[noNs]\": no matches for Id Deployment.v1.apps/web.[noNs]; failed to find unique target for patch Deployment.v1.apps/web.[noNs]".into())
    );
}

#[test]
fn json_6902_patches_change_what_their_target_picks() {
    let mut files: BTreeMap<String, String> = [
        (
            "kustomization.yaml",
            "resources:\n- mysql-deployment.yaml\npatches:\n- target:\n    kind: Deployment\n  patch: '[{\"op\": \"add\", \"path\": \"/spec/replicas\", \"value\": 2}]'\n- target:\n    kind: Service\n  path: port.yaml\npatchesJson6902:\n- target:\n    version: v1\n    kind: Deployment\n    name: wordpress-mysql\n  patch: |-\n    - op: replace\n      path: /spec/template/spec/containers/0/image\n      value: mysql:8.4\n".to_string(),
        ),
        (
            "port.yaml",
            "- op: replace\n  path: /spec/ports/0/port\n  value: 3307\n".to_string(),
        ),
        (
            "mysql-deployment.yaml",
            example("wordpress-mysql-deployment.yaml"),
        ),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b))
    .collect();
    let built = kustomize::build(&MemFiles(files.clone()), ".").unwrap();
    assert_eq!(
        built.warnings,
        ["# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."]
    );
    assert_eq!(built.objects[0]["spec"]["ports"][0]["port"], 3307);
    let dep = &built.objects[2];
    assert_eq!(dep["spec"]["replicas"], 2);
    assert_eq!(
        dep["spec"]["template"]["spec"]["containers"][0]["image"],
        "mysql:8.4"
    );
    // Without a target; an operation that does not apply; a patchesJson6902 entry naming no
    // object.
    for (k, want) in [
        (
            "resources:\n- mysql-deployment.yaml\npatches:\n- patch: '[{\"op\": \"add\", \"path\": \"/spec/replicas\", \"value\": 2}]'\n",
            "must specify a target for JSON patch [patch: \"[{\\\"op\\\": \\\"add\\\", \\\"path\\\": \\\"/spec/replicas\\\", \\\"value\\\": 2}]\"]",
        ),
        (
            "resources:\n- mysql-deployment.yaml\npatches:\n- target:\n    kind: Deployment\n  patch: '[{\"op\": \"replace\", \"path\": \"/spec/paused\", \"value\": true}]'\n",
            "replace operation does not apply: doc is missing key: /spec/paused: missing value",
        ),
        (
            "resources:\n- mysql-deployment.yaml\npatchesJson6902:\n- target:\n    kind: Deployment\n  path: port.yaml\n",
            "must specify the target name",
        ),
    ] {
        files.insert("kustomization.yaml".into(), k.into());
        assert_eq!(
            kustomize::build(&MemFiles(files.clone()), ".").unwrap_err(),
            kustomize::Failure::Error(want.into()),
            "{k}"
        );
    }
    // A patch that takes an object apart fails or builds; it never panics.
    for ops in [
        "[{\"op\": \"remove\", \"path\": \"/metadata\"}]",
        "[{\"op\": \"replace\", \"path\": \"\", \"value\": 3}]",
        "[{\"op\": \"replace\", \"path\": \"/kind\", \"value\": []}]",
        "[{\"op\": \"replace\", \"path\": \"\", \"value\": null}]",
        "[{\"op\": \"replace\", \"path\": \"/metadata\", \"value\": 1}]",
    ] {
        files.insert(
            "kustomization.yaml".into(),
            format!("resources:\n- mysql-deployment.yaml\nnamePrefix: p-\ncommonLabels: {{a: b}}\npatches:\n- target:\n    kind: Deployment\n  patch: '{ops}'\n"),
        );
        let _ = kustomize::build(&MemFiles(files.clone()), ".");
    }
}

#[test]
fn patches_cannot_break_an_object() {
    for patch in [
        "'metadata: 3'",
        "'kind: 7'",
        "'spec: x'",
        "just words",
        "'- 1'",
    ] {
        let k = format!("resources: [cm.yaml]\nnamespace: n\nnamePrefix: p-\ncommonLabels: {{a: b}}\nreplicas: []\npatches:\n- target: {{kind: ConfigMap}}\n  patch: {patch}\n");
        let files: BTreeMap<String, String> = [
            ("kustomization.yaml", k),
            (
                "cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n".to_string(),
            ),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b))
        .collect();
        if let Ok(b) = kustomize::build(&MemFiles(files), ".") {
            assert_eq!(b.objects[0]["metadata"]["name"], "p-c", "{patch}");
            assert_eq!(b.objects[0]["kind"], "ConfigMap", "{patch}");
        }
    }
}
