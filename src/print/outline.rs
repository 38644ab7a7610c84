//! The outline of a print document: its contents (nested as the tree is) and its sections in
//! reading order, each section a divider with its intro and each chapter a marker that the
//! chapter replaces as the page is written.
use super::book::MARKER;
use super::document::Document;
use super::{chapter_anchor, part_anchor};
use crate::site::{NavEntry, Site};
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct ContentsEntry<'a> {
    pub(super) title: &'a str,
    /// Its section number in the document (`2.3`), printed in the contents and on its
    /// heading, so a reader finds it on paper without page numbers.
    pub(super) number: String,
    pub(super) anchor: String,
    pub(super) chapters: Vec<ContentsEntry<'a>>,
}

#[derive(Serialize)]
pub(super) struct PrintSection<'a> {
    /// "part" (a top-level section of the whole playbook), "section" or "chapter".
    pub(super) kind: &'static str,
    pub(super) anchor: String,
    pub(super) title: &'a str,
    /// As in the contents.
    pub(super) number: String,
    pub(super) description: Option<&'a str>,
    /// A part's introduction, or a chapter's marker (see `Spliced`).
    pub(super) html: String,
}

/// The sections of a print document, built in reading order.
pub(super) struct Outline<'s> {
    site: &'s Site,
    /// The whole playbook, whose top-level sections are parts.
    book: bool,
    /// Chapter markers handed out so far.
    markers: usize,
    /// Section dividers (with their intros) and chapter markers.
    sections: Vec<PrintSection<'s>>,
}

/// A document's contents and its sections.
type Outlined<'s> = (Vec<ContentsEntry<'s>>, Vec<PrintSection<'s>>);

impl<'s> Outline<'s> {
    /// The contents and the sections of `doc`, which holds `entries` (and everything under
    /// them) below its title; `book` for the whole playbook.
    pub(super) fn of(
        site: &'s Site,
        book: bool,
        doc: &Document,
        entries: &[NavEntry],
    ) -> Result<Outlined<'s>> {
        let mut outline = Outline {
            site,
            book,
            markers: 0,
            sections: Vec::new(),
        };
        let contents = outline.add(doc, entries, "")?;
        Ok((contents, outline.sections))
    }

    /// Adds `entries` (numbered `number_prefix` then 1, 2…; at the top of the document when
    /// it is empty) and everything under them; returns their contents entries.
    fn add(
        &mut self,
        doc: &Document,
        entries: &[NavEntry],
        number_prefix: &str,
    ) -> Result<Vec<ContentsEntry<'s>>> {
        let site = self.site;
        let mut contents = Vec::with_capacity(entries.len());
        for (k, &e) in entries.iter().enumerate() {
            let (title, out_dir) = (site.title_of(e), site.out_dir_of(e));
            let number = format!("{number_prefix}{}", k + 1);
            match e {
                NavEntry::Chapter(c) => {
                    let anchor = chapter_anchor(out_dir);
                    self.sections.push(PrintSection {
                        kind: "chapter",
                        anchor: anchor.clone(),
                        title,
                        number: number.clone(),
                        description: site.chapters[c].description.as_deref(),
                        html: format!("{MARKER}{}-->", self.markers),
                    });
                    self.markers += 1;
                    contents.push(ContentsEntry {
                        title,
                        number,
                        anchor,
                        chapters: Vec::new(),
                    });
                }
                NavEntry::Section(s) => {
                    let sec = &site.sections[s];
                    let anchor = part_anchor(out_dir);
                    let html = sec
                        .intro
                        .as_ref()
                        .map(|r| doc.rewrite(&r.page_html(), out_dir, &format!("{anchor}--")))
                        .transpose()?
                        .unwrap_or_default();
                    self.sections.push(PrintSection {
                        kind: if self.book && number_prefix.is_empty() {
                            "part"
                        } else {
                            "section"
                        },
                        anchor: anchor.clone(),
                        title,
                        number: number.clone(),
                        description: sec.description.as_deref(),
                        html,
                    });
                    let chapters = self.add(doc, &sec.children, &format!("{number}."))?;
                    contents.push(ContentsEntry {
                        title,
                        number,
                        anchor,
                        chapters,
                    });
                }
            }
        }
        Ok(contents)
    }
}
