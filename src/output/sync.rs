//! `sync`: the in-place update of the output (`serve`, and `build` when the build cache vouches
//! for the pages in it), under the output's lock. Only files whose bytes differ are written:
//! all of a batch into a hidden temporary folder of the output first, and renamed into their
//! places only once every one is written, so a failed write (a full disk) leaves every file of
//! the batch as it was; a sync stopped halfway leaves that folder, which the next one removes.
//! Files the previous manifest listed that are no longer produced are removed. New paths
//! enter the manifest before they are written, so a file written by a sync that then failed
//! is still removed once stale.
use super::place::Place;
use super::{Body, MANIFEST, OutputFile, SyncReport, check_owned, safe_join, write_manifest};
use crate::hash::FastSet;
use anyhow::{Context, Result};
use rayon::prelude::*;
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
        remove_temporaries(dir)?;
        // Sets by hash, not sorted ones: a warm build of 10,000 pages spent 10 ms here on
        // one thread, sorting and copying every path of the site (`write_manifest` sorts).
        let previous: Vec<String> = std::fs::read_to_string(dir.join(MANIFEST))
            .map(|m| m.lines().map(str::to_string).collect())
            .unwrap_or_default();
        let known: FastSet<&str> = previous.iter().map(String::as_str).collect();
        let mut added: FastSet<String> = FastSet::default();
        let mut write = |batch: &[OutputFile]| -> Result<Vec<String>> {
            let changes = changes(dir, batch)?;
            let before = added.len();
            let new = batch.iter().map(|f| f.path.as_str());
            added.extend(new.filter(|p| !known.contains(p)).map(str::to_string));
            if added.len() != before {
                let listed = known
                    .iter()
                    .copied()
                    .chain(added.iter().map(String::as_str));
                write_manifest(dir, listed)?;
            }
            let mut changed = write_all(dir, changes)?;
            changed.sort_unstable();
            Ok(changed)
        };
        let mut changed = write(first)?;
        first_done(&changed);
        let later = late()?;
        changed.extend(write(&later)?);
        let written = changed.len();
        let files = || first.iter().chain(&later);
        let current: FastSet<&str> = files().map(|f| f.path.as_str()).collect();
        let mut removed = 0;
        let mut stale_listed = false;
        for stale in previous.iter().filter(|p| !current.contains(p.as_str())) {
            stale_listed = true;
            let path = safe_join(dir, stale)?;
            if path.is_file() {
                std::fs::remove_file(&path)
                    .with_context(|| format!("failed to remove `{}`", path.display()))?;
                removed += 1;
                changed.push(stale.clone());
                remove_empty_parents(dir, &path);
            }
        }
        // The manifest lists the files of before and those added: it is this build's unless
        // some file of before is no longer made.
        if stale_listed {
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

/// A file whose bytes differ from the disk's: where it goes, and its new bytes.
struct Change<'a> {
    rel: String,
    path: PathBuf,
    bytes: Cow<'a>,
}

/// The files of `batch` whose bytes differ from the disk's, in order.
fn changes<'a>(dir: &Path, batch: &'a [OutputFile]) -> Result<Vec<Change<'a>>> {
    let found: Vec<Option<Change<'a>>> = batch
        .par_iter()
        .map(|f| {
            let path = safe_join(dir, &f.path)?;
            let new: Cow<'a> = match &f.body {
                Body::Copy(src) => Cow::Owned(crate::fs::read(src)?),
                Body::Unchanged => return Ok(None),
                body => body
                    .bytes()
                    .context("internal error: a page could not be produced")?,
            };
            // Only a file of the same length can hold the same bytes: most skip the read.
            let same_len = std::fs::metadata(&path).is_ok_and(|m| m.len() == new.len() as u64);
            if same_len && std::fs::read(&path).is_ok_and(|old| old == *new) {
                return Ok(None);
            }
            let rel = f.path.clone();
            Ok(Some(Change {
                rel,
                path,
                bytes: new,
            }))
        })
        .collect::<Result<_>>()?;
    Ok(found.into_iter().flatten().collect())
}

/// Writes `changes` in two steps: every file goes to a temporary folder inside `dir` (so a
/// rename puts it in place), and only once all of them are written are they renamed into
/// place. A write that fails (a full disk) removes the temporary files and leaves every file
/// as it was. Returns the paths written.
fn write_all(dir: &Path, changes: Vec<Change<'_>>) -> Result<Vec<String>> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let folder = dir.join(TEMPORARIES);
    std::fs::create_dir(&folder)
        .with_context(|| format!("failed to create `{}`", folder.display()))?;
    let written: Vec<Result<PathBuf>> = (changes.par_iter().enumerate())
        .map(|(n, c)| write_aside(&folder.join(n.to_string()), c))
        .collect();
    let renamed = match written.iter().any(Result::is_err) {
        true => Err(written.into_iter().filter_map(Result::err).next()),
        false => (changes.into_par_iter().zip(written))
            .map(|(c, tmp)| {
                std::fs::rename(tmp?, &c.path)
                    .with_context(|| format!("failed to write `{}`", c.path.display()))?;
                Ok(c.rel)
            })
            .collect::<Result<Vec<String>>>()
            .map_err(Some),
    };
    let _ = std::fs::remove_dir_all(&folder);
    renamed.map_err(|e| e.unwrap_or_else(|| anyhow::anyhow!("a write failed")))
}

/// Writes `c` to `tmp`, making its folder in the output as needed; returns `tmp`.
fn write_aside(tmp: &Path, c: &Change<'_>) -> Result<PathBuf> {
    if let Some(parent) = c.path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    std::fs::write(tmp, &c.bytes)
        .with_context(|| format!("failed to write `{}`", c.path.display()))?;
    Ok(tmp.to_path_buf())
}

/// The folder inside the output where a sync writes its files before renaming them into
/// place; hidden (the preview server serves no hidden path) and never in the manifest.
const TEMPORARIES: &str = ".playbook-tmp";

/// Removes the temporary folder a sync stopped halfway left behind.
fn remove_temporaries(dir: &Path) -> Result<()> {
    let folder = dir.join(TEMPORARIES);
    match std::fs::symlink_metadata(&folder) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(&folder),
        Ok(_) => std::fs::remove_file(&folder),
        Err(_) => return Ok(()),
    }
    .with_context(|| format!("failed to remove `{}`", folder.display()))
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
    fn the_manifest_lists_the_files_of_the_last_sync() {
        let out = test_dir("sync-manifest").join("public");
        let manifest = || {
            let text = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            lines.sort();
            lines
        };
        let file = OutputFile::new;
        sync(&out, &[file("a.html", "A"), file("b.html", "B")]).unwrap();
        assert_eq!(manifest(), ["a.html", "b.html"]);
        // One file kept, one added by the late phase, one no longer made.
        let late = || Ok(vec![file("c/d.html", "D")]);
        sync_in_phases(&out, &[file("a.html", "A")], |_| {}, late).unwrap();
        assert_eq!(manifest(), ["a.html", "c/d.html"]);
        assert!(!out.join("b.html").exists());
        // The same files, one changed: the list stays as it is.
        sync(&out, &[file("a.html", "A2"), file("c/d.html", "D")]).unwrap();
        assert_eq!(manifest(), ["a.html", "c/d.html"]);
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
    fn temporary_files_a_stopped_sync_left_are_removed() {
        let out = test_dir("temporaries").join("public");
        sync(&out, &[OutputFile::new("a/index.html", "A")]).unwrap();
        assert!(
            !out.join(TEMPORARIES).exists(),
            "a sync leaves no temporary folder"
        );
        std::fs::create_dir_all(out.join(TEMPORARIES)).unwrap();
        std::fs::write(out.join(TEMPORARIES).join("0"), "half").unwrap();
        let r = sync(&out, &[OutputFile::new("a/index.html", "A")]).unwrap();
        assert!(!out.join(TEMPORARIES).exists());
        assert_eq!((r.removed, r.changed.len()), (0, 0), "{r:?}");
    }

    #[test]
    fn a_failed_write_leaves_every_file_of_its_batch_as_it_was() {
        let out = test_dir("failed-batch").join("public");
        let old = [
            OutputFile::new("a/index.html", "old a"),
            OutputFile::new("b/index.html", "old b"),
        ];
        sync(&out, &old).unwrap();
        // A file where a folder goes makes one write fail, as a full disk would.
        std::fs::write(out.join("c"), "in the way").unwrap();
        let new = [
            OutputFile::new("a/index.html", "new a"),
            OutputFile::new("b/index.html", "new b, longer"),
            OutputFile::new("c/index.html", "C"),
        ];
        let err = sync(&out, &new).unwrap_err();
        assert!(format!("{err:#}").contains("c"), "{err:#}");
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"old a");
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"old b");
        assert!(!out.join(TEMPORARIES).exists(), "temporary files were left");
        std::fs::remove_file(out.join("c")).unwrap();
        // A sync that wrote a new page and then failed: the page is listed all the same...
        let new = [OutputFile::new("d/index.html", "D")];
        let failed = sync_in_phases(&out, &new, |_| {}, || anyhow::bail!("disk full"));
        assert!(failed.is_err());
        assert!(out.join("d/index.html").is_file());
        // ...so it goes once it is no longer produced.
        let r = sync(&out, &old).unwrap();
        assert_eq!(r.changed, ["d/index.html"]);
        assert!(!out.join("d").exists());
    }
}
