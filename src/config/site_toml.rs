//! The schema of `site.toml`, key by key, for `schema::check`: what each table takes and of
//! which type. `SiteConfig` mirrors it; a test keeps the two in step.
use crate::schema::{Field, Table, Type};

/// `[markdown]`.
const MARKDOWN: Table = Table {
    name: "`[markdown]`",
    fields: &[
        Field::optional("smart_punctuation", Type::Bool),
        Field::optional(
            "highlight_theme",
            Type::Choice(&crate::markdown::highlight::THEME_NAMES),
        ),
        Field::optional(
            "highlight_theme_dark",
            Type::Choice(&crate::markdown::highlight::THEME_NAMES),
        ),
        Field::optional("raw_html", Type::Choice(&["allow", "escape", "sanitize"])),
    ],
    notes: &[],
};

const SEARCH: Table = Table {
    name: "`[search]`",
    fields: &[
        Field::optional("enabled", Type::Bool),
        Field::optional("synonyms", Type::TextLists),
    ],
    notes: &[],
};

const PRINT: Table = Table {
    name: "`[print]`",
    fields: &[Field::optional(
        "max_book_chapters",
        Type::Integer { min: 0 },
    )],
    notes: &[],
};

const CHECK: Table = Table {
    name: "`[check]`",
    fields: &[Field::optional(
        "broken_links",
        Type::Choice(&["error", "warn"]),
    )],
    notes: &[],
};

const PROGRESS: Table = Table {
    name: "`[progress]`",
    fields: &[Field::optional("reading_marks", Type::Bool)],
    notes: &[],
};

const BUILD: Table = Table {
    name: "`[build]`",
    fields: &[Field::optional("cache_dir", Type::Text)],
    notes: &[],
};

/// The whole file.
pub(super) const SITE: Table = Table {
    name: "`site.toml`",
    fields: &[
        Field::optional("title", Type::Text),
        Field::optional("id", Type::Text),
        Field::optional("description", Type::Text),
        Field::optional("language", Type::Text),
        Field::optional("author", Type::Text),
        Field::optional("base_url", Type::Text),
        Field::optional("output_dir", Type::Text),
        Field::optional("theme", Type::Text),
        Field::optional("logo", Type::Text),
        Field::optional("repo_url", Type::Text),
        Field::optional("edit_path", Type::Text),
        Field::optional("markdown", Type::Table(&MARKDOWN)),
        Field::optional("search", Type::Table(&SEARCH)),
        Field::optional("print", Type::Table(&PRINT)),
        Field::optional("check", Type::Table(&CHECK)),
        Field::optional("progress", Type::Table(&PROGRESS)),
        Field::optional("build", Type::Table(&BUILD)),
    ],
    notes: &[
        ("drafts", "publish drafts with `playbook build --drafts`"),
        ("port", "`playbook serve --port N` sets it"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of `SiteConfig` (with its optional ones set), as `table.key`.
    fn config_keys() -> Vec<String> {
        let config = super::super::SiteConfig {
            title: Some("t".into()),
            id: Some("t".into()),
            base_url: Some("/".into()),
            logo: Some("l".into()),
            repo_url: Some("r".into()),
            edit_path: Some("e".into()),
            ..Default::default()
        };
        let toml::Value::Table(root) = toml::Value::try_from(config).unwrap() else {
            panic!("a table");
        };
        let mut keys = Vec::new();
        for (k, v) in root {
            match v {
                toml::Value::Table(t) => keys.extend(t.keys().map(|inner| format!("{k}.{inner}"))),
                _ => keys.push(k),
            }
        }
        keys.sort();
        keys
    }

    fn schema_keys() -> Vec<String> {
        let mut keys = Vec::new();
        for f in SITE.fields {
            match f.ty {
                Type::Table(t) => {
                    keys.extend(t.fields.iter().map(|i| format!("{}.{}", f.key, i.key)))
                }
                _ => keys.push(f.key.to_string()),
            }
        }
        keys.sort();
        keys
    }

    #[test]
    fn the_schema_has_every_key_of_site_config() {
        assert_eq!(schema_keys(), config_keys());
    }
}
