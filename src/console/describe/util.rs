//! Pieces every describer shares: timestamps, labels and annotations, the events table, label
//! selectors, and the identifiers a container runtime would make up.

use std::collections::BTreeMap;

use crate::engine::cluster::Pod;
use crate::engine::ids::{fnv32a, ALPHANUMS};
use crate::engine::lifecycle::image_repo;
use crate::engine::time::civil;
use crate::engine::{Simulation, Time};

use super::super::render::age;
use super::tabwriter::Writer;

/// `time.RFC1123Z` (`Mon, 02 Jan 2006 15:04:05 -0700`) of a virtual instant, in the UTC wall
/// time the simulation's epoch maps it to.
#[must_use]
pub fn rfc1123z(sim: &Simulation, t: Time) -> String {
    let unix = sim.config().epoch_unix_s + i64::try_from(t.ms() / 1000).unwrap_or(0);
    let (y, mo, d, h, mi, s) = civil(unix);
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let wd = DAYS[usize::try_from(unix.div_euclid(86_400).rem_euclid(7)).unwrap_or(0)];
    let mon = MONTHS[usize::try_from(mo.saturating_sub(1)).unwrap_or(0).min(11)];
    format!("{wd}, {d:02} {mon} {y:04} {h:02}:{mi:02}:{s:02} +0000")
}

/// `translateTimestampSince`: `HumanDuration(now - t)`, where a `t` more than a second ahead is
/// `<invalid>` (`apimachinery@1.34:pkg/util/duration/duration.go`).
#[must_use]
pub fn since_signed(now: Time, t: Time) -> String {
    if t.ms() > now.ms() {
        // int(d.Seconds()) truncates toward zero.
        let ahead = (t.ms() - now.ms()) / 1000;
        return if ahead >= 2 {
            "<invalid>".into()
        } else {
            "0s".into()
        };
    }
    age::since(now, t)
}

/// `printLabelsMultilineWithIndent`.
pub fn labels_multiline(
    w: &mut Writer,
    indent: &str,
    title: &str,
    labels: &BTreeMap<String, String>,
) {
    w.write(0, &format!("{indent}{title}:\t"));
    if labels.is_empty() {
        w.line("<none>");
        return;
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        if i != 0 {
            w.write(0, indent);
            w.write(0, "\t");
        }
        w.write(0, &format!("{k}={v}\n"));
    }
}

/// The annotation `kubectl describe` never shows.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
const MAX_ANNOTATION_LEN: usize = 140;

/// `printAnnotationsMultiline`: long or multi-line values go on their own indented lines.
pub fn annotations_multiline(w: &mut Writer, title: &str, annotations: &BTreeMap<String, String>) {
    w.write(0, &format!("{title}:\t"));
    let keys: Vec<&String> = annotations.keys().filter(|k| *k != LAST_APPLIED).collect();
    if keys.is_empty() {
        w.line("<none>");
        return;
    }
    for (i, key) in keys.iter().enumerate() {
        if i != 0 {
            w.write(0, "\t");
        }
        let value = annotations
            .get(*key)
            .map(String::as_str)
            .unwrap_or_default();
        let value = value.strip_suffix('\n').unwrap_or(value);
        if value.len() + key.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.write(0, &format!("{key}:\n"));
            for s in value.split('\n') {
                let s = if s.len() > MAX_ANNOTATION_LEN - 2 {
                    let cut: String = s.chars().take(MAX_ANNOTATION_LEN - 2).collect();
                    format!("{cut}...")
                } else {
                    s.to_string()
                };
                w.write(0, &format!("\t  {s}\n"));
            }
        } else {
            w.write(0, &format!("{key}: {value}\n"));
        }
    }
}

/// `DescribeEvents`: the events about the object with `uid`, oldest first, or `<none>`.
pub fn events(w: &mut Writer, sim: &Simulation, uid: &str) {
    let mut list: Vec<_> = sim.events().about(uid).collect();
    if list.is_empty() {
        w.write(0, "Events:\t<none>\n");
        return;
    }
    w.flush();
    // SortableEvents: by the time last seen (a stable sort keeps recording order on ties).
    list.sort_by_key(|e| e.last);
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.write(1, "----\t------\t----\t----\t-------\n");
    let now = sim.now();
    for e in list {
        let first = since_signed(now, e.first);
        let interval = if e.count > 1 {
            format!("{} (x{} over {first})", since_signed(now, e.last), e.count)
        } else {
            first
        };
        w.write(
            1,
            &format!(
                "{}\t{}\t{interval}\t{}\t{}\n",
                e.type_.name(),
                e.reason,
                e.source,
                e.message.trim()
            ),
        );
    }
}

/// A stream of hex digits drawn from `seed` (SplitMix64 over an FNV hash), for the identifiers
/// a container runtime makes up: container IDs, image digests.
#[must_use]
pub fn hex_id(seed: &str, len: usize) -> String {
    let mut state =
        u64::from(fnv32a(seed.as_bytes())) << 32 | u64::from(fnv32a(format!("{seed}#").as_bytes()));
    let mut out = String::new();
    while out.len() < len {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        out.push_str(&format!("{z:016x}"));
    }
    out.truncate(len);
    out
}

/// `docker://<64 hex>`: a container's ID, derived from its pod, name and restarts (describe and
/// `-o yaml|json` show the same one).
#[must_use]
pub fn container_id(pod: &Pod, container: &str) -> String {
    format!(
        "docker://{}",
        hex_id(
            &format!("{}/{container}/{}", pod.meta.uid, pod.status.restarts),
            64
        )
    )
}

/// `docker-pullable://<repo>@sha256:<digest>`: what cri-dockerd reports as the image ID.
#[must_use]
pub fn image_id(image: &str) -> String {
    format!(
        "docker-pullable://{}@sha256:{}",
        image_repo(image),
        hex_id(&format!("image:{image}"), 64)
    )
}

/// Five characters of the apiserver's name alphabet drawn from `seed` (the suffix of
/// `kube-api-access-xxxxx`).
#[must_use]
pub fn name_suffix(seed: &str) -> String {
    let hex = hex_id(seed, 10);
    hex.as_bytes()
        .chunks(2)
        .map(|c| {
            let v = u8::from_str_radix(std::str::from_utf8(c).unwrap_or("0"), 16).unwrap_or(0);
            ALPHANUMS[usize::from(v) % ALPHANUMS.len()] as char
        })
        .collect()
}

/// Go's `%q` of a string (printable ASCII kept, `"` and `\` escaped).
#[must_use]
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_ids_are_hex_of_the_asked_length() {
        // Pins the shape of container IDs and kube-api-access suffixes.
        let id = hex_id("uid-1", 64);
        assert_eq!(id.len(), 64);
        assert!(id.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(id, hex_id("uid-1", 64));
        assert_ne!(id, hex_id("uid-2", 64));
        assert_eq!(name_suffix("x").len(), 5);
    }
}
