//! Everything an incremental pipeline (`serve`) keeps from one build to the next, in one value
//! with one protocol. Two kinds of state live here:
//!
//! - memos keyed by a hash of their inputs (source files by their `stat`, rendered Markdown,
//!   chapters made ready for print, search work): always right whatever happened since, so
//!   they are simply replaced by each build;
//! - what the last build *wrote* (the keys of its pages, the ids of its pages): right only
//!   while the output directory holds what that build wrote. A build stages them; `commit`
//!   makes them current once its files reached the disk, `discard` drops them when it wrote
//!   nothing, and `invalidate` forgets what the disk no longer matches.
//!
//! A one-shot `build` (and `check`) starts from the memos the build cache kept on disk
//! (`persist.rs`), the sources among them, and `build` saves them for the next process; the
//! pages as written are kept too, with a stamp of each file (`written.rs`), so that the next
//! build links the pages that did not change instead of rendering them. With `--no-cache`
//! they keep nothing. What only the output needs of the build cache (the print and search
//! memos, the pages it vouches for) arrives while the model is built (`Pending`), and is
//! taken in (`settle`) before anything reads it.
use super::files::FileCache;
use super::written::{Vouched, Written};
use crate::diagnostics::Diagnostic;
use crate::hash::FastMap;
use crate::hash::FastSet;
use crate::markdown::Rendered;
use crate::render::PageCache;
use std::sync::{Arc, Mutex};

/// Element ids by output path, of the pages that links point into.
pub(crate) type PageIds = FastMap<String, FastSet<String>>;

/// What a change makes stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stale {
    /// The pages as written: the templates changed, or the output directory no longer holds
    /// what the last build wrote (it was deleted, or a build wrote part of its files).
    Pages,
    /// Everything: `site.toml` changed.
    All,
}

/// The state an incremental pipeline keeps between builds.
#[derive(Default)]
pub(crate) struct Caches {
    /// Source files as last read.
    pub(super) files: FileCache,
    /// Rendered Markdown by content-relative path, with the key of its inputs.
    pub(super) markdown: Mutex<FastMap<String, (u64, Arc<Rendered>)>>,
    /// The same, for the build under way: it replaces `markdown` once the model is built, so
    /// pages deleted since are forgotten.
    pub(super) next_markdown: Mutex<FastMap<String, (u64, Arc<Rendered>)>>,
    /// Chapters made ready for the print documents.
    pub(super) print: crate::print::Cache,
    /// Tokens and rows of the search index, by page.
    pub(super) search: crate::search::Cache,
    /// Chapters' last-commit dates, read again when `HEAD` moves.
    pub(super) history: crate::content::history::Cache,
    /// Keys of the pages of the last build written (and of the build under way, staged).
    pub(super) pages: PageCache,
    /// Ids of the pages of the last build written, for the anchors of pages not rendered again.
    ids: PageIds,
    /// Ids of the build under way.
    staged_ids: Option<PageIds>,
    /// The pages the build cache vouched for when it was loaded, with their files' stamps.
    vouched: Vouched,
    /// What the build cache is still decoding, until `settle` takes it in.
    pending: Option<Pending>,
}

/// What the build cache holds that only the output needs (`Pipeline::emit`, and whether it
/// may write in place): the print and search memos, and the pages on disk it vouches for.
#[derive(Default)]
pub(super) struct Late {
    pub(super) print: crate::print::Cache,
    pub(super) search: crate::search::Cache,
    pub(super) vouched: Vouched,
    pub(super) ids: PageIds,
}

/// `Late`, being decoded on a thread of its own while the model is built, which needs none
/// of it: on a warm build the model leaves the second core mostly idle. A warning instead
/// when some of it cannot be trusted.
pub(super) struct Pending(std::thread::JoinHandle<Result<Late, Diagnostic>>);

impl Pending {
    pub(super) fn spawn(
        decode: impl FnOnce() -> Result<Late, Diagnostic> + Send + 'static,
    ) -> Self {
        Pending(std::thread::spawn(decode))
    }
}

impl Caches {
    /// The ids of the pages as the last build wrote them.
    pub(super) fn ids(&self) -> &PageIds {
        &self.ids
    }

    /// What the last build wrote, as the pages in `out` are now, for the build cache.
    pub(super) fn written(&self, out: &std::path::Path, theme: &crate::theme::Theme) -> Written {
        Written::of(self.pages.committed(), &self.ids, out, theme, &self.vouched)
    }

    /// Takes in, once it arrives, what the build cache decodes in the background: nothing
    /// that reads the print or search memos or the pages as written may run before. When it
    /// cannot be trusted, everything taken from the build cache is forgotten (the model built
    /// from it too must be built again) and the warning returned.
    pub(super) fn settle(&mut self) -> Option<Diagnostic> {
        let pending = self.pending.take()?;
        let late = pending
            .0
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match late {
            Ok(late) => {
                self.restore_late(late);
                None
            }
            Err(warning) => {
                *self = Caches::default();
                Some(warning)
            }
        }
    }

    /// Starts decoding `Late` in the background (`settle` takes it in).
    pub(super) fn await_late(&mut self, pending: Pending) {
        self.pending = Some(pending);
    }

    /// Takes the memos of `late`, and its pages as what the disk holds.
    fn restore_late(&mut self, late: Late) {
        use crate::hash::Sharded;
        self.print.merge(late.print);
        self.search.merge(late.search);
        self.pages.restore(
            (late.vouched.iter())
                .map(|(p, (k, _))| (p.clone(), *k))
                .collect(),
        );
        self.ids = late.ids;
        self.vouched = late.vouched;
    }

    /// Stages the ids of the pages of the build under way.
    pub(super) fn stage_ids(&mut self, ids: PageIds) {
        self.staged_ids = Some(ids);
    }

    /// The build under way wrote all its files: what it staged is what the disk holds.
    pub(super) fn commit(&mut self) {
        self.pages.commit();
        if let Some(ids) = self.staged_ids.take() {
            self.ids = ids;
        }
    }

    /// The build under way wrote nothing: the disk still holds what was committed.
    pub(super) fn discard(&mut self) {
        self.pages.discard();
        self.staged_ids = None;
    }

    /// Forgets what `what` made stale.
    pub(super) fn invalidate(&mut self, what: Stale) {
        match what {
            Stale::Pages => {
                self.pages.reset();
                self.ids.clear();
                self.staged_ids = None;
                self.vouched.clear();
            }
            Stale::All => *self = Caches::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(id: &str) -> PageIds {
        FastMap::from_iter([(
            "a/index.html".to_string(),
            FastSet::from_iter([id.to_string()]),
        )])
    }

    #[test]
    fn ids_become_current_only_when_committed() {
        let mut caches = Caches::default();
        caches.stage_ids(ids("one"));
        caches.commit();
        assert_eq!(caches.ids(), &ids("one"));
        caches.stage_ids(ids("two"));
        caches.discard();
        caches.commit();
        assert_eq!(caches.ids(), &ids("one"), "a discarded build leaves them");
        caches.invalidate(Stale::Pages);
        assert!(caches.ids().is_empty());
    }

    #[test]
    fn pages_are_forgotten_when_stale() {
        let mut caches = Caches::default();
        assert!(!caches.pages.stage("p", 1));
        caches.commit();
        assert!(caches.pages.stage("p", 1));
        caches.discard();
        caches.invalidate(Stale::All);
        assert!(!caches.pages.stage("p", 1));
    }
}
