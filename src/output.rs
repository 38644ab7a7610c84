//! The only module that writes to disk. `publish` replaces the output directory atomically
//! (stage beside it, then swap), so a failed build leaves the previous site exactly as it was;
//! `sync` updates it in place for `serve`, writing only changed files and removing stale ones.
//! It never deletes a directory it did not create (marked by its manifest file).
use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::collections::BTreeSet;
#[cfg(test)]
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
    /// Exactly what the previous `sync` wrote at this path (pages `serve` did not re-render).
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

/// A sink writing straight into the staging directory of `publish_with`.
struct Staged<'a> {
    dir: &'a Path,
    paths: Mutex<Vec<String>>,
}

impl Sink for Staged<'_> {
    fn put(&self, file: OutputFile) -> Result<()> {
        write_one(self.dir, &file)?;
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file.path);
        Ok(())
    }
}

/// Writes the whole site to a staging directory beside `dir`, then swaps it into place.
#[cfg(test)]
pub(crate) fn publish(dir: &Path, files: &[OutputFile]) -> Result<SyncReport> {
    publish_with(dir, |sink| {
        files.par_iter().try_for_each(|f| sink.put(f.clone()))
    })
}

/// Runs `produce`, which hands every file of the site to the sink, each written to a staging
/// directory beside `dir` as it arrives; when `produce` succeeds, swaps the staging directory
/// into place. When it fails, `dir` is left exactly as it was.
pub(crate) fn publish_with(
    dir: &Path,
    produce: impl FnOnce(&dyn Sink) -> Result<()>,
) -> Result<SyncReport> {
    check_owned(dir)?;
    let parent = dir.parent().context("output directory has no parent")?;
    let name = dir
        .file_name()
        .context("output directory has no name")?
        .to_string_lossy();
    std::fs::create_dir_all(parent)
        .with_context(|| format!("failed to create `{}`", parent.display()))?;
    let stage = parent.join(format!(".{name}.playbook-staging"));
    let old = parent.join(format!(".{name}.playbook-old"));
    for leftover in [&stage, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .with_context(|| format!("failed to remove leftover `{}`", leftover.display()))?;
        }
    }
    let staged = Staged {
        dir: &stage,
        paths: Mutex::new(Vec::new()),
    };
    let result = std::fs::create_dir_all(&stage)
        .with_context(|| format!("failed to create `{}`", stage.display()))
        .and_then(|()| produce(&staged));
    let paths = staged.paths.into_inner().unwrap_or_else(|e| e.into_inner());
    let result = result.and_then(|()| write_manifest(&stage, paths.iter().map(String::as_str)));
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&stage);
        return Err(e);
    }
    if dir.exists() {
        std::fs::rename(dir, &old)
            .with_context(|| format!("failed to move `{}` aside", dir.display()))?;
    }
    if let Err(e) = std::fs::rename(&stage, dir) {
        if old.exists() {
            let _ = std::fs::rename(&old, dir);
        }
        return Err(e)
            .with_context(|| format!("failed to move the new site into `{}`", dir.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| {
            format!("failed to remove the previous site at `{}`", old.display())
        })?;
    }
    Ok(SyncReport {
        written: paths.len(),
        unchanged: 0,
        removed: 0,
        changed: Vec::new(),
    })
}

/// Updates `dir` in place: writes files whose bytes differ, removes files the previous
/// manifest listed that are no longer produced.
#[cfg(test)]
pub(crate) fn sync(dir: &Path, files: &[OutputFile]) -> Result<SyncReport> {
    sync_in_phases(dir, files, |_| {}, || Ok(Vec::new()))
}

/// `sync`, in two phases: `first` is written and `first_done` told which of its files changed
/// (so `serve` can update open pages), then the files `late` produces are; then the files no
/// longer produced are removed. The report covers both phases.
pub(crate) fn sync_in_phases(
    dir: &Path,
    first: &[OutputFile],
    first_done: impl FnOnce(&[String]),
    late: impl FnOnce() -> Result<Vec<OutputFile>>,
) -> Result<SyncReport> {
    check_owned(dir)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    let previous: BTreeSet<String> = std::fs::read_to_string(dir.join(MANIFEST))
        .map(|m| m.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let write = |batch: &[OutputFile]| -> Result<Vec<String>> {
        let wrote: Vec<bool> = batch
            .par_iter()
            .map(|f| write_if_changed(dir, f))
            .collect::<Result<_>>()?;
        let mut changed: Vec<String> = batch
            .iter()
            .zip(&wrote)
            .filter(|(_, w)| **w)
            .map(|(f, _)| f.path.clone())
            .collect();
        changed.sort_unstable();
        Ok(changed)
    };
    let mut changed = write(first)?;
    first_done(&changed);
    let later = late()?;
    changed.extend(write(&later)?);
    let written = changed.len();
    let files = || first.iter().chain(&later);
    let current: BTreeSet<&str> = files().map(|f| f.path.as_str()).collect();
    let mut removed = 0;
    for stale in previous.iter().filter(|p| !current.contains(p.as_str())) {
        let path = safe_join(dir, stale)?;
        if path.is_file() {
            std::fs::remove_file(&path)
                .with_context(|| format!("failed to remove `{}`", path.display()))?;
            removed += 1;
            changed.push(stale.clone());
            remove_empty_parents(dir, &path);
        }
    }
    if previous
        .iter()
        .map(String::as_str)
        .ne(current.iter().copied())
    {
        write_manifest(dir, files().map(|f| f.path.as_str()))?;
    }
    changed.sort_unstable();
    Ok(SyncReport {
        written,
        unchanged: first.len() + later.len() - written,
        removed,
        changed,
    })
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

fn write_if_changed(dir: &Path, f: &OutputFile) -> Result<bool> {
    let path = safe_join(dir, &f.path)?;
    let new: Cow<'_> = match &f.body {
        Body::Copy(src) => Cow::Owned(crate::fs::read(src)?),
        Body::Unchanged => return Ok(false),
        body => body
            .bytes()
            .context("internal error: a page could not be produced")?,
    };
    // Only a file of the same length can hold the same bytes: most edits skip the read.
    let same_len = std::fs::metadata(&path).is_ok_and(|m| m.len() == new.len() as u64);
    if same_len && std::fs::read(&path).is_ok_and(|old| old == *new) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    std::fs::write(&path, &*new)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(true)
}

type Cow<'a> = std::borrow::Cow<'a, [u8]>;

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

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut p = file.parent();
    while let Some(d) = p {
        if d == root || std::fs::remove_dir(d).is_err() {
            break;
        }
        p = d.parent();
    }
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

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("playbook-out-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn publish_replaces_the_whole_directory() {
        let root = tmp("publish");
        let out = root.join("public");
        publish(
            &out,
            &[
                OutputFile::new("a/index.html", "A"),
                OutputFile::new("b.txt", "B"),
            ],
        )
        .unwrap();
        publish(&out, &[OutputFile::new("a/index.html", "A2")]).unwrap();
        let files = listing(&out);
        assert_eq!(
            files.get("a/index.html").map(Vec::as_slice),
            Some(&b"A2"[..])
        );
        assert!(!files.contains_key("b.txt"));
        assert_eq!(
            std::fs::read_dir(&root).unwrap().count(),
            1,
            "no staging leftovers"
        );
    }

    #[test]
    fn failed_publish_leaves_previous_output_and_no_staging() {
        let root = tmp("failed");
        let out = root.join("public");
        publish(&out, &[OutputFile::new("a.html", "A")]).unwrap();
        let err = publish_with(&out, |sink| {
            sink.put(OutputFile::new("b/index.html", "B"))?;
            bail!("template broke")
        })
        .unwrap_err();
        assert!(err.to_string().contains("template broke"), "{err}");
        let mut names: Vec<String> = listing(&out).into_keys().collect();
        names.sort();
        assert_eq!(names, [MANIFEST, "a.html"]);
        assert_eq!(
            std::fs::read_dir(&root).unwrap().count(),
            1,
            "no staging leftovers"
        );
    }

    #[test]
    fn streamed_files_are_written_and_listed_once() {
        let out = tmp("stream").join("public");
        let r = publish_with(&out, |sink| {
            (0..50).into_par_iter().try_for_each(|i| {
                sink.put(OutputFile::new(
                    format!("p{}/c{i}/index.html", i % 5),
                    format!("{i}"),
                ))
            })
        })
        .unwrap();
        assert_eq!(r.written, 50);
        assert_eq!(
            std::fs::read_to_string(out.join("p3/c13/index.html")).unwrap(),
            "13"
        );
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(manifest.lines().count(), 50);
        assert!(manifest.lines().is_sorted());
    }

    #[test]
    fn refuses_foreign_non_empty_directory() {
        let root = tmp("foreign");
        std::fs::write(root.join("notes.txt"), "mine").unwrap();
        let err = publish(&root, &[OutputFile::new("x.html", "x")]).unwrap_err();
        assert!(err.to_string().contains("not created by playbook"), "{err}");
        assert_eq!(std::fs::read(root.join("notes.txt")).unwrap(), b"mine");
    }

    #[test]
    fn sync_writes_only_changes_and_removes_stale() {
        let out = tmp("sync").join("public");
        let r = sync(
            &out,
            &[
                OutputFile::new("a.html", "A"),
                OutputFile::new("d/b.html", "B"),
            ],
        )
        .unwrap();
        assert_eq!(r.written, 2);
        let r = sync(&out, &[OutputFile::new("a.html", "A")]).unwrap();
        assert_eq!(
            r,
            SyncReport {
                written: 0,
                unchanged: 1,
                removed: 1,
                changed: vec!["d/b.html".into()]
            }
        );
        assert!(!out.join("d").exists());
        let r = sync(
            &out,
            &[
                OutputFile::new("a.html", "A2"),
                OutputFile {
                    path: "c.html".into(),
                    body: Body::Unchanged,
                },
            ],
        )
        .unwrap();
        assert_eq!(
            r.changed,
            vec!["a.html".to_string()],
            "unchanged pages are neither written nor reported"
        );
    }

    #[test]
    fn sync_in_phases_reports_the_first_files_before_writing_the_late_ones() {
        let out = tmp("phases").join("public");
        let files = [
            OutputFile::new("a.html", "A"),
            OutputFile::new("b.html", "B"),
        ];
        let late = || Ok(vec![OutputFile::new("print/index.html", "P")]);
        let mut seen = None;
        let r = sync_in_phases(
            &out,
            &files,
            |changed| {
                seen = Some((changed.to_vec(), out.join("print/index.html").exists()));
            },
            late,
        )
        .unwrap();
        let (first, late_on_disk) = seen.expect("told after the first phase");
        assert_eq!(first, ["a.html", "b.html"]);
        assert!(!late_on_disk, "the late file is written after");
        assert_eq!(r.changed, ["a.html", "b.html", "print/index.html"]);
        assert_eq!(std::fs::read(out.join("print/index.html")).unwrap(), b"P");
        // Nothing changed: an empty first phase, and nothing written.
        let mut told = None;
        let r = sync_in_phases(&out, &files, |c| told = Some(c.len()), late).unwrap();
        assert_eq!(
            (told, r.written, r.removed),
            (Some(0), 0, 0),
            "late files are not stale"
        );
    }

    #[test]
    fn rejects_paths_leaving_the_directory() {
        assert!(safe_join(Path::new("/tmp/x"), "../etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a/b.html").is_ok());
    }
}
