//! Which pages `serve` can skip: a page whose template context hashes the same as in the last
//! successful build renders to the same bytes (the templates live as long as the `Renderer`),
//! so it is neither rendered nor written again. Used only in `Mode::Serve`, where the output
//! directory holds exactly what the last sync wrote. Knows nothing of what a page contains.
//!
//! A chapter's rendered Markdown (large) enters the key by identity, not by content: the
//! pipeline's Markdown cache hands out the same `Arc` while a source is unchanged, and the memo
//! holds on to that `Arc`, so no other value can take its address while the key is remembered.
use crate::markdown::Rendered;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{Arc, Mutex};

/// A page's key, and the Markdown whose address is part of it (kept alive).
type Entry = (u64, Option<Arc<Rendered>>);

/// Page keys by output path: `committed` as on disk, `staged` from the build under way.
#[derive(Default)]
pub(crate) struct PageMemo {
    committed: HashMap<String, Entry>,
    staged: Mutex<HashMap<String, Entry>>,
}

impl PageMemo {
    /// The key of a page: its template, everything else the template can see, and the
    /// identity of `pinned`.
    pub(crate) fn key<T: Serialize>(
        template: &str,
        context: &T,
        pinned: Option<&Arc<Rendered>>,
    ) -> Option<u64> {
        let mut w = HashWriter(crate::hash::key_hasher());
        w.0.write(template.as_bytes());
        w.0.write_usize(pinned.map_or(0, |r| Arc::as_ptr(r) as usize));
        serde_json::to_writer(&mut w, context).ok()?;
        Some(w.0.finish())
    }

    /// Records the key of a page of this build; true when the last build wrote the same page.
    pub(crate) fn stage(&self, path: &str, key: u64, pinned: Option<Arc<Rendered>>) -> bool {
        if let Ok(mut staged) = self.staged.lock() {
            staged.insert(path.to_string(), (key, pinned));
        }
        self.committed.get(path).is_some_and(|(k, _)| *k == key)
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

    /// The build reached the disk only partly: forget everything.
    pub(crate) fn reset(&mut self) {
        self.committed.clear();
        self.staged
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// Feeds serialized bytes straight into a (fast, non-cryptographic) hasher, without building
/// the string.
struct HashWriter(foldhash::quality::FoldHasher<'static>);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_unchanged_only_after_a_commit_with_the_same_key() {
        let mut memo = PageMemo::default();
        let k = PageMemo::key("chapter.html", &("title", 1), None).unwrap();
        assert!(
            !memo.stage("a/index.html", k, None),
            "nothing committed yet"
        );
        memo.commit();
        assert!(memo.stage("a/index.html", k, None));
        assert!(!memo.stage(
            "a/index.html",
            PageMemo::key("chapter.html", &("title", 2), None).unwrap(),
            None
        ));
        assert_ne!(
            k,
            PageMemo::key("part.html", &("title", 1), None).unwrap(),
            "the template is part of the key"
        );
    }

    #[test]
    fn reset_forgets_committed_pages() {
        let mut memo = PageMemo::default();
        let k = PageMemo::key("t", &1, None).unwrap();
        memo.stage("p", k, None);
        memo.commit();
        memo.reset();
        assert!(!memo.stage("p", k, None));
    }

    #[test]
    fn commit_drops_pages_the_last_build_did_not_produce() {
        let mut memo = PageMemo::default();
        let k = PageMemo::key("t", &1, None).unwrap();
        memo.stage("gone", k, None);
        memo.commit();
        memo.stage("other", k, None);
        memo.commit();
        assert!(!memo.stage("gone", k, None));
    }

    #[test]
    fn pinned_markdown_counts_by_identity() {
        let mut memo = PageMemo::default();
        let body = Arc::new(Rendered::default());
        let k = PageMemo::key("chapter.html", &1, Some(&body)).unwrap();
        memo.stage("c", k, Some(body.clone()));
        memo.commit();
        assert!(memo.stage(
            "c",
            PageMemo::key("chapter.html", &1, Some(&body)).unwrap(),
            Some(body.clone())
        ));
        let same_text = Arc::new(Rendered::default());
        assert!(
            !memo.stage(
                "c",
                PageMemo::key("chapter.html", &1, Some(&same_text)).unwrap(),
                Some(same_text)
            ),
            "another value, even equal, is a new key"
        );
    }
}
