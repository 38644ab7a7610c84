//! Notion's Markdown export keeps a page's subpages in a folder named like the page's file
//! (`First 90 days 8f2a…e1.md` beside `First 90 days 8f2a…e1/`): that page is the folder's
//! page, so its subpages nest under it. Only names ending in Notion's id are paired, so a
//! handbook's `team.md` beside `team/` stays a chapter of its own.
use crate::content::chapter::{stem, strip_notion_id};
use crate::content::{EntryKind, Loaded};
use std::collections::{HashMap, HashSet};

/// The folder each Notion page owns, by index into `Loaded::pages`.
pub(super) fn owners(loaded: &Loaded) -> HashMap<usize, String> {
    let mut with_pages: HashSet<&str> = HashSet::new();
    let mut indexed: HashSet<&str> = HashSet::new();
    for p in &loaded.pages {
        let mut d = p.entry.dir();
        if p.entry.kind == EntryKind::Index {
            indexed.insert(d);
        }
        while !d.is_empty() && with_pages.insert(d) {
            d = d.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
    let mut out = HashMap::new();
    for (i, p) in loaded.pages.iter().enumerate() {
        let s = stem(p.entry.file_name());
        if p.entry.kind != EntryKind::Chapter || strip_notion_id(s) == s {
            continue;
        }
        let folder = match p.entry.dir() {
            "" => s.to_string(),
            d => format!("{d}/{s}"),
        };
        if with_pages.contains(folder.as_str()) && !indexed.contains(folder.as_str()) {
            out.insert(i, folder);
        }
    }
    out
}
