//! A chunk's hits, one per word and doc, as `chunk` finds them and as the build cache keeps
//! them: fixed-width records read where they lie, a word's run of them at a time (`merge`).
use super::invert::Field;
use std::ops::Range;

/// A word in one doc, before impacts are known. Small: a big site has millions.
#[derive(Clone, Copy)]
pub(super) struct Hit {
    /// In the chunk's vocabulary.
    pub(super) word: u32,
    /// In the chunk's `docs`.
    pub(super) doc: u32,
    pub(super) tf: u32,
    /// Its positions and next words, encoded: `Chunk::positions[at..at + len]`.
    pub(super) at: u32,
    pub(super) len: u16,
    pub(super) field: Field,
}

/// A chunk's hits as the build cache stores them, read where they lie. A big site has
/// millions: decoded into a vector when the cache was read they were a tenth of a warm
/// build's time. Each is a fixed-width little-endian record (word, doc and frequency, 4 bytes
/// each, the length of its positions, 2, and its field, 1), so that `invert` reads them with
/// plain loads; where its positions start is not stored, since a chunk's hits take them in
/// turn (`end_doc`). The bytes are shared with the cache's buffer (`crate::shared`).
#[derive(Clone, Default)]
pub(super) struct Hits {
    bytes: bytes::Bytes,
}

/// The bytes of one hit in `Hits`.
const RECORD: usize = 15;

impl Hits {
    /// `hits`, each one's positions following the last one's.
    pub(super) fn pack(hits: &[Hit]) -> Hits {
        let mut bytes = Vec::with_capacity(hits.len() * RECORD);
        let mut at = 0;
        for h in hits {
            debug_assert_eq!(h.at, at, "positions out of turn");
            for n in [h.word, h.doc, h.tf] {
                bytes.extend_from_slice(&n.to_le_bytes());
            }
            bytes.extend_from_slice(&h.len.to_le_bytes());
            bytes.push(h.field as u8);
            at = h.at + u32::from(h.len);
        }
        Hits {
            bytes: bytes.into(),
        }
    }

    #[cfg(test)]
    pub(super) fn iter(&self) -> impl Iterator<Item = Hit> + '_ {
        self.run(0..self.bytes.len() / RECORD, 0)
    }

    /// Hits `range`, the first of which has its positions at `at` (`Chunk::runs`); none
    /// where the range is out of bounds (a cache written by another build is not read).
    pub(super) fn run(&self, range: Range<usize>, mut at: u32) -> impl Iterator<Item = Hit> + '_ {
        let bytes = (range.start.checked_mul(RECORD))
            .zip(range.end.checked_mul(RECORD))
            .and_then(|(from, to)| self.bytes.get(from..to))
            .unwrap_or_default();
        bytes.chunks_exact(RECORD).map(move |r| {
            let n = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
            let len = u16::from_le_bytes([r[12], r[13]]);
            let hit = Hit {
                word: n(0),
                doc: n(4),
                tf: n(8),
                at,
                len,
                // Checked when read from the cache (`checked`).
                field: Field::from_byte(r[14]).unwrap_or(Field::Body),
            };
            at = at.wrapping_add(u32::from(len));
            hit
        })
    }

    /// The hits in `bytes`, when they are whole records of known fields (checked here, once).
    fn checked(bytes: bytes::Bytes) -> Result<Hits, &'static str> {
        if bytes.len() % RECORD != 0 {
            return Err("packed hits cut short");
        }
        if (bytes.chunks_exact(RECORD)).any(|r| Field::from_byte(r[14]).is_none()) {
            return Err("a hit of an unknown field");
        }
        Ok(Hits { bytes })
    }
}

impl serde::Serialize for Hits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.bytes)
    }
}

impl<'de> serde::Deserialize<'de> for Hits {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Hits, D::Error> {
        crate::shared::deserialize_bytes(d, Hits::checked)
    }
}
