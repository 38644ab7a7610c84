//! Typed, borrowed views that templates see. Every href is root-relative; templates put
//! `{{ root }}` in front, which makes every link relative to the page (sub-paths, `file://`).
use crate::markdown::Heading;
use crate::site::{Chapter, Checklist, NavEntry, Site};
use serde::Serialize;

/// Above this many parts, the sidebar shows only the current part (plus a link home), so a
/// page's size does not grow with the site.
const MAX_NAV_PARTS: usize = 15;
/// The sidebar shows at most this many chapters of the current part, around the current one.
const MAX_NAV_CHAPTERS: usize = 60;

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) language: &'a str,
    pub(crate) author: &'a str,
    pub(crate) search: bool,
    /// Namespace for ticks saved in the browser.
    pub(crate) store: String,
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
    pub(crate) nav: Vec<NavItem<'a>>,
    pub(crate) breadcrumbs: Vec<Link<'a>>,
}

#[derive(Serialize, Clone)]
pub(crate) struct Link<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct NavItem<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) current: bool,
    pub(crate) open: bool,
    pub(crate) children: Vec<NavChild<'a>>,
    /// Chapters of this part left out of `children` to bound the page size.
    pub(crate) more: usize,
}

#[derive(Serialize)]
pub(crate) struct NavChild<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) current: bool,
}

/// Where a page sits in the navigation.
#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Here {
    Elsewhere,
    Part(usize),
    Chapter(usize),
    Checklists,
}

pub(crate) fn href(out_dir: &str) -> String {
    format!("{out_dir}index.html")
}

pub(crate) fn chapter_link(c: &Chapter) -> Link<'_> {
    Link {
        title: &c.title,
        href: href(&c.out_dir),
        description: c.description.as_deref(),
    }
}

/// A hash of everything `nav` reads besides the page's place: two builds with the same
/// fingerprint give every page the same sidebar. Keep in step with `nav` and `part_children`.
pub(crate) fn nav_fingerprint(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::key_hasher();
    (MAX_NAV_PARTS, MAX_NAV_CHAPTERS).hash(&mut h);
    for entry in &site.nav {
        match *entry {
            NavEntry::Part(p) => (0u8, p).hash(&mut h),
            NavEntry::Chapter(c) => (1u8, c).hash(&mut h),
        }
    }
    for p in &site.parts {
        (&p.title, &p.out_dir, &p.chapters).hash(&mut h);
    }
    for c in &site.chapters {
        (&c.title, &c.out_dir, c.part).hash(&mut h);
    }
    h.finish()
}

/// The sidebar for one page, bounded in size whatever the size of the site.
pub(crate) fn nav<'a>(site: &'a Site, here: Here) -> Vec<NavItem<'a>> {
    let current_part = match here {
        Here::Part(p) => Some(p),
        Here::Chapter(c) => site.chapters[c].part,
        _ => None,
    };
    let mut items = Vec::new();
    let many = site.nav.len() > MAX_NAV_PARTS;
    for entry in &site.nav {
        match *entry {
            NavEntry::Part(p) => {
                let open = current_part == Some(p);
                if many && !open {
                    continue;
                }
                let part = &site.parts[p];
                let (children, more) = if open {
                    part_children(site, p, here)
                } else {
                    (Vec::new(), 0)
                };
                items.push(NavItem {
                    title: &part.title,
                    href: href(&part.out_dir),
                    current: here == Here::Part(p),
                    open,
                    children,
                    more,
                });
            }
            NavEntry::Chapter(c) => {
                if many && here != Here::Chapter(c) {
                    continue;
                }
                let ch = &site.chapters[c];
                items.push(NavItem {
                    title: &ch.title,
                    href: href(&ch.out_dir),
                    current: here == Here::Chapter(c),
                    open: false,
                    children: Vec::new(),
                    more: 0,
                });
            }
        }
    }
    items
}

fn part_children(site: &Site, p: usize, here: Here) -> (Vec<NavChild<'_>>, usize) {
    let chapters = &site.parts[p].chapters;
    let pos = match here {
        Here::Chapter(c) => chapters.iter().position(|&x| x == c).unwrap_or(0),
        _ => 0,
    };
    let start = pos
        .saturating_sub(MAX_NAV_CHAPTERS / 2)
        .min(chapters.len().saturating_sub(MAX_NAV_CHAPTERS));
    let shown = &chapters[start..(start + MAX_NAV_CHAPTERS).min(chapters.len())];
    let children = shown
        .iter()
        .map(|&c| NavChild {
            title: &site.chapters[c].title,
            href: href(&site.chapters[c].out_dir),
            current: here == Here::Chapter(c),
        })
        .collect();
    (children, chapters.len() - shown.len())
}

#[derive(Serialize)]
pub(crate) struct ChapterView<'a> {
    pub(crate) html: String,
    pub(crate) toc: &'a [Heading],
    pub(crate) part: Option<Link<'a>>,
    pub(crate) prev: Option<Link<'a>>,
    pub(crate) next: Option<Link<'a>>,
    pub(crate) tags: Vec<Link<'a>>,
    pub(crate) minutes: usize,
    pub(crate) checklists: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub(crate) struct PartView<'a> {
    pub(crate) html: Option<&'a str>,
    pub(crate) chapters: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub(crate) struct HomePart<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) description: Option<&'a str>,
    pub(crate) chapters: Vec<Link<'a>>,
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
    pub(crate) html: &'a str,
    pub(crate) detail: Option<&'a str>,
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
    pub(crate) description: Option<&'a str>,
    pub(crate) href: String,
    /// The Markdown task-list export, root-relative.
    pub(crate) md_href: String,
    pub(crate) total: usize,
    pub(crate) sections: Vec<ChecklistSectionView<'a>>,
}

pub(crate) fn checklist_view(c: &Checklist) -> ChecklistView<'_> {
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
                    html: &i.html,
                    detail: i.detail_html.as_deref(),
                })
                .collect(),
        })
        .collect();
    ChecklistView {
        id: &c.id,
        title: &c.title,
        description: c.description.as_deref(),
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
    }
}
