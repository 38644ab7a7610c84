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
pub(crate) struct Originals(Vec<(usize, crate::shared::SharedStr, Option<String>)>);

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
        originals.0.push((i, old_body, old_title));
    }
    originals
}

fn prepare_page<'n>(
    p: &super::PageSource,
    confine: Option<&crate::fs::Confine>,
    content: &Path,
    names: &(dyn Fn() -> &'n wiki::Names + Sync),
) -> Prepared {
    let shown = format!("content/{}", p.entry.rel);
    let mut out = Prepared {
        body: None,
        title: None,
        problems: Vec::new(),
        read: Vec::new(),
    };
    // Includes, Hugo shortcodes and Liquid tags all open with a brace; most pages hold none.
    let braces = memchr::memchr(b'{', p.body.as_bytes()).is_some();
    if let Some(confine) = confine.filter(|_| braces) {
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
    let text = out.body.as_deref().unwrap_or(&p.body);
    if braces {
        foreign(text, &shown, p.body_line, &mut out.problems);
    }
    let (rel, line) = (&p.entry.rel, p.body_line);
    if holds(text, "[[")
        && let Some(w) = wiki::rewrite(text, rel, &shown, line, names(), &mut out.problems)
    {
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

/// Puts back what `prepare` changed.
pub(crate) fn restore(loaded: &mut Loaded, originals: Originals) {
    for (i, body, title) in originals.0 {
        if let Some(p) = loaded.pages.get_mut(i) {
            p.body = body;
            p.meta.title = title;
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
/// templates: shown as written, with a warning naming the line.
fn foreign(text: &str, shown: &str, body_line: usize, problems: &mut Vec<Diagnostic>) {
    if !holds(text, "{{<") && !holds(text, "{{%") && !holds(text, "{%") {
        return;
    }
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
