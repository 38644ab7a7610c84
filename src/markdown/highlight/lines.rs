//! Highlighted lines kept and replayed: a line highlights the same way whenever the parser
//! and the scope stack are in the same state before it, and code blocks repeat lines (closing
//! braces, shebangs, `set -euo pipefail`, the same imports and calls). Parsing a line with
//! syntect is most of a build's instructions; comparing two states is a few. Each thread
//! keeps its own lines (no locking), up to `MAX_LINES`, then starts over. The states compared
//! are whole, so a replayed line is exactly what parsing it again would give.
use super::Classes;
use std::cell::RefCell;
use std::collections::HashMap;
use syntect::parsing::{ParseState, ScopeStack};

/// Distinct lines a thread keeps (a few MB).
const MAX_LINES: usize = 20_000;
/// States kept per line: a line seen in more (a `}` at every depth) is parsed again.
const MAX_STATES: usize = 8;

/// One way a line was highlighted.
struct Seen {
    /// The parser and the scopes before the line.
    parser: ParseState,
    scopes: ScopeStack,
    /// The same after it.
    parser_after: ParseState,
    classes_after: Classes,
    html: Box<str>,
}

thread_local! {
    static LINES: RefCell<HashMap<Box<str>, Vec<Seen>>> = RefCell::new(HashMap::new());
}

/// Appends `line`'s HTML to `out` and moves `parser` and `classes` past it, if the line was
/// highlighted before from the same state; false (nothing changed) otherwise.
pub(super) fn replay(
    line: &str,
    parser: &mut ParseState,
    classes: &mut Classes,
    out: &mut String,
) -> bool {
    LINES.with_borrow(|lines| {
        let Some(seen) = lines.get(line).and_then(|all| {
            all.iter()
                .find(|s| s.parser == *parser && s.scopes == classes.scopes)
        }) else {
            return false;
        };
        out.push_str(&seen.html);
        parser.clone_from(&seen.parser_after);
        classes.clone_from(&seen.classes_after);
        true
    })
}

/// The state before a line, to `keep` with the line once highlighted.
pub(super) struct Before {
    parser: ParseState,
    scopes: ScopeStack,
}

impl Before {
    pub(super) fn new(parser: &ParseState, classes: &Classes) -> Before {
        Before {
            parser: parser.clone(),
            scopes: classes.scopes.clone(),
        }
    }

    /// Keeps `line`, highlighted from this state as `html`, leaving `parser` and `classes`.
    pub(super) fn keep(self, line: &str, html: &str, parser: &ParseState, classes: &Classes) {
        LINES.with_borrow_mut(|lines| {
            if lines.len() >= MAX_LINES {
                lines.clear();
            }
            let seen = lines.entry(line.into()).or_default();
            if seen.len() >= MAX_STATES {
                return;
            }
            seen.push(Seen {
                parser: self.parser,
                scopes: self.scopes,
                parser_after: parser.clone(),
                classes_after: classes.clone(),
                html: html.into(),
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::code_block;

    /// Blocks whose lines recur in other states: inside a comment, a string, a nested block.
    const BLOCKS: &[(&str, &str)] = &[
        ("rust", "fn a() {\n    let x = 1;\n}\n"),
        ("rust", "/*\n}\n    let x = 1;\n*/\nfn b() {\n}\n"),
        ("rust", "let s = \"\n}\n    let x = 1;\n\";\n}\n"),
        (
            "python",
            "def f():\n    \"\"\"\n}\n    \"\"\"\n    return 1\n",
        ),
        ("python", "x = 1\n}\n"),
        (
            "bash",
            "#!/usr/bin/env bash\nset -euo pipefail\necho \"}\"\n",
        ),
        (
            "bash",
            "cat <<EOF\nset -euo pipefail\nEOF\nset -euo pipefail\n",
        ),
        (
            "html",
            "<script>\nlet x = 1;\n</script>\n<p>let x = 1;</p>\n",
        ),
    ];

    fn highlight_all(order: impl Iterator<Item = usize>) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = order
            .map(|i| (i, code_block(BLOCKS[i].1, BLOCKS[i].0)))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn replayed_lines_are_what_parsing_them_gives() {
        // Each block alone on a fresh thread (nothing to replay), against all of them in two
        // orders on one thread (most lines replayed, some from other blocks).
        let cold: Vec<(usize, String)> = (0..BLOCKS.len())
            .map(|i| {
                std::thread::spawn(move || (i, code_block(BLOCKS[i].1, BLOCKS[i].0)))
                    .join()
                    .unwrap()
            })
            .collect();
        let warm = std::thread::spawn(|| {
            highlight_all(0..BLOCKS.len());
            highlight_all((0..BLOCKS.len()).rev())
        })
        .join()
        .unwrap();
        assert_eq!(warm, cold);
        // The same line, code in one block and a comment in the next.
        assert!(
            cold[0]
                .1
                .contains("<span class=\"hl-storage-type\">let</span>"),
            "{}",
            cold[0].1
        );
        assert!(
            cold[1]
                .1
                .contains("<span class=\"hl-comment\">    let x = 1;\n</span>"),
            "{}",
            cold[1].1
        );
    }
}
