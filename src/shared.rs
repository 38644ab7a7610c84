//! Text that the build cache hands out without copying it. A warm build reads a few hundred MB
//! of cache at 10,000 pages (the pages' sources, search hits, print HTML and search text), of
//! which it then reads only the few pages it renders again. Decoding each of those strings
//! into its own allocation was most of the cost of loading the cache; a `SharedStr` decoded
//! while `sharing` a file's bytes is instead a view into them (checked to be UTF-8 once), and
//! keeps them alive for as long as it lives. Anywhere else it is an ordinary immutable
//! string. The print HTML and search text go further (`PackedStr`): kept compressed, and
//! neither unpacked nor checked until read.
mod packed;

use bytes::Bytes;
use bytestring::ByteString;
use std::cell::RefCell;

pub(crate) use packed::PackedStr;

/// An immutable string, cheap to clone, that may share the buffer it was decoded from.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct SharedStr(ByteString);

thread_local! {
    /// The bytes being decoded on this thread, which `SharedStr`s may point into.
    static SOURCE: RefCell<Option<Bytes>> = const { RefCell::new(None) };
}

/// Runs `decode` on `bytes`; every `SharedStr` it decodes from them shares them.
pub(crate) fn sharing<T>(bytes: &Bytes, decode: impl FnOnce(&[u8]) -> T) -> T {
    let before = SOURCE.replace(Some(bytes.clone()));
    let out = decode(bytes);
    SOURCE.set(before);
    out
}

/// `bytes`, decoded: a view into the buffer being decoded (`sharing`) when they lie in it,
/// a copy otherwise.
fn share(bytes: &[u8]) -> Bytes {
    let shared = SOURCE.with_borrow(|source| {
        let source = source.as_ref()?;
        let (start, base) = (bytes.as_ptr() as usize, source.as_ptr() as usize);
        let inside = start >= base && start + bytes.len() <= base + source.len();
        inside.then(|| source.slice_ref(bytes))
    });
    shared.unwrap_or_else(|| Bytes::copy_from_slice(bytes))
}

/// Deserializes a byte string (in postcard, also a string's encoding: the decoder then hands
/// out a slice of its input), shared where it can be (`share`), and made a `T` by `make`,
/// which checks it.
pub(crate) fn deserialize_bytes<'de, D, T>(
    d: D,
    make: fn(Bytes) -> Result<T, &'static str>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    d.deserialize_bytes(Visitor(make))
}

struct Visitor<T>(fn(Bytes) -> Result<T, &'static str>);

impl<T> serde::de::Visitor<'_> for Visitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a byte string")
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<T, E> {
        (self.0)(share(v)).map_err(E::custom)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        self.visit_bytes(v.as_bytes())
    }
}

impl SharedStr {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The string from byte `at` on, sharing this one's buffer; empty when `at` is not at a
    /// character boundary inside it.
    pub(crate) fn tail(&self, at: usize) -> SharedStr {
        match self.0.get(at..) {
            Some(tail) => SharedStr(self.0.slice_ref(tail)),
            None => SharedStr::default(),
        }
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl From<String> for SharedStr {
    /// Without slack: it is kept as long as the page is.
    fn from(mut s: String) -> Self {
        s.shrink_to_fit();
        SharedStr(ByteString::from(s))
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr(ByteString::from(s))
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_bytes(d, |bytes| {
            // Hundreds of MB at 10,000 pages: std's check (`ByteString::try_from`) was 4% of a
            // warm build's instructions, simdutf8's is a fraction of that.
            simdutf8::basic::from_utf8(&bytes).map_err(|_| "a string that is not UTF-8")?;
            // SAFETY: the bytes were just checked to be UTF-8, and `Bytes` never change.
            Ok(SharedStr(unsafe {
                ByteString::from_bytes_unchecked(bytes)
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_while_sharing_it_points_into_the_buffer() {
        let text = SharedStr::from("relocatable <p>HTML</p> ✓");
        let bytes = Bytes::from(postcard::to_stdvec(&(7u8, &text)).expect("encode"));
        let (n, back): (u8, SharedStr) =
            sharing(&bytes, |b| postcard::from_bytes(b)).expect("decode");
        assert_eq!((n, back.as_str()), (7, text.as_str()));
        let range = bytes.as_ptr_range();
        assert!(range.contains(&back.as_ptr()), "not a copy");
        let copied: (u8, SharedStr) = postcard::from_bytes(&bytes).expect("decode");
        assert_eq!(copied.1, text);
        assert!(
            !range.contains(&copied.1.as_ptr()),
            "without `sharing`, a copy"
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_an_error_not_a_string() {
        // A length of 3, then three bytes that are not UTF-8.
        let bytes = Bytes::from_static(&[3, 0xff, 0xfe, 0x41]);
        let decoded = sharing(&bytes, |b| postcard::from_bytes::<SharedStr>(b));
        assert!(decoded.is_err());
        // A character cut short, and a surrogate (UTF-16's, never UTF-8).
        for bad in [&[4, b'o', b'k', b' ', 0xc3][..], &[3, 0xed, 0xa0, 0x80]] {
            let bytes = Bytes::copy_from_slice(bad);
            let decoded = sharing(&bytes, |b| postcard::from_bytes::<SharedStr>(b));
            assert!(decoded.is_err(), "{bad:?}");
        }
        let good = Bytes::from_static(&[3, b'a', 0xc3, 0xa9]);
        let decoded = sharing(&good, |b| postcard::from_bytes::<SharedStr>(b));
        assert_eq!(decoded.expect("decode").as_str(), "aé");
        let good = Bytes::from_static(&[3, b'a', b'b', b'c']);
        let decoded = sharing(&good, |b| postcard::from_bytes::<SharedStr>(b));
        assert_eq!(decoded.expect("decode").as_str(), "abc");
    }
}
