//! When each file of `content/` last changed, from the git repository the site is in (read
//! with gix, never by running `git`): the date a chapter shows as "Updated" when its front
//! matter gives none. One walk down the first-parent history from `HEAD` dates every file at
//! once: a commit whose `content/` tree equals its parent's is skipped without being opened,
//! and the walk stops as soon as every file asked about has its date. A change that came in
//! through a merge is dated by the merge: when it reached the branch being built.
//!
//! Outside a repository, or with the site's `content/` not committed, there are no dates and
//! nothing is said. The history ends where a shallow clone's does: a file not changed within
//! it stays undated rather than being dated by the clone's oldest commit.
use gix::bstr::ByteSlice;
use gix::diff::tree::{Recorder, State, recorder::Change};
use gix::objs::TreeRefIter;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Last-change dates (`YYYY-MM-DD`, the committer's), by path in `content/` (`01-part/a.md`).
pub(crate) type Dates = HashMap<String, String>;

/// The commit the dates were read at, to tell when they need reading again.
pub(crate) type Head = gix::ObjectId;

/// The repository holding `content`, and the path of `content` in it (`docs/content`).
pub(crate) struct Repo {
    repo: gix::Repository,
    prefix: String,
}

impl Repo {
    /// The repository that `content` (a folder) is committed in, if any.
    pub(crate) fn find(content: &Path) -> Option<Repo> {
        let repo = gix::discover(content).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let rel = content.canonicalize().ok()?;
        let rel = rel.strip_prefix(&workdir).ok()?;
        let prefix = crate::fs::slash_path(rel);
        Some(Repo { repo, prefix })
    }

    /// The commit checked out.
    pub(crate) fn head(&self) -> Option<Head> {
        self.repo.head_id().ok().map(|id| id.detach())
    }

    /// The date of the last commit that changed each of `files` (paths in `content/`), as
    /// far as the history goes; files not in the commit checked out are left out (so the
    /// walk ends once the committed ones are dated).
    pub(crate) fn dates<'a>(&self, files: impl IntoIterator<Item = &'a str>) -> Dates {
        let mut dates = Dates::new();
        let mut diff = Differ::new(&self.repo);
        let Some(mut id) = self.head() else {
            return dates;
        };
        let Some(committed) = self
            .repo
            .find_commit(id)
            .ok()
            .and_then(|c| self.content_tree(&c))
            .and_then(|tree| diff.changed(None, tree))
        else {
            return dates;
        };
        let committed: HashSet<String> = committed.into_iter().collect();
        let mut wanted: HashSet<&str> = files
            .into_iter()
            .filter(|f| committed.contains(*f))
            .collect();
        while !wanted.is_empty() {
            let Ok(commit) = self.repo.find_commit(id) else {
                break; // beyond a shallow clone's history
            };
            let Some(tree) = self.content_tree(&commit) else {
                break; // `content/` is not in this commit, so in no earlier one we follow
            };
            let parent = commit.parent_ids().next().map(|p| p.detach());
            let parent_tree = match parent.map(|p| self.repo.find_commit(p)) {
                None => None,                         // the first commit added all it holds
                Some(Err(_)) => break,                // a shallow clone's oldest commit
                Some(Ok(p)) => self.content_tree(&p), // `None`: `content/` appeared here
            };
            if parent_tree != Some(tree) {
                let day = commit
                    .time()
                    .ok()
                    .and_then(|t| t.format(gix::date::time::format::SHORT).ok());
                for path in diff.changed(parent_tree, tree).unwrap_or_default() {
                    if let (Some(day), Some(path)) = (&day, wanted.take(path.as_str())) {
                        dates.insert(path.to_string(), day.clone());
                    }
                }
            }
            match parent {
                Some(p) => id = p,
                None => break,
            }
        }
        dates
    }

    /// The id of the tree of `content/` in `commit`.
    fn content_tree(&self, commit: &gix::Commit<'_>) -> Option<gix::ObjectId> {
        let tree = commit.tree().ok()?;
        if self.prefix.is_empty() {
            return Some(tree.id);
        }
        let entry = tree.lookup_entry_by_path(&self.prefix).ok()??;
        entry.mode().is_tree().then(|| entry.object_id())
    }
}

/// Tree-to-tree diffs, reusing their buffers.
struct Differ<'r> {
    repo: &'r gix::Repository,
    state: State,
    old: Vec<u8>,
    new: Vec<u8>,
}

impl<'r> Differ<'r> {
    fn new(repo: &'r gix::Repository) -> Self {
        Differ {
            repo,
            state: State::default(),
            old: Vec::new(),
            new: Vec::new(),
        }
    }

    /// The paths (in `content/`) of files added or changed from tree `old` (none: the empty
    /// tree) to tree `new`.
    fn changed(&mut self, old: Option<gix::ObjectId>, new: gix::ObjectId) -> Option<Vec<String>> {
        match old {
            Some(id) => self.old.clone_from(&self.repo.find_tree(id).ok()?.data),
            None => self.old.clear(),
        }
        self.new.clone_from(&self.repo.find_tree(new).ok()?.data);
        let mut recorder = Recorder::default();
        gix::diff::tree(
            TreeRefIter::from_bytes(&self.old, self.repo.object_hash()),
            TreeRefIter::from_bytes(&self.new, self.repo.object_hash()),
            &mut self.state,
            &self.repo.objects,
            &mut recorder,
        )
        .ok()?;
        Some(
            recorder
                .records
                .into_iter()
                .filter_map(|change| match change {
                    Change::Addition {
                        entry_mode, path, ..
                    }
                    | Change::Modification {
                        entry_mode, path, ..
                    } if !entry_mode.is_tree() => path.to_str().ok().map(str::to_string),
                    _ => None,
                })
                .collect(),
        )
    }
}

/// The dates of the last build, kept while `HEAD` and the files asked about stay the same
/// (every rebuild of `serve`).
#[derive(Default)]
pub(crate) struct Cache(Mutex<Option<Read>>);

/// Dates as read: at which commit, of which files.
type Read = (Head, Vec<String>, Arc<Dates>);

impl Cache {
    /// The dates of `files` (sorted paths in `content/`), from the repository holding
    /// `content`; none outside one.
    pub(crate) fn dates(&self, content: &Path, files: Vec<String>) -> Arc<Dates> {
        let Some(repo) = Repo::find(content) else {
            return Arc::default();
        };
        let Some(head) = repo.head() else {
            return Arc::default();
        };
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((h, f, dates)) = cached.as_ref()
            && *h == head
            && *f == files
        {
            return dates.clone();
        }
        let dates = Arc::new(repo.dates(files.iter().map(String::as_str)));
        *cached = Some((head, files, dates.clone()));
        dates
    }
}
