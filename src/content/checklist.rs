//! Checklists as data: the TOML schema, its validation, and stable item ids. An item's id is
//! its own (`id = ...`) or the slug of its text, unique in the list, so ticks saved in a
//! browser survive reordering. Every mistake of a file is reported in one run (`schema`), and
//! a checklist with mistakes still loads as far as it can be read (its id and item ids as
//! the fixes would make them), so links and embeds pointing at it are not reported again.
//! Knows nothing of HTML or templates.
use super::chapter::title_from_name;
use super::due::{self, Due};
use crate::diagnostics::{Diagnostic, Fix, LineIndex};
use crate::schema::{self, Checked, Field, Table, Type};
use crate::slug::{UniqueIds, slugify};
use serde::Deserialize;

mod from_markdown;
pub(crate) use from_markdown::parse as parse_markdown;

const ITEM: Table = Table {
    name: "a checklist item",
    fields: &[
        Field::required("text", Type::Text),
        Field::optional("id", Type::Text),
        Field::optional("detail", Type::Text),
        Field::optional("due", Type::Text),
        Field::optional("answer", Type::Table(&ANSWER)),
    ],
    notes: &[
        (
            "checked",
            "ticks are saved in each reader's browser, not in the file",
        ),
        (
            "done",
            "ticks are saved in each reader's browser, not in the file",
        ),
    ],
};

/// `answer = { lines = 4 }`: the item is a question of a worksheet.
const ANSWER: Table = Table {
    name: "an item's `answer`",
    fields: &[Field::optional("lines", Type::Integer { min: 1 })],
    notes: &[],
};

const SECTION: Table = Table {
    name: "a checklist section",
    fields: &[
        Field::required("title", Type::Text),
        Field::optional("due", Type::Text),
        Field::optional("items", Type::Tables(&ITEM)),
    ],
    notes: &[],
};

const CHECKLIST: Table = Table {
    name: "a checklist",
    fields: &[
        Field::optional("title", Type::Text),
        Field::optional("description", Type::Text),
        Field::optional("id", Type::Text),
        Field::optional("sections", Type::Tables(&SECTION)),
    ],
    notes: &[],
};

/// The file as `schema` read it: only keys of the schema, of the right types.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ChecklistFile {
    title: Option<String>,
    description: Option<String>,
    id: Option<String>,
    sections: Vec<SectionFile>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SectionFile {
    title: String,
    due: Option<String>,
    items: Vec<ItemFile>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ItemFile {
    text: String,
    id: Option<String>,
    detail: Option<String>,
    due: Option<String>,
    answer: Option<AnswerFile>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswerFile {
    /// At least 1 (the schema says so); any size, so a huge number is reported, not a
    /// reason to drop the file.
    lines: Option<i64>,
}

/// A validated checklist, still in Markdown. The build cache keeps those without problems
/// (`pipeline/files.rs`), so a build does not read and parse them again.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ChecklistSource {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    /// Line of the `description` key (0 when absent).
    pub(crate) description_line: usize,
    pub(crate) sections: Vec<SectionSource>,
    /// Line of the `title` key, for messages about the whole checklist.
    pub(crate) line: usize,
    /// False when a syntax error stopped the file: only its id is known (from its `id`
    /// line or its file name), not its sections and items.
    pub(crate) complete: bool,
    /// Every problem found in the file (reported by `assemble` on every build). Not kept by
    /// the build cache, which keeps only checklists without any.
    #[serde(skip)]
    pub(crate) problems: Vec<Diagnostic>,
    /// A hash of the file's text, which the build cache files the checklist under (set by
    /// `content::load_one`, like a page's).
    pub(crate) digest: u64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct SectionSource {
    /// Unique in the checklist, also among item ids: the anchor of the section.
    pub(crate) id: String,
    pub(crate) title: String,
    /// When the section's items are due, unless they say otherwise.
    #[serde(with = "crate::content::due::cached")]
    pub(crate) due: Option<Due>,
    pub(crate) items: Vec<ItemSource>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ItemSource {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) detail: Option<String>,
    /// When it is due in a dated plan (its own offset; the section's applies otherwise).
    #[serde(with = "crate::content::due::cached")]
    pub(crate) due: Option<Due>,
    /// A worksheet question: the lines of its answer box.
    pub(crate) answer: Option<u32>,
    /// Line of the item's `text`, for messages about its Markdown.
    pub(crate) line: usize,
}

/// The answer box of a worksheet question: `lines` when the file does not say.
pub(crate) const DEFAULT_ANSWER_LINES: u32 = 3;
/// The tallest answer box: a page of ruled lines.
pub(crate) const MAX_ANSWER_LINES: u32 = 40;

/// Parses one checklist file; `file_stem` is the default id. Always yields the checklist, as
/// far as it can be read, with every problem found in `problems`.
pub(crate) fn parse(text: &str, path: &str, file_stem: &str) -> ChecklistSource {
    let checked = match schema::check(text, path, &CHECKLIST) {
        Ok(c) => c,
        Err(syntax) => return unreadable(text, file_stem, syntax),
    };
    let mut problems = checked.problems.clone();
    let file: ChecklistFile = toml::Value::Table(checked.value.clone())
        .try_into()
        .unwrap_or_else(|e| {
            // The schema lets through only what `ChecklistFile` reads.
            problems.push(Diagnostic::error(path, 0, e.to_string()));
            ChecklistFile::default()
        });
    let mut read = Reader {
        text,
        path,
        checked: &checked,
        lines: LineIndex::new(text),
        problems,
        missing_ids: Vec::new(),
    };
    let id = read.checklist_id(file.id.as_deref(), file_stem);
    let title = read.title(file.title.as_deref(), file_stem);
    let mut taken = UniqueIds::default();
    let mut sections = Vec::new();
    for (i, s) in file.sections.iter().enumerate() {
        let at = format!("sections.{i}");
        if s.items.is_empty() && !checked.given.contains(&format!("{at}.items")) {
            read.error(
                &at,
                format!("section \"{}\" has no items", s.title),
                Some("add `[[sections.items]]` entries with a `text`, or remove the section"),
                None,
            );
        }
        let mut items = Vec::new();
        for (j, it) in s.items.iter().enumerate() {
            items.push(read.item(it, &format!("{at}.items.{j}"), &mut taken));
        }
        let due = read.due(s.due.as_deref(), &format!("{at}.due"));
        sections.push(SectionSource {
            id: String::new(),
            title: s.title.clone(),
            due,
            items,
        });
    }
    if file.sections.is_empty() && !checked.given.contains("sections") {
        read.error(
            "",
            "checklist has no `[[sections]]`".into(),
            Some("add a `[[sections]]` table with a `title` and `[[sections.items]]` entries"),
            None,
        );
    }
    for s in &mut sections {
        let base = slugify(&s.title);
        s.id = taken.claim(if base.is_empty() { "section" } else { &base }, 2);
    }
    if !read.problems.iter().any(Diagnostic::is_error) {
        read.problems.append(&mut read.missing_ids);
    }
    ChecklistSource {
        id,
        title,
        description: file.description,
        description_line: checked.line(text, "description"),
        sections,
        line: checked.line(text, "title").max(1),
        complete: true,
        problems: read.problems,
        digest: 0,
    }
}

/// A file a syntax error stopped: its id from its `id` line (or its name), nothing else.
fn unreadable(text: &str, file_stem: &str, syntax: Diagnostic) -> ChecklistSource {
    let mut id = slugify(file_stem);
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            break;
        }
        let value = line
            .strip_prefix("id")
            .and_then(|r| r.trim_start().strip_prefix('='))
            .and_then(|v| toml::from_str::<toml::Table>(&format!("v = {v}")).ok())
            .and_then(|t| t.get("v").and_then(|v| v.as_str()).map(slugify));
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            id = v;
        }
    }
    ChecklistSource {
        id,
        title: title_from_name(file_stem),
        description: None,
        description_line: 0,
        sections: Vec::new(),
        line: syntax.line,
        complete: false,
        problems: vec![syntax],
        digest: 0,
    }
}

/// Reads the checked file into a checklist, reporting what the schema cannot know.
struct Reader<'a> {
    text: &'a str,
    path: &'a str,
    checked: &'a Checked,
    lines: LineIndex<'a>,
    problems: Vec<Diagnostic>,
    /// Items without an `id`: warned about only when the file has no error, so that each
    /// mistake stays one diagnostic.
    missing_ids: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// An error at the value of `at` (a dotted path; `""` for the top of the file).
    fn error(&mut self, at: &str, message: String, hint: Option<&str>, fix: Option<String>) {
        let span = self.checked.spans.get(at).cloned().unwrap_or(0..0);
        let (line, col) = self.lines.line_col(span.start);
        let fix = fix.map(|new| Fix::in_text(self.path, self.text, 1, span, new));
        self.problems.push(
            Diagnostic::error(self.path, line, message)
                .at_col(col)
                .with_hint(hint.map(str::to_string))
                .with_fix(fix),
        );
    }

    /// The checklist's id: its own (as its fix would make it, when invalid) or the slug of
    /// the file name.
    fn checklist_id(&mut self, id: Option<&str>, file_stem: &str) -> String {
        let Some(id) = id else {
            return slugify(file_stem);
        };
        let slug = slugify(id);
        if slug != id {
            let quoted = schema::quote(&slug);
            self.error(
                "id",
                format!("invalid `id` \"{id}\": use lowercase letters, digits and dashes"),
                Some(&format!("try `id = {quoted}`")),
                (!slug.is_empty()).then_some(quoted),
            );
        }
        if slug.is_empty() {
            slugify(file_stem)
        } else {
            slug
        }
    }

    fn title(&mut self, title: Option<&str>, file_stem: &str) -> String {
        let fallback = title_from_name(file_stem);
        match title {
            Some(t) if !t.trim().is_empty() => t.to_string(),
            Some(_) => {
                self.error("title", "`title` is empty".into(), None, None);
                fallback
            }
            None if !self.checked.given.contains("title") => {
                let line = format!("title = {}\n", schema::quote(&fallback));
                self.problems.push(
                    Diagnostic::error(self.path, 1, "a checklist has no `title`")
                        .at_col(1)
                        .with_hint(Some(format!("add `{}` at the top", line.trim_end())))
                        .with_fix(Some(Fix::in_text(self.path, self.text, 1, 0..0, line))),
                );
                fallback
            }
            None => fallback,
        }
    }

    /// One item at `at` (`sections.0.items.1`), with its id claimed in `taken`.
    fn item(&mut self, it: &ItemFile, at: &str, taken: &mut UniqueIds) -> ItemSource {
        let text_at = format!("{at}.text");
        if it.text.trim().is_empty() && self.checked.spans.contains_key(&text_at) {
            self.error(&text_at, "item `text` is empty".into(), None, None);
        }
        let id = match &it.id {
            Some(explicit) => {
                let v = slugify(explicit);
                let id_at = format!("{at}.id");
                if v != *explicit {
                    let quoted = schema::quote(&v);
                    self.error(
                        &id_at,
                        format!(
                            "invalid item `id` \"{explicit}\": use lowercase letters, digits and dashes"
                        ),
                        Some(&format!("try `id = {quoted}`")),
                        (!v.is_empty()).then_some(quoted),
                    );
                }
                if v.is_empty() {
                    taken.claim(&default_item_id(&it.text), 2)
                } else if !taken.insert(&v) {
                    self.error(
                        &id_at,
                        format!("duplicate item `id` \"{v}\" in this checklist"),
                        Some(
                            "item ids must be unique in a checklist; ticks saved in browsers are stored by id",
                        ),
                        None,
                    );
                    v
                } else {
                    v
                }
            }
            None => {
                let id = taken.claim(&default_item_id(&it.text), 2);
                self.missing_id(&text_at, &id);
                id
            }
        };
        let line = self.checked.line(self.text, &text_at);
        let due = self.due(it.due.as_deref(), &format!("{at}.due"));
        let answer = it.answer.as_ref().map(|a| {
            let lines = a.lines.map_or(DEFAULT_ANSWER_LINES, |l| {
                u32::try_from(l.max(1)).unwrap_or(u32::MAX)
            });
            if lines > MAX_ANSWER_LINES {
                self.error(
                    &format!("{at}.answer.lines"),
                    answer_lines_message(lines),
                    Some(&format!("write at most {MAX_ANSWER_LINES}")),
                    Some(MAX_ANSWER_LINES.to_string()),
                );
            }
            lines.min(MAX_ANSWER_LINES)
        });
        ItemSource {
            id,
            text: it.text.trim().to_string(),
            detail: it.detail.clone().filter(|d| !d.trim().is_empty()),
            due,
            answer,
            line: if line == 0 {
                self.checked.line(self.text, at)
            } else {
                line
            },
        }
    }
}

impl Reader<'_> {
    /// A due offset at `at`, read or reported.
    fn due(&mut self, text: Option<&str>, at: &str) -> Option<Due> {
        match due::parse(text?) {
            Ok(d) => Some(d),
            Err(message) => {
                self.error(at, message, Some(&format!("write {}", due::FORMS)), None);
                None
            }
        }
    }

    /// An item without `id` (its `text` at `text_at`) is keyed by `id`, made from its text:
    /// a warning, with the line that keeps that id as its fix.
    fn missing_id(&mut self, text_at: &str, id: &str) {
        let Some(span) = self.checked.spans.get(text_at).cloned() else {
            return;
        };
        let line_start = self.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let before = &self.text[line_start..span.start];
        let key_at = line_start + (before.len() - before.trim_start().len());
        let (line, col) = self.lines.line_col(key_at);
        let quoted = schema::quote(id);
        // On a line of its own (`text = …` in `[[sections.items]]`), the fix adds `id` above.
        let fix = before.trim_start().starts_with("text").then(|| {
            let indent = &before[..before.len() - before.trim_start().len()];
            Fix::in_text(
                self.path,
                self.text,
                1,
                line_start..line_start,
                format!("{indent}id = {quoted}\n"),
            )
        });
        self.missing_ids.push(
            Diagnostic::warning(
                self.path,
                line,
                "checklist item without an `id`: the ticks readers save are keyed by its text, and are lost when the text changes",
            )
            .at_col(col)
            .with_hint(Some(format!(
                "add `id = {quoted}` (the id it has now, so the ticks saved so far are kept)"
            )))
            .with_fix(fix),
        );
    }
}

/// What is wrong with an answer box of `lines` lines.
pub(crate) fn answer_lines_message(lines: u32) -> String {
    format!("an answer box of {lines} lines is taller than a page (at most {MAX_ANSWER_LINES})")
}

/// The slug of an item's text, cut at a word boundary to stay short.
pub(crate) fn default_item_id(text: &str) -> String {
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
mod tests;
