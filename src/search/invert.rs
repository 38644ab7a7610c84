//! The inverted index: for every folded word of the site, the docs it occurs in, each with the
//! best field it occurs in (page title > heading > body), a small body impact (BM25's term
//! frequency part, normalised by the doc's length, quantised to 1..=7) and the word's positions
//! in the doc, each with a 5-bit hash of the word after it (for phrases: stop words are counted
//! and, after an indexed word, checked by that hash; title and body pieces stand apart). Pages
//! are tokenised in parallel; the result is sorted by word and, within a word, by (page, doc).
use super::docs::Page;
use super::encode;
use super::tokenize::{for_each_word, is_stop_word, stem, token_hash};
use crate::hash::FastMap;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Where a word occurs in a doc: the field it ranks by.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Field {
    Body = 0,
    Heading = 1,
    Title = 2,
}

/// Docs of one page beyond this are not indexed (the index stores a doc number below 4096).
pub(crate) const MAX_DOCS_PER_PAGE: usize = 4095;
/// Positions kept per word and doc: a phrase is found at the first occurrences of its words.
const MAX_POSITIONS: usize = 32;

/// A word's occurrence in one doc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Posting {
    pub(crate) page: u32,
    pub(crate) doc: u16,
    pub(crate) field: Field,
    /// 0 when the word is not in the body, else 1..=7.
    pub(crate) impact: u8,
}

impl Posting {
    /// The value stored in the index: field × 8 + impact (0..=23).
    pub(crate) fn value(&self) -> u32 {
        self.field as u32 * 8 + self.impact as u32
    }
}

/// One indexed word with every doc it occurs in, sorted by (page, doc).
#[derive(Debug)]
pub(crate) struct Term {
    pub(crate) word: String,
    pub(crate) stem: String,
    pub(crate) postings: Vec<Posting>,
    /// The word's positions in each doc of `postings`, in the same order
    /// (`encode::push_positions`).
    pub(crate) positions: String,
}

/// Pages tokenised together, with one vocabulary: the unit of parallel work.
const CHUNK_PAGES: usize = 128;
/// Marks a stop word in a chunk's vocabulary, and an empty slot.
const NONE: u32 = u32::MAX;

/// A word in one doc, before impacts are known. Small: a big site has millions.
#[derive(Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Hit {
    /// In the chunk's vocabulary.
    word: u32,
    /// In the chunk's `docs`.
    doc: u32,
    tf: u32,
    /// Its positions and next words, encoded: `Chunk::positions[at..at + len]`.
    at: u32,
    len: u16,
    field: Field,
}

/// A doc of a chunk: where it is and how many body words it has.
#[derive(serde::Serialize, serde::Deserialize)]
struct DocRef {
    page: u32,
    doc: u16,
    len: u32,
}

/// What a chunk of pages contributes: its vocabulary (stop words included) and its hits, in
/// (page, doc) order.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct Chunk {
    words: Vec<Box<str>>,
    stop: Vec<bool>,
    hits: Vec<Hit>,
    /// Every hit's positions, encoded (here, where chunks are read in parallel).
    positions: String,
    docs: Vec<DocRef>,
    length: u64,
}

/// The chunks of the last build by a hash of their text and place, kept by `serve` so that
/// a rebuild tokenises only the chunks an edit touched.
pub(crate) type ChunkCache = crate::hash::Reuse<Arc<Chunk>>;

/// Builds the inverted index of `pages`; page numbers are positions in `pages`.
pub(crate) fn invert(pages: &[Page<'_>], cache: Option<&ChunkCache>) -> Vec<Term> {
    let parts: Vec<(u32, &[Page<'_>])> = pages
        .chunks(CHUNK_PAGES)
        .enumerate()
        .map(|(i, ps)| ((i * CHUNK_PAGES) as u32, ps))
        .collect();
    let chunks: Vec<Arc<Chunk>> = ChunkCache::all(
        cache,
        &parts,
        |(first, ps)| chunk_key(*first, ps),
        |(first, ps)| Ok::<_, std::convert::Infallible>(Arc::new(chunk_hits(*first, ps))),
    )
    .unwrap_or_else(|never| match never {});
    let docs: usize = chunks.iter().map(|c| c.docs.len()).sum();
    let total: u64 = chunks.iter().map(|c| c.length).sum();
    let avg = (total as f32 / docs.max(1) as f32).max(1.0);
    // One global number per word, in order of first appearance (keyed as in `chunk_hits`).
    let mut short: FastMap<u128, u32> = FastMap::default();
    let mut long: FastMap<&str, u32> = FastMap::default();
    let mut words: Vec<Box<str>> = Vec::new();
    let local_to_global: Vec<Vec<u32>> = chunks
        .iter()
        .map(|c| {
            c.words
                .iter()
                .zip(&c.stop)
                .map(|(w, &stop)| {
                    if stop {
                        return NONE;
                    }
                    let next = words.len() as u32;
                    let id = match packed(w) {
                        Some(key) => *short.entry(key).or_insert(next),
                        None => *long.entry(w).or_insert(next),
                    };
                    if id == next {
                        words.push(w.clone());
                    }
                    id
                })
                .collect()
        })
        .collect();
    drop((short, long));
    let mut counts = vec![0usize; words.len()];
    for (c, map) in chunks.iter().zip(&local_to_global) {
        for h in &c.hits {
            counts[map[h.word as usize] as usize] += 1;
        }
    }
    let mut postings: Vec<Vec<Posting>> = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
    let mut positions: Vec<String> = counts
        .iter()
        .map(|&n| String::with_capacity(n * 3))
        .collect();
    // Each chunk is dropped once merged (the last reference, unless `serve` keeps it).
    for (c, map) in chunks.into_iter().zip(&local_to_global) {
        for h in &c.hits {
            let d = &c.docs[h.doc as usize];
            let word = map[h.word as usize] as usize;
            postings[word].push(Posting {
                page: d.page,
                doc: d.doc,
                field: h.field,
                impact: impact(h.tf, d.len, avg),
            });
            let at = h.at as usize;
            positions[word].push_str(&c.positions[at..at + usize::from(h.len)]);
        }
    }
    let mut terms: Vec<Term> = words
        .into_par_iter()
        .zip(postings)
        .zip(positions)
        .map(|((w, postings), positions)| Term {
            stem: stem(&w).into_owned(),
            word: w.into(),
            postings,
            positions,
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| utf16_cmp(&a.word, &b.word));
    terms
}

/// Everything `chunk_hits` reads of pages `first..`.
fn chunk_key(first: u32, pages: &[Page<'_>]) -> u64 {
    let mut h = crate::hash::key_hasher();
    first.hash(&mut h);
    for page in pages {
        page.docs.len().hash(&mut h);
        for doc in &page.docs {
            (doc.title, &doc.body).hash(&mut h);
        }
    }
    h.finish()
}

/// What tokenising a chunk needs besides its result, kept per thread from chunk to chunk:
/// allocating (and first touching) these anew for every chunk cost more than filling them.
#[derive(Default)]
struct Scratch {
    /// The chunk's vocabulary: words of up to 16 bytes packed into their key (most words:
    /// no pointer to follow when comparing), longer ones by their text.
    short: FastMap<u128, u32>,
    long: FastMap<Box<str>, u32>,
    /// Per word of the vocabulary: STOP, or its position in `doc_hits`, or NONE.
    state: Vec<u32>,
    /// Per word of the vocabulary: `token_hash`.
    hashes: Vec<u8>,
    /// The words of the doc being read.
    doc_hits: Vec<DocHit>,
    /// Where the words of the doc being read are, in reading order: `position << 5 | next
    /// word's hash`, and the index of the same word's next entry (chains, not a sort).
    doc_positions: Vec<(u32, u32)>,
    /// The chunk's hits as they are found; copied out once at the end, at their final size
    /// (growing a fresh vector per chunk had the kernel zero every page about twice).
    hits: Vec<Hit>,
}

/// `Scratch::state` of a stop word.
const STOP: u32 = u32::MAX - 1;

/// A word of the doc being read.
#[derive(Clone, Copy)]
struct DocHit {
    word: u32,
    /// Its best field, and how often it is in the body.
    field: Field,
    tf: u32,
    /// Its first and last entries in `doc_positions`, and how many.
    first: u32,
    last: u32,
    count: u32,
}

/// A word of at most 16 bytes as a number; folded words hold no NUL byte, so the zero
/// padding cannot make two words equal.
fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut key = [0u8; 16];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(key))
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = Default::default();
}

/// Tokenises pages `first..` into hits, one vocabulary for the chunk.
fn chunk_hits(first: u32, pages: &[Page<'_>]) -> Chunk {
    SCRATCH.with_borrow_mut(|scratch| chunk_hits_with(first, pages, scratch))
}

fn chunk_hits_with(first: u32, pages: &[Page<'_>], scratch: &mut Scratch) -> Chunk {
    let Scratch {
        short,
        long,
        state,
        hashes,
        doc_hits,
        doc_positions,
        hits,
    } = scratch;
    short.clear();
    long.clear();
    state.clear();
    hashes.clear();
    doc_hits.clear();
    hits.clear();
    let mut chunk = Chunk {
        words: Vec::new(),
        stop: Vec::new(),
        hits: Vec::new(),
        positions: String::new(),
        docs: Vec::new(),
        length: 0,
    };
    for (p, page) in pages.iter().enumerate() {
        for (d, doc) in page.docs.iter().take(MAX_DOCS_PER_PAGE).enumerate() {
            let mut length = 0u32;
            // Every word counts, stop words too, so that "one on one" finds its words two
            // apart; each piece of text starts one further on, so no phrase spans two.
            let position = std::cell::Cell::new(0u32);
            // The entry of `doc_positions` waiting for the hash of the word after it.
            let waiting = std::cell::Cell::new(usize::MAX);
            doc_positions.clear();
            let mut add = |w: &str, field: Field| {
                let mut new_word = || {
                    chunk.words.push(w.into());
                    state.push(if is_stop_word(w) { STOP } else { NONE });
                    hashes.push(token_hash(w));
                    state.len() as u32 - 1
                };
                let id = match packed(w) {
                    Some(key) => *short.entry(key).or_insert_with(new_word),
                    None => match long.get(w) {
                        Some(&id) => id,
                        None => {
                            let id = new_word();
                            long.insert(w.into(), id);
                            id
                        }
                    },
                };
                if field == Field::Body {
                    length += 1;
                }
                position.set(position.get() + 1);
                if let Some(entry) = doc_positions.get_mut(waiting.get()) {
                    entry.0 |= u32::from(hashes[id as usize]);
                }
                waiting.set(usize::MAX);
                let tf = u32::from(field == Field::Body);
                let at = doc_positions.len() as u32;
                match state[id as usize] {
                    STOP => return,
                    NONE => {
                        state[id as usize] = doc_hits.len() as u32;
                        doc_hits.push(DocHit {
                            word: id,
                            field,
                            tf,
                            first: at,
                            last: at,
                            count: 1,
                        });
                    }
                    i => {
                        let h = &mut doc_hits[i as usize];
                        h.field = h.field.max(field);
                        h.tf += tf;
                        if h.count as usize == MAX_POSITIONS {
                            return;
                        }
                        doc_positions[h.last as usize].1 = at;
                        h.last = at;
                        h.count += 1;
                    }
                }
                waiting.set(at as usize);
                doc_positions.push(((position.get() - 1) << 5, NONE));
            };
            let title_field = if d == 0 { Field::Title } else { Field::Heading };
            for_each_word(doc.title, |w| add(w, title_field));
            for piece in &doc.body {
                position.set(position.get() + 1);
                waiting.set(usize::MAX);
                for_each_word(piece, |w| add(w, Field::Body));
            }
            let doc = chunk.docs.len() as u32;
            chunk.docs.push(DocRef {
                page: first + p as u32,
                doc: d as u16,
                len: length,
            });
            chunk.length += u64::from(length);
            for h in doc_hits.drain(..) {
                state[h.word as usize] = NONE;
                let at = chunk.positions.len();
                let mut next = h.first;
                let chain = std::iter::from_fn(|| {
                    let (position, after) = *doc_positions.get(next as usize)?;
                    next = after;
                    Some(position)
                });
                encode::push_positions(&mut chunk.positions, chain);
                hits.push(Hit {
                    word: h.word,
                    doc,
                    tf: h.tf,
                    at: at as u32,
                    len: (chunk.positions.len() - at) as u16,
                    field: h.field,
                });
            }
        }
    }
    chunk.hits = hits.clone();
    chunk.stop = state.iter().map(|&s| s == STOP).collect();
    chunk
}

/// Orders words as JavaScript compares strings (by UTF-16 code unit), which `search.js`
/// relies on for its binary searches.
pub(crate) fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.cmp(b)
    } else {
        a.encode_utf16().cmp(b.encode_utf16())
    }
}

/// BM25's term-frequency saturation with length normalisation, quantised to 1..=7 (0: absent).
fn impact(tf: u32, len: u32, avg: f32) -> u8 {
    const K1: f32 = 1.2;
    const B: f32 = 0.75;
    if tf == 0 {
        return 0;
    }
    let tf = tf as f32;
    let saturated = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len as f32 / avg));
    ((saturated / (K1 + 1.0) * 7.0).round() as u8).clamp(1, 7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::Doc;

    fn page<'a>(title: &'a str, docs: Vec<(&'a str, &'a str)>) -> Page<'a> {
        let mut all = vec![Doc {
            anchor: "",
            title,
            context: "",
            body: vec![],
        }];
        all.extend(docs.into_iter().map(|(h, b)| Doc {
            anchor: "x",
            title: h,
            context: "",
            body: vec![b],
        }));
        Page {
            url: String::new(),
            crumbs: vec![],
            checklist: false,
            docs: all,
        }
    }

    fn find<'a>(terms: &'a [Term], w: &str) -> &'a Term {
        terms
            .iter()
            .find(|t| t.word == w)
            .unwrap_or_else(|| panic!("no term {w}"))
    }

    #[test]
    fn records_the_best_field_per_doc() {
        let pages = [page(
            "Delegation basics",
            vec![
                ("Why delegation", "Delegation frees time."),
                ("Budget", "Plan the budget early."),
            ],
        )];
        let terms = invert(&pages, None);
        let d = find(&terms, "delegation");
        let got: Vec<(u16, Field)> = d.postings.iter().map(|p| (p.doc, p.field)).collect();
        assert_eq!(got, [(0, Field::Title), (1, Field::Heading)]);
        assert!(d.postings[1].impact > 0, "also in the body of doc 1");
        assert_eq!(d.postings[0].impact, 0, "not in the body of doc 0");
        let b = find(&terms, "budget");
        assert_eq!(
            (
                b.postings[0].doc,
                b.postings[0].field,
                b.postings[0].impact > 0
            ),
            (2, Field::Heading, true)
        );
    }

    #[test]
    fn skips_stop_words_and_sorts_by_word_then_page() {
        let pages = [
            page("One", vec![("", "the team and the plan")]),
            page("Two", vec![("", "a team")]),
        ];
        let terms = invert(&pages, None);
        let words: Vec<&str> = terms.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["one", "plan", "team", "two"]);
        let pages_of_team: Vec<u32> = find(&terms, "team")
            .postings
            .iter()
            .map(|p| p.page)
            .collect();
        assert_eq!(pages_of_team, [0, 1]);
        assert_eq!(find(&terms, "team").stem, "team");
    }

    /// A term as a comparable tuple: its word and (page, doc, value) of each posting.
    type Flat = (String, Vec<(u32, u16, u32)>);

    fn flat(terms: &[Term]) -> Vec<Flat> {
        terms
            .iter()
            .map(|t| {
                let p = t
                    .postings
                    .iter()
                    .map(|p| (p.page, p.doc, p.value()))
                    .collect();
                (t.word.clone(), p)
            })
            .collect()
    }

    #[test]
    fn a_cached_rebuild_gives_the_index_of_a_fresh_one() {
        let texts: Vec<String> = (0..2 * CHUNK_PAGES + 22)
            .map(|i| format!("page{i} shared words"))
            .collect();
        let mut pages: Vec<Page<'_>> = texts.iter().map(|t| page(t, vec![("", t)])).collect();
        let cache = ChunkCache::default();
        assert_eq!(
            flat(&invert(&pages, Some(&cache))),
            flat(&invert(&pages, None))
        );
        assert_eq!(
            cache.0.lock().unwrap().len(),
            3,
            "one entry per chunk of pages"
        );
        let edited = CHUNK_PAGES + 6;
        pages[edited] = page("edited", vec![("", "a changed body")]);
        let cached = invert(&pages, Some(&cache));
        assert_eq!(flat(&cached), flat(&invert(&pages, None)));
        assert_eq!(find(&cached, "edited").postings[0].page, edited as u32);
        assert!(cached.iter().all(|t| t.word != format!("page{edited}")));
    }

    #[test]
    fn positions_count_stop_words_and_keep_pieces_apart() {
        let pages = [page(
            "One on one",
            vec![("Weekly one on one", "Hold a one on one. Team, team")],
        )];
        let terms = invert(&pages, None);
        let at = |position: u32, next: &str| position << 5 | u32::from(token_hash(next));
        let mut expected = String::new();
        // Doc 0: "one" at 0 and 2 (the title). Doc 1: the heading "weekly one on one" (0-3),
        // a gap, then "hold a one on one team team" from 5. Each with the next word's hash
        // ("" at the end of a piece).
        encode::push_positions(&mut expected, [at(0, "on"), at(2, "")]);
        encode::push_positions(
            &mut expected,
            [at(1, "on"), at(3, ""), at(7, "on"), at(9, "team")],
        );
        assert_eq!(find(&terms, "one").positions, expected);
        let mut team = String::new();
        encode::push_positions(&mut team, [at(10, "team"), at(11, "")]);
        assert_eq!(find(&terms, "team").positions, team);
    }

    #[test]
    fn impact_grows_with_frequency_and_shrinks_with_length() {
        assert_eq!(impact(0, 10, 10.0), 0);
        assert!(impact(5, 10, 10.0) > impact(1, 10, 10.0));
        assert!(impact(2, 10, 100.0) > impact(2, 1000, 100.0));
        assert!((1..=7).contains(&impact(1000, 1, 1000.0)));
    }
}
