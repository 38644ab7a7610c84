//! Wiki links, as GitHub wikis, Obsidian and Foam write them: `[[Page Name]]`,
//! `[[Page Name|text]]`, `[[Page Name#Heading]]` and `![[image.png]]`, rewritten into
//! Markdown links to the page's file before rendering, so that they are checked, copied and
//! re-based like every other link. A name matches a page's file name, its path in the
//! content folder or its title, ignoring case and treating spaces, dashes and underscores
//! alike, as those tools do; an image matches a file's name. A name that matches nothing is
//! a broken link (left as written). Code spans and blocks are left alone.
use crate::diagnostics::Diagnostic;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use std::collections::HashMap;

/// What may not stand unencoded in a link destination.
const DEST: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'(')
    .add(b')')
    .add(b'<')
    .add(b'>')
    .add(b'#')
    .add(b'%');

/// The longest name a wiki link holds.
const MAX_NAME: usize = 300;

/// Pages and files by every name a wiki link may use.
#[derive(Debug, Default)]
pub(crate) struct Names {
    by_key: HashMap<String, String>,
}

/// `Getting Started`, `getting-started` and `Getting_started` are one name.
fn key(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' | '_' => '-',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

impl Names {
    /// A page at `rel` (content-relative), with its title if known. The first name given
    /// wins: callers add file names before titles.
    pub(crate) fn add_page(&mut self, rel: &str, title: Option<&str>) {
        let no_ext = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
        let file = no_ext.rsplit_once('/').map_or(no_ext, |(_, f)| f);
        for name in [Some(no_ext), Some(file), title].into_iter().flatten() {
            self.by_key
                .entry(key(name))
                .or_insert_with(|| rel.to_string());
        }
        self.by_key
            .entry(key(rel))
            .or_insert_with(|| rel.to_string());
    }

    /// Any other file (images), by its name and path.
    pub(crate) fn add_file(&mut self, rel: &str) {
        let file = rel.rsplit_once('/').map_or(rel, |(_, f)| f);
        for name in [rel, file] {
            self.by_key
                .entry(key(name))
                .or_insert_with(|| rel.to_string());
        }
    }

    fn find(&self, name: &str) -> Option<&str> {
        let name = name.trim().trim_start_matches("./").trim_start_matches('/');
        let plain = name.strip_suffix(".md").unwrap_or(name);
        (self.by_key.get(&key(name)))
            .or_else(|| self.by_key.get(&key(plain)))
            .map(String::as_str)
    }
}

/// `body` of the page at `rel` with its wiki links rewritten; `None` when it has none.
/// `line_of` gives the file line of a body offset.
pub(crate) fn rewrite(
    body: &str,
    rel: &str,
    shown: &str,
    body_line: usize,
    names: &Names,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    if !super::holds(body, "[[") {
        return None;
    }
    let code = super::code_ranges(body);
    let up = "../".repeat(rel.matches('/').count());
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    let mut from = 0;
    while let Some(found) = body[from..].find("[[") {
        let open = from + found;
        from = open + 2;
        if code.iter().any(|r| r.contains(&open)) {
            continue;
        }
        // The name runs to the first `]]`, on one line, with no bracket in it (so a run of
        // brackets is no link, and each `[[` looks no further than the next bracket).
        let rest = &body[open + 2..];
        let stop = rest.find(['[', ']', '\n']).unwrap_or(rest.len());
        if !rest[stop..].starts_with("]]") || stop == 0 || stop > MAX_NAME {
            continue;
        }
        let len = stop;
        let inner = &body[open + 2..open + 2 + len];
        let image = open > 0 && body.as_bytes()[open - 1] == b'!';
        let start = if image { open - 1 } else { open };
        let (target, text) = match inner.split_once('|') {
            Some((t, x)) => (t.trim(), Some(x.trim())),
            None => (inner.trim(), None),
        };
        let (name, heading) = match target.split_once('#') {
            Some((n, h)) => (n.trim(), Some(h.trim())),
            None => (target, None),
        };
        let end = open + 2 + len + 2;
        let dest = if name.is_empty() {
            Some("")
        } else {
            names.find(name)
        };
        let Some(dest) = dest else {
            let line = body_line + body[..open].matches('\n').count();
            problems.push(
                Diagnostic::error(shown, line, format!("wiki link `[[{inner}]]` names no page or file"))
                    .with_hint(Some("write the name of a page (its file name or title) or of a file in the content folder".into()))
                    .broken_link(),
            );
            from = end;
            continue;
        };
        let mut href = if dest.is_empty() {
            String::new()
        } else {
            format!("{up}{}", utf8_percent_encode(dest, DEST))
        };
        if let Some(h) = heading {
            href.push('#');
            href.push_str(&crate::markdown::ids::github_id(h));
        }
        let shown_text = match (text, heading) {
            (Some(t), _) => t.to_string(),
            (None, Some(h)) if name.is_empty() => h.to_string(),
            (None, Some(h)) => format!("{name} › {h}"),
            (None, None) => name.to_string(),
        };
        out.push_str(&body[last..start]);
        let escaped = shown_text.replace('[', "\\[").replace(']', "\\]");
        out.push_str(&format!(
            "{}[{escaped}]({href})",
            if image { "!" } else { "" }
        ));
        last = end;
        from = end;
    }
    out.push_str(&body[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let mut n = Names::default();
        n.add_page("Home.md", None);
        n.add_page("Getting-Started.md", Some("Getting started with the team"));
        n.add_page("guides/On Call.md", None);
        n.add_file("images/org chart.png");
        n
    }

    #[test]
    fn resolves_by_name_title_and_path_ignoring_case_and_dashes() {
        let body = "See [[getting started]], [[Getting Started with the team|the guide]],\n[[On-Call#First week]] and ![[org chart.png]]; `[[code]]` stays.\n";
        let mut problems = Vec::new();
        let out = rewrite(
            body,
            "guides/Index.md",
            "content/guides/Index.md",
            1,
            &names(),
            &mut problems,
        )
        .unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            out,
            "See [getting started](../Getting-Started.md), [the guide](../Getting-Started.md),\n[On-Call › First week](../guides/On%20Call.md#first-week) and ![org chart.png](../images/org%20chart.png); `[[code]]` stays.\n"
        );
    }

    #[test]
    fn runs_of_brackets_are_no_links() {
        let mut problems = Vec::new();
        let body = format!(
            "{}{}\n[[]] [[a\nb]] [[a[b]]\n",
            "[".repeat(5000),
            "]".repeat(5000)
        );
        let out = rewrite(&body, "a.md", "content/a.md", 1, &names(), &mut problems);
        assert_eq!(out, Some(body.clone()));
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_name_of_nothing_is_a_broken_link_at_its_line() {
        let mut problems = Vec::new();
        let out = rewrite(
            "intro\n\n[[Nowhere]]\n",
            "Home.md",
            "content/Home.md",
            4,
            &names(),
            &mut problems,
        )
        .unwrap();
        assert_eq!(out, "intro\n\n[[Nowhere]]\n");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .starts_with("content/Home.md:6: error: wiki link `[[Nowhere]]` names no page"),
            "{}",
            problems[0]
        );
    }
}
