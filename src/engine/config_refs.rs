//! What ConfigMaps and Secrets put into a container: its environment (`env` with `valueFrom`,
//! `envFrom`) and the files of `configMap` / `secret` volumes, and the error the kubelet stops
//! at when one is missing (`CreateContainerConfigError`).
//!
//! Follows the kubelet's `makeEnvironmentVariables` (kubernetes/kubernetes
//! `pkg/kubelet/kubelet_pods.go`): `envFrom` sources first, in order, then `env` in order, each
//! value expanded against the variables defined before it (`$(VAR)`, `$$` for a literal `$`,
//! `third_party/forked/golang/expansion`); a missing object or key that is not `optional`
//! fails the container's start with the messages quoted in [`RefError::message`].

use std::collections::BTreeMap;

use serde_json::Value;

use crate::manifest::objects::{Container, StoredKind};

use super::cluster::{Cluster, Key, Pod};

/// Why the kubelet cannot start a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// `configmap "x" not found` / `secret "x" not found`.
    Missing { secret: bool, name: String },
    /// `couldn't find key k in ConfigMap ns/x` / `... in Secret ns/x`.
    MissingKey {
        secret: bool,
        namespace: String,
        name: String,
        key: String,
    },
}

impl RefError {
    /// The kubelet's words, as its `Failed` event prints them after `Error: `.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            RefError::Missing { secret, name } => {
                let what = if *secret { "secret" } else { "configmap" };
                format!("{what} \"{name}\" not found")
            }
            RefError::MissingKey {
                secret,
                namespace,
                name,
                key,
            } => {
                let what = if *secret { "Secret" } else { "ConfigMap" };
                format!("couldn't find key {key} in {what} {namespace}/{name}")
            }
        }
    }
}

/// Standard base64 (with or without padding) to text; `None` if it is not base64.
#[must_use]
pub fn base64_decode(s: &str) -> Option<String> {
    let mut bits = 0u32;
    let mut n_bits = 0u32;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        n_bits += 6;
        if n_bits >= 8 {
            n_bits -= 8;
            out.push(u8::try_from((bits >> n_bits) & 0xff).unwrap_or(0));
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// The key → value data of a ConfigMap or Secret (a Secret's `data` decoded, its `stringData`
/// as written), or `None` if it does not exist.
#[must_use]
pub fn data_of(
    c: &Cluster,
    namespace: &str,
    name: &str,
    secret: bool,
) -> Option<BTreeMap<String, String>> {
    let key = Key::new(namespace, name);
    if !secret {
        return c.config_maps.get(&key).map(|cm| cm.data.clone());
    }
    let kind = StoredKind::from_name("Secret")?;
    let o = c.stored.get(&(kind, key))?;
    let mut out = BTreeMap::new();
    if let Some(Value::Object(m)) = o.field("data") {
        for (k, v) in m {
            out.insert(
                k.clone(),
                base64_decode(v.as_str().unwrap_or("")).unwrap_or_default(),
            );
        }
    }
    if let Some(Value::Object(m)) = o.field("stringData") {
        for (k, v) in m {
            out.insert(k.clone(), v.as_str().unwrap_or("").to_string());
        }
    }
    Some(out)
}

/// `$(VAR)` expansion against `env`; `$$` is a literal `$`; unknown references stay as written.
#[must_use]
pub fn expand(value: &str, env: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(inner) = after.strip_prefix('(') {
            match inner.find(')') {
                Some(j) => {
                    let name = &inner[..j];
                    match env.get(name) {
                        Some(v) => out.push_str(v),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = &inner[j + 1..];
                }
                None => {
                    out.push_str("$(");
                    rest = inner;
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn text(v: &Value, field: &str) -> String {
    v.get(field)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn optional(v: &Value) -> bool {
    v.get("optional").and_then(Value::as_bool) == Some(true)
}

/// `fieldRef`: the pod fields the downward API exposes.
fn field_ref(pod: &Pod, path: &str) -> String {
    let m = &pod.meta;
    match path {
        "metadata.name" => m.name.clone(),
        "metadata.namespace" => m.namespace.clone(),
        "metadata.uid" => m.uid.clone(),
        "spec.nodeName" => pod.spec.node_name.clone().unwrap_or_default(),
        "spec.serviceAccountName" => "default".into(),
        "status.podIP" | "status.podIPs" => {
            pod.status.ip.map(|ip| ip.to_string()).unwrap_or_default()
        }
        "status.hostIP" | "status.hostIPs" => pod
            .status
            .host_ip
            .map(|ip| ip.to_string())
            .unwrap_or_default(),
        _ => {
            let label = |prefix: &str, map: &BTreeMap<String, String>| {
                path.strip_prefix(prefix)
                    .and_then(|r| r.strip_suffix("']"))
                    .and_then(|k| map.get(k).cloned())
            };
            label("metadata.labels['", &m.labels)
                .or_else(|| label("metadata.annotations['", &m.annotations))
                .unwrap_or_default()
        }
    }
}

/// One `valueFrom` source.
fn value_from(c: &Cluster, pod: &Pod, from: &Value) -> Result<Option<String>, RefError> {
    let ns = &pod.meta.namespace;
    for (field, secret) in [("configMapKeyRef", false), ("secretKeyRef", true)] {
        let Some(r) = from.get(field) else { continue };
        let (name, key) = (text(r, "name"), text(r, "key"));
        let Some(data) = data_of(c, ns, &name, secret) else {
            return if optional(r) {
                Ok(None)
            } else {
                Err(RefError::Missing { secret, name })
            };
        };
        return match data.get(&key) {
            Some(v) => Ok(Some(v.clone())),
            None if optional(r) => Ok(None),
            None => Err(RefError::MissingKey {
                secret,
                namespace: ns.clone(),
                name,
                key,
            }),
        };
    }
    if let Some(r) = from.get("fieldRef") {
        return Ok(Some(field_ref(pod, &text(r, "fieldPath"))));
    }
    Ok(Some(String::new()))
}

/// The container's variables from its spec (on top of `base`: the image's and the Service
/// links'), or the error that keeps it from starting.
pub fn container_env(
    c: &Cluster,
    pod: &Pod,
    container: &Container,
    base: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, RefError> {
    let mut env = base.clone();
    let sources = container
        .env_from
        .as_ref()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for src in &sources {
        let prefix = text(src, "prefix");
        for (field, secret) in [("configMapRef", false), ("secretRef", true)] {
            let Some(r) = src.get(field) else { continue };
            let name = text(r, "name");
            match data_of(c, &pod.meta.namespace, &name, secret) {
                Some(data) => {
                    for (k, v) in data {
                        env.insert(format!("{prefix}{k}"), v);
                    }
                }
                None if optional(r) => {}
                None => return Err(RefError::Missing { secret, name }),
            }
        }
    }
    for e in &container.env {
        let value = match (&e.value, &e.value_from) {
            (Some(v), _) => Some(expand(v, &env)),
            (None, Some(from)) => value_from(c, pod, from)?,
            (None, None) => Some(String::new()),
        };
        if let Some(v) = value {
            env.insert(e.name.clone(), v);
        }
    }
    Ok(env)
}

/// The first error that keeps any of the pod's containers from starting (their environment).
#[must_use]
pub fn config_error(c: &Cluster, pod: &Pod) -> Option<RefError> {
    let base = BTreeMap::new();
    pod.spec
        .init_containers
        .iter()
        .chain(&pod.spec.containers)
        .find_map(|ct| container_env(c, pod, ct, &base).err())
}

/// A `configMap` / `secret` volume whose object is missing (and not optional): the kubelet
/// cannot mount it, so no container starts. The message is the `FailedMount` event's
/// (kubernetes/kubernetes `pkg/volume/util/operationexecutor` `MountVolume.SetUp failed for
/// volume ...`, with the configmap/secret plugin's not-found error).
#[must_use]
pub fn mount_error(c: &Cluster, pod: &Pod) -> Option<String> {
    pod.spec.volumes.iter().find_map(|v| {
        let (src, secret, name_field) = match (&v.config_map, &v.secret) {
            (Some(cm), _) => (cm, false, "name"),
            (None, Some(s)) => (s, true, "secretName"),
            _ => return None,
        };
        let name = text(src, name_field);
        (data_of(c, &pod.meta.namespace, &name, secret).is_none() && !optional(src)).then(|| {
            let why = RefError::Missing { secret, name }.message();
            format!("MountVolume.SetUp failed for volume \"{}\" : {why}", v.name)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(base64_decode("cGFzc3dvcmQ=").as_deref(), Some("password"));
        assert_eq!(base64_decode("cGFzcw").as_deref(), Some("pass"));
        assert_eq!(base64_decode("not base64!"), None);
    }

    #[test]
    fn references_expand_as_the_kubelet_expands_them() {
        // Pins the dependent-envars example: defined-before references expand, later ones and
        // `$$` stay literal.
        let env: BTreeMap<String, String> = [
            ("SERVICE_IP".to_string(), "172.17.0.1".to_string()),
            ("SERVICE_PORT".to_string(), "80".to_string()),
            ("PROTOCOL".to_string(), "https".to_string()),
        ]
        .into();
        assert_eq!(
            expand("$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)", &env),
            "https://172.17.0.1:80"
        );
        assert_eq!(
            expand("$$(PROTOCOL)://$(SERVICE_IP)", &env),
            "$(PROTOCOL)://172.17.0.1"
        );
        assert_eq!(expand("$(NOPE) $x", &env), "$(NOPE) $x");
    }
}
