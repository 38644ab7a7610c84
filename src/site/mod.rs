//! The site model: home, sections (folders, nested at any depth), chapters and checklists
//! in reading order, with their output folders, titles, navigation order and tags. Plain
//! owned data in `Vec`s addressed by index; no IO, no templates. `plan` places the pages;
//! Markdown is rendered through a caller-supplied function so the pipeline can memoize it.
mod checklists;
pub(crate) mod fragments;
pub(crate) mod links;
mod model;
mod plan;
pub(crate) mod redirects;

pub(crate) use links::{LinkMap, Target};
pub(crate) use model::*;

use crate::content::chapter::{title_from_folder, title_from_name};
use crate::content::{Loaded, PageSource};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, Rendered};
use crate::slug::slugify;
use crate::url;
use plan::{CHECKLIST_DIR, Plan};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Renders one page's Markdown; supplied by the pipeline (which caches).
pub(crate) type RenderFn<'a> = dyn Fn(&PageSource, &LinkMap, &str) -> Arc<Rendered> + Sync + 'a;

/// Options that shape the model.
pub(crate) struct BuildOptions {
    pub(crate) drafts: bool,
    pub(crate) md: markdown::Options,
}

/// Builds the model from everything loaded. Problems go to `diags`.
pub(crate) fn build(
    loaded: &Loaded,
    opts: &BuildOptions,
    render: &RenderFn<'_>,
    diags: &mut Diagnostics,
) -> Site {
    let plan = plan::plan(loaded, opts.drafts, diags);
    let map = link_map(loaded, &plan, opts.drafts);
    let (chapters, sections) = rayon::join(
        || render_chapters(loaded, &plan, &map, render),
        || render_sections(loaded, &plan, &map, render),
    );
    for (page, r) in chapters
        .iter()
        .map(|(c, r)| (&loaded.pages[plan.chapters[*c].source], r))
    {
        report(page, r, diags);
    }
    let chapters: Vec<Chapter> = chapters
        .into_par_iter()
        .map(|(c, r)| chapter(loaded, &plan, c, r))
        .collect();
    let sections: Vec<Section> = sections
        .into_iter()
        .enumerate()
        .map(|(s, r)| {
            if let (Some(i), Some(r)) = (plan.sections[s].index, &r) {
                report(&loaded.pages[i], r, diags);
            }
            section(loaded, &plan, s, r)
        })
        .collect();
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
    let home = intro_page(plan.home, "");
    let checklists_intro = intro_page(plan.checklists_intro, url::CHECKLISTS);
    let footer = intro_page(plan.footer, "");
    let checklists = checklists::build_checklists(loaded, &map, &opts.md, diags);
    let mut sections = sections;
    let by_dir: crate::hash::FastMap<&str, usize> = (plan.sections.iter().enumerate())
        .map(|(s, p)| (p.dir.as_str(), s))
        .collect();
    for (i, c) in checklists.iter().enumerate() {
        let dir = c.source.rsplit_once('/').map_or("", |(d, _)| d);
        if let Some(&s) = by_dir.get(dir) {
            sections[s].checklists.push(i);
        }
    }
    let mut site = Site {
        home,
        sections,
        chapters,
        checklists,
        checklists_intro,
        footer,
        nav: plan.top,
        tags: BTreeMap::new(),
        assets: Vec::new(),
        redirects: Vec::new(),
        embedded_by: Default::default(),
    };
    site.tags = collect_tags(&site.chapters);
    site.assets = collect_assets(&site);
    check_embeds(&site, diags);
    site.link_prev_next();
    site
}

/// Every page, section folder, checklist and asset by its content-relative path. A folder
/// (`team`, linked as `../team/`) and its index file both lead to the section's page; `""`
/// (the content folder itself) to the home page.
fn link_map(loaded: &Loaded, plan: &Plan, drafts: bool) -> LinkMap {
    let mut map = LinkMap::default();
    map.drafts_published = drafts;
    let mut page = |rel: &str, href: String, draft: bool| {
        map.pages.insert(rel.to_string(), Target { href, draft });
    };
    for (rel, href) in &plan.drafts {
        page(rel, href.clone(), true);
    }
    for c in &plan.chapters {
        page(
            &loaded.pages[c.source].entry.rel,
            url::page(&c.out_dir),
            false,
        );
    }
    for s in &plan.sections {
        page(&s.dir, url::page(&s.out_dir), false);
        if let Some(i) = s.index {
            page(&loaded.pages[i].entry.rel, url::page(&s.out_dir), false);
        }
    }
    page("", url::page(""), false);
    page(CHECKLIST_DIR, url::page(url::CHECKLISTS), false);
    for (i, out_dir) in [(plan.home, ""), (plan.checklists_intro, url::CHECKLISTS)] {
        if let Some(i) = i {
            page(&loaded.pages[i].entry.rel, url::page(out_dir), false);
        }
    }
    for (entry, c) in &loaded.checklists {
        page(&entry.rel, url::page(&url::checklist_dir(&c.id)), false);
    }
    map.assets = loaded.assets.iter().cloned().collect();
    map.seal();
    map
}

/// Every chapter's Markdown, rendered in parallel: (chapter, rendered).
fn render_chapters(
    loaded: &Loaded,
    plan: &Plan,
    map: &LinkMap,
    render: &RenderFn<'_>,
) -> Vec<(usize, Arc<Rendered>)> {
    plan.chapters
        .par_iter()
        .enumerate()
        .map(|(c, p)| (c, render(&loaded.pages[p.source], map, &p.out_dir)))
        .collect()
}

/// Every section's intro (its index file), rendered in parallel.
fn render_sections(
    loaded: &Loaded,
    plan: &Plan,
    map: &LinkMap,
    render: &RenderFn<'_>,
) -> Vec<Option<Arc<Rendered>>> {
    use rayon::prelude::*;
    plan.sections
        .par_iter()
        .map(|s| s.index.map(|i| render(&loaded.pages[i], map, &s.out_dir)))
        .collect()
}

fn chapter(loaded: &Loaded, plan: &Plan, c: usize, r: Arc<Rendered>) -> Chapter {
    let p = &plan.chapters[c];
    let src = &loaded.pages[p.source];
    Chapter {
        title: (src.meta.title.clone())
            .or_else(|| p.label.clone())
            .or_else(|| r.h1.clone())
            .unwrap_or_else(|| title_from_name(src.entry.file_name())),
        nav_title: src.meta.nav_title.clone().or_else(|| p.label.clone()),
        updated: src.meta.updated.clone(),
        description: src.meta.description.clone(),
        tags: src.meta.tags.clone(),
        section: p.section,
        out_dir: p.out_dir.clone(),
        source: src.entry.rel.clone(),
        hash: src.content_id.clone(),
        rendered: r,
        prev: None,
        next: None,
    }
}

fn section(loaded: &Loaded, plan: &Plan, s: usize, r: Option<Arc<Rendered>>) -> Section {
    let p = &plan.sections[s];
    let meta = p.index.map(|i| &loaded.pages[i].meta);
    let name = p.dir.rsplit_once('/').map_or(p.dir.as_str(), |(_, n)| n);
    Section {
        title: (meta.and_then(|m| m.title.clone()))
            .or_else(|| p.label.clone())
            .or_else(|| r.as_ref().and_then(|r| r.h1.clone()))
            .unwrap_or_else(|| title_from_folder(name)),
        nav_title: (meta.and_then(|m| m.nav_title.clone())).or_else(|| p.label.clone()),
        description: meta.and_then(|m| m.description.clone()),
        out_dir: p.out_dir.clone(),
        parent: p.parent,
        intro: r,
        intro_source: p.index.map(|i| loaded.pages[i].entry.rel.clone()),
        hash: p.index.map_or_else(
            || crate::hash::content_id(&[&p.dir]),
            |i| loaded.pages[i].content_id.clone(),
        ),
        children: p.children.clone(),
        checklists: Vec::new(),
        prev: None,
        next: None,
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
                out_dir: url::tag_dir(&slug),
                chapters: Vec::new(),
            });
            // Chapters come in order: a chapter naming a tag twice would be the last one.
            if tag.chapters.last() != Some(&i) {
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
        .sections
        .iter()
        .filter_map(|s| s.intro.as_deref())
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
        diags.push(links::diagnostic(&url::content_path(&src.entry.rel), p));
    }
}

/// Every `<!-- checklist: id -->` of a chapter or a section's page must name a checklist.
/// One that names none, while some checklist could not be read (its id may be the one
/// named), follows from that file's errors.
fn check_embeds(site: &Site, diags: &mut Diagnostics) {
    let unread = site.checklists.iter().find(|c| !c.complete);
    let chapters = site.chapters.iter().map(|c| (&c.source, &c.rendered));
    let sections = site
        .sections
        .iter()
        .filter_map(|s| s.intro_source.as_ref().zip(s.intro.as_ref()));
    for (source, rendered) in chapters.chain(sections) {
        for e in &rendered.embeds {
            if site.checklist(&e.id).is_none() {
                let path = url::content_path(source);
                let known: Vec<&str> = site.checklists.iter().map(|c| c.id.as_str()).collect();
                let d = links::unknown_embed(&path, e, &known);
                // An id near a known one is a mistake of its own.
                diags.push(match unread {
                    Some(u) if d.hint.is_none() => d.because(&url::content_path(&u.source)),
                    _ => d,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
