//! The built-in kinds of the 1.34 API that podplay keeps as objects without simulating them:
//! one row per kind. A row says how the kind is named (kind, group and version, plural, short
//! names), whether it is namespaced, and which columns `kubectl get` prints for it. Adding a
//! kind is adding a row here; the apiserver store, `apply`, `get`, `describe`, `delete` and the
//! scene read the table.
//!
//! Columns follow the server-side printers of kubernetes/kubernetes
//! `pkg/printers/internalversion/printers.go` (`AddHandlers`); kinds that file registers no
//! handler for (Role, ClusterRole, LimitRange, CustomResourceDefinition) get the apiserver's
//! default table, `NAME CREATED AT` (k8s.io/apiserver `pkg/registry/rest/table.go`).

use serde_json::{json, Map, Value};

use super::objects::Stored;

/// Sets `path` (dotted) in `body` to `value` unless something is written there already.
fn default_at(body: &mut Map<String, Value>, path: &str, value: Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let Some(last) = parts.pop() else {
        return;
    };
    let mut map = body;
    for p in parts {
        let slot = map.entry(p.to_string()).or_insert_with(|| json!({}));
        let Value::Object(inner) = slot else {
            return;
        };
        map = inner;
    }
    map.entry(last.to_string()).or_insert(value);
}

/// The defaults the 1.34 apiserver fills into the stored kinds that have any a learner sees in
/// `get` or `-o yaml` (kubernetes/kubernetes `pkg/apis/core/v1/defaults.go` `SetDefaults_Secret`,
/// `pkg/apis/batch/v1/defaults.go` `SetDefaults_Job` and `SetDefaults_CronJob`,
/// `pkg/apis/autoscaling/v2/defaults.go`, `pkg/apis/scheduling/v1/defaults.go`).
pub fn fill_defaults(o: &mut Stored) {
    let body = &mut o.body;
    match o.kind.row().kind {
        "Secret" => {
            default_at(body, "type", json!("Opaque"));
            merge_string_data(body);
        }
        "Job" => job_defaults(body, ""),
        "CronJob" => {
            default_at(body, "spec.concurrencyPolicy", json!("Allow"));
            default_at(body, "spec.suspend", json!(false));
            default_at(body, "spec.successfulJobsHistoryLimit", json!(3));
            default_at(body, "spec.failedJobsHistoryLimit", json!(1));
            job_defaults(body, "spec.jobTemplate.");
        }
        "HorizontalPodAutoscaler" => default_at(body, "spec.minReplicas", json!(1)),
        "PriorityClass" => default_at(body, "preemptionPolicy", json!("PreemptLowerPriority")),
        "DaemonSet" => daemon_set_defaults(body),
        _ => {}
    }
}

/// `SetDefaults_DaemonSet` (kubernetes/kubernetes `pkg/apis/apps/v1/defaults.go`): the update
/// strategy, the history limit, and the pod template's own defaults.
fn daemon_set_defaults(body: &mut Map<String, Value>) {
    default_at(body, "spec.updateStrategy.type", json!("RollingUpdate"));
    if at(body, "spec.updateStrategy.type") == Some(&json!("RollingUpdate")) {
        default_at(
            body,
            "spec.updateStrategy.rollingUpdate.maxUnavailable",
            json!(1),
        );
        default_at(body, "spec.updateStrategy.rollingUpdate.maxSurge", json!(0));
    }
    default_at(body, "spec.revisionHistoryLimit", json!(10));
    let Some(Value::Object(spec)) = body.get_mut("spec") else {
        return;
    };
    let Some(raw) = spec.get("template").cloned() else {
        return;
    };
    let Some(mut template) = super::decode::from_json::<super::objects::PodTemplateSpec>(&raw)
    else {
        return;
    };
    super::defaults::template(&mut template);
    if let (Ok(filled), Some(slot)) = (serde_json::to_value(&template), spec.get_mut("template")) {
        fill_missing(slot, filled);
    }
}

/// Adds to `slot` what `filled` has and it lacks, keeping everything it has (fields podplay's
/// types do not know included); lists of the same length are filled item by item.
fn fill_missing(slot: &mut Value, filled: Value) {
    match (slot, filled) {
        (Value::Object(have), Value::Object(add)) => {
            for (k, v) in add {
                match have.get_mut(&k) {
                    Some(existing) => fill_missing(existing, v),
                    None => {
                        have.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(have), Value::Array(add)) if have.len() == add.len() => {
            for (h, a) in have.iter_mut().zip(add) {
                fill_missing(h, a);
            }
        }
        _ => {}
    }
}

/// Standard base64 with padding.
#[must_use]
pub fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The apiserver stores a Secret's `stringData` in `data`, base64-encoded, over any `data` key
/// of the same name, and keeps no `stringData` (kubernetes/kubernetes
/// `pkg/apis/core/v1/conversion.go` `Convert_v1_Secret_To_core_Secret`).
fn merge_string_data(body: &mut Map<String, Value>) {
    let Some(Value::Object(strings)) = body.remove("stringData") else {
        return;
    };
    let data = body.entry("data".to_string()).or_insert_with(|| json!({}));
    if let Value::Object(data) = data {
        for (k, v) in strings {
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            data.insert(k, Value::String(base64_encode(text.as_bytes())));
        }
    }
}

/// The value at a dotted path of a stored object's fields.
#[must_use]
pub fn at<'a>(body: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut v = body.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    Some(v)
}

fn job_defaults(body: &mut Map<String, Value>, prefix: &str) {
    let spec = format!("{prefix}spec");
    let has =
        |body: &Map<String, Value>, field: &str| at(body, &format!("{spec}.{field}")).is_some();
    if !has(body, "completions") && !has(body, "parallelism") {
        default_at(body, &format!("{spec}.completions"), json!(1));
    }
    default_at(body, &format!("{spec}.parallelism"), json!(1));
    default_at(body, &format!("{spec}.backoffLimit"), json!(6));
    default_at(body, &format!("{spec}.completionMode"), json!("NonIndexed"));
    default_at(body, &format!("{spec}.suspend"), json!(false));
    default_at(
        body,
        &format!("{spec}.podReplacementPolicy"),
        json!("TerminatingOrFailed"),
    );
    default_at(
        body,
        &format!("{spec}.template.spec.restartPolicy"),
        json!("Always"),
    );
}

/// Which printer `kubectl get` uses for a stored kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printer {
    /// `NAME TYPE DATA AGE`
    Secret,
    /// `NAME SECRETS AGE`
    ServiceAccount,
    /// `NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE`
    PodDisruptionBudget,
    /// `NAME STATUS COMPLETIONS DURATION AGE`
    Job,
    /// `NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE`
    CronJob,
    /// `NAME CLASS HOSTS ADDRESS PORTS AGE`
    Ingress,
    /// `NAME CONTROLLER PARAMETERS AGE`
    IngressClass,
    /// `NAME POD-SELECTOR AGE`
    NetworkPolicy,
    /// `NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE`
    HorizontalPodAutoscaler,
    /// `NAME ROLE AGE`
    RoleBinding,
    /// `NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY`
    PriorityClass,
    /// `NAME REQUEST LIMIT AGE`
    ResourceQuota,
    /// `NAME HOLDER AGE`
    Lease,
    /// `NAME HANDLER AGE`
    RuntimeClass,
    /// `NAME WEBHOOKS AGE`
    Webhooks,
    /// `NAME DESIRED CURRENT READY AGE`
    ReplicationController,
    /// `NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE`
    DaemonSet,
    /// `NAME CONTAINERS IMAGES POD LABELS`
    PodTemplate,
    /// The apiserver's default table: `NAME CREATED AT`.
    CreatedAt,
}

impl Printer {
    /// Column names as the printer declares them (the table upper-cases them).
    #[must_use]
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Printer::Secret => &["Name", "Type", "Data", "Age"],
            Printer::ServiceAccount => &["Name", "Secrets", "Age"],
            Printer::PodDisruptionBudget => &[
                "Name",
                "Min Available",
                "Max Unavailable",
                "Allowed Disruptions",
                "Age",
            ],
            Printer::Job => &["Name", "Status", "Completions", "Duration", "Age"],
            Printer::CronJob => &[
                "Name",
                "Schedule",
                "Timezone",
                "Suspend",
                "Active",
                "Last Schedule",
                "Age",
            ],
            Printer::Ingress => &["Name", "Class", "Hosts", "Address", "Ports", "Age"],
            Printer::IngressClass => &["Name", "Controller", "Parameters", "Age"],
            Printer::NetworkPolicy => &["Name", "Pod-Selector", "Age"],
            Printer::HorizontalPodAutoscaler => &[
                "Name",
                "Reference",
                "Targets",
                "MinPods",
                "MaxPods",
                "Replicas",
                "Age",
            ],
            Printer::RoleBinding => &["Name", "Role", "Age"],
            Printer::PriorityClass => {
                &["Name", "Value", "Global-Default", "Age", "PreemptionPolicy"]
            }
            Printer::ResourceQuota => &["Name", "Request", "Limit", "Age"],
            Printer::Lease => &["Name", "Holder", "Age"],
            Printer::RuntimeClass => &["Name", "Handler", "Age"],
            Printer::Webhooks => &["Name", "Webhooks", "Age"],
            Printer::ReplicationController => &["Name", "Desired", "Current", "Ready", "Age"],
            Printer::DaemonSet => &[
                "Name",
                "Desired",
                "Current",
                "Ready",
                "Up-to-date",
                "Available",
                "Node Selector",
                "Age",
            ],
            Printer::PodTemplate => &["Name", "Containers", "Images", "Pod Labels"],
            Printer::CreatedAt => &["Name", "Created At"],
        }
    }

    /// The columns `-o wide` adds (the printers' `Priority: 1` columns, kubernetes/kubernetes
    /// `pkg/printers/internalversion/printers.go` `AddHandlers`).
    #[must_use]
    pub fn wide_columns(self) -> &'static [&'static str] {
        match self {
            Printer::Job
            | Printer::CronJob
            | Printer::DaemonSet
            | Printer::ReplicationController => &["Containers", "Images", "Selector"],
            Printer::RoleBinding => &["Users", "Groups", "ServiceAccounts"],
            _ => &[],
        }
    }
}

/// One stored kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindRow {
    pub kind: &'static str,
    /// The preferred group/version (`v1` for the core group), as `-o yaml` prints it.
    pub api_version: &'static str,
    /// Other group/versions the 1.34 apiserver also serves for this kind.
    pub also_served: &'static [&'static str],
    pub plural: &'static str,
    pub short_names: &'static [&'static str],
    pub namespaced: bool,
    pub printer: Printer,
    /// Whether `describe` and validate say that podplay keeps the object but does not run what
    /// it asks for (a Job's pods, an Ingress's routes). False for kinds that only hold data or
    /// policy a learner reads back (Secret, ServiceAccount, Role).
    pub has_behaviour: bool,
}

const fn row(
    kind: &'static str,
    api_version: &'static str,
    plural: &'static str,
    short_names: &'static [&'static str],
    namespaced: bool,
    printer: Printer,
) -> KindRow {
    KindRow {
        kind,
        api_version,
        also_served: &[],
        plural,
        short_names,
        namespaced,
        printer,
        has_behaviour: false,
    }
}

const fn acting(mut r: KindRow) -> KindRow {
    r.has_behaviour = true;
    r
}

const fn served(mut r: KindRow, also: &'static [&'static str]) -> KindRow {
    r.also_served = also;
    r
}

/// Every stored kind. Names, groups, versions and short names are those of
/// `kubectl api-resources` on a 1.34 cluster.
pub static KINDS: &[KindRow] = &[
    row(
        "ServiceAccount",
        "v1",
        "serviceaccounts",
        &["sa"],
        true,
        Printer::ServiceAccount,
    ),
    row("Secret", "v1", "secrets", &[], true, Printer::Secret),
    acting(row(
        "LimitRange",
        "v1",
        "limitranges",
        &["limits"],
        true,
        Printer::CreatedAt,
    )),
    acting(row(
        "ResourceQuota",
        "v1",
        "resourcequotas",
        &["quota"],
        true,
        Printer::ResourceQuota,
    )),
    acting(row(
        "ReplicationController",
        "v1",
        "replicationcontrollers",
        &["rc"],
        true,
        Printer::ReplicationController,
    )),
    row(
        "PodTemplate",
        "v1",
        "podtemplates",
        &[],
        true,
        Printer::PodTemplate,
    ),
    // Stored, and run by the DaemonSet controller (engine/controllers/daemon_set.rs).
    row(
        "DaemonSet",
        "apps/v1",
        "daemonsets",
        &["ds"],
        true,
        Printer::DaemonSet,
    ),
    acting(row("Job", "batch/v1", "jobs", &[], true, Printer::Job)),
    acting(row(
        "CronJob",
        "batch/v1",
        "cronjobs",
        &["cj"],
        true,
        Printer::CronJob,
    )),
    acting(served(
        row(
            "HorizontalPodAutoscaler",
            "autoscaling/v2",
            "horizontalpodautoscalers",
            &["hpa"],
            true,
            Printer::HorizontalPodAutoscaler,
        ),
        &["autoscaling/v1"],
    )),
    acting(row(
        "PodDisruptionBudget",
        "policy/v1",
        "poddisruptionbudgets",
        &["pdb"],
        true,
        Printer::PodDisruptionBudget,
    )),
    acting(row(
        "Ingress",
        "networking.k8s.io/v1",
        "ingresses",
        &["ing"],
        true,
        Printer::Ingress,
    )),
    row(
        "IngressClass",
        "networking.k8s.io/v1",
        "ingressclasses",
        &[],
        false,
        Printer::IngressClass,
    ),
    acting(row(
        "NetworkPolicy",
        "networking.k8s.io/v1",
        "networkpolicies",
        &["netpol"],
        true,
        Printer::NetworkPolicy,
    )),
    row(
        "Role",
        "rbac.authorization.k8s.io/v1",
        "roles",
        &[],
        true,
        Printer::CreatedAt,
    ),
    row(
        "RoleBinding",
        "rbac.authorization.k8s.io/v1",
        "rolebindings",
        &[],
        true,
        Printer::RoleBinding,
    ),
    row(
        "ClusterRole",
        "rbac.authorization.k8s.io/v1",
        "clusterroles",
        &[],
        false,
        Printer::CreatedAt,
    ),
    row(
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1",
        "clusterrolebindings",
        &[],
        false,
        Printer::RoleBinding,
    ),
    acting(row(
        "PriorityClass",
        "scheduling.k8s.io/v1",
        "priorityclasses",
        &["pc"],
        false,
        Printer::PriorityClass,
    )),
    acting(row(
        "RuntimeClass",
        "node.k8s.io/v1",
        "runtimeclasses",
        &[],
        false,
        Printer::RuntimeClass,
    )),
    row(
        "Lease",
        "coordination.k8s.io/v1",
        "leases",
        &[],
        true,
        Printer::Lease,
    ),
    acting(row(
        "CustomResourceDefinition",
        "apiextensions.k8s.io/v1",
        "customresourcedefinitions",
        &["crd", "crds"],
        false,
        Printer::CreatedAt,
    )),
    acting(row(
        "MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1",
        "mutatingwebhookconfigurations",
        &[],
        false,
        Printer::Webhooks,
    )),
    acting(row(
        "ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1",
        "validatingwebhookconfigurations",
        &[],
        false,
        Printer::Webhooks,
    )),
];

/// A stored kind: an index into [`KINDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StoredKind(u8);

impl StoredKind {
    /// The table row (the index is only ever made from the table itself).
    #[must_use]
    pub fn row(self) -> &'static KindRow {
        KINDS.get(usize::from(self.0)).unwrap_or(&KINDS[0])
    }

    /// Every stored kind, in table order.
    pub fn all() -> impl Iterator<Item = StoredKind> {
        (0..KINDS.len()).filter_map(|i| u8::try_from(i).ok().map(StoredKind))
    }

    #[must_use]
    pub fn from_name(kind: &str) -> Option<StoredKind> {
        StoredKind::all().find(|k| k.row().kind == kind)
    }

    /// Whether the 1.34 apiserver serves this kind at `api_version`.
    #[must_use]
    pub fn serves(self, api_version: &str) -> bool {
        let r = self.row();
        r.api_version == api_version || r.also_served.contains(&api_version)
    }

    /// The API group (`""` for the core group).
    #[must_use]
    pub fn group(self) -> &'static str {
        self.row()
            .api_version
            .split_once('/')
            .map_or("", |(g, _)| g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_each_kind_plural_and_short_name_once() {
        // Pins that a word resolves to one kind only.
        let mut words: Vec<&str> = KINDS
            .iter()
            .flat_map(|r| {
                let mut v = vec![r.kind, r.plural];
                v.extend_from_slice(r.short_names);
                v
            })
            .collect();
        let n = words.len();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), n);
        assert!(KINDS.len() < usize::from(u8::MAX));
    }

    #[test]
    fn base64_encodes_with_padding() {
        assert_eq!(base64_encode(b"password"), "cGFzc3dvcmQ=");
        assert_eq!(base64_encode(b"pass"), "cGFzcw==");
        assert_eq!(base64_encode(b"abc"), "YWJj");
        assert_eq!(base64_encode(b""), "");
    }

    #[test]
    fn kinds_know_their_group_and_served_versions() {
        let pdb = StoredKind::from_name("PodDisruptionBudget").unwrap_or(StoredKind(0));
        assert_eq!(pdb.row().kind, "PodDisruptionBudget");
        assert_eq!(pdb.group(), "policy");
        assert!(pdb.serves("policy/v1"));
        assert!(!pdb.serves("policy/v1beta1"));
        let hpa = StoredKind::from_name("HorizontalPodAutoscaler").unwrap_or(StoredKind(0));
        assert!(hpa.serves("autoscaling/v1") && hpa.serves("autoscaling/v2"));
        assert_eq!(
            StoredKind::from_name("Secret").map(StoredKind::group),
            Some("")
        );
        assert_eq!(StoredKind::from_name("Widget"), None);
    }
}
