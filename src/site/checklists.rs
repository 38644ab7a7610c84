//! Checklists in the model: each parsed checklist's Markdown (description, items, details)
//! rendered with the site's links, and ids checked for clashes. Reads `Loaded`; no IO.
use super::{Checklist, ChecklistItem, ChecklistSection, LinkMap};
use crate::content::chapter::OrderKey;
use crate::content::checklist::ChecklistSource;
use crate::content::{Loaded, SourceEntry};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hash::content_id;
use crate::markdown::{self, LinkRef, Rendered};
use crate::url;
use std::collections::HashMap;

/// Every checklist, by file name order; a duplicate or reserved id is an error.
pub(super) fn build_checklists(
    loaded: &Loaded,
    map: &LinkMap,
    md: &markdown::Options,
    diags: &mut Diagnostics,
) -> Vec<Checklist> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut sorted: Vec<&(SourceEntry, ChecklistSource)> = loaded.checklists.iter().collect();
    sorted.sort_by(|a, b| {
        (OrderKey::new(None, a.0.file_name()), &a.0.rel)
            .cmp(&(OrderKey::new(None, b.0.file_name()), &b.0.rel))
    });
    let mut accepted = Vec::with_capacity(sorted.len());
    for (entry, c) in sorted {
        let path = url::content_path(&entry.rel);
        if c.id == "print" {
            diags.push(Diagnostic::error(&path, c.line, "checklist id \"print\" is reserved: `checklists/print/` is the page that prints every checklist").with_hint(Some("set another `id = \"...\"` or rename the file".into())));
            continue;
        }
        if let Some(first) = seen.insert(&c.id, &entry.rel) {
            diags.push(
                Diagnostic::error(
                    &path,
                    c.line,
                    format!(
                        "duplicate checklist id \"{}\": also used by {}",
                        c.id,
                        url::content_path(first)
                    ),
                )
                .with_hint(Some("set a different `id = \"...\"` in one of them".into())),
            );
            continue;
        }
        accepted.push((entry, c));
    }
    // In parallel: their Markdown is rendered again on every build, a few thousand items.
    use rayon::prelude::*;
    let built: Vec<(Checklist, Diagnostics)> = (accepted.into_par_iter())
        .map(|(entry, c)| {
            let mut found = Diagnostics::default();
            (checklist_model(&entry.rel, c, map, md, &mut found), found)
        })
        .collect();
    let mut out = Vec::with_capacity(built.len());
    for (checklist, found) in built {
        diags.extend(found);
        out.push(checklist);
    }
    out
}

fn checklist_model(
    source: &str,
    c: &ChecklistSource,
    map: &LinkMap,
    md: &markdown::Options,
    diags: &mut Diagnostics,
) -> Checklist {
    let out_dir = url::checklist_dir(&c.id);
    let page_links = map.for_page(source, &out_dir);
    let mut links = Vec::new();
    // Inline Markdown from a TOML string: its links and problems are placed on the string's line.
    let mut markdown = |text: &str, line: usize, block: bool| {
        let doc = if block {
            markdown::render(text, 1, md, &page_links, true)
        } else {
            markdown::render_inline(text, md, &page_links)
        };
        for p in &doc.problems {
            let p = markdown::Problem {
                line,
                col: 0,
                edit: None,
                ..p.clone()
            };
            diags.push(super::links::diagnostic(&url::content_path(source), &p));
        }
        links.extend(doc.links.iter().map(|l| LinkRef {
            line,
            col: 0,
            dest_at: None,
            ..l.clone()
        }));
        doc
    };
    let description = c
        .description
        .as_deref()
        .map(|d| markdown(d, c.description_line, true));
    let description_text = description.as_ref().map(Rendered::plain_text);
    let description = description.map(|r| r.html);
    let mut sections = Vec::with_capacity(c.sections.len());
    for s in &c.sections {
        let mut items = Vec::with_capacity(s.items.len());
        for it in &s.items {
            let text = markdown(&it.text, it.line, false);
            let detail = it.detail.as_deref().map(|d| markdown(d, it.line, false));
            let due = it.due.or(s.due);
            let shape = format!("{:?}{:?}", due.map(|d| (d.first, d.last)), it.answer);
            let hash = content_id(&[&it.text, it.detail.as_deref().unwrap_or(""), &shape]);
            items.push(ChecklistItem {
                id: it.id.clone(),
                text: text.plain_text(),
                html: text.html,
                markdown: it.text.clone(),
                detail: it.detail.clone(),
                detail_text: detail.as_ref().map(Rendered::plain_text),
                detail_html: detail.map(|d| d.html),
                due,
                answer: it.answer,
                hash,
            });
        }
        sections.push(ChecklistSection {
            id: s.id.clone(),
            title: s.title.clone(),
            items,
        });
    }
    let mut parts = vec![c.title.as_str(), c.description.as_deref().unwrap_or("")];
    for s in &sections {
        parts.push(&s.title);
        parts.extend(s.items.iter().map(|i| i.hash.as_str()));
    }
    let hash = content_id(&parts);
    Checklist {
        id: c.id.clone(),
        title: c.title.clone(),
        description,
        description_md: c.description.clone(),
        description_text,
        sections,
        out_dir,
        source: source.to_string(),
        links,
        complete: c.complete,
        hash,
    }
}
