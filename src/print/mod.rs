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
//! nothing of Tera: `render` renders their views. A function of the model, the settings and
//! an optional cache (the chapters made ready for print, `Fragments`), like `search`.
mod book;
mod document;
mod fragment;
#[cfg(test)]
mod keys;
mod outline;

#[doc(hidden)]
pub(crate) use fragment::assert_relocatable_matches;
pub(crate) use fragment::{Fragments as Cache, worth_keeping};

use crate::output::{Body, OutputFile, Sink};
use crate::render::Pages;
use crate::site::{Checklist, NavEntry, Site};
use crate::url;
use crate::views::nav::Here;
use crate::views::{
    ChecklistView, Link, Page, View, breadcrumbs, checklist_view_at, checklist_view_with,
};
use anyhow::Result;
use book::book_page;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

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
            Scope::Book => url::PRINT_BOOK.into(),
            Scope::Part(s) => url::part_print_dir(&site.sections[s].out_dir),
        }
    }

    /// The entries the document holds, below its title.
    pub(super) fn entries(self, site: &Site) -> &[NavEntry] {
        match self {
            Scope::Book => &site.nav,
            Scope::Part(s) => &site.sections[s].children,
        }
    }
}

/// One checklist as printed: its view plus where it lives on the site, for the footer.
#[derive(Serialize)]
pub(super) struct PrintChecklist<'a> {
    anchor: String,
    checklist: ChecklistView<'a>,
    /// Absolute URL of the checklist page when `base_url` is set.
    canonical: Option<String>,
}

/// Every checklist, for `checklists/print/`.
#[derive(Serialize)]
pub(super) struct ChecklistsView<'a> {
    checklists: Vec<PrintChecklist<'a>>,
}

impl<'a> View<'a> for ChecklistsView<'a> {}

/// Every print document of the site, each handed to `sink` once rendered: the whole
/// playbook's, each part's and, when there are checklists, the checklists'. `cache` (kept by
/// incremental builds) spares making the chapters ready for print again.
pub(crate) fn documents(pages: &Pages<'_>, cache: Option<&Cache>, sink: &dyn Sink) -> Result<()> {
    let site = pages.cx.site;
    let mut scopes = vec![Scope::Book];
    scopes.extend(site.nav.iter().filter_map(|e| match *e {
        NavEntry::Section(s) => Some(Scope::Part(s)),
        NavEntry::Chapter(_) => None,
    }));
    let fragments = fragment::all(site, cache)?;
    scopes
        .par_iter()
        .try_for_each(|&scope| sink.put(book(pages, scope, &fragments)?))?;
    if !site.checklists.is_empty() {
        sink.put(pages.file(checklists(pages))?)?;
    }
    Ok(())
}

/// The print document of the playbook or of one part, its chapters spliced in as it is
/// written.
fn book(pages: &Pages<'_>, scope: Scope, fragments: &fragment::Prepared) -> Result<OutputFile> {
    let cx = pages.cx;
    let site = cx.site;
    let max = cx.settings.config.print.max_book_chapters;
    let view = book_page(site, scope, cx.absolute_base(), fragments, max)?;
    let (here, out_dir) = match scope {
        Scope::Book => (Here::Elsewhere, scope.out_dir(site)),
        Scope::Part(s) => (Here::Section(s), scope.out_dir(site)),
    };
    let mut page = Page::new(cx, ("print", "print.html"), &out_dir, here, view);
    match scope {
        Scope::Part(s) => {
            page.common.title = &site.sections[s].title;
            page.common.description = site.sections[s].description.as_deref();
            page.common.breadcrumbs = breadcrumbs(site, cx.home_link(), Some(s));
        }
        Scope::Book => {
            page.common.description = Some(cx.view.description).filter(|d| !d.is_empty());
        }
    }
    let body = match pages.render(&mut page)? {
        Some(html) => Body::Stream(Arc::new(page.view.into_body(html))),
        None => Body::Unchanged,
    };
    Ok(OutputFile {
        path: page.path,
        body,
    })
}

/// `checklists/print/`: every checklist, each starting on a new page.
fn checklists<'a>(pages: &Pages<'a>) -> Page<'a, ChecklistsView<'a>> {
    let cx = pages.cx;
    let view = checklists_view(cx.site, cx.absolute_base());
    let kind = ("print-checklists", "print_checklists.html");
    let mut page = Page::new(cx, kind, url::PRINT_CHECKLISTS, Here::Checklists, view);
    page.common.title = "All checklists";
    page.common.breadcrumbs = vec![cx.home_link(), Link::to("Checklists", url::CHECKLISTS)];
    page
}

pub(super) fn chapter_anchor(out_dir: &str) -> String {
    format!("ch-{}", out_dir.trim_end_matches('/').replace('/', "-"))
}

pub(super) fn part_anchor(out_dir: &str) -> String {
    format!("part-{}", out_dir.trim_end_matches('/').replace('/', "-"))
}

/// The id of a checklist inside a print page; its items are `cl-<id>--<item>`.
pub(super) fn checklist_anchor(id: &str) -> String {
    format!("cl-{id}")
}

/// True for the output path of a print document: the whole playbook's, a part's, the
/// checklists'.
pub(crate) fn is_document(path: &str) -> bool {
    path == url::page(url::PRINT_BOOK) || path.ends_with("/print/index.html")
}

/// A checklist printed in the document at `doc_dir`.
pub(super) fn print_checklist<'a>(
    c: &'a Checklist,
    base: Option<&str>,
    doc_dir: &str,
) -> PrintChecklist<'a> {
    PrintChecklist {
        anchor: checklist_anchor(&c.id),
        checklist: checklist_view_at(c, doc_dir),
        canonical: base.map(|b| format!("{b}{}", c.out_dir)),
    }
}

/// A checklist printed in a book or part document: its text goes through the document's
/// rewrite as the chapters do, so a link to a page the document holds becomes its anchor and
/// any other link is re-based for the print page.
fn print_checklist_in<'a>(
    c: &'a Checklist,
    base: Option<&str>,
    doc: &document::Document,
) -> PrintChecklist<'a> {
    let anchor = checklist_anchor(&c.id);
    let prefix = format!("{anchor}--");
    let rewrite = |html: &'a str| -> Cow<'a, str> {
        // Rewriting fails only past a memory limit a checklist's text cannot reach.
        doc.rewrite(html, &c.out_dir, &prefix)
            .map_or(Cow::Borrowed(html), Cow::Owned)
    };
    PrintChecklist {
        anchor,
        checklist: checklist_view_with(c, &rewrite),
        canonical: base.map(|b| format!("{b}{}", c.out_dir)),
    }
}

/// The view of `checklists/print/`.
fn checklists_view<'a>(site: &'a Site, base: Option<&str>) -> ChecklistsView<'a> {
    ChecklistsView {
        checklists: site
            .checklists
            .iter()
            .map(|c| print_checklist(c, base, url::PRINT_CHECKLISTS))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn print_documents_are_told_by_their_path() {
        for print in [
            "print/index.html",
            "part-1/print/index.html",
            "checklists/print/index.html",
        ] {
            assert!(super::is_document(print), "{print}");
        }
        for other in [
            "index.html",
            "part-1/chapter/index.html",
            "search/index.js",
            "printing/index.html",
        ] {
            assert!(!super::is_document(other), "{other}");
        }
    }
}
