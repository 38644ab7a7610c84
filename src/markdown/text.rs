//! Text as a wiki author writes it: a bare `https://…` or `www.…` becomes a link, as
//! GitHub's extended autolinks do (found by `linkify`, which gets the end right next to
//! punctuation and parentheses), and `:shortcode:` becomes its emoji (GitHub's names, from
//! the `emojis` crate). Works on a run of consecutive text events, since pulldown-cmark
//! splits text at `_`, `*` and smart punctuation; never inside code or an existing link.
use super::Pass;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;

impl<'a> Pass<'a, '_> {
    /// Handles the run of text events starting at `i`; returns the index after it.
    pub(super) fn text_run(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        let end = events[i..]
            .iter()
            .position(|(e, _)| !matches!(e, Event::Text(_)))
            .map_or(events.len(), |n| i + n);
        let run = &events[i..end];
        let text = |e: &'_ Event<'a>| match e {
            Event::Text(t) => t.clone(),
            _ => CowStr::Borrowed(""),
        };
        if !run
            .iter()
            .any(|(e, _)| may_change(&text(e), self.in_link == 0))
        {
            for (e, _) in run {
                self.text(&text(e));
                self.out.push(e.clone());
            }
            return end;
        }
        // The run as one text, and where each event starts in it (for source positions).
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(run.len());
        for (e, range) in run {
            let t = text(e);
            let exact = self.body.get(range.clone()) == Some(&*t);
            starts.push((joined.len(), range.start, exact));
            joined.push_str(&t);
        }
        let links = if self.in_link == 0 {
            bare_links(&joined)
        } else {
            Vec::new()
        };
        let mut at = 0;
        for link in links {
            self.plain(&joined[at..link.start]);
            let shown = &joined[link.clone()];
            // The link's place in the source: exact when its event is the source as written.
            let (from, source, exact) = starts
                .iter()
                .rev()
                .find(|(from, _, _)| *from <= link.start)
                .copied()
                .unwrap_or((0, 0, false));
            let offset = if exact {
                source + link.start - from
            } else {
                source
            };
            let dest = match shown.get(..4) {
                Some(w) if w.eq_ignore_ascii_case("www.") => format!("https://{shown}"),
                _ => shown.to_string(),
            };
            let dest_url = self.link(&CowStr::from(dest), offset);
            self.out.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url,
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            self.text(shown);
            self.out.push(Event::Text(shown.to_string().into()));
            self.out.push(Event::End(TagEnd::Link));
            at = link.end;
        }
        self.plain(&joined[at..]);
        end
    }

    /// Text with its emoji shortcodes replaced.
    fn plain(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let text = emoji(text);
        self.text(&text);
        self.out.push(Event::Text(text.into_owned().into()));
    }
}

/// Whether `text` may hold a shortcode, or (when `links`) a bare URL.
fn may_change(text: &str, links: bool) -> bool {
    text.contains(':') || (links && text.contains("www."))
}

/// The byte ranges of the bare URLs in `text` that GitHub links: `http://`, `https://` or
/// `www.` followed by a domain.
fn bare_links(text: &str) -> Vec<Range<usize>> {
    if !text.contains("://") && !text.contains("www.") {
        return Vec::new();
    }
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    finder.url_must_have_scheme(false);
    finder
        .links(text)
        .filter(|l| {
            let s = l.as_str().as_bytes();
            let starts =
                |p: &str| s.len() > p.len() && s[..p.len()].eq_ignore_ascii_case(p.as_bytes());
            // A domain after `www.`, not `www.` alone; a word that ends in `www.` is not one.
            let www = starts("www.")
                && (l.start() == 0 || !text.as_bytes()[l.start() - 1].is_ascii_alphanumeric());
            starts("http://") || starts("https://") || www
        })
        .map(|l| l.start()..l.end())
        .collect()
}

/// `text` with every `:shortcode:` that names an emoji replaced by it.
pub(super) fn emoji(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(':') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(':') {
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        let found = (name_len > 0 && after[name_len..].starts_with(':'))
            .then(|| emojis::get_by_shortcode(&after[..name_len]))
            .flatten();
        match found {
            Some(e) => {
                out.push_str(&rest[..open]);
                out.push_str(e.as_str());
                rest = &after[name_len + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_become_emoji_and_other_colons_stay() {
        assert_eq!(
            emoji("Shipped :tada: at 10:30:45"),
            "Shipped 🎉 at 10:30:45"
        );
        assert_eq!(emoji(":+1::-1:"), "👍👎");
        assert_eq!(emoji(":not_an_emoji: and :"), ":not_an_emoji: and :");
        assert_eq!(emoji("a :white_check_mark:."), "a ✅.");
    }

    #[test]
    fn bare_links_are_found_as_github_finds_them() {
        let found = |t: &str| -> Vec<String> {
            bare_links(t)
                .into_iter()
                .map(|r| t[r].to_string())
                .collect()
        };
        assert_eq!(
            found("See https://example.org/a_b?x=1, or (www.example.com/path)."),
            ["https://example.org/a_b?x=1", "www.example.com/path"]
        );
        assert!(found("example.com and mailto:x@y.z and awww.x.org").is_empty());
        assert!(found("ftp://example.org www.").is_empty());
    }
}
