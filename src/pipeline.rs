//! Orchestration, and every decision about what a rebuild redoes. A build runs the stages
//! model → pages → write → print and search → commit. The model is rebuilt from scratch each
//! time (cheap). A one-shot pipeline (`build`, `check`) publishes the site atomically (or,
//! when the build cache vouches for the pages on disk, updates it in place: only what changed,
//! all written aside before any is renamed in) and keeps only the memos of `Caches` that the
//! build cache holds on disk (`persist`); an incremental one (`serve`) keeps all of `Caches`
//! (sources, rendered Markdown, the pages it wrote, print and search work), writes in place,
//! only what changed, and writes the pages a reader may have open before the print documents
//! and the search index.
mod caches;
mod emit;
mod files;
mod marks;
mod model;
mod persist;
mod report;
mod written;

use crate::config::Settings;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, SyncReport};
use crate::render::{self, Renderer};
use crate::site::Site;
use crate::theme::Theme;
use crate::{lock, markdown};
use anyhow::bail;
use caches::{Caches, Stale};
use marks::Marks;
pub use report::{BuildReport, CheckReport};
use std::sync::Mutex;
use std::time::Instant;

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
    /// A template error that names its file is a problem in the site, with its place: a
    /// diagnostic like any other. Everything else is fatal.
    fn from(e: anyhow::Error) -> Self {
        match e
            .downcast_ref::<render::TemplateError>()
            .and_then(render::TemplateError::diagnostic)
        {
            Some(d) => Failure::Content(Diagnostics::from(vec![d])),
            None => Failure::Fatal(e),
        }
    }
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

/// Told which files an incremental rebuild changed, once its pages are written.
type PagesWritten<'a> = &'a mut dyn FnMut(&[String]);

/// Which files a stage emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    All,
    /// The pages and the other generated files.
    Pages,
    /// The print documents and the search index.
    Late,
}

/// What a new pipeline does with the build cache on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cache {
    /// Nothing (a pipeline remade for a changed `site.toml` keeps the caches it had).
    Unused,
    /// Starts from it and leaves it as it was (`check`).
    Read,
    /// Starts from it and saves it after the next build.
    ReadAndSave,
}

/// Owns the settings, the theme and its compiled templates, and (incremental pipelines) the
/// caches kept between builds.
pub struct Pipeline {
    settings: Settings,
    theme: Theme,
    renderer: Renderer,
    caches: Option<Caches>,
    /// Writes in place, keeping the pages it wrote (`serve`), rather than publishing anew.
    in_place: bool,
    /// The build cache on disk, until the caches are saved to it.
    store: Option<persist::Store>,
    /// What loading the build cache found wrong, for the next report.
    notes: Mutex<Vec<Diagnostic>>,
    /// Config or theme changes not applied yet because applying them failed; retried on
    /// every rebuild so a later content change cannot hide a broken `site.toml` or template.
    pending: Vec<ChangeKind>,
    /// The content folder, walked and its files stamped while the build cache loaded
    /// (`with`), for the next model: walking is one thread's work, loading the cache keeps
    /// both cores busy only in part.
    scanned: Mutex<Option<model::Scanned>>,
}

impl Pipeline {
    /// A pipeline for one build: it starts from the build cache and saves it when done.
    pub fn new(settings: Settings) -> anyhow::Result<Pipeline> {
        settings.check_output_dir(true)?;
        Pipeline::with(settings, None, Cache::ReadAndSave)
    }

    /// A pipeline for `check`, which writes nothing (so its output folder may lie anywhere):
    /// it reads the build cache, and leaves it as it was.
    pub fn checker(settings: Settings) -> anyhow::Result<Pipeline> {
        settings.check_output_dir(false)?;
        let mut pipeline = Pipeline::with(settings, None, Cache::Read)?;
        pipeline.settle();
        Ok(pipeline)
    }

    /// A pipeline for `serve`: it keeps what a rebuild can reuse, and writes in place. It
    /// starts from the build cache, and saves it after its first build only (a rebuild's
    /// work stays in memory).
    pub fn incremental(settings: Settings) -> anyhow::Result<Pipeline> {
        settings.check_output_dir(true)?;
        let mut pipeline = Pipeline::with(settings, Some(Caches::default()), Cache::ReadAndSave)?;
        pipeline.in_place = true;
        pipeline.settle();
        Ok(pipeline)
    }

    /// Takes in what the build cache decodes in the background (`Caches::settle`); `true`
    /// when it turned out untrusted, and was forgotten with a warning for the next report.
    fn settle(&mut self) -> bool {
        let Some(warning) = self.caches.as_mut().and_then(Caches::settle) else {
            return false;
        };
        if let Some(store) = &mut self.store {
            store.distrust();
        }
        lock(&self.notes).push(warning);
        true
    }

    /// The model (`model`), built while the build cache decodes what only the output needs;
    /// built again without the cache when that turns out untrusted, as though it had never
    /// been read.
    fn settled_model(&mut self) -> (Site, Diagnostics) {
        let model = self.model();
        if self.settle() {
            return self.model();
        }
        model
    }

    /// The pipeline of `settings`, starting from the build cache as `cache` says. Tera parses
    /// the templates while the cache loads and the content folder is walked: each is one
    /// thread's work at first.
    fn with(settings: Settings, caches: Option<Caches>, cache: Cache) -> anyhow::Result<Pipeline> {
        // The highlight themes and the theme's name were checked with `site.toml`, as
        // diagnostics with their line (`config`).
        markdown::highlight::warm_up();
        let theme = Theme::load(&settings.root, &settings.config.theme)?;
        let store = match cache {
            Cache::Unused => None,
            Cache::Read | Cache::ReadAndSave => persist::Store::open(&settings)?,
        };
        let (renderer, warmed) = rayon::join(
            || Renderer::new(&theme, &settings.root),
            || {
                store.map(|mut store| {
                    let (loaded, scanned) =
                        rayon::join(|| store.load(&theme), || model::scan(&settings, true));
                    (store, loaded, scanned)
                })
            },
        );
        let renderer = renderer?;
        let saves = cache == Cache::ReadAndSave;
        let (caches, store, note, scanned) = match warmed {
            Some((store, (loaded, note), scanned)) => {
                if note.is_some() && saves {
                    store.forget();
                }
                let store = saves.then_some(store);
                (Some(loaded), store, note, Some(scanned))
            }
            None => (caches, None, None, None),
        };
        Ok(Pipeline {
            settings,
            theme,
            renderer,
            caches,
            in_place: false,
            store,
            notes: Mutex::new(note.into_iter().collect()),
            pending: Vec::new(),
            scanned: Mutex::new(scanned),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Loads and renders everything, then writes it: atomically for a one-shot pipeline, in
    /// place (only what changed) for an incremental one. A content problem anywhere (also a
    /// broken `#anchor`, found while pages stream out) fails the build and leaves the output
    /// as it was.
    pub fn build(&mut self) -> Result<BuildReport, Failure> {
        self.build_with(None)
    }

    /// `build`; when `told` is given (incremental rebuilds), the pages are written first and
    /// it is told which files changed, then the print documents and the search index.
    fn build_with(&mut self, told: Option<PagesWritten<'_>>) -> Result<BuildReport, Failure> {
        let start = Instant::now();
        let rendered_before = self.renderer.pages_rendered();
        output::restore(&self.settings.output_dir)?;
        let marks = Marks::default();
        let (site, mut diags) = self.settled_model();
        if let Some(caches) = &mut self.caches
            && !self.settings.output_dir.join(output::MANIFEST).is_file()
        {
            // The output was deleted behind our back: write every page again.
            caches.invalidate(Stale::Pages);
        }
        marks.mark("model");
        let mut memos = None;
        let written = if diags.has_errors() {
            self.report(&site, &mut diags)
        } else if self.in_place || self.output_vouched_for() {
            self.sync(&site, &mut diags, told, &marks, &mut memos)
        } else {
            self.publish(&site, &mut diags)
        };
        diags.sort();
        if let Some(caches) = &mut self.caches {
            if written.is_ok() && !diags.has_errors() {
                caches.commit();
            } else {
                caches.discard();
            }
        }
        let (chapters, checklists) = (site.chapters.len(), site.checklists.len());
        let checklist_items = site.item_count();
        // Freeing the model (thousands of chapters, their strings) is left to the pool: it
        // took a few ms on this thread at 10,000 pages, beside the build cache's saving.
        rayon::spawn(move || drop(site));
        if written.is_ok()
            && !diags.has_errors()
            && let Some(store) = self.store.take()
            && let Some(caches) = &self.caches
        {
            diags.extend(store.save(caches, &self.theme, memos));
            marks.mark("saved");
        }
        self.settings.relabel(&mut diags);
        if diags.has_errors() {
            return Err(Failure::Content(diags));
        }
        let sync = written?;
        Ok(BuildReport {
            chapters,
            checklists,
            checklist_items,
            files: sync.written + sync.unchanged,
            pages_rendered: self.renderer.pages_rendered() - rendered_before,
            sync,
            elapsed: start.elapsed(),
            warnings: diags,
            marks: marks.into_inner(),
        })
    }

    /// Whether a one-shot build may update the output in place, as `serve` does, instead of
    /// publishing a new site: the build cache vouches for pages that lie in the output as the
    /// last build wrote them (`written.rs`). Only the files that differ are then written, all
    /// of them aside before any is renamed into place, so a build that fails still leaves the
    /// previous site; a big site is not staged, linked and swapped for a one-line edit.
    fn output_vouched_for(&self) -> bool {
        self.store.is_some()
            && self
                .caches
                .as_ref()
                .is_some_and(|c| !c.pages.committed().is_empty())
            && self.settings.output_dir.join(output::MANIFEST).is_file()
    }

    /// Renders everything without writing, so that one run reports every problem (anchors
    /// too) of a site that has content errors.
    fn report(&self, site: &Site, diags: &mut Diagnostics) -> anyhow::Result<SyncReport> {
        let (found, _) = self.emit_checked(site, &output::Discard, Part::All)?;
        diags.extend(found.diagnostics);
        bail!("content errors")
    }

    /// Writes the whole site to a new output directory as it streams out (pages the last
    /// build wrote identically linked from it), and swaps it in if every check passed.
    fn publish(&mut self, site: &Site, diags: &mut Diagnostics) -> anyhow::Result<SyncReport> {
        let mut found = None;
        let mut page_ids = None;
        let sync = output::publish_with(&self.settings.output_dir, |sink| {
            let (findings, ids) = self.emit_checked(site, sink, Part::All)?;
            let failed = findings.diagnostics.iter().any(Diagnostic::is_error);
            found = Some(findings);
            page_ids = Some(ids);
            if failed {
                bail!("content errors");
            }
            Ok(())
        });
        diags.extend(found.into_iter().flat_map(|f| f.diagnostics));
        if let (Ok(_), Some(caches), Some(ids)) = (&sync, &mut self.caches, page_ids) {
            caches.stage_ids(ids);
        }
        sync
    }

    /// Updates the output directory in place, writing only what changed: with `told`, the
    /// pages first (and `told` which changed), then the print documents and the search index.
    /// Without, every memo is made before the files are written, so the shards of the build
    /// cache are written beside them (`memos`; the head, which stamps the files, after).
    fn sync(
        &mut self,
        site: &Site,
        diags: &mut Diagnostics,
        told: Option<PagesWritten<'_>>,
        marks: &Marks,
        memos: &mut Option<anyhow::Result<persist::Memos>>,
    ) -> anyhow::Result<SyncReport> {
        let first = if told.is_some() {
            Part::Pages
        } else {
            Part::All
        };
        let collect = output::Collect::default();
        let (found, ids) = self.emit_checked(site, &collect, first)?;
        marks.mark("rendered");
        diags.extend(found.diagnostics);
        if diags.has_errors() {
            bail!("content errors");
        }
        let this = &*self;
        let late = || {
            let late = output::Collect::default();
            if first == Part::Pages {
                this.emit(site, &late, Part::Late)?;
            }
            marks.mark("late");
            Ok(late.into_files())
        };
        let told = move |changed: &[String]| {
            marks.mark("written");
            if let Some(tell) = told {
                tell(changed)
            }
        };
        let files = collect.into_files();
        let store = self.store.as_ref().filter(|_| first == Part::All);
        let result = rayon::in_place_scope(|scope| {
            if let (Some(store), Some(caches)) = (store, &self.caches) {
                scope.spawn(|_| *memos = Some(store.save_memos(caches)));
            }
            output::sync_in_phases(&self.settings.output_dir, &files, told, late)
        });
        if let Some(caches) = &mut self.caches {
            match &result {
                Ok(_) => caches.stage_ids(ids),
                // Some files may be written: the disk matches no build.
                Err(_) => caches.invalidate(Stale::Pages),
            }
        }
        result
    }

    /// Loads, renders and checks everything without writing, and returns every problem found.
    /// Fails only when the site cannot be rendered at all (a broken template).
    pub fn check(&self) -> anyhow::Result<CheckReport> {
        let (site, mut diags) = self.model();
        let (found, _) = self.emit_checked(&site, &output::Discard, Part::All)?;
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
    pub fn single_file(&mut self) -> Result<(String, Diagnostics), Failure> {
        let (site, mut diags) = self.settled_model();
        let collect = output::Collect::default();
        let (found, _) = self.emit_checked(&site, &collect, Part::All)?;
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

    /// Rebuilds after changes: a config change reloads everything, a theme change reloads
    /// the theme (recompiling the templates, and rendering every page again, only when they
    /// changed: a stylesheet saved is one file copied), a content change re-reads the content
    /// and re-renders only the Markdown and the pages whose inputs changed. `pages_written` is
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
            self.reload_config()?;
        } else if self.pending.contains(&ChangeKind::Theme) {
            self.reload_theme()?;
        }
        self.build_with(Some(pages_written))
    }

    /// Reads `site.toml` again, keeping what the command line set; everything kept is stale.
    fn reload_config(&mut self) -> Result<(), Failure> {
        let overrides = crate::config::Overrides {
            output_dir: Some(self.settings.output_dir.clone()),
            base_url: None,
            drafts: self.settings.drafts,
            quiet: self.settings.quiet,
            allow_outside_root: self.settings.allow_outside_root,
            broken_links: self.settings.broken_links_flag,
            no_cache: self.settings.cache_dir.is_none(),
        };
        let settings = Settings::resolve(&self.settings.root, overrides).map_err(|e| match e {
            crate::config::ConfigError::Invalid(d) => Failure::Content(Diagnostics::from(vec![d])),
            crate::config::ConfigError::Io(e) => Failure::Fatal(e),
        })?;
        settings.check_output_dir(true)?;
        let mut next = Pipeline::with(settings, None, Cache::Unused)?;
        next.in_place = self.in_place;
        next.caches = self.caches.take();
        if let Some(caches) = &mut next.caches {
            caches.invalidate(Stale::All);
        }
        *self = next;
        Ok(())
    }

    /// Loads the theme again; compiles its templates again only when they changed.
    fn reload_theme(&mut self) -> anyhow::Result<()> {
        let theme = Theme::load(&self.settings.root, &self.settings.config.theme)?;
        if !theme.same_templates(&self.theme) {
            self.renderer = Renderer::new(&theme, &self.settings.root)?;
            if let Some(caches) = &mut self.caches {
                caches.invalidate(Stale::Pages);
            }
        }
        self.theme = theme;
        self.pending.clear();
        Ok(())
    }
}
