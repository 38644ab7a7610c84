//! Blobs packed into few files: the postings of words beyond their best (`search/r/`) and
//! the positions of every word (`search/y/`), each file about `PACK_BYTES`, in word order, so
//! that `search.js` finds a blob from where the one before it ended.
use super::Files;
use super::encode::script;
use super::shards::PACK_BYTES;
use anyhow::Result;

/// Where a word's other postings (or its positions) are: file, offset and length in it.
pub(super) type PackedAt = (usize, usize, usize);

/// Packs the blobs (rest postings or positions, one per word or none), in word order, into
/// files `search/<method>/<n>.js` of about `PACK_BYTES`, each put as soon as it is full;
/// returns where each blob went.
pub(super) fn pack<'a>(
    blobs: impl Iterator<Item = Option<&'a str>>,
    method: &str,
    files: &Files<'_>,
) -> Result<Vec<Option<PackedAt>>> {
    let put = |n: usize, chunk: &str| {
        files.put(
            format!("search/{method}/{n}.js"),
            script(method, &[&n.to_string(), ",\"", chunk, "\""]),
        )
    };
    let mut at = Vec::new();
    let (mut n, mut chunk) = (0, String::new());
    for blob in blobs {
        let Some(blob) = blob else {
            at.push(None);
            continue;
        };
        if !chunk.is_empty() && chunk.len() + blob.len() > PACK_BYTES {
            put(n, &chunk)?;
            chunk.clear();
            n += 1;
        }
        at.push(Some((n, chunk.len(), blob.len())));
        chunk.push_str(blob);
    }
    if !chunk.is_empty() {
        put(n, &chunk)?;
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::collected;

    #[test]
    fn packs_rests_into_few_files() {
        let e = |rest: Option<usize>| rest.map(|n| "x".repeat(n));
        let blobs = [
            e(Some(PACK_BYTES - 10)),
            e(None),
            e(Some(5)),
            e(Some(20)),
            e(Some(3)),
        ];
        let (at, files) = collected(|f| pack(blobs.iter().map(Option::as_deref), "r", f));
        assert_eq!(
            at,
            [
                Some((0, 0, PACK_BYTES - 10)),
                None,
                Some((0, PACK_BYTES - 10, 5)),
                Some((1, 0, 20)),
                Some((1, 20, 3))
            ]
        );
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["search/r/0.js", "search/r/1.js"]);
    }
}
