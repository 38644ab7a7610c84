//! An mdBook project's `book.toml`, read when a folder has it and no `site.toml`: the book's
//! title, authors, language, description and `src` folder become the site's settings, and
//! every preprocessor playbook does not run is named in a warning (its syntax stays as
//! written). Reads nothing but `book.toml`.
use super::SiteConfig;
use crate::diagnostics::Diagnostic;
use serde::Deserialize;

/// The part of `book.toml` playbook reads; every other key is left alone.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BookToml {
    book: BookTable,
    preprocessor: toml::value::Table,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BookTable {
    title: Option<String>,
    authors: Vec<String>,
    description: Option<String>,
    language: Option<String>,
    src: Option<String>,
}

/// Preprocessors whose work playbook does itself (`{{#include}}`, `{{#title}}`… and
/// `README.md` as an index).
const BUILT_IN: [&str; 2] = ["links", "index"];

/// A `book.toml` read: the site settings it gives and the `src` folder (relative to the root).
pub(crate) struct Book {
    pub(crate) config: SiteConfig,
    pub(crate) src: String,
    pub(crate) problems: Vec<Diagnostic>,
}

/// Reads `book.toml` text. A syntax error is an error naming its line; unknown preprocessors
/// are warnings.
pub(crate) fn read(text: &str) -> Book {
    let mut config = SiteConfig::default();
    let mut problems = Vec::new();
    let parsed: BookToml = match toml::from_str(text) {
        Ok(b) => b,
        Err(e) => {
            let line = e
                .span()
                .map_or(0, |s| crate::diagnostics::line_col(text, s.start).0);
            problems.push(Diagnostic::error(
                "book.toml",
                line,
                e.message().to_string(),
            ));
            BookToml::default()
        }
    };
    let b = parsed.book;
    config.title = b.title.filter(|t| !t.trim().is_empty());
    config.author = b.authors.join(", ");
    config.description = b.description.unwrap_or_default();
    if let Some(lang) = b.language.filter(|l| !l.trim().is_empty()) {
        config.language = lang;
    }
    let src = b.src.unwrap_or_else(|| "src".into());
    for name in parsed.preprocessor.keys() {
        if BUILT_IN.contains(&name.as_str()) {
            continue;
        }
        let line = text
            .lines()
            .position(|l| l.trim().starts_with(&format!("[preprocessor.{name}")))
            .map_or(0, |i| i + 1);
        problems.push(
            Diagnostic::warning(
                "book.toml",
                line,
                format!("preprocessor `{name}` is not run by playbook: what it would change is shown as written"),
            )
            .with_hint(Some(
                "write that content in plain Markdown, or leave it if it reads well as it is"
                    .into(),
            )),
        );
    }
    Book {
        config,
        src,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_title_authors_language_src_and_names_unknown_preprocessors() {
        let book = read(
            "[book]\ntitle = \"Field Guide\"\nauthors = [\"A. Lee\", \"B. Roy\"]\nlanguage = \"fr\"\nsrc = \"pages\"\n\n[preprocessor.links]\n\n[preprocessor.fancy-notes]\n",
        );
        assert_eq!(book.config.title.as_deref(), Some("Field Guide"));
        assert_eq!(book.config.author, "A. Lee, B. Roy");
        assert_eq!(book.config.language, "fr");
        assert_eq!(book.src, "pages");
        assert_eq!(book.problems.len(), 1, "{:?}", book.problems);
        let d = book.problems[0].to_string();
        assert!(
            d.starts_with("book.toml:9: warning: preprocessor `fancy-notes` is not run"),
            "{d}"
        );
    }

    #[test]
    fn defaults_and_syntax_errors() {
        let book = read("");
        assert_eq!(book.src, "src");
        assert_eq!(book.config.language, "en");
        let bad = read("[book]\ntitle = \n");
        assert!(bad.problems[0].is_error());
        assert_eq!(bad.problems[0].line, 2);
    }
}
