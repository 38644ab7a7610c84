//! The search index, built from the model at build time and read by `static/search.js`.
//! Everything is split so that a browser downloads only what a query needs. Every file is a
//! script that hands its data over only to a page opened from disk (scripts load from
//! `file://`, `fetch` does not); over HTTP `search.js` fetches it (same origin only) and reads
//! its arguments as JSON, so another origin's page can neither include nor fetch the site's
//! text (`encode::GUARD`):
//!
//! - `search/index.js`: the manifest: the first word of each term shard, of each vocabulary
//!   file and the first page of each doc bundle, the stop words, the synonyms, where the
//!   checklists start, and a version used to bust caches.
//! - `search/t/<n>.js`: term shard n (`shards.rs`): words, stems, document counts and the
//!   best postings of each word; `search/r/<n>.js`: the other postings of some words;
//!   `search/y/<n>.js`: where each word is in each doc, found through the directories in
//!   `search/x/<n>.js`; loaded for phrases only.
//! - `search/v/<n>.js`: the words alone (`vocab.rs`), loaded to correct a misspelt word.
//! - `search/p/<n>.js`: doc bundle n: a few consecutive pages (reading order), each with its
//!   URL, breadcrumb and, per doc, anchor, title, breadcrumb context and the start of its text
//!   for snippets. Loaded only for results shown.
//!
//! Files are few (a build's time goes largely into creating files) and small (a query's time
//! into downloading them): see the constants. Scoring is split the same way: the build stores
//! each posting's field and impact (`invert.rs`); the browser ranks title > heading > body,
//! exact > stemmed > prefix > misspelt, chapters over checklist items, and groups by page.
mod chunk;
mod docs;
mod encode;
mod hits;
mod invert;
mod merge;
mod pack;
mod shards;
mod tokenize;
mod vocab;

use crate::config::SearchConfig;
use crate::output::{Body, OutputFile, Sink};
use crate::site::Site;
use anyhow::Result;
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// Version of the index format; `search.js` refuses another.
const FORMAT: u32 = 2;
/// Target size of one doc bundle, in bytes.
const BUNDLE_BYTES: usize = 8 * 1024;
/// Text kept per doc for snippets: the text budget shared out between docs, within bounds.
const TEXT_MIN: usize = 120;
const TEXT_MAX: usize = 1500;
/// The text budget: full sections on small sites; at scale about 300 bytes a page, which keeps
/// the number of bundles near a tenth of the number of pages.
fn text_budget(pages: usize) -> usize {
    (pages * 300).max(2 << 20)
}

/// Theme files only the search uses; left out of the output when search is off.
pub(crate) const ASSETS: [&str; 2] = ["static/search.js", "static/porter2.js"];

#[derive(Serialize)]
struct Manifest {
    v: u32,
    /// Changes with the content; appended to file URLs so caches never mix two builds.
    h: String,
    pages: usize,
    /// The first word of each term shard (the first is ""), front-coded.
    shards: String,
    /// The first page of each doc bundle, as differences from the previous one.
    bundles: String,
    /// The first word of each vocabulary file, front-coded.
    vocab: String,
    stop: String,
    top: usize,
    /// Term shards per positions directory (`search/x/`).
    directory: usize,
    /// The first checklist page: pages from here on are checklists.
    checklists: usize,
    /// Groups of words and phrases that mean the same, each folded as the index's words are
    /// and joined by spaces, stop words kept.
    synonyms: Vec<Vec<String>>,
}

/// What `serve` keeps between builds so that an edit re-does the work of the pages it touched
/// only: their tokens (by chunk of pages) and their rows in the doc bundles.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Cache {
    chunks: chunk::ChunkCache,
    /// Bundle rows, by a hash of the page's searchable fields and the snippet cap.
    rows: RowCache,
}

impl crate::hash::Sharded for Cache {
    fn fingerprints(&self, of: usize) -> Vec<u64> {
        let rows = self.rows.fingerprints(of);
        (self.chunks.fingerprints(of).into_iter().zip(rows))
            .map(|(chunks, rows)| chunks.wrapping_add(rows.rotate_left(1)))
            .collect()
    }

    fn parts(&self, of: usize, wanted: &[bool]) -> Vec<Self> {
        let rows = self.rows.parts(of, wanted);
        (self.chunks.parts(of, wanted).into_iter().zip(rows))
            .map(|(chunks, rows)| Cache { chunks, rows })
            .collect()
    }

    fn merge(&mut self, part: Self) {
        self.chunks.merge(part.chunks);
        self.rows.merge(part.rows);
    }
}

/// The index's files on their way to the sink: each is handed over as soon as it is made,
/// so a big site's index is never held whole, and hashed on the way for the manifest's
/// version. Files may be put from several threads: the version adds up a hash of each file,
/// whatever the order.
struct Files<'a> {
    sink: &'a dyn Sink,
    version: std::sync::atomic::AtomicU64,
}

impl<'a> Files<'a> {
    fn new(sink: &'a dyn Sink) -> Files<'a> {
        Files {
            sink,
            version: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Puts the file with the key of its bytes, which the version is counted from too: the
    /// sink need not hash them again (`Sink::put_keyed`).
    fn put(&self, path: String, text: String) -> Result<()> {
        let bytes = text.into_bytes();
        let key = crate::render::PageCache::bytes_key(&bytes);
        let mut h = crate::hash::key_hasher();
        (&path, key).hash(&mut h);
        (self.version).fetch_add(h.finish(), std::sync::atomic::Ordering::Relaxed);
        let body = Body::Bytes(bytes);
        self.sink.put_keyed(OutputFile { path, body }, key)
    }

    /// Changes with the path or the bytes of any file put so far.
    fn version(&self) -> String {
        let sum = self.version.load(std::sync::atomic::Ordering::Relaxed);
        format!("{:x}", sum & 0xffff_ffff)
    }
}

/// What `make` puts, in order, and what it returns (tests of the index's parts).
#[cfg(test)]
fn collected<T>(make: impl FnOnce(&Files<'_>) -> Result<T>) -> (T, Vec<OutputFile>) {
    let collect = crate::output::Collect::default();
    let made = make(&Files::new(&collect)).expect("a Collect sink takes every file");
    (made, collect.into_files())
}

/// Every file of the search index, handed to `sink`; `cache` (kept by `serve`) spares
/// tokenising again the pages that did not change.
pub(crate) fn build_index(
    site: &Site,
    config: &SearchConfig,
    cache: Option<&Cache>,
    sink: &dyn Sink,
) -> Result<()> {
    let pages = docs::pages(site);
    let files = Files::new(sink);
    // The doc bundles need no terms: they are made while the pages are inverted.
    let (index, bundles) = rayon::join(
        || -> Result<(Vec<String>, Vec<String>)> {
            let terms = invert::invert(&pages, cache.map(|c| &c.chunks));
            let mut firsts = shards::write(&terms, &files)?;
            if let Some(first) = firsts.first_mut() {
                first.clear();
            }
            Ok((firsts, vocab::write(&terms, &files)?))
        },
        || bundles(&pages, &files, cache.map(|c| &c.rows)),
    );
    let ((firsts, vocab), bundles) = (index?, bundles?);
    let manifest = Manifest {
        v: FORMAT,
        h: files.version(),
        pages: pages.len(),
        shards: encode::front_coded(firsts.iter().map(String::as_str)),
        bundles,
        vocab: encode::front_coded(vocab.iter().map(String::as_str)),
        stop: tokenize::STOP_WORDS.join(" "),
        top: shards::TOP,
        directory: shards::DIRECTORY_SHARDS,
        checklists: pages
            .iter()
            .position(|p| p.checklist)
            .unwrap_or(pages.len()),
        synonyms: synonyms(config),
    };
    files.put(
        "search/index.js".into(),
        encode::script(
            "i",
            &[&serde_json::to_string(&manifest).unwrap_or_default()],
        ),
    )
}

/// `[search.synonyms]` as groups of folded phrases: each key with its list, without
/// duplicates ("1:1" and "1-1" are both "1 1") and without phrases that fold to nothing.
fn synonyms(config: &SearchConfig) -> Vec<Vec<String>> {
    let fold = |phrase: &str| {
        let mut words = Vec::new();
        tokenize::for_each_word(phrase, |w| words.push(w.to_string()));
        words.join(" ")
    };
    config
        .synonyms
        .iter()
        .map(|(key, list)| {
            let mut group: Vec<String> = Vec::new();
            for phrase in std::iter::once(key).chain(list).map(|p| fold(p)) {
                if !phrase.is_empty() && !group.contains(&phrase) {
                    group.push(phrase);
                }
            }
            group
        })
        .filter(|group| group.len() > 1)
        .collect()
}

/// Rows kept by the build cache share its mapped file (`crate::shared`): not copied on load.
type RowCache = crate::hash::Reuse<crate::shared::SharedStr>;

/// Writes the doc bundles; returns the first page of each, as differences. Rows of pages in
/// `cache` are reused, and the cache is left holding this build's rows.
fn bundles(
    pages: &[docs::Page<'_>],
    files: &Files<'_>,
    cache: Option<&RowCache>,
) -> Result<String> {
    let doc_count: usize = pages.iter().map(|p| p.docs.len()).sum();
    let cap = (text_budget(pages.len()) / doc_count.max(1)).clamp(TEXT_MIN, TEXT_MAX);
    let rows: Vec<crate::shared::SharedStr> = RowCache::all(
        cache,
        pages,
        |p| row_key(p, cap),
        |p| Ok::<_, std::convert::Infallible>(page_row(p, cap).into()),
    )
    .unwrap_or_else(|never| match never {});
    let mut firsts = String::new();
    let (mut start, mut previous, mut n) = (0, 0, 0);
    while start < rows.len() {
        let (mut end, mut bytes) = (start + 1, rows[start].len());
        while end < rows.len() && bytes + rows[end].len() <= BUNDLE_BYTES {
            bytes += rows[end].len();
            end += 1;
        }
        files.put(
            format!("search/p/{n}.js"),
            encode::script(
                "p",
                &[&start.to_string(), ",[", &rows[start..end].join(","), "]"],
            ),
        )?;
        encode::push_number(&mut firsts, (start - previous) as u32);
        (previous, start, n) = (start, end, n + 1);
    }
    Ok(firsts)
}

/// Stands for everything `page_row` reads (the docs by `Page::content`).
fn row_key(page: &docs::Page<'_>, cap: usize) -> u64 {
    let mut h = crate::hash::key_hasher();
    (cap, &page.url, &page.crumbs, page.content).hash(&mut h);
    h.finish()
}

/// `[url, crumbs, [[anchor, title, text, context?], …]]` for one page.
fn page_row(page: &docs::Page<'_>, cap: usize) -> String {
    let docs = &page.docs[..page.docs.len().min(chunk::MAX_DOCS_PER_PAGE)];
    let texts: Vec<String> = (docs.iter())
        .map(|d| snippet_text(d.pieces(), cap))
        .collect();
    let rows: Vec<Vec<&str>> = docs
        .iter()
        .zip(&texts)
        .map(|(d, text)| {
            let mut row = vec![d.anchor, d.title, text.as_str()];
            if !d.context.is_empty() {
                row.push(d.context);
            }
            row
        })
        .collect();
    serde_json::to_string(&(&page.url, &page.crumbs, rows)).unwrap_or_default()
}

/// The doc's text with whitespace collapsed, cut at a word boundary before `cap` bytes.
/// Scans bytes: ASCII whitespace is found without decoding, other characters are decoded only
/// where a byte is not ASCII (Unicode spaces such as U+00A0 separate words too).
fn snippet_text(pieces: impl IntoIterator<Item = impl AsRef<str>>, cap: usize) -> String {
    let mut out = String::with_capacity(cap);
    for piece in pieces {
        let piece = piece.as_ref();
        let bytes = piece.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (start, end) = next_word(piece, i);
            if start == end {
                break;
            }
            let word = &piece[start..end];
            if out.len() + word.len() >= cap {
                return out;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            i = end;
        }
    }
    out
}

/// The byte range of the first whitespace-separated word of `text` at or after `from`
/// (empty at the end).
fn next_word(text: &str, from: usize) -> (usize, usize) {
    let space_at = |i: usize| -> Option<usize> {
        let b = text.as_bytes()[i];
        if b.is_ascii() {
            return (b.is_ascii_whitespace() || b == 0x0b).then_some(1);
        }
        let c = text[i..].chars().next()?;
        c.is_whitespace().then_some(c.len_utf8())
    };
    let len = text.len();
    let mut start = from;
    while start < len {
        match space_at(start) {
            Some(n) => start += n,
            None => break,
        }
    }
    let mut end = start;
    while end < len && space_at(end).is_none() {
        end += 1;
        while end < len && !text.is_char_boundary(end) {
            end += 1;
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages<'a>(bodies: &'a [String]) -> Vec<docs::Page<'a>> {
        bodies
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let doc = docs::Doc {
                    anchor: "",
                    title: "Title",
                    context: "",
                    body: vec![b],
                    text: vec![],
                };
                docs::Page::of(format!("p{i}/index.html"), vec!["Part"], vec![doc])
            })
            .collect()
    }

    fn bundle_files(pages: &[docs::Page<'_>], cache: Option<&RowCache>) -> Vec<(String, Vec<u8>)> {
        let (_, files) = collected(|f| bundles(pages, f, cache));
        files
            .into_iter()
            .map(|f| (f.path, f.body.bytes().unwrap().into_owned()))
            .collect()
    }

    #[test]
    fn cached_rows_give_the_bundles_of_a_fresh_build() {
        let mut bodies: Vec<String> = (0..40).map(|i| format!("body number {i}")).collect();
        let cache = RowCache::default();
        assert_eq!(
            bundle_files(&pages(&bodies), Some(&cache)),
            bundle_files(&pages(&bodies), None)
        );
        bodies[7] = "an edited body".into();
        let cached = bundle_files(&pages(&bodies), Some(&cache));
        assert_eq!(cached, bundle_files(&pages(&bodies), None));
        assert!(String::from_utf8_lossy(&cached[0].1).contains("an edited body"));
        assert_eq!(cache.0.lock().unwrap().len(), 40);
    }

    proptest::proptest! {
        #[test]
        fn snippet_text_reads_words_as_split_whitespace_does(
            pieces in proptest::collection::vec("([a-z]|[ \t\n\u{b}\u{c}\r]|\u{a0}|\u{2003}|é|語){0,30}", 0..4),
            cap in 1usize..60,
        ) {
            let refs: Vec<&str> = pieces.iter().map(String::as_str).collect();
            let mut expected = String::new();
            for word in refs.iter().flat_map(|p| p.split_whitespace()) {
                if expected.len() + word.len() >= cap {
                    break;
                }
                if !expected.is_empty() {
                    expected.push(' ');
                }
                expected.push_str(word);
            }
            proptest::prop_assert_eq!(snippet_text(&refs, cap), expected);
        }
    }

    #[test]
    fn synonyms_are_folded_into_groups() {
        let mut config = SearchConfig::default();
        config.synonyms.insert(
            "One on one".into(),
            vec!["1:1".into(), "1-1".into(), "one-on-one".into()],
        );
        config.synonyms.insert("OKRs".into(), vec!["okrs".into()]);
        assert_eq!(synonyms(&config), [["one on one", "1 1"]]);
    }

    #[test]
    fn snippet_text_collapses_whitespace_and_cuts_at_a_word() {
        assert_eq!(
            snippet_text(["  one\n two", "three  "], 100),
            "one two three"
        );
        let long = "word ".repeat(100);
        let cut = snippet_text([&long], 42);
        assert!(cut.len() < 42 && cut.ends_with("word"), "{cut}");
    }
}
