//! Footnotes as GitHub shows them: numbered in the order they are first referenced and
//! collected at the end of the page, each with a link back to every reference. Their ids
//! (`fn-<name>`, `fnref-<name>`) are claimed among the page's heading ids, so none clashes
//! with a heading; in the relocatable HTML they carry the page's prefix like every id.
use super::{Pass, ids, matching_end, relocatable};
use pulldown_cmark::{Event, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// The page's footnotes, by the order they were met.
#[derive(Default)]
pub(super) struct Footnotes<'a> {
    by_name: HashMap<String, usize>,
    notes: Vec<Note<'a>>,
    /// Numbers handed out to referenced notes so far.
    numbered: usize,
}

struct Note<'a> {
    /// `fn-…`: the note in the list at the end.
    id: String,
    /// `fnref-…`: the first reference; later ones add `-2`, `-3`…
    ref_id: String,
    /// Ids of its references, in order.
    refs: Vec<String>,
    number: Option<usize>,
    body: Option<Body<'a>>,
}

/// A definition's events and their relocatable swaps (indexes into the events).
type Body<'a> = (Vec<Event<'a>>, Vec<(usize, String)>);

impl<'a> Pass<'a, '_> {
    /// The note called `name`, its ids claimed when first met.
    fn note(&mut self, name: &str) -> usize {
        if let Some(&n) = self.footnotes.by_name.get(name) {
            return n;
        }
        let slug = ids::github_id(name);
        let slug = if slug.is_empty() {
            (self.footnotes.notes.len() + 1).to_string()
        } else {
            slug
        };
        let id = self.ids.claim(&format!("fn-{slug}"), 1);
        let ref_id = self.ids.claim(&format!("fnref-{slug}"), 1);
        self.doc.anchors.push(id.clone());
        let n = self.footnotes.notes.len();
        self.footnotes.notes.push(Note {
            id,
            ref_id,
            refs: Vec::new(),
            number: None,
            body: None,
        });
        self.footnotes.by_name.insert(name.to_string(), n);
        n
    }

    /// `[^name]`: a numbered link to the note, which links back to it.
    pub(super) fn footnote_reference(&mut self, name: &str) {
        let n = self.note(name);
        let number = match self.footnotes.notes[n].number {
            Some(k) => k,
            None => {
                self.footnotes.numbered += 1;
                self.footnotes.notes[n].number = Some(self.footnotes.numbered);
                self.footnotes.numbered
            }
        };
        let note = &self.footnotes.notes[n];
        let ref_id = match note.refs.len() {
            0 => note.ref_id.clone(),
            k => self.ids.claim(&format!("{}-{}", note.ref_id, k + 1), 1),
        };
        let html = |p: &str| {
            format!(
                "<sup class=\"footnote-ref\"><a href=\"#{p}{}\" id=\"{p}{ref_id}\">{number}</a></sup>",
                note.id
            )
        };
        self.swaps.push((self.out.len(), html(relocatable::PREFIX)));
        self.out.push(Event::Html(html("").into()));
        self.doc.anchors.push(ref_id.clone());
        self.footnotes.notes[n].refs.push(ref_id);
    }

    /// `[^name]: …`: rendered where it stands, kept for the end of the page.
    pub(super) fn footnote_definition(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        start: usize,
        name: &str,
    ) -> usize {
        let end = matching_end(events, start);
        let n = self.note(name);
        let (mark, swaps_mark) = (self.out.len(), self.swaps.len());
        let mut j = start + 1;
        while j < end {
            j = self.event(events, j);
        }
        let body: Vec<Event<'a>> = self.out.drain(mark..).collect();
        let swaps = self
            .swaps
            .drain(swaps_mark..)
            .map(|(at, html)| (at - mark, html))
            .collect();
        // A second definition of the same name is ignored, as GitHub does.
        self.footnotes.notes[n].body.get_or_insert((body, swaps));
        end + 1
    }

    /// The list of notes, at the end of the page: referenced ones in the order of their
    /// numbers, then any never referenced.
    pub(super) fn footnotes_section(&mut self) {
        let mut notes = std::mem::take(&mut self.footnotes.notes);
        notes.retain(|n| n.body.is_some());
        if notes.is_empty() {
            return;
        }
        notes.sort_by_key(|n| n.number.unwrap_or(usize::MAX));
        self.out.push(Event::Html(
            "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n".into(),
        ));
        for note in notes {
            let Some((mut body, swaps)) = note.body else {
                continue;
            };
            let open = |p: &str| format!("<li id=\"{p}{}\">\n", note.id);
            self.swaps.push((self.out.len(), open(relocatable::PREFIX)));
            self.out.push(Event::Html(open("").into()));
            // The links back go at the end of the note's last paragraph, as on GitHub.
            let close_at = match body.last() {
                Some(Event::End(TagEnd::Paragraph)) => body.len() - 1,
                _ => body.len(),
            };
            let tail = body.split_off(close_at);
            let base = self.out.len();
            self.swaps
                .extend(swaps.into_iter().map(|(at, html)| (base + at, html)));
            self.out.extend(body);
            let back = |p: &str| back_links(p, &note.refs);
            if !note.refs.is_empty() {
                self.swaps.push((self.out.len(), back(relocatable::PREFIX)));
                self.out.push(Event::Html(back("").into()));
            }
            self.out.extend(tail);
            self.out.push(Event::Html("</li>\n".into()));
        }
        self.out.push(Event::Html("</ol>\n</section>\n".into()));
    }
}

/// ` ↩` links back to each reference (`↩²` for the second…), `p` before each id.
fn back_links(p: &str, refs: &[String]) -> String {
    let mut html = String::new();
    for (k, id) in refs.iter().enumerate() {
        let (mark, label) = match k {
            0 => (String::new(), "Back to the text".to_string()),
            k => (
                format!("<sup>{}</sup>", k + 1),
                format!("Back to reference {}", k + 1),
            ),
        };
        html.push_str(&format!(
            " <a href=\"#{p}{id}\" class=\"footnote-back\" aria-label=\"{label}\">↩\u{FE0E}{mark}</a>"
        ));
    }
    html
}
