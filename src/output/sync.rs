//! `sync`: the in-place update of the output (`serve`, and `build` when the build cache vouches
//! for the pages in it), under the output's lock. Only files whose bytes differ are written:
//! all of a batch to temporary names beside their places first, and renamed over them only
//! once every one is written, so a failed write (a full disk) leaves every file of the batch
//! as it was; files the previous manifest listed that are no longer produced are removed. New
//! paths enter the manifest before they are written, so a file written by a sync that then
//! failed is still removed once stale.
use super::place::Place;
use super::{Body, MANIFEST, OutputFile, SyncReport, check_owned, safe_join, write_manifest};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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
    Place::of(dir)?.locked(|| {
        check_owned(dir)?;
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
        let previous: BTreeSet<String> = std::fs::read_to_string(dir.join(MANIFEST))
            .map(|m| m.lines().map(str::to_string).collect())
            .unwrap_or_default();
        let mut listed = previous.clone();
        let mut write = |batch: &[OutputFile]| -> Result<Vec<String>> {
            let before = listed.len();
            listed.extend(batch.iter().map(|f| f.path.clone()));
            if listed.len() != before {
                write_manifest(dir, listed.iter().map(String::as_str))?;
            }
            let wrote = write_all(dir, batch)?;
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
        if listed
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
    })
}

/// Writes the files of `batch` whose bytes differ from the disk's, in two steps: every new
/// file goes to a temporary name beside its place, and only once all of them are written are
/// they renamed into place. A write that fails (a full disk) removes the temporary files and
/// leaves every file as it was. True for each file written.
fn write_all(dir: &Path, batch: &[OutputFile]) -> Result<Vec<bool>> {
    let staged: Vec<Result<Option<Temporary>>> =
        batch.par_iter().map(|f| write_aside(dir, f)).collect();
    let mut temporaries = Vec::with_capacity(staged.len());
    let mut failure = None;
    for s in staged {
        match s {
            Ok(t) => temporaries.push(t),
            Err(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    if let Some(e) = failure {
        for t in temporaries.iter().flatten() {
            let _ = std::fs::remove_file(&t.tmp);
        }
        return Err(e);
    }
    let renamed: Vec<Result<bool>> = temporaries
        .par_iter()
        .map(|t| match t {
            None => Ok(false),
            Some(t) => std::fs::rename(&t.tmp, &t.path)
                .map(|()| true)
                .map_err(|e| {
                    let _ = std::fs::remove_file(&t.tmp);
                    anyhow::Error::new(e).context(format!("failed to write `{}`", t.path.display()))
                }),
        })
        .collect();
    renamed.into_iter().collect()
}

/// A file's new bytes, written beside it, to be renamed over it.
struct Temporary {
    tmp: PathBuf,
    path: PathBuf,
}

/// Writes `f` to a temporary name beside its place, unless the file already holds its bytes
/// (`None`).
fn write_aside(dir: &Path, f: &OutputFile) -> Result<Option<Temporary>> {
    let path = safe_join(dir, &f.path)?;
    let new: Cow<'_> = match &f.body {
        Body::Copy(src) => Cow::Owned(crate::fs::read(src)?),
        Body::Unchanged => return Ok(None),
        body => body
            .bytes()
            .context("internal error: a page could not be produced")?,
    };
    // Only a file of the same length can hold the same bytes: most edits skip the read.
    let same_len = std::fs::metadata(&path).is_ok_and(|m| m.len() == new.len() as u64);
    if same_len && std::fs::read(&path).is_ok_and(|old| old == *new) {
        return Ok(None);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    let tmp = temporary(&path);
    if let Err(e) = std::fs::write(&tmp, &new) {
        let _ = std::fs::remove_file(&tmp);
        return Err(anyhow::Error::new(e).context(format!("failed to write `{}`", path.display())));
    }
    Ok(Some(Temporary { tmp, path }))
}

/// `.<name>.playbook-tmp` beside `path`.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy());
    path.with_file_name(format!(".{name}.playbook-tmp"))
}

type Cow<'a> = std::borrow::Cow<'a, [u8]>;

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut p = file.parent();
    while let Some(d) = p {
        if d == root || std::fs::remove_dir(d).is_err() {
            break;
        }
        p = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_dir;
    use super::*;

    #[test]
    fn sync_writes_only_changes_and_removes_stale() {
        let out = test_dir("sync").join("public");
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
        let out = test_dir("phases").join("public");
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
    fn a_failed_write_leaves_every_file_of_its_batch_as_it_was() {
        let out = test_dir("failed-batch").join("public");
        let old = [
            OutputFile::new("a/index.html", "old a"),
            OutputFile::new("b/index.html", "old b"),
        ];
        sync(&out, &old).unwrap();
        std::fs::create_dir_all(out.join("b/.index.html.playbook-tmp/x")).unwrap();
        let new = [
            OutputFile::new("a/index.html", "new a"),
            OutputFile::new("b/index.html", "new b"),
        ];
        let err = sync(&out, &new).unwrap_err();
        assert!(format!("{err:#}").contains("b/index.html"), "{err:#}");
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"old a");
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"old b");
        assert!(
            !out.join("a/.index.html.playbook-tmp").exists(),
            "a temporary file was left"
        );
    }

    #[test]
    fn a_failed_write_keeps_the_previous_file_and_lists_new_ones() {
        let out = test_dir("failed-write").join("public");
        sync(&out, &[OutputFile::new("a/index.html", "old page")]).unwrap();
        // A folder where the temporary file goes makes the write fail, as a full disk would.
        std::fs::create_dir_all(out.join("a/.index.html.playbook-tmp/x")).unwrap();
        let err = sync(&out, &[OutputFile::new("a/index.html", "new page, longer")]).unwrap_err();
        assert!(format!("{err:#}").contains("a/index.html"), "{err:#}");
        assert_eq!(
            std::fs::read(out.join("a/index.html")).unwrap(),
            b"old page"
        );
        std::fs::remove_dir_all(out.join("a/.index.html.playbook-tmp")).unwrap();
        // A sync that wrote a new page and then failed: the page is listed all the same...
        let new = [OutputFile::new("b/index.html", "B")];
        let failed = sync_in_phases(&out, &new, |_| {}, || anyhow::bail!("disk full"));
        assert!(failed.is_err());
        assert!(out.join("b/index.html").is_file());
        // ...so it goes once it is no longer produced.
        let r = sync(&out, &[OutputFile::new("a/index.html", "old page")]).unwrap();
        assert_eq!(r.changed, ["b/index.html"]);
        assert!(!out.join("b").exists());
    }
}
