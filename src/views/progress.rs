//! What the reader's browser needs to follow their progress across pages: the "My progress"
//! page (every checklist and page task list, with the items a script counts and the dated
//! items of plans), the "What's new" page (every page with its fingerprint and date), and the
//! manifest of fingerprints (`static/changes.js`) that lets any page tell what changed since
//! the reader last saw it. The browser keeps what it saw; nothing is sent anywhere.
use crate::markdown::Task;
use crate::output::OutputFile;
use crate::site::{Checklist, NavEntry, Site, page_checklist_id};
use crate::url::page as href;
use serde::Serialize;
use std::hash::{Hash, Hasher};

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
    let mut rows: Vec<ChangeRow<'_>> = followed(site)
        .map(|(mark, date, kind, title)| ChangeRow {
            title,
            href: href(mark.url),
            mark,
            date,
            kind,
        })
        .collect();
    // Stable: undated rows keep their order, after the dated ones.
    rows.sort_by(|a, b| b.date.cmp(&a.date));
    rows
}

/// Every page a reader can follow, in reading order, then the checklists: its mark, date,
/// kind and title.
fn followed(site: &Site) -> impl Iterator<Item = (PageMark<'_>, Option<&str>, &'static str, &str)> {
    let pages = site.reading_order().into_iter().map(|e| {
        let (hash, date, kind) = match e {
            NavEntry::Chapter(c) => {
                let c = &site.chapters[c];
                (&c.hash, c.updated.as_deref(), "Chapter")
            }
            NavEntry::Section(s) => (&site.sections[s].hash, None, "Section"),
        };
        let url = site.out_dir_of(e);
        (PageMark { url, hash }, date, kind, site.title_of(e))
    });
    let checklists = site.checklists.iter().map(|c| {
        let mark = PageMark {
            url: &c.out_dir,
            hash: &c.hash,
        };
        (mark, None, "Checklist", c.title.as_str())
    });
    pages.chain(checklists)
}

/// The rows of "What's new" as the default theme lists them, for the page `root` away from
/// the site root: what `{% for p in page.pages %}` wrote, byte for byte.
pub(crate) fn rows_html(rows: &[ChangeRow<'_>], root: &str) -> String {
    use crate::html::escape_into as put;
    let mut out = String::with_capacity(rows.len() * 192);
    for p in rows {
        out.push_str("<li data-page=\"");
        put(&mut out, p.mark.url);
        out.push_str("\" data-hash=\"");
        put(&mut out, p.mark.hash);
        out.push_str("\"><a href=\"");
        put(&mut out, root);
        put(&mut out, &p.href);
        out.push_str("\">");
        put(&mut out, p.title);
        out.push_str("</a> <span class=\"count\">");
        put(&mut out, p.kind);
        // Tera's `{% if p.date %}` is false for an empty string too.
        if let Some(date) = p.date.filter(|d| !d.is_empty()) {
            out.push_str(" · updated <time datetime=\"");
            put(&mut out, date);
            out.push_str("\">");
            put(&mut out, date);
            out.push_str("</time>");
        }
        out.push_str("</span></li>\n      ");
    }
    out
}

/// `static/changes.js`: every page's fingerprint by its folder.
pub(crate) fn manifest(site: &Site) -> OutputFile {
    let pages: std::collections::BTreeMap<&str, &str> =
        followed(site).map(|(m, ..)| (m.url, m.hash)).collect();
    /// Its fields in the order `serde_json`'s maps, sorted by key, wrote them.
    #[derive(Serialize)]
    struct Manifest<'a> {
        pages: std::collections::BTreeMap<&'a str, &'a str>,
        version: u32,
    }
    // Serializing strings to JSON cannot fail.
    let json = serde_json::to_string(&Manifest { pages, version: 1 }).unwrap_or_default();
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
#[derive(Serialize, Hash)]
struct ProgressItem<'a>(&'a str, u8, u32, u32, &'a str);

#[derive(Serialize)]
pub(crate) struct ProgressView<'a> {
    pub(crate) lists: Vec<ProgressEntry<'a>>,
    /// `lists` with their items, as JSON safe inside a `<script>` element.
    pub(crate) data: String,
}

/// "My progress" as the page cache first sees it: a hash of what it is made from
/// (`progress_key`), so that its lists (one per page with a task list: thousands) and their
/// JSON are built only when the page is rendered, not on every build to hash them.
pub(crate) type ProgressPage<'a> = super::Deferred<ProgressPlan<'a>>;

/// What "My progress" is made from: the whole site's checklists and task lists.
pub(crate) struct ProgressPlan<'a>(&'a Site);

impl<'a> super::Plan for ProgressPlan<'a> {
    type View = ProgressView<'a>;

    fn view(self) -> anyhow::Result<ProgressView<'a>> {
        Ok(progress_view(self.0))
    }
}

/// "My progress", to be built when it is rendered.
pub(crate) fn progress_page(site: &Site) -> ProgressPage<'_> {
    super::Deferred::planned(ProgressPlan(site), progress_key(site))
}

/// A hash of everything `progress_view` reads, through the same functions: each checklist's
/// id, title, folder and items, and each page with task lists, its title, folder and tasks.
/// What the view shows besides (hrefs, ids, counts, the JSON) is made from these.
fn progress_key(site: &Site) -> u64 {
    let mut h = crate::hash::key_hasher();
    site.checklists.len().hash(&mut h);
    for c in &site.checklists {
        (&c.id, &c.title, &c.out_dir, c.is_plan(), c.items().count()).hash(&mut h);
        for item in checklist_items(c) {
            item.hash(&mut h);
        }
    }
    for (title, out_dir, tasks) in task_pages(site) {
        (title, out_dir, tasks.len()).hash(&mut h);
        for t in tasks {
            task_item(t).hash(&mut h);
        }
    }
    h.finish()
}

/// A checklist's items as the progress script reads them.
fn checklist_items(c: &Checklist) -> impl Iterator<Item = ProgressItem<'_>> {
    c.items().map(|i| {
        let (first, last) = i.due.map_or((0, 0), |d| (d.first, d.last));
        let text = if i.due.is_some() { i.text.as_str() } else { "" };
        ProgressItem(&i.id, u8::from(i.answer.is_some()), first, last, text)
    })
}

fn task_item(t: &Task) -> ProgressItem<'_> {
    ProgressItem(&t.id, 0, 0, 0, "")
}

/// Every page with task lists, in reading order: its title, folder and tasks.
fn task_pages(site: &Site) -> impl Iterator<Item = (&str, &str, &[Task])> {
    site.reading_order().into_iter().filter_map(|e| {
        let (title, out_dir, tasks) = match e {
            NavEntry::Chapter(c) => {
                let c = &site.chapters[c];
                (c.title.as_str(), c.out_dir.as_str(), &c.rendered.tasks)
            }
            NavEntry::Section(s) => {
                let s = &site.sections[s];
                let intro = s.intro.as_ref()?;
                (s.title.as_str(), s.out_dir.as_str(), &intro.tasks)
            }
        };
        (!tasks.is_empty()).then_some((title, out_dir, tasks.as_slice()))
    })
}

/// "My progress": every checklist, then every page with task lists in reading order.
pub(crate) fn progress_view(site: &Site) -> ProgressView<'_> {
    let mut lists: Vec<ProgressEntry<'_>> = site
        .checklists
        .iter()
        .map(|c| {
            let items: Vec<ProgressItem<'_>> = checklist_items(c).collect();
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
    for (title, out_dir, tasks) in task_pages(site) {
        lists.push(ProgressEntry {
            id: page_checklist_id(out_dir),
            title,
            href: href(out_dir),
            total: tasks.len(),
            questions: 0,
            plan: false,
            checklist: false,
            items: tasks.iter().map(task_item).collect(),
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

#[cfg(test)]
mod tests;
