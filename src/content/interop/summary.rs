//! The table of contents of an mdBook (`SUMMARY.md`) or of a wiki (`_Sidebar.md`): which
//! pages are published, in which order, under which titles, nested how, grouped in which
//! parts. Parsed with pulldown-cmark as mdBook does: headings after the first are part
//! titles, links outside lists are prefix or suffix chapters, nested list items are
//! sub-chapters, a link with no target (`[Draft]()`) is a draft and `---` a separator.
//! Pure text in, an `Outline` out; which file each target names is the plan's business.
use crate::diagnostics::{Diagnostic, LineIndex};
use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OutlineEntry {
    /// A part title (`# Part I`) and the chapters under it, up to the next part.
    Part {
        title: String,
        line: usize,
        children: Vec<OutlineEntry>,
    },
    /// A chapter: its title in the table, its target as written (decoded, without
    /// `#fragment`), and its sub-chapters.
    Page {
        title: String,
        target: String,
        line: usize,
        children: Vec<OutlineEntry>,
    },
}

/// A parsed table of contents.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    pub(crate) entries: Vec<OutlineEntry>,
    /// Drafts (`[Title]()`), by title: not published.
    pub(crate) drafts: Vec<String>,
}

/// An item being read: its title, target and line, once its link is seen.
struct Open {
    link: Option<(String, String, usize)>,
    children: Vec<OutlineEntry>,
}

/// Parses `text` (`path` names it in warnings).
pub(crate) fn parse(text: &str, path: &str, problems: &mut Vec<Diagnostic>) -> Outline {
    let mut lines = LineIndex::new(text);
    let mut outline = Outline::default();
    // Top-level entries of the current part (or of the book, before any part).
    let mut level: Vec<OutlineEntry> = Vec::new();
    let mut part: Option<(String, usize)> = None;
    let mut seen_entry = false;
    let mut seen_list = false;
    let mut seen_heading = false;
    // Suffix chapters: links outside lists after the numbered chapters.
    let mut suffix: Vec<OutlineEntry> = Vec::new();
    let mut items: Vec<Open> = Vec::new();
    let mut heading: Option<(HeadingLevel, String, usize)> = None;
    // The link being read: (target, title so far, line).
    let mut link: Option<(String, String, usize)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: l, .. }) if items.is_empty() => {
                heading = Some((l, String::new(), lines.line_col(range.start).0));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((l, title, line)) = heading.take() else {
                    continue;
                };
                // The first `# Title` of the file is the book's title, not a part.
                let first = !seen_heading;
                seen_heading = true;
                if l == HeadingLevel::H1 && first && !seen_entry {
                    continue;
                }
                close_part(&mut outline, &mut level, part.take());
                part = Some((title.trim().to_string(), line));
            }
            Event::Start(Tag::Item) => items.push(Open {
                link: None,
                children: Vec::new(),
            }),
            Event::End(TagEnd::Item) => {
                let Some(item) = items.pop() else { continue };
                let entries = match item.link {
                    Some((title, target, _)) if target.is_empty() => {
                        outline.drafts.push(title);
                        item.children
                    }
                    Some((title, target, line)) => vec![OutlineEntry::Page {
                        title,
                        target,
                        line,
                        children: item.children,
                    }],
                    None => item.children,
                };
                match items.last_mut() {
                    Some(parent) => parent.children.extend(entries),
                    None => level.extend(entries),
                }
                seen_entry = true;
                seen_list = true;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let target = clean_target(&dest_url);
                link = Some((target, String::new(), lines.line_col(range.start).0));
            }
            Event::End(TagEnd::Link) => {
                let Some((target, title, line)) = link.take() else {
                    continue;
                };
                let title = title.trim().to_string();
                match items.last_mut() {
                    Some(item) if item.link.is_none() => item.link = Some((title, target, line)),
                    Some(_) => {}
                    // A prefix or suffix chapter (or one under a part heading).
                    None if target.is_empty() => outline.drafts.push(title),
                    None => {
                        let page = OutlineEntry::Page {
                            title,
                            target,
                            line,
                            children: Vec::new(),
                        };
                        match seen_list {
                            true => suffix.push(page),
                            false => level.push(page),
                        }
                        seen_entry = true;
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title, _)) = &mut link {
                    title.push_str(&t);
                } else if let Some((_, title, _)) = &mut heading {
                    title.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, title, _)) = &mut link {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }
    close_part(&mut outline, &mut level, part);
    outline.entries.extend(suffix);
    if outline.entries.is_empty() && outline.drafts.is_empty() {
        problems.push(Diagnostic::warning(
            path,
            0,
            "lists no chapter: the pages are ordered by their file names",
        ));
    }
    outline
}

/// Ends the current part (or the entries before the first part).
fn close_part(outline: &mut Outline, level: &mut Vec<OutlineEntry>, part: Option<(String, usize)>) {
    let children = std::mem::take(level);
    match part {
        Some((title, line)) => outline.entries.push(OutlineEntry::Part {
            title,
            line,
            children,
        }),
        None => outline.entries.extend(children),
    }
}

/// A link target as a path: percent-decoded, without `./` or a `#fragment`.
fn clean_target(dest: &str) -> String {
    let path = dest.split('#').next().unwrap_or("");
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    decoded.trim().trim_start_matches("./").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, target: &str, line: usize, children: Vec<OutlineEntry>) -> OutlineEntry {
        OutlineEntry::Page {
            title: title.into(),
            target: target.into(),
            line,
            children,
        }
    }

    #[test]
    fn parts_prefix_suffix_nesting_drafts_and_separators() {
        let text = "# The Book\n\n[Foreword](foreword.md)\n\n# Getting started\n\n- [Intro](ch01-00-intro.md)\n    - [Install `it`](ch01-01-install.md)\n    - [Later]()\n- [Next](./ch02%20next.md#top)\n\n---\n\n# Appendix\n\n- [Terms](appendix-01.md)\n\n[Credits](credits.md)\n";
        let mut problems = Vec::new();
        let o = parse(text, "src/SUMMARY.md", &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(o.drafts, ["Later"]);
        assert_eq!(
            o.entries,
            [
                page("Foreword", "foreword.md", 3, vec![]),
                OutlineEntry::Part {
                    title: "Getting started".into(),
                    line: 5,
                    children: vec![
                        page(
                            "Intro",
                            "ch01-00-intro.md",
                            7,
                            vec![page("Install it", "ch01-01-install.md", 8, vec![])]
                        ),
                        page("Next", "ch02 next.md", 10, vec![]),
                    ],
                },
                OutlineEntry::Part {
                    title: "Appendix".into(),
                    line: 14,
                    children: vec![page("Terms", "appendix-01.md", 16, vec![])],
                },
                page("Credits", "credits.md", 18, vec![]),
            ]
        );
    }

    #[test]
    fn an_empty_table_is_a_warning() {
        let mut problems = Vec::new();
        parse(
            "# Title\n\nNothing here.\n",
            "src/SUMMARY.md",
            &mut problems,
        );
        assert_eq!(problems.len(), 1);
    }
}
