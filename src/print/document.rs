//! One print document's link rules: which pages it contains (a link to one of them becomes
//! an in-page `#anchor`) and how far its page is from the site root (other links are
//! re-based), applied to HTML written for another page.
use super::fragment::{self, Fragment};
use super::{Scope, chapter_anchor, checklist_anchor, part_anchor};
use crate::site::{Checklist, Site};
use crate::url;
use anyhow::Result;
use std::collections::HashMap;

/// Root-relative page hrefs that the document contains, and the anchor each becomes.
pub(super) fn targets(
    site: &Site,
    scope: Scope,
    sections: &[usize],
    chapters: &[usize],
    checklists: &[&Checklist],
) -> HashMap<String, String> {
    let mut targets = HashMap::new();
    for &c in chapters {
        targets.insert(
            url::page(&site.chapters[c].out_dir),
            chapter_anchor(&site.chapters[c].out_dir),
        );
    }
    for &s in sections {
        let out_dir = &site.sections[s].out_dir;
        targets.insert(url::page(out_dir), part_anchor(out_dir));
    }
    for c in checklists {
        targets.insert(url::page(&c.out_dir), checklist_anchor(&c.id));
    }
    match scope {
        Scope::Book => {
            targets.insert(url::page(""), "top".into());
            if !checklists.is_empty() {
                targets.insert(url::page(url::CHECKLISTS), "checklists".into());
            }
        }
        Scope::Part(s) => {
            targets.insert(url::page(&site.sections[s].out_dir), "top".into());
        }
    }
    targets
}

/// One print document: which pages it contains and where it is written.
#[derive(Debug, Default)]
pub(super) struct Document {
    /// Root-relative page href (`the-leap/trap/index.html`) → its anchor in the document.
    pub(super) targets: HashMap<String, String>,
    /// `../` per folder of the print page.
    pub(super) page_root: String,
}

impl Document {
    /// HTML rendered for a page in `from_dir`, rewritten to sit inside this document.
    pub(super) fn rewrite(&self, html: &str, from_dir: &str, prefix: &str) -> Result<String> {
        let fragment = fragment::fragment(html, from_dir, prefix)?;
        let mut out = String::with_capacity(fragment.len() + fragment.len() / 16);
        self.resolve_into(&mut out, &Fragment::Rewritten(fragment.into()));
        Ok(out)
    }

    /// Appends `fragment` with its placeholders resolved for this document.
    pub(super) fn resolve_into(&self, out: &mut String, fragment: &Fragment) {
        fragment::resolve_into(out, fragment, &self.targets, &self.page_root);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_with(targets: HashMap<String, String>) -> Document {
        Document {
            targets,
            page_root: "../".into(),
        }
    }

    #[test]
    fn prefixes_ids_and_points_links_inside_the_document() {
        let mut targets = HashMap::new();
        targets.insert("b/x/index.html".to_string(), "ch-b-x".to_string());
        targets.insert("checklists/c/index.html".to_string(), "cl-c".to_string());
        let doc = doc_with(targets);
        let html = "<h2 id=\"intro\">Intro<a class=\"anchor\" href=\"#intro\">#</a></h2>\n<p><a href=\"../../b/x/index.html#deep\">x</a> <a href=\"../../b/x/index.html\">x</a> <a href=\"../../checklists/c/index.html#item\">i</a> <a href=\"../../tags/t/index.html\">t</a> <a href=\"https://e.org/\">e</a> <img src=\"img/d.png\" alt=\"\"></p><label for=\"cb\">l</label>";
        let out = doc.rewrite(html, "a/y/", "ch-a-y--").unwrap();
        for want in [
            "id=\"ch-a-y--intro\"",
            "href=\"#ch-a-y--intro\"",
            "href=\"#ch-b-x--deep\"",
            "href=\"#ch-b-x\"",
            "href=\"#cl-c--item\"",
            "href=\"../tags/t/index.html\"",
            "href=\"https://e.org/\"",
            "src=\"../a/y/img/d.png\"",
            "for=\"ch-a-y--cb\"",
        ] {
            assert!(out.contains(want), "{want} missing in {out}");
        }
    }
}
