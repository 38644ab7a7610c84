//! The model types: what templates, search and print read. Built by `site::build`.
use crate::content::frontmatter::FrontMatter;
use crate::markdown::{LinkRef, Rendered};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The whole site, in reading order.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) home: Option<IndexPage>,
    /// Every section (a folder of `content/` that holds pages), in reading order; each one's
    /// parent comes before it.
    pub(crate) sections: Vec<Section>,
    /// Every published chapter, in reading order.
    pub(crate) chapters: Vec<Chapter>,
    pub(crate) checklists: Vec<Checklist>,
    pub(crate) checklists_intro: Option<IndexPage>,
    /// A wiki's `_Footer.md`, shown under every page (its links written for the root).
    pub(crate) footer: Option<IndexPage>,
    /// The top level of the tree: top-level sections (the "parts") and loose chapters.
    pub(crate) nav: Vec<NavEntry>,
    /// By tag slug.
    pub(crate) tags: BTreeMap<String, Tag>,
    /// Linked files to copy: (content-relative source, output path).
    pub(crate) assets: Vec<(String, String)>,
    /// Old URLs that redirect to pages (front matter `aliases`), set by `redirects::plan`.
    pub(crate) redirects: Vec<super::redirects::Redirect>,
    /// The pages that embed each checklist, found in one walk on first use (`embedders`).
    pub(crate) embedded_by: std::sync::OnceLock<HashMap<String, Vec<NavEntry>>>,
}

/// The home page or the intro of the checklists index.
#[derive(Debug)]
pub(crate) struct IndexPage {
    /// Content-relative source path.
    pub(crate) source: String,
    pub(crate) meta: FrontMatter,
    pub(crate) rendered: Arc<Rendered>,
}

/// A page of the tree: a section's page or a chapter, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum NavEntry {
    Section(usize),
    Chapter(usize),
}

/// A folder of `content/` holding pages, at any depth. Its page (at the folder's URL) shows
/// its `_index.md`, `index.md` or `README.md`, if any, and lists its children.
#[derive(Debug)]
pub(crate) struct Section {
    pub(crate) title: String,
    /// A shorter title for navigation (its index file's `nav_title`, `linkTitle`…).
    pub(crate) nav_title: Option<String>,
    pub(crate) description: Option<String>,
    /// Output folder (`the-leap/team/`).
    pub(crate) out_dir: String,
    /// The section it sits in; `None` at the top level.
    pub(crate) parent: Option<usize>,
    pub(crate) intro: Option<Arc<Rendered>>,
    /// Content-relative path of the index file the intro comes from.
    pub(crate) intro_source: Option<String>,
    /// Fingerprint of its title and intro, for "changed since your last visit".
    pub(crate) hash: String,
    /// Subsections and chapters, in order.
    pub(crate) children: Vec<NavEntry>,
    /// Checklists whose file is in the section's folder, by index into `Site::checklists`.
    pub(crate) checklists: Vec<usize>,
    pub(crate) prev: Option<NavEntry>,
    pub(crate) next: Option<NavEntry>,
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
    /// The nearest section; `None` for a chapter at the top of `content/`.
    pub(crate) section: Option<usize>,
    /// Output folder (`the-leap/a-different-job/`).
    pub(crate) out_dir: String,
    /// Content-relative source path.
    pub(crate) source: String,
    pub(crate) rendered: Arc<Rendered>,
    pub(crate) prev: Option<NavEntry>,
    pub(crate) next: Option<NavEntry>,
    /// Fingerprint of its title and text (`hash::content_id`), for "changed since your
    /// last visit".
    pub(crate) hash: String,
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
    /// Fingerprint of everything it shows, for "changed since your last visit".
    pub(crate) hash: String,
}

impl Checklist {
    /// Every item, section by section.
    pub(crate) fn items(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.sections.iter().flat_map(|s| &s.items)
    }

    /// A dated plan: some item has a due offset.
    pub(crate) fn is_plan(&self) -> bool {
        self.items().any(|i| i.due.is_some())
    }
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
    /// When it is due in a dated plan: its own offset, else its section's.
    pub(crate) due: Option<crate::content::due::Due>,
    /// A worksheet question: the lines of its answer box.
    pub(crate) answer: Option<u32>,
    /// Fingerprint of its text, detail, due offset and answer box.
    pub(crate) hash: String,
}

#[derive(Debug)]
pub(crate) struct Tag {
    pub(crate) name: String,
    pub(crate) out_dir: String,
    pub(crate) chapters: Vec<usize>,
}

/// The id of the checklist a page's task lists make: `page:` and the page's output folder.
/// No checklist file can take it (their ids have no `:`), and it lasts while the page keeps
/// its URL.
pub(crate) fn page_checklist_id(out_dir: &str) -> String {
    format!("page:{}", out_dir.trim_end_matches('/'))
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
        self.checklists.iter().map(|c| c.items().count()).sum()
    }

    /// Every page of the tree in reading order: each section's page, then its children.
    pub(crate) fn reading_order(&self) -> Vec<NavEntry> {
        let mut order = Vec::with_capacity(self.sections.len() + self.chapters.len());
        self.walk(&self.nav, &mut |e| order.push(e));
        order
    }

    /// The pages of the tree that embed checklist `id` (`<!-- checklist: id -->`), in reading
    /// order: what its page lists under "Used in". The first call walks the tree once for
    /// every checklist (a walk per checklist visited 2 million pages at 10,000 pages and 200
    /// checklists).
    pub(crate) fn embedders(&self, id: &str) -> Vec<NavEntry> {
        let by_id = self.embedded_by.get_or_init(|| {
            let mut by_id: HashMap<String, Vec<NavEntry>> = HashMap::new();
            self.walk(&self.nav, &mut |e| {
                let rendered = match e {
                    NavEntry::Section(s) => self.sections[s].intro.as_deref(),
                    NavEntry::Chapter(c) => Some(&*self.chapters[c].rendered),
                };
                let mut ids: Vec<&str> = (rendered.iter())
                    .flat_map(|r| r.embeds.iter().map(|m| m.id.as_str()))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                for id in ids {
                    by_id.entry(id.to_string()).or_default().push(e);
                }
            });
            by_id
        });
        by_id.get(id).cloned().unwrap_or_default()
    }

    /// Calls `visit` on `entries` and everything under them, depth first, in reading order.
    pub(crate) fn walk(&self, entries: &[NavEntry], visit: &mut dyn FnMut(NavEntry)) {
        // An explicit stack: folders nest as deep as the file system lets them.
        let mut stack: Vec<&[NavEntry]> = vec![entries];
        while let Some(level) = stack.pop() {
            let Some((&first, rest)) = level.split_first() else {
                continue;
            };
            stack.push(rest);
            visit(first);
            if let NavEntry::Section(s) = first {
                stack.push(&self.sections[s].children);
            }
        }
    }

    /// Section `s` and the sections it sits in, from the top level down to `s`.
    pub(crate) fn path_to(&self, s: Option<usize>) -> Vec<usize> {
        let mut path: Vec<usize> = std::iter::successors(s, |&s| self.sections[s].parent).collect();
        path.reverse();
        path
    }

    /// The section an entry sits in.
    pub(crate) fn parent_of(&self, e: NavEntry) -> Option<usize> {
        match e {
            NavEntry::Section(s) => self.sections[s].parent,
            NavEntry::Chapter(c) => self.chapters[c].section,
        }
    }

    /// The title the navigation shows: the front matter's navigation title, if any.
    pub(crate) fn nav_title_of(&self, e: NavEntry) -> &str {
        match e {
            NavEntry::Section(s) => {
                let s = &self.sections[s];
                s.nav_title.as_deref().unwrap_or(&s.title)
            }
            NavEntry::Chapter(c) => self.chapters[c].nav_title(),
        }
    }

    pub(crate) fn title_of(&self, e: NavEntry) -> &str {
        match e {
            NavEntry::Section(s) => &self.sections[s].title,
            NavEntry::Chapter(c) => &self.chapters[c].title,
        }
    }

    pub(crate) fn out_dir_of(&self, e: NavEntry) -> &str {
        match e {
            NavEntry::Section(s) => &self.sections[s].out_dir,
            NavEntry::Chapter(c) => &self.chapters[c].out_dir,
        }
    }

    pub(crate) fn description_of(&self, e: NavEntry) -> Option<&str> {
        match e {
            NavEntry::Section(s) => self.sections[s].description.as_deref(),
            NavEntry::Chapter(c) => self.chapters[c].description.as_deref(),
        }
    }

    /// Fills `prev` and `next` of every section and chapter from the reading order.
    pub(crate) fn link_prev_next(&mut self) {
        let order = self.reading_order();
        for (k, &e) in order.iter().enumerate() {
            let prev = k.checked_sub(1).map(|j| order[j]);
            let next = order.get(k + 1).copied();
            let (p, n) = match e {
                NavEntry::Section(s) => {
                    let s = &mut self.sections[s];
                    (&mut s.prev, &mut s.next)
                }
                NavEntry::Chapter(c) => {
                    let c = &mut self.chapters[c];
                    (&mut c.prev, &mut c.next)
                }
            };
            (*p, *n) = (prev, next);
        }
    }
}
