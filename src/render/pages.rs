//! Each page of the site: where it goes, which template renders it and the view that
//! template sees, built from the model for one `Job`. `Renderer::render_site` decides which
//! jobs a build has; this file, what each one is.
use super::context::*;
use super::nav::{self, Here};
use super::{Renderer, Shared, Target, print, tera_context, tera_message};
use crate::config::Settings;
use crate::output::{Body, OutputFile};
use crate::site::{NavEntry, Site, root_prefix};
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::borrow::Cow;

/// One page to render: its output folder, template and where it sits in the navigation.
pub(super) enum Job {
    Home,
    Section(usize),
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
    /// One page of the site, or `Body::Unchanged` when `serve` wrote it identically last time.
    pub(super) fn page(
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
            Job::Section(s) => (
                site.sections[*s].out_dir.clone(),
                "part.html",
                Here::Section(*s),
            ),
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
                if let print::Scope::Part(s) = scope {
                    Here::Section(*s)
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
            edit_url: None,
            footer: (site.footer.as_ref())
                .map(|f| crate::site::rebase_html(&f.rendered.html, "", &root)),
        };
        let edit = |source: Option<&str>| {
            source.and_then(|s| crate::config::edit_url(&settings.config, s))
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
                common.edit_url = edit(home.map(|h| h.source.as_str()));
                common.title = home
                    .and_then(|h| h.meta.title.as_deref().or(h.rendered.h1.as_deref()))
                    .unwrap_or(view.title);
                common.description = home
                    .and_then(|h| h.meta.description.as_deref())
                    .or(Some(view.description).filter(|d| !d.is_empty()));
                self.context(&target, &mut common, &home_view(site))?
            }
            Job::Section(s) => {
                let sec = &site.sections[*s];
                common.kind = "section";
                common.edit_url = edit(sec.intro_source.as_deref());
                place(&mut common, site, view, NavEntry::Section(*s));
                let html = match &sec.intro {
                    Some(r) if r.embeds.is_empty() => Some(Cow::Borrowed(r.html.as_str())),
                    Some(r) => Some(Cow::Owned(self.embed_checklists(
                        site,
                        &r.html,
                        &r.embeds,
                        (&sec.out_dir, &root),
                    )?)),
                    None => None,
                };
                let v = SectionView {
                    html,
                    entries: entry_links(site, &sec.children),
                    checklists: (sec.checklists.iter())
                        .map(|&c| checklist_link(&site.checklists[c]))
                        .collect(),
                    print: sec.parent.is_none(),
                    prev: sec.prev.map(|e| entry_link(site, e)),
                    next: sec.next.map(|e| entry_link(site, e)),
                };
                self.context(&target, &mut common, &v)?
            }
            Job::Chapter(c) => {
                let ch = &site.chapters[*c];
                common.kind = "chapter";
                common.edit_url = edit(Some(&ch.source));
                place(&mut common, site, view, NavEntry::Chapter(*c));
                let mut v = ChapterView {
                    html: String::new(),
                    toc: &[],
                    section: ch.section.map(|s| Link {
                        description: None,
                        ..entry_link(site, NavEntry::Section(s))
                    }),
                    prev: ch.prev.map(|e| entry_link(site, e)),
                    next: ch.next.map(|e| entry_link(site, e)),
                    tags: ch
                        .tags
                        .iter()
                        .filter_map(|t| site.tags.get(&crate::content::chapter::slugify(t)))
                        .map(|t| Link {
                            title: &t.name,
                            href: href(&t.out_dir),
                            description: None,
                            section: false,
                        })
                        .collect(),
                    minutes: ch.rendered.words.div_ceil(220).max(1),
                    updated: ch.updated.as_deref(),
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
                    v.html = self.embed_checklists(
                        site,
                        &ch.rendered.html,
                        &ch.rendered.embeds,
                        (&ch.out_dir, &root),
                    )?;
                    v.toc = &ch.rendered.toc;
                    nav::fill(&mut common, site, here, nav_key, self.nav_items);
                    Some(tera_context(&common, &v)?)
                }
            }
            Job::ChecklistIndex => {
                common.kind = "checklists";
                let intro = site.checklists_intro.as_ref();
                common.edit_url = edit(intro.map(|h| h.source.as_str()));
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
                    checklists: site
                        .checklists
                        .iter()
                        .map(|c| checklist_view_at(c, "checklists/"))
                        .collect(),
                };
                self.context(&target, &mut common, &v)?
            }
            Job::Checklist(i) => {
                let c = &site.checklists[*i];
                common.kind = "checklist";
                common.edit_url = edit(Some(&c.source));
                common.title = &c.title;
                common.description = c.description_md.as_deref();
                common.breadcrumbs = vec![
                    home_link(view),
                    fixed_link("Checklists", "checklists/index.html"),
                ];
                #[derive(Serialize)]
                struct V<'a> {
                    checklist: ChecklistView<'a>,
                    /// The pages that embed it.
                    used_in: Vec<Link<'a>>,
                }
                let v = V {
                    checklist: checklist_view(c),
                    used_in: entry_links(site, &site.embedders(&c.id)),
                };
                self.context(&target, &mut common, &v)?
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
                                section: false,
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
                common.breadcrumbs = vec![home_link(view), fixed_link("Tags", "tags/index.html")];
                let v = ListView {
                    chapters: chapter_links(site, &tag.chapters),
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
                if let print::Scope::Part(s) = scope {
                    common.title = &site.sections[*s].title;
                    common.description = site.sections[*s].description.as_deref();
                    common.breadcrumbs = breadcrumbs(site, home_link(view), Some(*s));
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
                    fixed_link("Checklists", "checklists/index.html"),
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
}

/// The site's absolute URL (with a trailing slash) when `base_url` gives one.
fn absolute_base(settings: &Settings) -> Option<&str> {
    settings
        .base
        .as_ref()
        .filter(|b| b.is_absolute())
        .map(|b| b.url.as_str())
}

/// The title, description and breadcrumbs of a page of the tree.
fn place<'a>(common: &mut Common<'a>, site: &'a Site, view: &SiteView<'a>, e: NavEntry) {
    common.title = site.title_of(e);
    common.description = site.description_of(e);
    common.breadcrumbs = breadcrumbs(site, home_link(view), site.parent_of(e));
}

fn home_link<'a>(view: &SiteView<'a>) -> Link<'a> {
    Link {
        title: view.title,
        href: "index.html".into(),
        description: None,
        section: false,
    }
}

fn home_view(site: &Site) -> HomeView<'_> {
    let mut parts = Vec::new();
    let mut pages = Vec::new();
    for e in &site.nav {
        match *e {
            NavEntry::Section(s) => {
                let sec = &site.sections[s];
                parts.push(HomePart {
                    title: &sec.title,
                    href: href(&sec.out_dir),
                    description: sec.description.as_deref(),
                    entries: entry_links(site, &sec.children),
                });
            }
            NavEntry::Chapter(c) => pages.push(chapter_link(&site.chapters[c])),
        }
    }
    HomeView {
        html: site.home.as_ref().map(|h| h.rendered.html.as_str()),
        parts,
        pages,
        checklists: site.checklists.iter().map(checklist_link).collect(),
    }
}
