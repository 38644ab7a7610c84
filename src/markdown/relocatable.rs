//! The page's HTML once more, written so that a document gathering many pages (the print
//! documents) can rename its ids and re-base its links with a plain scan instead of parsing
//! the HTML again: every id and in-page link carries a marker where the page's prefix goes,
//! and every link URL is wrapped as written. Pages with raw HTML or images are not written
//! this way (`None`); their HTML is rewritten by an HTML parser instead.
//!
//! Markers, between the private-use characters `MARK` and `END`:
//! - `MARK p END`: the page's id prefix, in front of every id and `#fragment`;
//! - `MARK a END`: the page's own anchor (a link to `#` alone);
//! - `MARK u URL END`: a link's URL, escaped for the attribute;
//! - `MARK e ID END`: where checklist ID is embedded.
use pulldown_cmark::{CowStr, Event, LinkType, Tag};

pub(crate) const MARK: char = '\u{E000}';
pub(crate) const END: char = '\u{E001}';

/// The marker standing for the page's id prefix.
pub(crate) const PREFIX: &str = "\u{E000}p\u{E001}";

/// The marker of an embedded checklist.
pub(crate) fn embed(id: &str) -> String {
    format!("{MARK}e{id}{END}")
}

/// `id` with the prefix marker in front.
pub(crate) fn id(id: &str) -> String {
    format!("{PREFIX}{id}")
}

/// The page's own HTML from its relocatable form: ids without a prefix, links as written,
/// checklists' markers as the page has them (`embed_marker`). `Rendered::shed_html` checks
/// that this gives the page's HTML byte for byte before relying on it.
pub(crate) fn for_page(relocatable: &str) -> String {
    let mut out = String::with_capacity(relocatable.len());
    let mut rest = relocatable;
    while let Some((before, code, body, tail)) = next_marker(rest) {
        out.push_str(before);
        match code {
            b'u' => out.push_str(body),
            b'e' => out.push_str(&super::embed_marker(body)),
            // `p` (the id prefix) and `a` (the page's own anchor) are empty on the page.
            _ => {}
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The first marker of `text` (or placeholder, which print writes the same way): the text
/// before it, its code, its body and the text after it.
pub(crate) fn next_marker(text: &str) -> Option<(&str, u8, &str, &str)> {
    let at = text.find(MARK)?;
    let after = &text[at + MARK.len_utf8()..];
    let code = after.as_bytes().first().copied().unwrap_or(b' ');
    let after = after.get(1..).unwrap_or_default();
    let (body, tail) = after.split_once(END).unwrap_or((after, ""));
    Some((&text[..at], code, body, tail))
}

/// The relocatable form of the events of a page, or `None` when an event cannot be written
/// this way. `swaps` replace the events at their indexes (the headings, which carry ids).
pub(crate) fn events<'a>(out: &[Event<'a>], swaps: &[(usize, String)]) -> Option<Vec<Event<'a>>> {
    let mut swaps = swaps.iter().peekable();
    let mut events = Vec::with_capacity(out.len());
    for (i, event) in out.iter().enumerate() {
        if let Some((_, html)) = swaps.next_if(|(at, _)| *at == i) {
            events.push(Event::Html(html.clone().into()));
            continue;
        }
        events.push(match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => Event::Html(link_open(*link_type, dest_url, title).into()),
            Event::FootnoteReference(name) => Event::FootnoteReference(id(name).into()),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                Event::Start(Tag::FootnoteDefinition(id(name).into()))
            }
            Event::Start(Tag::Image { .. }) | Event::InlineHtml(_) => return None,
            e => e.clone(),
        });
    }
    Some(events)
}

/// `<a href=… title=…>` as pulldown-cmark writes it, with the URL marked.
fn link_open(link_type: LinkType, dest: &CowStr<'_>, title: &CowStr<'_>) -> String {
    let mut href = String::new();
    if link_type == LinkType::Email {
        href.push_str("mailto:");
    }
    href.push_str(&crate::html::escape_href(dest));
    let mut out = String::with_capacity(href.len() + 24);
    out.push_str("<a href=\"");
    match href.strip_prefix('#') {
        Some("") => {
            out.push_str("#\u{E000}a\u{E001}");
        }
        Some(fragment) => {
            out.push('#');
            out.push_str(PREFIX);
            out.push_str(fragment);
        }
        None => {
            out.push(MARK);
            out.push('u');
            out.push_str(&href);
            out.push(END);
        }
    }
    if !title.is_empty() {
        out.push_str("\" title=\"");
        crate::html::escape_into(&mut out, title);
    }
    out.push_str("\">");
    out
}
