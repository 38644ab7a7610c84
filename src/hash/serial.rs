//! The key of a serializable value (`of`): what the page cache compares to tell whether a
//! template would see the same context as last time. A value is encoded as serde walks it into
//! bytes that no other value encodes to, then hashed at once with `key_hasher`. The page keys
//! were JSON: every string and every field name scanned for characters to escape, a tenth of a
//! warm build's instructions. Here strings and names are copied behind their length, and every
//! value starts with a tag of its kind; sequences, maps and structs mark each item and their
//! end, so a field left out (`skip_serializing_if`) cannot make two values read alike.
use serde::ser::{self, Serialize};
use std::hash::Hasher;

/// The key of `value`; `None` when its `Serialize` fails.
pub(crate) fn of<T: Serialize + ?Sized>(value: &T) -> Option<u64> {
    thread_local! {
        /// Each thread encodes into one buffer, grown to its largest value once (up to 1 MB):
        /// a page's context is a few KB, and a fresh buffer per key (10,000 at 10,000 pages)
        /// was allocated and grown again each time.
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut buffer) => encode_and_hash(value, &mut buffer),
        // A key taken while another is encoded on this thread (a `Serialize` that takes one).
        Err(_) => encode_and_hash(value, &mut Vec::new()),
    })
}

fn encode_and_hash<T: Serialize + ?Sized>(value: &T, buffer: &mut Vec<u8>) -> Option<u64> {
    buffer.clear();
    let mut encoder = Encoder(std::mem::take(buffer));
    let encoded = value.serialize(&mut encoder);
    *buffer = encoder.0;
    let key = encoded.ok().map(|_| {
        let mut h = super::key_hasher();
        h.write(buffer);
        h.finish()
    });
    if buffer.capacity() > 1 << 20 {
        // Not kept for a long-lived `serve`: the "What's new" context of a big site.
        *buffer = Vec::new();
    }
    key
}

/// The bytes of the value so far.
struct Encoder(Vec<u8>);

/// The kind of each value, its first byte.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Tag {
    None,
    Some,
    Unit,
    Bool,
    Int,
    Wide,
    WideUnsigned,
    Float,
    Char,
    Str,
    Bytes,
    UnitStruct,
    UnitVariant,
    NewtypeStruct,
    NewtypeVariant,
    Seq,
    Tuple,
    TupleVariant,
    Map,
    Struct,
    StructVariant,
}

/// Before each item of a sequence, map or struct; `END` after the last.
const ITEM: u8 = 1;
const END: u8 = 0;

impl Encoder {
    fn tag(&mut self, tag: Tag) {
        self.0.push(tag as u8);
    }

    fn len(&mut self, len: usize) {
        self.0.extend_from_slice(&(len as u64).to_le_bytes());
    }

    fn text(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.0.extend_from_slice(bytes);
    }

    fn variant(&mut self, tag: Tag, index: u32) {
        self.tag(tag);
        self.0.extend_from_slice(&index.to_le_bytes());
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.0.push(ITEM);
        value.serialize(self)
    }

    fn end(&mut self) -> Result<(), Error> {
        self.0.push(END);
        Ok(())
    }
}

/// What fails a value's `Serialize` (a custom error of its own).
#[derive(Debug)]
pub(crate) struct Error;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the value could not be serialized")
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Error
    }
}

impl ser::Serializer for &mut Encoder {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.tag(Tag::Bool);
        self.0.push(u8::from(v));
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.serialize_i128(i128::from(v))
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        match i64::try_from(v) {
            Ok(v) => {
                self.tag(Tag::Int);
                self.0.extend_from_slice(&v.to_le_bytes());
            }
            Err(_) => {
                self.tag(Tag::Wide);
                self.0.extend_from_slice(&v.to_le_bytes());
            }
        }
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.serialize_i128(i128::from(v))
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        // Above `i128::MAX`: its bytes are those of a negative `i128`, so its own tag.
        match i128::try_from(v) {
            Ok(v) => self.serialize_i128(v),
            Err(_) => {
                self.tag(Tag::WideUnsigned);
                self.0.extend_from_slice(&v.to_le_bytes());
                Ok(())
            }
        }
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.tag(Tag::Float);
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.tag(Tag::Char);
        self.0.extend_from_slice(&u32::from(v).to_le_bytes());
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.tag(Tag::Str);
        self.text(v.as_bytes());
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.tag(Tag::Bytes);
        self.text(v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.tag(Tag::None);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.tag(Tag::Some);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.tag(Tag::Unit);
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.tag(Tag::UnitStruct);
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
    ) -> Result<(), Error> {
        self.variant(Tag::UnitVariant, index);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.tag(Tag::NewtypeStruct);
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(Tag::NewtypeVariant, index);
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Error> {
        self.tag(Tag::Seq);
        Ok(self)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, Error> {
        self.tag(Tag::Tuple);
        self.len(len);
        Ok(self)
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Error> {
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Self, Error> {
        self.variant(Tag::TupleVariant, index);
        self.len(len);
        Ok(self)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self, Error> {
        self.tag(Tag::Map);
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        self.tag(Tag::Struct);
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        self.variant(Tag::StructVariant, index);
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Encoder {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        Encoder::end(self)
    }
}

/// A tuple's length is written first: its items need no marks.
impl ser::SerializeTuple for &mut Encoder {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Encoder {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Encoder {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Encoder {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.item(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        Encoder::end(self)
    }
}

/// A struct's fields go with their names: which are there tells values apart when some are
/// left out.
impl ser::SerializeStruct for &mut Encoder {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.0.push(ITEM);
        self.text(name.as_bytes());
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        Encoder::end(self)
    }
}

impl ser::SerializeStructVariant for &mut Encoder {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, name, value)
    }

    fn end(self) -> Result<(), Error> {
        Encoder::end(self)
    }
}

#[cfg(test)]
mod tests;
