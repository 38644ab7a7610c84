//! The sidebar: which parts and chapters a page lists (bounded whatever the size of the site),
//! and that list as HTML. The default theme's `partials/nav.html` prints `nav_html`, written
//! here: one loop over fifty chapters in Tera cost about a tenth of a build, written in Rust
//! it costs a few microseconds. Themes that want other markup loop over `nav` themselves
//! (filled only when the site overrides a template).
use super::context::{Common, href};
use crate::markdown::highlight::escape_into;
use crate::site::{NavEntry, Site};
use serde::Serialize;

/// Above this many parts, the sidebar shows only the current part (plus a link home), so a
/// page's size does not grow with the site.
const MAX_NAV_PARTS: usize = 15;
/// The sidebar shows at most this many chapters of the current part, around the current one.
const MAX_NAV_CHAPTERS: usize = 60;

#[derive(Serialize)]
pub(crate) struct NavItem<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) current: bool,
    pub(crate) open: bool,
    pub(crate) children: Vec<NavChild<'a>>,
    /// Chapters of this part left out of `children` to bound the page size.
    pub(crate) more: usize,
}

#[derive(Serialize)]
pub(crate) struct NavChild<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) current: bool,
}

/// Where a page sits in the navigation.
#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Here {
    Elsewhere,
    Part(usize),
    Chapter(usize),
    Checklists,
}

/// A hash of everything `nav` reads besides the page's place: two builds with the same
/// fingerprint give every page the same sidebar. Keep in step with `nav` and `part_children`.
pub(crate) fn nav_fingerprint(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::key_hasher();
    (MAX_NAV_PARTS, MAX_NAV_CHAPTERS).hash(&mut h);
    for entry in &site.nav {
        match *entry {
            NavEntry::Part(p) => (0u8, p).hash(&mut h),
            NavEntry::Chapter(c) => (1u8, c).hash(&mut h),
        }
    }
    for p in &site.parts {
        (&p.title, &p.out_dir, &p.chapters).hash(&mut h);
    }
    for c in &site.chapters {
        (c.nav_title(), &c.out_dir, c.part).hash(&mut h);
    }
    h.finish()
}

/// The sidebar for one page, bounded in size whatever the size of the site.
pub(crate) fn nav<'a>(site: &'a Site, here: Here) -> Vec<NavItem<'a>> {
    let current_part = match here {
        Here::Part(p) => Some(p),
        Here::Chapter(c) => site.chapters[c].part,
        _ => None,
    };
    let mut items = Vec::new();
    let many = site.nav.len() > MAX_NAV_PARTS;
    for entry in &site.nav {
        match *entry {
            NavEntry::Part(p) => {
                let open = current_part == Some(p);
                if many && !open {
                    continue;
                }
                let part = &site.parts[p];
                let (children, more) = if open {
                    part_children(site, p, here)
                } else {
                    (Vec::new(), 0)
                };
                items.push(NavItem {
                    title: &part.title,
                    href: href(&part.out_dir),
                    current: here == Here::Part(p),
                    open,
                    children,
                    more,
                });
            }
            NavEntry::Chapter(c) => {
                if many && here != Here::Chapter(c) {
                    continue;
                }
                let ch = &site.chapters[c];
                items.push(NavItem {
                    title: ch.nav_title(),
                    href: href(&ch.out_dir),
                    current: here == Here::Chapter(c),
                    open: false,
                    children: Vec::new(),
                    more: 0,
                });
            }
        }
    }
    items
}

fn part_children(site: &Site, p: usize, here: Here) -> (Vec<NavChild<'_>>, usize) {
    let chapters = &site.parts[p].chapters;
    let pos = match here {
        Here::Chapter(c) => chapters.iter().position(|&x| x == c).unwrap_or(0),
        _ => 0,
    };
    let start = pos
        .saturating_sub(MAX_NAV_CHAPTERS / 2)
        .min(chapters.len().saturating_sub(MAX_NAV_CHAPTERS));
    let shown = &chapters[start..(start + MAX_NAV_CHAPTERS).min(chapters.len())];
    let children = shown
        .iter()
        .map(|&c| NavChild {
            title: site.chapters[c].nav_title(),
            href: href(&site.chapters[c].out_dir),
            current: here == Here::Chapter(c),
        })
        .collect();
    (children, chapters.len() - shown.len())
}

/// Fills in the sidebar of a page about to be rendered (`common.root` and `kind` set).
/// `items` keeps the entries in the context too, for sites whose own templates may loop over
/// them; the default templates only print `nav_html`, and handing Tera sixty entries a page
/// it never reads cost more than writing their HTML.
pub(crate) fn fill<'a>(common: &mut Common<'a>, site: &'a Site, here: Here, items: bool) {
    let entries = nav(site, here);
    common.nav_html = html(&entries, &common.root, common.kind);
    if items {
        common.nav = entries;
    }
}

/// The default sidebar's markup for a page of `kind` whose way back to the root is `root`.
pub(crate) fn html(items: &[NavItem<'_>], root: &str, kind: &str) -> String {
    let mut out = String::with_capacity(256 + items.len() * 96);
    let link = |out: &mut String, href: &str, current: bool, title: &str| {
        out.push_str("<a href=\"");
        escape_into(out, root);
        escape_into(out, href);
        out.push('"');
        if current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        escape_into(out, title);
        out.push_str("</a>");
    };
    out.push_str("<ol class=\"nav-list\">\n  <li class=\"nav-home\">");
    link(&mut out, "index.html", kind == "home", "Start here");
    out.push_str("</li>\n");
    for item in items {
        out.push_str(if item.open {
            "  <li class=\"nav-part open\">"
        } else {
            "  <li class=\"nav-part\">"
        });
        link(&mut out, &item.href, item.current, item.title);
        if !item.children.is_empty() {
            out.push_str("\n    <ol>\n");
            for c in &item.children {
                out.push_str("      <li>");
                link(&mut out, &c.href, c.current, c.title);
                out.push_str("</li>\n");
            }
            if item.more > 0 {
                out.push_str("      <li class=\"nav-more\">");
                link(&mut out, &item.href, false, &format!("{} more…", item.more));
                out.push_str("</li>\n");
            }
            out.push_str("    </ol>\n  ");
        }
        out.push_str("</li>\n");
    }
    out.push_str("  <li class=\"nav-checklists\">");
    let checklists = matches!(kind, "checklists" | "checklist");
    link(&mut out, "checklists/index.html", checklists, "Checklists");
    out.push_str("</li>\n</ol>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_current_page_escapes_titles_and_counts_the_rest() {
        let items = [NavItem {
            title: "Part <one>",
            href: "one/index.html".into(),
            current: false,
            open: true,
            children: vec![
                NavChild {
                    title: "A & B",
                    href: "one/a/index.html".into(),
                    current: true,
                },
                NavChild {
                    title: "C",
                    href: "one/c/index.html".into(),
                    current: false,
                },
            ],
            more: 3,
        }];
        let html = html(&items, "../../", "chapter");
        assert!(html.contains(
            "<li class=\"nav-part open\"><a href=\"../../one/index.html\">Part &lt;one&gt;</a>"
        ));
        assert!(
            html.contains("<a href=\"../../one/a/index.html\" aria-current=\"page\">A &amp; B</a>")
        );
        assert!(html.contains("<a href=\"../../one/c/index.html\">C</a>"));
        assert!(
            html.contains("<li class=\"nav-more\"><a href=\"../../one/index.html\">3 more…</a>")
        );
        assert_eq!(html.matches("aria-current").count(), 1);
        let on_checklists = super::html(&[], "", "checklist");
        assert!(
            on_checklists
                .contains("<a href=\"checklists/index.html\" aria-current=\"page\">Checklists</a>")
        );
        assert!(
            on_checklists.starts_with("<ol class=\"nav-list\">")
                && on_checklists.ends_with("</ol>")
        );
    }
}
