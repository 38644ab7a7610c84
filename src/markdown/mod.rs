//! Markdown to HTML in one pass per page: heading ids (unique per page) and the table of
//! contents, GitHub-style callouts, `.md` links rewritten through a `Links` lookup, syntect
//! code blocks, checklist embed directives, and the plain text of each section for search.
//! It knows nothing of parts, templates or output paths: the caller's `Links` decides URLs.
mod footnotes;
pub(crate) mod highlight;
pub(crate) mod html_policy;
pub(crate) mod ids;
mod lead;
mod links;
mod pass;
pub(crate) mod rawhtml;
pub(crate) mod relocatable;
mod tasks;
mod text;

use crate::diagnostics::LineIndex;
use crate::slug::UniqueIds;
pub(crate) use links::{LinkRef, LinkTarget, Links, Problem};
use pass::Pass;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, LinkType, Options as CmarkOptions, Parser, Tag, TagEnd,
};
use std::ops::Range;
pub(crate) use tasks::Task;

/// Rendering switches from `site.toml`'s `[markdown]` table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct Options {
    pub(crate) smart_punctuation: bool,
    /// What the author's HTML becomes (`html_policy.rs`).
    pub(crate) raw_html: crate::config::RawHtml,
}

/// A heading of the page, for the table of contents and search.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// The plain text under one heading (or before the first one, with `heading: None`).
/// Navigation lists (`navigation_list`) are left out of `text`: their words are the titles of
/// other pages, which those pages are found by.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Section {
    pub(crate) heading: Option<Heading>,
    /// Kept compressed by the build cache (`crate::shared::PackedStr`): only the pages whose
    /// search entries are made again read it.
    pub(crate) text: crate::shared::PackedStr,
    /// The section holds a navigation list ("Related", "See also"): with no text besides, it
    /// is navigation, not content.
    pub(crate) navigation: bool,
}

/// A checklist directive found in the body: `<!-- checklist: ID -->` on its own line.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Embed {
    pub(crate) id: String,
    pub(crate) line: usize,
    /// Column of the id in its line.
    pub(crate) col: usize,
}

/// Everything later stages need from one Markdown document; parsed once, reused for the
/// page, the search index and the print page.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Rendered {
    /// The page's HTML; empty once `shed_html` let it go for `relocatable`, so read it with
    /// `page_html`.
    pub(crate) html: String,
    /// `html` was let go: `relocatable` gives it back (`page_html`).
    pub(crate) html_shed: bool,
    /// `##` and `###` headings.
    pub(crate) toc: Vec<Heading>,
    pub(crate) sections: Vec<Section>,
    /// The text of the heading that titles the page (`lead::title_heading`), removed from
    /// `html` (the template shows the title).
    pub(crate) h1: Option<String>,
    /// The id of that heading, kept in `html` by `title_anchor`.
    pub(crate) title_id: Option<String>,
    pub(crate) embeds: Vec<Embed>,
    /// Linked files that must be copied: (content-relative source, output path).
    pub(crate) assets: Vec<(String, String)>,
    pub(crate) links: Vec<LinkRef>,
    /// Every id a `#fragment` can point at.
    pub(crate) anchors: Vec<String>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) words: usize,
    /// `html` written for documents that gather pages (`relocatable`); `None` when the page
    /// has raw HTML or images.
    /// Kept compressed by the build cache (`crate::shared::PackedStr`): only the pages
    /// rendered again and the print documents written again read it.
    pub(crate) relocatable: Option<crate::shared::PackedStr>,
    /// Stands for the content: a hash of everything it was rendered from (set by the
    /// pipeline), changed by every later rewrite (`site::fragments`). Pages are cached by it.
    pub(crate) digest: u64,
    /// The items of its task lists, when they are a checklist (`Page::tasks`).
    pub(crate) tasks: Vec<Task>,
    /// Nothing on the page but its title (`is_empty`), decided once when rendered: a check on
    /// every build would otherwise rebuild every page's HTML from its relocatable form.
    pub(crate) empty: bool,
}

/// A whole page's Markdown and what it is rendered as.
pub(crate) struct Page<'a> {
    pub(crate) body: &'a str,
    /// The line of its file on which `body` starts.
    pub(crate) first_line: usize,
    /// The page has a title already (front matter), so only a leading `# H1` is taken as
    /// the title, not an H2.
    pub(crate) titled: bool,
    /// The id of the checklist its task lists make (ticks saved in the browser); `None`
    /// renders them as disabled boxes.
    pub(crate) tasks: Option<&'a str>,
}

/// Where the heading that titles a page was: an empty element that keeps its id.
pub(crate) fn title_anchor(id: &str) -> String {
    format!("<span id=\"{id}\"></span>\n")
}

/// The placeholder left in `html` where a checklist is embedded; `render` replaces it.
pub(crate) fn embed_marker(id: &str) -> String {
    format!("<!--playbook:checklist:{id}-->")
}

fn cmark_options(opts: &Options) -> CmarkOptions {
    let mut o = CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
        | CmarkOptions::ENABLE_GFM;
    if opts.smart_punctuation {
        o |= CmarkOptions::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Renders a document whose first line is line `first_line` of its file. `titled`: the page
/// has a title already (front matter), so only a leading `# H1` is taken as the title, not
/// an H2.
pub(crate) fn render(
    body: &str,
    first_line: usize,
    opts: &Options,
    links: &dyn Links,
    titled: bool,
) -> Rendered {
    let page = Page {
        body,
        first_line,
        titled,
        tasks: None,
    };
    render_page(&page, opts, links)
}

/// Renders a page (`render`, with its task lists as a checklist when `page.tasks` says so).
pub(crate) fn render_page(page: &Page<'_>, opts: &Options, links: &dyn Links) -> Rendered {
    let Page {
        body,
        first_line,
        titled,
        tasks,
    } = *page;
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, cmark_options(opts))
        .into_offset_iter()
        .collect();
    let mut pass = Pass {
        body,
        smart: opts.smart_punctuation,
        title_at: lead::title_heading(&events, titled),
        first_line,
        lines: LineIndex::new(body),
        links,
        out: Vec::with_capacity(events.len()),
        doc: Rendered::default(),
        ids: UniqueIds::default(),
        callouts: Vec::new(),
        swaps: Vec::new(),
        raw_html: false,
        lists: Vec::new(),
        footnotes: Default::default(),
        in_link: 0,
        policy: opts.raw_html,
        tasks,
        task_ids: UniqueIds::default(),
        task_lists: Vec::new(),
        in_task_list: false,
        text: String::new(),
    };
    pass.doc.sections.push(Section::default());
    let mut i = 0;
    while i < events.len() {
        i = pass.event(&events, i);
    }
    pass.footnotes_section();
    pass.end_section();
    let relocatable = (!pass.raw_html)
        .then(|| relocatable::events(&pass.out, &pass.swaps))
        .flatten()
        .map(|events| {
            let mut html = String::with_capacity(body.len() * 2);
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            crate::shared::PackedStr::from(html)
        });
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pass.out.into_iter());
    if html_policy::needs_sanitizing(pass.policy, pass.raw_html) {
        html = html_policy::sanitize(&html);
    }
    let mut doc = pass.doc;
    // Content holding the markers' characters would be read as markers.
    doc.relocatable = relocatable.filter(|_| !html.contains([relocatable::MARK, relocatable::END]));
    // Every page stays in memory until the site is written: no slack from growing buffers.
    html.shrink_to_fit();
    doc.html = html;
    doc.words = doc
        .sections
        .iter()
        .map(|s| s.text.split_whitespace().count())
        .sum();
    doc.empty = doc.html_is_empty();
    doc
}

/// Renders one line of inline Markdown (checklist item text), without the `<p>` wrapper.
pub(crate) fn render_inline(text: &str, opts: &Options, links: &dyn Links) -> Rendered {
    let mut doc = render(text, 1, opts, links, true);
    let html = doc.html.trim_end();
    doc.html = match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html.to_string(),
    };
    doc
}

impl Rendered {
    /// The page's HTML: `html`, or, once `shed_html` let it go, made again from the
    /// relocatable form (a plain scan).
    pub(crate) fn page_html(&self) -> std::borrow::Cow<'_, str> {
        match &self.relocatable {
            Some(r) if self.html_shed => std::borrow::Cow::Owned(relocatable::for_page(r)),
            _ => std::borrow::Cow::Borrowed(&self.html),
        }
    }

    /// Lets `html` go when the relocatable form gives it back byte for byte (`page_html`):
    /// the model holds every page until the print documents are written, and the two forms
    /// were most of a build's memory. A page whose forms differ keeps both.
    pub(crate) fn shed_html(&mut self) {
        if let Some(r) = &self.relocatable
            && !self.html_shed
            && relocatable::for_page(r) == self.html
        {
            self.html = String::new();
            self.html_shed = true;
        }
    }

    /// Brings `html` back after `shed_html`, for an edit of both forms.
    pub(crate) fn restore_html(&mut self) {
        if self.html_shed {
            self.html = self.page_html().into_owned();
            self.html_shed = false;
        }
    }

    /// Nothing on the page but its title: the title's anchor alone, or not even that.
    pub(crate) fn is_empty(&self) -> bool {
        self.empty
    }

    /// `is_empty`, found from the page's HTML.
    fn html_is_empty(&self) -> bool {
        let html = self.page_html();
        let html = html.trim();
        match &self.title_id {
            Some(id) => html.is_empty() || html == title_anchor(id).trim(),
            None => html.is_empty(),
        }
    }

    /// The words of the document without markup, sections joined by spaces.
    pub(crate) fn plain_text(&self) -> String {
        self.sections
            .iter()
            .map(|s| s.text.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Index of the `End` event matching the `Start` at `start`.
fn matching_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Whether the list starting at `start` is navigation: every item is one link to a page of
/// the site (a relative or `#fragment` link, not an address on the web) and nothing else but
/// spaces, as in a "Related" list. Its words are other pages' titles, so search leaves them out.
fn navigation_list(events: &[(Event<'_>, Range<usize>)], start: usize) -> bool {
    let end = matching_end(events, start);
    let (mut items, mut links_in_item, mut depth) = (0, 0, 0usize);
    for (e, _) in &events[start + 1..end] {
        match e {
            Event::Start(Tag::Item) if depth == 0 => {
                items += 1;
                links_in_item = 0;
            }
            Event::End(TagEnd::Item) if depth == 0 => {
                if links_in_item != 1 {
                    return false;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if depth == 0 => {
                let external = dest_url.contains(':');
                if external {
                    return false;
                }
                links_in_item += 1;
                depth += 1;
            }
            Event::End(TagEnd::Link) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if depth == 0 => {}
            Event::Text(t) if depth == 0 && t.trim().is_empty() => {}
            Event::SoftBreak | Event::HardBreak if depth == 0 => {}
            _ if depth > 0 => {}
            _ => return false,
        }
    }
    items > 0
}

fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s.trim().to_string()
}

/// The checklist id in `<!-- checklist: ID -->`, if `html` is exactly that directive.
fn checklist_directive(html: &str) -> Option<&str> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let id = inner.strip_prefix("checklist:")?.trim();
    (!id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
    .then_some(id)
}

#[cfg(test)]
mod tests;
