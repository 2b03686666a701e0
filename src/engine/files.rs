//! What is inside a pod: the image's files, what the containers wrote, and mounted volumes.
//! A path resolves to the volume mounted deepest above it; writes to a claim's volume live in
//! the PersistentVolume and outlast the pod, writes elsewhere go with the pod.

use super::cluster::{Cluster, Key, Pod};
use super::images::{self, HttpServer};
use super::network::dns;

pub use super::images::{NGINX_50X, NGINX_ROOT, NGINX_WELCOME};

/// The files an image ships that podplay knows about (its row in [`super::images::IMAGES`]).
#[must_use]
pub fn image_files(image: &str) -> Vec<(&'static str, &'static str)> {
    images::traits(image).files.to_vec()
}

/// Directories every container has (enough for `ls /` and `cd`).
const BASE_DIRS: &[&str] = &[
    "/bin", "/dev", "/etc", "/home", "/proc", "/root", "/sys", "/tmp", "/usr", "/var",
];

/// Where a path lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// In the container's own filesystem.
    Container,
    /// In a claim's volume: (claim, path inside the volume).
    Claim { claim: String, rel: String },
    /// In an emptyDir: (volume name, path inside it).
    EmptyDir { volume: String, rel: String },
    /// In a ConfigMap volume (read-only).
    /// A `configMap` or `secret` volume (read-only; a file per key).
    ConfigMap {
        name: String,
        secret: bool,
        rel: String,
    },
    /// A kubelet-managed file (`/etc/hosts`, `/etc/hostname`, `/etc/resolv.conf`).
    Managed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FsError {
    NoSuchFile,
    IsADirectory,
    ReadOnly,
    /// The claim's volume is not bound (nothing is mounted yet).
    NotMounted,
    /// A write would take a file past [`MAX_FILE_BYTES`].
    NoSpace,
}

/// The most one file in a container or volume holds (as the largest manifest podplay reads):
/// past it a write fails as on a full disk, so no loop of `>>` exhausts memory.
pub const MAX_FILE_BYTES: usize = crate::manifest::yaml::MAX_INPUT_BYTES;

impl FsError {
    /// The error as a C library's `strerror` words it (what `cat` appends after the path).
    #[must_use]
    pub fn message(&self) -> &'static str {
        match self {
            FsError::NoSuchFile => "No such file or directory",
            FsError::IsADirectory => "Is a directory",
            FsError::ReadOnly => "Read-only file system",
            FsError::NotMounted => "Transport endpoint is not connected",
            FsError::NoSpace => "No space left on device",
        }
    }
}

/// Normalises `path` (absolute, no `.`/`..`, no trailing slash).
#[must_use]
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            x => parts.push(x),
        }
    }
    format!("/{}", parts.join("/"))
}

fn under(path: &str, dir: &str) -> Option<String> {
    if dir == "/" {
        return Some(path.trim_start_matches('/').to_string());
    }
    if path == dir {
        return Some(String::new());
    }
    path.strip_prefix(dir)
        .and_then(|r| r.strip_prefix('/'))
        .map(str::to_string)
}

/// The mount that holds `path` in the pod's first container.
#[must_use]
pub fn place_of(pod: &Pod, path: &str) -> Place {
    let path = normalize(path);
    if matches!(
        path.as_str(),
        "/etc/hosts" | "/etc/hostname" | "/etc/resolv.conf"
    ) {
        return Place::Managed;
    }
    let Some(c) = pod.spec.containers.first() else {
        return Place::Container;
    };
    let mut best: Option<(usize, &str, String)> = None;
    for m in &c.volume_mounts {
        let mp = normalize(&m.mount_path);
        if let Some(rel) = under(&path, &mp) {
            if best.as_ref().is_none_or(|(len, _, _)| mp.len() > *len) {
                best = Some((mp.len(), m.name.as_str(), rel));
            }
        }
    }
    let Some((_, vname, rel)) = best else {
        return Place::Container;
    };
    let Some(vol) = pod.spec.volumes.iter().find(|v| v.name == vname) else {
        return Place::Container;
    };
    if let Some(pvc) = &vol.persistent_volume_claim {
        return Place::Claim {
            claim: pvc.claim_name.clone(),
            rel,
        };
    }
    if let Some((name, secret)) = config_volume(vol) {
        return Place::ConfigMap { name, secret, rel };
    }
    Place::EmptyDir {
        volume: vname.to_string(),
        rel,
    }
}

/// The ConfigMap or Secret a volume projects (name, is a Secret).
fn config_volume(vol: &crate::manifest::objects::Volume) -> Option<(String, bool)> {
    let name = |v: &serde_json::Value, field: &str| {
        v.get(field).and_then(|n| n.as_str()).map(str::to_string)
    };
    if let Some(cm) = vol.config_map.as_ref().and_then(|v| name(v, "name")) {
        return Some((cm, false));
    }
    vol.secret
        .as_ref()
        .and_then(|v| name(v, "secretName"))
        .map(|s| (s, true))
}

/// kubelet's `/etc/hosts` for the pod.
#[must_use]
pub fn etc_hosts(pod: &Pod) -> String {
    let mut s = String::from("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
    if let Some(ip) = pod.status.ip {
        let host = pod
            .spec
            .hostname
            .clone()
            .unwrap_or_else(|| pod.meta.name.clone());
        match pod.spec.subdomain.as_deref().filter(|s| !s.is_empty()) {
            Some(sub) => s.push_str(&format!(
                "{ip}\t{host}.{sub}.{}.svc.{}\t{host}\n",
                pod.meta.namespace,
                dns::ZONE
            )),
            None => s.push_str(&format!("{ip}\t{host}\n")),
        }
    }
    s
}

/// kubelet's `/etc/resolv.conf` for a ClusterFirst pod.
#[must_use]
pub fn resolv_conf(pod: &Pod) -> String {
    let [a, b, c] = dns::search_path(&pod.meta.namespace);
    format!("nameserver 10.96.0.10\nsearch {a} {b} {c}\noptions ndots:5\n")
}

/// Reads a file from inside the pod.
pub fn read(cluster: &Cluster, pod: &Pod, path: &str) -> Result<String, FsError> {
    let norm = normalize(path);
    if is_dir(cluster, pod, &norm) {
        return Err(FsError::IsADirectory);
    }
    match place_of(pod, &norm) {
        Place::Managed => Ok(match norm.as_str() {
            "/etc/hosts" => etc_hosts(pod),
            "/etc/hostname" => format!(
                "{}\n",
                pod.spec
                    .hostname
                    .clone()
                    .unwrap_or_else(|| pod.meta.name.clone())
            ),
            _ => resolv_conf(pod),
        }),
        Place::Container => match pod.rootfs.get(&norm) {
            Some(Some(c)) => Ok(c.clone()),
            Some(None) => Err(FsError::NoSuchFile),
            None => image_files(pod.image())
                .into_iter()
                .find(|(p, _)| *p == norm)
                .map(|(_, c)| c.to_string())
                .ok_or(FsError::NoSuchFile),
        },
        Place::Claim { claim, rel } => {
            let pv = claim_volume(cluster, pod, &claim).ok_or(FsError::NotMounted)?;
            cluster
                .pvs
                .get(&pv)
                .and_then(|v| v.data.get(&rel))
                .cloned()
                .ok_or(FsError::NoSuchFile)
        }
        Place::EmptyDir { volume, rel } => pod
            .empty_dirs
            .get(&volume)
            .and_then(|d| d.get(&rel))
            .cloned()
            .ok_or(FsError::NoSuchFile),
        Place::ConfigMap { name, secret, rel } => {
            super::config_refs::data_of(cluster, &pod.meta.namespace, &name, secret)
                .and_then(|data| data.get(&rel).cloned())
                .ok_or(FsError::NoSuchFile)
        }
    }
}

/// The bound volume behind a claim the pod mounts.
#[must_use]
pub fn claim_volume(cluster: &Cluster, pod: &Pod, claim: &str) -> Option<String> {
    cluster
        .pvcs
        .get(&Key::new(&pod.meta.namespace, claim))
        .and_then(|c| c.spec.volume_name.clone())
}

/// Every file path visible in the pod (absolute), for listings.
fn all_paths(cluster: &Cluster, pod: &Pod) -> Vec<String> {
    let mut out: Vec<String> = BASE_DIRS.iter().map(|d| format!("{d}/")).collect();
    out.extend(["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"].map(String::from));
    for (p, _) in image_files(pod.image()) {
        out.push(p.to_string());
    }
    for (p, c) in &pod.rootfs {
        if c.is_some() {
            out.push(p.clone());
        } else {
            out.retain(|x| x != p);
        }
    }
    if let Some(c) = pod.spec.containers.first() {
        for m in &c.volume_mounts {
            let mp = normalize(&m.mount_path);
            // Image files under a mount point are hidden by the mount.
            out.retain(|x| under(x, &mp).is_none_or(|r| r.is_empty()));
            out.push(format!("{mp}/"));
            let Some(vol) = pod.spec.volumes.iter().find(|v| v.name == m.name) else {
                continue;
            };
            let files: Vec<String> = if let Some(pvc) = &vol.persistent_volume_claim {
                claim_volume(cluster, pod, &pvc.claim_name)
                    .and_then(|pv| cluster.pvs.get(&pv))
                    .map(|pv| pv.data.keys().cloned().collect())
                    .unwrap_or_default()
            } else if let Some((name, secret)) = config_volume(vol) {
                super::config_refs::data_of(cluster, &pod.meta.namespace, &name, secret)
                    .map(|data| data.keys().cloned().collect())
                    .unwrap_or_default()
            } else {
                pod.empty_dirs
                    .get(&m.name)
                    .map(|d| d.keys().cloned().collect())
                    .unwrap_or_default()
            };
            out.extend(
                files
                    .into_iter()
                    .map(|f| format!("{}/{f}", mp.trim_end_matches('/'))),
            );
        }
    }
    out
}

/// Whether `path` is a directory in the pod.
#[must_use]
pub fn is_dir(cluster: &Cluster, pod: &Pod, path: &str) -> bool {
    let norm = normalize(path);
    if norm == "/" {
        return true;
    }
    let prefix = format!("{norm}/");
    all_paths(cluster, pod)
        .iter()
        .any(|p| p.starts_with(&prefix))
}

/// Entries of a directory: (name, is_dir), sorted by name.
pub fn list(cluster: &Cluster, pod: &Pod, path: &str) -> Result<Vec<(String, bool)>, FsError> {
    let norm = normalize(path);
    if !is_dir(cluster, pod, &norm) {
        return match read(cluster, pod, &norm) {
            Ok(_) => Ok(vec![(
                norm.rsplit('/').next().unwrap_or("").to_string(),
                false,
            )]),
            Err(e) => Err(e),
        };
    }
    let prefix = if norm == "/" {
        "/".to_string()
    } else {
        format!("{norm}/")
    };
    let mut out: std::collections::BTreeMap<String, bool> = std::collections::BTreeMap::new();
    for p in all_paths(cluster, pod) {
        if let Some(rest) = p.strip_prefix(&prefix) {
            if rest.is_empty() {
                continue;
            }
            match rest.split_once('/') {
                Some((dir, _)) => {
                    out.insert(dir.to_string(), true);
                }
                None => {
                    out.entry(rest.to_string()).or_insert(false);
                }
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// An HTTP answer from a pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Http {
    pub status: u16,
    pub body: String,
}

/// The server's own error page: nginx's, or Apache's (httpd 2.4 wording).
fn error_page(server: &HttpServer, status: u16, text: &str) -> String {
    match server.nginx {
        Some(tag) => format!("<html>\r\n<head><title>{status} {text}</title></head>\r\n<body>\r\n<center><h1>{status} {text}</h1></center>\r\n<hr><center>{tag}</center>\r\n</body>\r\n</html>\r\n"),
        None => {
            let why = if status == 403 {
                "You don't have permission to access this resource."
            } else {
                "The requested URL was not found on this server."
            };
            format!("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>{status} {text}</title>\n</head><body>\n<h1>{text}</h1>\n<p>{why}</p>\n</body></html>\n")
        }
    }
}

/// What the pod's server answers to `GET path` on `port`, or `None` if nothing listens.
#[must_use]
pub fn serve(cluster: &Cluster, pod: &Pod, port: u16, path: &str) -> Option<Http> {
    let server = images::traits(pod.image())
        .http
        .filter(|h| h.port == port)?;
    let root = server.root;
    let path = path.split('?').next().unwrap_or("/");
    let full = normalize(&format!("{root}/{path}"));
    let target = if is_dir(cluster, pod, &full) || path.ends_with('/') {
        let index = format!("{}/index.html", full.trim_end_matches('/'));
        match read(cluster, pod, &index) {
            Ok(body) => return Some(Http { status: 200, body }),
            Err(_) if is_dir(cluster, pod, &full) => {
                return Some(Http {
                    status: 403,
                    body: error_page(&server, 403, "Forbidden"),
                })
            }
            Err(_) => index,
        }
    } else {
        full
    };
    Some(match read(cluster, pod, &target) {
        Ok(body) => Http { status: 200, body },
        Err(_) => Http {
            status: 404,
            body: error_page(&server, 404, "Not Found"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise() {
        // Pins path clean-up used by every file operation.
        assert_eq!(normalize("/usr/share/nginx/html/"), "/usr/share/nginx/html");
        assert_eq!(normalize("a/../b/./c"), "/b/c");
        assert_eq!(normalize("/"), "/");
        assert_eq!(NGINX_WELCOME.len(), 612);
    }
}
