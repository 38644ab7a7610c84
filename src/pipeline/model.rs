//! The model stage: scan and read the sources (only the changed ones, with caches), render
//! each page's Markdown (only when its inputs changed, with caches), build the `Site`.
use super::Pipeline;
use super::files::Stamped;
use crate::config::Settings;
use crate::content::{self, PageSource};
use crate::diagnostics::Diagnostics;
use crate::lock;
use crate::markdown::{self, Rendered};
use crate::site::{self, LinkMap, Site};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What walking the content folder found.
pub(super) struct Scanned {
    entries: Entries,
    diags: Diagnostics,
}

/// The content folder's entries, stamped when the caches will look for them.
enum Entries {
    Plain(Vec<content::SourceEntry>),
    Stamped(Stamped),
}

impl Pipeline {
    /// The model, with every page's Markdown rendered, and every problem found loading it;
    /// the sources are dropped on return (or handed back to the caches).
    pub(super) fn model(&self) -> (Site, Diagnostics) {
        let mut diags = Diagnostics::from(self.theme.skipped.clone());
        diags.extend(std::mem::take(&mut *lock(&self.notes)));
        let settings = &self.settings;
        diags.extend(settings.problems.iter().cloned());
        let scanned = (lock(&self.scanned).take())
            .unwrap_or_else(|| scan(&self.settings, self.caches.is_some()));
        diags.extend(scanned.diags);
        let loaded = match (&self.caches, scanned.entries) {
            (Some(caches), entries) => {
                let stamped = match entries {
                    Entries::Stamped(stamped) => stamped,
                    Entries::Plain(entries) => Stamped::of(entries),
                };
                content::assemble(caches.files.load(stamped), &mut diags)
            }
            (None, Entries::Stamped(stamped)) => content::load(stamped.entries(), &mut diags),
            (None, Entries::Plain(entries)) => content::load(entries, &mut diags),
        };
        let md_opts = markdown::Options {
            smart_punctuation: settings.config.markdown.smart_punctuation,
            raw_html: settings.config.markdown.raw_html,
        };
        let render_md = |page: &PageSource, map: &LinkMap, out_dir: &str| {
            self.render_markdown(page, map, out_dir, &md_opts)
        };
        let opts = site::BuildOptions {
            drafts: settings.drafts,
            md: md_opts,
        };
        let content_dir = settings.content_dir();
        let mut loaded = loaded;
        let originals =
            content::interop::prepare(&mut loaded, &settings.root, &content_dir, &mut diags);
        let mut site = site::build(&loaded, &opts, &render_md, &mut diags);
        if let Some(caches) = &self.caches {
            *lock(&caches.markdown) = std::mem::take(&mut *lock(&caches.next_markdown));
        }
        content::interop::restore(&mut loaded, originals);
        self.date_chapters(&mut site);
        site::fragments::fix_case(&mut site);
        let base_path = settings.base.as_ref().map_or("/", |b| b.path.as_str());
        site.redirects = site::redirects::plan(&loaded, &site, base_path, &mut diags);
        if let Some(caches) = &self.caches {
            caches.files.keep(loaded);
        }
        diags.apply(settings.broken_links);
        diags.sort();
        (site, diags)
    }

    /// Dates the chapters whose front matter gives no `updated` by their last commit, when
    /// the site is in a git repository. `serve` keeps the history read (`Caches`), and reads
    /// it again only when `HEAD` moves.
    fn date_chapters(&self, site: &mut Site) {
        let mut undated: Vec<String> = (site.chapters.iter())
            .filter(|c| c.updated.is_none())
            .map(|c| c.source.clone())
            .collect();
        if undated.is_empty() {
            return;
        }
        undated.sort_unstable();
        let fresh;
        let history = match &self.caches {
            Some(caches) => &caches.history,
            None => {
                fresh = content::history::Cache::default();
                &fresh
            }
        };
        let dates = history.dates(&self.settings.content_dir(), undated);
        for c in site.chapters.iter_mut().filter(|c| c.updated.is_none()) {
            c.updated = dates.get(&c.source).cloned();
        }
    }

    /// Renders one page's Markdown; with caches, reuses the last result while the inputs are
    /// unchanged. The result's digest is the hash of those inputs.
    fn render_markdown(
        &self,
        page: &PageSource,
        map: &LinkMap,
        out_dir: &str,
        opts: &markdown::Options,
    ) -> Arc<Rendered> {
        let mut h = crate::hash::key_hasher();
        let titled = page.meta.title.is_some();
        let rel = &page.entry.rel;
        // The digest stands for the body, its line and the title (`PageSource::digest`).
        (rel, page.digest, out_dir, opts).hash(&mut h);
        map.fingerprint_cached().hash(&mut h);
        let key = h.finish();
        if let Some(caches) = &self.caches
            && let Some((k, r)) = lock(&caches.markdown).get(rel)
            && *k == key
        {
            let r = r.clone();
            lock(&caches.next_markdown).insert(rel.clone(), (key, r.clone()));
            return r;
        }
        let links = map.for_page(rel, out_dir);
        let tasks = site::page_checklist_id(out_dir);
        let doc = markdown::Page {
            body: &page.body,
            first_line: page.body_line,
            titled,
            tasks: Some(&tasks),
        };
        let mut rendered = markdown::render_page(&doc, opts, &links);
        rendered.digest = key;
        rendered.shed_html();
        let rendered = Arc::new(rendered);
        if let Some(caches) = &self.caches {
            lock(&caches.next_markdown).insert(rel.clone(), (key, rendered.clone()));
        }
        rendered
    }
}

/// The content folder's entries, and what is wrong with it.
/// `stamped`: with what `stat` says of each (`files::Stamped`), for the caches.
pub(super) fn scan(settings: &Settings, stamped: bool) -> Scanned {
    let mut diags = Diagnostics::default();
    let entries = content::scan(&settings.root, &settings.content_dir(), &mut diags);
    let entries = match stamped {
        true => Entries::Stamped(Stamped::of(entries)),
        false => Entries::Plain(entries),
    };
    Scanned { entries, diags }
}
