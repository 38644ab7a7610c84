//! The pipeline's cache of loaded source files, so a rebuild reads only the files that changed
//! (a `stat` tells). A file is reused only when its size, inode and change time are those it
//! had when it was read, and that change time lies clearly before the read; otherwise two
//! saves within one tick of the file system's clock could hide the second (the "racy git"
//! problem). Loaded files are lent to the build and handed back after it (`keep`), so nothing
//! is copied. The build cache keeps the pages and checklists read without a problem (`kept`,
//! `restore`), so that a build in a new process does not read and parse them again either: at
//! 10,000 pages, opening, reading and parsing the sources was a fifth of a warm build. Decides
//! nothing else.
use crate::content::checklist::ChecklistSource;
use crate::content::{self, Item, Loaded, PageSource, SourceEntry};
use crate::diagnostics::Diagnostic;
use crate::hash::FastMap;
use crate::lock;
use rayon::prelude::*;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// Files whose last change is closer than this to the moment they were read are read again.
const SETTLE: Duration = Duration::from_millis(100);

/// Up to this many changed files are read by the thread that builds the model, not the pool.
const READ_HERE: usize = 8;

/// What `stat` says about a file; any change to its bytes changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
struct Stamp {
    len: u64,
    inode: u64,
    /// The later of the change and modification times.
    changed: SystemTime,
}

impl Stamp {
    fn of(path: &std::path::Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            let ctime = u64::try_from(meta.ctime()).ok().map(|s| {
                SystemTime::UNIX_EPOCH
                    + Duration::new(s, meta.ctime_nsec().clamp(0, 999_999_999) as u32)
            });
            (meta.ino(), ctime.map_or(modified, |c| c.max(modified)))
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, modified);
        Some(Stamp {
            len: meta.len(),
            inode,
            changed,
        })
    }
}

/// The entries of the content folder, each with what `stat` says of it (assets aside: they
/// are not read). Taken on the cores the build cache's loading leaves free (`Pipeline::with`).
pub(super) struct Stamped(Vec<(SourceEntry, Option<Stamp>)>);

impl Stamped {
    pub(super) fn of(entries: Vec<SourceEntry>) -> Stamped {
        let stamped = entries
            .into_par_iter()
            .map(|e| {
                let stamp = match e.kind {
                    content::EntryKind::Asset => None,
                    _ => Stamp::of(&e.abs),
                };
                (e, stamp)
            })
            .collect();
        Stamped(stamped)
    }

    pub(super) fn entries(self) -> Vec<SourceEntry> {
        self.0.into_iter().map(|(e, _)| e).collect()
    }
}

/// When a file was read, and what it looked like then.
#[derive(Debug, Clone, Copy, Hash, serde::Serialize, serde::Deserialize)]
pub(super) struct Read {
    stamp: Stamp,
    at: SystemTime,
}

impl Read {
    /// The file had not changed for a while when it was read: a later read finding the same
    /// stamp finds the same bytes.
    fn settled(&self) -> bool {
        self.stamp.changed + SETTLE < self.at
    }
}

/// One entry loaded, or why not.
type Loading = Result<Item, Vec<Diagnostic>>;

/// The pages read without a problem, by content-relative path, each with its digest (of its
/// file's text and kind): what the build cache keeps of the sources, in its shards. A page's
/// entry changes only with those, so reading the files again (a fresh checkout: every stamp
/// is new) rewrites no shard.
pub(super) type KeptPages = FastMap<String, (u64, Arc<PageSource>)>;

/// The checklists read without a problem, by content-relative path, each with its digest
/// (of its file's text): kept like the pages (parsing and checking them again was a
/// twentieth of a warm build at 200 checklists).
type KeptChecklists = FastMap<String, (u64, Arc<(SourceEntry, ChecklistSource)>)>;

/// The sources the build cache keeps in its shards.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Kept {
    pages: KeptPages,
    checklists: KeptChecklists,
}

impl crate::hash::Sharded for Kept {
    fn fingerprints(&self, of: usize) -> Vec<u64> {
        let checklists = self.checklists.fingerprints(of);
        (self.pages.fingerprints(of).into_iter().zip(checklists))
            .map(|(pages, checklists)| pages.wrapping_add(checklists.rotate_left(1)))
            .collect()
    }

    fn parts(&self, of: usize, wanted: &[bool]) -> Vec<Self> {
        let checklists = self.checklists.parts(of, wanted);
        (self.pages.parts(of, wanted).into_iter().zip(checklists))
            .map(|(pages, checklists)| Kept { pages, checklists })
            .collect()
    }

    fn merge(&mut self, part: Self) {
        self.pages.merge(part.pages);
        self.checklists.merge(part.checklists);
    }
}

/// When and how each kept source was read, by content-relative path: what tells the next
/// build which files it need not read again (kept apart from the sources, in the cache's head).
pub(super) type Reads = FastMap<String, Read>;

/// Loaded files by content-relative path.
#[derive(Default)]
pub(super) struct FileCache {
    reads: Mutex<Reads>,
    /// Pages handed back by `keep`, waiting to be reused (and shared with the build cache
    /// while it saves them).
    pages: Mutex<FastMap<String, Arc<PageSource>>>,
    /// Checklists handed back by `keep`.
    checklists: Mutex<FastMap<String, Item>>,
}

impl FileCache {
    /// Like `content::load`, reusing unchanged files. Files no longer present are forgotten.
    pub(super) fn load(&self, Stamped(stamped): Stamped) -> Vec<Loading> {
        let old_reads = std::mem::take(&mut *lock(&self.reads));
        let mut pages = std::mem::take(&mut *lock(&self.pages));
        let mut checklists = std::mem::take(&mut *lock(&self.checklists));
        let mut reads = Reads::with_capacity_and_hasher(stamped.len(), Default::default());
        // Reuse what is unchanged; the rest is read below, in parallel.
        let planned: Vec<Result<Item, (SourceEntry, Option<Stamp>)>> = stamped
            .into_iter()
            .map(|(entry, stamp)| {
                let reusable = stamp
                    .zip(old_reads.get(&entry.rel))
                    .is_some_and(|(s, r)| r.stamp == s && r.settled());
                let page = pages.remove(&entry.rel);
                let item = (page.map(|p| Item::Page(Arc::unwrap_or_clone(p))))
                    .or_else(|| checklists.remove(&entry.rel));
                match item.filter(|item| reusable && still_reads_as(item, entry.kind)) {
                    Some(item) => {
                        reads.insert(entry.rel.clone(), old_reads[&entry.rel]);
                        Ok(with_entry(item, entry))
                    }
                    None => Err((entry, stamp)),
                }
            })
            .collect();
        let load = |p: Result<Item, (SourceEntry, Option<Stamp>)>| match p {
            Ok(item) => (Ok(item), None),
            Err((entry, stamp)) => {
                let at = SystemTime::now();
                let rel = entry.rel.clone();
                let result = content::load_one(entry);
                let read = stamp
                    .filter(|_| result.is_ok())
                    .map(|stamp| (rel, Read { stamp, at }));
                (result, read)
            }
        };
        // A few files are read on this thread: a warm build reads one or two among 10,000
        // reused entries, which need no trip through the pool (when the output was still
        // vouched for on the pool, an edit waited up to 25 ms there).
        let to_read = planned.iter().filter(|p| p.is_err()).count();
        let results: Vec<(Loading, Option<(String, Read)>)> = if to_read <= READ_HERE {
            planned.into_iter().map(load).collect()
        } else {
            planned.into_par_iter().map(load).collect()
        };
        let items = results
            .into_iter()
            .map(|(result, read)| {
                reads.extend(read);
                result
            })
            .collect();
        *lock(&self.reads) = reads;
        items
    }

    /// Takes back the files of a build once it no longer needs them.
    pub(super) fn keep(&self, loaded: Loaded) {
        let mut pages = lock(&self.pages);
        for page in loaded.pages {
            pages.insert(page.entry.rel.clone(), Arc::new(page));
        }
        let mut checklists = lock(&self.checklists);
        for (entry, list) in loaded.checklists {
            checklists.insert(entry.rel.clone(), Item::Checklist(entry, list));
        }
    }

    /// The sources taken back, read without a problem and settled (others are read again
    /// anyway), and their reads, for the build cache.
    pub(super) fn kept(&self) -> (Kept, Reads) {
        let reads = lock(&self.reads);
        let settled = |path: &String| reads.get(path).filter(|r| r.settled()).copied();
        let pages = lock(&self.pages);
        // Sized at once: growing maps of 10,000 paths rehashes every path several times.
        let mut kept = Kept {
            pages: KeptPages::with_capacity_and_hasher(pages.len(), Default::default()),
            checklists: KeptChecklists::default(),
        };
        let mut kept_reads = Reads::with_capacity_and_hasher(reads.len(), Default::default());
        for (path, page) in pages.iter() {
            if let Some(read) = settled(path).filter(|_| page.problems.is_empty()) {
                kept.pages.insert(path.clone(), (page.digest, page.clone()));
                kept_reads.insert(path.clone(), read);
            }
        }
        for (path, item) in lock(&self.checklists).iter() {
            let Item::Checklist(entry, list) = item else {
                continue;
            };
            if let Some(read) = settled(path).filter(|_| list.problems.is_empty()) {
                let value = Arc::new((entry.clone(), list.clone()));
                kept.checklists.insert(path.clone(), (list.digest, value));
                kept_reads.insert(path.clone(), read);
            }
        }
        (kept, kept_reads)
    }

    /// Starts from the sources the build cache kept: those whose files are as they were read
    /// are not read again (a source without its read is left out: it is read again anyway).
    pub(super) fn restore(&mut self, kept: Kept, mut kept_reads: Reads) {
        let reads = self.reads.get_mut().unwrap_or_else(|e| e.into_inner());
        let pages = self.pages.get_mut().unwrap_or_else(|e| e.into_inner());
        reads.reserve(kept_reads.len());
        pages.reserve(kept.pages.len());
        for (path, (_, page)) in kept.pages {
            let Some(read) = kept_reads.remove(&path) else {
                continue;
            };
            reads.insert(path.clone(), read);
            pages.insert(path, page);
        }
        let checklists = self.checklists.get_mut().unwrap_or_else(|e| e.into_inner());
        for (path, (_, list)) in kept.checklists {
            let Some(read) = kept_reads.remove(&path) else {
                continue;
            };
            let (entry, list) = Arc::unwrap_or_clone(list);
            reads.insert(path.clone(), read);
            checklists.insert(path, Item::Checklist(entry, list));
        }
    }
}

/// Whether a file read as `item` reads the same as an entry of `kind`. A file's kind can change
/// with its siblings only between index and chapter (a `README.md` is a chapter once an
/// `_index.md` comes beside it), and a chapter with `checklist = true` is read as a checklist,
/// an index never.
fn still_reads_as(item: &Item, kind: content::EntryKind) -> bool {
    match item {
        Item::Page(p) => p.entry.kind == kind,
        Item::Checklist(..) => kind != content::EntryKind::Index,
        Item::Asset(_) => kind == content::EntryKind::Asset,
    }
}

/// The cached item, with today's entry (the same kind; its absolute path may differ).
fn with_entry(item: Item, entry: SourceEntry) -> Item {
    match item {
        Item::Page(p) => Item::Page(content::PageSource { entry, ..p }),
        Item::Checklist(_, list) => Item::Checklist(entry, list),
        Item::Asset(a) => Item::Asset(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn entry(dir: &Path, rel: &str) -> SourceEntry {
        SourceEntry {
            rel: rel.into(),
            abs: dir.join(rel),
            kind: content::EntryKind::Chapter,
        }
    }

    /// Loads like the pipeline does: load, assemble, hand back. Returns the body of the page.
    fn cycle(cache: &FileCache, dir: &Path) -> String {
        let mut diags = crate::diagnostics::Diagnostics::default();
        let loaded = content::assemble(
            cache.load(Stamped::of(vec![entry(dir, "a.md")])),
            &mut diags,
        );
        let body = loaded.pages[0].body.to_string();
        cache.keep(loaded);
        body
    }

    fn tmp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("playbook-files-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn rereads_changed_files_even_within_one_clock_tick() {
        let dir = tmp("tick");
        let cache = FileCache::default();
        std::fs::write(dir.join("a.md"), "one\n").unwrap();
        assert_eq!(cycle(&cache, &dir), "one\n");
        // Same length, written right away: the stamp may well be identical.
        std::fs::write(dir.join("a.md"), "two\n").unwrap();
        assert_eq!(cycle(&cache, &dir), "two\n");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn checklists_come_back_from_the_build_cache_and_are_not_read_again() {
        let dir = tmp("checklist");
        let text = "title = \"Launch\"\n\n[[sections]]\ntitle = \"Before\"\n\n[[sections.items]]\nid = \"brief\"\ntext = \"Write the brief\"\ndue = \"week 2\"\n";
        std::fs::write(dir.join("list.toml"), text).unwrap();
        std::thread::sleep(SETTLE * 2);
        let list = SourceEntry {
            kind: content::EntryKind::Checklist,
            ..entry(&dir, "list.toml")
        };
        let first = FileCache::default();
        let mut diags = crate::diagnostics::Diagnostics::default();
        let loaded = content::assemble(first.load(Stamped::of(vec![list.clone()])), &mut diags);
        assert!(diags.is_empty(), "{diags}");
        let parsed = loaded.checklists[0].1.clone();
        first.keep(loaded);
        let (kept, reads) = first.kept();
        let bytes = postcard::to_stdvec(&(&kept, &reads)).unwrap();
        let (kept, reads): (Kept, Reads) = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(kept.checklists.len(), 1);
        let mut next = FileCache::default();
        next.restore(kept, reads);
        let read_at = |c: &FileCache| lock(&c.reads).get("list.toml").map(|r| r.at);
        let before = read_at(&next);
        let loaded = content::assemble(next.load(Stamped::of(vec![list])), &mut diags);
        assert_eq!(read_at(&next), before, "not read again");
        assert_eq!(
            loaded.checklists[0].1, parsed,
            "as parsed, due offset and all"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn reuses_settled_files_and_forgets_deleted_ones() {
        let dir = tmp("settled");
        std::fs::write(dir.join("a.md"), "one\n").unwrap();
        std::thread::sleep(SETTLE * 2);
        let cache = FileCache::default();
        cycle(&cache, &dir);
        let read_at = |c: &FileCache| lock(&c.reads).get("a.md").map(|r| r.at);
        let first = read_at(&cache);
        assert_eq!(cycle(&cache, &dir), "one\n");
        assert_eq!(read_at(&cache), first, "not read again");
        std::fs::write(dir.join("a.md"), "changed\n").unwrap();
        assert_eq!(cycle(&cache, &dir), "changed\n");
        cache.load(Stamped::of(Vec::new()));
        assert!(lock(&cache.reads).is_empty());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
