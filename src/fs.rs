//! File helpers that put the path into every I/O error, so no message ever says just
//! "No such file or directory", and the one walk that reads a folder of the site (`walk`),
//! which never leaves the site root through a symbolic link. Reading only: writing belongs
//! to `output`.
use anyhow::{Context, Result};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// Reads a whole file as bytes, naming the path on failure.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Converts a path to a `/`-separated string, the form used for content-relative paths
/// and URLs on every platform.
pub(crate) fn slash_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        // The root is `/` already (an absolute path: `/tmp/x`, not `//tmp/x`).
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&c.as_os_str().to_string_lossy());
    }
    out
}

#[cfg(test)]
mod slash_tests {
    use super::slash_path;
    use std::path::Path;

    #[test]
    fn slash_paths_of_relative_and_absolute_paths() {
        assert_eq!(slash_path(Path::new("content/a/b.md")), "content/a/b.md");
        assert_eq!(slash_path(Path::new("a")), "a");
        assert_eq!(slash_path(Path::new("")), "");
        #[cfg(unix)]
        assert_eq!(slash_path(Path::new("/tmp/out")), "/tmp/out");
    }
}

/// Folders of the system that no site file may resolve into, even when the site root
/// contains them: their files are the process's secrets (`/proc/self/environ`), endless
/// (`/dev/zero`) or both.
#[cfg(unix)]
const SYSTEM: [&str; 3] = ["/proc", "/sys", "/dev"];
#[cfg(not(unix))]
const SYSTEM: [&str; 0] = [];

/// Where a path really is, when that is inside the site root; else why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outside {
    /// It resolves outside the root (or into a system folder): the real path.
    Leaves(PathBuf),
    /// It cannot be resolved (a dangling link, a loop): the error.
    Unresolved(String),
}

impl std::fmt::Display for Outside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outside::Leaves(real) => write!(
                f,
                "symbolic link to `{}`, outside the site root: not followed",
                real.display()
            ),
            Outside::Unresolved(e) => {
                write!(
                    f,
                    "cannot read: symbolic link that cannot be followed ({e})"
                )
            }
        }
    }
}

/// The site root, resolved once, against which links are judged.
#[derive(Debug, Clone)]
pub(crate) struct Confine {
    real_root: PathBuf,
}

impl Confine {
    /// `root` is the site root; it is resolved (made canonical) here.
    pub(crate) fn new(root: &Path) -> Result<Confine> {
        let real_root = root
            .canonicalize()
            .with_context(|| format!("cannot resolve the site root `{}`", root.display()))?;
        Ok(Confine { real_root })
    }

    /// The real path of `path` when it lies inside the root and outside the system folders.
    pub(crate) fn check(&self, path: &Path) -> Result<PathBuf, Outside> {
        let real = path
            .canonicalize()
            .map_err(|e| Outside::Unresolved(e.to_string()))?;
        let system = SYSTEM
            .iter()
            .map(Path::new)
            .any(|s| real.starts_with(s) && !self.real_root.starts_with(s));
        if real.starts_with(&self.real_root) && !system {
            Ok(real)
        } else {
            Err(Outside::Leaves(real))
        }
    }

    /// Walks `dir` in a stable (sorted) order, skipping names `skip` refuses (never `dir`
    /// itself). Symbolic links are followed only where they resolve inside the root: a link
    /// out (to `/etc/shadow`, to `/`) is neither read nor descended and comes out as
    /// `Step::Refused`, and so does `dir` itself when it is such a link. Loops and unreadable
    /// entries come out as `Step::Failed`.
    pub(crate) fn walk(&self, dir: &Path, skip: impl Fn(&str) -> bool) -> Vec<Step> {
        let steps = RefCell::new(Vec::new());
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0 && skip(&e.file_name().to_string_lossy()) {
                    return false;
                }
                if !e.path_is_symlink() {
                    return true;
                }
                let checked = self.check(e.path());
                if let Err(why) = &checked {
                    steps.borrow_mut().push(Step::Refused {
                        link: e.path().to_path_buf(),
                        why: why.clone(),
                    });
                }
                checked.is_ok()
            });
        for item in walker {
            let step = match item {
                Ok(entry) => Step::Entry(entry),
                Err(e) => Step::Failed(e),
            };
            steps.borrow_mut().push(step);
        }
        steps.into_inner()
    }
}

/// One thing a walk met, in order.
#[derive(Debug)]
pub(crate) enum Step {
    /// A file or folder inside the root (its path as walked, through links inside the root).
    Entry(walkdir::DirEntry),
    /// A symbolic link not followed, and why.
    Refused { link: PathBuf, why: Outside },
    /// An entry that could not be read, or a link loop.
    Failed(walkdir::Error),
}
