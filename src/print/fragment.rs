//! Chapter HTML made ready for the print documents, once per build. A chapter written in
//! relocatable form by the Markdown pass (`markdown::relocatable`) is taken as it is: its
//! markers are resolved as each document writes it. Any other chapter (raw HTML, images) is
//! rewritten by lol_html: every id gets the chapter's prefix and every relative URL becomes a
//! placeholder naming its root-relative target. Each document that contains the chapter
//! resolves both kinds with a plain scan (`resolve_into`). Nothing here knows about documents.
use super::chapter_anchor;
use crate::markdown::rawhtml::{self, UrlKind};
use crate::markdown::relocatable::{END, MARK as OPEN, next_marker};
use crate::markdown::{Rendered, embed_marker};
use crate::site::{Chapter, Site};
use crate::url;
use anyhow::{Result, anyhow};
use lol_html::html_content::Element;
use lol_html::{HandlerResult, RewriteStrSettings, rewrite_str};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A chapter as the print documents take it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) enum Fragment {
    /// Rewritten by lol_html. `OPEN l target END` is a link to the root-relative `target`
    /// (which becomes `#anchor` when the document contains that page), `OPEN f target END` a
    /// file URL. These characters (those of `relocatable`'s markers) are escaped wherever the
    /// HTML itself contains them; one opening character keeps the scan for placeholders a
    /// `memchr`.
    Rewritten(crate::shared::SharedStr),
    /// The chapter's relocatable HTML and what resolving its markers needs.
    Relocatable(Arc<Relocatable>),
}

/// A chapter's relocatable HTML with what its markers stand for.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Relocatable {
    /// Shared with the chapter's `Rendered`: not copied, and unpacked only when a document
    /// that holds the chapter is written.
    html: crate::shared::PackedStr,
    /// The chapter's folder, which its URLs are relative to.
    from_dir: String,
    /// The chapter's anchor; its ids are prefixed with it and `--`.
    anchor: String,
    /// Checklist id → the note printed where the chapter embeds it (with `l` placeholders).
    notes: Vec<(String, String)>,
}

/// Every chapter made ready for print, shared by the documents of one build; `serve` keeps
/// them while a chapter's HTML, place and embedded checklists stay the same.
pub(crate) type Fragments = crate::hash::Reuse<Fragment>;

/// The fragments worth keeping in the build cache: those lol_html rewrote. A relocatable one
/// only wraps its chapter's HTML, which the cached Markdown holds already, and is made again
/// for nothing.
pub(crate) fn worth_keeping(cache: &Fragments) -> Fragments {
    let all = cache.0.lock().unwrap_or_else(|e| e.into_inner());
    let kept = (all.iter())
        .filter(|(_, f)| matches!(f, Fragment::Rewritten(_)))
        .map(|(k, f)| (*k, f.clone()))
        .collect();
    crate::hash::Reuse(std::sync::Mutex::new(kept))
}

/// Every chapter's fragment, by chapter index, with the key it was made from: the key stands
/// for the fragment wherever a document's content is hashed.
pub(crate) struct Prepared {
    pub(crate) fragments: Vec<Fragment>,
    pub(crate) keys: Vec<u64>,
}

/// The fragment of every chapter of `site`, by chapter index, made in parallel. A fragment
/// is keyed by the chapter's digest (which stands for its rendered HTML), its folder and the
/// checklists it embeds.
pub(crate) fn all(site: &Site, cache: Option<&Fragments>) -> Result<Prepared> {
    let chapters: Vec<(&Chapter, Vec<Note>)> = site
        .chapters
        .iter()
        .map(|ch| (ch, embed_notes(site, ch)))
        .collect();
    let key = |(ch, notes): &(&Chapter, Vec<Note>)| {
        let mut h = crate::hash::key_hasher();
        (&ch.out_dir, ch.rendered.digest, notes).hash(&mut h);
        h.finish()
    };
    let keys = chapters.iter().map(key).collect();
    let fragments = Fragments::all(cache, &chapters, key, |(ch, notes)| {
        chapter_fragment(ch, notes)
    })?;
    Ok(Prepared { fragments, keys })
}

/// A checklist a chapter embeds: its id, and where it lives (root-relative) and its title.
#[derive(Hash)]
struct Note {
    id: String,
    href: String,
    title: String,
}

impl Note {
    fn html(&self, href: &str) -> String {
        format!(
            "<p class=\"print-embed\"><strong>Checklist:</strong> <a href=\"{href}\">{}</a> (printed in full with the checklists)</p>",
            crate::html::escape(&self.title)
        )
    }
}

/// The checklists a chapter embeds (the checklist itself is printed in full with the others;
/// a note stands in its place).
fn embed_notes(site: &Site, ch: &Chapter) -> Vec<Note> {
    ch.rendered
        .embeds
        .iter()
        .filter_map(|e| Some((e, site.checklist(&e.id)?)))
        .map(|(e, cl)| Note {
            id: e.id.clone(),
            href: url::page(&cl.out_dir),
            title: cl.title.clone(),
        })
        .collect()
}

fn chapter_fragment(ch: &Chapter, notes: &[Note]) -> Result<Fragment> {
    page_fragment(&ch.rendered, &ch.out_dir, notes)
}

/// The fragment of a page rendered in `out_dir`, which embeds the checklists of `notes`.
fn page_fragment(rendered: &Rendered, out_dir: &str, notes: &[Note]) -> Result<Fragment> {
    let anchor = chapter_anchor(out_dir);
    if let Some(html) = &rendered.relocatable {
        return Ok(Fragment::Relocatable(Arc::new(Relocatable {
            html: html.clone(),
            from_dir: out_dir.to_string(),
            notes: notes
                .iter()
                .map(|n| (n.id.clone(), n.html(&format!("{OPEN}l{}{END}", n.href))))
                .collect(),
            anchor,
        })));
    }
    let mut html = rendered.page_html().into_owned();
    let back = url::root_prefix(out_dir);
    for n in notes {
        html = html.replacen(
            &embed_marker(&n.id),
            &n.html(&format!("{back}{}", n.href)),
            1,
        );
    }
    fragment(&html, out_dir, &format!("{anchor}--")).map(|f| Fragment::Rewritten(f.into()))
}

/// For the fuzzers and property tests: a page written in relocatable form prints exactly as
/// lol_html's rewrite of its HTML does, in a document that contains the pages of `targets`
/// and in one that contains none. Each embedded checklist gets a note.
#[doc(hidden)]
pub(crate) fn assert_relocatable_matches(
    rendered: &Rendered,
    out_dir: &str,
    targets: &[(&str, &str)],
) {
    if rendered.relocatable.is_none() {
        return;
    }
    let notes: Vec<Note> = rendered
        .embeds
        .iter()
        .map(|e| Note {
            id: e.id.clone(),
            href: url::page(&url::checklist_dir(&e.id)),
            title: format!("Checklist {}", e.id),
        })
        .collect();
    let mut parsed = rendered.clone();
    parsed.relocatable = None;
    let (Ok(fast), Ok(slow)) = (
        page_fragment(rendered, out_dir, &notes),
        page_fragment(&parsed, out_dir, &notes),
    ) else {
        panic!("a page could not be made ready for print");
    };
    let targets: HashMap<String, String> = targets
        .iter()
        .map(|(href, anchor)| (href.to_string(), anchor.to_string()))
        .collect();
    for targets in [HashMap::new(), targets] {
        let (mut a, mut b) = (String::new(), String::new());
        resolve_into(&mut a, &fast, &targets, "../");
        resolve_into(&mut b, &slow, &targets, "../");
        assert_eq!(a, b, "relocatable and rewritten print HTML differ");
    }
}

/// The elements whose ids `fragment` prefixes, parsed once (`rawhtml::URLS`).
struct Selectors {
    ids: lol_html::Selector,
    names: lol_html::Selector,
}

static SELECTORS: std::sync::LazyLock<Selectors> = std::sync::LazyLock::new(|| Selectors {
    ids: rawhtml::parsed("[id], [for], [aria-labelledby], [aria-describedby]"),
    names: rawhtml::parsed("a[name]"),
});

/// HTML rendered for a page in `from_dir`, made independent of the document it goes into:
/// every id gets `prefix`, in-page links follow, and every other relative URL becomes a
/// placeholder naming its root-relative target (`Document::resolve_into` finishes the job).
pub(super) fn fragment(html: &str, from_dir: &str, prefix: &str) -> Result<String> {
    if !html.contains(['<', OPEN, END]) {
        // No element, so nothing to rewrite (most checklist items): spares lol_html's setup.
        return Ok(html.to_string());
    }
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
    let placeholder = |kind: char, link: &str| match url::resolve(from_dir, link) {
        Some(target) => format!("{OPEN}{kind}{target}{END}"),
        None => link.to_string(),
    };
    let settings = RewriteStrSettings::new()
        .with_enable_esi_tags(false)
        .append_element_content_handler(rawhtml::on(&SELECTORS.ids, |el| {
            for attr in ["id", "for", "aria-labelledby", "aria-describedby"] {
                prefix_ids(el, attr)?;
            }
            Ok(())
        }))
        // `<a name>` is a fragment target too (check counts it as one).
        .append_element_content_handler(rawhtml::on(&SELECTORS.names, |el| prefix_ids(el, "name")))
        .append_element_content_handler(rawhtml::on_urls(|el| {
            rawhtml::map_urls(el, &mut |link, kind| {
                Some(match (kind, link.strip_prefix('#')) {
                    (UrlKind::Link, Some("")) => format!("#{}", prefix.trim_end_matches("--")),
                    (UrlKind::Link, Some(fragment)) => format!("#{prefix}{fragment}"),
                    (UrlKind::Link, None) => placeholder('l', link),
                    (UrlKind::File, _) => placeholder('f', link),
                })
            })
        }));
    rewrite_str(html, settings)
        .map_err(|e| anyhow!("internal error rewriting a page for print: {e}"))
}

/// Appends `fragment` with its placeholders resolved: links to pages in `targets` (root-relative
/// href → anchor) become `#anchor` (or `#anchor--fragment`), other URLs are re-based on the
/// page, `page_root` (`../` per folder) away from the root.
pub(super) fn resolve_into(
    out: &mut String,
    fragment: &Fragment,
    targets: &HashMap<String, String>,
    page_root: &str,
) {
    let scan = Scan { targets, page_root };
    match fragment {
        Fragment::Rewritten(text) => scan.write(out, text, None),
        Fragment::Relocatable(chapter) => scan.write(out, &chapter.html, Some(chapter)),
    }
}

/// What resolving placeholders needs to know of the document.
struct Scan<'a> {
    targets: &'a HashMap<String, String>,
    page_root: &'a str,
}

impl Scan<'_> {
    /// Appends `text` with its placeholders resolved; `chapter` resolves relocatable markers.
    fn write(&self, out: &mut String, text: &str, chapter: Option<&Relocatable>) {
        let mut rest = text;
        while let Some((before, code, body, tail)) = next_marker(rest) {
            out.push_str(before);
            match (code, chapter) {
                (b'l', _) => self.target(out, body, true),
                (b'f', _) => self.target(out, body, false),
                (b'p', Some(c)) => {
                    out.push_str(&c.anchor);
                    out.push_str("--");
                }
                (b'a', Some(c)) => out.push_str(&c.anchor),
                (b'u', Some(c)) => match url::resolve(&c.from_dir, body) {
                    Some(target) => self.target(out, &target, true),
                    None => out.push_str(body),
                },
                (b'e', Some(c)) => {
                    if let Some((_, note)) = c.notes.iter().find(|(id, _)| id == body) {
                        self.write(out, note, None);
                    }
                }
                _ => {}
            }
            rest = tail;
        }
        out.push_str(rest);
    }

    /// A root-relative `target`: `#anchor` when a link into the document, else re-based.
    fn target(&self, out: &mut String, target: &str, link: bool) {
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
                out.push_str(self.page_root);
                out.push_str(target);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_fragment_serves_documents_with_different_contents() {
        let html = "<p id=\"p\"><a href=\"../b/index.html#s\">b</a> <img src=\"d.png\" alt=\"\"> \u{E000}<a name=\"n\"></a></p>";
        let fragment = Fragment::Rewritten(fragment(html, "a/", "ch-a--").unwrap().into());
        let mut book = String::new();
        let targets = HashMap::from([("b/index.html".to_string(), "ch-b".to_string())]);
        resolve_into(&mut book, &fragment, &targets, "../");
        assert!(book.contains("href=\"#ch-b--s\""), "{book}");
        assert!(book.contains("src=\"../a/d.png\""), "{book}");
        assert!(book.contains("id=\"ch-a--p\""), "{book}");
        assert!(book.contains("name=\"ch-a--n\""), "{book}");
        let mut part = String::new();
        resolve_into(&mut part, &fragment, &HashMap::new(), "../");
        assert!(part.contains("href=\"../b/index.html#s\""), "{part}");
        assert!(
            part.contains("&#xE000;"),
            "text that looks like a placeholder stays text: {part}"
        );
    }

    struct AsWritten;

    impl crate::markdown::Links for AsWritten {
        fn resolve(&self, _dest: &str) -> crate::markdown::LinkTarget {
            crate::markdown::LinkTarget::Keep
        }
    }

    /// The fast path (relocatable HTML from the Markdown pass) prints exactly what lol_html
    /// makes of the page's HTML, in documents that do and do not contain the linked pages.
    #[test]
    fn relocatable_pages_print_as_rewritten_ones() {
        let md = "Intro [top](#) and [self](#deep--dark).[^n]\n\n## Deep & *dark*\n\nSee [b](../../b/x/index.html#s \"T & t\"), [b again](../../b/x/), [mail](mailto:a@b.c), [ext](https://e.org/?a=1&b=2), [up](../../../x) and <https://auto.org>.\n\n<!-- checklist: c1 -->\n\n- [ ] a task with `code`\n\n| a | b |\n|---|---|\n| [t](../y/index.html) | 2 |\n\n```rust\nfn x() {}\n```\n\n[^n]: A note linking [b](../../b/x/index.html).\n";
        let opts = crate::markdown::Options {
            smart_punctuation: true,
            ..Default::default()
        };
        let rendered = crate::markdown::render(md, 1, &opts, &AsWritten, false);
        assert!(rendered.relocatable.is_some());
        let mut parsed = rendered.clone();
        parsed.relocatable = None;
        let notes = [Note {
            id: "c1".into(),
            href: "checklists/c1/index.html".into(),
            title: "Check <one>".into(),
        }];
        let fast = page_fragment(&rendered, "a/y/", &notes).unwrap();
        let slow = page_fragment(&parsed, "a/y/", &notes).unwrap();
        assert!(matches!(fast, Fragment::Relocatable(_)) && matches!(slow, Fragment::Rewritten(_)));
        let with_b = HashMap::from([
            ("b/x/index.html".to_string(), "ch-b-x".to_string()),
            ("checklists/c1/index.html".to_string(), "cl-c1".to_string()),
        ]);
        for targets in [HashMap::new(), with_b] {
            let (mut a, mut b) = (String::new(), String::new());
            resolve_into(&mut a, &fast, &targets, "../");
            resolve_into(&mut b, &slow, &targets, "../");
            assert_eq!(a, b);
            assert!(a.contains("id=\"ch-a-y--deep--dark\""), "{a}");
            assert!(a.contains("Check &lt;one&gt;"), "{a}");
        }
    }
}
