//! One function per page kind: the page's place, its template, its title, description and
//! breadcrumbs, and the view its template sees. `jobs` lists the pages a site has. (The print
//! documents are `print`'s.)
use super::nav::Here;
use super::{
    ChecklistView, Cx, Html, Link, Page, View, chapter_link, chapter_links, checklist_link,
    checklist_view, checklist_view_at, entry_link, entry_links,
};
use crate::markdown::{Heading, Rendered};
use crate::site::NavEntry;
use crate::url;
use serde::Serialize;

/// One page of the site, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Job {
    Home,
    Section(usize),
    Chapter(usize),
    ChecklistIndex,
    Checklist(usize),
    Tags,
    Tag(String),
    Search,
    NotFound,
    /// "My progress": every checklist with the reader's progress, plans due this week.
    Progress,
    /// What changed since the reader's last visit.
    WhatsNew,
}

/// Every page of the site (the print documents aside), in a fixed order.
pub(crate) fn jobs(cx: &Cx<'_>) -> Vec<Job> {
    let site = cx.site;
    let mut jobs = vec![
        Job::Home,
        Job::ChecklistIndex,
        Job::NotFound,
        Job::Progress,
        Job::WhatsNew,
    ];
    jobs.extend((0..site.sections.len()).map(Job::Section));
    jobs.extend((0..site.chapters.len()).map(Job::Chapter));
    jobs.extend((0..site.checklists.len()).map(Job::Checklist));
    if !site.tags.is_empty() {
        jobs.push(Job::Tags);
        jobs.extend(site.tags.keys().cloned().map(Job::Tag));
    }
    if cx.settings.config.search.enabled {
        jobs.push(Job::Search);
    }
    jobs
}

#[derive(Serialize)]
pub(crate) struct HomePart<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) description: Option<&'a str>,
    /// Its subsections and chapters, in order.
    pub(crate) entries: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub(crate) struct HomeView<'a> {
    pub(crate) html: Option<Html<'a>>,
    pub(crate) parts: Vec<HomePart<'a>>,
    pub(crate) pages: Vec<Link<'a>>,
    pub(crate) checklists: Vec<Link<'a>>,
}

impl<'a> View<'a> for HomeView<'a> {
    fn body(&mut self) -> Option<&mut Html<'a>> {
        self.html.as_mut()
    }
}

/// The home page: its intro, the parts with what is in them, loose chapters, checklists.
pub(crate) fn home<'a>(cx: &'a Cx<'a>) -> Page<'a, HomeView<'a>> {
    let site = cx.site;
    let mut parts = Vec::new();
    let mut pages = Vec::new();
    for e in &site.nav {
        match *e {
            NavEntry::Section(s) => {
                let sec = &site.sections[s];
                parts.push(HomePart {
                    title: &sec.title,
                    href: url::page(&sec.out_dir),
                    description: sec.description.as_deref(),
                    entries: entry_links(site, &sec.children),
                });
            }
            NavEntry::Chapter(c) => pages.push(chapter_link(&site.chapters[c])),
        }
    }
    let home = site.home.as_ref();
    let view = HomeView {
        html: home.map(|h| Html::markdown(site, &h.rendered, "")),
        parts,
        pages,
        checklists: site.checklists.iter().map(checklist_link).collect(),
    };
    let mut page = Page::new(cx, ("home", "index.html"), "", Here::Elsewhere, view);
    page.common.title = home
        .and_then(|h| h.meta.title.as_deref().or(h.rendered.h1.as_deref()))
        .unwrap_or(cx.view.title);
    page.common.description = home
        .and_then(|h| h.meta.description.as_deref())
        .or(Some(cx.view.description).filter(|d| !d.is_empty()));
    page.common.edit_url = cx.edit_url(home.map(|h| h.source.as_str()));
    page
}

/// The page of a section, at any depth.
#[derive(Serialize)]
pub(crate) struct SectionView<'a> {
    /// Its index file, rendered (with embedded checklists).
    pub(crate) html: Option<Html<'a>>,
    /// Its subsections and chapters, in order.
    pub(crate) entries: Vec<Link<'a>>,
    /// The checklists whose files are in its folder.
    pub(crate) checklists: Vec<Link<'a>>,
    /// True for a top-level section, which has a print document (`print/`).
    pub(crate) print: bool,
    pub(crate) prev: Option<Link<'a>>,
    pub(crate) next: Option<Link<'a>>,
}

impl<'a> View<'a> for SectionView<'a> {
    fn body(&mut self) -> Option<&mut Html<'a>> {
        self.html.as_mut()
    }
}

pub(crate) fn section<'a>(cx: &'a Cx<'a>, s: usize) -> Page<'a, SectionView<'a>> {
    let site = cx.site;
    let sec = &site.sections[s];
    let view = SectionView {
        html: (sec.intro.as_ref()).map(|r| Html::markdown(site, r, &sec.out_dir)),
        entries: entry_links(site, &sec.children),
        checklists: (sec.checklists.iter())
            .map(|&c| checklist_link(&site.checklists[c]))
            .collect(),
        print: sec.parent.is_none(),
        prev: sec.prev.map(|e| entry_link(site, e)),
        next: sec.next.map(|e| entry_link(site, e)),
    };
    let kind = ("section", "part.html");
    let mut page = Page::new(cx, kind, &sec.out_dir, Here::Section(s), view);
    page.common.edit_url = cx.edit_url(sec.intro_source.as_deref());
    page.placed(cx, NavEntry::Section(s))
}

#[derive(Serialize)]
pub(crate) struct ChapterView<'a> {
    pub(crate) html: Html<'a>,
    /// The `##` and `###` headings, for the table of contents: `None` until `unfold`, so the
    /// page cache's key has them by the digest in `html`.
    pub(crate) toc: Option<&'a [Heading]>,
    /// The chapter's Markdown, whose headings `unfold` fills in.
    #[serde(skip)]
    rendered: &'a Rendered,
    /// The section the chapter is in.
    pub(crate) section: Option<Link<'a>>,
    pub(crate) prev: Option<Link<'a>>,
    pub(crate) next: Option<Link<'a>>,
    pub(crate) tags: Vec<Link<'a>>,
    pub(crate) minutes: usize,
    pub(crate) checklists: Vec<Link<'a>>,
    /// When the chapter last changed (`YYYY-MM-DD`), from its front matter.
    pub(crate) updated: Option<&'a str>,
}

impl<'a> View<'a> for ChapterView<'a> {
    fn body(&mut self) -> Option<&mut Html<'a>> {
        Some(&mut self.html)
    }

    fn unfold(&mut self, _site_templates: bool) -> anyhow::Result<()> {
        self.toc = Some(&self.rendered.toc);
        Ok(())
    }
}

pub(crate) fn chapter<'a>(cx: &'a Cx<'a>, c: usize) -> Page<'a, ChapterView<'a>> {
    let site = cx.site;
    let ch = &site.chapters[c];
    let view = ChapterView {
        html: Html::markdown(site, &ch.rendered, &ch.out_dir),
        toc: None,
        rendered: &ch.rendered,
        section: ch.section.map(|s| Link {
            description: None,
            ..entry_link(site, NavEntry::Section(s))
        }),
        prev: ch.prev.map(|e| entry_link(site, e)),
        next: ch.next.map(|e| entry_link(site, e)),
        tags: (ch.tags.iter())
            .filter_map(|t| site.tags.get(&crate::slug::slugify(t)))
            .map(|t| Link::to(&t.name, &t.out_dir))
            .collect(),
        minutes: ch.rendered.words.div_ceil(220).max(1),
        updated: ch.updated.as_deref(),
        checklists: (ch.rendered.embeds.iter())
            .filter_map(|e| site.checklist(&e.id))
            .map(checklist_link)
            .collect(),
    };
    let kind = ("chapter", "chapter.html");
    let mut page = Page::new(cx, kind, &ch.out_dir, Here::Chapter(c), view);
    page.common.edit_url = cx.edit_url(Some(&ch.source));
    page.placed(cx, NavEntry::Chapter(c))
}

#[derive(Serialize)]
pub(crate) struct ChecklistIndexView<'a> {
    html: Option<Html<'a>>,
    checklists: Vec<ChecklistView<'a>>,
}

impl<'a> View<'a> for ChecklistIndexView<'a> {
    fn body(&mut self) -> Option<&mut Html<'a>> {
        self.html.as_mut()
    }
}

/// `checklists/`: every checklist in full, under the intro of `content/checklists/_index.md`.
pub(crate) fn checklist_index<'a>(cx: &'a Cx<'a>) -> Page<'a, ChecklistIndexView<'a>> {
    let site = cx.site;
    let intro = site.checklists_intro.as_ref();
    let view = ChecklistIndexView {
        html: intro.map(|h| Html::markdown(site, &h.rendered, url::CHECKLISTS)),
        checklists: (site.checklists.iter())
            .map(|c| checklist_view_at(c, url::CHECKLISTS))
            .collect(),
    };
    let kind = ("checklists", "checklists.html");
    let mut page = Page::new(cx, kind, url::CHECKLISTS, Here::Checklists, view);
    page.common.title = intro
        .and_then(|h| h.meta.title.as_deref())
        .unwrap_or("Checklists");
    page.common.description = intro.and_then(|h| h.meta.description.as_deref());
    page.common.breadcrumbs = vec![cx.home_link()];
    page.common.edit_url = cx.edit_url(intro.map(|h| h.source.as_str()));
    page
}

#[derive(Serialize)]
pub(crate) struct ChecklistPageView<'a> {
    checklist: ChecklistView<'a>,
    /// The pages that embed it.
    used_in: Vec<Link<'a>>,
}

impl<'a> View<'a> for ChecklistPageView<'a> {}

pub(crate) fn checklist_page<'a>(cx: &'a Cx<'a>, i: usize) -> Page<'a, ChecklistPageView<'a>> {
    let c = &cx.site.checklists[i];
    let view = ChecklistPageView {
        checklist: checklist_view(c),
        used_in: entry_links(cx.site, &cx.site.embedders(&c.id)),
    };
    let kind = ("checklist", "checklist.html");
    let mut page = Page::new(cx, kind, &c.out_dir, Here::Checklists, view);
    page.common.title = &c.title;
    page.common.description = c.description_md.as_deref();
    page.common.breadcrumbs = vec![cx.home_link(), Link::to("Checklists", url::CHECKLISTS)];
    page.common.edit_url = cx.edit_url(Some(&c.source));
    page.common.mark = Some(super::progress::PageMark {
        url: &c.out_dir,
        hash: &c.hash,
    });
    page
}

#[derive(Serialize)]
pub(crate) struct TagsView<'a> {
    /// Each tag's page, and how many chapters it has.
    tags: Vec<(Link<'a>, usize)>,
}

impl<'a> View<'a> for TagsView<'a> {}

pub(crate) fn tags<'a>(cx: &'a Cx<'a>) -> Page<'a, TagsView<'a>> {
    let view = TagsView {
        tags: (cx.site.tags.values())
            .map(|t| (Link::to(&t.name, &t.out_dir), t.chapters.len()))
            .collect(),
    };
    let mut page = Page::new(cx, ("tags", "tags.html"), url::TAGS, Here::Elsewhere, view);
    page.common.title = "Tags";
    page.common.breadcrumbs = vec![cx.home_link()];
    page
}

/// A list of chapters (a tag's page).
#[derive(Serialize)]
pub(crate) struct ListView<'a> {
    pub(crate) chapters: Vec<Link<'a>>,
}

impl<'a> View<'a> for ListView<'a> {}

pub(crate) fn tag<'a>(cx: &'a Cx<'a>, slug: &str) -> Page<'a, ListView<'a>> {
    let tag = &cx.site.tags[slug];
    let view = ListView {
        chapters: chapter_links(cx.site, &tag.chapters),
    };
    let mut page = Page::new(cx, ("tag", "tag.html"), &tag.out_dir, Here::Elsewhere, view);
    page.common.title = &tag.name;
    page.common.breadcrumbs = vec![cx.home_link(), Link::to("Tags", url::TAGS)];
    page
}

/// The view of a page whose template needs nothing of its own.
#[derive(Serialize)]
pub(crate) struct Empty {}

impl View<'_> for Empty {}

pub(crate) fn search<'a>(cx: &'a Cx<'a>) -> Page<'a, Empty> {
    let kind = ("search", "search.html");
    let mut page = Page::new(cx, kind, url::SEARCH, Here::Elsewhere, Empty {});
    page.common.title = "Search";
    page.common.breadcrumbs = vec![cx.home_link()];
    page
}

/// `404.html`: served for any missing URL, so its links start from `base_url`'s path when
/// there is one.
pub(crate) fn not_found<'a>(cx: &'a Cx<'a>) -> Page<'a, Empty> {
    let mut page = Page::new(cx, ("404", "404.html"), "", Here::Elsewhere, Empty {});
    page.path = url::NOT_FOUND.to_string();
    page.common.title = "Page not found";
    page.common.canonical = None;
    if let Some(base) = &cx.settings.base {
        page.common.root = base.path.clone();
    }
    page
}

/// "My progress": every checklist and page task list, with what the reader has done.
pub(crate) fn progress<'a>(cx: &'a Cx<'a>) -> Page<'a, super::progress::ProgressPage<'a>> {
    let view = super::progress::progress_page(cx.site);
    let kind = ("progress", "progress.html");
    let mut page = Page::new(cx, kind, url::PROGRESS, Here::Elsewhere, view);
    page.common.title = "My progress";
    page.common.breadcrumbs = vec![cx.home_link()];
    page
}

/// The view of "What's new".
#[derive(Serialize)]
pub(crate) struct WhatsNewView<'a> {
    pages: Vec<super::progress::ChangeRow<'a>>,
    /// `pages` as the default theme lists them (`progress::rows_html`), filled in by
    /// `unfold`: a Tera loop over every page of a big site cost more than the rest of a
    /// warm build's pages. `pages` is then left to the site's own templates.
    rows: String,
    /// The way back to the site root, which the rows' links start with.
    #[serde(skip)]
    root: String,
}

impl<'a> View<'a> for WhatsNewView<'a> {
    fn unfold(&mut self, site_templates: bool) -> anyhow::Result<()> {
        self.rows = super::progress::rows_html(&self.pages, &self.root);
        if !site_templates {
            self.pages = Vec::new();
        }
        Ok(())
    }
}

/// "What's new": every page a reader follows, newest first, marked by the browser.
pub(crate) fn whats_new<'a>(cx: &'a Cx<'a>) -> Page<'a, WhatsNewView<'a>> {
    let view = WhatsNewView {
        pages: super::progress::change_rows(cx.site),
        rows: String::new(),
        root: url::root_prefix(url::WHATS_NEW),
    };
    let kind = ("whats-new", "whats_new.html");
    let mut page = Page::new(cx, kind, url::WHATS_NEW, Here::Elsewhere, view);
    page.common.title = "What's new";
    page.common.breadcrumbs = vec![cx.home_link()];
    page
}
