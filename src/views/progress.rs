//! What the reader's browser needs to follow their progress across pages: the "My progress"
//! page (every checklist and page task list, with the items a script counts and the dated
//! items of plans), the "What's new" page (every page with its fingerprint and date), and the
//! manifest of fingerprints (`static/changes.js`) that lets any page tell what changed since
//! the reader last saw it. The browser keeps what it saw; nothing is sent anywhere.
use crate::output::OutputFile;
use crate::site::{NavEntry, Site, page_checklist_id};
use crate::url::page as href;
use serde::Serialize;

/// The manifest, root-relative: a script, so pages opened from disk can load it.
pub(crate) const MANIFEST: &str = "static/changes.js";

/// A page as "what changed" sees it.
#[derive(Serialize)]
pub(crate) struct PageMark<'a> {
    /// The page's output folder: the key the browser keeps its fingerprint under.
    pub(crate) url: &'a str,
    pub(crate) hash: &'a str,
}

/// One row of the "What's new" page.
#[derive(Serialize)]
pub(crate) struct ChangeRow<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    #[serde(flatten)]
    pub(crate) mark: PageMark<'a>,
    /// When it last changed (`YYYY-MM-DD`), when known.
    pub(crate) date: Option<&'a str>,
    /// "Chapter", "Section" or "Checklist".
    pub(crate) kind: &'static str,
}

/// Every page a reader can follow, newest dated first, the rest in reading order, then the
/// checklists.
pub(crate) fn change_rows(site: &Site) -> Vec<ChangeRow<'_>> {
    let mut rows = Vec::new();
    for e in site.reading_order() {
        let (hash, date, kind) = match e {
            NavEntry::Chapter(c) => {
                let c = &site.chapters[c];
                (&c.hash, c.updated.as_deref(), "Chapter")
            }
            NavEntry::Section(s) => (&site.sections[s].hash, None, "Section"),
        };
        rows.push(ChangeRow {
            title: site.title_of(e),
            href: href(site.out_dir_of(e)),
            mark: PageMark {
                url: site.out_dir_of(e),
                hash,
            },
            date,
            kind,
        });
    }
    rows.extend(site.checklists.iter().map(|c| ChangeRow {
        title: &c.title,
        href: href(&c.out_dir),
        mark: PageMark {
            url: &c.out_dir,
            hash: &c.hash,
        },
        date: None,
        kind: "Checklist",
    }));
    // Stable: undated rows keep their order, after the dated ones.
    rows.sort_by(|a, b| b.date.cmp(&a.date));
    rows
}

/// `static/changes.js`: every page's fingerprint by its folder.
pub(crate) fn manifest(site: &Site) -> OutputFile {
    let pages: std::collections::BTreeMap<&str, &str> = change_rows(site)
        .into_iter()
        .map(|r| (r.mark.url, r.mark.hash))
        .collect();
    let json = serde_json::json!({ "version": 1, "pages": pages });
    OutputFile::new(MANIFEST, format!("window.playbookChanges = {json};\n"))
}

/// One checklist, or one page's task lists, on "My progress".
#[derive(Serialize)]
pub(crate) struct ProgressEntry<'a> {
    pub(crate) id: String,
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) total: usize,
    /// Worksheet questions among the items.
    pub(crate) questions: usize,
    pub(crate) plan: bool,
    /// False for the task lists of a chapter or section.
    pub(crate) checklist: bool,
    /// The items, for the script: id, whether it is a question, and for a plan's dated
    /// items the due window and the text.
    #[serde(skip)]
    items: Vec<ProgressItem<'a>>,
}

/// An item as the progress script reads it: `[id, question, first, last, text]`.
#[derive(Serialize)]
struct ProgressItem<'a>(&'a str, u8, u32, u32, &'a str);

#[derive(Serialize)]
pub(crate) struct ProgressView<'a> {
    pub(crate) lists: Vec<ProgressEntry<'a>>,
    /// `lists` with their items, as JSON safe inside a `<script>` element.
    pub(crate) data: String,
}

/// "My progress": every checklist, then every page with task lists in reading order.
pub(crate) fn progress_view(site: &Site) -> ProgressView<'_> {
    let mut lists: Vec<ProgressEntry<'_>> = site
        .checklists
        .iter()
        .map(|c| {
            let items: Vec<ProgressItem<'_>> = c
                .items()
                .map(|i| {
                    let (first, last) = i.due.map_or((0, 0), |d| (d.first, d.last));
                    let text = if i.due.is_some() { i.text.as_str() } else { "" };
                    ProgressItem(&i.id, u8::from(i.answer.is_some()), first, last, text)
                })
                .collect();
            ProgressEntry {
                id: c.id.clone(),
                title: &c.title,
                href: href(&c.out_dir),
                total: items.len(),
                questions: items.iter().filter(|i| i.1 == 1).count(),
                plan: c.is_plan(),
                checklist: true,
                items,
            }
        })
        .collect();
    for e in site.reading_order() {
        let (title, out_dir, tasks) = match e {
            NavEntry::Chapter(c) => {
                let c = &site.chapters[c];
                (c.title.as_str(), &c.out_dir, &c.rendered.tasks)
            }
            NavEntry::Section(s) => {
                let s = &site.sections[s];
                let Some(intro) = &s.intro else { continue };
                (s.title.as_str(), &s.out_dir, &intro.tasks)
            }
        };
        if tasks.is_empty() {
            continue;
        }
        lists.push(ProgressEntry {
            id: page_checklist_id(out_dir),
            title,
            href: href(out_dir),
            total: tasks.len(),
            questions: 0,
            plan: false,
            checklist: false,
            items: tasks
                .iter()
                .map(|t| ProgressItem(&t.id, 0, 0, 0, ""))
                .collect(),
        });
    }
    #[derive(Serialize)]
    struct Data<'a> {
        id: &'a str,
        title: &'a str,
        href: &'a str,
        items: &'a [ProgressItem<'a>],
    }
    let data: Vec<Data<'_>> = lists
        .iter()
        .map(|l| Data {
            id: &l.id,
            title: l.title,
            href: &l.href,
            items: &l.items,
        })
        .collect();
    let data = serde_json::to_string(&data)
        .unwrap_or_else(|_| "[]".into())
        .replace('<', "\\u003c");
    ProgressView { lists, data }
}
