//! Where the output really is, and who may write it: the output path resolved through a
//! symbolic link (publishing goes into the link's target, so the link keeps pointing where it
//! pointed), the names playbook keeps beside it (`.<name>.playbook-lock`, `-staging-*`,
//! `-old`), and the exclusive lock every writer holds, so two builds (or a build and `serve`)
//! never write one output at once. Decides nothing about what is written.
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// The output directory, resolved, with the names kept beside it.
#[derive(Debug, Clone)]
pub(super) struct Place {
    /// The directory the site goes into (the target when the output path is a link).
    pub(super) dir: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Place {
    /// Resolves `dir` when it is a symbolic link (also a dangling one: its target is created).
    pub(super) fn of(dir: &Path) -> Result<Place> {
        let dir = if dir.is_symlink() {
            match dir.canonicalize() {
                Ok(real) => real,
                Err(_) => {
                    let link = std::fs::read_link(dir)
                        .with_context(|| format!("cannot read the link `{}`", dir.display()))?;
                    dir.parent().map_or(link.clone(), |p| p.join(&link))
                }
            }
        } else {
            dir.to_path_buf()
        };
        let parent = dir
            .parent()
            .context("output directory has no parent")?
            .to_path_buf();
        let name = dir
            .file_name()
            .context("output directory has no name")?
            .to_string_lossy()
            .into_owned();
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
        Ok(Place { dir, parent, name })
    }

    /// `.<name>.playbook-<what>` beside the output directory.
    pub(super) fn beside(&self, what: &str) -> PathBuf {
        self.parent.join(format!(".{}.playbook-{what}", self.name))
    }

    /// Where an interrupted swap leaves the previous site (`rename` pair only).
    pub(super) fn old(&self) -> PathBuf {
        self.beside("old")
    }

    /// A staging folder no one else uses: created here, empty.
    pub(super) fn new_stage(&self) -> Result<PathBuf> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        for attempt in 0..100u32 {
            let path = self.beside(&format!(
                "staging-{}-{:x}",
                std::process::id(),
                nanos.wrapping_add(attempt)
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("failed to create `{}`", path.display()));
                }
            }
        }
        bail!(
            "cannot create a staging folder beside `{}`",
            self.dir.display()
        )
    }

    /// Staging folders left by builds that were stopped (only ever called under the lock,
    /// so none of them is in use).
    pub(super) fn leftover_stages(&self) -> Vec<PathBuf> {
        let prefix = format!(".{}.playbook-staging-", self.name);
        std::fs::read_dir(&self.parent)
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Fails when the output directory is a mount point: it cannot be replaced as a whole.
    pub(super) fn refuse_mount_point(&self) -> Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if let (Ok(dir), Ok(parent)) = (self.dir.metadata(), self.parent.metadata())
                && dir.is_dir()
                && dir.dev() != parent.dev()
            {
                return Err(mount_point_error(&self.dir));
            }
        }
        Ok(())
    }

    /// Runs `f` holding the output's exclusive lock, waiting (after saying so on stderr)
    /// while another playbook holds it. The lock is a file beside the output: the system
    /// releases it when the process ends, however it ends.
    pub(super) fn locked<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let path = self.beside("lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the lock file `{}`", path.display()))?;
        let mut lock = fd_lock::RwLock::new(file);
        let busy = matches!(lock.try_write(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
        if busy {
            eprintln!(
                "waiting: another playbook is writing `{}` (lock `{}`)",
                self.dir.display(),
                path.display()
            );
        }
        let _guard = lock
            .write()
            .with_context(|| format!("cannot lock `{}`", path.display()))?;
        f()
    }
}

/// The error for an output directory that is a mount point.
pub(super) fn mount_point_error(dir: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "cannot publish into `{}`: it is a mount point, which playbook cannot replace as a whole (it builds the site beside it and swaps the two); publish into a folder inside it (`--output {}/site`) and serve that",
        dir.display(),
        dir.display()
    )
}
