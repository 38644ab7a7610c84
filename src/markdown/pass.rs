//! The pass over one page's Markdown events: each event handled in order (headings and their
//! ids, code blocks, callouts, links, embeds, raw HTML), the output events and the page's
//! `Rendered` data collected as it goes.
use super::*;

pub(super) struct Pass<'a, 'l> {
    pub(super) body: &'a str,
    /// Smart punctuation is on: ids are spelt from the source's quotes and dashes.
    pub(super) smart: bool,
    /// Index of the heading event that titles the page.
    pub(super) title_at: Option<usize>,
    pub(super) first_line: usize,
    pub(super) lines: LineIndex<'a>,
    pub(super) links: &'l dyn Links,
    pub(super) out: Vec<Event<'a>>,
    pub(super) doc: Rendered,
    pub(super) ids: UniqueIds,
    pub(super) callouts: Vec<bool>,
    /// Events of `out` written otherwise in the relocatable HTML: (index, HTML).
    pub(super) swaps: Vec<(usize, String)>,
    /// Whether the page has HTML of its own (which only an HTML parser can relocate).
    pub(super) raw_html: bool,
    /// For each list open at this point, whether it is a navigation list.
    pub(super) lists: Vec<bool>,
    pub(super) footnotes: footnotes::Footnotes<'a>,
    /// Depth of links (and images, whose text is alt text) around the current event: no
    /// bare URL is linked inside one.
    pub(super) in_link: usize,
    /// What the author's HTML and URLs become (`html_policy.rs`).
    pub(super) policy: crate::config::RawHtml,
    /// The checklist id of the page's task lists (`Page::tasks`).
    pub(super) tasks: Option<&'l str>,
    /// Ids of the page's task items.
    pub(super) task_ids: UniqueIds,
    /// For each open list, whether it opened as the page's checklist.
    pub(super) task_lists: Vec<bool>,
    /// Inside a list opened as the page's checklist.
    pub(super) in_task_list: bool,
    /// The text of the last of `doc.sections` so far; it gets it when the next one opens
    /// (`end_section`).
    pub(super) text: String,
}

impl<'a> Pass<'a, '_> {
    /// Handles the event at `i` and returns the index of the next one to handle.
    pub(super) fn event(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { .. }) => return self.heading(events, i),
            Event::Start(Tag::CodeBlock(kind)) => return self.code_block(events, i, kind),
            Event::Start(Tag::BlockQuote(kind)) => self.blockquote_start(*kind),
            Event::End(TagEnd::BlockQuote(_)) => self.blockquote_end(),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                self.link_start(tag, range.start);
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
            Event::Html(html) => self.html_event(html, range.start),
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

    /// A link or an image opens: its destination resolved (a `.md` file becomes its page's
    /// URL) and passed through the raw-HTML policy, and no bare URL is linked until it closes.
    fn link_start(&mut self, tag: &Tag<'a>, at: usize) {
        self.in_link += 1;
        let tag = match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                // `<a@b.c>`: an address, never a file.
                let dest = if *link_type == LinkType::Email {
                    dest_url.clone()
                } else {
                    let dest = self.link(dest_url, at);
                    html_policy::author_url(self.policy, dest, false)
                };
                Tag::Link {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest = self.link(dest_url, at);
                Tag::Image {
                    link_type: *link_type,
                    dest_url: html_policy::author_url(self.policy, dest, true),
                    title: title.clone(),
                    id: id.clone(),
                }
            }
            other => other.clone(),
        };
        self.out.push(Event::Start(tag));
    }

    /// A block of raw HTML at byte `at`: a checklist directive becomes the embed's marker,
    /// which rendering fills with the checklist (`render::Pages`); anything else is the
    /// author's HTML, under the raw-HTML policy.
    fn html_event(&mut self, html: &pulldown_cmark::CowStr<'a>, at: usize) {
        match checklist_directive(html) {
            Some(id) => {
                let at = html.find(id).map_or(at, |i| at + i);
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
        }
    }

    pub(super) fn text(&mut self, t: &str) {
        if self.lists.contains(&true) {
            return;
        }
        if !self.doc.sections.is_empty() {
            self.text.push_str(t);
        }
    }

    /// Gives the last section the text gathered for it.
    pub(super) fn end_section(&mut self) {
        if let Some(section) = self.doc.sections.last_mut() {
            section.text = std::mem::take(&mut self.text).into();
        }
    }

    pub(super) fn position(&mut self, offset: usize) -> (usize, usize) {
        let (line, col) = self.lines.line_col(offset);
        (line + self.first_line - 1, col)
    }

    /// Emits a heading with a unique id and a self-link; a leading `# H1` becomes the title.
    pub(super) fn heading(&mut self, events: &[(Event<'a>, Range<usize>)], start: usize) -> usize {
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
            format!(" class=\"{}\"", crate::html::escape(&classes.join(" ")))
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
        let cut = self.text.len().saturating_sub(heading.text.len());
        if self.text.get(cut..) == Some(heading.text.as_str()) {
            self.text.truncate(cut);
        }
        self.end_section();
        self.doc.sections.push(Section {
            heading: Some(heading),
            ..Section::default()
        });
        end + 1
    }

    /// The heading's text as GitHub sees it when it makes the id: image alt text left out,
    /// and quotes and dashes as written (GitHub has no smart punctuation).
    pub(super) fn id_text(&self, inner: &[(Event<'a>, Range<usize>)]) -> String {
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

    pub(super) fn code_block(
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
                crate::html::escape(&code)
            ),
            _ => highlight::code_block(&code, lang),
        };
        self.out.push(Event::Html(html.into()));
        end + 1
    }

    pub(super) fn blockquote_start(&mut self, kind: Option<BlockQuoteKind>) {
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

    pub(super) fn blockquote_end(&mut self) {
        if self.callouts.pop().unwrap_or(false) {
            self.out.push(Event::Html("</div>\n".into()));
        } else {
            self.out.push(Event::End(TagEnd::BlockQuote(None)));
        }
    }
}
