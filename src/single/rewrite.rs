//! One page's `<main>` made part of the single file: ids prefixed with the page's id (and
//! every attribute naming an id), links to pages of the file turned into `#anchors`, and
//! images and other files of the site turned into data URIs, so nothing is fetched.
use crate::markdown::rawhtml::{self, UrlKind};
use crate::output::{Body, OutputFile};
use crate::url::join;
use anyhow::Result;
use base64::Engine as _;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use std::collections::HashMap;

/// The built files and the pages of the single file.
pub(super) struct Files<'a> {
    pub(super) by_path: &'a HashMap<&'a str, &'a OutputFile>,
    /// Section id by output path of the page.
    pub(super) pages: &'a HashMap<&'a str, &'a str>,
}

/// Attributes whose value is one or more ids.
const ID_REFS: [&str; 4] = [
    "for",
    "aria-controls",
    "aria-labelledby",
    "aria-describedby",
];

/// `main`, the `<main>` of the page at `path`, rewritten for the section `id`.
pub(super) fn page(main: &str, path: &str, id: &str, files: &Files<'_>) -> Result<String> {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let prefix = |v: &str| {
        v.split_whitespace()
            .map(|t| format!("{id}--{t}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut map = |url: &str, kind: UrlKind| map_url(url, kind, dir, id, files);
    let settings = RewriteStrSettings::new()
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("[id]", |el| {
            if let Some(v) = el.get_attribute("id") {
                el.set_attribute("id", &prefix(&v))?;
            }
            for attr in ID_REFS {
                if let Some(v) = el.get_attribute(attr) {
                    el.set_attribute(attr, &prefix(&v))?;
                }
            }
            Ok(())
        }))
        .append_element_content_handler(element!(
            "label[for], [aria-controls], [aria-labelledby], [aria-describedby]",
            |el| {
                if el.get_attribute("id").is_some() {
                    return Ok(());
                }
                for attr in ID_REFS {
                    if let Some(v) = el.get_attribute(attr) {
                        el.set_attribute(attr, &prefix(&v))?;
                    }
                }
                Ok(())
            }
        ))
        .append_element_content_handler(element!(rawhtml::SELECTOR, |el| rawhtml::map_urls(
            el, &mut map
        )))
        // A checklist's printed footer names its page's address (`site.js` fills it in).
        .append_element_content_handler(element!("[data-href]", |el| {
            if let Some(v) = el.get_attribute("data-href")
                && let Some(new) = map_url(&v, UrlKind::Link, dir, id, files)
            {
                el.set_attribute("data-href", &new)?;
            }
            Ok(())
        }));
    Ok(rewrite_str(main, settings)?)
}

/// The data URI of the site's file at `url`, written in the home page (the site's icon).
pub(super) fn file_uri(url: &str, files: &Files<'_>) -> Option<String> {
    map_url(url, UrlKind::File, "", "", files).filter(|u| u.starts_with("data:"))
}

/// What `url`, written in the page in `dir`, becomes in the file; `None` leaves it.
fn map_url(url: &str, kind: UrlKind, dir: &str, id: &str, files: &Files<'_>) -> Option<String> {
    if let Some(fragment) = url.strip_prefix('#') {
        return Some(anchor(id, fragment));
    }
    if url.is_empty() || url.starts_with("//") || crate::url::has_scheme(url) {
        return None;
    }
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let path = rest.split('?').next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut target = join(dir, &decoded)?;
    if target.is_empty() || target.ends_with('/') {
        target.push_str("index.html");
    }
    if let Some(page) = files.pages.get(target.as_str()) {
        return Some(match fragment {
            Some(f) if !f.is_empty() => anchor(page, f),
            _ => format!("#{page}"),
        });
    }
    if kind == UrlKind::Link && target.ends_with(".html") {
        // A page the file does not hold (search, print): the top of the file.
        return Some("#main".into());
    }
    let file = files.by_path.get(target.as_str())?;
    let bytes = match &file.body {
        Body::Copy(src) => std::fs::read(src).ok()?,
        other => other.bytes()?.into_owned(),
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    Some(format!("data:{};base64,{b64}", mime(&target)))
}

/// The id of `fragment` of the page whose section is `page`.
fn anchor(page: &str, fragment: &str) -> String {
    if fragment.is_empty() {
        format!("#{page}")
    } else {
        format!("#{page}--{fragment}")
    }
}

/// True for `https:`, `mailto:`, `data:`… (a scheme before any `/`, `?` or `#`).
fn mime(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_ids_and_turns_links_into_anchors_and_files_into_data_uris() {
        let img = OutputFile::new("team/a.png", vec![1u8, 2, 3]);
        let by_path: HashMap<&str, &OutputFile> = [("team/a.png", &img)].into();
        let pages: HashMap<&str, &str> =
            [("team/index.html", "p-team"), ("index.html", "p-home")].into();
        let files = Files {
            by_path: &by_path,
            pages: &pages,
        };
        let html = "<h2 id=\"x\">X</h2><a href=\"#x\">x</a><a href=\"../index.html#top\">home</a><a href=\"./\">here</a><img src=\"a.png\"><a href=\"https://example.org/\">out</a><label for=\"c\">c</label><a href=\"../search/index.html\">s</a>";
        let out = page(html, "team/index.html", "p-team", &files).unwrap();
        assert_eq!(
            out,
            "<h2 id=\"p-team--x\">X</h2><a href=\"#p-team--x\">x</a><a href=\"#p-home--top\">home</a><a href=\"#p-team\">here</a><img src=\"data:image/png;base64,AQID\"><a href=\"https://example.org/\">out</a><label for=\"p-team--c\">c</label><a href=\"#main\">s</a>"
        );
    }
}
