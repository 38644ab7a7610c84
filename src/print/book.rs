//! The print document of the playbook or of one part, as its template sees it: its
//! contents, its sections in reading order with each chapter a marker, the checklists it
//! prints; and its body once rendered, the chapters spliced in place of their markers as the
//! page is written (`Spliced`).
use super::document::{Document, targets};
use super::fragment::{Fragment, Prepared};
use super::outline::{ContentsEntry, Outline, PrintSection};
use super::{PrintChecklist, Scope, print_checklist_in};
use crate::site::{Checklist, NavEntry, Site};
use crate::url;
use crate::views::{Deferred, Link, Plan as _, chapter_link, checklist_view};
use anyhow::Result;
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// Where a chapter's rewritten HTML goes in a rendered print page.
pub(super) const MARKER: &str = "<!--playbook:print-chapter:";

/// The print page of the playbook or of one part.
#[derive(Serialize)]
pub(super) struct BookView<'a> {
    /// True for the print page of one part.
    part: bool,
    /// The home page's or the part's introduction, rewritten.
    intro: Option<String>,
    contents: Vec<ContentsEntry<'a>>,
    /// Part dividers and chapters in reading order.
    sections: Vec<PrintSection<'a>>,
    checklists: Vec<PrintChecklist<'a>>,
    /// Set instead of the chapters when the playbook has more than `[print] max_book_chapters`:
    /// the documents to print it by, part by part.
    split: Option<Split<'a>>,
    /// Stands in the `serve` memo key for the chapters, which the context holds as markers.
    digest: u64,
    /// The chapters' fragments, in the order of their markers.
    #[serde(skip)]
    chapters: Vec<Fragment>,
    #[serde(skip)]
    doc: Document,
}

/// What `print/` lists when the playbook is too big to print as one document.
#[derive(Serialize)]
struct Split<'a> {
    chapters: usize,
    max: usize,
    /// Each part's print document (root-relative href), and the chapters outside parts.
    parts: Vec<Link<'a>>,
    chapters_outside: Vec<Link<'a>>,
    /// `checklists/print/index.html` when there are checklists.
    checklists: Option<String>,
}

/// A book or part print page as the page cache first sees it: what it is made from, by a
/// hash (`Plan::key`), so a page the last build wrote alike is neither outlined nor has its
/// intros and checklists rewritten (lol_html) again.
pub(super) type BookPage<'a, 'p> = Deferred<Plan<'a, 'p>>;

/// What a book or part print page is made from: the pages and checklists it holds.
pub(super) struct Plan<'a, 'p> {
    site: &'a Site,
    scope: Scope,
    base: Option<&'a str>,
    prepared: &'p Prepared,
    chapters: Vec<usize>,
    sections: Vec<usize>,
    checklists: Vec<&'a Checklist>,
}

/// The page of a book or part print document. `base` is the absolute site URL, if known;
/// `prepared` holds every chapter of the site, by index (`fragment::all`); the whole book
/// holds at most `max_chapters`.
pub(super) fn book_page<'a, 'p>(
    site: &'a Site,
    scope: Scope,
    base: Option<&'a str>,
    prepared: &'p Prepared,
    max_chapters: usize,
) -> Result<BookPage<'a, 'p>> {
    if scope == Scope::Book && site.chapters.len() > max_chapters {
        return Ok(Deferred::ready(split_view(site, max_chapters)));
    }
    let mut chapters = Vec::new();
    let mut sections = Vec::new();
    site.walk(scope.entries(site), &mut |e| match e {
        NavEntry::Chapter(c) => chapters.push(c),
        NavEntry::Section(s) => sections.push(s),
    });
    let checklists = match scope {
        Scope::Book => site.checklists.iter().collect(),
        Scope::Part(_) => embedded_checklists(site, &chapters),
    };
    let plan = Plan {
        site,
        scope,
        base,
        prepared,
        chapters,
        sections,
        checklists,
    };
    Ok(match plan.key() {
        Some(key) => Deferred::planned(plan, key),
        // Never in practice (a checklist that does not serialize): made at once.
        None => Deferred::ready(plan.view()?),
    })
}

impl<'a> Plan<'a, '_> {
    /// A hash of everything `view` reads, so that it changes whenever the view would: the
    /// document's place, the site's URL, the intro by its digest, every page it holds in
    /// reading order (each section with the number of its entries, so the tree is told
    /// apart) with what the outline shows of it and each chapter by its fragment's key (its
    /// folder, Markdown digest and embed notes), and each checklist printed as its own page
    /// shows it (the HTML the document rewrites). The links the document points inside it
    /// (`targets`) are the folders and checklist ids hashed here.
    fn key(&self) -> Option<u64> {
        let site = self.site;
        let mut h = crate::hash::key_hasher();
        let intro = match self.scope {
            Scope::Book => site.home.as_ref().map(|h| h.rendered.digest),
            Scope::Part(s) => site.sections[s].intro.as_ref().map(|r| r.digest),
        };
        (
            self.scope == Scope::Book,
            self.scope.out_dir(site),
            self.base,
            intro,
        )
            .hash(&mut h);
        let entries = self.scope.entries(site);
        entries.len().hash(&mut h);
        site.walk(entries, &mut |e| {
            (site.title_of(e), site.out_dir_of(e)).hash(&mut h);
            match e {
                NavEntry::Chapter(c) => {
                    let ch = &site.chapters[c];
                    (0u8, &ch.description, self.prepared.keys[c]).hash(&mut h);
                }
                NavEntry::Section(s) => {
                    let sec = &site.sections[s];
                    let intro = sec.intro.as_ref().map(|r| r.digest);
                    (1u8, &sec.description, intro, sec.children.len()).hash(&mut h);
                }
            }
        });
        self.checklists.len().hash(&mut h);
        for c in &self.checklists {
            crate::hash::serial::of(&checklist_view(c))?.hash(&mut h);
        }
        Some(h.finish())
    }
}

impl<'a> crate::views::Plan for Plan<'a, '_> {
    type View = BookView<'a>;

    /// The view: the outline with its intros and checklists rewritten for the document.
    fn view(self) -> Result<BookView<'a>> {
        let (site, scope, base) = (self.site, self.scope, self.base);
        let doc = Document {
            targets: targets(
                site,
                scope,
                &self.sections,
                &self.chapters,
                &self.checklists,
            ),
            page_root: url::root_prefix(&scope.out_dir(site)),
        };
        let intro = match scope {
            Scope::Book => site
                .home
                .as_ref()
                .map(|h| doc.rewrite(&h.rendered.page_html(), "", "intro--")),
            Scope::Part(s) => site.sections[s]
                .intro
                .as_ref()
                .map(|r| doc.rewrite(&r.page_html(), &site.sections[s].out_dir, "intro--")),
        };
        let entries = scope.entries(site);
        let (contents, sections) = Outline::of(site, scope == Scope::Book, &doc, entries)?;
        let mut h = crate::hash::key_hasher();
        for &c in &self.chapters {
            self.prepared.keys[c].hash(&mut h);
        }
        let chapters: Vec<Fragment> = (self.chapters.iter())
            .map(|&c| self.prepared.fragments[c].clone())
            .collect();
        Ok(BookView {
            part: scope != Scope::Book,
            intro: intro.transpose()?,
            contents,
            sections,
            checklists: (self.checklists.into_iter())
                .map(|c| print_checklist_in(c, base, &doc))
                .collect(),
            split: None,
            digest: h.finish(),
            chapters,
            doc,
        })
    }
}

/// `print/` of a playbook too big for one document: where to print it part by part.
fn split_view(site: &Site, max: usize) -> BookView<'_> {
    let mut parts = Vec::new();
    let mut chapters_outside = Vec::new();
    for e in &site.nav {
        match *e {
            NavEntry::Section(s) => parts.push(Link {
                title: &site.sections[s].title,
                href: url::page(&Scope::Part(s).out_dir(site)),
                description: None,
                section: true,
            }),
            NavEntry::Chapter(c) => chapters_outside.push(chapter_link(&site.chapters[c])),
        }
    }
    BookView {
        split: Some(Split {
            chapters: site.chapters.len(),
            max,
            parts,
            chapters_outside,
            checklists: (!site.checklists.is_empty()).then(|| url::page(url::PRINT_CHECKLISTS)),
        }),
        ..BookView::empty()
    }
}

impl BookView<'_> {
    /// A view of the whole book with nothing in it.
    fn empty() -> Self {
        BookView {
            part: false,
            intro: None,
            contents: Vec::new(),
            sections: Vec::new(),
            checklists: Vec::new(),
            split: None,
            digest: 0,
            chapters: Vec::new(),
            doc: Document::default(),
        }
    }
}

impl BookPage<'_, '_> {
    /// The body of the print page: `page`, as Tera rendered it from this view (unfolded), with each
    /// chapter marker replaced by the chapter, its links resolved for this document. Written
    /// piece by piece: the whole playbook of a big site is hundreds of megabytes.
    pub(super) fn into_body(self, page: String) -> Spliced {
        let (chapters, doc) = match self.into_view() {
            Some(view) => (view.chapters, view.doc),
            // Not unfolded: rendered from no view, so the page holds no chapter markers.
            None => (Vec::new(), Document::default()),
        };
        Spliced {
            page,
            chapters,
            doc,
        }
    }
}

/// A rendered print page whose chapters are spliced in as it is written.
#[derive(Debug)]
pub(super) struct Spliced {
    page: String,
    chapters: Vec<Fragment>,
    doc: Document,
}

impl crate::output::Stream for Spliced {
    fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut chapter = String::new();
        let mut rest = self.page.as_str();
        while let Some(at) = rest.find(MARKER) {
            out.write_all(&rest.as_bytes()[..at])?;
            let after = &rest[at + MARKER.len()..];
            let Some((n, tail)) = after.split_once("-->") else {
                rest = &rest[at..];
                break;
            };
            match n.parse::<usize>().ok().and_then(|n| self.chapters.get(n)) {
                Some(fragment) => {
                    chapter.clear();
                    self.doc.resolve_into(&mut chapter, fragment);
                    out.write_all(chapter.as_bytes())?;
                }
                None => out.write_all(&rest.as_bytes()[at..rest.len() - tail.len()])?,
            }
            rest = tail;
        }
        out.write_all(rest.as_bytes())
    }
}

/// The checklists `chapters` embed, each once, in the order they first appear.
fn embedded_checklists<'a>(site: &'a Site, chapters: &[usize]) -> Vec<&'a Checklist> {
    let mut seen = std::collections::HashSet::new();
    chapters
        .iter()
        .flat_map(|&c| &site.chapters[c].rendered.embeds)
        .filter(|e| seen.insert(e.id.as_str()))
        .filter_map(|e| site.checklist(&e.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A print view holding `chapters` (already rewritten) and nothing else.
    fn view_of(chapters: &[&str]) -> BookPage<'static, 'static> {
        Deferred::ready(BookView {
            chapters: chapters
                .iter()
                .map(|c| Fragment::Rewritten((*c).into()))
                .collect(),
            ..BookView::empty()
        })
    }

    #[test]
    fn splices_chapters_into_the_rendered_page() {
        let view = view_of(&["<p>one</p>", "<p>two</p>"]);
        let page = format!("<main>{MARKER}1--><hr>{MARKER}0-->{MARKER}9--></main>");
        let mut out = Vec::new();
        crate::output::Stream::write_to(&view.into_body(page), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("<main><p>two</p><hr><p>one</p>{MARKER}9--></main>")
        );
    }

    #[test]
    fn an_unclosed_marker_is_written_once_as_it_is() {
        let view = view_of(&["<p>one</p>"]);
        let page = format!("<main>{MARKER}0--><hr>{MARKER}0</main>");
        let mut out = Vec::new();
        crate::output::Stream::write_to(&view.into_body(page), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("<main><p>one</p><hr>{MARKER}0</main>")
        );
    }
}
