//! A site ordered by a table of contents: an mdBook's `SUMMARY.md` or a wiki's
//! `_Sidebar.md` at the top of the content folder gives the reading order, the navigation
//! titles, the nesting (a chapter with sub-chapters is a section whose page it is) and the
//! parts (sections with no page). Pages `SUMMARY.md` leaves out are not published, as in
//! mdBook, and a warning names each; pages a sidebar leaves out follow the listed ones, as in
//! a wiki, where the sidebar rarely lists everything.
use super::{NavEntry, PlannedChapter, PlannedSection, Tree};
use crate::content::chapter::OrderKey;
use crate::content::interop::summary::{self, Outline, OutlineEntry};
use crate::content::{Loaded, interop};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::{HashMap, HashSet};

/// The pages that are not pages: the table of contents and a wiki's footer.
pub(super) struct Contents {
    summary: Option<usize>,
    sidebar: Option<usize>,
    footer: Option<usize>,
}

impl Contents {
    pub(super) fn find(loaded: &Loaded) -> Contents {
        let find =
            |name: &str| (loaded.pages.iter()).position(|p| p.entry.rel.eq_ignore_ascii_case(name));
        Contents {
            summary: find(interop::SUMMARY),
            sidebar: find(interop::SIDEBAR),
            footer: find(interop::FOOTER),
        }
    }

    pub(super) fn footer(&self) -> Option<usize> {
        self.footer
    }

    pub(super) fn is_special(&self, i: usize) -> bool {
        [self.summary, self.sidebar, self.footer].contains(&Some(i))
    }

    /// The table of contents, parsed, if the site has one (`SUMMARY.md` first).
    pub(super) fn outline(&self, loaded: &Loaded, diags: &mut Diagnostics) -> Option<Listing> {
        let (i, complete) = match (self.summary, self.sidebar) {
            (Some(i), _) => (i, true),
            (None, Some(i)) => (i, false),
            (None, None) => return None,
        };
        let page = &loaded.pages[i];
        let path = format!("content/{}", page.entry.rel);
        let mut problems = Vec::new();
        let mut outline = summary::parse(&page.body, &path, &mut problems);
        // Lines of the body are lines of the file after its front matter.
        for e in outline_lines(&mut outline.entries) {
            *e += page.body_line.saturating_sub(1);
        }
        diags.extend(problems);
        Some(Listing {
            outline,
            path,
            name: page.entry.rel.clone(),
            complete,
        })
    }
}

/// Every line number of `entries`, to shift.
fn outline_lines(entries: &mut [OutlineEntry]) -> Vec<&mut usize> {
    let mut out = Vec::new();
    let mut stack: Vec<&mut [OutlineEntry]> = vec![entries];
    while let Some(level) = stack.pop() {
        for e in level {
            match e {
                OutlineEntry::Part { line, children, .. }
                | OutlineEntry::Page { line, children, .. } => {
                    out.push(line);
                    stack.push(children);
                }
            }
        }
    }
    out
}

/// A parsed table of contents and what kind it is.
pub(super) struct Listing {
    outline: Outline,
    /// Its file, as diagnostics name it.
    path: String,
    /// Its file name, as messages name it.
    name: String,
    /// `SUMMARY.md`: what it lists is the whole book. A sidebar is not.
    complete: bool,
}

/// The tree a table of contents describes, over `pages` (indexes into `Loaded::pages`: every
/// page but the home page and drafts). `draft_pages` are pages with `draft = true`.
pub(super) fn tree<'a>(
    loaded: &'a Loaded,
    listing: &Listing,
    pages: Vec<usize>,
    draft_pages: &[usize],
    home: Option<usize>,
    diags: &mut Diagnostics,
) -> Tree<'a> {
    let by_rel: HashMap<&str, usize> = pages
        .iter()
        .map(|&i| (loaded.pages[i].entry.rel.as_str(), i))
        .collect();
    let mut b = Builder {
        loaded,
        listing,
        by_rel,
        drafts: draft_pages.iter().copied().collect(),
        home,
        used: HashSet::new(),
        tree: Tree {
            sections: Vec::new(),
            chapters: Vec::new(),
            top: Vec::new(),
            by_dir: Default::default(),
        },
        diags,
    };
    let top = b.add_all(&listing.outline.entries, None);
    b.tree.top = top;
    let mut rest: Vec<usize> = pages.into_iter().filter(|i| !b.used.contains(i)).collect();
    rest.sort_by_key(|&i| OrderKey::new(None, &loaded.pages[i].entry.rel));
    for i in rest {
        let rel = &loaded.pages[i].entry.rel;
        if listing.complete {
            if !loaded.fragments.contains(rel) {
                b.diags.push(
                    Diagnostic::warning(
                        format!("content/{rel}"),
                        0,
                        format!("not published: {} does not list it", listing.name),
                    )
                    .with_hint(Some(format!("add `- [Title]({rel})` to {}", listing.name))),
                );
            }
        } else {
            let c = b.chapter(i, None, None);
            b.tree.top.push(c);
        }
    }
    b.tree
}

struct Builder<'a, 'l, 'd> {
    loaded: &'a Loaded,
    listing: &'l Listing,
    by_rel: HashMap<&'a str, usize>,
    drafts: HashSet<usize>,
    home: Option<usize>,
    used: HashSet<usize>,
    tree: Tree<'a>,
    diags: &'d mut Diagnostics,
}

impl Builder<'_, '_, '_> {
    fn add_all(&mut self, entries: &[OutlineEntry], parent: Option<usize>) -> Vec<NavEntry> {
        let mut out = Vec::new();
        for e in entries {
            match e {
                OutlineEntry::Part {
                    title, children, ..
                } => {
                    let s = self.section(format!("#part-{}", self.tree.sections.len()), None);
                    self.tree.sections[s].parent = parent;
                    self.tree.sections[s].label = Some(title.clone());
                    let kids = self.add_all(children, Some(s));
                    self.tree.sections[s].children = kids;
                    out.push(NavEntry::Section(s));
                }
                OutlineEntry::Page {
                    title,
                    target,
                    line,
                    children,
                } => match self.resolve(target, *line) {
                    Some(i) if children.is_empty() => {
                        out.push(self.chapter(i, parent, Some(title.clone())))
                    }
                    Some(i) => {
                        let rel = &self.loaded.pages[i].entry.rel;
                        let s = self.section(format!("#{rel}"), Some(i));
                        self.tree.sections[s].parent = parent;
                        self.tree.sections[s].label = Some(title.clone());
                        let kids = self.add_all(children, Some(s));
                        self.tree.sections[s].children = kids;
                        out.push(NavEntry::Section(s));
                    }
                    // Its sub-chapters take its place.
                    None => out.extend(self.add_all(children, parent)),
                },
            }
        }
        out
    }

    fn section(&mut self, dir: String, index: Option<usize>) -> usize {
        self.used.extend(index);
        self.tree.sections.push(PlannedSection {
            dir,
            index,
            parent: None,
            out_dir: String::new(),
            children: Vec::new(),
            label: None,
        });
        self.tree.sections.len() - 1
    }

    fn chapter(
        &mut self,
        source: usize,
        section: Option<usize>,
        label: Option<String>,
    ) -> NavEntry {
        self.used.insert(source);
        self.tree.chapters.push(PlannedChapter {
            source,
            section,
            out_dir: String::new(),
            label,
        });
        NavEntry::Chapter(self.tree.chapters.len() - 1)
    }

    /// The page a target names (`ch01.md`, `ch01.html`, a wiki's `Page-Name`), not yet
    /// placed; else a diagnostic and `None`.
    fn resolve(&mut self, target: &str, line: usize) -> Option<usize> {
        let stem = target
            .strip_suffix(".html")
            .or_else(|| target.strip_suffix(".md"))
            .unwrap_or(target);
        let found = [
            target.to_string(),
            format!("{stem}.md"),
            format!("{stem}.markdown"),
        ]
        .iter()
        .find_map(|t| self.by_rel.get(t.as_str()).copied());
        let path = &self.listing.path;
        match found {
            Some(i) if self.used.contains(&i) => {
                self.diags.push(Diagnostic::warning(
                    path,
                    line,
                    format!("`{target}` is listed twice: only its first place is kept"),
                ));
                None
            }
            Some(i) => Some(i),
            None => {
                let is_home = self
                    .home
                    .is_some_and(|h| self.loaded.pages[h].entry.rel == target);
                let is_draft = self
                    .drafts
                    .iter()
                    .any(|&d| self.loaded.pages[d].entry.rel == target);
                if !is_home && !is_draft {
                    self.diags.push(
                        Diagnostic::error(
                            path,
                            line,
                            format!("`{target}` is not a page of the book"),
                        )
                        .with_hint(Some(
                            "correct the path, or write `[Title]()` for a chapter not written yet"
                                .into(),
                        )),
                    );
                }
                None
            }
        }
    }
}
