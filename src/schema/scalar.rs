//! Scalar values against their type: text, whole numbers, true or false, one of a few
//! words. A value of the wrong type that means one thing (`"500"` for a number, `42` for
//! text) is reported with the fix that writes it right, and read as that.
use super::{Field, Type, Walk, choices, kind_of_value, quote};
use crate::diagnostics::{Fix, suggest};
use std::ops::Range;
use toml_edit::Value;

impl Walk<'_> {
    pub(super) fn scalar(
        &mut self,
        v: &Value,
        field: &Field,
        span: Range<usize>,
    ) -> Option<toml::Value> {
        let raw = &self.text[span.clone()];
        match (&field.ty, v) {
            (Type::Text, Value::String(s)) => Some(toml::Value::String(s.value().clone())),
            (
                Type::Text,
                Value::Integer(_) | Value::Float(_) | Value::Boolean(_) | Value::Datetime(_),
            ) => {
                let text = raw.trim().to_string();
                let quoted = quote(&text);
                let fix = self.fix(span.clone(), quoted.clone());
                self.wrong(
                    field,
                    &span,
                    kind_of_value(v, raw),
                    Some((format!("put it in quotes: `{} = {quoted}`", field.key), fix)),
                );
                Some(toml::Value::String(text))
            }
            (Type::Integer { min }, Value::Integer(i)) => {
                let i = *i.value();
                if i < *min {
                    self.error(
                        span.start,
                        format!("`{}` must be {min} or more, not {i}", field.key),
                        format!("write a whole number of at least {min}"),
                        None,
                    );
                    return None;
                }
                Some(toml::Value::Integer(i))
            }
            (Type::Integer { min }, Value::String(s)) => {
                let n: Option<i64> = s.value().trim().parse().ok().filter(|n| n >= min);
                let fix = n.and_then(|n| self.fix(span.clone(), n.to_string()));
                let hint = n.map(|n| {
                    (
                        format!("write it without quotes: `{} = {n}`", field.key),
                        fix,
                    )
                });
                self.wrong(field, &span, kind_of_value(v, raw), hint);
                n.map(toml::Value::Integer)
            }
            (Type::Bool, Value::Boolean(b)) => Some(toml::Value::Boolean(*b.value())),
            (Type::Bool, Value::String(s)) => {
                let b = match s.value().trim().to_ascii_lowercase().as_str() {
                    "true" | "yes" | "on" => Some(true),
                    "false" | "no" | "off" => Some(false),
                    _ => None,
                };
                let fix = b.and_then(|b| self.fix(span.clone(), b.to_string()));
                let hint = b.map(|b| {
                    (
                        format!("write it without quotes: `{} = {b}`", field.key),
                        fix,
                    )
                });
                self.wrong(field, &span, kind_of_value(v, raw), hint);
                b.map(toml::Value::Boolean)
            }
            (Type::Choice(options), Value::String(s)) => {
                let given = s.value();
                if options.contains(&given.as_str()) {
                    return Some(toml::Value::String(given.clone()));
                }
                let near = options
                    .iter()
                    .find(|o| o.eq_ignore_ascii_case(given.trim()))
                    .or_else(|| {
                        suggest(given, options).and_then(|s| options.iter().find(|o| **o == s))
                    });
                let list = choices(options);
                let hint = match near {
                    Some(o) => format!("did you mean \"{o}\"?"),
                    None => format!("write one of {list}"),
                };
                let fix = near.and_then(|o| self.fix(span.clone(), quote(o)));
                self.error(
                    span.start,
                    format!(
                        "`{}` must be one of {list}, not {}",
                        field.key,
                        kind_of_value(v, raw)
                    ),
                    hint,
                    fix,
                );
                near.map(|o| toml::Value::String(o.to_string()))
            }
            _ => {
                self.wrong(field, &span, kind_of_value(v, raw), None);
                None
            }
        }
    }

    /// "`key` must be <expected>, not <found>", with a hint (and fix) when there is one.
    pub(super) fn wrong(
        &mut self,
        field: &Field,
        span: &Range<usize>,
        found: String,
        hint: Option<(String, Option<Fix>)>,
    ) {
        let expected = match field.ty {
            Type::Text => "text in quotes".to_string(),
            Type::Integer { .. } => "a whole number".into(),
            Type::Bool => "true or false".into(),
            Type::Choice(o) => format!("one of {}", choices(o)),
            Type::Table(_) => format!("a table (`[{}]`)", field.key),
            Type::Tables(_) => format!("a list of tables (`[[{}]]`)", field.key),
            Type::TextLists => format!("a table of lists (`[{}]`)", field.key),
        };
        let (hint, fix) =
            hint.unwrap_or_else(|| (format!("`{}` takes {expected}", field.key), None));
        self.error(
            span.start,
            format!("`{}` must be {expected}, not {found}", field.key),
            hint,
            fix,
        );
    }
}
