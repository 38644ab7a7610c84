//! The theme's templates, compiled once by Tera, and what error messages need to name their
//! files. Tera is the only template engine and this the only module that calls it; its errors
//! leave as `TemplateError`, data with the template's file, line and column.
use super::Embedded;
use crate::theme::{Origin, Theme};
use crate::views::ChecklistView;
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::collections::HashMap;
use std::error::Error as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::Tera;

/// The compiled templates of a theme.
pub(crate) struct Renderer {
    tera: Tera,
    /// Where each template comes from, as messages show it.
    paths: HashMap<String, String>,
    /// Whether page contexts carry the sidebar's entries (`nav::fill`): only templates of the
    /// site's own may read them.
    pub(super) nav_items: bool,
    /// Pages rendered so far (not the partials they embed): what a build reports, so that
    /// what an incremental rebuild skipped can be seen.
    pages: AtomicUsize,
    /// Each template's text by name, to place the render errors Tera gives no line for.
    sources: HashMap<String, String>,
}

impl Renderer {
    /// Compiles every template of the theme; a syntax error names the template file and line.
    pub(crate) fn new(theme: &Theme, root: &Path) -> Result<Renderer> {
        let mut tera = Tera::default();
        // Tera's default also escapes `/`, which makes every href unreadable; quotes, `<`,
        // `>` and `&` are what matter inside HTML text and attributes.
        tera.set_escape_fn(crate::html::escape);
        let paths: HashMap<String, String> = theme
            .templates()
            .map(|(name, _)| (name.to_string(), theme.template_path(name, root)))
            .collect();
        let mut sources = Vec::new();
        for (name, file) in theme.templates() {
            let text = std::str::from_utf8(&file.bytes)
                .map_err(|_| anyhow!("{}: template is not valid UTF-8", paths[name]))?;
            sources.push((name.to_string(), text.to_string()));
        }
        let nav_items = theme
            .templates()
            .any(|(_, f)| matches!(f.origin, Origin::Site(_)));
        let mut renderer = Renderer {
            tera: Tera::default(),
            paths,
            nav_items,
            pages: AtomicUsize::new(0),
            sources: sources.iter().cloned().collect(),
        };
        tera.add_raw_templates(sources)
            .map_err(|e| renderer.error(&e))?;
        renderer.tera = tera;
        Ok(renderer)
    }

    /// Renders the page template `name` with `context`.
    pub(crate) fn render<T: Serialize>(&self, name: &str, context: &T) -> Result<String> {
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.render_template(name, context)
    }

    /// How many pages this renderer has rendered.
    pub(crate) fn pages_rendered(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    fn render_template<T: Serialize>(&self, name: &str, context: &T) -> Result<String> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| anyhow!("internal error building a template context: {e}"))?;
        self.tera
            .render(name, &context)
            .map_err(|e| self.error(&e).into())
    }

    /// A checklist embedded in a page `root` away from the site root.
    pub(super) fn checklist_partial(&self, view: &ChecklistView<'_>, root: &str) -> Result<String> {
        let context = Embedded {
            checklist: view,
            root,
            embedded: true,
        };
        self.render_template("partials/checklist.html", &context)
    }

    /// A Tera error as data: the template's file, the line and column Tera gives (for syntax
    /// errors), and every cause in one line.
    fn error(&self, e: &tera::Error) -> TemplateError {
        let mut parts = vec![e.to_string()];
        let mut source = e.source();
        while let Some(s) = source {
            parts.push(s.to_string());
            source = s.source();
        }
        // A syntax error's cause is pest's block (` --> 4:1`, the line, `= expected …`).
        let mut position = (0, 0);
        let mut said = Vec::new();
        for part in &parts {
            if let Some((_, rest)) = part.split_once(" --> ") {
                let at = rest.split_whitespace().next().unwrap_or("");
                if let Some((l, c)) = at.split_once(':') {
                    position = (l.parse().unwrap_or(0), c.parse().unwrap_or(0));
                }
                said.extend(part.lines().filter_map(|l| l.trim().strip_prefix("= ")));
            } else {
                said.push(part.trim());
            }
        }
        let message = said.join(": ");
        // The longest name quoted in the message is the template's (`'partials/x.html'`).
        let mut names: Vec<&String> = self.paths.keys().collect();
        names.sort();
        let template = names
            .into_iter()
            .rev()
            .find(|name| message.contains(&format!("'{name}'")));
        let mut path = template.map(|name| self.paths[name].clone());
        if position == (0, 0) {
            if let Some((at, line, col)) = self.place(&message, template.map(String::as_str)) {
                path = Some(at);
                position = (line, col);
            }
        }
        TemplateError {
            path,
            line: position.0,
            col: position.1,
            message: format!("template error: {message}"),
        }
    }

    /// Where a render error comes from, when Tera gives no position: the first use of the
    /// variable, filter, test or function its message names inside a tag, in the template
    /// being rendered or else in the first template by name that has one (the base it
    /// extends, a partial it includes). Returns the template's file as messages show it.
    fn place(&self, message: &str, rendering: Option<&str>) -> Option<(String, usize, usize)> {
        let needles = needles(message);
        let mut names: Vec<&str> = self.sources.keys().map(String::as_str).collect();
        names.sort_unstable();
        names.retain(|n| Some(*n) != rendering);
        rendering.into_iter().chain(names).find_map(|name| {
            let text = self.sources.get(name)?;
            let at = needles.iter().filter_map(|n| find_in_tag(text, n)).min()?;
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Some((self.paths.get(name)?.clone(), line, col))
        })
    }
}

/// What to look for in a template to place a Tera render error: `` Variable `page.x` `` is
/// written `page.x`, `Filter 'f'` is `| f` or `|f`, `Test 't'` is `is t`, `Function 'g'` is
/// `g(`.
fn needles(message: &str) -> Vec<String> {
    let quoted = |open: &str, close: char| {
        let rest = message.split_once(open)?.1;
        Some(rest.split(close).next()?.to_string())
    };
    if let Some(v) = quoted("Variable `", '`').or_else(|| quoted("Function `", '`')) {
        return vec![v];
    }
    if let Some(f) = quoted("Filter '", '\'') {
        return vec![format!("| {f}"), format!("|{f}")];
    }
    if let Some(t) = quoted("Test '", '\'') {
        return vec![format!("is {t}")];
    }
    quoted("Function '", '\'').map_or_else(Vec::new, |f| vec![format!("{f}(")])
}

/// The byte offset of the first `needle` in `text` that stands alone (no name character on
/// either side) inside a `{{ }}` or `{% %}` tag.
fn find_in_tag(text: &str, needle: &str) -> Option<usize> {
    let name_char = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let mut from = 0;
    while let Some(i) = text[from..].find(needle).map(|i| i + from) {
        from = i + needle.len();
        let before = text[..i].chars().next_back();
        let after = text[from..].chars().next();
        let ends_in_name = needle.chars().last().is_some_and(name_char);
        let glued = before.is_some_and(name_char) || (ends_in_name && after.is_some_and(name_char));
        let open = text[..i].rfind("{{").max(text[..i].rfind("{%"));
        let close = text[..i].rfind("}}").max(text[..i].rfind("%}"));
        if !glued && open.is_some() && open > close {
            return Some(i);
        }
    }
    None
}

/// A template that did not compile or render: where, as the template engine placed it, and
/// what. Carried as data to the reporter (and to `serve`'s overlay) as a diagnostic.
#[derive(Debug, Clone)]
pub(crate) struct TemplateError {
    /// The template's file as messages show it; `None` when the engine named none.
    pub(crate) path: Option<String>,
    /// 1-based; 0 when unknown (errors while rendering carry no position).
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) message: String,
}

impl TemplateError {
    /// The error as a diagnostic, when it names its template.
    pub(crate) fn diagnostic(&self) -> Option<crate::diagnostics::Diagnostic> {
        let path = self.path.as_ref()?;
        Some(crate::diagnostics::Diagnostic::error(path, self.line, &self.message).at_col(self.col))
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.path, self.line) {
            (Some(p), 0) => write!(f, "{p}: {}", self.message),
            (Some(p), l) => write!(f, "{p}:{l}:{}: {}", self.col, self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for TemplateError {}
