//! The sidebar: the tree of sections and chapters, with the path to the current page open
//! and every other section collapsible. A page's size must not grow with the site's (10,000
//! pages each carrying the whole tree is quadratic), so a site of up to `FULL_TREE` entries
//! gets the whole tree in every page, and a bigger one gets the open path (the children of
//! each section on the way to the page, as many levels of them as `PATH_BUDGET` links
//! allow) plus one shared script, `static/nav-tree.js`, written once per build and loaded
//! with `<script src>` (which works from `file://`, unlike `fetch`), from which `site.js`
//! fills in the rest. The markup is written here in Rust (`nav/html.rs`): one Tera loop over
//! the entries cost a tenth of a build. Themes that want other markup loop over `nav` (filled
//! only when the site overrides a template).
mod html;

pub(crate) use html::{html, tree_file};

use super::context::{Common, href};
use crate::site::{NavEntry, Site};
use serde::Serialize;

/// Up to this many sections and chapters, every page holds the whole tree.
const FULL_TREE: usize = 200;
/// Above `FULL_TREE`, the most links a page's open path lists before `nav-tree.js` fills in
/// the rest.
const PATH_BUDGET: usize = 150;

#[derive(Serialize)]
pub(crate) struct NavItem<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) current: bool,
    /// A section (its page, and its children below).
    pub(crate) section: bool,
    /// A section on the way to the current page (or the current page itself).
    pub(crate) open: bool,
    pub(crate) children: Vec<NavItem<'a>>,
    /// False when some of this section's children are left out of the page (the shared tree
    /// file has them all).
    pub(crate) listed: bool,
}

/// Where a page sits in the navigation.
#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Here {
    Elsewhere,
    Section(usize),
    Chapter(usize),
    Checklists,
}

/// A hash of everything `nav` reads besides the page's place: two builds with the same
/// fingerprint give every page the same sidebar. Keep in step with `nav`.
pub(crate) fn nav_fingerprint(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::key_hasher();
    (FULL_TREE, PATH_BUDGET, &site.nav).hash(&mut h);
    for s in 0..site.sections.len() {
        let e = NavEntry::Section(s);
        (
            site.nav_title_of(e),
            site.out_dir_of(e),
            &site.sections[s].children,
        )
            .hash(&mut h);
    }
    for c in 0..site.chapters.len() {
        let e = NavEntry::Chapter(c);
        (site.nav_title_of(e), site.out_dir_of(e)).hash(&mut h);
    }
    h.finish()
}

/// True when every page holds the whole tree, and `nav-tree.js` is not needed.
pub(crate) fn whole_tree_fits(site: &Site) -> bool {
    site.sections.len() + site.chapters.len() <= FULL_TREE
}

/// What the sidebar of one page lists.
struct Plan<'s> {
    site: &'s Site,
    here: Here,
    /// The sections from the top level down to the page (the page itself, if a section).
    path: Vec<usize>,
    /// Whether every entry of the level at that depth is listed (else only the one on the
    /// path). Level 0 is the top; level k + 1 holds the children of `path[k]`.
    listed: Vec<bool>,
}

/// The sidebar's entries for one page, bounded in size whatever the size of the site.
pub(crate) fn nav(site: &Site, here: Here) -> Vec<NavItem<'_>> {
    let path = site.path_to(match here {
        Here::Section(s) => Some(s),
        Here::Chapter(c) => site.chapters[c].section,
        Here::Elsewhere | Here::Checklists => None,
    });
    let levels: Vec<&[NavEntry]> = std::iter::once(site.nav.as_slice())
        .chain(path.iter().map(|&s| site.sections[s].children.as_slice()))
        .collect();
    let mut listed = vec![whole_tree_fits(site); levels.len()];
    if !listed[0] {
        // The levels nearest the page first, each whole or not at all.
        let mut budget = PATH_BUDGET;
        for (level, entries) in levels.iter().enumerate().rev() {
            if entries.len() <= budget {
                budget -= entries.len();
                listed[level] = true;
            }
        }
    }
    let plan = Plan {
        site,
        here,
        path,
        listed,
    };
    plan.level(&site.nav, 0)
}

impl<'s> Plan<'s> {
    /// The items of `entries`, which sit at `depth`.
    fn level(&self, entries: &[NavEntry], depth: usize) -> Vec<NavItem<'s>> {
        if !self.listed.get(depth).copied().unwrap_or(true) {
            // Only the way down: looking through a level of 10,000 pages on each of them
            // would be quadratic.
            return self
                .path
                .get(depth)
                .map_or_else(Vec::new, |&s| vec![self.item(NavEntry::Section(s), depth)]);
        }
        entries.iter().map(|&e| self.item(e, depth)).collect()
    }

    fn item(&self, e: NavEntry, depth: usize) -> NavItem<'s> {
        let site = self.site;
        let (title, out_dir) = (site.nav_title_of(e), site.out_dir_of(e));
        let mut item = NavItem {
            title,
            href: href(out_dir),
            current: match e {
                NavEntry::Section(s) => self.here == Here::Section(s),
                NavEntry::Chapter(c) => self.here == Here::Chapter(c),
            },
            section: matches!(e, NavEntry::Section(_)),
            open: false,
            children: Vec::new(),
            listed: true,
        };
        if let NavEntry::Section(s) = e {
            let children = &site.sections[s].children;
            item.open = self.path.get(depth) == Some(&s);
            let whole = whole_tree_fits(site);
            if item.open || whole {
                item.children = self.level(children, depth + 1);
                item.listed = item.children.len() == children.len();
            } else {
                item.listed = children.is_empty();
            }
        }
        item
    }
}

/// Fills in the sidebar of a page about to be rendered (`common.root` and `kind` set).
/// `items` keeps the entries in the context too, for sites whose own templates may loop over
/// them; the default templates only print `nav_html`, and handing Tera the entries of every
/// page cost more than writing their HTML.
pub(crate) fn fill<'a>(
    common: &mut Common<'a>,
    site: &'a Site,
    here: Here,
    nav_key: u64,
    items: bool,
) {
    let entries = nav(site, here);
    let here_href = match here {
        Here::Section(s) => href(&site.sections[s].out_dir),
        Here::Chapter(c) => href(&site.chapters[c].out_dir),
        Here::Elsewhere | Here::Checklists => String::new(),
    };
    let tree = (!whole_tree_fits(site)).then_some(nav_key);
    common.nav_html = html(&entries, &common.root, common.kind, &here_href, tree);
    if items {
        common.nav = entries;
    }
}

#[cfg(test)]
mod tests;
