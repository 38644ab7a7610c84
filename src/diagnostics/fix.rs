//! Fixes: the edit a hint describes, when it is mechanical, for an editor (or a test) to
//! apply. Positions are lines and character columns, as in every diagnostic.
use super::line_col;

/// A place in a file: 1-based line and column, the column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// A mechanical fix: replace `range` (end exclusive) of the file at `path` with `text`. An
/// empty range inserts, an empty `text` deletes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    /// Relative to the site root, like a diagnostic's path.
    pub path: String,
    pub range: FixRange,
    pub text: String,
}

/// Where a fix applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct FixRange {
    pub start: Pos,
    pub end: Pos,
}

impl Fix {
    /// Replaces the byte range `bytes` of `text`, a part of the file that begins at the start
    /// of line `first_line`.
    pub(crate) fn in_text(
        path: &str,
        text: &str,
        first_line: usize,
        bytes: std::ops::Range<usize>,
        new: impl Into<String>,
    ) -> Fix {
        let at = |offset| {
            let (line, col) = line_col(text, offset);
            Pos {
                line: line + first_line - 1,
                col,
            }
        };
        Fix {
            path: path.to_string(),
            range: FixRange {
                start: at(bytes.start),
                end: at(bytes.end),
            },
            text: new.into(),
        }
    }

    /// `text` (the whole file) with the fix applied; `None` when its range is not in `text`.
    pub(crate) fn apply(&self, text: &str) -> Option<String> {
        let offset = |p: Pos| {
            let start = if p.line == 1 {
                0
            } else {
                text.match_indices('\n').nth(p.line - 2)?.0 + 1
            };
            let line = &text[start..];
            let line = &line[..line.find('\n').unwrap_or(line.len())];
            match line.char_indices().nth(p.col.checked_sub(1)?) {
                Some((i, _)) => Some(start + i),
                None if p.col == line.chars().count() + 1 => Some(start + line.len()),
                None => None,
            }
        };
        let (start, end) = (offset(self.range.start)?, offset(self.range.end)?);
        (start <= end).then(|| format!("{}{}{}", &text[..start], self.text, &text[end..]))
    }

    /// Replaces the characters `cols` (1-based, end exclusive) of one line.
    pub(crate) fn on_line(
        path: &str,
        line: usize,
        cols: std::ops::Range<usize>,
        new: impl Into<String>,
    ) -> Fix {
        Fix {
            path: path.to_string(),
            range: FixRange {
                start: Pos {
                    line,
                    col: cols.start,
                },
                end: Pos {
                    line,
                    col: cols.end,
                },
            },
            text: new.into(),
        }
    }
}
