//! What real kubectl 1.34 and minikube have, so that podplay never denies a real command or flag:
//! one table of (command, its real flags, whether podplay simulates the command). A real command
//! podplay does not simulate, or a real flag of a simulated command that podplay's parser does
//! not take, prints one line saying podplay does not simulate it; `unknown flag` is left for
//! flags real kubectl lacks.
//!
//! The flags are those `kubectl <cmd> --help` lists in 1.34 (kubernetes/kubernetes
//! `staging/src/k8s.io/kubectl/pkg/cmd/<cmd>/<cmd>.go`, each command's `AddFlags`/`NewCmd…`),
//! written `long` or `long/s` with the shorthand letter.

use crate::i18n::{Lang, Msg};

use super::Output;

/// One real command: its words (`set image`), its real flags, and whether podplay answers it.
pub struct Row {
    pub command: &'static str,
    pub flags: &'static [&'static str],
    pub simulated: bool,
}

const fn row(command: &'static str, flags: &'static [&'static str], simulated: bool) -> Row {
    Row {
        command,
        flags,
        simulated,
    }
}

/// kubectl's global options (`kubectl options`), real for every command.
const GLOBAL: &[&str] = &[
    "add-dir-header",
    "alsologtostderr",
    "as",
    "as-group",
    "as-uid",
    "cache-dir",
    "certificate-authority",
    "client-certificate",
    "client-key",
    "cluster",
    "context",
    "disable-compression",
    "help/h",
    "insecure-skip-tls-verify",
    "kubeconfig",
    "log-backtrace-at",
    "log-dir",
    "log-file",
    "log-file-max-size",
    "log-flush-frequency",
    "logtostderr",
    "match-server-version",
    "namespace/n",
    "one-output",
    "password",
    "profile",
    "profile-output",
    "request-timeout",
    "server/s",
    "skip-headers",
    "skip-log-headers",
    "stderrthreshold",
    "tls-server-name",
    "token",
    "user",
    "username",
    "v/v",
    "vmodule",
    "warnings-as-errors",
];

/// The printer flags many commands share (`genericclioptions.PrintFlags`).
const PRINT: &[&str] = &[
    "allow-missing-template-keys",
    "output/o",
    "show-managed-fields",
    "template",
];

/// The flags of the commands that read objects from files (`-f`, `-k`, `-R`).
const FILES: &[&str] = &["filename/f", "kustomize/k", "recursive/R"];

/// Every kubectl 1.34 command and subcommand a learner may type, with its own flags (the
/// printer, file and global flags above come on top where the command has them).
pub const KUBECTL: &[Row] = &[
    row("alpha", &[], false),
    row(
        "annotate",
        &[
            "all",
            "all-namespaces/A",
            "dry-run",
            "field-manager",
            "field-selector",
            "list",
            "local",
            "overwrite",
            "resource-version",
            "selector/l",
        ],
        true,
    ),
    row(
        "api-resources",
        &[
            "api-group",
            "cached",
            "categories",
            "namespaced",
            "no-headers",
            "sort-by",
            "verbs",
        ],
        false,
    ),
    row("api-versions", &[], false),
    row(
        "apply",
        &[
            "all",
            "applyset",
            "cascade",
            "dry-run",
            "field-manager",
            "force",
            "force-conflicts",
            "grace-period",
            "openapi-patch",
            "overwrite",
            "prune",
            "prune-allowlist",
            "selector/l",
            "server-side",
            "subresource",
            "timeout",
            "validate",
            "wait",
        ],
        true,
    ),
    row("apply edit-last-applied", &[], false),
    row("apply set-last-applied", &[], false),
    row("apply view-last-applied", &[], false),
    row(
        "attach",
        &[
            "container/c",
            "pod-running-timeout",
            "quiet/q",
            "stdin/i",
            "tty/t",
        ],
        false,
    ),
    row("auth", &[], false),
    row("autoscale", &["cpu-percent", "max", "min", "name"], false),
    row("certificate", &[], false),
    row("cluster-info", &[], true),
    row("cluster-info dump", &[], false),
    row("completion", &[], false),
    row("config", &[], false),
    row("cordon", &["dry-run", "selector/l"], true),
    row("cp", &["container/c", "no-preserve", "retries"], false),
    row(
        "create",
        &[
            "dry-run",
            "edit",
            "field-manager",
            "raw",
            "save-config",
            "selector/l",
            "validate",
            "windows-line-ending",
        ],
        true,
    ),
    row("create clusterrole", &[], false),
    row("create clusterrolebinding", &[], false),
    row(
        "create configmap",
        &[
            "append-hash",
            "dry-run",
            "field-manager",
            "from-env-file",
            "from-file",
            "from-literal",
            "save-config",
            "validate",
        ],
        true,
    ),
    row("create cronjob", &[], false),
    row(
        "create deployment",
        &[
            "dry-run",
            "field-manager",
            "image",
            "port",
            "replicas/r",
            "save-config",
            "validate",
        ],
        true,
    ),
    row("create ingress", &[], false),
    row("create job", &[], false),
    row(
        "create namespace",
        &["dry-run", "field-manager", "save-config", "validate"],
        true,
    ),
    row("create poddisruptionbudget", &[], false),
    row("create priorityclass", &[], false),
    row("create quota", &[], false),
    row("create role", &[], false),
    row("create rolebinding", &[], false),
    row("create secret docker-registry", &[], false),
    row(
        "create secret generic",
        &[
            "append-hash",
            "dry-run",
            "field-manager",
            "from-env-file",
            "from-file",
            "from-literal",
            "save-config",
            "type",
            "validate",
        ],
        true,
    ),
    row(
        "create secret tls",
        &[
            "append-hash",
            "cert",
            "dry-run",
            "field-manager",
            "key",
            "save-config",
            "validate",
        ],
        true,
    ),
    row("create service", &[], false),
    row(
        "create serviceaccount",
        &["dry-run", "field-manager", "save-config", "validate"],
        true,
    ),
    row("create token", &[], false),
    row("debug", &[], false),
    row(
        "delete",
        &[
            "all",
            "all-namespaces/A",
            "cascade",
            "dry-run",
            "field-selector",
            "force",
            "grace-period",
            "ignore-not-found",
            "interactive/i",
            "now",
            "raw",
            "selector/l",
            "timeout",
            "wait",
        ],
        true,
    ),
    row(
        "describe",
        &[
            "all-namespaces/A",
            "chunk-size",
            "selector/l",
            "show-events",
        ],
        true,
    ),
    row("diff", &[], false),
    row(
        "drain",
        &[
            "chunk-size",
            "delete-emptydir-data",
            "disable-eviction",
            "dry-run",
            "force",
            "grace-period",
            "ignore-daemonsets",
            "pod-selector",
            "selector/l",
            "skip-wait-for-delete-timeout",
            "timeout",
        ],
        true,
    ),
    row("edit", &[], false),
    row("events", &[], false),
    row(
        "exec",
        &[
            "container/c",
            "pod-running-timeout",
            "quiet/q",
            "stdin/i",
            "tty/t",
        ],
        true,
    ),
    row("explain", &[], false),
    row(
        "expose",
        &[
            "cluster-ip",
            "dry-run",
            "external-ip",
            "field-manager",
            "labels/l",
            "load-balancer-ip",
            "name",
            "override-type",
            "overrides",
            "port",
            "protocol",
            "save-config",
            "selector",
            "session-affinity",
            "target-port",
            "type",
        ],
        true,
    ),
    row(
        "get",
        &[
            "all-namespaces/A",
            "chunk-size",
            "field-selector",
            "ignore-not-found",
            "label-columns/L",
            "no-headers",
            "output-watch-events",
            "raw",
            "selector/l",
            "server-print",
            "show-kind",
            "show-labels",
            "sort-by",
            "subresource",
            "watch/w",
            "watch-only",
        ],
        true,
    ),
    row("help", &[], true),
    row("kustomize", &[], true),
    row(
        "label",
        &[
            "all",
            "all-namespaces/A",
            "dry-run",
            "field-manager",
            "field-selector",
            "list",
            "local",
            "overwrite",
            "resource-version",
            "selector/l",
        ],
        true,
    ),
    row(
        "logs",
        &[
            "all-containers",
            "all-pods",
            "container/c",
            "follow/f",
            "ignore-errors",
            "insecure-skip-tls-verify-backend",
            "limit-bytes",
            "max-log-requests",
            "pod-running-timeout",
            "prefix",
            "previous/p",
            "selector/l",
            "since",
            "since-time",
            "tail",
            "timestamps",
        ],
        true,
    ),
    row("options", &[], false),
    row(
        "patch",
        &[
            "dry-run",
            "field-manager",
            "local",
            "patch/p",
            "patch-file",
            "record",
            "subresource",
            "type",
        ],
        true,
    ),
    row("plugin", &[], false),
    row("port-forward", &[], false),
    row("proxy", &[], false),
    row("replace", &[], false),
    row("rollout", &[], true),
    row("rollout history", &["revision", "selector/l"], true),
    row("rollout pause", &["field-manager", "selector/l"], true),
    row("rollout restart", &["field-manager", "selector/l"], true),
    row("rollout resume", &["field-manager", "selector/l"], true),
    row(
        "rollout status",
        &["revision", "selector/l", "timeout", "watch/w"],
        true,
    ),
    row(
        "rollout undo",
        &["dry-run", "selector/l", "to-revision"],
        true,
    ),
    row(
        "run",
        &[
            "annotations",
            "attach",
            "cascade",
            "command",
            "dry-run",
            "env",
            "expose",
            "field-manager",
            "force",
            "grace-period",
            "image",
            "image-pull-policy",
            "labels/l",
            "leave-stdin-open",
            "override-type",
            "overrides",
            "pod-running-timeout",
            "port",
            "privileged",
            "quiet/q",
            "restart",
            "rm",
            "save-config",
            "stdin/i",
            "timeout",
            "tty/t",
            "wait",
        ],
        true,
    ),
    row(
        "scale",
        &[
            "all",
            "current-replicas",
            "dry-run",
            "record",
            "replicas",
            "resource-version",
            "selector/l",
            "timeout",
        ],
        true,
    ),
    row("set", &[], true),
    row(
        "set env",
        &[
            "all",
            "containers/c",
            "dry-run",
            "env/e",
            "field-manager",
            "from",
            "keys",
            "list",
            "local",
            "overwrite",
            "prefix",
            "resolve",
            "selector/l",
        ],
        true,
    ),
    row(
        "set image",
        &[
            "all",
            "dry-run",
            "field-manager",
            "local",
            "record",
            "selector/l",
        ],
        true,
    ),
    row("set resources", &[], false),
    row("set selector", &[], false),
    row("set serviceaccount", &[], false),
    row("set subject", &[], false),
    row("taint", &[], false),
    row("top", &[], false),
    row("uncordon", &["dry-run", "selector/l"], true),
    row("version", &["client", "output/o"], true),
    row(
        "wait",
        &[
            "all",
            "all-namespaces/A",
            "field-selector",
            "for",
            "local",
            "selector/l",
            "timeout",
        ],
        true,
    ),
];

/// minikube's commands (`minikube --help`, minikube v1.37); podplay answers a few.
pub const MINIKUBE: &[Row] = &[
    row("addons", &[], false),
    row("cache", &[], false),
    row("completion", &[], false),
    row("config", &[], false),
    row("cp", &[], false),
    row("dashboard", &[], false),
    row("delete", &[], false),
    row("docker-env", &[], false),
    row("image", &[], false),
    row("ip", &[], true),
    row("kubectl", &[], false),
    row("license", &[], false),
    row("logs", &[], false),
    row("mount", &[], false),
    row("node", &[], false),
    row("options", &[], false),
    row("pause", &[], false),
    row("podman-env", &[], false),
    row("profile", &[], false),
    row("service", &[], true),
    row("ssh", &[], false),
    row("ssh-host", &[], false),
    row("ssh-key", &[], false),
    row("start", &[], true),
    row("status", &[], true),
    row("stop", &[], false),
    row("tunnel", &[], false),
    row("unpause", &[], false),
    row("update-check", &[], false),
    row("update-context", &[], false),
    row("version", &[], false),
];

/// The row of a kubectl command (`"set image"`), if kubectl has it.
#[must_use]
pub fn kubectl_row(command: &str) -> Option<&'static Row> {
    KUBECTL.iter().find(|r| r.command == command)
}

/// The longest command of `table` that the leading non-flag words of `words` spell
/// (`create secret generic x` → `create secret generic`).
#[must_use]
pub fn longest<'a>(table: &'a [Row], words: &[String]) -> Option<&'a Row> {
    let plain: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .take_while(|w| !w.starts_with('-'))
        .take(3)
        .collect();
    (1..=plain.len()).rev().find_map(|n| {
        let key = plain[..n].join(" ");
        table.iter().find(|r| r.command == key)
    })
}

/// The commands with the printer flags (`-o`, `--template`, …).
const WITH_PRINT: &[&str] = &[
    "annotate",
    "apply",
    "create",
    "create configmap",
    "create deployment",
    "create namespace",
    "create secret generic",
    "create serviceaccount",
    "create secret tls",
    "drain",
    "expose",
    "get",
    "label",
    "patch",
    "rollout history",
    "rollout pause",
    "rollout restart",
    "rollout resume",
    "rollout undo",
    "run",
    "scale",
    "set env",
    "set image",
    "wait",
];

/// The commands that read objects from files (`-f`, `-k`, `-R`).
const WITH_FILES: &[&str] = &[
    "annotate",
    "apply",
    "create",
    "delete",
    "describe",
    "expose",
    "get",
    "label",
    "patch",
    "rollout history",
    "rollout pause",
    "rollout restart",
    "rollout resume",
    "rollout status",
    "rollout undo",
    "scale",
    "set env",
    "set image",
    "wait",
];

/// Whether real kubectl has `flag` (without dashes: `port`, or a shorthand letter) on
/// `command`.
#[must_use]
pub fn real_flag(command: &str, flag: &str) -> bool {
    let row_flags = kubectl_row(command).map_or(&[][..], |r| r.flags);
    let print = if WITH_PRINT.contains(&command) {
        PRINT
    } else {
        &[]
    };
    let files = if WITH_FILES.contains(&command) {
        FILES
    } else {
        &[]
    };
    let shared = [print, files, GLOBAL];
    row_flags
        .iter()
        .chain(shared.iter().flat_map(|s| s.iter()))
        .any(|f| {
            let (long, short) = f.split_once('/').unwrap_or((f, ""));
            long == flag || (!short.is_empty() && short == flag)
        })
}

/// The flag a parse error names (`unknown flag: --foo` → `foo`; `unknown shorthand flag: 'x' in
/// -x` → `x`), with how it was written.
fn flag_of_error(e: &str) -> Option<(String, String)> {
    if let Some(name) = e.strip_prefix("unknown flag: --") {
        return Some((name.to_string(), format!("--{name}")));
    }
    let rest = e.strip_prefix("unknown shorthand flag: '")?;
    let (c, _) = rest.split_once('\'')?;
    Some((c.to_string(), format!("-{c}")))
}

/// For a flag parse error on `command`: prints that podplay does not simulate the flag and
/// returns true when real kubectl has it; false (nothing printed) otherwise.
pub fn unsimulated_flag(command: &str, error: &str, lang: Lang, out: &mut Output) -> bool {
    let Some((name, written)) = flag_of_error(error) else {
        return false;
    };
    if !real_flag(command, &name) {
        return false;
    }
    out.err(
        &Msg::new("console.kubectl.flag")
            .text(&written)
            .text(command)
            .render(lang),
    );
    true
}

/// Prints that podplay does not simulate `kubectl <command>`.
pub fn unsimulated(command: &str, lang: Lang, out: &mut Output) {
    out.err(
        &Msg::new("console.kubectl.unsupported")
            .text(command)
            .render(lang),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_sorted_and_flags_resolve() {
        for t in [KUBECTL, MINIKUBE] {
            let names: Vec<&str> = t.iter().map(|r| r.command).collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            assert_eq!(names, sorted);
        }
        assert!(real_flag("get", "sort-by"));
        assert!(real_flag("get", "kubeconfig"));
        assert!(real_flag("patch", "o"));
        assert!(!real_flag("get", "foo"));
        assert!(!real_flag("drain", "f"));
        assert!(real_flag("drain", "o"));
        let w: Vec<String> = ["create", "secret", "generic", "x", "--from-literal=a=b"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        assert_eq!(
            longest(KUBECTL, &w).map(|r| r.command),
            Some("create secret generic")
        );
    }
}
