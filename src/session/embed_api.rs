//! The messages a page that embeds podplay in a frame exchanges with it (`postMessage`),
//! without the browser: what each message asks becomes [`Intent`]s, and what the host is told
//! comes from the session as it is.
//!
//! Every message is a JSON object with `podplay: 1` (the protocol's version) and a `type`.
//!
//! In (host → podplay):
//! - `{podplay: 1, type: "hello"}`: changes nothing; the host is listening (any message says
//!   so), and the current `state` follows.
//! - `{podplay: 1, type: "load", manifests: "…yaml…"}`: the editor holds only `editor.yaml`
//!   with this text (at most 1 MiB), analyzed at once; hand-edited files it replaces can be
//!   brought back with the editor's Undo. Nothing is applied.
//! - `{type: "apply"}`: the editor's Apply (starts minikube first if needed).
//! - `{type: "run", line: "kubectl get pods"}`: the line is typed into the console in front (one
//!   line, at most 4 KiB), after any command still running; time runs on, so commands that
//!   take virtual time (`kubectl rollout status`, `sleep`) finish.
//! - `{type: "play"}`, `{type: "pause"}`, `{type: "step"}` (exactly the next visible change).
//! - `{type: "seek", ms: N}`: look at virtual time N (a non-negative integer; at or after the
//!   present: the present).
//! - `{type: "select", kind: "Pod", name: "web-0", namespace?: "default"}`: the object's "why"
//!   panel (kinds `Pod`, `Service`, `PersistentVolumeClaim`, `PersistentVolume`); with
//!   neither `kind` nor `name`, the selection is cleared.
//!
//! Out (podplay → host):
//! - `{podplay: 1, type: "ready", version: "0.1.0"}` once the page has started.
//! - `{podplay: 1, type: "state", time, live, playing, pods: [{name, phase, ready, status}]}`:
//!   `time` is the virtual time (ms) of the moment shown, `live` whether that is the present,
//!   `pods` the `default` namespace's pods at that moment sorted by name (`phase` as the pod's
//!   status says it, `status` as `kubectl get pods` prints it). Sent when it changed: at once
//!   for pods, `live` and `playing`; for time alone, once a second of virtual time has passed
//!   (or at once while paused: a seek or a step).
//! - `{podplay: 1, type: "output", terminal, line, lines: […]}` once a command has finished
//!   (its prompt is back), for every terminal and whoever typed it: the line and what it
//!   printed (both streams, in order).
//! - `{podplay: 1, type: "resize", height}`: the page's content height in CSS pixels.
//! - `{podplay: 1, type: "error", message, request?}`: a message that was refused, and its
//!   `type` when that was one of the above.
//!
//! `state` and `output` are sent only once the host has spoken (its first message tells
//! podplay its origin); `ready` and `resize` go out before.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::manifest::objects::Kind;
use crate::view_model::why::Target;

use super::screen::Kind as LineKind;
use super::{Intent, Session};

/// The protocol's version (`podplay: 1`).
pub const VERSION: u64 = 1;
/// The longest `manifests` a `load` may carry (bytes).
pub const MAX_MANIFESTS: usize = 1 << 20;
/// The longest `line` a `run` may carry (bytes).
pub const MAX_LINE: usize = 4 << 10;
/// The longest message read at all (bytes of JSON: manifests and their escapes).
pub const MAX_MESSAGE: usize = 3 * MAX_MANIFESTS;
/// Virtual time that passes, while playing, before a state differing only in time is sent.
pub const STATE_EVERY_MS: u64 = 1_000;

/// The message types a host may send.
const REQUESTS: [&str; 9] = [
    "hello", "load", "apply", "run", "play", "pause", "seek", "step", "select",
];
/// The kinds `select` can point at (what the scene draws and the "why" panel explains).
const SELECTABLE: [Kind; 4] = [
    Kind::Pod,
    Kind::Service,
    Kind::PersistentVolumeClaim,
    Kind::PersistentVolume,
];

/// A message to the host: `podplay: 1`, `type` and `fields`.
fn message(kind: &str, fields: Value) -> String {
    let mut map = Map::new();
    map.insert("podplay".into(), json!(VERSION));
    map.insert("type".into(), json!(kind));
    if let Value::Object(fields) = fields {
        map.extend(fields);
    }
    Value::Object(map).to_string()
}

/// `ready`, with podplay's version.
#[must_use]
pub fn ready() -> String {
    message("ready", json!({ "version": env!("CARGO_PKG_VERSION") }))
}

/// `resize`: the content is `height` CSS pixels tall.
#[must_use]
pub fn resize(height: u32) -> String {
    message("resize", json!({ "height": height }))
}

/// `error`: why a message was refused, and its type when it was a known one.
#[must_use]
pub fn error(message_text: &str, request: Option<&str>) -> String {
    let fields = match request {
        Some(r) => json!({ "message": message_text, "request": r }),
        None => json!({ "message": message_text }),
    };
    message("error", fields)
}

/// A refused message: why, and its type when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub message: String,
    pub request: Option<&'static str>,
}

fn refuse(request: Option<&'static str>, message: impl Into<String>) -> Refused {
    Refused {
        message: message.into(),
        request,
    }
}

/// A string field of at most `max` bytes.
fn text_field(
    obj: &Map<String, Value>,
    field: &str,
    max: usize,
    req: &'static str,
) -> Result<String, Refused> {
    match obj.get(field) {
        Some(Value::String(s)) if s.len() > max => Err(refuse(
            Some(req),
            format!("{field} is longer than {max} bytes"),
        )),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(refuse(Some(req), format!("{field} must be a string"))),
        None => Err(refuse(Some(req), format!("{field} is missing"))),
    }
}

/// What a host's message asks, as intents; or why it is refused.
///
/// # Errors
/// Not JSON, not an object, no `podplay: 1`, an unknown `type`, a field missing, of the wrong
/// type or too long.
pub fn parse(json_text: &str) -> Result<Vec<Intent>, Refused> {
    if json_text.len() > MAX_MESSAGE {
        return Err(refuse(
            None,
            format!("message is longer than {MAX_MESSAGE} bytes"),
        ));
    }
    let value: Value =
        serde_json::from_str(json_text).map_err(|_| refuse(None, "message is not JSON"))?;
    let Value::Object(obj) = value else {
        return Err(refuse(None, "message is not a JSON object"));
    };
    let req = match obj.get("type") {
        Some(Value::String(t)) => REQUESTS.iter().copied().find(|r| r == t),
        _ => None,
    };
    if obj.get("podplay").and_then(Value::as_u64) != Some(VERSION) {
        return Err(refuse(req, "podplay must be 1 (the protocol's version)"));
    }
    let Some(req) = req else {
        return Err(match obj.get("type") {
            Some(Value::String(t)) => {
                let shown: String = t.chars().take(40).collect();
                refuse(None, format!("unknown type {shown:?}"))
            }
            Some(_) => refuse(None, "type must be a string"),
            None => refuse(None, "type is missing"),
        });
    };
    intents(req, &obj)
}

fn intents(req: &'static str, obj: &Map<String, Value>) -> Result<Vec<Intent>, Refused> {
    let intent = match req {
        "hello" => return Ok(Vec::new()),
        "load" => Intent::LoadManifests(text_field(obj, "manifests", MAX_MANIFESTS, req)?),
        "apply" => Intent::Apply,
        "run" => {
            let line = text_field(obj, "line", MAX_LINE, req)?;
            if line.contains(['\n', '\r']) {
                return Err(refuse(Some(req), "line must be a single line"));
            }
            if line.trim().is_empty() {
                return Err(refuse(Some(req), "line is empty"));
            }
            Intent::Type(line)
        }
        "play" => Intent::Play,
        "pause" => Intent::Pause,
        "step" => Intent::Step,
        "seek" => match obj.get("ms").map(Value::as_u64) {
            Some(Some(ms)) => Intent::Seek(ms),
            Some(None) => return Err(refuse(Some(req), "ms must be a non-negative integer")),
            None => return Err(refuse(Some(req), "ms is missing")),
        },
        _ => Intent::Select(select_target(obj)?),
    };
    Ok(vec![intent])
}

/// The object a `select` names (`None`: clear the selection).
fn select_target(obj: &Map<String, Value>) -> Result<Option<Target>, Refused> {
    const REQ: &str = "select";
    if !obj.contains_key("kind") && !obj.contains_key("name") {
        return Ok(None);
    }
    let kind_name = text_field(obj, "kind", 64, REQ)?;
    let name = text_field(obj, "name", 253, REQ)?;
    let kind = SELECTABLE
        .into_iter()
        .find(|k| k.name() == kind_name)
        .ok_or_else(|| {
            refuse(
                Some(REQ),
                "kind must be Pod, Service, PersistentVolumeClaim or PersistentVolume",
            )
        })?;
    if kind == Kind::PersistentVolume {
        return Ok(Some(Target::volume(&name)));
    }
    let namespace = match obj.get("namespace") {
        None => "default".to_string(),
        Some(_) => text_field(obj, "namespace", 63, REQ)?,
    };
    Ok(Some(Target::object(
        kind,
        &crate::engine::Key::new(&namespace, &name),
    )))
}

/// One pod as `state` tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodState {
    pub name: String,
    /// `status.phase`: `Pending`, `Running`, `Succeeded`, `Failed`.
    pub phase: String,
    /// The Ready condition.
    pub ready: bool,
    /// The STATUS column of `kubectl get pods` (`ContainerCreating`, `Running`, …).
    pub status: String,
}

/// What `state` tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Virtual time (ms) of the moment shown.
    pub time: u64,
    /// The moment shown is the present.
    pub live: bool,
    pub playing: bool,
    /// The `default` namespace's pods at the moment shown, by name.
    pub pods: Vec<PodState>,
}

impl State {
    /// The session's state now.
    #[must_use]
    pub fn of(session: &Session) -> State {
        let mut pods: Vec<PodState> = session
            .shown()
            .map(|sim| {
                sim.cluster()
                    .pods
                    .values()
                    .filter(|p| p.meta.namespace == "default")
                    .map(|p| PodState {
                        name: p.meta.name.clone(),
                        phase: p.phase().name().to_string(),
                        ready: p.is_ready(),
                        status: crate::engine::containers::ready_and_status(p).2,
                    })
                    .collect()
            })
            .unwrap_or_default();
        pods.sort_by(|a, b| a.name.cmp(&b.name));
        State {
            time: session.viewed().unwrap_or_else(|| session.now()).ms(),
            live: session.viewed().is_none(),
            playing: session.is_playing(),
            pods,
        }
    }

    /// The `state` message.
    #[must_use]
    pub fn to_message(&self) -> String {
        let pods: Vec<Value> = self
            .pods
            .iter()
            .map(|p| json!({ "name": p.name, "phase": p.phase, "ready": p.ready, "status": p.status }))
            .collect();
        message(
            "state",
            json!({ "time": self.time, "live": self.live, "playing": self.playing, "pods": pods }),
        )
    }

    /// Whether the host should hear of `self` after `sent`.
    fn news_after(&self, sent: &State) -> bool {
        if self.pods != sent.pods || self.live != sent.live || self.playing != sent.playing {
            return true;
        }
        if self.playing && self.live {
            self.time.abs_diff(sent.time) >= STATE_EVERY_MS
        } else {
            self.time != sent.time
        }
    }
}

/// A command that finished: the terminal, the line and what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub terminal: u32,
    pub line: String,
    pub lines: Vec<String>,
}

impl Finished {
    /// The `output` message.
    #[must_use]
    pub fn to_message(&self) -> String {
        message(
            "output",
            json!({ "terminal": self.terminal, "line": self.line, "lines": self.lines }),
        )
    }
}

/// The host's side of one page: what it was last told.
#[derive(Debug, Clone, Default)]
pub struct Bridge {
    /// The host has sent a message (so its origin is known).
    heard: bool,
    /// The last `state` sent.
    sent: Option<State>,
    /// Per terminal, the first line id not yet looked at for finished commands.
    seen: BTreeMap<u32, u64>,
}

impl Bridge {
    /// A bridge that reports only commands that finish from now on.
    #[must_use]
    pub fn new(session: &Session) -> Bridge {
        let mut bridge = Bridge::default();
        bridge.finished(session);
        bridge
    }

    /// A message from the host: the intents to dispatch, and the replies (an `error` when it
    /// was refused).
    pub fn handle(&mut self, json_text: &str, _session: &Session) -> (Vec<Intent>, Vec<String>) {
        if !self.heard {
            // The state goes out again now that the host can be told.
            self.heard = true;
            self.sent = None;
        }
        match parse(json_text) {
            Ok(intents) => (intents, Vec::new()),
            Err(r) => (Vec::new(), vec![error(&r.message, r.request)]),
        }
    }

    /// What the host should hear since the last poll: `output` for each command finished (in
    /// order), then `state` when it changed. Nothing until the host has spoken.
    pub fn poll(&mut self, session: &Session) -> Vec<String> {
        let finished = self.finished(session);
        if !self.heard {
            return Vec::new();
        }
        let mut out: Vec<String> = finished.iter().map(Finished::to_message).collect();
        let state = State::of(session);
        if self.sent.as_ref().is_none_or(|s| state.news_after(s)) {
            out.push(state.to_message());
            self.sent = Some(state);
        }
        out
    }

    /// The commands that finished since the last call, oldest first per terminal.
    fn finished(&mut self, session: &Session) -> Vec<Finished> {
        let mut done = Vec::new();
        for (id, screen) in session.term.screens() {
            let from = self.seen.get(&id).copied().unwrap_or(0);
            // Line ids grow along the scrollback: only its end is new.
            let mut lines: Vec<_> = screen.lines().rev().take_while(|l| l.id >= from).collect();
            lines.reverse();
            let busy = session.term.is_busy_in(id);
            let mut next_from = from;
            let echoes: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.kind == LineKind::Echo)
                .map(|(i, _)| i)
                .collect();
            for (n, &start) in echoes.iter().enumerate() {
                let end = echoes.get(n + 1).copied();
                if end.is_none() && busy {
                    break;
                }
                let Some(echo) = lines.get(start) else { break };
                next_from = echo.id + 1;
                // A line abandoned with Ctrl-C at the prompt (`kubectl ge^C`), or one Tab listed
                // completions for, ran nothing.
                if echo.listing || echo.text.ends_with("^C") {
                    continue;
                }
                let body = lines.get(start + 1..end.unwrap_or(lines.len()));
                done.push(Finished {
                    terminal: id,
                    line: echo.text.clone(),
                    lines: body
                        .unwrap_or_default()
                        .iter()
                        .map(|l| l.text.clone())
                        .collect(),
                });
            }
            self.seen.insert(id, next_from);
        }
        done
    }
}

/// The origins a page's `origin=` parameter allows: comma-separated, each percent-decoded
/// and trimmed, empty ones left out.
#[must_use]
pub fn origins(param: &str) -> Vec<String> {
    param
        .split(',')
        .map(|o| percent_decode(o).trim().to_string())
        .filter(|o| !o.is_empty())
        .collect()
}

pub use super::embed::percent_decode;

/// The origin (`scheme://host[:port]`) of an absolute http(s) URL such as `document.referrer`.
#[must_use]
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}
