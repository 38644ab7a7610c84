//! Whole-site checks that need every page rendered: the `#fragment` of every link must name an
//! id on the page it points at, chapters must not be empty, and external links are listed
//! (never fetched: no network). Ids are read from the rendered HTML, so headings, footnotes,
//! checklist items and sections, embedded checklists and ids from the theme all count, exactly
//! as a browser sees them. Reads the model and the output files; writes nothing.
use crate::diagnostics::{Diagnostic, Fix, suggest};
use crate::hash::{FastMap, FastSet};
use crate::markdown::LinkRef;
use crate::output::{Body, OutputFile, Sink};
use crate::site::Site;
use crate::url;
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Mutex;

/// A link to another site, listed by `check` but not fetched.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExternalLink {
    /// Root-relative path of the file the link is in.
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub url: String,
}

/// What the checks found.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) external: Vec<ExternalLink>,
    /// Links looked at, for the summary.
    pub(crate) links: usize,
}

/// One page whose links are checked: where it comes from and where it is written.
struct Page<'a> {
    /// Content-relative source path.
    source: &'a str,
    /// Output folder, root-relative (`""` or ending in `/`).
    out_dir: &'a str,
    links: &'a [LinkRef],
}

/// Passes files on to another sink, keeping the ids of the HTML pages that links point into
/// (not the pages themselves), so anchors are checked while a big site streams to disk.
pub(crate) struct IdCollector<'s> {
    inner: &'s dyn Sink,
    /// Output paths of the pages some `#fragment` points into: only their ids are read.
    wanted: FastSet<String>,
    /// Ids of the previous build, for pages `serve` did not render again.
    previous: &'s FastMap<String, FastSet<String>>,
    /// Where pages `serve` did not render again are, when their ids were not kept.
    out_dir: &'s Path,
    ids: Mutex<FastMap<String, FastSet<String>>>,
}

impl<'s> IdCollector<'s> {
    pub(crate) fn new(
        inner: &'s dyn Sink,
        site: &Site,
        previous: &'s FastMap<String, FastSet<String>>,
        out_dir: &'s Path,
    ) -> IdCollector<'s> {
        let wanted = pages(site)
            .iter()
            .flat_map(|page| page.links.iter().filter_map(|l| target(page, l)))
            .map(|(path, _)| path)
            .collect();
        IdCollector {
            inner,
            wanted,
            previous,
            out_dir,
            ids: Mutex::new(FastMap::default()),
        }
    }

    pub(crate) fn into_ids(self) -> FastMap<String, FastSet<String>> {
        self.ids.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for IdCollector<'_> {
    fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        let ids = match &file.body {
            _ if !self.wanted.contains(&file.path) => None,
            Body::Unchanged => self.previous.get(&file.path).cloned().or_else(|| {
                let on_disk = std::fs::read(self.out_dir.join(&file.path)).ok()?;
                Some(html_ids(&String::from_utf8_lossy(&on_disk)))
            }),
            body => body.bytes().map(|b| html_ids(&String::from_utf8_lossy(&b))),
        };
        if let Some(ids) = ids {
            let mut all = self.ids.lock().unwrap_or_else(|e| e.into_inner());
            // When two pages claim one URL (an error reported elsewhere), the first one counts.
            all.entry(file.path.clone()).or_insert(ids);
        }
        self.inner.put(file)
    }
}

/// Runs every check over the model and the ids of its rendered pages (by output path).
pub(crate) fn site(site: &Site, page_ids: &FastMap<String, FastSet<String>>) -> Findings {
    let pages = pages(site);
    let mut ids = Anchors::new(page_ids, &pages);
    // A checklist a syntax error stopped has anchors no one knows: links into it are not
    // reported on top of its error.
    ids.unknown = site
        .checklists
        .iter()
        .filter(|c| !c.complete)
        .map(|c| format!("{}index.html", c.out_dir))
        .collect();
    // Pages in parallel, their findings then joined in page order (so messages come out in
    // the same order on every run): at 10,000 pages one thread took 8 ms after rendering.
    let per_page: Vec<Findings> = (pages.par_iter())
        .map(|page| {
            let mut found = Findings::default();
            for link in page.links {
                found.links += 1;
                check_link(page, link, &ids, &mut found);
            }
            found
        })
        .collect();
    let mut findings = Findings::default();
    for found in per_page {
        findings.links += found.links;
        findings.diagnostics.extend(found.diagnostics);
        findings.external.extend(found.external);
    }
    for c in &site.chapters {
        // Nothing on the page but its title (a leading `# H1` is the title, not in `html`).
        if c.rendered.is_empty() {
            let hint = Some("write the chapter, or mark it `draft = true` in its front matter until it is ready".to_string());
            findings.diagnostics.push(
                Diagnostic::warning(url::content_path(&c.source), 0, "chapter is empty")
                    .with_hint(hint),
            );
        }
    }
    findings
}

/// Every page with links: chapters, part intros, the home page, the checklists intro and the
/// checklists themselves.
fn pages(site: &Site) -> Vec<Page<'_>> {
    let mut pages: Vec<Page<'_>> = site
        .chapters
        .iter()
        .map(|c| Page {
            source: &c.source,
            out_dir: &c.out_dir,
            links: &c.rendered.links,
        })
        .collect();
    for p in &site.sections {
        if let (Some(source), Some(intro)) = (&p.intro_source, &p.intro) {
            pages.push(Page {
                source,
                out_dir: &p.out_dir,
                links: &intro.links,
            });
        }
    }
    let intros = [
        (&site.home, ""),
        (&site.checklists_intro, "checklists/"),
        (&site.footer, ""),
    ];
    for (index, out_dir) in intros {
        if let Some(page) = index {
            pages.push(Page {
                source: &page.source,
                out_dir,
                links: &page.rendered.links,
            });
        }
    }
    pages.extend(site.checklists.iter().map(|c| Page {
        source: &c.source,
        out_dir: &c.out_dir,
        links: &c.links,
    }));
    pages
}

/// The output path a link with a `#fragment` points into, and the fragment; `None` for
/// links without one, and links that leave the site.
fn target<'l>(page: &Page<'_>, link: &'l LinkRef) -> Option<(String, &'l str)> {
    if let Some(fragment) = link.dest.strip_prefix('#') {
        return Some((url::page(page.out_dir), fragment));
    }
    let (written, fragment) = link.page_url.as_ref()?.split_once('#')?;
    Some((
        url::resolve(page.out_dir, url::split_path(written).0)?,
        fragment,
    ))
}

fn check_link(page: &Page<'_>, link: &LinkRef, ids: &Anchors<'_>, findings: &mut Findings) {
    let path = url::content_path(page.source);
    let Some((target, fragment)) = target(page, link) else {
        if link.page_url.is_none() && url::has_scheme(&link.dest) {
            findings.external.push(ExternalLink {
                path,
                line: link.line,
                col: link.col,
                url: link.dest.clone(),
            });
        }
        return;
    };
    let fragment = percent_decode_str(fragment).decode_utf8_lossy();
    // An empty fragment and `#top` scroll to the top of any page.
    if fragment.is_empty() || fragment == "top" {
        return;
    }
    let Some(known) = ids.of(&target) else { return };
    if known.contains(fragment.as_ref()) {
        return;
    }
    let candidates: Vec<&str> = known.iter().map(String::as_str).collect();
    let near = suggest(&fragment, &candidates);
    let hint = near.map(|s| format!("did you mean `#{s}`?"));
    let fix = near.zip(link.dest_at).and_then(|(s, (line, col))| {
        let (page, _) = link.dest.rsplit_once('#')?;
        let cols = col..col + link.dest.chars().count();
        Some(Fix::on_line(&path, line, cols, format!("{page}#{s}")))
    });
    let place = match ids.source_of(&target) {
        _ if link.dest.starts_with('#') => "on this page".to_string(),
        Some(source) => format!("in `{}`", url::content_path(source)),
        None => format!("in `{target}`"),
    };
    let message = format!(
        "link to `{}`: no heading or anchor `#{fragment}` {place}",
        link.dest
    );
    findings.diagnostics.push(
        Diagnostic::error(path, link.line, message)
            .at_col(link.col)
            .with_hint(hint)
            .with_fix(fix)
            .broken_link(),
    );
}

/// The ids of rendered pages and which source each page comes from.
struct Anchors<'a> {
    sources: FastMap<String, &'a str>,
    ids: &'a FastMap<String, FastSet<String>>,
    /// Pages whose ids cannot be known.
    unknown: FastSet<String>,
}

impl<'a> Anchors<'a> {
    fn new(ids: &'a FastMap<String, FastSet<String>>, pages: &[Page<'a>]) -> Anchors<'a> {
        let mut sources = FastMap::default();
        for p in pages {
            sources.entry(url::page(p.out_dir)).or_insert(p.source);
        }
        Anchors {
            sources,
            ids,
            unknown: FastSet::default(),
        }
    }

    /// The ids of the page at `path`, or `None` when no such page is rendered.
    fn of(&self, path: &str) -> Option<&FastSet<String>> {
        if self.unknown.contains(path) {
            return None;
        }
        self.ids.get(path)
    }

    fn source_of(&self, path: &str) -> Option<&'a str> {
        self.sources.get(path).copied()
    }
}

/// Every `#fragment` target of `html`, entities decoded: the value of each `id="…"` (or
/// `id='…'`) attribute, and the `name` of each `<a>` element, which browsers scroll to as well
/// (handbooks written for GitHub mark places with `<a name="on-call"></a>`).
fn html_ids(html: &str) -> FastSet<String> {
    let mut ids = FastSet::default();
    attribute_values(html, "id=", &mut ids);
    let mut rest = html;
    while let Some(i) = rest.find("<a") {
        rest = &rest[i + 2..];
        if !rest.starts_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        attribute_values(tag, "name=", &mut ids);
    }
    ids
}

/// The quoted values of the attribute `attr` (`id=`) in `html`, where it follows whitespace.
fn attribute_values(html: &str, attr: &str, into: &mut FastSet<String>) {
    let mut rest = html;
    while let Some(i) = rest.find(attr) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + attr.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let Some(end) = rest[1..].find(quote) else {
            break;
        };
        into.insert(crate::html::unescape(&rest[1..=end]));
        rest = &rest[end + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_like_a_browser() {
        let ids = html_ids(
            "<h2 id=\"a\">x</h2><div\nid='b&amp;c'></div><p data-id=\"no\">id=\"no2\"</p><code>id=&quot;no3&quot;</code><li id=\"unclosed",
        );
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["a", "b&c"]);
    }

    /// `<a name>` is a fragment target in browsers and on GitHub; other elements' names and
    /// the page's `<meta name>` are not.
    #[test]
    fn reads_the_names_of_anchors() {
        let ids = html_ids(
            "<meta name=\"viewport\"><p><a name=\"on-call\"></a><a\nclass=\"x\" name='q&amp;a'>Q</a><abbr name=\"no\"></abbr><input name=\"no2\"><code>&lt;a name=\"no3\"&gt;</code></p>",
        );
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["on-call", "q&a"]);
    }
}
