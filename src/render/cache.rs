//! Which pages an incremental build can skip: a page whose template context hashes the same
//! as in the last build that reached the disk renders to the same bytes (the templates are
//! those of the `Renderer`, which the pipeline replaces, invalidating this, when they
//! change), so it is neither rendered nor written again. Digests stand in the key for what
//! they cover: the rendered Markdown, and what a page shows of it besides (a chapter's table
//! of contents, `View::unfold`), by its digest (`views::Html`); the sidebar by its inputs
//! (`Tree::key`), so neither is built for a page that is skipped; the site's values, the same
//! on every page, by their hash, taken once per build (`Pages`). Knows nothing of what a page
//! contains.
use crate::hash::FastMap;
use serde::Serialize;
use std::sync::Mutex;

/// Page keys by output path: `committed` as on disk, `staged` from the build under way. The
/// other files a build makes (the search index, scripts, exports) are keyed by their bytes
/// (`bytes_key`), so the same map vouches for every file the build writes.
#[derive(Default)]
pub(crate) struct PageCache {
    committed: FastMap<String, u64>,
    staged: Mutex<FastMap<String, u64>>,
}

impl PageCache {
    /// The key of a page: its template and everything else the template can see, the values
    /// every page shares by their `hash`, taken once per build.
    pub(crate) fn key<T: Serialize>(template: &str, context: &T) -> Option<u64> {
        Self::hash(&(template, context))
    }

    /// The hash of `value` as serialized (`hash::serial`: no two values read alike, so two
    /// values hashed one after the other cannot be read as two others).
    pub(crate) fn hash<T: Serialize>(value: &T) -> Option<u64> {
        crate::hash::serial::of(value)
    }

    /// Records the key of a page of this build; true when the last build wrote the same page.
    pub(crate) fn stage(&self, path: &str, key: u64) -> bool {
        self.staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), key);
        self.committed.get(path) == Some(&key)
    }

    /// The key of a file made otherwise than from a template (the search index, the scripts
    /// and exports): its bytes, staged like a page's key (`stage`). Whoever makes a file and
    /// hashes its bytes anyway takes this one, and hands it on with it (`Sink::put_keyed`).
    pub(crate) fn bytes_key(bytes: &[u8]) -> u64 {
        use std::hash::Hasher;
        let mut h = crate::hash::key_hasher();
        h.write(b"bytes\0");
        h.write(bytes);
        h.finish()
    }

    /// The keys of the pages on disk.
    pub(crate) fn committed(&self) -> &FastMap<String, u64> {
        &self.committed
    }

    /// Takes `committed` as the keys of the pages on disk (kept by the build cache).
    pub(crate) fn restore(&mut self, committed: FastMap<String, u64>) {
        self.committed = committed;
    }

    /// The build's pages reached the disk: they are what the next build compares against.
    pub(crate) fn commit(&mut self) {
        self.committed = std::mem::take(self.staged.get_mut().unwrap_or_else(|e| e.into_inner()));
    }

    /// The build failed before writing anything: the disk still matches `committed`.
    pub(crate) fn discard(&mut self) {
        self.staged
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The disk no longer holds what was committed (a build wrote part of its files, the
    /// output folder was touched), or the templates changed: forget everything.
    pub(crate) fn reset(&mut self) {
        self.committed.clear();
        self.discard();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_unchanged_only_after_a_commit_with_the_same_key() {
        let mut cache = PageCache::default();
        let k = PageCache::key("chapter.html", &("title", 1)).unwrap();
        assert!(!cache.stage("a/index.html", k), "nothing committed yet");
        cache.commit();
        assert!(cache.stage("a/index.html", k));
        let other = PageCache::key("chapter.html", &("title", 2)).unwrap();
        assert!(!cache.stage("a/index.html", other));
        assert_ne!(
            k,
            PageCache::key("part.html", &("title", 1)).unwrap(),
            "the template is part of the key"
        );
    }

    #[test]
    fn a_file_is_unchanged_only_with_the_same_bytes_at_the_same_path() {
        let mut cache = PageCache::default();
        assert!(!cache.stage("search/a.json", PageCache::bytes_key(b"[1]")));
        cache.commit();
        assert!(cache.stage("search/a.json", PageCache::bytes_key(b"[1]")));
        assert!(!cache.stage("search/a.json", PageCache::bytes_key(b"[2]")));
        assert!(!cache.stage("search/b.json", PageCache::bytes_key(b"[1]")));
    }

    #[test]
    fn reset_forgets_committed_pages_and_discard_keeps_them() {
        let mut cache = PageCache::default();
        let k = PageCache::key("t", &1).unwrap();
        cache.stage("p", k);
        cache.commit();
        cache.stage("p", 7);
        cache.discard();
        assert!(
            cache.stage("p", k),
            "a discarded build leaves the committed pages"
        );
        cache.reset();
        assert!(!cache.stage("p", k));
    }

    #[test]
    fn commit_drops_pages_the_last_build_did_not_produce() {
        let mut cache = PageCache::default();
        let k = PageCache::key("t", &1).unwrap();
        cache.stage("gone", k);
        cache.commit();
        cache.stage("other", k);
        cache.commit();
        assert!(!cache.stage("gone", k));
    }
}
