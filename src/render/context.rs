//! Typed, borrowed views that templates see. Every href is root-relative; templates put
//! `{{ root }}` in front, which makes every link relative to the page (sub-paths, `file://`).
use super::nav::NavItem;
use crate::markdown::Heading;
use crate::site::{Chapter, Checklist, NavEntry, Site, rebase_html, root_prefix};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) language: &'a str,
    pub(crate) author: &'a str,
    pub(crate) search: bool,
    /// Namespace for ticks saved in the browser.
    pub(crate) store: String,
    /// The logo's output path (`static/logo.svg`), when `site.toml` names one.
    pub(crate) logo: Option<String>,
    /// The favicon's output path: the logo, else the theme's.
    pub(crate) icon: String,
    pub(crate) version: &'static str,
}

/// What every page has.
#[derive(Serialize)]
pub(crate) struct Common<'a> {
    pub(crate) site: &'a SiteView<'a>,
    pub(crate) kind: &'static str,
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    /// `../` once per folder: the way back to the site root.
    pub(crate) root: String,
    pub(crate) canonical: Option<String>,
    /// The sidebar's entries, for themes with their own sidebar markup.
    pub(crate) nav: Vec<NavItem<'a>>,
    /// The sidebar as the default theme shows it (`nav.rs`).
    pub(crate) nav_html: String,
    pub(crate) breadcrumbs: Vec<Link<'a>>,
    /// Where the page's source file is edited ("Edit this page"), with `repo_url` and
    /// `edit_path` set.
    pub(crate) edit_url: Option<String>,
    /// A wiki's footer (`_Footer.md`), its links re-based for this page.
    pub(crate) footer: Option<Cow<'a, str>>,
}

#[derive(Serialize, Clone)]
pub(crate) struct Link<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<&'a str>,
    /// A section's page (which lists pages of its own).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) section: bool,
}

pub(crate) fn href(out_dir: &str) -> String {
    format!("{out_dir}index.html")
}

pub(crate) fn chapter_link(c: &Chapter) -> Link<'_> {
    Link {
        title: &c.title,
        href: href(&c.out_dir),
        description: c.description.as_deref(),
        section: false,
    }
}

/// A link to a page of the tree: a section's page or a chapter.
pub(crate) fn entry_link(site: &Site, e: NavEntry) -> Link<'_> {
    Link {
        title: site.title_of(e),
        href: href(site.out_dir_of(e)),
        description: site.description_of(e),
        section: matches!(e, NavEntry::Section(_)),
    }
}

/// Links to `entries`, in that order.
pub(crate) fn entry_links<'a>(site: &'a Site, entries: &[NavEntry]) -> Vec<Link<'a>> {
    entries.iter().map(|&e| entry_link(site, e)).collect()
}

/// The way to a page in `section`: the home page, then each section from the top level down.
pub(crate) fn breadcrumbs<'a>(
    site: &'a Site,
    home: Link<'a>,
    section: Option<usize>,
) -> Vec<Link<'a>> {
    let mut crumbs = vec![home];
    for s in site.path_to(section) {
        crumbs.push(Link {
            description: None,
            ..entry_link(site, NavEntry::Section(s))
        });
    }
    crumbs
}

/// Links to the chapters of `site` numbered in `chapters`, in that order.
pub(crate) fn chapter_links<'a>(site: &'a crate::site::Site, chapters: &[usize]) -> Vec<Link<'a>> {
    chapters
        .iter()
        .map(|&c| chapter_link(&site.chapters[c]))
        .collect()
}

/// A link to one of the site's fixed pages (`tags/index.html`), for breadcrumbs.
pub(crate) fn fixed_link(title: &'static str, href: &str) -> Link<'static> {
    Link {
        title,
        href: href.into(),
        description: None,
        section: false,
    }
}

#[derive(Serialize)]
pub(crate) struct ChapterView<'a> {
    pub(crate) html: String,
    pub(crate) toc: &'a [Heading],
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

/// The page of a section, at any depth.
#[derive(Serialize)]
pub(crate) struct SectionView<'a> {
    /// Its index file, rendered (with embedded checklists).
    pub(crate) html: Option<Cow<'a, str>>,
    /// Its subsections and chapters, in order.
    pub(crate) entries: Vec<Link<'a>>,
    /// The checklists whose files are in its folder.
    pub(crate) checklists: Vec<Link<'a>>,
    /// True for a top-level section, which has a print document (`print/`).
    pub(crate) print: bool,
    pub(crate) prev: Option<Link<'a>>,
    pub(crate) next: Option<Link<'a>>,
}

/// A list of chapters (a tag's page).
#[derive(Serialize)]
pub(crate) struct ListView<'a> {
    pub(crate) chapters: Vec<Link<'a>>,
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
    pub(crate) html: Option<&'a str>,
    pub(crate) parts: Vec<HomePart<'a>>,
    pub(crate) pages: Vec<Link<'a>>,
    pub(crate) checklists: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ChecklistItemView<'a> {
    pub(crate) id: &'a str,
    pub(crate) html: Cow<'a, str>,
    pub(crate) detail: Option<Cow<'a, str>>,
}

#[derive(Serialize)]
pub(crate) struct ChecklistSectionView<'a> {
    /// The section's anchor on the checklist page.
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) items: Vec<ChecklistItemView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ChecklistView<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) description: Option<Cow<'a, str>>,
    pub(crate) href: String,
    /// The Markdown task-list export, root-relative.
    pub(crate) md_href: String,
    pub(crate) total: usize,
    pub(crate) sections: Vec<ChecklistSectionView<'a>>,
}

/// The view of a checklist on its own page.
pub(crate) fn checklist_view(c: &Checklist) -> ChecklistView<'_> {
    checklist_view_at(c, &c.out_dir)
}

/// The view of a checklist shown on the page in `page_dir`: its Markdown was rendered for its
/// own page, so relative links are re-based when the page is another one.
pub(crate) fn checklist_view_at<'a>(c: &'a Checklist, page_dir: &str) -> ChecklistView<'a> {
    let root = (page_dir != c.out_dir).then(|| root_prefix(page_dir));
    let html = |h: &'a str| match &root {
        Some(root) => rebase_html(h, &c.out_dir, root),
        None => Cow::Borrowed(h),
    };
    let sections: Vec<ChecklistSectionView<'_>> = c
        .sections
        .iter()
        .map(|s| ChecklistSectionView {
            id: &s.id,
            title: &s.title,
            items: s
                .items
                .iter()
                .map(|i| ChecklistItemView {
                    id: &i.id,
                    html: html(&i.html),
                    detail: i.detail_html.as_deref().map(html),
                })
                .collect(),
        })
        .collect();
    ChecklistView {
        id: &c.id,
        title: &c.title,
        description: c.description.as_deref().map(html),
        href: href(&c.out_dir),
        md_href: format!("{}{}.md", c.out_dir, c.id),
        total: sections.iter().map(|s| s.items.len()).sum(),
        sections,
    }
}

pub(crate) fn checklist_link(c: &Checklist) -> Link<'_> {
    Link {
        title: &c.title,
        href: href(&c.out_dir),
        description: None,
        section: false,
    }
}
