//! Problems found in the user's content: a file, a position, a message and an optional hint.
//! Loading collects them and keeps going, so one run reports every problem; `build` fails once
//! at the end. IO failures and bugs are `anyhow` errors instead.
mod fix;

pub use fix::{Fix, FixRange, Pos};
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
    /// What kind of problem, when one setting governs it: `"broken-link"` (a link to nothing,
    /// whose severity `[check] broken_links` chooses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// The edit that makes the hint's change, when it is mechanical (an editor can apply it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Box<Fix>>,
    /// For a problem that follows from another file's errors (a dependent error): that
    /// file. Reported after the root causes and counted apart from them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caused_by: Option<Box<str>>,
}

/// What kind of problem a diagnostic is, when one setting governs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Code {
    /// A link to nothing, whose severity `[check] broken_links` chooses.
    #[serde(rename = "broken-link")]
    BrokenLink,
}

impl Diagnostic {
    pub(crate) fn error(path: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            col: 0,
            severity: Severity::Error,
            message: escape_controls(message.into()),
            hint: None,
            code: None,
            fix: None,
            caused_by: None,
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
        self.hint = hint.map(escape_controls);
        self
    }

    pub(crate) fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix.map(Box::new);
        self
    }

    /// Marks a problem that follows from the errors of the file at `path`: its message says
    /// so, and it is counted apart from the root causes.
    pub(crate) fn because(mut self, path: &str) -> Self {
        self.message = format!(
            "{}, because `{}` has errors (see above)",
            self.message,
            escape_controls(path.to_string())
        );
        self.caused_by = Some(path.into());
        self
    }

    /// Marks a link to nothing: an error, or a warning under `broken_links = "warn"`.
    pub(crate) fn broken_link(mut self) -> Self {
        self.code = Some(Code::BrokenLink);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A path as a person reads it (`--> path`, `path:line:`): with its control characters
/// escaped as in messages (`escape_controls`). The JSON report keeps the path exact.
pub(crate) fn printable(path: &str) -> String {
    escape_controls(path.to_string())
}

/// `text` with every control character (and every bidirectional override, which can make
/// a line read other than it is) written as an escape: `\u{1b}`, `\t`. Messages quote
/// what files hold, and a terminal must print them, not obey them.
pub(crate) fn escape_controls(text: String) -> String {
    let bad =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.contains(bad) {
        return text;
    }
    text.chars()
        .map(|c| {
            if bad(c) {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (self.line, self.col) {
            (0, _) => write!(f, "{}: {sev}: {}", printable(&self.path), self.message)?,
            (l, 0) => write!(f, "{}:{l}: {sev}: {}", printable(&self.path), self.message)?,
            (l, c) => write!(
                f,
                "{}:{l}:{c}: {sev}: {}",
                printable(&self.path),
                self.message
            )?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Longer source lines are not shown, only their position.
const MAX_SHOWN_LINE: usize = 16 * 1024;

/// A diagnostic as a compiler prints it: the message, `--> path:line:col`, the offending line
/// of `source` (the whole text of the file, when it could be read) with a marker under the
/// problem, and the hint. `color` adds ANSI colours; use it only for a terminal.
pub fn render_rich(d: &Diagnostic, source: Option<&str>, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let line_text = source
        .filter(|_| d.line > 0)
        .and_then(|s| s.split('\n').nth(d.line - 1))
        .map(|l| l.strip_suffix('\r').unwrap_or(l));
    // Laying out a line costs its length; a 20 MB one-line file must not make every message slow.
    let line_text = line_text.filter(|l| l.len() <= MAX_SHOWN_LINE);
    let mut group = Group::with_title(level.primary_title(d.message.as_str()));
    group = match line_text {
        Some(text) => group.element(
            Snippet::source(text)
                .line_start(d.line)
                .path(d.path.as_str())
                .annotation(AnnotationKind::Primary.span(marker(text, d.col))),
        ),
        None => {
            let mut origin = Origin::path(d.path.as_str());
            if d.line > 0 {
                origin = origin.line(d.line);
                if d.col > 0 {
                    origin = origin.char_column(d.col);
                }
            }
            group.element(origin)
        }
    };
    if let Some(hint) = &d.hint {
        group = group.element(Level::HELP.with_name(Some("hint")).message(hint.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// The byte range of `line` to mark for a problem at 1-based char column `col` (0: unknown,
/// mark the whole line): a Markdown link or image from its `[` to its `)`, otherwise the word.
fn marker(line: &str, col: usize) -> std::ops::Range<usize> {
    let trimmed = line.trim_end();
    if col == 0 {
        let start = trimmed.len() - trimmed.trim_start().len();
        return start..trimmed.len().max(start);
    }
    let start = line
        .char_indices()
        .nth(col - 1)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    if let Some(len) = link_len(rest) {
        return start..start + len;
    }
    if let Some(q @ ('"' | '\'')) = rest.chars().next() {
        // A quoted value, to its closing quote (or the end of the line, when it has none).
        let len = rest[1..].find(q).map_or(rest.trim_end().len(), |i| i + 2);
        return start..start + len;
    }
    let len = rest
        .char_indices()
        .find(|&(i, c)| {
            i > 0
                && (c.is_whitespace()
                    || c == '='
                    || c == ','
                    || (c == ':' && rest[i + 1..].starts_with([' ', '\t'])))
        })
        .map_or(rest.trim_end().len(), |(i, _)| i);
    start..start + len.max(rest.chars().next().map_or(0, char::len_utf8))
}

/// Length of `[text](dest)` or `![text](dest)` at the start of `s`, if it is complete on this line.
fn link_len(s: &str) -> Option<usize> {
    let open = if s.starts_with("![") {
        1
    } else if s.starts_with('[') {
        0
    } else {
        return None;
    };
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in s.char_indices().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let after = &s[close? + 1..];
    after.strip_prefix('(')?;
    let end = after.find(')')?;
    Some(close? + 1 + end + 1)
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

    /// Errors that follow from another file's errors (see `Diagnostic::because`).
    pub fn dependent_error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.is_error() && d.caused_by.is_some())
            .count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Paths starting with `from` start with `to` instead, also where messages and hints
    /// quote them (`` `content/a.md` ``).
    pub(crate) fn rebase(&mut self, from: &str, to: &str) {
        let (quoted_from, quoted_to) = (format!("`{from}"), format!("`{to}"));
        for d in &mut self.0 {
            if let Some(rest) = d.path.strip_prefix(from) {
                d.path = format!("{to}{rest}");
            }
            if d.message.contains(&quoted_from) {
                d.message = d.message.replace(&quoted_from, &quoted_to);
            }
            if let Some(h) = d.hint.as_mut().filter(|h| h.contains(&quoted_from)) {
                *h = h.replace(&quoted_from, &quoted_to);
            }
        }
    }

    /// Applies the chosen severity of broken links: under `Warn` they become warnings.
    pub(crate) fn apply(&mut self, broken_links: crate::config::LinkSeverity) {
        demote(&mut self.0, broken_links);
    }

    /// Root causes first, then what follows from them; each by path and position.
    pub(crate) fn sort(&mut self) {
        fn key(d: &Diagnostic) -> (bool, &str, usize, usize, &str) {
            (d.caused_by.is_some(), &d.path, d.line, d.col, &d.message)
        }
        self.0.sort_by(|a, b| key(a).cmp(&key(b)));
        self.0.dedup();
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
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

/// Under `LinkSeverity::Warn`, every broken link of `diags` becomes a warning.
pub(crate) fn demote(diags: &mut [Diagnostic], broken_links: crate::config::LinkSeverity) {
    if broken_links == crate::config::LinkSeverity::Warn {
        for d in diags
            .iter_mut()
            .filter(|d| d.code == Some(Code::BrokenLink))
        {
            d.severity = Severity::Warning;
        }
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

/// Many offset → (line, column) lookups in one text, each in O(log n) plus the distance from
/// the previous lookup on the same line, so a 20 MB page with 100,000 links stays linear.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of every line, built on first use.
    starts: Vec<usize>,
    /// The last lookup: (offset, 0-based line, 0-based column).
    last: (usize, usize, usize),
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> LineIndex<'a> {
        LineIndex {
            text,
            starts: Vec::new(),
            last: (0, 0, 0),
        }
    }

    /// The 1-based (line, column) of a byte offset, columns counted in chars.
    pub(crate) fn line_col(&mut self, offset: usize) -> (usize, usize) {
        if self.starts.is_empty() {
            self.starts.push(0);
            self.starts
                .extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
        }
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let (last_offset, last_line, last_col) = self.last;
        let (from, col) = if last_line == line && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (self.starts[line], 0)
        };
        let col = col + self.text[from..offset].chars().count();
        self.last = (offset, line, col);
        (line + 1, col + 1)
    }
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

#[cfg(test)]
mod tests;
