//! The build cache on disk (`[build] cache_dir`, `.playbook-cache/` by default): the memos of
//! `Caches` (rendered Markdown with its highlighted code, chapters made ready for print,
//! search chunks and rows, the sources read: `files.rs`) and the pages written (`written.rs`),
//! saved after a build and read by the next process, so a build after an edit redoes only the
//! work the edit touched.
//!
//! The memos are spread by key over shard files (`shard_count`) (`shards/<fingerprint>.bin`), and a
//! head file (`caches.bin`) lists them with the pages written and how each source was read
//! (stamps, which change without the text: kept out of the shards, a fresh checkout rewrites
//! none). Entries keep the keys `Caches` gives them (hashes of their inputs), so a shard's
//! fingerprint (of its keys) names its content: a save writes only the shards not on disk yet
//! (an edit touches a few; beside the writing of the output), then the head, then removes the
//! shards no longer listed; a load reads the shards in parallel, and decodes what only the
//! output needs (print and search memos, kept apart in each shard: `shard.rs`) and vouches
//! for the pages on disk in the background, while the model is built. Every file is keyed by the binary (`PLAYBOOK_BUILD_ID`) and
//! the settings (`format.rs`), so nothing made by other code or settings is read. A file that
//! cannot be trusted (unreadable, truncated, bad checksum, written by another build of
//! playbook, not a file, a shard whose entries are not those its name promises) is ignored with
//! one warning naming it, and the whole cache with it. A failed write is a warning. Decides
//! nothing else.
mod format;
mod shard;

use super::caches::{Caches, Pending};
use super::files::{Kept, Reads};
use super::written::{self, Written};
use crate::config::Settings;
use crate::diagnostics::Diagnostic;
use crate::hash::Sharded;
use crate::markdown::Rendered;
use crate::theme::Theme;
use anyhow::{Result, bail};
use rayon::prelude::*;
use shard::{Shard, Stored, decode_late};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The head file in the cache folder: the pages written, and which shard files hold the memos.
const FILE: &str = "caches.bin";
/// The folder of the shard files, each named by its fingerprint.
const SHARD_DIR: &str = "shards";
/// How many shards the memos of a site of `pages` pages are spread over: about 40 pages
/// each (about 1 MB at 10,000 pages), between 16 and 256. An edit rewrites the few that
/// its entries fall in (five, at 10,000 pages: 64 shards of 5 MB made a save write 20 MB),
/// and loading reads them in parallel; a small site is not spread over files of a few KB,
/// each opened on every build. A site that grows past a power of two rewrites them once
/// (only saving splits by count: a load takes the entries of every shard listed).
fn shard_count(pages: usize) -> usize {
    (pages / 40).next_power_of_two().clamp(16, 256)
}

/// Rendered Markdown by content-relative path, with the key of its inputs.
type Markdown = crate::hash::FastMap<String, (u64, Arc<Rendered>)>;

/// What the head file holds, borrowed for writing.
#[derive(serde::Serialize)]
struct SavedHead<'a> {
    written: &'a Written,
    /// The fingerprint of each shard, 0 for an empty one (no file).
    shards: &'a [u64],
    /// How each source kept in the shards was read: stamps change without the text (a fresh
    /// checkout), so they stay out of the shards, which would all be written again.
    reads: &'a Reads,
}

/// What the head file holds.
#[derive(serde::Deserialize)]
struct Head {
    written: Written,
    shards: Vec<u64>,
    reads: Reads,
}

/// The shards `Store::save_memos` wrote (or found on disk), for the head to list.
pub(super) struct Memos {
    /// The fingerprint of each shard, 0 for an empty one.
    fingerprints: Vec<u64>,
    reads: Reads,
}

/// The head and the shards it lists, each with its file.
type Found = (Head, Vec<(String, Stored)>);

/// A cache file that cannot be trusted, as it is named in the folder, and what is wrong.
type Untrusted = (String, String);

/// The cache folder of one site and the key of its settings.
#[derive(Debug)]
pub(super) struct Store {
    dir: PathBuf,
    allow_outside_root: bool,
    root: PathBuf,
    /// The output folder, whose pages the cache may vouch for.
    out: PathBuf,
    settings: u64,
    /// The shard files the caches were loaded from: a save writes only the others.
    loaded: HashSet<u64>,
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
        Ok(Some(Store {
            dir,
            allow_outside_root: settings.allow_outside_root,
            root: root.clone(),
            out: settings.output_dir.clone(),
            settings: settings_key(settings),
            loaded: HashSet::new(),
        }))
    }

    /// The caches the last build saved; empty ones when there is no cache yet or it was made
    /// for other settings, and, with a warning, when it cannot be trusted. The pages it
    /// vouches for are those still in the output as the last build left them, rendered with
    /// the templates of `theme`.
    pub(super) fn load(&mut self, theme: &Theme) -> (Caches, Option<Diagnostic>) {
        let mut caches = Caches::default();
        match self.read() {
            Ok(Some((head, shards))) => {
                let mut markdown = Markdown::default();
                let mut files = Kept::default();
                let mut late = Vec::with_capacity(shards.len());
                for (file, shard) in shards {
                    markdown.merge(shard.markdown);
                    files.merge(shard.files);
                    late.push((file, shard.late_fingerprints, shard.late));
                }
                caches.files.restore(files, head.reads);
                *caches.markdown.get_mut().unwrap_or_else(|e| e.into_inner()) = markdown;
                let (out, templates) = (self.out.clone(), written::templates_key(theme));
                let (dir, root) = (self.dir.clone(), self.root.clone());
                let written = head.written;
                caches.await_late(Pending::spawn(move || {
                    decode_late(&late, written, &out, templates)
                        .map_err(|(file, why)| warning(&dir, &root, &file, &untrusted(&why)))
                }));
                self.loaded = head.shards.into_iter().collect();
                (caches, None)
            }
            Ok(None) => (caches, None),
            Err((file, why)) => (caches, Some(self.warning(&file, &untrusted(&why)))),
        }
    }

    /// Forgets the cache that `load` read when what it decodes in the background turns out
    /// untrusted (`Caches::settle`): the head is removed, and a save writes every shard.
    pub(super) fn distrust(&mut self) {
        self.loaded.clear();
        self.forget();
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

    /// Writes the shard files of the memos of `caches` that are not on disk yet, the first
    /// half of `save`. It needs nothing of the output, so a build runs it beside the writing
    /// of its files; the shards it writes stay unlisted, and are removed by the next save,
    /// unless `save` follows.
    pub(super) fn save_memos(&self, caches: &Caches) -> Result<Memos> {
        use anyhow::Context;
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("failed to create `{}`", self.dir.display()))?;
        if let Err(why) = self.check_inside() {
            bail!("{why}");
        }
        mark_as_cache(&self.dir);
        let shards_dir = self.dir.join(SHARD_DIR);
        if std::fs::symlink_metadata(&shards_dir).is_ok_and(|m| !m.is_dir()) {
            // Not a folder (a link may lead anywhere): the cache folder is playbook's.
            std::fs::remove_file(&shards_dir)?;
        }
        std::fs::create_dir_all(&shards_dir)
            .with_context(|| format!("failed to create `{}`", shards_dir.display()))?;
        let (files, reads) = caches.files.kept();
        let (fingerprints, shards) = Shard::split(caches, &files, |fp| {
            let path = self.dir.join(shard_file(fp));
            !self.loaded.contains(&fp)
                || !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
        });
        (shards.into_par_iter()).try_for_each(|(shard, fp)| {
            format::write(
                &self.dir.join(shard_file(fp)),
                self.settings,
                &shard.stored()?,
            )
        })?;
        Ok(Memos {
            fingerprints,
            reads,
        })
    }

    /// Writes the memos of `caches` (`memos`, when `save_memos` wrote them already: nothing
    /// they hold changed since) and the pages now in the output (rendered with `theme`),
    /// replacing the file in one step; a warning when it cannot.
    pub(super) fn save(
        &self,
        caches: &Caches,
        theme: &Theme,
        memos: Option<Result<Memos>>,
    ) -> Option<Diagnostic> {
        let memos = memos.unwrap_or_else(|| self.save_memos(caches));
        memos
            .and_then(|memos| self.write_head(memos, caches, theme))
            .err()
            .map(|e| {
                self.warning(
                    FILE,
                    &format!("could not be written ({e:#}); the next build starts cold"),
                )
            })
    }

    /// A warning about `file` of the cache folder.
    fn warning(&self, file: &str, message: &str) -> Diagnostic {
        warning(&self.dir, &self.root, file, message)
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

    /// The head and the shards it lists; `None` when there are none for this build and these
    /// settings. The error names the file that cannot be trusted.
    fn read(&self) -> std::result::Result<Option<Found>, Untrusted> {
        let head_path = self.dir.join(FILE);
        let exists = std::fs::symlink_metadata(&head_path).is_ok();
        if exists {
            self.check_inside().map_err(|why| (FILE.to_string(), why))?;
        }
        let Some(head) = format::read::<Head>(&head_path, self.settings)
            .map_err(|why| (FILE.to_string(), why))?
        else {
            return Ok(None);
        };
        let shards_dir = self.dir.join(SHARD_DIR);
        if std::fs::symlink_metadata(&shards_dir).is_ok_and(|m| !m.is_dir()) {
            return Err((SHARD_DIR.into(), "is not a folder".into()));
        }
        let shards = (head.shards.par_iter())
            .filter(|fp| **fp != 0)
            .map(|fp| {
                let file = shard_file(*fp);
                let shard = format::read::<Stored>(&self.dir.join(&file), self.settings)
                    .and_then(|shard| shard.ok_or_else(|| "is missing".to_string()))
                    .and_then(|shard| match shard.fingerprint() == *fp {
                        true => Ok(shard),
                        false => Err("holds other entries than its name says".into()),
                    });
                match shard {
                    Ok(shard) => Ok((file, shard)),
                    Err(why) => Err((file, why)),
                }
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Some((head, shards)))
    }

    /// Writes the head that lists the shards `memos` wrote, then removes the shard files it
    /// no longer lists.
    fn write_head(&self, memos: Memos, caches: &Caches, theme: &Theme) -> Result<()> {
        let written = caches.written(&self.out, theme);
        let head = SavedHead {
            written: &written,
            shards: &memos.fingerprints,
            reads: &memos.reads,
        };
        format::write(&self.dir.join(FILE), self.settings, &head)?;
        let listed: HashSet<std::ffi::OsString> = (memos.fingerprints.iter())
            .map(|fp| shard_name(*fp).into())
            .collect();
        for entry in std::fs::read_dir(self.dir.join(SHARD_DIR))?.flatten() {
            if !listed.contains(&entry.file_name()) {
                let _ = match entry.file_type() {
                    Ok(t) if t.is_dir() => std::fs::remove_dir_all(entry.path()),
                    _ => std::fs::remove_file(entry.path()),
                };
            }
        }
        Ok(())
    }
}

/// A warning about `file` of the cache folder `dir`, named relative to the site `root` when
/// inside it.
fn warning(dir: &Path, root: &Path, file: &str, message: &str) -> Diagnostic {
    let path = dir.join(file);
    let shown = match path.strip_prefix(root) {
        Ok(rel) => crate::fs::slash_path(rel),
        Err(_) => crate::fs::slash_path(&path),
    };
    let text = format!("build cache `{shown}` {message}");
    Diagnostic::warning(&shown, 0, text)
}

/// What a warning says of a cache file that cannot be trusted, `why`.
fn untrusted(why: &str) -> String {
    format!("{why}; ignored, and rebuilt")
}

/// The name of the shard file of fingerprint `fp`.
fn shard_name(fp: u64) -> String {
    format!("{fp:016x}.bin")
}

/// The shard file of fingerprint `fp`, relative to the cache folder.
fn shard_file(fp: u64) -> String {
    format!("{SHARD_DIR}/{}", shard_name(fp))
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

#[cfg(test)]
mod tests;
