//! The heart of `invert`: every chunk's hits merged into each word's postings and encoded
//! positions. A big site has millions of hits (about 4 million at 10,000 pages) spread over
//! a hundred thousand words, so where they go is what costs: appending to one growing list
//! per word was a cache miss on the list and another on its end, for every hit. The hits
//! are counted first, so every word's postings get their place in one flat array (and its
//! positions in one flat buffer), and each thread fills the places of one range of words,
//! reading every hit and keeping those of its words.
use super::chunk::Chunk;
use super::invert::{Field, Posting, impact};
use rayon::prelude::*;
use std::ops::Range;
use std::sync::Arc;

/// A place in the flat array not filled yet.
const EMPTY: Posting = Posting {
    page: 0,
    doc: 0,
    field: Field::Body,
    impact: 0,
};

/// Every global word's postings and encoded positions, in chunk order. `local_to_global`
/// maps each chunk's word numbers to global ones; `avg` is the average doc length.
pub(super) fn merge(
    chunks: &[Arc<Chunk>],
    local_to_global: &[Vec<u32>],
    words: usize,
    avg: f32,
) -> (Vec<Vec<Posting>>, Vec<String>) {
    let sizes = sizes(chunks, local_to_global, words);
    let starts = offsets(sizes.iter().map(|s| s.0));
    let byte_starts = offsets(sizes.iter().map(|s| s.1));
    let mut postings = vec![EMPTY; starts[words]];
    let mut positions = vec![0u8; byte_starts[words]];
    let counts: Vec<u32> = sizes.iter().map(|s| s.0).collect();
    let mut parts = Vec::new();
    let (mut p_rest, mut b_rest) = (&mut postings[..], &mut positions[..]);
    for range in balanced(&counts, rayon::current_num_threads()) {
        let (p, p_next) = p_rest.split_at_mut(starts[range.end] - starts[range.start]);
        let (b, b_next) = b_rest.split_at_mut(byte_starts[range.end] - byte_starts[range.start]);
        parts.push((range, p, b));
        (p_rest, b_rest) = (p_next, b_next);
    }
    parts
        .into_par_iter()
        .for_each(|(range, postings, positions)| {
            // Where the next posting and positions of each word of the range go in this part.
            let from = |starts: &[usize]| -> Vec<usize> {
                let base = starts[range.start];
                starts[range.clone()].iter().map(|s| s - base).collect()
            };
            let (mut next, mut next_byte) = (from(&starts), from(&byte_starts));
            for (c, map) in chunks.iter().zip(local_to_global) {
                for h in c.hits.iter() {
                    let word = map[h.word as usize] as usize;
                    if !range.contains(&word) {
                        continue;
                    }
                    let i = word - range.start;
                    let d = &c.docs[h.doc as usize];
                    postings[next[i]] = Posting {
                        page: d.page,
                        doc: d.doc,
                        field: h.field,
                        impact: impact(h.tf, d.len, avg),
                    };
                    next[i] += 1;
                    if let Some(encoded) = encoded(c, h.at, h.len) {
                        positions[next_byte[i]..next_byte[i] + encoded.len()]
                            .copy_from_slice(encoded);
                        next_byte[i] += encoded.len();
                    }
                }
            }
        });
    (0..words)
        .into_par_iter()
        .map(|w| {
            let postings = postings[starts[w]..starts[w + 1]].to_vec();
            let bytes = &positions[byte_starts[w]..byte_starts[w + 1]];
            // Positions are ASCII digits (`encode::push_positions`): nothing is replaced.
            (postings, String::from_utf8_lossy(bytes).into_owned())
        })
        .unzip()
}

/// A hit's encoded positions: `len` bytes at `at` of its chunk's positions.
fn encoded(chunk: &Chunk, at: u32, len: u16) -> Option<&[u8]> {
    let at = at as usize;
    chunk.positions.as_bytes().get(at..at + usize::from(len))
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
                    size.1 += encoded(c, h.at, h.len).map_or(0, |e| e.len() as u32);
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

/// Where each of `sizes` starts when they are laid end to end, and (last) where they end.
fn offsets(sizes: impl Iterator<Item = u32>) -> Vec<usize> {
    let mut at = 0;
    let mut offsets: Vec<usize> = sizes
        .map(|n| {
            let start = at;
            at += n as usize;
            start
        })
        .collect();
    offsets.push(at);
    offsets
}

/// `counts` cut into at most `parts` ranges that cover it in order, each of about the same
/// total.
fn balanced(counts: &[u32], parts: usize) -> Vec<Range<usize>> {
    let total: u64 = counts.iter().map(|&n| u64::from(n)).sum();
    let parts = parts.max(1) as u64;
    let mut ranges = Vec::new();
    let (mut start, mut sum) = (0, 0u64);
    for (i, &n) in counts.iter().enumerate() {
        sum += u64::from(n);
        let cut = (ranges.len() as u64 + 1) * total / parts;
        if sum >= cut && (ranges.len() as u64) < parts - 1 {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    ranges.push(start..counts.len());
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_cut_into_ranges_of_about_as_many_hits() {
        assert_eq!(balanced(&[5, 1, 1, 1, 1, 1], 2), [0..1, 1..6]);
        assert_eq!(balanced(&[1, 1, 1, 1], 2), [0..2, 2..4]);
        let one = |counts: &[u32], parts| {
            let ranges = balanced(counts, parts);
            assert_eq!(ranges.len(), 1, "{ranges:?}");
            ranges[0].clone()
        };
        assert_eq!(one(&[1, 1, 1, 1], 1), 0..4);
        assert_eq!(one(&[], 2), 0..0);
        let cut = balanced(&[3; 10], 3);
        assert_eq!(cut.first().map(|r| r.start), Some(0));
        assert_eq!(cut.last().map(|r| r.end), Some(10));
        assert!(cut.windows(2).all(|w| w[0].end == w[1].start), "{cut:?}");
    }

    #[test]
    fn offsets_lay_sizes_end_to_end() {
        assert_eq!(offsets([3, 0, 2].into_iter()), [0, 3, 3, 5]);
        assert_eq!(offsets(std::iter::empty()), [0]);
    }
}
