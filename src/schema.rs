//! TOML files checked against their schema (`site.toml`, checklists): the text is parsed to a
//! document first, then every key and value is compared with the schema, so a file with five
//! mistakes gets five diagnostics, each at its own line and column, with the nearest valid key
//! or the expected type, and the edit that fixes it when the fix is mechanical. What comes
//! out is the document as its fixes would make it (misspelled keys renamed, quoted numbers
//! read as numbers, `[x]` read as `[[x]]`), so the file still says what it can (ids, items)
//! and nothing is reported twice. A syntax error stops the file (`syntax.rs` reports it where
//! a person fixes it). Knows no file's meaning beyond its schema.
mod scalar;
pub(crate) mod syntax;

use crate::diagnostics::{Diagnostic, Fix, line_col, suggest};
use std::collections::HashMap;
use std::ops::Range;
use toml_edit::{ImDocument, Item, TableLike, Value};

/// The keys a table may hold.
pub(crate) struct Table {
    /// How messages name the table: "`[markdown]`", "a checklist item".
    pub(crate) name: &'static str,
    pub(crate) fields: &'static [Field],
    /// Keys people put there by mistake, with what to say about each.
    pub(crate) notes: &'static [(&'static str, &'static str)],
}

/// One key of a table.
pub(crate) struct Field {
    pub(crate) key: &'static str,
    pub(crate) ty: Type,
    pub(crate) required: bool,
}

impl Field {
    pub(crate) const fn optional(key: &'static str, ty: Type) -> Field {
        Field {
            key,
            ty,
            required: false,
        }
    }

    pub(crate) const fn required(key: &'static str, ty: Type) -> Field {
        Field {
            key,
            ty,
            required: true,
        }
    }
}

/// What a value must be.
pub(crate) enum Type {
    Text,
    /// A whole number, at least `min`.
    Integer {
        min: i64,
    },
    Bool,
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// One table: `[name]`.
    Table(&'static Table),
    /// A list of tables: `[[name]]`.
    Tables(&'static Table),
    /// A table of any keys, each a list of text: `[search.synonyms]`.
    TextLists,
}

/// A file read against its schema.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// The document as its fixes would make it, holding only keys of the schema with values
    /// of the right type.
    pub(crate) value: toml::Table,
    /// Byte range of every value kept, by dotted path (`sections.0.items.2.text`; a table of
    /// a list by its index: `sections.0`).
    pub(crate) spans: HashMap<String, Range<usize>>,
    /// The dotted path of every key the file gives, kept or not: a key given with a wrong
    /// value is reported as such, never as missing too.
    pub(crate) given: std::collections::HashSet<String>,
    pub(crate) problems: Vec<Diagnostic>,
}

impl Checked {
    /// The 1-based line of the value at `path` in `text`, or 0.
    pub(crate) fn line(&self, text: &str, path: &str) -> usize {
        self.spans
            .get(path)
            .map_or(0, |r| line_col(text, r.start).0)
    }
}

/// Parses `text` (the whole file at `path`) and checks it against `schema`. `Err` is the
/// syntax error that stopped it.
pub(crate) fn check(text: &str, path: &str, schema: &Table) -> Result<Checked, Diagnostic> {
    let doc = ImDocument::parse(text)
        .map_err(|e| syntax::toml_error(path, text, 1, e.message(), e.span().map(|s| s.start)))?;
    let mut walk = Walk {
        text,
        path,
        out: Checked::default(),
    };
    let root_span = 0..0;
    let value = walk.table(doc.as_table(), schema, "", &root_span);
    walk.out.value = value;
    Ok(walk.out)
}

struct Walk<'a> {
    text: &'a str,
    path: &'a str,
    out: Checked,
}

impl Walk<'_> {
    fn error(&mut self, offset: usize, message: String, hint: String, fix: Option<Fix>) {
        let (line, col) = line_col(self.text, offset);
        self.out.problems.push(
            Diagnostic::error(self.path, line, message)
                .at_col(col)
                .with_hint(Some(hint))
                .with_fix(fix),
        );
    }

    fn fix(&self, range: Range<usize>, new: impl Into<String>) -> Option<Fix> {
        Some(Fix::in_text(self.path, self.text, 1, range, new))
    }

    /// Checks every key of `t`; `prefix` is its dotted path (`""` or ending in `.`), `span`
    /// where it is, for a missing key.
    fn table(
        &mut self,
        t: &dyn TableLike,
        schema: &Table,
        prefix: &str,
        span: &Range<usize>,
    ) -> toml::Table {
        let mut out = toml::Table::new();
        let names: Vec<&str> = schema.fields.iter().map(|f| f.key).collect();
        // Keys given, even with a value of no use: not reported missing as well.
        let mut given = Vec::new();
        for (key, item) in t.iter() {
            let key_span = t.key(key).and_then(toml_edit::Key::span).unwrap_or(0..0);
            let field = match schema.fields.iter().find(|f| f.key == key) {
                Some(f) => f,
                None => {
                    let Some(field) = self.unknown(t, key, item, &key_span, schema, &names) else {
                        continue;
                    };
                    field
                }
            };
            if given.contains(&field.key) {
                continue;
            }
            given.push(field.key);
            let path = format!("{prefix}{}", field.key);
            self.out.given.insert(path.clone());
            if let Some(v) = self.value(item, field, &path, &key_span) {
                if let Some(s) = item.span() {
                    self.out.spans.insert(path, s);
                }
                out.insert(field.key.to_string(), v);
            }
        }
        for f in schema.fields.iter().filter(|f| f.required) {
            if !given.contains(&f.key) {
                let hint = match f.ty {
                    Type::Tables(_) => format!("add a `[[{}]]` table", f.key),
                    _ => format!("add `{} = …`", f.key),
                };
                self.error(
                    span.start,
                    format!("{} has no `{}`", schema.name, f.key),
                    hint,
                    None,
                );
            }
        }
        out
    }

    /// A key the schema does not have: its nearest valid key (then read as that key, as the
    /// fix renames it), or a note on what the table takes and a fix that removes it.
    fn unknown<'s>(
        &mut self,
        t: &dyn TableLike,
        key: &str,
        item: &Item,
        key_span: &Range<usize>,
        schema: &'s Table,
        names: &[&str],
    ) -> Option<&'s Field> {
        let message = format!("unknown key `{key}` in {}", schema.name);
        // A typo, another case, or a key with more words (`theme_name` for `theme`).
        let near = suggest(key, names)
            .or_else(|| names.iter().copied().find(|n| n.eq_ignore_ascii_case(key)))
            .or_else(|| {
                let key = key.to_ascii_lowercase();
                names
                    .iter()
                    .copied()
                    .filter(|n| n.len() >= 4)
                    .find(|n| key.starts_with(n) || key.ends_with(n))
            })
            .filter(|n| !t.contains_key(n));
        if let Some(best) = near {
            let fix = self.fix(key_span.clone(), best);
            self.error(
                key_span.start,
                message,
                format!("did you mean `{best}`?"),
                fix,
            );
            return schema.fields.iter().find(|f| f.key == best);
        }
        let takes = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let note = schema
            .notes
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(String::new(), |(_, note)| format!(" ({note})"));
        let hint = format!("remove it: {} takes {takes}{note}", schema.name);
        let fix = self.removal(key_span, item);
        self.error(key_span.start, message, hint, fix);
        None
    }

    /// The edit that removes a key and its value (or a table and its keys): the whole lines
    /// they fill, when nothing else is on them.
    fn removal(&self, key_span: &Range<usize>, item: &Item) -> Option<Fix> {
        let start = self.text[..key_span.start].rfind('\n').map_or(0, |i| i + 1);
        let end = item
            .span()
            .map_or(key_span.end, |s| s.end)
            .max(key_span.end);
        let line_end = self.text[end..]
            .find('\n')
            .map_or(self.text.len(), |i| end + i + 1);
        let before = self.text[start..key_span.start].trim();
        let after = self.text[end..line_end].trim();
        let alone = (before.is_empty() || item.is_table() && before.starts_with('['))
            && (after.is_empty() || after.starts_with('#') || item.is_table());
        alone.then(|| Fix::in_text(self.path, self.text, 1, start..line_end, ""))
    }

    /// The value of `item` for `field` as the schema wants it, reporting a wrong type; `None`
    /// when there is nothing usable.
    fn value(
        &mut self,
        item: &Item,
        field: &Field,
        path: &str,
        key_span: &Range<usize>,
    ) -> Option<toml::Value> {
        let span = item.span().unwrap_or_else(|| key_span.clone());
        match (&field.ty, item) {
            (Type::Table(schema), _) if item.is_table_like() => {
                let t = item.as_table_like()?;
                let prefix = format!("{path}.");
                Some(toml::Value::Table(self.table(t, schema, &prefix, &span)))
            }
            (Type::Table(schema), Item::ArrayOfTables(list)) => {
                let fix = (list.len() == 1)
                    .then(|| self.header(list.get(0)?, "[[", "]]", "[", "]"))
                    .flatten();
                self.error(
                    span.start,
                    format!(
                        "`[[{}]]` makes a list of tables; `{}` is one table",
                        field.key, field.key
                    ),
                    format!("write `[{}]` with single brackets", field.key),
                    fix,
                );
                let first = list.get(0)?;
                let prefix = format!("{path}.");
                Some(toml::Value::Table(
                    self.table(first, schema, &prefix, &span),
                ))
            }
            (Type::Tables(schema), Item::ArrayOfTables(list)) => {
                let tables: Vec<&dyn TableLike> =
                    list.iter().map(|t| t as &dyn TableLike).collect();
                let spans: Vec<Range<usize>> = list
                    .iter()
                    .map(|t| t.span().unwrap_or(span.clone()))
                    .collect();
                Some(self.tables(&tables, &spans, schema, path))
            }
            (Type::Tables(schema), Item::Table(t)) => {
                let fix = self.header(t, "[", "]", "[[", "]]");
                self.error(
                    span.start,
                    format!(
                        "`[{}]` is one table; {} holds a list of them",
                        field.key, field.key
                    ),
                    format!(
                        "write `[[{}]]` with double brackets, once before each",
                        field.key
                    ),
                    fix,
                );
                Some(self.tables(&[t as &dyn TableLike], &[span], schema, path))
            }
            (Type::Tables(schema), Item::Value(Value::Array(a)))
                if a.iter().all(Value::is_inline_table) =>
            {
                let tables: Vec<&dyn TableLike> = a
                    .iter()
                    .filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike))
                    .collect();
                let spans: Vec<Range<usize>> =
                    a.iter().map(|v| v.span().unwrap_or(span.clone())).collect();
                Some(self.tables(&tables, &spans, schema, path))
            }
            (Type::TextLists, _) if item.is_table_like() => {
                Some(self.text_lists(item.as_table_like()?, path))
            }
            (_, Item::Value(v)) => self.scalar(v, field, span),
            _ => {
                self.wrong(field, &span, kind_of_item(item), None);
                None
            }
        }
    }

    /// Each table of a list, under `path.N`.
    fn tables(
        &mut self,
        tables: &[&dyn TableLike],
        spans: &[Range<usize>],
        schema: &Table,
        path: &str,
    ) -> toml::Value {
        let mut out = Vec::with_capacity(tables.len());
        for (i, (t, span)) in tables.iter().zip(spans).enumerate() {
            let at = format!("{path}.{i}");
            self.out.spans.insert(at.clone(), span.clone());
            out.push(toml::Value::Table(self.table(
                *t,
                schema,
                &format!("{at}."),
                span,
            )));
        }
        toml::Value::Array(out)
    }

    /// A table whose every key holds a list of text; one text alone is read as its list (the
    /// fix adds the brackets), any other value reported and left out.
    fn text_lists(&mut self, t: &dyn TableLike, path: &str) -> toml::Value {
        let mut out = toml::Table::new();
        for (key, item) in t.iter() {
            let at = format!("{path}.{key}");
            self.out.given.insert(at.clone());
            let span = item
                .span()
                .or_else(|| t.key(key).and_then(toml_edit::Key::span))
                .unwrap_or(0..0);
            let raw = self.text[span.clone()].trim();
            let expected = "a list of words or phrases in quotes";
            let (found, list, hint, fix) = match item.as_value() {
                Some(Value::Array(a)) => match a.iter().find(|v| !v.is_str()) {
                    None => {
                        let words = a.iter().filter_map(|v| v.as_str().map(str::to_string));
                        self.out.spans.insert(at, span);
                        out.insert(key.to_string(), words.collect::<Vec<_>>().into());
                        continue;
                    }
                    Some(v) => {
                        let s = v.span().unwrap_or(span.clone());
                        (
                            kind_of_value(v, &self.text[s]),
                            None,
                            "put each in quotes".into(),
                            None,
                        )
                    }
                },
                Some(v @ Value::String(s)) => (
                    kind_of_value(v, raw),
                    Some(vec![s.value().clone()]),
                    format!("put it in a list: `{key} = [{raw}]`"),
                    self.fix(span.clone(), format!("[{raw}]")),
                ),
                Some(v) => (
                    kind_of_value(v, raw),
                    None,
                    format!("write `{key} = [\"…\"]`"),
                    None,
                ),
                None => (
                    kind_of_item(item),
                    None,
                    format!("write `{key} = [\"…\"]`"),
                    None,
                ),
            };
            self.error(
                span.start,
                format!("`{key}` must be {expected}, not {found}"),
                hint,
                fix,
            );
            if let Some(list) = list {
                self.out.spans.insert(at, span);
                out.insert(key.to_string(), list.into());
            }
        }
        toml::Value::Table(out)
    }

    /// The edit that turns the header of `t` from `open name close` to `new_open name new_close`.
    fn header(
        &self,
        t: &toml_edit::Table,
        open: &str,
        close: &str,
        new_open: &str,
        new_close: &str,
    ) -> Option<Fix> {
        let start = t.span()?.start;
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let inner = line.strip_prefix(open)?;
        let end = inner.find(close)?;
        let name = inner[..end].trim();
        let range = start..start + open.len() + end + close.len();
        self.fix(range, format!("{new_open}{name}{new_close}"))
    }
}

/// `"a", "b"`.
fn choices(options: &[&str]) -> String {
    options
        .iter()
        .map(|o| format!("\"{o}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` as a TOML basic string.
pub(crate) fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn kind_of_value(v: &Value, raw: &str) -> String {
    let raw = raw.trim();
    match v {
        Value::String(s) if s.value().chars().count() <= 40 => format!("the text {raw}"),
        Value::String(_) => "text".into(),
        Value::Integer(_) | Value::Float(_) => format!("the number {raw}"),
        Value::Boolean(_) => raw.to_string(),
        Value::Datetime(_) => format!("the date {raw}"),
        Value::Array(_) => "a list".into(),
        Value::InlineTable(_) => "a table".into(),
    }
}

fn kind_of_item(item: &Item) -> String {
    match item {
        Item::Table(_) => "a table".into(),
        Item::ArrayOfTables(_) => "a list of tables".into(),
        Item::Value(_) | Item::None => "a value".into(),
    }
}

#[cfg(test)]
mod tests;
