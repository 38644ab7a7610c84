//! Entry points for fuzzing (`fuzz/`, cargo-fuzz) and for the property tests below: the
//! front-matter splitter, the checklist parser and Markdown rendering, each asserting what must
//! hold for any input: no panic, every reported position inside the file, rendering ends, and
//! the print form written by the Markdown pass equal to lol_html's rewrite of the page.
//! Hidden from the docs; not an API.
use crate::content::{checklist, frontmatter};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Options};
use crate::site::{LinkMap, Target};

/// Splits `text` as a chapter's front matter and checks the result.
pub fn front_matter(text: &str) {
    let split = frontmatter::split(text, "f.md");
    assert!(
        text.ends_with(split.body),
        "the body is the rest of the file"
    );
    let before = &text[..text.len() - split.body.len()];
    let expected = 1 + before.trim_start_matches('\u{feff}').matches('\n').count();
    assert_eq!(
        split.body_line, expected,
        "body_line is the body's line in the file"
    );
    for d in &split.problems {
        assert_inside(d, text);
    }
}

/// Parses `text` as a checklist file and checks ids, positions and fixes.
pub fn checklist(text: &str) {
    let c = checklist::parse(text, "c.toml", "c");
    for d in &c.problems {
        assert_inside(d, text);
    }
    if !c.problems.is_empty() {
        return;
    }
    let mut ids = std::collections::HashSet::new();
    for s in &c.sections {
        assert!(ids.insert(s.id.clone()), "section id {} is unique", s.id);
        for item in &s.items {
            assert!(ids.insert(item.id.clone()), "item id {} is unique", item.id);
            assert!(!item.id.is_empty());
            assert_line_inside(item.line, text);
        }
    }
    assert_line_inside(c.line, text);
}

/// Renders `text` as a chapter body starting on line 3 of its file, with links resolved
/// against a small site, and checks every position and id.
pub fn markdown(text: &str) {
    let mut map = LinkMap::default();
    map.pages.insert(
        "p/b.md".into(),
        Target {
            href: "p/b/index.html".into(),
            draft: false,
        },
    );
    map.pages.insert(
        "p/wip.md".into(),
        Target {
            href: "p/wip/index.html".into(),
            draft: true,
        },
    );
    map.assets.insert("p/img.png".into());
    let links = map.for_page("p/a.md", "p/a/");
    for smart_punctuation in [false, true] {
        let opts = Options {
            smart_punctuation,
            ..Options::default()
        };
        let doc = markdown::render(text, 3, &opts, &links, false);
        let file = format!("+++\n+++\n{text}");
        for l in &doc.links {
            assert_position(l.line, l.col, &file);
        }
        for p in &doc.problems {
            assert_position(p.line, p.col, &file);
        }
        for e in &doc.embeds {
            assert_line_inside(e.line, &file);
            assert!(doc.html.contains(&markdown::embed_marker(&e.id)));
        }
        let mut seen = std::collections::HashSet::new();
        for h in &doc.toc {
            assert!(seen.insert(&h.id), "heading id {} is unique", h.id);
        }
        crate::render::assert_relocatable_matches(
            &doc,
            "p/a/",
            &[("p/b/index.html", "ch-p-b"), ("p/a/index.html", "ch-p-a")],
        );
        let _ = markdown::render_inline(
            text,
            &Options {
                smart_punctuation,
                ..Options::default()
            },
            &links,
        );
    }
}

fn assert_inside(d: &Diagnostic, text: &str) {
    assert!(!d.message.is_empty());
    assert_position(d.line, d.col, text);
    if let Some(fix) = &d.fix {
        assert!(fix.range.start <= fix.range.end, "{fix:?}");
        assert!(
            fix.apply(text).is_some(),
            "the fix applies to the file: {fix:?}"
        );
    }
    // The rich rendering must cope with whatever position it is given.
    let _ = crate::diagnostics::render_rich(d, Some(text), false);
}

/// Line 0 means "unknown"; otherwise the line exists (or is the empty line after the last
/// newline) and the column is at most one past its last character.
fn assert_position(line: usize, col: usize, text: &str) {
    assert_line_inside(line, text);
    if line > 0 && col > 0 {
        let chars = text
            .split('\n')
            .nth(line - 1)
            .map_or(0, |l| l.chars().count());
        assert!(
            col <= chars + 1,
            "column {col} past the end of line {line} ({chars} chars)"
        );
    }
}

fn assert_line_inside(line: usize, text: &str) {
    let lines = text.matches('\n').count() + 1;
    assert!(
        line <= lines,
        "line {line} past the end of the file ({lines} lines)"
    );
}

#[cfg(test)]
mod tests;
