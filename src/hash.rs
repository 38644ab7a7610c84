//! Fast hashing for the caches of a build: content keys that must be the same from one build
//! to the next (`key_hasher`), and maps keyed by words or paths (`FastMap`). Not for anything
//! facing an attacker: nothing here is read from the network.
pub(crate) mod serial;

use std::collections::HashMap;
use std::hash::BuildHasher;

/// A hasher with a fixed seed, so equal inputs give equal keys in every build of a session.
pub(crate) fn key_hasher() -> foldhash::quality::FoldHasher<'static> {
    foldhash::quality::FixedState::default().build_hasher()
}

/// A short fingerprint of content that readers' browsers keep from one build to the next
/// ("what changed since your last visit"). Unlike `key_hasher`, the same text gives the same
/// id in every version of playbook and on every machine: SipHash-1-3 with fixed keys.
pub(crate) fn content_id(parts: &[&str]) -> String {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new();
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    format!("{:012x}", h.finish() >> 16)
}

/// A `HashMap` with foldhash instead of SipHash, for hot maps keyed by words, and for the maps
/// by path that a build fills with every page (SipHash was a twentieth of a warm build).
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// `FastMap`'s set.
pub(crate) type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// Values computed from content, kept by `serve` from one build to the next by the hash of
/// their inputs, so a rebuild computes only those whose inputs changed. A one-off build passes
/// no cache: it would only hold memory.
pub(crate) struct Reuse<V>(pub(crate) std::sync::Mutex<HashMap<u64, V>>);

impl<V> Default for Reuse<V> {
    fn default() -> Self {
        Reuse(Default::default())
    }
}

/// The values as the build cache stores them (`pipeline::persist`): the map of the last call.
impl<V: serde::Serialize> serde::Serialize for Reuse<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .serialize(s)
    }
}

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for Reuse<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        HashMap::deserialize(d).map(|m| Reuse(std::sync::Mutex::new(m)))
    }
}

impl<V: Clone + Send + Sync> Reuse<V> {
    /// `make(item)` for every item, in parallel and in order; with a cache, an item whose
    /// `key` matches one of the last call reuses its value, and the cache then holds this
    /// call's values only.
    pub(crate) fn all<T: Sync, E: Send>(
        cache: Option<&Self>,
        items: &[T],
        key: impl Fn(&T) -> u64 + Sync,
        make: impl Fn(&T) -> Result<V, E> + Sync,
    ) -> Result<Vec<V>, E> {
        use rayon::prelude::*;
        let Some(cache) = cache else {
            return items.par_iter().map(&make).collect();
        };
        let old = std::mem::take(&mut *cache.0.lock().unwrap_or_else(|e| e.into_inner()));
        let keyed: Vec<(u64, V)> = items
            .par_iter()
            .map(|item| {
                let k = key(item);
                match old.get(&k) {
                    Some(v) => Ok((k, v.clone())),
                    None => make(item).map(|v| (k, v)),
                }
            })
            .collect::<Result<_, E>>()?;
        drop(old);
        *cache.0.lock().unwrap_or_else(|e| e.into_inner()) = keyed.iter().cloned().collect();
        Ok(keyed.into_iter().map(|(_, v)| v).collect())
    }
}

/// A memo the build cache spreads over files by key (`pipeline::persist`), so that a build
/// after an edit rewrites, and a build reads in parallel, files of a bounded size.
pub(crate) trait Sharded: Default {
    /// The fingerprint of the keys of each of `of` parts (0 for none). A memo's values are
    /// functions of their keys, so two parts with the same fingerprint hold the same entries.
    fn fingerprints(&self, of: usize) -> Vec<u64>;
    /// The entries split by key into `of` parts, as `fingerprints` counts them; only the
    /// parts `wanted` are filled (an edit changes a few: the others need no copy).
    fn parts(&self, of: usize, wanted: &[bool]) -> Vec<Self>;
    /// Takes in the entries of `part`.
    fn merge(&mut self, part: Self);
    /// The fingerprint of all the entries, as the one part of `fingerprints(1)`.
    fn fingerprint(&self) -> u64 {
        self.fingerprints(1).first().copied().unwrap_or(0)
    }
}

/// Where `key` goes among `of` parts, and what it adds to its part's fingerprint: sums of
/// such terms do not depend on the order in which a map lists its keys.
pub(crate) fn shard_of<K: std::hash::Hash + ?Sized>(key: &K, of: usize) -> (usize, u64) {
    use std::hash::Hasher;
    let mut h = key_hasher();
    key.hash(&mut h);
    let term = h.finish();
    ((term % of as u64) as usize, term | 1)
}

/// Memos by content-relative path, each with a hash of what it is made from (its inputs, or a
/// source file's text): spread by path, so that an edited page's entries stay in their shard,
/// and fingerprinted by path and key.
impl<V, S: std::hash::BuildHasher + Default> Sharded
    for HashMap<String, (u64, std::sync::Arc<V>), S>
{
    fn fingerprints(&self, of: usize) -> Vec<u64> {
        let mut fps = vec![0u64; of];
        for (path, (key, _)) in self {
            let n = shard_of(path, of).0;
            fps[n] = fps[n].wrapping_add(shard_of(&(path, key), of).1);
        }
        fps
    }

    fn parts(&self, of: usize, wanted: &[bool]) -> Vec<Self> {
        let mut parts: Vec<Self> = (0..of).map(|_| Default::default()).collect();
        for (path, (key, value)) in self {
            let n = shard_of(path, of).0;
            if wanted.get(n).copied().unwrap_or(false) {
                parts[n].insert(path.clone(), (*key, value.clone()));
            }
        }
        parts
    }

    fn merge(&mut self, part: Self) {
        self.extend(part);
    }
}

impl<V: Clone> Sharded for Reuse<V> {
    fn fingerprints(&self, of: usize) -> Vec<u64> {
        let mut fps = vec![0u64; of];
        for k in self.0.lock().unwrap_or_else(|e| e.into_inner()).keys() {
            let (n, term) = shard_of(k, of);
            fps[n] = fps[n].wrapping_add(term);
        }
        fps
    }

    fn parts(&self, of: usize, wanted: &[bool]) -> Vec<Self> {
        let mut parts: Vec<HashMap<u64, V>> = (0..of).map(|_| Default::default()).collect();
        for (k, v) in self.0.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let n = shard_of(k, of).0;
            if wanted.get(n).copied().unwrap_or(false) {
                parts[n].insert(*k, v.clone());
            }
        }
        (parts.into_iter())
            .map(|m| Reuse(std::sync::Mutex::new(m)))
            .collect()
    }

    fn merge(&mut self, part: Self) {
        let part = part.0.into_inner().unwrap_or_else(|e| e.into_inner());
        (self.0.get_mut().unwrap_or_else(|e| e.into_inner())).extend(part);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_ids_are_short_stable_and_tell_parts_apart() {
        assert_eq!(
            super::content_id(&["a", "b"]),
            super::content_id(&["a", "b"])
        );
        assert_ne!(
            super::content_id(&["ab", ""]),
            super::content_id(&["a", "b"])
        );
        assert_eq!(super::content_id(&["playbook"]).len(), 12);
        // Fixed for good: browsers compare it with what an older build wrote.
        assert_eq!(super::content_id(&["playbook"]), "d35a5a217901");
    }

    #[test]
    fn parts_hold_the_entries_their_fingerprints_count() {
        use super::{Reuse, Sharded};
        use std::sync::Arc;
        let by_path: std::collections::HashMap<String, (u64, Arc<&str>)> = (0..50)
            .map(|i| (format!("page-{i}.md"), (i * 7, Arc::new("x"))))
            .collect();
        let by_key = Reuse::<u32>::default();
        by_key
            .0
            .lock()
            .unwrap()
            .extend((0..50u64).map(|k| (k * 13, 1)));
        let wanted = [true, false, true, true, false, true, true, true];
        let parts = by_path.parts(8, &wanted);
        let fps = by_path.fingerprints(8);
        for (n, part) in parts.iter().enumerate() {
            match wanted[n] {
                true => assert_eq!(part.fingerprints(1)[0], fps[n], "part {n}"),
                false => assert!(part.is_empty(), "part {n} is not wanted"),
            }
        }
        let all = by_path.parts(8, &[true; 8]);
        assert_eq!(all.iter().map(|p| p.len()).sum::<usize>(), 50);
        let keyed = by_key.parts(8, &[true; 8]);
        let sizes: usize = keyed.iter().map(|p| p.0.lock().unwrap().len()).sum();
        assert_eq!(sizes, 50);
        for (part, fp) in keyed.iter().zip(by_key.fingerprints(8)) {
            assert_eq!(part.fingerprint(), fp);
        }
        let sum = |fps: Vec<u64>| fps.into_iter().fold(0u64, u64::wrapping_add);
        assert_eq!(sum(by_path.fingerprints(8)), by_path.fingerprint());
        assert_eq!(sum(by_key.fingerprints(8)), by_key.fingerprint());
        assert_ne!(by_path.fingerprint(), 0);
        let mut other = by_path.clone();
        other.insert("page-0.md".into(), (1, Arc::new("x")));
        assert_ne!(other.fingerprint(), by_path.fingerprint(), "a key changed");
    }
}
