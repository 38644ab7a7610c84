//! Pages from the model: the theme's templates compiled once (`Renderer`), each page's view
//! (`views`) rendered by its template, in parallel (`Pages`), skipping the pages an
//! incremental build's cache says are unchanged; and the generated files that are not pages
//! (`files`: theme assets, `highlight.css`, `.nojekyll`, the navigation tree, redirects,
//! checklist exports, the sitemap, linked content files). Writes nothing itself.
mod cache;
mod exports;
mod redirects;
mod templates;

pub(crate) use cache::PageCache;
pub(crate) use templates::{Renderer, TemplateError};

use crate::markdown::{embed_marker, highlight};
use crate::output::{Body, OutputFile, Sink};
use crate::theme::Theme;
use crate::views::nav::{self, Tree};
use crate::views::{self, ChecklistView, Cx, Html, Job, Page, SiteView, View};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

/// The pages of one build: its templates, the views of its site, and (incremental builds
/// only) the cache of the pages the last build wrote.
pub(crate) struct Pages<'a> {
    renderer: &'a Renderer,
    pub(crate) cx: &'a Cx<'a>,
    cache: Option<&'a PageCache>,
    /// What the sidebars show; its key stands for them in the page cache's keys.
    tree: Tree<'a>,
    /// The hash of the site's values (`Cx::view`), which stands for them in the page cache's
    /// keys: hashed once, not once a page. `None` (never in practice) renders every page.
    site_key: Option<u64>,
}

/// What a page template sees: the site's values under `site`, the common values at the top
/// level, the page's under `page`. (The page cache's key hashes the parts one by one: a
/// flattened struct is serialized as a map, entry by entry, which costs more.)
#[derive(Serialize)]
struct Both<'a, 'b, T> {
    site: &'b SiteView<'a>,
    #[serde(flatten)]
    common: &'b views::Common<'a>,
    page: &'b T,
}

impl<'a> Pages<'a> {
    pub(crate) fn new(
        renderer: &'a Renderer,
        cx: &'a Cx<'a>,
        cache: Option<&'a PageCache>,
    ) -> Pages<'a> {
        Pages {
            renderer,
            cx,
            cache,
            tree: Tree::of(cx.site),
            site_key: PageCache::hash(&cx.view),
        }
    }

    /// Every page of the site but the print documents, each handed to `sink` as soon as it
    /// is rendered, so the whole site is never held in memory.
    pub(crate) fn all(&self, sink: &dyn Sink) -> Result<()> {
        views::jobs(self.cx)
            .par_iter()
            .try_for_each(|job| sink.put(self.job(job)?))
    }

    fn job(&self, job: &Job) -> Result<OutputFile> {
        let cx = self.cx;
        match job {
            Job::Home => self.file(views::home(cx)),
            Job::Section(s) => self.file(views::section(cx, *s)),
            Job::Chapter(c) => self.file(views::chapter(cx, *c)),
            Job::ChecklistIndex => self.file(views::checklist_index(cx)),
            Job::Checklist(c) => self.file(views::checklist_page(cx, *c)),
            Job::Tags => self.file(views::tags(cx)),
            Job::Tag(t) => self.file(views::tag(cx, t)),
            Job::Search => self.file(views::search(cx)),
            Job::NotFound => self.file(views::not_found(cx)),
            Job::Progress => self.file(views::progress(cx)),
            Job::WhatsNew => self.file(views::whats_new(cx)),
        }
    }

    /// The output file of `page`: rendered, or `Body::Unchanged` when the cache says the last
    /// build wrote it identically.
    pub(crate) fn file<V: View<'a>>(&self, mut page: Page<'a, V>) -> Result<OutputFile> {
        let body = match self.render(&mut page)? {
            Some(html) => Body::Bytes(html.into_bytes()),
            None => Body::Unchanged,
        };
        Ok(OutputFile {
            path: page.path,
            body,
        })
    }

    /// The HTML of `page`, or `None` when the cache says the last build wrote it identically.
    /// The sidebar and the Markdown with its checklists are filled in only here, for pages
    /// that are rendered.
    pub(crate) fn render<V: View<'a>>(&self, page: &mut Page<'a, V>) -> Result<Option<String>> {
        if let (Some(cache), Some(site)) = (self.cache, self.site_key) {
            let context = (site, self.tree.key(), page.here, &page.common, &page.view);
            if PageCache::key(page.template, &context).is_some_and(|k| cache.stage(&page.path, k)) {
                return Ok(None);
            }
        }
        page.view.unfold(self.renderer.nav_items)?;
        if let Some(body) = page.view.body() {
            self.embed_checklists(body, &page.common.root)?;
        }
        nav::fill(
            &mut page.common,
            &self.tree,
            page.here,
            self.renderer.nav_items,
        );
        let context = Both {
            site: &self.cx.view,
            common: &page.common,
            page: &page.view,
        };
        self.renderer.render(page.template, &context).map(Some)
    }

    /// Puts the checklists a page's Markdown embeds in place of their markers, each rendered
    /// by `partials/checklist.html` for the page `root` away from the site root.
    fn embed_checklists(&self, html: &mut Html<'a>, root: &str) -> Result<()> {
        let Html::Markdown {
            rendered,
            checklists,
        } = html
        else {
            return Ok(());
        };
        let rendered = *rendered;
        let mut out = rendered.page_html();
        for (embed, view) in rendered.embeds.iter().zip(std::mem::take(checklists)) {
            let Some(view) = view else { continue };
            let block = self.renderer.checklist_partial(&view, root)?;
            out = Cow::Owned(out.replacen(&embed_marker(&embed.id), &block, 1));
        }
        *html = Html::Ready(out);
        Ok(())
    }
}

/// What `partials/checklist.html` sees.
#[derive(Serialize)]
struct Embedded<'v, 'a> {
    checklist: &'v ChecklistView<'a>,
    root: &'v str,
    embedded: bool,
}

/// Every generated file of the site that is not a page: the theme's assets, the highlighting
/// stylesheet, `.nojekyll`, the shared navigation tree of a big site, redirects, checklist
/// exports, the sitemap, and the content files that pages link.
pub(crate) fn files(cx: &Cx<'_>, theme: &Theme) -> Vec<OutputFile> {
    let (site, settings) = (cx.site, cx.settings);
    let cfg = &settings.config;
    let mut files: Vec<OutputFile> = Vec::new();
    for (path, file) in theme
        .assets()
        .filter(|(path, _)| cfg.search.enabled || !crate::search::ASSETS.contains(path))
    {
        files.push(OutputFile::new(path, file.bytes.to_vec()));
    }
    files.push(OutputFile::new(
        "static/highlight.css",
        highlight::stylesheet(
            &cfg.markdown.highlight_theme,
            &cfg.markdown.highlight_theme_dark,
        ),
    ));
    files.push(OutputFile::new(".nojekyll", ""));
    if let Some(logo) = &cfg.logo {
        files.push(OutputFile {
            path: crate::config::logo_output(logo),
            body: Body::Copy(settings.content_dir().join(logo)),
        });
    }
    let tree = Tree::of(site);
    if !tree.whole_fits() {
        files.push(nav::tree_file(&tree));
    }
    files.extend(redirects::pages(site, settings));
    files.extend(exports::checklists(site, cfg.markdown.raw_html));
    files.push(views::progress::manifest(site));
    if let Some(base) = cx.absolute_base() {
        files.push(OutputFile::new("sitemap.xml", exports::sitemap(site, base)));
    }
    let content = settings.content_dir();
    files.extend(site.assets.iter().map(|(src, out)| OutputFile {
        path: out.clone(),
        body: Body::Copy(content.join(src)),
    }));
    files
}
