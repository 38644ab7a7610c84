//! The compact text encodings of the index files, decoded by `static/search.js` (keep the two
//! in step). Numbers are variable-length: each character of `DIGITS` carries 5 bits, low bits
//! first; the first 32 characters end a number, the last 32 continue it. Sorted word lists are
//! front-coded: each word is the length (one digit, in UTF-16 code units, as JavaScript counts)
//! of the prefix it shares with the previous word, then the rest; words are separated by spaces.
use super::invert::Posting;

/// 64 characters that need no escaping in a JavaScript or JSON string.
pub(crate) const DIGITS: &[u8; 64] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvWXYZwxyz-_";

/// Appends `n` as a variable-length number.
pub(crate) fn push_number(out: &mut String, n: u32) {
    for_each_digit(n, |d| out.push(d as char));
}

/// The digits of `n` as a variable-length number, in order.
#[inline(always)]
fn for_each_digit(mut n: u32, mut put: impl FnMut(u8)) {
    while n >= 32 {
        put(DIGITS[32 + (n & 31) as usize]);
        n >>= 5;
    }
    put(DIGITS[n as usize]);
}

/// A posting list: for each posting, the page (as the difference from the previous posting's
/// page), the doc within the page, and the value (field × 8 + impact).
pub(crate) fn postings(list: &[Posting]) -> String {
    let mut out = Postings::new(list.len());
    for p in list {
        out.push(p);
    }
    out.into()
}

/// A posting list being encoded (`postings`), one posting at a time.
pub(crate) struct Postings {
    out: Vec<u8>,
    page: u32,
}

impl Postings {
    /// Room for about `n` postings.
    pub(crate) fn new(n: usize) -> Postings {
        Postings {
            out: Vec::with_capacity(n * 4),
            page: 0,
        }
    }

    /// Appends `p`. Most postings are three numbers of one digit each (the doc and value
    /// always nearly so, the page's difference in a common word's list), written at once: a
    /// posting list's millions of digits pushed one by one were a tenth of a warm build's
    /// search index.
    #[inline(always)]
    pub(crate) fn push(&mut self, p: &Posting) {
        let (page, doc, value) = (p.page.wrapping_sub(self.page), u32::from(p.doc), p.value());
        self.page = p.page;
        if (page | doc | value) < 32 {
            let digit = |n: u32| DIGITS[n as usize & 31];
            self.out
                .extend_from_slice(&[digit(page), digit(doc), digit(value)]);
        } else {
            for n in [page, doc, value] {
                for_each_digit(n, |d| self.out.push(d));
            }
        }
    }
}

impl From<Postings> for String {
    fn from(p: Postings) -> String {
        // Only `DIGITS` were pushed: always ASCII.
        String::from_utf8(p.out).unwrap_or_default()
    }
}

/// Appends a word's positions in one doc, each given as `position << 5 | next word's hash`
/// (ascending, at least one): for each, the difference from the previous position (the
/// first: itself) as a number, then one digit that is not a number: the hash, plus 32 on the
/// doc's last position.
pub(crate) fn push_positions(out: &mut String, positions: impl IntoIterator<Item = u32>) {
    let mut previous = 0;
    let mut pending: Option<u32> = None;
    for p in positions {
        if let Some(hash) = pending {
            out.push(DIGITS[hash as usize] as char);
        }
        push_number(out, (p >> 5) - previous);
        pending = Some(p & 31);
        previous = p >> 5;
    }
    if let Some(hash) = pending {
        out.push(DIGITS[32 + hash as usize] as char);
    }
}

/// Front-codes sorted, space-free words.
pub(crate) fn front_coded<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut prev = "";
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut shared = 0; // UTF-16 units
        let mut shared_bytes = 0;
        for (a, b) in prev.chars().zip(w.chars()) {
            if a != b || shared + a.len_utf16() > 31 {
                break;
            }
            shared += a.len_utf16();
            shared_bytes += a.len_utf8();
        }
        out.push(DIGITS[shared] as char);
        out.push_str(&w[shared_bytes..]);
        prev = w;
    }
    out
}

/// What every index file starts with. The files are scripts, because a site opened from disk
/// (`file://`) can load scripts but not `fetch`; a script, though, can be included by a page
/// of any origin, which would read the site's text. So the script hands its data over only
/// when the page that runs it was itself opened from disk (`location` cannot be faked by a
/// page), and over HTTP `search.js` reads the same file with a same-origin `fetch` and
/// parses the arguments as JSON (keep `GUARD` in `search.js` in step).
pub(crate) const GUARD: &str = "location.protocol===\"file:\"&&playbookSearch.";

/// `<GUARD><method>(<args>);` — one index file; `args`, joined, are a list of JSON values.
/// Made in one allocation: some files carry tens of KB of postings or positions.
pub(crate) fn script(method: &str, args: &[&str]) -> String {
    let len = GUARD.len() + method.len() + args.iter().map(|a| a.len()).sum::<usize>() + 4;
    let mut out = String::with_capacity(len);
    for part in [GUARD, method, "("].into_iter().chain(args.iter().copied()) {
        out.push_str(part);
    }
    out.push_str(");\n");
    out
}

/// Numbers as `push_number` wrote them (for tests of the files that hold them).
#[cfg(test)]
pub(crate) fn decode_numbers(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut n, mut shift) = (0u32, 0);
    for c in s.bytes() {
        let d = DIGITS.iter().position(|&x| x == c).expect("digit") as u32;
        if d >= 32 {
            n += (d - 32) << shift;
            shift += 5;
        } else {
            out.push(n + (d << shift));
            (n, shift) = (0, 0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::invert::Field;

    #[test]
    fn digits_are_unique_and_safe_in_strings() {
        let mut sorted = DIGITS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 64);
        assert!(
            DIGITS
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
        );
    }

    #[test]
    fn numbers_round_trip() {
        let values = [0, 1, 31, 32, 1023, 1024, 99_999, u32::MAX >> 1];
        let mut s = String::new();
        for v in values {
            push_number(&mut s, v);
        }
        assert_eq!(decode_numbers(&s), values);
        assert_eq!(s.len(), 1 + 1 + 1 + 2 + 2 + 3 + 4 + 7);
    }

    #[test]
    fn postings_are_delta_coded_by_page() {
        let p = |page, doc, field, impact| Posting {
            page,
            doc,
            field,
            impact,
        };
        let list = [
            p(3, 0, Field::Title, 0),
            p(3, 2, Field::Body, 5),
            p(40, 1, Field::Heading, 7),
        ];
        assert_eq!(
            decode_numbers(&postings(&list)),
            [3, 0, 16, 0, 2, 5, 37, 1, 15]
        );
    }

    #[test]
    fn positions_are_a_count_then_differences() {
        let mut s = String::new();
        push_positions(&mut s, [3 << 5 | 7, 4 << 5 | 31, 40 << 5]);
        push_positions(&mut s, [9]);
        // 3, hash 7; 1, hash 31; 36 (two digits), hash 0 and last; 0, hash 9 and last.
        assert_eq!(s, concat!("37", "1V", "e1a", "0j"));
    }

    #[test]
    fn front_codes_shared_prefixes() {
        assert_eq!(
            front_coded(["lead", "leader", "leadership", "learn", "team"]),
            "0lead 4er 6ship 3rn 0team"
        );
        // Prefix lengths count UTF-16 units, as JavaScript's `slice` does.
        assert_eq!(front_coded(["é𝒜a", "é𝒜b"]), "0é𝒜a 3b");
    }

    proptest::proptest! {
        #[test]
        fn postings_of_any_size_decode_to_their_numbers(
            list in proptest::collection::vec((0u32..5000, 0u16..4096, 0u8..3, 0u8..8), 0..40),
        ) {
            let mut page = 0;
            let list: Vec<Posting> = (list.iter())
                .map(|&(gap, doc, field, impact)| {
                    page += gap;
                    Posting {
                        page,
                        doc,
                        field: Field::from_byte(field).unwrap(),
                        impact,
                    }
                })
                .collect();
            let mut want = Vec::new();
            let mut previous = 0;
            for p in &list {
                want.extend([p.page - previous, u32::from(p.doc), p.value()]);
                previous = p.page;
            }
            proptest::prop_assert_eq!(decode_numbers(&postings(&list)), want);
        }
    }
}
