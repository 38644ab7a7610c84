//! TOML syntax errors said where a person fixes them: an unclosed string at its opening
//! quote, an unclosed list or table header at its opening bracket (not on the line where the
//! parser gave up), `key: value` written for YAML, text without quotes; each with the edit
//! that fixes it when there is only one. The parser's own words are the fallback.
use super::quote;
use crate::diagnostics::{Diagnostic, Fix, line_col};

/// The diagnostic for a TOML parse error (`message` and byte `span` from the parser) in
/// `text`, which begins at the start of line `first_line` of the file at `path`.
pub(crate) fn toml_error(
    path: &str,
    text: &str,
    first_line: usize,
    message: &str,
    span: Option<usize>,
) -> Diagnostic {
    let at = span.unwrap_or(text.len()).min(text.len());
    let mut lines = message.trim().lines();
    let head = lines.next().unwrap_or("").trim();
    let rest: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
    let place = Place {
        path,
        text,
        first_line,
    };
    let open = scan(text, at);
    let found = match head {
        "invalid basic string" | "invalid literal string" => open
            .string
            .map(|(start, quote)| place.unclosed_string(start, quote)),
        "invalid array" | "invalid inline table" => open
            .brackets
            .last()
            .map(|&(start, bracket)| place.unclosed_bracket(start, bracket, at)),
        "invalid table header" if rest.iter().any(|r| r.starts_with("expected")) => {
            Some(place.unclosed_header(at))
        }
        "invalid table header" => rest
            .iter()
            .find_map(|r| r.strip_prefix("duplicate key `"))
            .and_then(|r| r.split('`').next())
            .map(|name| place.twice(at, name)),
        "invalid string" => Some(place.unquoted(at)),
        _ if head.starts_with("expected `.`, `=`") && text[at..].starts_with(':') => {
            Some(place.colon(at))
        }
        _ if head.starts_with("duplicate key `") => Some(
            place
                .at(at, head.to_string())
                .with_hint(Some("keep one of them".into())),
        ),
        _ => None,
    };
    found.unwrap_or_else(|| {
        let mut words = std::iter::once(head)
            .chain(rest)
            .collect::<Vec<_>>()
            .join("; ");
        if words.is_empty() {
            // The parser gives no words for some errors (a lone carriage return in a comment).
            words = match text[at..].chars().next() {
                Some(c) => format!("invalid TOML: unexpected character {c:?}"),
                None => "invalid TOML".to_string(),
            };
        }
        place.at(at, words)
    })
}

/// Where diagnostics and fixes of one text go.
struct Place<'a> {
    path: &'a str,
    text: &'a str,
    first_line: usize,
}

impl Place<'_> {
    fn at(&self, offset: usize, message: String) -> Diagnostic {
        let (line, col) = line_col(self.text, offset);
        Diagnostic::error(self.path, line + self.first_line - 1, message).at_col(col)
    }

    fn fix(&self, range: std::ops::Range<usize>, new: impl Into<String>) -> Option<Fix> {
        Some(Fix::in_text(
            self.path,
            self.text,
            self.first_line,
            range,
            new,
        ))
    }

    /// The end of the line holding `offset`, before any trailing spaces or `\r`.
    fn line_end(&self, offset: usize) -> usize {
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        offset + self.text[offset..end].trim_end().len()
    }

    fn unclosed_string(&self, start: usize, quote: char) -> Diagnostic {
        let end = self.line_end(start);
        self.at(start, "this string is never closed".into())
            .with_hint(Some(format!(
                "end it with `{quote}` on the same line (a string in quotes may not span lines)"
            )))
            .with_fix(self.fix(end..end, quote.to_string()))
    }

    /// An array or inline table opened at `start` and still open where the parser stopped
    /// (`at`): it is closed at the end of the last line that holds something before `at`.
    fn unclosed_bracket(&self, start: usize, bracket: char, at: usize) -> Diagnostic {
        let (what, close) = if bracket == '[' {
            ("list", ']')
        } else {
            ("inline table", '}')
        };
        // The parser stops at the first line that cannot continue the value; it ends on
        // the last line before that which holds something.
        let stop_line = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let mut last = self.text[..stop_line.max(start)]
            .split('\n')
            .scan(0, |offset, l| {
                let at = *offset;
                *offset += l.len() + 1;
                Some((at, l))
            })
            .filter(|(at, l)| *at + l.len() >= start && !l.trim().is_empty())
            .last()
            .map_or(start, |(at, _)| at.max(start));
        if stop_line <= start {
            last = start;
        }
        let end = self.line_end(last);
        let fix = (!self.text[last..end].contains('#'))
            .then(|| self.fix(end..end, close.to_string()))
            .flatten();
        self.at(start, format!("this {what} is never closed"))
            .with_hint(Some(format!("close it with `{close}`")))
            .with_fix(fix)
    }

    fn unclosed_header(&self, at: usize) -> Diagnostic {
        let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = self.line_end(start);
        let line = &self.text[start..end];
        let double = line.trim_start().starts_with("[[");
        let (close, missing) = match (double, line.ends_with(']')) {
            (true, true) => ("]]", "]"),
            (true, false) => ("]]", "]]"),
            (false, _) => ("]", "]"),
        };
        let fix = (!line.contains('#'))
            .then(|| self.fix(end..end, missing))
            .flatten();
        self.at(start, "this table header is never closed".into())
            .with_hint(Some(format!("end it with `{close}`")))
            .with_fix(fix)
    }

    fn twice(&self, at: usize, name: &str) -> Diagnostic {
        self.at(at, format!("the table `[{name}]` appears twice"))
            .with_hint(Some(format!(
                "for a list of tables, write `[[{name}]]` before each one; otherwise merge the two"
            )))
    }

    /// `key = text` without quotes.
    fn unquoted(&self, at: usize) -> Diagnostic {
        let end = self.line_end(at);
        let value = &self.text[at..end];
        let d = self.at(at, "text must be in quotes".into());
        if value.is_empty() {
            return d.with_hint(Some("give the key a value, such as `\"…\"`".into()));
        }
        d.with_hint(Some(format!("write `{}`", quote(value))))
            .with_fix(self.fix(at..end, quote(value)))
    }

    /// `key: value`, as YAML writes it.
    fn colon(&self, at: usize) -> Diagnostic {
        let end = self.line_end(at);
        let value = self.text[at + 1..end].trim();
        let valid = toml::from_str::<toml::Table>(&format!("v = {value}")).is_ok();
        let value = if valid || value.is_empty() {
            value.to_string()
        } else {
            quote(value)
        };
        let space = if self.text[..at].ends_with([' ', '\t']) {
            ""
        } else {
            " "
        };
        self.at(at, "TOML sets a key with `=`, not `:`".into())
            .with_hint(Some(format!("write `= {value}`")))
            .with_fix(self.fix(at..end, format!("{space}= {value}")))
    }
}

/// What is open at a point of a TOML text.
#[derive(Debug, Default, PartialEq)]
struct Open {
    /// An unclosed string: where its quote is, and the quote.
    string: Option<(usize, char)>,
    /// Brackets of values (`[` of a list, `{` of an inline table) not closed yet.
    brackets: Vec<(usize, char)>,
}

/// Reads `text` up to byte `end`, as a TOML lexer would, to tell what is open there. Works
/// on bytes: every character that matters is ASCII.
fn scan(text: &str, end: usize) -> Open {
    let mut open = Open::default();
    let bytes = text.as_bytes();
    let end = end.min(bytes.len());
    let line_end = |i: usize| {
        bytes[i..end]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(end, |n| i + n)
    };
    let mut i = 0;
    let mut in_value = false;
    let mut line_start = true;
    while i < end {
        let c = bytes[i];
        if let Some((start, q)) = open.string {
            let triple: &[u8] = if q == '"' { b"\"\"\"" } else { b"'''" };
            let multi = bytes[start..].starts_with(triple);
            if multi && i > start + 2 && bytes[i..].starts_with(triple) {
                open.string = None;
                i += 3;
                continue;
            }
            match c {
                b'\\' if q == '"' => i += 1,
                b'"' | b'\'' if !multi && char::from(c) == q => open.string = None,
                b'\n' if !multi => open.string = None,
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'#' => {
                i = line_end(i);
                continue;
            }
            b'"' | b'\'' => {
                open.string = Some((i, char::from(c)));
                if bytes[i..].starts_with(b"\"\"\"") || bytes[i..].starts_with(b"'''") {
                    i += 3;
                    continue;
                }
            }
            b'\n' => {
                line_start = true;
                in_value = !open.brackets.is_empty();
                i += 1;
                continue;
            }
            b'[' if line_start && !in_value => {
                // A table header: nothing in it opens a value.
                i = line_end(i);
                continue;
            }
            b'=' => in_value = true,
            b'[' | b'{' if in_value => open.brackets.push((i, char::from(c))),
            b']' | b'}' if in_value => {
                open.brackets.pop();
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            line_start = false;
        }
        i += 1;
    }
    open
}

#[cfg(test)]
mod tests;
