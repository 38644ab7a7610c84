//! The theme's templates, compiled once by Tera, and what error messages need to name their
//! files. Tera is the only template engine and this the only module that calls it.
use super::Embedded;
use crate::theme::{Origin, Theme};
use crate::views::ChecklistView;
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::collections::HashMap;
use std::error::Error as _;
use std::path::Path;
use tera::Tera;

/// The compiled templates of a theme.
pub(crate) struct Renderer {
    tera: Tera,
    /// Where each template comes from, as messages show it.
    paths: HashMap<String, String>,
    /// Whether page contexts carry the sidebar's entries (`nav::fill`): only templates of the
    /// site's own may read them.
    pub(super) nav_items: bool,
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
        };
        tera.add_raw_templates(sources)
            .map_err(|e| anyhow!("{}", renderer.message(&e)))?;
        renderer.tera = tera;
        Ok(renderer)
    }

    /// Renders the template `name` with `context`.
    pub(crate) fn render<T: Serialize>(&self, name: &str, context: &T) -> Result<String> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| anyhow!("internal error building a template context: {e}"))?;
        self.tera
            .render(name, &context)
            .map_err(|e| anyhow!("{}", self.message(&e)))
    }

    /// A checklist embedded in a page `root` away from the site root.
    pub(super) fn checklist_partial(&self, view: &ChecklistView<'_>, root: &str) -> Result<String> {
        let context = Embedded {
            checklist: view,
            root,
            embedded: true,
        };
        self.render("partials/checklist.html", &context)
    }

    /// A Tera error as one message: the template's file, then every cause (which carry the
    /// line and column for syntax errors).
    fn message(&self, e: &tera::Error) -> String {
        let mut parts = vec![e.to_string()];
        let mut source = e.source();
        while let Some(s) = source {
            parts.push(s.to_string());
            source = s.source();
        }
        let message = parts.join(": ");
        // Name the template's file, and its line and column when Tera gives them (` --> 4:1`).
        let mut names: Vec<&String> = self.paths.keys().collect();
        names.sort();
        let template = names
            .into_iter()
            .rev()
            .find(|name| message.contains(&format!("'{name}'")));
        let position = message
            .split_once(" --> ")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .filter(|p| p.contains(':'))
            .map(|p| format!(":{p}"))
            .unwrap_or_default();
        match template {
            Some(name) => format!("{}{position}: template error: {message}", self.paths[name]),
            None => format!("template error: {message}"),
        }
    }
}
