//! `describeStatefulSet`, `describeDeployment`, `describeReplicaSet`
//! (`kubectl@1.34:pkg/describe/describe.go`).

use crate::engine::cluster::{Cluster, Deployment, Phase, ReplicaSet, StatefulSet};
use crate::engine::controllers::deployment::{available, fenceposts, template_hash};
use crate::engine::Simulation;
use crate::manifest::objects::LabelSelector;

use super::pod::template;
use super::tabwriter::Writer;
use super::util::{annotations_multiline, events, labels_multiline, rfc1123z};
use crate::console::selector::format_selector;

/// `getPodStatusForController`: pods matching the selector and controlled by `uid`, by phase.
fn pod_counts(cluster: &Cluster, sel: Option<&LabelSelector>, uid: &str) -> [usize; 4] {
    let mut n = [0; 4];
    for p in cluster.pods_of(uid) {
        if sel.is_some_and(|s| !s.matches(&p.meta.labels)) {
            continue;
        }
        let i = match p.phase() {
            Phase::Running => 0,
            Phase::Pending => 1,
            Phase::Succeeded => 2,
            Phase::Failed => 3,
        };
        n[i] += 1;
    }
    n
}

fn pods_status(w: &mut Writer, n: [usize; 4]) {
    w.write(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
            n[0], n[1], n[2], n[3]
        ),
    );
}

pub fn stateful_set(sim: &Simulation, s: &StatefulSet) -> String {
    let cluster = sim.cluster();
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", s.meta.name));
    w.write(0, &format!("Namespace:\t{}\n", s.meta.namespace));
    w.write(
        0,
        &format!("CreationTimestamp:\t{}\n", rfc1123z(sim, s.meta.created)),
    );
    w.write(
        0,
        &format!("Selector:\t{}\n", format_selector(s.spec.selector.as_ref())),
    );
    labels_multiline(&mut w, "", "Labels", &s.meta.labels);
    annotations_multiline(&mut w, "Annotations", &s.meta.annotations);
    let total = cluster.pods_of(&s.meta.uid).count();
    w.write(
        0,
        &format!("Replicas:\t{} desired | {total} total\n", s.replicas()),
    );
    let strategy = s.spec.update_strategy.as_ref();
    let kind = strategy
        .and_then(|u| u.type_.as_deref())
        .unwrap_or("RollingUpdate");
    w.write(0, &format!("Update Strategy:\t{kind}\n"));
    if let Some(ru) = strategy.and_then(|u| u.rolling_update.as_ref()) {
        if let Some(p) = ru.partition {
            w.write(1, &format!("Partition:\t{p}\n"));
            if let Some(m) = &ru.max_unavailable {
                w.write(1, &format!("MaxUnavailable:\t{m}\n"));
            }
        }
    }
    pods_status(
        &mut w,
        pod_counts(cluster, s.spec.selector.as_ref(), &s.meta.uid),
    );
    template(&mut w, &s.spec.template);
    if s.spec.volume_claim_templates.is_empty() {
        w.write(0, "Volume Claims:\t<none>\n");
    } else {
        w.write(0, "Volume Claims:\n");
        for c in &s.spec.volume_claim_templates {
            w.write(
                1,
                &format!("Name:\t{}\n", c.metadata.name.as_deref().unwrap_or("")),
            );
            let class = c
                .metadata
                .annotations
                .get("volume.beta.kubernetes.io/storage-class")
                .cloned()
                .or_else(|| c.spec.storage_class_name.clone())
                .unwrap_or_default();
            w.write(1, &format!("StorageClass:\t{class}\n"));
            labels_multiline(&mut w, "  ", "Labels", &c.metadata.labels);
            labels_multiline(&mut w, "  ", "Annotations", &c.metadata.annotations);
            let cap = c
                .spec
                .resources
                .as_ref()
                .and_then(|r| r.requests.get("storage"))
                .map_or_else(|| "<default>".to_string(), |q| q.0.clone());
            w.write(1, &format!("Capacity:\t{cap}\n"));
            w.write(
                1,
                &format!("Access Modes:\t[{}]\n", c.spec.access_modes.join(" ")),
            );
        }
    }
    events(&mut w, sim, &s.meta.uid);
    w.finish()
}

/// The Available and Progressing conditions the Deployment controller would have set.
fn deployment_conditions(
    d: &Deployment,
    new: Option<&ReplicaSet>,
    updated: i32,
    total: i32,
    avail: i32,
) -> Vec<(&'static str, &'static str, &'static str)> {
    let (_, max_unavailable) = fenceposts(d);
    let replicas = d.replicas();
    let available = if avail >= replicas - max_unavailable {
        ("Available", "True", "MinimumReplicasAvailable")
    } else {
        ("Available", "False", "MinimumReplicasUnavailable")
    };
    let progressing = match new {
        None => ("Progressing", "True", "NewReplicaSetCreated"),
        Some(_) if updated == replicas && total == replicas && avail == replicas => {
            ("Progressing", "True", "NewReplicaSetAvailable")
        }
        Some(_) => ("Progressing", "True", "ReplicaSetUpdated"),
    };
    vec![available, progressing]
}

fn rs_line(cluster: &Cluster, rs: &ReplicaSet) -> String {
    let have = cluster.pods_of(&rs.meta.uid).count();
    format!(
        "{} ({have}/{} replicas created)",
        rs.meta.name,
        rs.replicas()
    )
}

pub fn deployment(sim: &Simulation, d: &Deployment) -> String {
    let cluster = sim.cluster();
    let now = sim.now();
    let mut owned = cluster.replica_sets_of(&d.meta.uid);
    owned.sort_by_key(|rs| (rs.meta.created, rs.meta.name.clone()));
    let hash = template_hash(d);
    let new = owned
        .iter()
        .find(|rs| rs.meta.labels.get("pod-template-hash") == Some(&hash))
        .copied();
    let old: Vec<&ReplicaSet> = owned
        .iter()
        .filter(|rs| rs.meta.labels.get("pod-template-hash") != Some(&hash))
        .copied()
        .collect();
    let count = |rs: &ReplicaSet| {
        i32::try_from(
            cluster
                .pods_of(&rs.meta.uid)
                .filter(|p| !p.is_terminating())
                .count(),
        )
        .unwrap_or(0)
    };
    let updated = new.map_or(0, count);
    let total: i32 = owned.iter().map(|rs| count(rs)).sum();
    let avail: i32 = owned.iter().map(|rs| available(cluster, rs, now)).sum();
    let unavailable = (d.replicas().max(total) - avail).max(0);
    let mut annotations = d.meta.annotations.clone();
    if let Some(rev) = owned
        .iter()
        .map(|rs| rs.revision())
        .max()
        .filter(|r| *r > 0)
    {
        annotations
            .entry("deployment.kubernetes.io/revision".into())
            .or_insert_with(|| rev.to_string());
    }
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", d.meta.name));
    w.write(0, &format!("Namespace:\t{}\n", d.meta.namespace));
    w.write(
        0,
        &format!("CreationTimestamp:\t{}\n", rfc1123z(sim, d.meta.created)),
    );
    labels_multiline(&mut w, "", "Labels", &d.meta.labels);
    annotations_multiline(&mut w, "Annotations", &annotations);
    w.write(
        0,
        &format!("Selector:\t{}\n", format_selector(d.spec.selector.as_ref())),
    );
    w.write(
        0,
        &format!(
            "Replicas:\t{} desired | {updated} updated | {total} total | {avail} available | {unavailable} unavailable\n",
            d.replicas()
        ),
    );
    let strategy = d.spec.strategy.as_ref();
    let kind = strategy
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate");
    w.write(0, &format!("StrategyType:\t{kind}\n"));
    w.write(0, &format!("MinReadySeconds:\t{}\n", d.min_ready_seconds()));
    if let Some(ru) = strategy.and_then(|s| s.rolling_update.as_ref()) {
        let show = |v: Option<&crate::manifest::objects::IntOrString>| {
            v.map_or_else(|| "25%".to_string(), ToString::to_string)
        };
        w.write(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                show(ru.max_unavailable.as_ref()),
                show(ru.max_surge.as_ref())
            ),
        );
    }
    template(&mut w, &d.spec.template);
    let conditions = deployment_conditions(d, new, updated, total, avail);
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
    w.write(1, "----\t------\t------\n");
    for (t, s, r) in conditions {
        w.write(1, &format!("{t} \t{s}\t{r}\n"));
    }
    if !old.is_empty() || new.is_some() {
        let join = |list: &[&ReplicaSet]| {
            if list.is_empty() {
                "<none>".to_string()
            } else {
                list.iter()
                    .map(|rs| rs_line(cluster, rs))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        w.write(0, &format!("OldReplicaSets:\t{}\n", join(&old)));
        w.write(
            0,
            &format!(
                "NewReplicaSet:\t{}\n",
                join(&new.into_iter().collect::<Vec<_>>())
            ),
        );
    }
    events(&mut w, sim, &d.meta.uid);
    w.finish()
}

pub fn replica_set(sim: &Simulation, rs: &ReplicaSet) -> String {
    let cluster = sim.cluster();
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", rs.meta.name));
    w.write(0, &format!("Namespace:\t{}\n", rs.meta.namespace));
    w.write(
        0,
        &format!(
            "Selector:\t{}\n",
            format_selector(rs.spec.selector.as_ref())
        ),
    );
    labels_multiline(&mut w, "", "Labels", &rs.meta.labels);
    annotations_multiline(&mut w, "Annotations", &rs.meta.annotations);
    if let Some(o) = rs.meta.controller() {
        w.write(
            0,
            &format!("Controlled By:\t{}/{}\n", o.kind.name(), o.name),
        );
    }
    let current = cluster.pods_of(&rs.meta.uid).count();
    w.write(
        0,
        &format!("Replicas:\t{current} current / {} desired\n", rs.replicas()),
    );
    pods_status(
        &mut w,
        pod_counts(cluster, rs.spec.selector.as_ref(), &rs.meta.uid),
    );
    template(&mut w, &rs.spec.template);
    events(&mut w, sim, &rs.meta.uid);
    w.finish()
}
