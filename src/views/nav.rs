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

use super::Common;
use crate::site::{NavEntry, Site};
use crate::url::page as href;
use serde::Serialize;
use std::hash::{Hash, Hasher};

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

/// What the sidebar reads of the site, and nothing else: the entries of the tree with their
/// navigation titles and folders. The sidebar of a page is a function of this tree and the
/// page's place, so a hash of the tree (`key`) stands for every sidebar in the page cache.
pub(crate) struct Tree<'s> {
    nodes: Nodes<'s>,
    key: u64,
}

struct Nodes<'s> {
    top: &'s [NavEntry],
    sections: Vec<Node<'s>>,
    chapters: Vec<Node<'s>>,
}

/// Every field, in order, but the parents: the children lists determine them.
impl Hash for Nodes<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.top.hash(h);
        for s in &self.sections {
            (s.title, s.out_dir, s.children).hash(h);
        }
        for c in &self.chapters {
            (c.title, c.out_dir).hash(h);
        }
    }
}

/// A section or a chapter, as the sidebar shows it.
struct Node<'s> {
    title: &'s str,
    out_dir: &'s str,
    /// The section it sits in.
    parent: Option<usize>,
    /// A section's subsections and chapters (none for a chapter).
    children: &'s [NavEntry],
}

impl<'s> Tree<'s> {
    pub(crate) fn of(site: &'s Site) -> Tree<'s> {
        let node = |e: NavEntry, parent, children| Node {
            title: site.nav_title_of(e),
            out_dir: site.out_dir_of(e),
            parent,
            children,
        };
        let nodes = Nodes {
            top: &site.nav,
            sections: (site.sections.iter().enumerate())
                .map(|(i, s)| node(NavEntry::Section(i), s.parent, &s.children))
                .collect(),
            chapters: (site.chapters.iter().enumerate())
                .map(|(i, c)| node(NavEntry::Chapter(i), c.section, &[]))
                .collect(),
        };
        let mut h = crate::hash::key_hasher();
        (FULL_TREE, PATH_BUDGET).hash(&mut h);
        nodes.hash(&mut h);
        Tree {
            nodes,
            key: h.finish(),
        }
    }

    /// The hash of the tree: two builds with the same key give every page the same sidebar.
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    /// True when every page holds the whole tree, and `nav-tree.js` is not needed.
    pub(crate) fn whole_fits(&self) -> bool {
        self.nodes.sections.len() + self.nodes.chapters.len() <= FULL_TREE
    }

    fn node(&self, e: NavEntry) -> &Node<'s> {
        match e {
            NavEntry::Section(s) => &self.nodes.sections[s],
            NavEntry::Chapter(c) => &self.nodes.chapters[c],
        }
    }

    /// Section `s` and the sections it sits in, from the top level down to `s`.
    fn path_to(&self, s: Option<usize>) -> Vec<usize> {
        let mut path: Vec<usize> =
            std::iter::successors(s, |&s| self.nodes.sections[s].parent).collect();
        path.reverse();
        path
    }
}

/// What the sidebar of one page lists.
struct Plan<'t, 's> {
    tree: &'t Tree<'s>,
    here: Here,
    /// The sections from the top level down to the page (the page itself, if a section).
    path: Vec<usize>,
    /// Whether every entry of the level at that depth is listed (else only the one on the
    /// path). Level 0 is the top; level k + 1 holds the children of `path[k]`.
    listed: Vec<bool>,
}

/// The sidebar's entries for one page, bounded in size whatever the size of the site.
pub(crate) fn nav<'s>(tree: &Tree<'s>, here: Here) -> Vec<NavItem<'s>> {
    let path = tree.path_to(match here {
        Here::Section(s) => Some(s),
        Here::Chapter(c) => tree.nodes.chapters[c].parent,
        Here::Elsewhere | Here::Checklists => None,
    });
    let levels: Vec<&[NavEntry]> = std::iter::once(tree.nodes.top)
        .chain(path.iter().map(|&s| tree.nodes.sections[s].children))
        .collect();
    let mut listed = vec![tree.whole_fits(); levels.len()];
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
        tree,
        here,
        path,
        listed,
    };
    plan.level(tree.nodes.top, 0)
}

impl<'s> Plan<'_, 's> {
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
        let node = self.tree.node(e);
        let mut item = NavItem {
            title: node.title,
            href: href(node.out_dir),
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
            let children = node.children;
            item.open = self.path.get(depth) == Some(&s);
            let whole = self.tree.whole_fits();
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
pub(crate) fn fill<'a>(common: &mut Common<'a>, tree: &Tree<'a>, here: Here, items: bool) {
    let entries = nav(tree, here);
    let here_href = match here {
        Here::Section(s) => href(tree.nodes.sections[s].out_dir),
        Here::Chapter(c) => href(tree.nodes.chapters[c].out_dir),
        Here::Elsewhere | Here::Checklists => String::new(),
    };
    let shared = (!tree.whole_fits()).then_some(tree.key());
    common.nav_html = html(&entries, &common.root, common.kind, &here_href, shared);
    if items {
        common.nav = entries;
    }
}

#[cfg(test)]
mod tests;
