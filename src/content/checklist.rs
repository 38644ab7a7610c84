//! Checklists as data: the TOML schema, its validation, and stable item ids. An item's id is
//! its own (`id = ...`) or the slug of its text, unique in the list, so ticks saved in a
//! browser survive reordering. Knows nothing of HTML or templates.
use super::chapter::slugify;
use crate::diagnostics::{self, Diagnostic, line_col};
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistFile {
    title: Spanned<String>,
    description: Option<String>,
    id: Option<Spanned<String>>,
    #[serde(default)]
    sections: Vec<Spanned<SectionFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    title: Spanned<String>,
    #[serde(default)]
    items: Vec<Spanned<ItemFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    text: Spanned<String>,
    id: Option<Spanned<String>>,
    detail: Option<String>,
}

/// A validated checklist, still in Markdown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChecklistSource {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) sections: Vec<SectionSource>,
    /// Line of the `title` key, for messages about the whole checklist.
    pub(crate) line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SectionSource {
    pub(crate) title: String,
    pub(crate) items: Vec<ItemSource>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemSource {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) detail: Option<String>,
}

/// Parses one checklist file; `file_stem` is the default id. Returns every problem found.
pub(crate) fn parse(
    text: &str,
    path: &str,
    file_stem: &str,
) -> Result<ChecklistSource, Vec<Diagnostic>> {
    let file: ChecklistFile = toml::from_str(text).map_err(|e| {
        vec![diagnostics::from_parse_error(
            path,
            text,
            1,
            e.message(),
            e.span().map(|s| s.start),
        )]
    })?;
    let at = |offset: usize| line_col(text, offset);
    let error = |offset: usize, message: String| {
        let (line, col) = at(offset);
        Diagnostic::error(path, line, message).at_col(col)
    };
    let mut problems = Vec::new();
    let id = match &file.id {
        Some(id) => {
            let valid = slugify(id.get_ref()) == *id.get_ref();
            if !valid {
                problems.push(error(
                    id.span().start,
                    format!(
                        "invalid `id` \"{}\": use lowercase letters, digits and dashes",
                        id.get_ref()
                    ),
                ));
            }
            id.get_ref().clone()
        }
        None => slugify(file_stem),
    };
    if file.title.get_ref().trim().is_empty() {
        problems.push(error(file.title.span().start, "`title` is empty".into()));
    }
    if file.sections.is_empty() {
        problems.push(
            Diagnostic::error(path, 0, "checklist has no `[[sections]]`").with_hint(Some(
                "add a `[[sections]]` table with a `title` and `[[sections.items]]` entries".into(),
            )),
        );
    }
    let mut seen_ids: Vec<String> = Vec::new();
    let mut sections = Vec::new();
    for section in &file.sections {
        let s = section.get_ref();
        if s.items.is_empty() {
            problems.push(
                error(
                    section.span().start,
                    format!("section \"{}\" has no items", s.title.get_ref()),
                )
                .with_hint(Some(
                    "add `[[sections.items]]` entries with a `text`, or remove the section".into(),
                )),
            );
        }
        let mut items = Vec::new();
        for item in &s.items {
            let it = item.get_ref();
            if it.text.get_ref().trim().is_empty() {
                problems.push(error(it.text.span().start, "item `text` is empty".into()));
            }
            let item_id = match &it.id {
                Some(explicit) => {
                    let v = explicit.get_ref().clone();
                    if slugify(&v) != v {
                        problems.push(error(explicit.span().start, format!("invalid item `id` \"{v}\": use lowercase letters, digits and dashes")));
                    } else if seen_ids.contains(&v) {
                        problems.push(error(
                            explicit.span().start,
                            format!("duplicate item `id` \"{v}\" in this checklist"),
                        ));
                    }
                    v
                }
                None => unique_id(&default_item_id(it.text.get_ref()), &seen_ids),
            };
            seen_ids.push(item_id.clone());
            items.push(ItemSource {
                id: item_id,
                text: it.text.get_ref().trim().to_string(),
                detail: it.detail.clone().filter(|d| !d.trim().is_empty()),
            });
        }
        sections.push(SectionSource {
            title: s.title.get_ref().clone(),
            items,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let line = at(file.title.span().start).0;
    Ok(ChecklistSource {
        id,
        title: file.title.into_inner(),
        description: file.description,
        sections,
        line,
    })
}

/// The slug of an item's text, cut at a word boundary to stay short.
fn default_item_id(text: &str) -> String {
    let slug = slugify(text);
    let mut out = String::new();
    for word in slug.split('-') {
        if !out.is_empty() && out.len() + word.len() >= 48 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() { "item".into() } else { out }
}

fn unique_id(base: &str, seen: &[String]) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while seen.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"title = "First 90 days"
description = "Use it."
[[sections]]
title = "Weeks 1-2"
[[sections.items]]
text = "Hold a 1:1 with every PM"
detail = "Ask what slows them down."
[[sections.items]]
text = "Read the roadmap"
id = "roadmap"
"#;

    #[test]
    fn parses_with_default_ids() {
        let c = parse(
            GOOD,
            "content/checklists/first-90-days.toml",
            "first-90-days",
        )
        .unwrap();
        assert_eq!(c.id, "first-90-days");
        assert_eq!(c.sections[0].items[0].id, "hold-a-1-1-with-every-pm");
        assert_eq!(c.sections[0].items[1].id, "roadmap");
        assert_eq!(c.line, 1);
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let text = GOOD.replace("detail = ", "detials = ");
        let e = parse(&text, "c.toml", "c").unwrap_err();
        assert_eq!(e[0].line, 7);
        assert!(e[0].message.contains("detials"));
        assert_eq!(
            e[0].hint.as_deref(),
            Some("did you mean `detail`?"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn missing_text_is_an_error() {
        let e = parse(
            "title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ndetail = \"d\"\n",
            "c.toml",
            "c",
        )
        .unwrap_err();
        assert!(e[0].message.contains("missing field `text`"), "{}", e[0]);
        assert!(e[0].line >= 4, "{}", e[0]);
    }

    #[test]
    fn missing_title_is_an_error() {
        let e = parse("[[sections]]\ntitle = \"s\"\n", "c.toml", "c").unwrap_err();
        assert!(e[0].message.contains("missing field `title`"), "{}", e[0]);
    }

    #[test]
    fn empty_section_names_its_line() {
        let e = parse(
            "title = \"x\"\n\n[[sections]]\ntitle = \"Empty\"\n",
            "c.toml",
            "c",
        )
        .unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("\"Empty\" has no items"));
    }

    #[test]
    fn duplicate_item_ids_are_errors() {
        let text = "title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"a\"\nid = \"same\"\n[[sections.items]]\ntext = \"b\"\nid = \"same\"\n";
        let e = parse(text, "c.toml", "c").unwrap_err();
        assert_eq!(e[0].line, 9);
        assert!(e[0].message.contains("duplicate item `id` \"same\""));
    }

    #[test]
    fn same_text_gets_distinct_default_ids() {
        let text = "title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"Call\"\n[[sections.items]]\ntext = \"Call\"\n";
        let c = parse(text, "c.toml", "c").unwrap();
        assert_eq!(c.sections[0].items[1].id, "call-2");
    }
}
