//! Links in a page: what a destination resolves to (decided by the caller's `Links`), the
//! record of every link for the checks that need the whole site, and the problems found.
//! Markdown links, images and the URLs of raw HTML all go through `Pass::link`.
use super::{Pass, checklist_directive, matching_end, rawhtml};
use pulldown_cmark::{CowStr, Event};
use std::ops::Range;

/// What a link destination in Markdown turns into; decided by the caller.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LinkTarget {
    /// External, in-page or otherwise left as written.
    Keep,
    /// Another page or checklist: the new (relative) URL.
    Page(String),
    /// A file under `content/` that must be copied to the output: the new URL, the
    /// content-relative source path and the output path it is copied to.
    Asset {
        url: String,
        source: String,
        output: String,
    },
    /// Points into `content/` but at nothing there; the message says what is missing, the
    /// hint what was likely meant, `instead` the destination to write in its place.
    Broken {
        message: String,
        hint: Option<String>,
        instead: Option<String>,
    },
    /// Works, or may, but is written in a way that breaks somewhere (a root-absolute URL
    /// under a sub-path): `target` as usual, plus a warning.
    Flagged {
        target: Box<LinkTarget>,
        message: String,
        hint: Option<String>,
        instead: Option<String>,
    },
}

impl LinkTarget {
    /// A link to nothing, with nothing more to say.
    pub(crate) fn broken(message: String) -> LinkTarget {
        LinkTarget::Broken {
            message,
            hint: None,
            instead: None,
        }
    }
}

/// Resolves link destinations for one page.
pub(crate) trait Links {
    fn resolve(&self, dest: &str) -> LinkTarget;
}

/// A link as written, with its position and what it resolved to, for validation after
/// every page is known (`#anchors`, external links).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct LinkRef {
    pub(crate) dest: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
    /// The URL written into the page when the link went to another page (relative to the
    /// page, fragment included); `None` for every other kind of link.
    pub(crate) page_url: Option<String>,
    /// Where the destination is written, when it is there as `dest` (line, column): what a
    /// fix replaces.
    pub(crate) dest_at: Option<(usize, usize)>,
}

/// A problem found while rendering, positioned in the file: a broken link (an error, or
/// what `[check] broken_links` makes it), or a warning about a link that works.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Problem {
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
    /// A warning, not a broken link.
    pub(crate) warning: bool,
    /// The fix: the destination to write instead, at (line, columns).
    pub(crate) edit: Option<(usize, Range<usize>, String)>,
}

impl Problem {
    pub(super) fn warning(
        line: usize,
        col: usize,
        message: String,
        hint: Option<String>,
    ) -> Problem {
        Problem {
            line,
            col,
            message,
            hint,
            warning: true,
            edit: None,
        }
    }
}

impl<'a> Pass<'a, '_> {
    pub(super) fn link(&mut self, dest: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        let (line, col) = self.position(offset);
        let dest_at = self.dest_at(dest, offset);
        let edit = |instead: Option<String>| {
            let (l, c) = dest_at?;
            Some((l, c..c + dest.chars().count(), instead?))
        };
        let mut target = self.links.resolve(dest);
        if let LinkTarget::Flagged {
            target: inner,
            message,
            hint,
            instead,
        } = target
        {
            self.doc.problems.push(Problem {
                edit: edit(instead),
                ..Problem::warning(line, col, message, hint)
            });
            target = *inner;
        }
        let page_url = match &target {
            LinkTarget::Page(url) => Some(url.clone()),
            _ => None,
        };
        self.doc.links.push(LinkRef {
            dest: dest.to_string(),
            line,
            col,
            page_url,
            dest_at,
        });
        match target {
            LinkTarget::Keep | LinkTarget::Flagged { .. } => dest.clone(),
            LinkTarget::Page(url) => url.into(),
            LinkTarget::Asset {
                url,
                source,
                output,
            } => {
                self.doc.assets.push((source, output));
                url.into()
            }
            LinkTarget::Broken {
                message,
                hint,
                instead,
            } => {
                self.doc.problems.push(Problem {
                    warning: false,
                    edit: edit(instead),
                    ..Problem::warning(line, col, message, hint)
                });
                dest.clone()
            }
        }
    }

    /// Where `dest` is written for the link at body offset `offset`: right there (a URL in
    /// raw HTML) or after the `](` of a Markdown link on the same line. `None` when it is
    /// written otherwise (escaped, in `<…>`, a reference definition).
    fn dest_at(&mut self, dest: &str, offset: usize) -> Option<(usize, usize)> {
        let rest = self.body.get(offset..)?;
        let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let at = if rest.starts_with(dest) {
            offset
        } else {
            offset + rest.find(&format!("]({dest}"))? + 2
        };
        (!dest.is_empty()).then(|| self.position(at))
    }

    /// An HTML block, its lines joined so a tag spread over several is seen whole: a
    /// checklist directive, or raw HTML whose URLs are resolved like Markdown links.
    pub(super) fn html_block(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        start: usize,
    ) -> usize {
        let end = matching_end(events, start);
        let inner = &events[start + 1..end];
        let directive = match inner {
            [(Event::Html(html), _)] => checklist_directive(html).is_some(),
            _ => false,
        };
        if directive {
            self.event(inner, 0);
            return end + 1;
        }
        let mut html = String::new();
        for (e, _) in inner {
            if let Event::Html(h) = e {
                html.push_str(h);
            }
        }
        let offset = inner
            .first()
            .map_or(events[start].1.start, |(_, r)| r.start);
        self.author_html(CowStr::from(html), Some(offset), true);
        end + 1
    }

    /// Raw HTML (starting at byte `offset` of the body) with every URL resolved through
    /// `link`, exactly as a Markdown link or image would be.
    pub(super) fn raw_urls(&mut self, html: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        if !html.contains(['=']) {
            return html.clone();
        }
        let rewritten = rawhtml::rewrite(html, &mut |url, _, at| {
            let dest = crate::html::unescape(url);
            let new = self.link(&CowStr::from(dest.clone()), offset + at);
            (new.as_ref() != dest).then(|| crate::html::escape_href(&new))
        });
        CowStr::from(rewritten)
    }
}
