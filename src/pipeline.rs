//! Orchestration: load → model → render → output, and every caching and rebuild decision.
//! The model is rebuilt from scratch each time (cheap); rendered Markdown is memoized by
//! content hash, and `output::sync` writes only changed bytes. `serve` calls `rebuild`.
use crate::config::{Mode, Settings};
use crate::content;
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, Rendered};
use crate::output::{self, SyncReport};
use crate::render::Renderer;
use crate::site::{self, LinkMap, Site};
use crate::theme::Theme;
use std::collections::HashMap;
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
}

impl Pipeline {
    pub fn new(settings: Settings) -> anyhow::Result<Pipeline> {
        settings.check_output_dir()?;
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
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Loads and renders everything, then writes it: atomically for `build`, in place
    /// (write-if-changed) for `serve`, not at all for `check`.
    pub fn build(&mut self) -> Result<BuildReport, Failure> {
        let start = Instant::now();
        if self.settings.mode == Mode::Serve
            && !self.settings.output_dir.join(output::MANIFEST).is_file()
        {
            // The output was deleted behind our back: write every page again.
            self.renderer.discard_pages(true);
        }
        let (site, files, warnings) = match self.render() {
            Ok(r) => r,
            Err(e) => {
                self.renderer.discard_pages(false);
                return Err(e);
            }
        };
        let out = &self.settings.output_dir;
        let sync = match self.settings.mode {
            Mode::Build => output::publish(out, &files)?,
            Mode::Serve => match output::sync(out, &files) {
                Ok(report) => {
                    self.renderer.commit_pages();
                    report
                }
                Err(e) => {
                    self.renderer.discard_pages(true);
                    return Err(e.into());
                }
            },
            Mode::Check => SyncReport::default(),
        };
        Ok(BuildReport {
            chapters: site.chapters.len(),
            checklists: site.checklists.len(),
            checklist_items: site.item_count(),
            files: files.len(),
            sync,
            elapsed: start.elapsed(),
            warnings,
        })
    }

    /// Rebuilds after changes: a config change reloads everything, a theme change recompiles
    /// templates (keeping rendered Markdown), a content change re-reads the content and
    /// re-renders only the Markdown and the pages whose inputs changed.
    pub fn rebuild(&mut self, changes: &[ChangeKind]) -> Result<BuildReport, Failure> {
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
        self.build()
    }

    /// The model and every output file, without writing.
    fn render(&self) -> Result<(Site, Vec<output::OutputFile>, Diagnostics), Failure> {
        let mut diags = Diagnostics::default();
        let settings = &self.settings;
        let entries = content::scan(&settings.root, &settings.content_dir(), &mut diags);
        // Only `serve` rebuilds: it reads again just the files that changed.
        let loaded = match settings.mode {
            Mode::Serve => content::assemble(self.files.load(entries), &mut diags),
            Mode::Build | Mode::Check => content::load(entries, &mut diags),
        };
        let md_opts = markdown::Options {
            smart_punctuation: settings.config.markdown.smart_punctuation,
        };
        let render_md = |page: &content::PageSource, map: &LinkMap, out_dir: &str| {
            self.render_markdown(page, map, out_dir, &md_opts)
        };
        let opts = site::BuildOptions {
            drafts: settings.drafts,
            md: md_opts,
        };
        let site = site::build(&loaded, &opts, &render_md, &mut diags);
        if settings.mode == Mode::Serve {
            self.files.keep(loaded);
        }
        diags.sort();
        if diags.has_errors() {
            return Err(Failure::Content(diags));
        }
        let files = self.renderer.render_site(&site, settings)?;
        Ok((site, files, diags))
    }

    /// Renders one page's Markdown, reusing the previous result when its inputs are unchanged.
    fn render_markdown(
        &self,
        page: &content::PageSource,
        map: &LinkMap,
        out_dir: &str,
        opts: &markdown::Options,
    ) -> Arc<Rendered> {
        let mut h = std::hash::BuildHasher::build_hasher(&foldhash::quality::FixedState::default());
        (&page.body, page.body_line, out_dir, opts).hash(&mut h);
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
        let r = Arc::new(markdown::render(
            &page.body,
            page.body_line,
            opts,
            &map.for_page(&page.entry.rel, out_dir),
        ));
        if let Ok(mut c) = self.cache.lock() {
            c.insert(page.entry.rel.clone(), (key, r.clone()));
        }
        r
    }
}
