//! YAML front-matter syntax errors said where a person fixes them, each with its fix when
//! there is one: a tab in the indentation (YAML indents with spaces only), an unclosed quote
//! or list at its opening (libyaml names where it opened), and `: ` inside a value, which
//! YAML reads as a second key. The parser's own words are the fallback.
use crate::diagnostics::{Diagnostic, Fix, line_col};

/// The diagnostic for `e`, an error parsing `raw`: the front matter, which starts on line 2.
pub(super) fn error(path: &str, raw: &str, e: &serde_yaml_ng::Error) -> Diagnostic {
    let message = e.to_string();
    // From the byte offset: YAML also counts a lone `\r` as a line break, which would put
    // its line and column out of step with the file's `\n` lines. An error at the very end
    // (an unclosed bracket) is shown where the text ends.
    let at = e.location().map_or(raw.trim_end().len(), |l| {
        l.index().min(raw.trim_end().len())
    });
    let place = |offset: usize, message: String| {
        let (line, col) = line_col(raw, offset);
        Diagnostic::error(path, line + 1, message).at_col(col)
    };
    let fix =
        |range: std::ops::Range<usize>, new: String| Some(Fix::in_text(path, raw, 2, range, new));
    let tab_at = raw.get(at..).is_some_and(|r| r.starts_with('\t'));
    if tab_at || tab_indented(raw).next().is_some() && message.contains("cannot start any token") {
        let lines: Vec<(usize, &str)> = tab_indented(raw).collect();
        if let (Some(&(first, _)), Some(&(last, l))) = (lines.first(), lines.last()) {
            let end = last + l.len();
            let spaced: String = raw[first..end]
                .split('\n')
                .map(|l| {
                    let tabs = l.len() - l.trim_start_matches('\t').len();
                    format!("{}{}", "  ".repeat(tabs), &l[tabs..])
                })
                .collect::<Vec<_>>()
                .join("\n");
            return place(
                first,
                "a tab in the indentation: YAML indents with spaces only".into(),
            )
            .with_hint(Some("indent with spaces (two for each level)".into()))
            .with_fix(fix(first..end, spaced));
        }
    }
    if let Some(open) = context(&message, "while scanning a quoted scalar", raw) {
        let quote = raw[open..].chars().next().unwrap_or('"');
        let end = line_end(raw, open);
        return place(open, "this quoted text is never closed".into())
            .with_hint(Some(format!("end it with `{quote}` on the same line")))
            .with_fix(fix(end..end, quote.to_string()));
    }
    if let Some(open) = context(&message, "while parsing a flow sequence", raw) {
        let end = line_end(raw, open);
        return place(open, "this list is never closed".into())
            .with_hint(Some("close it with `]`".into()))
            .with_fix(fix(end..end, "]".into()));
    }
    if message.starts_with("mapping values are not allowed") {
        let start = raw
            .get(..at)
            .and_then(|r| r.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line = &raw[start..line_end(raw, start)];
        if let Some((key, value)) = line.split_once(": ") {
            let value_start = start + key.len() + 2;
            let value = value.trim();
            let quoted = serde_json::to_string(value).unwrap_or_default();
            return place(at, "`: ` in a value starts another key in YAML".into())
                .with_hint(Some(format!(
                    "put the value in quotes: `{}: {quoted}`",
                    key.trim()
                )))
                .with_fix(fix(value_start..value_start + value.len(), quoted));
        }
    }
    let words = message.split(" at line ").next().unwrap_or(&message);
    place(at, words.to_string())
}

/// Byte offset and text of every line of `raw` that is indented with a tab.
fn tab_indented(raw: &str) -> impl Iterator<Item = (usize, &str)> {
    raw.split('\n')
        .scan(0, |offset, l| {
            let at = *offset;
            *offset += l.len() + 1;
            Some((at, l))
        })
        .filter(|(_, l)| l.starts_with([' ', '\t']) && l.trim_start_matches(' ').starts_with('\t'))
}

/// The end of the line holding `offset`, before trailing spaces and `\r`.
fn line_end(raw: &str, offset: usize) -> usize {
    let end = raw[offset..].find('\n').map_or(raw.len(), |i| offset + i);
    offset + raw[offset..end].trim_end().len()
}

/// The byte offset of libyaml's "`what` at line L column C" in `message`, when it is a
/// place in `raw`.
fn context(message: &str, what: &str, raw: &str) -> Option<usize> {
    let rest = message.split(what).nth(1)?.strip_prefix(" at line ")?;
    let (line, rest) = rest.split_once(" column ")?;
    let col: usize = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    let line: usize = line.parse().ok()?;
    let start = if line == 1 {
        0
    } else {
        raw.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let text = &raw[start..];
    let text = &text[..text.find('\n').unwrap_or(text.len())];
    let (i, _) = text.char_indices().nth(col.checked_sub(1)?)?;
    Some(start + i)
}

#[cfg(test)]
mod tests {
    use super::super::split;

    /// The one problem of a YAML front matter and the file its fix makes.
    fn problem(text: &str) -> (crate::diagnostics::Diagnostic, Option<String>) {
        let s = split(text, "a.md");
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        let d = s.problems[0].clone();
        let fixed = d.fix.as_ref().map(|f| f.apply(text).expect("applies"));
        if let Some(fixed) = &fixed {
            assert!(split(fixed, "a.md").problems.is_empty(), "fixed: {fixed:?}");
        }
        (d, fixed)
    }

    #[test]
    fn tabs_in_the_indentation_become_spaces() {
        let (d, fixed) = problem("---\ntitle: A\ntags:\n\t- people\n\t- hiring\n---\nBody\n");
        assert_eq!((d.line, d.col), (4, 1));
        assert_eq!(
            d.message,
            "a tab in the indentation: YAML indents with spaces only"
        );
        assert_eq!(
            fixed.as_deref(),
            Some("---\ntitle: A\ntags:\n  - people\n  - hiring\n---\nBody\n")
        );
    }

    #[test]
    fn an_unclosed_quote_or_list_is_shown_where_it_opens() {
        let (d, fixed) = problem("---\ntitle: 'How we hire\nweight: 2\n---\n");
        assert_eq!(
            (d.line, d.col, d.message.as_str()),
            (2, 8, "this quoted text is never closed")
        );
        assert_eq!(
            fixed.as_deref(),
            Some("---\ntitle: 'How we hire'\nweight: 2\n---\n")
        );
        let (d, fixed) = problem("---\ntags: [people, hiring\ntitle: x\n---\n");
        assert_eq!((d.line, d.col), (2, 7));
        assert_eq!(
            fixed.as_deref(),
            Some("---\ntags: [people, hiring]\ntitle: x\n---\n")
        );
    }

    #[test]
    fn a_colon_in_a_value_is_quoted() {
        let (d, fixed) = problem("---\ntitle: Hiring: the loop\n---\n");
        assert_eq!(d.line, 2);
        assert_eq!(
            d.hint.as_deref(),
            Some("put the value in quotes: `title: \"Hiring: the loop\"`")
        );
        assert_eq!(
            fixed.as_deref(),
            Some("---\ntitle: \"Hiring: the loop\"\n---\n")
        );
    }
}
