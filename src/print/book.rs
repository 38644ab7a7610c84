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
use crate::views::{Link, View, chapter_link};
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

impl<'a> View<'a> for BookView<'a> {}

/// The view of a book or part print page. `base` is the absolute site URL, if known;
/// `prepared` holds every chapter of the site, by index (`fragment::all`); the whole book
/// holds at most `max_chapters`.
pub(super) fn book_view<'a>(
    site: &'a Site,
    scope: Scope,
    base: Option<&str>,
    prepared: &Prepared,
    max_chapters: usize,
) -> Result<BookView<'a>> {
    if scope == Scope::Book && site.chapters.len() > max_chapters {
        return Ok(split_view(site, max_chapters));
    }
    let entries = scope.entries(site);
    let mut chapters = Vec::new();
    let mut sections = Vec::new();
    site.walk(entries, &mut |e| match e {
        NavEntry::Chapter(c) => chapters.push(c),
        NavEntry::Section(s) => sections.push(s),
    });
    let checklists = match scope {
        Scope::Book => site.checklists.iter().collect(),
        Scope::Part(_) => embedded_checklists(site, &chapters),
    };
    let doc = Document {
        targets: targets(site, scope, &sections, &chapters, &checklists),
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
    let (contents, sections) = Outline::of(site, scope == Scope::Book, &doc, entries)?;
    let mut h = crate::hash::key_hasher();
    for &c in &chapters {
        prepared.keys[c].hash(&mut h);
    }
    let chapters: Vec<Fragment> = (chapters.iter())
        .map(|&c| prepared.fragments[c].clone())
        .collect();
    Ok(BookView {
        part: scope != Scope::Book,
        intro: intro.transpose()?,
        contents,
        sections,
        checklists: checklists
            .into_iter()
            .map(|c| print_checklist_in(c, base, &doc))
            .collect(),
        split: None,
        digest: h.finish(),
        chapters,
        doc,
    })
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

impl BookView<'_> {
    /// The body of the print page: `page`, as Tera rendered it from this view, with each
    /// chapter marker replaced by the chapter, its links resolved for this document. Written
    /// piece by piece: the whole playbook of a big site is hundreds of megabytes.
    pub(super) fn into_body(self, page: String) -> Spliced {
        Spliced {
            page,
            chapters: self.chapters,
            doc: self.doc,
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
    fn view_of(chapters: &[&str]) -> BookView<'static> {
        BookView {
            chapters: chapters
                .iter()
                .map(|c| Fragment::Rewritten((*c).into()))
                .collect(),
            ..BookView::empty()
        }
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
