//! Pages from the model: Tera compiled once from the theme, one template per page kind, typed
//! views from `context`, rendered in parallel. Also the generated files that are not pages
//! (`highlight.css`, `sitemap.xml`, `.nojekyll`, checklist exports). Writes nothing itself.
mod context;
mod exports;
mod memo;
mod nav;
mod print;

#[doc(hidden)]
pub(crate) use print::assert_relocatable_matches;

use crate::config::Settings;
use crate::markdown::{embed_marker, highlight};
use crate::output::{Body, OutputFile, Sink};
use crate::site::{Site, root_prefix};
use crate::theme::Theme;
use anyhow::{Result, anyhow};
use context::*;
use nav::{Here, nav_fingerprint};
use rayon::prelude::*;
use serde::Serialize;
use std::error::Error as _;
use std::path::Path;
use tera::Tera;

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

/// One page to render: its output folder, template and where it sits in the navigation.
enum Job {
    Home,
    Part(usize),
    Chapter(usize),
    ChecklistIndex,
    Checklist(usize),
    Tags,
    Tag(String),
    Search,
    NotFound,
    Print(print::Scope),
    ChecklistsPrint,
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

    /// Every page and generated file of the site, each handed to `sink` as soon as it is
    /// rendered (pages in parallel), so the whole site is never held in memory.
    pub(crate) fn render_site(
        &self,
        site: &Site,
        settings: &Settings,
        sink: &dyn Sink,
    ) -> Result<()> {
        let cfg = &settings.config;
        let view = SiteView {
            title: &cfg.title,
            description: &cfg.description,
            language: &cfg.language,
            author: &cfg.author,
            search: cfg.search.enabled,
            store: crate::content::chapter::slugify(&cfg.title),
            version: env!("CARGO_PKG_VERSION"),
        };
        // The print documents first, while the chapters rewritten for print are alive.
        let mut jobs = vec![Job::Print(print::Scope::Book)];
        jobs.extend((0..site.parts.len()).map(|p| Job::Print(print::Scope::Part(p))));
        let serve = settings.mode == crate::config::Mode::Serve;
        let mut shared = Shared {
            view,
            nav_key: nav_fingerprint(site),
            fragments: print::fragments(site, serve.then_some(&self.print))?,
        };
        jobs.par_iter()
            .try_for_each(|job| sink.put(self.page(site, settings, &shared, job)?))?;
        shared.fragments = Vec::new();
        let mut jobs = vec![Job::Home, Job::ChecklistIndex, Job::NotFound];
        if !site.checklists.is_empty() {
            jobs.push(Job::ChecklistsPrint);
        }
        jobs.extend((0..site.parts.len()).map(Job::Part));
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
        files.extend(exports::checklists(site));
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

    fn page(
        &self,
        site: &Site,
        settings: &Settings,
        shared: &Shared<'_>,
        job: &Job,
    ) -> Result<OutputFile> {
        let (view, nav_key) = (&shared.view, shared.nav_key);
        // The print view, kept to splice its chapters into the rendered page.
        let mut print_view = None;
        let (out_dir, template, here): (String, &str, Here) = match job {
            Job::Home => (String::new(), "index.html", Here::Elsewhere),
            Job::Part(p) => (site.parts[*p].out_dir.clone(), "part.html", Here::Part(*p)),
            Job::Chapter(c) => (
                site.chapters[*c].out_dir.clone(),
                "chapter.html",
                Here::Chapter(*c),
            ),
            Job::ChecklistIndex => ("checklists/".into(), "checklists.html", Here::Checklists),
            Job::Checklist(c) => (
                site.checklists[*c].out_dir.clone(),
                "checklist.html",
                Here::Checklists,
            ),
            Job::Tags => ("tags/".into(), "tags.html", Here::Elsewhere),
            Job::Tag(t) => (site.tags[t].out_dir.clone(), "tag.html", Here::Elsewhere),
            Job::Search => ("search/".into(), "search.html", Here::Elsewhere),
            Job::NotFound => (String::new(), "404.html", Here::Elsewhere),
            Job::Print(scope) => (
                scope.out_dir(site),
                "print.html",
                if let print::Scope::Part(p) = scope {
                    Here::Part(*p)
                } else {
                    Here::Elsewhere
                },
            ),
            Job::ChecklistsPrint => (
                "checklists/print/".into(),
                "print_checklists.html",
                Here::Checklists,
            ),
        };
        let root = root_prefix(&out_dir);
        let canonical = settings
            .base
            .as_ref()
            .filter(|b| b.is_absolute() && !matches!(job, Job::NotFound))
            .map(|b| format!("{}{out_dir}", b.url));
        let mut common = Common {
            site: view,
            kind: "page",
            title: view.title,
            description: None,
            root: root.clone(),
            canonical,
            nav: Vec::new(),
            nav_html: String::new(),
            breadcrumbs: Vec::new(),
        };
        let path = if matches!(job, Job::NotFound) {
            "404.html".to_string()
        } else {
            format!("{out_dir}index.html")
        };
        let target = Target {
            path: &path,
            template,
            memo: settings.mode == crate::config::Mode::Serve,
            site,
            here,
            nav_key,
        };
        let ctx = match job {
            Job::Home => {
                common.kind = "home";
                let home = site.home.as_ref();
                common.title = home
                    .and_then(|h| h.meta.title.as_deref().or(h.rendered.h1.as_deref()))
                    .unwrap_or(view.title);
                common.description = home
                    .and_then(|h| h.meta.description.as_deref())
                    .or(Some(view.description).filter(|d| !d.is_empty()));
                self.context(&target, &mut common, &home_view(site))?
            }
            Job::Part(p) => {
                let part = &site.parts[*p];
                common.kind = "part";
                common.title = &part.title;
                common.description = part.description.as_deref();
                common.breadcrumbs = vec![home_link(view)];
                let v = PartView {
                    html: part.intro.as_deref().map(|r| r.html.as_str()),
                    chapters: part
                        .chapters
                        .iter()
                        .map(|&c| chapter_link(&site.chapters[c]))
                        .collect(),
                };
                self.context(&target, &mut common, &v)?
            }
            Job::Chapter(c) => {
                let ch = &site.chapters[*c];
                common.kind = "chapter";
                common.title = &ch.title;
                common.description = ch.description.as_deref();
                common.breadcrumbs = vec![home_link(view)];
                let part = ch.part.map(|p| Link {
                    title: &site.parts[p].title,
                    href: href(&site.parts[p].out_dir),
                    description: None,
                });
                common.breadcrumbs.extend(part.clone());
                let mut v = ChapterView {
                    html: String::new(),
                    toc: &[],
                    part,
                    prev: ch.prev.map(|i| chapter_link(&site.chapters[i])),
                    next: ch.next.map(|i| chapter_link(&site.chapters[i])),
                    tags: ch
                        .tags
                        .iter()
                        .filter_map(|t| site.tags.get(&crate::content::chapter::slugify(t)))
                        .map(|t| Link {
                            title: &t.name,
                            href: href(&t.out_dir),
                            description: None,
                        })
                        .collect(),
                    minutes: ch.rendered.words.div_ceil(220).max(1),
                    checklists: ch
                        .rendered
                        .embeds
                        .iter()
                        .filter_map(|e| site.checklist(&e.id))
                        .map(checklist_link)
                        .collect(),
                };
                // The body and its outline stand in the memo key by identity (the Markdown cache
                // hands out the same `Arc` while the source is unchanged); the embedded
                // checklists by content.
                let embedded: Vec<ChecklistView<'_>> = ch
                    .rendered
                    .embeds
                    .iter()
                    .filter_map(|e| site.checklist(&e.id))
                    .map(checklist_view)
                    .collect();
                if self.unchanged(&target, &common, &(&v, &embedded), Some(&ch.rendered)) {
                    None
                } else {
                    v.html =
                        self.embed_checklists(site, &ch.rendered.html, &ch.rendered.embeds, &root)?;
                    v.toc = &ch.rendered.toc;
                    nav::fill(&mut common, site, here, self.nav_items);
                    Some(tera_context(&common, &v)?)
                }
            }
            Job::ChecklistIndex => {
                common.kind = "checklists";
                let intro = site.checklists_intro.as_ref();
                common.title = intro
                    .and_then(|h| h.meta.title.as_deref())
                    .unwrap_or("Checklists");
                common.description = intro.and_then(|h| h.meta.description.as_deref());
                common.breadcrumbs = vec![home_link(view)];
                #[derive(Serialize)]
                struct V<'a> {
                    html: Option<&'a str>,
                    checklists: Vec<ChecklistView<'a>>,
                }
                let v = V {
                    html: intro.map(|h| h.rendered.html.as_str()),
                    checklists: site.checklists.iter().map(checklist_view).collect(),
                };
                self.context(&target, &mut common, &v)?
            }
            Job::Checklist(i) => {
                let c = &site.checklists[*i];
                common.kind = "checklist";
                common.title = &c.title;
                common.description = c.description_md.as_deref();
                common.breadcrumbs = vec![
                    home_link(view),
                    Link {
                        title: "Checklists",
                        href: "checklists/index.html".into(),
                        description: None,
                    },
                ];
                #[derive(Serialize)]
                struct V<'a> {
                    checklist: ChecklistView<'a>,
                }
                self.context(
                    &target,
                    &mut common,
                    &V {
                        checklist: checklist_view(c),
                    },
                )?
            }
            Job::Tags => {
                common.kind = "tags";
                common.title = "Tags";
                common.breadcrumbs = vec![home_link(view)];
                #[derive(Serialize)]
                struct V<'a> {
                    tags: Vec<(Link<'a>, usize)>,
                }
                let tags = site
                    .tags
                    .values()
                    .map(|t| {
                        (
                            Link {
                                title: &t.name,
                                href: href(&t.out_dir),
                                description: None,
                            },
                            t.chapters.len(),
                        )
                    })
                    .collect();
                self.context(&target, &mut common, &V { tags })?
            }
            Job::Tag(t) => {
                let tag = &site.tags[t];
                common.kind = "tag";
                common.title = &tag.name;
                common.breadcrumbs = vec![
                    home_link(view),
                    Link {
                        title: "Tags",
                        href: "tags/index.html".into(),
                        description: None,
                    },
                ];
                let v = PartView {
                    html: None,
                    chapters: tag
                        .chapters
                        .iter()
                        .map(|&c| chapter_link(&site.chapters[c]))
                        .collect(),
                };
                self.context(&target, &mut common, &v)?
            }
            Job::Search => {
                common.kind = "search";
                common.title = "Search";
                common.breadcrumbs = vec![home_link(view)];
                self.context(&target, &mut common, &serde_json::json!({}))?
            }
            Job::NotFound => {
                common.kind = "404";
                common.title = "Page not found";
                if let Some(base) = &settings.base {
                    common.root = base.path.clone();
                }
                self.context(&target, &mut common, &serde_json::json!({}))?
            }
            Job::Print(scope) => {
                common.kind = "print";
                if let print::Scope::Part(p) = scope {
                    common.title = &site.parts[*p].title;
                    common.description = site.parts[*p].description.as_deref();
                    common.breadcrumbs = vec![home_link(view)];
                } else {
                    common.description = Some(view.description).filter(|d| !d.is_empty());
                }
                let v = print::book_view(
                    site,
                    *scope,
                    absolute_base(settings),
                    &shared.fragments,
                    settings.config.print.max_book_chapters,
                )?;
                let ctx = self.context(&target, &mut common, &v)?;
                print_view = Some(v);
                ctx
            }
            Job::ChecklistsPrint => {
                common.kind = "print-checklists";
                common.title = "All checklists";
                common.breadcrumbs = vec![
                    home_link(view),
                    Link {
                        title: "Checklists",
                        href: "checklists/index.html".into(),
                        description: None,
                    },
                ];
                self.context(
                    &target,
                    &mut common,
                    &print::checklists_view(site, absolute_base(settings)),
                )?
            }
        };
        let Some(ctx) = ctx else {
            return Ok(OutputFile {
                path,
                body: Body::Unchanged,
            });
        };
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| anyhow!("{}", tera_message(&e, &self.theme, &self.root)))?;
        Ok(match print_view {
            Some(v) => OutputFile {
                path,
                body: Body::Stream(std::sync::Arc::new(v.into_body(html))),
            },
            None => OutputFile::new(path, html),
        })
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
        nav::fill(common, target.site, target.here, self.nav_items);
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

    /// Replaces each embed marker with the checklist rendered by `partials/checklist.html`.
    fn embed_checklists(
        &self,
        site: &Site,
        html: &str,
        embeds: &[crate::markdown::Embed],
        root: &str,
    ) -> Result<String> {
        let mut html = html.to_string();
        for e in embeds {
            let Some(c) = site.checklist(&e.id) else {
                continue;
            };
            let mut ctx = tera::Context::new();
            ctx.insert("checklist", &checklist_view(c));
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

/// The site's absolute URL (with a trailing slash) when `base_url` gives one.
fn absolute_base(settings: &Settings) -> Option<&str> {
    settings
        .base
        .as_ref()
        .filter(|b| b.is_absolute())
        .map(|b| b.url.as_str())
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

fn home_link<'a>(view: &SiteView<'a>) -> Link<'a> {
    Link {
        title: view.title,
        href: "index.html".into(),
        description: None,
    }
}

fn home_view(site: &Site) -> HomeView<'_> {
    let mut parts = Vec::new();
    let mut pages = Vec::new();
    for e in &site.nav {
        match *e {
            crate::site::NavEntry::Part(p) => {
                let part = &site.parts[p];
                parts.push(HomePart {
                    title: &part.title,
                    href: href(&part.out_dir),
                    description: part.description.as_deref(),
                    chapters: part
                        .chapters
                        .iter()
                        .map(|&c| chapter_link(&site.chapters[c]))
                        .collect(),
                });
            }
            crate::site::NavEntry::Chapter(c) => pages.push(chapter_link(&site.chapters[c])),
        }
    }
    HomeView {
        html: site.home.as_ref().map(|h| h.rendered.html.as_str()),
        parts,
        pages,
        checklists: site.checklists.iter().map(checklist_link).collect(),
    }
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
