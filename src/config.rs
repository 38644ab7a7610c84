//! `site.toml` and the resolved runtime settings. `SiteConfig` mirrors the file exactly and is
//! never mutated; CLI overrides are applied once, in `Settings::resolve`, with paths made absolute.
use crate::diagnostics::{self, Diagnostic};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The contents of `site.toml`. Every key is optional.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, shown in the header and in every `<title>`. Default: the home page's
    /// title (its front matter or its heading), else "Playbook".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
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
    pub markdown: MarkdownConfig,
    pub search: SearchConfig,
    pub print: PrintConfig,
    pub check: CheckConfig,
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
            description: String::new(),
            language: "en".into(),
            author: String::new(),
            base_url: None,
            output_dir: PathBuf::from("public"),
            theme: "default".into(),
            markdown: MarkdownConfig::default(),
            search: SearchConfig::default(),
            print: PrintConfig::default(),
            check: CheckConfig::default(),
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
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
    /// Parses `site.toml` text; `path` is only used in the diagnostic.
    pub fn parse(text: &str, path: &str) -> Result<SiteConfig, Diagnostic> {
        let config: SiteConfig = toml::from_str(text).map_err(|e| {
            diagnostics::from_parse_error(path, text, 1, e.message(), e.span().map(|s| s.start))
        })?;
        config.validate(text, path)?;
        Ok(config)
    }

    fn validate(&self, text: &str, path: &str) -> Result<(), Diagnostic> {
        if let Some(url) = &self.base_url
            && !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/'))
        {
            let line = key_line(text, "base_url");
            return Err(Diagnostic::error(
                path,
                line,
                format!(
                    "invalid `base_url` \"{url}\": expected an absolute URL such as \"https://example.org/playbook/\" or a path such as \"/playbook/\""
                ),
            ));
        }
        for (key, list) in &self.search.synonyms {
            let line = key_line(text, &format!("\"{key}\"")).max(key_line(text, key));
            let wordless = |s: &String| !s.chars().any(char::is_alphanumeric);
            let problem = if wordless(key) {
                Some(format!("synonym `{key}` has no word to search for"))
            } else if list.is_empty() {
                Some(format!("synonyms of `{key}`: the list is empty"))
            } else {
                list.iter()
                    .find(|s| wordless(s))
                    .map(|s| format!("synonym `{s}` of `{key}` has no word to search for"))
            };
            if let Some(message) = problem {
                return Err(Diagnostic::error(
                    path,
                    line,
                    format!("[search.synonyms]: {message}"),
                ));
            }
        }
        if self.output_dir.as_os_str().is_empty() {
            return Err(Diagnostic::error(
                path,
                key_line(text, "output_dir"),
                "`output_dir` must not be empty",
            ));
        }
        Ok(())
    }
}

/// The 1-based line on which `key = ` appears, or 0.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(0, |i| i + 1)
}

/// What the run is for: it changes only what is injected into pages, never what is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Build,
    /// `playbook serve`: pages get the live-reload script.
    Serve,
    /// `playbook check`: everything is loaded and rendered, nothing is written.
    Check,
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
    pub base: Option<BaseUrl>,
    pub mode: Mode,
    /// Include pages with `draft = true`.
    pub drafts: bool,
    pub quiet: bool,
    /// `[check] broken_links`, or `--broken-links` when given.
    pub broken_links: LinkSeverity,
    /// `--broken-links` as given, kept so that a `site.toml` reloaded by `serve` does not
    /// override it.
    pub broken_links_flag: Option<LinkSeverity>,
}

/// Command-line values that override `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub quiet: bool,
    pub broken_links: Option<LinkSeverity>,
}

/// Why settings could not be resolved: a content problem in `site.toml` or an IO error.
#[derive(Debug)]
pub enum ConfigError {
    Invalid(Diagnostic),
    Io(anyhow::Error),
}

impl Settings {
    /// Reads `root/site.toml` (a missing file means all defaults) and applies the overrides.
    pub fn resolve(root: &Path, mode: Mode, overrides: Overrides) -> Result<Settings, ConfigError> {
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
        let config = if config_path.exists() {
            let bytes = crate::fs::read(&config_path).map_err(ConfigError::Io)?;
            let text = String::from_utf8(bytes).map_err(|e| {
                ConfigError::Invalid(Diagnostic::error(
                    "site.toml",
                    0,
                    format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()),
                ))
            })?;
            SiteConfig::parse(&text, "site.toml").map_err(ConfigError::Invalid)?
        } else {
            SiteConfig::default()
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
        Ok(Settings {
            root,
            config,
            output_dir,
            base,
            mode,
            drafts: overrides.drafts,
            quiet: overrides.quiet,
            broken_links,
            broken_links_flag: overrides.broken_links,
        })
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Refuses output directories that would destroy sources.
    pub fn check_output_dir(&self) -> Result<()> {
        let out = &self.output_dir;
        let content = self.content_dir();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(
            SiteConfig::parse("", "site.toml").unwrap(),
            SiteConfig::default()
        );
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = SiteConfig::parse(
            "title = \"x\"\n\n[markdown]\nsmart_punctuaton = true\n",
            "site.toml",
        )
        .unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("smart_punctuaton"), "{}", err.message);
        assert_eq!(
            err.hint.as_deref(),
            Some("did you mean `smart_punctuation`?")
        );
    }

    #[test]
    fn wrong_type_names_line() {
        let err = SiteConfig::parse("title = \"x\"\n[search]\nenabled = \"yes\"\n", "site.toml")
            .unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("bool"), "{}", err.message);
    }

    #[test]
    fn base_url_keeps_its_path() {
        let b = BaseUrl::parse("https://org.github.io/team-playbook");
        assert_eq!(b.url, "https://org.github.io/team-playbook/");
        assert_eq!(b.path, "/team-playbook/");
        assert_eq!(BaseUrl::parse("https://wiki.example.com").path, "/");
    }

    #[test]
    fn broken_links_severity_from_file_or_flag() {
        let config = SiteConfig::parse("[check]\nbroken_links = \"warn\"\n", "site.toml").unwrap();
        assert_eq!(config.check.broken_links, LinkSeverity::Warn);
        let err =
            SiteConfig::parse("[check]\nbroken_links = \"never\"\n", "site.toml").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let dir = std::env::temp_dir().join(format!("pb-sev-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("site.toml"), "[check]\nbroken_links = \"warn\"\n").unwrap();
        let resolve = |flag| {
            let overrides = Overrides {
                broken_links: flag,
                ..Overrides::default()
            };
            Settings::resolve(&dir, Mode::Check, overrides)
                .ok()
                .map(|s| s.broken_links)
        };
        assert_eq!(resolve(None), Some(LinkSeverity::Warn));
        assert_eq!(
            resolve(Some(LinkSeverity::Error)),
            Some(LinkSeverity::Error)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn reads_synonyms_and_rejects_empty_ones() {
        let config = SiteConfig::parse(
            "[search.synonyms]\n\"one on one\" = [\"1:1\", \"1-1\"]\nOKR = [\"objectives and key results\"]\n",
            "site.toml",
        )
        .unwrap();
        assert_eq!(config.search.synonyms["one on one"], ["1:1", "1-1"]);
        assert_eq!(config.search.synonyms["OKR"].len(), 1);
        assert!(config.search.enabled);
        let err = SiteConfig::parse(
            "[search]\nenabled = true\n[search.synonyms]\n\"one on one\" = []\n",
            "site.toml",
        )
        .unwrap_err();
        assert_eq!(err.line, 4, "{err}");
        assert!(err.message.contains("`one on one`"), "{err}");
        let err = SiteConfig::parse("[search.synonyms]\npm = [\"--\"]\n", "site.toml").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.message.contains("`--`"), "{err}");
        let err = SiteConfig::parse("[search.synonyms]\npm = \"product manager\"\n", "site.toml")
            .unwrap_err();
        assert_eq!(err.line, 2, "a list is expected: {err}");
    }

    #[test]
    fn rejects_relative_base_url() {
        let err = SiteConfig::parse("base_url = \"example.com\"\n", "site.toml").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
