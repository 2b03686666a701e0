//! `describePersistentVolumeClaim`, `describePersistentVolume`, `describeStorageClass`
//! (`kubectl@1.34:pkg/describe/describe.go`).

use crate::engine::cluster::{PersistentVolume, PersistentVolumeClaim, StorageClass};
use crate::engine::Simulation;

use super::pod::users_of_claim;
use super::tabwriter::Writer;
use super::util::{annotations_multiline, events, labels_multiline, since_signed};
use crate::console::selector::format_labels;

/// `storageutil.GetAccessModesAsString`: fixed order RWO, ROX, RWX, RWOP.
fn access_modes(modes: &[String]) -> String {
    let mut out = Vec::new();
    for (long, short) in [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ] {
        if modes.iter().any(|m| m == long) {
            out.push(short);
        }
    }
    out.join(",")
}

pub fn claim(sim: &Simulation, c: &PersistentVolumeClaim) -> String {
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", c.meta.name));
    w.write(0, &format!("Namespace:\t{}\n", c.meta.namespace));
    let class = c.spec.storage_class_name.as_deref().unwrap_or("");
    w.write(0, &format!("StorageClass:\t{class}\n"));
    match c.meta.deleting {
        Some(t) => w.write(
            0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                since_signed(sim.now(), t)
            ),
        ),
        None => w.write(0, &format!("Status:\t{}\n", c.phase.name())),
    }
    let volume = c.spec.volume_name.as_deref().unwrap_or("");
    w.write(0, &format!("Volume:\t{volume}\n"));
    labels_multiline(&mut w, "", "Labels", &c.meta.labels);
    annotations_multiline(&mut w, "Annotations", &c.meta.annotations);
    w.write(0, "Finalizers:\t[kubernetes.io/pvc-protection]\n");
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            c.capacity.clone().unwrap_or_default(),
            access_modes(&c.spec.access_modes),
        )
    };
    w.write(0, &format!("Capacity:\t{capacity}\n"));
    w.write(0, &format!("Access Modes:\t{modes}\n"));
    if let Some(m) = &c.spec.volume_mode {
        w.write(0, &format!("VolumeMode:\t{m}\n"));
    }
    let mut users: Vec<&str> = users_of_claim(sim.cluster(), &c.meta.namespace, &c.meta.name)
        .into_iter()
        .map(|p| p.meta.name.as_str())
        .collect();
    users.sort_unstable();
    w.write(0, "Used By:\t");
    if users.is_empty() {
        w.line("<none>");
    }
    for (i, u) in users.iter().enumerate() {
        if i != 0 {
            w.write(0, "\t");
        }
        w.write(0, &format!("{u}\n"));
    }
    events(&mut w, sim, &c.meta.uid);
    w.finish()
}

pub fn volume(sim: &Simulation, pv: &PersistentVolume) -> String {
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", pv.meta.name));
    labels_multiline(&mut w, "", "Labels", &pv.meta.labels);
    let mut annotations = pv.meta.annotations.clone();
    if annotations.contains_key("hostPathProvisionerIdentity") {
        // Set by the external-provisioner library on the volumes it creates.
        annotations
            .entry("pv.kubernetes.io/provisioned-by".into())
            .or_insert_with(|| "k8s.io/minikube-hostpath".into());
    }
    annotations_multiline(&mut w, "Annotations", &annotations);
    w.write(0, "Finalizers:\t[kubernetes.io/pv-protection]\n");
    w.write(0, &format!("StorageClass:\t{}\n", pv.storage_class));
    match pv.meta.deleting {
        Some(t) => w.write(
            0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                since_signed(sim.now(), t)
            ),
        ),
        None => w.write(0, &format!("Status:\t{}\n", pv.phase.name())),
    }
    let claim = pv
        .claim
        .as_ref()
        .map(|c| format!("{}/{}", c.namespace, c.name))
        .unwrap_or_default();
    w.write(0, &format!("Claim:\t{claim}\n"));
    w.write(0, &format!("Reclaim Policy:\t{}\n", pv.reclaim_policy));
    w.write(
        0,
        &format!("Access Modes:\t{}\n", access_modes(&pv.access_modes)),
    );
    w.write(0, "VolumeMode:\tFilesystem\n");
    w.write(0, &format!("Capacity:\t{}\n", pv.capacity));
    w.write(0, "Node Affinity:\t");
    w.line("<none>");
    w.write(0, "Message:\t\n");
    w.write(0, "Source:\n");
    w.write(
        2,
        &format!(
            "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t\n",
            pv.host_path
        ),
    );
    events(&mut w, sim, &pv.meta.uid);
    w.finish()
}

pub fn class(sim: &Simulation, sc: &StorageClass) -> String {
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", sc.meta.name));
    let default = if sc.is_default { "Yes" } else { "No" };
    w.write(0, &format!("IsDefaultClass:\t{default}\n"));
    w.write(
        0,
        &format!("Annotations:\t{}\n", format_labels(&sc.meta.annotations)),
    );
    w.write(0, &format!("Provisioner:\t{}\n", sc.provisioner));
    w.write(0, "Parameters:\t<none>\n");
    let expand = match sc.allow_expansion {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    };
    w.write(0, &format!("AllowVolumeExpansion:\t{expand}\n"));
    w.write(0, "MountOptions:\t<none>\n");
    w.write(0, &format!("ReclaimPolicy:\t{}\n", sc.reclaim_policy));
    w.write(0, &format!("VolumeBindingMode:\t{}\n", sc.binding_mode));
    events(&mut w, sim, &sc.meta.uid);
    w.finish()
}
