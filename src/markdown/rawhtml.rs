//! URLs in HTML: which attributes of which elements hold one, and rewriting them all with
//! one function. The Markdown pass uses it for raw HTML written in a page (`<img src>`,
//! `<a href>`, `<source srcset>`…), so those links are rewritten, copied and checked exactly
//! like Markdown links; the print documents use it to re-base every URL of a page. Knows
//! nothing of pages or sites: the caller's function decides each URL.
use lol_html::html_content::Element;
use lol_html::{HandlerResult, RewriteStrSettings, element, rewrite_str};

/// The elements with a URL attribute that a page may hold.
pub(crate) const SELECTOR: &str = "a[href], area[href], img[src], img[srcset], source[src], source[srcset], video[src], video[poster], audio[src], track[src], object[data]";

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
        .append_element_content_handler(element!(SELECTOR, |el| {
            let at = el.source_location().bytes().start;
            map_urls(el, &mut |url, kind| map(url, kind, at))
        }));
    // lol_html fails only on a handler's error or a memory limit; the HTML as written is
    // then the best there is.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// An attribute value as written, with the entities a URL may hold decoded.
pub(crate) fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
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

    #[test]
    fn decodes_entities_of_urls() {
        assert_eq!(decode("a.md?x=1&amp;y=2"), "a.md?x=1&y=2");
        assert_eq!(decode("plain.png"), "plain.png");
    }
}
