//! Names and order of pages: order keys (weight, then `NN-` prefix, then file name), slugs and
//! title fallbacks. Pure functions over names and front matter; no IO, no URLs.
use std::cmp::Ordering;

/// Sort key for chapters and parts: `weight`, then a numeric file-name prefix, then the name.
/// Nothing is ever dropped for lacking a key; keyless entries sort last, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrderKey {
    weight: Option<i64>,
    prefix: Option<u64>,
    name: String,
}

impl OrderKey {
    pub(crate) fn new(weight: Option<i64>, file_name: &str) -> OrderKey {
        let (prefix, _) = split_prefix(stem(file_name));
        OrderKey {
            weight,
            prefix,
            name: file_name.to_lowercase(),
        }
    }
}

impl Ord for OrderKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let w = |k: &OrderKey| (k.weight.is_none(), k.weight);
        let p = |k: &OrderKey| (k.prefix.is_none(), k.prefix);
        w(self)
            .cmp(&w(other))
            .then_with(|| p(self).cmp(&p(other)))
            .then_with(|| self.name.cmp(&other.name))
    }
}

impl PartialOrd for OrderKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The file name without its extension.
pub(crate) fn stem(file_name: &str) -> &str {
    file_name
        .rsplit_once('.')
        .map_or(file_name, |(s, _)| if s.is_empty() { file_name } else { s })
}

/// Splits `03-on-call` into `(Some(3), "on-call")`. A name that is only digits keeps them.
fn split_prefix(stem: &str) -> (Option<u64>, &str) {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return (None, stem);
    }
    let rest = &stem[digits..];
    match rest.strip_prefix(['-', '_', '.', ' ']) {
        Some(r) if !r.is_empty() => (stem[..digits].parse().ok(), r),
        _ => (None, stem),
    }
}

/// URL slug of a file or folder name: prefix dropped, then `slugify`.
pub(crate) fn slug_of_name(file_name: &str) -> String {
    slugify(split_prefix(stem(file_name)).1)
}

/// Lowercase, letters and digits kept (any script), everything else collapsed to single `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            dash = true;
        }
    }
    out
}

/// A readable title from a file name when neither front matter nor an `# H1` gives one:
/// `03-on_call-basics.md` becomes "On call basics".
pub(crate) fn title_from_name(file_name: &str) -> String {
    let words = split_prefix(stem(file_name)).1.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => file_name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_weight_then_prefix_then_name() {
        let mut keys = [
            OrderKey::new(None, "zeta.md"),
            OrderKey::new(None, "10-b.md"),
            OrderKey::new(None, "2-c.md"),
            OrderKey::new(Some(5), "99-w.md"),
            OrderKey::new(None, "alpha.md"),
        ];
        keys.sort();
        let names: Vec<_> = keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(
            names,
            ["99-w.md", "2-c.md", "10-b.md", "alpha.md", "zeta.md"]
        );
    }

    #[test]
    fn slugs_drop_numeric_prefix() {
        assert_eq!(slug_of_name("03-On-Call Basics.md"), "on-call-basics");
        assert_eq!(slug_of_name("2024.md"), "2024");
        assert_eq!(slug_of_name("01-the-leap"), "the-leap");
        assert_eq!(slugify("What's a \"skip-level\"?"), "whats-a-skip-level");
        assert_eq!(slugify("Équipe & rôles"), "équipe-rôles");
    }

    #[test]
    fn title_fallback_from_name() {
        assert_eq!(title_from_name("03-on_call-basics.md"), "On call basics");
        assert_eq!(title_from_name("faq.md"), "Faq");
    }
}
