//! File watching for `serve`: notify (native events, or polling with `--poll`) on `content/`,
//! `themes/` and the site root (non-recursively, for `site.toml` saved by rename). Events are
//! classified by path (`classify`, pure) and coalesced into one batch per burst. Says *what*
//! changed; how much to rebuild is `pipeline`'s decision.
use crate::content::is_ignored_name;
use crate::pipeline::ChangeKind;
use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

/// A burst ends after this long without a relevant event while a changed file may still be
/// half written (written to and not closed yet, or deleted, as editors do before writing the
/// new version). Editors that save by writing a temp file and renaming it, and `git
/// checkout`, produce their events well within it.
const QUIET: Duration = Duration::from_millis(12);
/// A burst ends after this long without a relevant event once every changed file is complete
/// (closed after writing, or renamed into place): the save is over, and a rebuild started
/// now sees the finished file. Events of one save arrive microseconds apart.
const SETTLE: Duration = Duration::from_millis(2);
/// A burst never delays a rebuild longer than this.
const MAX_BURST: Duration = Duration::from_millis(1000);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// What the watch loop receives: file-system events, or the request to stop (Ctrl+C).
#[derive(Debug)]
pub(crate) enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// The changes of one burst of events.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Batch {
    /// Sorted, without duplicates.
    pub(crate) kinds: Vec<ChangeKind>,
    /// Changed paths relative to the site root, sorted, without duplicates.
    pub(crate) paths: Vec<String>,
    /// When the burst's first relevant event arrived (for `PLAYBOOK_TIMINGS`).
    pub(crate) first_event: Option<SystemTime>,
}

/// What a changed path means for the site, or `None` when it does not matter (the output
/// directory, hidden files, editor leftovers, anything outside `content/`, `themes/` and
/// `site.toml`).
pub(crate) fn classify(
    root: &Path,
    output_dir: &Path,
    content: &Path,
    path: &Path,
) -> Option<ChangeKind> {
    if path.starts_with(output_dir) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let names: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if names.iter().any(|n| is_ignored_name(n) || n == "..") {
        return None;
    }
    if rel.starts_with(content) {
        return Some(ChangeKind::Content);
    }
    match names.first().map(String::as_str) {
        // An mdBook's `book.toml` is its `site.toml`.
        Some("site.toml" | "book.toml") if names.len() == 1 => Some(ChangeKind::Config),
        Some("themes") => Some(ChangeKind::Theme),
        _ => None,
    }
}

/// Whether the file at an event's `index`th path is complete after it (`Some(true)`: closed
/// after writing, or renamed into place), may be half written (`Some(false)`: written to,
/// created, deleted or renamed away, as editors do before writing the new version), or as it
/// was (`None`: only its metadata changed). A rename seen whole names the old path first.
fn complete_after(kind: &EventKind, index: usize) -> Option<bool> {
    use notify::event::{ModifyKind, RenameMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(true),
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Some(true),
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => Some(index > 0),
        EventKind::Modify(ModifyKind::Metadata(_)) => None,
        _ => Some(false),
    }
}

/// True for events that can change a file: not reads (our own builds read every file).
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The watcher and the channel its events arrive on.
pub(crate) struct Watch {
    watcher: Box<dyn Watcher + Send>,
    rx: Receiver<Msg>,
    root: PathBuf,
    output_dir: PathBuf,
    /// The content folder, relative to the root (`content`, an mdBook's `src`).
    content: PathBuf,
}

impl Watch {
    /// Starts watching. `tx` is also the way to send `Msg::Stop`.
    pub(crate) fn start(
        root: &Path,
        output_dir: &Path,
        content: &Path,
        poll: bool,
        tx: Sender<Msg>,
        rx: Receiver<Msg>,
    ) -> Result<Watch> {
        let handler = move |event: notify::Result<notify::Event>| {
            let _ = tx.send(Msg::Fs(event));
        };
        let watcher: Box<dyn Watcher + Send> = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Box::new(
                notify::PollWatcher::new(handler, config)
                    .context("cannot start the polling file watcher")?,
            )
        } else {
            Box::new(
                notify::recommended_watcher(handler)
                    .context("cannot start the file watcher (try --poll)")?,
            )
        };
        let mut watch = Watch {
            watcher,
            rx,
            root: root.to_path_buf(),
            output_dir: output_dir.to_path_buf(),
            content: content.to_path_buf(),
        };
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch `{}`", root.display()))?;
        for dir in [content, Path::new("themes")] {
            watch.watch_dir(dir)?;
        }
        Ok(watch)
    }

    /// Watches `root/<dir>` recursively if it exists (again, after it was deleted and re-created).
    fn watch_dir(&mut self, dir: &Path) -> Result<()> {
        let path = self.root.join(dir);
        if path.is_dir() {
            self.watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch `{}`", path.display()))?;
        }
        Ok(())
    }

    /// Blocks until something that matters changed, then returns the whole burst as one batch.
    /// `None` when asked to stop.
    pub(crate) fn next_batch(&mut self) -> Option<Batch> {
        let (root, out) = (self.root.clone(), self.output_dir.clone());
        let content = self.content.clone();
        let batch = collect(&self.rx, QUIET, MAX_BURST, |p| {
            classify(&root, &out, &content, p)
                .map(|k| (k, crate::diagnostics::display_path(&root, p)))
        })?;
        for dir in [content.as_path(), Path::new("themes")] {
            if batch.paths.iter().any(|p| Path::new(p) == dir)
                && let Err(e) = self.watch_dir(dir)
            {
                eprintln!("warning: {e:#}");
            }
        }
        Some(batch)
    }
}

/// Waits for the first relevant event, then keeps collecting until `quiet` passes without
/// one (`SETTLE` once every changed file is complete), or `max` since the first. `relevant`
/// maps a path to its kind and display name.
fn collect(
    rx: &Receiver<Msg>,
    quiet: Duration,
    max: Duration,
    relevant: impl Fn(&Path) -> Option<(ChangeKind, String)>,
) -> Option<Batch> {
    let mut burst = Burst::default();
    while burst.batch.kinds.is_empty() {
        burst.add(rx.recv().ok()?, &relevant).ok()?;
    }
    burst.batch.first_event = Some(SystemTime::now());
    let end = Instant::now() + max;
    loop {
        let gap = if burst.unfinished.is_empty() {
            SETTLE
        } else {
            quiet
        };
        let wait = gap.min(end.saturating_duration_since(Instant::now()));
        match rx.recv_timeout(wait) {
            Ok(msg) => burst.add(msg, &relevant).ok()?,
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let mut batch = burst.batch;
    batch.kinds.sort_unstable();
    batch.kinds.dedup();
    batch.paths.sort_unstable();
    batch.paths.dedup();
    Some(batch)
}

/// A burst being collected.
#[derive(Default)]
struct Burst {
    batch: Batch,
    /// Changed paths that may still be half written.
    unfinished: Vec<String>,
}

impl Burst {
    /// Adds an event's relevant paths; `Err` when asked to stop.
    fn add(
        &mut self,
        msg: Msg,
        relevant: impl Fn(&Path) -> Option<(ChangeKind, String)>,
    ) -> Result<(), ()> {
        let event = match msg {
            Msg::Stop => return Err(()),
            Msg::Fs(Err(e)) => {
                eprintln!("warning: file watcher: {e}");
                return Ok(());
            }
            Msg::Fs(Ok(event)) if changes_files(&event.kind) => event,
            Msg::Fs(Ok(_)) => return Ok(()),
        };
        for (i, p) in event.paths.iter().enumerate() {
            let Some((kind, path)) = relevant(p) else {
                continue;
            };
            match complete_after(&event.kind, i) {
                Some(true) => self.unfinished.retain(|p| *p != path),
                Some(false) if !self.unfinished.contains(&path) => {
                    self.unfinished.push(path.clone())
                }
                _ => {}
            }
            self.batch.kinds.push(kind);
            self.batch.paths.push(path);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
