//! Old URLs kept working: a page's front matter `aliases` (Hugo) or `redirect_from` (Jekyll)
//! names URLs it used to have, and each gets a small page that sends the reader on. Here
//! only the plan: which output file redirects to which page, with every alias that cannot be
//! honoured reported as a warning. `render::redirects` writes the pages.
use super::Site;
use crate::content::Loaded;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hash::FastMap;
use crate::url;

/// One redirect page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// Output path of the redirect page (`old/page/index.html`, `old.html`).
    pub(crate) path: String,
    /// Root-relative href of the page it sends to (`guide/index.html`).
    pub(crate) to: String,
    /// Title of that page, for the visible link.
    pub(crate) title: String,
}

/// The redirects asked for by the front matter of every published page. `base_path` is the
/// path of `base_url` (`/handbook/`), which an alias may repeat.
pub(crate) fn plan(
    loaded: &Loaded,
    site: &Site,
    base_path: &str,
    diags: &mut Diagnostics,
) -> Vec<Redirect> {
    // Most sites have no aliases: no map of every page is made for them.
    if loaded.pages.iter().all(|p| p.meta.aliases.is_empty()) {
        return Vec::new();
    }
    let pages = pages(site);
    let taken: std::collections::HashSet<String> =
        pages.values().map(|(dir, _)| url::page(dir)).collect();
    let mut out: Vec<Redirect> = Vec::new();
    let mut seen: FastMap<String, String> = FastMap::default();
    for page in &loaded.pages {
        let Some(&(out_dir, title)) = pages.get(page.entry.rel.as_str()) else {
            continue;
        };
        let file = url::content_path(&page.entry.rel);
        for alias in &page.meta.aliases {
            let warn = |why: String| {
                Diagnostic::warning(
                    &file,
                    0,
                    format!("alias `{alias}`: {why}; no redirect written"),
                )
            };
            let Some(path) = output_path(alias, out_dir, base_path) else {
                diags.push(warn("not a path of this site".into()));
                continue;
            };
            if taken.contains(&path) || url::is_reserved_file(&path) {
                diags.push(warn(format!("`{path}` is a page of the site")));
                continue;
            }
            if let Some(other) = seen.insert(path.clone(), file.clone()) {
                diags.push(warn(format!("{other} has the same alias")));
                continue;
            }
            out.push(Redirect {
                path,
                to: url::page(out_dir),
                title: title.to_string(),
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Output folder and title of every page, by content-relative source.
fn pages(site: &Site) -> FastMap<&str, (&str, &str)> {
    let mut pages: FastMap<&str, (&str, &str)> = site
        .chapters
        .iter()
        .map(|c| (c.source.as_str(), (c.out_dir.as_str(), c.title.as_str())))
        .collect();
    for p in &site.sections {
        if let Some(src) = &p.intro_source {
            pages.insert(src, (&p.out_dir, &p.title));
        }
    }
    if let Some(h) = &site.home {
        pages.insert(
            &h.source,
            (
                "",
                h.meta
                    .title
                    .as_deref()
                    .or(h.rendered.h1.as_deref())
                    .unwrap_or("Home"),
            ),
        );
    }
    if let Some(h) = &site.checklists_intro {
        pages.insert(&h.source, (url::CHECKLISTS, "Checklists"));
    }
    pages
}

/// The output file an alias names: `/old/page/` → `old/page/index.html`, `/old.html` as
/// is; a relative alias is taken from the folder the page's own folder is in (as Hugo
/// does). `None` for URLs of other sites and paths that climb out of this one.
fn output_path(alias: &str, out_dir: &str, base_path: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.contains("://") || alias.starts_with("//") || alias.contains(['?', '#', '\\']) {
        return None;
    }
    let joined = match alias.strip_prefix('/') {
        Some(abs) => {
            let base = base_path.trim_matches('/');
            let abs = match abs.strip_prefix(base).filter(|_| !base.is_empty()) {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
                _ => abs,
            };
            url::join("", abs)?
        }
        None => {
            let parent = out_dir
                .trim_end_matches('/')
                .rsplit_once('/')
                .map_or("", |(d, _)| d);
            url::join(parent, alias)?
        }
    };
    let joined = percent_encoding::percent_decode_str(&joined)
        .decode_utf8()
        .ok()?
        .into_owned();
    let trimmed = joined.trim_end_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.ends_with(".html") || trimmed.ends_with(".htm") {
        return Some(trimmed.to_string());
    }
    Some(url::page(&format!("{trimmed}/")))
}

#[cfg(test)]
mod tests {
    use super::output_path;

    #[test]
    fn aliases_name_output_files() {
        let cases = [
            ("/old/page/", "old/page/index.html"),
            ("/old/page", "old/page/index.html"),
            ("/old.html", "old.html"),
            ("/handbook/old/", "old/index.html"),
            ("sibling", "guide/sibling/index.html"),
            ("../top", "top/index.html"),
            ("/caf%C3%A9/", "café/index.html"),
        ];
        for (alias, path) in cases {
            assert_eq!(
                output_path(alias, "guide/page/", "/handbook/").as_deref(),
                Some(path),
                "{alias}"
            );
        }
        for bad in [
            "https://x.org/a/",
            "//x.org/a",
            "/",
            "../../../up",
            "/a?b=1",
        ] {
            assert_eq!(output_path(bad, "guide/page/", "/handbook/"), None, "{bad}");
        }
    }
}
