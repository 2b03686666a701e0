//! The embedding page's messages, with a real session: `load`, `apply` and `play` bring
//! `state`s with web-0 then web-1, `run` brings the command's `output`, bad messages get an
//! `error`, and nothing is told twice.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use podplay::engine::Key;
use podplay::examples;
use podplay::manifest::objects::Kind;
use podplay::session::embed_api::{self, Bridge, MAX_LINE, MAX_MANIFESTS};
use podplay::session::{Intent, Session, DEFAULT_SEED};
use podplay::view_model::why::Target;
use serde_json::{json, Value};

/// A page: the session, the bridge, the wall clock, and every message the host was told.
struct Host {
    s: Session,
    bridge: Bridge,
    wall: f64,
    told: Vec<Value>,
}

impl Host {
    fn new() -> Host {
        let mut s = Session::new(&examples::all_together(), DEFAULT_SEED, 1.0);
        s.dispatch(Intent::Advance(0.0));
        let bridge = Bridge::new(&s);
        Host {
            s,
            bridge,
            wall: 0.0,
            told: Vec::new(),
        }
    }

    /// The host posts `msg`: its intents are dispatched; returns the replies.
    fn post(&mut self, msg: &Value) -> Vec<Value> {
        let (intents, replies) = self.bridge.handle(&msg.to_string(), &self.s);
        for i in intents {
            self.s.dispatch(i);
        }
        replies
            .iter()
            .map(|r| serde_json::from_str(r).unwrap())
            .collect()
    }

    /// One poll; what it told is also kept in `told`.
    fn poll(&mut self) -> Vec<Value> {
        let out: Vec<Value> = self
            .bridge
            .poll(&self.s)
            .iter()
            .map(|m| serde_json::from_str(m).unwrap())
            .collect();
        self.told.extend(out.iter().cloned());
        out
    }

    /// 100 ms frames for `secs` seconds, polling after each.
    fn frames(&mut self, secs: u64) {
        for _ in 0..secs * 10 {
            self.wall += 100.0;
            self.s.dispatch(Intent::Advance(self.wall));
            self.poll();
        }
    }

    fn of_type(&self, t: &str) -> Vec<Value> {
        self.told
            .iter()
            .filter(|m| m["type"] == t)
            .cloned()
            .collect()
    }
}

fn pods(state: &Value) -> Vec<(String, bool)> {
    state["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), p["ready"] == true))
        .collect()
}

fn statefulset_manifests() -> String {
    format!(
        "{}---\n{}",
        examples::HEADLESS_SERVICE,
        examples::STATEFULSET
    )
}

/// The host loaded the StatefulSet, applied and played until both pods are Ready.
fn applied() -> Host {
    let mut h = Host::new();
    assert!(h
        .post(&json!({"podplay": 1, "type": "load", "manifests": statefulset_manifests()}))
        .is_empty());
    h.post(&json!({"podplay": 1, "type": "apply"}));
    h.post(&json!({"podplay": 1, "type": "play"}));
    h.frames(40);
    h
}

#[test]
fn load_puts_one_analyzed_file_in_the_editor() {
    let mut h = Host::new();
    let text = statefulset_manifests();
    let replies = h.post(&json!({"podplay": 1, "type": "load", "manifests": text}));
    assert!(replies.is_empty());
    let e = h.s.editor_view();
    let names: Vec<&str> = e.files.iter().map(|n| &**n).collect();
    assert_eq!(names, ["editor.yaml"]);
    assert_eq!(&*e.text, text);
    assert!(!e.stale, "analyzed at once");
    assert_eq!(e.loaded_rev, e.rev, "the textarea is given the text");
    let objects: Vec<String> = e
        .analysis
        .objects
        .iter()
        .map(|o| format!("{}/{}", o.kind().name(), o.name()))
        .collect();
    assert_eq!(objects, ["Service/nginx", "StatefulSet/web"]);
    // The seed's files were not hand-edited: nothing to bring back.
    assert_eq!(e.undo, None);
}

#[test]
fn load_over_hand_edits_can_be_undone() {
    let mut h = Host::new();
    h.s.dispatch(Intent::Edit("# mine\n".into()));
    h.post(&json!({"podplay": 1, "type": "load", "manifests": examples::DEPLOYMENT_SERVICE}));
    assert_eq!(
        h.s.editor_view().undo.as_deref(),
        Some("The page around podplay loaded its manifests into editor.yaml.")
    );
    h.s.dispatch(Intent::UndoFiles);
    let e = h.s.editor_view();
    assert_eq!(&*e.text, "# mine\n");
    assert_eq!(e.files.len(), 4);
}

#[test]
fn apply_and_play_tell_web_0_then_web_1() {
    let h = applied();
    let states = h.of_type("state");
    let first = &states[0];
    assert_eq!(first["podplay"], 1);
    assert_eq!(first["live"], true);
    // The first frame after Apply: web-0 was created, not Ready yet.
    assert_eq!(
        first["pods"],
        json!([{"name": "web-0", "phase": "Pending", "ready": false, "status": "Pending"}])
    );
    let web1_at = states
        .iter()
        .position(|s| pods(s).iter().any(|(n, _)| n == "web-1"))
        .expect("web-1 appears");
    // Ordered creation: web-1 is created once web-0 is Ready, not before.
    assert_eq!(
        pods(&states[web1_at]),
        [("web-0".to_string(), true), ("web-1".to_string(), false)]
    );
    assert!(web1_at > 3);
    for s in &states[..web1_at] {
        assert_eq!(pods(s), [("web-0".to_string(), false)], "web-0 alone first");
    }
    let last = states.last().unwrap();
    assert_eq!(
        pods(last),
        [("web-0".to_string(), true), ("web-1".to_string(), true)]
    );
    assert_eq!(last["pods"][0]["phase"], "Running");
    assert_eq!(last["pods"][1]["status"], "Running");
    // Times only grow, a second of virtual time apart unless the pods changed.
    for w in states.windows(2) {
        let (a, b) = (
            w[0]["time"].as_u64().unwrap(),
            w[1]["time"].as_u64().unwrap(),
        );
        assert!(b >= a);
        assert!(
            b - a >= 1000 || w[0]["pods"] != w[1]["pods"] || w[0]["playing"] != w[1]["playing"]
        );
    }
    // Apply's commands, each told once, with exactly what they printed.
    let outputs = h.of_type("output");
    let lines: Vec<&str> = outputs
        .iter()
        .map(|o| o["line"].as_str().unwrap())
        .collect();
    assert_eq!(lines, ["minikube start", "kubectl apply -f editor.yaml"]);
    assert_eq!(
        outputs[1]["lines"],
        json!(["service/nginx created", "statefulset.apps/web created"])
    );
    assert_eq!(outputs[1]["terminal"], 1);
}

#[test]
fn run_tells_exactly_what_kubectl_printed() {
    let mut h = applied();
    let before = h.told.len();
    let replies = h.post(&json!({"podplay": 1, "type": "run", "line": "kubectl get pods"}));
    assert!(replies.is_empty());
    h.poll();
    let told = &h.told[before..];
    assert_eq!(told.len(), 1, "one output, the state unchanged: {told:?}");
    let out = &told[0];
    assert_eq!(out["type"], "output");
    assert_eq!(out["line"], "kubectl get pods");
    let lines: Vec<&str> = out["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], "NAME    READY   STATUS    RESTARTS   AGE");
    assert!(lines[1].starts_with("web-0   1/1     Running   0"));
    assert!(lines[2].starts_with("web-1   1/1     Running   0"));
    // The console shows the same lines after the command.
    let console = h.s.console_view().lines;
    let echo = console.iter().rposition(|l| l.class == "echo").unwrap();
    let shown: Vec<&str> = console[echo + 1..]
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(shown, lines);
    // Nothing is told twice.
    assert!(h.poll().is_empty());
}

#[test]
fn a_command_that_takes_virtual_time_is_told_when_its_prompt_is_back() {
    let mut h = applied();
    // The reader's own second terminal counts too.
    h.s.dispatch(Intent::OpenTerminal);
    h.s.dispatch(Intent::Run("sleep 3".into()));
    let before = h.told.len();
    h.frames(2);
    assert!(h.told[before..].iter().all(|m| m["type"] != "output"));
    h.frames(2);
    let outputs: Vec<&Value> = h.told[before..]
        .iter()
        .filter(|m| m["type"] == "output")
        .collect();
    assert_eq!(
        outputs,
        [&json!({"podplay": 1, "type": "output", "terminal": 2, "line": "sleep 3", "lines": []})]
    );
}

#[test]
fn tab_listings_and_abandoned_lines_are_not_commands() {
    let mut h = applied();
    let before = h.told.len();
    // Several candidates: the line is shown again above them, as a shell does.
    assert_eq!(
        h.s.complete("kubectl get pods web-"),
        Some("kubectl get pods web-".into())
    );
    h.s.dispatch(Intent::Interrupt("kubectl ge".into()));
    h.s.dispatch(Intent::Run("echo done".into()));
    h.frames(1);
    let outputs: Vec<&Value> = h.told[before..]
        .iter()
        .filter(|m| m["type"] == "output")
        .collect();
    assert_eq!(
        outputs,
        [
            &json!({"podplay": 1, "type": "output", "terminal": 1, "line": "echo done", "lines": ["done"]})
        ]
    );
    let console = h.s.console_view().lines;
    assert!(console.iter().any(|l| l.text == "kubectl get pods web-"));
    assert!(console.iter().any(|l| l.text == "kubectl ge^C"));
}

#[test]
fn pause_seek_and_step_each_tell_one_state() {
    let mut h = applied();
    h.post(&json!({"podplay": 1, "type": "pause"}));
    let out = h.poll();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["playing"], false);
    assert!(h.poll().is_empty(), "nothing new while paused");
    h.frames(1);
    assert!(h.poll().is_empty());

    let states = h.of_type("state");
    let web0_only = states
        .iter()
        .find(|s| pods(s) == [("web-0".to_string(), false)])
        .unwrap()["time"]
        .as_u64()
        .unwrap();
    h.post(&json!({"podplay": 1, "type": "seek", "ms": web0_only}));
    let out = h.poll();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["time"], web0_only);
    assert_eq!(out[0]["live"], false);
    assert_eq!(pods(&out[0]), [("web-0".to_string(), false)]);

    h.post(&json!({"podplay": 1, "type": "step"}));
    let out = h.poll();
    assert_eq!(out.len(), 1);
    assert!(out[0]["time"].as_u64().unwrap() > web0_only);
}

#[test]
fn state_and_output_wait_for_the_host_to_speak() {
    let mut h = Host::new();
    h.s.dispatch(Intent::Apply);
    h.frames(3);
    assert!(h.told.is_empty());
    assert!(h.post(&json!({"podplay": 1, "type": "hello"})).is_empty());
    let out = h.poll();
    // Commands finished before the host spoke are not told; the state is.
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["type"], "state");
}

#[test]
fn select_names_the_object_or_clears() {
    let (intents, replies) = Bridge::default().handle(
        r#"{"podplay":1,"type":"select","kind":"Pod","name":"web-0"}"#,
        &Session::new("", 1, 1.0),
    );
    assert!(replies.is_empty());
    assert_eq!(
        intents,
        [Intent::Select(Some(Target::object(
            Kind::Pod,
            &Key::new("default", "web-0")
        )))]
    );
    let ok = |m: &str| embed_api::parse(m).unwrap();
    assert_eq!(
        ok(
            r#"{"podplay":1,"type":"select","kind":"PersistentVolumeClaim","name":"www-web-0","namespace":"x"}"#
        ),
        [Intent::Select(Some(Target::object(
            Kind::PersistentVolumeClaim,
            &Key::new("x", "www-web-0")
        )))]
    );
    assert_eq!(
        ok(r#"{"podplay":1,"type":"select"}"#),
        [Intent::Select(None)]
    );
    assert_eq!(
        ok(r#"{"podplay":1,"type":"seek","ms":1500,"extra":true}"#),
        [Intent::Seek(1500)]
    );
    assert_eq!(
        ok(r#"{"podplay":1,"type":"run","line":"kubectl get pods"}"#),
        [Intent::Type("kubectl get pods".into())]
    );
    assert_eq!(ok(r#"{"podplay":1,"type":"step"}"#), [Intent::Step]);
    assert_eq!(ok(r#"{"podplay":1,"type":"hello"}"#), []);
}

#[test]
fn bad_messages_get_an_error_and_change_nothing() {
    let long_line = "x".repeat(MAX_LINE + 1);
    let long_yaml = "x".repeat(MAX_MANIFESTS + 1);
    let cases: Vec<(String, Value)> = vec![
        ("hello".into(), json!({"message": "message is not JSON"})),
        (
            "[1,2]".into(),
            json!({"message": "message is not a JSON object"}),
        ),
        (
            r#"{"type":"play"}"#.into(),
            json!({"message": "podplay must be 1 (the protocol's version)", "request": "play"}),
        ),
        (
            r#"{"podplay":"1","type":"apply"}"#.into(),
            json!({"message": "podplay must be 1 (the protocol's version)", "request": "apply"}),
        ),
        (
            r#"{"podplay":2,"type":"fly"}"#.into(),
            json!({"message": "podplay must be 1 (the protocol's version)"}),
        ),
        (
            r#"{"podplay":1,"type":"fly"}"#.into(),
            json!({"message": "unknown type \"fly\""}),
        ),
        (
            r#"{"podplay":1}"#.into(),
            json!({"message": "type is missing"}),
        ),
        (
            r#"{"podplay":1,"type":7}"#.into(),
            json!({"message": "type must be a string"}),
        ),
        (
            r#"{"podplay":1,"type":"run","line":5}"#.into(),
            json!({"message": "line must be a string", "request": "run"}),
        ),
        (
            r#"{"podplay":1,"type":"run"}"#.into(),
            json!({"message": "line is missing", "request": "run"}),
        ),
        (
            json!({"podplay": 1, "type": "run", "line": long_line}).to_string(),
            json!({"message": "line is longer than 4096 bytes", "request": "run"}),
        ),
        (
            r#"{"podplay":1,"type":"run","line":"ls\nrm x"}"#.into(),
            json!({"message": "line must be a single line", "request": "run"}),
        ),
        (
            r#"{"podplay":1,"type":"run","line":"  "}"#.into(),
            json!({"message": "line is empty", "request": "run"}),
        ),
        (
            json!({"podplay": 1, "type": "load", "manifests": long_yaml}).to_string(),
            json!({"message": "manifests is longer than 1048576 bytes", "request": "load"}),
        ),
        (
            r#"{"podplay":1,"type":"load","manifests":null}"#.into(),
            json!({"message": "manifests must be a string", "request": "load"}),
        ),
        (
            r#"{"podplay":1,"type":"seek","ms":-1}"#.into(),
            json!({"message": "ms must be a non-negative integer", "request": "seek"}),
        ),
        (
            r#"{"podplay":1,"type":"seek","ms":"5"}"#.into(),
            json!({"message": "ms must be a non-negative integer", "request": "seek"}),
        ),
        (
            r#"{"podplay":1,"type":"select","kind":"Deployment","name":"web"}"#.into(),
            json!({"message": "kind must be Pod, Service, PersistentVolumeClaim or PersistentVolume", "request": "select"}),
        ),
        (
            r#"{"podplay":1,"type":"select","kind":"Pod"}"#.into(),
            json!({"message": "name is missing", "request": "select"}),
        ),
    ];
    let mut h = applied();
    let rev = h.s.editor_view().rev;
    let now = h.s.now();
    for (msg, want) in cases {
        let (intents, replies) = h.bridge.handle(&msg, &h.s);
        assert!(intents.is_empty(), "{msg:.60}");
        let mut want = want;
        want["podplay"] = json!(1);
        want["type"] = json!("error");
        let got: Vec<Value> = replies
            .iter()
            .map(|r| serde_json::from_str(r).unwrap())
            .collect();
        assert_eq!(got, [want], "{msg:.60}");
    }
    assert_eq!(h.s.editor_view().rev, rev);
    assert_eq!(h.s.now(), now);
}

#[test]
fn the_ready_and_resize_messages() {
    let ready: Value = serde_json::from_str(&embed_api::ready()).unwrap();
    assert_eq!(
        ready,
        json!({"podplay": 1, "type": "ready", "version": env!("CARGO_PKG_VERSION")})
    );
    let resize: Value = serde_json::from_str(&embed_api::resize(612)).unwrap();
    assert_eq!(
        resize,
        json!({"podplay": 1, "type": "resize", "height": 612})
    );
}

#[test]
fn origin_lists_and_referrers() {
    assert_eq!(
        embed_api::origins("https%3A%2F%2Fdocs.example.com,http://localhost:8000, ,"),
        ["https://docs.example.com", "http://localhost:8000"]
    );
    assert!(embed_api::origins("").is_empty());
    assert_eq!(embed_api::percent_decode("a%2"), "a%2");
    assert_eq!(embed_api::percent_decode("%E2%9C%93+x"), "✓ x");
    assert_eq!(
        embed_api::origin_of("https://docs.example.com:8443/guide/page.html?x#y").as_deref(),
        Some("https://docs.example.com:8443")
    );
    assert_eq!(embed_api::origin_of("about:blank"), None);
    assert_eq!(embed_api::origin_of("file:///tmp/a.html"), None);
    assert_eq!(embed_api::origin_of(""), None);
}

/// The figures of `embed-example.html`: each iframe's `example=` and the lines of its
/// `script=`.
fn example_figures() -> Vec<(String, Vec<String>)> {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/embed-example.html"))
        .unwrap();
    let param = |src: &str, name: &str| {
        src.split("&amp;")
            .find_map(|p| p.strip_prefix(&format!("{name}=")).map(str::to_string))
    };
    page.split("src=\"index.html?")
        .skip(1)
        .map(|rest| {
            let src = rest.split('"').next().unwrap();
            let example = param(src, "example").unwrap();
            let script = embed_api::percent_decode(&param(src, "script").unwrap());
            (example, script.lines().map(str::to_string).collect())
        })
        .collect()
}

#[test]
fn the_example_pages_scripts_run_without_errors() {
    let figures = example_figures();
    let examples: Vec<&str> = figures.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(examples, ["statefulset", "statefulset", "deployment"]);
    let mut last_lines = Vec::new();
    for (example, script) in &figures {
        let text = examples::text_of(example).unwrap();
        let mut s = Session::new(&text, DEFAULT_SEED, 1.0);
        s.dispatch(Intent::Advance(0.0));
        let mut bridge = Bridge::new(&s);
        bridge.handle(r#"{"podplay":1,"type":"hello"}"#, &s);
        for line in script {
            s.dispatch(Intent::Type(line.clone()));
        }
        let mut outputs = Vec::new();
        for n in 1..=600 {
            s.dispatch(Intent::Advance(f64::from(n) * 100.0));
            outputs.extend(
                bridge
                    .poll(&s)
                    .iter()
                    .map(|m| serde_json::from_str::<Value>(m).unwrap())
                    .filter(|m| m["type"] == "output"),
            );
        }
        let ran: Vec<&str> = outputs
            .iter()
            .map(|o| o["line"].as_str().unwrap())
            .collect();
        assert_eq!(ran, script.iter().map(String::as_str).collect::<Vec<_>>());
        for o in &outputs {
            let text = o["lines"].to_string();
            assert!(!text.contains("error") && !text.contains("Error"), "{o}");
        }
        last_lines.push(outputs.last().unwrap()["lines"].clone());
    }
    let as_text = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // Figure 1 leaves the StatefulSet to the Apply button.
    assert_eq!(as_text(&last_lines[0]), ["service/nginx created"]);
    // Figure 2 answers the pod's own name.
    assert!(as_text(&last_lines[1]).contains(&"Name:      web-0.nginx".to_string()));
    // Figure 3 waits for both pods of the Deployment.
    assert_eq!(
        as_text(&last_lines[2]).last().map(String::as_str),
        Some("deployment \"my-nginx-deployment\" successfully rolled out")
    );
}
