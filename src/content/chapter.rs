//! Names and order of pages: order keys (weight, then `NN-` prefix, then file name), slugs and
//! title fallbacks. Pure functions over names and front matter; no IO, no URLs.
//!
//! Ordering reads any leading number (`2024-01-15-notes` sorts as 2024), but a name loses its
//! prefix only when it is an ordering prefix, digits then `-`, `_` or `.` then a letter
//! (`03-altitude`): dates and versions (`2024-01-15-notes`, `1.0`, `4-0-0`) keep theirs, so
//! they do not all end up at one URL.
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
        OrderKey {
            weight,
            prefix: order_prefix(stem(file_name)),
            name: file_name.to_lowercase(),
        }
    }

    /// The key of a folder, whose name has no extension to drop.
    pub(crate) fn folder(weight: Option<i64>, name: &str) -> OrderKey {
        OrderKey {
            weight,
            prefix: order_prefix(name),
            name: name.to_lowercase(),
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

/// The leading number that orders `03-on-call` (3) or `2024-01-15-notes` (2024); a name that
/// is only digits (`2024`) has none, it sorts by name.
fn order_prefix(stem: &str) -> Option<u64> {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    match stem[digits..].strip_prefix(['-', '_', '.', ' ']) {
        Some(r) if !r.is_empty() => stem[..digits].parse().ok(),
        _ => None,
    }
}

/// `stem` without an ordering prefix: `03-altitude` → `altitude`, but `2024-01-15-notes`,
/// `1.0` and `4-0-0` stay whole (the separator must be followed by a letter).
pub(crate) fn strip_order_prefix(stem: &str) -> &str {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return stem;
    }
    match stem[digits..].strip_prefix(['-', '_', '.']) {
        Some(rest) if rest.chars().next().is_some_and(char::is_alphabetic) => rest,
        _ => stem,
    }
}

/// URL slug of a file or folder name: ordering prefix dropped (`strip_order_prefix`), then
/// `slugify`, keeping dots between digits so versions read as written (`1.0` → `1.0`).
pub(crate) fn slug_of_name(file_name: &str) -> String {
    slug_of_stem(strip_order_prefix(stem(file_name)))
}

/// URL slug of a folder name (which has no extension to drop: `v1.2` stays `v1.2`).
pub(crate) fn slug_of_folder(name: &str) -> String {
    slug_of_stem(strip_order_prefix(name))
}

/// URL slug of a whole stem, prefix and all: where a page goes when its short slug is taken.
pub(crate) fn slug_of_stem(stem: &str) -> String {
    slug_with(strip_notion_id(stem), true)
}

/// `name` without the id Notion exports end every page's file and folder name with
/// (`First 90 days 8f2a…e1`, a space and 32 hex digits): the id is no part of its title or URL.
pub(crate) fn strip_notion_id(name: &str) -> &str {
    match name
        .len()
        .checked_sub(33)
        .map(|at| name.split_at_checked(at))
    {
        Some(Some((base, id)))
            if id.starts_with(' ')
                && id[1..].bytes().all(|b| b.is_ascii_hexdigit())
                && !base.trim().is_empty() =>
        {
            base.trim_end()
        }
        _ => name,
    }
}

/// Lowercase, letters and digits kept (any script), everything else collapsed to single `-`.
pub(crate) fn slugify(text: &str) -> String {
    slug_with(text, false)
}

fn slug_with(text: &str, version_dots: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    let mut chars = text.chars().peekable();
    let mut last = None;
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if version_dots
            && c == '.'
            && !dash
            && last.is_some_and(|l: char| l.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            out.push('.');
        } else if c != '\'' && c != '\u{2019}' {
            dash = true;
        }
        last = Some(c);
    }
    out
}

/// Ids made unique by a numeric suffix (`x`, `x-2`, `x-3`…), remembering the next suffix per
/// base so that 100,000 equal names stay linear.
#[derive(Debug, Default)]
pub(crate) struct UniqueIds {
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl UniqueIds {
    /// Takes `id` as it is; false if it was already taken.
    pub(crate) fn insert(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// Takes `base`, or else `base-N` for the first free N counting from `first_suffix`.
    pub(crate) fn claim(&mut self, base: &str, first_suffix: usize) -> String {
        if self.insert(base) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(first_suffix);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// A readable title from a file name when neither front matter nor an `# H1` gives one:
/// `03-on_call-basics.md` becomes "On call basics"; `2024-01-15-notes.md` keeps its date.
pub(crate) fn title_from_name(file_name: &str) -> String {
    title_from_folder(stem(file_name))
}

/// `title_from_name` for a folder, whose name has no extension.
pub(crate) fn title_from_folder(name: &str) -> String {
    let words = strip_order_prefix(strip_notion_id(name)).replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notion_ids_are_no_part_of_titles_or_urls() {
        let file = "First 90 days 8f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d.md";
        assert_eq!(slug_of_name(file), "first-90-days");
        assert_eq!(title_from_name(file), "First 90 days");
        assert_eq!(
            slug_of_folder("Team 0123456789abcdef0123456789ABCDEF"),
            "team"
        );
        // Not an id: too short, not hex, or all there is.
        assert_eq!(slug_of_folder("Notes 8f2a1c"), "notes-8f2a1c");
        assert_eq!(
            strip_notion_id(" 8f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d"),
            " 8f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d"
        );
    }

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
        assert_eq!(slug_of_name("03_altitude.md"), "altitude");
        assert_eq!(slug_of_name("3.intro.md"), "intro");
        assert_eq!(slugify("What's a \"skip-level\"?"), "whats-a-skip-level");
        assert_eq!(slugify("Équipe & rôles"), "équipe-rôles");
    }

    #[test]
    fn unique_ids_count_per_base_and_skip_taken_ones() {
        let mut ids = UniqueIds::default();
        assert!(ids.insert("a-2"));
        assert_eq!(ids.claim("a", 2), "a");
        assert_eq!(ids.claim("a", 2), "a-3");
        assert_eq!(ids.claim("a", 2), "a-4");
        assert_eq!(ids.claim("b", 1), "b");
        assert_eq!(ids.claim("b", 1), "b-1");
        assert!(!ids.insert("b-1") && !ids.insert("a"));
    }

    #[test]
    fn dates_and_versions_keep_their_numbers() {
        for (name, slug) in [
            ("2024-01-15-notes.md", "2024-01-15-notes"),
            ("2023-01-15-notes.md", "2023-01-15-notes"),
            ("1.0.md", "1.0"),
            ("2.0.md", "2.0"),
            ("v1.2.3-release.md", "v1.2.3-release"),
            ("4-0-0.md", "4-0-0"),
            ("10.md", "10"),
            ("1. intro.md", "1-intro"),
            ("03 intro.md", "03-intro"),
            ("1..2.md", "1-2"),
        ] {
            assert_eq!(slug_of_name(name), slug, "{name}");
        }
        assert_eq!(slug_of_stem("02-a"), "02-a");
        assert_eq!(slug_of_folder("v1.2"), "v1.2");
        assert_eq!(slug_of_folder("01-the.team"), "the-team");
        assert_eq!(title_from_folder("02-hiring_loop"), "Hiring loop");
        assert_eq!(title_from_name("2024-01-15-notes.md"), "2024 01 15 notes");
        assert_eq!(title_from_name("1.0.md"), "1.0");
        assert_eq!(
            slugify("1.0"),
            "1-0",
            "only names of files keep version dots"
        );
    }

    #[test]
    fn ordering_still_reads_leading_numbers() {
        let mut keys = [
            OrderKey::new(None, "2024-01-15-notes.md"),
            OrderKey::new(None, "2.0.md"),
            OrderKey::new(None, "10.0.md"),
            OrderKey::new(None, "1.0.md"),
        ];
        keys.sort();
        let names: Vec<_> = keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(
            names,
            ["1.0.md", "2.0.md", "10.0.md", "2024-01-15-notes.md"]
        );
    }

    #[test]
    fn title_fallback_from_name() {
        assert_eq!(title_from_name("03-on_call-basics.md"), "On call basics");
        assert_eq!(title_from_name("faq.md"), "Faq");
    }
}
