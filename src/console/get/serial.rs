//! `kubectl get -o yaml` / `-o json`: the live object as the apiserver returns it, printed the
//! way kubectl prints it.
//!
//! kubectl's `get` reads objects as unstructured maps (`kubectl@1.34:pkg/cmd/get/get.go`,
//! `NewBuilder().Unstructured()`), so both printers see plain maps: the JSON printer
//! (`cli-runtime:pkg/printers/json.go`, `json.MarshalIndent(obj, "", "    ")`) sorts keys
//! bytewise as Go's encoding/json does for maps and escapes `<`, `>`, `&`; the YAML printer
//! (`sigs.k8s.io/yaml` over go-yaml v2) sorts keys with go-yaml's natural order, indents by 2,
//! puts a mapping's list items at the mapping's indentation, quotes only what YAML needs, and
//! writes multi-line strings as literal blocks.

use crate::console::describe::node;
use crate::console::describe::util::{container_id, image_id};
use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use crate::engine::cluster::StoredObject;
use crate::engine::cluster::{
    Deployment, EndpointAddress, EndpointPort, Key, Meta, OwnerRef, PersistentVolumeClaim, Phase,
    Pod, ReplicaSet, StatefulSet,
};
use crate::engine::containers::{self, State, Status};
use crate::engine::controllers::{deployment, replica_set};
use crate::engine::lifecycle::Stage;
use crate::engine::status::{daemon_set_status, pdb_status};
use crate::engine::time::rfc3339;
use crate::engine::{Simulation, Time};
use crate::manifest::kinds::Printer;
use crate::manifest::objects::{Kind, StoredKind};

use super::super::resources::Res;
use super::rows::Obj;

pub fn ts(sim: &Simulation, t: Time) -> String {
    rfc3339(sim.config().epoch_unix_s + i64::try_from(t.ms() / 1000).unwrap_or(0))
}

/// A string as Go's `encoding/json` writes it: `"` and `\` escaped, `\n \r \t \b \f` by name
/// (Go 1.22+; kubectl 1.34 and kustomize v5.7 are built with newer Go), other control
/// characters as `\u00XX`, and `<`, `>`, `&`, U+2028, U+2029 as `\uXXXX` (its HTML-safe
/// default).
#[must_use]
pub fn go_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Compact JSON as Go's `json.Marshal` writes it (keys sorted, HTML-escaped).
#[must_use]
pub fn compact_json(v: &Value) -> String {
    let mut s = String::new();
    write_json(v, &mut s, None, 0);
    s
}

/// `kubectl -o json`: 4-space indentation, trailing newline left to the caller.
#[must_use]
pub fn to_json(v: &Value) -> String {
    let mut s = String::new();
    write_json(v, &mut s, Some("    "), 0);
    s
}

fn write_json(v: &Value, out: &mut String, indent: Option<&str>, level: usize) {
    let nl = |out: &mut String, level: usize| {
        if let Some(ind) = indent {
            out.push('\n');
            for _ in 0..level {
                out.push_str(ind);
            }
        }
    };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&go_json_string(s)),
        Value::Array(a) => {
            if a.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, level + 1);
                write_json(x, out, indent, level + 1);
            }
            nl(out, level);
            out.push(']');
        }
        Value::Object(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, level + 1);
                out.push_str(&go_json_string(k));
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_json(x, out, indent, level + 1);
            }
            nl(out, level);
            out.push('}');
        }
    }
}

// ---------------------------------------------------------------- YAML

/// go-yaml v2's map key order (`sortKeys`/`keyList.Less` in `yaml.v2/sorter.go`): runs of
/// digits compare as numbers, a letter sorts after a non-letter, otherwise by character.
fn yaml_key_less(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let digits = |r: &[char]| {
            let mut j = i;
            let mut n: u128 = 0;
            while j < r.len() && r[j].is_ascii_digit() {
                n = n
                    .saturating_mul(10)
                    .saturating_add(u128::from(r[j] as u8 - b'0'));
                j += 1;
            }
            (j, n)
        };
        let (ai, an) = digits(&ar);
        let (bi, bn) = digits(&br);
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

/// Whether go-yaml v2 would read this plain scalar as something other than a string (so the
/// string must be double-quoted): null, bool, int, float, timestamp (`yaml.v2/resolve.go`).
fn resolves_to_non_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
        ".NaN", ".NAN", "<<",
    ];
    if s.is_empty() || SPECIAL.contains(&s) {
        return true;
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return false;
    }
    // Integers as Go's ParseInt(s, 0, 64) reads them (underscores allowed), binary `0b…`.
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    let unsigned = plain.trim_start_matches(['-', '+']);
    let is_int = if let Some(h) = unsigned.strip_prefix("0x") {
        !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(b) = unsigned.strip_prefix("0b") {
        !b.is_empty() && b.chars().all(|c| c == '0' || c == '1')
    } else if let Some(o) = unsigned.strip_prefix("0o") {
        !o.is_empty() && o.chars().all(|c| ('0'..='7').contains(&c))
    } else {
        !unsigned.is_empty() && unsigned.chars().all(|c| c.is_ascii_digit())
    };
    if is_int && plain.len() - unsigned.len() <= 1 {
        return true;
    }
    // Floats: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    let f = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mant, exp) = match f.find(['e', 'E']) {
        Some(i) => (&f[..i], Some(&f[i + 1..])),
        None => (f, None),
    };
    let mant_ok = match mant.split_once('.') {
        Some(("", frac)) => !frac.is_empty() && frac.chars().all(|c| c.is_ascii_digit()),
        Some((int, frac)) => {
            !int.is_empty()
                && int.chars().all(|c| c.is_ascii_digit())
                && frac.chars().all(|c| c.is_ascii_digit())
        }
        None => !mant.is_empty() && mant.chars().all(|c| c.is_ascii_digit()),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    if mant_ok && exp_ok {
        return true;
    }
    // Timestamps (`2006-01-02T15:04:05Z07:00` and the date forms).
    let b = s.as_bytes();
    b.len() >= 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && s[5..]
            .chars()
            .take_while(|c| *c != 'T' && *c != 't' && *c != ' ')
            .all(|c| c.is_ascii_digit() || c == '-')
}

/// Whether the emitter may write the string plain in block context
/// (`yaml_emitter_analyze_scalar` in go-yaml v2's `emitterc.go`).
fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    if chars[0] == ' ' || chars[chars.len() - 1] == ' ' {
        return false;
    }
    for (i, &c) in chars.iter().enumerate() {
        let next_blank = chars.get(i + 1).is_none_or(|n| *n == ' ' || *n == '\t');
        if i == 0 {
            if matches!(
                c,
                '#' | ','
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '\''
                    | '"'
                    | '%'
                    | '@'
                    | '`'
            ) {
                return false;
            }
            if matches!(c, '?' | ':') || (c == '-' && next_blank) {
                return false;
            }
        } else {
            if c == ':' && next_blank {
                return false;
            }
            if c == '#' && chars[i - 1] == ' ' {
                return false;
            }
        }
        if c == '\t' || (c as u32) < 0x20 || c == '\u{feff}' {
            return false;
        }
    }
    true
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `s` starting at `column`, folding at spaces past 80 columns as go-yaml's emitter
/// does for plain and single-quoted scalars (`best_width`), continuing at `indent`.
fn folded(s: &str, mut column: usize, indent: usize) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut prev_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            if !prev_space && column > 80 && !next_space && i + 1 < chars.len() {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', indent));
                column = indent;
                prev_space = true;
                continue;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
        out.push(c);
        column += 1;
    }
    out
}

/// A string scalar after `key: ` (or `- `) at `column`; `indent` is where a continuation line
/// or a literal block's lines start.
fn yaml_string(s: &str, column: usize, indent: usize) -> String {
    if s.contains('\n') {
        let chomp = if !s.ends_with('\n') {
            "-"
        } else if s.ends_with("\n\n") {
            "+"
        } else {
            ""
        };
        // yaml.v2 `yaml_emitter_write_block_scalar_hints`: a leading space or line break
        // needs the indentation indicator.
        let lead = if s.starts_with([' ', '\n', '\r']) {
            "2"
        } else {
            ""
        };
        let mut out = format!("|{lead}{chomp}");
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.extend(std::iter::repeat_n(' ', indent));
                out.push_str(line);
            }
        }
        return out;
    }
    if resolves_to_non_string(s) {
        return double_quoted(s);
    }
    if s.chars().any(|c| (c as u32) < 0x20 && c != '\t') {
        return double_quoted(s);
    }
    if plain_allowed(s) {
        return folded(s, column, indent);
    }
    let quoted = format!("'{}'", s.replace('\'', "''"));
    folded(&quoted, column, indent)
}

fn yaml_key(k: &str) -> String {
    if !resolves_to_non_string(k) && plain_allowed(k) && !k.contains('\n') {
        k.to_string()
    } else if resolves_to_non_string(k) {
        double_quoted(k)
    } else {
        format!("'{}'", k.replace('\'', "''"))
    }
}

fn scalar(v: &Value, column: usize, indent: usize) -> Option<String> {
    Some(match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => yaml_string(s, column, indent),
        Value::Array(a) if a.is_empty() => "[]".to_string(),
        Value::Object(m) if m.is_empty() => "{}".to_string(),
        _ => return None,
    })
}

fn sorted(m: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut v: Vec<(&String, &Value)> = m.iter().collect();
    v.sort_by(|a, b| yaml_key_less(a.0, b.0));
    v
}

/// Writes a mapping whose keys start at `indent`. `first_inline`: the first key continues a
/// `- ` already written.
fn yaml_map(m: &Map<String, Value>, indent: usize, out: &mut String, first_inline: bool) {
    for (i, (k, v)) in sorted(m).into_iter().enumerate() {
        if !(i == 0 && first_inline) {
            out.extend(std::iter::repeat_n(' ', indent));
        }
        let key = yaml_key(k);
        out.push_str(&key);
        out.push(':');
        match scalar(v, indent + key.chars().count() + 2, indent + 2) {
            Some(s) => {
                out.push(' ');
                out.push_str(&s);
                out.push('\n');
            }
            None => {
                out.push('\n');
                match v {
                    Value::Object(inner) => yaml_map(inner, indent + 2, out, false),
                    // A mapping's sequence items sit at the mapping's own indentation.
                    Value::Array(items) => yaml_seq(items, indent, out),
                    _ => {}
                }
            }
        }
    }
}

fn yaml_seq(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str("- ");
        match scalar(item, indent + 2, indent + 2) {
            Some(s) => {
                out.push_str(&s);
                out.push('\n');
            }
            None => match item {
                Value::Object(m) => yaml_map(m, indent + 2, out, true),
                Value::Array(inner) => {
                    // `- - x`: nested sequences start on the same line.
                    let mut nested = String::new();
                    yaml_seq(inner, indent + 2, &mut nested);
                    out.push_str(nested.trim_start());
                }
                _ => {}
            },
        }
    }
}

/// `kubectl -o yaml` of one value (ends with a newline).
#[must_use]
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => yaml_map(m, 0, &mut out, false),
        Value::Array(a) if !a.is_empty() => yaml_seq(a, 0, &mut out),
        other => {
            out.push_str(&scalar(other, 0, 2).unwrap_or_default());
            out.push('\n');
        }
    }
    out
}

// ---------------------------------------------------------------- objects

fn owner_refs(owners: &[OwnerRef]) -> Value {
    Value::Array(
        owners
            .iter()
            .map(|o| {
                json!({
                    "apiVersion": o.kind.api_version(),
                    "blockOwnerDeletion": true,
                    "controller": o.controller,
                    "kind": o.kind.name(),
                    "name": o.name,
                    "uid": o.uid,
                })
            })
            .collect(),
    )
}

/// `metadata` of a stored object.
fn metadata(sim: &Simulation, kind: Option<Kind>, meta: &Meta) -> Value {
    let mut m = Map::new();
    let mut annotations = meta.annotations.clone();
    if let Some(kind) = kind {
        let key = (kind, meta.key());
        let text = sim
            .cluster()
            .last_applied_text
            .get(&key)
            .cloned()
            .or_else(|| {
                let last = sim.cluster().last_applied.get(&key)?;
                Some(compact_json(&last.to_json()))
            });
        if let Some(text) = text {
            annotations
                .entry("kubectl.kubernetes.io/last-applied-configuration".into())
                .or_insert_with(|| format!("{text}\n"));
        }
    }
    if !annotations.is_empty() {
        m.insert("annotations".into(), json!(annotations));
    }
    m.insert("creationTimestamp".into(), json!(ts(sim, meta.created)));
    if let Some(d) = meta.deleting {
        m.insert("deletionTimestamp".into(), json!(ts(sim, d)));
    }
    if !meta.labels.is_empty() {
        m.insert("labels".into(), json!(meta.labels));
    }
    m.insert("name".into(), json!(meta.name));
    if !meta.namespace.is_empty() {
        m.insert("namespace".into(), json!(meta.namespace));
    }
    if let Some(g) = &meta.generate_name {
        m.insert("generateName".into(), json!(g));
    }
    let has_generation = match kind {
        Some(Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet) => true,
        Some(k) => crate::engine::controllers::daemon_set::is_daemon_set(k),
        None => false,
    };
    if has_generation {
        m.insert("generation".into(), json!(meta.generation.max(1)));
    }
    if !meta.owners.is_empty() {
        m.insert("ownerReferences".into(), owner_refs(&meta.owners));
    }
    if !meta.uid.is_empty() {
        m.insert("uid".into(), json!(meta.uid));
    }
    Value::Object(m)
}

fn condition(type_: &str, status: bool, at: &str, reason: Option<(&str, String)>) -> Value {
    let mut c = json!({
        "lastProbeTime": null,
        "lastTransitionTime": at,
        "status": if status { "True" } else { "False" },
        "type": type_,
    });
    if let (Some((r, msg)), Value::Object(m)) = (reason, &mut c) {
        m.insert("reason".into(), json!(r));
        m.insert("message".into(), json!(msg));
    }
    c
}

/// One entry of `containerStatuses` / `initContainerStatuses`.
fn container_status(sim: &Simulation, p: &Pod, st: &Status) -> Value {
    let c = st.container;
    let image = c.image.clone().unwrap_or_default();
    let id = container_id(p, &c.name);
    let at = |t: Option<Time>| ts(sim, t.unwrap_or(sim.now()));
    let state = match st.state {
        State::None | State::Waiting(_) => {
            let reason = match st.state {
                State::Waiting(r) => r,
                _ => "ContainerCreating",
            };
            json!({"waiting": {"reason": reason}})
        }
        State::Terminated {
            code,
            started,
            finished,
        } => json!({"terminated": {
            "containerID": id,
            "exitCode": code,
            "finishedAt": at(finished),
            "reason": State::reason(code),
            "startedAt": at(started),
        }}),
        State::Running { started } => json!({"running": {"startedAt": at(started)}}),
    };
    let mut s = Map::new();
    let ran = matches!(st.state, State::Running { .. } | State::Terminated { .. });
    if ran {
        s.insert("containerID".into(), json!(id));
        s.insert("imageID".into(), json!(image_id(&image)));
    }
    s.insert("image".into(), json!(image));
    s.insert("lastState".into(), json!({}));
    s.insert("name".into(), json!(c.name));
    s.insert("ready".into(), json!(st.ready));
    s.insert("restartCount".into(), json!(p.status.restarts));
    let app = p.spec.containers.iter().any(|x| std::ptr::eq(x, c));
    let started = if app {
        p.container_running()
    } else {
        st.started()
    };
    s.insert("started".into(), json!(started));
    s.insert("state".into(), state);
    Value::Object(s)
}

fn pod_status(sim: &Simulation, p: &Pod) -> Value {
    let created = ts(sim, p.meta.created);
    let stage = p.status.stage;
    let scheduled = p.spec.node_name.is_some();
    let sched_at = p
        .status
        .scheduled_at
        .map_or(created.clone(), |t| ts(sim, t));
    let sandbox = !matches!(stage, Stage::Pending | Stage::Scheduled);
    let ready = p.is_ready();
    let names: Vec<String> = p.spec.containers.iter().map(|c| c.name.clone()).collect();
    let unready = format!("containers with unready status: [{}]", names.join(" "));
    let ready_at = p
        .status
        .ready_since
        .map_or(sched_at.clone(), |t| ts(sim, t));
    let mut conds = Vec::new();
    if scheduled {
        conds.push(condition(
            "PodReadyToStartContainers",
            sandbox,
            &sched_at,
            None,
        ));
        // Initialized since the last init container finished (a sidecar: started).
        let init_at = p
            .status
            .init
            .iter()
            .map(|r| r.finished.unwrap_or(r.started))
            .max()
            .map_or(sched_at.clone(), |t| ts(sim, t));
        conds.push(condition(
            "Initialized",
            containers::initialized(p),
            &init_at,
            None,
        ));
        let r = (!ready).then(|| ("ContainersNotReady", unready.clone()));
        conds.push(condition("Ready", ready, &ready_at, r.clone()));
        conds.push(condition("ContainersReady", ready, &ready_at, r));
        conds.push(condition("PodScheduled", true, &sched_at, None));
    } else {
        let msg = p.status.unschedulable.clone().map(|m| ("Unschedulable", m));
        conds.push(condition("PodScheduled", false, &created, msg));
    }
    let mut m = Map::new();
    m.insert("conditions".into(), Value::Array(conds));
    if scheduled {
        let json = |list: Vec<Status>| -> Value {
            Value::Array(list.iter().map(|st| container_status(sim, p, st)).collect())
        };
        if !p.spec.init_containers.is_empty() {
            m.insert(
                "initContainerStatuses".into(),
                json(containers::init_statuses(p)),
            );
        }
        m.insert(
            "containerStatuses".into(),
            json(containers::app_statuses(p)),
        );
    }
    if let Some(h) = p.status.host_ip {
        m.insert("hostIP".into(), json!(h.to_string()));
        m.insert("hostIPs".into(), json!([{"ip": h.to_string()}]));
    }
    m.insert("phase".into(), json!(p.phase().name()));
    if let Some(ip) = p.status.ip {
        m.insert("podIP".into(), json!(ip.to_string()));
        m.insert("podIPs".into(), json!([{"ip": ip.to_string()}]));
    }
    m.insert("qosClass".into(), json!("BestEffort"));
    if scheduled {
        m.insert("startTime".into(), json!(sched_at));
    }
    Value::Object(m)
}

fn counts(pairs: &[(&str, usize)], always: &[&str]) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in pairs {
        if *v > 0 || always.contains(k) {
            m.insert((*k).to_string(), json!(v));
        }
    }
    m
}

/// The object as `kubectl get -o yaml|json` shows it, or `None` if it is gone.
#[must_use]
pub fn object(sim: &Simulation, o: &Obj) -> Option<Value> {
    let k = &o.key;
    if let Some(kind) = o.res.kind() {
        let mut v = sim.live_resource(kind, k)?.to_json();
        let Value::Object(map) = &mut v else {
            return None;
        };
        let (meta, status) = live_metadata_status(sim, kind, k, map)?;
        map.insert("metadata".into(), meta);
        if let Some(s) = status {
            map.insert("status".into(), s);
        }
        return Some(v);
    }
    match o.res {
        Res::Endpoints => endpoints_object(sim, k),
        Res::Nodes => node_object(sim, k),
        Res::Events => event_object(sim, k),
        // EndpointSlices and ControllerRevisions: the identity the table shows.
        _ => identity_object(sim, o),
    }
}

/// The metadata and status the apiserver adds to a live object of a manifest kind (`map` is the
/// object's spec side; a Namespace also gets its `spec.finalizers` there).
fn live_metadata_status(
    sim: &Simulation,
    kind: Kind,
    k: &Key,
    map: &mut Map<String, Value>,
) -> Option<(Value, Option<Value>)> {
    let c = sim.cluster();
    let meta = |m: &Meta| metadata(sim, Some(kind), m);
    Some(match kind {
        Kind::Pod => {
            let p = c.pods.get(k)?;
            let status = pod_status(sim, p);
            (pod_metadata(sim, p), Some(status))
        }
        Kind::Service => (
            meta(&c.services.get(k)?.meta),
            Some(json!({"loadBalancer": {}})),
        ),
        Kind::StatefulSet => {
            let s = c.stateful_sets.get(k)?;
            (meta(&s.meta), Some(stateful_set_status(sim, s)))
        }
        Kind::Deployment => {
            let d = c.deployments.get(k)?;
            (meta(&d.meta), Some(deployment_status(sim, d)))
        }
        Kind::ReplicaSet => {
            let rs = c.replica_sets.get(k)?;
            (meta(&rs.meta), Some(replica_set_status(sim, rs)))
        }
        Kind::PersistentVolumeClaim => {
            let p = c.pvcs.get(k)?;
            let meta = with_finalizer(meta(&p.meta), "kubernetes.io/pvc-protection");
            (meta, Some(pvc_status(p)))
        }
        Kind::PersistentVolume => {
            let pv = c.pvs.get(&k.name)?;
            (
                with_finalizer(meta(&pv.meta), "kubernetes.io/pv-protection"),
                Some(
                    json!({"lastPhaseTransitionTime": ts(sim, pv.meta.created), "phase": pv.phase.name()}),
                ),
            )
        }
        Kind::Namespace => {
            let n = c.namespaces.get(&k.name)?;
            map.insert("spec".into(), json!({"finalizers": ["kubernetes"]}));
            (
                meta(&n.meta),
                Some(
                    json!({"phase": if n.meta.deleting.is_some() { "Terminating" } else { "Active" }}),
                ),
            )
        }
        Kind::ConfigMap => (meta(&c.config_maps.get(k)?.meta), None),
        Kind::StorageClass => (meta(&c.storage_classes.get(&k.name)?.meta), None),
        Kind::Stored(sk) => {
            let obj = c.stored.get(&(sk, k.clone()))?;
            (meta(&obj.meta), stored_status(sim, sk, obj))
        }
    })
}

/// A pod's metadata; a StatefulSet's pods show the `generateName` the controller gave them.
fn pod_metadata(sim: &Simulation, p: &Pod) -> Value {
    let mut meta = p.meta.clone();
    if meta.generate_name.is_none() {
        if let Some(owner) = meta.controller().filter(|o| o.kind == Kind::StatefulSet) {
            meta.generate_name = Some(format!("{}-", owner.name));
        }
    }
    metadata(sim, Some(Kind::Pod), &meta)
}

/// The StatefulSet controller's status: replica counts per revision and the revisions.
fn stateful_set_status(sim: &Simulation, s: &StatefulSet) -> Value {
    let c = sim.cluster();
    let now = sim.now();
    let pods: Vec<&Pod> = c.pods_of(&s.meta.uid).collect();
    let ready = pods
        .iter()
        .filter(|p| p.phase() == Phase::Running && p.is_ready())
        .count();
    let available = pods
        .iter()
        .filter(|p| p.is_available(s.min_ready_seconds(), now))
        .count();
    let rev = |name: &str| {
        pods.iter()
            .filter(|p| {
                !p.is_terminating()
                    && p.meta
                        .labels
                        .get("controller-revision-hash")
                        .map(String::as_str)
                        == Some(name)
            })
            .count()
    };
    let mut st = counts(
        &[
            ("availableReplicas", available),
            ("currentReplicas", rev(&s.current_revision)),
            ("readyReplicas", ready),
            ("replicas", pods.len()),
            ("updatedReplicas", rev(&s.update_revision)),
        ],
        &["availableReplicas", "replicas"],
    );
    st.insert("collisionCount".into(), json!(0));
    st.insert("currentRevision".into(), json!(s.current_revision));
    st.insert("observedGeneration".into(), json!(s.observed_generation));
    st.insert("updateRevision".into(), json!(s.update_revision));
    Value::Object(st)
}

/// The Deployment controller's status: replica counts over its ReplicaSets and the
/// `Available` and `Progressing` conditions.
fn deployment_status(sim: &Simulation, d: &Deployment) -> Value {
    let c = sim.cluster();
    let now = sim.now();
    let new_name = format!("{}-{}", d.meta.name, deployment::template_hash(d));
    let (mut total, mut ready, mut updated, mut available) = (0, 0, 0, 0);
    for rs in c.replica_sets_of(&d.meta.uid) {
        let active = replica_set::active_pods(c, rs);
        total += active.len();
        ready += active.iter().filter(|p| p.is_ready()).count();
        if rs.meta.name == new_name {
            updated += active.len();
        }
        available += usize::try_from(deployment::available(c, rs, now)).unwrap_or(0);
    }
    let at = ts(sim, d.meta.created);
    let (_, max_unavailable) = deployment::fenceposts(d);
    let min_available = usize::try_from(d.replicas() - max_unavailable).unwrap_or(0);
    let has_min = available >= min_available;
    let mut st = counts(
        &[
            ("availableReplicas", available),
            ("readyReplicas", ready),
            ("replicas", total),
            ("updatedReplicas", updated),
        ],
        &[],
    );
    if total > available {
        st.insert("unavailableReplicas".into(), json!(total - available));
    }
    st.insert(
        "conditions".into(),
        json!([
            {
                "lastTransitionTime": at, "lastUpdateTime": at,
                "message": if has_min { "Deployment has minimum availability." } else { "Deployment does not have minimum availability." },
                "reason": if has_min { "MinimumReplicasAvailable" } else { "MinimumReplicasUnavailable" },
                "status": if has_min { "True" } else { "False" },
                "type": "Available",
            },
            {
                "lastTransitionTime": at, "lastUpdateTime": at,
                "message": format!("ReplicaSet \"{new_name}\" has successfully progressed."),
                "reason": "NewReplicaSetAvailable",
                "status": "True",
                "type": "Progressing",
            },
        ]),
    );
    st.insert("observedGeneration".into(), json!(d.observed_generation));
    Value::Object(st)
}

/// The ReplicaSet controller's status: replica counts over its active pods.
fn replica_set_status(sim: &Simulation, rs: &ReplicaSet) -> Value {
    let c = sim.cluster();
    let active = replica_set::active_pods(c, rs);
    let ready = active.iter().filter(|p| p.is_ready()).count();
    let available = usize::try_from(deployment::available(c, rs, sim.now())).unwrap_or(0);
    let mut st = counts(
        &[
            ("availableReplicas", available),
            ("fullyLabeledReplicas", active.len()),
            ("readyReplicas", ready),
            ("replicas", active.len()),
        ],
        &["replicas"],
    );
    st.insert(
        "observedGeneration".into(),
        json!(rs.meta.generation.max(1)),
    );
    Value::Object(st)
}

/// A claim's status: its phase, and access modes and capacity once bound.
fn pvc_status(p: &PersistentVolumeClaim) -> Value {
    let mut st = Map::new();
    if let Some(cap) = &p.capacity {
        st.insert("accessModes".into(), json!(p.spec.access_modes));
        st.insert("capacity".into(), json!({"storage": cap}));
    }
    st.insert("phase".into(), json!(p.phase.name()));
    Value::Object(st)
}

/// An Endpoints object: the Service's labels and one subset of ready and not-ready addresses.
fn endpoints_object(sim: &Simulation, k: &Key) -> Option<Value> {
    let c = sim.cluster();
    let e = c.endpoints.get(k)?;
    let svc = c.services.get(k);
    let mut meta = Map::new();
    meta.insert("creationTimestamp".into(), json!(ts(sim, e.created)));
    if let Some(s) = svc.filter(|s| !s.meta.labels.is_empty()) {
        meta.insert("labels".into(), json!(s.meta.labels));
    }
    meta.insert("name".into(), json!(k.name));
    meta.insert("namespace".into(), json!(k.namespace));
    let addr = |a: &EndpointAddress| endpoint_address(sim, &k.namespace, a);
    let ready = e.ready();
    let not_ready = e.not_ready();
    let mut subsets = Vec::new();
    if !ready.is_empty() || !not_ready.is_empty() {
        let ports = ready
            .first()
            .or(not_ready.first())
            .map(|a| a.ports.iter().map(endpoint_port).collect::<Vec<_>>())
            .unwrap_or_default();
        let mut s = Map::new();
        if !ready.is_empty() {
            s.insert("addresses".into(), ready.iter().map(|a| addr(a)).collect());
        }
        if !not_ready.is_empty() {
            s.insert(
                "notReadyAddresses".into(),
                not_ready.iter().map(|a| addr(a)).collect(),
            );
        }
        if !ports.is_empty() {
            s.insert("ports".into(), Value::Array(ports));
        }
        subsets.push(Value::Object(s));
    }
    let mut v = json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": meta});
    if let (Value::Object(m), false) = (&mut v, subsets.is_empty()) {
        m.insert("subsets".into(), Value::Array(subsets));
    }
    Some(v)
}

/// One address of an Endpoints subset, with the pod it points at.
fn endpoint_address(sim: &Simulation, namespace: &str, a: &EndpointAddress) -> Value {
    let mut m = Map::new();
    if let Some(h) = &a.hostname {
        m.insert("hostname".into(), json!(h));
    }
    m.insert("ip".into(), json!(a.ip.to_string()));
    if !a.node.is_empty() && !a.pod.is_empty() {
        m.insert("nodeName".into(), json!(a.node));
    }
    if !a.pod.is_empty() {
        let uid = sim
            .cluster()
            .pods
            .get(&Key::new(namespace, &a.pod))
            .map(|p| p.meta.uid.clone())
            .unwrap_or_default();
        m.insert(
            "targetRef".into(),
            json!({"kind": "Pod", "name": a.pod, "namespace": namespace, "uid": uid}),
        );
    }
    Value::Object(m)
}

/// One port of an Endpoints subset.
fn endpoint_port(p: &EndpointPort) -> Value {
    let mut m = Map::new();
    if let Some(n) = &p.name {
        m.insert("name".into(), json!(n));
    }
    m.insert("port".into(), json!(p.port));
    m.insert("protocol".into(), json!(p.protocol));
    Value::Object(m)
}

/// A Node as the kubelet registers it: addresses, capacity and minikube's node info.
fn node_object(sim: &Simulation, k: &Key) -> Option<Value> {
    let n = sim.cluster().nodes.get(&k.name)?;
    let ip = n.ip.to_string();
    Some(json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": metadata(sim, None, &n.meta),
        "spec": node_spec(n),
        "status": {
            "addresses": [{"address": ip, "type": "InternalIP"}, {"address": k.name, "type": "Hostname"}],
            "allocatable": node::resource_json(&n.allocatable),
            "capacity": node::resource_json(&n.capacity),
            "nodeInfo": {
                "containerRuntimeVersion": super::rows::NODE_RUNTIME,
                "kernelVersion": super::rows::NODE_KERNEL,
                "kubeletVersion": crate::engine::simulation::KUBERNETES_VERSION,
                "operatingSystem": "linux",
                "osImage": super::rows::NODE_OS_IMAGE,
                "architecture": "amd64",
            },
        },
    }))
}

/// A core/v1 Event.
fn event_object(sim: &Simulation, k: &Key) -> Option<Value> {
    let e = super::rows::named_event(sim, k)?;
    Some(json!({
        "apiVersion": "v1",
        "count": e.count,
        "firstTimestamp": ts(sim, e.first),
        "involvedObject": {
            "apiVersion": e.object.kind.api_version(),
            "kind": e.object.kind.name(),
            "name": e.object.key.name,
            "namespace": e.object.key.namespace,
            "uid": e.uid,
        },
        "kind": "Event",
        "lastTimestamp": ts(sim, e.last),
        "message": e.message,
        "metadata": {
            "creationTimestamp": ts(sim, e.first),
            "name": k.name,
            "namespace": k.namespace,
        },
        "reason": e.reason,
        "source": {"component": e.source},
        "type": e.type_.name(),
    }))
}

/// An object shown by its identity only: kind, name, namespace, labels and creation time.
fn identity_object(sim: &Simulation, o: &Obj) -> Option<Value> {
    let k = &o.key;
    let mut meta = Map::new();
    meta.insert("creationTimestamp".into(), json!(ts(sim, o.created)));
    if !o.labels.is_empty() {
        meta.insert("labels".into(), json!(o.labels));
    }
    meta.insert("name".into(), json!(k.name));
    meta.insert("namespace".into(), json!(k.namespace));
    let api = if o.res.group().is_empty() {
        "v1".to_string()
    } else {
        format!("{}/v1", o.res.group())
    };
    Some(json!({"apiVersion": api, "kind": o.res.kind_name(), "metadata": meta}))
}

/// The status a stored kind's controller would write, where podplay computes one.
fn stored_status(sim: &Simulation, sk: StoredKind, o: &StoredObject) -> Option<Value> {
    match sk.row().printer {
        Printer::PodDisruptionBudget => {
            let st = pdb_status(sim.cluster(), o);
            let allowed = st.disruptions_allowed > 0;
            Some(json!({
                "conditions": [{
                    "lastTransitionTime": ts(sim, o.meta.created),
                    "message": "",
                    "observedGeneration": 1,
                    "reason": if allowed { "SufficientPods" } else { "InsufficientPods" },
                    "status": if allowed { "True" } else { "False" },
                    "type": "DisruptionAllowed",
                }],
                "currentHealthy": st.current_healthy,
                "desiredHealthy": st.desired_healthy,
                "disruptionsAllowed": st.disruptions_allowed,
                "expectedPods": st.expected_pods,
                "observedGeneration": 1,
            }))
        }
        Printer::DaemonSet => {
            // apps/v1 DaemonSetStatus: the four counts always, the others when non-zero.
            let st = daemon_set_status(sim.cluster(), o, sim.now());
            let mut m = Map::new();
            m.insert(
                "currentNumberScheduled".into(),
                json!(st.current_number_scheduled),
            );
            m.insert(
                "desiredNumberScheduled".into(),
                json!(st.desired_number_scheduled),
            );
            m.insert("numberMisscheduled".into(), json!(st.number_misscheduled));
            m.insert("numberReady".into(), json!(st.number_ready));
            let optional = [
                ("numberAvailable", st.number_available),
                ("numberUnavailable", st.number_unavailable()),
                ("observedGeneration", st.observed_generation),
                ("updatedNumberScheduled", st.updated_number_scheduled),
            ];
            for (k, v) in optional.into_iter().filter(|(_, v)| *v != 0) {
                m.insert(k.into(), json!(v));
            }
            Some(Value::Object(m))
        }
        _ => None,
    }
}

/// A node's `spec`: its pod CIDR, taints and cordon.
fn node_spec(n: &crate::engine::cluster::Node) -> Value {
    let cidr = format!("10.244.{}.0/24", n.cidr_index);
    let mut spec = json!({"podCIDR": cidr, "podCIDRs": [cidr]});
    if let Value::Object(m) = &mut spec {
        if !n.taints.is_empty() {
            m.insert("taints".into(), json!(n.taints));
        }
        if n.unschedulable {
            m.insert("unschedulable".into(), json!(true));
        }
    }
    spec
}

fn with_finalizer(mut meta: Value, f: &str) -> Value {
    if let Value::Object(m) = &mut meta {
        m.insert("finalizers".into(), json!([f]));
    }
    meta
}

/// The `List` kubectl prints for several objects (or a listing).
#[must_use]
pub fn list(items: Vec<Value>) -> Value {
    json!({
        "apiVersion": "v1",
        "items": items,
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_quotes_only_what_yaml_needs() {
        // Pins go-yaml v2 scalar styles: numbers/bools/timestamps double-quoted, indicators
        // single-quoted, multi-line strings as literal blocks.
        let v = json!({
            "a": "80", "b": "true", "c": "2025-11-25T10:00:00Z", "d": "", "e": "*",
            "f": "10.244.0.3", "g": "nginx:1.19.0", "h": "{\"x\":1}\n", "i": "/usr/share",
            "j": "a: b", "k": [], "l": {}, "m": null, "n": 3, "o": "1Gi", "p": "it's",
        });
        let want = "a: \"80\"\nb: \"true\"\nc: \"2025-11-25T10:00:00Z\"\nd: \"\"\ne: '*'\n\
f: 10.244.0.3\ng: nginx:1.19.0\nh: |\n  {\"x\":1}\ni: /usr/share\nj: 'a: b'\nk: []\nl: {}\n\
m: null\n\"n\": 3\no: 1Gi\np: it's\n";
        assert_eq!(to_yaml(&v), want);
    }

    #[test]
    fn yaml_nests_maps_by_two_and_lists_at_the_parent_indentation() {
        // Pins kubectl's block layout for lists of maps inside maps.
        let v = json!({"spec": {"containers": [{"name": "nginx", "ports": [{"containerPort": 80}]}], "x": ["a"]}});
        let want = "spec:\n  containers:\n  - name: nginx\n    ports:\n    - containerPort: 80\n  x:\n  - a\n";
        assert_eq!(to_yaml(&v), want);
    }

    #[test]
    fn yaml_keys_sort_naturally_and_json_sorts_bytewise_with_go_escapes() {
        // Pins go-yaml's key order (digits numerically, non-letters first) and Go's JSON.
        let v = json!({"a10": 1, "a9": 2, "a_b": 3, "aB": 4});
        assert_eq!(to_yaml(&v), "a_b: 3\na9: 2\na10: 1\naB: 4\n");
        let j = json!({"b": "<none>", "a": [1, {}], "c": []});
        assert_eq!(
            to_json(&j),
            "{\n    \"a\": [\n        1,\n        {}\n    ],\n    \"b\": \"\\u003cnone\\u003e\",\n    \"c\": []\n}"
        );
    }

    #[test]
    fn long_plain_strings_fold_past_eighty_columns() {
        // Pins go-yaml's best_width folding of long plain scalars.
        let long = "word ".repeat(20).trim_end().to_string();
        let out = to_yaml(&json!({ "message": long }));
        assert_eq!(
            out,
            "message: word word word word word word word word word word word word word word word\n  word word word word word\n"
        );
    }
}
