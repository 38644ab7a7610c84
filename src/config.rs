//! `site.toml` and the resolved runtime settings, in three parts that follow the data:
//! `site_config` mirrors the file exactly and is never mutated; `validate` reads its text,
//! reporting every mistake (`site_toml.rs` is its schema) and reading defaults in place of
//! what is wrong, so one run also checks the content; `settings` applies the command line's
//! overrides once, in `Settings::resolve`, with paths made absolute.
mod book_toml;
mod reader;
mod settings;
mod site_config;
mod site_toml;
mod validate;

pub(crate) use reader::{edit_url, logo_output};
pub use settings::{BaseUrl, ConfigError, Overrides, Settings};
pub(crate) use site_config::DEFAULT_TITLE;
pub use site_config::{
    BuildConfig, CheckConfig, LinkSeverity, MarkdownConfig, PrintConfig, ProgressConfig, RawHtml,
    SearchConfig, SiteConfig,
};
pub(crate) use validate::theme_folders;

#[cfg(test)]
mod tests;
