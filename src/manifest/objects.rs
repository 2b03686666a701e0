//! Typed Kubernetes objects for the kinds podplay understands.
//!
//! Struct names are Go's (`StatefulSetSpec`, `ObjectMeta`) because decode errors name them, as
//! the apiserver's do. Every field the v1.34 API defines for these types is listed, so strict
//! decoding knows exactly which fields exist; subtrees podplay does not simulate are kept as
//! opaque JSON (`Opaque`) so nothing is lost when an object is shown back.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use super::kinds::StoredKind;

/// A subtree podplay keeps but does not interpret (probes, affinity, security contexts…).
pub type Opaque = Option<serde_json::Value>;
pub type StrMap = BTreeMap<String, String>;

fn is_false(b: &bool) -> bool {
    !*b
}

/// `intstr.IntOrString`: ports and percentages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntOrString {
    Int(i64),
    Str(String),
}

impl IntOrString {
    /// The JSON rendering apiserver 1.34 uses for bad values.
    #[must_use]
    pub fn json(&self) -> String {
        match self {
            IntOrString::Int(i) => i.to_string(),
            IntOrString::Str(s) => json_str(s),
        }
    }
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

impl Serialize for IntOrString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IntOrString::Int(i) => s.serialize_i64(*i),
            IntOrString::Str(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for IntOrString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = IntOrString;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("intstr.IntOrString")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<IntOrString, E> {
                Ok(IntOrString::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<IntOrString, E> {
                i64::try_from(v)
                    .map(IntOrString::Int)
                    .map_err(|_| E::custom("number out of range"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IntOrString, E> {
                Ok(IntOrString::Str(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `resource.Quantity` as written (`1Gi`, `500Mi`, `2`); numbers are accepted as Go accepts them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Quantity(pub String);

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Quantity;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("resource.Quantity")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Quantity, E> {
                Ok(Quantity(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Quantity, E> {
                Ok(Quantity(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Quantity, E> {
                Ok(Quantity(v.to_string()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Quantity, E> {
                Ok(Quantity(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl Quantity {
    /// The value in bytes (or units), if the text is a well-formed quantity.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        parse_quantity(&self.0)
    }
}

/// Parses `^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$` with Kubernetes' suffixes.
#[must_use]
pub fn parse_quantity(text: &str) -> Option<f64> {
    let split = text
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '+' || *c == '-'))))
        .map_or(text.len(), |(i, _)| i);
    let (num, suffix) = text.split_at(split);
    if num.is_empty() || num == "+" || num == "-" || num.matches('.').count() > 1 {
        return None;
    }
    let n: f64 = num.parse().ok()?;
    let mult = match suffix {
        "" => 1.0,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        s if s.starts_with(['e', 'E']) => {
            let exp: i32 = s[1..].parse().ok()?;
            10f64.powi(exp)
        }
        _ => return None,
    };
    Some(n * mult)
}

/// Go's JSON encoding of a string, as 1.34 prints bad values.
#[must_use]
pub fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ObjectMeta")]
pub struct ObjectMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: StrMap,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: StrMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_references: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalizers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_fields: Opaque,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "LabelSelector")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: StrMap,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "LabelSelectorRequirement")]
pub struct LabelSelectorRequirement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl LabelSelector {
    /// Whether `labels` satisfy this selector (`metav1.LabelSelectorAsSelector` semantics).
    #[must_use]
    pub fn matches(&self, labels: &StrMap) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| {
                let have = labels.get(&r.key);
                match r.operator.as_str() {
                    "In" => have.is_some_and(|v| r.values.contains(v)),
                    "NotIn" => have.is_none_or(|v| !r.values.contains(v)),
                    "Exists" => have.is_some(),
                    "DoesNotExist" => have.is_none(),
                    _ => false,
                }
            })
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PodTemplateSpec")]
pub struct PodTemplateSpec {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PodSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PodSpec")]
pub struct PodSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_containers: Vec<Container>,
    #[serde(default)]
    pub containers: Vec<Container>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_containers: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_policy: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: StrMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automount_service_account_token: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub host_network: bool,
    #[serde(default, skip_serializing_if = "is_false", rename = "hostPID")]
    pub host_pid: bool,
    #[serde(default, skip_serializing_if = "is_false", rename = "hostIPC")]
    pub host_ipc: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_process_namespace: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_secrets: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdomain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduler_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_aliases: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_config: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_gates: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_service_links: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preemption_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overhead: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topology_spread_constraints: Opaque,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "setHostnameAsFQDN"
    )]
    pub set_hostname_as_fqdn: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_users: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_gates: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_claims: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname_override: Option<String>,
}

// ----- scheduling constraints (core/v1 Affinity, Toleration) -----------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Affinity")]
pub struct Affinity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_affinity: Option<NodeAffinity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_affinity: Option<PodAffinity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_anti_affinity: Option<PodAffinity>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "NodeAffinity")]
pub struct NodeAffinity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_during_scheduling_ignored_during_execution: Vec<PreferredSchedulingTerm>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "NodeSelector")]
pub struct NodeSelector {
    #[serde(default)]
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "NodeSelectorTerm")]
pub struct NodeSelectorTerm {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<NodeSelectorRequirement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_fields: Vec<NodeSelectorRequirement>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "NodeSelectorRequirement")]
pub struct NodeSelectorRequirement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PreferredSchedulingTerm")]
pub struct PreferredSchedulingTerm {
    #[serde(default)]
    pub weight: i32,
    #[serde(default)]
    pub preference: NodeSelectorTerm,
}

/// `podAffinity` and `podAntiAffinity` (Go's PodAffinity and PodAntiAffinity have the same
/// fields).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PodAffinity")]
pub struct PodAffinity {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_during_scheduling_ignored_during_execution: Vec<WeightedPodAffinityTerm>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PodAffinityTerm")]
pub struct PodAffinityTerm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_selector: Option<LabelSelector>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespaces: Vec<String>,
    #[serde(default)]
    pub topology_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<LabelSelector>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_label_keys: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mismatch_label_keys: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "WeightedPodAffinityTerm")]
pub struct WeightedPodAffinityTerm {
    #[serde(default)]
    pub weight: i32,
    #[serde(default)]
    pub pod_affinity_term: PodAffinityTerm,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Toleration")]
pub struct Toleration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

/// A node taint (`spec.taints[]` of a Node).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Taint")]
pub struct Taint {
    #[serde(default)]
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default)]
    pub effect: String,
}

impl Toleration {
    /// Whether this toleration tolerates `taint` (`v1.Toleration.ToleratesTaint` in
    /// kubernetes/api core/v1/toleration.go): same effect (or any when empty), same key (or
    /// any with an empty key and `Exists`), and `Exists` or an equal value.
    #[must_use]
    pub fn tolerates(&self, taint: &Taint) -> bool {
        let effect = self.effect.as_deref().unwrap_or("");
        if !effect.is_empty() && effect != taint.effect {
            return false;
        }
        let key = self.key.as_deref().unwrap_or("");
        if !key.is_empty() && key != taint.key {
            return false;
        }
        match self.operator.as_deref().unwrap_or("Equal") {
            "Exists" => true,
            "Equal" | "" => {
                self.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("")
            }
            _ => false,
        }
    }
}

/// Scale of a resource in the scheduler's integer units: cpu in millicores, the rest in units
/// (`resource.Quantity` `MilliValue` / `Value`, both rounding up).
fn resource_scale(resource: &str) -> f64 {
    if resource == "cpu" {
        1000.0
    } else {
        1.0
    }
}

/// A quantity in the scheduler's integer units for `resource` (0 when malformed).
#[must_use]
pub fn scaled_quantity(resource: &str, q: &Quantity) -> i64 {
    q.value().map_or(0, |v| {
        let x = (v * resource_scale(resource)).ceil();
        if x.is_finite() && x > 0.0 && x < 9.0e18 {
            x as i64
        } else {
            0
        }
    })
}

impl Container {
    /// The container's request of `resource` in scheduler units; a limit without a request
    /// counts as the request, as the apiserver defaults it (`SetDefaults_Pod` in
    /// kubernetes/kubernetes pkg/apis/core/v1/defaults.go).
    #[must_use]
    pub fn request(&self, resource: &str) -> i64 {
        self.resources.as_ref().map_or(0, |r| {
            r.requests
                .get(resource)
                .or_else(|| r.limits.get(resource))
                .map_or(0, |q| scaled_quantity(resource, q))
        })
    }
}

impl PodSpec {
    /// The pod's request of `resource` as the scheduler counts it: the sum over containers, at
    /// least the largest init container's (`computePodResourceRequest` in kubernetes/kubernetes
    /// pkg/scheduler/framework/plugins/noderesources/fit.go).
    #[must_use]
    pub fn request(&self, resource: &str) -> i64 {
        let sum: i64 = self.containers.iter().map(|c| c.request(resource)).sum();
        let init = self
            .init_containers
            .iter()
            .map(|c| c.request(resource))
            .max()
            .unwrap_or(0);
        sum.max(init)
    }
}

impl NodeSelectorRequirement {
    /// Whether a node with `labels` satisfies this requirement (`nodeaffinity` semantics of
    /// k8s.io/component-helpers scheduling/corev1/nodeaffinity: In, NotIn, Exists,
    /// DoesNotExist, Gt, Lt).
    #[must_use]
    pub fn matches(&self, labels: &StrMap) -> bool {
        let have = labels.get(&self.key);
        let int = |s: &str| s.parse::<i64>().ok();
        match self.operator.as_str() {
            "In" => have.is_some_and(|v| self.values.contains(v)),
            "NotIn" => have.is_none_or(|v| !self.values.contains(v)),
            "Exists" => have.is_some(),
            "DoesNotExist" => have.is_none(),
            "Gt" | "Lt" => {
                let (Some(h), Some(w)) = (
                    have.and_then(|v| int(v)),
                    self.values.first().and_then(|v| int(v)),
                ) else {
                    return false;
                };
                if self.operator == "Gt" {
                    h > w
                } else {
                    h < w
                }
            }
            _ => false,
        }
    }
}

impl NodeSelectorTerm {
    /// All expressions match the node's labels and all field requirements its fields (only
    /// `metadata.name` exists). An empty term matches nothing.
    #[must_use]
    pub fn matches(&self, labels: &StrMap, node_name: &str) -> bool {
        if self.match_expressions.is_empty() && self.match_fields.is_empty() {
            return false;
        }
        let fields: StrMap = [("metadata.name".to_string(), node_name.to_string())].into();
        self.match_expressions.iter().all(|r| r.matches(labels))
            && self.match_fields.iter().all(|r| r.matches(&fields))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Container")]
pub struct Container {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_from: Opaque,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourceRequirements>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resize_policy: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy_rules: Opaque,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_mounts: Vec<VolumeMount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_devices: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<Probe>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_message_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_message_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Opaque,
    #[serde(default, skip_serializing_if = "is_false")]
    pub stdin: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub stdin_once: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub tty: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "EnvVar")]
pub struct EnvVar {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Opaque,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ResourceRequirements")]
pub struct ResourceRequirements {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, Quantity>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: BTreeMap<String, Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Opaque,
}

/// A readiness, liveness or startup probe. Readiness decides when a pod counts as Ready.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Probe")]
pub struct Probe {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exec: Option<ExecAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_get: Option<HTTPGetAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp_socket: Option<TCPSocketAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc: Option<GRPCAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_delay_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_threshold: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ExecAction")]
pub struct ExecAction {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "HTTPGetAction")]
pub struct HTTPGetAction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default = "zero_port")]
    pub port: IntOrString,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub http_headers: Vec<HTTPHeader>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "HTTPHeader")]
pub struct HTTPHeader {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "TCPSocketAction")]
pub struct TCPSocketAction {
    #[serde(default = "zero_port")]
    pub port: IntOrString,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "GRPCAction")]
pub struct GRPCAction {
    #[serde(default)]
    pub port: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

fn zero_port() -> IntOrString {
    IntOrString::Int(0)
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ContainerPort")]
pub struct ContainerPort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i64>,
    #[serde(default)]
    pub container_port: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "hostIP")]
    pub host_ip: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "VolumeMount")]
pub struct VolumeMount {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recursive_read_only: Option<String>,
    #[serde(default)]
    pub mount_path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_propagation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_path_expr: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Volume")]
pub struct Volume {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_dir: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_path: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projected: Opaque,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "downwardAPI"
    )]
    pub downward_api: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csi: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nfs: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iscsi: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git_repo: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gce_persistent_disk: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_elastic_block_store: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glusterfs: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rbd: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flex_volume: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cinder: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cephfs: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flocker: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fc: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_file: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vsphere_volume: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quobyte: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_disk: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photon_persistent_disk: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portworx_volume: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "scaleIO")]
    pub scale_io: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storageos: Opaque,
}

impl Volume {
    /// Whether any volume source is set (the apiserver requires exactly one).
    #[must_use]
    pub fn has_source(&self) -> bool {
        self.persistent_volume_claim.is_some()
            || [
                &self.empty_dir,
                &self.host_path,
                &self.config_map,
                &self.secret,
                &self.projected,
                &self.downward_api,
                &self.ephemeral,
                &self.csi,
                &self.image,
                &self.nfs,
                &self.iscsi,
                &self.git_repo,
                &self.gce_persistent_disk,
                &self.aws_elastic_block_store,
                &self.glusterfs,
                &self.rbd,
                &self.flex_volume,
                &self.cinder,
                &self.cephfs,
                &self.flocker,
                &self.fc,
                &self.azure_file,
                &self.vsphere_volume,
                &self.quobyte,
                &self.azure_disk,
                &self.photon_persistent_disk,
                &self.portworx_volume,
                &self.scale_io,
                &self.storageos,
            ]
            .iter()
            .any(|v| v.is_some())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PersistentVolumeClaimVolumeSource")]
pub struct PersistentVolumeClaimVolumeSource {
    #[serde(default)]
    pub claim_name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Pod")]
pub struct Pod {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PodSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Service")]
pub struct Service {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ServiceSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ServiceSpec")]
pub struct ServiceSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ServicePort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<StrMap>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "clusterIP")]
    pub cluster_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", rename = "clusterIPs")]
    pub cluster_ips: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", rename = "externalIPs")]
    pub external_ips: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_affinity: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "loadBalancerIP"
    )]
    pub load_balancer_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_source_ranges: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_traffic_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_node_port: Option<i64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub publish_not_ready_addresses: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_affinity_config: Option<SessionAffinityConfig>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_families: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_family_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocate_load_balancer_node_ports: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_traffic_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_distribution: Option<String>,
}

impl ServiceSpec {
    #[must_use]
    pub fn is_headless(&self) -> bool {
        self.cluster_ip.as_deref() == Some("None")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "SessionAffinityConfig")]
pub struct SessionAffinityConfig {
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "clientIP")]
    pub client_ip: Option<ClientIPConfig>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ClientIPConfig")]
pub struct ClientIPConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ServicePort")]
pub struct ServicePort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    #[serde(default)]
    pub port: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "StatefulSet")]
pub struct StatefulSet {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: StatefulSetSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "StatefulSetSpec")]
pub struct StatefulSetSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default)]
    pub template: PodTemplateSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_claim_templates: Vec<PersistentVolumeClaim>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_management_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_strategy: Option<StatefulSetUpdateStrategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim_retention_policy:
        Option<StatefulSetPersistentVolumeClaimRetentionPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordinals: Option<StatefulSetOrdinals>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "StatefulSetUpdateStrategy")]
pub struct StatefulSetUpdateStrategy {
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateStatefulSetStrategy>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "RollingUpdateStatefulSetStrategy")]
pub struct RollingUpdateStatefulSetStrategy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    rename = "StatefulSetPersistentVolumeClaimRetentionPolicy"
)]
pub struct StatefulSetPersistentVolumeClaimRetentionPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_deleted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_scaled: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "StatefulSetOrdinals")]
pub struct StatefulSetOrdinals {
    #[serde(default)]
    pub start: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Deployment")]
pub struct Deployment {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: DeploymentSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "DeploymentSpec")]
pub struct DeploymentSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default)]
    pub template: PodTemplateSpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<DeploymentStrategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_deadline_seconds: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "DeploymentStrategy")]
pub struct DeploymentStrategy {
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDeployment>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "RollingUpdateDeployment")]
pub struct RollingUpdateDeployment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ReplicaSet")]
pub struct ReplicaSet {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ReplicaSetSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ReplicaSetSpec")]
pub struct ReplicaSetSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default)]
    pub template: PodTemplateSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PersistentVolumeClaim")]
pub struct PersistentVolumeClaim {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PersistentVolumeClaimSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PersistentVolumeClaimSpec")]
pub struct PersistentVolumeClaimSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<VolumeResourceRequirements>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_ref: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_attributes_class_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "VolumeResourceRequirements")]
pub struct VolumeResourceRequirements {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, Quantity>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: BTreeMap<String, Quantity>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PersistentVolume")]
pub struct PersistentVolume {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PersistentVolumeSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "PersistentVolumeSpec")]
pub struct PersistentVolumeSpec {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, Quantity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_ref: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_reclaim_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_options: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_affinity: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_attributes_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_path: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csi: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nfs: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iscsi: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gce_persistent_disk: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_elastic_block_store: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glusterfs: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rbd: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cinder: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cephfs: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fc: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flocker: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flex_volume: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_file: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vsphere_volume: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quobyte: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_disk: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photon_persistent_disk: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portworx_volume: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "scaleIO")]
    pub scale_io: Opaque,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storageos: Opaque,
}

impl PersistentVolumeSpec {
    #[must_use]
    pub fn has_source(&self) -> bool {
        [
            &self.host_path,
            &self.local,
            &self.csi,
            &self.nfs,
            &self.iscsi,
            &self.gce_persistent_disk,
            &self.aws_elastic_block_store,
            &self.glusterfs,
            &self.rbd,
            &self.cinder,
            &self.cephfs,
            &self.fc,
            &self.flocker,
            &self.flex_volume,
            &self.azure_file,
            &self.vsphere_volume,
            &self.quobyte,
            &self.azure_disk,
            &self.photon_persistent_disk,
            &self.portworx_volume,
            &self.scale_io,
            &self.storageos,
        ]
        .iter()
        .any(|v| v.is_some())
    }
}

/// storage.k8s.io/v1 StorageClass: its fields sit at the top level, not under `spec`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "StorageClass")]
pub struct StorageClass {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub provisioner: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: StrMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reclaim_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_options: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_volume_expansion: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_binding_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_topologies: Opaque,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "Namespace")]
pub struct Namespace {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<NamespaceSpec>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "NamespaceSpec")]
pub struct NamespaceSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename = "ConfigMap")]
pub struct ConfigMap {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: StrMap,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub binary_data: StrMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

/// The kinds podplay understands, with the apiVersion each lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Namespace,
    StorageClass,
    PersistentVolume,
    ConfigMap,
    Service,
    PersistentVolumeClaim,
    Pod,
    ReplicaSet,
    Deployment,
    StatefulSet,
    /// A built-in kind podplay stores and lists without simulating (a row of
    /// [`crate::manifest::kinds::KINDS`]).
    Stored(StoredKind),
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Namespace,
        Kind::StorageClass,
        Kind::PersistentVolume,
        Kind::ConfigMap,
        Kind::Service,
        Kind::PersistentVolumeClaim,
        Kind::Pod,
        Kind::ReplicaSet,
        Kind::Deployment,
        Kind::StatefulSet,
    ];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::StorageClass => "StorageClass",
            Kind::PersistentVolume => "PersistentVolume",
            Kind::ConfigMap => "ConfigMap",
            Kind::Service => "Service",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::Pod => "Pod",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Deployment => "Deployment",
            Kind::StatefulSet => "StatefulSet",
            Kind::Stored(k) => k.row().kind,
        }
    }

    /// The kind named `name`, simulated or stored.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .or_else(|| StoredKind::from_name(name).map(Kind::Stored))
    }

    /// Whether the 1.34 apiserver serves this kind at `api_version`.
    #[must_use]
    pub fn serves(self, api_version: &str) -> bool {
        match self {
            Kind::Stored(k) => k.serves(api_version),
            _ => self.api_version() == api_version,
        }
    }

    /// The one apiVersion this kind is served at (group/version, or `v1` for the core group).
    #[must_use]
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet => "apps/v1",
            Kind::StorageClass => "storage.k8s.io/v1",
            Kind::Stored(k) => k.row().api_version,
            _ => "v1",
        }
    }

    /// `Kind.group` as apiserver errors name it: `StatefulSet.apps`, `Service`.
    #[must_use]
    pub fn qualified(self) -> String {
        match self.api_version().split_once('/') {
            Some((group, _)) => format!("{}.{group}", self.name()),
            None => self.name().to_string(),
        }
    }

    #[must_use]
    pub fn namespaced(self) -> bool {
        match self {
            Kind::Namespace | Kind::StorageClass | Kind::PersistentVolume => false,
            Kind::Stored(k) => k.row().namespaced,
            _ => true,
        }
    }
}

/// A decoded object of one of the understood kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Resource {
    Namespace(Namespace),
    StorageClass(StorageClass),
    PersistentVolume(PersistentVolume),
    ConfigMap(ConfigMap),
    Service(Service),
    PersistentVolumeClaim(PersistentVolumeClaim),
    Pod(Pod),
    ReplicaSet(ReplicaSet),
    Deployment(Deployment),
    StatefulSet(StatefulSet),
    Stored(Stored),
}

/// An object of a stored kind: its metadata, typed as for every kind, and the rest of its
/// fields as written (defaults the apiserver fills in are added by
/// [`crate::manifest::defaults`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub kind: StoredKind,
    pub metadata: ObjectMeta,
    /// Every top-level field but `apiVersion`, `kind` and `metadata`.
    pub body: serde_json::Map<String, serde_json::Value>,
}

impl Stored {
    /// The field at a dotted path (`spec.minAvailable`), if written.
    #[must_use]
    pub fn field(&self, path: &str) -> Option<&serde_json::Value> {
        super::kinds::at(&self.body, path)
    }
}

impl Resource {
    #[must_use]
    pub fn kind(&self) -> Kind {
        match self {
            Resource::Namespace(_) => Kind::Namespace,
            Resource::StorageClass(_) => Kind::StorageClass,
            Resource::PersistentVolume(_) => Kind::PersistentVolume,
            Resource::ConfigMap(_) => Kind::ConfigMap,
            Resource::Service(_) => Kind::Service,
            Resource::PersistentVolumeClaim(_) => Kind::PersistentVolumeClaim,
            Resource::Pod(_) => Kind::Pod,
            Resource::ReplicaSet(_) => Kind::ReplicaSet,
            Resource::Deployment(_) => Kind::Deployment,
            Resource::StatefulSet(_) => Kind::StatefulSet,
            Resource::Stored(o) => Kind::Stored(o.kind),
        }
    }

    /// A workload's `spec.replicas` (1 when unset); `None` for kinds that have none.
    #[must_use]
    pub fn replicas(&self) -> Option<i32> {
        let r = match self {
            Resource::ReplicaSet(o) => o.spec.replicas,
            Resource::Deployment(o) => o.spec.replicas,
            Resource::StatefulSet(o) => o.spec.replicas,
            _ => return None,
        };
        Some(r.unwrap_or(1))
    }

    #[must_use]
    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            Resource::Namespace(o) => &o.metadata,
            Resource::StorageClass(o) => &o.metadata,
            Resource::PersistentVolume(o) => &o.metadata,
            Resource::ConfigMap(o) => &o.metadata,
            Resource::Service(o) => &o.metadata,
            Resource::PersistentVolumeClaim(o) => &o.metadata,
            Resource::Pod(o) => &o.metadata,
            Resource::ReplicaSet(o) => &o.metadata,
            Resource::Deployment(o) => &o.metadata,
            Resource::StatefulSet(o) => &o.metadata,
            Resource::Stored(o) => &o.metadata,
        }
    }

    pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
        match self {
            Resource::Namespace(o) => &mut o.metadata,
            Resource::StorageClass(o) => &mut o.metadata,
            Resource::PersistentVolume(o) => &mut o.metadata,
            Resource::ConfigMap(o) => &mut o.metadata,
            Resource::Service(o) => &mut o.metadata,
            Resource::PersistentVolumeClaim(o) => &mut o.metadata,
            Resource::Pod(o) => &mut o.metadata,
            Resource::ReplicaSet(o) => &mut o.metadata,
            Resource::Deployment(o) => &mut o.metadata,
            Resource::StatefulSet(o) => &mut o.metadata,
            Resource::Stored(o) => &mut o.metadata,
        }
    }

    /// The pod template of a workload, with the path prefix its fields are reported under.
    #[must_use]
    pub fn pod_template(&self) -> Option<&PodTemplateSpec> {
        match self {
            Resource::StatefulSet(o) => Some(&o.spec.template),
            Resource::Deployment(o) => Some(&o.spec.template),
            Resource::ReplicaSet(o) => Some(&o.spec.template),
            _ => None,
        }
    }

    /// The object as JSON (camelCase keys), with `apiVersion` and `kind` first.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        let body = match self {
            Resource::Namespace(o) => serde_json::to_value(o),
            Resource::StorageClass(o) => serde_json::to_value(o),
            Resource::PersistentVolume(o) => serde_json::to_value(o),
            Resource::ConfigMap(o) => serde_json::to_value(o),
            Resource::Service(o) => serde_json::to_value(o),
            Resource::PersistentVolumeClaim(o) => serde_json::to_value(o),
            Resource::Pod(o) => serde_json::to_value(o),
            Resource::ReplicaSet(o) => serde_json::to_value(o),
            Resource::Deployment(o) => serde_json::to_value(o),
            Resource::StatefulSet(o) => serde_json::to_value(o),
            Resource::Stored(o) => {
                let mut fields = serde_json::Map::new();
                if let Ok(md) = serde_json::to_value(&o.metadata) {
                    fields.insert("metadata".into(), md);
                }
                fields.extend(o.body.clone());
                Ok(serde_json::Value::Object(fields))
            }
        }
        .unwrap_or(serde_json::Value::Null);
        let kind = self.kind();
        let mut map = serde_json::Map::new();
        map.insert("apiVersion".into(), kind.api_version().into());
        map.insert("kind".into(), kind.name().into());
        if let serde_json::Value::Object(fields) = body {
            map.extend(fields);
        }
        serde_json::Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_with_binary_and_decimal_suffixes() {
        // Pins the units storage requests are written in.
        assert_eq!(parse_quantity("1Gi"), Some(1024.0 * 1024.0 * 1024.0));
        assert_eq!(parse_quantity("500M"), Some(5e8));
        assert_eq!(parse_quantity("2"), Some(2.0));
        assert_eq!(parse_quantity("1e3"), Some(1000.0));
        assert_eq!(parse_quantity("1GB"), None);
        assert_eq!(parse_quantity("Gi"), None);
    }

    #[test]
    fn selectors_match_labels_and_expressions() {
        // Pins matchLabels AND matchExpressions semantics.
        let labels: StrMap = [("app".to_string(), "nginx".to_string())].into();
        let mut sel = LabelSelector::default();
        sel.match_labels.insert("app".into(), "nginx".into());
        assert!(sel.matches(&labels));
        sel.match_expressions.push(LabelSelectorRequirement {
            key: "tier".into(),
            operator: "Exists".into(),
            values: vec![],
        });
        assert!(!sel.matches(&labels));
    }

    #[test]
    fn kinds_know_their_group_and_scope() {
        // Pins the `Kind.group` form apiserver errors use.
        assert_eq!(Kind::StatefulSet.qualified(), "StatefulSet.apps");
        assert_eq!(Kind::Service.qualified(), "Service");
        assert_eq!(
            Kind::StorageClass.qualified(),
            "StorageClass.storage.k8s.io"
        );
        assert!(!Kind::PersistentVolume.namespaced());
    }
}
