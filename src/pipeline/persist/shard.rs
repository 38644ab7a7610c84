//! One shard of the build cache: the memos whose keys fall in it, and how its file holds them
//! (the memos the model reads, then those only the output needs, encoded apart).
use super::{Markdown, Untrusted, shard_count};
use crate::hash::Sharded;
use crate::lock;
use crate::pipeline::caches::{Caches, Late};
use crate::pipeline::files::Kept;
use crate::pipeline::written::Written;
use anyhow::Result;
use std::path::Path;

/// The memos whose keys fall in one shard.
#[derive(Default)]
pub(super) struct Shard {
    pub(super) markdown: Markdown,
    pub(super) print: crate::print::Cache,
    pub(super) search: crate::search::Cache,
    pub(super) files: Kept,
}

impl Shard {
    /// The fingerprint of each of the shards of the memos of `caches` (0 for an
    /// empty one), and the shards not empty whose fingerprint is `wanted`, each with it: a
    /// save after an edit copies the entries of those it writes only.
    pub(super) fn split(
        caches: &Caches,
        files: &Kept,
        wanted: impl Fn(u64) -> bool,
    ) -> (Vec<u64>, Vec<(Shard, u64)>) {
        let markdown = lock(&caches.markdown);
        let print = crate::print::worth_keeping(&caches.print);
        let search = &caches.search;
        let count = shard_count(markdown.len());
        let memos = [
            markdown.fingerprints(count),
            print.fingerprints(count),
            search.fingerprints(count),
            files.fingerprints(count),
        ];
        let fingerprints: Vec<u64> = (0..count)
            .map(|n| combine(&memos.each_ref().map(|fps| fps[n])))
            .collect();
        let want: Vec<bool> = (fingerprints.iter())
            .map(|&fp| fp != 0 && wanted(fp))
            .collect();
        let parts = (markdown.parts(count, &want).into_iter())
            .zip(print.parts(count, &want))
            .zip(search.parts(count, &want))
            .zip(files.parts(count, &want));
        let shards = (parts.zip(&fingerprints).zip(&want))
            .filter(|(_, want)| **want)
            .map(|(((((markdown, print), search), files), fp), _)| {
                let shard = Shard {
                    markdown,
                    print,
                    search,
                    files,
                };
                (shard, *fp)
            })
            .collect();
        (fingerprints, shards)
    }

    /// The shard as its file holds it, the memos only the output needs encoded apart.
    pub(super) fn stored(self) -> Result<Stored> {
        let late = LateMemos {
            print: self.print,
            search: self.search,
        };
        Ok(Stored {
            late_fingerprints: late.fingerprints(),
            late: Blob(postcard::to_allocvec(&late)?.into()),
            markdown: self.markdown,
            files: self.files,
        })
    }
}

/// A shard as its file holds it: the memos the model reads, then those only the output needs
/// (`LateMemos`), encoded apart so that they can be decoded while the model is built, which
/// needs none of them.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Stored {
    pub(super) markdown: Markdown,
    pub(super) files: Kept,
    /// `LateMemos::fingerprints` of `late`: the shard's name can be checked before the model
    /// reads its memos, and what `late` holds when it is decoded.
    pub(super) late_fingerprints: [u64; 2],
    pub(super) late: Blob,
}

impl Stored {
    /// The fingerprint of the memos it holds, as `Shard::split` counts it.
    pub(super) fn fingerprint(&self) -> u64 {
        let [print, search] = self.late_fingerprints;
        combine(&[
            self.markdown.fingerprint(),
            print,
            search,
            self.files.fingerprint(),
        ])
    }
}

/// The memos of a shard that only the output needs (`caches::Late`).
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct LateMemos {
    pub(super) print: crate::print::Cache,
    pub(super) search: crate::search::Cache,
}

impl LateMemos {
    pub(super) fn fingerprints(&self) -> [u64; 2] {
        [self.print.fingerprint(), self.search.fingerprint()]
    }

    /// The memos encoded in `blob`, of `file`, which promised `fingerprints`.
    pub(super) fn decode(
        file: &str,
        fingerprints: [u64; 2],
        blob: &Blob,
    ) -> Result<LateMemos, Untrusted> {
        // Strings decoded as `SharedStr` point into the mapped file, as the shard's others.
        let late =
            crate::shared::sharing(&blob.0, |bytes| postcard::from_bytes::<LateMemos>(bytes))
                .map_err(|e| (file.to_string(), format!("is corrupt ({e})")))?;
        if late.fingerprints() != fingerprints {
            return Err((file.into(), "holds other entries than its name says".into()));
        }
        Ok(late)
    }
}

/// Bytes stored as one byte string, decoded as a view into the file they were read from.
pub(super) struct Blob(pub(super) bytes::Bytes);

impl serde::Serialize for Blob {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        crate::shared::deserialize_bytes(d, |bytes| Ok(Blob(bytes)))
    }
}

/// One fingerprint for the memos of a shard; 0 only for an empty one.
pub(super) fn combine(memos: &[u64]) -> u64 {
    (memos.iter().zip(0u32..)).fold(0, |fp, (m, i)| fp.wrapping_add(m.rotate_left(i * 16)))
}

/// The memos of the shards `late` that only the output needs, each shard's with its file and
/// the fingerprints it promised, and the pages of `written` still in `out` as that build left
/// them, when the templates are still those of `templates` (`Written::trusted`).
pub(super) fn decode_late(
    late: &[(String, [u64; 2], Blob)],
    written: Written,
    out: &Path,
    templates: u64,
) -> std::result::Result<Late, Untrusted> {
    let mut memos = Late::default();
    for (file, fingerprints, blob) in late {
        let shard = LateMemos::decode(file, *fingerprints, blob)?;
        memos.print.merge(shard.print);
        memos.search.merge(shard.search);
    }
    (memos.vouched, memos.ids) = written.trusted(out, templates);
    Ok(memos)
}
