//! Documents meant for paper: the whole playbook (`print/`), one top-level section ("part",
//! `<part>/print/`, with everything under it) and every checklist (`checklists/print/`),
//! each a single page. Sections nested inside print as sections of their own, with their
//! intro, so the contents follow the tree. Chapters reuse their `Rendered`
//! HTML: ids get a per-chapter prefix (`ch-<slug>--<id>`) so they stay unique, and links into
//! the document become in-page links. Each chapter is a `Fragment`: the relocatable HTML the
//! Markdown pass wrote, or (for pages with raw HTML) the HTML rewritten once per build by
//! lol_html; every document that contains the chapter resolves its placeholders with a plain
//! scan, and its chapters are spliced into the page after Tera, so the big HTML is neither
//! parsed again nor copied into template contexts. Must not re-parse Markdown, and knows
//! nothing of Tera beyond the views it returns.
mod fragment;
mod outline;

use super::context::{ChecklistView, Link, chapter_link, checklist_view_at};
use crate::site::{Checklist, NavEntry, Site, root_prefix};
use anyhow::Result;
pub(crate) use fragment::{Fragment, Fragments, all as fragments, assert_relocatable_matches};
use outline::Outline;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Where a chapter's rewritten HTML goes in a rendered print page.
const MARKER: &str = "<!--playbook:print-chapter:";

/// What a print page covers: the whole playbook, or a top-level section (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Book,
    Part(usize),
}

impl Scope {
    /// The folder the print page is written to.
    pub(crate) fn out_dir(self, site: &Site) -> String {
        match self {
            Scope::Book => "print/".into(),
            Scope::Part(s) => format!("{}print/", site.sections[s].out_dir),
        }
    }

    /// The entries the document holds, below its title.
    fn entries(self, site: &Site) -> &[NavEntry] {
        match self {
            Scope::Book => &site.nav,
            Scope::Part(s) => &site.sections[s].children,
        }
    }
}

/// The print page of the playbook or of one part.
#[derive(Serialize)]
pub(crate) struct BookView<'a> {
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

#[derive(Serialize)]
struct ContentsEntry<'a> {
    title: &'a str,
    /// Its section number in the document (`2.3`), printed in the contents and on its
    /// heading, so a reader finds it on paper without page numbers.
    number: String,
    anchor: String,
    chapters: Vec<ContentsEntry<'a>>,
}

#[derive(Serialize)]
struct PrintSection<'a> {
    /// "part" (a top-level section of the whole playbook), "section" or "chapter".
    kind: &'static str,
    anchor: String,
    title: &'a str,
    /// As in the contents.
    number: String,
    description: Option<&'a str>,
    /// A part's introduction, or a chapter's marker (see `Spliced`).
    html: String,
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

/// One checklist as printed: its view plus where it lives on the site, for the footer.
#[derive(Serialize)]
pub(crate) struct PrintChecklist<'a> {
    anchor: String,
    checklist: ChecklistView<'a>,
    /// Absolute URL of the checklist page when `base_url` is set.
    canonical: Option<String>,
}

/// Every checklist, for `checklists/print/`.
#[derive(Serialize)]
pub(crate) struct ChecklistsView<'a> {
    checklists: Vec<PrintChecklist<'a>>,
}

fn chapter_anchor(out_dir: &str) -> String {
    format!("ch-{}", out_dir.trim_end_matches('/').replace('/', "-"))
}

fn part_anchor(out_dir: &str) -> String {
    format!("part-{}", out_dir.trim_end_matches('/').replace('/', "-"))
}

/// The id of a checklist inside a print page; its items are `cl-<id>--<item>`.
fn checklist_anchor(id: &str) -> String {
    format!("cl-{id}")
}

/// A checklist printed in the document at `doc_dir`.
fn print_checklist<'a>(c: &'a Checklist, base: Option<&str>, doc_dir: &str) -> PrintChecklist<'a> {
    PrintChecklist {
        anchor: checklist_anchor(&c.id),
        checklist: checklist_view_at(c, doc_dir),
        canonical: base.map(|b| format!("{b}{}", c.out_dir)),
    }
}

/// The view of `checklists/print/`.
pub(crate) fn checklists_view<'a>(site: &'a Site, base: Option<&str>) -> ChecklistsView<'a> {
    ChecklistsView {
        checklists: site
            .checklists
            .iter()
            .map(|c| print_checklist(c, base, "checklists/print/"))
            .collect(),
    }
}

/// The view of a book or part print page. `base` is the absolute site URL, if known;
/// `fragments` holds every chapter of the site, by index (`fragments`); the whole book holds
/// at most `max_chapters`.
pub(crate) fn book_view<'a>(
    site: &'a Site,
    scope: Scope,
    base: Option<&str>,
    fragments: &[Fragment],
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
        page_root: root_prefix(&scope.out_dir(site)),
    };
    let intro = match scope {
        Scope::Book => site
            .home
            .as_ref()
            .map(|h| doc.rewrite(&h.rendered.html, "", "intro--")),
        Scope::Part(s) => site.sections[s]
            .intro
            .as_ref()
            .map(|r| doc.rewrite(&r.html, &site.sections[s].out_dir, "intro--")),
    };
    let (contents, sections) = Outline::of(site, scope == Scope::Book, &doc, entries)?;
    let chapters: Vec<Fragment> = chapters.iter().map(|&c| fragments[c].clone()).collect();
    let mut h = crate::hash::key_hasher();
    chapters.hash(&mut h);
    Ok(BookView {
        part: scope != Scope::Book,
        intro: intro.transpose()?,
        contents,
        sections,
        checklists: checklists
            .into_iter()
            .map(|c| print_checklist(c, base, &scope.out_dir(site)))
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
                href: Scope::Part(s).out_dir(site) + "index.html",
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
            checklists: (!site.checklists.is_empty())
                .then(|| "checklists/print/index.html".to_string()),
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
    pub(crate) fn into_body(self, page: String) -> Spliced {
        Spliced {
            page,
            chapters: self.chapters,
            doc: self.doc,
        }
    }
}

/// A rendered print page whose chapters are spliced in as it is written.
#[derive(Debug)]
pub(crate) struct Spliced {
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

/// Root-relative page hrefs that the document contains, and the anchor each becomes.
fn targets(
    site: &Site,
    scope: Scope,
    sections: &[usize],
    chapters: &[usize],
    checklists: &[&Checklist],
) -> HashMap<String, String> {
    let mut targets = HashMap::new();
    for &c in chapters {
        targets.insert(
            format!("{}index.html", site.chapters[c].out_dir),
            chapter_anchor(&site.chapters[c].out_dir),
        );
    }
    for &s in sections {
        let out_dir = &site.sections[s].out_dir;
        targets.insert(format!("{out_dir}index.html"), part_anchor(out_dir));
    }
    for c in checklists {
        targets.insert(format!("{}index.html", c.out_dir), checklist_anchor(&c.id));
    }
    match scope {
        Scope::Book => {
            targets.insert("index.html".into(), "top".into());
            if !checklists.is_empty() {
                targets.insert("checklists/index.html".into(), "checklists".into());
            }
        }
        Scope::Part(s) => {
            targets.insert(
                format!("{}index.html", site.sections[s].out_dir),
                "top".into(),
            );
        }
    }
    targets
}

/// One print document: which pages it contains and where it is written.
#[derive(Debug, Default)]
struct Document {
    /// Root-relative page href (`the-leap/trap/index.html`) → its anchor in the document.
    targets: HashMap<String, String>,
    /// `../` per folder of the print page.
    page_root: String,
}

impl Document {
    /// HTML rendered for a page in `from_dir`, rewritten to sit inside this document.
    fn rewrite(&self, html: &str, from_dir: &str, prefix: &str) -> Result<String> {
        let fragment = fragment::fragment(html, from_dir, prefix)?;
        let mut out = String::with_capacity(fragment.len() + fragment.len() / 16);
        self.resolve_into(&mut out, &Fragment::Rewritten(fragment.into()));
        Ok(out)
    }

    /// Appends `fragment` with its placeholders resolved for this document.
    fn resolve_into(&self, out: &mut String, fragment: &Fragment) {
        fragment::resolve_into(out, fragment, &self.targets, &self.page_root);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn doc_with(targets: HashMap<String, String>) -> Document {
        Document {
            targets,
            page_root: "../".into(),
        }
    }

    #[test]
    fn prefixes_ids_and_points_links_inside_the_document() {
        let mut targets = HashMap::new();
        targets.insert("b/x/index.html".to_string(), "ch-b-x".to_string());
        targets.insert("checklists/c/index.html".to_string(), "cl-c".to_string());
        let doc = doc_with(targets);
        let html = "<h2 id=\"intro\">Intro<a class=\"anchor\" href=\"#intro\">#</a></h2>\n<p><a href=\"../../b/x/index.html#deep\">x</a> <a href=\"../../b/x/index.html\">x</a> <a href=\"../../checklists/c/index.html#item\">i</a> <a href=\"../../tags/t/index.html\">t</a> <a href=\"https://e.org/\">e</a> <img src=\"img/d.png\" alt=\"\"></p><label for=\"cb\">l</label>";
        let out = doc.rewrite(html, "a/y/", "ch-a-y--").unwrap();
        for want in [
            "id=\"ch-a-y--intro\"",
            "href=\"#ch-a-y--intro\"",
            "href=\"#ch-b-x--deep\"",
            "href=\"#ch-b-x\"",
            "href=\"#cl-c--item\"",
            "href=\"../tags/t/index.html\"",
            "href=\"https://e.org/\"",
            "src=\"../a/y/img/d.png\"",
            "for=\"ch-a-y--cb\"",
        ] {
            assert!(out.contains(want), "{want} missing in {out}");
        }
    }

    /// A print view holding `chapters` (already rewritten) and nothing else.
    fn view_of(chapters: &[&str]) -> BookView<'static> {
        BookView {
            chapters: chapters
                .iter()
                .map(|c| Fragment::Rewritten(Arc::from(*c)))
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
