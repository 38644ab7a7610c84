//! The only module that writes to disk. `publish` replaces the output directory atomically
//! (stage beside it, then swap: `publish.rs`), so a failed build leaves the previous site
//! exactly as it was; `sync` updates it in place (`serve`, and a `build` whose cache vouches
//! for the pages on disk), writing only changed files (all to a temporary folder, then renamed)
//! and removing stale ones. Every writer holds the
//! output's lock (`place.rs`). It never deletes a directory it did not create (marked by its
//! manifest file).
mod place;
mod publish;
mod sync;

use anyhow::{Context, Result, bail};
pub(crate) use publish::{publish_with, restore};
use rayon::prelude::*;
use std::collections::BTreeSet;
#[cfg(test)]
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
pub(crate) use sync::sync_in_phases;

/// The manifest written into every output directory: the list of files playbook wrote.
pub(crate) const MANIFEST: &str = ".playbook-manifest";

/// What goes into one output file.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Bytes(Vec<u8>),
    /// Copied from a source file (assets).
    Copy(PathBuf),
    /// Produced piece by piece while the file is written, for a page too big to hold whole
    /// (the print document of a big playbook).
    Stream(std::sync::Arc<dyn Stream>),
    /// Exactly what the previous build wrote at this path (pages not rendered again): `sync`
    /// leaves the file, `publish` links it into the new site.
    Unchanged,
}

/// A body that writes itself.
pub(crate) trait Stream: Send + Sync + std::fmt::Debug {
    fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()>;
}

impl Body {
    /// The bytes of a `Bytes` or `Stream` body (a stream is produced in memory); `None` for
    /// copies and unchanged files.
    pub(crate) fn bytes(&self) -> Option<std::borrow::Cow<'_, [u8]>> {
        match self {
            Body::Bytes(b) => Some(std::borrow::Cow::Borrowed(b)),
            Body::Stream(s) => {
                let mut out = Vec::new();
                s.write_to(&mut out).ok()?;
                Some(std::borrow::Cow::Owned(out))
            }
            Body::Copy(_) | Body::Unchanged => None,
        }
    }
}

/// One file of the site, at a `/`-separated path relative to the output directory.
#[derive(Debug, Clone)]
pub(crate) struct OutputFile {
    pub(crate) path: String,
    pub(crate) body: Body,
}

impl OutputFile {
    pub(crate) fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            body: Body::Bytes(bytes.into()),
        }
    }
}

/// Counts of what a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Paths written or removed by `sync`, sorted (empty for `publish`).
    pub changed: Vec<String>,
}

/// Fails unless `dir` is absent, empty, or a directory playbook wrote before.
pub(crate) fn check_owned(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        bail!(
            "output path `{}` exists and is not a directory",
            dir.display()
        );
    }
    let mut entries =
        std::fs::read_dir(dir).with_context(|| format!("failed to read `{}`", dir.display()))?;
    if entries.next().is_none() || dir.join(MANIFEST).is_file() {
        return Ok(());
    }
    bail!(
        "refusing to write into `{}`: it is not empty and was not created by playbook (no `{MANIFEST}` file); choose another output directory or empty it",
        dir.display()
    )
}

/// Receives output files as they are rendered, from any thread, so a big site is never held
/// in memory whole.
pub(crate) trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<()>;

    /// `put`, with the key of the file's bytes (`render::PageCache::bytes_key`) taken by
    /// whoever made it, so that a sink that keys files by their bytes need not hash them again.
    fn put_keyed(&self, file: OutputFile, _key: u64) -> Result<()> {
        self.put(file)
    }
}

/// A sink that keeps every file in memory (`serve` compares them with the disk; `check` counts).
#[derive(Default)]
pub(crate) struct Collect(Mutex<Vec<OutputFile>>);

impl Collect {
    pub(crate) fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// A sink that drops everything (`check` renders without writing).
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _file: OutputFile) -> Result<()> {
        Ok(())
    }
}

/// Writes `files` into `dir` for `playbook new`: `dir` must not exist yet or be empty, so
/// nothing of anyone's is ever overwritten.
pub(crate) fn create(dir: &Path, files: &[OutputFile]) -> Result<()> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!("`{}` exists and is not a folder", dir.display());
        }
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| format!("failed to read `{}`", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "`{}` is not empty: playbook new only writes into a new or empty folder",
                dir.display()
            );
        }
    }
    write_all(dir, files)
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    let dirs: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    for d in dirs {
        let p = safe_join(dir, d)?;
        std::fs::create_dir_all(&p)
            .with_context(|| format!("failed to create `{}`", p.display()))?;
    }
    files
        .par_iter()
        .try_for_each(|f| write_body(&safe_join(dir, &f.path)?, f))
}

/// Writes one file under `dir`, making its folders as needed.
fn write_one(dir: &Path, f: &OutputFile) -> Result<()> {
    let path = safe_join(dir, &f.path)?;
    if let Some(parent) = path.parent().filter(|p| *p != dir) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    write_body(&path, f)
}

/// Writes the body of `f` at `path`, whose folder exists.
fn write_body(path: &Path, f: &OutputFile) -> Result<()> {
    let failed = || format!("failed to write `{}`", path.display());
    match &f.body {
        Body::Bytes(b) => std::fs::write(path, b).with_context(failed),
        Body::Copy(src) => std::fs::copy(src, path)
            .map(|_| ())
            .with_context(|| format!("failed to copy `{}` to `{}`", src.display(), path.display())),
        Body::Stream(s) => {
            use std::io::Write as _;
            let mut out = std::io::BufWriter::with_capacity(
                1 << 16,
                std::fs::File::create(path).with_context(failed)?,
            );
            s.write_to(&mut out)
                .and_then(|()| out.flush())
                .with_context(failed)
        }
        Body::Unchanged => bail!("internal error: `{}` has no bytes to write", f.path),
    }
}

fn write_manifest<'a>(dir: &Path, paths: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut list: Vec<&str> = paths.collect();
    list.sort_unstable();
    list.dedup();
    let path = dir.join(MANIFEST);
    std::fs::write(&path, list.join("\n"))
        .with_context(|| format!("failed to write `{}`", path.display()))
}

/// Joins a relative output path, refusing anything that could leave `dir`.
fn safe_join(dir: &Path, rel: &str) -> Result<PathBuf> {
    if rel
        .split('/')
        .any(|c| c == ".." || c.is_empty() && rel.starts_with('/'))
        || rel.contains('\\')
        || Path::new(rel).is_absolute()
    {
        bail!("internal error: output path `{rel}` leaves the output directory");
    }
    Ok(dir.join(rel))
}

/// An empty folder for one test of this module.
#[cfg(test)]
fn test_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("playbook-out-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Files in an output folder, by path, for tests and reports.
#[cfg(test)]
fn listing(dir: &Path) -> HashMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                crate::fs::slash_path(e.path().strip_prefix(dir).unwrap()),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_paths_leaving_the_directory() {
        assert!(safe_join(Path::new("/tmp/x"), "../etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a/b.html").is_ok());
    }
}
