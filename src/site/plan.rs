//! Where every page goes, before anything is rendered: which folders are sections (any folder
//! holding a page, at any depth), which section each chapter belongs to (its nearest), the
//! order of each section's children, and every output folder. Reads names and front matter
//! only. Every Markdown file ends up a page here, or a warning says why not.
//!
//! URLs never collide by accident: among the children of one section, explicit `slug`s claim
//! theirs first (two equal ones are an error), then subsections, then chapters, in order; a
//! page whose URL is taken (or reserved by playbook) keeps its whole stem (`02-a/`), or gets
//! a number, and a warning names both files.
use super::NavEntry;
use crate::content::chapter::{OrderKey, slug_of_folder, slug_of_name, slug_of_stem, stem};
use crate::content::{EntryKind, Loaded, PageSource};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hash::FastMap;
use crate::slug::slugify;
use crate::url::{self, RESERVED_PART, RESERVED_TOP};
use rayon::prelude::*;
use std::collections::BTreeMap;

mod claims;
mod notion;
mod outline;

use claims::{Claims, Name};

/// The folder of checklists; its `_index.md` is the checklists page's intro.
pub(super) const CHECKLIST_DIR: &str = "checklists";

/// The site's pages placed: sections and chapters in reading order, each section's parent
/// before it.
pub(super) struct Plan {
    pub(super) sections: Vec<PlannedSection>,
    pub(super) chapters: Vec<PlannedChapter>,
    /// The top level of the tree.
    pub(super) top: Vec<NavEntry>,
    /// Unpublished drafts: (content-relative source, href), so links to them are reported.
    pub(super) drafts: Vec<(String, String)>,
    /// Indexes into `Loaded::pages` of the home page and of the checklists page's intro.
    pub(super) home: Option<usize>,
    pub(super) checklists_intro: Option<usize>,
    /// A wiki's `_Footer.md`, shown under every page.
    pub(super) footer: Option<usize>,
}

pub(super) struct PlannedSection {
    /// Folder under `content/`.
    pub(super) dir: String,
    /// Index into `Loaded::pages` of its `_index.md`, `index.md` or `README.md`.
    pub(super) index: Option<usize>,
    pub(super) parent: Option<usize>,
    pub(super) out_dir: String,
    pub(super) children: Vec<NavEntry>,
    /// Its title in a table of contents (`SUMMARY.md`, `_Sidebar.md`); a part of one has
    /// no folder.
    pub(super) label: Option<String>,
}

pub(super) struct PlannedChapter {
    /// Index into `Loaded::pages`.
    pub(super) source: usize,
    pub(super) section: Option<usize>,
    pub(super) out_dir: String,
    /// Its title in a table of contents.
    pub(super) label: Option<String>,
}

/// Places every page of `loaded`; drafts only when `drafts` is set.
pub(super) fn plan(loaded: &Loaded, drafts: bool, diags: &mut Diagnostics) -> Plan {
    let mut home = None;
    let mut checklists_intro = None;
    // Section folders (sorted, so each parent comes before its children) → index page.
    let mut dirs: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    let mut chapters = Vec::new();
    let mut draft_pages = Vec::new();
    let contents = outline::Contents::find(loaded);
    let owners = notion::owners(loaded);
    for (i, p) in loaded.pages.iter().enumerate() {
        let (dir, index) = match owners.get(&i) {
            Some(folder) => (folder.as_str(), true),
            None => (p.entry.dir(), p.entry.kind == EntryKind::Index),
        };
        if contents.is_special(i) {
            continue;
        }
        if dir == CHECKLIST_DIR || dir.starts_with("checklists/") {
            if index && dir == CHECKLIST_DIR {
                checklists_intro = Some(i);
            } else {
                diags.push(not_published(p));
            }
        } else if index && dir.is_empty() {
            home = Some(i);
        } else if index {
            add_dirs(&mut dirs, dir);
            dirs.insert(dir, Some(i));
        } else if p.meta.draft && !drafts {
            draft_pages.push(i);
        } else {
            add_dirs(&mut dirs, dir);
            chapters.push(i);
        }
    }
    let mut tree = match contents.outline(loaded, diags) {
        Some(o) => {
            let pages = chapters.into_iter().chain(dirs.values().flatten().copied());
            outline::tree(loaded, &o, pages.collect(), &draft_pages, home, diags)
        }
        None => Tree::new(loaded, dirs, chapters),
    };
    tree.claim_urls(loaded, diags);
    let drafts = draft_pages
        .into_iter()
        .map(|i| {
            (
                loaded.pages[i].entry.rel.clone(),
                tree.draft_href(loaded, i),
            )
        })
        .collect();
    let mut plan = tree.into_reading_order();
    plan.drafts = drafts;
    plan.home = home;
    plan.checklists_intro = checklists_intro;
    plan.footer = contents.footer();
    plan
}

/// The warning for a Markdown file in `checklists/`, which holds checklists only.
fn not_published(p: &PageSource) -> Diagnostic {
    Diagnostic::warning(
        url::content_path(&p.entry.rel),
        0,
        "not published: `content/checklists/` holds the checklists (`.toml` or `.md`) and the intro of their page (`_index.md`), not pages",
    )
    .with_hint(Some(
        "move this page to another folder, or turn it into a checklist (`.toml`, or `.md` in `content/checklists/`)".into(),
    ))
}

/// Adds `dir` and every folder above it as sections (without an index page, unless known).
fn add_dirs<'a>(dirs: &mut BTreeMap<&'a str, Option<usize>>, dir: &'a str) {
    let mut d = dir;
    while !d.is_empty() && !dirs.contains_key(d) {
        dirs.insert(d, None);
        d = d.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
}

/// The sections and chapters as found (sections in folder order), being placed.
struct Tree<'a> {
    sections: Vec<PlannedSection>,
    chapters: Vec<PlannedChapter>,
    top: Vec<NavEntry>,
    /// Section index by folder.
    by_dir: FastMap<&'a str, usize>,
}

impl<'a> Tree<'a> {
    fn new(
        loaded: &'a Loaded,
        dirs: BTreeMap<&'a str, Option<usize>>,
        chapters: Vec<usize>,
    ) -> Self {
        let by_dir: FastMap<&str, usize> = dirs.keys().enumerate().map(|(i, d)| (*d, i)).collect();
        let parent_of = |dir: &str| {
            dir.rsplit_once('/')
                .and_then(|(parent, _)| by_dir.get(parent).copied())
        };
        let mut sections: Vec<PlannedSection> = dirs
            .iter()
            .map(|(dir, &index)| PlannedSection {
                dir: dir.to_string(),
                index,
                parent: parent_of(dir),
                out_dir: String::new(),
                children: Vec::new(),
                label: None,
            })
            .collect();
        let chapters: Vec<PlannedChapter> = chapters
            .into_iter()
            .map(|source| PlannedChapter {
                source,
                section: by_dir.get(loaded.pages[source].entry.dir()).copied(),
                out_dir: String::new(),
                label: None,
            })
            .collect();
        // Children of each section (and of the top level), in order.
        let mut kids: Vec<Vec<(OrderKey, NavEntry)>> = vec![Vec::new(); sections.len() + 1];
        for (s, sec) in sections.iter().enumerate() {
            let weight = sec.index.and_then(|i| loaded.pages[i].meta.weight);
            let key = OrderKey::folder(weight, folder_name(&sec.dir));
            kids[sec.parent.map_or(0, |p| p + 1)].push((key, NavEntry::Section(s)));
        }
        for (c, ch) in chapters.iter().enumerate() {
            let page = &loaded.pages[ch.source];
            let key = OrderKey::new(page.meta.weight, page.entry.file_name());
            kids[ch.section.map_or(0, |p| p + 1)].push((key, NavEntry::Chapter(c)));
        }
        let mut kids = kids.into_iter().map(|mut k| {
            k.sort_by(|a, b| a.0.cmp(&b.0));
            k.into_iter().map(|(_, e)| e).collect::<Vec<_>>()
        });
        let top = kids.next().unwrap_or_default();
        for (sec, children) in sections.iter_mut().zip(kids) {
            sec.children = children;
        }
        Tree {
            sections,
            chapters,
            top,
            by_dir,
        }
    }

    /// Gives every section and chapter its output folder, parents first.
    fn claim_urls(&mut self, loaded: &Loaded, diags: &mut Diagnostics) {
        // Every name at once, in parallel (slugs of 10,000 names took a third of the plan's
        // time on one thread): a name reads no output folder.
        let (section_names, chapter_names): (Vec<Name>, Vec<Name>) = rayon::join(
            || {
                (0..self.sections.len())
                    .into_par_iter()
                    .map(|s| self.name(loaded, NavEntry::Section(s)))
                    .collect()
            },
            || {
                (0..self.chapters.len())
                    .into_par_iter()
                    .map(|c| self.name(loaded, NavEntry::Chapter(c)))
                    .collect()
            },
        );
        let name_of = |e: NavEntry| match e {
            NavEntry::Section(s) => &section_names[s],
            NavEntry::Chapter(c) => &chapter_names[c],
        };
        for parent in std::iter::once(None).chain((0..self.sections.len()).map(Some)) {
            let (prefix, children, reserved) = match parent {
                None => (String::new(), self.top.clone(), RESERVED_TOP),
                Some(s) => {
                    let sec = &self.sections[s];
                    let reserved = if sec.parent.is_none() {
                        RESERVED_PART
                    } else {
                        &[]
                    };
                    (sec.out_dir.clone(), sec.children.clone(), reserved)
                }
            };
            let mut claims = Claims::new(&prefix, reserved);
            let names: Vec<&Name> = children.iter().map(|&e| name_of(e)).collect();
            // Explicit slugs first, then folders, then files: the first to come keeps its URL.
            let mut ranked: Vec<usize> = (0..children.len()).collect();
            ranked.sort_by_key(|&k| match (&names[k].explicit, children[k]) {
                (Some(_), _) => 0,
                (None, NavEntry::Section(_)) => 1,
                (None, NavEntry::Chapter(_)) => 2,
            });
            let mut placed = Vec::with_capacity(children.len());
            for k in ranked {
                let name = names[k];
                let seg = match &name.explicit {
                    Some(slug) => claims.explicit(slug, &name.who, diags),
                    None => claims.derived(&name.short, &name.whole, &name.who, diags),
                };
                placed.push((children[k], format!("{prefix}{seg}/")));
            }
            for (e, out_dir) in placed {
                match e {
                    NavEntry::Section(s) => self.sections[s].out_dir = out_dir,
                    NavEntry::Chapter(c) => self.chapters[c].out_dir = out_dir,
                }
            }
        }
    }

    /// What a child's URL segment is made from, and how messages name it.
    fn name(&self, loaded: &Loaded, e: NavEntry) -> Name {
        let (page, short, whole, who) = match e {
            NavEntry::Section(s) => {
                let sec = &self.sections[s];
                // A part of a table of contents is named by its title, a chapter with
                // sub-chapters by its file.
                let name = match (&sec.label, sec.index) {
                    (Some(_), Some(i)) => stem(loaded.pages[i].entry.file_name()),
                    (Some(label), None) => label.as_str(),
                    (None, _) => folder_name(&sec.dir),
                };
                let who = match sec.index {
                    Some(i) => loaded.pages[i].entry.rel.clone(),
                    None => format!("{}/", sec.dir),
                };
                (sec.index, slug_of_folder(name), slug_of_stem(name), who)
            }
            NavEntry::Chapter(c) => {
                let entry = &loaded.pages[self.chapters[c].source].entry;
                let file = entry.file_name();
                let who = entry.rel.clone();
                let source = Some(self.chapters[c].source);
                (source, slug_of_name(file), slug_of_stem(stem(file)), who)
            }
        };
        let explicit = page
            .and_then(|i| loaded.pages[i].meta.slug.as_deref())
            .map(slugify)
            .filter(|s| !s.is_empty());
        Name {
            explicit,
            short: non_empty(short),
            whole: non_empty(whole),
            who,
        }
    }

    /// Where an unpublished draft would go; only links to it read this, to report it.
    fn draft_href(&self, loaded: &Loaded, i: usize) -> String {
        let entry = &loaded.pages[i].entry;
        let mut dir = entry.dir();
        let mut rest = Vec::new();
        let prefix = loop {
            if dir.is_empty() {
                break "";
            }
            if let Some(&s) = self.by_dir.get(dir) {
                break self.sections[s].out_dir.as_str();
            }
            let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir));
            rest.push(slug_of_folder(name));
            dir = parent;
        };
        rest.reverse();
        let mut href = prefix.to_string();
        for seg in rest.iter().chain([&slug_of_name(entry.file_name())]) {
            href.push_str(seg);
            href.push('/');
        }
        url::page(&href)
    }

    /// The sections and chapters renumbered in reading order.
    fn into_reading_order(self) -> Plan {
        let mut order = Vec::with_capacity(self.sections.len() + self.chapters.len());
        let mut stack: Vec<&[NavEntry]> = vec![&self.top];
        while let Some(level) = stack.pop() {
            let Some((&first, rest)) = level.split_first() else {
                continue;
            };
            stack.push(rest);
            order.push(first);
            if let NavEntry::Section(s) = first {
                stack.push(&self.sections[s].children);
            }
        }
        let (mut new_section, mut new_chapter) =
            (vec![0; self.sections.len()], vec![0; self.chapters.len()]);
        let (mut ns, mut nc) = (0, 0);
        for e in &order {
            match *e {
                NavEntry::Section(s) => (new_section[s], ns) = (ns, ns + 1),
                NavEntry::Chapter(c) => (new_chapter[c], nc) = (nc, nc + 1),
            }
        }
        let renumber = |e: &NavEntry| match *e {
            NavEntry::Section(s) => NavEntry::Section(new_section[s]),
            NavEntry::Chapter(c) => NavEntry::Chapter(new_chapter[c]),
        };
        let mut sections: Vec<Option<PlannedSection>> =
            self.sections.into_iter().map(Some).collect();
        let mut chapters: Vec<Option<PlannedChapter>> =
            self.chapters.into_iter().map(Some).collect();
        let (mut out_sections, mut out_chapters) = (Vec::new(), Vec::new());
        for e in &order {
            match *e {
                NavEntry::Section(s) => {
                    if let Some(mut sec) = sections[s].take() {
                        sec.parent = sec.parent.map(|p| new_section[p]);
                        sec.children = sec.children.iter().map(renumber).collect();
                        out_sections.push(sec);
                    }
                }
                NavEntry::Chapter(c) => {
                    if let Some(mut ch) = chapters[c].take() {
                        ch.section = ch.section.map(|p| new_section[p]);
                        out_chapters.push(ch);
                    }
                }
            }
        }
        Plan {
            sections: out_sections,
            chapters: out_chapters,
            top: self.top.iter().map(renumber).collect(),
            drafts: Vec::new(),
            home: None,
            checklists_intro: None,
            footer: None,
        }
    }
}

/// The last component of a folder path.
fn folder_name(dir: &str) -> &str {
    dir.rsplit_once('/').map_or(dir, |(_, name)| name)
}

fn non_empty(slug: String) -> String {
    if slug.is_empty() { "page".into() } else { slug }
}
