//! What is searchable, read from the model: one `Page` per section, chapter and checklist,
//! made of `Doc`s. Doc 0 is the page itself (its title, description and the text before the
//! first heading); then one doc per heading section (linking to its anchor) or checklist item.
//! Borrows from the `Site`; renders nothing and knows nothing of the index format.
use crate::markdown::Rendered;
use crate::shared::PackedStr;
use crate::site::{NavEntry, Site};
use crate::url;
use std::hash::{Hash, Hasher};

/// A page of the site as search sees it.
pub(crate) struct Page<'a> {
    /// Root-relative URL (`the-leap/a-different-job/index.html`).
    pub(crate) url: String,
    /// Breadcrumb above the page: the sections it sits in (top level first), or the
    /// checklists index.
    pub(crate) crumbs: Vec<&'a str>,
    pub(crate) docs: Vec<Doc<'a>>,
    /// A checklist: its docs are items, which rank below chapters of equal relevance.
    pub(crate) checklist: bool,
    /// Changes whenever `docs` do (`content_key`): the search cache's keys hash it rather
    /// than every page's text, which was a tenth of the index's time in a warm build.
    pub(crate) content: u64,
}

/// One result a search can return.
pub(crate) struct Doc<'a> {
    /// Fragment id on the page; empty for doc 0.
    pub(crate) anchor: &'a str,
    /// The page title for doc 0 (the title field), else the heading or item text.
    pub(crate) title: &'a str,
    /// An extra breadcrumb between the page and this doc: the parent heading of a `###`
    /// section, or the section of a checklist item. Empty when there is none.
    pub(crate) context: &'a str,
    /// Plain text, in pieces.
    pub(crate) body: Vec<&'a str>,
    /// The Markdown's plain text, in pieces after `body`: the build cache keeps it
    /// compressed, so it is unpacked only when read (`pieces`), for the pages whose search
    /// entries are made again.
    pub(crate) text: Vec<&'a PackedStr>,
}

impl<'a> Doc<'a> {
    /// The doc's plain text, in pieces: `body`, then `text`.
    pub(crate) fn pieces(&self) -> impl Iterator<Item = &'a str> + '_ {
        (self.body.iter().copied()).chain(self.text.iter().map(|&t| t.as_str()))
    }
}

#[cfg(test)]
impl<'a> Page<'a> {
    /// A chapter's page of `docs`, its content keyed by their text (for tests).
    pub(crate) fn of(url: String, crumbs: Vec<&'a str>, docs: Vec<Doc<'a>>) -> Page<'a> {
        Page {
            url,
            crumbs,
            content: content_key(&docs),
            docs,
            checklist: false,
        }
    }
}

/// Every searchable page, in reading order (each section's page, then what is in it), then
/// checklists.
pub(crate) fn pages(site: &Site) -> Vec<Page<'_>> {
    use rayon::prelude::*;
    // Made in parallel: the index waits for them, and the page stage keeps the other core
    // busy only in part.
    let mut entries = Vec::new();
    site.walk(&site.nav, &mut |e| entries.push(e));
    let mut pages: Vec<Page<'_>> = entries.into_par_iter().map(|e| page(site, e)).collect();
    let checklists_title = site
        .checklists_intro
        .as_ref()
        .and_then(|i| i.meta.title.as_deref().or(i.rendered.h1.as_deref()))
        .unwrap_or("Checklists");
    for c in &site.checklists {
        let mut docs = vec![Doc {
            anchor: "",
            title: &c.title,
            context: "",
            body: c.description_text.as_deref().into_iter().collect(),
            text: vec![],
        }];
        for s in &c.sections {
            docs.extend(s.items.iter().map(|i| Doc {
                anchor: &i.id,
                title: &i.text,
                context: &s.title,
                body: i.detail_text.as_deref().into_iter().collect(),
                text: vec![],
            }));
        }
        pages.push(Page {
            url: url::page(&c.out_dir),
            crumbs: vec![checklists_title],
            content: content_key(&docs),
            docs,
            checklist: true,
        });
    }
    pages
}

/// The titles of the sections `section` and above, top level first.
fn crumbs(site: &Site, section: Option<usize>) -> Vec<&str> {
    site.path_to(section)
        .into_iter()
        .map(|s| site.sections[s].title.as_str())
        .collect()
}

/// A section's page (its index file, if any) or a chapter.
fn page(site: &Site, e: NavEntry) -> Page<'_> {
    let rendered = match e {
        NavEntry::Section(s) => site.sections[s].intro.as_deref(),
        NavEntry::Chapter(c) => Some(&*site.chapters[c].rendered),
    };
    let mut docs = vec![Doc {
        anchor: "",
        title: site.title_of(e),
        context: "",
        body: site.description_of(e).into_iter().collect(),
        text: vec![],
    }];
    if let Some(r) = rendered {
        add_sections(&mut docs, r);
    }
    // The docs are the title, the description and what `add_sections` reads of the
    // Markdown, for which its digest stands (a hash of everything it was rendered from).
    let content = match rendered.map(|r| r.digest) {
        Some(0) => content_key(&docs),
        digest => {
            let mut h = crate::hash::key_hasher();
            (site.title_of(e), site.description_of(e), digest).hash(&mut h);
            h.finish()
        }
    };
    Page {
        url: url::page(site.out_dir_of(e)),
        crumbs: crumbs(site, site.parent_of(e)),
        docs,
        checklist: false,
        content,
    }
}

/// A hash of everything in `docs` (for pages without a digest: checklists).
fn content_key(docs: &[Doc<'_>]) -> u64 {
    let mut h = crate::hash::key_hasher();
    docs.len().hash(&mut h);
    for d in docs {
        (d.anchor, d.title, d.context).hash(&mut h);
        d.pieces().for_each(|p| p.hash(&mut h));
        (d.body.len() + d.text.len()).hash(&mut h);
    }
    h.finish()
}

/// Appends the text before the first heading to doc 0, and one doc per heading, except
/// headings over nothing but navigation ("Related" and its links).
fn add_sections<'a>(docs: &mut Vec<Doc<'a>>, rendered: &'a Rendered) {
    // Open headings above the current one: (level, text).
    let mut open: Vec<(u8, &'a str)> = Vec::new();
    for section in &rendered.sections {
        let Some(h) = &section.heading else {
            docs[0].text.push(&section.text);
            continue;
        };
        while open.last().is_some_and(|(level, _)| *level >= h.level) {
            open.pop();
        }
        let context = open.last().map(|(_, t)| *t).unwrap_or("");
        open.push((h.level, &h.text));
        if section.navigation && section.text.trim().is_empty() {
            continue;
        }
        docs.push(Doc {
            anchor: &h.id,
            title: &h.text,
            context,
            body: vec![],
            text: vec![&section.text],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Heading, Section};

    fn section(level: u8, id: &str, text: &str) -> Section {
        Section {
            heading: Some(Heading {
                level,
                id: id.into(),
                text: id.to_uppercase(),
            }),
            text: text.into(),
            navigation: false,
        }
    }

    #[test]
    fn one_doc_per_heading_with_its_parent_as_context() {
        let rendered = Rendered {
            sections: vec![
                Section {
                    heading: None,
                    text: "intro".into(),
                    navigation: false,
                },
                section(2, "a", "alpha"),
                section(3, "b", "beta"),
                section(3, "c", "gamma"),
                section(2, "d", "delta"),
            ],
            ..Rendered::default()
        };
        let mut docs = vec![Doc {
            anchor: "",
            title: "Page",
            context: "",
            body: vec!["summary"],
            text: vec![],
        }];
        add_sections(&mut docs, &rendered);
        assert_eq!(docs[0].pieces().collect::<Vec<_>>(), ["summary", "intro"]);
        let got: Vec<(&str, &str, &str)> = docs[1..]
            .iter()
            .map(|d| (d.anchor, d.title, d.context))
            .collect();
        assert_eq!(
            got,
            [
                ("a", "A", ""),
                ("b", "B", "A"),
                ("c", "C", "A"),
                ("d", "D", "")
            ]
        );
    }

    #[test]
    fn a_heading_over_nothing_but_navigation_is_no_doc() {
        let mut related = section(2, "related", "");
        related.navigation = true;
        let mut budget = section(2, "budget", "plan early");
        budget.navigation = true;
        let rendered = Rendered {
            sections: vec![budget, related, section(3, "sub", "text")],
            ..Rendered::default()
        };
        let mut docs = vec![Doc {
            anchor: "",
            title: "Page",
            context: "",
            body: vec![],
            text: vec![],
        }];
        add_sections(&mut docs, &rendered);
        let got: Vec<(&str, &str)> = docs[1..].iter().map(|d| (d.anchor, d.context)).collect();
        assert_eq!(got, [("budget", ""), ("sub", "RELATED")]);
    }

    fn one_chapter(title: &str, description: Option<&str>, rendered: Rendered) -> Site {
        let chapter = crate::site::Chapter {
            title: title.into(),
            nav_title: None,
            updated: None,
            description: description.map(Into::into),
            tags: Vec::new(),
            section: None,
            out_dir: "a/".into(),
            source: "a.md".into(),
            rendered: std::sync::Arc::new(rendered),
            prev: None,
            next: None,
            hash: String::new(),
        };
        Site {
            home: None,
            sections: Vec::new(),
            chapters: vec![chapter],
            checklists: Vec::new(),
            checklists_intro: None,
            footer: None,
            nav: vec![NavEntry::Chapter(0)],
            tags: Default::default(),
            assets: Vec::new(),
            redirects: Vec::new(),
            embedded_by: Default::default(),
        }
    }

    fn rendered(digest: u64, text: &str) -> Rendered {
        Rendered {
            sections: vec![section(2, "a", text)],
            digest,
            ..Rendered::default()
        }
    }

    #[test]
    fn a_page_content_key_changes_with_whatever_its_docs_are_made_of() {
        let key = |site: &Site| pages(site)[0].content;
        let base = key(&one_chapter("T", Some("d"), rendered(7, "text")));
        // Its docs are the title, the description and the Markdown, for which the digest
        // stands (the pipeline changes it with every input of the Markdown).
        assert_ne!(base, key(&one_chapter("U", Some("d"), rendered(7, "text"))));
        assert_ne!(base, key(&one_chapter("T", None, rendered(7, "text"))));
        assert_ne!(base, key(&one_chapter("T", Some("d"), rendered(8, "text"))));
        assert_eq!(base, key(&one_chapter("T", Some("d"), rendered(7, "text"))));
        // Markdown without a digest is keyed by its text.
        let undigested = key(&one_chapter("T", Some("d"), rendered(0, "text")));
        assert_ne!(
            undigested,
            key(&one_chapter("T", Some("d"), rendered(0, "other")))
        );
    }
}
