//! The inverted index: for every folded word of the site, the docs it occurs in, each with the
//! best field it occurs in (page title > heading > body), a small body impact (BM25's term
//! frequency part, normalised by the doc's length, quantised to 1..=7) and the word's positions
//! in the doc, each with a 5-bit hash of the word after it (for phrases: stop words are counted
//! and, after an indexed word, checked by that hash; title and body pieces stand apart). Pages
//! are tokenised in parallel chunks (`chunk`); this module merges the chunks' vocabularies and
//! hits into one list of terms, sorted by word and, within a word, by (page, doc).
use super::chunk::{self, Chunk, ChunkCache, NONE, packed};
use super::docs::Page;
use super::merge;
use super::tokenize::stem;
use crate::hash::FastMap;
use rayon::prelude::*;
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

impl Field {
    /// The field stored as `byte` (`Field as u8`).
    pub(crate) fn from_byte(byte: u8) -> Option<Field> {
        match byte {
            0 => Some(Field::Body),
            1 => Some(Field::Heading),
            2 => Some(Field::Title),
            _ => None,
        }
    }
}

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

/// Builds the inverted index of `pages`; page numbers are positions in `pages`.
pub(crate) fn invert(pages: &[Page<'_>], cache: Option<&ChunkCache>) -> Vec<Term> {
    let chunks: Vec<Arc<Chunk>> = chunk::tokenise(pages, cache);
    let docs: usize = chunks.iter().map(|c| c.docs.len()).sum();
    let total: u64 = chunks.iter().map(|c| c.length).sum();
    let avg = (total as f32 / docs.max(1) as f32).max(1.0);
    // One global number per word, in order of first appearance (keyed as in `chunk::chunk_hits`).
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
    let (postings, positions) = merge::merge(&chunks, &local_to_global, words.len(), avg);
    drop(chunks);
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
#[cfg(test)]
pub(super) fn impact(tf: u32, len: u32, avg: f32) -> u8 {
    impact_of(tf, length_norm(len, avg))
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// A doc's part of `impact`, the same for all its words (`merge` computes it once per doc).
pub(super) fn length_norm(len: u32, avg: f32) -> f32 {
    K1 * (1.0 - B + B * len as f32 / avg)
}

/// `impact` of a word `tf` times in the body of a doc of `length_norm` `norm`.
pub(super) fn impact_of(tf: u32, norm: f32) -> u8 {
    if tf == 0 {
        return 0;
    }
    let tf = tf as f32;
    let saturated = tf * (K1 + 1.0) / (tf + norm);
    (round(saturated / (K1 + 1.0) * 7.0) as u8).clamp(1, 7)
}

/// `x.round()` for `x` in `0.0..=7.0`, without the call into libm that `round` compiles to
/// (a third of `merge`'s time, which computes millions of impacts): the integer part, plus one
/// when the fraction, which the subtraction gets exactly, is at least a half.
fn round(x: f32) -> u32 {
    let whole = x as u32;
    whole + u32::from(x - whole as f32 >= 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::chunk::CHUNK_PAGES;
    use crate::search::docs::Doc;
    use crate::search::encode;
    use crate::search::tokenize::token_hash;

    fn page<'a>(title: &'a str, docs: Vec<(&'a str, &'a str)>) -> Page<'a> {
        let mut all = vec![Doc {
            anchor: "",
            title,
            context: "",
            body: vec![],
            text: vec![],
        }];
        all.extend(docs.into_iter().map(|(h, b)| Doc {
            anchor: "x",
            title: h,
            context: "",
            body: vec![b],
            text: vec![],
        }));
        Page::of(String::new(), vec![], all)
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
    fn round_rounds_as_f32_round_does() {
        let mut x = 0.0f32;
        while x <= 7.0 {
            assert_eq!(round(x), x.round() as u32, "{x}");
            x = f32::from_bits(x.to_bits() + 1 + (x.to_bits() >> 12 & 0xff));
        }
        // Every half, and the floats either side of it.
        for half in (0..7).map(|n| n as f32 + 0.5) {
            let bits = half.to_bits();
            for x in [bits - 1, bits, bits + 1].map(f32::from_bits) {
                assert_eq!(round(x), x.round() as u32, "{x}");
            }
        }
    }

    #[test]
    fn impact_grows_with_frequency_and_shrinks_with_length() {
        assert_eq!(impact(0, 10, 10.0), 0);
        assert!(impact(5, 10, 10.0) > impact(1, 10, 10.0));
        assert!(impact(2, 10, 100.0) > impact(2, 1000, 100.0));
        assert!((1..=7).contains(&impact(1000, 1, 1000.0)));
    }
}
