//! Optional front matter: TOML between `+++` lines or YAML between `---` lines at the top of a
//! page. Lenient, because handbooks arrive from other tools: keys playbook does not know are
//! warnings (all of them, each with the nearest known key as a hint), and the keys of Hugo,
//! Docusaurus, Jekyll and MkDocs that mean something here are understood (`foreign.rs`). A
//! `---` that opens no YAML mapping is a thematic break, part of the body. A file whose front
//! matter is broken still yields its body, so links to it are not reported a second time.
//! Positions are the file's own line numbers.
mod foreign;
mod yaml;

use crate::diagnostics::Diagnostic;

/// What a page's front matter says. Everything is optional.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<String>,
    /// `description`, or `summary`.
    pub(crate) description: Option<String>,
    /// `weight`, `sidebar_position` or `nav_order`.
    pub(crate) weight: Option<i64>,
    pub(crate) draft: bool,
    /// `tags` and `categories`; a single string is one tag.
    pub(crate) tags: Vec<String>,
    pub(crate) slug: Option<String>,
    /// A shorter title for navigation: `nav_title`, `linkTitle` or `sidebar_label`.
    pub(crate) nav_title: Option<String>,
    /// When the page last changed (`YYYY-MM-DD`): the latest of `date`, `lastmod` and
    /// `updated`.
    pub(crate) updated: Option<String>,
    /// Old URLs of the page that redirect to it: `aliases` and `redirect_from`.
    pub(crate) aliases: Vec<String>,
    /// `checklist = true`: the page is a checklist written in Markdown.
    pub(crate) checklist: bool,
}

/// A file split into its parsed front matter and its Markdown body.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    pub(crate) meta: FrontMatter,
    pub(crate) body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub(crate) body_line: usize,
    /// Errors and warnings about the front matter, every one found.
    pub(crate) problems: Vec<Diagnostic>,
}

/// Splits and parses the front matter of `text` (`path` names the file in messages). Never
/// fails: a broken front matter is reported in `problems` and read as empty.
pub(crate) fn split<'a>(text: &'a str, path: &str) -> Split<'a> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let whole = |problems| Split {
        meta: FrontMatter::default(),
        body: text,
        body_line: 1,
        problems,
    };
    let first = text.lines().next().unwrap_or("").trim_end();
    let (fence, is_toml) = match first {
        "+++" => ("+++", true),
        "---" => ("---", false),
        _ => return whole(Vec::new()),
    };
    let raw_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = raw_start;
    for (line, l) in (2..).zip(text[raw_start..].split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == fence || (!is_toml && trimmed == "...") {
            let raw = &text[raw_start..offset];
            let parsed = if is_toml {
                Some(parse_toml(raw, path))
            } else {
                parse_yaml(raw, path)
            };
            let Some((meta, problems)) = parsed else {
                return whole(Vec::new());
            };
            return Split {
                meta,
                body: &text[offset + l.len()..],
                body_line: line + 1,
                problems,
            };
        }
        offset += l.len();
    }
    if !is_toml && !looks_like_yaml(&text[raw_start..]) {
        return whole(Vec::new());
    }
    whole(vec![
        Diagnostic::error(
            path,
            1,
            format!("front matter opened with `{fence}` on line 1 is never closed"),
        )
        .with_hint(Some(format!(
            "add a line with just `{fence}` after the last front-matter field"
        ))),
    ])
}

/// Whether the text after an opening `---` reads as YAML keys rather than prose: its first
/// line that is not blank or a comment is `key: …`.
fn looks_like_yaml(rest: &str) -> bool {
    rest.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.split_once(':'))
        .is_some_and(|(key, _)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '"' | '\''))
        })
}

fn parse_toml(raw: &str, path: &str) -> (FrontMatter, Vec<Diagnostic>) {
    match toml::from_str::<toml::Table>(raw) {
        Ok(table) => {
            let entries = table
                .into_iter()
                .map(|(k, v)| (k, foreign::Value::from_toml(v)));
            foreign::read(entries, raw, path, '=')
        }
        Err(e) => (
            FrontMatter::default(),
            vec![crate::schema::syntax::toml_error(
                path,
                raw,
                2,
                e.message(),
                e.span().map(|s| s.start),
            )],
        ),
    }
}

/// `None` when the block is not front matter at all (a thematic break and prose).
fn parse_yaml(raw: &str, path: &str) -> Option<(FrontMatter, Vec<Diagnostic>)> {
    if raw.trim().is_empty() {
        return Some((FrontMatter::default(), Vec::new()));
    }
    match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(raw) {
        Ok(serde_yaml_ng::Value::Mapping(map)) => {
            let entries = map.into_iter().filter_map(|(k, v)| {
                let key = match k {
                    serde_yaml_ng::Value::String(s) => s,
                    serde_yaml_ng::Value::Number(n) => n.to_string(),
                    serde_yaml_ng::Value::Bool(b) => b.to_string(),
                    _ => return None,
                };
                Some((key, foreign::Value::from_yaml(v)))
            });
            Some(foreign::read(entries, raw, path, ':'))
        }
        Ok(serde_yaml_ng::Value::Null) if !looks_like_yaml(raw) => None,
        Ok(_) if !looks_like_yaml(raw) => None,
        Ok(_) => Some((
            FrontMatter::default(),
            vec![Diagnostic::error(
                path,
                2,
                "front matter is not a list of `key: value` fields",
            )],
        )),
        Err(_) if !looks_like_yaml(raw) => None,
        Err(e) => Some((FrontMatter::default(), vec![yaml::error(path, raw, &e)])),
    }
}

#[cfg(test)]
mod tests;
