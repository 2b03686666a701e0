//! Label selectors as `-l` takes them (get, describe, delete, logs, wait) (`apimachinery@1.34:pkg/labels/selector.go`
//! `Parse`): `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, comma-joined; and
//! `metav1.FormatLabelSelector` for the SELECTOR column of deployments and replica sets.

use crate::manifest::objects::{LabelSelector, StrMap};

use super::parse::Args;
use super::Output;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Req {
    Eq(String, String),
    NotEq(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

/// A parsed `-l` selector: every requirement must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    reqs: Vec<Req>,
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

fn valid_value(v: &str) -> bool {
    v.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn split_top(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => {
                depth += 1;
                cur.push(c);
            }
            ')' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}

fn set_values(rest: &str) -> Option<Vec<String>> {
    let inner = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
    let mut v: Vec<String> = inner.split(',').map(|s| s.trim().to_string()).collect();
    if v.iter().any(|x| !valid_value(x)) {
        return None;
    }
    v.sort();
    v.dedup();
    Some(v)
}

impl Selector {
    /// The `-l/--selector` flag's selector (`None` without the flag); a selector kubectl cannot
    /// read prints its error and gives `None` for the caller to stop on.
    pub fn from_flag(args: &Args, out: &mut Output) -> Option<Option<Selector>> {
        match args.value("selector").map(Selector::parse) {
            Some(Ok(s)) => Some(Some(s)),
            Some(Err(e)) => {
                out.err(&format!("error: {e}"));
                None
            }
            None => Some(None),
        }
    }

    /// Parses a selector.
    ///
    /// # Errors
    /// kubectl's message (without `error: `) for a selector it cannot read.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        if text.trim().is_empty() {
            return Ok(Selector { reqs });
        }
        for part in split_top(text) {
            let p = part.trim();
            let bad = || format!("unable to parse requirement: found '{p}', expected: identifier");
            let req = if let Some(k) = p.strip_prefix('!') {
                let k = k.trim();
                if !valid_key(k) {
                    return Err(bad());
                }
                Req::NotExists(k.to_string())
            } else if let Some((k, v)) = p.split_once("!=") {
                Req::NotEq(k.trim().to_string(), v.trim().to_string())
            } else if let Some((k, v)) = p.split_once("==") {
                Req::Eq(k.trim().to_string(), v.trim().to_string())
            } else if let Some((k, v)) = p.split_once('=') {
                Req::Eq(k.trim().to_string(), v.trim().to_string())
            } else if let Some((k, rest)) = p.split_once(" notin ") {
                Req::NotIn(k.trim().to_string(), set_values(rest).ok_or_else(bad)?)
            } else if let Some((k, rest)) = p.split_once(" in ") {
                Req::In(k.trim().to_string(), set_values(rest).ok_or_else(bad)?)
            } else {
                Req::Exists(p.to_string())
            };
            let (key, value) = match &req {
                Req::Eq(k, v) | Req::NotEq(k, v) => (k.as_str(), Some(v.as_str())),
                Req::In(k, _) | Req::NotIn(k, _) | Req::Exists(k) | Req::NotExists(k) => {
                    (k.as_str(), None)
                }
            };
            if !valid_key(key) || value.is_some_and(|v| !valid_value(v)) {
                return Err(bad());
            }
            reqs.push(req);
        }
        Ok(Selector { reqs })
    }

    #[must_use]
    pub fn matches(&self, labels: &StrMap) -> bool {
        self.reqs.iter().all(|r| match r {
            Req::Eq(k, v) => labels.get(k) == Some(v),
            Req::NotEq(k, v) => labels.get(k) != Some(v),
            Req::In(k, vs) => labels.get(k).is_some_and(|l| vs.contains(l)),
            Req::NotIn(k, vs) => labels.get(k).is_none_or(|l| !vs.contains(l)),
            Req::Exists(k) => labels.contains_key(k),
            Req::NotExists(k) => !labels.contains_key(k),
        })
    }
}

/// `labels.FormatLabels`: `k=v` sorted by key, comma-joined; `<none>` when empty.
#[must_use]
pub fn format_labels(labels: &StrMap) -> String {
    if labels.is_empty() {
        return "<none>".to_string();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `metav1.FormatLabelSelector`: the selector's requirements sorted by key; `<none>` if empty.
#[must_use]
pub fn format_selector(sel: Option<&LabelSelector>) -> String {
    let Some(sel) = sel else {
        return "<none>".to_string();
    };
    let mut parts: Vec<(String, String)> = sel
        .match_labels
        .iter()
        .map(|(k, v)| (k.clone(), format!("{k}={v}")))
        .collect();
    for e in &sel.match_expressions {
        let mut values = e.values.clone();
        values.sort();
        let text = match e.operator.as_str() {
            "In" => format!("{} in ({})", e.key, values.join(",")),
            "NotIn" => format!("{} notin ({})", e.key, values.join(",")),
            "Exists" => e.key.clone(),
            "DoesNotExist" => format!("!{}", e.key),
            other => format!("{} {other} ({})", e.key, values.join(",")),
        };
        parts.push((e.key.clone(), text));
    }
    if parts.is_empty() {
        return "<none>".to_string();
    }
    parts.sort();
    parts
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> StrMap {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn every_selector_form_matches_as_kubectl_does() {
        // Pins equality, inequality, set and existence requirements, comma-joined.
        let l = labels(&[("app", "nginx"), ("tier", "web")]);
        let yes = [
            "app=nginx",
            "app==nginx",
            "app!=x",
            "app in (nginx,web)",
            "app notin (x)",
            "app",
            "!missing",
            "app=nginx,tier=web",
            "missing!=x",
        ];
        for s in yes {
            let sel = Selector::parse(s);
            assert!(sel.as_ref().is_ok_and(|x| x.matches(&l)), "{s}");
        }
        let no = [
            "app=x",
            "app!=nginx",
            "app in (x)",
            "app notin (nginx)",
            "missing",
            "!app",
        ];
        for s in no {
            let sel = Selector::parse(s);
            assert!(sel.as_ref().is_ok_and(|x| !x.matches(&l)), "{s}");
        }
        assert!(Selector::parse("a=(b").is_err());
    }

    #[test]
    fn label_maps_format_sorted_and_none_when_empty() {
        // Pins the LABELS / SELECTOR cell format.
        assert_eq!(format_labels(&labels(&[("b", "2"), ("a", "1")])), "a=1,b=2");
        assert_eq!(format_labels(&StrMap::new()), "<none>");
    }

    #[test]
    fn selectors_match_as_kubectl_matches_them() {
        let l = labels(&[("app", "nginx"), ("tier", "web")]);
        let yes = [
            "app=nginx",
            "app==nginx",
            "app!=x",
            "tier in (web,db)",
            "tier notin (db)",
            "app",
            "!zone",
            "app=nginx,tier=web",
            "",
        ];
        for s in yes {
            assert_eq!(Selector::parse(s).map(|x| x.matches(&l)), Ok(true), "{s}");
        }
        let no = [
            "app=x",
            "app!=nginx",
            "tier in (db)",
            "tier notin (web)",
            "zone",
            "!app",
            "app=nginx,tier=db",
        ];
        for s in no {
            assert_eq!(Selector::parse(s).map(|x| x.matches(&l)), Ok(false), "{s}");
        }
        assert!(Selector::parse("a b c").is_err());
    }
}
