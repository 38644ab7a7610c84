//! The keys of `site.toml` as types, one struct per table, with their defaults. They mirror
//! the file exactly (`site_toml.rs` is the same shape as a schema, and a test keeps the two
//! in step) and are never changed after reading: what the command line overrides lives in
//! `Settings`, so a reloaded `site.toml` can be compared with the one before.
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

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
