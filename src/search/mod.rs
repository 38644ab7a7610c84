//! The search index, built from the model at build time and read by `static/search.js`.
//! Everything is split so that a browser downloads only what a query needs, and every file is
//! a script that registers its data (scripts load from `file://`, `fetch` does not):
//!
//! - `search/index.js`: the manifest: the first word of each term shard, the stop words, the
//!   number of pages, and a version used to bust caches.
//! - `search/t/<n>.js`: term shard n (`shards.rs`): words, stems, document counts and the
//!   best postings of each word; `search/r/<n>-<j>.js`: the other postings of word j.
//! - `search/p/<n>.js`: page n (reading order): URL, breadcrumb and, for each doc, its anchor,
//!   title, breadcrumb context and text for snippets. Loaded only for results shown.
//!
//! Scoring is split the same way: the build stores each posting's field and impact
//! (`invert.rs`); the browser ranks title > heading > body and exact > stemmed > prefix.
mod docs;
mod encode;
mod invert;
mod shards;
mod tokenize;

use crate::output::{Body, OutputFile};
use crate::site::Site;
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// Version of the index format; `search.js` refuses another.
const FORMAT: u32 = 1;
/// A doc's text is cut to about this many characters for snippets.
const SNIPPET_CHARS: usize = 1000;

/// Theme files only the search uses; left out of the output when search is off.
pub(crate) const ASSETS: [&str; 2] = ["static/search.js", "static/porter2.js"];

#[derive(Serialize)]
struct Manifest {
    v: u32,
    /// Changes with the content; appended to file URLs so caches never mix two builds.
    h: String,
    pages: usize,
    /// The first word of each term shard (the first is always "").
    shards: Vec<String>,
    stop: String,
    top: usize,
    snippet: usize,
}

/// Every file of the search index.
pub(crate) fn build_index(site: &Site) -> Vec<OutputFile> {
    let pages = docs::pages(site);
    let terms = invert::invert(&pages);
    let mut files = Vec::new();
    let mut firsts = shards::write(&terms, &mut files);
    if let Some(first) = firsts.first_mut() {
        first.clear();
    }
    files.extend(
        pages
            .iter()
            .enumerate()
            .map(|(n, p)| OutputFile::new(format!("search/p/{n}.js"), page_file(n, p))),
    );
    let manifest = Manifest {
        v: FORMAT,
        h: version(&files),
        pages: pages.len(),
        shards: firsts,
        stop: tokenize::STOP_WORDS.join(" "),
        top: shards::TOP,
        snippet: SNIPPET_CHARS,
    };
    files.push(OutputFile::new(
        "search/index.js",
        encode::script("i", &serde_json::to_string(&manifest).unwrap_or_default()),
    ));
    files
}

/// `search/p/<n>.js`: `[url, crumbs, [[anchor, title, text, context?], …]]`.
fn page_file(n: usize, page: &docs::Page<'_>) -> String {
    let docs: Vec<Vec<String>> = page
        .docs
        .iter()
        .take(invert::MAX_DOCS_PER_PAGE)
        .map(|d| {
            let mut row = vec![
                d.anchor.to_string(),
                d.title.to_string(),
                snippet_text(&d.body),
            ];
            if !d.context.is_empty() {
                row.push(d.context.to_string());
            }
            row
        })
        .collect();
    let json = serde_json::to_string(&(&page.url, &page.crumbs, docs)).unwrap_or_default();
    encode::script("p", &format!("{n},{json}"))
}

/// The doc's text with whitespace collapsed, cut at a word boundary near `SNIPPET_CHARS`.
fn snippet_text(pieces: &[&str]) -> String {
    let mut out = String::new();
    for word in pieces.iter().flat_map(|p| p.split_whitespace()) {
        if out.len() + word.len() > SNIPPET_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn version(files: &[OutputFile]) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in files {
        f.path.hash(&mut h);
        if let Body::Bytes(b) = &f.body {
            b.hash(&mut h);
        }
    }
    format!("{:x}", h.finish() & 0xffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_text_collapses_whitespace_and_cuts_at_a_word() {
        assert_eq!(snippet_text(&["  one\n two", "three  "]), "one two three");
        let long = "word ".repeat(SNIPPET_CHARS);
        let cut = snippet_text(&[&long]);
        assert!(cut.len() <= SNIPPET_CHARS && cut.ends_with("word"));
    }
}
