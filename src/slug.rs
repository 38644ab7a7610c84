//! Slugs and unique ids: the one way text becomes a URL segment or an id (tag pages, checklist
//! and item ids, the namespace of saved ticks, file names in URLs), and the one way clashing
//! ids are numbered. GitHub's rule for heading ids is another (`markdown::ids`), kept apart
//! because links written for GitHub must keep working.

/// Lowercase, letters and digits kept (any script), everything else collapsed to single `-`.
pub(crate) fn slugify(text: &str) -> String {
    slug_with(text, false)
}

/// `slugify` for a file or folder name: dots between digits stay, so versions read as
/// written (`v1.2` → `v1.2`).
pub(crate) fn slugify_name(text: &str) -> String {
    slug_with(text, true)
}

fn slug_with(text: &str, version_dots: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    let mut chars = text.chars().peekable();
    let mut last = None;
    while let Some(c) = chars.next() {
        // ASCII, most of every name, without the Unicode tables: the plan slugs every page's
        // file and folder names on every build.
        let alphanumeric = match c.is_ascii() {
            true => c.is_ascii_alphanumeric(),
            false => c.is_alphanumeric(),
        };
        if alphanumeric {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            match c.is_ascii() {
                true => out.push(c.to_ascii_lowercase()),
                false => out.extend(c.to_lowercase()),
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_of_every_script() {
        assert_eq!(slugify("What's a \"skip-level\"?"), "whats-a-skip-level");
        assert_eq!(slugify("Équipe & rôles"), "équipe-rôles");
        assert_eq!(slugify("v1.2 notes"), "v1-2-notes");
        assert_eq!(slugify_name("v1.2 notes"), "v1.2-notes");
        assert_eq!(slugify_name("a.b"), "a-b");
    }

    /// `slug_with` as it reads without the ASCII shortcut.
    fn unicode_only(text: &str, version_dots: bool) -> String {
        let mut out = String::new();
        let (mut dash, mut last) = (false, None);
        let mut chars = text.chars().peekable();
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

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_slugs_as_the_unicode_tables_do(
            text in "([a-zA-Z0-9 ._'-]|\u{2019}|É|ß|İ|語|٣|\u{a0}){0,24}",
            dots: bool,
        ) {
            proptest::prop_assert_eq!(slug_with(&text, dots), unicode_only(&text, dots));
        }
    }

    #[test]
    fn clashing_ids_are_numbered() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("x", 2), "x");
        assert_eq!(ids.claim("x", 2), "x-2");
        assert!(ids.insert("x-3") && !ids.insert("x"));
        assert_eq!(ids.claim("x", 2), "x-4");
    }
}
