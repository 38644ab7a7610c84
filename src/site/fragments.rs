//! `#fragments` that name a heading in the wrong case. GitHub matches them anyway, so
//! handbooks written for it are full of `page.md#Getting-Started`; browsers do not. Once
//! every page is rendered, such a link is rewritten to the id's real spelling when exactly
//! one id of the target page matches it case-insensitively. Anything else is left for
//! `check` to report. Edits only the pages it rewrites; reads no files.
use super::Site;
use crate::hash::FastMap;
use crate::html::escape_href;
use crate::markdown::{Rendered, relocatable};
use crate::url;
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Rewrites, on every page, the links whose fragment matches an id of their target only
/// when case is ignored.
pub(crate) fn fix_case(site: &mut Site) {
    // Both passes in parallel: at 10,000 pages, one thread took a tenth of the model's time.
    let pages: Vec<(&str, &Rendered)> = rendered(site).collect();
    let mut ids: FastMap<String, Vec<&str>> = (pages.par_iter())
        .map(|(out_dir, r)| {
            (
                url::page(out_dir),
                r.anchors.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    for c in &site.checklists {
        let all = c.sections.iter().flat_map(|s| {
            std::iter::once(s.id.as_str()).chain(s.items.iter().map(|i| i.id.as_str()))
        });
        ids.insert(url::page(&c.out_dir), all.collect());
    }
    let fixes: Vec<(usize, Vec<(String, String)>)> = (pages.par_iter().enumerate())
        .filter_map(|(n, (out_dir, r))| {
            let page = fixes_of(&ids, out_dir, r);
            (!page.is_empty()).then_some((n, page))
        })
        .collect();
    if fixes.is_empty() {
        return;
    }
    let mut pages: Vec<&mut Arc<Rendered>> = rendered_mut(site);
    for (n, page) in fixes {
        let r = Arc::make_mut(pages[n]);
        for (old, new) in &page {
            rewrite(r, old, new);
        }
        let mut h = crate::hash::key_hasher();
        (r.digest, &page).hash(&mut h);
        r.digest = h.finish();
    }
}

/// The links of one page whose fragment names an id of their target in another case: each
/// as written, and as it should be.
fn fixes_of(
    ids: &FastMap<String, Vec<&str>>,
    out_dir: &str,
    r: &Rendered,
) -> Vec<(String, String)> {
    (r.links.iter())
        .filter_map(|l| {
            let written = l.page_url.as_deref().unwrap_or(&l.dest);
            let (path, fragment) = written.split_once('#')?;
            if l.page_url.is_none() && !path.is_empty() {
                return None;
            }
            let target = if path.is_empty() {
                url::page(out_dir)
            } else {
                url::resolve(out_dir, url::split_path(path).0)?
            };
            let fixed = real_spelling(ids.get(&target)?, fragment)?;
            Some((written.to_string(), format!("{path}#{fixed}")))
        })
        .collect()
}

/// The id of `ids` that `fragment` (percent-encoded as written) names when case is ignored,
/// if `fragment` is not an id itself and exactly one id matches.
fn real_spelling(ids: &[&str], fragment: &str) -> Option<String> {
    let fragment = percent_decode_str(fragment).decode_utf8_lossy();
    if fragment.is_empty() || ids.contains(&fragment.as_ref()) {
        return None;
    }
    let lower = fragment.to_lowercase();
    let mut matches = ids.iter().filter(|id| id.to_lowercase() == lower);
    let found = matches.next()?;
    matches.next().is_none().then(|| found.to_string())
}

/// Replaces the link `old` by `new` in the page's HTML (as pulldown-cmark or the raw-HTML
/// pass wrote it), its relocatable HTML and its link list.
fn rewrite(r: &mut Rendered, old: &str, new: &str) {
    r.restore_html();
    let attr = |url: &str| format!("href=\"{}\"", escape_href(url));
    r.html = r.html.replace(&attr(old), &attr(new));
    if let Some(html) = &r.relocatable {
        let marked = |url: &str| match url.strip_prefix('#') {
            Some(fragment) => format!("href=\"#{}{}\"", relocatable::PREFIX, escape_href(fragment)),
            None => format!(
                "{}u{}{}",
                relocatable::MARK,
                escape_href(url),
                relocatable::END
            ),
        };
        r.relocatable = Some(html.replace(&marked(old), &marked(new)).into());
    }
    for l in &mut r.links {
        if l.page_url.as_deref() == Some(old) {
            l.page_url = Some(new.to_string());
        } else if l.page_url.is_none() && l.dest == old {
            l.dest = new.to_string();
        }
    }
}

/// The out folder and Markdown of every page rendered from Markdown, in a fixed order.
fn rendered(site: &Site) -> impl Iterator<Item = (&str, &Rendered)> {
    let chapters = site
        .chapters
        .iter()
        .map(|c| (c.out_dir.as_str(), &*c.rendered));
    let parts = site
        .sections
        .iter()
        .filter_map(|p| Some((p.out_dir.as_str(), &**p.intro.as_ref()?)));
    let home = site.home.iter().map(|h| ("", &*h.rendered));
    let intro = site
        .checklists_intro
        .iter()
        .map(|h| ("checklists/", &*h.rendered));
    chapters.chain(parts).chain(home).chain(intro)
}

/// `rendered`, mutably, in the same order.
fn rendered_mut(site: &mut Site) -> Vec<&mut Arc<Rendered>> {
    let mut all: Vec<&mut Arc<Rendered>> =
        site.chapters.iter_mut().map(|c| &mut c.rendered).collect();
    all.extend(site.sections.iter_mut().filter_map(|p| p.intro.as_mut()));
    all.extend(site.home.iter_mut().map(|h| &mut h.rendered));
    all.extend(site.checklists_intro.iter_mut().map(|h| &mut h.rendered));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_unique_case_insensitive_match_is_taken() {
        let ids = ["getting-started", "MyId", "a", "A"];
        assert_eq!(
            real_spelling(&ids, "Getting-Started").as_deref(),
            Some("getting-started")
        );
        assert_eq!(real_spelling(&ids, "myid").as_deref(), Some("MyId"));
        assert_eq!(
            real_spelling(&ids, "getting-started"),
            None,
            "already right"
        );
        assert_eq!(real_spelling(&ids, "nope"), None);
        assert_eq!(real_spelling(&["a", "A"], "á"), None);
        assert_eq!(real_spelling(&["a-b", "A-B"], "a-B"), None, "ambiguous");
        assert_eq!(
            real_spelling(&["équipe"], "%C3%89quipe").as_deref(),
            Some("équipe")
        );
    }
}
