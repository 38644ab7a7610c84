//! File helpers that put the path into every I/O error, so no message ever says just
//! "No such file or directory". Reading only: writing belongs to `output`.
use anyhow::{Context, Result};
use std::path::Path;

/// Reads a whole file as bytes, naming the path on failure.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Converts a path to a `/`-separated string, the form used for content-relative paths
/// and URLs on every platform.
pub(crate) fn slash_path(path: &Path) -> String {
    let mut out = String::new();
    for (i, c) in path.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&c.as_os_str().to_string_lossy());
    }
    out
}
