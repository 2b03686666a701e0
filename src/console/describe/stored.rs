//! `kubectl describe` for the kinds podplay stores without simulating
//! (`kubectl@1.34:pkg/describe/describe.go`): `describeSecret`, `describeServiceAccount` and
//! `describePodDisruptionBudget`, and for the other kinds the generic describer
//! (`genericDescriber` with `printUnstructuredContent` and `smartLabelFor`), which prints every
//! field of the object with its name turned into words. Kinds whose behaviour podplay does not
//! run end with one line that says so.

use serde_json::Value;

use crate::console::get::rows::Obj;
use crate::console::get::serial;
use crate::console::resources::Res;
use crate::console::selector::format_selector;
use crate::engine::cluster::{ConfigMap, Meta, StoredObject};
use crate::engine::status::pdb_status;
use crate::engine::Simulation;
use crate::i18n::{Lang, Msg};
use crate::manifest::objects::{LabelSelector, StoredKind};

use super::tabwriter::Writer;
use super::util::{annotations_multiline, events, labels_multiline};

fn header(w: &mut Writer, o: &StoredObject) {
    meta_header(w, &o.meta);
}

fn meta_header(w: &mut Writer, meta: &Meta) {
    w.write(0, &format!("Name:\t{}\n", meta.name));
    if !meta.namespace.is_empty() {
        w.write(0, &format!("Namespace:\t{}\n", meta.namespace));
    }
    labels_multiline(w, "", "Labels", &meta.labels);
    annotations_multiline(w, "Annotations", &meta.annotations);
}

/// A ConfigMap as kubectl's `describeConfigMap` writes it (kubectl/pkg/describe/describe.go):
/// each data key, a `----` rule and its value, sorted by key; then the (here always empty)
/// BinaryData section and the events.
#[must_use]
pub fn config_map(sim: &Simulation, m: &ConfigMap) -> String {
    let mut w = Writer::new();
    meta_header(&mut w, &m.meta);
    w.write(0, "\nData\n====\n");
    for (k, v) in &m.data {
        w.write(0, &format!("{k}:\n----\n{v}\n"));
    }
    w.write(0, "\nBinaryData\n====\n\n");
    events(&mut w, sim, &m.meta.uid);
    w.finish()
}

/// The decoded size of a base64 value (`data`), in bytes.
fn base64_len(s: &str) -> usize {
    let trimmed = s.trim_end_matches('=');
    trimmed.len() * 3 / 4
}

fn secret(o: &StoredObject) -> String {
    let mut w = Writer::new();
    header(&mut w, o);
    let type_ = o.field("type").and_then(Value::as_str).unwrap_or("Opaque");
    w.write(0, &format!("\nType:\t{type_}\n\n"));
    w.write(0, "Data\n====\n");
    let mut sizes: Vec<(String, usize)> = Vec::new();
    if let Some(Value::Object(m)) = o.field("data") {
        for (k, v) in m {
            sizes.push((k.clone(), base64_len(v.as_str().unwrap_or(""))));
        }
    }
    if let Some(Value::Object(m)) = o.field("stringData") {
        for (k, v) in m {
            sizes.retain(|(n, _)| n != k);
            sizes.push((k.clone(), v.as_str().unwrap_or("").len()));
        }
    }
    sizes.sort();
    for (k, n) in sizes {
        w.write(0, &format!("{k}:\t{n} bytes\n"));
    }
    w.finish()
}

fn service_account(sim: &Simulation, o: &StoredObject) -> String {
    let mut w = Writer::new();
    header(&mut w, o);
    let names = |field: &str| {
        let v: Vec<&str> = o
            .field(field)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.get("name").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        if v.is_empty() {
            "<none>".to_string()
        } else {
            v.join("\n                     ")
        }
    };
    w.write(
        0,
        &format!("Image pull secrets:\t{}\n", names("imagePullSecrets")),
    );
    w.write(0, &format!("Mountable secrets:\t{}\n", names("secrets")));
    w.write(0, "Tokens:\t<none>\n");
    events(&mut w, sim, &o.meta.uid);
    w.finish()
}

fn disruption_budget(sim: &Simulation, o: &StoredObject) -> String {
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", o.meta.name));
    w.write(0, &format!("Namespace:\t{}\n", o.meta.namespace));
    let text = |v: &Value| v.as_str().map_or(v.to_string(), str::to_string);
    if let Some(v) = o.field("spec.minAvailable") {
        w.write(0, &format!("Min available:\t{}\n", text(v)));
    }
    if let Some(v) = o.field("spec.maxUnavailable") {
        w.write(0, &format!("Max unavailable:\t{}\n", text(v)));
    }
    let sel: Option<LabelSelector> = o
        .field("spec.selector")
        .and_then(crate::manifest::decode::from_json);
    w.write(
        0,
        &format!("Selector:\t{}\n", format_selector(sel.as_ref())),
    );
    let st = pdb_status(sim.cluster(), o);
    w.write(0, "Status:\n");
    w.write(
        2,
        &format!("Allowed disruptions:\t{}\n", st.disruptions_allowed),
    );
    w.write(2, &format!("Current:\t{}\n", st.current_healthy));
    w.write(2, &format!("Desired:\t{}\n", st.desired_healthy));
    w.write(2, &format!("Total:\t{}\n", st.expected_pods));
    events(&mut w, sim, &o.meta.uid);
    w.finish()
}

/// `smartLabelFor`: `ingressClassName` → `Ingress Class Name`, `apiVersion` → `API Version`;
/// a name with characters other than letters and `-` is kept as it is.
#[must_use]
pub fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = field.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        if c.is_uppercase() && !cur.is_empty() && (prev_lower || next_lower) {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
        .into_iter()
        .map(|w| {
            let upper = w.to_uppercase();
            if ["API", "URL", "UID", "OSB", "GUID"].contains(&upper.as_str()) {
                upper
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

const SKIPPED: [&str; 5] = [
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
];

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".into(),
        other => other.to_string(),
    }
}

/// `printUnstructuredContent`: fields sorted, maps and lists as indented blocks.
fn unstructured(
    w: &mut Writer,
    level: usize,
    content: &serde_json::Map<String, Value>,
    prefix: &str,
) {
    let mut fields: Vec<&String> = content.keys().collect();
    fields.sort();
    for field in fields {
        let path = format!("{prefix}.{field}");
        if SKIPPED.contains(&path.as_str()) {
            continue;
        }
        match &content[field] {
            Value::Object(m) => {
                w.write(level, &format!("{}:\n", smart_label(field)));
                unstructured(w, level + 1, m, &path);
            }
            Value::Array(items) => {
                w.write(level, &format!("{}:\n", smart_label(field)));
                for item in items {
                    match item {
                        Value::Object(m) => unstructured(w, level + 1, m, &path),
                        other => w.write(level + 1, &format!("{}\n", scalar(other))),
                    }
                }
            }
            other => w.write(
                level,
                &format!("{}:\t{}\n", smart_label(field), scalar(other)),
            ),
        }
    }
}

fn generic(sim: &Simulation, kind: StoredKind, o: &StoredObject, lang: Lang) -> String {
    let mut w = Writer::new();
    header(&mut w, o);
    let obj = Obj {
        res: Res::Stored(kind),
        key: o.meta.key(),
        labels: o.meta.labels.clone(),
        created: o.meta.created,
    };
    if let Some(Value::Object(m)) = serial::object(sim, &obj) {
        unstructured(&mut w, 0, &m, "");
    }
    events(&mut w, sim, &o.meta.uid);
    let mut text = w.finish();
    if kind.row().has_behaviour {
        text.push_str(
            &Msg::new("describe.stored.note")
                .text(kind.row().kind)
                .render(lang),
        );
        text.push('\n');
    }
    text
}

/// The description of one stored object.
#[must_use]
pub fn describe(sim: &Simulation, kind: StoredKind, o: &StoredObject, lang: Lang) -> String {
    match kind.row().kind {
        "Secret" => secret(o),
        "ServiceAccount" => service_account(sim, o),
        "PodDisruptionBudget" => disruption_budget(sim, o),
        _ => generic(sim, kind, o, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::smart_label;

    #[test]
    fn field_names_turn_into_words_as_kubectl_labels_them() {
        assert_eq!(smart_label("ingressClassName"), "Ingress Class Name");
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(smart_label("backoffLimit"), "Backoff Limit");
        assert_eq!(smart_label("podIP"), "Pod IP");
        assert_eq!(
            smart_label("app.kubernetes.io/name"),
            "app.kubernetes.io/name"
        );
    }
}
