//! Words from text, exactly as `static/search.js` reads a query (keep the two in step):
//! a word is a run of letters, digits and combining marks, apostrophes inside it allowed; it is
//! folded (lower case, NFKD, marks dropped: "Décision" → "decision"), a trailing possessive
//! `'s` is cut and other apostrophes dropped ("don't" → "dont"). Stop words are kept here and
//! dropped by the caller; stems come from Snowball's English (Porter2) stemmer in rust-stemmers.
use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longer words (URLs, hashes) are not indexed.
pub(crate) const MAX_WORD_CHARS: usize = 32;

/// English stop words, not indexed and dropped from queries: NLTK's English list (from the
/// Snowball project's) plus the apostrophe-less forms this tokenizer produces ("dont").
/// Sorted, so the manifest is stable; shipped to the browser in the index manifest.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "arent",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cant",
    "could",
    "couldnt",
    "did",
    "didnt",
    "do",
    "does",
    "doesnt",
    "doing",
    "dont",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "hadnt",
    "has",
    "hasnt",
    "have",
    "havent",
    "having",
    "he",
    "hed",
    "her",
    "here",
    "hers",
    "herself",
    "hes",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "id",
    "if",
    "im",
    "in",
    "into",
    "is",
    "isnt",
    "it",
    "its",
    "itself",
    "ive",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "shes",
    "should",
    "shouldnt",
    "so",
    "some",
    "such",
    "than",
    "that",
    "thats",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "theyre",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "wasnt",
    "we",
    "were",
    "werent",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "wont",
    "would",
    "wouldnt",
    "you",
    "youd",
    "youll",
    "your",
    "youre",
    "yours",
    "yourself",
    "yourselves",
    "youve",
];

/// Asked once per new word of every chunk of pages, hence a hash set rather than a search
/// of the sorted list.
pub(crate) fn is_stop_word(word: &str) -> bool {
    static SET: LazyLock<std::collections::HashSet<&str, foldhash::fast::RandomState>> =
        LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    word.len() <= 10 && SET.contains(word)
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphabetic() || c.is_numeric() || is_combining_mark(c)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Calls `f` with every folded word of `text`, in order, stop words included.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut raw = String::new();
    let mut folded = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a word of ASCII letters and digits, ended by ASCII that is neither a word
        // character nor an apostrophe (which may join two words), is sliced out as it is.
        if bytes[i].is_ascii_alphanumeric() {
            let (mut end, mut upper) = (i, false);
            while let Some(b) = bytes.get(end).filter(|b| b.is_ascii_alphanumeric()) {
                upper |= b.is_ascii_uppercase();
                end += 1;
            }
            if bytes.get(end).is_none_or(|b| b.is_ascii() && *b != b'\'') {
                // What `fold_into` does to such a word: lower case, or nothing when too long.
                let word = &text[i..end];
                if word.len() <= MAX_WORD_CHARS {
                    if upper {
                        folded.clear();
                        folded.push_str(word);
                        folded.make_ascii_lowercase();
                        f(&folded);
                    } else {
                        f(word);
                    }
                }
                i = end;
                continue;
            }
        } else if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        // Otherwise the general path, up to the end of this word.
        i = general_word(text, i, &mut raw, &mut folded, &mut f);
    }
}

/// Reads the word (if any) that starts at byte `start` character by character, calls `f` with
/// it folded, and returns where reading stopped.
fn general_word(
    text: &str,
    start: usize,
    raw: &mut String,
    folded: &mut String,
    f: &mut impl FnMut(&str),
) -> usize {
    raw.clear();
    let mut chars = text[start..].char_indices().peekable();
    let mut end = text.len();
    while let Some((at, c)) = chars.next() {
        if is_word_char(c) {
            raw.push(c);
            continue;
        }
        if is_apostrophe(c)
            && !raw.is_empty()
            && chars.peek().is_some_and(|&(_, n)| is_word_char(n))
        {
            raw.push('\'');
            continue;
        }
        // A separator: the word (if any) ends here, and reading goes on after it.
        end = start + at + c.len_utf8();
        break;
    }
    if !raw.is_empty() {
        fold_into(raw, folded);
        if !folded.is_empty() {
            f(folded);
        }
    }
    end
}

/// Every folded word of `text`, stop words included.
#[cfg(test)]
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_string()));
    out
}

/// Folds one raw word (letters, digits, marks and inner apostrophes) into `out`; leaves `out`
/// empty when nothing indexable remains or the word is too long.
fn fold_into(raw: &str, out: &mut String) {
    out.clear();
    if raw.is_ascii() {
        if raw.len() <= MAX_WORD_CHARS && !raw.contains('\'') {
            // The common case: nothing to drop.
            out.push_str(raw);
            out.make_ascii_lowercase();
            return;
        }
        out.push_str(raw);
        out.make_ascii_lowercase();
    } else {
        out.extend(raw.to_lowercase().nfkd().filter(|c| !is_combining_mark(*c)));
    }
    if out.ends_with("'s") {
        out.truncate(out.len() - 2);
    }
    out.retain(|c| c.is_alphabetic() || c.is_numeric());
    if out.chars().count() > MAX_WORD_CHARS {
        out.clear();
    }
}

/// Folds a single word the way `for_each_word` does (for tests and callers holding one word).
#[cfg(test)]
pub(crate) fn fold(raw: &str) -> String {
    let mut out = String::new();
    fold_into(raw, &mut out);
    out
}

/// A 5-bit hash of a folded word, stored with each position for the word after it, so that a
/// phrase's stop words ("on" in "one on one") are checked too. `search.js` computes the same.
pub(crate) fn token_hash(word: &str) -> u8 {
    let mut h: u32 = 0;
    for unit in word.encode_utf16() {
        h = h.wrapping_mul(31).wrapping_add(u32::from(unit));
    }
    h ^= h >> 16;
    h = h.wrapping_mul(0x045d_9f3b);
    h ^= h >> 16;
    (h & 31) as u8
}

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// The English stem of a folded word. Only words of ASCII letters are stemmed (the stemmer is
/// for English); anything else is its own stem. `search.js` applies the same rule.
pub(crate) fn stem(word: &str) -> Cow<'_, str> {
    if word.len() >= 3 && word.bytes().all(|b| b.is_ascii_lowercase()) {
        STEMMER.stem(word)
    } else {
        Cow::Borrowed(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition `for_each_word` implements faster: character by character.
    fn reference_words(text: &str) -> Vec<String> {
        let (mut out, mut raw, mut folded) = (Vec::new(), String::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut flush = |raw: &mut String, out: &mut Vec<String>| {
            fold_into(raw, &mut folded);
            if !folded.is_empty() {
                out.push(folded.clone());
            }
            raw.clear();
        };
        while let Some(c) = chars.next() {
            if is_word_char(c) {
                raw.push(c);
            } else if is_apostrophe(c)
                && !raw.is_empty()
                && chars.peek().is_some_and(|&n| is_word_char(n))
            {
                raw.push('\'');
            } else if !raw.is_empty() {
                flush(&mut raw, &mut out);
            }
        }
        if !raw.is_empty() {
            flush(&mut raw, &mut out);
        }
        out
    }

    proptest! {
        #[test]
        fn fast_path_reads_the_same_words(text in "([a-zA-Z0-9 .,'’é—ü\\-]|\u{301}|Ǆ|\n){0,60}") {
            prop_assert_eq!(words(&text), reference_words(&text));
        }
    }

    #[test]
    fn stop_words_are_sorted_and_unique() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        assert!(is_stop_word("the") && is_stop_word("dont") && !is_stop_word("team"));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 10 && is_stop_word(w)));
    }

    #[test]
    fn splits_on_punctuation_and_lowercases() {
        assert_eq!(
            words("Skip-level 1:1s, every WEEK."),
            ["skip", "level", "1", "1s", "every", "week"]
        );
    }

    #[test]
    fn folds_accents_and_compatibility_forms() {
        assert_eq!(fold("Décision"), "decision");
        assert_eq!(fold("NAÏVE"), "naive");
        assert_eq!(fold("ﬁnance"), "finance");
        // A decomposed accent (e + U+0301) folds like the composed one.
        assert_eq!(words("cafe\u{301} café"), ["cafe", "cafe"]);
    }

    #[test]
    fn drops_apostrophes_and_possessives() {
        assert_eq!(
            words("don't the director's team’s it's"),
            ["dont", "the", "director", "team", "it"]
        );
        // An apostrophe that is not between letters splits words.
        assert_eq!(words("'quoted' rock'n'roll"), ["quoted", "rocknroll"]);
    }

    #[test]
    fn keeps_other_scripts_and_skips_overlong_words() {
        assert_eq!(words("Ωμέγα 東京"), ["ωμεγα", "東京"]);
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("short {long} end")), ["short", "end"]);
    }

    #[test]
    fn token_hashes_are_those_of_search_js() {
        // The values `tokenHash` in search.js gives (computed there); the two must agree.
        let words = ["on", "to", "by", "of", "the", "a", "in", "one", "é", "東京"];
        assert_eq!(words.map(token_hash), [6, 9, 10, 27, 12, 2, 25, 29, 6, 28]);
    }

    #[test]
    fn stems_english_words_only() {
        assert_eq!(stem("negotiating"), "negoti");
        assert_eq!(stem("negotiation"), "negoti");
        assert_eq!(stem("leaders"), "leader");
        assert_eq!(stem("running"), "run");
        assert_eq!(stem("happiness"), stem("happy"));
        assert_eq!(stem("90s"), "90s");
        assert_eq!(stem("ωμεγα"), "ωμεγα");
        assert_eq!(stem("go"), "go");
    }
}
