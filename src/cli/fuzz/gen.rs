//! The fuzzer's seeded generators: hostile YAML (random bytes, mutated real manifests,
//! Kubernetes-shaped documents with random fields, types, numbers, nesting and aliases), console
//! lines from kubectl's and bash's grammar, container shell scripts and share links. Every
//! input is a function of its seed alone.

use crate::engine::rng::Rng;

/// A seeded source of choices.
pub struct Gen(Rng, bool);

impl Gen {
    #[must_use]
    pub fn new(seed: u64, target: &str) -> Gen {
        Gen(Rng::fork(seed, target), false)
    }

    /// Generated documents are well-formed and plausible (so that validation gets past the
    /// reader to the checks of each field) while `calm` holds.
    pub fn set_calm(&mut self, calm: bool) {
        self.1 = calm;
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.0.below(n as u64)).unwrap_or(0)
    }

    /// True `num` times in `den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    pub fn pick(&mut self, words: &[&'static str]) -> &'static str {
        let i = self.below(words.len());
        words.get(i).copied().unwrap_or("")
    }

    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A resource quantity: plausible when calm, anything otherwise.
    pub fn qty(&mut self) -> &'static str {
        if self.1 {
            self.pick(&["100m", "1Gi", "500Mi", "1", "250m"])
        } else {
            self.pick(QUANTITIES)
        }
    }

    /// A number for a count, port or period: small when calm, anything otherwise.
    pub fn num(&mut self) -> &'static str {
        if self.1 {
            self.pick(&["1", "2", "3", "0", "5", "80", "10"])
        } else {
            self.pick(NUMBERS)
        }
    }

    /// A length `0..=max`, short ones far more often than long ones.
    pub fn len(&mut self, max: usize) -> usize {
        match self.below(8) {
            0..=4 => self.below(max.min(8) + 1),
            5 | 6 => self.below(max.min(64) + 1),
            _ => self.below(max + 1),
        }
    }
}

// ----- words ---------------------------------------------------------------------------------

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "3",
    "5000",
    "300000",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999",
    "1e309",
    "-1e309",
    "1.5",
    "-0",
    "0.0000001",
    "1e3",
    "0x7fffffff",
    "0o777",
    ".inf",
    "-.inf",
    ".nan",
    "1_000",
    "+5",
];

const QUANTITIES: &[&str] = &[
    "100m",
    "1Gi",
    "1G",
    "500Mi",
    "0",
    "-1",
    "1e3",
    "9999999Ei",
    "1.5Gi",
    "1k",
    "1Ki",
    "0.1",
    "1Ti",
    "8Ei",
    "1m",
    "abc",
    "1 Gi",
    "1Gii",
    "",
];

const NAMES: &[&str] = &[
    "web",
    "web-0",
    "web-1",
    "web-2",
    "nginx",
    "my-nginx",
    "frontend",
    "redis-leader",
    "www",
    "www-web-0",
    "default",
    "kube-system",
    "minikube",
    "a",
    "Web",
    "web_0",
    "-web",
    "web.",
    "웹-0",
    "a.b.c",
    "x1234567890123456789012345678901234567890123456789012345678901234",
];

const IMAGES: &[&str] = &[
    "nginx",
    "nginx:1.27",
    "registry.k8s.io/nginx-slim:0.7",
    "busybox:1.28",
    "busybox",
    "mysql:8",
    "redis",
    "wordpress:6.2.1-apache",
    "nope/nope:latest",
    "nginx@sha256:0000",
    "",
    ":",
    "NGINX",
];

const UNICODE: &[&str] = &[
    "웹",
    "\u{202e}",
    "\u{feff}",
    "\u{0}",
    "\u{7f}",
    "\u{1b}[31m",
    "é",
    "🚀",
    "\u{fffd}",
    "\t",
    "\r",
    "\u{85}",
    "\u{2028}",
];

/// A word: a name, a number, random letters, unicode, or a long run.
pub fn word(g: &mut Gen) -> String {
    match g.below(10) {
        0..=3 => g.pick(NAMES).to_string(),
        4 => g.pick(NUMBERS).to_string(),
        5 => g.pick(UNICODE).to_string(),
        6 => {
            let n = g.len(4000);
            "x".repeat(n)
        }
        _ => {
            let n = g.len(20).max(1);
            (0..n)
                .map(|_| {
                    let c = b"abcdefghijklmnopqrstuvwxyz0123456789-._/:=@$%{}[]*?!~"
                        .get(g.below(53))
                        .copied()
                        .unwrap_or(b'a');
                    char::from(c)
                })
                .collect()
        }
    }
}

// ----- YAML ----------------------------------------------------------------------------------

/// A YAML node before it is written out.
enum Y {
    S(String),
    M(Vec<(String, Y)>),
    L(Vec<Y>),
    /// `&name` on a node.
    Anchor(String, Box<Y>),
    /// `*name`.
    Alias(String),
    /// Written in flow style (`{a: 1}`, `[1, 2]`).
    Flow(Box<Y>),
}

fn s(text: &str) -> Y {
    Y::S(text.to_string())
}

fn map(pairs: Vec<(&str, Y)>) -> Y {
    Y::M(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

const KEYS: &[&str] = &[
    "replicas",
    "selector",
    "matchLabels",
    "template",
    "spec",
    "metadata",
    "name",
    "labels",
    "annotations",
    "containers",
    "image",
    "ports",
    "containerPort",
    "port",
    "targetPort",
    "nodePort",
    "protocol",
    "type",
    "clusterIP",
    "serviceName",
    "volumeClaimTemplates",
    "volumeMounts",
    "mountPath",
    "volumes",
    "resources",
    "requests",
    "limits",
    "storage",
    "cpu",
    "memory",
    "accessModes",
    "env",
    "value",
    "valueFrom",
    "command",
    "args",
    "readinessProbe",
    "livenessProbe",
    "httpGet",
    "path",
    "periodSeconds",
    "initialDelaySeconds",
    "podManagementPolicy",
    "updateStrategy",
    "rollingUpdate",
    "partition",
    "maxUnavailable",
    "maxSurge",
    "minReadySeconds",
    "revisionHistoryLimit",
    "terminationGracePeriodSeconds",
    "nodeSelector",
    "affinity",
    "tolerations",
    "initContainers",
    "restartPolicy",
    "hostname",
    "subdomain",
    "data",
    "stringData",
    "completions",
    "parallelism",
    "backoffLimit",
    "schedule",
    "namespace",
    "ordinals",
    "start",
    "persistentVolumeClaimRetentionPolicy",
    "whenDeleted",
    "whenScaled",
    "capacity",
    "hostPath",
    "storageClassName",
    "claimName",
    "persistentVolumeClaim",
    "<<",
    "status",
    "unknownField",
    "",
];

/// A scalar of any YAML type.
fn scalar(g: &mut Gen) -> String {
    match g.below(8) {
        0 | 1 => g.pick(NUMBERS).to_string(),
        2 => g
            .pick(&["true", "false", "null", "~", "yes", "no", "on", "Off"])
            .to_string(),
        3 => g.pick(QUANTITIES).to_string(),
        4 => g.pick(IMAGES).to_string(),
        _ => word(g),
    }
}

/// A value of any shape; `depth` bounds the nesting (deep nesting is made on purpose).
fn any_value(g: &mut Gen, depth: usize, anchors: &mut Vec<String>) -> Y {
    if depth == 0 {
        return Y::S(scalar(g));
    }
    match g.below(12) {
        0..=4 => Y::S(scalar(g)),
        5 | 6 => {
            let n = g.len(6);
            Y::M(
                (0..n)
                    .map(|_| (g.pick(KEYS).to_string(), any_value(g, depth - 1, anchors)))
                    .collect(),
            )
        }
        7 | 8 => {
            let n = g.len(6);
            Y::L((0..n).map(|_| any_value(g, depth - 1, anchors)).collect())
        }
        9 => {
            let name = format!("a{}", g.below(4));
            anchors.push(name.clone());
            Y::Anchor(name, Box::new(any_value(g, depth - 1, anchors)))
        }
        10 => match anchors.get(g.below(anchors.len() + 1)) {
            Some(a) => Y::Alias(a.clone()),
            None => Y::Alias(format!("a{}", g.below(4))),
        },
        _ => Y::Flow(Box::new(any_value(g, depth - 1, anchors))),
    }
}

/// `depth` levels of maps or lists, one inside the other.
fn deep(g: &mut Gen, depth: usize) -> Y {
    let mut y = Y::S(scalar(g));
    let lists = g.chance(1, 2);
    for _ in 0..depth {
        y = if lists {
            Y::L(vec![y])
        } else {
            Y::M(vec![("k".to_string(), y)])
        };
    }
    if g.chance(1, 3) {
        Y::Flow(Box::new(y))
    } else {
        y
    }
}

/// Usually `normal`; sometimes a value of another type, a huge number or a deep nest.
fn or_hostile(g: &mut Gen, normal: Y, anchors: &mut Vec<String>) -> Y {
    if g.1 {
        return normal;
    }
    match g.below(14) {
        0 => any_value(g, 3, anchors),
        1 => Y::S(g.pick(NUMBERS).to_string()),
        2 => {
            let d = g.below(300);
            deep(g, d)
        }
        _ => normal,
    }
}

fn labels(g: &mut Gen) -> Y {
    let n = g.len(3).max(1);
    Y::M(
        (0..n)
            .map(|i| {
                // Calm documents have each key once; others may repeat `app`.
                let k = match (g.1, i) {
                    (true, _) => ["app", "tier", "role", "x"].get(i).copied().unwrap_or("x"),
                    (false, _) if g.chance(3, 4) => "app",
                    _ => g.pick(NAMES),
                };
                let k = if g.1 && i > 3 { "" } else { k };
                (
                    k.to_string(),
                    s(g.pick(&["nginx", "web", "frontend", "db"])),
                )
            })
            .filter(|(k, _)| !k.is_empty())
            .collect(),
    )
}

fn container(g: &mut Gen, anchors: &mut Vec<String>) -> Y {
    let mut pairs = vec![
        ("name", s(g.pick(&["nginx", "web", "app", "c", "nginx"]))),
        ("image", s(g.pick(IMAGES))),
    ];
    if g.chance(2, 3) {
        let port = s(g.pick(&["80", "8080", "0", "65536", "-1", "http", "3306"]));
        pairs.push((
            "ports",
            Y::L(vec![map(vec![
                ("containerPort", port),
                ("name", s(g.pick(&["web", "http", "x"]))),
            ])]),
        ));
    }
    if g.chance(1, 3) {
        pairs.push((
            "resources",
            map(vec![
                ("requests", map(vec![("cpu", s(g.qty()))])),
                ("limits", map(vec![("memory", s(g.qty()))])),
            ]),
        ));
    }
    if g.chance(1, 3) {
        let probe = map(vec![
            ("httpGet", map(vec![("path", s("/")), ("port", s(g.num()))])),
            ("periodSeconds", s(g.num())),
            ("initialDelaySeconds", s(g.num())),
        ]);
        pairs.push((g.pick(&["readinessProbe", "livenessProbe"]), probe));
    }
    if g.chance(1, 4) {
        pairs.push((
            "command",
            Y::L(vec![s("sh"), s("-c"), s(g.pick(SHELL_SCRIPTS))]),
        ));
    }
    if g.chance(1, 4) {
        pairs.push((
            "volumeMounts",
            Y::L(vec![map(vec![
                ("name", s("www")),
                ("mountPath", s("/usr/share/nginx/html")),
            ])]),
        ));
    }
    let y = map(pairs);
    or_hostile(g, y, anchors)
}

fn pod_template(g: &mut Gen, anchors: &mut Vec<String>) -> Y {
    let n = 1 + g.below(3);
    let containers = Y::L((0..n).map(|_| container(g, anchors)).collect());
    let mut spec = vec![("containers", containers)];
    if g.chance(1, 5) {
        spec.push((
            "restartPolicy",
            s(g.pick(&["Always", "Never", "OnFailure", "Sometimes"])),
        ));
    }
    if g.chance(1, 6) {
        spec.push(("terminationGracePeriodSeconds", s(g.num())));
    }
    map(vec![
        ("metadata", map(vec![("labels", labels(g))])),
        ("spec", or_hostile(g, map(spec), anchors)),
    ])
}

fn spec_of(g: &mut Gen, kind: &str, anchors: &mut Vec<String>) -> Y {
    match kind {
        "Pod" => {
            let n = 1 + g.below(2);
            map(vec![(
                "containers",
                Y::L((0..n).map(|_| container(g, anchors)).collect()),
            )])
        }
        "Service" => {
            let mut pairs = vec![
                (
                    "ports",
                    Y::L(vec![map(vec![
                        ("port", s(g.num())),
                        ("targetPort", s(g.pick(&["80", "web", "0", "70000"]))),
                    ])]),
                ),
                ("selector", labels(g)),
            ];
            if g.chance(1, 2) {
                pairs.push((
                    g.pick(&["clusterIP", "type"]),
                    s(g.pick(&["None", "NodePort", "LoadBalancer", "ClusterIP", "10.0.0.1"])),
                ));
            }
            map(pairs)
        }
        "PersistentVolumeClaim" => map(vec![
            ("accessModes", Y::L(vec![s("ReadWriteOnce")])),
            (
                "resources",
                map(vec![("requests", map(vec![("storage", s(g.qty()))]))]),
            ),
        ]),
        "ConfigMap" | "Secret" => Y::S(String::new()),
        _ => {
            let mut pairs = vec![
                ("replicas", s(g.num())),
                ("selector", map(vec![("matchLabels", labels(g))])),
                ("template", pod_template(g, anchors)),
            ];
            if kind == "StatefulSet" {
                pairs.push(("serviceName", s(g.pick(&["nginx", "web", ""]))));
                if g.chance(1, 2) {
                    pairs.push((
                        "podManagementPolicy",
                        s(g.pick(&["Parallel", "OrderedReady", "x"])),
                    ));
                }
                if g.chance(1, 2) {
                    pairs.push((
                        "volumeClaimTemplates",
                        Y::L(vec![map(vec![
                            ("metadata", map(vec![("name", s("www"))])),
                            ("spec", spec_of(g, "PersistentVolumeClaim", anchors)),
                        ])]),
                    ));
                }
            }
            map(pairs)
        }
    }
}

const KINDS: &[(&str, &str)] = &[
    ("v1", "Pod"),
    ("v1", "Service"),
    ("v1", "ConfigMap"),
    ("v1", "Secret"),
    ("v1", "PersistentVolumeClaim"),
    ("v1", "Namespace"),
    ("apps/v1", "Deployment"),
    ("apps/v1", "StatefulSet"),
    ("apps/v1", "StatefulSet"),
    ("apps/v1", "DaemonSet"),
    ("apps/v1", "ReplicaSet"),
    ("batch/v1", "Job"),
    ("networking.k8s.io/v1", "Ingress"),
    ("v2", "Pod"),
    ("apps/v1", "Frob"),
];

/// One Kubernetes-shaped document.
fn k8s_doc(g: &mut Gen) -> Y {
    let mut anchors = Vec::new();
    let n_kinds = if g.1 { KINDS.len() - 2 } else { KINDS.len() };
    let (api, kind) = KINDS
        .get(g.below(n_kinds))
        .copied()
        .unwrap_or(("v1", "Pod"));
    let name = if g.1 {
        g.pick(&["web", "nginx", "frontend", "db", "a"])
    } else {
        g.pick(NAMES)
    };
    let mut meta = vec![("name", s(name))];
    if g.chance(1, 2) {
        meta.push(("labels", labels(g)));
    }
    if g.chance(1, 6) {
        meta.push((
            "namespace",
            s(g.pick(&["default", "kube-system", "nope", ""])),
        ));
    }
    let mut pairs = vec![
        ("apiVersion", s(api)),
        ("kind", s(kind)),
        ("metadata", map(meta)),
    ];
    match kind {
        "ConfigMap" | "Secret" => {
            let mut data = Vec::new();
            for _ in 0..g.len(4) {
                data.push((g.pick(NAMES), Y::S(word(g))));
            }
            pairs.push((g.pick(&["data", "stringData"]), map(data)));
        }
        "Namespace" => {}
        _ => {
            let spec = spec_of(g, kind, &mut anchors);
            pairs.push(("spec", or_hostile(g, spec, &mut anchors)));
        }
    }
    let mut doc = map(pairs);
    if let Y::M(pairs) = &mut doc {
        // Drop, duplicate or add a field now and then.
        if !g.1 && g.chance(1, 8) && !pairs.is_empty() {
            let i = g.below(pairs.len());
            pairs.remove(i);
        }
        if !g.1 && g.chance(1, 6) {
            let v = any_value(g, 4, &mut anchors);
            pairs.push((g.pick(KEYS).to_string(), v));
        }
    }
    doc
}

fn quote(g: &mut Gen, text: &str, indent: usize) -> String {
    let plain_safe = !text.is_empty()
        && !text.contains([
            '\n', ':', '#', '\'', '"', '{', '}', '[', ']', ',', '&', '*', '!',
        ])
        && !text.starts_with([' ', '-', '?', '|', '>', '%', '@', '`']);
    match g.below(10) {
        0 => format!("'{}'", text.replace('\'', "''")),
        1 => format!(
            "\"{}\"",
            text.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        ),
        2 if !g.1 && !text.contains('\n') => format!("|\n{}{text}", " ".repeat(indent + 2)),
        // Written as is: often a syntax error, which is a fine input too.
        3 if !g.1 => text.to_string(),
        _ if plain_safe => text.to_string(),
        _ => format!("'{}'", text.replace('\'', "''")),
    }
}

fn emit_flow(g: &mut Gen, y: &Y, out: &mut String) {
    match y {
        Y::S(t) => out.push_str(&quote(g, t, 0).replace('\n', " ")),
        Y::M(pairs) => {
            out.push('{');
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                emit_flow(g, v, out);
            }
            out.push('}');
        }
        Y::L(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                emit_flow(g, v, out);
            }
            out.push(']');
        }
        Y::Anchor(a, inner) => {
            out.push('&');
            out.push_str(a);
            out.push(' ');
            emit_flow(g, inner, out);
        }
        Y::Alias(a) => {
            out.push('*');
            out.push_str(a);
        }
        Y::Flow(inner) => emit_flow(g, inner, out),
    }
}

/// Writes `y` as the value after `key:` or `- ` (the caller wrote those), at `indent`.
fn emit_value(g: &mut Gen, y: &Y, indent: usize, out: &mut String) {
    match y {
        Y::S(t) => {
            out.push(' ');
            out.push_str(&quote(g, t, indent));
            out.push('\n');
        }
        Y::Alias(a) => {
            out.push_str(" *");
            out.push_str(a);
            out.push('\n');
        }
        Y::Flow(_) | Y::M(_) | Y::L(_) if is_empty(y) || matches!(y, Y::Flow(_)) => {
            out.push(' ');
            emit_flow(g, y, out);
            out.push('\n');
        }
        Y::Anchor(a, inner) => {
            out.push_str(" &");
            out.push_str(a);
            emit_value(g, inner, indent, out);
        }
        Y::M(_) | Y::L(_) | Y::Flow(_) => {
            out.push('\n');
            emit_block(g, y, indent + 2, out);
        }
    }
}

fn is_empty(y: &Y) -> bool {
    match y {
        Y::M(p) => p.is_empty(),
        Y::L(i) => i.is_empty(),
        _ => false,
    }
}

fn emit_block(g: &mut Gen, y: &Y, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match y {
        Y::M(pairs) if !pairs.is_empty() => {
            for (k, v) in pairs {
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                emit_value(g, v, indent, out);
            }
        }
        Y::L(items) if !items.is_empty() => {
            for v in items {
                out.push_str(&pad);
                out.push('-');
                emit_value(g, v, indent, out);
            }
        }
        _ => {
            out.push_str(&pad);
            emit_flow(g, y, out);
            out.push('\n');
        }
    }
}

/// One or more Kubernetes-shaped documents as YAML text.
pub fn k8s_yaml(g: &mut Gen) -> String {
    let calm = g.chance(1, 2);
    g.set_calm(calm);
    let mut out = String::new();
    let n = 1 + g.len(3);
    for i in 0..n {
        if i > 0 || g.chance(1, 4) {
            out.push_str(g.pick(&["---\n", "--- \n", "---\n...\n---\n", "--- # c\n"]));
        }
        let doc = k8s_doc(g);
        emit_block(g, &doc, 0, &mut out);
    }
    g.set_calm(false);
    out
}

const YAML_TOKENS: &[&str] = &[
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "!!binary ",
    "!foo ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "|",
    "|-",
    ">+",
    "#",
    "---\n",
    "...\n",
    "<<: *a\n",
    "\t",
    "\0",
    "%YAML 1.2\n",
    "? ",
    ",",
    "\\",
    "\r\n",
    "&a [*a, *a, *a]",
    "\u{feff}",
];

/// A real manifest with a few random edits: lines removed, doubled, swapped or re-indented,
/// tokens inserted, values swapped for hostile ones, the text cut short.
pub fn mutate_manifest(g: &mut Gen, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n_edits = 1 + g.len(8);
    for _ in 0..n_edits {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = g.below(lines.len());
        match g.below(9) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines.get(i).cloned().unwrap_or_default();
                lines.insert(i, l);
            }
            2 => {
                let j = g.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                if let Some(l) = lines.get_mut(i) {
                    if g.chance(1, 2) {
                        l.insert_str(0, &" ".repeat(1 + g.below(3)));
                    } else {
                        *l = l.trim_start().to_string();
                    }
                }
            }
            4 | 5 => {
                let tok = g.pick(YAML_TOKENS);
                if let Some(l) = lines.get_mut(i) {
                    let mut at = g.below(l.len() + 1);
                    while !l.is_char_boundary(at) {
                        at -= 1;
                    }
                    l.insert_str(at, tok);
                }
            }
            6 | 7 => {
                // The value after `key:` becomes another.
                let v = scalar(g);
                if let Some(l) = lines.get_mut(i) {
                    if let Some(colon) = l.find(": ") {
                        l.truncate(colon + 2);
                        l.push_str(&v);
                    }
                }
            }
            _ => {
                let keep = g.below(lines.len() + 1);
                lines.truncate(keep);
            }
        }
    }
    let mut out = lines.join("\n");
    if g.chance(1, 2) {
        out.push('\n');
    }
    out
}

/// Random bytes: any byte, or bytes YAML gives meaning to.
pub fn random_bytes(g: &mut Gen) -> Vec<u8> {
    let n = g.len(2000);
    let yamlish = g.chance(2, 3);
    (0..n)
        .map(|_| {
            if yamlish {
                b" \n\n  -:abc019{}[]&*!|>'\"#%@,?\t\r\\"
                    .get(g.below(34))
                    .copied()
                    .unwrap_or(b' ')
            } else {
                (g.u64() & 0xff) as u8
            }
        })
        .collect()
}

// ----- console lines ---------------------------------------------------------------------------

const VERBS: &[&str] = &[
    "get",
    "get",
    "get",
    "describe",
    "logs",
    "apply",
    "create",
    "delete",
    "scale",
    "patch",
    "label",
    "annotate",
    "set",
    "expose",
    "drain",
    "rollout",
    "wait",
    "exec",
    "run",
    "cordon",
    "uncordon",
    "version",
    "explain",
    "top",
    "edit",
    "api-resources",
    "cluster-info",
    "config",
    "port-forward",
    "cp",
    "attach",
    "auth",
    "diff",
    "replace",
    "autoscale",
    "kustomize",
    "debug",
    "frob",
    "",
];

const KINDS_WORDS: &[&str] = &[
    "pods",
    "po",
    "pod",
    "pod/web-0",
    "svc",
    "service/nginx",
    "deploy",
    "deployment",
    "sts",
    "statefulset",
    "sts/web",
    "statefulset.apps/web",
    "rs",
    "ds",
    "job",
    "cronjob",
    "pvc",
    "pv",
    "cm",
    "secret",
    "ns",
    "node",
    "nodes",
    "node/minikube",
    "events",
    "ev",
    "ep",
    "endpoints",
    "endpointslices",
    "ingress",
    "netpol",
    "all",
    "sa",
    "storageclass",
    "sc",
    "pods,svc",
    "frob",
    "",
];

const FLAGS: &[&str] = &[
    "-o",
    "-o wide",
    "-o yaml",
    "-o json",
    "-o name",
    "-o jsonpath='{.items[*].metadata.name}'",
    "-o jsonpath={.status.phase}",
    "-o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'",
    "-o custom-columns=NAME:.metadata.name,IP:.status.podIP",
    "-o go-template='{{.metadata.name}}'",
    "-ojson",
    "-l app=nginx",
    "-l 'app in (nginx,web)'",
    "-l app!=x",
    "--selector=app=nginx",
    "-n kube-system",
    "-n default",
    "--namespace=nope",
    "-A",
    "--all-namespaces",
    "-w",
    "--watch-only",
    "--show-labels",
    "--sort-by=.metadata.name",
    "--sort-by=.status.podIP",
    "--field-selector status.phase=Running",
    "--replicas=3",
    "--replicas=0",
    "--replicas=-1",
    "--replicas=300000",
    "--replicas=2147483648",
    "--image=nginx:1.27",
    "--image=busybox:1.28",
    "--for=condition=Ready",
    "--for=delete",
    "--for=jsonpath='{.status.readyReplicas}'=2",
    "--timeout=1s",
    "--timeout=30s",
    "--timeout=0",
    "--timeout=-1s",
    "--timeout=99999999h",
    "--dry-run=client",
    "--dry-run=server",
    "-p '{\"spec\":{\"replicas\":1}}'",
    "-p '{\"spec\":{\"replicas\":9999999}}'",
    "-p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":0}]' --type=json",
    "--type=merge",
    "--grace-period=0",
    "--force",
    "--cascade=orphan",
    "--all",
    "--to-revision=1",
    "--overwrite",
    "-c nginx",
    "--tail=1",
    "--tail=-1",
    "--since=1s",
    "-f web.yaml",
    "-f deployment.yaml",
    "-f fuzz.yaml",
    "-f -",
    "-f nope.yaml",
    "-f /etc/passwd",
    "-f ../../x.yaml",
    "-k .",
    "-R",
    "--port=80",
    "--target-port=8080",
    "--name=x",
    "--restart=Never",
    "--rm",
    "-it",
    "-i",
    "--",
    "--v=9",
    "--request-timeout=1s",
    "--ignore-daemonsets",
    "--delete-emptydir-data",
    "--record",
    "-h",
    "--help",
];

const ROLLOUT: &[&str] = &[
    "status", "history", "undo", "restart", "pause", "resume", "frob",
];

/// A kubectl command.
fn kubectl_cmd(g: &mut Gen) -> String {
    let mut words = vec![g.pick(&["kubectl", "kubectl", "kubectl", "k"]).to_string()];
    let verb = g.pick(VERBS);
    words.push(verb.to_string());
    if verb == "rollout" {
        words.push(g.pick(ROLLOUT).to_string());
    }
    if verb == "config" {
        words.push(
            g.pick(&[
                "view",
                "get-contexts",
                "current-context",
                "use-context minikube",
            ])
            .to_string(),
        );
    }
    if g.chance(4, 5) {
        words.push(g.pick(KINDS_WORDS).to_string());
    }
    if g.chance(1, 2) {
        words.push(g.pick(NAMES).to_string());
    }
    for _ in 0..g.len(4) {
        words.push(g.pick(FLAGS).to_string());
    }
    if verb == "exec" || verb == "run" || g.chance(1, 20) {
        words.push("--".to_string());
        words.push(
            g.pick(&[
                "sh -c 'hostname'",
                "hostname",
                "cat /etc/hosts",
                "ls",
                "sh",
                "env",
            ])
            .to_string(),
        );
    }
    if g.chance(1, 6) {
        // A word anywhere, quoted or not.
        let i = g.below(words.len() + 1);
        let w = shell_word(g);
        words.insert(i.min(words.len()), w);
    }
    words.join(" ")
}

/// A word as the shell sees it: plain, quoted, unterminated, a variable or a substitution.
fn shell_word(g: &mut Gen) -> String {
    match g.below(12) {
        0 => format!("'{}'", word(g).replace('\'', "")),
        1 => format!("\"{}\"", word(g).replace('"', "")),
        2 => g.pick(&["'", "\"", "`", "$(", "${", "\\"]).to_string(),
        3 => g
            .pick(&[
                "$X",
                "${X}",
                "$?",
                "$$",
                "$!",
                "$0",
                "$1",
                "$@",
                "${X:-d}",
                "${#X}",
                "$((1+2))",
                "$((1/0))",
                "$((2**64))",
                "~",
            ])
            .to_string(),
        4 => format!(
            "$({})",
            g.pick(&[
                "kubectl get pods -o name",
                "echo hi",
                "hostname",
                "date",
                "$(echo x)"
            ])
        ),
        5 => g.pick(&["*", "?", "[a-z]*", "{a,b}", "*.yaml"]).to_string(),
        _ => word(g),
    }
}

const BUILTINS: &[&str] = &[
    "echo hi",
    "echo \"$X\"",
    "printf '%s %d\\n' a 1",
    "printf '%'",
    "true",
    "false",
    ":",
    "sleep 1",
    "sleep 0.5",
    "sleep 10",
    "sleep 99999999",
    "sleep -1",
    "export X=web-0",
    "X=1",
    "unset X",
    "cat web.yaml",
    "cat /proc/self/environ",
    "cat /dev/zero",
    "grep nginx",
    "head -n 2",
    "tail -n 1",
    "wc -l",
    "sort",
    "tee out.txt",
    "test -f web.yaml",
    "[ 1 -eq 1 ]",
    "[ x -lt 2 ]",
    "jobs",
    "kill %1",
    "kill %9",
    "wait",
    "wait %1",
    "cd /",
    "pwd",
    "history",
    "clear",
    "help",
    "ls",
    "exit",
    "break",
    "continue",
    "minikube start",
    "minikube status",
    "minikube stop",
    "minikube delete",
    "minikube service nginx --url",
    "minikube start --nodes=3",
    "minikube start --nodes=99999",
    "minikube start --memory=1g --cpus=0",
    "minikube node add",
    "minikube ssh",
    "curl http://nginx",
    "wget -qO- nginx",
    "nslookup nginx",
    "frob",
    "./x.sh",
];

/// A simple command: kubectl (most often), minikube or a shell builtin, with redirections.
fn simple(g: &mut Gen) -> String {
    let mut cmd = match g.below(10) {
        0..=5 => kubectl_cmd(g),
        6..=8 => g.pick(BUILTINS).to_string(),
        _ => {
            let n = 1 + g.len(4);
            (0..n).map(|_| shell_word(g)).collect::<Vec<_>>().join(" ")
        }
    };
    if g.chance(1, 8) {
        cmd.push(' ');
        cmd.push_str(g.pick(&[
            "> out.txt",
            ">> out.txt",
            "2>&1",
            "2>/dev/null",
            "> /dev/null",
            "< web.yaml",
            "> /etc/passwd",
            ">",
            "<",
            "> fuzz.yaml",
            "&>x",
        ]));
    }
    cmd
}

/// A pipeline or list of commands, maybe in a loop, an `if`, a subshell or the background.
fn compound(g: &mut Gen, depth: usize) -> String {
    let n = 1 + g.len(3);
    let mut line = String::new();
    for i in 0..n {
        if i > 0 {
            line.push_str(g.pick(&[" ; ", " && ", " || ", " | ", " & ", " |& ", ";;", " | | "]));
        }
        let part = if depth > 0 && g.chance(1, 5) {
            let inner = compound(g, depth - 1);
            match g.below(7) {
                0 => format!("for i in 1 2 3; do {inner}; done"),
                1 => format!("for i in $(seq 1 3); do {inner}; done"),
                2 => format!("while true; do {inner}; done"),
                3 => format!("while {inner}; do sleep 1; done"),
                4 => format!("if {inner}; then echo y; else echo n; fi"),
                5 => format!("( {inner} )"),
                _ => format!("{{ {inner}; }}"),
            }
        } else {
            simple(g)
        };
        line.push_str(&part);
    }
    if g.chance(1, 10) {
        line.push_str(" &");
    }
    line
}

/// The lines of one console input (several lines: a here-document or an unfinished loop
/// continues on the next ones).
pub fn console_lines(g: &mut Gen, manifests: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    let n = 1 + g.len(5);
    for _ in 0..n {
        match g.below(12) {
            0 => {
                // A here-document: a manifest (maybe cut short), then its delimiter (maybe not).
                lines.push(
                    g.pick(&[
                        "cat <<EOF | kubectl apply -f -",
                        "cat <<EOF > h.yaml",
                        "kubectl apply -f - <<EOF",
                        "cat <<'EOF'",
                        "cat <<-EOF",
                    ])
                    .to_string(),
                );
                let text = manifests
                    .get(g.below(manifests.len()))
                    .cloned()
                    .unwrap_or_default();
                let keep = g.below(text.lines().count() + 1) + usize::from(g.chance(2, 3)) * 1000;
                lines.extend(text.lines().take(keep).map(str::to_string));
                if g.chance(3, 4) {
                    lines.push("EOF".to_string());
                }
            }
            1 => {
                // A loop over several lines.
                lines.push(
                    g.pick(&[
                        "for i in 1 2 3",
                        "while true",
                        "for p in $(kubectl get pods -o name)",
                    ])
                    .to_string(),
                );
                lines.push("do".to_string());
                lines.push(compound(g, 1));
                if g.chance(4, 5) {
                    lines.push("done".to_string());
                }
            }
            _ => lines.push(compound(g, 2)),
        }
    }
    lines
}

// ----- container shell -------------------------------------------------------------------------

const SHELL_SCRIPTS: &[&str] = &[
    "hostname",
    "while true; do sleep 1; done",
    "echo hi > /tmp/x; cat /tmp/x",
    "sleep 3600",
    "exit 1",
];

const BUSYBOX: &[&str] = &[
    "hostname",
    "hostname -f",
    "hostname -i",
    "cat /etc/hosts",
    "cat /etc/resolv.conf",
    "cat /usr/share/nginx/html/index.html",
    "cat /proc/self/environ",
    "cat /dev/zero",
    "cat /dev/urandom",
    "cat /nope",
    "cat",
    "ls",
    "ls -la /",
    "ls /usr/share/nginx/html",
    "ls /proc",
    "echo hi",
    "echo $HOSTNAME",
    "echo \"$(hostname)\"",
    "echo -n x",
    "pwd",
    "env",
    "printenv HOSTNAME",
    "sleep 1",
    "sleep 100000000",
    "sleep -5",
    "sleep x",
    "date",
    "whoami",
    "uname -a",
    "clear",
    "true",
    "false",
    "mkdir /tmp/d",
    "rm /usr/share/nginx/html/index.html",
    "rm -rf /",
    "chmod 777 /tmp/x",
    "touch /tmp/x",
    "grep nginx /etc/hosts",
    "head -n 1 /etc/hosts",
    "tail -n 99999999999 /etc/hosts",
    "wc -l /etc/hosts",
    "ps",
    "ps aux",
    "pkill nginx",
    "pkill -9 sleep",
    "nslookup web-0.nginx",
    "nslookup nginx",
    "nslookup kubernetes.default",
    "nslookup 10.96.0.1",
    "nslookup",
    "wget -qO- http://web-0.nginx",
    "wget -qO- nginx:80",
    "wget -T 1 -qO- 10.0.0.1",
    "wget",
    "curl -s nginx",
    "curl -m 1 http://nope",
    "curl localhost:99999",
    "exit",
    "exit 3",
    "cd /tmp",
    "cd /nope",
    "test -f /etc/hosts",
    "[ -d /tmp ]",
    "[",
    "export A=1",
    "unset A",
    "kill 1",
    "kill -9 1",
    "read x",
    "frob",
];

const TARGETS: &[&str] = &[
    "web-0",
    "web-1",
    "web-0 -c nginx",
    "web-9",
    "sts/web",
    "pod/web-1",
    "nope",
];

/// A container shell script (`;`, `&&`, `|`, loops, redirections over busybox's commands).
fn shell_script(g: &mut Gen, depth: usize) -> String {
    let n = 1 + g.len(4);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push_str(g.pick(&["; ", " && ", " || ", " | ", " & ", ";\n"]));
        }
        if depth > 0 && g.chance(1, 6) {
            let inner = shell_script(g, depth - 1);
            s.push_str(&match g.below(4) {
                0 => format!("for i in 1 2 3; do {inner}; done"),
                1 => format!("while true; do {inner}; done"),
                2 => format!("if {inner}; then echo y; fi"),
                _ => format!("( {inner} )"),
            });
        } else {
            s.push_str(g.pick(BUSYBOX));
            if g.chance(1, 6) {
                s.push(' ');
                s.push_str(&shell_word(g));
            }
            if g.chance(1, 8) {
                s.push_str(g.pick(&[
                    " > /tmp/o",
                    " >> /tmp/o",
                    " 2>&1",
                    " < /etc/hosts",
                    " > /dev/null",
                ]));
            }
        }
    }
    s
}

/// The lines of one container-shell input: `kubectl exec … -- sh -c '…'`, or an interactive
/// shell (`exec -it`, `run -it --rm`) and lines typed into it.
pub fn shell_lines(g: &mut Gen) -> Vec<String> {
    let target = g.pick(TARGETS);
    match g.below(3) {
        0 => {
            let script = shell_script(g, 2).replace('\'', "'\\''");
            let sh = g.pick(&["sh", "/bin/sh", "bash", "ash"]);
            vec![format!("kubectl exec {target} -- {sh} -c '{script}'")]
        }
        1 => {
            let mut lines = vec![g
                .pick(&[
                    "kubectl exec -it web-0 -- sh",
                    "kubectl exec -it web-1 -- /bin/bash",
                    "kubectl exec -ti web-0 -c nginx -- sh",
                    "kubectl run t -it --rm --restart=Never --image=busybox:1.28 -- sh",
                    "kubectl run dns -it --rm --image=busybox:1.28 -- /bin/sh",
                ])
                .to_string()];
            for _ in 0..1 + g.len(5) {
                lines.push(shell_script(g, 1));
            }
            if g.chance(1, 2) {
                lines.push("exit".to_string());
            }
            lines
        }
        _ => {
            let cmd = g.pick(BUSYBOX);
            vec![format!("kubectl exec {target} -- {cmd}")]
        }
    }
}

// ----- share links ----------------------------------------------------------------------------

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A random text where a share link goes: `1.` and base64, another format, or anything.
pub fn random_code(g: &mut Gen) -> String {
    let prefix = g.pick(&[
        "1.",
        "1.",
        "1.",
        "2.",
        "0.",
        "x.",
        "",
        "1..",
        "99999999999999999999.",
        " 1.",
    ]);
    let n = g.len(400);
    let body: String = if g.chance(4, 5) {
        (0..n)
            .map(|_| char::from(BASE64.get(g.below(64)).copied().unwrap_or(b'A')))
            .collect()
    } else {
        (0..n).map(|_| word(g)).collect::<Vec<_>>().concat()
    };
    format!("{prefix}{body}")
}

/// `code` with characters changed, removed or added, or cut short.
pub fn mutate_code(g: &mut Gen, code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    for _ in 0..1 + g.len(4) {
        if chars.is_empty() {
            break;
        }
        let i = g.below(chars.len());
        match g.below(4) {
            0 => {
                if let Some(c) = chars.get_mut(i) {
                    *c = char::from(BASE64.get(g.below(64)).copied().unwrap_or(b'A'));
                }
            }
            1 => {
                chars.remove(i);
            }
            2 => chars.insert(
                i,
                char::from(BASE64.get(g.below(64)).copied().unwrap_or(b'A')),
            ),
            _ => chars.truncate(i),
        }
    }
    chars.into_iter().collect()
}

/// A JSON value of any type, numbers at their edges.
pub fn json_value(g: &mut Gen, depth: usize) -> serde_json::Value {
    use serde_json::Value;
    match g.below(if depth == 0 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(g.chance(1, 2)),
        2 => serde_json::json!(g
            .pick(&["0", "1", "18446744073709551615", "4294967295"])
            .parse::<u64>()
            .unwrap_or(0)),
        3 => serde_json::json!(-1),
        4 => serde_json::json!(1e300),
        5 => Value::String(word(g)),
        6 => Value::Array((0..g.len(4)).map(|_| json_value(g, depth - 1)).collect()),
        _ => Value::Object(
            (0..g.len(4))
                .map(|_| (g.pick(KEYS).to_string(), json_value(g, depth - 1)))
                .collect(),
        ),
    }
}

/// A number for a time, count or index field: small, at the edges, or anything.
pub fn edge_number(g: &mut Gen) -> u64 {
    match g.below(6) {
        0 => 0,
        1 => u64::MAX,
        2 => u64::from(u32::MAX),
        3 => g.below(100_000) as u64,
        4 => 1 << g.below(64),
        _ => g.u64(),
    }
}
