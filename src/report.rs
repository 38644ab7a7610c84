//! Printing diagnostics: for people in the style of a compiler (the message, `--> path:line:col`,
//! the offending source line with a marker, the hint), for machines as JSON. Reads each file a
//! diagnostic names once, to show its line; colours only when stderr is a terminal and
//! `NO_COLOR` is unset. Prints; decides nothing about success.
use crate::check::ExternalLink;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, render_rich};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Diagnostics printed per file before the rest are only counted.
const MAX_PER_FILE: usize = 50;

/// Prints diagnostics of one site, with paths shown relative to the current folder.
pub(crate) struct Reporter {
    root: PathBuf,
    /// What to put before a root-relative path so that it opens from the current folder.
    prefix: String,
    color: bool,
    sources: HashMap<String, Option<String>>,
}

impl Reporter {
    pub(crate) fn new(root: &Path) -> Reporter {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let cwd = std::env::current_dir().ok();
        let prefix = match cwd.as_deref().and_then(|cwd| root.strip_prefix(cwd).ok()) {
            Some(rel) if rel.as_os_str().is_empty() => String::new(),
            Some(rel) => format!("{}/", crate::fs::slash_path(rel)),
            None => format!("{}/", root.display()),
        };
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Reporter {
            root,
            prefix,
            color,
            sources: HashMap::new(),
        }
    }

    /// A diagnostic rendered with its source line.
    pub(crate) fn render(&mut self, d: &Diagnostic) -> String {
        let shown = Diagnostic {
            path: self.shown_path(&d.path),
            ..d.clone()
        };
        let color = self.color;
        let source = if d.line > 0 {
            self.source(&d.path)
        } else {
            None
        };
        render_rich(&shown, source, color)
    }

    /// Prints every diagnostic to stderr, a blank line after each; past `MAX_PER_FILE` in one
    /// file, only a count (a generated file can hold a million broken links).
    pub(crate) fn print_all(&mut self, diags: &Diagnostics) {
        let mut per_file: HashMap<&str, usize> = HashMap::new();
        for d in diags.iter() {
            let n = per_file.entry(&d.path).or_default();
            *n += 1;
            if *n <= MAX_PER_FILE {
                eprintln!("{}\n", self.render(d));
            }
        }
        let mut hidden: Vec<(&str, usize)> = per_file
            .into_iter()
            .filter(|(_, n)| *n > MAX_PER_FILE)
            .map(|(p, n)| (p, n - MAX_PER_FILE))
            .collect();
        hidden.sort();
        for (path, n) in hidden {
            eprintln!(
                "note: {} more in {} not shown; `playbook check --format json` lists them all\n",
                plural(n, "problem"),
                self.shown_path(path)
            );
        }
    }

    /// A root-relative path as the user can open it from the current folder.
    pub(crate) fn shown_path(&self, path: &str) -> String {
        crate::diagnostics::printable(&format!("{}{path}", self.prefix))
    }

    fn source(&mut self, path: &str) -> Option<&str> {
        if !self.sources.contains_key(path) {
            let text = std::fs::read(self.root.join(path))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned());
            self.sources.insert(path.to_string(), text);
        }
        self.sources.get(path).and_then(Option::as_deref)
    }
}

/// `{"version":1, "errors":N, "dependent_errors":N, "warnings":N, "diagnostics":[…],
/// "external_links":[…]}`, the output of `check --format json`, as `src/report.schema.json`
/// describes it. Paths are relative to the site root.
pub(crate) fn json(diags: &Diagnostics, external: &[ExternalLink]) -> String {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        version: u32,
        /// Root causes only.
        errors: usize,
        dependent_errors: usize,
        warnings: usize,
        diagnostics: Vec<&'a Diagnostic>,
        external_links: &'a [ExternalLink],
    }
    let dependent_errors = diags.dependent_error_count();
    let errors = diags.error_count() - dependent_errors;
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let report = Report {
        version: 1,
        errors,
        dependent_errors,
        warnings,
        diagnostics: diags.iter().collect(),
        external_links: external,
    };
    serde_json::to_string_pretty(&report)
        .unwrap_or_else(|e| format!("{{\"version\":1,\"error\":\"{e}\"}}"))
}

/// "2 errors, 1 warning", leaving out a zero count ("no problems" when both are); errors
/// that follow from others are counted apart: "2 errors (and 1 caused by them)".
pub(crate) fn counts(diags: &Diagnostics) -> String {
    let dependent = diags.dependent_error_count();
    let errors = diags.error_count() - dependent;
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let mut parts = Vec::new();
    if errors > 0 || dependent > 0 {
        parts.push(plural(errors, "error"));
    }
    if dependent > 0 {
        parts[0].push_str(&format!(" (and {dependent} caused by them)"));
    }
    if warnings > 0 {
        parts.push(plural(warnings, "warning"));
    }
    if parts.is_empty() {
        return "no problems".into();
    }
    parts.join(", ")
}

/// "3 errors", or "3 errors (and 1 caused by them)": the errors of a failed build.
pub(crate) fn counts_of_errors(diags: &Diagnostics) -> String {
    let dependent = diags.dependent_error_count();
    let root = plural(diags.error_count() - dependent, "error");
    if dependent == 0 {
        root
    } else {
        format!("{root} (and {dependent} caused by them)")
    }
}

/// "1 checklist", "2 checklists": `what` with an `s` unless there is one.
pub(crate) fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
