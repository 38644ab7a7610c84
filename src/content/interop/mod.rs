//! Content written for other tools, read as it is: mdBook's directives (`include`) and
//! table of contents (`summary`), wiki links (`wiki`), and Hugo shortcodes and Liquid tags,
//! which playbook does not run and says so (`foreign`). `prepare` rewrites the loaded pages
//! in place before the model is built and hands back what it changed, so that a `serve`
//! rebuild starts again from the files as written (an included file may have changed).
pub(crate) mod include;
pub(crate) mod summary;
pub(crate) mod wiki;

use super::Loaded;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::ops::Range;
use std::path::Path;

/// An mdBook's table of contents, at the top of the content folder.
pub(crate) const SUMMARY: &str = "SUMMARY.md";
/// A wiki's sidebar (the navigation order) and footer (shown under every page).
pub(crate) const SIDEBAR: &str = "_Sidebar.md";
pub(crate) const FOOTER: &str = "_Footer.md";

/// The pages' texts and titles as they were before `prepare`, to put back.
#[derive(Debug, Default)]
pub(crate) struct Originals(Vec<(usize, Original)>);

/// A page's body, title and fingerprint as read, before `prepare` rewrote them.
#[derive(Debug)]
struct Original {
    body: crate::shared::SharedStr,
    title: Option<String>,
    content_id: String,
    digest: u64,
}

/// One page after `prepare_page`: what changed and what was found.
struct Prepared {
    body: Option<String>,
    /// From `{{#title}}`.
    title: Option<String>,
    problems: Vec<Diagnostic>,
    /// Content-relative paths of the files it included.
    read: Vec<String>,
}

/// Expands mdBook directives, rewrites wiki links and warns of foreign template syntax in
/// every page of `loaded`.
pub(crate) fn prepare(
    loaded: &mut Loaded,
    root: &Path,
    content: &Path,
    diags: &mut Diagnostics,
) -> Originals {
    use rayon::prelude::*;
    // Only pages with wiki links need the names: most sites have none, and listing every
    // page's names is a measurable share of a `serve` rebuild of a big site.
    let lazy = std::sync::OnceLock::new();
    let shared = &*loaded;
    let names = || lazy.get_or_init(|| wiki_names(shared));
    let confine = crate::fs::Confine::new(root).ok();
    let content = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    let results: Vec<Prepared> = (loaded.pages.par_iter())
        .map(|p| prepare_page(p, confine.as_ref(), &content, &names))
        .collect();
    let mut originals = Originals::default();
    for (i, r) in results.into_iter().enumerate() {
        diags.extend(r.problems);
        loaded.fragments.extend(r.read);
        if r.body.is_none() && r.title.is_none() {
            continue;
        }
        let page = &mut loaded.pages[i];
        let old_body = match r.body {
            Some(b) => std::mem::replace(&mut page.body, b.into()),
            None => page.body.clone(),
        };
        let old_title = page.meta.title.clone();
        if r.title.is_some() {
            page.meta.title = r.title;
        }
        // The reader sees the page as prepared: its fingerprint and digest follow.
        let fingerprint = super::PageSource::fingerprint(page.meta.title.as_deref(), &page.body);
        let digest = {
            use std::hash::{Hash, Hasher};
            let mut h = crate::hash::key_hasher();
            (page.digest, &page.body, &page.meta.title).hash(&mut h);
            h.finish()
        };
        let original = Original {
            body: old_body,
            title: old_title,
            content_id: std::mem::replace(&mut page.content_id, fingerprint),
            digest: std::mem::replace(&mut page.digest, digest),
        };
        originals.0.push((i, original));
    }
    originals
}

/// Which of other tools' markers a page's Markdown holds, found where its text is read and
/// kept with it: searching every page's text on every build was 2% of a warm build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Markers {
    /// `{{`: an include, or another directive of mdBook's.
    includes: bool,
    /// A Hugo shortcode or a Liquid tag (`foreign`).
    foreign: bool,
    /// `[[`: a wiki link.
    wiki: bool,
}

impl Markers {
    pub(crate) fn of(body: &str) -> Markers {
        Markers {
            includes: holds(body, "{{"),
            foreign: holds_foreign(body),
            wiki: holds(body, "[["),
        }
    }
}

fn prepare_page<'n>(
    p: &super::PageSource,
    confine: Option<&crate::fs::Confine>,
    content: &Path,
    names: &(dyn Fn() -> &'n wiki::Names + Sync),
) -> Prepared {
    let mut out = Prepared {
        body: None,
        title: None,
        problems: Vec::new(),
        read: Vec::new(),
    };
    // Most pages hold no marker at all.
    let Markers {
        includes,
        foreign: shortcodes,
        wiki,
    } = p.markers;
    if !includes && !shortcodes && !wiki {
        return out;
    }
    let shown = format!("content/{}", p.entry.rel);
    if let Some(confine) = confine.filter(|_| includes) {
        let page = include::Page {
            file: &p.entry.abs,
            shown: &shown,
            body_line: p.body_line,
            confine,
        };
        if let Some(e) = include::expand(&p.body, &page, &mut out.problems) {
            out.title = e.title;
            out.read = (e.read.iter())
                .filter_map(|r| r.strip_prefix(content).ok().map(crate::fs::slash_path))
                .collect();
            out.body = Some(e.body);
        }
    }
    // An included file may bring shortcodes and wiki links in.
    let included = out.body.as_deref();
    let text = included.unwrap_or(&p.body);
    if included.map_or(shortcodes, holds_foreign) {
        foreign(text, &shown, p.body_line, &mut out.problems);
    }
    let (rel, line) = (&p.entry.rel, p.body_line);
    let wiki = included.map_or(wiki, |b| holds(b, "[["));
    if wiki && let Some(w) = wiki::rewrite(text, rel, &shown, line, names(), &mut out.problems) {
        out.body = Some(w);
    }
    out
}

/// Whether `text` holds `needle`: every page is searched for the few markers of other tools'
/// syntax, which `str::contains` did at a twentieth of a warm build's instructions (a page
/// read from the cache is not otherwise read at all); memchr's SIMD search is several times
/// faster.
pub(super) fn holds(text: &str, needle: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some()
}

/// Whether `text` holds what opens a Hugo shortcode or a Liquid tag.
fn holds_foreign(text: &str) -> bool {
    holds(text, "{{<") || holds(text, "{{%") || holds(text, "{%")
}

/// Puts back what `prepare` changed.
pub(crate) fn restore(loaded: &mut Loaded, originals: Originals) {
    for (i, original) in originals.0 {
        if let Some(p) = loaded.pages.get_mut(i) {
            p.body = original.body;
            p.meta.title = original.title;
            p.content_id = original.content_id;
            p.digest = original.digest;
        }
    }
    loaded.fragments.clear();
}

/// Every page and file by the names wiki links use.
fn wiki_names(loaded: &Loaded) -> wiki::Names {
    let mut names = wiki::Names::default();
    for p in &loaded.pages {
        names.add_page(&p.entry.rel, None);
    }
    for p in &loaded.pages {
        names.add_page(
            &p.entry.rel,
            p.meta.title.as_deref().or_else(|| first_heading(&p.body)),
        );
    }
    for a in &loaded.assets {
        names.add_file(a);
    }
    names
}

/// The text of a page's first `# Heading` line.
fn first_heading(body: &str) -> Option<&str> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(str::trim)
}

/// Byte ranges of code spans and code blocks in `text`, where nothing is rewritten.
pub(crate) fn code_ranges(text: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out = Vec::new();
    for (e, r) in Parser::new(text).into_offset_iter() {
        match e {
            Event::Code(_)
            | Event::Start(Tag::CodeBlock(_))
            | Event::Html(_)
            | Event::InlineHtml(_) => out.push(r),
            _ => {}
        }
    }
    out
}

/// Hugo shortcodes (`{{< … >}}`, `{{% … %}}`) and Liquid tags (`{% … %}`) are another tool's
/// templates: shown as written, with a warning naming the line. Called for text that holds one
/// (`holds_foreign`).
fn foreign(text: &str, shown: &str, body_line: usize, problems: &mut Vec<Diagnostic>) {
    let code = code_ranges(text);
    let mut from = 0;
    while let Some(at) = text[from..].find('{').map(|i| from + i) {
        from = at + 1;
        let rest = &text[at..];
        let kind = if rest.starts_with("{{<") || rest.starts_with("{{%") {
            "a Hugo shortcode"
        } else if rest.starts_with("{%") && !text[..at].ends_with('{') {
            "a Liquid tag"
        } else {
            continue;
        };
        if code.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let line = body_line + text[..at].matches('\n').count();
        let snippet: String = rest.lines().next().unwrap_or("").chars().take(40).collect();
        problems.push(
            Diagnostic::warning(
                shown,
                line,
                format!("`{snippet}` is {kind}, which playbook does not run: shown as written"),
            )
            .with_hint(Some("write what it produces in Markdown".into())),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hugo_shortcodes_and_liquid_tags_are_warned_at_their_line_outside_code() {
        let text = "Intro\n{{< figure src=\"a.png\" >}}\n{% include note.html %}\n`{% raw %}`\n```\n{{% x %}}\n```\n{{% notice %}}\n";
        let mut problems = Vec::new();
        super::foreign(text, "content/a.md", 3, &mut problems);
        let lines: Vec<usize> = problems.iter().map(|d| d.line).collect();
        assert_eq!(lines, [4, 5, 10], "{problems:?}");
        assert!(problems[0].message.contains("Hugo shortcode"));
        assert!(problems[1].message.contains("Liquid tag"));
    }
}
