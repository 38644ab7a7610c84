//! Text that the build cache keeps compressed: each page's print HTML and search text. At
//! 10,000 pages they are half of the cache (about 140 MB), and a build after an edit reads
//! them for a few pages only: those it renders or indexes again, and the print documents of
//! the part that changed. Kept as they are, every build mapped, checksummed and checked as
//! UTF-8 all of them; compressed (LZ4, about 3x smaller), the checksum covers a third of
//! the bytes, and only the texts read are unpacked and checked, once each.
use super::{SharedStr, deserialize_bytes};
use bytes::Bytes;
use std::sync::OnceLock;

/// An immutable string that may be held compressed until it is first read.
#[derive(Clone, Default)]
pub(crate) struct PackedStr {
    text: OnceLock<SharedStr>,
    /// The compressed form, as the build cache holds it (its length first); `None` for text
    /// made by this build, compressed only if the cache saves it.
    packed: Option<Bytes>,
}

/// LZ4 never makes anything more than 255 times smaller: a size claiming more is not LZ4's.
const MAX_RATIO: usize = 255;

impl PackedStr {
    pub(crate) fn as_str(&self) -> &str {
        self.text.get_or_init(|| self.unpack())
    }

    /// The text of `packed`. The file it came from passed its checksum, so only a forged
    /// file can hold bytes that do not unpack to UTF-8: those read as empty text.
    fn unpack(&self) -> SharedStr {
        let Some(packed) = &self.packed else {
            return SharedStr::default();
        };
        let Ok((size, block)) = lz4_flex::block::uncompressed_size(packed) else {
            return SharedStr::default();
        };
        if size > packed.len().saturating_mul(MAX_RATIO) {
            return SharedStr::default();
        }
        lz4_flex::block::decompress(block, size)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .map(SharedStr::from)
            .unwrap_or_default()
    }
}

impl PartialEq for PackedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::ops::Deref for PackedStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for PackedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<String> for PackedStr {
    fn from(s: String) -> Self {
        SharedStr::from(s).into()
    }
}

impl From<&str> for PackedStr {
    fn from(s: &str) -> Self {
        SharedStr::from(s).into()
    }
}

impl From<SharedStr> for PackedStr {
    fn from(s: SharedStr) -> Self {
        PackedStr {
            text: OnceLock::from(s),
            packed: None,
        }
    }
}

impl serde::Serialize for PackedStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.packed {
            Some(packed) => s.serialize_bytes(packed),
            None => s.serialize_bytes(&lz4_flex::block::compress_prepend_size(
                self.as_str().as_bytes(),
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for PackedStr {
    /// Shares the bytes being decoded (`sharing`), unpacked when first read.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_bytes(d, |packed| {
            Ok(PackedStr {
                text: OnceLock::new(),
                packed: Some(packed),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::sharing;

    #[test]
    fn kept_compressed_and_unpacked_when_read() {
        let text = "<p>Relocatable HTML, relocatable HTML, relocatable HTML ✓</p>".repeat(20);
        let encoded = postcard::to_stdvec(&PackedStr::from(text.as_str())).expect("encode");
        assert!(encoded.len() < text.len() / 4, "{} bytes", encoded.len());
        let bytes = Bytes::from(encoded);
        let back: PackedStr = sharing(&bytes, |b| postcard::from_bytes(b)).expect("decode");
        assert!(back.text.get().is_none(), "unpacked before it was read");
        assert!(
            bytes
                .as_ptr_range()
                .contains(&back.packed.as_ref().expect("packed").as_ptr())
        );
        assert_eq!(back.as_str(), text);
        // Saved again as it was read: the same bytes, not compressed a second time.
        assert_eq!(postcard::to_stdvec(&back).expect("encode"), bytes.as_ref());
        assert_eq!(back.clone(), PackedStr::from(text));
    }

    #[test]
    fn bytes_that_do_not_unpack_to_text_read_as_empty() {
        let not_utf8 = lz4_flex::block::compress_prepend_size(&[0xff, 0xfe, b'a']);
        let mut cut_short = lz4_flex::block::compress_prepend_size(b"some text, some text");
        cut_short.truncate(cut_short.len() - 3);
        let huge = [0xff, 0xff, 0xff, 0x7f, 0x10, b'a'].to_vec();
        for bad in [not_utf8, cut_short, huge, vec![1], vec![]] {
            let bytes = Bytes::from(postcard::to_stdvec(&serde_bytes(&bad)).expect("encode"));
            let back: PackedStr = sharing(&bytes, |b| postcard::from_bytes(b)).expect("decode");
            assert_eq!(back.as_str(), "", "{bad:?}");
        }
    }

    /// `bytes` as serde's byte string.
    fn serde_bytes(bytes: &[u8]) -> impl serde::Serialize + '_ {
        struct B<'a>(&'a [u8]);
        impl serde::Serialize for B<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        B(bytes)
    }
}
