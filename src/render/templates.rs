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
        TemplateError {
            path: template.map(|name| self.paths[name].clone()),
            line: position.0,
            col: position.1,
            message: format!("template error: {message}"),
        }
    }
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
