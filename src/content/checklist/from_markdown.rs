//! Checklists written in Markdown: `# Title {#id}`, the text under it as the description,
//! `## Section {due=week 1}` headings, `- [ ] Item {#id due=day 3}` items whose indented lines
//! are the detail, and `- [?] Question {#id lines=4}` worksheet questions. Read line by line
//! into the same `ChecklistSource` the TOML form gives, with every mistake at its line and
//! column, so both forms render, export and print alike. Knows nothing of HTML.
use super::{
    ChecklistSource, DEFAULT_ANSWER_LINES, ItemSource, MAX_ANSWER_LINES, SectionSource,
    answer_lines_message, default_item_id,
};
use crate::content::chapter::title_from_name;
use crate::content::due::{self, Due};
use crate::content::frontmatter;
use crate::diagnostics::{Diagnostic, Fix};
use crate::slug::{UniqueIds, slugify};

/// Parses a Markdown checklist file (front matter allowed); `file_stem` is the default id.
pub(crate) fn parse(text: &str, path: &str, file_stem: &str) -> ChecklistSource {
    let split = frontmatter::split(text, path);
    let mut r = Reader {
        path,
        problems: split.problems,
        taken: UniqueIds::default(),
        missing_ids: Vec::new(),
    };
    let doc = r.read_body(split.body, split.body_line);
    let fallback = title_from_name(file_stem);
    let title = match (&split.meta.title, &doc.title) {
        (_, Some(h1)) if !h1.text.is_empty() => h1.text.clone(),
        (Some(t), _) if !t.trim().is_empty() => t.clone(),
        (_, Some(h1)) => {
            r.error(
                h1.line,
                1,
                "the checklist's `#` title is empty".into(),
                None,
            );
            fallback
        }
        (_, None) => {
            let heading = format!("# {fallback}\n\n");
            let fix = Fix::in_text(path, split.body, split.body_line, 0..0, heading);
            r.problems.push(
                Diagnostic::error(path, split.body_line, "a checklist has no title")
                    .at_col(1)
                    .with_hint(Some(format!("add `# {fallback}` at the top")))
                    .with_fix(Some(fix)),
            );
            fallback
        }
    };
    let id = match doc.title.as_ref().and_then(|t| t.id.clone()) {
        Some(at) => r.id(at, "checklist").unwrap_or_else(|| slugify(file_stem)),
        None => slugify(file_stem),
    };
    for (s, &line) in doc.sections.iter().zip(&doc.section_lines) {
        if s.items.is_empty() {
            r.error(
                line,
                1,
                format!("section \"{}\" has no items", s.title),
                Some("add `- [ ] items` under its heading, or remove the section".into()),
            );
        }
    }
    if doc.sections.is_empty() {
        r.error(
            doc.end_line,
            0,
            "checklist has no sections".into(),
            Some("add a `## Section` heading with `- [ ] items` under it".into()),
        );
    }
    let mut sections = doc.sections;
    for (s, explicit) in sections.iter_mut().zip(doc.section_ids) {
        let base = explicit.unwrap_or_else(|| slugify(&s.title));
        s.id = r
            .taken
            .claim(if base.is_empty() { "section" } else { &base }, 2);
    }
    if !r.problems.iter().any(Diagnostic::is_error) {
        r.problems.append(&mut r.missing_ids);
    }
    let description = doc.description.join("\n").trim().to_string();
    ChecklistSource {
        id,
        title,
        description: Some(description)
            .filter(|d| !d.is_empty())
            .or(split.meta.description),
        description_line: doc.description_line,
        sections,
        line: doc.title.as_ref().map_or(split.body_line, |t| t.line),
        complete: true,
        problems: r.problems,
        digest: 0,
    }
}

/// The `#` title line: its text and its `{#id}`.
struct Title {
    text: String,
    id: Option<Placed>,
    line: usize,
}

/// A value written on line `.1`, column `.2`.
type Placed = (String, usize, usize);

/// The body, read.
#[derive(Default)]
struct Body {
    title: Option<Title>,
    description: Vec<String>,
    description_line: usize,
    sections: Vec<SectionSource>,
    /// Each section's `{#id}`, when it has one.
    section_ids: Vec<Option<String>>,
    /// Each section's heading line.
    section_lines: Vec<usize>,
    /// The last line, for messages about what is missing.
    end_line: usize,
}

struct Reader<'a> {
    path: &'a str,
    problems: Vec<Diagnostic>,
    /// Item and section ids of the checklist.
    taken: UniqueIds,
    /// Warnings about items without `{#id}`, said only when the file has no error.
    missing_ids: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, line: usize, col: usize, message: String, hint: Option<String>) {
        self.problems.push(
            Diagnostic::error(self.path, line, message)
                .at_col(col)
                .with_hint(hint),
        );
    }

    /// Reads every line of `body`, which starts on line `first` of the file.
    fn read_body(&mut self, body: &str, first: usize) -> Body {
        let mut doc = Body::default();
        let mut fence: Option<String> = None;
        // The item being read: its detail lines.
        let mut detail: Option<Vec<String>> = None;
        let mut n = first;
        for (i, raw) in body.lines().enumerate() {
            n = first + i;
            let line = raw.trim_end();
            let indented = line.starts_with("  ") || line.starts_with('\t');
            if let Some(lines) = detail.as_mut()
                && (line.is_empty() || indented)
            {
                lines.push(line.to_string());
                continue;
            }
            self.end_item(&mut doc, detail.take());
            if let Some(f) = &fence {
                if line.trim_start().starts_with(f.as_str()) {
                    fence = None;
                }
                self.outside_item(&mut doc, line, n);
                continue;
            }
            if let Some(marker) = ["```", "~~~"].iter().find(|m| line.starts_with(**m)) {
                fence = Some((*marker).to_string());
                self.outside_item(&mut doc, line, n);
            } else if let Some(rest) = line.strip_prefix("## ").or(Some("").filter(|_| line == "##"))
            {
                self.section(&mut doc, rest, n);
            } else if let Some(rest) = line.strip_prefix("# ") {
                self.title(&mut doc, rest, n);
            } else if let Some((box_char, rest, col)) = item_line(line).or_else(|| {
                // `- text` among the items: an item whose box is missing, read as its fix
                // would make it.
                let text = line.get(2..).filter(|_| !doc.sections.is_empty() && is_bullet(line))?;
                let fix = Fix::on_line(self.path, n, 3..3, "[ ] ");
                self.problems.push(
                    Diagnostic::error(self.path, n, "a list item without a box")
                        .at_col(1)
                        .with_hint(Some(
                            "write `- [ ] text` for an item, `- [?] question` for a worksheet question".into(),
                        ))
                        .with_fix(Some(fix)),
                );
                Some((' ', text, 3))
            }) {
                if doc.sections.is_empty() {
                    self.error(
                        n,
                        1,
                        "an item before the first section".into(),
                        Some("add a `## Section` heading above it".into()),
                    );
                    doc.sections.push(section("", None));
                    doc.section_ids.push(None);
                    doc.section_lines.push(n);
                }
                self.item(&mut doc, box_char, rest, (n, col));
                detail = Some(Vec::new());
            } else {
                self.outside_item(&mut doc, line, n);
            }
        }
        self.end_item(&mut doc, detail.take());
        doc.end_line = n;
        doc
    }

    /// A line that belongs to no item: the description before the first section, an error
    /// after it.
    fn outside_item(&mut self, doc: &mut Body, line: &str, n: usize) {
        if doc.sections.is_empty() {
            if doc.description.is_empty() && line.trim().is_empty() {
                return;
            }
            if doc.description.is_empty() {
                doc.description_line = n;
            }
            doc.description.push(line.to_string());
            return;
        }
        if line.trim().is_empty() {
            return;
        }
        let (message, hint) = if line.starts_with('#') {
            (
                "only `##` headings make sections of a checklist".to_string(),
                "write `## Title` for a section; other headings cannot hold items",
            )
        } else {
            (
                "text outside any item".to_string(),
                "indent it under the item above to make it that item's detail, or move it above the first section",
            )
        };
        self.error(n, 1, message, Some(hint.into()));
    }

    fn title(&mut self, doc: &mut Body, rest: &str, n: usize) {
        if doc.title.is_some() || !doc.sections.is_empty() {
            self.error(
                n,
                1,
                "a second `#` title".into(),
                Some("a checklist has one `# Title`, at the top; use `##` for sections".into()),
            );
            return;
        }
        let (text, attrs) = self.attrs(rest, n, 3, &[]);
        doc.title = Some(Title {
            text: text.to_string(),
            id: attrs.id.map(|(id, c)| (id, n, c)),
            line: n,
        });
    }

    fn section(&mut self, doc: &mut Body, rest: &str, n: usize) {
        let (title, attrs) = self.attrs(rest, n, 4, &["due"]);
        if title.is_empty() {
            self.error(n, 1, "a section without a title".into(), None);
        }
        let due = attrs.due.and_then(|(d, col)| self.due(&d, n, col));
        let explicit = attrs.id.and_then(|(id, c)| self.id((id, n, c), "section"));
        doc.sections.push(section(title, due));
        doc.section_ids.push(explicit);
        doc.section_lines.push(n);
    }

    fn item(&mut self, doc: &mut Body, box_char: char, rest: &str, (n, col): (usize, usize)) {
        let (text, attrs) = self.attrs(rest, n, col, &["due", "lines"]);
        if text.is_empty() {
            self.error(n, col, "item has no text".into(), None);
        }
        if box_char == 'x' || box_char == 'X' {
            self.problems.push(
                Diagnostic::warning(self.path, n, "item ticked in the file; shown unticked")
                    .at_col(col - 4)
                    .with_hint(Some(
                        "ticks are saved in each reader's browser, not in the file: write `[ ]`"
                            .into(),
                    ))
                    .with_fix(Some(Fix::on_line(self.path, n, col - 3..col - 2, " "))),
            );
        }
        let answer = match (box_char, attrs.lines) {
            ('?', None) => Some(DEFAULT_ANSWER_LINES),
            ('?', Some((lines, c))) => self.lines(&lines, n, c),
            (_, Some((_, c))) => {
                self.problems.push(
                    Diagnostic::error(self.path, n, "`lines=` belongs to a worksheet question")
                        .at_col(c - "lines=".len())
                        .with_hint(Some(
                            "write `- [?]` for a question with an answer box".into(),
                        ))
                        .with_fix(
                            (col == ITEM_TEXT_COL)
                                .then(|| Fix::on_line(self.path, n, col - 3..col - 2, "?")),
                        ),
                );
                None
            }
            _ => None,
        };
        let due = attrs.due.and_then(|(d, c)| self.due(&d, n, c));
        let id = match attrs.id {
            Some((explicit, c)) => match self.id((explicit, n, c), "item") {
                Some(id) if !self.taken.insert(&id) => {
                    self.error(
                        n,
                        c,
                        format!("duplicate item id \"{id}\" in this checklist"),
                        Some("item ids must be unique in a checklist; ticks saved in browsers are stored by id".into()),
                    );
                    id
                }
                Some(id) => id,
                None => self.taken.claim(&default_item_id(text), 2),
            },
            None => {
                let id = self.taken.claim(&default_item_id(text), 2);
                self.missing_id(rest, &id, (n, col));
                id
            }
        };
        if let Some(s) = doc.sections.last_mut() {
            s.items.push(ItemSource {
                id,
                text: text.to_string(),
                detail: None,
                due,
                answer,
                line: n,
            });
        }
    }

    /// An item without `{#id}` is keyed by `id`, made from its text: a warning, as for a TOML
    /// item without `id`, with the `{#id}` that keeps it as its fix.
    fn missing_id(&mut self, rest: &str, id: &str, (n, col): (usize, usize)) {
        let fix = match attrs::attr_block(rest) {
            Some((_, _, at)) => {
                let c = col + rest[..at].chars().count() + 1;
                Fix::on_line(self.path, n, c..c, format!("#{id} "))
            }
            None => {
                let c = col + rest.trim_end().chars().count();
                Fix::on_line(self.path, n, c..c, format!(" {{#{id}}}"))
            }
        };
        self.missing_ids.push(
            Diagnostic::warning(
                self.path,
                n,
                "checklist item without an `{#id}`: the ticks readers save are keyed by its text, and are lost when the text changes",
            )
            .at_col(col)
            .with_hint(Some(format!(
                "add `{{#{id}}}` (the id it has now, so the ticks saved so far are kept)"
            )))
            .with_fix(Some(fix)),
        );
    }

    /// The detail lines of the item just read, without their common indentation.
    fn end_item(&mut self, doc: &mut Body, lines: Option<Vec<String>>) {
        let Some(mut lines) = lines else { return };
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        let indent = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let text: Vec<&str> = lines
            .iter()
            .map(|l| l.get(indent..).unwrap_or(""))
            .collect();
        let detail = text.join("\n").trim().to_string();
        if let Some(item) = doc.sections.last_mut().and_then(|s| s.items.last_mut())
            && !detail.is_empty()
        {
            item.detail = Some(detail);
        }
    }

    /// An explicit id (`#id` at line `n`, column `c`), as its fix would make it; `None`
    /// when nothing of it is usable.
    fn id(&mut self, (id, n, c): Placed, what: &str) -> Option<String> {
        let slug = slugify(&id);
        if slug != id {
            let message =
                format!("invalid {what} id \"{id}\": use lowercase letters, digits and dashes");
            let hint = (!slug.is_empty()).then(|| format!("try `{{#{slug}}}`"));
            let cols = c + 1..c + 1 + id.chars().count();
            let fix = (!slug.is_empty()).then(|| Fix::on_line(self.path, n, cols, slug.clone()));
            self.problems.push(
                Diagnostic::error(self.path, n, message)
                    .at_col(c)
                    .with_hint(hint)
                    .with_fix(fix),
            );
        }
        (!slug.is_empty()).then_some(slug)
    }

    fn due(&mut self, text: &str, n: usize, c: usize) -> Option<Due> {
        due::parse(text)
            .map_err(|message| {
                self.error(n, c, message, Some(format!("write {}", due::FORMS)));
            })
            .ok()
    }

    fn lines(&mut self, text: &str, n: usize, c: usize) -> Option<u32> {
        match text.parse::<u32>() {
            Ok(l) if (1..=MAX_ANSWER_LINES).contains(&l) => Some(l),
            Ok(l) if l > MAX_ANSWER_LINES => {
                let d = Diagnostic::error(self.path, n, answer_lines_message(l))
                    .at_col(c)
                    .with_hint(Some(format!("write at most {MAX_ANSWER_LINES}")));
                self.problems.push(d);
                Some(MAX_ANSWER_LINES)
            }
            _ => {
                self.error(
                    n,
                    c,
                    format!("`lines={text}` is not a number of lines"),
                    Some(format!(
                        "write a whole number from 1 to {MAX_ANSWER_LINES}, e.g. `lines=4`"
                    )),
                );
                Some(DEFAULT_ANSWER_LINES)
            }
        }
    }
}

fn section(title: &str, due: Option<Due>) -> SectionSource {
    SectionSource {
        id: String::new(),
        title: title.to_string(),
        due,
        items: Vec::new(),
    }
}

/// `- [ ] text`, `* [?] text`, `+ [x] text` at the start of a line: the box's character, the
/// text and the text's 1-based column.
fn item_line(line: &str) -> Option<(char, &str, usize)> {
    let rest = line.strip_prefix(['-', '*', '+'])?.strip_prefix(' ')?;
    let mut chars = rest.chars();
    let (open, mark, close) = (chars.next()?, chars.next()?, chars.next()?);
    if open != '[' || close != ']' || !matches!(mark, ' ' | 'x' | 'X' | '?') {
        return None;
    }
    let text = chars.as_str();
    let text = text
        .strip_prefix(' ')
        .or(Some(text).filter(|t| t.is_empty()))?;
    Some((mark, text, ITEM_TEXT_COL))
}

/// The column of an item's text after `- [ ] `; its box's mark is 3 columns left of it.
const ITEM_TEXT_COL: usize = 7;

fn is_bullet(line: &str) -> bool {
    line.strip_prefix(['-', '*', '+'])
        .is_some_and(|r| r.starts_with(' '))
}

mod attrs;

#[cfg(test)]
mod tests;
