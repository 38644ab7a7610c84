//! Pages from the model: Tera compiled once from the theme, one template per page kind, typed
//! views from `context`, rendered in parallel (`pages.rs`: what each page is). Also the
//! generated files that are not pages (`highlight.css`, `sitemap.xml`, `.nojekyll`, checklist
//! exports). Writes nothing itself.
mod context;
mod exports;
mod memo;
mod nav;
mod pages;
mod print;
mod redirects;

#[doc(hidden)]
pub(crate) use print::assert_relocatable_matches;

use crate::config::{DEFAULT_TITLE, Settings};
use crate::markdown::{embed_marker, highlight};
use crate::output::{Body, OutputFile, Sink};
use crate::site::Site;
use crate::theme::Theme;
use anyhow::{Result, anyhow};
use context::*;
use nav::{Here, nav_fingerprint};
use pages::Job;
use rayon::prelude::*;
use serde::Serialize;
use std::error::Error as _;
use std::path::Path;
use tera::Tera;

/// What `render_site` renders: everything, or (for `serve`, which writes the pages a reader
/// may have open before the rest) all but the print documents, or only those.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    All,
    Pages,
    Print,
}

/// The compiled templates of a theme, plus what error messages need to name their files.
pub(crate) struct Renderer {
    tera: Tera,
    theme: Theme,
    root: std::path::PathBuf,
    /// Pages of the last `serve` build, to skip the ones whose context did not change.
    memo: memo::PageMemo,
    /// Chapters rewritten for the print documents.
    print: print::Fragments,
    /// Whether page contexts carry the sidebar's entries (`nav::fill`): only templates of the
    /// site's own may read them.
    nav_items: bool,
}

/// What every page of one build shares.
struct Shared<'a> {
    view: SiteView<'a>,
    nav_key: u64,
    /// Every chapter rewritten for print, by index.
    fragments: Vec<print::Fragment>,
}

impl Renderer {
    /// Compiles every template of the theme; a syntax error names the template file and line.
    pub(crate) fn new(theme: Theme, root: &Path) -> Result<Renderer> {
        let mut tera = Tera::default();
        // Tera's default also escapes `/`, which makes every href unreadable; quotes, `<`,
        // `>` and `&` are what matter inside HTML text and attributes.
        tera.set_escape_fn(highlight::escape);
        let mut sources = Vec::new();
        for (name, file) in theme.templates() {
            let text = std::str::from_utf8(&file.bytes).map_err(|_| {
                anyhow!(
                    "{}: template is not valid UTF-8",
                    theme.template_path(name, root)
                )
            })?;
            sources.push((name.to_string(), text.to_string()));
        }
        let nav_items = theme
            .templates()
            .any(|(_, f)| matches!(f.origin, crate::theme::Origin::Site(_)));
        tera.add_raw_templates(sources)
            .map_err(|e| anyhow!("{}", tera_message(&e, &theme, root)))?;
        Ok(Renderer {
            tera,
            theme,
            root: root.to_path_buf(),
            memo: memo::PageMemo::default(),
            print: print::Fragments::default(),
            nav_items,
        })
    }

    /// Theme files that were not read (warnings for every build).
    pub(crate) fn theme_warnings(&self) -> &[crate::diagnostics::Diagnostic] {
        &self.theme.skipped
    }

    /// Every page and generated file of the site (or of one `Stage` of it), each handed to
    /// `sink` as soon as it is rendered (pages in parallel), so the whole site is never held
    /// in memory.
    pub(crate) fn render_site(
        &self,
        site: &Site,
        settings: &Settings,
        sink: &dyn Sink,
        stage: Stage,
    ) -> Result<()> {
        let cfg = &settings.config;
        let home_title = site
            .home
            .as_ref()
            .and_then(|h| h.meta.title.as_deref().or(h.rendered.h1.as_deref()));
        let view = SiteView {
            title: cfg.title.as_deref().or(home_title).unwrap_or(DEFAULT_TITLE),
            description: &cfg.description,
            language: &cfg.language,
            author: &cfg.author,
            search: cfg.search.enabled,
            store: settings.site_id(),
            logo: cfg.logo.as_deref().map(crate::config::logo_output),
            icon: cfg
                .logo
                .as_deref()
                .map_or_else(|| "static/favicon.svg".into(), crate::config::logo_output),
            version: env!("CARGO_PKG_VERSION"),
        };
        let serve = settings.mode == crate::config::Mode::Serve;
        let mut shared = Shared {
            view,
            nav_key: nav_fingerprint(site),
            fragments: Vec::new(),
        };
        if stage != Stage::Pages {
            // The print documents first, while the chapters rewritten for print are alive.
            let mut jobs = vec![Job::Print(print::Scope::Book)];
            jobs.extend(site.nav.iter().filter_map(|e| match *e {
                crate::site::NavEntry::Section(s) => Some(Job::Print(print::Scope::Part(s))),
                crate::site::NavEntry::Chapter(_) => None,
            }));
            shared.fragments = print::fragments(site, serve.then_some(&self.print))?;
            jobs.par_iter()
                .try_for_each(|job| sink.put(self.page(site, settings, &shared, job)?))?;
            shared.fragments = Vec::new();
        }
        if stage == Stage::Print {
            return Ok(());
        }
        let mut jobs = vec![Job::Home, Job::ChecklistIndex, Job::NotFound];
        if !site.checklists.is_empty() {
            jobs.push(Job::ChecklistsPrint);
        }
        jobs.extend((0..site.sections.len()).map(Job::Section));
        jobs.extend((0..site.chapters.len()).map(Job::Chapter));
        jobs.extend((0..site.checklists.len()).map(Job::Checklist));
        if !site.tags.is_empty() {
            jobs.push(Job::Tags);
            jobs.extend(site.tags.keys().cloned().map(Job::Tag));
        }
        if cfg.search.enabled {
            jobs.push(Job::Search);
        }
        jobs.par_iter()
            .try_for_each(|job| sink.put(self.page(site, settings, &shared, job)?))?;
        let mut files: Vec<OutputFile> = Vec::new();
        for (path, file) in self
            .theme
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
        if !nav::whole_tree_fits(site) {
            files.push(nav::tree_file(site));
        }
        files.extend(redirects::pages(site, settings));
        files.extend(exports::checklists(site, cfg.markdown.raw_html));
        if let Some(base) = settings.base.as_ref().filter(|b| b.is_absolute()) {
            files.push(OutputFile::new(
                "sitemap.xml",
                exports::sitemap(site, &base.url),
            ));
        }
        let content = settings.content_dir();
        files.extend(site.assets.iter().map(|(src, out)| OutputFile {
            path: out.clone(),
            body: Body::Copy(content.join(src)),
        }));
        files.into_par_iter().try_for_each(|f| sink.put(f))
    }

    /// The template context of a page, or `None` when `serve` wrote this very page last time.
    /// The sidebar is filled in here, only for pages that are rendered.
    fn context<'a, T: Serialize>(
        &self,
        target: &Target<'a>,
        common: &mut Common<'a>,
        page: &T,
    ) -> Result<Option<tera::Context>> {
        if self.unchanged(target, common, page, None) {
            return Ok(None);
        }
        nav::fill(
            common,
            target.site,
            target.here,
            target.nav_key,
            self.nav_items,
        );
        tera_context(common, page).map(Some)
    }

    /// True when `serve` wrote this page last time from the same context (and the same
    /// `pinned` Markdown, compared by identity). The sidebar, not built yet, stands in the
    /// key as its inputs: the page's place and `nav_fingerprint`. Records the page.
    fn unchanged<T: Serialize>(
        &self,
        target: &Target<'_>,
        common: &Common<'_>,
        page: &T,
        pinned: Option<&std::sync::Arc<crate::markdown::Rendered>>,
    ) -> bool {
        if !target.memo {
            return false;
        }
        let nav = (target.nav_key, target.here);
        memo::PageMemo::key(target.template, &(Both { common, page }, nav), pinned)
            .is_some_and(|key| self.memo.stage(target.path, key, pinned.cloned()))
    }

    /// A `serve` build's pages reached the disk: the next build compares against them.
    pub(crate) fn commit_pages(&mut self) {
        self.memo.commit();
    }

    /// A `serve` build failed; `disk_touched` when it may have written part of its files.
    pub(crate) fn discard_pages(&mut self, disk_touched: bool) {
        if disk_touched {
            self.memo.reset()
        } else {
            self.memo.discard()
        }
    }

    /// Replaces each embed marker with the checklist rendered by `partials/checklist.html`,
    /// for the page in `page_dir`, `root` away from the site root.
    fn embed_checklists(
        &self,
        site: &Site,
        html: &str,
        embeds: &[crate::markdown::Embed],
        (page_dir, root): (&str, &str),
    ) -> Result<String> {
        let mut html = html.to_string();
        for e in embeds {
            let Some(c) = site.checklist(&e.id) else {
                continue;
            };
            let mut ctx = tera::Context::new();
            ctx.insert("checklist", &checklist_view_at(c, page_dir));
            ctx.insert("root", root);
            ctx.insert("embedded", &true);
            let block = self
                .tera
                .render("partials/checklist.html", &ctx)
                .map_err(|e| anyhow!("{}", tera_message(&e, &self.theme, &self.root)))?;
            html = html.replacen(&embed_marker(&e.id), &block, 1);
        }
        Ok(html)
    }
}

/// What a page template sees: the common values at the top level, the page's under `page`.
#[derive(Serialize)]
struct Both<'a, 'b, T> {
    #[serde(flatten)]
    common: &'b Common<'a>,
    page: &'b T,
}

fn tera_context<T: Serialize>(common: &Common<'_>, page: &T) -> Result<tera::Context> {
    tera::Context::from_serialize(Both { common, page })
        .map_err(|e| anyhow!("internal error building a template context: {e}"))
}

/// Where a page goes and which template renders it.
struct Target<'a> {
    path: &'a str,
    template: &'a str,
    /// Skip pages the last build wrote identically (`serve` only).
    memo: bool,
    site: &'a Site,
    /// The page's place in the navigation.
    here: Here,
    /// `nav_fingerprint` of the site.
    nav_key: u64,
}

/// A Tera error as one message: the template's file, then every cause (which carry the
/// line and column for syntax errors).
fn tera_message(e: &tera::Error, theme: &Theme, root: &Path) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let message = parts.join(": ");
    // Name the template's file, and its line and column when Tera gives them (` --> 4:1`).
    let template = theme
        .templates()
        .map(|(name, _)| name)
        .filter(|name| message.contains(&format!("'{name}'")))
        .last();
    let position = message
        .split_once(" --> ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .filter(|p| p.contains(':'))
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    match template {
        Some(name) => format!(
            "{}{position}: template error: {message}",
            theme.template_path(name, root)
        ),
        None => format!("template error: {message}"),
    }
}
