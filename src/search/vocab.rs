//! The vocabulary files, for typo tolerance: every indexed word in order with a rough count of
//! its docs, split into files of about `VOCAB_BYTES` (`search/v/<n>.js`). A query word the index
//! does not hold loads the few files around where it would be and looks there for words one or
//! two edits away; they are a tenth of the term shards' size, having no postings.
use super::Files;
use super::encode::{DIGITS, front_coded, script};
use super::invert::Term;
use anyhow::Result;

/// Target size of one vocabulary file, in bytes.
const VOCAB_BYTES: usize = 8 * 1024;

/// Writes the vocabulary files; returns the first word of each.
pub(super) fn write(terms: &[Term], files: &Files<'_>) -> Result<Vec<String>> {
    let mut firsts = Vec::new();
    let mut start = 0;
    while start < terms.len() {
        let (mut end, mut bytes) = (start, 0);
        while end < terms.len() && (bytes < VOCAB_BYTES || end == start) {
            bytes += terms[end].word.len() + 2;
            end += 1;
        }
        let part = &terms[start..end];
        let words = front_coded(part.iter().map(|t| t.word.as_str()));
        let counts: String = part
            .iter()
            .map(|t| DIGITS[frequency(t.postings.len())] as char)
            .collect();
        let n = firsts.len();
        let args = serde_json::to_string(&(n, words, counts)).unwrap_or_default();
        files.put(
            format!("search/v/{n}.js"),
            script("v", &[&args[1..args.len() - 1]]),
        )?;
        firsts.push(part[0].word.clone());
        start = end;
    }
    Ok(firsts)
}

/// How many docs a word is in, as its bit length (1 for one doc, 2 for two or three, …,
/// at most 31): one digit that ends a number, enough to prefer the common spelling.
fn frequency(docs: usize) -> usize {
    (usize::BITS - docs.leading_zeros()).min(31) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::collected;

    fn term(word: &str, docs: usize) -> Term {
        Term {
            word: word.into(),
            stem: word.into(),
            postings: vec![
                crate::search::invert::Posting {
                    page: 0,
                    doc: 0,
                    field: crate::search::invert::Field::Body,
                    impact: 1,
                };
                docs
            ],
            positions: String::new(),
        }
    }

    #[test]
    fn splits_the_words_in_order_with_their_frequency() {
        let terms: Vec<Term> = (0..3000)
            .map(|i| term(&format!("word{i:05}"), i % 5 + 1))
            .collect();
        let (firsts, files) = collected(|f| write(&terms, f));
        assert!(files.len() > 1 && files.len() == firsts.len());
        assert_eq!(firsts[0], "word00000");
        let text = files[1].body.bytes().unwrap().into_owned();
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.starts_with(&format!(
                "{}v(1,\"0{}",
                crate::search::encode::GUARD,
                firsts[1]
            )),
            "{text}"
        );
        assert!(
            files
                .iter()
                .all(|f| f.body.bytes().unwrap().len() < VOCAB_BYTES * 2)
        );
        assert_eq!(
            [1, 2, 3, 4, 1000, usize::MAX].map(frequency),
            [1, 2, 2, 3, 10, 31]
        );
    }

    #[test]
    fn an_empty_site_has_no_vocabulary_file() {
        let (firsts, files) = collected(|f| write(&[], f));
        assert!(firsts.is_empty() && files.is_empty());
    }
}
