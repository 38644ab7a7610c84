//! playbook: a static-site generator for leadership playbooks. Markdown chapters and TOML
//! checklists go in; a searchable static site with printable checklists comes out.
//!
//! Data flow: `config` → `content` (scan, front matter, checklists) → `markdown` → `site`
//! (the model) → `views` → `render` (pages) / `print` / `search` → `output`. `pipeline`
//! drives it and owns what is kept between builds; `serve` and `cli` sit on top. `url`,
//! `html` and `slug` hold the rules every stage shares.
pub(crate) mod check;
pub mod cli;
pub(crate) mod commands;
pub mod config;
pub(crate) mod content;
pub mod diagnostics;
pub(crate) mod fs;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod hash;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod output;
pub mod pipeline;
pub(crate) mod print;
pub(crate) mod render;
pub(crate) mod report;
pub(crate) mod schema;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod shared;
pub(crate) mod single;
pub(crate) mod site;
pub(crate) mod slug;
pub(crate) mod starter;
pub(crate) mod theme;
pub(crate) mod url;
pub(crate) mod views;

/// Locks `m`, taking its data even if a thread panicked while holding it: the state behind
/// the build's locks is whole after every step, and a panic is reported as the build's error.
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub use check::ExternalLink;
pub use config::Settings;
pub use diagnostics::{Diagnostic, Diagnostics};
pub use pipeline::{CheckReport, Pipeline};
