//! Front-matter keys, playbook's own and those other tools write that mean the same thing
//! here, read from a parsed TOML table or YAML mapping. Playbook's own keys with a wrong type
//! are errors; a foreign key with a value playbook cannot use, and any key it does not know,
//! is a warning: the page still builds.
use super::FrontMatter;
use crate::diagnostics::{Diagnostic, Fix, suggest};

/// Every key read, playbook's own first.
pub(crate) const KNOWN_KEYS: [&str; 19] = [
    "title",
    "description",
    "weight",
    "draft",
    "tags",
    "slug",
    "nav_title",
    "linkTitle",
    "sidebar_label",
    "sidebar_position",
    "nav_order",
    "summary",
    "categories",
    "date",
    "lastmod",
    "updated",
    "aliases",
    "redirect_from",
    "published",
];

/// A front-matter value, whichever format it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Value>),
    /// A table or mapping, or null.
    Other(&'static str),
}

impl Value {
    pub(super) fn from_toml(v: toml::Value) -> Value {
        match v {
            toml::Value::String(s) => Value::Str(s),
            toml::Value::Integer(i) => Value::Int(i),
            toml::Value::Float(f) => Value::Float(f),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::Str(d.to_string()),
            toml::Value::Array(a) => Value::List(a.into_iter().map(Value::from_toml).collect()),
            toml::Value::Table(_) => Value::Other("a table"),
        }
    }

    pub(super) fn from_yaml(v: serde_yaml_ng::Value) -> Value {
        use serde_yaml_ng::Value as Y;
        match v {
            Y::String(s) => Value::Str(s),
            Y::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Y::Bool(b) => Value::Bool(b),
            Y::Sequence(s) => Value::List(s.into_iter().map(Value::from_yaml).collect()),
            Y::Mapping(_) => Value::Other("a mapping"),
            Y::Null => Value::Other("nothing"),
            Y::Tagged(t) => Value::from_yaml(t.value),
        }
    }

    fn kind(&self) -> String {
        match self {
            Value::Str(s) if s.chars().count() <= 40 => format!("{s:?}"),
            v => v.kind_name().to_string(),
        }
    }

    fn kind_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "a number",
            Value::Float(_) => "a decimal number",
            Value::Bool(_) => "true or false",
            Value::List(_) => "a list",
            Value::Other(what) => what,
        }
    }

    /// Text: a string, or a number or boolean written without quotes.
    fn text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A list of texts; a single text is a list of one.
    fn texts(&self) -> Option<Vec<String>> {
        match self {
            Value::List(items) => items.iter().map(Value::text).collect(),
            Value::Other("nothing") => Some(Vec::new()),
            v => v.text().map(|t| vec![t]),
        }
    }

    fn whole_number(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Float(f) if f.is_finite() => Some(f.round() as i64),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn boolean(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// Where the problems of one front matter go, positioned by key.
struct Report<'a> {
    raw: &'a str,
    path: &'a str,
    /// `=` for TOML, `:` for YAML.
    sep: char,
    problems: Vec<Diagnostic>,
}

impl Report<'_> {
    /// The file line of the top-level `key` (the front matter starts on line 2) and the
    /// column of the key, or of its value when `value`.
    fn position(&self, key: &str, value: bool) -> (usize, usize) {
        for (i, l) in self.raw.lines().enumerate() {
            let start = l.len() - l.trim_start().len();
            let l = l.trim_start();
            let rest = l
                .strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| l.strip_prefix(&format!("'{key}'")));
            let Some(after) = rest.and_then(|r| r.trim_start().strip_prefix(self.sep)) else {
                continue;
            };
            let col = if value {
                let at = l.len() - after.trim_start().len();
                l[..at].chars().count() + start
            } else {
                start
            };
            return (i + 2, col + 1);
        }
        (1, 0)
    }

    fn push(&mut self, key: &str, error: bool, message: String, hint: Option<String>) {
        let (line, col) = self.position(key, error);
        let d = if error {
            Diagnostic::error(self.path, line, message)
        } else {
            Diagnostic::warning(self.path, line, message)
        };
        self.problems.push(d.at_col(col).with_hint(hint));
    }

    /// The value of the top-level `key` as written, to replace it: its file line, its
    /// columns and its text (a trailing comment left out).
    fn value_span(&self, key: &str) -> Option<(usize, std::ops::Range<usize>, &str)> {
        let (line, col) = self.position(key, true);
        let text = self.raw.split('\n').nth(line.checked_sub(2)?)?;
        let start = text.char_indices().nth(col.checked_sub(1)?)?.0;
        let rest = text[start..].trim_end();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => &rest[..rest[1..].find(q)? + 2],
            _ => rest.split(" #").next().unwrap_or(rest).trim_end(),
        };
        Some((line, col..col + value.chars().count(), value))
    }

    /// A warning at the value of `key`, with `new` as the fix that replaces it.
    fn rewrite(&mut self, key: &str, message: String, new: String) {
        let sep = if self.sep == '=' { " =" } else { ":" };
        let hint = format!("write `{key}{sep} {new}`");
        let fix = self
            .value_span(key)
            .map(|(line, cols, _)| Fix::on_line(self.path, line, cols, new.clone()));
        let (line, col) = self.position(key, true);
        self.problems.push(
            Diagnostic::warning(self.path, line, message)
                .at_col(col)
                .with_hint(Some(hint))
                .with_fix(fix),
        );
    }

    /// `texts` as a list in this front matter's language.
    fn list(&self, texts: &[String]) -> String {
        let items: Vec<String> = texts
            .iter()
            .map(|t| {
                let bare = self.sep == ':'
                    && t.chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                    && !t.starts_with([' ', '-']);
                if bare {
                    t.clone()
                } else {
                    serde_json::to_string(t).unwrap_or_default()
                }
            })
            .collect();
        format!("[{}]", items.join(", "))
    }

    /// A value of the wrong type: an error for playbook's own keys, else a warning.
    fn wrong(&mut self, key: &str, expected: &str, v: &Value) {
        let own = KNOWN_KEYS[..6].contains(&key);
        let message = format!("`{key}` must be {expected}, not {}", v.kind());
        let message = if own {
            message
        } else {
            format!("{message}; ignored")
        };
        self.push(key, own, message, None);
    }
}

/// Reads the entries of a front matter (`raw`, for positions) into `FrontMatter`.
pub(super) fn read(
    entries: impl Iterator<Item = (String, Value)>,
    raw: &str,
    path: &str,
    sep: char,
) -> (FrontMatter, Vec<Diagnostic>) {
    let mut report = Report {
        raw,
        path,
        sep,
        problems: Vec::new(),
    };
    let mut m = FrontMatter::default();
    let (mut summary, mut weights, mut nav_titles) = (None, Vec::new(), Vec::new());
    for (key, v) in entries {
        let r = &mut report;
        match key.as_str() {
            "title" => m.title = text(r, &key, &v),
            "description" => m.description = text(r, &key, &v),
            "summary" => summary = text(r, &key, &v),
            "slug" => m.slug = text(r, &key, &v),
            "weight" | "sidebar_position" | "nav_order" => match v.whole_number() {
                Some(w) => {
                    if let Value::Str(s) = &v {
                        // Sorted as text by other tools ("10" before "9"): said, and read.
                        r.rewrite(
                            &key,
                            format!(
                                "`{key}` is the text \"{}\", not a number; read as {w}",
                                s.trim()
                            ),
                            w.to_string(),
                        );
                    }
                    weights.push((weight_rank(&key), w));
                }
                None => r.wrong(&key, "a whole number", &v),
            },
            "draft" => match v.boolean() {
                Some(b) => m.draft = b,
                None => r.wrong(&key, "true or false", &v),
            },
            // Jekyll's `published: false` is a draft.
            "published" => match v.boolean() {
                Some(b) => m.draft |= !b,
                None => r.wrong(&key, "true or false", &v),
            },
            "tags" | "categories" => match v.texts() {
                Some(tags) => m.tags.extend(tags_of(r, &key, &v, tags)),
                None => r.wrong(&key, "a tag or a list of tags", &v),
            },
            "nav_title" | "linkTitle" | "sidebar_label" => {
                if let Some(t) = text(r, &key, &v) {
                    nav_titles.push((nav_rank(&key), t));
                }
            }
            "date" | "lastmod" | "updated" => match v.text().as_deref().map(|t| (date(t), t)) {
                Some((Some(d), _)) => m.updated = m.updated.max(Some(d)),
                Some((None, t)) if loose_date(t).is_some() => {
                    let d = loose_date(t).unwrap_or_default();
                    r.rewrite(
                        &key,
                        format!("`{key}` is not written YYYY-MM-DD; read as {d}"),
                        d.clone(),
                    );
                    m.updated = m.updated.max(Some(d));
                }
                _ => r.wrong(&key, "a date (`YYYY-MM-DD`)", &v),
            },
            "aliases" | "redirect_from" => match v.texts() {
                Some(urls) => m
                    .aliases
                    .extend(urls.into_iter().filter(|u| !u.trim().is_empty())),
                None => r.wrong(&key, "a URL or a list of URLs", &v),
            },
            _ => {
                let best = suggest(&key, &KNOWN_KEYS);
                let hint = match best {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("playbook reads {}", KNOWN_KEYS[..6].join(", ")),
                };
                r.push(
                    &key,
                    false,
                    format!("unknown front-matter key `{key}`; ignored"),
                    Some(hint),
                );
                let (line, col) = r.position(&key, false);
                let written = r.raw.split('\n').nth(line.saturating_sub(2)).unwrap_or("");
                let at = written
                    .char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(0, |(i, _)| i);
                if let (Some(best), Some(d)) = (best, r.problems.last_mut())
                    && col > 0
                    && written[at..].starts_with(key.as_str())
                {
                    let cols = col..col + key.chars().count();
                    d.fix = Some(Box::new(Fix::on_line(r.path, line, cols, best)));
                }
            }
        }
    }
    m.description = m.description.or(summary);
    m.weight = weights
        .into_iter()
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, w)| w);
    m.nav_title = nav_titles
        .into_iter()
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, t)| t);
    let mut seen = std::collections::HashSet::new();
    m.tags.retain(|t| seen.insert(t.clone()));
    (m, report.problems)
}

/// The tags of `v`: a text with commas is read as the list it was meant to be, and said so.
fn tags_of(r: &mut Report<'_>, key: &str, v: &Value, tags: Vec<String>) -> Vec<String> {
    let Value::Str(s) = v else { return tags };
    if !s.contains(',') {
        return tags;
    }
    let tags: Vec<String> = s
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let list = r.list(&tags);
    r.rewrite(
        key,
        format!("`{key}` is one text with commas; read as the list {list}"),
        list.clone(),
    );
    tags
}

fn text(r: &mut Report<'_>, key: &str, v: &Value) -> Option<String> {
    let t = v.text();
    if t.is_none() {
        r.wrong(key, "text", v);
    }
    t
}

/// Which of the keys meaning "weight" wins when several are given: playbook's own.
fn weight_rank(key: &str) -> usize {
    ["weight", "sidebar_position", "nav_order"]
        .iter()
        .position(|k| *k == key)
        .unwrap_or(usize::MAX)
}

fn nav_rank(key: &str) -> usize {
    ["nav_title", "linkTitle", "sidebar_label"]
        .iter()
        .position(|k| *k == key)
        .unwrap_or(usize::MAX)
}

/// The `YYYY-MM-DD` a date or date-time begins with, if it is a real calendar date.
fn date(text: &str) -> Option<String> {
    let day = text.trim().get(..10)?;
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    let month: u32 = day[5..7].parse().ok()?;
    let d: u32 = day[8..10].parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&d)).then(|| day.to_string())
}

/// A date written another common way, as `YYYY-MM-DD`: `2024/01/15`, `2024-1-5`,
/// `15.01.2024`, `15/01/2024` or `01/15/2024` (when the day tells which is which),
/// `January 15, 2024`, `15 Jan 2024`.
fn loose_date(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month_of = |w: &str| {
        let w = w.to_ascii_lowercase();
        MONTHS
            .iter()
            .position(|m| w.len() >= 3 && w.starts_with(m))
            .map(|i| i as u32 + 1)
    };
    let words: Vec<&str> = text
        .split([' ', ',', '/', '.', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    let n = |w: &str| w.parse::<u32>().ok();
    let (y, m, d) = match words.as_slice() {
        [a, b, c] if a.len() == 4 => (n(a)?, month_of(b).or_else(|| n(b))?, n(c)?),
        [a, b, c] if c.len() == 4 && month_of(a).is_some() => (n(c)?, month_of(a)?, n(b)?),
        [a, b, c] if c.len() == 4 && month_of(b).is_some() => (n(c)?, month_of(b)?, n(a)?),
        [a, b, c] if c.len() == 4 && text.contains('.') => (n(c)?, n(b)?, n(a)?),
        [a, b, c] if c.len() == 4 => match (n(a)?, n(b)?) {
            (a, b) if a > 12 && b <= 12 => (n(c)?, b, a),
            (a, b) if b > 12 && a <= 12 => (n(c)?, a, b),
            _ => return None,
        },
        _ => return None,
    };
    ((1000..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::{date, loose_date};

    #[test]
    fn dates_written_other_ways_are_read_when_unambiguous() {
        for (written, read) in [
            ("2024/01/15", Some("2024-01-15")),
            ("2024-1-5", Some("2024-01-05")),
            ("15.01.2024", Some("2024-01-15")),
            ("15/01/2024", Some("2024-01-15")),
            ("01/15/2024", Some("2024-01-15")),
            ("03/04/2024", None),
            ("January 15, 2024", Some("2024-01-15")),
            ("15 Jan 2024", Some("2024-01-15")),
            ("last week", None),
            ("2024/13/01", None),
        ] {
            assert_eq!(loose_date(written).as_deref(), read, "{written}");
        }
    }

    #[test]
    fn dates_are_read_from_dates_and_date_times() {
        assert_eq!(date("2024-01-15").as_deref(), Some("2024-01-15"));
        assert_eq!(date("2024-01-15T10:00:00Z").as_deref(), Some("2024-01-15"));
        assert_eq!(
            date("2024-01-15 10:00:00 +0100").as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(date("2024-13-01"), None);
        assert_eq!(date("last week"), None);
        assert_eq!(date("2024-1-5"), None);
        assert_eq!(date("20ä4-01-15"), None);
    }
}
