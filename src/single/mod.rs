//! `playbook build --single-file FILE`: the whole playbook as one HTML file, for wikis and
//! intranets that host a file but not a site. The pages are those of the normal build
//! (rendered into memory, never written): each page's `<main>` becomes one section of the
//! file, shown one at a time by `#anchor`; ids are prefixed per page so they stay unique,
//! links between pages become in-file anchors, images become data URIs, the theme's CSS and
//! JavaScript are inlined, and a search index of the pages' titles is embedded (their text is in the file already). The file asks for no
//! other file and no host: it works from disk or as a wiki attachment. Must not render
//! Markdown or know templates: it reads only the built pages.
mod rewrite;

use crate::html::escape;
use crate::output::OutputFile;
use crate::site::{NavEntry, Site};
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// The script that shows one page at a time and searches the embedded index.
const SCRIPT: &str = include_str!("single.js");
const STYLE: &str = include_str!("single.css");

/// One page of the file.
struct Page<'a> {
    /// Output path of the page in the site (`the-leap/index.html`).
    path: String,
    /// Id of its section in the file.
    id: String,
    title: &'a str,
}

/// An entry of the embedded search index: a page's section and title. Its text is the
/// section's own (read by the script), so the file does not hold every word twice.
#[derive(Serialize)]
struct Entry<'a> {
    /// Section id.
    i: &'a str,
    /// Title.
    t: &'a str,
}

/// The single HTML file of `site`, from the files a build produced.
pub(crate) fn assemble(site: &Site, files: &[OutputFile], language: &str) -> Result<String> {
    let by_path: HashMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let pages = pages(site);
    let ids: HashMap<&str, &str> = pages
        .iter()
        .map(|p| (p.path.as_str(), p.id.as_str()))
        .collect();
    let text_of = |path: &str| -> Result<String> {
        let f = by_path
            .get(path)
            .with_context(|| format!("the build wrote no `{path}`"))?;
        let bytes = f
            .body
            .bytes()
            .with_context(|| format!("`{path}` has no contents"))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    let home = text_of("index.html")?;
    let store = attribute(&home, "data-store")
        .unwrap_or("playbook")
        .to_string();
    // The site's title as the pages show it (already escaped).
    let site_title = (home.split("class=\"site-title\"").nth(1))
        .and_then(|s| s.split_once('>'))
        .and_then(|(_, s)| s.split("</a>").next())
        .unwrap_or("Playbook")
        .to_string();
    let files = rewrite::Files {
        by_path: &by_path,
        pages: &ids,
    };
    let mut body = String::new();
    let mut index = Vec::with_capacity(pages.len());
    for (n, p) in pages.iter().enumerate() {
        let html = text_of(&p.path)?;
        let main = inner_main(&html).with_context(|| format!("`{}` has no <main>", p.path))?;
        let main = rewrite::page(main, &p.path, &p.id, &files)?;
        index.push(Entry {
            i: &p.id,
            t: p.title,
        });
        let hidden = if n == 0 { "" } else { " hidden" };
        write!(
            body,
            "<section class=\"sf-page\" id=\"{}\" aria-label=\"{}\"{hidden}>\n{main}\n</section>\n",
            p.id,
            escape(p.title)
        )?;
    }
    let css = |path: &str| text_of(path).unwrap_or_default();
    let index_json = serde_json::to_string(&index)?.replace('<', "\\u003c");
    let mut out = String::with_capacity(body.len() + index_json.len() + 100_000);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"playbook {version}\">\n<title>{title}</title>\n{head}<style>\n{style}\n{highlight}\n{single}\n</style>\n<style media=\"print\">\n{print}\n</style>\n</head>\n<body class=\"single-file\" data-store=\"{store}\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n  <a class=\"site-title\" href=\"#{home_id}\">{title}</a>\n  <div class=\"search sf-search\" role=\"search\">\n    <label class=\"visually-hidden\" for=\"sf-query\">Search the playbook</label>\n    <input id=\"sf-query\" class=\"search-input\" type=\"search\" placeholder=\"Search\" autocomplete=\"off\" spellcheck=\"false\">\n    <ul id=\"sf-results\" class=\"sf-results\" aria-live=\"polite\"></ul>\n  </div>\n  {toggle}\n</header>\n<div class=\"layout\">\n<nav class=\"sidebar sf-toc\" aria-label=\"Contents\">\n{toc}</nav>\n<main id=\"main\" tabindex=\"-1\">\n{body}</main>\n</div>\n<script type=\"application/json\" id=\"sf-index\">{index_json}</script>\n<script>\n{site_js}\n</script>\n<script>\n{SCRIPT}\n</script>\n</body>\n</html>\n",
        lang = escape(language),
        head = theme_head(&home, &files),
        toggle = between(&home, "<button class=\"theme-toggle\"", "</button>").unwrap_or(""),
        version = env!("CARGO_PKG_VERSION"),
        title = site_title,
        style = css("static/style.css"),
        highlight = css("static/highlight.css"),
        single = STYLE,
        print = css("static/print.css"),
        store = escape(&store),
        home_id = pages.first().map_or("", |p| p.id.as_str()),
        toc = toc(site, &pages),
        // The ticks, answers and plans live in `checklist.js`, beside the site's own script.
        site_js = css("static/site.js") + "\n" + &css("static/checklist.js"),
    )?;
    Ok(out)
}

/// Every page of the file in reading order: the home page, the tree, the checklists.
fn pages(site: &Site) -> Vec<Page<'_>> {
    let mut out = vec![Page {
        path: "index.html".into(),
        id: "p-home".into(),
        title: "Home",
    }];
    for e in site.reading_order() {
        let dir = site.out_dir_of(e);
        out.push(Page {
            path: format!("{dir}index.html"),
            id: page_id(dir),
            title: site.title_of(e),
        });
    }
    if !site.checklists.is_empty() {
        out.push(Page {
            path: "checklists/index.html".into(),
            id: "p-checklists".into(),
            title: "Checklists",
        });
        for c in &site.checklists {
            out.push(Page {
                path: format!("{}index.html", c.out_dir),
                id: page_id(&c.out_dir),
                title: &c.title,
            });
        }
    }
    out
}

/// `the-leap/first-90-days/` → `p-the-leap-first-90-days`.
fn page_id(out_dir: &str) -> String {
    format!("p-{}", out_dir.trim_end_matches('/').replace('/', "-"))
}

/// The table of contents: the tree of pages, then the checklists.
fn toc(site: &Site, pages: &[Page<'_>]) -> String {
    let id_of = |dir: &str| {
        let path = format!("{dir}index.html");
        pages
            .iter()
            .find(|p| p.path == path)
            .map_or(String::new(), |p| p.id.clone())
    };
    let mut out =
        String::from("<ol class=\"sf-toc-list\">\n<li><a href=\"#p-home\">Home</a></li>\n");
    // An explicit stack of open lists: (entries left, depth).
    let mut stack: Vec<std::slice::Iter<'_, NavEntry>> = vec![site.nav.iter()];
    while let Some(level) = stack.last_mut() {
        let Some(&e) = level.next() else {
            stack.pop();
            if !stack.is_empty() {
                out.push_str("</ol></li>\n");
            }
            continue;
        };
        let link = format!(
            "<a href=\"#{}\">{}</a>",
            id_of(site.out_dir_of(e)),
            escape(site.nav_title_of(e))
        );
        match e {
            NavEntry::Section(s) if !site.sections[s].children.is_empty() => {
                let _ = writeln!(out, "<li>{link}<ol>");
                stack.push(site.sections[s].children.iter());
            }
            _ => {
                let _ = writeln!(out, "<li>{link}</li>");
            }
        }
    }
    if !site.checklists.is_empty() {
        out.push_str("<li><a href=\"#p-checklists\">Checklists</a></li>\n");
    }
    out.push_str("</ol>\n");
    out
}

/// What is between `<main …>` and `</main>`.
fn inner_main(html: &str) -> Option<&str> {
    let start = html.find("<main")?;
    let open_end = start + html[start..].find('>')? + 1;
    let end = html.rfind("</main>")?;
    (end >= open_end).then(|| &html[open_end..end])
}

/// What the file takes from the home page's `<head>` so it looks as the site does: the icon
/// (as a data URI), the colour-scheme hint and the inline script that restores the reader's
/// colour theme before the first paint (the theme's toggle works on the file as on the site).
fn theme_head(home: &str, files: &rewrite::Files<'_>) -> String {
    let head = between(home, "<head>", "</head>").unwrap_or("");
    let mut out = String::new();
    let icon = between(head, "<link rel=\"icon\"", ">")
        .and_then(|link| attribute(link, "href"))
        .and_then(|href| rewrite::file_uri(href, files));
    if let Some(icon) = icon {
        out.push_str(&format!("<link rel=\"icon\" href=\"{icon}\">\n"));
    }
    for part in [
        between(head, "<meta name=\"color-scheme\"", ">"),
        between(head, "<script>", "</script>"),
    ]
    .into_iter()
    .flatten()
    {
        out.push_str(part);
        out.push('\n');
    }
    out
}

/// The first part of `html` that starts with `start` and ends with `end`, both included.
fn between<'h>(html: &'h str, start: &str, end: &str) -> Option<&'h str> {
    let from = html.find(start)?;
    let len = html[from + start.len()..].find(end)? + start.len() + end.len();
    Some(&html[from..from + len])
}

/// The value of the first `name="…"` attribute in `html`.
fn attribute<'h>(html: &'h str, name: &str) -> Option<&'h str> {
    let at = html.find(&format!("{name}=\""))? + name.len() + 2;
    html[at..].split('"').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_main_element() {
        let html = "<body><main id=\"main\" tabindex=\"-1\"><h1>Hi</h1></main></body>";
        let main = inner_main(html).unwrap();
        assert_eq!(main, "<h1>Hi</h1>");
        assert_eq!(
            page_id("the-leap/first-90-days/"),
            "p-the-leap-first-90-days"
        );
        assert_eq!(
            attribute("<body data-store=\"pm\">", "data-store"),
            Some("pm")
        );
    }
}
