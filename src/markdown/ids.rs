//! Heading ids as GitHub makes them, so that `page.md#some-heading` links written for GitHub
//! work here unchanged: lowercase; punctuation, symbols and emoji dropped (except `-` and
//! `_`); every space becomes a `-`, with no collapsing; letters and digits of any script
//! kept. Uniqueness (`x`, `x-1`, `x-2`…) is `UniqueIds`' job; this module only spells.
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// The id GitHub gives a heading whose text (as a reader sees it) is `text`.
pub(crate) fn github_id(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|&c| kept(c))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Whether GitHub keeps `c` in an id: letters, marks, decimal and letter numbers, connector
/// punctuation (`_`), `-` and the space; anything alphabetic even when its category says
/// symbol (circled letters).
fn kept(c: char) -> bool {
    use GeneralCategory as G;
    if c == '-' || c == ' ' || c.is_alphabetic() {
        return true;
    }
    matches!(
        c.general_category(),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::NonspacingMark
            | G::SpacingMark
            | G::EnclosingMark
            | G::DecimalNumber
            | G::LetterNumber
            | G::ConnectorPunctuation
    )
}

#[cfg(test)]
mod tests {
    use super::github_id;
    use crate::content::chapter::UniqueIds;

    /// Heading text → id, as GitHub renders them (cases from GitHub's own pages and the
    /// fixtures of github-slugger, which mirrors GitHub).
    #[test]
    fn ids_match_github() {
        let table = [
            ("A & B", "a--b"),
            ("k8s.sgdev.org", "k8ssgdevorg"),
            ("heading with a - dash", "heading-with-a---dash"),
            (
                "heading with an _ underscore",
                "heading-with-an-_-underscore",
            ),
            ("heading with a period.txt", "heading-with-a-periodtxt"),
            (
                "exchange.bind_headers(exchange, routing [, bindCallback])",
                "exchangebind_headersexchange-routing--bindcallback",
            ),
            ("What's new? (2024)", "whats-new-2024"),
            (
                "apostrophe’s should be trimmed",
                "apostrophes-should-be-trimmed",
            ),
            ("bravoCharlieDelta", "bravocharliedelta"),
            ("I ♥ unicode", "i--unicode"),
            ("en–dash", "endash"),
            ("😄 unicode emoji", "-unicode-emoji"),
            ("😄-😄 unicode emoji", "--unicode-emoji"),
            (":smile: - a gemoji", "smile---a-gemoji"),
            (":ok_hand: Single", "ok_hand-single"),
            ("Привет non-latin 你好", "привет-non-latin-你好"),
            ("Équipe & rôles", "équipe--rôles"),
            ("हिन्दी शीर्षक", "हिन्दी-शीर्षक"),
            ("C++ / C# 2.0", "c--c-20"),
            ("Price: $5 ½ off", "price-5--off"),
            (" a ", "-a-"),
        ];
        for (text, id) in table {
            assert_eq!(github_id(text), id, "{text:?}");
        }
    }

    /// Duplicates count up from 1 per spelling, skipping ids already taken, as on GitHub.
    #[test]
    fn duplicates_are_numbered_like_github() {
        let mut ids = UniqueIds::default();
        let got: Vec<String> = [
            "echo",
            "echo",
            "echo 1",
            "echo-1",
            "echo",
            "foxtrot-1",
            "foxtrot",
            "foxtrot",
        ]
        .iter()
        .map(|t| ids.claim(&github_id(t), 1))
        .collect();
        assert_eq!(
            got,
            [
                "echo",
                "echo-1",
                "echo-1-1",
                "echo-1-2",
                "echo-2",
                "foxtrot-1",
                "foxtrot",
                "foxtrot-2"
            ]
        );
    }
}
