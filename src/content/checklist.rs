//! Checklists as data: the TOML schema, its validation, and stable item ids. An item's id is
//! its own (`id = ...`) or the slug of its text, unique in the list, so ticks saved in a
//! browser survive reordering. Knows nothing of HTML or templates.
use crate::diagnostics::{self, Diagnostic, LineIndex};
use crate::slug::{UniqueIds, slugify};
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistFile {
    title: Spanned<String>,
    description: Option<Spanned<String>>,
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
    /// Line of the `description` key (0 when absent).
    pub(crate) description_line: usize,
    pub(crate) sections: Vec<SectionSource>,
    /// Line of the `title` key, for messages about the whole checklist.
    pub(crate) line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SectionSource {
    /// Unique in the checklist, also among item ids: the anchor of the section.
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) items: Vec<ItemSource>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemSource {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) detail: Option<String>,
    /// Line of the item's `text`, for messages about its Markdown.
    pub(crate) line: usize,
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
    let mut lines = LineIndex::new(text);
    let mut problems = Vec::new();
    let mut error =
        |lines: &mut LineIndex<'_>, offset: usize, message: String, hint: Option<&str>| {
            let (line, col) = lines.line_col(offset);
            problems.push(
                Diagnostic::error(path, line, message)
                    .at_col(col)
                    .with_hint(hint.map(str::to_string)),
            );
        };
    let id = match &file.id {
        Some(id) => {
            if slugify(id.get_ref()) != *id.get_ref() {
                error(
                    &mut lines,
                    id.span().start,
                    format!(
                        "invalid `id` \"{}\": use lowercase letters, digits and dashes",
                        id.get_ref()
                    ),
                    Some(&format!("try `id = \"{}\"`", slugify(id.get_ref()))),
                );
            }
            id.get_ref().clone()
        }
        None => slugify(file_stem),
    };
    if file.title.get_ref().trim().is_empty() {
        error(
            &mut lines,
            file.title.span().start,
            "`title` is empty".into(),
            None,
        );
    }
    if file.sections.is_empty() {
        error(
            &mut lines,
            0,
            "checklist has no `[[sections]]`".into(),
            Some("add a `[[sections]]` table with a `title` and `[[sections.items]]` entries"),
        );
    }
    let mut taken = UniqueIds::default();
    let mut sections = Vec::new();
    for section in &file.sections {
        let s = section.get_ref();
        if s.items.is_empty() {
            error(
                &mut lines,
                section.span().start,
                format!("section \"{}\" has no items", s.title.get_ref()),
                Some("add `[[sections.items]]` entries with a `text`, or remove the section"),
            );
        }
        let mut items = Vec::new();
        for item in &s.items {
            let it = item.get_ref();
            if it.text.get_ref().trim().is_empty() {
                error(
                    &mut lines,
                    it.text.span().start,
                    "item `text` is empty".into(),
                    None,
                );
            }
            let item_id = match &it.id {
                Some(explicit) => {
                    let v = explicit.get_ref().clone();
                    if slugify(&v) != v {
                        error(
                            &mut lines,
                            explicit.span().start,
                            format!(
                                "invalid item `id` \"{v}\": use lowercase letters, digits and dashes"
                            ),
                            None,
                        );
                    } else if !taken.insert(&v) {
                        error(
                            &mut lines,
                            explicit.span().start,
                            format!("duplicate item `id` \"{v}\" in this checklist"),
                            Some(
                                "item ids must be unique in a checklist; ticks saved in browsers are stored by id",
                            ),
                        );
                    }
                    v
                }
                None => taken.claim(&default_item_id(it.text.get_ref()), 2),
            };
            let line = lines.line_col(it.text.span().start).0;
            items.push(ItemSource {
                id: item_id,
                text: it.text.get_ref().trim().to_string(),
                detail: it.detail.clone().filter(|d| !d.trim().is_empty()),
                line,
            });
        }
        sections.push(SectionSource {
            id: String::new(),
            title: s.title.get_ref().clone(),
            items,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for s in &mut sections {
        let base = slugify(&s.title);
        s.id = taken.claim(if base.is_empty() { "section" } else { &base }, 2);
    }
    let line = lines.line_col(file.title.span().start).0;
    let description_line = file
        .description
        .as_ref()
        .map_or(0, |d| lines.line_col(d.span().start).0);
    Ok(ChecklistSource {
        id,
        title: file.title.into_inner(),
        description: file.description.map(Spanned::into_inner),
        description_line,
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
    fn invalid_ids_name_their_line() {
        let text = "title = \"x\"\nid = \"Bad Id\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"a\"\nid = \"no_underscores\"\n";
        let e = parse(text, "c.toml", "c").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(
            (e[0].line, e[0].message.as_str()),
            (
                2,
                "invalid `id` \"Bad Id\": use lowercase letters, digits and dashes"
            )
        );
        assert_eq!(e[1].line, 7);
        assert!(
            e[1].message
                .contains("invalid item `id` \"no_underscores\""),
            "{}",
            e[1]
        );
    }

    #[test]
    fn no_sections_and_empty_text_are_errors() {
        let e = parse("title = \"x\"\n", "c.toml", "c").unwrap_err();
        assert!(e[0].message.contains("no `[[sections]]`"), "{}", e[0]);
        let e = parse(
            "title = \" \"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"  \"\n",
            "c.toml",
            "c",
        )
        .unwrap_err();
        assert_eq!((e[0].line, e[0].message.as_str()), (1, "`title` is empty"));
        assert_eq!(
            (e[1].line, e[1].message.as_str()),
            (5, "item `text` is empty")
        );
    }

    #[test]
    fn wrong_type_names_line() {
        let e = parse("title = \"x\"\n[[sections]]\ntitle = 3\n", "c.toml", "c").unwrap_err();
        assert_eq!(e[0].line, 3, "{}", e[0]);
        assert!(e[0].message.contains("string"), "{}", e[0]);
    }

    #[test]
    fn default_ids_stay_short_and_ignore_punctuation() {
        let c = parse("title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"Write down, in one sentence, what each of your PMs will own by the end of the quarter\"\n[[sections.items]]\ntext = \"!!!\"\n", "c.toml", "c").unwrap();
        let id = &c.sections[0].items[0].id;
        assert!(
            id.len() < 50 && id.starts_with("write-down-in-one-sentence-what-each"),
            "{id}"
        );
        assert_eq!(c.sections[0].items[1].id, "item");
    }

    #[test]
    fn same_text_gets_distinct_default_ids() {
        let text = "title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"Call\"\n[[sections.items]]\ntext = \"Call\"\n";
        let c = parse(text, "c.toml", "c").unwrap();
        assert_eq!(c.sections[0].items[1].id, "call-2");
    }
}
