//! kubectl's template output options in the console: `--template` / `-o go-template=`,
//! `-o jsonpath=`, `-o custom-columns=`, `--sort-by`, and `-o wide` of the stored kinds, on the
//! StatefulSet Basics tutorial's `web.yaml`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::console::{console_with, example, out, run};
use podplay::console::Console;

fn settle(c: &mut Console) {
    let sim = c.sim_mut().expect("cluster");
    assert!(sim.run_until_idle(600_000, 200_000).reached);
}

/// `web.yaml` applied and settled: pods web-0 and web-1 Running.
fn web() -> Console {
    let mut c = console_with("minikube start", &[("web.yaml", example("web.yaml"))]);
    out(&mut c, "kubectl apply -f web.yaml");
    settle(&mut c);
    c
}

#[test]
fn the_tutorials_template_prints_the_image() {
    // Pins the StatefulSet Basics tutorial's `kubectl get pod web-0 --template …` (one object
    // asked for by name: the template sees the pod itself). ../shared's web.yaml pins
    // nginx-slim:0.7; web-parallel.yaml has 0.24.
    let mut c = web();
    assert_eq!(
        out(
            &mut c,
            "kubectl get pod web-0 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'"
        ),
        "registry.k8s.io/nginx-slim:0.7\n"
    );
    assert_eq!(
        out(
            &mut c,
            "kubectl get pod web-0 -o go-template='{{.metadata.name}} {{.spec.hostname}}'"
        ),
        "web-0 web-0\n"
    );
    // Several objects: the template sees a List.
    assert_eq!(
        out(
            &mut c,
            r#"kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}{{len .items}} {{.kind}}'"#
        ),
        "web-0\nweb-1\n2 List\n"
    );
    assert_eq!(
        out(
            &mut c,
            "kubectl get pod web-0 -o go-template='{{.metadata.nope}}'"
        ),
        "<no value>\n"
    );
    assert_eq!(
        out(
            &mut c,
            r#"kubectl get pod web-0 -o go-template='{{index .metadata.labels "app"}}'"#
        ),
        "nginx\n"
    );
}

#[test]
fn jsonpath_prints_fields_ranges_and_filters() {
    let mut c = web();
    assert_eq!(
        out(
            &mut c,
            "kubectl get pods -o jsonpath='{.items[*].metadata.name}'"
        ),
        "web-0 web-1\n"
    );
    assert_eq!(
        out(
            &mut c,
            r#"kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.hostname}{"\n"}{end}'"#
        ),
        "web-0\tweb-0\nweb-1\tweb-1\n"
    );
    assert_eq!(
        out(
            &mut c,
            r#"kubectl get pods -o jsonpath='{.items[?(@.metadata.name=="web-1")].spec.containers[0].image}'"#
        ),
        "registry.k8s.io/nginx-slim:0.7\n"
    );
    assert_eq!(
        out(
            &mut c,
            "kubectl get pod web-0 -o jsonpath={.metadata.labels.app}"
        ),
        "nginx\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get sts web -o jsonpath='{.spec.replicas}'"),
        "2\n"
    );
    // A field that is missing prints nothing.
    assert_eq!(
        out(&mut c, "kubectl get pod web-0 -o jsonpath='{.nope}'"),
        ""
    );
}

#[test]
fn custom_columns_and_sort_by_print_tables() {
    let mut c = web();
    assert_eq!(
        out(
            &mut c,
            "kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image,NODE:.spec.nodeName,X:.nope"
        ),
        "NAME    IMAGE                            NODE       X\n\
         web-0   registry.k8s.io/nginx-slim:0.7   minikube   <none>\n\
         web-1   registry.k8s.io/nginx-slim:0.7   minikube   <none>\n"
    );
    assert_eq!(
        out(
            &mut c,
            "kubectl get pods -o custom-columns=NAME:metadata.name --no-headers --sort-by=.metadata.name"
        ),
        "web-0\nweb-1\n"
    );
    // Newest first when sorted by a reversed key is not kubectl's; ascending creation time is.
    let sorted = out(
        &mut c,
        "kubectl get pods --sort-by=.metadata.creationTimestamp -o name",
    );
    assert_eq!(sorted, "pod/web-0\npod/web-1\n");
    let (o, e) = run(&mut c, "kubectl get pods --sort-by=.nope");
    assert_eq!(o, "");
    assert_eq!(
        e,
        "error: couldn't find any field with path \"{.nope}\" in the list of objects\n"
    );
    let table = out(&mut c, "kubectl get pvc --sort-by='{.metadata.name}'");
    let names: Vec<&str> = table
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(names, ["NAME", "www-web-0", "www-web-1"]);
}

#[test]
fn bad_templates_get_kubectls_errors() {
    let mut c = web();
    let (o, e) = run(
        &mut c,
        "kubectl get pod web-0 --template '{{.metadata.name'",
    );
    assert_eq!(o, "");
    assert_eq!(
        e,
        "error: error parsing template {{.metadata.name, template: output:1: unclosed action\n"
    );
    let (o, e) = run(
        &mut c,
        "kubectl get pod web-0 --template '{{.nope.deeper}}'",
    );
    assert!(
        o.starts_with("Error executing template: template: output:1:2: executing \"output\" at <.nope.deeper>: nil pointer evaluating interface {}.deeper. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{{.nope.deeper}}\n\traw data was:\n\t\t{\"apiVersion\":\"v1\",\"kind\":\"Pod\","),
        "{o}"
    );
    assert_eq!(
        e,
        "error: error executing template \"{{.nope.deeper}}\": template: output:1:2: executing \"output\" at <.nope.deeper>: nil pointer evaluating interface {}.deeper\n"
    );
    let (_, e) = run(&mut c, "kubectl get pods -o jsonpath='{.items[5]}'");
    assert!(
        e.starts_with("error: error executing jsonpath \"{.items[5]}\": Error executing template: array index out of bounds: index 5, length 2. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.items[5]}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", \"items\":[]interface {}{"),
        "{e}"
    );
    let (_, e) = run(&mut c, "kubectl get pods -o jsonpath='{.items[0'");
    assert_eq!(
        e,
        "error: error parsing jsonpath {.items[0, unterminated array\n"
    );
    let (_, e) = run(
        &mut c,
        "kubectl get pod web-0 -o jsonpath='{.nope}' --allow-missing-template-keys=false",
    );
    assert!(
        e.starts_with("error: error executing jsonpath \"{.nope}\": Error executing template: nope is not found."),
        "{e}"
    );
    let (_, e) = run(&mut c, "kubectl get pods -o go-template");
    assert_eq!(
        e,
        "error: template format specified but no template given\n"
    );
    let (_, e) = run(&mut c, "kubectl get pods -o custom-columns=NAME");
    assert_eq!(
        e,
        "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n"
    );
    let (_, e) = run(&mut c, "kubectl get pods -o go-template-file=nope.tmpl");
    assert_eq!(
        e,
        "error: error reading --template nope.tmpl, open nope.tmpl: no such file or directory\n"
    );
}

#[test]
fn template_files_come_from_the_learners_files() {
    let mut c = console_with(
        "minikube start",
        &[
            ("web.yaml", example("web.yaml")),
            (
                "names.tmpl",
                "{{range .items}}{{.metadata.name}}\n{{end}}".to_string(),
            ),
            (
                "cols.txt",
                "NAME   READY\n.metadata.name   {.status.phase}\n".to_string(),
            ),
        ],
    );
    out(&mut c, "kubectl apply -f web.yaml");
    settle(&mut c);
    assert_eq!(
        out(&mut c, "kubectl get pods -o go-template-file=names.tmpl"),
        "web-0\nweb-1\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get pods -o custom-columns-file=cols.txt"),
        "NAME    READY\nweb-0   Running\nweb-1   Running\n"
    );
}

#[test]
fn wide_shows_the_stored_kinds_extra_columns() {
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl:5.34.0\n      restartPolicy: Never\n";
    let rb = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: read\nsubjects:\n- kind: User\n  name: jane\n- kind: ServiceAccount\n  name: robot\n  namespace: default\nroleRef:\n  kind: Role\n  name: reader\n  apiGroup: rbac.authorization.k8s.io\n";
    let mut c = console_with(
        "minikube start",
        &[
            ("job.yaml", job.to_string()),
            ("rb.yaml", rb.to_string()),
            ("ds.yaml", example("basic-daemonset.yaml")),
        ],
    );
    out(&mut c, "kubectl apply -f ds.yaml");
    settle(&mut c);
    let ds = out(&mut c, "kubectl get ds -o wide");
    assert!(
        ds.lines()
            .next()
            .unwrap_or("")
            .ends_with("   AGE   CONTAINERS   IMAGES                  SELECTOR"),
        "{ds}"
    );
    assert!(
        ds.lines()
            .nth(1)
            .unwrap_or("")
            .ends_with("   pause        registry.k8s.io/pause   app.kubernetes.io/name=example"),
        "{ds}"
    );
    out(&mut c, "kubectl apply -f job.yaml");
    out(&mut c, "kubectl apply -f rb.yaml");
    let wide = out(&mut c, "kubectl get jobs -o wide");
    let header: Vec<&str> = wide
        .lines()
        .next()
        .unwrap_or("")
        .split("   ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(
        header,
        [
            "NAME",
            "STATUS",
            "COMPLETIONS",
            "DURATION",
            "AGE",
            "CONTAINERS",
            "IMAGES",
            "SELECTOR"
        ]
    );
    assert!(
        wide.lines()
            .nth(1)
            .unwrap_or("")
            .contains("   pi           perl:5.34.0   "),
        "{wide}"
    );
    let rbw = out(&mut c, "kubectl get rolebindings -o wide");
    assert_eq!(
        rbw.lines().next().unwrap_or(""),
        "NAME   ROLE          AGE   USERS   GROUPS   SERVICEACCOUNTS"
    );
    assert!(
        rbw.lines()
            .nth(1)
            .unwrap_or("")
            .ends_with("jane             default/robot"),
        "{rbw}"
    );
}

#[test]
fn odd_templates_never_panic() {
    let mut c = web();
    let odd = [
        "{{",
        "}}",
        "{{}}",
        "{{.}}",
        "{{-}}",
        "{{(}}",
        "{{|}}",
        "{{range}}",
        "{{else}}",
        "{{index .items 99}}",
        "{{printf \"%d\"}}",
        "{{len 3}}",
        "{{.a.b.c.d}}",
        "{{$x}}",
        "{{range .items}}{{break}}{{end}}",
        "{{template \"x\"}}",
        "{{/*",
        "{{\"",
    ];
    for t in odd {
        let _ = run(&mut c, &format!("kubectl get pods --template '{t}'"));
        let _ = run(
            &mut c,
            &format!("kubectl get pod web-0 -o go-template='{t}'"),
        );
    }
    let odd_paths = [
        "{",
        "}",
        "{.}",
        "{..}",
        "{...a}",
        "{[}",
        "{[?(}",
        "{[?(@.a==)]}",
        "{.items[a]}",
        "{.items[1:2:3:4]}",
        "{.items[-9]}",
        "{range}",
        "{end}",
        "{range .items[*]}",
        "{\"}",
        "{'\\q'}",
        "{.items[?(@.metadata.name>1)]}",
        "{@}",
        "{$}",
        "{.items[*]['metadata','kind']}",
        "{.items[,]}",
        "{+}",
        "{-1.2.3}",
        "{true}",
        "{.items[?(@)]}",
    ];
    for p in odd_paths {
        let _ = run(&mut c, &format!("kubectl get pods -o jsonpath='{p}'"));
        let _ = run(&mut c, &format!("kubectl get pods -o custom-columns=A:{p}"));
        let _ = run(&mut c, &format!("kubectl get pods --sort-by='{p}'"));
    }
}

#[test]
fn template_functions_are_go_builtins_and_kubectls_own() {
    // Pins: kubectl's templates have Go's builtins plus `exists` and `base64decode` only
    // (no sprig), and Go actions podplay does not run say so.
    let mut c = web();
    let (o, e) = run(
        &mut c,
        "kubectl get pod web-0 --template '{{.metadata.name | upper}}'",
    );
    assert_eq!(o, "");
    assert_eq!(
        e,
        "error: error parsing template {{.metadata.name | upper}}, template: output:1: function \"upper\" not defined\n"
    );
    let (_, e) = run(
        &mut c,
        "kubectl get pod web-0 --template '{{define \"x\"}}{{end}}'",
    );
    assert_eq!(
        e,
        "podplay: Go templates have {{define}}, but podplay does not simulate it\n"
    );
    assert_eq!(
        out(
            &mut c,
            r#"kubectl get pod web-0 --template '{{if exists .metadata.labels "app"}}{{.metadata.name | printf "%q"}}{{end}}'"#
        ),
        "\"web-0\"\n"
    );
    // A watch prints each object with the template, as kubectl does.
    let (o, e) = run(
        &mut c,
        r#"kubectl get pods -w -o jsonpath='{.metadata.name}{"\n"}'"#,
    );
    assert_eq!((o.as_str(), e.as_str()), ("web-0\nweb-1\n", ""));
    c.interrupt();
}

#[test]
fn a_watch_with_custom_columns_prints_one_header_and_keeps_widths() {
    // Pins the watch's custom columns: the header once, then one line per event, aligned.
    let mut c = console_with("minikube start", &[("web.yaml", example("web.yaml"))]);
    out(&mut c, "kubectl apply -f web.yaml");
    let (o, e) = run(
        &mut c,
        "kubectl get pods -w -o custom-columns=NAME:.metadata.name,PHASE:.status.phase",
    );
    assert_eq!(e, "");
    let mut all = o;
    let sim_end = c.sim().map(|s| s.now()).unwrap_or_default();
    let later = c.pump(sim_end.plus_ms(60_000));
    all.push_str(&common::console::stream(
        &later,
        podplay::console::Stream::Out,
    ));
    c.interrupt();
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("NAME")).count(),
        1,
        "{all}"
    );
    assert!(lines.len() > 2, "{all}");
    assert!(lines.contains(&"web-1   Running"), "{all}");
}
