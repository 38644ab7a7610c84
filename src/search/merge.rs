//! The heart of `invert`: every chunk's hits merged into each word's postings and encoded
//! positions. A big site has millions of hits (about 4 million at 10,000 pages) spread over
//! a hundred thousand words. They are counted first, in parallel (hits and bytes of
//! positions per word), so that each word's lists are allocated once at their final size,
//! then merged on one thread, in chunk order. (Two threads, each merging one range of the
//! words, were slower in a warm build: each had to decode every hit, and the other core is
//! busy rendering the pages.)
use super::chunk::Chunk;
use super::invert::{Posting, impact};
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
    let sizes = sizes(chunks, local_to_global, words);
    let mut postings: Vec<Vec<Posting>> = (sizes.iter())
        .map(|&(hits, _)| Vec::with_capacity(hits as usize))
        .collect();
    let mut positions: Vec<String> = (sizes.iter())
        .map(|&(_, bytes)| String::with_capacity(bytes as usize))
        .collect();
    for (c, map) in chunks.iter().zip(local_to_global) {
        // The current run of one word's hits, and where its positions start and end: they
        // lie one after the other (`chunk` lays hits out by word), so are copied at once.
        let (mut word, mut from, mut to) = (None, 0, 0);
        for h in c.hits.iter() {
            let global = map[h.word as usize] as usize;
            if word != Some(global) {
                if let Some(w) = word {
                    positions[w].push_str(c.positions.get(from..to).unwrap_or_default());
                }
                (word, from) = (Some(global), h.at as usize);
            }
            to = h.at as usize + usize::from(h.len);
            let d = &c.docs[h.doc as usize];
            postings[global].push(Posting {
                page: d.page,
                doc: d.doc,
                field: h.field,
                impact: impact(h.tf, d.len, avg),
            });
        }
        if let Some(w) = word {
            positions[w].push_str(c.positions.get(from..to).unwrap_or_default());
        }
    }
    (postings, positions)
}

/// A hit's encoded positions: `len` bytes at `at` of its chunk's positions.
fn encoded(chunk: &Chunk, at: u32, len: u16) -> &str {
    let at = at as usize;
    chunk
        .positions
        .get(at..at + usize::from(len))
        .unwrap_or_default()
}

/// How many hits each global word has, and how many bytes of positions, counted in parallel.
fn sizes(chunks: &[Arc<Chunk>], local_to_global: &[Vec<u32>], words: usize) -> Vec<(u32, u32)> {
    (chunks.par_iter().zip(local_to_global))
        .fold(
            || vec![(0u32, 0u32); words],
            |mut sizes, (c, map)| {
                for h in c.hits.iter() {
                    let size = &mut sizes[map[h.word as usize] as usize];
                    size.0 += 1;
                    size.1 += encoded(c, h.at, h.len).len() as u32;
                }
                sizes
            },
        )
        .reduce_with(|mut a, b| {
            for (a, b) in a.iter_mut().zip(b) {
                (a.0, a.1) = (a.0 + b.0, a.1 + b.1);
            }
            a
        })
        .unwrap_or_else(|| vec![(0, 0); words])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::chunk::{self, CHUNK_PAGES};
    use crate::search::docs::{Doc, Page};

    #[test]
    fn lists_get_their_final_size_at_once() {
        let page = |title| Page {
            url: String::new(),
            crumbs: vec![],
            checklist: false,
            docs: vec![Doc {
                anchor: "",
                title,
                context: "",
                body: vec!["plan the plan, then review the plan"],
            }],
        };
        let pages: Vec<Page<'_>> = (0..CHUNK_PAGES + 3).map(|_| page("Plans")).collect();
        let chunks = chunk::tokenise(&pages, None);
        let words: Vec<Vec<u32>> = (chunks.iter())
            .map(|c| (0..c.words.len() as u32).collect())
            .collect();
        let most = words.iter().map(Vec::len).max().unwrap_or(0);
        let sizes = sizes(&chunks, &words, most);
        let (postings, positions) = merge(&chunks, &words, most, 4.0);
        for (w, (hits, bytes)) in sizes.iter().enumerate() {
            assert_eq!(postings[w].len(), *hits as usize);
            assert_eq!(postings[w].capacity(), *hits as usize, "grown, not sized");
            assert_eq!(positions[w].len(), *bytes as usize);
        }
        assert!(
            postings.iter().any(|p| p.len() == pages.len()),
            "a word on every page"
        );
    }
}
