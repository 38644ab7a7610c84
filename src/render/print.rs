//! Documents meant for paper: the whole playbook (`print/`), one part (`<part>/print/`) and
//! every checklist (`checklists/print/`), each a single page. Chapters reuse their `Rendered`
//! HTML: ids get a per-chapter prefix (`ch-<slug>--<id>`) so they stay unique, and links into
//! the document become in-page links. lol_html rewrites each chapter once per build into a
//! `Fragments` entry whose URLs are placeholders; every document that contains the chapter
//! resolves them with a plain scan, and its chapters are spliced into the page after Tera, so
//! the big HTML is neither parsed twice nor copied into template contexts. Must not re-parse
//! Markdown, and knows nothing of Tera beyond the views it returns.
use super::context::{ChecklistView, checklist_view};
use crate::markdown::embed_marker;
use crate::site::{Checklist, NavEntry, Site, root_prefix};
use anyhow::{Result, anyhow};
use lol_html::html_content::Element;
use lol_html::{HandlerResult, RewriteStrSettings, element, rewrite_str};
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// In a fragment, `OPEN l target END` is a link to the root-relative `target` (which becomes
/// `#anchor` when the document contains that page) and `OPEN f target END` a file URL. These
/// private-use characters are escaped wherever the HTML itself contains them; one opening
/// character keeps the scan for placeholders a `memchr`.
const OPEN: char = '\u{E000}';
const END: char = '\u{E001}';

/// Where a chapter's rewritten HTML goes in a rendered print page.
const MARKER: &str = "<!--playbook:print-chapter:";

/// What a print page covers.
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
            Scope::Part(p) => format!("{}print/", site.parts[p].out_dir),
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
    /// Stands in the `serve` memo key for the chapters, which the context holds as markers.
    digest: u64,
    /// The chapters' fragments, in the order of their markers.
    #[serde(skip)]
    chapters: Vec<Arc<str>>,
    #[serde(skip)]
    doc: Document,
}

#[derive(Serialize)]
struct ContentsEntry<'a> {
    title: &'a str,
    anchor: String,
    chapters: Vec<ContentsEntry<'a>>,
}

#[derive(Serialize)]
struct PrintSection<'a> {
    /// "part" or "chapter".
    kind: &'static str,
    anchor: String,
    title: &'a str,
    description: Option<&'a str>,
    /// A part's introduction, or a chapter's marker (see `BookView::splice`).
    html: String,
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

fn print_checklist<'a>(c: &'a Checklist, base: Option<&str>) -> PrintChecklist<'a> {
    PrintChecklist {
        anchor: checklist_anchor(&c.id),
        checklist: checklist_view(c),
        canonical: base.map(|b| format!("{b}{}", c.out_dir)),
    }
}

/// The view of `checklists/print/`.
pub(crate) fn checklists_view<'a>(site: &'a Site, base: Option<&str>) -> ChecklistsView<'a> {
    ChecklistsView {
        checklists: site
            .checklists
            .iter()
            .map(|c| print_checklist(c, base))
            .collect(),
    }
}

/// The view of a book or part print page. `base` is the absolute site URL, if known;
/// `fragments` holds every chapter of the site, by index (`Fragments::all`).
pub(crate) fn book_view<'a>(
    site: &'a Site,
    scope: Scope,
    base: Option<&str>,
    fragments: &[Arc<str>],
) -> Result<BookView<'a>> {
    let entries: Vec<NavEntry> = match scope {
        Scope::Book => site.nav.clone(),
        Scope::Part(p) => vec![NavEntry::Part(p)],
    };
    let chapters: Vec<usize> = entries
        .iter()
        .flat_map(|e| match *e {
            NavEntry::Part(p) => site.parts[p].chapters.clone(),
            NavEntry::Chapter(c) => vec![c],
        })
        .collect();
    let checklists = match scope {
        Scope::Book => site.checklists.iter().collect(),
        Scope::Part(_) => embedded_checklists(site, &chapters),
    };
    let doc = Document {
        targets: targets(site, scope, &entries, &chapters, &checklists),
        page_root: root_prefix(&scope.out_dir(site)),
    };
    let intro = match scope {
        Scope::Book => site
            .home
            .as_ref()
            .map(|h| doc.rewrite(&h.rendered.html, "", "intro--")),
        Scope::Part(p) => site.parts[p]
            .intro
            .as_ref()
            .map(|r| doc.rewrite(&r.html, &site.parts[p].out_dir, "intro--")),
    };
    let (contents, sections) = doc.sections(site, scope, &entries)?;
    let chapters: Vec<Arc<str>> = chapters.iter().map(|&c| fragments[c].clone()).collect();
    let mut h = crate::hash::key_hasher();
    chapters.hash(&mut h);
    Ok(BookView {
        part: scope != Scope::Book,
        intro: intro.transpose()?,
        contents,
        sections,
        checklists: checklists
            .into_iter()
            .map(|c| print_checklist(c, base))
            .collect(),
        digest: h.finish(),
        chapters,
        doc,
    })
}

impl BookView<'_> {
    /// The page Tera rendered from this view, with each chapter marker replaced by the
    /// chapter, its links resolved for this document.
    pub(crate) fn splice(&self, page: &str) -> String {
        let size: usize = self.chapters.iter().map(|c| c.len()).sum();
        let mut out = String::with_capacity(page.len() + size + size / 16);
        let mut rest = page;
        while let Some(at) = rest.find(MARKER) {
            out.push_str(&rest[..at]);
            let after = &rest[at + MARKER.len()..];
            let Some((n, tail)) = after.split_once("-->") else {
                break;
            };
            match n.parse::<usize>().ok().and_then(|n| self.chapters.get(n)) {
                Some(chapter) => self.doc.resolve_into(&mut out, chapter),
                None => out.push_str(&rest[at..rest.len() - tail.len()]),
            }
            rest = tail;
        }
        out.push_str(rest);
        out
    }
}

/// Every chapter rewritten for print, shared by the documents of one build and kept between
/// `serve` builds while a chapter's HTML, place and embedded checklists stay the same.
#[derive(Default)]
pub(crate) struct Fragments {
    /// Chapter output folder → (key of its inputs, fragment).
    cache: Mutex<HashMap<String, (u64, Arc<str>)>>,
}

impl Fragments {
    /// The fragment of every chapter of `site`, by chapter index, rewritten in parallel.
    pub(crate) fn all(&self, site: &Site) -> Result<Vec<Arc<str>>> {
        use rayon::prelude::*;
        let old = std::mem::take(&mut *self.cache.lock().unwrap_or_else(|e| e.into_inner()));
        let fresh: Vec<(u64, Arc<str>)> = site
            .chapters
            .par_iter()
            .map(|ch| {
                let notes = embed_notes(site, ch);
                let mut h = crate::hash::key_hasher();
                (&ch.rendered.html, &notes).hash(&mut h);
                let key = h.finish();
                match old.get(&ch.out_dir) {
                    Some((k, f)) if *k == key => Ok((key, f.clone())),
                    _ => chapter_fragment(ch, &notes).map(|f| (key, f.into())),
                }
            })
            .collect::<Result<_>>()?;
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        *cache = site
            .chapters
            .iter()
            .zip(&fresh)
            .map(|(ch, entry)| (ch.out_dir.clone(), entry.clone()))
            .collect();
        Ok(fresh.into_iter().map(|(_, f)| f).collect())
    }
}

/// For each checklist a chapter embeds: its marker and the note printed in its place (the
/// checklist itself is printed in full with the others).
fn embed_notes(site: &Site, ch: &crate::site::Chapter) -> Vec<(String, String)> {
    let back = root_prefix(&ch.out_dir);
    ch.rendered
        .embeds
        .iter()
        .filter_map(|e| Some((e, site.checklist(&e.id)?)))
        .map(|(e, cl)| {
            let note = format!(
                "<p class=\"print-embed\"><strong>Checklist:</strong> <a href=\"{back}{}index.html\">{}</a> (printed in full with the checklists)</p>",
                cl.out_dir,
                crate::markdown::highlight::escape(&cl.title)
            );
            (embed_marker(&e.id), note)
        })
        .collect()
}

fn chapter_fragment(ch: &crate::site::Chapter, notes: &[(String, String)]) -> Result<String> {
    let mut html = ch.rendered.html.clone();
    for (marker, note) in notes {
        html = html.replacen(marker, note, 1);
    }
    let prefix = format!("{}--", chapter_anchor(&ch.out_dir));
    fragment(&html, &ch.out_dir, &prefix)
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
    entries: &[NavEntry],
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
    for e in entries {
        if let NavEntry::Part(p) = *e {
            let out_dir = &site.parts[p].out_dir;
            let anchor = if scope == Scope::Book {
                part_anchor(out_dir)
            } else {
                "top".into()
            };
            targets.insert(format!("{out_dir}index.html"), anchor);
        }
    }
    for c in checklists {
        targets.insert(format!("{}index.html", c.out_dir), checklist_anchor(&c.id));
    }
    if scope == Scope::Book {
        targets.insert("index.html".into(), "top".into());
        if !checklists.is_empty() {
            targets.insert("checklists/index.html".into(), "checklists".into());
        }
    }
    targets
}

/// One print document: which pages it contains and where it is written.
#[derive(Default)]
struct Document {
    /// Root-relative page href (`the-leap/trap/index.html`) → its anchor in the document.
    targets: HashMap<String, String>,
    /// `../` per folder of the print page.
    page_root: String,
}

impl Document {
    /// The contents and the sections (part dividers, then chapter markers) in reading order.
    fn sections<'s>(
        &self,
        site: &'s Site,
        scope: Scope,
        entries: &[NavEntry],
    ) -> Result<(Vec<ContentsEntry<'s>>, Vec<PrintSection<'s>>)> {
        let mut markers = 0..;
        let mut chapter = |c: usize| {
            let ch = &site.chapters[c];
            PrintSection {
                kind: "chapter",
                anchor: chapter_anchor(&ch.out_dir),
                title: &ch.title,
                description: ch.description.as_deref(),
                html: format!("{MARKER}{}-->", markers.next().unwrap_or_default()),
            }
        };
        let entry = |c: usize| ContentsEntry {
            title: &site.chapters[c].title,
            anchor: chapter_anchor(&site.chapters[c].out_dir),
            chapters: Vec::new(),
        };
        let (mut contents, mut sections) = (Vec::new(), Vec::new());
        for e in entries {
            match *e {
                NavEntry::Part(p) if scope == Scope::Book => {
                    let part = &site.parts[p];
                    let anchor = part_anchor(&part.out_dir);
                    contents.push(ContentsEntry {
                        title: &part.title,
                        anchor: anchor.clone(),
                        chapters: part.chapters.iter().map(|&c| entry(c)).collect(),
                    });
                    let html = part
                        .intro
                        .as_ref()
                        .map(|r| self.rewrite(&r.html, &part.out_dir, &format!("{anchor}--")))
                        .transpose()?
                        .unwrap_or_default();
                    sections.push(PrintSection {
                        kind: "part",
                        anchor,
                        title: &part.title,
                        description: part.description.as_deref(),
                        html,
                    });
                    sections.extend(part.chapters.iter().map(|&c| chapter(c)));
                }
                NavEntry::Part(p) => {
                    contents.extend(site.parts[p].chapters.iter().map(|&c| entry(c)));
                    sections.extend(site.parts[p].chapters.iter().map(|&c| chapter(c)));
                }
                NavEntry::Chapter(c) => {
                    contents.push(entry(c));
                    sections.push(chapter(c));
                }
            }
        }
        Ok((contents, sections))
    }

    /// HTML rendered for a page in `from_dir`, rewritten to sit inside this document.
    fn rewrite(&self, html: &str, from_dir: &str, prefix: &str) -> Result<String> {
        let fragment = fragment(html, from_dir, prefix)?;
        let mut out = String::with_capacity(fragment.len() + fragment.len() / 16);
        self.resolve_into(&mut out, &fragment);
        Ok(out)
    }

    /// Appends `fragment` with its placeholders resolved: links to pages in the document
    /// become `#anchor` (or `#anchor--fragment`), other URLs are re-based on this page.
    fn resolve_into(&self, out: &mut String, fragment: &str) {
        let mut rest = fragment;
        while let Some(at) = rest.find(OPEN) {
            out.push_str(&rest[..at]);
            let after = &rest[at + OPEN.len_utf8()..];
            let link = after.starts_with('l');
            let after = after.get(1..).unwrap_or_default();
            let (target, tail) = after.split_once(END).unwrap_or((after, ""));
            let (path, hash) = target.split_once('#').unwrap_or((target, ""));
            match self.targets.get(path).filter(|_| link) {
                Some(anchor) => {
                    out.push('#');
                    out.push_str(anchor);
                    if !hash.is_empty() {
                        out.push_str("--");
                        out.push_str(hash);
                    }
                }
                None => {
                    out.push_str(&self.page_root);
                    out.push_str(target);
                }
            }
            rest = tail;
        }
        out.push_str(rest);
    }
}

/// HTML rendered for a page in `from_dir`, made independent of the document it goes into:
/// every id gets `prefix`, in-page links follow, and every other relative URL becomes a
/// placeholder naming its root-relative target (`Document::resolve_into` finishes the job).
fn fragment(html: &str, from_dir: &str, prefix: &str) -> Result<String> {
    let escaped;
    let html = if html.contains([OPEN, END]) {
        escaped = html.replace(OPEN, "&#xE000;").replace(END, "&#xE001;");
        escaped.as_str()
    } else {
        html
    };
    let prefix_ids = |el: &mut Element<'_, '_>, attr: &str| -> HandlerResult {
        if let Some(v) = el.get_attribute(attr) {
            let ids: Vec<String> = v
                .split_whitespace()
                .map(|id| format!("{prefix}{id}"))
                .collect();
            el.set_attribute(attr, &ids.join(" "))?;
        }
        Ok(())
    };
    let placeholder = |kind: char, url: &str| match resolve(url, from_dir) {
        Some(target) => format!("{OPEN}{kind}{target}{END}"),
        None => url.to_string(),
    };
    let settings = RewriteStrSettings::new()
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!(
            "[id], [for], [aria-labelledby], [aria-describedby]",
            |el| {
                for attr in ["id", "for", "aria-labelledby", "aria-describedby"] {
                    prefix_ids(el, attr)?;
                }
                Ok(())
            }
        ))
        .append_element_content_handler(element!("a[href], area[href]", |el| {
            let href = el.get_attribute("href").unwrap_or_default();
            let new = match href.strip_prefix('#') {
                Some("") => format!("#{}", prefix.trim_end_matches("--")),
                Some(fragment) => format!("#{prefix}{fragment}"),
                None => placeholder('l', &href),
            };
            el.set_attribute("href", &new)?;
            Ok(())
        }))
        .append_element_content_handler(element!(
            "img[src], source[src], video[src], audio[src], track[src], video[poster]",
            |el| {
                for attr in ["src", "poster"] {
                    if let Some(v) = el.get_attribute(attr) {
                        el.set_attribute(attr, &placeholder('f', &v))?;
                    }
                }
                Ok(())
            }
        ));
    rewrite_str(html, settings)
        .map_err(|e| anyhow!("internal error rewriting a page for print: {e}"))
}

/// The root-relative form of a relative URL written on a page in `from_dir` (folders end in
/// `index.html`); `None` for external, absolute or out-of-site URLs, which stay as written.
fn resolve(url: &str, from_dir: &str) -> Option<String> {
    let scheme = url.find(':').is_some_and(|i| {
        url[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if url.is_empty() || url.starts_with('/') || scheme {
        return None;
    }
    let split = url.find(['#', '?']).unwrap_or(url.len());
    let (path, rest) = url.split_at(split);
    let mut parts: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if path.is_empty() || path.ends_with('/') || path.ends_with("/.") || path == "." {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Some(format!("{out}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_with(targets: HashMap<String, String>) -> Document {
        Document {
            targets,
            page_root: "../".into(),
        }
    }

    #[test]
    fn resolves_relative_urls_against_the_page_folder() {
        assert_eq!(
            resolve("../../b/x/index.html#s", "a/y/").as_deref(),
            Some("b/x/index.html#s")
        );
        assert_eq!(
            resolve("img/d.png", "a/y/").as_deref(),
            Some("a/y/img/d.png")
        );
        assert_eq!(resolve("../", "a/y/").as_deref(), Some("a/index.html"));
        assert_eq!(resolve("../../../x", "a/y/"), None, "leaves the site");
        assert_eq!(resolve("https://x.org/a", "a/"), None);
        assert_eq!(resolve("mailto:a@b.c", "a/"), None);
        assert_eq!(resolve("/abs", "a/"), None);
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

    #[test]
    fn one_fragment_serves_documents_with_different_contents() {
        let html = "<p id=\"p\"><a href=\"../b/index.html#s\">b</a> <img src=\"d.png\" alt=\"\"> \u{E000}</p>";
        let fragment = fragment(html, "a/", "ch-a--").unwrap();
        let mut book = String::new();
        let targets = HashMap::from([("b/index.html".to_string(), "ch-b".to_string())]);
        doc_with(targets).resolve_into(&mut book, &fragment);
        assert!(book.contains("href=\"#ch-b--s\""), "{book}");
        assert!(book.contains("src=\"../a/d.png\""), "{book}");
        assert!(book.contains("id=\"ch-a--p\""), "{book}");
        let mut part = String::new();
        doc_with(HashMap::new()).resolve_into(&mut part, &fragment);
        assert!(part.contains("href=\"../b/index.html#s\""), "{part}");
        assert!(
            part.contains("&#xE000;"),
            "text that looks like a placeholder stays text: {part}"
        );
    }

    #[test]
    fn splices_chapters_into_the_rendered_page() {
        let view = BookView {
            part: false,
            intro: None,
            contents: Vec::new(),
            sections: Vec::new(),
            checklists: Vec::new(),
            digest: 0,
            chapters: vec![Arc::from("<p>one</p>"), Arc::from("<p>two</p>")],
            doc: Document::default(),
        };
        let page = format!("<main>{MARKER}1--><hr>{MARKER}0-->{MARKER}9--></main>");
        assert_eq!(
            view.splice(&page),
            format!("<main><p>two</p><hr><p>one</p>{MARKER}9--></main>")
        );
    }
}
