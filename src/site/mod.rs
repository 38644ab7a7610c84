//! The site model: home, parts, chapters and checklists in reading order, with their output
//! folders, titles, navigation order and tags. Plain owned data in `Vec`s addressed by index;
//! no IO, no templates. Markdown is rendered through a caller-supplied function so the
//! pipeline can memoize it.
pub(crate) mod fragments;
pub(crate) mod links;
mod model;
pub(crate) mod redirects;

pub(crate) use links::{LinkMap, Target, join, root_prefix};
pub(crate) use model::*;

use crate::content::chapter::{OrderKey, slug_of_name, slugify, title_from_name};
use crate::content::checklist::ChecklistSource;
use crate::content::{EntryKind, Loaded, PageSource};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, LinkRef, Rendered};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Folder names under `content/` that are not parts.
const CHECKLIST_DIR: &str = "checklists";
/// Output folders the site itself uses; a part or chapter may not take them.
const RESERVED: [&str; 6] = [
    "checklists/",
    "tags/",
    "search/",
    "print/",
    "static/",
    "__playbook/",
];

/// Renders one page's Markdown; supplied by the pipeline (which caches).
pub(crate) type RenderFn<'a> = dyn Fn(&PageSource, &LinkMap, &str) -> Arc<Rendered> + Sync + 'a;

/// Options that shape the model.
pub(crate) struct BuildOptions {
    pub(crate) drafts: bool,
    pub(crate) md: markdown::Options,
}

/// Where a page sits before rendering.
struct Planned {
    source: usize,
    part: Option<usize>,
    out_dir: String,
    order: (OrderKey, String),
}

/// Builds the model from everything loaded. Problems go to `diags`.
pub(crate) fn build(
    loaded: &Loaded,
    opts: &BuildOptions,
    render: &RenderFn<'_>,
    diags: &mut Diagnostics,
) -> Site {
    let mut parts = plan_parts(loaded);
    let (planned, draft_targets) = plan_chapters(loaded, &parts, opts.drafts);
    let mut map = LinkMap::default();
    map.drafts_published = opts.drafts;
    for (rel, href) in draft_targets {
        map.pages.insert(rel, Target { href, draft: true });
    }
    for p in &planned {
        map.pages.insert(
            loaded.pages[p.source].entry.rel.clone(),
            Target {
                href: format!("{}index.html", p.out_dir),
                draft: false,
            },
        );
    }
    for part in &parts {
        map.pages.insert(
            part.dir.clone(),
            Target {
                href: format!("{}index.html", part.out_dir),
                draft: false,
            },
        );
        if let Some(i) = part.index_source {
            map.pages.insert(
                loaded.pages[i].entry.rel.clone(),
                Target {
                    href: format!("{}index.html", part.out_dir),
                    draft: false,
                },
            );
        }
    }
    let home_index = loaded
        .pages
        .iter()
        .position(|p| p.entry.kind == EntryKind::Index && p.entry.dir().is_empty());
    let checklist_index = loaded
        .pages
        .iter()
        .position(|p| p.entry.kind == EntryKind::Index && p.entry.dir() == CHECKLIST_DIR);
    if let Some(i) = home_index {
        map.pages.insert(
            loaded.pages[i].entry.rel.clone(),
            Target {
                href: "index.html".into(),
                draft: false,
            },
        );
    }
    if let Some(i) = checklist_index {
        map.pages.insert(
            loaded.pages[i].entry.rel.clone(),
            Target {
                href: "checklists/index.html".into(),
                draft: false,
            },
        );
    }
    map.pages.insert(
        CHECKLIST_DIR.into(),
        Target {
            href: "checklists/index.html".into(),
            draft: false,
        },
    );
    for (entry, c) in &loaded.checklists {
        map.pages.insert(
            entry.rel.clone(),
            Target {
                href: format!("checklists/{}/index.html", c.id),
                draft: false,
            },
        );
    }
    map.assets = loaded.assets.iter().cloned().collect();
    map.seal();

    let chapters = render_chapters(loaded, &planned, &map, render, diags);
    for (i, part) in parts.iter_mut().enumerate() {
        part.chapters = chapters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.part == Some(i))
            .map(|(ci, _)| ci)
            .collect();
        if let Some(src) = part.index_source {
            let r = render(&loaded.pages[src], &map, &part.out_dir);
            report(&loaded.pages[src], &r, diags);
            part.title = loaded.pages[src]
                .meta
                .title
                .clone()
                .or_else(|| r.h1.clone())
                .unwrap_or_else(|| part.title.clone());
            part.description = loaded.pages[src].meta.description.clone();
            part.intro = Some(r);
            part.intro_source = Some(loaded.pages[src].entry.rel.clone());
        }
    }
    let nav = plan_nav(&parts, &chapters, &planned);
    let mut intro_page = |i: Option<usize>, out_dir: &str| {
        i.map(|i| {
            let r = render(&loaded.pages[i], &map, out_dir);
            report(&loaded.pages[i], &r, diags);
            IndexPage {
                source: loaded.pages[i].entry.rel.clone(),
                meta: loaded.pages[i].meta.clone(),
                rendered: r,
            }
        })
    };
    let home = intro_page(home_index, "");
    let checklists_intro = intro_page(checklist_index, "checklists/");
    let checklists = build_checklists(loaded, &map, opts, diags);
    let mut site = Site {
        home,
        parts,
        chapters,
        checklists,
        checklists_intro,
        nav,
        tags: BTreeMap::new(),
        assets: Vec::new(),
        redirects: Vec::new(),
    };
    site.tags = collect_tags(&site.chapters);
    site.assets = collect_assets(&site);
    check_collisions(&site, diags);
    check_embeds(&site, diags);
    site.link_prev_next();
    site
}

/// One part per top-level folder that holds Markdown, except `checklists/`.
fn plan_parts(loaded: &Loaded) -> Vec<Part> {
    let mut dirs: BTreeMap<String, Option<usize>> = BTreeMap::new();
    for (i, p) in loaded.pages.iter().enumerate() {
        let Some((top, _)) = p.entry.rel.split_once('/') else {
            continue;
        };
        if top == CHECKLIST_DIR {
            continue;
        }
        let slot = dirs.entry(top.to_string()).or_insert(None);
        if p.entry.kind == EntryKind::Index && p.entry.dir() == top {
            *slot = Some(i);
        }
    }
    let mut parts: Vec<Part> = dirs
        .into_iter()
        .map(|(dir, index_source)| {
            let meta = index_source.map(|i| &loaded.pages[i].meta);
            let slug = meta
                .and_then(|m| m.slug.clone())
                .map(|s| slugify(&s))
                .unwrap_or_else(|| slug_of_name(&dir));
            Part {
                title: meta
                    .and_then(|m| m.title.clone())
                    .unwrap_or_else(|| title_from_name(&dir)),
                description: None,
                out_dir: format!("{slug}/"),
                order: OrderKey::new(meta.and_then(|m| m.weight), &dir),
                dir,
                index_source,
                intro: None,
                intro_source: None,
                chapters: Vec::new(),
            }
        })
        .collect();
    parts.sort_by(|a, b| a.order.cmp(&b.order));
    parts
}

/// Output folders and reading order of chapters; drafts are returned apart (rel, href).
fn plan_chapters(
    loaded: &Loaded,
    parts: &[Part],
    drafts: bool,
) -> (Vec<Planned>, Vec<(String, String)>) {
    let part_of: HashMap<&str, usize> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.dir.as_str(), i))
        .collect();
    let mut planned = Vec::new();
    let mut draft_targets = Vec::new();
    for (i, p) in loaded.pages.iter().enumerate() {
        if p.entry.kind != EntryKind::Chapter || p.entry.dir() == CHECKLIST_DIR {
            continue;
        }
        let dirs: Vec<&str> = p.entry.dir().split('/').filter(|d| !d.is_empty()).collect();
        let part = dirs.first().and_then(|d| part_of.get(d).copied());
        let mut out_dir = String::new();
        if let Some(pi) = part {
            out_dir.push_str(&parts[pi].out_dir);
        }
        for sub in dirs.iter().skip(1) {
            out_dir.push_str(&slug_of_name(sub));
            out_dir.push('/');
        }
        let slug = p
            .meta
            .slug
            .as_deref()
            .map(slugify)
            .unwrap_or_else(|| slug_of_name(p.entry.file_name()));
        out_dir.push_str(if slug.is_empty() { "page" } else { &slug });
        out_dir.push('/');
        if p.meta.draft && !drafts {
            draft_targets.push((p.entry.rel.clone(), format!("{out_dir}index.html")));
            continue;
        }
        let order = (
            OrderKey::new(p.meta.weight, p.entry.file_name()),
            p.entry.dir().to_string(),
        );
        planned.push(Planned {
            source: i,
            part,
            out_dir,
            order,
        });
    }
    planned.sort_by(|a, b| (a.part, &a.order.1, &a.order.0).cmp(&(b.part, &b.order.1, &b.order.0)));
    (planned, draft_targets)
}

fn render_chapters(
    loaded: &Loaded,
    planned: &[Planned],
    map: &LinkMap,
    render: &RenderFn<'_>,
    diags: &mut Diagnostics,
) -> Vec<Chapter> {
    use rayon::prelude::*;
    let rendered: Vec<Arc<Rendered>> = planned
        .par_iter()
        .map(|p| render(&loaded.pages[p.source], map, &p.out_dir))
        .collect();
    planned
        .iter()
        .zip(rendered)
        .map(|(p, r)| {
            let src = &loaded.pages[p.source];
            report(src, &r, diags);
            let title = src
                .meta
                .title
                .clone()
                .or_else(|| r.h1.clone())
                .unwrap_or_else(|| title_from_name(src.entry.file_name()));
            Chapter {
                title,
                nav_title: src.meta.nav_title.clone(),
                updated: src.meta.updated.clone(),
                description: src.meta.description.clone(),
                tags: src.meta.tags.clone(),
                part: p.part,
                out_dir: p.out_dir.clone(),
                source: src.entry.rel.clone(),
                rendered: r,
                prev: None,
                next: None,
            }
        })
        .collect()
}

/// Reading order: parts and loose chapters interleaved by their order keys.
fn plan_nav(parts: &[Part], chapters: &[Chapter], planned: &[Planned]) -> Vec<NavEntry> {
    let mut entries: Vec<(&OrderKey, NavEntry)> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (&p.order, NavEntry::Part(i)))
        .collect();
    for (i, c) in chapters.iter().enumerate() {
        if c.part.is_none() {
            entries.push((&planned[i].order.0, NavEntry::Chapter(i)));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries.into_iter().map(|(_, e)| e).collect()
}

fn build_checklists(
    loaded: &Loaded,
    map: &LinkMap,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> Vec<Checklist> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut out = Vec::new();
    let mut sorted: Vec<&(crate::content::SourceEntry, ChecklistSource)> =
        loaded.checklists.iter().collect();
    sorted.sort_by(|a, b| {
        (OrderKey::new(None, a.0.file_name()), &a.0.rel)
            .cmp(&(OrderKey::new(None, b.0.file_name()), &b.0.rel))
    });
    for (entry, c) in sorted {
        let path = format!("content/{}", entry.rel);
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
                        "duplicate checklist id \"{}\": also used by content/{first}",
                        c.id
                    ),
                )
                .with_hint(Some("set a different `id = \"...\"` in one of them".into())),
            );
            continue;
        }
        out.push(checklist_model(&entry.rel, c, map, opts, diags));
    }
    out
}

fn checklist_model(
    source: &str,
    c: &ChecklistSource,
    map: &LinkMap,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> Checklist {
    let out_dir = format!("checklists/{}/", c.id);
    let page_links = map.for_page(source, &out_dir);
    let mut links = Vec::new();
    // Inline Markdown from a TOML string: its links and problems are placed on the string's line.
    let mut markdown = |text: &str, line: usize, block: bool| {
        let doc = if block {
            markdown::render(text, 1, &opts.md, &page_links, true)
        } else {
            markdown::render_inline(text, &opts.md, &page_links)
        };
        for p in &doc.problems {
            let p = markdown::Problem {
                line,
                col: 0,
                edit: None,
                ..p.clone()
            };
            diags.push(links::diagnostic(&format!("content/{source}"), &p));
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
            items.push(ChecklistItem {
                id: it.id.clone(),
                text: text.plain_text(),
                html: text.html,
                markdown: it.text.clone(),
                detail: it.detail.clone(),
                detail_text: detail.as_ref().map(Rendered::plain_text),
                detail_html: detail.map(|d| d.html),
            });
        }
        sections.push(ChecklistSection {
            id: s.id.clone(),
            title: s.title.clone(),
            items,
        });
    }
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
    }
}

fn collect_tags(chapters: &[Chapter]) -> BTreeMap<String, Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, c) in chapters.iter().enumerate() {
        for t in &c.tags {
            let slug = slugify(t);
            if slug.is_empty() {
                continue;
            }
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                name: t.clone(),
                out_dir: format!("tags/{slug}/"),
                chapters: Vec::new(),
            });
            if !tag.chapters.contains(&i) {
                tag.chapters.push(i);
            }
        }
    }
    tags
}

/// Linked assets, each copied once per output path.
fn collect_assets(site: &Site) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = Vec::new();
    let intros = site
        .parts
        .iter()
        .filter_map(|p| p.intro.as_deref())
        .chain(site.home.iter().map(|h| &*h.rendered))
        .chain(site.checklists_intro.iter().map(|h| &*h.rendered));
    for r in site.chapters.iter().map(|c| &*c.rendered).chain(intros) {
        all.extend(r.assets.iter().cloned());
    }
    all.sort();
    all.dedup();
    all
}

/// Reports broken links found while rendering a page.
fn report(src: &PageSource, r: &Rendered, diags: &mut Diagnostics) {
    for p in &r.problems {
        diags.push(links::diagnostic(&format!("content/{}", src.entry.rel), p));
    }
}

/// Two sources writing the same output folder, or a page taking a reserved folder.
fn check_collisions(site: &Site, diags: &mut Diagnostics) {
    let mut owners: HashMap<&str, &str> = HashMap::new();
    let pages = site
        .parts
        .iter()
        .map(|p| (p.out_dir.as_str(), p.dir.as_str()))
        .chain(
            site.chapters
                .iter()
                .map(|c| (c.out_dir.as_str(), c.source.as_str())),
        );
    for (out, src) in pages {
        let part_print = site
            .parts
            .iter()
            .any(|p| out == format!("{}print/", p.out_dir));
        if RESERVED.iter().any(|r| out.starts_with(r)) || out == "index/" || part_print {
            diags.push(
                Diagnostic::error(
                    format!("content/{src}"),
                    0,
                    format!("the URL `{out}` is reserved by playbook"),
                )
                .with_hint(Some(
                    "rename the file or folder, or set `slug` in its front matter".into(),
                )),
            );
        } else if let Some(other) = owners.insert(out, src) {
            diags.push(
                Diagnostic::error(
                    format!("content/{src}"),
                    0,
                    format!("the URL `{out}` is also produced by content/{other}"),
                )
                .with_hint(Some(
                    "rename one of them or set a different `slug` in its front matter".into(),
                )),
            );
        }
    }
}

/// Every `<!-- checklist: id -->` must name a checklist. One that names none, while some
/// checklist could not be read (its id may be the one named), follows from that file's errors.
fn check_embeds(site: &Site, diags: &mut Diagnostics) {
    let unread = site.checklists.iter().find(|c| !c.complete);
    for c in &site.chapters {
        for e in &c.rendered.embeds {
            if site.checklist(&e.id).is_none() {
                let path = format!("content/{}", c.source);
                let known: Vec<&str> = site.checklists.iter().map(|c| c.id.as_str()).collect();
                let d = links::unknown_embed(&path, e, &known);
                // An id near a known one is a mistake of its own.
                diags.push(match unread {
                    Some(u) if d.hint.is_none() => d.because(&format!("content/{}", u.source)),
                    _ => d,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
