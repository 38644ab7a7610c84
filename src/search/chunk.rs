//! Tokenising pages for the inverted index, a chunk of pages at a time: each chunk gets its
//! own vocabulary (stop words included, so positions count them) and its hits, one per word
//! and doc, with the word's best field, body frequency and encoded positions. Chunks are the
//! unit of parallel work and of reuse between `serve`'s rebuilds; `invert` merges them into
//! one index and must not need anything else from the pages.
use super::docs::Page;
use super::encode;
pub(super) use super::hits::{Hit, Hits};
use super::invert::Field;
use super::tokenize::{for_each_word, is_stop_word, token_hash};
use crate::hash::FastMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Docs of one page beyond this are not indexed (the index stores a doc number below 4096).
pub(crate) const MAX_DOCS_PER_PAGE: usize = 4095;
/// Positions kept per word and doc: a phrase is found at the first occurrences of its words.
const MAX_POSITIONS: usize = 32;

/// Pages tokenised together, with one vocabulary: the unit of parallel work.
pub(super) const CHUNK_PAGES: usize = 128;
/// Marks a stop word in a chunk's vocabulary, and an empty slot.
pub(super) const NONE: u32 = u32::MAX;

/// A doc of a chunk: where it is and how many body words it has.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct DocRef {
    pub(super) page: u32,
    pub(super) doc: u16,
    pub(super) len: u32,
}

/// What a chunk of pages contributes: its vocabulary (stop words included) and its hits, by
/// word (in vocabulary order), each word's in (page, doc) order.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Chunk {
    pub(super) words: Vec<Box<str>>,
    pub(super) stop: Vec<bool>,
    pub(super) hits: Hits,
    /// Every hit's positions, encoded (here, where chunks are read in parallel).
    pub(super) positions: crate::shared::SharedStr,
    pub(super) docs: Vec<DocRef>,
    pub(super) length: u64,
    /// Where each word's hits start (their index in `hits`, and where their positions start
    /// in `positions`), by vocabulary number, and then the end: `merge` reads each word's
    /// hits without reading the others'.
    pub(super) runs: Vec<(u32, u32)>,
}

impl Chunk {
    /// The hits of word `word` of the vocabulary, in (page, doc) order.
    pub(super) fn hits_of(&self, word: usize) -> impl Iterator<Item = Hit> + '_ {
        let (start, end) = self.run_of(word);
        self.hits.run(start.0 as usize..end.0 as usize, start.1)
    }

    /// The encoded positions of the hits of word `word`, one after the other.
    pub(super) fn positions_of(&self, word: usize) -> &str {
        let (start, end) = self.run_of(word);
        (self.positions.get(start.1 as usize..end.1 as usize)).unwrap_or_default()
    }

    /// How many hits word `word` has, and how many bytes of positions.
    pub(super) fn size_of(&self, word: usize) -> (usize, usize) {
        let (start, end) = self.run_of(word);
        let count = |a: u32, b: u32| b.saturating_sub(a) as usize;
        (count(start.0, end.0), count(start.1, end.1))
    }

    fn run_of(&self, word: usize) -> ((u32, u32), (u32, u32)) {
        let at = |w: usize| self.runs.get(w).copied().unwrap_or_default();
        (at(word), at(word + 1))
    }
}

/// The chunks of the last build by a hash of their text and place, kept by `serve` so that
/// a rebuild tokenises only the chunks an edit touched.
pub(crate) type ChunkCache = crate::hash::Reuse<Arc<Chunk>>;

/// Tokenises `pages` in chunks of `CHUNK_PAGES`, in parallel, reusing the chunks of `cache`
/// whose text and place have not changed; in page order.
pub(super) fn tokenise(pages: &[Page<'_>], cache: Option<&ChunkCache>) -> Vec<Arc<Chunk>> {
    let parts: Vec<(u32, &[Page<'_>])> = pages
        .chunks(CHUNK_PAGES)
        .enumerate()
        .map(|(i, ps)| ((i * CHUNK_PAGES) as u32, ps))
        .collect();
    ChunkCache::all(
        cache,
        &parts,
        |(first, ps)| chunk_key(*first, ps),
        |(first, ps)| Ok::<_, std::convert::Infallible>(Arc::new(chunk_hits(*first, ps))),
    )
    .unwrap_or_else(|never| match never {})
}

/// Stands for everything `chunk_hits` reads of pages `first..`: their place and content.
fn chunk_key(first: u32, pages: &[Page<'_>]) -> u64 {
    let mut h = crate::hash::key_hasher();
    first.hash(&mut h);
    for page in pages {
        page.content.hash(&mut h);
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
pub(super) fn packed(word: &str) -> Option<u128> {
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
    let mut positions = String::new();
    let mut chunk = Chunk::default();
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
            for piece in doc.pieces() {
                position.set(position.get() + 1);
                waiting.set(usize::MAX);
                for_each_word(piece, |w| add(w, Field::Body));
            }
            let doc = DocRef {
                page: first + p as u32,
                doc: d as u16,
                len: length,
            };
            end_doc(
                &mut chunk,
                doc,
                doc_hits,
                doc_positions,
                state,
                hits,
                &mut positions,
            );
        }
    }
    let (hits, positions, runs) = by_word(hits, &positions, state.len());
    chunk.runs = runs;
    chunk.hits = Hits::pack(&hits);
    chunk.positions = positions.into();
    chunk.stop = state.iter().map(|&s| s == STOP).collect();
    chunk
}

/// The hits in word order (each word's in doc order, as found), their positions laid out in
/// that order too: `merge` then appends a word's postings and positions a run at a time, not
/// a hit at a time into a different list each (most of its time was those scattered writes).
/// A counting sort, on the words of the chunk's vocabulary; also returns `Chunk::runs`.
fn by_word(hits: &[Hit], positions: &str, words: usize) -> (Vec<Hit>, String, Vec<(u32, u32)>) {
    let mut start = vec![0u32; words + 1];
    for h in hits {
        start[h.word as usize + 1] += 1;
    }
    for w in 0..words {
        start[w + 1] += start[w];
    }
    let mut runs: Vec<(u32, u32)> = start.iter().map(|&h| (h, 0)).collect();
    let mut order = vec![0u32; hits.len()];
    for (i, h) in hits.iter().enumerate() {
        let slot = &mut start[h.word as usize];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    let mut sorted = Vec::with_capacity(hits.len());
    let mut laid_out = String::with_capacity(positions.len());
    for i in order {
        let h = hits[i as usize];
        let at = h.at as usize;
        let at_now = laid_out.len() as u32;
        laid_out.push_str(&positions[at..at + usize::from(h.len)]);
        sorted.push(Hit { at: at_now, ..h });
    }
    for run in &mut runs {
        run.1 = (sorted.get(run.0 as usize)).map_or(laid_out.len() as u32, |h| h.at);
    }
    (sorted, laid_out, runs)
}

/// Adds the doc just read to `chunk`: each of its words as a hit, with its positions encoded,
/// and the word's state reset for the next doc.
fn end_doc(
    chunk: &mut Chunk,
    doc: DocRef,
    doc_hits: &mut Vec<DocHit>,
    doc_positions: &[(u32, u32)],
    state: &mut [u32],
    hits: &mut Vec<Hit>,
    positions: &mut String,
) {
    let n = chunk.docs.len() as u32;
    chunk.length += u64::from(doc.len);
    chunk.docs.push(doc);
    for h in doc_hits.drain(..) {
        state[h.word as usize] = NONE;
        let at = positions.len();
        let mut next = h.first;
        let chain = std::iter::from_fn(|| {
            let (position, after) = *doc_positions.get(next as usize)?;
            next = after;
            Some(position)
        });
        encode::push_positions(positions, chain);
        hits.push(Hit {
            word: h.word,
            doc: n,
            tf: h.tf,
            at: at as u32,
            len: (positions.len() - at) as u16,
            field: h.field,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_come_back_from_the_build_cache_as_they_went() {
        let fields = |h: Hit| (h.word, h.doc, h.tf, h.at, h.len, h.field);
        let hits = [
            (0, 0, 1, Field::Title, 1),
            (9, 0, 3, Field::Body, u16::MAX),
            (70_000, 70_000, u32::MAX, Field::Heading, 0),
            (3, 70_001, 2, Field::Body, 300),
        ];
        let mut at = 0;
        let hits: Vec<Hit> = (hits.iter())
            .map(|&(word, doc, tf, field, len)| {
                let hit = Hit {
                    word,
                    doc,
                    tf,
                    at,
                    len,
                    field,
                };
                at += u32::from(len);
                hit
            })
            .collect();
        let chunk = Chunk {
            words: vec!["roadmap".into()],
            stop: vec![false],
            hits: Hits::pack(&hits),
            positions: "ab".into(),
            docs: Vec::new(),
            length: 5,
            runs: Vec::new(),
        };
        let bytes = postcard::to_allocvec(&chunk).expect("serialized");
        let back: Chunk = postcard::from_bytes(&bytes).expect("deserialized");
        let got: Vec<_> = back.hits.iter().map(fields).collect();
        let want: Vec<_> = hits.iter().copied().map(fields).collect();
        assert_eq!(got, want);
        let mut cut = bytes.clone();
        cut.truncate(bytes.len() - 3);
        assert!(
            postcard::from_bytes::<Chunk>(&cut).is_err(),
            "a cut payload is an error, not a panic"
        );
        let packed = postcard::to_allocvec(&chunk.hits).expect("serialized");
        let cut_hit = &packed[..packed.len() - 1];
        let cut_hit = [&[cut_hit.len() as u8 - 1][..], &cut_hit[1..]].concat();
        assert!(
            postcard::from_bytes::<Hits>(&cut_hit).is_err(),
            "a hit cut short"
        );
        let unknown_field = [4, 0, 3, 1, 1];
        assert!(postcard::from_bytes::<Hits>(&unknown_field).is_err());
    }
}
