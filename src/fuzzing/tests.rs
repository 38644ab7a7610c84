//! Property tests over generated input (proptest), and every input fuzzing ever found, kept as
//! regression tests. `PROPTEST_CASES=200000 cargo test --release --lib fuzzing` runs a long
//! session by hand; the normal test run uses proptest's default (256 cases per property).
use super::*;
use proptest::prelude::*;

/// Pieces that matter to the parsers; joined at random they reach the odd corners faster
/// than random bytes do.
const PIECES: &[&str] = &[
    "+++",
    "---",
    "...",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "    ",
    "\u{feff}",
    "é",
    "😀",
    "\u{0}",
    "x",
    "word",
    "=",
    ":",
    ",",
    "\"",
    "'",
    "\\",
    "title = \"T\"",
    "title: T",
    "weight = 3",
    "weight: -1",
    "draft = true",
    "tags = [\"a\"]",
    "tags:\n  - a",
    "slug = \"s\"",
    "titel = 1",
    "[[sections]]",
    "[[sections.items]]",
    "[sections]",
    "text = \"Do it\"",
    "text = \"\"",
    "id = \"a\"",
    "id = \"A b\"",
    "detail = \"why\"",
    "description = \"d\"",
    "\"\"\"",
    "'''",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "#",
    "# ",
    "## ",
    "### H {#h}",
    "{#id}",
    "> ",
    ">",
    "> [!NOTE]",
    "- ",
    "* ",
    "1. ",
    "- [ ] ",
    "```",
    "```rust",
    "~~~",
    "`",
    "*",
    "_",
    "**",
    "![",
    "](",
    "b.md",
    "b.md#x",
    "wip.md",
    "img.png",
    "nope.md",
    "../",
    "#x",
    "#",
    "https://e.org/a",
    "mailto:a@b",
    "<https://e.org>",
    "<!-- checklist: c -->",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "<a id=\"x\">",
    "|",
    "| a | b |",
    "|---|---|",
    "[^1]",
    "[^1]: note",
    "&amp;",
    "&#0;",
];

fn pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ];
    proptest::collection::vec(piece, 0..48).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn front_matter_never_panics(text in pieces()) {
        front_matter(&text);
    }

    #[test]
    fn front_matter_with_a_fence_never_panics(head in pieces(), body in pieces(), yaml in any::<bool>()) {
        let fence = if yaml { "---" } else { "+++" };
        front_matter(&format!("{fence}\n{head}\n{fence}\n{body}"));
    }

    #[test]
    fn checklist_never_panics(text in pieces()) {
        checklist(&text);
    }

    #[test]
    fn checklist_with_valid_skeleton_never_panics(a in pieces(), b in pieces()) {
        checklist(&format!("title = \"T\"\n[[sections]]\ntitle = \"{a}\"\n[[sections.items]]\ntext = \"{b}\"\n[[sections.items]]\ntext = \"{b}\"\n"));
    }

    #[test]
    fn markdown_never_panics(text in pieces()) {
        markdown(&text);
    }
}

/// Inputs the fuzzers found that once failed; each must now pass.
#[test]
fn regressions() {
    for text in REGRESSIONS {
        front_matter(text);
        checklist(text);
        markdown(text);
    }
}

const REGRESSIONS: &[&str] = &[
    // The TOML parser reports a lone carriage return in a comment with an empty message.
    "#x\r",
    "+++\n#x\r+++\n+++\n",
];
