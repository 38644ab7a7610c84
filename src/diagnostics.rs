//! Problems found in the user's content: a file, a position, a message and an optional hint.
//! Loading collects them and keeps going, so one run reports every problem; `build` fails once
//! at the end. IO failures and bugs are `anyhow` errors instead.
use std::fmt;
use std::path::Path;

/// How bad a problem is: errors fail the build, warnings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file, with a 1-based line and column (0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root, `/`-separated (`content/ops/03-oncall.md`).
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    /// A suggestion when the fix is obvious (`did you mean "title"?`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(path: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            col: 0,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn warning(
        path: impl Into<String>,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, message)
        }
    }

    pub(crate) fn at_col(mut self, col: usize) -> Self {
        self.col = col;
        self
    }

    pub(crate) fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (self.line, self.col) {
            (0, _) => write!(f, "{}: {sev}: {}", self.path, self.message)?,
            (l, 0) => write!(f, "{}:{l}: {sev}: {}", self.path, self.message)?,
            (l, c) => write!(f, "{}:{l}:{c}: {sev}: {}", self.path, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The problems of one run, in a stable order (by path, then position).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
        });
        self.0.dedup();
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Converts a byte offset in `text` into a 1-based (line, column), counting columns in chars.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Path of `file` relative to the site `root`, for messages.
pub(crate) fn display_path(root: &Path, file: &Path) -> String {
    crate::fs::slash_path(file.strip_prefix(root).unwrap_or(file))
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a typo.
pub(crate) fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbouring letters as one edit (typos like "wieght").
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j - 1] + cost)
                .min(d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Turns a TOML or YAML parse error into a diagnostic. `text` is the parsed text, which starts
/// on line `first_line` of the file; unknown-key errors get a "did you mean" hint.
pub(crate) fn from_parse_error(
    path: &str,
    text: &str,
    first_line: usize,
    message: &str,
    span: Option<usize>,
) -> Diagnostic {
    let (line, col) = span.map_or((0, 0), |at| line_col(text, at));
    let message = message.trim().replace('\n', " ");
    let hint = unknown_key_hint(&message);
    Diagnostic::error(path, line + first_line.saturating_sub(1), message)
        .at_col(col)
        .with_hint(hint)
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" message, the closest expected key.
pub(crate) fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    suggest(key, &names).map(|best| format!("did you mean `{best}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "a\nbc\ndéf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 2));
        assert_eq!(line_col(text, 8), (3, 3));
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(suggest("titel", &["title", "weight"]), Some("title"));
        assert_eq!(suggest("colour", &["title", "weight"]), None);
    }

    #[test]
    fn hints_the_closest_expected_key() {
        let d = from_parse_error(
            "site.toml",
            "x = 1\ntitel = 2\n",
            1,
            "unknown field `titel`, expected one of `title`, `author`",
            Some(6),
        );
        assert_eq!((d.line, d.col), (2, 1));
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn formats_like_a_compiler() {
        let d = Diagnostic::error("content/a.md", 4, "unknown field `wieght`")
            .at_col(1)
            .with_hint(Some("did you mean `weight`?".into()));
        assert_eq!(
            d.to_string(),
            "content/a.md:4:1: error: unknown field `wieght`\n  hint: did you mean `weight`?"
        );
    }
}
