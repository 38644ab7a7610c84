//! The theme: the default theme embedded at compile time (see `build.rs`), overlaid file by
//! file with the site's `themes/<name>/`. Knows nothing of content; `render` asks it for
//! templates and `static/` assets.
use crate::diagnostics::Diagnostic;
use anyhow::{Result, bail};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Where a theme file came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    Embedded,
    Site(PathBuf),
}

#[derive(Debug, Clone)]
pub(crate) struct ThemeFile {
    pub(crate) bytes: Cow<'static, [u8]>,
    pub(crate) origin: Origin,
}

/// The merged theme, keyed by path relative to the theme folder (`templates/base.html`).
#[derive(Debug, Clone)]
pub(crate) struct Theme {
    pub(crate) files: BTreeMap<String, ThemeFile>,
    /// Site theme files not read: symbolic links leading out of the site root (warnings).
    pub(crate) skipped: Vec<Diagnostic>,
}

impl Theme {
    /// Only the embedded default theme.
    pub(crate) fn embedded() -> Theme {
        let files = DEFAULT_THEME
            .iter()
            .map(|(p, b)| {
                (
                    p.to_string(),
                    ThemeFile {
                        bytes: Cow::Borrowed(*b),
                        origin: Origin::Embedded,
                    },
                )
            })
            .collect();
        Theme {
            files,
            skipped: Vec::new(),
        }
    }

    /// The embedded theme overlaid with `root/themes/<name>/`. A name other than "default"
    /// must exist as a folder.
    pub(crate) fn load(root: &Path, name: &str) -> Result<Theme> {
        let mut theme = Theme::embedded();
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name == "default" {
                return Ok(theme);
            }
            let available = crate::config::theme_folders(&root.join("themes"));
            bail!(
                "site.toml: theme \"{name}\" not found: no folder `themes/{name}/` (available: default{})",
                available
                    .iter()
                    .map(|a| format!(", {a}"))
                    .collect::<String>()
            );
        }
        let confine = crate::fs::Confine::new(root)?;
        for step in confine.walk(&dir, crate::content::is_ignored_name) {
            let entry = match step {
                crate::fs::Step::Entry(e) => e,
                crate::fs::Step::Refused { link, why } => {
                    let shown = crate::diagnostics::display_path(root, &link);
                    theme
                        .skipped
                        .push(Diagnostic::warning(shown, 0, format!("{why}; skipped")));
                    continue;
                }
                crate::fs::Step::Failed(e) => {
                    bail!("cannot read theme folder `{}`: {e}", dir.display())
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let rel =
                crate::fs::slash_path(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
            let bytes = crate::fs::read(entry.path())?;
            theme.files.insert(
                rel,
                ThemeFile {
                    bytes: Cow::Owned(bytes),
                    origin: Origin::Site(entry.into_path()),
                },
            );
        }
        Ok(theme)
    }

    /// `(template name, source, origin)` for every file under `templates/`.
    pub(crate) fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(p, f)| p.strip_prefix("templates/").map(|n| (n, f)))
    }

    /// `(output path, file)` for every file under `static/`.
    pub(crate) fn assets(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter(|(p, _)| p.starts_with("static/"))
            .map(|(p, f)| (p.as_str(), f))
    }

    /// Where a template came from, as a path to show in messages.
    pub(crate) fn template_path(&self, name: &str, root: &Path) -> String {
        match self
            .files
            .get(&format!("templates/{name}"))
            .map(|f| &f.origin)
        {
            Some(Origin::Site(p)) => crate::diagnostics::display_path(root, p),
            _ => format!("(built-in theme) templates/{name}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_matches_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| crate::fs::slash_path(e.path().strip_prefix(&dir).unwrap()))
            .filter(|p| !p.split('/').any(|c| c.starts_with('.')))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(embedded, on_disk);
        assert!(embedded.contains(&"templates/base.html".to_string()));
    }

    #[test]
    fn site_file_overrides_one_embedded_file() {
        let dir = std::env::temp_dir().join(format!("playbook-theme-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("themes/default/templates")).unwrap();
        std::fs::write(dir.join("themes/default/templates/chapter.html"), "custom").unwrap();
        let theme = Theme::load(&dir, "default").unwrap();
        assert_eq!(&*theme.files["templates/chapter.html"].bytes, b"custom");
        assert_eq!(theme.files["templates/base.html"].origin, Origin::Embedded);
        assert!(
            Theme::load(&dir, "missing")
                .unwrap_err()
                .to_string()
                .contains("theme \"missing\" not found")
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
