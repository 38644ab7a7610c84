//! The pages the last build wrote, as the build cache keeps them for the next process: their
//! keys (`render::PageCache`), the ids links point to, the templates they were rendered with,
//! and each file's stamp (size, modification time, inode) as the build left it. The next
//! build trusts a page, and links its file into the new site instead of rendering it, only
//! when the file on disk still carries that stamp: a page edited, replaced or deleted by
//! hand since is rendered again. The other files it made (the search index, scripts,
//! exports) are kept alike, by a hash of their bytes (`PageCache::bytes_key`).
use super::caches::PageIds;
use crate::hash::FastMap;
use crate::theme::Theme;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// What a file looked like on disk right after a build wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Stamp {
    len: u64,
    modified: (i64, u32),
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path`; `None` when it is not a regular file.
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified: (
                i64::try_from(modified.as_secs()).ok()?,
                modified.subsec_nanos(),
            ),
            inode,
        })
    }
}

/// The pages of the last build, as saved in the build cache.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Written {
    /// `templates_key` of the theme the pages were rendered with.
    templates: u64,
    /// Key and stamp of each page, by output path.
    pages: FastMap<String, (u64, Stamp)>,
    /// Ids of the pages that links point into.
    ids: PageIds,
}

/// The key and stamp of each page the build cache vouches for, by output path.
pub(super) type Vouched = FastMap<String, (u64, Stamp)>;

impl Written {
    /// The pages `keys` as they lie in `out`, rendered with `theme`. A page in `vouched` with
    /// the same key was not rendered again, so its file is the one stamped then (`serve` and
    /// a warm build leave it, a staged build links it): its stamp is taken without a `stat`.
    pub(super) fn of(
        keys: &FastMap<String, u64>,
        ids: &PageIds,
        out: &Path,
        theme: &Theme,
        vouched: &Vouched,
    ) -> Written {
        let pages = keys
            .par_iter()
            .filter_map(|(path, key)| {
                let stamp = match vouched.get(path) {
                    Some((k, stamp)) if k == key => *stamp,
                    _ => Stamp::of(&out.join(path))?,
                };
                Some((path.clone(), (*key, stamp)))
            })
            .collect();
        Written {
            templates: templates_key(theme),
            pages,
            ids: ids.clone(),
        }
    }

    /// The keys and stamps, and the ids, of the pages still on disk in `out` as this build
    /// left them, when the templates are still those of `templates_key`; nothing otherwise.
    pub(super) fn trusted(self, out: &Path, templates: u64) -> (Vouched, PageIds) {
        if self.templates != templates {
            return Default::default();
        }
        // On the calling thread, not the pool: this runs in the background while the model
        // is built (`caches::Pending`), whose own parallel work would otherwise wait behind it.
        let vouched: Vouched = self
            .pages
            .into_iter()
            .filter(|(path, (_, stamp))| Stamp::of(&out.join(path)).as_ref() == Some(stamp))
            .collect();
        let mut ids = self.ids;
        ids.retain(|path, _| vouched.contains_key(path));
        (vouched, ids)
    }
}

/// The templates of `theme`, names and bytes, as a number.
pub(super) fn templates_key(theme: &Theme) -> u64 {
    let mut h = crate::hash::key_hasher();
    for (name, file) in theme.templates() {
        (name, &file.bytes[..]).hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_by_hand_is_not_trusted() {
        let dir = std::env::temp_dir().join(format!("playbook-written-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.html"), "A").unwrap();
        std::fs::write(dir.join("b.html"), "B").unwrap();
        std::fs::write(dir.join("c.html"), "C").unwrap();
        let keys = FastMap::from_iter([
            ("a.html".to_string(), 1),
            ("b.html".to_string(), 2),
            ("c.html".to_string(), 3),
        ]);
        let theme = Theme::embedded();
        let written = Written::of(
            &keys,
            &PageIds::default(),
            &dir,
            &theme,
            &Vouched::default(),
        );
        std::fs::write(dir.join("b.html"), "edited").unwrap();
        std::fs::remove_file(dir.join("c.html")).unwrap();
        let (trusted, _) = written.trusted(&dir, templates_key(&theme));
        let keys: FastMap<String, u64> =
            trusted.iter().map(|(p, (k, _))| (p.clone(), *k)).collect();
        assert_eq!(keys, FastMap::from_iter([("a.html".to_string(), 1)]));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
