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
pub(crate) mod rawhtml;
pub(crate) mod relocatable;
mod tasks;
mod text;

use crate::content::chapter::UniqueIds;
use crate::diagnostics::LineIndex;
pub(crate) use links::{LinkRef, LinkTarget, Links, Problem};
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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// The plain text under one heading (or before the first one, with `heading: None`).
/// Navigation lists (`navigation_list`) are left out of `text`: their words are the titles of
/// other pages, which those pages are found by.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Section {
    pub(crate) heading: Option<Heading>,
    pub(crate) text: String,
    /// The section holds a navigation list ("Related", "See also"): with no text besides, it
    /// is navigation, not content.
    pub(crate) navigation: bool,
}

/// A checklist directive found in the body: `<!-- checklist: ID -->` on its own line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Embed {
    pub(crate) id: String,
    pub(crate) line: usize,
    /// Column of the id in its line.
    pub(crate) col: usize,
}

/// Everything later stages need from one Markdown document; parsed once, reused for the
/// page, the search index and the print page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Rendered {
    pub(crate) html: String,
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
    pub(crate) relocatable: Option<std::sync::Arc<str>>,
    /// The items of its task lists, when they are a checklist (`Page::tasks`).
    pub(crate) tasks: Vec<Task>,
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
    };
    pass.doc.sections.push(Section::default());
    let mut i = 0;
    while i < events.len() {
        i = pass.event(&events, i);
    }
    pass.footnotes_section();
    let relocatable = (!pass.raw_html)
        .then(|| relocatable::events(&pass.out, &pass.swaps))
        .flatten()
        .map(|events| {
            let mut html = String::with_capacity(body.len() * 2);
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            std::sync::Arc::<str>::from(html)
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
    for s in &mut doc.sections {
        s.text.shrink_to_fit();
    }
    doc.words = doc
        .sections
        .iter()
        .map(|s| s.text.split_whitespace().count())
        .sum();
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
    /// Nothing on the page but its title: the title's anchor alone, or not even that.
    pub(crate) fn is_empty(&self) -> bool {
        let html = self.html.trim();
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

struct Pass<'a, 'l> {
    body: &'a str,
    /// Smart punctuation is on: ids are spelt from the source's quotes and dashes.
    smart: bool,
    /// Index of the heading event that titles the page.
    title_at: Option<usize>,
    first_line: usize,
    lines: LineIndex<'a>,
    links: &'l dyn Links,
    out: Vec<Event<'a>>,
    doc: Rendered,
    ids: UniqueIds,
    callouts: Vec<bool>,
    /// Events of `out` written otherwise in the relocatable HTML: (index, HTML).
    swaps: Vec<(usize, String)>,
    /// Whether the page has HTML of its own (which only an HTML parser can relocate).
    raw_html: bool,
    /// For each list open at this point, whether it is a navigation list.
    lists: Vec<bool>,
    footnotes: footnotes::Footnotes<'a>,
    /// Depth of links (and images, whose text is alt text) around the current event: no
    /// bare URL is linked inside one.
    in_link: usize,
    /// What the author's HTML and URLs become (`html_policy.rs`).
    policy: crate::config::RawHtml,
    /// The checklist id of the page's task lists (`Page::tasks`).
    tasks: Option<&'l str>,
    /// Ids of the page's task items.
    task_ids: UniqueIds,
    /// For each open list, whether it opened as the page's checklist.
    task_lists: Vec<bool>,
    /// Inside a list opened as the page's checklist.
    in_task_list: bool,
}

impl<'a> Pass<'a, '_> {
    /// Handles the event at `i` and returns the index of the next one to handle.
    fn event(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { .. }) => return self.heading(events, i),
            Event::Start(Tag::CodeBlock(kind)) => return self.code_block(events, i, kind),
            Event::Start(Tag::BlockQuote(kind)) => self.blockquote_start(*kind),
            Event::End(TagEnd::BlockQuote(_)) => self.blockquote_end(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.in_link += 1;
                // `<a@b.c>`: an address, never a file.
                let dest = if *link_type == LinkType::Email {
                    dest_url.clone()
                } else {
                    let dest = self.link(dest_url, range.start);
                    html_policy::author_url(self.policy, dest, false)
                };
                self.out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.in_link += 1;
                let dest = self.link(dest_url, range.start);
                let dest = html_policy::author_url(self.policy, dest, true);
                self.out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::HtmlBlock) => return self.html_block(events, i),
            Event::Start(Tag::List(start)) => {
                // A list of links to pages (as under "Related") is left out of the search.
                let navigation = navigation_list(events, i);
                if navigation && let Some(section) = self.doc.sections.last_mut() {
                    section.navigation = true;
                }
                self.lists.push(navigation);
                self.list_start(events, i, *start);
            }
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
                self.list_end(event);
            }
            Event::Start(Tag::Item) => match self.task_item(events, i) {
                Some(next) => return next,
                None => self.out.push(event.clone()),
            },
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.in_link = self.in_link.saturating_sub(1);
                self.out.push(event.clone());
            }
            Event::InlineHtml(html) => {
                // Text inside a raw `<a>` is a link's text already.
                let tag = html.trim_start().to_ascii_lowercase();
                if tag.starts_with("<a ") || tag == "<a>" {
                    self.in_link += 1;
                } else if tag.starts_with("</a") {
                    self.in_link = self.in_link.saturating_sub(1);
                }
                self.author_html(html.clone(), Some(range.start), false);
            }
            Event::Html(html) => match checklist_directive(html) {
                Some(id) => {
                    let at = html.find(id).map_or(range.start, |i| range.start + i);
                    let (line, col) = self.position(at);
                    self.doc.embeds.push(Embed {
                        id: id.to_string(),
                        line,
                        col,
                    });
                    self.swaps.push((self.out.len(), relocatable::embed(id)));
                    self.out.push(Event::Html(embed_marker(id).into()));
                }
                None => self.author_html(html.clone(), None, true),
            },
            Event::Text(_) => return self.text_run(events, i),
            Event::Code(t) => {
                self.text(t);
                self.out.push(event.clone());
            }
            // Tables scroll sideways in their own box rather than break words.
            Event::Start(Tag::Table(_)) => {
                self.out
                    .push(Event::Html("<div class=\"table-wrap\">\n".into()));
                self.out.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                self.out.push(event.clone());
                self.out.push(Event::Html("</div>\n".into()));
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableHead
                | TagEnd::TableRow,
            )
            | Event::SoftBreak
            | Event::HardBreak => {
                self.text(" ");
                self.out.push(event.clone());
            }
            Event::FootnoteReference(name) => self.footnote_reference(name),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                return self.footnote_definition(events, i, name);
            }
            _ => self.out.push(event.clone()),
        }
        i + 1
    }

    fn text(&mut self, t: &str) {
        if self.lists.contains(&true) {
            return;
        }
        if let Some(section) = self.doc.sections.last_mut() {
            section.text.push_str(t);
        }
    }

    fn position(&mut self, offset: usize) -> (usize, usize) {
        let (line, col) = self.lines.line_col(offset);
        (line + self.first_line - 1, col)
    }

    /// Emits a heading with a unique id and a self-link; a leading `# H1` becomes the title.
    fn heading(&mut self, events: &[(Event<'a>, Range<usize>)], start: usize) -> usize {
        let end = matching_end(events, start);
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = &events[start].0
        else {
            return start + 1;
        };
        let inner = &events[start + 1..end];
        let text = plain_text(inner);
        let base = id
            .as_deref()
            .map(str::to_string)
            .unwrap_or_else(|| ids::github_id(&self.id_text(inner)));
        let id = self
            .ids
            .claim(if base.is_empty() { "section" } else { &base }, 1);
        if self.title_at == Some(start) {
            // The template shows the title; its id stays here, where the heading was, since
            // GitHub gives it one: handbooks link `page.md#page-title`, and it counts when
            // later headings of the same text are numbered (`faq`, `faq-1`).
            self.doc.h1 = Some(text);
            self.swaps
                .push((self.out.len(), title_anchor(&relocatable::id(&id))));
            self.out.push(Event::Html(title_anchor(&id).into()));
            self.doc.anchors.push(id.clone());
            self.doc.title_id = Some(id);
            return end + 1;
        }
        let n = *level as u8;
        let class = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", highlight::escape(&classes.join(" ")))
        };
        let open = |id: &str| format!("<h{n} id=\"{id}\"{class}>");
        self.swaps
            .push((self.out.len(), open(&relocatable::id(&id))));
        self.out.push(Event::Html(open(&id).into()));
        let mut j = 0;
        while j < inner.len() {
            j = self.event(inner, j);
        }
        let close = |id: &str| {
            format!(
                "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{n}>\n"
            )
        };
        self.swaps
            .push((self.out.len(), close(&relocatable::id(&id))));
        self.out.push(Event::Html(close(&id).into()));
        let heading = Heading {
            level: n,
            id: id.clone(),
            text,
        };
        if (2..=3).contains(&n) {
            self.doc.toc.push(heading.clone());
        }
        self.doc.anchors.push(id);
        // The heading's own words were appended to the previous section by `event`; move them.
        if let Some(prev) = self.doc.sections.last_mut() {
            let cut = prev.text.len().saturating_sub(heading.text.len());
            if prev.text.get(cut..) == Some(heading.text.as_str()) {
                prev.text.truncate(cut);
            }
        }
        self.doc.sections.push(Section {
            heading: Some(heading),
            ..Section::default()
        });
        end + 1
    }

    /// The heading's text as GitHub sees it when it makes the id: image alt text left out,
    /// and quotes and dashes as written (GitHub has no smart punctuation).
    fn id_text(&self, inner: &[(Event<'a>, Range<usize>)]) -> String {
        let mut text = String::new();
        let mut images = 0usize;
        for (e, range) in inner {
            match e {
                Event::Start(Tag::Image { .. }) => images += 1,
                Event::End(TagEnd::Image) => images = images.saturating_sub(1),
                Event::Text(t) | Event::Code(t) if images == 0 => {
                    let source = self.body.get(range.clone()).unwrap_or("");
                    let smart = self.smart
                        && matches!(source, "'" | "\"" | "--" | "---" | "...")
                        && t.as_ref() != source;
                    text.push_str(if smart { source } else { t });
                }
                _ => {}
            }
        }
        text
    }

    fn code_block(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        start: usize,
        kind: &CodeBlockKind<'a>,
    ) -> usize {
        let end = matching_end(events, start);
        let mut code = String::new();
        for (e, _) in &events[start + 1..end] {
            if let Event::Text(t) = e {
                code.push_str(t);
            }
        }
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split([' ', ',', '{'])
                .next()
                .unwrap_or("")
                .trim_start_matches('.'),
            CodeBlockKind::Indented => "",
        };
        self.text(&code);
        self.text(" ");
        let html = match lang {
            // Left as written for a theme to draw (a diagram or formula library): its text
            // raw, under the class those libraries look for (README, "Diagrams and math").
            "mermaid" | "math" => format!(
                "<pre class=\"{lang} language-{lang}\">{}</pre>\n",
                highlight::escape(&code)
            ),
            _ => highlight::code_block(&code, lang),
        };
        self.out.push(Event::Html(html.into()));
        end + 1
    }

    fn blockquote_start(&mut self, kind: Option<BlockQuoteKind>) {
        let Some(kind) = kind else {
            self.callouts.push(false);
            self.out.push(Event::Start(Tag::BlockQuote(None)));
            return;
        };
        let (class, title) = match kind {
            BlockQuoteKind::Note => ("note", "Note"),
            BlockQuoteKind::Tip => ("tip", "Tip"),
            BlockQuoteKind::Important => ("important", "Important"),
            BlockQuoteKind::Warning => ("warning", "Warning"),
            BlockQuoteKind::Caution => ("caution", "Caution"),
        };
        self.callouts.push(true);
        self.out.push(Event::Html(format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n").into()));
    }

    fn blockquote_end(&mut self) {
        if self.callouts.pop().unwrap_or(false) {
            self.out.push(Event::Html("</div>\n".into()));
        } else {
            self.out.push(Event::End(TagEnd::BlockQuote(None)));
        }
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
