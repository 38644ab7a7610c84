//! Fast hashing for the caches of a build: content keys that must be the same from one build
//! to the next (`key_hasher`), and maps keyed by words or paths (`FastMap`). Not for anything
//! facing an attacker: nothing here is read from the network.
use std::collections::HashMap;
use std::hash::BuildHasher;

/// A hasher with a fixed seed, so equal inputs give equal keys in every build of a session.
pub(crate) fn key_hasher() -> foldhash::quality::FoldHasher<'static> {
    foldhash::quality::FixedState::default().build_hasher()
}

/// A `HashMap` with foldhash instead of SipHash, for hot maps keyed by words.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
