//! `kubectl describe`: the describers of `kubectl@1.34:pkg/describe/describe.go` over the
//! simulated cluster, aligned by the same tabwriter (see [`tabwriter`]), and the command's own
//! rules from `kubectl@1.34:pkg/cmd/describe/describe.go` (objects separated by two blank
//! lines, a single unknown name describing every object whose name starts with it).

pub mod network;
pub mod node;
pub mod pod;
pub mod storage;
pub mod stored;
pub mod tabwriter;
pub mod util;
pub mod workloads;

use crate::engine::cluster::Key;
use crate::engine::command::ApiError;
use crate::engine::Simulation;
use crate::i18n::Lang;

use super::kubectl::{api_error, flags, namespace, unknown_type};
use super::parse::{flag, FlagSpec};
use super::resources::Res;
use super::{Ctx, Output};

const FLAGS: &[FlagSpec] = &[
    flag("selector", Some('l'), true),
    flag("all-namespaces", Some('A'), false),
    flag("show-events", None, true),
    flag("chunk-size", None, true),
];

/// The types podplay can describe.
fn supported(r: Res) -> bool {
    matches!(
        r,
        Res::Pods
            | Res::Services
            | Res::StatefulSets
            | Res::Deployments
            | Res::ReplicaSets
            | Res::PersistentVolumeClaims
            | Res::PersistentVolumes
            | Res::StorageClasses
            | Res::Endpoints
            | Res::Stored(_)
            | Res::Nodes
            | Res::ConfigMaps
    )
}

/// Names of the objects of type `r` in `ns` (all namespaces when `None`), sorted by namespace
/// and name, with their labels.
fn list(
    sim: &Simulation,
    r: Res,
    ns: Option<&str>,
) -> Vec<(Key, std::collections::BTreeMap<String, String>)> {
    let c = sim.cluster();
    let keep = |k: &Key| ns.is_none_or(|n| k.namespace == n);
    let mut v: Vec<(Key, std::collections::BTreeMap<String, String>)> = match r {
        Res::Pods => c
            .pods
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, o)| (k.clone(), o.meta.labels.clone()))
            .collect(),
        Res::Services => c
            .services
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, o)| (k.clone(), o.meta.labels.clone()))
            .collect(),
        Res::Endpoints => c
            .endpoints
            .keys()
            .filter(|k| keep(k))
            .filter_map(|k| {
                c.services
                    .get(k)
                    .map(|s| (k.clone(), s.meta.labels.clone()))
            })
            .collect(),
        Res::StatefulSets => c
            .stateful_sets
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, o)| (k.clone(), o.meta.labels.clone()))
            .collect(),
        Res::Deployments => c
            .deployments
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, o)| (k.clone(), o.meta.labels.clone()))
            .collect(),
        Res::ReplicaSets => c
            .replica_sets
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, o)| (k.clone(), o.meta.labels.clone()))
            .collect(),
        Res::PersistentVolumeClaims => c
            .pvcs
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, o)| (k.clone(), o.meta.labels.clone()))
            .collect(),
        Res::PersistentVolumes => c
            .pvs
            .iter()
            .map(|(n, o)| (Key::cluster(n), o.meta.labels.clone()))
            .collect(),
        Res::StorageClasses => c
            .storage_classes
            .iter()
            .map(|(n, o)| (Key::cluster(n), o.meta.labels.clone()))
            .collect(),
        Res::Stored(k) => c
            .stored_of(k, ns)
            .map(|o| (o.meta.key(), o.meta.labels.clone()))
            .collect(),
        Res::Nodes => c
            .nodes
            .iter()
            .map(|(n, o)| (Key::cluster(n), o.meta.labels.clone()))
            .collect(),
        Res::ConfigMaps => c
            .config_maps
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, o)| (k.clone(), o.meta.labels.clone()))
            .collect(),
        _ => Vec::new(),
    };
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The description of one object, or `None` if it does not exist.
fn describe_one(sim: &Simulation, r: Res, key: &Key, lang: Lang) -> Option<String> {
    let c = sim.cluster();
    Some(match r {
        Res::Stored(k) => stored::describe(sim, k, c.stored.get(&(k, key.clone()))?, lang),
        Res::Pods => pod::describe(sim, c.pods.get(key)?),
        Res::Services => network::service(sim, c.services.get(key)?),
        Res::Endpoints => network::endpoints(sim, c.services.get(key)?, c.endpoints.get(key)?),
        Res::StatefulSets => workloads::stateful_set(sim, c.stateful_sets.get(key)?),
        Res::Deployments => workloads::deployment(sim, c.deployments.get(key)?),
        Res::ReplicaSets => workloads::replica_set(sim, c.replica_sets.get(key)?),
        Res::PersistentVolumeClaims => storage::claim(sim, c.pvcs.get(key)?),
        Res::PersistentVolumes => storage::volume(sim, c.pvs.get(&key.name)?),
        Res::StorageClasses => storage::class(sim, c.storage_classes.get(&key.name)?),
        Res::Nodes => node::describe(sim, c.nodes.get(&key.name)?),
        Res::ConfigMaps => stored::config_map(sim, c.config_maps.get(key)?),
        _ => return None,
    })
}

fn not_found(r: Res, name: &str) -> ApiError {
    ApiError::NotFound {
        resource: r.qualified(),
        name: name.to_string(),
    }
}

/// Resolves a type word, printing kubectl's error for an unknown one.
fn resolve(word: &str, out: &mut Output) -> Option<Res> {
    match Res::resolve(word) {
        Some(r) => Some(r),
        None => {
            unknown_type(out, word);
            None
        }
    }
}

pub fn run(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) {
    let Some(args) = flags(words, "describe", FLAGS, out) else {
        return;
    };
    let sim: &Simulation = ctx.sim;
    let lang = ctx.lang;
    let all_ns = args.bool("all-namespaces");
    let ns = namespace(&args);
    let show_events = args.value("show-events").is_none_or(|v| v != "false");
    let Some(selector) = super::selector::Selector::from_flag(&args, out) else {
        return;
    };
    let pos = &args.positional;
    let Some(wanted) = wanted_targets(pos, out) else {
        return;
    };
    if selector.is_some() && wanted.iter().any(|(_, n)| n.is_some()) {
        out.err("error: name cannot be provided when a selector is specified");
        return;
    }
    let scope = |r: Res| -> Option<&str> {
        if all_ns || !r.namespaced() {
            None
        } else {
            Some(ns.as_str())
        }
    };
    let mut texts: Vec<String> = Vec::new();
    let mut errors: Vec<ApiError> = Vec::new();
    let mut first_missing: Option<(Res, String)> = None;
    for (r, name) in &wanted {
        match name {
            None => {
                for (k, labels) in list(sim, *r, scope(*r)) {
                    if selector.as_ref().is_some_and(|s| !s.matches(&labels)) {
                        continue;
                    }
                    if let Some(t) = describe_one(sim, *r, &k, lang) {
                        texts.push(t);
                    }
                }
            }
            Some(n) => {
                let key = if r.namespaced() {
                    Key::new(&ns, n)
                } else {
                    Key::cluster(n)
                };
                match describe_one(sim, *r, &key, lang).filter(|_| supported(*r)) {
                    Some(t) => texts.push(t),
                    None => {
                        first_missing.get_or_insert((*r, n.clone()));
                        let e = not_found(*r, n);
                        if !errors.contains(&e) {
                            errors.push(e);
                        }
                    }
                }
            }
        }
    }
    let texts: Vec<String> = if show_events {
        texts
    } else {
        texts.into_iter().map(|t| strip_events(&t)).collect()
    };
    // `kubectl describe TYPE PREFIX`: an unknown single name describes every object whose
    // name starts with it (`DescribeMatchingResources`), each followed by a blank line.
    if pos.len() == 2 && !pos[0].contains('/') && texts.is_empty() && wanted.len() == 1 {
        if let Some((r, prefix)) = first_missing {
            if describe_prefix(sim, r, &ns, &prefix, lang, out) {
                return;
            }
        }
    }
    let joined = texts.join("\n\n");
    if !joined.is_empty() {
        print(out, &joined);
    }
    for e in &errors {
        api_error(out, e);
    }
    if texts.is_empty() && errors.is_empty() {
        if all_ns {
            out.err("No resources found");
        } else {
            out.err(&format!("No resources found in {ns} namespace."));
        }
    }
}

/// The (type, name) pairs to describe, in the order given (`TYPE[,TYPE…] [NAME…]` or
/// `TYPE/NAME…`); a `None` name means every object of the type. `None` after an error.
fn wanted_targets(pos: &[String], out: &mut Output) -> Option<Vec<(Res, Option<String>)>> {
    let Some(first) = pos.first() else {
        out.err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
        return None;
    };
    let mut wanted: Vec<(Res, Option<String>)> = Vec::new();
    if pos.iter().any(|p| p.contains('/')) {
        for p in pos {
            let Some((t, n)) = p.split_once('/') else {
                out.err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
                return None;
            };
            wanted.push((resolve(t, out)?, Some(n.to_string())));
        }
    } else {
        let mut types = Vec::new();
        for t in first.split(',') {
            types.push(resolve(t, out)?);
        }
        if pos.len() == 1 {
            wanted.extend(types.into_iter().map(|r| (r, None)));
        } else {
            for r in types {
                wanted.extend(pos[1..].iter().map(|n| (r, Some(n.clone()))));
            }
        }
    }
    Some(wanted)
}

/// `kubectl describe TYPE PREFIX` for a name not found: every object of `r` in `ns` whose name
/// starts with `prefix`, each followed by a blank line; `false` (nothing printed) when none does.
fn describe_prefix(
    sim: &Simulation,
    r: Res,
    ns: &str,
    prefix: &str,
    lang: Lang,
    out: &mut Output,
) -> bool {
    let matches: Vec<String> = list(sim, r, Some(ns).filter(|_| r.namespaced()))
        .into_iter()
        .filter(|(k, _)| k.name.starts_with(prefix))
        .filter_map(|(k, _)| describe_one(sim, r, &k, lang))
        .collect();
    if matches.is_empty() {
        return false;
    }
    let mut s = String::new();
    for m in matches {
        s.push_str(&m);
        s.push('\n');
    }
    print(out, &s);
    true
}

/// Writes text that ends in a newline as output lines.
fn print(out: &mut Output, text: &str) {
    out.out(text.strip_suffix('\n').unwrap_or(text));
}

/// `--show-events=false`: the description without its events section.
fn strip_events(text: &str) -> String {
    match text.rfind("\nEvents:") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}
