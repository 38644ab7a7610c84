//! The inverted index: for every folded word of the site, the docs it occurs in, each with the
//! best field it occurs in (page title > heading > body) and a small body impact (BM25's term
//! frequency part, normalised by the doc's length, quantised to 1..=7). Pages are tokenised in
//! parallel; the result is sorted by word and, within a word, by (page, doc).
use super::docs::Page;
use super::tokenize::{for_each_word, is_stop_word, stem};
use rayon::prelude::*;
use std::collections::HashMap;

/// Where a word occurs in a doc: the field it ranks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Body = 0,
    Heading = 1,
    Title = 2,
}

/// Docs of one page beyond this are not indexed (the index stores a doc number below 4096).
pub(crate) const MAX_DOCS_PER_PAGE: usize = 4095;

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
}

/// A word in one doc, before impacts are known.
struct Hit {
    doc: u16,
    field: Field,
    tf: u32,
}

/// What one page contributes: its hits by word, and the body length of each doc.
struct PageHits {
    words: Vec<(String, Vec<Hit>)>,
    lengths: Vec<u32>,
}

/// Builds the inverted index of `pages`; page numbers are positions in `pages`.
pub(crate) fn invert(pages: &[Page<'_>]) -> Vec<Term> {
    let per_page: Vec<PageHits> = pages.par_iter().map(page_hits).collect();
    let docs: usize = per_page.iter().map(|p| p.lengths.len()).sum();
    let total: u64 = per_page
        .iter()
        .flat_map(|p| &p.lengths)
        .map(|&l| u64::from(l))
        .sum();
    let avg = (total as f32 / docs.max(1) as f32).max(1.0);
    let mut by_word: HashMap<String, Vec<Posting>> = HashMap::new();
    for (page, hits) in per_page.into_iter().enumerate() {
        let page = page as u32;
        for (word, list) in hits.words {
            let postings = by_word.entry(word).or_default();
            postings.extend(list.iter().map(|h| Posting {
                page,
                doc: h.doc,
                field: h.field,
                impact: impact(h.tf, hits.lengths[h.doc as usize], avg),
            }));
        }
    }
    let mut terms: Vec<Term> = by_word
        .into_par_iter()
        .map(|(word, mut postings)| {
            postings.sort_unstable_by_key(|p| (p.page, p.doc));
            let stem = stem(&word).into_owned();
            Term {
                word,
                stem,
                postings,
            }
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| utf16_cmp(&a.word, &b.word));
    terms
}

fn page_hits(page: &Page<'_>) -> PageHits {
    let mut words: HashMap<String, Vec<Hit>> = HashMap::new();
    let mut lengths = Vec::with_capacity(page.docs.len());
    for (d, doc) in page.docs.iter().take(MAX_DOCS_PER_PAGE).enumerate() {
        let d = d as u16;
        let title_field = if d == 0 { Field::Title } else { Field::Heading };
        let mut length = 0u32;
        let mut add = |w: &str, field: Field| {
            if is_stop_word(w) {
                return;
            }
            let list = match words.get_mut(w) {
                Some(list) => list,
                None => words.entry(w.to_string()).or_default(),
            };
            match list.last_mut() {
                Some(h) if h.doc == d => {
                    h.field = h.field.max(field);
                    h.tf += u32::from(field == Field::Body);
                }
                _ => list.push(Hit {
                    doc: d,
                    field,
                    tf: u32::from(field == Field::Body),
                }),
            }
        };
        for_each_word(doc.title, |w| add(w, title_field));
        for piece in &doc.body {
            for_each_word(piece, |w| {
                length += 1;
                add(w, Field::Body);
            });
        }
        lengths.push(length);
    }
    let mut words: Vec<(String, Vec<Hit>)> = words.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    PageHits { words, lengths }
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
        let terms = invert(&pages);
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
        let terms = invert(&pages);
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

    #[test]
    fn impact_grows_with_frequency_and_shrinks_with_length() {
        assert_eq!(impact(0, 10, 10.0), 0);
        assert!(impact(5, 10, 10.0) > impact(1, 10, 10.0));
        assert!(impact(2, 10, 100.0) > impact(2, 1000, 100.0));
        assert!((1..=7).contains(&impact(1000, 1, 1000.0)));
    }
}
