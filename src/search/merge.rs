//! The heart of `invert`: every chunk's hits merged into each word's postings and encoded
//! positions. A big site has millions of hits (about 4 million at 10,000 pages) spread over
//! thousands of words. Each chunk lays its hits out by word and knows where each word's run
//! starts (`Chunk::runs`), so every word is merged on its own, in parallel: its runs, chunk
//! by chunk, are read where they lie, and its lists are allocated once at their final size.
//! No pass reads every hit to find one word's (the earlier design counted sizes over all the
//! hits, then merged them on one thread, mapping each hit's word on the way).
use super::chunk::{Chunk, DocRef, NONE};
use super::invert::{Posting, impact_of, length_norm};
use rayon::prelude::*;
use std::sync::Arc;

/// Every global word's postings and encoded positions, in chunk order. `local_to_global`
/// maps each chunk's word numbers to global ones; `avg` is the average doc length.
pub(super) fn merge(
    chunks: &[Arc<Chunk>],
    local_to_global: &[Vec<u32>],
    words: usize,
    avg: f32,
) -> (Vec<Vec<Posting>>, Vec<String>) {
    let docs: Vec<Vec<Doc>> = (chunks.par_iter())
        .map(|c| c.docs.iter().map(|d| Doc::new(d, avg)).collect())
        .collect();
    let runs = runs_by_word(local_to_global, words);
    (0..words)
        .into_par_iter()
        .map(|w| {
            let runs = runs.of(w);
            let (mut hits, mut bytes) = (0, 0);
            for &(c, local) in runs {
                let (h, b) = chunks[c as usize].size_of(local as usize);
                (hits, bytes) = (hits + h, bytes + b);
            }
            let mut postings = Vec::with_capacity(hits);
            let mut positions = String::with_capacity(bytes);
            for &(c, local) in runs {
                let (chunk, docs) = (&chunks[c as usize], &docs[c as usize]);
                for h in chunk.hits_of(local as usize) {
                    if let Some(d) = docs.get(h.doc as usize) {
                        postings.push(Posting {
                            page: d.page,
                            doc: d.doc,
                            field: h.field,
                            impact: d.impact(h.tf),
                        });
                    }
                }
                positions.push_str(chunk.positions_of(local as usize));
            }
            (postings, positions)
        })
        .unzip()
}

/// What a posting needs of its doc: where it is, and BM25's length normalisation, computed
/// once per doc rather than per hit, with the impacts of the commonest frequencies.
struct Doc {
    page: u32,
    doc: u16,
    norm: f32,
    /// `impact` for a frequency below `SMALL`.
    small: [u8; SMALL],
}

/// Most of a doc's words are in its body a few times at most.
const SMALL: usize = 4;

impl Doc {
    fn new(d: &DocRef, avg: f32) -> Doc {
        let norm = length_norm(d.len, avg);
        Doc {
            page: d.page,
            doc: d.doc,
            norm,
            small: std::array::from_fn(|tf| impact_of(tf as u32, norm)),
        }
    }

    #[inline]
    fn impact(&self, tf: u32) -> u8 {
        match self.small.get(tf as usize) {
            Some(&impact) => impact,
            None => impact_of(tf, self.norm),
        }
    }
}

/// For each global word, the chunks it is in (in chunk order) with its number there.
struct Runs {
    /// Where each word's entries start in `all`, and then the end.
    start: Vec<u32>,
    all: Vec<(u32, u32)>,
}

impl Runs {
    fn of(&self, word: usize) -> &[(u32, u32)] {
        let at = |w: usize| self.start.get(w).map_or(0, |&s| s as usize);
        self.all.get(at(word)..at(word + 1)).unwrap_or_default()
    }
}

/// `Runs`, by a counting sort on global words (in chunk order within each word).
fn runs_by_word(local_to_global: &[Vec<u32>], words: usize) -> Runs {
    let mut start = vec![0u32; words + 1];
    let globals = || local_to_global.iter().flatten().filter(|&&g| g != NONE);
    for &g in globals() {
        start[g as usize + 1] += 1;
    }
    for w in 0..words {
        start[w + 1] += start[w];
    }
    let mut next = start.clone();
    let mut all = vec![(0, 0); start[words] as usize];
    for (c, map) in local_to_global.iter().enumerate() {
        for (local, &g) in map.iter().enumerate().filter(|(_, g)| **g != NONE) {
            let slot = &mut next[g as usize];
            all[*slot as usize] = (c as u32, local as u32);
            *slot += 1;
        }
    }
    Runs { start, all }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::chunk::{self, CHUNK_PAGES, NONE};
    use crate::search::docs::{Doc, Page};

    #[test]
    fn lists_get_their_final_size_at_once() {
        let page = |title| {
            let docs = vec![Doc {
                anchor: "",
                title,
                context: "",
                body: vec!["plan the plan, then review the plan"],
                text: vec![],
            }];
            Page::of(String::new(), vec![], docs)
        };
        let pages: Vec<Page<'_>> = (0..CHUNK_PAGES + 3).map(|_| page("Plans")).collect();
        let chunks = chunk::tokenise(&pages, None);
        let words: Vec<Vec<u32>> = (chunks.iter())
            .map(|c| (0..c.words.len() as u32).collect())
            .collect();
        let most = words.iter().map(Vec::len).max().unwrap_or(0);
        let (postings, positions) = merge(&chunks, &words, most, 4.0);
        for w in 0..most {
            let (hits, bytes) = (chunks.iter())
                .map(|c| c.size_of(w))
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            assert_eq!(postings[w].len(), hits);
            assert_eq!(postings[w].capacity(), hits, "grown, not sized");
            assert_eq!(positions[w].len(), bytes);
            assert_eq!(positions[w].capacity(), bytes, "grown, not sized");
        }
        assert!(
            postings.iter().any(|p| p.len() == pages.len()),
            "a word on every page"
        );
    }

    /// The merge as it was first written: every hit of every chunk in turn, each pushed to
    /// its global word's lists, the impact computed in one expression.
    fn merged_hit_by_hit(
        chunks: &[Arc<Chunk>],
        local_to_global: &[Vec<u32>],
        words: usize,
        avg: f32,
    ) -> (Vec<Vec<Posting>>, Vec<String>) {
        let mut postings = vec![Vec::new(); words];
        let mut positions = vec![String::new(); words];
        for (c, map) in chunks.iter().zip(local_to_global) {
            for h in c.hits.iter() {
                let global = map[h.word as usize] as usize;
                let d = &c.docs[h.doc as usize];
                let (k1, b, tf) = (1.2f32, 0.75f32, h.tf as f32);
                let saturated = tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * d.len as f32 / avg));
                let impact = ((saturated / (k1 + 1.0) * 7.0).round() as u8).clamp(1, 7);
                postings[global].push(Posting {
                    page: d.page,
                    doc: d.doc,
                    field: h.field,
                    impact: if h.tf == 0 { 0 } else { impact },
                });
                let at = h.at as usize..h.at as usize + usize::from(h.len);
                positions[global].push_str(&c.positions[at]);
            }
        }
        (postings, positions)
    }

    #[test]
    fn merging_word_by_word_gives_what_merging_hit_by_hit_does() {
        let bodies: Vec<String> = (0..3 * CHUNK_PAGES + 5)
            .map(|i| {
                let words = ["plan", "team", "review", "budget", "the", "goal"];
                let body: Vec<&str> = (0..i % 37 + 1).map(|k| words[(i * k + k) % 6]).collect();
                format!("{} page{}", body.join(" "), i % 50)
            })
            .collect();
        let pages: Vec<Page<'_>> = (bodies.iter())
            .map(|b| {
                let docs = vec![
                    Doc {
                        anchor: "",
                        title: "Plans",
                        context: "",
                        body: vec![b],
                        text: vec![],
                    },
                    Doc {
                        anchor: "x",
                        title: "Goal",
                        context: "",
                        body: vec![&b[b.len() / 2..]],
                        text: vec![],
                    },
                ];
                Page::of(String::new(), vec![], docs)
            })
            .collect();
        let chunks = chunk::tokenise(&pages, None);
        // Global numbers as `invert` gives them: by first appearance, stop words none.
        let mut ids: std::collections::HashMap<&str, u32> = Default::default();
        let maps: Vec<Vec<u32>> = (chunks.iter())
            .map(|c| {
                (c.words.iter().zip(&c.stop))
                    .map(|(w, &stop)| match stop {
                        true => NONE,
                        false => {
                            let next = ids.len() as u32;
                            *ids.entry(w).or_insert(next)
                        }
                    })
                    .collect()
            })
            .collect();
        for avg in [3.0, 11.5, 40.0] {
            let (postings, positions) = merge(&chunks, &maps, ids.len(), avg);
            let (want, want_positions) = merged_hit_by_hit(&chunks, &maps, ids.len(), avg);
            assert_eq!(postings, want, "avg {avg}");
            assert_eq!(positions, want_positions, "avg {avg}");
        }
    }
}
