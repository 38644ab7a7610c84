//! Where every source file ends up: content-relative path → root-relative output href, and the
//! per-page `Links` that turns GitHub-style relative links into relative site URLs.
use crate::markdown::{LinkTarget, Links};
use crate::url;
use percent_encoding::percent_decode_str;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// A link target known to the site.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Root-relative href, e.g. `the-leap/a-different-job/index.html`.
    pub(crate) href: String,
    pub(crate) draft: bool,
}

/// Every page, checklist and asset by its content-relative path.
#[derive(Debug, Default)]
pub(crate) struct LinkMap {
    pub(crate) pages: HashMap<String, Target>,
    pub(crate) assets: HashSet<String>,
    /// Published drafts are kept as targets so links to them are reported, not silently kept.
    pub(crate) drafts_published: bool,
    /// `fingerprint()` computed once by `seal`.
    sealed: u64,
    /// Content-relative path by root-relative href, built by `seal`: what a root-absolute
    /// link (`/team/`) names.
    by_href: HashMap<String, String>,
    /// Content-relative path of every page and file by its lowercase form: built the first
    /// time a broken link wants a hint (`by_lower`), not on every build.
    by_lower: std::sync::OnceLock<HashMap<String, String>>,
}

impl LinkMap {
    /// The `Links` for a page built from `source` (content-relative) and written to the folder
    /// `out_dir` (root-relative, `""` or ending in `/`).
    pub(crate) fn for_page<'a>(&'a self, source: &'a str, out_dir: &'a str) -> PageLinks<'a> {
        PageLinks {
            map: self,
            source_dir: source.rsplit_once('/').map_or("", |(d, _)| d),
            out_dir,
        }
    }

    /// Computes the fingerprint once, after the map is complete.
    pub(crate) fn seal(&mut self) {
        // Sorted by path once, for the fingerprint and for `by_href`.
        let mut pages: Vec<(&String, &Target)> = self.pages.iter().collect();
        pages.sort_unstable_by_key(|(rel, _)| rel.as_str());
        let mut assets: Vec<&String> = self.assets.iter().collect();
        assets.sort_unstable();
        let mut h = crate::hash::key_hasher();
        for (rel, t) in &pages {
            (rel, &t.href, t.draft).hash(&mut h);
        }
        (assets, self.drafts_published).hash(&mut h);
        // Markdown files first, then by path: a hint names the file to link.
        let md = |md: bool| {
            (pages.iter()).filter(move |(rel, t)| rel.ends_with(".md") == md && !t.draft)
        };
        let mut by_href = HashMap::with_capacity(pages.len());
        for (rel, t) in md(true).chain(md(false)) {
            by_href
                .entry(t.href.clone())
                .or_insert_with(|| (*rel).clone());
        }
        self.sealed = h.finish();
        self.by_href = by_href;
        self.by_lower = std::sync::OnceLock::new();
    }

    /// Content-relative path of every page and file by its lowercase form.
    fn by_lower(&self) -> &HashMap<String, String> {
        self.by_lower.get_or_init(|| {
            (self.pages.keys().chain(&self.assets))
                .map(|k| (k.to_lowercase(), k.clone()))
                .collect()
        })
    }

    /// The Markdown file of a draft's page, by its href.
    fn by_href_draft(&self, href: &str) -> Option<&str> {
        self.pages
            .iter()
            .find(|(rel, t)| t.draft && t.href == href && rel.ends_with(".md"))
            .map(|(rel, _)| rel.as_str())
    }

    /// The fingerprint computed by `seal`.
    pub(crate) fn fingerprint_cached(&self) -> u64 {
        self.sealed
    }
}

/// The diagnostic for a problem with a link of the page at `path`: a broken link, or a
/// warning about one that works only in some places.
pub(crate) fn diagnostic(
    path: &str,
    p: &crate::markdown::Problem,
) -> crate::diagnostics::Diagnostic {
    use crate::diagnostics::{Diagnostic, Fix};
    let d = if p.warning {
        Diagnostic::warning(path, p.line, p.message.clone())
    } else {
        Diagnostic::error(path, p.line, p.message.clone()).broken_link()
    };
    let fix = p
        .edit
        .as_ref()
        .map(|(line, cols, new)| Fix::on_line(path, *line, cols.clone(), new.clone()));
    d.at_col(p.col).with_hint(p.hint.clone()).with_fix(fix)
}

/// An embed naming no checklist, with the id meant when it is near one: the same but for
/// `-`/`_` or case (as the file name was written), or a typo.
pub(crate) fn unknown_embed(
    path: &str,
    e: &crate::markdown::Embed,
    known: &[&str],
) -> crate::diagnostics::Diagnostic {
    use crate::diagnostics::{Diagnostic, Fix, suggest};
    let same = |id: &str| id.to_lowercase().replace('_', "-");
    let near = known
        .iter()
        .copied()
        .find(|k| same(k) == same(&e.id))
        .or_else(|| suggest(&e.id, known));
    let hint = near.map(|k| match same(k) == same(&e.id) {
        true => format!("the checklist's id is \"{k}\" (ids use `-`, not `_`, and lowercase)"),
        false => format!("did you mean \"{k}\"?"),
    });
    let fix = near
        .filter(|_| e.col > 0)
        .map(|k| Fix::on_line(path, e.line, e.col..e.col + e.id.chars().count(), k));
    Diagnostic::error(
        path,
        e.line,
        format!("unknown checklist id \"{}\" in embed", e.id),
    )
    .at_col(e.col)
    .with_hint(hint)
    .with_fix(fix)
}

/// Resolves links for one page.
pub(crate) struct PageLinks<'a> {
    map: &'a LinkMap,
    source_dir: &'a str,
    out_dir: &'a str,
}

impl Links for PageLinks<'_> {
    fn resolve(&self, dest: &str) -> LinkTarget {
        if dest.is_empty()
            || dest.starts_with('#')
            || dest.starts_with("//")
            || url::has_scheme(dest)
        {
            return LinkTarget::Keep;
        }
        if dest.starts_with('/') {
            return self.root_absolute(dest);
        }
        let (path, fragment) = url::split_path(dest);
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let Some(rel) = url::join(self.source_dir, &decoded) else {
            let message = format!(
                "link to `{path}` leaves `content/`: only what is under `content/` is published"
            );
            return self
                .page_url(path, fragment)
                .unwrap_or(LinkTarget::broken(message));
        };
        self.lookup(path, &rel, &decoded, fragment)
    }
}

impl PageLinks<'_> {
    /// What the content-relative `rel` (written `path`, decoded `decoded`) names.
    fn lookup(&self, path: &str, rel: &str, decoded: &str, fragment: &str) -> LinkTarget {
        let key = rel.trim_end_matches('/');
        let page = |key: &str| {
            self.map
                .pages
                .get(key)
                .or_else(|| self.map.pages.get(&format!("{key}/")))
        };
        // `x.html`, as sites built from Markdown publish `x.md`; `dir/index.html` is `dir/`.
        let as_html = || {
            let stem = key.strip_suffix(".html")?;
            if self.map.assets.contains(key) {
                return None;
            }
            match stem.strip_suffix("index") {
                Some(dir) if dir.is_empty() || dir.ends_with('/') => {
                    page(dir.trim_end_matches('/')).or_else(|| page(&format!("{stem}.md")))
                }
                _ => page(&format!("{stem}.md")),
            }
        };
        if let Some(target) = page(key).or_else(as_html) {
            if target.draft && !self.map.drafts_published {
                let file = self.map.by_href_draft(&target.href).unwrap_or(key);
                return LinkTarget::Broken {
                    message: format!("link to `{path}`, which is a draft and is not published"),
                    hint: Some(format!(
                        "publish it (remove `draft = true` from `content/{file}`), link another page, or preview with `--drafts`"
                    )),
                    instead: None,
                };
            }
            return LinkTarget::Page(format!(
                "{}{}{fragment}",
                url::root_prefix(self.out_dir),
                target.href
            ));
        }
        if self.map.assets.contains(key) {
            if key.contains('\\') {
                return LinkTarget::broken(format!(
                    "link to `{path}`: the file name has a backslash, which web addresses and Windows read as a folder separator; rename the file"
                ));
            }
            let simple =
                !decoded.contains("..") && !decoded.starts_with("./") && !decoded.starts_with('/');
            let url = if simple {
                path.to_string()
            } else {
                key.rsplit('/').next().unwrap_or(key).to_string()
            };
            let local = percent_decode_str(&url).decode_utf8_lossy().into_owned();
            return LinkTarget::Asset {
                url: format!("{url}{fragment}"),
                source: key.to_string(),
                output: format!("{}{local}", self.out_dir),
            };
        }
        let what = if key.ends_with(".md") {
            "chapter"
        } else if key.ends_with(".toml") {
            "checklist"
        } else {
            "file"
        };
        let message = format!(
            "link to `{path}`: no {what} at `{}`",
            url::content_path(key)
        );
        self.meant(path, key, fragment, message)
    }

    /// A link to nothing that was likely meant for a page: written with another case (which
    /// works on some disks and not on the web), with a typo, or as the page's URL rather
    /// than its `.md` file (which works on the site, not on GitHub). The last is a warning
    /// and resolved; the others are broken, with what to write instead.
    fn meant(&self, path: &str, key: &str, fragment: &str, message: String) -> LinkTarget {
        let written =
            |source: &str| format!("{}{fragment}", url::relative(self.source_dir, source));
        if !key.ends_with(".md")
            && !key.ends_with(".toml")
            && let Some(target) = self.page_url(path, fragment)
        {
            return target;
        }
        let lower = key.to_lowercase();
        let same_case = self.map.by_lower().get(&lower);
        let near = same_case.cloned().or_else(|| {
            let (dir, name) = key.rsplit_once('/').unwrap_or(("", key));
            let names: Vec<&str> = self
                .map
                .pages
                .keys()
                .chain(&self.map.assets)
                .filter(|k| k.rsplit_once('/').map_or("", |(d, _)| d) == dir)
                .map(|k| k.rsplit('/').next().unwrap_or(k))
                .collect();
            let best = crate::diagnostics::suggest(name, &names)?;
            Some(if dir.is_empty() {
                best.to_string()
            } else {
                format!("{dir}/{best}")
            })
        });
        let Some(near) = near.filter(|n| n != key) else {
            return LinkTarget::broken(message);
        };
        let instead = written(&near);
        let hint = match same_case {
            Some(_) => {
                format!("the file is `{near}`: write `{instead}` (the web tells case apart)")
            }
            None => format!("did you mean `{instead}`?"),
        };
        LinkTarget::Broken {
            message,
            hint: Some(hint),
            instead: Some(instead),
        }
    }

    /// `path` read as the URL of a page, relative to this page's own URL (`../x/`): it
    /// resolves, with a warning that names the Markdown file to link instead.
    fn page_url(&self, path: &str, fragment: &str) -> Option<LinkTarget> {
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let href = url::join(self.out_dir, &decoded)?;
        let href = if href.is_empty() || href.ends_with('/') {
            url::page(&href)
        } else {
            href
        };
        let source = self.map.by_href.get(&href)?;
        let instead = format!("{}{fragment}", url::relative(self.source_dir, source));
        Some(LinkTarget::Flagged {
            target: Box::new(LinkTarget::Page(format!(
                "{}{href}{fragment}",
                url::root_prefix(self.out_dir)
            ))),
            message: format!(
                "link to the page URL `{path}`: it works on the site, not on GitHub or in an editor"
            ),
            hint: Some(format!("link the Markdown file: `{instead}`")),
            instead: Some(instead),
        })
    }

    /// `/x/`: right at a domain's root, wrong under a sub-path and from disk. A path of
    /// `content/` (as GitHub reads `/x.md` from the repository root) or the URL of a page is
    /// resolved and made relative; either way a warning says to link the `.md` file.
    fn root_absolute(&self, dest: &str) -> LinkTarget {
        let (path, fragment) = url::split_path(dest);
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let rel = url::join("", &decoded).unwrap_or_default();
        let trimmed = rel.trim_end_matches('/');
        let by_url = [
            url::page(&format!("{trimmed}/")),
            rel.clone(),
            if trimmed.is_empty() {
                url::page("")
            } else {
                String::new()
            },
        ]
        .into_iter()
        .find_map(|href| self.map.by_href.get(&href));
        let in_content = self.map.pages.contains_key(trimmed)
            || self.map.pages.contains_key(&format!("{trimmed}/"))
            || self.map.assets.contains(trimmed);
        let (target, source) = if in_content {
            (
                self.lookup(path, &rel, &decoded, fragment),
                trimmed.to_string(),
            )
        } else if let Some(source) = by_url {
            (self.lookup(path, source, source, fragment), source.clone())
        } else {
            return LinkTarget::Flagged {
                target: Box::new(LinkTarget::Keep),
                message: format!(
                    "root-absolute link `{dest}` breaks under a sub-path and when the site is opened from disk"
                ),
                hint: Some(
                    "link the Markdown file it means, relative to this page (`../team/index.md`)"
                        .into(),
                ),
                instead: None,
            };
        };
        // Name the Markdown file of a folder's page when there is one.
        let source = match self
            .map
            .pages
            .get(&source)
            .filter(|_| !source.ends_with(".md"))
        {
            Some(t) => self.map.by_href.get(&t.href).cloned().unwrap_or(source),
            None => source,
        };
        let instead = format!("{}{fragment}", url::relative(self.source_dir, &source));
        LinkTarget::Flagged {
            target: Box::new(target),
            message: format!(
                "root-absolute link `{dest}` breaks under a sub-path and when the site is opened from disk"
            ),
            hint: Some(format!(
                "link `{instead}` instead (it was rewritten so for this build)"
            )),
            instead: Some(instead),
        }
    }
}

#[cfg(test)]
mod tests;
