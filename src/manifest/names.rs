//! Name and label rules with the apiserver's exact words
//! (`apimachinery@1.34:pkg/util/validation/validation.go`). Each check returns the details of
//! what is wrong; an empty list means the value is valid.

use crate::i18n::Msg;

fn is_alnum_lower(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn matches_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_alnum_lower(b[0])
        && is_alnum_lower(b[b.len() - 1])
        && b.iter().all(|c| is_alnum_lower(*c) || *c == b'-')
}

fn matches_subdomain(s: &str) -> bool {
    s.split('.').all(matches_label)
}

/// DNS-1123 label: StatefulSet, Namespace and container names, hostnames.
#[must_use]
pub fn dns1123_label(s: &str) -> Vec<Msg> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(Msg::new("d.too.long").text("63"));
    }
    if !matches_label(s) {
        if matches_subdomain(s) {
            errs.push(Msg::new("d.no.dots"));
        } else {
            errs.push(Msg::new("d.dns1123label"));
        }
    }
    errs
}

/// DNS-1123 subdomain: Pod, Deployment, ReplicaSet, PVC, PV, ConfigMap names.
#[must_use]
pub fn dns1123_subdomain(s: &str) -> Vec<Msg> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push(Msg::new("d.too.long").text("253"));
    }
    if !matches_subdomain(s) {
        errs.push(Msg::new("d.dns1123subdomain"));
    }
    errs
}

/// DNS-1035 label: Service names (must start with a letter).
#[must_use]
pub fn dns1035_label(s: &str) -> Vec<Msg> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(Msg::new("d.too.long").text("63"));
    }
    let b = s.as_bytes();
    if !(matches_label(s) && b[0].is_ascii_lowercase()) {
        errs.push(Msg::new("d.dns1035"));
    }
    errs
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn matches_qualified_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_alnum(b[0])
        && is_alnum(b[b.len() - 1])
        && b.iter()
            .all(|c| is_alnum(*c) || matches!(*c, b'-' | b'_' | b'.'))
}

/// A label or annotation key: optional DNS-subdomain prefix and `/`, then a qualified name.
#[must_use]
pub fn qualified_name(s: &str) -> Vec<Msg> {
    let mut errs = Vec::new();
    let name = match s.split_once('/') {
        Some((prefix, name)) => {
            if prefix.is_empty() {
                errs.push(Msg::new("d.dns1123subdomain"));
            } else {
                errs.extend(dns1123_subdomain(prefix));
            }
            name
        }
        None => s,
    };
    if name.len() > 63 {
        errs.push(Msg::new("d.too.long").text("63"));
    }
    if !matches_qualified_part(name) {
        errs.push(Msg::new("d.qualified.name"));
    }
    errs
}

/// A label value: empty, or a qualified part of at most 63 characters.
#[must_use]
pub fn label_value(s: &str) -> Vec<Msg> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(Msg::new("d.too.long").text("63"));
    }
    if !s.is_empty() && !matches_qualified_part(s) {
        errs.push(Msg::new("d.label.value"));
    }
    errs
}

/// IANA_SVC_NAME: port names and named target ports.
#[must_use]
pub fn port_name(s: &str) -> Vec<Msg> {
    let mut errs = Vec::new();
    if s.len() > 15 {
        errs.push(Msg::new("d.port.name.len"));
    }
    if !s
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        errs.push(Msg::new("d.port.name.chars"));
    }
    if !s.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push(Msg::new("d.port.name.letter"));
    }
    if s.contains("--") {
        errs.push(Msg::new("d.port.name.consecutive"));
    }
    if s.starts_with('-') || s.ends_with('-') {
        errs.push(Msg::new("d.port.name.edge"));
    }
    errs
}

/// A ConfigMap data key: `[-._a-zA-Z0-9]+`, at most 253 characters.
#[must_use]
pub fn config_key(s: &str) -> Vec<Msg> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push(Msg::new("d.too.long").text("253"));
    }
    if s.is_empty()
        || !s
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
    {
        errs.push(Msg::new("d.config.key"));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn ids(v: Vec<Msg>) -> Vec<&'static str> {
        v.into_iter().map(|m| m.id).collect()
    }

    #[test]
    fn labels_subdomains_and_1035_differ_as_the_apiserver_says() {
        // Pins which rule accepts which name.
        assert!(dns1123_label("web").is_empty());
        assert_eq!(ids(dns1123_label("Web")), vec!["d.dns1123label"]);
        assert_eq!(ids(dns1123_label("web.v1")), vec!["d.no.dots"]);
        assert!(dns1123_subdomain("web.v1").is_empty());
        assert!(dns1123_label("1web").is_empty());
        assert_eq!(ids(dns1035_label("1nginx")), vec!["d.dns1035"]);
        assert_eq!(ids(dns1123_label(&"a".repeat(64))), vec!["d.too.long"]);
    }

    #[test]
    fn label_keys_and_values() {
        // Pins prefixed keys and the empty label value.
        assert!(qualified_name("app.kubernetes.io/name").is_empty());
        assert!(!qualified_name("-app").is_empty());
        assert!(label_value("").is_empty());
        assert!(!label_value("has space").is_empty());
    }

    #[test]
    fn port_names_follow_iana() {
        // Pins each IANA_SVC_NAME rule's message.
        assert!(port_name("web").is_empty());
        assert_eq!(ids(port_name("80")), vec!["d.port.name.letter"]);
        assert_eq!(ids(port_name("a--b")), vec!["d.port.name.consecutive"]);
        assert_eq!(ids(port_name("Web")), vec!["d.port.name.chars"]);
        assert_eq!(
            ids(port_name("my-very-long-port-name")),
            vec!["d.port.name.len"]
        );
    }

    #[test]
    fn regex_messages_keep_the_double_space() {
        // Pins apimachinery's RegexError rendering, double space before "or".
        let m = &dns1123_label("Web")[0];
        assert!(m.render(Lang::En).contains("'my-name',  or '123-abc'"));
    }
}
