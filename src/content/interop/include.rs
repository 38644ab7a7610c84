//! mdBook's directives, expanded in a page's text before it is rendered, as mdBook's `links`
//! preprocessor does: `{{#include file}}` with `:anchor` or a line range (`:10:20`, `:10:`,
//! `::20`, `:10`), `{{#rustdoc_include file:anchor}}` (the anchor's lines only: there is no
//! rustdoc to hide the rest), `{{#title …}}` (the page's `<title>`) and `{{#playground file}}`
//! (shown as a plain code block, with a warning). `\{{#…}}` is shown as written, without the
//! backslash; an unknown directive is left as written, with a warning. Paths are relative to
//! the page; nothing outside the site root is read. Missing files and anchors are errors
//! naming the page and line.
use crate::diagnostics::Diagnostic;
use crate::fs::Confine;
use std::path::{Path, PathBuf};

/// How deep included files may include others (mdBook's limit).
const MAX_DEPTH: usize = 10;

/// A page's text with its directives expanded.
#[derive(Debug, Default)]
pub(crate) struct Expanded {
    pub(crate) body: String,
    /// From `{{#title …}}`.
    pub(crate) title: Option<String>,
    /// Every file read, absolute.
    pub(crate) read: Vec<PathBuf>,
}

/// Where the page is, for reading relative paths and naming it in messages.
pub(crate) struct Page<'a> {
    /// The page file, absolute.
    pub(crate) file: &'a Path,
    /// As diagnostics name it (`content/ch01.md`).
    pub(crate) shown: &'a str,
    /// The line of the file the body starts on.
    pub(crate) body_line: usize,
    pub(crate) confine: &'a Confine,
}

/// Expands every directive of `body`; `None` when it has none.
pub(crate) fn expand(
    body: &str,
    page: &Page<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Expanded> {
    if !super::holds(body, "{{") {
        return None;
    }
    let mut out = Expanded::default();
    let dir = page.file.parent().unwrap_or(Path::new(""));
    out.body = expand_in(body, dir, page, 0, &mut out, None, problems);
    Some(out)
}

/// One text expanded; `at` is the line of the page the text came from when it was included
/// (its own lines do not exist in the page).
fn expand_in(
    text: &str,
    dir: &Path,
    page: &Page<'_>,
    depth: usize,
    out: &mut Expanded,
    at: Option<usize>,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    let mut consumed = 0;
    while let Some(start) = rest.find("{{") {
        let escaped = rest[..start].ends_with('\\');
        let Some(len) = directive_len(&rest[start..]) else {
            result.push_str(&rest[..start + 2]);
            consumed += start + 2;
            rest = &rest[start + 2..];
            continue;
        };
        let whole = &rest[start..start + len];
        let line =
            at.unwrap_or_else(|| page.body_line + text[..consumed + start].matches('\n').count());
        if escaped {
            result.push_str(&rest[..start - 1]);
            result.push_str(whole);
        } else {
            result.push_str(&rest[..start]);
            let inner = whole[3..whole.len() - 2].trim();
            let (name, arg) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            let mut say = |d: Diagnostic| problems.push(d);
            match run(name, arg.trim(), dir, page, line, out, &mut say) {
                Directive::Text(t) if name == "include" && depth < MAX_DEPTH => {
                    let file = dir.join(arg.trim().split(':').next().unwrap_or(""));
                    let sub = file.parent().unwrap_or(dir).to_path_buf();
                    result.push_str(&expand_in(
                        &t,
                        &sub,
                        page,
                        depth + 1,
                        out,
                        Some(line),
                        problems,
                    ));
                }
                Directive::Text(t) => result.push_str(&t),
                Directive::Unknown => result.push_str(whole),
            }
        }
        consumed += start + len;
        rest = &rest[start + len..];
    }
    result.push_str(rest);
    result
}

/// The length of the `{{#name …}}` directive `s` starts with, if it is one.
fn directive_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("{{")?;
    let name_start = body.trim_start();
    let name = name_start.strip_prefix('#')?;
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    s.find("}}").map(|end| end + 2)
}

/// What a directive becomes.
enum Directive {
    Text(String),
    /// Not one of mdBook's: left as written.
    Unknown,
}

fn run(
    name: &str,
    arg: &str,
    dir: &Path,
    page: &Page<'_>,
    line: usize,
    out: &mut Expanded,
    say: &mut dyn FnMut(Diagnostic),
) -> Directive {
    let error = |msg: String| Diagnostic::error(page.shown, line, msg);
    match name {
        "title" => {
            out.title = Some(arg.to_string());
            Directive::Text(String::new())
        }
        "include" | "rustdoc_include" | "playground" => {
            let (file, selector) = split_selector(arg);
            let text = match read(dir, file, page) {
                Ok((path, text)) => {
                    out.read.push(path);
                    text
                }
                Err(why) => {
                    say(error(format!("cannot {name} `{file}`: {why}"))
                        .with_hint(Some("paths are relative to the page's folder".into())));
                    return Directive::Text(String::new());
                }
            };
            let selected = match select(&text, selector) {
                Ok(s) => s,
                Err(why) => {
                    say(error(format!("cannot {name} `{arg}`: {why}")));
                    return Directive::Text(String::new());
                }
            };
            if name == "playground" {
                say(Diagnostic::warning(
                    page.shown,
                    line,
                    "`{{#playground}}` is shown as a plain code block: playbook runs no code",
                ));
                return Directive::Text(format!("```rust\n{selected}\n```"));
            }
            Directive::Text(selected)
        }
        _ => {
            say(Diagnostic::warning(
                page.shown,
                line,
                format!(
                    "`{{{{#{name}}}}}` is not an mdBook directive playbook knows: shown as written"
                ),
            ));
            Directive::Unknown
        }
    }
}

/// `file:anchor`, `file:10:20`… → (`file`, what to take).
fn split_selector(arg: &str) -> (&str, Option<&str>) {
    // The path may itself hold spaces; a Windows drive letter is not a selector.
    match arg.split_once(':') {
        Some((file, sel)) => (file.trim(), Some(sel.trim())),
        None => (arg.trim(), None),
    }
}

/// Reads `file` relative to `dir`, inside the site root only.
fn read(dir: &Path, file: &str, page: &Page<'_>) -> Result<(PathBuf, String), String> {
    if file.is_empty() {
        return Err("no file named".into());
    }
    let path = dir.join(file);
    if !path.exists() {
        return Err("no such file".into());
    }
    let real = page
        .confine
        .check(&path)
        .map_err(|_| "it lies outside the site root, which playbook never reads".to_string())?;
    let bytes = std::fs::read(&real).map_err(|e| e.to_string())?;
    Ok((real, String::from_utf8_lossy(&bytes).into_owned()))
}

/// The lines `selector` names (all of them when `None`), joined by newlines (none after the
/// last, as in mdBook), with anchor marker lines removed.
fn select(text: &str, selector: Option<&str>) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let keep = |ls: &[&str]| {
        let kept: Vec<&str> = ls.iter().copied().filter(|l| !is_marker(l)).collect();
        kept.join("\n")
    };
    let Some(sel) = selector.filter(|s| !s.is_empty()) else {
        return Ok(keep(&lines));
    };
    let (a, b) = match sel.split_once(':') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (sel, None),
    };
    let num = |s: &str| s.parse::<usize>().ok();
    let range = match (a, b) {
        ("", Some(b)) => num(b).map(|e| (1, e)),
        (a, Some("")) => num(a).map(|s| (s, usize::MAX)),
        (a, Some(b)) => num(a).zip(num(b)),
        (a, None) => num(a).map(|s| (s, s)),
    };
    if let Some((start, end)) = range {
        let from = start.max(1) - 1;
        let to = end.min(lines.len());
        return Ok(if from < to {
            keep(&lines[from..to])
        } else {
            String::new()
        });
    }
    if b.is_some() {
        return Err(format!(
            "`{sel}` is neither an anchor name nor a line range"
        ));
    }
    anchored(&lines, a)
        .map(|ls| keep(&ls))
        .ok_or_else(|| format!("the file has no `ANCHOR: {a}`"))
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`.
fn anchored<'t>(lines: &[&'t str], name: &str) -> Option<Vec<&'t str>> {
    let start = lines
        .iter()
        .position(|l| marker(l, "ANCHOR:") == Some(name))?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| marker(l, "ANCHOR_END:") == Some(name))
        .map_or(lines.len(), |e| start + 1 + e);
    Some(lines[start + 1..end].to_vec())
}

/// The anchor name after `tag` on this line, if it has one.
fn marker<'t>(line: &'t str, tag: &str) -> Option<&'t str> {
    let at = line.find(tag)?;
    let name = line[at + tag.len()..].trim_start();
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

fn is_marker(line: &str) -> bool {
    marker(line, "ANCHOR:").is_some() || marker(line, "ANCHOR_END:").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTING: &str = "use std::io;\n// ANCHOR: main\nfn main() {\n    // ANCHOR: print\n    println!(\"hi\");\n    // ANCHOR_END: print\n}\n// ANCHOR_END: main\n";

    #[test]
    fn selects_anchors_and_ranges() {
        assert_eq!(
            select(LISTING, Some("print")).unwrap(),
            "    println!(\"hi\");"
        );
        assert_eq!(
            select(LISTING, Some("main")).unwrap(),
            "fn main() {\n    println!(\"hi\");\n}"
        );
        assert_eq!(select(LISTING, Some("1:1")).unwrap(), "use std::io;");
        assert_eq!(select(LISTING, Some("3")).unwrap(), "fn main() {");
        assert_eq!(select(LISTING, Some(":1")).unwrap(), "use std::io;");
        assert_eq!(select(LISTING, Some("7:")).unwrap(), "}");
        assert_eq!(select(LISTING, None).unwrap().lines().count(), 4);
        assert!(
            select(LISTING, Some("nope"))
                .unwrap_err()
                .contains("ANCHOR: nope")
        );
    }

    fn page_in(dir: &Path) -> (PathBuf, Confine) {
        (dir.join("ch01.md"), Confine::new(dir).unwrap())
    }

    #[test]
    fn expands_directives_and_reports_missing_files_with_their_line() {
        let dir = std::env::temp_dir().join(format!("pb-include-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("listings")).unwrap();
        std::fs::write(dir.join("listings/main.rs"), LISTING).unwrap();
        let (file, confine) = page_in(&dir);
        let page = Page {
            file: &file,
            shown: "content/ch01.md",
            body_line: 3,
            confine: &confine,
        };
        let body = "{{#title Custom}}\n```rust\n{{#rustdoc_include listings/main.rs:print}}\n```\n\\{{#include kept}}\n{{#include missing.rs}}\n{{#fancy x}}\n";
        let mut problems = Vec::new();
        let e = expand(body, &page, &mut problems).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(e.title.as_deref(), Some("Custom"));
        assert_eq!(
            e.body,
            "\n```rust\n    println!(\"hi\");\n```\n{{#include kept}}\n\n{{#fancy x}}\n"
        );
        let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0]
                .starts_with("content/ch01.md:8: error: cannot include `missing.rs`: no such file"),
            "{}",
            msgs[0]
        );
        assert!(
            msgs[1].starts_with("content/ch01.md:9: warning: `{{#fancy}}`"),
            "{}",
            msgs[1]
        );
    }
}
