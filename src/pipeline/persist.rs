//! The build cache on disk (`[build] cache_dir`, `.playbook-cache/` by default): the memos of
//! `Caches` (rendered Markdown with its highlighted code, chapters made ready for print,
//! search chunks and rows, the pages written: `written.rs`), written after a build and read by
//! the next process, so a build after an edit redoes only the work the edit touched. Entries keep the keys `Caches` gives
//! them (hashes of their inputs); the file as a whole is keyed by the binary
//! (`PLAYBOOK_BUILD_ID`) and the settings, so nothing made by other code or settings is read.
//! A file that cannot be trusted (unreadable, truncated, bad checksum, written by another
//! build of playbook, not a file) is ignored with one warning. Writing goes to a temporary
//! file renamed into place, and a failed write is a warning. Decides nothing else.
use super::caches::Caches;
use super::written::Written;
use crate::config::Settings;
use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::theme::Theme;
use anyhow::{Result, bail};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The cache file in the cache folder.
const FILE: &str = "caches.bin";
/// Opens every cache file; the last byte is the layout of the header.
const MAGIC: &[u8; 16] = b"playbook-cache\n\x01";
/// Fingerprint of the sources this binary was compiled from (`build.rs`).
const BUILD_ID: &str = env!("PLAYBOOK_BUILD_ID");
/// Magic, build, settings, then the payload, then its length and checksum.
const HEADER: usize = MAGIC.len() + 16;
const TRAILER: usize = 16;

/// Rendered Markdown by content-relative path, with the key of its inputs.
type Markdown = HashMap<String, (u64, Arc<Rendered>)>;

/// What is written: the memos of `Caches`, borrowed.
#[derive(serde::Serialize)]
struct Saved<'a> {
    markdown: &'a Markdown,
    print: &'a crate::print::Cache,
    search: &'a crate::search::Cache,
    written: &'a Written,
}

/// What is read back.
#[derive(serde::Deserialize)]
struct Restored {
    markdown: Markdown,
    print: crate::print::Cache,
    search: crate::search::Cache,
    written: Written,
}

/// The cache folder of one site and the key of its settings.
#[derive(Debug)]
pub(super) struct Store {
    dir: PathBuf,
    /// The cache file as messages name it: relative to the site root when inside it.
    shown: String,
    allow_outside_root: bool,
    root: PathBuf,
    /// The output folder, whose pages the cache may vouch for.
    out: PathBuf,
    settings: u64,
}

impl Store {
    /// The store of `settings`, or `None` with `--no-cache`. Refuses a cache folder outside
    /// the root (unless `--allow-outside-root`) or overlapping what a build reads or writes.
    pub(super) fn open(settings: &Settings) -> Result<Option<Store>> {
        let Some(dir) = settings.cache_dir.clone() else {
            return Ok(None);
        };
        let root = &settings.root;
        let refuse = |why: &str| {
            bail!(
                "refusing to keep the build cache in `{}`: {why}",
                dir.display()
            )
        };
        if !settings.allow_outside_root && !dir.starts_with(root) {
            refuse("it is outside the site root; pass --allow-outside-root to keep it there")?;
        }
        if root.starts_with(&dir) {
            refuse(
                "it is (or contains) the site root; set `[build] cache_dir` to a folder of its own",
            )?;
        }
        let overlaps = |other: &Path| dir.starts_with(other) || other.starts_with(&dir);
        if overlaps(&settings.content_dir()) || overlaps(&root.join("themes")) {
            refuse("it overlaps the content or the themes, which a build reads")?;
        }
        if overlaps(&settings.output_dir) {
            refuse("it overlaps the output directory, which is published")?;
        }
        let shown = match dir.join(FILE).strip_prefix(root) {
            Ok(rel) => crate::fs::slash_path(rel),
            Err(_) => crate::fs::slash_path(&dir.join(FILE)),
        };
        Ok(Some(Store {
            shown,
            dir,
            allow_outside_root: settings.allow_outside_root,
            root: root.clone(),
            out: settings.output_dir.clone(),
            settings: settings_key(settings),
        }))
    }

    /// The caches the last build saved; empty ones when there is no cache yet or it was made
    /// for other settings, and, with a warning, when it cannot be trusted. The pages it
    /// vouches for are those still in the output as the last build left them, rendered with
    /// the templates of `theme`.
    pub(super) fn load(&self, theme: &Theme) -> (Caches, Option<Diagnostic>) {
        let mut caches = Caches::default();
        match self.read() {
            Ok(Some(restored)) => {
                *caches.markdown.get_mut().unwrap_or_else(|e| e.into_inner()) = restored.markdown;
                caches.print = restored.print;
                caches.search = restored.search;
                caches.restore_written(restored.written, &self.out, theme);
                (caches, None)
            }
            Ok(None) => (caches, None),
            Err(why) => (
                caches,
                Some(self.warning(&format!("{why}; ignored, and rebuilt"))),
            ),
        }
    }

    /// Removes a cache file that `load` could not trust (a directory in its place too: the
    /// folder is playbook's), so that it is warned about once, whether or not the build
    /// that follows succeeds and replaces it.
    pub(super) fn forget(&self) {
        let path = self.dir.join(FILE);
        if self.check_inside().is_ok() {
            let _ = match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
        }
    }

    /// Writes the memos of `caches` and the pages now in the output (rendered with `theme`),
    /// replacing the file in one step; a warning when it cannot.
    pub(super) fn save(&self, caches: &Caches, theme: &Theme) -> Option<Diagnostic> {
        self.write(caches, theme).err().map(|e| {
            self.warning(&format!(
                "could not be written ({e:#}); the next build starts cold"
            ))
        })
    }

    fn warning(&self, message: &str) -> Diagnostic {
        Diagnostic::warning(
            &self.shown,
            0,
            format!("build cache `{}` {message}", self.shown),
        )
    }

    /// Refuses a cache folder that symbolic links lead out of the root.
    fn check_inside(&self) -> std::result::Result<(), String> {
        if self.allow_outside_root {
            return Ok(());
        }
        let real = |p: &Path| std::fs::canonicalize(p).ok();
        match (real(&self.dir), real(&self.root)) {
            (Some(dir), Some(root)) if !dir.starts_with(&root) => {
                Err("is behind a symbolic link that leads out of the site root".into())
            }
            _ => Ok(()),
        }
    }

    /// The saved caches; `None` when there are none for this build and these settings.
    fn read(&self) -> std::result::Result<Option<Restored>, String> {
        let path = self.dir.join(FILE);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot be read ({e})")),
        };
        self.check_inside()?;
        if meta.is_dir() {
            return Err("is a directory, not a file".into());
        }
        if !meta.is_file() {
            return Err("is not a regular file".into());
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        std::fs::File::open(&path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| format!("cannot be read ({e})"))?;
        if bytes.len() < HEADER + TRAILER || &bytes[..MAGIC.len()] != MAGIC {
            return Err("is not a playbook build cache, or is truncated".into());
        }
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
        let end = bytes.len() - TRAILER;
        let payload = &bytes[HEADER..end];
        if word(end) != payload.len() as u64 || word(end + 8) != checksum(payload) {
            return Err("is truncated or corrupt".into());
        }
        if word(MAGIC.len()) != build_key() {
            return Err("was written by another build of playbook".into());
        }
        if word(MAGIC.len() + 8) != self.settings {
            // Other settings: a miss, not a problem.
            return Ok(None);
        }
        postcard::from_bytes(payload)
            .map(Some)
            .map_err(|e| format!("is corrupt ({e})"))
    }

    fn write(&self, caches: &Caches, theme: &Theme) -> Result<()> {
        use anyhow::Context;
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("failed to create `{}`", self.dir.display()))?;
        if let Err(why) = self.check_inside() {
            bail!("{why}");
        }
        mark_as_cache(&self.dir);
        let path = self.dir.join(FILE);
        let tmp = self.dir.join(format!("{FILE}.tmp-{}", std::process::id()));
        let written = (|| -> Result<()> {
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("failed to create `{}`", tmp.display()))?;
            let mut out = Checksummed::new(std::io::BufWriter::with_capacity(1 << 20, file));
            out.inner.write_all(MAGIC)?;
            out.inner.write_all(&build_key().to_le_bytes())?;
            out.inner.write_all(&self.settings.to_le_bytes())?;
            let written = caches.written(&self.out, theme);
            let markdown = lock(&caches.markdown);
            let saved = Saved {
                markdown: &markdown,
                print: &caches.print,
                search: &caches.search,
                written: &written,
            };
            postcard::to_io(&saved, &mut out)?;
            drop(markdown);
            let (len, sum) = (out.len, u64::from(out.hasher.finalize()));
            let mut inner = out.inner;
            inner.write_all(&len.to_le_bytes())?;
            inner.write_all(&sum.to_le_bytes())?;
            // No fsync: a file cut short by a crash fails its checksum and is rebuilt.
            inner.into_inner().map_err(|e| e.into_error())?;
            std::fs::rename(&tmp, &path)?;
            Ok(())
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written.with_context(|| format!("`{}`", path.display()))
    }
}

/// Tells backup tools and git that the folder holds nothing to keep: `CACHEDIR.TAG` (the
/// Cache Directory Tagging Specification) and a `.gitignore` of everything. Best effort.
fn mark_as_cache(dir: &Path) {
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        let _ = std::fs::write(
            &tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n# playbook's build cache: safe to delete.\n",
        );
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(ignore, "*\n");
    }
}

/// The build of playbook, as a number.
fn build_key() -> u64 {
    let mut h = crate::hash::key_hasher();
    BUILD_ID.hash(&mut h);
    h.finish()
}

/// Everything in the settings that output may depend on: `site.toml` as read and what the
/// command line overrides. (The theme is not in it: nothing stored depends on the templates,
/// and highlighted code carries classes that the generated stylesheet colours.)
fn settings_key(s: &Settings) -> u64 {
    let mut h = crate::hash::key_hasher();
    serde_json::to_string(&s.config)
        .unwrap_or_default()
        .hash(&mut h);
    (s.drafts, &s.content, format!("{:?}", s.base)).hash(&mut h);
    s.output_dir
        .strip_prefix(&s.root)
        .unwrap_or(&s.output_dir)
        .hash(&mut h);
    h.finish()
}

/// CRC-32 of the payload: the same however it is fed, unlike the hashers of `crate::hash`.
fn checksum(bytes: &[u8]) -> u64 {
    u64::from(crc32fast::hash(bytes))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Counts and hashes the payload on its way to the file.
struct Checksummed<W> {
    inner: W,
    hasher: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> Checksummed<W> {
    fn new(inner: W) -> Self {
        Checksummed {
            inner,
            hasher: crc32fast::Hasher::new(),
            len: 0,
        }
    }
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
