//! Optional front matter: TOML between `+++` lines or YAML between `---` lines at the top of a
//! chapter. Splitting and parsing report positions in the file's own line numbers.
use crate::diagnostics::{self, Diagnostic};
use serde::Deserialize;

/// The fields a chapter may set. Everything is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) weight: Option<i64>,
    pub(crate) draft: bool,
    pub(crate) tags: Vec<String>,
    pub(crate) slug: Option<String>,
}

/// A file split into its parsed front matter and its Markdown body.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    pub(crate) meta: FrontMatter,
    pub(crate) body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub(crate) body_line: usize,
}

/// Splits and parses the front matter of `text` (`path` names the file in messages).
pub(crate) fn split<'a>(text: &'a str, path: &str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("").trim_end();
    let (fence, is_toml) = match first {
        "+++" => ("+++", true),
        "---" => ("---", false),
        _ => {
            return Ok(Split {
                meta: FrontMatter::default(),
                body: text,
                body_line: 1,
            });
        }
    };
    let raw_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = raw_start;
    for (line, l) in (2..).zip(text[raw_start..].split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == fence || (!is_toml && trimmed == "...") {
            let raw = &text[raw_start..offset];
            let meta = parse(raw, is_toml, path)?;
            return Ok(Split {
                meta,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Diagnostic::error(
        path,
        1,
        format!("front matter opened with `{fence}` on line 1 is never closed"),
    )
    .with_hint(Some(format!(
        "add a line with just `{fence}` after the last front-matter field"
    ))))
}

fn parse(raw: &str, is_toml: bool, path: &str) -> Result<FrontMatter, Diagnostic> {
    if is_toml {
        return toml::from_str(raw).map_err(|e| {
            diagnostics::from_parse_error(path, raw, 2, e.message(), e.span().map(|s| s.start))
        });
    }
    if raw.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml_ng::from_str(raw).map_err(|e| {
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        // From the byte offset: YAML also counts a lone `\r` as a line break, which would
        // put its line and column out of step with the file's `\n` lines.
        let (line, col) = e.location().map_or((0, 0), |l| {
            let (line, col) = diagnostics::line_col(raw, l.index());
            (line + 1, col)
        });
        let hint = diagnostics::unknown_key_hint(&message);
        Diagnostic::error(path, line, message)
            .at_col(col)
            .with_hint(hint)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Title\n\nText\n", "a.md").unwrap();
        assert_eq!(s.meta, FrontMatter::default());
        assert_eq!(s.body_line, 1);
        assert!(s.body.starts_with("# Title"));
    }

    #[test]
    fn toml_front_matter() {
        let s = split(
            "+++\ntitle = \"A\"\nweight = 3\ntags = [\"x\"]\n+++\nBody\n",
            "a.md",
        )
        .unwrap();
        assert_eq!(s.meta.title.as_deref(), Some("A"));
        assert_eq!(s.meta.weight, Some(3));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 6);
    }

    #[test]
    fn yaml_front_matter_with_bom_and_crlf() {
        let s = split(
            "\u{feff}---\r\ntitle: A\r\ndraft: true\r\n---\r\nBody\r\n",
            "a.md",
        )
        .unwrap();
        assert_eq!(s.meta.title.as_deref(), Some("A"));
        assert!(s.meta.draft);
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn unknown_toml_key_reports_file_line() {
        let e = split("+++\ntitle = \"A\"\nwieght = 3\n+++\n", "content/a.md").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("wieght"));
        assert_eq!(e.hint.as_deref(), Some("did you mean `weight`?"));
    }

    #[test]
    fn yaml_error_position_counts_lines_as_the_file_does() {
        // Found by fuzzing: YAML counts the lone `\r` as a line break.
        let text = "---\n\r#\n{slug = \"s\"> [!NOTE]\n---\n";
        let e = split(text, "a.md").unwrap_err();
        let line = text.split('\n').nth(e.line - 1).unwrap();
        assert!(e.col <= line.chars().count() + 1, "{e}");
    }

    #[test]
    fn bad_yaml_reports_file_line() {
        let e = split("---\ntitle: A\nweight: [\n---\n", "content/a.md").unwrap_err();
        assert!(e.line >= 3, "{e}");
        let e = split("---\ntitel: A\n---\n", "content/a.md").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn unterminated_is_an_error() {
        let e = split("+++\ntitle = \"A\"\n\nBody\n", "a.md").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn fence_inside_code_block_is_body() {
        let s = split("Intro\n\n```\n+++\n```\n", "a.md").unwrap();
        assert_eq!(s.body_line, 1);
    }
}
