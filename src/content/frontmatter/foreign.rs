//! Front-matter keys, playbook's own and those other tools write that mean the same thing
//! here, read from a parsed TOML table or YAML mapping. Playbook's own keys with a wrong type
//! are errors; a foreign key with a value playbook cannot use, and any key it does not know,
//! is a warning: the page still builds.
use super::FrontMatter;
use crate::diagnostics::{Diagnostic, suggest};

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
                Some(w) => weights.push((weight_rank(&key), w)),
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
                Some(tags) => m.tags.extend(tags),
                None => r.wrong(&key, "a tag or a list of tags", &v),
            },
            "nav_title" | "linkTitle" | "sidebar_label" => {
                if let Some(t) = text(r, &key, &v) {
                    nav_titles.push((nav_rank(&key), t));
                }
            }
            "date" | "lastmod" | "updated" => match v.text().as_deref().and_then(date) {
                Some(d) => m.updated = m.updated.max(Some(d)),
                None => r.wrong(&key, "a date (`YYYY-MM-DD`)", &v),
            },
            "aliases" | "redirect_from" => match v.texts() {
                Some(urls) => m
                    .aliases
                    .extend(urls.into_iter().filter(|u| !u.trim().is_empty())),
                None => r.wrong(&key, "a URL or a list of URLs", &v),
            },
            _ => {
                let hint = match suggest(&key, &KNOWN_KEYS) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("playbook reads {}", KNOWN_KEYS[..6].join(", ")),
                };
                r.push(
                    &key,
                    false,
                    format!("unknown front-matter key `{key}`; ignored"),
                    Some(hint),
                );
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

#[cfg(test)]
mod tests {
    use super::date;

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
