//! The default sidebar's markup, and the shared tree file big sites load. Sections are a link
//! (to the section's page) beside a native `<details>` toggle, so the keyboard and screen
//! readers work it without a script; `site.js` keeps the reader's open sections while they
//! read and, on big sites, fills in what a page leaves out from `nav-tree.js`. Both must
//! write the same markup: keep `site.js` (`navItem`) in step with `item` here.
use super::{NavItem, Tree};
use crate::html::escape_into;
use crate::output::OutputFile;
use crate::site::NavEntry;
use crate::url;

/// The shared tree file, root-relative.
pub(crate) const TREE_FILE: &str = "static/nav-tree.js";

/// The default sidebar's markup for a page of `kind` whose way back to the root is `root`.
/// `here` is the page's root-relative href when it is in the tree; `tree` is the fingerprint
/// of the navigation when the page does not hold the whole tree (the shared file is then
/// loaded, with the fingerprint as its version so no browser uses a stale copy).
pub(crate) fn html(
    items: &[NavItem<'_>],
    root: &str,
    kind: &str,
    here: &str,
    tree: Option<u64>,
) -> String {
    let mut out = String::with_capacity(512 + items.len() * 96);
    out.push_str("<ol class=\"nav-list\"");
    if !here.is_empty() {
        out.push_str(" data-here=\"");
        escape_into(&mut out, here);
        out.push('"');
    }
    if tree.is_some() {
        out.push_str(" data-partial");
    }
    out.push_str(">\n<li class=\"nav-home\">");
    link(&mut out, root, &url::page(""), kind == "home", "Start here");
    out.push_str("</li>\n");
    for item in items {
        write_item(&mut out, root, item);
    }
    out.push_str("<li class=\"nav-checklists\">");
    let checklists = matches!(kind, "checklists" | "checklist");
    link(
        &mut out,
        root,
        &url::page(url::CHECKLISTS),
        checklists,
        "Checklists",
    );
    out.push_str("</li>\n<li class=\"nav-progress\">");
    link(
        &mut out,
        root,
        "progress/index.html",
        kind == "progress",
        "My progress",
    );
    out.push_str("</li>\n</ol>");
    if let Some(version) = tree {
        out.push_str("\n<script src=\"");
        escape_into(&mut out, root);
        out.push_str(TREE_FILE);
        out.push_str(&format!("?v={version:x}\" defer></script>"));
    }
    out
}

fn link(out: &mut String, root: &str, href: &str, current: bool, title: &str) {
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
}

/// One entry: a link, or for a section with children listed here, a link and a toggle.
fn write_item(out: &mut String, root: &str, item: &NavItem<'_>) {
    if !item.section {
        out.push_str("<li>");
        link(out, root, &item.href, item.current, item.title);
        out.push_str("</li>\n");
        return;
    }
    out.push_str("<li class=\"nav-section\">");
    link(out, root, &item.href, item.current, item.title);
    if !item.children.is_empty() {
        out.push_str("<details data-section=\"");
        escape_into(out, &item.href);
        out.push('"');
        if item.open {
            out.push_str(" open data-path");
        }
        out.push_str("><summary><span class=\"visually-hidden\">Pages in ");
        escape_into(out, item.title);
        out.push_str("</span></summary><ol>\n");
        for child in &item.children {
            write_item(out, root, child);
        }
        out.push_str("</ol></details>");
    }
    out.push_str("</li>\n");
}

/// `static/nav-tree.js`: the whole tree as one script, `window.playbookNavTree = [...]`, each
/// entry `[title, segment]` or, for a section, `[title, segment, [children]]`, its href being
/// its parent's plus its segment (which keeps the file about half as big).
pub(crate) fn tree_file(tree: &Tree<'_>) -> OutputFile {
    let entries = tree.nodes.sections.len() + tree.nodes.chapters.len();
    let mut out = String::with_capacity(64 + entries * 80);
    out.push_str(
        "// The navigation tree, written by playbook for site.js.\nwindow.playbookNavTree=",
    );
    write_entries(&mut out, tree, tree.nodes.top, "");
    out.push_str(";\n");
    OutputFile::new(TREE_FILE, out)
}

fn write_entries(out: &mut String, tree: &Tree<'_>, entries: &[NavEntry], parent: &str) {
    out.push('[');
    for (k, &e) in entries.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        let node = tree.node(e);
        let segment = node.out_dir.strip_prefix(parent).unwrap_or(node.out_dir);
        out.push('[');
        push_json(out, node.title);
        out.push(',');
        push_json(out, segment);
        if let NavEntry::Section(_) = e {
            out.push(',');
            write_entries(out, tree, node.children, node.out_dir);
        }
        out.push(']');
    }
    out.push(']');
}

/// `text` as a JSON string (which is also a JavaScript one).
fn push_json(out: &mut String, text: &str) {
    out.push_str(&serde_json::Value::from(text).to_string());
}
