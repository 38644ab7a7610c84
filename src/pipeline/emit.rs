//! The emit stage: every file of the site made from the model, handed to a sink as it is
//! made, and passed through the link and anchor checks on the way.
use super::{Part, Pipeline};
use crate::check;
use crate::output::{Body, OutputFile, Sink};
use crate::pipeline::caches::{Caches, PageIds};
use crate::print;
use crate::render::{self, PageCache, Pages};
use crate::site::Site;
use crate::views::Cx;
use rayon::prelude::*;

impl Pipeline {
    /// Every file of `part`, handed to `sink` as it is made: the pages and the other
    /// generated files, alongside the print documents and the search index.
    pub(super) fn emit(&self, site: &Site, sink: &dyn Sink, part: Part) -> anyhow::Result<()> {
        let cx = Cx::new(site, &self.settings);
        let caches = self.caches.as_ref();
        // `serve` reuses the pages it wrote; `build` those the build cache vouches for.
        let written = caches.filter(|_| self.in_place || self.store.is_some());
        let pages = Pages::new(&self.renderer, &cx, written.map(|c| &c.pages));
        let keyed = Keyed {
            sink,
            cache: written.map(|c| &c.pages),
        };
        let pages_and_files = || -> anyhow::Result<()> {
            pages.all(sink)?;
            (render::files(&cx, &self.theme).into_par_iter()).try_for_each(|f| keyed.put(f))
        };
        // The search index first: it takes longest, and the print documents go to whichever
        // thread is free first.
        let print_and_search = || -> anyhow::Result<()> {
            let (index, documents) = rayon::join(
                || self.search_index(site, &keyed),
                || print::documents(&pages, caches.map(|c| &c.print), sink),
            );
            index.and(documents)
        };
        match part {
            Part::All => {
                let (pages, late) = rayon::join(pages_and_files, print_and_search);
                pages.and(late)
            }
            Part::Pages => pages_and_files(),
            Part::Late => print_and_search(),
        }
    }

    /// The search index, when search is on.
    fn search_index(&self, site: &Site, sink: &dyn Sink) -> anyhow::Result<()> {
        if !self.settings.config.search.enabled {
            return Ok(());
        }
        let cache = self.caches.as_ref().map(|c| &c.search);
        crate::search::build_index(site, &self.settings.config.search, cache, sink)
    }

    /// Everything `emit` writes in `part`, passed through the link and anchor checks on the
    /// way; also returns the ids it read. After `Pages`, anchors in the print documents are
    /// those of the last build's.
    pub(super) fn emit_checked(
        &self,
        site: &Site,
        sink: &dyn Sink,
        part: Part,
    ) -> anyhow::Result<(check::Findings, PageIds)> {
        let none = PageIds::default();
        let previous = self.caches.as_ref().map_or(&none, Caches::ids);
        let out_dir = &self.settings.output_dir;
        let collector = check::IdCollector::new(sink, site, previous, out_dir);
        self.emit(site, &collector, part)?;
        let mut ids = collector.into_ids();
        if part == Part::Pages {
            for (path, kept) in previous.iter().filter(|(p, _)| print::is_document(p)) {
                ids.entry(path.clone()).or_insert_with(|| kept.clone());
            }
        }
        let mut findings = check::site(site, &ids);
        crate::diagnostics::demote(&mut findings.diagnostics, self.settings.broken_links);
        Ok((findings, ids))
    }
}

/// Passes on the files made otherwise than from a template (the search index, the scripts and
/// exports), each keyed by its bytes in the cache of what the last build wrote: one written
/// identically goes on as `Body::Unchanged`, so `sync` neither reads nor compares its file on
/// disk (the search index alone is 2,900 files, 45 MB at 10,000 pages), and the build cache
/// vouches for it by its stamp as for a page.
struct Keyed<'s> {
    sink: &'s dyn Sink,
    cache: Option<&'s PageCache>,
}

impl Sink for Keyed<'_> {
    fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        let key = match &file.body {
            Body::Bytes(bytes) if self.cache.is_some() => PageCache::bytes_key(bytes),
            _ => return self.sink.put(file),
        };
        self.put_keyed(file, key)
    }

    fn put_keyed(&self, mut file: OutputFile, key: u64) -> anyhow::Result<()> {
        if let Some(cache) = self.cache
            && matches!(file.body, Body::Bytes(_))
            && cache.stage(&file.path, key)
        {
            file.body = Body::Unchanged;
        }
        self.sink.put(file)
    }
}
