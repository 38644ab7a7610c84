//! Content discovery: walks `content/` and says what each file *is* (home, part index,
//! chapter, checklist or asset) from where it sits. Reads nothing but names; never renders.
pub(crate) mod chapter;
pub(crate) mod checklist;
pub(crate) mod due;
pub(crate) mod frontmatter;
pub(crate) mod history;
pub(crate) mod interop;

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// What a file under `content/` is, by its name and place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum EntryKind {
    /// `_index.md`, `index.md` or `README.md`: the title and intro of the folder (or of the home page).
    Index,
    Chapter,
    Checklist,
    /// Anything else (images, PDFs): copied to the output when a page links it.
    Asset,
}

/// One file found under `content/`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct SourceEntry {
    /// Path relative to `content/`, `/`-separated.
    pub(crate) rel: String,
    pub(crate) abs: PathBuf,
    pub(crate) kind: EntryKind,
}

impl SourceEntry {
    /// Folder relative to `content/` ("" for the root).
    pub(crate) fn dir(&self) -> &str {
        self.rel.rsplit_once('/').map_or("", |(d, _)| d)
    }

    pub(crate) fn file_name(&self) -> &str {
        self.rel.rsplit_once('/').map_or(&self.rel, |(_, f)| f)
    }
}

/// Names that give a folder its title and intro, most preferred first.
const INDEX_NAMES: [&str; 3] = ["_index.md", "index.md", "readme.md"];

/// True for files no one means to publish: hidden files and editor leftovers.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
}

/// Walks `content_dir` in a stable (sorted) order. A missing `content/` is an error (a build
/// from the wrong folder must not publish an empty site). Unreadable entries, symlink loops
/// and symbolic links leading out of the site root become warnings (`fs::Confine`); the walk
/// goes on.
pub(crate) fn scan(root: &Path, content_dir: &Path, diags: &mut Diagnostics) -> Vec<SourceEntry> {
    let shown = |p: &Path| crate::diagnostics::display_path(root, p);
    if !content_dir.is_dir() {
        diags.push(missing_content(root, content_dir));
        return Vec::new();
    }
    let confine = match crate::fs::Confine::new(root) {
        Ok(c) => c,
        Err(e) => {
            diags.push(Diagnostic::error(shown(content_dir), 0, format!("{e:#}")));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for step in confine.walk(content_dir, is_ignored_name) {
        let entry = match step {
            crate::fs::Step::Entry(e) => e,
            crate::fs::Step::Refused { link, why } => {
                diags.push(if link == content_dir {
                    Diagnostic::error(shown(&link), 0, why.to_string())
                } else {
                    Diagnostic::warning(shown(&link), 0, format!("{why}; skipped"))
                });
                continue;
            }
            crate::fs::Step::Failed(err) => {
                let path = err.path().map_or_else(|| "content".into(), shown);
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop; skipped".to_string()
                } else {
                    format!("cannot read: {err}")
                };
                diags.push(Diagnostic::warning(path, 0, message));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        let rel = crate::fs::slash_path(rel);
        let kind = kind_of(&rel);
        entries.push(SourceEntry {
            rel,
            abs: entry.into_path(),
            kind,
        });
    }
    demote_extra_indexes(&mut entries, diags);
    entries
}

/// `content/` is not there: the site would be empty.
fn missing_content(root: &Path, content_dir: &Path) -> Diagnostic {
    let shown = crate::diagnostics::display_path(root, content_dir);
    Diagnostic::error(
        format!("{shown}/"),
        0,
        format!("the content folder `{shown}/` is missing, so there is nothing to publish"),
    )
    .with_hint(Some(format!(
        "create `{shown}/` with your chapters, or run playbook in the site's folder (or pass --root DIR)"
    )))
}

fn kind_of(rel: &str) -> EntryKind {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    let markdown = name.ends_with(".md") || name.ends_with(".markdown");
    // A wiki's `Home.md` is its home page (a `README.md` beside it comes first).
    if INDEX_NAMES.contains(&name.as_str()) || rel.eq_ignore_ascii_case("home.md") {
        EntryKind::Index
    } else if markdown && rel.starts_with("checklists/") {
        // A Markdown file among the checklists is one, written in Markdown.
        EntryKind::Checklist
    } else if markdown {
        EntryKind::Chapter
    } else if name.ends_with(".toml") {
        EntryKind::Checklist
    } else {
        EntryKind::Asset
    }
}

/// Keeps one index per folder (`_index.md` over `index.md` over `README.md`); the others are
/// ordinary chapters, and a warning says so (a GitHub README beside a Hugo `_index.md` is
/// usually a page its author expects to find at the folder's address).
fn demote_extra_indexes(entries: &mut [SourceEntry], diags: &mut Diagnostics) {
    let rank = |e: &SourceEntry| {
        INDEX_NAMES
            .iter()
            .position(|n| e.file_name().eq_ignore_ascii_case(n))
            .unwrap_or(usize::MAX)
    };
    let mut best: std::collections::HashMap<String, (usize, usize)> =
        std::collections::HashMap::new();
    for (i, e) in entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntryKind::Index)
    {
        let r = rank(e);
        let slot = best.entry(e.dir().to_string()).or_insert((r, i));
        if r < slot.0 {
            *slot = (r, i);
        }
    }
    let mut demoted = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if e.kind == EntryKind::Index
            && let Some(&(_, keep)) = best.get(e.dir()).filter(|&&(_, keep)| keep != i)
        {
            demoted.push((i, keep));
        }
    }
    for (i, keep) in demoted {
        let kept = entries[keep].file_name().to_string();
        let e = &mut entries[i];
        e.kind = EntryKind::Chapter;
        let folder = if e.dir().is_empty() {
            "the home page".to_string()
        } else {
            format!("the page of `{}/`", e.dir())
        };
        diags.push(
            Diagnostic::warning(
                crate::url::content_path(&e.rel),
                0,
                format!("published as an ordinary page: `{kept}` beside it is {folder}"),
            )
            .with_hint(Some(format!(
                "merge it into `{kept}`, or rename it if it is meant as a page of its own"
            ))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_name() {
        assert_eq!(kind_of("_index.md"), EntryKind::Index);
        assert_eq!(kind_of("part/README.md"), EntryKind::Index);
        assert_eq!(kind_of("part/01-a.md"), EntryKind::Chapter);
        assert_eq!(kind_of("checklists/x.toml"), EntryKind::Checklist);
        assert_eq!(kind_of("checklists/x.md"), EntryKind::Checklist);
        assert_eq!(kind_of("checklists/_index.md"), EntryKind::Index);
        assert_eq!(kind_of("team/checklists/x.md"), EntryKind::Chapter);
        assert_eq!(kind_of("part/img/a.png"), EntryKind::Asset);
        assert_eq!(kind_of("Home.md"), EntryKind::Index);
        assert_eq!(kind_of("team/Home.md"), EntryKind::Chapter);
    }

    fn entry(rel: &str) -> SourceEntry {
        SourceEntry {
            rel: rel.into(),
            abs: rel.into(),
            kind: kind_of(rel),
        }
    }

    #[test]
    fn one_index_per_folder_and_a_warning_for_the_others() {
        let mut entries: Vec<SourceEntry> = [
            "README.md",
            "_index.md",
            "team/README.md",
            "team/index.md",
            "team/hiring/README.md",
        ]
        .map(entry)
        .into();
        let mut diags = Diagnostics::default();
        demote_extra_indexes(&mut entries, &mut diags);
        let kinds: Vec<EntryKind> = entries.iter().map(|e| e.kind).collect();
        use EntryKind::{Chapter, Index};
        assert_eq!(kinds, [Chapter, Index, Chapter, Index, Index]);
        let d: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].starts_with("content/README.md: warning: published as an ordinary page: `_index.md` beside it is the home page"), "{}", d[0]);
        assert!(d[1].contains("content/team/README.md: warning: published as an ordinary page: `index.md` beside it is the page of `team/`"), "{}", d[1]);
    }

    #[test]
    fn ignores_editor_leftovers() {
        for name in [
            ".hidden.md",
            "a.md~",
            ".#a.md",
            "#a.md#",
            "a.md.swp",
            ".DS_Store",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}

/// A Markdown file read and split: a chapter, or the index of a folder. The build cache keeps
/// those without problems (`pipeline/files.rs`), so a build does not read and parse them again.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct PageSource {
    pub(crate) entry: SourceEntry,
    pub(crate) meta: frontmatter::FrontMatter,
    /// Shared with the file's text (its front matter cut off), or with the build cache's
    /// buffer when the cache kept the page (`crate::shared`): never a copy.
    pub(crate) body: crate::shared::SharedStr,
    pub(crate) body_line: usize,
    /// A hash of the file's text and of the kind it was read as (all the page is made
    /// from), which the build cache files the page under: a file read again with the same
    /// text (a fresh checkout, a branch switched and back) leaves the cache's copy of the
    /// page as it was, instead of writing it again. While `interop::prepare` has rewritten
    /// the page, a hash of that and of what it was rewritten to: the rendered Markdown is
    /// keyed by it, so the body need not be hashed again on every build.
    pub(crate) digest: u64,
    /// Its fingerprint for readers, "changed since your last visit" (`fingerprint`): taken
    /// where the text is read (and again by `interop::prepare` when it rewrites the page),
    /// and kept by the build cache with the page, rather than hashing every page's whole
    /// text on every build.
    pub(crate) content_id: String,
    /// Which of other tools' markers its Markdown holds (`interop::prepare`).
    pub(crate) markers: interop::Markers,
    /// What is wrong with its front matter (reported by `assemble` on every build): the
    /// page is loaded all the same, so links to it still resolve. Not kept by the build
    /// cache, which keeps only pages without any.
    #[serde(skip)]
    pub(crate) problems: Vec<Diagnostic>,
}

impl PageSource {
    /// A page's fingerprint for readers: its front matter title and Markdown, the page's own
    /// words, not its navigation or links to others.
    pub(crate) fn fingerprint(title: Option<&str>, body: &str) -> String {
        crate::hash::content_id(&[title.unwrap_or(""), body])
    }
}

#[cfg(test)]
impl PageSource {
    /// The page of `text` at content-relative `rel` (an index by its name, else a chapter),
    /// for tests of the stages after loading. Panics on a problem in its front matter: the
    /// text is the test's own.
    pub(crate) fn parsed(rel: &str, text: &str) -> PageSource {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let kind = if ["_index.md", "index.md", "README.md"].contains(&name) {
            EntryKind::Index
        } else {
            EntryKind::Chapter
        };
        let split = frontmatter::split(text, rel);
        assert!(split.problems.is_empty(), "{:?}", split.problems);
        PageSource {
            content_id: PageSource::fingerprint(split.meta.title.as_deref(), split.body),
            markers: interop::Markers::of(split.body),
            entry: SourceEntry {
                rel: rel.into(),
                abs: rel.into(),
                kind,
            },
            meta: split.meta,
            body: split.body.into(),
            body_line: split.body_line,
            digest: 0,
            problems: split.problems,
        }
    }
}

/// Everything read from `content/`, before rendering.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub(crate) pages: Vec<PageSource>,
    pub(crate) checklists: Vec<(SourceEntry, checklist::ChecklistSource)>,
    /// Content-relative paths of every other file.
    pub(crate) assets: Vec<String>,
    /// Content-relative paths of the files `{{#include}}`d by a page (set by
    /// `interop::prepare`): parts of pages, not pages a table of contents must list.
    pub(crate) fragments: std::collections::HashSet<String>,
}

/// One loaded entry.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Page(PageSource),
    Checklist(SourceEntry, checklist::ChecklistSource),
    Asset(String),
}

/// Reads and parses every entry in parallel. Bad files become diagnostics and are left out.
pub(crate) fn load(entries: Vec<SourceEntry>, diags: &mut Diagnostics) -> Loaded {
    use rayon::prelude::*;
    assemble(entries.into_par_iter().map(load_one).collect(), diags)
}

/// Reads and parses one entry (assets are not read). A file that is not valid UTF-8 is
/// reported and read with the bad bytes replaced, so it is still a page or checklist.
pub(crate) fn load_one(entry: SourceEntry) -> Result<Item, Vec<Diagnostic>> {
    let path = crate::url::content_path(&entry.rel);
    if entry.kind == EntryKind::Asset {
        return Ok(Item::Asset(entry.rel));
    }
    let (text, not_utf8) = read_text(&entry.abs, &path).map_err(|d| vec![d])?;
    let stem = chapter::stem(entry.file_name()).to_string();
    // All a source is made from, for the build cache to file it under (`pipeline/files.rs`).
    let digest = |kind: EntryKind| {
        use std::hash::{Hash, Hasher};
        let mut h = crate::hash::key_hasher();
        (kind, &text).hash(&mut h);
        h.finish()
    };
    let item = match entry.kind {
        EntryKind::Checklist => {
            let c = checklist::ChecklistSource {
                digest: digest(EntryKind::Checklist),
                ..if entry.rel.ends_with(".toml") {
                    checklist::parse(&text, &path, &stem)
                } else {
                    checklist::parse_markdown(&text, &path, &stem)
                }
            };
            Item::Checklist(entry, c)
        }
        _ => {
            let split = frontmatter::split(&text, &path);
            if split.meta.checklist && entry.kind == EntryKind::Chapter {
                // Any page can be a checklist in Markdown: `checklist = true`.
                let c = checklist::ChecklistSource {
                    digest: digest(EntryKind::Checklist),
                    ..checklist::parse_markdown(&text, &path, &stem)
                };
                let entry = SourceEntry {
                    kind: EntryKind::Checklist,
                    ..entry
                };
                return Ok(with_utf8_problem(Item::Checklist(entry, c), not_utf8));
            }
            let frontmatter::Split {
                meta,
                body,
                body_line,
                problems,
            } = split;
            let digest = digest(entry.kind);
            // The body is the end of the file's text: a view of it rather than a copy (a big
            // site's sources are tens of MB).
            let suffix = (text.len().checked_sub(body.len()))
                .filter(|&at| text.as_bytes()[at..].as_ptr() == body.as_ptr());
            let body = match suffix {
                Some(at) => crate::shared::SharedStr::from(text).tail(at),
                None => body.into(),
            };
            Item::Page(PageSource {
                content_id: PageSource::fingerprint(meta.title.as_deref(), &body),
                markers: interop::Markers::of(&body),
                entry,
                meta,
                body,
                body_line,
                digest,
                problems,
            })
        }
    };
    Ok(with_utf8_problem(item, not_utf8))
}

/// `item`, with the invalid UTF-8 of its file (if any) as its first problem.
fn with_utf8_problem(mut item: Item, not_utf8: Option<Diagnostic>) -> Item {
    if let Some(d) = not_utf8 {
        match &mut item {
            Item::Checklist(_, c) => c.problems.insert(0, d),
            Item::Page(p) => p.problems.insert(0, d),
            Item::Asset(_) => {}
        }
    }
    item
}

/// Collects loaded entries, in order, into `Loaded`; failures go to `diags`.
pub(crate) fn assemble(
    results: Vec<Result<Item, Vec<Diagnostic>>>,
    diags: &mut Diagnostics,
) -> Loaded {
    let mut loaded = Loaded::default();
    for r in results {
        match r {
            Ok(Item::Page(p)) => {
                diags.extend(p.problems.iter().cloned());
                loaded.pages.push(p);
            }
            Ok(Item::Checklist(e, c)) => {
                diags.extend(c.problems.iter().cloned());
                loaded.checklists.push((e, c));
            }
            Ok(Item::Asset(a)) => loaded.assets.push(a),
            Err(d) => diags.extend(d),
        }
    }
    loaded
}

/// Reads a file as UTF-8: an unreadable file is a diagnostic naming it; invalid UTF-8 is a
/// diagnostic naming the byte, with the text read lossily.
fn read_text(abs: &Path, path: &str) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::error(path, 0, format!("cannot read file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let prefix = String::from_utf8_lossy(valid);
            let (line, col) = crate::diagnostics::line_col(&prefix, prefix.len());
            let d = Diagnostic::error(
                path,
                line,
                format!(
                    "file is not valid UTF-8 (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
            .at_col(col)
            .with_hint(Some("save the file as UTF-8".into()));
            Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(d)))
        }
    }
}
