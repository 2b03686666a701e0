//! The effective object — what the apiserver stores after defaulting — as YAML lines, each
//! knowing whether its value came from a default. Keys are sorted, as `kubectl get -o yaml`
//! prints them.

use serde_json::Value;

use super::Object;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveLine {
    pub text: String,
    /// The field path this line shows (`spec.ports[0].protocol`).
    pub path: String,
    pub is_default: bool,
}

/// The object's effective YAML, line by line.
#[must_use]
pub fn effective_yaml(obj: &Object) -> Vec<EffectiveLine> {
    let mut w = Writer {
        obj,
        lines: Vec::new(),
    };
    if let Value::Object(map) = obj.resource.to_json() {
        // apiVersion and kind first, as kubectl prints them; then the rest sorted.
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        entries.sort_by_key(|(k, _)| match k.as_str() {
            "apiVersion" => (0, k.as_str()),
            "kind" => (1, k.as_str()),
            other => (2, other),
        });
        for (k, v) in entries {
            w.entry(0, "", k, v);
        }
    }
    w.lines
}

struct Writer<'a> {
    obj: &'a Object,
    lines: Vec<EffectiveLine>,
}

impl Writer<'_> {
    /// A field the apiserver stores but the text does not write came from a default.
    fn is_default(&self, path: &str) -> bool {
        !self.obj.is_written(path)
    }

    fn push(&mut self, text: String, path: String) {
        let is_default = self.is_default(&path);
        self.lines.push(EffectiveLine {
            text,
            path,
            is_default,
        });
    }

    fn entry(&mut self, indent: usize, parent: &str, key: &str, value: &Value) {
        let path = if parent.is_empty() {
            key.to_string()
        } else {
            format!("{parent}.{key}")
        };
        self.keyed(
            indent,
            &format!("{}{}:", " ".repeat(indent), key_text(key)),
            path,
            value,
        );
    }

    /// Writes `head` (`key:` or `- key:`) followed by the value.
    fn keyed(&mut self, indent: usize, head: &str, path: String, value: &Value) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                self.push(head.to_string(), path.clone());
                for (k, v) in map {
                    self.entry(indent + 2, &path, k, v);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                self.push(head.to_string(), path.clone());
                self.items(indent, &path, items);
            }
            scalar => self.push(format!("{head} {}", scalar_text(scalar)), path),
        }
    }

    fn items(&mut self, indent: usize, path: &str, items: &[Value]) {
        let pad = " ".repeat(indent);
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            match item {
                Value::Object(map) if !map.is_empty() => {
                    for (j, (k, v)) in map.iter().enumerate() {
                        let lead = if j == 0 {
                            format!("{pad}- ")
                        } else {
                            format!("{pad}  ")
                        };
                        let head = format!("{lead}{}:", key_text(k));
                        self.keyed(indent + 2, &head, format!("{item_path}.{k}"), v);
                    }
                }
                Value::Array(inner) if !inner.is_empty() => {
                    self.push(format!("{pad}-"), item_path.clone());
                    self.items(indent + 2, &item_path, inner);
                }
                scalar => self.push(format!("{pad}- {}", scalar_text(scalar)), item_path),
            }
        }
    }
}

fn key_text(key: &str) -> String {
    if needs_quotes(key) {
        serde_json::to_string(key).unwrap_or_default()
    } else {
        key.to_string()
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if needs_quotes(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::String(s) => s.clone(),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
    }
}

/// Whether a string would read back as something else (a number, a bool, null) or break the
/// YAML structure if written plain.
fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return true;
    }
    let lowered = s.to_ascii_lowercase();
    if matches!(
        lowered.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    ) {
        return true;
    }
    let first = s.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        let looks_numeric = s.bytes().all(|b| {
            b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E' | b'_' | b'x')
        });
        if looks_numeric {
            return true;
        }
    }
    s.contains(": ")
        || s.contains(" #")
        || s.contains('\n')
        || super::yaml::is_indicator(first)
        || s.ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_strings_strings() {
        // Pins that "80", "yes" and "" are quoted so they read back as strings.
        assert!(needs_quotes("80"));
        assert!(needs_quotes("yes"));
        assert!(needs_quotes(""));
        assert!(!needs_quotes("nginx:1.19.0"));
        assert!(!needs_quotes("25%"));
        assert!(needs_quotes("a: b"));
    }
}
