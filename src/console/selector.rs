//! Label selectors as `-l` takes them (`app=nginx`, `app!=x`, `tier in (a,b)`, `tier notin (a)`,
//! `app`, `!app`, comma-joined), after `apimachinery@1.34:pkg/labels/selector.go` `Parse`.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Req {
    Eq(String, String),
    Ne(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

/// A parsed `-l` selector; the empty selector matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector(Vec<Req>);

impl Selector {
    /// Parses a selector string.
    ///
    /// # Errors
    /// A malformed selector, in words close to kubectl's (`unable to parse requirement: …`).
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        for part in split_top(text) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            reqs.push(parse_req(part)?);
        }
        Ok(Selector(reqs))
    }

    #[must_use]
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.0.iter().all(|r| match r {
            Req::Eq(k, v) => labels.get(k) == Some(v),
            Req::Ne(k, v) => labels.get(k) != Some(v),
            Req::In(k, vs) => labels.get(k).is_some_and(|l| vs.contains(l)),
            Req::NotIn(k, vs) => labels.get(k).is_none_or(|l| !vs.contains(l)),
            Req::Exists(k) => labels.contains_key(k),
            Req::NotExists(k) => !labels.contains_key(k),
        })
    }
}

/// Splits on commas outside parentheses.
fn split_top(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn bad(part: &str) -> String {
    format!("unable to parse requirement: found '{part}', expected: identifier")
}

fn key_ok(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

fn parse_req(part: &str) -> Result<Req, String> {
    if let Some(k) = part.strip_prefix('!') {
        let k = k.trim();
        return if key_ok(k) {
            Ok(Req::NotExists(k.to_string()))
        } else {
            Err(bad(part))
        };
    }
    for (op, ne) in [("!=", true), ("==", false), ("=", false)] {
        if let Some((k, v)) = part.split_once(op) {
            let (k, v) = (k.trim(), v.trim());
            if !key_ok(k) {
                return Err(bad(part));
            }
            return Ok(if ne {
                Req::Ne(k.to_string(), v.to_string())
            } else {
                Req::Eq(k.to_string(), v.to_string())
            });
        }
    }
    let words: Vec<&str> = part.splitn(2, char::is_whitespace).collect();
    if words.len() == 2 {
        let (k, rest) = (words[0].trim(), words[1].trim());
        let (notin, list) = if let Some(l) = rest.strip_prefix("notin") {
            (true, l)
        } else if let Some(l) = rest.strip_prefix("in") {
            (false, l)
        } else {
            return Err(bad(part));
        };
        let list = list.trim();
        let Some(inner) = list.strip_prefix('(').and_then(|l| l.strip_suffix(')')) else {
            return Err(format!(
                "unable to parse requirement: found '{list}', expected: '('"
            ));
        };
        let values: Vec<String> = inner
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        if !key_ok(k) {
            return Err(bad(part));
        }
        return Ok(if notin {
            Req::NotIn(k.to_string(), values)
        } else {
            Req::In(k.to_string(), values)
        });
    }
    if key_ok(part) {
        Ok(Req::Exists(part.to_string()))
    } else {
        Err(bad(part))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
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
