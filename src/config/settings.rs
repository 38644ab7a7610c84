//! Everything a run needs, resolved once from `site.toml` (or an mdBook's `book.toml`) and
//! the command line: absolute paths, the base URL split for links and the server, and the
//! output folder's safety checks. Kept apart from `SiteConfig` so that the file's types stay
//! a plain mirror of the file and the command line's precedence lives in one function.
use super::{DEFAULT_TITLE, LinkSeverity, SiteConfig, book_toml};
use crate::diagnostics::Diagnostic;
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

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
