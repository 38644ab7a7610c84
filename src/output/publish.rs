//! `publish`: the whole site written to a staging folder of its own beside the output, then
//! swapped into place in one step, under the output's lock (`place`). A failed build leaves
//! the previous site exactly as it was; a build stopped at any moment leaves a complete site
//! (the previous or the new one) and leftovers the next build cleans; a previous site moved
//! aside by an interrupted swap is restored before anything else, never deleted.
use super::place::{Place, mount_point_error};
use super::{
    Body, OutputFile, Sink, SyncReport, check_owned, safe_join, write_manifest, write_one,
};
use anyhow::{Context, Result};
use std::path::Path;
use std::sync::Mutex;

/// A sink writing straight into the staging directory of `publish_with`.
struct Staged<'a> {
    dir: &'a Path,
    /// The site being replaced, whose unchanged files are linked into `dir`.
    previous: &'a Path,
    paths: Mutex<Vec<String>>,
}

impl Sink for Staged<'_> {
    fn put(&self, file: OutputFile) -> Result<()> {
        match file.body {
            Body::Unchanged => reuse(self.previous, self.dir, &file.path)?,
            _ => write_one(self.dir, &file)?,
        }
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file.path);
        Ok(())
    }
}

/// Puts the file at `path` in `previous` (a page the build cache says this build would write
/// identically) into `stage`: a hard link, which costs no copy, or a copy where the file
/// system has none. The previous site is removed only after the swap, so a failed build
/// leaves it whole.
fn reuse(previous: &Path, stage: &Path, path: &str) -> Result<()> {
    let (from, to) = (safe_join(previous, path)?, safe_join(stage, path)?);
    if let Some(parent) = to.parent().filter(|p| *p != stage) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    std::fs::hard_link(&from, &to)
        .or_else(|_| std::fs::copy(&from, &to).map(|_| ()))
        .with_context(|| {
            format!(
                "failed to reuse `{}` from the previous site (it changed during the build?)",
                from.display()
            )
        })
}

/// Writes the whole site to a staging directory beside `dir`, then swaps it into place.
#[cfg(test)]
pub(crate) fn publish(dir: &Path, files: &[OutputFile]) -> Result<SyncReport> {
    use rayon::prelude::*;
    publish_with(dir, |sink| {
        files.par_iter().try_for_each(|f| sink.put(f.clone()))
    })
}

/// Runs `produce`, which hands every file of the site to the sink, each written to a staging
/// directory beside `dir` as it arrives; when `produce` succeeds, swaps the staging directory
/// into place. When it fails, `dir` is left exactly as it was. A second build of the same
/// output waits for this one.
pub(crate) fn publish_with(
    dir: &Path,
    produce: impl FnOnce(&dyn Sink) -> Result<()>,
) -> Result<SyncReport> {
    let place = Place::of(dir)?;
    place.locked(|| {
        restore_interrupted(&place)?;
        check_owned(&place.dir)?;
        remove_leftovers(&place)?;
        place.refuse_mount_point()?;
        let stage = place.new_stage()?;
        let staged = Staged {
            dir: &stage,
            previous: &place.dir,
            paths: Mutex::new(Vec::new()),
        };
        let result = produce(&staged);
        let paths = staged.paths.into_inner().unwrap_or_else(|e| e.into_inner());
        let result = result
            .and_then(|()| write_manifest(&stage, paths.iter().map(String::as_str)))
            .and_then(|()| swap_in(&place, &stage));
        if let Err(e) = result {
            let _ = std::fs::remove_dir_all(&stage);
            return Err(e);
        }
        Ok(SyncReport {
            written: paths.len(),
            ..SyncReport::default()
        })
    })
}

/// Puts back a previous site that a swap stopped halfway left beside a missing output
/// directory. Builds call it before anything else, so even a build that fails restores it.
pub(crate) fn restore(dir: &Path) -> Result<()> {
    let place = Place::of(dir)?;
    place.locked(|| restore_interrupted(&place))
}

/// The output is missing and a previous site was moved aside by a swap that did not finish:
/// put it back.
fn restore_interrupted(place: &Place) -> Result<()> {
    let old = place.old();
    if !place.dir.exists() && !place.dir.is_symlink() && old.is_dir() {
        std::fs::rename(&old, &place.dir).with_context(|| {
            format!(
                "failed to restore the previous site from `{}` to `{}`",
                old.display(),
                place.dir.display()
            )
        })?;
    }
    Ok(())
}

/// Staging folders of stopped builds, and a previous site that a finished swap left aside.
fn remove_leftovers(place: &Place) -> Result<()> {
    let mut leftovers = place.leftover_stages();
    if place.dir.exists() && place.old().exists() {
        leftovers.push(place.old());
    }
    for leftover in leftovers {
        std::fs::remove_dir_all(&leftover)
            .with_context(|| format!("failed to remove leftover `{}`", leftover.display()))?;
    }
    Ok(())
}

/// Puts the complete `stage` in the place of the output directory, in one step where the
/// system can (Linux: `renameat2(RENAME_EXCHANGE)`), else by a rename pair; then removes
/// the previous site.
fn swap_in(place: &Place, stage: &Path) -> Result<()> {
    let dir = &place.dir;
    let failed = |e: std::io::Error| -> anyhow::Error {
        if is_mount_error(&e) {
            mount_point_error(dir)
        } else {
            anyhow::Error::new(e).context(format!(
                "failed to move the new site into `{}`",
                dir.display()
            ))
        }
    };
    if !dir.exists() {
        return std::fs::rename(stage, dir).map_err(failed);
    }
    match exchange(stage, dir) {
        Ok(true) => {
            // `stage` now holds the previous site. Should removing it fail, the next build
            // removes it as a leftover: the new site is in place either way.
            let _ = std::fs::remove_dir_all(stage);
            return Ok(());
        }
        Ok(false) => {}
        Err(e) => return Err(failed(e)),
    }
    let old = place.old();
    std::fs::rename(dir, &old).map_err(|e| {
        if is_mount_error(&e) {
            mount_point_error(dir)
        } else {
            anyhow::Error::new(e).context(format!("failed to move `{}` aside", dir.display()))
        }
    })?;
    if let Err(e) = std::fs::rename(stage, dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(failed(e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Exchanges two directories atomically. `Ok(false)` when the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if [rustix::io::Errno::INVAL, rustix::io::Errno::NOSYS].contains(&e) => Ok(false),
        Err(e) if e == rustix::io::Errno::OPNOTSUPP => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// A rename that failed because the output is a mount point (or on another file system).
fn is_mount_error(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        let code = e.raw_os_error();
        code == Some(rustix::io::Errno::BUSY.raw_os_error())
            || code == Some(rustix::io::Errno::XDEV.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MANIFEST, listing, test_dir};
    use super::*;
    use anyhow::bail;
    use rayon::prelude::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn publish_replaces_the_whole_directory() {
        let root = test_dir("publish");
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
            names(&root),
            [".public.playbook-lock", "public"],
            "no staging leftovers"
        );
    }

    #[test]
    fn failed_publish_leaves_previous_output_and_no_staging() {
        let root = test_dir("failed");
        let out = root.join("public");
        publish(&out, &[OutputFile::new("a.html", "A")]).unwrap();
        let err = publish_with(&out, |sink| {
            sink.put(OutputFile::new("b/index.html", "B"))?;
            bail!("template broke")
        })
        .unwrap_err();
        assert!(err.to_string().contains("template broke"), "{err}");
        let mut files: Vec<String> = listing(&out).into_keys().collect();
        files.sort();
        assert_eq!(files, [MANIFEST, "a.html"]);
        assert_eq!(names(&root), [".public.playbook-lock", "public"]);
    }

    #[test]
    fn streamed_files_are_written_and_listed_once() {
        let out = test_dir("stream").join("public");
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
        let root = test_dir("foreign");
        std::fs::write(root.join("notes.txt"), "mine").unwrap();
        let err = publish(&root, &[OutputFile::new("x.html", "x")]).unwrap_err();
        assert!(err.to_string().contains("not created by playbook"), "{err}");
        assert_eq!(std::fs::read(root.join("notes.txt")).unwrap(), b"mine");
    }

    #[test]
    fn a_site_moved_aside_by_an_interrupted_swap_is_restored_before_anything_else() {
        let root = test_dir("restore");
        let out = root.join("public");
        publish(&out, &[OutputFile::new("a.html", "A")]).unwrap();
        // Stopped between the two renames of a swap: no output, the site aside.
        std::fs::rename(&out, root.join(".public.playbook-old")).unwrap();
        let err = publish_with(&out, |_| bail!("this build fails")).unwrap_err();
        assert!(err.to_string().contains("this build fails"));
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"A");
        assert_eq!(names(&root), [".public.playbook-lock", "public"]);
    }

    #[test]
    fn leftovers_of_stopped_builds_are_removed_by_the_next() {
        let root = test_dir("leftovers");
        let out = root.join("public");
        publish(&out, &[OutputFile::new("a.html", "A")]).unwrap();
        std::fs::create_dir_all(root.join(".public.playbook-staging-1-2/x")).unwrap();
        std::fs::create_dir_all(root.join(".public.playbook-old/y")).unwrap();
        std::fs::create_dir_all(root.join(".other.playbook-staging-1-2")).unwrap();
        publish(&out, &[OutputFile::new("b.html", "B")]).unwrap();
        assert_eq!(
            names(&root),
            [
                ".other.playbook-staging-1-2",
                ".public.playbook-lock",
                "public"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_keeps_its_link_and_the_site_goes_into_its_target() {
        let root = test_dir("linked");
        let target = root.join("www/site");
        std::fs::create_dir_all(root.join("www")).unwrap();
        std::os::unix::fs::symlink("www/site", root.join("public")).unwrap();
        publish(&root.join("public"), &[OutputFile::new("a.html", "A")]).unwrap();
        publish(&root.join("public"), &[OutputFile::new("b.html", "B")]).unwrap();
        assert!(root.join("public").is_symlink());
        assert_eq!(
            std::fs::read_link(root.join("public")).unwrap(),
            Path::new("www/site")
        );
        assert_eq!(std::fs::read(target.join("b.html")).unwrap(), b"B");
        assert!(!target.join("a.html").exists());
        assert_eq!(names(&root.join("www")), [".site.playbook-lock", "site"]);
    }
}
