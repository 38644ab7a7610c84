//! Task lists in a page (`- [ ] text`) as a checklist the reader can tick, instead of the
//! disabled boxes of GitHub: each item gets a stable id (`{#id}` at its end, else the slug of
//! its text, unique in the page) and a box with a label; the list carries the page's
//! checklist id, so the theme saves ticks as it does for checklists. Only when the caller
//! names that id (`Page::tasks`); otherwise task lists render as pulldown-cmark writes them.
use super::{Pass, matching_end, relocatable};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// One item of a page's task lists.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Task {
    /// Unique among the page's tasks; the key of its tick.
    pub(crate) id: String,
    /// Its text without markup.
    pub(crate) text: String,
    pub(crate) line: usize,
}

type Events<'a> = [(Event<'a>, Range<usize>)];

impl<'a> Pass<'a, '_> {
    /// A list: the outermost list holding task items opens as the page's checklist.
    pub(super) fn list_start(&mut self, events: &Events<'a>, i: usize, start: Option<u64>) {
        let Some(id) = self.tasks.filter(|_| !self.in_task_list) else {
            self.task_lists.push(false);
            self.out.push(events[i].0.clone());
            return;
        };
        let end = matching_end(events, i);
        let has_tasks = events[i..end]
            .iter()
            .any(|(e, _)| matches!(e, Event::TaskListMarker(_)));
        self.task_lists.push(has_tasks);
        if !has_tasks {
            self.out.push(events[i].0.clone());
            return;
        }
        self.in_task_list = true;
        let id = crate::html::escape(id);
        self.out.push(Event::Html(
            match start {
                Some(1) => format!("<ol class=\"task-list\" data-checklist=\"{id}\">\n"),
                Some(n) => {
                    format!("<ol class=\"task-list\" start=\"{n}\" data-checklist=\"{id}\">\n")
                }
                None => format!("<ul class=\"task-list\" data-checklist=\"{id}\">\n"),
            }
            .into(),
        ));
    }

    pub(super) fn list_end(&mut self, event: &Event<'a>) {
        if self.task_lists.pop() == Some(true) {
            self.in_task_list = false;
        }
        self.out.push(event.clone());
    }

    /// An item at `i` whose first block starts with a task marker, when the page saves
    /// ticks: returns the index of the next event to handle, or `None` for any other item.
    pub(super) fn task_item(&mut self, events: &Events<'a>, i: usize) -> Option<usize> {
        self.tasks?;
        let loose = matches!(events.get(i + 1), Some((Event::Start(Tag::Paragraph), _)));
        let marker = if loose { i + 2 } else { i + 1 };
        let Some((Event::TaskListMarker(ticked), _)) = events.get(marker) else {
            return None;
        };
        let end = label_end(events, marker + 1);
        let mut label: Vec<(Event<'a>, Range<usize>)> = events[marker + 1..end].to_vec();
        let explicit = take_id(&mut label);
        let text = super::plain_text(&label);
        let base = explicit.unwrap_or_else(|| crate::content::checklist::default_item_id(&text));
        let id = self.task_ids.claim(&base, 2);
        let element = self.ids.claim(&id, 1);
        let (line, _) = self.position(events[i].1.start);
        self.doc.tasks.push(Task {
            id: id.clone(),
            text,
            line,
        });
        self.doc.anchors.push(element.clone());
        let open = |el: &str| format!("<li class=\"task-item\" id=\"{el}\">");
        self.swaps
            .push((self.out.len(), open(&relocatable::id(&element))));
        self.out.push(Event::Html(open(&element).into()));
        if loose {
            self.out.push(Event::Start(Tag::Paragraph));
        }
        let checked = if *ticked { " checked" } else { "" };
        let input = |el: &str| {
            format!(
                "<input type=\"checkbox\" id=\"{el}--cb\" data-item=\"{id}\"{checked}><label for=\"{el}--cb\">"
            )
        };
        self.swaps
            .push((self.out.len(), input(&relocatable::id(&element))));
        self.out.push(Event::Html(input(&element).into()));
        let mut j = 0;
        while j < label.len() {
            j = self.event(&label, j);
        }
        self.out.push(Event::Html("</label>".into()));
        Some(end)
    }
}

/// Where the item's label ends, from `from` (just after the marker): at the end of its
/// paragraph, at the first block inside the item, or at the end of the item.
fn label_end(events: &Events<'_>, from: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(from) {
        match e {
            Event::Start(
                Tag::Paragraph
                | Tag::List(_)
                | Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::HtmlBlock
                | Tag::Heading { .. }
                | Tag::Table(_),
            ) if depth == 0 => return j,
            Event::End(TagEnd::Paragraph | TagEnd::Item) if depth == 0 => return j,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    events.len()
}

/// Removes a trailing `{#id}` from the label's last text and returns the id, when valid.
fn take_id(label: &mut [(Event<'_>, Range<usize>)]) -> Option<String> {
    let (Event::Text(t), _) = label
        .iter_mut()
        .rev()
        .find(|(e, _)| !matches!(e, Event::SoftBreak))?
    else {
        return None;
    };
    let trimmed = t.trim_end();
    let open = trimmed.strip_suffix('}')?.rfind("{#")?;
    let id = &trimmed[open + 2..trimmed.len() - 1];
    let slug = crate::slug::slugify(id);
    if slug.is_empty() || slug != id {
        return None;
    }
    let rest = trimmed[..open].trim_end().to_string();
    *t = CowStr::from(rest);
    Some(slug)
}
