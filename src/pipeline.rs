//! Orchestration: load → model → render → output, and every caching and rebuild decision.
//! The model is rebuilt from scratch each time (cheap); rendered Markdown is memoized by
//! content hash, and `output::sync` writes only changed bytes. `serve` calls `rebuild`.
use crate::check::{self, ExternalLink};
use crate::config::{Mode, Settings};
use crate::content;
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, Rendered};
use crate::output::{self, SyncReport};
use crate::render::{Renderer, Stage};
use crate::site::{self, LinkMap, Site};
use crate::theme::Theme;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod files;

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the content; every one found, in order.
    Content(Diagnostics),
    /// Anything else (IO, templates), with its context chain.
    Fatal(anyhow::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Content(d) => write!(f, "{d}"),
            Failure::Fatal(e) => write!(f, "{e:#}"),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Fatal(e)
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub chapters: usize,
    pub checklists: usize,
    pub checklist_items: usize,
    pub files: usize,
    pub sync: SyncReport,
    pub elapsed: Duration,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
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

/// What changed on disk since the last build, as `serve` classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Chapters, checklists, assets.
    Content,
    /// Templates or theme assets.
    Theme,
    /// `site.toml`.
    Config,
}

type Cache = Mutex<HashMap<String, (u64, Arc<Rendered>)>>;

/// Told which files a `serve` rebuild changed, once its pages are written.
type PagesWritten<'a> = &'a mut dyn FnMut(&[String]);

/// Owns the settings, the compiled theme and the Markdown cache between builds.
pub struct Pipeline {
    settings: Settings,
    renderer: Renderer,
    cache: Cache,
    /// Source files as last read (`serve` rebuilds read only what changed).
    files: files::FileCache,
    /// Config or theme changes not applied yet because applying them failed; retried on
    /// every rebuild so a later content change cannot hide a broken `site.toml` or template.
    pending: Vec<ChangeKind>,
    /// Element ids of every page of the last build, by output path: `serve` skips unchanged
    /// pages, whose anchors are still checked against these.
    page_ids: Mutex<HashMap<String, HashSet<String>>>,
    /// Search work of the last build (`serve` only).
    search: crate::search::Cache,
    /// Chapters' last-commit dates, read again when `HEAD` moves.
    history: content::history::Cache,
}

impl Pipeline {
    pub fn new(settings: Settings) -> anyhow::Result<Pipeline> {
        settings.check_output_dir()?;
        markdown::highlight::warm_up();
        let md = &settings.config.markdown;
        for name in [&md.highlight_theme, &md.highlight_theme_dark] {
            if !markdown::highlight::has_theme(name) {
                anyhow::bail!(
                    "site.toml: unknown highlight theme \"{name}\" (available: {})",
                    markdown::highlight::theme_names().join(", ")
                );
            }
        }
        let theme = Theme::load(&settings.root, &settings.config.theme)?;
        let renderer = Renderer::new(theme, &settings.root)?;
        Ok(Pipeline {
            settings,
            renderer,
            cache: Mutex::new(HashMap::new()),
            files: files::FileCache::default(),
            pending: Vec::new(),
            page_ids: Mutex::new(HashMap::new()),
            search: Default::default(),
            history: Default::default(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Loads and renders everything, then writes it: atomically for `build`, in place
    /// (write-if-changed) for `serve`. A content problem anywhere (also a broken `#anchor`,
    /// found while pages stream out) fails the build and leaves the output as it was.
    pub fn build(&mut self) -> Result<BuildReport, Failure> {
        self.build_with(None)
    }

    /// `build`; in `serve`, when `pages_written` is given, the pages are rendered and written
    /// first and it is told which files changed; the print documents and the search index
    /// are rendered and written after.
    fn build_with(
        &mut self,
        pages_written: Option<PagesWritten<'_>>,
    ) -> Result<BuildReport, Failure> {
        let start = Instant::now();
        if self.settings.mode != Mode::Check {
            output::restore(&self.settings.output_dir)?;
        }
        if self.settings.mode == Mode::Serve
            && !self.settings.output_dir.join(output::MANIFEST).is_file()
        {
            // The output was deleted behind our back: write every page again.
            self.renderer.discard_pages(true);
        }
        let (site, mut diags) = self.model();
        if diags.has_errors() {
            // Still render (writing nothing) so one run reports every problem, anchors too.
            if let Ok(found) = self.emit_checked(&site, &output::Discard, Stage::All) {
                diags.extend(found.diagnostics);
                diags.sort();
            }
            self.renderer.discard_pages(false);
            self.settings.relabel(&mut diags);
            return Err(Failure::Content(diags));
        }
        let (out, settings) = (&self.settings.output_dir, &self.settings);
        let staged = settings.mode == Mode::Serve && pages_written.is_some();
        let first = if staged { Stage::Pages } else { Stage::All };
        let found = Mutex::new(None);
        // Keeps the findings and fails the write (so nothing is published) on any error.
        let emit_checked = |sink: &dyn output::Sink| -> anyhow::Result<()> {
            let findings = self.emit_checked(&site, sink, first)?;
            let failed = findings.diagnostics.iter().any(|d| d.is_error());
            *found.lock().unwrap_or_else(|e| e.into_inner()) = Some(findings);
            if failed {
                anyhow::bail!("content errors");
            }
            Ok(())
        };
        // `build` streams pages to disk as they are rendered; `serve` compares whole files.
        let written = if settings.mode == Mode::Build {
            output::publish_with(out, emit_checked).map(|sync| (sync.written, sync))
        } else {
            let collect = output::Collect::default();
            emit_checked(&collect).and_then(|()| {
                let files = collect.into_files();
                if settings.mode != Mode::Serve {
                    return Ok((files.len(), SyncReport::default()));
                }
                let late = || {
                    let late = output::Collect::default();
                    if staged {
                        self.emit(&site, &late, Stage::Print)?;
                    }
                    Ok(late.into_files())
                };
                let told = |changed: &[String]| {
                    if let Some(tell) = pages_written {
                        tell(changed)
                    }
                };
                let sync = output::sync_in_phases(out, &files, told, late)?;
                Ok((sync.written + sync.unchanged, sync))
            })
        };
        let findings = found.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = findings {
            diags.extend(f.diagnostics);
            diags.sort();
        }
        let failed = diags.has_errors() || written.is_err();
        // `serve` skips pages it wrote identically last time; only a build that reached the
        // disk may be compared against, and a failed one may have written part of its files.
        if failed {
            self.renderer.discard_pages(true);
        } else {
            self.renderer.commit_pages();
        }
        self.settings.relabel(&mut diags);
        if diags.has_errors() {
            return Err(Failure::Content(diags));
        }
        let (files, sync) = written?;
        Ok(BuildReport {
            chapters: site.chapters.len(),
            checklists: site.checklists.len(),
            checklist_items: site.item_count(),
            files,
            sync,
            elapsed: start.elapsed(),
            warnings: diags,
        })
    }

    /// Loads, renders and checks everything without writing, and returns every problem found.
    /// Fails only when the site cannot be rendered at all (a broken template).
    pub fn check(&self) -> anyhow::Result<CheckReport> {
        let (site, mut diags) = self.model();
        let found = self.emit_checked(&site, &output::Discard, Stage::All)?;
        diags.extend(found.diagnostics);
        diags.sort();
        self.settings.relabel(&mut diags);
        Ok(CheckReport {
            diagnostics: diags,
            external_links: found.external,
            chapters: site.chapters.len(),
            checklists: site.checklists.len(),
            links: found.links,
        })
    }

    /// The whole playbook as one self-contained HTML file (`build --single-file`), and the
    /// warnings; the site is rendered into memory and nothing is written.
    pub fn single_file(&self) -> Result<(String, Diagnostics), Failure> {
        let (site, mut diags) = self.model();
        let collect = output::Collect::default();
        let found = self.emit_checked(&site, &collect, Stage::All)?;
        diags.extend(found.diagnostics);
        diags.sort();
        self.settings.relabel(&mut diags);
        if diags.has_errors() {
            return Err(Failure::Content(diags));
        }
        let files = collect.into_files();
        let html = crate::single::assemble(&site, &files, &self.settings.config.language)?;
        Ok((html, diags))
    }

    /// Rebuilds after changes: a config change reloads everything, a theme change recompiles
    /// templates (keeping rendered Markdown), a content change re-reads the content and
    /// re-renders only the Markdown and the pages whose inputs changed. `pages_written` is
    /// told what changed once the pages are on disk, before the print documents and the
    /// search index are (the report lists every change).
    pub fn rebuild(
        &mut self,
        changes: &[ChangeKind],
        pages_written: &mut dyn FnMut(&[String]),
    ) -> Result<BuildReport, Failure> {
        self.pending
            .extend(changes.iter().filter(|c| **c != ChangeKind::Content));
        self.pending.sort_unstable();
        self.pending.dedup();
        if self.pending.contains(&ChangeKind::Config) {
            let overrides = crate::config::Overrides {
                output_dir: Some(self.settings.output_dir.clone()),
                base_url: None,
                drafts: self.settings.drafts,
                quiet: self.settings.quiet,
                allow_outside_root: self.settings.allow_outside_root,
                broken_links: self.settings.broken_links_flag,
            };
            let settings = Settings::resolve(&self.settings.root, self.settings.mode, overrides)
                .map_err(|e| match e {
                    crate::config::ConfigError::Invalid(d) => {
                        Failure::Content(Diagnostics::from(vec![d]))
                    }
                    crate::config::ConfigError::Io(e) => Failure::Fatal(e),
                })?;
            *self = Pipeline::new(settings)?;
        } else if self.pending.contains(&ChangeKind::Theme) {
            let theme = Theme::load(&self.settings.root, &self.settings.config.theme)?;
            self.renderer = Renderer::new(theme, &self.settings.root)?;
            self.pending.clear();
        }
        self.build_with(Some(pages_written))
    }

    /// Every page and generated file of `stage`, with the search index (in `All` and
    /// `Print`) built alongside the pages.
    fn emit(&self, site: &Site, sink: &dyn output::Sink, stage: Stage) -> anyhow::Result<()> {
        let search = self.settings.config.search.enabled && stage != Stage::Pages;
        let (pages, index) = rayon::join(
            || self.renderer.render_site(site, &self.settings, sink, stage),
            || {
                if search {
                    let cache = (self.settings.mode == Mode::Serve).then_some(&self.search);
                    crate::search::build_index(site, &self.settings.config.search, cache)
                        .into_iter()
                        .try_for_each(|f| sink.put(f))
                } else {
                    Ok(())
                }
            },
        );
        pages.and(index)
    }

    /// Everything `emit` writes in `stage` (`All` or `Pages`), passed through the link and
    /// anchor checks on the way. After `Pages`, anchors in the print documents are those of
    /// the last build's.
    fn emit_checked(
        &self,
        site: &Site,
        sink: &dyn output::Sink,
        stage: Stage,
    ) -> anyhow::Result<check::Findings> {
        let mut previous = self.page_ids.lock().unwrap_or_else(|e| e.into_inner());
        let out_dir = &self.settings.output_dir;
        let collector = check::IdCollector::new(sink, site, &previous, out_dir);
        self.emit(site, &collector, stage)?;
        let mut ids = collector.into_ids();
        if stage == Stage::Pages {
            for (path, kept) in previous.iter().filter(|(p, _)| is_print_document(p)) {
                ids.entry(path.clone()).or_insert_with(|| kept.clone());
            }
        }
        let mut findings = check::site(site, &ids);
        crate::diagnostics::demote(&mut findings.diagnostics, self.settings.broken_links);
        *previous = ids;
        Ok(findings)
    }

    /// The model, with every page's Markdown rendered, and every problem found loading it;
    /// the sources are dropped on return.
    fn model(&self) -> (Site, Diagnostics) {
        let mut diags = Diagnostics::from(self.renderer.theme_warnings().to_vec());
        let settings = &self.settings;
        diags.extend(settings.problems.iter().cloned());
        let entries = content::scan(&settings.root, &settings.content_dir(), &mut diags);
        // Only `serve` rebuilds: it reads again just the files that changed.
        let loaded = match settings.mode {
            Mode::Serve => content::assemble(self.files.load(entries), &mut diags),
            Mode::Build | Mode::Check => content::load(entries, &mut diags),
        };
        let md_opts = markdown::Options {
            smart_punctuation: settings.config.markdown.smart_punctuation,
            raw_html: settings.config.markdown.raw_html,
        };
        let render_md = |page: &content::PageSource, map: &LinkMap, out_dir: &str| {
            self.render_markdown(page, map, out_dir, &md_opts)
        };
        let opts = site::BuildOptions {
            drafts: settings.drafts,
            md: md_opts,
        };
        let content_dir = settings.content_dir();
        let mut loaded = loaded;
        let originals =
            content::interop::prepare(&mut loaded, &settings.root, &content_dir, &mut diags);
        let mut site = site::build(&loaded, &opts, &render_md, &mut diags);
        content::interop::restore(&mut loaded, originals);
        if settings.mode != Mode::Check {
            self.date_chapters(&mut site);
        }
        site::fragments::fix_case(&mut site);
        let base_path = settings.base.as_ref().map_or("/", |b| b.path.as_str());
        site.redirects = site::redirects::plan(&loaded, &site, base_path, &mut diags);
        if settings.mode == Mode::Serve {
            self.files.keep(loaded);
        }
        diags.apply(settings.broken_links);
        diags.sort();
        (site, diags)
    }

    /// Dates the chapters whose front matter gives no `updated` by their last commit, when
    /// the site is in a git repository.
    fn date_chapters(&self, site: &mut Site) {
        let mut undated: Vec<String> = (site.chapters.iter())
            .filter(|c| c.updated.is_none())
            .map(|c| c.source.clone())
            .collect();
        if undated.is_empty() {
            return;
        }
        undated.sort_unstable();
        let dates = self.history.dates(&self.settings.content_dir(), undated);
        for c in site.chapters.iter_mut().filter(|c| c.updated.is_none()) {
            c.updated = dates.get(&c.source).cloned();
        }
    }

    /// Renders one page's Markdown, reusing the previous result when its inputs are unchanged.
    fn render_markdown(
        &self,
        page: &content::PageSource,
        map: &LinkMap,
        out_dir: &str,
        opts: &markdown::Options,
    ) -> Arc<Rendered> {
        let mut h = crate::hash::key_hasher();
        let titled = page.meta.title.is_some();
        (&page.body, page.body_line, out_dir, opts, titled).hash(&mut h);
        let key = h.finish() ^ map.fingerprint_cached();
        if let Some((k, r)) = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.get(&page.entry.rel).cloned())
            && k == key
        {
            return r;
        }
        let tasks = site::page_checklist_id(out_dir);
        let doc = markdown::Page {
            body: &page.body,
            first_line: page.body_line,
            titled,
            tasks: Some(&tasks),
        };
        let r = Arc::new(markdown::render_page(
            &doc,
            opts,
            &map.for_page(&page.entry.rel, out_dir),
        ));
        if let Ok(mut c) = self.cache.lock() {
            c.insert(page.entry.rel.clone(), (key, r.clone()));
        }
        r
    }
}

/// The print documents: the whole playbook's, each part's, the checklists'.
fn is_print_document(path: &str) -> bool {
    path == "print/index.html" || path.ends_with("/print/index.html")
}

#[cfg(test)]
mod tests {
    #[test]
    fn print_documents_are_told_by_their_path() {
        for print in [
            "print/index.html",
            "part-1/print/index.html",
            "checklists/print/index.html",
        ] {
            assert!(super::is_print_document(print), "{print}");
        }
        for other in [
            "index.html",
            "part-1/chapter/index.html",
            "search/index.js",
            "printing/index.html",
        ] {
            assert!(!super::is_print_document(other), "{other}");
        }
    }
}
