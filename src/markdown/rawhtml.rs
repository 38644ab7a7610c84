//! URLs in HTML: which attributes of which elements hold one, and rewriting them all with
//! one function. The Markdown pass uses it for raw HTML written in a page (`<img src>`,
//! `<a href>`, `<source srcset>`…), so those links are rewritten, copied and checked exactly
//! like Markdown links; the print documents use it to re-base every URL of a page. Knows
//! nothing of pages or sites: the caller's function decides each URL.
use lol_html::html_content::Element;
use lol_html::{ElementContentHandlers, HandlerResult, RewriteStrSettings, Selector, rewrite_str};
use std::borrow::Cow;
use std::sync::LazyLock;

/// The elements with a URL attribute that a page may hold.
pub(crate) const SELECTOR: &str = "a[href], area[href], img[src], img[srcset], source[src], source[srcset], video[src], video[poster], audio[src], track[src], object[data]";

/// `SELECTOR`, parsed once: parsing it took as long as rewriting a checklist item's HTML,
/// which builds do thousands of times.
static URLS: LazyLock<Selector> = LazyLock::new(|| parsed(SELECTOR));

/// `selector` parsed; it is one of this crate's constants, which tests parse.
pub(crate) fn parsed(selector: &str) -> Selector {
    selector
        .parse()
        .unwrap_or_else(|e| panic!("the selector `{selector}` does not parse: {e}"))
}

/// A handler of the elements `selector` matches, for `RewriteStrSettings`: what lol_html's
/// `element!` makes, on a selector parsed beforehand.
pub(crate) fn on<'s, 'h>(
    selector: &'s Selector,
    handler: impl FnMut(&mut Element<'_, '_>) -> HandlerResult + 'h,
) -> (Cow<'s, Selector>, ElementContentHandlers<'h>) {
    (
        Cow::Borrowed(selector),
        ElementContentHandlers::default().element(handler),
    )
}

/// A handler of the elements with a URL (`SELECTOR`).
pub(crate) fn on_urls<'h>(
    handler: impl FnMut(&mut Element<'_, '_>) -> HandlerResult + 'h,
) -> (Cow<'static, Selector>, ElementContentHandlers<'h>) {
    on(&URLS, handler)
}

/// What a URL is for: a link a reader follows, or a file the page loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlKind {
    Link,
    File,
}

/// Calls `map` with every URL of `el` (each candidate of a `srcset` on its own) and puts
/// back what it returns (`None` leaves a URL as it is). Values are passed as written in the
/// HTML (entities not decoded) and must be returned ready for an attribute.
pub(crate) fn map_urls(
    el: &mut Element<'_, '_>,
    map: &mut dyn FnMut(&str, UrlKind) -> Option<String>,
) -> HandlerResult {
    // `<object data>` shows a diagram (an SVG whose text stays selectable), as handbooks do.
    for attr in ["href", "src", "poster", "data"] {
        let Some(value) = el.get_attribute(attr) else {
            continue;
        };
        let kind = if attr == "href" {
            UrlKind::Link
        } else {
            UrlKind::File
        };
        if let Some(new) = map(value.trim(), kind) {
            el.set_attribute(attr, &new)?;
        }
    }
    if let Some(srcset) = el.get_attribute("srcset") {
        let mut changed = false;
        let candidates: Vec<String> = srcset
            .split(',')
            .map(|candidate| {
                let candidate = candidate.trim();
                let (url, descriptor) = candidate
                    .split_once(char::is_whitespace)
                    .unwrap_or((candidate, ""));
                match map(url, UrlKind::File) {
                    Some(new) => {
                        changed = true;
                        format!("{new} {}", descriptor.trim())
                            .trim_end()
                            .to_string()
                    }
                    None => candidate.to_string(),
                }
            })
            .collect();
        if changed {
            el.set_attribute("srcset", &candidates.join(", "))?;
        }
    }
    Ok(())
}

/// `html` with every URL of `SELECTOR`'s elements passed through `map`, which also gets the
/// byte offset in `html` of the tag that holds the URL.
pub(crate) fn rewrite(
    html: &str,
    map: &mut dyn FnMut(&str, UrlKind, usize) -> Option<String>,
) -> String {
    let settings = RewriteStrSettings::new()
        .with_enable_esi_tags(false)
        .append_element_content_handler(on_urls(|el| {
            let at = el.source_location().bytes().start;
            map_urls(el, &mut |url, kind| map(url, kind, at))
        }));
    // lol_html fails only on a handler's error or a memory limit; the HTML as written is
    // then the best there is.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// `html` written for a page in `from_dir`, with every relative URL re-based for a page `root`
/// (`../` per folder) away from the site root (`url::rebase`). A checklist's Markdown is
/// rendered once, for its own page; the checklists index and the chapters that embed it show
/// it from other folders.
pub(crate) fn rebase<'a>(html: &'a str, from_dir: &str, root: &str) -> Cow<'a, str> {
    if !html.contains("href=") && !html.contains("src") {
        return Cow::Borrowed(html);
    }
    let mut map = |link: &str, _| crate::url::rebase(link, from_dir, root);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(on_urls(|el| map_urls(el, &mut map)));
    // Rewriting a string fails only past a memory limit this HTML cannot reach.
    rewrite_str(html, settings).map_or(Cow::Borrowed(html), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_attribute_is_mapped_and_others_are_left_alone() {
        let html = "<p align=\"center\"><img src=\"a.png\" srcset=\"a.png 1x, b.png 2x\" alt=\"A\"></p>\n<picture><source srcset=\"c.webp\"></picture><video src=\"v.mp4\" poster=\"p.png\"></video> <a href=\"d.md#x\" class=\"k\">d</a> <span data-src=\"no.png\" data=\"no2.svg\">s</span> <object data=\"e.svg\"></object>";
        let mut seen = Vec::new();
        let out = rewrite(html, &mut |url, kind, at| {
            seen.push((url.to_string(), kind, html[at..].starts_with('<')));
            Some(format!("new/{url}"))
        });
        assert!(
            out.contains("src=\"new/a.png\" srcset=\"new/a.png 1x, new/b.png 2x\""),
            "{out}"
        );
        assert!(out.contains("<source srcset=\"new/c.webp\">"), "{out}");
        assert!(
            out.contains("src=\"new/v.mp4\" poster=\"new/p.png\""),
            "{out}"
        );
        assert!(out.contains("<a href=\"new/d.md#x\" class=\"k\">"), "{out}");
        assert!(
            out.contains("data-src=\"no.png\" data=\"no2.svg\""),
            "{out}"
        );
        assert!(out.contains("<object data=\"new/e.svg\">"), "{out}");
        assert!(seen.iter().all(|(_, _, at_tag)| *at_tag));
        assert!(seen.contains(&("d.md#x".to_string(), UrlKind::Link, true)));
        assert_eq!(seen.iter().filter(|s| s.1 == UrlKind::File).count(), 7);
    }
}
