//! The model types: what templates, search and print read. Built by `site::build`.
use crate::content::chapter::OrderKey;
use crate::content::frontmatter::FrontMatter;
use crate::markdown::{LinkRef, Rendered};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The whole site, in reading order.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) home: Option<IndexPage>,
    pub(crate) parts: Vec<Part>,
    /// Every published chapter, in reading order (part by part).
    pub(crate) chapters: Vec<Chapter>,
    pub(crate) checklists: Vec<Checklist>,
    pub(crate) checklists_intro: Option<IndexPage>,
    /// The top level of the navigation: parts and loose chapters.
    pub(crate) nav: Vec<NavEntry>,
    /// By tag slug.
    pub(crate) tags: BTreeMap<String, Tag>,
    /// Linked files to copy: (content-relative source, output path).
    pub(crate) assets: Vec<(String, String)>,
    /// Old URLs that redirect to pages (front matter `aliases`), set by `redirects::plan`.
    pub(crate) redirects: Vec<super::redirects::Redirect>,
}

/// The home page or the intro of the checklists index.
#[derive(Debug)]
pub(crate) struct IndexPage {
    /// Content-relative source path.
    pub(crate) source: String,
    pub(crate) meta: FrontMatter,
    pub(crate) rendered: Arc<Rendered>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NavEntry {
    Part(usize),
    Chapter(usize),
}

/// A top-level folder of `content/`.
#[derive(Debug)]
pub(crate) struct Part {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    /// Folder under `content/` (`01-the-leap`).
    pub(crate) dir: String,
    /// Output folder (`the-leap/`).
    pub(crate) out_dir: String,
    pub(crate) order: OrderKey,
    /// Index into `Loaded::pages` of its `_index.md`, if any.
    pub(crate) index_source: Option<usize>,
    pub(crate) intro: Option<Arc<Rendered>>,
    /// Content-relative path of the `_index.md` the intro comes from.
    pub(crate) intro_source: Option<String>,
    /// Indexes into `Site::chapters`, in order.
    pub(crate) chapters: Vec<usize>,
}

#[derive(Debug)]
pub(crate) struct Chapter {
    pub(crate) title: String,
    /// A shorter title for navigation (front matter `nav_title`, `linkTitle`…).
    pub(crate) nav_title: Option<String>,
    /// When the chapter last changed (`YYYY-MM-DD`), shown as "Updated …".
    pub(crate) updated: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) part: Option<usize>,
    /// Output folder (`the-leap/a-different-job/`).
    pub(crate) out_dir: String,
    /// Content-relative source path.
    pub(crate) source: String,
    pub(crate) rendered: Arc<Rendered>,
    pub(crate) prev: Option<usize>,
    pub(crate) next: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Checklist {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) description_md: Option<String>,
    /// The description as plain text (for search).
    pub(crate) description_text: Option<String>,
    pub(crate) sections: Vec<ChecklistSection>,
    pub(crate) out_dir: String,
    /// Content-relative source path.
    pub(crate) source: String,
    /// Links in the description and items, positioned in the TOML file.
    pub(crate) links: Vec<LinkRef>,
    /// False when a syntax error stopped its file: its sections and anchors are unknown.
    pub(crate) complete: bool,
}

#[derive(Debug)]
pub(crate) struct ChecklistSection {
    /// The section's anchor, unique on the checklist page.
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) items: Vec<ChecklistItem>,
}

#[derive(Debug)]
pub(crate) struct ChecklistItem {
    pub(crate) id: String,
    pub(crate) html: String,
    /// The item's text as plain text (for search).
    pub(crate) text: String,
    pub(crate) markdown: String,
    pub(crate) detail_html: Option<String>,
    /// The detail as written (Markdown), for exports.
    pub(crate) detail: Option<String>,
    /// The detail as plain text (for search).
    pub(crate) detail_text: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Tag {
    pub(crate) name: String,
    pub(crate) out_dir: String,
    pub(crate) chapters: Vec<usize>,
}

impl Chapter {
    /// The title the navigation shows: `nav_title` when the front matter gives one.
    pub(crate) fn nav_title(&self) -> &str {
        self.nav_title.as_deref().unwrap_or(&self.title)
    }
}

impl Site {
    pub(crate) fn checklist(&self, id: &str) -> Option<&Checklist> {
        self.checklists.iter().find(|c| c.id == id)
    }

    pub(crate) fn item_count(&self) -> usize {
        self.checklists
            .iter()
            .flat_map(|c| &c.sections)
            .map(|s| s.items.len())
            .sum()
    }

    /// Chapters in reading order as the navigation shows them.
    pub(crate) fn reading_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.chapters.len());
        for e in &self.nav {
            match *e {
                NavEntry::Part(p) => order.extend(&self.parts[p].chapters),
                NavEntry::Chapter(c) => order.push(c),
            }
        }
        order
    }

    /// Fills `prev` and `next` from the reading order.
    pub(crate) fn link_prev_next(&mut self) {
        let order = self.reading_order();
        for (k, &i) in order.iter().enumerate() {
            self.chapters[i].prev = k.checked_sub(1).map(|j| order[j]);
            self.chapters[i].next = order.get(k + 1).copied();
        }
    }
}
