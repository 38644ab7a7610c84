//! A site model made from a few files, for the tests of the stages that read the model
//! (views, pages, print). Each page's digest is a hash of what it is rendered from, as the
//! pipeline sets it, so tests of the page cache's keys see edits as builds do.
use crate::content::{EntryKind, Loaded, PageSource, SourceEntry, checklist};
use crate::diagnostics::Diagnostics;
use crate::markdown;
use crate::site::{BuildOptions, LinkMap, Site};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The model of `files` (content-relative path, text): Markdown pages and `.toml`
/// checklists. Panics on a problem in them: the files are the test's own.
pub(crate) fn site_of(files: &[(&str, &str)]) -> Site {
    let mut loaded = Loaded::default();
    for (rel, text) in files {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if rel.ends_with(".toml") {
            let entry = SourceEntry {
                rel: rel.to_string(),
                abs: rel.into(),
                kind: EntryKind::Checklist,
            };
            let stem = crate::content::chapter::stem(name).to_string();
            let c = checklist::parse(text, rel, &stem);
            assert!(!c.problems.iter().any(|p| p.is_error()), "{:?}", c.problems);
            loaded.checklists.push((entry, c));
            continue;
        }
        loaded.pages.push(PageSource::parsed(rel, text));
    }
    let opts = BuildOptions {
        drafts: false,
        md: markdown::Options::default(),
    };
    let render = |p: &PageSource, map: &LinkMap, out: &str| {
        let titled = p.meta.title.is_some();
        let links = map.for_page(&p.entry.rel, out);
        let tasks = crate::site::page_checklist_id(out);
        let page = markdown::Page {
            body: &p.body,
            first_line: p.body_line,
            titled,
            tasks: Some(&tasks),
        };
        let mut r = markdown::render_page(&page, &opts.md, &links);
        let mut h = crate::hash::key_hasher();
        (&p.entry.rel, &*p.body, out, titled).hash(&mut h);
        map.fingerprint_cached().hash(&mut h);
        r.digest = h.finish();
        Arc::new(r)
    };
    let mut diags = Diagnostics::default();
    let site = crate::site::build(&loaded, &opts, &render, &mut diags);
    assert!(!diags.has_errors(), "{diags}");
    site
}

/// The model of `files` with the first `from` in the file at `path` made `to`. Panics when
/// that changes nothing: an edit that edits nothing proves nothing.
pub(crate) fn edited_site(files: &[(&str, &str)], path: &str, from: &str, to: &str) -> Site {
    let edited: Vec<(&str, String)> = (files.iter())
        .map(|&(p, t)| match p == path {
            true => (p, t.replacen(from, to, 1)),
            false => (p, t.to_string()),
        })
        .collect();
    let changed = |(p, t): &(&str, String)| *p == path && files.iter().all(|f| f.1 != t);
    assert!(edited.iter().any(changed), "{path}: {from}");
    let edited: Vec<(&str, &str)> = edited.iter().map(|(p, t)| (*p, t.as_str())).collect();
    site_of(&edited)
}
