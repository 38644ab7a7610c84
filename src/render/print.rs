//! Documents meant for paper: the whole playbook (`print/`), one part (`<part>/print/`) and
//! every checklist (`checklists/print/`), each a single page. Chapters reuse their `Rendered`
//! HTML: ids get a per-chapter prefix (`ch-<slug>--<id>`) so they stay unique, and links into
//! the document become in-page links (lol_html rewrites the attributes). Must not re-parse
//! Markdown, and knows nothing of Tera beyond the views it returns.
use super::context::{ChecklistView, checklist_view};
use crate::markdown::embed_marker;
use crate::site::{Checklist, NavEntry, Site, root_prefix};
use anyhow::{Result, anyhow};
use lol_html::html_content::Element;
use lol_html::{HandlerResult, RewriteStrSettings, element, rewrite_str};
use serde::Serialize;
use std::collections::HashMap;

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

/// The view of a book or part print page. `base` is the absolute site URL, if known.
pub(crate) fn book_view<'a>(
    site: &'a Site,
    scope: Scope,
    base: Option<&str>,
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
    let targets = targets(site, scope, &entries, &chapters, &checklists);
    let page_root = root_prefix(&scope.out_dir(site));
    let doc = Document {
        site,
        targets: &targets,
        page_root: &page_root,
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
    let (contents, sections) = doc.sections(scope, &entries, &chapters)?;
    Ok(BookView {
        part: scope != Scope::Book,
        intro: intro.transpose()?,
        contents,
        sections,
        checklists: checklists
            .into_iter()
            .map(|c| print_checklist(c, base))
            .collect(),
    })
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

/// One print document being assembled: which pages it contains and where it is written.
struct Document<'s, 'd> {
    site: &'s Site,
    /// Root-relative page href (`the-leap/trap/index.html`) → its anchor in the document.
    targets: &'d HashMap<String, String>,
    /// `../` per folder of the print page.
    page_root: &'d str,
}

impl<'s> Document<'s, '_> {
    /// The contents and the sections (part dividers, chapters) in reading order; chapters are
    /// rewritten in parallel.
    fn sections(
        &self,
        scope: Scope,
        entries: &[NavEntry],
        chapters: &[usize],
    ) -> Result<(Vec<ContentsEntry<'s>>, Vec<PrintSection<'s>>)> {
        use rayon::prelude::*;
        let site = self.site;
        let rewritten: Vec<PrintSection<'s>> = chapters
            .par_iter()
            .map(|&c| self.chapter(c))
            .collect::<Result<_>>()?;
        let mut rewritten = rewritten.into_iter();
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
                    sections.extend(rewritten.by_ref().take(part.chapters.len()));
                }
                NavEntry::Part(p) => {
                    contents.extend(site.parts[p].chapters.iter().map(|&c| entry(c)));
                    sections.extend(rewritten.by_ref().take(site.parts[p].chapters.len()));
                }
                NavEntry::Chapter(c) => {
                    contents.push(entry(c));
                    sections.extend(rewritten.by_ref().take(1));
                }
            }
        }
        Ok((contents, sections))
    }

    fn chapter(&self, c: usize) -> Result<PrintSection<'s>> {
        let ch = &self.site.chapters[c];
        let anchor = chapter_anchor(&ch.out_dir);
        let mut html = ch.rendered.html.clone();
        let back = root_prefix(&ch.out_dir);
        for e in &ch.rendered.embeds {
            let Some(cl) = self.site.checklist(&e.id) else {
                continue;
            };
            let note = format!(
                "<p class=\"print-embed\"><strong>Checklist:</strong> <a href=\"{back}{}index.html\">{}</a> (printed in full with the checklists)</p>",
                cl.out_dir,
                crate::markdown::highlight::escape(&cl.title)
            );
            html = html.replacen(&embed_marker(&e.id), &note, 1);
        }
        let html = self.rewrite(&html, &ch.out_dir, &format!("{anchor}--"))?;
        Ok(PrintSection {
            kind: "chapter",
            anchor,
            title: &ch.title,
            description: ch.description.as_deref(),
            html,
        })
    }

    /// Rewrites HTML rendered for a page in `from_dir` so it can sit inside this document:
    /// every id gets `prefix`, in-page links follow, links to pages in the document become
    /// `#anchor` (or `#anchor--fragment`), and other relative URLs are re-based.
    fn rewrite(&self, html: &str, from_dir: &str, prefix: &str) -> Result<String> {
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
                el.set_attribute("href", &self.link(&href, from_dir, prefix))?;
                Ok(())
            }))
            .append_element_content_handler(element!(
                "img[src], source[src], video[src], audio[src], track[src], video[poster]",
                |el| {
                    for attr in ["src", "poster"] {
                        if let Some(v) = el.get_attribute(attr) {
                            el.set_attribute(attr, &self.rebase(&v, from_dir))?;
                        }
                    }
                    Ok(())
                }
            ));
        rewrite_str(html, settings)
            .map_err(|e| anyhow!("internal error rewriting a page for print: {e}"))
    }

    /// Where a link written on a page in `from_dir` points from inside the document.
    fn link(&self, href: &str, from_dir: &str, prefix: &str) -> String {
        if let Some(fragment) = href.strip_prefix('#') {
            return if fragment.is_empty() {
                format!("#{}", prefix.trim_end_matches("--"))
            } else {
                format!("#{prefix}{fragment}")
            };
        }
        let Some(target) = resolve(href, from_dir) else {
            return href.to_string();
        };
        let (path, fragment) = target.split_once('#').unwrap_or((&target, ""));
        match self.targets.get(path) {
            Some(anchor) if fragment.is_empty() => format!("#{anchor}"),
            Some(anchor) => format!("#{anchor}--{fragment}"),
            None => format!("{}{target}", self.page_root),
        }
    }

    /// A relative URL written on a page in `from_dir`, made relative to the print page.
    fn rebase(&self, url: &str, from_dir: &str) -> String {
        match resolve(url, from_dir) {
            Some(target) => format!("{}{target}", self.page_root),
            None => url.to_string(),
        }
    }
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

    fn doc_with<'a>(site: &'a Site, targets: &'a HashMap<String, String>) -> Document<'a, 'a> {
        Document {
            site,
            targets,
            page_root: "../",
        }
    }

    fn empty_site() -> Site {
        Site {
            home: None,
            parts: Vec::new(),
            chapters: Vec::new(),
            checklists: Vec::new(),
            checklists_intro: None,
            nav: Vec::new(),
            tags: Default::default(),
            assets: Vec::new(),
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
        let site = empty_site();
        let mut targets = HashMap::new();
        targets.insert("b/x/index.html".to_string(), "ch-b-x".to_string());
        targets.insert("checklists/c/index.html".to_string(), "cl-c".to_string());
        let doc = doc_with(&site, &targets);
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
}
