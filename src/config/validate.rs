//! Reading `site.toml` text into a `SiteConfig`, with the checks the schema cannot make
//! (URL shapes, synonym groups, a theme folder that exists). Every wrong key is reported and
//! read as its default rather than stopping at the first, so one run also checks the content
//! and lists all the file's mistakes at once.
use super::{SiteConfig, reader, site_toml};
use crate::diagnostics::{Diagnostic, Fix, suggest};
use std::path::Path;

impl SiteConfig {
    /// Parses `site.toml` text (`path` names it in diagnostics); every problem when there
    /// is an error among them.
    pub fn parse(text: &str, path: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let (config, problems) = SiteConfig::read(text, path, None);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        Ok(config)
    }

    /// Reads `site.toml` text: the config, with defaults in place of every key that is
    /// wrong, and every problem found. `themes` is the site's `themes/` folder, to check
    /// that the theme named exists.
    pub fn read(text: &str, path: &str, themes: Option<&Path>) -> (SiteConfig, Vec<Diagnostic>) {
        let checked = match crate::schema::check(text, path, &site_toml::SITE) {
            Ok(c) => c,
            Err(syntax) => return (SiteConfig::default(), vec![syntax]),
        };
        let mut problems = checked.problems;
        let mut config = toml::Value::Table(checked.value)
            .try_into::<SiteConfig>()
            .unwrap_or_else(|e| {
                // The schema lets through only what `SiteConfig` reads; kept as a diagnostic
                // rather than a panic should the two ever differ.
                problems.push(Diagnostic::error(path, 0, e.to_string()));
                SiteConfig::default()
            });
        let value_of = |key: &str| {
            let span = checked.spans.get(key).cloned().unwrap_or(0..0);
            let (line, col) = match span.is_empty() {
                true => (0, 0),
                false => crate::diagnostics::line_col(text, span.start),
            };
            (line, col, span)
        };
        if let Some(url) = &config.base_url
            && !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/'))
        {
            let (line, col, _) = value_of("base_url");
            let message = format!(
                "invalid `base_url` \"{url}\": expected an absolute URL such as \"https://example.org/playbook/\" or a path such as \"/playbook/\""
            );
            problems.push(
                Diagnostic::error(path, line, message)
                    .at_col(col)
                    .with_hint(Some(format!("write `base_url = \"https://{url}\"`"))),
            );
            config.base_url = None;
        }
        for (key, list) in std::mem::take(&mut config.search.synonyms) {
            match synonyms_problem(&key, &list) {
                Some(message) => {
                    let (line, col, _) = value_of(&format!("search.synonyms.{key}"));
                    problems.push(
                        Diagnostic::error(path, line, format!("[search.synonyms]: {message}"))
                            .at_col(col)
                            .with_hint(Some(
                                "give words: `\"one on one\" = [\"1:1\", \"1-1\"]`".into(),
                            )),
                    );
                }
                None => {
                    config.search.synonyms.insert(key, list);
                }
            }
        }
        reader::check(
            &mut config,
            &value_of,
            (text, path),
            themes.and_then(Path::parent),
            &mut problems,
        );
        if config.output_dir.as_os_str().is_empty() {
            let (line, col, _) = value_of("output_dir");
            problems.push(
                Diagnostic::error(path, line, "`output_dir` must not be empty")
                    .at_col(col)
                    .with_hint(Some("remove it to write to `public/`".into())),
            );
            config.output_dir = SiteConfig::default().output_dir;
        }
        if let Some(themes) = themes
            && config.theme != "default"
            && !themes.join(&config.theme).is_dir()
        {
            let at = value_of("theme");
            problems.push(missing_theme(path, text, &config.theme, themes, at));
            config.theme = SiteConfig::default().theme;
        }
        (config, problems)
    }
}

/// The names of the folders in the site's `themes/`, sorted.
pub(crate) fn theme_folders(themes: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(themes)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `theme = "x"` with no `themes/x/`: what there is, and the nearest name as a fix.
fn missing_theme(
    path: &str,
    text: &str,
    name: &str,
    themes: &Path,
    (line, col, span): (usize, usize, std::ops::Range<usize>),
) -> Diagnostic {
    let mut there = theme_folders(themes);
    there.push("default".into());
    there.sort();
    let names: Vec<&str> = there.iter().map(String::as_str).collect();
    let near = suggest(name, &names);
    let hint = match near {
        Some(n) => format!("did you mean \"{n}\"?"),
        None => format!("themes here: {}", names.join(", ")),
    };
    let fix = near
        .filter(|_| !span.is_empty())
        .map(|n| Fix::in_text(path, text, 1, span, crate::schema::quote(n)));
    Diagnostic::error(
        path,
        line,
        format!("no theme \"{name}\": the folder `themes/{name}/` does not exist"),
    )
    .at_col(col)
    .with_hint(Some(hint))
    .with_fix(fix)
}

/// What is wrong with a group of `[search.synonyms]`: a side with no word to search for.
fn synonyms_problem(key: &str, list: &[String]) -> Option<String> {
    let wordless = |s: &str| !s.chars().any(char::is_alphanumeric);
    if wordless(key) {
        Some(format!("synonym `{key}` has no word to search for"))
    } else if list.is_empty() {
        Some(format!("synonyms of `{key}`: the list is empty"))
    } else {
        list.iter()
            .find(|s| wordless(s))
            .map(|s| format!("synonym `{s}` of `{key}` has no word to search for"))
    }
}
