//! What `podplay run` may read of the host: regular files of at most
//! [`MAX_READ_BYTES`] inside one folder (the script's, unless `--root` names a wider one that
//! holds it). A name is refused when it is absolute, when `..` leads out of the folder, when a
//! symlink on the way resolves outside it, and when it is a device, fifo or socket; a refused
//! name is never looked up on the host, so whether it exists there stays unknown to the script.
//! Nothing is ever written: commands write to the console's in-memory working directory.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::console::reason;

/// The largest file `podplay run` reads: the largest manifest podplay accepts.
pub const MAX_READ_BYTES: usize = crate::manifest::yaml::MAX_INPUT_BYTES;

/// A folder a script may read, and the folder its relative names start from.
#[derive(Debug, Clone)]
pub struct Sandbox {
    /// The canonical folder nothing may be read outside of; `None` when it does not exist
    /// (then nothing can be read).
    root: Option<PathBuf>,
    /// Where relative names start (the script's folder), canonical, inside `root`.
    base: Option<PathBuf>,
}

impl Sandbox {
    /// Reads inside `root`, names relative to `base`. `base` outside `root` reads nothing.
    #[must_use]
    pub fn new(base: &Path, root: &Path) -> Sandbox {
        let root = std::fs::canonicalize(root).ok();
        let base = std::fs::canonicalize(base)
            .ok()
            .filter(|b| root.as_ref().is_some_and(|r| b.starts_with(r)));
        Sandbox { root, base }
    }

    /// The folder's own names: its regular files (and symlinks to them) at the top level.
    #[must_use]
    pub fn names(&self) -> Vec<String> {
        let Some(base) = &self.base else {
            return Vec::new();
        };
        std::fs::read_dir(base)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.path().is_file())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The text of `rel` (relative to the script's folder), or one of [`reason`]'s words.
    ///
    /// # Errors
    /// [`reason::DENIED`] for a name outside the folder or not a regular file or folder,
    /// [`reason::IS_DIR`], [`reason::TOO_BIG`] past [`MAX_READ_BYTES`], [`reason::NOT_FOUND`].
    pub fn read(&self, rel: &Path) -> Result<String, String> {
        self.read_bytes(rel)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The bytes of `rel`, under the checks of [`Sandbox::read`].
    ///
    /// # Errors
    /// As [`Sandbox::read`].
    pub fn read_bytes(&self, rel: &Path) -> Result<Vec<u8>, String> {
        let path = self.resolve(rel)?;
        let meta = std::fs::metadata(&path).map_err(|e| io_reason(&e))?;
        if meta.is_dir() {
            return Err(reason::IS_DIR.into());
        }
        if !meta.is_file() {
            return Err(reason::DENIED.into());
        }
        if meta.len() > MAX_READ_BYTES as u64 {
            return Err(reason::TOO_BIG.into());
        }
        let file = std::fs::File::open(&path).map_err(|e| io_reason(&e))?;
        let mut bytes = Vec::new();
        // The file may have grown since it was measured: never read past the limit.
        file.take(MAX_READ_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_reason(&e))?;
        if bytes.len() > MAX_READ_BYTES {
            return Err(reason::TOO_BIG.into());
        }
        Ok(bytes)
    }

    /// The canonical host path of `rel` when it lies inside the root.
    fn resolve(&self, rel: &Path) -> Result<PathBuf, String> {
        let (Some(root), Some(base)) = (&self.root, &self.base) else {
            return Err(reason::NOT_FOUND.into());
        };
        let denied = || reason::DENIED.to_string();
        // Lexically first: an absolute name or a `..` out of the root is refused unseen.
        let mut path = base.clone();
        for c in rel.components() {
            match c {
                Component::Normal(p) => path.push(p),
                Component::CurDir => {}
                Component::ParentDir => {
                    if !path.pop() {
                        return Err(denied());
                    }
                }
                Component::RootDir | Component::Prefix(_) => return Err(denied()),
            }
        }
        if !path.starts_with(root) {
            return Err(denied());
        }
        // Then as the host resolves it: symlinks may lead anywhere.
        match std::fs::canonicalize(&path) {
            Ok(real) if real.starts_with(root) => Ok(real),
            Ok(_) => Err(denied()),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(denied()),
            Err(_) => {
                // Missing: say so only when the nearest folder that exists is inside.
                let inside = path
                    .ancestors()
                    .find_map(|a| std::fs::canonicalize(a).ok())
                    .is_some_and(|a| a.starts_with(root));
                Err(if inside {
                    reason::NOT_FOUND.into()
                } else {
                    denied()
                })
            }
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => reason::NOT_FOUND,
        _ => reason::DENIED,
    }
    .into()
}

/// Reads a file the person running podplay named (the script, its file map): any path, but
/// only a regular file of at most [`MAX_READ_BYTES`].
///
/// # Errors
/// The reason, as `PATH: reason`.
pub fn read_named(path: &Path) -> Result<String, String> {
    let (bytes, size) = read_bytes(path)?;
    if size > MAX_READ_BYTES as u64 {
        return Err(format!("{}: {}", path.display(), reason::TOO_BIG));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A regular file's first [`MAX_READ_BYTES`] bytes (all of a file within the limit; one more
/// of a larger one) and its whole size.
///
/// # Errors
/// Not a regular file, or unreadable, as `PATH: reason`.
pub fn read_bytes(path: &Path) -> Result<(Vec<u8>, u64), String> {
    let fail = |e: &str| format!("{}: {e}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| fail(&e.to_string()))?;
    if meta.is_dir() {
        return Err(fail(reason::IS_DIR));
    }
    if !meta.is_file() {
        return Err(fail("not a regular file"));
    }
    let file = std::fs::File::open(path).map_err(|e| fail(&e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_READ_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(&e.to_string()))?;
    let size = meta.len().max(bytes.len() as u64);
    Ok((bytes, size))
}
