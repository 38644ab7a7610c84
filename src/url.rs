//! The rules of the site's URLs and output paths, in one place. Every page is the `index.html`
//! of an output folder (`the-leap/trap/`, `""` for the home page), and its root-relative href
//! is also its path in the output directory; every link the site writes is relative to the
//! page it is on (`root_prefix` leads back to the root), so the site works under a sub-path
//! and from `file://`. Here: joining and resolving relative URLs, telling URLs with a scheme,
//! the folders and files playbook itself writes, and how a source under `content/` is named.
//! Pure string functions: no IO, nothing about pages or templates.

/// The folder of the site root that holds the sources.
pub(crate) const CONTENT_DIR: &str = "content";

/// The checklists index; each checklist's page is a folder inside it (`checklist_dir`).
pub(crate) const CHECKLISTS: &str = "checklists/";
/// The page listing every tag; each tag's page is a folder inside it (`tag_dir`).
pub(crate) const TAGS: &str = "tags/";
/// The search page.
pub(crate) const SEARCH: &str = "search/";
/// The print document of the whole playbook.
pub(crate) const PRINT_BOOK: &str = "print/";
/// The print document of every checklist.
pub(crate) const PRINT_CHECKLISTS: &str = "checklists/print/";
/// "My progress".
pub(crate) const PROGRESS: &str = "progress/";
/// "What's new".
pub(crate) const WHATS_NEW: &str = "whats-new/";
/// The page shown for a missing URL: a file at the root, not a folder's page.
pub(crate) const NOT_FOUND: &str = "404.html";

/// Top-level URL segments playbook's own pages and files use, which no page may take.
/// (`index` would be read as the home page's file.)
pub(crate) const RESERVED_TOP: &[&str] = &[
    "checklists",
    "tags",
    "search",
    "print",
    "progress",
    "whats-new",
    "static",
    "__playbook",
    "index",
];
/// Segments reserved inside a top-level section: its print document.
pub(crate) const RESERVED_PART: &[&str] = &["print"];

/// A source file as diagnostics name it, relative to the site root (`content/01-a/02-b.md`),
/// from its path relative to `content/`.
pub(crate) fn content_path(rel: &str) -> String {
    format!("{CONTENT_DIR}/{rel}")
}

/// The page of the output folder `out_dir` (`""` or ending in `/`): its root-relative href,
/// which is also its path in the output directory.
pub(crate) fn page(out_dir: &str) -> String {
    // Not `format!`: called for every page several times a build.
    [out_dir, "index.html"].concat()
}

/// `../` once per folder of `out_dir`: the way from a page back to the site root.
pub(crate) fn root_prefix(out_dir: &str) -> String {
    "../".repeat(out_dir.matches('/').count())
}

/// The folder of a checklist's page.
pub(crate) fn checklist_dir(id: &str) -> String {
    format!("{CHECKLISTS}{id}/")
}

/// A checklist's Markdown task list, in its page's folder.
pub(crate) fn checklist_export(out_dir: &str, id: &str) -> String {
    format!("{out_dir}{id}.md")
}

/// The folder of a tag's page, from the tag's slug.
pub(crate) fn tag_dir(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

/// The folder of the print document of the top-level section in `out_dir`.
pub(crate) fn part_print_dir(out_dir: &str) -> String {
    format!("{out_dir}print/")
}

/// True for an output file that playbook writes itself, which nothing else (a redirect) may
/// replace: anything in a reserved top-level folder, the home page and the 404 page.
pub(crate) fn is_reserved_file(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or(path);
    (first != "index" && RESERVED_TOP.contains(&first))
        || first == "index.html"
        || first == NOT_FOUND
}

/// True for a URL with a scheme (`https:`, `mailto:`, `data:`): a letter, then letters,
/// digits, `+`, `-` or `.`, then `:` (RFC 3986). Such a URL is never a path of the site.
pub(crate) fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// A URL split before its first `?` or `#`: the path, and the rest (`""` when there is none).
pub(crate) fn split_path(url: &str) -> (&str, &str) {
    url.split_at(url.find(['#', '?']).unwrap_or(url.len()))
}

/// Joins a relative path to the folder it was written in (`.` and `..` resolved, a trailing
/// `/` kept); `None` when it climbs above the root. Both are `/`-separated.
pub(crate) fn join(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if link.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

/// The root-relative target of a relative URL written on the page in `from_dir`, its `?query`
/// and `#fragment` kept; a folder's URL names its page (`../` → `index.html`). `None` for
/// URLs that are not paths of the site: empty, root-absolute, with a scheme, or climbing
/// above the root.
pub(crate) fn resolve(from_dir: &str, url: &str) -> Option<String> {
    if url.is_empty() || url.starts_with('/') || has_scheme(url) {
        return None;
    }
    let (path, rest) = split_path(url);
    let mut out = join(from_dir, path)?.trim_end_matches('/').to_string();
    if path.is_empty() || path.ends_with('/') || path.ends_with("/.") || path == "." {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Some(format!("{out}{rest}"))
}

/// A URL written on a page in `from_dir`, re-based for a page `root` (`../` per folder) away
/// from the site root; `None` for URLs that stay as written: fragments, queries, root-absolute
/// URLs, URLs with a scheme, and paths that climb above the root.
pub(crate) fn rebase(url: &str, from_dir: &str, root: &str) -> Option<String> {
    if url.is_empty() || url.starts_with(['#', '/', '?']) || has_scheme(url) {
        return None;
    }
    let (path, rest) = split_path(url);
    join(from_dir, path).map(|target| format!("{root}{target}{rest}"))
}

/// The path from the folder `from_dir` to `to`, both `/`-separated and relative to the same
/// root (`./` when they are the same folder).
pub(crate) fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    if out.is_empty() {
        out.push_str("./");
    } else if to.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_the_index_of_its_folder() {
        assert_eq!(page(""), "index.html");
        assert_eq!(page("a/b/"), "a/b/index.html");
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("a/b/"), "../../");
        assert_eq!(content_path("a/b.md"), "content/a/b.md");
        assert_eq!(checklist_dir("x"), "checklists/x/");
        assert_eq!(tag_dir("t"), "tags/t/");
        assert_eq!(part_print_dir("part/"), "part/print/");
    }

    #[test]
    fn joins_relative_paths_and_refuses_to_leave_the_root() {
        assert_eq!(join("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join("a", "./x/").as_deref(), Some("a/x/"));
        assert_eq!(join("", "a/../b").as_deref(), Some("b"));
        assert_eq!(join("a", "../../x"), None);
    }

    #[test]
    fn resolves_relative_urls_against_the_page_folder() {
        let r = |from: &str, url: &str| resolve(from, url);
        assert_eq!(
            r("a/y/", "../../b/x/index.html#s").as_deref(),
            Some("b/x/index.html#s")
        );
        assert_eq!(r("a/y/", "img/d.png").as_deref(), Some("a/y/img/d.png"));
        assert_eq!(r("a/y/", "../").as_deref(), Some("a/index.html"));
        assert_eq!(r("a/", "../").as_deref(), Some("index.html"));
        assert_eq!(r("a/", "./#top").as_deref(), Some("a/index.html#top"));
        assert_eq!(r("a/", ".").as_deref(), Some("a/index.html"));
        assert_eq!(r("", "x/").as_deref(), Some("x/index.html"));
        assert_eq!(r("a/", "?q=1").as_deref(), Some("a/index.html?q=1"));
        assert_eq!(r("a/y/", "../../../x"), None, "leaves the site");
        for kept in ["https://x.org/a", "mailto:a@b.c", "/abs", ""] {
            assert_eq!(r("a/", kept), None, "{kept}");
        }
    }

    #[test]
    fn a_scheme_starts_with_a_letter() {
        for url in [
            "https://e.org/x#y",
            "mailto:a@b.c",
            "tel:+1",
            "git+ssh://h/r",
            "c:/x",
        ] {
            assert!(has_scheme(url), "{url}");
        }
        for url in ["../a.md#x", ":x", "1a:b", "a b:c", "page.md?x=a:b", "#a:b"] {
            assert!(!has_scheme(url), "{url}");
        }
    }

    #[test]
    fn rebases_paths_for_another_page() {
        assert_eq!(
            rebase("../x/index.html#a", "checklists/c/", "../").as_deref(),
            Some("../checklists/x/index.html#a")
        );
        assert_eq!(
            rebase("img.png", "a/", "../../").as_deref(),
            Some("../../a/img.png")
        );
        for kept in ["#a", "?q", "/abs", "https://e.org/", "", "../../../up"] {
            assert_eq!(rebase(kept, "a/", "../"), None, "{kept}");
        }
    }

    #[test]
    fn relative_paths_between_folders() {
        assert_eq!(relative("a/b", "a/c.md"), "../c.md");
        assert_eq!(relative("a", "a/"), "./");
        assert_eq!(relative("", "team/"), "team/");
        assert_eq!(relative("x", "y/z/"), "../y/z/");
    }

    #[test]
    fn reserved_files_are_those_playbook_writes() {
        for path in [
            "index.html",
            "404.html",
            "static/x.css",
            "print/index.html",
            "search/a.js",
        ] {
            assert!(is_reserved_file(path), "{path}");
        }
        for path in [
            "index/index.html",
            "old/index.html",
            "printing/index.html",
            "x.html",
        ] {
            assert!(!is_reserved_file(path), "{path}");
        }
    }
}
