//! `site.toml` and the resolved runtime settings. `SiteConfig` mirrors the file exactly and is
//! never mutated; CLI overrides are applied once, in `Settings::resolve`, with paths made absolute.
//! A `site.toml` with mistakes is reported (every one, `site_toml.rs` is its schema) and read
//! with defaults in place of what is wrong, so one run also checks the content.
mod book_toml;
mod reader;
mod site_toml;

pub(crate) use reader::{edit_url, logo_output};

use crate::diagnostics::{Diagnostic, Fix, suggest};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The site's title when neither `site.toml` nor the home page gives one.
pub(crate) const DEFAULT_TITLE: &str = "Playbook";

/// The contents of `site.toml`. Every key is optional.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, shown in the header and in every `<title>`. Default: the home page's
    /// title (its front matter or its heading), else "Playbook".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The site's stable name, under which readers' browsers keep their checklist ticks:
    /// lowercase letters, digits and dashes. `playbook new` writes one. Default: the slug of
    /// `title` (and a browser that kept ticks under an earlier title moves them over).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// One-sentence description for the home page and `<meta name=description>`. Default: empty.
    pub description: String,
    /// Language tag for `<html lang>`. Default: "en".
    pub language: String,
    /// Author or team name, shown in the footer. Default: empty.
    pub author: String,
    /// Absolute URL the site is published at (`https://org.github.io/team-playbook/`). Optional:
    /// links are always relative; this adds canonical links and `sitemap.xml`, and `serve` uses
    /// its path as the prefix it serves under.
    pub base_url: Option<String>,
    /// Output directory, relative to the site root. Default: "public".
    pub output_dir: PathBuf,
    /// Theme name: `themes/<name>/` in the site overrides the built-in files. Default: "default".
    pub theme: String,
    /// An image in `content/` (`img/logo.svg`) shown before the title in the header, and
    /// used as the favicon. Default: none (the theme's icon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// The repository's web address (`https://github.com/org/playbook`); with `edit_path`,
    /// every page built from a file links to that file there ("Edit this page").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo_url: Option<String>,
    /// The path from `repo_url` to the editor of the `content/` folder
    /// (`edit/main/content/` on GitHub).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edit_path: Option<String>,
    pub markdown: MarkdownConfig,
    pub search: SearchConfig,
    pub print: PrintConfig,
    pub check: CheckConfig,
    pub progress: ProgressConfig,
    pub build: BuildConfig,
}

/// The `[build]` table.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BuildConfig {
    /// Where `build` keeps the work it can reuse in the next run (rendered Markdown with its
    /// highlighted code, search and print work), relative to the site root. Inside the root
    /// unless `--allow-outside-root`; never inside `content/`, `themes/` or the output.
    /// Default: ".playbook-cache".
    pub cache_dir: PathBuf,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            cache_dir: PathBuf::from(".playbook-cache"),
        }
    }
}

/// The `[markdown]` table.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Curly quotes, en/em dashes and ellipses. Default: true.
    pub smart_punctuation: bool,
    /// syntect theme for code blocks in light mode. Default: "InspiredGitHub".
    pub highlight_theme: String,
    /// syntect theme for code blocks in dark mode. Default: "base16-ocean.dark".
    pub highlight_theme_dark: String,
    /// What HTML written in Markdown becomes. Default: `allow` (authors are trusted).
    pub raw_html: RawHtml,
}

/// `[markdown] raw_html`: what happens to HTML that authors write in Markdown (chapters,
/// checklist text and details).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Passed through as written, `<script>` and `javascript:` links included.
    #[default]
    Allow,
    /// Shown as text.
    Escape,
    /// Kept where an allow-list accepts it (no scripts, event handlers or `javascript:` URLs).
    Sanitize,
}

/// The `[search]` table.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Build the search index and show the search box. Default: true.
    pub enabled: bool,
    /// Words and phrases a search treats as the same: `"one on one" = ["1:1", "1-1"]` makes
    /// a search for any of the three find the others. Default: none.
    pub synonyms: std::collections::BTreeMap<String, Vec<String>>,
}

/// The `[print]` table.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PrintConfig {
    /// The most chapters `print/` holds as one document. A bigger playbook gets, at `print/`,
    /// the list of its parts' print documents instead: one page of thousands of chapters is
    /// hundreds of megabytes that no browser lays out or prints. Default: 1000.
    pub max_book_chapters: usize,
}

/// The `[progress]` table: what the reader's browser keeps of their reading.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ProgressConfig {
    /// Mark in the sidebar the chapters a reader has read to the end in this browser
    /// (and those changed since). Default: false.
    pub reading_marks: bool,
}

/// The `[check]` table.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    /// What a link to nothing is: `"error"` fails the build (default); `"warn"` lists it and
    /// builds the site anyway, for a handbook brought in as it is and fixed over time.
    pub broken_links: LinkSeverity,
}

/// How a broken link is reported (`[check] broken_links`, `--broken-links`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LinkSeverity {
    /// An error: `build` and `check` fail.
    #[default]
    Error,
    /// A warning: the site is written and every broken link listed.
    Warn,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: None,
            id: None,
            description: String::new(),
            language: "en".into(),
            author: String::new(),
            base_url: None,
            output_dir: PathBuf::from("public"),
            theme: "default".into(),
            logo: None,
            repo_url: None,
            edit_path: None,
            markdown: MarkdownConfig::default(),
            search: SearchConfig::default(),
            print: PrintConfig::default(),
            check: CheckConfig::default(),
            build: BuildConfig::default(),
            progress: ProgressConfig::default(),
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
            raw_html: RawHtml::Allow,
        }
    }
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            synonyms: Default::default(),
        }
    }
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            max_book_chapters: 1000,
        }
    }
}

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

/// The public URL of the site, split into what canonical links and the server need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// With a trailing slash: `https://org.github.io/team-playbook/`, or `/team-playbook/`.
    pub url: String,
    /// The path part with leading and trailing slashes: `/team-playbook/`, or `/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(url: &str) -> BaseUrl {
        let mut url = url.trim().to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        let path = match url.split_once("://") {
            Some((_, rest)) => rest
                .find('/')
                .map_or("/".to_string(), |i| rest[i..].to_string()),
            None => url.clone(),
        };
        BaseUrl { url, path }
    }

    /// Absolute URL if the base has a host, for sitemaps and canonical links.
    pub fn is_absolute(&self) -> bool {
        self.url.contains("://")
    }
}

/// Everything a run needs, resolved once from `site.toml` and the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Absolute site root (the folder holding `site.toml` and `content/`).
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Absolute output directory.
    pub output_dir: PathBuf,
    /// The content folder as written from the root: `content`, or an mdBook's `src`.
    pub content: String,
    pub base: Option<BaseUrl>,
    /// Include pages with `draft = true`.
    pub drafts: bool,
    pub quiet: bool,
    /// The output directory may lie outside the site root (`--allow-outside-root`).
    pub allow_outside_root: bool,
    /// `[check] broken_links`, or `--broken-links` when given.
    pub broken_links: LinkSeverity,
    /// `--broken-links` as given, kept so that a `site.toml` reloaded by `serve` does not
    /// override it.
    pub broken_links_flag: Option<LinkSeverity>,
    /// What is wrong in `site.toml` (its wrong keys read as their defaults): reported with
    /// the content's problems, and a build with errors among them fails.
    pub problems: Vec<Diagnostic>,
    /// The build cache's folder (absolute, `[build] cache_dir`); `None` with `--no-cache`.
    pub cache_dir: Option<PathBuf>,
}

/// Command-line values that override `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub quiet: bool,
    pub allow_outside_root: bool,
    pub broken_links: Option<LinkSeverity>,
    /// `--no-cache`: neither read nor write the build cache.
    pub no_cache: bool,
}

/// Why settings could not be resolved: a content problem in `site.toml` or an IO error.
#[derive(Debug)]
pub enum ConfigError {
    Invalid(Diagnostic),
    Io(anyhow::Error),
}

impl Settings {
    /// Reads `root/site.toml` (a missing file means all defaults) and applies the overrides.
    /// A root with neither `site.toml` nor `content/` is not a site: an error, so that a run
    /// from the wrong folder never publishes an empty one.
    pub fn resolve(root: &Path, overrides: Overrides) -> Result<Settings, ConfigError> {
        let root = std::path::absolute(root).map_err(|e| {
            ConfigError::Io(anyhow::anyhow!("invalid root `{}`: {e}", root.display()))
        })?;
        if !root.is_dir() {
            return Err(ConfigError::Io(anyhow::anyhow!(
                "site root `{}` is not a directory",
                root.display()
            )));
        }
        let config_path = root.join("site.toml");
        let book_path = root.join("book.toml");
        let is_book = !config_path.exists() && !config_path.is_symlink() && book_path.is_file();
        if !is_book
            && !config_path.exists()
            && !config_path.is_symlink()
            && !root.join("content").exists()
        {
            return Err(ConfigError::Io(anyhow::anyhow!(
                "`{}` is not a playbook site: it has neither `site.toml` nor a `content/` folder\n  \
                 hint: run playbook in the site's folder or pass --root DIR; `playbook new DIR` creates a site",
                root.display()
            )));
        }
        // A `site.toml` linked from outside the site is not read (its lines would be shown).
        let outside = match config_path.is_symlink() {
            true => crate::fs::Confine::new(&root)
                .map_err(ConfigError::Io)?
                .check(&config_path)
                .err(),
            false => None,
        };
        let mut content = "content".to_string();
        let (config, problems) = if is_book {
            let book = read_book(&book_path)?;
            content = book.src;
            (book.config, book.problems)
        } else if let Some(why) = outside {
            let problem = Diagnostic::error("site.toml", 0, format!("not read: {why}"));
            (SiteConfig::default(), vec![problem])
        } else if config_path.exists() {
            let bytes = crate::fs::read(&config_path).map_err(ConfigError::Io)?;
            match String::from_utf8(bytes) {
                Ok(text) => SiteConfig::read(&text, "site.toml", Some(&root.join("themes"))),
                Err(e) => (
                    SiteConfig::default(),
                    vec![Diagnostic::error(
                        "site.toml",
                        0,
                        format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()),
                    )],
                ),
            }
        } else {
            (SiteConfig::default(), Vec::new())
        };
        let output_dir = root.join(
            overrides
                .output_dir
                .as_deref()
                .unwrap_or(&config.output_dir),
        );
        let output_dir = normalize(&output_dir);
        let base = overrides
            .base_url
            .as_deref()
            .or(config.base_url.as_deref())
            .map(BaseUrl::parse);
        let broken_links = overrides.broken_links.unwrap_or(config.check.broken_links);
        let cache_dir =
            (!overrides.no_cache).then(|| normalize(&root.join(&config.build.cache_dir)));
        Ok(Settings {
            cache_dir,
            root,
            config,
            output_dir,
            content,
            base,
            drafts: overrides.drafts,
            quiet: overrides.quiet,
            allow_outside_root: overrides.allow_outside_root,
            broken_links,
            broken_links_flag: overrides.broken_links,
            problems,
        })
    }

    /// The name readers' browsers keep this site's checklist ticks under: `id`, else the
    /// slug of `title`, else that of "Playbook".
    pub fn site_id(&self) -> String {
        match &self.config.id {
            Some(id) => id.clone(),
            None => crate::slug::slugify(self.config.title.as_deref().unwrap_or(DEFAULT_TITLE)),
        }
    }

    pub fn content_dir(&self) -> PathBuf {
        normalize(&self.root.join(&self.content))
    }

    /// `diags` with paths under `content/` shown under the real content folder (an mdBook's
    /// `src/`): the content modules name files as `content/…`.
    pub(crate) fn relabel(&self, diags: &mut crate::diagnostics::Diagnostics) {
        if self.content != "content" {
            diags.rebase("content/", &format!("{}/", self.content));
        }
    }

    /// Refuses output directories that would destroy sources, and (unless allowed) any
    /// outside the site root, where a typo in `--output` could replace someone's folder; a
    /// run that `writes` nothing (`check`) may name any folder.
    pub fn check_output_dir(&self, writes: bool) -> Result<()> {
        let out = &self.output_dir;
        let content = self.content_dir();
        if writes && !self.allow_outside_root && !out.starts_with(&self.root) {
            bail!(
                "refusing to write to `{}`: it is outside the site root `{}`; pass --allow-outside-root to publish there",
                out.display(),
                self.root.display()
            );
        }
        if *out == self.root || self.root.starts_with(out) {
            bail!(
                "refusing to use `{}` as the output directory: it is (or contains) the site root",
                out.display()
            );
        }
        if out.starts_with(&content) || content.starts_with(out) {
            bail!(
                "refusing to use `{}` as the output directory: it overlaps the content directory `{}`",
                out.display(),
                content.display()
            );
        }
        let themes = self.root.join("themes");
        if out.starts_with(&themes) {
            bail!(
                "refusing to use `{}` as the output directory: it is inside `themes/`",
                out.display()
            );
        }
        Ok(())
    }
}

/// Reads an mdBook's `book.toml`; its `src` must be a folder inside the root.
fn read_book(path: &Path) -> Result<book_toml::Book, ConfigError> {
    let bytes = crate::fs::read(path).map_err(ConfigError::Io)?;
    let mut book = book_toml::read(&String::from_utf8_lossy(&bytes));
    let src = Path::new(&book.src);
    if src.is_absolute()
        || src
            .components()
            .any(|c| c == std::path::Component::ParentDir)
    {
        let why = format!("`src = \"{}\"` must be a folder inside the book", book.src);
        book.problems.push(Diagnostic::error("book.toml", 0, why));
        book.src = "src".into();
    }
    book.src = book.src.trim_end_matches('/').to_string();
    if book.src.is_empty() || book.src == "." {
        book.src = "src".into();
    }
    Ok(book)
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
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

#[cfg(test)]
mod tests;
