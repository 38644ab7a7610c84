//! What templates see: typed, borrowed views of the model, one function per page kind
//! (`pages.rs`), the checklists as pages show them (`checklist.rs`) and the sidebar
//! (`nav.rs`). Every href is root-relative; templates put `{{ root }}` in front, which makes
//! every link relative to the page (sub-paths, `file://`). Builds data only: no template
//! engine, no IO, no caching.
mod checklist;
mod deferred;
pub(crate) mod nav;
mod pages;
pub(crate) mod progress;
#[cfg(test)]
pub(crate) mod testing;

pub(crate) use checklist::{
    ChecklistView, checklist_link, checklist_view, checklist_view_at, checklist_view_with,
};
pub(crate) use deferred::{Deferred, Plan};
pub(crate) use pages::{
    Job, chapter, checklist_index, checklist_page, home, jobs, not_found, progress, search,
    section, tag, tags, whats_new,
};

use crate::config::DEFAULT_TITLE;
use crate::config::Settings;
use crate::markdown::Rendered;
use crate::site::{Chapter, NavEntry, Site};
use crate::url;
use nav::{Here, NavItem};
use serde::{Serialize, Serializer};
use std::borrow::Cow;

/// What every page of one build shares.
pub(crate) struct Cx<'a> {
    pub(crate) site: &'a Site,
    pub(crate) settings: &'a Settings,
    pub(crate) view: SiteView<'a>,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(site: &'a Site, settings: &'a Settings) -> Cx<'a> {
        let cfg = &settings.config;
        let home_title = site
            .home
            .as_ref()
            .and_then(|h| h.meta.title.as_deref().or(h.rendered.h1.as_deref()));
        let view = SiteView {
            title: cfg.title.as_deref().or(home_title).unwrap_or(DEFAULT_TITLE),
            description: &cfg.description,
            language: &cfg.language,
            author: &cfg.author,
            search: cfg.search.enabled,
            store: settings.site_id(),
            logo: cfg.logo.as_deref().map(crate::config::logo_output),
            icon: cfg
                .logo
                .as_deref()
                .map_or_else(|| "static/favicon.svg".into(), crate::config::logo_output),
            version: env!("CARGO_PKG_VERSION"),
            reading_marks: settings.config.progress.reading_marks,
        };
        Cx {
            site,
            settings,
            view,
        }
    }

    /// The absolute URL of the site (with a trailing slash) when `base_url` gives one.
    pub(crate) fn absolute_base(&self) -> Option<&'a str> {
        self.settings
            .base
            .as_ref()
            .filter(|b| b.is_absolute())
            .map(|b| b.url.as_str())
    }

    /// The values every page has, for the page of kind `kind` in the folder `out_dir`.
    pub(crate) fn common(&'a self, kind: &'static str, out_dir: &str) -> Common<'a> {
        let root = url::root_prefix(out_dir);
        Common {
            kind,
            title: self.view.title,
            description: None,
            footer: (self.site.footer.as_ref()).map(|f| match f.rendered.page_html() {
                Cow::Borrowed(html) => crate::markdown::rawhtml::rebase(html, "", &root),
                Cow::Owned(html) => {
                    Cow::Owned(crate::markdown::rawhtml::rebase(&html, "", &root).into_owned())
                }
            }),
            root,
            canonical: self.absolute_base().map(|b| format!("{b}{out_dir}")),
            nav: Vec::new(),
            nav_html: String::new(),
            breadcrumbs: Vec::new(),
            mark: None,
            edit_url: None,
        }
    }

    /// Where the page built from `source` (content-relative) is edited, when `site.toml`
    /// says (`repo_url`, `edit_path`).
    pub(crate) fn edit_url(&self, source: Option<&str>) -> Option<String> {
        source.and_then(|s| crate::config::edit_url(&self.settings.config, s))
    }

    /// A link to the home page, the first breadcrumb of every page.
    pub(crate) fn home_link(&self) -> Link<'a> {
        Link {
            title: self.view.title,
            href: url::page(""),
            description: None,
            section: false,
        }
    }
}

/// One page to render: where it goes, its template, its place in the navigation, and what
/// its template sees.
pub(crate) struct Page<'a, V> {
    /// Output path (`the-leap/trap/index.html`, `404.html`).
    pub(crate) path: String,
    pub(crate) template: &'static str,
    pub(crate) here: Here,
    pub(crate) common: Common<'a>,
    pub(crate) view: V,
}

impl<'a, V> Page<'a, V> {
    /// The page of kind `kind` in the output folder `out_dir`.
    pub(crate) fn new(
        cx: &'a Cx<'a>,
        (kind, template): (&'static str, &'static str),
        out_dir: &str,
        here: Here,
        view: V,
    ) -> Page<'a, V> {
        Page {
            path: url::page(out_dir),
            template,
            here,
            common: cx.common(kind, out_dir),
            view,
        }
    }

    /// Sets the title, description and breadcrumbs of a page of the tree.
    pub(crate) fn placed(mut self, cx: &'a Cx<'a>, e: NavEntry) -> Self {
        let site = cx.site;
        self.common.title = site.title_of(e);
        self.common.description = site.description_of(e);
        self.common.breadcrumbs = breadcrumbs(site, cx.home_link(), site.parent_of(e));
        let hash = match e {
            NavEntry::Section(s) => &site.sections[s].hash,
            NavEntry::Chapter(c) => &site.chapters[c].hash,
        };
        self.common.mark = Some(progress::PageMark {
            url: site.out_dir_of(e),
            hash,
        });
        self
    }
}

/// A page's view: serializable for its template, with the rendered Markdown it shows (if
/// any), and what it takes from it, filled in only once the page is known to need rendering.
pub(crate) trait View<'a>: Serialize {
    fn body(&mut self) -> Option<&mut Html<'a>> {
        None
    }

    /// Fills in what the view shows of its Markdown besides the body (a chapter's table of
    /// contents), or the whole view (a print document, "My progress"), once the page is
    /// known to need rendering. Until then the page cache's key has it by the digest of what
    /// it is made from (`Html`, a plan's hash), which changes whenever it does.
    /// `site_templates`: the site has templates of its own, which may read what the
    /// default theme's are given as HTML made here (`WhatsNewView`).
    fn unfold(&mut self, _site_templates: bool) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Rendered Markdown shown on a page.
pub(crate) enum Html<'a> {
    /// As the Markdown pass wrote it, with the checklists it embeds (by embed, `None` for an
    /// unknown id) still to be put in. Until then it serializes as its digest and those
    /// checklists: all the page cache needs to tell whether the page changed.
    Markdown {
        rendered: &'a Rendered,
        checklists: Vec<Option<ChecklistView<'a>>>,
    },
    /// Ready for the template.
    Ready(Cow<'a, str>),
}

impl<'a> Html<'a> {
    /// `rendered`, for a page in `page_dir`, with the checklists it embeds.
    pub(crate) fn markdown(site: &'a Site, rendered: &'a Rendered, page_dir: &str) -> Html<'a> {
        let checklists = (rendered.embeds.iter())
            .map(|e| {
                site.checklist(&e.id)
                    .map(|c| checklist_view_at(c, page_dir))
            })
            .collect();
        Html::Markdown {
            rendered,
            checklists,
        }
    }
}

impl Serialize for Html<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Html::Markdown {
                rendered,
                checklists,
            } => (rendered.digest, checklists).serialize(s),
            Html::Ready(html) => s.serialize_str(html),
        }
    }
}

/// What templates see of the site as a whole (`site.title`, …): the same on every page.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) language: &'a str,
    pub(crate) author: &'a str,
    pub(crate) search: bool,
    /// Namespace for ticks saved in the browser.
    pub(crate) store: String,
    /// The logo's output path (`static/logo.svg`), when `site.toml` names one.
    pub(crate) logo: Option<String>,
    /// The favicon's output path: the logo, else the theme's.
    pub(crate) icon: String,
    pub(crate) version: &'static str,
    /// `[progress] reading_marks`: "read" marks in the sidebar.
    pub(crate) reading_marks: bool,
}

/// What every page has. (The site's values, the same on every page, are beside it, in
/// `Cx::view`: the page cache hashes them once per build.)
#[derive(Serialize)]
pub(crate) struct Common<'a> {
    pub(crate) kind: &'static str,
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    /// `../` once per folder: the way back to the site root.
    pub(crate) root: String,
    pub(crate) canonical: Option<String>,
    /// The sidebar's entries, for themes with their own sidebar markup.
    pub(crate) nav: Vec<NavItem<'a>>,
    /// The sidebar as the default theme shows it (`nav.rs`).
    pub(crate) nav_html: String,
    pub(crate) breadcrumbs: Vec<Link<'a>>,
    /// The page's folder and fingerprint, for pages a reader follows (chapters, sections,
    /// checklists): the browser marks what changed since they last saw it.
    pub(crate) mark: Option<progress::PageMark<'a>>,
    /// Where the page's source file is edited ("Edit this page"), with `repo_url` and
    /// `edit_path` set.
    pub(crate) edit_url: Option<String>,
    /// A wiki's footer (`_Footer.md`), its links re-based for this page.
    pub(crate) footer: Option<Cow<'a, str>>,
}

#[derive(Serialize, Clone)]
pub(crate) struct Link<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<&'a str>,
    /// A section's page (which lists pages of its own).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) section: bool,
}

impl<'a> Link<'a> {
    /// A plain link to the page in `out_dir`.
    pub(crate) fn to(title: &'a str, out_dir: &str) -> Link<'a> {
        Link {
            title,
            href: url::page(out_dir),
            description: None,
            section: false,
        }
    }
}

pub(crate) fn chapter_link(c: &Chapter) -> Link<'_> {
    Link {
        description: c.description.as_deref(),
        ..Link::to(&c.title, &c.out_dir)
    }
}

/// A link to a page of the tree: a section's page or a chapter.
pub(crate) fn entry_link(site: &Site, e: NavEntry) -> Link<'_> {
    Link {
        title: site.title_of(e),
        href: url::page(site.out_dir_of(e)),
        description: site.description_of(e),
        section: matches!(e, NavEntry::Section(_)),
    }
}

/// Links to `entries`, in that order.
pub(crate) fn entry_links<'a>(site: &'a Site, entries: &[NavEntry]) -> Vec<Link<'a>> {
    entries.iter().map(|&e| entry_link(site, e)).collect()
}

/// The way to a page in `section`: the home page, then each section from the top level down.
pub(crate) fn breadcrumbs<'a>(
    site: &'a Site,
    home: Link<'a>,
    section: Option<usize>,
) -> Vec<Link<'a>> {
    let mut crumbs = vec![home];
    for s in site.path_to(section) {
        crumbs.push(Link {
            description: None,
            ..entry_link(site, NavEntry::Section(s))
        });
    }
    crumbs
}

/// Links to the chapters of `site` numbered in `chapters`, in that order.
pub(crate) fn chapter_links<'a>(site: &'a Site, chapters: &[usize]) -> Vec<Link<'a>> {
    chapters
        .iter()
        .map(|&c| chapter_link(&site.chapters[c]))
        .collect()
}
