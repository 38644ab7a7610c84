//! Blocks the page pass writes itself: fenced code (highlighted by syntect) and block
//! quotes, GitHub's `> [!NOTE]` callouts among them.
use super::{Pass, highlight, matching_end};
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Tag, TagEnd};
use std::ops::Range;

impl<'a> Pass<'a, '_> {
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
        self.out
            .push(Event::Html(highlight::code_block(&code, lang).into()));
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
