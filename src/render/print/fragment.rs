//! Chapter HTML rewritten for the print documents, once per build: every id gets the
//! chapter's prefix and every relative URL becomes a placeholder naming its root-relative
//! target, which each document that contains the chapter resolves with a plain scan
//! (`resolve_into`). lol_html does the rewriting; nothing here knows about documents.
use super::chapter_anchor;
use crate::markdown::embed_marker;
use crate::site::{Chapter, Site, root_prefix};
use anyhow::{Result, anyhow};
use lol_html::html_content::Element;
use lol_html::{HandlerResult, RewriteStrSettings, element, rewrite_str};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// In a fragment, `OPEN l target END` is a link to the root-relative `target` (which becomes
/// `#anchor` when the document contains that page) and `OPEN f target END` a file URL. These
/// private-use characters are escaped wherever the HTML itself contains them; one opening
/// character keeps the scan for placeholders a `memchr`.
const OPEN: char = '\u{E000}';
const END: char = '\u{E001}';

/// Every chapter rewritten for print, shared by the documents of one build; `serve` keeps
/// them while a chapter's HTML, place and embedded checklists stay the same.
pub(crate) type Fragments = crate::hash::Reuse<Arc<str>>;

/// The fragment of every chapter of `site`, by chapter index, rewritten in parallel.
pub(crate) fn all(site: &Site, cache: Option<&Fragments>) -> Result<Vec<Arc<str>>> {
    let chapters: Vec<(&Chapter, Vec<(String, String)>)> = site
        .chapters
        .iter()
        .map(|ch| (ch, embed_notes(site, ch)))
        .collect();
    let key = |(ch, notes): &(&Chapter, Vec<(String, String)>)| {
        let mut h = crate::hash::key_hasher();
        (&ch.out_dir, &ch.rendered.html, notes).hash(&mut h);
        h.finish()
    };
    Fragments::all(cache, &chapters, key, |(ch, notes)| {
        chapter_fragment(ch, notes).map(Arc::from)
    })
}

/// For each checklist a chapter embeds: its marker and the note printed in its place (the
/// checklist itself is printed in full with the others).
fn embed_notes(site: &Site, ch: &Chapter) -> Vec<(String, String)> {
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

fn chapter_fragment(ch: &Chapter, notes: &[(String, String)]) -> Result<String> {
    let mut html = ch.rendered.html.clone();
    for (marker, note) in notes {
        html = html.replacen(marker, note, 1);
    }
    let prefix = format!("{}--", chapter_anchor(&ch.out_dir));
    fragment(&html, &ch.out_dir, &prefix)
}

/// HTML rendered for a page in `from_dir`, made independent of the document it goes into:
/// every id gets `prefix`, in-page links follow, and every other relative URL becomes a
/// placeholder naming its root-relative target (`Document::resolve_into` finishes the job).
pub(super) fn fragment(html: &str, from_dir: &str, prefix: &str) -> Result<String> {
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
    let mut out = crate::site::join(from_dir, path)?
        .trim_end_matches('/')
        .to_string();
    if path.is_empty() || path.ends_with('/') || path.ends_with("/.") || path == "." {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Some(format!("{out}{rest}"))
}

/// Appends `fragment` with its placeholders resolved: links to pages in `targets` (root-relative
/// href → anchor) become `#anchor` (or `#anchor--fragment`), other URLs are re-based on the
/// page, `page_root` (`../` per folder) away from the root.
pub(super) fn resolve_into(
    out: &mut String,
    fragment: &str,
    targets: &HashMap<String, String>,
    page_root: &str,
) {
    let mut rest = fragment;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len_utf8()..];
        let link = after.starts_with('l');
        let after = after.get(1..).unwrap_or_default();
        let (target, tail) = after.split_once(END).unwrap_or((after, ""));
        let (path, hash) = target.split_once('#').unwrap_or((target, ""));
        match targets.get(path).filter(|_| link) {
            Some(anchor) => {
                out.push('#');
                out.push_str(anchor);
                if !hash.is_empty() {
                    out.push_str("--");
                    out.push_str(hash);
                }
            }
            None => {
                out.push_str(page_root);
                out.push_str(target);
            }
        }
        rest = tail;
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(resolve("../", "a/").as_deref(), Some("index.html"));
        assert_eq!(resolve("./#top", "a/").as_deref(), Some("a/index.html#top"));
        assert_eq!(resolve("../../../x", "a/y/"), None, "leaves the site");
        assert_eq!(resolve("https://x.org/a", "a/"), None);
        assert_eq!(resolve("mailto:a@b.c", "a/"), None);
        assert_eq!(resolve("/abs", "a/"), None);
    }

    #[test]
    fn one_fragment_serves_documents_with_different_contents() {
        let html = "<p id=\"p\"><a href=\"../b/index.html#s\">b</a> <img src=\"d.png\" alt=\"\"> \u{E000}</p>";
        let fragment = fragment(html, "a/", "ch-a--").unwrap();
        let mut book = String::new();
        let targets = HashMap::from([("b/index.html".to_string(), "ch-b".to_string())]);
        resolve_into(&mut book, &fragment, &targets, "../");
        assert!(book.contains("href=\"#ch-b--s\""), "{book}");
        assert!(book.contains("src=\"../a/d.png\""), "{book}");
        assert!(book.contains("id=\"ch-a--p\""), "{book}");
        let mut part = String::new();
        resolve_into(&mut part, &fragment, &HashMap::new(), "../");
        assert!(part.contains("href=\"../b/index.html#s\""), "{part}");
        assert!(
            part.contains("&#xE000;"),
            "text that looks like a placeholder stays text: {part}"
        );
    }
}
