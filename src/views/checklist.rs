//! A checklist as pages show it: on its own page, on the checklists index, embedded in a
//! chapter. Its Markdown was rendered once, for its own page; shown on another page, its
//! relative links are re-based for that page.
use super::Link;
use crate::markdown::rawhtml;
use crate::site::Checklist;
use crate::url;
use serde::Serialize;
use std::borrow::Cow;

#[derive(Serialize)]
pub(crate) struct ChecklistItemView<'a> {
    pub(crate) id: &'a str,
    pub(crate) html: Cow<'a, str>,
    pub(crate) detail: Option<Cow<'a, str>>,
    /// A worksheet question: the lines of its answer box.
    pub(crate) answer: Option<u32>,
    /// When it is due, in a dated plan.
    pub(crate) due: Option<DueView>,
    /// Fingerprint of the item, for "changed since your last visit".
    pub(crate) hash: &'a str,
}

/// A due offset: days from the start of the plan (day 1 is the start date).
#[derive(Serialize)]
pub(crate) struct DueView {
    pub(crate) first: u32,
    pub(crate) last: u32,
    /// `Week 2`, `Days 31-60`.
    pub(crate) label: String,
}

#[derive(Serialize)]
pub(crate) struct ChecklistSectionView<'a> {
    /// The section's anchor on the checklist page.
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) items: Vec<ChecklistItemView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ChecklistView<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) description: Option<Cow<'a, str>>,
    pub(crate) href: String,
    /// The Markdown task-list export, root-relative.
    pub(crate) md_href: String,
    pub(crate) total: usize,
    pub(crate) sections: Vec<ChecklistSectionView<'a>>,
    /// A dated plan: items have due offsets, and a reader can start it.
    pub(crate) plan: bool,
    /// How many items are worksheet questions.
    pub(crate) questions: usize,
    /// Fingerprint of the whole checklist.
    pub(crate) hash: &'a str,
}

/// The view of a checklist on its own page.
pub(crate) fn checklist_view(c: &Checklist) -> ChecklistView<'_> {
    checklist_view_at(c, &c.out_dir)
}

/// The view of a checklist shown on the page in `page_dir`.
pub(crate) fn checklist_view_at<'a>(c: &'a Checklist, page_dir: &str) -> ChecklistView<'a> {
    let root = (page_dir != c.out_dir).then(|| url::root_prefix(page_dir));
    checklist_view_with(c, &|h| match &root {
        Some(root) => rawhtml::rebase(h, &c.out_dir, root),
        None => Cow::Borrowed(h),
    })
}

/// The view of a checklist whose Markdown (as rendered for its own page) goes through `html`.
pub(crate) fn checklist_view_with<'a>(
    c: &'a Checklist,
    html: &dyn Fn(&'a str) -> Cow<'a, str>,
) -> ChecklistView<'a> {
    let sections: Vec<ChecklistSectionView<'_>> = c
        .sections
        .iter()
        .map(|s| ChecklistSectionView {
            id: &s.id,
            title: &s.title,
            items: s
                .items
                .iter()
                .map(|i| ChecklistItemView {
                    id: &i.id,
                    html: html(&i.html),
                    detail: i.detail_html.as_deref().map(html),
                    answer: i.answer,
                    due: i.due.map(|d| DueView {
                        first: d.first,
                        last: d.last,
                        label: d.label(),
                    }),
                    hash: &i.hash,
                })
                .collect(),
        })
        .collect();
    ChecklistView {
        id: &c.id,
        title: &c.title,
        description: c.description.as_deref().map(html),
        href: url::page(&c.out_dir),
        md_href: url::checklist_export(&c.out_dir, &c.id),
        total: sections.iter().map(|s| s.items.len()).sum(),
        sections,
        plan: c.is_plan(),
        questions: c.items().filter(|i| i.answer.is_some()).count(),
        hash: &c.hash,
    }
}

pub(crate) fn checklist_link(c: &Checklist) -> Link<'_> {
    Link::to(&c.title, &c.out_dir)
}
