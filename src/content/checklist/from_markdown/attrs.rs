//! The `{#id key=value}` block that ends a title, section or item line of a Markdown
//! checklist: read into `Attrs`, with unknown keys and stray words reported at their column.
use super::Reader;

/// A `{#id key=value}` block at the end of a line, read.
#[derive(Default)]
pub(super) struct Attrs {
    pub(super) id: Option<(String, usize)>,
    pub(super) due: Option<(String, usize)>,
    pub(super) lines: Option<(String, usize)>,
}

impl Reader<'_> {
    /// Splits `{#id key=value}` off the end of `text` (which starts at column `col` of line
    /// `n`), reporting keys other than `allowed`.
    pub(super) fn attrs<'t>(
        &mut self,
        text: &'t str,
        n: usize,
        col: usize,
        allowed: &[&str],
    ) -> (&'t str, Attrs) {
        let mut attrs = Attrs::default();
        let Some((before, inner, at)) = attr_block(text) else {
            return (text.trim(), attrs);
        };
        let mut last: Option<&mut (String, usize)> = None;
        for (token, offset) in tokens(inner) {
            let c = col + text[..at].chars().count() + 1 + inner[..offset].chars().count();
            if let Some(id) = token.strip_prefix('#') {
                attrs.id = Some((id.to_string(), c));
                last = None;
                continue;
            }
            let Some((key, value)) = token.split_once('=') else {
                match last.as_deref_mut() {
                    // `due=week 2`: a value may hold spaces.
                    Some((v, _)) => {
                        v.push(' ');
                        v.push_str(&unquote(&token));
                    }
                    None => self.error(
                        n,
                        c,
                        format!("`{token}` in `{{…}}` is neither `#id` nor `key=value`"),
                        Some("write `{#id}`, or attributes such as `{due=week 2}`".into()),
                    ),
                }
                continue;
            };
            let slot = match key {
                "due" if allowed.contains(&"due") => &mut attrs.due,
                "lines" if allowed.contains(&"lines") => &mut attrs.lines,
                _ => {
                    self.unknown_attr(key, allowed, n, c);
                    last = None;
                    continue;
                }
            };
            *slot = Some((unquote(value), c + key.chars().count() + 1));
            last = slot.as_mut();
        }
        (before.trim(), attrs)
    }

    fn unknown_attr(&mut self, key: &str, allowed: &[&str], n: usize, c: usize) {
        let hint = match crate::diagnostics::suggest(key, &["due", "lines"]) {
            Some(best) if allowed.contains(&best) => format!("did you mean `{best}`?"),
            Some("lines") => "`lines` belongs to worksheet questions (`- [?]`)".to_string(),
            Some("due") => "`due` belongs to sections and items".to_string(),
            _ if allowed.is_empty() => "a title takes only `{#id}`".to_string(),
            _ => format!(
                "write `#id` or {}",
                allowed
                    .iter()
                    .map(|a| format!("`{a}=`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        self.error(n, c, format!("unknown attribute `{key}`"), Some(hint));
    }
}

/// The `{…}` block ending `text`, when it holds attributes (`#id` or `key=`): the text before
/// it, its inside, and the byte offset of its `{`.
pub(super) fn attr_block(text: &str) -> Option<(&str, &str, usize)> {
    let trimmed = text.trim_end();
    let inner_end = trimmed.strip_suffix('}')?;
    let open = inner_end.rfind('{')?;
    let inner = &inner_end[open + 1..];
    let first = inner.trim_start();
    let is_attrs = first.starts_with('#')
        || first.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    is_attrs.then(|| (&text[..open], inner, open))
}

/// The whitespace-separated tokens of an attribute block (quotes keep spaces), with their
/// byte offsets.
fn tokens(inner: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize)> = None;
    let mut quote: Option<char> = None;
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (None, c) if c.is_whitespace() => {
                out.extend(current.take());
                continue;
            }
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        current.get_or_insert_with(|| (String::new(), i)).0.push(c);
    }
    out.extend(current);
    out
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    v.to_string()
}
