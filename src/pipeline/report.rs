//! What a build and a check tell their caller.
use crate::check::ExternalLink;
use crate::diagnostics::Diagnostics;
use crate::output::SyncReport;
use std::time::{Duration, SystemTime};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub chapters: usize,
    pub checklists: usize,
    pub checklist_items: usize,
    pub files: usize,
    /// Pages (print documents too) rendered by their template; an incremental rebuild
    /// renders only those whose inputs changed, none for a stylesheet saved.
    pub pages_rendered: usize,
    pub sync: SyncReport,
    pub elapsed: Duration,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    /// When each stage ended, in order (`PLAYBOOK_TIMINGS`).
    pub marks: Vec<(&'static str, SystemTime)>,
}

impl BuildReport {
    /// "12 chapters, 1 checklist (9 items)".
    pub fn summary(&self) -> String {
        use crate::report::plural;
        format!(
            "{}, {} ({})",
            plural(self.chapters, "chapter"),
            plural(self.checklists, "checklist"),
            plural(self.checklist_items, "item")
        )
    }
}

/// What `check` found: every problem, and the external links it listed but did not fetch.
#[derive(Debug)]
pub struct CheckReport {
    pub diagnostics: Diagnostics,
    pub external_links: Vec<ExternalLink>,
    pub chapters: usize,
    pub checklists: usize,
    /// Links looked at in every page and checklist.
    pub links: usize,
}
