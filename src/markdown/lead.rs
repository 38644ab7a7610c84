//! Which heading titles a page. Handbooks written for GitHub open with HTML comments, a row
//! of badges or a logo before their `# Title`, and wiki exports often have no H1 at all; the
//! title is the first heading after such a lead-in (an H2 only when the page has no H1 and
//! no title of its own). Looks at the parsed events only; decides nothing else.
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

type Events<'a> = [(Event<'a>, Range<usize>)];

/// Index of the heading event that gives the page its title, if any. `titled`: the front
/// matter has a title, so an H2 is never taken (a leading H1 still is, as before).
pub(super) fn title_heading(events: &Events<'_>, titled: bool) -> Option<usize> {
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Heading { level, .. }) => {
                let take = *level == HeadingLevel::H1
                    || (*level == HeadingLevel::H2 && !titled && !has_h1(events));
                return take.then_some(i);
            }
            Event::Start(Tag::HtmlBlock) => {
                let end = super::matching_end(events, i);
                if !events[i + 1..end].iter().all(|(e, _)| decoration(e)) {
                    return None;
                }
                i = end + 1;
            }
            Event::Start(Tag::Paragraph) => {
                let end = super::matching_end(events, i);
                if !badges(&events[i + 1..end]) {
                    return None;
                }
                i = end + 1;
            }
            Event::Html(_) | Event::InlineHtml(_) if decoration(&events[i].0) => i += 1,
            _ => return None,
        }
    }
    None
}

fn has_h1(events: &Events<'_>) -> bool {
    events.iter().any(|(e, _)| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    })
}

/// Raw HTML that shows no words: a comment (not a checklist embed) or tags alone (a logo,
/// a centred `<p>` around an image).
fn decoration(event: &Event<'_>) -> bool {
    let (Event::Html(html) | Event::InlineHtml(html)) = event else {
        return false;
    };
    let trimmed = html.trim();
    if trimmed.starts_with("<!--") {
        return super::checklist_directive(trimmed).is_none();
    }
    let mut in_tag = false;
    trimmed.chars().all(|c| match c {
        '<' => {
            in_tag = true;
            true
        }
        '>' => {
            in_tag = false;
            true
        }
        c => in_tag || c.is_whitespace(),
    })
}

/// A paragraph of images only, each perhaps wrapped in a link: a row of badges.
fn badges(inner: &Events<'_>) -> bool {
    let mut images = 0usize;
    let mut seen = false;
    for (e, _) in inner {
        match e {
            Event::Start(Tag::Image { .. }) => {
                images += 1;
                seen = true;
            }
            Event::End(TagEnd::Image) => images = images.saturating_sub(1),
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => {}
            Event::SoftBreak | Event::HardBreak => {}
            Event::Text(t) if images > 0 || t.trim().is_empty() => {}
            Event::Code(_) if images > 0 => {}
            e @ Event::InlineHtml(_) if decoration(e) => seen = true,
            _ => return false,
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn title(md: &str, titled: bool) -> Option<String> {
        let events: Vec<_> = Parser::new_ext(md, Options::ENABLE_HEADING_ATTRIBUTES)
            .into_offset_iter()
            .collect();
        let at = title_heading(&events, titled)?;
        Some(super::super::plain_text(
            &events[at + 1..super::super::matching_end(&events, at)],
        ))
    }

    #[test]
    fn the_title_comes_after_comments_badges_and_logos() {
        let md = "<!-- generated -->\n\n[![CI](ci.svg)](https://ci) ![v](v.svg)\n\n<p align=\"center\"><img src=\"logo.png\"></p>\n\n# Handbook\n\nText\n";
        assert_eq!(title(md, false).as_deref(), Some("Handbook"));
    }

    #[test]
    fn an_h2_titles_a_page_without_h1_or_front_matter_title() {
        assert_eq!(
            title("## Overview\n\n## More\n", false).as_deref(),
            Some("Overview")
        );
        assert_eq!(title("## Overview\n", true), None);
        assert_eq!(title("## Overview\n\n# Later\n", false), None);
        assert_eq!(title("# Title\n", true).as_deref(), Some("Title"));
    }

    #[test]
    fn words_before_the_heading_mean_no_title() {
        assert_eq!(title("Intro text.\n\n# Title\n", false), None);
        assert_eq!(title("[Docs](x.md)\n\n# Title\n", false), None);
        assert_eq!(title("<p>Hello</p>\n\n# Title\n", false), None);
        assert_eq!(title("<!-- checklist: a -->\n\n# Title\n", false), None);
        assert_eq!(title("- item\n\n# Title\n", false), None);
    }
}
